//! Errors of clock operations ([`ClockError`]).

use super::{CalendarError, FieldError};

/// Errors of clock operations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClockError {
    /// A field or argument is invalid.
    #[error(transparent)]
    Invalid(FieldError),
    /// The command is not allowed in the clock's state at that time.
    #[error("cannot {action}: {reason}")]
    State {
        /// What was attempted, e.g. `resume`.
        action: &'static str,
        /// Why not, e.g. `the clock is not paused`.
        reason: String,
    },
    /// A calendar computation failed (typically a deadline beyond the covered range).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

impl ClockError {
    pub(crate) fn invalid(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Self {
        ClockError::Invalid(FieldError::new(field, value, reason))
    }

    pub(crate) fn state(action: &'static str, reason: impl Into<String>) -> Self {
        ClockError::State {
            action,
            reason: reason.into(),
        }
    }
}
