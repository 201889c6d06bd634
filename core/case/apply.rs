//! Applying an event to a case: the one function that changes a case, with no rules in it (the rules
//! are in `decide` and the timers). Live commands, timers and replay all come through here.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::timers::breach_clock;
use super::{Case, CaseState, ClockSet, Joint, JointParty, Rating, ViolationRecord};
use crate::clock::{Clock, Extension, PauseKind, Signal};
use crate::context::{Ctx, Cx};
use crate::error::{invalid, Result};
use crate::event::{ClockName, EventKind, Rule};

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
                // A further notice after corrections answers them in time: the acceptance limit stops.
                complete_open(&mut more.acceptance, at)?;
                // The applicant's limit, when the policy sets one, runs from each notice.
                more.corrections = ctx.rules.corrections.as_ref().map(|c| c.restarted(at));
                self.breached.remove(ClockName::Corrections);
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
                let more = self.more();
                more.corrected.extend(materials.iter().cloned());
                complete_open(&mut more.corrections, at)?;
                // Art. 32 (5): the organ decides acceptance again, within its limit from the corrections.
                more.acceptance = Some(ctx.rules.acceptance.restarted(at));
                self.breached.remove(ClockName::Acceptance);
                self.state = CaseState::Received;
            }
            EventKind::Accepted { effective, deemed } => {
                if self.notice_clock.completed_at().is_none() {
                    self.notice_clock.complete(at.max(self.notice_clock.last_event_at()))?;
                }
                if self.acceptance_clock().is_some() {
                    complete_open(&mut self.more().acceptance, at)?;
                }
                self.deemed_acceptance = *deemed;
                if *deemed {
                    self.more().deemed_accepted_at = Some(at);
                }
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
                self.complete_corrections_clocks(at)?;
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
                // A clock not paused (a consult limit recorded before it paused with the case) runs on.
                for c in self.running_clocks().filter(|c| c.is_paused()) {
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
                // A renewal deemed granted at the licence's expiry (art. 50) need not be overdue.
                if *deemed && self.renewal_deemed_at() != Some(at) {
                    self.became_overdue(at);
                }
                for c in self.running_clocks() {
                    if c.is_paused() {
                        // Only a deemed grant at a renewal's expiry comes while paused.
                        c.resume(at)?;
                    }
                    c.complete(at)?;
                }
                self.close_hearing(at)?;
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
                self.complete_corrections_clocks(at)?;
                if let Some(c) = self.open_consult() {
                    c.complete(at)?;
                }
                self.close_hearing(at)?;
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
                        // The last opinion may come while the case is paused: the consult ends there.
                        if c.is_paused() {
                            c.resume(at)?;
                        }
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
                    if *signal >= Signal::Yellow {
                        self.became_overdue(at);
                    }
                }
            }
            EventKind::Escalated { .. } => self.escalated = true,
            EventKind::TimerFault { .. } => self.record_fault(at),
            // A calendar change timed the case again (it was no longer timed after a fault).
            EventKind::DeadlineChanged { .. } => self.faulted = false,
            // Inquiry events belong to inquiries, not cases.
            EventKind::InquiryRecorded { .. } | EventKind::InquiryAnswered { .. } => {}
            // Complaint events belong to complaints.
            EventKind::ComplaintRegistered { .. }
            | EventKind::ComplaintAccepted { .. }
            | EventKind::ComplaintDeclined { .. }
            | EventKind::ComplaintExtended { .. }
            | EventKind::ComplaintHandled { .. }
            | EventKind::ComplaintClosed
            | EventKind::ComplaintReturned { .. }
            | EventKind::ComplaintReplied { .. }
            | EventKind::ComplaintCalledBack { .. }
            | EventKind::ComplaintRechecked { .. }
            | EventKind::ComplaintMerged { .. } => {}
            // Pledge events belong to pledges.
            EventKind::RectificationOrdered { .. }
            | EventKind::PledgeSigned { .. }
            | EventKind::PledgeOpened { .. }
            | EventKind::PledgeReported { .. }
            | EventKind::PledgeCompleted { .. }
            | EventKind::PledgeVerified { .. }
            // Accountability events belong to matters.
            | EventKind::MatterOpened { .. }
            | EventKind::SanctionProposed { .. }
            | EventKind::SanctionDecided { .. }
            // Inspection and plan events belong to inspections and plans.
            | EventKind::InspectionOpened { .. }
            | EventKind::FindingRecorded { .. }
            | EventKind::InspectionClosed { .. }
            | EventKind::FindingReinspected { .. }
            | EventKind::PlanCommitted { .. }
            | EventKind::PlanRevealed { .. }
            | EventKind::PledgeRated { .. } => {}
            EventKind::HearingRightNotified { .. } => {
                self.more().hearing_request = Some(ctx.rules.hearing_request.restarted(at));
            }
            EventKind::HearingRequested => {
                if let Some(c) = self.more().hearing_request.as_mut() {
                    c.complete(at)?;
                }
                self.more().hearing = Some(ctx.rules.hearing.restarted(at));
                // Art. 45: hearing time is not counted; a clock already paused for another procedure stays so.
                for c in self.running_clocks() {
                    if !c.is_paused() {
                        c.pause(PauseKind::Hearing, at, Some("听证 (art. 47)".into()))?;
                    }
                }
            }
            EventKind::HearingRightLapsed => {
                if let Some(c) = self
                    .more()
                    .hearing_request
                    .as_mut()
                    .filter(|c| c.completed_at().is_none())
                {
                    c.complete(at)?;
                }
            }
            EventKind::HearingHeld => {
                if let Some(c) = self.more().hearing.as_mut().filter(|c| c.completed_at().is_none()) {
                    c.complete(at)?;
                }
                for c in self.running_clocks() {
                    if c.pauses()
                        .last()
                        .is_some_and(|p| p.end.is_none() && p.kind == PauseKind::Hearing)
                    {
                        c.resume(at)?;
                    }
                }
            }
            // The applicant's limit passed: recorded once (until a further notice starts it again); the
            // clock completes when the corrections come, late.
            EventKind::CorrectionsOverdue => self.breached.insert(ClockName::Corrections),
            EventKind::RenewalOf { expiry, in_time } => {
                self.more().renewal_of = Some((*expiry, *in_time));
            }
            EventKind::Violation {
                rule,
                responsible,
                detail,
                post,
                acting,
                unit,
                unit_head,
            } => {
                if let Some(name) = breach_clock(*rule) {
                    self.breached.insert(name);
                }
                if *rule == Rule::DecisionOverdue {
                    self.became_overdue(at);
                }
                self.more().violations.push(ViolationRecord {
                    at,
                    rule: *rule,
                    responsible: responsible.clone(),
                    detail: detail.clone(),
                    post: post.clone(),
                    acting: acting.clone(),
                    unit: unit.clone(),
                    unit_head: unit_head.clone(),
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

    /// Records that the case became overdue at `at`, unless it already had (the first instant stays).
    fn became_overdue(&mut self, at: DateTime<Utc>) {
        if self.overdue_at().is_none() {
            self.more().overdue_at = Some(at);
        }
    }

    /// Closes the case at `at`: the wait for a rating starts when the policy defaults one.
    fn close(&mut self, at: DateTime<Utc>, ctx: &Ctx) {
        let more = self.more();
        more.closed_at = Some(at);
        more.rating_wait = ctx.rules.rating_wait.as_ref().map(|c| c.restarted(at));
    }

    /// Completes the hearing clocks still running when the case is decided or closes at `at`.
    fn close_hearing(&mut self, at: DateTime<Utc>) -> Result<()> {
        if self.hearing_request().is_none() {
            return Ok(());
        }
        let more = self.more();
        for c in [more.hearing_request.as_mut(), more.hearing.as_mut()]
            .into_iter()
            .flatten()
        {
            if c.completed_at().is_none() {
                c.complete(at.max(c.last_event_at()))?;
            }
        }
        Ok(())
    }

    /// Completes the acceptance limit after corrections and the applicant's limit, where they run, at
    /// `at` (a refusal, withdrawal or termination).
    fn complete_corrections_clocks(&mut self, at: DateTime<Utc>) -> Result<()> {
        if self.acceptance_clock().is_none() && self.corrections_clock().is_none() {
            return Ok(());
        }
        let more = self.more();
        complete_open(&mut more.acceptance, at)?;
        complete_open(&mut more.corrections, at)
    }

    /// The consult clock while it runs.
    fn open_consult(&mut self) -> Option<&mut Clock> {
        self.consult().filter(|c| c.completed_at().is_none())?;
        self.joint.as_mut().map(Arc::make_mut).and_then(|j| j.consult.as_mut())
    }

    /// Consulted units still without an opinion.
    pub fn pending_parties(&self) -> impl Iterator<Item = &str> {
        self.joint()
            .iter()
            .filter(|p| p.opinion.is_none())
            .map(|p| p.unit.as_str())
    }

    /// The clocks that run while the case is under review (decision, current step and the joint review's
    /// consult limit), not completed: they pause and resume together (art. 45; the consult limit pauses
    /// with the case, docs/rules.md §5 Joint review).
    fn running_clocks(&mut self) -> impl Iterator<Item = &mut Clock> {
        let consult = self
            .joint
            .as_mut()
            .filter(|j| j.consult.as_ref().is_some_and(|c| c.completed_at().is_none()))
            .map(Arc::make_mut)
            .and_then(|j| j.consult.as_mut());
        self.decision
            .iter_mut()
            .chain(self.step_clock.iter_mut())
            .chain(consult)
            .filter(|c| c.completed_at().is_none())
    }
}

/// Completes `clock` at `at` (or its own last event, if later) when there is one and it is still running.
fn complete_open(clock: &mut Option<Clock>, at: DateTime<Utc>) -> Result<()> {
    if let Some(c) = clock.as_mut().filter(|c| c.completed_at().is_none()) {
        c.complete(at.max(c.last_event_at()))?;
    }
    Ok(())
}

/// A new case from its creating event (`received`), live and in replay.
pub(crate) fn init(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Case> {
    match event {
        EventKind::Received {
            item,
            applicant,
            materials,
        } => Ok(Case::received(id, at, applicant, materials, &cx.item(item)?)),
        other => Err(invalid("type", other.name(), "a case starts with `received`")),
    }
}
