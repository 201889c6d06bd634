//! The event vocabulary: what happened to any record, as the engine records it and the journal keeps it
//! (JSON, internally tagged by `type`, snake_case), and the names events use (rules, clocks, opinions).
//! One wire enum for every record kind, below the records themselves, so that each applies its own and a
//! log replays through one type.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::{PauseKind, Signal};
use crate::org::Acting;
use crate::policy::StandingSystem;

/// Current version of the command and event schema.
pub const EVENT_SCHEMA: u32 = 1;

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
    /// What kind of pledge (承诺) a record is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum PledgeKind {
        /// A rectification pledge (整改承诺书): ordered by the efficiency office, signed by the unit head.
        Rectification = "rectification" / "整改承诺",
        /// A supervised item (督办事项, 跟踪问效).
        Supervised = "supervised" / "督办事项",
        /// A key project put under a named leader (重点项目挂牌).
        KeyProject = "key_project" / "重点项目挂牌",
        /// An annual target pledge (军令状).
        Target = "target" / "目标责任状",
    }
}

crate::names::wire_enum! {
    /// Where a problem to rectify was found (整改来源).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum PledgeSource {
        /// An inspection (明查暗访).
        Inspection = "inspection" / "明查暗访",
        /// An efficiency complaint found substantiated.
        Complaint = "complaint" / "效能投诉",
        /// An evaluation (效能考评).
        Evaluation = "evaluation" / "效能考评",
        /// A leader's instruction (领导批示).
        LeaderInstruction = "leader_instruction" / "领导批示",
        /// A supervised item (督办事项).
        SupervisedItem = "supervised_item" / "督办事项",
    }
}

crate::names::wire_enum! {
    /// The three 到位 of a rectification (三个到位), each reported in place.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum InPlace {
        /// The problem recognised (认识到位).
        Recognition = "recognition" / "认识到位",
        /// The rectification carried out (整改到位).
        Rectification = "rectification" / "整改到位",
        /// Those responsible held to account (责任追究到位).
        Accountability = "accountability" / "责任追究到位",
    }
}

crate::names::wire_enum! {
    /// What opened an accountability matter from outside the flow of records (问责启动).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Trigger {
        /// Exposed by the media (媒体曝光).
        MediaExposure = "media_exposure" / "媒体曝光",
        /// A leader's instruction (领导批示).
        LeaderInstruction = "leader_instruction" / "领导批示",
        /// A complaint left unresolved past a limit (投诉久拖未决).
        UnresolvedComplaint = "unresolved_complaint" / "投诉久拖未决",
    }
}

crate::names::wire_enum! {
    /// How an inspection is carried out (明查 or 暗访).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum InspectionMode {
        /// Announced to the unit beforehand (明查).
        Announced = "announced" / "明查",
        /// Unannounced (暗访): the plan stays sealed until after its period.
        Unannounced = "unannounced" / "暗访",
    }
}

/// A milestone of a pledge as signed: its title and its limit in working days from the signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneSpec {
    /// What is to be done.
    pub title: String,
    /// Working days from the signing (or opening).
    pub days: u32,
}

crate::names::wire_enum! {
    /// How a complaint came in (投诉渠道).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Channel {
        /// By telephone.
        Phone = "phone" / "电话",
        /// By letter.
        Letter = "letter" / "来信",
        /// In person.
        Visit = "visit" / "来访",
        /// Through the web portal.
        Web = "web" / "网络",
        /// Through the 12345 government service hotline.
        Hotline12345 = "hotline_12345" / "12345热线",
        /// Exposed by the media.
        Media = "media" / "媒体曝光",
        /// A leader's instruction.
        LeaderInstruction = "leader_instruction" / "领导批示",
        /// Found by an inspection (明查暗访).
        Inspection = "inspection" / "明查暗访",
        /// Transferred from a higher office.
        Transfer = "transfer" / "上级转办",
    }
}

crate::names::wire_enum! {
    /// What a complaint is about (投诉类别).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Category {
        /// Shirking, passing the buck.
        Shirking = "shirking" / "推诿扯皮",
        /// Slowness, delay.
        Delay = "delay" / "办事拖拉",
        /// A service pledge not kept.
        BrokenPledge = "broken_pledge" / "违反服务承诺",
        /// Rudeness, a bad attitude.
        Rudeness = "rudeness" / "态度生硬",
        /// Lax discipline (absence, lateness, private business at work).
        LaxDiscipline = "lax_discipline" / "纪律松散",
        /// An illegal or arbitrary fee.
        IllegalFee = "illegal_fee" / "乱收费",
        /// Inaction (不作为).
        Inaction = "inaction" / "不作为",
        /// Misconduct (乱作为).
        Misconduct = "misconduct" / "乱作为",
        /// Anything else.
        Other = "other" / "其他",
    }
}

crate::names::wire_enum! {
    /// Who handles an accepted complaint (分级办理).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Tier {
        /// Referred to the respondent unit, which handles it.
        Unit = "unit" / "转单位办理",
        /// Handled directly by the efficiency office.
        Office = "office" / "效能办直接办理",
    }
}

crate::names::wire_enum! {
    /// What handling found (查处结论).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Finding {
        /// The complaint is substantiated.
        Substantiated = "substantiated" / "属实",
        /// Substantiated in part.
        Partly = "partly" / "部分属实",
        /// Not substantiated.
        Unsubstantiated = "unsubstantiated" / "不属实",
    }
}

impl Finding {
    /// Whether the finding holds the respondent in breach (substantiated wholly or in part).
    ///
    /// ```
    /// use xiaoneng::Finding;
    /// assert!(Finding::Partly.holds());
    /// assert!(!Finding::Unsubstantiated.holds());
    /// ```
    pub fn holds(self) -> bool {
        self != Finding::Unsubstantiated
    }
}

/// Who complained: confidential (only supervisors see it; everyone else gets a redacted view, and a
/// journal keeps it as a confidential field). An anonymous complaint has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complainant {
    /// Name.
    pub name: String,
    /// How to reach them (telephone, address).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
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
        /// The applicant's limit to request a hearing, from the notice of the right (art. 47: 5 days).
        HearingRequest = "hearing_request" / "听证申请期限",
        /// The limit to hold a requested hearing, from the request (art. 47: 20 days).
        Hearing = "hearing" / "听证组织时限",
        /// The limit to decide acceptance once corrections are handed in (art. 32 (5); the policy's
        /// `corrections.acceptance_limit`), from the corrections.
        Acceptance = "acceptance" / "补正后受理时限",
        /// The applicant's limit to hand in corrections, from the one-time notice (the policy's
        /// `corrections.applicant_limit`; none by default).
        Corrections = "corrections" / "申请人补正期限",
        /// The efficiency office's limit to decide whether to accept a complaint, from its registration.
        ComplaintAcceptance = "complaint_acceptance" / "投诉受理时限",
        /// The limit to handle an accepted complaint, from its acceptance (or from a return or reopening).
        ComplaintHandling = "complaint_handling" / "投诉办理时限",
        /// The limit to reply to a named complainant, from the complaint's closing.
        ComplaintReply = "complaint_reply" / "投诉答复时限",
        /// The unit head's limit to sign an ordered rectification pledge, from the order.
        PledgeSigning = "pledge_signing" / "整改承诺签订时限",
        /// A pledge's limit (定时限), from the signing or opening (or a failed verification).
        PledgeDeadline = "pledge_deadline" / "承诺完成时限",
        /// A pledge milestone's limit, from the signing or opening.
        PledgeMilestone = "pledge_milestone" / "承诺节点时限",
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
        /// A consulted unit absent without excuse from a joint review meeting or site survey, under a policy
        /// without absence default (缺席默认).
        UnexcusedAbsence = "unexcused_absence" / "无故缺席联审",
        /// A requested hearing not held within its limit (art. 47: 20 days of the request).
        LateHearing = "late_hearing" / "听证组织超时",
        /// No acceptance decision (acceptance, refusal or a further notice) within the limit after the
        /// corrections were handed in (art. 32 (5); the policy's `corrections.acceptance_limit`).
        LateAcceptance = "late_acceptance" / "补正后未按时受理",
        /// No decision on a complaint's acceptance within the policy's limit (效能投诉制).
        LateComplaintAcceptance = "late_complaint_acceptance" / "投诉受理超时",
        /// An accepted complaint not handled within its limit (效能投诉制).
        LateComplaintHandling = "late_complaint_handling" / "投诉办理超时",
        /// A named complainant not replied to within the limit after closing (效能投诉制).
        LateComplaintReply = "late_complaint_reply" / "投诉答复超时",
        /// A complaint found substantiated (wholly or in part) on review: the respondent's breach.
        SubstantiatedComplaint = "substantiated_complaint" / "效能投诉属实",
        /// An ordered rectification pledge not signed within the policy's limit (督查督办).
        LatePledgeSigning = "late_pledge_signing" / "整改承诺逾期未签",
        /// A pledge milestone not reached within its limit (督查督办).
        PledgeMilestoneMissed = "pledge_milestone_missed" / "承诺节点逾期",
        /// A pledge not fulfilled within its limit: against the responsible person and the responsible
        /// leader (督查督办: 未按期完成的问责).
        PledgeBroken = "pledge_broken" / "承诺逾期未兑现",
        /// An accountability matter opened from outside the flow of records (media exposure, a leader's
        /// instruction, a complaint unresolved past a limit): 问责启动 (失职追究制).
        AccountabilityTriggered = "accountability_triggered" / "问责启动",
        /// A problem an inspection found (明查暗访发现问题): against the person it names, else the unit head.
        InspectionFinding = "inspection_finding" / "明查暗访发现问题",
        /// A finding to rectify found not rectified on re-inspection (整改复查未通过).
        RectificationFailed = "rectification_failed" / "整改复查未通过",
    }
}

impl Rule {
    /// The standing system (制度) a rule belongs to: a policy that does not list it records none of its
    /// violations (docs/rules.md §4). `late_one_time_notice` and `repeated_notice`: one-time notification;
    /// `step_over_limit`, `decision_overdue`, `late_delivery`, `late_consult_reply`, `late_hearing`,
    /// `late_acceptance` (the acceptance decision after corrections has its limit like any step) and
    /// `unexcused_absence` (the joint review is part of a joint item's timed procedure; there is no
    /// separate joint-review system): time-limited completion; `ab_both_absent`: A/B posts;
    /// `late_negative_report`: negative-decision reporting; `late_rating_follow_up`: service pledge (a
    /// bad rating is verified and rectified as the unit pledged); `unanswered_inquiry`: first inquiry;
    /// the complaint rules (`late_complaint_acceptance`, `late_complaint_handling`,
    /// `late_complaint_reply`, `substantiated_complaint`): efficiency complaint; the pledge rules
    /// (`late_pledge_signing`, `pledge_milestone_missed`, `pledge_broken`) and the inspection rules
    /// (`inspection_finding`, `rectification_failed`): supervision;
    /// `accountability_triggered`: dereliction accountability.
    ///
    /// ```
    /// use xiaoneng::{Rule, StandingSystem};
    /// assert_eq!(Rule::LateNegativeReport.system(), StandingSystem::NegativeReporting);
    /// assert_eq!(Rule::StepOverLimit.system(), StandingSystem::TimeLimitedCompletion);
    /// ```
    pub fn system(self) -> StandingSystem {
        match self {
            Rule::LateOneTimeNotice | Rule::RepeatedNotice => StandingSystem::OneTimeNotification,
            Rule::StepOverLimit
            | Rule::DecisionOverdue
            | Rule::LateDelivery
            | Rule::LateConsultReply
            | Rule::UnexcusedAbsence
            | Rule::LateHearing
            | Rule::LateAcceptance => StandingSystem::TimeLimitedCompletion,
            Rule::AbBothAbsent => StandingSystem::AbPosts,
            Rule::LateNegativeReport => StandingSystem::NegativeReporting,
            Rule::LateRatingFollowUp => StandingSystem::ServicePledge,
            Rule::UnansweredInquiry => StandingSystem::FirstInquiry,
            Rule::LateComplaintAcceptance
            | Rule::LateComplaintHandling
            | Rule::LateComplaintReply
            | Rule::SubstantiatedComplaint => StandingSystem::EfficiencyComplaint,
            Rule::LatePledgeSigning
            | Rule::PledgeMilestoneMissed
            | Rule::PledgeBroken
            | Rule::InspectionFinding
            | Rule::RectificationFailed => StandingSystem::Supervision,
            Rule::AccountabilityTriggered => StandingSystem::DerelictionAccountability,
        }
    }
}

/// Who answers for a violation (see [`EventKind::Violation`]); [`Accountable::violation`] builds the event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Accountable {
    pub(crate) responsible: Option<String>,
    pub(crate) post: Option<String>,
    pub(crate) acting: Option<Acting>,
    pub(crate) unit: Option<String>,
    pub(crate) unit_head: Option<String>,
}

impl Accountable {
    /// The violation of `rule` with `detail`, naming these.
    pub(crate) fn violation(self, rule: Rule, detail: String) -> EventKind {
        EventKind::Violation {
            rule,
            responsible: self.responsible,
            detail,
            post: self.post,
            acting: self.acting,
            unit: self.unit,
            unit_head: self.unit_head,
        }
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
    /// Accepted (受理); `deemed` when the notice limit passed (art. 32), backdated to receipt, or when the
    /// acceptance limit after corrections passed, from the corrections (`effective` says which).
    Accepted {
        /// From when the decision clocks count.
        #[schemars(with = "crate::codec::Instant")]
        #[serde(serialize_with = "crate::codec::utc::serialize")]
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
    /// The case escalated on timeout (policy rule `escalate`), to the supervisors of the efficiency office
    /// (every staff member with the `supervisor` role) and the head of the case's unit.
    Escalated {
        /// Whom it was escalated to (staff ids): the supervisors in id order, then the unit head (once).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        recipients: Vec<String>,
    },
    /// A timer of the case could not be computed (e.g. a deadline beyond the calendar's covered range); the
    /// case is no longer timed until the host corrects the calendar and restores the engine.
    TimerFault {
        /// The error.
        message: String,
    },
    /// A rule was broken, with what trace-back (责任倒查) needs: the post whose duty it was, who acted for
    /// the post at the instant of the breach, the responsible person, the responsible unit and its head
    /// (第一责任人). Which post answers for which rule: docs/rules.md §1 "Accountability".
    Violation {
        /// Which rule.
        rule: Rule,
        /// The person responsible: the actor for a violation a command causes (a repeated notice), else
        /// the staff member acting for `post` at the breach (`acting`), else the responsible person the
        /// record names (an inquiry's), else the unit head.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        responsible: Option<String>,
        /// Details.
        detail: String,
        /// The post whose duty was breached, when the rule belongs to a post.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        post: Option<String>,
        /// Who acted for `post` at the instant of the breach, and through which rule (the A holder, the B
        /// holder while A was away, or the unit head); absent without a post or when nobody could act.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        acting: Option<Acting>,
        /// The responsible unit: the case's unit, the consulted unit for joint-review breaches, the
        /// responsible person's unit for an inquiry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        /// The head of `unit` (第一责任人), when the organisation names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit_head: Option<String>,
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
    /// The applicant was told in writing of the right to request a hearing (告知听证权利, art. 47); the
    /// request limit starts.
    HearingRightNotified {
        /// The written notice.
        notice: String,
    },
    /// The applicant requested a hearing (申请听证) in time; the hold limit starts and the decision clocks
    /// pause (kind `hearing`, art. 45).
    HearingRequested,
    /// The request limit passed without a request: the right to a hearing ended (art. 47).
    HearingRightLapsed,
    /// The hearing was held (举行听证); the decision clocks run again.
    HearingHeld,
    /// The case renews a licence expiring at `expiry` (延续, art. 50); `in_time` when it was applied for at
    /// least the policy's lead (`renewal.lead`) before the expiry, so that it is deemed granted at the
    /// expiry when undecided.
    RenewalOf {
        /// When the licence expires.
        #[schemars(with = "crate::codec::Instant")]
        #[serde(serialize_with = "crate::codec::utc::serialize")]
        expiry: DateTime<Utc>,
        /// Applied for in time (the lead before the expiry).
        in_time: bool,
    },
    /// A calendar change (a year notice added at run time, or a corrected one) moved the deadline of an
    /// open clock (docs/rules.md §2). The event's `provisional` says whether the new deadline still rests
    /// on provisional days. Recorded at the instant the notice was added; timers follow the new deadline.
    DeadlineChanged {
        /// Which clock.
        clock: ClockName,
        /// True for the statutory deadline of a clock whose supervised deadline is a pledged one (each
        /// is recorded when it moves); false (absent) for the supervised deadline.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        statutory: bool,
        /// The deadline before the change; absent when it could not be computed (the record was no
        /// longer timed after a `timer_fault`, and is timed again from now on).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "Option<crate::codec::Instant>")]
        #[serde(serialize_with = "crate::codec::utc::serialize_option")]
        previous: Option<DateTime<Utc>>,
        /// The deadline now.
        #[schemars(with = "crate::codec::Instant")]
        #[serde(serialize_with = "crate::codec::utc::serialize")]
        deadline: DateTime<Utc>,
    },
    /// The applicant's limit to hand in corrections (the policy's `corrections.applicant_limit`, from the
    /// one-time notice) passed without them. Nothing is refused by itself: the window may now refuse
    /// (`refuse`, stating the lapse) or still take corrections handed in late.
    CorrectionsOverdue,
    /// An efficiency complaint registered (效能投诉登记) against a respondent unit; the acceptance limit
    /// starts. `repeat_of` links a repeat of the same matter to the original complaint.
    ComplaintRegistered {
        /// How it came in.
        channel: Channel,
        /// What it is about.
        category: Category,
        /// The unit complained about.
        respondent: String,
        /// The matter, in the complainant's words.
        subject: String,
        /// Who complained; absent for an anonymous complaint. Confidential.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        complainant: Option<Box<Complainant>>,
        /// The original complaint this one repeats (the same matter, unit and window).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        repeat_of: Option<String>,
    },
    /// The complaint accepted, with its tier and handler; the handling limit starts.
    ComplaintAccepted {
        /// Who handles it.
        tier: Tier,
        /// The handler (a staff id).
        handler: String,
    },
    /// The complaint not accepted (不予受理), with the reason; it is closed.
    ComplaintDeclined {
        /// Why.
        reason: String,
    },
    /// The handling limit extended once, with approval (the actor approved it).
    ComplaintExtended {
        /// Units added (in the handling limit's unit).
        amount: u32,
        /// Why.
        reason: String,
    },
    /// The handler's result, for review before closing.
    ComplaintHandled {
        /// What handling found.
        finding: Finding,
        /// What was found and done.
        summary: String,
        /// The staff member found responsible, when the finding holds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        responsible: Option<String>,
    },
    /// Reviewed and approved (审核办结) by someone other than the handler; closed.
    ComplaintClosed,
    /// Reviewed and returned as unsatisfactory (退回重办), with the reason and a new handling limit.
    ComplaintReturned {
        /// Why.
        reason: String,
        /// The new handling limit, from the return.
        limit: crate::clock::Limit,
    },
    /// The named complainant was replied to.
    ComplaintReplied {
        /// The reply.
        reply: String,
    },
    /// A call-back to the complainant (回访): satisfied or not; not satisfied reopens the complaint.
    ComplaintCalledBack {
        /// Whether the complainant was satisfied.
        satisfied: bool,
        /// What they said.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// A periodic re-check (定期复查) of a closed complaint: whether the rectification holds; when it
    /// does not, the complaint reopens.
    ComplaintRechecked {
        /// Whether the result holds.
        holds: bool,
        /// What was found.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// A duplicate letter merged into its original (合并办理); the duplicate keeps its complainant and
    /// closes, the original carries the matter.
    ComplaintMerged {
        /// The original complaint.
        into: String,
    },
    /// A unit ordered to rectify a problem (下达整改通知); the signing limit starts.
    RectificationOrdered {
        /// The unit that rectifies.
        unit: String,
        /// Where the problem was found.
        source: PledgeSource,
        /// The record it came from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_ref: Option<String>,
        /// The problem (定问题).
        problem: String,
    },
    /// A rectification pledge signed (整改承诺书) with the five specifics; its clocks start.
    PledgeSigned {
        /// The measures (定措施).
        measures: String,
        /// The staff member responsible (定责任人).
        responsible: String,
        /// The standard to reach (定标准).
        standard: String,
        /// The limit (定时限), in working days.
        days: u32,
        /// The milestones.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        milestones: Vec<MilestoneSpec>,
    },
    /// A supervised item, key project or target pledge opened; its clocks start.
    PledgeOpened {
        /// Its kind.
        pledge_kind: PledgeKind,
        /// The unit that carries it out.
        unit: String,
        /// The responsible leader.
        leader: String,
        /// The staff member who carries it out.
        responsible: String,
        /// What is pledged.
        title: String,
        /// The standard to reach.
        standard: String,
        /// The limit, in working days.
        days: u32,
        /// The milestones.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        milestones: Vec<MilestoneSpec>,
    },
    /// A progress report on a pledge.
    PledgeReported {
        /// What was done.
        note: String,
        /// The milestone reached (1-based).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        milestone: Option<u32>,
        /// One of the three 到位 now in place.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        in_place: Option<InPlace>,
    },
    /// A pledge reported fulfilled, for verification; its deadline clock stops.
    PledgeCompleted {
        /// The evidence offered.
        evidence: String,
    },
    /// A completed pledge verified (验收): kept, or reopened with a new limit.
    PledgeVerified {
        /// Whether it passed.
        passed: bool,
        /// What was examined.
        evidence: String,
        /// The new limit (working days) when it failed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<u32>,
    },
    /// An accountability matter opened (问责): on a registered violation, or by a trigger from outside the
    /// flow; the facts the ladder reads.
    MatterOpened {
        /// The sequence number of the registered violation it is about.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        violation: Option<u64>,
        /// What opened it from outside the flow.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trigger: Option<Trigger>,
        /// The facts: kind, severity, person, unit, its head, instant.
        #[schemars(with = "serde_json::Value")]
        facts: Box<crate::sanction::ViolationFacts>,
        /// What happened, for a trigger.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        detail: String,
    },
    /// The sanction the ladder proposes, with its derivation: nothing takes effect until a person decides.
    SanctionProposed {
        /// The proposal.
        #[schemars(with = "serde_json::Value")]
        proposal: Box<crate::sanction::Proposal>,
    },
    /// A supervisor confirmed or changed the proposal (with a recorded reason): the sanction holds, and is
    /// filed (备案).
    SanctionDecided {
        /// The sanction that holds.
        #[schemars(with = "serde_json::Value")]
        sanction: Box<crate::sanction::Confirmed>,
    },
    /// An inspection opened (明查暗访): the unit inspected, how, by whom, under which plan.
    InspectionOpened {
        /// The unit inspected.
        unit: String,
        /// Announced or unannounced.
        mode: InspectionMode,
        /// The inspectors (staff supervisors or appointed monitors), in the order given.
        inspectors: Vec<String>,
        /// The committed plan it carries out, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan: Option<String>,
    },
    /// A finding recorded (检查发现的问题), numbered from 1 in its inspection.
    FindingRecorded {
        /// Its number in the inspection.
        finding: u32,
        /// The staff member of the inspected unit it names, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        person: Option<String>,
        /// What was found.
        problem: String,
        /// Whether the unit is to rectify it (a rectification is ordered, and re-inspected).
        rectify: bool,
    },
    /// The inspection's visit concluded, with its summary.
    InspectionClosed {
        /// What the inspection found overall.
        summary: String,
    },
    /// A finding re-inspected (整改复查): rectified or not.
    FindingReinspected {
        /// Its number in the inspection.
        finding: u32,
        /// Whether it was found rectified.
        passed: bool,
        /// What was seen.
        detail: String,
    },
    /// An inspection plan's commitment recorded before its period (暗访计划封存): the plan stays sealed.
    PlanCommitted {
        /// First day of the period (local date).
        #[schemars(with = "crate::codec::IsoDate")]
        period_start: chrono::NaiveDate,
        /// Last day of the period (local date, inclusive).
        #[schemars(with = "crate::codec::IsoDate")]
        period_end: chrono::NaiveDate,
        /// The SHA-256 commitment over the seed, the request and the plan (64 lowercase hex digits).
        commitment: String,
    },
    /// An inspection plan revealed after its period: the seed and the request, from which anyone
    /// re-derives the plan and checks the commitment.
    PlanRevealed {
        /// The seed.
        seed: u64,
        /// The draw's request (units, inspectors, strata, team size, exclusions).
        #[schemars(with = "serde_json::Value")]
        request: Box<crate::draw::InspectionRequest>,
    },
    /// A key project or target pledge rated for a period by a member of a rater group (评议打分).
    PledgeRated {
        /// The rater group (the policy's `pledges.rater_groups`).
        group: String,
        /// The period rated (e.g. `2026-Q4`).
        period: String,
        /// The score, 0-100.
        score: u32,
        /// Why, if said.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

impl EventKind {
    /// The event's wire name (its `type`), e.g. `"received"`.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Received { .. } => "received",
            EventKind::CorrectionsNotified { .. } => "corrections_notified",
            EventKind::CorrectionsSubmitted { .. } => "corrections_submitted",
            EventKind::Accepted { .. } => "accepted",
            EventKind::Refused { .. } => "refused",
            EventKind::NegativeReported { .. } => "negative_reported",
            EventKind::StepCompleted { .. } => "step_completed",
            EventKind::Paused { .. } => "paused",
            EventKind::Resumed => "resumed",
            EventKind::Extended { .. } => "extended",
            EventKind::Decided { .. } => "decided",
            EventKind::Delivered => "delivered",
            EventKind::Withdrawn => "withdrawn",
            EventKind::Terminated { .. } => "terminated",
            EventKind::JointOpinion { .. } => "joint_opinion",
            EventKind::Rated { .. } => "rated",
            EventKind::InquiryRecorded { .. } => "inquiry_recorded",
            EventKind::InquiryAnswered { .. } => "inquiry_answered",
            EventKind::RatingFollowedUp { .. } => "rating_followed_up",
            EventKind::SignalRaised { .. } => "signal_raised",
            EventKind::Escalated { .. } => "escalated",
            EventKind::TimerFault { .. } => "timer_fault",
            EventKind::Violation { .. } => "violation",
            EventKind::HearingRightNotified { .. } => "hearing_right_notified",
            EventKind::HearingRequested => "hearing_requested",
            EventKind::HearingRightLapsed => "hearing_right_lapsed",
            EventKind::HearingHeld => "hearing_held",
            EventKind::RenewalOf { .. } => "renewal_of",
            EventKind::DeadlineChanged { .. } => "deadline_changed",
            EventKind::CorrectionsOverdue => "corrections_overdue",
            EventKind::ComplaintRegistered { .. } => "complaint_registered",
            EventKind::ComplaintAccepted { .. } => "complaint_accepted",
            EventKind::ComplaintDeclined { .. } => "complaint_declined",
            EventKind::ComplaintExtended { .. } => "complaint_extended",
            EventKind::ComplaintHandled { .. } => "complaint_handled",
            EventKind::ComplaintClosed => "complaint_closed",
            EventKind::ComplaintReturned { .. } => "complaint_returned",
            EventKind::ComplaintReplied { .. } => "complaint_replied",
            EventKind::ComplaintCalledBack { .. } => "complaint_called_back",
            EventKind::ComplaintRechecked { .. } => "complaint_rechecked",
            EventKind::ComplaintMerged { .. } => "complaint_merged",
            EventKind::RectificationOrdered { .. } => "rectification_ordered",
            EventKind::PledgeSigned { .. } => "pledge_signed",
            EventKind::PledgeOpened { .. } => "pledge_opened",
            EventKind::PledgeReported { .. } => "pledge_reported",
            EventKind::PledgeCompleted { .. } => "pledge_completed",
            EventKind::PledgeVerified { .. } => "pledge_verified",
            EventKind::MatterOpened { .. } => "matter_opened",
            EventKind::SanctionProposed { .. } => "sanction_proposed",
            EventKind::SanctionDecided { .. } => "sanction_decided",
            EventKind::InspectionOpened { .. } => "inspection_opened",
            EventKind::FindingRecorded { .. } => "finding_recorded",
            EventKind::InspectionClosed { .. } => "inspection_closed",
            EventKind::FindingReinspected { .. } => "finding_reinspected",
            EventKind::PlanCommitted { .. } => "plan_committed",
            EventKind::PlanRevealed { .. } => "plan_revealed",
            EventKind::PledgeRated { .. } => "pledge_rated",
        }
    }
}

/// An event: a sequence number, the instant it happened, the case, who caused it (absent for events
/// fired by a timer), and what happened. JSON: `{"seq": 1, "at": ..., "case": ..., "type": "received", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Sequence number, from 1, without gaps.
    pub seq: u64,
    /// When it happened (for timer events: the threshold instant, not when `advance` ran).
    #[schemars(with = "crate::codec::Instant")]
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub at: DateTime<Utc>,
    /// Case number.
    pub case: String,
    /// The actor, absent for timer events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// True when the event rests on a provisional day (docs/rules.md §2): a timer event whose threshold
    /// was counted on days after the calendar's last notice (a reminder, card, deemed outcome or
    /// violation), or a `deadline_changed` whose new deadline still does. Absent (false) otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
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

/// An event before the engine stamps it with a sequence number and its record: instant, actor (absent
/// for timers), what, and whether it rests on a provisional day.
pub(crate) type Pending = (DateTime<Utc>, Option<String>, EventKind, bool);

/// A deadline of a clock a record's timers watch, as a calendar change compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WatchedDeadline {
    /// The clock.
    pub(crate) clock: ClockName,
    /// Whether it is the statutory deadline of a clock with a pledged limit (else the supervised one).
    pub(crate) statutory: bool,
    /// The deadline.
    pub(crate) at: DateTime<Utc>,
    /// Whether it rests on a provisional day.
    pub(crate) provisional: bool,
}

impl WatchedDeadline {
    /// The supervised deadline of `clock`, and its statutory one when a pledged limit sets them apart.
    pub(crate) fn of(clock: ClockName, d: crate::clock::Deadlines) -> impl Iterator<Item = WatchedDeadline> {
        let supervised = WatchedDeadline {
            clock,
            statutory: false,
            at: d.supervised.0,
            provisional: d.supervised.1,
        };
        let statutory = d.statutory.map(|(at, provisional)| WatchedDeadline {
            clock,
            statutory: true,
            at,
            provisional,
        });
        std::iter::once(supervised).chain(statutory)
    }
}

/// What a record hands the engine after a command or a timer: when its next timer fires, and the last
/// day whose class (working or not) its timers rest on (none when they read no calendar data). A
/// calendar change that leaves every day up to the horizon as it was changes none of its timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Next {
    /// The next timer, if any.
    pub(crate) at: Option<DateTime<Utc>>,
    /// The horizon (`NO_HORIZON` when the timers read no calendar data, or there are none).
    pub(crate) horizon: crate::calendar::provisional::Horizon,
}

impl Default for Next {
    /// No timer.
    fn default() -> Self {
        Next {
            at: None,
            horizon: crate::calendar::provisional::NO_HORIZON,
        }
    }
}
