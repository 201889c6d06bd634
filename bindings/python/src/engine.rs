//! `xiaoneng.Engine`: the core [`Engine`] (cases, commands in, events out, timers, board, metrics).
//!
//! Commands and events cross the boundary as dicts, read and built directly from and to the typed core
//! values ([`crate::frompy`], [`crate::topy`]): a command dict is read under the GIL (aware datetimes as
//! instants), executed by the core with the GIL released, and its events built as dicts once the GIL is
//! back, with their instants (`at`, `effective`) as aware datetimes in the calendar's zone, as
//! `Clock.status` shows them. `execute_many` runs a batch (a list of command dicts, or JSON Lines) with
//! the GIL released for the whole batch. The core's errors become the exception class of their code with
//! the core's message and parts; a rejected command changes nothing.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, FixedOffset, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use serde::Deserialize;
use xiaoneng::journal::JournaledEngine;
use xiaoneng::{
    Command, Complaint, Engine, Error, Event, Inspection, Lang, Matter, Pledge, PledgeStatus, Rule, TimeUnit,
    UnitMetrics, ViolationQuery,
};

use crate::convert::{
    bool_arg, class_arg, count_arg, decimal_class, instant, opt_str_arg, placeholder, py_fixed, py_instant, shown,
    str_arg, type_name,
};
use crate::errors::{self, Failure};
use crate::frompy::{self, PyDe};
use crate::model::{frame, PyCatalog, PyOrg, PyPolicy};
use crate::topy::{plain, Converter, Shape};

/// Runs `f` with the GIL released; a core error becomes its exception class, a panic (a core defect)
/// becomes `XiaonengError` instead of unwinding into Python.
pub(crate) fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> xiaoneng::Result<T> + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .map_err(errors::panicked)?
        .map_err(errors::core)
}

/// A complaint as a dict: its record (as `snapshot()` stores it) plus its derived `state`.
fn complaint_dict<'py>(py: Python<'py>, c: &Complaint) -> PyResult<Bound<'py, PyAny>> {
    let d = plain(py, c)?;
    d.set_item("state", c.state().as_str())?;
    Ok(d)
}

/// A pledge as a dict: its record (as `snapshot()` stores it) plus its derived `state` and its `status`
/// at the instant asked about.
fn pledge_dict<'py>(py: Python<'py>, p: &Pledge, status: PledgeStatus) -> PyResult<Bound<'py, PyAny>> {
    let d = plain(py, p)?;
    d.set_item("state", p.state().as_str())?;
    d.set_item("status", status.as_str())?;
    Ok(d)
}

/// An inspection as a dict: its record (as `snapshot()` stores it) plus its derived `state`.
fn inspection_dict<'py>(py: Python<'py>, i: &Inspection) -> PyResult<Bound<'py, PyAny>> {
    let d = plain(py, i)?;
    d.set_item("state", i.state().as_str())?;
    Ok(d)
}

/// A matter as a dict: its record (as `snapshot()` stores it) plus its derived `state`.
fn matter_dict<'py>(py: Python<'py>, m: &Matter) -> PyResult<Bound<'py, PyAny>> {
    let d = plain(py, m)?;
    d.set_item("state", m.state().as_str())?;
    Ok(d)
}

/// The engine, read; `InvalidStateError` while another thread changes it.
fn borrow<'py>(slf: &Bound<'py, PyEngine>) -> PyResult<PyRef<'py, PyEngine>> {
    slf.try_borrow().map_err(|_| errors::busy("Engine"))
}

/// The engine, to change; `InvalidStateError` while another thread uses it.
pub(crate) fn borrow_mut<'py>(slf: &Bound<'py, PyEngine>) -> PyResult<PyRefMut<'py, PyEngine>> {
    slf.try_borrow_mut().map_err(|_| errors::busy("Engine"))
}

/// The board columns.
const BOARD_COLUMNS: &[&str] = &["unit", "case", "item", "signal", "deadline", "remaining"];
/// The figures of each unit of measure in ``Engine.metrics()``, a column each: ``<figure>_<unit>``.
const DURATION_FIGURES: &[&str] = &[
    "decided",
    "average_used",
    "average_pledged",
    "average_statutory",
    "speed_up",
];

/// The case-handling engine (效能引擎): one policy, organisation and catalog, and every case.
///
/// A host sends what happened as **commands** (dicts tagged by ``"type"``, see ``xn.commands`` for
/// builders and ``docs/commands.md`` for the rules); the engine checks the actor's post or role and the
/// case's state, and answers with **events** (dicts with ``seq``, ``at``, ``case``, ``type``, ``actor``
/// for commands, and the event's fields). A rejected command raises and changes nothing. ``advance(now)``
/// fires reminders, yellow and red cards, deemed acceptance and approval, and breaches. The engine never
/// reads the system clock: time comes in with every command and every ``advance``.
///
/// Instants in events, views and boards are aware datetimes in the calendar's zone (as
/// ``Clock.status``); the state documents (``case()``, ``snapshot()``) keep RFC 3339 text in UTC.
///
/// Thread safety: an ``Engine`` is mutable and not thread-safe: do not share one between Python threads
/// without a lock. ``execute``, ``execute_many``, ``advance``, ``view``, ``board``, ``metrics``,
/// ``snapshot``, ``restore`` and ``replay`` run with the GIL released, so another thread may call the same
/// engine meanwhile; such a call (a method or a property) raises ``InvalidStateError`` (a
/// ``RuntimeError``) naming the engine instead of seeing or corrupting a half-changed engine. Use one
/// engine per thread, or guard it with a ``threading.Lock``.
///
/// Errors: ``NotFoundError`` for an unknown case, item or actor, ``ForbiddenError`` for an actor without
/// the post, role or unit, ``InvalidStateError`` for a command the case's state does not allow now,
/// ``InvalidInputError`` for a value not allowed, ``ParseError`` for a malformed command; each carries
/// ``code``, ``field``, ``value`` and ``reason``.
///
/// Parameters
/// ----------
/// policy : Policy
///     The jurisdiction's rules (e.g. ``xn.presets.county()``, the county preset).
/// org : Org
///     Units, posts (with A/B backup), staff and absences.
/// catalog : Catalog
///     The service items, validated against ``org``.
///
/// Raises
/// ------
/// InvalidInputError
///     The policy is invalid or its calendar cannot be built.
///
/// Examples
/// --------
/// >>> policy = xn.presets.county()
/// >>> org = xn.presets.example_org()
/// >>> catalog = xn.presets.example_catalog(org)
/// >>> engine = xn.Engine(policy, org, catalog)
/// >>> tz = dt.timezone(dt.timedelta(hours=8))
/// >>> events = engine.execute(xn.commands.receive(
/// ...     "C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
/// ...     item="330100-FOOD-001", applicant="某餐饮有限公司"))
/// >>> events[0]["seq"], events[0]["type"], events[0]["at"].isoformat()
/// (1, 'received', '2026-09-28T09:00:00+08:00')
/// >>> len(engine), engine.seq
/// (1, 1)
#[pyclass(name = "Engine", module = "xiaoneng", subclass)]
pub struct PyEngine {
    pub(crate) state: State,
}

/// What an `Engine` holds: an engine of its own, or (for its subclass `JournaledEngine`) an engine on a
/// journal, or nothing once that journal is closed.
// One per Python object, held inline (no collection of them): the variants' sizes do not matter, and
// the plain engine, the common case, stays without an indirection.
#[allow(clippy::large_enum_variant)]
pub(crate) enum State {
    /// `xn.Engine`.
    Plain(Engine),
    /// `xn.JournaledEngine`, open.
    Journaled(Journaled),
    /// `xn.JournaledEngine`, closed.
    Closed,
}

/// A [`JournaledEngine`] (`Sync`, as a pyclass must be: its storage is `Send + Sync`). Through a shared
/// reference only its [`Engine`] is reachable; the journal is reached through an exclusive one.
pub(crate) struct Journaled(JournaledEngine);

impl Journaled {
    /// The engine on `journaled`.
    pub(crate) fn new(journaled: JournaledEngine) -> Self {
        Journaled(journaled)
    }

    /// The engine (read only).
    pub(crate) fn engine(&self) -> &Engine {
        self.0.engine()
    }

    /// The journaled engine, for changes (exclusive).
    pub(crate) fn get_mut(&mut self) -> &mut JournaledEngine {
        &mut self.0
    }

    /// The journaled engine, to close.
    pub(crate) fn into_inner(self) -> JournaledEngine {
        self.0
    }
}

/// The core error of a call on a closed `JournaledEngine`.
pub(crate) fn closed() -> Error {
    Error::NotAllowed(xiaoneng::FieldError::new(
        "self",
        "JournaledEngine",
        "closed: its journal was closed; open the directory again to go on",
    ))
}

impl State {
    /// The engine, read; an error once closed.
    pub(crate) fn engine(&self) -> xiaoneng::Result<&Engine> {
        match self {
            State::Plain(e) => Ok(e),
            State::Journaled(j) => Ok(j.engine()),
            State::Closed => Err(closed()),
        }
    }

    /// Executes a command (on the journal: answered once durable).
    fn execute(&mut self, command: Command) -> xiaoneng::Result<Vec<Event>> {
        match self {
            State::Plain(e) => e.execute(command),
            State::Journaled(j) => j.get_mut().execute(command),
            State::Closed => Err(closed()),
        }
    }

    /// Fires the timers due (on the journal: answered once durable).
    fn advance(&mut self, now: DateTime<Utc>) -> xiaoneng::Result<Vec<Event>> {
        match self {
            State::Plain(e) => Ok(e.advance(now)),
            State::Journaled(j) => j.get_mut().advance(now),
            State::Closed => Err(closed()),
        }
    }

    /// Adds (or corrects) a year notice (on the journal: answered once durable).
    fn add_notice(
        &mut self,
        notice: xiaoneng::YearNotice,
        at: DateTime<Utc>,
        correction: bool,
    ) -> xiaoneng::Result<Vec<Event>> {
        match (self, correction) {
            (State::Plain(e), false) => e.add_notice(notice, at),
            (State::Plain(e), true) => e.correct_notice(notice, at),
            (State::Journaled(j), false) => j.get_mut().add_notice(notice, at),
            (State::Journaled(j), true) => j.get_mut().correct_notice(notice, at),
            (State::Closed, _) => Err(closed()),
        }
    }
}

impl PyEngine {
    /// A plain engine.
    fn plain(engine: Engine) -> Self {
        PyEngine {
            state: State::Plain(engine),
        }
    }

    /// The engine, read; `InvalidStateError` once a journaled engine is closed.
    pub(crate) fn engine(&self) -> PyResult<&Engine> {
        self.state.engine().map_err(errors::core)
    }

    fn offset(&self) -> PyResult<FixedOffset> {
        Ok(self.engine()?.calendar().utc_offset())
    }
}

/// A command dict as a core command. `root` names the dict in errors about its values (`command`, or
/// `.` for an element of a batch); the core's own reading names the field of a malformed command.
fn command_of(obj: &Bound<'_, PyAny>, root: &str) -> Result<Command, Failure> {
    if !obj.is_instance_of::<PyDict>() {
        // An element of a batch is named by its index (`Failure::at`).
        let name = root;
        return Err(Failure::of(&Error::Invalid(xiaoneng::FieldError::new(
            name,
            placeholder(obj),
            format!("must be a dict (see xiaoneng.commands), got {}", type_name(obj)),
        ))));
    }
    match Command::deserialize(PyDe::new(obj)) {
        Ok(c) => Ok(c),
        // serde's message through the `type` tag loses the field: the core's reading of the JSON form
        // finds it (`remedies`, `at`).
        Err(e) if e.is_data() => {
            let text = frompy::to_value_failure(obj, root)?.to_string();
            Command::from_json(&text).map_err(|e| Failure::of(&e))
        }
        Err(e) => Err(e.failure(root)),
    }
}

/// An event dict as a core event; errors name `events[k]`.
fn event_of(obj: &Bound<'_, PyAny>, k: usize) -> Result<Event, Failure> {
    let at = |f: Failure| f.at("events", k);
    let event = match Event::deserialize(PyDe::new(obj)) {
        Ok(e) => e,
        Err(e) if e.is_data() => {
            let text = frompy::to_value_failure(obj, ".").map_err(at)?.to_string();
            Event::from_json(&text).map_err(|e| at(Failure::of(&e)))?
        }
        Err(e) => return Err(at(e.failure("."))),
    };
    // The wire format's precision (the core refuses the instant too, when it reschedules the case; here
    // the error names the event).
    let nanos = event.at.timestamp_subsec_nanos();
    if nanos >= 1_000_000_000 || nanos % 1_000 != 0 {
        let reason = if nanos >= 1_000_000_000 {
            "a leap second (:60) is not supported: instants are exchanged to the microsecond without leap seconds"
        } else {
            "finer than a microsecond: instants are exchanged to the microsecond"
        };
        let value = event.at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
        let mut f = Failure::of(&Error::Invalid(xiaoneng::FieldError::new(
            format!("events[{k}].at"),
            value,
            reason,
        )));
        f.index = Some(k);
        return Err(f);
    }
    Ok(event)
}

/// An event list (dicts, as `execute` and `advance` return them) as core events.
fn events_of(events: &Bound<'_, PyAny>) -> PyResult<Vec<Event>> {
    let items: Vec<Bound<'_, PyAny>> = if let Ok(l) = events.cast::<PyList>() {
        l.iter().collect()
    } else if let Ok(t) = events.cast::<PyTuple>() {
        t.iter().collect()
    } else {
        return Err(errors::invalid(
            "events",
            placeholder(events),
            format!("must be a list of event dicts, got {}", type_name(events)),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(k, e)| event_of(e, k).map_err(PyErr::from))
        .collect()
}

/// The commands of a batch: read from dicts (under the GIL), or JSON Lines read with the GIL released.
enum Batch<'a> {
    /// The commands read, and the failure of the first one that could not be read (with its index).
    Read(Vec<Command>, Option<(usize, Failure)>),
    /// JSON Lines text.
    Lines(&'a [u8]),
}

/// Runs a batch on the engine: stops at the first failing command. Returns the events of each command
/// applied, and the failure (with its index) that stopped it.
fn run_batch(engine: &mut State, batch: Batch<'_>) -> (Vec<Vec<Event>>, Option<(usize, Failure)>) {
    let mut out = Vec::new();
    match batch {
        Batch::Read(commands, unread) => {
            out.reserve(commands.len());
            for (k, c) in commands.into_iter().enumerate() {
                match engine.execute(c) {
                    Ok(ev) => out.push(ev),
                    Err(e) => return (out, Some((k, Failure::of(&e)))),
                }
            }
            (out, unread)
        }
        Batch::Lines(text) => {
            let mut k = 0;
            for line in text.split(|&b| b == b'\n') {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                // serde_json alone first; the core's reading (which names the field) for an error.
                let command = match serde_json::from_slice::<Command>(line) {
                    Ok(c) => Ok(c),
                    Err(_) => std::str::from_utf8(line)
                        .map_err(|e| Error::Parse {
                            format: "JSON",
                            path: ".".into(),
                            message: format!("not UTF-8 text ({e})"),
                        })
                        .and_then(Command::from_json),
                };
                match command.and_then(|c| engine.execute(c)) {
                    Ok(ev) => out.push(ev),
                    Err(e) => return (out, Some((k, Failure::of(&e)))),
                }
                k += 1;
            }
            (out, None)
        }
    }
}

/// The configuration arguments, checked (each names its argument when it is of another class).
pub(crate) fn configuration(
    policy: &Bound<'_, PyAny>,
    org: &Bound<'_, PyAny>,
    catalog: &Bound<'_, PyAny>,
) -> PyResult<(xiaoneng::Policy, xiaoneng::Org, xiaoneng::Catalog)> {
    Ok((
        class_arg::<PyPolicy>(policy, "policy", "Policy")?.get().policy.clone(),
        class_arg::<PyOrg>(org, "org", "Org")?.get().org.clone(),
        class_arg::<PyCatalog>(catalog, "catalog", "Catalog")?
            .get()
            .catalog
            .clone(),
    ))
}

#[pymethods]
impl PyEngine {
    #[new]
    fn new(
        py: Python<'_>,
        policy: &Bound<'_, PyAny>,
        org: &Bound<'_, PyAny>,
        catalog: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let (policy, org, catalog) = configuration(policy, org, catalog)?;
        let engine = run(py, move || Engine::new(policy, org, catalog))?;
        Ok(PyEngine::plain(engine))
    }
    /// Executes a command and returns the events it caused.
    ///
    /// The case's own timers due at or before the command's ``at`` fire first (their events come first),
    /// so a case's log is always in time order.
    ///
    /// Parameters
    /// ----------
    /// command : dict
    ///     ``{"type": "accept", "case": "C1", "at": <aware datetime or RFC 3339 text>, "actor": "s-clerk"}``;
    ///     the builders in ``xn.commands`` make them.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///     Events: ``seq``, ``at`` (aware, calendar's zone), ``case``, ``actor`` (absent for timer
    ///     events), ``type`` and the event's fields.
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     An unknown command type, a missing, unknown or mistyped field (named, e.g. ``remedies``).
    /// NotFoundError
    ///     An unknown case, item or actor (``field`` ``case``, ``item``, ``actor``).
    /// ForbiddenError
    ///     An actor without the post, role or unit the action needs.
    /// InvalidStateError
    ///     A command the case's state does not allow now (``field`` ``type``), a command out of time
    ///     order, an extension after the limit expired.
    /// InvalidInputError
    ///     A value not allowed: a refusal or denial without reasons, basis or remedies (art. 38), a naive
    ///     datetime, an instant finer than a microsecond, a value with no JSON form or nested deeper than
    ///     128 levels (named by its path, e.g. ``command.materials[2]``), a non-dict command.
    ///
    /// In every case the engine is unchanged.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> [e["type"] for e in engine.execute(
    /// ...     xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk"))]
    /// ['accepted']
    /// >>> engine.execute(xn.commands.refuse("C1", dt.datetime(2026, 9, 28, 11, tzinfo=tz), "s-clerk",
    /// ...                                   reasons="不属于本机关职权范围", legal_basis="《行政许可法》第三十二条",
    /// ...                                   remedies="可申请行政复议"))
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.InvalidStateError: not allowed now: `type` = refuse: not allowed while the case is accepted ...
    fn execute<'py>(slf: &Bound<'py, Self>, command: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let command = command_of(command, "command")?;
        let mut this = borrow_mut(slf)?;
        let offset = this.offset()?;
        let state = &mut this.state;
        let events = run(py, move || state.execute(command))?;
        drop(this);
        Ok(Converter::new(py, Shape::Engine(offset)).events(&events)?.into_any())
    }

    /// Executes commands in order, with the GIL released for the whole batch, and returns the events of
    /// each: one list of event dicts per command (``result[k]`` for ``commands[k]``).
    ///
    /// The batch stops at the first command that fails and raises that command's error, its message and
    /// ``field`` prefixed with ``commands[k]``, and ``index`` set to ``k``. The commands before it **stay
    /// applied** (as if executed one by one; the failing command changes nothing): their events are in
    /// the exception's ``events`` attribute (``e.events[j]`` for ``commands[j]``, ``j < k``), so that an
    /// event log can be kept complete. Commands after it are not run.
    ///
    /// Parameters
    /// ----------
    /// commands : list of dict, or str or bytes
    ///     Command dicts (as ``execute`` takes them), or JSON Lines: one command per line as JSON text
    ///     (blank lines are skipped; ``k`` counts the commands, not the lines).
    ///
    /// Returns
    /// -------
    /// list of list of dict
    ///
    /// Raises
    /// ------
    /// ParseError, NotFoundError, ForbiddenError, InvalidStateError, InvalidInputError
    ///     As ``execute``, for the first failing command (``index``, ``events``).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> at = lambda h: dt.datetime(2026, 9, 28, h, tzinfo=tz)
    /// >>> out = engine.execute_many([
    /// ...     xn.commands.receive("C1", at(9), "s-clerk", item="330100-FOOD-001", applicant="某餐饮有限公司"),
    /// ...     xn.commands.accept("C1", at(10), "s-clerk")])
    /// >>> [[e["type"] for e in events] for events in out]
    /// [['received'], ['accepted']]
    /// >>> lines = '{"type": "receive", "case": "C2", "at": "2026-09-28T09:00:00+08:00", "actor": "s-clerk",' \
    /// ...         ' "item": "330100-FOOD-001", "applicant": "某公司"}\n'
    /// >>> [e["seq"] for events in engine.execute_many(lines) for e in events]
    /// [3]
    /// >>> try:
    /// ...     engine.execute_many([xn.commands.accept("C2", at(10), "s-clerk"),
    /// ...                          xn.commands.accept("C404", at(10), "s-clerk"),
    /// ...                          xn.commands.accept("C3", at(10), "s-clerk")])
    /// ... except xn.NotFoundError as e:
    /// ...     print(e.index, e.field, len(e.events), engine.seq)
    /// ...     print(e)
    /// 1 commands[1].case 1 4
    /// commands[1]: unknown `case` = C404: no case has this number
    fn execute_many<'py>(slf: &Bound<'py, Self>, commands: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let batch = if let Ok(s) = commands.cast::<PyString>() {
            Batch::Lines(
                s.to_str()
                    .map_err(|_| errors::invalid("commands", shown(commands), "not valid text"))?
                    .as_bytes(),
            )
        } else if let Ok(b) = commands.cast::<PyBytes>() {
            Batch::Lines(b.as_bytes())
        } else if commands.is_instance_of::<PyList>() || commands.is_instance_of::<PyTuple>() {
            let items: Vec<Bound<'py, PyAny>> = match commands.cast::<PyList>() {
                Ok(l) => l.iter().collect(),
                Err(_) => commands.cast::<PyTuple>()?.iter().collect(),
            };
            let mut read = Vec::with_capacity(items.len());
            let mut unread = None;
            for (k, c) in items.iter().enumerate() {
                match command_of(c, ".") {
                    Ok(c) => read.push(c),
                    Err(f) => {
                        unread = Some((k, f));
                        break;
                    }
                }
            }
            Batch::Read(read, unread)
        } else {
            return Err(errors::invalid(
                "commands",
                placeholder(commands),
                format!(
                    "must be a list of command dicts, or JSON Lines (str or bytes), got {}",
                    type_name(commands)
                ),
            ));
        };
        let mut this = borrow_mut(slf)?;
        let offset = this.offset()?;
        let state = &mut this.state;
        let (done, failed) = py
            .detach(|| catch_unwind(AssertUnwindSafe(|| run_batch(state, batch))))
            .map_err(errors::panicked)?;
        drop(this);
        let mut cv = Converter::new(py, Shape::Engine(offset));
        let lists = done
            .iter()
            .map(|events| cv.events(events))
            .collect::<PyResult<Vec<_>>>()?;
        let out = PyList::new(py, lists)?;
        match failed {
            None => Ok(out),
            Some((k, failure)) => {
                let e = failure.at("commands", k).instance(py)?;
                e.setattr("events", out)?;
                Err(PyErr::from_value(e))
            }
        }
    }

    /// Fires every timer due at or before ``now``, in time order (then by case number), and returns the
    /// events: reminders, yellow and red cards, deemed acceptance (art. 32) and deemed approval,
    /// escalations, breaches, default ratings.
    ///
    /// Each event carries the instant its threshold was reached, not ``now``, so advancing in one step or
    /// many gives the same events.
    ///
    /// Parameters
    /// ----------
    /// now : datetime.datetime
    ///     Aware instant.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///     Timer events (without ``actor``).
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     ``now`` is naive or not a datetime.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> events = engine.advance(dt.datetime(2026, 10, 11, tzinfo=tz))  # no one-time notice in 5 days
    /// >>> [(e["type"], e.get("rule"), e.get("deemed")) for e in events]  # the first step's day had passed too
    /// [('violation', 'late_one_time_notice', None), ('accepted', None, True), ('violation', 'step_over_limit', None)]
    /// >>> events[1]["effective"].isoformat()
    /// '2026-09-28T09:00:00+08:00'
    fn advance<'py>(slf: &Bound<'py, Self>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let now = instant(now, "now")?;
        let mut this = borrow_mut(slf)?;
        let offset = this.offset()?;
        let state = &mut this.state;
        let events = run(py, move || state.advance(now))?;
        drop(this);
        Ok(Converter::new(py, Shape::Engine(offset)).events(&events)?.into_any())
    }

    /// Adds a year notice to the engine's calendar at ``at`` (next year's State Council holiday
    /// arrangement, published in autumn; with ``correction=True``, an amended notice for a year the
    /// calendar covers), and returns the events it causes.
    ///
    /// Timers due up to ``at`` fire first, under the calendar as it was. Then every open deadline the notice
    /// moves is recomputed with its timers and recorded as a ``deadline_changed`` event (``clock``,
    /// ``statutory`` for the statutory deadline of a clock with a pledged limit, ``previous``, ``deadline``,
    /// and ``provisional`` when the new one still rests on provisional days); cases no longer timed after
    /// a ``timer_fault`` are timed again when the calendar now covers them. Only the cases whose timers
    /// rest on a changed day are recomputed. The engine's ``policy`` keeps the notice, for a later
    /// ``restore`` or ``replay``.
    ///
    /// Before a year's notice, clocks count on provisional days (weekends and the 13 statutory holidays,
    /// ``Calendar.statutory_notice``) and what rests on them says ``provisional``; date queries on the
    /// calendar stay errors there.
    ///
    /// Parameters
    /// ----------
    /// notice : dict
    ///     ``{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}, ...],
    ///     "workdays": ["2027-01-31", ...]}``, as ``Calendar.with_notice`` reads it (dates as strings or
    ///     ``datetime.date``).
    /// at : datetime.datetime
    ///     Aware instant the notice takes effect (the events are dated then).
    /// correction : bool, default False
    ///     Replace the notice of a year the calendar covers.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///     The events: what fell due before ``at``, then the ``deadline_changed`` events.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     A notice without days off (field ``days_off``), a day outside its year or both off and worked,
    ///     a year that would leave a gap (``year``), a naive ``at``.
    /// InvalidStateError
    ///     A covered year without ``correction`` (or an uncovered one with it); field ``year``.
    /// ParseError
    ///     A malformed notice (the field is named, e.g. ``days_off[0].start``).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 12, 21, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C1", dt.datetime(2026, 12, 21, 10, tzinfo=tz), "s-clerk"))
    /// >>> d = engine.view("C1", dt.datetime(2026, 12, 22, tzinfo=tz))["decision"]
    /// >>> d["deadline_date"], d["provisional"]
    /// (datetime.date(2027, 1, 5), True)
    /// >>> events = engine.add_notice({"year": 2027, "days_off": [
    /// ...     {"start": "2027-01-01", "end": "2027-01-04", "name": "元旦"}]}, dt.datetime(2026, 12, 22, tzinfo=tz))
    /// >>> [(e["type"], e.get("statutory", False), e["deadline"].isoformat()) for e in events]
    /// [('deadline_changed', False, '2027-01-07T00:00:00+08:00'), ('deadline_changed', True, '2027-01-21T00:00:00+08:00')]
    #[pyo3(signature = (notice, at, *, correction = false))]
    fn add_notice<'py>(
        slf: &Bound<'py, Self>,
        notice: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
        correction: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        if !notice.is_instance_of::<PyDict>() {
            return Err(errors::invalid(
                "notice",
                placeholder(notice),
                format!("must be a dict, got {}", type_name(notice)),
            ));
        }
        let notice = xiaoneng::YearNotice::from_json(&crate::convert::to_json(notice, "notice")?.to_string())
            .map_err(errors::core)?;
        let at = instant(at, "at")?;
        let mut this = borrow_mut(slf)?;
        let offset = this.offset()?;
        let state = &mut this.state;
        let events = run(py, move || state.add_notice(notice, at, correction))?;
        drop(this);
        Ok(Converter::new(py, Shape::Engine(offset)).events(&events)?.into_any())
    }

    /// The engine's policy, with every notice ``add_notice`` added to its calendar: what to persist for
    /// a later ``restore`` or ``replay`` with the same calendar.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> engine.policy == policy
    /// True
    #[getter]
    fn policy(slf: &Bound<'_, Self>) -> PyResult<PyPolicy> {
        Ok(PyPolicy {
            policy: borrow(slf)?.engine()?.policy().clone(),
        })
    }

    /// A case as seen at ``now``.
    ///
    /// Keys: ``case``, ``item``, ``item_name``, ``unit``, ``state`` (``received``, ``awaiting_correction``,
    /// ``accepted``, ``refused``, ``approved``, ``denied``, ``delivered``, ``withdrawn``, ``terminated``),
    /// ``signal`` (``none``, ``reminder``, ``yellow``, ``red``), ``violations``; once accepted ``decision`` (the
    /// decision clock's status, as ``Clock.status``); while under review ``step``, ``step_status`` and
    /// ``holder`` (who acts for the step's post now: ``{"via": "holder" | "backup" | "unit_head",
    /// "staff": ...}``).
    ///
    /// Parameters
    /// ----------
    /// case : str
    ///     Case number.
    /// now : datetime.datetime
    ///     Aware instant.
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// NotFoundError
    ///     No case has this number.
    /// InvalidInputError
    ///     A naive ``now``, a ``case`` that is not a str.
    /// OutOfRangeError
    ///     A deadline lies outside the calendar's range.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C1", dt.datetime(2026, 9, 28, 11, tzinfo=tz), "s-clerk"))
    /// >>> v = engine.view("C1", dt.datetime(2026, 9, 30, 11, tzinfo=tz))
    /// >>> v["state"], v["step"], v["holder"], v["decision"]["deadline_date"]
    /// ('accepted', '受理', {'via': 'holder', 'staff': 's-clerk'}, datetime.date(2026, 10, 16))
    fn view<'py>(
        slf: &Bound<'py, Self>,
        case: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let case = str_arg(case, "case")?;
        let now = instant(now, "now")?;
        let this = borrow(slf)?;
        let offset = this.offset()?;
        let engine = this.engine()?;
        let view = run(py, move || engine.view(case, now))?;
        drop(this);
        Converter::new(py, Shape::Engine(offset)).convert(&view)
    }

    /// Why a case stands where it does at ``now`` (说明): every clock it started, with the limit and its
    /// article, the start rule, the weekends, holidays and makeup days in its span, each pause with its
    /// kind and written notice, each extension with approver and reason, and the e-supervision thresholds
    /// (reached or not); every outcome deemed by rule, with the rule.
    ///
    /// Parameters
    /// ----------
    /// case : str
    ///     Case number.
    /// now : datetime.datetime
    ///     Aware instant.
    /// lang : str, default ``"zh"``
    ///     ``"zh"`` (Chinese) or ``"en"`` (English): the language of ``basis``, ``rule`` and the text.
    /// text : bool, default False
    ///     Return only the explanation's text (a ``str``) instead of the whole ``dict``.
    ///
    /// Returns
    /// -------
    /// dict or str
    ///     The explanation (``xiaoneng._types.Explanation``: ``case``, ``item``, ``item_name``, ``unit``,
    ///     ``at``, ``state``, ``clocks``, ``deemed``, ``text``), instants as aware datetimes and dates as
    ///     ``datetime.date``; or its ``text`` when ``text=True``.
    ///
    /// Raises
    /// ------
    /// NotFoundError
    ///     No case has this number.
    /// InvalidInputError
    ///     A naive ``now``, a ``case`` that is not a str, a ``lang`` other than ``"zh"`` and ``"en"``.
    /// OutOfRangeError
    ///     A deadline lies outside the calendar's range.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C1", dt.datetime(2026, 9, 28, 11, tzinfo=tz), "s-clerk"))
    /// >>> why = engine.explain("C1", dt.datetime(2026, 10, 9, 11, tzinfo=tz))
    /// >>> decision = why["clocks"][1]
    /// >>> decision["clock"], decision["deadline_date"], decision["days"][0]["name"]
    /// ('decision', datetime.date(2026, 10, 16), '国庆节')
    /// >>> print(engine.explain("C1", dt.datetime(2026, 10, 9, 11, tzinfo=tz), lang="en", text=True))
    /// Case C1 (330100-FOOD-001 ..., unit amr), as of 2026-10-09 11:00: accepted.
    /// ...
    #[pyo3(signature = (case, now, *, lang = None, text = None), text_signature = "($self, case, now, *, lang='zh', text=False)")]
    fn explain<'py>(
        slf: &Bound<'py, Self>,
        case: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
        lang: Option<&Bound<'py, PyAny>>,
        text: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let case = str_arg(case, "case")?;
        let now = instant(now, "now")?;
        let lang_text = lang.map_or(Ok("zh"), |l| str_arg(l, "lang"))?;
        let lang: Lang = lang_text
            .parse()
            .map_err(|_| errors::invalid("lang", lang_text, "one of `zh` (Chinese) and `en` (English)"))?;
        let text = text.map_or(Ok(false), |t| bool_arg(t, "text"))?;
        let this = borrow(slf)?;
        let offset = this.offset()?;
        let engine = this.engine()?;
        let why = run(py, move || engine.explain(case, now, lang))?;
        drop(this);
        if text {
            return Ok(PyString::new(py, &why.text).into_any());
        }
        Converter::new(py, Shape::Engine(offset)).convert(&why)
    }

    /// The e-supervision board (电子监察) at ``now``: every case under review with a signal, by unit, then
    /// most severe first, then earliest deadline.
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///     Columns ``unit``, ``case``, ``item``, ``signal`` (``reminder``, ``yellow``, ``red``),
    ///     ``deadline`` (the supervised deadline, aware in the calendar's zone) and ``remaining`` (in the
    ///     limit's ticks, negative when overdue); no rows (same columns) when nothing is signalled.
    ///
    /// Raises
    /// ------
    /// ImportError
    ///     pandas is not installed.
    /// OutOfRangeError
    ///     A deadline lies outside the calendar's range.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk"))
    /// >>> list(engine.board(dt.datetime(2026, 10, 9, tzinfo=tz)).columns)
    /// ['unit', 'case', 'item', 'signal', 'deadline', 'remaining']
    /// >>> _ = engine.advance(dt.datetime(2026, 10, 22, tzinfo=tz))
    /// >>> engine.board(dt.datetime(2026, 10, 22, tzinfo=tz))[["case", "signal", "remaining"]]
    ///   case signal  remaining
    /// 0   C1    red         -4
    fn board<'py>(slf: &Bound<'py, Self>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let now = instant(now, "now")?;
        let this = borrow(slf)?;
        let engine = this.engine()?;
        let rows = run(py, move || engine.board(now))?;
        drop(this);
        let mut cols: Vec<(&str, Vec<Bound<'py, PyAny>>)> = BOARD_COLUMNS
            .iter()
            .map(|c| (*c, Vec::with_capacity(rows.len())))
            .collect();
        for r in &rows {
            cols[0].1.push(r.unit.as_str().into_bound_py_any(py)?);
            cols[1].1.push(r.case.as_str().into_bound_py_any(py)?);
            cols[2].1.push(r.item.as_str().into_bound_py_any(py)?);
            cols[3].1.push(r.signal.as_str().into_bound_py_any(py)?);
            cols[4].1.push(py_fixed(py, r.deadline)?);
            cols[5].1.push(r.remaining.into_bound_py_any(py)?);
        }
        frame(py, "Engine.board()", cols)
    }

    /// Figures per unit (每月通报) for the period ``[start, end)``, as ``docs/metrics.md`` defines them.
    ///
    /// *Flows* count the events whose instant lies in the period (received, accepted, decided, became
    /// overdue, closed, rated, violations, inquiries recorded and dealt with); *stocks* count what stood open
    /// at ``end`` (``open``, ``open_overdue``, ``inquiries_open``, ``inquiries_open_overdue``). Each record
    /// keeps the instants these figures need, so a closed period's figures never change once its events
    /// are recorded: call ``advance(end)`` (or later) first, so that the breaches due in it are. A case
    /// counts for its item's unit, an inquiry for the unit of its responsible staff member; a unit has a
    /// row when one of its figures is not zero.
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///     One row per unit (by unit id), one column per field of the core's ``UnitMetrics`` in its order:
    ///     ``unit``, ``received``, ``accepted``, ``deemed_accepted``, ``refused``, ``decided``,
    ///     ``approved``, ``deemed_approved``, ``denied``, ``withdrawn``, ``terminated``, ``closed``,
    ///     ``on_time``, ``late``, ``became_overdue``, ``on_the_spot``, ``open``, ``open_overdue``,
    ///     ``on_time_rate`` (on time over decided + open overdue: a unit that sits on its cases scores
    ///     0), ``on_the_spot_share``; the time used, one group of columns per unit of measure (never
    ///     averaged together) ``decided_<u>``, ``average_used_<u>``, ``average_pledged_<u>``,
    ///     ``average_statutory_<u>``, ``speed_up_<u>`` for ``<u>`` in ``working_days``, ``natural_days``,
    ///     ``working_hours``, ``natural_hours``; ``real_ratings``, ``bad_ratings``, ``deemed_ratings``
    ///     (default ratings, in no rate), ``rating_rate`` (real ratings over closed cases),
    ///     ``satisfaction_rate`` (over real ratings only); ``violations`` and one ``violations_<rule>``
    ///     column per rule; ``inquiries``, ``inquiries_answered``, ``inquiries_handled``,
    ///     ``inquiries_guided``, ``inquiries_breached``, ``inquiries_on_time``, ``inquiries_open``,
    ///     ``inquiries_open_overdue``, ``inquiry_on_time_rate``. Counts are ints; rates (4 places) and
    ///     averages (2 places) are ``decimal.Decimal``, rounded half-up; a rate with nothing to rate, and
    ///     the figures of a unit of measure without a decision, are ``None``.
    ///
    /// Raises
    /// ------
    /// ImportError
    ///     pandas is not installed.
    /// InvalidInputError
    ///     A naive ``start`` or ``end``, or ``end`` before ``start``.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk"))
    /// >>> for actor in ["s-clerk", "s-rev", "s-rev"]:  # the procedure's steps, then the decision
    /// ...     _ = engine.execute(xn.commands.complete_step("C1", dt.datetime(2026, 9, 29, 9, tzinfo=tz), actor))
    /// >>> _ = engine.execute(xn.commands.decide("C1", dt.datetime(2026, 9, 29, 10, tzinfo=tz), "s-head",
    /// ...                                       approve=True))
    /// >>> m = engine.metrics(dt.datetime(2026, 9, 1, tzinfo=tz), dt.datetime(2026, 10, 1, tzinfo=tz))
    /// >>> m[["unit", "received", "decided", "on_time", "on_time_rate", "average_used_working_days"]]
    ///   unit  received  decided  on_time on_time_rate average_used_working_days
    /// 0  amr         1        1        1            1                         1
    /// >>> m.loc[0, "on_time_rate"], m.loc[0, "satisfaction_rate"]
    /// (Decimal('1'), None)
    /// >>> _ = engine.execute(xn.commands.receive("C2", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C2", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk"))
    /// >>> _ = engine.advance(dt.datetime(2026, 11, 1, tzinfo=tz))
    /// >>> oct = engine.metrics(dt.datetime(2026, 10, 1, tzinfo=tz), dt.datetime(2026, 11, 1, tzinfo=tz))
    /// >>> oct[["unit", "decided", "became_overdue", "open_overdue", "on_time_rate"]]
    ///   unit  decided  became_overdue  open_overdue on_time_rate
    /// 0  amr        0               1             1            0
    fn metrics<'py>(
        slf: &Bound<'py, Self>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let from = instant(start, "start")?;
        let to = instant(end, "end")?;
        let this = borrow(slf)?;
        let engine = this.engine()?;
        let rows = run(py, move || engine.metrics(from, to))?;
        drop(this);
        let decimal = decimal_class(py)?;
        let dec = |d: Option<String>| -> PyResult<Bound<'py, PyAny>> {
            match d {
                Some(d) => decimal.call1((d,)),
                None => Ok(py.None().into_bound(py)),
            }
        };
        // The columns are the fields of the core's UnitMetrics, in its order, the two nested ones spread.
        let fields: Vec<String> = plain(py, &UnitMetrics::default())?
            .cast_into::<PyDict>()?
            .keys()
            .extract()?;
        let mut cols: Vec<(String, Vec<Bound<'py, PyAny>>)> = Vec::new();
        for field in &fields {
            match field.as_str() {
                "durations" => {
                    for unit in TimeUnit::ALL {
                        for figure in DURATION_FIGURES {
                            cols.push((format!("{figure}_{}", unit.as_str()), Vec::new()));
                        }
                    }
                }
                "violations_by_rule" => {
                    for rule in Rule::ALL {
                        cols.push((format!("violations_{}", rule.as_str()), Vec::new()));
                    }
                }
                other => cols.push((other.to_string(), Vec::new())),
            }
        }
        for row in &rows {
            let dict = plain(py, row)?.cast_into::<PyDict>()?;
            let mut k = 0;
            let mut put = |v: Bound<'py, PyAny>| {
                cols[k].1.push(v);
                k += 1;
            };
            for field in &fields {
                match field.as_str() {
                    "durations" => {
                        for unit in TimeUnit::ALL {
                            let d = row.durations.iter().find(|d| d.unit == *unit);
                            put(d.map_or(0, |d| d.decided).into_bound_py_any(py)?);
                            put(dec(d.map(|d| d.average_used.to_string()))?);
                            put(dec(d.map(|d| d.average_pledged.to_string()))?);
                            put(dec(d.map(|d| d.average_statutory.to_string()))?);
                            put(dec(d.and_then(|d| d.speed_up).map(|s| s.to_string()))?);
                        }
                    }
                    "violations_by_rule" => {
                        for (_, n) in row.violations_by_rule.iter() {
                            put(n.into_bound_py_any(py)?);
                        }
                    }
                    name => {
                        // Counts are ints; rates are decimal strings or None.
                        let v = match dict.get_item(name)? {
                            Some(v) if name != "unit" && v.is_instance_of::<PyString>() => decimal.call1((v,))?,
                            Some(v) => v,
                            None => py.None().into_bound(py),
                        };
                        put(v);
                    }
                }
            }
        }
        let cols = cols
            .iter()
            .map(|(name, values)| (name.as_str(), values.clone()))
            .collect();
        frame(py, "Engine.metrics()", cols)
    }

    /// The engine's state (cases, timers, sequence number) as JSON; ``Engine.restore`` reads it back with
    /// the same policy, organisation and catalog.
    ///
    /// Returns
    /// -------
    /// str
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> engine.snapshot()
    /// '{"schema":1,"seq":0,...}'
    fn snapshot(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let this = borrow(slf)?;
        let engine = this.engine()?;
        run(py, move || Ok(engine.snapshot()))
    }

    /// An engine restored from ``snapshot()``, with the same policy, organisation and catalog.
    ///
    /// Nothing in the snapshot is trusted: each case is timed again from its own state and the timer the
    /// snapshot lists for it must be that one; the sequence number may not be behind the events the
    /// records imply; unknown fields are refused at every depth (docs/commands.md, "Replay and restore").
    ///
    /// Parameters
    /// ----------
    /// policy : Policy
    /// org : Org
    /// catalog : Catalog
    /// snapshot : str
    ///     Text from ``Engine.snapshot()``.
    ///
    /// Returns
    /// -------
    /// Engine
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     A malformed snapshot, or an unknown field (named by its path, ``cases.C1.violations[0].colour``).
    /// InvalidInputError
    ///     A wrong schema, a case whose item is not in the catalog, a timer for an unknown case, a listed
    ///     timer other than the one the case's state gives (``field`` ``timers``, ``value`` the case), a
    ///     sequence number behind the records' events (``field`` ``seq``, the reason naming the case).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> copy = xn.Engine.restore(policy, org, catalog, engine.snapshot())
    /// >>> copy.snapshot() == engine.snapshot(), len(copy), copy.seq
    /// (True, 1, 1)
    #[staticmethod]
    fn restore(
        py: Python<'_>,
        policy: &Bound<'_, PyAny>,
        org: &Bound<'_, PyAny>,
        catalog: &Bound<'_, PyAny>,
        snapshot: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let (policy, org, catalog) = configuration(policy, org, catalog)?;
        let snapshot = str_arg(snapshot, "snapshot")?;
        let engine = run(py, move || Engine::restore(policy, org, catalog, snapshot))?;
        Ok(PyEngine::plain(engine))
    }

    /// An engine rebuilt from an event log (event sourcing): replaying an engine's events with the same
    /// policy, organisation and catalog gives the same state.
    ///
    /// Nothing in the log is trusted: an event with an actor is decided again as the command it came
    /// from, with the live rules (the actor's post, role and unit, the case's state, time order), and the
    /// log must hold exactly the events that command yields; an event without an actor must be due, by the
    /// case's timers, at exactly its instant (docs/commands.md, "Replay and restore").
    ///
    /// Parameters
    /// ----------
    /// policy : Policy
    /// org : Org
    /// catalog : Catalog
    /// events : list of dict
    ///     Every event, in order from ``seq`` 1, as ``execute`` and ``advance`` return them (instants as
    ///     aware datetimes or RFC 3339 text, e.g. after a JSON round trip).
    ///
    /// Returns
    /// -------
    /// Engine
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     A malformed event (named by its index and field, ``events[3].type``).
    /// InvalidInputError
    ///     A gap in the sequence numbers, an unknown case or item, an event the rules could not have
    ///     produced (``field`` ``events[k]`` or the field of it the rule names, ``events[7].actor``; the
    ///     ``reason`` starts with its sequence number, ``seq 8 (...)``), an event that does not apply, an
    ///     instant finer than a microsecond or a leap second (``events[3].at``).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> log = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                          item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> log += engine.advance(dt.datetime(2026, 10, 31, tzinfo=tz))
    /// >>> xn.Engine.replay(policy, org, catalog, log).snapshot() == engine.snapshot()
    /// True
    #[staticmethod]
    fn replay(
        py: Python<'_>,
        policy: &Bound<'_, PyAny>,
        org: &Bound<'_, PyAny>,
        catalog: &Bound<'_, PyAny>,
        events: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let (policy, org, catalog) = configuration(policy, org, catalog)?;
        let events = events_of(events)?;
        let engine = run(py, move || Engine::replay(policy, org, catalog, &events))?;
        Ok(PyEngine::plain(engine))
    }

    /// A case's full state as a dict (the form stored in ``snapshot()``: clocks, materials, notices,
    /// joint parties, rating, violations; instants as RFC 3339 text in UTC), or ``None`` for an unknown
    /// case number.
    ///
    /// Parameters
    /// ----------
    /// case_id : str
    ///
    /// Returns
    /// -------
    /// dict or None
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> c = engine.case("C1")
    /// >>> c["state"], c["unit"], c["received_at"]
    /// ('received', 'amr', '2026-09-28T01:00:00Z')
    /// >>> engine.case("C2") is None
    /// True
    fn case<'py>(slf: &Bound<'py, Self>, case_id: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let case_id = str_arg(case_id, "case_id")?;
        let this = borrow(slf)?;
        this.engine()?.case(case_id).map(|c| plain(slf.py(), c)).transpose()
    }

    /// A first inquiry's record as a dict (the form stored in ``snapshot()``: person, topic, the
    /// responsible staff member, its answer clock, outcome, whether the limit passed unanswered), or
    /// ``None`` for an unknown inquiry number.
    ///
    /// Parameters
    /// ----------
    /// inquiry_id : str
    ///
    /// Returns
    /// -------
    /// dict or None
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.record_inquiry("Q1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                               person="张先生", topic="食品经营许可", also_asked=["s-head"]))
    /// >>> q = engine.inquiry("Q1")
    /// >>> q["responsible"], q.get("outcome")
    /// ('s-head', None)
    /// >>> engine.inquiry("C1") is None
    /// True
    fn inquiry<'py>(slf: &Bound<'py, Self>, inquiry_id: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let inquiry_id = str_arg(inquiry_id, "inquiry_id")?;
        let this = borrow(slf)?;
        this.engine()?
            .inquiry(inquiry_id)
            .map(|q| plain(slf.py(), q))
            .transpose()
    }

    /// An efficiency complaint (效能投诉) as a dict, as ``viewer`` may see it, or ``None`` for an unknown
    /// complaint number.
    ///
    /// The complainant's identity is confidential: a supervisor (a staff member with the ``supervisor``
    /// role) sees the record whole, with ``complainant`` (``{"name", "contact"}``); anyone else (another
    /// role, another unit, the handler, an unknown id) gets it without ``complainant`` and with
    /// ``redacted`` ``True`` when there was one to withhold. That is why ``viewer`` has no default: every
    /// read says who reads. The dict is the record as ``snapshot()`` stores it (clocks as documents,
    /// instants as RFC 3339 text in UTC) plus ``state`` (``registered``, ``handling``, ``under_review``,
    /// ``closed``, ``declined``, ``merged``).
    ///
    /// Parameters
    /// ----------
    /// complaint_id : str
    /// viewer : str
    ///     The staff id of whoever reads it.
    ///
    /// Returns
    /// -------
    /// dict or None
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.register_complaint("T1", dt.datetime(2026, 10, 9, 9, tzinfo=tz), "s-sup",
    /// ...     channel="hotline_12345", category="delay", respondent="amr", subject="办件超期未办结",
    /// ...     complainant="张先生", contact="138****0000"))
    /// >>> engine.complaint("T1", "s-sup")["complainant"]
    /// {'name': '张先生', 'contact': '138****0000'}
    /// >>> seen = engine.complaint("T1", viewer="s-head")
    /// >>> seen["state"], "complainant" in seen, seen["redacted"]
    /// ('registered', False, True)
    /// >>> engine.complaint("T2", "s-sup") is None
    /// True
    fn complaint<'py>(
        slf: &Bound<'py, Self>,
        complaint_id: &Bound<'py, PyAny>,
        viewer: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let complaint_id = str_arg(complaint_id, "complaint_id")?;
        let viewer = str_arg(viewer, "viewer")?;
        let this = borrow(slf)?;
        this.engine()?
            .complaint_for(complaint_id, viewer)
            .map(|c| complaint_dict(slf.py(), &c))
            .transpose()
    }

    /// The register of complaints: every complaint as ``viewer`` may see it (as :meth:`complaint`: the
    /// complainant withheld from anyone but a supervisor), a list of dicts sorted by complaint number.
    ///
    /// Parameters
    /// ----------
    /// viewer : str
    ///     The staff id of whoever reads it.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> for n in ("T2", "T1"):
    /// ...     _ = engine.execute(xn.commands.register_complaint(n, dt.datetime(2026, 10, 9, 9, tzinfo=tz), "s-sup",
    /// ...         channel="letter", category="rudeness", respondent="amr", subject="窗口人员态度生硬",
    /// ...         complainant="李女士"))
    /// >>> [(c["id"], c.get("complainant")) for c in engine.complaints("s-clerk")]
    /// [('T1', None), ('T2', None)]
    /// >>> [c["complainant"]["name"] for c in engine.complaints(viewer="s-sup")]
    /// ['李女士', '李女士']
    fn complaints<'py>(slf: &Bound<'py, Self>, viewer: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let viewer = str_arg(viewer, "viewer")?;
        let this = borrow(slf)?;
        let engine = this.engine()?;
        let mut ids: Vec<&str> = engine.complaints().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        let list = PyList::empty(slf.py());
        for c in ids.into_iter().filter_map(|id| engine.complaint_for(id, viewer)) {
            list.append(complaint_dict(slf.py(), &c)?)?;
        }
        Ok(list)
    }

    /// Every complainant of a complaint and of the duplicates merged into it (the complaint's own first,
    /// then the merged letters' by complaint number), as dicts ``{"name", "contact"}`` (``contact`` absent
    /// when none was given); empty for an anonymous complaint. For supervisors outside the respondent unit only: the identities are
    /// confidential.
    ///
    /// Parameters
    /// ----------
    /// complaint_id : str
    /// viewer : str
    ///     The staff id of whoever reads it; must have the ``supervisor`` role.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///
    /// Raises
    /// ------
    /// ForbiddenError
    ///     ``viewer`` is not a supervisor (``field`` ``"viewer"``); checked before the number is looked up.
    /// NotFoundError
    ///     No complaint has this number (``field`` ``"case"``).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.register_complaint("T1", dt.datetime(2026, 10, 9, 9, tzinfo=tz), "s-sup",
    /// ...     channel="phone", category="delay", respondent="amr", subject="办件超期未办结", complainant="张先生"))
    /// >>> engine.complainants("T1", "s-sup")
    /// [{'name': '张先生'}]
    /// >>> engine.complainants("T1", "s-head")
    /// Traceback (most recent call last):
    ///     ...
    /// xiaoneng.ForbiddenError: forbidden: `viewer` = s-head: only a supervisor sees complainants' identities
    fn complainants<'py>(
        slf: &Bound<'py, Self>,
        complaint_id: &Bound<'py, PyAny>,
        viewer: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let complaint_id = str_arg(complaint_id, "complaint_id")?;
        let viewer = str_arg(viewer, "viewer")?;
        let this = borrow(slf)?;
        let found = this
            .engine()?
            .complainants_for(complaint_id, viewer)
            .map_err(errors::core)?;
        plain(slf.py(), &found)
    }

    /// The violation register (问责台账): every violation the engine recorded, of every record kind
    /// (cases, first inquiries, complaints), in sequence order, with its trace-back as of the breach and
    /// its evidence (the event's ``seq`` and ``record``), selected by the arguments (all optional, and
    /// combined): the period ``[start, end)`` on the violation's instant, a ``rule``, a responsible
    /// ``unit``, a ``person`` (the responsible one, the one acting for the post, or the unit head), a
    /// ``record`` (case, inquiry, complaint, pledge or matter number) and a ``state`` of accountability
    /// (``recorded``: no matter opened on it; ``proposed``; ``decided``). ``docs/rules.md``, "The violation
    /// register".
    ///
    /// Parameters
    /// ----------
    /// start, end : datetime.datetime, optional
    ///     Aware instants.
    /// rule, unit, person, record, state : str, optional
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///     Columns ``seq``, ``at`` (aware, the calendar's zone), ``record``, ``rule``, ``responsible``,
    ///     ``post``, ``acting`` (who acted for the post), ``acting_via`` (``holder``, ``backup``,
    ///     ``unit_head``), ``unit``, ``unit_head``, ``detail``, ``provisional``; ``None`` where a violation
    ///     names no such party. No rows (same columns) when nothing is selected.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     An unknown rule (field ``rule``), or a period that ends before it starts (field ``end``).
    /// ImportError
    ///     pandas is not installed.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.record_inquiry("Q1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                               person="张先生", topic="食品经营许可"))
    /// >>> _ = engine.advance(dt.datetime(2026, 10, 1, tzinfo=tz))
    /// >>> engine.violations(person="s-clerk")[["record", "rule", "responsible", "unit", "unit_head"]]
    ///   record                rule responsible unit unit_head
    /// 0     Q1  unanswered_inquiry     s-clerk  amr    s-head
    /// >>> len(engine.violations(unit="fire"))
    /// 0
    #[pyo3(signature = (start = None, end = None, *, rule = None, unit = None, person = None, record = None, state = None))]
    #[allow(clippy::too_many_arguments)]
    fn violations<'py>(
        slf: &Bound<'py, Self>,
        start: Option<&Bound<'py, PyAny>>,
        end: Option<&Bound<'py, PyAny>>,
        rule: Option<&Bound<'py, PyAny>>,
        unit: Option<&Bound<'py, PyAny>>,
        person: Option<&Bound<'py, PyAny>>,
        record: Option<&Bound<'py, PyAny>>,
        state: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let rule = match opt_str_arg(rule, "rule")? {
            Some(r) => Some(r.parse::<Rule>().map_err(|_| {
                errors::invalid(
                    "rule",
                    r,
                    "not a rule's name (see xiaoneng.names: e.g. `decision_overdue`)",
                )
            })?),
            None => None,
        };
        let query = ViolationQuery {
            from: start.map(|t| instant(t, "start")).transpose()?,
            to: end.map(|t| instant(t, "end")).transpose()?,
            rule,
            unit: opt_str_arg(unit, "unit")?.map(str::to_string),
            person: opt_str_arg(person, "person")?.map(str::to_string),
            record: opt_str_arg(record, "record")?.map(str::to_string),
            state: match opt_str_arg(state, "state")? {
                None => None,
                Some(s) => Some(
                    s.parse::<xiaoneng::RegisterState>()
                        .map_err(|e| errors::invalid("state", s, e.reason()))?,
                ),
            },
        };
        if let (Some(from), Some(to)) = (query.from, query.to) {
            if to < from {
                return Err(errors::invalid(
                    "end",
                    to.to_rfc3339(),
                    "the period ends before it starts (`start`)",
                ));
            }
        }
        let this = borrow(slf)?;
        let offset = this.offset()?;
        // Owned rows, each sharing its event with the register (no copy), so the engine is let go before
        // the Python objects are made.
        let found = this.engine()?.violations_owned(&query).map_err(errors::core)?;
        drop(this);
        crate::register::violations_frame(py, &found, offset)
    }

    /// The feedback sample (回访抽查) of ``[start, end)``: of the complaints closed in the period with a
    /// named complainant, the policy's share (``complaints.feedback_per_mille``, rounded up), drawn from
    /// ``seed``: the same sample for the same seed as from Rust and C (``xiaoneng.draw.sample`` of those
    /// numbers at that rate).
    ///
    /// Parameters
    /// ----------
    /// start, end : datetime.datetime
    ///     Aware instants.
    /// seed : int
    ///     0 ..= 2**64 - 1.
    ///
    /// Returns
    /// -------
    /// list of str
    ///     Complaint numbers, sorted.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     A period that ends before it starts (field ``to``), a seed that is not an int.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> engine.feedback_sample(dt.datetime(2026, 10, 1, tzinfo=tz), dt.datetime(2026, 11, 1, tzinfo=tz), 42)
    /// []
    fn feedback_sample<'py>(
        slf: &Bound<'py, Self>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        seed: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<String>> {
        let from = instant(start, "start")?;
        let to = instant(end, "end")?;
        let seed = crate::draw::seed_arg(seed)?;
        let this = borrow(slf)?;
        this.engine()?.feedback_sample(from, to, seed).map_err(errors::core)
    }

    /// A pledge (承诺: a rectification pledge, supervised item, key project or target pledge) as a dict,
    /// with its ``state`` (``ordered``, ``open``, ``completed``, ``kept``) and its ``status`` at ``at``
    /// (``on_track``, ``at_risk``, ``overdue``, ``kept``, ``broken``: derived from the record, the calendar
    /// and the policy's ``pledges.at_risk_days``, never stored); ``None`` when no pledge has the number.
    /// The dict is the record as ``snapshot()`` stores it (clocks as documents, instants as RFC 3339 text
    /// in UTC). ``docs/rules.md``, "Pledges".
    ///
    /// Parameters
    /// ----------
    /// pledge_id : str
    /// at : datetime.datetime
    ///     Aware instant the status is derived at.
    ///
    /// Returns
    /// -------
    /// dict or None
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.order_rectification("Z1", dt.datetime(2026, 11, 2, 9, tzinfo=tz), "s-sup",
    /// ...     unit="amr", source="inspection", problem="窗口人员离岗未挂去向牌"))
    /// >>> p = engine.pledge("Z1", dt.datetime(2026, 11, 3, 9, tzinfo=tz))
    /// >>> p["state"], p["status"], p["unit"]
    /// ('ordered', 'on_track', 'amr')
    /// >>> engine.pledge("Z1", dt.datetime(2026, 11, 10, 9, tzinfo=tz))["status"]
    /// 'overdue'
    /// >>> engine.pledge("Z2", dt.datetime(2026, 11, 3, tzinfo=tz)) is None
    /// True
    fn pledge<'py>(
        slf: &Bound<'py, Self>,
        pledge_id: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let pledge_id = str_arg(pledge_id, "pledge_id")?;
        let at = instant(at, "at")?;
        let this = borrow(slf)?;
        let engine = this.engine()?;
        let Some(p) = engine.pledge(pledge_id) else {
            return Ok(None);
        };
        let status = engine.pledge_status(pledge_id, at).map_err(errors::core)?;
        pledge_dict(slf.py(), p, status).map(Some)
    }

    /// The register of pledges: every pledge with its status at ``at`` (as :meth:`pledge`), a list of
    /// dicts sorted by pledge number.
    ///
    /// Parameters
    /// ----------
    /// at : datetime.datetime
    ///     Aware instant the statuses are derived at.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.open_pledge("D1", dt.datetime(2026, 11, 2, 9, tzinfo=tz), "s-sup",
    /// ...     pledge_kind="supervised", unit="amr", leader="s-gov-head", responsible="s-head",
    /// ...     title="一窗通办", standard="网办率90%", amount=20))
    /// >>> [(p["id"], p["kind"], p["status"]) for p in engine.pledges(dt.datetime(2026, 12, 1, 9, tzinfo=tz))]
    /// [('D1', 'supervised', 'broken')]
    fn pledges<'py>(slf: &Bound<'py, Self>, at: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let at = instant(at, "at")?;
        let this = borrow(slf)?;
        let all = this.engine()?.pledges_at(at).map_err(errors::core)?;
        let list = PyList::empty(slf.py());
        for (p, status) in all {
            list.append(pledge_dict(slf.py(), p, status)?)?;
        }
        Ok(list)
    }

    /// A key project's or target pledge's evaluation for ``period`` by the policy's rater groups
    /// (``pledges.rater_groups``): ``{"pledge", "period", "groups": [{"name", "label", "weight", "raters",
    /// "mean"}], "score", "complete"}``, each ``mean`` and the ``score`` a ``decimal.Decimal`` with two
    /// decimals (half to even) or ``None`` when nobody rated. The score is the weighted mean of the groups
    /// that rated; ``complete`` is false while some group has not (a provisional score).
    ///
    /// Parameters
    /// ----------
    /// pledge_id : str
    /// period : str
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// NotFoundError
    ///     No pledge has this number (field ``case``).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.open_pledge("K1", dt.datetime(2026, 10, 8, 9, tzinfo=tz), "s-sup",
    /// ...     pledge_kind="key_project", unit="amr", leader="s-gov-head", responsible="s-head",
    /// ...     title="市场主体登记全程网办", standard="网办率95%", amount=60))
    /// >>> _ = engine.execute(xn.commands.rate_pledge("K1", dt.datetime(2026, 12, 28, 15, tzinfo=tz), "m-deputy",
    /// ...     group="monitors", period="2026-Q4", score=85))
    /// >>> e = engine.pledge_evaluation("K1", "2026-Q4")
    /// >>> e["score"], e["complete"]
    /// (Decimal('85.00'), False)
    fn pledge_evaluation<'py>(
        slf: &Bound<'py, Self>,
        pledge_id: &Bound<'py, PyAny>,
        period: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = str_arg(pledge_id, "pledge_id")?;
        let period = str_arg(period, "period")?;
        let this = borrow(slf)?;
        let e = this.engine()?.pledge_evaluation(id, period).map_err(errors::core)?;
        let py = slf.py();
        let decimal = py.import("decimal")?.getattr("Decimal")?;
        let dec = |d: Option<rust_decimal::Decimal>| -> PyResult<Bound<'py, PyAny>> {
            match d {
                Some(d) => decimal.call1((d.to_string(),)),
                None => Ok(py.None().into_bound(py)),
            }
        };
        let out = PyDict::new(py);
        out.set_item("pledge", &e.pledge)?;
        out.set_item("period", &e.period)?;
        let groups = PyList::empty(py);
        for g in &e.groups {
            let d = PyDict::new(py);
            d.set_item("name", &g.name)?;
            d.set_item("label", &g.label)?;
            d.set_item("weight", g.weight)?;
            d.set_item("raters", g.raters)?;
            d.set_item("mean", dec(g.mean)?)?;
            groups.append(d)?;
        }
        out.set_item("groups", groups)?;
        out.set_item("score", dec(e.score)?)?;
        out.set_item("complete", e.complete)?;
        Ok(out.into_any())
    }

    /// An inspection (明查暗访) by number, as a dict: the record (``unit``, ``mode``, ``inspectors``,
    /// ``plan``, ``opener``, ``opened_at``, ``findings`` with their ``reinspections``, ``closed_at``,
    /// ``summary``) plus its ``state`` (``open``, ``reinspecting``, ``concluded``); ``None`` when no
    /// inspection has this number. ``docs/rules.md``, "Inspections".
    ///
    /// Parameters
    /// ----------
    /// inspection_id : str
    ///
    /// Returns
    /// -------
    /// dict or None
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.open_inspection("J1", dt.datetime(2026, 11, 3, 9, 30, tzinfo=tz), "s-sup",
    /// ...     unit="amr", mode="unannounced", inspectors=["s-sup", "m-deputy"]))
    /// >>> _ = engine.execute(xn.commands.record_finding("J1", dt.datetime(2026, 11, 3, 10, tzinfo=tz), "m-deputy",
    /// ...     problem="窗口人员离岗未挂去向牌", person="s-clerk", rectify=True))
    /// >>> i = engine.inspection("J1")
    /// >>> i["state"], i["findings"][0]["number"], engine.pledge("J1-ZG1", dt.datetime(2026, 11, 3, 11, tzinfo=tz))["source"]
    /// ('open', 1, 'inspection')
    fn inspection<'py>(
        slf: &Bound<'py, Self>,
        inspection_id: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let id = str_arg(inspection_id, "inspection_id")?;
        let this = borrow(slf)?;
        match this.engine()?.inspection(id) {
            Some(i) => inspection_dict(slf.py(), i).map(Some),
            None => Ok(None),
        }
    }

    /// Every inspection (as :meth:`inspection`), a list of dicts sorted by number.
    ///
    /// Returns
    /// -------
    /// list of dict
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> engine.inspections()
    /// []
    fn inspections<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let this = borrow(slf)?;
        let mut all: Vec<&Inspection> = this.engine()?.inspections().collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let list = PyList::empty(slf.py());
        for i in all {
            list.append(inspection_dict(slf.py(), i)?)?;
        }
        Ok(list)
    }

    /// An inspection plan (检查计划) by number, as a dict: ``period_start``, ``period_end``,
    /// ``commitment``, ``committed_by``, ``committed_at``, ``revealed`` (``seed``, ``request``, ``by``,
    /// ``at``; once revealed) and its ``state`` (``sealed``, ``revealed``); ``None`` when no plan has this
    /// number.
    ///
    /// Parameters
    /// ----------
    /// plan_id : str
    ///
    /// Returns
    /// -------
    /// dict or None
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.commit_plan("P1", dt.datetime(2026, 9, 25, 9, tzinfo=tz), "s-sup",
    /// ...     period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31), commitment="ab" * 32))
    /// >>> engine.plan("P1")["state"]
    /// 'sealed'
    fn plan<'py>(slf: &Bound<'py, Self>, plan_id: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let id = str_arg(plan_id, "plan_id")?;
        let this = borrow(slf)?;
        match this.engine()?.plan(id) {
            Some(p) => {
                let d = plain(slf.py(), p)?;
                d.set_item("state", p.state().as_str())?;
                Ok(Some(d))
            }
            None => Ok(None),
        }
    }

    /// What inspection plan ``plan_id`` drew against what was done: ``{"plan", "state", "period_start",
    /// "period_end", "commitment", "assignments" (once revealed), "carried_out" ([{"unit",
    /// "inspection"}]), "missed" (units drawn no inspection visited), "unplanned" (inspections of units not
    /// drawn)}``, dates as ISO text.
    ///
    /// Parameters
    /// ----------
    /// plan_id : str
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// NotFoundError
    ///     No plan has this number (field ``case``).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.commit_plan("P1", dt.datetime(2026, 9, 25, 9, tzinfo=tz), "s-sup",
    /// ...     period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31), commitment="ab" * 32))
    /// >>> engine.plan_report("P1")["carried_out"]
    /// []
    fn plan_report<'py>(slf: &Bound<'py, Self>, plan_id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id = str_arg(plan_id, "plan_id")?;
        let this = borrow(slf)?;
        let report = this.engine()?.plan_report(id).map_err(errors::core)?;
        plain(slf.py(), &report)
    }

    /// The coverage check (``xiaoneng.draw.coverage``) with the engine's inspections added, each on the
    /// local date it was opened (those of units not in ``units`` left out): the units inspected fewer than
    /// ``minimum`` times in each whole calendar ``period`` (``"month"`` or ``"quarter"``) between ``start``
    /// and ``end`` (inclusive); ``period`` ``None`` is ``"quarter"``, ``minimum`` ``None`` is 1. ``inspections`` adds ones the engine does not hold, as ``{"unit", "date"}``
    /// dicts. Returns ``{"periods": [{"label", "start", "end"}], "below": [{"unit", "period", "start",
    /// "end", "count", "minimum"}]}`` with ``datetime.date`` values.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     ``minimum`` 0, ``end`` before ``start`` (field ``to``), a unit given twice.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.open_inspection("J1", dt.datetime(2026, 11, 3, 9, 30, tzinfo=tz), "s-sup",
    /// ...     unit="amr", mode="announced", inspectors=["s-sup"]))
    /// >>> report = engine.inspection_coverage(units=["amr", "fire"], start=dt.date(2026, 10, 1),
    /// ...                                     end=dt.date(2026, 12, 31))
    /// >>> [(b["unit"], b["period"], b["start"]) for b in report["below"]]
    /// [('fire', '2026-Q4', datetime.date(2026, 10, 1))]
    #[pyo3(signature = (*, units, start, end, period = None, minimum = None, inspections = None))]
    fn inspection_coverage<'py>(
        slf: &Bound<'py, Self>,
        units: &Bound<'py, PyAny>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        period: Option<&Bound<'py, PyAny>>,
        minimum: Option<&Bound<'py, PyAny>>,
        inspections: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let request = PyDict::new(py);
        request.set_item("units", units)?;
        request.set_item("from", crate::convert::date_arg(start, "start")?.to_string())?;
        request.set_item("to", crate::convert::date_arg(end, "end")?.to_string())?;
        // Defaults: once a quarter.
        match period {
            Some(p) => request.set_item("period", p)?,
            None => request.set_item("period", "quarter")?,
        }
        match minimum {
            Some(m) => request.set_item("minimum", m)?,
            None => request.set_item("minimum", 1)?,
        }
        request.set_item(
            "inspections",
            inspections.map_or_else(|| PyList::empty(py).into_any(), |i| i.clone()),
        )?;
        let request = crate::draw::request_arg(
            &request.into_any(),
            "request",
            xiaoneng::draw::CoverageRequest::from_json,
        )?;
        let this = borrow(slf)?;
        let report = this.engine()?.inspection_coverage(&request).map_err(errors::core)?;
        let out = PyDict::new(py);
        let periods = PyList::empty(py);
        for p in &report.periods {
            let d = PyDict::new(py);
            d.set_item("label", &p.label)?;
            d.set_item("start", p.start)?;
            d.set_item("end", p.end)?;
            periods.append(d)?;
        }
        let below = PyList::empty(py);
        for b in &report.below {
            let d = PyDict::new(py);
            d.set_item("unit", &b.unit)?;
            d.set_item("period", &b.period)?;
            d.set_item("start", b.start)?;
            d.set_item("end", b.end)?;
            d.set_item("count", b.count)?;
            d.set_item("minimum", b.minimum)?;
            below.append(d)?;
        }
        out.set_item("periods", periods)?;
        out.set_item("below", below)?;
        Ok(out.into_any())
    }

    /// Every accountability matter (问责事项), a list of dicts sorted by matter number: the record as
    /// ``snapshot()`` stores it (``facts`` the ladder read, the ``proposal`` with its ``derivation``, the
    /// ``sanction`` once a supervisor decided) plus its ``state`` (``proposed``, ``decided``). A proposal
    /// never takes effect: only ``sanction`` holds. ``docs/rules.md``, "Accountability matters".
    ///
    /// Returns
    /// -------
    /// list of dict
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.open_matter("W1", dt.datetime(2026, 11, 20, 9, tzinfo=tz), "s-sup",
    /// ...     trigger="media_exposure", person="s-clerk", detail="窗口推诿被媒体曝光", severity="ordinary"))
    /// >>> m = engine.matters()[0]
    /// >>> m["state"], m["facts"]["person"], m["proposal"]["outcome"]["measures"]
    /// ('proposed', 's-clerk', ['written_self_criticism'])
    fn matters<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let this = borrow(slf)?;
        let engine = this.engine()?;
        let mut all: Vec<&Matter> = engine.matters().collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let list = PyList::empty(slf.py());
        for m in all {
            list.append(matter_dict(slf.py(), m)?)?;
        }
        Ok(list)
    }

    /// The filing report (备案统计) of the sanctions decided on the local dates from ``start`` up to, not
    /// including, ``end`` (+08:00): ``{"period_start", "period_end", "filings", "by_unit", "by_measure"}``.
    ///
    /// Parameters
    /// ----------
    /// start, end : datetime.date
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     ``end`` before ``start``.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> engine.filing_stats(dt.date(2026, 11, 1), dt.date(2026, 11, 30))["filings"]
    /// 0
    fn filing_stats<'py>(
        slf: &Bound<'py, Self>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let start = crate::convert::date_arg(start, "start")?;
        let end = crate::convert::date_arg(end, "end")?;
        let this = borrow(slf)?;
        let stats = this.engine()?.filing_stats(start, end).map_err(errors::core)?;
        plain(slf.py(), &stats)
    }

    /// Whether ``person`` may not receive an award in ``year`` (评先评优): a sanction of theirs that holds
    /// carries the ``no_award_that_year`` effect for that year.
    ///
    /// Parameters
    /// ----------
    /// person : str
    /// year : int
    ///
    /// Returns
    /// -------
    /// bool
    ///
    /// Examples
    /// --------
    /// >>> xn.Engine(policy, org, catalog).award_blocked("s-clerk", 2026)
    /// False
    fn award_blocked<'py>(
        slf: &Bound<'py, Self>,
        person: &Bound<'py, PyAny>,
        year: &Bound<'py, PyAny>,
    ) -> PyResult<bool> {
        let person = str_arg(person, "person")?;
        let year = crate::convert::count_arg(year, "year")?;
        let year = i32::try_from(year).map_err(|_| errors::invalid("year", year, "a year 1..=9999"))?;
        let this = borrow(slf)?;
        Ok(this.engine()?.award_blocked(person, year))
    }

    /// Where the registered violation with sequence number ``seq`` stands in accountability: ``recorded``
    /// (no matter opened on it), ``proposed`` (a sanction proposed, nothing in effect), ``decided`` (the
    /// sanction holds); ``None`` when no registered violation has this number.
    ///
    /// Parameters
    /// ----------
    /// seq : int
    ///
    /// Returns
    /// -------
    /// str or None
    ///
    /// Examples
    /// --------
    /// >>> xn.Engine(policy, org, catalog).register_state(1) is None
    /// True
    fn register_state<'py>(slf: &Bound<'py, Self>, seq: &Bound<'py, PyAny>) -> PyResult<Option<&'static str>> {
        let seq = crate::convert::count_arg(seq, "seq")?;
        let this = borrow(slf)?;
        Ok(this.engine()?.register_state(seq as u64).map(|s| s.as_str()))
    }

    /// The record of a person or of a unit (个人、单位问责记录) for the local dates from ``start`` up to, not
    /// including, ``end`` (+08:00): ``{"subject" ({"kind": "person" or "unit", "id"}), "period_start",
    /// "period_end", "unit", "unit_head" (absent when the unit has none), "by_rule" ({rule: count}),
    /// "unit_level", "violations" ([{"seq", "at", "rule", "record", "person", "state"}]), "matters"
    /// ([{"id", "opened_at", "kind", "person", "unit", "violation", "state"}]), "sanctions" ([{"matter",
    /// "kind", "person", "unit", "decided_at", "measures", "effects", "person_points", "unit_points",
    /// "changed"}]), "person_points", "unit_points", "awards" ([{"year", "blocked", "persons"}])}``, plain
    /// values as ``filing_stats`` gives them (dates and instants as ISO text). A person's record is what
    /// they are the responsible person of; a unit's is what is traced to the unit as of the breach,
    /// whoever the person (docs/metrics.md, "A person's and a unit's record").
    ///
    /// Parameters
    /// ----------
    /// person : str, optional
    ///     A staff member's id; give exactly one of ``person`` and ``unit``.
    /// unit : str, optional
    ///     A unit's id.
    /// start, end : datetime.date
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     Both or neither of ``person`` and ``unit`` (naming ``unit`` or ``person``); ``end`` not after
    ///     ``start``.
    /// NotFoundError
    ///     An unknown person or unit.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> r = engine.record(unit="amr", start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 1))
    /// >>> r["unit_head"], r["violations"], r["awards"][0]["blocked"]
    /// ('s-head', [], False)
    #[pyo3(signature = (*, start, end, person = None, unit = None), text_signature = "($self, *, person=None, unit=None, start, end)")]
    fn record<'py>(
        slf: &Bound<'py, Self>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        person: Option<&Bound<'py, PyAny>>,
        unit: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let person = crate::convert::opt_str_arg(person, "person")?;
        let unit = crate::convert::opt_str_arg(unit, "unit")?;
        let subject = match (person, unit) {
            (Some(p), None) => xiaoneng::RecordSubject::Person(p.to_string()),
            (None, Some(u)) => xiaoneng::RecordSubject::Unit(u.to_string()),
            (Some(_), Some(u)) => return Err(errors::invalid("unit", u, "give a person or a unit, not both")),
            (None, None) => {
                return Err(errors::invalid(
                    "person",
                    "None",
                    "give a person or a unit (neither was given)",
                ))
            }
        };
        let start = crate::convert::date_arg(start, "start")?;
        let end = crate::convert::date_arg(end, "end")?;
        let this = borrow(slf)?;
        let report = this.engine()?.record(&subject, start, end).map_err(errors::core)?;
        plain(slf.py(), &report)
    }

    /// The earliest pending timer (aware, calendar's zone): when ``advance`` next has something to do, or
    /// ``None``.
    #[getter]
    fn next_timer<'py>(slf: &Bound<'py, Self>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let this = borrow(slf)?;
        let (next, offset) = (this.engine()?.next_timer(), this.offset()?);
        drop(this);
        next.map(|t: DateTime<Utc>| py_instant(slf.py(), t, offset)).transpose()
    }

    /// The last event's sequence number (0 before any event).
    #[getter]
    fn seq(slf: &Bound<'_, Self>) -> PyResult<u64> {
        Ok(borrow(slf)?.engine()?.seq())
    }

    fn __len__(slf: &Bound<'_, Self>) -> PyResult<usize> {
        Ok(borrow(slf)?.engine()?.len())
    }

    /// Reserves room for at least ``additional`` more cases, so that receiving them grows no table on
    /// the way (for a known daily or yearly volume). Changes nothing the engine says.
    ///
    /// Parameters
    /// ----------
    /// additional : int
    ///     Cases to make room for (at least 0).
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     A negative number, or not an int.
    /// OutOfRangeError
    ///     More than memory allows (or than a machine word counts).
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> engine.reserve(100_000)
    /// >>> len(engine)
    /// 0
    /// >>> engine.reserve(2**70)
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.OutOfRangeError: out of range: `additional` = 1180591620717411303424: more than can be held ...
    fn reserve(slf: &Bound<'_, Self>, additional: &Bound<'_, PyAny>) -> PyResult<()> {
        let additional = count_arg(additional, "additional")?;
        let mut this = borrow_mut(slf)?;
        match &mut this.state {
            State::Plain(engine) => engine.reserve(additional).map_err(errors::core),
            // The journaled engine's engine changes only through its journal; a reservation is a hint.
            State::Journaled(_) => Ok(()),
            State::Closed => Err(errors::core(closed())),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let this = borrow(slf)?;
        let engine = this.engine()?;
        let name = PyString::new(slf.py(), &engine.policy().name)
            .repr()
            .map(|r| r.to_string())
            .unwrap_or_default();
        Ok(format!(
            "Engine(policy={name}, cases={}, seq={})",
            engine.len(),
            engine.seq()
        ))
    }
}
