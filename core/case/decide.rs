//! The rules of the case's commands: who may issue each, in which state (the [`transitions`] table), and
//! which events follow. Pure: reads the case and the context, changes nothing.

use chrono::{DateTime, Utc};

use super::command::*;
use super::{transitions, Case};
use crate::catalog::ServiceItem;
use crate::clock::PauseKind;
use crate::context::auth::Intake;
use crate::context::Cx;
use crate::error::{forbidden, invalid, not_allowed, Result};
use crate::event::{ClockName, DeemedBecause, EventKind, Opinion, Rule};
use crate::org::Role;

/// The events a command causes, after checking actor, role and state. Pure: changes nothing.
pub(crate) fn decide(case: &Case, command: &CaseCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let ctx = cx.item_at(case.item_ix);
    let item = ctx.item;
    let actor = command.actor();
    let at = command.at();
    if let CaseCommand::Decide(_) = command {
        // Art. 50: an in-time renewal undecided at the licence's expiry is deemed granted then; no decision
        // comes after it.
        if let Some(expiry) = case.renewal_deemed_at().filter(|e| at >= *e || case.deemed_decision) {
            return Err(not_allowed(
                "type",
                "decide",
                format!(
                    "the renewal was deemed granted at the licence's expiry {} (art. 50)",
                    cx.cal.local(expiry)
                ),
            ));
        }
    }
    transitions::check(case.state, command.name())?;
    // The window's commands: the case's unit, or (for those an intake serves) an intake window taking
    // the item in.
    // A chief representative signs them under a delegation of the unit covering the command and the item.
    let window = |intake| cx.require_window(actor, ctx.item_rules, intake, command.name(), at);
    // The roles of the case's unit (or a consulted unit) for a command a chief representative may sign.
    let signed = |unit: &str, roles: &[Role], what: &str| {
        let own = cx.require_role_in(actor, unit, roles, what);
        cx.or_delegated(own, actor, unit, &ctx.item_rules.code, command.name(), at)
    };
    let nonempty = |field: &str, v: &str, why: &str| -> Result<()> {
        if v.trim().is_empty() {
            Err(invalid(field, "\"\"", why))
        } else {
            Ok(())
        }
    };
    Ok(match command {
        // The transition table admits `receive` in no state: a case with this number exists.
        CaseCommand::Receive(_) => unreachable_state(case, command)?,
        CaseCommand::NotifyCorrections(NotifyCorrections { missing, .. }) => {
            window(Intake::Served)?;
            if missing.is_empty() || missing.iter().any(|m| m.trim().is_empty()) {
                return Err(invalid(
                    "missing",
                    "[]",
                    "a one-time notice lists every missing or defective item",
                ));
            }
            let mut out = vec![EventKind::CorrectionsNotified {
                missing: missing.clone(),
            }];
            if case.notices > 0 {
                // A later notice may repeat what was told before and add what the new materials caused;
                // an item neither told before nor caused by new material should have been told at once.
                let extra: Vec<&String> = missing
                    .iter()
                    .filter(|m| !case.notified().contains(m) && !case.corrected().contains(m))
                    .collect();
                if !extra.is_empty() && cx.records(Rule::RepeatedNotice) {
                    // The clerk who gave the notice did wrong; the acceptance post and the unit answer too.
                    let mut who = case.accountable(&ctx, Rule::RepeatedNotice, at);
                    who.responsible = Some(actor.to_string());
                    out.push(who.violation(
                        Rule::RepeatedNotice,
                        format!(
                            "notice {} adds items not caused by new materials: {}",
                            case.notices + 1,
                            extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
            out
        }
        CaseCommand::SubmitCorrections(SubmitCorrections { materials, .. }) => {
            // The applicant hands them in (online, by post), or the window that asked for them takes them.
            if actor != case.applicant() {
                window(Intake::Served)?;
            }
            if materials.is_empty() {
                return Err(invalid("materials", "[]", "hand in at least one material"));
            }
            vec![EventKind::CorrectionsSubmitted {
                materials: materials.clone(),
            }]
        }
        CaseCommand::Accept(Accept { .. }) => {
            window(Intake::Served)?;
            vec![EventKind::Accepted {
                effective: at,
                deemed: false,
            }]
        }
        CaseCommand::Refuse(Refuse {
            reasons,
            legal_basis,
            remedies,
            ..
        }) => {
            window(Intake::Served)?;
            nonempty("reasons", reasons, "a refusal states its reasons (art. 38)")?;
            nonempty("legal_basis", legal_basis, "a refusal states its legal basis (art. 38)")?;
            nonempty(
                "remedies",
                remedies,
                "a refusal states the rights to reconsideration or suit (art. 38)",
            )?;
            vec![EventKind::Refused {
                reasons: reasons.clone(),
                legal_basis: legal_basis.clone(),
                remedies: remedies.clone(),
            }]
        }
        CaseCommand::ReportNegative(ReportNegative { superior, .. }) => {
            let open = case.negative_report().is_some_and(|c| c.completed_at().is_none());
            if !open {
                return Err(not_allowed(
                    "type",
                    "report_negative",
                    "the refusal or denial was already reported",
                ));
            }
            // Filed by staff of the deciding unit (the case's), to the head of that unit or of its superior.
            cx.require_unit(actor, &case.unit, "the case's unit")?;
            cx.require_leader_of(superior, &case.unit)?;
            vec![EventKind::NegativeReported {
                superior: superior.clone(),
            }]
        }
        CaseCommand::CompleteStep(CompleteStep { .. }) => {
            let Some(step) = item.steps.get(case.step()) else {
                return Err(not_allowed(
                    "type",
                    "complete_step",
                    "every step of the procedure is done; decide",
                ));
            };
            if case.decision.as_ref().is_some_and(|c| c.is_paused()) {
                return Err(not_allowed(
                    "type",
                    "complete_step",
                    "the case is paused for a special procedure; resume first",
                ));
            }
            let acting = cx.acting_for(&step.post, actor, at)?;
            let mut out = Vec::new();
            if acting.is_violation() && cx.records(Rule::AbBothAbsent) {
                // The step's post; the unit head who covered acts for it (and answers for the gap).
                out.push(case.accountable(&ctx, Rule::AbBothAbsent, at).violation(
                    Rule::AbBothAbsent,
                    format!("post `{}`: A and B away; the unit head covered", step.post),
                ));
            }
            out.push(EventKind::StepCompleted {
                step: case.step(),
                by: acting,
            });
            out
        }
        CaseCommand::Pause(Pause { kind, notice, .. }) => {
            if !item.special_procedures.contains(kind) {
                return Err(invalid(
                    "kind",
                    kind,
                    format!("item {} does not allow this special procedure", item.code),
                ));
            }
            nonempty(
                "notice",
                notice,
                "the applicant is told the time of a special procedure in writing (art. 45)",
            )?;
            require_step_or_head(cx, case, item, actor, at)?;
            vec![EventKind::Paused {
                kind: *kind,
                notice: notice.clone(),
            }]
        }
        CaseCommand::Resume(Resume { .. }) => {
            if !case.decision.as_ref().is_some_and(|c| c.is_paused()) {
                return Err(not_allowed("type", "resume", "the case is not paused"));
            }
            require_step_or_head(cx, case, item, actor, at)?;
            vec![EventKind::Resumed]
        }
        CaseCommand::Extend(Extend { amount, reason, .. }) => {
            cx.require_approver(actor, &case.unit, case.kind)?;
            nonempty("reason", reason, "the applicant is told why (art. 42)")?;
            vec![EventKind::Extended {
                amount: *amount,
                reason: reason.clone(),
            }]
        }
        CaseCommand::Decide(Decide {
            approve,
            reasons,
            legal_basis,
            remedies,
            ..
        }) => {
            if case.decision.as_ref().is_some_and(|c| c.is_paused()) {
                return Err(not_allowed(
                    "type",
                    "decide",
                    "the case is paused for a special procedure; resume first",
                ));
            }
            signed(&case.unit, &DECIDE, "the case's unit")?;
            // The decision concludes the procedure: every step is completed first, for an approval and a
            // denial alike (docs/rules.md §3 art. 42: the decision follows the review).
            if let Some(step) = item.steps.get(case.step()) {
                return Err(not_allowed(
                    "type",
                    "decide",
                    format!(
                        "step {} of {} ({}) is not completed; a decision needs every procedure step completed",
                        case.step() + 1,
                        item.steps.len(),
                        step.name
                    ),
                ));
            }
            if *approve {
                let pending: Vec<&str> = case.pending_parties().collect();
                if !pending.is_empty() {
                    return Err(invalid(
                        "approve",
                        true,
                        format!("joint review still waits for the opinion of {}", pending.join(", ")),
                    ));
                }
            } else {
                nonempty("reasons", reasons, "a denial states its reasons (art. 38)")?;
                nonempty("legal_basis", legal_basis, "a denial states its legal basis (art. 38)")?;
                nonempty(
                    "remedies",
                    remedies,
                    "a denial states the rights to reconsideration or suit (art. 38)",
                )?;
            }
            vec![EventKind::Decided {
                approve: *approve,
                deemed: false,
                reasons: reasons.clone(),
                legal_basis: legal_basis.clone(),
                remedies: remedies.clone(),
            }]
        }
        CaseCommand::Deliver(Deliver { .. }) => {
            window(Intake::NotServed)?;
            vec![EventKind::Delivered]
        }
        CaseCommand::JointReply(JointReply {
            unit, opinion, reasons, ..
        }) => {
            require_pending_party(case, unit)?;
            signed(
                unit,
                &[Role::Reviewer, Role::UnitHead, Role::ChiefRepresentative],
                "the consulted unit",
            )?;
            let jr = &cx.policy.joint_review;
            let (counted, deemed) = match opinion {
                Opinion::Disagree if reasons.trim().is_empty() => {
                    if !jr.unreasoned_disagreement_is_consent {
                        return Err(invalid("reasons", "\"\"", "a disagreement states its reasons"));
                    }
                    (Opinion::Agree, Some(DeemedBecause::UnreasonedDisagreement))
                }
                Opinion::Other => {
                    if !jr.unclear_reply_is_consent {
                        return Err(invalid(
                            "opinion",
                            "other",
                            "the policy does not count an unclear reply as agreement: reply agree, disagree or \
                             agree_and_forward",
                        ));
                    }
                    (Opinion::Agree, Some(DeemedBecause::UnclearReply))
                }
                given => (*given, None),
            };
            vec![EventKind::JointOpinion {
                unit: unit.clone(),
                opinion: counted,
                reasons: reasons.clone(),
                deemed,
            }]
        }
        CaseCommand::JointAbsence(JointAbsence { unit, excused, .. }) => {
            require_pending_party(case, unit)?;
            cx.require_unit(actor, &case.unit, "the lead unit")?;
            if *excused {
                // An excused absence: the party still owes a reply.
                Vec::new()
            } else if cx.policy.joint_review.absence_is_consent {
                vec![EventKind::JointOpinion {
                    unit: unit.clone(),
                    opinion: Opinion::Agree,
                    reasons: String::new(),
                    deemed: Some(DeemedBecause::Absence),
                }]
            } else if cx.records(Rule::UnexcusedAbsence) {
                // An unexcused absence is always recorded: without absence default it is a violation (of
                // the absent unit, its head answering), and the party still owes a reply.
                vec![cx.accountable(unit, None, at).violation(
                    Rule::UnexcusedAbsence,
                    format!("unit `{unit}` absent without excuse from the joint review"),
                )]
            } else {
                Vec::new()
            }
        }
        CaseCommand::Rate(Rate {
            level,
            real_name,
            comment,
            ..
        }) => {
            if case.rating().is_some() {
                return Err(not_allowed("type", "rate", "the case is already rated"));
            }
            if actor != case.applicant() {
                return Err(forbidden("actor", actor, "only the applicant rates the service"));
            }
            if !(1..=5).contains(level) {
                return Err(invalid(
                    "level",
                    level,
                    "a rating level is 1 (非常不满意) ..= 5 (非常满意)",
                ));
            }
            vec![EventKind::Rated {
                level: *level,
                real_name: *real_name,
                deemed: false,
                comment: comment.clone(),
            }]
        }
        CaseCommand::FollowUpRating(FollowUpRating { result, .. }) => {
            if case.rating_follow_up().is_none_or(|c| c.completed_at().is_some()) {
                return Err(not_allowed(
                    "type",
                    "follow_up_rating",
                    "the case has no bad rating awaiting follow-up",
                ));
            }
            // The rated unit's head, or a supervisor of the efficiency office (who verifies bad ratings).
            cx.require_case_unit_or_supervisor(actor, &case.unit, &[Role::UnitHead])?;
            nonempty("result", result, "state what was verified and rectified")?;
            vec![EventKind::RatingFollowedUp { result: result.clone() }]
        }
        CaseCommand::Terminate(Terminate { reason, .. }) => {
            cx.require_case_unit(actor, &case.unit, &[Role::UnitHead])?;
            nonempty("reason", reason, "a termination states its reason")?;
            vec![EventKind::Terminated { reason: reason.clone() }]
        }
        CaseCommand::Withdraw(Withdraw { .. }) => {
            window(Intake::NotServed)?;
            vec![EventKind::Withdrawn]
        }
        CaseCommand::NotifyHearingRight(NotifyHearingRight { notice, .. }) => {
            signed(&case.unit, &DECIDE, "the case's unit")?;
            if !item.special_procedures.contains(&PauseKind::Hearing) {
                return Err(invalid(
                    "type",
                    "notify_hearing_right",
                    format!("item {} has no hearing among its special procedures", item.code),
                ));
            }
            if case.hearing_request().is_some() {
                return Err(not_allowed(
                    "type",
                    "notify_hearing_right",
                    "the applicant was already told of the right to a hearing",
                ));
            }
            nonempty(
                "notice",
                notice,
                "the applicant is told of the right to a hearing in writing (art. 47)",
            )?;
            vec![EventKind::HearingRightNotified { notice: notice.clone() }]
        }
        CaseCommand::RequestHearing(RequestHearing { .. }) => {
            if actor != case.applicant() {
                return Err(forbidden("actor", actor, "only the applicant requests a hearing"));
            }
            let Some(clock) = case.hearing_request() else {
                return Err(not_allowed(
                    "type",
                    "request_hearing",
                    "the applicant was not told of a right to a hearing (notify_hearing_right)",
                ));
            };
            if case.hearing().is_some() {
                return Err(not_allowed(
                    "type",
                    "request_hearing",
                    "a hearing was already requested",
                ));
            }
            let deadline = clock.timing(cx.cal, at)?.deadline;
            if clock.completed_at().is_some() || at >= deadline {
                return Err(not_allowed(
                    "type",
                    "request_hearing",
                    format!(
                        "the right to a hearing ended at {}: a hearing is requested within {} of the notice \
                         (art. 47)",
                        cx.cal.local(deadline),
                        limit_text(cx.policy.hearing.request_limit)
                    ),
                ));
            }
            vec![EventKind::HearingRequested]
        }
        CaseCommand::HoldHearing(HoldHearing { .. }) => {
            signed(&case.unit, &DECIDE, "the case's unit")?;
            let Some(clock) = case.hearing().filter(|c| c.completed_at().is_none()) else {
                return Err(not_allowed("type", "hold_hearing", "no requested hearing is pending"));
            };
            let deadline = clock.timing(cx.cal, at)?.deadline;
            let mut out = Vec::new();
            if at >= deadline && !case.breached.contains(ClockName::Hearing) && cx.records(Rule::LateHearing) {
                let mut who = case.accountable(&ctx, Rule::LateHearing, deadline);
                who.responsible = Some(actor.to_string());
                out.push(who.violation(
                    Rule::LateHearing,
                    format!("hearing not held by {}", cx.cal.local(deadline)),
                ));
            }
            out.push(EventKind::HearingHeld);
            out
        }
    })
}

/// A limit as text, `5 working_days`.
fn limit_text(l: crate::clock::Limit) -> String {
    format!("{} {}", l.amount, l.unit)
}

/// The roles that decide once every step is done, in the case's unit (a chief representative under a
/// delegation only).
const DECIDE: [Role; 3] = [Role::UnitHead, Role::ChiefRepresentative, Role::Reviewer];

/// A command the transition table admits in no state of an existing case (`receive`).
fn unreachable_state(case: &Case, command: &CaseCommand) -> Result<Vec<EventKind>> {
    Err(not_allowed(
        "case",
        &case.id,
        format!(
            "`{}` creates a case, and a case with this number exists",
            command.name()
        ),
    ))
}

fn require_pending_party(case: &Case, unit: &str) -> Result<()> {
    match case.joint().iter().find(|p| p.unit == unit) {
        None => Err(invalid("unit", unit, "not consulted on this case")),
        Some(p) if p.opinion.is_some() => Err(invalid("unit", unit, "has already given its opinion")),
        Some(_) => Ok(()),
    }
}

/// `actor` is a unit head of the case's unit, or the acting holder of the current step's post.
fn require_step_or_head(cx: &Cx, case: &Case, item: &ServiceItem, actor: &str, at: DateTime<Utc>) -> Result<()> {
    cx.staff(actor)?;
    if cx.org.has_role(actor, Role::UnitHead) && cx.in_unit(actor, &case.unit) {
        return Ok(());
    }
    let neither = format!("neither a unit head of the case's unit `{}` nor", case.unit);
    match item.steps.get(case.step()) {
        Some(step) => cx.acting_for(&step.post, actor, at).map(|_| ()).map_err(|e| {
            if e.code() == crate::error::ErrorCode::Forbidden {
                forbidden(
                    "actor",
                    actor,
                    format!("{neither} the acting holder of the current step's post: {}", e.reason()),
                )
            } else {
                e
            }
        }),
        None => Err(forbidden(
            "actor",
            actor,
            format!(
                "not a unit head of the case's unit `{}`: once every step is done, only the unit's head acts",
                case.unit
            ),
        )),
    }
}

/// The events of the command that creates a case (`receive`); the first creates it.
pub(crate) fn create(id: &str, command: &CaseCommand, cx: &Cx) -> Result<Vec<EventKind>> {
    let CaseCommand::Receive(Receive {
        actor,
        item,
        applicant,
        materials,
        renewal_of_expiry,
        at,
        ..
    }) = command
    else {
        return Err(crate::error::not_found("case", id, "no case has this number"));
    };
    let ctx = cx.item(item)?;
    cx.require_window(actor, ctx.item_rules, Intake::Served, command.name(), *at)?;
    let mut out = vec![EventKind::Received {
        item: item.clone(),
        applicant: applicant.clone(),
        materials: materials.clone(),
    }];
    if let Some(expiry) = *renewal_of_expiry {
        if expiry <= *at {
            return Err(invalid(
                "renewal_of_expiry",
                expiry.to_rfc3339(),
                "the licence expired before the application: a renewal is applied for before the expiry (art. 50)",
            ));
        }
        // In time when the policy's lead, counted from receipt like any limit, ends by the expiry.
        let lead_ends = cx.rules.renewal_lead.restarted(*at).timing(cx.cal, *at)?.deadline;
        out.push(EventKind::RenewalOf {
            expiry,
            in_time: lead_ends <= expiry,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::given::{instant, Fixture};
    use super::*;
    use crate::error::ErrorCode;

    const FOOD: &str = "330100-FOOD-001";
    const T0: &str = "2026-09-28T09:00:00+08:00";
    const T1: &str = "2026-09-28T10:00:00+08:00";

    fn received() -> (&'static str, Option<&'static str>, EventKind) {
        (
            T0,
            Some("s-clerk"),
            EventKind::Received {
                item: FOOD.into(),
                applicant: "张三".into(),
                materials: vec![],
            },
        )
    }

    #[test]
    fn a_clerk_accepts_a_received_case() {
        let f = Fixture::county();
        f.given(&[received()])
            .when(Accept {
                case: "C1".into(),
                at: instant(T1),
                actor: "s-clerk".into(),
            })
            .then(&[EventKind::Accepted {
                effective: instant(T1),
                deemed: false,
            }]);
    }

    #[test]
    fn a_reviewer_may_not_accept() {
        let f = Fixture::county();
        f.given(&[received()])
            .when(Accept {
                case: "C1".into(),
                at: instant(T1),
                actor: "s-rev".into(),
            })
            .then_error(ErrorCode::Forbidden, "actor");
    }

    #[test]
    fn a_second_notice_adding_items_not_caused_by_new_materials_is_a_violation() {
        let f = Fixture::county();
        let notified = EventKind::CorrectionsNotified {
            missing: vec!["营业执照".into()],
        };
        let submitted = EventKind::CorrectionsSubmitted {
            materials: vec!["营业执照".into()],
        };
        let then = f
            .given(&[
                received(),
                (T1, Some("s-clerk"), notified),
                (T1, Some("s-clerk"), submitted),
            ])
            .when(NotifyCorrections {
                case: "C1".into(),
                at: instant("2026-09-29T10:00:00+08:00"),
                actor: "s-clerk".into(),
                missing: vec!["营业执照".into(), "卫生许可".into()],
            });
        let events = then.0.expect("a later notice is recorded");
        assert!(
            matches!(&events[1], EventKind::Violation { rule: Rule::RepeatedNotice, detail, .. } if detail.contains("卫生许可")),
            "{events:?}"
        );
    }

    #[test]
    fn a_refusal_states_its_legal_basis() {
        let f = Fixture::county();
        f.given(&[received()])
            .when(Refuse {
                case: "C1".into(),
                at: instant(T1),
                actor: "s-clerk".into(),
                reasons: "不属于本机关职权范围".into(),
                legal_basis: " ".into(),
                remedies: "可申请行政复议".into(),
            })
            .then_error(ErrorCode::InvalidInput, "legal_basis");
    }

    /// Hearings (art. 47): the right told, requested within the request limit, held within the hold
    /// limit; authority scoped to the case's unit and the applicant.
    mod hearing {
        use super::*;

        const NOTIFIED: &str = "2026-09-29T10:00:00+08:00";
        // 5 working days after Tue Sep 29 2026: Sep 30, Oct 8, Oct 9, Sat Oct 10 (makeup), Mon Oct 12.
        const LAST_REQUEST_DAY: &str = "2026-10-12T16:00:00+08:00";
        const TOO_LATE: &str = "2026-10-13T09:00:00+08:00";
        const REQUESTED: &str = "2026-10-09T10:00:00+08:00";
        // 20 working days after Fri Oct 9: ends with Thu Nov 5.
        const HELD_IN_TIME: &str = "2026-11-05T16:00:00+08:00";
        const HELD_LATE: &str = "2026-11-06T09:00:00+08:00";

        fn accepted() -> (&'static str, Option<&'static str>, EventKind) {
            (
                T1,
                Some("s-clerk"),
                EventKind::Accepted {
                    effective: instant(T1),
                    deemed: false,
                },
            )
        }
        fn notified() -> (&'static str, Option<&'static str>, EventKind) {
            (
                NOTIFIED,
                Some("s-rev"),
                EventKind::HearingRightNotified {
                    notice: "听证权利告知书".into(),
                },
            )
        }
        fn requested() -> (&'static str, Option<&'static str>, EventKind) {
            (REQUESTED, Some("张三"), EventKind::HearingRequested)
        }
        fn notify(actor: &str) -> NotifyHearingRight {
            NotifyHearingRight {
                case: "C1".into(),
                at: instant(NOTIFIED),
                actor: actor.into(),
                notice: "听证权利告知书".into(),
            }
        }
        fn request(actor: &str, at: &str) -> RequestHearing {
            RequestHearing {
                case: "C1".into(),
                at: instant(at),
                actor: actor.into(),
            }
        }
        fn hold(actor: &str, at: &str) -> HoldHearing {
            HoldHearing {
                case: "C1".into(),
                at: instant(at),
                actor: actor.into(),
            }
        }

        #[test]
        fn notify_hearing_right_by_the_cases_unit_not_another_unit() {
            let f = Fixture::county();
            let g = f.given(&[received(), accepted()]);
            g.when(notify("s-rev")).then(&[EventKind::HearingRightNotified {
                notice: "听证权利告知书".into(),
            }]);
            g.when(notify("s-head")).then_ok();
            g.when(notify("s-fire-head"))
                .then_forbidden("s-fire-head", "not of the case's unit `amr`");
            g.when(notify("s-clerk")).then_forbidden("s-clerk", "roles");
            // Once per case.
            f.given(&[received(), accepted(), notified()])
                .when(notify("s-rev"))
                .then_error(ErrorCode::InvalidState, "type");
        }

        #[test]
        fn a_hearing_is_requested_by_the_applicant_within_the_request_limit() {
            let f = Fixture::county();
            let g = f.given(&[received(), accepted(), notified()]);
            g.when(request("张三", LAST_REQUEST_DAY))
                .then(&[EventKind::HearingRequested]);
            g.when(request("s-head", LAST_REQUEST_DAY))
                .then_forbidden("s-head", "only the applicant");
            let err = g.when(request("张三", TOO_LATE)).0.unwrap_err();
            assert_eq!((err.code(), err.field()), (ErrorCode::InvalidState, Some("type")));
            assert!(
                err.reason()
                    .contains("the right to a hearing ended at 2026-10-13 00:00:00 +08:00"),
                "{err}"
            );
            // Without the notice there is no right to request.
            f.given(&[received(), accepted()])
                .when(request("张三", REQUESTED))
                .then_error(ErrorCode::InvalidState, "type");
        }

        #[test]
        fn a_request_pauses_the_decision_clock_until_the_hearing_is_held() {
            let f = Fixture::county();
            let g = f.given(&[received(), accepted(), notified(), requested()]);
            let decision = g.case.decision().unwrap();
            assert!(decision.is_paused());
            assert_eq!(decision.pauses()[0].kind, PauseKind::Hearing);
            assert!(g.case.hearing().is_some());
            let g = f.given(&[
                received(),
                accepted(),
                notified(),
                requested(),
                (HELD_IN_TIME, Some("s-rev"), EventKind::HearingHeld),
            ]);
            assert!(!g.case.decision().unwrap().is_paused());
            assert_eq!(g.case.hearing().unwrap().completed_at(), Some(instant(HELD_IN_TIME)));
        }

        #[test]
        fn hold_hearing_by_the_cases_unit_and_late_is_a_violation() {
            let f = Fixture::county();
            let g = f.given(&[received(), accepted(), notified(), requested()]);
            g.when(hold("s-rev", HELD_IN_TIME)).then(&[EventKind::HearingHeld]);
            g.when(hold("s-fire-head", HELD_IN_TIME))
                .then_forbidden("s-fire-head", "not of the case's unit `amr`");
            let late = g.when(hold("s-rev", HELD_LATE));
            let events = late.then_ok();
            assert!(
                matches!(
                    &events[0],
                    EventKind::Violation {
                        rule: Rule::LateHearing,
                        ..
                    }
                ),
                "{events:?}"
            );
            assert_eq!(events[1], EventKind::HearingHeld);
            // Nothing to hold before a request.
            f.given(&[received(), accepted(), notified()])
                .when(hold("s-rev", HELD_IN_TIME))
                .then_error(ErrorCode::InvalidState, "type");
        }
    }

    /// Renewals (art. 50): the licence's expiry on `receive`; in time per the policy's lead.
    mod renewal {
        use super::*;

        fn receive(at: &str, expiry: &str) -> Receive {
            Receive {
                case: "C1".into(),
                at: instant(at),
                actor: "s-clerk".into(),
                item: FOOD.into(),
                applicant: "张三".into(),
                materials: vec![],
                renewal_of_expiry: Some(instant(expiry)),
            }
        }

        #[test]
        fn a_renewal_applied_for_the_lead_before_the_expiry_is_in_time() {
            let f = Fixture::county();
            // 30 natural days from Sep 28 end with Oct 28.
            let events = f
                .when_created(receive(T0, "2026-10-29T00:00:00+08:00"))
                .then_ok()
                .to_vec();
            assert_eq!(
                events[1],
                EventKind::RenewalOf {
                    expiry: instant("2026-10-29T00:00:00+08:00"),
                    in_time: true
                }
            );
            let events = f
                .when_created(receive(T0, "2026-10-28T12:00:00+08:00"))
                .then_ok()
                .to_vec();
            assert!(matches!(events[1], EventKind::RenewalOf { in_time: false, .. }));
            f.when_created(receive(T0, "2026-09-01T00:00:00+08:00"))
                .then_error(ErrorCode::InvalidInput, "renewal_of_expiry");
        }
    }

    /// Who may do what (docs/rules.md §1 "Who may do what"): for every command, the actor the rule admits
    /// and an actor of another unit holding the same role, who is refused naming the actor and its unit.
    mod authority {
        use super::*;
        use crate::clock::PauseKind;
        use crate::org::Acting;

        const BLDG: &str = "330100-BLDG-007";
        const T2: &str = "2026-09-28T11:00:00+08:00";
        const T3: &str = "2026-09-29T10:00:00+08:00";
        const T4: &str = "2026-09-29T11:00:00+08:00";
        const OTHER_UNIT: &str = "not of the case's unit `amr`";

        fn by(actor: &str) -> (String, DateTime<Utc>, String) {
            ("C1".into(), instant(T4), actor.into())
        }

        fn received_of(item: &str) -> (&'static str, Option<&'static str>, EventKind) {
            (
                T0,
                Some("s-clerk"),
                EventKind::Received {
                    item: item.into(),
                    applicant: "张三".into(),
                    materials: vec![],
                },
            )
        }

        fn accepted() -> (&'static str, Option<&'static str>, EventKind) {
            (
                T1,
                Some("s-clerk"),
                EventKind::Accepted {
                    effective: instant(T1),
                    deemed: false,
                },
            )
        }

        /// Step `step` of the food licence completed by its holder (steps 0: window, 1 and 2: review).
        fn step_done(step: usize) -> (&'static str, Option<&'static str>, EventKind) {
            let staff = if step == 0 { "s-clerk" } else { "s-rev" };
            (
                T2,
                Some(staff),
                EventKind::StepCompleted {
                    step,
                    by: Acting::Holder { staff: staff.into() },
                },
            )
        }

        fn refused() -> (&'static str, Option<&'static str>, EventKind) {
            (
                T1,
                Some("s-clerk"),
                EventKind::Refused {
                    reasons: "不属于本机关职权范围".into(),
                    legal_basis: "《行政许可法》第三十二条".into(),
                    remedies: "可申请行政复议".into(),
                },
            )
        }

        fn paused() -> (&'static str, Option<&'static str>, EventKind) {
            (
                T2,
                Some("s-head"),
                EventKind::Paused {
                    kind: PauseKind::Inspection,
                    notice: "检验检测告知书".into(),
                },
            )
        }

        fn receive(actor: &str, item: &str) -> Receive {
            Receive {
                case: "C1".into(),
                at: instant(T0),
                actor: actor.into(),
                item: item.into(),
                applicant: "张三".into(),
                materials: vec![],
                renewal_of_expiry: None,
            }
        }

        #[test]
        fn receive_by_a_window_clerk_of_the_items_unit_not_of_another() {
            let f = Fixture::county();
            f.when_created(receive("s-clerk", FOOD)).then_ok();
            f.when_created(receive("s-fire-clerk", FOOD))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            f.when_created(receive("s-hall", FOOD))
                .then_forbidden("s-hall", OTHER_UNIT);
        }

        #[test]
        fn receive_by_a_central_intake_window_for_the_items_it_takes_in_only() {
            let f = Fixture::county_with_intake();
            f.when_created(receive("s-hall", FOOD)).then_ok();
            f.when_created(receive("s-hall", BLDG))
                .then_forbidden("s-hall", "nor of an intake window that takes it in");
            f.when_created(receive("s-fire-clerk", FOOD))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
        }

        #[test]
        fn notify_corrections_by_the_cases_unit_or_its_intake_not_another_unit() {
            let notify = |actor: &str| {
                let (case, at, actor) = by(actor);
                NotifyCorrections {
                    case,
                    at,
                    actor,
                    missing: vec!["营业执照复印件".into()],
                }
            };
            let f = Fixture::county();
            let g = f.given(&[received()]);
            g.when(notify("s-clerk")).then_ok();
            g.when(notify("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            g.when(notify("s-hall")).then_forbidden("s-hall", OTHER_UNIT);
            let f = Fixture::county_with_intake();
            f.given(&[received()]).when(notify("s-hall")).then_ok();
        }

        #[test]
        fn submit_corrections_by_the_applicant_or_the_cases_unit_or_its_intake_not_another_unit() {
            let submit = |actor: &str| {
                let (case, at, actor) = by(actor);
                SubmitCorrections {
                    case,
                    at,
                    actor,
                    materials: vec!["营业执照复印件".into()],
                }
            };
            let notified = (
                T1,
                Some("s-clerk"),
                EventKind::CorrectionsNotified {
                    missing: vec!["营业执照复印件".into()],
                },
            );
            let f = Fixture::county();
            let g = f.given(&[received(), notified.clone()]);
            g.when(submit("s-clerk")).then_ok();
            g.when(submit("张三")).then_ok();
            g.when(submit("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            g.when(submit("李四")).then_error(ErrorCode::NotFound, "actor");
            let f = Fixture::county_with_intake();
            f.given(&[received(), notified]).when(submit("s-hall")).then_ok();
        }

        #[test]
        fn accept_by_the_cases_unit_or_its_intake_not_another_unit() {
            let accept = |actor: &str| {
                let (case, at, actor) = by(actor);
                Accept { case, at, actor }
            };
            let f = Fixture::county();
            let g = f.given(&[received()]);
            g.when(accept("s-clerk")).then_ok();
            g.when(accept("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            g.when(accept("s-fire-head")).then_forbidden("s-fire-head", OTHER_UNIT);
            let f = Fixture::county_with_intake();
            f.given(&[received()]).when(accept("s-hall")).then_ok();
            // The intake takes in the food licence, not the joint fire check.
            f.given(&[received_of(BLDG)])
                .when(accept("s-hall"))
                .then_forbidden("s-hall", "nor of an intake window");
        }

        #[test]
        fn refuse_by_the_cases_unit_or_its_intake_not_another_unit() {
            let refuse = |actor: &str| {
                let (case, at, actor) = by(actor);
                Refuse {
                    case,
                    at,
                    actor,
                    reasons: "不属于本机关职权范围".into(),
                    legal_basis: "《行政许可法》第三十二条".into(),
                    remedies: "可申请行政复议".into(),
                }
            };
            let f = Fixture::county();
            let g = f.given(&[received()]);
            g.when(refuse("s-clerk")).then_ok();
            g.when(refuse("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            let f = Fixture::county_with_intake();
            f.given(&[received()]).when(refuse("s-hall")).then_ok();
        }

        #[test]
        fn report_negative_by_the_deciding_unit_to_its_head_or_its_superiors() {
            let report = |actor: &str, superior: &str| {
                let (case, at, actor) = by(actor);
                ReportNegative {
                    case,
                    at,
                    actor,
                    superior: superior.into(),
                }
            };
            let f = Fixture::county_with_intake();
            let g = f.given(&[received(), refused()]);
            g.when(report("s-clerk", "s-head")).then_ok();
            g.when(report("s-clerk", "s-gov-head")).then_ok();
            g.when(report("s-fire-clerk", "s-head"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            g.when(report("s-hall", "s-head")).then_forbidden("s-hall", OTHER_UNIT);
            // The superior is validated the same way: the head of another unit is not the case's leader.
            let err = g.when(report("s-clerk", "s-fire-head")).0.unwrap_err();
            assert_eq!(
                (err.code(), err.field(), err.value()),
                (ErrorCode::InvalidInput, Some("superior"), Some("s-fire-head"))
            );
            assert!(err.reason().contains("unit `fire`"), "{err}");
            g.when(report("s-clerk", "s-clerk2"))
                .then_error(ErrorCode::InvalidInput, "superior");
        }

        #[test]
        fn complete_step_by_the_acting_holder_of_its_post_not_another_units_clerk() {
            let step = |actor: &str| {
                let (case, at, actor) = by(actor);
                CompleteStep { case, at, actor }
            };
            let f = Fixture::county_with_intake();
            let g = f.given(&[received(), accepted()]);
            g.when(step("s-clerk")).then_ok();
            g.when(step("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", "post `p-window` is held");
            g.when(step("s-hall"))
                .then_forbidden("s-hall", "post `p-window` is held");
        }

        #[test]
        fn pause_and_resume_by_the_head_of_the_cases_unit_not_another_units() {
            let pause = |actor: &str| {
                let (case, at, actor) = by(actor);
                Pause {
                    case,
                    at,
                    actor,
                    kind: PauseKind::Inspection,
                    notice: "检验检测告知书".into(),
                }
            };
            let resume = |actor: &str| {
                let (case, at, actor) = by(actor);
                Resume { case, at, actor }
            };
            let f = Fixture::county();
            let g = f.given(&[received(), accepted()]);
            g.when(pause("s-head")).then_ok();
            g.when(pause("s-fire-head"))
                .then_forbidden("s-fire-head", "neither a unit head of the case's unit `amr`");
            let g = f.given(&[received(), accepted(), paused()]);
            g.when(resume("s-head")).then_ok();
            g.when(resume("s-fire-head"))
                .then_forbidden("s-fire-head", "neither a unit head of the case's unit `amr`");
        }

        #[test]
        fn extend_by_the_approver_of_the_cases_unit_or_its_superior_not_another_unit() {
            let extend = |actor: &str| {
                let (case, at, actor) = by(actor);
                Extend {
                    case,
                    at,
                    actor,
                    amount: 10,
                    reason: "需要现场核查".into(),
                }
            };
            let f = Fixture::county();
            let g = f.given(&[received(), accepted()]);
            g.when(extend("s-head")).then_ok();
            g.when(extend("s-gov-head")).then_ok();
            g.when(extend("s-fire-head"))
                .then_forbidden("s-fire-head", "the case's unit `amr` or its superior `gov`");
            g.when(extend("s-rev")).then_forbidden("s-rev", "unit_head");
        }

        fn decide(actor: &str, approve: bool) -> Decide {
            let (case, at, actor) = by(actor);
            Decide {
                case,
                at,
                actor,
                approve,
                reasons: if approve { "" } else { "经营场所不符合要求" }.into(),
                legal_basis: if approve {
                    ""
                } else {
                    "《食品安全法》第三十五条"
                }
                .into(),
                remedies: if approve { "" } else { "可申请行政复议" }.into(),
            }
        }

        #[test]
        fn decide_by_the_cases_unit_not_another_units_head() {
            let f = Fixture::county();
            let g = f.given(&[received(), accepted(), step_done(0), step_done(1), step_done(2)]);
            for approve in [true, false] {
                g.when(decide("s-head", approve)).then_ok();
                g.when(decide("s-rev", approve)).then_ok();
                g.when(decide("s-fire-head", approve))
                    .then_forbidden("s-fire-head", OTHER_UNIT);
                g.when(decide("s-fire", approve)).then_forbidden("s-fire", OTHER_UNIT);
            }
            // A window clerk is no decision-maker.
            g.when(decide("s-clerk", true)).then_forbidden("s-clerk", "roles");
        }

        #[test]
        fn a_decision_needs_every_procedure_step_completed() {
            let f = Fixture::county();
            // Step 1 of 3: the window clerk holding the step's post may not approve (nor may anyone).
            let g = f.given(&[received(), accepted()]);
            g.when(decide("s-clerk", true)).then_forbidden("s-clerk", "roles");
            for approve in [true, false] {
                let err = g.when(decide("s-head", approve)).0.unwrap_err();
                assert_eq!((err.code(), err.field()), (ErrorCode::InvalidState, Some("type")));
                assert!(err.reason().contains("step 1 of 3 (受理)"), "{err}");
            }
            // Step 3 of 3 pending: still not.
            let g = f.given(&[received(), accepted(), step_done(0), step_done(1)]);
            let err = g.when(decide("s-rev", true)).0.unwrap_err();
            assert!(err.reason().contains("step 3 of 3 (决定)"), "{err}");
        }

        #[test]
        fn deliver_and_withdraw_by_the_cases_unit_not_another_unit_nor_its_intake() {
            let deliver = |actor: &str| {
                let (case, at, actor) = by(actor);
                Deliver { case, at, actor }
            };
            let withdraw = |actor: &str| {
                let (case, at, actor) = by(actor);
                Withdraw { case, at, actor }
            };
            let f = Fixture::county_with_intake();
            let approved = (
                T3,
                Some("s-head"),
                EventKind::Decided {
                    approve: true,
                    deemed: false,
                    reasons: String::new(),
                    legal_basis: String::new(),
                    remedies: String::new(),
                },
            );
            let g = f.given(&[
                received(),
                accepted(),
                step_done(0),
                step_done(1),
                step_done(2),
                approved,
            ]);
            g.when(deliver("s-clerk")).then_ok();
            g.when(deliver("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            g.when(deliver("s-hall")).then_forbidden("s-hall", "nothing else");
            let g = f.given(&[received()]);
            g.when(withdraw("s-clerk")).then_ok();
            g.when(withdraw("s-fire-clerk"))
                .then_forbidden("s-fire-clerk", OTHER_UNIT);
            g.when(withdraw("s-hall")).then_forbidden("s-hall", "nothing else");
        }

        #[test]
        fn joint_reply_by_the_consulted_unit_and_absence_by_the_lead_unit() {
            let reply = |actor: &str| {
                let (case, at, actor) = by(actor);
                JointReply {
                    case,
                    at,
                    actor,
                    unit: "fire".into(),
                    opinion: Opinion::Agree,
                    reasons: String::new(),
                }
            };
            let absence = |actor: &str| {
                let (case, at, actor) = by(actor);
                JointAbsence {
                    case,
                    at,
                    actor,
                    unit: "fire".into(),
                    excused: false,
                }
            };
            let f = Fixture::county();
            let g = f.given(&[received_of(BLDG), accepted()]);
            g.when(reply("s-fire")).then_ok();
            g.when(reply("s-rev"))
                .then_forbidden("s-rev", "not of the consulted unit `fire`");
            g.when(absence("s-rev")).then_ok();
            g.when(absence("s-fire"))
                .then_forbidden("s-fire", "not of the lead unit `amr`");
        }

        #[test]
        fn follow_up_rating_by_the_head_of_the_rated_unit_or_a_supervisor_not_another_units_head() {
            let follow = |actor: &str| {
                let (case, at, actor) = by(actor);
                FollowUpRating {
                    case,
                    at,
                    actor,
                    result: "已回访，窗口人员作书面检查".into(),
                }
            };
            let rated = (
                T3,
                Some("张三"),
                EventKind::Rated {
                    level: 1,
                    real_name: true,
                    deemed: false,
                    comment: String::new(),
                },
            );
            let f = Fixture::county();
            let g = f.given(&[received(), refused(), rated]);
            g.when(follow("s-head")).then_ok();
            g.when(follow("s-sup")).then_ok();
            g.when(follow("s-fire-head")).then_forbidden("s-fire-head", OTHER_UNIT);
            g.when(follow("s-clerk")).then_forbidden("s-clerk", "unit_head");
        }

        #[test]
        fn terminate_by_the_head_of_the_cases_unit_not_another_units() {
            let terminate = |actor: &str| {
                let (case, at, actor) = by(actor);
                Terminate {
                    case,
                    at,
                    actor,
                    reason: "申请人已注销".into(),
                }
            };
            let f = Fixture::county();
            let g = f.given(&[received(), accepted()]);
            g.when(terminate("s-head")).then_ok();
            g.when(terminate("s-fire-head"))
                .then_forbidden("s-fire-head", OTHER_UNIT);
            g.when(terminate("s-gov-head")).then_forbidden("s-gov-head", OTHER_UNIT);
        }

        #[test]
        fn a_supervisor_acts_across_units_only_in_supervisory_commands() {
            let f = Fixture::county();
            let g = f.given(&[received()]);
            let (case, at, actor) = by("s-sup");
            g.when(Accept { case, at, actor }).then_forbidden("s-sup", OTHER_UNIT);
            let g = f.given(&[received(), accepted()]);
            let (case, at, actor) = by("s-sup");
            g.when(Terminate {
                case,
                at,
                actor,
                reason: "r".into(),
            })
            .then_forbidden("s-sup", OTHER_UNIT);
        }
    }
}
