//! The ladder policy: rules by violation kind and severity, counted windows, steps, escalations and the
//! points table, as a vendor writes them (TOML or JSON), validated.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::measure::{Measure, MeasureSpec, SanctionEffect, Severity};
use crate::codec;
use crate::error::{invalid, Result};

/// The rule name that matches every violation kind.
pub const ANY_KIND: &str = "*";

/// Longest window in months (100 years).
const MAX_MONTHS: u32 = 1200;
/// Longest window in days (100 years).
const MAX_DAYS: u32 = 36_600;

crate::names::wire_enum! {
    /// What a rule counts among a person's prior confirmed records (问责记录) in its window.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum LadderCounts {
        /// Every confirmed accountability of the person, whatever its kind. The default.
        #[default]
        Accountabilities = "accountabilities" / "问责次数",
        /// Confirmed accountabilities for a violation of the same kind as this one.
        SameKind = "same_kind" / "同类问责次数",
    }
}

crate::names::wire_enum! {
    /// The unit of a counting window.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum WindowUnit {
        /// The calendar year of the violation's local date (1 January to 31 December); takes no amount.
        CalendarYear = "calendar_year" / "自然年",
        /// The calendar month of the violation's local date; takes no amount.
        CalendarMonth = "calendar_month" / "自然月",
        /// The `amount` months ending with the violation's local date (a rolling window).
        Months = "months" / "月",
        /// The `amount` days ending with the violation's local date (a rolling window).
        Days = "days" / "日",
    }
}

/// The window in which prior records are counted, anchored on the violation's local date (+08:00).
///
/// Written `{ unit = "calendar_year" }`, `{ unit = "calendar_month" }`, `{ unit = "months", amount = 3 }`
/// or `{ unit = "days", amount = 30 }`. The window is a half-open range of local dates `[start, end)`
/// ([`LadderWindow::range`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderWindow {
    /// The unit.
    pub unit: WindowUnit,
    /// How many months or days (rolling windows only), at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u32>,
}

impl LadderWindow {
    /// The calendar year.
    pub const CALENDAR_YEAR: LadderWindow = LadderWindow {
        unit: WindowUnit::CalendarYear,
        amount: None,
    };
    /// The calendar month.
    pub const CALENDAR_MONTH: LadderWindow = LadderWindow {
        unit: WindowUnit::CalendarMonth,
        amount: None,
    };

    /// The local dates `[start, end)` of the window around `day`: the calendar year or month holding it,
    /// or the `amount` months (days) ending with it: from the day after the same day `amount` months
    /// earlier (the month's last day where that month is shorter) up to and including `day`. `None` for an
    /// invalid window or one beyond the dates chrono can hold.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use xiaoneng::{LadderWindow, WindowUnit};
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(LadderWindow::CALENDAR_YEAR.range(d(2026, 12, 31)), Some((d(2026, 1, 1), d(2027, 1, 1))));
    /// let three = LadderWindow { unit: WindowUnit::Months, amount: Some(3) };
    /// assert_eq!(three.range(d(2026, 5, 31)), Some((d(2026, 3, 1), d(2026, 6, 1))));
    /// ```
    pub fn range(&self, day: chrono::NaiveDate) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        use chrono::{Datelike, Days, Months, NaiveDate};
        let next = day.checked_add_days(Days::new(1))?;
        match (self.unit, self.amount) {
            (WindowUnit::CalendarYear, None) => Some((
                NaiveDate::from_ymd_opt(day.year(), 1, 1)?,
                NaiveDate::from_ymd_opt(day.year().checked_add(1)?, 1, 1)?,
            )),
            (WindowUnit::CalendarMonth, None) => {
                let start = day.with_day(1)?;
                Some((start, start.checked_add_months(Months::new(1))?))
            }
            (WindowUnit::Months, Some(n @ 1..)) => Some((
                day.checked_sub_months(Months::new(n))?.checked_add_days(Days::new(1))?,
                next,
            )),
            (WindowUnit::Days, Some(n @ 1..)) => Some((next.checked_sub_days(Days::new(u64::from(n)))?, next)),
            _ => None,
        }
    }
}

/// One rung of a ladder: what is proposed when this violation is the `at`-th counted in the window (or
/// later, up to the next step's `at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderStep {
    /// The count from which the step applies: 1 = the first violation in the window (none before it),
    /// 2 = the second, ...; it applies up to the next step's `at` (exclusive), the last step to every
    /// higher count.
    pub at: u32,
    /// The measures proposed (at most one formal sanction; public criticism with its level).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureSpec>,
    /// The effects proposed besides the measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<SanctionEffect>,
    /// Points deducted from the person's unit (单位扣分), whole points.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unit_points: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A ladder rule: which violations it answers (kind and severity), what it counts in which window, and
/// its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderRule {
    /// The rule's name, unique in the policy; the derivation names it.
    pub name: String,
    /// The violation kind it answers (a rule name such as `decision_overdue`, or a host's kind such as
    /// `complaint_substantiated`), or `*` for every kind.
    pub kind: String,
    /// The severity it answers; every severity when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// What is counted: `accountabilities` (the default) or `same_kind`.
    #[serde(default)]
    pub counts: LadderCounts,
    /// The counting window.
    pub window: LadderWindow,
    /// The steps, by `at` strictly increasing.
    pub steps: Vec<LadderStep>,
}

/// An escalation: when a proposal holds `measure`, and this is the `at`-th such measure for the person in
/// the window (the proposed one included), the step's measures and effects are added. Escalations apply
/// in the order listed, each once, each seeing what the ones before it added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// The escalation's name, unique in the policy (among rules and escalations).
    pub name: String,
    /// The measure counted (any level).
    pub measure: Measure,
    /// The counting window.
    pub window: LadderWindow,
    /// The steps, by `at` strictly increasing.
    pub steps: Vec<LadderStep>,
}

/// Personal point deductions (个人扣分) per measure, whole points; every measure not listed deducts none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsTable {
    /// Points per measure (public criticism excepted). When given, it replaces the default table.
    #[serde(default = "default_measure_points", deserialize_with = "by_measure")]
    pub measures: BTreeMap<Measure, u32>,
    /// Points of public criticism by level: the first entry is level 1. When given, it replaces the
    /// default `[10, 20, 30, 50]`.
    #[serde(default = "default_public_criticism")]
    pub public_criticism: Vec<u32>,
}

fn default_measure_points() -> BTreeMap<Measure, u32> {
    BTreeMap::from([
        (Measure::ReminderTalk, 3),
        (Measure::CriticismEducation, 3),
        (Measure::EfficiencyWarning, 3),
        (Measure::WrittenSelfCriticism, 5),
        (Measure::AdmonishmentTalk, 30),
        (Measure::Suspension, 30),
        (Measure::Demotion, 40),
        (Measure::Removal, 40),
    ])
}

fn default_public_criticism() -> Vec<u32> {
    vec![10, 20, 30, 50]
}

impl Default for PointsTable {
    /// A reminder talk, criticism and education or an efficiency warning 3; a written self-criticism 5;
    /// public criticism 10 / 20 / 30 / 50 by level; an admonishment talk or suspension 30; demotion or
    /// removal 40.
    fn default() -> Self {
        PointsTable {
            measures: default_measure_points(),
            public_criticism: default_public_criticism(),
        }
    }
}

impl PointsTable {
    /// The points a measure deducts from the person (0 for a measure not in the table, or a level the
    /// table does not have).
    ///
    /// ```
    /// use xiaoneng::{Measure, MeasureSpec, PointsTable};
    /// let t = PointsTable::default();
    /// assert_eq!(t.points(MeasureSpec::with_level(Measure::PublicCriticism, 4)), 50);
    /// assert_eq!(t.points(MeasureSpec::new(Measure::WrittenSelfCriticism)), 5);
    /// assert_eq!(t.points(MeasureSpec::new(Measure::Reassignment)), 0);
    /// ```
    pub fn points(&self, m: MeasureSpec) -> u32 {
        match (m.measure, m.level) {
            (Measure::PublicCriticism, Some(l)) => self
                .public_criticism
                .get(usize::from(l).wrapping_sub(1))
                .copied()
                .unwrap_or(0),
            (measure, _) => self.measures.get(&measure).copied().unwrap_or(0),
        }
    }
}

/// The sanction ladder (问责 / 失职追究): rules, escalations and the points table.
///
/// A violation is answered by the most specific rule: its kind and severity, then its kind (any
/// severity), then `*` with its severity, then `*`. Read from TOML or JSON ([`LadderPolicy::from_toml`],
/// [`LadderPolicy::from_json`]); unknown fields are refused at every level. docs/policy.md, "Sanction
/// ladder", lists the fields.
///
/// ```
/// use xiaoneng::LadderPolicy;
/// let county = LadderPolicy::county();
/// assert_eq!(county.rules.len(), 1);
/// assert_eq!(LadderPolicy::from_json(&county.to_json()).unwrap(), county);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderPolicy {
    /// The policy's name.
    pub name: String,
    /// The rules.
    pub rules: Vec<LadderRule>,
    /// Escalations on proposed measures; none when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<Escalation>,
    /// Personal point deductions; the default table when absent.
    #[serde(default)]
    pub points: PointsTable,
}

const COUNTY: &str = include_str!("../../presets/ladder/county.toml");
const MONTHLY: &str = include_str!("../../presets/ladder/monthly-warning.toml");

impl LadderPolicy {
    /// The county's ladder (presets/ladder/county.toml): in a calendar year, the first accountability →
    /// a written self-criticism and no award that year; the second → loss of bonus (and no award); the
    /// third and later → suspension, and the unit head and the deputy in charge held accountable.
    ///
    /// ```
    /// use xiaoneng::LadderPolicy;
    /// assert_eq!(LadderPolicy::county().rules[0].steps.len(), 3);
    /// ```
    pub fn county() -> LadderPolicy {
        LadderPolicy::from_toml(COUNTY).expect("the shipped county ladder is valid")
    }

    /// The other ladder (presets/ladder/monthly-warning.toml): the third accountability in a calendar
    /// month → an efficiency warning, which bars awards that year; the second efficiency warning in a
    /// calendar year → an admonishment talk.
    ///
    /// ```
    /// use xiaoneng::LadderPolicy;
    /// assert_eq!(LadderPolicy::monthly_warning().escalations.len(), 1);
    /// ```
    pub fn monthly_warning() -> LadderPolicy {
        LadderPolicy::from_toml(MONTHLY).expect("the shipped monthly-warning ladder is valid")
    }

    /// Reads and validates a ladder from JSON.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field path (an unknown field, an unknown measure, effect or
    /// severity); [`crate::Error::Invalid`] from [`LadderPolicy::validate`].
    ///
    /// ```
    /// use xiaoneng::LadderPolicy;
    /// let e = LadderPolicy::from_json(r#"{"name": "x", "rules": [{"name": "r", "kind": "*",
    ///     "window": {"unit": "calendar_year"}, "steps": [{"at": 1, "measures": ["flogging"]}]}]}"#)
    ///     .unwrap_err();
    /// assert_eq!(e.field(), Some("rules[0].steps[0].measures[0]"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let p: LadderPolicy = codec::from_json(text)?;
        p.validate()?;
        Ok(p)
    }

    /// Reads and validates a ladder from TOML.
    ///
    /// # Errors
    ///
    /// As [`LadderPolicy::from_json`].
    ///
    /// ```
    /// use xiaoneng::LadderPolicy;
    /// let toml = r#"
    /// name = "demo"
    /// [[rules]]
    /// name = "any"
    /// kind = "*"
    /// window = { unit = "months", amount = 0 }
    /// steps = [{ at = 1, measures = ["criticism_education"] }]
    /// "#;
    /// let e = LadderPolicy::from_toml(toml).unwrap_err();
    /// assert_eq!(e.field(), Some("rules[0].window.amount"));
    /// ```
    pub fn from_toml(text: &str) -> Result<Self> {
        let p: LadderPolicy = codec::from_toml(text)?;
        p.validate()?;
        Ok(p)
    }

    /// The ladder as compact JSON.
    ///
    /// ```
    /// use xiaoneng::LadderPolicy;
    /// assert!(LadderPolicy::county().to_json().contains("written_self_criticism"));
    /// ```
    pub fn to_json(&self) -> String {
        codec::to_json(self)
    }

    /// The rule that answers a violation of `kind` and `severity`, with its specificity (3: kind and
    /// severity; 2: kind; 1: `*` and severity; 0: `*`).
    ///
    /// ```
    /// use xiaoneng::{LadderPolicy, Severity};
    /// let county = LadderPolicy::county();
    /// let (rule, specificity) = county.rule_for("decision_overdue", Severity::Ordinary).unwrap();
    /// assert_eq!((rule.name.as_str(), specificity), ("county-annual", 0));
    /// ```
    pub fn rule_for(&self, kind: &str, severity: Severity) -> Option<(&LadderRule, u8)> {
        self.rules
            .iter()
            .filter_map(|r| {
                let kind_score = if r.kind == kind {
                    2
                } else if r.kind == ANY_KIND {
                    0
                } else {
                    return None;
                };
                let sev_score = match r.severity {
                    Some(s) if s == severity => 1,
                    Some(_) => return None,
                    None => 0,
                };
                Some((r, kind_score + sev_score))
            })
            .max_by_key(|&(_, s)| s)
    }

    /// Checks every value, naming the field of the first invalid one.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] with the field path, the value and why: an empty name; no rules; a rule
    /// or escalation name empty or used twice; an empty kind; two rules for the same kind and severity; a
    /// window of zero (or over 100 years), or an amount on a calendar window; no steps; a step `at` of 0,
    /// or not above the step before it (steps overlapping or unsorted); a step proposing nothing; a
    /// measure twice in a step; more than one formal sanction in a step; public criticism without a level
    /// or with a level the points table has none for; a level on any other measure; an empty public
    /// criticism table, or public criticism among the per-measure points.
    ///
    /// ```
    /// use xiaoneng::LadderPolicy;
    /// let mut p = LadderPolicy::county();
    /// p.rules[0].steps[2].at = 2;
    /// let e = p.validate().unwrap_err();
    /// assert_eq!((e.field(), e.value()), (Some("rules[0].steps[2].at"), Some("2")));
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(invalid("name", "\"\"", "a ladder needs a name"));
        }
        if self.points.public_criticism.is_empty() {
            return Err(invalid(
                "points.public_criticism",
                "[]",
                "give the points of each level of public criticism (level 1 first)",
            ));
        }
        if self.points.measures.contains_key(&Measure::PublicCriticism) {
            return Err(invalid(
                "points.measures.public_criticism",
                Measure::PublicCriticism,
                "public criticism is deducted by level: list it in `points.public_criticism`",
            ));
        }
        if self.rules.is_empty() {
            return Err(invalid("rules", "[]", "a ladder needs at least one rule"));
        }
        let mut names: BTreeMap<&str, String> = BTreeMap::new();
        let mut keys: BTreeMap<(&str, Option<Severity>), usize> = BTreeMap::new();
        for (k, rule) in self.rules.iter().enumerate() {
            let at = format!("rules[{k}]");
            self.check_name(&mut names, &rule.name, &at)?;
            if rule.kind.trim().is_empty() {
                return Err(invalid(
                    format!("{at}.kind"),
                    "\"\"",
                    "name a violation kind, or `*` for every kind",
                ));
            }
            if let Some(j) = keys.insert((rule.kind.as_str(), rule.severity), k) {
                let sev = rule
                    .severity
                    .map_or("any severity".to_string(), |s| format!("severity {s}"));
                return Err(invalid(
                    format!("{at}.kind"),
                    &rule.kind,
                    format!("rules[{j}] answers the same kind with {sev} already: one rule per kind and severity"),
                ));
            }
            check_window(&format!("{at}.window"), rule.window)?;
            self.check_steps(&at, &rule.steps)?;
        }
        for (k, esc) in self.escalations.iter().enumerate() {
            let at = format!("escalations[{k}]");
            self.check_name(&mut names, &esc.name, &at)?;
            check_window(&format!("{at}.window"), esc.window)?;
            self.check_steps(&at, &esc.steps)?;
        }
        Ok(())
    }

    fn check_name<'a>(&self, names: &mut BTreeMap<&'a str, String>, name: &'a str, at: &str) -> Result<()> {
        if name.trim().is_empty() {
            return Err(invalid(
                format!("{at}.name"),
                "\"\"",
                "name it: the derivation names it",
            ));
        }
        if let Some(other) = names.insert(name, at.to_string()) {
            return Err(invalid(
                format!("{at}.name"),
                name,
                format!("{other} has this name: names are unique among rules and escalations"),
            ));
        }
        Ok(())
    }

    fn check_steps(&self, at: &str, steps: &[LadderStep]) -> Result<()> {
        if steps.is_empty() {
            return Err(invalid(
                format!("{at}.steps"),
                "[]",
                "a ladder rule needs at least one step",
            ));
        }
        for (j, step) in steps.iter().enumerate() {
            let here = format!("{at}.steps[{j}]");
            if step.at == 0 {
                return Err(invalid(
                    format!("{here}.at"),
                    0,
                    "counts start at 1 (the first violation in the window)",
                ));
            }
            if let Some(prev) = j.checked_sub(1).map(|p| steps[p].at) {
                if step.at <= prev {
                    return Err(invalid(
                        format!("{here}.at"),
                        step.at,
                        format!(
                            "steps go up by count: not above {at}.steps[{}].at = {prev} (overlapping or unsorted)",
                            j - 1
                        ),
                    ));
                }
            }
            if step.measures.is_empty() && step.effects.is_empty() && step.unit_points == 0 {
                return Err(invalid(
                    here,
                    step.at,
                    "a step proposes something: measures, effects or unit points",
                ));
            }
            self.check_measures(&format!("{here}.measures"), &step.measures)?;
            for (e, effect) in step.effects.iter().enumerate() {
                if step.effects[..e].contains(effect) {
                    return Err(invalid(format!("{here}.effects[{e}]"), effect, "listed twice"));
                }
            }
        }
        Ok(())
    }

    /// Checks a list of measures (a step's, or a decision's change): levels, repeats, one formal sanction.
    pub(crate) fn check_measures(&self, at: &str, measures: &[MeasureSpec]) -> Result<()> {
        let levels = self.points.public_criticism.len();
        for (i, m) in measures.iter().enumerate() {
            let field = format!("{at}[{i}]");
            match (m.measure, m.level) {
                (Measure::PublicCriticism, None) => {
                    return Err(invalid(
                        field,
                        m,
                        format!("public criticism needs a level, 1..={levels}"),
                    ))
                }
                (Measure::PublicCriticism, Some(l)) if l == 0 || usize::from(l) > levels => {
                    return Err(invalid(
                        format!("{field}.level"),
                        l,
                        format!("the points table has levels 1..={levels} of public criticism"),
                    ))
                }
                (other, Some(l)) if other != Measure::PublicCriticism => {
                    return Err(invalid(
                        format!("{field}.level"),
                        l,
                        format!("only public criticism has levels, not {other}"),
                    ))
                }
                _ => {}
            }
            if measures[..i].iter().any(|p| p.measure == m.measure) {
                return Err(invalid(field, m, "listed twice"));
            }
            if m.measure.is_formal() {
                if let Some(p) = measures[..i].iter().find(|p| p.measure.is_formal()) {
                    return Err(invalid(
                        field,
                        m,
                        format!("one formal sanction at a time ({} is one already)", p.measure),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn check_window(at: &str, w: LadderWindow) -> Result<()> {
    match (w.unit, w.amount) {
        (WindowUnit::CalendarYear | WindowUnit::CalendarMonth, Some(n)) => Err(invalid(
            format!("{at}.amount"),
            n,
            "a calendar year or month takes no amount",
        )),
        (WindowUnit::Months | WindowUnit::Days, None) => Err(invalid(
            format!("{at}.amount"),
            "none",
            "a rolling window needs an amount of months or days",
        )),
        (WindowUnit::Months | WindowUnit::Days, Some(0)) => Err(invalid(
            format!("{at}.amount"),
            0,
            "a window of zero counts nothing: at least 1",
        )),
        (WindowUnit::Months, Some(n)) if n > MAX_MONTHS => Err(invalid(
            format!("{at}.amount"),
            n,
            format!("at most {MAX_MONTHS} months"),
        )),
        (WindowUnit::Days, Some(n)) if n > MAX_DAYS => {
            Err(invalid(format!("{at}.amount"), n, format!("at most {MAX_DAYS} days")))
        }
        _ => Ok(()),
    }
}

/// Reads the per-measure points with string keys first, so that an unknown measure is named.
fn by_measure<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<BTreeMap<Measure, u32>, D::Error> {
    use serde::de::Error as _;
    BTreeMap::<String, u32>::deserialize(d)?
        .into_iter()
        .map(|(k, v)| {
            k.parse::<Measure>()
                .map(|m| (m, v))
                .map_err(|e| D::Error::custom(e.reason()))
        })
        .collect()
}
