//! The inquiry's transition table: in which states each command is allowed (declared once; `decide`
//! checks it first; the tests walk every pair; docs/commands.md's table is generated from it).

use super::Inquiry;
use crate::error::{not_allowed, Result};

crate::names::wire_enum! {
    /// Where an inquiry stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum InquiryState {
        /// Recorded, not yet dealt with.
        Open = "open" / "待答复",
        /// Answered, handled or guided.
        DealtWith = "dealt_with" / "已答复",
    }
}

use InquiryState::*;

/// Every inquiry command with the states that allow it; `record_inquiry` creates one and is allowed in
/// none (a record with its number exists).
pub(crate) const TABLE: &[(&str, &[InquiryState])] = &[("record_inquiry", &[]), ("answer_inquiry", &[Open])];

impl Inquiry {
    /// Where the inquiry stands.
    pub fn state(&self) -> InquiryState {
        if self.outcome.is_some() {
            DealtWith
        } else {
            Open
        }
    }
}

/// Whether `command` is allowed in `state` by the table.
pub(crate) fn allowed(state: InquiryState, command: &str) -> bool {
    TABLE
        .iter()
        .any(|(name, states)| *name == command && states.contains(&state))
}

/// [`allowed`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: InquiryState, command: &str) -> Result<()> {
    if allowed(state, command) {
        return Ok(());
    }
    Err(not_allowed(
        "type",
        command,
        format!("not allowed while the inquiry is {state} ({})", state.label_zh()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiry::command::InquiryCommand;

    #[test]
    fn the_table_lists_every_inquiry_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, InquiryCommand::NAMES);
    }
}
