//! A person's and a unit's record for a period (个人、单位问责记录): the violations of the register traced
//! to them, the accountability matters opened on them, the sanctions confirmed, the points deducted and the
//! award bar of each calendar year the period touches. What "in the period" means for each figure, and
//! what a unit's record counts, is defined in docs/metrics.md ("A person's and a unit's record").

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Engine, RegisterState, ViolationQuery};
use crate::error::{invalid, not_found, Result};
use crate::event::EventKind;
use crate::matter::{Matter, MatterState};
use crate::sanction::{local_date, Confirmed, MeasureSpec, SanctionEffect};

/// Whose record: a staff member's or a unit's (their ids in the organisation).
///
/// JSON: `{"kind": "person", "id": "s-clerk"}`, `{"kind": "unit", "id": "amr"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RecordSubject {
    /// A staff member: what they are the responsible person of (held to account for).
    Person(String),
    /// A unit: what is traced to the unit, whoever the person (its staff, someone acting for one of its
    /// posts, or no one: a unit-level violation).
    Unit(String),
}

impl RecordSubject {
    /// The subject's id.
    ///
    /// ```
    /// assert_eq!(xiaoneng::RecordSubject::Unit("amr".into()).id(), "amr");
    /// ```
    pub fn id(&self) -> &str {
        match self {
            RecordSubject::Person(id) | RecordSubject::Unit(id) => id,
        }
    }
}

/// A registered violation in a record: its sequence number in the register, and where it stands in
/// accountability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordViolation {
    /// Its sequence number: the register's evidence (`Engine::violations`, `Engine::register_state`).
    pub seq: u64,
    /// The instant of the breach (for a timer's violation, the threshold instant).
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub at: DateTime<Utc>,
    /// The rule broken (its wire name).
    pub rule: String,
    /// The record it belongs to (case, inquiry, complaint, pledge or matter number).
    pub record: String,
    /// The responsible person; none for a unit-level violation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Its state in the register: `recorded`, `proposed` or `decided`.
    pub state: RegisterState,
}

/// An accountability matter opened in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordMatter {
    /// The matter's number.
    pub id: String,
    /// When it was opened.
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub opened_at: DateTime<Utc>,
    /// The kind of its facts: a rule, or a trigger (`media_exposure`, ...).
    pub kind: String,
    /// The person held to account.
    pub person: String,
    /// The unit.
    pub unit: String,
    /// The registered violation it is opened on; none for a trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<u64>,
    /// Where it stands now: `proposed` or `decided`.
    pub state: MatterState,
}

/// A sanction confirmed (or changed) by a supervisor in the period: what holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSanction {
    /// The matter's number.
    pub matter: String,
    /// The kind of the violation.
    pub kind: String,
    /// The person held to account.
    pub person: String,
    /// The unit.
    pub unit: String,
    /// When the decision was made.
    #[serde(serialize_with = "crate::codec::utc::serialize")]
    pub decided_at: DateTime<Utc>,
    /// The measures that hold.
    pub measures: Vec<MeasureSpec>,
    /// The effects that hold.
    pub effects: Vec<SanctionEffect>,
    /// Points deducted from the person.
    pub person_points: u32,
    /// Points deducted from the unit.
    pub unit_points: u32,
    /// Whether the decision changed the proposal.
    pub changed: bool,
}

/// The award bar (评先评优) of one calendar year the period touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardYear {
    /// The calendar year.
    pub year: i32,
    /// Whether an award is blocked: for a person, [`Engine::award_blocked`]; for a unit, whether any of
    /// `persons` is.
    pub blocked: bool,
    /// The persons barred that year (for a unit: by a sanction traced to the unit), in id order.
    pub persons: Vec<String>,
}

/// A person's or a unit's record for the local dates `[period_start, period_end)` (+08:00):
/// [`Engine::record`]. Figures are defined in docs/metrics.md ("A person's and a unit's record").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordReport {
    /// Whose record.
    pub subject: RecordSubject,
    /// The first local date of the period.
    pub period_start: NaiveDate,
    /// The local date after the period: it is `[period_start, period_end)`.
    pub period_end: NaiveDate,
    /// The unit: the subject for a unit, the person's unit in the organisation for a person.
    pub unit: String,
    /// That unit's head (第一责任人) in the organisation; none when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_head: Option<String>,
    /// Registered violations in the period, by rule wire name (rules with none left out).
    pub by_rule: BTreeMap<String, u32>,
    /// Of those, the violations naming no responsible person (unit-level; always 0 for a person).
    pub unit_level: u32,
    /// The registered violations in the period, in sequence order.
    pub violations: Vec<RecordViolation>,
    /// The accountability matters opened in the period, by opening instant then number.
    pub matters: Vec<RecordMatter>,
    /// The sanctions confirmed in the period, by decision instant then matter number. A proposal never
    /// appears here.
    pub sanctions: Vec<RecordSanction>,
    /// Points deducted from persons by those sanctions (for a unit: from everyone held to account in it).
    pub person_points: u32,
    /// Points deducted from the unit by those sanctions.
    pub unit_points: u32,
    /// The award bar of each calendar year the period touches, in order.
    pub awards: Vec<AwardYear>,
}

/// The instant of local (+08:00) midnight opening `day`; `None` past the instants' range (the period is
/// then unbounded on that side).
fn midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    let offset = chrono::FixedOffset::east_opt(8 * 3600)?;
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(offset)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// When a matter was opened: the instant its proposal is as of (the opening's), else its facts' instant
/// (a trigger's facts are at the opening).
fn opened_at(m: &Matter) -> DateTime<Utc> {
    m.proposal.as_ref().map_or(m.facts.at, |p| p.as_of)
}

impl Engine {
    /// The record of a person or a unit for the local dates `[start, end)` (+08:00: from `start`, before
    /// `end`): the registered violations in the period (by rule, each with its state in the register), the
    /// accountability matters opened in it, the sanctions confirmed in it with their points, and the award
    /// bar of each calendar year it touches. A person's record is what they are the responsible person
    /// of; a unit's is what is traced to the unit as of the breach, whoever the person (its staff, and
    /// violations naming no person). See docs/metrics.md, "A person's and a unit's record".
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy, RecordSubject};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "open_matter", "case": "W1",
    ///     "at": "2026-11-20T09:00:00+08:00", "actor": "s-sup", "trigger": "media_exposure",
    ///     "person": "s-clerk", "detail": "窗口推诿被媒体曝光", "severity": "ordinary"}"#).unwrap()).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "decide_sanction", "case": "W1",
    ///     "at": "2026-11-23T09:00:00+08:00", "actor": "s-sup", "confirm": true}"#).unwrap()).unwrap();
    /// let nov = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    /// let dec = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    /// let r = engine.record(&RecordSubject::Person("s-clerk".into()), nov, dec).unwrap();
    /// assert_eq!((r.violations.len(), r.matters.len(), r.sanctions.len()), (1, 1, 1));
    /// assert!(r.awards[0].blocked);
    /// let amr = engine.record(&RecordSubject::Unit("amr".into()), nov, dec).unwrap();
    /// assert_eq!(amr.unit_head.as_deref(), Some("s-head"));
    /// assert_eq!(engine.record(&RecordSubject::Unit("nowhere".into()), nov, dec).unwrap_err().field(), Some("unit"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming `end` when it is not after `start`; [`crate::Error::NotFound`]
    /// naming `person` or `unit` for an id the organisation does not have.
    pub fn record(&self, subject: &RecordSubject, start: NaiveDate, end: NaiveDate) -> Result<RecordReport> {
        if end <= start {
            return Err(invalid(
                "end",
                end,
                format!("the period ends before it starts, or with it ({start}): it is [start, end)"),
            ));
        }
        let (person, unit) = match subject {
            RecordSubject::Person(p) => {
                let staff = self
                    .org
                    .staff(p)
                    .ok_or_else(|| not_found("person", p, "no staff member has this id"))?;
                (Some(p.as_str()), staff.unit.as_str())
            }
            RecordSubject::Unit(u) => {
                self.org
                    .unit(u)
                    .ok_or_else(|| not_found("unit", u, "no unit has this id"))?;
                (None, u.as_str())
            }
        };
        let in_period = |t: DateTime<Utc>| {
            let day = local_date(t);
            start <= day && day < end
        };
        // Whose: the responsible person for a person, the unit as traced for a unit.
        let ours = |who: &str, of_unit: &str| match person {
            Some(p) => who == p,
            None => of_unit == unit,
        };

        let query = ViolationQuery {
            from: midnight(start),
            to: midnight(end),
            person: person.map(str::to_string),
            unit: person.is_none().then(|| unit.to_string()),
            ..Default::default()
        };
        let states = self.matter_states();
        let mut by_rule = BTreeMap::new();
        let mut unit_level = 0;
        let mut violations = Vec::new();
        for e in self.violations(&query)? {
            let EventKind::Violation { rule, responsible, .. } = &e.kind else {
                continue;
            };
            // The register's person filter also names the acting person and the unit head.
            if person.is_some() && responsible.as_deref() != person {
                continue;
            }
            if !in_period(e.at) {
                continue;
            }
            *by_rule.entry(rule.as_str().to_string()).or_insert(0) += 1;
            unit_level += u32::from(responsible.is_none());
            violations.push(RecordViolation {
                seq: e.seq,
                at: e.at,
                rule: rule.as_str().to_string(),
                record: e.case.clone(),
                person: responsible.clone(),
                state: self.state_of(e, &states),
            });
        }

        let mut matters: Vec<RecordMatter> = self
            .matters()
            .filter(|m| ours(&m.facts.person, &m.facts.unit) && in_period(opened_at(m)))
            .map(|m| RecordMatter {
                id: m.id.clone(),
                opened_at: opened_at(m),
                kind: m.facts.kind.clone(),
                person: m.facts.person.clone(),
                unit: m.facts.unit.clone(),
                violation: m.violation,
                state: m.state(),
            })
            .collect();
        matters.sort_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)));

        let held: Vec<&Confirmed> = self
            .sanctions()
            .into_iter()
            .filter(|c| ours(&c.violation.person, &c.violation.unit))
            .collect();
        let sanctions: Vec<RecordSanction> = held
            .iter()
            .filter(|c| in_period(c.decided_at))
            .map(|c| RecordSanction {
                matter: c.violation.id.clone(),
                kind: c.violation.kind.clone(),
                person: c.violation.person.clone(),
                unit: c.violation.unit.clone(),
                decided_at: c.decided_at,
                measures: c.outcome.measures.clone(),
                effects: c.outcome.effects.clone(),
                person_points: c.outcome.person_points,
                unit_points: c.outcome.unit_points,
                changed: c.changed,
            })
            .collect();
        let person_points = sanctions.iter().map(|s| s.person_points).sum();
        let unit_points = sanctions.iter().map(|s| s.unit_points).sum();

        // The award bar of `award_blocked`: a held sanction barring the person in that year, whenever
        // it was decided.
        let mut barred: BTreeMap<i32, Vec<String>> = BTreeMap::new();
        for c in &held {
            if let Some(year) = c.outcome.no_award_year() {
                barred.entry(year).or_default().push(c.violation.person.clone());
            }
        }
        let last = end.pred_opt().unwrap_or(end).year();
        let awards = (start.year()..=last)
            .map(|year| {
                let mut persons = barred.remove(&year).unwrap_or_default();
                persons.sort_unstable();
                persons.dedup();
                AwardYear {
                    year,
                    blocked: !persons.is_empty(),
                    persons,
                }
            })
            .collect();

        Ok(RecordReport {
            subject: subject.clone(),
            period_start: start,
            period_end: end,
            unit: unit.to_string(),
            unit_head: self.org.unit(unit).and_then(|u| u.head.clone()),
            by_rule,
            unit_level,
            violations,
            matters,
            sanctions,
            person_points,
            unit_points,
            awards,
        })
    }
}
