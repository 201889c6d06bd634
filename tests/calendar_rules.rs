//! The calendar rules of docs/rules.md §2, one test per rule, on the bundled national calendar.

mod common;

use common::{d, days, t};
use xiaoneng::{Calendar, CalendarError, Clock, DeadlineEnd, Document, Error, ErrorCode, Limit, StartRule, YearNotice};

fn off(cal: &Calendar, a: chrono::NaiveDate, b: chrono::NaiveDate) {
    for x in days(a, b) {
        assert!(!cal.is_workday(x).unwrap(), "{x} should be a day off");
    }
}

fn work(cal: &Calendar, dates: &[chrono::NaiveDate]) {
    for &x in dates {
        assert!(cal.is_workday(x).unwrap(), "{x} should be a working day");
    }
}

#[test]
fn notice_2025_days_off_and_makeup_workdays() {
    let cal = Calendar::china();
    off(&cal, d(2025, 1, 1), d(2025, 1, 1));
    off(&cal, d(2025, 1, 28), d(2025, 2, 4));
    off(&cal, d(2025, 4, 4), d(2025, 4, 6));
    off(&cal, d(2025, 5, 1), d(2025, 5, 5));
    off(&cal, d(2025, 5, 31), d(2025, 6, 2));
    off(&cal, d(2025, 10, 1), d(2025, 10, 8));
    work(
        &cal,
        &[
            d(2025, 1, 26),
            d(2025, 2, 8),
            d(2025, 4, 27),
            d(2025, 9, 28),
            d(2025, 10, 11),
        ],
    );
}

#[test]
fn notice_2026_days_off_and_makeup_workdays() {
    let cal = Calendar::china();
    off(&cal, d(2026, 1, 1), d(2026, 1, 3));
    off(&cal, d(2026, 2, 15), d(2026, 2, 23));
    off(&cal, d(2026, 4, 4), d(2026, 4, 6));
    off(&cal, d(2026, 5, 1), d(2026, 5, 5));
    off(&cal, d(2026, 6, 19), d(2026, 6, 21));
    off(&cal, d(2026, 9, 25), d(2026, 9, 27));
    off(&cal, d(2026, 10, 1), d(2026, 10, 7));
    work(
        &cal,
        &[
            d(2026, 1, 4),
            d(2026, 2, 14),
            d(2026, 2, 28),
            d(2026, 5, 9),
            d(2026, 9, 20),
            d(2026, 10, 10),
        ],
    );
}

#[test]
fn working_day_is_monday_to_friday_not_a_holiday() {
    let cal = Calendar::china();
    work(&cal, &[d(2026, 3, 2), d(2026, 3, 6)]); // an ordinary Monday and Friday
    off(&cal, d(2026, 3, 7), d(2026, 3, 8)); // an ordinary weekend
    off(&cal, d(2026, 10, 5), d(2026, 10, 5)); // a Monday inside a holiday block
}

#[test]
fn every_day_of_a_holiday_block_is_a_day_off_weekends_included() {
    let cal = Calendar::china();
    // Spring Festival 2026 spans two weekends: Sun Feb 15 .. Mon Feb 23, nine days.
    off(&cal, d(2026, 2, 15), d(2026, 2, 23));
    assert!(cal.is_workday(d(2026, 2, 24)).unwrap());
}

#[test]
fn makeup_weekend_day_is_a_working_day() {
    let cal = Calendar::china();
    assert_eq!(chrono::Datelike::weekday(&d(2026, 10, 10)), chrono::Weekday::Sat);
    assert!(cal.is_workday(d(2026, 10, 10)).unwrap());
}

#[test]
fn start_day_is_not_counted_by_default() {
    let cal = Calendar::china();
    // Accepted Monday 2026-03-02: one working day later is Tuesday, not Monday itself.
    assert_eq!(cal.add_workdays(d(2026, 3, 2), 1).unwrap(), d(2026, 3, 3));
    assert_eq!(cal.workdays_between(d(2026, 3, 2), d(2026, 3, 2)).unwrap(), 0);
}

#[test]
fn same_day_rule_counts_the_start_day() {
    let cal = Calendar::china();
    assert_eq!(
        cal.add_workdays_with(d(2026, 3, 2), 1, StartRule::SameDay).unwrap(),
        d(2026, 3, 2)
    );
    assert_eq!(
        cal.add_workdays_with(d(2026, 3, 2), 5, StartRule::SameDay).unwrap(),
        d(2026, 3, 6)
    );
    // A start on a day off: the first counted day is the next working day under either rule.
    assert_eq!(
        cal.add_workdays_with(d(2026, 3, 7), 1, StartRule::SameDay).unwrap(),
        d(2026, 3, 9)
    );
    assert_eq!(
        cal.add_workdays_with(d(2026, 3, 7), 1, StartRule::NextDay).unwrap(),
        d(2026, 3, 9)
    );
}

#[test]
fn n_working_days_end_on_the_nth_working_day_after_acceptance() {
    let cal = Calendar::china();
    // Accepted Friday 2026-02-13, just before the Spring Festival: Sat Feb 14 (makeup) is day 1, the
    // festival Feb 15-23 is skipped, Sat Feb 28 (makeup) counts, and day 20 is Thursday 2026-03-19.
    assert_eq!(cal.add_workdays(d(2026, 2, 13), 20).unwrap(), d(2026, 3, 19));
    assert_eq!(cal.workdays_between(d(2026, 2, 13), d(2026, 3, 19)).unwrap(), 20);
}

#[test]
fn national_day_2026_is_skipped_and_its_makeup_saturday_counts() {
    let cal = Calendar::china();
    assert_eq!(cal.add_workdays(d(2026, 9, 30), 1).unwrap(), d(2026, 10, 8));
    assert_eq!(cal.add_workdays(d(2026, 9, 30), 3).unwrap(), d(2026, 10, 10));
    assert_eq!(cal.next_workday(d(2026, 9, 30)).unwrap(), d(2026, 10, 8));
    assert_eq!(cal.previous_workday(d(2026, 10, 8)).unwrap(), d(2026, 9, 30));
}

#[test]
fn backward_counts_find_the_nth_working_day_before() {
    let cal = Calendar::china();
    assert_eq!(cal.add_workdays(d(2026, 10, 8), -1).unwrap(), d(2026, 9, 30));
    assert_eq!(cal.add_workdays(d(2026, 10, 4), -2).unwrap(), d(2026, 9, 29));
    assert_eq!(cal.add_workdays(d(2026, 10, 4), 0).unwrap(), d(2026, 10, 4));
}

#[test]
fn workdays_between_is_half_open_and_antisymmetric() {
    let cal = Calendar::china();
    // (Sep 30, Oct 10]: Oct 8, 9, 10.
    assert_eq!(cal.workdays_between(d(2026, 9, 30), d(2026, 10, 10)).unwrap(), 3);
    assert_eq!(cal.workdays_between(d(2026, 10, 10), d(2026, 9, 30)).unwrap(), -3);
}

#[test]
fn date_outside_the_data_is_an_error_naming_date_and_range() {
    let cal = Calendar::china();
    for x in [d(2003, 12, 31), d(2027, 1, 1)] {
        let e = cal.is_workday(x).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains(&x.to_string()) && msg.contains("2004-01-01") && msg.contains("2026-12-31"),
            "{msg}"
        );
        assert!(matches!(e, CalendarError::OutOfRange { .. }));
    }
    assert_eq!(
        Error::from(cal.is_workday(d(2027, 1, 1)).unwrap_err()).code(),
        ErrorCode::OutOfRange
    );
}

#[test]
fn result_beyond_the_data_is_an_error_not_a_guess() {
    let cal = Calendar::china();
    let e = cal.add_workdays(d(2026, 12, 20), 30).unwrap_err();
    assert!(e.to_string().contains("30 working days from 2026-12-20"), "{e}");
    assert!(cal.add_workdays(d(2004, 1, 5), -10).is_err());
}

#[test]
fn new_year_notice_added_at_run_time_extends_the_range() {
    let cal = Calendar::china();
    let notice: YearNotice = serde_json::from_str(
        r#"{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}],
            "workdays": ["2027-01-04"]}"#,
    )
    .unwrap();
    let next = cal.with_notice(notice).unwrap();
    assert_eq!(next.range().end, d(2027, 12, 31));
    assert!(!next.is_workday(d(2027, 1, 1)).unwrap());
    assert!(next.add_workdays(d(2026, 12, 20), 30).is_ok());
    // The original calendar is unchanged.
    assert!(cal.is_workday(d(2027, 1, 4)).is_err());
}

#[test]
fn notice_for_a_covered_year_replaces_that_year() {
    let cal = Calendar::china();
    let fixed = cal
        .with_notice(YearNotice {
            year: 2026,
            days_off: vec![],
            workdays: vec![],
        })
        .unwrap();
    assert!(fixed.is_workday(d(2026, 10, 5)).unwrap()); // no holidays any more in 2026
    assert!(!fixed.is_workday(d(2026, 10, 10)).unwrap()); // nor makeup days
    assert!(!fixed.is_workday(d(2025, 10, 6)).unwrap()); // 2025 untouched
}

#[test]
fn notice_leaving_a_gap_is_rejected_naming_the_field() {
    let cal = Calendar::china();
    let e = cal
        .with_notice(YearNotice {
            year: 2028,
            days_off: vec![],
            workdays: vec![],
        })
        .unwrap_err();
    assert!(e.to_string().contains("notices[0].year"), "{e}");
}

/// Every day of a notice's blocks of days off.
fn days_off(n: &YearNotice) -> Vec<chrono::NaiveDate> {
    let mut v: Vec<_> = n
        .days_off
        .iter()
        .flat_map(|b| b.start.iter_days().take_while(move |x| *x <= b.end.unwrap_or(b.start)))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn beyond_the_last_notice_the_statutory_holidays_are_the_13_days_of_the_2024_regulation() {
    // docs/rules.md §2: New Year's Day, the Spring Festival (lunar New Year's Eve and the 1st-3rd of the
    // first lunar month), Qingming, Labour Day (May 1-2), Dragon Boat, Mid-Autumn, National Day (Oct 1-3).
    let n = YearNotice::statutory(2027).unwrap();
    assert!(n.workdays.is_empty()); // makeup workdays and bridged days are unknown until the notice
    let expected = [
        d(2027, 1, 1),
        d(2027, 2, 5), // New Year's Eve, the 29th of the 12th lunar month of 2026
        d(2027, 2, 6),
        d(2027, 2, 7),
        d(2027, 2, 8),
        d(2027, 4, 5), // the day of the solar term 清明
        d(2027, 5, 1),
        d(2027, 5, 2),
        d(2027, 6, 9),  // 5th of the fifth lunar month
        d(2027, 9, 15), // 15th of the eighth lunar month
        d(2027, 10, 1),
        d(2027, 10, 2),
        d(2027, 10, 3),
    ];
    assert_eq!(days_off(&n), expected);
    // The lunar and solar-term dates are bundled data for 2025-2099 (checked against lunar-python in
    // python/tests/test_provisional.py); outside them there is no statutory notice.
    assert_eq!(YearNotice::statutory_years(), 2025..=2099);
    assert!(YearNotice::statutory(2024).is_none() && YearNotice::statutory(2100).is_none());
}

#[test]
fn the_statutory_holidays_of_2025_and_2026_are_days_off_in_their_notices() {
    // Where both exist, every statutory day is off in the State Council's notice (which adds bridges).
    let cal = Calendar::china();
    for year in [2025, 2026] {
        for day in days_off(&YearNotice::statutory(year).unwrap()) {
            assert!(!cal.is_workday(day).unwrap(), "{day}");
        }
    }
}

#[test]
fn date_queries_beyond_the_last_notice_stay_errors_while_clocks_count_on_provisional_days() {
    // docs/rules.md §2: a date query outside the data is an error, never a guess; a clock is never refused.
    let cal = Calendar::china();
    let p = cal.provisional_range().unwrap();
    assert_eq!((p.start, p.end), (d(2027, 1, 1), d(2099, 12, 31)));
    assert!(cal.is_provisional(d(2027, 1, 4)) && !cal.is_provisional(d(2026, 12, 31)));
    assert!(matches!(
        cal.is_workday(d(2027, 1, 4)),
        Err(CalendarError::OutOfRange { .. })
    ));
    let clock = Clock::new(Limit::working_days(20), t("2026-12-20T10:00:00+08:00"));
    let st = clock.status(&cal, t("2026-12-21T09:00:00+08:00")).unwrap();
    // Dec 21-31 (9 working days), Jan 1 off (New Year's Day), Jan 4-8, 11-15, 18.
    assert_eq!(st.deadline_date, d(2027, 1, 18));
    assert!(st.provisional);
    assert!(st.to_json().contains(r#""provisional":true"#));
    // A clock inside the notices is not provisional.
    let early = Clock::new(Limit::working_days(5), t("2026-11-20T10:00:00+08:00"));
    assert!(!early.status(&cal, t("2026-11-21T09:00:00+08:00")).unwrap().provisional);
    // Natural days read no calendar data: never provisional.
    let natural = Clock::new(Limit::natural_days(30), t("2026-12-20T10:00:00+08:00"));
    assert!(
        !natural
            .status(&cal, t("2026-12-21T09:00:00+08:00"))
            .unwrap()
            .provisional
    );
    // Beyond the bundled data (2099), a clock's deadline is an error again.
    let far = Clock::new(Limit::working_days(20), t("2099-12-20T10:00:00+08:00"));
    assert!(far.status(&cal, t("2099-12-21T09:00:00+08:00")).is_err());
}

#[test]
fn provisional_days_start_after_the_last_notice_and_only_on_the_national_calendar() {
    let next = Calendar::china()
        .with_notice(YearNotice::statutory(2027).unwrap())
        .unwrap();
    assert_eq!(next.provisional_range().unwrap().start, d(2028, 1, 1));
    let clock = Clock::new(Limit::working_days(20), t("2026-12-20T10:00:00+08:00"));
    assert!(!clock.status(&next, t("2026-12-21T09:00:00+08:00")).unwrap().provisional);
    // A calendar of one's own (no national base) has no provisional days: its clocks end at its range.
    let own = Calendar::from_json(r#"{"schema": 1, "range": {"start": "2026-01-01", "end": "2026-12-31"}}"#).unwrap();
    assert_eq!(own.provisional_range(), None);
    assert!(clock.status(&own, t("2026-12-21T09:00:00+08:00")).is_err());
}

#[test]
fn deadline_is_the_end_of_the_day_in_china_time() {
    let cal = Calendar::china();
    let at = cal.deadline_instant(d(2026, 10, 9), DeadlineEnd::EndOfDay).unwrap();
    assert_eq!(at, t("2026-10-10T00:00:00+08:00"));
}

#[test]
fn deadline_may_be_the_close_of_office_hours() {
    let cal = Calendar::china();
    let at = cal
        .deadline_instant(d(2026, 10, 9), DeadlineEnd::CloseOfOffice)
        .unwrap();
    assert_eq!(at, t("2026-10-09T17:30:00+08:00"));
    let bare = Calendar::from_json(r#"{"schema":1,"range":{"start":"2026-01-01","end":"2026-12-31"}}"#).unwrap();
    assert!(bare
        .deadline_instant(d(2026, 10, 9), DeadlineEnd::CloseOfOffice)
        .is_err());
}

#[test]
fn working_hours_run_across_nights_weekends_and_holidays() {
    let cal = Calendar::china();
    // Office 08:30-12:00 and 14:30-17:30. 16:30 on Wed 2026-09-30 + 2 working hours: 1 h that day,
    // then the National Day holiday, then 1 h from 08:30 on Thu 2026-10-08.
    let end = cal
        .add_working_seconds(t("2026-09-30T16:30:00+08:00"), 2 * 3600)
        .unwrap();
    assert_eq!(end, t("2026-10-08T09:30:00+08:00"));
    assert_eq!(
        cal.working_seconds_between(t("2026-09-30T16:30:00+08:00"), end)
            .unwrap(),
        2 * 3600
    );
    // Lunch break is not counted: 11:00 + 2 h = 15:30.
    let after_lunch = cal
        .add_working_seconds(t("2026-03-02T11:00:00+08:00"), 2 * 3600)
        .unwrap();
    assert_eq!(after_lunch, t("2026-03-02T15:30:00+08:00"));
    // Ending exactly at a close gives the close, not the next opening.
    let close = cal.add_working_seconds(t("2026-03-02T16:30:00+08:00"), 3600).unwrap();
    assert_eq!(close, t("2026-03-02T17:30:00+08:00"));
    // One working day of office time is 6.5 hours.
    assert_eq!(
        cal.working_seconds_between(t("2026-03-02T00:00:00+08:00"), t("2026-03-03T00:00:00+08:00"))
            .unwrap(),
        6 * 3600 + 1800
    );
}

#[test]
fn zero_working_hours_from_outside_office_hours_is_that_instant() {
    let cal = Calendar::china();
    let lunch = t("2026-03-02T13:00:00+08:00");
    assert_eq!(cal.add_working_seconds(lunch, 0).unwrap(), lunch);
    // One working second from lunch is the first second of the afternoon session.
    assert_eq!(
        cal.add_working_seconds(lunch, 1).unwrap(),
        t("2026-03-02T14:30:01+08:00")
    );
    let night = t("2026-10-03T22:00:00+08:00");
    assert_eq!(cal.add_working_seconds(night, 0).unwrap(), night);
}

#[test]
fn natural_days_ignore_holidays() {
    let cal = Calendar::china();
    assert_eq!(cal.add_days(d(2026, 9, 30), 7).unwrap(), d(2026, 10, 7));
}

#[test]
fn locality_overlay_adds_days_off_and_workdays_on_the_national_calendar() {
    let cal = Calendar::from_json(
        r#"{"schema": 1, "base": "china", "name": "某县",
            "days_off": [{"start": "2026-03-05", "name": "县庆"}], "workdays": ["2026-03-08"]}"#,
    )
    .unwrap();
    assert!(!cal.is_workday(d(2026, 3, 5)).unwrap());
    assert!(cal.is_workday(d(2026, 3, 8)).unwrap());
    assert!(!cal.is_workday(d(2026, 10, 1)).unwrap()); // national data still applies
}

#[test]
fn custom_calendar_with_its_own_week_range_offset_and_office_hours() {
    let json = r#"{"schema": 1, "name": "six-day window",
        "range": {"start": "2026-01-01", "end": "2026-12-31"},
        "utc_offset": "+06:00", "weekly_rest_days": ["sun"],
        "days_off": [{"start": "2026-05-01", "end": "2026-05-03"}],
        "office_hours": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]}"#;
    let cal = Calendar::from_json(json).unwrap();
    assert!(cal.is_workday(d(2026, 3, 7)).unwrap()); // Saturday works
    assert!(!cal.is_workday(d(2026, 3, 8)).unwrap());
    assert!(!cal.is_workday(d(2026, 5, 2)).unwrap());
    assert_eq!(
        cal.deadline_instant(d(2026, 3, 7), DeadlineEnd::CloseOfOffice).unwrap(),
        t("2026-03-07T18:00:00+06:00")
    );
    let toml = r#"schema = 1
name = "six-day window"
range = { start = 2026-01-01, end = 2026-12-31 }
utc_offset = "+06:00"
weekly_rest_days = ["sun"]
days_off = [{ start = 2026-05-01, end = 2026-05-03 }]
office_hours = [{ start = "09:00", end = "12:00" }, { start = "13:00", end = "18:00" }]
"#;
    assert_eq!(Calendar::from_toml(toml).unwrap(), cal);
}

#[test]
fn calendar_round_trips_through_json() {
    let cal = Calendar::from_json(r#"{"schema":1,"base":"china","days_off":[{"start":"2026-03-05"}]}"#).unwrap();
    let again = Calendar::from_json(&cal.to_json()).unwrap();
    assert_eq!(again, cal);
    assert_eq!(again.to_json(), cal.to_json());
}

#[test]
fn invalid_calendar_definitions_name_the_field() {
    let cases = [
        (r#"{"schema":2,"base":"china"}"#, "schema"),
        (r#"{"schema":1}"#, "range"),
        (
            r#"{"schema":1,"range":{"start":"2026-12-31","end":"2026-01-01"}}"#,
            "range",
        ),
        (
            r#"{"schema":1,"base":"china","range":{"start":"2000-01-01","end":"2026-12-31"}}"#,
            "range",
        ),
        (
            r#"{"schema":1,"base":"china","days_off":[{"start":"2030-01-01"}]}"#,
            "days_off[0]",
        ),
        (
            r#"{"schema":1,"base":"china","days_off":[{"start":"2026-03-05"}],"workdays":["2026-03-05"]}"#,
            "workdays[0]",
        ),
        (
            r#"{"schema":1,"base":"china","office_hours":[{"start":"09:00","end":"12:00"},{"start":"11:00","end":"13:00"}]}"#,
            "office_hours[1].start",
        ),
        (
            r#"{"schema":1,"base":"china","office_hours":[{"start":"12:00","end":"09:00"}]}"#,
            "office_hours[0].end",
        ),
        (r#"{"schema":1,"base":"china","utc_offset":"+8"}"#, "utc_offset"),
        (
            r#"{"schema":1,"base":"china","weekly_rest_days":["saturday"]}"#,
            "weekly_rest_days",
        ),
        (r#"{"schema":1,"base":"china","holidays":[]}"#, "holidays"),
        (
            r#"{"schema":1,"base":"china","days_off":[{"start":"2026-02-30"}]}"#,
            "days_off[0].start",
        ),
    ];
    for (json, field) in cases {
        let e = Calendar::from_json(json).unwrap_err();
        assert!(e.to_string().contains(field), "{json}: `{e}` should name `{field}`");
    }
}

#[test]
fn calendars_stay_within_the_supported_years() {
    let max = chrono::NaiveDate::MAX;
    let doc = format!(
        r#"{{"schema":1,"range":{{"start":"{}","end":"{}"}}}}"#,
        max - chrono::Duration::days(3),
        max
    );
    match Calendar::from_json(&doc) {
        Err(e) => assert!(
            e.to_string().contains("range.start") || e.to_string().contains("supported years"),
            "{e}"
        ),
        Ok(_) => panic!("a range at chrono's limit must be refused"),
    }
    let e = Calendar::from_json(
        r#"{"schema":1,"range":{"start":"9999-12-01","end":"9999-12-31"},"notices":[{"year":10000}]}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("notices[0].year"), "{e}");
}
