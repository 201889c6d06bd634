//! Conversions between Python objects and core values: dates, aware datetimes, durations, JSON, enum names.

use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyFloat, PyInt, PyList, PyString,
    PyTimeAccess, PyTuple,
};
use serde_json::{Map, Number, Value};

use xiaoneng::{day_number, DayNumber};

use crate::errors::{invalid, out_of_range};

/// A scalar date argument, or `None` when the argument is not a date (then the array path applies).
///
/// `datetime.datetime` is a subclass of `date`; it is refused rather than silently truncated.
#[inline]
pub fn scalar_day(obj: &Bound<'_, PyAny>, name: &str) -> Option<PyResult<DayNumber>> {
    if let Ok(d) = obj.cast_exact::<PyDate>() {
        return Some(date_fields(d.get_year(), d.get_month(), d.get_day()));
    }
    if obj.is_instance_of::<PyDateTime>() {
        return Some(Err(invalid(format!(
            "`{name}` is a datetime; pass a date (e.g. `{name}.date()`) or an aware datetime to the working-hours methods"
        ))));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Some(date_fields(d.get_year(), d.get_month(), d.get_day()));
    }
    None
}

#[inline]
fn date_fields(y: i32, m: u8, d: u8) -> PyResult<DayNumber> {
    NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d))
        .map(day_number)
        .ok_or_else(|| invalid(format!("invalid date {y:04}-{m:02}-{d:02}")))
}

/// A required scalar date.
pub fn date_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    match scalar_day(obj, name) {
        Some(day) => {
            let day = day?;
            xiaoneng::date_of(day).ok_or_else(|| out_of_range(format!("day number {day}")))
        }
        None => Err(invalid(format!(
            "`{name}` must be a datetime.date, got {}",
            type_name(obj)
        ))),
    }
}

/// A day number as a Python date; dates beyond Python's years 1..=9999 are out of range.
#[inline]
pub fn py_date<'py>(py: Python<'py>, day: DayNumber) -> PyResult<Bound<'py, PyAny>> {
    match xiaoneng::date_of(day) {
        Some(d) if (1..=9999).contains(&d.year()) => {
            Ok(PyDate::new(py, d.year(), d.month() as u8, d.day() as u8)?.into_any())
        }
        _ => Err(out_of_range(format!(
            "the result (day number {day}) is not representable as a Python date"
        ))),
    }
}

/// A chrono date as a Python date.
pub fn py_naive_date<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    py_date(py, day_number(d))
}

/// The type name of an object, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// An aware `datetime.datetime` as an instant. Naive datetimes are refused: the library never guesses a zone.
pub fn instant(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DateTime<Utc>> {
    let dt = obj.cast::<PyDateTime>().map_err(|_| {
        invalid(format!(
            "`{name}` must be an aware datetime.datetime, got {}",
            type_name(obj)
        ))
    })?;
    let offset = dt.call_method0("utcoffset")?;
    if offset.is_none() {
        return Err(invalid(format!("naive datetime: give a timezone (`{name}`)")));
    }
    let offset = offset
        .cast::<PyDelta>()
        .map_err(|_| invalid(format!("`{name}`: utcoffset() did not return a timedelta")))?;
    let off_secs = i64::from(offset.get_days()) * 86_400 + i64::from(offset.get_seconds());
    let date = NaiveDate::from_ymd_opt(dt.get_year(), u32::from(dt.get_month()), u32::from(dt.get_day()));
    let time = NaiveTime::from_hms_micro_opt(
        u32::from(dt.get_hour()),
        u32::from(dt.get_minute()),
        u32::from(dt.get_second()),
        dt.get_microsecond(),
    );
    let (Some(date), Some(time)) = (date, time) else {
        return Err(invalid(format!("`{name}` is not a valid datetime")));
    };
    let local = NaiveDateTime::new(date, time).and_utc();
    local
        .checked_sub_signed(chrono::Duration::seconds(off_secs))
        .ok_or_else(|| invalid(format!("`{name}` is not a representable instant")))
}

/// An instant shown at `offset`, as an aware Python datetime.
pub fn py_instant<'py>(py: Python<'py>, at: DateTime<Utc>, offset: FixedOffset) -> PyResult<Bound<'py, PyAny>> {
    py_fixed(py, at.with_timezone(&offset))
}

/// A `DateTime<FixedOffset>` as an aware Python datetime with a `datetime.timezone`.
pub fn py_fixed<'py>(py: Python<'py>, t: DateTime<FixedOffset>) -> PyResult<Bound<'py, PyAny>> {
    if !(1..=9999).contains(&t.year()) {
        return Err(out_of_range(format!("{t} is not representable as a Python datetime")));
    }
    let tz = py_offset(py, *t.offset())?;
    let n = t.naive_local();
    Ok(PyDateTime::new(
        py,
        n.year(),
        n.month() as u8,
        n.day() as u8,
        n.hour() as u8,
        n.minute() as u8,
        n.second() as u8,
        n.nanosecond().min(999_999_999) / 1000,
        Some(tz.cast::<pyo3::types::PyTzInfo>()?),
    )?
    .into_any())
}

/// A fixed offset as `datetime.timezone`.
pub fn py_offset<'py>(py: Python<'py>, offset: FixedOffset) -> PyResult<Bound<'py, PyAny>> {
    Ok(offset.into_pyobject(py)?.into_any())
}

/// Whole seconds of a `float`/`int` number of hours or a `timedelta`, rounded to the nearest second.
pub fn seconds_of(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    // About 114,000 years of seconds: far beyond any calendar, far from overflow.
    const MAX: f64 = 3.6e12;
    let secs = if let Ok(td) = obj.cast::<PyDelta>() {
        i64::from(td.get_days()) as f64 * 86_400.0
            + f64::from(td.get_seconds())
            + f64::from(td.get_microseconds()) / 1e6
    } else if obj.is_instance_of::<PyBool>() {
        return Err(invalid(format!(
            "`{name}` must be a number of hours or a timedelta, got bool"
        )));
    } else if let Ok(h) = obj.extract::<f64>() {
        h * 3600.0
    } else {
        return Err(invalid(format!(
            "`{name}` must be a number of hours or a timedelta, got {}",
            type_name(obj)
        )));
    };
    if !secs.is_finite() || secs.abs() > MAX {
        return Err(invalid(format!(
            "`{name}` = {secs} seconds is not a usable amount of time"
        )));
    }
    Ok(secs.round() as i64)
}

/// A seconds count as `datetime.timedelta`.
pub fn py_seconds<'py>(py: Python<'py>, secs: i64) -> PyResult<Bound<'py, PyAny>> {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let days = i32::try_from(days).map_err(|_| out_of_range(format!("{secs} seconds is not a timedelta")))?;
    Ok(PyDelta::new(py, days, rest as i32, 0, true)?.into_any())
}

/// A snake_case name (`"next_day"`, `"hearing"`, `"unit_head"`, ...) as the core enum `T`, read by the
/// core's `FromStr`. The error names the argument `field` (the core's names the type) and lists the
/// accepted names: ``invalid `start_rule` = "x": unknown variant `x`, expected one of ...``.
pub fn parse_name<T: FromStr<Err = xiaoneng::Error>>(s: &str, field: &str) -> PyResult<T> {
    s.parse().map_err(|e| match e {
        xiaoneng::Error::Invalid(f) => invalid(format!("invalid `{field}` = {s:?}: {}", f.reason)),
        e => crate::errors::core(e),
    })
}

/// A Python value (dict/list/tuple/str/int/float/bool/None/date/aware datetime/Decimal) as JSON.
/// `path` names the position for error messages.
pub fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(invalid(format!("`{path}`: integer {obj} is too large")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| invalid(format!("`{path}`: {v} is not a finite number")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_string()));
    }
    if obj.is_instance_of::<PyDateTime>() {
        let t = instant(obj, path)?;
        return Ok(Value::String(t.to_rfc3339()));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Ok(Value::String(format!(
            "{:04}-{:02}-{:02}",
            d.get_year(),
            d.get_month(),
            d.get_day()
        )));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| invalid(format!("`{path}`: keys must be strings, got {}", type_name(&k))))?
                .to_str()?
                .to_string();
            let sub = if path == "." {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            map.insert(key, to_json(&v, &sub)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, v) in obj.try_iter()?.enumerate() {
            items.push(to_json(&v?, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(items));
    }
    if is_decimal(obj)? {
        return Ok(Value::String(obj.str()?.to_str()?.to_string()));
    }
    Err(invalid(format!(
        "`{path}`: cannot use a {} in a document (use dict, list, str, int, float, bool, None, date, aware datetime)",
        type_name(obj)
    )))
}

/// JSON text of a dict argument `name`; anything but a dict is refused.
pub fn dict_json(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    if !obj.is_instance_of::<PyDict>() {
        return Err(invalid(format!("`{name}` must be a dict, got {}", type_name(obj))));
    }
    Ok(to_json(obj, ".")?.to_string())
}

/// What `__richcmp__` returns for values that are equal or not: a bool for `==` and `!=`,
/// `NotImplemented` for the orderings.
pub fn eq_result(py: Python<'_>, op: CompareOp, eq: bool) -> Py<PyAny> {
    match op {
        CompareOp::Eq => PyBool::new(py, eq).to_owned().into_any().unbind(),
        CompareOp::Ne => PyBool::new(py, !eq).to_owned().into_any().unbind(),
        _ => py.NotImplemented(),
    }
}

/// `decimal.Decimal`.
pub fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, pyo3::types::PyType>> {
    static DECIMAL: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

fn is_decimal(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    obj.is_instance(decimal_class(obj.py())?)
}

/// A serializable core value as JSON text. Serializing a core type does not fail; if it did, the error
/// would be `XiaonengError`.
macro_rules! json_text {
    ($v:expr) => {
        serde_json::to_string($v).map_err($crate::errors::internal)
    };
}

/// A serializable core value as plain Python values (dict, list, str, int, float, bool, None).
macro_rules! py_json {
    ($py:expr, $v:expr) => {
        $crate::convert::json_text!($v).and_then(|text| $crate::convert::loads($py, &text))
    };
}

pub(crate) use {json_text, py_json};

/// JSON text as plain Python values (dict, list, str, int, float, bool, None), keys in document order.
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS
        .get_or_try_init(py, || Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind()))?
        .bind(py)
        .call1((text,))
}

/// A clock status as JSON text turned into Python values: instants as aware datetimes, dates as dates,
/// `share_used` as `decimal.Decimal`.
pub fn status_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let v = loads(py, text)?;
    convert_doc(&v, &[], None)?;
    Ok(v)
}

const INSTANT_KEYS: &[&str] = &[
    "at",
    "deadline",
    "statutory_deadline",
    "reminder_at",
    "red_at",
    "next_change",
    "from",
    "to",
];
const DATE_KEYS: &[&str] = &["deadline_date", "statutory_deadline_date", "date"];

/// Extra instant keys of engine documents (events, case views), besides the clock status's.
const ENGINE_INSTANT_KEYS: &[&str] = &["effective", "received_at", "start", "end"];

/// An engine document (events, a case view) as JSON text turned into Python values: instants as aware
/// datetimes shown at `offset` (the calendar's zone, as `Clock.status` shows them), dates as dates,
/// `share_used` as `decimal.Decimal`.
pub fn engine_to_py<'py>(py: Python<'py>, text: &str, offset: FixedOffset) -> PyResult<Bound<'py, PyAny>> {
    let v = loads(py, text)?;
    convert_doc(&v, ENGINE_INSTANT_KEYS, Some(offset))?;
    Ok(v)
}

/// Converts, in place, the string values of a document's dicts by key: instants (the `INSTANT_KEYS` and
/// `extra_instants`) as aware datetimes, at `offset` when given (else at the offset they are written
/// with), dates as dates, `share_used` as `decimal.Decimal`.
fn convert_doc(v: &Bound<'_, PyAny>, extra_instants: &[&str], offset: Option<FixedOffset>) -> PyResult<()> {
    let py = v.py();
    if let Ok(list) = v.cast::<PyList>() {
        for item in list.iter() {
            convert_doc(&item, extra_instants, offset)?;
        }
    } else if let Ok(d) = v.cast::<PyDict>() {
        for (k, item) in d.iter() {
            let key: String = k.extract()?;
            if let Ok(s) = item.cast::<PyString>() {
                let s = s.to_str()?;
                let key = key.as_str();
                let new = if INSTANT_KEYS.contains(&key) || extra_instants.contains(&key) {
                    match DateTime::parse_from_rfc3339(s) {
                        Ok(t) => Some(py_fixed(py, offset.map_or(t, |o| t.with_timezone(&o)))?),
                        Err(_) => None,
                    }
                } else if DATE_KEYS.contains(&key) {
                    match s.parse::<NaiveDate>() {
                        Ok(date) => Some(py_naive_date(py, date)?),
                        Err(_) => None,
                    }
                } else if key == "share_used" {
                    Some(decimal_class(py)?.call1((s,))?)
                } else {
                    None
                };
                if let Some(new) = new {
                    d.set_item(k, new)?;
                }
            } else {
                convert_doc(&item, extra_instants, offset)?;
            }
        }
    }
    Ok(())
}
