//! The wire format's instants: microseconds, no leap seconds; UTC offsets in whole minutes. An instant
//! that one host would keep and another would lose (a nanosecond fraction, a leap second) is refused
//! where instants come in, naming the field, so that a log written by one host replays to the same state
//! on another; an offset with seconds is refused, never rounded.

mod common;

use chrono::{DateTime, FixedOffset, Utc};
use common::t;
use xiaoneng::commands;
use xiaoneng::{
    Calendar, CalendarSpec, Catalog, Clock, Command, Document, Engine, Error, ErrorCode, Event, Limit, Org, Policy,
    UtcOffset,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");

fn config() -> (Policy, Org, Catalog) {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    (Policy::from_toml(POLICY).unwrap(), org, catalog)
}

fn engine() -> Engine {
    let (p, o, c) = config();
    Engine::new(p, o, c).unwrap()
}

fn receive(at: DateTime<Utc>) -> Command {
    Command::from(commands::Receive {
        case: "C1".into(),
        at,
        actor: "s-clerk".into(),
        item: "330100-FOOD-001".into(),
        applicant: "某餐饮有限公司".into(),
        materials: vec![],
        renewal_of_expiry: None,
    })
}

/// An instant as chrono reads it from RFC 3339 text (nanoseconds and `:60` are accepted by chrono).
fn rfc3339(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn assert_invalid(e: &Error, field: &str, reason: &str) {
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    assert_eq!(e.field(), Some(field), "{e}");
    assert!(e.reason().contains(reason), "{e}");
}

#[test]
fn a_command_at_a_nanosecond_instant_is_refused_naming_at() {
    let mut e = engine();
    let err = e
        .execute(receive(rfc3339("2026-09-28T10:00:00.123456789+08:00")))
        .unwrap_err();
    assert_invalid(&err, "at", "finer than a microsecond");
    assert_eq!(err.value(), Some("2026-09-28T02:00:00.123456789Z"));
    assert_eq!(e.seq(), 0, "a refused command changes nothing");
}

#[test]
fn a_command_at_a_leap_second_is_refused_naming_at() {
    let leap = rfc3339("2016-12-31T23:59:60Z");
    assert!(
        leap.timestamp_subsec_nanos() >= 1_000_000_000,
        "chrono keeps :60 as a long second"
    );
    let err = engine().execute(receive(leap)).unwrap_err();
    assert_invalid(&err, "at", "leap second");
}

#[test]
fn a_command_at_a_microsecond_instant_is_accepted_and_round_trips_through_the_log() {
    let (p, o, c) = config();
    let mut e = Engine::new(p.clone(), o.clone(), c.clone()).unwrap();
    let at = rfc3339("2026-09-28T10:00:00.123456+08:00");
    let events = e.execute(receive(at)).unwrap();
    assert_eq!(events[0].at, at);
    let line = events[0].to_json();
    assert!(line.contains("02:00:00.123456Z"), "{line}");
    let back = Event::from_json(&line).unwrap();
    assert_eq!(back, events[0]);
    let replayed = Engine::replay(p, o, c, &[back]).unwrap();
    assert_eq!(replayed.snapshot(), e.snapshot());
}

#[test]
fn a_clock_with_a_nanosecond_or_leap_instant_is_refused_naming_the_field() {
    let limit = r#"{"unit": "working_days", "amount": 20}"#;
    let doc = |started: &str| format!(r#"{{"schema": 1, "limit": {limit}, "started_at": "{started}"}}"#);
    let err = Clock::from_json(&doc("2026-09-28T10:00:00.000000001+08:00")).unwrap_err();
    assert_invalid(&err, "started_at", "finer than a microsecond");
    let err = Clock::from_json(&doc("2016-12-31T23:59:60Z")).unwrap_err();
    assert_invalid(&err, "started_at", "leap second");
    assert!(Clock::from_json(&doc("2026-09-28T10:00:00.999999+08:00")).is_ok());

    let mut clock = Clock::new(
        Limit {
            unit: xiaoneng::TimeUnit::WorkingDays,
            amount: 20,
        },
        t("2026-09-28T02:00:00Z"),
    );
    let err = clock
        .complete(rfc3339("2026-10-09T10:00:00.5000001+08:00"))
        .map_err(Error::from)
        .unwrap_err();
    assert_invalid(&err, "at", "finer than a microsecond");
    let err = clock
        .status(&Calendar::china(), rfc3339("2016-12-31T23:59:60Z"))
        .map_err(Error::from)
        .unwrap_err();
    assert_invalid(&err, "now", "leap second");
}

#[test]
fn utc_offsets_are_hours_and_minutes_and_seconds_are_refused_not_rounded() {
    let cal = |offset: &str| {
        Calendar::from_json(&format!(
            r#"{{"schema": 1, "base": "china", "utc_offset": "{offset}"}}"#
        ))
    };
    for ok in ["+08:00", "-05:30", "+0545", "+00:00", "-23:59"] {
        let c = cal(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        let again = Calendar::from_json(&c.to_json()).unwrap();
        assert_eq!(again.utc_offset(), c.utc_offset(), "{ok}");
    }
    assert_eq!(
        cal("+0545").unwrap().utc_offset(),
        FixedOffset::east_opt(5 * 3600 + 45 * 60).unwrap()
    );
    for bad in [
        "+08:05:43",
        "+0805:43",
        "+080543",
        "+08:00x",
        "+08",
        "08:00",
        "+24:00",
        "+08:60",
        "Z",
        "",
    ] {
        let err = cal(bad).map(|_| ()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Parse, "{bad}: {err}");
        assert_eq!(err.field(), Some("utc_offset"), "{bad}: {err}");
        assert!(err.to_string().contains("not a UTC offset like +08:00"), "{bad}: {err}");
    }
    // Built in Rust, an offset with seconds is refused when the calendar is built.
    let mut spec: CalendarSpec = Calendar::china().spec().clone();
    spec.utc_offset = UtcOffset(FixedOffset::east_opt(8 * 3600 + 5 * 60 + 43).unwrap());
    let err = Error::from(Calendar::from_spec(spec).unwrap_err());
    assert_invalid(&err, "utc_offset", "seconds are not supported");
}

#[test]
fn replaying_a_log_with_a_nanosecond_instant_is_refused() {
    let (p, o, c) = config();
    let mut e = Engine::new(p.clone(), o.clone(), c.clone()).unwrap();
    let mut log = e.execute(receive(t("2026-09-28T02:00:00Z"))).unwrap();
    log[0].at = rfc3339("2026-09-28T10:00:00.123456789+08:00");
    let err = Engine::replay(p, o, c, &log).map(|_| ()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert!(err.reason().contains("finer than a microsecond"), "{err}");
}
