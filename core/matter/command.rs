//! The accountability commands (问责): one struct per command body, in the wire form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::codec::command_family! {
    /// A command on an accountability matter (问责事项), by its wire name.
    pub enum MatterCommand {
        /// An accountability matter opened on a registered violation, or by a trigger from outside the
        /// flow; the ladder proposes its sanction.
        OpenMatter = "open_matter",
        /// A supervisor confirms or changes the proposed sanction (a change with a reason).
        DecideSanction = "decide_sanction",
    }
}

/// An accountability matter (问责事项) opened; the policy's sanction ladder proposes its sanction.
///
/// Issued by a supervisor outside the unit of the person held to account. Either on a registered
/// violation (`violation`: its sequence number in the register; the facts are the violation's: its rule,
/// the person responsible, the unit and its head, its instant; one matter per violation), or by a
/// `trigger` from outside the flow (media exposure, a leader's instruction, a complaint unresolved past a
/// limit) naming the `person`, their `unit` and what happened (`detail`), which also records an
/// `accountability_triggered` violation in the register. `severity` is the office's judgement. The ladder
/// counts the person's sanctions confirmed before. `case` is a new matter number. Events: `matter_opened`
/// (and `violation` for a trigger), `sanction_proposed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "open_matter", "case": "W1", "at": "2026-11-20T09:00:00+08:00", "actor": "s-sup",
    "violation": 12, "severity": "ordinary",
}))]
pub struct OpenMatter {
    /// Matter number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The registered violation (its sequence number), unless a trigger opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 9_007_199_254_740_991_u64))]
    pub violation: Option<u64>,
    /// What opened it from outside the flow, unless a violation did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<crate::event::Trigger>,
    /// The person held to account (a staff id), for a trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// What happened, for a trigger.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// How serious it is.
    pub severity: crate::sanction::Severity,
}

/// A supervisor confirms or changes the proposed sanction (确认或变更).
///
/// Issued by a supervisor outside the unit of the person held to account, who is not that person.
/// `confirm` true takes the proposal as it is (`note` optional); false changes it: the `measures` decided
/// (wire names, `public_criticism:2` for a measure with a level; none: no measure), the `effects` (the
/// proposal's when absent) and the `unit_points` (the proposal's when absent), with a `reason` (required).
/// Event: `sanction_decided`; the sanction holds and is filed (备案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "decide_sanction", "case": "W1", "at": "2026-11-23T09:00:00+08:00", "actor": "s-sup2",
    "confirm": true, "note": "经效能办集体研究",
}))]
pub struct DecideSanction {
    /// Matter number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Whether the proposal is confirmed as it is.
    pub confirm: bool,
    /// Why it was changed (required for a change).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// A note on a confirmation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The measures decided, for a change (`measure` or `measure:level`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    /// The effects decided, for a change; the proposal's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effects: Option<Vec<String>>,
    /// The unit points decided, for a change; the proposal's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1000))]
    pub unit_points: Option<u32>,
}
