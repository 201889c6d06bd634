//! The inquiry's answer-limit timer: unanswered at the limit → a violation.

use chrono::{DateTime, Utc};

use super::Inquiry;
use crate::calendar::Calendar;
use crate::clock::ClockState;
use crate::error::Result;
use crate::event::{EventKind, Rule};

impl Inquiry {
    /// The next instant its timer fires after `now`, if any.
    pub(crate) fn next_due(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        if self.breached || self.faulted || self.outcome.is_some() {
            return Ok(None);
        }
        Ok(self.clock.next_change(cal, now)?)
    }

    /// What is due at `at`: the breach of the answer limit.
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
