//! Corrections (补正, 行政许可法 art. 32; docs/rules.md §3 art. 32), through the engine, against the county
//! preset: once the applicant hands in the corrections the case is timed again (the acceptance limit
//! after corrections, the policy's `corrections.acceptance_limit`), so that no case sits untimed in
//! `received`; when it passes without an acceptance, refusal or further notice the application is deemed
//! accepted from the corrections, beside a `late_acceptance` violation naming who held the window post;
//! and the applicant's optional limit (`corrections.applicant_limit`) records `corrections_overdue`,
//! never a refusal by itself. One named test per rule.
//!
//! Dates: 2026, with Oct 1-7 off and Saturday Oct 10 a makeup workday. Corrections handed in on Tue Sep 29
//! have 5 working days (Sep 30, Oct 8, 9, 10, 12): the limit ends on Oct 13 00:00 +08:00.

mod common;

use common::t;
use xiaoneng::commands;
use xiaoneng::{
    Acting, CaseState, Catalog, ClockName, ClockState, Command, Document, Engine, ErrorCode, Event, EventKind, Lang,
    Org, Policy, Rule, StandingSystem,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const FOOD: &str = "330100-FOOD-001";
const APPLICANT: &str = "某餐饮有限公司";
/// The acceptance limit after corrections handed in on Sep 29 09:00 ends here.
const LIMIT_END: &str = "2026-10-13T00:00:00+08:00";
const ACCEPTANCE_LIMIT: &str = "acceptance_limit = { unit = \"working_days\", amount = 5 }\n";

fn engine_of(policy: &str, org: Org) -> Engine {
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(policy).unwrap(), org, catalog).unwrap()
}

fn engine() -> Engine {
    engine_of(POLICY, Org::from_json(ORG).unwrap())
}

/// The county preset with the applicant's limit to hand in corrections: 3 working days.
fn with_applicant_limit() -> String {
    let p = POLICY.replacen(
        ACCEPTANCE_LIMIT,
        &format!("{ACCEPTANCE_LIMIT}applicant_limit = {{ unit = \"working_days\", amount = 3 }}\n"),
        1,
    );
    assert_ne!(p, POLICY);
    p
}

#[track_caller]
fn run(e: &mut Engine, cmd: impl Into<Command>) -> Vec<Event> {
    e.execute(cmd.into()).unwrap_or_else(|err| panic!("refused: {err}"))
}

fn receive(e: &mut Engine, case: &str) {
    run(
        e,
        commands::Receive {
            case: case.into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            item: FOOD.into(),
            applicant: APPLICANT.into(),
            materials: vec!["食品经营许可申请书".into()],
            renewal_of_expiry: None,
        },
    );
}

fn notify(case: &str, at: &str, missing: &[&str]) -> commands::NotifyCorrections {
    commands::NotifyCorrections {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
        missing: missing.iter().map(|s| s.to_string()).collect(),
    }
}

fn submit(case: &str, at: &str, actor: &str) -> commands::SubmitCorrections {
    commands::SubmitCorrections {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
        materials: vec!["营业执照复印件".into()],
    }
}

/// Received Mon Sep 28, told Sep 28 10:00, corrections handed in by the applicant Tue Sep 29 09:00.
fn corrected(e: &mut Engine, case: &str) {
    receive(e, case);
    run(e, notify(case, "2026-09-28T10:00:00+08:00", &["营业执照复印件"]));
    let ev = run(e, submit(case, "2026-09-29T09:00:00+08:00", APPLICANT));
    assert!(matches!(ev[0].kind, EventKind::CorrectionsSubmitted { .. }), "{ev:?}");
}

fn rules(events: &[Event]) -> Vec<Rule> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Violation { rule, .. } => Some(*rule),
            _ => None,
        })
        .collect()
}

fn violation(events: &[Event], rule: Rule) -> &Event {
    events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::Violation { rule: r, .. } if *r == rule))
        .unwrap_or_else(|| panic!("no {rule} in {events:?}"))
}

#[test]
fn art32_after_corrections_the_case_is_timed_again_and_deemed_accepted_from_the_corrections() {
    let mut e = engine();
    corrected(&mut e, "C1");
    let case = e.case("C1").unwrap();
    assert_eq!(case.state(), CaseState::Received);
    // Timed again: the acceptance limit runs from the corrections; the engine has a timer for it.
    let clock = case.acceptance_clock().expect("the acceptance limit after corrections");
    assert_eq!(clock.started_at(), t("2026-09-29T09:00:00+08:00"));
    assert_eq!(e.next_timer(), Some(t(LIMIT_END)));
    assert!(e.advance(t("2026-10-12T23:59:59+08:00")).is_empty());
    let ev = e.advance(t(LIMIT_END));
    // The missed limit first, then the deemed acceptance, at the limit's end; counted from the corrections,
    // the first step's 1 working day (Sep 30) had passed too: found and recorded now.
    assert_eq!(rules(&ev), vec![Rule::LateAcceptance, Rule::StepOverLimit]);
    assert!(ev.iter().all(|x| x.at == t(LIMIT_END) && x.actor.is_none()), "{ev:?}");
    let accepted: Vec<&Event> = ev
        .iter()
        .filter(|x| matches!(x.kind, EventKind::Accepted { .. }))
        .collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        accepted[0].kind,
        EventKind::Accepted {
            effective: t("2026-09-29T09:00:00+08:00"),
            deemed: true
        }
    );
    let case = e.case("C1").unwrap();
    assert_eq!(case.state(), CaseState::Accepted);
    assert_eq!(case.accepted(), Some((t("2026-09-29T09:00:00+08:00"), true)));
    assert_eq!(case.accepted_at(), Some(t(LIMIT_END)));
    // The decision clocks count from the corrections: pledged 10 working days from Tue Sep 29 are Sep 30,
    // Oct 8, 9, 10 (makeup Saturday), 12-16, 19.
    let v = e.view("C1", t(LIMIT_END)).unwrap();
    assert_eq!(v.decision.unwrap().deadline_date.to_string(), "2026-10-19");
    // The limit is recorded once, and a notice now is too late: the case is accepted.
    assert!(rules(&e.advance(t("2026-10-13T12:00:00+08:00"))).is_empty());
    let err = e
        .execute(notify("C1", "2026-10-13T12:00:00+08:00", &["营业执照复印件"]).into())
        .unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::InvalidState, Some("type")));
}

#[test]
fn art32_a_late_acceptance_after_corrections_names_the_window_post_its_acting_holder_and_the_unit_head() {
    // The window's A holder in the post at the limit's end: responsible.
    let mut e = engine();
    corrected(&mut e, "C1");
    let ev = e.advance(t(LIMIT_END));
    let EventKind::Violation {
        responsible,
        post,
        acting,
        unit,
        unit_head,
        detail,
        ..
    } = &violation(&ev, Rule::LateAcceptance).kind
    else {
        unreachable!()
    };
    assert_eq!(
        (
            post.as_deref(),
            responsible.as_deref(),
            unit.as_deref(),
            unit_head.as_deref()
        ),
        (Some("p-window"), Some("s-clerk"), Some("amr"), Some("s-head"))
    );
    assert_eq!(
        acting,
        &Some(Acting::Holder {
            staff: "s-clerk".into()
        })
    );
    assert!(
        detail.contains("2026-10-13") && detail.contains("2026-09-29"),
        "{detail}"
    );

    // A (s-clerk) on leave Oct 12-13: B acts for the window post at the limit's end and answers for it.
    let mut spec = Org::from_json(ORG).unwrap().spec().clone();
    spec.absences.push(
        serde_json::from_str(
            r#"{"staff":"s-clerk","start":"2026-10-12T00:00:00+08:00","end":"2026-10-14T00:00:00+08:00"}"#,
        )
        .unwrap(),
    );
    let mut e = engine_of(POLICY, Org::new(spec).unwrap());
    corrected(&mut e, "C1");
    let ev = e.advance(t(LIMIT_END));
    let EventKind::Violation {
        responsible, acting, ..
    } = &violation(&ev, Rule::LateAcceptance).kind
    else {
        unreachable!()
    };
    assert_eq!(responsible.as_deref(), Some("s-clerk2"));
    assert_eq!(
        acting,
        &Some(Acting::Backup {
            staff: "s-clerk2".into(),
            absent: Some("s-clerk".into())
        })
    );
}

#[test]
fn art32_an_acceptance_refusal_or_withdrawal_in_time_after_corrections_stops_the_limit() {
    let accept = |at: &str| commands::Accept {
        case: "C1".into(),
        at: t(at),
        actor: "s-clerk".into(),
    };
    let refuse = |at: &str| commands::Refuse {
        case: "C1".into(),
        at: t(at),
        actor: "s-clerk".into(),
        reasons: "补正材料仍不符合法定形式".into(),
        legal_basis: "《行政许可法》第三十二条".into(),
        remedies: "可于六十日内申请行政复议".into(),
    };
    let withdraw = |at: &str| commands::Withdraw {
        case: "C1".into(),
        at: t(at),
        actor: "s-clerk".into(),
    };
    let ends: [(&str, Command); 3] = [
        ("accept", accept("2026-10-12T16:00:00+08:00").into()),
        ("refuse", refuse("2026-10-12T16:00:00+08:00").into()),
        ("withdraw", withdraw("2026-10-12T16:00:00+08:00").into()),
    ];
    for (name, cmd) in ends {
        let mut e = engine();
        corrected(&mut e, "C1");
        let ev = run(&mut e, cmd);
        assert!(
            !ev.iter()
                .any(|x| matches!(x.kind, EventKind::Accepted { deemed: true, .. })),
            "{name}"
        );
        let case = e.case("C1").unwrap();
        let clock = case.acceptance_clock().unwrap();
        assert_eq!(clock.completed_at(), Some(t("2026-10-12T16:00:00+08:00")), "{name}");
        let status = clock.status(e.calendar(), t("2026-12-01T00:00:00+08:00")).unwrap();
        assert_eq!(status.state, ClockState::CompletedOnTime, "{name}");
        // Nothing about acceptance fires later.
        let later = e.advance(t("2026-12-01T00:00:00+08:00"));
        assert!(!rules(&later).contains(&Rule::LateAcceptance), "{name}: {later:?}");
        assert!(
            !later.iter().any(|x| matches!(x.kind, EventKind::Accepted { .. })),
            "{name}: {later:?}"
        );
    }
}

#[test]
fn art32_a_second_notice_after_corrections_stops_the_limit_and_the_next_corrections_start_it_again() {
    let mut e = engine();
    corrected(&mut e, "C1");
    // The new copy of the licence is illegible (caused by the new material): told again in time.
    let ev = run(&mut e, notify("C1", "2026-10-09T10:00:00+08:00", &["营业执照复印件"]));
    assert!(rules(&ev).is_empty(), "{ev:?}");
    let case = e.case("C1").unwrap();
    assert_eq!(case.state(), CaseState::AwaitingCorrection);
    assert_eq!(
        case.acceptance_clock().unwrap().completed_at(),
        Some(t("2026-10-09T10:00:00+08:00"))
    );
    // Waiting for the applicant is not the organ's time: nothing is due while awaiting corrections (the
    // preset sets no applicant limit).
    assert_eq!(e.next_timer(), None);
    assert!(e.advance(t("2026-11-30T00:00:00+08:00")).is_empty());
    // The next corrections (Tue Dec 1, by the window's B clerk) start the limit again: Dec 2-4, 7, 8.
    run(&mut e, submit("C1", "2026-12-01T09:00:00+08:00", "s-clerk2"));
    let case = e.case("C1").unwrap();
    assert_eq!(
        case.acceptance_clock().unwrap().started_at(),
        t("2026-12-01T09:00:00+08:00")
    );
    assert_eq!(e.next_timer(), Some(t("2026-12-09T00:00:00+08:00")));
    let ev = e.advance(t("2026-12-09T00:00:00+08:00"));
    assert!(rules(&ev).contains(&Rule::LateAcceptance), "{ev:?}");
    assert_eq!(
        e.case("C1").unwrap().accepted(),
        Some((t("2026-12-01T09:00:00+08:00"), true))
    );
}

#[test]
fn art32_without_time_limited_completion_the_deemed_acceptance_comes_without_the_violation() {
    let line = "    \"time_limited_completion\",   # 限时办结制\n";
    let policy = POLICY.replacen(line, "", 1);
    assert!(!Policy::from_toml(&policy)
        .unwrap()
        .has_system(StandingSystem::TimeLimitedCompletion));
    let mut e = engine_of(&policy, Org::from_json(ORG).unwrap());
    corrected(&mut e, "C1");
    let ev = e.advance(t(LIMIT_END));
    assert!(rules(&ev).is_empty(), "{ev:?}");
    assert_eq!(
        e.case("C1").unwrap().accepted(),
        Some((t("2026-09-29T09:00:00+08:00"), true))
    );
}

#[test]
fn corrections_overdue_is_recorded_when_the_applicants_limit_passes_and_nothing_is_refused_by_itself() {
    let mut e = engine_of(&with_applicant_limit(), Org::from_json(ORG).unwrap());
    receive(&mut e, "C1");
    run(&mut e, notify("C1", "2026-09-28T10:00:00+08:00", &["营业执照复印件"]));
    // 3 working days from the notice on Mon Sep 28: Sep 29, 30, Oct 8; the limit ends on Oct 9 00:00.
    let clock = e.case("C1").unwrap().corrections_clock().unwrap();
    assert_eq!(clock.started_at(), t("2026-09-28T10:00:00+08:00"));
    assert_eq!(e.next_timer(), Some(t("2026-10-09T00:00:00+08:00")));
    let ev = e.advance(t("2026-10-20T00:00:00+08:00"));
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].kind, EventKind::CorrectionsOverdue);
    assert_eq!(ev[0].at, t("2026-10-09T00:00:00+08:00"));
    assert!(ev[0].actor.is_none());
    // Once; the case still waits for the applicant; no violation (the applicant is no post).
    assert_eq!(e.case("C1").unwrap().state(), CaseState::AwaitingCorrection);
    assert!(e.advance(t("2026-11-20T00:00:00+08:00")).is_empty());
    assert_eq!(e.next_timer(), None);

    // The window may now refuse, stating the lapse...
    let mut refused = e.clone();
    let ev = run(
        &mut refused,
        commands::Refuse {
            case: "C1".into(),
            at: t("2026-11-20T09:00:00+08:00"),
            actor: "s-clerk".into(),
            reasons: "申请人逾期未补正".into(),
            legal_basis: "《行政许可法》第三十二条".into(),
            remedies: "可于六十日内申请行政复议".into(),
        },
    );
    assert!(matches!(ev[0].kind, EventKind::Refused { .. }));
    // ... or still take corrections handed in late: the applicant's limit completes late and the
    // acceptance limit starts.
    run(&mut e, submit("C1", "2026-11-20T09:00:00+08:00", APPLICANT));
    let case = e.case("C1").unwrap();
    let late = case
        .corrections_clock()
        .unwrap()
        .status(e.calendar(), t("2026-11-20T09:00:00+08:00"))
        .unwrap();
    assert_eq!(late.state, ClockState::CompletedLate);
    assert_eq!(
        case.acceptance_clock().unwrap().started_at(),
        t("2026-11-20T09:00:00+08:00")
    );
    // A further notice gives the applicant a new limit, recorded again when it passes (Nov 23-25).
    run(&mut e, notify("C1", "2026-11-20T10:00:00+08:00", &["营业执照复印件"]));
    let ev = e.advance(t("2026-11-26T00:00:00+08:00"));
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(
        (ev[0].at, &ev[0].kind),
        (t("2026-11-26T00:00:00+08:00"), &EventKind::CorrectionsOverdue)
    );
}

#[test]
fn corrections_are_handed_in_by_the_applicant_or_the_window_of_the_cases_unit_or_its_intake_not_another_unit() {
    let intake = format!("{POLICY}\n[[intake]]\nunit = \"hall\"\nitems = [\"{FOOD}\"]\n");
    let mut e = engine_of(&intake, Org::from_json(ORG).unwrap());
    receive(&mut e, "C1");
    run(&mut e, notify("C1", "2026-09-28T10:00:00+08:00", &["营业执照复印件"]));
    let at = "2026-09-29T09:00:00+08:00";
    // Another unit's window clerk, another unit's head: forbidden, naming the actor; nothing changes.
    for actor in ["s-fire-clerk", "s-fire-head"] {
        let before = e.clone();
        let err = e.execute(submit("C1", at, actor).into()).unwrap_err();
        assert_eq!(
            (err.code(), err.field(), err.value()),
            (ErrorCode::Forbidden, Some("actor"), Some(actor)),
            "{err}"
        );
        assert!(err.reason().contains("not of the case's unit `amr`"), "{err}");
        assert_eq!(e, before);
    }
    // Someone who is neither the applicant nor staff: not found.
    let err = e.execute(submit("C1", at, "另一公司").into()).unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::NotFound, Some("actor")), "{err}");
    // The applicant, the case unit's window and the intake window that takes the item in: each is taken.
    for actor in [APPLICANT, "s-clerk", "s-hall"] {
        let mut e = e.clone();
        let ev = run(&mut e, submit("C1", at, actor));
        assert_eq!(ev[0].actor.as_deref(), Some(actor));
        assert!(e.case("C1").unwrap().acceptance_clock().is_some());
    }
}

#[test]
fn the_acceptance_limit_after_corrections_survives_snapshot_restore_and_replay() {
    let mut e = engine_of(&with_applicant_limit(), Org::from_json(ORG).unwrap());
    receive(&mut e, "C1");
    run(&mut e, notify("C1", "2026-09-28T10:00:00+08:00", &["营业执照复印件"]));
    run(&mut e, submit("C1", "2026-09-29T09:00:00+08:00", APPLICANT));
    receive(&mut e, "C2");
    run(&mut e, notify("C2", "2026-09-28T11:00:00+08:00", &["营业执照复印件"]));
    let policy = || Policy::from_toml(&with_applicant_limit()).unwrap();
    let org = || Org::from_json(ORG).unwrap();
    let catalog = || Catalog::from_json(CATALOG, &org()).unwrap();
    let mut copy = Engine::restore(policy(), org(), catalog(), &e.snapshot()).unwrap();
    assert_eq!(copy.snapshot(), e.snapshot());
    assert_eq!(copy.next_timer(), e.next_timer());
    let a = e.advance(t("2026-12-01T00:00:00+08:00"));
    let b = copy.advance(t("2026-12-01T00:00:00+08:00"));
    assert_eq!(a, b);
    assert!(rules(&a).contains(&Rule::LateAcceptance), "{a:?}");
    assert!(
        a.iter()
            .any(|x| x.case == "C2" && x.kind == EventKind::CorrectionsOverdue),
        "{a:?}"
    );
    assert_eq!(e.snapshot(), copy.snapshot());
}

#[test]
fn the_acceptance_limit_after_corrections_replays_from_the_event_log() {
    let mut e = engine();
    let mut log = Vec::new();
    log.extend(run(
        &mut e,
        commands::Receive {
            case: "C1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            item: FOOD.into(),
            applicant: APPLICANT.into(),
            materials: vec!["食品经营许可申请书".into()],
            renewal_of_expiry: None,
        },
    ));
    log.extend(run(
        &mut e,
        notify("C1", "2026-09-28T10:00:00+08:00", &["营业执照复印件"]),
    ));
    log.extend(run(&mut e, submit("C1", "2026-09-29T09:00:00+08:00", APPLICANT)));
    log.extend(e.advance(t("2026-10-20T00:00:00+08:00")));
    assert!(rules(&log).contains(&Rule::LateAcceptance));
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org, catalog, &log).unwrap();
    assert_eq!(replayed.snapshot(), e.snapshot());
}

#[test]
fn explain_names_the_acceptance_limit_after_corrections_and_its_deemed_acceptance_in_chinese_and_english() {
    let mut e = engine();
    corrected(&mut e, "C1");
    let zh = e.explain("C1", t("2026-10-12T12:00:00+08:00"), Lang::Zh).unwrap();
    let c = zh.clocks.iter().find(|c| c.clock == ClockName::Acceptance).unwrap();
    assert_eq!(c.deadline_date.to_string(), "2026-10-12");
    assert!(c.basis.contains("第三十二条"), "{}", c.basis);
    assert!(zh.text.contains("【补正后受理时限】5个工作日"), "{}", zh.text);
    let en = e.explain("C1", t("2026-10-12T12:00:00+08:00"), Lang::En).unwrap();
    assert!(
        en.text.contains("[acceptance limit after corrections] 5 working days"),
        "{}",
        en.text
    );
    e.advance(t(LIMIT_END));
    let zh = e.explain("C1", t(LIMIT_END), Lang::Zh).unwrap();
    let d = &zh.deemed[0];
    assert_eq!(d.at, t("2026-09-29T09:00:00+08:00"));
    assert!(d.rule.contains("补正材料之日起视为受理"), "{}", d.rule);
    let en = e.explain("C1", t(LIMIT_END), Lang::En).unwrap();
    assert!(
        en.deemed[0].rule.contains("from the day the corrections were received"),
        "{}",
        en.deemed[0].rule
    );
}

#[test]
fn a_deemed_acceptance_after_corrections_counts_in_the_month_the_limit_passed() {
    let mut e = engine();
    corrected(&mut e, "C1");
    e.advance(t(LIMIT_END));
    let amr = |from: &str, to: &str| {
        e.metrics(t(from), t(to))
            .unwrap()
            .into_iter()
            .find(|m| m.unit == "amr")
            .unwrap()
    };
    let sep = amr("2026-09-01T00:00:00+08:00", "2026-10-01T00:00:00+08:00");
    assert_eq!((sep.accepted, sep.deemed_accepted), (0, 0));
    let oct = amr("2026-10-01T00:00:00+08:00", "2026-11-01T00:00:00+08:00");
    assert_eq!((oct.accepted, oct.deemed_accepted), (1, 1));
}
