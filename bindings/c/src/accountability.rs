//! Accountability (问责) for C: the matters with their proposals and decided sanctions, the state of a
//! registered violation, the filing report (备案) and the award bar. Commands (`open_matter`,
//! `decide_sanction`) go through `xn_engine_execute` like every other; these functions only read.

use std::ffi::c_char;

use xiaoneng::{Matter, RecordSubject};

use crate::engine::xn_engine;
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, to_json, xn_buffer};

/// A matter as a JSON value, with its `state` (derived, not stored).
fn matter_value(m: &Matter) -> Result<serde_json::Value, Failure> {
    let mut v = serde_json::to_value(m).map_err(Failure::json)?;
    if let serde_json::Value::Object(map) = &mut v {
        map.insert("state".to_string(), m.state().as_str().into());
    }
    Ok(v)
}

/// Every accountability matter (问责事项), a JSON array sorted by matter number (byte order): `[{"id",
/// "state" ("proposed", "decided"), "violation" (the registered violation's sequence number), "trigger"
/// ("media_exposure", "leader_instruction", "unresolved_complaint"), "detail", "opener", "facts" ({"id",
/// "kind", "severity", "person", "unit", "unit_head", "at"}), "proposal" ({"violation", "as_of", "rule",
/// "count", "outcome" ({"measures", "effects", "person_points", "unit_points"}), "derivation"}),
/// "sanction" (once decided: {"violation", "rule", "proposed", "outcome", "changed", "decided_by",
/// "decided_at", "reason", "note", "formal"}), "events", "last_event_at"}]`; optional fields absent until
/// set; `[]` when there is none. A proposal never takes effect: only `sanction` holds. Fills `*out` (free
/// it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_matters_json(engine: *const xn_engine, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let engine = e.engine()?;
        let mut all: Vec<&Matter> = engine.matters().collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let list = all.into_iter().map(matter_value).collect::<Result<Vec<_>, _>>()?;
        fill_buffer(out, to_json(&list)?);
        Ok(())
    })
}

/// The filing report (备案统计) of the sanctions decided on the local dates (+08:00) from day `start_day`
/// up to, not including, day `end_day` (day numbers, as `xn_date_to_day` gives them), as JSON: `{"period_start",
/// "period_end", "filings", "by_unit" ({unit: {"filings", "unit_head_accountable", "changed",
/// "by_measure"}}), "by_measure" ({measure: count})}`. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_INVALID` when `end_day` is before `start_day` (field `end`);
/// `XN_ERR_OUT_OF_RANGE` for a day that is not a representable date; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_filing_stats_json(
    engine: *const xn_engine,
    start_day: i64,
    end_day: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let start = crate::calendar::date_arg(start_day, "start_day")?;
        let end = crate::calendar::date_arg(end_day, "end_day")?;
        fill_buffer(out, to_json(&e.engine()?.filing_stats(start, end)?)?);
        Ok(())
    })
}

/// Whether `person` may not receive an award in `year` (评先评优): a sanction of theirs that holds carries
/// the `no_award_that_year` effect for that year. Writes `*out`.
///
/// Errors: `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `person` is NULL or points to `person_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_award_blocked(
    engine: *const xn_engine,
    person: *const c_char,
    person_len: usize,
    year: i32,
    out: *mut bool,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let person = arg_str!(person, person_len);
        put!(out, e.engine()?.award_blocked(person, year));
        Ok(())
    })
}

/// Where the registered violation with sequence number `seq` stands in accountability, as JSON text:
/// `"recorded"` (no matter opened on it), `"proposed"` (a sanction proposed, nothing in effect) or
/// `"decided"` (the sanction holds). Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` when no registered violation has this sequence number (field `seq`);
/// `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_register_state_json(
    engine: *const xn_engine,
    seq: u64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let state = e
            .engine()?
            .register_state(seq)
            .ok_or_else(|| Failure::not_found("seq", seq, "no registered violation has this sequence number"))?;
        fill_buffer(out, to_json(&state.as_str())?);
        Ok(())
    })
}

/// The record of a person or a unit (个人、单位问责记录) for the local dates (+08:00) from day `start_day` up
/// to, not including, day `end_day` (day numbers, as `xn_date_to_day` gives them), as JSON: `{"subject"
/// ({"kind": "person" or "unit", "id"}), "period_start", "period_end", "unit", "unit_head" (absent when the
/// unit has none), "by_rule" ({rule: count}), "unit_level", "violations" ([{"seq", "at", "rule",
/// "record", "person", "state" ("recorded", "proposed", "decided")}]), "matters" ([{"id", "opened_at",
/// "kind", "person", "unit", "violation", "state"}]), "sanctions" ([{"matter", "kind", "person", "unit",
/// "decided_at", "measures", "effects", "person_points", "unit_points", "changed"}]), "person_points",
/// "unit_points", "awards" ([{"year", "blocked", "persons"}])}`. `kind` is `"person"` (what the staff
/// member `id` is the responsible person of) or `"unit"` (what is traced to the unit `id`, whoever the
/// person). What each figure counts: docs/metrics.md, "A person's and a unit's record". Fills `*out`
/// (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_INVALID` for a `kind` other than `"person"` or `"unit"` (field `kind`) and when
/// `end_day` is not after `start_day` (field `end`); `XN_ERR_NOT_FOUND` for an unknown id (field
/// `person` or `unit`); `XN_ERR_OUT_OF_RANGE` for a day that is not a representable date; `XN_ERR_UTF8`;
/// `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `kind` and `id` are NULL or point to `kind_len` and
/// `id_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn xn_engine_record_json(
    engine: *const xn_engine,
    kind: *const c_char,
    kind_len: usize,
    id: *const c_char,
    id_len: usize,
    start_day: i64,
    end_day: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let kind = arg_str!(kind, kind_len);
        let id = arg_str!(id, id_len);
        let subject = match kind {
            "person" => RecordSubject::Person(id.to_string()),
            "unit" => RecordSubject::Unit(id.to_string()),
            other => return Err(Failure::invalid("kind", other, "`person` or `unit`")),
        };
        let start = crate::calendar::date_arg(start_day, "start_day")?;
        let end = crate::calendar::date_arg(end_day, "end_day")?;
        fill_buffer(out, to_json(&e.engine()?.record(&subject, start, end)?)?);
        Ok(())
    })
}
