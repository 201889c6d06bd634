//! Pledges (承诺), one named test per rule (docs/rules.md, "Pledges"): who orders, signs, opens, reports,
//! completes and verifies; the five specifics; milestones and limits on the official calendar and their
//! violations; the derived status; the rectification a substantiated complaint orders; the transition
//! table; replay and restore.

mod common;

use chrono::{DateTime, Utc};
use common::{org_with_supervisors as org, t, violations, Traced};
use xiaoneng::commands::*;
use xiaoneng::{
    Catalog, Category, Channel, Command, Document, Engine, ErrorCode, Event, EventKind, Finding, InPlace, PledgeKind,
    PledgeSource, PledgeState, PledgeStatus, Policy, Rule, Tier,
};

const POLICY: &str = include_str!("../presets/county.toml");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");

fn engine_with(policy: Policy) -> Engine {
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(policy, org, catalog).unwrap()
}

fn engine() -> Engine {
    engine_with(Policy::from_toml(POLICY).unwrap())
}

fn s(x: &str) -> String {
    x.to_string()
}

fn order(id: &str, at: &str, actor: &str, unit: &str) -> Command {
    OrderRectification {
        case: s(id),
        at: t(at),
        actor: s(actor),
        unit: s(unit),
        source: PledgeSource::Inspection,
        source_ref: None,
        problem: s("窗口人员离岗未挂去向牌"),
    }
    .into()
}

fn sign(id: &str, at: &str, actor: &str, responsible: &str, amount: u32, milestones: &[(&str, u32)]) -> Command {
    SignPledge {
        case: s(id),
        at: t(at),
        actor: s(actor),
        measures: s("建立离岗登记和AB岗顶岗制度"),
        responsible: s(responsible),
        standard: s("窗口在岗率100%"),
        amount,
        milestones: milestones.iter().map(|(m, _)| s(m)).collect(),
        milestone_days: milestones.iter().map(|(_, d)| *d).collect(),
    }
    .into()
}

fn report(id: &str, at: &str, actor: &str, milestone: Option<u32>, in_place: Option<InPlace>) -> Command {
    ReportPledge {
        case: s(id),
        at: t(at),
        actor: s(actor),
        note: s("已落实"),
        milestone,
        in_place,
    }
    .into()
}

fn complete(id: &str, at: &str, actor: &str) -> Command {
    CompletePledge {
        case: s(id),
        at: t(at),
        actor: s(actor),
        evidence: s("制度文件、培训签到表"),
    }
    .into()
}

fn verify(id: &str, at: &str, actor: &str, passed: bool, amount: Option<u32>) -> Command {
    VerifyPledge {
        case: s(id),
        at: t(at),
        actor: s(actor),
        passed,
        evidence: s("暗访三次"),
        amount,
    }
    .into()
}

fn open(id: &str, at: &str, actor: &str, kind: PledgeKind, amount: u32) -> Command {
    OpenPledge {
        case: s(id),
        at: t(at),
        actor: s(actor),
        pledge_kind: kind,
        unit: s("amr"),
        leader: s("s-gov-head"),
        responsible: s("s-head"),
        title: s("食品经营许可一窗通办"),
        standard: s("全流程网办率90%"),
        amount,
        milestones: vec![s("方案报批")],
        milestone_days: vec![5],
    }
    .into()
}

fn traced(rule: Rule, who: &str, unit: &str, head: &str) -> Traced {
    (rule, Some(s(who)), Some(s(unit)), Some(s(head)))
}

fn code_and_field(r: xiaoneng::Result<Vec<Event>>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code(), e.field().unwrap_or_default().to_string())
}

fn status(e: &Engine, id: &str, at: &str) -> PledgeStatus {
    e.pledge_status(id, t(at)).unwrap()
}

/// Z1 ordered of the market regulator on Monday 2026-11-02 and signed by its head the next day: 15
/// working days (to Tuesday 11-24), two milestones at 5 (11-10) and 10 (11-17) working days, `s-clerk`
/// responsible.
fn signed() -> Engine {
    let mut e = engine();
    e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    e.execute(sign(
        "Z1",
        "2026-11-03T09:00:00+08:00",
        "s-head",
        "s-clerk",
        15,
        &[("制度印发", 5), ("全员培训", 10)],
    ))
    .unwrap();
    e
}

/// [`signed`], with both milestones reached and the three 到位 reported in place by 11-12.
fn ready() -> Engine {
    let mut e = signed();
    e.execute(report(
        "Z1",
        "2026-11-05T09:00:00+08:00",
        "s-clerk",
        Some(1),
        Some(InPlace::Recognition),
    ))
    .unwrap();
    e.execute(report(
        "Z1",
        "2026-11-10T09:00:00+08:00",
        "s-clerk",
        Some(2),
        Some(InPlace::Rectification),
    ))
    .unwrap();
    e.execute(report(
        "Z1",
        "2026-11-12T09:00:00+08:00",
        "s-head",
        None,
        Some(InPlace::Accountability),
    ))
    .unwrap();
    e
}

#[test]
fn a_rectification_is_ordered_by_a_supervisor_outside_the_unit() {
    let mut e = engine();
    let events = e
        .execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    assert!(matches!(events[0].kind, EventKind::RectificationOrdered { .. }));
    let p = e.pledge("Z1").unwrap();
    assert_eq!(
        (p.state(), p.kind, p.unit.as_str()),
        (PledgeState::Ordered, PledgeKind::Rectification, "amr")
    );
    assert_eq!(p.orderer, "s-sup");
    // A supervisor seconded to the unit, and the unit's own head, may not order it.
    assert_eq!(
        code_and_field(e.execute(order("Z2", "2026-11-02T09:00:00+08:00", "s-amr-sup", "amr"))),
        (ErrorCode::Forbidden, s("actor"))
    );
    assert_eq!(
        code_and_field(e.execute(order("Z2", "2026-11-02T09:00:00+08:00", "s-head", "amr"))),
        (ErrorCode::Forbidden, s("actor"))
    );
    assert!(e.pledge("Z2").is_none());
}

#[test]
fn an_order_names_a_known_unit_a_problem_and_for_a_complaint_the_complaint() {
    let mut e = engine();
    assert_eq!(
        code_and_field(e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "nowhere"))),
        (ErrorCode::NotFound, s("unit"))
    );
    let mut cmd = OrderRectification {
        case: s("Z1"),
        at: t("2026-11-02T09:00:00+08:00"),
        actor: s("s-sup"),
        unit: s("amr"),
        source: PledgeSource::Complaint,
        source_ref: None,
        problem: s("办件超期"),
    };
    assert_eq!(
        code_and_field(e.execute(cmd.clone().into())),
        (ErrorCode::InvalidInput, s("source_ref"))
    );
    cmd.source_ref = Some(s("T404"));
    assert_eq!(
        code_and_field(e.execute(cmd.clone().into())),
        (ErrorCode::NotFound, s("source_ref"))
    );
    cmd.source_ref = None;
    cmd.source = PledgeSource::Inspection;
    cmd.problem = s("  ");
    assert_eq!(
        code_and_field(e.execute(cmd.into())),
        (ErrorCode::InvalidInput, s("problem"))
    );
    assert_eq!(e.pledges().count(), 0);
}

#[test]
fn the_pledge_is_signed_by_the_head_of_the_ordered_unit_only() {
    let mut e = engine();
    e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    let at = "2026-11-03T09:00:00+08:00";
    // Another unit's head, and a clerk of the unit, are refused.
    for actor in ["s-fire-head", "s-clerk", "s-sup"] {
        assert_eq!(
            code_and_field(e.execute(sign("Z1", at, actor, "s-clerk", 15, &[]))),
            (ErrorCode::Forbidden, s("actor")),
            "{actor}"
        );
    }
    e.execute(sign("Z1", at, "s-head", "s-clerk", 15, &[])).unwrap();
    let p = e.pledge("Z1").unwrap();
    assert_eq!(p.state(), PledgeState::Open);
    assert_eq!(
        (p.leader.as_deref(), p.responsible.as_deref()),
        (Some("s-head"), Some("s-clerk"))
    );
}

#[test]
fn the_five_specifics_are_required() {
    let mut e = engine();
    e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    let at = t("2026-11-03T09:00:00+08:00");
    let good = SignPledge {
        case: s("Z1"),
        at,
        actor: s("s-head"),
        measures: s("建立制度"),
        responsible: s("s-clerk"),
        standard: s("在岗率100%"),
        amount: 15,
        milestones: vec![],
        milestone_days: vec![],
    };
    let cases: Vec<(SignPledge, ErrorCode, &str)> = vec![
        (
            SignPledge {
                measures: s(""),
                ..good.clone()
            },
            ErrorCode::InvalidInput,
            "measures",
        ),
        (
            SignPledge {
                standard: s(" "),
                ..good.clone()
            },
            ErrorCode::InvalidInput,
            "standard",
        ),
        (
            SignPledge {
                amount: 0,
                ..good.clone()
            },
            ErrorCode::InvalidInput,
            "amount",
        ),
        // The one responsible is of the unit.
        (
            SignPledge {
                responsible: s("s-fire"),
                ..good.clone()
            },
            ErrorCode::InvalidInput,
            "responsible",
        ),
        (
            SignPledge {
                responsible: s("nobody"),
                ..good.clone()
            },
            ErrorCode::NotFound,
            "responsible",
        ),
    ];
    for (cmd, code, field) in cases {
        assert_eq!(code_and_field(e.execute(cmd.into())), (code, s(field)));
    }
    assert_eq!(e.pledge("Z1").unwrap().state(), PledgeState::Ordered);
    e.execute(good.into()).unwrap();
}

#[test]
fn milestones_come_in_order_within_the_pledge_limit_one_limit_each() {
    let mut e = engine();
    e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    let at = "2026-11-03T09:00:00+08:00";
    assert_eq!(
        code_and_field(e.execute(sign("Z1", at, "s-head", "s-clerk", 15, &[("a", 10), ("b", 5)]))),
        (ErrorCode::InvalidInput, s("milestone_days[1]"))
    );
    assert_eq!(
        code_and_field(e.execute(sign("Z1", at, "s-head", "s-clerk", 15, &[("a", 16)]))),
        (ErrorCode::InvalidInput, s("milestone_days[0]"))
    );
    assert_eq!(
        code_and_field(e.execute(sign("Z1", at, "s-head", "s-clerk", 15, &[("", 5)]))),
        (ErrorCode::InvalidInput, s("milestones[0]"))
    );
    let mut mismatched = SignPledge {
        case: s("Z1"),
        at: t(at),
        actor: s("s-head"),
        measures: s("m"),
        responsible: s("s-clerk"),
        standard: s("x"),
        amount: 15,
        milestones: vec![s("a"), s("b")],
        milestone_days: vec![5],
    };
    assert_eq!(
        code_and_field(e.execute(mismatched.clone().into())),
        (ErrorCode::InvalidInput, s("milestone_days"))
    );
    mismatched.milestone_days.push(5);
    e.execute(mismatched.into()).unwrap();
    assert_eq!(e.pledge("Z1").unwrap().milestones.len(), 2);
}

#[test]
fn an_order_not_signed_within_the_signing_limit_is_a_violation_of_the_unit_head() {
    let mut e = engine();
    e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    // Five working days from Monday 11-02 (not counted): the limit ends with Monday 11-09.
    assert_eq!(status(&e, "Z1", "2026-11-03T09:00:00+08:00"), PledgeStatus::OnTrack);
    assert_eq!(status(&e, "Z1", "2026-11-09T09:00:00+08:00"), PledgeStatus::AtRisk);
    assert!(violations(&e.advance(t("2026-11-09T23:59:59+08:00"))).is_empty());
    assert_eq!(
        violations(&e.advance(t("2026-11-10T09:00:00+08:00"))),
        vec![traced(Rule::LatePledgeSigning, "s-head", "amr", "s-head")]
    );
    assert_eq!(status(&e, "Z1", "2026-11-10T09:00:00+08:00"), PledgeStatus::Overdue);
    // Recorded once; signing late is still possible.
    assert!(violations(&e.advance(t("2026-12-01T00:00:00+08:00"))).is_empty());
    e.execute(sign("Z1", "2026-12-01T09:00:00+08:00", "s-head", "s-clerk", 15, &[]))
        .unwrap();
    assert_eq!(status(&e, "Z1", "2026-12-01T09:00:00+08:00"), PledgeStatus::OnTrack);
}

#[test]
fn a_missed_milestone_is_a_violation_of_the_responsible_person_and_the_pledge_is_overdue() {
    let mut e = signed();
    assert_eq!(status(&e, "Z1", "2026-11-04T09:00:00+08:00"), PledgeStatus::OnTrack);
    // Milestone 1 ends with Tuesday 11-10 (5 working days from 11-03): at risk within 3 working days.
    assert_eq!(status(&e, "Z1", "2026-11-09T09:00:00+08:00"), PledgeStatus::AtRisk);
    assert_eq!(
        violations(&e.advance(t("2026-11-11T09:00:00+08:00"))),
        vec![traced(Rule::PledgeMilestoneMissed, "s-clerk", "amr", "s-head")]
    );
    assert_eq!(status(&e, "Z1", "2026-11-11T09:00:00+08:00"), PledgeStatus::Overdue);
    let p = e.pledge("Z1").unwrap();
    assert!(p.milestones[0].breached && !p.milestones[1].breached);
    // Reached late, the milestone no longer holds the pledge overdue.
    e.execute(report("Z1", "2026-11-11T10:00:00+08:00", "s-clerk", Some(1), None))
        .unwrap();
    assert_eq!(status(&e, "Z1", "2026-11-11T10:00:00+08:00"), PledgeStatus::OnTrack);
}

#[test]
fn a_pledge_unfulfilled_at_its_limit_is_broken_against_the_responsible_person_and_the_leader() {
    let mut e = signed();
    e.execute(report("Z1", "2026-11-05T09:00:00+08:00", "s-clerk", Some(1), None))
        .unwrap();
    e.execute(report("Z1", "2026-11-06T09:00:00+08:00", "s-clerk", Some(2), None))
        .unwrap();
    // 15 working days from 11-03: the limit ends with Tuesday 11-24.
    assert!(violations(&e.advance(t("2026-11-24T23:59:59+08:00"))).is_empty());
    assert_eq!(
        violations(&e.advance(t("2026-11-25T09:00:00+08:00"))),
        vec![
            traced(Rule::PledgeBroken, "s-clerk", "amr", "s-head"),
            traced(Rule::PledgeBroken, "s-head", "amr", "s-head"),
        ]
    );
    assert_eq!(status(&e, "Z1", "2026-11-25T09:00:00+08:00"), PledgeStatus::Broken);
    // Broken stays broken, even once fulfilled and verified.
    for aspect in InPlace::ALL {
        e.execute(report(
            "Z1",
            "2026-11-26T09:00:00+08:00",
            "s-clerk",
            None,
            Some(*aspect),
        ))
        .unwrap();
    }
    e.execute(complete("Z1", "2026-11-26T10:00:00+08:00", "s-head"))
        .unwrap();
    e.execute(verify("Z1", "2026-11-27T10:00:00+08:00", "s-sup", true, None))
        .unwrap();
    assert_eq!(e.pledge("Z1").unwrap().state(), PledgeState::Kept);
    assert_eq!(status(&e, "Z1", "2026-11-27T10:00:00+08:00"), PledgeStatus::Broken);
}

#[test]
fn progress_is_reported_by_the_responsible_person_the_leader_or_the_unit_head_only() {
    let mut e = signed();
    let at = "2026-11-05T09:00:00+08:00";
    for actor in ["s-fire-head", "s-clerk2", "s-sup"] {
        assert_eq!(
            code_and_field(e.execute(report("Z1", at, actor, Some(1), None))),
            (ErrorCode::Forbidden, s("actor")),
            "{actor}"
        );
    }
    assert_eq!(
        code_and_field(e.execute(report("Z1", at, "s-clerk", Some(3), None))),
        (ErrorCode::InvalidInput, s("milestone"))
    );
    e.execute(report("Z1", at, "s-clerk", Some(1), None)).unwrap();
    assert_eq!(
        code_and_field(e.execute(report("Z1", at, "s-head", Some(1), None))),
        (ErrorCode::InvalidState, s("milestone"))
    );
    assert_eq!(e.pledge("Z1").unwrap().reports, 1);
}

#[test]
fn completion_needs_every_milestone_and_the_three_in_place_with_evidence() {
    let mut e = signed();
    let at = "2026-11-12T09:00:00+08:00";
    assert_eq!(
        code_and_field(e.execute(complete("Z1", at, "s-head"))),
        (ErrorCode::InvalidState, s("type"))
    );
    let mut e = ready();
    let mut missing = e.clone();
    // Without the third 到位 (a fresh pledge with milestones reached but two aspects only).
    let mut two = signed();
    two.execute(report(
        "Z1",
        "2026-11-05T09:00:00+08:00",
        "s-clerk",
        Some(1),
        Some(InPlace::Recognition),
    ))
    .unwrap();
    two.execute(report(
        "Z1",
        "2026-11-06T09:00:00+08:00",
        "s-clerk",
        Some(2),
        Some(InPlace::Rectification),
    ))
    .unwrap();
    let err = two.execute(complete("Z1", at, "s-head")).unwrap_err();
    assert!(err.to_string().contains("accountability"), "{err}");
    let empty = CompletePledge {
        case: s("Z1"),
        at: t(at),
        actor: s("s-head"),
        evidence: s(""),
    };
    assert_eq!(
        code_and_field(missing.execute(empty.into())),
        (ErrorCode::InvalidInput, s("evidence"))
    );
    e.execute(complete("Z1", at, "s-head")).unwrap();
    let p = e.pledge("Z1").unwrap();
    assert_eq!(
        (p.state(), p.completed_by.as_deref()),
        (PledgeState::Completed, Some("s-head"))
    );
    assert_eq!(status(&e, "Z1", at), PledgeStatus::OnTrack);
    // The three 到位 belong to rectification pledges.
    let mut d = engine();
    d.execute(open(
        "D1",
        "2026-11-02T09:00:00+08:00",
        "s-sup",
        PledgeKind::Supervised,
        20,
    ))
    .unwrap();
    assert_eq!(
        code_and_field(d.execute(report("D1", at, "s-head", None, Some(InPlace::Recognition)))),
        (ErrorCode::InvalidInput, s("in_place"))
    );
}

#[test]
fn kept_only_after_verification_by_a_different_person_outside_the_unit() {
    let mut e = ready();
    e.execute(complete("Z1", "2026-11-12T09:00:00+08:00", "s-head"))
        .unwrap();
    let at = "2026-11-13T09:00:00+08:00";
    // The unit's own (seconded) supervisor, and anyone without the role, are refused.
    for actor in ["s-amr-sup", "s-head", "s-clerk"] {
        assert_eq!(
            code_and_field(e.execute(verify("Z1", at, actor, true, None))),
            (ErrorCode::Forbidden, s("actor")),
            "{actor}"
        );
    }
    assert_eq!(
        code_and_field(e.execute(verify("Z1", at, "s-sup", true, Some(5)))),
        (ErrorCode::InvalidInput, s("amount"))
    );
    e.execute(verify("Z1", at, "s-sup2", true, None)).unwrap();
    let p = e.pledge("Z1").unwrap();
    assert_eq!(
        (p.state(), p.verified_by.as_deref()),
        (PledgeState::Kept, Some("s-sup2"))
    );
    assert_eq!(status(&e, "Z1", "2027-06-01T09:00:00+08:00"), PledgeStatus::Kept);
    // A kept pledge has no timers left.
    assert!(violations(&e.advance(t("2027-06-01T00:00:00+08:00"))).is_empty());
}

#[test]
fn a_supervisor_who_carries_out_a_supervised_item_may_not_verify_it() {
    let mut e = engine();
    let mut cmd = match open("D1", "2026-11-02T09:00:00+08:00", "s-sup", PledgeKind::Supervised, 20) {
        Command::Pledge(PledgeCommand::OpenPledge(o)) => o,
        _ => unreachable!(),
    };
    cmd.leader = s("s-sup2");
    cmd.milestones.clear();
    cmd.milestone_days.clear();
    e.execute(cmd.into()).unwrap();
    e.execute(complete("D1", "2026-11-05T09:00:00+08:00", "s-head"))
        .unwrap();
    assert_eq!(
        code_and_field(e.execute(verify("D1", "2026-11-06T09:00:00+08:00", "s-sup2", true, None))),
        (ErrorCode::Forbidden, s("actor"))
    );
    e.execute(verify("D1", "2026-11-06T09:00:00+08:00", "s-sup", true, None))
        .unwrap();
}

#[test]
fn a_failed_verification_reopens_the_pledge_with_a_new_limit() {
    let mut e = ready();
    e.execute(complete("Z1", "2026-11-12T09:00:00+08:00", "s-head"))
        .unwrap();
    assert_eq!(
        code_and_field(e.execute(verify("Z1", "2026-11-13T09:00:00+08:00", "s-sup", false, None))),
        (ErrorCode::InvalidInput, s("amount"))
    );
    e.execute(verify("Z1", "2026-11-13T09:00:00+08:00", "s-sup", false, Some(5)))
        .unwrap();
    let p = e.pledge("Z1").unwrap();
    assert_eq!((p.state(), p.failed_verifications), (PledgeState::Open, 1));
    // Five working days from Friday 11-13: the new limit ends with Friday 11-20.
    assert!(violations(&e.advance(t("2026-11-20T23:59:59+08:00"))).is_empty());
    assert_eq!(
        violations(&e.advance(t("2026-11-21T09:00:00+08:00"))),
        vec![
            traced(Rule::PledgeBroken, "s-clerk", "amr", "s-head"),
            traced(Rule::PledgeBroken, "s-head", "amr", "s-head"),
        ]
    );
}

#[test]
fn a_supervised_item_is_opened_with_its_leader_and_unfinished_at_its_limit_is_a_violation_of_both() {
    let mut e = engine();
    for (actor, code) in [("s-amr-sup", ErrorCode::Forbidden), ("s-head", ErrorCode::Forbidden)] {
        assert_eq!(
            code_and_field(e.execute(open(
                "D1",
                "2026-11-02T09:00:00+08:00",
                actor,
                PledgeKind::Supervised,
                20
            ))),
            (code, s("actor"))
        );
    }
    assert_eq!(
        code_and_field(e.execute(open(
            "D1",
            "2026-11-02T09:00:00+08:00",
            "s-sup",
            PledgeKind::Rectification,
            20
        ))),
        (ErrorCode::InvalidInput, s("pledge_kind"))
    );
    e.execute(open(
        "D1",
        "2026-11-02T09:00:00+08:00",
        "s-sup",
        PledgeKind::Supervised,
        20,
    ))
    .unwrap();
    // The leader reports the milestone; the limit (20 working days from 11-02: 11-30) passes unfulfilled.
    e.execute(report("D1", "2026-11-05T09:00:00+08:00", "s-gov-head", Some(1), None))
        .unwrap();
    assert_eq!(
        violations(&e.advance(t("2026-12-01T09:00:00+08:00"))),
        vec![
            traced(Rule::PledgeBroken, "s-head", "amr", "s-head"),
            traced(Rule::PledgeBroken, "s-gov-head", "gov", "s-gov-head"),
        ]
    );
    let p = e.pledge("D1").unwrap();
    assert_eq!((p.kind, p.breaches), (PledgeKind::Supervised, 1));
}

#[test]
fn key_projects_and_target_pledges_are_pledges_too() {
    let mut e = engine();
    e.execute(open(
        "K1",
        "2026-11-02T09:00:00+08:00",
        "s-sup",
        PledgeKind::KeyProject,
        20,
    ))
    .unwrap();
    e.execute(open("G1", "2026-11-02T09:00:00+08:00", "s-sup", PledgeKind::Target, 20))
        .unwrap();
    assert_eq!(e.pledge("K1").unwrap().kind, PledgeKind::KeyProject);
    assert_eq!(e.pledge("G1").unwrap().kind, PledgeKind::Target);
}

fn substantiated_and_closed(finding: Finding) -> (Engine, Vec<Event>) {
    let mut e = engine();
    let mut events = Vec::new();
    for cmd in complaint_commands_found(finding) {
        events = e.execute(cmd).unwrap();
    }
    (e, events)
}

#[test]
fn a_substantiated_complaint_orders_a_rectification_of_the_respondent_unit() {
    let (e, events) = substantiated_and_closed(Finding::Substantiated);
    let last = events.last().unwrap();
    assert_eq!((last.case.as_str(), last.actor.as_deref()), ("T1-ZG1", Some("s-sup")));
    assert!(matches!(last.kind, EventKind::RectificationOrdered { .. }));
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
    let p = e.pledge("T1-ZG1").unwrap();
    assert_eq!(
        (p.source, p.source_ref.as_deref(), p.unit.as_str(), p.state()),
        (Some(PledgeSource::Complaint), Some("T1"), "amr", PledgeState::Ordered)
    );
    assert!(p.problem.contains("承诺时限"));
    let (e, _) = substantiated_and_closed(Finding::Unsubstantiated);
    assert_eq!(e.pledges().count(), 0);
}

#[test]
fn a_reopened_complaint_closed_again_orders_no_second_rectification_while_the_first_is_unverified() {
    let (mut e, _) = substantiated_and_closed(Finding::Partly);
    e.execute(
        CallBackComplaint {
            case: s("T1"),
            at: t("2026-11-06T09:00:00+08:00"),
            actor: s("s-sup"),
            satisfied: false,
            note: s("仍未办结"),
        }
        .into(),
    )
    .unwrap();
    e.execute(
        HandleComplaint {
            case: s("T1"),
            at: t("2026-11-09T09:00:00+08:00"),
            actor: s("s-head"),
            finding: Finding::Substantiated,
            summary: s("已办结"),
            responsible: Some(s("s-rev")),
        }
        .into(),
    )
    .unwrap();
    let events = e
        .execute(
            CloseComplaint {
                case: s("T1"),
                at: t("2026-11-10T09:00:00+08:00"),
                actor: s("s-sup2"),
            }
            .into(),
        )
        .unwrap();
    assert!(events.iter().all(|e| e.case == "T1"));
    assert_eq!(e.pledges().count(), 1);
}

#[test]
fn a_policy_without_supervision_records_none_of_the_pledge_violations() {
    let mut policy = Policy::from_toml(POLICY).unwrap();
    policy.systems.retain(|s| *s != xiaoneng::StandingSystem::Supervision);
    let mut e = engine_with(policy);
    e.execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    assert!(violations(&e.advance(t("2027-06-01T00:00:00+08:00"))).is_empty());
    // The status still says what the record shows.
    assert_eq!(status(&e, "Z1", "2027-06-01T00:00:00+08:00"), PledgeStatus::Overdue);
}

#[test]
fn the_status_is_derived_never_stored() {
    let e = signed();
    let json = serde_json::to_value(e.pledge("Z1").unwrap()).unwrap();
    assert!(json.get("status").is_none());
    assert_eq!(status(&e, "Z1", "2026-11-04T09:00:00+08:00"), PledgeStatus::OnTrack);
    assert_eq!(status(&e, "Z1", "2026-11-30T09:00:00+08:00"), PledgeStatus::Broken);
    assert_eq!(
        e.pledge_status("Z404", t("2026-11-04T09:00:00+08:00"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn replay_and_restore_give_back_the_same_pledges() {
    // The same commands on two engines: one logs its events, the other is replayed and restored from.
    let (mut e, _) = substantiated_and_closed(Finding::Substantiated);
    let mut src = engine();
    let mut log: Vec<Event> = Vec::new();
    for cmd in complaint_commands() {
        log.extend(src.execute(cmd).unwrap());
    }
    for cmd in [
        sign(
            "T1-ZG1",
            "2026-11-06T09:00:00+08:00",
            "s-head",
            "s-clerk",
            10,
            &[("制度", 3)],
        ),
        report(
            "T1-ZG1",
            "2026-11-09T09:00:00+08:00",
            "s-clerk",
            None,
            Some(InPlace::Recognition),
        ),
    ] {
        log.extend(src.execute(cmd.clone()).unwrap());
        e.execute(cmd).unwrap();
    }
    log.extend(src.advance(t("2026-12-31T00:00:00+08:00")));
    e.advance(t("2026-12-31T00:00:00+08:00"));
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org.clone(), catalog.clone(), &log).unwrap();
    assert_eq!(replayed.pledge("T1-ZG1"), e.pledge("T1-ZG1"));
    assert!(replayed.pledge("T1-ZG1").unwrap().breaches == 1);
    let restored = Engine::restore(Policy::from_toml(POLICY).unwrap(), org, catalog, &e.snapshot()).unwrap();
    assert_eq!(restored.pledge("T1-ZG1"), e.pledge("T1-ZG1"));
    assert!(restored == e);
}

/// Complaint T1 about the market regulator: registered on Monday 2026-11-02, referred to its head, handled
/// with `finding` (`s-rev` responsible when it holds) on 11-04 and closed by `s-sup` on 11-05.
fn complaint_commands_found(finding: Finding) -> Vec<Command> {
    vec![
        RegisterComplaint {
            case: s("T1"),
            at: t("2026-11-02T09:00:00+08:00"),
            actor: s("s-sup"),
            channel: Channel::Hotline12345,
            category: Category::Delay,
            respondent: s("amr"),
            subject: s("食品经营许可申请超过承诺时限仍未办结"),
            complainant: Some(s("张先生")),
            contact: s("138****0000"),
        }
        .into(),
        AcceptComplaint {
            case: s("T1"),
            at: t("2026-11-02T10:00:00+08:00"),
            actor: s("s-sup"),
            tier: Tier::Unit,
            handler: s("s-head"),
        }
        .into(),
        HandleComplaint {
            case: s("T1"),
            at: t("2026-11-04T09:00:00+08:00"),
            actor: s("s-head"),
            finding,
            summary: s("审核岗超时未办"),
            responsible: (finding != Finding::Unsubstantiated).then(|| s("s-rev")),
        }
        .into(),
        CloseComplaint {
            case: s("T1"),
            at: t("2026-11-05T09:00:00+08:00"),
            actor: s("s-sup"),
        }
        .into(),
    ]
}

fn complaint_commands() -> Vec<Command> {
    complaint_commands_found(Finding::Substantiated)
}

/// A command of each name on Z1 that passes every check but the state's.
fn any_command(name: &str, at: DateTime<Utc>) -> Command {
    let at = at.to_rfc3339();
    match name {
        "order_rectification" => order("Z1", &at, "s-sup", "amr"),
        "sign_pledge" => sign("Z1", &at, "s-head", "s-clerk", 15, &[]),
        "open_pledge" => open("Z1", &at, "s-sup", PledgeKind::Supervised, 20),
        "report_pledge" => report("Z1", &at, "s-clerk", None, None),
        "complete_pledge" => complete("Z1", &at, "s-head"),
        "verify_pledge" => verify("Z1", &at, "s-sup2", true, None),
        "rate_pledge" => rate("Z1", &at, "m-deputy", "monitors", "2026-Q4", 80),
        other => panic!("no such pledge command: {other}"),
    }
}

#[test]
fn every_command_is_allowed_exactly_in_the_states_of_the_transition_table() {
    let at = t("2026-11-13T09:00:00+08:00");
    let mut ordered = engine();
    ordered
        .execute(order("Z1", "2026-11-02T09:00:00+08:00", "s-sup", "amr"))
        .unwrap();
    let open_ = ready();
    let mut completed = open_.clone();
    completed
        .execute(complete("Z1", "2026-11-12T09:00:00+08:00", "s-head"))
        .unwrap();
    let mut kept = completed.clone();
    kept.execute(verify("Z1", "2026-11-12T10:00:00+08:00", "s-sup", true, None))
        .unwrap();
    let states = [
        (PledgeState::Ordered, ordered),
        (PledgeState::Open, open_),
        (PledgeState::Completed, completed),
        (PledgeState::Kept, kept),
    ];
    let table: &[(&str, &[PledgeState])] = &[
        ("order_rectification", &[]),
        ("sign_pledge", &[PledgeState::Ordered]),
        ("open_pledge", &[]),
        ("report_pledge", &[PledgeState::Open]),
        ("complete_pledge", &[PledgeState::Open]),
        ("verify_pledge", &[PledgeState::Completed]),
        (
            "rate_pledge",
            &[PledgeState::Open, PledgeState::Completed, PledgeState::Kept],
        ),
    ];
    assert_eq!(table.iter().map(|(n, _)| *n).collect::<Vec<_>>(), PledgeCommand::NAMES);
    for (state, engine) in &states {
        assert_eq!(engine.pledge("Z1").unwrap().state(), *state);
        for (name, allowed) in table {
            let mut e = engine.clone();
            let r = e.execute(any_command(name, at));
            if allowed.contains(state) && *name == "rate_pledge" {
                // The state allows it; Z1, a rectification pledge, is not rated by rater groups.
                let err = r.unwrap_err();
                assert!(
                    err.to_string().contains("rater groups rate key projects"),
                    "{name} in {state}: {err}"
                );
            } else if allowed.contains(state) {
                assert!(r.is_ok(), "{name} in {state}: {:?}", r.err());
            } else {
                let err = r.unwrap_err();
                assert_eq!(err.code(), ErrorCode::InvalidState, "{name} in {state}: {err}");
                assert!(&e == engine, "{name} in {state}: a refused command changed the engine");
            }
        }
    }
}

fn rate(id: &str, at: &str, actor: &str, group: &str, period: &str, score: u32) -> Command {
    RatePledge {
        case: s(id),
        at: t(at),
        actor: s(actor),
        group: s(group),
        period: s(period),
        score,
        note: String::new(),
    }
    .into()
}

/// An engine with key project K1 of `amr` opened on 2026-10-08.
fn key_project() -> Engine {
    let mut e = engine();
    e.execute(open(
        "K1",
        "2026-10-08T09:00:00+08:00",
        "s-sup",
        PledgeKind::KeyProject,
        60,
    ))
    .unwrap();
    e
}

const Q4: &str = "2026-12-28T15:00:00+08:00";

#[test]
fn key_projects_are_rated_by_members_of_the_policys_rater_groups() {
    let mut e = key_project();
    e.execute(rate("K1", Q4, "s-fire-head", "leaders", "2026-Q4", 80))
        .unwrap();
    e.execute(rate("K1", Q4, "m-deputy", "monitors", "2026-Q4", 70))
        .unwrap();
    e.execute(rate("K1", Q4, "s-sup2", "office", "2026-Q4", 90)).unwrap();
    let p = e.pledge("K1").unwrap();
    let raters: Vec<(&str, &str)> = p.ratings.iter().map(|r| (r.by.as_str(), r.group.as_str())).collect();
    assert_eq!(
        raters,
        [
            ("s-fire-head", "leaders"),
            ("m-deputy", "monitors"),
            ("s-sup2", "office")
        ]
    );
}

#[test]
fn no_one_of_the_pledges_unit_nor_outside_the_group_rates_it() {
    let mut e = key_project();
    for (actor, group, code) in [
        ("s-head", "leaders", ErrorCode::Forbidden), // the head of the project's own unit
        ("s-clerk", "leaders", ErrorCode::Forbidden), // no unit head
        ("m-retiree", "monitors", ErrorCode::Forbidden), // affiliated with amr
        ("m-former", "monitors", ErrorCode::Forbidden), // term over
        ("m-deputy", "office", ErrorCode::Forbidden), // a monitor is no supervisor
        ("s-amr-sup", "office", ErrorCode::Forbidden), // a supervisor of the unit
        ("nobody", "monitors", ErrorCode::NotFound),
    ] {
        let r = e.execute(rate("K1", Q4, actor, group, "2026-Q4", 80));
        assert_eq!(code_and_field(r), (code, s("actor")), "{actor} in {group}");
    }
    // The head of another unit (s-sup heads the efficiency office) rates as a leader.
    e.execute(rate("K1", Q4, "s-sup", "leaders", "2026-Q4", 80)).unwrap();
    assert_eq!(
        code_and_field(e.execute(rate("K1", Q4, "m-deputy", "public", "2026-Q4", 80))),
        (ErrorCode::NotFound, s("group"))
    );
    assert_eq!(
        code_and_field(e.execute(rate("K1", Q4, "m-deputy", "monitors", "2026-Q4", 101))),
        (ErrorCode::InvalidInput, s("score"))
    );
    assert_eq!(
        code_and_field(e.execute(rate("K1", Q4, "m-deputy", "monitors", " ", 80))),
        (ErrorCode::InvalidInput, s("period"))
    );
}

#[test]
fn one_rating_per_rater_and_period() {
    let mut e = key_project();
    e.execute(rate("K1", Q4, "m-deputy", "monitors", "2026-Q4", 70))
        .unwrap();
    assert_eq!(
        code_and_field(e.execute(rate("K1", Q4, "m-deputy", "monitors", "2026-Q4", 90))),
        (ErrorCode::InvalidState, s("actor"))
    );
    e.execute(rate(
        "K1",
        "2027-03-29T15:00:00+08:00",
        "m-deputy",
        "monitors",
        "2027-Q1",
        90,
    ))
    .unwrap();
}

#[test]
fn the_score_is_the_weighted_mean_of_the_group_means_and_incomplete_until_every_group_rated() {
    let mut e = key_project();
    let none = e.pledge_evaluation("K1", "2026-Q4").unwrap();
    assert_eq!((none.score, none.complete), (None, false));
    for (actor, group, score) in [
        ("s-fire-head", "leaders", 80),
        ("s-gov-head", "leaders", 90),
        ("m-deputy", "monitors", 70),
    ] {
        e.execute(rate("K1", Q4, actor, group, "2026-Q4", score)).unwrap();
    }
    // (85 × 40 + 70 × 30) / 70 = 78.571...: the office has not rated, its weight is left out.
    let partial = e.pledge_evaluation("K1", "2026-Q4").unwrap();
    assert_eq!(partial.score.unwrap().to_string(), "78.57");
    assert!(!partial.complete);
    let means: Vec<Option<String>> = partial.groups.iter().map(|g| g.mean.map(|m| m.to_string())).collect();
    assert_eq!(means, [Some(s("85.00")), Some(s("70.00")), None]);
    e.execute(rate("K1", Q4, "s-sup2", "office", "2026-Q4", 90)).unwrap();
    // (85 × 40 + 70 × 30 + 90 × 30) / 100 = 82.
    let full = e.pledge_evaluation("K1", "2026-Q4").unwrap();
    assert_eq!((full.score.unwrap().to_string(), full.complete), (s("82.00"), true));
    // Another period has its own evaluation.
    assert_eq!(e.pledge_evaluation("K1", "2027-Q1").unwrap().score, None);
}

#[test]
fn only_key_projects_and_target_pledges_are_rated() {
    let mut e = engine();
    e.execute(open(
        "D1",
        "2026-10-08T09:00:00+08:00",
        "s-sup",
        PledgeKind::Supervised,
        60,
    ))
    .unwrap();
    assert_eq!(
        code_and_field(e.execute(rate("D1", Q4, "m-deputy", "monitors", "2026-Q4", 80))),
        (ErrorCode::InvalidState, s("type"))
    );
    e.execute(open("T1", "2026-10-08T09:00:00+08:00", "s-sup", PledgeKind::Target, 60))
        .unwrap();
    e.execute(rate("T1", Q4, "m-deputy", "monitors", "2026-Q4", 80))
        .unwrap();
    // Ratings replay: the same engine from its log.
    let mut src = engine();
    let mut log = Vec::new();
    log.extend(
        src.execute(open("T1", "2026-10-08T09:00:00+08:00", "s-sup", PledgeKind::Target, 60))
            .unwrap(),
    );
    log.extend(
        src.execute(rate("T1", Q4, "m-deputy", "monitors", "2026-Q4", 80))
            .unwrap(),
    );
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org, catalog, &log).unwrap();
    assert!(replayed == src);
}
