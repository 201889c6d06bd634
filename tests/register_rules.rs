//! The violation register (问责台账, docs/rules.md "The violation register"): one register fed by every
//! violation of every record kind, each traced as of its breach and backed by its evidence event, queried
//! by period, rule, unit, person and record; kept by snapshots and rebuilt by replay.

mod common;

use common::scenario::{self, op, run};
use common::t;
use proptest::prelude::*;
use xiaoneng::{commands, Command, Engine, ErrorCode, Event, EventKind, Rule, ViolationQuery};

/// A case, an inquiry and a complaint of the county engine, each left to breach its limit.
fn engine() -> Engine {
    let mut e = scenario::engine();
    e.execute(Command::from(commands::Receive {
        case: "C1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-clerk".into(),
        item: "330100-FOOD-001".into(),
        applicant: "某公司".into(),
        materials: vec![],
        renewal_of_expiry: None,
    }))
    .unwrap();
    e.execute(Command::from(commands::RecordInquiry {
        case: "Q1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-rev".into(),
        person: "张先生".into(),
        topic: "材料".into(),
        also_asked: vec![],
    }))
    .unwrap();
    e.execute(Command::from(commands::RegisterComplaint {
        case: "T1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-sup".into(),
        channel: xiaoneng::Channel::Hotline12345,
        category: xiaoneng::Category::Delay,
        respondent: "amr".into(),
        subject: "办件超期".into(),
        complainant: None,
        contact: String::new(),
    }))
    .unwrap();
    e.advance(t("2026-12-01T00:00:00+08:00"));
    e
}

fn rules(v: &[&Event]) -> Vec<Rule> {
    v.iter()
        .map(|e| match e.kind {
            EventKind::Violation { rule, .. } => rule,
            _ => unreachable!("the register holds violations only"),
        })
        .collect()
}

#[test]
fn the_register_holds_the_violations_of_every_record_kind_in_sequence_order() {
    let e = engine();
    let all = e.violations(&ViolationQuery::default()).unwrap();
    let records: std::collections::BTreeSet<&str> = all.iter().map(|v| v.case.as_str()).collect();
    assert_eq!(records.into_iter().collect::<Vec<_>>(), vec!["C1", "Q1", "T1"]);
    assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
    let r = rules(&all);
    assert!(r.contains(&Rule::UnansweredInquiry) && r.contains(&Rule::LateComplaintAcceptance));
    assert!(
        r.contains(&Rule::LateOneTimeNotice) || r.contains(&Rule::DecisionOverdue),
        "{r:?}"
    );
}

#[test]
fn the_register_is_queried_by_rule_unit_person_record_and_a_half_open_period() {
    let e = engine();
    let q = |json: &str| {
        e.violations(&ViolationQuery::from_json(json).unwrap())
            .unwrap()
            .into_iter()
            .map(|v| (v.case.clone(), v.seq))
            .collect::<Vec<_>>()
    };
    let all = q("{}");
    let inquiry = q(r#"{"rule": "unanswered_inquiry"}"#);
    assert_eq!(inquiry.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(), vec!["Q1"]);
    assert_eq!(q(r#"{"record": "Q1"}"#), inquiry);
    // The efficiency office answers for the complaint's late acceptance (its registrar).
    assert_eq!(q(r#"{"unit": "eff"}"#), q(r#"{"record": "T1"}"#));
    // A person: as the responsible one (the inquiry's s-rev), or as the unit head (s-head heads amr).
    assert_eq!(q(r#"{"person": "s-rev"}"#), inquiry);
    assert!(q(r#"{"person": "s-head"}"#).len() >= q(r#"{"unit": "amr"}"#).len());
    assert!(q(r#"{"person": "nobody"}"#).is_empty());
    // [from, to): a violation at `to` is in the next period.
    let first = e.violations(&ViolationQuery::default()).unwrap()[0].at;
    let at = |x: chrono::DateTime<chrono::Utc>| x.to_rfc3339();
    assert!(!q(&format!(r#"{{"from": "{}"}}"#, at(first))).is_empty());
    let before = q(&format!(r#"{{"to": "{}"}}"#, at(first)));
    assert!(before.is_empty());
    let split = q(&format!(r#"{{"to": "{}"}}"#, at(first + chrono::Duration::seconds(1)))).len()
        + q(&format!(
            r#"{{"from": "{}"}}"#,
            at(first + chrono::Duration::seconds(1))
        ))
        .len();
    assert_eq!(split, all.len());
}

#[test]
fn a_query_naming_an_unknown_field_or_ending_before_it_starts_is_refused() {
    let err = ViolationQuery::from_json(r#"{"unit": "amr", "colour": "red"}"#).unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Parse, Some("colour")));
    let err =
        ViolationQuery::from_json(r#"{"from": "2026-10-02T00:00:00Z", "to": "2026-10-01T00:00:00Z"}"#).unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::InvalidInput, Some("to")));
}

#[test]
fn a_snapshot_keeps_the_register_and_a_forged_entry_is_refused() {
    let e = engine();
    let (p, o, c) = scenario::config();
    let snap = e.snapshot();
    let restored = Engine::restore(p.clone(), o.clone(), c.clone(), &snap).unwrap();
    assert!(restored == e);
    assert_eq!(
        restored.violations(&ViolationQuery::default()).unwrap(),
        e.violations(&ViolationQuery::default()).unwrap()
    );
    // An entry of a record the snapshot does not hold.
    let mut v: serde_json::Value = serde_json::from_str(&snap).unwrap();
    v["violations"][0]["case"] = "C9".into();
    let err = Engine::restore(p.clone(), o.clone(), c.clone(), &v.to_string()).unwrap_err();
    assert_eq!(err.field(), Some("violations[0].case"));
    // An entry after the snapshot's sequence number.
    let mut v: serde_json::Value = serde_json::from_str(&snap).unwrap();
    v["violations"][0]["seq"] = 10_000.into();
    let err = Engine::restore(p, o, c, &v.to_string()).unwrap_err();
    assert_eq!(err.field(), Some("violations[0].seq"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Every violation traces to its evidence: the register is exactly the `violation` events of the
    /// live log, each naming a unit, and replaying the log gives the same register.
    #[test]
    fn every_registered_violation_is_an_event_of_the_log_and_replay_rebuilds_the_register(
        ops in prop::collection::vec(op(), 1..60)
    ) {
        let (live, log) = run(&ops, None)?;
        let register = live.violations(&ViolationQuery::default()).unwrap();
        let logged: Vec<&Event> = log.iter().filter(|e| matches!(e.kind, EventKind::Violation { .. })).collect();
        prop_assert_eq!(&register, &logged);
        for v in &register {
            let EventKind::Violation { unit, responsible, .. } = &v.kind else { unreachable!() };
            prop_assert!(unit.is_some() || responsible.is_some(), "a violation traced to no one: {:?}", v);
        }
        let (p, o, c) = scenario::config();
        let replayed = Engine::replay(p, o, c, &log).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(replayed.violations(&ViolationQuery::default()).unwrap(), register);
    }
}
