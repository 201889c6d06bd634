//! Efficiency complaints (效能投诉): registered by the efficiency office from any channel, accepted or
//! declined within a limit, handled by the respondent unit or the office itself within a limit extendable
//! once, reviewed before closing by someone other than the handler, returned when unsatisfactory, replied
//! to (named complainants only), called back and re-checked (either may reopen it). A substantiated
//! complaint is a violation of the respondent. Commands in [`command`], their rules in `decide`, the one
//! function that changes a record in `apply`, its three limits' timers in `timers`, the transition table
//! in `transitions`.

mod apply;
pub mod command;
mod decide;
mod timers;
pub(crate) mod transitions;

pub use transitions::ComplaintState;

pub(crate) use decide::{create, decide};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::event::{Category, Channel, Complainant, Finding, Tier};

/// An efficiency complaint. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// Complaint number.
    pub id: String,
    /// How it came in.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// The unit complained about.
    pub respondent: String,
    /// The matter.
    pub subject: String,
    /// Who complained; absent for an anonymous complaint. Confidential: see [`Complaint::redacted`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complainant: Option<Complainant>,
    /// Whether the complainant's identity was withheld from this copy (a redacted view).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// The supervisor who registered it.
    pub registrar: String,
    /// The original complaint this one repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<String>,
    /// The acceptance-decision limit, from registration.
    pub acceptance: Clock,
    /// Who handles it, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// The handler (a staff id), once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// The current handling limit (from the acceptance, the last return or the last reopening).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling: Option<Clock>,
    /// Why it was declined, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined: Option<String>,
    /// The original it was merged into, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// What the latest handling found, while it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
    /// The staff member found responsible by the latest handling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// When it was last closed, while it stays closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// The reply limit of the last closing (named complainants only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Clock>,
    /// Returns as unsatisfactory (退回重办).
    #[serde(default)]
    pub returns: u32,
    /// Reopenings after an unsatisfied call-back or a failed re-check.
    #[serde(default)]
    pub reopenings: u32,
    /// Whether the acceptance limit passed undecided (recorded once).
    #[serde(default)]
    pub acceptance_breached: bool,
    /// Whether the current handling limit passed unhandled (recorded once per limit).
    #[serde(default)]
    pub handling_breached: bool,
    /// Whether the current reply limit passed without a reply (recorded once per limit).
    #[serde(default)]
    pub reply_breached: bool,
    /// How many events brought it to its state.
    pub events: u64,
    /// The instant of its latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
    /// Whether its timers could not be computed; it is no longer timed.
    #[serde(default)]
    pub faulted: bool,
}

impl Complaint {
    /// When it was registered.
    pub fn registered_at(&self) -> DateTime<Utc> {
        self.acceptance.started_at()
    }

    /// Whether the complainant withheld their identity (anonymous: no reply and no call-back).
    pub fn anonymous(&self) -> bool {
        self.complainant.is_none() && !self.redacted
    }

    /// Whether the latest closing found the complaint substantiated, wholly or in part.
    pub fn substantiated(&self) -> bool {
        self.closed_at.is_some() && self.finding.is_some_and(Finding::holds)
    }

    /// This complaint as someone other than a supervisor may see it: the complainant's identity withheld
    /// (`redacted` set when there was one to withhold).
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "register_complaint", "case": "T1",
    ///     "at": "2026-10-09T09:00:00+08:00", "actor": "s-sup", "channel": "phone", "category": "delay",
    ///     "respondent": "amr", "subject": "办件超期", "complainant": "张先生"}"#).unwrap()).unwrap();
    /// let seen = engine.complaint("T1").unwrap().redacted();
    /// assert!(seen.complainant.is_none() && seen.redacted && !seen.anonymous());
    /// ```
    pub fn redacted(&self) -> Complaint {
        let mut c = self.clone();
        if c.complainant.take().is_some() {
            c.redacted = true;
        }
        c
    }
}
