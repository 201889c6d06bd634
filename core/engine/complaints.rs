//! What the engine answers about complaints beyond one record: the original a new complaint repeats,
//! the check that a merge names a complaint, and the views by viewer (the complainant's identity is
//! confidential: only supervisors see it).

use chrono::{DateTime, TimeDelta, Utc};

use super::aggregate::Aggregate;
use super::Engine;
use crate::complaint::command::{ComplaintCommand, MergeComplaint, RegisterComplaint};
use crate::complaint::Complaint;
use crate::dedup::{DedupIndex, DedupParams, Similarity};
use crate::error::{forbidden, not_found, Result};
use crate::event::Complainant;
use crate::event::{EventKind, Pending};
use crate::org::Role;
use crate::policy::Policy;

/// The repeat index's parameters from the policy's `[complaints]` (window and similarity; the defaults
/// otherwise).
pub(super) fn dedup_params(policy: &Policy) -> DedupParams {
    let c = &policy.complaints;
    DedupParams {
        window: TimeDelta::days(i64::from(c.repeat_window_days)),
        threshold: Similarity::new(c.repeat_similarity_per_mille, 1000),
        late_tolerance: TimeDelta::days(i64::from(c.repeat_window_days).max(90)),
        ..DedupParams::default()
    }
}

impl Engine {
    /// A complaint by number, as a supervisor sees it (with the complainant's identity; see
    /// [`Engine::complaint_for`] for anyone else).
    pub fn complaint(&self, id: &str) -> Option<&Complaint> {
        self.get::<Complaint>(id)
    }

    /// Every complaint, in no particular order (as supervisors see them).
    pub fn complaints(&self) -> impl Iterator<Item = &Complaint> {
        self.records.complaints.iter()
    }

    /// Runs a complaint command through the one pipeline, with what it needs beyond its record: the
    /// original a new complaint repeats, found before (`Cx::repeat_of`), and the new complaint indexed
    /// after, for the repeats that follow.
    pub(super) fn run_complaint(
        &mut self,
        c: &ComplaintCommand,
        actor: &str,
        produced: &mut Vec<Pending>,
    ) -> Result<()> {
        self.link = self.complaint_link(c)?;
        let result = self.run::<Complaint>(c, c.case(), c.at(), actor, produced);
        self.link = None;
        if result.is_ok() && Complaint::creating(c) {
            self.index_complaint(c.case());
        }
        result
    }

    /// Before a complaint command runs: the original a complaint being registered repeats (the same
    /// matter: [`Engine::repeat_of`]), and, for a merge, that `into` names a complaint.
    pub(super) fn complaint_link(&self, command: &ComplaintCommand) -> Result<Option<String>> {
        match command {
            ComplaintCommand::MergeComplaint(MergeComplaint { into, .. }) => {
                if self.complaint(into).is_none() {
                    return Err(not_found("into", into, "no complaint has this number"));
                }
                Ok(None)
            }
            ComplaintCommand::RegisterComplaint(RegisterComplaint {
                case,
                at,
                respondent,
                subject,
                ..
            }) if !self.index.contains_key(case.as_str()) => Ok(self.repeat_of(respondent, *at, subject)),
            _ => Ok(None),
        }
    }

    /// The original complaint a complaint about `respondent` registered at `at` with `subject` repeats:
    /// the earliest of the chain of the most similar earlier complaint about the same unit within the
    /// policy's window whose text is at least the policy's similarity (docs/rules.md §9). `None` when
    /// there is none, and when the index cannot say (a complaint registered long after its turn, beyond
    /// the index's tolerance): it is registered all the same, as a new matter.
    fn repeat_of(&self, respondent: &str, at: DateTime<Utc>, subject: &str) -> Option<String> {
        match self.complaint_index.lookup(respondent, at, subject) {
            Ok(found) => found.map(|m| m.original),
            Err(_) => None,
        }
    }

    /// The original a replayed `complaint_registered` at `at` must name: what the live engine found.
    pub(super) fn replayed_repeat_of(&self, event: &EventKind, at: DateTime<Utc>) -> Option<String> {
        match event {
            EventKind::ComplaintRegistered {
                respondent, subject, ..
            } => self.repeat_of(respondent, at, subject),
            _ => None,
        }
    }

    /// Indexes a complaint just created (live or replayed) for the repeats that follow. One the index
    /// refuses (registered beyond its tolerance for late arrivals) stays unindexed: later complaints do
    /// not find it, and nothing else changes.
    pub(super) fn index_complaint(&mut self, id: &str) {
        if let Some(c) = self.get::<Complaint>(id) {
            let (unit, at, text) = (c.respondent.clone(), c.registered_at(), c.subject.clone());
            let _ = self.complaint_index.insert(id, &unit, at, &text);
        }
    }

    /// The repeat index rebuilt from the complaints held (after a restore), in registration order.
    pub(super) fn rebuild_complaint_index(&mut self) -> Result<()> {
        self.complaint_index = DedupIndex::new(dedup_params(&self.policy))?;
        let mut order: Vec<(DateTime<Utc>, String)> =
            self.complaints().map(|c| (c.registered_at(), c.id.clone())).collect();
        order.sort();
        for (_, id) in order {
            self.index_complaint(&id);
        }
        Ok(())
    }

    /// The feedback sample (回访抽查) of `[from, to)`: of the complaints closed in the period with a named
    /// complainant (an anonymous one cannot be called back), the policy's share
    /// (`complaints.feedback_per_mille`, rounded up), drawn from `seed` as [`crate::draw::sample`] draws
    /// (the same sample for the same seed from Rust, C and Python), by complaint number.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let engine = Engine::new(policy, org, catalog).unwrap();
    /// let (from, to) = ("2026-10-01T00:00:00+08:00".parse().unwrap(), "2026-11-01T00:00:00+08:00".parse().unwrap());
    /// assert!(engine.feedback_sample(from, to, 42).unwrap().is_empty());
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] (`to`) for a period that ends before it starts.
    pub fn feedback_sample(&self, from: DateTime<Utc>, to: DateTime<Utc>, seed: u64) -> Result<Vec<String>> {
        if to < from {
            return Err(crate::error::invalid(
                "to",
                to.to_rfc3339(),
                "the period ends before it starts (`from`)",
            ));
        }
        let closed: Vec<&str> = self
            .complaints()
            .filter(|c| c.complainant.is_some() && c.closed_at.is_some_and(|t| from <= t && t < to))
            .map(|c| c.id.as_str())
            .collect();
        crate::draw::sample(seed, &closed, self.policy.complaints.feedback_per_mille)
    }

    /// Whether `viewer` may see the identity of `complaint`'s complainant: a staff member with the
    /// `supervisor` role who is not of the respondent unit (a supervisor seconded to the unit complained
    /// about does not learn who complained about it).
    pub fn sees_complainant(&self, complaint: &Complaint, viewer: &str) -> bool {
        self.org
            .staff(viewer)
            .is_some_and(|s| s.roles.contains(&Role::Supervisor) && *s.unit != *complaint.respondent)
    }

    /// A complaint as `viewer` may see it: whole for a supervisor outside the respondent unit, with the
    /// complainant's identity withheld for anyone else (any other role, the respondent unit, an unknown
    /// viewer).
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
        Some(if self.sees_complainant(c, viewer) {
            c.clone()
        } else {
            c.redacted()
        })
    }

    /// Every complainant of complaint `id` and of the duplicates merged into it, the complaint's own
    /// first, then by complaint number (merged letters keep every complainant); empty when all were
    /// anonymous. For a supervisor outside the respondent unit only.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, ErrorCode, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "register_complaint", "case": "T1",
    ///     "at": "2026-10-09T09:00:00+08:00", "actor": "s-sup", "channel": "letter", "category": "rudeness",
    ///     "respondent": "amr", "subject": "窗口人员态度生硬", "complainant": "李女士"}"#).unwrap()).unwrap();
    /// assert_eq!(engine.complainants_for("T1", "s-sup").unwrap()[0].name, "李女士");
    /// assert_eq!(engine.complainants_for("T1", "s-head").unwrap_err().code(), ErrorCode::Forbidden);
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Forbidden`] (`viewer`) for anyone but a supervisor, checked before the number is
    /// looked up (a refused viewer learns nothing of which numbers exist), and for a supervisor of the
    /// respondent unit; [`crate::Error::NotFound`] (`case`) for an unknown complaint.
    pub fn complainants_for(&self, id: &str, viewer: &str) -> Result<Vec<Complainant>> {
        let supervisor = self
            .org
            .staff(viewer)
            .is_some_and(|s| s.roles.contains(&Role::Supervisor));
        if !supervisor {
            return Err(forbidden(
                "viewer",
                viewer,
                "only a supervisor sees complainants' identities",
            ));
        }
        let c = self
            .complaint(id)
            .ok_or_else(|| not_found("case", id, "no complaint has this number"))?;
        if !self.sees_complainant(c, viewer) {
            return Err(forbidden(
                "viewer",
                viewer,
                format!(
                    "a supervisor of the respondent unit `{}` does not see who complained about it",
                    c.respondent
                ),
            ));
        }
        let mut merged: Vec<&Complaint> = self
            .complaints()
            .filter(|c| c.id == id || c.merged_into.as_deref() == Some(id))
            .collect();
        merged.sort_by(|a, b| (a.id != id, &a.id).cmp(&(b.id != id, &b.id)));
        Ok(merged.into_iter().filter_map(|c| c.complainant.clone()).collect())
    }
}
