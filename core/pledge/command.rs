//! The pledge commands (承诺): one struct per command body, in the wire form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::codec::command_family! {
    /// A command on a pledge (整改承诺, 督办事项, 重点项目, 军令状), by its wire name.
    pub enum PledgeCommand {
        /// The efficiency office orders a unit to rectify a problem (下达整改通知): a rectification pledge
        /// awaits the unit head's signature.
        OrderRectification = "order_rectification",
        /// The unit head signs the rectification pledge (整改承诺书) with its five specifics.
        SignPledge = "sign_pledge",
        /// A supervised item, key project or annual target pledge opened with its leader and milestones.
        OpenPledge = "open_pledge",
        /// A progress report (进展报告): a milestone reached, one of the three 到位, or a note.
        ReportPledge = "report_pledge",
        /// The unit reports the pledge fulfilled, with its evidence, for verification.
        CompletePledge = "complete_pledge",
        /// The efficiency office verifies a completed pledge (验收): kept, or reopened with a new limit.
        VerifyPledge = "verify_pledge",
        /// A member of a rater group rates a key project or target pledge for a period (评议打分).
        RatePledge = "rate_pledge",
    }
}

/// The efficiency office orders a unit to rectify a problem (下达整改通知).
///
/// Issued by a supervisor outside the unit (a staff member of the unit is refused), naming where the
/// problem came from (`source`, and the record it came from in `source_ref` when the engine holds it: a
/// complaint, a case). `case` is a new pledge number (pledges share the case-number space). The unit head
/// signs within the policy's `pledges.signing_limit`. A complaint closed as substantiated orders its own
/// rectification (number `<complaint>-ZG1`). Event: `rectification_ordered`; the signing limit starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "order_rectification", "case": "Z1", "at": "2026-10-19T09:00:00+08:00", "actor": "s-sup",
    "unit": "amr", "source": "inspection", "problem": "窗口人员离岗未挂去向牌，群众等候超过30分钟",
}))]
pub struct OrderRectification {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The unit that rectifies (a unit id).
    pub unit: String,
    /// Where the problem was found.
    pub source: crate::event::PledgeSource,
    /// The record the problem came from (a complaint or case number the engine holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    /// The problem (定问题): the first of the five specifics.
    pub problem: String,
}

/// The unit head signs the rectification pledge (整改承诺书) with its five specifics.
///
/// Issued by the head of the ordered unit (role `unit_head` of that unit; a head of another unit is
/// refused). The five specifics: the problem (from the order), the `measures` (定措施), the staff member
/// `responsible` (定责任人, of the unit), the limit (定时限: `amount` working days from the signing) and the
/// `standard` to reach (定标准). Milestones (`milestones`, with `milestone_days`: working days from the
/// signing, not decreasing, none beyond `amount`) are optional. Event: `pledge_signed`; the deadline and
/// milestone clocks start on the official calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "sign_pledge", "case": "Z1", "at": "2026-10-20T09:00:00+08:00", "actor": "s-head",
    "measures": "建立离岗登记和AB岗顶岗制度，每日巡查", "responsible": "s-clerk",
    "standard": "窗口在岗率100%，群众等候不超过10分钟", "amount": 15,
    "milestones": ["制度印发", "全员培训"], "milestone_days": [5, 10],
}))]
pub struct SignPledge {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The measures (定措施).
    pub measures: String,
    /// The staff member responsible (定责任人), of the unit.
    pub responsible: String,
    /// The standard to reach (定标准).
    pub standard: String,
    /// The limit (定时限), in working days from the signing.
    #[schemars(range(min = 1, max = 3660))]
    pub amount: u32,
    /// Milestone titles, in order.
    #[serde(default)]
    pub milestones: Vec<String>,
    /// Each milestone's limit, in working days from the signing (as many as `milestones`).
    #[serde(default)]
    #[schemars(inner(range(min = 1, max = 3660)))]
    pub milestone_days: Vec<u32>,
}

/// A supervised item (督办事项), key project (重点项目挂牌) or annual target pledge (军令状) opened.
///
/// Issued by a supervisor outside the unit. `leader` is the responsible leader (any staff member: a
/// county leader answers for a supervised item), `responsible` the staff member of the unit who carries
/// it out; `amount` working days from the opening, with optional milestones as in `sign_pledge`. Unfinished
/// at the deadline, it is a violation against both. Event: `pledge_opened`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "open_pledge", "case": "D1", "at": "2026-10-19T09:00:00+08:00", "actor": "s-sup",
    "pledge_kind": "supervised", "unit": "amr", "leader": "s-gov-head", "responsible": "s-head",
    "title": "食品经营许可“一窗通办”改革", "standard": "全流程网办率达到90%", "amount": 40,
    "milestones": ["方案报批", "系统上线"], "milestone_days": [10, 30],
}))]
pub struct OpenPledge {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// What kind of pledge (not `rectification`: that one is ordered and signed).
    pub pledge_kind: crate::event::PledgeKind,
    /// The unit that carries it out (a unit id).
    pub unit: String,
    /// The responsible leader (a staff id).
    pub leader: String,
    /// The staff member of the unit who carries it out.
    pub responsible: String,
    /// What is pledged.
    pub title: String,
    /// The standard to reach.
    pub standard: String,
    /// The limit, in working days from the opening.
    #[schemars(range(min = 1, max = 3660))]
    pub amount: u32,
    /// Milestone titles, in order.
    #[serde(default)]
    pub milestones: Vec<String>,
    /// Each milestone's limit, in working days from the opening (as many as `milestones`).
    #[serde(default)]
    #[schemars(inner(range(min = 1, max = 3660)))]
    pub milestone_days: Vec<u32>,
}

/// A progress report (进展报告).
///
/// Issued by the staff member responsible, the responsible leader or the head of the pledge's unit (anyone
/// else, a head of another unit included, is refused), with a note. `milestone` (1-based) marks that
/// milestone reached; `in_place` (rectification pledges only) marks one of the three 到位 as in place.
/// Event: `pledge_reported`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "report_pledge", "case": "Z1", "at": "2026-10-26T09:00:00+08:00", "actor": "s-clerk",
    "note": "离岗登记制度已印发", "milestone": 1,
}))]
pub struct ReportPledge {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// What was done.
    pub note: String,
    /// The milestone reached (1-based), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000))]
    pub milestone: Option<u32>,
    /// One of the three 到位 now in place, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_place: Option<crate::event::InPlace>,
}

/// The unit reports the pledge fulfilled (整改完成), with its evidence.
///
/// Issued by the staff member responsible, the responsible leader or the unit head, once every milestone
/// is reached and, for a rectification pledge, the three 到位 (recognition, rectification, accountability)
/// are in place. Event: `pledge_completed`; the deadline clock stops; verification follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "complete_pledge", "case": "Z1", "at": "2026-11-02T09:00:00+08:00", "actor": "s-head",
    "evidence": "制度文件、培训签到表、10月在岗巡查记录",
}))]
pub struct CompletePledge {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// The evidence offered.
    pub evidence: String,
}

/// The efficiency office verifies a completed pledge (验收).
///
/// Issued by a supervisor outside the unit who is not the one who reported it complete, nor its
/// responsible person or leader (verification is by a different person), with the `evidence` examined.
/// Passed: the pledge is kept. Failed: it reopens with a new limit of `amount` working days (required,
/// at least 1) from the verification. Event: `pledge_verified`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "verify_pledge", "case": "Z1", "at": "2026-11-04T09:00:00+08:00", "actor": "s-sup",
    "passed": true, "evidence": "暗访3次，窗口均在岗",
}))]
pub struct VerifyPledge {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id.
    pub actor: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was examined.
    pub evidence: String,
    /// The new limit when it failed, in working days from the verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 3660))]
    pub amount: Option<u32>,
}

/// A member of a rater group rates a key project or target pledge for a period (重点项目评议, 目标考核).
///
/// `group` is one of the policy's `pledges.rater_groups`; the actor must be one of its members: a
/// supervisor (`supervisors`), an appointed monitor serving on the day (`monitors`) or the head of a unit
/// (`unit_heads`), never of the pledge's unit nor affiliated with it. One rating per rater and `period` (a
/// label such as `2026-Q4`, 1-32 characters); `score` 0-100. Allowed while the pledge is open, completed
/// or kept. Event: `pledge_rated`. The period's evaluation is derived: `Engine::pledge_evaluation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "rate_pledge", "case": "K1", "at": "2026-12-28T15:00:00+08:00", "actor": "m-deputy",
    "group": "monitors", "period": "2026-Q4", "score": 86, "note": "节点按期，群众反映较好",
}))]
pub struct RatePledge {
    /// Pledge number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// The rater: a staff id or an appointed monitor's id.
    pub actor: String,
    /// The rater group.
    pub group: String,
    /// The period rated.
    pub period: String,
    /// The score, 0-100.
    #[schemars(range(min = 0, max = 100))]
    pub score: u32,
    /// Why, if said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}
