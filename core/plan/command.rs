//! The inspection-plan commands (检查计划): one struct per command body, in the wire form.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::draw::InspectionRequest;

crate::codec::command_family! {
    /// A command on an inspection plan (检查计划), by its wire name.
    pub enum PlanCommand {
        /// A plan's commitment recorded before its period: the plan stays sealed.
        CommitPlan = "commit_plan",
        /// A plan revealed after its period: the seed and request, checked against the commitment.
        RevealPlan = "reveal_plan",
    }
}

/// An inspection plan's commitment recorded before its period (计划封存).
///
/// Issued by a supervisor, on a day before `period_start`. `commitment` is the plan's `commitment` as
/// the draw gives it (`xiaoneng::draw::inspection_plan`: 64 lowercase hex digits); the seed, the request
/// and the plan stay with the office until after the period. Event: `plan_committed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "commit_plan", "case": "P2026Q4", "at": "2026-09-25T09:00:00+08:00", "actor": "s-sup",
    "period_start": "2026-10-01", "period_end": "2026-12-31",
    "commitment": "5f1e0c3a9d2b7c4e8f6a1b0d3c5e7f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e",
}))]
pub struct CommitPlan {
    /// Plan number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// First day of the period (local date).
    #[schemars(with = "crate::codec::IsoDate")]
    pub period_start: NaiveDate,
    /// Last day of the period (local date, inclusive).
    #[schemars(with = "crate::codec::IsoDate")]
    pub period_end: NaiveDate,
    /// The plan's SHA-256 commitment (64 lowercase hex digits).
    pub commitment: String,
}

/// An inspection plan revealed after its period (计划公开).
///
/// Issued by a supervisor, on a day after `period_end`. The engine draws the plan again from `seed` and
/// `request` and checks that its commitment is the one recorded: a mismatch is refused (field `seed`) and
/// changes nothing. Event: `plan_revealed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "reveal_plan", "case": "P2026Q4", "at": "2027-01-04T09:00:00+08:00", "actor": "s-sup",
    "seed": 20261001,
    "request": {"units": [{"id": "amr", "stratum": "high", "exclude_inspectors": []},
                          {"id": "fire", "stratum": "high", "exclude_inspectors": []}],
                "inspectors": [{"id": "s-sup", "unit": "eff"}], "strata": {"high": 1}, "team_size": 1,
                "inspected_last_period": []},
}))]
pub struct RevealPlan {
    /// Plan number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The seed the plan was drawn with.
    pub seed: u64,
    /// The draw's request.
    #[schemars(with = "serde_json::Value")]
    pub request: InspectionRequest,
}
