//! Applying an event to an inquiry (no rules).

use chrono::{DateTime, Utc};

use super::Inquiry;
use crate::clock::Clock;
use crate::error::Result;
use crate::event::{EventKind, Rule};

impl Inquiry {
    /// A new inquiry from its `inquiry_recorded` event.
    pub(crate) fn recorded(
        id: &str,
        at: DateTime<Utc>,
        person: &str,
        topic: &str,
        responsible: &str,
        template: &Clock,
    ) -> Self {
        Inquiry {
            id: id.to_string(),
            person: person.to_string(),
            topic: topic.to_string(),
            responsible: responsible.to_string(),
            clock: template.restarted(at),
            outcome: None,
            breached: false,
            breached_at: None,
            last_event_at: at,
            faulted: false,
        }
    }

    /// Applies an event (the answer, the breach of the limit).
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, kind: &EventKind) -> Result<()> {
        self.last_event_at = self.last_event_at.max(at);
        match kind {
            EventKind::InquiryAnswered { outcome, .. } => {
                self.clock.complete(at)?;
                self.outcome = Some(*outcome);
            }
            EventKind::Violation {
                rule: Rule::UnansweredInquiry,
                ..
            } => {
                if !self.breached {
                    self.breached_at = Some(at);
                }
                self.breached = true;
            }
            EventKind::TimerFault { .. } => self.record_fault(at),
            // A calendar change timed the inquiry again.
            EventKind::DeadlineChanged { .. } => self.faulted = false,
            _ => {}
        }
        Ok(())
    }

    /// Marks the inquiry as no longer timed after a timer fault at `at` (also the replay path).
    pub(crate) fn record_fault(&mut self, at: DateTime<Utc>) {
        self.last_event_at = self.last_event_at.max(at);
        self.faulted = true;
    }
}
