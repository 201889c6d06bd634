//! Applying an event to an inspection (no rules).

use chrono::{DateTime, Utc};

use super::{Inspection, InspectionFinding, Reinspection};
use crate::error::{invalid, Result};
use crate::event::EventKind;

impl Inspection {
    /// A new inspection from its `inspection_opened` event (applying it sets the supervisor who opened it).
    pub(crate) fn opened(id: &str, at: DateTime<Utc>, event: &EventKind) -> Result<Self> {
        let EventKind::InspectionOpened {
            unit,
            mode,
            inspectors,
            plan,
        } = event
        else {
            return Err(invalid(
                "type",
                event.name(),
                "an inspection starts with `inspection_opened`",
            ));
        };
        Ok(Inspection {
            id: id.to_string(),
            unit: unit.clone(),
            mode: *mode,
            inspectors: inspectors.clone(),
            plan: plan.clone(),
            opener: String::new(),
            opened_at: at,
            findings: Vec::new(),
            closed_at: None,
            summary: String::new(),
            events: 0,
            last_event_at: at,
        })
    }

    /// Applies an event.
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, kind: &EventKind) {
        self.last_event_at = self.last_event_at.max(at);
        self.events += 1;
        match kind {
            EventKind::InspectionOpened { .. } => self.opener = actor.unwrap_or_default().to_string(),
            EventKind::FindingRecorded {
                finding,
                person,
                problem,
                rectify,
            } => self.findings.push(InspectionFinding {
                number: *finding,
                person: person.clone(),
                problem: problem.clone(),
                rectify: *rectify,
                at,
                reinspections: Vec::new(),
            }),
            EventKind::InspectionClosed { summary } => {
                self.closed_at = Some(at);
                self.summary = summary.clone();
            }
            EventKind::FindingReinspected {
                finding,
                passed,
                detail,
            } => {
                if let Some(f) = self.findings.iter_mut().find(|f| f.number == *finding) {
                    f.reinspections.push(Reinspection {
                        at,
                        by: actor.unwrap_or_default().to_string(),
                        passed: *passed,
                        detail: detail.clone(),
                    });
                }
            }
            _ => {}
        }
    }
}
