//! Applying an event to a pledge (no rules).

use chrono::{DateTime, Utc};

use super::{Milestone, Pledge};
use crate::clock::{Clock, Limit};
use crate::context::{template, Cx};
use crate::error::{invalid, Result};
use crate::event::{EventKind, MilestoneSpec, PledgeKind, Rule};

/// A clock of `days` working days from `at`, under the policy's start-day and deadline-end rules.
fn working_days(cx: &Cx, days: u32, at: DateTime<Utc>) -> Clock {
    template(cx.policy, Limit::working_days(days)).restarted(at)
}

impl Pledge {
    /// A new pledge from its creating event (`rectification_ordered`, `pledge_opened`; applying the event
    /// sets the one who ordered or opened it and the opened pledge's clocks).
    pub(crate) fn created(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self> {
        let blank = |kind: PledgeKind, unit: &str, problem: &str| Pledge {
            id: id.to_string(),
            kind,
            unit: unit.to_string(),
            source: None,
            source_ref: None,
            problem: problem.to_string(),
            orderer: String::new(),
            signing: None,
            measures: None,
            responsible: None,
            leader: None,
            standard: None,
            deadline: None,
            milestones: Vec::new(),
            in_place: Vec::new(),
            reports: 0,
            completed_at: None,
            completed_by: None,
            evidence: None,
            verified_at: None,
            verified_by: None,
            failed_verifications: 0,
            signing_breached: false,
            deadline_breached: false,
            breaches: 0,
            ratings: Vec::new(),
            events: 0,
            last_event_at: at,
            faulted: false,
        };
        match event {
            EventKind::RectificationOrdered {
                unit,
                source,
                source_ref,
                problem,
            } => Ok(Pledge {
                source: Some(*source),
                source_ref: source_ref.clone(),
                signing: Some(template(cx.policy, cx.policy.pledges.signing_limit).restarted(at)),
                ..blank(PledgeKind::Rectification, unit, problem)
            }),
            EventKind::PledgeOpened {
                pledge_kind,
                unit,
                title,
                ..
            } => Ok(blank(*pledge_kind, unit, title)),
            other => Err(invalid(
                "type",
                other.name(),
                "a pledge starts with `rectification_ordered` or `pledge_opened`",
            )),
        }
    }

    /// Starts the pledge's limit and milestones at `at`.
    fn start(&mut self, cx: &Cx, at: DateTime<Utc>, days: u32, milestones: &[MilestoneSpec]) {
        self.deadline = Some(working_days(cx, days, at));
        self.milestones = milestones
            .iter()
            .map(|m| Milestone {
                title: m.title.clone(),
                clock: working_days(cx, m.days, at),
                reached_at: None,
                breached: false,
            })
            .collect();
    }

    /// Applies an event.
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, kind: &EventKind, cx: &Cx) -> Result<()> {
        self.last_event_at = self.last_event_at.max(at);
        self.events += 1;
        match kind {
            EventKind::RectificationOrdered { .. } => self.orderer = actor.unwrap_or_default().to_string(),
            EventKind::PledgeOpened {
                leader,
                responsible,
                standard,
                days,
                milestones,
                ..
            } => {
                self.orderer = actor.unwrap_or_default().to_string();
                self.leader = Some(leader.clone());
                self.responsible = Some(responsible.clone());
                self.standard = Some(standard.clone());
                self.start(cx, at, *days, milestones);
            }
            EventKind::PledgeSigned {
                measures,
                responsible,
                standard,
                days,
                milestones,
            } => {
                if let Some(s) = self.signing.as_mut() {
                    s.complete(at)?;
                }
                self.measures = Some(measures.clone());
                self.responsible = Some(responsible.clone());
                self.leader = actor.map(str::to_string);
                self.standard = Some(standard.clone());
                self.start(cx, at, *days, milestones);
            }
            EventKind::PledgeReported {
                milestone, in_place, ..
            } => {
                self.reports += 1;
                if let Some(m) = milestone.and_then(|k| self.milestones.get_mut((k as usize).wrapping_sub(1))) {
                    m.reached_at = Some(at);
                    m.clock.complete(at)?;
                }
                if let Some(a) = in_place {
                    if !self.in_place.contains(a) {
                        self.in_place.push(*a);
                        self.in_place.sort();
                    }
                }
            }
            EventKind::PledgeCompleted { evidence } => {
                if let Some(d) = self.deadline.as_mut() {
                    d.complete(at)?;
                }
                self.completed_at = Some(at);
                self.completed_by = actor.map(str::to_string);
                self.evidence = Some(evidence.clone());
            }
            EventKind::PledgeVerified { passed: true, .. } => {
                self.verified_at = Some(at);
                self.verified_by = actor.map(str::to_string);
            }
            EventKind::PledgeVerified {
                passed: false, days, ..
            } => {
                self.failed_verifications += 1;
                self.completed_at = None;
                self.completed_by = None;
                self.deadline = Some(working_days(cx, days.unwrap_or(1), at));
                self.deadline_breached = false;
            }
            EventKind::Violation { rule, .. } => match rule {
                Rule::LatePledgeSigning => self.signing_breached = true,
                Rule::PledgeMilestoneMissed => {
                    // The earliest milestone past unmet: timers record them in deadline order.
                    if let Some(m) = self
                        .milestones
                        .iter_mut()
                        .find(|m| m.reached_at.is_none() && !m.breached)
                    {
                        m.breached = true;
                    }
                }
                Rule::PledgeBroken => {
                    if !self.deadline_breached {
                        self.breaches += 1;
                    }
                    self.deadline_breached = true;
                }
                _ => {}
            },
            EventKind::PledgeRated {
                group,
                period,
                score,
                note,
            } => self.ratings.push(super::PledgeRating {
                at,
                by: actor.unwrap_or_default().to_string(),
                group: group.clone(),
                period: period.clone(),
                score: *score,
                note: note.clone(),
            }),
            EventKind::TimerFault { .. } => self.record_fault(at),
            // A calendar change timed the pledge again.
            EventKind::DeadlineChanged { .. } => self.faulted = false,
            _ => {}
        }
        Ok(())
    }

    /// Marks the pledge as no longer timed after a timer fault at `at` (also the replay path).
    pub(crate) fn record_fault(&mut self, at: DateTime<Utc>) {
        self.last_event_at = self.last_event_at.max(at);
        self.faulted = true;
    }
}
