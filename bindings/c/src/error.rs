//! Status codes and the last error: the `xn_status` every fallible call returns, `Failure` (a failed
//! call inside the binding: status, message, field, value, reason), and the thread-local last error read
//! by `xn_last_error()`, `xn_last_error_code()`, `xn_last_error_field()`, `xn_last_error_value()` and
//! `xn_last_error_reason()`.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::catch_unwind;

use xiaoneng::{CalendarError, ClockError, Error, ErrorCode};

/// Result of every fallible call. The values are stable and never change meaning.
///
/// `XN_ERR_PARSE` .. `XN_ERR_STATE` and `XN_ERR_NOT_FOUND` .. `XN_ERR_CORRUPT` are the core library's
/// error codes (the same numbers in Rust and Python). On any value other than `XN_OK`, `xn_last_error()`
/// describes what failed, and `xn_last_error_code()`, `xn_last_error_field()`, `xn_last_error_value()`
/// and `xn_last_error_reason()` give it as parts.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum xn_status {
    /// Success.
    XN_OK = 0,
    /// A required pointer argument was NULL (a caller bug); the field is the argument's name
    /// (`engine`, `out`, `command_json`, ...), the value is empty.
    XN_ERR_NULL = 1,
    /// A JSON or TOML document is malformed, or has an unknown, missing or mistyped field; the field is
    /// the path in the document (e.g. `notices[0].days_off[1].start`, `at`; `.` for the document itself),
    /// the reason what the parser says.
    XN_ERR_PARSE = 2,
    /// A value is well-formed but not allowed (an invalid date, an unknown enum value, a limit too
    /// large, an extension the rule forbids, a denial without reasons, ...); the field names the field
    /// or argument, the value quotes it.
    XN_ERR_INVALID = 3,
    /// A date lies outside the calendar's covered range, or a result would (e.g. the national calendar
    /// covers 2004-01-01..=2026-12-31 until a notice for 2027 is added); or a size or number beyond what
    /// the library can hold (`xn_engine_reserve` of more cases than memory allows, field `additional`).
    XN_ERR_OUT_OF_RANGE = 4,
    /// Not allowed now: the clock's or the case's state does not allow the command (resume when not
    /// paused, any command after completion, a command earlier than the last recorded one, an extension
    /// after expiry; an engine command the case's state refuses, field `type`; a snapshot while events
    /// are queued).
    XN_ERR_STATE = 5,
    /// A string argument is not valid UTF-8 (a caller bug); the field is the argument's name, the reason
    /// gives the byte offset.
    XN_ERR_UTF8 = 6,
    /// An internal error (a Rust panic) was caught at the boundary. Nothing was changed. Please report it.
    XN_ERR_PANIC = 7,
    /// A caller-supplied character buffer is too small for the text to be copied into it (e.g. the
    /// staff id of `xn_org_acting_holder_info`). The function wrote the needed length (bytes, without
    /// the NUL) to its length out-pointer and nothing else; call again with at least that length + 1.
    /// The field is the buffer argument (`staff_buf`), the value its capacity.
    XN_ERR_BUFFER_TOO_SMALL = 8,
    /// An unknown case, record, item or actor (HTTP 404 for a portal). `xn_last_error_field()` names
    /// the field (`case`, `item`, `actor`, ...).
    XN_ERR_NOT_FOUND = 9,
    /// The actor lacks the post, role or unit the action needs (HTTP 403). The field is `actor`; `viewer`
    /// for a view only some may see (`xn_engine_complainants_json`).
    XN_ERR_FORBIDDEN = 10,
    /// Reading or writing a journal's files failed; the field names the file or operation, the reason
    /// what the system said. A journal that met one is stopped: every later append answers this too.
    XN_ERR_IO = 11,
    /// Stored data is damaged: a journal record or snapshot edited, removed, reordered or inserted, or a
    /// history that differs from a checkpoint. The field is `seq` and the value the first bad sequence
    /// number (or the field names the file).
    XN_ERR_CORRUPT = 12,
}

use xn_status::*;

pub(crate) fn status_of(code: ErrorCode) -> xn_status {
    match code {
        ErrorCode::Parse => XN_ERR_PARSE,
        ErrorCode::InvalidInput => XN_ERR_INVALID,
        ErrorCode::OutOfRange => XN_ERR_OUT_OF_RANGE,
        ErrorCode::InvalidState => XN_ERR_STATE,
        ErrorCode::NotFound => XN_ERR_NOT_FOUND,
        ErrorCode::Forbidden => XN_ERR_FORBIDDEN,
        ErrorCode::Io => XN_ERR_IO,
        ErrorCode::Corrupt => XN_ERR_CORRUPT,
    }
}

/// A failed call: its status, its message, and the message's parts (empty when the error names no
/// field or quotes no value; the reason is never empty).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: xn_status,
    pub(crate) message: String,
    pub(crate) field: String,
    pub(crate) value: String,
    pub(crate) reason: String,
}

impl Failure {
    /// A failure that names no field and quotes no value: the reason is the message.
    pub(crate) fn other(status: xn_status, message: String) -> Self {
        Failure {
            status,
            reason: message.clone(),
            message,
            field: String::new(),
            value: String::new(),
        }
    }

    /// `XN_ERR_NULL` naming the argument.
    pub(crate) fn null(arg: &str) -> Self {
        Failure {
            status: XN_ERR_NULL,
            message: format!("null pointer: `{arg}` must not be NULL"),
            field: arg.to_string(),
            value: String::new(),
            reason: "must not be NULL".to_string(),
        }
    }

    /// `XN_ERR_UTF8` naming the argument.
    pub(crate) fn utf8(arg: &str, e: std::str::Utf8Error) -> Self {
        let reason = format!("invalid UTF-8 at byte {}: {e}", e.valid_up_to());
        Failure {
            status: XN_ERR_UTF8,
            message: format!("invalid UTF-8 in `{arg}` at byte {}: {e}", e.valid_up_to()),
            field: arg.to_string(),
            value: String::new(),
            reason,
        }
    }

    /// `XN_ERR_BUFFER_TOO_SMALL`: the caller buffer `arg` has `cap` bytes, `what` needs `len` plus the NUL;
    /// `len_arg` is the out-pointer that received `len`.
    pub(crate) fn buffer_too_small(arg: &str, cap: usize, what: &str, len: usize, len_arg: &str) -> Self {
        let reason = format!(
            "{what} needs {} (length {len} plus the NUL); `*{len_arg}` holds the length",
            len + 1
        );
        Failure {
            status: XN_ERR_BUFFER_TOO_SMALL,
            message: format!("buffer too small: `{arg}` has {cap} bytes, {reason}"),
            field: arg.to_string(),
            value: cap.to_string(),
            reason,
        }
    }

    /// An internal error: a Rust panic caught at the boundary, with its message.
    pub(crate) fn panic(msg: &str) -> Self {
        Failure::other(
            XN_ERR_PANIC,
            format!("internal error (Rust panic: {msg}); nothing was changed"),
        )
    }

    /// The core's [`Error::Invalid`]: "invalid `field` = value: reason".
    pub(crate) fn invalid(field: &str, value: impl std::fmt::Display, reason: impl std::fmt::Display) -> Self {
        Error::Invalid(xiaoneng::FieldError::new(field, value, reason.to_string())).into()
    }

    /// The core's [`Error::NotFound`]: "unknown `field` = value: reason".
    pub(crate) fn not_found(field: &str, value: impl std::fmt::Display, reason: &str) -> Self {
        Error::NotFound(xiaoneng::FieldError::new(field, value, reason)).into()
    }

    /// The core's [`Error::NotAllowed`] (`XN_ERR_STATE`): "not allowed now: `field` = value: reason".
    pub(crate) fn not_allowed(field: &str, value: impl std::fmt::Display, reason: &str) -> Self {
        Error::NotAllowed(xiaoneng::FieldError::new(field, value, reason)).into()
    }

    /// [`Failure::invalid`] with `XN_ERR_OUT_OF_RANGE`: a day number or instant that is not representable.
    pub(crate) fn out_of_range(field: &str, value: impl std::fmt::Display, reason: impl std::fmt::Display) -> Self {
        Failure {
            status: XN_ERR_OUT_OF_RANGE,
            ..Failure::invalid(field, value, reason)
        }
    }

    /// A value that did not serialize: an internal error (the library's types always do).
    pub(crate) fn json(e: serde_json::Error) -> Self {
        Failure::other(XN_ERR_PANIC, format!("internal error: cannot write JSON: {e}"))
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            status: status_of(e.code()),
            message: e.to_string(),
            field: e.field().unwrap_or_default().to_string(),
            value: e.value().unwrap_or_default().to_string(),
            reason: e.reason(),
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

/// The last failure of a thread, as C strings (a NUL byte inside one is written `\0`).
struct LastError {
    status: xn_status,
    message: CString,
    field: CString,
    value: CString,
    reason: CString,
}

fn c_string(text: String) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = RefCell::new(LastError {
        status: XN_OK,
        message: CString::default(),
        field: CString::default(),
        value: CString::default(),
        reason: CString::default(),
    });
}

/// Records `f` as this thread's last error.
pub(crate) fn set_last_error(f: Failure) {
    let last = LastError {
        status: f.status,
        message: c_string(f.message),
        field: c_string(f.field),
        value: c_string(f.value),
        reason: c_string(f.reason),
    };
    // `try_with`: during thread teardown the slot may be gone; then the error is dropped.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = last;
        }
    });
}

/// A pointer to one string of this thread's last error; `""` when there is none (or in thread teardown).
fn last_error_str(part: fn(&LastError) -> &CStr) -> *const c_char {
    static EMPTY: &CStr = c"";
    catch_unwind(|| {
        LAST_ERROR
            .try_with(|slot| slot.try_borrow().map(|s| part(&s).as_ptr()).unwrap_or(EMPTY.as_ptr()))
            .unwrap_or(EMPTY.as_ptr())
    })
    .unwrap_or(EMPTY.as_ptr())
}

/// The message of the most recent failed call on this thread, NUL-terminated; `""` when no call on
/// this thread has failed yet. It names the field or argument, the value and why it was rejected, e.g.
/// ``unknown `case` = C9: no case has this number``. Successful calls do not clear it, so read it right
/// after a status other than `XN_OK`.
///
/// The pointer stays valid until the next `xn_` call on this thread other than the `xn_last_error*`
/// getters (they change nothing, so their pointers may be used together); never free it.
#[no_mangle]
pub extern "C" fn xn_last_error() -> *const c_char {
    last_error_str(|e| &e.message)
}

/// The status the most recent failed call on this thread returned, or `XN_OK` when no call on this
/// thread has failed yet. Successful calls do not clear it. For an error handler far from the call (a
/// logger, a translation into HTTP statuses: docs/c-abi.md).
#[no_mangle]
pub extern "C" fn xn_last_error_code() -> xn_status {
    catch_unwind(|| {
        LAST_ERROR
            .try_with(|slot| slot.try_borrow().map(|s| s.status).unwrap_or(XN_OK))
            .unwrap_or(XN_OK)
    })
    .unwrap_or(XN_OK)
}

/// The field or argument the most recent failed call on this thread names, NUL-terminated: a path in a
/// document or command (`at`, `limit.amount`, `items[0].steps[0].post`, `.` for a whole document), an
/// engine field (`case`, `item`, `actor`, `type`, ...), or the name of a C argument (`engine`, `out`,
/// `command_json`, `staff_buf`, `rule`, ...), always for `XN_ERR_NULL`, `XN_ERR_UTF8`, `XN_ERR_PARSE`,
/// `XN_ERR_NOT_FOUND`, `XN_ERR_FORBIDDEN` and `XN_ERR_BUFFER_TOO_SMALL`. `""` when the error names none
/// (`XN_ERR_PANIC`, a date outside the calendar's range, ...) or no call has failed. Same lifetime as
/// `xn_last_error()`; never free it.
#[no_mangle]
pub extern "C" fn xn_last_error_field() -> *const c_char {
    last_error_str(|e| &e.field)
}

/// The offending value of the most recent failed call on this thread as written, NUL-terminated (a
/// long value is cut to its first 200 bytes and says how long it was): e.g. `C9` for an unknown case,
/// `s-rev` for an actor refused, `accept` for a command the case's state refuses, the capacity given
/// for `XN_ERR_BUFFER_TOO_SMALL`, what was being computed for a date outside the calendar's range. `""`
/// when the error quotes none (`XN_ERR_NULL`, `XN_ERR_UTF8`, `XN_ERR_PARSE`, `XN_ERR_PANIC`, ...) or no
/// call has failed. Same lifetime as `xn_last_error()`; never free it.
#[no_mangle]
pub extern "C" fn xn_last_error_value() -> *const c_char {
    last_error_str(|e| &e.value)
}

/// Why the most recent failed call on this thread was refused, without the field and value,
/// NUL-terminated: e.g. `no case has this number`, `needs one of the roles unit_head`, `must not be
/// NULL`, the parser's message for `XN_ERR_PARSE`. Never `""` after a failure (an error without parts
/// gives its whole message); `""` when no call has failed. Same lifetime as `xn_last_error()`; never
/// free it.
#[no_mangle]
pub extern "C" fn xn_last_error_reason() -> *const c_char {
    last_error_str(|e| &e.reason)
}

/// The message of this thread's last error, for the unit tests.
#[cfg(test)]
pub(crate) fn last_error_message() -> String {
    // SAFETY: xn_last_error returns a valid NUL-terminated string.
    unsafe { CStr::from_ptr(xn_last_error()) }
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use xiaoneng::{Document, FieldError};

    use super::*;

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

    fn text(p: *const c_char) -> String {
        // SAFETY: the getters return valid NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }

    /// (code, field, value, reason) of this thread's last error.
    fn parts() -> (xn_status, String, String, String) {
        (
            xn_last_error_code(),
            text(xn_last_error_field()),
            text(xn_last_error_value()),
            text(xn_last_error_reason()),
        )
    }

    #[test]
    fn no_error_yet_is_ok_and_empty() {
        // A fresh thread: nothing failed on it.
        let got = std::thread::spawn(|| (parts(), text(xn_last_error()))).join().unwrap();
        assert_eq!(
            got,
            ((XN_OK, String::new(), String::new(), String::new()), String::new())
        );
    }

    #[test]
    fn the_last_error_comes_in_parts() {
        let not_found = || Err(Error::NotFound(FieldError::new("case", "C9", "no case has this number")).into());
        assert_eq!(crate::ffi::boundary(not_found), XN_ERR_NOT_FOUND);
        assert_eq!(last_error_message(), "unknown `case` = C9: no case has this number");
        assert_eq!(
            parts(),
            (
                XN_ERR_NOT_FOUND,
                "case".into(),
                "C9".into(),
                "no case has this number".into()
            )
        );
        // Successful calls keep it; the getters do not move each other's strings.
        let (field, message) = (xn_last_error_field(), xn_last_error());
        assert_eq!(crate::ffi::boundary(|| Ok(())), XN_OK);
        assert_eq!(xn_last_error_code(), XN_ERR_NOT_FOUND);
        assert_eq!((text(field), xn_last_error()), ("case".to_string(), message));

        assert_eq!(crate::ffi::boundary(|| Err(Failure::null("out"))), XN_ERR_NULL);
        assert_eq!(
            parts(),
            (XN_ERR_NULL, "out".into(), String::new(), "must not be NULL".into())
        );

        let bad = crate::ffi::utf8(b"ab\xff", "json").unwrap_err();
        assert_eq!(crate::ffi::boundary(|| Err(bad)), XN_ERR_UTF8);
        let (code, field, value, reason) = parts();
        assert_eq!((code, field.as_str(), value.as_str()), (XN_ERR_UTF8, "json", ""));
        assert!(reason.starts_with("invalid UTF-8 at byte 2"), "{reason}");

        let parse = xiaoneng::Policy::from_json(r#"{"schema": 1, "name": 7}"#).map_err(Failure::from);
        assert_eq!(crate::ffi::boundary(|| parse.map(drop)), XN_ERR_PARSE);
        let (code, field, value, reason) = parts();
        assert_eq!((code, field.as_str(), value.as_str()), (XN_ERR_PARSE, "name", ""));
        assert!(!reason.is_empty() && last_error_message().contains(&reason), "{reason}");

        assert_eq!(crate::ffi::boundary(|| panic!("boom")), XN_ERR_PANIC);
        let (code, field, value, reason) = parts();
        assert_eq!((code, field.as_str(), value.as_str()), (XN_ERR_PANIC, "", ""));
        assert!(reason.contains("boom") && reason == last_error_message(), "{reason}");

        // A NUL inside a value cannot end the C string early.
        let nul = || Err(Failure::invalid("name", "a\0b", "has a NUL"));
        assert_eq!(crate::ffi::boundary(nul), XN_ERR_INVALID);
        assert_eq!(text(xn_last_error_value()), "a\\0b");
    }
}
