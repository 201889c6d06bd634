//! Proposals: which rule answers a violation, what it counts, which step it reaches, and why.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ladder::{LadderCounts, LadderPolicy, LadderStep, LadderWindow};
use super::local_date;
use super::measure::{Measure, MeasureSpec, SanctionEffect, Severity};
use crate::error::{invalid, not_allowed, not_found, out_of_range, Result};

/// The facts of a violation a sanction is proposed for (问责事实): what, how serious, who, where, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationFacts {
    /// The violation's id (a case violation or a substantiated complaint, as the host numbers them).
    pub id: String,
    /// Its kind: a rule name such as `decision_overdue`, or a host's kind such as
    /// `complaint_substantiated`.
    pub kind: String,
    /// How serious it is.
    pub severity: Severity,
    /// The person responsible.
    pub person: String,
    /// The responsible unit.
    pub unit: String,
    /// The unit's head (第一责任人).
    pub unit_head: String,
    /// When it happened.
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub at: DateTime<Utc>,
}

/// A confirmed accountability of the past (问责记录): what a ladder counts. [`super::Confirmed::prior_record`]
/// gives the record of a confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorRecord {
    /// The record's id: the id of the violation it confirmed a sanction for.
    pub id: String,
    /// The person held accountable.
    pub person: String,
    /// The violation's kind.
    pub kind: String,
    /// The measures confirmed (none when only effects were).
    #[serde(default)]
    pub measures: Vec<MeasureSpec>,
    /// When it was confirmed.
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub confirmed_at: DateTime<Utc>,
}

/// What a sanction amounts to: measures, effects and points. A proposal's is what is proposed; a
/// confirmation's is what holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanctionOutcome {
    /// The measures, in the order the steps named them.
    pub measures: Vec<MeasureSpec>,
    /// The effects, each once, in [`SanctionEffect::ALL`] order.
    pub effects: Vec<SanctionEffect>,
    /// The calendar year of the violation's local date (+08:00): the year `no_award_that_year` and
    /// `loss_of_bonus` concern.
    pub year: i32,
    /// Points deducted from the person: the sum of the measures' points in the points table.
    pub person_points: u32,
    /// Points deducted from the unit: the sum of the chosen steps' `unit_points`.
    pub unit_points: u32,
}

impl SanctionOutcome {
    /// The year in which the person may receive no award, when the outcome bars awards.
    ///
    /// ```
    /// use xiaoneng::{SanctionEffect, SanctionOutcome};
    /// let o = SanctionOutcome { measures: vec![], effects: vec![SanctionEffect::NoAwardThatYear], year: 2026,
    ///                   person_points: 0, unit_points: 0 };
    /// assert_eq!(o.no_award_year(), Some(2026));
    /// ```
    pub fn no_award_year(&self) -> Option<i32> {
        self.effects
            .contains(&SanctionEffect::NoAwardThatYear)
            .then_some(self.year)
    }

    /// Whether the unit head is held accountable too.
    ///
    /// ```
    /// use xiaoneng::{SanctionEffect, SanctionOutcome};
    /// let o = SanctionOutcome { measures: vec![], effects: vec![], year: 2026, person_points: 0, unit_points: 0 };
    /// assert!(!o.unit_head_accountable());
    /// ```
    pub fn unit_head_accountable(&self) -> bool {
        self.effects.contains(&SanctionEffect::UnitHeadAccountable)
    }

    /// The formal sanction (政务处分) among the measures, if any.
    ///
    /// ```
    /// use xiaoneng::{Measure, MeasureSpec, SanctionOutcome};
    /// let o = SanctionOutcome { measures: vec![Measure::Demerit.into()], effects: vec![], year: 2026,
    ///                   person_points: 0, unit_points: 0 };
    /// assert_eq!(o.formal(), Some(Measure::Demerit));
    /// ```
    pub fn formal(&self) -> Option<Measure> {
        self.measures.iter().map(|m| m.measure).find(|m| m.is_formal())
    }

    /// Whether the outcome holds nothing: no measure, no effect, no points (免予问责).
    ///
    /// ```
    /// use xiaoneng::SanctionOutcome;
    /// let o = SanctionOutcome { measures: vec![], effects: vec![], year: 2026, person_points: 0, unit_points: 0 };
    /// assert!(o.holds_nothing());
    /// ```
    pub fn holds_nothing(&self) -> bool {
        self.measures.is_empty() && self.effects.is_empty() && self.person_points == 0 && self.unit_points == 0
    }

    /// An outcome of `measures` and `effects` (sorted and made unique) with the points of the table.
    pub(crate) fn of(
        policy: &LadderPolicy,
        measures: Vec<MeasureSpec>,
        mut effects: Vec<SanctionEffect>,
        year: i32,
        unit_points: u32,
    ) -> SanctionOutcome {
        effects.sort_unstable();
        effects.dedup();
        let person_points = measures
            .iter()
            .fold(0u32, |sum, m| sum.saturating_add(policy.points.points(*m)));
        SanctionOutcome {
            measures,
            effects,
            year,
            person_points,
            unit_points,
        }
    }
}

/// One reason of a proposal's derivation, in order: the rule that matched, what was counted, the step
/// chosen, each escalation, each measure's points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SanctionReason {
    /// The rule that answers the violation, and how specifically (3: its kind and severity; 2: its kind;
    /// 1: `*` and its severity; 0: `*`).
    RuleMatched {
        /// The rule's name.
        rule: String,
        /// The violation's kind.
        kind: String,
        /// The violation's severity.
        severity: Severity,
        /// How specifically the rule matched.
        specificity: u8,
    },
    /// What a rule or escalation counted: the prior records in its window, by id, and the count with
    /// this violation (or the proposed measure) included.
    Counted {
        /// The rule or escalation.
        rule: String,
        /// What the rule counts (`accountabilities`, `same_kind`); absent for an escalation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        counts: Option<LadderCounts>,
        /// The measure an escalation counts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<Measure>,
        /// First local date of the window.
        window_start: NaiveDate,
        /// The local date after the window (the window is `[window_start, window_end)`).
        window_end: NaiveDate,
        /// The ids of the prior records counted, by confirmation instant.
        records: Vec<String>,
        /// The count: the prior records and this one.
        count: u32,
    },
    /// The step chosen: the last step whose `at` is at most the count.
    StepChosen {
        /// The rule or escalation.
        rule: String,
        /// The count.
        count: u32,
        /// The step's `at`.
        at: u32,
        /// The next step's `at`, if any (the step applies below it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_at: Option<u32>,
        /// The step's measures.
        measures: Vec<MeasureSpec>,
        /// The step's effects.
        effects: Vec<SanctionEffect>,
        /// The step's unit points.
        unit_points: u32,
    },
    /// No step: the count is below the first step's `at`; the rule proposes nothing.
    BelowFirstStep {
        /// The rule or escalation.
        rule: String,
        /// The count.
        count: u32,
        /// The first step's `at`.
        first_at: u32,
    },
    /// An escalation considered because the proposal holds its measure.
    EscalationApplies {
        /// The escalation.
        escalation: String,
        /// Its measure.
        measure: Measure,
    },
    /// A formal sanction dropped: one formal sanction at a time, the heavier kept.
    FormalDropped {
        /// The one dropped.
        dropped: Measure,
        /// The one kept.
        kept: Measure,
    },
    /// The points a proposed measure deducts from the person.
    Points {
        /// The measure.
        measure: MeasureSpec,
        /// Its points in the table.
        points: u32,
    },
}

impl SanctionReason {
    /// The reason as one English sentence.
    ///
    /// ```
    /// use xiaoneng::{Measure, SanctionReason};
    /// let r = SanctionReason::Points { measure: Measure::WrittenSelfCriticism.into(), points: 5 };
    /// assert_eq!(r.describe(), "written_self_criticism deducts 5 points from the person");
    /// ```
    pub fn describe(&self) -> String {
        let ids = |records: &[String]| {
            if records.is_empty() {
                "none".to_string()
            } else {
                records.join(", ")
            }
        };
        match self {
            SanctionReason::RuleMatched {
                rule,
                kind,
                severity,
                specificity,
            } => {
                let how = match specificity {
                    3 => "its kind and severity",
                    2 => "its kind, any severity",
                    1 => "every kind (`*`), its severity",
                    _ => "every kind (`*`), any severity",
                };
                format!("rule `{rule}` answers a `{kind}` violation of severity {severity} ({how})")
            }
            SanctionReason::Counted {
                rule,
                counts,
                measure,
                window_start,
                window_end,
                records,
                count,
            } => {
                let what = match (counts, measure) {
                    (_, Some(m)) => format!("prior {m} measures"),
                    (Some(LadderCounts::SameKind), _) => "prior accountabilities of the same kind".into(),
                    _ => "prior accountabilities".into(),
                };
                format!(
                    "`{rule}` counts {what} from {window_start} to before {window_end}: {} ({}), so this is number {count}",
                    records.len(),
                    ids(records)
                )
            }
            SanctionReason::StepChosen {
                rule,
                count,
                at,
                next_at,
                measures,
                effects,
                unit_points,
            } => {
                let range = match next_at {
                    Some(n) => format!("{at}..{n}"),
                    None => format!("{at} and above"),
                };
                let list: Vec<String> = measures
                    .iter()
                    .map(ToString::to_string)
                    .chain(effects.iter().map(ToString::to_string))
                    .collect();
                format!(
                    "`{rule}`: count {count} falls in the step for {range}: {}; unit points {unit_points}",
                    list.join(", ")
                )
            }
            SanctionReason::BelowFirstStep { rule, count, first_at } => {
                format!("`{rule}`: count {count} is below its first step ({first_at}); it proposes nothing")
            }
            SanctionReason::EscalationApplies { escalation, measure } => {
                format!("the proposal holds {measure}, so escalation `{escalation}` is considered")
            }
            SanctionReason::FormalDropped { dropped, kept } => {
                format!("one formal sanction at a time: {dropped} dropped, {kept} kept")
            }
            SanctionReason::Points { measure, points } => {
                format!("{measure} deducts {points} points from the person")
            }
        }
    }
}

/// A proposed sanction (问责建议): what the ladder proposes for a violation, and why. Nothing of it takes
/// effect until a person confirms or changes it ([`super::decide`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The violation.
    pub violation: ViolationFacts,
    /// The instant the proposal was made at (records confirmed later were not counted).
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub as_of: DateTime<Utc>,
    /// The rule that matched.
    pub rule: String,
    /// The rule's count (this violation included).
    pub count: u32,
    /// What is proposed.
    pub outcome: SanctionOutcome,
    /// Why, in order.
    pub derivation: Vec<SanctionReason>,
}

/// Proposes a sanction for a violation under a ladder, given the history of confirmed accountabilities.
///
/// The rule is the most specific for the violation's kind and severity ([`LadderPolicy::rule_for`]). It
/// counts the person's prior records (of the same kind, for `same_kind`) confirmed no later than
/// `as_of`, whose confirmation's local date (+08:00) lies in the window around the violation's local
/// date; a record with the violation's own id is not counted, and one listed twice counts once. This
/// violation makes the count one more; the step is the last whose `at` is at most the count (none below
/// the first). Escalations follow in order. Deterministic: the same arguments give the same proposal.
///
/// # Errors
///
/// [`crate::Error::Invalid`]: an invalid policy ([`LadderPolicy::validate`]); an empty violation id or
/// person. [`crate::Error::NotAllowed`]: `as_of` before the violation. [`crate::Error::NotFound`]: no
/// rule answers the violation's kind and severity (and no `*` rule). [`crate::Error::OutOfRange`]: a
/// window beyond the dates the library holds.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use xiaoneng::{propose, LadderPolicy, Measure, Severity, ViolationFacts};
///
/// let at: DateTime<Utc> = "2026-03-02T10:00:00+08:00".parse().unwrap();
/// let v = ViolationFacts {
///     id: "V-1".into(), kind: "decision_overdue".into(), severity: Severity::Ordinary,
///     person: "s-clerk".into(), unit: "amr".into(), unit_head: "s-head".into(), at,
/// };
/// let p = propose(&LadderPolicy::county(), &v, &[], at).unwrap();
/// assert_eq!(p.outcome.measures, vec![Measure::WrittenSelfCriticism.into()]);
/// assert_eq!(p.outcome.no_award_year(), Some(2026));
/// assert_eq!(p.outcome.person_points, 5);
/// ```
pub fn propose(
    policy: &LadderPolicy,
    violation: &ViolationFacts,
    history: &[PriorRecord],
    as_of: DateTime<Utc>,
) -> Result<Proposal> {
    policy.validate()?;
    if violation.id.trim().is_empty() {
        return Err(invalid("violation.id", "\"\"", "a violation needs an id"));
    }
    if violation.person.trim().is_empty() {
        return Err(invalid("violation.person", "\"\"", "name the person responsible"));
    }
    if as_of < violation.at {
        return Err(not_allowed(
            "as_of",
            as_of.to_rfc3339(),
            format!("a proposal comes after its violation ({})", violation.at.to_rfc3339()),
        ));
    }
    let day = local_date(violation.at);
    let (rule, specificity) = policy.rule_for(&violation.kind, violation.severity).ok_or_else(|| {
        not_found(
            "violation.kind",
            &violation.kind,
            format!(
                "no ladder rule answers this kind with severity {}, and there is no `*` rule for it",
                violation.severity
            ),
        )
    })?;
    let mut derivation = vec![SanctionReason::RuleMatched {
        rule: rule.name.clone(),
        kind: violation.kind.clone(),
        severity: violation.severity,
        specificity,
    }];

    // The person's records known at `as_of`, in confirmation order, each id once.
    let mut known: Vec<&PriorRecord> = history
        .iter()
        .filter(|r| r.person == violation.person && r.id != violation.id && r.confirmed_at <= as_of)
        .collect();
    known.sort_by(|a, b| (a.confirmed_at, &a.id).cmp(&(b.confirmed_at, &b.id)));
    let mut seen = std::collections::BTreeSet::new();
    known.retain(|r| seen.insert(r.id.as_str()));

    let count_in =
        |name: &str, window: LadderWindow, keep: &dyn Fn(&PriorRecord) -> bool| -> Result<(u32, SanctionReason)> {
            let (start, end) = window.range(day).ok_or_else(|| {
                out_of_range(
                    "violation.at",
                    violation.at.to_rfc3339(),
                    format!("the window of `{name}` lies beyond the dates the library holds"),
                )
            })?;
            let mut records = Vec::new();
            for r in &known {
                let d = local_date(r.confirmed_at);
                if start <= d && d < end && keep(r) {
                    records.push(r.id.clone());
                }
            }
            let count = u32::try_from(records.len()).unwrap_or(u32::MAX).saturating_add(1);
            Ok((
                count,
                SanctionReason::Counted {
                    rule: name.to_string(),
                    counts: None,
                    measure: None,
                    window_start: start,
                    window_end: end,
                    records,
                    count,
                },
            ))
        };

    let same_kind = rule.counts == LadderCounts::SameKind;
    let (count, mut counted) = count_in(&rule.name, rule.window, &|r| !same_kind || r.kind == violation.kind)?;
    if let SanctionReason::Counted { counts, .. } = &mut counted {
        *counts = Some(rule.counts);
    }
    derivation.push(counted);

    let mut measures: Vec<MeasureSpec> = Vec::new();
    let mut effects: Vec<SanctionEffect> = Vec::new();
    let mut unit_points = 0u32;
    apply_step(
        &rule.name,
        &rule.steps,
        count,
        &mut measures,
        &mut effects,
        &mut unit_points,
        &mut derivation,
    );

    for esc in &policy.escalations {
        if !measures.iter().any(|m| m.measure == esc.measure) {
            continue;
        }
        derivation.push(SanctionReason::EscalationApplies {
            escalation: esc.name.clone(),
            measure: esc.measure,
        });
        let (n, mut counted) = count_in(&esc.name, esc.window, &|r| {
            r.measures.iter().any(|m| m.measure == esc.measure)
        })?;
        if let SanctionReason::Counted { measure, .. } = &mut counted {
            *measure = Some(esc.measure);
        }
        derivation.push(counted);
        apply_step(
            &esc.name,
            &esc.steps,
            n,
            &mut measures,
            &mut effects,
            &mut unit_points,
            &mut derivation,
        );
    }

    for m in &measures {
        derivation.push(SanctionReason::Points {
            measure: *m,
            points: policy.points.points(*m),
        });
    }
    let outcome = SanctionOutcome::of(policy, measures, effects, chrono::Datelike::year(&day), unit_points);
    Ok(Proposal {
        violation: violation.clone(),
        as_of,
        rule: rule.name.clone(),
        count,
        outcome,
        derivation,
    })
}

/// Chooses the step for `count` and adds what it proposes (a measure already proposed is not added
/// again; of two formal sanctions the heavier is kept).
fn apply_step(
    name: &str,
    steps: &[LadderStep],
    count: u32,
    measures: &mut Vec<MeasureSpec>,
    effects: &mut Vec<SanctionEffect>,
    unit_points: &mut u32,
    derivation: &mut Vec<SanctionReason>,
) {
    let Some(k) = steps.iter().rposition(|s| s.at <= count) else {
        derivation.push(SanctionReason::BelowFirstStep {
            rule: name.to_string(),
            count,
            first_at: steps.first().map_or(0, |s| s.at),
        });
        return;
    };
    let step = &steps[k];
    derivation.push(SanctionReason::StepChosen {
        rule: name.to_string(),
        count,
        at: step.at,
        next_at: steps.get(k + 1).map(|s| s.at),
        measures: step.measures.clone(),
        effects: step.effects.clone(),
        unit_points: step.unit_points,
    });
    for m in &step.measures {
        if measures.iter().any(|p| p.measure == m.measure) {
            continue;
        }
        if m.measure.is_formal() {
            if let Some(k) = measures.iter().position(|p| p.measure.is_formal()) {
                let old = measures[k].measure;
                let (dropped, kept) = if m.measure > old {
                    (old, m.measure)
                } else {
                    (m.measure, old)
                };
                derivation.push(SanctionReason::FormalDropped { dropped, kept });
                if kept == m.measure {
                    measures[k] = *m;
                }
                continue;
            }
        }
        measures.push(*m);
    }
    effects.extend(step.effects.iter().copied());
    *unit_points = unit_points.saturating_add(step.unit_points);
}
