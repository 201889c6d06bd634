//! The rules of inspection draws and feedback sampling (docs/rules.md, "Inspection draws and feedback
//! sampling"): one test per rule, and property tests for the invariants.

use std::collections::{BTreeMap, HashMap, HashSet};

use proptest::prelude::*;
use xiaoneng::draw::{
    canonical_form, coverage, inspection_plan, sample, verify_plan, CoverageRequest, InspectionPlan, InspectionRequest,
    InspectorEntry, PeriodKind, PlanCheck, SampleRequest, UnitEntry,
};
use xiaoneng::ErrorCode;

/// The county's units (tests/fixtures/county-org.json) in strata, and its staff as inspectors.
const COUNTY: &str = r#"{
  "units": [
    {"id": "amr", "stratum": "high"},
    {"id": "fire", "stratum": "high", "exclude_inspectors": ["s-sup"]},
    {"id": "hall", "stratum": "medium"},
    {"id": "gov", "stratum": "low"},
    {"id": "eff", "stratum": "low"}
  ],
  "inspectors": [
    {"id": "s-sup", "unit": "eff"},
    {"id": "s-rev", "unit": "amr"},
    {"id": "s-rev2", "unit": "amr"},
    {"id": "s-fire", "unit": "fire"},
    {"id": "s-hall", "unit": "hall"},
    {"id": "s-gov-head", "unit": "gov"}
  ],
  "strata": {"high": 2, "medium": 1, "low": 1},
  "team_size": 2,
  "inspected_last_period": ["eff"]
}"#;

/// The seed the cross-surface tests use (C tests/c/test_draw.c, Python python/tests/test_draw.py).
const SEED: u64 = 20261001;

fn county() -> InspectionRequest {
    InspectionRequest::from_json(COUNTY).unwrap()
}

fn ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("T-{i:02}")).collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A generated request: `units` units in 3 strata, `inspectors` inspectors spread over the units and an
/// outside office, some exclusions, some units inspected last period.
fn generated(units: usize, inspectors: usize, team: u32, salt: usize) -> InspectionRequest {
    let strata = ["high", "medium", "low"];
    let unit_entries: Vec<UnitEntry> = (0..units)
        .map(|i| UnitEntry {
            id: format!("u{i:03}"),
            stratum: strata[i % 3].to_string(),
            exclude_inspectors: if (i + salt).is_multiple_of(4) && inspectors > 0 {
                vec![format!("x{:03}", (i * 7 + salt) % inspectors)]
            } else {
                vec![]
            },
        })
        .collect();
    let last: Vec<String> = (0..units)
        .filter(|i| (i + salt).is_multiple_of(5))
        .map(|i| format!("u{i:03}"))
        .collect();
    let mut strata_counts = BTreeMap::new();
    for (k, s) in strata.iter().enumerate() {
        let in_stratum = (0..units)
            .filter(|i| i % 3 == k && !(i + salt).is_multiple_of(5))
            .count();
        strata_counts.insert(s.to_string(), (in_stratum / 2) as u32);
    }
    InspectionRequest {
        units: unit_entries,
        inspectors: (0..inspectors)
            .map(|i| InspectorEntry {
                id: format!("x{i:03}"),
                unit: if i % 3 == 0 {
                    "office".into()
                } else {
                    format!("u{:03}", (i * 11 + salt) % units.max(1))
                },
            })
            .collect(),
        strata: strata_counts,
        team_size: team,
        inspected_last_period: last,
    }
}

/// Every rule a plan must keep; panics naming the broken one.
fn check_plan(request: &InspectionRequest, plan: &InspectionPlan) {
    let own: HashMap<&str, &str> = request
        .inspectors
        .iter()
        .map(|x| (x.id.as_str(), x.unit.as_str()))
        .collect();
    let units: HashMap<&str, &UnitEntry> = request.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let last: HashSet<&str> = request.inspected_last_period.iter().map(String::as_str).collect();
    let mut per_stratum: BTreeMap<&str, u32> = BTreeMap::new();
    let mut load: HashMap<&str, usize> = HashMap::new();
    for a in &plan.assignments {
        let u = units[a.unit.as_str()];
        assert!(!last.contains(a.unit.as_str()), "{} was inspected last period", a.unit);
        *per_stratum.entry(u.stratum.as_str()).or_default() += 1;
        assert_eq!(a.inspectors.len(), request.team_size as usize, "team of {}", a.unit);
        let distinct: HashSet<&String> = a.inspectors.iter().collect();
        assert_eq!(distinct.len(), a.inspectors.len(), "an inspector twice on {}", a.unit);
        for x in &a.inspectors {
            assert_ne!(own[x.as_str()], a.unit, "{x} inspects their own unit");
            assert!(!u.exclude_inspectors.contains(x), "{x} is excluded by {}", a.unit);
            *load.entry(x.as_str()).or_default() += 1;
        }
    }
    for (s, n) in &request.strata {
        assert_eq!(per_stratum.get(s.as_str()).copied().unwrap_or(0), *n, "stratum {s}");
    }
    let total = plan.assignments.len() * request.team_size as usize;
    if total > 0 {
        let limit = total.div_ceil(request.inspectors.len());
        assert!(load.values().all(|&l| l <= limit), "load above {limit}");
    }
    let mut sorted = plan.assignments.clone();
    sorted.sort_by(|a, b| a.unit.cmp(&b.unit));
    assert_eq!(sorted, plan.assignments, "assignments sorted by unit");
}

// ---------------------------------------------------------------------------------------------------
// Feedback sampling
// ---------------------------------------------------------------------------------------------------

#[test]
fn sample_size_is_the_rate_rounded_up() {
    let all = ids(10);
    assert_eq!(sample(1, &refs(&all), 250).unwrap().len(), 3);
    assert_eq!(
        sample(1, &refs(&all), 1).unwrap().len(),
        1,
        "at least one when the rate is not 0"
    );
    assert_eq!(sample(1, &refs(&all), 0).unwrap().len(), 0);
    assert_eq!(sample(1, &refs(&all), 1000).unwrap(), all);
    assert!(sample(1, &[], 500).unwrap().is_empty());
}

#[test]
fn sample_is_fixed_by_the_seed_on_every_surface() {
    // The same list is checked from C (tests/c/test_draw.c) and Python (python/tests/test_draw.py).
    assert_eq!(sample(SEED, &refs(&ids(10)), 300).unwrap(), ["T-05", "T-06", "T-09"]);
}

#[test]
fn sample_ignores_the_order_of_the_ids() {
    let all = ids(30);
    let mut shuffled = all.clone();
    shuffled.reverse();
    shuffled.swap(3, 17);
    assert_eq!(
        sample(9, &refs(&all), 200).unwrap(),
        sample(9, &refs(&shuffled), 200).unwrap()
    );
}

#[test]
fn sample_refuses_duplicates_and_rates_above_1000() {
    let e = sample(1, &["a", "b", "a"], 500).unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.value()),
        (ErrorCode::InvalidInput, Some("ids[2]"), Some("a"))
    );
    let e = sample(1, &["a"], 1001).unwrap_err();
    assert_eq!(e.field(), Some("rate_per_mille"));
    let e = SampleRequest::from_json(r#"{"ids": ["a"], "rate_per_mille": 5, "seed": 1}"#).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Parse, Some("seed")));
}

#[test]
fn different_seeds_give_different_samples() {
    let all = ids(50);
    let a = sample(1, &refs(&all), 100).unwrap();
    assert!((2..20).any(|s| sample(s, &refs(&all), 100).unwrap() != a));
}

// ---------------------------------------------------------------------------------------------------
// Inspection plan
// ---------------------------------------------------------------------------------------------------

#[test]
fn plan_is_fixed_by_the_seed_on_every_surface() {
    let plan = inspection_plan(&county(), SEED).unwrap();
    check_plan(&county(), &plan);
    // The same plan and commitment are checked from C and Python.
    let got: Vec<(&str, Vec<&str>)> = plan
        .assignments
        .iter()
        .map(|a| (a.unit.as_str(), a.inspectors.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        got,
        [
            ("amr", vec!["s-hall", "s-sup"]),
            ("fire", vec!["s-gov-head", "s-rev"]),
            ("gov", vec!["s-fire", "s-rev"]),
            ("hall", vec!["s-fire", "s-gov-head"]),
        ]
    );
    assert_eq!(
        plan.commitment,
        "86a8f0856b0c15013450fc067953dbf441fee4aa92956c64a99b265972520570"
    );
}

#[test]
fn an_inspector_never_inspects_their_own_unit() {
    for seed in 0..50 {
        let plan = inspection_plan(&county(), seed).unwrap();
        for a in &plan.assignments {
            for x in &a.inspectors {
                let own = county().inspectors.iter().find(|i| &i.id == x).unwrap().unit.clone();
                assert_ne!(own, a.unit, "seed {seed}");
            }
        }
    }
}

#[test]
fn a_unit_never_gets_an_inspector_it_excludes() {
    for seed in 0..50 {
        let plan = inspection_plan(&county(), seed).unwrap();
        let fire = plan.assignments.iter().find(|a| a.unit == "fire").unwrap();
        assert!(!fire.inspectors.contains(&"s-sup".to_string()), "seed {seed}");
    }
}

#[test]
fn units_inspected_last_period_are_not_drawn() {
    for seed in 0..50 {
        let plan = inspection_plan(&county(), seed).unwrap();
        assert!(plan.assignments.iter().all(|a| a.unit != "eff"), "seed {seed}");
        assert!(
            plan.assignments.iter().any(|a| a.unit == "gov"),
            "the low stratum's only other unit"
        );
    }
}

#[test]
fn each_stratum_gives_its_count() {
    let r = generated(60, 20, 2, 1);
    let plan = inspection_plan(&r, 3).unwrap();
    check_plan(&r, &plan);
    let mut r2 = county();
    r2.strata = BTreeMap::from([("high".to_string(), 1)]);
    let plan = inspection_plan(&r2, 3).unwrap();
    assert_eq!(plan.assignments.len(), 1, "a stratum not named is not drawn from");
    assert_eq!(plan.assignments[0].stratum, "high");
}

#[test]
fn a_stratum_may_be_an_integer() {
    let r = InspectionRequest::from_json(
        r#"{"units": [{"id": "a", "stratum": 1}, {"id": "b", "stratum": "1"}, {"id": "c", "stratum": 2}],
            "inspectors": [{"id": "x", "unit": "o"}], "strata": {"1": 2}, "team_size": 1}"#,
    )
    .unwrap();
    let plan = inspection_plan(&r, 1).unwrap();
    let units: Vec<&str> = plan.assignments.iter().map(|a| a.unit.as_str()).collect();
    assert_eq!(units, ["a", "b"]);
    let e = InspectionRequest::from_json(
        r#"{"units": [{"id": "a", "stratum": 1.5}], "inspectors": [],
        "strata": {}, "team_size": 1}"#,
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Parse, Some("units[0].stratum")));
}

#[test]
fn no_inspector_goes_above_the_balanced_load() {
    // 10 units x 3 = 30 places over 7 inspectors: at most ceil(30 / 7) = 5 each.
    let r = generated(40, 7, 3, 2);
    for seed in 0..20 {
        let plan = inspection_plan(&r, seed).unwrap();
        check_plan(&r, &plan);
    }
}

#[test]
fn a_stratum_asking_too_much_names_the_stratum() {
    let mut r = county();
    r.strata.insert("low".into(), 2);
    let e = inspection_plan(&r, 1).unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.value()),
        (ErrorCode::InvalidInput, Some("strata.low"), Some("2"))
    );
    assert!(e.reason().contains("1 inspected last period"), "{e}");
}

#[test]
fn a_unit_without_enough_eligible_inspectors_is_named() {
    let mut r = county();
    // fire: s-fire is its own, s-sup excluded; exclude all but one of the others.
    r.units[1].exclude_inspectors = vec!["s-sup".into(), "s-rev".into(), "s-rev2".into(), "s-hall".into()];
    let e = inspection_plan(&r, 1).unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.value()),
        (ErrorCode::InvalidInput, Some("units[1]"), Some("fire"))
    );
    assert!(e.reason().contains("only 1 of the 6"), "{e}");
}

#[test]
fn an_infeasible_load_names_the_unit_and_never_loops() {
    // Two units, teams of 2, 4 inspectors (limit 1): a's only eligible are x1 and x2 (x3, x4 are its own),
    // b's too (x3, x4 excluded). Both need x1 and x2: no plan within the limit.
    let r = InspectionRequest::from_json(
        r#"{"units": [{"id": "a", "stratum": "s"}, {"id": "b", "stratum": "s", "exclude_inspectors": ["x3", "x4"]}],
            "inspectors": [{"id": "x1", "unit": "o"}, {"id": "x2", "unit": "o"}, {"id": "x3", "unit": "a"},
                           {"id": "x4", "unit": "a"}],
            "strata": {"s": 2}, "team_size": 2}"#,
    )
    .unwrap();
    let e = inspection_plan(&r, 5).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(matches!(e.field(), Some("units[0]") | Some("units[1]")), "{e}");
    assert!(e.reason().contains("load limit of 1"), "{e}");
}

#[test]
fn exchanges_fill_a_team_the_greedy_draw_could_not() {
    // Three units, teams of 1, three inspectors (limit 1); c may only have x1, so whatever order the
    // draw takes, an exchange must give x1 to c when another unit took it first.
    let r = InspectionRequest::from_json(
        r#"{"units": [{"id": "a", "stratum": "s"}, {"id": "b", "stratum": "s"},
                      {"id": "c", "stratum": "s", "exclude_inspectors": ["x2", "x3"]}],
            "inspectors": [{"id": "x1", "unit": "o"}, {"id": "x2", "unit": "o"}, {"id": "x3", "unit": "o"}],
            "strata": {"s": 3}, "team_size": 1}"#,
    )
    .unwrap();
    for seed in 0..40 {
        let plan = inspection_plan(&r, seed).unwrap();
        check_plan(&r, &plan);
        assert_eq!(plan.assignments[2].inspectors, ["x1"]);
    }
}

#[test]
fn unknown_references_are_named() {
    let mut r = county();
    r.units[2].exclude_inspectors = vec!["s-nobody".into()];
    let e = inspection_plan(&r, 1).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("units[2].exclude_inspectors[0]"))
    );
    let mut r = county();
    r.inspected_last_period.push("nowhere".into());
    let e = inspection_plan(&r, 1).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("inspected_last_period[1]"))
    );
    let mut r = county();
    r.inspectors.push(r.inspectors[0].clone());
    let e = inspection_plan(&r, 1).unwrap_err();
    assert_eq!(e.field(), Some("inspectors[6].id"));
    let mut r = county();
    r.team_size = 0;
    assert_eq!(inspection_plan(&r, 1).unwrap_err().field(), Some("team_size"));
    let e = InspectionRequest::from_json(&COUNTY.replace("\"stratum\": \"high\"}", "\"risk\": \"high\"}")).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Parse, Some("units[0].risk")));
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let r = generated(90, 30, 2, 3);
    assert_eq!(inspection_plan(&r, 77).unwrap(), inspection_plan(&r, 77).unwrap());
}

#[test]
fn different_seeds_give_different_plans() {
    let r = generated(90, 30, 2, 3);
    let a = inspection_plan(&r, 1).unwrap();
    assert!((2..10).any(|s| inspection_plan(&r, s).unwrap().assignments != a.assignments));
    assert_ne!(inspection_plan(&r, 2).unwrap().commitment, a.commitment);
}

#[test]
fn the_order_of_the_inputs_does_not_matter() {
    let r = county();
    let mut shuffled = r.clone();
    shuffled.units.reverse();
    shuffled.inspectors.rotate_left(2);
    shuffled.inspected_last_period.reverse();
    assert_eq!(
        inspection_plan(&r, SEED).unwrap(),
        inspection_plan(&shuffled, SEED).unwrap()
    );
}

#[test]
fn verify_accepts_the_revealed_plan() {
    let r = county();
    let plan = inspection_plan(&r, SEED).unwrap();
    verify_plan(&r, SEED, &plan.assignments, &plan.commitment).unwrap();
    let check = PlanCheck {
        request: r,
        seed: SEED,
        assignments: plan.assignments,
        commitment: plan.commitment,
    };
    PlanCheck::from_json(&serde_json::to_string(&check).unwrap())
        .unwrap()
        .verify()
        .unwrap();
}

#[test]
fn verify_detects_a_tampered_plan_seed_or_commitment() {
    let r = county();
    let plan = inspection_plan(&r, SEED).unwrap();
    // A team changed.
    let mut forged = plan.assignments.clone();
    forged[1].inspectors[0] = "s-sup".into();
    let e = verify_plan(&r, SEED, &forged, &plan.commitment).unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.value()),
        (ErrorCode::Corrupt, Some("assignments[1]"), Some("fire"))
    );
    // A unit left out.
    let e = verify_plan(&r, SEED, &plan.assignments[..3], &plan.commitment).unwrap_err();
    assert_eq!(e.field(), Some("assignments"));
    // Another seed revealed than the one drawn with.
    let e = verify_plan(&r, SEED + 1, &plan.assignments, &plan.commitment).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Corrupt);
    // The request changed after the commitment: the plan may still be the same, the commitment is not.
    let mut r2 = r.clone();
    r2.inspectors.push(InspectorEntry {
        id: "s-zz".into(),
        unit: "zz".into(),
    });
    let again = inspection_plan(&r2, SEED).unwrap();
    let e = verify_plan(&r2, SEED, &again.assignments, &plan.commitment).unwrap_err();
    assert_eq!(e.field(), Some("commitment"));
}

#[test]
fn the_commitment_is_sha256_of_the_canonical_form() {
    use sha2::{Digest, Sha256};
    let r = county();
    let plan = inspection_plan(&r, SEED).unwrap();
    let text = canonical_form(&r, SEED, &plan.assignments);
    assert!(text.starts_with(
        r#"{"v":1,"seed":20261001,"request":{"units":[{"id":"amr","stratum":"high","exclude_inspectors":[]}"#
    ));
    let hex: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hex, plan.commitment);
}

#[test]
fn an_empty_draw_is_an_empty_plan() {
    let r = InspectionRequest::from_json(r#"{"units": [], "inspectors": [], "strata": {}, "team_size": 1}"#).unwrap();
    let plan = inspection_plan(&r, 1).unwrap();
    assert!(plan.assignments.is_empty());
    verify_plan(&r, 1, &[], &plan.commitment).unwrap();
}

// ---------------------------------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------------------------------

fn coverage_request(period: &str, from: &str, to: &str) -> CoverageRequest {
    CoverageRequest::from_json(&format!(
        r#"{{"units": ["fire", "amr"], "inspections": [
            {{"unit": "amr", "date": "2026-01-15"}}, {{"unit": "amr", "date": "2026-04-01"}},
            {{"unit": "fire", "date": "2026-03-31"}}, {{"unit": "fire", "date": "2026-03-01"}}],
            "from": "{from}", "to": "{to}", "period": "{period}", "minimum": 1}}"#
    ))
    .unwrap()
}

#[test]
fn coverage_reports_units_below_the_minimum_per_quarter() {
    let report = coverage(&coverage_request("quarter", "2026-01-01", "2026-12-31")).unwrap();
    let labels: Vec<&str> = report.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    let below: Vec<(&str, &str, u32)> = report
        .below
        .iter()
        .map(|s| (s.unit.as_str(), s.period.as_str(), s.count))
        .collect();
    assert_eq!(
        below,
        [
            ("amr", "2026-Q3", 0),
            ("amr", "2026-Q4", 0),
            ("fire", "2026-Q2", 0),
            ("fire", "2026-Q3", 0),
            ("fire", "2026-Q4", 0),
        ]
    );
}

#[test]
fn coverage_counts_per_calendar_month_and_minimum() {
    let mut r = coverage_request("month", "2026-01-01", "2026-03-31");
    r.minimum = 2;
    let report = coverage(&r).unwrap();
    assert_eq!(report.periods.len(), 3);
    let fire_march = report.below.iter().find(|s| s.unit == "fire" && s.period == "2026-03");
    assert!(fire_march.is_none(), "two inspections in March meet a minimum of 2");
    assert!(report
        .below
        .iter()
        .any(|s| s.unit == "amr" && s.period == "2026-01" && s.count == 1));
}

#[test]
fn coverage_checks_only_whole_periods_in_the_span() {
    let report = coverage(&coverage_request("quarter", "2026-02-01", "2026-09-30")).unwrap();
    let labels: Vec<&str> = report.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["2026-Q2", "2026-Q3"]);
}

#[test]
fn coverage_refuses_bad_input_naming_the_field() {
    let mut r = coverage_request("quarter", "2026-01-01", "2026-12-31");
    r.inspections[2].unit = "nowhere".into();
    assert_eq!(coverage(&r).unwrap_err().field(), Some("inspections[2].unit"));
    let r = coverage_request("quarter", "2026-12-31", "2026-01-01");
    assert_eq!(coverage(&r).unwrap_err().field(), Some("to"));
    let mut r = coverage_request("quarter", "2026-01-01", "2026-12-31");
    r.units.push("amr".into());
    assert_eq!(coverage(&r).unwrap_err().field(), Some("units[2]"));
    let mut r = coverage_request("month", "0001-01-01", "9999-12-31");
    r.period = PeriodKind::Month;
    assert_eq!(coverage(&r).unwrap_err().code(), ErrorCode::OutOfRange);
}

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_feasible_plan_keeps_every_rule(
        units in 0usize..60, inspectors in 1usize..25, team in 1u32..4, salt in 0usize..20, seed: u64,
    ) {
        let r = generated(units, inspectors, team, salt);
        match inspection_plan(&r, seed) {
            Ok(plan) => {
                check_plan(&r, &plan);
                prop_assert!(verify_plan(&r, seed, &plan.assignments, &plan.commitment).is_ok());
            }
            Err(e) => {
                // Refusals name a unit or a stratum, never anything else.
                let field = e.field().unwrap_or("");
                prop_assert!(field.starts_with("units[") || field.starts_with("strata."), "{}", e);
            }
        }
    }

    #[test]
    fn a_refusal_means_no_plan_exists(
        units in 1usize..5, inspectors in 1usize..6, team in 1u32..3,
        excluded in proptest::collection::vec(any::<bool>(), 30), owner in proptest::collection::vec(0usize..6, 6),
        seed: u64,
    ) {
        // Every unit is drawn (one stratum asking for all), so the units drawn do not depend on the seed.
        let r = InspectionRequest {
            units: (0..units)
                .map(|u| UnitEntry {
                    id: format!("u{u}"),
                    stratum: "s".into(),
                    exclude_inspectors: (0..inspectors).filter(|&x| excluded[u * 6 + x]).map(|x| format!("x{x}")).collect(),
                })
                .collect(),
            inspectors: (0..inspectors).map(|x| InspectorEntry { id: format!("x{x}"), unit: format!("u{}", owner[x]) }).collect(),
            strata: BTreeMap::from([("s".to_string(), units as u32)]),
            team_size: team,
            inspected_last_period: vec![],
        };
        let may = |u: usize, x: usize| owner[x] != u && !excluded[u * 6 + x];
        let limit = (units * team as usize).div_ceil(inspectors);
        // Brute force: every unit takes a set of `team` inspectors (a bit mask) it may have.
        let teams: Vec<Vec<u32>> = (0..units)
            .map(|u| (0u32..1 << inspectors)
                .filter(|m| m.count_ones() == team && (0..inspectors).all(|x| m & (1 << x) == 0 || may(u, x)))
                .collect())
            .collect();
        fn feasible(teams: &[Vec<u32>], load: &mut [usize], limit: usize, u: usize) -> bool {
            if u == teams.len() {
                return true;
            }
            for &m in &teams[u] {
                let ok = (0..load.len()).all(|x| m & (1 << x) == 0 || load[x] < limit);
                if !ok {
                    continue;
                }
                (0..load.len()).filter(|x| m & (1 << x) != 0).for_each(|x| load[x] += 1);
                let found = feasible(teams, load, limit, u + 1);
                (0..load.len()).filter(|x| m & (1 << x) != 0).for_each(|x| load[x] -= 1);
                if found {
                    return true;
                }
            }
            false
        }
        let exists = feasible(&teams, &mut vec![0; inspectors], limit, 0);
        match inspection_plan(&r, seed) {
            Ok(plan) => {
                prop_assert!(exists);
                check_plan(&r, &plan);
            }
            Err(e) => {
                prop_assert!(!exists, "refused although a plan exists: {}", e);
                prop_assert!(e.field().unwrap_or("").starts_with("units["), "{}", e);
            }
        }
    }

    #[test]
    fn the_plan_ignores_the_order_of_the_inputs(seed: u64, rot in 0usize..10) {
        let r = generated(30, 12, 2, 7);
        let mut s = r.clone();
        let n = s.units.len();
        s.units.rotate_left(rot % n);
        s.inspectors.reverse();
        prop_assert_eq!(inspection_plan(&r, seed).unwrap(), inspection_plan(&s, seed).unwrap());
    }

    #[test]
    fn a_sample_is_a_subset_of_the_right_size(n in 0usize..200, rate in 0u32..=1000, seed: u64) {
        let all = ids(n);
        let picked = sample(seed, &refs(&all), rate).unwrap();
        prop_assert_eq!(picked.len(), (n * rate as usize).div_ceil(1000));
        let set: HashSet<&String> = picked.iter().collect();
        prop_assert_eq!(set.len(), picked.len());
        prop_assert!(picked.iter().all(|p| all.contains(p)));
        prop_assert!(picked.windows(2).all(|w| w[0] < w[1]));
    }
}
