//! Inspections (明查暗访): the efficiency office visits a unit, announced or not, with a team of staff
//! supervisors and appointed monitors (效能监督员, serving their term, never of the unit they came from);
//! each finding is a violation against the person it names (else the unit head), and a finding to
//! rectify orders a rectification pledge of the unit and is re-inspected after the visit: a failed
//! re-inspection is a violation, and the finding is re-inspected again. An inspection may carry out a
//! committed plan (see [`crate::Plan`]). Commands in [`command`], their rules in `decide`, applying events
//! in `apply`, the transition table in `transitions`. No timers.

mod apply;
pub mod command;
mod decide;
pub(crate) mod transitions;

pub use transitions::InspectionState;

pub(crate) use decide::{create, decide};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::InspectionMode;

/// An inspection. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// Inspection number.
    pub id: String,
    /// The unit inspected.
    pub unit: String,
    /// Announced or unannounced.
    pub mode: InspectionMode,
    /// The inspectors (staff supervisors or appointed monitors).
    pub inspectors: Vec<String>,
    /// The committed plan it carries out, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The supervisor who opened it.
    pub opener: String,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// What it found, numbered from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<InspectionFinding>,
    /// When the visit concluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// The visit's summary.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// How many events brought it to its state.
    pub events: u64,
    /// The instant of its latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
}

/// A finding of an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionFinding {
    /// Its number in the inspection, from 1.
    pub number: u32,
    /// The staff member of the inspected unit it names, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// What was found.
    pub problem: String,
    /// Whether the unit is to rectify it.
    pub rectify: bool,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Its re-inspections, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reinspections: Vec<Reinspection>,
}

/// A re-inspection of a finding (整改复查).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reinspection {
    /// When.
    pub at: DateTime<Utc>,
    /// Who re-inspected.
    pub by: String,
    /// Whether it was found rectified.
    pub passed: bool,
    /// What was seen.
    pub detail: String,
}

impl InspectionFinding {
    /// Whether the finding awaits re-inspection: to rectify, and not yet found rectified.
    pub fn awaiting(&self) -> bool {
        self.rectify && !self.reinspections.last().is_some_and(|r| r.passed)
    }
}

impl Inspection {
    /// The rectification number a finding orders: `<inspection>-ZG<finding>`.
    ///
    /// ```
    /// assert_eq!(xiaoneng::Inspection::rectification_id("J1", 2), "J1-ZG2");
    /// ```
    pub fn rectification_id(id: &str, finding: u32) -> String {
        format!("{id}-ZG{finding}")
    }

    /// Whether `who` is on the team (an inspector, or the supervisor who opened it).
    pub fn on_team(&self, who: &str) -> bool {
        self.opener == who || self.inspectors.iter().any(|i| i == who)
    }
}
