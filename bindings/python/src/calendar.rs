//! `xiaoneng.Calendar`: the core [`Calendar`] with scalar and numpy array methods.

use chrono::NaiveTime;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyBool, PyDict, PyTuple};
use xiaoneng::{BatchError, Calendar, CalendarError, DayNumber, DeadlineEnd, Document, StartRule, YearNotice};

use crate::arrays::{self, as_dates, finish, run2, DayArgs, Operand};
use crate::convert::{
    date_arg, dict_json, eq_result, instant, loads, opt_str_arg, parse_name, placeholder, py_date, py_instant,
    py_naive_date, py_offset, py_seconds, scalar_day, seconds_of, str_arg, to_json, type_name,
};
use crate::errors;

/// A working-day calendar (工作日历): which days are working days, and which hours are office hours.
///
/// Immutable: ``with_notice`` returns a new calendar. Every date method takes either a scalar
/// ``datetime.date`` (and returns a ``date``, ``bool`` or ``int``) or an array of dates — a numpy
/// ``datetime64[D]`` array, a list of dates, a pandas Series — and then returns a numpy array
/// (``datetime64[D]``, ``bool`` or ``int64``) of the broadcast shape, computed without per-element
/// Python objects and with the GIL released. A date outside the covered range is an error
/// (``OutOfRangeError``), never a guess; array errors name the index of the first failing element.
///
/// Counting follows the law: "N working days from D" ends on the N-th working day after D
/// (``start_rule="next_day"``, the default); ``"same_day"`` counts D itself when it is a working day.
///
/// Examples
/// --------
/// >>> import datetime as dt, numpy as np, xiaoneng as xn
/// >>> cal = xn.Calendar.china()
/// >>> cal.add_workdays(dt.date(2026, 9, 30), 5)
/// datetime.date(2026, 10, 13)
/// >>> cal.is_workday(np.array(["2026-10-01", "2026-10-10"], dtype="datetime64[D]"))
/// array([False,  True])
#[pyclass(name = "Calendar", module = "xiaoneng", frozen)]
pub struct PyCalendar {
    /// The core calendar.
    pub cal: Calendar,
}

fn parse_spec(text: &str) -> PyResult<Calendar> {
    Calendar::from_json(text).map_err(errors::core)
}

/// The `start_rule` argument (`"next_day"` when absent).
fn start_rule_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<StartRule> {
    parse_name(opt_str_arg(obj, "start_rule")?.unwrap_or("next_day"), "start_rule")
}

fn time_of(seconds: u32) -> NaiveTime {
    // "24:00" (end of the day) has no datetime.time; the last representable instant stands for it.
    NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0)
        .unwrap_or_else(|| NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default())
}

impl PyCalendar {
    /// The days `d` moved by `n`: `scalar` (a core day-number function) for a scalar pair, a date;
    /// otherwise its batch form `kernel` over the broadcast operands, an array of dates.
    fn shift<'py>(
        &self,
        py: Python<'py>,
        d: Operand<'py>,
        n: Operand<'py>,
        scalar: impl FnOnce(DayNumber, i64) -> Result<DayNumber, CalendarError>,
        kernel: impl Fn(&[DayNumber], &[i64], &mut [i64]) -> Result<(), BatchError> + Sync,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let (Operand::Scalar(day), Operand::Scalar(k)) = (&d, &n) {
            return py_date(py, scalar(*day, *k).map_err(errors::cal)?);
        }
        let args = DayArgs {
            a: true,
            b: false,
            names: ("d", "n"),
        };
        as_dates(run2(py, &self.cal, d, n, args, kernel)?)
    }

    /// [`Self::shift`] by `n` working days.
    fn add_n<'py>(
        &self,
        py: Python<'py>,
        d: &Bound<'py, PyAny>,
        n: Operand<'py>,
        rule: StartRule,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = &self.cal;
        let d = arrays::days(d, "d")?;
        self.shift(
            py,
            d,
            n,
            |day, k| cal.add_workdays_day(day, k, rule),
            |a, b, o| cal.add_workdays_batch(a, b, rule, o),
        )
    }
}

#[pymethods]
impl PyCalendar {
    /// The bundled national calendar of the PRC, 2004-01-01 to 2026-12-31, UTC+08:00, office hours
    /// 08:30-12:00 and 14:30-17:30.
    ///
    /// Returns
    /// -------
    /// Calendar
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().range
    /// (datetime.date(2004, 1, 1), datetime.date(2026, 12, 31))
    #[staticmethod]
    fn china() -> Self {
        PyCalendar { cal: Calendar::china() }
    }

    /// Reads a calendar definition from JSON.
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     A calendar document, e.g. ``{"schema": 1, "base": "china", "days_off": [{"start": "2026-03-05"}]}``.
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     Malformed JSON, an unknown or mistyped field (the message names the field path).
    /// InvalidInputError
    ///     A well-formed but invalid definition (inverted range, a day both off and worked, ...).
    ///
    /// Examples
    /// --------
    /// >>> cal = xn.Calendar.from_json('{"schema": 1, "base": "china", "name": "demo"}')
    /// >>> cal.name
    /// 'demo'
    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyCalendar {
            cal: parse_spec(str_arg(text, "text")?)?,
        })
    }

    /// Reads a calendar definition from TOML (the same fields as JSON; TOML dates are accepted).
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     A calendar document in TOML.
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``.
    ///
    /// Examples
    /// --------
    /// >>> cal = xn.Calendar.from_toml('schema = 1\nbase = "china"\n[[days_off]]\nstart = 2026-03-05\n')
    /// >>> cal.is_workday(dt.date(2026, 3, 5))
    /// False
    #[staticmethod]
    fn from_toml(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyCalendar {
            cal: Calendar::from_toml(str_arg(text, "text")?).map_err(errors::core)?,
        })
    }

    /// Reads a calendar definition from a dict (the JSON document as Python values; ``date`` objects are
    /// accepted where the document has dates).
    ///
    /// Parameters
    /// ----------
    /// spec : dict
    ///     The calendar document.
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``.
    ///
    /// Examples
    /// --------
    /// >>> cal = xn.Calendar.from_dict({"schema": 1, "range": {"start": dt.date(2026, 1, 1),
    /// ...                              "end": dt.date(2026, 12, 31)}})
    /// >>> cal.is_workday(dt.date(2026, 10, 1))
    /// True
    #[staticmethod]
    fn from_dict(spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyCalendar {
            cal: parse_spec(&dict_json(spec, "spec")?)?,
        })
    }

    /// The definition as JSON; ``Calendar.from_json(cal.to_json())`` rebuilds an equal calendar.
    ///
    /// Returns
    /// -------
    /// str
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().to_json()
    /// '{"schema":1,"base":"china","utc_offset":"+08:00","weekly_rest_days":["sat","sun"]}'
    fn to_json(&self) -> String {
        self.cal.to_json()
    }

    /// The definition as a dict of plain JSON values (dates as ``"YYYY-MM-DD"`` strings).
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().to_dict()["base"]
    /// 'china'
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.cal.to_json())
    }

    /// A new calendar with one more year notice (e.g. next year's State Council holiday arrangement).
    ///
    /// A notice for the year after the last covered one extends the range by that year; a notice for a
    /// covered year replaces that year's classification.
    ///
    /// Parameters
    /// ----------
    /// notice : dict
    ///     ``{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}],
    ///     "workdays": ["2027-01-04"]}``; dates may be strings or ``datetime.date``.
    ///
    /// Returns
    /// -------
    /// Calendar
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     An unknown or mistyped field (named, e.g. ``days_off[0].start``).
    /// InvalidInputError
    ///     The notice leaves a gap, or its days lie outside its year.
    ///
    /// Examples
    /// --------
    /// >>> cal = xn.Calendar.china().with_notice({"year": 2027,
    /// ...     "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}]})
    /// >>> cal.range[1]
    /// datetime.date(2027, 12, 31)
    fn with_notice(&self, notice: &Bound<'_, PyAny>) -> PyResult<Self> {
        if !notice.is_instance_of::<PyDict>() {
            return Err(errors::invalid(
                "notice",
                placeholder(notice),
                format!("must be a dict, got {}", type_name(notice)),
            ));
        }
        let notice = YearNotice::from_json(&to_json(notice, "notice")?.to_string()).map_err(errors::core)?;
        let cal = self.cal.with_notice(notice).map_err(errors::cal)?;
        Ok(Self { cal })
    }

    /// The 13 statutory days off of ``year`` under the national holiday regulation as amended in 2024 (in
    /// force from 2025), as a notice without makeup workdays or bridged days: New Year's Day, the Spring
    /// Festival (lunar New Year's Eve and the 1st-3rd of the first lunar month), Qingming, Labour Day
    /// (May 1-2), the Dragon Boat Festival, Mid-Autumn and National Day (Oct 1-3). This is what clocks and
    /// the engine count on beyond the last notice (``provisional``); lunar dates and Qingming come from
    /// data bundled for 2025-2099. ``None`` outside those years.
    ///
    /// Parameters
    /// ----------
    /// year : int
    ///
    /// Returns
    /// -------
    /// dict or None
    ///     ``{"year": ..., "days_off": [{"start": date, "end": date, "name": str}, ...], "workdays": []}``,
    ///     which ``with_notice`` reads.
    ///
    /// Examples
    /// --------
    /// >>> n = xn.Calendar.statutory_notice(2027)
    /// >>> [(b["name"], b["start"].isoformat()) for b in n["days_off"]][:3]
    /// [('元旦', '2027-01-01'), ('春节', '2027-02-05'), ('清明节', '2027-04-05')]
    /// >>> xn.Calendar.statutory_notice(2024) is None
    /// True
    #[staticmethod]
    fn statutory_notice(py: Python<'_>, year: &Bound<'_, PyAny>) -> PyResult<Option<Py<PyAny>>> {
        let Ok(year) = year.extract::<i64>() else {
            return Err(errors::invalid(
                "year",
                placeholder(year),
                format!("must be an int, got {}", type_name(year)),
            ));
        };
        let Some(notice) = i32::try_from(year).ok().and_then(YearNotice::statutory) else {
            return Ok(None);
        };
        let b =
            |start: chrono::NaiveDate, end: Option<chrono::NaiveDate>, name: &Option<String>| -> PyResult<Py<PyAny>> {
                let d = PyDict::new(py);
                d.set_item("start", py_naive_date(py, start)?)?;
                d.set_item("end", py_naive_date(py, end.unwrap_or(start))?)?;
                d.set_item("name", name.clone())?;
                Ok(d.into_any().unbind())
            };
        let days_off = notice
            .days_off
            .iter()
            .map(|blk| b(blk.start, blk.end, &blk.name))
            .collect::<PyResult<Vec<_>>>()?;
        let d = PyDict::new(py);
        d.set_item("year", notice.year)?;
        d.set_item("days_off", days_off)?;
        d.set_item("workdays", Vec::<Py<PyAny>>::new())?;
        Ok(Some(d.into_any().unbind()))
    }

    /// The provisional days clocks count on beyond the last notice, as ``(first, last)`` dates, or
    /// ``None`` (a calendar not based on the national one has none). Date queries (``is_workday``, ...)
    /// still raise ``OutOfRangeError`` there: the provisional days are for clocks and the engine, which
    /// say ``provisional`` on what rests on them.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().provisional_range
    /// (datetime.date(2027, 1, 1), datetime.date(2099, 12, 31))
    #[getter]
    fn provisional_range<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        match self.cal.provisional_range() {
            None => Ok(None),
            Some(r) => Ok(Some(PyTuple::new(
                py,
                [py_naive_date(py, r.start)?, py_naive_date(py, r.end)?],
            )?)),
        }
    }

    /// The display name from the definition, if any.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().name is None
    /// True
    #[getter]
    fn name(&self) -> Option<String> {
        self.cal.spec().name.clone()
    }

    /// The covered range ``(first, last)``, both inclusive.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().range
    /// (datetime.date(2004, 1, 1), datetime.date(2026, 12, 31))
    #[getter]
    fn range<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let r = self.cal.range();
        PyTuple::new(py, [py_naive_date(py, r.start)?, py_naive_date(py, r.end)?])
    }

    /// The calendar's offset from UTC, as a ``datetime.timezone``.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().utc_offset
    /// datetime.timezone(datetime.timedelta(seconds=28800))
    #[getter]
    fn utc_offset<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_offset(py, self.cal.utc_offset())
    }

    /// Office hours on a working day, as a list of ``(open, close)`` ``datetime.time`` pairs (empty
    /// when the calendar has none). A close of ``24:00`` is shown as ``datetime.time.max``.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().office_hours[0]
    /// (datetime.time(8, 30), datetime.time(12, 0))
    #[getter]
    fn office_hours<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        self.cal
            .office_hours()
            .into_iter()
            .map(|(a, b)| {
                PyTuple::new(
                    py,
                    [
                        time_of(a.seconds).into_pyobject(py)?.into_any(),
                        time_of(b.seconds).into_pyobject(py)?.into_any(),
                    ],
                )
            })
            .collect()
    }

    /// Whether a date is a working day.
    ///
    /// Parameters
    /// ----------
    /// d : date or array_like of dates
    ///     A ``datetime.date``, or dates as numpy reads them into ``datetime64[D]``.
    ///
    /// Returns
    /// -------
    /// bool or numpy.ndarray of bool
    ///
    /// Raises
    /// ------
    /// OutOfRangeError
    ///     A date (or NaT) outside the covered range; arrays name the element.
    ///
    /// Examples
    /// --------
    /// >>> cal = xn.Calendar.china()
    /// >>> cal.is_workday(dt.date(2026, 10, 10))  # a makeup Saturday
    /// True
    /// >>> cal.is_workday(np.array(["2026-10-01", "2026-10-08"], dtype="datetime64[D]"))
    /// array([False,  True])
    #[pyo3(signature = (d, /))]
    fn is_workday<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(day) = scalar_day(d, "d") {
            let w = self.cal.is_workday_day(day?).map_err(errors::cal)?;
            return Ok(PyBool::new(py, w).to_owned().into_any());
        }
        let cal = &self.cal;
        let a = arrays::days(d, "d")?;
        let out = run2::<bool, _>(
            py,
            cal,
            a,
            Operand::Scalar(0),
            DayArgs {
                a: true,
                b: false,
                names: ("d", "d"),
            },
            |a, _, o| cal.is_workday_batch(a, o),
        )?;
        finish(out.into_any())
    }

    /// The ``n``-th working day after ``d`` (before it when ``n < 0``; ``d`` itself when ``n == 0``).
    ///
    /// Parameters
    /// ----------
    /// d : date or array_like of dates
    /// n : int or array_like of int
    ///     Broadcast against ``d``.
    /// start_rule : {"next_day", "same_day"}, default "next_day"
    ///     ``"same_day"`` counts ``d`` itself as the first day when it is a working day (forward counts only).
    ///
    /// Returns
    /// -------
    /// date or numpy.ndarray of datetime64[D]
    ///
    /// Raises
    /// ------
    /// OutOfRangeError
    ///     ``d`` or the result outside the covered range (arrays name the element).
    /// InvalidInputError
    ///     An unknown ``start_rule``, a non-integer ``n``, shapes that do not broadcast.
    ///
    /// Examples
    /// --------
    /// >>> cal = xn.Calendar.china()
    /// >>> cal.add_workdays(dt.date(2026, 2, 13), 20)
    /// datetime.date(2026, 3, 19)
    /// >>> cal.add_workdays(np.array(["2026-09-30"], dtype="datetime64[D]"), [5])
    /// array(['2026-10-13'], dtype='datetime64[D]')
    #[pyo3(signature = (d, n, start_rule = None), text_signature = "(self, d, n, start_rule='next_day')")]
    fn add_workdays<'py>(
        &self,
        py: Python<'py>,
        d: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
        start_rule: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rule = start_rule_arg(start_rule)?;
        let n = arrays::ints(n, "n")?;
        self.add_n(py, d, n, rule)
    }

    /// Working days ``w`` with ``a < w <= b`` (negative when ``b < a``), so that
    /// ``workdays_between(d, add_workdays(d, n)) == n``.
    ///
    /// Parameters
    /// ----------
    /// a, b : date or array_like of dates
    ///     Broadcast against each other.
    /// start_rule : {"next_day", "same_day"}, default "next_day"
    ///     ``"same_day"`` also counts ``a`` when ``a <= b``.
    ///
    /// Returns
    /// -------
    /// int or numpy.ndarray of int64
    ///
    /// Raises
    /// ------
    /// OutOfRangeError, InvalidInputError
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().workdays_between(dt.date(2026, 9, 30), dt.date(2026, 10, 13))
    /// 5
    #[pyo3(signature = (a, b, start_rule = None), text_signature = "(self, a, b, start_rule='next_day')")]
    fn workdays_between<'py>(
        &self,
        py: Python<'py>,
        a: &Bound<'py, PyAny>,
        b: &Bound<'py, PyAny>,
        start_rule: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rule = start_rule_arg(start_rule)?;
        let cal = &self.cal;
        let x = arrays::days(a, "a")?;
        let y = arrays::days(b, "b")?;
        if let (Operand::Scalar(i), Operand::Scalar(j)) = (&x, &y) {
            let r = cal.workdays_between_day(*i, *j, rule).map_err(errors::cal)?;
            return Ok(r.into_pyobject(py)?.into_any());
        }
        let out = run2::<i64, _>(
            py,
            cal,
            x,
            y,
            DayArgs {
                a: true,
                b: true,
                names: ("a", "b"),
            },
            |a, b, o| cal.workdays_between_batch(a, b, rule, o),
        )?;
        finish(out.into_any())
    }

    /// The first working day strictly after ``d``.
    ///
    /// Parameters
    /// ----------
    /// d : date or array_like of dates
    ///
    /// Returns
    /// -------
    /// date or numpy.ndarray of datetime64[D]
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().next_workday(dt.date(2026, 9, 30))
    /// datetime.date(2026, 10, 8)
    #[pyo3(signature = (d, /))]
    fn next_workday<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.add_n(py, d, Operand::Scalar(1), StartRule::NextDay)
    }

    /// The last working day strictly before ``d``.
    ///
    /// Parameters
    /// ----------
    /// d : date or array_like of dates
    ///
    /// Returns
    /// -------
    /// date or numpy.ndarray of datetime64[D]
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().previous_workday(dt.date(2026, 10, 8))
    /// datetime.date(2026, 9, 30)
    #[pyo3(signature = (d, /))]
    fn previous_workday<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.add_n(py, d, Operand::Scalar(-1), StartRule::NextDay)
    }

    /// ``d`` plus ``n`` natural days (no calendar data needed, so no range check).
    ///
    /// Parameters
    /// ----------
    /// d : date or array_like of dates
    /// n : int or array_like of int
    ///
    /// Returns
    /// -------
    /// date or numpy.ndarray of datetime64[D]
    ///
    /// Raises
    /// ------
    /// OutOfRangeError
    ///     NaT, or a result that is not a representable date.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().add_days(dt.date(2026, 9, 30), 8)
    /// datetime.date(2026, 10, 8)
    #[pyo3(signature = (d, n))]
    fn add_days<'py>(
        &self,
        py: Python<'py>,
        d: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = &self.cal;
        let a = arrays::days(d, "d")?;
        let n = arrays::ints(n, "n")?;
        self.shift(
            py,
            a,
            n,
            |day, k| cal.add_days_day(day, k),
            |a, b, o| cal.add_days_batch(a, b, o),
        )
    }

    /// The instant ``hours`` of office time after ``at`` (before it when negative), in the calendar's zone.
    ///
    /// Office time runs only in office hours on working days; ending exactly at a close gives the close.
    /// Time is counted to the second.
    ///
    /// Parameters
    /// ----------
    /// at : datetime.datetime
    ///     An aware datetime (any zone).
    /// hours : float or datetime.timedelta
    ///     Hours of office time (rounded to the second).
    ///
    /// Returns
    /// -------
    /// datetime.datetime
    ///     Aware, in the calendar's zone.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     A naive datetime, or a calendar without office hours.
    /// OutOfRangeError
    ///     ``at`` or the result outside the covered range.
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> xn.Calendar.china().add_working_hours(dt.datetime(2026, 9, 30, 16, 30, tzinfo=tz), 2)
    /// datetime.datetime(2026, 10, 8, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
    fn add_working_hours<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        hours: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let from = instant(at, "at")?;
        let secs = seconds_of(hours, "hours")?;
        let t = self.cal.add_working_seconds(from, secs).map_err(errors::cal)?;
        py_instant(py, t, self.cal.utc_offset())
    }

    /// Office time between two instants (negative when ``b < a``).
    ///
    /// Parameters
    /// ----------
    /// a, b : datetime.datetime
    ///     Aware datetimes.
    ///
    /// Returns
    /// -------
    /// datetime.timedelta
    ///
    /// Raises
    /// ------
    /// InvalidInputError, OutOfRangeError
    ///
    /// Examples
    /// --------
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> xn.Calendar.china().working_hours_between(dt.datetime(2026, 9, 30, 16, 30, tzinfo=tz),
    /// ...                                           dt.datetime(2026, 10, 8, 9, 30, tzinfo=tz))
    /// datetime.timedelta(seconds=7200)
    fn working_hours_between<'py>(
        &self,
        py: Python<'py>,
        a: &Bound<'py, PyAny>,
        b: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (a, b) = (instant(a, "a")?, instant(b, "b")?);
        let secs = self.cal.working_seconds_between(a, b).map_err(errors::cal)?;
        py_seconds(py, secs)
    }

    /// The instant a limit ending on ``d`` expires: local midnight after ``d`` (``"end_of_day"``) or the
    /// close of office hours on ``d`` (``"close_of_office"``). An act at or after it is late.
    ///
    /// Parameters
    /// ----------
    /// d : datetime.date
    /// end : {"end_of_day", "close_of_office"}, default "end_of_day"
    ///
    /// Returns
    /// -------
    /// datetime.datetime
    ///     Aware, in the calendar's zone.
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().deadline(dt.date(2026, 10, 13), "close_of_office")
    /// datetime.datetime(2026, 10, 13, 17, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800)))
    #[pyo3(signature = (d, end = None), text_signature = "(self, d, end='end_of_day')")]
    fn deadline<'py>(
        &self,
        py: Python<'py>,
        d: &Bound<'py, PyAny>,
        end: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let end: DeadlineEnd = parse_name(opt_str_arg(end, "end")?.unwrap_or("end_of_day"), "end")?;
        let date = date_arg(d, "d")?;
        let t = self.cal.deadline_instant(date, end).map_err(errors::cal)?;
        py_instant(py, t, self.cal.utc_offset())
    }

    /// The local date of an instant in the calendar's zone.
    ///
    /// Parameters
    /// ----------
    /// at : datetime.datetime
    ///     An aware datetime.
    ///
    /// Returns
    /// -------
    /// datetime.date
    ///
    /// Examples
    /// --------
    /// >>> xn.Calendar.china().local_date(dt.datetime(2026, 9, 30, 17, tzinfo=dt.timezone.utc))
    /// datetime.date(2026, 10, 1)
    fn local_date<'py>(&self, py: Python<'py>, at: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let t = instant(at, "at")?;
        py_naive_date(py, self.cal.local_date(t))
    }

    fn __repr__(&self) -> String {
        let r = self.cal.range();
        let name = match &self.cal.spec().name {
            Some(n) => format!("{n:?}"),
            None => "None".into(),
        };
        format!(
            "Calendar(name={name}, range={}..={}, utc_offset={})",
            r.start,
            r.end,
            self.cal.utc_offset()
        )
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> Py<PyAny> {
        let py = other.py();
        match other.cast::<PyCalendar>() {
            Ok(o) => eq_result(py, op, self.cal == o.get().cal),
            Err(_) => py.NotImplemented(),
        }
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let ctor = py.get_type::<PyCalendar>().getattr("from_json")?;
        Ok((ctor, (self.cal.to_json(),)))
    }
}
