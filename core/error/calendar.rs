//! Errors of calendar operations ([`CalendarError`]), below the calendar itself so that every module can
//! name them without importing upwards.

use chrono::NaiveDate;

use super::FieldError;

/// Errors of calendar operations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A date, or the result of an operation, lies outside the covered range.
    #[error("{what} is outside the calendar's covered range {first}..={last}")]
    OutOfRange {
        /// The date or result concerned, e.g. `date 2027-01-04` or `the 30th working day after 2026-12-20`.
        what: String,
        /// First covered date.
        first: NaiveDate,
        /// Last covered date.
        last: NaiveDate,
    },
    /// A calendar definition or argument is invalid.
    #[error(transparent)]
    Invalid(FieldError),
}

impl CalendarError {
    pub(crate) fn invalid(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Self {
        CalendarError::Invalid(FieldError::new(field, value, reason))
    }
}
