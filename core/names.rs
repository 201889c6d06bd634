//! Names of the crate's fieldless enums: the snake_case strings of the wire format, as `&'static str`.
//!
//! For every public fieldless enum that serializes as a snake_case string ([`Role`], [`PauseKind`],
//! [`Signal`], [`CaseState`], ...), [`names!`] implements
//!
//! - `ALL`: every variant, in declaration order;
//! - `as_str(self) -> &'static str`: the exact serde name, e.g. `PauseKind::ExpertReview.as_str()` is
//!   `"expert_review"`;
//! - [`std::fmt::Display`], writing the same name (padding and alignment are honoured);
//! - [`std::str::FromStr`], reading it back, with [`Error::Invalid`] naming the type, the value and the
//!   accepted names for anything else.
//!
//! So bindings and hosts convert names without a round trip through `serde_json`, and without copies of
//! the variant lists. The names are listed here once per enum; `as_str` matches on every variant, so
//! adding a variant to an enum without naming it here does not compile, and `tests/names.rs` checks that
//! each name equals the serde one.

use crate::calendar::{DeadlineEnd, StartRule};
use crate::clock::{ClockState, PauseKind, Signal, Tick, TimeUnit};
use crate::engine::{CaseState, ClockName, DeemedBecause, InquiryOutcome, Opinion, Rule};
use crate::error::{invalid, Error};
use crate::org::Role;
use crate::policy::{ItemKind, OnTimeout, StandingSystem};

/// For each `Enum { Variant => "name", ... }`: `ALL`, `as_str`, `Display` and `FromStr` (see the module).
macro_rules! names {
    ($($t:ident { $($v:ident => $s:literal),+ $(,)? })+) => {$(
        impl $t {
            #[doc = concat!("Every [`", stringify!($t), "`], in declaration order.")]
            pub const ALL: &'static [$t] = &[$($t::$v),+];

            #[doc = concat!("The snake_case name of this [`", stringify!($t), "`], as serialized (e.g. `\"",
                names!(@first $($s),+), "\"`).")]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($t::$v => $s,)+
                }
            }
        }

        impl std::fmt::Display for $t {
            /// Writes the snake_case name (as [`Self::as_str`]).
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $t {
            type Err = Error;

            /// Reads a snake_case name (as [`Self::as_str`] writes it); exact and case-sensitive.
            ///
            /// # Errors
            ///
            /// [`Error::Invalid`] naming the type and the value, and listing the accepted names.
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($s => Ok($t::$v),)+
                    _ => Err(unknown(stringify!($t), s, $t::ALL.iter().map(|v| v.as_str()))),
                }
            }
        }
    )+};
    (@first $s:literal $(, $rest:literal)*) => { $s };
}

/// The error of a name no variant has; the wording matches serde's, so messages stay the same whether a
/// name is read as part of a document or on its own.
#[cold]
fn unknown<'a>(ty: &str, s: &str, names: impl Iterator<Item = &'a str>) -> Error {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    invalid(
        ty,
        format_args!("{s:?}"),
        format!("unknown variant `{s}`, expected one of {}", names.join(", ")),
    )
}

names! {
    Role {
        WindowClerk => "window_clerk",
        Reviewer => "reviewer",
        ChiefRepresentative => "chief_representative",
        UnitHead => "unit_head",
        Supervisor => "supervisor",
    }
    ItemKind {
        Instant => "instant",
        Pledged => "pledged",
        Joint => "joint",
        Reported => "reported",
    }
    OnTimeout {
        DeemedApproved => "deemed_approved",
        Escalate => "escalate",
        OverdueOnly => "overdue_only",
    }
    StandingSystem {
        PostResponsibility => "post_responsibility",
        ChiefRepresentative => "chief_representative",
        FirstInquiry => "first_inquiry",
        ServicePledge => "service_pledge",
        OneTimeNotification => "one_time_notification",
        TimeLimitedCompletion => "time_limited_completion",
        NegativeReporting => "negative_reporting",
        ResponsibilityTraceBack => "responsibility_trace_back",
        AbPosts => "ab_posts",
        TimeoutDefault => "timeout_default",
        AbsenceDefault => "absence_default",
        EfficiencyComplaint => "efficiency_complaint",
        EfficiencyEvaluation => "efficiency_evaluation",
        DerelictionAccountability => "dereliction_accountability",
    }
    TimeUnit {
        WorkingDays => "working_days",
        NaturalDays => "natural_days",
        WorkingHours => "working_hours",
        NaturalHours => "natural_hours",
    }
    Tick {
        Day => "day",
        Second => "second",
    }
    PauseKind {
        Correction => "correction",
        Hearing => "hearing",
        Tendering => "tendering",
        Auction => "auction",
        Inspection => "inspection",
        Appraisal => "appraisal",
        ExpertReview => "expert_review",
        Other => "other",
    }
    ClockState {
        NotStarted => "not_started",
        Running => "running",
        Paused => "paused",
        Overdue => "overdue",
        CompletedOnTime => "completed_on_time",
        CompletedLate => "completed_late",
    }
    Signal {
        None => "none",
        Reminder => "reminder",
        Yellow => "yellow",
        Red => "red",
    }
    CaseState {
        Received => "received",
        AwaitingCorrection => "awaiting_correction",
        Accepted => "accepted",
        Refused => "refused",
        Approved => "approved",
        Denied => "denied",
        Delivered => "delivered",
        Withdrawn => "withdrawn",
        Terminated => "terminated",
    }
    Opinion {
        Agree => "agree",
        Disagree => "disagree",
        AgreeAndForward => "agree_and_forward",
        Other => "other",
    }
    InquiryOutcome {
        Answered => "answered",
        Handled => "handled",
        Guided => "guided",
    }
    DeemedBecause {
        Silence => "silence",
        Absence => "absence",
        UnreasonedDisagreement => "unreasoned_disagreement",
        UnclearReply => "unclear_reply",
    }
    ClockName {
        Notice => "notice",
        Decision => "decision",
        Step => "step",
        NegativeReport => "negative_report",
        Delivery => "delivery",
        Consult => "consult",
        RatingFollowUp => "rating_follow_up",
        Inquiry => "inquiry",
        Rating => "rating",
    }
    Rule {
        LateOneTimeNotice => "late_one_time_notice",
        RepeatedNotice => "repeated_notice",
        StepOverLimit => "step_over_limit",
        AbBothAbsent => "ab_both_absent",
        LateNegativeReport => "late_negative_report",
        DecisionOverdue => "decision_overdue",
        LateDelivery => "late_delivery",
        LateConsultReply => "late_consult_reply",
        LateRatingFollowUp => "late_rating_follow_up",
        UnansweredInquiry => "unanswered_inquiry",
    }
    StartRule {
        NextDay => "next_day",
        SameDay => "same_day",
    }
    DeadlineEnd {
        EndOfDay => "end_of_day",
        CloseOfOffice => "close_of_office",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_within_each_enum() {
        fn check<T: Copy>(all: &[T], name: fn(T) -> &'static str) {
            let mut names: Vec<_> = all.iter().map(|&v| name(v)).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), all.len());
        }
        check(Role::ALL, Role::as_str);
        check(StandingSystem::ALL, StandingSystem::as_str);
        check(PauseKind::ALL, PauseKind::as_str);
        check(CaseState::ALL, CaseState::as_str);
        check(Rule::ALL, Rule::as_str);
        check(ClockName::ALL, ClockName::as_str);
    }

    #[test]
    fn display_honours_padding() {
        assert_eq!(format!("[{:>9}]", Signal::Red), "[      red]");
        assert_eq!(Signal::Yellow.to_string(), "yellow");
    }
}
