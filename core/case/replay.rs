//! A case's log read back (replay and restore trust nothing): the command an event with an actor came
//! from, so that replay checks the event by deciding that command again with the live rules
//! ([`super::decide`]), and the least number of events a case's state implies, which a snapshot's
//! sequence number may not be behind.

use chrono::{DateTime, Utc};

use super::command::*;
use super::{Case, CaseState};
use crate::event::{DeemedBecause, EventKind, Opinion, Rule};

/// The command whose events start with `event` (by `actor`, whose buffer it takes, at `at`), rebuilt from the event; `next` is the
/// event after it when it has the same case, actor and instant (a command's events are logged together).
/// `None` when no command yields `event` first (a timer's event, or one a command yields only after
/// another: a repeated notice's violation follows the notice).
///
/// The event carries every field of its command that decides what the command yields, so deciding the
/// rebuilt command on the case as the log left it yields the event again exactly when the rules allow it.
/// The command's `case` is left empty: the rules read the case decided on (or, for `receive`, the number
/// given beside the command), never the command's own number, and replay saves an allocation per event.
pub(crate) fn command_of(
    at: DateTime<Utc>,
    actor: String,
    event: &EventKind,
    next: Option<&EventKind>,
) -> Option<CaseCommand> {
    let case = String::new();
    Some(match event {
        EventKind::Received {
            item,
            applicant,
            materials,
        } => Receive {
            case,
            at,
            actor,
            item: item.clone(),
            applicant: applicant.clone(),
            materials: materials.clone(),
            renewal_of_expiry: match next {
                Some(EventKind::RenewalOf { expiry, .. }) => Some(*expiry),
                _ => None,
            },
        }
        .into(),
        EventKind::CorrectionsNotified { missing } => NotifyCorrections {
            case,
            at,
            actor,
            missing: missing.clone(),
        }
        .into(),
        EventKind::CorrectionsSubmitted { materials } => SubmitCorrections {
            case,
            at,
            actor,
            materials: materials.clone(),
        }
        .into(),
        EventKind::Accepted { deemed: false, .. } => Accept { case, at, actor }.into(),
        EventKind::Refused {
            reasons,
            legal_basis,
            remedies,
        } => Refuse {
            case,
            at,
            actor,
            reasons: reasons.clone(),
            legal_basis: legal_basis.clone(),
            remedies: remedies.clone(),
        }
        .into(),
        EventKind::NegativeReported { superior } => ReportNegative {
            case,
            at,
            actor,
            superior: superior.clone(),
        }
        .into(),
        EventKind::StepCompleted { .. } => CompleteStep { case, at, actor }.into(),
        EventKind::Paused { kind, notice } => Pause {
            case,
            at,
            actor,
            kind: *kind,
            notice: notice.clone(),
        }
        .into(),
        EventKind::Resumed => Resume { case, at, actor }.into(),
        EventKind::Extended { amount, reason } => Extend {
            case,
            at,
            actor,
            amount: *amount,
            reason: reason.clone(),
        }
        .into(),
        EventKind::Decided {
            approve,
            deemed: false,
            reasons,
            legal_basis,
            remedies,
        } => Decide {
            case,
            at,
            actor,
            approve: *approve,
            reasons: reasons.clone(),
            legal_basis: legal_basis.clone(),
            remedies: remedies.clone(),
        }
        .into(),
        EventKind::Delivered => Deliver { case, at, actor }.into(),
        EventKind::Withdrawn => Withdraw { case, at, actor }.into(),
        EventKind::Terminated { reason } => Terminate {
            case,
            at,
            actor,
            reason: reason.clone(),
        }
        .into(),
        EventKind::JointOpinion {
            unit,
            opinion,
            reasons,
            deemed,
        } => {
            // The reply as given: a counted agreement deemed from an unclear reply or an unreasoned
            // disagreement was given as that.
            let given = match deemed {
                None => *opinion,
                Some(DeemedBecause::UnreasonedDisagreement) => Opinion::Disagree,
                Some(DeemedBecause::UnclearReply) => Opinion::Other,
                Some(DeemedBecause::Absence) => {
                    return Some(
                        JointAbsence {
                            case,
                            at,
                            actor,
                            unit: unit.clone(),
                            excused: false,
                        }
                        .into(),
                    )
                }
                // Silence is deemed by the consult limit's timer, never by a command.
                Some(DeemedBecause::Silence) => return None,
            };
            JointReply {
                case,
                at,
                actor,
                unit: unit.clone(),
                opinion: given,
                reasons: reasons.clone(),
            }
            .into()
        }
        EventKind::Rated {
            level,
            real_name,
            deemed: false,
            comment,
        } => Rate {
            case,
            at,
            actor,
            level: *level,
            real_name: *real_name,
            comment: comment.clone(),
        }
        .into(),
        EventKind::RatingFollowedUp { result } => FollowUpRating {
            case,
            at,
            actor,
            result: result.clone(),
        }
        .into(),
        EventKind::HearingRightNotified { notice } => NotifyHearingRight {
            case,
            at,
            actor,
            notice: notice.clone(),
        }
        .into(),
        EventKind::HearingRequested => RequestHearing { case, at, actor }.into(),
        EventKind::HearingHeld => HoldHearing { case, at, actor }.into(),
        // The violations a command yields before its own event (the A/B gap a unit head covered, a hearing
        // held late) or instead of one (an unexcused absence without absence default).
        EventKind::Violation { rule, unit, .. } => match (rule, next) {
            (Rule::AbBothAbsent, Some(EventKind::StepCompleted { .. })) => CompleteStep { case, at, actor }.into(),
            (Rule::LateHearing, Some(EventKind::HearingHeld)) => HoldHearing { case, at, actor }.into(),
            (Rule::UnexcusedAbsence, _) => JointAbsence {
                case,
                at,
                actor,
                unit: unit.clone()?,
                excused: false,
            }
            .into(),
            _ => return None,
        },
        _ => return None,
    })
}

impl Case {
    /// The least number of events that bring a case into its state: each counted fact is recorded by an
    /// event of its own (receipt, each notice, acceptance, each completed step, each extension, each
    /// opinion, each violation, the decision and the closing, a report, a rating and its follow-up, the
    /// hearing's notice and request, a raised signal, an escalation). A snapshot whose sequence number is
    /// smaller was not written by an engine that recorded them.
    pub(crate) fn least_events(&self) -> u64 {
        let count = |b: bool| u64::from(b);
        let completed = |c: Option<&crate::clock::Clock>| count(c.is_some_and(|c| c.completed_at().is_some()));
        let outcome = match self.state {
            CaseState::Received | CaseState::AwaitingCorrection | CaseState::Accepted => 0,
            // Decided, then delivered.
            CaseState::Delivered => 2,
            CaseState::Refused
            | CaseState::Approved
            | CaseState::Denied
            | CaseState::Withdrawn
            | CaseState::Terminated => 1,
        };
        1 + count(self.renewal_of().is_some())
            + u64::from(self.notices)
            + count(self.decision.is_some())
            + u64::from(self.step)
            + self.decision.as_ref().map_or(0, |c| c.extensions().len() as u64)
            + self.joint().iter().filter(|p| p.opinion.is_some()).count() as u64
            + self.violations().len() as u64
            + outcome
            + completed(self.negative_report())
            + count(self.rating().is_some())
            + completed(self.rating_follow_up())
            + count(self.hearing_request().is_some())
            + count(self.hearing().is_some())
            + count(self.signal != crate::clock::Signal::None)
            + count(self.escalated)
    }
}
