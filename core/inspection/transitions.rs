//! The inspection's transition table: in which states each command is allowed (declared once; `decide`
//! checks it first; the tests walk every pair; docs/commands.md's table is generated from it).

use super::Inspection;
use crate::error::Result;

crate::names::wire_enum! {
    /// Where an inspection stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum InspectionState {
        /// The visit is under way: findings are recorded.
        Open = "open" / "检查中",
        /// The visit concluded; findings to rectify await re-inspection.
        Reinspecting = "reinspecting" / "待复查",
        /// Concluded: every finding to rectify was found rectified (or there were none).
        Concluded = "concluded" / "已办结",
    }
}

use InspectionState::*;

/// Every inspection command with the states that allow it; `open_inspection` creates one and is allowed
/// in none.
pub(crate) const TABLE: &[(&str, &[InspectionState])] = &[
    ("open_inspection", &[]),
    ("record_finding", &[Open]),
    ("close_inspection", &[Open]),
    ("reinspect", &[Reinspecting]),
];

impl Inspection {
    /// Where the inspection stands.
    pub fn state(&self) -> InspectionState {
        if self.closed_at.is_none() {
            Open
        } else if self.findings.iter().any(super::InspectionFinding::awaiting) {
            Reinspecting
        } else {
            Concluded
        }
    }
}

/// [`TABLE`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: InspectionState, command: &str) -> Result<()> {
    crate::names::check_transition(TABLE, "inspection", state, state.label_zh(), command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspection::command::InspectionCommand;

    #[test]
    fn the_table_lists_every_inspection_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, InspectionCommand::NAMES);
    }
}
