//! Invariants, checked with proptest: counting, batch forms, pauses, limits, evaluation order, and
//! malformed documents.

mod common;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use xiaoneng::{
    date_of, day_number, Calendar, Clock, ClockState, Document, Error, Extension, ExtensionRule, Limit, PauseKind,
    SignalPolicy, StartRule, TimeUnit,
};

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(Calendar::china)
}

/// Day numbers of 2005-06-01 .. 2025-06-30, far enough from the edges (2004, 2026) for ±300 working days.
fn day() -> impl Strategy<Value = i64> {
    let a = day_number(common::d(2005, 6, 1));
    let b = day_number(common::d(2025, 6, 30));
    a..=b
}

fn rule() -> impl Strategy<Value = StartRule> {
    prop_oneof![Just(StartRule::NextDay), Just(StartRule::SameDay)]
}

fn unit() -> impl Strategy<Value = TimeUnit> {
    prop_oneof![
        Just(TimeUnit::WorkingDays),
        Just(TimeUnit::NaturalDays),
        Just(TimeUnit::WorkingHours),
        Just(TimeUnit::NaturalHours)
    ]
}

fn instant(day: i64, secs: i64) -> DateTime<Utc> {
    cal().start_of_day(date_of(day).unwrap()) + Duration::seconds(secs)
}

fn kind() -> impl Strategy<Value = PauseKind> {
    prop_oneof![
        Just(PauseKind::Hearing),
        Just(PauseKind::ExpertReview),
        Just(PauseKind::Correction)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn add_workdays_and_workdays_between_are_inverse(d in day(), n in 0i64..250, r in rule()) {
        let c = cal();
        // Under `same_day`, zero days is degenerate (D itself, although D counts as a day): n >= 1.
        let n = if r == StartRule::SameDay { n.max(1) } else { n };
        let e = c.add_workdays_day(d, n, r).unwrap();
        prop_assert_eq!(c.workdays_between_day(d, e, r).unwrap(), n);
        // Backwards from a working day: the n-th working day before it is n working days away.
        if c.is_workday_day(d).unwrap() && n > 0 {
            let b = c.add_workdays_day(d, -n, r).unwrap();
            prop_assert_eq!(c.workdays_between_day(b, d, StartRule::NextDay).unwrap(), n);
        }
    }

    #[test]
    fn add_workdays_lands_on_a_working_day_strictly_after(d in day(), n in 1i64..250) {
        let c = cal();
        let e = c.add_workdays_day(d, n, StartRule::NextDay).unwrap();
        prop_assert!(e > d);
        prop_assert!(c.is_workday_day(e).unwrap());
        let b = c.add_workdays_day(d, -n, StartRule::NextDay).unwrap();
        prop_assert!(b < d && c.is_workday_day(b).unwrap());
    }

    #[test]
    fn workdays_between_is_antisymmetric_and_additive(a in day(), b in day(), m in day()) {
        let c = cal();
        let ab = c.workdays_between_day(a, b, StartRule::NextDay).unwrap();
        prop_assert_eq!(ab, -c.workdays_between_day(b, a, StartRule::NextDay).unwrap());
        let am = c.workdays_between_day(a, m, StartRule::NextDay).unwrap();
        let mb = c.workdays_between_day(m, b, StartRule::NextDay).unwrap();
        prop_assert_eq!(ab, am + mb);
    }

    #[test]
    fn batch_equals_scalar(pairs in prop::collection::vec((day(), -200i64..200, day()), 1..200), r in rule()) {
        let c = cal();
        let days: Vec<i64> = pairs.iter().map(|p| p.0).collect();
        let n: Vec<i64> = pairs.iter().map(|p| p.1).collect();
        let to: Vec<i64> = pairs.iter().map(|p| p.2).collect();
        let mut out = vec![0; days.len()];
        c.add_workdays_batch(&days, &n, r, &mut out).unwrap();
        let mut between = vec![0; days.len()];
        c.workdays_between_batch(&days, &to, r, &mut between).unwrap();
        let mut flags = vec![false; days.len()];
        c.is_workday_batch(&days, &mut flags).unwrap();
        for i in 0..days.len() {
            prop_assert_eq!(out[i], c.add_workdays_day(days[i], n[i], r).unwrap());
            prop_assert_eq!(between[i], c.workdays_between_day(days[i], to[i], r).unwrap());
            prop_assert_eq!(flags[i], c.is_workday_day(days[i]).unwrap());
        }
    }

    #[test]
    fn working_hours_add_and_between_are_inverse(d in day(), secs in 0i64..86_400, amount in 0i64..200_000) {
        let c = cal();
        let from = instant(d, secs);
        let to = c.add_working_seconds(from, amount).unwrap();
        prop_assert!(to >= from);
        prop_assert_eq!(c.working_seconds_between(from, to).unwrap(), amount);
    }

    #[test]
    fn pausing_never_shortens_a_deadline(
        d in day(), u in unit(), amount in 0u32..60, k in kind(),
        start_off in 0i64..(40 * 86_400), len in 0i64..(20 * 86_400),
    ) {
        let c = cal();
        let started = instant(d, 9 * 3600);
        let plain = Clock::new(Limit { unit: u, amount }, started);
        let mut paused = plain.clone();
        paused.pause(k, started + Duration::seconds(start_off), None).unwrap();
        paused.resume(started + Duration::seconds(start_off + len)).unwrap();
        let now = started + Duration::seconds(start_off + len);
        let a = plain.status(c, now).unwrap().deadline;
        let b = paused.status(c, now).unwrap().deadline;
        prop_assert!(b >= a, "pause moved the deadline from {} to {}", a, b);
    }

    #[test]
    fn a_pause_of_k_whole_working_days_moves_the_deadline_by_exactly_k_working_days(
        d in day(), n in 1u32..60, j in 0u32..60, k in 1i64..25, r in rule(),
        before in 0.0f64..1.0, after in 0.0f64..=1.0, start_secs in 0i64..86_400,
    ) {
        // docs/rules.md §2: the working days X..=Z (k of them) are paused for the whole of each; the pause
        // begins anywhere after the previous working day V began (V still runs, so it counts) and counting
        // resumes anywhere from the end of Z to the start of the next working day W (not inside a working
        // day, which a resumption leaves uncounted). Weekends and holiday blocks fall anywhere in between.
        let c = cal();
        let started = instant(d, start_secs);
        let clock = Clock::new(Limit::working_days(n), started).with_start_rule(r);
        let plain = day_number(clock.status(c, started).unwrap().deadline_date);
        let x = c.add_workdays_day(d, i64::from(1 + j % n), StartRule::NextDay).unwrap();
        // The pause begins before the deadline, so it moves it.
        prop_assume!(x <= plain);
        let v = c.add_workdays_day(x, -1, StartRule::NextDay).unwrap();
        let z = c.add_workdays_day(x, k - 1, StartRule::NextDay).unwrap();
        let w = c.add_workdays_day(z, 1, StartRule::NextDay).unwrap();
        let begins_after = instant(v, 1);
        let from = instant(x, 0) - Duration::seconds(((instant(x, 0) - begins_after).num_seconds() as f64 * before) as i64);
        let from = from.max(started);
        let z_end = instant(z + 1, 0);
        let to = z_end + Duration::seconds(((instant(w, 0) - z_end).num_seconds() as f64 * after) as i64);
        let mut paused = clock.clone();
        paused.pause(PauseKind::ExpertReview, from, None).unwrap();
        paused.resume(to).unwrap();
        let moved = day_number(paused.status(c, to).unwrap().deadline_date);
        prop_assert_eq!(
            moved, c.add_workdays_day(plain, k, StartRule::NextDay).unwrap(),
            "paused {} to {}: {} working days paused whole", from, to, k
        );
    }

    #[test]
    fn deadline_is_monotone_in_the_limit(d in day(), u in unit(), a in 0u32..100, extra in 0u32..100, r in rule()) {
        let c = cal();
        let started = instant(d, 10 * 3600);
        let short = Clock::new(Limit { unit: u, amount: a }, started).with_start_rule(r);
        let long = Clock::new(Limit { unit: u, amount: a + extra }, started).with_start_rule(r);
        prop_assert!(long.status(c, started).unwrap().deadline >= short.status(c, started).unwrap().deadline);
    }

    #[test]
    fn state_and_signal_hold_until_next_change(
        d in day(), u in unit(), amount in 0u32..30, probe in 0i64..(80 * 86_400), frac in 0.0f64..1.0,
        pause_at in proptest::option::of((0i64..(30 * 86_400), 0i64..(10 * 86_400))),
    ) {
        let c = cal();
        let started = instant(d, 10 * 3600);
        let mut clock = Clock::new(Limit { unit: u, amount }, started)
            .with_signals(SignalPolicy { reminder_before: Some(Limit::working_days(1)), red_after: Some(Limit::working_days(2)) })
            .unwrap();
        if let Some((at, len)) = pause_at {
            clock.pause(PauseKind::Inspection, started + Duration::seconds(at), None).unwrap();
            clock.resume(started + Duration::seconds(at + len)).unwrap();
        }
        let now = started + Duration::seconds(probe);
        let st = clock.status(c, now).unwrap();
        if let Some(next) = st.next_change {
            let next = next.with_timezone(&Utc);
            prop_assert!(next > now);
            let span = (next - now).num_seconds();
            let mid = now + Duration::seconds(((span as f64) * frac) as i64);
            if mid < next {
                let m = clock.status(c, mid).unwrap();
                prop_assert_eq!((m.state, m.signal), (st.state, st.signal));
            }
        }
    }

    #[test]
    fn results_do_not_depend_on_evaluation_order(d in day(), probes in prop::collection::vec(0i64..(60 * 86_400), 1..20)) {
        let c = cal();
        let started = instant(d, 10 * 3600);
        let mut clock = Clock::new(Limit::working_days(20), started)
            .with_extension_rule(ExtensionRule { max_count: 1, max_total: Some(10) }).unwrap();
        clock.pause(PauseKind::Hearing, started + Duration::days(3), None).unwrap();
        clock.resume(started + Duration::days(6)).unwrap();
        clock.extend(c, Extension { at: started + Duration::days(7), amount: 10, approver: "h".into(), reason: "r".into() }).unwrap();
        let forward: Vec<_> = probes.iter().map(|&p| clock.status(c, started + Duration::seconds(p)).unwrap()).collect();
        let backward: Vec<_> = probes.iter().rev().map(|&p| clock.status(c, started + Duration::seconds(p)).unwrap()).collect();
        let mut backward = backward;
        backward.reverse();
        prop_assert_eq!(&forward, &backward);
        // A clock rebuilt from its JSON says the same.
        let again = Clock::from_json(&clock.to_json()).unwrap();
        for (&p, st) in probes.iter().zip(&forward) {
            prop_assert_eq!(&again.status(c, started + Duration::seconds(p)).unwrap(), st);
        }
    }

    #[test]
    fn every_started_clock_ends_in_exactly_one_completion_state(d in day(), amount in 0u32..30, done in 0i64..(60 * 86_400)) {
        let c = cal();
        let started = instant(d, 10 * 3600);
        let mut clock = Clock::new(Limit::working_days(amount), started);
        clock.complete(started + Duration::seconds(done)).unwrap();
        let st = clock.status(c, started + Duration::days(90)).unwrap();
        prop_assert!(matches!(st.state, ClockState::CompletedOnTime | ClockState::CompletedLate));
        prop_assert_eq!(st.state == ClockState::CompletedOnTime, started + Duration::seconds(done) < st.deadline);
    }
}

const CALENDAR_DOC: &str = r#"{"schema":1,"base":"china","name":"县","days_off":[{"start":"2026-03-05","end":"2026-03-06","name":"x"}],"workdays":["2026-03-08"],"office_hours":[{"start":"08:30","end":"12:00"},{"start":"14:30","end":"17:30"}]}"#;
const CLOCK_DOC: &str = r#"{"schema":1,"limit":{"unit":"working_days","amount":20},"pledged":{"unit":"working_days","amount":10},"started_at":"2026-02-13T02:00:00Z","extension_rule":{"max_count":1,"max_total":10},"signals":{"reminder_before":{"unit":"working_days","amount":1}},"pauses":[{"kind":"hearing","start":"2026-03-02T06:00:00Z","end":"2026-03-06T08:00:00Z"}],"extensions":[{"at":"2026-03-09T01:00:00Z","amount":10,"approver":"h","reason":"r"}]}"#;

/// A document with one mutation: a byte replaced, deleted or inserted.
fn mutated(doc: &'static str) -> impl Strategy<Value = String> {
    (0..doc.len(), any::<u8>(), 0u8..3).prop_map(move |(i, b, op)| {
        let mut bytes = doc.as_bytes().to_vec();
        let c = b" \"{}[],:0123456789-TZabcdefghijklmnopqrstuvwxyz"[b as usize % 47];
        match op {
            0 => bytes[i] = c,
            1 => {
                bytes.remove(i);
            }
            _ => bytes.insert(i, c),
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn names_a_field(e: &Error) -> bool {
    match e {
        Error::Parse { path, message, .. } => !path.is_empty() && !message.is_empty(),
        other => {
            let s = other.to_string();
            s.contains('`') || s.contains("outside")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn malformed_calendar_documents_give_errors_never_panics(doc in mutated(CALENDAR_DOC)) {
        match Calendar::from_json(&doc) {
            Ok(cal) => prop_assert_eq!(Calendar::from_json(&cal.to_json()).unwrap(), cal),
            Err(e) => prop_assert!(names_a_field(&e), "unhelpful error: {}", e),
        }
    }

    #[test]
    fn malformed_clock_documents_give_errors_never_panics(doc in mutated(CLOCK_DOC)) {
        match Clock::from_json(&doc) {
            Ok(clock) => {
                prop_assert_eq!(Clock::from_json(&clock.to_json()).unwrap(), clock.clone());
                let _ = clock.status(cal(), "2026-03-20T00:00:00Z".parse().unwrap());
            }
            Err(e) => prop_assert!(names_a_field(&e), "unhelpful error: {}", e),
        }
    }
}

/// The national calendar with the statutory days as the 2027 and 2028 notices: official where the bare
/// calendar is provisional.
fn with_statutory_notices() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| {
        let mut c = Calendar::china();
        for year in [2027, 2028] {
            c = c.with_notice(xiaoneng::YearNotice::statutory(year).unwrap()).unwrap();
        }
        c
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// docs/rules.md §2: the provisional calendar is the statutory days. A clock counted on provisional days
    /// gives the deadline the official calendar gives when the notice holds exactly those days; only the
    /// `provisional` flag differs (set exactly when the deadline lies after the last notice). Deadlines grow
    /// with the limit (monotone), across the last notice as inside it.
    #[test]
    fn provisional_deadlines_agree_with_a_notice_of_the_statutory_days_and_grow_with_the_limit(
        start in day_number(common::d(2026, 6, 1))..=day_number(common::d(2028, 6, 30)),
        secs in 0i64..86_400,
        n in 0u32..150,
        u in prop_oneof![Just(TimeUnit::WorkingDays), Just(TimeUnit::WorkingHours)],
    ) {
        let at = instant(start, secs);
        let limit = Limit { unit: u, amount: n };
        let bare = Clock::new(limit, at).status(cal(), at).unwrap();
        let noticed = Clock::new(limit, at).status(with_statutory_notices(), at).unwrap();
        prop_assert_eq!(bare.deadline, noticed.deadline);
        let last_notice = common::d(2026, 12, 31);
        let rests_after = |date: chrono::NaiveDate| date > last_notice;
        prop_assert_eq!(bare.provisional, rests_after(bare.deadline_date));
        prop_assert_eq!(noticed.provisional, bare.deadline_date > common::d(2028, 12, 31));
        let longer = Clock::new(Limit { unit: u, amount: n + 1 }, at).status(cal(), at).unwrap();
        prop_assert!(longer.deadline > bare.deadline);
    }
}
