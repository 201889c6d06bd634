//! The periodic evaluation of key projects and target pledges by rater groups (重点项目评议, 目标考核):
//! derived from the pledge's ratings and the policy's groups, never stored.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::Pledge;
use crate::policy::RaterGroup;

/// One rater group's part of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupScore {
    /// The group's name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Its weight.
    pub weight: u32,
    /// How many of its members rated the pledge for the period.
    pub raters: u32,
    /// The mean of their scores, to two decimals (half to even); none without a rating.
    pub mean: Option<Decimal>,
}

/// A pledge's evaluation for a period: each group's mean and the weighted score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Pledge number.
    pub pledge: String,
    /// The period.
    pub period: String,
    /// Every group of the policy, in the policy's order.
    pub groups: Vec<GroupScore>,
    /// The weighted mean of the means of the groups that rated (weights of the others left out), to two
    /// decimals (half to even), computed from the exact means; none when no group rated.
    pub score: Option<Decimal>,
    /// Whether every group rated: a score without some group is provisional.
    pub complete: bool,
}

/// `x` to two decimals, half to even, written with both (`85.00`).
fn cents(x: Decimal) -> Decimal {
    let mut y = x.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    y.rescale(2);
    y
}

impl Pledge {
    /// The evaluation for `period` by `groups` (the policy's `pledges.rater_groups`): each group's mean
    /// score and the weighted score over the groups that rated, flagged incomplete while a group has not.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(&include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "open_pledge", "case": "K1",
    ///     "at": "2026-10-08T09:00:00+08:00", "actor": "s-sup", "pledge_kind": "key_project", "unit": "amr",
    ///     "leader": "s-gov-head", "responsible": "s-head", "title": "市场主体登记全程网办",
    ///     "standard": "网办率95%", "amount": 60}"#).unwrap()).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "rate_pledge", "case": "K1",
    ///     "at": "2026-12-28T15:00:00+08:00", "actor": "m-deputy", "group": "monitors",
    ///     "period": "2026-Q4", "score": 85}"#).unwrap()).unwrap();
    /// let e = engine.pledge_evaluation("K1", "2026-Q4").unwrap();
    /// assert_eq!(e.score.unwrap().to_string(), "85.00");
    /// assert!(!e.complete);
    /// ```
    pub fn evaluation(&self, period: &str, groups: &[RaterGroup]) -> Evaluation {
        let (mut weighted, mut weights) = (Decimal::ZERO, Decimal::ZERO);
        let parts: Vec<GroupScore> = groups
            .iter()
            .map(|g| {
                let scores: Vec<u32> = self
                    .ratings
                    .iter()
                    .filter(|r| r.group == g.name && r.period == period)
                    .map(|r| r.score)
                    .collect();
                let n = scores.len() as u32;
                let mean = (n > 0)
                    .then(|| Decimal::from(scores.iter().map(|&s| u64::from(s)).sum::<u64>()) / Decimal::from(n));
                if let Some(m) = mean {
                    weighted += m * Decimal::from(g.weight);
                    weights += Decimal::from(g.weight);
                }
                GroupScore {
                    name: g.name.clone(),
                    label: g.label.clone(),
                    weight: g.weight,
                    raters: n,
                    mean: mean.map(cents),
                }
            })
            .collect();
        Evaluation {
            pledge: self.id.clone(),
            period: period.to_string(),
            complete: !parts.is_empty() && parts.iter().all(|g| g.raters > 0),
            score: (weights > Decimal::ZERO).then(|| cents(weighted / weights)),
            groups: parts,
        }
    }
}
