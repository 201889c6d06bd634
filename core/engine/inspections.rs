//! What the engine answers about inspections beyond one record: the check that an inspection carries out
//! a plan the engine holds, sealed and covering its day; what a plan drew against what was done; and the
//! coverage of the inspections recorded.

use chrono::NaiveDate;
use serde::Serialize;

use super::aggregate::Kind;
use super::Engine;
use crate::draw::{Assignment, CoverageReport, CoverageRequest};
use crate::error::{invalid, not_allowed, not_found, Result};
use crate::event::Pending;
use crate::inspection::command::{InspectionCommand, OpenInspection};
use crate::inspection::Inspection;
use crate::plan::{Plan, PlanState};

/// An inspection carried out under a plan: the unit and the inspection's number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanVisit {
    /// The unit inspected.
    pub unit: String,
    /// The inspection's number.
    pub inspection: String,
}

/// What an inspection plan drew against what was done ([`Engine::plan_report`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanReport {
    /// Plan number.
    pub plan: String,
    /// Sealed or revealed.
    pub state: PlanState,
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Last day of the period (inclusive).
    pub period_end: NaiveDate,
    /// The commitment recorded before the period.
    pub commitment: String,
    /// The units drawn with their teams, once revealed (re-derived from the revealed seed and request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignments: Option<Vec<Assignment>>,
    /// Inspections opened under the plan, in number order: of a unit drawn (all of them while sealed).
    pub carried_out: Vec<PlanVisit>,
    /// Once revealed: units drawn that no inspection under the plan visited.
    pub missed: Vec<String>,
    /// Once revealed: inspections under the plan of a unit the plan did not draw.
    pub unplanned: Vec<PlanVisit>,
}

impl Engine {
    /// An inspection by number.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "open_inspection", "case": "J1",
    ///     "at": "2026-11-03T09:30:00+08:00", "actor": "s-sup", "unit": "amr", "mode": "announced",
    ///     "inspectors": ["s-sup"]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.inspection("J1").unwrap().unit, "amr");
    /// ```
    pub fn inspection(&self, id: &str) -> Option<&Inspection> {
        self.get::<Inspection>(id)
    }

    /// Every inspection, in no particular order.
    pub fn inspections(&self) -> impl Iterator<Item = &Inspection> {
        self.records.inspections.iter()
    }

    /// An inspection plan by number.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.get::<Plan>(id)
    }

    /// Every inspection plan, in no particular order.
    pub fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.records.plans.iter()
    }

    /// What plan `id` drew against what was done: the inspections opened under it and, once revealed, the
    /// units drawn (re-derived from the revealed seed and request), those no inspection visited and the
    /// inspections of units not drawn.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] naming `case` when no plan has this number.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy, PlanState};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "commit_plan", "case": "P1",
    ///     "at": "2026-09-25T09:00:00+08:00", "actor": "s-sup", "period_start": "2026-10-01",
    ///     "period_end": "2026-12-31", "commitment": "00000000000000000000000000000000000000000000000000000000000000aa"}"#)
    ///     .unwrap()).unwrap();
    /// let report = engine.plan_report("P1").unwrap();
    /// assert_eq!(report.state, PlanState::Sealed);
    /// assert!(report.carried_out.is_empty() && report.assignments.is_none());
    /// ```
    pub fn plan_report(&self, id: &str) -> Result<PlanReport> {
        let p = self.plan(id).ok_or_else(|| self.missing(id, Kind::Plan))?;
        let mut visits: Vec<PlanVisit> = self
            .inspections()
            .filter(|i| i.plan.as_deref() == Some(id))
            .map(|i| PlanVisit {
                unit: i.unit.clone(),
                inspection: i.id.clone(),
            })
            .collect();
        visits.sort_unstable_by(|a, b| a.inspection.cmp(&b.inspection));
        let assignments = match &p.revealed {
            Some(r) => Some(crate::draw::inspection_plan(&r.request, r.seed)?.assignments),
            None => None,
        };
        let (mut carried_out, mut unplanned, mut missed) = (Vec::new(), Vec::new(), Vec::new());
        match &assignments {
            None => carried_out = visits,
            Some(drawn) => {
                for v in visits {
                    if drawn.iter().any(|a| a.unit == v.unit) {
                        carried_out.push(v);
                    } else {
                        unplanned.push(v);
                    }
                }
                missed = drawn
                    .iter()
                    .filter(|a| !carried_out.iter().any(|v| v.unit == a.unit))
                    .map(|a| a.unit.clone())
                    .collect();
            }
        }
        Ok(PlanReport {
            plan: p.id.clone(),
            state: p.state(),
            period_start: p.period_start,
            period_end: p.period_end,
            commitment: p.commitment.clone(),
            assignments,
            carried_out,
            missed,
            unplanned,
        })
    }

    /// The coverage check ([`crate::draw::coverage`]) of `request` with the engine's inspections added to
    /// the request's own (each on the local date it was opened; those of units the request does not list are
    /// left out): the units of `request.units` inspected
    /// fewer than `request.minimum` times in a month or quarter of `[from, to]`.
    ///
    /// # Errors
    ///
    /// As [`crate::draw::coverage`].
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// use xiaoneng::draw::CoverageRequest;
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "open_inspection", "case": "J1",
    ///     "at": "2026-11-03T09:30:00+08:00", "actor": "s-sup", "unit": "amr", "mode": "announced",
    ///     "inspectors": ["s-sup"]}"#).unwrap()).unwrap();
    /// let request = CoverageRequest::from_json(r#"{"units": ["amr", "fire"], "from": "2026-10-01",
    ///     "to": "2026-12-31", "period": "quarter", "minimum": 1}"#).unwrap();
    /// let report = engine.inspection_coverage(&request).unwrap();
    /// assert_eq!(report.below.len(), 1);
    /// assert_eq!(report.below[0].unit, "fire");
    /// ```
    pub fn inspection_coverage(&self, request: &CoverageRequest) -> Result<CoverageReport> {
        let mut all = request.clone();
        // Units the request does not ask about are not counted (the check refuses an unlisted unit).
        let asked = |u: &str| request.units.iter().any(|x| x == u);
        all.inspections.extend(
            self.inspections()
                .filter(|i| asked(&i.unit))
                .map(|i| crate::draw::Inspection {
                    unit: i.unit.clone(),
                    date: self.calendar.local_date(i.opened_at),
                }),
        );
        crate::draw::coverage(&all)
    }

    /// Runs an inspection command through the one pipeline, after checking that the plan an inspection
    /// being opened names is one the engine holds, still sealed, whose period holds the day.
    pub(super) fn run_inspection(
        &mut self,
        c: &InspectionCommand,
        actor: &str,
        produced: &mut Vec<Pending>,
    ) -> Result<()> {
        if let InspectionCommand::OpenInspection(OpenInspection {
            case,
            at,
            plan: Some(plan),
            ..
        }) = c
        {
            if !self.index.contains_key(case.as_str()) {
                let p = self
                    .plan(plan)
                    .ok_or_else(|| not_found("plan", plan, "no inspection plan has this number"))?;
                let day = self.calendar.local_date(*at);
                if !p.covers(day) {
                    return Err(invalid(
                        "plan",
                        plan,
                        format!("its period runs {} to {}, not on {day}", p.period_start, p.period_end),
                    ));
                }
                if p.revealed.is_some() {
                    return Err(not_allowed("plan", plan, "the plan was revealed: its period is over"));
                }
            }
        }
        self.run::<Inspection>(c, c.case(), c.at(), actor, produced)
    }
}
