//! The complaint's transition table: in which states each command is allowed (declared once; `decide`
//! checks it first; the tests walk every pair; docs/commands.md's table is generated from it).

use super::Complaint;
use crate::error::{not_allowed, Result};

crate::names::wire_enum! {
    /// Where a complaint stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum ComplaintState {
        /// Registered, awaiting the acceptance decision.
        Registered = "registered" / "待受理",
        /// Accepted, with its handler.
        Handling = "handling" / "办理中",
        /// Handled, awaiting review before closing.
        UnderReview = "under_review" / "待审核",
        /// Reviewed and closed.
        Closed = "closed" / "已办结",
        /// Not accepted.
        Declined = "declined" / "不予受理",
        /// Merged into its original.
        Merged = "merged" / "已合并",
    }
}

use ComplaintState::*;

/// Every complaint command with the states that allow it; `register_complaint` creates one and is allowed
/// in none (a record with its number exists).
pub(crate) const TABLE: &[(&str, &[ComplaintState])] = &[
    ("register_complaint", &[]),
    ("accept_complaint", &[Registered]),
    ("decline_complaint", &[Registered]),
    ("extend_complaint", &[Handling]),
    ("handle_complaint", &[Handling]),
    ("close_complaint", &[UnderReview]),
    ("return_complaint", &[UnderReview]),
    ("reply_complaint", &[Closed]),
    ("call_back_complaint", &[Closed]),
    ("recheck_complaint", &[Closed]),
    ("merge_complaint", &[Registered, Handling]),
];

impl Complaint {
    /// Where the complaint stands.
    pub fn state(&self) -> ComplaintState {
        if self.merged_into.is_some() {
            Merged
        } else if self.declined.is_some() {
            Declined
        } else if self.closed_at.is_some() {
            Closed
        } else if self.finding.is_some() {
            UnderReview
        } else if self.handler.is_some() {
            Handling
        } else {
            Registered
        }
    }
}

/// Whether `command` is allowed in `state` by the table.
pub(crate) fn allowed(state: ComplaintState, command: &str) -> bool {
    TABLE
        .iter()
        .any(|(name, states)| *name == command && states.contains(&state))
}

/// [`allowed`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: ComplaintState, command: &str) -> Result<()> {
    if allowed(state, command) {
        return Ok(());
    }
    Err(not_allowed(
        "type",
        command,
        format!("not allowed while the complaint is {state} ({})", state.label_zh()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::command::ComplaintCommand;

    #[test]
    fn the_table_lists_every_complaint_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ComplaintCommand::NAMES);
    }
}
