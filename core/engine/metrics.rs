//! Per-unit figures for a period (每月通报): what the e-supervision office reports each month, for cases
//! (办件) and first-inquiry records (首问负责制) alike.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Engine;
use crate::case::CaseState;
use crate::error::Result;
use crate::event::InquiryOutcome;

/// Per-unit figures for a period (每月通报): cases received and inquiries recorded in `[from, to)`, and
/// what became of them, as of the engine's last command or `advance`.
///
/// A case counts for its item's unit; an inquiry for the unit of its responsible staff member (首问负责).
/// Every field is always serialized; the inquiry fields are 0 (the rate 1) for a unit with cases only,
/// and the case fields 0 (the rates 1) for a unit with inquiries only.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UnitMetrics {
    /// Unit.
    pub unit: String,
    /// Cases received.
    pub received: u64,
    /// Accepted (by a clerk or deemed).
    pub accepted: u64,
    /// Of those, deemed accepted (no one-time notice in time).
    pub deemed_accepted: u64,
    /// Refused acceptance.
    pub refused: u64,
    /// Decided (approved or denied).
    pub decided: u64,
    /// Approved.
    pub approved: u64,
    /// Of those, deemed approved on timeout.
    pub deemed_approved: u64,
    /// Denied.
    pub denied: u64,
    /// Decided before the supervised (pledged) deadline.
    pub on_time: u64,
    /// Decided at or after it.
    pub late: u64,
    /// On-time rate over decided cases, rounded half-up to 4 places (1 when none were decided).
    pub on_time_rate: rust_decimal::Decimal,
    /// Average limit units used by decided cases (working days for working-day items), 2 places.
    pub average_used: rust_decimal::Decimal,
    /// Average pledged limit of decided cases, 2 places.
    pub average_pledged: rust_decimal::Decimal,
    /// Ratings given or defaulted.
    pub ratings: u64,
    /// Bad ratings (levels 1 and 2).
    pub bad_ratings: u64,
    /// Satisfaction rate: ratings of 3 and above over all ratings, 4 places (1 when none).
    pub satisfaction_rate: rust_decimal::Decimal,
    /// Violations recorded on these cases.
    pub violations: u64,
    /// First inquiries (首问) recorded whose responsible staff member belongs to the unit.
    #[serde(default)]
    pub inquiries: u64,
    /// Of those, answered on the spot.
    #[serde(default)]
    pub inquiries_answered: u64,
    /// Handled (the matter was dealt with).
    #[serde(default)]
    pub inquiries_handled: u64,
    /// Guided or transferred to the competent unit or window.
    #[serde(default)]
    pub inquiries_guided: u64,
    /// Not answered, handled or guided by the limit (the `unanswered_inquiry` violation), whether or not
    /// dealt with afterwards.
    #[serde(default)]
    pub inquiries_breached: u64,
    /// Not dealt with yet (whether or not past the limit).
    #[serde(default)]
    pub inquiries_open: u64,
    /// Dealt with (answered, handled or guided) before the limit.
    #[serde(default)]
    pub inquiries_on_time: u64,
    /// On-time rate over inquiries dealt with, rounded half-up to 4 places (1 when none were dealt with).
    #[serde(default)]
    pub inquiry_on_time_rate: rust_decimal::Decimal,
}

impl Engine {
    /// Figures per unit for cases received and inquiries recorded in `[from, to)`, by unit id.
    ///
    /// An inquiry whose responsible staff member is not in the organisation (possible only after a
    /// restore or replay against another organisation) is counted under the unit id `""`.
    ///
    /// # Errors
    ///
    /// Clock errors when a decided case's or a dealt-with inquiry's status cannot be computed.
    pub fn metrics(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<UnitMetrics>> {
        use rust_decimal::{Decimal, RoundingStrategy::MidpointAwayFromZero};
        let ratio = |a: u64, b: u64, dp: u32| {
            if b == 0 {
                Decimal::ONE
            } else {
                (Decimal::from(a) / Decimal::from(b))
                    .round_dp_with_strategy(dp, MidpointAwayFromZero)
                    .normalize()
            }
        };
        let mut by_unit: BTreeMap<&str, (UnitMetrics, i64, i64)> = BTreeMap::new();
        for case in self.cases().filter(|c| c.received_at() >= from && c.received_at() < to) {
            let (m, used, pledged) = by_unit.entry(&case.unit).or_default();
            m.received += 1;
            if let Some((_, deemed)) = case.accepted() {
                m.accepted += 1;
                m.deemed_accepted += u64::from(deemed);
            }
            m.refused += u64::from(case.state == CaseState::Refused);
            if let Some(clock) = case.decision.as_ref().filter(|c| c.completed_at().is_some()) {
                // A withdrawal or a termination completes the clock but decides nothing.
                if !matches!(case.state, CaseState::Withdrawn | CaseState::Terminated) {
                    let done = clock.completed_at().unwrap_or(case.received_at());
                    let st = clock.status_brief(&self.calendar, done)?;
                    m.decided += 1;
                    let approved = matches!(case.state, CaseState::Approved | CaseState::Delivered);
                    m.approved += u64::from(approved);
                    m.deemed_approved += u64::from(approved && case.deemed_decision);
                    m.denied += u64::from(case.state == CaseState::Denied);
                    if st.state == crate::clock::ClockState::CompletedOnTime {
                        m.on_time += 1;
                    } else {
                        m.late += 1;
                    }
                    let tpu = st.unit.ticks_per_unit();
                    *used += st.used / tpu;
                    *pledged += i64::from(clock.pledged().unwrap_or(clock.limit()).amount);
                }
            }
            if let Some(r) = case.rating() {
                m.ratings += 1;
                m.bad_ratings += u64::from(r.is_bad());
            }
            m.violations += case.violations().len() as u64;
        }
        for inquiry in self
            .inquiries()
            .filter(|q| q.recorded_at() >= from && q.recorded_at() < to)
        {
            let unit = self.org.staff(&inquiry.responsible).map_or("", |s| s.unit.as_str());
            let (m, _, _) = by_unit.entry(unit).or_default();
            m.inquiries += 1;
            m.inquiries_breached += u64::from(inquiry.breached);
            match inquiry.outcome {
                None => m.inquiries_open += 1,
                Some(outcome) => {
                    match outcome {
                        InquiryOutcome::Answered => m.inquiries_answered += 1,
                        InquiryOutcome::Handled => m.inquiries_handled += 1,
                        InquiryOutcome::Guided => m.inquiries_guided += 1,
                    }
                    let done = inquiry.clock.completed_at().unwrap_or(inquiry.last_event_at);
                    let st = inquiry.clock.status_brief(&self.calendar, done)?;
                    m.inquiries_on_time += u64::from(st.state == crate::clock::ClockState::CompletedOnTime);
                }
            }
        }
        Ok(by_unit
            .into_iter()
            .map(|(unit, (mut m, used, pledged))| {
                m.unit = unit.to_string();
                m.on_time_rate = ratio(m.on_time, m.decided, 4);
                let avg = |total: i64| {
                    if m.decided == 0 {
                        Decimal::ZERO
                    } else {
                        (Decimal::from(total) / Decimal::from(m.decided))
                            .round_dp_with_strategy(2, MidpointAwayFromZero)
                            .normalize()
                    }
                };
                m.average_used = avg(used);
                m.average_pledged = avg(pledged);
                m.satisfaction_rate = ratio(m.ratings - m.bad_ratings, m.ratings, 4);
                let dealt_with = m.inquiries - m.inquiries_open;
                m.inquiry_on_time_rate = ratio(m.inquiries_on_time, dealt_with, 4);
                m
            })
            .collect())
    }
}
