//! The case (办件) aggregate: its state, its clocks, and the one function that changes it, [`Case::apply`],
//! used alike by live commands, timers and replay.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{ClockName, DeemedBecause, EventKind, Opinion, Rule};
use super::rules::Ctx;
use crate::calendar::Calendar;
use crate::catalog::ServiceItem;
use crate::clock::{Clock, ClockState, Extension, Signal, Timing};
use crate::error::Result;
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
pub struct ViolationRecord {
    /// When.
    #[schemars(with = "crate::schema::Instant")]
    pub at: DateTime<Utc>,
    /// Which rule.
    pub rule: Rule,
    /// Who is responsible, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// Details.
    pub detail: String,
}

/// A consulted department in joint review, and its opinion once given or deemed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// A set of clock names (one bit each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ClockSet(u16);

impl ClockSet {
    pub(crate) fn contains(self, name: ClockName) -> bool {
        self.0 & (1 << name as u16) != 0
    }
    fn insert(&mut self, name: ClockName) {
        self.0 |= 1 << name as u16;
    }
    fn remove(&mut self, name: ClockName) {
        self.0 &= !(1 << name as u16);
    }
    fn names(self) -> Vec<ClockName> {
        ClockName::ALL.iter().copied().filter(|n| self.contains(*n)).collect()
    }
}

/// The JSON form of a case (snapshots and views): every field by name, independent of the layout.
#[derive(Serialize, Deserialize)]
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
    last_event_at: DateTime<Utc>,
    #[serde(default)]
    faulted: bool,
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

/// What a timer found due at an instant (emitted as events by the engine).
pub(crate) type Due = (DateTime<Utc>, EventKind);

impl Case {
    /// A new case from its `received` event.
    pub(crate) fn received(id: &str, at: DateTime<Utc>, applicant: &str, materials: &[String], ctx: &Ctx) -> Case {
        Case {
            id: Arc::from(id),
            item: Arc::clone(&ctx.item_rules.code),
            item_ix: ctx.ix,
            unit: Arc::clone(&ctx.item_rules.unit),
            applicant: Arc::from(applicant),
            materials: materials.iter().map(|m| ctx.item_rules.material(m)).collect(),
            kind: ctx.item.kind,
            state: CaseState::Received,
            signal: Signal::None,
            escalated: false,
            deemed_acceptance: false,
            deemed_decision: false,
            faulted: false,
            breached: ClockSet::default(),
            notices: 0,
            step: 0,
            last_event_at: at,
            notice_clock: ctx.rules.notice.restarted(at),
            decision: None,
            step_clock: None,
            more: None,
            joint: None,
        }
    }

    /// Applies an event. Events were validated when produced, so the clock commands here succeed; a
    /// failure means the event log does not belong to this engine's policy and catalog.
    ///
    /// # Errors
    ///
    /// A clock error when an event does not fit the case (a replayed log from another configuration).
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, kind: &EventKind, ctx: &Ctx) -> Result<()> {
        self.last_event_at = self.last_event_at.max(at);
        match kind {
            EventKind::Received { .. } => {}
            EventKind::CorrectionsNotified { missing } => {
                self.notices += 1;
                let more = self.more();
                more.notified.extend(missing.iter().cloned());
                more.corrected.clear();
                self.state = CaseState::AwaitingCorrection;
                if self.notices == 1 {
                    self.notice_clock.complete(at)?;
                }
            }
            EventKind::CorrectionsSubmitted { materials } => {
                let item = ctx.item_rules;
                self.materials = self
                    .materials
                    .iter()
                    .cloned()
                    .chain(materials.iter().map(|m| item.material(m)))
                    .collect();
                self.more().corrected.extend(materials.iter().cloned());
                self.state = CaseState::Received;
            }
            EventKind::Accepted { effective, deemed } => {
                if self.notice_clock.completed_at().is_none() {
                    self.notice_clock.complete(at.max(self.notice_clock.last_event_at()))?;
                }
                self.deemed_acceptance = *deemed;
                self.state = CaseState::Accepted;
                self.decision = Some(ctx.item_rules.decision.restarted(*effective));
                self.step = 0;
                self.step_clock = ctx.item_rules.steps.first().map(|c| c.restarted(*effective));
                if !ctx.item.joint_parties.is_empty() {
                    self.joint = Some(Arc::new(Joint {
                        parties: ctx
                            .item
                            .joint_parties
                            .iter()
                            .map(|u| JointParty {
                                unit: u.clone(),
                                opinion: None,
                                deemed: None,
                            })
                            .collect(),
                        consult: Some(ctx.rules.consult.restarted(*effective)),
                    }));
                }
            }
            EventKind::Refused { .. } => {
                if self.notice_clock.completed_at().is_none() {
                    self.notice_clock.complete(at)?;
                }
                self.state = CaseState::Refused;
                self.more().negative_report = Some(ctx.rules.negative_report.restarted(at));
                self.close(at, ctx);
            }
            EventKind::NegativeReported { .. } => {
                if let Some(c) = self.more().negative_report.as_mut() {
                    c.complete(at)?;
                }
            }
            EventKind::StepCompleted { .. } => {
                if let Some(c) = self.step_clock.as_mut() {
                    c.complete(at)?;
                }
                self.step += 1;
                self.breached.remove(ClockName::Step);
                self.step_clock = ctx.item_rules.steps.get(self.step as usize).map(|c| c.restarted(at));
            }
            EventKind::Paused { kind, notice } => {
                for c in self.running_clocks() {
                    c.pause(*kind, at, Some(notice.clone()))?;
                }
            }
            EventKind::Resumed => {
                for c in self.running_clocks() {
                    c.resume(at)?;
                }
            }
            EventKind::Extended { amount, reason } => {
                if let Some(c) = self.decision.as_mut() {
                    c.extend(
                        ctx.cal,
                        Extension {
                            at,
                            amount: *amount,
                            approver: actor.unwrap_or_default().to_string(),
                            reason: reason.clone(),
                        },
                    )?;
                }
            }
            EventKind::Decided { approve, deemed, .. } => {
                for c in self.running_clocks() {
                    c.complete(at)?;
                }
                self.deemed_decision = *deemed;
                if *approve {
                    self.state = CaseState::Approved;
                    self.more().delivery = Some(ctx.rules.delivery.restarted(at));
                } else {
                    self.state = CaseState::Denied;
                    self.more().negative_report = Some(ctx.rules.negative_report.restarted(at));
                    self.close(at, ctx);
                }
                if let Some(c) = self.open_consult() {
                    c.complete(at)?;
                }
            }
            EventKind::Delivered => {
                if let Some(c) = self.more().delivery.as_mut() {
                    c.complete(at)?;
                }
                self.state = CaseState::Delivered;
                self.close(at, ctx);
            }
            EventKind::Withdrawn | EventKind::Terminated { .. } => {
                for c in self.running_clocks() {
                    if c.is_paused() {
                        c.resume(at)?;
                    }
                    c.complete(at)?;
                }
                if self.notice_clock.completed_at().is_none() {
                    self.notice_clock.complete(at.max(self.notice_clock.last_event_at()))?;
                }
                if let Some(c) = self.open_consult() {
                    c.complete(at)?;
                }
                self.state = if matches!(kind, EventKind::Withdrawn) {
                    CaseState::Withdrawn
                } else {
                    CaseState::Terminated
                };
                self.more().closed_at = Some(at);
            }
            EventKind::JointOpinion {
                unit, opinion, deemed, ..
            } => {
                let joint = Arc::make_mut(self.joint.get_or_insert_with(Default::default));
                if let Some(p) = joint.parties.iter_mut().find(|p| p.unit == *unit) {
                    p.opinion = Some(*opinion);
                    p.deemed = *deemed;
                }
                if joint.parties.iter().all(|p| p.opinion.is_some()) {
                    if let Some(c) = self.open_consult() {
                        c.complete(at)?;
                    }
                }
            }
            EventKind::Rated {
                level,
                real_name,
                deemed,
                ..
            } => {
                let more = self.more();
                if let Some(c) = more.rating_wait.as_mut().filter(|c| c.completed_at().is_none()) {
                    c.complete(at)?;
                }
                let rating = Rating {
                    at,
                    level: *level,
                    real_name: *real_name,
                    deemed: *deemed,
                };
                if rating.is_bad() {
                    more.rating_follow_up = Some(ctx.rules.rating_follow_up.restarted(at));
                }
                more.rating = Some(rating);
            }
            EventKind::RatingFollowedUp { .. } => {
                if let Some(c) = self.more().rating_follow_up.as_mut() {
                    c.complete(at)?;
                }
            }
            EventKind::SignalRaised { clock, signal } => {
                if *clock == ClockName::Decision {
                    self.signal = *signal;
                }
            }
            EventKind::Escalated => self.escalated = true,
            EventKind::TimerFault { .. } => self.record_fault(at),
            // Inquiry events belong to inquiries, not cases.
            EventKind::InquiryRecorded { .. } | EventKind::InquiryAnswered { .. } => {}
            EventKind::Violation {
                rule,
                responsible,
                detail,
            } => {
                if let Some(name) = breach_clock(*rule) {
                    self.breached.insert(name);
                }
                self.more().violations.push(ViolationRecord {
                    at,
                    rule: *rule,
                    responsible: responsible.clone(),
                    detail: detail.clone(),
                });
            }
        }
        Ok(())
    }

    /// Marks the case as no longer timed after a timer fault at `at` (also the replay path).
    pub(crate) fn record_fault(&mut self, at: DateTime<Utc>) {
        self.last_event_at = self.last_event_at.max(at);
        self.faulted = true;
    }

    /// Closes the case at `at`: the wait for a rating starts when the policy defaults one.
    fn close(&mut self, at: DateTime<Utc>, ctx: &Ctx) {
        let more = self.more();
        more.closed_at = Some(at);
        more.rating_wait = ctx.rules.rating_wait.as_ref().map(|c| c.restarted(at));
    }

    /// The consult clock while it runs.
    fn open_consult(&mut self) -> Option<&mut Clock> {
        self.consult().filter(|c| c.completed_at().is_none())?;
        self.joint.as_mut().map(Arc::make_mut).and_then(|j| j.consult.as_mut())
    }

    /// The decision signal at `at` when it differs from the last one recorded (a pause, resumption or
    /// extension changes it at the command's instant, not at a later timer).
    ///
    /// `timings` are the watched clocks' at `at` (see [`Case::timings`]).
    pub(crate) fn signal_change(
        &self,
        timings: &Timings,
        at: DateTime<Utc>,
        cal: &Calendar,
    ) -> Result<Option<EventKind>> {
        let Some(clock) = self.decision.as_ref().filter(|c| c.completed_at().is_none()) else {
            return Ok(None);
        };
        if self.state != CaseState::Accepted {
            return Ok(None);
        }
        let signal = match timings.iter().find(|(name, _)| *name == ClockName::Decision) {
            Some((_, t)) => t.signal,
            // A faulted case watches no clock, but its decision signal still follows commands.
            None => clock.timing(cal, at)?.signal,
        };
        Ok((signal != self.signal).then_some(EventKind::SignalRaised {
            clock: ClockName::Decision,
            signal,
        }))
    }

    /// Consulted units still without an opinion.
    pub fn pending_parties(&self) -> impl Iterator<Item = &str> {
        self.joint()
            .iter()
            .filter(|p| p.opinion.is_none())
            .map(|p| p.unit.as_str())
    }

    /// The clocks that run while the case is under review (decision and current step), not completed.
    fn running_clocks(&mut self) -> impl Iterator<Item = &mut Clock> {
        self.decision
            .iter_mut()
            .chain(self.step_clock.iter_mut())
            .filter(|c| c.completed_at().is_none())
    }

    /// The clocks whose thresholds a timer must watch, with their names.
    fn watched(&self) -> impl Iterator<Item = (ClockName, &Clock)> {
        let more = self.more.as_deref();
        let notice = (self.state == CaseState::Received).then_some(&self.notice_clock);
        let later = |f: fn(&More) -> &Option<Clock>| more.and_then(|m| f(m).as_ref());
        [
            (ClockName::Notice, notice),
            (ClockName::Decision, self.decision.as_ref()),
            (ClockName::Step, self.step_clock.as_ref()),
            (ClockName::NegativeReport, later(|m| &m.negative_report)),
            (ClockName::Delivery, later(|m| &m.delivery)),
            (ClockName::Consult, self.consult()),
            (ClockName::Rating, later(|m| &m.rating_wait)),
            (ClockName::RatingFollowUp, later(|m| &m.rating_follow_up)),
        ]
        .into_iter()
        .filter(|_| !self.faulted)
        .filter_map(|(name, c)| c.map(|c| (name, c)))
        .filter(|(name, c)| {
            c.completed_at().is_none() && (*name == ClockName::Decision || !self.breached.contains(*name))
        })
    }

    /// The watched clocks' timings at `now` (valid for later instants until something is recorded).
    pub(crate) fn timings(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<Timings> {
        let mut out = Timings::default();
        for (name, clock) in self.watched() {
            out.list[out.len] = Some((name, clock.timing(cal, now)?));
            out.len += 1;
        }
        Ok(out)
    }

    /// The next instant after `now` at which a timer fires for this case: the first clock threshold at
    /// which something is due. Thresholds where nothing is due (a clock's own bookkeeping instants) are
    /// skipped, so the schedule depends only on the case's state, and a replayed engine schedules exactly
    /// as the live one did.
    pub(crate) fn next_due(&self, ctx: &Ctx, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        self.next_due_from(&self.timings(ctx.cal, now)?, ctx, now)
    }

    /// [`Case::next_due`] from the watched clocks' timings at `now`.
    pub(crate) fn next_due_from(
        &self,
        timings: &Timings,
        ctx: &Ctx,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        let mut after = now;
        for _ in 0..64 {
            let next = timings.iter().filter_map(|(_, t)| t.next_after(after)).min();
            match next {
                None => return Ok(None),
                Some(t) if self.due_from(timings, t, ctx, true)?.is_some() => return Ok(Some(t)),
                Some(t) => after = t,
            }
        }
        // Pathological: many empty thresholds in a row. Wake up there and look again.
        Ok(Some(after))
    }

    /// Drops from `timings` the clocks no longer watched after a breach was recorded (the only change to
    /// the watched set that leaves every clock as it was).
    pub(crate) fn retain_watched(&self, timings: &mut Timings) {
        let mut kept = Timings::default();
        for (name, timing) in timings.iter() {
            if *name == ClockName::Decision || !self.breached.contains(*name) {
                kept.list[kept.len] = Some((*name, *timing));
                kept.len += 1;
            }
        }
        *timings = kept;
    }

    /// What is due at `at` from the clocks' timings; with `probe`, only whether anything is (`Some` of an
    /// empty list), without building the events.
    pub(crate) fn due_from(
        &self,
        timings: &Timings,
        at: DateTime<Utc>,
        ctx: &Ctx,
        probe: bool,
    ) -> Result<Option<Vec<Due>>> {
        let policy = ctx.policy;
        let local = |t: DateTime<Utc>| Shown(ctx.cal.local(t));
        let mut out = Vec::new();
        let mut any = false;
        for (name, timing) in timings.iter() {
            let (state, signal) = timing.at(at);
            let expired = state == ClockState::Overdue;
            let deadline = timing.deadline;
            let mut push = |t: DateTime<Utc>, kind: &dyn Fn() -> EventKind| {
                any = true;
                if !probe {
                    out.push((t, kind()));
                }
            };
            match name {
                ClockName::Notice if expired => {
                    // Art. 32: no notice in time: deemed accepted from the day of receipt.
                    push(deadline, &|| EventKind::Violation {
                        rule: Rule::LateOneTimeNotice,
                        responsible: None,
                        detail: format!("no one-time notice by {}", local(deadline)),
                    });
                    push(deadline, &|| EventKind::Accepted {
                        effective: self.received_at(),
                        deemed: true,
                    });
                }
                ClockName::Decision => {
                    let timeout = ctx.item.on_timeout.unwrap_or_else(|| policy.on_timeout(self.kind));
                    if expired && timeout == crate::policy::OnTimeout::DeemedApproved {
                        push(deadline, &|| EventKind::Decided {
                            approve: true,
                            deemed: true,
                            reasons: String::new(),
                            legal_basis: String::new(),
                            remedies: String::new(),
                        });
                        continue;
                    }
                    if expired && !self.breached.contains(ClockName::Decision) {
                        push(deadline, &|| EventKind::Violation {
                            rule: Rule::DecisionOverdue,
                            responsible: None,
                            detail: format!("not decided by {}", local(deadline)),
                        });
                        if timeout == crate::policy::OnTimeout::Escalate && !self.escalated {
                            push(deadline, &|| EventKind::Escalated);
                        }
                    }
                    if signal != self.signal {
                        // The instant the signal changed: its threshold for a raised signal, never after `at`.
                        let when = match signal {
                            Signal::Reminder => timing.reminder_at,
                            Signal::Yellow => Some(deadline),
                            Signal::Red => timing.red_at,
                            Signal::None => None,
                        };
                        push(when.map_or(at, |t| t.min(at)), &|| EventKind::SignalRaised {
                            clock: ClockName::Decision,
                            signal,
                        });
                    }
                }
                ClockName::Step if expired => push(deadline, &|| EventKind::Violation {
                    rule: Rule::StepOverLimit,
                    responsible: None,
                    detail: format!(
                        "step {} `{}` not done by {}",
                        self.step + 1,
                        step_name(ctx.item, self.step as usize),
                        local(deadline)
                    ),
                }),
                ClockName::NegativeReport if expired => push(deadline, &|| EventKind::Violation {
                    rule: Rule::LateNegativeReport,
                    responsible: None,
                    detail: format!("negative decision not reported by {}", local(deadline)),
                }),
                ClockName::Consult if expired => {
                    for unit in self.pending_parties() {
                        push(deadline, &|| {
                            if policy.joint_review.silence_is_consent {
                                EventKind::JointOpinion {
                                    unit: unit.to_string(),
                                    opinion: Opinion::Agree,
                                    reasons: String::new(),
                                    deemed: Some(DeemedBecause::Silence),
                                }
                            } else {
                                EventKind::Violation {
                                    rule: Rule::LateConsultReply,
                                    responsible: None,
                                    detail: format!("unit `{unit}` did not reply by {}", local(deadline)),
                                }
                            }
                        });
                    }
                }
                ClockName::Rating if expired => push(deadline, &|| EventKind::Rated {
                    level: policy.rating.default_level,
                    real_name: false,
                    deemed: true,
                    comment: String::new(),
                }),
                ClockName::RatingFollowUp if expired => push(deadline, &|| EventKind::Violation {
                    rule: Rule::LateRatingFollowUp,
                    responsible: None,
                    detail: format!("bad rating not verified and rectified by {}", local(deadline)),
                }),
                ClockName::Delivery if expired => push(deadline, &|| EventKind::Violation {
                    rule: Rule::LateDelivery,
                    responsible: None,
                    detail: format!("not delivered by {}", local(deadline)),
                }),
                _ => {}
            }
        }
        out.sort_by_key(|(t, _)| *t);
        Ok(any.then_some(out))
    }
}

/// The timings of a case's watched clocks (at most eight), without allocating.
#[derive(Default)]
pub(crate) struct Timings {
    list: [Option<(ClockName, Timing)>; 8],
    len: usize,
}

impl Timings {
    fn iter(&self) -> impl Iterator<Item = &(ClockName, Timing)> {
        self.list[..self.len].iter().flatten()
    }
}

fn step_name(item: &ServiceItem, step: usize) -> &str {
    item.steps.get(step).map_or("", |s| s.name.as_str())
}

/// The clock whose breach a rule records (so it is recorded once).
fn breach_clock(rule: Rule) -> Option<ClockName> {
    match rule {
        Rule::LateOneTimeNotice => Some(ClockName::Notice),
        Rule::StepOverLimit => Some(ClockName::Step),
        Rule::LateNegativeReport => Some(ClockName::NegativeReport),
        Rule::DecisionOverdue => Some(ClockName::Decision),
        Rule::LateDelivery => Some(ClockName::Delivery),
        Rule::LateConsultReply => Some(ClockName::Consult),
        Rule::LateRatingFollowUp => Some(ClockName::RatingFollowUp),
        Rule::RepeatedNotice | Rule::AbBothAbsent | Rule::UnansweredInquiry => None,
    }
}

/// An instant as chrono displays it in the calendar's zone (`2026-10-27 00:00:00 +08:00`), written
/// directly for whole seconds in the supported years and whole-minute offsets: timer events carry such a
/// deadline in their details, one per fired case, and chrono's general formatter was a tenth of the cost
/// of firing. Anything else is left to chrono.
struct Shown(DateTime<chrono::FixedOffset>);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike, Timelike};
        let t = &self.0;
        let offset = t.offset().local_minus_utc();
        if t.nanosecond() != 0 || !(1..=9999).contains(&t.year()) || offset % 60 != 0 {
            return write!(f, "{t}");
        }
        let mut b = *b"0000-00-00 00:00:00 +00:00";
        let mut put = |at: usize, width: usize, mut v: u32| {
            for k in (0..width).rev() {
                b[at + k] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, t.year() as u32);
        put(5, 2, t.month());
        put(8, 2, t.day());
        put(11, 2, t.hour());
        put(14, 2, t.minute());
        put(17, 2, t.second());
        let minutes = offset.unsigned_abs() / 60;
        put(21, 2, minutes / 60);
        put(24, 2, minutes % 60);
        if offset < 0 {
            b[20] = b'-';
        }
        f.write_str(std::str::from_utf8(&b).expect("ASCII"))
    }
}

#[cfg(test)]
mod tests {
    use super::Shown;
    use chrono::{DateTime, FixedOffset};

    #[test]
    fn shown_instants_read_as_chrono_displays_them() {
        for (s, offset) in [
            ("2026-10-27T00:00:00+08:00", 8 * 3600),
            ("2026-10-26T16:00:00Z", 8 * 3600),
            ("0001-01-01T00:00:00Z", 0),
            ("9999-12-31T23:59:59Z", -(5 * 3600 + 30 * 60)),
            ("2026-03-01T12:34:56.5Z", 8 * 3600),
            ("2026-03-01T12:34:56Z", 8 * 3600 + 30),
            ("2026-03-01T12:34:56Z", -3600),
        ] {
            let t = s.parse::<DateTime<FixedOffset>>().unwrap();
            let t = t.with_timezone(&FixedOffset::east_opt(offset).unwrap());
            assert_eq!(Shown(t).to_string(), t.to_string(), "{s} at {offset}");
        }
    }
}
