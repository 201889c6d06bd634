//! Who may cause each event: the actor invariant of the engine targets, in one function ([`check_batch`]).
//!
//! It restates, from the outside, who `decide` in `core/case/decide.rs` and `core/inquiry/decide.rs` lets
//! act (docs/rules.md §1 "Who may do what"; `tests/authority_rules.rs` pins the same rules): an event
//! with an actor names a staff member of the organisation (or the applicant, for a rating), holding the
//! role or post the action needs, **of the unit the action is scoped to**: the case's unit; for the
//! window's intake commands also a central intake window the policy names for the item (集中受理); the
//! consulted unit for a joint reply; the case's unit or its superior for an extension (any unit when the
//! policy's approver is a supervisor); the case's unit or a supervisor of any unit for a rating's
//! follow-up; whoever the A/B rule makes the acting holder of a step's post. An event without an actor
//! is one a timer fires.
//!
//! (Before the engine scoped its role checks by unit, a `ROLE_SCOPE` constant let the role-only clauses
//! admit staff of any unit; every clause now names its unit.)

use chrono::{DateTime, Utc};
use xiaoneng::{Acting, Case, Catalog, DeemedBecause, Event, EventKind, Org, Policy, Role, Rule, Staff};

/// The roles of the window's commands (`WINDOW` in `core/context/auth.rs`).
const CLERK: [Role; 3] = [Role::WindowClerk, Role::ChiefRepresentative, Role::UnitHead];
/// The roles that may reply for a consulted unit.
const JOINT_REPLY: [Role; 3] = [Role::Reviewer, Role::UnitHead, Role::ChiefRepresentative];
/// The roles that may decide once every step is done.
const DECIDE: [Role; 3] = [Role::UnitHead, Role::ChiefRepresentative, Role::Reviewer];

/// The configuration an engine runs on.
#[derive(Clone, Copy)]
pub struct Config<'a> {
    /// The policy (the extension approver's role, the intake windows).
    pub policy: &'a Policy,
    /// The organisation (staff, roles, units, posts, absences).
    pub org: &'a Org,
    /// The catalog (the posts of each item's steps).
    pub catalog: &'a Catalog,
}

/// What the check knows about the case or inquiry an event concerns, after the step that produced it.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    /// A case.
    Case(&'a Case),
    /// An inquiry, with its responsible staff member (from its `inquiry_recorded` event).
    Inquiry(&'a str),
    /// Neither: no event may name it.
    Unknown,
}

/// Where the actor of a staff-caused event must belong, once the role or post is right.
enum Unit<'a> {
    /// Any unit: the first person asked about an inquiry (首问负责), whoever it is.
    Any,
    /// The case's unit (the lead unit).
    Case,
    /// The case's unit, or a central intake window of the policy that takes the case's item in: receipt,
    /// one-time notice, corrections, acceptance, refusal.
    Intake,
    /// The case's unit or its superior (parent) unit: an extension by a unit head.
    CaseOrSuperior,
    /// The case's unit, or a supervisor of any unit: a supervisory command.
    CaseOrSupervisor,
    /// The consulted unit named by the event (joint review, 会签).
    Consulted(&'a str),
    /// Whoever the A/B rule makes the acting holder of a step's post (its unit's business).
    Post,
}

/// Checks the events of one step (a command's or an advance's), in order: each comes from an actor
/// allowed to cause it, or from a timer (no actor). `subject` gives the case or inquiry of an event after
/// the step. Returns the first breach, naming the rule.
pub fn check_batch<'s>(cfg: Config, events: &[Event], subject: impl Fn(&str) -> Subject<'s>) -> Result<(), String> {
    for (k, e) in events.iter().enumerate() {
        check_event(cfg, e, events.get(k + 1), subject(&e.case)).map_err(|why| {
            format!(
                "event #{} {:?} at {} by {:?} on `{}`: {why}",
                e.seq, e.kind, e.at, e.actor, e.case
            )
        })?;
    }
    Ok(())
}

/// The actor rule of one event; `next` is the event after it in the same step.
fn check_event(cfg: Config, e: &Event, next: Option<&Event>, subject: Subject) -> Result<(), String> {
    let Config { policy, org, catalog } = cfg;
    // T: an event without an actor fires from a timer; only these kinds do (`Case::due_from`, the
    // inquiry's limit, the signal recorded after a command). Every command stamps its actor.
    let Some(actor) = e.actor.as_deref() else {
        return if timer_kind(&e.kind) {
            Ok(())
        } else {
            Err("an event only a command causes has no actor".into())
        };
    };
    let case = match subject {
        Subject::Case(c) => Some(c),
        Subject::Inquiry(responsible) => {
            // First inquiry (首问负责制): any staff member of any unit records an inquiry, the
            // highest-ranking of those asked at once is responsible, and only the responsible one deals
            // with it.
            let staff = staff(org, actor)?;
            return match &e.kind {
                EventKind::InquiryRecorded { responsible: r, .. } => {
                    let r = org
                        .staff(r)
                        .ok_or_else(|| format!("responsible `{r}` is not a staff member"))?;
                    ensure(r.rank >= staff.rank, "the responsible one ranks below the first asked")
                }
                EventKind::InquiryAnswered { .. } => ensure(actor == responsible, "not the responsible staff member"),
                _ => Err("an inquiry's event that no inquiry command causes".into()),
            }
            .and(unit_ok(Unit::Any, cfg, staff, None));
        }
        Subject::Unknown => None,
    };
    let case = case.ok_or("the event's case does not exist after the step")?;
    // R: the applicant, as named at receipt, rates (every other actor is a staff member).
    if let EventKind::Rated { deemed: false, .. } = e.kind {
        return ensure(actor == case.applicant(), "only the applicant rates");
    }
    // R: the applicant requests a hearing (art. 47).
    if let EventKind::HearingRequested = e.kind {
        return ensure(actor == case.applicant(), "only the applicant requests a hearing");
    }
    // R: the applicant hands in corrections (or the window takes them, below).
    if let EventKind::CorrectionsSubmitted { .. } = e.kind {
        if actor == case.applicant() {
            return Ok(());
        }
    }
    // S: every other actor is a staff member of the organisation.
    let staff = staff(org, actor)?;
    let has = |roles: &[Role]| roles.iter().any(|r| staff.roles.contains(r));
    let post_of = |step: usize| -> Option<&str> {
        let item = catalog.item(case.item())?;
        item.steps.get(step).map(|s| s.post.as_str())
    };
    let acting = |step: usize, at: DateTime<Utc>| -> Option<Acting> {
        org.acting_holder(post_of(step)?, at)
            .ok()
            .filter(|a| a.staff() == actor)
    };
    let head_of_case = has(&[Role::UnitHead]) && staff.unit == case.unit();
    let unit = match &e.kind {
        // Window (clerk roles) of the case's unit or of an intake window that takes the item in: receipt,
        // one-time notice, corrections, acceptance, refusal.
        EventKind::Received { .. }
        | EventKind::CorrectionsNotified { .. }
        | EventKind::CorrectionsSubmitted { .. }
        | EventKind::Accepted { deemed: false, .. }
        | EventKind::RenewalOf { .. }
        | EventKind::Refused { .. } => {
            ensure(has(&CLERK), "needs a window clerk, chief representative or unit head")?;
            Unit::Intake
        }
        // Window of the case's unit only: delivery, withdrawal.
        EventKind::Delivered | EventKind::Withdrawn => {
            ensure(has(&CLERK), "needs a window clerk, chief representative or unit head")?;
            Unit::Case
        }
        // A repeated notice's violation is the noticing clerk's.
        EventKind::Violation {
            rule: Rule::RepeatedNotice,
            responsible,
            ..
        } => {
            ensure(has(&CLERK), "needs a window clerk, chief representative or unit head")?;
            ensure(
                responsible.as_deref() == Some(actor),
                "the clerk who noticed is responsible",
            )?;
            Unit::Intake
        }
        // Negative report: a staff member of the deciding (the case's) unit reports, to a unit head of
        // that unit or of its superior.
        EventKind::NegativeReported { superior } => {
            let leader = org.staff(superior);
            ensure(
                leader.is_some_and(|s| s.roles.contains(&Role::UnitHead)),
                "reported to someone who is not a unit head",
            )?;
            let up = org.unit(case.unit()).and_then(|u| u.parent.as_deref());
            ensure(
                leader.is_some_and(|s| s.unit == case.unit() || Some(s.unit.as_str()) == up),
                "reported to the head of a unit other than the case's or its superior",
            )?;
            Unit::Case
        }
        // A/B posts (AB岗): a step is completed by its post's acting holder at that instant, as recorded.
        EventKind::StepCompleted { step, by } => {
            let holder = post_of(*step).map(|p| org.acting_holder(p, e.at));
            ensure(by.staff() == actor, "the recorded acting holder is not the actor")?;
            ensure(
                matches!(&holder, Some(Ok(h)) if h == by),
                "not the post's acting holder under the A/B rule",
            )?;
            Unit::Post
        }
        // A and B both away: the unit head who covers, with the step completed right after.
        EventKind::Violation {
            rule: Rule::AbBothAbsent,
            responsible,
            ..
        } => {
            ensure(
                responsible.as_deref() == Some(actor),
                "the unit head who covers is responsible",
            )?;
            let covered = matches!(next, Some(Event { actor: Some(a), kind: EventKind::StepCompleted { by: Acting::UnitHead { .. }, .. }, .. }) if a == actor);
            ensure(covered, "an A/B violation without the unit head's step after it")?;
            Unit::Post
        }
        // Special procedures (art. 45): the head of the case's unit, or the current step's acting holder.
        EventKind::Paused { .. } | EventKind::Resumed => {
            if head_of_case {
                Unit::Case
            } else {
                ensure(
                    acting(case.step(), e.at).is_some(),
                    "neither the unit's head nor the step's acting holder",
                )?;
                Unit::Post
            }
        }
        // Extension (art. 42): the policy's approver role, of the case's unit or its superior (a
        // supervisor approver: of any unit).
        EventKind::Extended { .. } => {
            let role = policy.extension.approver_role;
            ensure(has(&[role]), "needs the extension approver's role")?;
            if role == Role::Supervisor {
                Unit::Any
            } else {
                Unit::CaseOrSuperior
            }
        }
        // Decision: once every step is done, a head, chief representative or reviewer of the case's unit.
        EventKind::Decided { deemed: false, .. } => {
            ensure(post_of(case.step()).is_none(), "decided with a procedure step pending")?;
            ensure(has(&DECIDE), "needs a unit head, chief representative or reviewer")?;
            Unit::Case
        }
        // Joint review (并联审批): a consulted unit's reviewer, head or chief representative replies
        // (a reply without reasons or unclear is deemed agreement); the lead unit records an absence.
        EventKind::JointOpinion { unit, deemed, .. } => match deemed {
            None | Some(DeemedBecause::UnreasonedDisagreement | DeemedBecause::UnclearReply) => {
                ensure(has(&JOINT_REPLY), "needs a reviewer, unit head or chief representative")?;
                Unit::Consulted(unit)
            }
            Some(DeemedBecause::Absence) => Unit::Case,
            Some(DeemedBecause::Silence) => return Err("silence is a timer's, not an actor's".into()),
        },
        // A bad rating's follow-up: the head of the rated (the case's) unit, or a supervisor.
        EventKind::RatingFollowedUp { .. } => {
            if has(&[Role::Supervisor]) {
                Unit::CaseOrSupervisor
            } else {
                ensure(has(&[Role::UnitHead]), "needs a unit head or supervisor")?;
                Unit::Case
            }
        }
        // Hearings (art. 47): the right told and the hearing held (late: its violation, the holder's) by a
        // head, chief representative or reviewer of the case's unit.
        EventKind::HearingRightNotified { .. }
        | EventKind::HearingHeld
        | EventKind::Violation {
            rule: Rule::LateHearing,
            ..
        } => {
            ensure(has(&DECIDE), "needs a unit head, chief representative or reviewer")?;
            Unit::Case
        }
        // Termination: the head of the case's unit.
        EventKind::Terminated { .. } => {
            ensure(has(&[Role::UnitHead]), "needs a unit head")?;
            Unit::Case
        }
        EventKind::InquiryRecorded { .. } | EventKind::InquiryAnswered { .. } => {
            return Err("an inquiry's event on a case".into())
        }
        // Timers only: deemed acceptance, decision and rating, signals, escalation, faults, breaches.
        _ => return Err("only a timer causes this event".into()),
    };
    unit_ok(unit, cfg, staff, Some(case))
}

/// U: the actor's unit, as the action's scope says.
fn unit_ok(unit: Unit, cfg: Config, staff: &Staff, case: Option<&Case>) -> Result<(), String> {
    let Config { policy, org, catalog } = cfg;
    let case_unit = case.map(|c| c.unit());
    let own = case_unit == Some(staff.unit.as_str());
    match unit {
        Unit::Any | Unit::Post => Ok(()),
        Unit::Case => ensure(own, "not staff of the case's unit"),
        Unit::Intake => {
            let item = case.and_then(|c| catalog.item(c.item()));
            let intake = item.is_some_and(|i| {
                policy
                    .intake
                    .iter()
                    .any(|w| w.unit == staff.unit && w.takes_in(&i.code, &i.unit, i.kind))
            });
            ensure(
                own || intake,
                "neither staff of the case's unit nor of an intake window taking its item in",
            )
        }
        Unit::CaseOrSuperior => {
            let up = case_unit.and_then(|u| org.unit(u)).and_then(|u| u.parent.as_deref());
            ensure(
                own || up == Some(staff.unit.as_str()),
                "neither staff of the case's unit nor of its superior",
            )
        }
        Unit::CaseOrSupervisor => ensure(
            own || staff.roles.contains(&Role::Supervisor),
            "not staff of the case's unit nor a supervisor",
        ),
        Unit::Consulted(u) => {
            let consulted = case.is_some_and(|c| c.joint().iter().any(|p| p.unit == u));
            ensure(consulted, "the unit is not consulted on this case")?;
            ensure(
                staff.unit == u && org.unit(u).is_some(),
                "not staff of the consulted unit",
            )
        }
    }
}

/// Kinds a timer fires (with no actor).
fn timer_kind(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::SignalRaised { .. }
            | EventKind::Escalated { .. }
            | EventKind::TimerFault { .. }
            | EventKind::DeadlineChanged { .. }
            | EventKind::Violation { .. }
            | EventKind::Accepted { deemed: true, .. }
            | EventKind::Decided { deemed: true, .. }
            | EventKind::Rated { deemed: true, .. }
            | EventKind::HearingRightLapsed
            | EventKind::CorrectionsOverdue
            | EventKind::JointOpinion {
                deemed: Some(DeemedBecause::Silence),
                ..
            }
    )
}

fn staff<'o>(org: &'o Org, actor: &str) -> Result<&'o Staff, String> {
    org.staff(actor)
        .ok_or_else(|| format!("the actor `{actor}` is not a staff member"))
}

fn ensure(ok: bool, why: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(why.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::county;
    use xiaoneng::{Command, Engine};

    const FOOD: &str = "330100-FOOD-001";
    const FIRE_CHECK: &str = "330100-BLDG-007";

    fn cmd(json: &str) -> Command {
        Command::from_json(json).unwrap_or_else(|e| panic!("{e}: {json}"))
    }

    /// The county engine with C1 (food, received and accepted: step 0 pending) and J1 (joint with fire,
    /// accepted).
    fn engine() -> Engine {
        let mut e = county().engine.clone();
        for (case, item) in [("C1", FOOD), ("J1", FIRE_CHECK)] {
            e.execute(cmd(&format!(
                r#"{{"type":"receive","case":"{case}","at":"2026-09-28T01:00:00Z","actor":"s-clerk","item":"{item}","applicant":"甲"}}"#
            )))
            .unwrap();
            e.execute(cmd(&format!(
                r#"{{"type":"accept","case":"{case}","at":"2026-09-28T02:00:00Z","actor":"s-clerk"}}"#
            )))
            .unwrap();
        }
        e
    }

    fn event(case: &str, actor: Option<&str>, kind: EventKind) -> Event {
        Event {
            seq: 1,
            at: "2026-09-28T03:00:00Z".parse().unwrap(),
            case: case.into(),
            actor: actor.map(String::from),
            provisional: false,
            kind,
        }
    }

    fn check(events: &[Event]) -> Result<(), String> {
        let e = engine();
        check_batch(county().config(), events, |id| match e.case(id) {
            Some(c) => Subject::Case(c),
            None => Subject::Unknown,
        })
    }

    fn ok(events: &[Event]) {
        if let Err(why) = check(events) {
            panic!("refused: {why}");
        }
    }

    fn refused(events: &[Event], because: &str) {
        match check(events) {
            Ok(()) => panic!("allowed: {events:?}"),
            Err(why) => assert!(why.contains(because), "{why}"),
        }
    }

    fn terminated() -> EventKind {
        EventKind::Terminated { reason: "r".into() }
    }

    #[test]
    fn what_the_engine_allows_passes() {
        ok(&[event("C1", Some("s-clerk"), EventKind::Delivered)]);
        ok(&[event("C1", Some("s-head"), terminated())]);
        ok(&[event(
            "C1",
            Some("s-clerk"),
            EventKind::StepCompleted {
                step: 0,
                by: Acting::Holder {
                    staff: "s-clerk".into(),
                },
            },
        )]);
        ok(&[event(
            "J1",
            Some("s-fire"),
            EventKind::JointOpinion {
                unit: "fire".into(),
                opinion: xiaoneng::Opinion::Agree,
                reasons: String::new(),
                deemed: None,
            },
        )]);
        ok(&[event("C1", None, EventKind::Escalated { recipients: vec![] })]);
        ok(&[event(
            "C1",
            Some("s-sup"),
            EventKind::RatingFollowedUp { result: "r".into() },
        )]);
    }

    #[test]
    fn actors_without_the_role_post_or_unit_are_refused() {
        refused(
            &[event("C1", Some("ghost"), EventKind::Delivered)],
            "not a staff member",
        );
        refused(&[event("C1", Some("s-sup"), EventKind::Delivered)], "window clerk");
        refused(&[event("C1", Some("s-fire-head"), terminated())], "case's unit");
        refused(&[event("C1", Some("s-clerk"), terminated())], "unit head");
        refused(
            &[event(
                "C1",
                Some("s-rev"),
                EventKind::StepCompleted {
                    step: 0,
                    by: Acting::Holder { staff: "s-rev".into() },
                },
            )],
            "acting holder",
        );
        refused(
            &[event(
                "J1",
                Some("s-rev"),
                EventKind::JointOpinion {
                    unit: "fire".into(),
                    opinion: xiaoneng::Opinion::Agree,
                    reasons: String::new(),
                    deemed: None,
                },
            )],
            "consulted unit",
        );
        refused(
            &[event(
                "C1",
                Some("s-clerk"),
                EventKind::Rated {
                    level: 5,
                    real_name: false,
                    deemed: false,
                    comment: String::new(),
                },
            )],
            "applicant",
        );
        refused(
            &[event(
                "C1",
                Some("s-head"),
                EventKind::SignalRaised {
                    clock: xiaoneng::ClockName::Decision,
                    signal: xiaoneng::Signal::Yellow,
                },
            )],
            "timer",
        );
        refused(&[event("C1", None, EventKind::Delivered)], "no actor");
        refused(&[event("C9", Some("s-clerk"), EventKind::Delivered)], "does not exist");
        let ab = EventKind::Violation {
            rule: Rule::AbBothAbsent,
            responsible: Some("s-head".into()),
            detail: String::new(),
            post: None,
            acting: None,
            unit: None,
            unit_head: None,
        };
        refused(&[event("C1", Some("s-head"), ab)], "A/B violation");
    }

    fn accepted() -> EventKind {
        EventKind::Accepted {
            effective: "2026-09-28T03:00:00Z".parse().unwrap(),
            deemed: false,
        }
    }

    fn extended() -> EventKind {
        EventKind::Extended {
            amount: 5,
            reason: "r".into(),
        }
    }

    #[test]
    fn actions_are_scoped_to_the_case_unit_its_intake_window_or_the_consulted_unit() {
        // The intake window (hall) takes in the food licence: it may accept C1, not the joint J1.
        ok(&[event("C1", Some("s-hall"), accepted())]);
        refused(&[event("J1", Some("s-hall"), accepted())], "intake window");
        refused(&[event("C1", Some("s-fire-clerk"), accepted())], "intake window");
        // It receives for amr, and does nothing else: no delivery.
        refused(&[event("C1", Some("s-hall"), EventKind::Delivered)], "case's unit");
        // Another unit's head may not deliver (a clerk role); the superior's head may extend, fire's not.
        refused(&[event("C1", Some("s-fire-head"), EventKind::Delivered)], "case's unit");
        ok(&[event("C1", Some("s-gov-head"), extended())]);
        refused(&[event("C1", Some("s-fire-head"), extended())], "superior");
        // A decision needs every step done (C1 is at step 1 of 3).
        refused(
            &[event(
                "C1",
                Some("s-head"),
                EventKind::Decided {
                    approve: true,
                    deemed: false,
                    reasons: String::new(),
                    legal_basis: String::new(),
                    remedies: String::new(),
                },
            )],
            "step pending",
        );
        // A negative report goes to the head of the case's unit or its superior's.
        let report = |superior: &str| EventKind::NegativeReported {
            superior: superior.into(),
        };
        ok(&[event("C1", Some("s-clerk"), report("s-gov-head"))]);
        refused(
            &[event("C1", Some("s-clerk"), report("s-fire-head"))],
            "other than the case's",
        );
        refused(&[event("C1", Some("s-fire"), report("s-head"))], "case's unit");
        // A supervisor (eff) acts across units in a supervisory command only.
        let followed = EventKind::RatingFollowedUp { result: "r".into() };
        ok(&[event("C1", Some("s-sup"), followed.clone())]);
        refused(&[event("C1", Some("s-fire-head"), followed)], "case's unit");
        refused(&[event("C1", Some("s-sup"), accepted())], "window clerk");
    }

    #[test]
    fn the_seeds_pass_every_check() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/command_json");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            crate::engine::run_input(&data);
            n += 1;
        }
        assert!(n >= 10);
    }
}
