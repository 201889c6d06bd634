//! First-inquiry records (首问负责制): who was asked, who is responsible, and whether the person was
//! answered, handled or guided within the policy's limit. Commands in [`command`], their rules in
//! `decide`, the one function that changes a record in `apply`, its answer-limit timer in `timers`.

mod apply;
pub mod command;
mod decide;
#[cfg(test)]
mod given;
mod timers;
pub(crate) mod transitions;

pub use transitions::InquiryState;

pub(crate) use decide::{create, decide};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::event::InquiryOutcome;

/// An inquiry. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inquiry {
    /// Inquiry number.
    pub id: String,
    /// Who asked.
    pub person: String,
    /// What about.
    pub topic: String,
    /// The responsible staff member.
    pub responsible: String,
    /// The answer limit, from the inquiry.
    pub clock: Clock,
    /// How it was dealt with, once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<InquiryOutcome>,
    /// Whether the limit passed unanswered (recorded once).
    pub breached: bool,
    /// When the breach was recorded (the instant the limit passed), once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breached_at: Option<DateTime<Utc>>,
    /// The instant of the inquiry's latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
    /// Whether its timer could not be computed; it is no longer timed.
    #[serde(default)]
    pub faulted: bool,
}

impl Inquiry {
    /// When the inquiry was recorded (the start of its answer limit).
    pub fn recorded_at(&self) -> DateTime<Utc> {
        self.clock.started_at()
    }

    /// When the inquiry was dealt with (answered, handled or guided), once it was.
    pub fn dealt_with_at(&self) -> Option<DateTime<Utc>> {
        self.outcome.and(self.clock.completed_at())
    }
}
