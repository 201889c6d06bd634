//! Replay (event sourcing) that trusts nothing: every event of a log is checked against the rules that
//! would have produced it before it is applied, written once over every record kind.
//!
//! - An event with an actor is a command's. The command is rebuilt from the event ([`Aggregate::command_of`])
//!   and decided again on the record as the log left it, by the live engine's own `decide` (the actor's
//!   post, role and unit, the record's state and the transition table, the rule's other conditions), after
//!   the live engine's checks before it (a known staff member, commands of a record in time order). The
//!   log must then hold exactly the events the command yields, by that actor at that instant. So the check
//!   cannot drift from the rules: it is the rules.
//! - An event without an actor is a timer's: the record's timers, evaluated at the event's instant by the
//!   live engine's own code ([`Aggregate::due_at`]), must have it due at exactly that instant. The events of
//!   one firing are matched against what was due when the firing began (a firing applies them in turn).
//!   A `deadline_changed` must name a deadline the record's clock has; a `timer_fault` must be a timer the
//!   calendar could not compute.
//! - Calendar notices added at run time: the live engine fired the timers before a notice under the
//!   calendar it had then, and a notice may have moved thresholds since. A notice added at run time is
//!   appended to the policy's calendar (that is how the engine's policy keeps it), so the calendar of any
//!   earlier moment is the final one with its last notices left out. A check that fails under the final
//!   calendar is tried under each of those, and the event stands if one of them produces it exactly. A
//!   log without notices (the usual one) costs nothing more.
//!
//! Not checked: that the log holds every firing the timers would have made between two events of a record
//! (that is re-running the engine's timers, about the cost of executing the commands; what is missing
//! from within a firing is found), and which earlier calendar was in force when (the log does not say:
//! an event stands if any of them produces it). Events are applied in place: a replay that fails is
//! dropped whole.

use chrono::{DateTime, Utc};

use super::aggregate::{for_each_kind, for_kind, Aggregate};
use super::store::Handle;
use super::Engine;
use crate::calendar::Calendar;
use crate::catalog::Catalog;
use crate::context::Cx;
use crate::error::{invalid, Error, Result};
use crate::event::{Event, EventKind, Pending};
use crate::org::Org;
use crate::policy::Policy;

/// What replay keeps while it checks a log.
#[derive(Default)]
struct Check {
    /// Per record, the firing under way: what its timers were found to have due at an instant that no event
    /// has matched yet, which the record's next events at that instant must match.
    due: foldhash::HashMap<Handle, Firing>,
    /// The calendars the engine may have run with before the notices it added at run time: the policy's
    /// calendar with its last 1, 2, ... notices left out (built when a check first needs them).
    earlier: Option<Vec<Calendar>>,
    /// The record and instant of the last `deadline_changed`: a notice's recomputation records a changed
    /// signal of the record at that instant after it (possibly before the record's last event).
    notice: Option<(Handle, DateTime<Utc>)>,
    /// Actors found among the organisation's staff (a few: a log names the same staff again and again).
    staff: Vec<String>,
    /// The actor of the last command rebuilt, its buffer kept for the next one.
    actor: String,
}

/// The rest of a firing: what a record's timers had due at `at` (found at the `k`-th event) that no event
/// has matched yet.
struct Firing {
    at: DateTime<Utc>,
    k: usize,
    rest: Vec<Pending>,
}

impl Check {
    /// Ends the firing under way on record `h` (its next event is the `k`-th, which does not belong to it):
    /// an error when the record's timers fired more than the log has.
    fn end_firing(&mut self, h: Handle, events: &[Event], k: usize) -> Result<()> {
        if self.due.is_empty() {
            return Ok(());
        }
        match self.due.remove(&h) {
            Some(f) if !f.rest.is_empty() => Err(unfinished(events, &f, Some(k))),
            _ => Ok(()),
        }
    }

    /// `actor` in the buffer of the last command's actor.
    fn actor(&mut self, actor: &str) -> String {
        let mut buffer = std::mem::take(&mut self.actor);
        buffer.clear();
        buffer.push_str(actor);
        buffer
    }

    /// Whether `actor` is a staff member of `cx`'s organisation, as the live engine checks first
    /// (`Engine::run`).
    fn staff(&mut self, actor: &str, cx: &Cx) -> Result<()> {
        if self.staff.iter().any(|s| s == actor) {
            return Ok(());
        }
        cx.staff(actor)?;
        if self.staff.len() < 16 {
            self.staff.push(actor.to_string());
        }
        Ok(())
    }

    /// The calendars of [`Check::earlier`], latest first.
    fn earlier(&mut self, policy: &Policy) -> &[Calendar] {
        self.earlier.get_or_insert_with(|| {
            let notices = policy.calendar.notices.len();
            (0..notices)
                .rev()
                .filter_map(|n| {
                    let mut spec = policy.calendar.clone();
                    spec.notices.truncate(n);
                    Calendar::from_spec(spec).ok()
                })
                .collect()
        })
    }
}

impl Engine {
    /// An engine rebuilt by applying an event log in order (event sourcing). Replaying an engine's
    /// events into a new engine with the same policy (the engine's own, which keeps the notices it was
    /// given at run time), organisation and catalog gives the same state.
    ///
    /// Nothing in the log is trusted. Each event is checked against the rules that would have produced
    /// it, the live engine's own: an event with an actor is a command's, decided again on its record as
    /// the log left it (an actor the organisation knows, holding the post, role and unit the action needs;
    /// a state that allows it; the record's commands in time order), and the log must hold exactly the
    /// events the command yields; an event without an actor is a timer's, and must be due at exactly its
    /// instant (a deemed acceptance once the notice limit has passed, a card once its threshold has). A
    /// timer event fired before a notice the engine added at run time is checked under the calendar as it
    /// was then. See docs/commands.md, "Replay and restore".
    ///
    /// ```
    /// # use xiaoneng::{commands, Catalog, Command, Document, Engine, ErrorCode, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy.clone(), org.clone(), catalog.clone()).unwrap();
    /// let at = "2026-09-28T09:00:00+08:00".parse().unwrap();
    /// let mut log = engine
    ///     .execute(Command::from(commands::Receive {
    ///         case: "C1".into(), at, actor: "s-clerk".into(), item: "330100-FOOD-001".into(),
    ///         applicant: "张三".into(), materials: vec![], renewal_of_expiry: None,
    ///     }))
    ///     .unwrap();
    /// let replayed = Engine::replay(policy.clone(), org.clone(), catalog.clone(), &log).unwrap();
    /// assert_eq!(replayed, engine);
    /// // The fire brigade's staff does not receive the market regulator's cases.
    /// log[0].actor = Some("s-fire".into());
    /// let err = Engine::replay(policy, org, catalog, &log).unwrap_err();
    /// assert_eq!((err.code(), err.field()), (ErrorCode::InvalidInput, Some("events[0].actor")));
    /// assert!(err.reason().starts_with("seq 1 "));
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the event (`events[k]`, or the field of it the rule names, e.g.
    /// `events[3].actor`), its value, and why, the reason starting with the event's sequence number
    /// (`seq 4 ...`): a gap in the sequence numbers, an instant outside the supported range, an unknown
    /// record or item, a record created twice, an event the rules could not have produced (an unknown
    /// actor, an actor without the post, role or unit, a state that does not allow it, a command earlier
    /// than its record's last event, events other than those its command yields, a timer event not due at
    /// its instant), or a log that does not apply to this configuration.
    pub fn replay(policy: Policy, org: Org, catalog: Catalog, events: &[Event]) -> Result<Self> {
        Engine::new(policy, org, catalog)?.replay_tail(events)
    }

    /// This engine with the events after its last one applied, each checked as [`Engine::replay`]
    /// checks it: the tail of a log after a snapshot, onto the engine [`Engine::restore`]d from it
    /// (the journal's recovery). The first event's `seq` is this engine's [`Engine::seq`] + 1.
    /// `engine.replay_tail(events)` on a new engine is `Engine::replay`; restoring a snapshot taken at
    /// seq N and replaying the events after N gives the engine that replaying all of them gives.
    ///
    /// ```
    /// # use xiaoneng::{commands, Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy.clone(), org.clone(), catalog.clone()).unwrap();
    /// let receive = |case: &str| Command::from(commands::Receive {
    ///     case: case.into(), at: "2026-09-28T09:00:00+08:00".parse().unwrap(), actor: "s-clerk".into(),
    ///     item: "330100-FOOD-001".into(), applicant: "张三".into(), materials: vec![], renewal_of_expiry: None,
    /// });
    /// engine.execute(receive("C1")).unwrap();
    /// let snapshot = engine.snapshot();
    /// let tail = engine.execute(receive("C2")).unwrap();
    /// let restored = Engine::restore(policy, org, catalog, &snapshot).unwrap();
    /// assert_eq!(restored.replay_tail(&tail).unwrap(), engine);
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Engine::replay`], with `events[k]` counted within `events`; the engine is dropped (a replay
    /// that fails is dropped whole).
    pub fn replay_tail(mut self, events: &[Event]) -> Result<Self> {
        let base = self.seq;
        for (k, e) in events.iter().enumerate() {
            if e.seq != base + k as u64 + 1 {
                return Err(invalid(
                    format!("events[{k}].seq"),
                    e.seq,
                    format!(
                        "expected {}: sequence numbers go up by one from {}",
                        base + k as u64 + 1,
                        base + 1
                    ),
                ));
            }
            if crate::calendar::check_supported_instant("at", e.at).is_err() {
                crate::calendar::check_supported_instant(&format!("events[{k}].at"), e.at)?;
            }
        }
        let mut check = Check::default();
        let mut k = 0;
        while k < events.len() {
            k += match events[k].actor.as_deref() {
                Some(actor) => self.replay_command(events, k, actor, &mut check)?,
                None => self.replay_timer(events, k, &mut check).map(|()| 1)?,
            };
        }
        if let Some(f) = check.due.values().filter(|f| !f.rest.is_empty()).min_by_key(|f| f.k) {
            return Err(unfinished(events, f, None));
        }
        self.seq = base + events.len() as u64;
        self.register(events);
        self.time_all()?;
        Ok(self)
    }

    /// The record the `k`-th event `e` names.
    fn replayed_record(&self, k: usize, e: &Event) -> Result<Handle> {
        self.index.get(e.case.as_str()).copied().ok_or_else(|| {
            invalid(
                format!("events[{k}].case"),
                &e.case,
                format!("seq {}: no record was created with this number", e.seq),
            )
        })
    }

    /// `attempt` under the engine's calendar, else under each calendar the engine may have run with before
    /// a notice was added at run time ([`Check::earlier`]): the first success, or the error under the
    /// engine's calendar.
    fn under_calendars<T>(&self, check: &mut Check, attempt: impl Fn(&Cx) -> Result<T>) -> Result<T> {
        let cx = self.cx();
        let first = match attempt(&cx) {
            Ok(v) => return Ok(v),
            Err(err) => err,
        };
        for cal in check.earlier(&self.policy) {
            if let Ok(v) = attempt(&Cx { cal, ..cx }) {
                return Ok(v);
            }
        }
        Err(first)
    }

    /// Applies `kinds` at `at` by `actor` to record `index` of kind `A`, in place (a replay that fails is
    /// dropped whole).
    fn apply_replayed<'e, A: Aggregate>(
        &mut self,
        k: usize,
        e: &Event,
        index: u32,
        kinds: impl IntoIterator<Item = &'e EventKind>,
    ) -> Result<()> {
        let cx = Cx {
            policy: &self.policy,
            cal: &self.calendar,
            org: &self.org,
            catalog: &self.catalog,
            rules: &self.rules,
            repeat_of: None,
            matter: None,
        };
        let record = &mut *A::store_mut(&mut self.records).slots[index as usize].value;
        for (i, kind) in kinds.into_iter().enumerate() {
            record
                .apply(e.at, e.actor.as_deref(), kind, &cx)
                .map_err(|err| invalid(format!("events[{}]", k + i), e.seq + i as u64, err.to_string()))?;
        }
        Ok(())
    }

    /// Replays the events of one command, from the `k`-th (by `actor`): the command is rebuilt from the
    /// event and decided again; the log must hold exactly its events. Answers how many it replayed.
    fn replay_command(&mut self, events: &[Event], k: usize, actor: &str, check: &mut Check) -> Result<usize> {
        let e = &events[k];
        let next = events
            .get(k + 1)
            .filter(|n| n.case == e.case && n.at == e.at && n.actor == e.actor)
            .map(|n| &n.kind);
        for_each_kind!(A => {
            if A::creates(&e.kind) {
                return self.replay_create::<A>(events, k, actor, next, check);
            }
        });
        let h = self.replayed_record(k, e)?;
        // A command comes after a firing.
        check.end_firing(h, events, k)?;
        for_kind!(h.kind, A => self.replay_decide::<A>(events, k, h.index, actor, next, check))
    }

    /// [`Engine::replay_command`] for a command that creates a record of kind `A`.
    fn replay_create<A: Aggregate>(
        &mut self,
        events: &[Event],
        k: usize,
        actor: &str,
        next: Option<&EventKind>,
        check: &mut Check,
    ) -> Result<usize> {
        let e = &events[k];
        if self.index.contains_key(e.case.as_str()) {
            return Err(invalid(
                format!("events[{k}].case"),
                &e.case,
                format!("seq {}: created twice", e.seq),
            ));
        }
        if e.case.chars().all(char::is_whitespace) {
            return Err(invalid(
                format!("events[{k}].case"),
                "\"\"",
                format!("seq {}: a case number must not be empty", e.seq),
            ));
        }
        let command = A::command_of(e.at, check.actor(actor), &e.kind, next).ok_or_else(|| no_command(k, e))?;
        let name = A::command_name(&command);
        if A::by_staff(&command) {
            check.staff(actor, &self.cx()).map_err(|err| refused(k, e, name, err))?;
        }
        // The original a complaint repeats is found again, as the live engine found it.
        self.link = self.replayed_repeat_of(&e.kind, e.at);
        // So is what an accountability matter read from beyond it (the violation, the confirmed sanctions).
        self.matter_input = self.replayed_matter_input(&e.kind, e.at, &events[..k]);
        let produced = self.under_calendars(check, |cx| {
            let produced = A::create(&e.case, &command, cx).map_err(|err| refused(k, e, name, err))?;
            logged(events, k, actor, name, &produced)?;
            Ok(produced)
        })?;
        self.link = None;
        self.matter_input = None;
        check.actor = A::into_actor(command);
        let record = A::init(&e.case, e.at, &produced[0], &self.cx())
            .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
        let h = self.insert_new::<A>(&e.case, record)?;
        self.apply_replayed::<A>(k, e, h.index, &produced)?;
        if A::KIND == super::aggregate::Kind::Complaint {
            self.index_complaint(&e.case);
        }
        Ok(produced.len())
    }

    /// [`Engine::replay_command`] for a command on record `index` of kind `A`.
    fn replay_decide<A: Aggregate>(
        &mut self,
        events: &[Event],
        k: usize,
        index: u32,
        actor: &str,
        next: Option<&EventKind>,
        check: &mut Check,
    ) -> Result<usize> {
        let e = &events[k];
        let command = A::command_of(e.at, check.actor(actor), &e.kind, next).ok_or_else(|| no_command(k, e))?;
        let name = A::command_name(&command);
        let record = &*A::store(&self.records).slots[index as usize].value;
        // The live engine's checks before the rules (`Engine::run`).
        if A::by_staff(&command) {
            check.staff(actor, &self.cx()).map_err(|err| refused(k, e, name, err))?;
        }
        if e.at < record.last_event_at() {
            return Err(invalid(
                format!("events[{k}].at"),
                e.at.to_rfc3339(),
                format!(
                    "seq {} ({}): earlier than the record's last event at {}: a record's commands come in time order",
                    e.seq,
                    describe(e),
                    record.last_event_at().to_rfc3339()
                ),
            ));
        }
        let produced = self.under_calendars(check, |cx| {
            let produced = record.decide(&command, cx).map_err(|err| refused(k, e, name, err))?;
            logged(events, k, actor, name, &produced)?;
            Ok(produced)
        })?;
        check.actor = A::into_actor(command);
        self.apply_replayed::<A>(k, e, index, &produced)?;
        Ok(produced.len())
    }

    /// Replays the `k`-th event, which has no actor: a timer's (or a calendar change's).
    fn replay_timer(&mut self, events: &[Event], k: usize, check: &mut Check) -> Result<()> {
        let e = &events[k];
        let mut creates = false;
        for_each_kind!(A => creates |= A::creates(&e.kind));
        if creates {
            return Err(invalid(
                format!("events[{k}].actor"),
                "(none)",
                format!(
                    "seq {} ({}): a record is created by a command, which names its actor",
                    e.seq,
                    describe(e)
                ),
            ));
        }
        let h = self.replayed_record(k, e)?;
        for_kind!(h.kind, A => self.replay_fired::<A>(events, k, h, check))
    }

    /// [`Engine::replay_timer`] on record `h` of kind `A`.
    fn replay_fired<A: Aggregate>(&mut self, events: &[Event], k: usize, h: Handle, check: &mut Check) -> Result<()> {
        let e = &events[k];
        let record = &*A::store(&self.records).slots[h.index as usize].value;
        let noun = A::KIND.noun();
        if matches!(e.kind, EventKind::DeadlineChanged { .. } | EventKind::TimerFault { .. }) {
            check.end_firing(h, events, k)?;
        }
        match &e.kind {
            EventKind::DeadlineChanged {
                clock,
                statutory,
                deadline,
                ..
            } => {
                // A notice recomputed the record (timing it again if it was no longer timed after a fault):
                // the deadline is one its clock has under the calendar with the notice.
                let mut copy = record.clone();
                copy.clear_fault();
                self.under_calendars(check, |cx| {
                    let watched = copy
                        .watched_deadlines(e.at, cx)
                        .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
                    if watched.iter().any(|w| {
                        (w.clock, w.statutory, w.at, w.provisional) == (*clock, *statutory, *deadline, e.provisional)
                    }) {
                        return Ok(());
                    }
                    Err(invalid(
                        format!("events[{k}].deadline"),
                        deadline.to_rfc3339(),
                        format!(
                            "seq {} ({}): not a deadline of the {noun}'s `{clock}` clock{} at that instant",
                            e.seq,
                            describe(e),
                            if *statutory { " (statutory)" } else { "" }
                        ),
                    ))
                })?;
                check.notice = Some((h, e.at));
            }
            EventKind::TimerFault { .. } => {
                // A timer the calendar could not compute at that instant.
                self.under_calendars(check, |cx| {
                    let computed = record
                        .due_at(e.at, cx)
                        .and_then(|_| record.next_due_at(e.at, cx))
                        .and_then(|_| record.watched_deadlines(e.at, cx));
                    match computed {
                        Err(_) => Ok(()),
                        Ok(_) => Err(invalid(
                            format!("events[{k}]"),
                            e.kind.name(),
                            format!(
                                "seq {} ({}): the {noun}'s timers compute at that instant: no fault to record",
                                e.seq,
                                describe(e)
                            ),
                        )),
                    }
                })?;
            }
            _ => self.check_fired::<A>(events, k, h, check)?,
        }
        self.apply_replayed::<A>(k, e, h.index, [&e.kind])
    }

    /// Whether the `k`-th event, a timer's on record `h` of kind `A`, is due at its instant: the rest of
    /// the firing it belongs to, or what the record's timers have due then.
    fn check_fired<A: Aggregate>(&self, events: &[Event], k: usize, h: Handle, check: &mut Check) -> Result<()> {
        let e = &events[k];
        if let Some(f) = check.due.get_mut(&h).filter(|f| f.at == e.at) {
            if let Some(i) = f.rest.iter().position(|p| same_due(p, e, false)) {
                f.rest.remove(i);
                return Ok(());
            }
        }
        let record = &*A::store(&self.records).slots[h.index as usize].value;
        let noun = A::KIND.noun();
        // A notice times again a record no longer timed after a fault: what its timers have due then fires
        // before the `deadline_changed` events that record it.
        let retimed = record.faulted()
            && events[k + 1..]
                .iter()
                .take_while(|x| x.case == e.case && x.actor.is_none())
                .any(|x| matches!(x.kind, EventKind::DeadlineChanged { .. }));
        // A notice's recomputation records a changed signal at the notice's instant.
        let after_notice = check.notice == Some((h, e.at)) && matches!(e.kind, EventKind::SignalRaised { .. });
        let (i, mut due) = self.under_calendars(check, |cx| {
            let due = if retimed {
                let mut copy = record.clone();
                copy.clear_fault();
                copy.due_at(e.at, cx)
            } else {
                record.due_at(e.at, cx)
            }
            .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
            if let Some(i) = due.iter().position(|p| same_due(p, e, after_notice)) {
                return Ok((i, due));
            }
            let (field, value, why) = if A::command_of(e.at, String::new(), &e.kind, None).is_some() {
                (
                    "actor",
                    "(none)".to_string(),
                    format!("a command's event names its actor; the {noun}'s timers have no such event"),
                )
            } else {
                let then: Vec<String> = due.iter().filter(|p| p.0 == e.at).map(|p| format!("`{}`", p.2.name())).collect();
                let then = if then.is_empty() {
                    "nothing".to_string()
                } else {
                    then.join(", ")
                };
                let next = match record.next_due_at(e.at, cx).ok().and_then(|n| n.at) {
                    Some(t) => format!("the {noun}'s next timer is at {}", t.to_rfc3339()),
                    None => format!("the {noun} has no timer after it"),
                };
                (
                    "at",
                    e.at.to_rfc3339(),
                    format!("not due at that instant: a timer records what a rule makes due when it does; {then} is due then, and {next}"),
                )
            };
            Err(invalid(
                format!("events[{k}].{field}"),
                value,
                format!("seq {} ({}): {why}", e.seq, describe(e)),
            ))
        })?;
        // Due, and not the rest of the firing under way: a new firing, after all of that one.
        check.end_firing(h, events, k)?;
        due.remove(i);
        if !due.is_empty() {
            check.due.insert(h, Firing { at: e.at, k, rest: due });
        }
        Ok(())
    }
}

/// The error for a firing whose rest the log lacks (noticed at the `k`-th event, or at the end).
fn unfinished(events: &[Event], f: &Firing, k: Option<usize>) -> Error {
    let first = &events[f.k];
    let missing: Vec<String> = f
        .rest
        .iter()
        .map(|p| {
            format!(
                "{} at {}",
                serde_json::to_string(&p.2).unwrap_or_default(),
                p.0.to_rfc3339()
            )
        })
        .collect();
    let (j, place) = match k {
        Some(k) => (k, "before this event"),
        None => (f.k, "by its end"),
    };
    invalid(
        format!("events[{j}]"),
        events[j].seq,
        format!(
            "seq {} ({}): the timers of `{}` that fired `{}` (seq {}) fired {} with it, which the log lacks {place}",
            events[j].seq,
            describe(&events[j]),
            first.case,
            first.kind.name(),
            first.seq,
            missing.join(", ")
        ),
    )
}

/// Whether a due event `p` is the logged event `e`: the same event at the same instant (any instant for a
/// notice's signal, see [`Check::notice`]), resting on provisional days alike (a signal recorded by a
/// command or a notice carries the flag of its own threshold).
fn same_due(p: &Pending, e: &Event, any_instant: bool) -> bool {
    p.2 == e.kind
        && (any_instant || p.0 == e.at)
        && (p.3 == e.provisional || matches!(e.kind, EventKind::SignalRaised { .. }))
}

/// Whether the log holds exactly `produced`, by `actor` at the `k`-th event's instant on its record, from
/// the `k`-th event on (the events of the command `command`).
fn logged(events: &[Event], k: usize, actor: &str, command: &str, produced: &[EventKind]) -> Result<()> {
    let e = &events[k];
    if produced.is_empty() {
        return Err(invalid(
            format!("events[{k}]"),
            e.kind.name(),
            format!(
                "seq {} ({}): the command `{command}` yields no event here",
                e.seq,
                describe(e)
            ),
        ));
    }
    for (i, kind) in produced.iter().enumerate() {
        let j = k + i;
        let found = events.get(j);
        // The first is the `k`-th event itself: its record, actor and instant are the command's.
        let same = found.is_some_and(|x| {
            (i == 0 || (x.case == e.case && x.at == e.at && x.actor.as_deref() == Some(actor)))
                && !x.provisional
                && x.kind == *kind
        });
        if !same {
            let (j, logged) = match found {
                Some(x) => (j, format!("the log has {}", json(x))),
                None => (k, "the log ends before it".to_string()),
            };
            return Err(invalid(
                format!("events[{j}]"),
                found.map_or(e.kind.name(), |x| x.kind.name()),
                format!(
                    "seq {} ({}): the command `{command}` yields {} as its event {} of {}; {logged}",
                    e.seq + (j - k) as u64,
                    describe(e),
                    serde_json::to_string(kind).unwrap_or_default(),
                    i + 1,
                    produced.len()
                ),
            ));
        }
    }
    Ok(())
}

/// An event as JSON, for messages.
fn json(e: &Event) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// The refusal of the command `command` the `k`-th event `e` came from, as the rules gave it (`err`):
/// `events[k].<field the rule names>`, its value, and why, after the event's sequence number.
fn refused(k: usize, e: &Event, command: &str, err: Error) -> Error {
    let why = format!(
        "seq {} ({}): the rules refuse the command `{command}` here: {}",
        e.seq,
        describe(e),
        err.reason()
    );
    match err.field_error() {
        Some(f) => invalid(format!("events[{k}].{}", f.field), &f.value, why),
        None => invalid(format!("events[{k}]"), e.seq, why),
    }
}

/// The error for the `k`-th event `e`, with an actor, that no command yields first.
fn no_command(k: usize, e: &Event) -> Error {
    invalid(
        format!("events[{k}].type"),
        e.kind.name(),
        format!(
            "seq {} ({}): no command of this record yields it first (a timer's event has no actor)",
            e.seq,
            describe(e)
        ),
    )
}

/// An event in a few words: its type, actor, record and instant.
fn describe(e: &Event) -> String {
    match &e.actor {
        Some(a) => format!("`{}` by `{a}` on `{}` at {}", e.kind.name(), e.case, e.at.to_rfc3339()),
        None => format!("`{}` on `{}` at {}", e.kind.name(), e.case, e.at.to_rfc3339()),
    }
}
