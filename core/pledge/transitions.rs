//! The pledge's transition table: in which states each command is allowed (declared once; `decide` checks
//! it first; the tests walk every pair; docs/commands.md's table is generated from it).

use super::Pledge;
use crate::error::{not_allowed, Result};

crate::names::wire_enum! {
    /// Where a pledge stands in its procedure (its status at an instant is [`crate::PledgeStatus`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum PledgeState {
        /// A rectification ordered, awaiting the unit head's signature.
        Ordered = "ordered" / "待签订",
        /// Signed or opened: being carried out.
        Open = "open" / "推进中",
        /// Reported fulfilled, awaiting verification.
        Completed = "completed" / "待验收",
        /// Verified: kept.
        Kept = "kept" / "已验收",
    }
}

use PledgeState::*;

/// Every pledge command with the states that allow it; `order_rectification` and `open_pledge` create one
/// and are allowed in none (a record with its number exists).
pub(crate) const TABLE: &[(&str, &[PledgeState])] = &[
    ("order_rectification", &[]),
    ("sign_pledge", &[Ordered]),
    ("open_pledge", &[]),
    ("report_pledge", &[Open]),
    ("complete_pledge", &[Open]),
    ("verify_pledge", &[Completed]),
    ("rate_pledge", &[Open, Completed, Kept]),
];

impl Pledge {
    /// Where the pledge stands.
    pub fn state(&self) -> PledgeState {
        if self.verified_at.is_some() {
            Kept
        } else if self.completed_at.is_some() {
            Completed
        } else if self.deadline.is_some() {
            Open
        } else {
            Ordered
        }
    }
}

/// Whether `command` is allowed in `state` by the table.
pub(crate) fn allowed(state: PledgeState, command: &str) -> bool {
    TABLE
        .iter()
        .any(|(name, states)| *name == command && states.contains(&state))
}

/// [`allowed`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: PledgeState, command: &str) -> Result<()> {
    if allowed(state, command) {
        return Ok(());
    }
    Err(not_allowed(
        "type",
        command,
        format!("not allowed while the pledge is {state} ({})", state.label_zh()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pledge::command::PledgeCommand;

    #[test]
    fn the_table_lists_every_pledge_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, PledgeCommand::NAMES);
    }
}
