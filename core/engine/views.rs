//! What a host reads without changing anything: a case as seen at an instant ([`CaseView`]) and the
//! e-supervision board ([`BoardRow`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::aggregate::Kind;
use super::Engine;
use crate::case::{CaseState, ViolationRecord};
use crate::clock::{ClockStatus, Signal};
use crate::error::Result;
use crate::org::Acting;

/// A case as a host sees it at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CaseView {
    /// Case number.
    pub case: String,
    /// Item code and name.
    pub item: String,
    /// Item name.
    pub item_name: String,
    /// Responsible unit.
    pub unit: String,
    /// State.
    pub state: CaseState,
    /// The decision clock's status, once accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<ClockStatus>,
    /// The current step's name, while under review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The current step's clock status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_status: Option<ClockStatus>,
    /// Who holds the case now (the acting holder of the current step's post).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Acting>,
    /// The decision clock's e-supervision signal.
    pub signal: Signal,
    /// True when the decision or the step status rests on a provisional day (after the calendar's last
    /// notice, docs/rules.md §2): a notice for that year may move its deadlines.
    #[serde(default)]
    pub provisional: bool,
    /// Violations recorded.
    pub violations: Vec<ViolationRecord>,
}

/// A row of the e-supervision board (电子监察): a case with a signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRow {
    /// Unit.
    pub unit: String,
    /// Case number.
    pub case: String,
    /// Item code.
    pub item: String,
    /// Signal.
    pub signal: Signal,
    /// Supervised deadline.
    pub deadline: DateTime<chrono::FixedOffset>,
    /// Remaining (negative when overdue), in the limit's ticks.
    pub remaining: i64,
    /// True when the deadline (or the count behind `remaining`) rests on a provisional day.
    #[serde(default)]
    pub provisional: bool,
}

impl Engine {
    /// A case as seen at `now`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] for an unknown case; clock errors when a status cannot be computed.
    pub fn view(&self, id: &str, now: DateTime<Utc>) -> Result<CaseView> {
        let case = self.case(id).ok_or_else(|| self.missing(id, Kind::Case))?;
        let item = &self.catalog.items()[case.item_ix as usize];
        let decision = match &case.decision {
            Some(c) => Some(c.status(&self.calendar, now)?),
            None => None,
        };
        let under_review = case.state == CaseState::Accepted;
        let step = item.steps.get(case.step()).filter(|_| under_review);
        let step_status = match (&case.step_clock, under_review) {
            (Some(c), true) => Some(c.status(&self.calendar, now)?),
            _ => None,
        };
        Ok(CaseView {
            case: case.id.to_string(),
            item: case.item.to_string(),
            item_name: item.name.clone(),
            unit: case.unit.to_string(),
            state: case.state,
            signal: decision
                .as_ref()
                .filter(|_| under_review)
                .map_or(Signal::None, |d| d.signal),
            provisional: decision.as_ref().is_some_and(|d| d.provisional)
                || step_status.as_ref().is_some_and(|s| s.provisional),
            decision,
            step: step.map(|s| s.name.clone()),
            step_status,
            holder: step.and_then(|s| self.org.acting_holder(&s.post, now).ok()),
            violations: case.violations().to_vec(),
        })
    }

    /// The e-supervision board at `now`: every case under review with a signal, by unit, then most severe
    /// first, then earliest deadline.
    ///
    /// # Errors
    ///
    /// Clock errors when a status cannot be computed.
    pub fn board(&self, now: DateTime<Utc>) -> Result<Vec<BoardRow>> {
        let mut rows = Vec::new();
        for case in self.cases().filter(|c| c.state == CaseState::Accepted) {
            if let Some(c) = &case.decision {
                let st = c.status_brief(&self.calendar, now)?;
                if st.signal != Signal::None {
                    rows.push(BoardRow {
                        unit: case.unit.to_string(),
                        case: case.id.to_string(),
                        item: case.item.to_string(),
                        signal: st.signal,
                        deadline: st.deadline,
                        remaining: st.remaining,
                        provisional: st.provisional,
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            (&a.unit, std::cmp::Reverse(a.signal), a.deadline, &a.case).cmp(&(
                &b.unit,
                std::cmp::Reverse(b.signal),
                b.deadline,
                &b.case,
            ))
        });
        Ok(rows)
    }
}
