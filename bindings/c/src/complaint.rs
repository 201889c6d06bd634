//! Efficiency complaints (效能投诉) for C: the record views by viewer. Commands go through
//! `xn_engine_execute` like every other; these functions only read.
//!
//! The complainant's identity is confidential: a complaint is seen whole by a supervisor and with the
//! complainant withheld (`"redacted": true`) by anyone else, an unknown viewer included; the list of
//! complainants is for supervisors outside the respondent unit only (`XN_ERR_FORBIDDEN`, field `viewer`, for anyone else).

use std::ffi::c_char;

use xiaoneng::{Complaint, Engine};

use crate::engine::xn_engine;
use crate::error::Failure;
use crate::ffi::{boundary, fill_buffer, to_json, xn_buffer};

use crate::error::xn_status;

/// A complaint as a JSON value, with its `state` (derived from the record, not stored).
fn complaint_value(c: &Complaint) -> Result<serde_json::Value, Failure> {
    let mut v = serde_json::to_value(c).map_err(Failure::json)?;
    if let serde_json::Value::Object(map) = &mut v {
        map.insert(
            "state".to_string(),
            serde_json::to_value(c.state()).map_err(Failure::json)?,
        );
    }
    Ok(v)
}

/// Every complaint as `viewer` may see it, sorted by complaint number.
fn complaints_for(engine: &Engine, viewer: &str) -> Vec<Complaint> {
    let mut ids: Vec<&str> = engine.complaints().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.into_iter()
        .filter_map(|id| engine.complaint_for(id, viewer))
        .collect()
}

/// An efficiency complaint (效能投诉) as `viewer` (a staff id) may see it, as JSON: `{"id", "state"
/// ("registered", "handling", "under_review", "closed", "declined", "merged"), "channel", "category",
/// "respondent", "subject", "complainant" ({"name", "contact"}; absent when anonymous or withheld),
/// "redacted" (present and `true` when the complainant was withheld from this copy), "registrar",
/// "repeat_of", "acceptance" (the acceptance limit's clock document), "tier", "handler", "handling"
/// (clock), "declined" (the reason), "merged_into", "finding", "responsible", "closed_at", "reply" (clock),
/// "returns", "reopenings", "acceptance_breached", "handling_breached", "reply_breached", "events",
/// "last_event_at", "faulted"}`; optional fields absent until set. A supervisor sees the complainant; any
/// other viewer (another role, an unknown or empty id) gets the record without them. Fills `*out` (free it
/// with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown complaint (``unknown `case` = T9: no complaint has this
/// number``, field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `complaint_id` is NULL or points to `complaint_len` readable
/// bytes; `viewer` is NULL or points to `viewer_len` readable bytes; `out` is NULL or points to writable
/// memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_complaint_json(
    engine: *const xn_engine,
    complaint_id: *const c_char,
    complaint_len: usize,
    viewer: *const c_char,
    viewer_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(complaint_id, complaint_len);
        let viewer = arg_str!(viewer, viewer_len);
        let c = e
            .engine()?
            .complaint_for(id, viewer)
            .ok_or_else(|| Failure::not_found("case", id, "no complaint has this number"))?;
        fill_buffer(out, to_json(&complaint_value(&c)?)?);
        Ok(())
    })
}

/// The register of complaints: every complaint as `viewer` may see it (as `xn_engine_complaint_json`),
/// a JSON array sorted by complaint number (byte order of the numbers); `[]` when there is none. Fills
/// `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `viewer` is NULL or points to `viewer_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_complaints_json(
    engine: *const xn_engine,
    viewer: *const c_char,
    viewer_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let viewer = arg_str!(viewer, viewer_len);
        let list = complaints_for(e.engine()?, viewer)
            .iter()
            .map(complaint_value)
            .collect::<Result<Vec<_>, _>>()?;
        fill_buffer(out, to_json(&list)?);
        Ok(())
    })
}

/// Every complainant of a complaint and of the duplicates merged into it, as a JSON array `[{"name",
/// "contact"}]` (the complaint's own first, then the merged ones by complaint number; `contact` absent
/// when none was given; `[]` for an anonymous complaint), for a supervisor only: the complainants'
/// identities are confidential. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_FORBIDDEN` when `viewer` is not a staff member with the `supervisor` role (field
/// `viewer`; checked first, so a refused viewer learns nothing of which numbers exist);
/// `XN_ERR_NOT_FOUND` for an unknown complaint (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `complaint_id` is NULL or points to `complaint_len` readable
/// bytes; `viewer` is NULL or points to `viewer_len` readable bytes; `out` is NULL or points to writable
/// memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_complainants_json(
    engine: *const xn_engine,
    complaint_id: *const c_char,
    complaint_len: usize,
    viewer: *const c_char,
    viewer_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(complaint_id, complaint_len);
        let viewer = arg_str!(viewer, viewer_len);
        fill_buffer(out, to_json(&e.engine()?.complainants_for(id, viewer)?)?);
        Ok(())
    })
}

/// The feedback sample (回访抽查) of `[from_unix, to_unix)` (Unix seconds): of the complaints closed in the
/// period with a named complainant, the policy's share (`complaints.feedback_per_mille`, rounded up),
/// drawn from `seed`, as a JSON array of complaint numbers in byte order. The same seed gives the same
/// sample from Rust (`Engine::feedback_sample`), C and Python. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_INVALID` (field `to`) for a period that ends before it starts; `XN_ERR_OUT_OF_RANGE`
/// for an instant that is not representable; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_feedback_sample_json(
    engine: *const xn_engine,
    from_unix: i64,
    to_unix: i64,
    seed: u64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let from = crate::calendar::instant_arg(from_unix, "from_unix")?;
        let to = crate::calendar::instant_arg(to_unix, "to_unix")?;
        fill_buffer(out, to_json(&e.engine()?.feedback_sample(from, to, seed)?)?);
        Ok(())
    })
}
