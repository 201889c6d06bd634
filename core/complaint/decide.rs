//! The rules of efficiency complaints (效能投诉): who registers, accepts, handles, reviews, replies to,
//! calls back and re-checks a complaint, and what each needs. Rules only: nothing changes here.

use super::command::*;
use super::Complaint;
use crate::context::Cx;
use crate::error::{forbidden, invalid, not_allowed, not_found, Result};
use crate::event::{EventKind, Finding, Rule, Tier};
use crate::org::Role;

/// `actor` is a supervisor of the efficiency office (complaints are its business), and not of the
/// respondent unit when `respondent` is given (no one supervises a complaint about their own unit).
fn require_supervisor(cx: &Cx, actor: &str, respondent: Option<&str>) -> Result<()> {
    cx.require_supervisor(actor, respondent, "act on a complaint about it")
}

/// A required text.
fn required(field: &str, text: &str, why: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(invalid(field, "\"\"", why));
    }
    Ok(())
}

/// The events of the command that creates a complaint (`register_complaint`); the first creates it.
/// The original complaint the engine found for the same matter, if any, comes in `cx.repeat_of`.
pub(crate) fn create(id: &str, command: &ComplaintCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let ComplaintCommand::RegisterComplaint(RegisterComplaint {
        actor,
        channel,
        category,
        respondent,
        subject,
        complainant,
        contact,
        ..
    }) = command
    else {
        return Err(not_found("case", id, "no complaint has this number"));
    };
    require_supervisor(cx, actor, Some(respondent))?;
    if cx.org.unit(respondent).is_none() {
        return Err(not_found(
            "respondent",
            respondent,
            "no unit of the organisation has this id",
        ));
    }
    required("subject", subject, "say what the complaint is about")?;
    if let Some(name) = complainant {
        required(
            "complainant",
            name,
            "name the complainant, or leave `complainant` out for an anonymous complaint",
        )?;
    } else if !contact.is_empty() {
        return Err(invalid(
            "contact",
            contact,
            "an anonymous complaint has no contact: name the complainant too",
        ));
    }
    Ok(vec![EventKind::ComplaintRegistered {
        channel: *channel,
        category: *category,
        respondent: respondent.clone(),
        subject: subject.clone(),
        complainant: complainant.as_ref().map(|name| {
            Box::new(crate::event::Complainant {
                name: name.clone(),
                contact: contact.clone(),
            })
        }),
        repeat_of: cx.repeat_of.map(str::to_string),
    }])
}

/// The events of a command on an existing complaint.
pub(crate) fn decide(c: &Complaint, command: &ComplaintCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    super::transitions::check(c.state(), command.name())?;
    let respondent = Some(c.respondent.as_str());
    let handler = c.handler.as_deref().unwrap_or_default();
    // Review, approval of an extension: a supervisor other than the handler.
    let other_than_handler = |actor: &str, what: &str| -> Result<()> {
        require_supervisor(cx, actor, respondent)?;
        if actor == handler {
            return Err(forbidden(
                "actor",
                actor,
                format!("the handler may not {what} (a different person does)"),
            ));
        }
        Ok(())
    };
    match command {
        ComplaintCommand::RegisterComplaint(_) => Err(not_allowed(
            "case",
            &c.id,
            "`register_complaint` creates a complaint, and a record with this number exists",
        )),
        ComplaintCommand::AcceptComplaint(AcceptComplaint {
            actor, tier, handler, ..
        }) => {
            require_supervisor(cx, actor, respondent)?;
            let staff = cx
                .org
                .staff(handler)
                .ok_or_else(|| not_found("handler", handler, "no staff member has this id"))?;
            match tier {
                Tier::Unit if *staff.unit != *c.respondent => {
                    return Err(forbidden(
                        "handler",
                        handler,
                        format!(
                            "a complaint referred to its unit is handled by a staff member of `{}`, not of `{}`",
                            c.respondent, staff.unit
                        ),
                    ));
                }
                Tier::Office if !staff.roles.contains(&Role::Supervisor) || *staff.unit == *c.respondent => {
                    return Err(forbidden(
                        "handler",
                        handler,
                        "a complaint the office handles directly is handled by a supervisor outside the respondent unit",
                    ));
                }
                _ => {}
            }
            Ok(vec![EventKind::ComplaintAccepted {
                tier: *tier,
                handler: handler.clone(),
            }])
        }
        ComplaintCommand::DeclineComplaint(DeclineComplaint { actor, reason, .. }) => {
            require_supervisor(cx, actor, respondent)?;
            required(
                "reason",
                reason,
                "tell the complainant why the complaint is not accepted",
            )?;
            Ok(vec![EventKind::ComplaintDeclined { reason: reason.clone() }])
        }
        ComplaintCommand::ExtendComplaint(ExtendComplaint {
            actor, amount, reason, ..
        }) => {
            other_than_handler(actor, "approve their own extension")?;
            required("reason", reason, "say why handling needs longer")?;
            if *amount == 0 {
                return Err(invalid("amount", amount, "an extension adds at least one unit"));
            }
            // The clock's own rule (once, at most the policy's extension) is checked when it applies.
            Ok(vec![EventKind::ComplaintExtended {
                amount: *amount,
                reason: reason.clone(),
            }])
        }
        ComplaintCommand::HandleComplaint(HandleComplaint {
            actor,
            finding,
            summary,
            responsible,
            ..
        }) => {
            cx.staff(actor)?;
            if actor != handler {
                return Err(forbidden("actor", actor, format!("`{handler}` handles this complaint")));
            }
            required("summary", summary, "say what was found and done")?;
            let responsible = match (finding.holds(), responsible) {
                (true, None) => {
                    return Err(invalid(
                        "responsible",
                        "null",
                        "a substantiated complaint names the staff member responsible",
                    ))
                }
                (true, Some(r)) => {
                    let s = cx
                        .org
                        .staff(r)
                        .ok_or_else(|| not_found("responsible", r, "no staff member has this id"))?;
                    if *s.unit != *c.respondent {
                        return Err(invalid(
                            "responsible",
                            r,
                            format!(
                                "a staff member of the respondent unit `{}`, not of `{}`",
                                c.respondent, s.unit
                            ),
                        ));
                    }
                    Some(r.clone())
                }
                (false, Some(r)) => {
                    return Err(invalid(
                        "responsible",
                        r,
                        "an unsubstantiated complaint names no one responsible",
                    ))
                }
                (false, None) => None,
            };
            Ok(vec![EventKind::ComplaintHandled {
                finding: *finding,
                summary: summary.clone(),
                responsible,
            }])
        }
        ComplaintCommand::CloseComplaint(CloseComplaint { actor, at, .. }) => {
            other_than_handler(actor, "review their own handling")?;
            let mut events = vec![EventKind::ComplaintClosed];
            if c.finding.is_some_and(Finding::holds) && cx.records(Rule::SubstantiatedComplaint) {
                let mut who = cx.accountable(&c.respondent, None, *at);
                who.responsible = c.responsible.clone().or(who.responsible);
                events.push(who.violation(
                    Rule::SubstantiatedComplaint,
                    format!(
                        "complaint about {} ({}) found {}",
                        c.category,
                        c.category.label_zh(),
                        c.finding.map(|f| f.as_str()).unwrap_or_default()
                    ),
                ));
            }
            Ok(events)
        }
        ComplaintCommand::ReturnComplaint(ReturnComplaint {
            actor, reason, amount, ..
        }) => {
            other_than_handler(actor, "review their own handling")?;
            required("reason", reason, "say why the handling is unsatisfactory")?;
            if *amount > crate::MAX_AMOUNT {
                return Err(invalid("amount", amount, format!("at most {}", crate::MAX_AMOUNT)));
            }
            Ok(vec![EventKind::ComplaintReturned {
                reason: reason.clone(),
                limit: crate::clock::Limit {
                    unit: cx.policy.complaints.handling_limit.unit,
                    amount: *amount,
                },
            }])
        }
        ComplaintCommand::ReplyComplaint(ReplyComplaint { actor, reply, .. }) => {
            if actor != handler {
                require_supervisor(cx, actor, respondent)?;
            }
            if c.complainant.is_none() {
                return Err(not_allowed(
                    "type",
                    "reply_complaint",
                    "an anonymous complaint gets no reply",
                ));
            }
            if c.reply.as_ref().is_some_and(|r| r.completed_at().is_some()) {
                return Err(not_allowed(
                    "type",
                    "reply_complaint",
                    "the complainant was replied to already",
                ));
            }
            required("reply", reply, "write the reply")?;
            Ok(vec![EventKind::ComplaintReplied { reply: reply.clone() }])
        }
        ComplaintCommand::CallBackComplaint(CallBackComplaint {
            actor, satisfied, note, ..
        }) => {
            require_supervisor(cx, actor, respondent)?;
            if c.complainant.is_none() {
                return Err(not_allowed(
                    "type",
                    "call_back_complaint",
                    "an anonymous complainant cannot be called back",
                ));
            }
            if !satisfied {
                required("note", note, "record what the complainant is not satisfied with")?;
            }
            Ok(vec![EventKind::ComplaintCalledBack {
                satisfied: *satisfied,
                note: note.clone(),
            }])
        }
        ComplaintCommand::RecheckComplaint(RecheckComplaint { actor, holds, note, .. }) => {
            require_supervisor(cx, actor, respondent)?;
            if !holds {
                required("note", note, "record what no longer holds")?;
            }
            Ok(vec![EventKind::ComplaintRechecked {
                holds: *holds,
                note: note.clone(),
            }])
        }
        ComplaintCommand::MergeComplaint(MergeComplaint { actor, into, .. }) => {
            require_supervisor(cx, actor, respondent)?;
            if *into == c.id {
                return Err(invalid("into", into, "a complaint is not merged into itself"));
            }
            // That `into` is a complaint is checked by the engine, which holds the records.
            Ok(vec![EventKind::ComplaintMerged { into: into.clone() }])
        }
    }
}
