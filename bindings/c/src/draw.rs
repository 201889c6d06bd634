//! Draws for C: the feedback sample, the inspection plan with its commitment, the verification of a
//! revealed plan and the coverage check, JSON in and JSON out (docs/rules.md, "Inspection draws and
//! feedback sampling"; docs/c-abi.md, "Draws"). The JSON forms are the core's, the same from Rust and
//! Python, so the same seed gives the same bytes on every surface.

use std::ffi::c_char;

use xiaoneng::draw::{CoverageRequest, InspectionRequest, PlanCheck, SampleRequest};

use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, to_json, xn_buffer};

/// A seeded sample, without replacement, of the ids of `request_json` (`request_len` bytes of UTF-8:
/// `{"ids": ["T-01", ...], "rate_per_mille": 300}`) at the rate, with `seed`: `ceil(rate × n / 1000)` ids
/// (at least one when there are ids and the rate is not 0), the same for the same set of ids and seed
/// whatever their order. Fills `*out` with the sample as a JSON array of ids, sorted (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_PARSE` for malformed JSON or an unknown field (the field names it);
/// `XN_ERR_INVALID` for a rate above 1000 (`rate_per_mille`) or an id given twice or empty (`ids[k]`);
/// `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `request_json` is NULL or points to `request_len` readable bytes; `out` is NULL or points to writable
/// memory.
#[no_mangle]
pub unsafe extern "C" fn xn_draw_sample_json(
    request_json: *const c_char,
    request_len: usize,
    seed: u64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let request = SampleRequest::from_json(arg_str!(request_json, request_len))?;
        let picked = request.draw(seed)?;
        fill_buffer(out, to_json(&picked)?);
        Ok(())
    })
}

/// Draws a period's inspection plan from `request_json` (`request_len` bytes of UTF-8) with `seed`.
///
/// The request: `{"units": [{"id", "stratum", "exclude_inspectors": [..] (optional)}], "inspectors":
/// [{"id", "unit"}], "strata": {"high": 2, ...} (units to draw per stratum), "team_size": 2,
/// "inspected_last_period": [..] (optional)}`. Fills `*out` with the plan (free it with
/// `xn_buffer_free`): `{"seed", "assignments": [{"unit", "stratum", "inspectors": [..]}] (by unit id),
/// "commitment": "<SHA-256, lowercase hex>"}`. Record the commitment before the period; reveal the seed
/// and the plan after it (`xn_draw_verify_plan_json`).
///
/// Errors: `XN_ERR_PARSE` for malformed JSON or an unknown field (the field names it, e.g.
/// `units[0].risk`); `XN_ERR_INVALID` when the plan cannot be drawn: `team_size` 0, an id given twice
/// (`units[k].id`, `inspectors[k].id`), a stratum asking for more units than it has eligible
/// (`strata.<name>`), a unit drawn that cannot have a full team (`units[k]`, the value its id, the
/// reason why); `XN_ERR_NOT_FOUND` for an exclusion naming no inspector
/// (`units[k].exclude_inspectors[j]`) or an unknown unit inspected last period
/// (`inspected_last_period[j]`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `request_json` is NULL or points to `request_len` readable bytes; `out` is NULL or points to writable
/// memory.
#[no_mangle]
pub unsafe extern "C" fn xn_draw_inspection_plan_json(
    request_json: *const c_char,
    request_len: usize,
    seed: u64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let request = InspectionRequest::from_json(arg_str!(request_json, request_len))?;
        fill_buffer(out, request.draw(seed)?.to_json());
        Ok(())
    })
}

/// Verifies a revealed inspection plan: `check_json` (`check_len` bytes of UTF-8) is `{"request": {..}
/// (as drawn from), "seed": S (revealed), "assignments": [..] (revealed), "commitment": "<hex recorded
/// before the period>"}`. `XN_OK` when the plan is the one the seed draws from the request and the
/// commitment is its SHA-256.
///
/// Errors: `XN_ERR_CORRUPT` when it is not: field `assignments[k]` (the first assignment that differs,
/// its unit as value), `assignments` (another number of units) or `commitment`; `XN_ERR_PARSE` for
/// malformed JSON or an unknown field; the errors of `xn_draw_inspection_plan_json` for a request that
/// cannot be drawn from; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `check_json` is NULL or points to `check_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn xn_draw_verify_plan_json(check_json: *const c_char, check_len: usize) -> xn_status {
    boundary(|| {
        let check = PlanCheck::from_json(arg_str!(check_json, check_len))?;
        check.verify()?;
        Ok(())
    })
}

/// The units inspected fewer times than a minimum per calendar period. `request_json` (`request_len`
/// bytes of UTF-8): `{"units": [..], "inspections": [{"unit", "date": "YYYY-MM-DD"}], "from":
/// "YYYY-MM-DD", "to": "YYYY-MM-DD" (inclusive), "period": "month" | "quarter", "minimum": 1}`. Only the
/// whole calendar periods inside the span are checked. Fills `*out` (free it with `xn_buffer_free`) with
/// `{"periods": [{"label": "2026-Q1", "start", "end"}], "below": [{"unit", "period", "start", "end",
/// "count", "minimum"}] (by unit id, then period)}`.
///
/// Errors: `XN_ERR_PARSE` for malformed JSON, an unknown field or a bad date (the field names it);
/// `XN_ERR_INVALID` for `minimum` 0, `to` before `from`, a unit given twice (`units[k]`);
/// `XN_ERR_NOT_FOUND` for an inspection of a unit not listed (`inspections[k].unit`);
/// `XN_ERR_OUT_OF_RANGE` for a span of more than 2,400 periods (`to`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `request_json` is NULL or points to `request_len` readable bytes; `out` is NULL or points to writable
/// memory.
#[no_mangle]
pub unsafe extern "C" fn xn_draw_coverage_json(
    request_json: *const c_char,
    request_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let request = CoverageRequest::from_json(arg_str!(request_json, request_len))?;
        fill_buffer(out, request.check()?.to_json());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::last_error_message as last_error;

    #[test]
    fn sample_from_c() {
        let req = r#"{"ids": ["T-03", "T-01", "T-02"], "rate_per_mille": 400}"#;
        let mut out = xn_buffer {
            data: std::ptr::null_mut(),
            len: 0,
        };
        // SAFETY: valid pointers and lengths.
        let st = unsafe { xn_draw_sample_json(req.as_ptr().cast(), req.len(), 1, &mut out) };
        assert_eq!(st, xn_status::XN_OK, "{}", last_error());
        // SAFETY: filled by the call.
        unsafe { crate::ffi::xn_buffer_free(&mut out) };
        // SAFETY: NULL request.
        let st = unsafe { xn_draw_sample_json(std::ptr::null(), 0, 1, &mut out) };
        assert_eq!(st, xn_status::XN_ERR_NULL);
    }
}
