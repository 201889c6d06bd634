//! Exception classes (one per [`ErrorCode`]) and the mapping of core errors onto them.
//!
//! `XiaonengError(Exception)` is the base. The specific classes also derive from the matching builtin
//! so that generic handlers keep working: `ParseError`, `InvalidInputError` and `OutOfRangeError` are
//! `ValueError`s, `InvalidStateError` is a `RuntimeError`, `NotFoundError` a `LookupError`,
//! `ForbiddenError` a `PermissionError` and `StorageError` (the journal's I/O failures) an `OSError`;
//! `CorruptError` (damaged stored data) has no builtin counterpart. Python has no single-base way to express that in pyo3's
//! `create_exception!`, so the classes are created with `type(name, bases, ns)` once.
//!
//! Every exception carries the parts of the core error as attributes: `code` (the stable number, a class
//! attribute), `field`, `value` and `reason` (from [`Error::field`], [`Error::value`], [`Error::reason`];
//! `None` where the error has none), and `index` (the failing element of an array call or the failing
//! command of `Engine.execute_many`, else `None`). Errors the binding makes itself (a wrong argument type,
//! a naive datetime, a value nested too deeply) are built as core [`Error`]s too, so that they have the
//! same parts and the same bounded quoting of values ([`xiaoneng::MAX_QUOTED_VALUE`]).

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyException, PyLookupError, PyOSError, PyPermissionError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use xiaoneng::{BatchError, CalendarError, ClockError, Error, ErrorCode, FieldError};

/// The code of `XiaonengError` itself: an internal error (a defect of the library), as the C ABI's
/// `XN_ERR_PANIC`.
pub const INTERNAL_CODE: i32 = 7;

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
    /// `StorageError`.
    pub storage: Py<PyType>,
    /// `CorruptError`.
    pub corrupt: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

const BASE_DOC: &str = r#"Base class of every error raised by xiaoneng.

Each subclass matches one stable error code of the core library (the same codes
the C ABI returns), and carries the core's message, which names the field,
date or element concerned, and its parts as attributes:

- ``code``: the stable error code (an int: 2 parse, 3 invalid input, 4 out of
  range, 5 invalid state, 9 not found, 10 forbidden, 11 storage, 12 corrupt;
  7 for ``XiaonengError`` itself, an internal error);
- ``field``: the offending field or argument (a path such as ``limit.amount``
  or ``commands[3].at``), or ``None``;
- ``value``: the offending value as written (at most 200 bytes of it), or ``None``;
- ``reason``: why it is refused, without the field and value, or ``None``;
- ``index``: the failing element of an array call, or the failing command of
  ``Engine.execute_many``, else ``None``;
- ``events``: for ``Engine.execute_many`` only, the events of the commands
  applied before the failing one (a list of event lists), else ``None``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> try:
...     xn.Calendar.china().is_workday(dt.date(2030, 1, 1))
... except xn.XiaonengError as e:
...     print(type(e).__name__, e.code, e.value)
OutOfRangeError 4 date 2030-01-01
"#;

const PARSE_DOC: &str = r#"A JSON or TOML document (or dict) is malformed, or has an unknown or mistyped field.

The message and ``field`` name the field path, e.g. ``days_off[0].start``. Code 2. Also a ``ValueError``.

Examples
--------
>>> import xiaoneng as xn
>>> xn.Calendar.from_json('{"schema": 1, "base": "china", "colour": 1}')
Traceback (most recent call last):
...
xiaoneng.ParseError: invalid JSON document at `colour`: unknown field `colour`, ...
>>> try:
...     xn.Calendar.from_json('{"schema": 1, "base": "china", "colour": 1}')
... except xn.ParseError as e:
...     print(e.code, e.field)
2 colour
"#;

const INVALID_INPUT_DOC: &str = r#"A value is well-formed but not allowed.

Examples: a negative limit, an inverted range, an unknown ``start_rule``, a naive
datetime where an instant is needed, an argument of the wrong type. ``field``
names the argument or field. Code 3. Also a ``ValueError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> xn.Calendar.china().add_working_hours(dt.datetime(2026, 9, 30, 16, 30), 2)
Traceback (most recent call last):
...
xiaoneng.InvalidInputError: invalid `at` = 2026-09-30 16:30:00: naive datetime: give a timezone
>>> try:
...     xn.Calendar.china().add_workdays(dt.date(2026, 9, 30), 1, start_rule="first_day")
... except xn.InvalidInputError as e:
...     print(e.code, e.field, e.value)
3 start_rule first_day
"#;

const OUT_OF_RANGE_DOC: &str = r#"A date lies outside the calendar's covered range, or a result would; or a size or number is beyond what can be held.

Array calls name the index of the first failing element (also as ``index``). Code 4.
Also a ``ValueError``.

Examples
--------
>>> import datetime as dt, numpy as np, xiaoneng as xn
>>> xn.Calendar.china().is_workday(dt.date(2030, 1, 1))
Traceback (most recent call last):
...
xiaoneng.OutOfRangeError: date 2030-01-01 is outside the calendar's covered range 2004-01-01..=2026-12-31
>>> try:
...     xn.Calendar.china().is_workday(np.array(["2026-10-01", "2031-01-01"], dtype="datetime64[D]"))
... except xn.OutOfRangeError as e:
...     print(e.code, e.index)
4 1
"#;

const INVALID_STATE_DOC: &str = r#"The command is not allowed in the current state.

For example resuming a clock that is not paused, completing one twice, accepting a
closed case, or calling an ``Engine`` that another thread is using. Code 5. Also a
``RuntimeError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> t = dt.datetime(2026, 9, 29, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
>>> xn.Clock(("working_days", 20), t).resume(t)
Traceback (most recent call last):
...
xiaoneng.InvalidStateError: cannot resume: the clock is not paused
>>> try:
...     xn.Clock(("working_days", 20), t).resume(t)
... except xn.InvalidStateError as e:
...     print(e.code, e.field, e.reason)
5 resume the clock is not paused
"#;

const NOT_FOUND_DOC: &str = r#"An unknown case, record, item or actor.

The message and ``field`` name the field (``case``, ``item``, ``actor``, ``code``), and ``value``
the value. Code 9. Also a ``LookupError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> policy = xn.Policy.load("presets/county.toml")
>>> org = xn.Org.from_json(open("tests/fixtures/county-org.json", encoding="utf-8").read())
>>> catalog = xn.Catalog.from_json(open("tests/fixtures/county-catalog.json", encoding="utf-8").read(), org)
>>> engine = xn.Engine(policy, org, catalog)
>>> tz = dt.timezone(dt.timedelta(hours=8))
>>> engine.execute(xn.commands.accept("C404", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk"))
Traceback (most recent call last):
...
xiaoneng.NotFoundError: unknown `case` = C404: ...
>>> try:
...     engine.execute(xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-nobody"))
... except LookupError as e:
...     print(type(e).__name__, e.code, e.field, e.value)
NotFoundError 9 actor s-nobody
"#;

const FORBIDDEN_DOC: &str = r#"The actor lacks the post, role or unit the action needs.

The message names the actor (``field`` is ``actor``, ``value`` the staff id) and what the action
needs. Code 10. Also a ``PermissionError``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> policy = xn.Policy.load("presets/county.toml")
>>> org = xn.Org.from_json(open("tests/fixtures/county-org.json", encoding="utf-8").read())
>>> catalog = xn.Catalog.from_json(open("tests/fixtures/county-catalog.json", encoding="utf-8").read(), org)
>>> engine = xn.Engine(policy, org, catalog)
>>> tz = dt.timezone(dt.timedelta(hours=8))
>>> try:
...     engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-rev",
...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
... except PermissionError as e:
...     print(type(e).__name__, e.code, e.field, e.value)
...     print(e.reason)
ForbiddenError 10 actor s-rev
needs one of the roles window_clerk, chief_representative, unit_head
"#;

const STORAGE_DOC: &str = r#"Reading or writing storage failed: a journal's directory or file (``JournaledEngine``, ``verify``).

``field`` names the file or argument (``path``, ``seg-1.jsonl``), ``value`` what was being
done, ``reason`` what the system said. A journal that met a write or sync error stops (fail-stop):
every later call answers this error too, and nothing is acknowledged that is not durable; open the
directory again to go on. Code 11. Also an ``OSError``.

Examples
--------
>>> import xiaoneng as xn
>>> try:
...     xn.verify("no/such/journal")
... except xn.StorageError as e:
...     print(type(e).__name__, e.code, e.field, e.value, isinstance(e, OSError))
StorageError 11 path no/such/journal True
"#;

const CORRUPT_DOC: &str = r#"Stored data is damaged: a journal record edited, removed, reordered or inserted, a damaged snapshot.

Opening a ``JournaledEngine`` on a damaged journal raises it (nothing is silently skipped);
``field`` is ``seq`` and ``value`` the first bad sequence number, ``reason`` what is wrong there.
(``verify`` reports damage in its report instead of raising.) A torn last record left by a crash is
not damage: opening cuts it and says so in ``JournaledEngine.report``. Code 12.

Examples
--------
>>> import datetime as dt, pathlib, tempfile, xiaoneng as xn
>>> policy, org = xn.presets.county(), xn.presets.example_org()
>>> catalog = xn.presets.example_catalog(org)
>>> path = pathlib.Path(tempfile.mkdtemp())
>>> with xn.JournaledEngine(path, policy, org, catalog) as engine:
...     _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 1, tzinfo=dt.timezone.utc),
...                                            "s-clerk", item="330100-FOOD-001", applicant="某餐饮有限公司"))
>>> segment = next(path.glob("seg-*.jsonl"))
>>> _ = segment.write_bytes(segment.read_bytes().replace("某餐饮".encode(), "某饭店".encode()))
>>> try:
...     xn.JournaledEngine(path, policy, org, catalog)
... except xn.CorruptError as e:
...     print(e.code, e.field, e.value)
12 seq 1
"#;

fn make_class<'py>(
    py: Python<'py>,
    name: &str,
    bases: Bound<'py, PyTuple>,
    doc: &str,
    code: i32,
    base: bool,
) -> PyResult<Py<PyType>> {
    let ns = PyDict::new(py);
    ns.set_item("__module__", "xiaoneng")?;
    ns.set_item("__doc__", doc)?;
    ns.set_item("code", code)?;
    if base {
        for attr in ["field", "value", "reason", "index", "events"] {
            ns.set_item(attr, py.None())?;
        }
    }
    let ty = py.get_type::<PyType>().call1((name, bases, ns))?;
    Ok(ty.cast_into::<PyType>()?.unbind())
}

fn build<'py>(py: Python<'py>) -> PyResult<Classes> {
    let base = make_class(
        py,
        "XiaonengError",
        PyTuple::new(py, [py.get_type::<PyException>()])?,
        BASE_DOC,
        INTERNAL_CODE,
        true,
    )?;
    let b = base.bind(py).clone();
    let class = |name: &str, other: Bound<'py, PyType>, doc: &str, code: ErrorCode| {
        make_class(py, name, PyTuple::new(py, [b.clone(), other])?, doc, code as i32, false)
    };
    Ok(Classes {
        parse: class("ParseError", py.get_type::<PyValueError>(), PARSE_DOC, ErrorCode::Parse)?,
        invalid_input: class(
            "InvalidInputError",
            py.get_type::<PyValueError>(),
            INVALID_INPUT_DOC,
            ErrorCode::InvalidInput,
        )?,
        out_of_range: class(
            "OutOfRangeError",
            py.get_type::<PyValueError>(),
            OUT_OF_RANGE_DOC,
            ErrorCode::OutOfRange,
        )?,
        invalid_state: class(
            "InvalidStateError",
            py.get_type::<PyRuntimeError>(),
            INVALID_STATE_DOC,
            ErrorCode::InvalidState,
        )?,
        not_found: class(
            "NotFoundError",
            py.get_type::<PyLookupError>(),
            NOT_FOUND_DOC,
            ErrorCode::NotFound,
        )?,
        forbidden: class(
            "ForbiddenError",
            py.get_type::<PyPermissionError>(),
            FORBIDDEN_DOC,
            ErrorCode::Forbidden,
        )?,
        storage: class("StorageError", py.get_type::<PyOSError>(), STORAGE_DOC, ErrorCode::Io)?,
        corrupt: make_class(
            py,
            "CorruptError",
            PyTuple::new(py, [b.clone()])?,
            CORRUPT_DOC,
            ErrorCode::Corrupt as i32,
            false,
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
    m.add("StorageError", c.storage.bind(py))?;
    m.add("CorruptError", c.corrupt.bind(py))?;
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
    /// `StorageError`.
    Storage,
    /// `CorruptError`.
    Corrupt,
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
            ErrorCode::Io => Kind::Storage,
            ErrorCode::Corrupt => Kind::Corrupt,
        }
    }
}

/// An exception to raise: its class, message and parts (the attributes of the instance).
#[derive(Debug, Clone)]
pub struct Failure {
    /// The class.
    pub kind: Kind,
    /// The message (`str(e)`).
    pub message: String,
    /// `e.field`.
    pub field: Option<String>,
    /// `e.value`.
    pub value: Option<String>,
    /// `e.reason`.
    pub reason: Option<String>,
    /// `e.index`.
    pub index: Option<usize>,
}

impl Failure {
    /// The failure of a core error: its class, message and parts, each bounded (the core bounds the
    /// values it quotes, but a path or a reason may still quote a long key or name: they are cut in the
    /// middle here, so that no message is longer than about [`MAX_MESSAGE`] bytes).
    pub fn of(e: &Error) -> Self {
        let mut message = e.to_string();
        let mut field = e.field().map(str::to_string);
        if let Some(f) = field.as_mut() {
            if f.len() > xiaoneng::MAX_QUOTED_VALUE {
                let short = cap(f, xiaoneng::MAX_QUOTED_VALUE);
                message = message.replacen(f.as_str(), &short, 1);
                *f = short;
            }
        }
        Failure {
            kind: e.code().into(),
            message: cap(&message, MAX_MESSAGE),
            field,
            value: e.value().map(str::to_string),
            reason: Some(cap(&e.reason(), MAX_MESSAGE / 2)),
            index: None,
        }
    }

    /// The same failure about element `index` of a batch: the message and field are prefixed with
    /// `prefix[index]` (e.g. `commands[17]`).
    pub fn at(mut self, prefix: &str, index: usize) -> Self {
        let here = format!("{prefix}[{index}]");
        let message = if self.field.as_deref() == Some(".") {
            self.message.replacen("`.`", &format!("`{here}`"), 1)
        } else {
            std::mem::take(&mut self.message)
        };
        self.message = format!("{here}: {message}");
        self.field = Some(match self.field.take() {
            None => here,
            Some(f) if f == "." => here,
            Some(f) => format!("{here}.{f}"),
        });
        self.index = Some(index);
        self
    }

    /// The exception instance (under the GIL).
    pub fn instance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let c = classes(py)?;
        let ty = match self.kind {
            Kind::Base => &c.base,
            Kind::Parse => &c.parse,
            Kind::InvalidInput => &c.invalid_input,
            Kind::OutOfRange => &c.out_of_range,
            Kind::InvalidState => &c.invalid_state,
            Kind::NotFound => &c.not_found,
            Kind::Forbidden => &c.forbidden,
            Kind::Storage => &c.storage,
            Kind::Corrupt => &c.corrupt,
        };
        let e = ty.bind(py).call1((self.message.as_str(),))?;
        if let Some(f) = &self.field {
            e.setattr("field", f)?;
        }
        if let Some(v) = &self.value {
            e.setattr("value", v)?;
        }
        if let Some(r) = &self.reason {
            e.setattr("reason", r)?;
        }
        if let Some(i) = self.index {
            e.setattr("index", i)?;
        }
        Ok(e)
    }

    /// The Python exception.
    pub fn into_pyerr(self) -> PyErr {
        Python::attach(|py| match self.instance(py) {
            Ok(e) => PyErr::from_value(e),
            Err(e) => e,
        })
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        f.into_pyerr()
    }
}

/// Longest message (about; in bytes) of an exception: longer ones keep their start and end.
pub const MAX_MESSAGE: usize = 1000;

/// `text` cut in the middle to about `max` bytes (its start and end kept, at character boundaries).
pub fn cap(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut head = max * 2 / 3;
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = text.len() - max / 3;
    while !text.is_char_boundary(tail) {
        tail += 1;
    }
    format!("{}… ({} bytes in all) …{}", &text[..head], text.len(), &text[tail..])
}

/// A Python exception of `kind` with `message` and no parts (internal errors).
pub fn err(kind: Kind, message: impl Into<String>) -> PyErr {
    Failure {
        kind,
        message: cap(&message.into(), MAX_MESSAGE),
        field: None,
        value: None,
        reason: None,
        index: None,
    }
    .into_pyerr()
}

/// `InvalidInputError` about argument or field `field` = `value` (quoted at most
/// [`xiaoneng::MAX_QUOTED_VALUE`] bytes long): "invalid `field` = value: reason".
pub fn invalid(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> PyErr {
    core(Error::Invalid(FieldError::new(field, value, reason)))
}

/// `OutOfRangeError` about argument or field `field` = `value`: "out of range: `field` = value: reason".
pub fn out_of_range(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> PyErr {
    core(Error::OutOfRange(FieldError::new(field, value, reason)))
}

/// `InvalidStateError` about argument or object `field`: "not allowed now: `field` = value: reason".
pub fn not_allowed(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> PyErr {
    core(Error::NotAllowed(FieldError::new(field, value, reason)))
}

/// `XiaonengError(message)`, for what cannot fail unless the library has a defect (e.g. serializing a
/// core value).
pub fn internal(e: impl std::fmt::Display) -> PyErr {
    err(Kind::Base, e.to_string())
}

/// Maps a core error to its exception class, keeping the core's message and parts.
pub fn core(e: Error) -> PyErr {
    Failure::of(&e).into_pyerr()
}

/// Maps a calendar error.
pub fn cal(e: CalendarError) -> PyErr {
    core(Error::from(e))
}

/// Maps a clock error.
pub fn clock(e: ClockError) -> PyErr {
    core(Error::from(e))
}

/// Maps a batch error: the class and parts of the element's error, the message naming the element,
/// `index` the element.
pub fn batch(e: BatchError) -> PyErr {
    let mut f = Failure::of(&Error::from(e.error.clone()));
    f.message = e.to_string();
    f.index = Some(e.index);
    f.into_pyerr()
}

/// The error for a call on an object that another thread is using (or a call made from inside one of
/// its own calls): `InvalidStateError` naming the object.
pub fn busy(what: &str) -> PyErr {
    not_allowed(
        "self",
        what,
        format!(
            "this {what} is in use by another thread; it is not thread-safe: use one per thread or guard it \
             with a threading.Lock"
        ),
    )
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
