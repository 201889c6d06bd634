//! Applying an event to an accountability matter (no rules).

use chrono::{DateTime, Utc};

use super::Matter;
use crate::error::{invalid, Result};
use crate::event::EventKind;

impl Matter {
    /// A new matter from its `matter_opened` event (applying it sets the supervisor who opened it).
    pub(crate) fn opened(id: &str, at: DateTime<Utc>, event: &EventKind) -> Result<Self> {
        let EventKind::MatterOpened {
            violation,
            trigger,
            facts,
            detail,
        } = event
        else {
            return Err(invalid(
                "type",
                event.name(),
                "an accountability matter starts with `matter_opened`",
            ));
        };
        Ok(Matter {
            id: id.to_string(),
            violation: *violation,
            trigger: *trigger,
            detail: detail.clone(),
            opener: String::new(),
            facts: (**facts).clone(),
            proposal: None,
            sanction: None,
            events: 0,
            last_event_at: at,
        })
    }

    /// Applies an event.
    pub(crate) fn apply(&mut self, at: DateTime<Utc>, actor: Option<&str>, kind: &EventKind) {
        self.last_event_at = self.last_event_at.max(at);
        self.events += 1;
        match kind {
            EventKind::MatterOpened { .. } => self.opener = actor.unwrap_or_default().to_string(),
            EventKind::SanctionProposed { proposal } => self.proposal = Some((**proposal).clone()),
            EventKind::SanctionDecided { sanction } => self.sanction = Some((**sanction).clone()),
            _ => {}
        }
    }
}
