//! Pledges (承诺: rectification pledges, supervised items, key projects, target pledges) for C: the record
//! views with their status at an instant. Commands go through `xn_engine_execute` like every other; these
//! functions only read.

use std::ffi::c_char;

use chrono::{DateTime, Datelike, Utc};

use xiaoneng::{Pledge, PledgeStatus};

use crate::engine::xn_engine;
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, to_json, xn_buffer};

/// The instant `at_unix` of a view: representable (else `XN_ERR_OUT_OF_RANGE`) and in the supported years
/// 0001-9999 (else `XN_ERR_INVALID`), both naming `at_unix`.
fn at_arg(at_unix: i64) -> Result<DateTime<Utc>, Failure> {
    let at = crate::calendar::instant_arg(at_unix, "at_unix")?;
    if !(1..=9999).contains(&at.year()) {
        return Err(Failure::invalid(
            "at_unix",
            at_unix,
            "outside the supported years 0001-9999",
        ));
    }
    Ok(at)
}

/// A pledge as a JSON value, with its `state` and its `status` at the instant asked about (both derived,
/// not stored).
fn pledge_value(p: &Pledge, status: PledgeStatus) -> Result<serde_json::Value, Failure> {
    let mut v = serde_json::to_value(p).map_err(Failure::json)?;
    if let serde_json::Value::Object(map) = &mut v {
        map.insert("state".to_string(), p.state().as_str().into());
        map.insert("status".to_string(), status.as_str().into());
    }
    Ok(v)
}

/// A pledge as JSON, with its status at `at_unix` (seconds since the Unix epoch): `{"id", "kind"
/// ("rectification", "supervised", "key_project", "target"), "state" ("ordered", "open", "completed",
/// "kept"), "status" ("on_track", "at_risk", "overdue", "kept", "broken"; derived at `at_unix`, never
/// stored), "unit", "source", "source_ref", "problem", "orderer", "signing" (clock), "measures",
/// "responsible", "leader", "standard", "deadline" (clock), "milestones" ([{"title", "clock",
/// "reached_at", "breached"}]), "in_place", "reports", "completed_at", "completed_by", "evidence",
/// "verified_at", "verified_by", "failed_verifications", "signing_breached", "deadline_breached",
/// "breaches", "events", "last_event_at", "faulted"}`; optional fields absent until set. Fills `*out` (free
/// it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown pledge (field `case`); `XN_ERR_INVALID` for an instant outside
/// the supported years 0001-9999 (field `at_unix`); `XN_ERR_OUT_OF_RANGE` for a value that is no instant
/// (field `at_unix`) and for an instant or deadline beyond the calendar's covered range (the value names the
/// date); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `pledge_id` is NULL or points to `pledge_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_pledge_json(
    engine: *const xn_engine,
    pledge_id: *const c_char,
    pledge_len: usize,
    at_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(pledge_id, pledge_len);
        let at = at_arg(at_unix)?;
        let engine = e.engine()?;
        let status = engine.pledge_status(id, at)?;
        let p = engine
            .pledge(id)
            .ok_or_else(|| Failure::not_found("case", id, "no pledge has this number"))?;
        fill_buffer(out, to_json(&pledge_value(p, status)?)?);
        Ok(())
    })
}

/// The register of pledges: every pledge with its status at `at_unix` (as `xn_engine_pledge_json`), a
/// JSON array sorted by pledge number (byte order); `[]` when there is none. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_INVALID` for an instant outside the supported years 0001-9999 (field `at_unix`), even
/// with no pledge; `XN_ERR_OUT_OF_RANGE` for a value that is no instant (field `at_unix`) and for an
/// instant or deadline beyond the calendar's covered range; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_pledges_json(
    engine: *const xn_engine,
    at_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let at = at_arg(at_unix)?;
        let list = e
            .engine()?
            .pledges_at(at)?
            .into_iter()
            .map(|(p, s)| pledge_value(p, s))
            .collect::<Result<Vec<_>, _>>()?;
        fill_buffer(out, to_json(&list)?);
        Ok(())
    })
}

/// A key project's or target pledge's evaluation for `period` (`period_len` bytes of UTF-8, e.g.
/// `2026-Q4`) by the policy's rater groups, as JSON: `{"pledge", "period", "groups": [{"name", "label",
/// "weight", "raters", "mean"}], "score", "complete"}`, each `mean` and the `score` a decimal string with two
/// decimals (half to even) or null when nobody rated; `score` is the weighted mean of the groups that rated,
/// `complete` false while some group has not (a provisional score). Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown pledge (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `pledge_id` is NULL or points to `pledge_len` readable bytes;
/// `period` is NULL or points to `period_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_pledge_evaluation_json(
    engine: *const xn_engine,
    pledge_id: *const c_char,
    pledge_len: usize,
    period: *const c_char,
    period_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(pledge_id, pledge_len);
        let period = arg_str!(period, period_len);
        let evaluation = e.engine()?.pledge_evaluation(id, period)?;
        fill_buffer(out, to_json(&evaluation)?);
        Ok(())
    })
}
