//! Restore trusts nothing (docs/rules.md §6, docs/commands.md "Replay and restore"): `Engine::restore` refuses
//! a snapshot whose records do not hold together, naming the record: a sequence number behind the records'
//! events, an unknown field at any depth, a stored timer other than the one the record's state gives.
//! Each test takes a snapshot of a live engine, alters one thing, and expects the specific refusal; the
//! unaltered snapshot restores to the live engine.

mod common;

use common::scenario::{config, engine};
use common::t;
use serde_json::{json, Value};
use xiaoneng::commands;
use xiaoneng::{Command, Engine, ErrorCode};

const FOOD: &str = "330100-FOOD-001";
const FIRE_CHECK: &str = "330100-BLDG-007";

fn exec(e: &mut Engine, command: impl Into<Command>) {
    let command = command.into();
    if let Err(err) = e.execute(command.clone()) {
        panic!("{command:?}: {err}");
    }
}

fn receive(e: &mut Engine, case: &str, item: &str, at: &str) {
    exec(
        e,
        commands::Receive {
            case: case.into(),
            at: t(at),
            actor: "s-clerk".into(),
            item: item.into(),
            applicant: "某餐饮有限公司".into(),
            materials: vec!["食品经营许可申请书".into()],
            renewal_of_expiry: None,
        },
    );
}

/// An engine with a case of each kind of life: `C1` delivered (its clocks completed, no timer), `C2`
/// accepted and running (a timer), `J1` a joint item with the fire brigade's (deemed) opinion and a
/// violation of a one-time notice never given, and an inquiry `Q1` answered.
fn live() -> Engine {
    let mut e = engine();
    receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    exec(
        &mut e,
        commands::Accept {
            case: "C1".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-clerk".into(),
        },
    );
    for (actor, at) in [
        ("s-clerk", "2026-09-28T11:00:00+08:00"),
        ("s-rev", "2026-09-29T10:00:00+08:00"),
        ("s-rev", "2026-09-30T10:00:00+08:00"),
    ] {
        exec(
            &mut e,
            commands::CompleteStep {
                case: "C1".into(),
                at: t(at),
                actor: actor.into(),
            },
        );
    }
    exec(
        &mut e,
        commands::Decide {
            case: "C1".into(),
            at: t("2026-09-30T11:00:00+08:00"),
            actor: "s-head".into(),
            approve: true,
            reasons: String::new(),
            legal_basis: String::new(),
            remedies: String::new(),
        },
    );
    exec(
        &mut e,
        commands::Deliver {
            case: "C1".into(),
            at: t("2026-10-08T10:00:00+08:00"),
            actor: "s-clerk".into(),
        },
    );
    receive(&mut e, "C2", FOOD, "2026-10-09T09:00:00+08:00");
    exec(
        &mut e,
        commands::Accept {
            case: "C2".into(),
            at: t("2026-10-09T10:00:00+08:00"),
            actor: "s-clerk".into(),
        },
    );
    receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:30:00+08:00");
    exec(
        &mut e,
        commands::RecordInquiry {
            case: "Q1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            person: "张女士".into(),
            topic: "食品经营许可需要哪些材料".into(),
            also_asked: vec![],
        },
    );
    exec(
        &mut e,
        commands::AnswerInquiry {
            case: "Q1".into(),
            at: t("2026-09-28T09:10:00+08:00"),
            actor: "s-clerk".into(),
            outcome: xiaoneng::InquiryOutcome::Answered,
            guided_to: String::new(),
        },
    );
    // J1: deemed accepted when the notice limit passes (a required material missing: a violation), the
    // fire brigade's silence deemed consent when the consult limit passes.
    e.advance(t("2026-10-12T00:00:00+08:00"));
    let j1 = e.case("J1").unwrap();
    assert!(!j1.violations().is_empty() && !j1.joint().is_empty(), "{j1:?}");
    e
}

fn restore(doc: &Value) -> xiaoneng::Result<Engine> {
    let (p, o, c) = config();
    Engine::restore(p, o, c, &doc.to_string())
}

fn snapshot(e: &Engine) -> Value {
    serde_json::from_str(&e.snapshot()).unwrap()
}

/// The refusal of `doc`: `code`, naming `field`, its reason containing `why`.
fn refused(doc: &Value, code: ErrorCode, field: &str, why: &str) -> xiaoneng::Error {
    let err = restore(doc).map(|_| ()).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.field(), Some(field), "{err}");
    assert!(err.to_string().contains(why), "{why:?} not in: {err}");
    err
}

#[test]
fn an_unaltered_snapshot_restores_to_the_live_engine() {
    let e = live();
    let restored = restore(&snapshot(&e)).unwrap();
    assert_eq!(restored, e);
    assert_eq!(restored.snapshot(), e.snapshot());
}

// The sequence number.

#[test]
fn a_snapshot_whose_sequence_number_is_behind_a_records_events_is_refused_naming_the_record() {
    let e = live();
    let mut doc = snapshot(&e);
    // C1 alone: received, accepted, three steps, decided, delivered: at least 7 events.
    doc["seq"] = json!(6);
    let err = refused(&doc, ErrorCode::InvalidInput, "seq", "behind the events of case `C1`");
    assert!(err.reason().contains("at least 7 events"), "{err}");
    assert_eq!(err.value(), Some("6"));
    doc["seq"] = json!(0);
    refused(&doc, ErrorCode::InvalidInput, "seq", "behind the events of");
    // Each record fits, but not all of them together.
    doc["seq"] = json!(10);
    let err = refused(&doc, ErrorCode::InvalidInput, "seq", "behind the records' events");
    assert!(err.reason().contains("the 4 records"), "{err}");
    // The live engine's own number, and any later one, restore.
    doc["seq"] = json!(e.seq());
    assert!(restore(&doc).is_ok());
    doc["seq"] = json!(e.seq() + 100);
    assert_eq!(restore(&doc).unwrap().seq(), e.seq() + 100);
}

// Unknown fields at every level.

#[test]
fn an_unknown_field_in_a_snapshot_is_refused_naming_its_path_at_any_depth() {
    let e = live();
    let snap = snapshot(&e);
    for (path, field) in [
        (vec![], "colour"),
        (vec!["cases", "C1"], "colour"),
        (vec!["cases", "C1", "decision"], "colour"),
        (vec!["cases", "J1", "joint", "0"], "colour"),
        (vec!["cases", "J1", "violations", "0"], "colour"),
        (vec!["cases", "J1", "violations", "0", "acting"], "colour"),
        (vec!["inquiries", "Q1"], "colour"),
    ] {
        let mut doc = snap.clone();
        let mut at = &mut doc;
        for key in &path {
            at = match key.parse::<usize>() {
                Ok(k) => &mut at[k],
                Err(_) => &mut at[*key],
            };
        }
        assert!(at.is_object(), "{path:?}: {at}");
        at[field] = json!(1);
        let err = restore(&doc).map(|_| ()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Parse, "{path:?}: {err}");
        assert!(err.to_string().contains("unknown field `colour`"), "{path:?}: {err}");
        // The path names where: the record, then the field inside it.
        if let Some(record) = path.get(1) {
            assert!(err.field().unwrap().contains(record), "{path:?}: {err}");
        }
    }
}

#[test]
fn a_snapshot_without_its_timers_is_refused() {
    let mut doc = snapshot(&live());
    doc.as_object_mut().unwrap().remove("timers");
    refused(&doc, ErrorCode::Parse, "timers", "missing field `timers`");
}

// Stored timers against the records.

#[test]
fn a_stored_timer_other_than_the_one_the_records_state_gives_is_refused_naming_the_case() {
    let e = live();
    let snap = snapshot(&e);
    let timers = snap["timers"].as_array().unwrap();
    let k = timers.iter().position(|x| x[1] == "C2").expect("C2 is timed");
    // Another instant.
    let mut doc = snap.clone();
    doc["timers"][k][0] = json!("2030-01-01T00:00:00Z");
    let err = refused(
        &doc,
        ErrorCode::InvalidInput,
        "timers",
        "the snapshot's timer of case `C2`",
    );
    assert_eq!(err.value(), Some("C2"));
    // None at all.
    let mut doc = snap.clone();
    doc["timers"].as_array_mut().unwrap().remove(k);
    refused(&doc, ErrorCode::InvalidInput, "timers", "case `C2` (none)");
    // One for an inquiry already answered (no clock runs).
    let mut doc = snap.clone();
    assert!(timers.iter().all(|x| x[1] != "Q1"));
    doc["timers"]
        .as_array_mut()
        .unwrap()
        .push(json!(["2026-10-20T00:00:00Z", "Q1"]));
    refused(
        &doc,
        ErrorCode::InvalidInput,
        "timers",
        "the snapshot's timer of inquiry `Q1`",
    );
    // A record listed twice, or one the snapshot does not have.
    let mut doc = snap.clone();
    let again = doc["timers"][k].clone();
    doc["timers"].as_array_mut().unwrap().push(again);
    refused(
        &doc,
        ErrorCode::InvalidInput,
        &format!("timers[{}]", timers.len()),
        "a record listed twice",
    );
    let mut doc = snap.clone();
    doc["timers"]
        .as_array_mut()
        .unwrap()
        .push(json!(["2026-10-20T00:00:00Z", "Z9"]));
    refused(&doc, ErrorCode::InvalidInput, "timers", "a timer for an unknown record");
}

#[test]
fn a_tampered_case_state_is_refused_by_the_timer_its_state_gives() {
    let e = live();
    let snap = snapshot(&e);
    // A delivered case whose decision clock runs again (its completion taken out): its state now gives
    // another timer (the decision's reminder) than the one listed (the wait for a rating).
    let mut doc = snap.clone();
    let decision = doc["cases"]["C1"]["decision"].as_object_mut().unwrap();
    assert!(decision.remove("completed_at").is_some(), "{decision:?}");
    refused(
        &doc,
        ErrorCode::InvalidInput,
        "timers",
        "the snapshot's timer of case `C1`",
    );
    // A running case whose acceptance (and decision clock) was moved a month earlier, before its receipt:
    // its deadline, and so its timer, moves with it.
    let mut doc = snap.clone();
    let c2 = &mut doc["cases"]["C2"];
    c2["accepted"][0] = json!("2026-09-09T02:00:00Z");
    c2["decision"]["started_at"] = json!("2026-09-09T02:00:00Z");
    refused(
        &doc,
        ErrorCode::InvalidInput,
        "timers",
        "the snapshot's timer of case `C2`",
    );
    // A running case marked as no longer timed after a fault, yet listed with a timer.
    let mut doc = snap.clone();
    doc["cases"]["C2"]["faulted"] = json!(true);
    refused(
        &doc,
        ErrorCode::InvalidInput,
        "timers",
        "case `C2` is no longer timed after a fault",
    );
}
