//! What the engine answers about pledges beyond one record: the check that a rectification's source names
//! a record it holds, the rectification a substantiated complaint orders, and each pledge's status at an
//! instant (derived, never stored).

use chrono::{DateTime, Utc};

use super::{Command, Engine};
use crate::complaint::command::{CloseComplaint, ComplaintCommand};
use crate::complaint::Complaint;
use crate::error::{not_found, Result};
use crate::event::{Event, PledgeSource};
use crate::inspection::command::{InspectionCommand, RecordFinding};
use crate::inspection::Inspection;
use crate::pledge::command::{OrderRectification, PledgeCommand};
use crate::pledge::{Pledge, PledgeStatus};

impl Engine {
    /// A pledge by number.
    pub fn pledge(&self, id: &str) -> Option<&Pledge> {
        self.get::<Pledge>(id)
    }

    /// Every pledge, in no particular order.
    pub fn pledges(&self) -> impl Iterator<Item = &Pledge> {
        self.records.pledges.iter()
    }

    /// A pledge's status at `at` (on track, at risk, overdue, kept, broken), derived from its record, the
    /// engine's calendar and the policy's `pledges.at_risk_days`: see [`Pledge::status_at`].
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] when no pledge has this number; [`crate::Error::Calendar`] naming `at`
    /// when it lies outside the supported years (0001-9999); a calendar error when `at` or a deadline lies
    /// beyond the calendar's covered range.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy, PledgeStatus};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "open_pledge", "case": "D1",
    ///     "at": "2026-10-19T09:00:00+08:00", "actor": "s-sup", "pledge_kind": "supervised", "unit": "amr",
    ///     "leader": "s-gov-head", "responsible": "s-head", "title": "一窗通办", "standard": "网办率90%",
    ///     "amount": 20}"#).unwrap()).unwrap();
    /// let at = "2026-10-20T09:00:00+08:00".parse().unwrap();
    /// assert_eq!(engine.pledge_status("D1", at).unwrap(), PledgeStatus::OnTrack);
    /// ```
    pub fn pledge_status(&self, id: &str, at: DateTime<Utc>) -> Result<PledgeStatus> {
        // Checked here, so that the error names the argument, not the clock's `now`.
        crate::calendar::check_supported_instant("at", at)?;
        let p = self
            .pledge(id)
            .ok_or_else(|| self.missing(id, super::aggregate::Kind::Pledge))?;
        p.status_at(&self.calendar, at, self.policy.pledges.at_risk_days)
    }

    /// Every pledge with its status at `at`, sorted by pledge number (byte order): what a register of
    /// pledges lists.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Calendar`] naming `at` when it lies outside the supported years (0001-9999), even
    /// with no pledge; a calendar error when `at` or a deadline lies beyond the calendar's covered range.
    pub fn pledges_at(&self, at: DateTime<Utc>) -> Result<Vec<(&Pledge, PledgeStatus)>> {
        crate::calendar::check_supported_instant("at", at)?;
        let mut all: Vec<&Pledge> = self.pledges().collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let days = self.policy.pledges.at_risk_days;
        all.into_iter()
            .map(|p| Ok((p, p.status_at(&self.calendar, at, days)?)))
            .collect()
    }

    /// A key project's or target pledge's evaluation for `period` by the policy's rater groups
    /// (`pledges.rater_groups`): each group's mean and the weighted score, flagged incomplete while a group
    /// has not rated: see [`Pledge::evaluation`].
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] naming `case` when no pledge has this number.
    pub fn pledge_evaluation(&self, id: &str, period: &str) -> Result<crate::pledge::Evaluation> {
        let p = self
            .pledge(id)
            .ok_or_else(|| self.missing(id, super::aggregate::Kind::Pledge))?;
        Ok(p.evaluation(period.trim(), &self.policy.pledges.rater_groups))
    }

    /// Runs a pledge command through the one pipeline, after checking that a rectification's
    /// `source_ref` names a record the engine holds.
    pub(super) fn run_pledge(
        &mut self,
        c: &PledgeCommand,
        actor: &str,
        produced: &mut Vec<crate::event::Pending>,
    ) -> Result<()> {
        if let PledgeCommand::OrderRectification(OrderRectification {
            source,
            source_ref: Some(r),
            ..
        }) = c
        {
            let known = match source {
                PledgeSource::Complaint => self.complaint(r).is_some(),
                _ => self.index.contains_key(r.as_str()),
            };
            if !known && !self.index.contains_key(c.case()) {
                let what = if *source == PledgeSource::Complaint {
                    "no complaint has this number"
                } else {
                    "no record has this number"
                };
                return Err(not_found("source_ref", r, what));
            }
        }
        self.run::<Pledge>(c, c.case(), c.at(), actor, produced)
    }

    /// After a command that may order a rectification, the order it makes, executed at the same instant;
    /// its events follow the command's. A complaint closed as substantiated orders one of the respondent
    /// unit (number `<complaint>-ZG<n>`, the first free; none while an earlier one from the same complaint
    /// is still unverified), by the supervisor who closed it. A finding to rectify orders one of the
    /// inspected unit (number `<inspection>-ZG<finding>`), by the supervisor who opened the inspection (a
    /// monitor on the team may have recorded the finding; the order is the office's).
    pub(super) fn rectification_after(&mut self, cause: &Command, events: &mut Vec<Event>) {
        let order = match cause {
            Command::Complaint(ComplaintCommand::CloseComplaint(close)) => self.complaint_rectification(close),
            Command::Inspection(InspectionCommand::RecordFinding(f)) => self.finding_rectification(f),
            _ => None,
        };
        // The actor is a supervisor outside the unit (the close or the opening checked it): the order holds.
        if let Some(order) = order {
            if let Ok(more) = self.execute(Command::from(order)) {
                events.extend(more);
            }
        }
    }

    /// The rectification a substantiated complaint orders, if any.
    fn complaint_rectification(&self, close: &CloseComplaint) -> Option<OrderRectification> {
        let c = self.get::<Complaint>(&close.case).filter(|c| c.substantiated())?;
        let mut n = 1;
        let id = loop {
            let id = format!("{}-ZG{n}", close.case);
            match self.get::<Pledge>(&id) {
                None if !self.index.contains_key(id.as_str()) => break id,
                Some(p) if p.verified_at.is_none() => return None,
                _ => n += 1,
            }
        };
        Some(OrderRectification {
            case: id,
            at: close.at,
            actor: close.actor.clone(),
            unit: c.respondent.clone(),
            source: PledgeSource::Complaint,
            source_ref: Some(close.case.clone()),
            problem: format!("{}（{}）", c.subject, c.category.label_zh()),
        })
    }

    /// The rectification a finding to rectify orders, if any.
    fn finding_rectification(&self, f: &RecordFinding) -> Option<OrderRectification> {
        let i = self.get::<Inspection>(&f.case)?;
        let finding = i.findings.last().filter(|x| x.rectify)?;
        Some(OrderRectification {
            case: Inspection::rectification_id(&i.id, finding.number),
            at: f.at,
            actor: i.opener.clone(),
            unit: i.unit.clone(),
            source: PledgeSource::Inspection,
            source_ref: Some(i.id.clone()),
            problem: finding.problem.clone(),
        })
    }
}
