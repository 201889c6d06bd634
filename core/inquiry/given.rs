//! Given / when / then for the first inquiry: events given, a command, the events or the error expected.

use super::command::InquiryCommand;
use super::Inquiry;
use crate::context::fixture::{instant, Fixture, Then};
use crate::event::EventKind;

/// An inquiry `Q1` built from given events (the first records it).
pub(crate) struct Given<'a> {
    fixture: &'a Fixture,
    /// The inquiry.
    pub(crate) inquiry: Inquiry,
}

/// Given these events (instant, event) on inquiry `Q1`.
pub(crate) fn given<'a>(fixture: &'a Fixture, events: &[(&str, EventKind)]) -> Given<'a> {
    let mut inquiry: Option<Inquiry> = None;
    for (at, event) in events {
        let at = instant(at);
        let q = match inquiry.as_mut() {
            Some(q) => q,
            None => match event {
                EventKind::InquiryRecorded {
                    person,
                    topic,
                    responsible,
                } => inquiry.insert(Inquiry::recorded(
                    "Q1",
                    at,
                    person,
                    topic,
                    responsible,
                    &fixture.rules.inquiry,
                )),
                other => panic!("an inquiry starts with `inquiry_recorded`, not {other:?}"),
            },
        };
        q.apply(at, event).expect("given events apply");
    }
    Given {
        fixture,
        inquiry: inquiry.expect("at least one given event"),
    }
}

impl Given<'_> {
    /// When this command: what `decide` answers.
    pub(crate) fn when(&self, command: impl Into<InquiryCommand>) -> Then {
        Then(super::decide(&self.inquiry, &command.into(), &self.fixture.cx()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::event::InquiryOutcome;
    use crate::inquiry::command::AnswerInquiry;
    use crate::inquiry::transitions::{allowed, InquiryState};

    fn recorded() -> (&'static str, EventKind) {
        (
            "2026-09-28T09:00:00+08:00",
            EventKind::InquiryRecorded {
                person: "张先生".into(),
                topic: "食品经营许可".into(),
                responsible: "s-head".into(),
            },
        )
    }

    fn answer(actor: &str) -> AnswerInquiry {
        AnswerInquiry {
            case: "Q1".into(),
            at: instant("2026-09-28T10:00:00+08:00"),
            actor: actor.into(),
            outcome: InquiryOutcome::Answered,
            guided_to: String::new(),
        }
    }

    #[test]
    fn the_responsible_staff_member_answers() {
        let f = Fixture::county();
        given(&f, &[recorded()])
            .when(answer("s-head"))
            .then(&[EventKind::InquiryAnswered {
                outcome: InquiryOutcome::Answered,
                guided_to: String::new(),
            }]);
    }

    #[test]
    fn only_the_responsible_staff_member_answers() {
        let f = Fixture::county();
        given(&f, &[recorded()])
            .when(answer("s-clerk"))
            .then_error(ErrorCode::Forbidden, "actor");
    }

    #[test]
    fn a_staff_member_of_another_unit_with_the_same_role_may_not_answer() {
        // First inquiry binds a person, not a unit: the unit head of fire is not the responsible unit head.
        let f = Fixture::county();
        let then = given(&f, &[recorded()]).when(answer("s-fire-head"));
        then.then_forbidden("s-fire-head", "`s-head` is responsible");
    }

    #[test]
    fn any_staff_member_of_any_unit_records_the_inquiry_asked_of_them() {
        use crate::inquiry::command::RecordInquiry;
        let f = Fixture::county();
        let record = |actor: &str| RecordInquiry {
            case: "Q1".into(),
            at: instant("2026-09-28T09:00:00+08:00"),
            actor: actor.into(),
            person: "张先生".into(),
            topic: "消防验收要求".into(),
            also_asked: vec![],
        };
        for actor in ["s-clerk", "s-fire", "s-hall", "s-sup"] {
            let then = Then(crate::inquiry::create("Q1", &record(actor).into(), &f.cx()));
            assert!(
                matches!(&then.then_ok()[0], EventKind::InquiryRecorded { responsible, .. } if responsible == actor),
                "{then:?}"
            );
        }
        Then(crate::inquiry::create("Q1", &record("ghost").into(), &f.cx())).then_error(ErrorCode::NotFound, "actor");
    }

    /// Transition coverage: `answer_inquiry` in both states; `record_inquiry` creates and is refused on an
    /// existing inquiry in every state.
    #[test]
    fn every_state_and_command_pair_follows_the_table() {
        let f = Fixture::county();
        let answered = (
            "2026-09-28T09:30:00+08:00",
            EventKind::InquiryAnswered {
                outcome: InquiryOutcome::Handled,
                guided_to: String::new(),
            },
        );
        for (events, state) in [
            (vec![recorded()], InquiryState::Open),
            (vec![recorded(), answered], InquiryState::DealtWith),
        ] {
            let g = given(&f, &events);
            assert_eq!(g.inquiry.state(), state);
            let result = g.when(answer("s-head")).0;
            let refused = matches!(&result, Err(e) if e.code() == ErrorCode::InvalidState && e.field() == Some("type"));
            assert_eq!(
                refused,
                !allowed(state, "answer_inquiry"),
                "{state} × answer_inquiry: {result:?}"
            );
            assert!(!allowed(state, "record_inquiry"));
        }
    }
}
