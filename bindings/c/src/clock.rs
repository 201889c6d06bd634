//! Time-limit clocks for C: the `xn_clock` handle and its commands (pause, resume, extend, complete),
//! its status as JSON or as the typed `xn_clock_info`, and the pause-kind enumeration.

use std::ffi::c_char;

use xiaoneng::{day_number, Clock, ClockState, ClockStatus, Document, Extension, PauseKind, Signal, Tick, TimeUnit};

use crate::calendar::{instant_arg, xn_calendar};
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, free_handle, new_handle, xn_buffer};

// ---------------------------------------------------------------------------------------------------
// Pause kinds (validated: an unknown value is XN_ERR_INVALID)
// ---------------------------------------------------------------------------------------------------

/// Why a clock is paused (行政许可法 art. 45: periods not counted). One of the `XN_PAUSE_*` values;
/// any other value is rejected with `XN_ERR_INVALID`. In `xn_clock_info.paused_kind`, -1 means
/// "not paused".
pub type xn_pause_kind = i32;
/// Awaiting the applicant's corrected materials (补正). JSON `"correction"`.
pub const XN_PAUSE_CORRECTION: xn_pause_kind = 0;
/// A hearing (听证). JSON `"hearing"`.
pub const XN_PAUSE_HEARING: xn_pause_kind = 1;
/// Tendering (招标). JSON `"tendering"`.
pub const XN_PAUSE_TENDERING: xn_pause_kind = 2;
/// An auction (拍卖). JSON `"auction"`.
pub const XN_PAUSE_AUCTION: xn_pause_kind = 3;
/// Inspection, testing or quarantine (检验、检测、检疫). JSON `"inspection"`.
pub const XN_PAUSE_INSPECTION: xn_pause_kind = 4;
/// Appraisal (鉴定). JSON `"appraisal"`.
pub const XN_PAUSE_APPRAISAL: xn_pause_kind = 5;
/// Expert review (专家评审). JSON `"expert_review"`.
pub const XN_PAUSE_EXPERT_REVIEW: xn_pause_kind = 6;
/// Another excluded period named by law or policy. JSON `"other"`.
pub const XN_PAUSE_OTHER: xn_pause_kind = 7;

const PAUSE_KINDS: [PauseKind; 8] = [
    PauseKind::Correction,
    PauseKind::Hearing,
    PauseKind::Tendering,
    PauseKind::Auction,
    PauseKind::Inspection,
    PauseKind::Appraisal,
    PauseKind::ExpertReview,
    PauseKind::Other,
];

fn pause_kind(v: xn_pause_kind) -> Result<PauseKind, Failure> {
    usize::try_from(v)
        .ok()
        .and_then(|i| PAUSE_KINDS.get(i).copied())
        .ok_or_else(|| {
            Failure::invalid(
                "kind",
                v,
                "not an xn_pause_kind (0..=7, XN_PAUSE_CORRECTION..XN_PAUSE_OTHER)",
            )
        })
}

fn pause_kind_value(k: PauseKind) -> xn_pause_kind {
    match k {
        PauseKind::Correction => XN_PAUSE_CORRECTION,
        PauseKind::Hearing => XN_PAUSE_HEARING,
        PauseKind::Tendering => XN_PAUSE_TENDERING,
        PauseKind::Auction => XN_PAUSE_AUCTION,
        PauseKind::Inspection => XN_PAUSE_INSPECTION,
        PauseKind::Appraisal => XN_PAUSE_APPRAISAL,
        PauseKind::ExpertReview => XN_PAUSE_EXPERT_REVIEW,
        PauseKind::Other => XN_PAUSE_OTHER,
    }
}

// ---------------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------------

/// A time-limit clock (时限): a limit (working/natural days or hours) started at an instant, with its
/// pauses, extensions and completion. Everything else (deadline, used, signal) is derived on demand
/// from a calendar and "now" (`xn_clock_status`), so a corrected calendar recomputes it.
///
/// Opaque. Create with `xn_clock_from_json`; free with `xn_clock_free`. Mutable: a handle must not be
/// used by two threads at once (lock it yourself, or use one handle per thread); different handles are
/// independent. A failed command (pause, resume, extend, complete) changes nothing.
pub struct xn_clock {
    clock: Clock,
}

/// Reads a clock from its JSON document, e.g.
/// `{"schema": 1, "limit": {"unit": "working_days", "amount": 20}, "started_at": "2026-09-29T10:00:00+08:00",
/// "extension_rule": {"max_count": 1, "max_total": 10}, "signals": {"reminder_before": {"unit":
/// "working_days", "amount": 3}}}`. Optional fields: `pledged`, `start_rule` (`"next_day"`/`"same_day"`),
/// `deadline_end` (`"end_of_day"`/`"close_of_office"`), `extension_rule`, `signals`, and what was recorded:
/// `pauses`, `extensions`, `completed_at`. Units: `working_days`, `natural_days`, `working_hours`,
/// `natural_hours`. On success `*out` is a new handle; free it with `xn_clock_free`.
///
/// Errors: `XN_ERR_PARSE` naming the field path; `XN_ERR_INVALID` for an inconsistent document (events
/// out of order, a pledged limit above the statutory one, ...), naming the field.
///
/// # Safety
///
/// `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_from_json(
    json: *const c_char,
    json_len: usize,
    out: *mut *mut xn_clock,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(json, json_len);
        let clock = Clock::from_json(text)?;
        new_handle(out, xn_clock { clock });
        Ok(())
    })
}

/// The clock as JSON (configuration and everything recorded); `xn_clock_from_json` reads it back
/// unchanged. Persist this. Fills `*out` (free it with `xn_buffer_free`).
///
/// # Safety
///
/// `clock` is NULL or a live clock handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_to_json(clock: *const xn_clock, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let k = arg_ref!(clock);
        check_out!(out);
        fill_buffer(out, k.clock.to_json());
        Ok(())
    })
}

/// Frees a clock handle. NULL is fine (nothing happens).
///
/// # Safety
///
/// `clock` is NULL or a live handle from this library, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_free(clock: *mut xn_clock) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(clock) }
}

/// Stops the clock at `at_unix` for an excluded period (art. 45) or a correction. `note` (free text,
/// e.g. the written notice) may be NULL with `note_len` 0; an empty note is no note. The day a pause
/// starts counts; counting resumes the day after it ends.
///
/// Errors: `XN_ERR_INVALID` for an unknown `kind`; `XN_ERR_STATE` when completed, already paused, or
/// `at_unix` is earlier than the last recorded event. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread); `note` is NULL or points to
/// `note_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_pause(
    clock: *mut xn_clock,
    kind: xn_pause_kind,
    at_unix: i64,
    note: *const c_char,
    note_len: usize,
) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let kind = pause_kind(kind)?;
        let at = instant_arg(at_unix, "at_unix")?;
        let note = if note_len == 0 {
            None
        } else {
            Some(arg_str!(note, note_len).to_string())
        };
        k.clock.pause(kind, at, note)?;
        Ok(())
    })
}

/// Restarts a paused clock at `at_unix`.
///
/// Errors: `XN_ERR_STATE` when not paused ("cannot resume: the clock is not paused"), completed, or
/// `at_unix` is earlier than the last recorded event. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread).
#[no_mangle]
pub unsafe extern "C" fn xn_clock_resume(clock: *mut xn_clock, at_unix: i64) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let at = instant_arg(at_unix, "at_unix")?;
        k.clock.resume(at)?;
        Ok(())
    })
}

/// Extends the limit (and the pledged limit) by `amount` units of the limit's unit at `at_unix`
/// (延期, art. 42: once, by 10 working days, approved by the unit's leader and told to the applicant
/// with a reason). `approver` (a staff id) and `reason` are required, non-blank UTF-8. `cal` is used to
/// check the limit has not expired at `at_unix`.
///
/// Errors: `XN_ERR_INVALID` when the clock's extension rule forbids it (count or total) or approver or
/// reason is blank; `XN_ERR_STATE` when completed, out of time order, or already expired;
/// `XN_ERR_OUT_OF_RANGE` when the calendar does not cover the dates needed. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread); `cal` is NULL or a live
/// calendar handle; `approver`/`reason` are NULL or point to `approver_len`/`reason_len` readable bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn xn_clock_extend(
    clock: *mut xn_clock,
    cal: *const xn_calendar,
    at_unix: i64,
    amount: u32,
    approver: *const c_char,
    approver_len: usize,
    reason: *const c_char,
    reason_len: usize,
) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let c = arg_ref!(cal);
        let at = instant_arg(at_unix, "at_unix")?;
        let approver = arg_str!(approver, approver_len).to_string();
        let reason = arg_str!(reason, reason_len).to_string();
        k.clock.extend(
            &c.cal,
            Extension {
                at,
                amount,
                approver,
                reason,
            },
        )?;
        Ok(())
    })
}

/// Completes the clock at `at_unix` (the decision, or the step, is done).
///
/// Errors: `XN_ERR_STATE` when already completed, paused (resume first), or `at_unix` is earlier than
/// the last recorded event. On error the clock is unchanged.
///
/// # Safety
///
/// `clock` is NULL or a live clock handle (not in use by another thread).
#[no_mangle]
pub unsafe extern "C" fn xn_clock_complete(clock: *mut xn_clock, at_unix: i64) -> xn_status {
    boundary(|| {
        let k = arg_mut!(clock);
        let at = instant_arg(at_unix, "at_unix")?;
        k.clock.complete(at)?;
        Ok(())
    })
}

fn clock_status(clock: *const xn_clock, cal: *const xn_calendar, now_unix: i64) -> Result<ClockStatus, Failure> {
    let k = arg_ref!(clock);
    let c = arg_ref!(cal);
    let now = instant_arg(now_unix, "now_unix")?;
    Ok(k.clock.status(&c.cal, now)?)
}

/// Everything the clock says at `now_unix` as JSON: `at`, `state`, `signal`, `deadline`, `deadline_date`,
/// `statutory_deadline`, `statutory_deadline_date`, `unit`, `tick`, `budget`, `used`, `remaining`,
/// `share_used` (a decimal string), `extensions`, and when present `paused`, `reminder_at`, `red_at`,
/// `next_change`, plus `derivation`: the steps that produced the deadline (start, counted spans, pauses,
/// extensions, the final count). Instants are RFC 3339 in the calendar's zone. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` when a date needed is not covered by `cal`; `XN_ERR_INVALID` for a
/// working-hours clock on a calendar without office hours.
///
/// # Safety
///
/// `clock`, `cal` are NULL or live handles; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_status_json(
    clock: *const xn_clock,
    cal: *const xn_calendar,
    now_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let st = clock_status(clock, cal, now_unix)?;
        fill_buffer(out, st.to_json());
        Ok(())
    })
}

/// State of a clock at an instant.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum xn_clock_state {
    /// The instant is before the start (未开始).
    XN_STATE_NOT_STARTED = 0,
    /// Counting, deadline not reached (计时中).
    XN_STATE_RUNNING = 1,
    /// Stopped by a pause (暂停计时); see `paused_kind`.
    XN_STATE_PAUSED = 2,
    /// Deadline passed, not completed (已超期).
    XN_STATE_OVERDUE = 3,
    /// Completed before the deadline (按时办结).
    XN_STATE_COMPLETED_ON_TIME = 4,
    /// Completed at or after the deadline (超期办结).
    XN_STATE_COMPLETED_LATE = 5,
}

/// E-supervision signal (电子监察信号), in increasing severity.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum xn_signal {
    /// Nothing to signal (正常).
    XN_SIGNAL_NONE = 0,
    /// Reminder (预警): the deadline is near.
    XN_SIGNAL_REMINDER = 1,
    /// Yellow card (黄牌): overdue.
    XN_SIGNAL_YELLOW = 2,
    /// Red card (红牌): overdue past the further limit or the statutory deadline.
    XN_SIGNAL_RED = 3,
}

/// The unit a limit is counted in.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum xn_time_unit {
    /// Working days (工作日). JSON `"working_days"`.
    XN_UNIT_WORKING_DAYS = 0,
    /// Natural days (自然日). JSON `"natural_days"`.
    XN_UNIT_NATURAL_DAYS = 1,
    /// Hours of office time on working days (工作小时). JSON `"working_hours"`.
    XN_UNIT_WORKING_HOURS = 2,
    /// Natural hours (小时). JSON `"natural_hours"`.
    XN_UNIT_NATURAL_HOURS = 3,
}

/// What `budget`, `used` and `remaining` of a status count.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum xn_tick {
    /// Whole days (day units).
    XN_TICK_DAY = 0,
    /// Seconds (hour units).
    XN_TICK_SECOND = 1,
}

/// What a clock says at an instant, filled by `xn_clock_status` (C cannot name a type like a function,
/// hence `_info`). Instants are Unix seconds, days are day numbers.
/// The `has_*` flags say whether the field after them is meaningful (it is 0 when not).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct xn_clock_info {
    /// State at the instant asked about.
    pub state: xn_clock_state,
    /// E-supervision signal at that instant.
    pub signal: xn_signal,
    /// The supervised deadline (the pledged one when there is one): an act at or after it is late.
    /// While paused, the deadline if counting resumed at the instant asked about.
    pub deadline_unix: i64,
    /// The last day of the supervised limit (local date, day number).
    pub deadline_day: i64,
    /// The statutory deadline (法定时限); equal to `deadline_unix` without a pledged limit.
    pub statutory_deadline_unix: i64,
    /// The last day of the statutory limit.
    pub statutory_deadline_day: i64,
    /// The limit's unit.
    pub unit: xn_time_unit,
    /// What `budget`, `used`, `remaining` count: days, or seconds for hour units.
    pub tick: xn_tick,
    /// The supervised limit plus extensions granted, in ticks.
    pub budget: i64,
    /// Ticks counted so far (the current day included for day units); more than `budget` when overdue.
    pub used: i64,
    /// `budget - used`; negative when overdue.
    pub remaining: i64,
    /// Share of the budget used in basis points: `used / budget` (rounded half-up to 4 places) x 10000,
    /// e.g. 3500 = 35 %. 10000 once started with a zero budget; 0 before the start.
    pub share_used_bp: i64,
    /// Extensions granted so far.
    pub extensions: u32,
    /// The open pause's kind (an `xn_pause_kind`) when the state is `XN_STATE_PAUSED`, else -1.
    pub paused_kind: i32,
    /// Whether the policy has a reminder; `reminder_unix` is when it starts.
    pub has_reminder: bool,
    /// When the reminder (预警) starts.
    pub reminder_unix: i64,
    /// Whether a red card is defined; `red_unix` is when it comes.
    pub has_red: bool,
    /// When the red card (红牌) comes.
    pub red_unix: i64,
    /// Whether anything changes later without a new command; `next_change_unix` is when.
    pub has_next_change: bool,
    /// The next instant after the one asked about at which state or signal changes (for timers).
    pub next_change_unix: i64,
}

fn typed_status(st: &ClockStatus) -> xn_clock_info {
    use xn_clock_state::*;
    let state = match st.state {
        ClockState::NotStarted => XN_STATE_NOT_STARTED,
        ClockState::Running => XN_STATE_RUNNING,
        ClockState::Paused => XN_STATE_PAUSED,
        ClockState::Overdue => XN_STATE_OVERDUE,
        ClockState::CompletedOnTime => XN_STATE_COMPLETED_ON_TIME,
        ClockState::CompletedLate => XN_STATE_COMPLETED_LATE,
    };
    let signal = match st.signal {
        Signal::None => xn_signal::XN_SIGNAL_NONE,
        Signal::Reminder => xn_signal::XN_SIGNAL_REMINDER,
        Signal::Yellow => xn_signal::XN_SIGNAL_YELLOW,
        Signal::Red => xn_signal::XN_SIGNAL_RED,
    };
    let unit = match st.unit {
        TimeUnit::WorkingDays => xn_time_unit::XN_UNIT_WORKING_DAYS,
        TimeUnit::NaturalDays => xn_time_unit::XN_UNIT_NATURAL_DAYS,
        TimeUnit::WorkingHours => xn_time_unit::XN_UNIT_WORKING_HOURS,
        TimeUnit::NaturalHours => xn_time_unit::XN_UNIT_NATURAL_HOURS,
    };
    let tick = match st.tick {
        Tick::Day => xn_tick::XN_TICK_DAY,
        Tick::Second => xn_tick::XN_TICK_SECOND,
    };
    let opt = |t: Option<chrono::DateTime<chrono::FixedOffset>>| (t.is_some(), t.map_or(0, |t| t.timestamp()));
    let (has_reminder, reminder_unix) = opt(st.reminder_at);
    let (has_red, red_unix) = opt(st.red_at);
    let (has_next_change, next_change_unix) = opt(st.next_change);
    xn_clock_info {
        state,
        signal,
        deadline_unix: st.deadline.timestamp(),
        deadline_day: day_number(st.deadline_date),
        statutory_deadline_unix: st.statutory_deadline.timestamp(),
        statutory_deadline_day: day_number(st.statutory_deadline_date),
        unit,
        tick,
        budget: st.budget,
        used: st.used,
        remaining: st.remaining,
        share_used_bp: st.share_used_bp(),
        extensions: st.extensions,
        paused_kind: st.paused.map_or(-1, pause_kind_value),
        has_reminder,
        reminder_unix,
        has_red,
        red_unix,
        has_next_change,
        next_change_unix,
    }
}

/// Everything the clock says at `now_unix`, as an `xn_clock_info` struct (the typed fast path of
/// `xn_clock_status_json`, without the derivation). Fills `*out` on success.
///
/// Errors: as `xn_clock_status_json`.
///
/// # Safety
///
/// `clock`, `cal` are NULL or live handles; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_status(
    clock: *const xn_clock,
    cal: *const xn_calendar,
    now_unix: i64,
    out: *mut xn_clock_info,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let st = clock_status(clock, cal, now_unix)?;
        put!(out, typed_status(&st));
        Ok(())
    })
}

/// The next instant after `now_unix` at which the clock's state or signal changes without a new command
/// (deadline, reminder, red card, a recorded event): `*has_next` is set to true and `*out_unix` to it;
/// or `*has_next` false and `*out_unix` 0 when nothing will change (paused, completed). For timer indexes.
///
/// Errors: as `xn_clock_status_json`.
///
/// # Safety
///
/// `clock`, `cal` are NULL or live handles; `has_next`, `out_unix` are NULL or point to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_clock_next_change(
    clock: *const xn_clock,
    cal: *const xn_calendar,
    now_unix: i64,
    has_next: *mut bool,
    out_unix: *mut i64,
) -> xn_status {
    boundary(|| {
        check_out!(has_next, out_unix);
        let k = arg_ref!(clock);
        let c = arg_ref!(cal);
        let now = instant_arg(now_unix, "now_unix")?;
        let next = k.clock.next_change(&c.cal, now)?;
        put!(has_next, next.is_some());
        put!(out_unix, next.map_or(0, |t| t.timestamp()));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_kinds_round_trip() {
        for (i, k) in PAUSE_KINDS.iter().enumerate() {
            assert_eq!(pause_kind_value(*k), i as i32);
            assert_eq!(pause_kind(i as i32).ok(), Some(*k));
        }
        assert!(pause_kind(8).is_err());
        assert!(pause_kind(-1).is_err());
    }
}
