//! Hearings (行政许可法 art. 47) and renewals (art. 50) through the engine, against the county preset: one
//! named test per rule (docs/rules.md §3).

mod common;

use common::t;
use xiaoneng::commands;
use xiaoneng::{
    CaseState, Catalog, Command, Document, Engine, ErrorCode, Event, EventKind, Org, PauseKind, Policy, Rule,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const FOOD: &str = "330100-FOOD-001";
const APPLICANT: &str = "某餐饮有限公司";

fn engine() -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn receive(e: &mut Engine, case: &str, at: &str, renewal_of_expiry: Option<&str>) -> Vec<Event> {
    e.execute(Command::from(commands::Receive {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
        item: FOOD.into(),
        applicant: APPLICANT.into(),
        materials: vec!["食品经营许可申请书".into()],
        renewal_of_expiry: renewal_of_expiry.map(t),
    }))
    .unwrap()
}

fn accept(e: &mut Engine, case: &str, at: &str) {
    e.execute(Command::from(commands::Accept {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
    }))
    .unwrap();
}

/// Received Mon Sep 28 2026 09:00, accepted 10:00.
fn accepted(e: &mut Engine, case: &str) {
    receive(e, case, "2026-09-28T09:00:00+08:00", None);
    accept(e, case, "2026-09-28T10:00:00+08:00");
}

fn notify_hearing_right(e: &mut Engine, case: &str, at: &str, actor: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::NotifyHearingRight {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
        notice: "听证权利告知书".into(),
    }))
}

fn request_hearing(e: &mut Engine, case: &str, at: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::RequestHearing {
        case: case.into(),
        at: t(at),
        actor: APPLICANT.into(),
    }))
}

fn hold_hearing(e: &mut Engine, case: &str, at: &str, actor: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::HoldHearing {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
    }))
}

fn decide(e: &mut Engine, case: &str, at: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::Decide {
        case: case.into(),
        at: t(at),
        actor: "s-head".into(),
        approve: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    }))
}

fn complete_steps(e: &mut Engine, case: &str, at: &str) {
    for actor in ["s-clerk", "s-rev", "s-rev"] {
        e.execute(Command::from(commands::CompleteStep {
            case: case.into(),
            at: t(at),
            actor: actor.into(),
        }))
        .unwrap();
    }
}

fn kinds(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.kind.name()).collect()
}

#[test]
fn art47_a_hearing_is_requested_within_5_working_days_of_the_notice() {
    let mut e = engine();
    // Told Tue Sep 29; 5 working days: Sep 30, Oct 8, Oct 9, Sat Oct 10 (makeup workday), Mon Oct 12.
    for case in ["H1", "H2"] {
        accepted(&mut e, case);
        let ev = notify_hearing_right(&mut e, case, "2026-09-29T10:00:00+08:00", "s-rev").unwrap();
        assert_eq!(kinds(&ev), ["hearing_right_notified"]);
    }
    // On the last day: accepted (after a timer's step violation, which the request does not concern).
    let ev = request_hearing(&mut e, "H1", "2026-10-12T16:00:00+08:00").unwrap();
    assert_eq!(kinds(&ev).last(), Some(&"hearing_requested"));
    // The limit passes without a request: the right ends, at the limit.
    let ev = e.advance(t("2026-10-14T00:00:00+08:00"));
    let lapsed: Vec<&Event> = ev.iter().filter(|x| x.kind == EventKind::HearingRightLapsed).collect();
    assert_eq!(lapsed.len(), 1);
    assert_eq!(
        (lapsed[0].case.as_str(), lapsed[0].at),
        ("H2", t("2026-10-13T00:00:00+08:00"))
    );
    // A late request is refused, naming the deadline; nothing changes.
    let before = e.case("H2").unwrap().clone();
    let err = request_hearing(&mut e, "H2", "2026-10-14T09:00:00+08:00").unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::InvalidState, Some("type")));
    assert!(
        err.reason()
            .contains("the right to a hearing ended at 2026-10-13 00:00:00 +08:00"),
        "{err}"
    );
    assert_eq!(e.case("H2").unwrap(), &before);
}

#[test]
fn art47_a_hearing_is_held_within_20_working_days_of_the_request() {
    let mut e = engine();
    for case in ["H1", "H2"] {
        accepted(&mut e, case);
        notify_hearing_right(&mut e, case, "2026-09-29T10:00:00+08:00", "s-rev").unwrap();
        request_hearing(&mut e, case, "2026-10-09T10:00:00+08:00").unwrap();
    }
    // 20 working days from Fri Oct 9 end with Thu Nov 5: held that day, on time.
    let ev = hold_hearing(&mut e, "H1", "2026-11-05T16:00:00+08:00", "s-rev").unwrap();
    assert_eq!(kinds(&ev), ["hearing_held"]);
    // Not held: a late_hearing violation at the limit, once.
    let ev = e.advance(t("2026-11-20T00:00:00+08:00"));
    let late: Vec<&Event> = ev
        .iter()
        .filter(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::LateHearing,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(late.len(), 1, "{ev:?}");
    assert_eq!(
        (late[0].case.as_str(), late[0].at),
        ("H2", t("2026-11-06T00:00:00+08:00"))
    );
    let ev = hold_hearing(&mut e, "H2", "2026-11-20T10:00:00+08:00", "s-rev").unwrap();
    assert_eq!(kinds(&ev), ["hearing_held"]);
    let h2 = e.case("H2").unwrap();
    assert_eq!(
        h2.violations().iter().filter(|v| v.rule == Rule::LateHearing).count(),
        1
    );
    assert_eq!(
        h2.hearing().unwrap().completed_at(),
        Some(t("2026-11-20T10:00:00+08:00"))
    );
}

#[test]
fn art47_hearing_time_is_not_counted_in_the_decision_limit() {
    let mut e = engine();
    accepted(&mut e, "H1");
    notify_hearing_right(&mut e, "H1", "2026-09-29T10:00:00+08:00", "s-rev").unwrap();
    request_hearing(&mut e, "H1", "2026-10-09T10:00:00+08:00").unwrap();
    let decision = e.case("H1").unwrap().decision().unwrap();
    assert!(decision.is_paused());
    // While the hearing is pending the case is paused: no decision yet.
    complete_steps_refused_while_paused(&mut e);
    hold_hearing(&mut e, "H1", "2026-10-20T10:00:00+08:00", "s-rev").unwrap();
    let decision = e.case("H1").unwrap().decision().unwrap();
    let pause = &decision.pauses()[0];
    assert_eq!(
        (pause.kind, pause.start, pause.end),
        (
            PauseKind::Hearing,
            t("2026-10-09T10:00:00+08:00"),
            Some(t("2026-10-20T10:00:00+08:00"))
        )
    );
    assert!(!decision.is_paused());
}

fn complete_steps_refused_while_paused(e: &mut Engine) {
    let err = e
        .execute(Command::from(commands::CompleteStep {
            case: "H1".into(),
            at: t("2026-10-12T10:00:00+08:00"),
            actor: "s-clerk".into(),
        }))
        .unwrap_err();
    assert!(err.reason().contains("paused"), "{err}");
}

#[test]
fn art47_hearing_commands_are_scoped_to_the_cases_unit_and_the_applicant() {
    let mut e = engine();
    accepted(&mut e, "H1");
    let err = notify_hearing_right(&mut e, "H1", "2026-09-29T10:00:00+08:00", "s-fire-head").unwrap_err();
    assert_eq!((err.code(), err.value()), (ErrorCode::Forbidden, Some("s-fire-head")));
    notify_hearing_right(&mut e, "H1", "2026-09-29T10:00:00+08:00", "s-head").unwrap();
    let err = e
        .execute(Command::from(commands::RequestHearing {
            case: "H1".into(),
            at: t("2026-09-30T10:00:00+08:00"),
            actor: "s-clerk".into(),
        }))
        .unwrap_err();
    assert_eq!((err.code(), err.value()), (ErrorCode::Forbidden, Some("s-clerk")));
    request_hearing(&mut e, "H1", "2026-09-30T10:00:00+08:00").unwrap();
    let err = hold_hearing(&mut e, "H1", "2026-10-12T10:00:00+08:00", "s-fire-head").unwrap_err();
    assert_eq!((err.code(), err.value()), (ErrorCode::Forbidden, Some("s-fire-head")));
    hold_hearing(&mut e, "H1", "2026-10-12T10:00:00+08:00", "s-head").unwrap();
}

#[test]
fn art50_a_renewal_applied_for_in_time_is_deemed_granted_at_the_expiry() {
    let mut e = engine();
    // Applied for Sep 28, more than 30 days before the licence expires on Nov 30.
    let ev = receive(
        &mut e,
        "R1",
        "2026-09-28T09:00:00+08:00",
        Some("2026-11-30T00:00:00+08:00"),
    );
    assert_eq!(
        ev[1].kind,
        EventKind::RenewalOf {
            expiry: t("2026-11-30T00:00:00+08:00"),
            in_time: true
        }
    );
    accept(&mut e, "R1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2026-12-10T00:00:00+08:00"));
    // The pledged limit (Oct 16) passing is only overdue; the grant comes at the expiry, not at a limit
    // counted from acceptance.
    let decided: Vec<&Event> = ev
        .iter()
        .filter(|x| matches!(x.kind, EventKind::Decided { .. }))
        .collect();
    assert_eq!(decided.len(), 1, "{ev:?}");
    assert_eq!(decided[0].at, t("2026-11-30T00:00:00+08:00"));
    assert!(matches!(
        decided[0].kind,
        EventKind::Decided {
            approve: true,
            deemed: true,
            ..
        }
    ));
    let r1 = e.case("R1").unwrap();
    assert_eq!((r1.state(), r1.deemed_decision()), (CaseState::Approved, true));
    // A decision after the expiry is refused, naming the expiry.
    let err = decide(&mut e, "R1", "2026-12-10T10:00:00+08:00").unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::InvalidState, Some("type")));
    assert!(
        err.reason()
            .contains("deemed granted at the licence's expiry 2026-11-30 00:00:00 +08:00"),
        "{err}"
    );
}

#[test]
fn art50_a_renewal_deemed_granted_while_paused_for_a_hearing() {
    // The deemed grant at the expiry does not wait for a pending hearing.
    let mut e = engine();
    receive(
        &mut e,
        "R1",
        "2026-09-28T09:00:00+08:00",
        Some("2026-11-30T00:00:00+08:00"),
    );
    accept(&mut e, "R1", "2026-09-28T10:00:00+08:00");
    notify_hearing_right(&mut e, "R1", "2026-09-29T10:00:00+08:00", "s-rev").unwrap();
    request_hearing(&mut e, "R1", "2026-11-20T10:00:00+08:00").unwrap_err();
    request_hearing(&mut e, "R1", "2026-10-09T10:00:00+08:00").unwrap();
    let ev = e.advance(t("2026-12-31T00:00:00+08:00"));
    assert!(ev
        .iter()
        .any(|x| x.at == t("2026-11-30T00:00:00+08:00") && matches!(x.kind, EventKind::Decided { deemed: true, .. })));
    let r1 = e.case("R1").unwrap();
    assert_eq!(r1.state(), CaseState::Approved);
    assert!(r1.hearing().unwrap().completed_at().is_some());
    assert!(!r1.decision().unwrap().is_paused());
}

#[test]
fn art50_a_renewal_applied_for_late_gets_no_deemed_grant() {
    let mut e = engine();
    // Applied for Nov 10, less than 30 days before the Nov 30 expiry: ordinary timing.
    let ev = receive(
        &mut e,
        "R1",
        "2026-11-10T09:00:00+08:00",
        Some("2026-11-30T00:00:00+08:00"),
    );
    assert!(matches!(ev[1].kind, EventKind::RenewalOf { in_time: false, .. }));
    accept(&mut e, "R1", "2026-11-10T10:00:00+08:00");
    let ev = e.advance(t("2026-12-02T00:00:00+08:00"));
    assert!(
        !ev.iter().any(|x| matches!(x.kind, EventKind::Decided { .. })),
        "{ev:?}"
    );
    assert_eq!(e.case("R1").unwrap().state(), CaseState::Accepted);
    // A decision after the expiry is allowed.
    complete_steps(&mut e, "R1", "2026-12-02T10:00:00+08:00");
    let ev = decide(&mut e, "R1", "2026-12-02T11:00:00+08:00").unwrap();
    assert!(ev
        .iter()
        .any(|x| matches!(x.kind, EventKind::Decided { deemed: false, .. })));
}
