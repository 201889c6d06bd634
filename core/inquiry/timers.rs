//! The inquiry's answer-limit timer: unanswered at the limit → a violation.

use chrono::{DateTime, Utc};

use super::Inquiry;
use crate::clock::ClockState;
use crate::context::Cx;
use crate::error::Result;
use crate::event::{EventKind, Rule};

impl Inquiry {
    /// The next instant its timer fires after `now`, if any (none when the policy does not keep the
    /// first-inquiry system: no violation would be recorded).
    pub(crate) fn next_due(&self, cx: &Cx, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        if self.breached || self.faulted || self.outcome.is_some() || !cx.records(Rule::UnansweredInquiry) {
            return Ok(None);
        }
        Ok(self.clock.next_change(cx.cal, now)?)
    }

    /// What is due at `at`: the breach of the answer limit, naming the responsible staff member, their
    /// unit and its head (an inquiry belongs to a person, not a post).
    pub(crate) fn due(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<(DateTime<Utc>, EventKind)>> {
        if self.breached || self.outcome.is_some() || !cx.records(Rule::UnansweredInquiry) {
            return Ok(Vec::new());
        }
        let cal = cx.cal;
        let st = self.clock.timing(cal, at)?;
        if st.state != ClockState::Overdue {
            return Ok(Vec::new());
        }
        Ok(vec![(st.deadline, {
            let mut who = match cx.org.staff(&self.responsible) {
                Some(s) => cx.accountable(&s.unit, None, st.deadline),
                None => Default::default(),
            };
            who.responsible = Some(self.responsible.clone());
            who.violation(
                Rule::UnansweredInquiry,
                format!(
                    "inquiry about `{}` not answered, handled or guided by {}",
                    self.topic,
                    cal.local(st.deadline)
                ),
            )
        })])
    }
}
