//! The README's main job: one licensing case across the 2026 Mid-Autumn and National Day holidays.
//!
//! An application is accepted on Tuesday 2026-09-22. The statute gives 20 working days (行政许可法 art. 42),
//! the service pledge 12. The department holds an expert review (art. 45: not counted), and the head extends
//! the statutory limit by 10 working days. We print the calendar around the holidays, then what the clock
//! says at each step, and why the deadline is what it is.
//!
//! Run: `cargo run --example national_day`

use chrono::{DateTime, Duration, NaiveDate, Utc};
use xiaoneng::{
    Calendar, Clock, ClockStatus, Document, Extension, ExtensionRule, Limit, PauseKind, SignalPolicy, Step,
};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid instant")
}

fn row(label: &str, st: &ClockStatus) {
    println!(
        "{label:<34} {:<16} {:<6} used {:>2}/{:<2} left {:>3}  supervised deadline {}  statutory {}",
        format!("{:?}", st.state),
        st.signal.label_zh(),
        st.used,
        st.budget,
        st.remaining,
        st.deadline_date,
        st.statutory_deadline_date,
    );
}

fn main() -> Result<(), xiaoneng::Error> {
    let cal = Calendar::china();
    let range = cal.range();
    println!(
        "National calendar {}..={}, UTC{}",
        range.start,
        range.end,
        cal.utc_offset()
    );
    println!("\nSeptember 18 - October 14, 2026 (W = working day, . = day off):");
    let first = NaiveDate::from_ymd_opt(2026, 9, 18).expect("valid date");
    for date in first.iter_days().take(27) {
        let mark = if cal.is_workday(date)? { "W" } else { "." };
        print!("{} {mark}  ", date.format("%m-%d %a"));
        if date.format("%a").to_string() == "Sun" {
            println!();
        }
    }
    println!("\n");

    // Accepted Tuesday 2026-09-22 at 10:00 Beijing time.
    let accepted = at("2026-09-22T10:00:00+08:00");
    let mut clock = Clock::new(Limit::working_days(20), accepted)
        .with_pledged(Limit::working_days(12))?
        .with_extension_rule(ExtensionRule {
            max_count: 1,
            max_total: Some(10),
        })?
        .with_signals(SignalPolicy {
            reminder_before: Some(Limit::working_days(1)),
            red_after: Some(Limit::working_days(3)),
        })?;

    row("accepted 09-22 10:00", &clock.status(&cal, accepted)?);
    row(
        "09-30, eve of the holiday",
        &clock.status(&cal, at("2026-09-30T12:00:00+08:00"))?,
    );
    row(
        "10-05, inside the holiday",
        &clock.status(&cal, at("2026-10-05T12:00:00+08:00"))?,
    );

    clock.pause(
        PauseKind::ExpertReview,
        at("2026-10-09T15:00:00+08:00"),
        Some("专家评审 notice delivered to the applicant".into()),
    )?;
    row(
        "10-12, expert review under way",
        &clock.status(&cal, at("2026-10-12T12:00:00+08:00"))?,
    );
    clock.resume(at("2026-10-14T11:00:00+08:00"))?;
    row(
        "10-14, review done",
        &clock.status(&cal, at("2026-10-14T12:00:00+08:00"))?,
    );

    clock.extend(
        &cal,
        Extension {
            at: at("2026-10-15T09:00:00+08:00"),
            amount: 10,
            approver: "head-001".into(),
            reason: "site inspection needed (需要现场核查)".into(),
        },
    )?;
    let st = clock.status(&cal, at("2026-10-15T10:00:00+08:00"))?;
    row("10-15, extended by 10 days", &st);
    if let Some(reminder) = st.reminder_at {
        row("reminder starts", &clock.status(&cal, reminder.with_timezone(&Utc))?);
    }
    let overdue = st.deadline.with_timezone(&Utc) + Duration::hours(1);
    row("an hour after the deadline", &clock.status(&cal, overdue)?);
    if let Some(red) = clock.status(&cal, overdue)?.red_at {
        row("red card", &clock.status(&cal, red.with_timezone(&Utc))?);
    }

    println!(
        "\nWhy the supervised deadline is {} ({}):",
        st.deadline_date, st.deadline
    );
    for step in &st.derivation {
        match step {
            Step::Started { at, limit, start_rule } => println!(
                "  started {at}: {} {} (start rule {start_rule:?})",
                limit.amount,
                limit.unit.label_zh()
            ),
            Step::Extended { at, amount, approver } => println!("  +{amount} by {approver} at {at}"),
            Step::Counted { from, to, ticks } => println!("  counted {ticks} working days from {from} to {to}"),
            Step::Paused { kind, from, to } => println!(
                "  paused for {} from {from} to {}: not counted",
                kind.label_zh(),
                to.map_or("now".into(), |t| t.to_string())
            ),
            Step::PausedAfterExpiry { kind, from } => {
                println!("  {} from {from} began after expiry: no effect", kind.label_zh())
            }
            Step::Deadline {
                from, ticks, date, at, ..
            } => {
                println!("  {ticks} working days left from {from}: last day {date}, expires {at}")
            }
        }
    }

    clock.complete(at("2026-10-28T16:00:00+08:00"))?;
    row(
        "\ndecided 10-28 16:00",
        &clock.status(&cal, at("2026-11-01T00:00:00+08:00"))?,
    );
    println!("\nThe clock as JSON (what a host stores):\n{}", clock.to_json());
    Ok(())
}
