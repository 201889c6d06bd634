//! Status codes and the last error: the `xn_status` every fallible call returns, `Failure` (a failed
//! call inside the binding), and the thread-local last error read by `xn_last_error()`.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::catch_unwind;

use xiaoneng::{CalendarError, ClockError, Error, ErrorCode};

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

pub(crate) fn status_of(code: ErrorCode) -> xn_status {
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
    pub(crate) fn out_of_range(field: &str, value: impl std::fmt::Display, reason: impl std::fmt::Display) -> Self {
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

pub(crate) fn set_last_error(message: String) {
    let c = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // `try_with`: during thread teardown the slot may be gone; then the message is dropped.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = c;
        }
    });
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
}
