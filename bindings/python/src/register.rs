//! The DataFrame of `Engine.violations()`: the register's owned rows (each sharing its event with the
//! core's register) made into columns. The numbers and instants go over as arrays (`seq` int64,
//! `provisional` bool, `at` from int64 microseconds, shown at the calendar's offset), the texts as one
//! Python str per distinct value (a unit, a person, a rule, a record and most details recur on many rows).

use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObjectExt;
use xiaoneng::{Event, EventKind};

use crate::convert::py_offset;
use crate::errors::out_of_range;
use crate::model::{frame, frame_of, pandas};

/// The columns, in order.
const COLUMNS: [&str; 12] = [
    "seq",
    "at",
    "record",
    "rule",
    "responsible",
    "post",
    "acting",
    "acting_via",
    "unit",
    "unit_head",
    "detail",
    "provisional",
];

/// One Python str per distinct value (borrowed from the rows, which outlive the frame's making), and
/// each column's last one: a column often repeats the row before (the same rule, post, unit), found
/// then without hashing.
struct Strings<'a, 'py> {
    py: Python<'py>,
    made: foldhash::HashMap<&'a str, Bound<'py, PyAny>>,
    last: [Option<(&'a str, Bound<'py, PyAny>)>; 9],
}

impl<'a, 'py> Strings<'a, 'py> {
    /// The str of `s` (None for none) in column `col` (0-8, the text columns in order).
    fn get(&mut self, col: usize, s: Option<&'a str>) -> PyResult<Bound<'py, PyAny>> {
        let Some(s) = s else {
            return Ok(self.py.None().into_bound(self.py));
        };
        let Some(last) = self.last.get_mut(col) else {
            return s.into_bound_py_any(self.py);
        };
        if let Some((l, v)) = last {
            if *l == s {
                return Ok(v.clone());
            }
        }
        let v = match self.made.get(s) {
            Some(v) => v.clone(),
            None => {
                let v = s.into_bound_py_any(self.py)?;
                self.made.insert(s, v.clone());
                v
            }
        };
        *last = Some((s, v.clone()));
        Ok(v)
    }
}

/// Microseconds since the epoch of an instant Python can show at `offset` (years 1-9999, as
/// `py_instant` requires), sub-microseconds dropped as `py_instant` drops them.
fn micros(at: DateTime<Utc>, offset: FixedOffset) -> PyResult<i64> {
    let local = at.with_timezone(&offset);
    if !(1..=9999).contains(&local.year()) {
        return Err(out_of_range(
            "result",
            local,
            "not representable as a Python datetime (years 1-9999)",
        ));
    }
    Ok(at.timestamp() * 1_000_000 + i64::from(at.timestamp_subsec_nanos().min(999_999_999) / 1000))
}

/// The frame of `rows` (violation events, in sequence order), instants shown at `offset`.
pub(crate) fn violations_frame<'py>(
    py: Python<'py>,
    rows: &[Arc<Event>],
    offset: FixedOffset,
) -> PyResult<Bound<'py, PyAny>> {
    const WHAT: &str = "Engine.violations()";
    if rows.is_empty() {
        // No row: the columns as pandas makes them of empty lists.
        return frame(py, WHAT, COLUMNS.iter().map(|c| (*c, Vec::new())).collect());
    }
    let pd = pandas(py, WHAT)?;
    let n = rows.len();
    let mut seq: Vec<u64> = Vec::with_capacity(n);
    let mut at: Vec<i64> = Vec::with_capacity(n);
    let mut provisional: Vec<bool> = Vec::with_capacity(n);
    let mut text: Vec<Vec<Bound<'py, PyAny>>> = (0..9).map(|_| Vec::with_capacity(n)).collect();
    let mut strings = Strings {
        py,
        made: foldhash::HashMap::default(),
        last: Default::default(),
    };
    for e in rows {
        let EventKind::Violation {
            rule,
            responsible,
            detail,
            post,
            acting,
            unit,
            unit_head,
        } = &e.kind
        else {
            continue;
        };
        seq.push(e.seq);
        at.push(micros(e.at, offset)?);
        provisional.push(e.provisional);
        let values = [
            Some(e.case.as_str()),
            Some(rule.as_str()),
            responsible.as_deref(),
            post.as_deref(),
            acting.as_ref().map(|a| a.staff()),
            acting.as_ref().map(|a| a.via()),
            unit.as_deref(),
            unit_head.as_deref(),
            Some(detail.as_str()),
        ];
        for (k, (col, v)) in text.iter_mut().zip(values).enumerate() {
            col.push(strings.get(k, v)?);
        }
    }
    // A sequence number past int64 (never in practice) goes over as Python ints, as pandas reads them.
    let seq = match seq.iter().map(|&s| i64::try_from(s)).collect::<Result<Vec<i64>, _>>() {
        Ok(seq) => PyArray1::from_vec(py, seq).into_any(),
        Err(_) => pyo3::types::PyList::new(py, seq)?.into_any(),
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("unit", "us")?;
    kwargs.set_item("utc", true)?;
    let at = pd
        .getattr("to_datetime")?
        .call((PyArray1::from_vec(py, at),), Some(&kwargs))?
        .call_method1("tz_convert", (py_offset(py, offset)?,))?;
    let mut columns = vec![("seq", seq), ("at", at)];
    for (name, col) in COLUMNS[2..11].iter().zip(text) {
        columns.push((name, pyo3::types::PyList::new(py, col)?.into_any()));
    }
    columns.push(("provisional", PyArray1::from_vec(py, provisional).into_any()));
    frame_of(py, WHAT, columns)
}
