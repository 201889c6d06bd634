//! The sanction ladder (效能问责 / 失职追究): a ladder policy, proposals with their derivation, decisions
//! by a person, filings (备案) and the filing report. Pure: every instant comes in as an argument.
//!
//! - [`LadderPolicy`]: rules by violation kind and severity, each counting the person's prior confirmed
//!   accountabilities in a window (a calendar year or month, or the last N months or days) and choosing a
//!   step by the count; escalations on proposed measures ("two warnings a year → admonishment talk"); the
//!   personal points table. Two presets: [`LadderPolicy::county`] and [`LadderPolicy::monthly_warning`].
//! - [`propose`]: the [`Proposal`] for a violation, with its [`SanctionReason`]s in order.
//! - [`decide`]: a person's [`Decision`] (confirm, or change with a reason) makes a [`Confirmed`]
//!   sanction; nothing takes effect before (docs/rules.md §6).
//! - [`Confirmed::filing`] and [`filing_stats`]: the filing record of each confirmed sanction and the
//!   report of a period, per unit and per measure.
//!
//! Dates. Windows, the award year, formal-sanction terms and filing periods are counted on local dates
//! at UTC+08:00 (China Standard Time, Asia/Shanghai, which has kept +08:00 without daylight saving since
//! 1991): an instant of `2026-12-31T23:30:00+08:00` (15:30 UTC) is on 31 December 2026, one of
//! `2027-01-01T00:10:00+08:00` is in 2027.

mod decide;
mod ladder;
mod measure;
mod propose;
#[cfg(test)]
mod tests;

pub use decide::{
    award_blocked, decide, filing_stats, Confirmed, Decision, Filing, FilingStats, FormalTerm, UnitFilings,
};
pub use ladder::{
    Escalation, LadderCounts, LadderPolicy, LadderRule, LadderStep, LadderWindow, PointsTable, WindowUnit, ANY_KIND,
};
pub use measure::{Measure, MeasureSpec, SanctionEffect, Severity};
pub use propose::{propose, PriorRecord, Proposal, SanctionOutcome, SanctionReason, ViolationFacts};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+08:00, the offset of the local dates the ladder counts on.
const LOCAL: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(o) => o,
    None => panic!("+08:00 is a valid offset"),
};

/// The local date (+08:00) of an instant.
pub(crate) fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&LOCAL).date_naive()
}
