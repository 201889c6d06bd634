//! The engine (效能引擎): the one façade over policy, calendar, organisation, catalog and records.
//!
//! A host sends what happened ([`Command`]); the engine checks the actor's post, role and unit and the
//! record's state, and answers with what follows from the rules ([`Event`]s). State changes only by
//! applying events, so a rejected command changes nothing and [`Engine::replay`] of the event log
//! rebuilds the same state. [`Engine::advance`] fires due reminders, cards, deemed outcomes and breaches
//! from a deadline index, at a cost proportional to what fires. The engine never reads the system clock:
//! time comes in with every command and every `advance`.
//!
//! Every kind of record (case, inquiry, ...) goes through one generic pipeline ([`Engine::run`]): copy the
//! record, fire its own due timers up to the command's instant, decide, apply, settle (follow-up events
//! and the next timer), stamp sequence numbers, commit, reschedule. The kinds are listed once, in
//! `aggregate.rs`.

pub(crate) mod aggregate;
mod command;
mod complaints;
mod inspections;
mod matters;
mod metrics;
mod notice;
mod pledges;
mod record;
mod register;
mod replay;
mod snapshot;
mod store;
mod timers;
mod views;

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use command::Command;
pub use inspections::{PlanReport, PlanVisit};
pub use matters::RegisterState;
pub use metrics::{Durations, RuleCounts, UnitMetrics};
pub use record::{AwardYear, RecordMatter, RecordReport, RecordSanction, RecordSubject, RecordViolation};
pub use register::ViolationQuery;
pub use snapshot::SNAPSHOT_SCHEMA;
pub use views::{BoardRow, CaseView};

use crate::calendar::Calendar;
use crate::case::Case;
use crate::catalog::Catalog;
use crate::context::{Cx, Rules};
use crate::error::{invalid, not_allowed, not_found, out_of_range, Result};
use crate::event::{Event, EventKind, Next, Pending};
use crate::inquiry::Inquiry;
use crate::org::Org;
use crate::policy::Policy;
use aggregate::{for_kind, Aggregate, Kind, Records};
use store::{Handle, MAX_SLOTS};
use timers::Deadlines;

/// The engine (效能引擎): the one façade over policy, calendar, organisation, catalog, cases and inquiries.
///
/// A host sends what happened ([`Command`]); the engine checks the actor's post, role and unit and the
/// record's state, and answers with what follows from the rules ([`Event`]s). State changes only by
/// applying events, so a rejected command changes nothing and [`Engine::replay`] of the event log
/// rebuilds the same state. [`Engine::advance`] fires due reminders, cards, deemed outcomes and breaches
/// from a deadline index. The engine never reads the system clock. See `docs/commands.md` for every
/// command and event.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    calendar: Calendar,
    org: Org,
    catalog: Catalog,
    /// Template clocks and shared strings prepared from the policy and catalog.
    rules: Rules,
    /// Record numbers (one namespace for every kind) to their slots. Hashed with foldhash (seeded per
    /// process, like the standard hasher, but a few times cheaper on short keys: one lookup per command).
    index: foldhash::HashMap<Arc<str>, Handle>,
    records: Records,
    deadlines: Deadlines,
    /// Records whose timers rest on provisional days (after the calendar's last notice): what a new
    /// year's notice recomputes (see `notice.rs`).
    provisional: notice::Provisional,
    /// Records no longer timed after a timer fault (lazily: an entry counts while its record is faulted),
    /// timed again when a notice covers what they need.
    faulted: Vec<Handle>,
    seq: u64,
    /// The events a command produces before they are stamped: kept between commands (empty) so that a
    /// command allocates no list of its own for them.
    pending: Vec<Pending>,
    /// The original a complaint being registered repeats, found before the command runs (see
    /// `Cx::repeat_of`); `None` between commands.
    link: Option<String>,
    /// What an accountability matter being opened needs from beyond it (see `Cx::matter`); `None`
    /// between commands.
    matter_input: Option<crate::matter::MatterInput>,
    /// The violation register: every `violation` event recorded, in sequence order, and its indexes
    /// (`register.rs`).
    violations: register::Register,
    /// The complaints by respondent unit and text, for finding the original a new one repeats
    /// (`complaints.rs`).
    complaint_index: crate::dedup::DedupIndex,
}

impl Engine {
    /// An engine for a policy, an organisation and a catalog (validated against the organisation).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] when the policy is invalid or its calendar cannot be built, or when its
    /// intake windows name a unit or item the organisation or catalog lacks (`intake[0].unit`, ...).
    pub fn new(policy: Policy, org: Org, catalog: Catalog) -> Result<Self> {
        // The calendar the policy's validation builds is the engine's: built once.
        let calendar = policy.validated()?;
        // The calendar clocks count on (with the provisional days after the last notice), built now
        // rather than by the first command.
        calendar.clock_view();
        let provisional = notice::Provisional::new(calendar.last_official_horizon());
        let rules = Rules::new(&policy, &org, &catalog)?;
        let complaint_index = crate::dedup::DedupIndex::new(complaints::dedup_params(&policy))?;
        Ok(Engine {
            policy,
            calendar,
            org,
            catalog,
            rules,
            index: foldhash::HashMap::default(),
            records: Records::default(),
            deadlines: Deadlines::default(),
            provisional,
            faulted: Vec::new(),
            seq: 0,
            pending: Vec::new(),
            link: None,
            matter_input: None,
            violations: register::Register::default(),
            complaint_index,
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
        self.get::<Case>(id)
    }
    /// An inquiry by number.
    pub fn inquiry(&self, id: &str) -> Option<&Inquiry> {
        self.get::<Inquiry>(id)
    }
    /// Number of cases.
    pub fn len(&self) -> usize {
        self.records.cases.len()
    }
    /// Whether there are no cases.
    pub fn is_empty(&self) -> bool {
        self.records.cases.len() == 0
    }
    /// The last event sequence number (0 before any event).
    pub fn seq(&self) -> u64 {
        self.seq
    }
    /// The earliest pending timer, if any: when `advance` next has something to do.
    pub fn next_timer(&self) -> Option<DateTime<Utc>> {
        self.deadlines.peek().and_then(|k| self.timer_of(k.handle()))
    }
    /// Every case, in no particular order.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.records.cases.iter()
    }
    /// Every inquiry, in no particular order.
    pub fn inquiries(&self) -> impl Iterator<Item = &Inquiry> {
        self.records.inquiries.iter()
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
        if additional > MAX_SLOTS.saturating_sub(self.records.cases.len()) {
            return Err(refuse());
        }
        self.index.try_reserve(additional).map_err(|_| refuse())?;
        self.records.cases.slots.try_reserve(additional).map_err(|_| refuse())?;
        Ok(())
    }

    /// The context records decide and apply in.
    fn cx(&self) -> Cx<'_> {
        Cx {
            policy: &self.policy,
            cal: &self.calendar,
            org: &self.org,
            catalog: &self.catalog,
            rules: &self.rules,
            repeat_of: self.link.as_deref(),
            matter: self.matter_input.as_ref(),
        }
    }

    /// A record of kind `A` by number.
    fn get<A: Aggregate>(&self, id: &str) -> Option<&A> {
        let h = self.index.get(id).filter(|h| h.kind == A::KIND)?;
        Some(&A::store(&self.records).slots[h.index as usize].value)
    }

    /// The error for a number that names no record of `kind`.
    fn missing(&self, id: &str, kind: Kind) -> crate::Error {
        let noun = Kind::noun;
        match self.index.get(id) {
            Some(h) => not_found(
                "case",
                id,
                format!(
                    "this number is {} {}, not {} {}",
                    article(h.kind),
                    noun(h.kind),
                    article(kind),
                    noun(kind)
                ),
            ),
            None => not_found("case", id, format!("no {} has this number", noun(kind))),
        }
    }

    /// Executes a command: checks it, and returns the events it caused (after any of the record's own
    /// timers due at or before the command's instant, which fire first so the record's log stays in time
    /// order).
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown case, item or actor; [`crate::Error::Forbidden`] for an
    /// actor without the post, role or unit for the action; [`crate::Error::NotAllowed`] for a state that
    /// does not allow it; [`crate::Error::Invalid`] naming the field for a denial without reasons, basis or
    /// remedies (art. 38) and other bad values; clock errors for extensions beyond the rule. A rejected
    /// command changes nothing.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>> {
        let mut produced = std::mem::take(&mut self.pending);
        produced.clear();
        match &command {
            Command::Case(c) => self.run::<Case>(c, command.case(), command.at(), command.actor(), &mut produced),
            Command::Inquiry(c) => self.run::<Inquiry>(c, command.case(), command.at(), command.actor(), &mut produced),
            Command::Complaint(c) => self.run_complaint(c, command.actor(), &mut produced),
            Command::Pledge(c) => self.run_pledge(c, command.actor(), &mut produced),
            Command::Matter(c) => self.run_matter(c, command.actor(), &mut produced),
            Command::Inspection(c) => self.run_inspection(c, command.actor(), &mut produced),
            Command::Plan(c) => {
                self.run::<crate::plan::Plan>(c, command.case(), command.at(), command.actor(), &mut produced)
            }
        }?;
        // A substantiated complaint's or a finding's rectification follows it (it needs the command after).
        let follow = match &command {
            Command::Complaint(crate::complaint::command::ComplaintCommand::CloseComplaint(_))
            | Command::Inspection(crate::inspection::command::InspectionCommand::RecordFinding(_)) => {
                Some(command.clone())
            }
            _ => None,
        };
        // The command's own strings go to its events (the last of them; the others get copies).
        let (case, actor) = command.into_ids();
        let mut events = self.stamp_command(case, actor, &mut produced);
        self.pending = produced;
        self.register(&events);
        if let Some(cause) = follow {
            self.rectification_after(&cause, &mut events);
        }
        Ok(events)
    }

    /// Stamps the events of a command: `produced` marks the command's own events with an empty actor,
    /// which becomes `actor`; timer events fired before it have none.
    fn stamp_command(&mut self, case: String, actor: String, produced: &mut Vec<Pending>) -> Vec<Event> {
        let n = produced.len();
        let last_own = produced.iter().rposition(|(_, a, _, _)| a.is_some());
        let (mut case, mut actor) = (Some(case), Some(actor));
        let mut out = Vec::with_capacity(n);
        for (k, (at, by, kind, provisional)) in produced.drain(..).enumerate() {
            self.seq += 1;
            let by = by.map(|_| {
                if Some(k) == last_own {
                    actor.take()
                } else {
                    actor.clone()
                }
                .unwrap_or_default()
            });
            let case = if k + 1 == n { case.take() } else { case.clone() }.unwrap_or_default();
            out.push(Event {
                seq: self.seq,
                at,
                case,
                actor: by,
                provisional,
                kind,
            });
        }
        out
    }

    /// The one pipeline of every record kind: copy, fire the record's own due timers up to `at`, decide,
    /// apply, settle, stamp, commit, reschedule.
    fn run<A: Aggregate>(
        &mut self,
        command: &A::Command,
        id: &str,
        at: DateTime<Utc>,
        actor: &str,
        produced: &mut Vec<Pending>,
    ) -> Result<()> {
        crate::calendar::check_supported_instant("at", at)?;
        let cx = self.cx();
        if A::by_staff(command) {
            cx.staff(actor)?;
        }
        if id.chars().all(char::is_whitespace) {
            return Err(invalid("case", "\"\"", "a case number must not be empty"));
        }
        // Work on a copy of the record: commit only if everything applies.
        let (index, mut record, events) = match self.index.get(id).copied() {
            None if A::creating(command) => {
                if A::store(&self.records).len() >= MAX_SLOTS {
                    return Err(out_of_range(
                        "case",
                        id,
                        "the engine holds the most records of this kind it can",
                    ));
                }
                let events = A::create(id, command, &cx)?;
                let first = events
                    .first()
                    .ok_or_else(|| invalid("type", "create", "no creating event"))?;
                (None, A::init(id, at, first, &cx)?, events)
            }
            None => return Err(self.missing(id, A::KIND)),
            Some(h) if h.kind != A::KIND || A::creating(command) => {
                return Err(if h.kind == A::KIND {
                    not_allowed("case", id, "a record with this number exists")
                } else {
                    self.missing(id, A::KIND)
                });
            }
            Some(h) => {
                let slot = &A::store(&self.records).slots[h.index as usize];
                let mut record = (*slot.value).clone();
                if at < record.last_event_at() {
                    return Err(not_allowed(
                        "at",
                        at,
                        format!(
                            "earlier than the record's last event at {}: a record's commands come in time order",
                            record.last_event_at()
                        ),
                    ));
                }
                if let Some(from) = slot.timer {
                    record.fire_due(from, at, &cx, produced)?;
                }
                let events = record.decide(command, &cx)?;
                (Some(h.index), record, events)
            }
        };
        for event in events {
            record.apply(at, Some(actor), &event, &cx)?;
            // The command's actor (see `stamp_command`).
            produced.push((at, Some(String::new()), event, false));
        }
        let next = record.settle(at, &cx, produced)?;
        // Commit.
        let store = A::store_mut(&mut self.records);
        let index = match index {
            Some(k) => {
                *store.slots[k as usize].value = record;
                k
            }
            None => {
                let key = record.key();
                let k = store.push(record);
                self.index.insert(
                    key,
                    Handle {
                        kind: A::KIND,
                        index: k,
                    },
                );
                k
            }
        };
        self.schedule(Handle { kind: A::KIND, index }, next);
        Ok(())
    }

    /// Moves a record's timer in the deadline index, and keeps its horizon (and the index of provisional
    /// records) up to date.
    fn schedule(&mut self, h: Handle, next: Next) {
        self.track(h, next.horizon);
        let next = next.at;
        let old = std::mem::replace(self.timer_mut(h), next);
        if old == next {
            return;
        }
        self.deadlines.moved(h, old, next);
        self.tidy_timers();
    }

    /// Drops stale entries from the top of the deadline index, rebuilding it when they are too many.
    fn tidy_timers(&mut self) {
        let records = &self.records;
        self.deadlines.tidy(
            |h| timer_in(records, h),
            |push| {
                aggregate::for_each_kind!(A => {
                    for (k, s) in A::store(records).slots.iter().enumerate() {
                        if let Some(t) = s.timer {
                            push(Handle { kind: A::KIND, index: k as u32 }, t);
                        }
                    }
                });
            },
        );
    }

    fn stamp(&mut self, record: &str, produced: Vec<Pending>) -> Vec<Event> {
        let events: Vec<Event> = produced
            .into_iter()
            .map(|(at, actor, kind, provisional)| {
                self.seq += 1;
                Event {
                    seq: self.seq,
                    at,
                    case: record.to_string(),
                    actor,
                    provisional,
                    kind,
                }
            })
            .collect();
        self.register(&events);
        events
    }

    /// The pending timer of a record.
    fn timer_of(&self, h: Handle) -> Option<DateTime<Utc>> {
        timer_in(&self.records, h)
    }

    /// The pending timer of a record, for changing (with the index: see [`Engine::schedule`]).
    fn timer_mut(&mut self, h: Handle) -> &mut Option<DateTime<Utc>> {
        for_kind!(h.kind, A => &mut A::store_mut(&mut self.records).slots[h.index as usize].timer)
    }

    /// The number of a record.
    fn number(&self, h: Handle) -> &str {
        for_kind!(h.kind, A => A::store(&self.records).slots[h.index as usize].value.id())
    }

    /// Fires every timer due at or before `now`: reminders, yellow and red cards, deemed acceptance (art. 32)
    /// and deemed approval, escalations and breaches, in time order (then by record number). Each event
    /// carries the instant its threshold was reached, so advancing in one step or many gives the same
    /// events. Costs O(fired · log n).
    pub fn advance(&mut self, now: DateTime<Utc>) -> Vec<Event> {
        let mut out = Vec::new();
        let mut group: Vec<Handle> = Vec::new();
        // The top of the index is live (see `tidy_timers`).
        while let Some(first) = self.deadlines.peek() {
            let Some(t) = self.timer_of(first.handle()).filter(|t| *t <= now) else {
                break;
            };
            // Everything due at `t`, by record number. A record fired at `t` is next due after `t`.
            group.clear();
            while let Some(k) = self.deadlines.peek().filter(|k| k.same_instant(first)) {
                self.deadlines.pop();
                if timers::is_live(&|h| self.timer_of(h), k) {
                    *self.timer_mut(k.handle()) = None;
                    self.deadlines.taken();
                    group.push(k.handle());
                }
            }
            self.tidy_timers();
            if group.len() > 1 {
                group.sort_unstable_by(|a, b| self.number(*a).cmp(self.number(*b)));
            }
            for &h in &group {
                for_kind!(h.kind, A => self.fire::<A>(h.index, t, &mut out));
            }
        }
        out
    }

    /// Fires record `k`'s timer at `t` (already taken out of the index), appending its events to `out`.
    /// What fired is committed; a fault (firing, or computing the next timer) is recorded after it,
    /// through the same path replay takes, and the record stops being timed.
    fn fire<A: Aggregate>(&mut self, k: u32, t: DateTime<Utc>, out: &mut Vec<Event>) {
        let original = &A::store(&self.records).slots[k as usize].value;
        let mut record = (**original).clone();
        let mut produced = Vec::new();
        let cx = self.cx();
        let fault = match record.fire_at(t, &cx, &mut produced) {
            Ok(timings) => match record.next_after(timings, t, &cx) {
                Ok(next) => {
                    let id = Arc::<str>::from(record.id());
                    out.extend(self.stamp(&id, produced));
                    *A::store_mut(&mut self.records).slots[k as usize].value = record;
                    self.schedule(
                        Handle {
                            kind: A::KIND,
                            index: k,
                        },
                        next,
                    );
                    return;
                }
                Err(e) => e,
            },
            Err(e) => {
                produced.clear();
                record = (**original).clone();
                e
            }
        };
        let id = Arc::<str>::from(record.id());
        out.extend(self.stamp(&id, produced));
        self.record_fault::<A>(k, record, t, &fault, out);
    }

    /// Commits `record` as record `k` after a fault at `t`: a `timer_fault` event, and the record is no
    /// longer timed (until a notice covers what it needs, or a restore or replay with such a calendar).
    fn record_fault<A: Aggregate>(
        &mut self,
        k: u32,
        mut record: A,
        t: DateTime<Utc>,
        fault: &crate::Error,
        out: &mut Vec<Event>,
    ) {
        let id = Arc::<str>::from(record.id());
        record.record_fault(t);
        let kind = EventKind::TimerFault {
            message: fault.to_string(),
        };
        out.extend(self.stamp(&id, vec![(t, None, kind, false)]));
        *A::store_mut(&mut self.records).slots[k as usize].value = record;
        let h = Handle {
            kind: A::KIND,
            index: k,
        };
        self.schedule(h, Next::default());
        self.faulted.push(h);
    }
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Inquiry | Kind::Inspection | Kind::Plan => "an",
        Kind::Case | Kind::Complaint | Kind::Pledge | Kind::Matter => "a",
    }
}

/// The pending timer of a record in `records`.
fn timer_in(records: &Records, h: Handle) -> Option<DateTime<Utc>> {
    for_kind!(h.kind, A => A::store(records).slots[h.index as usize].timer)
}
