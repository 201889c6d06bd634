//! The case-handling engine (效能引擎) for C: commands in, events out, timers, queries, persistence.
//!
//! One opaque, mutable handle, `xn_engine`, built from an `xn_policy`, an `xn_org` and an `xn_catalog`
//! (copied: the engine keeps none of them). Commands and events travel as JSON (the schemas of
//! `docs/commands.md`); `xn_engine_advance_typed` is the typed fast path for timers, filling flat
//! `xn_event_info` structs.
//!
//! Two conventions are particular to this module:
//!
//! - Case ids of typed events are borrowed pointers into a table the handle keeps (one NUL-terminated
//!   copy per case id), valid until the handle is freed.
//! - Events fired by `xn_engine_pending` / `xn_engine_advance_typed` that did not fit the caller's array
//!   wait in the handle's queue of undelivered events; every call that returns events (`xn_engine_execute`,
//!   `xn_engine_advance`, `xn_engine_advance_typed`) returns the queued ones first, so the concatenation of
//!   everything delivered is the gap-free event log in sequence order. A snapshot is refused while events
//!   are queued.

use std::collections::{HashMap, VecDeque};
use std::ffi::c_char;

use chrono::{DateTime, Utc};
use xiaoneng::journal::JournaledEngine;
use xiaoneng::{Command, Engine, Error, Event, Lang};

use crate::calendar::instant_arg;
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, free_handle, new_handle, to_json, xn_buffer};
use crate::model::{xn_catalog, xn_org, xn_policy};
use crate::names::*;

use xn_status::*;

// ---------------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------------

/// A case-handling engine (效能引擎): cases (办件) with their clocks, joint reviews, ratings and
/// violations, under a policy, an organisation and a catalog.
///
/// Opaque. Create with `xn_engine_new`, `xn_engine_restore` or `xn_engine_replay`; free with
/// `xn_engine_free`. Mutable: do not use one engine handle from two threads at the same time (lock it
/// yourself); different engine handles are independent and may be used from different threads at once.
///
/// `xn_journal_engine` lends a read-only `const xn_engine *` view of a journal's engine: every function
/// taking a `const xn_engine *` reads it; the functions that change an engine refuse it (`XN_ERR_STATE`,
/// field `engine`: a journal's engine changes only through the `xn_journal_*` functions), and
/// `xn_engine_free` ignores it.
pub struct xn_engine {
    core: Core,
    /// Events fired but not yet delivered to the host (see `xn_engine_pending`), in sequence order.
    queue: VecDeque<Event>,
    /// One NUL-terminated copy of each case id handed out in an `xn_event_info`: the bytes of a boxed
    /// slice never move, so the pointers stay valid until the handle is freed.
    case_ids: HashMap<String, Box<[u8]>>,
}

/// What an engine handle holds.
// One per handle, itself boxed: the engine of its own stays inline (the hot path: one indirection), the
// journaled one is boxed so that the handle is no larger than an engine of its own.
#[allow(clippy::large_enum_variant)]
enum Core {
    /// An engine of its own (`xn_engine_new`, `xn_engine_restore`, `xn_engine_replay`).
    Own(Engine),
    /// The engine of an `xn_journal`: the handle is the journal's view (read only, never freed itself).
    Journaled(Box<JournaledEngine>),
    /// The view of a journal closed by `xn_journal_close`.
    Closed,
}

impl xn_engine {
    fn new(engine: Engine) -> Self {
        xn_engine::with(Core::Own(engine))
    }

    fn with(core: Core) -> Self {
        xn_engine {
            core,
            queue: VecDeque::new(),
            case_ids: HashMap::new(),
        }
    }

    /// The view of a journal's engine (see `xn_journal_engine`).
    pub(crate) fn journaled(engine: JournaledEngine) -> Self {
        xn_engine::with(Core::Journaled(Box::new(engine)))
    }

    /// Whether this handle is a journal's view (not freed by `xn_engine_free`).
    fn is_view(&self) -> bool {
        !matches!(self.core, Core::Own(_))
    }

    fn closed() -> Failure {
        Failure::not_allowed(
            "journal",
            "closed",
            "the journal was closed (xn_journal_close): its engine is gone; reopen the journal",
        )
    }

    /// The engine, to read.
    pub(crate) fn engine(&self) -> Result<&Engine, Failure> {
        match &self.core {
            Core::Own(engine) => Ok(engine),
            Core::Journaled(j) => Ok(j.engine()),
            Core::Closed => Err(xn_engine::closed()),
        }
    }

    /// The engine, to change: only an engine of its own.
    fn engine_mut(&mut self) -> Result<&mut Engine, Failure> {
        match &mut self.core {
            Core::Own(engine) => Ok(engine),
            Core::Journaled(_) | Core::Closed => Err(Failure::not_allowed(
                "engine",
                "journal view",
                "the engine of a journal is read only here: it changes through xn_journal_execute, \
                 xn_journal_advance and xn_journal_add_notice_json",
            )),
        }
    }

    /// The journaled engine of a journal's view, or `XN_ERR_STATE` once closed.
    pub(crate) fn journaled_mut(&mut self) -> Result<&mut JournaledEngine, Failure> {
        match &mut self.core {
            Core::Journaled(j) => Ok(j),
            _ => Err(xn_engine::closed()),
        }
    }

    /// The journaled engine of a journal's view, or `XN_ERR_STATE` once closed.
    pub(crate) fn journaled_ref(&self) -> Result<&JournaledEngine, Failure> {
        match &self.core {
            Core::Journaled(j) => Ok(j),
            _ => Err(xn_engine::closed()),
        }
    }

    /// Takes the journaled engine out of a journal's view (for closing it); `None` once closed.
    pub(crate) fn take_journaled(&mut self) -> Option<JournaledEngine> {
        match std::mem::replace(&mut self.core, Core::Closed) {
            Core::Journaled(j) => Some(*j),
            other => {
                self.core = other;
                None
            }
        }
    }

    /// Delivers the queued events, then `events`, as one JSON array into `out`, emptying the queue. If
    /// writing failed (it cannot for the library's types), all of them would stay queued: none is lost.
    fn deliver_json(&mut self, events: Vec<Event>, out: *mut xn_buffer) -> Result<(), Failure> {
        let all: Vec<Event> = if self.queue.is_empty() {
            events
        } else {
            self.queue.drain(..).chain(events).collect()
        };
        match to_json(&all) {
            Ok(json) => {
                fill_buffer(out, json);
                Ok(())
            }
            Err(f) => {
                self.queue = all.into();
                Err(f)
            }
        }
    }
}

/// The policy, org and catalog arguments, copied.
pub(crate) fn config(
    policy: *const xn_policy,
    org: *const xn_org,
    catalog: *const xn_catalog,
) -> Result<(xiaoneng::Policy, xiaoneng::Org, xiaoneng::Catalog), Failure> {
    let p = arg_ref!(policy);
    let o = arg_ref!(org);
    let c = arg_ref!(catalog);
    Ok((p.policy.clone(), o.org.clone(), c.catalog.clone()))
}

/// Makes an engine for a policy, an organisation and a catalog (checked against that organisation when
/// it was read). The engine copies what it needs: `policy`, `org` and `catalog` may be freed afterwards.
/// On success `*out` is a new handle with no cases; free it with `xn_engine_free`.
///
/// Errors: `XN_ERR_INVALID` when the policy is rejected or its calendar cannot be built (naming the
/// field); `XN_ERR_NULL` naming the argument.
///
/// # Safety
///
/// `policy`, `org`, `catalog` are NULL or live handles; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_new(
    policy: *const xn_policy,
    org: *const xn_org,
    catalog: *const xn_catalog,
    out: *mut *mut xn_engine,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let (p, o, c) = config(policy, org, catalog)?;
        new_handle(out, xn_engine::new(Engine::new(p, o, c)?));
        Ok(())
    })
}

/// Frees an engine handle. NULL is fine (nothing happens). Events still queued (see
/// `xn_engine_pending`) are dropped with it, and the case-id pointers of its `xn_event_info`s become
/// invalid. A journal's view (`xn_journal_engine`) is not freed: nothing happens (free the journal).
///
/// # Safety
///
/// `engine` is NULL or a live handle from this library, not used by any thread afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_free(engine: *mut xn_engine) {
    // SAFETY: NULL or a live handle (the caller's contract); only read here.
    if unsafe { engine.as_ref() }.is_some_and(xn_engine::is_view) {
        return; // a journal's view: the journal owns it
    }
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(engine) }
}

// ---------------------------------------------------------------------------------------------------
// Commands and timers
// ---------------------------------------------------------------------------------------------------

/// Executes one command, `command_len` bytes of UTF-8 JSON at `command_json`, e.g.
/// `{"type": "accept", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk"}` (every
/// command and who may issue it: docs/commands.md, schemas/command.schema.json). The case's own timers
/// due at or before the command's `at` fire first. On success `*events_json` receives a JSON array of
/// the events, in sequence order: first any events still queued from `xn_engine_pending` /
/// `xn_engine_advance_typed` (often none), then what the command caused (`[]` for a command that
/// causes nothing, e.g. an excused joint-review absence). Free it with `xn_buffer_free`.
///
/// On error nothing changes: no event is fired or dropped, the queue is kept, and `*events_json` is
/// left untouched.
///
/// Errors (the field is `xn_last_error_field()`, the value `xn_last_error_value()`):
/// - `XN_ERR_PARSE` for a malformed command, an unknown `type` or an unknown or missing field; the field
///   is the path in the command (``invalid JSON document at `at`: ...``, field `at`);
/// - `XN_ERR_NOT_FOUND` for an unknown case, item or actor (``unknown `case` = C9: no case has this
///   number``, field `case`, value `C9`; fields `item`, `actor`);
/// - `XN_ERR_FORBIDDEN` when the actor lacks the post, role or unit for the action (``forbidden: `actor`
///   = s-rev: needs one of the roles unit_head``, field `actor`): a step by someone not acting for its
///   post, an extension or a termination by anyone but the head of the case's unit, a joint reply by
///   someone outside the consulted unit;
/// - `XN_ERR_STATE` when the case's state does not allow the command now (``not allowed now: `type` =
///   accept: not allowed while the case is accepted (已受理)``, field `type`), a clock command is out
///   of time order, or a `receive` or `record_inquiry` names a number already used (field `case`);
/// - `XN_ERR_INVALID` for a value the rules refuse, naming the field: a denial without reasons, basis or
///   remedies (art. 38), an extension beyond the policy's rule;
/// - `XN_ERR_OUT_OF_RANGE` when a date needed lies outside the calendar; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle not in use by another thread; `command_json` is NULL or
/// points to `command_len` readable bytes; `events_json` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_execute(
    engine: *mut xn_engine,
    command_json: *const c_char,
    command_len: usize,
    events_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_mut!(engine);
        check_out!(events_json);
        let text = arg_str!(command_json, command_len);
        let command = Command::from_json(text)?;
        let events = e.engine_mut()?.execute(command)?;
        e.deliver_json(events, events_json)
    })
}

/// Fires every timer due at or before `now_unix`: reminders, yellow and red cards, deemed acceptance
/// (art. 32), deemed approval on timeout (超时默许), deemed joint-review consent, default ratings,
/// escalations and violations, in time order, then by case number. Each event carries the instant its
/// threshold was reached (not `now_unix`), so advancing in one step or many gives the same events. On
/// success `*events_json` receives the JSON array of the events: first any still queued (see
/// `xn_engine_pending`), then those fired now (`[]` when nothing was due). Free it with `xn_buffer_free`.
/// Costs O(fired x log cases); `xn_engine_next_timer` says when something is next due.
///
/// Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix`; `XN_ERR_NULL`. A timer that cannot
/// be computed is not an error: it becomes a `timer_fault` event.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle not in use by another thread; `events_json` is NULL or
/// points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_advance(
    engine: *mut xn_engine,
    now_unix: i64,
    events_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_mut!(engine);
        check_out!(events_json);
        let now = instant_arg(now_unix, "now_unix")?;
        let fired = e.engine_mut()?.advance(now);
        e.deliver_json(fired, events_json)
    })
}

/// Adds a year notice to the engine's calendar at `at_unix` (e.g. next year's State Council holiday
/// arrangement, published in autumn), `notice_len` bytes of UTF-8 JSON at `notice_json` in the format of
/// `xn_calendar_with_notice`: `{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03",
/// "name": "元旦"}, ...], "workdays": ["2027-01-31", ...]}`. With `correction` false the year must be the
/// one after the calendar's last; with `correction` true it must be a year the calendar covers, whose
/// notice it replaces (an amended arrangement).
///
/// Timers due up to `at_unix` fire first, under the calendar as it was. Then every open deadline the
/// notice moves is recomputed, with its timers, and recorded as a `deadline_changed` event (`clock`,
/// `statutory` for the statutory deadline of a clock with a pledged limit, `previous`, `deadline`, and
/// `"provisional": true` when the new deadline still rests on provisional days); cases no longer timed
/// after a `timer_fault` are timed again when the calendar now covers them. Only cases whose timers rest
/// on a changed day are recomputed. On success `*events_json` receives the JSON array of the events:
/// first any still queued (see `xn_engine_pending`), then those of the notice (`[]` when it moved no
/// deadline). Free it with `xn_buffer_free`. The engine's policy keeps the notice
/// (`xn_engine_policy_json`), so that a host persisting it restores with the same calendar.
///
/// On error nothing changes and nothing fires.
///
/// Errors (naming the field): `XN_ERR_PARSE` for a malformed notice (e.g. field `days_off[0].start`);
/// `XN_ERR_INVALID` for a notice without days off (field `days_off`), a day outside its year or both off
/// and worked (e.g. `workdays[2]`), a year that would leave a gap (`year`); `XN_ERR_STATE` (field `year`)
/// for a covered year without `correction`, or an uncovered one with it; `XN_ERR_OUT_OF_RANGE` for an
/// unrepresentable `at_unix`; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle not in use by another thread; `notice_json` is NULL or
/// points to `notice_len` readable bytes; `events_json` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_add_notice_json(
    engine: *mut xn_engine,
    notice_json: *const c_char,
    notice_len: usize,
    at_unix: i64,
    correction: bool,
    events_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_mut!(engine);
        check_out!(events_json);
        let text = arg_str!(notice_json, notice_len);
        let notice = xiaoneng::YearNotice::from_json(text)?;
        let at = instant_arg(at_unix, "at_unix")?;
        let events = if correction {
            e.engine_mut()?.correct_notice(notice, at)?
        } else {
            e.engine_mut()?.add_notice(notice, at)?
        };
        e.deliver_json(events, events_json)
    })
}

/// The engine's policy as JSON (the policy it was made with, its calendar with every notice added by
/// `xn_engine_add_notice_json`): what a host persists to restore or replay with the same calendar. Fills
/// `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_policy_json(engine: *const xn_engine, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        fill_buffer(out, xiaoneng::Document::to_json(e.engine()?.policy()));
        Ok(())
    })
}

fn fire_into_queue(e: &mut xn_engine, now: DateTime<Utc>) -> Result<(), Failure> {
    let fired = e.engine_mut()?.advance(now);
    e.queue.extend(fired);
    Ok(())
}

/// Fires every timer due at or before `now_unix` (as `xn_engine_advance`) into the handle's queue of
/// undelivered events, without delivering them, and sets `*count` to the number of events queued: the
/// `cap` a following `xn_engine_advance_typed` with the same `now_unix` needs to take them all.
///
/// Nothing fired is lost: queued events are delivered, first and in order, by the next
/// `xn_engine_advance_typed`, `xn_engine_advance` or `xn_engine_execute`. While events are queued,
/// `xn_engine_snapshot` is refused (`XN_ERR_STATE`).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle not in use by another thread; `count` is NULL or points to
/// writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_pending(engine: *mut xn_engine, now_unix: i64, count: *mut usize) -> xn_status {
    boundary(|| {
        let e = arg_mut!(engine);
        check_out!(count);
        let now = instant_arg(now_unix, "now_unix")?;
        fire_into_queue(e, now)?;
        put!(count, e.queue.len());
        Ok(())
    })
}

/// The number of events fired but not yet delivered (see `xn_engine_pending`): sets `*count`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `count` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_queued(engine: *const xn_engine, count: *mut usize) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(count);
        e.engine()?; // a closed journal's view answers XN_ERR_STATE, as every other reader
        put!(count, e.queue.len());
        Ok(())
    })
}

/// One event as a flat struct, filled by `xn_engine_advance_typed` (the JSON of the same event, from
/// `xn_engine_advance`, has every detail).
///
/// Fields that do not apply to the kind hold -1 (`clock`, `signal`, `rule`, `approve`) or false
/// (`deemed`). `case_id` points to a NUL-terminated copy of the case number owned by the engine handle:
/// it stays valid, and the same pointer is given for the same case, until `xn_engine_free` of that
/// handle; never free it. `case_len` is its length in bytes without the NUL (use it if case numbers may
/// contain NUL bytes).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct xn_event_info {
    /// Sequence number, from 1 without gaps across everything an engine delivers.
    pub seq: u64,
    /// When it happened, Unix seconds: for timer events the instant the threshold was reached, not when
    /// `advance` ran.
    pub at_unix: i64,
    /// The case number (NUL-terminated, owned by the engine handle, valid until it is freed).
    pub case_id: *const c_char,
    /// Length of `case_id` in bytes, without the NUL.
    pub case_len: usize,
    /// What happened: an `XN_EVENT_*` value.
    pub kind: xn_event_kind,
    /// For `XN_EVENT_SIGNAL_RAISED`: which clock (`XN_CLOCK_*`); else -1.
    pub clock: xn_clock_name,
    /// For `XN_EVENT_SIGNAL_RAISED`: the new signal (`XN_SIGNAL_REMINDER`, `XN_SIGNAL_YELLOW`,
    /// `XN_SIGNAL_RED`); else -1.
    pub signal: i32,
    /// For `XN_EVENT_VIOLATION`: the rule broken (`XN_RULE_*`); else -1.
    pub rule: xn_rule,
    /// For `XN_EVENT_DECIDED`: 1 approved, 0 denied; else -1.
    pub approve: i32,
    /// Deemed by rule rather than done by a person: a deemed acceptance (art. 32), a deemed decision on
    /// timeout, a deemed joint-review opinion, a default rating. False for other events.
    pub deemed: bool,
}

fn lookup(table: &[(&str, i32)], name: Option<&str>, absent: i32) -> i32 {
    name.and_then(|n| table.iter().find(|(k, _)| *k == n).map(|(_, v)| *v))
        .unwrap_or(absent)
}

/// The NUL-terminated copy of `case` in a handle's `case_ids` (made on first use), and its length.
fn case_id(case_ids: &mut HashMap<String, Box<[u8]>>, case: &str) -> (*const c_char, usize) {
    let bytes = case_ids.entry(case.to_string()).or_insert_with(|| {
        let mut v = Vec::with_capacity(case.len() + 1);
        v.extend_from_slice(case.as_bytes());
        v.push(0);
        v.into_boxed_slice()
    });
    (bytes.as_ptr().cast::<c_char>(), case.len())
}

fn event_info(case_ids: &mut HashMap<String, Box<[u8]>>, ev: &Event) -> Result<xn_event_info, Failure> {
    // The names are the JSON's: one table per enumeration, checked against the core's event schema in
    // the unit tests, so a variant added to the core never breaks this build.
    let v = serde_json::to_value(&ev.kind).map_err(Failure::json)?;
    let name = |key: &str| v.get(key).and_then(|x| x.as_str());
    let kind = lookup(&EVENT_KINDS, name("type"), XN_EVENT_OTHER);
    let deemed = match v.get("deemed") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(_)) => true,
        _ => false,
    };
    let approve = match v.get("approve") {
        Some(serde_json::Value::Bool(b)) if kind == XN_EVENT_DECIDED => i32::from(*b),
        _ => -1,
    };
    let (case_id, case_len) = case_id(case_ids, &ev.case);
    Ok(xn_event_info {
        seq: ev.seq,
        at_unix: ev.at.timestamp(),
        case_id,
        case_len,
        kind,
        clock: lookup(&CLOCK_NAMES, name("clock"), XN_CLOCK_NONE),
        signal: lookup(&SIGNALS, name("signal"), -1),
        rule: lookup(&RULES, name("rule"), XN_RULE_NONE),
        approve,
        deemed,
    })
}

/// The typed fast path of `xn_engine_advance`: fires every timer due at or before `now_unix` and writes
/// events as `xn_event_info` structs into `out[0..cap]`, setting `*n_out` to the number written.
///
/// No event is ever lost. Fired events go to the handle's queue of undelivered events (after any
/// already there); the call then moves the first `min(cap, queued)` of them into `out`. When more were
/// queued than `cap`, the rest stay queued, in order: `*n_out == cap` means "call again" (or check
/// `xn_engine_queued`); the next `xn_engine_advance_typed`, `xn_engine_advance` or `xn_engine_execute`
/// delivers them first. To size `out` exactly, call `xn_engine_pending(engine, now_unix, &count)` first
/// and pass an array of `count` structs: then one call delivers everything. `cap` 0 (with `out` NULL)
/// fires into the queue and delivers nothing, like `xn_engine_pending`. The events' JSON is not
/// available afterwards: use `xn_engine_advance` when the host keeps the event log (e.g. for
/// `xn_engine_replay`).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix` (nothing fired); `XN_ERR_NULL` for a
/// NULL `engine`, `n_out`, or `out` with `cap` > 0.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle not in use by another thread; `out` is NULL or points to
/// `cap` writable `xn_event_info`s; `n_out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_advance_typed(
    engine: *mut xn_engine,
    now_unix: i64,
    out: *mut xn_event_info,
    cap: usize,
    n_out: *mut usize,
) -> xn_status {
    boundary(|| {
        let e = arg_mut!(engine);
        check_out!(n_out);
        if out.is_null() && cap > 0 {
            return Err(Failure::null("out"));
        }
        let now = instant_arg(now_unix, "now_unix")?;
        fire_into_queue(e, now)?;
        let n = cap.min(e.queue.len());
        // Converted before they leave the queue: on an error (none for the library's types) all stay queued.
        let infos = e
            .queue
            .iter()
            .take(n)
            .map(|ev| event_info(&mut e.case_ids, ev))
            .collect::<Result<Vec<_>, _>>()?;
        e.queue.drain(..n);
        for (k, info) in infos.into_iter().enumerate() {
            // SAFETY: `out` is non-NULL (n > 0 implies cap > 0) and has `cap` >= n writable elements.
            unsafe { out.add(k).write(info) };
        }
        put!(n_out, n);
        Ok(())
    })
}

/// When `xn_engine_advance` next has something to do: `*has` true and `*at_unix` the earliest pending
/// timer instant, or `*has` false and `*at_unix` 0 when no case is timed. For the host's scheduler: call
/// `xn_engine_advance` at (or after) that instant.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `has`, `at_unix` are NULL or point to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_next_timer(
    engine: *const xn_engine,
    has: *mut bool,
    at_unix: *mut i64,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(has, at_unix);
        let next = e.engine()?.next_timer();
        put!(has, next.is_some());
        put!(at_unix, next.map_or(0, |t| t.timestamp()));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------

/// A case as seen at `now_unix`, as JSON: `{"case", "item", "item_name", "unit", "state" ("received",
/// "awaiting_correction", "accepted", "refused", "approved", "denied", "delivered", "withdrawn",
/// "terminated"), "decision" (the decision clock's status, once accepted: deadline, signal, budget, used, remaining,
/// derivation, ...), "step" and "step_status" (the current procedure step, while under review), "holder"
/// (who acts for the step's post now, under the A/B rule), "signal", "violations": [...]}`. Fills `*out`
/// (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown case (``unknown `case` = C9: no case has this number``,
/// field `case`); `XN_ERR_OUT_OF_RANGE` when a status needs dates outside the calendar; `XN_ERR_UTF8`;
/// `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `case_id` is NULL or points to `case_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_view_json(
    engine: *const xn_engine,
    case_id: *const c_char,
    case_len: usize,
    now_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(case_id, case_len);
        let now = instant_arg(now_unix, "now_unix")?;
        let view = e.engine()?.view(id, now)?;
        fill_buffer(out, to_json(&view)?);
        Ok(())
    })
}

/// Why a case stands where it does at `now_unix`, as JSON (`Engine::explain`): `{"case", "item",
/// "item_name", "unit", "at", "state", "clocks": [{"clock", "basis" (article or policy), "limit",
/// "pledged", "start_rule", "started_at", "state", "signal", "deadline", "deadline_date",
/// "statutory_deadline", "statutory_deadline_date", "completed_at", "days": [{"kind" ("weekend", "holiday",
/// "makeup"), "first", "last", "name"}], "pauses": [{"kind", "from", "to", "notice"}], "extensions":
/// [{"at", "amount", "approver", "reason"}], "thresholds": [{"signal", "at", "reached"}]}], "deemed":
/// [{"what" ("acceptance", "approval", "opinion", "rating"), "at", "unit", "because", "rule"}], "text"}`.
/// `lang` is `"zh"` (Chinese, also when `lang` is NULL) or `"en"` (English): the language of `basis`,
/// `rule` and `text`. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown case (field `case`); `XN_ERR_INVALID` for another
/// `lang` (field `lang`); `XN_ERR_OUT_OF_RANGE` when a status needs dates outside the calendar;
/// `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `case_id` is NULL or points to `case_len` readable bytes;
/// `lang` is NULL or points to `lang_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_explain_json(
    engine: *const xn_engine,
    case_id: *const c_char,
    case_len: usize,
    now_unix: i64,
    lang: *const c_char,
    lang_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(case_id, case_len);
        let now = instant_arg(now_unix, "now_unix")?;
        let lang = if lang.is_null() {
            Lang::Zh
        } else {
            let text = arg_str!(lang, lang_len);
            text.parse::<Lang>()
                .map_err(|_| Failure::invalid("lang", text, "one of `zh` (Chinese) and `en` (English)"))?
        };
        let why = e.engine()?.explain(id, now, lang)?;
        fill_buffer(out, why.to_json());
        Ok(())
    })
}

/// The case record (办件) as JSON, the form snapshots store: `{"id", "item", "unit", "kind", "applicant",
/// "state", "received_at", "materials", "notified", "corrected", "notices", "notice_clock", "accepted"
/// ([instant, deemed], once accepted), "decision" (clock document), "step" (index), "step_clock",
/// "negative_report", "delivery", "signal", "escalated", "deemed_decision", "breached", "violations",
/// "joint", "consult", "closed_at", "rating_wait", "rating", "rating_follow_up", "last_event_at",
/// "faulted"}`; clocks absent until they start (docs/commands.md, "The case record"). Fills `*out` (free it
/// with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown case (``unknown `case` = C9: no case has this number``,
/// field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `case_id` is NULL or points to `case_len` readable bytes;
/// `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_case_json(
    engine: *const xn_engine,
    case_id: *const c_char,
    case_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    // SAFETY: the arguments are this entry point's, under the same conventions.
    unsafe {
        record_json(engine, case_id, case_len, out, "case_id", |e, id| {
            e.case(id)
                .ok_or_else(|| Failure::not_found("case", id, "no case has this number"))
                .and_then(to_json)
        })
    }
}

/// A first inquiry's record (首问负责制) as JSON, the form snapshots store: `{"id", "person", "topic",
/// "responsible", "clock" (the answer limit's clock document), "outcome" (once dealt with: "answered",
/// "handled", "guided"), "breached", "last_event_at", "faulted"}`. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` for an unknown inquiry (``unknown `case` = Q9: no inquiry has this
/// number``, field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `inquiry_id` is NULL or points to `inquiry_len` readable
/// bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_inquiry_json(
    engine: *const xn_engine,
    inquiry_id: *const c_char,
    inquiry_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    // SAFETY: the arguments are this entry point's, under the same conventions.
    unsafe {
        record_json(engine, inquiry_id, inquiry_len, out, "inquiry_id", |e, id| {
            e.inquiry(id)
                .ok_or_else(|| Failure::not_found("case", id, "no inquiry has this number"))
                .and_then(to_json)
        })
    }
}

/// The JSON record `find` gives for the number in `id`/`len` (the argument named `id_arg`), into `*out`.
///
/// # Safety
///
/// As the entry points that call it.
unsafe fn record_json(
    engine: *const xn_engine,
    id: *const c_char,
    len: usize,
    out: *mut xn_buffer,
    id_arg: &str,
    find: impl Fn(&Engine, &str) -> Result<String, Failure>,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let id = arg_str!(id, len, id_arg);
        fill_buffer(out, find(e.engine()?, id)?);
        Ok(())
    })
}

/// Reserves room for at least `additional` more cases, so that receiving them grows no table on the way
/// (a portal that knows its volume avoids the pause of growing a table of a million entries while commands
/// wait). Changes nothing the engine says.
///
/// Errors: `XN_ERR_OUT_OF_RANGE` (field `additional`) when the room cannot be had: more cases than an
/// engine holds or than memory allows (e.g. `SIZE_MAX`); the process is never aborted and the engine is
/// unchanged but for capacity. `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_reserve(engine: *mut xn_engine, additional: usize) -> xn_status {
    boundary(|| {
        let e = arg_mut!(engine);
        e.engine_mut()?.reserve(additional)?;
        Ok(())
    })
}

/// The e-supervision board (电子监察) at `now_unix` as a JSON array: one row `{"unit", "case", "item",
/// "signal", "deadline", "remaining"}` per case under review with a signal, by unit, then most severe
/// first, then earliest deadline. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` when a status needs dates outside the calendar; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_board_json(
    engine: *const xn_engine,
    now_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let now = instant_arg(now_unix, "now_unix")?;
        let board = e.engine()?.board(now)?;
        fill_buffer(out, to_json(&board)?);
        Ok(())
    })
}

/// Figures per unit (每月通报) for the period `[from_unix, to_unix)`, as docs/metrics.md defines them, as a
/// JSON array by unit id. Flows count the events whose instant lies in the period, stocks the records open
/// at `to_unix`; a closed period's figures never change once its events are recorded (call
/// `xn_engine_advance` to `to_unix` or later first, so that the breaches due in it are). Each row:
/// `{"unit", "received", "accepted", "deemed_accepted", "refused", "decided", "approved",
/// "deemed_approved", "denied", "withdrawn", "terminated", "closed", "on_time", "late", "became_overdue",
/// "on_the_spot", "open", "open_overdue", "on_time_rate", "on_the_spot_share", "durations", "real_ratings",
/// "bad_ratings", "deemed_ratings", "rating_rate", "satisfaction_rate", "violations", "violations_by_rule",
/// "inquiries", "inquiries_answered", "inquiries_handled", "inquiries_guided", "inquiries_breached",
/// "inquiries_on_time", "inquiries_open", "inquiries_open_overdue", "inquiry_on_time_rate"}`. Counts are
/// integers; rates are decimal strings rounded half-up to 4 places, `null` when their denominator is 0
/// (`on_time_rate` = on_time / (decided + open_overdue): open overdue cases count as late); `durations` is
/// an array with one object per unit of measure of the period's decisions, `{"unit": "working_days",
/// "decided", "average_used", "average_pledged", "average_statutory", "speed_up"}` (averages to 2 places),
/// never mixing units; `violations_by_rule` maps every rule's wire name to its count. A case counts for
/// its item's unit, an inquiry for its responsible staff member's unit; a unit has a row when one of its
/// figures is not zero; every key is present in every row. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_OUT_OF_RANGE` for unrepresentable instants; `XN_ERR_INVALID` (field `to`) when
/// `to_unix < from_unix`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_metrics_json(
    engine: *const xn_engine,
    from_unix: i64,
    to_unix: i64,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        let from = instant_arg(from_unix, "from_unix")?;
        let to = instant_arg(to_unix, "to_unix")?;
        let metrics = e.engine()?.metrics(from, to)?;
        fill_buffer(out, to_json(&metrics)?);
        Ok(())
    })
}

/// The number of cases (办件) the engine holds: sets `*count`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `count` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_case_count(engine: *const xn_engine, count: *mut usize) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(count);
        put!(count, e.engine()?.len());
        Ok(())
    })
}

/// The sequence number of the last event fired (0 before any), including events still queued: sets
/// `*seq`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `seq` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_seq(engine: *const xn_engine, seq: *mut u64) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(seq);
        put!(seq, e.engine()?.seq());
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------------
// Persistence
// ---------------------------------------------------------------------------------------------------

/// The engine's state as a JSON document (`{"schema": 1, "seq", "cases", "timers"}`): cases, timers and
/// the sequence number, deterministic (the same state gives the same bytes). Restore it with
/// `xn_engine_restore` and the same policy, organisation and catalog. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_STATE` while events fired by `xn_engine_pending` / `xn_engine_advance_typed` are
/// still queued (a snapshot must not hold what the host has not received: deliver them first);
/// `XN_ERR_NULL`.
///
/// # Safety
///
/// `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_snapshot(engine: *const xn_engine, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let e = arg_ref!(engine);
        check_out!(out);
        if !e.queue.is_empty() {
            return Err(Failure::other(
                XN_ERR_STATE,
                format!(
                    "cannot snapshot: {} fired event(s) are still queued, not yet delivered; deliver them first \
                     (xn_engine_advance_typed or xn_engine_advance)",
                    e.queue.len()
                ),
            ));
        }
        fill_buffer(out, e.engine()?.snapshot());
        Ok(())
    })
}

/// An engine restored from a snapshot (`snapshot_len` bytes of JSON from `xn_engine_snapshot`) with a
/// policy, organisation and catalog (copied; they may be freed afterwards). On success `*out` is a new
/// handle, equal in state to the one snapshotted; free it with `xn_engine_free`.
///
/// Nothing in the snapshot is trusted (docs/commands.md, "Replay and restore"): each case is timed again
/// from its own state, and the timer the snapshot lists for it must be that one; the sequence number may
/// not be behind the events the records imply; unknown fields are refused at every depth.
///
/// Errors: `XN_ERR_PARSE` for a malformed snapshot or an unknown field, naming its path
/// (`cases.C1.violations[0].colour`); `XN_ERR_INVALID` for a wrong schema version, a case whose item is
/// not in the catalog (`cases.<id>.item`), a timer for an unknown case, a listed timer other than the one
/// the case's state gives (field `timers`, value the case number), a sequence number behind the records'
/// events (field `seq`, the reason naming the case); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `policy`, `org`, `catalog` are NULL or live handles; `snapshot` is NULL or points to `snapshot_len`
/// readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_restore(
    policy: *const xn_policy,
    org: *const xn_org,
    catalog: *const xn_catalog,
    snapshot: *const c_char,
    snapshot_len: usize,
    out: *mut *mut xn_engine,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let (p, o, c) = config(policy, org, catalog)?;
        let text = arg_str!(snapshot, snapshot_len);
        new_handle(out, xn_engine::new(Engine::restore(p, o, c, text)?));
        Ok(())
    })
}

/// The core's parse error (`XN_ERR_PARSE`, the field `path`) for a JSON document read here.
fn parse_failure(path: String, e: impl std::fmt::Display) -> Failure {
    Error::Parse {
        format: "JSON",
        path,
        message: e.to_string(),
    }
    .into()
}

/// Reads a JSON array of events, naming the offending field (`[3].seq`) on error.
fn parse_events(text: &str) -> Result<Vec<Event>, Failure> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: Result<Vec<Event>, _> = serde_path_to_error::deserialize(&mut de);
    let events = parsed.map_err(|e| {
        let path = e.path().to_string();
        parse_failure(if path.is_empty() { ".".to_string() } else { path }, e.inner())
    })?;
    de.end().map_err(|e| parse_failure(".".to_string(), e))?;
    Ok(events)
}

/// An engine rebuilt from an event log (event sourcing): `events_len` bytes of UTF-8 JSON at
/// `events_json`, an array of events as delivered by `xn_engine_execute` and `xn_engine_advance`
/// (concatenate their arrays), from sequence number 1 without gaps. With the same policy, organisation
/// and catalog (copied; they may be freed afterwards), the result equals the engine that produced the
/// log: `xn_engine_snapshot` gives the same bytes. On success `*out` is a new handle; free it with
/// `xn_engine_free`.
///
/// Nothing in the log is trusted (docs/commands.md, "Replay and restore"): an event with an actor is
/// decided again as the command it came from, with the live rules (the actor's post, role and unit, the
/// case's state, time order), and the log must hold exactly the events that command yields; an event
/// without an actor must be due, by the case's timers, at exactly its instant.
///
/// Errors: `XN_ERR_PARSE` for malformed JSON or an event with an unknown or missing field, naming it
/// (``invalid JSON document at `[3].seq`: ...``); `XN_ERR_INVALID` when the log has a gap
/// (`events[k].seq`), names a case never received (`events[k].case`), holds an event the rules could not
/// have produced (`events[k]` or the field of it the rule names, e.g. `events[7].actor`, with its value;
/// the reason starts with the event's sequence number, `seq 8 (...)`), or does not apply to this
/// configuration; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `policy`, `org`, `catalog` are NULL or live handles; `events_json` is NULL or points to `events_len`
/// readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_engine_replay(
    policy: *const xn_policy,
    org: *const xn_org,
    catalog: *const xn_catalog,
    events_json: *const c_char,
    events_len: usize,
    out: *mut *mut xn_engine,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let (p, o, c) = config(policy, org, catalog)?;
        let text = arg_str!(events_json, events_len);
        let events = parse_events(text)?;
        new_handle(out, xn_engine::new(Engine::replay(p, o, c, &events)?));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in_schema(schema: &serde_json::Value, key: &str, out: &mut Vec<String>) {
        match schema {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    if k == key {
                        // `"type": {"type": "string", "enum": ["received"]}` or `{"const": "received"}`.
                        if let Some(s) = v.get("const").and_then(|x| x.as_str()) {
                            out.push(s.to_string());
                        }
                        if let Some(a) = v.get("enum").and_then(|x| x.as_array()) {
                            out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
                        }
                    }
                    names_in_schema(v, key, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| names_in_schema(v, key, out)),
            _ => {}
        }
    }

    fn enum_names(schema: &serde_json::Value, def: &str) -> Vec<String> {
        let defs = schema
            .get("definitions")
            .or_else(|| schema.get("$defs"))
            .expect("schema definitions");
        let mut out = Vec::new();
        let d = &defs[def];
        if let Some(a) = d.get("enum").and_then(|x| x.as_array()) {
            out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
        }
        for alt in d.get("oneOf").and_then(|x| x.as_array()).into_iter().flatten() {
            if let Some(s) = alt.get("const").and_then(|x| x.as_str()) {
                out.push(s.to_string());
            }
            if let Some(a) = alt.get("enum").and_then(|x| x.as_array()) {
                out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
            }
        }
        out
    }

    #[test]
    fn every_event_kind_clock_and_rule_of_the_core_has_a_constant() {
        let schema: serde_json::Value = serde_json::from_str(&xiaoneng::event_json_schema()).unwrap();
        let props = schema.get("properties");
        let mut kinds = Vec::new();
        names_in_schema(&schema, "type", &mut kinds);
        kinds.retain(|k| !["object", "string", "integer", "boolean", "array", "null", "number"].contains(&k.as_str()));
        assert!(
            kinds.len() >= 20,
            "event kinds found in the schema: {kinds:?} ({props:?})"
        );
        for k in &kinds {
            assert!(
                EVENT_KINDS.iter().any(|(n, _)| n == k),
                "event kind `{k}` has no XN_EVENT_ constant"
            );
        }
        for n in enum_names(&schema, "ClockName") {
            assert!(
                CLOCK_NAMES.iter().any(|(c, _)| *c == n),
                "clock `{n}` has no XN_CLOCK_ constant"
            );
        }
        for n in enum_names(&schema, "Rule") {
            assert!(
                RULES.iter().any(|(c, _)| *c == n),
                "rule `{n}` has no XN_RULE_ constant"
            );
        }
        for n in enum_names(&schema, "Signal") {
            assert!(
                SIGNALS.iter().any(|(c, _)| *c == n),
                "signal `{n}` has no XN_SIGNAL_ constant"
            );
        }
        // The walk finds what it should (so the loops above check something).
        assert!(kinds.iter().any(|k| k == "signal_raised") && kinds.iter().any(|k| k == "violation"));
        assert!(enum_names(&schema, "Rule").iter().any(|r| r == "decision_overdue"));
        assert!(enum_names(&schema, "ClockName").iter().any(|c| c == "decision"));
        assert!(enum_names(&schema, "Signal").iter().any(|c| c == "red"));
    }

    #[test]
    fn command_and_event_log_errors_name_the_field() {
        // A command's error as the C caller reads it (the core names the field).
        let msg = |text: &str| {
            Command::from_json(text)
                .map_err(Failure::from)
                .err()
                .map(|f| f.message)
                .unwrap_or_default()
        };
        let m = msg(r#"{"type": "accept", "case": "C1", "at": "soon", "actor": "s-clerk"}"#);
        assert!(m.starts_with("invalid JSON document at `at`: "), "{m}");
        let m = msg(
            r#"{"type": "receive", "case": "C1", "at": "2026-09-28T09:00:00+08:00", "actor": "s-clerk",
                "item": "X", "applicant": "A", "materials": [1]}"#,
        );
        assert!(m.starts_with("invalid JSON document at `materials[0]`: "), "{m}");
        // Missing fields are named by the core already, and left as they are.
        let m = msg(r#"{"type": "accept", "case": "C1", "at": "2026-09-28T09:00:00+08:00"}"#);
        assert!(m.contains("missing field `actor`"), "{m}");
        let m = parse_events(
            r#"[{"seq": 1, "at": "2026-09-28T01:00:00Z", "case": "C1", "type": "resumed"}, {"seq": "x"}]"#,
        )
        .err()
        .map(|f| f.message)
        .unwrap_or_default();
        assert!(m.starts_with("invalid JSON document at `[1]"), "{m}");
    }

    #[test]
    fn constants_are_distinct() {
        for table in [&EVENT_KINDS[..], &CLOCK_NAMES[..], &RULES[..]] {
            for (i, (n, v)) in table.iter().enumerate() {
                assert_eq!(*v, i as i32, "{n}");
            }
        }
    }
}
