//! Applying an event to a complaint (no rules).

use chrono::{DateTime, Utc};

use super::Complaint;
use crate::clock::{Clock, Extension};
use crate::context::Cx;
use crate::error::{invalid, Result};
use crate::event::{EventKind, Rule};

impl Complaint {
    /// A new complaint from its `complaint_registered` event (applying the event sets its registrar).
    pub(crate) fn registered(id: &str, at: DateTime<Utc>, event: &EventKind, cx: &Cx) -> Result<Self> {
        let EventKind::ComplaintRegistered {
            channel,
            category,
            respondent,
            subject,
            complainant,
            repeat_of,
        } = event
        else {
            return Err(invalid(
                "type",
                event.name(),
                "a complaint starts with `complaint_registered`",
            ));
        };
        Ok(Complaint {
            id: id.to_string(),
            channel: *channel,
            category: *category,
            respondent: respondent.clone(),
            subject: subject.clone(),
            complainant: complainant.as_deref().cloned(),
            redacted: false,
            registrar: String::new(),
            repeat_of: repeat_of.clone(),
            acceptance: cx.rules.complaint_acceptance.restarted(at),
            tier: None,
            handler: None,
            handling: None,
            declined: None,
            merged_into: None,
            finding: None,
            responsible: None,
            closed_at: None,
            reply: None,
            returns: 0,
            reopenings: 0,
            acceptance_breached: false,
            handling_breached: false,
            reply_breached: false,
            events: 0,
            last_event_at: at,
            faulted: false,
        })
    }

    /// A new handling limit from `at`: the policy's (after an acceptance or a reopening), or `limit`.
    fn start_handling(&mut self, clock: Clock) {
        self.handling = Some(clock);
        self.handling_breached = false;
        self.finding = None;
        self.responsible = None;
    }

    /// Reopens a closed complaint at `at` (an unsatisfied call-back, a failed re-check): handled again
    /// within the policy's handling limit.
    fn reopen(&mut self, at: DateTime<Utc>, cx: &Cx) {
        self.closed_at = None;
        self.reply = None;
        self.reply_breached = false;
        self.reopenings += 1;
        self.start_handling(cx.rules.complaint_handling.restarted(at));
    }

    /// Applies an event.
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, kind: &EventKind, cx: &Cx) -> Result<()> {
        self.last_event_at = self.last_event_at.max(at);
        self.events += 1;
        match kind {
            // `init` built the complaint from this event; its actor is the registrar.
            EventKind::ComplaintRegistered { .. } => self.registrar = actor.unwrap_or_default().to_string(),
            EventKind::ComplaintAccepted { tier, handler } => {
                self.acceptance.complete(at)?;
                self.tier = Some(*tier);
                self.handler = Some(handler.clone());
                self.start_handling(cx.rules.complaint_handling.restarted(at));
            }
            EventKind::ComplaintDeclined { reason } => {
                self.acceptance.complete(at)?;
                self.declined = Some(reason.clone());
            }
            EventKind::ComplaintMerged { into } => {
                if self.acceptance.completed_at().is_none() {
                    self.acceptance.complete(at)?;
                }
                if let Some(h) = self.handling.as_mut().filter(|h| h.completed_at().is_none()) {
                    h.complete(at)?;
                }
                self.merged_into = Some(into.clone());
            }
            EventKind::ComplaintExtended { amount, reason } => {
                let handling = self
                    .handling
                    .as_mut()
                    .ok_or_else(|| invalid("type", "complaint_extended", "the complaint has no handling limit"))?;
                handling.extend(
                    cx.cal,
                    Extension {
                        at,
                        amount: *amount,
                        approver: actor.unwrap_or_default().to_string(),
                        reason: reason.clone(),
                    },
                )?;
            }
            EventKind::ComplaintHandled {
                finding, responsible, ..
            } => {
                if let Some(h) = self.handling.as_mut() {
                    h.complete(at)?;
                }
                self.finding = Some(*finding);
                self.responsible = responsible.clone();
            }
            EventKind::ComplaintClosed => {
                self.closed_at = Some(at);
                self.reply_breached = false;
                self.reply = self
                    .complainant
                    .as_ref()
                    .map(|_| cx.rules.complaint_reply.restarted(at));
            }
            EventKind::ComplaintReturned { limit, .. } => {
                self.returns += 1;
                let clock = crate::context::template(cx.policy, *limit).restarted(at);
                self.start_handling(clock);
            }
            EventKind::ComplaintReplied { .. } => {
                if let Some(r) = self.reply.as_mut() {
                    r.complete(at)?;
                }
            }
            EventKind::ComplaintCalledBack { satisfied: false, .. }
            | EventKind::ComplaintRechecked { holds: false, .. } => self.reopen(at, cx),
            EventKind::Violation { rule, .. } => match rule {
                Rule::LateComplaintAcceptance => self.acceptance_breached = true,
                Rule::LateComplaintHandling => self.handling_breached = true,
                Rule::LateComplaintReply => self.reply_breached = true,
                _ => {}
            },
            EventKind::TimerFault { .. } => self.record_fault(at),
            // A calendar change timed the complaint again.
            EventKind::DeadlineChanged { .. } => self.faulted = false,
            _ => {}
        }
        Ok(())
    }

    /// Marks the complaint as no longer timed after a timer fault at `at` (also the replay path).
    pub(crate) fn record_fault(&mut self, at: DateTime<Utc>) {
        self.last_event_at = self.last_event_at.max(at);
        self.faulted = true;
    }
}
