//! Working-day calendars (工作日历): which days count, which hours count.
//!
//! A [`Calendar`] is built once from a [`CalendarSpec`] into prefix tables, so every day-level
//! operation is two or three array reads. Dates outside the covered range are errors, never guesses.
//!
//! Counting follows the law (docs/rules.md §2): "N working days from D" is the N-th working day
//! strictly after D ([`StartRule::NextDay`]); some local rules count D itself ([`StartRule::SameDay`]).
//! [`Calendar::add_workdays_with`] owns that rule; everything else calls it.

mod batch;
pub use batch::BatchError;
mod hours;
pub(crate) mod provisional;
mod spec;

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

pub use spec::{
    BaseCalendar, CalendarSpec, DateRange, DayBlock, OfficeInterval, TimeOfDay, UtcOffset, YearNotice, CALENDAR_SCHEMA,
};

use crate::codec;
pub use crate::error::CalendarError;

/// The holiday blocks of the bundled national data, with their names (for explanations).
pub(crate) fn national_days_off() -> Vec<DayBlock> {
    spec::national().days_off
}
use crate::error::Result;

crate::names::wire_enum! {
    /// Which day a count of days starts from (docs/rules.md §2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum StartRule {
        /// The start day is not counted; N days end with the N-th day after it (Civil Code art. 201). Default.
        #[default]
        NextDay = "next_day" / "次日起算",
        /// The start day counts as the first day when it is a working day (some local rules).
        SameDay = "same_day" / "当日起算",
    }
}

crate::names::wire_enum! {
    /// Where a deadline date ends (docs/rules.md §2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum DeadlineEnd {
        /// At local midnight ending the deadline date. Default.
        #[default]
        EndOfDay = "end_of_day" / "当日24时",
        /// At the close of office hours on the deadline date.
        CloseOfOffice = "close_of_office" / "下班时间",
    }
}

/// Days since 1970-01-01 (the Unix epoch), the day numbering of numpy's `datetime64[D]` and of the C ABI.
pub type DayNumber = i64;

/// Day number of the Unix epoch counted from 0001-01-01 (chrono's `num_days_from_ce` of 1970-01-01).
const EPOCH_FROM_CE: i64 = 719_163;

/// The day number of a date.
pub fn day_number(date: NaiveDate) -> DayNumber {
    i64::from(date.num_days_from_ce()) - EPOCH_FROM_CE
}

/// The date of a day number, or `None` beyond chrono's range.
pub fn date_of(day: DayNumber) -> Option<NaiveDate> {
    day.checked_add(EPOCH_FROM_CE)
        .and_then(|d| i32::try_from(d).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Years the library accepts for dates and instants from outside (RFC 3339's range).
pub(crate) const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Checks that a date from outside lies in [`SUPPORTED_YEARS`].
pub(crate) fn check_supported_date(field: &str, date: NaiveDate) -> Result<(), CalendarError> {
    if SUPPORTED_YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(CalendarError::invalid(
            field,
            date,
            "outside the supported years 0001-9999",
        ))
    }
}

/// Checks that an instant from outside lies in [`SUPPORTED_YEARS`] and has the wire format's precision.
///
/// Instants are exchanged to the microsecond (Python's `datetime`, and what an event log written by one
/// host must give back to another): a finer fraction (nanoseconds) or a leap second (`23:59:60`, which
/// chrono keeps as a fraction of a second of one second or more) would be kept by one side and lost by
/// the other, so that a log replayed elsewhere would not give the same state. Both are refused, naming
/// the field.
#[inline]
pub(crate) fn check_supported_instant(field: &str, at: DateTime<Utc>) -> Result<(), CalendarError> {
    // `naive_utc`, not `date_naive`: the latter adds the (zero) offset with date arithmetic.
    check_supported_date(field, at.naive_utc().date())?;
    let nanos = at.timestamp_subsec_nanos();
    if nanos >= 1_000_000_000 {
        return Err(CalendarError::invalid(
            field,
            at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "a leap second (:60) is not supported: instants are exchanged to the microsecond without leap seconds",
        ));
    }
    if !nanos.is_multiple_of(1_000) {
        return Err(CalendarError::invalid(
            field,
            at.to_rfc3339_opts(SecondsFormat::Nanos, true),
            "finer than a microsecond: instants are exchanged to the microsecond",
        ));
    }
    Ok(())
}

/// Day number of 0001-01-01, the first supported day.
const MIN_SUPPORTED_DAY: DayNumber = -EPOCH_FROM_CE + 1;
/// Day number of 9999-12-31, the last supported day.
const MAX_SUPPORTED_DAY: DayNumber = 2_932_896;

/// The error of [`check_supported_date`] for a day number.
#[cold]
fn unsupported_day(day: DayNumber) -> CalendarError {
    match date_of(day) {
        Some(date) => CalendarError::invalid("date", date, "outside the supported years 0001-9999"),
        None => CalendarError::invalid("date", show_day(day), "outside the supported years 0001-9999"),
    }
}

fn show_day(day: DayNumber) -> String {
    date_of(day).map_or_else(|| format!("day number {day}"), |d| d.to_string())
}

/// A working-day calendar: covered range, day classes, office hours and UTC offset.
///
/// Immutable once built and cheap to clone (shared tables), so one calendar serves many threads.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use xiaoneng::Calendar;
///
/// let cal = Calendar::china();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // 20 working days after an acceptance on Friday 2026-02-13, just before the Spring Festival.
/// assert_eq!(cal.add_workdays(d(2026, 2, 13), 20).unwrap(), d(2026, 3, 19));
/// assert!(cal.is_workday(d(2026, 2, 14)).unwrap()); // a makeup Saturday
/// ```
#[derive(Clone)]
pub struct Calendar {
    inner: Arc<Tables>,
}

struct Tables {
    spec: CalendarSpec,
    first: DayNumber,
    /// Per covered day `i`: `(working days before day i) << 1 | (day i is a working day)`. One load gives
    /// both prefix counts a count needs, whichever the start rule.
    days: Vec<u32>,
    /// `pos[k]` = index of the k-th working day (0-based).
    pos: Vec<u32>,
    offset: FixedOffset,
    /// Office intervals as `(open, close)` seconds since local midnight, sorted, disjoint.
    office: Vec<(i64, i64)>,
    /// Office seconds in one working day.
    office_day: i64,
    /// The calendar clocks count on (this one plus the provisional years after its last notice), built
    /// on first use; `None` when there are no provisional years (see `provisional.rs`).
    clock: std::sync::OnceLock<Option<Calendar>>,
    /// The dates of the UTC days from the day before the range to the day after it (`dates[0]` is day
    /// `first - 1`): an instant the clocks compute (a deadline, a day's start) gets its date from here in
    /// one load rather than from chrono's conversion of a day number (a division into 400-year cycles and
    /// a table walk, a tenth of a clock's timing before this table).
    dates: Vec<NaiveDate>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.range();
        f.debug_struct("Calendar")
            .field("name", &self.inner.spec.name)
            .field("range", &format_args!("{}..={}", r.start, r.end))
            .field("utc_offset", &self.inner.offset)
            .finish()
    }
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
            || (self.inner.first == other.inner.first
                && self.inner.days == other.inner.days
                && self.inner.offset == other.inner.offset
                && self.inner.office == other.inner.office)
    }
}

impl Calendar {
    /// The bundled national calendar of the PRC, 2004-01-01..=2026-12-31, UTC+08:00, with the
    /// example office hours 08:30-12:00 and 14:30-17:30.
    pub fn china() -> Self {
        Self::from_spec(CalendarSpec::china()).expect("the bundled national calendar is valid")
    }

    /// Builds a calendar from its definition.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] naming the field: a wrong schema version, a missing or inverted range,
    /// a day outside the range, a date both off and worked, a notice that leaves a gap, overlapping
    /// office hours.
    pub fn from_spec(spec: CalendarSpec) -> Result<Self, CalendarError> {
        build(spec).map(|t| Calendar { inner: Arc::new(t) })
    }

    /// The definition this calendar was built from.
    pub fn spec(&self) -> &CalendarSpec {
        &self.inner.spec
    }

    /// A new calendar with one more year notice (e.g. next year's State Council arrangement, published
    /// in autumn). A notice for the year after the last covered one extends the range by that year; a
    /// notice for a covered year replaces that year's classification.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] when the notice would leave a gap or its days lie outside its year.
    pub fn with_notice(&self, notice: YearNotice) -> Result<Self, CalendarError> {
        let mut spec = self.inner.spec.clone();
        spec.notices.push(notice);
        Self::from_spec(spec)
    }

    /// The covered range (inclusive).
    pub fn range(&self) -> DateRange {
        let t = &self.inner;
        let last = t.first + t.len() as i64 - 1;
        DateRange {
            start: date_of(t.first).expect("covered dates are valid"),
            end: date_of(last).expect("covered dates are valid"),
        }
    }

    /// The calendar's offset from UTC.
    pub fn utc_offset(&self) -> FixedOffset {
        self.inner.offset
    }

    /// Office hours as `(open, close)` times of day; empty when the calendar has none.
    pub fn office_hours(&self) -> Vec<(TimeOfDay, TimeOfDay)> {
        let tod = |s: i64| TimeOfDay { seconds: s as u32 };
        self.inner.office.iter().map(|&(a, b)| (tod(a), tod(b))).collect()
    }

    /// Index of a day in the tables, or the out-of-range error naming it.
    #[inline]
    fn index(&self, day: DayNumber) -> Result<usize, CalendarError> {
        let i = day.wrapping_sub(self.inner.first);
        if (i as u64) < self.inner.len() as u64 {
            Ok(i as usize)
        } else {
            Err(self.out_of_range(format!("date {}", show_day(day))))
        }
    }

    fn out_of_range(&self, what: String) -> CalendarError {
        let r = self.range();
        CalendarError::OutOfRange {
            what,
            first: r.start,
            last: r.end,
        }
    }

    /// Whether `date` is a working day.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when `date` is not covered.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.is_workday_day(day_number(date))
    }

    /// [`Calendar::is_workday`] on a day number.
    ///
    /// # Errors
    ///
    /// As [`Calendar::is_workday`].
    #[inline]
    pub fn is_workday_day(&self, day: DayNumber) -> Result<bool, CalendarError> {
        self.inner.is_workday_fast(day).ok_or_else(|| self.day_error(day))
    }

    /// The first working day strictly after `date`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when `date` or the result is not covered.
    pub fn next_workday(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_workdays(date, 1)
    }

    /// The last working day strictly before `date`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when `date` or the result is not covered.
    pub fn previous_workday(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_workdays(date, -1)
    }

    /// The `n`-th working day strictly after `date` (n > 0), strictly before it (n < 0), or `date`
    /// itself (n = 0). This is "within n working days of `date`" under [`StartRule::NextDay`].
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when `date` or the result is not covered.
    ///
    /// # Examples
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let cal = xiaoneng::Calendar::china();
    /// // Accepted Wednesday 2026-09-30: 5 working days skip the National Day holiday (Oct 1-7).
    /// assert_eq!(cal.add_workdays(d(2026, 9, 30), 5).unwrap(), d(2026, 10, 13));
    /// assert_eq!(cal.add_workdays(d(2026, 10, 8), -1).unwrap(), d(2026, 9, 30));
    /// ```
    pub fn add_workdays(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        self.add_workdays_with(date, n, StartRule::NextDay)
    }

    /// [`Calendar::add_workdays`] under a start rule: with [`StartRule::SameDay`], a forward count
    /// includes `date` itself when it is a working day. Backward counts and zero ignore the rule.
    /// This function owns the start-day rule; clocks and deadlines call it.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when `date` or the result is not covered.
    pub fn add_workdays_with(&self, date: NaiveDate, n: i64, rule: StartRule) -> Result<NaiveDate, CalendarError> {
        let day = self.add_workdays_day(day_number(date), n, rule)?;
        Ok(date_of(day).expect("covered dates are valid"))
    }

    /// [`Calendar::add_workdays_with`] on day numbers: the O(1) kernel every other count uses.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when `day` or the result is not covered.
    #[inline]
    pub fn add_workdays_day(&self, day: DayNumber, n: i64, rule: StartRule) -> Result<DayNumber, CalendarError> {
        let fast = match rule {
            StartRule::NextDay => self.inner.add_workdays_fast::<false>(day, n),
            StartRule::SameDay => self.inner.add_workdays_fast::<true>(day, n),
        };
        fast.ok_or_else(|| self.add_workdays_error(day, n))
    }

    /// The error for a day that is not covered.
    #[cold]
    pub(crate) fn day_error(&self, day: DayNumber) -> CalendarError {
        self.out_of_range(format!("date {}", show_day(day)))
    }

    /// The error of a `workdays_between` that the kernel rejected: the first day not covered.
    #[cold]
    pub(crate) fn workdays_between_error(&self, from: DayNumber, to: DayNumber) -> CalendarError {
        match self.index(from) {
            Err(e) => e,
            Ok(_) => self.day_error(to),
        }
    }

    /// The error of an `add_workdays` that the kernel rejected.
    #[cold]
    pub(crate) fn add_workdays_error(&self, day: DayNumber, n: i64) -> CalendarError {
        match self.index(day) {
            Err(e) => e,
            Ok(_) => self.out_of_range(format!("{} working days from {}", n, show_day(day))),
        }
    }

    /// Working days `d` with `from < d <= to`; negative (the count for `to < d <= from`) when
    /// `to < from`. So `workdays_between(d, add_workdays(d, n)) == n` for every `n >= 0`, the
    /// count is antisymmetric, and counts over adjacent spans add up.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when either date is not covered.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        self.workdays_between_day(day_number(from), day_number(to), StartRule::NextDay)
    }

    /// [`Calendar::workdays_between`] on day numbers and under a start rule: with
    /// [`StartRule::SameDay`] and `from <= to`, `from` itself counts too.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] when either day is not covered.
    #[inline]
    pub fn workdays_between_day(&self, from: DayNumber, to: DayNumber, rule: StartRule) -> Result<i64, CalendarError> {
        let fast = match rule {
            StartRule::NextDay => self.inner.workdays_between_fast::<false>(from, to),
            StartRule::SameDay => self.inner.workdays_between_fast::<true>(from, to),
        };
        fast.ok_or_else(|| self.workdays_between_error(from, to))
    }

    /// `date` plus `n` natural days (negative goes back). Natural days need no calendar data.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] when the result is beyond the representable dates.
    pub fn add_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        Duration::try_days(n)
            .and_then(|d| date.checked_add_signed(d))
            .ok_or_else(|| CalendarError::invalid("n", n, format!("{date} plus {n} days is not a representable date")))
    }

    /// [`Calendar::add_days`] on day numbers.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] when `day` or the result is not a representable date.
    pub fn add_days_day(&self, day: DayNumber, n: i64) -> Result<DayNumber, CalendarError> {
        match day
            .checked_add(n)
            .filter(|r| date_of(*r).is_some() && date_of(day).is_some())
        {
            Some(r) => Ok(r),
            None => Err(CalendarError::invalid(
                "n",
                n,
                format!("{} plus {n} days is not a representable date", show_day(day)),
            )),
        }
    }

    /// The local date of an instant in this calendar's zone.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.inner.offset).date_naive()
    }

    /// The local day number of an instant ([`Calendar::local_date`] without building a date).
    pub(crate) fn local_day(&self, at: DateTime<Utc>) -> DayNumber {
        (at.timestamp() + i64::from(self.inner.offset.local_minus_utc())).div_euclid(86_400)
    }

    /// [`Calendar::start_of_day`] of a day number, by arithmetic.
    ///
    /// # Panics
    ///
    /// As [`Calendar::start_of_day`]: only within a day of chrono's limits.
    pub(crate) fn day_start(&self, day: DayNumber) -> DateTime<Utc> {
        let secs = day * 86_400 - i64::from(self.inner.offset.local_minus_utc());
        self.inner
            .instant(secs)
            .expect("midnight of a representable date is representable")
    }

    /// Whether `t` is the first instant of local day `day` ([`Calendar::day_start`] without building it).
    #[inline]
    pub(crate) fn is_day_start(&self, day: DayNumber, t: DateTime<Utc>) -> bool {
        t.timestamp_subsec_nanos() == 0
            && t.timestamp() == day * 86_400 - i64::from(self.inner.offset.local_minus_utc())
    }

    /// [`Calendar::deadline_instant`] of a day number, by arithmetic.
    ///
    /// # Errors
    ///
    /// As [`Calendar::deadline_instant`].
    pub(crate) fn deadline_instant_day(
        &self,
        day: DayNumber,
        end: DeadlineEnd,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if !(MIN_SUPPORTED_DAY..=MAX_SUPPORTED_DAY).contains(&day) {
            return Err(unsupported_day(day));
        }
        let secs = match end {
            DeadlineEnd::EndOfDay => 86_400,
            DeadlineEnd::CloseOfOffice => match self.inner.office.last() {
                Some(&(_, close)) => close,
                None => return Err(self.no_office_hours("deadline_end")),
            },
        };
        // One conversion from seconds (adding a `Duration` to the day's start converts the date twice more).
        let at = day * 86_400 - i64::from(self.inner.offset.local_minus_utc()) + secs;
        Ok(self
            .inner
            .instant(at)
            .expect("the end of a supported day is representable"))
    }

    /// An instant shown in this calendar's zone (for display and serialization).
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.inner.offset)
    }

    /// Local midnight starting `date`, as an instant.
    ///
    /// # Panics
    ///
    /// Only for dates within a day of chrono's limits (year ±262,000); every entry point that takes dates
    /// from outside checks them against the supported years 0001-9999 first.
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        self.day_start(day_number(date))
    }

    /// The instant a limit ending on `date` expires: local midnight after `date` ([`DeadlineEnd::EndOfDay`])
    /// or the close of office hours on `date` ([`DeadlineEnd::CloseOfOffice`]). An act at or after this
    /// instant is late.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Invalid`] for [`DeadlineEnd::CloseOfOffice`] on a calendar without office hours, or
    /// a date outside the years 0001-9999.
    pub fn deadline_instant(&self, date: NaiveDate, end: DeadlineEnd) -> Result<DateTime<Utc>, CalendarError> {
        self.deadline_instant_day(day_number(date), end)
    }

    fn no_office_hours(&self, field: &str) -> CalendarError {
        CalendarError::invalid(field, "close_of_office", "the calendar defines no office hours")
    }
}

impl crate::Document for Calendar {
    const SCHEMA: u32 = CALENDAR_SCHEMA;

    /// Reads a calendar definition from JSON (see [`CalendarSpec`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field path for malformed documents and unknown fields;
    /// [`CalendarError::Invalid`] for well-formed but invalid definitions.
    fn from_json(text: &str) -> Result<Self> {
        Ok(Self::from_spec(codec::from_json(text)?)?)
    }

    /// Reads a calendar definition from TOML (the same fields as JSON).
    ///
    /// # Errors
    ///
    /// As [`Calendar::from_json`].
    fn from_toml(text: &str) -> Result<Self> {
        Ok(Self::from_spec(codec::from_toml(text)?)?)
    }

    /// The definition as JSON; `Calendar::from_json(&cal.to_json())` rebuilds an equal calendar.
    fn to_json(&self) -> String {
        codec::to_json(&self.inner.spec)
    }
}

impl Tables {
    #[inline]
    fn len(&self) -> usize {
        self.days.len()
    }

    /// The instant `secs` seconds after the Unix epoch (whole seconds), its date read from [`Tables::dates`]
    /// when the day is in it; `None` beyond chrono's range.
    #[inline]
    fn instant(&self, secs: i64) -> Option<DateTime<Utc>> {
        let (day, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        match self.dates.get(day.wrapping_sub(self.first - 1) as usize) {
            Some(date) => {
                let time = NaiveTime::from_num_seconds_from_midnight_opt(sod as u32, 0)?;
                Some(date.and_time(time).and_utc())
            }
            None => DateTime::from_timestamp(secs, 0),
        }
    }

    /// The table slot of a day: its index when covered, else a number no table reaches (a day before the
    /// range wraps to a huge index), so one bounds check answers both questions.
    #[inline(always)]
    fn slot(&self, day: DayNumber) -> usize {
        day.wrapping_sub(self.first) as usize
    }

    /// Working days strictly before table index `i`, and whether day `i` is one.
    #[inline(always)]
    fn before_and_is_workday(&self, i: usize) -> (i64, i64) {
        let c = self.days[i];
        (i64::from(c >> 1), i64::from(c & 1))
    }

    /// Working days already behind a count that starts on a day with `before` working days before it
    /// and `work` = 1 if it is a working day: the start rule, in one place. `next_day` starts counting
    /// after the day (so the day itself is behind the count); `same_day` counts the day itself.
    #[inline(always)]
    fn counted_before<const SAME_DAY: bool>(before: i64, work: i64) -> i64 {
        before + if SAME_DAY { 0 } else { work }
    }

    /// The `add_workdays` kernel, `None` when the day or the result is not covered. Built for batch
    /// loops: one load of the day's entry, the sign of `n` turned into arithmetic (random signs cost no
    /// mispredictions), and bounds checks that are predictable `get`s.
    #[inline(always)]
    fn add_workdays_fast<const SAME_DAY: bool>(&self, day: DayNumber, n: i64) -> Option<DayNumber> {
        let c = *self.days.get(self.slot(day))?;
        let (before, work) = (i64::from(c >> 1), i64::from(c & 1));
        // Forward, the n-th working day after the start is at ordinal counted_before + n - 1; backward,
        // the |n|-th working day before the day is at ordinal before - |n|.
        let forward = i64::from(n > 0);
        let behind = Self::counted_before::<SAME_DAY>(before, work) - before;
        // A negative ordinal wraps to a huge index that `get` rejects like any other out-of-range one.
        let k = before.wrapping_add(n).wrapping_add(forward * (behind - 1));
        let landed = self.first + i64::from(*self.pos.get(k as usize)?);
        Some(if n == 0 { day } else { landed })
    }

    /// The `workdays_between` kernel, `None` when a day is not covered. Backward spans (`to < from`)
    /// always count as `next_day`, so the count is antisymmetric.
    #[inline(always)]
    fn workdays_between_fast<const SAME_DAY: bool>(&self, from: DayNumber, to: DayNumber) -> Option<i64> {
        let (i, j) = (self.slot(from), self.slot(to));
        let (a, b) = (*self.days.get(i)?, *self.days.get(j)?);
        let (before_i, work_i) = (i64::from(a >> 1), i64::from(a & 1));
        let through_j = i64::from(b >> 1) + i64::from(b & 1);
        let start = if j >= i {
            Self::counted_before::<SAME_DAY>(before_i, work_i)
        } else {
            Self::counted_before::<false>(before_i, work_i)
        };
        Some(through_j - start)
    }

    /// The `is_workday` kernel, `None` when the day is not covered.
    #[inline(always)]
    fn is_workday_fast(&self, day: DayNumber) -> Option<bool> {
        let c = *self.days.get(self.slot(day))?;
        Some(c & 1 == 1)
    }
}

impl Serialize for Calendar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.inner.spec.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let spec = CalendarSpec::deserialize(d)?;
        Calendar::from_spec(spec).map_err(serde::de::Error::custom)
    }
}

/// Builds the tables from a definition, validating every field.
fn build(spec: CalendarSpec) -> Result<Tables, CalendarError> {
    if spec.schema != CALENDAR_SCHEMA {
        return Err(CalendarError::invalid(
            "schema",
            spec.schema,
            format!("this library reads calendar schema {CALENDAR_SCHEMA}"),
        ));
    }
    let base = spec.base.map(|b| match b {
        BaseCalendar::China => spec::national(),
    });
    let mut range = match (&base, spec.range) {
        (_, Some(r)) if r.start > r.end => {
            return Err(CalendarError::invalid(
                "range",
                format!("{}..={}", r.start, r.end),
                "start is after end",
            ))
        }
        (Some(b), Some(r)) => {
            if r.start < b.range.start || r.end > b.range.end {
                return Err(CalendarError::invalid(
                    "range",
                    format!("{}..={}", r.start, r.end),
                    format!(
                        "with a base calendar the range may only narrow the base's {}..={}; add notices to extend it",
                        b.range.start, b.range.end
                    ),
                ));
            }
            r
        }
        (Some(b), None) => b.range,
        (None, Some(r)) => r,
        (None, None) => {
            return Err(CalendarError::invalid(
                "range",
                "absent",
                "required when there is no base calendar",
            ))
        }
    };
    check_supported_date("range.start", range.start)?;
    check_supported_date("range.end", range.end)?;
    // Notices may extend the range year by year, in any order, as long as no gap is left.
    let mut years: Vec<i32> = spec.notices.iter().map(|n| n.year).collect();
    years.sort_unstable();
    for (k, n) in spec.notices.iter().enumerate() {
        if spec::year_bounds(n.year).is_none() || !SUPPORTED_YEARS.contains(&n.year) {
            return Err(CalendarError::invalid(
                format!("notices[{k}].year"),
                n.year,
                "not a representable year",
            ));
        }
    }
    for &y in &years {
        let (first, last) = spec::year_bounds(y).expect("checked above");
        if y == range.end.year() + 1 && range.end == first.pred_opt().expect("representable") {
            range.end = last;
        } else if y == range.start.year() - 1 && range.start == last.succ_opt().expect("representable") {
            range.start = first;
        } else if first > range.end || last < range.start {
            let k = spec.notices.iter().position(|n| n.year == y).unwrap_or(0);
            return Err(CalendarError::invalid(
                format!("notices[{k}].year"),
                y,
                format!(
                    "the calendar covers {}..={}; a notice may add only the year just before or after",
                    range.start, range.end
                ),
            ));
        }
    }
    let (first, len) = {
        let f = day_number(range.start);
        let l = day_number(range.end);
        (f, usize::try_from(l - f + 1).expect("range is ordered"))
    };
    if len > 400 * 366 {
        return Err(CalendarError::invalid(
            "range",
            format!("{}..={}", range.start, range.end),
            "a calendar covers at most 400 years",
        ));
    }
    let rest = spec::weekday_mask(&spec.weekly_rest_days);
    let mut work: Vec<bool> = (0..len)
        .map(|i| !spec::is_rest(rest, date_of(first + i as i64).expect("covered")))
        .collect();
    let idx = |d: NaiveDate| (day_number(d) - first) as usize;
    let in_range = |d: NaiveDate| d >= range.start && d <= range.end;
    let set_block = |work: &mut Vec<bool>, b: &DayBlock, value: bool, clip: bool, field: &str| {
        if b.last() < b.start {
            return Err(CalendarError::invalid(
                field,
                b.last(),
                format!("end is before start {}", b.start),
            ));
        }
        let mut d = b.start;
        while d <= b.last() {
            if in_range(d) {
                work[idx(d)] = value;
            } else if !clip {
                spec::check_in(&range, d, field)?;
            }
            d = d.succ_opt().expect("representable");
        }
        Ok(())
    };
    if let Some(b) = &base {
        for blk in &b.days_off {
            set_block(&mut work, blk, false, true, "base")?;
        }
        for &d in &b.workdays {
            if in_range(d) {
                work[idx(d)] = true;
            }
        }
    }
    for (k, n) in spec.notices.iter().enumerate() {
        let (y0, y1) = spec::year_bounds(n.year).expect("checked above");
        let mut d = y0;
        while d <= y1 {
            if in_range(d) {
                work[idx(d)] = !spec::is_rest(rest, d);
            }
            d = d.succ_opt().expect("representable");
        }
        let year_range = DateRange { start: y0, end: y1 };
        for (j, blk) in n.days_off.iter().enumerate() {
            let field = format!("notices[{k}].days_off[{j}]");
            spec::check_in(&year_range, blk.start, &field)?;
            spec::check_in(&year_range, blk.last(), &field)?;
            set_block(&mut work, blk, false, false, &field)?;
        }
        for (j, &d) in n.workdays.iter().enumerate() {
            let field = format!("notices[{k}].workdays[{j}]");
            spec::check_in(&year_range, d, &field)?;
            if n.days_off.iter().any(|b| d >= b.start && d <= b.last()) {
                return Err(CalendarError::invalid(
                    field,
                    d,
                    "listed both as a day off and as a workday",
                ));
            }
            work[idx(d)] = true;
        }
    }
    for (j, blk) in spec.days_off.iter().enumerate() {
        set_block(&mut work, blk, false, false, &format!("days_off[{j}]"))?;
    }
    for (j, &d) in spec.workdays.iter().enumerate() {
        let field = format!("workdays[{j}]");
        spec::check_in(&range, d, &field)?;
        if spec.days_off.iter().any(|b| d >= b.start && d <= b.last()) {
            return Err(CalendarError::invalid(
                field,
                d,
                "listed both as a day off and as a workday",
            ));
        }
        work[idx(d)] = true;
    }
    let office_src = match (&spec.office_hours, &base) {
        (Some(o), _) => o.clone(),
        (None, Some(b)) => b.office_hours.clone(),
        (None, None) => Vec::new(),
    };
    let mut office = Vec::with_capacity(office_src.len());
    for (k, iv) in office_src.iter().enumerate() {
        let (a, b) = (i64::from(iv.start.seconds), i64::from(iv.end.seconds));
        if b <= a {
            return Err(CalendarError::invalid(
                format!("office_hours[{k}].end"),
                iv.end,
                format!("not after start {}", iv.start),
            ));
        }
        if let Some(&(_, prev)) = office.last() {
            if a < prev {
                return Err(CalendarError::invalid(
                    format!("office_hours[{k}].start"),
                    iv.start,
                    "office intervals must be in order and must not overlap",
                ));
            }
        }
        office.push((a, b));
    }
    // A `UtcOffset` built in Rust may carry seconds; the wire form (RFC 3339) cannot, so it is refused
    // rather than rounded when written.
    if spec.utc_offset.0.local_minus_utc() % 60 != 0 {
        return Err(CalendarError::invalid(
            "utc_offset",
            spec.utc_offset.0,
            "a UTC offset is whole minutes (+HH:MM); seconds are not supported",
        ));
    }
    let mut days = Vec::with_capacity(len);
    let mut pos = Vec::new();
    for (i, &w) in work.iter().enumerate() {
        days.push((pos.len() as u32) << 1 | u32::from(w));
        if w {
            pos.push(i as u32);
        }
    }
    // Every covered day's date is representable, and so are the days either side of the range.
    let dates = (first - 1..first + len as i64 + 1).filter_map(date_of).collect();
    Ok(Tables {
        dates,
        offset: spec.utc_offset.0,
        office_day: office.iter().map(|(a, b)| b - a).sum(),
        office,
        first,
        days,
        pos,
        spec,
        clock: std::sync::OnceLock::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_day_bounds_are_the_first_and_last_supported_dates() {
        assert_eq!(MIN_SUPPORTED_DAY, day_number(NaiveDate::from_ymd_opt(1, 1, 1).unwrap()));
        assert_eq!(
            MAX_SUPPORTED_DAY,
            day_number(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap())
        );
    }

    #[test]
    fn day_arithmetic_agrees_with_the_date_forms() {
        let cal = Calendar::china();
        for s in [
            "2026-09-30T15:59:59Z",
            "2026-09-30T16:00:00Z",
            "2026-09-30T16:00:00.999Z",
            "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
        ] {
            let at: DateTime<Utc> = s.parse().unwrap();
            assert_eq!(cal.local_day(at), day_number(cal.local_date(at)), "{s}");
        }
        // Against chrono's own local-time arithmetic.
        use chrono::TimeZone;
        let offset = FixedOffset::east_opt(8 * 3600).unwrap();
        for date in ["2026-10-01", "2004-01-01", "0001-01-02", "9999-12-31"] {
            let date: NaiveDate = date.parse().unwrap();
            let midnight = offset
                .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(cal.start_of_day(date), midnight);
            assert_eq!(
                cal.deadline_instant(date, DeadlineEnd::EndOfDay),
                Ok(midnight + Duration::days(1))
            );
        }
        for day in [MIN_SUPPORTED_DAY - 1, MAX_SUPPORTED_DAY + 1] {
            let err = cal.deadline_instant_day(day, DeadlineEnd::EndOfDay).unwrap_err();
            assert!(
                err.to_string().contains("outside the supported years 0001-9999"),
                "{err}"
            );
        }
    }
}
