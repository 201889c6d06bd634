//! The one place a clock's deadline, usage and signal are derived, recording each step of the derivation.
//!
//! Counting walks the timeline: from the start (under the start rule) to the first pause, from each
//! resumption (the resumption day not counted, because the day the pause began counted in full) to the
//! next pause, and so on, spending the budget. A pause that begins at or after expiry changes nothing.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{Clock, ClockError, ClockState, ClockStatus, Limit, PauseKind, Signal, TimeUnit};
use crate::calendar::provisional::{horizon_of, Horizon, NO_HORIZON};
use crate::calendar::{date_of, Calendar, CalendarError, DayNumber, DeadlineEnd, StartRule};

/// One step of a deadline's derivation (why the deadline is what it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// The clock started; counting begins under `start_rule`.
    Started {
        /// Start instant.
        #[schemars(with = "crate::codec::Instant")]
        at: DateTime<FixedOffset>,
        /// The limit counted (the pledged one when supervised).
        limit: Limit,
        /// Whether the start day counts.
        start_rule: StartRule,
    },
    /// An extension added units to the budget.
    Extended {
        /// When granted.
        #[schemars(with = "crate::codec::Instant")]
        at: DateTime<FixedOffset>,
        /// Units added.
        amount: u32,
        /// Who approved.
        approver: String,
    },
    /// Ticks counted between two instants.
    Counted {
        /// From (start or resumption).
        #[schemars(with = "crate::codec::Instant")]
        from: DateTime<FixedOffset>,
        /// To (a pause's start).
        #[schemars(with = "crate::codec::Instant")]
        to: DateTime<FixedOffset>,
        /// Ticks counted (days or seconds).
        ticks: i64,
    },
    /// A pause: its time is not counted.
    Paused {
        /// Why.
        kind: PauseKind,
        /// Pause start.
        #[schemars(with = "crate::codec::Instant")]
        from: DateTime<FixedOffset>,
        /// Resumption; absent while still paused.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "Option<crate::codec::Instant>")]
        to: Option<DateTime<FixedOffset>>,
    },
    /// A pause that began at or after expiry: it does not stop an expired clock.
    PausedAfterExpiry {
        /// Why.
        kind: PauseKind,
        /// Pause start.
        #[schemars(with = "crate::codec::Instant")]
        from: DateTime<FixedOffset>,
    },
    /// The remaining budget, spent from the last resumption (or start), ends on this date and instant.
    Deadline {
        /// Counting from.
        #[schemars(with = "crate::codec::Instant")]
        from: DateTime<FixedOffset>,
        /// Ticks left to count from there.
        ticks: i64,
        /// The last day.
        #[schemars(with = "crate::codec::IsoDate")]
        date: NaiveDate,
        /// The instant of expiry.
        #[schemars(with = "crate::codec::Instant")]
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
    /// The last day of the limit.
    day: DayNumber,
    /// The last day whose class (working or not) the deadline rests on: its own day for working units,
    /// [`NONE`] for natural ones (which read no calendar data).
    horizon: DayNumber,
    budget: i64,
    used: i64,
    open_pause: Option<PauseKind>,
    steps: Vec<Step>,
}

/// Whether counting in `unit` reads the calendar's day classes (working units do; natural ones do not).
fn reads_days(unit: TimeUnit) -> bool {
    matches!(unit, TimeUnit::WorkingDays | TimeUnit::WorkingHours)
}

/// The horizon of a figure that reads no calendar data: before every day, so `max` combines horizons.
const NONE: DayNumber = DayNumber::MIN;

/// The rule for a segment: the start rule applies to the first segment only.
fn rule_for(d: &Clock, first: bool) -> StartRule {
    if first {
        d.cfg.start_rule
    } else {
        StartRule::NextDay
    }
}

/// The day counting stops after at a pause beginning at `t`, or goes on after at a resumption at `t`: the
/// day `t` falls in, or the day before when `t` is a day's first instant. A day counts unless the clock
/// was paused for the whole of it (docs/rules.md §2): a pause from midnight leaves that day uncounted, and
/// counting resumed at midnight counts the day that begins there.
fn edge_day(cal: &Calendar, t: DateTime<Utc>) -> DayNumber {
    let day = cal.local_day(t);
    if cal.is_day_start(day, t) {
        day - 1
    } else {
        day
    }
}

/// The day a segment's counting starts from: the start day under the start rule for the first segment,
/// the resumption's [`edge_day`] after a pause.
fn from_day(cal: &Calendar, from: DateTime<Utc>, first: bool) -> DayNumber {
    if first {
        cal.local_day(from)
    } else {
        edge_day(cal, from)
    }
}

/// Ticks counted from `from` to `to` (day units: through `to`'s date; through the day before when `to`
/// begins a pause at a day's first instant, `pause`).
fn measure(
    cal: &Calendar,
    d: &Clock,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    first: bool,
    pause: bool,
) -> Result<i64, ClockError> {
    let rule = rule_for(d, first);
    let days = || {
        let to = if pause { edge_day(cal, to) } else { cal.local_day(to) };
        (from_day(cal, from, first), to)
    };
    Ok(match d.cfg.limit.unit {
        TimeUnit::WorkingDays => {
            let (from, to) = days();
            cal.workdays_between_day(from, to, rule)?
        }
        TimeUnit::NaturalDays => {
            let (from, to) = days();
            to - from + i64::from(rule == StartRule::SameDay)
        }
        TimeUnit::WorkingHours => cal.working_seconds_between(from, to)?,
        TimeUnit::NaturalHours => (to - from).num_seconds(),
    })
}

/// The last local day before an instant (the day an hour-based limit ends on).
fn last_day(cal: &Calendar, at: DateTime<Utc>) -> DayNumber {
    cal.local_day(at - Duration::seconds(1))
}

/// The date of a day the derivation produced (a covered or representable date).
fn date(day: DayNumber) -> NaiveDate {
    date_of(day).expect("the derivation produces representable dates")
}

/// Where `remaining` ticks counted from `from` run out: (expiry instant, last day).
fn end(
    cal: &Calendar,
    d: &Clock,
    from: DateTime<Utc>,
    remaining: i64,
    first: bool,
) -> Result<(DateTime<Utc>, DayNumber), ClockError> {
    let rule = rule_for(d, first);
    // With nothing left to count, the deadline is the end of the day counting resumes in (as a zero limit
    // ends with its start day).
    let start = if first || remaining == 0 {
        cal.local_day(from)
    } else {
        edge_day(cal, from)
    };
    Ok(match d.cfg.limit.unit {
        TimeUnit::WorkingDays => {
            let day = cal.add_workdays_day(start, remaining, rule)?;
            (cal.deadline_instant_day(day, d.cfg.deadline_end)?, day)
        }
        TimeUnit::NaturalDays => {
            let n = remaining - i64::from(rule == StartRule::SameDay && remaining > 0);
            let day = cal.add_days_day(start, n)?;
            (cal.deadline_instant_day(day, d.cfg.deadline_end)?, day)
        }
        TimeUnit::WorkingHours => {
            let t = cal.add_working_seconds(from, remaining)?;
            (t, last_day(cal, t))
        }
        TimeUnit::NaturalHours => {
            let t = from
                .checked_add_signed(Duration::seconds(remaining))
                .ok_or_else(|| CalendarError::invalid("limit", remaining, "deadline beyond representable instants"))?;
            (t, last_day(cal, t))
        }
    })
}

/// Walks the timeline up to `until`, spending a budget of `amount` units plus the extensions granted by then.
fn project(
    cal: &Calendar,
    d: &Clock,
    amount: u32,
    until: DateTime<Utc>,
    record: bool,
    need_used: bool,
) -> Result<Projection, ClockError> {
    let l = |t: DateTime<Utc>| cal.local(t);
    let tpu = d.cfg.limit.unit.ticks_per_unit();
    let mut steps = Steps {
        record,
        steps: Vec::new(),
    };
    steps.push(|| Step::Started {
        at: l(d.started_at),
        limit: Limit {
            unit: d.cfg.limit.unit,
            amount,
        },
        start_rule: d.cfg.start_rule,
    });
    let mut budget = i64::from(amount) * tpu;
    for x in d.extensions().iter().filter(|x| x.at <= until) {
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
    for p in d.pauses().iter().filter(|p| p.start <= until) {
        let (expiry, _) = end(cal, d, seg, remaining, first)?;
        if p.start >= expiry {
            steps.push(|| Step::PausedAfterExpiry {
                kind: p.kind,
                from: l(p.start),
            });
            break;
        }
        let used = measure(cal, d, seg, p.start, first, true)?.clamp(0, remaining);
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
                let (deadline, day) = end(cal, d, from, remaining, false)?;
                steps.push(|| Step::Deadline {
                    from: l(from),
                    ticks: remaining,
                    date: date(day),
                    at: l(deadline),
                    end: d.cfg.deadline_end,
                    projected: true,
                });
                return Ok(Projection {
                    deadline,
                    day,
                    horizon: if reads_days(d.cfg.limit.unit) { day } else { NONE },
                    budget,
                    used: budget - remaining,
                    open_pause: Some(p.kind),
                    steps: steps.steps,
                });
            }
        }
    }
    let (deadline, day) = end(cal, d, seg, remaining, first)?;
    steps.push(|| Step::Deadline {
        from: l(seg),
        ticks: remaining,
        date: date(day),
        at: l(deadline),
        end: d.cfg.deadline_end,
        projected: false,
    });
    let now_used = if need_used && until > seg {
        measure(cal, d, seg, until, first, false)?
    } else {
        0
    };
    Ok(Projection {
        deadline,
        day,
        horizon: if reads_days(d.cfg.limit.unit) { day } else { NONE },
        budget,
        used: budget - remaining + now_used.max(0),
        open_pause: None,
        steps: steps.steps,
    })
}

/// Shifts an instant by a signal threshold: back for reminders (to the start of a day for day units),
/// forward for red cards (to the end of a day for day units). With it, the last day whose class the shift
/// read: for a forward shift in a working unit, the threshold's own day; else [`NONE`] (a backward shift
/// reads days up to the deadline's, which the deadline's horizon covers).
fn shift(
    cal: &Calendar,
    d: &Clock,
    at: DateTime<Utc>,
    last: DayNumber,
    by: Limit,
    forward: bool,
) -> Result<(DateTime<Utc>, DayNumber), ClockError> {
    let n = i64::from(by.amount) * if forward { 1 } else { -1 };
    let day = |day: DayNumber| -> Result<DateTime<Utc>, ClockError> {
        Ok(if forward {
            cal.deadline_instant_day(day, d.cfg.deadline_end)?
        } else {
            cal.day_start(day)
        })
    };
    let own = |day: DayNumber| if forward { day } else { NONE };
    match by.unit {
        TimeUnit::WorkingDays => {
            let k = cal.add_workdays_day(last, n, StartRule::NextDay)?;
            Ok((day(k)?, own(k)))
        }
        TimeUnit::NaturalDays => Ok((day(cal.add_days_day(last, n)?)?, NONE)),
        TimeUnit::WorkingHours => {
            let t = cal.add_working_seconds(at, n * 3600)?;
            // The day the threshold ends on (a threshold at midnight ends the day before).
            Ok((t, own(cal.local_day(t - Duration::seconds(1)))))
        }
        TimeUnit::NaturalHours => Ok((
            at.checked_add_signed(Duration::hours(n)).ok_or_else(|| {
                ClockError::from(CalendarError::invalid(
                    "signals",
                    n,
                    "threshold beyond representable instants",
                ))
            })?,
            NONE,
        )),
    }
}

fn share(used: i64, budget: i64) -> Decimal {
    if budget <= 0 {
        return Decimal::ONE;
    }
    (Decimal::from(used) / Decimal::from(budget)).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// A clock's thresholds, and its state at the instant they were computed for. They hold from that instant
/// until the clock's next recorded event, so one computation answers for every instant in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timing {
    /// State at the instant asked about.
    pub state: ClockState,
    /// Signal at that instant.
    pub signal: Signal,
    /// The supervised deadline.
    pub deadline: DateTime<Utc>,
    /// When the reminder starts, if the policy has one.
    pub reminder_at: Option<DateTime<Utc>>,
    /// When the red card comes.
    pub red_at: Option<DateTime<Utc>>,
    /// The next instant after the one asked about at which state or signal changes.
    pub next_change: Option<DateTime<Utc>>,
    /// The last day whose class (working or not) any threshold rests on (`NO_HORIZON` when they read no
    /// calendar data: natural units). A calendar that changes no day up to it changes none of them.
    pub horizon: Horizon,
    /// Which thresholds rest on provisional days (beyond the last notice, docs/rules.md §2).
    pub provisional: Provisional,
    started_at: DateTime<Utc>,
    completed_at: Option<DateTime<Utc>>,
    paused: bool,
    /// The first recorded instant after the one asked about (where these thresholds stop holding).
    next_record: Option<DateTime<Utc>>,
}

/// Which of a clock's thresholds rest on provisional days: those after the calendar's last notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Provisional {
    /// The supervised deadline.
    pub deadline: bool,
    /// The reminder.
    pub reminder: bool,
    /// The red card.
    pub red: bool,
}

impl Timing {
    /// Whether what happens at `t` (a threshold of this clock, or a change of signal there) rests on
    /// provisional days: the reminder's or the red card's flag at their instants, else the deadline's.
    pub(crate) fn provisional_at(&self, t: DateTime<Utc>) -> bool {
        if self.red_at == Some(t) && t != self.deadline {
            self.provisional.red
        } else if self.reminder_at == Some(t) && t != self.deadline {
            self.provisional.reminder
        } else {
            self.provisional.deadline
        }
    }

    /// State and signal at `t`, from the instant these timings were computed for until the next record.
    pub(crate) fn at(&self, t: DateTime<Utc>) -> (ClockState, Signal) {
        let state = if t < self.started_at {
            ClockState::NotStarted
        } else if let Some(c) = self.completed_at.filter(|c| *c <= t) {
            if c < self.deadline {
                ClockState::CompletedOnTime
            } else {
                ClockState::CompletedLate
            }
        } else if self.paused {
            ClockState::Paused
        } else if t >= self.deadline {
            ClockState::Overdue
        } else {
            ClockState::Running
        };
        let signal = match state {
            ClockState::Running if self.reminder_at.is_some_and(|r| r <= t) => Signal::Reminder,
            ClockState::Overdue if self.red_at.is_some_and(|r| r <= t) => Signal::Red,
            ClockState::Overdue => Signal::Yellow,
            _ => Signal::None,
        };
        (state, signal)
    }

    /// Whether the clock counts at `t` (started or not yet, neither paused nor completed): when its
    /// thresholds can come.
    pub(crate) fn counts_at(&self, t: DateTime<Utc>) -> bool {
        matches!(
            self.at(t).0,
            ClockState::Running | ClockState::Overdue | ClockState::NotStarted
        )
    }

    /// The next instant after `t` at which state or signal changes: the next recorded event, or the next
    /// threshold while the clock counts.
    pub(crate) fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut next = self.next_record.filter(|r| *r > t);
        if matches!(
            self.at(t).0,
            ClockState::Running | ClockState::Overdue | ClockState::NotStarted
        ) {
            let mut consider = |x: DateTime<Utc>| {
                if x > t && next.is_none_or(|n| x < n) {
                    next = Some(x);
                }
            };
            consider(self.deadline);
            if let Some(r) = self.reminder_at {
                consider(r);
            }
            if let Some(r) = self.red_at {
                consider(r);
            }
        }
        next
    }
}

/// Everything derived at an instant, before it is presented.
struct Derived {
    timing: Timing,
    sup: Projection,
    stat_deadline: DateTime<Utc>,
    stat_day: DayNumber,
    until: DateTime<Utc>,
    /// Whether anything derived (deadlines, thresholds, usage) rests on a provisional day.
    provisional: bool,
    /// Whether the statutory deadline rests on a provisional day.
    stat_provisional: bool,
}

/// The one derivation of thresholds, state and signal at `now`; `need_used` also measures usage and
/// `record` records the steps (for [`status`]).
// Inlined into each of its three callers: the timers' `timing` is the hot one.
#[inline(always)]
fn derive(
    d: &Clock,
    official: &Calendar,
    now: DateTime<Utc>,
    record: bool,
    need_used: bool,
) -> Result<Derived, ClockError> {
    // Clocks count on the provisional days after the last notice; what rests on them says so.
    let cal = official.clock_view();
    let completed = d.completed_at.filter(|c| *c <= now);
    let until = completed.unwrap_or(now).max(d.started_at);
    let sup = project(
        cal,
        d,
        d.cfg.pledged.unwrap_or(d.cfg.limit).amount,
        until,
        record,
        need_used,
    )?;
    let (stat_deadline, stat_day, stat_horizon) = match d.cfg.pledged {
        Some(_) => {
            let p = project(cal, d, d.cfg.limit.amount, until, false, false)?;
            (p.deadline, p.day, p.horizon)
        }
        None => (sup.deadline, sup.day, sup.horizon),
    };
    // A threshold shifted from the deadline rests on the deadline's days, and on the days it counts.
    let (reminder_at, reminder_horizon) = match d.cfg.signals.reminder_before {
        Some(by) => {
            let read = if reads_days(by.unit) { sup.day } else { NONE };
            (
                Some(shift(cal, d, sup.deadline, sup.day, by, false)?.0),
                sup.horizon.max(read),
            )
        }
        None => (None, NONE),
    };
    let (mut red_at, mut red_horizon) = match d.cfg.signals.red_after {
        Some(by) => {
            let (at, own) = shift(cal, d, sup.deadline, sup.day, by, true)?;
            (Some(at), sup.horizon.max(own))
        }
        None => (None, NONE),
    };
    if d.cfg.pledged.is_some() {
        // The red card comes at the earlier of the two, and rests on both computations.
        red_at = Some(red_at.map_or(stat_deadline, |r| r.min(stat_deadline)));
        red_horizon = red_horizon.max(stat_horizon);
    }
    let horizon = sup.horizon.max(stat_horizon).max(reminder_horizon).max(red_horizon);
    // A figure is provisional when a day it rests on lies after the official calendar's last day.
    let last = official.official_last_day();
    // Mostly nothing is: one test for the common case.
    let provisional = if horizon > last {
        Provisional {
            deadline: sup.horizon > last,
            reminder: reminder_horizon > last,
            red: red_horizon > last,
        }
    } else {
        Provisional::default()
    };
    // Usage counted up to now reads the days up to now.
    let used_horizon = if need_used && reads_days(d.cfg.limit.unit) {
        cal.local_day(until)
    } else {
        NONE
    };
    let any_provisional = horizon > last || used_horizon > last;
    let mut next_record: Option<DateTime<Utc>> = None;
    let mut consider = |t: DateTime<Utc>| {
        if t > now && next_record.is_none_or(|n| t < n) {
            next_record = Some(t);
        }
    };
    consider(d.started_at);
    for p in d.pauses() {
        consider(p.start);
        p.end.map(&mut consider);
    }
    d.extensions().iter().for_each(|x| consider(x.at));
    d.completed_at.map(&mut consider);
    let mut timing = Timing {
        state: ClockState::NotStarted,
        signal: Signal::None,
        deadline: sup.deadline,
        reminder_at,
        red_at,
        next_change: None,
        horizon: if horizon == NONE {
            NO_HORIZON
        } else {
            horizon_of(horizon)
        },
        provisional,
        started_at: d.started_at,
        completed_at: completed,
        paused: sup.open_pause.is_some(),
        next_record,
    };
    (timing.state, timing.signal) = timing.at(now);
    timing.next_change = timing.next_after(now);
    Ok(Derived {
        timing,
        sup,
        stat_deadline,
        stat_day,
        until,
        provisional: any_provisional,
        stat_provisional: stat_horizon > last,
    })
}

/// A clock's deadlines as a calendar change compares them: the supervised one, and the statutory one
/// when a pledged limit sets them apart, each with whether it rests on a provisional day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadlines {
    /// The supervised deadline, and whether it is provisional.
    pub supervised: (DateTime<Utc>, bool),
    /// The statutory deadline of a clock with a pledged limit, and whether it is provisional.
    pub statutory: Option<(DateTime<Utc>, bool)>,
}

/// The deadlines at `now`.
pub(super) fn deadlines(d: &Clock, cal: &Calendar, now: DateTime<Utc>) -> Result<Deadlines, ClockError> {
    let x = derive(d, cal, now, false, false)?;
    Ok(Deadlines {
        supervised: (x.timing.deadline, x.timing.provisional.deadline),
        statutory: d.cfg.pledged.map(|_| (x.stat_deadline, x.stat_provisional)),
    })
}

/// The statutory deadline at `now` while the count toward it runs, with whether it rests on a provisional
/// day; none while a pause stops it. Derived on demand (not in [`Timing`]): only a deemed outcome at the
/// statutory deadline needs it (docs/rules.md §5 "Timeout defaults").
pub(super) fn statutory(
    d: &Clock,
    official: &Calendar,
    now: DateTime<Utc>,
) -> Result<Option<(DateTime<Utc>, bool)>, ClockError> {
    let cal = official.clock_view();
    let until = d.completed_at.filter(|c| *c <= now).unwrap_or(now).max(d.started_at);
    let p = project(cal, d, d.cfg.limit.amount, until, false, false)?;
    let provisional = p.horizon > official.official_last_day();
    Ok(p.open_pause.is_none().then_some((p.deadline, provisional)))
}

/// The thresholds and state at `now`.
pub(super) fn timing(d: &Clock, cal: &Calendar, now: DateTime<Utc>) -> Result<Timing, ClockError> {
    Ok(derive(d, cal, now, false, false)?.timing)
}

/// The status at `now`; `record` collects the derivation.
pub(super) fn status(d: &Clock, cal: &Calendar, now: DateTime<Utc>, record: bool) -> Result<ClockStatus, ClockError> {
    let Derived {
        timing,
        sup,
        stat_deadline,
        stat_day,
        until,
        provisional,
        ..
    } = derive(d, cal, now, record, true)?;
    let state = timing.state;
    let (used, budget) = if state == ClockState::NotStarted {
        (0, sup.budget)
    } else {
        (sup.used, sup.budget)
    };
    let l = |t: DateTime<Utc>| cal.local(t);
    Ok(ClockStatus {
        at: l(now),
        state,
        signal: timing.signal,
        deadline: l(sup.deadline),
        deadline_date: date(sup.day),
        statutory_deadline: l(stat_deadline),
        statutory_deadline_date: date(stat_day),
        provisional,
        unit: d.cfg.limit.unit,
        tick: d.cfg.limit.unit.tick(),
        budget,
        used,
        remaining: budget - used,
        share_used: if state == ClockState::NotStarted {
            Decimal::ZERO
        } else {
            share(used, budget)
        },
        extensions: d.extensions().iter().filter(|x| x.at <= until).count() as u32,
        paused: if state == ClockState::Paused {
            sup.open_pause
        } else {
            None
        },
        reminder_at: timing.reminder_at.map(l),
        red_at: timing.red_at.map(l),
        next_change: timing.next_change.map(l),
        derivation: sup.steps,
    })
}
