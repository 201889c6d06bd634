//! The plan's transition table: in which states each command is allowed (declared once; `decide` checks
//! it first; the tests walk every pair; docs/commands.md's table is generated from it).

use super::Plan;
use crate::error::Result;

crate::names::wire_enum! {
    /// Where an inspection plan stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum PlanState {
        /// Only the commitment is recorded: the plan is sealed.
        Sealed = "sealed" / "已封存",
        /// The seed and request were revealed and give the committed plan.
        Revealed = "revealed" / "已公开",
    }
}

use PlanState::*;

/// Every plan command with the states that allow it; `commit_plan` creates one and is allowed in none.
pub(crate) const TABLE: &[(&str, &[PlanState])] = &[("commit_plan", &[]), ("reveal_plan", &[Sealed])];

impl Plan {
    /// Where the plan stands.
    pub fn state(&self) -> PlanState {
        if self.revealed.is_some() {
            Revealed
        } else {
            Sealed
        }
    }
}

/// [`TABLE`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: PlanState, command: &str) -> Result<()> {
    crate::names::check_transition(TABLE, "plan", state, state.label_zh(), command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::command::PlanCommand;

    #[test]
    fn the_table_lists_every_plan_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, PlanCommand::NAMES);
    }
}
