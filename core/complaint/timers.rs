//! The complaint's three limits and their timers: the acceptance decision, handling, and the reply to a
//! named complainant. A limit that passes records its violation once.

use chrono::{DateTime, Utc};

use super::{Complaint, ComplaintState};
use crate::calendar::Calendar;
use crate::clock::{Clock, ClockState};
use crate::context::Cx;
use crate::error::Result;
use crate::event::{ClockName, EventKind, Next, Rule, WatchedDeadline};

impl Complaint {
    /// The clocks its timers watch now: each with its name, the rule its breach breaks and who answers
    /// for it (the registrar for the acceptance decision, the handler for handling and the reply).
    fn watched(&self) -> impl Iterator<Item = (ClockName, &Clock, Rule, &str)> {
        let state = self.state();
        let handler = self.handler.as_deref().unwrap_or(&self.registrar);
        let acceptance = (state == ComplaintState::Registered && !self.acceptance_breached).then_some((
            ClockName::ComplaintAcceptance,
            &self.acceptance,
            Rule::LateComplaintAcceptance,
            self.registrar.as_str(),
        ));
        let handling = self
            .handling
            .as_ref()
            .filter(|h| state == ComplaintState::Handling && h.completed_at().is_none() && !self.handling_breached)
            .map(|h| (ClockName::ComplaintHandling, h, Rule::LateComplaintHandling, handler));
        let reply = self
            .reply
            .as_ref()
            .filter(|r| state == ComplaintState::Closed && r.completed_at().is_none() && !self.reply_breached)
            .map(|r| (ClockName::ComplaintReply, r, Rule::LateComplaintReply, handler));
        [acceptance, handling, reply]
            .into_iter()
            .flatten()
            .filter(|_| !self.faulted)
    }

    /// The next instant a timer fires after `now`, and the last day it rests on (none for a rule the
    /// policy does not record: no violation would be).
    pub(crate) fn next_due(&self, cx: &Cx, now: DateTime<Utc>) -> Result<Next> {
        crate::context::next_due_of(cx, now, self.watched().map(|(_, clock, rule, _)| (clock, rule)))
    }

    /// The deadlines of the watched clocks under `cal`, and whether they are provisional.
    pub(crate) fn watched_deadlines(&self, cal: &Calendar, at: DateTime<Utc>) -> Result<Vec<WatchedDeadline>> {
        crate::context::deadlines_of(cal, at, self.watched().map(|(name, clock, _, _)| (name, clock)))
    }

    /// What is due at `at`: the breach of each watched limit that passed, in deadline order, naming the
    /// person who answers for it, their unit and its head, and whether it rests on a provisional day.
    pub(crate) fn due(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<(DateTime<Utc>, EventKind, bool)>> {
        let mut out = Vec::new();
        for (name, clock, rule, who) in self.watched() {
            if !cx.records(rule) {
                continue;
            }
            let st = clock.timing(cx.cal, at)?;
            if st.state != ClockState::Overdue {
                continue;
            }
            let mut acc = match cx.org.staff(who) {
                Some(s) => cx.accountable(&s.unit, None, st.deadline),
                None => Default::default(),
            };
            acc.responsible = Some(who.to_string());
            let what = match name {
                ClockName::ComplaintAcceptance => "no acceptance decision on",
                ClockName::ComplaintHandling => "no handling of",
                _ => "no reply to the complainant of",
            };
            out.push((
                st.deadline,
                acc.violation(
                    rule,
                    format!(
                        "{what} the complaint about `{}` by {}",
                        self.respondent,
                        cx.cal.local(st.deadline)
                    ),
                ),
                st.provisional.deadline,
            ));
        }
        out.sort_by_key(|(t, _, _)| *t);
        Ok(out)
    }
}
