//! Applying an event to an inspection plan (no rules).

use chrono::{DateTime, Utc};

use super::{Plan, Revealed};
use crate::error::{invalid, Result};
use crate::event::EventKind;

impl Plan {
    /// A new plan from its `plan_committed` event (applying it sets who committed it).
    pub(crate) fn committed(id: &str, at: DateTime<Utc>, event: &EventKind) -> Result<Self> {
        let EventKind::PlanCommitted {
            period_start,
            period_end,
            commitment,
        } = event
        else {
            return Err(invalid(
                "type",
                event.name(),
                "an inspection plan starts with `plan_committed`",
            ));
        };
        Ok(Plan {
            id: id.to_string(),
            period_start: *period_start,
            period_end: *period_end,
            commitment: commitment.clone(),
            committed_by: String::new(),
            committed_at: at,
            revealed: None,
            events: 0,
            last_event_at: at,
        })
    }

    /// Applies an event.
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, kind: &EventKind) {
        self.last_event_at = self.last_event_at.max(at);
        self.events += 1;
        match kind {
            EventKind::PlanCommitted { .. } => self.committed_by = actor.unwrap_or_default().to_string(),
            EventKind::PlanRevealed { seed, request } => {
                self.revealed = Some(Revealed {
                    seed: *seed,
                    request: (**request).clone(),
                    by: actor.unwrap_or_default().to_string(),
                    at,
                })
            }
            _ => {}
        }
    }
}
