//! Working-hours arithmetic on instants: office hours on working days, across nights, weekends and holidays.
//!
//! One cumulative function `F(t)` (office seconds from the start of the covered range up to `t`) and its
//! inverse do all the work: `working_seconds_between(a, b) = F(b) - F(a)`, and adding `s` seconds finds the
//! earliest instant where `F` reaches `F(a) + s`. Instants are taken to the second.

use chrono::{DateTime, Duration, Utc};

use super::{Calendar, CalendarError};

impl Calendar {
    /// Office seconds from the start of the covered range up to `at`.
    fn office_elapsed(&self, at: DateTime<Utc>, field: &str) -> Result<i64, CalendarError> {
        let t = &*self.inner;
        if t.office.is_empty() {
            return Err(CalendarError::invalid(
                field,
                at,
                "the calendar defines no office hours",
            ));
        }
        let local = at.timestamp() + i64::from(t.offset.local_minus_utc());
        let day = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400);
        let i = self
            .index(day)
            .map_err(|_| self.out_of_range(format!("instant {}", self.local(at))))?;
        let (before, work) = t.before_and_is_workday(i);
        let mut total = before * t.office_day;
        if work == 1 {
            total += t.office.iter().map(|&(a, b)| (sod - a).clamp(0, b - a)).sum::<i64>();
        }
        Ok(total)
    }

    /// The earliest instant at which [`Calendar::office_elapsed`] reaches `target`.
    fn office_instant(&self, target: i64, what: impl FnOnce() -> String) -> Result<DateTime<Utc>, CalendarError> {
        let t = &*self.inner;
        let w = t.office_day;
        let (k, r) = (target.div_euclid(w), target.rem_euclid(w));
        // Landing exactly on a day's total is the close of that day, not the opening of the next.
        let (k, r) = if r == 0 && k > 0 { (k - 1, w) } else { (k, r) };
        let idx = match usize::try_from(k).ok().and_then(|k| t.pos.get(k)) {
            Some(&p) => p,
            None => return Err(self.out_of_range(what())),
        };
        let mut before = 0;
        let mut sod = t.office[0].0;
        for &(a, b) in &t.office {
            if r <= before + (b - a) {
                sod = a + (r - before);
                break;
            }
            before += b - a;
        }
        let local = (t.first + i64::from(idx)) * 86_400 + sod;
        let utc = local - i64::from(t.offset.local_minus_utc());
        Ok(DateTime::from_timestamp(utc, 0).expect("covered instants are representable"))
    }

    /// Working (office) time between two instants: office seconds in `[from, to)`, negative when `to < from`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] when the calendar has no office hours; [`CalendarError::OutOfRange`]
    /// when an instant's local date is not covered.
    pub fn working_seconds_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64, CalendarError> {
        Ok(self.office_elapsed(to, "to")? - self.office_elapsed(from, "from")?)
    }

    /// [`Calendar::working_seconds_between`] as a [`Duration`].
    ///
    /// # Errors
    ///
    /// As [`Calendar::working_seconds_between`].
    pub fn working_hours_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Duration, CalendarError> {
        self.working_seconds_between(from, to).map(Duration::seconds)
    }

    /// The earliest instant by which `seconds` of office time have passed since `from` (negative goes
    /// back). With office hours 08:30-12:00 and 14:30-17:30, two working hours from 16:30 on a Friday
    /// end at 09:30 on the next working day; ending exactly at a close gives the close, not the next opening.
    /// Adding zero returns `from` itself, in or out of office hours.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] when the calendar has no office hours; [`CalendarError::OutOfRange`]
    /// when `from` or the result is not covered.
    pub fn add_working_seconds(&self, from: DateTime<Utc>, seconds: i64) -> Result<DateTime<Utc>, CalendarError> {
        let start = self.office_elapsed(from, "from")?;
        if seconds == 0 {
            // Outside office hours the earliest instant with the same office time is the last close,
            // which lies before `from`: adding nothing must not go back in time.
            return Ok(from);
        }
        let target = start
            .checked_add(seconds)
            .ok_or_else(|| CalendarError::invalid("seconds", seconds, "too large"))?;
        self.office_instant(target, || {
            format!("{} working seconds from {}", seconds, self.local(from))
        })
    }

    /// [`Calendar::add_working_seconds`] with a [`Duration`] (whole seconds).
    ///
    /// # Errors
    ///
    /// As [`Calendar::add_working_seconds`].
    pub fn add_working_hours(&self, from: DateTime<Utc>, amount: Duration) -> Result<DateTime<Utc>, CalendarError> {
        self.add_working_seconds(from, amount.num_seconds())
    }
}
