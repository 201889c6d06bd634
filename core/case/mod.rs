//! The case (办件): its state and clocks ([`Case`]), its commands ([`command`]), the rules that decide them
//! ([`decide`], pure), the one function that changes it ([`apply`], no rules; used alike by live commands,
//! timers and replay), its timers ([`timers`]) and its transition table ([`transitions`]).

mod apply;
pub mod command;
mod decide;
#[cfg(test)]
mod given;
mod replay;
mod timers;
pub(crate) mod transitions;

pub(crate) use apply::init;
pub(crate) use decide::{create, decide};
pub(crate) use replay::command_of;
pub(crate) use timers::{fire_at, next_after_firing, settle, Timings};

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, Signal};
use crate::event::{ClockName, DeemedBecause, Opinion, Rule};
use crate::policy::ItemKind;

crate::names::wire_enum! {
    /// Where a case stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum CaseState {
        /// Materials received, not yet accepted or refused.
        Received = "received" / "已收件",
        /// Told to correct; waiting for the applicant.
        AwaitingCorrection = "awaiting_correction" / "待补正",
        /// Accepted; under review, procedure steps running.
        Accepted = "accepted" / "已受理",
        /// Refused acceptance (closed).
        Refused = "refused" / "不予受理",
        /// Approved, waiting for delivery.
        Approved = "approved" / "准予许可",
        /// Denied (closed).
        Denied = "denied" / "不予许可",
        /// Delivered (closed).
        Delivered = "delivered" / "已送达办结",
        /// Withdrawn (closed).
        Withdrawn = "withdrawn" / "已撤回",
        /// Terminated by the unit (closed).
        Terminated = "terminated" / "终止办理",
    }
}

impl CaseState {
    /// Whether the case is closed.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            CaseState::Refused
                | CaseState::Denied
                | CaseState::Delivered
                | CaseState::Withdrawn
                | CaseState::Terminated
        )
    }
}

/// A recorded violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViolationRecord {
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Which rule.
    pub rule: Rule,
    /// Who is responsible, when known (as [`crate::EventKind::Violation`] says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// Details.
    pub detail: String,
    /// The post whose duty was breached, when the rule belongs to a post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    /// Who acted for the post at the breach (A holder, B while A was away, or the unit head).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting: Option<crate::org::Acting>,
    /// The responsible unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The responsible unit's head (第一责任人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_head: Option<String>,
}

/// A consulted department in joint review, and its opinion once given or deemed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointParty {
    /// The consulted unit.
    pub unit: String,
    /// Its opinion as it counts, once given or deemed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<Opinion>,
    /// Why it was deemed, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deemed: Option<DeemedBecause>,
}

/// The applicant's rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// When.
    pub at: DateTime<Utc>,
    /// Level 1..=5.
    pub level: u8,
    /// Real-name.
    pub real_name: bool,
    /// Default rating by policy.
    pub deemed: bool,
}

impl Rating {
    /// Whether it is a bad rating (不满意 or 非常不满意).
    pub fn is_bad(&self) -> bool {
        self.level <= 2
    }
}

/// A case. Changed only by applying its events (the same function for commands, timers and replay).
///
/// Read it through its accessors; its JSON form (in snapshots, `engine.case` in Python and
/// `xn_engine_case_json` in C) is documented in docs/commands.md, "The case record". The layout is compact,
/// because an engine holds a million open cases and copies a case for every command it checks: strings
/// that never change are shared (`Arc<str>`; item codes, units and material names with the engine), each
/// clock shares its configuration with the engine's templates, what only some cases need (corrections,
/// violations, the clocks after a decision; joint review) lives in two shared blocks allocated on first
/// use and copied only when changed, and the receipt and acceptance instants are the clocks' own starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub(crate) id: Arc<str>,
    pub(crate) item: Arc<str>,
    /// The item's position in the engine's catalog (set again on restore).
    pub(crate) item_ix: u32,
    pub(crate) unit: Arc<str>,
    pub(crate) applicant: Arc<str>,
    /// Materials received so far; names in the item's list share the engine's copy.
    pub(crate) materials: Arc<[Arc<str>]>,
    pub(crate) kind: ItemKind,
    pub(crate) state: CaseState,
    /// Last signal raised on the decision clock.
    pub(crate) signal: Signal,
    pub(crate) escalated: bool,
    pub(crate) deemed_acceptance: bool,
    pub(crate) deemed_decision: bool,
    pub(crate) faulted: bool,
    /// Clocks whose breach was already recorded (each is recorded once).
    pub(crate) breached: ClockSet,
    pub(crate) notices: u32,
    pub(crate) step: u32,
    pub(crate) last_event_at: DateTime<Utc>,
    /// The one-time-notice limit, from receipt (its start is the receipt).
    pub(crate) notice_clock: Clock,
    /// The decision clock, from acceptance (its start is the effective acceptance).
    pub(crate) decision: Option<Clock>,
    pub(crate) step_clock: Option<Clock>,
    pub(crate) more: Option<Arc<More>>,
    /// Joint review (joint items only), from acceptance.
    pub(crate) joint: Option<Arc<Joint>>,
}

/// The consulted departments of a joint item and the consult limit, from acceptance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Joint {
    pub(crate) parties: Vec<JointParty>,
    pub(crate) consult: Option<Clock>,
}

/// What only some cases need, allocated on first use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct More {
    pub(crate) notified: Vec<String>,
    pub(crate) corrected: Vec<String>,
    pub(crate) violations: Vec<ViolationRecord>,
    pub(crate) negative_report: Option<Clock>,
    pub(crate) delivery: Option<Clock>,
    pub(crate) closed_at: Option<DateTime<Utc>>,
    pub(crate) rating_wait: Option<Clock>,
    pub(crate) rating: Option<Rating>,
    pub(crate) rating_follow_up: Option<Clock>,
    /// The instant of a deemed acceptance's event (its effect is backdated to receipt, or to the
    /// corrections); a clerk's acceptance happens at its effective instant. The monthly figures count an
    /// acceptance at this instant.
    pub(crate) deemed_accepted_at: Option<DateTime<Utc>>,
    /// When the case became overdue: the first yellow or red card on the decision clock, `decision_overdue`
    /// violation or deemed decision (docs/metrics.md).
    pub(crate) overdue_at: Option<DateTime<Utc>>,
    /// The applicant's limit to request a hearing, from the notice of the right (art. 47).
    pub(crate) hearing_request: Option<Clock>,
    /// The limit to hold the requested hearing, from the request (art. 47).
    pub(crate) hearing: Option<Clock>,
    /// A renewal's licence expiry, and whether it was applied for in time (art. 50).
    pub(crate) renewal_of: Option<(DateTime<Utc>, bool)>,
    /// The limit to decide acceptance, from the latest corrections handed in (art. 32 (5)).
    pub(crate) acceptance: Option<Clock>,
    /// The applicant's limit to hand in corrections, from the latest one-time notice (policy).
    pub(crate) corrections: Option<Clock>,
}

/// A set of clock names (one bit each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ClockSet(u32);

// One bit per clock name: a new name past the 32nd needs a wider set.
const _: () = assert!(ClockName::ALL.len() <= 32);

impl ClockSet {
    pub(crate) fn contains(self, name: ClockName) -> bool {
        self.0 & (1 << name as u32) != 0
    }
    fn insert(&mut self, name: ClockName) {
        self.0 |= 1 << name as u32;
    }
    fn remove(&mut self, name: ClockName) {
        self.0 &= !(1 << name as u32);
    }
    fn names(self) -> Vec<ClockName> {
        ClockName::ALL.iter().copied().filter(|n| self.contains(*n)).collect()
    }
}

/// The JSON form of a case (snapshots and views): every field by name, independent of the layout.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseDoc<'a> {
    id: Cow<'a, str>,
    item: Cow<'a, str>,
    unit: Cow<'a, str>,
    kind: ItemKind,
    applicant: Cow<'a, str>,
    state: CaseState,
    received_at: DateTime<Utc>,
    materials: Vec<Cow<'a, str>>,
    #[serde(default)]
    notified: Cow<'a, [String]>,
    #[serde(default)]
    corrected: Cow<'a, [String]>,
    notices: u32,
    notice_clock: Cow<'a, Clock>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    accepted: Option<(DateTime<Utc>, bool)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decision: Option<Cow<'a, Clock>>,
    step: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    step_clock: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    negative_report: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delivery: Option<Cow<'a, Clock>>,
    signal: Signal,
    escalated: bool,
    deemed_decision: bool,
    breached: Vec<ClockName>,
    violations: Cow<'a, [ViolationRecord]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    joint: Cow<'a, [JointParty]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    consult: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    closed_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating_wait: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating_follow_up: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deemed_accepted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    overdue_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hearing_request: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hearing: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    renewal_of: Option<RenewalOf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    acceptance_clock: Option<Cow<'a, Clock>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    corrections_clock: Option<Cow<'a, Clock>>,
    last_event_at: DateTime<Utc>,
    #[serde(default)]
    faulted: bool,
}

/// A renewal's licence expiry in the case's JSON form.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenewalOf {
    expiry: DateTime<Utc>,
    in_time: bool,
}

#[allow(clippy::ptr_arg)] // serde hands `skip_serializing_if` the field itself
fn is_empty<T: Clone>(list: &Cow<'_, [T]>) -> bool {
    list.is_empty()
}

impl Serialize for Case {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let m = self.more.as_deref();
        let list = |f: fn(&More) -> &Vec<String>| Cow::Borrowed(m.map_or(&[][..], |m| f(m).as_slice()));
        let clock = |f: fn(&More) -> &Option<Clock>| m.and_then(|m| f(m).as_ref()).map(Cow::Borrowed);
        CaseDoc {
            id: Cow::Borrowed(&self.id),
            item: Cow::Borrowed(&self.item),
            unit: Cow::Borrowed(&self.unit),
            kind: self.kind,
            applicant: Cow::Borrowed(&self.applicant),
            state: self.state,
            received_at: self.received_at(),
            materials: self.materials.iter().map(|m| Cow::Borrowed(&**m)).collect(),
            notified: list(|m| &m.notified),
            corrected: list(|m| &m.corrected),
            notices: self.notices,
            notice_clock: Cow::Borrowed(&self.notice_clock),
            accepted: self.accepted(),
            decision: self.decision.as_ref().map(Cow::Borrowed),
            step: self.step,
            step_clock: self.step_clock.as_ref().map(Cow::Borrowed),
            negative_report: clock(|m| &m.negative_report),
            delivery: clock(|m| &m.delivery),
            signal: self.signal,
            escalated: self.escalated,
            deemed_decision: self.deemed_decision,
            breached: self.breached.names(),
            violations: Cow::Borrowed(self.violations()),
            joint: Cow::Borrowed(self.joint()),
            consult: self.consult().map(Cow::Borrowed),
            closed_at: self.closed_at(),
            rating_wait: clock(|m| &m.rating_wait),
            rating: self.rating(),
            rating_follow_up: clock(|m| &m.rating_follow_up),
            deemed_accepted_at: m.and_then(|m| m.deemed_accepted_at),
            overdue_at: self.overdue_at(),
            hearing_request: clock(|m| &m.hearing_request),
            hearing: clock(|m| &m.hearing),
            renewal_of: self.renewal_of().map(|(expiry, in_time)| RenewalOf { expiry, in_time }),
            acceptance_clock: clock(|m| &m.acceptance),
            corrections_clock: clock(|m| &m.corrections),
            last_event_at: self.last_event_at,
            faulted: self.faulted,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Case {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let d = CaseDoc::deserialize(deserializer)?;
        if d.notice_clock.started_at() != d.received_at {
            return Err(D::Error::custom("`notice_clock` starts at receipt (`received_at`)"));
        }
        let deemed_acceptance = match (d.accepted, &d.decision) {
            (Some((at, deemed)), Some(c)) if c.started_at() == at => deemed,
            (None, None) => false,
            _ => {
                return Err(D::Error::custom(
                    "`accepted` and the `decision` clock go together, the clock starting at acceptance",
                ))
            }
        };
        let more = More {
            notified: d.notified.into_owned(),
            corrected: d.corrected.into_owned(),
            violations: d.violations.into_owned(),
            negative_report: d.negative_report.map(Cow::into_owned),
            delivery: d.delivery.map(Cow::into_owned),
            closed_at: d.closed_at,
            rating_wait: d.rating_wait.map(Cow::into_owned),
            rating: d.rating,
            rating_follow_up: d.rating_follow_up.map(Cow::into_owned),
            deemed_accepted_at: d.deemed_accepted_at,
            overdue_at: d.overdue_at,
            hearing_request: d.hearing_request.map(Cow::into_owned),
            hearing: d.hearing.map(Cow::into_owned),
            renewal_of: d.renewal_of.map(|r| (r.expiry, r.in_time)),
            acceptance: d.acceptance_clock.map(Cow::into_owned),
            corrections: d.corrections_clock.map(Cow::into_owned),
        };
        let mut breached = ClockSet::default();
        d.breached.iter().for_each(|n| breached.insert(*n));
        Ok(Case {
            id: Arc::from(d.id.as_ref()),
            item: Arc::from(d.item.as_ref()),
            // Placed by the engine that restores the case.
            item_ix: u32::MAX,
            unit: Arc::from(d.unit.as_ref()),
            applicant: Arc::from(d.applicant.as_ref()),
            materials: d.materials.iter().map(|m| Arc::from(&**m)).collect(),
            kind: d.kind,
            state: d.state,
            signal: d.signal,
            escalated: d.escalated,
            deemed_acceptance,
            deemed_decision: d.deemed_decision,
            faulted: d.faulted,
            breached,
            notices: d.notices,
            step: d.step,
            last_event_at: d.last_event_at,
            notice_clock: d.notice_clock.into_owned(),
            decision: d.decision.map(Cow::into_owned),
            step_clock: d.step_clock.map(Cow::into_owned),
            more: (more != More::default()).then(|| Arc::new(more)),
            joint: (!d.joint.is_empty() || d.consult.is_some()).then(|| {
                Arc::new(Joint {
                    parties: d.joint.into_owned(),
                    consult: d.consult.map(Cow::into_owned),
                })
            }),
        })
    }
}

impl Case {
    /// Case number.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Item code.
    pub fn item(&self) -> &str {
        &self.item
    }
    /// Responsible unit.
    pub fn unit(&self) -> &str {
        &self.unit
    }
    /// Item kind.
    pub fn kind(&self) -> ItemKind {
        self.kind
    }
    /// Applicant.
    pub fn applicant(&self) -> &str {
        &self.applicant
    }
    /// Where the case stands.
    pub fn state(&self) -> CaseState {
        self.state
    }
    /// When materials were received.
    pub fn received_at(&self) -> DateTime<Utc> {
        self.notice_clock.started_at()
    }
    /// Materials received so far.
    pub fn materials(&self) -> &[Arc<str>] {
        &self.materials
    }
    /// Items told in one-time notices so far.
    pub fn notified(&self) -> &[String] {
        self.more.as_ref().map_or(&[], |m| &m.notified)
    }
    /// Materials handed in after the last notice (new material may cause new defects).
    pub fn corrected(&self) -> &[String] {
        self.more.as_ref().map_or(&[], |m| &m.corrected)
    }
    /// One-time notices given.
    pub fn notices(&self) -> u32 {
        self.notices
    }
    /// The one-time-notice clock, from receipt until a notice, acceptance or refusal.
    pub fn notice_clock(&self) -> &Clock {
        &self.notice_clock
    }
    /// When the decision clocks count from, and whether acceptance was deemed (art. 32), once accepted.
    pub fn accepted(&self) -> Option<(DateTime<Utc>, bool)> {
        self.decision.as_ref().map(|c| (c.started_at(), self.deemed_acceptance))
    }
    /// The decision clock (statutory and pledged limits), from acceptance.
    pub fn decision(&self) -> Option<&Clock> {
        self.decision.as_ref()
    }
    /// Index of the current procedure step (0-based; the number of steps once all are done).
    pub fn step(&self) -> usize {
        self.step as usize
    }
    /// The current step's clock.
    pub fn step_clock(&self) -> Option<&Clock> {
        self.step_clock.as_ref()
    }
    /// The negative-report clock after a refusal or denial.
    pub fn negative_report(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.negative_report.as_ref())
    }
    /// The delivery clock after an approval.
    pub fn delivery(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.delivery.as_ref())
    }
    /// The last signal raised on the decision clock.
    pub fn signal(&self) -> Signal {
        self.signal
    }
    /// Whether the case was escalated.
    pub fn escalated(&self) -> bool {
        self.escalated
    }
    /// Whether the decision was deemed (by timeout).
    pub fn deemed_decision(&self) -> bool {
        self.deemed_decision
    }
    /// Violations recorded.
    pub fn violations(&self) -> &[ViolationRecord] {
        self.more.as_ref().map_or(&[], |m| &m.violations)
    }
    /// Consulted departments (joint items), from acceptance.
    pub fn joint(&self) -> &[JointParty] {
        self.joint.as_ref().map_or(&[], |j| &j.parties)
    }
    /// The consult limit for joint review, from acceptance until every party has an opinion.
    pub fn consult(&self) -> Option<&Clock> {
        self.joint.as_ref().and_then(|j| j.consult.as_ref())
    }
    /// When the case closed.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.more.as_ref().and_then(|m| m.closed_at)
    }
    /// The wait for a rating after closure.
    pub fn rating_wait(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.rating_wait.as_ref())
    }
    /// The rating, once given or defaulted.
    pub fn rating(&self) -> Option<Rating> {
        self.more.as_ref().and_then(|m| m.rating)
    }
    /// The follow-up limit of a bad rating.
    pub fn rating_follow_up(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.rating_follow_up.as_ref())
    }
    /// The instant the acceptance happened, once accepted: a clerk's at its effective instant, a deemed
    /// one (art. 32) when the notice limit (or the acceptance limit after corrections) passed, although it
    /// takes effect from receipt (or from the corrections).
    pub fn accepted_at(&self) -> Option<DateTime<Utc>> {
        let (effective, _) = self.accepted()?;
        Some(
            self.more
                .as_ref()
                .and_then(|m| m.deemed_accepted_at)
                .unwrap_or(effective),
        )
    }
    /// When the case became overdue (its decision clock's supervised deadline passed with no decision),
    /// once it did: the first yellow or red card on the decision clock, `decision_overdue` violation or
    /// deemed decision. Recorded once; it stays.
    pub fn overdue_at(&self) -> Option<DateTime<Utc>> {
        self.more.as_ref().and_then(|m| m.overdue_at)
    }
    /// The applicant's limit to request a hearing, once told of the right (art. 47).
    pub fn hearing_request(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.hearing_request.as_ref())
    }
    /// The limit to hold the requested hearing, once requested (art. 47).
    pub fn hearing(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.hearing.as_ref())
    }
    /// The limit to decide acceptance once corrections are handed in (art. 32 (5)), from the latest
    /// corrections until an acceptance (by a clerk, or deemed when it passes), a refusal or a further
    /// notice.
    pub fn acceptance_clock(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.acceptance.as_ref())
    }
    /// The applicant's limit to hand in corrections, from the latest one-time notice, when the policy sets
    /// one (`corrections.applicant_limit`): completed when they are handed in (late, after a
    /// `corrections_overdue`, if so).
    pub fn corrections_clock(&self) -> Option<&Clock> {
        self.more.as_ref().and_then(|m| m.corrections.as_ref())
    }
    /// For a renewal (art. 50): the licence's expiry, and whether the renewal was applied for in time (the
    /// policy's `renewal.lead` before the expiry), so that it is deemed granted at the expiry when undecided.
    pub fn renewal_of(&self) -> Option<(DateTime<Utc>, bool)> {
        self.more.as_ref().and_then(|m| m.renewal_of)
    }
    /// The instant an in-time renewal is deemed granted when undecided: the licence's expiry (art. 50).
    pub(crate) fn renewal_deemed_at(&self) -> Option<DateTime<Utc>> {
        self.renewal_of().filter(|(_, in_time)| *in_time).map(|(e, _)| e)
    }
    /// When the case was decided (approved or denied, by a person or deemed), once it was; a withdrawal
    /// or termination decides nothing.
    pub fn decided_at(&self) -> Option<DateTime<Utc>> {
        match self.state {
            CaseState::Approved | CaseState::Delivered | CaseState::Denied => self.decision.as_ref()?.completed_at(),
            _ => None,
        }
    }

    /// The instant of the case's latest event; commands may not be earlier (the log is in time order).
    pub fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    /// Whether a timer could not be computed (see [`EventKind::TimerFault`]); the case is no longer timed.
    pub fn faulted(&self) -> bool {
        self.faulted
    }

    /// What only some cases need, for changing (copied first when shared with the stored case).
    fn more(&mut self) -> &mut More {
        Arc::make_mut(self.more.get_or_insert_with(Default::default))
    }
}

/// Re-attaches a restored case to the engine's shared configuration: its item's position, shared strings
/// and clock configurations, as a live case has them.
pub(crate) fn restored(case: &mut Case, cx: &crate::context::Cx) -> crate::error::Result<()> {
    let ctx = cx
        .item(&case.item)
        .map_err(|_| crate::error::invalid("item", &case.item, "not in the catalog"))?;
    case.item = Arc::clone(&ctx.item_rules.code);
    case.item_ix = ctx.ix;
    case.unit = Arc::clone(&ctx.item_rules.unit);
    case.materials = case.materials.iter().map(|m| ctx.item_rules.material(m)).collect();
    case.notice_clock.share_config(&ctx.rules.notice);
    if let Some(c) = case.decision.as_mut() {
        c.share_config(&ctx.item_rules.decision);
    }
    if let Some(more) = case.more.as_mut().map(Arc::make_mut) {
        if let Some(c) = more.hearing_request.as_mut() {
            c.share_config(&ctx.rules.hearing_request);
        }
        if let Some(c) = more.hearing.as_mut() {
            c.share_config(&ctx.rules.hearing);
        }
        if let Some(c) = more.acceptance.as_mut() {
            c.share_config(&ctx.rules.acceptance);
        }
        if let Some((c, t)) = more.corrections.as_mut().zip(ctx.rules.corrections.as_ref()) {
            c.share_config(t);
        }
    }
    if let Some((c, t)) = case
        .step_clock
        .as_mut()
        .zip(ctx.item_rules.steps.get(case.step as usize))
    {
        c.share_config(t);
    }
    Ok(())
}
