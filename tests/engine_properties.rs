//! Engine invariants over random command sequences (proptest): a rejected command changes nothing; no
//! event without an authorized actor (a staff member, or the applicant for a rating or corrections) or a
//! timer; every case has at most one outcome, exactly one once closed; replaying the log reproduces the live
//! state; advancing in one step or many gives the same events. The scenarios: `common/scenario.rs`.

mod common;

use chrono::Duration;
use common::scenario::{command, config, engine, op, run, start, Op, APPLICANT, ORG};
use proptest::prelude::*;
use xiaoneng::{CaseState, Document, Engine, EventKind, Org};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn engine_invariants_hold_for_any_command_sequence(ops in prop::collection::vec(op(), 1..60)) {
        let (live, log) = run(&ops, None)?;
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
                // Corrections come from the applicant or through the window (art. 32).
                (Some(a), EventKind::CorrectionsSubmitted { .. }) if a == APPLICANT => {}
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
