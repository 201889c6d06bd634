//! The engine (效能引擎) against the county preset and the county fixtures: commands per second on a
//! realistic case mix, `advance` with 1,000,000 open cases, memory per open case, and replay speed.
//!
//! - `engine/commands`: N cases' command streams (receive, one-time notice and corrections for some,
//!   accept, every procedure step, the fire brigade's joint-review reply for the joint item, decide,
//!   deliver, a rating for half the delivered cases and a follow-up of the bad ones; a 12345 complaint about 2
//!   in 100 cases (registered, accepted, handled, closed, replied; the rectification pledge a substantiated
//!   one orders signed, reported, completed and verified); some refusals with
//!   their negative report, some withdrawals, some denials), interleaved in time order, executed on a
//!   fresh engine. Throughput in commands. Target: at least 1,000,000 commands/s on one core.
//! - `engine/commands_reserved`: the same on an engine that reserved room for the cases first
//!   (`Engine::reserve`), so that no table grows while the commands run.
//! - `engine/replay`: `Engine::replay` of the event log that run produces. Throughput in events.
//! - `engine/advance_1m`: 1,000,000 accepted cases (receipts spread over the working days of
//!   2012-2026, so that about 1,000 cases fall due at each end of a working day), built once; each
//!   iteration advances to the next instant at which timers are due (`Engine::next_timer`). Target: about 1 ms per advance.
//!   The bench prints the mean number of events and cases fired per advance.
//! - memory: a counting global allocator measures the bytes held by an engine with 100,000 open
//!   (accepted) cases, printed as `engine/memory: N bytes per open case (target 512)` with a breakdown.
//! - `engine/add_notice_1m`: 1,000,000 accepted cases (95 % received on the working days of 2026, 5 % on
//!   those of January 2027 before the 28th, counted on provisional days), advanced to 2027-01-28 09:00;
//!   each iteration adds a 2027 notice that differs from the provisional days from Jan 31 on (the Spring
//!   Festival, makeup workdays), to a fresh copy of that engine: the deadlines it moves are recomputed and
//!   recorded. The bench prints how many cases were recomputed and how many deadlines changed.
//!
//! Run: `cargo bench --bench engine` (`scripts/bench` runs it with short settings). Set
//! `XN_BENCH_OPEN_CASES` to build fewer than 1,000,000 cases for `advance_1m` and `add_notice_1m` on a
//! small machine.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use xiaoneng::commands;
use xiaoneng::{Calendar, Case, Clock, Command, Engine, EventKind, YearNotice};

/// Cases in the command benchmark.
const MIX_CASES: usize = 20_000;
/// Open cases for the advance benchmark (override with `XN_BENCH_OPEN_CASES`).
const OPEN_CASES: usize = 1_000_000;
/// Open cases for the memory measurement.
const MEMORY_CASES: usize = 100_000;

// ---------------------------------------------------------------------------------------------------
// A counting allocator: bytes and blocks currently allocated by this process. One relaxed atomic add
// per allocation (a few ns, uncontended) is the cost it adds to the timed benchmarks.

struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static LIVE_BLOCKS: AtomicIsize = AtomicIsize::new(0);
/// While set, allocations are also recorded by size class (for the memory breakdown).
static HISTOGRAM_ON: AtomicBool = AtomicBool::new(false);
/// Live blocks by size class: `<= 16, <= 32, <= 64, <= 128, <= 256, <= 512, <= 1024, larger`.
static HISTOGRAM: [AtomicUsize; 8] = [const { AtomicUsize::new(0) }; 8];

fn class(size: usize) -> usize {
    (size.max(16).next_power_of_two().trailing_zeros() as usize - 4).min(7)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as isize, Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
            if HISTOGRAM_ON.load(Relaxed) {
                HISTOGRAM[class(layout.size())].fetch_add(1, Relaxed);
            }
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size() as isize, Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Relaxed);
        if HISTOGRAM_ON.load(Relaxed) {
            HISTOGRAM[class(layout.size())].fetch_sub(1, Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
            if HISTOGRAM_ON.load(Relaxed) {
                HISTOGRAM[class(layout.size())].fetch_sub(1, Relaxed);
                HISTOGRAM[class(new_size)].fetch_add(1, Relaxed);
            }
        }
        p
    }
}

#[path = "common/mix.rs"]
mod mix;
use mix::*;

#[global_allocator]
static ALLOC: Counting = Counting;

// ---------------------------------------------------------------------------------------------------
// Configuration and command streams.

/// An engine with `cases` accepted cases, received on the working days from `first` to `last`.
fn open_cases(cases: usize, first: NaiveDate, last: NaiveDate) -> Engine {
    let mut e = engine();
    let days = working_days(e.calendar(), first, last);
    receive_and_accept(&mut e, cases, &days, 0);
    e
}

/// Receives and accepts `cases` cases on `days` (spread evenly), numbered from `from`.
fn receive_and_accept(e: &mut Engine, cases: usize, days: &[NaiveDate], from: usize) {
    let mut rng = Rng::new(7 + from as u64);
    for k in from..from + cases {
        let day0 = days[(k - from) * days.len() / cases];
        let minute = rng.below(8 * 60) as i64;
        let id = format!("330100-{k:08}");
        let received = at(e.calendar(), day0, 8, 30 + minute);
        let item = if rng.percent(20) { FIRE_CHECK } else { FOOD };
        e.execute(Command::from(commands::Receive {
            case: id.clone(),
            at: received,
            actor: "s-clerk".to_string(),
            item: item.to_string(),
            applicant: format!("申请人{}", rng.below(100_000)),
            materials: vec!["食品经营许可申请书".to_string(), "营业执照复印件".to_string()],
            renewal_of_expiry: None,
        }))
        .expect("receive");
        e.execute(Command::from(commands::Accept {
            case: id,
            at: received + Span::minutes(20),
            actor: "s-clerk".to_string(),
        }))
        .expect("accept");
    }
}

// ---------------------------------------------------------------------------------------------------
// Benchmarks.

fn commands_and_replay(c: &mut Criterion) {
    let t0 = Instant::now();
    let (commands, log) = mix(MIX_CASES);
    println!(
        "engine/mix: {} cases, {} commands, {} events (generated and checked in {:.1} s)",
        MIX_CASES,
        commands.len(),
        log.len(),
        t0.elapsed().as_secs_f64()
    );
    let base = engine();
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.throughput(Throughput::Elements(commands.len() as u64));
    // Executes the whole mix on an engine; the engine is returned so that dropping it is not timed.
    let run = |(mut e, cmds): (Engine, Vec<Command>)| {
        let mut events = 0;
        for cmd in cmds {
            events += black_box(e.execute(cmd)).map_or(0, |v| v.len());
        }
        (e, events)
    };
    g.bench_function("commands", |b| {
        b.iter_batched(|| (base.clone(), commands.clone()), run, BatchSize::PerIteration)
    });
    // The same on an engine that reserved room for the cases (`Engine::reserve`), as a portal that knows
    // its volume would: no table grows while commands run.
    g.bench_function("commands_reserved", |b| {
        b.iter_batched(
            || {
                let mut e = base.clone();
                e.reserve(MIX_CASES).unwrap();
                (e, commands.clone())
            },
            run,
            BatchSize::PerIteration,
        )
    });
    let (p, o, cat) = config();
    g.throughput(Throughput::Elements(log.len() as u64));
    g.bench_function("replay", |b| {
        b.iter_batched(
            || (p.clone(), o.clone(), cat.clone()),
            |(p, o, cat)| Engine::replay(p, o, cat, black_box(&log)).expect("replay"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// The engine of the advance benchmark: `n` accepted cases received on the working days of
/// 2012-2026, with every timer due before 2014 already fired (untimed).
fn open_engine(n: usize) -> Engine {
    let t0 = Instant::now();
    // Deadlines end at midnight, so each end of a working day is one instant at which every threshold
    // of that day falls due. A case has about 5 thresholds; 1,000,000 cases with about 1,000 due per
    // instant need receipts spread over about 15 years of working days.
    let mut e = open_cases(n, ymd(2012, 1, 4), ymd(2026, 9, 30));
    let built = t0.elapsed();
    // Start where each instant has a steady flow: fire the backlog first.
    let start = at(e.calendar(), ymd(2014, 1, 2), 0, 0);
    let backlog = e.advance(start).len();
    println!(
        "engine/advance_1m: built {n} accepted cases in {:.1} s ({:.2} us per case, 2 commands each); \
         fired a backlog of {backlog} events up to {start} in {:.1} s",
        built.as_secs_f64(),
        built.as_secs_f64() * 1e6 / n as f64,
        (t0.elapsed() - built).as_secs_f64(),
    );
    e
}

fn advance(c: &mut Criterion) {
    let n = std::env::var("XN_BENCH_OPEN_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(OPEN_CASES);
    // Built lazily, once, only when the benchmark is selected (and again if every timer has fired).
    let state: RefCell<Option<Engine>> = RefCell::new(None);
    let fired = RefCell::new((0u64, 0u64, 0u64)); // advances, events, distinct cases
    let mut g = c.benchmark_group("engine");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Elements(1));
    g.bench_function("advance_1m", |b| {
        let mut state = state.borrow_mut();
        // Outside the routine, so that criterion's warm-up does not count the build.
        let e = state.get_or_insert_with(|| open_engine(n));
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let next = match e.next_timer() {
                    Some(t) => t,
                    None => {
                        *e = open_engine(n);
                        e.next_timer().expect("a fresh engine has timers")
                    }
                };
                let t = Instant::now();
                let ev = e.advance(black_box(next));
                spent += t.elapsed();
                let mut f = fired.borrow_mut();
                f.0 += 1;
                f.1 += ev.len() as u64;
                let mut ids: Vec<&str> = ev.iter().map(|x| x.case.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                f.2 += ids.len() as u64;
            }
            spent
        })
    });
    g.finish();
    let (advances, events, cases) = *fired.borrow();
    let state = state.into_inner();
    if let Some(e) = state.as_ref() {
        println!(
            "engine/advance_1m: {advances} advances, {:.0} events and {:.0} cases fired per advance on average; \
             {} open cases; next timer at {}",
            events as f64 / advances.max(1) as f64,
            cases as f64 / advances.max(1) as f64,
            e.len(),
            e.next_timer().map_or("-".to_string(), |t| t.to_rfc3339()),
        );
    }
}

/// The 2027 notice of the notice benchmark, as the State Council might publish it: the Spring Festival
/// Feb 5-13 with makeup workdays on Sunday Jan 31 and Saturday Feb 20, bridged holidays later in the year.
const NOTICE_2027: &str = r#"{"year": 2027,
    "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"},
                 {"start": "2027-02-05", "end": "2027-02-13", "name": "春节"},
                 {"start": "2027-04-03", "end": "2027-04-05", "name": "清明节"},
                 {"start": "2027-05-01", "end": "2027-05-05", "name": "劳动节"},
                 {"start": "2027-06-09", "end": "2027-06-11", "name": "端午节"},
                 {"start": "2027-09-15", "end": "2027-09-17", "name": "中秋节"},
                 {"start": "2027-10-01", "end": "2027-10-07", "name": "国庆节"}],
    "workdays": ["2027-01-31", "2027-02-20", "2027-04-25", "2027-09-26", "2027-10-09"]}"#;

/// The engine of the notice benchmark: `n` accepted cases, 95 % received on the working days of 2026 and
/// 5 % on those of January 2027 before the 28th (counted on provisional days), with every timer due by
/// the notice's instant, 2027-01-28 09:00, fired.
fn notice_engine(n: usize) -> (Engine, DateTime<Utc>) {
    let t0 = Instant::now();
    let mut e = engine();
    let in_2026 = working_days(e.calendar(), ymd(2026, 1, 5), ymd(2026, 12, 31));
    // January 2027 has no notice yet: its working days are the provisional ones.
    let provisional = e
        .calendar()
        .with_notice(YearNotice::statutory(2027).expect("bundled"))
        .expect("statutory notice");
    let in_2027 = working_days(&provisional, ymd(2027, 1, 4), ymd(2027, 1, 27));
    let late = n / 20;
    receive_and_accept(&mut e, n - late, &in_2026, 0);
    receive_and_accept(&mut e, late, &in_2027, n - late);
    let built = t0.elapsed();
    // Fire everything due by the notice's instant, a month at a time (the events are dropped).
    let notice_at = at(e.calendar(), ymd(2027, 1, 28), 9, 0);
    let mut fired = 0;
    let mut day = ymd(2026, 2, 1);
    while at(e.calendar(), day, 0, 0) < notice_at {
        fired += e.advance(at(e.calendar(), day, 0, 0)).len();
        day = day.checked_add_months(chrono::Months::new(1)).expect("date");
    }
    fired += e.advance(notice_at).len();
    println!(
        "engine/add_notice_1m: built {n} accepted cases ({late} in January 2027) in {:.1} s; \
         fired {fired} events up to {notice_at} in {:.1} s",
        built.as_secs_f64(),
        (t0.elapsed() - built).as_secs_f64(),
    );
    (e, notice_at)
}

fn add_notice(c: &mut Criterion) {
    let n = std::env::var("XN_BENCH_OPEN_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(OPEN_CASES);
    let notice = YearNotice::from_json(NOTICE_2027).expect("notice");
    let state: RefCell<Option<(Engine, DateTime<Utc>)>> = RefCell::new(None);
    let seen = RefCell::new((0u64, 0u64, 0u64)); // notices, deadline_changed events, cases changed
    let mut g = c.benchmark_group("engine");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(1));
    g.bench_function("add_notice_1m", |b| {
        let mut state = state.borrow_mut();
        let (e, notice_at) = state.get_or_insert_with(|| notice_engine(n));
        b.iter_batched(
            || (e.clone(), notice.clone()),
            |(mut copy, notice)| {
                let ev = copy.add_notice(notice, black_box(*notice_at)).expect("notice");
                let changed = ev
                    .iter()
                    .filter(|x| matches!(x.kind, EventKind::DeadlineChanged { .. }))
                    .count();
                let mut ids: Vec<&str> = ev.iter().map(|x| x.case.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                let mut s = seen.borrow_mut();
                s.0 += 1;
                s.1 += changed as u64;
                s.2 += ids.len() as u64;
                drop(ev);
                copy
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    let (notices, changed, cases) = *seen.borrow();
    if notices > 0 {
        println!(
            "engine/add_notice_1m: {n} open cases; per notice {:.0} deadline_changed events on {:.0} cases \
             ({:.1} % of the open cases)",
            changed as f64 / notices as f64,
            cases as f64 / notices as f64,
            100.0 * cases as f64 / notices as f64 / n as f64,
        );
    }
}

fn memory(_c: &mut Criterion) {
    let base = engine();
    let before = (LIVE_BYTES.load(Relaxed), LIVE_BLOCKS.load(Relaxed));
    HISTOGRAM.iter().for_each(|h| h.store(0, Relaxed));
    HISTOGRAM_ON.store(true, Relaxed);
    let e = open_cases(MEMORY_CASES, ymd(2026, 1, 5), ymd(2026, 9, 30));
    HISTOGRAM_ON.store(false, Relaxed);
    let after = (LIVE_BYTES.load(Relaxed), LIVE_BLOCKS.load(Relaxed));
    let bytes = (after.0 - before.0) as f64 / MEMORY_CASES as f64;
    let blocks = (after.1 - before.1) as f64 / MEMORY_CASES as f64;
    let snapshot = e.snapshot().len() as f64 / MEMORY_CASES as f64;
    println!(
        "engine/memory: {bytes:.0} bytes per open case (target 512) over {MEMORY_CASES} accepted cases: \
         {blocks:.1} heap blocks per case; inline sizes: Case {} B, Clock {} B; snapshot JSON {snapshot:.0} B per case",
        std::mem::size_of::<Case>(),
        std::mem::size_of::<Clock>(),
    );
    let names = ["<=16", "<=32", "<=64", "<=128", "<=256", "<=512", "<=1024", ">1024"];
    let hist: Vec<String> = names
        .iter()
        .zip(&HISTOGRAM)
        .map(|(n, h)| format!("{n}: {:.2}", h.load(Relaxed) as f64 / MEMORY_CASES as f64))
        .collect();
    println!("engine/memory: live blocks per case by size (B): {}", hist.join(", "));
    // A fixed cost per engine, not per case, inside the figure above: the calendar clocks count on (the
    // official days plus the provisional ones to 2099), built on the first clock derivation.
    let cal = Calendar::china();
    let bytes = LIVE_BYTES.load(Relaxed);
    let _ = black_box(cal.provisional_range());
    let view = LIVE_BYTES.load(Relaxed) - bytes;
    println!(
        "engine/memory: of which the calendar's clock view, once per engine: {view} bytes ({:.1} per case here)",
        view as f64 / MEMORY_CASES as f64
    );
    drop(cal);
    drop(e);
    drop(base);
}

fn short() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = short();
    targets = memory, commands_and_replay, advance, add_notice
}
criterion_main!(benches);
