//! The pledge's limits and their timers: the signing of an ordered rectification, each milestone, and the
//! pledge's own limit. A limit that passes records its violation once: against the unit head for the
//! signing, the staff member responsible for a milestone, and both the staff member responsible and the
//! responsible leader for the pledge's limit.

use chrono::{DateTime, Utc};

use super::{Pledge, PledgeState};
use crate::calendar::Calendar;
use crate::clock::{Clock, ClockState};
use crate::context::Cx;
use crate::error::Result;
use crate::event::{ClockName, EventKind, Next, Rule, WatchedDeadline};

impl Pledge {
    /// The clocks its timers watch now: each with its name, the rule its breach breaks and its title.
    fn watched(&self) -> impl Iterator<Item = (ClockName, &Clock, Rule, &str)> {
        let state = self.state();
        let signing = self
            .signing
            .as_ref()
            .filter(|_| state == PledgeState::Ordered && !self.signing_breached)
            .map(|c| (ClockName::PledgeSigning, c, Rule::LatePledgeSigning, ""));
        let open = state == PledgeState::Open;
        let milestones = self
            .milestones
            .iter()
            .filter(move |m| open && m.reached_at.is_none() && !m.breached)
            .map(|m| {
                (
                    ClockName::PledgeMilestone,
                    &m.clock,
                    Rule::PledgeMilestoneMissed,
                    m.title.as_str(),
                )
            });
        let deadline = self
            .deadline
            .as_ref()
            .filter(|_| open && !self.deadline_breached)
            .map(|c| (ClockName::PledgeDeadline, c, Rule::PledgeBroken, ""));
        signing
            .into_iter()
            .chain(milestones)
            .chain(deadline)
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

    /// What is due at `at`: the breach of each watched limit that passed, in deadline order (milestones
    /// in their order), naming who answers for it, their unit and its head, and whether it rests on a
    /// provisional day.
    pub(crate) fn due(&self, at: DateTime<Utc>, cx: &Cx) -> Result<Vec<(DateTime<Utc>, EventKind, bool)>> {
        let mut out = Vec::new();
        for (name, clock, rule, title) in self.watched() {
            if !cx.records(rule) {
                continue;
            }
            let st = clock.timing(cx.cal, at)?;
            if st.state != ClockState::Overdue {
                continue;
            }
            let day = cx.cal.local(st.deadline);
            let (detail, who): (String, Vec<Option<&str>>) = match name {
                ClockName::PledgeSigning => (
                    format!("rectification pledge `{}` not signed by {day}", self.problem),
                    vec![None],
                ),
                ClockName::PledgeMilestone => (
                    format!("milestone `{title}` of pledge `{}` not reached by {day}", self.problem),
                    vec![self.responsible.as_deref()],
                ),
                _ => {
                    let mut who = vec![self.responsible.as_deref()];
                    if self.leader != self.responsible {
                        who.push(self.leader.as_deref());
                    }
                    (format!("pledge `{}` not fulfilled by {day}", self.problem), who)
                }
            };
            for person in who {
                // The person's own unit (a county leader answers for a supervised item from theirs), else the
                // pledge's unit with its head as the one responsible.
                let unit = person
                    .and_then(|p| cx.org.staff(p))
                    .map_or(self.unit.as_str(), |s| s.unit.as_str());
                let mut acc = cx.accountable(unit, None, st.deadline);
                if let Some(p) = person {
                    acc.responsible = Some(p.to_string());
                }
                out.push((
                    st.deadline,
                    acc.violation(rule, detail.clone()),
                    st.provisional.deadline,
                ));
            }
        }
        out.sort_by_key(|(t, _, _)| *t);
        Ok(out)
    }
}
