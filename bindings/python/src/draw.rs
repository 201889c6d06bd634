//! Draws for Python (private functions `_draw_*` of `xiaoneng._native`; the public API is the pure-Python
//! module `xiaoneng.draw`, which wraps them with keyword arguments): the feedback sample, the inspection plan with its commitment, its verification and
//! the coverage check. Requests are read from dicts
//! (or their JSON text) into the core's JSON forms, so the same seed gives the same result as from Rust
//! and C.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use serde::de::DeserializeOwned;

use xiaoneng::draw::{CoverageRequest, InspectionRequest, PlanCheck, SampleRequest};

use crate::convert::{shown, str_arg, type_name};
use crate::engine::run;
use crate::errors::{self, invalid};
use crate::frompy;
use crate::topy::plain;

/// A seed argument: an `int` in 0 ..= 2**64 - 1.
pub(crate) fn seed_arg(obj: &Bound<'_, PyAny>) -> PyResult<u64> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(invalid(
            "seed",
            shown(obj),
            format!("must be an int, got {}", type_name(obj)),
        ));
    }
    obj.extract::<u64>()
        .map_err(|_| errors::out_of_range("seed", shown(obj), "must be 0 ..= 18446744073709551615"))
}

/// A request given as a dict (or its JSON text) read into `T` by the core's JSON reader, so that an
/// unknown or mistyped field is a `ParseError` naming its path.
pub(crate) fn request_arg<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    name: &str,
    read: fn(&str) -> xiaoneng::Result<T>,
) -> PyResult<T> {
    let text = if obj.is_instance_of::<PyString>() {
        str_arg(obj, name)?.to_string()
    } else if obj.is_instance_of::<PyDict>() {
        frompy::to_value(obj, name)?.to_string()
    } else {
        return Err(invalid(
            name,
            shown(obj),
            format!("must be a dict or its JSON text, got {}", type_name(obj)),
        ));
    };
    read(&text).map_err(errors::core)
}

/// A seeded sample of ``ids`` without replacement at ``rate_per_mille`` (0-1000): ``ceil(rate × n /
/// 1000)`` ids, at least one when there are ids and the rate is not 0, sorted. The ids are sorted before
/// the draw, so the same set and seed give the same sample in any order (``xiaoneng.draw.sample``).
///
/// Raises
/// ------
/// InvalidInputError
///     An id given twice or empty (``ids[k]``), a rate above 1000, a seed that is not an int.
#[pyfunction]
#[pyo3(name = "_draw_sample")]
pub fn draw_sample<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    rate_per_mille: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let seed = seed_arg(seed)?;
    let request = SampleRequest {
        ids: serde_json::from_value(frompy::to_value(ids, "ids")?)
            .map_err(|e| invalid("ids", shown(ids), format!("must be a list of str: {e}")))?,
        rate_per_mille: serde_json::from_value(frompy::to_value(rate_per_mille, "rate_per_mille")?).map_err(|_| {
            invalid(
                "rate_per_mille",
                shown(rate_per_mille),
                "must be an int 0 ..= 1000 (per mille)",
            )
        })?,
    };
    let picked = run(py, move || request.draw(seed))?;
    plain(py, &picked)
}

/// Draws a period's inspection plan from ``request`` (a dict, or its JSON text: ``units``,
/// ``inspectors``, ``strata``, ``team_size``, ``inspected_last_period``; docs/python.md) with ``seed``:
/// ``{"seed", "assignments": [{"unit", "stratum", "inspectors"}], "commitment"}``
/// (``xiaoneng.draw.inspection_plan``).
///
/// Raises
/// ------
/// ParseError
///     A malformed request or an unknown field (the field named).
/// InvalidInputError
///     The plan cannot be drawn: the unit (``units[k]``) or stratum (``strata.<name>``) named, and why.
/// NotFoundError
///     An exclusion naming no inspector, an unknown unit inspected last period.
#[pyfunction]
#[pyo3(name = "_draw_inspection_plan")]
pub fn draw_inspection_plan<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let seed = seed_arg(seed)?;
    let request = request_arg(request, "request", InspectionRequest::from_json)?;
    let plan = run(py, move || request.draw(seed))?;
    plain(py, &plan)
}

/// Verifies a revealed plan: ``check`` is ``{"request", "seed", "assignments", "commitment"}`` (the
/// commitment as recorded before the period), a dict or its JSON text. Returns ``None`` when the plan is
/// the seed's and the commitment its SHA-256 (``xiaoneng.draw.verify_plan``).
///
/// Raises
/// ------
/// CorruptError
///     The plan is not the seed's (``assignments[k]``, ``assignments``) or the commitment differs
///     (``commitment``).
/// ParseError
///     A malformed check or an unknown field.
#[pyfunction]
#[pyo3(name = "_draw_verify_plan")]
pub fn draw_verify_plan(py: Python<'_>, check: &Bound<'_, PyAny>) -> PyResult<()> {
    let check = request_arg(check, "check", PlanCheck::from_json)?;
    run(py, move || check.verify())
}

/// The units inspected fewer than ``minimum`` times per whole calendar ``period`` (``"month"`` or
/// ``"quarter"``) inside ``from`` ..= ``to``: ``{"periods": [{"label", "start", "end"}], "below":
/// [{"unit", "period", "start", "end", "count", "minimum"}]}``, dates as ISO text
/// (``xiaoneng.draw.coverage`` gives ``datetime.date``).
///
/// Raises
/// ------
/// ParseError
///     A malformed request, an unknown field, a bad date.
/// InvalidInputError
///     ``minimum`` 0, ``to`` before ``from``, a unit given twice.
/// NotFoundError
///     An inspection of a unit not listed (``inspections[k].unit``).
#[pyfunction]
#[pyo3(name = "_draw_coverage")]
pub fn draw_coverage<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let request = request_arg(request, "request", CoverageRequest::from_json)?;
    let report = run(py, move || request.check())?;
    plain(py, &report)
}
