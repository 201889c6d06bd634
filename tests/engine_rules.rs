//! The case-handling rules (docs/rules.md §1, §3-5) through the engine, against the county preset: one named
//! test per rule, plus replay, snapshot and advance invariants.

mod common;

use common::t;
use xiaoneng::commands;
use xiaoneng::{
    Acting, Calendar, CaseState, Catalog, ClockName, Command, Document, Engine, Event, EventKind, Org, PauseKind,
    Policy, Rule, Signal, YearNotice,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const FOOD: &str = "330100-FOOD-001";
const FIRE_CHECK: &str = "330100-BLDG-007";

fn engine() -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn receive(e: &mut Engine, case: &str, item: &str, at: &str) -> Vec<Event> {
    e.execute(Command::from(commands::Receive {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
        item: item.into(),
        applicant: "某餐饮有限公司".into(),
        materials: vec!["食品经营许可申请书".into()],
        renewal_of_expiry: None,
    }))
    .unwrap()
}

fn accept(e: &mut Engine, case: &str, at: &str) -> Vec<Event> {
    e.execute(Command::from(commands::Accept {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
    }))
    .unwrap()
}

fn violations(events: &[Event]) -> Vec<Rule> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Violation { rule, .. } => Some(*rule),
            _ => None,
        })
        .collect()
}

fn notify(e: &mut Engine, case: &str, at: &str, missing: &[&str]) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::NotifyCorrections {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
        missing: missing.iter().map(|s| s.to_string()).collect(),
    }))
}

#[test]
fn art32_one_time_notice_lists_every_missing_item() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    let ev = notify(
        &mut e,
        "C1",
        "2026-09-29T09:00:00+08:00",
        &["营业执照复印件", "设备布局和操作流程文件"],
    )
    .unwrap();
    assert!(matches!(&ev[0].kind, EventKind::CorrectionsNotified { missing } if missing.len() == 2));
    assert_eq!(e.case("C1").unwrap().state(), CaseState::AwaitingCorrection);
    assert!(notify(&mut e, "C1", "2026-09-29T10:00:00+08:00", &[]).is_err());
}

#[test]
fn art32_no_notice_in_time_means_deemed_accepted_from_receipt() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    // 5 working days after Mon Sep 28: Sep 29, 30, Oct 8, 9, 10 (makeup Saturday) -> expires Oct 11 00:00.
    assert!(e.advance(t("2026-10-10T23:00:00+08:00")).is_empty());
    let ev = e.advance(t("2026-10-11T00:00:00+08:00"));
    // Counted from receipt, the first step's 1 working day (Sep 29) had passed too: found and recorded now.
    assert_eq!(violations(&ev), vec![Rule::LateOneTimeNotice, Rule::StepOverLimit]);
    assert!(ev.iter().all(|x| x.at == t("2026-10-11T00:00:00+08:00")));
    assert!(ev.iter().any(|x| matches!(x.kind, EventKind::Accepted { deemed: true, effective } if effective == t("2026-09-28T09:00:00+08:00"))));
    assert_eq!(e.case("C1").unwrap().state(), CaseState::Accepted);
    // The decision clocks count from receipt: pledged 10 working days from Mon Sep 28 are Sep 29, 30,
    // Oct 8, 9, 10 (makeup Saturday), 12, 13, 14, 15, 16.
    let v = e.view("C1", t("2026-10-11T00:00:00+08:00")).unwrap();
    assert_eq!(v.decision.unwrap().deadline_date.to_string(), "2026-10-16");
    // A notice after that is too late to matter: the case is accepted.
    assert!(notify(&mut e, "C1", "2026-10-12T09:00:00+08:00", &["营业执照复印件"]).is_err());
}

#[test]
fn art32_a_second_notice_repeating_an_item_already_notified_is_not_a_violation() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    notify(
        &mut e,
        "C1",
        "2026-09-28T10:00:00+08:00",
        &["营业执照复印件", "设备布局和操作流程文件"],
    )
    .unwrap();
    e.execute(Command::from(commands::SubmitCorrections {
        case: "C1".into(),
        at: t("2026-09-29T09:00:00+08:00"),
        actor: "s-clerk".into(),
        materials: vec!["营业执照复印件".into()],
    }))
    .unwrap();
    // The floor plan is still missing: telling it again repeats the first notice, it adds nothing.
    let ev = notify(&mut e, "C1", "2026-09-29T10:00:00+08:00", &["设备布局和操作流程文件"]).unwrap();
    assert!(violations(&ev).is_empty(), "{ev:?}");
}

#[test]
fn art32_a_late_notice_is_a_violation_only_when_a_notice_was_due() {
    let mut e = engine();
    // Every required material handed in at receipt: nothing to notify; the limit passing still makes the
    // application accepted from receipt, without a late-notice violation.
    e.execute(Command::from(commands::Receive {
        case: "C1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-clerk".into(),
        item: FOOD.into(),
        applicant: "某餐饮有限公司".into(),
        materials: vec![
            "食品经营许可申请书".into(),
            "营业执照复印件".into(),
            "与食品经营相适应的设备布局和操作流程文件".into(),
        ],
        renewal_of_expiry: None,
    }))
    .unwrap();
    receive(&mut e, "C2", FOOD, "2026-09-28T09:00:00+08:00");
    let ev = e.advance(t("2026-10-11T00:00:00+08:00"));
    let of =
        |case: &str| -> Vec<Rule> { violations(&ev.iter().filter(|x| x.case == case).cloned().collect::<Vec<_>>()) };
    // (The first step's limit, counted from the backdated acceptance, is breached on both: that is the
    // step's own rule.)
    assert!(!of("C1").contains(&Rule::LateOneTimeNotice), "{ev:?}");
    assert!(of("C2").contains(&Rule::LateOneTimeNotice), "{ev:?}");
    for case in ["C1", "C2"] {
        assert_eq!(
            e.case(case).unwrap().accepted(),
            Some((t("2026-09-28T09:00:00+08:00"), true))
        );
    }
}

#[test]
fn art32_a_second_notice_adding_items_not_newly_caused_is_a_violation() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    notify(&mut e, "C1", "2026-09-28T10:00:00+08:00", &["营业执照复印件"]).unwrap();
    e.execute(Command::from(commands::SubmitCorrections {
        case: "C1".into(),
        at: t("2026-09-29T09:00:00+08:00"),
        actor: "s-clerk".into(),
        materials: vec!["营业执照复印件".into()],
    }))
    .unwrap();
    // The new copy is illegible (caused by the new material): fine. The floor plan was missing all along: not.
    let ev = notify(
        &mut e,
        "C1",
        "2026-09-29T10:00:00+08:00",
        &["营业执照复印件", "设备布局和操作流程文件"],
    )
    .unwrap();
    assert_eq!(violations(&ev), vec![Rule::RepeatedNotice]);
    let EventKind::Violation {
        detail, responsible, ..
    } = &ev[1].kind
    else {
        panic!()
    };
    assert!(
        detail.contains("设备布局和操作流程文件") && !detail.contains("营业执照复印件"),
        "{detail}"
    );
    assert_eq!(responsible.as_deref(), Some("s-clerk"));
}

#[test]
fn art38_refusal_without_reasons_or_remedies_is_rejected_and_changes_nothing() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    let before = e.clone();
    let err = e
        .execute(Command::from(commands::Refuse {
            case: "C1".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-clerk".into(),
            reasons: "不属于本机关职权范围".into(),
            legal_basis: "《行政许可法》第三十二条".into(),
            remedies: " ".into(),
        }))
        .unwrap_err();
    assert!(err.to_string().contains("remedies"), "{err}");
    assert_eq!(e, before);
}

#[test]
fn negative_decision_is_reported_to_the_superior_within_its_limit_or_it_is_a_violation() {
    // Negative-decision reporting is not among the county's systems: a policy that keeps it
    // (tests/policy_switches.rs: without it, no violation).
    let policy = POLICY.replace("systems = [\n", "systems = [\n    \"negative_reporting\",\n");
    assert_ne!(policy, POLICY);
    let mut e = engine_with(&policy);
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    receive(&mut e, "C2", FOOD, "2026-09-28T09:00:00+08:00");
    for case in ["C1", "C2"] {
        e.execute(Command::from(commands::Refuse {
            case: case.into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-clerk".into(),
            reasons: "不属于本机关职权范围".into(),
            legal_basis: "《行政许可法》第三十二条第一款第二项".into(),
            remedies: "可于六十日内申请行政复议或六个月内提起行政诉讼".into(),
        }))
        .unwrap();
    }
    let report = |case: &str, superior: &str| {
        Command::from(commands::ReportNegative {
            case: case.into(),
            at: t("2026-09-28T15:00:00+08:00"),
            actor: "s-clerk".into(),
            superior: superior.into(),
        })
    };
    assert!(e.execute(report("C1", "s-clerk2")).is_err()); // not a leader
    e.execute(report("C1", "s-head")).unwrap();
    let ev = e.advance(t("2026-10-31T00:00:00+08:00"));
    let of = |case: &str| violations(&ev.iter().filter(|x| x.case == case).cloned().collect::<Vec<_>>());
    assert_eq!(of("C1"), vec![]);
    assert_eq!(of("C2"), vec![Rule::LateNegativeReport]);
}

#[test]
fn acceptance_starts_the_statutory_and_pledged_clocks() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T11:00:00+08:00");
    let v = e.view("C1", t("2026-09-30T11:00:00+08:00")).unwrap();
    let d = v.decision.unwrap();
    assert_eq!(d.deadline_date.to_string(), "2026-10-16"); // pledged 10: Sep 29, 30, Oct 8-10, 12-16
    assert_eq!(d.statutory_deadline_date.to_string(), "2026-10-30"); // statutory 20: ... Oct 19-23, 26-30
    assert_eq!(v.step.as_deref(), Some("受理"));
    assert_eq!(
        v.holder,
        Some(Acting::Holder {
            staff: "s-clerk".into()
        })
    );
}

fn step(e: &mut Engine, case: &str, actor: &str, at: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::CompleteStep {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
    }))
}

/// Completes every remaining procedure step of `case` at `at`, each by its post's acting holder.
fn complete_steps(e: &mut Engine, case: &str, at: &str) {
    while let Some(holder) = e.view(case, t(at)).unwrap().holder {
        step(e, case, holder.staff(), at).unwrap();
    }
}

#[test]
fn ab_step_is_done_by_the_b_holder_while_a_is_away() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-10-09T09:00:00+08:00");
    accept(&mut e, "C1", "2026-10-09T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-10-09T11:00:00+08:00").unwrap();
    // Review post: A (s-rev) is on leave Oct 12-16; B (s-rev2) is away Oct 14-15.
    let err = step(&mut e, "C1", "s-rev", "2026-10-12T10:00:00+08:00").unwrap_err();
    assert!(err.to_string().contains("s-rev2"), "{err}");
    let ev = step(&mut e, "C1", "s-rev2", "2026-10-12T10:00:00+08:00").unwrap();
    assert!(matches!(
        &ev[0].kind,
        EventKind::StepCompleted {
            step: 1,
            by: Acting::Backup { .. }
        }
    ));
    assert!(violations(&ev).is_empty());
}

#[test]
fn ab_both_away_the_unit_head_covers_and_a_violation_is_recorded() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-10-13T09:00:00+08:00");
    accept(&mut e, "C1", "2026-10-13T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-10-13T11:00:00+08:00").unwrap();
    let ev = step(&mut e, "C1", "s-head", "2026-10-14T10:00:00+08:00").unwrap();
    assert_eq!(violations(&ev), vec![Rule::AbBothAbsent]);
    assert!(matches!(
        &ev[1].kind,
        EventKind::StepCompleted {
            by: Acting::UnitHead { .. },
            ..
        }
    ));
}

#[test]
fn a_step_over_its_own_limit_is_a_violation_even_if_the_case_is_not_overdue() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    // Step 1 (受理) has 1 working day: Sep 29 ends at Sep 30 00:00.
    let ev = e.advance(t("2026-09-30T00:00:00+08:00"));
    assert_eq!(violations(&ev), vec![Rule::StepOverLimit]);
    assert_eq!(
        e.view("C1", t("2026-09-30T00:00:00+08:00")).unwrap().signal,
        Signal::None
    );
    // Once, not again; and the next step gets its own clock.
    assert!(violations(&e.advance(t("2026-10-01T00:00:00+08:00"))).is_empty());
    step(&mut e, "C1", "s-clerk", "2026-09-30T09:00:00+08:00").unwrap();
    assert_eq!(
        e.view("C1", t("2026-09-30T09:00:00+08:00")).unwrap().step.as_deref(),
        Some("审查（含现场核查）")
    );
}

#[test]
fn art45_special_procedure_pauses_with_written_notice_and_moves_the_deadline() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-09-28T11:00:00+08:00").unwrap();
    let pause = |kind, notice: &str| {
        Command::from(commands::Pause {
            case: "C1".into(),
            at: t("2026-09-29T10:00:00+08:00"),
            actor: "s-rev".into(),
            kind,
            notice: notice.into(),
        })
    };
    assert!(e.execute(pause(PauseKind::Auction, "拍卖")).is_err()); // not allowed for this item
    assert!(e.execute(pause(PauseKind::Inspection, "")).is_err()); // no written notice
    e.execute(pause(PauseKind::Inspection, "检验检测告知书")).unwrap();
    assert!(step(&mut e, "C1", "s-rev", "2026-09-30T10:00:00+08:00").is_err()); // paused
    e.execute(Command::from(commands::Resume {
        case: "C1".into(),
        at: t("2026-10-09T10:00:00+08:00"),
        actor: "s-rev".into(),
    }))
    .unwrap();
    // Counted: Sep 29 (1). Paused Sep 30 and Oct 8-9 (3 working days). 9 left from Oct 9: Oct 10 ... Oct 21.
    let v = e.view("C1", t("2026-10-09T10:00:00+08:00")).unwrap();
    assert_eq!(v.decision.unwrap().deadline_date.to_string(), "2026-10-21");
}

#[test]
fn art42_extension_by_the_unit_head_once() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    let extend = |actor: &str, at: &str| {
        Command::from(commands::Extend {
            case: "C1".into(),
            at: t(at),
            actor: actor.into(),
            amount: 10,
            reason: "需要现场核查".into(),
        })
    };
    let err = e.execute(extend("s-rev", "2026-10-08T09:00:00+08:00")).unwrap_err();
    assert_eq!(err.code(), xiaoneng::ErrorCode::Forbidden);
    assert!(err.to_string().contains("unit_head"), "{err}");
    e.execute(extend("s-head", "2026-10-08T09:00:00+08:00")).unwrap();
    assert!(e.execute(extend("s-head", "2026-10-09T09:00:00+08:00")).is_err());
    let d = e.view("C1", t("2026-10-08T09:00:00+08:00")).unwrap().decision.unwrap();
    assert_eq!((d.budget, d.extensions), (20, 1));
}

#[test]
fn art42_a_joint_items_extension_is_once_by_at_most_15_approved_by_the_government_head() {
    let mut e = engine();
    receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "J1", "2026-09-28T10:00:00+08:00");
    let extend = |actor: &str, amount: u32, at: &str| {
        Command::from(commands::Extend {
            case: "J1".into(),
            at: t(at),
            actor: actor.into(),
            amount,
            reason: "需组织多部门联合现场踏勘".into(),
        })
    };
    // The head of the case's own unit approves a single-unit item's extension, not a joint item's.
    let err = e
        .execute(extend("s-head", 15, "2026-10-08T09:00:00+08:00"))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (xiaoneng::ErrorCode::Forbidden, Some("actor"))
    );
    assert!(err.to_string().contains("`gov`"), "{err}");
    // More than 15 is beyond the joint rule.
    assert!(e
        .execute(extend("s-gov-head", 16, "2026-10-08T09:00:00+08:00"))
        .is_err());
    e.execute(extend("s-gov-head", 15, "2026-10-08T09:00:00+08:00"))
        .unwrap();
    assert!(e.execute(extend("s-gov-head", 1, "2026-10-09T09:00:00+08:00")).is_err());
    let d = e.view("J1", t("2026-10-08T09:00:00+08:00")).unwrap().decision.unwrap();
    assert_eq!((d.budget, d.extensions), (15 + 15, 1));
    // A single-unit item keeps the single-unit rule: at most 10, approved by the head of its unit.
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    let food = |amount: u32| {
        Command::from(commands::Extend {
            case: "C1".into(),
            at: t("2026-10-08T09:00:00+08:00"),
            actor: "s-head".into(),
            amount,
            reason: "需要现场核查".into(),
        })
    };
    assert!(e.execute(food(11)).is_err());
    e.execute(food(10)).unwrap();
    // The approving unit, when the policy names one, must be a unit of the organisation.
    let policy = POLICY.replace("max_total = 15\n", "max_total = 15\napprover_unit = \"nowhere\"\n");
    assert_ne!(policy, POLICY);
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let err = Engine::new(Policy::from_toml(&policy).unwrap(), org, catalog).unwrap_err();
    assert_eq!(err.field(), Some("extension.joint.approver_unit"));
}

#[test]
fn e_supervision_reminder_yellow_and_red_fire_from_advance_and_show_on_the_board() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    // Pledged deadline Oct 16: reminder from Oct 15, yellow Oct 17 00:00, red after 3 more working days
    // (Oct 19, 20, 21): Oct 22 00:00.
    assert!(e
        .advance(t("2026-10-14T23:00:00+08:00"))
        .iter()
        .all(|x| !matches!(x.kind, EventKind::SignalRaised { .. })));
    let ev = e.advance(t("2026-10-15T12:00:00+08:00"));
    assert!(ev.iter().any(|x| matches!(
        x.kind,
        EventKind::SignalRaised {
            clock: ClockName::Decision,
            signal: Signal::Reminder
        }
    )));
    let board = e.board(t("2026-10-15T12:00:00+08:00")).unwrap();
    assert_eq!((board.len(), board[0].signal), (1, Signal::Reminder));
    let ev = e.advance(t("2026-10-22T00:00:00+08:00"));
    let signals: Vec<Signal> = ev
        .iter()
        .filter_map(|x| match x.kind {
            EventKind::SignalRaised { signal, .. } => Some(signal),
            _ => None,
        })
        .collect();
    assert_eq!(signals, vec![Signal::Yellow, Signal::Red]);
    assert!(violations(&ev).contains(&Rule::DecisionOverdue));
    assert_eq!(e.board(t("2026-10-22T00:00:00+08:00")).unwrap()[0].signal, Signal::Red);
}

#[test]
fn a_yellow_card_precedes_a_red_card_even_when_their_thresholds_coincide() {
    // A policy whose red card comes with no further limit: red and yellow at the same instant.
    let policy = POLICY.replace(
        "red_after = { unit = \"working_days\", amount = 3 }",
        "red_after = { unit = \"working_days\", amount = 0 }",
    );
    assert_ne!(policy, POLICY);
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let mut e = Engine::new(Policy::from_toml(&policy).unwrap(), org, catalog).unwrap();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    e.advance(t("2026-10-16T12:00:00+08:00"));
    // Pledged deadline Oct 16: yellow and red both at Oct 17 00:00.
    let ev = e.advance(t("2026-10-17T00:00:00+08:00"));
    let signals: Vec<(Signal, chrono::DateTime<chrono::Utc>)> = ev
        .iter()
        .filter_map(|x| match x.kind {
            EventKind::SignalRaised { signal, .. } => Some((signal, x.at)),
            _ => None,
        })
        .collect();
    let at = t("2026-10-17T00:00:00+08:00");
    assert_eq!(signals, vec![(Signal::Yellow, at), (Signal::Red, at)]);
    // Each fires once.
    let later = e.advance(t("2026-12-30T00:00:00+08:00"));
    assert!(later.iter().all(|x| !matches!(x.kind, EventKind::SignalRaised { .. })));
}

#[test]
fn timeout_default_a_deemed_approval_also_records_the_missed_limit() {
    let mut e = engine();
    receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "J1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2026-12-01T00:00:00+08:00"));
    let deemed = ev
        .iter()
        .position(|x| matches!(x.kind, EventKind::Decided { deemed: true, .. }))
        .expect("deemed approval");
    let breach = ev
        .iter()
        .position(|x| {
            matches!(
                &x.kind,
                EventKind::Violation {
                    rule: Rule::DecisionOverdue,
                    ..
                }
            )
        })
        .expect("the missed limit is recorded");
    assert!(
        breach < deemed,
        "the breach comes with the deemed approval, before it: {ev:?}"
    );
    assert_eq!(ev[breach].at, ev[deemed].at);
    assert_eq!(e.case("J1").unwrap().state(), CaseState::Approved);
}

#[test]
fn joint_item_is_deemed_approved_when_its_limit_passes() {
    let mut e = engine();
    receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "J1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2026-12-01T00:00:00+08:00"));
    let decided: Vec<&Event> = ev
        .iter()
        .filter(|x| matches!(x.kind, EventKind::Decided { .. }))
        .collect();
    assert_eq!(decided.len(), 1);
    assert!(matches!(
        decided[0].kind,
        EventKind::Decided {
            approve: true,
            deemed: true,
            ..
        }
    ));
    // Deemed at the pledged deadline (15 working days from Sep 28: Oct 23), not when advance ran.
    assert_eq!(decided[0].at, t("2026-10-24T00:00:00+08:00"));
    assert_eq!(e.case("J1").unwrap().state(), CaseState::Approved);
}

#[test]
fn decision_is_delivered_within_its_limit_or_it_is_a_violation() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    complete_steps(&mut e, "C1", "2026-09-29T09:00:00+08:00");
    e.execute(Command::from(commands::Decide {
        case: "C1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: "s-head".into(),
        approve: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    }))
    .unwrap();
    let ev = e.advance(t("2026-11-30T00:00:00+08:00"));
    assert_eq!(violations(&ev), vec![Rule::LateDelivery]);
    e.execute(Command::from(commands::Deliver {
        case: "C1".into(),
        at: t("2026-11-30T09:00:00+08:00"),
        actor: "s-clerk".into(),
    }))
    .unwrap();
    assert_eq!(e.case("C1").unwrap().state(), CaseState::Delivered);
}

#[test]
fn denial_states_reasons_basis_and_remedies() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    complete_steps(&mut e, "C1", "2026-09-29T09:00:00+08:00");
    let deny = |reasons: &str| {
        Command::from(commands::Decide {
            case: "C1".into(),
            at: t("2026-09-29T10:00:00+08:00"),
            actor: "s-head".into(),
            approve: false,
            reasons: reasons.into(),
            legal_basis: "《食品安全法》第三十五条".into(),
            remedies: "可申请行政复议或提起行政诉讼".into(),
        })
    };
    assert!(e.execute(deny("")).unwrap_err().to_string().contains("reasons"));
    let ev = e.execute(deny("经营场所不符合要求")).unwrap();
    assert!(matches!(ev[0].kind, EventKind::Decided { approve: false, .. }));
    assert_eq!(e.case("C1").unwrap().state(), CaseState::Denied);
}

#[test]
fn actors_must_exist_and_hold_the_role() {
    let mut e = engine();
    let before = e.clone();
    let cmd = |actor: &str| {
        Command::from(commands::Receive {
            case: "C1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: actor.into(),
            item: FOOD.into(),
            applicant: "x".into(),
            materials: vec![],
            renewal_of_expiry: None,
        })
    };
    assert!(e.execute(cmd("ghost")).unwrap_err().to_string().contains("actor"));
    assert!(e.execute(cmd("s-rev")).unwrap_err().to_string().contains("roles"));
    assert_eq!(e, before);
    assert!(e
        .execute(Command::from(commands::Receive {
            case: "C1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            item: "NOPE".into(),
            applicant: "x".into(),
            materials: vec![],
            renewal_of_expiry: None,
        }))
        .unwrap_err()
        .to_string()
        .contains("item"));
}

#[test]
fn withdrawal_closes_the_case_and_stops_its_timers() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    e.execute(Command::from(commands::Withdraw {
        case: "C1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: "s-clerk".into(),
    }))
    .unwrap();
    assert_eq!(e.case("C1").unwrap().state(), CaseState::Withdrawn);
    assert!(e.advance(t("2026-12-31T00:00:00+08:00")).is_empty());
    assert_eq!(e.next_timer(), None);
}

/// A day of a portal: several cases, commands and advances.
fn scenario() -> (Engine, Vec<Event>) {
    let mut e = engine();
    let mut log = Vec::new();
    log.extend(receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00"));
    log.extend(receive(&mut e, "C2", FOOD, "2026-09-28T09:30:00+08:00"));
    log.extend(receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T10:00:00+08:00"));
    log.extend(notify(&mut e, "C2", "2026-09-28T11:00:00+08:00", &["营业执照复印件"]).unwrap());
    log.extend(inquire(&mut e, "s-clerk2", &[]).unwrap()); // never answered: a violation at the end of the day
    log.extend(accept(&mut e, "C1", "2026-09-29T09:00:00+08:00"));
    log.extend(accept(&mut e, "J1", "2026-09-29T09:00:00+08:00"));
    log.extend(step(&mut e, "C1", "s-clerk", "2026-09-29T10:00:00+08:00").unwrap());
    log.extend(e.advance(t("2026-10-12T00:00:00+08:00")));
    log.extend(
        e.execute(Command::from(commands::Pause {
            case: "C1".into(),
            at: t("2026-10-12T09:00:00+08:00"),
            actor: "s-rev2".into(),
            kind: PauseKind::Hearing,
            notice: "听证告知书".into(),
        }))
        .unwrap(),
    );
    log.extend(e.advance(t("2026-11-20T00:00:00+08:00")));
    (e, log)
}

#[test]
fn replay_of_the_event_log_reproduces_the_live_state() {
    let (live, log) = scenario();
    assert!(log.windows(2).all(|w| w[1].seq == w[0].seq + 1));
    assert!(log.iter().any(|x| matches!(
        x.kind,
        EventKind::Violation {
            rule: Rule::UnansweredInquiry,
            ..
        }
    )));
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org, catalog, &log).unwrap();
    assert_eq!(replayed, live);
    // And through JSON, as a host would store it.
    let json: Vec<String> = log.iter().map(Event::to_json).collect();
    let back: Vec<Event> = json.iter().map(|s| Event::from_json(s).unwrap()).collect();
    assert_eq!(back, log);
    let bad = json[0].replace("\"seq\":1", "\"seq\":\"one\"");
    assert!(matches!(Event::from_json(&bad), Err(xiaoneng::Error::Parse { path, .. }) if path == "seq"));
}

#[test]
fn snapshot_and_restore_give_the_same_engine() {
    let (live, _) = scenario();
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let restored = Engine::restore(Policy::from_toml(POLICY).unwrap(), org, catalog, &live.snapshot()).unwrap();
    assert_eq!(restored, live);
    assert_eq!(restored.snapshot(), live.snapshot());
}

#[test]
fn a_snapshot_whose_case_contradicts_its_clocks_is_refused_and_reserve_changes_nothing() {
    let (mut live, _) = scenario();
    let snap = live.snapshot();
    let restore = |text: &str| {
        let org = Org::from_json(ORG).unwrap();
        let catalog = Catalog::from_json(CATALOG, &org).unwrap();
        Engine::restore(Policy::from_toml(POLICY).unwrap(), org, catalog, text)
    };
    // Receipt is the notice clock's start, acceptance the decision clock's: a record saying otherwise is
    // not a case this engine wrote.
    let mut doc: serde_json::Value = serde_json::from_str(&snap).unwrap();
    let case = doc["cases"].as_object_mut().unwrap().values_mut().next().unwrap();
    case["received_at"] = serde_json::json!("2020-01-01T00:00:00Z");
    let err = restore(&doc.to_string()).unwrap_err();
    assert!(err.to_string().contains("received_at"), "{err}");
    // A case stored under another number.
    let mut doc: serde_json::Value = serde_json::from_str(&snap).unwrap();
    let case = doc["cases"].as_object_mut().unwrap().values_mut().next().unwrap();
    case["id"] = serde_json::json!("X1");
    let err = restore(&doc.to_string()).unwrap_err();
    assert!(err.to_string().contains("differs from the record's key"), "{err}");
    let before = live.clone();
    live.reserve(1_000_000).unwrap();
    assert_eq!(live, before);
    assert_eq!(live.snapshot(), snap);
}

#[test]
fn advancing_in_one_step_or_many_gives_the_same_events() {
    let build = || {
        let mut e = engine();
        for (k, day) in ["2026-09-21", "2026-09-22", "2026-09-28", "2026-09-29"]
            .iter()
            .enumerate()
        {
            let id = format!("C{k}");
            receive(
                &mut e,
                &id,
                if k % 2 == 0 { FOOD } else { FIRE_CHECK },
                &format!("{day}T09:00:00+08:00"),
            );
            if k != 3 {
                accept(&mut e, &id, &format!("{day}T10:00:00+08:00"));
            }
        }
        e
    };
    let mut one = build();
    let all = one.advance(t("2026-12-31T00:00:00+08:00"));
    let mut many = build();
    let mut stepped = Vec::new();
    let mut now = t("2026-09-21T00:00:00+08:00");
    while now < t("2026-12-31T00:00:00+08:00") {
        now += chrono::Duration::hours(13);
        stepped.extend(many.advance(now.min(t("2026-12-31T00:00:00+08:00"))));
    }
    assert!(!all.is_empty());
    assert_eq!(all, stepped);
    assert_eq!(one, many);
}

#[test]
fn commands_and_events_have_one_tagged_json_form() {
    let cmd: Command = Command::from_json(
        r#"{"type":"receive","case":"C9","at":"2026-09-28T09:00:00+08:00","actor":"s-clerk","item":"330100-FOOD-001","applicant":"x"}"#,
    )
    .unwrap();
    assert_eq!(cmd.case(), "C9");
    let err = Command::from_json(r#"{"type":"receive","case":"C9","at":"2026-09-28T09:00:00+08:00","actor":"a","item":"i","applicant":"x","colour":1}"#).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
    let mut e = engine();
    let ev = e.execute(cmd).unwrap();
    let v: serde_json::Value = serde_json::from_str(&serde_json::to_string(&ev[0]).unwrap()).unwrap();
    assert_eq!(
        (v["type"].as_str(), v["seq"].as_u64(), v["case"].as_str()),
        (Some("received"), Some(1), Some("C9"))
    );
}

fn joint_case(e: &mut Engine) {
    receive(e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    accept(e, "J1", "2026-09-28T10:00:00+08:00");
}

fn reply(e: &mut Engine, actor: &str, opinion: xiaoneng::Opinion, reasons: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::JointReply {
        case: "J1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: actor.into(),
        unit: "fire".into(),
        opinion,
        reasons: reasons.into(),
    }))
}

#[test]
fn joint_review_no_reply_by_the_consult_limit_counts_as_consent() {
    let mut e = engine();
    joint_case(&mut e);
    // Consult limit 5 working days from Sep 28: Sep 29, 30, Oct 8, 9, 10 -> Oct 11 00:00.
    let ev = e.advance(t("2026-10-11T00:00:00+08:00"));
    assert!(ev.iter().any(|x| matches!(&x.kind, EventKind::JointOpinion { unit, opinion: xiaoneng::Opinion::Agree, deemed: Some(xiaoneng::DeemedBecause::Silence), .. } if unit == "fire")));
    assert_eq!(e.case("J1").unwrap().pending_parties().count(), 0);
}

#[test]
fn joint_review_unexcused_absence_counts_as_consent_an_excused_one_does_not() {
    let mut e = engine();
    joint_case(&mut e);
    let absent = |excused| {
        Command::from(commands::JointAbsence {
            case: "J1".into(),
            at: t("2026-09-29T15:00:00+08:00"),
            actor: "s-rev".into(),
            unit: "fire".into(),
            excused,
        })
    };
    assert!(e.execute(absent(true)).unwrap().is_empty());
    assert_eq!(e.case("J1").unwrap().pending_parties().count(), 1);
    let ev = e.execute(absent(false)).unwrap();
    assert!(matches!(
        &ev[0].kind,
        EventKind::JointOpinion {
            deemed: Some(xiaoneng::DeemedBecause::Absence),
            ..
        }
    ));
}

fn engine_with(policy: &str) -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(policy).unwrap(), org, catalog).unwrap()
}

#[test]
fn joint_review_an_unexcused_absence_without_absence_default_is_a_violation() {
    let policy = POLICY.replace("absence_is_consent = true", "absence_is_consent = false");
    assert_ne!(policy, POLICY);
    let mut e = engine_with(&policy);
    joint_case(&mut e);
    let ev = e
        .execute(Command::from(commands::JointAbsence {
            case: "J1".into(),
            at: t("2026-09-29T15:00:00+08:00"),
            actor: "s-rev".into(),
            unit: "fire".into(),
            excused: false,
        }))
        .unwrap();
    assert_eq!(violations(&ev), vec![Rule::UnexcusedAbsence]);
    // Recorded, not consent: the consulted unit still owes its reply.
    assert_eq!(e.case("J1").unwrap().pending_parties().count(), 1);
}

#[test]
fn joint_review_an_unclear_reply_is_refused_when_the_policy_does_not_count_it_as_agreement() {
    let policy = POLICY.replace("unclear_reply_is_consent = true", "unclear_reply_is_consent = false");
    assert_ne!(policy, POLICY);
    let mut e = engine_with(&policy);
    joint_case(&mut e);
    let err = reply(&mut e, "s-fire", xiaoneng::Opinion::Other, "已阅").unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (xiaoneng::ErrorCode::InvalidInput, Some("opinion"))
    );
    assert_eq!(e.case("J1").unwrap().pending_parties().count(), 1);
    reply(&mut e, "s-fire", xiaoneng::Opinion::Agree, "").unwrap();
}

#[test]
fn joint_review_disagreement_without_reasons_counts_as_agreement() {
    let mut e = engine();
    joint_case(&mut e);
    let ev = reply(&mut e, "s-fire", xiaoneng::Opinion::Disagree, "").unwrap();
    assert!(matches!(
        &ev[0].kind,
        EventKind::JointOpinion {
            opinion: xiaoneng::Opinion::Agree,
            deemed: Some(xiaoneng::DeemedBecause::UnreasonedDisagreement),
            ..
        }
    ));
}

#[test]
fn joint_review_an_unclear_reply_counts_as_agreement_and_a_reasoned_disagreement_stands() {
    let mut e = engine();
    joint_case(&mut e);
    let ev = reply(&mut e, "s-fire", xiaoneng::Opinion::Other, "已阅").unwrap();
    assert!(matches!(
        &ev[0].kind,
        EventKind::JointOpinion {
            opinion: xiaoneng::Opinion::Agree,
            deemed: Some(xiaoneng::DeemedBecause::UnclearReply),
            ..
        }
    ));
    let mut e = engine();
    joint_case(&mut e);
    let ev = reply(&mut e, "s-fire", xiaoneng::Opinion::Disagree, "疏散通道宽度不足").unwrap();
    assert!(matches!(
        &ev[0].kind,
        EventKind::JointOpinion {
            opinion: xiaoneng::Opinion::Disagree,
            deemed: None,
            ..
        }
    ));
    assert!(reply(&mut e, "s-fire", xiaoneng::Opinion::Agree, "")
        .unwrap_err()
        .to_string()
        .contains("already"));
}

#[test]
fn joint_review_replies_come_from_the_consulted_unit_and_approval_waits_for_them() {
    let mut e = engine();
    joint_case(&mut e);
    assert!(reply(&mut e, "s-rev", xiaoneng::Opinion::Agree, "")
        .unwrap_err()
        .to_string()
        .contains("consulted unit"));
    let approve = Command::from(commands::Decide {
        case: "J1".into(),
        at: t("2026-09-29T11:00:00+08:00"),
        actor: "s-head".into(),
        approve: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    });
    complete_steps(&mut e, "J1", "2026-09-29T09:30:00+08:00");
    assert!(e.execute(approve.clone()).unwrap_err().to_string().contains("fire"));
    reply(&mut e, "s-fire-head", xiaoneng::Opinion::Agree, "").unwrap();
    e.execute(approve).unwrap();
}

fn closed_case(e: &mut Engine) {
    receive(e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(e, "C1", "2026-09-28T10:00:00+08:00");
    complete_steps(e, "C1", "2026-09-29T09:00:00+08:00");
    e.execute(Command::from(commands::Decide {
        case: "C1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: "s-head".into(),
        approve: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    }))
    .unwrap();
    e.execute(Command::from(commands::Deliver {
        case: "C1".into(),
        at: t("2026-09-29T15:00:00+08:00"),
        actor: "s-clerk".into(),
    }))
    .unwrap();
}

fn rate(e: &mut Engine, actor: &str, level: u8) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::Rate {
        case: "C1".into(),
        at: t("2026-09-30T09:00:00+08:00"),
        actor: actor.into(),
        level,
        real_name: true,
        comment: "窗口态度差".into(),
    }))
}

#[test]
fn rating_a_bad_rating_opens_a_verify_and_rectify_limit() {
    let mut e = engine();
    closed_case(&mut e);
    assert!(rate(&mut e, "s-clerk", 1)
        .unwrap_err()
        .to_string()
        .contains("applicant"));
    assert!(rate(&mut e, "某餐饮有限公司", 6)
        .unwrap_err()
        .to_string()
        .contains("level"));
    rate(&mut e, "某餐饮有限公司", 2).unwrap();
    // Follow-up within 5 working days of Sep 30: Oct 8, 9, 10, 12, 13 -> Oct 14 00:00.
    let ev = e.advance(t("2026-10-14T00:00:00+08:00"));
    assert_eq!(violations(&ev), vec![Rule::LateRatingFollowUp]);
}

#[test]
fn rating_follow_up_by_a_supervisor_in_time_closes_it() {
    let mut e = engine();
    closed_case(&mut e);
    rate(&mut e, "某餐饮有限公司", 1).unwrap();
    let follow = |actor: &str| {
        Command::from(commands::FollowUpRating {
            case: "C1".into(),
            at: t("2026-10-08T09:00:00+08:00"),
            actor: actor.into(),
            result: "已回访，窗口人员作书面检查".into(),
        })
    };
    assert!(e.execute(follow("s-clerk")).is_err());
    e.execute(follow("s-sup")).unwrap();
    assert!(violations(&e.advance(t("2026-12-01T00:00:00+08:00"))).is_empty());
}

#[test]
fn rating_defaults_to_the_policy_level_when_none_is_given_in_time() {
    let mut e = engine();
    closed_case(&mut e);
    // County preset: 基本满意 (3) after 7 natural days from closure (Sep 29).
    let ev = e.advance(t("2026-10-07T00:00:00+08:00"));
    assert!(ev.iter().any(|x| matches!(
        x.kind,
        EventKind::Rated {
            level: 3,
            deemed: true,
            ..
        }
    )));
    assert!(rate(&mut e, "某餐饮有限公司", 5).is_err());
}

#[test]
fn every_event_and_command_validates_against_the_committed_schemas() {
    let load = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let events = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&load("event.schema.json"))
        .unwrap();
    let commands = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&load("command.schema.json"))
        .unwrap();
    let (_, log) = scenario();
    let mut e = engine();
    closed_case(&mut e);
    let mut all = log;
    all.extend(e.advance(t("2026-12-01T00:00:00+08:00")));
    let kinds: std::collections::BTreeSet<String> = all
        .iter()
        .map(|x| serde_json::to_value(x).unwrap()["type"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.len() >= 8, "{kinds:?}");
    for ev in &all {
        let v = serde_json::to_value(ev).unwrap();
        let errs: Vec<String> = events
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errs.is_empty(), "{v}: {errs:?}");
    }
    let cmd = serde_json::json!({"type": "joint_reply", "case": "J1", "at": "2026-09-29T10:00:00+08:00",
        "actor": "s-fire", "unit": "fire", "opinion": "disagree", "reasons": "疏散通道宽度不足"});
    assert!(commands.is_valid(&cmd));
    assert!(!commands.is_valid(&serde_json::json!({"type": "joint_reply", "case": "J1"})));
    assert!(!commands.is_valid(
        &serde_json::json!({"type": "teleport", "case": "J1", "at": "2026-09-29T10:00:00+08:00", "actor": "x"})
    ));
}

#[test]
fn case_views_and_clock_statuses_validate_against_the_committed_schemas() {
    let load = |name: &str| -> jsonschema::Validator {
        let text = std::fs::read_to_string(format!("{}/schemas/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&serde_json::from_str(&text).unwrap())
            .unwrap()
    };
    let (views, statuses) = (load("view.schema.json"), load("status.schema.json"));
    let check = |validator: &jsonschema::Validator, v: serde_json::Value| {
        let errs: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errs.is_empty(), "{v}: {errs:?}");
    };
    // A case through acceptance, a step, an open pause (a `paused` step without `to`), a resumption and
    // an overdue decision clock: the views then carry every kind of derivation step and optional field.
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    let received = e.view("C1", t("2026-09-28T09:30:00+08:00")).unwrap();
    check(&views, serde_json::to_value(&received).unwrap());
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-09-28T11:00:00+08:00").unwrap();
    let pause = Command::from(commands::Pause {
        case: "C1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: "s-rev".into(),
        kind: PauseKind::Inspection,
        notice: "检验检测告知书".into(),
    });
    e.execute(pause).unwrap();
    for now in ["2026-09-30T10:00:00+08:00", "2026-12-01T10:00:00+08:00"] {
        let v = e.view("C1", t(now)).unwrap();
        let status = v.decision.clone().unwrap();
        check(&views, serde_json::to_value(&v).unwrap());
        check(&statuses, serde_json::to_value(&status).unwrap());
    }
    e.execute(Command::from(commands::Resume {
        case: "C1".into(),
        at: t("2026-10-09T10:00:00+08:00"),
        actor: "s-rev".into(),
    }))
    .unwrap();
    let v = e.view("C1", t("2026-12-01T10:00:00+08:00")).unwrap();
    let status = v.decision.clone().unwrap();
    let steps: Vec<String> = serde_json::to_value(&status.derivation)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ["started", "counted", "paused", "deadline"]
            .iter()
            .all(|k| steps.iter().any(|s| s == k)),
        "{steps:?}"
    );
    check(&views, serde_json::to_value(&v).unwrap());
    check(&statuses, serde_json::to_value(&status).unwrap());
    // Not everything passes: the schemas check something.
    let mut bad = serde_json::to_value(&status).unwrap();
    bad["share_used"] = serde_json::json!(0.5);
    assert!(!statuses.is_valid(&bad));
}

fn inquire(e: &mut Engine, actor: &str, also: &[&str]) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::RecordInquiry {
        case: "Q1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: actor.into(),
        person: "张女士".into(),
        topic: "食品经营许可需要哪些材料".into(),
        also_asked: also.iter().map(|s| s.to_string()).collect(),
    }))
}

fn answer(e: &mut Engine, actor: &str, outcome: xiaoneng::InquiryOutcome, to: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::AnswerInquiry {
        case: "Q1".into(),
        at: t("2026-09-28T09:20:00+08:00"),
        actor: actor.into(),
        outcome,
        guided_to: to.into(),
    }))
}

#[test]
fn first_inquiry_the_first_person_asked_is_responsible() {
    let mut e = engine();
    let ev = inquire(&mut e, "s-clerk", &[]).unwrap();
    assert!(matches!(&ev[0].kind, EventKind::InquiryRecorded { responsible, .. } if responsible == "s-clerk"));
    assert!(answer(&mut e, "s-clerk2", xiaoneng::InquiryOutcome::Answered, "")
        .unwrap_err()
        .to_string()
        .contains("responsible"));
    answer(&mut e, "s-clerk", xiaoneng::InquiryOutcome::Answered, "").unwrap();
    assert!(e.advance(t("2026-12-01T00:00:00+08:00")).is_empty());
}

#[test]
fn first_inquiry_when_several_are_asked_at_once_the_highest_ranking_is_responsible() {
    let mut e = engine();
    let ev = inquire(&mut e, "s-clerk", &["s-head", "s-rev"]).unwrap();
    assert!(matches!(&ev[0].kind, EventKind::InquiryRecorded { responsible, .. } if responsible == "s-head"));
    assert!(answer(&mut e, "s-head", xiaoneng::InquiryOutcome::Guided, "")
        .unwrap_err()
        .to_string()
        .contains("guided_to"));
    answer(
        &mut e,
        "s-head",
        xiaoneng::InquiryOutcome::Guided,
        "县政务服务中心二楼 A12 窗口",
    )
    .unwrap();
}

#[test]
fn first_inquiry_unanswered_past_its_limit_is_a_violation_of_the_responsible_person() {
    let mut e = engine();
    inquire(&mut e, "s-rev", &[]).unwrap();
    // County preset: answered the same working day (0 working days): expires at the end of Mon Sep 28.
    assert!(e.advance(t("2026-09-28T23:59:00+08:00")).is_empty());
    let ev = e.advance(t("2026-09-29T00:00:00+08:00"));
    assert!(
        matches!(&ev[0].kind, EventKind::Violation { rule: Rule::UnansweredInquiry, responsible: Some(r), .. } if r == "s-rev")
    );
    // Recorded once; inquiry numbers are not case numbers.
    assert!(e.advance(t("2026-12-01T00:00:00+08:00")).is_empty());
    let err = e
        .execute(Command::from(commands::Accept {
            case: "Q1".into(),
            at: t("2026-09-29T09:00:00+08:00"),
            actor: "s-clerk".into(),
        }))
        .unwrap_err();
    assert!(err.to_string().contains("inquiry"), "{err}");
}

#[test]
fn a_case_commands_come_in_time_order() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    // The portal's timer ran to Oct 23: deemed acceptance (Oct 11), reminder, yellow card are recorded.
    e.advance(t("2026-10-23T00:00:00+08:00"));
    let before = e.clone();
    let err = step(&mut e, "C1", "s-clerk", "2026-10-09T10:00:00+08:00").unwrap_err();
    assert!(err.to_string().contains("time order"), "{err}");
    assert_eq!(e, before);
}

#[test]
fn a_pause_clears_the_signal_at_its_own_instant() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-09-28T11:00:00+08:00").unwrap();
    // Reminder from Oct 15 (deadline Oct 16).
    e.advance(t("2026-10-15T09:00:00+08:00"));
    let ev = e
        .execute(Command::from(commands::Pause {
            case: "C1".into(),
            at: t("2026-10-15T10:00:00+08:00"),
            actor: "s-head".into(), // A and B reviewers are both away on Oct 15
            kind: PauseKind::Inspection,
            notice: "检验检测告知书".into(),
        }))
        .unwrap();
    let cleared = ev
        .iter()
        .find(|x| {
            matches!(
                x.kind,
                EventKind::SignalRaised {
                    signal: Signal::None,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(cleared.at, t("2026-10-15T10:00:00+08:00"));
    // Nothing is dated after the instant asked about.
    let later = e.advance(t("2026-12-01T00:00:00+08:00"));
    assert!(later.iter().all(|x| x.at <= t("2026-12-01T00:00:00+08:00")));
}

/// An engine whose calendar is one year of weekends only, without the national data (so without
/// provisional days after it): a deadline beyond 2026 cannot be computed there.
fn engine_with_one_year_calendar() -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let mut policy = Policy::from_toml(POLICY).unwrap();
    policy.calendar = Calendar::from_json(r#"{"schema": 1, "range": {"start": "2026-01-01", "end": "2026-12-31"}}"#)
        .unwrap()
        .spec()
        .clone();
    Engine::new(policy, org, catalog).unwrap()
}

#[test]
fn a_timer_that_cannot_be_computed_is_recorded_after_what_fired() {
    let mut e = engine_with_one_year_calendar();
    // Received late in the calendar's only year: the deemed acceptance fires (Nov 7), but the joint item's
    // 45-working-day statutory limit would end beyond 2026-12-31, so the case's timers stop with a fault.
    receive(&mut e, "J9", FIRE_CHECK, "2026-10-30T09:00:00+08:00");
    let ev = e.advance(t("2026-12-31T00:00:00+08:00"));
    let kinds: Vec<&str> = ev
        .iter()
        .map(|x| match &x.kind {
            EventKind::Accepted { .. } => "accepted",
            EventKind::TimerFault { .. } => "timer_fault",
            EventKind::Violation { .. } => "violation",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, vec!["violation", "accepted", "timer_fault"]);
    assert!(e.case("J9").unwrap().faulted());
    assert_eq!(e.next_timer(), None);
    let EventKind::TimerFault { message } = &ev[2].kind else {
        panic!()
    };
    assert!(message.contains("2026-12-31"), "{message}");
}

#[test]
fn a_faulted_case_is_timed_again_once_a_notice_covers_it() {
    // docs/rules.md §2: a case whose deadline could not be computed is timed again when the calendar covers it.
    let mut e = engine_with_one_year_calendar();
    let mut log = receive(&mut e, "J9", FIRE_CHECK, "2026-10-30T09:00:00+08:00");
    // The deemed acceptance on Nov 7 starts a 45-working-day statutory limit ending in 2027: a fault.
    log.extend(e.advance(t("2026-11-10T00:00:00+08:00")));
    assert!(e.case("J9").unwrap().faulted());
    let snap = e.snapshot();
    let mut policy = e.policy().clone();
    let notice = weekday_notice_2027();
    let ev = e.add_notice(notice.clone(), t("2026-11-10T09:00:00+08:00")).unwrap();
    log.extend(ev.iter().cloned());
    assert!(!e.case("J9").unwrap().faulted());
    // Every watched deadline is recorded, without a previous one: it could not be computed. (The first
    // step and the consult limit, past already, fire at the next threshold, at their own instants.)
    let kinds: Vec<String> = ev
        .iter()
        .map(|x| match &x.kind {
            EventKind::DeadlineChanged {
                clock,
                statutory,
                previous,
                deadline,
            } => format!(
                "{}{} {previous:?} {}",
                clock,
                if *statutory { " statutory" } else { "" },
                deadline.to_rfc3339()
            ),
            other => other.name().to_string(),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            // Pledged 15 working days on weekdays from Oct 30: Nov 20.
            "decision None 2026-11-20T16:00:00+00:00".to_string(),
            // Statutory 45: 21 in November, 23 in December, then Jan 4 (Jan 1 is off by the notice).
            "decision statutory None 2027-01-04T16:00:00+00:00".into(),
            "step None 2026-11-02T16:00:00+00:00".into(),
            "consult None 2026-11-06T16:00:00+00:00".into(),
        ]
    );
    assert!(e.next_timer().is_some());
    // A restore with the calendar that has the notice times it again too; with the old one it stays faulted.
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let old = Engine::restore(policy.clone(), org.clone(), catalog.clone(), &snap).unwrap();
    assert!(old.case("J9").unwrap().faulted());
    assert_eq!(old.next_timer(), None);
    policy.calendar.notices.push(notice);
    assert_eq!(&policy, e.policy());
    let covered = Engine::restore(policy.clone(), org.clone(), catalog.clone(), &snap).unwrap();
    assert!(!covered.case("J9").unwrap().faulted());
    // And a replay of the live log with the engine's policy gives the live engine.
    assert_eq!(Engine::replay(policy, org, catalog, &log).unwrap(), e);
}

/// A 2027 notice for the weekend-only calendar: New Year's Day off.
fn weekday_notice_2027() -> YearNotice {
    YearNotice::from_json(r#"{"year": 2027, "days_off": [{"start": "2027-01-01", "name": "元旦"}]}"#).unwrap()
}

/// A notice for 2027 as the State Council might publish it late (it differs from the provisional days:
/// the Spring Festival runs Feb 5-13, with makeup workdays on Sunday Jan 31 and Saturday Feb 20).
fn notice_2027() -> YearNotice {
    YearNotice::from_json(
        r#"{"year": 2027,
            "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"},
                         {"start": "2027-02-05", "end": "2027-02-13", "name": "春节"},
                         {"start": "2027-04-03", "end": "2027-04-05", "name": "清明节"},
                         {"start": "2027-05-01", "end": "2027-05-05", "name": "劳动节"},
                         {"start": "2027-06-09", "end": "2027-06-11", "name": "端午节"},
                         {"start": "2027-09-15", "end": "2027-09-17", "name": "中秋节"},
                         {"start": "2027-10-01", "end": "2027-10-07", "name": "国庆节"}],
            "workdays": ["2027-01-31", "2027-02-20", "2027-04-25", "2027-09-26", "2027-10-09"]}"#,
    )
    .unwrap()
}

fn complete_step(e: &mut Engine, case: &str, actor: &str, at: &str) {
    e.execute(Command::from(commands::CompleteStep {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
    }))
    .unwrap();
}

#[test]
fn no_lawful_command_is_refused_for_lack_of_next_years_notice() {
    // docs/rules.md §2: beyond the last notice the calendar is provisional, and a case is never refused for
    // it. Before, a 20-working-day case could not be accepted from Dec 4, and none received from Dec 25.
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-12-20T09:00:00+08:00");
    accept(&mut e, "C1", "2026-12-20T10:00:00+08:00");
    receive(&mut e, "C2", FOOD, "2026-12-25T09:00:00+08:00");
    receive(&mut e, "C3", FIRE_CHECK, "2026-12-31T09:00:00+08:00");
    accept(&mut e, "C3", "2026-12-31T10:00:00+08:00");
    let v = e.view("C1", t("2026-12-21T09:00:00+08:00")).unwrap();
    let d = v.decision.as_ref().unwrap();
    // 20 working days after Sunday Dec 20: 9 in December, then Jan 4-8, 11-15 and 18 (Jan 1 is New Year's
    // Day, a statutory holiday); the pledged 10 end on Jan 4.
    assert_eq!(d.statutory_deadline_date.to_string(), "2027-01-18");
    assert_eq!(d.deadline_date.to_string(), "2027-01-04");
    assert!(d.provisional && v.provisional);
    // A case whose deadlines stay inside the notices is not provisional.
    receive(&mut e, "C4", FOOD, "2026-11-02T09:00:00+08:00");
    accept(&mut e, "C4", "2026-11-02T10:00:00+08:00");
    let v = e.view("C4", t("2026-11-03T09:00:00+08:00")).unwrap();
    assert!(!v.provisional && !v.decision.unwrap().provisional);
    // Date queries keep their error: the provisional days are for clocks, not answers about dates.
    assert!(e.calendar().is_workday(common::d(2027, 1, 4)).is_err());
}

#[test]
fn timer_events_resting_on_provisional_days_say_so() {
    // docs/rules.md §2: every deadline and timer event resting on a provisional day carries `provisional`.
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-12-20T09:00:00+08:00");
    accept(&mut e, "C1", "2026-12-20T10:00:00+08:00");
    complete_step(&mut e, "C1", "s-clerk", "2026-12-20T11:00:00+08:00");
    let ev = e.advance(t("2027-01-20T00:00:00+08:00"));
    let reminder = ev
        .iter()
        .find(|x| {
            matches!(
                x.kind,
                EventKind::SignalRaised {
                    signal: Signal::Reminder,
                    ..
                }
            )
        })
        .unwrap();
    // The reminder comes on Dec 31 (one working day before Jan 4): an official day, but counted back from a
    // provisional deadline.
    assert_eq!(reminder.at, t("2026-12-31T00:00:00+08:00"));
    assert!(reminder.provisional);
    let overdue = ev
        .iter()
        .find(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::DecisionOverdue,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(overdue.at, t("2027-01-05T00:00:00+08:00"));
    assert!(overdue.provisional);
    assert!(overdue.to_json().contains(r#""provisional":true"#));
    // Events on official days only leave it out.
    receive(&mut e, "C4", FOOD, "2026-11-02T09:00:00+08:00");
    accept(&mut e, "C4", "2026-11-02T10:00:00+08:00");
    let ev = e.advance(t("2026-12-01T00:00:00+08:00"));
    assert!(!ev.is_empty() && ev.iter().all(|x| !x.provisional));
    assert!(!ev[0].to_json().contains("provisional"));
}

#[test]
fn adding_next_years_notice_recomputes_the_deadlines_it_moves_and_only_those() {
    // docs/rules.md §2: when the notice is added, every open deadline it changes is recomputed, with its
    // timers, and a `deadline_changed` records the old and the new deadline.
    let mut e = engine();
    // F2: accepted in December; its deadlines (Jan 4 pledged, Jan 18 statutory) rest on provisional days
    // the notice does not change (it changes nothing before Jan 31).
    receive(&mut e, "F2", FOOD, "2026-12-20T09:00:00+08:00");
    accept(&mut e, "F2", "2026-12-20T10:00:00+08:00");
    complete_step(&mut e, "F2", "s-clerk", "2026-12-20T11:00:00+08:00");
    // F1: accepted on Tuesday Jan 26, before the notice, across the Spring Festival.
    receive(&mut e, "F1", FOOD, "2027-01-26T09:00:00+08:00");
    accept(&mut e, "F1", "2027-01-26T10:00:00+08:00");
    complete_step(&mut e, "F1", "s-clerk", "2027-01-26T11:00:00+08:00");
    let before = e.view("F1", t("2027-01-27T09:00:00+08:00")).unwrap();
    let d = before.decision.as_ref().unwrap();
    // Provisional: Feb 5 (New Year's Eve) and Feb 8 (the third day) off.
    assert_eq!(d.deadline_date.to_string(), "2027-02-11");
    assert_eq!(d.statutory_deadline_date.to_string(), "2027-02-25");
    assert_eq!(
        before.step_status.as_ref().unwrap().deadline_date.to_string(),
        "2027-02-04"
    );
    assert!(before.provisional);
    e.advance(t("2027-01-28T09:00:00+08:00"));
    let timer_before = e.next_timer();
    let ev = e.add_notice(notice_2027(), t("2027-01-28T09:00:00+08:00")).unwrap();
    let changed: Vec<(&str, ClockName, bool, String, String, bool)> = ev
        .iter()
        .filter_map(|x| match &x.kind {
            EventKind::DeadlineChanged {
                clock,
                statutory,
                previous,
                deadline,
            } => Some((
                x.case.as_str(),
                *clock,
                *statutory,
                previous.unwrap().to_rfc3339(),
                deadline.to_rfc3339(),
                x.provisional,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            // Step 2 (7 working days): Jan 27-29, the makeup Sunday Jan 31, Feb 1-3.
            // Pledged 10 working days: Jan 27-29, the makeup Sunday Jan 31, Feb 1-4, then Feb 15 and 16.
            (
                "F1",
                ClockName::Decision,
                false,
                "2027-02-11T16:00:00+00:00".into(),
                "2027-02-16T16:00:00+00:00".into(),
                false
            ),
            // Statutory 20: ... Feb 15-19, the makeup Saturday Feb 20, Feb 22-26 and Mar 1.
            (
                "F1",
                ClockName::Decision,
                true,
                "2027-02-25T16:00:00+00:00".into(),
                "2027-03-01T16:00:00+00:00".into(),
                false
            ),
            // Step 2 (7 working days): Jan 27-29, Jan 31, Feb 1-3, a day earlier.
            (
                "F1",
                ClockName::Step,
                false,
                "2027-02-04T16:00:00+00:00".into(),
                "2027-02-03T16:00:00+00:00".into(),
                false
            ),
        ]
    );
    assert!(ev.iter().all(|x| x.at == t("2027-01-28T09:00:00+08:00")));
    // The views and the timers follow; F2 is no longer provisional but its deadlines did not move.
    let after = e.view("F1", t("2027-01-28T10:00:00+08:00")).unwrap();
    assert_eq!(after.decision.as_ref().unwrap().deadline_date.to_string(), "2027-02-16");
    assert!(!after.provisional);
    let f2 = e.view("F2", t("2027-01-28T10:00:00+08:00")).unwrap();
    assert_eq!(f2.decision.as_ref().unwrap().deadline_date.to_string(), "2027-01-04");
    assert!(!f2.provisional);
    assert_ne!(e.next_timer(), timer_before);
    assert_eq!(e.next_timer(), Some(t("2027-02-04T00:00:00+08:00"))); // F1's step, a day earlier
    assert!(e.policy().calendar.notices.iter().any(|n| n.year == 2027));
    // A replay of the log with the engine's policy (which keeps the notice) gives the same engine.
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let restored = Engine::restore(e.policy().clone(), org, catalog, &e.snapshot()).unwrap();
    assert_eq!(restored, e);
}

#[test]
fn correcting_a_year_recomputes_only_the_deadlines_the_correction_moves() {
    let mut e = engine();
    receive(&mut e, "F1", FOOD, "2027-01-26T09:00:00+08:00");
    accept(&mut e, "F1", "2027-01-26T10:00:00+08:00");
    complete_step(&mut e, "F1", "s-clerk", "2027-01-26T11:00:00+08:00");
    e.add_notice(notice_2027(), t("2027-01-28T09:00:00+08:00")).unwrap();
    // The makeup Saturday Feb 20 is withdrawn: only the statutory deadline (Mar 1) rests on it.
    let mut corrected = notice_2027();
    corrected.workdays.retain(|d| d.to_string() != "2027-02-20");
    let ev = e.correct_notice(corrected, t("2027-01-29T09:00:00+08:00")).unwrap();
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert!(matches!(
        ev[0].kind,
        EventKind::DeadlineChanged { clock: ClockName::Decision, statutory: true, deadline, .. }
            if deadline == t("2027-03-03T00:00:00+08:00")
    ));
    // A correction of an official year works the same way: Dec 31, 2026 becomes a day off.
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-12-20T09:00:00+08:00");
    accept(&mut e, "C1", "2026-12-20T10:00:00+08:00");
    let mut n2026 = e.calendar().spec().notices.clone();
    assert!(n2026.is_empty()); // the national data is the base, not notices
    n2026.push(YearNotice::from_json(
        r#"{"year": 2026, "days_off": [{"start": "2026-01-01", "end": "2026-01-03"}, {"start": "2026-02-15", "end": "2026-02-23"},
             {"start": "2026-04-04", "end": "2026-04-06"}, {"start": "2026-05-01", "end": "2026-05-05"},
             {"start": "2026-06-19", "end": "2026-06-21"}, {"start": "2026-09-25", "end": "2026-09-27"},
             {"start": "2026-10-01", "end": "2026-10-07"}, {"start": "2026-12-31", "name": "closure"}],
            "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]}"#,
    ).unwrap());
    let ev = e
        .correct_notice(n2026.pop().unwrap(), t("2026-12-21T09:00:00+08:00"))
        .unwrap();
    let moved: Vec<(ClockName, bool)> = ev
        .iter()
        .filter_map(|x| match x.kind {
            EventKind::DeadlineChanged { clock, statutory, .. } => Some((clock, statutory)),
            _ => None,
        })
        .collect();
    assert_eq!(moved, vec![(ClockName::Decision, false), (ClockName::Decision, true)]);
    assert_eq!(
        e.view("C1", t("2026-12-21T10:00:00+08:00"))
            .unwrap()
            .decision
            .unwrap()
            .deadline_date
            .to_string(),
        "2027-01-05"
    );
}

#[test]
fn a_notice_for_a_covered_year_or_without_holidays_is_refused_and_changes_nothing() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-12-20T09:00:00+08:00");
    let before = e.clone();
    let at = t("2026-12-21T09:00:00+08:00");
    // 2026 is covered by the bundled notices: only a correction may replace it.
    let err = e.add_notice(YearNotice::statutory(2026).unwrap(), at).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (xiaoneng::ErrorCode::InvalidState, Some("year"))
    );
    assert!(err.to_string().contains("correction"), "{err}");
    // A correction of a year not covered yet is a new notice.
    let err = e.correct_notice(notice_2027(), at).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (xiaoneng::ErrorCode::InvalidState, Some("year"))
    );
    // A notice names its holidays.
    let err = e
        .add_notice(
            YearNotice::from_json(r#"{"year": 2027, "workdays": ["2027-01-09"]}"#).unwrap(),
            at,
        )
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (xiaoneng::ErrorCode::InvalidInput, Some("days_off"))
    );
    // A year after next leaves a gap; a day outside the notice's year is named by its field.
    let err = e.add_notice(YearNotice::statutory(2028).unwrap(), at).unwrap_err();
    assert_eq!(err.field(), Some("year"));
    let mut stray = notice_2027();
    stray.workdays.push(common::d(2028, 1, 8));
    let err = e.add_notice(stray, at).unwrap_err();
    assert_eq!(err.field(), Some("workdays[5]"));
    // Nothing changed, nothing fired.
    assert_eq!(e, before);
    assert_eq!(e.calendar().range().end.to_string(), "2026-12-31");
}

#[test]
fn a_bad_value_inside_a_command_names_its_field() {
    let bad_at = r#"{"type":"accept","case":"C1","at":"yesterday","actor":"s-clerk"}"#;
    assert!(matches!(Command::from_json(bad_at), Err(xiaoneng::Error::Parse { path, .. }) if path == "at"));
    let bad_amount =
        r#"{"type":"extend","case":"C1","at":"2026-10-08T09:00:00+08:00","actor":"s-head","amount":-3,"reason":"r"}"#;
    assert!(matches!(Command::from_json(bad_amount), Err(xiaoneng::Error::Parse { path, .. }) if path == "amount"));
}

#[test]
fn the_unit_head_may_terminate_a_case_with_a_reason() {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    let terminate = |actor: &str, reason: &str| {
        Command::from(commands::Terminate {
            case: "C1".into(),
            at: t("2026-09-29T10:00:00+08:00"),
            actor: actor.into(),
            reason: reason.into(),
        })
    };
    let before = e.clone();
    let err = e.execute(terminate("s-clerk", "申请人已注销")).unwrap_err();
    assert_eq!(err.code(), xiaoneng::ErrorCode::Forbidden);
    assert!(err.to_string().contains("unit_head"), "{err}");
    assert!(e
        .execute(terminate("s-fire-head", "申请人已注销"))
        .unwrap_err()
        .to_string()
        .contains("unit"));
    assert!(e
        .execute(terminate("s-head", " "))
        .unwrap_err()
        .to_string()
        .contains("reason"));
    assert_eq!(e, before);
    let ev = e.execute(terminate("s-head", "申请人已注销")).unwrap();
    assert!(matches!(&ev[0].kind, EventKind::Terminated { reason } if reason == "申请人已注销"));
    assert_eq!(e.case("C1").unwrap().state(), CaseState::Terminated);
    // Closed: no more timers, no more commands.
    assert!(e
        .advance(t("2026-12-01T00:00:00+08:00"))
        .iter()
        .all(|x| matches!(x.kind, EventKind::Rated { deemed: true, .. })));
    assert!(step(&mut e, "C1", "s-clerk", "2026-12-02T10:00:00+08:00").is_err());
    // A termination decides nothing: the unit's figures count the case as received and accepted only.
    let m = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    let amr = m.iter().find(|m| m.unit == "amr").unwrap();
    assert_eq!(
        (amr.received, amr.accepted, amr.decided, amr.on_time, amr.late),
        (1, 1, 0, 0, 0)
    );
}

#[test]
fn art50_renewal_without_a_decision_in_time_is_deemed_granted() {
    // A renewal item: the item's own rule says deemed approval on timeout (行政许可法 art. 50).
    let org = Org::from_json(ORG).unwrap();
    let renewal = CATALOG.replacen(
        r#""kind": "pledged","#,
        r#""kind": "pledged", "on_timeout": "deemed_approved","#,
        1,
    );
    assert_ne!(renewal, CATALOG);
    let catalog = Catalog::from_json(&renewal, &org).unwrap();
    let mut e = Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap();
    receive(&mut e, "R1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "R1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2026-11-30T00:00:00+08:00"));
    let decided = ev.iter().find(|x| matches!(x.kind, EventKind::Decided { .. })).unwrap();
    assert!(matches!(
        decided.kind,
        EventKind::Decided {
            approve: true,
            deemed: true,
            ..
        }
    ));
    // At the pledged deadline (Oct 16 end), not when advance ran.
    assert_eq!(decided.at, t("2026-10-17T00:00:00+08:00"));
}

/// The county engine with the food item's procedure replaced by `steps` (a JSON array) and its limits by
/// `statutory`/`pledged` working days.
fn engine_with_steps(steps: &str, statutory: u32, pledged: u32) -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let food = r#"{"name": "受理", "post": "p-window", "limit": {"unit": "working_days", "amount": 1}},
        {"name": "审查（含现场核查）", "post": "p-review", "limit": {"unit": "working_days", "amount": 7}},
        {"name": "决定", "post": "p-review", "limit": {"unit": "working_days", "amount": 2}}"#;
    let text = CATALOG
        .replacen(
            r#""statutory_limit": {"unit": "working_days", "amount": 20},
      "pledged_limit": {"unit": "working_days", "amount": 10},"#,
            &format!(
                r#""statutory_limit": {{"unit": "working_days", "amount": {statutory}}},
      "pledged_limit": {{"unit": "working_days", "amount": {pledged}}},"#
            ),
            1,
        )
        .replacen(food, steps, 1);
    assert!(CATALOG.contains(food) && !text.contains(food));
    let catalog = Catalog::from_json(&text, &org).unwrap();
    assert_eq!(catalog.item(FOOD).unwrap().statutory_limit.amount, statutory);
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

#[test]
fn art43_a_lower_organ_reviewing_first_has_its_own_20_days_from_its_acceptance() {
    // A multi-level item: the lower organ reviews first (20 working days from its own acceptance), then
    // the organ that decides has its own step limit from when the file reaches it.
    let mut e = engine_with_steps(
        r#"{"name": "下级机关初审", "post": "p-window", "limit": {"unit": "working_days", "amount": 20}},
        {"name": "上级机关审查决定", "post": "p-review", "limit": {"unit": "working_days", "amount": 20}}"#,
        45,
        40,
    );
    assert_eq!(e.catalog().item(FOOD).unwrap().steps.len(), 2);
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    // 20 working days after Sep 28 across the National Day holiday (Oct 1-7 off, Oct 10 worked): Oct 30.
    let view = e.view("C1", t("2026-10-12T09:00:00+08:00")).unwrap();
    assert_eq!(view.step_status.unwrap().deadline_date.to_string(), "2026-10-30");
    // Over its own limit: a violation, though the case's 40 pledged days are far from over.
    let ev = e.advance(t("2026-10-31T00:00:00+08:00"));
    assert_eq!(violations(&ev), vec![Rule::StepOverLimit]);
    // The deciding organ's limit counts from when the lower organ finished (Nov 2): Nov 30.
    step(&mut e, "C1", "s-clerk", "2026-11-02T10:00:00+08:00").unwrap();
    let view = e.view("C1", t("2026-11-02T11:00:00+08:00")).unwrap();
    assert_eq!(view.step.as_deref(), Some("上级机关审查决定"));
    assert_eq!(view.step_status.unwrap().deadline_date.to_string(), "2026-11-30");
}

#[test]
fn art55_inspection_starts_within_5_days_of_acceptance_or_the_step_is_a_violation() {
    // The first step after acceptance is arranging the inspection or testing: 5 working days.
    let mut e = engine_with_steps(
        r#"{"name": "组织检验检测", "post": "p-window", "limit": {"unit": "working_days", "amount": 5}},
        {"name": "审查决定", "post": "p-review", "limit": {"unit": "working_days", "amount": 5}}"#,
        20,
        10,
    );
    receive(&mut e, "C1", FOOD, "2026-09-21T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-21T10:00:00+08:00");
    // Sep 22, 23, 24, 28, 29 (Sep 25-27 off): the 5th working day is Sep 29.
    assert!(violations(&e.advance(t("2026-09-29T23:59:59+08:00"))).is_empty());
    let ev = e.advance(t("2026-09-30T00:00:00+08:00"));
    assert_eq!(violations(&ev), vec![Rule::StepOverLimit]);
    // Started in time on another case: no violation.
    receive(&mut e, "C2", FOOD, "2026-09-21T09:30:00+08:00");
    accept(&mut e, "C2", "2026-09-21T10:30:00+08:00");
    step(&mut e, "C2", "s-clerk", "2026-09-24T10:00:00+08:00").unwrap();
    let ev = e.advance(t("2026-10-01T00:00:00+08:00"));
    assert!(ev
        .iter()
        .all(|x| x.case != "C2" || !matches!(x.kind, EventKind::Violation { .. })));
}

/// The quoted names (`"x"` or ``` ``x`` ```) between the first `open` after `marker` (itself after `within`)
/// and the next `close`.
fn listed_names(text: &str, within: &str, marker: &str, open: char, close: char) -> Vec<String> {
    let rest = &text[text.find(within).unwrap_or_else(|| panic!("`{within}` not found"))..];
    let rest = &rest[rest
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` not found after `{within}`"))..];
    let rest = &rest[rest.find(open).unwrap() + 1..];
    let list = &rest[..rest.find(close).unwrap()];
    let quote = if list.contains("``") { "``" } else { "\"" };
    list.split(quote).skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_python_docs_and_stubs_name_every_case_state_signal_and_inquiry_outcome_as_the_core_does() {
    use xiaoneng::{ClockState, InquiryOutcome};
    let read = |path: &str| std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    fn all<T: Copy + std::fmt::Display>(values: &[T]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }
    let (docs, stubs, builders) = (
        read("bindings/python/src/engine.rs"),
        read("python/xiaoneng/_native.pyi"),
        read("python/xiaoneng/commands.py"),
    );
    let view = "fn view<'py>";
    let doc = &docs[..docs.find(view).unwrap()];
    let doc = &doc[doc.rfind("/// A case as seen at").unwrap()..];
    assert_eq!(listed_names(doc, "Keys:", "``state``", '(', ')'), all(CaseState::ALL));
    assert_eq!(listed_names(doc, "Keys:", "``signal``", '(', ')'), all(Signal::ALL));
    assert_eq!(
        listed_names(&stubs, "class _CaseView", "state:", '[', ']'),
        all(CaseState::ALL)
    );
    assert_eq!(
        listed_names(&stubs, "class _CaseView", "signal:", '[', ']'),
        all(Signal::ALL)
    );
    assert_eq!(
        listed_names(&stubs, "class _ClockStatus", "state:", '[', ']'),
        all(ClockState::ALL)
    );
    assert_eq!(
        listed_names(&stubs, "class _ClockStatus", "signal:", '[', ']'),
        all(Signal::ALL)
    );
    // The builders' choices (generated from the command schema by scripts/generate).
    assert_eq!(
        listed_names(&builders, "_INQUIRY_OUTCOME:", "= (", '(', ')'),
        all(InquiryOutcome::ALL)
    );
}

/// The county engine whose joint item (the fire check) also allows an expert review (art. 45).
fn engine_with_joint_pauses() -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(CATALOG).unwrap();
    let item = doc["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["code"] == FIRE_CHECK)
        .unwrap();
    item["special_procedures"] = serde_json::json!(["expert_review"]);
    let catalog = Catalog::from_json(&doc.to_string(), &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn pause_case(e: &mut Engine, case: &str, at: &str) -> Vec<Event> {
    e.execute(Command::from(commands::Pause {
        case: case.into(),
        at: t(at),
        actor: "s-head".into(),
        kind: PauseKind::ExpertReview,
        notice: "专家评审告知书".into(),
    }))
    .unwrap()
}

fn resume_case(e: &mut Engine, case: &str, at: &str) -> Vec<Event> {
    e.execute(Command::from(commands::Resume {
        case: case.into(),
        at: t(at),
        actor: "s-head".into(),
    }))
    .unwrap()
}

fn silence_consents(events: &[Event]) -> Vec<(&str, chrono::DateTime<chrono::Utc>)> {
    events
        .iter()
        .filter_map(|x| match &x.kind {
            EventKind::JointOpinion {
                unit,
                deemed: Some(xiaoneng::DeemedBecause::Silence),
                ..
            } => Some((unit.as_str(), x.at)),
            _ => None,
        })
        .collect()
}

#[test]
fn joint_review_the_consult_limit_pauses_and_resumes_with_the_cases_art45_pauses() {
    let mut e = engine_with_joint_pauses();
    receive(&mut e, "J1", FIRE_CHECK, "2026-11-02T09:00:00+08:00");
    accept(&mut e, "J1", "2026-11-02T10:00:00+08:00");
    // Consult limit 5 working days from Mon Nov 2: Nov 3, 4, 5, 6, 9 -> Nov 10 00:00, unpaused.
    // Paused for an expert review Wed Nov 4 10:00 - Wed Nov 11 10:00: Nov 3 and 4 counted; Nov 5, 6, 9,
    // 10 and 11 not; then Nov 12, 13, 16 -> Nov 17 00:00.
    pause_case(&mut e, "J1", "2026-11-04T10:00:00+08:00");
    let j1 = e.case("J1").unwrap();
    assert!(j1.consult().unwrap().is_paused() && j1.decision().unwrap().is_paused());
    assert_eq!(j1.consult().unwrap().pauses()[0].kind, PauseKind::ExpertReview);
    let ev = e.advance(t("2026-11-10T12:00:00+08:00"));
    assert!(silence_consents(&ev).is_empty(), "{ev:?}");
    resume_case(&mut e, "J1", "2026-11-11T10:00:00+08:00");
    assert!(!e.case("J1").unwrap().consult().unwrap().is_paused());
    assert!(silence_consents(&e.advance(t("2026-11-16T23:00:00+08:00"))).is_empty());
    let ev = e.advance(t("2026-11-17T00:00:00+08:00"));
    assert_eq!(silence_consents(&ev), vec![("fire", t("2026-11-17T00:00:00+08:00"))]);
    // A reply given while the case is paused ends the consult limit there; replay gives the same clocks.
    let mut e = engine_with_joint_pauses();
    let mut log = receive(&mut e, "J2", FIRE_CHECK, "2026-11-02T09:00:00+08:00");
    log.extend(accept(&mut e, "J2", "2026-11-02T10:00:00+08:00"));
    log.extend(pause_case(&mut e, "J2", "2026-11-04T10:00:00+08:00"));
    log.extend(
        e.execute(Command::from(commands::JointReply {
            case: "J2".into(),
            at: t("2026-11-05T10:00:00+08:00"),
            actor: "s-fire".into(),
            unit: "fire".into(),
            opinion: xiaoneng::Opinion::Agree,
            reasons: String::new(),
        }))
        .unwrap(),
    );
    let consult = e.case("J2").unwrap().consult().unwrap().clone();
    assert_eq!(consult.completed_at(), Some(t("2026-11-05T10:00:00+08:00")));
    assert!(e.case("J2").unwrap().decision().unwrap().is_paused());
    log.extend(resume_case(&mut e, "J2", "2026-11-06T10:00:00+08:00"));
    let org = Org::from_json(ORG).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org, e.catalog().clone(), &log).unwrap();
    assert_eq!(replayed, e);
}
