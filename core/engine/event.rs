//! Commands in, events out: the wire forms of the engine (JSON, internally tagged, snake_case).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::{PauseKind, Signal};
use crate::org::Acting;

/// Current version of the command and event schema.
pub const EVENT_SCHEMA: u32 = 1;

/// A command: what a host says happened, with who did it and when. Every command names its case, its
/// instant and its actor; the engine checks the actor's post or role for the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Materials received at the window (收件); starts the one-time-notice limit (art. 32).
    ///
    /// Issued by a window clerk, chief representative or unit head, for a new case number and an item in the
    /// catalog. Event: `received`.
    #[schemars(example = serde_json::json!({
        "type": "receive", "case": "C1", "at": "2026-09-28T09:00:00+08:00", "actor": "s-clerk",
        "item": "330100-FOOD-001", "applicant": "某餐饮有限公司", "materials": ["食品经营许可申请书"],
    }))]
    Receive {
        /// Case number (host-supplied; new).
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the window clerk.
        actor: String,
        /// Service item code.
        item: String,
        /// Applicant (name or id): the only one who may later `rate` the service.
        applicant: String,
        /// Materials received (names as in the item's list).
        #[serde(default)]
        materials: Vec<String>,
    },
    /// One-time notification (一次性告知): every missing or defective material, told at once, in writing.
    ///
    /// Issued by a window clerk, chief representative or unit head while the case is `received`. Events:
    /// `corrections_notified`, plus a `violation` `repeated_notice` when a second notice lists items the new
    /// materials did not cause (art. 32).
    #[schemars(example = serde_json::json!({
        "type": "notify_corrections", "case": "C1", "at": "2026-09-28T09:30:00+08:00", "actor": "s-clerk",
        "missing": ["营业执照复印件"],
    }))]
    NotifyCorrections {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
        /// Every missing or defective item.
        missing: Vec<String>,
    },
    /// The applicant hands in corrected materials (补正); the clerk `actor` takes them.
    ///
    /// Issued by a window clerk, chief representative or unit head while the case is `awaiting_correction`.
    /// Event: `corrections_submitted`.
    #[schemars(example = serde_json::json!({
        "type": "submit_corrections", "case": "C1", "at": "2026-09-29T09:00:00+08:00", "actor": "s-clerk",
        "materials": ["营业执照复印件"],
    }))]
    SubmitCorrections {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the clerk who takes them.
        actor: String,
        /// Materials handed in.
        materials: Vec<String>,
    },
    /// Acceptance (受理): the decision clocks (statutory and pledged) start.
    ///
    /// Issued by a window clerk, chief representative or unit head while the case is `received`. Event:
    /// `accepted`.
    #[schemars(example = serde_json::json!({
        "type": "accept", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-clerk",
    }))]
    Accept {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
    },
    /// Refusal to accept (不予受理): written, reasoned, with legal basis and remedies (art. 38).
    ///
    /// Issued by a window clerk, chief representative or unit head while the case is `received` or
    /// `awaiting_correction`; `reasons`, `legal_basis` and `remedies` must not be empty. Event: `refused` (the
    /// negative-report limit starts: the refusal is to be reported to the superior, `report_negative`).
    #[schemars(example = serde_json::json!({
        "type": "refuse", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk",
        "reasons": "不属于本机关职权范围", "legal_basis": "《行政许可法》第三十二条", "remedies": "可于六十日内申请行政复议",
    }))]
    Refuse {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
        /// Reasons.
        reasons: String,
        /// Legal basis.
        legal_basis: String,
        /// The rights to administrative reconsideration or suit.
        remedies: String,
    },
    /// Negative-decision report (否定报备) of a refusal or denial to the superior leader.
    ///
    /// Any staff member may issue it while the case is `refused` or `denied` and not yet reported; `superior`
    /// must be a unit head. Event: `negative_reported`.
    #[schemars(example = serde_json::json!({
        "type": "report_negative", "case": "C1", "at": "2026-09-28T15:00:00+08:00", "actor": "s-clerk",
        "superior": "s-head",
    }))]
    ReportNegative {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
        /// Staff id of the superior leader reported to.
        superior: String,
    },
    /// The current procedure step is done, by the acting holder of its post.
    ///
    /// Issued by the acting holder of the step's post: A, or B while A is away, or the unit head while both
    /// are away (then also a `violation` `ab_both_absent`). Allowed while the case is `accepted`, not paused,
    /// with steps left. Event: `step_completed` with `by` (`{"via": "holder" | "backup" | "unit_head", ...}`).
    #[schemars(example = serde_json::json!({
        "type": "complete_step", "case": "C1", "at": "2026-10-12T10:00:00+08:00", "actor": "s-rev2",
    }))]
    CompleteStep {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
    },
    /// A special procedure (art. 45: hearing, inspection, appraisal, ...) stops the clocks; the applicant is
    /// told in writing.
    ///
    /// Issued by the acting holder of the current step's post or a unit head of the case's unit, while the case
    /// is `accepted` and not paused; `kind` must be among the item's special procedures and `notice` must not
    /// be empty. Event: `paused`.
    #[schemars(example = serde_json::json!({
        "type": "pause", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-rev",
        "kind": "inspection", "notice": "检验检测告知书",
    }))]
    Pause {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
        /// Which procedure.
        kind: PauseKind,
        /// The written notice to the applicant (not empty).
        notice: String,
    },
    /// The special procedure is over; the clocks run again.
    ///
    /// Issued as `pause`, while the case is paused. Event: `resumed`.
    #[schemars(example = serde_json::json!({
        "type": "resume", "case": "C1", "at": "2026-10-09T10:00:00+08:00", "actor": "s-rev",
    }))]
    Resume {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
    },
    /// Extension (延期) of the decision limit, with the reason told to the applicant (art. 42).
    ///
    /// Issued by the policy's approver role (`unit_head` in the presets) while the case is `accepted` and
    /// before the limit expires, within the policy's count and total. Event: `extended`.
    #[schemars(example = serde_json::json!({
        "type": "extend", "case": "C1", "at": "2026-10-08T09:00:00+08:00", "actor": "s-head", "amount": 10,
        "reason": "需要现场核查",
    }))]
    Extend {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the approver.
        actor: String,
        /// Units added, in the limit's unit.
        #[schemars(range(min = 1, max = crate::clock::MAX_AMOUNT))]
        amount: u32,
        /// Reason.
        reason: String,
    },
    /// The decision (决定): approval, or denial with reasons, legal basis and remedies (art. 38).
    ///
    /// Issued by the acting holder of the current step's post or a unit head, while the case is `accepted` and
    /// not paused; an approval needs every joint party's opinion. Event: `decided` (approval: the delivery
    /// limit starts; denial: the negative-report limit starts and the case closes).
    #[schemars(example = serde_json::json!({
        "type": "decide", "case": "C1", "at": "2026-10-14T10:00:00+08:00", "actor": "s-head", "approve": true,
    }))]
    Decide {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
        /// Approve or deny.
        approve: bool,
        /// Reasons (required, not empty, for a denial).
        #[serde(default)]
        reasons: String,
        /// Legal basis (required, not empty, for a denial).
        #[serde(default)]
        legal_basis: String,
        /// Remedies: the rights to reconsideration or suit (required, not empty, for a denial).
        #[serde(default)]
        remedies: String,
    },
    /// The certificate is delivered (送达, art. 44); the case closes.
    ///
    /// Issued by a window clerk, chief representative or unit head while the case is `approved`. Event:
    /// `delivered`.
    #[schemars(example = serde_json::json!({
        "type": "deliver", "case": "C1", "at": "2026-10-15T15:00:00+08:00", "actor": "s-clerk",
    }))]
    Deliver {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id.
        actor: String,
    },
    /// A consulted department's opinion in joint review (并联审批, 会签).
    ///
    /// Issued by a reviewer, chief representative or head of the consulted `unit` while the case is `accepted`
    /// and that unit is pending. Event: `joint_opinion` (an `other` reply, or a disagreement without reasons
    /// where the policy says so, counts as `agree` with `deemed` saying why).
    #[schemars(example = serde_json::json!({
        "type": "joint_reply", "case": "J1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-fire",
        "unit": "fire", "opinion": "disagree", "reasons": "疏散通道宽度不足",
    }))]
    JointReply {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the replying department's reviewer or head.
        actor: String,
        /// The consulted unit.
        unit: String,
        /// The opinion.
        opinion: Opinion,
        /// Reasons (a disagreement needs them, or it counts as agreement where the policy says so).
        #[serde(default)]
        reasons: String,
    },
    /// A consulted department did not attend the joint review meeting or site survey (held at `at`).
    ///
    /// Issued by a staff member of the lead unit, as `joint_reply`. Event: `joint_opinion` deemed `absence`
    /// (缺席默认) when unexcused and the policy has absence default; otherwise none.
    #[schemars(example = serde_json::json!({
        "type": "joint_absence", "case": "J1", "at": "2026-09-29T15:00:00+08:00", "actor": "s-rev",
        "unit": "fire",
    }))]
    JointAbsence {
        /// Case number.
        case: String,
        /// When (the meeting).
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the lead unit recording it.
        actor: String,
        /// The absent unit.
        unit: String,
        /// Whether the absence was excused in advance.
        #[serde(default)]
        excused: bool,
    },
    /// The applicant rates the service (好差评) after closure: 5 非常满意 .. 1 非常不满意.
    ///
    /// `actor` is the applicant as named at `receive`. Allowed once the case is closed (refused, denied,
    /// delivered) and not yet rated. Event: `rated`; a level of 1 or 2 (a bad rating) starts the follow-up
    /// limit.
    #[schemars(example = serde_json::json!({
        "type": "rate", "case": "C1", "at": "2026-10-16T09:00:00+08:00", "actor": "某餐饮有限公司", "level": 5,
    }))]
    Rate {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// The applicant, as named when the case was received.
        actor: String,
        /// Level 1..=5; 1 and 2 are bad ratings.
        #[schemars(range(min = 1, max = 5))]
        level: u8,
        /// Whether the rating is real-name (a real-name bad rating gets a call-back).
        #[serde(default)]
        real_name: bool,
        /// Comment.
        #[serde(default)]
        comment: String,
    },
    /// A bad rating was verified and rectified (整改).
    ///
    /// Issued by a unit head or supervisor while a bad rating awaits follow-up. Event: `rating_followed_up`.
    #[schemars(example = serde_json::json!({
        "type": "follow_up_rating", "case": "C1", "at": "2026-10-20T09:00:00+08:00", "actor": "s-sup",
        "result": "已回访，窗口人员作书面检查",
    }))]
    FollowUpRating {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id (a unit head or supervisor).
        actor: String,
        /// What was found and done.
        result: String,
    },
    /// The unit terminates the procedure (终止办理), e.g. the applicant died or dissolved, or the matter
    /// lapsed; the case closes without a decision and its timers stop.
    ///
    /// Issued by the head of the case's unit, with the reason, while the case is neither closed nor approved.
    /// Event: `terminated`.
    #[schemars(example = serde_json::json!({
        "type": "terminate", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-head",
        "reason": "申请人已注销",
    }))]
    Terminate {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the unit head.
        actor: String,
        /// Why (recorded, told to the applicant).
        reason: String,
    },
    /// A person's inquiry (首问), recorded by the first staff member asked.
    ///
    /// `case` is a new inquiry number (inquiries share the case-number space). When several staff members were
    /// asked at once, the highest-ranking of them is responsible (首问负责制). Event: `inquiry_recorded` with
    /// `responsible`; the policy's inquiry answer limit starts.
    #[schemars(example = serde_json::json!({
        "type": "record_inquiry", "case": "Q1", "at": "2026-09-28T09:00:00+08:00", "actor": "s-clerk",
        "person": "张先生", "topic": "食品经营许可所需材料", "also_asked": ["s-head"],
    }))]
    RecordInquiry {
        /// Inquiry number (host-supplied; shares the case-number space).
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id of the first person asked.
        actor: String,
        /// Who asked (name or contact).
        person: String,
        /// What about.
        topic: String,
        /// Other staff ids asked at the same time.
        #[serde(default)]
        also_asked: Vec<String>,
    },
    /// The responsible staff member answered, handled, or guided (transferred) the person who asked.
    ///
    /// Allowed once per recorded inquiry. Event: `inquiry_answered`.
    #[schemars(example = serde_json::json!({
        "type": "answer_inquiry", "case": "Q1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-head",
        "outcome": "guided", "guided_to": "县政务服务中心二楼 A12 窗口",
    }))]
    AnswerInquiry {
        /// Inquiry number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id: the responsible one.
        actor: String,
        /// How.
        outcome: InquiryOutcome,
        /// Where the person was guided to (required for `guided`).
        #[serde(default)]
        guided_to: String,
    },
    /// The applicant withdraws; the case closes without a decision and its timers stop.
    ///
    /// Recorded by a window clerk, chief representative or unit head while the case is neither closed nor
    /// approved. Event: `withdrawn`.
    #[schemars(example = serde_json::json!({
        "type": "withdraw", "case": "C1", "at": "2026-09-29T10:00:00+08:00", "actor": "s-clerk",
    }))]
    Withdraw {
        /// Case number.
        case: String,
        /// When.
        #[schemars(with = "crate::schema::Instant")]
        at: DateTime<Utc>,
        /// Staff id recording it.
        actor: String,
    },
}

impl Command {
    /// The case the command concerns.
    pub fn case(&self) -> &str {
        match self {
            Command::Receive { case, .. }
            | Command::NotifyCorrections { case, .. }
            | Command::SubmitCorrections { case, .. }
            | Command::Accept { case, .. }
            | Command::Refuse { case, .. }
            | Command::ReportNegative { case, .. }
            | Command::CompleteStep { case, .. }
            | Command::Pause { case, .. }
            | Command::Resume { case, .. }
            | Command::Extend { case, .. }
            | Command::Decide { case, .. }
            | Command::Deliver { case, .. }
            | Command::JointReply { case, .. }
            | Command::JointAbsence { case, .. }
            | Command::Rate { case, .. }
            | Command::FollowUpRating { case, .. }
            | Command::RecordInquiry { case, .. }
            | Command::AnswerInquiry { case, .. }
            | Command::Withdraw { case, .. }
            | Command::Terminate { case, .. } => case,
        }
    }

    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Command::Receive { at, .. }
            | Command::NotifyCorrections { at, .. }
            | Command::SubmitCorrections { at, .. }
            | Command::Accept { at, .. }
            | Command::Refuse { at, .. }
            | Command::ReportNegative { at, .. }
            | Command::CompleteStep { at, .. }
            | Command::Pause { at, .. }
            | Command::Resume { at, .. }
            | Command::Extend { at, .. }
            | Command::Decide { at, .. }
            | Command::Deliver { at, .. }
            | Command::JointReply { at, .. }
            | Command::JointAbsence { at, .. }
            | Command::Rate { at, .. }
            | Command::FollowUpRating { at, .. }
            | Command::RecordInquiry { at, .. }
            | Command::AnswerInquiry { at, .. }
            | Command::Withdraw { at, .. }
            | Command::Terminate { at, .. } => *at,
        }
    }

    /// Who did it.
    pub fn actor(&self) -> &str {
        match self {
            Command::Receive { actor, .. }
            | Command::NotifyCorrections { actor, .. }
            | Command::SubmitCorrections { actor, .. }
            | Command::Accept { actor, .. }
            | Command::Refuse { actor, .. }
            | Command::ReportNegative { actor, .. }
            | Command::CompleteStep { actor, .. }
            | Command::Pause { actor, .. }
            | Command::Resume { actor, .. }
            | Command::Extend { actor, .. }
            | Command::Decide { actor, .. }
            | Command::Deliver { actor, .. }
            | Command::JointReply { actor, .. }
            | Command::JointAbsence { actor, .. }
            | Command::Rate { actor, .. }
            | Command::FollowUpRating { actor, .. }
            | Command::RecordInquiry { actor, .. }
            | Command::AnswerInquiry { actor, .. }
            | Command::Withdraw { actor, .. }
            | Command::Terminate { actor, .. } => actor,
        }
    }

    /// Reads a command from JSON, naming the offending field on error.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for malformed commands, unknown fields and bad values, with the field's path.
    pub fn from_json(text: &str) -> crate::Result<Self> {
        let err = match crate::codec::from_json::<Command>(text) {
            Ok(c) => return Ok(c),
            Err(err) => err,
        };
        // Through the `type` tag serde buffers the object and loses the path of a bad value inside it (an
        // instant that is not RFC 3339, a negative amount): the error names the document (`.`). Find the
        // field: without it the same error cannot occur, without any other field it still does.
        match err {
            crate::Error::Parse { format, path, message } if path == "." && !message.starts_with("missing field") => {
                let path = offending_field(text, &message).unwrap_or(path);
                Err(crate::Error::Parse { format, path, message })
            }
            other => Err(other),
        }
    }
}

crate::names::wire_enum! {
    /// A consulted department's opinion (会签意见).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Opinion {
        /// Agree (同意).
        Agree = "agree" / "同意",
        /// Disagree (不同意); needs reasons.
        Disagree = "disagree" / "不同意",
        /// Agree and forward to another department (同意并转).
        AgreeAndForward = "agree_and_forward" / "同意并转",
        /// Any other reply (e.g. "noted"), which counts as agreement.
        Other = "other" / "其他意见",
    }
}

crate::names::wire_enum! {
    /// How an inquiry was dealt with (首问负责: answer, handle, or guide/transfer).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum InquiryOutcome {
        /// Answered on the spot.
        Answered = "answered" / "当场答复",
        /// Handled (the matter was dealt with).
        Handled = "handled" / "直接办理",
        /// Guided or transferred to the competent unit or window.
        Guided = "guided" / "引导转办",
    }
}

crate::names::wire_enum! {
    /// Why an opinion was deemed rather than given.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum DeemedBecause {
        /// No reply by the consult limit (超时默认).
        Silence = "silence" / "超时默认",
        /// Unexcused absence from the joint meeting (缺席默认).
        Absence = "absence" / "缺席默认",
        /// A disagreement without reasons.
        UnreasonedDisagreement = "unreasoned_disagreement" / "无理由不同意",
        /// A reply other than agree / disagree / agree-and-forward.
        UnclearReply = "unclear_reply" / "意见不明确",
    }
}

/// The one field of a command object whose removal changes the error `message`; none when ambiguous.
fn offending_field(text: &str, message: &str) -> Option<String> {
    let serde_json::Value::Object(map) = serde_json::from_str::<serde_json::Value>(text).ok()? else {
        return None;
    };
    let mut found = None;
    for key in map.keys().filter(|k| k.as_str() != "type") {
        let mut without = map.clone();
        without.remove(key);
        let changed = match crate::codec::from_json::<Command>(&serde_json::Value::Object(without).to_string()) {
            Err(crate::Error::Parse { message: m, .. }) => m != message,
            _ => true,
        };
        if changed {
            if found.is_some() {
                return None; // ambiguous: name the document rather than the wrong field
            }
            found = Some(key.clone());
        }
    }
    found
}

crate::names::wire_enum! {
    /// Which clock of a case a signal or violation concerns.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum ClockName {
        // The order is the C ABI's (`XN_CLOCK_*` = position, scripts/generate writes them): add new
        // clocks at the end, never reorder.
        /// The one-time-notice limit from receipt (art. 32).
        Notice = "notice" / "一次性告知时限",
        /// The decision limit from acceptance (statutory and pledged, arts. 42-45).
        Decision = "decision" / "办理时限",
        /// The current procedure step's limit.
        Step = "step" / "环节时限",
        /// The negative-decision report limit after a refusal or denial.
        NegativeReport = "negative_report" / "否定报备时限",
        /// The delivery limit after approval (art. 44).
        Delivery = "delivery" / "送达时限",
        /// The joint-review consult limit.
        Consult = "consult" / "会签时限",
        /// The follow-up limit of a bad rating.
        RatingFollowUp = "rating_follow_up" / "差评整改时限",
        /// The wait for a rating after closure (a default rating when it passes).
        Rating = "rating" / "评价等待期",
        /// The first-inquiry answer limit (首问).
        Inquiry = "inquiry" / "首问答复时限",
    }
}

crate::names::wire_enum! {
    /// A rule broken (a violation, to be traced back to the post and person responsible).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Rule {
        // The order is the C ABI's (`XN_RULE_*` = position, scripts/generate writes them): add new
        // rules at the end, never reorder.
        /// No one-time notice within its limit (arts. 32, 72).
        LateOneTimeNotice = "late_one_time_notice" / "未在规定时限内一次性告知",
        /// A second notice added items the applicant's new materials did not cause (arts. 32, 72).
        RepeatedNotice = "repeated_notice" / "多次告知补正",
        /// A procedure step ran over its own limit.
        StepOverLimit = "step_over_limit" / "环节超时",
        /// A and B both away; the unit head covered (AB岗工作制).
        AbBothAbsent = "ab_both_absent" / "AB岗同时缺岗",
        /// No negative-decision report within its limit (否定报备制).
        LateNegativeReport = "late_negative_report" / "否定报备超时",
        /// The decision limit passed (arts. 42, 74).
        DecisionOverdue = "decision_overdue" / "办件超期",
        /// Delivery after its limit (art. 44).
        LateDelivery = "late_delivery" / "送达超时",
        /// A consulted department did not reply in time.
        LateConsultReply = "late_consult_reply" / "会签超时",
        /// A bad rating not verified and rectified in time.
        LateRatingFollowUp = "late_rating_follow_up" / "差评整改超时",
        /// An inquiry not answered, handled or guided within its limit (首问负责制).
        UnansweredInquiry = "unanswered_inquiry" / "首问未答复",
    }
}

/// What happened, as the engine records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventKind {
    // The order is the C ABI's (`XN_EVENT_*` = position, scripts/generate writes them): add new kinds
    // at the end, never reorder.
    /// Materials received (收件).
    Received {
        /// Item code.
        item: String,
        /// Applicant.
        applicant: String,
        /// Materials.
        materials: Vec<String>,
    },
    /// One-time notice of corrections given (一次性告知).
    CorrectionsNotified {
        /// Items told.
        missing: Vec<String>,
    },
    /// Corrected materials handed in (补正).
    CorrectionsSubmitted {
        /// Materials.
        materials: Vec<String>,
    },
    /// Accepted (受理); `deemed` when the notice limit passed (art. 32), backdated to receipt.
    Accepted {
        /// From when the decision clocks count.
        #[schemars(with = "crate::schema::Instant")]
        effective: DateTime<Utc>,
        /// Deemed accepted by law, not by a clerk.
        deemed: bool,
    },
    /// Refused acceptance (不予受理).
    Refused {
        /// Reasons.
        reasons: String,
        /// Legal basis.
        legal_basis: String,
        /// Remedies.
        remedies: String,
    },
    /// Negative decision reported to the superior (否定报备).
    NegativeReported {
        /// To whom.
        superior: String,
    },
    /// A procedure step completed.
    StepCompleted {
        /// Index of the step in the item's procedure.
        step: usize,
        /// Who acted, and through which rule (A, B, or the unit head).
        by: Acting,
    },
    /// Clocks paused for a special procedure (art. 45).
    Paused {
        /// Which.
        kind: PauseKind,
        /// The written notice.
        notice: String,
    },
    /// Clocks resumed.
    Resumed,
    /// Limit extended (延期, art. 42).
    Extended {
        /// Units added.
        amount: u32,
        /// Reason.
        reason: String,
    },
    /// Decided (决定); `approve` says which way, `deemed` when approved on timeout under a deemed-approval
    /// rule (超时默许).
    Decided {
        /// Approved or denied.
        approve: bool,
        /// Deemed by rule on timeout, not decided by a person.
        deemed: bool,
        /// Reasons.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
        /// Legal basis.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        legal_basis: String,
        /// Remedies.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        remedies: String,
    },
    /// Delivered (送达); the case is closed.
    Delivered,
    /// Withdrawn; the case is closed.
    Withdrawn,
    /// A consulted department's opinion in joint review (会签), given or deemed (`deemed`: silence, absence,
    /// unreasoned disagreement or an unclear reply).
    JointOpinion {
        /// The consulted unit.
        unit: String,
        /// The opinion as it counts (a deemed one is `agree`).
        opinion: Opinion,
        /// Reasons given.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
        /// Why it was deemed, if it was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deemed: Option<DeemedBecause>,
    },
    /// A rating (好差评); `deemed` when the policy's default rating was recorded because none came in time.
    Rated {
        /// Level 1..=5.
        level: u8,
        /// Real-name rating.
        real_name: bool,
        /// Default rating by policy.
        deemed: bool,
        /// Comment.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        comment: String,
    },
    /// A bad rating verified and rectified.
    RatingFollowedUp {
        /// What was found and done.
        result: String,
    },
    /// An e-supervision signal (预警, 黄牌, 红牌) on a clock.
    SignalRaised {
        /// Which clock.
        clock: ClockName,
        /// The new signal.
        signal: Signal,
    },
    /// The case escalated to the supervisor on timeout (policy rule `escalate`).
    Escalated,
    /// A timer of the case could not be computed (e.g. a deadline beyond the calendar's covered range); the
    /// case is no longer timed until the host corrects the calendar and restores the engine.
    TimerFault {
        /// The error.
        message: String,
    },
    /// A rule was broken.
    Violation {
        /// Which rule.
        rule: Rule,
        /// Who is responsible (the acting staff member or the post's holder), when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        responsible: Option<String>,
        /// Details.
        detail: String,
    },
    /// An inquiry recorded (首问), with the staff member responsible for it.
    InquiryRecorded {
        /// Who asked.
        person: String,
        /// What about.
        topic: String,
        /// The responsible staff member (the highest-ranking of those asked at once).
        responsible: String,
    },
    /// An inquiry answered, handled or guided.
    InquiryAnswered {
        /// How.
        outcome: InquiryOutcome,
        /// Where the person was guided to.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        guided_to: String,
    },
    /// Terminated by the unit head (终止办理); the case is closed.
    Terminated {
        /// Why.
        reason: String,
    },
}

/// An event: a sequence number, the instant it happened, the case, who caused it (absent for events
/// fired by a timer), and what happened. JSON: `{"seq": 1, "at": ..., "case": ..., "type": "received", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Sequence number, from 1, without gaps.
    pub seq: u64,
    /// When it happened (for timer events: the threshold instant, not when `advance` ran).
    #[schemars(with = "crate::schema::Instant")]
    pub at: DateTime<Utc>,
    /// Case number.
    pub case: String,
    /// The actor, absent for timer events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// Reads an event from JSON (e.g. a stored log line), naming the offending field on error.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for malformed events and unknown fields.
    pub fn from_json(text: &str) -> crate::Result<Self> {
        crate::codec::from_json(text)
    }

    /// The event as JSON (one line of an event log).
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}
