//! The record kinds the engine keeps, behind one trait ([`Aggregate`]), and the dispatch: the only place
//! that lists them. A new kind of record adds its folder (command, decide, apply, timers), an
//! `Aggregate` impl here, and one line in each of [`Kind`], [`Records`], [`for_kind!`] and
//! [`for_each_kind!`]; the pipeline, the deadline index, snapshots and replay are written once.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::store::Store;
use crate::case::command::CaseCommand;
use crate::case::{self, Case, Timings};
use crate::complaint::command::ComplaintCommand;
use crate::complaint::{self, Complaint};
use crate::context::Cx;
use crate::error::Result;
use crate::event::{EventKind, Next, Pending, WatchedDeadline};
use crate::inquiry::command::InquiryCommand;
use crate::inquiry::{self, Inquiry};
use crate::inspection::command::InspectionCommand;
use crate::inspection::{self, Inspection};
use crate::matter::command::MatterCommand;
use crate::matter::{self, Matter};
use crate::plan::command::PlanCommand;
use crate::plan::{self, Plan};
use crate::pledge::command::PledgeCommand;
use crate::pledge::{self, Pledge};

/// A kind of record: its position in [`Records`] and the tag of its handles (3 bits: up to 8 kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum Kind {
    /// A case (办件).
    Case = 0,
    /// A first-inquiry record (首问).
    Inquiry = 1,
    /// An efficiency complaint (效能投诉).
    Complaint = 2,
    /// A pledge (承诺: rectification, supervised item, key project, target).
    Pledge = 3,
    /// An accountability matter (问责事项).
    Matter = 4,
    /// An inspection (明查暗访).
    Inspection = 5,
    /// An inspection plan (检查计划), sealed by its commitment.
    Plan = 6,
}

impl Kind {
    /// The kind's noun in messages (`case`, `inquiry`).
    pub(crate) const fn noun(self) -> &'static str {
        match self {
            Kind::Case => "case",
            Kind::Inquiry => "inquiry",
            Kind::Complaint => "complaint",
            Kind::Pledge => "pledge",
            Kind::Matter => "accountability matter",
            Kind::Inspection => "inspection",
            Kind::Plan => "inspection plan",
        }
    }

    /// The kind of a handle's tag bits (as [`Kind`]'s discriminants).
    pub(crate) const fn from_bits(bits: u8) -> Kind {
        match bits {
            0 => Kind::Case,
            1 => Kind::Inquiry,
            2 => Kind::Complaint,
            3 => Kind::Pledge,
            4 => Kind::Matter,
            5 => Kind::Inspection,
            _ => Kind::Plan,
        }
    }
}

/// The records of every kind, each in its own store.
#[derive(Debug, Clone, Default)]
pub(crate) struct Records {
    pub(crate) cases: Store<Case>,
    pub(crate) inquiries: Store<Inquiry>,
    pub(crate) complaints: Store<Complaint>,
    pub(crate) pledges: Store<Pledge>,
    pub(crate) matters: Store<Matter>,
    pub(crate) inspections: Store<Inspection>,
    pub(crate) plans: Store<Plan>,
}

/// Runs `$body` with the type alias `$A` set to the record type of `$kind`.
macro_rules! for_kind {
    ($kind:expr, $A:ident => $body:expr) => {
        match $kind {
            $crate::engine::aggregate::Kind::Case => {
                type $A = $crate::case::Case;
                $body
            }
            $crate::engine::aggregate::Kind::Inquiry => {
                type $A = $crate::inquiry::Inquiry;
                $body
            }
            $crate::engine::aggregate::Kind::Complaint => {
                type $A = $crate::complaint::Complaint;
                $body
            }
            $crate::engine::aggregate::Kind::Pledge => {
                type $A = $crate::pledge::Pledge;
                $body
            }
            $crate::engine::aggregate::Kind::Matter => {
                type $A = $crate::matter::Matter;
                $body
            }
            $crate::engine::aggregate::Kind::Inspection => {
                type $A = $crate::inspection::Inspection;
                $body
            }
            $crate::engine::aggregate::Kind::Plan => {
                type $A = $crate::plan::Plan;
                $body
            }
        }
    };
}
pub(crate) use for_kind;

/// Runs `$body` once per record type (alias `$A`), in [`Kind`] order.
macro_rules! for_each_kind {
    ($A:ident => $body:expr) => {{
        {
            type $A = $crate::case::Case;
            $body
        }
        {
            type $A = $crate::inquiry::Inquiry;
            $body
        }
        {
            type $A = $crate::complaint::Complaint;
            $body
        }
        {
            type $A = $crate::pledge::Pledge;
            $body
        }
        {
            type $A = $crate::matter::Matter;
            $body
        }
        {
            type $A = $crate::inspection::Inspection;
            $body
        }
        {
            type $A = $crate::plan::Plan;
            $body
        }
    }};
}
pub(crate) use for_each_kind;

/// A record kind (an aggregate, as in cqrs-es, with the timer hooks it lacks): commands are decided by
/// rules that change nothing, events are applied without rules, and the record's own timers say what
/// is due when. The engine's one pipeline runs every kind through these.
pub(crate) trait Aggregate: Sized + Clone + PartialEq + Serialize + DeserializeOwned {
    /// The kind's tag.
    const KIND: Kind;
    /// The snapshot's key for this kind's records (`"cases"`).
    const PLURAL: &'static str;
    /// The kind's command family.
    type Command;
    /// What the kind keeps from firing its timers at an instant to compute the next one cheaply.
    type Timings;

    /// The kind's store in the engine's records.
    fn store(records: &Records) -> &Store<Self>;
    /// The same, for changing.
    fn store_mut(records: &mut Records) -> &mut Store<Self>;

    /// The record's number (case or inquiry number).
    fn id(&self) -> &str;
    /// The instant of its latest event; commands may not be earlier.
    fn last_event_at(&self) -> DateTime<Utc>;
    /// The record's number as the engine's index keeps it (a record that holds its number shared hands
    /// out its own copy, so a million records do not store their numbers twice).
    fn key(&self) -> Arc<str> {
        Arc::from(self.id())
    }
    /// Whether `command` creates a record (rather than acting on one).
    fn creating(command: &Self::Command) -> bool;
    /// Whether the actor of `command` must be a staff member (a rating or a hearing request comes from the
    /// applicant).
    fn by_staff(_command: &Self::Command) -> bool {
        true
    }
    /// Whether `event` creates a record of this kind (replay).
    fn creates(event: &EventKind) -> bool;

    /// The events of the command that creates record `id`; the first one creates it. Rules only.
    fn create(id: &str, command: &Self::Command, cx: &Cx) -> Result<Vec<EventKind>>;
    /// A new record from its creating event (live and replay alike).
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self>;
    /// The events of a command on this record. Rules only: changes nothing.
    fn decide(&self, command: &Self::Command, cx: &Cx) -> Result<Vec<EventKind>>;
    /// Applies an event. No rules: events were decided already (or are replayed).
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, cx: &Cx) -> Result<()>;

    /// Fires, and applies, what is due at `t`, appending it to `out`.
    fn fire_at(&mut self, t: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<Self::Timings>;
    /// The next timer after firing at `t`.
    fn next_after(&self, timings: Self::Timings, t: DateTime<Utc>, cx: &Cx) -> Result<Next>;
    /// After a command at `at`: follow-up events of the command's instant (e.g. a changed signal),
    /// applied and appended to `out`, and the next timer.
    fn settle(&mut self, at: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<Next>;
    /// The timer of a restored or replayed record, as the live engine set it after the record's last event.
    fn next_due(&self, cx: &Cx) -> Result<Next>;
    /// The deadline of each clock the record's timers watch, under `cx`'s calendar as of `at`, with
    /// whether it rests on a provisional day: what a calendar change compares.
    fn watched_deadlines(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<WatchedDeadline>>;
    /// Stops timing the record after a timer fault at `at`.
    fn record_fault(&mut self, at: DateTime<Utc>);
    /// Whether the record is no longer timed after a fault.
    fn faulted(&self) -> bool;
    /// Times the record again (restore and replay, when the calendar now covers what faulted).
    fn clear_fault(&mut self);
    /// Re-attaches a restored record to the engine's shared configuration.
    fn restored(&mut self, _cx: &Cx) -> Result<()> {
        Ok(())
    }

    /// A command's wire name (`accept`).
    fn command_name(command: &Self::Command) -> &'static str;
    /// The command whose events start with `event`, by `actor` at `at`, rebuilt from the event (`next`: the
    /// event after it when it has the same record, actor and instant); `None` when no command yields
    /// `event` first. Replay decides it again to check the event (`replay.rs`). The command's record number
    /// is left empty: `create` and `decide` read the number given beside the command, or the record. The
    /// command takes `actor`'s buffer ([`Aggregate::into_actor`] gives it back).
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        next: Option<&EventKind>,
    ) -> Option<Self::Command>;
    /// The actor of `command`, moved out.
    fn into_actor(command: Self::Command) -> String;
    /// What the record's timers find due at `t`, each at its instant and with whether it rests on a
    /// provisional day (replay checks an event without an actor against it). Changes nothing.
    fn due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Vec<Pending>>;
    /// The record's next timer after `t` (replay checks a `timer_fault` against it: it could not be
    /// computed).
    fn next_due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Next>;
    /// The least number of events that bring the record into its state (restore checks the snapshot's
    /// sequence number against it).
    fn least_events(&self) -> u64;

    /// Fires every timer due from `from` (the record's pending timer) up to `until`, in time order.
    fn fire_due(&mut self, from: DateTime<Utc>, until: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<()> {
        let mut cursor = from;
        // Each round fires what is due at the cursor and moves it to the next threshold.
        for _ in 0..64 {
            if cursor > until {
                return Ok(());
            }
            let timings = self.fire_at(cursor, cx, out)?;
            match self.next_after(timings, cursor, cx)?.at {
                Some(next) => cursor = next,
                None => return Ok(()),
            }
        }
        Err(crate::error::invalid(
            "case",
            self.id(),
            "too many timer thresholds at one instant",
        ))
    }
}

impl Aggregate for Case {
    const KIND: Kind = Kind::Case;
    const PLURAL: &'static str = "cases";
    type Command = CaseCommand;
    type Timings = Option<Timings>;

    fn store(records: &Records) -> &Store<Self> {
        &records.cases
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.cases
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn key(&self) -> Arc<str> {
        Arc::clone(&self.id)
    }
    fn creating(command: &CaseCommand) -> bool {
        matches!(command, CaseCommand::Receive(_))
    }
    fn by_staff(command: &CaseCommand) -> bool {
        // Corrections come from the applicant or through the window: `decide` checks which.
        !matches!(
            command,
            CaseCommand::Rate(_) | CaseCommand::RequestHearing(_) | CaseCommand::SubmitCorrections(_)
        )
    }
    fn creates(event: &EventKind) -> bool {
        matches!(event, EventKind::Received { .. })
    }
    fn create(id: &str, command: &CaseCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        case::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self> {
        case::init(id, at, event, cx)
    }
    fn decide(&self, command: &CaseCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        case::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, cx: &Cx) -> Result<()> {
        Case::apply(self, at, actor, event, &cx.item_at(self.item_ix))
    }
    fn fire_at(&mut self, t: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<Option<Timings>> {
        case::fire_at(self, &cx.item_at(self.item_ix), t, out)
    }
    fn next_after(&self, timings: Option<Timings>, t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        case::next_after_firing(self, &cx.item_at(self.item_ix), timings, t)
    }
    fn settle(&mut self, at: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<Next> {
        case::settle(self, &cx.item_at(self.item_ix), at, out)
    }
    fn next_due(&self, cx: &Cx) -> Result<Next> {
        Case::next_due(self, &cx.item_at(self.item_ix), self.last_event_at)
    }
    fn watched_deadlines(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<WatchedDeadline>> {
        Case::watched_deadlines(self, cx.cal, at)
    }
    fn record_fault(&mut self, at: DateTime<Utc>) {
        Case::record_fault(self, at)
    }
    fn faulted(&self) -> bool {
        self.faulted
    }
    fn clear_fault(&mut self) {
        self.faulted = false;
    }
    fn restored(&mut self, cx: &Cx) -> Result<()> {
        case::restored(self, cx)
    }
    fn command_name(command: &CaseCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        next: Option<&EventKind>,
    ) -> Option<CaseCommand> {
        case::command_of(at, actor, event, next)
    }
    fn into_actor(command: CaseCommand) -> String {
        command.into_ids().1
    }
    fn due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Vec<Pending>> {
        let ctx = cx.item_at(self.item_ix);
        let timings = self.timings(cx.cal, t)?;
        let due = self.due_from(&timings, t, &ctx, false)?.unwrap_or_default();
        Ok(due.into_iter().map(|(at, kind, p)| (at, None, kind, p)).collect())
    }
    fn next_due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        Case::next_due(self, &cx.item_at(self.item_ix), t)
    }
    fn least_events(&self) -> u64 {
        Case::least_events(self)
    }
}

impl Aggregate for Inquiry {
    const KIND: Kind = Kind::Inquiry;
    const PLURAL: &'static str = "inquiries";
    type Command = InquiryCommand;
    type Timings = ();

    fn store(records: &Records) -> &Store<Self> {
        &records.inquiries
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.inquiries
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn creating(command: &InquiryCommand) -> bool {
        matches!(command, InquiryCommand::RecordInquiry(_))
    }
    fn creates(event: &EventKind) -> bool {
        matches!(event, EventKind::InquiryRecorded { .. })
    }
    fn create(id: &str, command: &InquiryCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        inquiry::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self> {
        match event {
            EventKind::InquiryRecorded {
                person,
                topic,
                responsible,
            } => Ok(Inquiry::recorded(id, at, person, topic, responsible, &cx.rules.inquiry)),
            other => Err(crate::error::invalid(
                "type",
                other.name(),
                "an inquiry starts with `inquiry_recorded`",
            )),
        }
    }
    fn decide(&self, command: &InquiryCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        inquiry::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, _actor: Option<&str>, event: &EventKind, _cx: &Cx) -> Result<()> {
        Inquiry::apply(self, at, event)
    }
    fn fire_at(&mut self, t: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<()> {
        for (at, kind, provisional) in self.due(t, cx)? {
            Inquiry::apply(self, at, &kind)?;
            out.push((at, None, kind, provisional));
        }
        Ok(())
    }
    fn next_after(&self, _: (), t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        // An inquiry's next timer is its own clock's deadline, computed when it was recorded.
        Ok(Inquiry::next_due(self, cx, t).unwrap_or_default())
    }
    fn settle(&mut self, at: DateTime<Utc>, cx: &Cx, _out: &mut Vec<Pending>) -> Result<Next> {
        Inquiry::next_due(self, cx, at)
    }
    fn next_due(&self, cx: &Cx) -> Result<Next> {
        Ok(Inquiry::next_due(self, cx, self.last_event_at).unwrap_or_default())
    }
    fn watched_deadlines(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<WatchedDeadline>> {
        Inquiry::watched_deadlines(self, cx.cal, at)
    }
    fn record_fault(&mut self, at: DateTime<Utc>) {
        Inquiry::record_fault(self, at)
    }
    fn faulted(&self) -> bool {
        self.faulted
    }
    fn clear_fault(&mut self) {
        self.faulted = false;
    }
    fn command_name(command: &InquiryCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        _next: Option<&EventKind>,
    ) -> Option<InquiryCommand> {
        let case = String::new();
        match event {
            // The responsible one was the actor, or the higher-ranking one also asked.
            EventKind::InquiryRecorded {
                person,
                topic,
                responsible,
            } => Some(
                inquiry::command::RecordInquiry {
                    also_asked: if *responsible == actor {
                        vec![]
                    } else {
                        vec![responsible.clone()]
                    },
                    case,
                    at,
                    actor,
                    person: person.clone(),
                    topic: topic.clone(),
                }
                .into(),
            ),
            EventKind::InquiryAnswered { outcome, guided_to } => Some(
                inquiry::command::AnswerInquiry {
                    case,
                    at,
                    actor,
                    outcome: *outcome,
                    guided_to: guided_to.clone(),
                }
                .into(),
            ),
            _ => None,
        }
    }
    fn due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Vec<Pending>> {
        timer_events(self.faulted, || self.due(t, cx))
    }
    fn next_due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        Inquiry::next_due(self, cx, t)
    }
    fn into_actor(command: InquiryCommand) -> String {
        command.into_ids().1
    }
    fn least_events(&self) -> u64 {
        1 + u64::from(self.outcome.is_some()) + u64::from(self.breached)
    }
}

impl Aggregate for Complaint {
    const KIND: Kind = Kind::Complaint;
    const PLURAL: &'static str = "complaints";
    type Command = ComplaintCommand;
    type Timings = ();

    fn store(records: &Records) -> &Store<Self> {
        &records.complaints
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.complaints
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn creating(command: &ComplaintCommand) -> bool {
        matches!(command, ComplaintCommand::RegisterComplaint(_))
    }
    fn creates(event: &EventKind) -> bool {
        matches!(event, EventKind::ComplaintRegistered { .. })
    }
    fn create(id: &str, command: &ComplaintCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        complaint::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self> {
        Complaint::registered(id, at, event, cx)
    }
    fn decide(&self, command: &ComplaintCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        complaint::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, cx: &Cx) -> Result<()> {
        Complaint::apply(self, at, actor, event, cx)
    }
    fn fire_at(&mut self, t: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<()> {
        for (at, kind, provisional) in self.due(t, cx)? {
            Complaint::apply(self, at, None, &kind, cx)?;
            out.push((at, None, kind, provisional));
        }
        Ok(())
    }
    fn next_after(&self, _: (), t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        Ok(Complaint::next_due(self, cx, t).unwrap_or_default())
    }
    fn settle(&mut self, at: DateTime<Utc>, cx: &Cx, _out: &mut Vec<Pending>) -> Result<Next> {
        Complaint::next_due(self, cx, at)
    }
    fn next_due(&self, cx: &Cx) -> Result<Next> {
        Ok(Complaint::next_due(self, cx, self.last_event_at).unwrap_or_default())
    }
    fn watched_deadlines(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<WatchedDeadline>> {
        Complaint::watched_deadlines(self, cx.cal, at)
    }
    fn record_fault(&mut self, at: DateTime<Utc>) {
        Complaint::record_fault(self, at)
    }
    fn faulted(&self) -> bool {
        self.faulted
    }
    fn clear_fault(&mut self) {
        self.faulted = false;
    }
    fn restored(&mut self, cx: &Cx) -> Result<()> {
        self.acceptance.share_config(&cx.rules.complaint_acceptance);
        if let Some(h) = self.handling.as_mut() {
            h.share_config(&cx.rules.complaint_handling);
        }
        if let Some(r) = self.reply.as_mut() {
            r.share_config(&cx.rules.complaint_reply);
        }
        Ok(())
    }
    fn command_name(command: &ComplaintCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        _next: Option<&EventKind>,
    ) -> Option<ComplaintCommand> {
        use complaint::command::*;
        let case = String::new();
        Some(match event {
            EventKind::ComplaintRegistered {
                channel,
                category,
                respondent,
                subject,
                complainant,
                ..
            } => RegisterComplaint {
                case,
                at,
                actor,
                channel: *channel,
                category: *category,
                respondent: respondent.clone(),
                subject: subject.clone(),
                complainant: complainant.as_ref().map(|c| c.name.clone()),
                contact: complainant.as_ref().map(|c| c.contact.clone()).unwrap_or_default(),
            }
            .into(),
            EventKind::ComplaintAccepted { tier, handler } => AcceptComplaint {
                case,
                at,
                actor,
                tier: *tier,
                handler: handler.clone(),
            }
            .into(),
            EventKind::ComplaintDeclined { reason } => DeclineComplaint {
                case,
                at,
                actor,
                reason: reason.clone(),
            }
            .into(),
            EventKind::ComplaintExtended { amount, reason } => ExtendComplaint {
                case,
                at,
                actor,
                amount: *amount,
                reason: reason.clone(),
            }
            .into(),
            EventKind::ComplaintHandled {
                finding,
                summary,
                responsible,
            } => HandleComplaint {
                case,
                at,
                actor,
                finding: *finding,
                summary: summary.clone(),
                responsible: responsible.clone(),
            }
            .into(),
            EventKind::ComplaintClosed => CloseComplaint { case, at, actor }.into(),
            EventKind::ComplaintReturned { reason, limit } => ReturnComplaint {
                case,
                at,
                actor,
                reason: reason.clone(),
                amount: limit.amount,
            }
            .into(),
            EventKind::ComplaintReplied { reply } => ReplyComplaint {
                case,
                at,
                actor,
                reply: reply.clone(),
            }
            .into(),
            EventKind::ComplaintCalledBack { satisfied, note } => CallBackComplaint {
                case,
                at,
                actor,
                satisfied: *satisfied,
                note: note.clone(),
            }
            .into(),
            EventKind::ComplaintRechecked { holds, note } => RecheckComplaint {
                case,
                at,
                actor,
                holds: *holds,
                note: note.clone(),
            }
            .into(),
            EventKind::ComplaintMerged { into } => MergeComplaint {
                case,
                at,
                actor,
                into: into.clone(),
            }
            .into(),
            _ => return None,
        })
    }
    fn into_actor(command: ComplaintCommand) -> String {
        command.into_ids().1
    }
    fn due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Vec<Pending>> {
        timer_events(self.faulted, || self.due(t, cx))
    }
    fn next_due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        Complaint::next_due(self, cx, t)
    }
    fn least_events(&self) -> u64 {
        self.events
    }
}

impl Aggregate for Pledge {
    const KIND: Kind = Kind::Pledge;
    const PLURAL: &'static str = "pledges";
    type Command = PledgeCommand;
    type Timings = ();

    fn store(records: &Records) -> &Store<Self> {
        &records.pledges
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.pledges
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn creating(command: &PledgeCommand) -> bool {
        matches!(
            command,
            PledgeCommand::OrderRectification(_) | PledgeCommand::OpenPledge(_)
        )
    }
    fn by_staff(command: &PledgeCommand) -> bool {
        // Appointed monitors rate in their rater group: `decide` checks who.
        !matches!(command, PledgeCommand::RatePledge(_))
    }
    fn creates(event: &EventKind) -> bool {
        matches!(
            event,
            EventKind::RectificationOrdered { .. } | EventKind::PledgeOpened { .. }
        )
    }
    fn create(id: &str, command: &PledgeCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        pledge::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self> {
        Pledge::created(id, at, event, cx)
    }
    fn decide(&self, command: &PledgeCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        pledge::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, cx: &Cx) -> Result<()> {
        Pledge::apply(self, at, actor, event, cx)
    }
    fn fire_at(&mut self, t: DateTime<Utc>, cx: &Cx, out: &mut Vec<Pending>) -> Result<()> {
        for (at, kind, provisional) in self.due(t, cx)? {
            Pledge::apply(self, at, None, &kind, cx)?;
            out.push((at, None, kind, provisional));
        }
        Ok(())
    }
    fn next_after(&self, _: (), t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        Ok(Pledge::next_due(self, cx, t).unwrap_or_default())
    }
    fn settle(&mut self, at: DateTime<Utc>, cx: &Cx, _out: &mut Vec<Pending>) -> Result<Next> {
        Pledge::next_due(self, cx, at)
    }
    fn next_due(&self, cx: &Cx) -> Result<Next> {
        Ok(Pledge::next_due(self, cx, self.last_event_at).unwrap_or_default())
    }
    fn watched_deadlines(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<WatchedDeadline>> {
        Pledge::watched_deadlines(self, cx.cal, at)
    }
    fn record_fault(&mut self, at: DateTime<Utc>) {
        Pledge::record_fault(self, at)
    }
    fn faulted(&self) -> bool {
        self.faulted
    }
    fn clear_fault(&mut self) {
        self.faulted = false;
    }
    fn command_name(command: &PledgeCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        _next: Option<&EventKind>,
    ) -> Option<PledgeCommand> {
        use pledge::command::*;
        let case = String::new();
        let split = |ms: &[crate::event::MilestoneSpec]| -> (Vec<String>, Vec<u32>) {
            ms.iter().map(|m| (m.title.clone(), m.days)).unzip()
        };
        Some(match event {
            EventKind::RectificationOrdered {
                unit,
                source,
                source_ref,
                problem,
            } => OrderRectification {
                case,
                at,
                actor,
                unit: unit.clone(),
                source: *source,
                source_ref: source_ref.clone(),
                problem: problem.clone(),
            }
            .into(),
            EventKind::PledgeSigned {
                measures,
                responsible,
                standard,
                days,
                milestones,
            } => {
                let (milestones, milestone_days) = split(milestones);
                SignPledge {
                    case,
                    at,
                    actor,
                    measures: measures.clone(),
                    responsible: responsible.clone(),
                    standard: standard.clone(),
                    amount: *days,
                    milestones,
                    milestone_days,
                }
                .into()
            }
            EventKind::PledgeOpened {
                pledge_kind,
                unit,
                leader,
                responsible,
                title,
                standard,
                days,
                milestones,
            } => {
                let (milestones, milestone_days) = split(milestones);
                OpenPledge {
                    case,
                    at,
                    actor,
                    pledge_kind: *pledge_kind,
                    unit: unit.clone(),
                    leader: leader.clone(),
                    responsible: responsible.clone(),
                    title: title.clone(),
                    standard: standard.clone(),
                    amount: *days,
                    milestones,
                    milestone_days,
                }
                .into()
            }
            EventKind::PledgeReported {
                note,
                milestone,
                in_place,
            } => ReportPledge {
                case,
                at,
                actor,
                note: note.clone(),
                milestone: *milestone,
                in_place: *in_place,
            }
            .into(),
            EventKind::PledgeCompleted { evidence } => CompletePledge {
                case,
                at,
                actor,
                evidence: evidence.clone(),
            }
            .into(),
            EventKind::PledgeVerified { passed, evidence, days } => VerifyPledge {
                case,
                at,
                actor,
                passed: *passed,
                evidence: evidence.clone(),
                amount: *days,
            }
            .into(),
            EventKind::PledgeRated {
                group,
                period,
                score,
                note,
            } => pledge::command::RatePledge {
                case,
                at,
                actor,
                group: group.clone(),
                period: period.clone(),
                score: *score,
                note: note.clone(),
            }
            .into(),
            _ => return None,
        })
    }
    fn into_actor(command: PledgeCommand) -> String {
        command.into_ids().1
    }
    fn due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Vec<Pending>> {
        timer_events(self.faulted, || self.due(t, cx))
    }
    fn next_due_at(&self, t: DateTime<Utc>, cx: &Cx) -> Result<Next> {
        Pledge::next_due(self, cx, t)
    }
    fn least_events(&self) -> u64 {
        self.events
    }
}

/// The timer hooks of a record kind without timers (matters, inspections, plans).
macro_rules! no_timers {
    () => {
        fn fire_at(&mut self, _t: DateTime<Utc>, _cx: &Cx, _out: &mut Vec<Pending>) -> Result<()> {
            Ok(())
        }
        fn next_after(&self, _: (), _t: DateTime<Utc>, _cx: &Cx) -> Result<Next> {
            Ok(Next::default())
        }
        fn settle(&mut self, _at: DateTime<Utc>, _cx: &Cx, _out: &mut Vec<Pending>) -> Result<Next> {
            Ok(Next::default())
        }
        fn next_due(&self, _cx: &Cx) -> Result<Next> {
            Ok(Next::default())
        }
        fn watched_deadlines(&self, _at: DateTime<Utc>, _cx: &Cx) -> Result<Vec<WatchedDeadline>> {
            Ok(Vec::new())
        }
        fn record_fault(&mut self, at: DateTime<Utc>) {
            self.last_event_at = self.last_event_at.max(at);
        }
        fn faulted(&self) -> bool {
            false
        }
        fn clear_fault(&mut self) {}
        fn due_at(&self, _t: DateTime<Utc>, _cx: &Cx) -> Result<Vec<Pending>> {
            Ok(Vec::new())
        }
        fn next_due_at(&self, _t: DateTime<Utc>, _cx: &Cx) -> Result<Next> {
            Ok(Next::default())
        }
        fn least_events(&self) -> u64 {
            self.events
        }
    };
}

impl Aggregate for Matter {
    const KIND: Kind = Kind::Matter;
    const PLURAL: &'static str = "matters";
    type Command = MatterCommand;
    type Timings = ();

    fn store(records: &Records) -> &Store<Self> {
        &records.matters
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.matters
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn creating(command: &MatterCommand) -> bool {
        matches!(command, MatterCommand::OpenMatter(_))
    }
    fn creates(event: &EventKind) -> bool {
        matches!(event, EventKind::MatterOpened { .. })
    }
    fn create(id: &str, command: &MatterCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        matter::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, _cx: &Cx) -> Result<Self> {
        Matter::opened(id, at, event)
    }
    fn decide(&self, command: &MatterCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        matter::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, _cx: &Cx) -> Result<()> {
        Matter::apply(self, at, actor, event);
        Ok(())
    }
    no_timers!();
    fn command_name(command: &MatterCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        _next: Option<&EventKind>,
    ) -> Option<MatterCommand> {
        use matter::command::*;
        let case = String::new();
        Some(match event {
            EventKind::MatterOpened {
                violation,
                trigger,
                facts,
                detail,
            } => OpenMatter {
                case,
                at,
                actor,
                violation: *violation,
                trigger: *trigger,
                person: trigger.map(|_| facts.person.clone()),
                detail: detail.clone(),
                severity: facts.severity,
            }
            .into(),
            EventKind::SanctionDecided { sanction } => {
                let changed = sanction.changed;
                DecideSanction {
                    case,
                    at,
                    actor,
                    confirm: !changed,
                    reason: sanction.reason.clone().unwrap_or_default(),
                    note: sanction.note.clone().unwrap_or_default(),
                    measures: if changed {
                        sanction.outcome.measures.iter().map(ToString::to_string).collect()
                    } else {
                        Vec::new()
                    },
                    effects: changed.then(|| sanction.outcome.effects.iter().map(ToString::to_string).collect()),
                    unit_points: changed.then_some(sanction.outcome.unit_points),
                }
                .into()
            }
            _ => return None,
        })
    }
    fn into_actor(command: MatterCommand) -> String {
        command.into_ids().1
    }
}

impl Aggregate for Inspection {
    const KIND: Kind = Kind::Inspection;
    const PLURAL: &'static str = "inspections";
    type Command = InspectionCommand;
    type Timings = ();

    fn store(records: &Records) -> &Store<Self> {
        &records.inspections
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.inspections
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn creating(command: &InspectionCommand) -> bool {
        matches!(command, InspectionCommand::OpenInspection(_))
    }
    fn by_staff(command: &InspectionCommand) -> bool {
        // Appointed monitors on the team record findings and re-inspect: `decide` checks who.
        !matches!(
            command,
            InspectionCommand::RecordFinding(_) | InspectionCommand::Reinspect(_)
        )
    }
    fn creates(event: &EventKind) -> bool {
        matches!(event, EventKind::InspectionOpened { .. })
    }
    fn create(id: &str, command: &InspectionCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        inspection::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, _cx: &Cx) -> Result<Self> {
        Inspection::opened(id, at, event)
    }
    fn decide(&self, command: &InspectionCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        inspection::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, _cx: &Cx) -> Result<()> {
        Inspection::apply(self, at, actor, event);
        Ok(())
    }
    no_timers!();
    fn command_name(command: &InspectionCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        _next: Option<&EventKind>,
    ) -> Option<InspectionCommand> {
        use inspection::command::*;
        let case = String::new();
        Some(match event {
            EventKind::InspectionOpened {
                unit,
                mode,
                inspectors,
                plan,
            } => OpenInspection {
                case,
                at,
                actor,
                unit: unit.clone(),
                mode: *mode,
                inspectors: inspectors.clone(),
                plan: plan.clone(),
            }
            .into(),
            EventKind::FindingRecorded {
                person,
                problem,
                rectify,
                ..
            } => RecordFinding {
                case,
                at,
                actor,
                person: person.clone(),
                problem: problem.clone(),
                rectify: *rectify,
            }
            .into(),
            EventKind::InspectionClosed { summary } => CloseInspection {
                case,
                at,
                actor,
                summary: summary.clone(),
            }
            .into(),
            EventKind::FindingReinspected {
                finding,
                passed,
                detail,
            } => Reinspect {
                case,
                at,
                actor,
                finding: *finding,
                passed: *passed,
                detail: detail.clone(),
            }
            .into(),
            _ => return None,
        })
    }
    fn into_actor(command: InspectionCommand) -> String {
        command.into_ids().1
    }
}

impl Aggregate for Plan {
    const KIND: Kind = Kind::Plan;
    const PLURAL: &'static str = "plans";
    type Command = PlanCommand;
    type Timings = ();

    fn store(records: &Records) -> &Store<Self> {
        &records.plans
    }
    fn store_mut(records: &mut Records) -> &mut Store<Self> {
        &mut records.plans
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }
    fn creating(command: &PlanCommand) -> bool {
        matches!(command, PlanCommand::CommitPlan(_))
    }
    fn creates(event: &EventKind) -> bool {
        matches!(event, EventKind::PlanCommitted { .. })
    }
    fn create(id: &str, command: &PlanCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        plan::create(id, command, cx)
    }
    fn init(id: &str, at: DateTime<Utc>, event: &EventKind, _cx: &Cx) -> Result<Self> {
        Plan::committed(id, at, event)
    }
    fn decide(&self, command: &PlanCommand, cx: &Cx) -> Result<Vec<EventKind>> {
        plan::decide(self, command, cx)
    }
    fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, event: &EventKind, _cx: &Cx) -> Result<()> {
        Plan::apply(self, at, actor, event);
        Ok(())
    }
    no_timers!();
    fn command_name(command: &PlanCommand) -> &'static str {
        command.name()
    }
    fn command_of(
        at: DateTime<Utc>,
        actor: String,
        event: &EventKind,
        _next: Option<&EventKind>,
    ) -> Option<PlanCommand> {
        use plan::command::*;
        let case = String::new();
        Some(match event {
            EventKind::PlanCommitted {
                period_start,
                period_end,
                commitment,
            } => CommitPlan {
                case,
                at,
                actor,
                period_start: *period_start,
                period_end: *period_end,
                commitment: commitment.clone(),
            }
            .into(),
            EventKind::PlanRevealed { seed, request } => RevealPlan {
                case,
                at,
                actor,
                seed: *seed,
                request: (**request).clone(),
            }
            .into(),
            _ => return None,
        })
    }
    fn into_actor(command: PlanCommand) -> String {
        command.into_ids().1
    }
}

/// What a record whose timers are its clocks' breaches has due (`due`: instant, event, provisional), as
/// timer events without an actor; nothing while it is no longer timed after a fault.
fn timer_events(
    faulted: bool,
    due: impl FnOnce() -> Result<Vec<(DateTime<Utc>, EventKind, bool)>>,
) -> Result<Vec<Pending>> {
    if faulted {
        return Ok(Vec::new());
    }
    Ok(due()?.into_iter().map(|(at, kind, p)| (at, None, kind, p)).collect())
}
