//! The priority service card (金卡), one named test per rule (docs/rules.md §7): annual sales of at least
//! 30 million yuan OR registered capital of at least 5 million yuan; the thresholds are policy data with
//! the city's figures by default; figures are exact decimals, never negative, and at least one is given.

use rust_decimal::Decimal;
use xiaoneng::{Document, Error, ErrorCode, Policy, PriorityThreshold};

const POLICY: &str = include_str!("../presets/county.toml");

fn policy() -> Policy {
    Policy::from_toml(POLICY).unwrap()
}

fn yuan(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

fn field_of(e: &Error) -> String {
    e.field().unwrap_or_default().to_string()
}

#[test]
fn an_investor_with_annual_sales_of_30_million_yuan_is_eligible() {
    let card = policy().priority_card(yuan("30000000"), None).unwrap();
    assert!(card.eligible);
    assert_eq!(card.by, [PriorityThreshold::AnnualSales]);
    assert!(
        card.reason.contains("annual sales 30000000 yuan ≥ 30000000 yuan: met"),
        "{}",
        card.reason
    );
}

#[test]
fn an_investor_with_registered_capital_of_5_million_yuan_is_eligible() {
    let card = policy().priority_card(None, yuan("5000000.00")).unwrap();
    assert!(card.eligible);
    assert_eq!(card.by, [PriorityThreshold::RegisteredCapital]);
    assert!(
        card.reason
            .contains("registered capital 5000000 yuan ≥ 5000000 yuan: met"),
        "{}",
        card.reason
    );
    assert!(card.reason.contains("annual sales not given"), "{}", card.reason);
}

#[test]
fn either_threshold_suffices_the_other_being_below() {
    let card = policy().priority_card(yuan("100"), yuan("6000000")).unwrap();
    assert!(card.eligible);
    assert_eq!(card.by, [PriorityThreshold::RegisteredCapital]);
    let card = policy().priority_card(yuan("45000000"), yuan("1")).unwrap();
    assert_eq!(card.by, [PriorityThreshold::AnnualSales]);
}

#[test]
fn an_investor_meeting_both_thresholds_is_eligible_by_both() {
    let card = policy().priority_card(yuan("30000000"), yuan("5000000")).unwrap();
    assert!(card.eligible);
    assert_eq!(
        card.by,
        [PriorityThreshold::AnnualSales, PriorityThreshold::RegisteredCapital]
    );
}

#[test]
fn just_below_both_thresholds_is_not_eligible() {
    let card = policy().priority_card(yuan("29999999.99"), yuan("4999999.99")).unwrap();
    assert!(!card.eligible);
    assert!(card.by.is_empty());
    assert!(
        card.reason.contains("29999999.99 yuan < 30000000 yuan: not met"),
        "{}",
        card.reason
    );
    assert!(card.reason.contains("neither threshold is met"), "{}", card.reason);
}

#[test]
fn a_figure_not_given_is_not_met() {
    let card = policy().priority_card(yuan("1000"), None).unwrap();
    assert!(!card.eligible);
    assert!(card.reason.contains("registered capital not given"), "{}", card.reason);
}

#[test]
fn both_figures_absent_cannot_be_decided() {
    let e = policy().priority_card(None, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("registered capital"), "{e}");
}

#[test]
fn a_negative_figure_is_refused_naming_it() {
    let e = policy().priority_card(yuan("-1"), yuan("6000000")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(field_of(&e), "annual_sales_yuan");
    let e = policy().priority_card(yuan("40000000"), yuan("-0.01")).unwrap_err();
    assert_eq!(field_of(&e), "registered_capital_yuan");
    // Zero (and a negative zero) is a figure, not a negative one.
    assert!(!policy().priority_card(yuan("0"), yuan("-0")).unwrap().eligible);
}

#[test]
fn a_policy_without_the_table_has_the_city_figures() {
    let p = policy();
    assert_eq!(p.priority_card.min_annual_sales_yuan, Decimal::from(30_000_000));
    assert_eq!(p.priority_card.min_registered_capital_yuan, Decimal::from(5_000_000));
    // The defaults are left out of the JSON, which reads back equal.
    assert!(!p.to_json().contains("priority_card"));
    assert_eq!(Policy::from_json(&p.to_json()).unwrap(), p);
}

#[test]
fn a_city_may_set_its_own_thresholds_as_decimal_strings() {
    let toml = format!(
        "{POLICY}\n[priority_card]\nmin_annual_sales_yuan = \"50000000\"\nmin_registered_capital_yuan = \"10000000.50\"\n"
    );
    let p = Policy::from_toml(&toml).unwrap();
    assert!(!p.priority_card(yuan("30000000"), yuan("10000000")).unwrap().eligible);
    assert!(p.priority_card(None, yuan("10000000.50")).unwrap().eligible);
    let json = p.to_json();
    assert!(
        json.contains(r#""min_registered_capital_yuan":"10000000.50""#),
        "{json}"
    );
    assert_eq!(Policy::from_json(&json).unwrap(), p);
}

#[test]
fn a_negative_threshold_is_refused_by_validate() {
    let toml = format!("{POLICY}\n[priority_card]\nmin_annual_sales_yuan = \"-1\"\n");
    let e = Policy::from_toml(&toml).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(field_of(&e), "priority_card.min_annual_sales_yuan");
}

#[test]
fn an_unknown_field_of_the_table_is_refused() {
    let toml = format!("{POLICY}\n[priority_card]\nmin_sales = \"1\"\n");
    assert_eq!(Policy::from_toml(&toml).unwrap_err().code(), ErrorCode::Parse);
}

#[test]
fn the_threshold_names_are_their_wire_names() {
    assert_eq!(PriorityThreshold::AnnualSales.as_str(), "annual_sales");
    assert_eq!(PriorityThreshold::RegisteredCapital.label_zh(), "注册资本");
    assert_eq!(
        serde_json::to_string(&PriorityThreshold::ALL).unwrap(),
        r#"["annual_sales","registered_capital"]"#
    );
}
