//! Engine invariants over random command sequences (proptest): a rejected command changes nothing; no
//! event without an authorized actor or a timer; every case has at most one outcome, exactly one once
//! closed; replaying the log reproduces the live state; advancing in one step or many gives the same events.

mod common;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use xiaoneng::commands;
use xiaoneng::{
    CaseState, Catalog, Command, Document, Engine, Event, EventKind, InquiryOutcome, Opinion, Org, PauseKind, Policy,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const ITEMS: [&str; 2] = ["330100-FOOD-001", "330100-BLDG-007"];
const ACTORS: [&str; 7] = ["s-clerk", "s-clerk2", "s-rev", "s-rev2", "s-head", "s-fire", "s-sup"];
const APPLICANT: &str = "某公司";

fn config() -> (Policy, Org, Catalog) {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    (Policy::from_toml(POLICY).unwrap(), org, catalog)
}

fn engine() -> Engine {
    let (p, o, c) = config();
    Engine::new(p, o, c).unwrap()
}

fn start() -> DateTime<Utc> {
    common::t("2026-09-21T08:00:00+08:00")
}

/// One step of a scenario: a command (by kind, case, actor and time offset) or an advance.
#[derive(Debug, Clone)]
enum Op {
    Cmd {
        kind: u8,
        case: u8,
        actor: u8,
        item: u8,
        flag: bool,
    },
    Advance,
}

fn op() -> impl Strategy<Value = (Op, i64)> {
    let cmd = (0u8..19, 0u8..3, 0u8..8, 0u8..2, any::<bool>()).prop_map(|(kind, case, actor, item, flag)| Op::Cmd {
        kind,
        case,
        actor,
        item,
        flag,
    });
    (prop_oneof![9 => cmd, 1 => Just(Op::Advance)], 0i64..(3 * 86_400))
}

fn command(kind: u8, case: u8, actor: u8, item: u8, flag: bool, at: DateTime<Utc>) -> Option<Command> {
    let case = format!("C{case}");
    let actor = if actor as usize >= ACTORS.len() {
        APPLICANT.to_string()
    } else {
        ACTORS[actor as usize].to_string()
    };
    let s = |x: &str| x.to_string();
    Some(match kind {
        0 => Command::from(commands::Receive {
            case,
            at,
            actor,
            item: s(ITEMS[item as usize]),
            applicant: s(APPLICANT),
            materials: vec![s("申请书")],
            renewal_of_expiry: None,
        }),
        1 => Command::from(commands::NotifyCorrections {
            case,
            at,
            actor,
            missing: vec![s(if flag { "营业执照复印件" } else { "申请书" })],
        }),
        2 => Command::from(commands::SubmitCorrections {
            case,
            at,
            actor,
            materials: vec![s("营业执照复印件")],
        }),
        3 => Command::from(commands::Accept { case, at, actor }),
        4 => Command::from(commands::Refuse {
            case,
            at,
            actor,
            reasons: s("不属于本机关职权"),
            legal_basis: s("第三十二条"),
            remedies: if flag { s("可复议") } else { s("") },
        }),
        5 => Command::from(commands::ReportNegative {
            case,
            at,
            actor,
            superior: s(if flag { "s-head" } else { "s-clerk" }),
        }),
        6 | 7 => Command::from(commands::CompleteStep { case, at, actor }),
        8 => Command::from(commands::Pause {
            case,
            at,
            actor,
            kind: if flag {
                PauseKind::Inspection
            } else {
                PauseKind::Auction
            },
            notice: s("告知书"),
        }),
        9 => Command::from(commands::Resume { case, at, actor }),
        10 => Command::from(commands::Extend {
            case,
            at,
            actor,
            amount: if flag { 10 } else { 11 },
            reason: s("现场核查"),
        }),
        11 => Command::from(commands::Decide {
            case,
            at,
            actor,
            approve: flag,
            reasons: s("不符合条件"),
            legal_basis: s("第三十八条"),
            remedies: s("可复议"),
        }),
        12 => Command::from(commands::Deliver { case, at, actor }),
        13 => Command::from(commands::JointReply {
            case,
            at,
            actor,
            unit: s("fire"),
            opinion: if flag { Opinion::Agree } else { Opinion::Disagree },
            reasons: String::new(),
        }),
        18 => Command::from(commands::Terminate {
            case,
            at,
            actor,
            reason: if flag { s("申请人已注销") } else { String::new() },
        }),
        16 => Command::from(commands::RecordInquiry {
            case,
            at,
            actor,
            person: s(APPLICANT),
            topic: s("材料"),
            also_asked: if flag { vec![s("s-head")] } else { vec![] },
        }),
        17 => Command::from(commands::AnswerInquiry {
            case,
            at,
            actor,
            outcome: if flag {
                InquiryOutcome::Guided
            } else {
                InquiryOutcome::Answered
            },
            guided_to: String::new(),
        }),
        14 => Command::from(commands::Rate {
            case,
            at,
            actor,
            level: if flag { 5 } else { 1 },
            real_name: flag,
            comment: String::new(),
        }),
        _ => Command::from(commands::Withdraw { case, at, actor }),
    })
}

/// Runs a scenario, checking the per-command invariants; returns the engine and the event log.
fn run(ops: &[(Op, i64)]) -> Result<(Engine, Vec<Event>), TestCaseError> {
    let mut e = engine();
    let mut log = Vec::new();
    let mut now = start();
    for (op, dt) in ops {
        now += Duration::seconds(*dt);
        let events = match op {
            Op::Advance => e.advance(now),
            Op::Cmd {
                kind,
                case,
                actor,
                item,
                flag,
            } => {
                let Some(cmd) = command(*kind, *case, *actor, *item, *flag, now) else {
                    continue;
                };
                let before = e.clone();
                match e.execute(cmd) {
                    Ok(ev) => ev,
                    Err(_) => {
                        prop_assert!(e == before, "a rejected command changed the engine");
                        continue;
                    }
                }
            }
        };
        // The events of one answer (`execute` or `advance`) are in time order, across all cases.
        prop_assert!(
            events.windows(2).all(|w| w[0].at <= w[1].at),
            "an answer's events are out of time order: {:?}",
            events
        );
        log.extend(events);
    }
    let last = e.advance(now + Duration::days(120));
    prop_assert!(
        last.windows(2).all(|w| w[0].at <= w[1].at),
        "advance out of time order: {:?}",
        last
    );
    log.extend(last);
    Ok((e, log))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn engine_invariants_hold_for_any_command_sequence(ops in prop::collection::vec(op(), 1..60)) {
        let (live, log) = run(&ops)?;
        let org = Org::from_json(ORG).unwrap();
        // Sequence numbers without gaps.
        for (k, ev) in log.iter().enumerate() {
            prop_assert_eq!(ev.seq, k as u64 + 1);
        }
        // No event without an authorized actor or a timer.
        for ev in &log {
            match (&ev.actor, &ev.kind) {
                (None, _) => {}
                (Some(a), EventKind::Rated { .. }) => prop_assert_eq!(a.as_str(), APPLICANT),
                (Some(a), _) => prop_assert!(org.staff(a).is_some(), "event by unknown actor {}", a),
            }
        }
        // At most one outcome per case; exactly one once closed.
        for id in ["C0", "C1", "C2"] {
            let outcomes = log.iter().filter(|ev| ev.case == id && matches!(ev.kind,
                EventKind::Decided { .. } | EventKind::Refused { .. } | EventKind::Withdrawn | EventKind::Terminated { .. })).count();
            prop_assert!(outcomes <= 1, "{} has {} outcomes", id, outcomes);
            if let Some(case) = live.case(id) {
                let closed = case.state().is_closed() || case.state() == CaseState::Approved;
                prop_assert_eq!(closed, outcomes == 1, "{} is {:?} with {} outcomes", id, case.state(), outcomes);
            }
        }
        // Replaying the log reproduces the live state.
        let (p, o, c) = config();
        let replayed = Engine::replay(p, o, c, &log).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if replayed != live {
            let va: serde_json::Value = serde_json::from_str(&live.snapshot()).unwrap();
            let vb: serde_json::Value = serde_json::from_str(&replayed.snapshot()).unwrap();
            eprintln!("live vs replay timers: {} vs {}", va["timers"], vb["timers"]);
            for (k, v) in va["cases"].as_object().unwrap() {
                if *v != vb["cases"][k] { eprintln!("case {k} differs\n  live   {v}\n  replay {}", vb["cases"][k]); }
            }
            for ev in &log { eprintln!("  event {}", ev.to_json()); }
        }
        prop_assert!(replayed == live, "replay differs from the live engine");
    }

    #[test]
    fn advancing_in_one_step_or_many_gives_the_same_events(
        ops in prop::collection::vec(op(), 1..40), steps in prop::collection::vec(1i64..(10 * 86_400), 1..30),
    ) {
        // Only commands here; then two engines advance differently to the same instant.
        let cmds: Vec<(Op, i64)> = ops.into_iter().filter(|(o, _)| matches!(o, Op::Cmd { .. })).collect();
        let mut one = engine();
        let mut now = start();
        for (op, dt) in &cmds {
            now += Duration::seconds(*dt);
            if let Op::Cmd { kind, case, actor, item, flag } = op {
                if let Some(c) = command(*kind, *case, *actor, *item, *flag, now) {
                    let _ = one.execute(c);
                }
            }
        }
        let mut many = one.clone();
        let end = now + Duration::days(150);
        let all = one.advance(end);
        let mut stepped = Vec::new();
        let mut t = now;
        for s in steps.iter().cycle().take(400) {
            t = (t + Duration::seconds(*s)).min(end);
            stepped.extend(many.advance(t));
            if t == end { break; }
        }
        stepped.extend(many.advance(end));
        prop_assert_eq!(all, stepped);
        prop_assert!(one == many);
    }
}
