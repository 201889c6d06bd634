//! Inspections (明查暗访) and sealed inspection plans for C: the record views, what a plan drew against
//! what was done, and the coverage of the inspections the engine holds. Commands go through
//! `xn_engine_execute` like every other; these functions only read.

use std::ffi::c_char;

use xiaoneng::draw::CoverageRequest;
use xiaoneng::Inspection;

use crate::engine::xn_engine;
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, to_json, xn_buffer};

/// A record as a JSON value, with its derived `state` (not stored).
fn with_state(record: &impl serde::Serialize, state: &str) -> Result<serde_json::Value, Failure> {
    let mut v = serde_json::to_value(record).map_err(Failure::json)?;
    if let serde_json::Value::Object(map) = &mut v {
        map.insert("state".to_string(), state.into());
    }
    Ok(v)
}

/// An inspection as a JSON value, with its derived `state`.
fn inspection_value(i: &Inspection) -> Result<serde_json::Value, Failure> {
    with_state(i, i.state().as_str())
}

/// An inspection as JSON: `{"id", "unit", "mode" ("announced", "unannounced"), "inspectors", "plan",
/// "opener", "opened_at", "findings" ([{"number", "person", "problem", "rectify", "at", "reinspections":
/// [{"at", "by", "passed", "detail"}]}]), "closed_at", "summary", "events", "last_event_at", "state"
/// ("open", "reinspecting", "concluded"; derived)}`; optional fields absent until set. Fills `*out` (free it
/// with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown inspection (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `inspection_id` is NULL or points to `inspection_len`
/// readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_inspection_json(
    engine: *const xn_engine,
    inspection_id: *const c_char,
    inspection_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(inspection_id, inspection_len);
        let i = e
            .engine()?
            .inspection(id)
            .ok_or_else(|| Failure::not_found("case", id, "no inspection has this number"))?;
        fill_buffer(out, to_json(&inspection_value(i)?)?);
        Ok(())
    })
}

/// Every inspection (as `xn_engine_inspection_json`), a JSON array sorted by number (byte order); `[]`
/// when there is none. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_inspections_json(engine: *const xn_engine, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let mut all: Vec<&Inspection> = e.engine()?.inspections().collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let list = all.into_iter().map(inspection_value).collect::<Result<Vec<_>, _>>()?;
        fill_buffer(out, to_json(&list)?);
        Ok(())
    })
}

/// An inspection plan as JSON: `{"id", "period_start", "period_end", "commitment", "committed_by",
/// "committed_at", "revealed" ({"seed", "request", "by", "at"}, once revealed), "events", "last_event_at",
/// "state" ("sealed", "revealed"; derived)}`. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown plan (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `plan_id` is NULL or points to `plan_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_plan_json(
    engine: *const xn_engine,
    plan_id: *const c_char,
    plan_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(plan_id, plan_len);
        let p = e
            .engine()?
            .plan(id)
            .ok_or_else(|| Failure::not_found("case", id, "no inspection plan has this number"))?;
        fill_buffer(out, to_json(&with_state(p, p.state().as_str())?)?);
        Ok(())
    })
}

/// What inspection plan `plan_id` drew against what was done, as JSON: `{"plan", "state", "period_start",
/// "period_end", "commitment", "assignments" ([{"unit", "stratum", "inspectors"}], once revealed),
/// "carried_out" ([{"unit", "inspection"}]: inspections under the plan, of a unit drawn once revealed),
/// "missed" (units drawn that no inspection under the plan visited), "unplanned" (inspections under the
/// plan of a unit not drawn)}`. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown plan (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `plan_id` is NULL or points to `plan_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_plan_report_json(
    engine: *const xn_engine,
    plan_id: *const c_char,
    plan_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(plan_id, plan_len);
        let report = e.engine()?.plan_report(id)?;
        fill_buffer(out, to_json(&report)?);
        Ok(())
    })
}

/// The coverage check of `request_json` (`request_len` bytes of UTF-8, the form of `xn_draw_coverage_json`:
/// `{"units", "inspections" (optional), "from", "to", "period", "minimum"}`) with the engine's inspections
/// added, each on the local date it was opened. Fills `*out` with the report, as `xn_draw_coverage_json`
/// (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_PARSE` for malformed JSON or an unknown field (the field names it); `XN_ERR_INVALID`
/// and `XN_ERR_OUT_OF_RANGE` as `xn_draw_coverage_json`; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `request_json` is NULL or points to `request_len` readable
/// bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_inspection_coverage_json(
    engine: *const xn_engine,
    request_json: *const c_char,
    request_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let request = CoverageRequest::from_json(arg_str!(request_json, request_len))?;
        fill_buffer(out, e.engine()?.inspection_coverage(&request)?.to_json());
        Ok(())
    })
}
