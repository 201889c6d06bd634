//! Replay trusts nothing (docs/rules.md §6, docs/commands.md "Replay and restore"): `Engine::replay` refuses
//! an event the rules could not have produced, naming it (`events[k]`, or the field of it the rule names),
//! its value, and why, the reason starting with its sequence number. Each test takes a valid log from live
//! commands, tampers one event, and expects the specific refusal; the untampered log replays to the live
//! engine. The rules are the live engine's own: an event with an actor is a command's, decided again; an
//! event without one is a timer's, and must be due at exactly its instant.

mod common;

use chrono::Duration;
use common::scenario::{config, engine, op, run};
use common::t;
use proptest::prelude::*;
use xiaoneng::commands;
use xiaoneng::{Command, Engine, ErrorCode, Event, EventKind, InquiryOutcome, Opinion, Rule, Signal, YearNotice};

const FOOD: &str = "330100-FOOD-001";
const FIRE_CHECK: &str = "330100-BLDG-007";
const APPLICANT: &str = "某餐饮有限公司";
/// Every required material of the food licence: no one-time notice is due.
const MATERIALS: [&str; 3] = [
    "食品经营许可申请书",
    "营业执照复印件",
    "与食品经营相适应的设备布局和操作流程文件",
];

/// Executes `command` on `e`, appending its events to `log`.
fn exec(e: &mut Engine, log: &mut Vec<Event>, command: impl Into<Command>) {
    let command = command.into();
    match e.execute(command.clone()) {
        Ok(events) => log.extend(events),
        Err(err) => panic!("{command:?}: {err}"),
    }
}

fn receive(e: &mut Engine, log: &mut Vec<Event>, case: &str, item: &str, at: &str) {
    exec(
        e,
        log,
        commands::Receive {
            case: case.into(),
            at: t(at),
            actor: "s-clerk".into(),
            item: item.into(),
            applicant: APPLICANT.into(),
            materials: MATERIALS.iter().map(|m| m.to_string()).collect(),
            renewal_of_expiry: None,
        },
    );
}

fn by(actor: &str, at: &str) -> (String, chrono::DateTime<chrono::Utc>, String) {
    ("C1".into(), t(at), actor.into())
}

/// A food licence from receipt to rating, every act by the one whose duty it is: receipt and acceptance
/// at the window, the three steps by their posts' holders, the decision by the unit head, delivery, the
/// applicant's rating. No timer fires.
fn food_case() -> (Engine, Vec<Event>) {
    let mut e = engine();
    let mut log = Vec::new();
    receive(&mut e, &mut log, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    let (case, at, actor) = by("s-clerk", "2026-09-28T10:00:00+08:00");
    exec(&mut e, &mut log, commands::Accept { case, at, actor });
    for (actor, at) in [
        ("s-clerk", "2026-09-28T11:00:00+08:00"),
        ("s-rev", "2026-09-29T10:00:00+08:00"),
        ("s-rev", "2026-09-30T10:00:00+08:00"),
    ] {
        let (case, at, actor) = by(actor, at);
        exec(&mut e, &mut log, commands::CompleteStep { case, at, actor });
    }
    let (case, at, actor) = by("s-head", "2026-09-30T11:00:00+08:00");
    exec(
        &mut e,
        &mut log,
        commands::Decide {
            case,
            at,
            actor,
            approve: true,
            reasons: String::new(),
            legal_basis: String::new(),
            remedies: String::new(),
        },
    );
    let (case, at, actor) = by("s-clerk", "2026-10-08T10:00:00+08:00");
    exec(&mut e, &mut log, commands::Deliver { case, at, actor });
    let (case, at, actor) = by(APPLICANT, "2026-10-08T12:00:00+08:00");
    exec(
        &mut e,
        &mut log,
        commands::Rate {
            case,
            at,
            actor,
            level: 5,
            real_name: true,
            comment: String::new(),
        },
    );
    assert!(log.iter().all(|x| x.actor.is_some()), "no timer fires: {log:?}");
    (e, log)
}

fn replay(log: &[Event]) -> xiaoneng::Result<Engine> {
    let (p, o, c) = config();
    Engine::replay(p, o, c, log)
}

/// The position of the first event of `log` of type `name` (on any record).
fn find(log: &[Event], name: &str) -> usize {
    log.iter()
        .position(|x| x.kind.name() == name)
        .unwrap_or_else(|| panic!("no `{name}` in {log:?}"))
}

/// The log with sequence numbers from 1 again (after an event was taken out or added).
fn renumbered(mut log: Vec<Event>) -> Vec<Event> {
    for (k, x) in log.iter_mut().enumerate() {
        x.seq = k as u64 + 1;
    }
    log
}

/// The refusal of `log`: invalid input naming `events[k]` (and `field` of it, if given), the reason
/// starting with the event's sequence number and containing `why`.
fn refused(log: &[Event], k: usize, field: Option<&str>, why: &str) -> xiaoneng::Error {
    let err = replay(log).map(|_| ()).unwrap_err();
    let expected = match field {
        Some(f) => format!("events[{k}].{f}"),
        None => format!("events[{k}]"),
    };
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert_eq!(err.field(), Some(expected.as_str()), "{err}");
    assert!(
        err.reason().starts_with(&format!("seq {} ", log[k].seq)),
        "the reason names the sequence number: {err}"
    );
    assert!(err.reason().contains(why), "{why:?} not in: {err}");
    err
}

#[test]
fn an_untampered_log_replays_to_the_live_engine() {
    let (live, log) = food_case();
    assert_eq!(replay(&log).unwrap(), live);
}

// (a) Actors the organisation does not know.

#[test]
fn an_event_by_an_actor_the_organisation_does_not_know_is_refused() {
    let (_, mut log) = food_case();
    let k = find(&log, "accepted");
    log[k].actor = Some("s-ghost".into());
    let err = refused(&log, k, Some("actor"), "no staff member has this id");
    assert_eq!(err.value(), Some("s-ghost"));
    // A case received by someone unknown, too.
    let (_, mut log) = food_case();
    log[0].actor = Some("s-ghost".into());
    refused(&log, 0, Some("actor"), "no staff member has this id");
}

// (b) Actors without the post, role or unit: the live engine's own checks.

#[test]
fn an_acceptance_by_a_clerk_of_another_unit_is_refused_by_one_of_the_cases_unit_it_replays() {
    let (_, mut log) = food_case();
    let k = find(&log, "accepted");
    log[k].actor = Some("s-fire-clerk".into());
    let err = refused(&log, k, Some("actor"), "not of the case's unit `amr`");
    assert_eq!(err.value(), Some("s-fire-clerk"));
    assert!(err.reason().contains("`accept`"), "{err}");
    // The other window clerk of the market regulator may accept: the log replays.
    log[k].actor = Some("s-clerk2".into());
    assert!(replay(&log).is_ok());
}

#[test]
fn a_decision_by_someone_without_the_deciding_role_or_of_another_unit_is_refused() {
    let (_, log) = food_case();
    let k = find(&log, "decided");
    let with = |actor: &str| {
        let mut log = log.clone();
        log[k].actor = Some(actor.into());
        log
    };
    // A window clerk of the case's unit lacks the role.
    refused(
        &with("s-clerk"),
        k,
        Some("actor"),
        "needs one of the roles unit_head, chief_representative, reviewer",
    );
    // The fire brigade's head has the role in another unit.
    refused(&with("s-fire-head"), k, Some("actor"), "not of the case's unit `amr`");
    // A supervisor of the efficiency office does not decide cases.
    refused(&with("s-sup"), k, Some("actor"), "not of the case's unit `amr`");
    // A reviewer of the case's unit decides.
    assert!(replay(&with("s-rev")).is_ok());
}

#[test]
fn a_step_completed_by_someone_not_acting_for_its_post_is_refused() {
    let (_, mut log) = food_case();
    // The review step, by its B holder while the A holder is present.
    let k = log.iter().position(|x| x.actor.as_deref() == Some("s-rev")).unwrap();
    log[k].actor = Some("s-rev2".into());
    refused(&log, k, Some("actor"), "post `p-review` is held at");
}

#[test]
fn a_rating_by_someone_other_than_the_applicant_is_refused() {
    let (_, mut log) = food_case();
    let k = find(&log, "rated");
    log[k].actor = Some("s-clerk".into());
    refused(&log, k, Some("actor"), "only the applicant rates the service");
}

#[test]
fn an_inquiry_answered_by_someone_other_than_the_staff_member_responsible_is_refused() {
    let mut e = engine();
    let mut log = Vec::new();
    let at = t("2026-09-28T09:00:00+08:00");
    exec(
        &mut e,
        &mut log,
        commands::RecordInquiry {
            case: "Q1".into(),
            at,
            actor: "s-clerk".into(),
            person: "张女士".into(),
            topic: "食品经营许可需要哪些材料".into(),
            also_asked: vec!["s-head".into()],
        },
    );
    exec(
        &mut e,
        &mut log,
        commands::AnswerInquiry {
            case: "Q1".into(),
            at: at + Duration::minutes(20),
            actor: "s-head".into(),
            outcome: InquiryOutcome::Answered,
            guided_to: String::new(),
        },
    );
    assert_eq!(replay(&log).unwrap(), e);
    let mut answered = log.clone();
    answered[1].actor = Some("s-clerk".into());
    refused(&answered, 1, Some("actor"), "`s-head` is responsible for this inquiry");
    // Of those asked at once the highest-ranking is responsible: not the clerk who recorded it.
    let mut recorded = log.clone();
    if let EventKind::InquiryRecorded { responsible, .. } = &mut recorded[0].kind {
        *responsible = "s-clerk2".into();
    }
    refused(&recorded, 0, None, "the command `record_inquiry` yields");
}

// (c) Transitions the state does not allow, and events other than those a command yields.

#[test]
fn a_delivery_before_the_decision_is_refused() {
    let (_, mut log) = food_case();
    let k = find(&log, "decided");
    log.remove(k);
    let log = renumbered(log);
    let err = refused(&log, k, Some("type"), "not allowed while the case is accepted");
    assert_eq!(err.value(), Some("deliver"));
}

#[test]
fn an_event_after_the_case_closed_is_refused() {
    let (_, log) = food_case();
    let k = find(&log, "delivered");
    for (actor, kind, command) in [
        ("s-clerk", EventKind::Withdrawn, "withdraw"),
        (
            "s-head",
            EventKind::Decided {
                approve: false,
                deemed: false,
                reasons: "r".into(),
                legal_basis: "b".into(),
                remedies: "m".into(),
            },
            "decide",
        ),
        (
            "s-clerk",
            EventKind::Accepted {
                effective: log[k].at + Duration::hours(1),
                deemed: false,
            },
            "accept",
        ),
    ] {
        let mut after = log[..=k].to_vec();
        after.push(Event {
            seq: 0,
            at: log[k].at + Duration::hours(1),
            case: "C1".into(),
            actor: Some(actor.into()),
            provisional: false,
            kind,
        });
        let after = renumbered(after);
        let err = refused(&after, k + 1, Some("type"), "not allowed while the case is delivered");
        assert_eq!(err.value(), Some(command));
    }
}

#[test]
fn an_event_other_than_the_one_its_command_yields_is_refused() {
    // An acceptance takes effect when it is given, not a week earlier.
    let (_, mut log) = food_case();
    let k = find(&log, "accepted");
    let at = log[k].at;
    log[k].kind = EventKind::Accepted {
        effective: at - Duration::days(7),
        deemed: false,
    };
    refused(&log, k, None, "the command `accept` yields");
    // A step names the step it completes.
    let (_, mut log) = food_case();
    let k = find(&log, "step_completed");
    if let EventKind::StepCompleted { step, .. } = &mut log[k].kind {
        *step = 2;
    }
    refused(&log, k, None, "the command `complete_step` yields");
}

#[test]
fn a_repeated_notice_without_the_violation_it_yields_is_refused() {
    let mut e = engine();
    let mut log = Vec::new();
    receive(&mut e, &mut log, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    for (k, missing) in [vec!["营业执照复印件"], vec!["营业执照复印件", "委托代理人身份证明"]]
        .into_iter()
        .enumerate()
    {
        let (case, at, actor) = by("s-clerk", &format!("2026-09-2{}T10:00:00+08:00", 8 + k));
        exec(
            &mut e,
            &mut log,
            commands::NotifyCorrections {
                case,
                at,
                actor,
                missing: missing.iter().map(|m| m.to_string()).collect(),
            },
        );
        if k == 0 {
            let (case, at, actor) = by("s-clerk", "2026-09-28T15:00:00+08:00");
            exec(
                &mut e,
                &mut log,
                commands::SubmitCorrections {
                    case,
                    at,
                    actor,
                    materials: vec!["营业执照复印件".into()],
                },
            );
        }
    }
    let k = log
        .iter()
        .position(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::RepeatedNotice,
                    ..
                }
            )
        })
        .expect("the second notice adds an item: a violation");
    assert_eq!(replay(&log).unwrap(), e);
    let without = &log[..k];
    refused(without, k - 1, None, "the log ends before it");
}

// (d) Timer events at an instant before the deadline that makes them due.

/// A food licence received with every material and left alone: deemed accepted when the notice limit
/// passes (art. 32), then its clocks run to the red card.
fn deemed_acceptance() -> (Engine, Vec<Event>) {
    let mut e = engine();
    let mut log = Vec::new();
    receive(&mut e, &mut log, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    log.extend(e.advance(t("2026-12-01T00:00:00+08:00")));
    (e, log)
}

#[test]
fn a_deemed_acceptance_before_the_notice_limit_passed_is_refused() {
    let (live, log) = deemed_acceptance();
    assert_eq!(replay(&log).unwrap(), live);
    let k = log
        .iter()
        .position(|x| matches!(x.kind, EventKind::Accepted { deemed: true, .. }))
        .expect("deemed accepted");
    assert!(log[k].actor.is_none());
    let mut early = log.clone();
    early[k].at -= Duration::days(1);
    let err = refused(&early, k, Some("at"), "not due at that instant");
    assert!(
        err.reason()
            .contains(&format!("next timer is at {}", log[k].at.to_rfc3339())),
        "{err}"
    );
    // Deemed by law, not by a clerk: a deemed acceptance with an actor is no command's.
    let mut by_clerk = log.clone();
    by_clerk[k].actor = Some("s-clerk".into());
    refused(&by_clerk, k, Some("type"), "no command of this record yields it first");
}

#[test]
fn a_card_or_violation_before_its_threshold_is_refused() {
    let (_, log) = deemed_acceptance();
    for name in ["signal_raised", "violation"] {
        let k = find(&log, name);
        let mut early = log.clone();
        early[k].at -= Duration::hours(1);
        refused(&early, k, Some("at"), "not due at that instant");
    }
    // A red card where the yellow one was raised.
    let k = log
        .iter()
        .position(|x| {
            matches!(
                x.kind,
                EventKind::SignalRaised {
                    signal: Signal::Yellow,
                    ..
                }
            )
        })
        .expect("a yellow card");
    let mut red = log.clone();
    red[k].kind = EventKind::SignalRaised {
        clock: xiaoneng::ClockName::Decision,
        signal: Signal::Red,
    };
    refused(&red, k, Some("at"), "`signal_raised` is due then");
}

/// A joint fire-safety check (deemed approved on timeout, county preset): received, accepted, its steps
/// done and the fire brigade's opinion given, then left undecided past its pledged deadline.
fn deemed_approval() -> (Engine, Vec<Event>) {
    let mut e = engine();
    let mut log = Vec::new();
    receive(&mut e, &mut log, "C1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    let (case, at, actor) = by("s-clerk", "2026-09-28T10:00:00+08:00");
    exec(&mut e, &mut log, commands::Accept { case, at, actor });
    for (actor, at) in [
        ("s-clerk", "2026-09-28T11:00:00+08:00"),
        ("s-rev", "2026-09-29T10:00:00+08:00"),
    ] {
        let (case, at, actor) = by(actor, at);
        exec(&mut e, &mut log, commands::CompleteStep { case, at, actor });
    }
    let (case, at, actor) = by("s-fire", "2026-09-29T11:00:00+08:00");
    exec(
        &mut e,
        &mut log,
        commands::JointReply {
            case,
            at,
            actor,
            unit: "fire".into(),
            opinion: Opinion::Agree,
            reasons: String::new(),
        },
    );
    log.extend(e.advance(t("2026-12-31T00:00:00+08:00")));
    (e, log)
}

#[test]
fn a_deemed_approval_before_the_decision_deadline_is_refused() {
    let (live, log) = deemed_approval();
    assert_eq!(replay(&log).unwrap(), live);
    let k = log
        .iter()
        .position(|x| matches!(x.kind, EventKind::Decided { deemed: true, .. }))
        .expect("deemed approved");
    let mut early = log.clone();
    early[k].at -= Duration::days(1);
    refused(&early, k, Some("at"), "not due at that instant");
    // A deemed outcome never hides the breach: the violation of the missed limit fires with it, and a log
    // without it is refused where the case's log goes on (or ends).
    assert!(matches!(
        log[k - 1].kind,
        EventKind::Violation {
            rule: Rule::DecisionOverdue,
            ..
        }
    ));
    let mut alone = log.clone();
    alone.remove(k - 1);
    let alone = renumbered(alone);
    let err = refused(&alone, k, None, "which the log lacks before this event");
    assert!(err.reason().contains("decision_overdue"), "{err}");
    refused(&alone[..k], k - 1, None, "which the log lacks by its end");
}

#[test]
fn a_deemed_approval_of_an_item_the_policy_does_not_deem_is_refused() {
    // The food licence is pledged: overdue only, never deemed approved (county preset).
    let (_, mut log) = food_case();
    let k = find(&log, "decided");
    log[k].actor = None;
    log[k].kind = EventKind::Decided {
        approve: true,
        deemed: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    };
    refused(&log, k, Some("at"), "not due at that instant");
}

#[test]
fn a_commands_event_without_an_actor_is_refused() {
    let (_, mut log) = food_case();
    let k = find(&log, "delivered");
    log[k].actor = None;
    refused(&log, k, Some("actor"), "a command's event names its actor");
    let (_, mut log) = food_case();
    log[0].actor = None;
    refused(&log, 0, Some("actor"), "a record is created by a command");
}

#[test]
fn corrections_their_limits_and_the_acceptance_deemed_after_them_replay_and_are_checked() {
    // The county preset with the applicant's limit to hand in corrections (3 working days): the notice on
    // Mon Sep 28, `corrections_overdue` when the limit passes (Oct 9 00:00), the applicant's corrections on
    // Oct 12, then the acceptance limit after them (art. 32 (5)) passes: deemed accepted from the
    // corrections, with `late_acceptance`.
    let (policy, org, catalog) = config();
    let toml = common::scenario::POLICY.replacen(
        "acceptance_limit = { unit = \"working_days\", amount = 5 }\n",
        "acceptance_limit = { unit = \"working_days\", amount = 5 }\napplicant_limit = { unit = \"working_days\", amount = 3 }\n",
        1,
    );
    let policy = <xiaoneng::Policy as xiaoneng::Document>::from_toml(&toml).unwrap_or(policy);
    assert!(
        policy.corrections.applicant_limit.is_some(),
        "the preset's corrections table changed"
    );
    let mut e = Engine::new(policy.clone(), org.clone(), catalog.clone()).unwrap();
    let mut log = Vec::new();
    exec(
        &mut e,
        &mut log,
        commands::Receive {
            case: "C1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            item: FOOD.into(),
            applicant: APPLICANT.into(),
            materials: vec![MATERIALS[0].into()],
            renewal_of_expiry: None,
        },
    );
    let (case, at, actor) = by("s-clerk", "2026-09-28T10:00:00+08:00");
    exec(
        &mut e,
        &mut log,
        commands::NotifyCorrections {
            case,
            at,
            actor,
            missing: MATERIALS[1..].iter().map(|m| m.to_string()).collect(),
        },
    );
    log.extend(e.advance(t("2026-10-10T00:00:00+08:00")));
    let (case, at, actor) = by(APPLICANT, "2026-10-12T09:00:00+08:00");
    exec(
        &mut e,
        &mut log,
        commands::SubmitCorrections {
            case,
            at,
            actor,
            materials: MATERIALS[1..].iter().map(|m| m.to_string()).collect(),
        },
    );
    log.extend(e.advance(t("2026-11-30T00:00:00+08:00")));
    let replay_with = |log: &[Event]| Engine::replay(policy.clone(), org.clone(), catalog.clone(), log);
    assert_eq!(replay_with(&log).unwrap(), e);
    let overdue = find(&log, "corrections_overdue");
    let deemed = log
        .iter()
        .position(|x| matches!(x.kind, EventKind::Accepted { deemed: true, .. }))
        .expect("deemed accepted after the corrections");
    assert!(log.iter().any(|x| matches!(
        x.kind,
        EventKind::Violation {
            rule: Rule::LateAcceptance,
            ..
        }
    )));
    // The applicant's limit had not passed a day earlier.
    let mut early = log.clone();
    early[overdue].at -= Duration::days(1);
    let err = replay_with(&early).map(|_| ()).unwrap_err();
    assert_eq!(err.field(), Some(format!("events[{overdue}].at").as_str()), "{err}");
    // The acceptance limit after the corrections had not passed a day earlier.
    let mut early = log.clone();
    early[deemed].at -= Duration::days(1);
    let err = replay_with(&early).map(|_| ()).unwrap_err();
    assert_eq!(err.field(), Some(format!("events[{deemed}].at").as_str()), "{err}");
    // Corrections come from the applicant or the window of the case's unit, not from another unit's.
    let k = find(&log, "corrections_submitted");
    let mut other = log.clone();
    other[k].actor = Some("s-fire-clerk".into());
    let err = replay_with(&other).map(|_| ()).unwrap_err();
    assert_eq!(err.field(), Some(format!("events[{k}].actor").as_str()), "{err}");
    assert!(err.reason().starts_with(&format!("seq {} ", k + 1)), "{err}");
}

// (e) Sequence numbers and time order.

#[test]
fn sequence_numbers_that_do_not_go_up_by_one_are_refused() {
    let (_, mut log) = food_case();
    log.swap(2, 3);
    let err = replay(&log).map(|_| ()).unwrap_err();
    assert_eq!(err.field(), Some("events[2].seq"), "{err}");
    assert_eq!(err.value(), Some("4"));
    let (_, mut log) = food_case();
    log[5].seq = 5;
    let err = replay(&log).map(|_| ()).unwrap_err();
    assert_eq!(err.field(), Some("events[5].seq"), "{err}");
}

#[test]
fn a_command_earlier_than_its_cases_last_event_is_refused() {
    let (_, mut log) = food_case();
    let k = find(&log, "delivered");
    log[k].at = log[k - 1].at - Duration::minutes(1);
    refused(&log, k, Some("at"), "earlier than the record's last event");
    // Two events of the case swapped (their sequence numbers follow the log's order).
    let (_, log) = food_case();
    let k = find(&log, "decided");
    let mut swapped = log.clone();
    swapped.swap(k, k + 1);
    let swapped = renumbered(swapped);
    refused(&swapped, k, Some("type"), "not allowed while the case is accepted");
}

// Calendar notices added at run time.

/// A 2027 notice that differs from the provisional days (the Spring Festival Feb 5-13, makeup workdays
/// Jan 31 and Feb 20).
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

#[test]
fn timers_fired_before_a_notice_moved_their_deadlines_replay_under_the_calendar_they_fired_under() {
    // Accepted on Jan 26 2027, on provisional days: pledged deadline Feb 11 and step 2's Feb 4 (the
    // provisional Spring Festival is Feb 5-8). The reminder, step violation, yellow card and breach fire
    // under that calendar; the notice, added on Feb 12, moves the deadline to Feb 16 and step 2's to Feb 3.
    let mut e = engine();
    let mut log = Vec::new();
    receive(&mut e, &mut log, "C1", FOOD, "2027-01-26T09:00:00+08:00");
    let (case, at, actor) = by("s-clerk", "2027-01-26T10:00:00+08:00");
    exec(&mut e, &mut log, commands::Accept { case, at, actor });
    let (case, at, actor) = by("s-clerk", "2027-01-26T11:00:00+08:00");
    exec(&mut e, &mut log, commands::CompleteStep { case, at, actor });
    log.extend(e.advance(t("2027-02-12T08:00:00+08:00")));
    let fired = log.len();
    assert!(
        log.iter().filter(|x| x.actor.is_none()).count() >= 3 && log.iter().all(|x| x.actor.is_some() || x.provisional),
        "timers fired on provisional days: {log:?}"
    );
    let changed = e.add_notice(notice_2027(), t("2027-02-12T09:00:00+08:00")).unwrap();
    assert!(
        changed
            .iter()
            .any(|x| matches!(&x.kind, EventKind::DeadlineChanged { deadline, .. }
            if *deadline == t("2027-02-16T16:00:00Z"))),
        "{changed:?}"
    );
    log.extend(changed);
    log.extend(e.advance(t("2027-04-30T00:00:00+08:00")));
    // The engine's policy keeps the notice: the log replays to the live engine. Under the final calendar
    // alone, the reminder fired on Feb 10 would not be due before Feb 15.
    let replayed = Engine::replay(e.policy().clone(), e.org().clone(), e.catalog().clone(), &log).unwrap();
    assert_eq!(replayed, e);
    let reminder = log[..fired]
        .iter()
        .position(|x| {
            matches!(
                x.kind,
                EventKind::SignalRaised {
                    signal: Signal::Reminder,
                    ..
                }
            )
        })
        .expect("a reminder before the notice");
    let view = e.view("C1", t("2027-02-12T10:00:00+08:00")).unwrap();
    assert!(view.decision.unwrap().deadline_date.to_string() == "2027-02-16");
    // The events before the notice are still checked, under the calendar as it was.
    let mut early = log.clone();
    early[reminder].at -= Duration::hours(1);
    let err = Engine::replay(e.policy().clone(), e.org().clone(), e.catalog().clone(), &early)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.field(), Some(format!("events[{reminder}].at").as_str()), "{err}");
    // And a `deadline_changed` names a deadline the clock has.
    let k = find(&log, "deadline_changed");
    let mut moved = log.clone();
    if let EventKind::DeadlineChanged { deadline, .. } = &mut moved[k].kind {
        *deadline += Duration::days(1);
    }
    let err = Engine::replay(e.policy().clone(), e.org().clone(), e.catalog().clone(), &moved)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.field(), Some(format!("events[{k}].deadline").as_str()), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any log the live engine writes (commands of every kind by every staff member and the applicant,
    /// refused ones left out, and advances) replays, to the live engine.
    #[test]
    fn replay_of_any_live_log_reproduces_the_live_engine(ops in prop::collection::vec(op(), 1..60)) {
        let (live, log) = run(&ops, None)?;
        let replayed = replay(&log).map_err(|err| TestCaseError::fail(err.to_string()))?;
        prop_assert!(replayed == live, "replay differs from the live engine");
    }

    /// The same with next year's notice added on the way (the engine's policy keeps it): timers fired
    /// before it are checked under the calendar they fired under.
    #[test]
    fn replay_of_a_live_log_with_a_notice_added_on_the_way_reproduces_the_live_engine(
        ops in prop::collection::vec(op(), 1..60), at in 0usize..60,
    ) {
        let (live, log) = run(&ops, Some((at.min(ops.len() - 1), notice_2027())))?;
        let replayed = Engine::replay(live.policy().clone(), live.org().clone(), live.catalog().clone(), &log)
            .map_err(|err| TestCaseError::fail(err.to_string()))?;
        prop_assert!(replayed == live, "replay differs from the live engine");
    }

    /// A snapshot of the engine at any prefix of the log that replays on its own (as at the end of an
    /// answer), restored, and the rest of the log replayed onto it (`replay_tail`, the journal's recovery)
    /// gives the live engine, as replaying the whole log does.
    #[test]
    fn restoring_a_snapshot_and_replaying_the_tail_reproduces_the_live_engine(
        ops in prop::collection::vec(op(), 1..60), cut in 0usize..1000,
    ) {
        let (live, log) = run(&ops, None)?;
        let (p, o, c) = config();
        // The longest prefix up to `cut` that replays on its own (the empty one does).
        let mut k = cut % (log.len() + 1);
        let head = loop {
            if let Ok(e) = Engine::replay(p.clone(), o.clone(), c.clone(), &log[..k]) {
                break e;
            }
            k -= 1;
        };
        let restored = Engine::restore(p, o, c, &head.snapshot()).map_err(|err| TestCaseError::fail(err.to_string()))?;
        let resumed = restored.replay_tail(&log[k..]).map_err(|err| TestCaseError::fail(err.to_string()))?;
        prop_assert!(resumed == live, "snapshot at seq {} and the tail differ from the live engine", k);
    }
}

#[test]
fn a_tail_must_start_right_after_the_engine_s_last_event() {
    let mut e = engine();
    let at = t("2026-09-28T09:00:00+08:00");
    let receive = |case: &str| {
        Command::from(commands::Receive {
            case: case.into(),
            at,
            actor: "s-clerk".into(),
            item: "330100-FOOD-001".into(),
            applicant: "张三".into(),
            materials: vec![],
            renewal_of_expiry: None,
        })
    };
    let first = e.execute(receive("C1")).unwrap();
    let second = e.execute(receive("C2")).unwrap();
    let mut after_first = engine().replay_tail(&first).unwrap();
    assert_eq!(after_first.seq(), 1);
    let err = engine().replay_tail(&second).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidInput, Some("events[0].seq"))
    );
    assert_eq!(err.reason(), "expected 1: sequence numbers go up by one from 1");
    after_first = after_first.replay_tail(&second).unwrap();
    assert_eq!(after_first, e);
}
