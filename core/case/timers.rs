//! A case's timers: which clocks are watched, what is due at an instant (reminders, yellow and red cards,
//! deemed acceptance and approval, escalation, breaches), and the next instant anything is.

use chrono::{DateTime, Utc};

use super::{Case, CaseState, More};
use crate::calendar::provisional::{Horizon, NO_HORIZON};
use crate::calendar::Calendar;
use crate::catalog::ServiceItem;
use crate::clock::{Clock, ClockState, Signal, Timing};
use crate::context::Ctx;
use crate::error::Result;
use crate::event::{Accountable, ClockName, DeemedBecause, EventKind, Next, Opinion, Pending, Rule, WatchedDeadline};
use crate::policy::{DeemedAt, OnTimeout};

/// What a timer found due at an instant (emitted as events by the engine), and whether it rests on a
/// provisional day.
pub(crate) type Due = (DateTime<Utc>, EventKind, bool);

impl Case {
    /// The decision signal at `at` when it differs from the last one recorded (a pause, resumption or
    /// extension changes it at the command's instant, not at a later timer).
    ///
    /// `timings` are the watched clocks' at `at` (see [`Case::timings`]). With the event, whether the new
    /// signal rests on a provisional day.
    pub(crate) fn signal_change(
        &self,
        timings: &Timings,
        at: DateTime<Utc>,
        cal: &Calendar,
    ) -> Result<Option<(EventKind, bool)>> {
        let Some(clock) = self.decision.as_ref().filter(|c| c.completed_at().is_none()) else {
            return Ok(None);
        };
        if self.state != CaseState::Accepted {
            return Ok(None);
        }
        let timing = match timings.iter().find(|(name, _)| *name == ClockName::Decision) {
            Some((_, t)) => *t,
            // A faulted case watches no clock, but its decision signal still follows commands.
            None => clock.timing(cal, at)?,
        };
        let signal = timing.signal;
        if signal == self.signal {
            return Ok(None);
        }
        let provisional = match signal {
            Signal::Reminder => timing.provisional.reminder,
            Signal::Red => timing.provisional.red,
            _ => timing.provisional.deadline,
        };
        Ok(Some((
            EventKind::SignalRaised {
                clock: ClockName::Decision,
                signal,
            },
            provisional,
        )))
    }

    /// The deadline of every watched clock under `cal`, with whether it rests on a provisional day: what
    /// a calendar change compares (see `deadline_changed`).
    pub(crate) fn watched_deadlines(&self, cal: &Calendar, at: DateTime<Utc>) -> Result<Vec<WatchedDeadline>> {
        let mut out = Vec::new();
        for (name, clock) in self.watched() {
            out.extend(WatchedDeadline::of(name, clock.deadlines(cal, at)?));
        }
        Ok(out)
    }

    /// The clocks whose thresholds a timer must watch, with their names.
    fn watched(&self) -> impl Iterator<Item = (ClockName, &Clock)> {
        let more = self.more.as_deref();
        let notice = (self.state == CaseState::Received).then_some(&self.notice_clock);
        let later = |f: fn(&More) -> &Option<Clock>| more.and_then(|m| f(m).as_ref());
        let received = self.state == CaseState::Received;
        let awaiting = self.state == CaseState::AwaitingCorrection;
        [
            (ClockName::Notice, notice),
            (ClockName::Acceptance, later(|m| &m.acceptance).filter(|_| received)),
            (ClockName::Corrections, later(|m| &m.corrections).filter(|_| awaiting)),
            (ClockName::Decision, self.decision.as_ref()),
            (ClockName::Step, self.step_clock.as_ref()),
            (ClockName::NegativeReport, later(|m| &m.negative_report)),
            (ClockName::Delivery, later(|m| &m.delivery)),
            (ClockName::Consult, self.consult()),
            (ClockName::Rating, later(|m| &m.rating_wait)),
            (ClockName::RatingFollowUp, later(|m| &m.rating_follow_up)),
            (ClockName::HearingRequest, later(|m| &m.hearing_request)),
            (ClockName::Hearing, later(|m| &m.hearing)),
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
        self.fill_timings(cal, now, &mut out)?;
        Ok(out)
    }

    /// [`Case::timings`] into `out` (cleared first): the hot path fills one in place rather than moving a
    /// kilobyte of timings through `Result`s.
    pub(crate) fn fill_timings(&self, cal: &Calendar, now: DateTime<Utc>, out: &mut Timings) -> Result<()> {
        out.clear();
        for (name, clock) in self.watched() {
            out.push(name, clock.timing(cal, now)?);
        }
        Ok(())
    }

    /// The next instant after `now` at which a timer fires for this case: the first clock threshold at
    /// which something is due. Thresholds where nothing is due (a clock's own bookkeeping instants) are
    /// skipped, so the schedule depends only on the case's state, and a replayed engine schedules exactly
    /// as the live one did.
    pub(crate) fn next_due(&self, ctx: &Ctx, now: DateTime<Utc>) -> Result<Next> {
        let timings = self.timings(ctx.cal, now)?;
        Ok(Next {
            at: self.next_due_from(&timings, ctx, now)?,
            horizon: timings.horizon(),
        })
    }

    /// [`Case::next_due`] from the watched clocks' timings at `now`.
    pub(crate) fn next_due_from(
        &self,
        timings: &Timings,
        ctx: &Ctx,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        // A deemed approval at the statutory deadline: a threshold derived only for the items that have one.
        let statutory = match (self.decision.as_ref(), ctx.item_rules.deemed_at_statutory()) {
            (Some(clock), true) if self.renewal_deemed_at().is_none() => {
                match timings.iter().find(|(name, _)| *name == ClockName::Decision) {
                    Some((_, timing)) => clock.statutory_deadline(ctx.cal, now)?.map(|(at, _)| (at, timing)),
                    None => None,
                }
            }
            _ => None,
        };
        let mut after = now;
        for _ in 0..64 {
            let next = timings
                .iter()
                .filter_map(|(_, t)| t.next_after(after))
                .chain(self.renewal_due().filter(|e| *e > after))
                .chain(
                    statutory
                        .filter(|(at, timing)| *at > after && timing.counts_at(after))
                        .map(|(at, _)| at),
                )
                .min();
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
        timings.retain(|name| name == ClockName::Decision || !self.breached.contains(name));
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
                    // Never before the case's last event: a clock started in the past (a deemed acceptance
                    // takes effect from receipt) may have passed a threshold before anyone could know, and
                    // its breach happens when it is found, not inside a period already closed.
                    out.push((t.max(self.last_event_at), kind(), timing.provisional_at(t)));
                }
            };
            match name {
                ClockName::Notice if expired => {
                    // Art. 32: no notice in time: deemed accepted from the day of receipt. The late notice
                    // is a violation only when one was due: a required material was missing at receipt
                    // (or a notice was given and the corrections are still awaited).
                    if (self.notices > 0 || !self.missing_required(ctx.item).is_empty())
                        && ctx.records(Rule::LateOneTimeNotice)
                    {
                        push(deadline, &|| {
                            self.accountable(ctx, Rule::LateOneTimeNotice, deadline).violation(
                                Rule::LateOneTimeNotice,
                                format!("no one-time notice by {}", local(deadline)),
                            )
                        });
                    }
                    push(deadline, &|| EventKind::Accepted {
                        effective: self.received_at(),
                        deemed: true,
                    });
                }
                ClockName::Acceptance if expired => {
                    // Art. 32 (5): once every correction is handed in the application is accepted; no
                    // acceptance, refusal or further notice within the limit: deemed accepted from the
                    // corrections (docs/rules.md §3 art. 32), and the organ's breach recorded beside it.
                    let Some(from) = self.acceptance_clock().map(Clock::started_at) else {
                        continue;
                    };
                    if ctx.records(Rule::LateAcceptance) {
                        push(deadline, &|| {
                            self.accountable(ctx, Rule::LateAcceptance, deadline).violation(
                                Rule::LateAcceptance,
                                format!(
                                    "no acceptance decision by {} on the corrections handed in at {}",
                                    local(deadline),
                                    local(from)
                                ),
                            )
                        });
                    }
                    push(deadline, &|| EventKind::Accepted {
                        effective: from,
                        deemed: true,
                    });
                }
                // The applicant's limit: recorded, never a refusal by itself.
                ClockName::Corrections if expired => push(deadline, &|| EventKind::CorrectionsOverdue),
                ClockName::Decision => {
                    let (timeout, trigger) = ctx.item_rules.timeout;
                    if expired && !self.breached.contains(ClockName::Decision) {
                        // The missed limit is a violation also when the outcome is deemed: the deemed
                        // approval answers the applicant, it does not excuse the organ.
                        if ctx.records(Rule::DecisionOverdue) {
                            push(deadline, &|| {
                                self.accountable(ctx, Rule::DecisionOverdue, deadline)
                                    .violation(Rule::DecisionOverdue, format!("not decided by {}", local(deadline)))
                            });
                        }
                        if timeout == OnTimeout::Escalate && !self.escalated {
                            push(deadline, &|| EventKind::Escalated {
                                recipients: ctx.escalation(&self.unit),
                            });
                        }
                    }
                    // An in-time renewal is deemed granted at the licence's expiry (below), not at a limit
                    // counted from acceptance; its decision limit passing is only overdue.
                    if expired && timeout == OnTimeout::DeemedApproved && self.renewal_deemed_at().is_none() {
                        // The deadline that triggers the deemed approval: the supervised (pledged) one or the
                        // statutory one, as the item or the policy for its kind says (docs/rules.md §5); with
                        // it, whether it rests on a provisional day.
                        let deemed = match (trigger, self.decision.as_ref()) {
                            (DeemedAt::Pledged, _) => Some((deadline, timing.provisional_at(deadline))),
                            // Derived only here (and for the next timer): no other clock needs it.
                            (DeemedAt::Statutory, Some(clock)) => clock.statutory_deadline(ctx.cal, at)?,
                            (DeemedAt::Statutory, None) => None,
                        };
                        if let Some((when, provisional)) = deemed.filter(|(t, _)| *t <= at) {
                            // The cards of the supervised deadline that came before it (none when it is the
                            // supervised deadline: the deemed approval closes the case at its instant).
                            if signal == Signal::Red && self.signal < Signal::Yellow && deadline < when {
                                push(deadline, &|| EventKind::SignalRaised {
                                    clock: ClockName::Decision,
                                    signal: Signal::Yellow,
                                });
                            }
                            let raised = match signal {
                                Signal::Yellow => Some(deadline),
                                Signal::Red => timing.red_at,
                                Signal::Reminder | Signal::None => None,
                            };
                            if let Some(r) = raised.filter(|r| signal != self.signal && *r < when) {
                                push(r, &|| EventKind::SignalRaised {
                                    clock: ClockName::Decision,
                                    signal,
                                });
                            }
                            any = true;
                            if !probe {
                                out.push((when.max(self.last_event_at), deemed_approval(), provisional));
                            }
                            continue;
                        }
                    }
                    if signal == Signal::Red && self.signal < Signal::Yellow {
                        // A yellow card always precedes a red card, also when their thresholds coincide.
                        push(deadline.min(at), &|| EventKind::SignalRaised {
                            clock: ClockName::Decision,
                            signal: Signal::Yellow,
                        });
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
                ClockName::Step if expired && ctx.records(Rule::StepOverLimit) => push(deadline, &|| {
                    self.accountable(ctx, Rule::StepOverLimit, deadline).violation(
                        Rule::StepOverLimit,
                        format!(
                            "step {} `{}` not done by {}",
                            self.step + 1,
                            step_name(ctx.item, self.step as usize),
                            local(deadline)
                        ),
                    )
                }),
                ClockName::NegativeReport if expired && ctx.records(Rule::LateNegativeReport) => {
                    push(deadline, &|| {
                        self.accountable(ctx, Rule::LateNegativeReport, deadline).violation(
                            Rule::LateNegativeReport,
                            format!("negative decision not reported by {}", local(deadline)),
                        )
                    })
                }
                ClockName::Consult if expired => {
                    let silence = policy.joint_review.silence_is_consent;
                    if !silence && !ctx.records(Rule::LateConsultReply) {
                        continue;
                    }
                    for unit in self.pending_parties() {
                        push(deadline, &|| {
                            if silence {
                                EventKind::JointOpinion {
                                    unit: unit.to_string(),
                                    opinion: Opinion::Agree,
                                    reasons: String::new(),
                                    deemed: Some(DeemedBecause::Silence),
                                }
                            } else {
                                // The consulted unit answers for its silence: its head (no post consults).
                                ctx.accountable(unit, None, deadline).violation(
                                    Rule::LateConsultReply,
                                    format!("unit `{unit}` did not reply by {}", local(deadline)),
                                )
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
                ClockName::RatingFollowUp if expired && ctx.records(Rule::LateRatingFollowUp) => {
                    push(deadline, &|| {
                        self.accountable(ctx, Rule::LateRatingFollowUp, deadline).violation(
                            Rule::LateRatingFollowUp,
                            format!("bad rating not verified and rectified by {}", local(deadline)),
                        )
                    })
                }
                ClockName::Delivery if expired && ctx.records(Rule::LateDelivery) => push(deadline, &|| {
                    self.accountable(ctx, Rule::LateDelivery, deadline)
                        .violation(Rule::LateDelivery, format!("not delivered by {}", local(deadline)))
                }),
                // Art. 47: no request in time: the right to a hearing ends.
                ClockName::HearingRequest if expired => push(deadline, &|| EventKind::HearingRightLapsed),
                ClockName::Hearing if expired && ctx.records(Rule::LateHearing) => push(deadline, &|| {
                    self.accountable(ctx, Rule::LateHearing, deadline)
                        .violation(Rule::LateHearing, format!("hearing not held by {}", local(deadline)))
                }),
                _ => {}
            }
        }
        // Art. 50: an in-time renewal undecided at the licence's expiry is deemed granted at that instant
        // (a given instant, not one the calendar derives: never provisional).
        if let Some(expiry) = self.renewal_due().filter(|e| *e <= at) {
            any = true;
            if !probe {
                out.push((expiry.max(self.last_event_at), deemed_approval(), false));
                // Nothing else is due once the case is granted.
                out.retain(|(t, k, _)| matches!(k, EventKind::Decided { .. }) || *t < expiry);
            }
        }
        out.sort_by_key(|(t, _, _)| *t);
        Ok(any.then_some(out))
    }
}

impl Case {
    /// The post that answers for a breach of `rule` on this case (docs/rules.md §1 "Accountability"):
    /// the current step's post for a step over its limit and the A/B cover; for an overdue decision the
    /// current step's post, or the last step's (the decision step) once every step is done; the first
    /// step's (the acceptance post: the window) for one-time-notice breaches, a late acceptance after
    /// corrections and late delivery; for a late negative report the post that made the negative decision
    /// (the first step's after a refusal of acceptance, the last step's after a denial). None for the rules of a unit, not a post (joint
    /// review, rating follow-up, which the unit head answers for) and for an item without steps.
    pub(crate) fn post_for<'i>(&self, rule: Rule, item: &'i ServiceItem) -> Option<&'i str> {
        let step = match rule {
            Rule::StepOverLimit | Rule::AbBothAbsent => item.steps.get(self.step as usize),
            Rule::DecisionOverdue | Rule::LateHearing => item.steps.get(self.step as usize).or(item.steps.last()),
            Rule::LateOneTimeNotice | Rule::RepeatedNotice | Rule::LateAcceptance | Rule::LateDelivery => {
                item.steps.first()
            }
            Rule::LateNegativeReport if self.state == CaseState::Refused => item.steps.first(),
            Rule::LateNegativeReport => item.steps.last(),
            Rule::LateConsultReply
            | Rule::UnexcusedAbsence
            | Rule::LateRatingFollowUp
            | Rule::UnansweredInquiry
            | Rule::LateComplaintAcceptance
            | Rule::LateComplaintHandling
            | Rule::LateComplaintReply
            | Rule::SubstantiatedComplaint
            | Rule::LatePledgeSigning
            | Rule::PledgeMilestoneMissed
            | Rule::PledgeBroken
            | Rule::AccountabilityTriggered
            | Rule::InspectionFinding
            | Rule::RectificationFailed => None,
        };
        step.map(|s| s.post.as_str())
    }

    /// Who answers for a breach of `rule` on this case at `at`: [`Case::post_for`], who acted for it at
    /// `at`, the case's unit and its head.
    pub(crate) fn accountable(&self, ctx: &Ctx, rule: Rule, at: DateTime<Utc>) -> Accountable {
        ctx.accountable(&self.unit, self.post_for(rule, ctx.item), at)
    }

    /// The instant a timer deems an in-time renewal granted: the licence's expiry, while the case is
    /// accepted and undecided (not faulted).
    fn renewal_due(&self) -> Option<DateTime<Utc>> {
        self.renewal_deemed_at()
            .filter(|_| self.state == CaseState::Accepted && !self.faulted)
    }

    /// The item's required materials not among those received or handed in as corrections.
    pub(crate) fn missing_required<'i>(&self, item: &'i ServiceItem) -> Vec<&'i str> {
        item.materials
            .iter()
            .filter(|m| m.required)
            .map(|m| m.name.as_str())
            .filter(|name| !self.materials.iter().any(|r| &**r == *name) && !self.corrected().iter().any(|c| c == name))
            .collect()
    }
}

/// Fires, on `case`, what is due at `t`, appending to `out`.
///
/// Returns the watched clocks' timings at `t` when they still hold after what fired: when it changed no
/// clock (signals, violations, escalation), so the next timer needs no new derivation.
///
/// What fired may start clocks already past a threshold at `t` (a deemed acceptance takes effect from
/// receipt): what they make due fires at `t` too, in a further round, so that it is recorded when it is
/// found rather than at some later threshold.
pub(crate) fn fire_at(case: &mut Case, ctx: &Ctx, t: DateTime<Utc>, out: &mut Vec<Pending>) -> Result<Option<Timings>> {
    // Each round but the last changes a clock; a few rounds settle any case (acceptance, then its clocks).
    for round in 0..4 {
        let found = case
            .timings(ctx.cal, t)
            .and_then(|timings| Ok((case.due_from(&timings, t, ctx, false)?, timings)));
        let (due, mut timings) = match found {
            Ok((due, timings)) => (due.unwrap_or_default(), timings),
            Err(e) if round == 0 => return Err(e),
            // What fired stands; the next timer (derived anew) reports the fault after it.
            Err(_) => return Ok(None),
        };
        let neutral = due.iter().all(|(_, kind, _)| {
            matches!(
                kind,
                EventKind::SignalRaised { .. }
                    | EventKind::Violation { .. }
                    | EventKind::Escalated { .. }
                    | EventKind::CorrectionsOverdue
            )
        });
        for (at, kind, provisional) in due {
            case.apply(at, None, &kind, ctx)?;
            out.push((at, None, kind, provisional));
        }
        if neutral {
            // A recorded breach stops watching its clock.
            case.retain_watched(&mut timings);
            return Ok(Some(timings));
        }
    }
    Ok(None)
}

/// The case's next timer after firing at `t`, from the timings [`fire_at`] kept, or derived anew.
pub(crate) fn next_after_firing(case: &Case, ctx: &Ctx, timings: Option<Timings>, t: DateTime<Utc>) -> Result<Next> {
    match timings {
        Some(timings) => Ok(Next {
            at: case.next_due_from(&timings, ctx, t)?,
            horizon: timings.horizon(),
        }),
        None => case.next_due(ctx, t),
    }
}

/// After a command at `at`: a changed decision signal is recorded at the command's instant; the case's
/// next timer. A state whose timers cannot be computed (a deadline beyond the calendar) is refused here.
pub(crate) fn settle(case: &mut Case, ctx: &Ctx, at: DateTime<Utc>, out: &mut Vec<Pending>) -> Result<Next> {
    let mut timings = Timings::default();
    case.fill_timings(ctx.cal, at, &mut timings)?;
    if let Some((kind, provisional)) = case.signal_change(&timings, at, ctx.cal)? {
        // Recording a signal changes no clock: the timings still hold.
        case.apply(at, None, &kind, ctx)?;
        out.push((at, None, kind, provisional));
    }
    Ok(Next {
        at: case.next_due_from(&timings, ctx, at)?,
        horizon: timings.horizon(),
    })
}

/// The timings of a case's watched clocks (at most twelve: every clock a case has), without allocating, and
/// the last day any of their thresholds rests on.
pub(crate) struct Timings {
    list: [Option<(ClockName, Timing)>; 12],
    len: usize,
    horizon: Horizon,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            list: [None; 12],
            len: 0,
            horizon: NO_HORIZON,
        }
    }
}

impl Timings {
    fn push(&mut self, name: ClockName, timing: Timing) {
        self.horizon = self.horizon.max(timing.horizon);
        self.list[self.len] = Some((name, timing));
        self.len += 1;
    }

    fn clear(&mut self) {
        self.len = 0;
        self.horizon = NO_HORIZON;
    }

    /// Keeps the timings of the clocks `keep` names, and the horizon of those.
    fn retain(&mut self, keep: impl Fn(ClockName) -> bool) {
        let (len, mut n) = (self.len, 0);
        self.horizon = NO_HORIZON;
        for k in 0..len {
            if let Some((name, timing)) = self.list[k] {
                if keep(name) {
                    self.list[n] = Some((name, timing));
                    self.horizon = self.horizon.max(timing.horizon);
                    n += 1;
                }
            }
        }
        self.len = n;
    }

    fn iter(&self) -> impl Iterator<Item = &(ClockName, Timing)> {
        self.list[..self.len].iter().flatten()
    }

    /// The last day any watched clock's thresholds rest on.
    fn horizon(&self) -> Horizon {
        self.horizon
    }
}

/// A deemed approval (no reasons, basis or remedies: nobody wrote them).
fn deemed_approval() -> EventKind {
    EventKind::Decided {
        approve: true,
        deemed: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    }
}

fn step_name(item: &ServiceItem, step: usize) -> &str {
    item.steps.get(step).map_or("", |s| s.name.as_str())
}

/// The clock whose breach a rule records (so it is recorded once).
pub(super) fn breach_clock(rule: Rule) -> Option<ClockName> {
    match rule {
        Rule::LateOneTimeNotice => Some(ClockName::Notice),
        Rule::StepOverLimit => Some(ClockName::Step),
        Rule::LateNegativeReport => Some(ClockName::NegativeReport),
        Rule::DecisionOverdue => Some(ClockName::Decision),
        Rule::LateDelivery => Some(ClockName::Delivery),
        Rule::LateConsultReply => Some(ClockName::Consult),
        Rule::LateRatingFollowUp => Some(ClockName::RatingFollowUp),
        Rule::LateHearing => Some(ClockName::Hearing),
        Rule::LateAcceptance => Some(ClockName::Acceptance),
        Rule::LateComplaintAcceptance => Some(ClockName::ComplaintAcceptance),
        Rule::LateComplaintHandling => Some(ClockName::ComplaintHandling),
        Rule::LateComplaintReply => Some(ClockName::ComplaintReply),
        Rule::LatePledgeSigning => Some(ClockName::PledgeSigning),
        Rule::PledgeMilestoneMissed => Some(ClockName::PledgeMilestone),
        Rule::PledgeBroken => Some(ClockName::PledgeDeadline),
        Rule::RepeatedNotice
        | Rule::AbBothAbsent
        | Rule::UnansweredInquiry
        | Rule::UnexcusedAbsence
        | Rule::SubstantiatedComplaint
        | Rule::AccountabilityTriggered
        | Rule::InspectionFinding
        | Rule::RectificationFailed => None,
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
