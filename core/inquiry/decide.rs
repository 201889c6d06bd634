//! The rules of first inquiry (首问负责制): the first staff member asked records the inquiry; of several
//! asked at once the highest-ranking is responsible; only the responsible one answers, handles or guides.

use super::command::{AnswerInquiry, InquiryCommand, RecordInquiry};
use super::Inquiry;
use crate::context::Cx;
use crate::error::{forbidden, invalid, not_allowed, not_found, Result};
use crate::event::{EventKind, InquiryOutcome};

/// The events of the command that creates an inquiry (`record_inquiry`); the first creates it.
pub(crate) fn create(id: &str, command: &InquiryCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let InquiryCommand::RecordInquiry(RecordInquiry {
        actor,
        person,
        topic,
        also_asked,
        ..
    }) = command
    else {
        return Err(not_found("case", id, "no inquiry has this number"));
    };
    if topic.trim().is_empty() {
        return Err(invalid("topic", "\"\"", "record what the person asked about"));
    }
    // The highest-ranking of those asked at once is responsible; the first asked on a tie.
    let mut responsible = cx.staff(actor)?;
    for (k, other) in also_asked.iter().enumerate() {
        let s = cx
            .org
            .staff(other)
            .ok_or_else(|| not_found(format!("also_asked[{k}]"), other, "no staff member has this id"))?;
        if s.rank > responsible.rank {
            responsible = s;
        }
    }
    Ok(vec![EventKind::InquiryRecorded {
        person: person.clone(),
        topic: topic.clone(),
        responsible: responsible.id.clone(),
    }])
}

/// The events of a command on an existing inquiry.
pub(crate) fn decide(inquiry: &Inquiry, command: &InquiryCommand, _cx: &Cx) -> Result<Vec<EventKind>> {
    super::transitions::check(inquiry.state(), command.name())?;
    match command {
        InquiryCommand::RecordInquiry(_) => Err(not_allowed(
            "case",
            &inquiry.id,
            "`record_inquiry` creates an inquiry, and an inquiry or case with this number exists",
        )),
        InquiryCommand::AnswerInquiry(AnswerInquiry {
            actor,
            outcome,
            guided_to,
            ..
        }) => {
            if inquiry.outcome.is_some() {
                return Err(not_allowed(
                    "type",
                    "answer_inquiry",
                    "the inquiry was already dealt with",
                ));
            }
            if *actor != inquiry.responsible {
                return Err(forbidden(
                    "actor",
                    actor,
                    format!("`{}` is responsible for this inquiry (首问负责)", inquiry.responsible),
                ));
            }
            if *outcome == InquiryOutcome::Guided && guided_to.trim().is_empty() {
                return Err(invalid("guided_to", "\"\"", "say where the person was guided to"));
            }
            Ok(vec![EventKind::InquiryAnswered {
                outcome: *outcome,
                guided_to: guided_to.clone(),
            }])
        }
    }
}
