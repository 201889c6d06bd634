//! Inspections (明查暗访) and sealed inspection plans, one named test per rule (docs/rules.md,
//! "Inspections"): who opens an inspection and who may be on its team (supervisors outside the unit,
//! appointed monitors serving their term and not of the unit); each finding is a violation and a finding
//! to rectify orders a rectification and is re-inspected; a plan's commitment is recorded before its
//! period and revealed after it, checked against the commitment; what a plan drew against what was done;
//! coverage; replay and restore.

mod common;

use common::{org_with_supervisors as org, t, violations};
use xiaoneng::commands::*;
use xiaoneng::draw::{CoverageRequest, InspectionRequest};
use xiaoneng::{
    Catalog, Command, Document, Engine, ErrorCode, Event, EventKind, InspectionMode, InspectionState, PlanState,
    PledgeSource, PledgeState, Policy, Rule,
};

const POLICY: &str = include_str!("../presets/county.toml");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");

fn engine() -> Engine {
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn s(x: &str) -> String {
    x.to_string()
}

fn refused(r: xiaoneng::Result<Vec<Event>>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code(), e.field().unwrap_or_default().to_string())
}

fn open(id: &str, actor: &str, unit: &str, inspectors: &[&str]) -> Command {
    OpenInspection {
        case: s(id),
        at: t("2026-11-03T09:30:00+08:00"),
        actor: s(actor),
        unit: s(unit),
        mode: InspectionMode::Unannounced,
        inspectors: inspectors.iter().map(|x| s(x)).collect(),
        plan: None,
    }
    .into()
}

fn finding(id: &str, at: &str, actor: &str, person: Option<&str>, rectify: bool) -> Command {
    RecordFinding {
        case: s(id),
        at: t(at),
        actor: s(actor),
        person: person.map(s),
        problem: s("窗口人员离岗未挂去向牌，群众等候超过30分钟"),
        rectify,
    }
    .into()
}

fn close(id: &str, at: &str, actor: &str) -> Command {
    CloseInspection {
        case: s(id),
        at: t(at),
        actor: s(actor),
        summary: s("窗口纪律问题，责令整改"),
    }
    .into()
}

fn reinspect(id: &str, at: &str, actor: &str, n: u32, passed: bool) -> Command {
    Reinspect {
        case: s(id),
        at: t(at),
        actor: s(actor),
        finding: n,
        passed,
        detail: s("现场复查"),
    }
    .into()
}

/// An engine with inspection J1 of `amr` open, by `s-sup` with the deputy `m-deputy`.
fn opened() -> Engine {
    let mut e = engine();
    e.execute(open("J1", "s-sup", "amr", &["s-sup", "m-deputy"])).unwrap();
    e
}

#[test]
fn an_inspection_is_opened_by_a_supervisor_outside_the_unit() {
    let e = opened();
    let i = e.inspection("J1").unwrap();
    assert_eq!((i.unit.as_str(), i.opener.as_str()), ("amr", "s-sup"));
    assert_eq!(i.state(), InspectionState::Open);
    // A supervisor seconded to the unit inspected may not open it (another unit's supervisor may).
    let mut e = engine();
    assert_eq!(
        refused(e.execute(open("J2", "s-amr-sup", "amr", &["s-sup"]))),
        (ErrorCode::Forbidden, s("actor"))
    );
    e.execute(open("J2", "s-amr-sup", "fire", &["s-amr-sup"])).unwrap();
    // A unit head is no supervisor.
    assert_eq!(
        refused(e.execute(open("J3", "s-fire-head", "amr", &["s-sup"]))),
        (ErrorCode::Forbidden, s("actor"))
    );
    assert_eq!(
        refused(e.execute(open("J3", "s-sup", "nowhere", &["s-sup"]))),
        (ErrorCode::NotFound, s("unit"))
    );
}

#[test]
fn inspectors_are_supervisors_outside_the_unit_or_monitors_serving_their_term() {
    let mut e = engine();
    // A monitor whose term ended (2025-12-31) may not inspect in 2026.
    assert_eq!(
        refused(e.execute(open("J1", "s-sup", "amr", &["s-sup", "m-former"]))),
        (ErrorCode::Forbidden, s("inspectors[1]"))
    );
    // A monitor affiliated with the unit may not inspect it, but may inspect another unit.
    assert_eq!(
        refused(e.execute(open("J1", "s-sup", "amr", &["m-retiree"]))),
        (ErrorCode::Forbidden, s("inspectors[0]"))
    );
    e.execute(open("J1", "s-sup", "fire", &["m-retiree"])).unwrap();
    // Staff without the supervisor role, supervisors of the unit, unknown ids, repeats, nobody.
    for (team, code, field) in [
        (vec!["s-clerk"], ErrorCode::Forbidden, "inspectors[0]"),
        (vec!["s-sup", "s-amr-sup"], ErrorCode::Forbidden, "inspectors[1]"),
        (vec!["m-nobody"], ErrorCode::NotFound, "inspectors[0]"),
        (vec!["s-sup", "s-sup"], ErrorCode::InvalidInput, "inspectors[1]"),
        (vec![], ErrorCode::InvalidInput, "inspectors"),
    ] {
        assert_eq!(
            refused(e.execute(open("J2", "s-sup", "amr", &team))),
            (code, s(field)),
            "{team:?}"
        );
    }
    assert!(e.inspection("J2").is_none());
}

#[test]
fn a_finding_is_a_violation_against_the_person_named_else_the_unit_head() {
    let mut e = opened();
    let ev = e
        .execute(finding(
            "J1",
            "2026-11-03T10:00:00+08:00",
            "s-sup",
            Some("s-clerk"),
            false,
        ))
        .unwrap();
    assert_eq!(
        violations(&ev),
        [(
            Rule::InspectionFinding,
            Some(s("s-clerk")),
            Some(s("amr")),
            Some(s("s-head"))
        )]
    );
    let ev = e
        .execute(finding("J1", "2026-11-03T10:05:00+08:00", "s-sup", None, false))
        .unwrap();
    assert_eq!(
        violations(&ev),
        [(
            Rule::InspectionFinding,
            Some(s("s-head")),
            Some(s("amr")),
            Some(s("s-head"))
        )]
    );
    let numbers: Vec<u32> = e.inspection("J1").unwrap().findings.iter().map(|f| f.number).collect();
    assert_eq!(numbers, [1, 2]);
    // A person of another unit is refused and changes nothing.
    assert_eq!(
        refused(e.execute(finding(
            "J1",
            "2026-11-03T10:10:00+08:00",
            "s-sup",
            Some("s-fire"),
            false
        ))),
        (ErrorCode::InvalidInput, s("person"))
    );
    assert_eq!(e.inspection("J1").unwrap().findings.len(), 2);
}

#[test]
fn a_monitor_on_the_team_records_findings_and_no_one_off_the_team_does() {
    let mut e = opened();
    e.execute(finding("J1", "2026-11-03T10:00:00+08:00", "m-deputy", None, false))
        .unwrap();
    // The retiree (not on this team) and a supervisor not on the team may not.
    assert_eq!(
        refused(e.execute(finding("J1", "2026-11-03T10:05:00+08:00", "m-retiree", None, false))),
        (ErrorCode::Forbidden, s("actor"))
    );
    assert_eq!(
        refused(e.execute(finding("J1", "2026-11-03T10:05:00+08:00", "s-sup2", None, false))),
        (ErrorCode::Forbidden, s("actor"))
    );
    assert_eq!(
        refused(e.execute(finding("J1", "2026-11-03T10:05:00+08:00", "nobody", None, false))),
        (ErrorCode::Forbidden, s("actor"))
    );
}

#[test]
fn a_finding_to_rectify_orders_a_rectification_of_the_unit_by_the_opener() {
    let mut e = opened();
    let ev = e
        .execute(finding(
            "J1",
            "2026-11-03T10:00:00+08:00",
            "m-deputy",
            Some("s-clerk"),
            true,
        ))
        .unwrap();
    let ordered = ev
        .iter()
        .find(|x| matches!(x.kind, EventKind::RectificationOrdered { .. }))
        .expect("a rectification is ordered");
    assert_eq!(
        (ordered.case.as_str(), ordered.actor.as_deref()),
        ("J1-ZG1", Some("s-sup"))
    );
    let p = e.pledge("J1-ZG1").unwrap();
    assert_eq!((p.unit.as_str(), p.source), ("amr", Some(PledgeSource::Inspection)));
    assert_eq!(p.source_ref.as_deref(), Some("J1"));
    assert_eq!(p.state(), PledgeState::Ordered);
}

#[test]
fn closing_leaves_findings_to_rectify_awaiting_reinspection() {
    let mut e = opened();
    e.execute(finding(
        "J1",
        "2026-11-03T10:00:00+08:00",
        "s-sup",
        Some("s-clerk"),
        true,
    ))
    .unwrap();
    e.execute(close("J1", "2026-11-03T11:00:00+08:00", "s-sup")).unwrap();
    assert_eq!(e.inspection("J1").unwrap().state(), InspectionState::Reinspecting);
    // Without a finding to rectify, the inspection is concluded when closed.
    let mut e = opened();
    e.execute(finding("J1", "2026-11-03T10:00:00+08:00", "s-sup", None, false))
        .unwrap();
    e.execute(close("J1", "2026-11-03T11:00:00+08:00", "s-sup2")).unwrap();
    assert_eq!(e.inspection("J1").unwrap().state(), InspectionState::Concluded);
    // A supervisor of the unit may not close it.
    let mut e = opened();
    assert_eq!(
        refused(e.execute(close("J1", "2026-11-03T11:00:00+08:00", "s-amr-sup"))),
        (ErrorCode::Forbidden, s("actor"))
    );
}

#[test]
fn a_failed_reinspection_is_a_violation_and_the_finding_is_reinspected_again() {
    let mut e = opened();
    e.execute(finding(
        "J1",
        "2026-11-03T10:00:00+08:00",
        "s-sup",
        Some("s-clerk"),
        true,
    ))
    .unwrap();
    e.execute(close("J1", "2026-11-03T11:00:00+08:00", "s-sup")).unwrap();
    let ev = e
        .execute(reinspect("J1", "2026-11-24T10:00:00+08:00", "m-deputy", 1, false))
        .unwrap();
    assert_eq!(
        violations(&ev),
        [(
            Rule::RectificationFailed,
            Some(s("s-clerk")),
            Some(s("amr")),
            Some(s("s-head"))
        )]
    );
    assert_eq!(e.inspection("J1").unwrap().state(), InspectionState::Reinspecting);
    // Another supervisor outside the unit re-inspects; passed: concluded, and no violation.
    let ev = e
        .execute(reinspect("J1", "2026-12-08T10:00:00+08:00", "s-sup2", 1, true))
        .unwrap();
    assert!(violations(&ev).is_empty());
    let i = e.inspection("J1").unwrap();
    assert_eq!(i.state(), InspectionState::Concluded);
    assert_eq!(i.findings[0].reinspections.len(), 2);
    assert_eq!(i.findings[0].reinspections[1].by, "s-sup2");
}

#[test]
fn only_a_finding_to_rectify_is_reinspected_by_someone_outside_the_unit() {
    let mut e = opened();
    e.execute(finding("J1", "2026-11-03T10:00:00+08:00", "s-sup", None, false))
        .unwrap();
    e.execute(finding("J1", "2026-11-03T10:05:00+08:00", "s-sup", None, true))
        .unwrap();
    e.execute(close("J1", "2026-11-03T11:00:00+08:00", "s-sup")).unwrap();
    let at = "2026-11-24T10:00:00+08:00";
    for (cmd, code, field) in [
        (
            reinspect("J1", at, "s-sup", 1, true),
            ErrorCode::InvalidInput,
            "finding",
        ),
        (reinspect("J1", at, "s-sup", 9, true), ErrorCode::NotFound, "finding"),
        (reinspect("J1", at, "s-amr-sup", 2, true), ErrorCode::Forbidden, "actor"),
        (reinspect("J1", at, "s-clerk", 2, true), ErrorCode::Forbidden, "actor"),
    ] {
        assert_eq!(refused(e.execute(cmd.clone())), (code, s(field)), "{cmd:?}");
    }
    e.execute(reinspect("J1", at, "s-sup", 2, true)).unwrap();
    assert_eq!(
        refused(e.execute(reinspect("J1", "2026-11-25T10:00:00+08:00", "s-sup", 2, true))),
        (ErrorCode::InvalidState, s("type"))
    );
}

#[test]
fn every_inspection_command_is_allowed_only_in_its_states() {
    let mut e = opened();
    assert_eq!(
        refused(e.execute(reinspect("J1", "2026-11-03T10:00:00+08:00", "s-sup", 1, true))),
        (ErrorCode::InvalidState, s("type"))
    );
    // A number already taken is refused as such.
    assert_eq!(
        refused(e.execute(open("J1", "s-sup", "amr", &["s-sup"]))),
        (ErrorCode::InvalidState, s("case"))
    );
    e.execute(close("J1", "2026-11-03T11:00:00+08:00", "s-sup")).unwrap();
    for cmd in [
        finding("J1", "2026-11-03T12:00:00+08:00", "s-sup", None, false),
        close("J1", "2026-11-03T12:00:00+08:00", "s-sup"),
        reinspect("J1", "2026-11-03T12:00:00+08:00", "s-sup", 1, true),
    ] {
        let before = e.clone();
        assert_eq!(refused(e.execute(cmd)).0, ErrorCode::InvalidState);
        assert!(before == e);
    }
}

fn request() -> InspectionRequest {
    InspectionRequest::from_json(
        r#"{"units": [{"id": "amr", "stratum": "high"}, {"id": "fire", "stratum": "high"},
                      {"id": "hall", "stratum": "low"}],
            "inspectors": [{"id": "s-sup", "unit": "eff"}, {"id": "s-sup2", "unit": "eff"}],
            "strata": {"high": 1, "low": 1}, "team_size": 1}"#,
    )
    .unwrap()
}

const SEED: u64 = 20_261_001;

fn commit(id: &str, at: &str, commitment: &str) -> Command {
    CommitPlan {
        case: s(id),
        at: t(at),
        actor: s("s-sup"),
        period_start: "2026-10-01".parse().unwrap(),
        period_end: "2026-12-31".parse().unwrap(),
        commitment: s(commitment),
    }
    .into()
}

fn reveal(id: &str, at: &str, seed: u64) -> Command {
    RevealPlan {
        case: s(id),
        at: t(at),
        actor: s("s-sup2"),
        seed,
        request: request(),
    }
    .into()
}

#[test]
fn a_plan_is_committed_before_its_period_and_revealed_after_it() {
    let plan = request().draw(SEED).unwrap();
    let mut e = engine();
    // On the period's first day it is too late to seal it.
    assert_eq!(
        refused(e.execute(commit("P1", "2026-10-01T08:00:00+08:00", &plan.commitment))),
        (ErrorCode::InvalidState, s("at"))
    );
    assert_eq!(
        refused(e.execute(commit("P1", "2026-09-25T09:00:00+08:00", "not-hex"))),
        (ErrorCode::InvalidInput, s("commitment"))
    );
    e.execute(commit("P1", "2026-09-30T23:59:00+08:00", &plan.commitment))
        .unwrap();
    assert_eq!(e.plan("P1").unwrap().state(), PlanState::Sealed);
    // Not before the period is over.
    assert_eq!(
        refused(e.execute(reveal("P1", "2026-12-31T18:00:00+08:00", SEED))),
        (ErrorCode::InvalidState, s("at"))
    );
    // Another seed gives another commitment: refused, nothing changes.
    let before = e.clone();
    assert_eq!(
        refused(e.execute(reveal("P1", "2027-01-04T09:00:00+08:00", SEED + 1))),
        (ErrorCode::InvalidInput, s("seed"))
    );
    assert!(before == e);
    e.execute(reveal("P1", "2027-01-04T09:00:00+08:00", SEED)).unwrap();
    let p = e.plan("P1").unwrap();
    assert_eq!(p.state(), PlanState::Revealed);
    assert_eq!(p.revealed.as_ref().unwrap().seed, SEED);
    // Only supervisors commit and reveal.
    let mut e = engine();
    let mut c = commit("P2", "2026-09-25T09:00:00+08:00", &plan.commitment);
    if let Command::Plan(PlanCommand::CommitPlan(x)) = &mut c {
        x.actor = s("s-head");
    }
    assert_eq!(refused(e.execute(c)), (ErrorCode::Forbidden, s("actor")));
}

#[test]
fn a_plan_report_compares_what_was_drawn_with_what_was_done() {
    let plan = request().draw(SEED).unwrap();
    let drawn: Vec<String> = plan.assignments.iter().map(|a| a.unit.clone()).collect();
    let mut e = engine();
    e.execute(commit("P1", "2026-09-25T09:00:00+08:00", &plan.commitment))
        .unwrap();
    // One inspection of the first unit drawn, one of a unit not drawn, under the plan.
    let not_drawn = ["amr", "fire", "hall"]
        .into_iter()
        .find(|u| !drawn.iter().any(|d| d == u))
        .unwrap();
    for (id, unit) in [("J1", drawn[0].as_str()), ("J2", not_drawn)] {
        e.execute(
            OpenInspection {
                case: s(id),
                at: t("2026-11-03T09:30:00+08:00"),
                actor: s("s-sup"),
                unit: s(unit),
                mode: InspectionMode::Unannounced,
                inspectors: vec![s("m-deputy")],
                plan: Some(s("P1")),
            }
            .into(),
        )
        .unwrap();
    }
    let sealed = e.plan_report("P1").unwrap();
    assert_eq!(sealed.carried_out.len(), 2);
    assert!(sealed.assignments.is_none() && sealed.missed.is_empty());
    e.execute(reveal("P1", "2027-01-04T09:00:00+08:00", SEED)).unwrap();
    let r = e.plan_report("P1").unwrap();
    assert_eq!(r.assignments.as_ref().unwrap(), &plan.assignments);
    assert_eq!(r.carried_out.len(), 1);
    assert_eq!(r.carried_out[0].inspection, "J1");
    assert_eq!(r.unplanned.len(), 1);
    assert_eq!(r.unplanned[0].unit, not_drawn);
    assert_eq!(r.missed, drawn[1..].to_vec());
    assert_eq!(
        refused(Err(e.plan_report("J1").unwrap_err())),
        (ErrorCode::NotFound, s("case"))
    );
}

#[test]
fn an_inspection_carries_out_only_a_sealed_plan_whose_period_holds_its_day() {
    let plan = request().draw(SEED).unwrap();
    let mut e = engine();
    e.execute(commit("P1", "2026-09-25T09:00:00+08:00", &plan.commitment))
        .unwrap();
    let with = |id: &str, at: &str, plan: &str| -> Command {
        OpenInspection {
            case: s(id),
            at: t(at),
            actor: s("s-sup"),
            unit: s("amr"),
            mode: InspectionMode::Unannounced,
            inspectors: vec![s("s-sup")],
            plan: Some(s(plan)),
        }
        .into()
    };
    assert_eq!(
        refused(e.execute(with("J1", "2026-11-03T09:30:00+08:00", "P9"))),
        (ErrorCode::NotFound, s("plan"))
    );
    assert_eq!(
        refused(e.execute(with("J1", "2026-09-28T09:30:00+08:00", "P1"))),
        (ErrorCode::InvalidInput, s("plan"))
    );
    e.execute(with("J1", "2026-11-03T09:30:00+08:00", "P1")).unwrap();
    e.execute(reveal("P1", "2027-01-04T09:00:00+08:00", SEED)).unwrap();
}

#[test]
fn coverage_counts_the_inspections_the_engine_holds() {
    let e = opened();
    let request = CoverageRequest::from_json(
        r#"{"units": ["amr", "fire"], "from": "2026-10-01", "to": "2026-12-31", "period": "quarter",
            "minimum": 1}"#,
    )
    .unwrap();
    let report = e.inspection_coverage(&request).unwrap();
    let below: Vec<&str> = report.below.iter().map(|b| b.unit.as_str()).collect();
    assert_eq!(below, ["fire"]);
}

#[test]
fn a_policy_without_supervision_records_no_finding_violation() {
    let toml = POLICY.replace("    \"supervision\",               # 督查督办制\n", "");
    assert_ne!(toml, POLICY);
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let mut e = Engine::new(Policy::from_toml(&toml).unwrap(), org, catalog).unwrap();
    e.execute(open("J1", "s-sup", "amr", &["s-sup"])).unwrap();
    let ev = e
        .execute(finding(
            "J1",
            "2026-11-03T10:00:00+08:00",
            "s-sup",
            Some("s-clerk"),
            false,
        ))
        .unwrap();
    assert!(violations(&ev).is_empty());
}

#[test]
fn replay_and_restore_give_back_the_same_inspections_and_plans() {
    let plan = request().draw(SEED).unwrap();
    let mut e = engine();
    let mut log: Vec<Event> = Vec::new();
    for cmd in [
        commit("P1", "2026-09-25T09:00:00+08:00", &plan.commitment),
        open("J1", "s-sup", "amr", &["s-sup", "m-deputy"]),
        finding("J1", "2026-11-03T10:00:00+08:00", "m-deputy", Some("s-clerk"), true),
        close("J1", "2026-11-03T11:00:00+08:00", "s-sup"),
        reinspect("J1", "2026-11-24T10:00:00+08:00", "m-deputy", 1, false),
        reveal("P1", "2027-01-04T09:00:00+08:00", SEED),
    ] {
        log.extend(e.execute(cmd).unwrap());
    }
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org.clone(), catalog.clone(), &log).unwrap();
    assert!(replayed == e);
    let restored = Engine::restore(
        Policy::from_toml(POLICY).unwrap(),
        org.clone(),
        catalog.clone(),
        &e.snapshot(),
    )
    .unwrap();
    assert!(restored == e);
    // A forged revelation (another seed) is refused on replay.
    let mut forged = log.clone();
    for ev in forged.iter_mut() {
        if let EventKind::PlanRevealed { seed, .. } = &mut ev.kind {
            *seed += 1;
        }
    }
    assert!(Engine::replay(Policy::from_toml(POLICY).unwrap(), org, catalog, &forged).is_err());
}
