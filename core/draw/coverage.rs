//! Coverage of inspections: units inspected fewer times than the policy's minimum in a calendar period.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{invalid, not_found, out_of_range, Result};

/// Most periods one check covers (200 years of months).
const MAX_PERIODS: usize = 2400;

/// The calendar period a minimum applies to: natural months or quarters (Q1 January-March, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month; label `2026-09`.
    Month,
    /// A calendar quarter; label `2026-Q3`.
    Quarter,
}

/// One inspection carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// The unit inspected.
    pub unit: String,
    /// The day of the inspection (`YYYY-MM-DD`).
    pub date: NaiveDate,
}

/// What to check. Its JSON form: `{"units": ["amr", "fire"], "inspections": [{"unit": "amr", "date":
/// "2026-02-10"}], "from": "2026-01-01", "to": "2026-12-31", "period": "quarter", "minimum": 1}`.
///
/// ```
/// use xiaoneng::draw::CoverageRequest;
///
/// let r = CoverageRequest::from_json(r#"{"units": ["amr"], "inspections": [], "from": "2026-01-01",
///     "to": "2026-03-31", "period": "quarter", "minimum": 1}"#).unwrap();
/// assert_eq!(r.check().unwrap().below.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageRequest {
    /// The units that must be covered.
    pub units: Vec<String>,
    /// The inspections carried out (any order; those outside the checked periods are not counted; none
    /// when absent).
    #[serde(default)]
    pub inspections: Vec<Inspection>,
    /// First day of the span.
    pub from: NaiveDate,
    /// Last day of the span (inclusive).
    pub to: NaiveDate,
    /// The period the minimum applies to.
    pub period: PeriodKind,
    /// Inspections each unit needs in each period (at least 1).
    pub minimum: u32,
}

impl CoverageRequest {
    /// Reads a request from JSON.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field of a malformed request or an unknown field.
    ///
    /// ```
    /// use xiaoneng::draw::CoverageRequest;
    ///
    /// let e = CoverageRequest::from_json(r#"{"units": [], "inspections": [], "from": "2026-01-01",
    ///     "to": "2026-03-31", "period": "week", "minimum": 1}"#).unwrap_err();
    /// assert_eq!(e.field(), Some("period"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        crate::codec::from_json(text)
    }

    /// [`coverage`] of this request.
    ///
    /// # Errors
    ///
    /// As [`coverage`].
    ///
    /// ```
    /// use xiaoneng::draw::CoverageRequest;
    ///
    /// let r = CoverageRequest::from_json(r#"{"units": ["amr"], "inspections": [], "from": "2026-01-01",
    ///     "to": "2026-01-31", "period": "month", "minimum": 0}"#).unwrap();
    /// assert_eq!(r.check().unwrap_err().field(), Some("minimum"));
    /// ```
    pub fn check(&self) -> Result<CoverageReport> {
        coverage(self)
    }
}

/// A calendar period checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// `2026-Q3` or `2026-09`.
    pub label: String,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
}

/// A unit inspected fewer times than the minimum in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortfall {
    /// The unit.
    pub unit: String,
    /// The period's label (`2026-Q3`).
    pub period: String,
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// Inspections carried out in it.
    pub count: u32,
    /// The minimum.
    pub minimum: u32,
}

/// The result of [`coverage`]: the periods checked, and the shortfalls (by unit id, then period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageReport {
    /// The whole calendar periods inside the span, in order.
    pub periods: Vec<Period>,
    /// Each unit and period below the minimum, sorted by unit id, then period.
    pub below: Vec<Shortfall>,
}

impl CoverageReport {
    /// The report as compact JSON.
    ///
    /// ```
    /// use xiaoneng::draw::CoverageReport;
    ///
    /// assert_eq!(CoverageReport { periods: vec![], below: vec![] }.to_json(), r#"{"periods":[],"below":[]}"#);
    /// ```
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}

/// First day of the period containing `d`.
fn period_start(kind: PeriodKind, d: NaiveDate) -> NaiveDate {
    let month = match kind {
        PeriodKind::Month => d.month(),
        PeriodKind::Quarter => (d.month0() / 3) * 3 + 1,
    };
    NaiveDate::from_ymd_opt(d.year(), month, 1).expect("first of a month")
}

/// First day of the period after the one starting at `start` (None past chrono's last year).
fn next_start(kind: PeriodKind, start: NaiveDate) -> Option<NaiveDate> {
    start.checked_add_months(chrono::Months::new(match kind {
        PeriodKind::Month => 1,
        PeriodKind::Quarter => 3,
    }))
}

fn label(kind: PeriodKind, start: NaiveDate) -> String {
    match kind {
        PeriodKind::Month => format!("{:04}-{:02}", start.year(), start.month()),
        PeriodKind::Quarter => format!("{:04}-Q{}", start.year(), start.month0() / 3 + 1),
    }
}

/// The units inspected fewer than `minimum` times in a calendar period.
///
/// The periods are the natural calendar months or quarters lying wholly inside `from ..= to`: a period
/// the span only partly covers is not checked (it would count a part against the whole's minimum).
/// Inspections on days outside the checked periods are not counted; several on one day each count.
///
/// # Errors
///
/// [`crate::Error::Invalid`]: `minimum` 0; `to` before `from`; a unit given twice or empty (`units[k]`).
/// [`crate::Error::OutOfRange`]: a span of more than 2,400 periods (`to`).
/// [`crate::Error::NotFound`]: an inspection of a unit not in `units` (`inspections[k].unit`).
///
/// ```
/// use chrono::NaiveDate;
/// use xiaoneng::draw::{coverage, CoverageRequest, Inspection, PeriodKind};
///
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let report = coverage(&CoverageRequest {
///     units: vec!["amr".into(), "fire".into()],
///     inspections: vec![
///         Inspection { unit: "amr".into(), date: d("2026-02-10") },
///         Inspection { unit: "amr".into(), date: d("2026-05-06") },
///         Inspection { unit: "fire".into(), date: d("2026-03-31") },
///     ],
///     from: d("2026-01-01"),
///     to: d("2026-06-30"),
///     period: PeriodKind::Quarter,
///     minimum: 1,
/// })
/// .unwrap();
/// assert_eq!(report.periods.len(), 2);
/// assert_eq!(report.below.len(), 1);
/// assert_eq!((report.below[0].unit.as_str(), report.below[0].period.as_str()), ("fire", "2026-Q2"));
/// ```
pub fn coverage(request: &CoverageRequest) -> Result<CoverageReport> {
    if request.minimum == 0 {
        return Err(invalid("minimum", 0, "must be at least 1"));
    }
    if request.to < request.from {
        return Err(invalid("to", request.to, format!("before `from` ({})", request.from)));
    }
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(request.units.len());
    for (k, u) in request.units.iter().enumerate() {
        if u.is_empty() {
            return Err(invalid(format!("units[{k}]"), "", "must not be empty"));
        }
        if index.insert(u, k).is_some() {
            return Err(invalid(format!("units[{k}]"), u, "given twice"));
        }
    }
    let kind = request.period;
    let mut periods = Vec::new();
    let mut start = period_start(kind, request.from);
    if start < request.from {
        start = match next_start(kind, start) {
            Some(s) => s,
            None => return Ok(CoverageReport { periods, below: vec![] }),
        };
    }
    while let Some(next) = next_start(kind, start) {
        if periods.len() == MAX_PERIODS {
            return Err(out_of_range(
                "to",
                request.to,
                format!("the span holds more than {MAX_PERIODS} periods"),
            ));
        }
        let end = next.pred_opt().expect("a day before a period's start");
        if end > request.to {
            break;
        }
        periods.push(Period {
            label: label(kind, start),
            start,
            end,
        });
        start = next;
    }
    // counts[unit][period]
    let mut counts = vec![vec![0u32; periods.len()]; request.units.len()];
    for (k, i) in request.inspections.iter().enumerate() {
        let Some(&u) = index.get(i.unit.as_str()) else {
            return Err(not_found(
                format!("inspections[{k}].unit"),
                &i.unit,
                "not one of `units`",
            ));
        };
        let p = periods.partition_point(|p| p.end < i.date);
        if p < periods.len() && periods[p].start <= i.date {
            counts[u][p] = counts[u][p].saturating_add(1);
        }
    }
    let mut order: Vec<usize> = (0..request.units.len()).collect();
    order.sort_by(|&a, &b| request.units[a].cmp(&request.units[b]));
    let mut below = Vec::new();
    for u in order {
        for (p, period) in periods.iter().enumerate() {
            if counts[u][p] < request.minimum {
                below.push(Shortfall {
                    unit: request.units[u].clone(),
                    period: period.label.clone(),
                    start: period.start,
                    end: period.end,
                    count: counts[u][p],
                    minimum: request.minimum,
                });
            }
        }
    }
    Ok(CoverageReport { periods, below })
}
