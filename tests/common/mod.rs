//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod journal;
pub mod scenario;

use chrono::{DateTime, NaiveDate, Utc};
use xiaoneng::{Document, Event, EventKind, Org, Rule};

/// A date from y/m/d.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// An instant from RFC 3339 text.
pub fn t(s: &str) -> DateTime<Utc> {
    s.parse::<DateTime<Utc>>().expect("valid test instant")
}

/// Every date from `a` to `b` inclusive.
pub fn days(a: NaiveDate, b: NaiveDate) -> Vec<NaiveDate> {
    a.iter_days().take_while(|x| *x <= b).collect()
}

/// The county organisation (tests/fixtures/county-org.json) with a second supervisor in the efficiency
/// office (`s-sup2`) and a supervisor seconded to the market regulator (`s-amr-sup`): what review by
/// another person and supervision outside one's own unit need.
pub fn org_with_supervisors() -> Org {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/county-org.json")).expect("county org fixture");
    let staff = v["staff"].as_array_mut().expect("a staff array");
    staff.push(serde_json::json!({"id": "s-sup2", "name": "韩梅", "unit": "eff", "roles": ["supervisor"], "rank": 3}));
    staff.push(
        serde_json::json!({"id": "s-amr-sup", "name": "蒋平", "unit": "amr", "roles": ["supervisor"], "rank": 3}),
    );
    Org::from_json(&v.to_string()).expect("the county org with two more supervisors")
}

/// A violation's rule, responsible person, unit and unit head.
pub type Traced = (Rule, Option<String>, Option<String>, Option<String>);

/// The violations among `events`, traced.
pub fn violations(events: &[Event]) -> Vec<Traced> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Violation {
                rule,
                responsible,
                unit,
                unit_head,
                ..
            } => Some((*rule, responsible.clone(), unit.clone(), unit_head.clone())),
            _ => None,
        })
        .collect()
}
