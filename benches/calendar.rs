//! Working-day arithmetic: scalar calls (on dates and on day numbers), batch calls over 1M random
//! (day, n) pairs in 2020-2026, working-hours arithmetic, and building calendars.
//!
//! Every group declares a throughput in elements, so criterion reports elements per second; `scripts/bench`
//! turns that into ns per item (the batch target is 1.5 ns/item).
//!
//! Run: `cargo bench --bench calendar` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use xiaoneng::{date_of, day_number, Calendar, DayNumber, Document, StartRule};

/// Elements of a batch benchmark.
const BATCH: usize = 1_000_000;
/// Inputs cycled through by a scalar benchmark (one iteration = this many calls).
const SCALAR: usize = 1024;

/// A seeded generator (ChaCha8, a fixed algorithm), so runs compare across machines and commits.
struct Rng(ChaCha8Rng);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.random_range(lo..=hi)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Inputs shared by the benchmarks: `len` random (day, n) pairs with days in 2020-2026 and n in
/// -60..=60 whose results stay in the calendar's range, and `to` days within 90 days of each day.
struct Inputs {
    days: Vec<DayNumber>,
    n: Vec<i64>,
    to: Vec<DayNumber>,
}

fn inputs(cal: &Calendar, len: usize, seed: u64) -> Inputs {
    let (lo, hi) = (day_number(ymd(2020, 1, 1)), day_number(ymd(2026, 12, 31)));
    let mut rng = Rng::new(seed);
    let mut v = Inputs {
        days: Vec::with_capacity(len),
        n: Vec::with_capacity(len),
        to: Vec::with_capacity(len),
    };
    while v.days.len() < len {
        let (d, n) = (rng.range(lo, hi), rng.range(-60, 60));
        if cal.add_workdays_day(d, n, StartRule::NextDay).is_err() {
            continue; // the result would leave the covered range: draw again
        }
        v.days.push(d);
        v.n.push(n);
        v.to.push((d + rng.range(-90, 90)).clamp(lo, hi));
    }
    v
}

fn dates(days: &[DayNumber]) -> Vec<NaiveDate> {
    days.iter().map(|&d| date_of(d).expect("valid day")).collect()
}

fn scalar(c: &mut Criterion) {
    let cal = Calendar::china();
    let v = inputs(&cal, SCALAR, 1);
    let (days, to) = (dates(&v.days), dates(&v.to));
    let mut g = c.benchmark_group("scalar");
    g.throughput(Throughput::Elements(SCALAR as u64));

    g.bench_function("is_workday/date", |b| {
        b.iter(|| days.iter().filter(|&&d| cal.is_workday(black_box(d)).unwrap()).count())
    });
    g.bench_function("is_workday/day", |b| {
        b.iter(|| {
            v.days
                .iter()
                .filter(|&&d| cal.is_workday_day(black_box(d)).unwrap())
                .count()
        })
    });
    g.bench_function("add_workdays/date", |b| {
        b.iter(|| {
            days.iter()
                .zip(&v.n)
                .map(|(&d, &n)| cal.add_workdays(black_box(d), black_box(n)).unwrap())
                .max()
        })
    });
    g.bench_function("add_workdays/day", |b| {
        b.iter(|| {
            v.days
                .iter()
                .zip(&v.n)
                .map(|(&d, &n)| {
                    cal.add_workdays_day(black_box(d), black_box(n), StartRule::NextDay)
                        .unwrap()
                })
                .sum::<i64>()
        })
    });
    g.bench_function("workdays_between/date", |b| {
        b.iter(|| {
            days.iter()
                .zip(&to)
                .map(|(&a, &z)| cal.workdays_between(black_box(a), black_box(z)).unwrap())
                .sum::<i64>()
        })
    });
    g.bench_function("workdays_between/day", |b| {
        b.iter(|| {
            v.days
                .iter()
                .zip(&v.to)
                .map(|(&a, &z)| {
                    cal.workdays_between_day(black_box(a), black_box(z), StartRule::NextDay)
                        .unwrap()
                })
                .sum::<i64>()
        })
    });
    g.finish();
}

fn batch(c: &mut Criterion) {
    let cal = Calendar::china();
    let v = inputs(&cal, BATCH, 2);
    let mut out = vec![0i64; BATCH];
    let mut flags = vec![false; BATCH];
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.sample_size(20);

    g.bench_function("add_workdays_batch", |b| {
        b.iter(|| {
            cal.add_workdays_batch(black_box(&v.days), black_box(&v.n), StartRule::NextDay, &mut out)
                .unwrap()
        })
    });
    g.bench_function("workdays_between_batch", |b| {
        b.iter(|| {
            cal.workdays_between_batch(black_box(&v.days), black_box(&v.to), StartRule::NextDay, &mut out)
                .unwrap()
        })
    });
    g.bench_function("is_workday_batch", |b| {
        b.iter(|| cal.is_workday_batch(black_box(&v.days), &mut flags).unwrap())
    });
    g.finish();
}

fn hours(c: &mut Criterion) {
    let cal = Calendar::china();
    let v = inputs(&cal, SCALAR, 3);
    let mut rng = Rng::new(4);
    // Instants at any second of the day (office hours, lunch, nights) and 0-40 working hours.
    let from: Vec<DateTime<Utc>> = v
        .days
        .iter()
        .map(|&d| cal.start_of_day(date_of(d).unwrap()) + chrono::Duration::seconds(rng.range(0, 86_399)))
        .collect();
    let secs: Vec<i64> = (0..SCALAR).map(|_| rng.range(0, 40 * 3600)).collect();
    let to: Vec<DateTime<Utc>> = from
        .iter()
        .map(|&t| t + chrono::Duration::seconds(rng.range(-10 * 86_400, 10 * 86_400)))
        .collect();
    let mut g = c.benchmark_group("hours");
    g.throughput(Throughput::Elements(SCALAR as u64));
    g.bench_function("add_working_seconds", |b| {
        b.iter(|| {
            from.iter()
                .zip(&secs)
                .filter_map(|(&t, &s)| cal.add_working_seconds(black_box(t), black_box(s)).ok())
                .max()
        })
    });
    g.bench_function("working_seconds_between", |b| {
        b.iter(|| {
            from.iter()
                .zip(&to)
                .filter_map(|(&a, &z)| cal.working_seconds_between(black_box(a), black_box(z)).ok())
                .sum::<i64>()
        })
    });
    g.finish();
}

const OVERLAY: &str = r#"{"schema": 1, "base": "china", "name": "某县",
  "days_off": [{"start": "2026-03-05", "name": "local festival"}], "workdays": ["2026-03-07"],
  "office_hours": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}]}"#;

fn build(c: &mut Criterion) {
    let china_json = Calendar::china().to_json();
    let mut g = c.benchmark_group("build");
    g.throughput(Throughput::Elements(1));
    g.bench_function("china", |b| b.iter(Calendar::china));
    g.bench_function("from_json/china", |b| {
        b.iter(|| Calendar::from_json(black_box(&china_json)).unwrap())
    });
    g.bench_function("from_json/overlay", |b| {
        b.iter(|| Calendar::from_json(black_box(OVERLAY)).unwrap())
    });
    let overlay = Calendar::from_json(OVERLAY).unwrap();
    g.bench_function("to_json/overlay", |b| b.iter(|| black_box(&overlay).to_json()));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = scalar, batch, hours, build
}
criterion_main!(benches);
