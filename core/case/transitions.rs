//! The case's transition table: in which states each command is allowed. Declared once; `decide` checks
//! it first, `tests/transitions.rs` walks every (state, command) pair, and docs/commands.md's table is
//! generated from it (and checked for freshness).

use super::CaseState::{self, *};
use crate::error::{not_allowed, Result};

/// Every command on an existing case with the states that allow it. `receive` creates a case and is
/// allowed in none (a case with its number exists). Other conditions (a paused clock, a pending party,
/// an open report) are checked by `decide` after the table.
pub(crate) const TABLE: &[(&str, &[CaseState])] = &[
    ("receive", &[]),
    ("notify_corrections", &[Received]),
    ("submit_corrections", &[AwaitingCorrection]),
    ("accept", &[Received]),
    ("refuse", &[Received, AwaitingCorrection]),
    ("report_negative", &[Refused, Denied]),
    ("complete_step", &[Accepted]),
    ("pause", &[Accepted]),
    ("resume", &[Accepted]),
    ("extend", &[Accepted]),
    ("decide", &[Accepted]),
    ("deliver", &[Approved]),
    ("joint_reply", &[Accepted]),
    ("joint_absence", &[Accepted]),
    ("rate", &[Refused, Denied, Delivered, Terminated]),
    ("follow_up_rating", &[Refused, Denied, Delivered, Terminated]),
    ("terminate", &[Received, AwaitingCorrection, Accepted]),
    ("withdraw", &[Received, AwaitingCorrection, Accepted]),
];

/// Whether `command` is allowed in `state` by the table.
pub(crate) fn allowed(state: CaseState, command: &str) -> bool {
    TABLE
        .iter()
        .any(|(name, states)| *name == command && states.contains(&state))
}

/// [`allowed`], as the refusal a host sees: `InvalidState` naming the command (`type`) and the state.
pub(crate) fn check(state: CaseState, command: &str) -> Result<()> {
    if allowed(state, command) {
        return Ok(());
    }
    Err(not_allowed(
        "type",
        command,
        format!("not allowed while the case is {state} ({})", state.label_zh()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::command::CaseCommand;

    #[test]
    fn the_table_lists_every_case_command_once() {
        let names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, CaseCommand::NAMES);
    }
}
