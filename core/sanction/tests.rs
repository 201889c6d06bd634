//! The sanction ladder's rules, one named test each, and its invariants as properties.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

use super::*;
use crate::error::{ErrorCode, Result};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn violation(id: &str, person: &str, at: &str) -> ViolationFacts {
    ViolationFacts {
        id: id.into(),
        kind: "decision_overdue".into(),
        severity: Severity::Ordinary,
        person: person.into(),
        unit: "amr".into(),
        unit_head: "s-head".into(),
        at: t(at),
    }
}

fn record(id: &str, person: &str, confirmed_at: &str) -> PriorRecord {
    PriorRecord {
        id: id.into(),
        person: person.into(),
        kind: "decision_overdue".into(),
        measures: vec![],
        confirmed_at: t(confirmed_at),
    }
}

fn warning_record(id: &str, person: &str, confirmed_at: &str) -> PriorRecord {
    PriorRecord {
        measures: vec![Measure::EfficiencyWarning.into()],
        ..record(id, person, confirmed_at)
    }
}

fn confirm(policy: &LadderPolicy, p: &Proposal, at: &str) -> Confirmed {
    decide(
        policy,
        p,
        &Decision::Confirm {
            by: "s-sup".into(),
            at: t(at),
            note: None,
        },
    )
    .unwrap()
}

fn counted(p: &Proposal) -> Vec<String> {
    p.derivation
        .iter()
        .find_map(|r| match r {
            SanctionReason::Counted { records, .. } => Some(records.clone()),
            _ => None,
        })
        .unwrap()
}

fn chosen_at(p: &Proposal, rule: &str) -> Option<u32> {
    p.derivation.iter().find_map(|r| match r {
        SanctionReason::StepChosen { rule: r, at, .. } if r == rule => Some(*at),
        _ => None,
    })
}

fn policy_toml(rules: &str) -> Result<LadderPolicy> {
    LadderPolicy::from_toml(&format!("name = \"test\"\n{rules}"))
}

const ANY_RULE: &str = r#"
[[rules]]
name = "any"
kind = "*"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["criticism_education"] }]
"#;

// ---- The county's ladder: 1, 2, 3 cases a year -------------------------------------------------

#[test]
fn county_the_first_case_in_a_year_brings_a_written_self_criticism_and_no_award_that_year() {
    let county = LadderPolicy::county();
    let p = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00"),
        &[],
        t("2026-03-02T12:00:00+08:00"),
    )
    .unwrap();
    assert_eq!(p.rule, "county-annual");
    assert_eq!(p.count, 1);
    assert_eq!(p.outcome.measures, vec![Measure::WrittenSelfCriticism.into()]);
    assert_eq!(p.outcome.effects, vec![SanctionEffect::NoAwardThatYear]);
    assert_eq!(p.outcome.no_award_year(), Some(2026));
    assert_eq!(p.outcome.person_points, 5);
    assert!(!p.outcome.unit_head_accountable());
}

#[test]
fn county_the_second_case_in_a_year_brings_the_loss_of_bonus() {
    let county = LadderPolicy::county();
    let history = [record("V-0", "s-clerk", "2026-01-15T09:00:00+08:00")];
    let p = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-06-02T10:00:00+08:00"),
        &history,
        t("2026-06-03T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 2);
    assert_eq!(counted(&p), vec!["V-0".to_string()]);
    assert!(p.outcome.measures.is_empty());
    assert_eq!(
        p.outcome.effects,
        vec![SanctionEffect::NoAwardThatYear, SanctionEffect::LossOfBonus]
    );
    assert_eq!(p.outcome.person_points, 0);
}

#[test]
fn county_the_third_case_in_a_year_brings_suspension_and_holds_the_unit_head_and_the_deputy_accountable() {
    let county = LadderPolicy::county();
    let history = [
        record("V-0", "s-clerk", "2026-01-15T09:00:00+08:00"),
        record("V-1", "s-clerk", "2026-06-05T09:00:00+08:00"),
    ];
    let p = propose(
        &county,
        &violation("V-2", "s-clerk", "2026-09-02T10:00:00+08:00"),
        &history,
        t("2026-09-03T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 3);
    assert_eq!(p.outcome.measures, vec![Measure::Suspension.into()]);
    assert!(p.outcome.unit_head_accountable());
    assert!(p.outcome.effects.contains(&SanctionEffect::DeputyAccountable));
    assert_eq!(p.outcome.person_points, 30);
    let c = confirm(&county, &p, "2026-09-04T10:00:00+08:00");
    assert_eq!(c.filing().unit_head.as_deref(), Some("s-head"));
    // The fourth case stays on the last step.
    let mut more = history.to_vec();
    more.extend(c.prior_record());
    let p4 = propose(
        &county,
        &violation("V-3", "s-clerk", "2026-10-02T10:00:00+08:00"),
        &more,
        t("2026-10-03T00:00:00Z"),
    )
    .unwrap();
    assert_eq!((p4.count, chosen_at(&p4, "county-annual")), (4, Some(3)));
}

#[test]
fn county_counts_only_the_persons_own_records_of_the_year() {
    let county = LadderPolicy::county();
    let history = [
        record("V-a", "s-clerk2", "2026-02-01T09:00:00+08:00"),
        record("V-b", "s-clerk", "2025-12-01T09:00:00+08:00"),
    ];
    let p = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00"),
        &history,
        t("2026-03-03T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 1);
    assert!(counted(&p).is_empty());
}

// ---- The other ladder: three in a month, two warnings a year ---------------------------------------

#[test]
fn monthly_the_third_accountability_in_a_month_brings_an_efficiency_warning_and_no_award_that_year() {
    let m = LadderPolicy::monthly_warning();
    let history = [
        record("V-0", "s-clerk", "2026-04-01T09:00:00+08:00"),
        record("V-1", "s-clerk", "2026-04-10T09:00:00+08:00"),
    ];
    let p = propose(
        &m,
        &violation("V-2", "s-clerk", "2026-04-20T10:00:00+08:00"),
        &history,
        t("2026-04-21T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 3);
    assert_eq!(p.outcome.measures, vec![Measure::EfficiencyWarning.into()]);
    assert_eq!(p.outcome.no_award_year(), Some(2026));
    assert_eq!(p.outcome.person_points, 3);
}

#[test]
fn monthly_the_first_two_accountabilities_in_a_month_propose_nothing_of_the_ladder() {
    let m = LadderPolicy::monthly_warning();
    let history = [record("V-0", "s-clerk", "2026-04-01T09:00:00+08:00")];
    let p = propose(
        &m,
        &violation("V-1", "s-clerk", "2026-04-20T10:00:00+08:00"),
        &history,
        t("2026-04-21T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 2);
    assert!(p.outcome.measures.is_empty() && p.outcome.effects.is_empty());
    assert!(p.derivation.iter().any(|r| matches!(
        r,
        SanctionReason::BelowFirstStep {
            first_at: 3,
            count: 2,
            ..
        }
    )));
}

#[test]
fn monthly_accountabilities_in_different_months_do_not_add_up() {
    let m = LadderPolicy::monthly_warning();
    let history = [
        record("V-0", "s-clerk", "2026-03-30T09:00:00+08:00"),
        record("V-1", "s-clerk", "2026-03-31T23:59:00+08:00"),
    ];
    let p = propose(
        &m,
        &violation("V-2", "s-clerk", "2026-04-01T00:05:00+08:00"),
        &history,
        t("2026-04-02T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 1);
}

#[test]
fn monthly_the_second_efficiency_warning_in_a_year_adds_an_admonishment_talk() {
    let m = LadderPolicy::monthly_warning();
    let history = [
        warning_record("V-w", "s-clerk", "2026-02-20T09:00:00+08:00"),
        record("V-0", "s-clerk", "2026-04-01T09:00:00+08:00"),
        record("V-1", "s-clerk", "2026-04-10T09:00:00+08:00"),
    ];
    let p = propose(
        &m,
        &violation("V-2", "s-clerk", "2026-04-20T10:00:00+08:00"),
        &history,
        t("2026-04-21T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(
        p.outcome.measures,
        vec![Measure::EfficiencyWarning.into(), Measure::AdmonishmentTalk.into()]
    );
    assert_eq!(p.outcome.person_points, 33);
    assert_eq!(chosen_at(&p, "two-warnings-a-year"), Some(2));
    // The first warning of a year brings no admonishment talk.
    let p1 = propose(
        &m,
        &violation("V-2", "s-clerk", "2026-04-20T10:00:00+08:00"),
        &history[1..],
        t("2026-04-21T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p1.outcome.measures, vec![Measure::EfficiencyWarning.into()]);
}

// ---- Windows ------------------------------------------------------------------------------------

#[test]
fn the_year_is_the_local_one_a_record_of_dec_31_2330_counts_in_that_year_not_the_next() {
    let county = LadderPolicy::county();
    // 23:30 +08:00 on 31 December is 15:30 UTC: 2026 either way.
    let history = [record("V-0", "s-clerk", "2026-12-31T23:30:00+08:00")];
    let same_year = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-12-31T23:50:00+08:00"),
        &history,
        t("2027-01-02T00:00:00Z"),
    )
    .unwrap();
    assert_eq!((same_year.count, same_year.outcome.year), (2, 2026));
    // 00:10 +08:00 on 1 January 2027 is still 31 December 2026 in UTC, but 2027 locally: not counted.
    let next_year = propose(
        &county,
        &violation("V-1", "s-clerk", "2027-01-01T00:10:00+08:00"),
        &history,
        t("2027-01-02T00:00:00Z"),
    )
    .unwrap();
    assert_eq!((next_year.count, next_year.outcome.year), (1, 2027));
    assert_eq!(next_year.outcome.no_award_year(), Some(2027));
    let Some(SanctionReason::Counted {
        window_start,
        window_end,
        ..
    }) = next_year.derivation.get(1)
    else {
        panic!("the second reason is the count");
    };
    assert_eq!((*window_start, *window_end), (d(2027, 1, 1), d(2028, 1, 1)));
}

#[test]
fn a_record_confirmed_after_the_proposal_is_not_counted() {
    let county = LadderPolicy::county();
    let history = [record("V-0", "s-clerk", "2026-03-05T09:00:00+08:00")];
    let p = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00"),
        &history,
        t("2026-03-04T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(p.count, 1);
    let later = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00"),
        &history,
        t("2026-03-06T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(later.count, 2);
}

#[test]
fn the_violations_own_record_is_not_counted_and_a_record_listed_twice_counts_once() {
    let county = LadderPolicy::county();
    let history = [
        record("V-1", "s-clerk", "2026-03-03T09:00:00+08:00"),
        record("V-0", "s-clerk", "2026-02-03T09:00:00+08:00"),
        record("V-0", "s-clerk", "2026-02-03T09:00:00+08:00"),
    ];
    let p = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00"),
        &history,
        t("2026-03-04T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(counted(&p), vec!["V-0".to_string()]);
    assert_eq!(p.count, 2);
}

#[test]
fn a_rolling_window_of_months_ends_with_the_violations_day() {
    let w = LadderWindow {
        unit: WindowUnit::Months,
        amount: Some(1),
    };
    assert_eq!(w.range(d(2026, 3, 15)), Some((d(2026, 2, 16), d(2026, 3, 16))));
    assert_eq!(w.range(d(2026, 3, 31)), Some((d(2026, 3, 1), d(2026, 4, 1))));
    let days = LadderWindow {
        unit: WindowUnit::Days,
        amount: Some(30),
    };
    assert_eq!(days.range(d(2026, 3, 30)), Some((d(2026, 3, 1), d(2026, 3, 31))));
    assert_eq!(
        LadderWindow::CALENDAR_MONTH.range(d(2026, 2, 14)),
        Some((d(2026, 2, 1), d(2026, 3, 1)))
    );
}

#[test]
fn same_kind_counts_only_records_of_the_violations_kind() {
    let p = policy_toml(
        r#"
[[rules]]
name = "kind"
kind = "*"
counts = "same_kind"
window = { unit = "days", amount = 90 }
steps = [{ at = 1, measures = ["criticism_education"] }, { at = 2, measures = [{ measure = "public_criticism", level = 2 }] }]
"#,
    )
    .unwrap();
    let other = PriorRecord {
        kind: "late_delivery".into(),
        ..record("V-x", "s-clerk", "2026-03-01T09:00:00+08:00")
    };
    let same = record("V-y", "s-clerk", "2026-03-01T10:00:00+08:00");
    let v = violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00");
    let one = propose(&p, &v, std::slice::from_ref(&other), v.at).unwrap();
    assert_eq!(one.count, 1);
    let two = propose(&p, &v, &[other, same], v.at).unwrap();
    assert_eq!(two.count, 2);
    assert_eq!(two.outcome.person_points, 20);
}

// ---- Rule choice ----------------------------------------------------------------------------------

#[test]
fn the_most_specific_rule_answers_kind_and_severity_then_kind_then_star() {
    let p = policy_toml(
        r#"
[[rules]]
name = "star"
kind = "*"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["criticism_education"] }]
[[rules]]
name = "star-grave"
kind = "*"
severity = "grave"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["demerit"] }]
[[rules]]
name = "overdue"
kind = "decision_overdue"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["written_self_criticism"] }]
[[rules]]
name = "overdue-grave"
kind = "decision_overdue"
severity = "grave"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["major_demerit"] }]
"#,
    )
    .unwrap();
    let rule = |kind: &str, sev| {
        let mut v = violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00");
        v.kind = kind.into();
        v.severity = sev;
        propose(&p, &v, &[], v.at).unwrap().rule
    };
    assert_eq!(rule("decision_overdue", Severity::Grave), "overdue-grave");
    assert_eq!(rule("decision_overdue", Severity::Minor), "overdue");
    assert_eq!(rule("late_delivery", Severity::Grave), "star-grave");
    assert_eq!(rule("late_delivery", Severity::Serious), "star");
}

#[test]
fn a_violation_no_rule_answers_is_not_found() {
    let p = policy_toml(
        r#"
[[rules]]
name = "overdue"
kind = "decision_overdue"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["criticism_education"] }]
"#,
    )
    .unwrap();
    let mut v = violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00");
    v.kind = "complaint_substantiated".into();
    let e = propose(&p, &v, &[], v.at).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(
        (e.field(), e.value()),
        (Some("violation.kind"), Some("complaint_substantiated"))
    );
}

#[test]
fn a_proposal_before_its_violation_is_refused() {
    let v = violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00");
    let e = propose(&LadderPolicy::county(), &v, &[], t("2026-03-01T00:00:00Z")).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::InvalidState, Some("as_of")));
}

#[test]
fn the_derivation_reads_in_order_rule_count_step_points() {
    let county = LadderPolicy::county();
    let history = [record("V-0", "s-clerk", "2026-01-15T09:00:00+08:00")];
    let p = propose(
        &county,
        &violation("V-1", "s-clerk", "2026-06-02T10:00:00+08:00"),
        &history,
        t("2026-06-03T00:00:00Z"),
    )
    .unwrap();
    let text: Vec<String> = p.derivation.iter().map(SanctionReason::describe).collect();
    assert_eq!(
        text,
        vec![
            "rule `county-annual` answers a `decision_overdue` violation of severity ordinary (every kind (`*`), any severity)",
            "`county-annual` counts prior accountabilities from 2026-01-01 to before 2027-01-01: 1 (V-0), so this is number 2",
            "`county-annual`: count 2 falls in the step for 2..3: loss_of_bonus, no_award_that_year; unit points 0",
        ]
    );
}

// ---- Points and formal sanctions ------------------------------------------------------------------

#[test]
fn the_default_points_table_is_the_documents_table() {
    let t = PointsTable::default();
    let p = |m: Measure| t.points(m.into());
    assert_eq!(
        [
            p(Measure::ReminderTalk),
            p(Measure::EfficiencyWarning),
            p(Measure::CriticismEducation)
        ],
        [3, 3, 3]
    );
    assert_eq!(p(Measure::WrittenSelfCriticism), 5);
    let levels: Vec<u32> = (1..=4)
        .map(|l| t.points(MeasureSpec::with_level(Measure::PublicCriticism, l)))
        .collect();
    assert_eq!(levels, [10, 20, 30, 50]);
    assert_eq!([p(Measure::AdmonishmentTalk), p(Measure::Suspension)], [30, 30]);
    assert_eq!([p(Measure::Demotion), p(Measure::Removal)], [40, 40]);
}

#[test]
fn a_formal_sanction_runs_its_months_from_the_decisions_local_date_and_expulsion_has_no_end() {
    let p = policy_toml(
        r#"
[[rules]]
name = "grave"
kind = "*"
window = { unit = "calendar_year" }
steps = [{ at = 1, measures = ["warning"] }, { at = 2, measures = ["expulsion"] }]
"#,
    )
    .unwrap();
    let v = violation("V-1", "s-clerk", "2026-08-31T10:00:00+08:00");
    let prop = propose(&p, &v, &[], v.at).unwrap();
    // 2026-08-31T23:30+08:00 is the 31st locally (15:30 UTC); six months on is 28 February.
    let c = confirm(&p, &prop, "2026-08-31T23:30:00+08:00");
    assert_eq!(
        c.formal,
        Some(FormalTerm {
            sanction: Measure::Warning,
            from: d(2026, 8, 31),
            until: Some(d(2027, 2, 28))
        })
    );
    assert_eq!(c.filing().period_end, Some(d(2027, 2, 28)));
    let history = [c.prior_record().unwrap()];
    let v2 = violation("V-2", "s-clerk", "2026-10-01T10:00:00+08:00");
    let prop2 = propose(&p, &v2, &history, v2.at).unwrap();
    let c2 = confirm(&p, &prop2, "2026-10-02T10:00:00+08:00");
    assert_eq!(c2.formal.unwrap().until, None);
    assert!(c2.formal.unwrap().in_effect(d(2099, 1, 1)));
}

// ---- Decisions ------------------------------------------------------------------------------------

fn first_proposal() -> (LadderPolicy, Proposal) {
    let county = LadderPolicy::county();
    let v = violation("V-1", "s-clerk", "2026-03-02T10:00:00+08:00");
    let p = propose(&county, &v, &[], t("2026-03-02T12:00:00+08:00")).unwrap();
    (county, p)
}

fn change(reason: &str, measures: Vec<MeasureSpec>) -> Decision {
    Decision::Change {
        by: "s-sup".into(),
        at: t("2026-03-05T10:00:00+08:00"),
        reason: reason.into(),
        measures,
        effects: None,
        unit_points: None,
    }
}

#[test]
fn a_change_without_a_reason_is_refused() {
    let (county, p) = first_proposal();
    for reason in ["", "  \n"] {
        let e = decide(&county, &p, &change(reason, vec![Measure::CriticismEducation.into()])).unwrap_err();
        assert_eq!((e.code(), e.field()), (ErrorCode::InvalidInput, Some("reason")));
    }
}

#[test]
fn a_change_records_its_reason_and_the_points_follow_the_new_measures() {
    let (county, p) = first_proposal();
    let c = decide(
        &county,
        &p,
        &change(
            "first offence, promptly corrected",
            vec![Measure::CriticismEducation.into()],
        ),
    )
    .unwrap();
    assert!(c.changed);
    assert_eq!(c.reason.as_deref(), Some("first offence, promptly corrected"));
    assert_eq!(c.outcome.measures, vec![Measure::CriticismEducation.into()]);
    assert_eq!(c.outcome.person_points, 3);
    assert_eq!(c.outcome.effects, p.outcome.effects);
    assert_eq!(c.proposed, p.outcome);
    assert!(c.filing().changed);
}

#[test]
fn a_change_that_decides_what_was_proposed_is_refused() {
    let (county, p) = first_proposal();
    let e = decide(&county, &p, &change("same", p.outcome.measures.clone())).unwrap_err();
    assert_eq!(e.field(), Some("measures"));
}

#[test]
fn a_change_to_an_invalid_measure_list_is_refused() {
    let (county, p) = first_proposal();
    let e = decide(
        &county,
        &p,
        &change("why", vec![Measure::Warning.into(), Measure::Demerit.into()]),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("measures[1]"));
    let e = decide(&county, &p, &change("why", vec![Measure::PublicCriticism.into()])).unwrap_err();
    assert_eq!(e.field(), Some("measures[0]"));
}

#[test]
fn a_confirmation_takes_the_proposal_as_it_is_with_an_optional_note() {
    let (county, p) = first_proposal();
    let c = decide(
        &county,
        &p,
        &Decision::Confirm {
            by: "s-sup".into(),
            at: t("2026-03-03T09:00:00+08:00"),
            note: Some("read to the person".into()),
        },
    )
    .unwrap();
    assert!(!c.changed);
    assert_eq!(c.outcome, p.outcome);
    assert_eq!(c.note.as_deref(), Some("read to the person"));
    assert_eq!(c.reason, None);
}

#[test]
fn a_decision_that_holds_nothing_is_filed_but_not_counted_later() {
    let (county, p) = first_proposal();
    let none = Decision::Change {
        by: "s-sup".into(),
        at: t("2026-03-05T10:00:00+08:00"),
        reason: "the delay was the applicant's".into(),
        measures: vec![],
        effects: Some(vec![]),
        unit_points: None,
    };
    let c = decide(&county, &p, &none).unwrap();
    assert!(c.outcome.holds_nothing());
    assert_eq!(c.prior_record(), None);
    assert!(!award_blocked(std::slice::from_ref(&c), "s-clerk", 2026));
    let s = filing_stats(&[c.filing()], d(2026, 3, 1), d(2026, 4, 1)).unwrap();
    assert_eq!((s.filings, s.by_measure.len()), (1, 0));
}

#[test]
fn a_decision_before_its_proposal_or_by_nobody_is_refused() {
    let (county, p) = first_proposal();
    let early = Decision::Confirm {
        by: "s-sup".into(),
        at: t("2026-03-02T11:00:00+08:00"),
        note: None,
    };
    assert_eq!(decide(&county, &p, &early).unwrap_err().code(), ErrorCode::InvalidState);
    let nobody = Decision::Confirm {
        by: " ".into(),
        at: t("2026-03-03T11:00:00+08:00"),
        note: None,
    };
    assert_eq!(decide(&county, &p, &nobody).unwrap_err().field(), Some("by"));
}

#[test]
fn awards_are_barred_only_by_a_confirmed_sanction() {
    let (county, p) = first_proposal();
    assert_eq!(p.outcome.no_award_year(), Some(2026));
    assert!(!award_blocked(&[], "s-clerk", 2026));
    let c = confirm(&county, &p, "2026-03-03T09:00:00+08:00");
    assert!(award_blocked(std::slice::from_ref(&c), "s-clerk", 2026));
    assert!(!award_blocked(std::slice::from_ref(&c), "s-clerk", 2027));
    assert!(!award_blocked(&[c], "s-clerk2", 2026));
}

// ---- Filing ---------------------------------------------------------------------------------------

#[test]
fn filing_periods_are_half_open_on_local_dates() {
    let county = LadderPolicy::county();
    let v = violation("V-1", "s-clerk", "2026-01-10T10:00:00+08:00");
    let p = propose(&county, &v, &[], v.at).unwrap();
    // 23:59 +08:00 on 31 January is in January; 00:00 +08:00 on 1 February (16:00 UTC on 31 January) is not.
    let jan = confirm(&county, &p, "2026-01-31T23:59:00+08:00").filing();
    let feb = confirm(&county, &p, "2026-02-01T00:00:00+08:00").filing();
    assert_eq!((jan.decided_on, feb.decided_on), (d(2026, 1, 31), d(2026, 2, 1)));
    let filings = [jan, feb];
    let s = filing_stats(&filings, d(2026, 1, 1), d(2026, 2, 1)).unwrap();
    assert_eq!(s.filings, 1);
    let s = filing_stats(&filings, d(2026, 2, 1), d(2026, 3, 1)).unwrap();
    assert_eq!(s.filings, 1);
    assert_eq!(filing_stats(&filings, d(2026, 1, 1), d(2026, 1, 1)).unwrap().filings, 0);
    let e = filing_stats(&filings, d(2026, 2, 1), d(2026, 1, 1)).unwrap_err();
    assert_eq!(e.field(), Some("period_end"));
}

#[test]
fn the_filing_report_counts_per_unit_and_per_measure() {
    let county = LadderPolicy::county();
    let mut filings = Vec::new();
    let mut history = Vec::new();
    for (k, (person, unit)) in [
        ("s-clerk", "amr"),
        ("s-fire", "fire"),
        ("s-clerk", "amr"),
        ("s-clerk", "amr"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut v = violation(&format!("V-{k}"), person, &format!("2026-05-0{}T10:00:00+08:00", k + 1));
        v.unit = unit.into();
        let p = propose(&county, &v, &history, v.at).unwrap();
        let c = confirm(&county, &p, &format!("2026-05-0{}T11:00:00+08:00", k + 1));
        history.extend(c.prior_record());
        filings.push(c.filing());
    }
    let s = filing_stats(&filings, d(2026, 5, 1), d(2026, 6, 1)).unwrap();
    assert_eq!(s.filings, 4);
    let amr = &s.by_unit["amr"];
    assert_eq!((amr.filings, amr.unit_head_accountable), (3, 1));
    assert_eq!(amr.by_measure.get(&Measure::WrittenSelfCriticism), Some(&1));
    assert_eq!(amr.by_measure.get(&Measure::Suspension), Some(&1));
    assert_eq!(s.by_unit["fire"].filings, 1);
    assert_eq!(s.by_measure.get(&Measure::WrittenSelfCriticism), Some(&2));
}

// ---- Validation -----------------------------------------------------------------------------------

fn field_of(e: &crate::Error) -> (ErrorCode, String, String) {
    (
        e.code(),
        e.field().unwrap_or("").to_string(),
        e.value().unwrap_or("").to_string(),
    )
}

#[test]
fn an_unknown_measure_is_refused_naming_its_path() {
    let e = policy_toml(&ANY_RULE.replace("criticism_education", "flogging")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert_eq!(e.field(), Some("rules[0].steps[0].measures[0]"));
    assert!(e.reason().contains("unknown variant `flogging`"), "{}", e.reason());
    let e = policy_toml(&format!("{ANY_RULE}\n[points.measures]\nflogging = 3\n")).unwrap_err();
    assert_eq!(e.field(), Some("points.measures"));
}

#[test]
fn unknown_fields_are_refused() {
    let e = policy_toml(&ANY_RULE.replace("kind = \"*\"", "kind = \"*\"\ncolour = \"red\"")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    let e = policy_toml(&ANY_RULE.replace(
        "measures = [\"criticism_education\"]",
        "measures = [{ measure = \"criticism_education\", size = 1 }]",
    ))
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
}

#[test]
fn count_steps_must_go_up_and_never_overlap() {
    let steps = |s: &str| {
        policy_toml(&format!(
            "[[rules]]\nname = \"r\"\nkind = \"*\"\nwindow = {{ unit = \"calendar_year\" }}\nsteps = {s}\n"
        ))
    };
    let e = steps(r#"[{ at = 2, measures = ["criticism_education"] }, { at = 1, measures = ["suspension"] }]"#)
        .unwrap_err();
    assert_eq!(
        field_of(&e),
        (ErrorCode::InvalidInput, "rules[0].steps[1].at".into(), "1".into())
    );
    let e = steps(r#"[{ at = 2, measures = ["criticism_education"] }, { at = 2, measures = ["suspension"] }]"#)
        .unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[1].at");
    let e = steps(r#"[{ at = 0, measures = ["criticism_education"] }]"#).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[0].at");
    let e = steps("[]").unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps");
    let e = steps("[{ at = 1 }]").unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[0]");
}

#[test]
fn a_window_of_zero_or_a_calendar_window_with_an_amount_is_refused() {
    let e =
        policy_toml(&ANY_RULE.replace("{ unit = \"calendar_year\" }", "{ unit = \"days\", amount = 0 }")).unwrap_err();
    assert_eq!(
        field_of(&e),
        (ErrorCode::InvalidInput, "rules[0].window.amount".into(), "0".into())
    );
    let e = policy_toml(&ANY_RULE.replace("{ unit = \"calendar_year\" }", "{ unit = \"months\" }")).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].window.amount");
    let e = policy_toml(&ANY_RULE.replace(
        "{ unit = \"calendar_year\" }",
        "{ unit = \"calendar_year\", amount = 1 }",
    ))
    .unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].window.amount");
    let e = policy_toml(&ANY_RULE.replace("{ unit = \"calendar_year\" }", "{ unit = \"months\", amount = 5000 }"))
        .unwrap_err();
    assert_eq!(field_of(&e).2, "5000");
}

#[test]
fn rule_names_are_unique_and_one_rule_answers_each_kind_and_severity() {
    let e = policy_toml(&format!("{ANY_RULE}{ANY_RULE}")).unwrap_err();
    assert_eq!(
        field_of(&e),
        (ErrorCode::InvalidInput, "rules[1].name".into(), "any".into())
    );
    let e = policy_toml(&format!(
        "{ANY_RULE}{}",
        ANY_RULE.replace("name = \"any\"", "name = \"other\"")
    ))
    .unwrap_err();
    assert_eq!(
        field_of(&e),
        (ErrorCode::InvalidInput, "rules[1].kind".into(), "*".into())
    );
    let e = policy_toml(&ANY_RULE.replace("kind = \"*\"", "kind = \" \"")).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].kind");
    let e = policy_toml("rules = []").unwrap_err();
    assert_eq!(field_of(&e).1, "rules");
}

#[test]
fn measures_in_a_step_are_checked() {
    let with = |m: &str| policy_toml(&ANY_RULE.replace("[\"criticism_education\"]", m));
    let e = with(r#"["public_criticism"]"#).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[0].measures[0]");
    let e = with(r#"[{ measure = "public_criticism", level = 5 }]"#).unwrap_err();
    assert_eq!(
        field_of(&e),
        (
            ErrorCode::InvalidInput,
            "rules[0].steps[0].measures[0].level".into(),
            "5".into()
        )
    );
    let e = with(r#"[{ measure = "suspension", level = 1 }]"#).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[0].measures[0].level");
    let e = with(r#"["warning", "demerit"]"#).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[0].measures[1]");
    let e = with(r#"["suspension", "suspension"]"#).unwrap_err();
    assert_eq!(field_of(&e).1, "rules[0].steps[0].measures[1]");
    assert!(with(r#"[{ measure = "public_criticism", level = 4 }, "demerit"]"#).is_ok());
}

#[test]
fn the_points_table_is_checked() {
    let e = policy_toml(&format!("{ANY_RULE}\n[points]\npublic_criticism = []\n")).unwrap_err();
    assert_eq!(field_of(&e).1, "points.public_criticism");
    let e = policy_toml(&format!("{ANY_RULE}\n[points.measures]\npublic_criticism = 3\n")).unwrap_err();
    assert_eq!(field_of(&e).1, "points.measures.public_criticism");
    let p = policy_toml(&format!("{ANY_RULE}\n[points.measures]\ncriticism_education = 7\n")).unwrap();
    assert_eq!(p.points.points(Measure::CriticismEducation.into()), 7);
    assert_eq!(p.points.points(Measure::Suspension.into()), 0);
    assert_eq!(p.points.public_criticism, [10, 20, 30, 50]);
}

#[test]
fn escalations_are_checked_like_rules() {
    let e = policy_toml(&format!(
        "{ANY_RULE}\n[[escalations]]\nname = \"any\"\nmeasure = \"efficiency_warning\"\nwindow = {{ unit = \"calendar_year\" }}\nsteps = [{{ at = 2, measures = [\"admonishment_talk\"] }}]\n"
    ))
    .unwrap_err();
    assert_eq!(field_of(&e).1, "escalations[0].name");
}

// ---- Serde ------------------------------------------------------------------------------------------

#[test]
fn the_presets_read_back_from_their_json_and_their_toml() {
    for p in [LadderPolicy::county(), LadderPolicy::monthly_warning()] {
        assert_eq!(LadderPolicy::from_json(&p.to_json()).unwrap(), p);
    }
}

#[test]
fn proposals_decisions_confirmations_filings_and_reports_round_trip_through_json() {
    fn rt<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
    }
    let m = LadderPolicy::monthly_warning();
    let history = [
        warning_record("V-w", "s-clerk", "2026-02-20T09:00:00+08:00"),
        record("V-0", "s-clerk", "2026-04-01T09:00:00+08:00"),
        record("V-1", "s-clerk", "2026-04-10T09:00:00+08:00"),
    ];
    let p = propose(
        &m,
        &violation("V-2", "s-clerk", "2026-04-20T10:00:00+08:00"),
        &history,
        t("2026-04-21T00:00:00Z"),
    )
    .unwrap();
    rt(&p);
    for h in &history {
        rt(h);
    }
    let decisions = [
        Decision::Confirm {
            by: "s-sup".into(),
            at: t("2026-04-22T00:00:00Z"),
            note: Some("n".into()),
        },
        Decision::Change {
            by: "s-sup".into(),
            at: t("2026-04-22T00:00:00Z"),
            reason: "r".into(),
            measures: vec![
                MeasureSpec::with_level(Measure::PublicCriticism, 2),
                Measure::Demerit.into(),
            ],
            effects: Some(vec![]),
            unit_points: Some(2),
        },
    ];
    let mut filings = Vec::new();
    for dec in &decisions {
        rt(dec);
        let c = decide(&m, &p, dec).unwrap();
        rt(&c);
        rt(&c.filing());
        filings.push(c.filing());
    }
    rt(&filing_stats(&filings, d(2026, 4, 1), d(2026, 5, 1)).unwrap());
    let json = serde_json::to_value(&decisions[1]).unwrap();
    assert_eq!(json["type"], "change");
    assert_eq!(
        json["measures"][0],
        serde_json::json!({"measure": "public_criticism", "level": 2})
    );
    assert_eq!(json["measures"][1], "demerit");
    assert_eq!(
        serde_json::to_value(&p).unwrap()["derivation"][0]["type"],
        "rule_matched"
    );
}

#[test]
fn measure_names_and_labels_are_distinct() {
    let mut names: Vec<&str> = Measure::ALL.iter().map(|m| m.as_str()).collect();
    let mut labels: Vec<&str> = Measure::ALL.iter().map(|m| m.label_zh()).collect();
    names.sort_unstable();
    names.dedup();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!((names.len(), labels.len()), (Measure::ALL.len(), Measure::ALL.len()));
    for m in Measure::ALL {
        assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        assert_eq!(m.period_months().is_some() || *m == Measure::Expulsion, m.is_formal());
    }
    fn round_trip<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + std::str::FromStr<Err = crate::Error>
            + serde::Serialize
            + serde::de::DeserializeOwned,
    {
        for &v in all {
            let name = as_str(v);
            assert_eq!(serde_json::to_value(v).unwrap(), name);
            assert_eq!(name.parse::<T>().unwrap(), v);
            assert_eq!(serde_json::from_value::<T>(serde_json::json!(name)).unwrap(), v);
        }
    }
    round_trip(Measure::ALL, Measure::as_str);
    round_trip(Severity::ALL, Severity::as_str);
    round_trip(SanctionEffect::ALL, SanctionEffect::as_str);
    round_trip(LadderCounts::ALL, LadderCounts::as_str);
    round_trip(WindowUnit::ALL, WindowUnit::as_str);
    assert_eq!(Measure::EfficiencyWarning.label_zh(), "效能告诫");
    assert_eq!(Measure::DismissalFromPost.period_months(), Some(24));
}

// ---- Properties -------------------------------------------------------------------------------------

const PEOPLE: [&str; 3] = ["s-clerk", "s-clerk2", "s-fire"];
const KINDS: [&str; 3] = ["decision_overdue", "late_delivery", "complaint_substantiated"];

/// An instant in 2025-2027, to the minute.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..3 * 366 * 24 * 60).prop_map(|m| t("2025-01-01T00:00:00+08:00") + chrono::Duration::minutes(m))
}

fn prior() -> impl Strategy<Value = PriorRecord> {
    (0usize..40, 0usize..3, 0usize..3, instant(), any::<bool>()).prop_map(|(id, p, k, at, warned)| PriorRecord {
        id: format!("R-{id}"),
        person: PEOPLE[p].into(),
        kind: KINDS[k].into(),
        measures: if warned {
            vec![Measure::EfficiencyWarning.into()]
        } else {
            vec![]
        },
        confirmed_at: at,
    })
}

fn facts() -> impl Strategy<Value = ViolationFacts> {
    (0usize..3, 0usize..3, 0usize..4, instant()).prop_map(|(p, k, s, at)| ViolationFacts {
        id: "V-now".into(),
        kind: KINDS[k].into(),
        severity: Severity::ALL[s],
        person: PEOPLE[p].into(),
        unit: ["amr", "fire"][p / 2].into(),
        unit_head: "s-head".into(),
        at,
    })
}

fn policies() -> Vec<LadderPolicy> {
    let mut rolling = LadderPolicy::county();
    rolling.rules[0].window = LadderWindow {
        unit: WindowUnit::Days,
        amount: Some(45),
    };
    rolling.rules[0].counts = LadderCounts::SameKind;
    vec![LadderPolicy::county(), LadderPolicy::monthly_warning(), rolling]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_derivation_always_names_the_matched_rule_and_the_records_it_counted(
        history in prop::collection::vec(prior(), 0..25),
        v in facts(),
        lag in 0i64..500_000,
        which in 0usize..3,
    ) {
        let policy = &policies()[which];
        let as_of = v.at + chrono::Duration::minutes(lag);
        let p = propose(policy, &v, &history, as_of).unwrap();
        let matched = matches!(&p.derivation[0], SanctionReason::RuleMatched { rule, .. } if *rule == p.rule);
        prop_assert!(matched, "{:?}", p.derivation);
        prop_assert!(policy.rules.iter().any(|r| r.name == p.rule));
        let Some(SanctionReason::Counted { rule, records, count, .. }) = p.derivation.get(1) else {
            return Err(TestCaseError::fail("the second reason is the count"));
        };
        prop_assert_eq!(rule, &p.rule);
        prop_assert_eq!(*count, p.count);
        prop_assert_eq!(records.len() as u32 + 1, p.count);
        for id in records {
            let known = history.iter().any(|r| &r.id == id && r.person == v.person && r.confirmed_at <= as_of);
            prop_assert!(known, "{}", id);
        }
        // Deterministic: the same arguments, the same proposal.
        prop_assert_eq!(propose(policy, &v, &history, as_of).unwrap(), p);
    }

    #[test]
    fn the_step_chosen_never_goes_down_as_the_count_goes_up(
        history in prop::collection::vec(prior(), 0..25),
        v in facts(),
        which in 0usize..3,
        extra in 0usize..40,
    ) {
        let policy = &policies()[which];
        let as_of = v.at;
        let before = propose(policy, &v, &history, as_of).unwrap();
        // One more record of the person, of the violation's kind, confirmed on the violation's day.
        let mut more = history.clone();
        more.push(PriorRecord {
            id: format!("X-{extra}"),
            person: v.person.clone(),
            kind: v.kind.clone(),
            measures: vec![],
            confirmed_at: v.at,
        });
        let after = propose(policy, &v, &more, as_of).unwrap();
        prop_assert_eq!(after.count, before.count + 1);
        prop_assert!(chosen_at(&after, &after.rule).unwrap_or(0) >= chosen_at(&before, &before.rule).unwrap_or(0));
    }

    #[test]
    fn filings_count_the_confirmed_decisions_and_nothing_takes_effect_without_one(
        cases in prop::collection::vec((facts(), 0u8..5, 1i64..20_000), 1..20),
    ) {
        let policy = LadderPolicy::county();
        let mut confirmed = Vec::new();
        let mut history = Vec::new();
        let mut proposals = Vec::new();
        for (k, (mut v, choice, lag)) in cases.into_iter().enumerate() {
            v.id = format!("V-{k}");
            let p = propose(&policy, &v, &history, v.at).unwrap();
            let at = v.at + chrono::Duration::minutes(lag);
            let decision = match choice {
                0 => None,
                1 => Some(Decision::Confirm { by: "s-sup".into(), at, note: None }),
                2 => Some(Decision::Change { by: "s-sup".into(), at, reason: "why".into(),
                    measures: vec![Measure::ReminderTalk.into()], effects: Some(vec![]), unit_points: None }),
                3 => Some(Decision::Change { by: "s-sup".into(), at, reason: "".into(),
                    measures: vec![], effects: None, unit_points: None }),
                _ => Some(Decision::Change { by: "s-sup".into(), at, reason: "not at fault".into(),
                    measures: vec![], effects: Some(vec![]), unit_points: Some(0) }),
            };
            let result = decision.map(|d| decide(&policy, &p, &d));
            match (choice, result) {
                (0, None) => {}
                (1 | 2 | 4, Some(Ok(c))) => {
                    history.extend(c.prior_record());
                    confirmed.push(c);
                }
                (3, Some(Err(e))) => prop_assert_eq!(e.field(), Some("reason")),
                (c, r) => return Err(TestCaseError::fail(format!("choice {c}: {r:?}"))),
            }
            proposals.push(p);
        }
        let filings: Vec<Filing> = confirmed.iter().map(Confirmed::filing).collect();
        let s = filing_stats(&filings, d(2024, 1, 1), d(2029, 1, 1)).unwrap();
        prop_assert_eq!(s.filings as usize, confirmed.len());
        prop_assert_eq!(s.by_unit.values().map(|u| u.filings).sum::<u32>(), s.filings);
        // Every award bar comes from a confirmation; a proposal alone bars nothing.
        for person in PEOPLE {
            for year in 2025..=2027 {
                let barred = award_blocked(&confirmed, person, year);
                let by_decision = confirmed.iter().any(|c| c.violation.person == person
                    && c.outcome.no_award_year() == Some(year));
                prop_assert_eq!(barred, by_decision);
                prop_assert!(!award_blocked(&[], person, year));
            }
        }
        // Only confirmations that hold something are counted later: an undecided proposal, or a
        // decision to hold the person not accountable, leaves no record.
        for p in &proposals {
            let decided = confirmed.iter().any(|c| c.violation.id == p.violation.id && !c.outcome.holds_nothing());
            prop_assert_eq!(history.iter().any(|r| r.id == p.violation.id), decided);
        }
    }
}

// ---- The docs -------------------------------------------------------------------------------------

#[test]
fn the_example_ladder_in_docs_policy_md_reads() {
    let doc = include_str!("../../docs/policy.md");
    let section = &doc[doc.find("## Sanction ladder").unwrap()..];
    let start = section.find("```toml\n").unwrap() + 8;
    let end = start + section[start..].find("```").unwrap();
    let p = LadderPolicy::from_toml(&section[start..end]).unwrap();
    assert_eq!(p.rules, LadderPolicy::county().rules);
    assert_eq!(p.escalations, LadderPolicy::monthly_warning().escalations);
}

#[test]
fn every_test_the_rulebook_names_for_the_ladder_exists() {
    let doc = include_str!("../../docs/rules.md");
    let start = doc.find("### Sanction ladder and filing").unwrap();
    let end = start + 1 + doc[start + 1..].find("\n### ").unwrap();
    let this = include_str!("tests.rs");
    let names: Vec<&str> = doc[start..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| {
            n.len() > 30
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        assert!(
            this.contains(&format!("fn {name}(")),
            "docs/rules.md names `{name}`, which is no test here"
        );
    }
}
