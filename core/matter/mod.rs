//! Accountability matters (问责事项): opened on a registered violation or by a trigger from outside the
//! flow, with the sanction the policy's ladder proposes (and its derivation); nothing takes effect until a
//! supervisor outside the person's unit confirms it or changes it with a reason. A decided matter holds a
//! [`Confirmed`] sanction, its filing record (备案) and its effects (no award that year, points, the unit
//! head's accountability). Commands in [`command`], their rules in `decide`, applying events in `apply`,
//! the transition table in `transitions`. No timers.

mod apply;
pub mod command;
mod decide;
pub(crate) mod transitions;

pub use transitions::MatterState;

pub(crate) use crate::context::MatterInput;
pub(crate) use decide::{create, decide};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::Trigger;
use crate::sanction::{Confirmed, Proposal, ViolationFacts};

/// An accountability matter. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    /// Matter number.
    pub id: String,
    /// The registered violation it is about (its sequence number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<u64>,
    /// What opened it from outside the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// What happened, for a trigger.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The supervisor who opened it.
    pub opener: String,
    /// The facts the ladder read.
    pub facts: ViolationFacts,
    /// The proposed sanction, with its derivation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Proposal>,
    /// The sanction that holds, once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanction: Option<Confirmed>,
    /// How many events brought it to its state.
    pub events: u64,
    /// The instant of its latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
}

impl Matter {
    /// The person held to account.
    pub fn person(&self) -> &str {
        &self.facts.person
    }
}
