//! The policy (制度包): a jurisdiction's efficiency rules as data, validated.
//!
//! Every value docs/rules.md marks *example* is a field here, never a constant in code: calendar and overlays,
//! start-day rule, signal thresholds, the one-time-notice and negative-report limits, extension rules,
//! default-on-timeout per item kind, joint-review consult limits and default rules, A/B rules, and the
//! rating follow-up limit. Presets modelled on the source documents live in `presets/`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarSpec, DeadlineEnd, StartRule};
use crate::clock::{ExtensionRule, Limit, SignalPolicy, TimeUnit};
use crate::codec;
use crate::error::{invalid, Result};
use crate::org::Role;
use crate::priority::{PriorityCard, PriorityCardPolicy};

/// Current version of the policy document schema.
pub const POLICY_SCHEMA: u32 = 1;

crate::names::wire_enum! {
    /// The kind of a service item (事项类型).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum ItemKind {
        /// Decided on the spot (即办件).
        Instant = "instant" / "即办件",
        /// Decided within a pledged limit (承诺件).
        Pledged = "pledged" / "承诺件",
        /// Handled jointly by several departments (联办件).
        Joint = "joint" / "联办件",
        /// Reported upward for decision (上报件).
        Reported = "reported" / "上报件",
    }
}

crate::names::wire_enum! {
    /// What happens when a case's limit passes without a decision (超时默认).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum OnTimeout {
        /// The application is deemed approved (超时默许), e.g. renewals under art. 50.
        DeemedApproved = "deemed_approved" / "超时默认",
        /// The case is escalated to the supervisor and the unit head.
        Escalate = "escalate" / "超时上报",
        /// The case is only marked overdue (a yellow card, then a red card).
        OverdueOnly = "overdue_only" / "仅记超期",
    }
}

crate::names::wire_enum! {
    /// Which deadline triggers a deemed outcome on timeout (超时默认的触发期限, docs/rules.md §5 "Timeout
    /// defaults"): the pledged one or the statutory one. Yellow and red cards and the `decision_overdue`
    /// violation follow the supervised (pledged) deadline either way.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum DeemedAt {
        /// The pledged limit's deadline (承诺时限), the supervised one: local 超时默认 rules. The default.
        #[default]
        Pledged = "pledged" / "承诺时限",
        /// The statutory limit's deadline (法定时限): the law's limit, counted like the pledged one (the same
        /// start, pauses and extensions).
        Statutory = "statutory" / "法定时限",
    }
}

crate::names::wire_enum! {
    /// One of the standing systems (制度) a jurisdiction keeps in force.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum StandingSystem {
        /// 岗位责任制.
        PostResponsibility = "post_responsibility" / "岗位责任制",
        /// 首席代表负责制.
        ChiefRepresentative = "chief_representative" / "首席代表负责制",
        /// 首问负责制.
        FirstInquiry = "first_inquiry" / "首问负责制",
        /// 服务承诺制.
        ServicePledge = "service_pledge" / "服务承诺制",
        /// 一次性告知制.
        OneTimeNotification = "one_time_notification" / "一次性告知制",
        /// 限时办结制.
        TimeLimitedCompletion = "time_limited_completion" / "限时办结制",
        /// 否定报备制.
        NegativeReporting = "negative_reporting" / "否定报备制",
        /// 责任倒查制.
        ResponsibilityTraceBack = "responsibility_trace_back" / "责任倒查制",
        /// AB岗工作制.
        AbPosts = "ab_posts" / "AB岗工作制",
        /// 超时默认制.
        TimeoutDefault = "timeout_default" / "超时默认制",
        /// 缺席默认制.
        AbsenceDefault = "absence_default" / "缺席默认制",
        /// 效能投诉制.
        EfficiencyComplaint = "efficiency_complaint" / "效能投诉制",
        /// 效能考评制.
        EfficiencyEvaluation = "efficiency_evaluation" / "效能考评制",
        /// 失职追究制.
        DerelictionAccountability = "dereliction_accountability" / "失职追究制",
        /// 督查督办制: rectification pledges, supervised items, key projects and target pledges followed
        /// through to their limits.
        Supervision = "supervision" / "督查督办制",
    }
}

/// Extensions (延期): how many, how much, and who may approve (art. 42: the organ's head, once, 10 days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionPolicy {
    /// Most extensions allowed.
    pub max_count: u32,
    /// Most units all extensions may add together; no cap when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<u32>,
    /// The role that may approve an extension.
    pub approver_role: Role,
    /// Joint or unified handling (联办件, art. 42 ¶2: 45 days, extended once by 15 with the approval of the
    /// people's government's head): its own rule and approver. Joint items follow the rule above when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joint: Option<JointExtensionPolicy>,
}

/// The extension rule of joint items (art. 42 ¶2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JointExtensionPolicy {
    /// Most extensions allowed.
    pub max_count: u32,
    /// Most units all extensions may add together; no cap when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<u32>,
    /// The role that approves (`unit_head`: the head of the approving unit).
    pub approver_role: Role,
    /// The unit whose `approver_role` approves, e.g. the people's government; when absent, the superior
    /// unit of the case's unit (never the case's unit itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver_unit: Option<String>,
}

impl ExtensionPolicy {
    /// The count-and-total rule a clock enforces.
    pub fn rule(&self) -> ExtensionRule {
        ExtensionRule {
            max_count: self.max_count,
            max_total: self.max_total,
        }
    }

    /// The count-and-total rule for items of `kind`: the joint rule for joint items when the policy has one.
    pub fn rule_for(&self, kind: ItemKind) -> ExtensionRule {
        match (&self.joint, kind) {
            (Some(j), ItemKind::Joint) => ExtensionRule {
                max_count: j.max_count,
                max_total: j.max_total,
            },
            _ => self.rule(),
        }
    }
}

/// Joint review (并联审批 / 联审联办): consult limits and what silence, absence or bad replies mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JointReviewPolicy {
    /// How long a consulted department has to reply.
    pub consult_limit: Limit,
    /// No reply by the consult limit counts as consent (超时默认).
    pub silence_is_consent: bool,
    /// Unexcused absence from a joint meeting or site survey counts as consent (缺席默认).
    pub absence_is_consent: bool,
    /// A disagreement without reasons counts as agreement.
    pub unreasoned_disagreement_is_consent: bool,
    /// A reply other than agree / disagree / agree-and-forward (`other`) counts as agreement (docs/rules.md
    /// §5 Joint review); when false such a reply is refused and the unit must give a clear opinion.
    /// Default true.
    #[serde(default = "unclear_reply_default")]
    pub unclear_reply_is_consent: bool,
}

fn unclear_reply_default() -> bool {
    true
}

/// A/B posts (AB岗工作制).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbPolicy {
    /// When A and B are both away, the unit head covers (and a violation is recorded).
    pub unit_head_covers: bool,
}

/// A central intake window (集中受理 / 一窗受理): a unit whose staff take in applications for other units.
///
/// Its staff (window clerks, its head; a chief representative under a delegation) may receive, notify
/// corrections (one-time notice), take corrected materials, accept and refuse the cases of the items it
/// takes in, for the units that handle them; nothing else (the handling unit reviews, decides, delivers). It takes in an
/// item when the item's code is in `items`, its unit in `item_units` or its kind in `item_kinds`.
/// docs/rules.md §4 (City, year-end summary: central intake).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakePolicy {
    /// The intake unit (a unit id of the organisation), e.g. the service centre's window.
    #[schemars(length(min = 1))]
    pub unit: String,
    /// Item codes it takes in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Units (ids) whose items it takes in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_units: Vec<String>,
    /// Item kinds it takes in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_kinds: Vec<ItemKind>,
}

impl IntakePolicy {
    /// Whether the intake takes in the item `code` of `unit` and `kind`.
    ///
    /// ```
    /// use xiaoneng::{IntakePolicy, ItemKind};
    /// let hall = IntakePolicy {
    ///     unit: "hall".into(),
    ///     items: vec![],
    ///     item_units: vec!["amr".into()],
    ///     item_kinds: vec![],
    /// };
    /// assert!(hall.takes_in("330100-FOOD-001", "amr", ItemKind::Pledged));
    /// assert!(!hall.takes_in("330100-FIRE-002", "fire", ItemKind::Pledged));
    /// ```
    pub fn takes_in(&self, code: &str, unit: &str, kind: ItemKind) -> bool {
        self.items.iter().any(|i| i == code)
            || self.item_units.iter().any(|u| u == unit)
            || self.item_kinds.contains(&kind)
    }
}

/// Hearings (听证, 行政许可法 art. 47): the applicant requests one within `request_limit` of being told of
/// the right; the organ holds it within `hold_limit` of the request. Working days by default (art. 82).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HearingPolicy {
    /// The applicant's limit to request a hearing, from the notice of the right (art. 47: 5 days).
    pub request_limit: Limit,
    /// The organ's limit to hold a requested hearing, from the request (art. 47: 20 days).
    pub hold_limit: Limit,
}

impl Default for HearingPolicy {
    /// Art. 47: 5 and 20 working days.
    fn default() -> Self {
        HearingPolicy {
            request_limit: Limit::working_days(5),
            hold_limit: Limit::working_days(20),
        }
    }
}

/// Renewals (延续, 行政许可法 art. 50): an application made at least `lead` before the licence's expiry and
/// undecided at the expiry is deemed granted at that instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalPolicy {
    /// How long before the expiry a renewal is applied for (art. 50: 30 days), counted from receipt like
    /// any limit: in time when the lead from receipt ends no later than the expiry.
    pub lead: Limit,
}

impl Default for RenewalPolicy {
    /// Art. 50: 30 (natural) days; the applicant's lead is no limit of the organ's (art. 82 counts those).
    fn default() -> Self {
        RenewalPolicy {
            lead: Limit::natural_days(30),
        }
    }
}

/// Efficiency complaints (效能投诉): the limits of the acceptance decision, handling, and the reply to a named
/// complainant, the one extension of handling, feedback sampling of closed complaints, and what counts as
/// a repeat of the same matter (docs/rules.md, "Efficiency complaints").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ComplaintPolicy {
    /// The efficiency office decides whether to accept a complaint within this limit of its registration
    /// (3-7 working days in practice; 5 by default).
    pub acceptance_limit: Limit,
    /// An accepted complaint is handled within this limit of its acceptance (13-30 working days in
    /// practice; 15 by default).
    pub handling_limit: Limit,
    /// Handling may be extended once, with a supervisor's approval, by at most this much (in the handling
    /// limit's unit; 15 working days by default).
    pub extension_limit: Limit,
    /// A named complainant is replied to within this limit of the closing (anonymous complaints get no
    /// reply, and no reply clock; 3 working days by default).
    pub reply_limit: Limit,
    /// The share of closed complaints drawn for feedback sampling (回访抽查), in per mille (100 = 10 %).
    pub feedback_per_mille: u32,
    /// Two complaints about the same unit received within this many natural days are compared for the
    /// same matter (90 by default).
    pub repeat_window_days: u32,
    /// The least text similarity, in per mille, for the same matter (docs/rules.md; 500 by default).
    pub repeat_similarity_per_mille: u32,
}

impl Default for ComplaintPolicy {
    fn default() -> Self {
        ComplaintPolicy {
            acceptance_limit: Limit::working_days(5),
            handling_limit: Limit::working_days(15),
            extension_limit: Limit::working_days(15),
            reply_limit: Limit::working_days(3),
            feedback_per_mille: 100,
            repeat_window_days: 90,
            repeat_similarity_per_mille: 500,
        }
    }
}

crate::names::wire_enum! {
    /// Who may rate in a rater group (评议组) of key projects and target pledges; never anyone of the
    /// pledge's own unit.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum RaterKind {
        /// Supervisors of the efficiency office (staff with the `supervisor` role).
        Supervisors = "supervisors" / "效能监督人员",
        /// Appointed monitors serving their term (效能监督员), not affiliated with the unit.
        Monitors = "monitors" / "效能监督员",
        /// The heads of other units (单位负责人), the county's leaders among them.
        UnitHeads = "unit_heads" / "单位负责人",
    }
}

/// A rater group (评议组) of the periodic evaluation of key projects and target pledges: its name, its
/// weight in the score and who may rate in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RaterGroup {
    /// The group's name, as commands give it (`monitors`).
    pub name: String,
    /// Its label, e.g. `效能监督员评议`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Its weight, 1-100: the score is the weighted mean of the groups' mean scores.
    pub weight: u32,
    /// Who may rate in it.
    pub members: RaterKind,
}

/// Pledges (承诺): the unit head's limit to sign an ordered rectification pledge, how near a limit a
/// pledge is reported at risk, and the rater groups that evaluate key projects and target pledges
/// (docs/rules.md, "Pledges"). The pledges' own limits are in working days on the official calendar, set
/// when each is signed or opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PledgePolicy {
    /// An ordered rectification pledge is signed within this limit of the order (5 working days by
    /// default); when it passes, `late_pledge_signing` is recorded against the unit head.
    pub signing_limit: Limit,
    /// A pledge whose next milestone or deadline is at most this many working days away (the current day
    /// included) is at risk (3 by default).
    pub at_risk_days: u32,
    /// The rater groups (评议组) of key projects and target pledges (at most 16, names distinct); none
    /// when absent: such pledges are then not rated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rater_groups: Vec<RaterGroup>,
}

impl Default for PledgePolicy {
    fn default() -> Self {
        PledgePolicy {
            signing_limit: Limit::working_days(5),
            at_risk_days: 3,
            rater_groups: Vec::new(),
        }
    }
}

/// Corrections (补正, 行政许可法 art. 32): the organ's limit to decide acceptance once the corrections are
/// handed in, and the applicant's limit to hand them in (docs/rules.md §3 art. 32).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionsPolicy {
    /// The limit to accept, refuse or notify again once corrections are handed in (art. 32 (5): the
    /// application is accepted once every correction asked for is handed in); when it passes, the
    /// application is deemed accepted from the day the corrections were handed in, with a
    /// `late_acceptance` violation. The one-time-notice limit (`one_time_notice_limit`) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance_limit: Option<Limit>,
    /// The applicant's limit to hand in corrections, from each one-time notice; none when absent. When it
    /// passes, `corrections_overdue` is recorded and the window may refuse; nothing is refused by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_limit: Option<Limit>,
}

/// Timeout defaults (超时默认): which deadline triggers a deemed outcome (docs/rules.md §5 "Timeout
/// defaults"). What the outcome is comes from `on_timeout`; an item of the catalog may override both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeoutPolicy {
    /// The deadline that triggers a deemed approval, for every item kind not in `deemed_at_by_kind`;
    /// `pledged` when absent.
    #[serde(default)]
    pub deemed_at: DeemedAt,
    /// The deadline that triggers a deemed approval, per item kind (overriding `deemed_at`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "crate::policy::deemed_at_map")]
    #[serde(deserialize_with = "deemed_at_by_kind")]
    pub deemed_at_by_kind: BTreeMap<ItemKind, DeemedAt>,
}

/// Good/bad ratings (好差评) after closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingPolicy {
    /// A bad rating is verified and rectified within this limit (5-15 working days in practice).
    pub follow_up_limit: Limit,
    /// With no rating this long after closure, `default_level` is recorded; no default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_after: Option<Limit>,
    /// The default rating level, 1 (非常不满意) ..= 5 (非常满意); 3 (基本满意) in some provinces.
    #[serde(default = "default_rating_level")]
    #[schemars(range(min = 1, max = 5))]
    pub default_level: u8,
}

fn default_rating_level() -> u8 {
    3
}

/// A jurisdiction's efficiency rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Schema version, must be 1.
    #[schemars(extend("const" = 1))]
    pub schema: u32,
    /// Name, e.g. `某县机关效能建设实施意见`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Where the rules come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The working-day calendar: the national one and local overlays.
    pub calendar: CalendarSpec,
    /// Whether the day a period starts counts.
    #[serde(default)]
    pub start_rule: StartRule,
    /// Where a deadline day ends.
    #[serde(default)]
    pub deadline_end: DeadlineEnd,
    /// E-supervision thresholds.
    #[serde(default)]
    pub signals: SignalPolicy,
    /// The systems in force.
    pub systems: Vec<StandingSystem>,
    /// First inquiry: how long the first person asked has to answer, handle or guide.
    pub inquiry_answer_limit: Limit,
    /// One-time notification of all missing materials after receipt (art. 32: 5 days).
    pub one_time_notice_limit: Limit,
    /// Negative-decision reporting to the superior after a refusal.
    pub negative_report_limit: Limit,
    /// Delivery of certificates after the decision (art. 44: 10 days).
    pub delivery_limit: Limit,
    /// Extensions.
    pub extension: ExtensionPolicy,
    /// Default on timeout per item kind; kinds not listed are only marked overdue.
    #[serde(default)]
    #[schemars(schema_with = "crate::policy::on_timeout_map")]
    #[serde(deserialize_with = "on_timeout_by_kind")]
    pub on_timeout: BTreeMap<ItemKind, OnTimeout>,
    /// Which deadline triggers a deemed outcome (pledged or statutory), for every kind and per kind; the
    /// pledged one when absent.
    #[serde(default)]
    pub timeout: TimeoutPolicy,
    /// Joint review.
    pub joint_review: JointReviewPolicy,
    /// A/B posts.
    pub ab_posts: AbPolicy,
    /// Ratings.
    pub rating: RatingPolicy,
    /// Hearings (art. 47); 5 and 20 working days when absent.
    #[serde(default)]
    pub hearing: HearingPolicy,
    /// Renewals (art. 50); a lead of 30 natural days when absent.
    #[serde(default)]
    pub renewal: RenewalPolicy,
    /// Corrections (art. 32): the acceptance limit after corrections (the one-time-notice limit when
    /// absent) and the applicant's limit to hand them in (none when absent).
    #[serde(default)]
    pub corrections: CorrectionsPolicy,
    /// Central intake windows (集中受理 / 一窗受理); none when absent: each unit takes in its own items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intake: Vec<IntakePolicy>,
    /// Efficiency complaints; the defaults of [`ComplaintPolicy`] when absent.
    #[serde(default)]
    pub complaints: ComplaintPolicy,
    /// Pledges (rectification pledges, supervised items, key projects, target pledges); the defaults of
    /// [`PledgePolicy`] when absent.
    #[serde(default)]
    pub pledges: PledgePolicy,
    /// The sanction ladder accountability matters are proposed by (docs/policy.md, "Sanction ladder"); the
    /// county's (presets/ladder/county.toml) when absent.
    #[serde(default = "crate::sanction::LadderPolicy::county")]
    #[schemars(with = "serde_json::Value")]
    pub ladder: crate::sanction::LadderPolicy,
    /// The priority service card (金卡): the thresholds of [`Policy::priority_card`]; the city's figures
    /// (30,000,000 yuan of annual sales, 5,000,000 yuan of registered capital) when absent, and left out
    /// of the JSON when it has them.
    #[serde(default, skip_serializing_if = "PriorityCardPolicy::is_default")]
    pub priority_card: PriorityCardPolicy,
}

impl Policy {
    /// The calendar the policy names.
    ///
    /// # Errors
    ///
    /// A calendar error naming the field (as `calendar.<field>` in [`Policy::validate`]).
    pub fn calendar(&self) -> Result<Calendar> {
        Ok(Calendar::from_spec(self.calendar.clone())?)
    }

    /// The default on timeout for an item kind.
    pub fn on_timeout(&self, kind: ItemKind) -> OnTimeout {
        self.on_timeout.get(&kind).copied().unwrap_or(OnTimeout::OverdueOnly)
    }

    /// The limit to decide acceptance once corrections are handed in: `corrections.acceptance_limit`, or
    /// the one-time-notice limit when the policy sets none.
    ///
    /// ```
    /// use xiaoneng::{Document, Limit, Policy};
    /// let county = Policy::from_toml(include_str!("../presets/county.toml")).unwrap();
    /// assert_eq!(county.acceptance_after_corrections_limit(), Limit::working_days(5));
    /// ```
    pub fn acceptance_after_corrections_limit(&self) -> Limit {
        self.corrections.acceptance_limit.unwrap_or(self.one_time_notice_limit)
    }

    /// The deadline that triggers a deemed outcome for an item kind: `timeout.deemed_at_by_kind`, else
    /// `timeout.deemed_at`. A catalog item's own `deemed_at` overrides it.
    ///
    /// ```
    /// use xiaoneng::{DeemedAt, Document, ItemKind, Policy};
    /// let toml = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/presets/county.toml"));
    /// let mut policy = Policy::from_toml(toml).unwrap();
    /// assert_eq!(policy.deemed_at(ItemKind::Joint), DeemedAt::Pledged);
    /// policy.timeout.deemed_at_by_kind.insert(ItemKind::Joint, DeemedAt::Statutory);
    /// assert_eq!(policy.deemed_at(ItemKind::Joint), DeemedAt::Statutory);
    /// assert_eq!(policy.deemed_at(ItemKind::Pledged), DeemedAt::Pledged);
    /// ```
    pub fn deemed_at(&self, kind: ItemKind) -> DeemedAt {
        self.timeout
            .deemed_at_by_kind
            .get(&kind)
            .copied()
            .unwrap_or(self.timeout.deemed_at)
    }

    /// The priority service card rule (金卡, docs/rules.md §7): an applicant is eligible when its annual
    /// sales are at least `priority_card.min_annual_sales_yuan` **or** its registered capital at least
    /// `priority_card.min_registered_capital_yuan` (30,000,000 and 5,000,000 yuan unless the policy sets
    /// others). A figure not given is not met; the answer names the thresholds met and the derivation.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use xiaoneng::{Document, Policy, PriorityThreshold};
    /// let county = Policy::from_toml(include_str!("../presets/county.toml")).unwrap();
    /// let card = county.priority_card(None, Some(Decimal::from(5_000_000))).unwrap();
    /// assert!(card.eligible);
    /// assert_eq!(card.by, [PriorityThreshold::RegisteredCapital]);
    /// let card = county.priority_card(Some(Decimal::from(29_999_999)), Some(Decimal::from(4_999_999))).unwrap();
    /// assert!(!card.eligible);
    /// assert!(county.priority_card(None, None).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the figure (`annual_sales_yuan`, `registered_capital_yuan`) when
    /// it is negative, or when both are absent (the eligibility cannot be decided).
    pub fn priority_card(
        &self,
        annual_sales_yuan: Option<rust_decimal::Decimal>,
        registered_capital_yuan: Option<rust_decimal::Decimal>,
    ) -> Result<PriorityCard> {
        self.priority_card.decide(annual_sales_yuan, registered_capital_yuan)
    }

    /// Whether a standing system is in force.
    pub fn has_system(&self, system: StandingSystem) -> bool {
        self.systems.contains(&system)
    }

    /// Checks every value, naming the field of the first invalid one.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`]: a wrong schema, an empty name, a limit above
    /// [`crate::MAX_AMOUNT`], a repeated system, a rating level outside 1..=5, an extension approver
    /// role that cannot approve (only `unit_head` or `supervisor` may), an intake window without a unit,
    /// listed twice or taking in nothing, a negative `priority_card` threshold; calendar errors prefixed with `calendar.`. (Whether an intake's
    /// unit and items exist is checked against the organisation and catalog when an engine is built.)
    pub fn validate(&self) -> Result<()> {
        self.validated().map(drop)
    }

    /// [`Policy::validate`], answering the calendar it built to check the policy's (so that an engine
    /// builds it once).
    pub(crate) fn validated(&self) -> Result<Calendar> {
        if self.schema != POLICY_SCHEMA {
            return Err(invalid(
                "schema",
                self.schema,
                format!("this library reads policy schema {POLICY_SCHEMA}"),
            ));
        }
        if self.name.trim().is_empty() {
            return Err(invalid("name", "\"\"", "a policy needs a name"));
        }
        let calendar = Calendar::from_spec(self.calendar.clone()).map_err(|e| match e {
            crate::CalendarError::Invalid(f) => invalid(format!("calendar.{}", f.field), f.value, f.reason),
            other => other.into(),
        })?;
        let limits = [
            ("inquiry_answer_limit", Some(self.inquiry_answer_limit)),
            ("one_time_notice_limit", Some(self.one_time_notice_limit)),
            ("negative_report_limit", Some(self.negative_report_limit)),
            ("delivery_limit", Some(self.delivery_limit)),
            ("joint_review.consult_limit", Some(self.joint_review.consult_limit)),
            ("rating.follow_up_limit", Some(self.rating.follow_up_limit)),
            ("rating.default_after", self.rating.default_after),
            ("hearing.request_limit", Some(self.hearing.request_limit)),
            ("hearing.hold_limit", Some(self.hearing.hold_limit)),
            ("renewal.lead", Some(self.renewal.lead)),
            ("corrections.acceptance_limit", self.corrections.acceptance_limit),
            ("corrections.applicant_limit", self.corrections.applicant_limit),
            ("signals.reminder_before", self.signals.reminder_before),
            ("signals.red_after", self.signals.red_after),
            ("complaints.acceptance_limit", Some(self.complaints.acceptance_limit)),
            ("complaints.handling_limit", Some(self.complaints.handling_limit)),
            ("complaints.extension_limit", Some(self.complaints.extension_limit)),
            ("complaints.reply_limit", Some(self.complaints.reply_limit)),
            ("pledges.signing_limit", Some(self.pledges.signing_limit)),
        ];
        for (field, limit) in limits {
            if let Some(l) = limit {
                check_limit(field, l)?;
            }
        }
        let c = &self.complaints;
        if c.extension_limit.unit != c.handling_limit.unit {
            return Err(invalid(
                "complaints.extension_limit.unit",
                c.extension_limit.unit,
                format!("an extension adds to the handling limit, in {}", c.handling_limit.unit),
            ));
        }
        if c.feedback_per_mille > 1000 {
            return Err(invalid(
                "complaints.feedback_per_mille",
                c.feedback_per_mille,
                "at most 1000 (all)",
            ));
        }
        if c.repeat_similarity_per_mille > 1000 {
            return Err(invalid(
                "complaints.repeat_similarity_per_mille",
                c.repeat_similarity_per_mille,
                "a similarity is at most 1000 per mille",
            ));
        }
        self.ladder.validate().map_err(|e| match e.field() {
            Some(f) => invalid(format!("ladder.{f}"), e.value().unwrap_or_default(), e.reason()),
            None => invalid("ladder", "", e.reason()),
        })?;
        self.priority_card.validate()?;
        if self.pledges.at_risk_days > 3660 {
            return Err(invalid(
                "pledges.at_risk_days",
                self.pledges.at_risk_days,
                "at most 3660 working days",
            ));
        }
        let groups = &self.pledges.rater_groups;
        if groups.len() > 16 {
            return Err(invalid("pledges.rater_groups", groups.len(), "at most 16 rater groups"));
        }
        for (k, g) in groups.iter().enumerate() {
            if g.name.trim().is_empty() {
                return Err(invalid(
                    format!("pledges.rater_groups[{k}].name"),
                    "\"\"",
                    "a group needs a name",
                ));
            }
            if let Some(first) = groups[..k].iter().position(|h| h.name == g.name) {
                return Err(invalid(
                    format!("pledges.rater_groups[{k}].name"),
                    &g.name,
                    format!("repeats pledges.rater_groups[{first}].name"),
                ));
            }
            if !(1..=100).contains(&g.weight) {
                return Err(invalid(
                    format!("pledges.rater_groups[{k}].weight"),
                    g.weight,
                    "a weight is 1-100",
                ));
            }
        }
        if c.repeat_window_days > 3660 {
            return Err(invalid(
                "complaints.repeat_window_days",
                c.repeat_window_days,
                "at most 3660 days",
            ));
        }
        if let Some(t) = self.extension.max_total {
            if t > crate::MAX_AMOUNT {
                return Err(invalid(
                    "extension.max_total",
                    t,
                    format!("at most {}", crate::MAX_AMOUNT),
                ));
            }
        }
        if !matches!(self.extension.approver_role, Role::UnitHead | Role::Supervisor) {
            return Err(invalid(
                "extension.approver_role",
                self.extension.approver_role,
                "an extension is approved by the unit head (art. 42) or a supervisor",
            ));
        }
        for (k, s) in self.systems.iter().enumerate() {
            if self.systems[..k].contains(s) {
                return Err(invalid(format!("systems[{k}]"), s, "listed twice"));
            }
        }
        for (k, intake) in self.intake.iter().enumerate() {
            if intake.unit.trim().is_empty() {
                return Err(invalid(format!("intake[{k}].unit"), "\"\"", "name the intake unit"));
            }
            if let Some(j) = self.intake[..k].iter().position(|i| i.unit == intake.unit) {
                return Err(invalid(
                    format!("intake[{k}].unit"),
                    &intake.unit,
                    format!("listed twice (also intake[{j}]); list everything it takes in once"),
                ));
            }
            if intake.items.is_empty() && intake.item_units.is_empty() && intake.item_kinds.is_empty() {
                return Err(invalid(
                    format!("intake[{k}]"),
                    &intake.unit,
                    "an intake window takes in some items: list `items`, `item_units` or `item_kinds`",
                ));
            }
        }
        if !(1..=5).contains(&self.rating.default_level) {
            return Err(invalid(
                "rating.default_level",
                self.rating.default_level,
                "a rating level is 1..=5",
            ));
        }
        Ok(calendar)
    }
}

impl crate::Document for Policy {
    const SCHEMA: u32 = POLICY_SCHEMA;

    /// Reads a policy from JSON and validates it.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field path for malformed documents and unknown fields;
    /// [`crate::Error::Invalid`] or a calendar error naming the field for invalid values.
    fn from_json(text: &str) -> Result<Self> {
        let p: Policy = codec::from_json(text)?;
        p.validate()?;
        Ok(p)
    }

    /// Reads a policy from TOML and validates it.
    ///
    /// # Errors
    ///
    /// As [`Policy::from_json`].
    fn from_toml(text: &str) -> Result<Self> {
        let p: Policy = codec::from_toml(text)?;
        p.validate()?;
        Ok(p)
    }

    /// The policy as JSON.
    fn to_json(&self) -> String {
        codec::to_json(self)
    }
}

/// Reads `on_timeout` with string keys first, so an error in a value names its key (`on_timeout.joint`)
/// and an unknown key is named in the message, then turns the keys into item kinds.
fn on_timeout_by_kind<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<ItemKind, OnTimeout>, D::Error> {
    by_kind(d)
}

/// Reads `timeout.deemed_at_by_kind` as [`on_timeout_by_kind`] reads `on_timeout`.
fn deemed_at_by_kind<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<ItemKind, DeemedAt>, D::Error> {
    by_kind(d)
}

/// A table keyed by item kind, read with string keys first (an error in a value names its key; an
/// unknown key is named in the message).
fn by_kind<'de, D: serde::Deserializer<'de>, V: Deserialize<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<ItemKind, V>, D::Error> {
    use serde::de::Error as _;
    let raw = BTreeMap::<String, V>::deserialize(d)?;
    raw.into_iter()
        .map(|(key, value)| {
            let kind =
                ItemKind::deserialize(serde::de::value::StrDeserializer::<D::Error>::new(&key)).map_err(|_| {
                    D::Error::custom(format!(
                        "`{key}` is not an item kind (instant, pledged, joint, reported)"
                    ))
                })?;
            Ok((kind, value))
        })
        .collect()
}

fn check_limit(field: &str, l: Limit) -> Result<()> {
    if l.amount > crate::MAX_AMOUNT {
        return Err(invalid(
            format!("{field}.amount"),
            l.amount,
            format!("at most {}", crate::MAX_AMOUNT),
        ));
    }
    if l.unit == TimeUnit::WorkingHours && l.amount == 0 {
        return Err(invalid(
            format!("{field}.amount"),
            0,
            "a working-hours limit must be positive",
        ));
    }
    Ok(())
}

/// Schema of [`Policy::on_timeout`]: a table whose keys are item kinds and whose values are defaults.
pub(crate) fn on_timeout_map(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let keys = generator.subschema_for::<ItemKind>();
    let values = generator.subschema_for::<OnTimeout>();
    schemars::json_schema!({
        "type": "object",
        "propertyNames": keys,
        "additionalProperties": values,
    })
}

/// Schema of [`TimeoutPolicy::deemed_at_by_kind`]: a table whose keys are item kinds.
pub(crate) fn deemed_at_map(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let keys = generator.subschema_for::<ItemKind>();
    let values = generator.subschema_for::<DeemedAt>();
    schemars::json_schema!({
        "type": "object",
        "propertyNames": keys,
        "additionalProperties": values,
    })
}
