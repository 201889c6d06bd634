//! Explanations (`Engine::explain`): every deadline, signal and deemed outcome of a case with its basis,
//! start rule, days off, pauses, extensions and thresholds, in Chinese and English (docs/rules.md §3, §5).

mod common;

use common::{d, t};
use xiaoneng::commands;
use xiaoneng::{
    Catalog, ClockName, Command, DayKind, DeemedAt, DeemedWhat, Document, Engine, ErrorCode, Lang, Org, PauseKind,
    Policy, Signal, StartRule,
};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
const FOOD: &str = "330100-FOOD-001";

fn engine() -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

/// A food licence case received and accepted on Mon 2026-09-28, its first step done, paused for an
/// inspection Sep 29 - Oct 9 and extended by the unit head on Oct 12.
fn paused_and_extended() -> Engine {
    let mut e = engine();
    let run = |e: &mut Engine, c: Command| e.execute(c).unwrap();
    run(
        &mut e,
        Command::from(commands::Receive {
            case: "C1".into(),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            item: FOOD.into(),
            applicant: "某餐饮有限公司".into(),
            materials: vec!["食品经营许可申请书".into()],
            renewal_of_expiry: None,
        }),
    );
    run(
        &mut e,
        Command::from(commands::Accept {
            case: "C1".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-clerk".into(),
        }),
    );
    run(
        &mut e,
        Command::from(commands::CompleteStep {
            case: "C1".into(),
            at: t("2026-09-28T11:00:00+08:00"),
            actor: "s-clerk".into(),
        }),
    );
    run(
        &mut e,
        Command::from(commands::Pause {
            case: "C1".into(),
            at: t("2026-09-29T10:00:00+08:00"),
            actor: "s-rev".into(),
            kind: PauseKind::Inspection,
            notice: "检验检测告知书（第12号）".into(),
        }),
    );
    run(
        &mut e,
        Command::from(commands::Resume {
            case: "C1".into(),
            at: t("2026-10-09T10:00:00+08:00"),
            actor: "s-rev".into(),
        }),
    );
    run(
        &mut e,
        Command::from(commands::Extend {
            case: "C1".into(),
            at: t("2026-10-12T09:00:00+08:00"),
            actor: "s-head".into(),
            amount: 10,
            reason: "需要组织专家现场核查".into(),
        }),
    );
    e
}

#[test]
fn explain_names_the_limit_its_article_and_the_start_rule() {
    let e = paused_and_extended();
    let x = e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let decision = x.clocks.iter().find(|c| c.clock == ClockName::Decision).unwrap();
    assert_eq!(decision.limit.amount, 20);
    assert_eq!(decision.pledged.map(|p| p.amount), Some(10));
    assert_eq!(decision.start_rule, StartRule::NextDay);
    assert!(decision.basis.contains("第四十二条") && decision.basis.contains("第四十五条"));
    assert!(x.text.contains("【办理时限】"), "{}", x.text);
    assert!(x.text.contains("起算日不计，次日起算"), "{}", x.text);
    // The explanation agrees with the case view, field for field.
    let v = e.view("C1", t("2026-10-12T10:00:00+08:00")).unwrap().decision.unwrap();
    assert_eq!(
        (decision.deadline, decision.signal, decision.state),
        (v.deadline, v.signal, v.state)
    );
}

#[test]
fn explain_lists_the_weekends_holidays_and_makeup_days_in_the_span() {
    let e = paused_and_extended();
    let x = e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let decision = x.clocks.iter().find(|c| c.clock == ClockName::Decision).unwrap();
    let holiday = decision.days.iter().find(|r| r.kind == DayKind::Holiday).unwrap();
    assert_eq!((holiday.first, holiday.last), (d(2026, 10, 1), d(2026, 10, 7)));
    assert_eq!(holiday.name.as_deref(), Some("国庆节"));
    assert!(decision
        .days
        .iter()
        .any(|r| r.kind == DayKind::Makeup && r.first == d(2026, 10, 10)));
    assert!(decision
        .days
        .iter()
        .any(|r| r.kind == DayKind::Weekend && r.first == d(2026, 10, 17) && r.last == d(2026, 10, 18)));
    assert!(x.text.contains("2026-10-01..2026-10-07 节假日（国庆节）"), "{}", x.text);
    assert!(x.text.contains("2026-10-10 调休上班日"), "{}", x.text);
}

#[test]
fn explain_lists_each_pause_with_its_notice_and_each_extension_with_approver_and_reason() {
    let e = paused_and_extended();
    let x = e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let decision = x.clocks.iter().find(|c| c.clock == ClockName::Decision).unwrap();
    assert_eq!(decision.pauses.len(), 1);
    assert_eq!(decision.pauses[0].kind, PauseKind::Inspection);
    assert_eq!(decision.pauses[0].notice.as_deref(), Some("检验检测告知书（第12号）"));
    assert_eq!(decision.extensions.len(), 1);
    assert_eq!(decision.extensions[0].approver, "s-head");
    assert_eq!(decision.extensions[0].reason, "需要组织专家现场核查");
    assert!(x.text.contains("暂停计时（检验检测检疫）"), "{}", x.text);
    assert!(
        x.text.contains("批准人 s-head，理由：需要组织专家现场核查"),
        "{}",
        x.text
    );
}

#[test]
fn explain_marks_the_thresholds_reached_at_the_instant() {
    let e = paused_and_extended();
    let before = e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let later = e.explain("C1", t("2026-12-30T10:00:00+08:00"), Lang::Zh).unwrap();
    let thresholds = |x: &xiaoneng::Explanation| {
        let c = x.clocks.iter().find(|c| c.clock == ClockName::Decision).unwrap();
        c.thresholds.iter().map(|t| (t.signal, t.reached)).collect::<Vec<_>>()
    };
    assert_eq!(
        thresholds(&before),
        vec![(Signal::Reminder, false), (Signal::Yellow, false), (Signal::Red, false)]
    );
    assert_eq!(
        thresholds(&later),
        vec![(Signal::Reminder, true), (Signal::Yellow, true), (Signal::Red, true)]
    );
}

#[test]
fn explain_names_the_rule_of_a_deemed_acceptance() {
    let mut e = engine();
    e.execute(Command::from(commands::Receive {
        case: "C2".into(),
        at: t("2026-09-28T09:00:00+08:00"),
        actor: "s-clerk".into(),
        item: FOOD.into(),
        applicant: "某餐饮有限公司".into(),
        materials: vec![],
        renewal_of_expiry: None,
    }))
    .unwrap();
    e.advance(t("2026-10-12T00:00:00+08:00"));
    let x = e.explain("C2", t("2026-10-12T00:00:00+08:00"), Lang::Zh).unwrap();
    assert_eq!(x.deemed.len(), 1);
    assert_eq!(x.deemed[0].what, DeemedWhat::Acceptance);
    assert_eq!(x.deemed[0].at, t("2026-09-28T09:00:00+08:00"));
    assert!(x.deemed[0].rule.contains("第三十二条"));
    assert!(x.text.contains("视为受理"), "{}", x.text);
}

#[test]
fn explain_in_english() {
    let e = paused_and_extended();
    let x = e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::En).unwrap();
    assert!(
        x.text
            .contains("[decision limit] statutory 20 working days, pledged 10 working days"),
        "{}",
        x.text
    );
    assert!(x.text.contains("art. 42"), "{}", x.text);
    assert!(
        x.text.contains("2026-10-01..2026-10-07 holiday (National Day)"),
        "{}",
        x.text
    );
    assert!(x.text.contains("approved by s-head"), "{}", x.text);
    assert!(x.text.contains("Paused (inspection)"), "{}", x.text);
}

#[test]
fn explain_of_an_unknown_case_is_not_found_and_a_bad_instant_is_named() {
    let e = paused_and_extended();
    let err = e.explain("C9", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(err.field(), Some("case"));
    let nanos = t("2026-10-12T10:00:00.000000001+08:00");
    assert_eq!(e.explain("C1", nanos, Lang::Zh).unwrap_err().field(), Some("now"));
}

#[test]
fn an_explanation_reads_back_from_its_json() {
    let e = paused_and_extended();
    let x = e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let back: xiaoneng::Explanation = serde_json::from_str(&x.to_json()).unwrap();
    assert_eq!(back, x);
}

#[test]
fn explain_marks_the_provisional_days_and_deadline_after_the_last_notice() {
    let mut e = engine();
    e.execute(Command::from(commands::Receive {
        case: "C3".into(),
        at: t("2026-12-20T09:00:00+08:00"),
        actor: "s-clerk".into(),
        item: FOOD.into(),
        applicant: "某餐饮有限公司".into(),
        materials: vec![],
        renewal_of_expiry: None,
    }))
    .unwrap();
    e.execute(Command::from(commands::Accept {
        case: "C3".into(),
        at: t("2026-12-21T09:00:00+08:00"),
        actor: "s-clerk".into(),
    }))
    .unwrap();
    let x = e.explain("C3", t("2026-12-21T10:00:00+08:00"), Lang::Zh).unwrap();
    let decision = x.clocks.iter().find(|c| c.clock == ClockName::Decision).unwrap();
    assert!(decision.provisional);
    // New Year's Day 2027 is a statutory day off, assumed until the 2027 notice says otherwise.
    let new_year = decision.days.iter().find(|r| r.first == d(2027, 1, 1)).unwrap();
    assert_eq!((new_year.kind, new_year.provisional), (DayKind::Holiday, true));
    assert_eq!(new_year.name.as_deref(), Some("元旦"));
    assert!(decision.days.iter().any(|r| !r.provisional), "2026's days are official");
    assert!(
        x.text.contains("［暂定］") && x.text.contains("暂定：期限所依据的日期"),
        "{}",
        x.text
    );
    let en = e.explain("C3", t("2026-12-21T10:00:00+08:00"), Lang::En).unwrap();
    assert!(en.text.contains("New Year's Day) [provisional]"), "{}", en.text);
}

const FIRE_CHECK: &str = "330100-BLDG-007";

fn utc(at: chrono::DateTime<chrono::FixedOffset>) -> chrono::DateTime<chrono::Utc> {
    at.with_timezone(&chrono::Utc)
}

fn engine_of(policy: &str) -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(policy).unwrap(), org, catalog).unwrap()
}

fn receive(e: &mut Engine, case: &str, item: &str, at: &str, renewal_of_expiry: Option<&str>) {
    e.execute(Command::from(commands::Receive {
        case: case.into(),
        at: t(at),
        actor: "s-clerk".into(),
        item: item.into(),
        applicant: "某商场".into(),
        materials: vec![],
        renewal_of_expiry: renewal_of_expiry.map(t),
    }))
    .unwrap();
    e.execute(Command::from(commands::Accept {
        case: case.into(),
        at: t(at) + chrono::Duration::hours(1),
        actor: "s-clerk".into(),
    }))
    .unwrap();
}

#[test]
fn explain_says_which_deadline_triggers_the_deemed_approval() {
    // The county preset deems a joint item approved at its pledged deadline (the end of Oct 23).
    let mut e = engine();
    receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00", None);
    let x = e.explain("J1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let timeout = x.timeout.as_ref().expect("a timeout default");
    assert_eq!(timeout.deemed_at, DeemedAt::Pledged);
    assert_eq!(timeout.deadline, t("2026-10-24T00:00:00+08:00"));
    assert!(
        x.text
            .contains("视为准予的期限：2026-10-24 00:00；超时默认：承诺期限届满仍未作出决定的，视为准予。"),
        "{}",
        x.text
    );
    // Under `deemed_at = "statutory"`, the statutory deadline (the end of Dec 4); cards stay on the pledge.
    let mut e = engine_of(&POLICY.replace("deemed_at = \"pledged\"", "deemed_at = \"statutory\""));
    receive(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00", None);
    let x = e.explain("J1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let timeout = x.timeout.as_ref().unwrap();
    assert_eq!(
        (timeout.deemed_at, utc(timeout.deadline)),
        (DeemedAt::Statutory, t("2026-12-05T00:00:00+08:00"))
    );
    assert!(
        x.text.contains(
            "视为准予的期限：2026-12-05 00:00；超时默认：法定期限届满仍未作出决定的，视为准予；黄牌、红牌和超期违规仍按承诺期限。"
        ),
        "{}",
        x.text
    );
    let en = e.explain("J1", t("2026-10-12T10:00:00+08:00"), Lang::En).unwrap();
    assert!(
        en.text.contains(
            "Deemed approval at: 2026-12-05 00:00; timeout default: approval is deemed when the statutory deadline \
             passes without a decision; yellow and red cards and the overdue violation still follow the pledged deadline."
        ),
        "{}",
        en.text
    );
    // Once deemed, the outcome names the deadline that triggered it, and the pending rule is gone.
    e.advance(t("2026-12-06T00:00:00+08:00"));
    let x = e.explain("J1", t("2026-12-06T00:00:00+08:00"), Lang::Zh).unwrap();
    assert_eq!(x.timeout, None);
    let approval = x.deemed.iter().find(|d| d.what == DeemedWhat::Approval).unwrap();
    assert_eq!(
        (utc(approval.at), approval.deemed_at),
        (t("2026-12-05T00:00:00+08:00"), Some(DeemedAt::Statutory))
    );
    assert!(approval.rule.contains("法定期限届满未作出决定"), "{}", approval.rule);
    // An item that only goes overdue has no timeout default to explain.
    let e = paused_and_extended();
    assert_eq!(
        e.explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh)
            .unwrap()
            .timeout,
        None
    );
}

#[test]
fn explain_says_a_renewal_carries_the_licence_expiry_and_is_deemed_granted_there_when_applied_for_in_time() {
    let mut e = engine();
    // Applied for Sep 28, more than 30 days before the licence expires on Nov 30: in time.
    receive(
        &mut e,
        "R1",
        FOOD,
        "2026-09-28T09:00:00+08:00",
        Some("2026-11-30T00:00:00+08:00"),
    );
    let x = e.explain("R1", t("2026-10-12T10:00:00+08:00"), Lang::Zh).unwrap();
    let r = x.renewal.as_ref().expect("a renewal");
    assert_eq!(
        (utc(r.expiry), r.in_time, r.lead),
        (t("2026-11-30T00:00:00+08:00"), true, xiaoneng::Limit::natural_days(30))
    );
    assert!(
        x.text.contains(
            "延续申请：原许可有效期至 2026-11-30 00:00；《行政许可法》第五十条：延续申请于有效期届满30个自然日前提出，\
             在有效期届满前未作出是否准予延续的决定的，视为准予延续。"
        ),
        "{}",
        x.text
    );
    // Its deemed grant comes at the expiry, by art. 50, not at a deadline of the timeout default.
    assert_eq!(x.timeout, None);
    e.advance(t("2026-12-01T00:00:00+08:00"));
    let x = e.explain("R1", t("2026-12-01T00:00:00+08:00"), Lang::En).unwrap();
    assert_eq!(x.deemed.len(), 1);
    let grant = &x.deemed[0];
    assert_eq!(
        (grant.what, utc(grant.at), grant.deemed_at),
        (DeemedWhat::Renewal, t("2026-11-30T00:00:00+08:00"), None)
    );
    assert!(
        x.text.contains(
            "Deemed renewal: 2026-11-30 00:00, because art. 50: no decision on the renewal before the licence \
             expired, so the renewal is deemed granted."
        ),
        "{}",
        x.text
    );
    assert!(
        x.text.contains("Renewal: the licence expires at 2026-11-30 00:00; Administrative License Law art. 50: applied for at least 30 days before the expiry"),
        "{}",
        x.text
    );
    // Applied for late (Nov 10): no deemed grant, said so.
    receive(
        &mut e,
        "R2",
        FOOD,
        "2026-11-10T09:00:00+08:00",
        Some("2026-11-30T00:00:00+08:00"),
    );
    let x = e.explain("R2", t("2026-11-10T12:00:00+08:00"), Lang::Zh).unwrap();
    assert!(!x.renewal.as_ref().unwrap().in_time);
    assert!(
        x.text
            .contains("延续申请未在有效期届满30个自然日前提出，届满时不视为准予延续，按一般办理期限办理"),
        "{}",
        x.text
    );
    let en = e.explain("R2", t("2026-11-10T12:00:00+08:00"), Lang::En).unwrap();
    assert!(
        en.text
            .contains("not applied for 30 days before the expiry, the renewal is not deemed granted"),
        "{}",
        en.text
    );
    // A case that is no renewal says nothing of it.
    assert_eq!(
        paused_and_extended()
            .explain("C1", t("2026-10-12T10:00:00+08:00"), Lang::Zh)
            .unwrap()
            .renewal,
        None
    );
}
