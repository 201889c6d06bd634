//! The engine (效能引擎): the one façade over policy, calendar, organisation, catalog and cases.
//!
//! A host sends what happened ([`Command`]); the engine checks the actor, the role and the case's state,
//! and answers with what follows from the rules ([`Event`]s). State changes only by applying events, so
//! a rejected command changes nothing and [`Engine::replay`] of the event log rebuilds the same state.
//! [`Engine::advance`] fires due reminders, cards, deemed outcomes and breaches from a deadline index, at
//! a cost proportional to what fires. The engine never reads the system clock: time comes in with every
//! command and every `advance`.

mod case;
mod event;
mod inquiry;
mod metrics;
mod rules;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use case::Timings;
pub use case::{Case, CaseState, JointParty, Rating, ViolationRecord};
pub use event::{ClockName, Command, DeemedBecause, Event, EventKind, InquiryOutcome, Opinion, Rule, EVENT_SCHEMA};
pub use inquiry::Inquiry;
pub use metrics::UnitMetrics;

use crate::calendar::Calendar;
use crate::catalog::{Catalog, ServiceItem};
use crate::clock::{ClockStatus, Signal};
use crate::codec;
use crate::error::{forbidden, invalid, not_allowed, not_found, out_of_range, Result};
use crate::org::{Acting, Org, Role};
use crate::policy::Policy;
use rules::{Ctx, Rules};

/// An event before it is stamped with a sequence number: instant, actor (absent for timers), what.
type Pending = (DateTime<Utc>, Option<String>, EventKind);

/// Current version of the snapshot schema.
pub const SNAPSHOT_SCHEMA: u32 = 1;

/// The engine (效能引擎): the one façade over policy, calendar, organisation, catalog, cases and inquiries.
///
/// A host sends what happened ([`Command`]); the engine checks the actor, the role and the case's state,
/// and answers with what follows from the rules ([`Event`]s). State changes only by applying events, so a
/// rejected command changes nothing and [`Engine::replay`] of the event log rebuilds the same state.
/// [`Engine::advance`] fires due reminders, cards, deemed outcomes and breaches from a deadline index.
/// The engine never reads the system clock. See `docs/commands.md` for every command and event.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    calendar: Calendar,
    org: Org,
    catalog: Catalog,
    /// Template clocks and shared strings prepared from the policy and catalog.
    rules: Rules,
    /// Case and inquiry numbers (one namespace) to their slots.
    index: HashMap<Arc<str>, Handle>,
    cases: Vec<Slot<Case>>,
    inquiries: Vec<Slot<Inquiry>>,
    /// Deadline index: a min-heap of (instant, handle) entries with lazy deletion. Moving a timer pushes
    /// a new entry and leaves the old one, which is dropped when it reaches the top (it no longer matches
    /// its slot's timer) or when stale entries pass half the live ones (the heap is rebuilt from the
    /// slots). The top is always live. Pushing a later deadline costs a comparison or two, where an
    /// ordered set paid a search, a removal and an insertion.
    timers: BinaryHeap<Reverse<TimerKey>>,
    /// Slots with a pending timer (the live entries of `timers`).
    live_timers: usize,
    seq: u64,
}

/// Where a case or an inquiry lives: its position in `cases`, or in `inquiries` with the top bit set.
/// Handles are internal and never leave the engine: hosts name cases by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Handle(u32);

const INQUIRY_BIT: u32 = 1 << 31;

impl Handle {
    fn case(k: usize) -> Handle {
        Handle(k as u32)
    }
    fn inquiry(k: usize) -> Handle {
        Handle(k as u32 | INQUIRY_BIT)
    }
    /// The case position, unless an inquiry.
    fn as_case(self) -> Option<usize> {
        (self.0 & INQUIRY_BIT == 0).then_some(self.0 as usize)
    }
    /// The inquiry position, unless a case.
    fn as_inquiry(self) -> Option<usize> {
        (self.0 & INQUIRY_BIT != 0).then_some((self.0 & !INQUIRY_BIT) as usize)
    }
    /// Where the handle points.
    fn target(self) -> Target {
        match self.as_case() {
            Some(k) => Target::Case(k),
            None => Target::Inquiry((self.0 & !INQUIRY_BIT) as usize),
        }
    }
}

/// What a [`Handle`] points to: a position in `cases` or in `inquiries`.
#[derive(Debug, Clone, Copy)]
enum Target {
    Case(usize),
    Inquiry(usize),
}

/// An entry of the deadline index: the instant (seconds, then nanoseconds) and the handle packed into one
/// integer, so that the index compares integers. Ordered as `(instant, handle)`; the instant itself is
/// read back from the slot (which keeps it exactly, leap seconds included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TimerKey(u128);

impl TimerKey {
    fn new(t: DateTime<Utc>, h: Handle) -> TimerKey {
        let secs = (t.timestamp() as u64) ^ (1 << 63);
        let nanos = u64::from(t.timestamp_subsec_nanos());
        TimerKey(u128::from(secs) << 64 | u128::from(nanos) << 32 | u128::from(h.0))
    }
    fn handle(self) -> Handle {
        Handle(self.0 as u32)
    }
    /// Whether two entries are at the same instant.
    fn same_instant(self, other: TimerKey) -> bool {
        self.0 >> 32 == other.0 >> 32
    }
}

/// A case or inquiry (boxed: the slot vector grows by pointers) and the instant of its pending timer.
#[derive(Debug, Clone)]
struct Slot<T> {
    value: Box<T>,
    timer: Option<DateTime<Utc>>,
}

/// Most cases and inquiries one engine holds: handles are 31 bits.
const MAX_SLOTS: usize = (INQUIRY_BIT - 1) as usize;

/// A case as a host sees it at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CaseView {
    /// Case number.
    pub case: String,
    /// Item code and name.
    pub item: String,
    /// Item name.
    pub item_name: String,
    /// Responsible unit.
    pub unit: String,
    /// State.
    pub state: CaseState,
    /// The decision clock's status, once accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<ClockStatus>,
    /// The current step's name, while under review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The current step's clock status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_status: Option<ClockStatus>,
    /// Who holds the case now (the acting holder of the current step's post).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Acting>,
    /// The decision clock's e-supervision signal.
    pub signal: Signal,
    /// Violations recorded.
    pub violations: Vec<ViolationRecord>,
}

/// A row of the e-supervision board (电子监察): a case with a signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRow {
    /// Unit.
    pub unit: String,
    /// Case number.
    pub case: String,
    /// Item code.
    pub item: String,
    /// Signal.
    pub signal: Signal,
    /// Supervised deadline.
    pub deadline: DateTime<chrono::FixedOffset>,
    /// Remaining (negative when overdue), in the limit's ticks.
    pub remaining: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snapshot {
    schema: u32,
    seq: u64,
    cases: BTreeMap<String, Case>,
    #[serde(default)]
    inquiries: BTreeMap<String, Inquiry>,
    timers: Vec<(DateTime<Utc>, String)>,
}

/// [`Snapshot`] as written, borrowing from the engine.
#[derive(Serialize)]
struct SnapshotRef<'a> {
    schema: u32,
    seq: u64,
    cases: BTreeMap<&'a str, &'a Case>,
    inquiries: BTreeMap<&'a str, &'a Inquiry>,
    timers: Vec<(DateTime<Utc>, &'a str)>,
}

impl Engine {
    /// An engine for a policy, an organisation and a catalog (validated against the organisation).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] when the policy is invalid or its calendar cannot be built.
    pub fn new(policy: Policy, org: Org, catalog: Catalog) -> Result<Self> {
        policy.validate()?;
        let calendar = policy.calendar()?;
        let rules = Rules::new(&policy, &catalog)?;
        Ok(Engine {
            policy,
            calendar,
            org,
            catalog,
            rules,
            index: HashMap::new(),
            cases: Vec::new(),
            inquiries: Vec::new(),
            timers: BinaryHeap::new(),
            live_timers: 0,
            seq: 0,
        })
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
    /// The calendar built from the policy.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }
    /// The organisation.
    pub fn org(&self) -> &Org {
        &self.org
    }
    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
    /// A case by number.
    pub fn case(&self, id: &str) -> Option<&Case> {
        let k = self.index.get(id)?.as_case()?;
        Some(&self.cases[k].value)
    }
    /// An inquiry by number.
    pub fn inquiry(&self, id: &str) -> Option<&Inquiry> {
        let k = self.index.get(id)?.as_inquiry()?;
        Some(&self.inquiries[k].value)
    }
    /// Number of cases.
    pub fn len(&self) -> usize {
        self.cases.len()
    }
    /// Whether there are no cases.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }
    /// The last event sequence number (0 before any event).
    pub fn seq(&self) -> u64 {
        self.seq
    }
    /// The earliest pending timer, if any: when `advance` next has something to do.
    pub fn next_timer(&self) -> Option<DateTime<Utc>> {
        self.timers.peek().and_then(|k| self.timer_of(k.0.handle()))
    }

    /// Reserves room for at least `additional` more cases, so that receiving them does not grow the
    /// engine's tables on the way (a portal that knows its daily or yearly volume, or restores a large
    /// engine, avoids the pauses of growing a table of a million entries while commands wait).
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Document, Engine, ErrorCode, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.reserve(10_000).unwrap();
    /// assert_eq!(engine.reserve(usize::MAX).unwrap_err().code(), ErrorCode::OutOfRange);
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::OutOfRange`] when the room cannot be had (more cases than an engine holds, or
    /// than memory allows); the engine is unchanged but for capacity.
    pub fn reserve(&mut self, additional: usize) -> Result<()> {
        let refuse = || {
            out_of_range(
                "additional",
                additional,
                format!("an engine holds at most {MAX_SLOTS} cases and inquiries, and memory must allow them"),
            )
        };
        if additional > MAX_SLOTS.saturating_sub(self.cases.len()) {
            return Err(refuse());
        }
        self.index.try_reserve(additional).map_err(|_| refuse())?;
        self.cases.try_reserve(additional).map_err(|_| refuse())?;
        Ok(())
    }

    /// Every case, in no particular order.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().map(|s| &*s.value)
    }

    /// The rules and item of an item code.
    fn ctx(&self, code: &str) -> Result<Ctx<'_>> {
        let k = self
            .catalog
            .position(code)
            .ok_or_else(|| not_found("item", code, "no item in the catalog has this code"))?;
        Ok(self.ctx_at(k))
    }

    /// The rules and item of a case (whose item the engine placed when the case was received or restored).
    fn case_ctx(&self, case: &Case) -> Ctx<'_> {
        self.ctx_at(case.item_ix as usize)
    }

    fn ctx_at(&self, k: usize) -> Ctx<'_> {
        Ctx {
            policy: &self.policy,
            cal: &self.calendar,
            rules: &self.rules,
            item: &self.catalog.items()[k],
            item_rules: &self.rules.items[k],
            ix: k as u32,
        }
    }

    /// The case position of a number, or why there is none.
    fn case_position(&self, id: &str) -> Result<usize> {
        match self.index.get(id) {
            Some(h) => h
                .as_case()
                .ok_or_else(|| invalid("case", id, "this number is an inquiry, not a case")),
            None => Err(not_found("case", id, "no case has this number")),
        }
    }

    /// Refuses a new number when the engine is full (handles are 31 bits).
    fn check_room(&self, id: &str) -> Result<()> {
        if self.cases.len().max(self.inquiries.len()) >= MAX_SLOTS {
            return Err(invalid("case", id, "the engine holds the most cases it can"));
        }
        Ok(())
    }

    /// Stores a new case; its handle.
    fn insert_case(&mut self, case: Case) -> Handle {
        let h = Handle::case(self.cases.len());
        self.index.insert(Arc::clone(&case.id), h);
        self.cases.push(Slot {
            value: Box::new(case),
            timer: None,
        });
        h
    }

    /// Stores a new inquiry; its handle.
    fn insert_inquiry(&mut self, inquiry: Inquiry) -> Handle {
        let h = Handle::inquiry(self.inquiries.len());
        self.index.insert(Arc::from(inquiry.id.as_str()), h);
        self.inquiries.push(Slot {
            value: Box::new(inquiry),
            timer: None,
        });
        h
    }

    /// Executes a command: checks it, and returns the events it caused (after any of the case's own timers
    /// due at or before the command's instant, which fire first so the case's log stays in time order).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the field when the command is not allowed: an unknown case, item or actor,
    /// an actor without the post or role for the action, a state that does not allow it, a denial without
    /// reasons, basis or remedies (art. 38), a pause the item does not allow; clock errors for commands out
    /// of time order or extensions beyond the rule. A rejected command changes nothing.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>> {
        let at = command.at();
        crate::calendar::check_supported_instant("at", at)?;
        let actor = command.actor();
        // Ratings come from the applicant; every other command from a staff member.
        if !matches!(command, Command::Rate { .. }) && self.org.staff(actor).is_none() {
            return Err(not_found("actor", actor, "no staff member has this id"));
        }
        let id = command.case();
        if id.trim().is_empty() {
            return Err(invalid("case", "\"\"", "a case number must not be empty"));
        }
        if matches!(command, Command::RecordInquiry { .. } | Command::AnswerInquiry { .. }) {
            return self.execute_inquiry(&command);
        }
        // Work on a copy of the case: commit only if everything applies.
        let (position, mut case, mut pending) = match &command {
            Command::Receive {
                item,
                applicant,
                materials,
                ..
            } => {
                if let Some(h) = self.index.get(id) {
                    return Err(match h.as_case() {
                        Some(_) => invalid("case", id, "a case with this number exists"),
                        None => invalid("case", id, "this number is an inquiry, not a case"),
                    });
                }
                self.check_room(id)?;
                self.require_role(actor, &[Role::WindowClerk, Role::ChiefRepresentative, Role::UnitHead])?;
                let ctx = self.ctx(item)?;
                let kind = EventKind::Received {
                    item: item.clone(),
                    applicant: applicant.clone(),
                    materials: materials.clone(),
                };
                let case = Case::received(id, at, applicant, materials, &ctx);
                (None, case, vec![(at, Some(actor.to_string()), kind)])
            }
            _ => {
                let k = self.case_position(id)?;
                (Some(k), (*self.cases[k].value).clone(), Vec::new())
            }
        };
        let ctx = self.case_ctx(&case);
        let mut produced: Vec<Pending> = Vec::new();
        if pending.is_empty() && at < case.last_event_at {
            return Err(not_allowed(
                "at",
                at,
                format!(
                    "earlier than the case's last event at {}: a case's commands come in time order",
                    case.last_event_at
                ),
            ));
        }
        if let Some(k) = position {
            // The case's own timers up to the command's instant.
            if let Some(from) = self.cases[k].timer {
                fire_due(&mut case, &ctx, from, at, &mut produced)?;
            }
            let events = self.decide(&case, ctx.item, &command)?;
            for kind in events {
                pending.push((at, Some(actor.to_string()), kind));
            }
        }
        for (t, who, kind) in &pending {
            case.apply(*t, who.as_deref(), kind, &ctx)?;
        }
        produced.extend(pending);
        // A state whose timers cannot be computed (a deadline beyond the calendar) is refused here.
        let timings = case.timings(&self.calendar, at)?;
        if let Some(kind) = case.signal_change(&timings, at, &self.calendar)? {
            // Recording a signal changes no clock: the timings still hold.
            case.apply(at, None, &kind, &ctx)?;
            produced.push((at, None, kind));
        }
        let next = case.next_due_from(&timings, &ctx, at)?;
        // Commit.
        let events = self.stamp(id, produced);
        let h = match position {
            Some(k) => {
                *self.cases[k].value = case;
                Handle::case(k)
            }
            None => self.insert_case(case),
        };
        self.schedule(h, next);
        Ok(events)
    }

    /// The events a command causes, after checking actor, role and state. Pure: changes nothing.
    fn decide(&self, case: &Case, item: &ServiceItem, command: &Command) -> Result<Vec<EventKind>> {
        let actor = command.actor();
        let at = command.at();
        let state_error = |action: &str| {
            not_allowed(
                "type",
                action,
                format!(
                    "not allowed while the case is {} ({})",
                    case.state,
                    case.state.label_zh()
                ),
            )
        };
        let clerk = [Role::WindowClerk, Role::ChiefRepresentative, Role::UnitHead];
        let nonempty = |field: &str, v: &str, why: &str| -> Result<()> {
            if v.trim().is_empty() {
                Err(invalid(field, "\"\"", why))
            } else {
                Ok(())
            }
        };
        Ok(match command {
            Command::Receive { .. } => return Err(invalid("case", &case.id, "a case with this number exists")),
            Command::RecordInquiry { .. } | Command::AnswerInquiry { .. } => {
                return Err(invalid("case", &case.id, "this number is a case, not an inquiry"))
            }
            Command::NotifyCorrections { missing, .. } => {
                if case.state != CaseState::Received {
                    return Err(state_error("notify_corrections"));
                }
                self.require_role(actor, &clerk)?;
                if missing.is_empty() || missing.iter().any(|m| m.trim().is_empty()) {
                    return Err(invalid(
                        "missing",
                        "[]",
                        "a one-time notice lists every missing or defective item",
                    ));
                }
                let mut out = vec![EventKind::CorrectionsNotified {
                    missing: missing.clone(),
                }];
                if case.notices > 0 {
                    // A later notice may only concern what the new materials caused.
                    let extra: Vec<&String> = missing.iter().filter(|m| !case.corrected().contains(m)).collect();
                    if !extra.is_empty() {
                        out.push(EventKind::Violation {
                            rule: Rule::RepeatedNotice,
                            responsible: Some(actor.to_string()),
                            detail: format!(
                                "notice {} adds items not caused by new materials: {}",
                                case.notices + 1,
                                extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        });
                    }
                }
                out
            }
            Command::SubmitCorrections { materials, .. } => {
                if case.state != CaseState::AwaitingCorrection {
                    return Err(state_error("submit_corrections"));
                }
                self.require_role(actor, &clerk)?;
                if materials.is_empty() {
                    return Err(invalid("materials", "[]", "hand in at least one material"));
                }
                vec![EventKind::CorrectionsSubmitted {
                    materials: materials.clone(),
                }]
            }
            Command::Accept { .. } => {
                if case.state != CaseState::Received {
                    return Err(state_error("accept"));
                }
                self.require_role(actor, &clerk)?;
                vec![EventKind::Accepted {
                    effective: at,
                    deemed: false,
                }]
            }
            Command::Refuse {
                reasons,
                legal_basis,
                remedies,
                ..
            } => {
                if !matches!(case.state, CaseState::Received | CaseState::AwaitingCorrection) {
                    return Err(state_error("refuse"));
                }
                self.require_role(actor, &clerk)?;
                nonempty("reasons", reasons, "a refusal states its reasons (art. 38)")?;
                nonempty("legal_basis", legal_basis, "a refusal states its legal basis (art. 38)")?;
                nonempty(
                    "remedies",
                    remedies,
                    "a refusal states the rights to reconsideration or suit (art. 38)",
                )?;
                vec![EventKind::Refused {
                    reasons: reasons.clone(),
                    legal_basis: legal_basis.clone(),
                    remedies: remedies.clone(),
                }]
            }
            Command::ReportNegative { superior, .. } => {
                let open = case.negative_report().is_some_and(|c| c.completed_at().is_none());
                if !matches!(case.state, CaseState::Refused | CaseState::Denied) || !open {
                    return Err(state_error("report_negative"));
                }
                if !self.org.has_role(superior, Role::UnitHead) {
                    return Err(invalid(
                        "superior",
                        superior,
                        "the report goes to a leader (a staff member with role unit_head)",
                    ));
                }
                vec![EventKind::NegativeReported {
                    superior: superior.clone(),
                }]
            }
            Command::CompleteStep { .. } => {
                if case.state != CaseState::Accepted {
                    return Err(state_error("complete_step"));
                }
                let Some(step) = item.steps.get(case.step()) else {
                    return Err(not_allowed(
                        "type",
                        "complete_step",
                        "every step of the procedure is done; decide",
                    ));
                };
                if case.decision.as_ref().is_some_and(|c| c.is_paused()) {
                    return Err(not_allowed(
                        "type",
                        "complete_step",
                        "the case is paused for a special procedure; resume first",
                    ));
                }
                let acting = self.acting_for(&step.post, actor, at)?;
                let mut out = Vec::new();
                if acting.is_violation() {
                    out.push(EventKind::Violation {
                        rule: Rule::AbBothAbsent,
                        responsible: None,
                        detail: format!("post `{}`: A and B away; the unit head covered", step.post),
                    });
                }
                out.push(EventKind::StepCompleted {
                    step: case.step(),
                    by: acting,
                });
                out
            }
            Command::Pause { kind, notice, .. } => {
                if case.state != CaseState::Accepted {
                    return Err(state_error("pause"));
                }
                if !item.special_procedures.contains(kind) {
                    return Err(invalid(
                        "kind",
                        kind,
                        format!("item {} does not allow this special procedure", item.code),
                    ));
                }
                nonempty(
                    "notice",
                    notice,
                    "the applicant is told the time of a special procedure in writing (art. 45)",
                )?;
                self.require_step_or_head(case, item, actor, at)?;
                vec![EventKind::Paused {
                    kind: *kind,
                    notice: notice.clone(),
                }]
            }
            Command::Resume { .. } => {
                if case.state != CaseState::Accepted || !case.decision.as_ref().is_some_and(|c| c.is_paused()) {
                    return Err(not_allowed("type", "resume", "the case is not paused"));
                }
                self.require_step_or_head(case, item, actor, at)?;
                vec![EventKind::Resumed]
            }
            Command::Extend { amount, reason, .. } => {
                if case.state != CaseState::Accepted {
                    return Err(state_error("extend"));
                }
                self.require_role(actor, &[self.policy.extension.approver_role])?;
                nonempty("reason", reason, "the applicant is told why (art. 42)")?;
                vec![EventKind::Extended {
                    amount: *amount,
                    reason: reason.clone(),
                }]
            }
            Command::Decide {
                approve,
                reasons,
                legal_basis,
                remedies,
                ..
            } => {
                if case.state != CaseState::Accepted {
                    return Err(state_error("decide"));
                }
                if case.decision.as_ref().is_some_and(|c| c.is_paused()) {
                    return Err(not_allowed(
                        "type",
                        "decide",
                        "the case is paused for a special procedure; resume first",
                    ));
                }
                match item.steps.get(case.step()) {
                    Some(step) if !self.org.has_role(actor, Role::UnitHead) => {
                        self.acting_for(&step.post, actor, at)?;
                    }
                    _ => self.require_role(actor, &[Role::UnitHead, Role::ChiefRepresentative, Role::Reviewer])?,
                }
                if *approve {
                    let pending: Vec<&str> = case.pending_parties().collect();
                    if !pending.is_empty() {
                        return Err(invalid(
                            "approve",
                            true,
                            format!("joint review still waits for the opinion of {}", pending.join(", ")),
                        ));
                    }
                } else {
                    nonempty("reasons", reasons, "a denial states its reasons (art. 38)")?;
                    nonempty("legal_basis", legal_basis, "a denial states its legal basis (art. 38)")?;
                    nonempty(
                        "remedies",
                        remedies,
                        "a denial states the rights to reconsideration or suit (art. 38)",
                    )?;
                }
                vec![EventKind::Decided {
                    approve: *approve,
                    deemed: false,
                    reasons: reasons.clone(),
                    legal_basis: legal_basis.clone(),
                    remedies: remedies.clone(),
                }]
            }
            Command::Deliver { .. } => {
                if case.state != CaseState::Approved {
                    return Err(state_error("deliver"));
                }
                self.require_role(actor, &clerk)?;
                vec![EventKind::Delivered]
            }
            Command::JointReply {
                unit, opinion, reasons, ..
            } => {
                self.require_pending_party(case, unit)?;
                let member = self.org.staff(actor).is_some_and(|s| s.unit == *unit);
                if !member {
                    return Err(forbidden(
                        "actor",
                        actor,
                        format!("not a staff member of the consulted unit `{unit}`"),
                    ));
                }
                self.require_role(actor, &[Role::Reviewer, Role::UnitHead, Role::ChiefRepresentative])?;
                let jr = &self.policy.joint_review;
                let (counted, deemed) = match opinion {
                    Opinion::Disagree if reasons.trim().is_empty() => {
                        if !jr.unreasoned_disagreement_is_consent {
                            return Err(invalid("reasons", "\"\"", "a disagreement states its reasons"));
                        }
                        (Opinion::Agree, Some(DeemedBecause::UnreasonedDisagreement))
                    }
                    Opinion::Other => (Opinion::Agree, Some(DeemedBecause::UnclearReply)),
                    given => (*given, None),
                };
                vec![EventKind::JointOpinion {
                    unit: unit.clone(),
                    opinion: counted,
                    reasons: reasons.clone(),
                    deemed,
                }]
            }
            Command::JointAbsence { unit, excused, .. } => {
                self.require_pending_party(case, unit)?;
                if !self.org.staff(actor).is_some_and(|s| *s.unit == *case.unit) {
                    return Err(forbidden(
                        "actor",
                        actor,
                        format!("not a staff member of the lead unit `{}`", case.unit),
                    ));
                }
                if !*excused && self.policy.joint_review.absence_is_consent {
                    vec![EventKind::JointOpinion {
                        unit: unit.clone(),
                        opinion: Opinion::Agree,
                        reasons: String::new(),
                        deemed: Some(DeemedBecause::Absence),
                    }]
                } else {
                    // An excused absence, or a policy without absence default: the party still owes a reply.
                    Vec::new()
                }
            }
            Command::Rate {
                level,
                real_name,
                comment,
                ..
            } => {
                if !case.state.is_closed() || case.state == CaseState::Withdrawn {
                    return Err(state_error("rate"));
                }
                if case.rating().is_some() {
                    return Err(not_allowed("type", "rate", "the case is already rated"));
                }
                if actor != case.applicant() {
                    return Err(forbidden("actor", actor, "only the applicant rates the service"));
                }
                if !(1..=5).contains(level) {
                    return Err(invalid(
                        "level",
                        level,
                        "a rating level is 1 (非常不满意) ..= 5 (非常满意)",
                    ));
                }
                vec![EventKind::Rated {
                    level: *level,
                    real_name: *real_name,
                    deemed: false,
                    comment: comment.clone(),
                }]
            }
            Command::FollowUpRating { result, .. } => {
                if !case.rating_follow_up().is_some_and(|c| c.completed_at().is_none()) {
                    return Err(not_allowed(
                        "type",
                        "follow_up_rating",
                        "the case has no bad rating awaiting follow-up",
                    ));
                }
                self.require_role(actor, &[Role::UnitHead, Role::Supervisor])?;
                nonempty("result", result, "state what was verified and rectified")?;
                vec![EventKind::RatingFollowedUp { result: result.clone() }]
            }
            Command::Terminate { reason, .. } => {
                if case.state.is_closed() || case.state == CaseState::Approved {
                    return Err(state_error("terminate"));
                }
                self.require_role(actor, &[Role::UnitHead])?;
                if !self.org.staff(actor).is_some_and(|s| *s.unit == *case.unit) {
                    return Err(forbidden(
                        "actor",
                        actor,
                        format!("not the head of the case's unit `{}`", case.unit),
                    ));
                }
                nonempty("reason", reason, "a termination states its reason")?;
                vec![EventKind::Terminated { reason: reason.clone() }]
            }
            Command::Withdraw { .. } => {
                if case.state.is_closed() || case.state == CaseState::Approved {
                    return Err(state_error("withdraw"));
                }
                self.require_role(actor, &clerk)?;
                vec![EventKind::Withdrawn]
            }
        })
    }

    /// Records or answers an inquiry (首问负责制).
    fn execute_inquiry(&mut self, command: &Command) -> Result<Vec<Event>> {
        let (id, at, actor) = (command.case().to_string(), command.at(), command.actor().to_string());
        let (position, mut inquiry, kind) = match command {
            Command::RecordInquiry {
                person,
                topic,
                also_asked,
                ..
            } => {
                if self.index.contains_key(id.as_str()) {
                    return Err(invalid("case", &id, "an inquiry or case with this number exists"));
                }
                self.check_room(&id)?;
                if topic.trim().is_empty() {
                    return Err(invalid("topic", "\"\"", "record what the person asked about"));
                }
                // The highest-ranking of those asked at once is responsible; the first asked on a tie.
                let mut responsible = self
                    .org
                    .staff(&actor)
                    .ok_or_else(|| not_found("actor", &actor, "no staff member has this id"))?;
                for (k, other) in also_asked.iter().enumerate() {
                    let s = self
                        .org
                        .staff(other)
                        .ok_or_else(|| not_found(format!("also_asked[{k}]"), other, "no staff member has this id"))?;
                    if s.rank > responsible.rank {
                        responsible = s;
                    }
                }
                let responsible = responsible.id.clone();
                let kind = EventKind::InquiryRecorded {
                    person: person.clone(),
                    topic: topic.clone(),
                    responsible: responsible.clone(),
                };
                (
                    None,
                    Inquiry::recorded(&id, at, person, topic, &responsible, &self.rules.inquiry),
                    kind,
                )
            }
            Command::AnswerInquiry { outcome, guided_to, .. } => {
                let k = self
                    .index
                    .get(id.as_str())
                    .and_then(|h| h.as_inquiry())
                    .ok_or_else(|| not_found("case", &id, "no inquiry has this number"))?;
                let inquiry = &self.inquiries[k].value;
                if at < inquiry.last_event_at {
                    return Err(not_allowed(
                        "at",
                        at,
                        format!("earlier than the inquiry's last event at {}", inquiry.last_event_at),
                    ));
                }
                if inquiry.outcome.is_some() {
                    return Err(not_allowed("case", &id, "the inquiry was already dealt with"));
                }
                if actor != inquiry.responsible {
                    return Err(forbidden(
                        "actor",
                        &actor,
                        format!("`{}` is responsible for this inquiry (首问负责)", inquiry.responsible),
                    ));
                }
                if *outcome == InquiryOutcome::Guided && guided_to.trim().is_empty() {
                    return Err(invalid("guided_to", "\"\"", "say where the person was guided to"));
                }
                let kind = EventKind::InquiryAnswered {
                    outcome: *outcome,
                    guided_to: guided_to.clone(),
                };
                (Some(k), (**inquiry).clone(), kind)
            }
            _ => return Err(invalid("type", "inquiry", "not an inquiry command")),
        };
        // The inquiry's own timer up to the command's instant fires first.
        let mut produced = Vec::new();
        if position.is_some_and(|k| self.inquiries[k].timer.is_some_and(|t| t <= at)) {
            for (t, due) in inquiry.due(at, &self.calendar)? {
                inquiry.apply(t, &due)?;
                produced.push((t, None, due));
            }
        }
        inquiry.apply(at, &kind)?;
        produced.push((at, Some(actor), kind));
        let next = inquiry.next_due(&self.calendar, at)?;
        let events = self.stamp(&id, produced);
        let h = match position {
            Some(k) => {
                *self.inquiries[k].value = inquiry;
                Handle::inquiry(k)
            }
            None => self.insert_inquiry(inquiry),
        };
        self.schedule(h, next);
        Ok(events)
    }

    fn require_pending_party(&self, case: &Case, unit: &str) -> Result<()> {
        if case.state != CaseState::Accepted {
            return Err(not_allowed(
                "type",
                "joint review",
                format!("not allowed while the case is {}", case.state),
            ));
        }
        match case.joint().iter().find(|p| p.unit == unit) {
            None => Err(invalid("unit", unit, "not consulted on this case")),
            Some(p) if p.opinion.is_some() => Err(invalid("unit", unit, "has already given its opinion")),
            Some(_) => Ok(()),
        }
    }

    fn require_role(&self, actor: &str, roles: &[Role]) -> Result<()> {
        if roles.iter().any(|r| self.org.has_role(actor, *r)) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(forbidden(
                "actor",
                actor,
                format!("needs one of the roles {}", names.join(", ")),
            ))
        }
    }

    /// The acting holder of `post` at `at` under the A/B rule, which must be `actor`.
    fn acting_for(&self, post: &str, actor: &str, at: DateTime<Utc>) -> Result<Acting> {
        let acting = self.org.acting_holder(post, at)?;
        if acting.staff() != actor {
            return Err(forbidden(
                "actor",
                actor,
                format!(
                    "post `{post}` is held at {at} by `{}` ({})",
                    acting.staff(),
                    acting_via(&acting)
                ),
            ));
        }
        Ok(acting)
    }

    fn require_step_or_head(&self, case: &Case, item: &ServiceItem, actor: &str, at: DateTime<Utc>) -> Result<()> {
        if self.org.has_role(actor, Role::UnitHead) && self.org.staff(actor).is_some_and(|s| *s.unit == *case.unit) {
            return Ok(());
        }
        match item.steps.get(case.step()) {
            Some(step) => self.acting_for(&step.post, actor, at).map(|_| ()),
            None => Err(forbidden(
                "actor",
                actor,
                "only the unit's head acts once every step is done",
            )),
        }
    }

    /// Moves a case's or inquiry's timer in the deadline index.
    fn schedule(&mut self, h: Handle, next: Option<DateTime<Utc>>) {
        let old = std::mem::replace(self.timer_mut(h), next);
        if old == next {
            return;
        }
        match (old, next) {
            (None, Some(_)) => self.live_timers += 1,
            (Some(_), None) => self.live_timers -= 1,
            _ => {}
        }
        if let Some(t) = next {
            self.timers.push(Reverse(TimerKey::new(t, h)));
        }
        self.tidy_timers();
    }

    /// Whether a heap entry is its slot's pending timer.
    fn is_live(&self, k: TimerKey) -> bool {
        self.timer_of(k.handle())
            .is_some_and(|t| TimerKey::new(t, k.handle()) == k)
    }

    /// Drops stale entries from the top, and rebuilds the heap when stale entries pass half the live ones.
    fn tidy_timers(&mut self) {
        while let Some(&Reverse(k)) = self.timers.peek() {
            if self.is_live(k) {
                break;
            }
            self.timers.pop();
        }
        let room = self.live_timers + self.live_timers / 2 + 1024;
        if self.timers.len() > room {
            let mut keys = Vec::with_capacity(room);
            for (k, s) in self.cases.iter().enumerate() {
                keys.extend(s.timer.map(|t| Reverse(TimerKey::new(t, Handle::case(k)))));
            }
            for (k, s) in self.inquiries.iter().enumerate() {
                keys.extend(s.timer.map(|t| Reverse(TimerKey::new(t, Handle::inquiry(k)))));
            }
            self.timers = BinaryHeap::from(keys);
        }
    }

    fn stamp(&mut self, case: &str, produced: Vec<Pending>) -> Vec<Event> {
        produced
            .into_iter()
            .map(|(at, actor, kind)| {
                self.seq += 1;
                Event {
                    seq: self.seq,
                    at,
                    case: case.to_string(),
                    actor,
                    kind,
                }
            })
            .collect()
    }

    /// The pending timer of a case or inquiry.
    fn timer_of(&self, h: Handle) -> Option<DateTime<Utc>> {
        match h.target() {
            Target::Case(k) => self.cases[k].timer,
            Target::Inquiry(k) => self.inquiries[k].timer,
        }
    }

    /// The pending timer of a case or inquiry, for changing (with the index: see [`Engine::schedule`]).
    fn timer_mut(&mut self, h: Handle) -> &mut Option<DateTime<Utc>> {
        match h.target() {
            Target::Case(k) => &mut self.cases[k].timer,
            Target::Inquiry(k) => &mut self.inquiries[k].timer,
        }
    }

    /// The number of a case or inquiry.
    fn number(&self, h: Handle) -> &str {
        match h.target() {
            Target::Case(k) => &self.cases[k].value.id,
            Target::Inquiry(k) => &self.inquiries[k].value.id,
        }
    }

    /// Fires every timer due at or before `now`: reminders, yellow and red cards, deemed acceptance (art. 32)
    /// and deemed approval, escalations and breaches, in time order (then by case number). Each event
    /// carries the instant its threshold was reached, so advancing in one step or many gives the same
    /// events. Costs O(fired · log n).
    pub fn advance(&mut self, now: DateTime<Utc>) -> Vec<Event> {
        let mut out = Vec::new();
        let mut group: Vec<Handle> = Vec::new();
        // The top of the index is live (see `tidy_timers`).
        while let Some(&Reverse(first)) = self.timers.peek() {
            let Some(t) = self.timer_of(first.handle()).filter(|t| *t <= now) else {
                break;
            };
            // Everything due at `t`, by case number. A case fired at `t` is next due after `t`.
            group.clear();
            while let Some(&Reverse(k)) = self.timers.peek().filter(|k| k.0.same_instant(first)) {
                self.timers.pop();
                if self.is_live(k) {
                    *self.timer_mut(k.handle()) = None;
                    self.live_timers -= 1;
                    group.push(k.handle());
                }
            }
            self.tidy_timers();
            if group.len() > 1 {
                group.sort_unstable_by(|a, b| self.number(*a).cmp(self.number(*b)));
            }
            for &h in &group {
                match h.target() {
                    Target::Case(k) => self.fire_case(k, t, &mut out),
                    Target::Inquiry(k) => self.fire_inquiry(k, t, &mut out),
                }
            }
        }
        out
    }

    /// Fires case `k`'s timer at `t` (already taken out of the index), appending its events to `out`.
    fn fire_case(&mut self, k: usize, t: DateTime<Utc>, out: &mut Vec<Event>) {
        let mut case = (*self.cases[k].value).clone();
        let mut produced = Vec::new();
        let ctx = self.case_ctx(&case);
        let fired = fire_at(&mut case, &ctx, t, &mut produced);
        // What fired is committed; a fault (firing, or computing the next timer) is recorded after it,
        // through the same path replay takes, and the case stops being timed.
        let fault = match fired {
            Ok(timings) => match next_after_firing(&case, &ctx, timings, t) {
                Ok(next) => {
                    let id = Arc::clone(&case.id);
                    out.extend(self.stamp(&id, produced));
                    *self.cases[k].value = case;
                    self.schedule(Handle::case(k), next);
                    return;
                }
                Err(e) => e,
            },
            Err(e) => {
                produced.clear();
                case = (*self.cases[k].value).clone();
                e
            }
        };
        let id = Arc::clone(&case.id);
        out.extend(self.stamp(&id, produced));
        case.record_fault(t);
        out.extend(self.stamp(
            &id,
            vec![(
                t,
                None,
                EventKind::TimerFault {
                    message: fault.to_string(),
                },
            )],
        ));
        *self.cases[k].value = case;
    }

    /// Fires inquiry `k`'s timer at `t` (already taken out of the index), appending its events to `out`.
    fn fire_inquiry(&mut self, k: usize, t: DateTime<Utc>, out: &mut Vec<Event>) {
        let mut inquiry = (*self.inquiries[k].value).clone();
        let fired = inquiry.due(t, &self.calendar).and_then(|due| {
            let mut produced = Vec::new();
            for (at, kind) in due {
                inquiry.apply(at, &kind)?;
                produced.push((at, None, kind));
            }
            Ok(produced)
        });
        let id = inquiry.id.clone();
        match fired {
            Ok(produced) => {
                // An inquiry's next timer is its own clock's deadline, already computed when it was recorded.
                let next = inquiry.next_due(&self.calendar, t).unwrap_or(None);
                out.extend(self.stamp(&id, produced));
                *self.inquiries[k].value = inquiry;
                self.schedule(Handle::inquiry(k), next);
            }
            Err(e) => {
                // Record the fault on the inquiry through the same path replay takes, and stop timing it.
                let kind = EventKind::TimerFault { message: e.to_string() };
                // Applying a fault cannot fail.
                let _ = self.inquiries[k].value.apply(t, &kind);
                out.extend(self.stamp(&id, vec![(t, None, kind)]));
            }
        }
    }

    /// A case as seen at `now`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] for an unknown case; clock errors when a status cannot be computed.
    pub fn view(&self, id: &str, now: DateTime<Utc>) -> Result<CaseView> {
        let case = &*self.cases[self.case_position(id)?].value;
        let item = self.case_ctx(case).item;
        let decision = match &case.decision {
            Some(c) => Some(c.status(&self.calendar, now)?),
            None => None,
        };
        let under_review = case.state == CaseState::Accepted;
        let step = item.steps.get(case.step()).filter(|_| under_review);
        let step_status = match (&case.step_clock, under_review) {
            (Some(c), true) => Some(c.status(&self.calendar, now)?),
            _ => None,
        };
        Ok(CaseView {
            case: case.id.to_string(),
            item: case.item.to_string(),
            item_name: item.name.clone(),
            unit: case.unit.to_string(),
            state: case.state,
            signal: decision
                .as_ref()
                .filter(|_| under_review)
                .map_or(Signal::None, |d| d.signal),
            decision,
            step: step.map(|s| s.name.clone()),
            step_status,
            holder: step.and_then(|s| self.org.acting_holder(&s.post, now).ok()),
            violations: case.violations().to_vec(),
        })
    }

    /// The e-supervision board at `now`: every case under review with a signal, by unit, then most severe
    /// first, then earliest deadline.
    ///
    /// # Errors
    ///
    /// Clock errors when a status cannot be computed.
    pub fn board(&self, now: DateTime<Utc>) -> Result<Vec<BoardRow>> {
        let mut rows = Vec::new();
        for case in self.cases().filter(|c| c.state == CaseState::Accepted) {
            if let Some(c) = &case.decision {
                let st = c.status_brief(&self.calendar, now)?;
                if st.signal != Signal::None {
                    rows.push(BoardRow {
                        unit: case.unit.to_string(),
                        case: case.id.to_string(),
                        item: case.item.to_string(),
                        signal: st.signal,
                        deadline: st.deadline,
                        remaining: st.remaining,
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            (&a.unit, std::cmp::Reverse(a.signal), a.deadline, &a.case).cmp(&(
                &b.unit,
                std::cmp::Reverse(b.signal),
                b.deadline,
                &b.case,
            ))
        });
        Ok(rows)
    }

    /// The engine's state as JSON (cases, timers, sequence number). Restore it with the same policy,
    /// organisation and catalog.
    pub fn snapshot(&self) -> String {
        let snap = SnapshotRef {
            schema: SNAPSHOT_SCHEMA,
            seq: self.seq,
            cases: self.cases().map(|c| (c.id(), c)).collect(),
            inquiries: self
                .inquiries
                .iter()
                .map(|s| (s.value.id.as_str(), &*s.value))
                .collect(),
            timers: {
                let cases = self.cases.iter().map(|s| (s.timer, s.value.id()));
                let inquiries = self.inquiries.iter().map(|s| (s.timer, s.value.id.as_str()));
                let mut timers: Vec<_> = cases.chain(inquiries).filter_map(|(t, id)| Some((t?, id))).collect();
                timers.sort_unstable();
                timers
            },
        };
        codec::to_json(&snap)
    }

    /// An engine restored from a [`Engine::snapshot`].
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for a malformed snapshot; [`crate::Error::Invalid`] for a wrong schema or a case whose item
    /// is not in the catalog.
    pub fn restore(policy: Policy, org: Org, catalog: Catalog, snapshot: &str) -> Result<Self> {
        let snap: Snapshot = codec::from_json(snapshot)?;
        if snap.schema != SNAPSHOT_SCHEMA {
            return Err(invalid(
                "schema",
                snap.schema,
                format!("this library reads snapshot schema {SNAPSHOT_SCHEMA}"),
            ));
        }
        let mut engine = Engine::new(policy, org, catalog)?;
        for (id, mut case) in snap.cases {
            if *case.id != *id {
                return Err(invalid(
                    format!("cases.{id}.id"),
                    &case.id,
                    "differs from the case's key",
                ));
            }
            let ctx = engine
                .ctx(&case.item)
                .map_err(|_| invalid(format!("cases.{id}.item"), &case.item, "not in the catalog"))?;
            // Share the item's strings and clock configurations again, as a live case does.
            case.item = Arc::clone(&ctx.item_rules.code);
            case.item_ix = ctx.ix;
            case.unit = Arc::clone(&ctx.item_rules.unit);
            case.materials = case.materials.iter().map(|m| ctx.item_rules.material(m)).collect();
            case.notice_clock.share_config(&ctx.rules.notice);
            if let Some(c) = case.decision.as_mut() {
                c.share_config(&ctx.item_rules.decision);
            }
            if let Some((c, t)) = case
                .step_clock
                .as_mut()
                .zip(ctx.item_rules.steps.get(case.step as usize))
            {
                c.share_config(t);
            }
            if engine.index.contains_key(id.as_str()) {
                return Err(invalid("cases", &id, "a number used twice"));
            }
            engine.check_room(&id)?;
            engine.insert_case(case);
        }
        for (id, inquiry) in snap.inquiries {
            if engine.index.contains_key(id.as_str()) || inquiry.id != id {
                return Err(invalid(
                    "inquiries",
                    &id,
                    "a number used twice, or differing from its key",
                ));
            }
            engine.check_room(&id)?;
            engine.insert_inquiry(inquiry);
        }
        for (t, id) in snap.timers {
            let Some(&h) = engine.index.get(id.as_str()) else {
                return Err(invalid("timers", &id, "a timer for an unknown case"));
            };
            engine.schedule(h, Some(t));
        }
        engine.seq = snap.seq;
        Ok(engine)
    }

    /// An engine rebuilt by applying an event log in order (event sourcing). Replaying an engine's
    /// events into a new engine with the same policy, organisation and catalog gives the same state.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] when the log has a gap in its sequence numbers, names an unknown case or item, or
    /// does not apply to this configuration.
    pub fn replay(policy: Policy, org: Org, catalog: Catalog, events: &[Event]) -> Result<Self> {
        let mut engine = Engine::new(policy, org, catalog)?;
        for (k, e) in events.iter().enumerate() {
            if e.seq != engine.seq + 1 {
                return Err(invalid(
                    format!("events[{k}].seq"),
                    e.seq,
                    format!("expected {}", engine.seq + 1),
                ));
            }
            let found = engine.index.get(e.case.as_str()).copied();
            // Inquiries: recorded, then their own events.
            if let EventKind::InquiryRecorded {
                person,
                topic,
                responsible,
            } = &e.kind
            {
                if found.is_some() {
                    return Err(invalid(format!("events[{k}].case"), &e.case, "recorded twice"));
                }
                engine.check_room(&e.case)?;
                let inquiry = Inquiry::recorded(&e.case, e.at, person, topic, responsible, &engine.rules.inquiry);
                engine.insert_inquiry(inquiry);
                engine.seq = e.seq;
                continue;
            }
            if let Some(i) = found.and_then(Handle::as_inquiry) {
                engine.inquiries[i]
                    .value
                    .apply(e.at, &e.kind)
                    .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
                engine.seq = e.seq;
                continue;
            }
            let position = match (&e.kind, found.and_then(Handle::as_case)) {
                (
                    EventKind::Received {
                        item,
                        applicant,
                        materials,
                    },
                    None,
                ) => {
                    engine.check_room(&e.case)?;
                    let case = Case::received(&e.case, e.at, applicant, materials, &engine.ctx(item)?);
                    let k = engine.cases.len();
                    engine.insert_case(case);
                    k
                }
                (EventKind::Received { .. }, Some(_)) => {
                    return Err(invalid(format!("events[{k}].case"), &e.case, "received twice"))
                }
                (_, Some(c)) => c,
                (_, None) => {
                    return Err(invalid(
                        format!("events[{k}].case"),
                        &e.case,
                        "no case was received with this number",
                    ))
                }
            };
            let ctx = engine.case_ctx(&engine.cases[position].value);
            let mut case = (*engine.cases[position].value).clone();
            case.apply(e.at, e.actor.as_deref(), &e.kind, &ctx)
                .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
            *engine.cases[position].value = case;
            engine.seq = e.seq;
        }
        // Each case and inquiry is timed from its last event, as the live engine timed it then.
        for k in 0..engine.cases.len() {
            let case = &engine.cases[k].value;
            let next = case.next_due(&engine.case_ctx(case), case.last_event_at)?;
            engine.schedule(Handle::case(k), next);
        }
        for k in 0..engine.inquiries.len() {
            let inquiry = &engine.inquiries[k].value;
            let next = inquiry
                .next_due(&engine.calendar, inquiry.last_event_at)
                .unwrap_or(None);
            engine.schedule(Handle::inquiry(k), next);
        }
        Ok(engine)
    }
}

/// Fires, on `case`, every timer due from `from` (its scheduled instant) up to `until`, in time order,
/// appending to `out`.
fn fire_due(
    case: &mut Case,
    ctx: &Ctx,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    out: &mut Vec<Pending>,
) -> Result<()> {
    let mut cursor = from;
    // Each round fires what is due at the cursor and moves it to the next threshold.
    for _ in 0..64 {
        if cursor > until {
            return Ok(());
        }
        let timings = fire_at(case, ctx, cursor, out)?;
        match next_after_firing(case, ctx, timings, cursor)? {
            Some(next) => cursor = next,
            None => return Ok(()),
        }
    }
    Err(invalid("case", &case.id, "too many timer thresholds at one instant"))
}

/// Fires, on `case`, what is due at `t`, appending to `out`.
///
/// Returns the watched clocks' timings at `t` when they still hold after what fired: when it changed no
/// clock (signals, violations, escalation), so the next timer needs no new derivation.
fn fire_at(case: &mut Case, ctx: &Ctx, t: DateTime<Utc>, out: &mut Vec<Pending>) -> Result<Option<Timings>> {
    let mut timings = case.timings(ctx.cal, t)?;
    let due = case.due_from(&timings, t, ctx, false)?.unwrap_or_default();
    let neutral = due.iter().all(|(_, kind)| {
        matches!(
            kind,
            EventKind::SignalRaised { .. } | EventKind::Violation { .. } | EventKind::Escalated
        )
    });
    for (at, kind) in due {
        case.apply(at, None, &kind, ctx)?;
        out.push((at, None, kind));
    }
    Ok(neutral.then(|| {
        // A recorded breach stops watching its clock.
        case.retain_watched(&mut timings);
        timings
    }))
}

/// The case's next timer after firing at `t`, from the timings [`fire_at`] kept, or derived anew.
fn next_after_firing(
    case: &Case,
    ctx: &Ctx,
    timings: Option<Timings>,
    t: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    match timings {
        Some(timings) => case.next_due_from(&timings, ctx, t),
        None => case.next_due(ctx, t),
    }
}

fn acting_via(a: &Acting) -> &'static str {
    match a {
        Acting::Holder { .. } => "the A holder",
        Acting::Backup { .. } => "the B holder while A is away",
        Acting::UnitHead { .. } => "the unit head while A and B are away",
    }
}

impl PartialEq for Engine {
    /// Same configuration documents and same state (cases, inquiries and their timers by number, sequence
    /// number), whatever order the cases were stored in.
    fn eq(&self, other: &Self) -> bool {
        let same = |h: Handle| -> bool {
            let Some(o) = other.index.get(self.number(h)) else {
                return false;
            };
            match (h.target(), o.target()) {
                (Target::Case(k), Target::Case(j)) => {
                    self.cases[k].value == other.cases[j].value && self.cases[k].timer == other.cases[j].timer
                }
                (Target::Inquiry(k), Target::Inquiry(j)) => {
                    self.inquiries[k].value == other.inquiries[j].value
                        && self.inquiries[k].timer == other.inquiries[j].timer
                }
                _ => false,
            }
        };
        self.policy == other.policy
            && self.org == other.org
            && self.catalog == other.catalog
            && self.seq == other.seq
            && self.index.len() == other.index.len()
            && self.live_timers == other.live_timers
            && self.index.values().all(|h| same(*h))
    }
}
