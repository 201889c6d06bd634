//! C ABI of xiaoneng (效能): working-day calendars, time-limit clocks, policies, organisations, catalogs and
//! the case-handling engine, for C and anything that calls C.
//!
//! The header `include/xiaoneng.h` is generated from this file by cbindgen (`bindings/c/cbindgen.toml`)
//! and committed; `scripts/check-header` fails when it is stale. Its preamble states the conventions:
//! opaque handles, `xn_status` return codes, out-pointers written only on success, a thread-local last
//! error message, owned buffers, (pointer, length) UTF-8 strings, day numbers and Unix seconds.
//!
//! Every entry point runs behind a panic boundary ([`std::panic::catch_unwind`] -> `XN_ERR_PANIC`) and
//! checks its pointers (`XN_ERR_NULL`, naming the argument), so no panic and no null dereference ever
//! reaches the host.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
// The exported names are C names (`xn_calendar`, `XN_OK`), on purpose.
#![allow(non_camel_case_types)]

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use xiaoneng::{
    date_of, day_number, BatchError, Calendar, CalendarError, Clock, ClockError, ClockState, ClockStatus, DayNumber,
    DeadlineEnd, Document, Error, ErrorCode, Extension, PauseKind, Signal, StartRule, Tick, TimeUnit, YearNotice,
};

/// Version of this C ABI. It changes only when an existing function, type or value changes meaning or
/// layout; additions keep it. Compare with `xn_abi_version()` at run time to detect a mismatched library.
pub const XN_ABI_VERSION: u32 = 1;

// ---------------------------------------------------------------------------------------------------
// Status codes and the last error
// ---------------------------------------------------------------------------------------------------

/// Result of every fallible call. The values are stable and never change meaning.
///
/// `XN_ERR_PARSE` .. `XN_ERR_STATE` are the core library's error codes (the same numbers in Rust
/// and Python). On any value other than `XN_OK`, `xn_last_error()` describes what failed.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum xn_status {
    /// Success.
    XN_OK = 0,
    /// A required pointer argument was NULL; the message names the argument.
    XN_ERR_NULL = 1,
    /// A JSON or TOML document is malformed, or has an unknown or mistyped field; the message names
    /// the field path (e.g. `notices[0].days_off[1].start`).
    XN_ERR_PARSE = 2,
    /// A value is well-formed but not allowed (an invalid date, an unknown enum value, a limit too
    /// large, an extension the rule forbids, ...); the message names the field or argument.
    XN_ERR_INVALID = 3,
    /// A date lies outside the calendar's covered range, or a result would (e.g. the national calendar
    /// covers 2004-01-01..=2026-12-31 until a notice for 2027 is added).
    XN_ERR_OUT_OF_RANGE = 4,
    /// The command is not allowed in the clock's current state (resume when not paused, any command
    /// after completion, a command earlier than the last recorded one, an extension after expiry).
    XN_ERR_STATE = 5,
    /// A string argument is not valid UTF-8; the message gives the byte offset.
    XN_ERR_UTF8 = 6,
    /// An internal error (a Rust panic) was caught at the boundary. Nothing was changed. Please report it.
    XN_ERR_PANIC = 7,
    /// A caller-supplied character buffer is too small for the text to be copied into it (e.g. the
    /// staff id of `xn_org_acting_holder_info`). The function wrote the needed length (bytes, without
    /// the NUL) to its length out-pointer and nothing else; call again with at least that length + 1.
    XN_ERR_BUFFER_TOO_SMALL = 8,
    /// An unknown case, record, item or actor (HTTP 404 for a portal). `xn_last_error_field()` names
    /// the field (`case`, `item`, `actor`, ...).
    XN_ERR_NOT_FOUND = 9,
    /// The actor lacks the post, role or unit the action needs (HTTP 403). The field is `actor`.
    XN_ERR_FORBIDDEN = 10,
}

use xn_status::*;

fn status_of(code: ErrorCode) -> xn_status {
    match code {
        ErrorCode::Parse => XN_ERR_PARSE,
        ErrorCode::InvalidInput => XN_ERR_INVALID,
        ErrorCode::OutOfRange => XN_ERR_OUT_OF_RANGE,
        ErrorCode::InvalidState => XN_ERR_STATE,
        ErrorCode::NotFound => XN_ERR_NOT_FOUND,
        ErrorCode::Forbidden => XN_ERR_FORBIDDEN,
    }
}

/// A failed call: its status and message.
pub(crate) struct Failure {
    pub(crate) status: xn_status,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn null(arg: &str) -> Self {
        Failure {
            status: XN_ERR_NULL,
            message: format!("null pointer: `{arg}` must not be NULL"),
        }
    }

    /// The core's [`Error::Invalid`]: "invalid `field` = value: reason".
    pub(crate) fn invalid(field: &str, value: impl std::fmt::Display, reason: impl std::fmt::Display) -> Self {
        Error::Invalid(xiaoneng::FieldError::new(field, value, reason.to_string())).into()
    }

    /// [`Failure::invalid`] with `XN_ERR_OUT_OF_RANGE`: a day number or instant that is not representable.
    fn out_of_range(field: &str, value: impl std::fmt::Display, reason: impl std::fmt::Display) -> Self {
        Failure {
            status: XN_ERR_OUT_OF_RANGE,
            ..Failure::invalid(field, value, reason)
        }
    }

    /// A value that did not serialize: an internal error (the library's types always do).
    pub(crate) fn json(e: serde_json::Error) -> Self {
        Failure {
            status: XN_ERR_PANIC,
            message: format!("internal error: cannot write JSON: {e}"),
        }
    }
}

/// Compact JSON of a value the core has no `to_json` for (an `Acting`, a `ServiceItem`, events, views).
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(Failure::json)
}

/// Frees a handle made with `Box::into_raw`; NULL is fine. Behind the panic boundary like every entry.
///
/// # Safety
///
/// `handle` is NULL or a live handle of type `T` from this library, not used afterwards.
pub(crate) unsafe fn free_handle<T>(handle: *mut T) {
    let _ = boundary(|| {
        if !handle.is_null() {
            // SAFETY: guaranteed by the caller (a live Box::into_raw handle, freed once).
            drop(unsafe { Box::from_raw(handle) });
        }
        Ok(())
    });
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            status: status_of(e.code()),
            message: e.to_string(),
        }
    }
}

impl From<CalendarError> for Failure {
    fn from(e: CalendarError) -> Self {
        Error::from(e).into()
    }
}

impl From<ClockError> for Failure {
    fn from(e: ClockError) -> Self {
        Error::from(e).into()
    }
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn set_last_error(message: String) {
    let c = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // `try_with`: during thread teardown the slot may be gone; then the message is dropped.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = c;
        }
    });
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// The panic boundary every fallible entry point runs behind: runs `f`, records the message of a
/// failure as this thread's last error, and turns a panic into `XN_ERR_PANIC`.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Failure>) -> xn_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => XN_OK,
        Ok(Err(e)) => {
            set_last_error(e.message);
            e.status
        }
        Err(payload) => {
            let msg = panic_message(&*payload);
            // Dropping a payload can itself panic (in theory); keep that inside the boundary too.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            set_last_error(format!("internal error (Rust panic: {msg}); nothing was changed"));
            XN_ERR_PANIC
        }
    }
}

/// A shared reference from a pointer argument, or `XN_ERR_NULL` naming the argument.
macro_rules! arg_ref {
    ($p:ident) => {
        // SAFETY: the caller passes NULL or a pointer to a live object of this type (header conventions).
        match unsafe { $p.as_ref() } {
            Some(r) => r,
            None => return Err(Failure::null(stringify!($p))),
        }
    };
}

/// An exclusive reference from a pointer argument, or `XN_ERR_NULL` naming the argument.
macro_rules! arg_mut {
    ($p:ident) => {
        // SAFETY: the caller passes NULL or a pointer to a live object not used concurrently (header).
        match unsafe { $p.as_mut() } {
            Some(r) => r,
            None => return Err(Failure::null(stringify!($p))),
        }
    };
}

/// Checks that out-pointers are not NULL (before any work, so a NULL changes nothing).
macro_rules! check_out {
    ($($p:ident),+) => {
        $(if $p.is_null() {
            return Err(Failure::null(stringify!($p)));
        })+
    };
}

/// Writes a result through an out-pointer already checked by `check_out!`.
macro_rules! put {
    ($p:ident, $v:expr) => {
        // SAFETY: checked non-NULL; the caller passes a pointer to writable, aligned memory (header).
        unsafe { $p.write($v) }
    };
}

/// Writes a new handle (`Box::into_raw`, freed by `free_handle`) through an out-pointer already checked
/// by `check_out!`.
pub(crate) fn new_handle<T>(out: *mut *mut T, handle: T) {
    put!(out, Box::into_raw(Box::new(handle)));
}

/// A UTF-8 string argument given as (pointer, length), or `XN_ERR_NULL` / `XN_ERR_UTF8` naming the
/// argument (the pointer's name, or `$name` when a helper takes it for several entry points).
macro_rules! arg_str {
    ($p:ident, $len:ident) => {
        arg_str!($p, $len, stringify!($p))
    };
    ($p:ident, $len:ident, $name:expr) => {{
        if $p.is_null() {
            return Err(Failure::null($name));
        }
        // SAFETY: non-NULL; the caller passes `$len` readable bytes (header conventions).
        let bytes = unsafe { std::slice::from_raw_parts($p.cast::<u8>(), $len) };
        $crate::utf8(bytes, $name)?
    }};
}

fn utf8<'a>(bytes: &'a [u8], arg: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| Failure {
        status: XN_ERR_UTF8,
        message: format!("invalid UTF-8 in `{arg}` at byte {}: {e}", e.valid_up_to()),
    })
}

/// The message of the most recent failed call on this thread, NUL-terminated; `""` when no call on
/// this thread has failed yet. Successful calls do not clear it, so read it right after a status other
/// than `XN_OK`. The pointer stays valid until the next `xn_` call on this thread; never free it.
#[no_mangle]
pub extern "C" fn xn_last_error() -> *const c_char {
    static EMPTY: &CStr = c"";
    catch_unwind(|| {
        LAST_ERROR
            .try_with(|slot| slot.try_borrow().map(|s| s.as_ptr()).unwrap_or(EMPTY.as_ptr()))
            .unwrap_or(EMPTY.as_ptr())
    })
    .unwrap_or(EMPTY.as_ptr())
}

/// The ABI version of the loaded library (`XN_ABI_VERSION` of the header it was built with).
#[no_mangle]
pub extern "C" fn xn_abi_version() -> u32 {
    XN_ABI_VERSION
}

/// The library's version, e.g. `"0.1.0"`: a static NUL-terminated string; never free it.
#[no_mangle]
pub extern "C" fn xn_version() -> *const c_char {
    static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };
    VERSION.as_ptr()
}

// ---------------------------------------------------------------------------------------------------
// Buffers
// ---------------------------------------------------------------------------------------------------

/// A byte buffer owned by the library, returned by the `*_json` functions.
///
/// `data` holds `len` bytes of UTF-8 text followed by a NUL byte (not counted in `len`), so it can be
/// used as a C string. Free it with `xn_buffer_free`. A zeroed buffer (`{NULL, 0}`) is empty and may be
/// freed too. Functions that fill a buffer overwrite it without freeing what it held.
#[repr(C)]
#[derive(Debug)]
pub struct xn_buffer {
    /// The text, NUL-terminated; NULL when empty.
    pub data: *mut c_char,
    /// Length in bytes, without the terminating NUL.
    pub len: usize,
}

pub(crate) fn fill_buffer(out: *mut xn_buffer, text: String) {
    let mut bytes = text.into_bytes();
    bytes.push(0);
    let boxed = bytes.into_boxed_slice();
    let len = boxed.len() - 1;
    let data = Box::into_raw(boxed).cast::<c_char>();
    put!(out, xn_buffer { data, len });
}

/// Frees a buffer's bytes and sets it back to `{NULL, 0}`. NULL, a zeroed buffer, and a buffer already
/// freed by this function are all fine (nothing happens).
///
/// # Safety
///
/// `buf` is NULL or points to an `xn_buffer` that is zeroed or was filled by this library.
#[no_mangle]
pub unsafe extern "C" fn xn_buffer_free(buf: *mut xn_buffer) {
    let _ = boundary(|| {
        // SAFETY: NULL or a valid buffer (see the function's safety contract).
        let Some(b) = (unsafe { buf.as_mut() }) else {
            return Ok(());
        };
        if !b.data.is_null() {
            let raw = ptr::slice_from_raw_parts_mut(b.data.cast::<u8>(), b.len + 1);
            // SAFETY: `data` and `len + 1` are exactly what `fill_buffer` leaked from a boxed slice.
            drop(unsafe { Box::from_raw(raw) });
        }
        *b = xn_buffer {
            data: ptr::null_mut(),
            len: 0,
        };
        Ok(())
    });
}

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

fn date_arg(day: DayNumber, arg: &str) -> Result<NaiveDate, Failure> {
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

/// Why a clock is paused (行政许可法 art. 45: periods not counted). One of the `XN_PAUSE_*` values;
/// any other value is rejected with `XN_ERR_INVALID`. In `xn_clock_info.paused_kind`, -1 means
/// "not paused".
pub type xn_pause_kind = i32;
/// Awaiting the applicant's corrected materials (补正). JSON `"correction"`.
pub const XN_PAUSE_CORRECTION: xn_pause_kind = 0;
/// A hearing (听证). JSON `"hearing"`.
pub const XN_PAUSE_HEARING: xn_pause_kind = 1;
/// Tendering (招标). JSON `"tendering"`.
pub const XN_PAUSE_TENDERING: xn_pause_kind = 2;
/// An auction (拍卖). JSON `"auction"`.
pub const XN_PAUSE_AUCTION: xn_pause_kind = 3;
/// Inspection, testing or quarantine (检验、检测、检疫). JSON `"inspection"`.
pub const XN_PAUSE_INSPECTION: xn_pause_kind = 4;
/// Appraisal (鉴定). JSON `"appraisal"`.
pub const XN_PAUSE_APPRAISAL: xn_pause_kind = 5;
/// Expert review (专家评审). JSON `"expert_review"`.
pub const XN_PAUSE_EXPERT_REVIEW: xn_pause_kind = 6;
/// Another excluded period named by law or policy. JSON `"other"`.
pub const XN_PAUSE_OTHER: xn_pause_kind = 7;

const PAUSE_KINDS: [PauseKind; 8] = [
    PauseKind::Correction,
    PauseKind::Hearing,
    PauseKind::Tendering,
    PauseKind::Auction,
    PauseKind::Inspection,
    PauseKind::Appraisal,
    PauseKind::ExpertReview,
    PauseKind::Other,
];

fn pause_kind(v: xn_pause_kind) -> Result<PauseKind, Failure> {
    usize::try_from(v)
        .ok()
        .and_then(|i| PAUSE_KINDS.get(i).copied())
        .ok_or_else(|| {
            Failure::invalid(
                "kind",
                v,
                "not an xn_pause_kind (0..=7, XN_PAUSE_CORRECTION..XN_PAUSE_OTHER)",
            )
        })
}

fn pause_kind_value(k: PauseKind) -> xn_pause_kind {
    match k {
        PauseKind::Correction => XN_PAUSE_CORRECTION,
        PauseKind::Hearing => XN_PAUSE_HEARING,
        PauseKind::Tendering => XN_PAUSE_TENDERING,
        PauseKind::Auction => XN_PAUSE_AUCTION,
        PauseKind::Inspection => XN_PAUSE_INSPECTION,
        PauseKind::Appraisal => XN_PAUSE_APPRAISAL,
        PauseKind::ExpertReview => XN_PAUSE_EXPERT_REVIEW,
        PauseKind::Other => XN_PAUSE_OTHER,
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

// ---------------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------------

/// A time-limit clock (时限): a limit (working/natural days or hours) started at an instant, with its
/// pauses, extensions and completion. Everything else (deadline, used, signal) is derived on demand
/// from a calendar and "now" (`xn_clock_status`), so a corrected calendar recomputes it.
///
/// Opaque. Create with `xn_clock_from_json`; free with `xn_clock_free`. Mutable: a handle must not be
/// used by two threads at once (lock it yourself, or use one handle per thread); different handles are
/// independent. A failed command (pause, resume, extend, complete) changes nothing.
pub struct xn_clock {
    clock: Clock,
}

/// Reads a clock from its JSON document, e.g.
/// `{"schema": 1, "limit": {"unit": "working_days", "amount": 20}, "started_at": "2026-09-29T10:00:00+08:00",
/// "extension_rule": {"max_count": 1, "max_total": 10}, "signals": {"reminder_before": {"unit":
/// "working_days", "amount": 3}}}`. Optional fields: `pledged`, `start_rule` (`"next_day"`/`"same_day"`),
/// `deadline_end` (`"end_of_day"`/`"close_of_office"`), `extension_rule`, `signals`, and what was recorded:
/// `pauses`, `extensions`, `completed_at`. Units: `working_days`, `natural_days`, `working_hours`,
/// `natural_hours`. On success `*out` is a new handle; free it with `xn_clock_free`.
///
/// Errors: `XN_ERR_PARSE` naming the field path; `XN_ERR_INVALID` for an inconsistent document (events
/// out of order, a pledged limit above the statutory one, ...), naming the field.
///
/// # Safety
///
/// `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_from_json(
    json: *const c_char,
    json_len: usize,
    out: *mut *mut xn_clock,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(json, json_len);
        let clock = Clock::from_json(text)?;
        new_handle(out, xn_clock { clock });
        Ok(())
    })
}

/// The clock as JSON (configuration and everything recorded); `xn_clock_from_json` reads it back
/// unchanged. Persist this. Fills `*out` (free it with `xn_buffer_free`).
///
/// # Safety
///
/// `clock` is NULL or a live clock handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_to_json(clock: *const xn_clock, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let k = arg_ref!(clock);
        check_out!(out);
        fill_buffer(out, k.clock.to_json());
        Ok(())
    })
}

/// Frees a clock handle. NULL is fine (nothing happens).
///
/// # Safety
///
/// `clock` is NULL or a live handle from this library, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_free(clock: *mut xn_clock) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(clock) }
}

/// Stops the clock at `at_unix` for an excluded period (art. 45) or a correction. `note` (free text,
/// e.g. the written notice) may be NULL with `note_len` 0; an empty note is no note. The day a pause
/// starts counts; counting resumes the day after it ends.
///
/// Errors: `XN_ERR_INVALID` for an unknown `kind`; `XN_ERR_STATE` when completed, already paused, or
/// `at_unix` is earlier than the last recorded event. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread); `note` is NULL or points to
/// `note_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_pause(
    clock: *mut xn_clock,
    kind: xn_pause_kind,
    at_unix: i64,
    note: *const c_char,
    note_len: usize,
) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let kind = pause_kind(kind)?;
        let at = instant_arg(at_unix, "at_unix")?;
        let note = if note_len == 0 {
            None
        } else {
            Some(arg_str!(note, note_len).to_string())
        };
        k.clock.pause(kind, at, note)?;
        Ok(())
    })
}

/// Restarts a paused clock at `at_unix`.
///
/// Errors: `XN_ERR_STATE` when not paused ("cannot resume: the clock is not paused"), completed, or
/// `at_unix` is earlier than the last recorded event. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread).
#[no_mangle]
pub unsafe extern "C" fn xn_clock_resume(clock: *mut xn_clock, at_unix: i64) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let at = instant_arg(at_unix, "at_unix")?;
        k.clock.resume(at)?;
        Ok(())
    })
}

/// Extends the limit (and the pledged limit) by `amount` units of the limit's unit at `at_unix`
/// (延期, art. 42: once, by 10 working days, approved by the unit's leader and told to the applicant
/// with a reason). `approver` (a staff id) and `reason` are required, non-blank UTF-8. `cal` is used to
/// check the limit has not expired at `at_unix`.
///
/// Errors: `XN_ERR_INVALID` when the clock's extension rule forbids it (count or total) or approver or
/// reason is blank; `XN_ERR_STATE` when completed, out of time order, or already expired;
/// `XN_ERR_OUT_OF_RANGE` when the calendar does not cover the dates needed. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread); `cal` is NULL or a live
/// calendar handle; `approver`/`reason` are NULL or point to `approver_len`/`reason_len` readable bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn xn_clock_extend(
    clock: *mut xn_clock,
    cal: *const xn_calendar,
    at_unix: i64,
    amount: u32,
    approver: *const c_char,
    approver_len: usize,
    reason: *const c_char,
    reason_len: usize,
) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let c = arg_ref!(cal);
        let at = instant_arg(at_unix, "at_unix")?;
        let approver = arg_str!(approver, approver_len).to_string();
        let reason = arg_str!(reason, reason_len).to_string();
        k.clock.extend(
            &c.cal,
            Extension {
                at,
                amount,
                approver,
                reason,
            },
        )?;
        Ok(())
    })
}

/// Completes the clock at `at_unix` (the decision, or the step, is done).
///
/// Errors: `XN_ERR_STATE` when already completed, paused (resume first), or `at_unix` is earlier than
/// the last recorded event. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread).
#[no_mangle]
pub unsafe extern "C" fn xn_clock_complete(clock: *mut xn_clock, at_unix: i64) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let at = instant_arg(at_unix, "at_unix")?;
        k.clock.complete(at)?;
        Ok(())
    })
}

fn clock_status(clock: *const xn_clock, cal: *const xn_calendar, now_unix: i64) -> Result<ClockStatus, Failure> {
    let k = arg_ref!(clock);
    let c = arg_ref!(cal);
    let now = instant_arg(now_unix, "now_unix")?;
    Ok(k.clock.status(&c.cal, now)?)
}

/// Everything the clock says at `now_unix` as JSON: `at`, `state`, `signal`, `deadline`, `deadline_date`,
/// `statutory_deadline`, `statutory_deadline_date`, `unit`, `tick`, `budget`, `used`, `remaining`,
/// `share_used` (a decimal string), `extensions`, and when present `paused`, `reminder_at`, `red_at`,
/// `next_change`, plus `derivation`: the steps that produced the deadline (start, counted spans, pauses,
/// extensions, the final count). Instants are RFC 3339 in the calendar's zone. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` when a date needed is not covered by `cal`; `XN_ERR_INVALID` for a
/// working-hours clock on a calendar without office hours.
///
/// # Safety
///
/// `clock`, `cal` are NULL or live handles; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_status_json(
    clock: *const xn_clock,
    cal: *const xn_calendar,
    now_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let st = clock_status(clock, cal, now_unix)?;
        fill_buffer(out, st.to_json());
        Ok(())
    })
}

/// State of a clock at an instant.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum xn_clock_state {
    /// The instant is before the start (未开始).
    XN_STATE_NOT_STARTED = 0,
    /// Counting, deadline not reached (计时中).
    XN_STATE_RUNNING = 1,
    /// Stopped by a pause (暂停计时); see `paused_kind`.
    XN_STATE_PAUSED = 2,
    /// Deadline passed, not completed (已超期).
    XN_STATE_OVERDUE = 3,
    /// Completed before the deadline (按时办结).
    XN_STATE_COMPLETED_ON_TIME = 4,
    /// Completed at or after the deadline (超期办结).
    XN_STATE_COMPLETED_LATE = 5,
}

/// E-supervision signal (电子监察信号), in increasing severity.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum xn_signal {
    /// Nothing to signal (正常).
    XN_SIGNAL_NONE = 0,
    /// Reminder (预警): the deadline is near.
    XN_SIGNAL_REMINDER = 1,
    /// Yellow card (黄牌): overdue.
    XN_SIGNAL_YELLOW = 2,
    /// Red card (红牌): overdue past the further limit or the statutory deadline.
    XN_SIGNAL_RED = 3,
}

/// The unit a limit is counted in.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum xn_time_unit {
    /// Working days (工作日). JSON `"working_days"`.
    XN_UNIT_WORKING_DAYS = 0,
    /// Natural days (自然日). JSON `"natural_days"`.
    XN_UNIT_NATURAL_DAYS = 1,
    /// Hours of office time on working days (工作小时). JSON `"working_hours"`.
    XN_UNIT_WORKING_HOURS = 2,
    /// Natural hours (小时). JSON `"natural_hours"`.
    XN_UNIT_NATURAL_HOURS = 3,
}

/// What `budget`, `used` and `remaining` of a status count.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum xn_tick {
    /// Whole days (day units).
    XN_TICK_DAY = 0,
    /// Seconds (hour units).
    XN_TICK_SECOND = 1,
}

/// What a clock says at an instant, filled by `xn_clock_status` (C cannot name a type like a function,
/// hence `_info`). Instants are Unix seconds, days are day numbers.
/// The `has_*` flags say whether the field after them is meaningful (it is 0 when not).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct xn_clock_info {
    /// State at the instant asked about.
    pub state: xn_clock_state,
    /// E-supervision signal at that instant.
    pub signal: xn_signal,
    /// The supervised deadline (the pledged one when there is one): an act at or after it is late.
    /// While paused, the deadline if counting resumed at the instant asked about.
    pub deadline_unix: i64,
    /// The last day of the supervised limit (local date, day number).
    pub deadline_day: i64,
    /// The statutory deadline (法定时限); equal to `deadline_unix` without a pledged limit.
    pub statutory_deadline_unix: i64,
    /// The last day of the statutory limit.
    pub statutory_deadline_day: i64,
    /// The limit's unit.
    pub unit: xn_time_unit,
    /// What `budget`, `used`, `remaining` count: days, or seconds for hour units.
    pub tick: xn_tick,
    /// The supervised limit plus extensions granted, in ticks.
    pub budget: i64,
    /// Ticks counted so far (the current day included for day units); more than `budget` when overdue.
    pub used: i64,
    /// `budget - used`; negative when overdue.
    pub remaining: i64,
    /// Share of the budget used in basis points: `used / budget` (rounded half-up to 4 places) x 10000,
    /// e.g. 3500 = 35 %. 10000 once started with a zero budget; 0 before the start.
    pub share_used_bp: i64,
    /// Extensions granted so far.
    pub extensions: u32,
    /// The open pause's kind (an `xn_pause_kind`) when the state is `XN_STATE_PAUSED`, else -1.
    pub paused_kind: i32,
    /// Whether the policy has a reminder; `reminder_unix` is when it starts.
    pub has_reminder: bool,
    /// When the reminder (预警) starts.
    pub reminder_unix: i64,
    /// Whether a red card is defined; `red_unix` is when it comes.
    pub has_red: bool,
    /// When the red card (红牌) comes.
    pub red_unix: i64,
    /// Whether anything changes later without a new command; `next_change_unix` is when.
    pub has_next_change: bool,
    /// The next instant after the one asked about at which state or signal changes (for timers).
    pub next_change_unix: i64,
}

fn typed_status(st: &ClockStatus) -> xn_clock_info {
    use xn_clock_state::*;
    let state = match st.state {
        ClockState::NotStarted => XN_STATE_NOT_STARTED,
        ClockState::Running => XN_STATE_RUNNING,
        ClockState::Paused => XN_STATE_PAUSED,
        ClockState::Overdue => XN_STATE_OVERDUE,
        ClockState::CompletedOnTime => XN_STATE_COMPLETED_ON_TIME,
        ClockState::CompletedLate => XN_STATE_COMPLETED_LATE,
    };
    let signal = match st.signal {
        Signal::None => xn_signal::XN_SIGNAL_NONE,
        Signal::Reminder => xn_signal::XN_SIGNAL_REMINDER,
        Signal::Yellow => xn_signal::XN_SIGNAL_YELLOW,
        Signal::Red => xn_signal::XN_SIGNAL_RED,
    };
    let unit = match st.unit {
        TimeUnit::WorkingDays => xn_time_unit::XN_UNIT_WORKING_DAYS,
        TimeUnit::NaturalDays => xn_time_unit::XN_UNIT_NATURAL_DAYS,
        TimeUnit::WorkingHours => xn_time_unit::XN_UNIT_WORKING_HOURS,
        TimeUnit::NaturalHours => xn_time_unit::XN_UNIT_NATURAL_HOURS,
    };
    let tick = match st.tick {
        Tick::Day => xn_tick::XN_TICK_DAY,
        Tick::Second => xn_tick::XN_TICK_SECOND,
    };
    let opt = |t: Option<chrono::DateTime<chrono::FixedOffset>>| (t.is_some(), t.map_or(0, |t| t.timestamp()));
    let (has_reminder, reminder_unix) = opt(st.reminder_at);
    let (has_red, red_unix) = opt(st.red_at);
    let (has_next_change, next_change_unix) = opt(st.next_change);
    xn_clock_info {
        state,
        signal,
        deadline_unix: st.deadline.timestamp(),
        deadline_day: day_number(st.deadline_date),
        statutory_deadline_unix: st.statutory_deadline.timestamp(),
        statutory_deadline_day: day_number(st.statutory_deadline_date),
        unit,
        tick,
        budget: st.budget,
        used: st.used,
        remaining: st.remaining,
        share_used_bp: st.share_used_bp(),
        extensions: st.extensions,
        paused_kind: st.paused.map_or(-1, pause_kind_value),
        has_reminder,
        reminder_unix,
        has_red,
        red_unix,
        has_next_change,
        next_change_unix,
    }
}

/// Everything the clock says at `now_unix`, as an `xn_clock_info` struct (the typed fast path of
/// `xn_clock_status_json`, without the derivation). Fills `*out` on success.
///
/// Errors: as `xn_clock_status_json`.
///
/// # Safety
///
/// `clock`, `cal` are NULL or live handles; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_status(
    clock: *const xn_clock,
    cal: *const xn_calendar,
    now_unix: i64,
    out: *mut xn_clock_info,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let st = clock_status(clock, cal, now_unix)?;
        put!(out, typed_status(&st));
        Ok(())
    })
}

/// The next instant after `now_unix` at which the clock's state or signal changes without a new command
/// (deadline, reminder, red card, a recorded event): `*has_next` is set to true and `*out_unix` to it;
/// or `*has_next` false and `*out_unix` 0 when nothing will change (paused, completed). For timer indexes.
///
/// Errors: as `xn_clock_status_json`.
///
/// # Safety
///
/// `clock`, `cal` are NULL or live handles; `has_next`, `out_unix` are NULL or point to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_next_change(
    clock: *const xn_clock,
    cal: *const xn_calendar,
    now_unix: i64,
    has_next: *mut bool,
    out_unix: *mut i64,
) -> xn_status {
    boundary(|| {
        check_out!(has_next, out_unix);
        let k = arg_ref!(clock);
        let c = arg_ref!(cal);
        let now = instant_arg(now_unix, "now_unix")?;
        let next = k.clock.next_change(&c.cal, now)?;
        put!(has_next, next.is_some());
        put!(out_unix, next.map_or(0, |t| t.timestamp()));
        Ok(())
    })
}

pub mod model;

pub mod engine;
/// Generated by scripts/generate from the event schema: the XN_EVENT_/XN_CLOCK_/XN_RULE_ constants.
pub mod names;

#[cfg(test)]
mod tests {
    use super::*;

    fn last_error() -> String {
        // SAFETY: xn_last_error returns a valid NUL-terminated string.
        unsafe { CStr::from_ptr(xn_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn status_values_equal_the_core_error_codes() {
        for &code in ErrorCode::ALL {
            assert_eq!(status_of(code) as i32, code as i32);
        }
        assert_eq!(XN_OK as i32, 0);
        assert_eq!(XN_ERR_NULL as i32, 1);
        assert_eq!(XN_ERR_UTF8 as i32, 6);
        assert_eq!(XN_ERR_PANIC as i32, 7);
        assert_eq!(XN_ERR_BUFFER_TOO_SMALL as i32, 8);
    }

    #[test]
    fn panics_are_caught_and_reported() {
        let st = boundary(|| panic!("boom"));
        assert_eq!(st, XN_ERR_PANIC);
        assert!(last_error().contains("boom"), "{}", last_error());
        let st = boundary(|| std::panic::panic_any(42u8));
        assert_eq!(st, XN_ERR_PANIC);
    }

    #[test]
    fn pause_kinds_round_trip() {
        for (i, k) in PAUSE_KINDS.iter().enumerate() {
            assert_eq!(pause_kind_value(*k), i as i32);
            assert_eq!(pause_kind(i as i32).ok(), Some(*k));
        }
        assert!(pause_kind(8).is_err());
        assert!(pause_kind(-1).is_err());
    }

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

    #[test]
    fn version_strings() {
        // SAFETY: static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(xn_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(xn_abi_version(), XN_ABI_VERSION);
    }
}
