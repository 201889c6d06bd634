//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod journal;
pub mod scenario;

use chrono::{DateTime, NaiveDate, Utc};

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
