//! The rules of inspections: who opens one and with whom, who records findings and re-inspects, and
//! what each finding costs. Rules only: nothing changes here.

use chrono::{DateTime, Utc};

use super::command::*;
use super::Inspection;
use crate::context::Cx;
use crate::error::{forbidden, invalid, not_allowed, not_found, Result};
use crate::event::{EventKind, Rule};

/// `actor` may act for the team of `i` at `at`: a member of the team still entitled to inspect the unit.
fn require_team(cx: &Cx, i: &Inspection, actor: &str, at: DateTime<Utc>) -> Result<()> {
    if !i.on_team(actor) {
        return Err(forbidden(
            "actor",
            actor,
            format!("not on the team of inspection `{}`", i.id),
        ));
    }
    cx.require_inspector("actor", actor, &i.unit, at)
}

/// Who answers for a finding of `unit`: `person` (a staff member of the unit), else the unit head.
fn violation(cx: &Cx, unit: &str, person: Option<&str>, at: DateTime<Utc>, rule: Rule, detail: String) -> EventKind {
    let mut acc = cx.accountable(unit, None, at);
    if let Some(p) = person {
        acc.responsible = Some(p.to_string());
    }
    acc.violation(rule, detail)
}

/// The events of `open_inspection`; the first creates the inspection. The plan it names was checked by
/// the engine (it holds the plans).
pub(crate) fn create(id: &str, command: &InspectionCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let InspectionCommand::OpenInspection(OpenInspection {
        at,
        actor,
        unit,
        mode,
        inspectors,
        plan,
        ..
    }) = command
    else {
        return Err(not_found("case", id, "no inspection has this number"));
    };
    if cx.org.unit(unit).is_none() {
        return Err(not_found("unit", unit, "no unit has this id"));
    }
    cx.require_supervisor(actor, Some(unit), "inspect their own unit")?;
    if inspectors.is_empty() {
        return Err(invalid(
            "inspectors",
            "[]",
            "an inspection needs at least one inspector",
        ));
    }
    for (k, who) in inspectors.iter().enumerate() {
        let field = format!("inspectors[{k}]");
        if let Some(first) = inspectors[..k].iter().position(|w| w == who) {
            return Err(invalid(field, who, format!("repeats inspectors[{first}]")));
        }
        cx.require_inspector(&field, who, unit, *at)?;
    }
    Ok(vec![EventKind::InspectionOpened {
        unit: unit.clone(),
        mode: *mode,
        inspectors: inspectors.clone(),
        plan: plan.clone(),
    }])
}

/// The events of a command on an existing inspection.
pub(crate) fn decide(i: &Inspection, command: &InspectionCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    super::transitions::check(i.state(), command.name())?;
    match command {
        InspectionCommand::OpenInspection(_) => Err(not_allowed(
            "case",
            &i.id,
            "`open_inspection` creates an inspection, and a record with this number exists",
        )),
        InspectionCommand::RecordFinding(RecordFinding {
            at,
            actor,
            person,
            problem,
            rectify,
            ..
        }) => {
            require_team(cx, i, actor, *at)?;
            if let Some(p) = person {
                let staff = cx
                    .find_staff(p)
                    .ok_or_else(|| not_found("person", p, "no staff member has this id"))?;
                if *staff.unit != *i.unit {
                    return Err(invalid(
                        "person",
                        p,
                        format!(
                            "a staff member of `{}`, not of the inspected unit `{}`",
                            staff.unit, i.unit
                        ),
                    ));
                }
            }
            if problem.trim().is_empty() {
                return Err(invalid("problem", "\"\"", "say what was found"));
            }
            let number = u32::try_from(i.findings.len() + 1)
                .map_err(|_| invalid("case", &i.id, "an inspection records at most 4294967295 findings"))?;
            let mut events = vec![EventKind::FindingRecorded {
                finding: number,
                person: person.clone(),
                problem: problem.clone(),
                rectify: *rectify,
            }];
            if cx.records(Rule::InspectionFinding) {
                events.push(violation(
                    cx,
                    &i.unit,
                    person.as_deref(),
                    *at,
                    Rule::InspectionFinding,
                    format!("inspection {} finding {number}: {problem}", i.id),
                ));
            }
            Ok(events)
        }
        InspectionCommand::CloseInspection(CloseInspection { actor, summary, .. }) => {
            if *actor != i.opener {
                cx.require_supervisor(actor, Some(&i.unit), "close an inspection of their own unit")?;
            }
            if summary.trim().is_empty() {
                return Err(invalid("summary", "\"\"", "say what the inspection found overall"));
            }
            Ok(vec![EventKind::InspectionClosed {
                summary: summary.clone(),
            }])
        }
        InspectionCommand::Reinspect(Reinspect {
            at,
            actor,
            finding,
            passed,
            detail,
            ..
        }) => {
            if i.on_team(actor) {
                require_team(cx, i, actor, *at)?;
            } else {
                cx.require_supervisor(actor, Some(&i.unit), "re-inspect their own unit")?;
            }
            let f =
                i.findings.iter().find(|f| f.number == *finding).ok_or_else(|| {
                    not_found("finding", finding, format!("inspection `{}` has no such finding", i.id))
                })?;
            if !f.rectify {
                return Err(invalid("finding", finding, "the finding was not to be rectified"));
            }
            if !f.awaiting() {
                return Err(not_allowed(
                    "finding",
                    finding,
                    "the finding was found rectified already",
                ));
            }
            if detail.trim().is_empty() {
                return Err(invalid("detail", "\"\"", "say what was seen"));
            }
            let mut events = vec![EventKind::FindingReinspected {
                finding: *finding,
                passed: *passed,
                detail: detail.clone(),
            }];
            if !passed && cx.records(Rule::RectificationFailed) {
                events.push(violation(
                    cx,
                    &i.unit,
                    f.person.as_deref(),
                    *at,
                    Rule::RectificationFailed,
                    format!("inspection {} finding {finding} not rectified: {detail}", i.id),
                ));
            }
            Ok(events)
        }
    }
}
