//! The inquiry's answer-limit timer: unanswered at the limit → a violation.

use chrono::{DateTime, Utc};

use super::Inquiry;
use crate::calendar::Calendar;
use crate::clock::ClockState;
use crate::context::Cx;
use crate::error::Result;
use crate::event::{ClockName, EventKind, Next, Rule, WatchedDeadline};

impl Inquiry {
    /// Whether its clock is watched (open, not breached, not faulted).
    fn watched(&self) -> bool {
        !(self.breached || self.faulted || self.outcome.is_some())
    }

    /// The next instant its timer fires after `now`, if any, and the last day it rests on (none when the
    /// policy does not keep the first-inquiry system: no violation would be recorded).
    pub(crate) fn next_due(&self, cx: &Cx, now: DateTime<Utc>) -> Result<Next> {
        if !self.watched() || !cx.records(Rule::UnansweredInquiry) {
            return Ok(Next::default());
        }
        let t = self.clock.timing(cx.cal, now)?;
        Ok(Next {
            at: t.next_change,
            horizon: t.horizon,
        })
    }

    /// The answer limit's deadline under `cal` while it is watched, and whether it is provisional.
    pub(crate) fn watched_deadlines(&self, cal: &Calendar, at: DateTime<Utc>) -> Result<Vec<WatchedDeadline>> {
        if !self.watched() {
            return Ok(Vec::new());
        }
        Ok(WatchedDeadline::of(ClockName::Inquiry, self.clock.deadlines(cal, at)?).collect())
    }

    /// What is due at `at`: the breach of the answer limit, naming the responsible staff member, their
    /// unit and its head (an inquiry belongs to a person, not a post), and whether it rests on a
    /// provisional day.
    pub(crate) fn due(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<(DateTime<Utc>, EventKind, bool)>> {
        if self.breached || self.outcome.is_some() || !cx.records(Rule::UnansweredInquiry) {
            return Ok(Vec::new());
        }
        let cal = cx.cal;
        let st = self.clock.timing(cal, at)?;
        if st.state != ClockState::Overdue {
            return Ok(Vec::new());
        }
        Ok(vec![(
            st.deadline,
            {
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
            },
            st.provisional.deadline,
        )])
    }
}
