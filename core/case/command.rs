//! The case's commands (办件): one struct per command body, in the wire form (JSON, internally tagged by
//! `type`, snake_case). Each body's doc comment is the single home of who may issue it, when, and what it
//! yields; docs, Python builders and stubs are generated from it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::PauseKind;
use crate::event::Opinion;

crate::codec::command_family! {
    /// A command on a case (办件), by its wire name.
    pub enum CaseCommand {
        /// Materials received at the window (收件). Starts the one-time-notice limit (art. 32).
        Receive = "receive",
        /// One-time notification (一次性告知) of every missing or defective material, in writing.
        NotifyCorrections = "notify_corrections",
        /// The applicant hands in corrected materials (补正).
        SubmitCorrections = "submit_corrections",
        /// Acceptance (受理): the decision clocks (statutory and pledged) start.
        Accept = "accept",
        /// Refusal to accept (不予受理), written, reasoned, with remedies (art. 38); reported to the superior.
        Refuse = "refuse",
        /// Negative-decision report (否定报备) to the superior leader.
        ReportNegative = "report_negative",
        /// The current procedure step is done, by its post's acting holder.
        CompleteStep = "complete_step",
        /// A special procedure (art. 45) stops the clocks; the applicant is told in writing.
        Pause = "pause",
        /// The special procedure is over; the clocks run again.
        Resume = "resume",
        /// Extension (延期) by the approver role, with the reason told to the applicant (art. 42).
        Extend = "extend",
        /// The decision (决定): approval, or denial with reasons, basis and remedies (art. 38).
        Decide = "decide",
        /// Certificate delivered (送达, art. 44); the case closes.
        Deliver = "deliver",
        /// A consulted department's opinion in joint review (并联审批).
        JointReply = "joint_reply",
        /// A consulted department did not attend a joint review meeting or site survey.
        JointAbsence = "joint_absence",
        /// The applicant rates the service (好差评) after closure: 5 非常满意 .. 1 非常不满意.
        Rate = "rate",
        /// A bad rating was verified and rectified (整改).
        FollowUpRating = "follow_up_rating",
        /// The unit terminates the procedure (终止办理); the case closes without a decision.
        Terminate = "terminate",
        /// The applicant withdraws; the case closes without a decision.
        Withdraw = "withdraw",
        /// The applicant is told in writing of the right to request a hearing (art. 47).
        NotifyHearingRight = "notify_hearing_right",
        /// The applicant requests a hearing, within the request limit (art. 47).
        RequestHearing = "request_hearing",
        /// The hearing is held, within the hold limit of the request (art. 47).
        HoldHearing = "hold_hearing",
    }
}

/// Materials received at the window (收件); starts the one-time-notice limit (art. 32).
///
/// Issued by a window clerk, delegated chief representative or unit head of the item's unit, or of a central intake
/// window (集中受理, the policy's `intake`) that takes the item in, for a new case number and an item in
/// the catalog. Event: `received`; for a renewal (`renewal_of_expiry`, art. 50) also `renewal_of`, saying
/// whether it was applied for in time (the policy's `renewal.lead` before the expiry): an in-time renewal
/// undecided at the expiry is deemed granted at that instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "receive", "case": "C1", "at": "2026-09-28T09:00:00+08:00", "actor": "s-clerk",
    "item": "330100-FOOD-001", "applicant": "某餐饮有限公司", "materials": ["食品经营许可申请书"],
}))]
pub struct Receive {
    /// Case number (host-supplied; new).
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the window clerk.
    pub actor: String,
    /// Service item code.
    pub item: String,
    /// Applicant (name or id): the only one who may later `rate` the service.
    pub applicant: String,
    /// Materials received (names as in the item's list).
    #[serde(default)]
    pub materials: Vec<String>,
    /// For the renewal of a licence (延续, art. 50): when the licence expires (after `at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub renewal_of_expiry: Option<DateTime<Utc>>,
}

/// One-time notification (一次性告知): every missing or defective material, told at once, in writing.
///
/// Issued by a window clerk, delegated chief representative or unit head of the case's unit or of an intake window
/// that takes its item in, while the case is `received`. Events: `corrections_notified`, plus a
/// `violation` `repeated_notice` when a second notice lists items the new materials did not cause (art.
/// 32). A notice after corrections answers them in time (the acceptance limit after corrections stops).
/// Where the policy sets the applicant's limit (`corrections.applicant_limit`), it starts: when it passes
/// without corrections, `corrections_overdue` (the window may then refuse; nothing is refused by itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "notify_corrections", "case": "C1", "at": "2026-09-28T09:30:00+08:00", "actor": "s-clerk",
    "missing": ["营业执照复印件"],
}))]
pub struct NotifyCorrections {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Every missing or defective item.
    pub missing: Vec<String>,
}

/// The applicant hands in corrected materials (补正), directly or through the window.
///
/// Issued by the applicant as named at `receive` (online, by post), or by a window clerk, delegated chief
/// representative or unit head of the case's unit or of an intake window that takes its item in (it
/// takes the materials it asked for), while the case is `awaiting_correction`. Event:
/// `corrections_submitted`: the case is `received` again and the acceptance limit after corrections
/// (the policy's `corrections.acceptance_limit`, the one-time-notice limit when absent) starts; when it
/// passes without an acceptance, refusal or further notice, a `violation` `late_acceptance` and
/// `accepted` with `deemed: true`, effective from the corrections (art. 32).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "submit_corrections", "case": "C1", "at": "2026-09-29T09:00:00+08:00", "actor": "s-clerk",
    "materials": ["营业执照复印件"],
}))]
pub struct SubmitCorrections {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// The applicant, or the staff id of the clerk who takes them.
    pub actor: String,
    /// Materials handed in.
    pub materials: Vec<String>,
}

/// Acceptance (受理): the decision clocks (statutory and pledged) start.
///
/// Issued by a window clerk, delegated chief representative or unit head of the case's unit or of an intake window
/// that takes its item in, while the case is `received`. Event: `accepted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "accept", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-clerk",
}))]
pub struct Accept {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// Refusal to accept (不予受理): written, reasoned, with legal basis and remedies (art. 38).
///
/// Issued by a window clerk, delegated chief representative or unit head of the case's unit or of an intake window
/// that takes its item in, while the case is `received` or `awaiting_correction`; `reasons`, `legal_basis` and `remedies` must not be empty. Event: `refused` (the
/// negative-report limit starts: the refusal is to be reported to the superior, `report_negative`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "refuse", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk",
    "reasons": "不属于本机关职权范围", "legal_basis": "《行政许可法》第三十二条", "remedies": "可于六十日内申请行政复议",
}))]
pub struct Refuse {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Reasons.
    pub reasons: String,
    /// Legal basis.
    pub legal_basis: String,
    /// The rights to administrative reconsideration or suit.
    pub remedies: String,
}

/// Negative-decision report (否定报备) of a refusal or denial to the superior leader.
///
/// Issued by a staff member of the deciding unit (the case's unit) while the case is `refused` or `denied`
/// and not yet reported; `superior` must be a unit head of the case's unit or of its superior unit.
/// Event: `negative_reported`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "report_negative", "case": "C1", "at": "2026-09-28T15:00:00+08:00", "actor": "s-clerk",
    "superior": "s-head",
}))]
pub struct ReportNegative {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Staff id of the leader reported to: a unit head of the case's unit or of its superior unit.
    pub superior: String,
}

/// The current procedure step is done, by the acting holder of its post.
///
/// Issued by the acting holder of the step's post: A, or B while A is away, or the unit head while both
/// are away (then also a `violation` `ab_both_absent`). Allowed while the case is `accepted`, not paused,
/// with steps left. Event: `step_completed` with `by` (`{"via": "holder" | "backup" | "unit_head", ...}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "complete_step", "case": "C1", "at": "2026-10-12T10:00:00+08:00", "actor": "s-rev2",
}))]
pub struct CompleteStep {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// A special procedure (art. 45: hearing, inspection, appraisal, ...) stops the clocks (the decision, the
/// current step's and a joint item's consult limit); the applicant is told in writing.
///
/// Issued by the acting holder of the current step's post or a unit head of the case's unit (once every
/// step is done, the unit head only), while the case is `accepted` and not paused; `kind` must be among the item's special procedures and `notice` must not
/// be empty. Event: `paused`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "pause", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-rev",
    "kind": "inspection", "notice": "检验检测告知书",
}))]
pub struct Pause {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Which procedure.
    pub kind: PauseKind,
    /// The written notice to the applicant (not empty).
    pub notice: String,
}

/// The special procedure is over; the clocks run again.
///
/// Issued as `pause`, while the case is paused. Event: `resumed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "resume", "case": "C1", "at": "2026-10-09T10:00:00+08:00", "actor": "s-rev",
}))]
pub struct Resume {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// Extension (延期) of the decision limit, with the reason told to the applicant (art. 42).
///
/// Issued by the policy's approver role (`extension.approver_role`, `unit_head` in the presets) of the
/// case's unit or of its superior unit (a `supervisor` approver: any supervisor of the efficiency office),
/// while the case is `accepted` and before the limit expires, within the policy's count and total. Event:
/// `extended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "extend", "case": "C1", "at": "2026-10-08T09:00:00+08:00", "actor": "s-head", "amount": 10,
    "reason": "需要现场核查",
}))]
pub struct Extend {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the approver.
    pub actor: String,
    /// Units added, in the limit's unit.
    #[schemars(range(min = 1, max = crate::clock::MAX_AMOUNT))]
    pub amount: u32,
    /// Reason.
    pub reason: String,
}

/// The decision (决定): approval, or denial with reasons, legal basis and remedies (art. 38).
///
/// Issued by a unit head, delegated chief representative or reviewer of the case's unit, while the case is `accepted`
/// and not paused, once every procedure step is completed (`complete_step`; a decision, approval or
/// denial, concludes the procedure); an approval needs every joint party's opinion. Event: `decided`
/// (approval: the delivery limit starts; denial: the negative-report limit starts and the case closes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "decide", "case": "C1", "at": "2026-10-14T10:00:00+08:00", "actor": "s-head", "approve": true,
}))]
pub struct Decide {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Approve or deny.
    pub approve: bool,
    /// Reasons (required, not empty, for a denial).
    #[serde(default)]
    pub reasons: String,
    /// Legal basis (required, not empty, for a denial).
    #[serde(default)]
    pub legal_basis: String,
    /// Remedies: the rights to reconsideration or suit (required, not empty, for a denial).
    #[serde(default)]
    pub remedies: String,
}

/// The certificate is delivered (送达, art. 44); the case closes.
///
/// Issued by a window clerk, delegated chief representative or unit head of the case's unit (not an intake window)
/// while the case is `approved`. Event: `delivered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "deliver", "case": "C1", "at": "2026-10-15T15:00:00+08:00", "actor": "s-clerk",
}))]
pub struct Deliver {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// A consulted department's opinion in joint review (并联审批, 会签).
///
/// Issued by a reviewer, delegated chief representative or head of the consulted `unit` while the case is `accepted`
/// and that unit is pending. Event: `joint_opinion` (an `other` reply, or a disagreement without reasons
/// where the policy says so, counts as `agree` with `deemed` saying why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "joint_reply", "case": "J1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-fire",
    "unit": "fire", "opinion": "disagree", "reasons": "疏散通道宽度不足",
}))]
pub struct JointReply {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the replying department's reviewer or head.
    pub actor: String,
    /// The consulted unit.
    pub unit: String,
    /// The opinion.
    pub opinion: Opinion,
    /// Reasons (a disagreement needs them, or it counts as agreement where the policy says so).
    #[serde(default)]
    pub reasons: String,
}

/// A consulted department did not attend the joint review meeting or site survey (held at `at`).
///
/// Issued by a staff member of the lead unit, as `joint_reply`. Event: `joint_opinion` deemed `absence`
/// (缺席默认) when unexcused and the policy has absence default; otherwise none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "joint_absence", "case": "J1", "at": "2026-09-29T15:00:00+08:00", "actor": "s-rev",
    "unit": "fire",
}))]
pub struct JointAbsence {
    /// Case number.
    pub case: String,
    /// When (the meeting).
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the lead unit recording it.
    pub actor: String,
    /// The absent unit.
    pub unit: String,
    /// Whether the absence was excused in advance.
    #[serde(default)]
    pub excused: bool,
}

/// The applicant rates the service (好差评) after closure: 5 非常满意 .. 1 非常不满意.
///
/// `actor` is the applicant as named at `receive`. Allowed once the case is closed (refused, denied,
/// delivered) and not yet rated. Event: `rated`; a level of 1 or 2 (a bad rating) starts the follow-up
/// limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "rate", "case": "C1", "at": "2026-10-16T09:00:00+08:00", "actor": "某餐饮有限公司", "level": 5,
}))]
pub struct Rate {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// The applicant, as named when the case was received.
    pub actor: String,
    /// Level 1..=5; 1 and 2 are bad ratings.
    #[schemars(range(min = 1, max = 5))]
    pub level: u8,
    /// Whether the rating is real-name (a real-name bad rating gets a call-back).
    #[serde(default)]
    pub real_name: bool,
    /// Comment.
    #[serde(default)]
    pub comment: String,
}

/// A bad rating was verified and rectified (整改).
///
/// Issued by a unit head of the case's unit (the rated unit rectifies) or a supervisor of the efficiency
/// office (any unit: verifying a bad rating is supervisory) while a bad rating awaits follow-up. Event:
/// `rating_followed_up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "follow_up_rating", "case": "C1", "at": "2026-10-20T09:00:00+08:00", "actor": "s-sup",
    "result": "已回访，窗口人员作书面检查",
}))]
pub struct FollowUpRating {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id (a unit head of the case's unit, or a supervisor).
    pub actor: String,
    /// What was found and done.
    pub result: String,
}

/// The unit terminates the procedure (终止办理), e.g. the applicant died or dissolved, or the matter
/// lapsed; the case closes without a decision and its timers stop.
///
/// Issued by the head of the case's unit, with the reason, while the case is neither closed nor approved.
/// Event: `terminated`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "terminate", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-head",
    "reason": "申请人已注销",
}))]
pub struct Terminate {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the unit head.
    pub actor: String,
    /// Why (recorded, told to the applicant).
    pub reason: String,
}

/// The applicant withdraws; the case closes without a decision and its timers stop.
///
/// Recorded by a window clerk, delegated chief representative or unit head of the case's unit (not an intake window)
/// while the case is neither closed nor approved. Event: `withdrawn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "withdraw", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-clerk",
}))]
pub struct Withdraw {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id recording it.
    pub actor: String,
}

/// The applicant is told in writing of the right to request a hearing (告知听证权利, art. 47).
///
/// Issued by a unit head, delegated chief representative or reviewer of the case's unit, while the case is `accepted`,
/// once per case, for an item whose special procedures include `hearing`; `notice` must not be empty.
/// Event: `hearing_right_notified` (the request limit, the policy's `hearing.request_limit`, starts; when it
/// passes without a request, `hearing_right_lapsed`: the right has ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "notify_hearing_right", "case": "C1", "at": "2026-09-30T10:00:00+08:00", "actor": "s-rev",
    "notice": "听证权利告知书",
}))]
pub struct NotifyHearingRight {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The written notice to the applicant (not empty).
    pub notice: String,
}

/// The applicant requests a hearing (申请听证, art. 47).
///
/// `actor` is the applicant as named at `receive`, while the case is `accepted`, after
/// `notify_hearing_right` and before its request limit passes (a late request is refused: the right has
/// ended). Event: `hearing_requested`: the hold limit (the policy's `hearing.hold_limit`) starts, and the
/// decision and step clocks pause with kind `hearing` (art. 45: hearing time is not counted) until
/// `hold_hearing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "request_hearing", "case": "C1", "at": "2026-10-09T10:00:00+08:00", "actor": "某餐饮有限公司",
}))]
pub struct RequestHearing {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// The applicant, as named when the case was received.
    pub actor: String,
}

/// The hearing is held (举行听证, art. 47).
///
/// Issued by a unit head, delegated chief representative or reviewer of the case's unit, while the case is `accepted`
/// and a requested hearing is pending. Event: `hearing_held`: the hold limit completes and the clocks
/// paused for the hearing run again; held after the hold limit, a `violation` `late_hearing` (recorded
/// once, at the limit when a timer finds it first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "hold_hearing", "case": "C1", "at": "2026-10-20T10:00:00+08:00", "actor": "s-rev",
}))]
pub struct HoldHearing {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}
