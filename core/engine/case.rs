//! The case (办件) aggregate: its state, its clocks, and the one function that changes it, [`Case::apply`],
//! used alike by live commands, timers and replay.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{ClockName, DeemedBecause, EventKind, Opinion, Rule};
use crate::calendar::Calendar;
use crate::catalog::ServiceItem;
use crate::clock::{Clock, ClockState, Extension, Limit, Signal};
use crate::error::Result;
use crate::policy::{ItemKind, Policy};

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Materials received, not yet accepted or refused.
    Received,
    /// Told to correct; waiting for the applicant.
    AwaitingCorrection,
    /// Accepted; under review, procedure steps running.
    Accepted,
    /// Refused acceptance (closed).
    Refused,
    /// Approved, waiting for delivery.
    Approved,
    /// Denied (closed).
    Denied,
    /// Delivered (closed).
    Delivered,
    /// Withdrawn (closed).
    Withdrawn,
    /// Terminated by the unit (closed).
    Terminated,
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

    /// Display label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseState::Received => "已收件",
            CaseState::AwaitingCorrection => "待补正",
            CaseState::Accepted => "已受理",
            CaseState::Refused => "不予受理",
            CaseState::Approved => "准予许可",
            CaseState::Denied => "不予许可",
            CaseState::Delivered => "已送达办结",
            CaseState::Withdrawn => "已撤回",
            CaseState::Terminated => "终止办理",
        }
    }
}

/// A recorded violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationRecord {
    /// When.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Case number.
    pub id: String,
    /// Item code.
    pub item: String,
    /// Responsible unit.
    pub unit: String,
    /// Item kind.
    pub kind: ItemKind,
    /// Applicant.
    pub applicant: String,
    /// State.
    pub state: CaseState,
    /// When materials were received.
    pub received_at: DateTime<Utc>,
    /// Materials received so far.
    pub materials: Vec<String>,
    /// Items told in one-time notices so far.
    pub notified: Vec<String>,
    /// Materials handed in after the last notice (new material may cause new defects).
    pub corrected: Vec<String>,
    /// One-time notices given.
    pub notices: u32,
    /// The one-time-notice limit, from receipt until a notice, acceptance or refusal.
    pub notice_clock: Clock,
    /// When the decision clocks count from, and whether acceptance was deemed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<(DateTime<Utc>, bool)>,
    /// Decision clock (statutory and pledged limits), from acceptance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Clock>,
    /// Index of the current procedure step.
    pub step: usize,
    /// The current step's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_clock: Option<Clock>,
    /// Negative-report clock after a refusal or denial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_report: Option<Clock>,
    /// Delivery clock after an approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Clock>,
    /// Last signal raised on the decision clock.
    pub signal: Signal,
    /// Whether the case was escalated.
    pub escalated: bool,
    /// Whether the decision was deemed (by timeout).
    pub deemed_decision: bool,
    /// Clocks whose breach was already recorded (each is recorded once).
    pub breached: Vec<ClockName>,
    /// Violations recorded.
    pub violations: Vec<ViolationRecord>,
    /// Consulted departments (joint items), from acceptance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint: Vec<JointParty>,
    /// The consult limit for joint review, from acceptance until every party has an opinion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consult: Option<Clock>,
    /// When the case closed (refused, denied, delivered, withdrawn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// The wait for a rating after closure (the policy's default rating when it passes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_wait: Option<Clock>,
    /// The rating, once given or defaulted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// The follow-up limit of a bad rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_follow_up: Option<Clock>,
    /// The instant of the case's latest event; commands may not be earlier (the log is in time order).
    pub last_event_at: DateTime<Utc>,
    /// Whether a timer could not be computed (see [`EventKind::TimerFault`]); the case is no longer timed.
    #[serde(default)]
    pub faulted: bool,
}

/// A clock configured by the policy, started at `at`.
fn policy_clock(policy: &Policy, limit: Limit, at: DateTime<Utc>) -> Clock {
    Clock::new(limit, at)
        .with_start_rule(policy.start_rule)
        .with_deadline_end(policy.deadline_end)
}

/// What a timer found due at an instant (emitted as events by the engine).
pub(crate) type Due = (DateTime<Utc>, EventKind);

impl Case {
    /// A new case from its `received` event.
    pub(crate) fn received(
        id: &str,
        at: DateTime<Utc>,
        item: &ServiceItem,
        applicant: &str,
        materials: &[String],
        policy: &Policy,
    ) -> Case {
        Case {
            id: id.to_string(),
            item: item.code.clone(),
            unit: item.unit.clone(),
            kind: item.kind,
            applicant: applicant.to_string(),
            state: CaseState::Received,
            received_at: at,
            last_event_at: at,
            materials: materials.to_vec(),
            notified: Vec::new(),
            corrected: Vec::new(),
            notices: 0,
            notice_clock: policy_clock(policy, policy.one_time_notice_limit, at),
            accepted: None,
            decision: None,
            step: 0,
            step_clock: None,
            negative_report: None,
            delivery: None,
            signal: Signal::None,
            escalated: false,
            deemed_decision: false,
            breached: Vec::new(),
            violations: Vec::new(),
            joint: Vec::new(),
            consult: None,
            closed_at: None,
            rating_wait: None,
            rating: None,
            rating_follow_up: None,
            faulted: false,
        }
    }

    /// Applies an event. Events were validated when produced, so the clock commands here succeed; a
    /// failure means the event log does not belong to this engine's policy and catalog.
    ///
    /// # Errors
    ///
    /// A clock error when an event does not fit the case (a replayed log from another configuration).
    pub(crate) fn apply(
        &mut self,
        at: DateTime<Utc>,
        actor: Option<&str>,
        kind: &EventKind,
        item: &ServiceItem,
        policy: &Policy,
        cal: &Calendar,
    ) -> Result<()> {
        self.last_event_at = self.last_event_at.max(at);
        match kind {
            EventKind::Received { .. } => {}
            EventKind::CorrectionsNotified { missing } => {
                self.notices += 1;
                self.notified.extend(missing.iter().cloned());
                self.corrected.clear();
                self.state = CaseState::AwaitingCorrection;
                if self.notices == 1 {
                    self.notice_clock.complete(at)?;
                }
            }
            EventKind::CorrectionsSubmitted { materials } => {
                self.materials.extend(materials.iter().cloned());
                self.corrected.extend(materials.iter().cloned());
                self.state = CaseState::Received;
            }
            EventKind::Accepted { effective, deemed } => {
                if self.notice_clock.completed_at().is_none() {
                    self.notice_clock.complete(at.max(self.notice_clock.last_event_at()))?;
                }
                self.accepted = Some((*effective, *deemed));
                self.state = CaseState::Accepted;
                let clock = policy_clock(policy, item.statutory_limit, *effective)
                    .with_pledged(item.pledged_limit)?
                    .with_extension_rule(policy.extension.rule())?
                    .with_signals(policy.signals)?;
                self.decision = Some(clock);
                self.step = 0;
                self.step_clock = item.steps.first().map(|s| policy_clock(policy, s.limit, *effective));
                if !item.joint_parties.is_empty() {
                    self.joint = item
                        .joint_parties
                        .iter()
                        .map(|u| JointParty {
                            unit: u.clone(),
                            opinion: None,
                            deemed: None,
                        })
                        .collect();
                    self.consult = Some(policy_clock(policy, policy.joint_review.consult_limit, *effective));
                }
            }
            EventKind::Refused { .. } => {
                if self.notice_clock.completed_at().is_none() {
                    self.notice_clock.complete(at)?;
                }
                self.state = CaseState::Refused;
                self.negative_report = Some(policy_clock(policy, policy.negative_report_limit, at));
                self.close(at, policy)?;
            }
            EventKind::NegativeReported { .. } => {
                if let Some(c) = self.negative_report.as_mut() {
                    c.complete(at)?;
                }
            }
            EventKind::StepCompleted { .. } => {
                if let Some(c) = self.step_clock.as_mut() {
                    c.complete(at)?;
                }
                self.step += 1;
                self.breached.retain(|c| *c != ClockName::Step);
                self.step_clock = item.steps.get(self.step).map(|s| policy_clock(policy, s.limit, at));
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
                        cal,
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
                    self.delivery = Some(policy_clock(policy, policy.delivery_limit, at));
                } else {
                    self.state = CaseState::Denied;
                    self.negative_report = Some(policy_clock(policy, policy.negative_report_limit, at));
                    self.close(at, policy)?;
                }
                if let Some(c) = self.consult.as_mut().filter(|c| c.completed_at().is_none()) {
                    c.complete(at)?;
                }
            }
            EventKind::Delivered => {
                if let Some(c) = self.delivery.as_mut() {
                    c.complete(at)?;
                }
                self.state = CaseState::Delivered;
                self.close(at, policy)?;
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
                if let Some(c) = self.consult.as_mut().filter(|c| c.completed_at().is_none()) {
                    c.complete(at)?;
                }
                self.state = if matches!(kind, EventKind::Withdrawn) {
                    CaseState::Withdrawn
                } else {
                    CaseState::Terminated
                };
                self.closed_at = Some(at);
            }
            EventKind::JointOpinion {
                unit, opinion, deemed, ..
            } => {
                if let Some(p) = self.joint.iter_mut().find(|p| p.unit == *unit) {
                    p.opinion = Some(*opinion);
                    p.deemed = *deemed;
                }
                if self.joint.iter().all(|p| p.opinion.is_some()) {
                    if let Some(c) = self.consult.as_mut().filter(|c| c.completed_at().is_none()) {
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
                if let Some(c) = self.rating_wait.as_mut().filter(|c| c.completed_at().is_none()) {
                    c.complete(at)?;
                }
                let rating = Rating {
                    at,
                    level: *level,
                    real_name: *real_name,
                    deemed: *deemed,
                };
                if rating.is_bad() {
                    self.rating_follow_up = Some(policy_clock(policy, policy.rating.follow_up_limit, at));
                }
                self.rating = Some(rating);
            }
            EventKind::RatingFollowedUp { .. } => {
                if let Some(c) = self.rating_follow_up.as_mut() {
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
                    if !self.breached.contains(&name) {
                        self.breached.push(name);
                    }
                }
                self.violations.push(ViolationRecord {
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
    fn close(&mut self, at: DateTime<Utc>, policy: &Policy) -> Result<()> {
        self.closed_at = Some(at);
        self.rating_wait = policy.rating.default_after.map(|l| policy_clock(policy, l, at));
        Ok(())
    }

    /// The decision signal at `at` when it differs from the last one recorded (a pause, resumption or
    /// extension changes it at the command's instant, not at a later timer).
    pub(crate) fn signal_change(&self, at: DateTime<Utc>, cal: &Calendar) -> Result<Option<EventKind>> {
        let Some(clock) = self.decision.as_ref().filter(|c| c.completed_at().is_none()) else {
            return Ok(None);
        };
        if self.state != CaseState::Accepted {
            return Ok(None);
        }
        let signal = clock.status_brief(cal, at)?.signal;
        Ok((signal != self.signal).then_some(EventKind::SignalRaised {
            clock: ClockName::Decision,
            signal,
        }))
    }

    /// Consulted units still without an opinion.
    pub fn pending_parties(&self) -> impl Iterator<Item = &str> {
        self.joint
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
    fn watched(&self) -> Vec<(ClockName, &Clock)> {
        let mut out = Vec::new();
        if self.faulted {
            return out;
        }
        if self.state == CaseState::Received && self.notice_clock.completed_at().is_none() {
            out.push((ClockName::Notice, &self.notice_clock));
        }
        for (name, c) in [
            (ClockName::Decision, &self.decision),
            (ClockName::Step, &self.step_clock),
            (ClockName::NegativeReport, &self.negative_report),
            (ClockName::Delivery, &self.delivery),
            (ClockName::Consult, &self.consult),
            (ClockName::Rating, &self.rating_wait),
            (ClockName::RatingFollowUp, &self.rating_follow_up),
        ] {
            if let Some(c) = c {
                if c.completed_at().is_none() && !(name != ClockName::Decision && self.breached.contains(&name)) {
                    out.push((name, c));
                }
            }
        }
        out
    }

    /// The next instant after `now` at which a timer fires for this case: the first clock threshold at
    /// which something is due. Thresholds where nothing is due (a clock's own bookkeeping instants) are
    /// skipped, so the schedule depends only on the case's state, and a replayed engine schedules exactly
    /// as the live one did.
    pub(crate) fn next_due(
        &self,
        item: &ServiceItem,
        policy: &Policy,
        cal: &Calendar,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        let mut after = now;
        for _ in 0..64 {
            let mut next: Option<DateTime<Utc>> = None;
            for (_, c) in self.watched() {
                if let Some(t) = c.next_change(cal, after)? {
                    next = Some(next.map_or(t, |n| n.min(t)));
                }
            }
            match next {
                None => return Ok(None),
                Some(t) if !self.due(t, item, policy, cal)?.is_empty() => return Ok(Some(t)),
                Some(t) => after = t,
            }
        }
        // Pathological: many empty thresholds in a row. Wake up there and look again.
        Ok(Some(after))
    }

    /// What is due at `at` exactly (thresholds reached at or before `at` not yet acted on), in order.
    pub(crate) fn due(
        &self,
        at: DateTime<Utc>,
        item: &ServiceItem,
        policy: &Policy,
        cal: &Calendar,
    ) -> Result<Vec<Due>> {
        let mut out = Vec::new();
        for (name, clock) in self.watched() {
            let st = clock.status_brief(cal, at)?;
            let expired = st.state == ClockState::Overdue;
            let deadline = st.deadline.with_timezone(&Utc);
            match name {
                ClockName::Notice if expired => {
                    // Art. 32: no notice in time: deemed accepted from the day of receipt.
                    out.push((
                        deadline,
                        EventKind::Violation {
                            rule: Rule::LateOneTimeNotice,
                            responsible: None,
                            detail: format!("no one-time notice by {}", st.deadline),
                        },
                    ));
                    out.push((
                        deadline,
                        EventKind::Accepted {
                            effective: self.received_at,
                            deemed: true,
                        },
                    ));
                }
                ClockName::Decision => {
                    let timeout = item.on_timeout.unwrap_or_else(|| policy.on_timeout(self.kind));
                    if expired && timeout == crate::policy::OnTimeout::DeemedApproved {
                        out.push((
                            deadline,
                            EventKind::Decided {
                                approve: true,
                                deemed: true,
                                reasons: String::new(),
                                legal_basis: String::new(),
                                remedies: String::new(),
                            },
                        ));
                        continue;
                    }
                    if expired && !self.breached.contains(&ClockName::Decision) {
                        out.push((
                            deadline,
                            EventKind::Violation {
                                rule: Rule::DecisionOverdue,
                                responsible: None,
                                detail: format!("not decided by {}", st.deadline),
                            },
                        ));
                        if timeout == crate::policy::OnTimeout::Escalate && !self.escalated {
                            out.push((deadline, EventKind::Escalated));
                        }
                    }
                    if st.signal != self.signal {
                        // The instant the signal changed: its threshold for a raised signal, never after `at`.
                        let when = match st.signal {
                            Signal::Reminder => st.reminder_at,
                            Signal::Yellow => Some(st.deadline),
                            Signal::Red => st.red_at,
                            Signal::None => None,
                        };
                        out.push((
                            when.map_or(at, |t| t.with_timezone(&Utc).min(at)),
                            EventKind::SignalRaised {
                                clock: ClockName::Decision,
                                signal: st.signal,
                            },
                        ));
                    }
                }
                ClockName::Step if expired => out.push((
                    deadline,
                    EventKind::Violation {
                        rule: Rule::StepOverLimit,
                        responsible: None,
                        detail: format!(
                            "step {} `{}` not done by {}",
                            self.step + 1,
                            step_name(item, self.step),
                            st.deadline
                        ),
                    },
                )),
                ClockName::NegativeReport if expired => out.push((
                    deadline,
                    EventKind::Violation {
                        rule: Rule::LateNegativeReport,
                        responsible: None,
                        detail: format!("negative decision not reported by {}", st.deadline),
                    },
                )),
                ClockName::Consult if expired => {
                    for unit in self.pending_parties() {
                        out.push((
                            deadline,
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
                                    detail: format!("unit `{unit}` did not reply by {}", st.deadline),
                                }
                            },
                        ));
                    }
                }
                ClockName::Rating if expired => out.push((
                    deadline,
                    EventKind::Rated {
                        level: policy.rating.default_level,
                        real_name: false,
                        deemed: true,
                        comment: String::new(),
                    },
                )),
                ClockName::RatingFollowUp if expired => out.push((
                    deadline,
                    EventKind::Violation {
                        rule: Rule::LateRatingFollowUp,
                        responsible: None,
                        detail: format!("bad rating not verified and rectified by {}", st.deadline),
                    },
                )),
                ClockName::Delivery if expired => out.push((
                    deadline,
                    EventKind::Violation {
                        rule: Rule::LateDelivery,
                        responsible: None,
                        detail: format!("not delivered by {}", st.deadline),
                    },
                )),
                _ => {}
            }
        }
        out.sort_by_key(|(t, _)| *t);
        Ok(out)
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
