//! The names of the fieldless enums (`as_str`, `Display`, `FromStr`) are exactly their serde names.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::Serialize;
use xiaoneng::{
    CaseState, ClockName, ClockState, DeadlineEnd, DeemedBecause, Error, ErrorCode, InquiryOutcome, ItemKind,
    OnTimeout, Opinion, PauseKind, PriorityThreshold, Role, Rule, Signal, StandingSystem, StartRule, Tick, TimeUnit,
};

/// For every variant: `as_str` is the serde name without quotes, `Display` writes it, `FromStr` and serde
/// read it back to the same variant.
fn check<T>(all: &[T], as_str: fn(T) -> &'static str)
where
    T: Copy + PartialEq + Debug + Display + FromStr<Err = Error> + Serialize + DeserializeOwned,
{
    assert!(!all.is_empty());
    for &v in all {
        let name = as_str(v);
        assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""), "{v:?}");
        assert_eq!(v.to_string(), name, "{v:?}");
        assert_eq!(name.parse::<T>().unwrap(), v, "{name}");
        assert_eq!(serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(), v, "{name}");
    }
}

#[test]
fn every_name_is_the_serde_name_and_round_trips() {
    check(Role::ALL, Role::as_str);
    check(ItemKind::ALL, ItemKind::as_str);
    check(OnTimeout::ALL, OnTimeout::as_str);
    check(PriorityThreshold::ALL, PriorityThreshold::as_str);
    check(StandingSystem::ALL, StandingSystem::as_str);
    check(TimeUnit::ALL, TimeUnit::as_str);
    check(Tick::ALL, Tick::as_str);
    check(PauseKind::ALL, PauseKind::as_str);
    check(ClockState::ALL, ClockState::as_str);
    check(Signal::ALL, Signal::as_str);
    check(CaseState::ALL, CaseState::as_str);
    check(Opinion::ALL, Opinion::as_str);
    check(InquiryOutcome::ALL, InquiryOutcome::as_str);
    check(DeemedBecause::ALL, DeemedBecause::as_str);
    check(ClockName::ALL, ClockName::as_str);
    check(Rule::ALL, Rule::as_str);
    check(StartRule::ALL, StartRule::as_str);
    check(DeadlineEnd::ALL, DeadlineEnd::as_str);
}

#[test]
fn all_lists_the_variants_in_declaration_order() {
    assert_eq!(
        Signal::ALL,
        [Signal::None, Signal::Reminder, Signal::Yellow, Signal::Red]
    );
    assert_eq!(StartRule::ALL, [StartRule::NextDay, StartRule::SameDay]);
    assert_eq!(PauseKind::ExpertReview.as_str(), "expert_review");
}

#[test]
fn an_unknown_name_is_invalid_input_naming_type_value_and_the_accepted_names() {
    let e = "boss".parse::<Role>().unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let Error::Invalid(xiaoneng::FieldError { field, value, reason }) = &e else {
        panic!("expected Error::Invalid, got {e:?}");
    };
    assert_eq!(field, "Role");
    assert_eq!(value, "\"boss\"");
    assert_eq!(
        e.to_string(),
        "invalid `Role` = \"boss\": unknown variant `boss`, expected one of `window_clerk`, `reviewer`, \
         `chief_representative`, `unit_head`, `supervisor`"
    );
    // The same words as serde's, for a name read inside a document.
    let serde = serde_json::from_str::<Role>("\"boss\"").unwrap_err().to_string();
    assert!(serde.starts_with(reason.as_str()), "{serde} / {reason}");

    // Exact and case-sensitive; the empty name is shown quoted.
    assert!("Reviewer".parse::<Role>().is_err());
    assert!(" reviewer".parse::<Role>().is_err());
    let e = "".parse::<PauseKind>().unwrap_err().to_string();
    assert!(e.starts_with("invalid `PauseKind` = \"\": unknown variant ``"), "{e}");
}
