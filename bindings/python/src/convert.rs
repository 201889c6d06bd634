//! Conversions between Python objects and core values: arguments (named in every error), dates, aware
//! datetimes, durations, documents, enum names; the bounded quoting of offending values.

use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyFloat, PyInt, PyString, PyTimeAccess,
};

use xiaoneng::{day_number, DayNumber};

use crate::errors::{invalid, out_of_range};

/// `text` cut to [`xiaoneng::MAX_QUOTED_VALUE`] bytes (at a character boundary), saying how long it was,
/// as the core quotes values.
pub fn bounded(mut text: String) -> String {
    let max = xiaoneng::MAX_QUOTED_VALUE;
    if text.len() <= max {
        return text;
    }
    let total = text.len();
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text.push_str(&format!("… ({total} bytes in all)"));
    text
}

/// An offending value as an error quotes it (the core then keeps at most
/// [`xiaoneng::MAX_QUOTED_VALUE`] bytes of it): a string as it is, a number, bool, None, date, datetime
/// or Decimal as Python writes it, anything else as `<type>` (a container is never written out).
pub fn shown(obj: &Bound<'_, PyAny>) -> String {
    if let Ok(s) = obj.cast::<PyString>() {
        if let Ok(s) = s.to_str() {
            return s.to_string();
        }
    }
    let scalar = obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyInt>()
        || obj.is_instance_of::<PyFloat>()
        || obj.is_none()
        || obj.is_instance_of::<PyDelta>()
        || is_decimal(obj).unwrap_or(false);
    let text = if obj.is_instance_of::<PyDate>() {
        obj.str()
    } else if scalar {
        obj.repr()
    } else {
        return format!("<{}>", type_name(obj));
    };
    // repr() of a huge int raises (Python limits int-to-text conversion): show the type.
    match text.as_ref().map(|t| t.to_str()) {
        Ok(Ok(t)) => t.to_string(),
        _ => format!("<{}>", type_name(obj)),
    }
}

/// A value shown by its type only (`<str>`), for an argument of the wrong kind whose content does not
/// matter (a document given as text where a dict is wanted).
pub fn placeholder(obj: &Bound<'_, PyAny>) -> String {
    format!("<{}>", type_name(obj))
}

// --- arguments ------------------------------------------------------------------------------------------

/// A `str` argument `name`; anything else (or a string that is not valid text) is `InvalidInputError`
/// naming `name`.
pub fn str_arg<'a>(obj: &'a Bound<'_, PyAny>, name: &str) -> PyResult<&'a str> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| invalid(name, shown(obj), format!("must be a str, got {}", type_name(obj))))?;
    s.to_str().map_err(|_| {
        invalid(
            name,
            shown(obj),
            "not valid text (a lone surrogate cannot be encoded as UTF-8)",
        )
    })
}

/// A `bool` argument `name` (`True` or `False`, nothing truthy); anything else is `InvalidInputError`
/// naming `name`.
pub fn bool_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    obj.cast::<PyBool>()
        .map(|b| b.is_true())
        .map_err(|_| invalid(name, shown(obj), format!("must be a bool, got {}", type_name(obj))))
}

/// An optional `str` argument (`None` for absent).
pub fn opt_str_arg<'a>(obj: Option<&'a Bound<'_, PyAny>>, name: &str) -> PyResult<Option<&'a str>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => str_arg(o, name).map(Some),
    }
}

/// A count argument (`int`, not `bool`, at least 0): a negative one is `InvalidInputError`, one beyond
/// `usize` `OutOfRangeError`, naming `name`.
pub fn count_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(invalid(
            name,
            shown(obj),
            format!("must be an int, got {}", type_name(obj)),
        ));
    }
    if let Ok(n) = obj.extract::<u64>() {
        if let Ok(n) = usize::try_from(n) {
            return Ok(n);
        }
    } else if obj.lt(0).unwrap_or(false) {
        return Err(invalid(name, shown(obj), "must not be negative"));
    }
    Err(out_of_range(
        name,
        shown(obj),
        format!("more than can be held (at most {})", usize::MAX),
    ))
}

/// An argument of class `T` (`what` is its Python name); anything else is `InvalidInputError` naming
/// `name`.
pub fn class_arg<'a, 'py, T: pyo3::PyClass>(
    obj: &'a Bound<'py, PyAny>,
    name: &str,
    what: &str,
) -> PyResult<&'a Bound<'py, T>> {
    obj.cast::<T>().map_err(|_| {
        invalid(
            name,
            shown(obj),
            format!("must be a xiaoneng.{what}, got {}", type_name(obj)),
        )
    })
}

// --- dates and instants ---------------------------------------------------------------------------------

/// A scalar date argument, or `None` when the argument is not a date (then the array path applies).
///
/// `datetime.datetime` is a subclass of `date`; it is refused rather than silently truncated.
#[inline]
pub fn scalar_day(obj: &Bound<'_, PyAny>, name: &str) -> Option<PyResult<DayNumber>> {
    if let Ok(d) = obj.cast_exact::<PyDate>() {
        return Some(date_fields(d.get_year(), d.get_month(), d.get_day(), name));
    }
    if obj.is_instance_of::<PyDateTime>() {
        return Some(Err(invalid(
            name,
            shown(obj),
            format!("a datetime; pass a date (e.g. `{name}.date()`) or an aware datetime to the working-hours methods"),
        )));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Some(date_fields(d.get_year(), d.get_month(), d.get_day(), name));
    }
    None
}

#[inline]
fn date_fields(y: i32, m: u8, d: u8, name: &str) -> PyResult<DayNumber> {
    NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d))
        .map(day_number)
        .ok_or_else(|| invalid(name, format!("{y:04}-{m:02}-{d:02}"), "not a valid date"))
}

/// A required scalar date.
pub fn date_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    match scalar_day(obj, name) {
        Some(day) => {
            let day = day?;
            xiaoneng::date_of(day).ok_or_else(|| out_of_range(name, format!("day number {day}"), "not a date"))
        }
        None => Err(invalid(
            name,
            shown(obj),
            format!("must be a datetime.date, got {}", type_name(obj)),
        )),
    }
}

/// A day number as a Python date; dates beyond Python's years 1..=9999 are out of range.
#[inline]
pub fn py_date<'py>(py: Python<'py>, day: DayNumber) -> PyResult<Bound<'py, PyAny>> {
    match xiaoneng::date_of(day) {
        Some(d) if (1..=9999).contains(&d.year()) => {
            Ok(PyDate::new(py, d.year(), d.month() as u8, d.day() as u8)?.into_any())
        }
        _ => Err(out_of_range(
            "result",
            format!("day number {day}"),
            "not representable as a Python date (years 1-9999)",
        )),
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

/// An aware `datetime.datetime` as an instant, or the value shown and why it is refused. Naive datetimes
/// are refused: the library never guesses a zone. Python datetimes hold microseconds, the wire format's
/// precision, so every aware one is an instant the core accepts (within years 1-9999).
pub fn instant_of(obj: &Bound<'_, PyAny>) -> Result<DateTime<Utc>, (String, String)> {
    let dt = obj.cast::<PyDateTime>().map_err(|_| {
        (
            shown(obj),
            format!("must be an aware datetime.datetime, got {}", type_name(obj)),
        )
    })?;
    let offset = dt
        .call_method0("utcoffset")
        .map_err(|e| (shown(obj), format!("utcoffset() raised {}", bounded(e.to_string()))))?;
    if offset.is_none() {
        return Err((shown(obj), "naive datetime: give a timezone".into()));
    }
    let offset = offset
        .cast::<PyDelta>()
        .map_err(|_| (shown(obj), "utcoffset() did not return a timedelta".to_string()))?;
    let off_secs = i64::from(offset.get_days()) * 86_400 + i64::from(offset.get_seconds());
    let date = NaiveDate::from_ymd_opt(dt.get_year(), u32::from(dt.get_month()), u32::from(dt.get_day()));
    let time = NaiveTime::from_hms_micro_opt(
        u32::from(dt.get_hour()),
        u32::from(dt.get_minute()),
        u32::from(dt.get_second()),
        dt.get_microsecond(),
    );
    let (Some(date), Some(time)) = (date, time) else {
        return Err((shown(obj), "not a valid datetime".into()));
    };
    let local = NaiveDateTime::new(date, time).and_utc();
    local
        .checked_sub_signed(chrono::Duration::seconds(off_secs))
        .ok_or_else(|| (shown(obj), "not a representable instant".into()))
}

/// An aware `datetime.datetime` argument `name` as an instant (see [`instant_of`]).
pub fn instant(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DateTime<Utc>> {
    instant_of(obj).map_err(|(value, reason)| invalid(name, value, reason))
}

/// An instant shown at `offset`, as an aware Python datetime.
pub fn py_instant<'py>(py: Python<'py>, at: DateTime<Utc>, offset: FixedOffset) -> PyResult<Bound<'py, PyAny>> {
    py_fixed(py, at.with_timezone(&offset))
}

/// A `DateTime<FixedOffset>` as an aware Python datetime with a `datetime.timezone`.
pub fn py_fixed<'py>(py: Python<'py>, t: DateTime<FixedOffset>) -> PyResult<Bound<'py, PyAny>> {
    if !(1..=9999).contains(&t.year()) {
        return Err(out_of_range(
            "result",
            t,
            "not representable as a Python datetime (years 1-9999)",
        ));
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
        return Err(invalid(
            name,
            shown(obj),
            "must be a number of hours or a timedelta, got bool",
        ));
    } else if let Ok(h) = obj.extract::<f64>() {
        h * 3600.0
    } else {
        return Err(invalid(
            name,
            shown(obj),
            format!("must be a number of hours or a timedelta, got {}", type_name(obj)),
        ));
    };
    if !secs.is_finite() || secs.abs() > MAX {
        return Err(invalid(
            name,
            shown(obj),
            format!("{secs} seconds is not a usable amount of time"),
        ));
    }
    Ok(secs.round() as i64)
}

/// A seconds count as `datetime.timedelta`.
pub fn py_seconds<'py>(py: Python<'py>, secs: i64) -> PyResult<Bound<'py, PyAny>> {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let days = i32::try_from(days).map_err(|_| out_of_range("result", format!("{secs} seconds"), "not a timedelta"))?;
    Ok(PyDelta::new(py, days, rest as i32, 0, true)?.into_any())
}

/// A snake_case name argument (`"next_day"`, `"hearing"`, `"unit_head"`, ...) as the core enum `T`, read
/// by the core's `FromStr`. The error names the argument `field` (the core's names the type) and lists
/// the accepted names: ``invalid `start_rule` = x: unknown variant `x`, expected one of ...``.
pub fn parse_name<T: FromStr<Err = xiaoneng::Error>>(s: &str, field: &str) -> PyResult<T> {
    s.parse().map_err(|e| match e {
        // The core's reason quotes the name (`unknown variant `...``): quote a bounded prefix of it.
        xiaoneng::Error::Invalid(f) if s.len() > 40 => {
            let mut cut = 40;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            invalid(field, s, f.reason.replace(s, &format!("{}…", &s[..cut])))
        }
        xiaoneng::Error::Invalid(f) => invalid(field, s, f.reason),
        e => crate::errors::core(e),
    })
}

/// [`parse_name`] of a `str` argument.
pub fn name_arg<T: FromStr<Err = xiaoneng::Error>>(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<T> {
    parse_name(str_arg(obj, field)?, field)
}

// --- documents ------------------------------------------------------------------------------------------

/// A Python value (dict/list/tuple/str/int/float/bool/None/date/aware datetime/Decimal) as JSON.
/// `path` names the position for error messages; values nested deeper than
/// [`crate::frompy::MAX_DEPTH`] are refused.
pub fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<serde_json::Value> {
    crate::frompy::to_value(obj, path)
}

/// JSON text of a dict argument `name`; anything but a dict is refused.
pub fn dict_json(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    if !obj.is_instance_of::<PyDict>() {
        return Err(invalid(
            name,
            placeholder(obj),
            format!("must be a dict, got {}", type_name(obj)),
        ));
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

/// Whether `obj` is a `decimal.Decimal`.
pub fn is_decimal(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    obj.is_instance(decimal_class(obj.py())?)
}

/// JSON text as plain Python values (dict, list, str, int, float, bool, None), keys in document order:
/// the `to_dict()` of the documents, which `from_dict` reads back.
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS
        .get_or_try_init(py, || Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind()))?
        .bind(py)
        .call1((text,))
}
