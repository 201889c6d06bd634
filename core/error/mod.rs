//! Errors, below everything else: one crate [`Error`], the per-area kinds inside it ([`CalendarError`],
//! [`ClockError`]), one [`FieldError`] (field, value, reason) for every field-level refusal, and the
//! stable numeric [`ErrorCode`]s shared with C (`xn_status`) and Python (one exception class each).
//!
//! This module imports nothing of the crate: the calendar, the clock and everything above name their
//! errors from here (as jiff keeps its errors below its types).

mod calendar;
mod clock;
mod field;

pub use calendar::CalendarError;
pub use clock::ClockError;
pub(crate) use field::bounded;
pub use field::{FieldError, MAX_QUOTED_VALUE};

/// Every error the library returns.
///
/// Each variant maps to a stable [`ErrorCode`] (the C ABI's `xn_status`, and a Python exception class),
/// and [`Error::field`], [`Error::value`] and [`Error::reason`] give its parts as data. A command or
/// document that fails changes nothing.
///
/// ```
/// use xiaoneng::{Error, ErrorCode, FieldError};
///
/// let e = Error::NotFound(FieldError::new("case", "C-404", "no case has this number"));
/// assert_eq!(e.code(), ErrorCode::NotFound);
/// assert_eq!(e.code().http_status(), 404);
/// assert_eq!((e.field(), e.value()), (Some("case"), Some("C-404")));
/// assert_eq!(e.to_string(), "unknown `case` = C-404: no case has this number");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A calendar operation failed (date out of the covered range, invalid calendar definition).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A clock operation failed (invalid limit, command not allowed in the clock's state).
    #[error(transparent)]
    Clock(#[from] ClockError),
    /// A JSON or TOML document could not be read; `path` names the field (e.g. `holidays[3].start`).
    #[error("invalid {format} document at `{path}`: {message}")]
    Parse {
        /// `"JSON"` or `"TOML"`.
        format: &'static str,
        /// Path of the offending field, `.` for the document itself.
        path: String,
        /// What was wrong, as the parser says it (a bounded prefix of a long message).
        message: String,
    },
    /// A value is well-formed but invalid (a dangling reference, a duplicate id, a pledged limit above
    /// the statutory one, a denial without reasons, ...).
    #[error(transparent)]
    Invalid(FieldError),
    /// The command or query names something that does not exist: an unknown case, record, item or actor.
    #[error("unknown `{}` = {}: {}", .0.field, .0.value, .0.reason)]
    NotFound(FieldError),
    /// The actor lacks the post, role or unit the action needs.
    #[error("forbidden: `{}` = {}: {}", .0.field, .0.value, .0.reason)]
    Forbidden(FieldError),
    /// A size or number beyond what the library can hold (a reservation of more cases than memory allows,
    /// a count beyond the representable range). Calendar ranges have their own kind.
    #[error("out of range: `{}` = {}: {}", .0.field, .0.value, .0.reason)]
    OutOfRange(FieldError),
    /// The command is well-formed and the actor may issue it, but not now: the record's state does not
    /// allow it (accept a closed case, rate twice, a command earlier than the record's last event).
    #[error("not allowed now: `{}` = {}: {}", .0.field, .0.value, .0.reason)]
    NotAllowed(FieldError),
    /// Reading or writing storage failed (the journal's files): the field names the file or operation,
    /// the value what was being done, the reason what the system said. A journal that met one is stopped
    /// (fail-stop): every later append answers this error too.
    #[error("I/O error: `{}` = {}: {}", .0.field, .0.value, .0.reason)]
    Io(FieldError),
    /// Stored data is damaged: a journal record edited, removed, reordered or inserted, a damaged
    /// snapshot, a history that differs from a checkpoint. The field is `seq` and the value the first bad
    /// sequence number (or the field names the file), the reason what is wrong.
    #[error("damaged: `{}` = {}: {}", .0.field, .0.value, .0.reason)]
    Corrupt(FieldError),
}

/// Stable error codes. The numbers are part of the public API (C `xn_status`) and never change meaning;
/// new codes take new numbers (6, 7 and 8 are the C binding's own: UTF-8, panic, buffer too small).
///
/// [`ErrorCode::http_status`] is the mapping a portal would use for its own API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorCode {
    /// A document (JSON/TOML) is malformed or has an unknown or mistyped field.
    Parse = 2,
    /// A value is well-formed but not allowed (a negative limit, an inverted range, ...).
    InvalidInput = 3,
    /// A date lies outside the calendar's covered range, or a result would; a size beyond what can be held.
    OutOfRange = 4,
    /// The command is not allowed in the current state (resume a clock that is not paused, accept a
    /// closed case, ...).
    InvalidState = 5,
    /// An unknown case, record, item or actor.
    NotFound = 9,
    /// The actor lacks the post, role or unit for the action.
    Forbidden = 10,
    /// Reading or writing storage failed (a journal's file or directory); a journal that met one is stopped.
    Io = 11,
    /// Stored data is damaged (a journal record or snapshot altered, removed, reordered or inserted; a
    /// history that differs from a checkpoint).
    Corrupt = 12,
}

impl ErrorCode {
    /// Every code, in numeric order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Parse,
        ErrorCode::InvalidInput,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidState,
        ErrorCode::NotFound,
        ErrorCode::Forbidden,
        ErrorCode::Io,
        ErrorCode::Corrupt,
    ];

    /// The snake_case name of the code, e.g. `"not_found"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Parse => "parse",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Io => "io",
            ErrorCode::Corrupt => "corrupt",
        }
    }

    /// The HTTP status a portal would answer with: 400 parse, 422 invalid input and out of range,
    /// 409 invalid state (not allowed now), 404 not found, 403 forbidden, 500 I/O and damaged data.
    ///
    /// ```
    /// assert_eq!(xiaoneng::ErrorCode::Forbidden.http_status(), 403);
    /// ```
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCode::Parse => 400,
            ErrorCode::InvalidInput | ErrorCode::OutOfRange => 422,
            ErrorCode::InvalidState => 409,
            ErrorCode::NotFound => 404,
            ErrorCode::Forbidden => 403,
            ErrorCode::Io | ErrorCode::Corrupt => 500,
        }
    }
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Calendar(CalendarError::OutOfRange { .. })
            | Error::Clock(ClockError::Calendar(CalendarError::OutOfRange { .. }))
            | Error::OutOfRange(_) => ErrorCode::OutOfRange,
            Error::Calendar(CalendarError::Invalid(_))
            | Error::Clock(ClockError::Calendar(CalendarError::Invalid(_)))
            | Error::Clock(ClockError::Invalid(_))
            | Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::Clock(ClockError::State { .. }) | Error::NotAllowed(_) => ErrorCode::InvalidState,
            Error::Parse { .. } => ErrorCode::Parse,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::Io(_) => ErrorCode::Io,
            Error::Corrupt(_) => ErrorCode::Corrupt,
        }
    }

    /// The field error inside, when the error concerns one field or argument.
    pub fn field_error(&self) -> Option<&FieldError> {
        match self {
            Error::Invalid(f)
            | Error::NotFound(f)
            | Error::Forbidden(f)
            | Error::NotAllowed(f)
            | Error::OutOfRange(f)
            | Error::Io(f)
            | Error::Corrupt(f) => Some(f),
            Error::Calendar(CalendarError::Invalid(f))
            | Error::Clock(ClockError::Invalid(f))
            | Error::Clock(ClockError::Calendar(CalendarError::Invalid(f))) => Some(f),
            _ => None,
        }
    }

    /// The offending field or argument (a path such as `limit.amount`, or `.` for a whole document),
    /// when the error names one.
    ///
    /// ```
    /// use xiaoneng::{Document, Policy};
    ///
    /// let e = Policy::from_json(r#"{"schema": 1, "name": 7}"#).unwrap_err();
    /// assert_eq!(e.field(), Some("name"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Parse { path, .. } => Some(path),
            Error::Clock(ClockError::State { action, .. }) => Some(action),
            _ => self.field_error().map(|f| f.field.as_str()),
        }
    }

    /// The offending value as written (a bounded prefix), when the error quotes one.
    pub fn value(&self) -> Option<&str> {
        match self {
            Error::Calendar(CalendarError::OutOfRange { what, .. })
            | Error::Clock(ClockError::Calendar(CalendarError::OutOfRange { what, .. })) => Some(what),
            _ => self.field_error().map(|f| f.value.as_str()),
        }
    }

    /// Why the input is refused, without the field and value.
    pub fn reason(&self) -> String {
        match self {
            Error::Parse { message, .. } => message.clone(),
            Error::Clock(ClockError::State { reason, .. }) => reason.clone(),
            Error::Calendar(CalendarError::OutOfRange { first, last, .. })
            | Error::Clock(ClockError::Calendar(CalendarError::OutOfRange { first, last, .. })) => {
                format!("outside the calendar's covered range {first}..={last}")
            }
            _ => self
                .field_error()
                .map_or_else(|| self.to_string(), |f| f.reason.clone()),
        }
    }
}

/// An [`Error::Invalid`] naming `field`.
pub(crate) fn invalid(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::Invalid(FieldError::new(field, value, reason))
}

/// An [`Error::NotFound`] naming `field`.
pub(crate) fn not_found(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::NotFound(FieldError::new(field, value, reason))
}

/// An [`Error::Forbidden`] naming `field` (usually `actor`).
pub(crate) fn forbidden(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::Forbidden(FieldError::new(field, value, reason))
}

/// An [`Error::NotAllowed`] naming `field` (usually `type`, the command).
pub(crate) fn not_allowed(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::NotAllowed(FieldError::new(field, value, reason))
}

/// An [`Error::OutOfRange`] naming `field`.
pub(crate) fn out_of_range(
    field: impl Into<String>,
    value: impl std::fmt::Display,
    reason: impl Into<String>,
) -> Error {
    Error::OutOfRange(FieldError::new(field, value, reason))
}

/// An [`Error::Io`] naming `field` (a file or operation).
pub(crate) fn io(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::Io(FieldError::new(field, value, reason))
}

/// An [`Error::Corrupt`] naming `field` (usually `seq`, the first bad sequence number).
pub(crate) fn corrupt(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::Corrupt(FieldError::new(field, value, reason))
}

/// A parse error; its path is bounded like a quoted value, its message to [`field::MAX_MESSAGE`] bytes.
pub(crate) fn parse(format: &'static str, path: impl Into<String>, message: impl std::fmt::Display) -> Error {
    let path = path.into();
    Error::Parse {
        format,
        path: if path.is_empty() {
            ".".into()
        } else {
            field::bounded(path)
        },
        message: field::bounded_to(message.to_string(), field::MAX_MESSAGE),
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
