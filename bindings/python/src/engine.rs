//! `xiaoneng.Engine`: the core [`Engine`] (cases, commands in, events out, timers, board, metrics).
//!
//! Commands and events cross the boundary as dicts: a command dict is converted to JSON under the GIL
//! (aware datetimes become RFC 3339 text), then parsed and executed by the core with the GIL released,
//! and the events written as JSON text before the GIL is taken back. Events come back as dicts of plain
//! Python values with their instants (`at`, `effective`) as aware datetimes in the calendar's zone, as
//! `Clock.status` shows them. The core's errors become the exception class of their code with the core's
//! message; a rejected command changes nothing.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, FixedOffset, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use pyo3::IntoPyObjectExt;
use serde_json::Value;
use xiaoneng::{Command, Engine, Event, UnitMetrics};

use crate::convert::{decimal_class, engine_to_py, instant, loads, py_fixed, py_instant, py_json, to_json, type_name};
use crate::errors::{self, Kind};
use crate::model::{frame, PyCatalog, PyOrg, PyPolicy};

/// Runs `f` with the GIL released; a core error becomes its exception class, a panic (a core defect)
/// becomes `XiaonengError` instead of unwinding into Python.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> xiaoneng::Result<T> + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .map_err(errors::panicked)?
        .map_err(errors::core)
}

/// The error for a call on an engine another thread is using (the GIL is released while it works).
fn busy(e: impl std::fmt::Display) -> PyErr {
    errors::err(
        Kind::InvalidState,
        format!(
            "this Engine is in use by another thread ({e}); an Engine is not thread-safe: use one per thread \
             or guard it with a threading.Lock"
        ),
    )
}

/// The board columns.
const BOARD_COLUMNS: &[&str] = &["unit", "case", "item", "signal", "deadline", "remaining"];

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
/// without a lock. ``execute``, ``advance``, ``view``, ``board``, ``metrics``, ``snapshot``, ``restore``
/// and ``replay`` run with the GIL released, so another thread may call the same engine meanwhile; such a
/// call raises ``InvalidStateError`` (a ``RuntimeError``; for the properties, pyo3's ``RuntimeError``
/// "Already borrowed") instead of seeing or corrupting a half-changed engine. Use one engine per thread,
/// or guard it with a ``threading.Lock``.
///
/// Parameters
/// ----------
/// policy : Policy
///     The jurisdiction's rules (e.g. ``presets/county.toml``).
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
/// >>> policy = xn.Policy.load("presets/county.toml")
/// >>> org = xn.Org.from_json(open("tests/fixtures/county-org.json", encoding="utf-8").read())
/// >>> catalog = xn.Catalog.from_json(
/// ...     open("tests/fixtures/county-catalog.json", encoding="utf-8").read(), org)
/// >>> engine = xn.Engine(policy, org, catalog)
/// >>> tz = dt.timezone(dt.timedelta(hours=8))
/// >>> events = engine.execute(xn.commands.receive(
/// ...     "C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
/// ...     item="330100-FOOD-001", applicant="某餐饮有限公司"))
/// >>> events[0]["seq"], events[0]["type"], events[0]["at"].isoformat()
/// (1, 'received', '2026-09-28T09:00:00+08:00')
/// >>> len(engine), engine.seq
/// (1, 1)
#[pyclass(name = "Engine", module = "xiaoneng")]
pub struct PyEngine {
    engine: Engine,
}

impl PyEngine {
    fn offset(&self) -> FixedOffset {
        self.engine.calendar().utc_offset()
    }
}

/// A command dict as JSON text.
fn command_text(command: &Bound<'_, PyAny>) -> PyResult<String> {
    if !command.is_instance_of::<PyDict>() {
        return Err(errors::invalid(format!(
            "`command` must be a dict (see xiaoneng.commands), got {}",
            type_name(command)
        )));
    }
    Ok(to_json(command, "command")?.to_string())
}

/// An event list (dicts, as `execute` and `advance` return them) as core events.
fn parse_events(py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<Vec<Event>> {
    let Value::Array(items) = to_json(events, "events")? else {
        return Err(errors::invalid(format!(
            "`events` must be a list of event dicts, got {}",
            type_name(events)
        )));
    };
    py.detach(|| {
        items
            .into_iter()
            .enumerate()
            .map(|(k, v)| serde_json::from_value::<Event>(v).map_err(|e| (k, e.to_string())))
            .collect::<Result<Vec<_>, _>>()
    })
    .map_err(|(k, e)| errors::err(Kind::Parse, format!("invalid event at `events[{k}]`: {e}")))
}

fn configuration(
    policy: &Bound<'_, PyPolicy>,
    org: &Bound<'_, PyOrg>,
    catalog: &Bound<'_, PyCatalog>,
) -> (xiaoneng::Policy, xiaoneng::Org, xiaoneng::Catalog) {
    (
        policy.get().policy.clone(),
        org.get().org.clone(),
        catalog.get().catalog.clone(),
    )
}

#[pymethods]
impl PyEngine {
    #[new]
    fn new(
        py: Python<'_>,
        policy: &Bound<'_, PyPolicy>,
        org: &Bound<'_, PyOrg>,
        catalog: &Bound<'_, PyCatalog>,
    ) -> PyResult<Self> {
        let (policy, org, catalog) = configuration(policy, org, catalog);
        let engine = run(py, move || Engine::new(policy, org, catalog))?;
        Ok(PyEngine { engine })
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
    /// InvalidInputError
    ///     A command not allowed: an unknown case, item or actor, an actor without the post or role, a state
    ///     that does not allow it, a refusal or denial without reasons, basis or remedies (art. 38), a naive
    ///     datetime. The engine is unchanged.
    /// InvalidStateError
    ///     A clock command out of time order, or an extension after the limit expired.
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
    /// xiaoneng.InvalidInputError: invalid `type` = refuse: not allowed while the case is Accepted ...
    fn execute<'py>(slf: &Bound<'py, Self>, command: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let text = command_text(command)?;
        let mut this = slf.try_borrow_mut().map_err(busy)?;
        let engine = &mut this.engine;
        let events = run(py, move || {
            let events = engine.execute(Command::from_json(&text)?)?;
            Ok(serde_json::to_string(&events))
        })?;
        engine_to_py(py, &events.map_err(errors::internal)?, this.offset())
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
    /// >>> [(e["type"], e.get("rule"), e.get("deemed")) for e in events]
    /// [('violation', 'late_one_time_notice', None), ('accepted', None, True)]
    /// >>> events[1]["effective"].isoformat()
    /// '2026-09-28T09:00:00+08:00'
    fn advance<'py>(slf: &Bound<'py, Self>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let now = instant(now, "now")?;
        let mut this = slf.try_borrow_mut().map_err(busy)?;
        let engine = &mut this.engine;
        let events = run(py, move || Ok(serde_json::to_string(&engine.advance(now))))?;
        engine_to_py(py, &events.map_err(errors::internal)?, this.offset())
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
    /// InvalidInputError
    ///     No case has this number; naive ``now``.
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
    fn view<'py>(slf: &Bound<'py, Self>, case: &str, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let now = instant(now, "now")?;
        let this = slf.try_borrow().map_err(busy)?;
        let engine = &this.engine;
        let view = run(py, move || Ok(serde_json::to_string(&engine.view(case, now)?)))?;
        engine_to_py(py, &view.map_err(errors::internal)?, this.offset())
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
        let this = slf.try_borrow().map_err(busy)?;
        let engine = &this.engine;
        let rows = run(py, move || engine.board(now))?;
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

    /// Figures per unit (每月通报) for the cases received and the first inquiries (首问) recorded in
    /// ``[start, end)``, as of the engine's last command or ``advance``.
    ///
    /// A case counts for its item's unit, an inquiry for the unit of its responsible staff member; a unit
    /// with only cases or only inquiries has a row too (its other counts 0, its other rates 1).
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///     One row per unit (by unit id). Cases: ``unit``, ``received``, ``accepted``, ``deemed_accepted``,
    ///     ``refused``, ``decided``, ``approved``, ``deemed_approved``, ``denied``, ``on_time``, ``late``,
    ///     ``on_time_rate``, ``average_used``, ``average_pledged``, ``ratings``, ``bad_ratings``,
    ///     ``satisfaction_rate``, ``violations``. Inquiries: ``inquiries`` (recorded),
    ///     ``inquiries_answered``, ``inquiries_handled``, ``inquiries_guided`` (each outcome),
    ///     ``inquiries_breached`` (not dealt with by the limit, even if dealt with later),
    ///     ``inquiries_open`` (not dealt with yet), ``inquiries_on_time`` (dealt with before the limit),
    ///     ``inquiry_on_time_rate`` (on time over dealt with). Rates and averages are ``decimal.Decimal``
    ///     (rates to 4 places, 1 when there is nothing to rate; averages to 2 places).
    ///
    /// Raises
    /// ------
    /// ImportError
    ///     pandas is not installed.
    /// InvalidInputError
    ///     A naive ``start`` or ``end``.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                        item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// >>> _ = engine.execute(xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk"))
    /// >>> _ = engine.execute(xn.commands.decide("C1", dt.datetime(2026, 9, 29, 10, tzinfo=tz), "s-head",
    /// ...                                       approve=True))
    /// >>> m = engine.metrics(dt.datetime(2026, 9, 1, tzinfo=tz), dt.datetime(2026, 10, 1, tzinfo=tz))
    /// >>> m[["unit", "received", "decided", "on_time", "on_time_rate", "average_used"]]
    ///   unit  received  decided  on_time on_time_rate average_used
    /// 0  amr         1        1        1            1            1
    /// >>> m.loc[0, "on_time_rate"]
    /// Decimal('1')
    /// >>> _ = engine.execute(xn.commands.record_inquiry("Q1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-fire",
    /// ...                                               person="张女士", topic="消防验收要求"))
    /// >>> _ = engine.execute(xn.commands.answer_inquiry("Q1", dt.datetime(2026, 9, 28, 9, 20, tzinfo=tz),
    /// ...     "s-fire", outcome="guided", guided_to="县政务服务中心二楼 A12 窗口"))
    /// >>> m = engine.metrics(dt.datetime(2026, 9, 1, tzinfo=tz), dt.datetime(2026, 10, 1, tzinfo=tz))
    /// >>> m[["unit", "received", "inquiries", "inquiries_guided", "inquiry_on_time_rate"]]
    ///    unit  received  inquiries  inquiries_guided inquiry_on_time_rate
    /// 0   amr         1          0                 0                    1
    /// 1  fire         0          1                 1                    1
    fn metrics<'py>(
        slf: &Bound<'py, Self>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let from = instant(start, "start")?;
        let to = instant(end, "end")?;
        let this = slf.try_borrow().map_err(busy)?;
        let engine = &this.engine;
        let rows = run(py, move || Ok(serde_json::to_string(&engine.metrics(from, to)?)))?;
        let rows = loads(py, &rows.map_err(errors::internal)?)?;
        // The columns are the fields of the core's UnitMetrics, in its order (a row has every field).
        let names: Vec<String> = py_json!(py, &UnitMetrics::default())?
            .cast_into::<PyDict>()?
            .keys()
            .extract()?;
        let decimal = decimal_class(py)?;
        let mut cols: Vec<(&str, Vec<Bound<'py, PyAny>>)> = names.iter().map(|c| (c.as_str(), Vec::new())).collect();
        for row in rows.try_iter()? {
            let row = row?.cast_into::<PyDict>()?;
            for (name, col) in cols.iter_mut() {
                // Rates and averages are decimal strings.
                let v = match row.get_item(*name)? {
                    Some(v) if *name != "unit" && v.is_instance_of::<PyString>() => decimal.call1((v,))?,
                    Some(v) => v,
                    None => py.None().into_bound(py),
                };
                col.push(v);
            }
        }
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
        let this = slf.try_borrow().map_err(busy)?;
        let engine = &this.engine;
        run(py, move || Ok(engine.snapshot()))
    }

    /// An engine restored from ``snapshot()``, with the same policy, organisation and catalog.
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
    ///     A malformed snapshot.
    /// InvalidInputError
    ///     A wrong schema, a case whose item is not in the catalog, a timer for an unknown case.
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
        policy: &Bound<'_, PyPolicy>,
        org: &Bound<'_, PyOrg>,
        catalog: &Bound<'_, PyCatalog>,
        snapshot: &str,
    ) -> PyResult<Self> {
        let (policy, org, catalog) = configuration(policy, org, catalog);
        let engine = run(py, move || Engine::restore(policy, org, catalog, snapshot))?;
        Ok(PyEngine { engine })
    }

    /// An engine rebuilt from an event log (event sourcing): replaying an engine's events with the same
    /// policy, organisation and catalog gives the same state.
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
    ///     A malformed event (named by its index, ``events[3]``).
    /// InvalidInputError
    ///     A gap in the sequence numbers, an unknown case or item, an event that does not apply.
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
        policy: &Bound<'_, PyPolicy>,
        org: &Bound<'_, PyOrg>,
        catalog: &Bound<'_, PyCatalog>,
        events: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let events = parse_events(py, events)?;
        let (policy, org, catalog) = configuration(policy, org, catalog);
        let engine = run(py, move || Engine::replay(policy, org, catalog, &events))?;
        Ok(PyEngine { engine })
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
    fn case<'py>(&self, py: Python<'py>, case_id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.engine.case(case_id).map(|c| py_json!(py, c)).transpose()
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
    fn inquiry<'py>(&self, py: Python<'py>, inquiry_id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.engine.inquiry(inquiry_id).map(|q| py_json!(py, q)).transpose()
    }

    /// The earliest pending timer (aware, calendar's zone): when ``advance`` next has something to do, or
    /// ``None``.
    #[getter]
    fn next_timer<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.engine
            .next_timer()
            .map(|t: DateTime<Utc>| py_instant(py, t, self.offset()))
            .transpose()
    }

    /// The last event's sequence number (0 before any event).
    #[getter]
    fn seq(&self) -> u64 {
        self.engine.seq()
    }

    fn __len__(&self) -> usize {
        self.engine.len()
    }

    /// Reserves room for at least ``additional`` more cases, so that receiving them grows no table on
    /// the way (for a known daily or yearly volume). Changes nothing the engine says.
    ///
    /// Examples
    /// --------
    /// >>> engine = xn.Engine(policy, org, catalog)
    /// >>> engine.reserve(100_000)
    /// >>> len(engine)
    /// 0
    fn reserve(&mut self, additional: usize) -> PyResult<()> {
        self.engine.reserve(additional).map_err(errors::core)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let name = PyString::new(py, &self.engine.policy().name)
            .repr()
            .map(|r| r.to_string())
            .unwrap_or_default();
        format!(
            "Engine(policy={name}, cases={}, seq={})",
            self.engine.len(),
            self.engine.seq()
        )
    }
}
