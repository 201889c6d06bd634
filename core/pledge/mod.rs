//! Pledges (承诺) the efficiency office follows through: rectification pledges (整改承诺书: ordered by the
//! office, signed by the unit head with the five specifics, the three 到位 reported in place), supervised
//! items (督办事项), key projects (重点项目挂牌) and annual target pledges (军令状), each with a limit and
//! milestones on the official calendar, progress reports, completion with evidence and verification by
//! a different person. Their status (on track, at risk, overdue, kept, broken) is derived at an instant,
//! never stored ([`Pledge::status_at`]). Commands in [`command`], their rules in `decide`, the one function
//! that changes a record in `apply`, the timers in `timers`, the transition table in `transitions`.

mod apply;
pub mod command;
mod decide;
mod evaluation;
mod timers;
pub(crate) mod transitions;

pub use evaluation::{Evaluation, GroupScore};
pub use transitions::PledgeState;

pub(crate) use decide::{create, decide};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::clock::{Clock, ClockState};
use crate::error::Result;
use crate::event::{InPlace, PledgeKind, PledgeSource};

crate::names::wire_enum! {
    /// A pledge's status at an instant, derived from its record and the calendar (never stored).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum PledgeStatus {
        /// Within every limit, none near.
        OnTrack = "on_track" / "正常推进",
        /// The next milestone or limit (or, unsigned, the signing limit) is within the policy's
        /// `pledges.at_risk_days` working days.
        AtRisk = "at_risk" / "临期预警",
        /// A milestone (or the signing limit) passed unmet while the pledge's own limit still runs.
        Overdue = "overdue" / "节点逾期",
        /// Fulfilled by its limit and verified by a different person.
        Kept = "kept" / "已兑现",
        /// Its limit passed unfulfilled (or was fulfilled only after it): it stays broken.
        Broken = "broken" / "未兑现",
    }
}

/// A milestone of a pledge, with its clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What is to be done.
    pub title: String,
    /// Its limit, from the signing or opening.
    pub clock: Clock,
    /// When a progress report marked it reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached_at: Option<DateTime<Utc>>,
    /// Whether its limit passed unmet (recorded once).
    #[serde(default)]
    pub breached: bool,
}

/// A rating of a key project or target pledge for a period, by a member of a rater group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PledgeRating {
    /// When.
    pub at: DateTime<Utc>,
    /// The rater.
    pub by: String,
    /// The rater group.
    pub group: String,
    /// The period rated.
    pub period: String,
    /// The score, 0-100.
    pub score: u32,
    /// Why, if said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A pledge. Changed only by applying its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pledge {
    /// Pledge number.
    pub id: String,
    /// What kind of pledge.
    pub kind: PledgeKind,
    /// The unit that carries it out.
    pub unit: String,
    /// Where the problem was found (rectification pledges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PledgeSource>,
    /// The record it came from (a complaint, a case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    /// The problem to rectify (定问题), or what is pledged.
    pub problem: String,
    /// The supervisor who ordered or opened it.
    pub orderer: String,
    /// The signing limit of an ordered rectification pledge, from the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<Clock>,
    /// The measures (定措施), once signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
    /// The staff member responsible (定责任人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    /// The responsible leader: the unit head who signed a rectification pledge, the named leader of the
    /// others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
    /// The standard to reach (定标准).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// The pledge's limit (定时限): from the signing or opening, or from the last failed verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Clock>,
    /// The milestones, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// The three 到位 reported in place, in their order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_place: Vec<InPlace>,
    /// Progress reports made.
    #[serde(default)]
    pub reports: u32,
    /// When it was last reported fulfilled, while that stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<DateTime<Utc>>,
    /// Who reported it fulfilled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<String>,
    /// The evidence offered with the completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// When a verification passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<DateTime<Utc>>,
    /// Who verified it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<String>,
    /// Verifications that failed (each reopened it with a new limit).
    #[serde(default)]
    pub failed_verifications: u32,
    /// Whether the signing limit passed unsigned (recorded once).
    #[serde(default)]
    pub signing_breached: bool,
    /// Whether the current limit passed unfulfilled (recorded once per limit).
    #[serde(default)]
    pub deadline_breached: bool,
    /// Limits that passed unfulfilled: once one has, the pledge is broken for good.
    #[serde(default)]
    pub breaches: u32,
    /// The ratings of its rater groups (key projects and target pledges), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<PledgeRating>,
    /// How many events brought it to its state.
    pub events: u64,
    /// The instant of its latest event; commands may not be earlier.
    pub last_event_at: DateTime<Utc>,
    /// Whether its timers could not be computed; it is no longer timed.
    #[serde(default)]
    pub faulted: bool,
}

impl Pledge {
    /// When it was ordered or opened.
    pub fn opened_at(&self) -> DateTime<Utc> {
        match (&self.signing, &self.deadline) {
            (Some(s), _) => s.started_at(),
            (None, Some(d)) if self.failed_verifications == 0 => d.started_at(),
            _ => self
                .milestones
                .first()
                .map_or(self.last_event_at, |m| m.clock.started_at()),
        }
    }

    /// The pledge's status at `at` under `cal` (a milestone or limit within `at_risk_days` working days,
    /// the current day included, is at risk): derived, never stored. Broken once any limit passed
    /// unfulfilled or the pledge was fulfilled only after it; kept once verified; overdue while a milestone
    /// (or the signing limit) is past unmet.
    ///
    /// # Errors
    ///
    /// A calendar error when a deadline lies beyond the calendar's range.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy, PledgeStatus};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "order_rectification", "case": "Z1",
    ///     "at": "2026-10-19T09:00:00+08:00", "actor": "s-sup", "unit": "amr", "source": "inspection",
    ///     "problem": "窗口离岗"}"#).unwrap()).unwrap();
    /// let at = "2026-10-28T09:00:00+08:00".parse().unwrap();
    /// // Five working days to sign: the limit passed on Oct 23.
    /// assert_eq!(engine.pledge_status("Z1", at).unwrap(), PledgeStatus::Overdue);
    /// ```
    pub fn status_at(&self, cal: &Calendar, at: DateTime<Utc>, at_risk_days: u32) -> Result<PledgeStatus> {
        use PledgeStatus::*;
        if self.breaches > 0 {
            return Ok(Broken);
        }
        let near = |clock: &Clock| -> Result<(ClockState, bool)> {
            let st = clock.status_brief(cal, at)?;
            Ok((st.state, st.remaining < i64::from(at_risk_days)))
        };
        match self.state() {
            PledgeState::Kept => Ok(Kept),
            PledgeState::Ordered => match self.signing.as_ref().map(near).transpose()? {
                Some((ClockState::Overdue, _)) => Ok(Overdue),
                Some((_, true)) => Ok(AtRisk),
                _ => Ok(OnTrack),
            },
            PledgeState::Completed => match self.deadline.as_ref().map(near).transpose()? {
                Some((ClockState::CompletedLate, _)) => Ok(Broken),
                _ => Ok(OnTrack),
            },
            PledgeState::Open => {
                let mut risk = false;
                if let Some(d) = &self.deadline {
                    let (state, r) = near(d)?;
                    if state == ClockState::Overdue {
                        return Ok(Broken);
                    }
                    risk |= r;
                }
                let mut overdue = false;
                for m in self.milestones.iter().filter(|m| m.reached_at.is_none_or(|r| r > at)) {
                    let (state, r) = near(&m.clock)?;
                    overdue |= state == ClockState::Overdue;
                    risk |= r;
                }
                Ok(if overdue {
                    Overdue
                } else if risk {
                    AtRisk
                } else {
                    OnTrack
                })
            }
        }
    }
}
