//! Efficiency complaints (效能投诉), one named test per rule (docs/rules.md, "Efficiency complaints"): who
//! registers, accepts, handles, reviews, replies, calls back and re-checks; the three limits and their
//! violations; repeats and merged letters; the complainant's confidentiality; the transition table.

mod common;

use chrono::{DateTime, Utc};
use common::{org_with_supervisors as org, t, violations};
use xiaoneng::commands::*;
use xiaoneng::{
    Catalog, Category, Channel, Command, ComplaintState, Document, Engine, ErrorCode, Event, EventKind, Finding,
    Policy, Rule, Tier,
};

const POLICY: &str = include_str!("../presets/county.toml");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");

fn engine() -> Engine {
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn s(x: &str) -> String {
    x.to_string()
}

fn register(id: &str, at: &str, actor: &str, named: bool) -> Command {
    RegisterComplaint {
        case: s(id),
        at: t(at),
        actor: s(actor),
        channel: Channel::Hotline12345,
        category: Category::Delay,
        respondent: s("amr"),
        subject: s("食品经营许可申请材料齐全，超过承诺时限仍未办结"),
        complainant: named.then(|| s("张先生")),
        contact: if named { s("138****0000") } else { String::new() },
    }
    .into()
}

fn accept(id: &str, at: &str, tier: Tier, handler: &str) -> Command {
    AcceptComplaint {
        case: s(id),
        at: t(at),
        actor: s("s-sup"),
        tier,
        handler: s(handler),
    }
    .into()
}

fn handle(id: &str, at: &str, actor: &str, finding: Finding, responsible: Option<&str>) -> Command {
    HandleComplaint {
        case: s(id),
        at: t(at),
        actor: s(actor),
        finding,
        summary: s("审核岗超时未办，已督促办结"),
        responsible: responsible.map(s),
    }
    .into()
}

fn close(id: &str, at: &str, actor: &str) -> Command {
    CloseComplaint {
        case: s(id),
        at: t(at),
        actor: s(actor),
    }
    .into()
}

fn code_and_field(r: xiaoneng::Result<Vec<Event>>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code(), e.field().unwrap_or_default().to_string())
}

/// T1, named, registered 2026-10-09 (Friday) 09:00 and referred to the market regulator's head.
fn handling() -> Engine {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-head"))
        .unwrap();
    e
}

/// [`handling`], handled (substantiated, `s-rev` responsible) on 10-12.
fn under_review() -> Engine {
    let mut e = handling();
    e.execute(handle(
        "T1",
        "2026-10-12T09:00:00+08:00",
        "s-head",
        Finding::Substantiated,
        Some("s-rev"),
    ))
    .unwrap();
    e
}

#[test]
fn a_complaint_is_registered_by_a_supervisor_of_the_efficiency_office_only() {
    let mut e = engine();
    let (code, field) = code_and_field(e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-clerk", true)));
    assert_eq!((code, field.as_str()), (ErrorCode::Forbidden, "actor"));
    let ev = e
        .execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    assert_eq!(ev[0].kind.name(), "complaint_registered");
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::Registered);
}

#[test]
fn a_supervisor_of_the_respondent_unit_may_not_act_on_a_complaint_about_it() {
    let mut e = engine();
    let (code, field) = code_and_field(e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-amr-sup", true)));
    assert_eq!((code, field.as_str()), (ErrorCode::Forbidden, "actor"));
    // A supervisor of another unit (the office) may.
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup2", true))
        .unwrap();
    let mut cmd = accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-head");
    if let Command::Complaint(xiaoneng::commands::ComplaintCommand::AcceptComplaint(a)) = &mut cmd {
        a.actor = s("s-amr-sup");
    }
    assert_eq!(code_and_field(e.execute(cmd)).0, ErrorCode::Forbidden);
}

#[test]
fn a_complaint_about_an_unknown_unit_or_without_a_subject_is_refused_naming_the_field() {
    let mut e = engine();
    let mut bad: RegisterComplaint = match register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true) {
        Command::Complaint(xiaoneng::commands::ComplaintCommand::RegisterComplaint(r)) => r,
        _ => unreachable!(),
    };
    bad.respondent = s("nowhere");
    let (code, field) = code_and_field(e.execute(bad.clone().into()));
    assert_eq!((code, field.as_str()), (ErrorCode::NotFound, "respondent"));
    bad.respondent = s("amr");
    bad.subject = s("  ");
    assert_eq!(code_and_field(e.execute(bad.clone().into())).1, "subject");
    bad.subject = s("态度生硬");
    bad.complainant = None;
    assert_eq!(code_and_field(e.execute(bad.into())).1, "contact");
    assert!(e.complaint("T1").is_none());
}

#[test]
fn the_acceptance_limit_passing_undecided_is_a_violation_of_the_registrar() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    // 5 working days from Friday 10-09 (the start day not counted), on the national calendar.
    let deadline = e
        .complaint("T1")
        .unwrap()
        .acceptance
        .status(e.calendar(), t("2026-10-09T09:00:00+08:00"));
    let deadline = deadline.unwrap().deadline.with_timezone(&Utc);
    assert!(
        violations(&e.advance(deadline - chrono::Duration::seconds(1))).is_empty(),
        "not before the deadline (the end of the last day)"
    );
    let v = violations(&e.advance(deadline));
    assert_eq!(
        v,
        vec![(
            Rule::LateComplaintAcceptance,
            Some(s("s-sup")),
            Some(s("eff")),
            Some(s("s-sup"))
        )]
    );
    // Recorded once.
    assert!(violations(&e.advance(t("2026-12-01T00:00:00+08:00"))).is_empty());
    assert!(e.complaint("T1").unwrap().acceptance_breached);
}

#[test]
fn referred_to_its_unit_a_complaint_is_handled_by_a_staff_member_of_the_respondent_unit() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    let (code, field) = code_and_field(e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-fire")));
    assert_eq!((code, field.as_str()), (ErrorCode::Forbidden, "handler"));
    e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-head"))
        .unwrap();
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::Handling);
}

#[test]
fn handled_directly_by_the_office_a_complaint_is_handled_by_a_supervisor() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    let (code, field) = code_and_field(e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Office, "s-head")));
    assert_eq!((code, field.as_str()), (ErrorCode::Forbidden, "handler"));
    e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Office, "s-sup2"))
        .unwrap();
}

#[test]
fn a_declined_complaint_needs_a_reason_and_closes() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    let decline = |reason: &str| -> Command {
        DeclineComplaint {
            case: s("T1"),
            at: t("2026-10-09T10:00:00+08:00"),
            actor: s("s-sup"),
            reason: s(reason),
        }
        .into()
    };
    assert_eq!(code_and_field(e.execute(decline(""))).1, "reason");
    e.execute(decline("属于诉讼事项")).unwrap();
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::Declined);
    // No limit runs any more.
    assert!(violations(&e.advance(t("2027-06-01T00:00:00+08:00"))).is_empty());
}

#[test]
fn only_the_handler_handles_a_complaint() {
    let mut e = handling();
    let (code, field) = code_and_field(e.execute(handle(
        "T1",
        "2026-10-12T09:00:00+08:00",
        "s-rev2",
        Finding::Unsubstantiated,
        None,
    )));
    assert_eq!((code, field.as_str()), (ErrorCode::Forbidden, "actor"));
}

#[test]
fn a_finding_that_holds_names_a_responsible_staff_member_of_the_respondent_unit() {
    let mut e = handling();
    let at = "2026-10-12T09:00:00+08:00";
    let r = e.execute(handle("T1", at, "s-head", Finding::Substantiated, None));
    assert_eq!(code_and_field(r).1, "responsible");
    let r = e.execute(handle("T1", at, "s-head", Finding::Partly, Some("s-fire")));
    assert_eq!(code_and_field(r), (ErrorCode::InvalidInput, s("responsible")));
    let r = e.execute(handle("T1", at, "s-head", Finding::Unsubstantiated, Some("s-rev")));
    assert_eq!(code_and_field(r).1, "responsible");
    e.execute(handle("T1", at, "s-head", Finding::Partly, Some("s-rev")))
        .unwrap();
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::UnderReview);
}

#[test]
fn the_handling_limit_passing_is_a_violation_of_the_handler_their_unit_and_its_head() {
    let mut e = handling();
    let v = violations(&e.advance(t("2026-12-01T00:00:00+08:00")));
    assert_eq!(
        v,
        vec![(
            Rule::LateComplaintHandling,
            Some(s("s-head")),
            Some(s("amr")),
            Some(s("s-head"))
        )]
    );
}

#[test]
fn handling_is_extended_once_by_another_supervisor_within_the_policy_limit() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Office, "s-sup"))
        .unwrap();
    let extend = |actor: &str, amount: u32| -> Command {
        ExtendComplaint {
            case: s("T1"),
            at: t("2026-10-20T09:00:00+08:00"),
            actor: s(actor),
            amount,
            reason: s("涉及多个部门"),
        }
        .into()
    };
    // The handler does not approve their own extension.
    assert_eq!(code_and_field(e.execute(extend("s-sup", 5))).0, ErrorCode::Forbidden);
    // Beyond the policy's 15 working days: refused, nothing changed.
    assert!(e.execute(extend("s-sup2", 16)).is_err());
    let before = e.complaint("T1").unwrap().handling.clone().unwrap();
    assert!(before.extensions().is_empty());
    e.execute(extend("s-sup2", 10)).unwrap();
    // Once.
    assert!(e.execute(extend("s-sup2", 1)).is_err());
    assert_eq!(
        e.complaint("T1").unwrap().handling.as_ref().unwrap().extensions().len(),
        1
    );
}

#[test]
fn review_before_closing_is_by_a_different_person_than_the_handler() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Office, "s-sup"))
        .unwrap();
    e.execute(handle(
        "T1",
        "2026-10-12T09:00:00+08:00",
        "s-sup",
        Finding::Unsubstantiated,
        None,
    ))
    .unwrap();
    let (code, field) = code_and_field(e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")));
    assert_eq!((code, field.as_str()), (ErrorCode::Forbidden, "actor"));
    e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup2")).unwrap();
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::Closed);
}

#[test]
fn a_substantiated_complaint_is_a_violation_of_the_responsible_person_the_unit_and_its_head() {
    let mut e = under_review();
    let ev = e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    assert_eq!(
        violations(&ev),
        vec![(
            Rule::SubstantiatedComplaint,
            Some(s("s-rev")),
            Some(s("amr")),
            Some(s("s-head"))
        )]
    );
    assert!(e.complaint("T1").unwrap().substantiated());
}

#[test]
fn an_unsubstantiated_complaint_is_no_violation() {
    let mut e = handling();
    e.execute(handle(
        "T1",
        "2026-10-12T09:00:00+08:00",
        "s-head",
        Finding::Unsubstantiated,
        None,
    ))
    .unwrap();
    let ev = e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    assert!(violations(&ev).is_empty());
}

#[test]
fn unsatisfactory_handling_is_returned_with_a_reason_and_a_new_limit() {
    let mut e = under_review();
    let ret = |reason: &str, actor: &str| -> Command {
        ReturnComplaint {
            case: s("T1"),
            at: t("2026-10-13T09:00:00+08:00"),
            actor: s(actor),
            reason: s(reason),
            amount: 2,
        }
        .into()
    };
    assert_eq!(code_and_field(e.execute(ret("", "s-sup"))).1, "reason");
    e.execute(ret("未说明整改措施", "s-sup")).unwrap();
    let c = e.complaint("T1").unwrap();
    assert_eq!((c.state(), c.returns, c.finding), (ComplaintState::Handling, 1, None));
    // The new limit (2 working days from Tuesday 10-13: the end of Thursday 10-15) is the one watched.
    let v = violations(&e.advance(t("2026-10-16T00:00:01+08:00")));
    assert_eq!(
        v.iter().map(|v| v.0).collect::<Vec<_>>(),
        vec![Rule::LateComplaintHandling]
    );
}

#[test]
fn a_named_complainant_is_replied_to_within_the_reply_limit_after_closing() {
    let mut e = under_review();
    e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    // The complaint's own (the rectification `T1-ZG1` it ordered has its own limits).
    let fired: Vec<Event> = e
        .advance(t("2026-11-30T00:00:00+08:00"))
        .into_iter()
        .filter(|e| e.case == "T1")
        .collect();
    let v = violations(&fired);
    assert_eq!(
        v,
        vec![(
            Rule::LateComplaintReply,
            Some(s("s-head")),
            Some(s("amr")),
            Some(s("s-head"))
        )]
    );
    // Replied late: taken, once.
    let reply = ReplyComplaint {
        case: s("T1"),
        at: t("2026-11-30T09:00:00+08:00"),
        actor: s("s-head"),
        reply: s("已办结"),
    };
    e.execute(reply.clone().into()).unwrap();
    assert_eq!(code_and_field(e.execute(reply.into())).0, ErrorCode::InvalidState);
}

#[test]
fn an_anonymous_complaint_gets_no_reply_clock_no_reply_and_no_call_back() {
    let mut e = engine();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", false))
        .unwrap();
    e.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-head"))
        .unwrap();
    e.execute(handle(
        "T1",
        "2026-10-12T09:00:00+08:00",
        "s-head",
        Finding::Unsubstantiated,
        None,
    ))
    .unwrap();
    e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    let c = e.complaint("T1").unwrap();
    assert!(c.anonymous() && c.reply.is_none());
    assert!(violations(&e.advance(t("2027-06-01T00:00:00+08:00"))).is_empty());
    let reply = ReplyComplaint {
        case: s("T1"),
        at: t("2027-06-01T09:00:00+08:00"),
        actor: s("s-sup"),
        reply: s("已办结"),
    };
    assert_eq!(code_and_field(e.execute(reply.into())).0, ErrorCode::InvalidState);
    let call = CallBackComplaint {
        case: s("T1"),
        at: t("2027-06-01T09:00:00+08:00"),
        actor: s("s-sup"),
        satisfied: true,
        note: String::new(),
    };
    assert_eq!(code_and_field(e.execute(call.into())).0, ErrorCode::InvalidState);
}

#[test]
fn a_not_satisfied_call_back_reopens_the_complaint_with_a_new_handling_limit() {
    let mut e = under_review();
    e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    let call = |satisfied: bool, note: &str| -> Command {
        CallBackComplaint {
            case: s("T1"),
            at: t("2026-10-14T09:00:00+08:00"),
            actor: s("s-sup"),
            satisfied,
            note: s(note),
        }
        .into()
    };
    assert_eq!(code_and_field(e.execute(call(false, ""))).1, "note");
    e.execute(call(false, "仍未取得许可证")).unwrap();
    let c = e.complaint("T1").unwrap();
    assert_eq!((c.state(), c.reopenings), (ComplaintState::Handling, 1));
    assert_eq!(
        c.handling.as_ref().unwrap().started_at(),
        t("2026-10-14T09:00:00+08:00")
    );
    assert!(c.reply.is_none(), "the reply is due after the next closing");
}

#[test]
fn a_failed_re_check_reopens_the_complaint() {
    let mut e = under_review();
    e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    let recheck = |holds: bool| -> Command {
        RecheckComplaint {
            case: s("T1"),
            at: t("2026-12-01T09:00:00+08:00"),
            actor: s("s-sup2"),
            holds,
            note: s("整改未落实"),
        }
        .into()
    };
    e.execute(recheck(true)).unwrap();
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::Closed);
    e.execute(recheck(false)).unwrap();
    assert_eq!(e.complaint("T1").unwrap().state(), ComplaintState::Handling);
}

#[test]
fn merged_letters_keep_every_complainant() {
    let mut e = handling();
    let mut second = register("T2", "2026-10-09T11:00:00+08:00", "s-sup", true);
    if let Command::Complaint(xiaoneng::commands::ComplaintCommand::RegisterComplaint(r)) = &mut second {
        r.complainant = Some(s("李女士"));
    }
    e.execute(second).unwrap();
    let merge = |into: &str| -> Command {
        MergeComplaint {
            case: s("T2"),
            at: t("2026-10-09T12:00:00+08:00"),
            actor: s("s-sup"),
            into: s(into),
        }
        .into()
    };
    assert_eq!(code_and_field(e.execute(merge("T9"))), (ErrorCode::NotFound, s("into")));
    assert_eq!(code_and_field(e.execute(merge("T2"))).1, "into");
    e.execute(merge("T1")).unwrap();
    assert_eq!(e.complaint("T2").unwrap().state(), ComplaintState::Merged);
    let names: Vec<String> = e
        .complainants_for("T1", "s-sup")
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec![s("张先生"), s("李女士")]);
    // The merged letter's limits stop.
    assert_eq!(
        violations(&e.advance(t("2027-06-01T00:00:00+08:00")))
            .iter()
            .map(|v| v.0)
            .collect::<Vec<_>>(),
        vec![Rule::LateComplaintHandling],
        "only the original's handling limit runs"
    );
}

#[test]
fn the_complainant_is_seen_by_supervisors_only() {
    let e = handling();
    assert_eq!(
        e.complaint_for("T1", "s-sup2").unwrap().complainant.unwrap().name,
        "张先生"
    );
    // A supervisor seconded to the respondent unit does not learn who complained about it.
    for viewer in ["s-head", "s-rev", "s-fire", "s-gov-head", "s-amr-sup", "nobody"] {
        let c = e.complaint_for("T1", viewer).unwrap();
        assert!(c.complainant.is_none() && c.redacted, "{viewer} sees the complainant");
        assert!(!c.anonymous());
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("张先生") && !json.contains("138"), "{viewer}: {json}");
        assert_eq!(
            e.complainants_for("T1", viewer).unwrap_err().code(),
            xiaoneng::ErrorCode::Forbidden
        );
    }
}

#[test]
fn a_policy_without_efficiency_complaints_records_none_of_their_violations() {
    let text = POLICY.replace("    \"efficiency_complaint\",      # 效能投诉制\n", "");
    assert_ne!(text, POLICY);
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let mut e = Engine::new(Policy::from_toml(&text).unwrap(), org, catalog).unwrap();
    e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
        .unwrap();
    assert!(violations(&e.advance(t("2027-06-01T00:00:00+08:00"))).is_empty());
}

#[test]
fn replay_and_restore_give_back_the_same_complaints() {
    let mut e = under_review();
    let mut log: Vec<Event> = Vec::new();
    let mut fresh = engine();
    for cmd in [
        register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true),
        accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-head"),
        handle(
            "T1",
            "2026-10-12T09:00:00+08:00",
            "s-head",
            Finding::Substantiated,
            Some("s-rev"),
        ),
        close("T1", "2026-10-13T09:00:00+08:00", "s-sup"),
    ] {
        log.extend(fresh.execute(cmd).unwrap());
    }
    log.extend(fresh.advance(t("2026-12-01T00:00:00+08:00")));
    e.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
    e.advance(t("2026-12-01T00:00:00+08:00"));
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org.clone(), catalog.clone(), &log).unwrap();
    assert_eq!(replayed.complaint("T1"), e.complaint("T1"));
    let restored = Engine::restore(Policy::from_toml(POLICY).unwrap(), org, catalog, &e.snapshot()).unwrap();
    assert_eq!(restored.complaint("T1"), e.complaint("T1"));
}

/// A command of each name on T1 that passes every check but the state's (a supervisor other than the
/// handler `s-head`, with every field a valid value).
fn any_command(name: &str, at: DateTime<Utc>) -> Command {
    let (case, actor) = (s("T1"), s("s-sup2"));
    match name {
        "register_complaint" => register("T1", "2027-01-04T09:00:00+08:00", "s-sup", true),
        "accept_complaint" => AcceptComplaint {
            case,
            at,
            actor,
            tier: Tier::Unit,
            handler: s("s-head"),
        }
        .into(),
        "decline_complaint" => DeclineComplaint {
            case,
            at,
            actor,
            reason: s("不属于受理范围"),
        }
        .into(),
        "extend_complaint" => ExtendComplaint {
            case,
            at,
            actor,
            amount: 1,
            reason: s("复杂"),
        }
        .into(),
        "handle_complaint" => HandleComplaint {
            case,
            at,
            actor: s("s-head"),
            finding: Finding::Unsubstantiated,
            summary: s("已核查"),
            responsible: None,
        }
        .into(),
        "close_complaint" => CloseComplaint { case, at, actor }.into(),
        "return_complaint" => ReturnComplaint {
            case,
            at,
            actor,
            reason: s("不满意"),
            amount: 3,
        }
        .into(),
        "reply_complaint" => ReplyComplaint {
            case,
            at,
            actor,
            reply: s("已办结"),
        }
        .into(),
        "call_back_complaint" => CallBackComplaint {
            case,
            at,
            actor,
            satisfied: true,
            note: String::new(),
        }
        .into(),
        "recheck_complaint" => RecheckComplaint {
            case,
            at,
            actor,
            holds: true,
            note: String::new(),
        }
        .into(),
        "merge_complaint" => MergeComplaint {
            case,
            at,
            actor,
            into: s("T0"),
        }
        .into(),
        other => panic!("no command {other}"),
    }
}

#[test]
fn every_command_is_allowed_exactly_in_the_states_of_the_transition_table() {
    // An engine with T1 in each state (T0 exists to merge into).
    let at = t("2026-10-20T09:00:00+08:00");
    let states: Vec<(ComplaintState, Engine)> = {
        let base = || {
            let mut e = engine();
            e.execute(register("T0", "2026-10-09T08:00:00+08:00", "s-sup", true))
                .unwrap();
            e.execute(register("T1", "2026-10-09T09:00:00+08:00", "s-sup", true))
                .unwrap();
            e
        };
        let mut out = vec![(ComplaintState::Registered, base())];
        let mut h = base();
        h.execute(accept("T1", "2026-10-09T10:00:00+08:00", Tier::Unit, "s-head"))
            .unwrap();
        out.push((ComplaintState::Handling, h.clone()));
        h.execute(handle(
            "T1",
            "2026-10-12T09:00:00+08:00",
            "s-head",
            Finding::Unsubstantiated,
            None,
        ))
        .unwrap();
        out.push((ComplaintState::UnderReview, h.clone()));
        h.execute(close("T1", "2026-10-13T09:00:00+08:00", "s-sup")).unwrap();
        out.push((ComplaintState::Closed, h));
        let mut d = base();
        d.execute(
            DeclineComplaint {
                case: s("T1"),
                at: t("2026-10-09T10:00:00+08:00"),
                actor: s("s-sup"),
                reason: s("x"),
            }
            .into(),
        )
        .unwrap();
        out.push((ComplaintState::Declined, d));
        let mut m = base();
        m.execute(
            MergeComplaint {
                case: s("T1"),
                at: t("2026-10-09T10:00:00+08:00"),
                actor: s("s-sup"),
                into: s("T0"),
            }
            .into(),
        )
        .unwrap();
        out.push((ComplaintState::Merged, m));
        out
    };
    let table: &[(&str, &[ComplaintState])] = &[
        ("register_complaint", &[]),
        ("accept_complaint", &[ComplaintState::Registered]),
        ("decline_complaint", &[ComplaintState::Registered]),
        ("extend_complaint", &[ComplaintState::Handling]),
        ("handle_complaint", &[ComplaintState::Handling]),
        ("close_complaint", &[ComplaintState::UnderReview]),
        ("return_complaint", &[ComplaintState::UnderReview]),
        ("reply_complaint", &[ComplaintState::Closed]),
        ("call_back_complaint", &[ComplaintState::Closed]),
        ("recheck_complaint", &[ComplaintState::Closed]),
        (
            "merge_complaint",
            &[ComplaintState::Registered, ComplaintState::Handling],
        ),
    ];
    assert_eq!(
        table.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        xiaoneng::commands::ComplaintCommand::NAMES
    );
    for (state, engine) in &states {
        assert_eq!(engine.complaint("T1").unwrap().state(), *state);
        for (name, allowed) in table {
            let mut e = engine.clone();
            let r = e.execute(any_command(name, at));
            if allowed.contains(state) {
                assert!(r.is_ok(), "{name} in {state}: {:?}", r.err());
            } else {
                let err = r.unwrap_err();
                assert!(
                    err.code() == ErrorCode::InvalidState && e.complaint("T1").is_some(),
                    "{name} in {state}: {err}"
                );
                assert!(&e == engine, "{name} in {state}: a refused command changed the engine");
            }
        }
    }
}

fn register_about(id: &str, at: &str, respondent: &str, subject: &str) -> Command {
    RegisterComplaint {
        case: s(id),
        at: t(at),
        actor: s("s-sup"),
        channel: Channel::Letter,
        category: Category::Delay,
        respondent: s(respondent),
        subject: s(subject),
        complainant: Some(s("李女士")),
        contact: String::new(),
    }
    .into()
}

fn repeat_of(e: &Engine, id: &str) -> Option<String> {
    e.complaint(id).unwrap().repeat_of.clone()
}

const MATTER: &str = "食品经营许可申请材料齐全，超过承诺时限仍未办结，窗口推诿";
const REWORDED: &str = "再次投诉：食品经营许可申请材料已齐全，超过承诺时限仍未办结！窗口推诿。";

#[test]
fn the_same_matter_about_the_same_unit_within_the_window_is_linked_to_its_original_as_a_repeat() {
    let mut e = engine();
    e.execute(register_about("T1", "2026-10-09T09:00:00+08:00", "amr", MATTER))
        .unwrap();
    let ev = e
        .execute(register_about("T2", "2026-11-02T09:00:00+08:00", "amr", REWORDED))
        .unwrap();
    assert!(matches!(&ev[0].kind, EventKind::ComplaintRegistered { repeat_of: Some(o), .. } if o == "T1"));
    // A third repeat links to the original of the chain, not to the repeat it is most like.
    e.execute(register_about("T3", "2026-11-20T09:00:00+08:00", "amr", REWORDED))
        .unwrap();
    assert_eq!(repeat_of(&e, "T3"), Some(s("T1")));
    // Another matter about the same unit is no repeat.
    e.execute(register_about(
        "T4",
        "2026-11-20T10:00:00+08:00",
        "amr",
        "窗口工作人员上班时间玩手机，态度生硬",
    ))
    .unwrap();
    assert_eq!(repeat_of(&e, "T4"), None);
}

#[test]
fn the_same_text_about_another_unit_or_after_the_window_is_no_repeat() {
    let mut e = engine();
    e.execute(register_about("T1", "2026-10-09T09:00:00+08:00", "amr", MATTER))
        .unwrap();
    e.execute(register_about("T2", "2026-10-10T09:00:00+08:00", "fire", MATTER))
        .unwrap();
    assert_eq!(repeat_of(&e, "T2"), None);
    // 90 days is the county's window: the 91st day is a new matter.
    e.execute(register_about("T3", "2027-01-08T09:00:01+08:00", "amr", MATTER))
        .unwrap();
    assert_eq!(repeat_of(&e, "T3"), None);
}

#[test]
fn replay_finds_the_original_again_and_refuses_a_forged_link() {
    let mut e = engine();
    let mut log = e
        .execute(register_about("T1", "2026-10-09T09:00:00+08:00", "amr", MATTER))
        .unwrap();
    log.extend(
        e.execute(register_about("T2", "2026-11-02T09:00:00+08:00", "amr", REWORDED))
            .unwrap(),
    );
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let policy = Policy::from_toml(POLICY).unwrap();
    let replayed = Engine::replay(policy.clone(), org.clone(), catalog.clone(), &log).unwrap();
    assert_eq!(repeat_of(&replayed, "T2"), Some(s("T1")));
    let mut forged = log.clone();
    if let EventKind::ComplaintRegistered { repeat_of, .. } = &mut forged[1].kind {
        *repeat_of = None;
    }
    assert!(Engine::replay(policy.clone(), org.clone(), catalog.clone(), &forged).is_err());
    // A restored engine links the next repeat as the live one does.
    let mut restored = Engine::restore(policy, org, catalog, &e.snapshot()).unwrap();
    e.execute(register_about("T3", "2026-11-20T09:00:00+08:00", "amr", REWORDED))
        .unwrap();
    restored
        .execute(register_about("T3", "2026-11-20T09:00:00+08:00", "amr", REWORDED))
        .unwrap();
    assert_eq!(repeat_of(&restored, "T3"), Some(s("T1")));
    assert!(restored == e);
}

/// Twenty named complaints closed in October 2026 and one anonymous; T00 closed in November.
fn closed_in_october() -> Engine {
    let mut e = engine();
    for k in 0..22 {
        let id = format!("T{k:02}");
        let named = k != 21;
        let mut reg = register(&id, "2026-10-09T09:00:00+08:00", "s-sup", named);
        if let Command::Complaint(xiaoneng::commands::ComplaintCommand::RegisterComplaint(r)) = &mut reg {
            r.subject = format!("第{k}号事项：{}", ["办件超期", "态度生硬", "乱收费", "推诿扯皮"][k % 4]);
            r.respondent = s(if k % 2 == 0 { "amr" } else { "fire" });
        }
        e.execute(reg).unwrap();
        let handler = if k % 2 == 0 { "s-head" } else { "s-fire-head" };
        e.execute(accept(&id, "2026-10-09T10:00:00+08:00", Tier::Unit, handler))
            .unwrap();
        e.execute(handle(
            &id,
            "2026-10-12T09:00:00+08:00",
            handler,
            Finding::Unsubstantiated,
            None,
        ))
        .unwrap();
        let closed = if k == 0 {
            "2026-11-02T09:00:00+08:00"
        } else {
            "2026-10-13T09:00:00+08:00"
        };
        e.execute(close(&id, closed, "s-sup")).unwrap();
    }
    e
}

#[test]
fn feedback_sampling_draws_the_policy_share_of_named_complaints_closed_in_the_period() {
    let e = closed_in_october();
    let (from, to) = (t("2026-10-01T00:00:00+08:00"), t("2026-11-01T00:00:00+08:00"));
    let sample = e.feedback_sample(from, to, 20261201).unwrap();
    // 20 named closed in October (T01-T20) at the county's 100 per mille: 2.
    assert_eq!(sample.len(), 2);
    assert!(sample.iter().all(|id| id != "T00" && id != "T21"), "{sample:?}");
    // The same seed, the same sample (C and Python check this very list); the draw is the library's own.
    assert_eq!(sample, e.feedback_sample(from, to, 20261201).unwrap());
    assert_eq!(sample, vec![s("T04"), s("T14")]);
    let ids: Vec<String> = (1..=20).map(|k| format!("T{k:02}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(xiaoneng::draw::sample(20261201, &refs, 100).unwrap(), sample);
    assert_eq!(e.feedback_sample(to, from, 1).unwrap_err().field(), Some("to"));
}
