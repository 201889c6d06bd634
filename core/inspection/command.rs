//! The inspection commands (明查暗访): one struct per command body, in the wire form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::InspectionMode;

crate::codec::command_family! {
    /// A command on an inspection (明查暗访), by its wire name.
    pub enum InspectionCommand {
        /// An inspection of a unit opened, with its team.
        OpenInspection = "open_inspection",
        /// A finding recorded: a violation, and a rectification ordered when it is to be rectified.
        RecordFinding = "record_finding",
        /// The visit concluded, with its summary.
        CloseInspection = "close_inspection",
        /// A finding to rectify re-inspected.
        Reinspect = "reinspect",
    }
}

/// An inspection (明查暗访) of `unit` opened, announced or not.
///
/// Issued by a supervisor outside the unit. `inspectors` (at least one, no repeats) are supervisors
/// outside the unit, or appointed monitors (the organisation's `monitors`) serving on the day and not
/// affiliated with the unit. `plan` names a committed, still sealed inspection plan whose period holds
/// the day, when the inspection carries one out. Event: `inspection_opened`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "open_inspection", "case": "J1", "at": "2026-11-03T09:30:00+08:00", "actor": "s-sup",
    "unit": "amr", "mode": "unannounced", "inspectors": ["s-sup", "m-deputy"],
}))]
pub struct OpenInspection {
    /// Inspection number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The unit inspected.
    pub unit: String,
    /// Announced or unannounced.
    pub mode: InspectionMode,
    /// The inspectors: staff supervisors or appointed monitors.
    pub inspectors: Vec<String>,
    /// The committed plan it carries out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

/// A finding of the inspection recorded (检查发现问题).
///
/// Issued by a member of the team (an inspector, or the supervisor who opened it; a monitor while
/// serving). `person` names the staff member of the inspected unit responsible, if known. `rectify`:
/// the unit is to rectify it: a rectification pledge `<inspection>-ZG<finding>` is ordered of the unit
/// at the same instant, and the finding awaits re-inspection after the visit. Events: `finding_recorded`,
/// `violation` (`inspection_finding`, against the person, else the unit head).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "record_finding", "case": "J1", "at": "2026-11-03T10:10:00+08:00", "actor": "m-deputy",
    "person": "s-clerk", "problem": "窗口人员离岗未挂去向牌，群众等候超过30分钟", "rectify": true,
}))]
pub struct RecordFinding {
    /// Inspection number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// A member of the team.
    pub actor: String,
    /// The staff member of the inspected unit responsible, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// What was found.
    pub problem: String,
    /// Whether the unit is to rectify it.
    #[serde(default)]
    pub rectify: bool,
}

/// The visit concluded (检查结束), with its summary.
///
/// Issued by the supervisor who opened the inspection, or another supervisor outside the unit. Findings
/// to rectify then await re-inspection. Event: `inspection_closed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "close_inspection", "case": "J1", "at": "2026-11-03T11:00:00+08:00", "actor": "s-sup",
    "summary": "窗口纪律1项问题，责令整改",
}))]
pub struct CloseInspection {
    /// Inspection number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// What the inspection found overall.
    pub summary: String,
}

/// A finding to rectify re-inspected (整改复查).
///
/// Issued by a supervisor outside the unit, or a member of the team (a monitor while serving). `passed`
/// false: not rectified, a violation (`rectification_failed`, against the finding's person, else the unit
/// head), and the finding is re-inspected again. Events: `finding_reinspected` (and `violation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "reinspect", "case": "J1", "at": "2026-11-24T10:00:00+08:00", "actor": "s-sup",
    "finding": 1, "passed": true, "detail": "去向牌已挂，AB岗到位",
}))]
pub struct Reinspect {
    /// Inspection number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Who re-inspects.
    pub actor: String,
    /// The finding's number.
    #[schemars(range(min = 1, max = 4_294_967_295_u32))]
    pub finding: u32,
    /// Whether it was found rectified.
    pub passed: bool,
    /// What was seen.
    pub detail: String,
}
