//! First-inquiry records (首问负责制): who was asked, who is responsible, and whether the person was
//! answered, handled or guided within the policy's limit.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{EventKind, InquiryOutcome, Rule};
use crate::calendar::Calendar;
use crate::clock::{Clock, ClockState};
use crate::error::Result;

/// An inquiry. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    /// Inquiry number.
    pub id: String,
    /// Who asked.
    pub person: String,
    /// What about.
    pub topic: String,
    /// The responsible staff member.
    pub responsible: String,
    /// The answer limit, from the inquiry.
    pub clock: Clock,
    /// How it was dealt with, once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<InquiryOutcome>,
    /// Whether the limit passed unanswered (recorded once).
    pub breached: bool,
    /// The instant of the inquiry's latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
    /// Whether its timer could not be computed; it is no longer timed.
    #[serde(default)]
    pub faulted: bool,
}

impl Inquiry {
    /// When the inquiry was recorded (the start of its answer limit).
    pub fn recorded_at(&self) -> DateTime<Utc> {
        self.clock.started_at()
    }

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
            last_event_at: at,
            faulted: false,
        }
    }

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
            } => self.breached = true,
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn next_due(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        if self.breached || self.faulted || self.outcome.is_some() {
            return Ok(None);
        }
        Ok(self.clock.next_change(cal, now)?)
    }

    pub(crate) fn due(&self, at: DateTime<Utc>, cal: &Calendar) -> Result<Vec<(DateTime<Utc>, EventKind)>> {
        if self.breached || self.outcome.is_some() {
            return Ok(Vec::new());
        }
        let st = self.clock.timing(cal, at)?;
        if st.state != ClockState::Overdue {
            return Ok(Vec::new());
        }
        Ok(vec![(
            st.deadline,
            EventKind::Violation {
                rule: Rule::UnansweredInquiry,
                responsible: Some(self.responsible.clone()),
                detail: format!(
                    "inquiry about `{}` not answered, handled or guided by {}",
                    self.topic,
                    cal.local(st.deadline)
                ),
            },
        )])
    }
}
