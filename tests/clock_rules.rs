//! The licensing law's clock (docs/rules.md §3) and e-supervision signals (§5), one test per rule.

mod common;

use common::{d, t};
use xiaoneng::{
    Calendar, Clock, ClockError, ClockState, DeadlineEnd, Document, Extension, ExtensionRule, Limit, PauseKind, Signal,
    SignalPolicy, StartRule, Step, Tick,
};

fn art42(started: &str) -> Clock {
    Clock::new(Limit::working_days(20), t(started))
        .with_extension_rule(ExtensionRule {
            max_count: 1,
            max_total: Some(10),
        })
        .unwrap()
}

fn ext(at: &str, amount: u32) -> Extension {
    Extension {
        at: t(at),
        amount,
        approver: "head-001".into(),
        reason: "需要现场核查".into(),
    }
}

#[test]
fn art42_decision_within_20_working_days_of_acceptance() {
    let cal = Calendar::china();
    let clock = art42("2026-02-13T10:00:00+08:00");
    let st = clock.status(&cal, t("2026-02-13T11:00:00+08:00")).unwrap();
    assert_eq!(st.deadline_date, d(2026, 3, 19));
    assert_eq!(st.deadline, cal.local(t("2026-03-20T00:00:00+08:00")));
    assert_eq!((st.state, st.used, st.remaining), (ClockState::Running, 0, 20));
}

#[test]
fn art42_head_may_extend_once_by_10_days() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    clock.extend(&cal, ext("2026-03-10T09:00:00+08:00", 10)).unwrap();
    let st = clock.status(&cal, t("2026-03-10T10:00:00+08:00")).unwrap();
    // Mar 19 + 10 working days = Apr 2 (before the Qingming holiday, Apr 4-6).
    assert_eq!(st.deadline_date, d(2026, 4, 2));
    assert_eq!((st.budget, st.extensions), (30, 1));
    // A second extension is rejected and changes nothing.
    let before = clock.clone();
    let e = clock.extend(&cal, ext("2026-03-11T09:00:00+08:00", 5)).unwrap_err();
    assert!(e.to_string().contains("allows 1 extension"), "{e}");
    assert_eq!(clock, before);
}

#[test]
fn art42_extension_beyond_its_ceiling_is_rejected() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    let e = clock.extend(&cal, ext("2026-03-10T09:00:00+08:00", 11)).unwrap_err();
    assert!(e.to_string().contains("at most 10"), "{e}");
}

#[test]
fn art42_extension_must_be_granted_before_expiry() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    let e = clock.extend(&cal, ext("2026-03-20T09:00:00+08:00", 10)).unwrap_err();
    assert!(matches!(e, ClockError::State { .. }), "{e}");
    assert!(e.to_string().contains("expired"), "{e}");
}

#[test]
fn art42_extension_states_approver_and_reason() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    let mut x = ext("2026-03-10T09:00:00+08:00", 10);
    x.reason = " ".into();
    assert!(clock
        .extend(&cal, x.clone())
        .unwrap_err()
        .to_string()
        .contains("reason"));
    x.reason = "ok".into();
    x.approver = String::new();
    assert!(clock.extend(&cal, x).unwrap_err().to_string().contains("approver"));
}

#[test]
fn art42_joint_handling_45_days_extendable_by_15() {
    let cal = Calendar::china();
    let mut clock = Clock::new(Limit::working_days(45), t("2026-09-01T10:00:00+08:00"))
        .with_extension_rule(ExtensionRule {
            max_count: 1,
            max_total: Some(15),
        })
        .unwrap();
    let before = clock
        .status(&cal, t("2026-09-01T10:00:00+08:00"))
        .unwrap()
        .deadline_date;
    assert_eq!(before, cal.add_workdays(d(2026, 9, 1), 45).unwrap());
    clock.extend(&cal, ext("2026-10-20T09:00:00+08:00", 15)).unwrap();
    let after = clock
        .status(&cal, t("2026-10-20T10:00:00+08:00"))
        .unwrap()
        .deadline_date;
    assert_eq!(after, cal.add_workdays(before, 15).unwrap());
}

#[test]
fn art45_hearing_time_is_not_counted() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    // Hearing from Mon Mar 2 to Fri Mar 6: Mar 2 counts (the clock ran that morning), Mar 3-6 do not.
    clock
        .pause(
            PauseKind::Hearing,
            t("2026-03-02T14:00:00+08:00"),
            Some("听证告知书".into()),
        )
        .unwrap();
    let paused = clock.status(&cal, t("2026-03-04T10:00:00+08:00")).unwrap();
    assert_eq!(
        (paused.state, paused.paused),
        (ClockState::Paused, Some(PauseKind::Hearing))
    );
    assert_eq!(paused.next_change, None);
    clock.resume(t("2026-03-06T16:00:00+08:00")).unwrap();
    let st = clock.status(&cal, t("2026-03-09T10:00:00+08:00")).unwrap();
    // 4 working days (Mar 3, 4, 5, 6) excluded: Mar 19 + 4 = Mar 25.
    assert_eq!(st.deadline_date, d(2026, 3, 25));
    assert!(st.derivation.iter().any(|s| matches!(
        s,
        Step::Paused {
            kind: PauseKind::Hearing,
            ..
        }
    )));
}

/// The deadline date of a 20-working-day clock started at `started`, paused from `from` to `to`.
fn paused_deadline(cal: &Calendar, started: &str, from: &str, to: &str) -> chrono::NaiveDate {
    let mut clock = art42(started);
    clock.pause(PauseKind::ExpertReview, t(from), None).unwrap();
    clock.resume(t(to)).unwrap();
    clock.status(cal, t(to)).unwrap().deadline_date
}

#[test]
fn a_pause_of_k_whole_working_days_moves_the_deadline_by_exactly_k() {
    // docs/rules.md §2: a working day counts unless the clock was paused for the whole of it.
    let cal = Calendar::china();
    // Started Mon 2026-03-02: 20 working days end on Mon Mar 30.
    let started = "2026-03-02T10:00:00+08:00";
    let plain = art42(started).status(&cal, t(started)).unwrap().deadline_date;
    assert_eq!(plain, d(2026, 3, 30));
    let moved = |from: &str, to: &str| paused_deadline(&cal, started, from, to);
    // Tue Mar 10 and Wed Mar 11, from midnight to midnight: k = 2.
    assert_eq!(
        moved("2026-03-10T00:00:00+08:00", "2026-03-12T00:00:00+08:00"),
        d(2026, 4, 1)
    );
    // Fri Mar 13 and Mon Mar 16 across the weekend, paused Thu after hours and resumed Tue before
    // counting starts: k = 2 (Thursday ran in the morning and counts).
    assert_eq!(
        moved("2026-03-12T18:00:00+08:00", "2026-03-17T00:00:00+08:00"),
        d(2026, 4, 1)
    );
    // Friday alone, paused at its first instant, resumed on Saturday: k = 1.
    assert_eq!(
        moved("2026-03-13T00:00:00+08:00", "2026-03-14T10:00:00+08:00"),
        d(2026, 3, 31)
    );
    // Across the Qingming holiday (Apr 4-6) and a weekend, started later: Thu Apr 2, Fri Apr 3 and Tue
    // Apr 7 paused whole: k = 3.
    let started = "2026-03-30T10:00:00+08:00";
    let plain = art42(started).status(&cal, t(started)).unwrap().deadline_date;
    assert_eq!(
        paused_deadline(&cal, started, "2026-04-02T00:00:00+08:00", "2026-04-08T00:00:00+08:00"),
        cal.add_workdays(plain, 3).unwrap()
    );
    // Across the National Day block (Oct 1-7, 2026; Sat Oct 10 a makeup workday): Wed Sep 30, Thu Oct 8,
    // Fri Oct 9 and Sat Oct 10 paused whole: k = 4.
    let started = "2026-09-21T10:00:00+08:00";
    let plain = art42(started).status(&cal, t(started)).unwrap().deadline_date;
    assert_eq!(
        paused_deadline(&cal, started, "2026-09-30T00:00:00+08:00", "2026-10-11T00:00:00+08:00"),
        cal.add_workdays(plain, 4).unwrap()
    );
    // A pause within one working day, or only over a weekend, moves nothing.
    let started = "2026-03-02T10:00:00+08:00";
    assert_eq!(
        paused_deadline(&cal, started, "2026-03-10T09:00:00+08:00", "2026-03-10T17:00:00+08:00"),
        d(2026, 3, 30)
    );
    assert_eq!(
        paused_deadline(&cal, started, "2026-03-14T00:00:00+08:00", "2026-03-16T00:00:00+08:00"),
        d(2026, 3, 30)
    );
}

#[test]
fn art45_each_special_procedure_pauses_the_clock() {
    let cal = Calendar::china();
    for kind in [
        PauseKind::Hearing,
        PauseKind::Tendering,
        PauseKind::Auction,
        PauseKind::Inspection,
        PauseKind::Appraisal,
        PauseKind::ExpertReview,
        PauseKind::Correction,
        PauseKind::Other,
    ] {
        let mut clock = art42("2026-02-13T10:00:00+08:00");
        clock.pause(kind, t("2026-03-02T14:00:00+08:00"), None).unwrap();
        clock.resume(t("2026-03-06T16:00:00+08:00")).unwrap();
        let st = clock.status(&cal, t("2026-03-09T10:00:00+08:00")).unwrap();
        assert_eq!(st.deadline_date, d(2026, 3, 25), "{kind:?}");
    }
}

#[test]
fn art45_a_pause_after_expiry_does_not_revive_the_clock() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    clock
        .pause(PauseKind::ExpertReview, t("2026-03-23T10:00:00+08:00"), None)
        .unwrap();
    let st = clock.status(&cal, t("2026-03-24T10:00:00+08:00")).unwrap();
    assert_eq!((st.state, st.deadline_date), (ClockState::Overdue, d(2026, 3, 19)));
    assert!(st
        .derivation
        .iter()
        .any(|s| matches!(s, Step::PausedAfterExpiry { .. })));
}

#[test]
fn art32_one_time_notice_within_5_working_days_of_receipt() {
    let cal = Calendar::china();
    // Materials received Tue 2026-09-29; the correction notice is due by the 5th working day after.
    let clock = Clock::new(Limit::working_days(5), t("2026-09-29T15:00:00+08:00"));
    let st = clock.status(&cal, t("2026-09-29T15:00:00+08:00")).unwrap();
    assert_eq!(st.deadline_date, d(2026, 10, 12)); // Sep 30, Oct 8, 9, 10 (makeup Saturday), 12
}

#[test]
fn completion_before_the_deadline_is_on_time_and_at_it_is_late() {
    let cal = Calendar::china();
    let mut on_time = art42("2026-02-13T10:00:00+08:00");
    on_time.complete(t("2026-03-19T23:59:59+08:00")).unwrap();
    assert_eq!(
        on_time.status(&cal, t("2026-04-01T00:00:00Z")).unwrap().state,
        ClockState::CompletedOnTime
    );
    let mut late = art42("2026-02-13T10:00:00+08:00");
    late.complete(t("2026-03-20T00:00:00+08:00")).unwrap();
    let st = late.status(&cal, t("2026-04-01T00:00:00Z")).unwrap();
    assert_eq!((st.state, st.used, st.remaining), (ClockState::CompletedLate, 21, -1));
}

#[test]
fn pledged_limit_is_the_supervised_deadline() {
    let cal = Calendar::china();
    let clock = art42("2026-02-13T10:00:00+08:00")
        .with_pledged(Limit::working_days(10))
        .unwrap();
    let st = clock.status(&cal, t("2026-03-06T10:00:00+08:00")).unwrap();
    assert_eq!(st.deadline_date, cal.add_workdays(d(2026, 2, 13), 10).unwrap());
    assert_eq!(st.statutory_deadline_date, d(2026, 3, 19));
    assert_eq!(st.budget, 10);
}

#[test]
fn pledged_limit_may_not_exceed_the_statutory_limit() {
    let e = art42("2026-02-13T10:00:00+08:00")
        .with_pledged(Limit::working_days(25))
        .unwrap_err();
    assert!(e.to_string().contains("pledged.amount"), "{e}");
    let e = art42("2026-02-13T10:00:00+08:00")
        .with_pledged(Limit::natural_days(5))
        .unwrap_err();
    assert!(e.to_string().contains("pledged.unit"), "{e}");
}

fn supervised(started: &str) -> Clock {
    Clock::new(Limit::working_days(5), t(started))
        .with_signals(SignalPolicy {
            reminder_before: Some(Limit::working_days(1)),
            red_after: Some(Limit::working_days(3)),
        })
        .unwrap()
}

#[test]
fn e_supervision_reminder_one_working_day_before_the_deadline() {
    let cal = Calendar::china();
    // Started Mon 2026-03-02; deadline Mon Mar 9; reminder from the start of Fri Mar 6.
    let clock = supervised("2026-03-02T10:00:00+08:00");
    let st = clock.status(&cal, t("2026-03-05T23:59:00+08:00")).unwrap();
    assert_eq!((st.signal, st.deadline_date), (Signal::None, d(2026, 3, 9)));
    assert_eq!(st.next_change, Some(cal.local(t("2026-03-06T00:00:00+08:00"))));
    let st = clock.status(&cal, t("2026-03-06T00:00:00+08:00")).unwrap();
    assert_eq!(st.signal, Signal::Reminder);
}

#[test]
fn e_supervision_yellow_card_when_overdue() {
    let cal = Calendar::china();
    let clock = supervised("2026-03-02T10:00:00+08:00");
    let st = clock.status(&cal, t("2026-03-10T00:00:00+08:00")).unwrap();
    assert_eq!((st.state, st.signal), (ClockState::Overdue, Signal::Yellow));
}

#[test]
fn e_supervision_red_card_when_overdue_past_a_further_limit() {
    let cal = Calendar::china();
    let clock = supervised("2026-03-02T10:00:00+08:00");
    // Red after 3 more working days: end of Thu Mar 12.
    assert_eq!(
        clock.status(&cal, t("2026-03-12T23:00:00+08:00")).unwrap().signal,
        Signal::Yellow
    );
    let st = clock.status(&cal, t("2026-03-13T00:00:00+08:00")).unwrap();
    assert_eq!(st.signal, Signal::Red);
    assert_eq!(st.red_at, Some(cal.local(t("2026-03-13T00:00:00+08:00"))));
}

#[test]
fn e_supervision_red_card_when_past_the_statutory_limit() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::working_days(20), t("2026-02-13T10:00:00+08:00"))
        .with_pledged(Limit::working_days(10))
        .unwrap();
    let pledged_end = cal.add_workdays(d(2026, 2, 13), 10).unwrap();
    let yellow = clock
        .status(&cal, cal.deadline_instant(pledged_end, DeadlineEnd::EndOfDay).unwrap())
        .unwrap();
    assert_eq!(yellow.signal, Signal::Yellow);
    let red = clock.status(&cal, t("2026-03-20T00:00:00+08:00")).unwrap();
    assert_eq!(red.signal, Signal::Red);
}

#[test]
fn next_change_walks_reminder_deadline_and_red_card() {
    let cal = Calendar::china();
    let clock = supervised("2026-03-02T10:00:00+08:00");
    let mut now = t("2026-03-02T10:00:00+08:00");
    let mut seen = vec![];
    while let Some(next) = clock.next_change(&cal, now).unwrap() {
        now = next;
        seen.push(clock.status(&cal, now).unwrap().signal);
    }
    assert_eq!(seen, vec![Signal::Reminder, Signal::Yellow, Signal::Red]);
}

#[test]
fn clock_before_its_start_is_not_started() {
    let cal = Calendar::china();
    let clock = art42("2026-02-13T10:00:00+08:00");
    let st = clock.status(&cal, t("2026-02-13T09:00:00+08:00")).unwrap();
    assert_eq!((st.state, st.used), (ClockState::NotStarted, 0));
    assert_eq!(st.next_change, Some(cal.local(t("2026-02-13T10:00:00+08:00"))));
}

#[test]
fn same_day_start_rule_counts_the_acceptance_day() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::working_days(5), t("2026-03-02T10:00:00+08:00")).with_start_rule(StartRule::SameDay);
    assert_eq!(
        clock
            .status(&cal, t("2026-03-02T10:00:00+08:00"))
            .unwrap()
            .deadline_date,
        d(2026, 3, 6)
    );
}

#[test]
fn close_of_office_deadline_end() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::working_days(5), t("2026-03-02T10:00:00+08:00"))
        .with_deadline_end(DeadlineEnd::CloseOfOffice);
    let st = clock.status(&cal, t("2026-03-02T10:00:00+08:00")).unwrap();
    assert_eq!(st.deadline, cal.local(t("2026-03-09T17:30:00+08:00")));
}

#[test]
fn hotline_natural_hours_limit() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::natural_hours(2), t("2026-10-01T10:00:00+08:00"));
    let st = clock.status(&cal, t("2026-10-01T11:30:00+08:00")).unwrap();
    assert_eq!(st.deadline, cal.local(t("2026-10-01T12:00:00+08:00")));
    assert_eq!((st.tick, st.used, st.remaining), (Tick::Second, 5400, 1800));
    assert_eq!(st.share_used.to_string(), "0.75");
}

#[test]
fn working_hours_limit_skips_the_holiday() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::working_hours(4), t("2026-09-30T15:00:00+08:00"));
    let st = clock.status(&cal, t("2026-09-30T15:00:00+08:00")).unwrap();
    // 2.5 h on Sep 30 (15:00-17:30), then 1.5 h from 08:30 on Oct 8.
    assert_eq!(st.deadline, cal.local(t("2026-10-08T10:00:00+08:00")));
}

#[test]
fn zero_working_hours_limit_expires_at_its_start() {
    let cal = Calendar::china();
    let start = t("2026-03-02T13:00:00+08:00");
    let st = Clock::new(Limit::working_hours(0), start).status(&cal, start).unwrap();
    assert_eq!(st.deadline, cal.local(start));
    assert_eq!(st.state, ClockState::Overdue);
}

#[test]
fn natural_days_limit_runs_through_holidays() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::natural_days(7), t("2026-09-30T15:00:00+08:00"));
    assert_eq!(
        clock
            .status(&cal, t("2026-09-30T15:00:00+08:00"))
            .unwrap()
            .deadline_date,
        d(2026, 10, 7)
    );
}

#[test]
fn instant_decision_item_is_due_the_same_day() {
    let cal = Calendar::china();
    let clock = Clock::new(Limit::working_days(0), t("2026-03-02T10:00:00+08:00"));
    assert_eq!(
        clock
            .status(&cal, t("2026-03-02T10:00:00+08:00"))
            .unwrap()
            .deadline_date,
        d(2026, 3, 2)
    );
}

#[test]
fn commands_must_come_in_time_order_and_a_rejected_one_changes_nothing() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    clock
        .pause(PauseKind::Hearing, t("2026-03-02T14:00:00+08:00"), None)
        .unwrap();
    let before = clock.clone();
    assert!(clock.resume(t("2026-03-01T14:00:00+08:00")).is_err());
    assert!(clock
        .pause(PauseKind::Auction, t("2026-03-03T14:00:00+08:00"), None)
        .is_err());
    assert!(clock.complete(t("2026-03-03T14:00:00+08:00")).is_err());
    assert_eq!(clock, before);
    clock.resume(t("2026-03-03T14:00:00+08:00")).unwrap();
    clock.complete(t("2026-03-04T14:00:00+08:00")).unwrap();
    let done = clock.clone();
    assert!(clock
        .pause(PauseKind::Auction, t("2026-03-05T14:00:00+08:00"), None)
        .is_err());
    assert!(clock.resume(t("2026-03-05T14:00:00+08:00")).is_err());
    assert!(clock.extend(&cal, ext("2026-03-05T14:00:00+08:00", 1)).is_err());
    assert_eq!(clock, done);
}

#[test]
fn status_reads_only_what_was_recorded_by_then() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00");
    clock
        .pause(PauseKind::Hearing, t("2026-03-02T14:00:00+08:00"), None)
        .unwrap();
    clock.resume(t("2026-03-06T16:00:00+08:00")).unwrap();
    let earlier = clock.status(&cal, t("2026-02-27T10:00:00+08:00")).unwrap();
    assert_eq!(
        (earlier.state, earlier.deadline_date),
        (ClockState::Running, d(2026, 3, 19))
    );
    assert_eq!(earlier.next_change, Some(cal.local(t("2026-03-02T14:00:00+08:00"))));
}

#[test]
fn clock_round_trips_through_json_and_rejects_inconsistent_documents() {
    let cal = Calendar::china();
    let mut clock = art42("2026-02-13T10:00:00+08:00")
        .with_pledged(Limit::working_days(15))
        .unwrap();
    clock
        .pause(PauseKind::Hearing, t("2026-03-02T14:00:00+08:00"), Some("note".into()))
        .unwrap();
    clock.resume(t("2026-03-06T16:00:00+08:00")).unwrap();
    clock.extend(&cal, ext("2026-03-09T09:00:00+08:00", 10)).unwrap();
    let json = clock.to_json();
    let again = Clock::from_json(&json).unwrap();
    assert_eq!(again, clock);
    assert_eq!(again.to_json(), json);
    let cases = [
        (json.replace("\"schema\":1", "\"schema\":9"), "schema"),
        (json.replace("\"amount\":15", "\"amount\":25"), "pledged.amount"),
        (
            json.replace("2026-03-06T08:00:00Z", "2026-03-01T08:00:00Z"),
            "pauses[0].end",
        ),
        (
            json.replace("\"kind\":\"hearing\"", "\"kind\":\"picnic\""),
            "pauses[0].kind",
        ),
        (json.replace("\"limit\"", "\"limits\""), "limits"),
        (
            json.replace("\"reason\":\"需要现场核查\"", "\"reason\":\"\""),
            "extensions[0].reason",
        ),
    ];
    for (doc, field) in cases {
        assert_ne!(doc, json, "replacement for {field} did not apply");
        let e = Clock::from_json(&doc).unwrap_err();
        assert!(e.to_string().contains(field), "`{e}` should name `{field}`");
    }
}

#[test]
fn status_serializes_with_snake_case_tags_and_decimal_strings() {
    let cal = Calendar::china();
    let st = art42("2026-02-13T10:00:00+08:00")
        .status(&cal, t("2026-02-27T10:00:00+08:00"))
        .unwrap();
    let v: serde_json::Value = serde_json::to_value(&st).unwrap();
    assert_eq!(v["state"], "running");
    assert_eq!(v["deadline"], "2026-03-20T00:00:00+08:00");
    assert_eq!(v["share_used"], "0.25"); // Feb 14, 24, 25, 26, 27 of 20
    assert_eq!(v["derivation"][0]["type"], "started");
}

#[test]
fn extreme_inputs_are_errors_not_panics() {
    let cal = Calendar::china();
    let far = t("9999-12-31T23:00:00Z");
    let clock = Clock::new(Limit::natural_hours(100_000), far);
    // Representable (the deadline falls in year 10011): an answer, not a panic.
    assert!(clock.status(&cal, far).unwrap().deadline > cal.local(far));
    assert!(clock.status(&cal, t("2026-03-02T10:00:00+08:00")).is_ok());
    let huge = Clock::new(Limit::working_days(u32::MAX), t("2026-03-02T10:00:00+08:00"));
    assert!(huge
        .status(&cal, t("2026-03-02T10:00:00+08:00"))
        .unwrap_err()
        .to_string()
        .contains("limit.amount"));
    assert!(cal.add_workdays_day(20_000, i64::MAX, StartRule::NextDay).is_err());
    assert!(cal.add_workdays_day(i64::MAX, 1, StartRule::NextDay).is_err());
    assert!(cal.add_workdays_day(i64::MIN, -1, StartRule::NextDay).is_err());
    assert!(cal
        .add_working_seconds(t("2026-03-02T10:00:00+08:00"), i64::MAX)
        .is_err());
    assert!(cal
        .deadline_instant(chrono::NaiveDate::MAX, DeadlineEnd::EndOfDay)
        .is_err());
    assert_eq!(xiaoneng::date_of(i64::MAX), None);
}

#[test]
fn share_used_in_basis_points_rounds_half_up() {
    let cal = Calendar::china();
    // 5 of 20 working days used (Feb 14, 24-27): 2500 basis points; 1 of 3 natural hours: 3333.
    let st = art42("2026-02-13T10:00:00+08:00")
        .status(&cal, t("2026-02-27T10:00:00+08:00"))
        .unwrap();
    assert_eq!(st.share_used_bp(), 2500);
    let st = Clock::new(Limit::natural_hours(3), t("2026-03-02T10:00:00+08:00"))
        .status(&cal, t("2026-03-02T11:00:00+08:00"))
        .unwrap();
    assert_eq!(
        (st.share_used.to_string().as_str(), st.share_used_bp()),
        ("0.3333", 3333)
    );
    // 1 of 8 hours is 0.125 exactly; half-up at 4 places keeps it, and bp is 1250.
    let st = Clock::new(Limit::natural_hours(8), t("2026-03-02T10:00:00+08:00"))
        .status(&cal, t("2026-03-02T11:00:00+08:00"))
        .unwrap();
    assert_eq!(st.share_used_bp(), 1250);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&st.to_json()).unwrap()["share_used"],
        "0.125"
    );
}
