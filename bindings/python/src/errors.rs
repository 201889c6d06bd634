//! Exception classes (one per [`ErrorCode`]) and the mapping of core errors onto them.
//!
//! `XiaonengError(Exception)` is the base. The specific classes also derive from the matching builtin
//! so that generic handlers keep working: `ParseError`, `InvalidInputError` and `OutOfRangeError` are
//! `ValueError`s, `InvalidStateError` is a `RuntimeError`. Python has no single-base way to express that
//! in pyo3's `create_exception!`, so the classes are created with `type(name, bases, ns)` once.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyException, PyLookupError, PyPermissionError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use xiaoneng::{BatchError, CalendarError, ClockError, Error, ErrorCode};

/// The exception classes, built once per interpreter.
pub struct Classes {
    /// `XiaonengError`.
    pub base: Py<PyType>,
    /// `ParseError`.
    pub parse: Py<PyType>,
    /// `InvalidInputError`.
    pub invalid_input: Py<PyType>,
    /// `OutOfRangeError`.
    pub out_of_range: Py<PyType>,
    /// `InvalidStateError`.
    pub invalid_state: Py<PyType>,
    /// `NotFoundError`.
    pub not_found: Py<PyType>,
    /// `ForbiddenError`.
    pub forbidden: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

const BASE_DOC: &str = r#"Base class of every error raised by xiaoneng.

Each subclass matches one stable error code of the core library (the same codes
the C ABI returns), and carries the core's message, which names the field,
date or element concerned.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> try:
...     xn.Calendar.china().is_workday(dt.date(2030, 1, 1))
... except xn.XiaonengError as e:
...     print(type(e).__name__)
OutOfRangeError
"#;

const PARSE_DOC: &str = r#"A JSON or TOML document (or dict) is malformed, or has an unknown or mistyped field.

The message names the field path, e.g. ``days_off[0].start``. Also a ``ValueError``.

Examples
--------
>>> import xiaoneng as xn
>>> xn.Calendar.from_json('{"schema": 1, "base": "china", "colour": 1}')
Traceback (most recent call last):
...
xiaoneng.ParseError: invalid JSON document at `colour`: unknown field `colour`, ...
"#;

const INVALID_INPUT_DOC: &str = r#"A value is well-formed but not allowed.

Examples: a negative limit, an inverted range, an unknown ``start_rule``, a naive
datetime where an instant is needed. Also a ``ValueError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> xn.Calendar.china().add_working_hours(dt.datetime(2026, 9, 30, 16, 30), 2)
Traceback (most recent call last):
...
xiaoneng.InvalidInputError: naive datetime: give a timezone (`at`)
"#;

const OUT_OF_RANGE_DOC: &str = r#"A date lies outside the calendar's covered range, or a result would.

Array calls name the index of the first failing element. Also a ``ValueError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> xn.Calendar.china().is_workday(dt.date(2030, 1, 1))
Traceback (most recent call last):
...
xiaoneng.OutOfRangeError: date 2030-01-01 is outside the calendar's covered range 2004-01-01..=2026-12-31
"#;

const INVALID_STATE_DOC: &str = r#"The command is not allowed in the current state.

For example resuming a clock that is not paused, or completing one twice. Also a
``RuntimeError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> t = dt.datetime(2026, 9, 29, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
>>> xn.Clock(("working_days", 20), t).resume(t)
Traceback (most recent call last):
...
xiaoneng.InvalidStateError: cannot resume: the clock is not paused
"#;

const NOT_FOUND_DOC: &str = r#"An unknown case, record, item or actor.

The message names the field (``case``, ``item``, ``actor``) and the value. Also a ``LookupError``.
"#;

const FORBIDDEN_DOC: &str = r#"The actor lacks the post, role or unit the action needs.

The message names the actor and what the action needs. Also a ``PermissionError``.
"#;

fn make_class<'py>(py: Python<'py>, name: &str, bases: Bound<'py, PyTuple>, doc: &str) -> PyResult<Py<PyType>> {
    let ns = PyDict::new(py);
    ns.set_item("__module__", "xiaoneng")?;
    ns.set_item("__doc__", doc)?;
    let ty = py.get_type::<PyType>().call1((name, bases, ns))?;
    Ok(ty.cast_into::<PyType>()?.unbind())
}

fn build<'py>(py: Python<'py>) -> PyResult<Classes> {
    let base = make_class(
        py,
        "XiaonengError",
        PyTuple::new(py, [py.get_type::<PyException>()])?,
        BASE_DOC,
    )?;
    let b = base.bind(py).clone();
    let value_error = py.get_type::<PyValueError>();
    let runtime_error = py.get_type::<PyRuntimeError>();
    let pair = |other: &Bound<'py, PyType>| PyTuple::new(py, [b.clone(), other.clone()]);
    Ok(Classes {
        parse: make_class(py, "ParseError", pair(&value_error)?, PARSE_DOC)?,
        invalid_input: make_class(py, "InvalidInputError", pair(&value_error)?, INVALID_INPUT_DOC)?,
        out_of_range: make_class(py, "OutOfRangeError", pair(&value_error)?, OUT_OF_RANGE_DOC)?,
        invalid_state: make_class(py, "InvalidStateError", pair(&runtime_error)?, INVALID_STATE_DOC)?,
        not_found: make_class(
            py,
            "NotFoundError",
            pair(&py.get_type::<PyLookupError>())?,
            NOT_FOUND_DOC,
        )?,
        forbidden: make_class(
            py,
            "ForbiddenError",
            pair(&py.get_type::<PyPermissionError>())?,
            FORBIDDEN_DOC,
        )?,
        base,
    })
}

/// The exception classes of this interpreter.
pub fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || build(py))
}

/// Adds the exception classes to the module.
pub fn register(py: Python<'_>, m: &Bound<'_, PyModule>) -> PyResult<()> {
    let c = classes(py)?;
    m.add("XiaonengError", c.base.bind(py))?;
    m.add("ParseError", c.parse.bind(py))?;
    m.add("InvalidInputError", c.invalid_input.bind(py))?;
    m.add("OutOfRangeError", c.out_of_range.bind(py))?;
    m.add("InvalidStateError", c.invalid_state.bind(py))?;
    m.add("NotFoundError", c.not_found.bind(py))?;
    m.add("ForbiddenError", c.forbidden.bind(py))?;
    Ok(())
}

/// Which class to raise.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// `XiaonengError` itself (internal errors).
    Base,
    /// `ParseError`.
    Parse,
    /// `InvalidInputError`.
    InvalidInput,
    /// `OutOfRangeError`.
    OutOfRange,
    /// `InvalidStateError`.
    InvalidState,
    /// `NotFoundError`.
    NotFound,
    /// `ForbiddenError`.
    Forbidden,
}

impl From<ErrorCode> for Kind {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::Parse => Kind::Parse,
            ErrorCode::InvalidInput => Kind::InvalidInput,
            ErrorCode::OutOfRange => Kind::OutOfRange,
            ErrorCode::InvalidState => Kind::InvalidState,
            ErrorCode::NotFound => Kind::NotFound,
            ErrorCode::Forbidden => Kind::Forbidden,
        }
    }
}

/// A Python exception of `kind` with `message`. Builds the exception lazily (no work until raised).
pub fn err(kind: Kind, message: impl Into<String>) -> PyErr {
    let message = message.into();
    Python::attach(|py| match classes(py) {
        Ok(c) => {
            let ty = match kind {
                Kind::Base => &c.base,
                Kind::Parse => &c.parse,
                Kind::InvalidInput => &c.invalid_input,
                Kind::OutOfRange => &c.out_of_range,
                Kind::InvalidState => &c.invalid_state,
                Kind::NotFound => &c.not_found,
                Kind::Forbidden => &c.forbidden,
            };
            PyErr::from_type(ty.bind(py).clone(), message)
        }
        Err(e) => e,
    })
}

/// `InvalidInputError(message)`.
pub fn invalid(message: impl Into<String>) -> PyErr {
    err(Kind::InvalidInput, message)
}

/// `OutOfRangeError(message)`.
pub fn out_of_range(message: impl Into<String>) -> PyErr {
    err(Kind::OutOfRange, message)
}

/// `XiaonengError(message)`, for what cannot fail unless the library has a defect (e.g. serializing a
/// core value).
pub fn internal(e: impl std::fmt::Display) -> PyErr {
    err(Kind::Base, e.to_string())
}

/// Maps a core error to its exception class, keeping the core's message.
pub fn core(e: Error) -> PyErr {
    err(e.code().into(), e.to_string())
}

/// Maps a calendar error.
pub fn cal(e: CalendarError) -> PyErr {
    core(Error::from(e))
}

/// Maps a clock error.
pub fn clock(e: ClockError) -> PyErr {
    core(Error::from(e))
}

/// Maps a batch error: the class of the element's error, the message naming the element.
pub fn batch(e: BatchError) -> PyErr {
    let kind = Error::from(e.error.clone()).code().into();
    err(kind, e.to_string())
}

/// Runs `f`, turning a panic (a core defect) into `XiaonengError` instead of letting it unwind into
/// Python as `PanicException`. Used around the core calls whose inputs cannot all be validated here.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panicked(payload)))
}

/// The `XiaonengError` for a caught panic, naming its message.
pub fn panicked(payload: Box<dyn Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    err(
        Kind::Base,
        format!("internal error in xiaoneng (please report): {what}"),
    )
}
