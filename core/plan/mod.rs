//! Inspection plans (检查计划) kept sealed (暗访计划封存): before the period the efficiency office records
//! only the plan's commitment (the SHA-256 of the seed, the draw's request and the plan, see
//! [`crate::draw`]); after the period it reveals the seed and the request, the engine re-derives the plan
//! and checks the commitment, and anyone can do the same. Inspections carry a plan out by naming it while
//! it is sealed; [`crate::Engine::plan_report`] compares what was drawn with what was done. Commands in
//! [`command`], their rules in `decide`, applying events in `apply`, the transition table in
//! `transitions`. No timers.

mod apply;
pub mod command;
mod decide;
pub(crate) mod transitions;

pub use transitions::PlanState;

pub(crate) use decide::{create, decide};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::draw::InspectionRequest;

/// An inspection plan. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Plan number.
    pub id: String,
    /// First day of the period (local date).
    pub period_start: NaiveDate,
    /// Last day of the period (local date, inclusive).
    pub period_end: NaiveDate,
    /// The commitment recorded before the period (64 lowercase hex digits).
    pub commitment: String,
    /// Who recorded it.
    pub committed_by: String,
    /// When.
    pub committed_at: DateTime<Utc>,
    /// What was revealed after the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revealed: Option<Revealed>,
    /// How many events brought it to its state.
    pub events: u64,
    /// The instant of its latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
}

/// A plan's revelation: the seed and the request that give the committed plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revealed {
    /// The seed.
    pub seed: u64,
    /// The draw's request.
    pub request: InspectionRequest,
    /// Who revealed it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl Plan {
    /// Whether local date `day` lies in the plan's period.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.period_start <= day && day <= self.period_end
    }
}
