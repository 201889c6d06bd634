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
    }
}

/// Materials received at the window (收件). Starts the one-time-notice limit (art. 32).
///
/// Who: window clerk, chief representative or unit head. When: new case number; item in the catalog. Yields:
/// `received`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receive {
    /// Case number (host-supplied).
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the window clerk.
    pub actor: String,
    /// Service item code.
    pub item: String,
    /// Applicant (name or id).
    pub applicant: String,
    /// Materials received (names as in the item's list).
    #[serde(default)]
    pub materials: Vec<String>,
}

/// One-time notification (一次性告知) of every missing or defective material, in writing.
///
/// Who: window clerk, chief representative or unit head. When: `received`. Yields: `corrections_notified`; plus
/// `violation` `repeated_notice` when a second notice lists items the new materials did not cause (art. 32).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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

/// The applicant hands in corrected materials (补正).
///
/// Who: window clerk, chief representative or unit head. When: `awaiting_correction`. Yields:
/// `corrections_submitted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitCorrections {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the clerk who takes them.
    pub actor: String,
    /// Materials handed in.
    pub materials: Vec<String>,
}

/// Acceptance (受理): the decision clocks (statutory and pledged) start.
///
/// Who: window clerk, chief representative or unit head. When: `received`. Yields: `accepted` (decision clocks
/// start: statutory and pledged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// Refusal to accept (不予受理), written, reasoned, with remedies (art. 38); reported to the superior.
///
/// Who: window clerk, chief representative or unit head. When: `received` or `awaiting_correction`. Yields:
/// `refused` (negative-report limit starts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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
    /// Rights to reconsideration or suit.
    pub remedies: String,
}

/// Negative-decision report (否定报备) to the superior leader.
///
/// Who: any staff member. When: `refused` or `denied`, report not yet made. Yields: `negative_reported`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportNegative {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Staff id of the superior leader reported to.
    pub superior: String,
}

/// The current procedure step is done, by its post's acting holder.
///
/// Who: the acting holder of the current step's post: A, or B while A is away, or the unit head while both are
/// away. When: `accepted`, not paused, steps left. Yields: `step_completed` (with `by`: holder / backup /
/// unit_head); plus `violation` `ab_both_absent` when the unit head covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteStep {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// A special procedure (art. 45) stops the clocks; the applicant is told in writing.
///
/// Who: acting holder of the current step's post, or a unit head of the case's unit. When: `accepted`, not
/// paused; `kind` among the item's special procedures. Yields: `paused`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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
    /// The written notice to the applicant.
    pub notice: String,
}

/// The special procedure is over; the clocks run again.
///
/// Who: as `pause`. When: paused. Yields: `resumed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resume {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// Extension (延期) by the approver role, with the reason told to the applicant (art. 42).
///
/// Who: the policy's approver role (`unit_head` in the presets, art. 42). When: `accepted`, before the limit
/// expires, within the policy's count and total. Yields: `extended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extend {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the approver.
    pub actor: String,
    /// Units added: 1..=100000, and within the policy's extension rule (count, total).
    #[schemars(range(min = 1, max = 100000))]
    pub amount: u32,
    /// Reason.
    pub reason: String,
}

/// The decision (决定): approval, or denial with reasons, basis and remedies (art. 38).
///
/// Who: acting holder of the current step's post, or a unit head. When: `accepted`, not paused; an approval
/// needs every joint party's opinion. Yields: `decided` (approval: delivery limit starts; denial:
/// negative-report limit starts, case closes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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
    /// Reasons (required for a denial).
    #[serde(default)]
    pub reasons: String,
    /// Legal basis (required for a denial).
    #[serde(default)]
    pub legal_basis: String,
    /// Remedies (required for a denial).
    #[serde(default)]
    pub remedies: String,
}

/// Certificate delivered (送达, art. 44); the case closes.
///
/// Who: window clerk, chief representative or unit head. When: `approved`. Yields: `delivered` (case closes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliver {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
}

/// A consulted department's opinion in joint review (并联审批).
///
/// Who: a reviewer, chief representative or head of the consulted unit. When: `accepted`, that unit consulted
/// and pending. Yields: `joint_opinion` (an `other` reply, or a disagreement without reasons where the policy
/// says so, counts as `agree` with `deemed` saying why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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

/// A consulted department did not attend a joint review meeting or site survey.
///
/// Who: a staff member of the lead unit. When: as `joint_reply`. Yields: `joint_opinion` deemed `absence` when
/// unexcused and the policy has absence default; otherwise none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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
    pub excused: bool,
}

/// The applicant rates the service (好差评) after closure: 5 非常满意 .. 1 非常不满意.
///
/// Who: the applicant. When: closed (refused, denied, delivered), not yet rated. Yields: `rated`; a level of 1
/// or 2 starts the follow-up limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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
/// Who: a unit head or supervisor. When: a bad rating awaiting follow-up. Yields: `rating_followed_up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRating {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id (a unit head or supervisor).
    pub actor: String,
    /// What was found and done.
    pub result: String,
}

/// The unit terminates the procedure (终止办理), e.g. the applicant died or dissolved, or the matter
/// lapsed; the case closes without a decision.
///
/// Who: the head of the case's unit. When: not closed and not approved. Yields: `terminated` (case closes,
/// timers stop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
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

/// The applicant withdraws; the case closes without a decision.
///
/// Who: window clerk, chief representative or unit head. When: not closed and not approved. Yields: `withdrawn`
/// (case closes, timers stop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdraw {
    /// Case number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id recording it.
    pub actor: String,
}
