//! Time-limit clocks: `Clock::status` (the one derivation of deadline, usage and signal) for a plain
//! working-day clock, one with three pauses and an extension, and an hour-based clock; reading and
//! writing clock documents.
//!
//! Run: `cargo bench --bench clock` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xiaoneng::{Calendar, Clock, Document, ExtensionRule, Limit, PauseKind, SignalPolicy};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("RFC 3339 instant")
}

/// 20 working days from Friday 2026-02-13, across the Spring Festival.
fn plain() -> Clock {
    Clock::new(Limit::working_days(20), t("2026-02-13T10:00:00+08:00"))
}

/// A pledged 15 of 20 working days, with signals, three pauses (the last one still open at the
/// instant asked about is not: all closed) and one extension of 10 working days.
fn busy(cal: &Calendar) -> Clock {
    let mut c = Clock::new(Limit::working_days(20), t("2026-09-29T10:00:00+08:00"))
        .with_pledged(Limit::working_days(15))
        .unwrap()
        .with_extension_rule(ExtensionRule {
            max_count: 1,
            max_total: Some(10),
        })
        .unwrap()
        .with_signals(SignalPolicy {
            reminder_before: Some(Limit::working_days(3)),
            red_after: Some(Limit::working_days(5)),
        })
        .unwrap();
    let pauses = [
        (
            PauseKind::Correction,
            "2026-10-09T09:00:00+08:00",
            "2026-10-12T15:00:00+08:00",
        ),
        (
            PauseKind::Hearing,
            "2026-10-16T09:00:00+08:00",
            "2026-10-21T17:00:00+08:00",
        ),
        (
            PauseKind::ExpertReview,
            "2026-10-26T09:00:00+08:00",
            "2026-10-30T17:00:00+08:00",
        ),
    ];
    for (kind, from, to) in pauses {
        c.pause(kind, t(from), None).unwrap();
        c.resume(t(to)).unwrap();
    }
    c.extend(
        cal,
        xiaoneng::Extension {
            at: t("2026-11-02T10:00:00+08:00"),
            amount: 10,
            approver: "leader-1".into(),
            reason: "情况复杂".into(),
        },
    )
    .unwrap();
    c
}

/// 4 working hours from Friday 16:30, with a reminder 1 working hour before and red after 24 hours.
fn hourly() -> Clock {
    Clock::new(Limit::working_hours(4), t("2026-05-08T16:30:00+08:00"))
        .with_signals(SignalPolicy {
            reminder_before: Some(Limit::working_hours(1)),
            red_after: Some(Limit::natural_hours(24)),
        })
        .unwrap()
}

fn status(c: &mut Criterion) {
    let cal = Calendar::china();
    let mut g = c.benchmark_group("clock_status");
    g.throughput(Throughput::Elements(1));
    let cases = [
        ("plain", plain(), t("2026-03-05T11:00:00+08:00")),
        ("3_pauses_1_extension", busy(&cal), t("2026-11-20T11:00:00+08:00")),
        ("working_hours", hourly(), t("2026-05-11T10:00:00+08:00")),
    ];
    for (name, clock, at) in &cases {
        clock.status(&cal, *at).expect("status in range");
        g.bench_function(*name, |b| {
            b.iter(|| black_box(clock).status(&cal, black_box(*at)).unwrap())
        });
    }
    g.finish();
}

fn documents(c: &mut Criterion) {
    let cal = Calendar::china();
    let clock = busy(&cal);
    let json = clock.to_json();
    let mut g = c.benchmark_group("clock_json");
    g.throughput(Throughput::Elements(1));
    g.bench_function("from_json/3_pauses_1_extension", |b| {
        b.iter(|| Clock::from_json(black_box(&json)).unwrap())
    });
    g.bench_function("to_json/3_pauses_1_extension", |b| {
        b.iter(|| black_box(&clock).to_json())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = status, documents
}
criterion_main!(benches);
