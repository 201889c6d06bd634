//! Policy switches are live (docs/rules.md §4, docs/policy.md): a standing system the policy does not list
//! records none of its violations; `ab_posts.unit_head_covers = false` refuses the cover. And
//! accountability (docs/rules.md §1 "Accountability"): every violation names the post, who acted for it
//! at the breach, the unit and its head; an escalation names whom it goes to. Each test builds the county
//! preset with one switch changed and shows the behaviour changing.

mod common;

use common::t;
use xiaoneng::commands;
use xiaoneng::{Acting, Catalog, Command, Document, Engine, Event, EventKind, Org, Policy, Rule, StandingSystem};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const FOOD: &str = "330100-FOOD-001";

fn engine_with(policy: &str) -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(policy).unwrap(), org, catalog).unwrap()
}

/// The county preset with `system` added to its systems.
fn with(system: &str) -> String {
    let p = POLICY.replace("systems = [\n", &format!("systems = [\n    \"{system}\",\n"));
    assert_ne!(p, POLICY);
    p
}

/// The county preset without `system`.
fn without(system: &str) -> String {
    let line = POLICY
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("\"{system}\",")))
        .unwrap_or_else(|| panic!("{system} is not in the county preset"));
    let p = POLICY.replace(&format!("{line}\n"), "");
    assert!(!Policy::from_toml(&p)
        .unwrap()
        .has_system(system.parse::<StandingSystem>().unwrap()));
    p
}

fn receive(e: &mut Engine, case: &str, at: &str) {
    e.execute(Command::from(commands::Receive {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
        item: FOOD.into(),
        applicant: "张三".into(),
        materials: vec![
            "食品经营许可申请书".into(),
            "营业执照复印件".into(),
            "设备布局和操作流程文件".into(),
        ],
        renewal_of_expiry: None,
    }))
    .unwrap();
}

fn accept(e: &mut Engine, case: &str, at: &str) {
    e.execute(Command::from(commands::Accept {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
    }))
    .unwrap();
}

fn step(e: &mut Engine, case: &str, actor: &str, at: &str) -> xiaoneng::Result<Vec<Event>> {
    e.execute(Command::from(commands::CompleteStep {
        case: case.into(),
        at: t(at),
        actor: actor.into(),
    }))
}

fn violations(events: &[Event]) -> Vec<&Event> {
    events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Violation { .. }))
        .collect()
}

fn rules(events: &[Event]) -> Vec<Rule> {
    violations(events)
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Violation { rule, .. } => Some(*rule),
            _ => None,
        })
        .collect()
}

fn refuse(e: &mut Engine, case: &str) {
    e.execute(Command::from(commands::Refuse {
        case: case.into(),
        at: t("2026-09-28T10:00:00+08:00"),
        actor: "s-clerk".into(),
        reasons: "不属于本机关职权范围".into(),
        legal_basis: "《行政许可法》第三十二条第一款第二项".into(),
        remedies: "可于六十日内申请行政复议或六个月内提起行政诉讼".into(),
    }))
    .unwrap();
}

/// A first notice, the corrections, then a second notice adding an item not caused by them: its events.
fn repeated_notice(e: &mut Engine) -> Vec<Event> {
    receive(e, "C1", "2026-09-28T09:00:00+08:00");
    let notify = |e: &mut Engine, at: &str, missing: &[&str]| {
        e.execute(Command::from(commands::NotifyCorrections {
            case: "C1".into(),
            at: t(at),
            actor: "s-clerk".into(),
            missing: missing.iter().map(|m| m.to_string()).collect(),
        }))
        .unwrap()
    };
    notify(e, "2026-09-28T10:00:00+08:00", &["营业执照复印件"]);
    e.execute(Command::from(commands::SubmitCorrections {
        case: "C1".into(),
        at: t("2026-09-29T09:00:00+08:00"),
        actor: "s-clerk".into(),
        materials: vec!["营业执照复印件".into()],
    }))
    .unwrap();
    notify(
        e,
        "2026-09-29T10:00:00+08:00",
        &["营业执照复印件", "法定代表人身份证明"],
    )
}

#[test]
fn every_rule_belongs_to_one_standing_system_and_the_county_lacks_only_negative_reporting_of_them() {
    let county = Policy::from_toml(POLICY).unwrap();
    let missing: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| !county.has_system(r.system()))
        .collect();
    assert_eq!(missing, vec![Rule::LateNegativeReport]);
}

#[test]
fn systems_without_negative_reporting_a_late_report_is_no_violation_and_a_report_is_still_taken() {
    for (policy, expect) in [
        (POLICY.to_string(), vec![]),
        (with("negative_reporting"), vec![Rule::LateNegativeReport]),
    ] {
        let mut e = engine_with(&policy);
        for case in ["C1", "C2"] {
            receive(&mut e, case, "2026-09-28T09:00:00+08:00");
            refuse(&mut e, case);
        }
        // The report is recorded either way (the clock runs and stops); only its limit goes unwatched.
        e.execute(Command::from(commands::ReportNegative {
            case: "C1".into(),
            at: t("2026-09-28T15:00:00+08:00"),
            actor: "s-clerk".into(),
            superior: "s-head".into(),
        }))
        .unwrap();
        assert!(e
            .case("C1")
            .unwrap()
            .negative_report()
            .unwrap()
            .completed_at()
            .is_some());
        let ev = e.advance(t("2026-10-31T00:00:00+08:00"));
        assert_eq!(rules(&ev), expect);
    }
}

#[test]
fn systems_without_time_limited_completion_a_step_over_its_limit_is_no_violation() {
    for (policy, expect) in [
        (POLICY.to_string(), vec![Rule::StepOverLimit]),
        (without("time_limited_completion"), vec![]),
    ] {
        let mut e = engine_with(&policy);
        receive(&mut e, "C1", "2026-09-28T09:00:00+08:00");
        accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
        assert_eq!(rules(&e.advance(t("2026-09-30T00:00:00+08:00"))), expect);
    }
}

#[test]
fn systems_without_time_limited_completion_an_overdue_decision_is_no_violation_but_still_carded() {
    let mut e = engine_with(&without("time_limited_completion"));
    receive(&mut e, "C1", "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2027-03-01T00:00:00+08:00"));
    assert_eq!(rules(&ev), vec![]);
    // E-supervision still watches the limit.
    assert!(ev.iter().any(|x| matches!(x.kind, EventKind::SignalRaised { .. })));
}

#[test]
fn systems_without_ab_posts_the_unit_heads_cover_is_no_violation() {
    for (policy, expect) in [
        (POLICY.to_string(), vec![Rule::AbBothAbsent]),
        (without("ab_posts"), vec![]),
    ] {
        let mut e = engine_with(&policy);
        receive(&mut e, "C1", "2026-10-13T09:00:00+08:00");
        accept(&mut e, "C1", "2026-10-13T10:00:00+08:00");
        step(&mut e, "C1", "s-clerk", "2026-10-13T11:00:00+08:00").unwrap();
        let ev = step(&mut e, "C1", "s-head", "2026-10-14T10:00:00+08:00").unwrap();
        assert_eq!(rules(&ev), expect);
    }
}

#[test]
fn systems_without_first_inquiry_an_unanswered_inquiry_is_no_violation() {
    for (policy, expect) in [
        (POLICY.to_string(), vec![Rule::UnansweredInquiry]),
        (without("first_inquiry"), vec![]),
    ] {
        let mut e = engine_with(&policy);
        e.execute(Command::from(commands::RecordInquiry {
            case: "Q1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-rev".into(),
            person: "李四".into(),
            topic: "食品经营许可".into(),
            also_asked: vec![],
        }))
        .unwrap();
        assert_eq!(rules(&e.advance(t("2026-10-31T00:00:00+08:00"))), expect);
    }
}

#[test]
fn systems_without_one_time_notification_a_repeated_notice_is_no_violation() {
    for (policy, expect) in [
        (POLICY.to_string(), vec![Rule::RepeatedNotice]),
        (without("one_time_notification"), vec![]),
    ] {
        let mut e = engine_with(&policy);
        assert_eq!(rules(&repeated_notice(&mut e)), expect);
    }
}

#[test]
fn ab_posts_unit_head_covers_false_refuses_the_unit_heads_act_naming_the_actor() {
    let policy = POLICY.replace("unit_head_covers = true", "unit_head_covers = false");
    assert_ne!(policy, POLICY);
    for (policy, covers) in [(POLICY.to_string(), true), (policy, false)] {
        let mut e = engine_with(&policy);
        receive(&mut e, "C1", "2026-10-13T09:00:00+08:00");
        accept(&mut e, "C1", "2026-10-13T10:00:00+08:00");
        step(&mut e, "C1", "s-clerk", "2026-10-13T11:00:00+08:00").unwrap();
        // Review post: A (s-rev) and B (s-rev2) are both away on Oct 14.
        let r = step(&mut e, "C1", "s-head", "2026-10-14T10:00:00+08:00");
        if covers {
            assert_eq!(rules(&r.unwrap()), vec![Rule::AbBothAbsent]);
        } else {
            let err = r.unwrap_err();
            assert_eq!(err.code(), xiaoneng::ErrorCode::Forbidden);
            assert_eq!((err.field(), err.value()), (Some("actor"), Some("s-head")));
            assert!(err.reason().contains("unit_head_covers"), "{err}");
            assert_eq!(e.case("C1").unwrap().step(), 1, "nothing changed");
            // Once B is back (Oct 16), B acts.
            step(&mut e, "C1", "s-rev2", "2026-10-16T10:00:00+08:00").unwrap();
        }
    }
}

/// The accountability fields of a violation event: post, acting, responsible, unit, unit head.
type Who<'a> = (
    Option<&'a str>,
    Option<&'a Acting>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// The accountability fields of a violation event.
fn who(e: &Event) -> Who<'_> {
    match &e.kind {
        EventKind::Violation {
            responsible,
            post,
            acting,
            unit,
            unit_head,
            ..
        } => (
            post.as_deref(),
            acting.as_ref(),
            responsible.as_deref(),
            unit.as_deref(),
            unit_head.as_deref(),
        ),
        _ => panic!("not a violation: {e:?}"),
    }
}

#[test]
fn accountability_a_timer_fired_step_violation_names_the_post_its_acting_holder_the_unit_and_its_head() {
    let mut e = engine_with(POLICY);
    receive(&mut e, "C1", "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2026-09-30T00:00:00+08:00"));
    let v = violations(&ev);
    assert_eq!(v.len(), 1);
    let acting = Acting::Holder {
        staff: "s-clerk".into(),
    };
    assert_eq!(
        who(v[0]),
        (
            Some("p-window"),
            Some(&acting),
            Some("s-clerk"),
            Some("amr"),
            Some("s-head")
        )
    );
    // The case record carries the same.
    let rec = &e.case("C1").unwrap().violations()[0];
    assert_eq!(
        (rec.post.as_deref(), rec.acting.as_ref(), rec.unit_head.as_deref()),
        (Some("p-window"), Some(&acting), Some("s-head"))
    );
}

#[test]
fn accountability_a_step_breached_while_a_is_away_names_b_acting_for_the_post() {
    let mut e = engine_with(POLICY);
    // Accepted Sep 29, step 1 done Sep 30: the review step's 7 working days (Oct 8, 9, 10 a makeup day,
    // 12-15) end on Oct 16 00:00, when A (s-rev, on leave Oct 12-16) is away and B (s-rev2, away Oct 14-15)
    // is back.
    receive(&mut e, "C1", "2026-09-29T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-29T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-09-30T09:00:00+08:00").unwrap();
    let ev = e.advance(t("2026-10-31T00:00:00+08:00"));
    let step_breach: Vec<&Event> = violations(&ev)
        .into_iter()
        .filter(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::StepOverLimit,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(step_breach.len(), 1);
    let (post, acting, responsible, unit, head) = who(step_breach[0]);
    assert_eq!((post, unit, head), (Some("p-review"), Some("amr"), Some("s-head")));
    let at = step_breach[0].at;
    // The breach falls while A is away: B acts for the post and is responsible.
    assert_eq!(at, t("2026-10-16T00:00:00+08:00"));
    assert_eq!(
        acting,
        Some(&Acting::Backup {
            staff: "s-rev2".into(),
            absent: Some("s-rev".into())
        })
    );
    assert_eq!(responsible, Some("s-rev2"));
}

#[test]
fn accountability_a_command_fired_repeated_notice_names_the_clerk_the_acceptance_post_and_the_unit_head() {
    let mut e = engine_with(POLICY);
    let ev = repeated_notice(&mut e);
    let (post, acting, responsible, unit, head) = who(violations(&ev)[0]);
    assert_eq!(
        (post, responsible, unit, head),
        (Some("p-window"), Some("s-clerk"), Some("amr"), Some("s-head"))
    );
    assert_eq!(
        acting,
        Some(&Acting::Holder {
            staff: "s-clerk".into()
        })
    );
}

#[test]
fn accountability_the_ab_cover_violation_names_the_steps_post_and_the_covering_unit_head() {
    let mut e = engine_with(POLICY);
    receive(&mut e, "C1", "2026-10-13T09:00:00+08:00");
    accept(&mut e, "C1", "2026-10-13T10:00:00+08:00");
    step(&mut e, "C1", "s-clerk", "2026-10-13T11:00:00+08:00").unwrap();
    let ev = step(&mut e, "C1", "s-head", "2026-10-14T10:00:00+08:00").unwrap();
    let (post, acting, responsible, unit, head) = who(violations(&ev)[0]);
    assert_eq!(
        (post, responsible, unit, head),
        (Some("p-review"), Some("s-head"), Some("amr"), Some("s-head"))
    );
    assert_eq!(
        acting,
        Some(&Acting::UnitHead {
            staff: "s-head".into(),
            absent: vec!["s-rev".into(), "s-rev2".into()]
        })
    );
}

#[test]
fn accountability_an_unanswered_inquiry_names_the_responsible_person_their_unit_and_its_head() {
    let mut e = engine_with(POLICY);
    e.execute(Command::from(commands::RecordInquiry {
        case: "Q1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-fire".into(),
        person: "李四".into(),
        topic: "消防验收".into(),
        also_asked: vec![],
    }))
    .unwrap();
    let ev = e.advance(t("2026-10-31T00:00:00+08:00"));
    let (post, acting, responsible, unit, head) = who(violations(&ev)[0]);
    assert_eq!(
        (post, acting, responsible, unit, head),
        (None, None, Some("s-fire"), Some("fire"), Some("s-fire-head"))
    );
}

#[test]
fn accountability_an_escalation_names_the_supervisors_and_the_unit_head() {
    let policy = POLICY.replace("pledged = \"overdue_only\"", "pledged = \"escalate\"");
    assert_ne!(policy, POLICY);
    let mut e = engine_with(&policy);
    receive(&mut e, "C1", "2026-09-28T09:00:00+08:00");
    accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    let ev = e.advance(t("2027-03-01T00:00:00+08:00"));
    let to: Vec<&Vec<String>> = ev
        .iter()
        .filter_map(|x| match &x.kind {
            EventKind::Escalated { recipients } => Some(recipients),
            _ => None,
        })
        .collect();
    assert_eq!(to, vec![&vec!["s-sup".to_string(), "s-head".to_string()]]);
    // Its decision violation names the decision step's post (every step pending: the current one).
    let overdue = violations(&ev)
        .into_iter()
        .find(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::DecisionOverdue,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(who(overdue).0, Some("p-window"));
}

const FIRE_CHECK: &str = "330100-BLDG-007";

/// The county preset with its `[timeout]` table's body (`deemed_at = "pledged"`) replaced by `table`.
fn with_timeout(table: &str) -> String {
    let line = "deemed_at = \"pledged\"\n";
    assert_eq!(POLICY.matches(line).count(), 1);
    POLICY.replace(line, &format!("{table}\n"))
}

/// The county catalog with the joint item (the fire check) changed by `f`.
fn catalog_with(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(CATALOG).unwrap();
    let item = doc["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["code"] == FIRE_CHECK)
        .unwrap();
    f(item);
    doc.to_string()
}

fn engine_of(policy: &str, catalog: &str) -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(catalog, &org).unwrap();
    Engine::new(Policy::from_toml(policy).unwrap(), org, catalog).unwrap()
}

/// A joint case (the fire check: statutory 45, pledged 15 working days, deemed approved on timeout)
/// received and accepted on Mon 2026-09-28, its first step done at once. Its pledged deadline is the end
/// of Fri Oct 23; its statutory one the end of Fri Dec 4 (45 working days: Sep 29-30, Oct 8-10 with the
/// makeup Saturday, then every working day to Dec 4).
fn joint_case(e: &mut Engine) {
    e.execute(Command::from(commands::Receive {
        case: "J1".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-clerk".into(),
        item: FIRE_CHECK.into(),
        applicant: "某商场".into(),
        materials: vec!["消防安全检查申报表".into()],
        renewal_of_expiry: None,
    }))
    .unwrap();
    accept(e, "J1", "2026-09-28T10:00:00+08:00");
    step(e, "J1", "s-clerk", "2026-09-28T11:00:00+08:00").unwrap();
}

const PLEDGED_DEADLINE: &str = "2026-10-24T00:00:00+08:00";
const STATUTORY_DEADLINE: &str = "2026-12-05T00:00:00+08:00";

/// When the case was deemed approved, if it was.
fn deemed_approval(events: &[Event]) -> Option<chrono::DateTime<chrono::Utc>> {
    events
        .iter()
        .find(|x| matches!(x.kind, EventKind::Decided { deemed: true, .. }))
        .map(|x| x.at)
}

#[test]
fn timeout_deemed_at_statutory_deems_the_approval_at_the_statutory_deadline_while_cards_and_the_breach_follow_the_pledge(
) {
    // The preset: deemed at the pledged deadline.
    let mut e = engine_with(POLICY);
    joint_case(&mut e);
    assert_eq!(
        deemed_approval(&e.advance(t("2026-12-31T00:00:00+08:00"))),
        Some(t(PLEDGED_DEADLINE))
    );
    // `timeout.deemed_at_by_kind`: joint items at the statutory deadline.
    let mut e = engine_with(&with_timeout("deemed_at_by_kind = { joint = \"statutory\" }"));
    joint_case(&mut e);
    let ev = e.advance(t("2026-12-05T00:00:00+08:00") - chrono::Duration::seconds(1));
    assert_eq!(deemed_approval(&ev), None);
    // The pledged deadline still brings the yellow card and the missed limit, which names who held the
    // case: the review step's post, its A holder, the unit and its head; then the red card 3 working days on.
    let overdue: Vec<&Event> = violations(&ev)
        .into_iter()
        .filter(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::DecisionOverdue,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].at, t(PLEDGED_DEADLINE));
    let rev = Acting::Holder { staff: "s-rev".into() };
    assert_eq!(
        who(overdue[0]),
        (Some("p-review"), Some(&rev), Some("s-rev"), Some("amr"), Some("s-head"))
    );
    let signals: Vec<(xiaoneng::Signal, chrono::DateTime<chrono::Utc>)> = ev
        .iter()
        .filter_map(|x| match x.kind {
            EventKind::SignalRaised { signal, .. } => Some((signal, x.at)),
            _ => None,
        })
        .collect();
    assert_eq!(
        signals,
        vec![
            (xiaoneng::Signal::Reminder, t("2026-10-22T00:00:00+08:00")),
            (xiaoneng::Signal::Yellow, t(PLEDGED_DEADLINE)),
            (xiaoneng::Signal::Red, t("2026-10-29T00:00:00+08:00")),
        ]
    );
    assert_eq!(e.case("J1").unwrap().state(), xiaoneng::CaseState::Accepted);
    // The statutory deadline deems it approved, and records nothing twice.
    let ev = e.advance(t(STATUTORY_DEADLINE));
    assert_eq!(deemed_approval(&ev), Some(t(STATUTORY_DEADLINE)));
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(e.case("J1").unwrap().state(), xiaoneng::CaseState::Approved);
    assert_eq!(
        e.case("J1").unwrap().violations()[..]
            .iter()
            .filter(|v| v.rule == Rule::DecisionOverdue)
            .count(),
        1
    );
}

#[test]
fn timeout_deemed_at_for_every_kind_and_an_items_own_deemed_at_override_in_that_order() {
    let run = |policy: &str, catalog: &str| {
        let mut e = engine_of(policy, catalog);
        joint_case(&mut e);
        deemed_approval(&e.advance(t("2026-12-31T00:00:00+08:00")))
    };
    let statutory = Some(t(STATUTORY_DEADLINE));
    let pledged = Some(t(PLEDGED_DEADLINE));
    // `timeout.deemed_at` for every kind.
    let every = with_timeout("deemed_at = \"statutory\"");
    assert_eq!(run(&every, CATALOG), statutory);
    // A kind's own rule overrides it.
    let kind = with_timeout("deemed_at = \"statutory\"\ndeemed_at_by_kind = { joint = \"pledged\" }");
    assert_eq!(run(&kind, CATALOG), pledged);
    // The item's `deemed_at` overrides both.
    let item_statutory = catalog_with(|i| i["deemed_at"] = "statutory".into());
    assert_eq!(run(POLICY, &item_statutory), statutory);
    let item_pledged = catalog_with(|i| i["deemed_at"] = "pledged".into());
    assert_eq!(run(&every, &item_pledged), pledged);
    // Bad values are named.
    let err = Policy::from_toml(&with_timeout("deemed_at_by_kind = { joint = \"later\" }")).unwrap_err();
    assert!(err.to_string().contains("deemed_at_by_kind"), "{err}");
    let err = Policy::from_toml(&with_timeout("deemed_at_by_kind = { urgent = \"statutory\" }")).unwrap_err();
    assert!(err.to_string().contains("`urgent` is not an item kind"), "{err}");
}

#[test]
fn timeout_deemed_at_statutory_waits_while_a_pause_after_the_pledged_deadline_stops_the_statutory_count() {
    // Art. 45 time is not counted in the statutory limit either: a pause that begins after the pledged
    // deadline (the case already overdue) moves the statutory one.
    let catalog = catalog_with(|i| i["special_procedures"] = serde_json::json!(["expert_review"]));
    let mut e = engine_of(&with_timeout("deemed_at = \"statutory\""), &catalog);
    joint_case(&mut e);
    e.execute(Command::from(commands::Pause {
        case: "J1".into(),
        at: t("2026-11-30T10:00:00+08:00"),
        actor: "s-head".into(),
        kind: xiaoneng::PauseKind::ExpertReview,
        notice: "专家评审告知书".into(),
    }))
    .unwrap();
    // Paused past the statutory deadline: nothing is deemed, no card again.
    let ev = e.advance(t("2026-12-07T00:00:00+08:00"));
    assert_eq!(deemed_approval(&ev), None);
    assert!(ev.is_empty(), "{ev:?}");
    e.execute(Command::from(commands::Resume {
        case: "J1".into(),
        at: t("2026-12-07T10:00:00+08:00"),
        actor: "s-head".into(),
    }))
    .unwrap();
    // Dec 1, 2, 3, 4 and 7 not counted: Dec 4 + 5 working days = Dec 11.
    let ev = e.advance(t("2026-12-31T00:00:00+08:00"));
    assert_eq!(deemed_approval(&ev), Some(t("2026-12-12T00:00:00+08:00")));
}
