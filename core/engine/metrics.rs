//! Per-unit figures for a period (每月通报): what the e-supervision office reports each month, for cases
//! (办件) and first-inquiry records (首问负责制) alike. docs/metrics.md defines every figure; the doc comments
//! below say the same.
//!
//! The figures are projections of the event stream: each record keeps, as facts applied from its events,
//! the instants they count by (received, accepted, became overdue, decided, closed, rated, breached), and
//! [`Engine::metrics`] folds those facts over a period. A flow counts the events whose instant lies in the
//! period; a stock counts the records in a condition at the period's end, judged from the events before it.
//! No count is derived from a record's current state, so a period's figures never change once its events
//! are recorded. The one figure the calendar enters is the time a decision used (`durations`), counted over
//! its recorded span (acceptance, pauses, decision) when the figures are read: kept out of the command
//! path, it follows a calendar correction of those days (docs/metrics.md).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy::MidpointAwayFromZero};
use serde::{Deserialize, Serialize};

use super::Engine;
use crate::case::{Case, CaseState};
use crate::clock::TimeUnit;
use crate::error::{invalid, Result};
use crate::event::{InquiryOutcome, Rule};
use crate::inquiry::Inquiry;

/// Per-unit figures for the period `[from, to)` (每月通报), as docs/metrics.md defines them.
///
/// A *flow* counts events whose instant (for a timer's event, the instant its threshold was reached) lies
/// in the period; a *stock* counts records in a condition at `to`, judged from the events before `to`. A
/// case counts for its item's unit; a first inquiry for the unit of its responsible staff member. A rate is
/// `None` (JSON `null`) when its denominator is 0, rounded half-up to 4 places otherwise; averages are
/// rounded half-up to 2 places. Every field is always serialized.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitMetrics {
    /// Unit id (`""` for first inquiries whose responsible staff member is no longer in the organisation).
    pub unit: String,
    /// Flow: cases received (`received`).
    pub received: u64,
    /// Flow: cases accepted, by a clerk or deemed (`accepted`; a deemed acceptance counts at the instant
    /// the notice limit, or the acceptance limit after corrections, passed, although it takes effect from
    /// receipt, or from the corrections).
    pub accepted: u64,
    /// Flow: of `accepted`, deemed accepted (no one-time notice in time, or no acceptance decision in time
    /// after corrections, art. 32).
    pub deemed_accepted: u64,
    /// Flow: cases refused acceptance (`refused`).
    pub refused: u64,
    /// Flow: cases decided, approved or denied, by a person or deemed (`decided`); a withdrawal or a
    /// termination decides nothing.
    pub decided: u64,
    /// Flow: of `decided`, approved.
    pub approved: u64,
    /// Flow: of `approved`, approved on timeout by rule (超时默许).
    pub deemed_approved: u64,
    /// Flow: of `decided`, denied.
    pub denied: u64,
    /// Flow: cases withdrawn by the applicant (`withdrawn`).
    pub withdrawn: u64,
    /// Flow: cases terminated by the unit (`terminated`).
    pub terminated: u64,
    /// Flow: cases closed in a state the applicant may rate: refused, denied, delivered or terminated (a
    /// withdrawn case is counted in `withdrawn` only). The denominator of `rating_rate`.
    pub closed: u64,
    /// Flow: of `decided`, decided by a person before the case became overdue.
    pub on_time: u64,
    /// Flow: of `decided`, decided after the case became overdue, or deemed on timeout; `on_time + late =
    /// decided`.
    pub late: u64,
    /// Flow: of `late`, decisions on items with a pledged limit (服务承诺): each is a broken service pledge
    /// of the unit (decided after the pledged deadline, or deemed on timeout). Items without a pledge are
    /// late against the statutory limit only and break no pledge.
    pub broken_pledges: u64,
    /// Flow: cases that became overdue: their decision clock's supervised deadline (the pledged one when
    /// the item has one) passed with no decision, as the first yellow or red card on the decision clock,
    /// `decision_overdue` violation or deemed decision recorded it.
    pub became_overdue: u64,
    /// Flow: of `decided`, decided on the day of receipt (当场办结, the standard of a 即办件), in the
    /// calendar's zone.
    pub on_the_spot: u64,
    /// Stock: cases received before the period's end and not closed by then (an approval awaiting
    /// delivery is open).
    pub open: u64,
    /// Stock: cases that became overdue before the period's end and were still undecided then (not
    /// decided, withdrawn or terminated): the overdue count at the period's end.
    pub open_overdue: u64,
    /// `on_time / (decided + open_overdue)`: open overdue cases count as late, so a unit that sits on
    /// every case scores 0, not 100 %. `None` when the denominator is 0.
    pub on_time_rate: Option<Decimal>,
    /// `on_the_spot / decided` (share decided on the spot); `None` when nothing was decided.
    pub on_the_spot_share: Option<Decimal>,
    /// Flow: the time decisions of the period used, one entry per unit of measure of their decision limit
    /// (working days, natural days, working hours, natural hours, in that order; none for a unit of
    /// measure without a decision): averages never mix units.
    pub durations: Vec<Durations>,
    /// Flow: ratings given by applicants (`rated` with `deemed: false`), in the period they were given.
    pub real_ratings: u64,
    /// Flow: of `real_ratings`, bad ones (不满意 2, 非常不满意 1).
    pub bad_ratings: u64,
    /// Flow: default ratings the policy recorded because none came in time (`rated` with `deemed: true`);
    /// reported apart and in no rate.
    pub deemed_ratings: u64,
    /// `real_ratings / closed` (评价率), both flows of the period, so it can exceed 1 when ratings of the
    /// previous period's closures arrive in this one; `None` when no case closed.
    pub rating_rate: Option<Decimal>,
    /// Real ratings of 3 (基本满意) and above over `real_ratings`; `None` when there is none. Default
    /// ratings never count.
    pub satisfaction_rate: Option<Decimal>,
    /// Flow: violations that occurred (`violation` events) on the unit's cases and first inquiries.
    pub violations: u64,
    /// Flow: `violations` by rule, every rule present (zeros included).
    pub violations_by_rule: RuleCounts,
    /// Flow: first inquiries (首问) recorded.
    pub inquiries: u64,
    /// Flow: inquiries answered on the spot in the period.
    pub inquiries_answered: u64,
    /// Flow: inquiries handled (the matter dealt with) in the period.
    pub inquiries_handled: u64,
    /// Flow: inquiries guided or transferred to the competent unit or window in the period.
    pub inquiries_guided: u64,
    /// Flow: answer limits that passed in the period (the `unanswered_inquiry` violation), whether or not
    /// the inquiry was dealt with afterwards.
    pub inquiries_breached: u64,
    /// Flow: of the inquiries dealt with in the period (answered + handled + guided), those dealt with
    /// before their limit passed.
    pub inquiries_on_time: u64,
    /// Stock: inquiries recorded before the period's end and not dealt with by then.
    pub inquiries_open: u64,
    /// Stock: of `inquiries_open`, those whose answer limit had passed before the period's end.
    pub inquiries_open_overdue: u64,
    /// `inquiries_on_time / (answered + handled + guided + inquiries_open_overdue)`; `None` when the
    /// denominator is 0.
    pub inquiry_on_time_rate: Option<Decimal>,
}

/// The time used by the decisions of a period whose decision limit counts in one unit of measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Durations {
    /// The unit of measure of the decision limits.
    pub unit: TimeUnit,
    /// Decisions in the period with this unit of measure (deemed ones included) whose time used the
    /// calendar can count.
    pub decided: u64,
    /// The time counted on the decision clock from acceptance to the decision (pauses not counted; days
    /// of a day unit as the clock counts them, the day of the decision included; hours for an hour unit),
    /// averaged over `decided`; 2 places. Counted by the engine's calendar over the recorded span, so a
    /// calendar correction of those days (or the notice for days that were provisional) changes it.
    pub average_used: Decimal,
    /// The pledged limit (承诺时限), or the statutory one for an item without a pledge, averaged over
    /// `decided`; extensions not included; 2 places.
    pub average_pledged: Decimal,
    /// The statutory limit (法定时限), averaged over `decided`; 2 places.
    pub average_statutory: Decimal,
    /// Speed-up against the statutory limit (提速率): `1 - sum(used) / sum(statutory)`; 4 places; `None`
    /// when the statutory limits sum to 0.
    pub speed_up: Option<Decimal>,
}

/// A count per rule (违规), every rule present. JSON: an object from each rule's wire name to its count,
/// in the rules' order (`late_one_time_notice` first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleCounts([u64; RULES]);

const RULES: usize = Rule::ALL.len();

impl RuleCounts {
    /// The count of `rule`.
    ///
    /// ```
    /// # use xiaoneng::{Rule, RuleCounts};
    /// assert_eq!(RuleCounts::default().get(Rule::DecisionOverdue), 0);
    /// ```
    pub fn get(&self, rule: Rule) -> u64 {
        self.0[rule as usize]
    }

    /// Every rule with its count, in the rules' order.
    ///
    /// ```
    /// # use xiaoneng::{Rule, RuleCounts};
    /// let counts = RuleCounts::default();
    /// assert_eq!(counts.iter().count(), Rule::ALL.len());
    /// assert_eq!(counts.iter().next(), Some((Rule::LateOneTimeNotice, 0)));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Rule, u64)> + '_ {
        Rule::ALL.iter().map(|r| (*r, self.get(*r)))
    }

    fn add(&mut self, rule: Rule) {
        self.0[rule as usize] += 1;
    }
}

impl Serialize for RuleCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(r, n)| (r.as_str(), n)))
    }
}

impl<'de> Deserialize<'de> for RuleCounts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let map = HashMap::<Rule, u64>::deserialize(deserializer)?;
        let mut counts = RuleCounts::default();
        for (rule, n) in map {
            counts.0[rule as usize] = n;
        }
        Ok(counts)
    }
}

/// One unit's figures while the records are folded, with the sums the averages need.
#[derive(Default)]
struct Tally {
    m: UnitMetrics,
    satisfied: u64,
    /// Per unit of measure (in [`TimeUnit::ALL`] order): decisions, ticks used, pledged and statutory units.
    time: [(u64, i64, u64, u64); 4],
}

impl Engine {
    /// Figures per unit for the period `[from, to)` (每月通报), by unit id, as docs/metrics.md defines
    /// them: what happened in the period (received, accepted, decided, became overdue, closed, rated,
    /// violations) and what stood open at its end (open, open overdue). A unit has a row when one of its
    /// figures is not zero.
    ///
    /// The figures read the facts each record keeps from its events, so those of a period never change
    /// once its events are recorded. Timers fire when the engine is told the time: `advance` to `to` or
    /// later before reading a period, or the breaches due in it are not recorded yet.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from(xiaoneng::commands::Receive {
    ///     case: "C1".into(), at: t("2026-09-28T09:00:00+08:00"), actor: "s-clerk".into(),
    ///     item: "330100-FOOD-001".into(), applicant: "某餐饮有限公司".into(), materials: vec![],
    ///     renewal_of_expiry: None,
    /// })).unwrap();
    /// engine.execute(Command::from(xiaoneng::commands::Accept {
    ///     case: "C1".into(), at: t("2026-09-28T10:00:00+08:00"), actor: "s-clerk".into(),
    /// })).unwrap();
    /// // Nobody decides: the pledged 10 working days pass on Oct 16.
    /// engine.advance(t("2026-11-01T00:00:00+08:00"));
    /// let oct = engine.metrics(t("2026-10-01T00:00:00+08:00"), t("2026-11-01T00:00:00+08:00")).unwrap();
    /// assert_eq!((oct[0].received, oct[0].became_overdue, oct[0].open_overdue), (0, 1, 1));
    /// assert_eq!(oct[0].on_time_rate, Some(rust_decimal::Decimal::ZERO));
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming `to` when it is before `from`.
    pub fn metrics(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<UnitMetrics>> {
        if to < from {
            return Err(invalid("to", to, format!("before `from` ({from})")));
        }
        let mut by_unit: BTreeMap<&str, Tally> = BTreeMap::new();
        for case in self.cases().filter(|c| c.received_at() < to) {
            self.fold_case(by_unit.entry(case.unit()).or_default(), case, from, to);
        }
        for inquiry in self.inquiries().filter(|q| q.recorded_at() < to) {
            let unit = self.org.staff(&inquiry.responsible).map_or("", |s| s.unit.as_str());
            fold_inquiry(by_unit.entry(unit).or_default(), inquiry, from, to);
        }
        Ok(by_unit
            .into_iter()
            .filter_map(|(unit, tally)| finish(unit, tally))
            .collect())
    }

    /// Adds a case's facts to its unit's tally.
    fn fold_case(&self, tally: &mut Tally, case: &Case, from: DateTime<Utc>, to: DateTime<Utc>) {
        let inside = |t: DateTime<Utc>| from <= t && t < to;
        let m = &mut tally.m;
        m.received += u64::from(inside(case.received_at()));
        if case.accepted_at().is_some_and(inside) {
            m.accepted += 1;
            m.deemed_accepted += u64::from(case.deemed_acceptance);
        }
        let closed_at = case.closed_at();
        if closed_at.is_some_and(inside) {
            match case.state {
                CaseState::Refused => m.refused += 1,
                CaseState::Withdrawn => m.withdrawn += 1,
                CaseState::Terminated => m.terminated += 1,
                _ => {}
            }
            m.closed += u64::from(case.state != CaseState::Withdrawn);
        }
        let overdue_at = case.overdue_at();
        if let Some(decided) = case.decided_at().filter(|t| inside(*t)) {
            m.decided += 1;
            if case.state == CaseState::Denied {
                m.denied += 1;
            } else {
                m.approved += 1;
                m.deemed_approved += u64::from(case.deemed_decision);
            }
            if case.deemed_decision || overdue_at.is_some_and(|o| o <= decided) {
                m.late += 1;
                m.broken_pledges += u64::from(case.decision().is_some_and(|c| c.pledged().is_some()));
            } else {
                m.on_time += 1;
            }
            m.on_the_spot +=
                u64::from(self.calendar.local_date(decided) == self.calendar.local_date(case.received_at()));
            // The time used, counted by the calendar over the recorded span (acceptance, pauses, decision).
            let used = case
                .decision()
                .and_then(|c| Some((c, c.status_brief(&self.calendar, decided).ok()?.used)));
            if let Some((clock, used)) = used {
                let statutory = clock.limit();
                let k = TimeUnit::ALL
                    .iter()
                    .position(|u| *u == statutory.unit)
                    .unwrap_or_default();
                let t = &mut tally.time[k];
                t.0 += 1;
                t.1 += used;
                t.2 += u64::from(clock.pledged().unwrap_or(statutory).amount);
                t.3 += u64::from(statutory.amount);
            }
        }
        if let Some(overdue) = overdue_at {
            m.became_overdue += u64::from(inside(overdue));
            // Undecided at the end: the decision clock had not stopped (decision, withdrawal, termination).
            let stopped = case.decision().and_then(|c| c.completed_at());
            m.open_overdue += u64::from(overdue < to && stopped.is_none_or(|s| s >= to));
        }
        m.open += u64::from(closed_at.is_none_or(|c| c >= to));
        if let Some(r) = case.rating().filter(|r| inside(r.at)) {
            if r.deemed {
                m.deemed_ratings += 1;
            } else {
                m.real_ratings += 1;
                m.bad_ratings += u64::from(r.is_bad());
                tally.satisfied += u64::from(!r.is_bad());
            }
        }
        for v in case.violations().iter().filter(|v| inside(v.at)) {
            m.violations += 1;
            m.violations_by_rule.add(v.rule);
        }
    }
}

/// Adds an inquiry's facts to its unit's tally.
fn fold_inquiry(tally: &mut Tally, inquiry: &Inquiry, from: DateTime<Utc>, to: DateTime<Utc>) {
    let inside = |t: DateTime<Utc>| from <= t && t < to;
    let m = &mut tally.m;
    m.inquiries += u64::from(inside(inquiry.recorded_at()));
    let dealt_with = inquiry.dealt_with_at();
    if let (Some(at), Some(outcome)) = (dealt_with.filter(|t| inside(*t)), inquiry.outcome) {
        match outcome {
            InquiryOutcome::Answered => m.inquiries_answered += 1,
            InquiryOutcome::Handled => m.inquiries_handled += 1,
            InquiryOutcome::Guided => m.inquiries_guided += 1,
        }
        // A breach recorded before (or, from an older snapshot, at an unknown instant) makes it late.
        let late = inquiry.breached && inquiry.breached_at.is_none_or(|b| b <= at);
        m.inquiries_on_time += u64::from(!late);
    }
    let open_at_end = dealt_with.is_none_or(|d| d >= to);
    m.inquiries_open += u64::from(open_at_end);
    if let Some(breached) = inquiry.breached_at {
        if inside(breached) {
            m.inquiries_breached += 1;
            m.violations += 1;
            m.violations_by_rule.add(Rule::UnansweredInquiry);
        }
        m.inquiries_open_overdue += u64::from(breached < to && open_at_end);
    }
}

/// A unit's row from its tally: the rates and averages; `None` when every figure is zero.
fn finish(unit: &str, tally: Tally) -> Option<UnitMetrics> {
    let Tally { mut m, satisfied, time } = tally;
    if m == UnitMetrics::default() {
        return None;
    }
    m.unit = unit.to_string();
    m.on_time_rate = ratio(m.on_time, m.decided + m.open_overdue);
    m.on_the_spot_share = ratio(m.on_the_spot, m.decided);
    m.rating_rate = ratio(m.real_ratings, m.closed);
    m.satisfaction_rate = ratio(satisfied, m.real_ratings);
    let dealt_with = m.inquiries_answered + m.inquiries_handled + m.inquiries_guided;
    m.inquiry_on_time_rate = ratio(m.inquiries_on_time, dealt_with + m.inquiries_open_overdue);
    m.durations = TimeUnit::ALL
        .iter()
        .zip(time)
        .filter(|(_, (n, ..))| *n > 0)
        .map(|(unit, (n, used, pledged, statutory))| {
            // Hours for hour units (ticks are seconds), days for day units.
            let used = Decimal::from(used) / Decimal::from(unit.ticks_per_unit());
            let average = |total: Decimal| rounded(total / Decimal::from(n), 2);
            Durations {
                unit: *unit,
                decided: n,
                average_used: average(used),
                average_pledged: average(Decimal::from(pledged)),
                average_statutory: average(Decimal::from(statutory)),
                speed_up: (statutory > 0).then(|| rounded(Decimal::ONE - used / Decimal::from(statutory), 4)),
            }
        })
        .collect();
    Some(m)
}

/// `a / b` rounded half-up to 4 places; `None` when `b` is 0.
fn ratio(a: u64, b: u64) -> Option<Decimal> {
    (b > 0).then(|| rounded(Decimal::from(a) / Decimal::from(b), 4))
}

/// `d` rounded half-up (四舍五入) to `dp` places, without trailing zeros.
fn rounded(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, MidpointAwayFromZero).normalize()
}
