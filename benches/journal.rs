//! The journal against SQLite, the same events in the same run (docs/benchmarks.md, "Journal").
//!
//! The events are those of the engine bench's realistic mix (`benches/common/mix.rs`), scaled to about
//! 1,000,000 events (`XN_BENCH_JOURNAL_CASES` cases, default 133,000), appended in the batches the engine
//! answered them in (one batch per command, as `JournaledEngine::execute` appends them).
//!
//! - append with group commit: the journal with `every_millis: 10` and `every_records: 1000`; SQLite
//!   (WAL, one table `(seq INTEGER PRIMARY KEY, at, actor, event)`, the event as the same JSON) with one
//!   transaction per batch under `synchronous=NORMAL` (WAL syncs at checkpoints), and one transaction per
//!   1,000 records under `synchronous=FULL`. Events/s.
//! - per-record durability: the journal with `every_record` (one sync per batch) against the device's raw
//!   rate (append ~200 bytes to a file and `sync_data`, the call the journal makes), and SQLite
//!   `synchronous=FULL` with one transaction per batch, over `XN_BENCH_JOURNAL_SYNCS` batches (2,000).
//! - recovery: opening the engine of a journal of those events (with a snapshot covering all of them; and
//!   without one, replaying every event); full verification (`verify`) of the journal.
//! - bytes per event: the journal's files, SQLite's database and WAL files.
//!
//! Run: `cargo bench --bench journal` (`scripts/bench --journal`). The files go to a temporary directory
//! under `XN_BENCH_DIR` (default: the system's), which should be on the device to measure; they are
//! removed at the end unless `XN_BENCH_KEEP` is set.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{params, Connection};
use xiaoneng::journal::{verify, Durability, Journal, JournalOptions, JournaledEngine};
use xiaoneng::{Engine, Event};

#[path = "common/mix.rs"]
mod mix;
use mix::*;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A fresh directory under the bench's root.
fn fresh(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("bench directory");
    dir
}

fn dir_bytes(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .expect("directory")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum()
}

/// The journal: appends `batches`, then flushes (a sync) and closes. Seconds.
fn journal_append(dir: &Path, batches: &[Vec<Event>], durability: Durability) -> f64 {
    let options = JournalOptions {
        durability,
        ..Default::default()
    };
    let (mut journal, _, _) = Journal::open_dir(dir, options).expect("open journal");
    let t0 = Instant::now();
    for b in batches {
        journal.append(b).expect("append");
    }
    journal.flush().expect("flush");
    let secs = t0.elapsed().as_secs_f64();
    journal.close().expect("close");
    secs
}

/// A row of SQLite's table: seq, instant, actor, event.
type Row = (i64, String, Option<String>, String);

/// SQLite in WAL mode under `synchronous`, a transaction every `per_txn` batches (at least one record).
/// Seconds, and the bytes of its files.
fn sqlite_append(dir: &Path, batches: &[Vec<Event>], synchronous: &str, records_per_txn: usize) -> (f64, u64) {
    let path = dir.join("events.db");
    let mut db = Connection::open(&path).expect("sqlite open");
    db.pragma_update(None, "journal_mode", "WAL").expect("wal");
    db.pragma_update(None, "synchronous", synchronous).expect("synchronous");
    db.execute_batch(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT, event TEXT NOT NULL)",
    )
    .expect("table");
    // The rows are prepared outside the timing, as the journal's events are.
    let rows: Vec<Vec<Row>> = batches
        .iter()
        .map(|b| {
            b.iter()
                .map(|e| (e.seq as i64, e.at.to_rfc3339(), e.actor.clone(), e.to_json()))
                .collect()
        })
        .collect();
    let t0 = Instant::now();
    let mut k = 0;
    while k < rows.len() {
        let tx = db.transaction().expect("begin");
        {
            let mut insert = tx
                .prepare_cached("INSERT INTO events (seq, at, actor, event) VALUES (?1, ?2, ?3, ?4)")
                .expect("prepare");
            let mut n = 0;
            while k < rows.len() && (n == 0 || n < records_per_txn) {
                for (seq, at, actor, event) in &rows[k] {
                    insert.execute(params![seq, at, actor, event]).expect("insert");
                    n += 1;
                }
                k += 1;
            }
        }
        tx.commit().expect("commit");
    }
    let secs = t0.elapsed().as_secs_f64();
    drop(db);
    (secs, dir_bytes(dir))
}

/// The device's raw rate: `n` appends of a ~200-byte line each followed by `sync_data`. Per second.
fn raw_sync_rate(dir: &Path, n: usize) -> f64 {
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("raw"))
        .expect("raw file");
    let line = [b'x'; 199];
    let t0 = Instant::now();
    for _ in 0..n {
        f.write_all(&line).expect("write");
        f.write_all(b"\n").expect("write");
        f.sync_data().expect("sync");
    }
    n as f64 / t0.elapsed().as_secs_f64()
}

fn rate(n: usize, secs: f64) -> String {
    format!("{:>12.0}/s", n as f64 / secs)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or other flags are not supported.
    let cases = env("XN_BENCH_JOURNAL_CASES", 133_000);
    let syncs = env("XN_BENCH_JOURNAL_SYNCS", 2_000);
    let root = std::env::var_os("XN_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("xiaoneng-journal-bench-{}", std::process::id()));

    let t0 = Instant::now();
    let (commands, _) = mix(cases);
    let (policy, org, catalog) = config();
    let mut engine = Engine::new(policy.clone(), org.clone(), catalog.clone()).expect("engine");
    let batches: Vec<Vec<Event>> = commands
        .iter()
        .map(|c| engine.execute(c.clone()).expect("the mix is accepted"))
        .collect();
    let events: usize = batches.iter().map(Vec::len).sum();
    println!(
        "journal/mix: {cases} cases, {} batches, {events} events (prepared in {:.1} s); files under {}",
        batches.len(),
        t0.elapsed().as_secs_f64(),
        root.display()
    );

    println!("\nappend with group commit ({events} events, one batch per command):");
    let mut group = Vec::new();
    for (name, durability) in [
        ("journal every_millis: 10", Durability::EveryMillis(10)),
        ("journal every_records: 1000", Durability::EveryRecords(1000)),
    ] {
        let dir = fresh(&root, "group");
        let secs = journal_append(&dir, &batches, durability);
        let bytes = dir_bytes(&dir);
        println!(
            "  {name:<44} {}   {:>6.1} bytes/event",
            rate(events, secs),
            bytes as f64 / events as f64
        );
        group.push(events as f64 / secs);
    }
    for (name, sync, per) in [
        ("sqlite WAL synchronous=NORMAL, txn per batch", "NORMAL", 1),
        ("sqlite WAL synchronous=FULL, txn per 1000 records", "FULL", 1000),
    ] {
        let dir = fresh(&root, "sqlite");
        let (secs, bytes) = sqlite_append(&dir, &batches, sync, per);
        println!(
            "  {name:<44} {}   {:>6.1} bytes/event   journal/sqlite {:.1}x",
            rate(events, secs),
            bytes as f64 / events as f64,
            group[0] / (events as f64 / secs)
        );
    }

    let few = &batches[..syncs.min(batches.len())];
    let few_events: usize = few.iter().map(Vec::len).sum();
    println!(
        "\nper-record durability ({} batches, {few_events} events, a sync per batch):",
        few.len()
    );
    let dir = fresh(&root, "raw");
    let raw = raw_sync_rate(&dir, few.len());
    println!("  {:<44} {:>12.0}/s", "device: append ~200 B + sync_data", raw);
    let dir = fresh(&root, "every");
    let secs = journal_append(&dir, few, Durability::EveryRecord);
    let journal_rate = few.len() as f64 / secs;
    println!(
        "  {:<44} {:>12.0}/s batches   {:.0} % of the device's rate (target >= 80 %)",
        "journal every_record",
        journal_rate,
        100.0 * journal_rate / raw
    );
    let dir = fresh(&root, "sqlite-full");
    let (secs, _) = sqlite_append(&dir, few, "FULL", 1);
    println!(
        "  {:<44} {:>12.0}/s batches   journal/sqlite {:.1}x",
        "sqlite WAL synchronous=FULL, txn per batch",
        few.len() as f64 / secs,
        journal_rate / (few.len() as f64 / secs)
    );

    println!("\nrecovery and verification ({events} events):");
    let dir = fresh(&root, "engine");
    let options = JournalOptions {
        durability: Durability::Never,
        ..Default::default()
    };
    let mut live =
        JournaledEngine::open(&dir, policy.clone(), org.clone(), catalog.clone(), options.clone()).expect("open");
    for c in &commands {
        live.execute(c.clone()).expect("execute");
    }
    let live_engine = live.engine().clone();
    live.close().expect("close");
    let t = Instant::now();
    let reopened =
        JournaledEngine::open(&dir, policy.clone(), org.clone(), catalog.clone(), options.clone()).expect("reopen");
    let replayed = t.elapsed().as_secs_f64();
    assert!(reopened.engine() == &live_engine, "the reopened engine differs");
    let mut reopened = reopened;
    reopened.snapshot_now().expect("snapshot");
    reopened.close().expect("close");
    let t = Instant::now();
    let from_snapshot =
        JournaledEngine::open(&dir, policy.clone(), org.clone(), catalog.clone(), options.clone()).expect("reopen");
    let restored = t.elapsed().as_secs_f64();
    assert!(from_snapshot.engine() == &live_engine, "the restored engine differs");
    drop(from_snapshot);
    println!(
        "  {:<44} {:>10.3} s   ({:.0} events/s)",
        "open, no snapshot (every event replayed)",
        replayed,
        events as f64 / replayed
    );
    println!(
        "  {:<44} {:>10.3} s   (target <= 0.5 s)",
        "open, a snapshot covering every event", restored
    );
    // Its parts: reading and checking the journal (every record's hash and the chain, the snapshot's
    // hash), and restoring the engine from the snapshot.
    let t = Instant::now();
    let (journal, _, recovery) = Journal::open_dir(&dir, options.clone()).expect("open journal");
    let read = t.elapsed().as_secs_f64();
    drop(journal);
    let (_, state) = recovery.snapshot.expect("a snapshot");
    let t = Instant::now();
    let engine = Engine::restore(policy.clone(), org.clone(), catalog.clone(), &state).expect("restore");
    let restore = t.elapsed().as_secs_f64();
    drop(engine);
    println!(
        "  {:<44} {:>10.3} s reading and checking the journal, {:.3} s restoring ({} bytes of snapshot)",
        "  of which",
        read,
        restore,
        state.len()
    );
    let t = Instant::now();
    let report = verify(&dir, None).expect("verify");
    let verified = t.elapsed().as_secs_f64();
    assert!(report.is_ok(), "the journal verifies");
    println!(
        "  {:<44} {:>10.3} s   ({:.0} events/s; target <= 1 s)",
        "verify (every hash, the chain, the snapshot)",
        verified,
        events as f64 / verified
    );
    if std::env::var_os("XN_BENCH_KEEP").is_none() {
        let _ = fs::remove_dir_all(&root);
    }
}
