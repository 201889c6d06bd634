//! The one place a clock's deadline, usage and signal are derived, recording each step of the derivation.
//!
//! Counting walks the timeline: from the start (under the start rule) to the first pause, from each
//! resumption (the resumption day not counted, because the day the pause began counted in full) to the
//! next pause, and so on, spending the budget. A pause that begins at or after expiry changes nothing.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{ClockDoc, ClockError, ClockState, ClockStatus, Limit, PauseKind, Signal, TimeUnit};
use crate::calendar::{date_of, day_number, Calendar, CalendarError, DeadlineEnd, StartRule};

/// One step of a deadline's derivation (why the deadline is what it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// The clock started; counting begins under `start_rule`.
    Started {
        /// Start instant.
        at: DateTime<FixedOffset>,
        /// The limit counted (the pledged one when supervised).
        limit: Limit,
        /// Whether the start day counts.
        start_rule: StartRule,
    },
    /// An extension added units to the budget.
    Extended {
        /// When granted.
        at: DateTime<FixedOffset>,
        /// Units added.
        amount: u32,
        /// Who approved.
        approver: String,
    },
    /// Ticks counted between two instants.
    Counted {
        /// From (start or resumption).
        from: DateTime<FixedOffset>,
        /// To (a pause's start).
        to: DateTime<FixedOffset>,
        /// Ticks counted (days or seconds).
        ticks: i64,
    },
    /// A pause: its time is not counted.
    Paused {
        /// Why.
        kind: PauseKind,
        /// Pause start.
        from: DateTime<FixedOffset>,
        /// Resumption; absent while still paused.
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<DateTime<FixedOffset>>,
    },
    /// A pause that began at or after expiry: it does not stop an expired clock.
    PausedAfterExpiry {
        /// Why.
        kind: PauseKind,
        /// Pause start.
        from: DateTime<FixedOffset>,
    },
    /// The remaining budget, spent from the last resumption (or start), ends on this date and instant.
    Deadline {
        /// Counting from.
        from: DateTime<FixedOffset>,
        /// Ticks left to count from there.
        ticks: i64,
        /// The last day.
        date: NaiveDate,
        /// The instant of expiry.
        at: DateTime<FixedOffset>,
        /// Where the day ends (day units).
        end: DeadlineEnd,
        /// True while paused: the deadline if counting resumed at the instant asked about.
        projected: bool,
    },
}

/// Collects the derivation when asked to; the engine's timer checks skip it (it allocates and clones).
struct Steps {
    record: bool,
    steps: Vec<Step>,
}

impl Steps {
    fn push(&mut self, step: impl FnOnce() -> Step) {
        if self.record {
            self.steps.push(step());
        }
    }
}

struct Projection {
    deadline: DateTime<Utc>,
    date: NaiveDate,
    budget: i64,
    used: i64,
    open_pause: Option<PauseKind>,
    steps: Vec<Step>,
}

/// The rule for a segment: the start rule applies to the first segment only.
fn rule_for(d: &ClockDoc, first: bool) -> StartRule {
    if first {
        d.start_rule
    } else {
        StartRule::NextDay
    }
}

/// Ticks counted from `from` to `to` (day units: through `to`'s date).
fn measure(
    cal: &Calendar,
    d: &ClockDoc,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    first: bool,
) -> Result<i64, ClockError> {
    let rule = rule_for(d, first);
    Ok(match d.limit.unit {
        TimeUnit::WorkingDays => {
            cal.workdays_between_day(day_number(cal.local_date(from)), day_number(cal.local_date(to)), rule)?
        }
        TimeUnit::NaturalDays => {
            (cal.local_date(to) - cal.local_date(from)).num_days() + i64::from(rule == StartRule::SameDay)
        }
        TimeUnit::WorkingHours => cal.working_seconds_between(from, to)?,
        TimeUnit::NaturalHours => (to - from).num_seconds(),
    })
}

/// The last local date before an instant (the date an hour-based limit ends on).
fn last_date(cal: &Calendar, at: DateTime<Utc>) -> NaiveDate {
    cal.local_date(at - Duration::seconds(1))
}

/// Where `remaining` ticks counted from `from` run out: (expiry instant, last date).
fn end(
    cal: &Calendar,
    d: &ClockDoc,
    from: DateTime<Utc>,
    remaining: i64,
    first: bool,
) -> Result<(DateTime<Utc>, NaiveDate), ClockError> {
    let rule = rule_for(d, first);
    let start = cal.local_date(from);
    Ok(match d.limit.unit {
        TimeUnit::WorkingDays => {
            let day = cal.add_workdays_day(day_number(start), remaining, rule)?;
            let date = date_of(day).expect("covered dates are valid");
            (cal.deadline_instant(date, d.deadline_end)?, date)
        }
        TimeUnit::NaturalDays => {
            let n = remaining - i64::from(rule == StartRule::SameDay && remaining > 0);
            let date = cal.add_days(start, n)?;
            (cal.deadline_instant(date, d.deadline_end)?, date)
        }
        TimeUnit::WorkingHours => {
            let t = cal.add_working_seconds(from, remaining)?;
            (t, last_date(cal, t))
        }
        TimeUnit::NaturalHours => {
            let t = from
                .checked_add_signed(Duration::seconds(remaining))
                .ok_or_else(|| CalendarError::invalid("limit", remaining, "deadline beyond representable instants"))?;
            (t, last_date(cal, t))
        }
    })
}

/// Walks the timeline up to `until`, spending a budget of `amount` units plus the extensions granted by then.
fn project(
    cal: &Calendar,
    d: &ClockDoc,
    amount: u32,
    until: DateTime<Utc>,
    record: bool,
) -> Result<Projection, ClockError> {
    let l = |t: DateTime<Utc>| cal.local(t);
    let tpu = d.limit.unit.ticks_per_unit();
    let mut steps = Steps {
        record,
        steps: Vec::new(),
    };
    steps.push(|| Step::Started {
        at: l(d.started_at),
        limit: Limit {
            unit: d.limit.unit,
            amount,
        },
        start_rule: d.start_rule,
    });
    let mut budget = i64::from(amount) * tpu;
    for x in d.extensions.iter().filter(|x| x.at <= until) {
        budget += i64::from(x.amount) * tpu;
        steps.push(|| Step::Extended {
            at: l(x.at),
            amount: x.amount,
            approver: x.approver.clone(),
        });
    }
    let mut seg = d.started_at;
    let mut first = true;
    let mut remaining = budget;
    for p in d.pauses.iter().filter(|p| p.start <= until) {
        let (expiry, _) = end(cal, d, seg, remaining, first)?;
        if p.start >= expiry {
            steps.push(|| Step::PausedAfterExpiry {
                kind: p.kind,
                from: l(p.start),
            });
            break;
        }
        let used = measure(cal, d, seg, p.start, first)?.clamp(0, remaining);
        remaining -= used;
        steps.push(|| Step::Counted {
            from: l(seg),
            to: l(p.start),
            ticks: used,
        });
        match p.end.filter(|e| *e <= until) {
            Some(e) => {
                steps.push(|| Step::Paused {
                    kind: p.kind,
                    from: l(p.start),
                    to: Some(l(e)),
                });
                seg = e;
                first = false;
            }
            None => {
                steps.push(|| Step::Paused {
                    kind: p.kind,
                    from: l(p.start),
                    to: None,
                });
                let from = until.max(p.start);
                let (deadline, date) = end(cal, d, from, remaining, false)?;
                steps.push(|| Step::Deadline {
                    from: l(from),
                    ticks: remaining,
                    date,
                    at: l(deadline),
                    end: d.deadline_end,
                    projected: true,
                });
                return Ok(Projection {
                    deadline,
                    date,
                    budget,
                    used: budget - remaining,
                    open_pause: Some(p.kind),
                    steps: steps.steps,
                });
            }
        }
    }
    let (deadline, date) = end(cal, d, seg, remaining, first)?;
    steps.push(|| Step::Deadline {
        from: l(seg),
        ticks: remaining,
        date,
        at: l(deadline),
        end: d.deadline_end,
        projected: false,
    });
    let now_used = if until > seg {
        measure(cal, d, seg, until, first)?
    } else {
        0
    };
    Ok(Projection {
        deadline,
        date,
        budget,
        used: budget - remaining + now_used.max(0),
        open_pause: None,
        steps: steps.steps,
    })
}

/// Shifts an instant by a signal threshold: back for reminders (to the start of a day for day units),
/// forward for red cards (to the end of a day for day units).
fn shift(
    cal: &Calendar,
    d: &ClockDoc,
    at: DateTime<Utc>,
    date: NaiveDate,
    by: Limit,
    forward: bool,
) -> Result<DateTime<Utc>, ClockError> {
    let n = i64::from(by.amount) * if forward { 1 } else { -1 };
    let day = |date: NaiveDate| -> Result<DateTime<Utc>, ClockError> {
        Ok(if forward {
            cal.deadline_instant(date, d.deadline_end)?
        } else {
            cal.start_of_day(date)
        })
    };
    match by.unit {
        TimeUnit::WorkingDays => day(cal.add_workdays(date, n)?),
        TimeUnit::NaturalDays => day(cal.add_days(date, n)?),
        TimeUnit::WorkingHours => Ok(cal.add_working_seconds(at, n * 3600)?),
        TimeUnit::NaturalHours => at
            .checked_add_signed(Duration::hours(n))
            .ok_or_else(|| CalendarError::invalid("signals", n, "threshold beyond representable instants").into()),
    }
}

fn share(used: i64, budget: i64) -> Decimal {
    if budget <= 0 {
        return Decimal::ONE;
    }
    (Decimal::from(used) / Decimal::from(budget)).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// The status at `now`; `record` collects the derivation.
pub(super) fn status(
    d: &ClockDoc,
    cal: &Calendar,
    now: DateTime<Utc>,
    record: bool,
) -> Result<ClockStatus, ClockError> {
    let completed = d.completed_at.filter(|c| *c <= now);
    let until = completed.unwrap_or(now).max(d.started_at);
    let sup = project(cal, d, d.pledged.unwrap_or(d.limit).amount, until, record)?;
    let statutory = match d.pledged {
        Some(_) => Some(project(cal, d, d.limit.amount, until, false)?),
        None => None,
    };
    let stat_deadline = statutory.as_ref().map_or(sup.deadline, |p| p.deadline);
    let stat_date = statutory.as_ref().map_or(sup.date, |p| p.date);
    let state = if now < d.started_at {
        ClockState::NotStarted
    } else if let Some(c) = completed {
        if c < sup.deadline {
            ClockState::CompletedOnTime
        } else {
            ClockState::CompletedLate
        }
    } else if sup.open_pause.is_some() {
        ClockState::Paused
    } else if now >= sup.deadline {
        ClockState::Overdue
    } else {
        ClockState::Running
    };
    let reminder_at = match d.signals.reminder_before {
        Some(by) => Some(shift(cal, d, sup.deadline, sup.date, by, false)?),
        None => None,
    };
    let mut red_at = match d.signals.red_after {
        Some(by) => Some(shift(cal, d, sup.deadline, sup.date, by, true)?),
        None => None,
    };
    if d.pledged.is_some() {
        red_at = Some(red_at.map_or(stat_deadline, |r| r.min(stat_deadline)));
    }
    let signal = match state {
        ClockState::Running if reminder_at.is_some_and(|r| r <= now) => Signal::Reminder,
        ClockState::Overdue if red_at.is_some_and(|r| r <= now) => Signal::Red,
        ClockState::Overdue => Signal::Yellow,
        _ => Signal::None,
    };
    // The next change: the next recorded event, or the next signal threshold while the clock counts.
    let mut candidates = vec![d.started_at];
    for p in &d.pauses {
        candidates.push(p.start);
        candidates.extend(p.end);
    }
    candidates.extend(d.extensions.iter().map(|x| x.at));
    candidates.extend(d.completed_at);
    if matches!(
        state,
        ClockState::Running | ClockState::Overdue | ClockState::NotStarted
    ) {
        candidates.push(sup.deadline);
        candidates.extend(reminder_at);
        candidates.extend(red_at);
    }
    let next_change = candidates.into_iter().filter(|t| *t > now).min();
    let (used, budget) = if state == ClockState::NotStarted {
        (0, sup.budget)
    } else {
        (sup.used, sup.budget)
    };
    let l = |t: DateTime<Utc>| cal.local(t);
    Ok(ClockStatus {
        at: l(now),
        state,
        signal,
        deadline: l(sup.deadline),
        deadline_date: sup.date,
        statutory_deadline: l(stat_deadline),
        statutory_deadline_date: stat_date,
        unit: d.limit.unit,
        tick: d.limit.unit.tick(),
        budget,
        used,
        remaining: budget - used,
        share_used: if state == ClockState::NotStarted {
            Decimal::ZERO
        } else {
            share(used, budget)
        },
        extensions: d.extensions.iter().filter(|x| x.at <= until).count() as u32,
        paused: if state == ClockState::Paused {
            sup.open_pause
        } else {
            None
        },
        reminder_at: reminder_at.map(l),
        red_at: red_at.map(l),
        next_change: next_change.map(l),
        derivation: sup.steps,
    })
}
