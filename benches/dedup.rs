//! Duplicate detection among efficiency complaints (docs/benchmarks.md, "Duplicate complaints").
//!
//! `XN_BENCH_DEDUP_COMPLAINTS` complaints (default 1,000,000) against 2,000 units, received over 90
//! days (so every one is inside the window of the last: about 500 per unit, the most a lookup can
//! face), generated from the seeded vocabulary of `benches/common/complaints.rs` (texts of about
//! 50-120 characters, originals with edited and reworded repeats, distinct matters sharing a unit's
//! vocabulary), inserted in the order received; then `XN_BENCH_DEDUP_LOOKUPS` lookups (default 20,000)
//! at the end of the period: half texts already indexed (they match), half fresh complaints of another
//! seed (most match nothing).
//!
//! Prints inserts/s, lookup latency p50/p99/max (each lookup timed alone; target p99 <= 50 us) and the
//! heap bytes the index holds per complaint (a counting allocator, the generated texts excluded).
//!
//! `XN_BENCH_DEDUP_UNITS` (default 2,000) and `XN_BENCH_DEDUP_SHINGLE` (the shingle length, default 2)
//! vary the set and the parameters. `XN_BENCH_DEDUP_ROUNDS` (default 1) times every lookup that many
//! times, in rounds, and keeps each one's least time: on a machine shared with other work, the time
//! slices lost to it.
//!
//! Run: `cargo bench --bench dedup` (`scripts/bench --dedup`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use xiaoneng::{DedupIndex, DedupParams};

#[path = "common/complaints.rs"]
mod complaints;

/// The system allocator, counting the bytes in use.
struct Counting;

static IN_USE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        IN_USE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        IN_USE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or other flags are not supported.
    let n = env("XN_BENCH_DEDUP_COMPLAINTS", 1_000_000);
    let lookups = env("XN_BENCH_DEDUP_LOOKUPS", 20_000);
    let units = env("XN_BENCH_DEDUP_UNITS", 2_000);
    let start = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap();

    let t0 = Instant::now();
    let set = complaints::generate(1, n, units, 90, 35, start);
    let chars: usize = set.iter().map(|c| c.text.chars().count()).sum();
    println!(
        "dedup: {n} complaints against {units} units over 90 days, {:.1} characters each on average (generated in {:.1} s)",
        chars as f64 / n as f64,
        t0.elapsed().as_secs_f64()
    );

    let before = IN_USE.load(Ordering::Relaxed);
    let params = DedupParams {
        shingle: env("XN_BENCH_DEDUP_SHINGLE", 2),
        ..DedupParams::default()
    };
    let mut index = DedupIndex::new(params).expect("index");
    let t0 = Instant::now();
    let mut repeats = 0usize;
    for c in &set {
        repeats += usize::from(index.insert(&c.id, &c.unit, c.at, &c.text).expect("insert").is_some());
    }
    let secs = t0.elapsed().as_secs_f64();
    let bytes = IN_USE.load(Ordering::Relaxed) - before;
    println!(
        "  insert (lookup and add)     {:>12.0}/s   ({repeats} answered as repeats, {} held)",
        n as f64 / secs,
        index.len()
    );
    println!(
        "  heap held by the index      {:>12.1} bytes/complaint ({:.1} MB)",
        bytes as f64 / n as f64,
        bytes as f64 / 1e6
    );

    // Queries: texts already indexed (they match) and fresh complaints of another seed, alternating.
    let fresh = complaints::generate(2, lookups.div_ceil(2), units, 90, 35, start);
    let mut g = complaints::Gen::new(3);
    let end = start + TimeDelta::days(90);
    let queries: Vec<(&str, &str)> = (0..lookups)
        .map(|k| {
            let c = if k % 2 == 0 {
                &set[g.below(set.len())]
            } else {
                &fresh[k / 2]
            };
            (c.unit.as_str(), c.text.as_str())
        })
        .collect();
    // Each round times every lookup once, in the same order; a lookup's time is its least over the
    // rounds (the cache is as cold in each: a round touches far more than the cache holds), which
    // leaves out the time slices lost to other processes on a shared machine.
    let rounds = env("XN_BENCH_DEDUP_ROUNDS", 1).max(1);
    let mut times = vec![f64::INFINITY; lookups];
    let mut found = 0usize;
    let t0 = Instant::now();
    for _ in 0..rounds {
        found = 0;
        for ((unit, text), time) in queries.iter().zip(&mut times) {
            let t = Instant::now();
            let m = index.lookup(unit, end, text).expect("lookup");
            *time = time.min(t.elapsed().as_secs_f64() * 1e6);
            found += usize::from(m.is_some());
        }
    }
    let total = t0.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    println!(
        "  lookup ({lookups}, {found} matched{})   p50 {:.1} us   p99 {:.1} us   max {:.1} us   ({:.0}/s; target p99 <= 50 us)",
        if rounds > 1 { format!(", least of {rounds} rounds") } else { String::new() },
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        times[times.len() - 1],
        (lookups * rounds) as f64 / total
    );
}
