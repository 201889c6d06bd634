//! The efficiency-complaint commands (效能投诉): one struct per command body, in the wire form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::codec::command_family! {
    /// A command on an efficiency complaint (效能投诉), by its wire name.
    pub enum ComplaintCommand {
        /// An efficiency complaint registered (效能投诉登记) against a respondent unit.
        RegisterComplaint = "register_complaint",
        /// The efficiency office accepts a complaint and assigns it (分级办理).
        AcceptComplaint = "accept_complaint",
        /// The efficiency office does not accept a complaint (不予受理), with the reason.
        DeclineComplaint = "decline_complaint",
        /// Handling extended once, with approval, for a complex complaint.
        ExtendComplaint = "extend_complaint",
        /// The handler's result, for review before closing.
        HandleComplaint = "handle_complaint",
        /// Reviewed and approved (审核办结); the complaint is closed.
        CloseComplaint = "close_complaint",
        /// Reviewed and returned as unsatisfactory (退回重办), with a reason and a new limit.
        ReturnComplaint = "return_complaint",
        /// The named complainant is replied to.
        ReplyComplaint = "reply_complaint",
        /// A call-back to the complainant (回访) after closing; not satisfied reopens.
        CallBackComplaint = "call_back_complaint",
        /// A periodic re-check (定期复查) of a closed complaint; a result that no longer holds reopens.
        RecheckComplaint = "recheck_complaint",
        /// A duplicate letter merged into its original (合并办理).
        MergeComplaint = "merge_complaint",
    }
}

/// An efficiency complaint registered (效能投诉登记) against a respondent unit.
///
/// Issued by a supervisor of the efficiency office (role `supervisor`), the complaint centre that takes
/// complaints in from every channel. `case` is a new complaint number (complaints share the case-number
/// space). `complainant` is confidential: only supervisors see it; leave it out for an anonymous complaint,
/// which gets no reply and no reply clock. A complaint about the same matter (same respondent unit, similar
/// text, within the policy's window) is linked to the original as a repeat (`repeat_of`). Event:
/// `complaint_registered`; the acceptance limit starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "register_complaint", "case": "T1", "at": "2026-10-09T09:00:00+08:00", "actor": "s-sup",
    "channel": "hotline_12345", "category": "delay", "respondent": "amr",
    "subject": "食品经营许可申请材料齐全，超过承诺时限仍未办结", "complainant": "张先生", "contact": "138****0000",
}))]
pub struct RegisterComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// How it came in.
    pub channel: crate::event::Channel,
    /// What it is about.
    pub category: crate::event::Category,
    /// The unit complained about (a unit id).
    pub respondent: String,
    /// The matter, in the complainant's words.
    pub subject: String,
    /// Who complained (a name); absent for an anonymous complaint. Confidential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complainant: Option<String>,
    /// How to reach the complainant (telephone, address). Confidential.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
}

/// The efficiency office accepts a complaint and assigns it (分级办理).
///
/// Issued by a supervisor. `tier` `unit` refers it to the respondent unit: `handler` must be a staff member
/// of that unit (another unit's staff member is refused); `office` keeps it in the efficiency office:
/// `handler` must be a supervisor. Event: `complaint_accepted`; the acceptance limit stops and the handling
/// limit starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "accept_complaint", "case": "T1", "at": "2026-10-10T09:00:00+08:00", "actor": "s-sup",
    "tier": "unit", "handler": "s-head",
}))]
pub struct AcceptComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Who handles it.
    pub tier: crate::event::Tier,
    /// The handler (a staff id).
    pub handler: String,
}

/// The efficiency office does not accept a complaint (不予受理), with the reason.
///
/// Issued by a supervisor, with a reason (required: the complainant is told why). Event:
/// `complaint_declined`; the complaint is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "decline_complaint", "case": "T1", "at": "2026-10-10T09:00:00+08:00", "actor": "s-sup",
    "reason": "不属于效能投诉受理范围，已告知向法院起诉",
}))]
pub struct DeclineComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Why.
    pub reason: String,
}

/// Handling extended once, with approval, for a complex complaint.
///
/// Issued by a supervisor other than the handler, who approves it (the handler cannot approve their own
/// extension), before the handling limit passes, once, by at most the policy's
/// `complaints.extension_limit`, with a reason. Event: `complaint_extended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "extend_complaint", "case": "T1", "at": "2026-10-20T09:00:00+08:00", "actor": "s-sup",
    "amount": 10, "reason": "涉及多个部门，需调取档案",
}))]
pub struct ExtendComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Units added (in the handling limit's unit).
    pub amount: u32,
    /// Why.
    pub reason: String,
}

/// The handler's result, for review before closing.
///
/// Issued by the handler only (a person: another staff member of the same unit is refused). A finding that
/// holds (`substantiated`, `partly`) names the staff member found `responsible` (of the respondent unit).
/// Event: `complaint_handled`; the handling limit stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "handle_complaint", "case": "T1", "at": "2026-10-15T09:00:00+08:00", "actor": "s-head",
    "finding": "substantiated", "summary": "审核岗超时未办，已督促办结并约谈", "responsible": "s-rev",
}))]
pub struct HandleComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// What handling found.
    pub finding: crate::event::Finding,
    /// What was found and done.
    pub summary: String,
    /// The staff member found responsible (required when the finding holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
}

/// Reviewed and approved (审核办结); the complaint is closed.
///
/// Issued by a supervisor other than the handler (review before closing is by a different person: the
/// handler is refused). A finding that holds records the `substantiated_complaint` violation against the
/// responsible staff member, the respondent unit and its head. Events: `complaint_closed` (and
/// `violation`); a named complainant's reply limit starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "close_complaint", "case": "T1", "at": "2026-10-16T09:00:00+08:00", "actor": "s-sup",
}))]
pub struct CloseComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// Reviewed and returned as unsatisfactory (退回重办), with a reason and a new limit.
///
/// Issued by a supervisor other than the handler, with a reason and a new handling limit (in the policy's
/// handling unit), from the return. Event: `complaint_returned`; the handler handles it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "return_complaint", "case": "T1", "at": "2026-10-16T09:00:00+08:00", "actor": "s-sup",
    "reason": "未说明整改措施", "amount": 5,
}))]
pub struct ReturnComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Why.
    pub reason: String,
    /// The new handling limit, from the return, in the policy's handling-limit unit.
    pub amount: u32,
}

/// The named complainant is replied to.
///
/// Issued by the handler or a supervisor, once the complaint is closed, for a named complainant (an
/// anonymous complaint gets no reply: refused), once. Event: `complaint_replied`; the reply limit stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "reply_complaint", "case": "T1", "at": "2026-10-17T09:00:00+08:00", "actor": "s-sup",
    "reply": "您反映的问题属实，已责令整改并办结",
}))]
pub struct ReplyComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The reply.
    pub reply: String,
}

/// A call-back to the complainant (回访) after closing; not satisfied reopens.
///
/// Issued by a supervisor, for a closed complaint with a named complainant (an anonymous one cannot be
/// called back). `satisfied: false` reopens the complaint: the handler handles it again within the policy's
/// handling limit. Event: `complaint_called_back`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "call_back_complaint", "case": "T1", "at": "2026-10-20T09:00:00+08:00", "actor": "s-sup",
    "satisfied": false, "note": "仍未取得许可证",
}))]
pub struct CallBackComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Whether the complainant was satisfied.
    pub satisfied: bool,
    /// What they said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A periodic re-check (定期复查) of a closed complaint; a result that no longer holds reopens.
///
/// Issued by a supervisor, for a closed complaint. `holds: false` reopens it like an unsatisfied call-back.
/// Event: `complaint_rechecked`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "recheck_complaint", "case": "T1", "at": "2026-12-01T09:00:00+08:00", "actor": "s-sup",
    "holds": true, "note": "整改措施落实到位",
}))]
pub struct RecheckComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Whether the result holds.
    pub holds: bool,
    /// What was found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A duplicate letter merged into its original (合并办理).
///
/// Issued by a supervisor, before the duplicate is handled, into an existing complaint other than itself
/// (its `repeat_of` when it was linked). The duplicate keeps its complainant (the original's supervisor
/// view lists every complainant merged into it) and is closed; the original carries the matter. Event:
/// `complaint_merged`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "merge_complaint", "case": "T2", "at": "2026-10-09T10:00:00+08:00", "actor": "s-sup",
    "into": "T1",
}))]
pub struct MergeComplaint {
    /// Complaint number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The original complaint.
    pub into: String,
}
