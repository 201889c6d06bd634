//! The rules of pledges: who orders, signs, opens, reports on, completes and verifies a pledge, and what
//! each needs. Rules only: nothing changes here.

use super::command::*;
use super::Pledge;
use crate::context::Cx;
use crate::error::{forbidden, invalid, not_allowed, not_found, Result};
use crate::event::{EventKind, InPlace, MilestoneSpec, PledgeKind, PledgeSource};
use crate::org::Role;
use crate::policy::RaterKind;

/// The most milestones a pledge may have.
const MAX_MILESTONES: usize = 100;

/// A required text.
fn required(field: &str, text: &str, why: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(invalid(field, "\"\"", why));
    }
    Ok(())
}

/// A limit in working days: at least 1, at most [`crate::MAX_AMOUNT`].
fn days(field: &str, amount: u32) -> Result<u32> {
    if amount == 0 || amount > crate::MAX_AMOUNT {
        return Err(invalid(
            field,
            amount,
            format!("1..={} working days", crate::MAX_AMOUNT),
        ));
    }
    Ok(amount)
}

/// `unit` is a unit of the organisation.
fn unit_exists(cx: &Cx, unit: &str) -> Result<()> {
    if cx.org.unit(unit).is_none() {
        return Err(not_found("unit", unit, "no unit of the organisation has this id"));
    }
    Ok(())
}

/// `who` (field `field`) is a staff member of `unit`.
fn staff_of(cx: &Cx, field: &str, who: &str, unit: &str) -> Result<()> {
    let s = cx
        .org
        .staff(who)
        .ok_or_else(|| not_found(field, who, "no staff member has this id"))?;
    if *s.unit != *unit {
        return Err(invalid(
            field,
            who,
            format!("a staff member of `{unit}`, not of `{}`", s.unit),
        ));
    }
    Ok(())
}

/// The milestones of a signing or opening: as many titles as limits, titles given, limits not decreasing
/// and none beyond the pledge's.
fn milestones(titles: &[String], limits: &[u32], amount: u32) -> Result<Vec<MilestoneSpec>> {
    if titles.len() != limits.len() {
        return Err(invalid(
            "milestone_days",
            limits.len(),
            format!("one limit per milestone: {} milestones", titles.len()),
        ));
    }
    if titles.len() > MAX_MILESTONES {
        return Err(invalid("milestones", titles.len(), format!("at most {MAX_MILESTONES}")));
    }
    let mut out = Vec::with_capacity(titles.len());
    let mut last = 0;
    for (k, (title, d)) in titles.iter().zip(limits).enumerate() {
        required(&format!("milestones[{k}]"), title, "say what the milestone is")?;
        let d = days(&format!("milestone_days[{k}]"), *d)?;
        if d < last {
            return Err(invalid(
                format!("milestone_days[{k}]"),
                d,
                format!("milestones come in order: not before the previous one's {last}"),
            ));
        }
        if d > amount {
            return Err(invalid(
                format!("milestone_days[{k}]"),
                d,
                format!("within the pledge's own limit of {amount} working days"),
            ));
        }
        last = d;
        out.push(MilestoneSpec {
            title: title.clone(),
            days: d,
        });
    }
    Ok(out)
}

/// The events of the command that creates a pledge (`order_rectification`, `open_pledge`); the first
/// creates it. That a `source_ref` names a record the engine holds is checked by the engine.
pub(crate) fn create(id: &str, command: &PledgeCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    match command {
        PledgeCommand::OrderRectification(OrderRectification {
            actor,
            unit,
            source,
            source_ref,
            problem,
            ..
        }) => {
            unit_exists(cx, unit)?;
            cx.require_supervisor(actor, Some(unit), "order its own unit's rectification")?;
            required("problem", problem, "say what is to be rectified (定问题)")?;
            if *source == PledgeSource::Complaint && source_ref.is_none() {
                return Err(invalid(
                    "source_ref",
                    "null",
                    "a rectification from a complaint names the complaint",
                ));
            }
            Ok(vec![EventKind::RectificationOrdered {
                unit: unit.clone(),
                source: *source,
                source_ref: source_ref.clone(),
                problem: problem.clone(),
            }])
        }
        PledgeCommand::OpenPledge(OpenPledge {
            actor,
            pledge_kind,
            unit,
            leader,
            responsible,
            title,
            standard,
            amount,
            milestones: titles,
            milestone_days,
            ..
        }) => {
            unit_exists(cx, unit)?;
            cx.require_supervisor(actor, Some(unit), "open a pledge of its own unit")?;
            if *pledge_kind == PledgeKind::Rectification {
                return Err(invalid(
                    "pledge_kind",
                    pledge_kind,
                    "a rectification is ordered (`order_rectification`) and signed (`sign_pledge`)",
                ));
            }
            cx.org
                .staff(leader)
                .ok_or_else(|| not_found("leader", leader, "no staff member has this id"))?;
            staff_of(cx, "responsible", responsible, unit)?;
            required("title", title, "say what is pledged")?;
            required("standard", standard, "say what standard is to be reached")?;
            let amount = days("amount", *amount)?;
            Ok(vec![EventKind::PledgeOpened {
                pledge_kind: *pledge_kind,
                unit: unit.clone(),
                leader: leader.clone(),
                responsible: responsible.clone(),
                title: title.clone(),
                standard: standard.clone(),
                days: amount,
                milestones: milestones(titles, milestone_days, amount)?,
            }])
        }
        _ => Err(not_found("case", id, "no pledge has this number")),
    }
}

/// `actor` may report on and complete `p`: its responsible staff member, its leader, or the head of its
/// unit.
fn require_carrier(p: &Pledge, actor: &str, cx: &Cx) -> Result<()> {
    cx.staff(actor)?;
    if p.responsible.as_deref() == Some(actor) || p.leader.as_deref() == Some(actor) {
        return Ok(());
    }
    cx.require_role_in(actor, &p.unit, &[Role::UnitHead], "the pledge's unit")
        .map_err(|_| {
            forbidden(
                "actor",
                actor,
                format!(
                    "the staff member responsible, the responsible leader or the head of `{}` reports on this pledge",
                    p.unit
                ),
            )
        })
}

/// The events of a command on an existing pledge.
pub(crate) fn decide(p: &Pledge, command: &PledgeCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    super::transitions::check(p.state(), command.name())?;
    match command {
        PledgeCommand::OrderRectification(_) | PledgeCommand::OpenPledge(_) => Err(not_allowed(
            "case",
            &p.id,
            format!(
                "`{}` creates a pledge, and a record with this number exists",
                command.name()
            ),
        )),
        PledgeCommand::SignPledge(SignPledge {
            actor,
            measures,
            responsible,
            standard,
            amount,
            milestones: titles,
            milestone_days,
            ..
        }) => {
            cx.require_role_in(actor, &p.unit, &[Role::UnitHead], "the ordered unit")?;
            required("measures", measures, "say what will be done (定措施)")?;
            staff_of(cx, "responsible", responsible, &p.unit)?;
            required("standard", standard, "say what standard is to be reached (定标准)")?;
            let amount = days("amount", *amount)?;
            Ok(vec![EventKind::PledgeSigned {
                measures: measures.clone(),
                responsible: responsible.clone(),
                standard: standard.clone(),
                days: amount,
                milestones: milestones(titles, milestone_days, amount)?,
            }])
        }
        PledgeCommand::ReportPledge(ReportPledge {
            actor,
            note,
            milestone,
            in_place,
            ..
        }) => {
            require_carrier(p, actor, cx)?;
            required("note", note, "say what was done")?;
            if let Some(k) = *milestone {
                let m = k
                    .checked_sub(1)
                    .and_then(|i| p.milestones.get(i as usize))
                    .ok_or_else(|| {
                        invalid(
                            "milestone",
                            k,
                            format!("the pledge has milestones 1..={}", p.milestones.len()),
                        )
                    })?;
                if m.reached_at.is_some() {
                    return Err(not_allowed(
                        "milestone",
                        k,
                        "this milestone was reported reached already",
                    ));
                }
            }
            if let Some(aspect) = in_place {
                if p.kind != PledgeKind::Rectification {
                    return Err(invalid(
                        "in_place",
                        aspect,
                        "the three 到位 belong to rectification pledges",
                    ));
                }
                if p.in_place.contains(aspect) {
                    return Err(not_allowed("in_place", aspect, "reported in place already"));
                }
            }
            Ok(vec![EventKind::PledgeReported {
                note: note.clone(),
                milestone: *milestone,
                in_place: *in_place,
            }])
        }
        PledgeCommand::CompletePledge(CompletePledge { actor, evidence, .. }) => {
            require_carrier(p, actor, cx)?;
            required("evidence", evidence, "offer the evidence of fulfilment")?;
            if let Some(k) = p.milestones.iter().position(|m| m.reached_at.is_none()) {
                return Err(not_allowed(
                    "type",
                    "complete_pledge",
                    format!(
                        "milestone {} (`{}`) is not reported reached",
                        k + 1,
                        p.milestones[k].title
                    ),
                ));
            }
            if p.kind == PledgeKind::Rectification {
                if let Some(missing) = InPlace::ALL.iter().find(|a| !p.in_place.contains(a)) {
                    return Err(not_allowed(
                        "type",
                        "complete_pledge",
                        format!("{missing} ({}) is not reported in place", missing.label_zh()),
                    ));
                }
            }
            Ok(vec![EventKind::PledgeCompleted {
                evidence: evidence.clone(),
            }])
        }
        PledgeCommand::VerifyPledge(VerifyPledge {
            actor,
            passed,
            evidence,
            amount,
            ..
        }) => {
            cx.require_supervisor(actor, Some(&p.unit), "verify its own unit's pledge")?;
            let involved = [p.completed_by.as_deref(), p.responsible.as_deref(), p.leader.as_deref()];
            if involved.contains(&Some(actor.as_str())) {
                return Err(forbidden(
                    "actor",
                    actor,
                    "verification is by a different person than the one who carried out or reported the pledge",
                ));
            }
            required("evidence", evidence, "say what was examined")?;
            let days = match (passed, amount) {
                (true, None) => None,
                (true, Some(a)) => return Err(invalid("amount", a, "a passed verification sets no new limit")),
                (false, None) => {
                    return Err(invalid(
                        "amount",
                        "null",
                        "a failed verification reopens the pledge with a new limit",
                    ))
                }
                (false, Some(a)) => Some(days("amount", *a)?),
            };
            Ok(vec![EventKind::PledgeVerified {
                passed: *passed,
                evidence: evidence.clone(),
                days,
            }])
        }
        PledgeCommand::RatePledge(RatePledge {
            at,
            actor,
            group,
            period,
            score,
            note,
            ..
        }) => {
            if !matches!(p.kind, PledgeKind::KeyProject | PledgeKind::Target) {
                return Err(not_allowed(
                    "type",
                    "rate_pledge",
                    format!(
                        "rater groups rate key projects and target pledges, not a {} pledge",
                        p.kind
                    ),
                ));
            }
            let g = cx
                .policy
                .pledges
                .rater_groups
                .iter()
                .find(|g| g.name == *group)
                .ok_or_else(|| not_found("group", group, "the policy's pledges.rater_groups has no such group"))?;
            require_rater(cx, g.members, actor, &p.unit, *at)?;
            let period = period.trim();
            if period.is_empty() || period.chars().count() > 32 {
                return Err(invalid(
                    "period",
                    period,
                    "a period label is 1-32 characters, e.g. 2026-Q4",
                ));
            }
            if *score > 100 {
                return Err(invalid("score", score, "a score is 0-100"));
            }
            if p.ratings.iter().any(|r| r.by == *actor && r.period == period) {
                return Err(not_allowed(
                    "actor",
                    actor,
                    format!("has rated this pledge for {period} already"),
                ));
            }
            Ok(vec![EventKind::PledgeRated {
                group: group.clone(),
                period: period.to_string(),
                score: *score,
                note: note.clone(),
            }])
        }
    }
}

/// `actor` may rate in a group of `members` a pledge of `unit` on the day of `at` (never anyone of the
/// unit, nor a monitor affiliated with it).
fn require_rater(
    cx: &Cx,
    members: RaterKind,
    actor: &str,
    unit: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let is_staff = cx.find_staff(actor).is_some();
    match members {
        RaterKind::Supervisors if is_staff => cx.require_inspector("actor", actor, unit, at),
        RaterKind::Monitors if !is_staff => cx.require_inspector("actor", actor, unit, at),
        RaterKind::UnitHeads if is_staff => {
            let heads = cx
                .org
                .spec()
                .units
                .iter()
                .any(|u| u.head.as_deref() == Some(actor) && u.id != unit);
            if heads {
                Ok(())
            } else {
                Err(forbidden(
                    "actor",
                    actor,
                    format!("not the head of a unit other than `{unit}`"),
                ))
            }
        }
        _ if cx.org.monitor(actor).is_none() && !is_staff => Err(not_found(
            "actor",
            actor,
            "no staff member or appointed monitor has this id",
        )),
        other => Err(forbidden(
            "actor",
            actor,
            format!("the group's members are {other} ({})", other.label_zh()),
        )),
    }
}
