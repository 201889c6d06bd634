//! The rules of inspection plans: committed before the period, revealed after it, and the revelation
//! checked against the commitment. Rules only: nothing changes here.

use super::command::*;
use super::Plan;
use crate::context::Cx;
use crate::error::{invalid, not_allowed, not_found, Result};
use crate::event::EventKind;

/// The events of `commit_plan`; the first creates the plan.
pub(crate) fn create(id: &str, command: &PlanCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let PlanCommand::CommitPlan(CommitPlan {
        at,
        actor,
        period_start,
        period_end,
        commitment,
        ..
    }) = command
    else {
        return Err(not_found("case", id, "no inspection plan has this number"));
    };
    cx.require_supervisor(actor, None, "")?;
    if period_end < period_start {
        return Err(invalid(
            "period_end",
            period_end,
            format!("before period_start {period_start}"),
        ));
    }
    let day = cx.cal.local_date(*at);
    if day >= *period_start {
        return Err(not_allowed(
            "at",
            day,
            format!("a plan's commitment is recorded before its period, which starts {period_start}"),
        ));
    }
    if commitment.len() != 64
        || !commitment
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(invalid(
            "commitment",
            crate::error::bounded(commitment.clone()),
            "a SHA-256 commitment is 64 lowercase hex digits",
        ));
    }
    Ok(vec![EventKind::PlanCommitted {
        period_start: *period_start,
        period_end: *period_end,
        commitment: commitment.clone(),
    }])
}

/// The events of a command on an existing plan.
pub(crate) fn decide(p: &Plan, command: &PlanCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    super::transitions::check(p.state(), command.name())?;
    match command {
        PlanCommand::CommitPlan(_) => Err(not_allowed(
            "case",
            &p.id,
            "`commit_plan` creates a plan, and a record with this number exists",
        )),
        PlanCommand::RevealPlan(RevealPlan {
            at,
            actor,
            seed,
            request,
            ..
        }) => {
            cx.require_supervisor(actor, None, "")?;
            let day = cx.cal.local_date(*at);
            if day <= p.period_end {
                return Err(not_allowed(
                    "at",
                    day,
                    format!("a plan is revealed after its period, which ends {}", p.period_end),
                ));
            }
            let drawn = crate::draw::inspection_plan(request, *seed).map_err(|e| match e.field_error() {
                Some(f) => invalid(format!("request.{}", f.field), &f.value, &f.reason),
                None => invalid("request", "", e.reason()),
            })?;
            if drawn.commitment != p.commitment {
                return Err(invalid(
                    "seed",
                    seed,
                    format!(
                        "this seed and request give commitment {}, not the one recorded ({})",
                        drawn.commitment, p.commitment
                    ),
                ));
            }
            Ok(vec![EventKind::PlanRevealed {
                seed: *seed,
                request: Box::new(request.clone()),
            }])
        }
    }
}
