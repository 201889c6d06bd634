//! Errors: one enum per module, one crate [`Error`], and stable numeric [`ErrorCode`]s shared with C and Python.

use crate::calendar::CalendarError;
use crate::clock::ClockError;

/// Every error the library returns.
///
/// Each variant maps to a stable [`ErrorCode`] (the C ABI's `xn_status`, and a Python exception class).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A calendar operation failed (date out of the covered range, invalid calendar definition).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A clock operation failed (invalid limit, command not allowed in the clock's state).
    #[error(transparent)]
    Clock(#[from] ClockError),
    /// A policy, organisation or catalog document is well-formed but invalid (a dangling reference, a
    /// duplicate id, a pledged limit above the statutory one, ...).
    #[error("invalid `{field}` = {value}: {reason}")]
    Invalid {
        /// Path of the offending field, e.g. `posts[2].backup`.
        field: String,
        /// The offending value.
        value: String,
        /// Why it is rejected.
        reason: String,
    },
    /// A JSON or TOML document could not be read; `path` names the field (e.g. `holidays[3].start`).
    #[error("invalid {format} document at `{path}`: {message}")]
    Parse {
        /// `"JSON"` or `"TOML"`.
        format: &'static str,
        /// Path of the offending field, `.` for the document itself.
        path: String,
        /// What was wrong, as the parser says it.
        message: String,
    },
}

/// Stable error codes. The numbers are part of the public API (C `xn_status`) and never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorCode {
    /// A document (JSON/TOML) is malformed or has an unknown or mistyped field.
    Parse = 2,
    /// A value is well-formed but not allowed (a negative limit, an inverted range, ...).
    InvalidInput = 3,
    /// A date lies outside the calendar's covered range, or a result would.
    OutOfRange = 4,
    /// The command is not allowed in the current state (resume a clock that is not paused, ...).
    InvalidState = 5,
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Calendar(CalendarError::OutOfRange { .. }) => ErrorCode::OutOfRange,
            Error::Calendar(CalendarError::Invalid { .. }) => ErrorCode::InvalidInput,
            Error::Clock(e) => match e {
                ClockError::Calendar(CalendarError::OutOfRange { .. }) => ErrorCode::OutOfRange,
                ClockError::Calendar(CalendarError::Invalid { .. }) => ErrorCode::InvalidInput,
                ClockError::Invalid { .. } => ErrorCode::InvalidInput,
                ClockError::State { .. } => ErrorCode::InvalidState,
            },
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::Parse { .. } => ErrorCode::Parse,
        }
    }
}

/// An [`Error::Invalid`] naming `field`.
pub(crate) fn invalid(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Error {
    Error::Invalid {
        field: field.into(),
        value: value.to_string(),
        reason: reason.into(),
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Reads a JSON document into `T`, naming the offending field path on error.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| parse_error("JSON", &e))?;
    de.end().map_err(|e| Error::Parse {
        format: "JSON",
        path: ".".into(),
        message: e.to_string(),
    })?;
    Ok(value)
}

/// Reads a TOML document into `T`, naming the offending field path on error. TOML's native dates and
/// times are read as their RFC 3339 text, so `start = 2026-10-01` and `start = "2026-10-01"` both work.
pub(crate) fn from_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let mut value: toml::Value = toml::from_str(text).map_err(|e| Error::Parse {
        format: "TOML",
        path: ".".into(),
        message: e.to_string().trim_end().to_string(),
    })?;
    stringify_datetimes(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| parse_error("TOML", &e))
}

fn stringify_datetimes(v: &mut toml::Value) {
    match v {
        toml::Value::Datetime(d) => *v = toml::Value::String(d.to_string()),
        toml::Value::Array(items) => items.iter_mut().for_each(stringify_datetimes),
        toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| stringify_datetimes(v)),
        _ => {}
    }
}

fn parse_error<E: std::fmt::Display>(format: &'static str, e: &serde_path_to_error::Error<E>) -> Error {
    let path = e.path().to_string();
    Error::Parse {
        format,
        path: if path.is_empty() { ".".into() } else { path },
        message: e.inner().to_string(),
    }
}

/// Writes `value` as compact JSON. Our types always serialize.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("library types serialize to JSON")
}
