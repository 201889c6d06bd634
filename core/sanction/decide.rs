//! Decisions on proposals (a person confirms or changes, with a recorded reason), the confirmed sanctions
//! they give, their filing (备案) and the filing statistics.

use std::collections::BTreeMap;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ladder::LadderPolicy;
use super::local_date;
use super::measure::{Measure, MeasureSpec, SanctionEffect};
use super::propose::{PriorRecord, Proposal, SanctionOutcome, ViolationFacts};
use crate::error::{invalid, not_allowed, Result};

/// A person's decision on a proposal (§6: the library proposes, a person decides). Who may decide is the
/// engine's to check; [`decide`] checks the decision itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Decision {
    /// Confirms the proposal as proposed.
    Confirm {
        /// Who decides (a staff id).
        by: String,
        /// When.
        #[serde(serialize_with = "crate::codec::utc::serialize")]
        at: DateTime<Utc>,
        /// An optional note.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Replaces the proposed measures (and, when given, the effects or the unit points) with others; the
    /// person's points follow the new measures.
    Change {
        /// Who decides (a staff id).
        by: String,
        /// When.
        #[serde(serialize_with = "crate::codec::utc::serialize")]
        at: DateTime<Utc>,
        /// Why, required and not blank.
        reason: String,
        /// The measures decided (may be none: no measure).
        measures: Vec<MeasureSpec>,
        /// The effects decided; the proposed effects when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effects: Option<Vec<SanctionEffect>>,
        /// The unit points decided; the proposed ones when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit_points: Option<u32>,
    },
}

impl Decision {
    /// Who decides.
    ///
    /// ```
    /// use xiaoneng::Decision;
    /// let d = Decision::Confirm { by: "s-sup".into(), at: "2026-03-03T09:00:00Z".parse().unwrap(), note: None };
    /// assert_eq!(d.by(), "s-sup");
    /// ```
    pub fn by(&self) -> &str {
        match self {
            Decision::Confirm { by, .. } | Decision::Change { by, .. } => by,
        }
    }

    /// When.
    ///
    /// ```
    /// use xiaoneng::Decision;
    /// let at = "2026-03-03T09:00:00Z".parse().unwrap();
    /// assert_eq!(Decision::Confirm { by: "s-sup".into(), at, note: None }.at(), at);
    /// ```
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Decision::Confirm { at, .. } | Decision::Change { at, .. } => *at,
        }
    }
}

/// The term of a formal sanction (政务处分期间): from the local date of the decision, for its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormalTerm {
    /// The formal sanction.
    pub sanction: Measure,
    /// The first day in effect: the decision's local date (+08:00).
    pub from: NaiveDate,
    /// The first day no longer in effect: `from` plus the sanction's months (the month's last day where
    /// that month is shorter); none for expulsion, which has no end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

impl FormalTerm {
    /// Whether the sanction is in effect on `day`: `from <= day < until`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use xiaoneng::{FormalTerm, Measure};
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    /// let t = FormalTerm { sanction: Measure::Warning, from: d(3, 3), until: Some(d(9, 3)) };
    /// assert!(t.in_effect(d(9, 2)) && !t.in_effect(d(9, 3)) && !t.in_effect(d(3, 2)));
    /// ```
    pub fn in_effect(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }
}

/// A sanction that holds: a proposal and the decision on it. Only [`decide`] makes one from a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmed {
    /// The violation.
    pub violation: ViolationFacts,
    /// The ladder rule that proposed it.
    pub rule: String,
    /// What was proposed.
    pub proposed: SanctionOutcome,
    /// What holds: the proposal's outcome when confirmed, the decided one when changed.
    pub outcome: SanctionOutcome,
    /// Whether the decision changed the proposal.
    pub changed: bool,
    /// Who decided.
    pub decided_by: String,
    /// When.
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub decided_at: DateTime<Utc>,
    /// The reason of a change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The note of a confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The term of the formal sanction, if the outcome has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal: Option<FormalTerm>,
}

/// Decides a proposal: checks the decision and gives the sanction that holds.
///
/// A confirmation takes the proposal as it is; a change takes its measures (checked as a step's are:
/// levels, repeats, one formal sanction), its effects and unit points when given (the proposal's when
/// not), and the person's points of the new measures from the policy's table. A formal sanction's term
/// starts on the decision's local date (+08:00).
///
/// # Errors
///
/// [`crate::Error::Invalid`]: an empty `by`; a change without a reason (or a blank one); a change that
/// decides exactly what was proposed (confirm instead); an invalid measure (field `measures[i]`) or an
/// effect listed twice (`effects[i]`). [`crate::Error::NotAllowed`]: a decision before the proposal's
/// `as_of`.
///
/// ```
/// use xiaoneng::{decide, propose, Decision, LadderPolicy, Severity, ViolationFacts};
///
/// let at = "2026-03-02T10:00:00+08:00".parse().unwrap();
/// let v = ViolationFacts { id: "V-1".into(), kind: "decision_overdue".into(), severity: Severity::Ordinary,
///     person: "s-clerk".into(), unit: "amr".into(), unit_head: "s-head".into(), at };
/// let county = LadderPolicy::county();
/// let p = propose(&county, &v, &[], at).unwrap();
/// let later = "2026-03-05T10:00:00+08:00".parse().unwrap();
/// let no_reason = Decision::Change { by: "s-sup".into(), at: later, reason: " ".into(), measures: vec![],
///     effects: None, unit_points: None };
/// assert_eq!(decide(&county, &p, &no_reason).unwrap_err().field(), Some("reason"));
/// let ok = decide(&county, &p, &Decision::Confirm { by: "s-sup".into(), at: later, note: None }).unwrap();
/// assert_eq!(ok.filing().measures, p.outcome.measures);
/// ```
pub fn decide(policy: &LadderPolicy, proposal: &Proposal, decision: &Decision) -> Result<Confirmed> {
    if decision.by().trim().is_empty() {
        return Err(invalid("by", "\"\"", "name who decides"));
    }
    let at = decision.at();
    if at < proposal.as_of {
        return Err(not_allowed(
            "at",
            at.to_rfc3339(),
            format!("a decision comes after its proposal ({})", proposal.as_of.to_rfc3339()),
        ));
    }
    let (outcome, changed, reason, note) = match decision {
        Decision::Confirm { note, .. } => (proposal.outcome.clone(), false, None, note.clone()),
        Decision::Change {
            reason,
            measures,
            effects,
            unit_points,
            ..
        } => {
            if reason.trim().is_empty() {
                return Err(invalid(
                    "reason",
                    format_args!("{reason:?}"),
                    "a change of the proposed sanction needs a recorded reason",
                ));
            }
            policy.check_measures("measures", measures)?;
            if let Some(effects) = effects {
                for (e, effect) in effects.iter().enumerate() {
                    if effects[..e].contains(effect) {
                        return Err(invalid(format!("effects[{e}]"), effect, "listed twice"));
                    }
                }
            }
            let outcome = SanctionOutcome::of(
                policy,
                measures.clone(),
                effects.clone().unwrap_or_else(|| proposal.outcome.effects.clone()),
                proposal.outcome.year,
                unit_points.unwrap_or(proposal.outcome.unit_points),
            );
            if outcome == proposal.outcome {
                return Err(invalid(
                    "measures",
                    measures.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    "the change decides what was proposed: confirm the proposal instead",
                ));
            }
            (outcome, true, Some(reason.clone()), None)
        }
    };
    let formal = match outcome.formal() {
        Some(sanction) => {
            let from = local_date(at);
            let until = match sanction.period_months() {
                Some(m) => Some(from.checked_add_months(Months::new(m)).ok_or_else(|| {
                    crate::error::out_of_range("at", at.to_rfc3339(), "the sanction's term ends beyond year 9999")
                })?),
                None => None,
            };
            Some(FormalTerm { sanction, from, until })
        }
        None => None,
    };
    Ok(Confirmed {
        violation: proposal.violation.clone(),
        rule: proposal.rule.clone(),
        proposed: proposal.outcome.clone(),
        outcome,
        changed,
        decided_by: decision.by().to_string(),
        decided_at: at,
        reason,
        note,
        formal,
    })
}

impl Confirmed {
    /// The filing record (备案) of this sanction, for the supervisory organ.
    ///
    /// ```
    /// # use xiaoneng::{decide, propose, Decision, LadderPolicy, Severity, ViolationFacts};
    /// # let at = "2026-12-31T23:30:00+08:00".parse().unwrap();
    /// # let v = ViolationFacts { id: "V-1".into(), kind: "decision_overdue".into(),
    /// #     severity: Severity::Ordinary, person: "s-clerk".into(), unit: "amr".into(),
    /// #     unit_head: "s-head".into(), at };
    /// # let county = LadderPolicy::county();
    /// # let p = propose(&county, &v, &[], at).unwrap();
    /// let c = decide(&county, &p, &Decision::Confirm { by: "s-sup".into(), at, note: None }).unwrap();
    /// assert_eq!(c.filing().decided_on.to_string(), "2026-12-31");
    /// ```
    pub fn filing(&self) -> Filing {
        Filing {
            violation: self.violation.id.clone(),
            kind: self.violation.kind.clone(),
            person: self.violation.person.clone(),
            unit: self.violation.unit.clone(),
            unit_head: self
                .outcome
                .unit_head_accountable()
                .then(|| self.violation.unit_head.clone()),
            measures: self.outcome.measures.clone(),
            effects: self.outcome.effects.clone(),
            decided_by: self.decided_by.clone(),
            decided_at: self.decided_at,
            decided_on: local_date(self.decided_at),
            period_end: self.formal.and_then(|f| f.until),
            changed: self.changed,
        }
    }

    /// The record a later proposal counts; none when the decision holds nothing (no measure, no effect,
    /// no points: the person is not held accountable, 免予问责), which is filed but not counted.
    ///
    /// ```
    /// # use xiaoneng::{decide, propose, Decision, LadderPolicy, Severity, ViolationFacts};
    /// # let at = "2026-03-02T10:00:00+08:00".parse().unwrap();
    /// # let v = ViolationFacts { id: "V-1".into(), kind: "decision_overdue".into(),
    /// #     severity: Severity::Ordinary, person: "s-clerk".into(), unit: "amr".into(),
    /// #     unit_head: "s-head".into(), at };
    /// # let county = LadderPolicy::county();
    /// # let p = propose(&county, &v, &[], at).unwrap();
    /// let c = decide(&county, &p, &Decision::Confirm { by: "s-sup".into(), at, note: None }).unwrap();
    /// assert_eq!(c.prior_record().unwrap().id, "V-1");
    /// let none = Decision::Change { by: "s-sup".into(), at, reason: "not at fault".into(), measures: vec![],
    ///     effects: Some(vec![]), unit_points: Some(0) };
    /// assert_eq!(decide(&county, &p, &none).unwrap().prior_record(), None);
    /// ```
    pub fn prior_record(&self) -> Option<PriorRecord> {
        (!self.outcome.holds_nothing()).then(|| PriorRecord {
            id: self.violation.id.clone(),
            person: self.violation.person.clone(),
            kind: self.violation.kind.clone(),
            measures: self.outcome.measures.clone(),
            confirmed_at: self.decided_at,
        })
    }
}

/// Whether `person` is barred from awards in `year` (a confirmed sanction with `no_award_that_year` for
/// a violation of that year). Only confirmed sanctions count: a proposal bars nothing.
///
/// ```
/// use xiaoneng::award_blocked;
/// assert!(!award_blocked(&[], "s-clerk", 2026));
/// ```
pub fn award_blocked(confirmed: &[Confirmed], person: &str, year: i32) -> bool {
    confirmed
        .iter()
        .any(|c| c.violation.person == person && c.outcome.no_award_year() == Some(year))
}

/// A filing record (备案): one per confirmed sanction, for the supervisory organ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    /// The violation's id.
    pub violation: String,
    /// Its kind.
    pub kind: String,
    /// The person held accountable.
    pub person: String,
    /// The person's unit.
    pub unit: String,
    /// The unit head, when held accountable too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_head: Option<String>,
    /// The measures that hold.
    pub measures: Vec<MeasureSpec>,
    /// The effects that hold.
    pub effects: Vec<SanctionEffect>,
    /// Who decided.
    pub decided_by: String,
    /// When.
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub decided_at: DateTime<Utc>,
    /// The decision's local date (+08:00): the date filing statistics count by.
    pub decided_on: NaiveDate,
    /// The first day a formal sanction no longer holds; none without one, or for expulsion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<NaiveDate>,
    /// Whether the decision changed the proposal.
    pub changed: bool,
}

/// The filings of one unit in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFilings {
    /// Filings.
    pub filings: u32,
    /// Of which the unit head was held accountable too.
    pub unit_head_accountable: u32,
    /// Of which changed by the decision.
    pub changed: u32,
    /// Filings naming each measure.
    pub by_measure: BTreeMap<Measure, u32>,
}

/// The filing report (备案统计) of a period: counts per unit and per measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingStats {
    /// The first local date of the period.
    pub period_start: NaiveDate,
    /// The local date after the period: it is `[period_start, period_end)`.
    pub period_end: NaiveDate,
    /// Filings in the period.
    pub filings: u32,
    /// Per unit.
    pub by_unit: BTreeMap<String, UnitFilings>,
    /// Filings naming each measure, all units.
    pub by_measure: BTreeMap<Measure, u32>,
}

/// The filing report of the period `[start, end)` of local dates: a filing counts when its decision's
/// local date (+08:00, [`Filing::decided_on`]) is on or after `start` and before `end`. A filing counts
/// once per unit, and once for each measure it names (a filing with effects only counts in no measure).
///
/// # Errors
///
/// [`crate::Error::Invalid`] when `end` is before `start` (an empty period, `start == end`, is allowed).
///
/// ```
/// use chrono::NaiveDate;
/// use xiaoneng::filing_stats;
/// let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let feb = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
/// assert_eq!(filing_stats(&[], jan, feb).unwrap().filings, 0);
/// assert!(filing_stats(&[], feb, jan).is_err());
/// ```
pub fn filing_stats(filings: &[Filing], start: NaiveDate, end: NaiveDate) -> Result<FilingStats> {
    if end < start {
        return Err(invalid(
            "period_end",
            end,
            format!("the period ends before it starts ({start})"),
        ));
    }
    let mut stats = FilingStats {
        period_start: start,
        period_end: end,
        filings: 0,
        by_unit: BTreeMap::new(),
        by_measure: BTreeMap::new(),
    };
    for f in filings.iter().filter(|f| start <= f.decided_on && f.decided_on < end) {
        stats.filings += 1;
        let unit = stats.by_unit.entry(f.unit.clone()).or_default();
        unit.filings += 1;
        unit.unit_head_accountable += u32::from(f.unit_head.is_some());
        unit.changed += u32::from(f.changed);
        let mut named: Vec<Measure> = f.measures.iter().map(|m| m.measure).collect();
        named.sort_unstable();
        named.dedup();
        for m in named {
            *unit.by_measure.entry(m).or_default() += 1;
            *stats.by_measure.entry(m).or_default() += 1;
        }
    }
    Ok(stats)
}
