//! The violation register (问责台账) of an `xn_engine`: every violation of every record kind, queried by
//! period, rule, unit, person and record.

use std::ffi::c_char;

use xiaoneng::ViolationQuery;

use crate::engine::xn_engine;
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, to_json, xn_buffer};

/// The violation register selected by `query_json` as a JSON array of `violation` events, in sequence
/// order: each `{"seq", "at", "case" (the record), "type": "violation", "rule", "responsible", "post",
/// "acting", "unit", "unit_head", "detail", ...}` (the trace-back as of the breach; the event itself, by
/// `seq`, is the evidence). `query_json` is `{}` for all, or any of `{"from": instant, "to": instant,
/// "rule": "decision_overdue", "unit": "amr", "person": "s-rev", "record": "C1"}`: the period is
/// `[from, to)`, and a person is matched as the responsible one, the one acting for the post or the unit
/// head. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_PARSE` naming the field for malformed JSON, an unknown field or value;
/// `XN_ERR_INVALID` (field `to`) for a period that ends before it starts; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `query_json` is NULL or points to `query_len` readable
/// bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_violations_json(
    engine: *const xn_engine,
    query_json: *const c_char,
    query_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let text = arg_str!(query_json, query_len);
        let query = ViolationQuery::from_json(text)?;
        let found = e.engine()?.violations(&query)?;
        fill_buffer(out, to_json(&found)?);
        Ok(())
    })
}
