//! What the engine answers about complaints beyond one record: the original a new complaint repeats,
//! the check that a merge names a complaint, and the views by viewer (the complainant's identity is
//! confidential: only supervisors see it).

use super::Engine;
use crate::complaint::command::{ComplaintCommand, MergeComplaint};
use crate::complaint::Complaint;
use crate::error::{not_found, Result};
use crate::org::Role;

impl Engine {
    /// Before a complaint command runs: the original a complaint being registered repeats (none yet:
    /// found by text similarity once the index is in place), and, for a merge, that `into` names a
    /// complaint.
    pub(super) fn complaint_link(&self, command: &ComplaintCommand) -> Result<Option<String>> {
        if let ComplaintCommand::MergeComplaint(MergeComplaint { into, .. }) = command {
            if self.complaint(into).is_none() {
                return Err(not_found("into", into, "no complaint has this number"));
            }
        }
        Ok(None)
    }

    /// Whether `viewer` may see complainants' identities: a staff member with the `supervisor` role.
    pub fn sees_complainants(&self, viewer: &str) -> bool {
        self.org
            .staff(viewer)
            .is_some_and(|s| s.roles.contains(&Role::Supervisor))
    }

    /// A complaint as `viewer` may see it: whole for a supervisor, with the complainant's identity
    /// withheld for anyone else (any other role, unit or an unknown viewer).
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "register_complaint", "case": "T1",
    ///     "at": "2026-10-09T09:00:00+08:00", "actor": "s-sup", "channel": "letter", "category": "rudeness",
    ///     "respondent": "amr", "subject": "窗口人员态度生硬", "complainant": "李女士"}"#).unwrap()).unwrap();
    /// assert!(engine.complaint_for("T1", "s-sup").unwrap().complainant.is_some());
    /// assert!(engine.complaint_for("T1", "s-head").unwrap().complainant.is_none());
    /// ```
    pub fn complaint_for(&self, id: &str, viewer: &str) -> Option<Complaint> {
        let c = self.complaint(id)?;
        Some(if self.sees_complainants(viewer) {
            c.clone()
        } else {
            c.redacted()
        })
    }

    /// Every complainant of a complaint and of the duplicates merged into it, in complaint-number order
    /// (a supervisor's view: merged letters keep every complainant). Empty for anonymous ones.
    pub fn complainants(&self, id: &str) -> Vec<crate::event::Complainant> {
        let mut merged: Vec<&Complaint> = self
            .complaints()
            .filter(|c| c.id == id || c.merged_into.as_deref() == Some(id))
            .collect();
        merged.sort_by(|a, b| (a.id != id, &a.id).cmp(&(b.id != id, &b.id)));
        merged.into_iter().filter_map(|c| c.complainant.clone()).collect()
    }
}
