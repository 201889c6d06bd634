//! The violation register (问责台账) at scale: tracing about 1,000,000 violations, against SQLite in the same
//! run.
//!
//! Builds an engine of N accepted cases (`XN_BENCH_REGISTER_CASES`, default 400,000) received over the
//! working days of 2026 and lets every deadline pass (one `advance` into 2027): each case records its
//! step and decision breaches, about 2.5 violations a case, each traced as of its breach (post, who
//! acted for it, responsible person, unit, unit head). Then, each the median of 7 runs:
//!
//! - `trace all`: the whole register with its trace-back, as the borrowed events a Rust host reads
//!   (`Engine::violations`), as owned rows (`Engine::violations_owned`: each row shares its event with
//!   the register, what the Python binding takes before it lets the engine go), and as the JSON array
//!   the C binding returns (`xn_engine_violations_json`: serialized straight from the borrowed rows);
//!   for the record, also each event copied field by field (`Event::clone`, what owned rows cost before
//!   they were shared);
//! - `person's record for a month`: the violations naming one staff member (the window clerk `s-clerk`:
//!   responsible, acting or unit head) in `[2026-10-01, 2026-11-01)`, as owned rows (read through the
//!   register's index by person);
//! - the same two from SQLite (in memory), the peer: the register loaded into one table with an index on
//!   `(responsible, at)`, the rows read back with their columns.
//!
//! Target (issue 11): tracing 1,000,000 violations ≤ 1 s. Run with `cargo bench --bench register`.

use std::time::Instant;

use chrono::{Duration as Span, NaiveDate};
use xiaoneng::{commands, Command, Engine, EventKind, ViolationQuery};

#[path = "common/mix.rs"]
#[allow(dead_code)]
mod mix;
use mix::*;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut out = None;
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            out = Some(f());
            t.elapsed().as_secs_f64()
        })
        .collect();
    (median(times), out.expect("ran"))
}

fn build(cases: usize) -> Engine {
    let mut e = engine();
    let days = working_days(e.calendar(), ymd(2026, 1, 5), ymd(2026, 10, 30));
    let mut rng = Rng::new(11);
    for k in 0..cases {
        let day0: NaiveDate = days[k * days.len() / cases];
        let received = at(e.calendar(), day0, 8, 30 + rng.below(8 * 60) as i64);
        let id = format!("330100-{k:08}");
        e.execute(Command::from(commands::Receive {
            case: id.clone(),
            at: received,
            actor: "s-clerk".to_string(),
            item: if rng.percent(20) { FIRE_CHECK } else { FOOD }.to_string(),
            applicant: format!("申请人{}", rng.below(100_000)),
            materials: vec!["食品经营许可申请书".to_string()],
            renewal_of_expiry: None,
        }))
        .expect("receive");
        e.execute(Command::from(commands::Accept {
            case: id,
            at: received + Span::minutes(20),
            actor: "s-clerk2".to_string(),
        }))
        .expect("accept");
    }
    e.advance(at(e.calendar(), ymd(2027, 3, 1), 0, 0));
    e
}

fn main() {
    let cases: usize = std::env::var("XN_BENCH_REGISTER_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400_000);
    let t0 = Instant::now();
    let e = build(cases);
    let all = e.violations(&ViolationQuery::default()).expect("query");
    let n = all.len();
    println!(
        "register: {cases} cases, {n} violations ({:.2} a case), built in {:.1} s",
        n as f64 / cases as f64,
        t0.elapsed().as_secs_f64()
    );
    let cal = e.calendar();
    let month = ViolationQuery {
        from: Some(at(cal, ymd(2026, 10, 1), 0, 0)),
        to: Some(at(cal, ymd(2026, 11, 1), 0, 0)),
        person: Some("s-clerk".to_string()),
        ..Default::default()
    };
    // Owned rows, as the peer's: each violation with its trace-back, held apart from the engine.
    let owned = |q: &ViolationQuery| -> usize { e.violations_owned(q).expect("query").len() };
    let everything = ViolationQuery::default();
    let (t_ref, k_ref) = time(7, || e.violations(&everything).expect("query").len());
    let (t_all, k_all) = time(7, || owned(&everything));
    assert_eq!(k_ref, k_all);
    // What the C binding does (`xn_engine_violations_json`): the JSON array, serialized from the borrowed
    // rows, NUL-terminated into the buffer handed over (`fill_buffer`).
    let (t_json, json_len) = time(7, || {
        let mut bytes = serde_json::to_string(&e.violations(&everything).expect("query"))
            .expect("json")
            .into_bytes();
        bytes.push(0);
        bytes.into_boxed_slice().len() - 1
    });
    // Each event copied field by field (seven strings each): the owned rows before they were shared.
    let (t_copy, k_copy) = time(7, || {
        let rows: Vec<xiaoneng::Event> = e.violations(&everything).expect("query").into_iter().cloned().collect();
        rows.len()
    });
    assert_eq!(k_copy, k_all);
    let (t_person, k_person) = time(7, || owned(&month));

    // The peer: SQLite in memory, the register as one table with an index on (responsible, at).
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    db.execute_batch(
        "CREATE TABLE v (seq INTEGER PRIMARY KEY, at INTEGER, record TEXT, rule TEXT, responsible TEXT, post TEXT,
         acting TEXT, unit TEXT, unit_head TEXT, detail TEXT);
         CREATE INDEX v_person ON v (responsible, at);",
    )
    .expect("schema");
    {
        let tx = db.unchecked_transaction().expect("tx");
        let mut ins = tx
            .prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
            .expect("insert");
        for ev in &all {
            if let EventKind::Violation {
                rule,
                responsible,
                detail,
                post,
                acting,
                unit,
                unit_head,
            } = &ev.kind
            {
                ins.execute(rusqlite::params![
                    ev.seq as i64,
                    ev.at.timestamp(),
                    ev.case,
                    rule.as_str(),
                    responsible,
                    post,
                    acting.as_ref().map(|a| a.staff().to_string()),
                    unit,
                    unit_head,
                    detail
                ])
                .expect("row");
            }
        }
        drop(ins);
        tx.commit().expect("commit");
    }
    let read_all = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> usize {
        let mut st = db.prepare_cached(sql).expect("prepare");
        let rows = st
            .query_map(args, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, String>(9)?,
                ))
            })
            .expect("query");
        let owned: Vec<_> = rows.map(|r| r.expect("row")).collect();
        owned.len()
    };
    let (s_all, q_all) = time(7, || read_all("SELECT * FROM v ORDER BY seq", &[]));
    let (from, to) = (month.from.expect("from").timestamp(), month.to.expect("to").timestamp());
    let (s_person, q_person) = time(7, || {
        read_all(
            "SELECT * FROM v WHERE (responsible = ?1 OR acting = ?1 OR unit_head = ?1) AND at >= ?2 AND at < ?3 ORDER BY seq",
            &[&"s-clerk", &from, &to],
        )
    });
    assert_eq!(
        (k_all, k_person),
        (q_all, q_person),
        "the engine and SQLite select the same rows"
    );
    println!("| query | rows | xiaoneng | SQLite (in memory, indexed) | ratio |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    println!(
        "| trace all, borrowed (what a Rust host reads) | {k_all} | {:.1} ms | | |",
        t_ref * 1e3
    );
    println!(
        "| trace all, owned rows (shared, what Python takes) | {k_all} | {:.1} ms | {:.1} ms | {:.1}x |",
        t_all * 1e3,
        s_all * 1e3,
        s_all / t_all
    );
    println!(
        "| trace all, as JSON (what C returns, {:.0} MB) | {k_all} | {:.1} ms | {:.1} ms | {:.1}x |",
        json_len as f64 / 1e6,
        t_json * 1e3,
        s_all * 1e3,
        s_all / t_json
    );
    println!(
        "| trace all, each event copied (before sharing) | {k_all} | {:.1} ms | {:.1} ms | {:.1}x |",
        t_copy * 1e3,
        s_all * 1e3,
        s_all / t_copy
    );
    println!(
        "| person's record for a month | {k_person} | {:.2} ms | {:.2} ms | {:.1}x |",
        t_person * 1e3,
        s_person * 1e3,
        s_person / t_person
    );
    let per_million = |t: f64| t * 1e3 * 1e6 / n as f64;
    println!(
        "register/trace: {:.0} ms borrowed, {:.0} ms as owned rows, {:.0} ms as JSON, {:.0} ms copied, per 1,000,000 violations (target <= 1,000 ms)",
        per_million(t_ref),
        per_million(t_all),
        per_million(t_json),
        per_million(t_copy)
    );
}
