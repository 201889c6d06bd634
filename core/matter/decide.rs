//! The rules of accountability matters: who opens one and on what, who decides the sanction, and what a
//! decision needs. Rules only: nothing changes here.

use super::command::*;
use super::Matter;
use crate::context::Cx;
use crate::error::{forbidden, invalid, not_allowed, not_found, Result};
use crate::event::{EventKind, Rule};
use crate::sanction::{self, Decision, MeasureSpec, SanctionEffect, ViolationFacts};

/// `actor` may act on the accountability of `person` of `unit`: a supervisor outside that unit who is not
/// the person.
fn require_judge(cx: &Cx, actor: &str, person: &str, unit: &str, what: &str) -> Result<()> {
    cx.require_supervisor(actor, Some(unit), what)?;
    if actor == person {
        return Err(forbidden("actor", actor, "no one decides their own accountability"));
    }
    Ok(())
}

/// A measure as the wire writes it: `measure` or `measure:level`.
fn measure(field: &str, text: &str) -> Result<MeasureSpec> {
    let (name, level) = match text.split_once(':') {
        Some((n, l)) => (
            n,
            Some(
                l.parse::<u8>()
                    .map_err(|_| invalid(field, text, "a level is a number 1..=255 after the colon"))?,
            ),
        ),
        None => (text, None),
    };
    let m = name
        .parse()
        .map_err(|e: crate::Error| invalid(field, text, e.reason()))?;
    Ok(match level {
        Some(l) => MeasureSpec::with_level(m, l),
        None => MeasureSpec::new(m),
    })
}

/// The events of `open_matter`; the first creates the matter. The registered violation's facts, the
/// matter already opened on it and the history of confirmed sanctions come from the engine (`cx.matter`).
pub(crate) fn create(id: &str, command: &MatterCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let MatterCommand::OpenMatter(OpenMatter {
        at,
        actor,
        violation,
        trigger,
        person,
        detail,
        severity,
        ..
    }) = command
    else {
        return Err(not_found("case", id, "no accountability matter has this number"));
    };
    let input = cx.matter.cloned().unwrap_or_default();
    let mut events = Vec::with_capacity(3);
    let facts = match (violation, trigger) {
        (Some(seq), None) => {
            if let Some(p) = person {
                return Err(invalid("person", p, "a registered violation names its person"));
            }
            if !detail.is_empty() {
                return Err(invalid(
                    "detail",
                    detail,
                    "a registered violation carries its own detail",
                ));
            }
            let mut facts = input
                .facts
                .ok_or_else(|| not_found("violation", seq, "no registered violation has this sequence number"))?;
            if facts.person.is_empty() {
                return Err(invalid(
                    "violation",
                    seq,
                    "the violation names no person responsible to hold to account",
                ));
            }
            if let Some(other) = input.taken_by {
                return Err(not_allowed(
                    "violation",
                    seq,
                    format!("accountability matter `{other}` is open on this violation"),
                ));
            }
            facts.id = id.to_string();
            facts.severity = *severity;
            facts
        }
        (None, Some(t)) => {
            let person = person
                .as_deref()
                .ok_or_else(|| invalid("person", "null", "a trigger names the person held to account"))?;
            let staff = cx
                .org
                .staff(person)
                .ok_or_else(|| not_found("person", person, "no staff member has this id"))?;
            if detail.trim().is_empty() {
                return Err(invalid("detail", "\"\"", "say what happened"));
            }
            let mut acc = cx.accountable(&staff.unit, None, *at);
            acc.responsible = Some(person.to_string());
            let facts = ViolationFacts {
                id: id.to_string(),
                kind: t.as_str().to_string(),
                severity: *severity,
                person: person.to_string(),
                unit: staff.unit.to_string(),
                unit_head: acc.unit_head.clone().unwrap_or_default(),
                at: *at,
            };
            if cx.records(Rule::AccountabilityTriggered) {
                events.push(acc.violation(
                    Rule::AccountabilityTriggered,
                    format!("{} ({}): {detail}", t, t.label_zh()),
                ));
            }
            facts
        }
        (Some(seq), Some(t)) => {
            return Err(invalid(
                "trigger",
                t,
                format!("a matter is opened on violation {seq} or by a trigger, not both"),
            ))
        }
        (None, None) => {
            return Err(invalid(
                "violation",
                "null",
                "name the registered violation, or the trigger that opens the matter",
            ))
        }
    };
    require_judge(
        cx,
        actor,
        &facts.person,
        &facts.unit,
        "open an accountability matter in its own unit",
    )?;
    let proposal = sanction::propose(&cx.policy.ladder, &facts, &input.history, *at)?;
    events.insert(
        0,
        EventKind::MatterOpened {
            violation: *violation,
            trigger: *trigger,
            facts: Box::new(facts),
            detail: detail.clone(),
        },
    );
    events.push(EventKind::SanctionProposed {
        proposal: Box::new(proposal),
    });
    Ok(events)
}

/// The events of a command on an existing matter.
pub(crate) fn decide(m: &Matter, command: &MatterCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    super::transitions::check(m.state(), command.name())?;
    match command {
        MatterCommand::OpenMatter(_) => Err(not_allowed(
            "case",
            &m.id,
            "`open_matter` creates a matter, and a record with this number exists",
        )),
        MatterCommand::DecideSanction(DecideSanction {
            at,
            actor,
            confirm,
            reason,
            note,
            measures,
            effects,
            unit_points,
            ..
        }) => {
            require_judge(
                cx,
                actor,
                &m.facts.person,
                &m.facts.unit,
                "decide accountability in its own unit",
            )?;
            let proposal = m
                .proposal
                .as_ref()
                .ok_or_else(|| not_allowed("type", "decide_sanction", "the matter has no proposal"))?;
            let decision = if *confirm {
                if !reason.is_empty() || !measures.is_empty() || effects.is_some() || unit_points.is_some() {
                    return Err(invalid(
                        "confirm",
                        true,
                        "a confirmation takes the proposal as it is: change it (`confirm`: false) to decide otherwise",
                    ));
                }
                Decision::Confirm {
                    by: actor.clone(),
                    at: *at,
                    note: (!note.trim().is_empty()).then(|| note.clone()),
                }
            } else {
                let measures = measures
                    .iter()
                    .enumerate()
                    .map(|(k, t)| measure(&format!("measures[{k}]"), t))
                    .collect::<Result<Vec<_>>>()?;
                let effects = effects
                    .as_ref()
                    .map(|list| {
                        list.iter()
                            .enumerate()
                            .map(|(k, t)| {
                                t.parse::<SanctionEffect>()
                                    .map_err(|e| invalid(format!("effects[{k}]"), t, e.reason()))
                            })
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?;
                Decision::Change {
                    by: actor.clone(),
                    at: *at,
                    reason: reason.clone(),
                    measures,
                    effects,
                    unit_points: *unit_points,
                }
            };
            let confirmed = sanction::decide(&cx.policy.ladder, proposal, &decision)?;
            Ok(vec![EventKind::SanctionDecided {
                sanction: Box::new(confirmed),
            }])
        }
    }
}
