//! Who may do what (docs/rules.md §1 "Who may do what"), through the engine: every case and inquiry
//! command is checked against the actor's post, role **and unit**. One named test per rule; each admits the
//! right actor and refuses an actor of another unit holding the same role, with a forbidden error naming
//! the actor and saying why, and an engine left unchanged.
//!
//! The organisation is the county fixture: `amr` (the case's unit: clerks s-clerk, s-clerk2, reviewers
//! s-rev, s-rev2, head s-head), `fire` (clerk s-fire-clerk, reviewer s-fire, head s-fire-head), their
//! superior `gov` (head s-gov-head), the efficiency office `eff` (supervisor s-sup) and the service
//! centre's window `hall` (clerk s-hall), which the policy here names a central intake window (集中受理)
//! for the food licence.

mod common;

use common::t;
use xiaoneng::commands;
use xiaoneng::{
    Catalog, Command, Delegation, Document, Engine, ErrorCode, Event, EventKind, Opinion, Org, PauseKind, Policy, Role,
    Staff, DELEGABLE_COMMANDS,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const FOOD: &str = "330100-FOOD-001";
const FIRE_CHECK: &str = "330100-BLDG-007";
/// The service centre's window takes in the food licence (not the joint fire check).
const INTAKE: &str = "\n[[intake]]\nunit = \"hall\"\nitems = [\"330100-FOOD-001\"]\n";
const OTHER_UNIT: &str = "not of the case's unit `amr`";

/// The county engine; its policy with `extra` TOML appended.
fn engine_with(extra: &str) -> xiaoneng::Result<Engine> {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(&format!("{POLICY}{extra}"))?, org, catalog)
}

/// The county engine with the hall as central intake window.
fn engine() -> Engine {
    engine_with(INTAKE).unwrap()
}

/// Runs `cmd`, which must be accepted.
#[track_caller]
fn ok(e: &mut Engine, cmd: impl Into<Command>) -> Vec<Event> {
    e.execute(cmd.into()).unwrap_or_else(|err| panic!("refused: {err}"))
}

/// Runs `cmd`, which must be refused as forbidden for `actor` (the error's field and value), its reason
/// containing `because`, leaving the engine unchanged.
#[track_caller]
fn forbidden(e: &mut Engine, cmd: impl Into<Command>, actor: &str, because: &str) {
    let before = e.clone();
    let err = e.execute(cmd.into()).expect_err("forbidden");
    assert_eq!(
        (err.code(), err.field(), err.value()),
        (ErrorCode::Forbidden, Some("actor"), Some(actor)),
        "{err}"
    );
    assert!(err.reason().contains(because), "`{because}` not in: {err}");
    assert_eq!(*e, before);
}

fn receive(case: &str, item: &str, actor: &str) -> commands::Receive {
    commands::Receive {
        case: case.into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: actor.into(),
        item: item.into(),
        applicant: "某餐饮有限公司".into(),
        materials: vec!["食品经营许可申请书".into()],
        renewal_of_expiry: None,
    }
}

fn accept(case: &str, actor: &str) -> commands::Accept {
    commands::Accept {
        case: case.into(),
        at: t("2026-09-28T10:00:00+08:00"),
        actor: actor.into(),
    }
}

fn notify(actor: &str) -> commands::NotifyCorrections {
    commands::NotifyCorrections {
        case: "C1".into(),
        at: t("2026-09-28T09:30:00+08:00"),
        actor: actor.into(),
        missing: vec!["营业执照复印件".into()],
    }
}

fn submit(actor: &str) -> commands::SubmitCorrections {
    commands::SubmitCorrections {
        case: "C1".into(),
        at: t("2026-09-29T09:00:00+08:00"),
        actor: actor.into(),
        materials: vec!["营业执照复印件".into()],
    }
}

fn refuse(case: &str, actor: &str) -> commands::Refuse {
    commands::Refuse {
        case: case.into(),
        at: t("2026-09-28T10:00:00+08:00"),
        actor: actor.into(),
        reasons: "不属于本机关职权范围".into(),
        legal_basis: "《行政许可法》第三十二条第一款第二项".into(),
        remedies: "可于六十日内申请行政复议或六个月内提起行政诉讼".into(),
    }
}

fn step(case: &str, actor: &str, at: &str) -> commands::CompleteStep {
    commands::CompleteStep {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
    }
}

fn decide(case: &str, actor: &str, approve: bool) -> commands::Decide {
    let why = |s: &str| if approve { String::new() } else { s.to_string() };
    commands::Decide {
        case: case.into(),
        at: t("2026-09-29T11:00:00+08:00"),
        actor: actor.into(),
        approve,
        reasons: why("经营场所不符合要求"),
        legal_basis: why("《食品安全法》第三十五条"),
        remedies: why("可申请行政复议或提起行政诉讼"),
    }
}

fn extend(actor: &str) -> commands::Extend {
    commands::Extend {
        case: "C1".into(),
        at: t("2026-10-08T09:00:00+08:00"),
        actor: actor.into(),
        amount: 10,
        reason: "需要现场核查".into(),
    }
}

fn terminate(actor: &str) -> commands::Terminate {
    commands::Terminate {
        case: "C1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: actor.into(),
        reason: "申请人已注销".into(),
    }
}

/// C1 (the food licence) received and accepted at the window of `amr`.
fn accepted(e: &mut Engine) {
    ok(e, receive("C1", FOOD, "s-clerk"));
    ok(e, accept("C1", "s-clerk"));
}

/// C1 accepted with every step of its procedure completed by the posts' holders (window, review, decision).
fn reviewed(e: &mut Engine) {
    accepted(e);
    ok(e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00"));
    ok(e, step("C1", "s-rev", "2026-09-29T09:00:00+08:00"));
    ok(e, step("C1", "s-rev", "2026-09-29T10:00:00+08:00"));
}

#[test]
fn receipt_is_by_the_window_of_the_items_unit_not_of_another_unit() {
    let mut e = engine_with("").unwrap();
    forbidden(&mut e, receive("C1", FOOD, "s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    forbidden(&mut e, receive("C1", FOOD, "s-hall"), "s-hall", OTHER_UNIT);
    forbidden(&mut e, receive("C1", FOOD, "s-rev"), "s-rev", "window_clerk");
    let ev = ok(&mut e, receive("C1", FOOD, "s-clerk"));
    assert!(matches!(ev[0].kind, EventKind::Received { .. }));
}

#[test]
fn a_central_intake_window_receives_notifies_takes_corrections_accepts_and_refuses_for_the_items_it_takes_in() {
    let mut e = engine();
    ok(&mut e, receive("C1", FOOD, "s-hall"));
    ok(&mut e, notify("s-hall"));
    ok(&mut e, submit("s-hall"));
    let ev = ok(
        &mut e,
        commands::Accept {
            case: "C1".into(),
            at: t("2026-09-29T10:00:00+08:00"),
            actor: "s-hall".into(),
        },
    );
    assert!(matches!(ev[0].kind, EventKind::Accepted { deemed: false, .. }));
    // The case stays the item's unit's: its figures and its procedure.
    assert_eq!(e.case("C1").unwrap().unit(), "amr");
    ok(&mut e, receive("C2", FOOD, "s-hall"));
    ok(&mut e, refuse("C2", "s-hall"));
    // Not the items it does not take in (the joint fire check), and not for another unit's clerk.
    forbidden(
        &mut e,
        receive("J1", FIRE_CHECK, "s-hall"),
        "s-hall",
        "nor of an intake window that takes it in",
    );
    forbidden(&mut e, receive("C3", FOOD, "s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
}

#[test]
fn a_central_intake_window_does_nothing_else() {
    let mut e = engine();
    ok(&mut e, receive("C1", FOOD, "s-hall"));
    forbidden(
        &mut e,
        commands::Withdraw {
            case: "C1".into(),
            at: t("2026-09-28T09:30:00+08:00"),
            actor: "s-hall".into(),
        },
        "s-hall",
        "nothing else",
    );
    ok(&mut e, accept("C1", "s-hall"));
    // The first step's post is amr's window: the intake window does not hold it.
    forbidden(
        &mut e,
        step("C1", "s-hall", "2026-09-28T11:00:00+08:00"),
        "s-hall",
        "post `p-window`",
    );
    ok(&mut e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00"));
    ok(&mut e, step("C1", "s-rev", "2026-09-29T09:00:00+08:00"));
    ok(&mut e, step("C1", "s-rev", "2026-09-29T10:00:00+08:00"));
    forbidden(&mut e, decide("C1", "s-hall", true), "s-hall", OTHER_UNIT);
    ok(&mut e, decide("C1", "s-head", true));
    forbidden(
        &mut e,
        commands::Deliver {
            case: "C1".into(),
            at: t("2026-09-29T15:00:00+08:00"),
            actor: "s-hall".into(),
        },
        "s-hall",
        "nothing else",
    );
}

#[test]
fn the_one_time_notice_is_given_by_the_cases_unit_or_its_intake_not_by_another_unit() {
    let mut e = engine();
    ok(&mut e, receive("C1", FOOD, "s-clerk"));
    forbidden(&mut e, notify("s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    forbidden(&mut e, notify("s-sup"), "s-sup", OTHER_UNIT);
    let ev = ok(&mut e, notify("s-clerk"));
    assert!(matches!(ev[0].kind, EventKind::CorrectionsNotified { .. }));
    forbidden(&mut e, submit("s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    ok(&mut e, submit("s-clerk2"));
}

#[test]
fn acceptance_and_refusal_are_by_the_cases_unit_or_its_intake_not_by_another_unit() {
    let mut e = engine();
    ok(&mut e, receive("C1", FOOD, "s-clerk"));
    ok(&mut e, receive("C2", FOOD, "s-clerk"));
    forbidden(&mut e, accept("C1", "s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    forbidden(&mut e, accept("C1", "s-fire-head"), "s-fire-head", OTHER_UNIT);
    ok(&mut e, accept("C1", "s-head"));
    forbidden(&mut e, refuse("C2", "s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    ok(&mut e, refuse("C2", "s-clerk2"));
}

#[test]
fn a_negative_decision_is_reported_by_the_deciding_unit_to_its_head_or_its_superiors() {
    let mut e = engine();
    for case in ["C1", "C2"] {
        ok(&mut e, receive(case, FOOD, "s-clerk"));
        ok(&mut e, refuse(case, "s-clerk"));
    }
    let report = |case: &str, actor: &str, superior: &str| commands::ReportNegative {
        case: case.into(),
        at: t("2026-09-28T15:00:00+08:00"),
        actor: actor.into(),
        superior: superior.into(),
    };
    forbidden(
        &mut e,
        report("C1", "s-fire-clerk", "s-head"),
        "s-fire-clerk",
        OTHER_UNIT,
    );
    forbidden(&mut e, report("C1", "s-hall", "s-head"), "s-hall", OTHER_UNIT);
    // The superior is validated the same way: the head of the case's unit or of its superior unit.
    let before = e.clone();
    for (superior, why) in [
        ("s-fire-head", "a unit head of unit `fire`"),
        ("s-clerk2", "role unit_head"),
        ("nobody", "no staff member"),
    ] {
        let err = e.execute(Command::from(report("C1", "s-clerk", superior))).unwrap_err();
        assert_eq!(
            (err.code(), err.field(), err.value()),
            (ErrorCode::InvalidInput, Some("superior"), Some(superior)),
            "{err}"
        );
        assert!(err.reason().contains(why), "{err}");
    }
    assert_eq!(e, before);
    ok(&mut e, report("C1", "s-clerk", "s-head"));
    let ev = ok(&mut e, report("C2", "s-rev", "s-gov-head"));
    assert!(matches!(&ev[0].kind, EventKind::NegativeReported { superior } if superior == "s-gov-head"));
}

#[test]
fn an_extension_is_approved_in_the_cases_unit_or_its_superior_not_by_another_units_head() {
    let mut e = engine();
    accepted(&mut e);
    forbidden(
        &mut e,
        extend("s-fire-head"),
        "s-fire-head",
        "the case's unit `amr` or its superior `gov`",
    );
    forbidden(&mut e, extend("s-rev"), "s-rev", "unit_head");
    forbidden(&mut e, extend("s-sup"), "s-sup", "unit_head");
    let mut by_superior = e.clone();
    ok(&mut e, extend("s-head"));
    let ev = ok(&mut by_superior, extend("s-gov-head"));
    assert!(ev
        .iter()
        .any(|x| matches!(x.kind, EventKind::Extended { amount: 10, .. })));
}

#[test]
fn an_extension_is_approved_by_the_efficiency_office_when_the_policy_names_supervisors() {
    let policy = POLICY.replace("approver_role = \"unit_head\"", "approver_role = \"supervisor\"");
    assert_ne!(policy, POLICY);
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let mut e = Engine::new(Policy::from_toml(&policy).unwrap(), org, catalog).unwrap();
    accepted(&mut e);
    forbidden(&mut e, extend("s-head"), "s-head", "supervisor");
    ok(&mut e, extend("s-sup"));
}

#[test]
fn a_decision_is_taken_in_the_cases_unit_not_by_another_units_head() {
    for approve in [true, false] {
        let mut e = engine();
        reviewed(&mut e);
        forbidden(&mut e, decide("C1", "s-fire-head", approve), "s-fire-head", OTHER_UNIT);
        forbidden(&mut e, decide("C1", "s-fire", approve), "s-fire", OTHER_UNIT);
        forbidden(&mut e, decide("C1", "s-gov-head", approve), "s-gov-head", OTHER_UNIT);
        forbidden(&mut e, decide("C1", "s-clerk", approve), "s-clerk", "roles");
        let ev = ok(&mut e, decide("C1", "s-rev2", approve));
        assert!(matches!(ev[0].kind, EventKind::Decided { approve: a, .. } if a == approve));
    }
}

#[test]
fn an_approval_needs_every_procedure_step_completed() {
    let mut e = engine();
    accepted(&mut e);
    // Step 1 of 3: the window clerk holding the step's post can no longer approve.
    forbidden(&mut e, decide("C1", "s-clerk", true), "s-clerk", "roles");
    let before = e.clone();
    for approve in [true, false] {
        let err = e.execute(Command::from(decide("C1", "s-head", approve))).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::InvalidState, Some("type")),
            "{err}"
        );
        assert!(err.reason().contains("step 1 of 3 (受理)"), "{err}");
    }
    assert_eq!(e, before);
    ok(&mut e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00"));
    ok(&mut e, step("C1", "s-rev", "2026-09-29T09:00:00+08:00"));
    let err = e.execute(Command::from(decide("C1", "s-rev", true))).unwrap_err();
    assert!(err.reason().contains("step 3 of 3 (决定)"), "{err}");
    ok(&mut e, step("C1", "s-rev", "2026-09-29T10:00:00+08:00"));
    ok(&mut e, decide("C1", "s-rev", true));
}

#[test]
fn delivery_and_withdrawal_are_by_the_cases_unit_not_by_another_unit() {
    let mut e = engine();
    reviewed(&mut e);
    ok(&mut e, decide("C1", "s-head", true));
    let deliver = |actor: &str| commands::Deliver {
        case: "C1".into(),
        at: t("2026-09-29T15:00:00+08:00"),
        actor: actor.into(),
    };
    forbidden(&mut e, deliver("s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    ok(&mut e, deliver("s-clerk"));
    ok(&mut e, receive("C2", FOOD, "s-clerk"));
    let withdraw = |actor: &str| commands::Withdraw {
        case: "C2".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: actor.into(),
    };
    forbidden(&mut e, withdraw("s-fire-clerk"), "s-fire-clerk", OTHER_UNIT);
    ok(&mut e, withdraw("s-clerk2"));
}

#[test]
fn termination_is_by_the_head_of_the_cases_unit_not_by_another_units_or_the_superiors() {
    let mut e = engine();
    accepted(&mut e);
    forbidden(&mut e, terminate("s-fire-head"), "s-fire-head", OTHER_UNIT);
    forbidden(&mut e, terminate("s-gov-head"), "s-gov-head", OTHER_UNIT);
    forbidden(&mut e, terminate("s-clerk"), "s-clerk", "unit_head");
    ok(&mut e, terminate("s-head"));
}

#[test]
fn a_step_is_completed_by_the_acting_holder_of_its_post_not_by_another_units_staff() {
    let mut e = engine();
    accepted(&mut e);
    forbidden(
        &mut e,
        step("C1", "s-fire-clerk", "2026-09-28T11:00:00+08:00"),
        "s-fire-clerk",
        "post `p-window` is held",
    );
    ok(&mut e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00"));
    forbidden(
        &mut e,
        step("C1", "s-fire", "2026-09-29T09:00:00+08:00"),
        "s-fire",
        "post `p-review` is held",
    );
    ok(&mut e, step("C1", "s-rev", "2026-09-29T09:00:00+08:00"));
}

#[test]
fn a_pause_and_its_resumption_are_by_the_steps_holder_or_the_head_of_the_cases_unit() {
    let mut e = engine();
    accepted(&mut e);
    ok(&mut e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00"));
    let pause = |actor: &str| commands::Pause {
        case: "C1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: actor.into(),
        kind: PauseKind::Inspection,
        notice: "检验检测告知书".into(),
    };
    let resume = |actor: &str| commands::Resume {
        case: "C1".into(),
        at: t("2026-10-09T10:00:00+08:00"),
        actor: actor.into(),
    };
    let head = "neither a unit head of the case's unit `amr`";
    forbidden(&mut e, pause("s-fire-head"), "s-fire-head", head);
    forbidden(&mut e, pause("s-fire"), "s-fire", head);
    ok(&mut e, pause("s-rev"));
    forbidden(&mut e, resume("s-fire-head"), "s-fire-head", head);
    ok(&mut e, resume("s-head"));
}

#[test]
fn joint_replies_come_from_the_consulted_unit_and_absences_are_recorded_by_the_lead_unit() {
    let mut e = engine();
    ok(&mut e, receive("J1", FIRE_CHECK, "s-clerk"));
    ok(&mut e, accept("J1", "s-clerk"));
    let reply = |actor: &str| commands::JointReply {
        case: "J1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: actor.into(),
        unit: "fire".into(),
        opinion: Opinion::Agree,
        reasons: String::new(),
    };
    let absence = |actor: &str| commands::JointAbsence {
        case: "J1".into(),
        at: t("2026-09-29T09:00:00+08:00"),
        actor: actor.into(),
        unit: "fire".into(),
        excused: true,
    };
    forbidden(&mut e, absence("s-fire"), "s-fire", "not of the lead unit `amr`");
    ok(&mut e, absence("s-rev"));
    forbidden(&mut e, reply("s-rev"), "s-rev", "not of the consulted unit `fire`");
    forbidden(&mut e, reply("s-head"), "s-head", "not of the consulted unit `fire`");
    let ev = ok(&mut e, reply("s-fire"));
    assert!(matches!(&ev[0].kind, EventKind::JointOpinion { unit, deemed: None, .. } if unit == "fire"));
}

#[test]
fn a_bad_rating_is_followed_up_by_the_head_of_the_rated_unit_or_a_supervisor_not_another_units_head() {
    let rated = || {
        let mut e = engine();
        ok(&mut e, receive("C1", FOOD, "s-clerk"));
        ok(&mut e, refuse("C1", "s-clerk"));
        ok(
            &mut e,
            commands::Rate {
                case: "C1".into(),
                at: t("2026-09-30T09:00:00+08:00"),
                actor: "某餐饮有限公司".into(),
                level: 1,
                real_name: true,
                comment: "窗口态度差".into(),
            },
        );
        e
    };
    let follow = |actor: &str| commands::FollowUpRating {
        case: "C1".into(),
        at: t("2026-10-08T09:00:00+08:00"),
        actor: actor.into(),
        result: "已回访，窗口人员作书面检查".into(),
    };
    let mut e = rated();
    forbidden(&mut e, follow("s-fire-head"), "s-fire-head", OTHER_UNIT);
    forbidden(&mut e, follow("s-clerk"), "s-clerk", "unit_head");
    ok(&mut e, follow("s-head"));
    let mut e = rated();
    ok(&mut e, follow("s-sup"));
}

#[test]
fn supervisors_act_across_units_only_in_supervisory_commands() {
    let mut e = engine();
    forbidden(&mut e, receive("C1", FOOD, "s-sup"), "s-sup", OTHER_UNIT);
    reviewed(&mut e);
    forbidden(&mut e, decide("C1", "s-sup", true), "s-sup", OTHER_UNIT);
    forbidden(&mut e, terminate("s-sup"), "s-sup", OTHER_UNIT);
    forbidden(&mut e, extend("s-sup"), "s-sup", "unit_head");
}

#[test]
fn a_first_inquiry_is_answered_by_the_responsible_person_not_by_another_units_staff_of_the_same_role() {
    let mut e = engine();
    // Anyone asked first records it, of any unit (首问负责).
    let ev = ok(
        &mut e,
        commands::RecordInquiry {
            case: "Q1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-rev".into(),
            person: "张女士".into(),
            topic: "食品经营许可需要哪些材料".into(),
            also_asked: vec![],
        },
    );
    assert!(matches!(&ev[0].kind, EventKind::InquiryRecorded { responsible, .. } if responsible == "s-rev"));
    let answer = |actor: &str| commands::AnswerInquiry {
        case: "Q1".into(),
        at: t("2026-09-28T09:20:00+08:00"),
        actor: actor.into(),
        outcome: xiaoneng::InquiryOutcome::Answered,
        guided_to: String::new(),
    };
    forbidden(&mut e, answer("s-fire"), "s-fire", "`s-rev` is responsible");
    forbidden(&mut e, answer("s-rev2"), "s-rev2", "`s-rev` is responsible");
    ok(&mut e, answer("s-rev"));
    let ev = ok(
        &mut e,
        commands::RecordInquiry {
            case: "Q2".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-fire-clerk".into(),
            person: "赵先生".into(),
            topic: "消防验收要求".into(),
            also_asked: vec!["s-hall".into()],
        },
    );
    assert!(matches!(&ev[0].kind, EventKind::InquiryRecorded { responsible, .. } if responsible == "s-fire-clerk"));
}

#[test]
fn an_intake_window_names_a_unit_of_the_organisation_and_items_of_the_catalog() {
    let invalid = |extra: &str, field: &str, value: &str| {
        let err = engine_with(extra).unwrap_err();
        assert_eq!(
            (err.code(), err.field(), err.value()),
            (ErrorCode::InvalidInput, Some(field), Some(value)),
            "{err}"
        );
    };
    invalid(
        "\n[[intake]]\nunit = \"lobby\"\nitems = [\"330100-FOOD-001\"]\n",
        "intake[0].unit",
        "lobby",
    );
    invalid(
        "\n[[intake]]\nunit = \"hall\"\nitems = [\"330100-FOOD-001\", \"NOPE\"]\n",
        "intake[0].items[1]",
        "NOPE",
    );
    invalid(
        "\n[[intake]]\nunit = \"hall\"\nitem_units = [\"tax\"]\n",
        "intake[0].item_units[0]",
        "tax",
    );
    // The policy alone: an intake taking in nothing, an empty unit, a unit listed twice.
    invalid("\n[[intake]]\nunit = \"hall\"\n", "intake[0]", "hall");
    invalid(
        "\n[[intake]]\nunit = \" \"\nitem_kinds = [\"joint\"]\n",
        "intake[0].unit",
        "\"\"",
    );
    invalid(
        "\n[[intake]]\nunit = \"hall\"\nitem_kinds = [\"joint\"]\n[[intake]]\nunit = \"hall\"\nitem_kinds = [\"pledged\"]\n",
        "intake[1].unit",
        "hall",
    );
    // By unit or by kind: the hall takes in every item of amr, or every joint item.
    for extra in [
        "\n[[intake]]\nunit = \"hall\"\nitem_units = [\"amr\"]\n",
        "\n[[intake]]\nunit = \"hall\"\nitem_kinds = [\"joint\"]\n",
    ] {
        let mut e = engine_with(extra).unwrap();
        ok(&mut e, receive("J1", FIRE_CHECK, "s-hall"));
        assert_eq!(e.policy().intake[0].unit, "hall");
        let back = Policy::from_json(&e.policy().to_json()).unwrap();
        assert_eq!(&back, e.policy());
    }
    let mut e = engine_with("\n[[intake]]\nunit = \"hall\"\nitem_kinds = [\"joint\"]\n").unwrap();
    forbidden(&mut e, receive("C1", FOOD, "s-hall"), "s-hall", "intake window");
}

// Chief representatives (首席代表负责制): a unit's written delegation names who signs for it in the service
// hall, which commands, which items and how long; the role alone grants nothing.

/// A written delegation of `unit` to `representative` (`from`/`until` as `YYYY-MM-DD`).
fn delegation(
    unit: &str,
    representative: &str,
    items: &[&str],
    commands: &[&str],
    from: Option<&str>,
    until: Option<&str>,
) -> Delegation {
    let day = |s: &str| s.parse().unwrap();
    Delegation {
        unit: unit.into(),
        representative: representative.into(),
        items: items.iter().map(|s| s.to_string()).collect(),
        commands: commands.iter().map(|s| s.to_string()).collect(),
        from: from.map(day),
        until: until.map(day),
    }
}

/// The county organisation with two staff holding only the role `chief_representative`: `s-rep` in the
/// service centre's hall and `s-amr-rep` in `amr` itself, and `delegations`.
fn org_with(delegations: Vec<Delegation>) -> xiaoneng::Result<Org> {
    let mut spec = Org::from_json(ORG).unwrap().spec().clone();
    for (id, unit) in [("s-rep", "hall"), ("s-amr-rep", "amr")] {
        spec.staff.push(Staff {
            id: id.into(),
            name: "首席代表".into(),
            unit: unit.into(),
            roles: vec![Role::ChiefRepresentative],
            rank: 3,
        });
    }
    spec.delegations = delegations;
    Org::new(spec)
}

/// The county engine (no intake window) on `org_with(delegations)`.
fn delegated_engine(delegations: Vec<Delegation>) -> Engine {
    let org = org_with(delegations).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn joint_reply(actor: &str) -> commands::JointReply {
    commands::JointReply {
        case: "J1".into(),
        at: t("2026-09-29T10:00:00+08:00"),
        actor: actor.into(),
        unit: "fire".into(),
        opinion: Opinion::Agree,
        reasons: String::new(),
    }
}

#[test]
fn a_chief_representative_signs_the_commands_and_items_of_the_units_written_delegation() {
    let mut e = delegated_engine(vec![delegation(
        "amr",
        "s-rep",
        &[FOOD],
        &["receive", "accept", "decide", "deliver"],
        Some("2026-01-01"),
        Some("2026-12-31"),
    )]);
    // s-rep belongs to the hall, not to amr: the delegation gives them amr's authority.
    let mut log = ok(&mut e, receive("C1", FOOD, "s-rep"));
    log.extend(ok(&mut e, accept("C1", "s-rep")));
    log.extend(ok(&mut e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00")));
    log.extend(ok(&mut e, step("C1", "s-rev", "2026-09-29T09:00:00+08:00")));
    log.extend(ok(&mut e, step("C1", "s-rev", "2026-09-29T10:00:00+08:00")));
    let ev = ok(&mut e, decide("C1", "s-rep", true));
    assert!(matches!(ev[0].kind, EventKind::Decided { approve: true, .. }));
    log.extend(ev);
    // Replayed from its log, every signed command is decided again under the delegation, and agrees.
    let org = e.org().clone();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let again = Engine::replay(e.policy().clone(), org, catalog, &log).unwrap();
    assert_eq!(again, e);
}

#[test]
fn a_command_not_in_the_delegation_is_refused() {
    let mut e = delegated_engine(vec![delegation("amr", "s-rep", &[], &["receive"], None, None)]);
    ok(&mut e, receive("C1", FOOD, "s-rep"));
    forbidden(
        &mut e,
        accept("C1", "s-rep"),
        "s-rep",
        "the delegation of unit `amr` to `s-rep` does not cover the command `accept` (it covers receive)",
    );
    forbidden(
        &mut e,
        refuse("C1", "s-rep"),
        "s-rep",
        "does not cover the command `refuse`",
    );
    ok(&mut e, accept("C1", "s-clerk"));
}

#[test]
fn an_item_not_in_the_delegation_is_refused() {
    let mut e = delegated_engine(vec![delegation(
        "amr",
        "s-rep",
        &[FOOD],
        &["receive", "accept"],
        None,
        None,
    )]);
    forbidden(
        &mut e,
        receive("J1", FIRE_CHECK, "s-rep"),
        "s-rep",
        "the delegation of unit `amr` to `s-rep` for `receive` does not cover the item `330100-BLDG-007` \
         (it covers 330100-FOOD-001)",
    );
    ok(&mut e, receive("C1", FOOD, "s-rep"));
}

#[test]
fn a_delegation_of_another_unit_grants_nothing_for_this_unit() {
    // fire delegates to s-rep its joint replies and window commands on every item it acts on.
    let mut e = delegated_engine(vec![delegation(
        "fire",
        "s-rep",
        &[],
        &["receive", "accept", "joint_reply"],
        None,
        None,
    )]);
    forbidden(
        &mut e,
        receive("C1", FOOD, "s-rep"),
        "s-rep",
        "not of the case's unit `amr`; as chief representative: unit `amr` has no written delegation to `s-rep`",
    );
    ok(&mut e, receive("J1", FIRE_CHECK, "s-clerk"));
    forbidden(
        &mut e,
        accept("J1", "s-rep"),
        "s-rep",
        "unit `amr` has no written delegation",
    );
    ok(&mut e, accept("J1", "s-clerk"));
    // For fire, the consulted unit, the delegation signs the joint reply.
    let ev = ok(&mut e, joint_reply("s-rep"));
    assert!(matches!(&ev[0].kind, EventKind::JointOpinion { unit, .. } if unit == "fire"));
}

#[test]
fn an_expired_or_not_yet_valid_delegation_is_refused() {
    // Commands on 2026-09-28 (local): the delegation ended the day before, or starts the day after.
    for (from, until, why) in [
        (
            None,
            Some("2026-09-27"),
            "is valid from the start until 2026-09-27, not on 2026-09-28",
        ),
        (
            Some("2026-09-29"),
            None,
            "is valid from 2026-09-29 until further notice, not on 2026-09-28",
        ),
    ] {
        let mut e = delegated_engine(vec![delegation("amr", "s-rep", &[], &["receive"], from, until)]);
        forbidden(&mut e, receive("C1", FOOD, "s-rep"), "s-rep", why);
    }
    // Valid on its first and last day (inclusive, in the calendar's time zone).
    for (from, until) in [(Some("2026-09-28"), None), (None, Some("2026-09-28"))] {
        let mut e = delegated_engine(vec![delegation("amr", "s-rep", &[], &["receive"], from, until)]);
        ok(&mut e, receive("C1", FOOD, "s-rep"));
    }
}

#[test]
fn without_a_delegation_the_chief_representative_role_alone_grants_nothing() {
    let mut e = delegated_engine(Vec::new());
    // Not in the hall, not even in the case's own unit.
    forbidden(
        &mut e,
        receive("C1", FOOD, "s-rep"),
        "s-rep",
        "unit `amr` has no written delegation to `s-rep` (the role alone grants nothing)",
    );
    forbidden(
        &mut e,
        receive("C1", FOOD, "s-amr-rep"),
        "s-amr-rep",
        "the role alone grants nothing",
    );
    ok(&mut e, receive("C1", FOOD, "s-clerk"));
    forbidden(
        &mut e,
        accept("C1", "s-amr-rep"),
        "s-amr-rep",
        "the role alone grants nothing",
    );
    // A unit head who is also a chief representative acts by their own role.
    ok(&mut e, accept("C1", "s-head"));
    ok(&mut e, step("C1", "s-clerk", "2026-09-28T11:00:00+08:00"));
    ok(&mut e, step("C1", "s-rev", "2026-09-29T09:00:00+08:00"));
    ok(&mut e, step("C1", "s-rev", "2026-09-29T10:00:00+08:00"));
    forbidden(
        &mut e,
        decide("C1", "s-amr-rep", true),
        "s-amr-rep",
        "the role alone grants nothing",
    );
    forbidden(&mut e, decide("C1", "s-fire-head", true), "s-fire-head", OTHER_UNIT);
    ok(&mut e, decide("C1", "s-head", true));
    // In its own unit, the delegation is what admits the chief representative.
    let mut e = delegated_engine(vec![delegation("amr", "s-amr-rep", &[], &["receive"], None, None)]);
    ok(&mut e, receive("C1", FOOD, "s-amr-rep"));
}

#[test]
fn a_delegation_names_a_unit_a_chief_representative_and_the_commands_it_covers() {
    let invalid = |delegations: Vec<Delegation>, field: &str, value: &str, because: &str| {
        let err = org_with(delegations).unwrap_err();
        assert_eq!(
            (err.code(), err.field(), err.value()),
            (ErrorCode::InvalidInput, Some(field), Some(value)),
            "{err}"
        );
        assert!(err.reason().contains(because), "`{because}` not in: {err}");
    };
    let d = |unit: &str, rep: &str, commands: &[&str]| delegation(unit, rep, &[], commands, None, None);
    invalid(
        vec![d("tax", "s-rep", &["accept"])],
        "delegations[0].unit",
        "tax",
        "no unit",
    );
    invalid(
        vec![d("amr", "s-nobody", &["accept"])],
        "delegations[0].representative",
        "s-nobody",
        "no staff member",
    );
    invalid(
        vec![d("amr", "s-clerk", &["accept"])],
        "delegations[0].representative",
        "s-clerk",
        "chief_representative",
    );
    invalid(
        vec![d("amr", "s-rep", &["accept", "approve"])],
        "delegations[0].commands[1]",
        "approve",
        "not a case command a chief representative signs",
    );
    invalid(
        vec![d("amr", "s-rep", &["terminate"])],
        "delegations[0].commands[0]",
        "terminate",
        "one of receive,",
    );
    invalid(
        vec![d("amr", "s-rep", &["accept", "accept"])],
        "delegations[0].commands[1]",
        "accept",
        "listed twice",
    );
    invalid(
        vec![d("amr", "s-rep", &[])],
        "delegations[0].commands",
        "[]",
        "names the commands",
    );
    invalid(
        vec![delegation(
            "amr",
            "s-rep",
            &[],
            &["accept"],
            Some("2026-10-01"),
            Some("2026-09-30"),
        )],
        "delegations[0].until",
        "2026-09-30",
        "before from 2026-10-01",
    );
    // A duplicate: the same unit and representative on overlapping days.
    invalid(
        vec![
            delegation("amr", "s-rep", &[FOOD], &["accept"], None, Some("2026-12-31")),
            delegation("amr", "s-rep", &[FIRE_CHECK], &["receive"], Some("2026-12-31"), None),
        ],
        "delegations[1].representative",
        "s-rep",
        "(delegations[0])",
    );
    // One after the other, or to another representative: fine.
    org_with(vec![
        delegation("amr", "s-rep", &[], &["accept"], None, Some("2026-12-31")),
        delegation("amr", "s-rep", &[], &["accept", "decide"], Some("2027-01-01"), None),
        delegation("amr", "s-amr-rep", &[], &["accept"], None, None),
    ])
    .unwrap();
    // Items are the catalog's, of the delegating unit or consulting it.
    let catalog_err = |delegations: Vec<Delegation>| {
        let org = org_with(delegations).unwrap();
        Catalog::from_json(CATALOG, &org).unwrap_err()
    };
    let err = catalog_err(vec![delegation(
        "amr",
        "s-rep",
        &[FOOD, "NOPE"],
        &["accept"],
        None,
        None,
    )]);
    assert_eq!(
        (err.code(), err.field(), err.value()),
        (ErrorCode::InvalidInput, Some("delegations[0].items[1]"), Some("NOPE")),
        "{err}"
    );
    let err = catalog_err(vec![delegation("fire", "s-rep", &[FOOD], &["joint_reply"], None, None)]);
    assert_eq!(err.field(), Some("delegations[0].items[0]"), "{err}");
    assert!(err.reason().contains("neither handles nor is consulted on"), "{err}");
    let org = org_with(vec![delegation(
        "fire",
        "s-rep",
        &[FIRE_CHECK],
        &["joint_reply"],
        None,
        None,
    )])
    .unwrap();
    Catalog::from_json(CATALOG, &org).unwrap();
}

#[test]
fn an_organisation_reads_back_with_its_delegations_and_old_documents_still_load() {
    let org = org_with(vec![delegation(
        "amr",
        "s-rep",
        &[FOOD],
        &["receive", "accept"],
        Some("2026-01-01"),
        None,
    )])
    .unwrap();
    let json = org.to_json();
    assert!(json.contains("\"delegations\""), "{json}");
    assert!(
        json.contains("\"from\":\"2026-01-01\"") || json.contains("\"from\": \"2026-01-01\""),
        "{json}"
    );
    assert_eq!(Org::from_json(&json).unwrap(), org);
    // A document without delegations (every one before them) loads, and writes none back.
    let old = Org::from_json(ORG).unwrap();
    assert!(old.spec().delegations.is_empty());
    assert!(!old.to_json().contains("delegations"));
}

#[test]
fn the_delegable_commands_are_case_commands_whose_roles_include_the_chief_representative() {
    for name in DELEGABLE_COMMANDS {
        assert!(commands::CaseCommand::NAMES.contains(name), "{name}");
    }
}
