//! The case's transition table: in which states each command is allowed. Declared once; `decide` checks
//! it first, `tests/transitions.rs` walks every (state, command) pair, and docs/commands.md's table is
//! generated from it (and checked for freshness).

use super::CaseState::{self, *};
use crate::error::{not_allowed, Result};

/// Every command on an existing case with the states that allow it. `receive` creates a case and is
/// allowed in none (a case with its number exists). Other conditions (a paused clock, a pending party,
/// an open report) are checked by `decide` after the table.
pub(crate) const TABLE: &[(&str, &[CaseState])] = &[
    ("receive", &[]),
    ("notify_corrections", &[Received]),
    ("submit_corrections", &[AwaitingCorrection]),
    ("accept", &[Received]),
    ("refuse", &[Received, AwaitingCorrection]),
    ("report_negative", &[Refused, Denied]),
    ("complete_step", &[Accepted]),
    ("pause", &[Accepted]),
    ("resume", &[Accepted]),
    ("extend", &[Accepted]),
    ("decide", &[Accepted]),
    ("deliver", &[Approved]),
    ("joint_reply", &[Accepted]),
    ("joint_absence", &[Accepted]),
    ("rate", &[Refused, Denied, Delivered, Terminated]),
    ("follow_up_rating", &[Refused, Denied, Delivered, Terminated]),
    ("terminate", &[Received, AwaitingCorrection, Accepted]),
    ("withdraw", &[Received, AwaitingCorrection, Accepted]),
    ("notify_hearing_right", &[Accepted]),
    ("request_hearing", &[Accepted]),
    ("hold_hearing", &[Accepted]),
];

/// Whether `command` is allowed in `state` by the table.
pub(crate) fn allowed(state: CaseState, command: &str) -> bool {
    TABLE
        .iter()
        .any(|(name, states)| *name == command && states.contains(&state))
}

/// [`allowed`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: CaseState, command: &str) -> Result<()> {
    if allowed(state, command) {
        return Ok(());
    }
    Err(not_allowed(
        "type",
        command,
        format!("not allowed while the case is {state} ({})", state.label_zh()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::command::*;
    use crate::case::given::{instant, Fixture};
    use crate::error::ErrorCode;
    use crate::event::{EventKind, Opinion};

    /// Events that bring case `C1` (item `330100-FOOD-001`) into `state`.
    fn reach(state: CaseState) -> Vec<(&'static str, Option<&'static str>, EventKind)> {
        let t = "2026-09-28T09:00:00+08:00";
        let clerk = Some("s-clerk");
        let mut events = vec![(
            t,
            clerk,
            EventKind::Received {
                item: "330100-FOOD-001".into(),
                applicant: "张三".into(),
                materials: vec![],
            },
        )];
        let accepted = EventKind::Accepted {
            effective: instant(t),
            deemed: false,
        };
        let decided = |approve: bool| EventKind::Decided {
            approve,
            deemed: false,
            reasons: "r".into(),
            legal_basis: "b".into(),
            remedies: "m".into(),
        };
        let more: Vec<EventKind> = match state {
            Received => vec![],
            AwaitingCorrection => vec![EventKind::CorrectionsNotified {
                missing: vec!["营业执照".into()],
            }],
            Accepted => vec![accepted],
            Refused => vec![EventKind::Refused {
                reasons: "r".into(),
                legal_basis: "b".into(),
                remedies: "m".into(),
            }],
            Approved => vec![accepted, decided(true)],
            Denied => vec![accepted, decided(false)],
            Delivered => vec![accepted, decided(true), EventKind::Delivered],
            Withdrawn => vec![EventKind::Withdrawn],
            Terminated => vec![EventKind::Terminated { reason: "r".into() }],
        };
        events.extend(more.into_iter().map(|e| (t, clerk, e)));
        events
    }

    /// A plausible command of each kind, by the unit head of the case's unit (or the applicant, for
    /// ratings), at a later instant.
    fn command(name: &str) -> CaseCommand {
        let (case, at) = ("C1".to_string(), instant("2026-09-29T10:00:00+08:00"));
        let actor = "s-head".to_string();
        match name {
            "receive" => Receive {
                case,
                at,
                actor,
                item: "330100-FOOD-001".into(),
                applicant: "张三".into(),
                materials: vec![],
                renewal_of_expiry: None,
            }
            .into(),
            "notify_corrections" => NotifyCorrections {
                case,
                at,
                actor,
                missing: vec!["营业执照".into()],
            }
            .into(),
            "submit_corrections" => SubmitCorrections {
                case,
                at,
                actor,
                materials: vec!["营业执照".into()],
            }
            .into(),
            "accept" => Accept { case, at, actor }.into(),
            "refuse" => Refuse {
                case,
                at,
                actor,
                reasons: "r".into(),
                legal_basis: "b".into(),
                remedies: "m".into(),
            }
            .into(),
            "report_negative" => ReportNegative {
                case,
                at,
                actor,
                superior: "s-head".into(),
            }
            .into(),
            "complete_step" => CompleteStep { case, at, actor }.into(),
            "pause" => Pause {
                case,
                at,
                actor,
                kind: crate::clock::PauseKind::Inspection,
                notice: "n".into(),
            }
            .into(),
            "resume" => Resume { case, at, actor }.into(),
            "extend" => Extend {
                case,
                at,
                actor,
                amount: 5,
                reason: "r".into(),
            }
            .into(),
            "decide" => Decide {
                case,
                at,
                actor,
                approve: false,
                reasons: "r".into(),
                legal_basis: "b".into(),
                remedies: "m".into(),
            }
            .into(),
            "deliver" => Deliver { case, at, actor }.into(),
            "joint_reply" => JointReply {
                case,
                at,
                actor,
                unit: "fire".into(),
                opinion: Opinion::Agree,
                reasons: String::new(),
            }
            .into(),
            "joint_absence" => JointAbsence {
                case,
                at,
                actor,
                unit: "fire".into(),
                excused: false,
            }
            .into(),
            "rate" => Rate {
                case,
                at,
                actor: "张三".into(),
                level: 4,
                real_name: true,
                comment: String::new(),
            }
            .into(),
            "follow_up_rating" => FollowUpRating {
                case,
                at,
                actor,
                result: "r".into(),
            }
            .into(),
            "terminate" => Terminate {
                case,
                at,
                actor,
                reason: "r".into(),
            }
            .into(),
            "withdraw" => Withdraw { case, at, actor }.into(),
            "notify_hearing_right" => NotifyHearingRight {
                case,
                at,
                actor,
                notice: "n".into(),
            }
            .into(),
            "request_hearing" => RequestHearing {
                case,
                at,
                actor: "张三".into(),
            }
            .into(),
            "hold_hearing" => HoldHearing { case, at, actor }.into(),
            other => panic!("no sample of `{other}`"),
        }
    }

    /// Transition coverage: every (state, command) pair. A pair the table refuses is refused with
    /// `InvalidState` naming the command, before any other check; a pair it allows is never refused by
    /// the table (another rule may still refuse it, e.g. a joint reply on an item without joint review).
    #[test]
    fn every_state_and_command_pair_follows_the_table() {
        let f = Fixture::county();
        let mut allowed_pairs = 0;
        for &state in CaseState::ALL {
            let given = f.given(&reach(state));
            assert_eq!(given.case.state, state);
            for &name in CaseCommand::NAMES {
                let result = given.when(command(name)).0;
                let table_refusal = matches!(&result, Err(e)
                    if e.code() == ErrorCode::InvalidState && e.field() == Some("type") && e.value() == Some(name)
                        && e.reason().starts_with("not allowed while the case is"));
                assert_eq!(table_refusal, !allowed(state, name), "{state} × {name}: {result:?}");
                allowed_pairs += usize::from(allowed(state, name));
            }
        }
        assert_eq!(allowed_pairs, TABLE.iter().map(|(_, s)| s.len()).sum::<usize>());
    }

    #[test]
    fn the_table_lists_every_case_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, CaseCommand::NAMES);
    }
}
