//! The matter's transition table: in which states each command is allowed (declared once; `decide`
//! checks it first; the tests walk every pair; docs/commands.md's table is generated from it).

use super::Matter;
use crate::error::Result;

crate::names::wire_enum! {
    /// Where an accountability matter stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum MatterState {
        /// A sanction proposed, awaiting a person's decision: nothing takes effect.
        Proposed = "proposed" / "待确认",
        /// Confirmed or changed: the sanction holds and is filed.
        Decided = "decided" / "已确认",
    }
}

use MatterState::*;

/// Every matter command with the states that allow it; `open_matter` creates one and is allowed in none.
pub(crate) const TABLE: &[(&str, &[MatterState])] = &[("open_matter", &[]), ("decide_sanction", &[Proposed])];

impl Matter {
    /// Where the matter stands.
    pub fn state(&self) -> MatterState {
        if self.sanction.is_some() {
            Decided
        } else {
            Proposed
        }
    }
}

/// [`TABLE`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: MatterState, command: &str) -> Result<()> {
    crate::names::check_transition(TABLE, "matter", state, state.label_zh(), command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matter::command::MatterCommand;

    #[test]
    fn the_table_lists_every_matter_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, MatterCommand::NAMES);
    }
}
