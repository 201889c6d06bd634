//! `xiaoneng.Clock`: the core [`Clock`] (a time limit with pauses, extensions and completion).

use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyBool, PyDict, PyList, PyTuple};
use serde_json::{json, Value};
use xiaoneng::{Clock, DeadlineEnd, Document, Extension, PauseKind, StartRule, CLOCK_SCHEMA};

use crate::calendar::PyCalendar;
use crate::convert::{
    class_arg, dict_json, eq_result, instant, loads, name_arg, opt_str_arg, parse_name, placeholder, py_instant, shown,
    str_arg, to_json, type_name,
};
use crate::errors::{self, guard};
use crate::topy::{plain, Converter, Shape};

/// A time-limit clock (时限): a limit in working days, natural days, working hours or natural hours,
/// started at an instant, with typed pauses (行政许可法 art. 45), extensions (art. 42), completion, and
/// e-supervision signals (reminder, yellow card, red card).
///
/// A clock records only what happened; ``status(calendar, now)`` derives deadline, time used and left,
/// state and signal (and how the deadline was reached), so a corrected calendar recomputes everything.
/// Commands (``pause``, ``resume``, ``extend``, ``complete``) must come in time order; a rejected
/// command changes nothing.
///
/// Parameters
/// ----------
/// limit : tuple (unit, amount) or dict
///     The statutory limit, e.g. ``("working_days", 20)`` or ``{"unit": "working_days", "amount": 20}``.
///     Units: ``"working_days"``, ``"natural_days"``, ``"working_hours"``, ``"natural_hours"``.
/// started_at : datetime.datetime
///     Aware start instant (acceptance).
/// pledged : tuple or dict, optional
///     A pledged limit (承诺时限) in the same unit, not longer than ``limit``; it becomes the supervised one.
/// start_rule : {"next_day", "same_day"}, default "next_day"
/// deadline_end : {"end_of_day", "close_of_office"}, default "end_of_day"
/// extension_rule : dict, optional
///     ``{"max_count": 1, "max_total": 10}``; without it no extension is allowed.
/// signals : dict, optional
///     ``{"reminder_before": ("working_days", 1), "red_after": ("working_days", 5)}``.
///
/// Raises
/// ------
/// ParseError
///     A mistyped or unknown field in a dict argument (named by its path).
/// InvalidInputError
///     An inconsistent clock (pledged above statutory, amounts too large, naive datetime, ...).
///
/// Examples
/// --------
/// >>> import datetime as dt, xiaoneng as xn
/// >>> tz = dt.timezone(dt.timedelta(hours=8))
/// >>> clock = xn.Clock(("working_days", 20), dt.datetime(2026, 9, 29, 10, tzinfo=tz))
/// >>> clock.status(xn.Calendar.china(), dt.datetime(2026, 10, 20, 9, tzinfo=tz))["deadline_date"]
/// datetime.date(2026, 11, 2)
#[pyclass(name = "Clock", module = "xiaoneng")]
pub struct PyClock {
    clock: Clock,
}

/// A limit given as `(unit, amount)`, `[unit, amount]` or a dict, as JSON.
fn limit_json(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    if obj.is_instance_of::<PyTuple>() || obj.is_instance_of::<PyList>() {
        let len = obj.len()?;
        if len != 2 {
            return Err(errors::invalid(
                name,
                shown(obj),
                format!("must be (unit, amount) or {{\"unit\": ..., \"amount\": ...}}, got a sequence of {len}"),
            ));
        }
        let unit = to_json(&obj.get_item(0)?, &format!("{name}.unit"))?;
        let amount = to_json(&obj.get_item(1)?, &format!("{name}.amount"))?;
        return Ok(json!({"unit": unit, "amount": amount}));
    }
    if obj.is_instance_of::<PyDict>() {
        return to_json(obj, name);
    }
    Err(errors::invalid(
        name,
        shown(obj),
        format!(
            "must be (unit, amount) or {{\"unit\": ..., \"amount\": ...}}, got {}",
            type_name(obj)
        ),
    ))
}

fn parse_clock(text: &str) -> PyResult<Clock> {
    Clock::from_json(text).map_err(errors::core)
}

#[pymethods]
impl PyClock {
    #[new]
    #[pyo3(
        signature = (
            limit,
            started_at,
            pledged = None,
            start_rule = None,
            deadline_end = None,
            extension_rule = None,
            signals = None,
        ),
        text_signature = "(limit, started_at, pledged=None, start_rule='next_day', deadline_end='end_of_day', \
                          extension_rule=None, signals=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        limit: &Bound<'_, PyAny>,
        started_at: &Bound<'_, PyAny>,
        pledged: Option<&Bound<'_, PyAny>>,
        start_rule: Option<&Bound<'_, PyAny>>,
        deadline_end: Option<&Bound<'_, PyAny>>,
        extension_rule: Option<&Bound<'_, PyAny>>,
        signals: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let start_rule = opt_str_arg(start_rule, "start_rule")?.unwrap_or("next_day");
        let deadline_end = opt_str_arg(deadline_end, "deadline_end")?.unwrap_or("end_of_day");
        parse_name::<StartRule>(start_rule, "start_rule")?;
        parse_name::<DeadlineEnd>(deadline_end, "deadline_end")?;
        let mut doc = json!({
            "schema": CLOCK_SCHEMA,
            "limit": limit_json(limit, "limit")?,
            "started_at": instant(started_at, "started_at")?.to_rfc3339(),
            "start_rule": start_rule,
            "deadline_end": deadline_end,
        });
        if let Some(p) = pledged.filter(|p| !p.is_none()) {
            doc["pledged"] = limit_json(p, "pledged")?;
        }
        if let Some(r) = extension_rule.filter(|r| !r.is_none()) {
            doc["extension_rule"] = to_json(r, "extension_rule")?;
        }
        if let Some(s) = signals.filter(|s| !s.is_none()) {
            let d = s.cast::<PyDict>().map_err(|_| {
                errors::invalid(
                    "signals",
                    placeholder(s),
                    format!("must be a dict, got {}", type_name(s)),
                )
            })?;
            let mut map = serde_json::Map::new();
            for item in d.items().iter() {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                let key = str_arg(&k, "signals")
                    .map_err(|_| errors::invalid("signals", shown(&k), "keys must be strings"))?
                    .to_string();
                let value = limit_json(&v, &format!("signals.{key}"))?;
                map.insert(key, value);
            }
            doc["signals"] = Value::Object(map);
        }
        Ok(PyClock {
            clock: parse_clock(&doc.to_string())?,
        })
    }

    /// Reads a clock (configuration and everything recorded) from JSON.
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     ``{"schema": 1, "limit": {"unit": "working_days", "amount": 20}, "started_at": "2026-02-13T10:00:00+08:00"}``
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     Malformed JSON or an unknown/mistyped field (named by its path).
    /// InvalidInputError
    ///     An inconsistent clock (events out of order, pledged above statutory, ...).
    ///
    /// Examples
    /// --------
    /// >>> c = xn.Clock.from_json('{"schema": 1, "limit": {"unit": "working_days", "amount": 20},'
    /// ...                        ' "started_at": "2026-02-13T10:00:00+08:00"}')
    /// >>> c.limit
    /// {'unit': 'working_days', 'amount': 20}
    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyClock {
            clock: parse_clock(str_arg(text, "text")?)?,
        })
    }

    /// Reads a clock from a dict (the JSON document as Python values; aware datetimes accepted).
    ///
    /// Parameters
    /// ----------
    /// doc : dict
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``.
    ///
    /// Examples
    /// --------
    /// >>> c = xn.Clock.from_dict({"schema": 1, "limit": {"unit": "natural_hours", "amount": 2},
    /// ...                         "started_at": dt.datetime(2026, 9, 30, 9, tzinfo=dt.timezone.utc)})
    /// >>> c.is_paused
    /// False
    #[staticmethod]
    fn from_dict(doc: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyClock {
            clock: parse_clock(&dict_json(doc, "doc")?)?,
        })
    }

    /// The clock as JSON; ``Clock.from_json`` reads it back unchanged.
    ///
    /// Examples
    /// --------
    /// >>> xn.Clock(("working_days", 20), dt.datetime(2026, 2, 13, 2, tzinfo=dt.timezone.utc)).to_json()
    /// '{"schema":1,"limit":{"unit":"working_days","amount":20},"started_at":"2026-02-13T02:00:00Z",...}'
    fn to_json(slf: &Bound<'_, Self>) -> PyResult<String> {
        Ok(borrow(slf)?.clock.to_json())
    }

    /// The clock as a dict of plain JSON values (instants as RFC 3339 strings).
    ///
    /// Examples
    /// --------
    /// >>> xn.Clock(("working_days", 20), dt.datetime(2026, 2, 13, 2, tzinfo=dt.timezone.utc)).to_dict()["limit"]
    /// {'unit': 'working_days', 'amount': 20}
    fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let text = borrow(slf)?.clock.to_json();
        loads(slf.py(), &text)
    }

    /// Stops the clock for an excluded period (art. 45) or a correction, from ``at``.
    ///
    /// Parameters
    /// ----------
    /// kind : str
    ///     One of ``correction``, ``hearing``, ``tendering``, ``auction``, ``inspection``, ``appraisal``,
    ///     ``expert_review``, ``other``.
    /// at : datetime.datetime
    ///     Aware instant, not earlier than the last recorded event.
    /// note : str, optional
    ///     Free text (e.g. the written notice to the applicant).
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     Unknown ``kind``, naive ``at``.
    /// InvalidStateError
    ///     Completed, already paused, or ``at`` earlier than the last event.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> c = xn.Clock(("working_days", 20), dt.datetime(2026, 9, 29, 10, tzinfo=tz))
    /// >>> c.pause("hearing", dt.datetime(2026, 10, 9, 9, tzinfo=tz), note="hearing notice no. 3")
    /// >>> c.is_paused
    /// True
    #[pyo3(signature = (kind, at, note = None))]
    fn pause(
        slf: &Bound<'_, Self>,
        kind: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        note: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let kind: PauseKind = name_arg(kind, "kind")?;
        let at = instant(at, "at")?;
        let note = opt_str_arg(note, "note")?.map(str::to_string);
        borrow_mut(slf)?.clock.pause(kind, at, note).map_err(errors::clock)
    }

    /// Restarts the clock after a pause, at ``at``.
    ///
    /// Parameters
    /// ----------
    /// at : datetime.datetime
    ///     Aware instant.
    ///
    /// Raises
    /// ------
    /// InvalidStateError
    ///     Not paused, completed, or ``at`` earlier than the last event.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> c = xn.Clock(("working_days", 20), dt.datetime(2026, 9, 29, 10, tzinfo=tz))
    /// >>> c.pause("hearing", dt.datetime(2026, 10, 9, 9, tzinfo=tz))
    /// >>> c.resume(dt.datetime(2026, 10, 16, 9, tzinfo=tz))
    /// >>> c.is_paused
    /// False
    fn resume(slf: &Bound<'_, Self>, at: &Bound<'_, PyAny>) -> PyResult<()> {
        let at = instant(at, "at")?;
        borrow_mut(slf)?.clock.resume(at).map_err(errors::clock)
    }

    /// Extends the limit by ``amount`` units (in the limit's unit), before it expires.
    ///
    /// Parameters
    /// ----------
    /// calendar : Calendar
    ///     To check that the limit has not expired at ``at``.
    /// at : datetime.datetime
    ///     Aware instant of the grant.
    /// amount : int
    ///     Units added, 1..=100000.
    /// approver : str
    ///     Who approved it (a staff id); not empty.
    /// reason : str
    ///     The reason told to the applicant (art. 42); not empty.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     The extension rule's count or total exceeded, empty approver or reason.
    /// InvalidStateError
    ///     Completed, out of time order, or the limit already expired.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> cal = xn.Calendar.china()
    /// >>> c = xn.Clock(("working_days", 20), dt.datetime(2026, 9, 29, 10, tzinfo=tz),
    /// ...              extension_rule={"max_count": 1, "max_total": 10})
    /// >>> c.extend(cal, dt.datetime(2026, 10, 20, 9, tzinfo=tz), 10, "head-01", "site survey")
    /// >>> c.status(cal, dt.datetime(2026, 10, 20, 10, tzinfo=tz))["deadline_date"]
    /// datetime.date(2026, 11, 16)
    fn extend(
        slf: &Bound<'_, Self>,
        calendar: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        amount: &Bound<'_, PyAny>,
        approver: &Bound<'_, PyAny>,
        reason: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let calendar = class_arg::<PyCalendar>(calendar, "calendar", "Calendar")?;
        let at = instant(at, "at")?;
        let amount: u32 = amount
            .extract::<i64>()
            .ok()
            .filter(|_| !amount.is_instance_of::<PyBool>())
            .and_then(|a| u32::try_from(a).ok())
            .ok_or_else(|| errors::invalid("amount", shown(amount), "must be a whole number 1..=100000"))?;
        let approver = str_arg(approver, "approver")?.to_string();
        let reason = str_arg(reason, "reason")?.to_string();
        let cal = &calendar.get().cal;
        let mut this = borrow_mut(slf)?;
        let clock = &mut this.clock;
        guard(|| {
            clock
                .extend(
                    cal,
                    Extension {
                        at,
                        amount,
                        approver,
                        reason,
                    },
                )
                .map_err(errors::clock)
        })
    }

    /// Completes the clock at ``at`` (the decision, or the step, is done).
    ///
    /// Parameters
    /// ----------
    /// at : datetime.datetime
    ///     Aware instant.
    ///
    /// Raises
    /// ------
    /// InvalidStateError
    ///     Already completed, paused, or ``at`` earlier than the last event.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> c = xn.Clock(("working_days", 20), dt.datetime(2026, 9, 29, 10, tzinfo=tz))
    /// >>> c.complete(dt.datetime(2026, 10, 30, 15, tzinfo=tz))
    /// >>> c.status(xn.Calendar.china(), dt.datetime(2026, 11, 30, tzinfo=tz))["state"]
    /// 'completed_on_time'
    fn complete(slf: &Bound<'_, Self>, at: &Bound<'_, PyAny>) -> PyResult<()> {
        let at = instant(at, "at")?;
        borrow_mut(slf)?.clock.complete(at).map_err(errors::clock)
    }

    /// Everything the clock says at ``now``: the core's ClockStatus as a dict.
    ///
    /// Keys: ``at``, ``state`` (``not_started``, ``running``, ``paused``, ``overdue``, ``completed_on_time``,
    /// ``completed_late``), ``signal`` (``none``, ``reminder``, ``yellow``, ``red``), ``deadline``,
    /// ``deadline_date``, ``statutory_deadline``, ``statutory_deadline_date``, ``unit``, ``tick`` (``day`` or
    /// ``second``), ``budget``, ``used``, ``remaining`` (in ticks), ``share_used`` (``decimal.Decimal``),
    /// ``extensions``, and when present ``paused``, ``reminder_at``, ``red_at``, ``next_change``; and
    /// ``derivation``, the list of steps explaining the deadline. Instants are aware datetimes in the
    /// calendar's zone, dates are ``datetime.date``.
    ///
    /// Parameters
    /// ----------
    /// calendar : Calendar
    /// now : datetime.datetime
    ///     Aware instant asked about.
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// OutOfRangeError
    ///     A date needed lies outside the calendar's range.
    /// InvalidInputError
    ///     Working hours on a calendar without office hours.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> c = xn.Clock(("working_days", 20), dt.datetime(2026, 9, 29, 10, tzinfo=tz))
    /// >>> st = c.status(xn.Calendar.china(), dt.datetime(2026, 10, 20, 9, tzinfo=tz))
    /// >>> st["state"], st["deadline_date"], st["used"], st["share_used"]
    /// ('running', datetime.date(2026, 11, 2), 11, Decimal('0.55'))
    fn status<'py>(
        slf: &Bound<'py, Self>,
        calendar: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let calendar = class_arg::<PyCalendar>(calendar, "calendar", "Calendar")?;
        let now = instant(now, "now")?;
        let cal = &calendar.get().cal;
        let st = {
            let this = borrow(slf)?;
            guard(|| this.clock.status(cal, now).map_err(errors::clock))?
        };
        Converter::new(slf.py(), Shape::Status).convert(&st)
    }

    /// The next instant after ``now`` at which state or signal changes (for timers), or ``None`` when
    /// nothing changes without a new command (paused, completed).
    ///
    /// Parameters
    /// ----------
    /// calendar : Calendar
    /// now : datetime.datetime
    ///
    /// Returns
    /// -------
    /// datetime.datetime or None
    ///     Aware, in the calendar's zone.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> xn.Clock(("working_days", 5), dt.datetime(2026, 9, 30, 10, tzinfo=tz)).next_change(
    /// ...     xn.Calendar.china(), dt.datetime(2026, 10, 1, tzinfo=tz))
    /// datetime.datetime(2026, 10, 14, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
    fn next_change<'py>(
        slf: &Bound<'py, Self>,
        calendar: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let calendar = class_arg::<PyCalendar>(calendar, "calendar", "Calendar")?;
        let now = instant(now, "now")?;
        let cal = &calendar.get().cal;
        let next = {
            let this = borrow(slf)?;
            guard(|| this.clock.next_change(cal, now).map_err(errors::clock))?
        };
        next.map(|t| py_instant(slf.py(), t, cal.utc_offset())).transpose()
    }

    /// The statutory limit, ``{"unit": ..., "amount": ...}``.
    #[getter]
    fn limit<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let limit = borrow(slf)?.clock.limit();
        plain(slf.py(), &limit)
    }

    /// The pledged limit, or ``None``.
    #[getter]
    fn pledged<'py>(slf: &Bound<'py, Self>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let pledged = borrow(slf)?.clock.pledged();
        pledged.map(|l| plain(slf.py(), &l)).transpose()
    }

    /// When the clock started (aware, UTC).
    #[getter]
    fn started_at<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let t = borrow(slf)?.clock.started_at();
        py_instant(slf.py(), t, utc())
    }

    /// When the clock was completed (aware, UTC), or ``None``.
    #[getter]
    fn completed_at<'py>(slf: &Bound<'py, Self>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let t = borrow(slf)?.clock.completed_at();
        t.map(|t| py_instant(slf.py(), t, utc())).transpose()
    }

    /// Whether a pause is open.
    #[getter]
    fn is_paused(slf: &Bound<'_, Self>) -> PyResult<bool> {
        Ok(borrow(slf)?.clock.is_paused())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let this = borrow(slf)?;
        let l = this.clock.limit();
        let unit = l.unit.as_str();
        let state = if this.clock.completed_at().is_some() {
            ", completed"
        } else if this.clock.is_paused() {
            ", paused"
        } else {
            ""
        };
        Ok(format!(
            "Clock(limit=({unit:?}, {}), started_at={}{state})",
            l.amount,
            this.clock.started_at().to_rfc3339()
        ))
    }

    fn __richcmp__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let Ok(other) = other.cast::<PyClock>() else {
            return Ok(py.NotImplemented());
        };
        let this = borrow(slf)?;
        if slf.is(other) {
            return Ok(eq_result(py, op, true));
        }
        let other = borrow(other)?;
        Ok(eq_result(py, op, this.clock == other.clock))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let text = borrow(slf)?.clock.to_json();
        let ctor = slf.py().get_type::<PyClock>().getattr("from_json")?;
        Ok((ctor, (text,)))
    }
}

/// The clock, read; `InvalidStateError` while another thread changes it.
fn borrow<'py>(slf: &Bound<'py, PyClock>) -> PyResult<PyRef<'py, PyClock>> {
    slf.try_borrow().map_err(|_| errors::busy("Clock"))
}

/// The clock, to change; `InvalidStateError` while another thread uses it.
fn borrow_mut<'py>(slf: &Bound<'py, PyClock>) -> PyResult<PyRefMut<'py, PyClock>> {
    slf.try_borrow_mut().map_err(|_| errors::busy("Clock"))
}

fn utc() -> chrono::FixedOffset {
    chrono::Utc.fix()
}

use chrono::Offset;
