//! Working-day calendars for C: dates and day numbers (`xn_date`), the start-day and deadline-end
//! enumerations, the `xn_calendar` handle and its queries, batch calls over arrays, and office hours.

use std::ffi::c_char;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use xiaoneng::{
    date_of, day_number, BatchError, Calendar, CalendarError, DayNumber, DeadlineEnd, Document, StartRule, YearNotice,
};

use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, free_handle, new_handle, xn_buffer};

// ---------------------------------------------------------------------------------------------------
// Dates, day numbers, instants
// ---------------------------------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian), e.g. `{2026, 10, 8}`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct xn_date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
}

fn naive(d: xn_date, arg: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::from_ymd_opt(d.year, u32::from(d.month), u32::from(d.day)).ok_or_else(|| {
        Failure::invalid(
            arg,
            format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            "not a calendar date",
        )
    })
}

fn to_xn_date(d: NaiveDate) -> xn_date {
    xn_date {
        year: d.year(),
        // Both fit: chrono returns 1..=12 and 1..=31.
        month: d.month() as u8,
        day: d.day() as u8,
    }
}

pub(crate) fn date_arg(day: DayNumber, arg: &str) -> Result<NaiveDate, Failure> {
    date_of(day).ok_or_else(|| Failure::out_of_range(arg, day, "not a representable date"))
}

/// A date with a day on each side representable, so that instants of its midnight and the next one
/// can be computed without overflow.
fn inner_date_arg(day: DayNumber, arg: &str) -> Result<NaiveDate, Failure> {
    match (
        day.checked_sub(1).and_then(date_of),
        day.checked_add(1).and_then(date_of),
    ) {
        (Some(_), Some(_)) => date_arg(day, arg),
        _ => Err(Failure::out_of_range(arg, day, "not a representable date")),
    }
}

pub(crate) fn instant_arg(unix: i64, arg: &str) -> Result<DateTime<Utc>, Failure> {
    DateTime::from_timestamp(unix, 0).ok_or_else(|| Failure::out_of_range(arg, unix, "not a representable instant"))
}

/// The day number (days since 1970-01-01) of a date: `{1970, 1, 1}` is 0, `{2026, 10, 1}` is 20727.
///
/// Errors: `XN_ERR_INVALID` when `date` is not a calendar date (e.g. February 30).
///
/// # Safety
///
/// `out_day` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_date_to_day(date: xn_date, out_day: *mut i64) -> xn_status {
    boundary(|| {
        check_out!(out_day);
        let d = naive(date, "date")?;
        put!(out_day, day_number(d));
        Ok(())
    })
}

/// The date of a day number (days since 1970-01-01).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` beyond the representable dates (about +-262,000 years).
///
/// # Safety
///
/// `out_date` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_day_to_date(day: i64, out_date: *mut xn_date) -> xn_status {
    boundary(|| {
        check_out!(out_date);
        let d = date_arg(day, "day")?;
        put!(out_date, to_xn_date(d));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------------
// Enumerations passed in from C (validated: an unknown value is XN_ERR_INVALID)
// ---------------------------------------------------------------------------------------------------

/// Which day a count of working days starts from. One of `XN_START_NEXT_DAY`, `XN_START_SAME_DAY`;
/// any other value is rejected with `XN_ERR_INVALID`.
pub type xn_start_rule = i32;
/// The start day is not counted: N working days after day D end with the N-th working day after D
/// (the statutory rule, Civil Code art. 201). The default.
pub const XN_START_NEXT_DAY: xn_start_rule = 0;
/// The start day counts as the first day when it is a working day (some local rules).
pub const XN_START_SAME_DAY: xn_start_rule = 1;

fn start_rule(v: xn_start_rule) -> Result<StartRule, Failure> {
    match v {
        XN_START_NEXT_DAY => Ok(StartRule::NextDay),
        XN_START_SAME_DAY => Ok(StartRule::SameDay),
        _ => Err(Failure::invalid(
            "rule",
            v,
            "not an xn_start_rule (0 = XN_START_NEXT_DAY, 1 = XN_START_SAME_DAY)",
        )),
    }
}

/// Where a deadline day ends. One of `XN_END_OF_DAY`, `XN_END_CLOSE_OF_OFFICE`; any other value is
/// rejected with `XN_ERR_INVALID`.
pub type xn_deadline_end = i32;
/// At local midnight ending the deadline day. The default.
pub const XN_END_OF_DAY: xn_deadline_end = 0;
/// At the close of office hours on the deadline day (the calendar must define office hours).
pub const XN_END_CLOSE_OF_OFFICE: xn_deadline_end = 1;

fn deadline_end(v: xn_deadline_end) -> Result<DeadlineEnd, Failure> {
    match v {
        XN_END_OF_DAY => Ok(DeadlineEnd::EndOfDay),
        XN_END_CLOSE_OF_OFFICE => Ok(DeadlineEnd::CloseOfOffice),
        _ => Err(Failure::invalid(
            "end",
            v,
            "not an xn_deadline_end (0 = XN_END_OF_DAY, 1 = XN_END_CLOSE_OF_OFFICE)",
        )),
    }
}

// ---------------------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------------------

/// A working-day calendar (工作日历): covered range of days, which of them are working days, office
/// hours and UTC offset.
///
/// Opaque. Create with `xn_calendar_china`, `xn_calendar_from_json`, `xn_calendar_from_toml` or
/// `xn_calendar_with_notice`; free with `xn_calendar_free`. Immutable: one handle may be used by any
/// number of threads at once, without locking.
pub struct xn_calendar {
    pub(crate) cal: Calendar,
}

/// The bundled national calendar of the PRC: 2004-01-01..=2026-12-31, UTC+08:00, weekends off except
/// the State Council's makeup workdays (调休上班), every announced holiday day off, and the example office
/// hours 08:30-12:00 and 14:30-17:30. Same as `xn_calendar_from_json` of `{"schema": 1, "base": "china"}`.
///
/// On success `*out` is a new handle; free it with `xn_calendar_free`.
///
/// # Safety
///
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_china(out: *mut *mut xn_calendar) -> xn_status {
    boundary(|| {
        check_out!(out);
        let cal = Calendar::china();
        new_handle(out, xn_calendar { cal });
        Ok(())
    })
}

/// Builds a calendar from its JSON definition (`json_len` bytes of UTF-8 at `json`), e.g.
/// `{"schema": 1, "base": "china", "days_off": [{"start": "2026-03-05", "name": "local festival"}]}` or a
/// custom one with `"range": {"start": ..., "end": ...}`, `"utc_offset"`, `"weekly_rest_days"`,
/// `"notices"`, `"workdays"` and `"office_hours": [{"start": "08:30", "end": "12:00"}, ...]`.
///
/// On success `*out` is a new handle; free it with `xn_calendar_free`.
///
/// Errors: `XN_ERR_PARSE` (malformed document or unknown field, naming the field path),
/// `XN_ERR_INVALID` (e.g. a day both off and worked, overlapping office hours), `XN_ERR_UTF8`, `XN_ERR_NULL`.
///
/// # Safety
///
/// `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_from_json(
    json: *const c_char,
    json_len: usize,
    out: *mut *mut xn_calendar,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(json, json_len);
        let cal = Calendar::from_json(text)?;
        new_handle(out, xn_calendar { cal });
        Ok(())
    })
}

/// Builds a calendar from a TOML definition with the same fields as the JSON one (dates may be TOML
/// dates or strings). On success `*out` is a new handle; free it with `xn_calendar_free`.
///
/// Errors: as `xn_calendar_from_json`.
///
/// # Safety
///
/// `toml` is NULL or points to `toml_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_from_toml(
    toml: *const c_char,
    toml_len: usize,
    out: *mut *mut xn_calendar,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(toml, toml_len);
        let cal = Calendar::from_toml(text)?;
        new_handle(out, xn_calendar { cal });
        Ok(())
    })
}

/// A new calendar: `cal` plus one year notice (e.g. next year's State Council holiday arrangement,
/// published in autumn), as JSON: `{"year": 2027, "days_off": [{"start": "2027-01-01", "end":
/// "2027-01-03", "name": "元旦"}, ...], "workdays": ["2027-02-07", ...]}`. A notice for the year after the
/// last covered one extends the range by that year; a notice for a covered year replaces that year.
/// `cal` is unchanged. On success `*out` is a new handle; free it with `xn_calendar_free`.
///
/// Errors: `XN_ERR_PARSE` (naming the field), `XN_ERR_INVALID` (a gap, a day outside the notice's year,
/// a day both off and worked), `XN_ERR_UTF8`, `XN_ERR_NULL`.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `json` is NULL or points to `json_len` readable bytes; `out`
/// is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_with_notice(
    cal: *const xn_calendar,
    json: *const c_char,
    json_len: usize,
    out: *mut *mut xn_calendar,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out);
        let text = arg_str!(json, json_len);
        let notice = YearNotice::from_json(text)?;
        let cal = c.cal.with_notice(notice)?;
        new_handle(out, xn_calendar { cal });
        Ok(())
    })
}

/// The calendar's definition as JSON; `xn_calendar_from_json` of it builds an equal calendar. Fills
/// `*out` (free it with `xn_buffer_free`).
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_to_json(cal: *const xn_calendar, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out);
        fill_buffer(out, c.cal.to_json());
        Ok(())
    })
}

/// Frees a calendar handle. NULL is fine (nothing happens). Handles derived from it
/// (`xn_calendar_with_notice`) stay valid.
///
/// # Safety
///
/// `cal` is NULL or a live handle from this library, not used by any thread afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_free(cal: *mut xn_calendar) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(cal) }
}

/// The covered range as day numbers, both inclusive (the national calendar: 2004-01-01 = 12418 ..
/// 2026-12-31 = 20818). Every day-level function fails with `XN_ERR_OUT_OF_RANGE` outside it.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `first_day`, `last_day` are NULL or point to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_range(
    cal: *const xn_calendar,
    first_day: *mut i64,
    last_day: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(first_day, last_day);
        let r = c.cal.range();
        put!(first_day, day_number(r.start));
        put!(last_day, day_number(r.end));
        Ok(())
    })
}

/// The calendar's offset of local time from UTC, in seconds (China: 28800 = +08:00). Local dates of
/// instants (`xn_calendar_local_day`) and deadline instants use it.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_seconds` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_utc_offset(cal: *const xn_calendar, out_seconds: *mut i32) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_seconds);
        put!(out_seconds, c.cal.utc_offset().local_minus_utc());
        Ok(())
    })
}

/// The local day number of an instant (Unix seconds) in the calendar's zone: 2026-09-30T16:30:00Z is
/// 2026-10-01T00:30+08:00, so the national calendar puts it on day 2026-10-01.
///
/// Errors: `XN_ERR_OUT_OF_RANGE` for an instant that is not representable.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_local_day(cal: *const xn_calendar, at_unix: i64, out_day: *mut i64) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_day);
        let at = instant_arg(at_unix, "at_unix")?;
        put!(out_day, day_number(c.cal.local_date(at)));
        Ok(())
    })
}

/// Whether `day` (a day number) is a working day: a Monday-Friday that is not a holiday, or a makeup
/// workday (调休上班). Example: 2026-10-01..07 are off, Saturday 2026-10-10 is worked.
///
/// Errors: `XN_ERR_OUT_OF_RANGE` when `day` is not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_is_workday(cal: *const xn_calendar, day: i64, out: *mut bool) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out);
        put!(out, c.cal.is_workday_day(day)?);
        Ok(())
    })
}

/// `xn_calendar_is_workday` on a date.
///
/// Errors: `XN_ERR_INVALID` when `date` is not a calendar date; `XN_ERR_OUT_OF_RANGE` when not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_is_workday_ymd(
    cal: *const xn_calendar,
    date: xn_date,
    out: *mut bool,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out);
        let d = naive(date, "date")?;
        put!(out, c.cal.is_workday(d)?);
        Ok(())
    })
}

/// The `n`-th working day after `day` (n > 0), before it (n < 0), or `day` itself (n = 0), as a day
/// number. Under `XN_START_NEXT_DAY` this is "within n working days of day": 20 working days after
/// 2026-02-13 is 2026-03-19; 5 after 2026-09-30 is 2026-10-13. Under `XN_START_SAME_DAY` a forward
/// count includes `day` itself when it is a working day. Backward counts and 0 ignore the rule.
///
/// Errors: `XN_ERR_INVALID` for an unknown `rule`; `XN_ERR_OUT_OF_RANGE` when `day` or the result is
/// not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_add_workdays(
    cal: *const xn_calendar,
    day: i64,
    n: i64,
    rule: xn_start_rule,
    out_day: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_day);
        let rule = start_rule(rule)?;
        put!(out_day, c.cal.add_workdays_day(day, n, rule)?);
        Ok(())
    })
}

/// `xn_calendar_add_workdays` on dates.
///
/// Errors: as `xn_calendar_add_workdays`, and `XN_ERR_INVALID` when `date` is not a calendar date.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_date` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_add_workdays_ymd(
    cal: *const xn_calendar,
    date: xn_date,
    n: i64,
    rule: xn_start_rule,
    out_date: *mut xn_date,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_date);
        let d = naive(date, "date")?;
        let rule = start_rule(rule)?;
        put!(out_date, to_xn_date(c.cal.add_workdays_with(d, n, rule)?));
        Ok(())
    })
}

/// Working days `d` with `from < d <= to` (with `XN_START_SAME_DAY` and `from <= to`, `from` counts
/// too); negative when `to < from`. `workdays_between(d, add_workdays(d, n)) == n` for n >= 0.
///
/// Errors: `XN_ERR_INVALID` for an unknown `rule`; `XN_ERR_OUT_OF_RANGE` when a day is not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_workdays_between(
    cal: *const xn_calendar,
    from_day: i64,
    to_day: i64,
    rule: xn_start_rule,
    out: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out);
        let rule = start_rule(rule)?;
        put!(out, c.cal.workdays_between_day(from_day, to_day, rule)?);
        Ok(())
    })
}

/// `xn_calendar_workdays_between` on dates.
///
/// Errors: as `xn_calendar_workdays_between`, and `XN_ERR_INVALID` for a date that does not exist.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_workdays_between_ymd(
    cal: *const xn_calendar,
    from: xn_date,
    to: xn_date,
    rule: xn_start_rule,
    out: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out);
        let (a, b) = (naive(from, "from")?, naive(to, "to")?);
        let rule = start_rule(rule)?;
        put!(out, c.cal.workdays_between_day(day_number(a), day_number(b), rule)?);
        Ok(())
    })
}

/// The first working day strictly after `day` (e.g. after 2026-09-30 comes 2026-10-08).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` when `day` or the result is not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_next_workday(cal: *const xn_calendar, day: i64, out_day: *mut i64) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_day);
        put!(out_day, c.cal.add_workdays_day(day, 1, StartRule::NextDay)?);
        Ok(())
    })
}

/// The last working day strictly before `day` (e.g. before 2026-10-08 comes 2026-09-30).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` when `day` or the result is not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_previous_workday(
    cal: *const xn_calendar,
    day: i64,
    out_day: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_day);
        put!(out_day, c.cal.add_workdays_day(day, -1, StartRule::NextDay)?);
        Ok(())
    })
}

/// An input array of a batch call (NULL allowed when `len` is 0).
///
/// # Safety
///
/// `p` is NULL only with `len == 0`, else points to `len` readable elements.
unsafe fn in_slice<'a, T>(p: *const T, len: usize, arg: &str) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Failure::null(arg));
    }
    // SAFETY: see the function's contract; `len` was checked against isize::MAX by `check_batch`.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// An output array of a batch call (NULL allowed when `len` is 0).
///
/// # Safety
///
/// `p` is NULL only with `len == 0`, else points to `len` writable elements not overlapping any input.
unsafe fn out_slice<'a, T>(p: *mut T, len: usize, arg: &str) -> Result<&'a mut [T], Failure> {
    if len == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(Failure::null(arg));
    }
    // SAFETY: see the function's contract. `bool` outputs are written before being read.
    Ok(unsafe { std::slice::from_raw_parts_mut(p, len) })
}

/// Validates a batch's length and that the output array does not overlap an input array (which would
/// be undefined behaviour in Rust: it is reported as `XN_ERR_INVALID` instead). Inputs are day numbers
/// or counts (`i64`), named for the message.
fn check_batch<O>(len: usize, out: *const O, inputs: &[(*const i64, &str)]) -> Result<(), Failure> {
    const SIZE: usize = std::mem::size_of::<i64>();
    if len > (isize::MAX as usize) / SIZE {
        return Err(Failure::invalid("len", len, "too large for an array"));
    }
    if len == 0 {
        return Ok(());
    }
    let o = out as usize;
    let o_end = o + len * std::mem::size_of::<O>();
    for &(p, name) in inputs {
        let a = p as usize;
        let a_end = a + len * SIZE;
        if !p.is_null() && a < o_end && o < a_end {
            return Err(Failure::invalid(
                "out",
                format!("{out:p}"),
                format!("the output array overlaps the input array `{name}`"),
            ));
        }
    }
    Ok(())
}

fn batch_failure(e: BatchError, failed_index: *mut usize) -> Failure {
    if !failed_index.is_null() {
        put!(failed_index, e.index);
    }
    let f = Failure::from(e.error);
    Failure {
        message: format!("element {}: {}", e.index, f.message),
        ..f
    }
}

/// `xn_calendar_is_workday` over an array: `out[i]` = whether `days[i]` is a working day, for `i` in
/// `0..len`. Arrays may be NULL when `len` is 0; `out` must not overlap `days`.
///
/// On an element's error, returns its status, sets `*failed_index` (when not NULL) to the first failing
/// index, and leaves `out[0..failed_index)` written and the rest unspecified; the message starts with
/// `element <index>:`.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `days`/`out` point to `len` readable/writable elements;
/// `failed_index` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_is_workday_batch(
    cal: *const xn_calendar,
    days: *const i64,
    len: usize,
    out: *mut bool,
    failed_index: *mut usize,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_batch(len, out, &[(days, "days")])?;
        // SAFETY: caller's contract; lengths and overlap checked above.
        let (days, out) = unsafe { (in_slice(days, len, "days")?, out_slice(out, len, "out")?) };
        c.cal
            .is_workday_batch(days, out)
            .map_err(|e| batch_failure(e, failed_index))
    })
}

/// `xn_calendar_add_workdays` over arrays: `out[i]` = the `n[i]`-th working day from `days[i]`.
/// Arrays may be NULL when `len` is 0; `out` must not overlap `days` or `n`. Errors as in
/// `xn_calendar_is_workday_batch` (first failing index in `*failed_index`, `out` partly written).
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `days`, `n`, `out` point to `len` elements each;
/// `failed_index` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_add_workdays_batch(
    cal: *const xn_calendar,
    days: *const i64,
    n: *const i64,
    len: usize,
    rule: xn_start_rule,
    out: *mut i64,
    failed_index: *mut usize,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        let rule = start_rule(rule)?;
        check_batch(len, out, &[(days, "days"), (n, "n")])?;
        // SAFETY: caller's contract; lengths and overlap checked above.
        let (days, n, out) = unsafe {
            (
                in_slice(days, len, "days")?,
                in_slice(n, len, "n")?,
                out_slice(out, len, "out")?,
            )
        };
        c.cal
            .add_workdays_batch(days, n, rule, out)
            .map_err(|e| batch_failure(e, failed_index))
    })
}

/// `xn_calendar_workdays_between` over arrays: `out[i]` = working days in `(from[i], to[i]]`. Arrays may
/// be NULL when `len` is 0; `out` must not overlap `from` or `to`. Errors as in
/// `xn_calendar_is_workday_batch`.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `from_days`, `to_days`, `out` point to `len` elements each;
/// `failed_index` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_workdays_between_batch(
    cal: *const xn_calendar,
    from_days: *const i64,
    to_days: *const i64,
    len: usize,
    rule: xn_start_rule,
    out: *mut i64,
    failed_index: *mut usize,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        let rule = start_rule(rule)?;
        check_batch(len, out, &[(from_days, "from_days"), (to_days, "to_days")])?;
        // SAFETY: caller's contract; lengths and overlap checked above.
        let (from, to, out) = unsafe {
            (
                in_slice(from_days, len, "from_days")?,
                in_slice(to_days, len, "to_days")?,
                out_slice(out, len, "out")?,
            )
        };
        c.cal
            .workdays_between_batch(from, to, rule, out)
            .map_err(|e| batch_failure(e, failed_index))
    })
}

/// No calendar holds more office seconds than this (400 years of whole days: a calendar covers at most
/// 400 x 366 days).
const MAX_SPAN_SECONDS: i64 = (400 * 366 + 2) * 86_400;

/// The earliest instant (Unix seconds) by which `seconds` of office time have passed since `at_unix`
/// (negative goes back). With the national calendar's office hours 08:30-12:00 and 14:30-17:30, two
/// working hours (7200 s) from 2026-09-30T16:30+08:00 end at 2026-10-08T09:30+08:00. Ending exactly at
/// a close gives the close, not the next opening.
///
/// Errors: `XN_ERR_INVALID` when the calendar has no office hours; `XN_ERR_OUT_OF_RANGE` when the
/// instant's local date or the result is not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_unix` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_add_working_seconds(
    cal: *const xn_calendar,
    at_unix: i64,
    seconds: i64,
    out_unix: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_unix);
        let at = instant_arg(at_unix, "at_unix")?;
        if seconds.unsigned_abs() > MAX_SPAN_SECONDS as u64 {
            // Too far for any calendar: report it before the core's arithmetic could overflow, after
            // the errors of `at` itself (no office hours, not covered), with the core's message.
            c.cal.add_working_seconds(at, 0)?;
            let r = c.cal.range();
            return Err(CalendarError::OutOfRange {
                what: format!("{} working seconds from {}", seconds, c.cal.local(at)),
                first: r.start,
                last: r.end,
            }
            .into());
        }
        put!(out_unix, c.cal.add_working_seconds(at, seconds)?.timestamp());
        Ok(())
    })
}

/// Office seconds in `[from_unix, to_unix)`; negative when `to_unix < from_unix`.
///
/// Errors: `XN_ERR_INVALID` when the calendar has no office hours; `XN_ERR_OUT_OF_RANGE` when an
/// instant's local date is not covered.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_seconds` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_working_seconds_between(
    cal: *const xn_calendar,
    from_unix: i64,
    to_unix: i64,
    out_seconds: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_seconds);
        let (a, b) = (instant_arg(from_unix, "from_unix")?, instant_arg(to_unix, "to_unix")?);
        put!(out_seconds, c.cal.working_seconds_between(a, b)?);
        Ok(())
    })
}

/// The instant (Unix seconds) a limit whose last day is `day` expires: local midnight after `day`
/// (`XN_END_OF_DAY`) or the close of office hours on `day` (`XN_END_CLOSE_OF_OFFICE`). An act at or
/// after this instant is late. `day` need not be covered (only the UTC offset and office hours are used).
///
/// Errors: `XN_ERR_INVALID` for an unknown `end`, or `XN_END_CLOSE_OF_OFFICE` without office hours;
/// `XN_ERR_OUT_OF_RANGE` for a day that is not representable.
///
/// # Safety
///
/// `cal` is NULL or a live calendar handle; `out_unix` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_calendar_deadline_instant(
    cal: *const xn_calendar,
    day: i64,
    end: xn_deadline_end,
    out_unix: *mut i64,
) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cal);
        check_out!(out_unix);
        let end = deadline_end(end)?;
        let date = inner_date_arg(day, "day")?;
        put!(out_unix, c.cal.deadline_instant(date, end)?.timestamp());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;
    use crate::error::last_error_message as last_error;
    use xn_status::*;

    #[test]
    fn oversized_counts_are_errors_not_overflows() {
        let mut cal = ptr::null_mut();
        // SAFETY: valid out-pointers; the handle is freed below.
        unsafe {
            assert_eq!(xn_calendar_china(&mut cal), XN_OK);
            let mut out = 0i64;
            let day = 20_727; // 2026-10-01
            assert_eq!(
                xn_calendar_add_workdays(cal, day, i64::MAX, XN_START_NEXT_DAY, &mut out),
                XN_ERR_OUT_OF_RANGE
            );
            assert!(last_error().contains("9223372036854775807 working days from 2026-10-01"));
            assert_eq!(
                xn_calendar_add_workdays(cal, day, i64::MIN, XN_START_SAME_DAY, &mut out),
                XN_ERR_OUT_OF_RANGE
            );
            assert_eq!(
                xn_calendar_add_working_seconds(cal, 1_790_000_000, i64::MAX, &mut out),
                XN_ERR_OUT_OF_RANGE
            );
            assert_eq!(
                xn_calendar_deadline_instant(cal, 95_026_601, XN_END_OF_DAY, &mut out),
                XN_ERR_OUT_OF_RANGE
            );
            let (days, n) = ([day, day], [1, i64::MAX]);
            let mut outs = [0i64; 2];
            let mut failed = usize::MAX;
            assert_eq!(
                xn_calendar_add_workdays_batch(
                    cal,
                    days.as_ptr(),
                    n.as_ptr(),
                    2,
                    XN_START_NEXT_DAY,
                    outs.as_mut_ptr(),
                    &mut failed
                ),
                XN_ERR_OUT_OF_RANGE
            );
            assert_eq!(failed, 1);
            assert_eq!(outs[0], 20_734); // 2026-10-08
            xn_calendar_free(cal);
        }
    }
}
