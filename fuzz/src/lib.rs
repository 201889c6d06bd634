//! Shared drivers of the fuzz targets.
//!
//! An input is a document, optionally followed by a NUL byte and "operation bytes". JSON and TOML never
//! contain a raw NUL, so the split is unambiguous; without a NUL the operations come from a hash of the
//! document. Every loop here has a fixed bound, so no input can make a run long.

use std::sync::OnceLock;

pub mod actors;
pub mod engine;
pub mod steps;

use chrono::{DateTime, Duration, Utc};
use xiaoneng::Document;
use xiaoneng::{
    date_of, day_number, Calendar, Clock, ClockState, DayNumber, DeadlineEnd, Extension, PauseKind, StartRule,
};

/// Splits an input into the document and the operation bytes.
pub fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// A source of choices: the operation bytes first, then a deterministic generator seeded by the input.
pub struct Ops<'a> {
    bytes: &'a [u8],
    pos: usize,
    state: u64,
}

impl<'a> Ops<'a> {
    /// Choices from `bytes`, then from a generator seeded by a hash of `doc` and `bytes`.
    pub fn new(doc: &[u8], bytes: &'a [u8]) -> Self {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for &b in doc.iter().chain(bytes) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Ops {
            bytes,
            pos: 0,
            state: h,
        }
    }

    /// The next byte.
    pub fn byte(&mut self) -> u8 {
        if let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            return b;
        }
        // splitmix64
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as u8
    }

    /// Eight bytes as an `i64`.
    pub fn i64(&mut self) -> i64 {
        let mut b = [0u8; 8];
        b.iter_mut().for_each(|x| *x = self.byte());
        i64::from_le_bytes(b)
    }

    /// A value in `lo..=hi` (`lo <= hi`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi as i128 - lo as i128 + 1) as u128;
        let v = (self.i64() as u64 as u128) % span;
        (lo as i128 + v as i128) as i64
    }

    /// A boolean.
    pub fn bool(&mut self) -> bool {
        self.byte() & 1 == 1
    }
}

/// The bundled national calendar, built once per process.
pub fn china() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::china)
}

/// A count of days: mostly small, sometimes large, sometimes extreme.
fn pick_n(ops: &mut Ops) -> i64 {
    match ops.byte() % 8 {
        0 => 0,
        1..=4 => ops.range(-60, 60),
        5 => ops.range(-20_000, 20_000),
        6 => ops.range(-200_000, 200_000),
        _ => EXTREME_N[ops.byte() as usize % EXTREME_N.len()],
    }
}

/// Extreme counts (near the ends of `i64`): errors, never overflows.
const EXTREME_N: [i64; 5] = [i64::MIN, i64::MAX, i64::MIN + 1, i64::MAX - 1, u32::MAX as i64];

/// Extreme second counts (near the ends of `i64`): errors, never overflows.
const EXTREME_SECONDS: [i64; 4] = [i64::MIN, i64::MAX, i64::MIN / 2, i64::MAX / 2];

/// Extreme day numbers: `i64::MIN` is numpy's NaT; errors naming them must not overflow.
const EXTREME_DAYS: [i64; 6] = [i64::MIN, i64::MAX, i64::MIN + 1, i64::MAX - 1, -719_163, 95_000_000];

/// A day number in, at the edges of or outside the calendar's range.
fn pick_day(ops: &mut Ops, first: DayNumber, last: DayNumber) -> DayNumber {
    match ops.byte() % 10 {
        0 => first,
        1 => last,
        2 => first - ops.range(1, 400),
        3 => last + ops.range(1, 400),
        4 => ops.range(-1_000_000, 1_000_000),
        5 => EXTREME_DAYS[ops.byte() as usize % EXTREME_DAYS.len()],
        _ => ops.range(first, last),
    }
}

/// Exercises every day-level and hour-level operation of a calendar and checks their invariants.
pub fn exercise_calendar(cal: &Calendar, ops: &mut Ops) {
    // The document round trip rebuilds an equal calendar and the same document.
    let json = cal.to_json();
    let back = Calendar::from_json(&json).unwrap_or_else(|e| panic!("to_json output does not read back: {e}\n{json}"));
    assert_eq!(&back, cal, "round trip changed the calendar");
    assert_eq!(back.to_json(), json, "round trip changed the document");

    let r = cal.range();
    assert!(r.start <= r.end);
    let (first, last) = (day_number(r.start), day_number(r.end));
    for _ in 0..12 {
        let day = pick_day(ops, first, last);
        let n = pick_n(ops);
        exercise_day(cal, first, last, day, n);
    }
    exercise_batch(cal, ops, first, last);
    if !cal.office_hours().is_empty() {
        for _ in 0..6 {
            exercise_hours(cal, ops, first, last);
        }
    }
}

fn exercise_day(cal: &Calendar, first: DayNumber, last: DayNumber, day: DayNumber, n: i64) {
    let in_range = (first..=last).contains(&day);
    let w = cal.is_workday_day(day);
    assert_eq!(w.is_ok(), in_range, "is_workday_day({day}) in range {first}..={last}");
    let date = date_of(day);
    if let Some(date) = date {
        assert_eq!(cal.is_workday(date), w);
    }
    for rule in [StartRule::NextDay, StartRule::SameDay] {
        let res = cal.add_workdays_day(day, n, rule);
        if let Some(date) = date {
            let via_date = cal.add_workdays_with(date, n, rule).map(day_number);
            assert_eq!(via_date, res, "date and day-number forms differ");
        }
        let between = cal.workdays_between_day(day, last, rule);
        assert_eq!(between.is_ok(), in_range);
        match res {
            Ok(r) => {
                assert!(in_range, "a count from an uncovered day succeeded");
                assert!((first..=last).contains(&r), "result {r} outside {first}..={last}");
                let wd = w.clone().expect("in range");
                if n == 0 {
                    assert_eq!(r, day);
                    continue;
                }
                assert!(
                    cal.is_workday_day(r).expect("in range"),
                    "result {r} is not a working day"
                );
                if n > 0 {
                    assert!(r > day || (r == day && rule == StartRule::SameDay && wd));
                    assert_eq!(cal.workdays_between_day(day, r, rule), Ok(n), "between(d, d + n) != n");
                } else {
                    assert!(r < day);
                    let back = cal.workdays_between_day(day, r, StartRule::NextDay).expect("in range");
                    assert_eq!(back, n + i64::from(!wd), "between(d, d - |n|)");
                    let fwd = cal.workdays_between_day(r, day, StartRule::NextDay).expect("in range");
                    assert_eq!(fwd, -back, "between is not antisymmetric");
                }
            }
            Err(_) if !in_range => {}
            Err(e) => {
                // In range: the result must really lie beyond the covered days.
                if n > 0 {
                    let avail = between.expect("in range");
                    assert!(
                        avail < n,
                        "{n} working days from {day} failed ({e}) with {avail} available"
                    );
                } else if n < 0 {
                    let before = cal
                        .workdays_between_day(first, day, StartRule::SameDay)
                        .expect("in range")
                        - i64::from(w.clone().expect("in range"));
                    assert!(before < n.unsigned_abs() as i64 || n == i64::MIN, "{n} from {day}: {e}");
                }
            }
        }
    }
    if let Some(date) = date {
        if let Ok(next) = cal.next_workday(date) {
            assert!(next > date);
            assert_eq!(cal.workdays_between(date, next), Ok(1));
        }
        if let Ok(prev) = cal.previous_workday(date) {
            assert!(prev < date);
            assert!(cal.is_workday(prev).expect("in range"));
        }
        if in_range {
            if let Ok(eod) = cal.deadline_instant(date, DeadlineEnd::EndOfDay) {
                assert_eq!(eod, cal.start_of_day(date) + Duration::days(1));
                let close = cal.deadline_instant(date, DeadlineEnd::CloseOfOffice);
                assert_eq!(close.is_ok(), !cal.office_hours().is_empty());
            }
            let _ = cal.add_days(date, n);
        }
    }
}

fn exercise_batch(cal: &Calendar, ops: &mut Ops, first: DayNumber, last: DayNumber) {
    let len = ops.range(0, 16) as usize;
    let days: Vec<DayNumber> = (0..len).map(|_| pick_day(ops, first, last)).collect();
    let other: Vec<DayNumber> = (0..len).map(|_| pick_day(ops, first, last)).collect();
    let ns: Vec<i64> = (0..len).map(|_| pick_n(ops)).collect();
    let rule = if ops.bool() {
        StartRule::SameDay
    } else {
        StartRule::NextDay
    };

    let mut out = vec![0; len];
    let res = cal.add_workdays_batch(&days, &ns, rule, &mut out);
    let scalar: Vec<_> = days
        .iter()
        .zip(&ns)
        .map(|(&d, &k)| cal.add_workdays_day(d, k, rule))
        .collect();
    check_batch(res, &out, &scalar);

    let mut out = vec![0; len];
    let res = cal.workdays_between_batch(&days, &other, rule, &mut out);
    let scalar: Vec<_> = days
        .iter()
        .zip(&other)
        .map(|(&a, &b)| cal.workdays_between_day(a, b, rule))
        .collect();
    check_batch(res, &out, &scalar);

    let mut out = vec![false; len];
    let res = cal.is_workday_batch(&days, &mut out);
    let scalar: Vec<_> = days.iter().map(|&d| cal.is_workday_day(d)).collect();
    check_batch(res, &out, &scalar);

    // Mismatched lengths are errors, never panics.
    let mut short = vec![0; len.saturating_sub(1)];
    if len > 0 {
        assert!(cal.add_workdays_batch(&days, &ns, rule, &mut short).is_err());
        assert!(cal
            .workdays_between_batch(&days, &other[1..], rule, &mut vec![0; len])
            .is_err());
    }
}

fn check_batch<T: PartialEq + std::fmt::Debug + Copy>(
    res: Result<(), xiaoneng::BatchError>,
    out: &[T],
    scalar: &[Result<T, xiaoneng::CalendarError>],
) {
    let first_err = scalar.iter().position(Result::is_err);
    match (res, first_err) {
        (Ok(()), None) => {
            for (o, s) in out.iter().zip(scalar) {
                assert_eq!(Ok(*o), *s);
            }
        }
        (Err(e), Some(i)) => {
            assert_eq!(e.index, i, "batch error index");
            assert_eq!(Err(e.error), scalar[i]);
            for (o, s) in out[..i].iter().zip(scalar) {
                assert_eq!(Ok(*o), *s);
            }
        }
        (res, first_err) => panic!("batch {res:?} but scalar first error at {first_err:?}"),
    }
}

fn exercise_hours(cal: &Calendar, ops: &mut Ops, first: DayNumber, last: DayNumber) {
    let day = match ops.byte() % 4 {
        0 => first - ops.range(0, 3),
        1 => last + ops.range(0, 3),
        _ => ops.range(first, last),
    };
    let Some(date) = date_of(day) else { return };
    let Some(from) = date.and_hms_opt(0, 0, 0).and_then(|m| {
        m.and_utc()
            .checked_add_signed(Duration::seconds(ops.range(-86_400, 2 * 86_400)))
    }) else {
        return;
    };
    let secs = match ops.byte() % 6 {
        0 => 0,
        1 => i64::from(ops.byte()) * 60,
        2 => ops.range(-100 * 3600, 100 * 3600),
        3 => ops.range(-10_000_000, 10_000_000),
        4 => ops.range(-1_000_000_000_000, 1_000_000_000_000),
        _ => EXTREME_SECONDS[ops.byte() as usize % EXTREME_SECONDS.len()],
    };
    if let Ok(t) = cal.add_working_seconds(from, secs) {
        if secs > 0 {
            assert!(t > from, "{secs} working seconds from {from} gave {t}");
        }
        if let Ok(back) = cal.working_seconds_between(from, t) {
            assert_eq!(
                back, secs,
                "working_seconds_between(from, from + {secs}s) from {from} to {t}"
            );
        }
        let _ = cal.local(t);
        let _ = cal.local_date(t);
    }
    let to = from.checked_add_signed(Duration::seconds(ops.range(-30 * 86_400, 30 * 86_400)));
    if let Some(to) = to {
        if let (Ok(ab), Ok(ba)) = (
            cal.working_seconds_between(from, to),
            cal.working_seconds_between(to, from),
        ) {
            assert_eq!(ab, -ba);
            if to >= from {
                assert!(ab >= 0 && ab <= (to - from).num_seconds());
            }
        }
    }
}

/// An instant near `base`: seconds to months away, either side; `None` beyond chrono's range.
fn near(ops: &mut Ops, base: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let delta = match ops.byte() % 6 {
        0 => 0,
        1 => ops.range(-3_600, 3_600),
        2 => ops.range(0, 3 * 86_400),
        3 => ops.range(-86_400, 40 * 86_400),
        4 => ops.range(-400 * 86_400, 400 * 86_400),
        _ => ops.range(-1, 1),
    };
    base.checked_add_signed(Duration::seconds(delta))
}

const KINDS: [PauseKind; 8] = [
    PauseKind::Correction,
    PauseKind::Hearing,
    PauseKind::Tendering,
    PauseKind::Auction,
    PauseKind::Inspection,
    PauseKind::Appraisal,
    PauseKind::ExpertReview,
    PauseKind::Other,
];

/// Checks a status against the clock's own invariants.
fn check_status(clock: &Clock, cal: &Calendar, now: DateTime<Utc>) {
    let Ok(st) = clock.status(cal, now) else { return };
    assert_eq!(st.remaining, st.budget - st.used);
    assert_eq!(st.at, cal.local(now));
    match st.state {
        ClockState::NotStarted => assert!(now < clock.started_at()),
        ClockState::Running => assert!(now < st.deadline, "running at {now} past deadline {}", st.deadline),
        ClockState::Overdue => assert!(now >= st.deadline),
        ClockState::Paused => {
            let open = clock
                .pauses()
                .iter()
                .any(|p| p.start <= now && p.end.is_none_or(|e| e > now));
            assert!(st.paused.is_some() && open, "paused at {now} without an open pause");
        }
        ClockState::CompletedOnTime | ClockState::CompletedLate => assert!(clock.completed_at() <= Some(now)),
    }
    if let Some(next) = st.next_change {
        assert!(next > now);
    }
    assert_eq!(
        clock.next_change(cal, now).expect("status succeeded"),
        st.next_change.map(|t| t.with_timezone(&Utc))
    );
    serde_json::to_string(&st).expect("a status serializes");
}

/// Exercises a clock: statuses at instants around its events, then a sequence of commands, checking
/// that a rejected command changes nothing and that every accepted state reads back from its JSON.
pub fn exercise_clock(clock: &Clock, ops: &mut Ops) {
    let cal = china();
    round_trip(clock);
    for _ in 0..6 {
        let base = if ops.bool() {
            clock.started_at()
        } else {
            clock.last_event_at()
        };
        if let Some(at) = near(ops, base) {
            check_status(clock, cal, at);
        }
    }
    let mut c = clock.clone();
    let steps = ops.range(0, 12);
    for _ in 0..steps {
        let before = c.to_json();
        let op = ops.byte() % 5;
        let Some(at) = near(ops, c.last_event_at()) else {
            continue;
        };
        let at = if ops.byte().is_multiple_of(8) {
            // Sometimes out of time order.
            at.checked_sub_signed(Duration::seconds(ops.range(1, 86_400)))
                .unwrap_or(at)
        } else {
            at
        };
        let res = match op {
            0 => {
                let note = ops.bool().then(|| "补正通知".to_string());
                c.pause(KINDS[ops.byte() as usize % KINDS.len()], at, note)
            }
            1 => c.resume(at),
            2 => {
                let amount = match ops.byte() % 4 {
                    0 => 0,
                    1 => u32::MAX,
                    _ => ops.range(1, 30) as u32,
                };
                let approver = if ops.byte().is_multiple_of(8) { " " } else { "leader-1" };
                let ext = Extension {
                    at,
                    amount,
                    approver: approver.to_string(),
                    reason: "情况复杂".to_string(),
                };
                c.extend(cal, ext)
            }
            3 => c.complete(at),
            _ => {
                check_status(&c, cal, at);
                continue;
            }
        };
        match res {
            Ok(()) => {
                assert!(c.last_event_at() >= at.min(c.last_event_at()));
                round_trip(&c);
                check_status(&c, cal, at);
            }
            Err(e) => assert_eq!(c.to_json(), before, "rejected command ({e}) changed the clock"),
        }
    }
}

fn round_trip(clock: &Clock) {
    let json = clock.to_json();
    let back = Clock::from_json(&json).unwrap_or_else(|e| panic!("to_json output does not read back: {e}\n{json}"));
    assert_eq!(&back, clock, "round trip changed the clock");
    assert_eq!(back.to_json(), json);
}
