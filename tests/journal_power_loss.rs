//! Simulated power loss: the fault-injecting storage cuts the power at every operation of a workload in
//! turn, and the files are found as a crash leaves them (unsynced bytes dropped, torn at a random point,
//! or kept). Every open recovers (or names the damage: here none may be), and no acknowledged event is
//! lost. More than 10,000 crash points per run; seeded, deterministic.

mod common;

use std::collections::BTreeMap;

use chrono::Duration;
use common::journal::events;
use common::scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use xiaoneng::journal::{Durability, Journal, JournalOptions, JournaledEngine, Loss, MemStorage};
use xiaoneng::{Engine, Result};

fn options() -> JournalOptions {
    JournalOptions {
        segment_bytes: 900,
        ..JournalOptions::default()
    }
}

/// Batches of 1 to 3 events, a snapshot and a compaction now and then, with small segments; `acked` is
/// the last seq an append acknowledged.
/// Seeds from 14 on sync every 3 records instead of every append: what they acknowledge as durable is
/// `durable_seq`.
fn workload(mem: &MemStorage, seed: u64, acked: &mut u64) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let durability = if seed >= 14 {
        Durability::EveryRecords(3)
    } else {
        Durability::EveryRecord
    };
    let (mut j, _, _) = Journal::open(
        Box::new(mem.clone()),
        JournalOptions {
            durability,
            ..options()
        },
    )?;
    for b in 0..10 {
        let n = rng.random_range(1..=3);
        j.append(&events(j.seq() + 1, n))?;
        *acked = j.durable_seq();
        if b % 4 == 3 {
            j.write_snapshot("{}")?;
            j.compact()?;
        }
    }
    j.close()
}

/// Opens what the crash left, checks it, and writes on.
fn check_recovery(after: MemStorage, acked: u64, what: &str) {
    let (mut j, report, recovery) =
        Journal::open(Box::new(after.clone()), options()).unwrap_or_else(|e| panic!("{what}: the open fails: {e}"));
    assert!(
        report.last_seq >= acked,
        "{what}: acknowledged seq {acked} lost, the journal ends at {}",
        report.last_seq
    );
    let from = recovery.snapshot.as_ref().map_or(0, |s| s.0);
    assert!(from <= acked.max(from));
    assert_eq!(
        recovery.events,
        events(from + 1, report.last_seq - from),
        "{what}: the events read back"
    );
    // The recovered journal takes more and reopens whole.
    j.append(&events(j.seq() + 1, 2))
        .unwrap_or_else(|e| panic!("{what}: append after recovery: {e}"));
    j.close().unwrap();
    let report2 = xiaoneng::journal::verify_storage(&after, None).unwrap();
    assert!(report2.is_ok() && report2.torn.is_none(), "{what}: {report2:?}");
    assert_eq!(report2.last_seq, report.last_seq + 2);
}

#[test]
fn no_acknowledged_event_is_lost_at_any_of_10000_crash_points() {
    let mut points = 0;
    for seed in 0..21u64 {
        // The whole workload's operations.
        let total = {
            let mem = MemStorage::new(seed);
            workload(&mem, seed, &mut 0).unwrap();
            mem.ops()
        };
        for k in 0..=total {
            let mem = MemStorage::new(seed);
            mem.crash_at(k);
            let mut acked = 0;
            let _ = workload(&mem, seed, &mut acked);
            let mut losses = vec![(Loss::Drop, 0), (Loss::Keep, 0)];
            losses.extend((0..6).map(|s| (Loss::Tear, s)));
            for (loss, s) in losses {
                check_recovery(
                    mem.crashed(loss, s),
                    acked,
                    &format!("seed {seed}, crash at op {k}, {loss:?} {s}"),
                );
                points += 1;
            }
        }
    }
    assert!(points >= 10_000, "{points} crash points");
}

#[test]
fn the_engine_recovers_a_state_it_had_at_every_crash_point() {
    let (policy, org, catalog) = scenario::config();
    let o = JournalOptions {
        segment_bytes: 4000,
        snapshot_every: 6,
        compact: true,
        ..JournalOptions::default()
    };
    // The workload, and the engine after each acknowledged answer.
    let run = |mem: &MemStorage, states: &mut BTreeMap<u64, Engine>, acked: &mut u64| -> Result<()> {
        let mut e = JournaledEngine::open_storage(
            Box::new(mem.clone()),
            policy.clone(),
            org.clone(),
            catalog.clone(),
            o.clone(),
        )?;
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut now = scenario::start();
        for _ in 0..150 {
            now += Duration::seconds(rng.random_range(0..8 * 3_600));
            let answer = if rng.random_range(0..8) == 0 {
                e.advance(now)
            } else {
                // Receipts of new cases (by a clerk) and any other command on them, by anyone.
                let kind = if rng.random_range(0..3) == 0 {
                    0
                } else {
                    rng.random_range(0..19)
                };
                let cmd = scenario::command(
                    kind,
                    rng.random_range(0..40),
                    if kind == 0 { 0 } else { rng.random_range(0..8) },
                    rng.random_range(0..2),
                    rng.random(),
                    now,
                );
                match cmd {
                    None => continue,
                    Some(cmd) => match e.execute(cmd) {
                        Err(err) if err.code() != xiaoneng::ErrorCode::Io => continue,
                        other => other,
                    },
                }
            };
            answer?;
            *acked = e.engine().seq();
            states.insert(*acked, e.engine().clone());
        }
        e.close()
    };
    let mut states = BTreeMap::new();
    states.insert(0, scenario::engine());
    let total = {
        let mem = MemStorage::new(3);
        run(&mem, &mut states, &mut 0).unwrap();
        let files = xiaoneng::journal::Storage::list(&mem).unwrap();
        assert!(
            files.iter().any(|f| f.starts_with("snap-")),
            "snapshots were taken: {files:?}"
        );
        mem.ops()
    };
    assert!(
        states.len() > 30,
        "the scenario does something: {} answers",
        states.len()
    );
    for k in (0..=total).step_by(3) {
        let mem = MemStorage::new(3);
        mem.crash_at(k);
        let mut acked = 0;
        let _ = run(&mem, &mut BTreeMap::new(), &mut acked);
        for (loss, s) in [(Loss::Drop, 0), (Loss::Tear, k), (Loss::Keep, 0)] {
            let after = mem.crashed(loss, s);
            let e =
                JournaledEngine::open_storage(Box::new(after), policy.clone(), org.clone(), catalog.clone(), o.clone())
                    .unwrap_or_else(|err| panic!("crash at op {k}, {loss:?}: {err}"));
            let seq = e.engine().seq();
            assert!(
                seq >= acked,
                "crash at op {k}, {loss:?}: acknowledged seq {acked} lost (at {seq})"
            );
            assert_eq!(
                Some(e.engine()),
                states.get(&seq),
                "crash at op {k}, {loss:?}: the engine at seq {seq}"
            );
        }
    }
}
