/*
 * xiaoneng.h -- C ABI of xiaoneng (效能): working-day calendars, time-limit clocks, policies,
 * organisations, service catalogs and the case-handling engine for administrative efficiency work
 * (机关效能建设).
 *
 * SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * Build and link (from the repository; scripts/test-c writes target/release/xiaoneng.pc):
 *
 *     cargo build --release -p xiaoneng-c
 *     cc app.c $(PKG_CONFIG_PATH=target/release pkg-config --cflags --libs xiaoneng)
 *
 * CONVENTIONS (they hold for every function unless its comment says otherwise)
 *
 * ABI version.  XN_ABI_VERSION is the version this header describes; xn_abi_version() returns the
 *   version of the library actually loaded. Check they are equal at start-up. The version changes
 *   only when an existing function, type or value changes meaning or layout.
 *
 * Status codes.  Every fallible function returns an xn_status: XN_OK (0) on success, otherwise an
 *   error code with a stable value (XN_ERR_NULL 1, XN_ERR_PARSE 2, XN_ERR_INVALID 3,
 *   XN_ERR_OUT_OF_RANGE 4, XN_ERR_STATE 5, XN_ERR_UTF8 6, XN_ERR_PANIC 7, XN_ERR_BUFFER_TOO_SMALL 8,
 *   XN_ERR_NOT_FOUND 9, XN_ERR_FORBIDDEN 10, XN_ERR_IO 11, XN_ERR_CORRUPT 12). Codes 2..5 and 9..12 are
 *   the core library's error codes,
 *   the same numbers in Rust and Python; 1, 6, 7 and 8 are the binding's own (caller bugs and internal
 *   errors). A portal maps them to HTTP statuses as docs/c-abi.md tabulates (400 parse, 422 invalid and
 *   out of range, 409 state, 404 not found, 403 forbidden).
 *
 * Last error.  After a failed call, xn_last_error() returns a NUL-terminated, human-readable message
 *   naming the field or argument, the value and why it was rejected, e.g.
 *   "invalid JSON document at `limit.unit`: unknown variant `weeks`, ..." or
 *   "unknown `case` = C9: no case has this number" or
 *   "date 2027-01-04 is outside the calendar's covered range 2004-01-01..=2026-12-31".
 *   The same error in parts: xn_last_error_code() (the xn_status returned, XN_OK when nothing failed),
 *   xn_last_error_field() (the field path or argument name: "limit.unit", "case", "actor", "out"),
 *   xn_last_error_value() (the offending value as written, a bounded prefix: "C9") and
 *   xn_last_error_reason() (why, without field and value: "no case has this number"); field and value
 *   are "" when the error names none. All are per thread; successful calls do not clear them; the
 *   strings stay valid until the next xn_ call on the same thread other than these getters (which
 *   change nothing, so their strings may be used together). Never free them.
 *
 * Out-pointers.  Results are written through out-pointer arguments, which must not be NULL
 *   (XN_ERR_NULL, naming the argument). On error they are left untouched, except where a function
 *   documents otherwise (batch calls write the elements before the failing one; a call failing with
 *   XN_ERR_BUFFER_TOO_SMALL writes only the needed length; xn_journal_verify fills its report for
 *   XN_ERR_CORRUPT too). A failed call changes
 *   nothing: a clock command that fails leaves the clock exactly as it was.
 *
 * Panics.  No Rust panic ever crosses into C: an internal error is caught and returned as
 *   XN_ERR_PANIC (please report it).
 *
 * Handles.  xn_calendar, xn_clock, xn_policy, xn_org, xn_catalog, xn_engine and xn_journal are opaque
 *   handles made by the *_china / *_from_json / *_from_toml / *_with_notice / xn_policy_calendar /
 *   xn_engine_new / xn_engine_restore / xn_engine_replay / xn_journal_open functions and released by
 *   xn_calendar_free / xn_clock_free / xn_policy_free / xn_org_free / xn_catalog_free / xn_engine_free /
 *   xn_journal_free (NULL is fine). The one borrowed handle is the engine view of a journal
 *   (xn_journal_engine): owned by the journal, never freed by the caller.
 *   Every handle must be freed exactly once and not used afterwards. Handles are independent: one made
 *   from another (a calendar from a policy, a catalog checked against an org, an engine from a policy,
 *   an org and a catalog) copies what it needs and does not keep it, so they may be freed in any order.
 *   Thread safety: xn_calendar, xn_policy, xn_org and xn_catalog are immutable, so one handle may be
 *   used by any number of threads at once, without locking. xn_clock, xn_engine and xn_journal are
 *   mutable: do not use one clock, engine or journal handle from two threads at the same time (lock it yourself); different
 *   handles are independent and may be used from different threads at once. Other functions keep no
 *   shared state.
 *
 * Strings in.  Text arguments are UTF-8 given as (const char *ptr, size_t len); they need not be
 *   NUL-terminated and are not kept after the call. A NULL ptr is XN_ERR_NULL (optional strings say so),
 *   invalid UTF-8 is XN_ERR_UTF8.
 *
 * Buffers out.  Functions that return JSON (or Markdown, or an id) fill an xn_buffer {char *data;
 *   size_t len;} owned by the caller afterwards: len bytes of UTF-8 plus a terminating NUL not counted
 *   in len. Release it with xn_buffer_free(&buf), which is safe on a zeroed buffer and zeroes it again.
 *   Initialise buffers with xn_buffer buf = {0}; a function that fills a buffer does not free what it
 *   held before.
 *   A few typed calls copy a short string into a caller buffer (char *buf, size_t cap, size_t *len):
 *   *len receives the length without the NUL; when cap < *len + 1 the call fails with
 *   XN_ERR_BUFFER_TOO_SMALL and writes nothing else (buf may be NULL when cap is 0, to ask the length).
 *
 * Time.  Instants are int64_t Unix seconds (UTC). Dates are int64_t day numbers: days since
 *   1970-01-01, the numbering of numpy's datetime64[D] (2026-10-01 is 20727); xn_date {year, month,
 *   day} with xn_date_to_day / xn_day_to_date converts, and *_ymd functions take dates directly.
 *   A calendar has a fixed UTC offset (China: +08:00) that turns instants into local dates. A calendar
 *   covers a range of days (the bundled national calendar: 2004-01-01..=2026-12-31); days outside it
 *   are XN_ERR_OUT_OF_RANGE, never a guess. Add next year with xn_calendar_with_notice.
 *
 * Counting.  "N working days from day D" is the N-th working day strictly after D (XN_START_NEXT_DAY,
 *   the statutory rule); XN_START_SAME_DAY counts D itself when it is a working day. A deadline day
 *   ends at local midnight (XN_END_OF_DAY) or the close of office hours (XN_END_CLOSE_OF_OFFICE).
 *
 * Enumerations.  All enumerations are int32_t with explicit, stable values. Values passed in are
 *   checked: an unknown value is XN_ERR_INVALID, never undefined behaviour.
 *
 * JSON documents (calendars, notices, clocks, statuses, policies, organisations, catalogs) use the
 *   library's schema: snake_case names, dates "YYYY-MM-DD", instants RFC 3339 with offset, decimals
 *   as strings, a "schema" version, unknown fields rejected. Documents that refer to each other are
 *   checked: a catalog is validated against an org (unknown units and posts are XN_ERR_INVALID naming
 *   the field, e.g. items[0].steps[0].post).
 *
 * A/B posts.  Every post has an A holder and may name a backup (B) post. xn_org_acting_holder answers
 *   who acts at an instant: the A holder when present, else the B post's holder, else the unit head
 *   (XN_VIA_UNIT_HEAD, a violation of the A/B system to be recorded).
 *
 * ENGINE (xn_engine: cases, commands, events, timers)
 *
 * Commands in, events out.  xn_engine_execute takes one command as JSON ({"type": "accept", "case":
 *   "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk"}; every command and who may issue it:
 *   docs/commands.md, schemas/command.schema.json) and returns the events it caused as a JSON array
 *   ([{"seq": 4, "at": "...", "case": "C1", "actor": "s-clerk", "type": "accepted", ...}]). The engine
 *   checks the actor's post and role, the case's state and the rules; a rejected command returns an
 *   error naming the field and changes nothing (the same snapshot, no event, the buffer untouched):
 *   XN_ERR_PARSE for a malformed command (field: the path in it), XN_ERR_NOT_FOUND for an unknown
 *   case, item or actor (field "case", "item", "actor"), XN_ERR_FORBIDDEN for an actor without the
 *   post, role or unit (field "actor"), XN_ERR_STATE for a command the case's state does not allow now
 *   (field "type"), XN_ERR_INVALID for a value the rules refuse (a denial without reasons, an extension
 *   beyond the rule).
 *   The engine never reads the system clock: time comes with every command and every advance.
 *
 * Timers.  xn_engine_advance(now) fires every threshold reached by now: reminders, yellow and red cards,
 *   deemed acceptance (art. 32), deemed approval (超时默许), deemed joint-review consent, default
 *   ratings, violations. Each event carries the instant of its threshold, so one advance or many give the
 *   same events. xn_engine_next_timer says when something is next due: call advance then.
 *
 * Typed fast path.  xn_engine_advance_typed fills flat xn_event_info structs (seq, at_unix, kind
 *   XN_EVENT_*, clock XN_CLOCK_* or -1, signal XN_SIGNAL_* or -1, rule XN_RULE_* or -1, approve, deemed,
 *   case_id/case_len). case_id points to a NUL-terminated copy of the case number owned by the engine
 *   handle, the same pointer for the same case, valid until xn_engine_free; never free it.
 *
 * No event is lost.  Fired events that have not been delivered wait in the handle's queue: that happens
 *   when xn_engine_advance_typed gets a smaller array than the events due (*n_out == cap: call again),
 *   or after xn_engine_pending(now, &count), which fires into the queue and gives the count to size the
 *   array exactly. Every call that returns events (xn_engine_execute, xn_engine_advance,
 *   xn_engine_advance_typed) returns the queued ones first, so everything delivered, concatenated, is
 *   the gap-free event log in sequence order. xn_engine_queued counts the queue; xn_engine_snapshot is
 *   refused (XN_ERR_STATE) while it is not empty.
 *
 * Persistence.  xn_engine_snapshot / xn_engine_restore save and load the state (deterministic JSON);
 *   xn_engine_replay rebuilds it from the event log (the JSON arrays delivered, concatenated into one
 *   array). Both need the same policy, organisation and catalog; the result equals the live engine
 *   byte for byte in its snapshot.
 *
 * JOURNAL (xn_journal: an engine on a durable, tamper-evident journal; docs/journal.md)
 *
 * Acknowledged means durable.  xn_journal_open(path, policy, org, catalog, options) recovers the engine
 *   from a directory of hash-chained segment files (SHA-256, or SM3 with {"algorithm": "sm3"}).
 *   xn_journal_execute / xn_journal_advance / xn_journal_add_notice_json take what xn_engine_execute /
 *   xn_engine_advance / xn_engine_add_notice_json take and return the events only once they are written
 *   and synced as the durability option says ("every_record", the default: synced before the call
 *   returns; {"every_records": N}, {"every_millis": T}, "never": synced later, at xn_journal_flush and
 *   xn_journal_close). A write or sync error stops the journal (XN_ERR_IO, then for every later change:
 *   fail-stop); reopen to recover. The engine's state is read through the borrowed view
 *   xn_journal_engine gives, with the xn_engine_* functions that take a const xn_engine *.
 *
 * Damage and verification.  Opening a damaged journal fails with XN_ERR_CORRUPT (field "seq", the value
 *   the first bad sequence number); a torn last batch left by a crash is cut and reported
 *   (xn_journal_open_report_json). xn_journal_verify(path, checkpoint or NULL) answers XN_OK when the
 *   journal verifies, XN_ERR_CORRUPT with the report filled when it is damaged or disagrees with the
 *   checkpoint (xn_journal_checkpoint_json), XN_ERR_IO when it cannot be read.
 */

#ifndef XIAONENG_H
#define XIAONENG_H

/* Generated by cbindgen from bindings/c/src (lib.rs and its modules; names.rs is written by
 * scripts/generate from schemas/event.schema.json) with bindings/c/cbindgen.toml.
 * Do not edit: change the Rust source and regenerate (scripts/check-header --fix, which runs
 * cd bindings/c && cbindgen --quiet -o ../../include/xiaoneng.h); scripts/check-header fails when this
 * file is stale. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Version of this C ABI. It changes only when an existing function, type or value changes meaning or
 * layout; additions keep it. Compare with `xn_abi_version()` at run time to detect a mismatched library.
 */
#define XN_ABI_VERSION 1

/**
 * Result of every fallible call. The values are stable and never change meaning.
 *
 * `XN_ERR_PARSE` .. `XN_ERR_STATE` and `XN_ERR_NOT_FOUND` .. `XN_ERR_CORRUPT` are the core library's
 * error codes (the same numbers in Rust and Python). On any value other than `XN_OK`, `xn_last_error()`
 * describes what failed, and `xn_last_error_code()`, `xn_last_error_field()`, `xn_last_error_value()`
 * and `xn_last_error_reason()` give it as parts.
 */
enum xn_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Success.
     */
    XN_OK = 0,
    /**
     * A required pointer argument was NULL (a caller bug); the field is the argument's name
     * (`engine`, `out`, `command_json`, ...), the value is empty.
     */
    XN_ERR_NULL = 1,
    /**
     * A JSON or TOML document is malformed, or has an unknown, missing or mistyped field; the field is
     * the path in the document (e.g. `notices[0].days_off[1].start`, `at`; `.` for the document itself),
     * the reason what the parser says.
     */
    XN_ERR_PARSE = 2,
    /**
     * A value is well-formed but not allowed (an invalid date, an unknown enum value, a limit too
     * large, an extension the rule forbids, a denial without reasons, ...); the field names the field
     * or argument, the value quotes it.
     */
    XN_ERR_INVALID = 3,
    /**
     * A date lies outside the calendar's covered range, or a result would (e.g. the national calendar
     * covers 2004-01-01..=2026-12-31 until a notice for 2027 is added); or a size or number beyond what
     * the library can hold (`xn_engine_reserve` of more cases than memory allows, field `additional`).
     */
    XN_ERR_OUT_OF_RANGE = 4,
    /**
     * Not allowed now: the clock's or the case's state does not allow the command (resume when not
     * paused, any command after completion, a command earlier than the last recorded one, an extension
     * after expiry; an engine command the case's state refuses, field `type`; a snapshot while events
     * are queued).
     */
    XN_ERR_STATE = 5,
    /**
     * A string argument is not valid UTF-8 (a caller bug); the field is the argument's name, the reason
     * gives the byte offset.
     */
    XN_ERR_UTF8 = 6,
    /**
     * An internal error (a Rust panic) was caught at the boundary. Nothing was changed. Please report it.
     */
    XN_ERR_PANIC = 7,
    /**
     * A caller-supplied character buffer is too small for the text to be copied into it (e.g. the
     * staff id of `xn_org_acting_holder_info`). The function wrote the needed length (bytes, without
     * the NUL) to its length out-pointer and nothing else; call again with at least that length + 1.
     * The field is the buffer argument (`staff_buf`), the value its capacity.
     */
    XN_ERR_BUFFER_TOO_SMALL = 8,
    /**
     * An unknown case, record, item or actor (HTTP 404 for a portal). `xn_last_error_field()` names
     * the field (`case`, `item`, `actor`, ...).
     */
    XN_ERR_NOT_FOUND = 9,
    /**
     * The actor lacks the post, role or unit the action needs (HTTP 403). The field is `actor`; `viewer`
     * for a view only some may see (`xn_engine_complainants_json`).
     */
    XN_ERR_FORBIDDEN = 10,
    /**
     * Reading or writing a journal's files failed; the field names the file or operation, the reason
     * what the system said. A journal that met one is stopped: every later append answers this too.
     */
    XN_ERR_IO = 11,
    /**
     * Stored data is damaged: a journal record or snapshot edited, removed, reordered or inserted, or a
     * history that differs from a checkpoint. The field is `seq` and the value the first bad sequence
     * number (or the field names the file).
     */
    XN_ERR_CORRUPT = 12,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum xn_status xn_status;
#else
typedef int32_t xn_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * State of a clock at an instant.
 */
enum xn_clock_state
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The instant is before the start (未开始).
     */
    XN_STATE_NOT_STARTED = 0,
    /**
     * Counting, deadline not reached (计时中).
     */
    XN_STATE_RUNNING = 1,
    /**
     * Stopped by a pause (暂停计时); see `paused_kind`.
     */
    XN_STATE_PAUSED = 2,
    /**
     * Deadline passed, not completed (已超期).
     */
    XN_STATE_OVERDUE = 3,
    /**
     * Completed before the deadline (按时办结).
     */
    XN_STATE_COMPLETED_ON_TIME = 4,
    /**
     * Completed at or after the deadline (超期办结).
     */
    XN_STATE_COMPLETED_LATE = 5,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum xn_clock_state xn_clock_state;
#else
typedef int32_t xn_clock_state;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * E-supervision signal (电子监察信号), in increasing severity.
 */
enum xn_signal
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Nothing to signal (正常).
     */
    XN_SIGNAL_NONE = 0,
    /**
     * Reminder (预警): the deadline is near.
     */
    XN_SIGNAL_REMINDER = 1,
    /**
     * Yellow card (黄牌): overdue.
     */
    XN_SIGNAL_YELLOW = 2,
    /**
     * Red card (红牌): overdue past the further limit or the statutory deadline.
     */
    XN_SIGNAL_RED = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum xn_signal xn_signal;
#else
typedef int32_t xn_signal;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The unit a limit is counted in.
 */
enum xn_time_unit
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Working days (工作日). JSON `"working_days"`.
     */
    XN_UNIT_WORKING_DAYS = 0,
    /**
     * Natural days (自然日). JSON `"natural_days"`.
     */
    XN_UNIT_NATURAL_DAYS = 1,
    /**
     * Hours of office time on working days (工作小时). JSON `"working_hours"`.
     */
    XN_UNIT_WORKING_HOURS = 2,
    /**
     * Natural hours (小时). JSON `"natural_hours"`.
     */
    XN_UNIT_NATURAL_HOURS = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum xn_time_unit xn_time_unit;
#else
typedef int32_t xn_time_unit;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What `budget`, `used` and `remaining` of a status count.
 */
enum xn_tick
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Whole days (day units).
     */
    XN_TICK_DAY = 0,
    /**
     * Seconds (hour units).
     */
    XN_TICK_SECOND = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum xn_tick xn_tick;
#else
typedef int32_t xn_tick;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A working-day calendar (工作日历): covered range of days, which of them are working days, office
 * hours and UTC offset.
 *
 * Opaque. Create with `xn_calendar_china`, `xn_calendar_from_json`, `xn_calendar_from_toml` or
 * `xn_calendar_with_notice`; free with `xn_calendar_free`. Immutable: one handle may be used by any
 * number of threads at once, without locking.
 */
typedef struct xn_calendar xn_calendar;

/**
 * A catalog of service items (政务服务事项): code, name, responsible unit, kind, statutory and pledged
 * limits, materials, fees, legal basis, procedure steps with their posts, joint-review parties, ...,
 * validated against an organisation.
 *
 * Opaque. Create with `xn_catalog_from_json` or `xn_catalog_from_toml`; free with `xn_catalog_free`.
 * Immutable: one handle may be used by any number of threads at once, without locking. It does not
 * keep the org it was checked against; the guide functions take an org to look up unit names and post
 * titles (pass the same one).
 */
typedef struct xn_catalog xn_catalog;

/**
 * A time-limit clock (时限): a limit (working/natural days or hours) started at an instant, with its
 * pauses, extensions and completion. Everything else (deadline, used, signal) is derived on demand
 * from a calendar and "now" (`xn_clock_status`), so a corrected calendar recomputes it.
 *
 * Opaque. Create with `xn_clock_from_json`; free with `xn_clock_free`. Mutable: a handle must not be
 * used by two threads at once (lock it yourself, or use one handle per thread); different handles are
 * independent. A failed command (pause, resume, extend, complete) changes nothing.
 */
typedef struct xn_clock xn_clock;

/**
 * A case-handling engine (效能引擎): cases (办件) with their clocks, joint reviews, ratings and
 * violations, under a policy, an organisation and a catalog.
 *
 * Opaque. Create with `xn_engine_new`, `xn_engine_restore` or `xn_engine_replay`; free with
 * `xn_engine_free`. Mutable: do not use one engine handle from two threads at the same time (lock it
 * yourself); different engine handles are independent and may be used from different threads at once.
 *
 * `xn_journal_engine` lends a read-only `const xn_engine *` view of a journal's engine: every function
 * taking a `const xn_engine *` reads it; the functions that change an engine refuse it (`XN_ERR_STATE`,
 * field `engine`: a journal's engine changes only through the `xn_journal_*` functions), and
 * `xn_engine_free` ignores it.
 */
typedef struct xn_engine xn_engine;

/**
 * An engine on a journal (账本): every event it produces is appended to a hash-chained journal
 * directory and acknowledged only once durable under the journal's durability policy.
 *
 * Opaque. Open with `xn_journal_open`, close durably with `xn_journal_close`, free with
 * `xn_journal_free`. Mutable: do not use one journal handle (or its engine view, `xn_journal_engine`)
 * from two threads at the same time; different journals on different directories are independent. A
 * directory is open in at most one handle (of any process) at a time: opening it takes a lock on its
 * `LOCK` file, and a second open is `XN_ERR_IO` until the first is closed or freed.
 */
typedef struct xn_journal xn_journal;

/**
 * An organisation (组织机构): units (nested through `parent`, each with an optional head), posts (岗位)
 * with an A holder and an optional backup (B) post, staff with roles, and absences.
 *
 * Opaque. Create with `xn_org_from_json` or `xn_org_from_toml`; free with `xn_org_free`. Immutable: one
 * handle may be used by any number of threads at once, without locking. Catalogs are validated against
 * an org but do not keep it: an org may be freed while catalogs checked against it live on.
 */
typedef struct xn_org xn_org;

/**
 * A jurisdiction's efficiency rules (制度包): calendar, start-day rule, signal thresholds, the
 * one-time-notice, negative-report and delivery limits, extension rules, default on timeout per item
 * kind, joint-review rules, A/B rules and ratings.
 *
 * Opaque. Create with `xn_policy_from_json` or `xn_policy_from_toml`; free with `xn_policy_free`.
 * Immutable: one handle may be used by any number of threads at once, without locking.
 */
typedef struct xn_policy xn_policy;

/**
 * A byte buffer owned by the library, returned by the `*_json` functions.
 *
 * `data` holds `len` bytes of UTF-8 text followed by a NUL byte (not counted in `len`), so it can be
 * used as a C string. Free it with `xn_buffer_free`. A zeroed buffer (`{NULL, 0}`) is empty and may be
 * freed too. Functions that fill a buffer overwrite it without freeing what it held.
 */
typedef struct {
    /**
     * The text, NUL-terminated; NULL when empty.
     */
    char *data;
    /**
     * Length in bytes, without the terminating NUL.
     */
    size_t len;
} xn_buffer;

/**
 * A calendar date (proleptic Gregorian), e.g. `{2026, 10, 8}`.
 */
typedef struct {
    /**
     * Year, e.g. 2026.
     */
    int32_t year;
    /**
     * Month, 1..=12.
     */
    uint8_t month;
    /**
     * Day of the month, 1..=31.
     */
    uint8_t day;
} xn_date;

/**
 * Which day a count of working days starts from. One of `XN_START_NEXT_DAY`, `XN_START_SAME_DAY`;
 * any other value is rejected with `XN_ERR_INVALID`.
 */
typedef int32_t xn_start_rule;

/**
 * Where a deadline day ends. One of `XN_END_OF_DAY`, `XN_END_CLOSE_OF_OFFICE`; any other value is
 * rejected with `XN_ERR_INVALID`.
 */
typedef int32_t xn_deadline_end;

/**
 * Why a clock is paused (行政许可法 art. 45: periods not counted). One of the `XN_PAUSE_*` values;
 * any other value is rejected with `XN_ERR_INVALID`. In `xn_clock_info.paused_kind`, -1 means
 * "not paused".
 */
typedef int32_t xn_pause_kind;

/**
 * What a clock says at an instant, filled by `xn_clock_status` (C cannot name a type like a function,
 * hence `_info`). Instants are Unix seconds, days are day numbers.
 * The `has_*` flags say whether the field after them is meaningful (it is 0 when not).
 */
typedef struct {
    /**
     * State at the instant asked about.
     */
    xn_clock_state state;
    /**
     * E-supervision signal at that instant.
     */
    xn_signal signal;
    /**
     * The supervised deadline (the pledged one when there is one): an act at or after it is late.
     * While paused, the deadline if counting resumed at the instant asked about.
     */
    int64_t deadline_unix;
    /**
     * The last day of the supervised limit (local date, day number).
     */
    int64_t deadline_day;
    /**
     * The statutory deadline (法定时限); equal to `deadline_unix` without a pledged limit.
     */
    int64_t statutory_deadline_unix;
    /**
     * The last day of the statutory limit.
     */
    int64_t statutory_deadline_day;
    /**
     * The limit's unit.
     */
    xn_time_unit unit;
    /**
     * What `budget`, `used`, `remaining` count: days, or seconds for hour units.
     */
    xn_tick tick;
    /**
     * The supervised limit plus extensions granted, in ticks.
     */
    int64_t budget;
    /**
     * Ticks counted so far (the current day included for day units); more than `budget` when overdue.
     */
    int64_t used;
    /**
     * `budget - used`; negative when overdue.
     */
    int64_t remaining;
    /**
     * Share of the budget used in basis points: `used / budget` (rounded half-up to 4 places) x 10000,
     * e.g. 3500 = 35 %. 10000 once started with a zero budget; 0 before the start.
     */
    int64_t share_used_bp;
    /**
     * Extensions granted so far.
     */
    uint32_t extensions;
    /**
     * The open pause's kind (an `xn_pause_kind`) when the state is `XN_STATE_PAUSED`, else -1.
     */
    int32_t paused_kind;
    /**
     * Whether the policy has a reminder; `reminder_unix` is when it starts.
     */
    bool has_reminder;
    /**
     * When the reminder (预警) starts.
     */
    int64_t reminder_unix;
    /**
     * Whether a red card is defined; `red_unix` is when it comes.
     */
    bool has_red;
    /**
     * When the red card (红牌) comes.
     */
    int64_t red_unix;
    /**
     * Whether anything changes later without a new command; `next_change_unix` is when.
     */
    bool has_next_change;
    /**
     * The next instant after the one asked about at which state or signal changes (for timers).
     */
    int64_t next_change_unix;
} xn_clock_info;

/**
 * Through which rule a staff member acts for a post (`xn_acting.via`): one of the `XN_VIA_*` values.
 */
typedef int32_t xn_via;

/**
 * Who acts for a post, filled by `xn_org_acting_holder_info` (the typed form of `xn_org_acting_holder`;
 * the staff id itself goes to a caller buffer).
 */
typedef struct {
    /**
     * The rule that applies: `XN_VIA_HOLDER`, `XN_VIA_BACKUP` or `XN_VIA_UNIT_HEAD`.
     */
    xn_via via;
    /**
     * Whether this cover breaks the A/B system (true exactly when `via` is `XN_VIA_UNIT_HEAD`): record it.
     */
    bool violation;
    /**
     * How many holders are away: 0 for `XN_VIA_HOLDER`; 0 or 1 for `XN_VIA_BACKUP` (0 when the post has
     * no holder); 0..=2 for `XN_VIA_UNIT_HEAD`. Their ids are in the JSON of `xn_org_acting_holder`.
     */
    size_t absent_count;
} xn_acting;

/**
 * A role a staff member holds (checked by the engine before it accepts a command). One of the
 * `XN_ROLE_*` values; any other value is rejected with `XN_ERR_INVALID`.
 */
typedef int32_t xn_role;

/**
 * The kind of an event (`xn_event_info.kind`): one of the `XN_EVENT_*` values, the event's JSON `type`.
 */
typedef int32_t xn_event_kind;

/**
 * Which clock of a case a signal concerns (`xn_event_info.clock`): one of the `XN_CLOCK_*` values, or
 * -1 (`XN_CLOCK_NONE`) for events without a clock.
 */
typedef int32_t xn_clock_name;

/**
 * A rule broken (`xn_event_info.rule` of an `XN_EVENT_VIOLATION`): one of the `XN_RULE_*` values, or
 * -1 (`XN_RULE_NONE`) for other events.
 */
typedef int32_t xn_rule;

/**
 * One event as a flat struct, filled by `xn_engine_advance_typed` (the JSON of the same event, from
 * `xn_engine_advance`, has every detail).
 *
 * Fields that do not apply to the kind hold -1 (`clock`, `signal`, `rule`, `approve`) or false
 * (`deemed`). `case_id` points to a NUL-terminated copy of the case number owned by the engine handle:
 * it stays valid, and the same pointer is given for the same case, until `xn_engine_free` of that
 * handle; never free it. `case_len` is its length in bytes without the NUL (use it if case numbers may
 * contain NUL bytes).
 */
typedef struct {
    /**
     * Sequence number, from 1 without gaps across everything an engine delivers.
     */
    uint64_t seq;
    /**
     * When it happened, Unix seconds: for timer events the instant the threshold was reached, not when
     * `advance` ran.
     */
    int64_t at_unix;
    /**
     * The case number (NUL-terminated, owned by the engine handle, valid until it is freed).
     */
    const char *case_id;
    /**
     * Length of `case_id` in bytes, without the NUL.
     */
    size_t case_len;
    /**
     * What happened: an `XN_EVENT_*` value.
     */
    xn_event_kind kind;
    /**
     * For `XN_EVENT_SIGNAL_RAISED`: which clock (`XN_CLOCK_*`); else -1.
     */
    xn_clock_name clock;
    /**
     * For `XN_EVENT_SIGNAL_RAISED`: the new signal (`XN_SIGNAL_REMINDER`, `XN_SIGNAL_YELLOW`,
     * `XN_SIGNAL_RED`); else -1.
     */
    int32_t signal;
    /**
     * For `XN_EVENT_VIOLATION`: the rule broken (`XN_RULE_*`); else -1.
     */
    xn_rule rule;
    /**
     * For `XN_EVENT_DECIDED`: 1 approved, 0 denied; else -1.
     */
    int32_t approve;
    /**
     * Deemed by rule rather than done by a person: a deemed acceptance (art. 32), a deemed decision on
     * timeout, a deemed joint-review opinion, a default rating. False for other events.
     */
    bool deemed;
} xn_event_info;

/**
 * The start day is not counted: N working days after day D end with the N-th working day after D
 * (the statutory rule, Civil Code art. 201). The default.
 */
#define XN_START_NEXT_DAY 0

/**
 * The start day counts as the first day when it is a working day (some local rules).
 */
#define XN_START_SAME_DAY 1

/**
 * At local midnight ending the deadline day. The default.
 */
#define XN_END_OF_DAY 0

/**
 * At the close of office hours on the deadline day (the calendar must define office hours).
 */
#define XN_END_CLOSE_OF_OFFICE 1

/**
 * Awaiting the applicant's corrected materials (补正). JSON `"correction"`.
 */
#define XN_PAUSE_CORRECTION 0

/**
 * A hearing (听证). JSON `"hearing"`.
 */
#define XN_PAUSE_HEARING 1

/**
 * Tendering (招标). JSON `"tendering"`.
 */
#define XN_PAUSE_TENDERING 2

/**
 * An auction (拍卖). JSON `"auction"`.
 */
#define XN_PAUSE_AUCTION 3

/**
 * Inspection, testing or quarantine (检验、检测、检疫). JSON `"inspection"`.
 */
#define XN_PAUSE_INSPECTION 4

/**
 * Appraisal (鉴定). JSON `"appraisal"`.
 */
#define XN_PAUSE_APPRAISAL 5

/**
 * Expert review (专家评审). JSON `"expert_review"`.
 */
#define XN_PAUSE_EXPERT_REVIEW 6

/**
 * Another excluded period named by law or policy. JSON `"other"`.
 */
#define XN_PAUSE_OTHER 7

/**
 * The A holder of the post is present and acts. JSON `"holder"`.
 */
#define XN_VIA_HOLDER 0

/**
 * The A holder is away (or the post is vacant); the holder of the backup (B) post acts. JSON `"backup"`.
 */
#define XN_VIA_BACKUP 1

/**
 * A and B are both away (or there is no backup); the unit head covers, a violation. JSON `"unit_head"`.
 */
#define XN_VIA_UNIT_HEAD 2

/**
 * Window clerk (窗口工作人员): receives, notifies, accepts. JSON `"window_clerk"`.
 */
#define XN_ROLE_WINDOW_CLERK 0

/**
 * Reviewer (审核人员): handles review steps. JSON `"reviewer"`.
 */
#define XN_ROLE_REVIEWER 1

/**
 * Chief representative (首席代表): signs for the unit in the service hall. JSON `"chief_representative"`.
 */
#define XN_ROLE_CHIEF_REPRESENTATIVE 2

/**
 * Unit head (单位负责人): extensions, sign-off, cover when A and B are both away. JSON `"unit_head"`.
 */
#define XN_ROLE_UNIT_HEAD 3

/**
 * Supervisor (效能监督): complaints, inspections, sanctions. JSON `"supervisor"`.
 */
#define XN_ROLE_SUPERVISOR 4

/**
 * Materials received (收件). JSON `"received"`.
 */
#define XN_EVENT_RECEIVED 0

/**
 * One-time notice of corrections given (一次性告知). JSON `"corrections_notified"`.
 */
#define XN_EVENT_CORRECTIONS_NOTIFIED 1

/**
 * Corrected materials handed in (补正). JSON `"corrections_submitted"`.
 */
#define XN_EVENT_CORRECTIONS_SUBMITTED 2

/**
 * Accepted (受理); `deemed` when the notice limit passed (art. 32), backdated to receipt, or when the
 * acceptance limit after corrections passed, from the corrections (`effective` says which). JSON
 * `"accepted"`.
 */
#define XN_EVENT_ACCEPTED 3

/**
 * Refused acceptance (不予受理). JSON `"refused"`.
 */
#define XN_EVENT_REFUSED 4

/**
 * Negative decision reported to the superior (否定报备). JSON `"negative_reported"`.
 */
#define XN_EVENT_NEGATIVE_REPORTED 5

/**
 * A procedure step completed. JSON `"step_completed"`.
 */
#define XN_EVENT_STEP_COMPLETED 6

/**
 * Clocks paused for a special procedure (art. 45). JSON `"paused"`.
 */
#define XN_EVENT_PAUSED 7

/**
 * Clocks resumed. JSON `"resumed"`.
 */
#define XN_EVENT_RESUMED 8

/**
 * Limit extended (延期, art. 42). JSON `"extended"`.
 */
#define XN_EVENT_EXTENDED 9

/**
 * Decided (决定); `approve` says which way, `deemed` when approved on timeout under a deemed-approval rule
 * (超时默许). JSON `"decided"`.
 */
#define XN_EVENT_DECIDED 10

/**
 * Delivered (送达); the case is closed. JSON `"delivered"`.
 */
#define XN_EVENT_DELIVERED 11

/**
 * Withdrawn; the case is closed. JSON `"withdrawn"`.
 */
#define XN_EVENT_WITHDRAWN 12

/**
 * A consulted department's opinion in joint review (会签), given or deemed (`deemed`: silence, absence,
 * unreasoned disagreement or an unclear reply). JSON `"joint_opinion"`.
 */
#define XN_EVENT_JOINT_OPINION 13

/**
 * A rating (好差评); `deemed` when the policy's default rating was recorded because none came in time. JSON
 * `"rated"`.
 */
#define XN_EVENT_RATED 14

/**
 * A bad rating verified and rectified. JSON `"rating_followed_up"`.
 */
#define XN_EVENT_RATING_FOLLOWED_UP 15

/**
 * An e-supervision signal (预警, 黄牌, 红牌) on a clock. JSON `"signal_raised"`.
 */
#define XN_EVENT_SIGNAL_RAISED 16

/**
 * The case escalated on timeout (policy rule `escalate`), to the supervisors of the efficiency office
 * (every staff member with the `supervisor` role) and the head of the case's unit. JSON `"escalated"`.
 */
#define XN_EVENT_ESCALATED 17

/**
 * A timer of the case could not be computed (e.g. a deadline beyond the calendar's covered range); the
 * case is no longer timed until the host corrects the calendar and restores the engine. JSON
 * `"timer_fault"`.
 */
#define XN_EVENT_TIMER_FAULT 18

/**
 * A rule was broken, with what trace-back (责任倒查) needs: the post whose duty it was, who acted for the
 * post at the instant of the breach, the responsible person, the responsible unit and its head (第一责任人).
 * Which post answers for which rule: docs/rules.md §1 "Accountability". JSON `"violation"`.
 */
#define XN_EVENT_VIOLATION 19

/**
 * An inquiry recorded (首问), with the staff member responsible for it. JSON `"inquiry_recorded"`.
 */
#define XN_EVENT_INQUIRY_RECORDED 20

/**
 * An inquiry answered, handled or guided. JSON `"inquiry_answered"`.
 */
#define XN_EVENT_INQUIRY_ANSWERED 21

/**
 * Terminated by the unit head (终止办理); the case is closed. JSON `"terminated"`.
 */
#define XN_EVENT_TERMINATED 22

/**
 * The applicant was told in writing of the right to request a hearing (告知听证权利, art. 47); the request
 * limit starts. JSON `"hearing_right_notified"`.
 */
#define XN_EVENT_HEARING_RIGHT_NOTIFIED 23

/**
 * The applicant requested a hearing (申请听证) in time; the hold limit starts and the decision clocks pause
 * (kind `hearing`, art. 45). JSON `"hearing_requested"`.
 */
#define XN_EVENT_HEARING_REQUESTED 24

/**
 * The request limit passed without a request: the right to a hearing ended (art. 47). JSON
 * `"hearing_right_lapsed"`.
 */
#define XN_EVENT_HEARING_RIGHT_LAPSED 25

/**
 * The hearing was held (举行听证); the decision clocks run again. JSON `"hearing_held"`.
 */
#define XN_EVENT_HEARING_HELD 26

/**
 * The case renews a licence expiring at `expiry` (延续, art. 50); `in_time` when it was applied for at
 * least the policy's lead (`renewal.lead`) before the expiry, so that it is deemed granted at the expiry
 * when undecided. JSON `"renewal_of"`.
 */
#define XN_EVENT_RENEWAL_OF 27

/**
 * A calendar change (a year notice added at run time, or a corrected one) moved the deadline of an open
 * clock (docs/rules.md §2). The event's `provisional` says whether the new deadline still rests on
 * provisional days. Recorded at the instant the notice was added; timers follow the new deadline. JSON
 * `"deadline_changed"`.
 */
#define XN_EVENT_DEADLINE_CHANGED 28

/**
 * The applicant's limit to hand in corrections (the policy's `corrections.applicant_limit`, from the
 * one-time notice) passed without them. Nothing is refused by itself: the window may now refuse
 * (`refuse`, stating the lapse) or still take corrections handed in late. JSON `"corrections_overdue"`.
 */
#define XN_EVENT_CORRECTIONS_OVERDUE 29

/**
 * An efficiency complaint registered (效能投诉登记) against a respondent unit; the acceptance limit starts.
 * `repeat_of` links a repeat of the same matter to the original complaint. JSON
 * `"complaint_registered"`.
 */
#define XN_EVENT_COMPLAINT_REGISTERED 30

/**
 * The complaint accepted, with its tier and handler; the handling limit starts. JSON
 * `"complaint_accepted"`.
 */
#define XN_EVENT_COMPLAINT_ACCEPTED 31

/**
 * The complaint not accepted (不予受理), with the reason; it is closed. JSON `"complaint_declined"`.
 */
#define XN_EVENT_COMPLAINT_DECLINED 32

/**
 * The handling limit extended once, with approval (the actor approved it). JSON `"complaint_extended"`.
 */
#define XN_EVENT_COMPLAINT_EXTENDED 33

/**
 * The handler's result, for review before closing. JSON `"complaint_handled"`.
 */
#define XN_EVENT_COMPLAINT_HANDLED 34

/**
 * Reviewed and approved (审核办结) by someone other than the handler; closed. JSON `"complaint_closed"`.
 */
#define XN_EVENT_COMPLAINT_CLOSED 35

/**
 * Reviewed and returned as unsatisfactory (退回重办), with the reason and a new handling limit. JSON
 * `"complaint_returned"`.
 */
#define XN_EVENT_COMPLAINT_RETURNED 36

/**
 * The named complainant was replied to. JSON `"complaint_replied"`.
 */
#define XN_EVENT_COMPLAINT_REPLIED 37

/**
 * A call-back to the complainant (回访): satisfied or not; not satisfied reopens the complaint. JSON
 * `"complaint_called_back"`.
 */
#define XN_EVENT_COMPLAINT_CALLED_BACK 38

/**
 * A periodic re-check (定期复查) of a closed complaint: whether the rectification holds; when it does not,
 * the complaint reopens. JSON `"complaint_rechecked"`.
 */
#define XN_EVENT_COMPLAINT_RECHECKED 39

/**
 * A duplicate letter merged into its original (合并办理); the duplicate keeps its complainant and closes,
 * the original carries the matter. JSON `"complaint_merged"`.
 */
#define XN_EVENT_COMPLAINT_MERGED 40

/**
 * A unit ordered to rectify a problem (下达整改通知); the signing limit starts. JSON
 * `"rectification_ordered"`.
 */
#define XN_EVENT_RECTIFICATION_ORDERED 41

/**
 * A rectification pledge signed (整改承诺书) with the five specifics; its clocks start. JSON
 * `"pledge_signed"`.
 */
#define XN_EVENT_PLEDGE_SIGNED 42

/**
 * A supervised item, key project or target pledge opened; its clocks start. JSON `"pledge_opened"`.
 */
#define XN_EVENT_PLEDGE_OPENED 43

/**
 * A progress report on a pledge. JSON `"pledge_reported"`.
 */
#define XN_EVENT_PLEDGE_REPORTED 44

/**
 * A pledge reported fulfilled, for verification; its deadline clock stops. JSON `"pledge_completed"`.
 */
#define XN_EVENT_PLEDGE_COMPLETED 45

/**
 * A completed pledge verified (验收): kept, or reopened with a new limit. JSON `"pledge_verified"`.
 */
#define XN_EVENT_PLEDGE_VERIFIED 46

/**
 * An accountability matter opened (问责): on a registered violation, or by a trigger from outside the
 * flow; the facts the ladder reads. JSON `"matter_opened"`.
 */
#define XN_EVENT_MATTER_OPENED 47

/**
 * The sanction the ladder proposes, with its derivation: nothing takes effect until a person decides.
 * JSON `"sanction_proposed"`.
 */
#define XN_EVENT_SANCTION_PROPOSED 48

/**
 * A supervisor confirmed or changed the proposal (with a recorded reason): the sanction holds, and is
 * filed (备案). JSON `"sanction_decided"`.
 */
#define XN_EVENT_SANCTION_DECIDED 49

/**
 * An inspection opened (明查暗访): the unit inspected, how, by whom, under which plan. JSON
 * `"inspection_opened"`.
 */
#define XN_EVENT_INSPECTION_OPENED 50

/**
 * A finding recorded (检查发现的问题), numbered from 1 in its inspection. JSON `"finding_recorded"`.
 */
#define XN_EVENT_FINDING_RECORDED 51

/**
 * The inspection's visit concluded, with its summary. JSON `"inspection_closed"`.
 */
#define XN_EVENT_INSPECTION_CLOSED 52

/**
 * A finding re-inspected (整改复查): rectified or not. JSON `"finding_reinspected"`.
 */
#define XN_EVENT_FINDING_REINSPECTED 53

/**
 * An inspection plan's commitment recorded before its period (暗访计划封存): the plan stays sealed. JSON
 * `"plan_committed"`.
 */
#define XN_EVENT_PLAN_COMMITTED 54

/**
 * An inspection plan revealed after its period: the seed and the request, from which anyone re-derives
 * the plan and checks the commitment. JSON `"plan_revealed"`.
 */
#define XN_EVENT_PLAN_REVEALED 55

/**
 * A key project or target pledge rated for a period by a member of a rater group (评议打分). JSON
 * `"pledge_rated"`.
 */
#define XN_EVENT_PLEDGE_RATED 56

/**
 * A kind this version of the table does not know (a library newer than its binding); read the JSON of
 * `xn_engine_advance` for it. Not produced by a consistent build.
 */
#define XN_EVENT_OTHER -1

/**
 * No clock: the event is not a signal.
 */
#define XN_CLOCK_NONE -1

/**
 * The one-time-notice limit from receipt (art. 32). JSON `"notice"`.
 */
#define XN_CLOCK_NOTICE 0

/**
 * The decision limit from acceptance (statutory and pledged, arts. 42-45). JSON `"decision"`.
 */
#define XN_CLOCK_DECISION 1

/**
 * The current procedure step's limit. JSON `"step"`.
 */
#define XN_CLOCK_STEP 2

/**
 * The negative-decision report limit after a refusal or denial. JSON `"negative_report"`.
 */
#define XN_CLOCK_NEGATIVE_REPORT 3

/**
 * The delivery limit after approval (art. 44). JSON `"delivery"`.
 */
#define XN_CLOCK_DELIVERY 4

/**
 * The joint-review consult limit. JSON `"consult"`.
 */
#define XN_CLOCK_CONSULT 5

/**
 * The follow-up limit of a bad rating. JSON `"rating_follow_up"`.
 */
#define XN_CLOCK_RATING_FOLLOW_UP 6

/**
 * The wait for a rating after closure (a default rating when it passes). JSON `"rating"`.
 */
#define XN_CLOCK_RATING 7

/**
 * The first-inquiry answer limit (首问). JSON `"inquiry"`.
 */
#define XN_CLOCK_INQUIRY 8

/**
 * The applicant's limit to request a hearing, from the notice of the right (art. 47: 5 days). JSON
 * `"hearing_request"`.
 */
#define XN_CLOCK_HEARING_REQUEST 9

/**
 * The limit to hold a requested hearing, from the request (art. 47: 20 days). JSON `"hearing"`.
 */
#define XN_CLOCK_HEARING 10

/**
 * The limit to decide acceptance once corrections are handed in (art. 32 (5); the policy's
 * `corrections.acceptance_limit`), from the corrections. JSON `"acceptance"`.
 */
#define XN_CLOCK_ACCEPTANCE 11

/**
 * The applicant's limit to hand in corrections, from the one-time notice (the policy's
 * `corrections.applicant_limit`; none by default). JSON `"corrections"`.
 */
#define XN_CLOCK_CORRECTIONS 12

/**
 * The efficiency office's limit to decide whether to accept a complaint, from its registration. JSON
 * `"complaint_acceptance"`.
 */
#define XN_CLOCK_COMPLAINT_ACCEPTANCE 13

/**
 * The limit to handle an accepted complaint, from its acceptance (or from a return or reopening). JSON
 * `"complaint_handling"`.
 */
#define XN_CLOCK_COMPLAINT_HANDLING 14

/**
 * The limit to reply to a named complainant, from the complaint's closing. JSON `"complaint_reply"`.
 */
#define XN_CLOCK_COMPLAINT_REPLY 15

/**
 * The unit head's limit to sign an ordered rectification pledge, from the order. JSON
 * `"pledge_signing"`.
 */
#define XN_CLOCK_PLEDGE_SIGNING 16

/**
 * A pledge's limit (定时限), from the signing or opening (or a failed verification). JSON
 * `"pledge_deadline"`.
 */
#define XN_CLOCK_PLEDGE_DEADLINE 17

/**
 * A pledge milestone's limit, from the signing or opening. JSON `"pledge_milestone"`.
 */
#define XN_CLOCK_PLEDGE_MILESTONE 18

/**
 * No rule: the event is not a violation.
 */
#define XN_RULE_NONE -1

/**
 * No one-time notice within its limit (arts. 32, 72). JSON `"late_one_time_notice"`.
 */
#define XN_RULE_LATE_ONE_TIME_NOTICE 0

/**
 * A second notice added items the applicant's new materials did not cause (arts. 32, 72). JSON
 * `"repeated_notice"`.
 */
#define XN_RULE_REPEATED_NOTICE 1

/**
 * A procedure step ran over its own limit. JSON `"step_over_limit"`.
 */
#define XN_RULE_STEP_OVER_LIMIT 2

/**
 * A and B both away; the unit head covered (AB岗工作制). JSON `"ab_both_absent"`.
 */
#define XN_RULE_AB_BOTH_ABSENT 3

/**
 * No negative-decision report within its limit (否定报备制). JSON `"late_negative_report"`.
 */
#define XN_RULE_LATE_NEGATIVE_REPORT 4

/**
 * The decision limit passed (arts. 42, 74). JSON `"decision_overdue"`.
 */
#define XN_RULE_DECISION_OVERDUE 5

/**
 * Delivery after its limit (art. 44). JSON `"late_delivery"`.
 */
#define XN_RULE_LATE_DELIVERY 6

/**
 * A consulted department did not reply in time. JSON `"late_consult_reply"`.
 */
#define XN_RULE_LATE_CONSULT_REPLY 7

/**
 * A bad rating not verified and rectified in time. JSON `"late_rating_follow_up"`.
 */
#define XN_RULE_LATE_RATING_FOLLOW_UP 8

/**
 * An inquiry not answered, handled or guided within its limit (首问负责制). JSON `"unanswered_inquiry"`.
 */
#define XN_RULE_UNANSWERED_INQUIRY 9

/**
 * A consulted unit absent without excuse from a joint review meeting or site survey, under a policy
 * without absence default (缺席默认). JSON `"unexcused_absence"`.
 */
#define XN_RULE_UNEXCUSED_ABSENCE 10

/**
 * A requested hearing not held within its limit (art. 47: 20 days of the request). JSON
 * `"late_hearing"`.
 */
#define XN_RULE_LATE_HEARING 11

/**
 * No acceptance decision (acceptance, refusal or a further notice) within the limit after the
 * corrections were handed in (art. 32 (5); the policy's `corrections.acceptance_limit`). JSON
 * `"late_acceptance"`.
 */
#define XN_RULE_LATE_ACCEPTANCE 12

/**
 * No decision on a complaint's acceptance within the policy's limit (效能投诉制). JSON
 * `"late_complaint_acceptance"`.
 */
#define XN_RULE_LATE_COMPLAINT_ACCEPTANCE 13

/**
 * An accepted complaint not handled within its limit (效能投诉制). JSON `"late_complaint_handling"`.
 */
#define XN_RULE_LATE_COMPLAINT_HANDLING 14

/**
 * A named complainant not replied to within the limit after closing (效能投诉制). JSON
 * `"late_complaint_reply"`.
 */
#define XN_RULE_LATE_COMPLAINT_REPLY 15

/**
 * A complaint found substantiated (wholly or in part) on review: the respondent's breach. JSON
 * `"substantiated_complaint"`.
 */
#define XN_RULE_SUBSTANTIATED_COMPLAINT 16

/**
 * An ordered rectification pledge not signed within the policy's limit (督查督办). JSON
 * `"late_pledge_signing"`.
 */
#define XN_RULE_LATE_PLEDGE_SIGNING 17

/**
 * A pledge milestone not reached within its limit (督查督办). JSON `"pledge_milestone_missed"`.
 */
#define XN_RULE_PLEDGE_MILESTONE_MISSED 18

/**
 * A pledge not fulfilled within its limit: against the responsible person and the responsible leader
 * (督查督办: 未按期完成的问责). JSON `"pledge_broken"`.
 */
#define XN_RULE_PLEDGE_BROKEN 19

/**
 * An accountability matter opened from outside the flow of records (media exposure, a leader's
 * instruction, a complaint unresolved past a limit): 问责启动 (失职追究制). JSON `"accountability_triggered"`.
 */
#define XN_RULE_ACCOUNTABILITY_TRIGGERED 20

/**
 * A problem an inspection found (明查暗访发现问题): against the person it names, else the unit head. JSON
 * `"inspection_finding"`.
 */
#define XN_RULE_INSPECTION_FINDING 21

/**
 * A finding to rectify found not rectified on re-inspection (整改复查未通过). JSON `"rectification_failed"`.
 */
#define XN_RULE_RECTIFICATION_FAILED 22

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The ABI version of the loaded library (`XN_ABI_VERSION` of the header it was built with).
 */
uint32_t xn_abi_version(void);

/**
 * The library's version, e.g. `"0.1.0"`: a static NUL-terminated string; never free it.
 */
const char *xn_version(void);

/**
 * The message of the most recent failed call on this thread, NUL-terminated; `""` when no call on
 * this thread has failed yet. It names the field or argument, the value and why it was rejected, e.g.
 * ``unknown `case` = C9: no case has this number``. Successful calls do not clear it, so read it right
 * after a status other than `XN_OK`.
 *
 * The pointer stays valid until the next `xn_` call on this thread other than the `xn_last_error*`
 * getters (they change nothing, so their pointers may be used together); never free it.
 */
const char *xn_last_error(void);

/**
 * The status the most recent failed call on this thread returned, or `XN_OK` when no call on this
 * thread has failed yet. Successful calls do not clear it. For an error handler far from the call (a
 * logger, a translation into HTTP statuses: docs/c-abi.md).
 */
xn_status xn_last_error_code(void);

/**
 * The field or argument the most recent failed call on this thread names, NUL-terminated: a path in a
 * document or command (`at`, `limit.amount`, `items[0].steps[0].post`, `.` for a whole document), an
 * engine field (`case`, `item`, `actor`, `type`, ...), or the name of a C argument (`engine`, `out`,
 * `command_json`, `staff_buf`, `rule`, ...), always for `XN_ERR_NULL`, `XN_ERR_UTF8`, `XN_ERR_PARSE`,
 * `XN_ERR_NOT_FOUND`, `XN_ERR_FORBIDDEN` and `XN_ERR_BUFFER_TOO_SMALL`. `""` when the error names none
 * (`XN_ERR_PANIC`, a date outside the calendar's range, ...) or no call has failed. Same lifetime as
 * `xn_last_error()`; never free it.
 */
const char *xn_last_error_field(void);

/**
 * The offending value of the most recent failed call on this thread as written, NUL-terminated (a
 * long value is cut to its first 200 bytes and says how long it was): e.g. `C9` for an unknown case,
 * `s-rev` for an actor refused, `accept` for a command the case's state refuses, the capacity given
 * for `XN_ERR_BUFFER_TOO_SMALL`, what was being computed for a date outside the calendar's range. `""`
 * when the error quotes none (`XN_ERR_NULL`, `XN_ERR_UTF8`, `XN_ERR_PARSE`, `XN_ERR_PANIC`, ...) or no
 * call has failed. Same lifetime as `xn_last_error()`; never free it.
 */
const char *xn_last_error_value(void);

/**
 * Why the most recent failed call on this thread was refused, without the field and value,
 * NUL-terminated: e.g. `no case has this number`, `needs one of the roles unit_head`, `must not be
 * NULL`, the parser's message for `XN_ERR_PARSE`. Never `""` after a failure (an error without parts
 * gives its whole message); `""` when no call has failed. Same lifetime as `xn_last_error()`; never
 * free it.
 */
const char *xn_last_error_reason(void);

/**
 * Frees a buffer's bytes and sets it back to `{NULL, 0}`. NULL, a zeroed buffer, and a buffer already
 * freed by this function are all fine (nothing happens).
 *
 * # Safety
 *
 * `buf` is NULL or points to an `xn_buffer` that is zeroed or was filled by this library.
 */
void xn_buffer_free(xn_buffer *buf);

/**
 * The day number (days since 1970-01-01) of a date: `{1970, 1, 1}` is 0, `{2026, 10, 1}` is 20727.
 *
 * Errors: `XN_ERR_INVALID` when `date` is not a calendar date (e.g. February 30).
 *
 * # Safety
 *
 * `out_day` is NULL or points to writable memory.
 */
xn_status xn_date_to_day(xn_date date, int64_t *out_day);

/**
 * The date of a day number (days since 1970-01-01).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` beyond the representable dates (about +-262,000 years).
 *
 * # Safety
 *
 * `out_date` is NULL or points to writable memory.
 */
xn_status xn_day_to_date(int64_t day, xn_date *out_date);

/**
 * The bundled national calendar of the PRC: 2004-01-01..=2026-12-31, UTC+08:00, weekends off except
 * the State Council's makeup workdays (调休上班), every announced holiday day off, and the example office
 * hours 08:30-12:00 and 14:30-17:30. Same as `xn_calendar_from_json` of `{"schema": 1, "base": "china"}`.
 *
 * On success `*out` is a new handle; free it with `xn_calendar_free`.
 *
 * # Safety
 *
 * `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_china(xn_calendar **out);

/**
 * Builds a calendar from its JSON definition (`json_len` bytes of UTF-8 at `json`), e.g.
 * `{"schema": 1, "base": "china", "days_off": [{"start": "2026-03-05", "name": "local festival"}]}` or a
 * custom one with `"range": {"start": ..., "end": ...}`, `"utc_offset"`, `"weekly_rest_days"`,
 * `"notices"`, `"workdays"` and `"office_hours": [{"start": "08:30", "end": "12:00"}, ...]`.
 *
 * On success `*out` is a new handle; free it with `xn_calendar_free`.
 *
 * Errors: `XN_ERR_PARSE` (malformed document or unknown field, naming the field path),
 * `XN_ERR_INVALID` (e.g. a day both off and worked, overlapping office hours), `XN_ERR_UTF8`, `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_from_json(const char *json, size_t json_len, xn_calendar **out);

/**
 * Builds a calendar from a TOML definition with the same fields as the JSON one (dates may be TOML
 * dates or strings). On success `*out` is a new handle; free it with `xn_calendar_free`.
 *
 * Errors: as `xn_calendar_from_json`.
 *
 * # Safety
 *
 * `toml` is NULL or points to `toml_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_from_toml(const char *toml, size_t toml_len, xn_calendar **out);

/**
 * A new calendar: `cal` plus one year notice (e.g. next year's State Council holiday arrangement,
 * published in autumn), as JSON: `{"year": 2027, "days_off": [{"start": "2027-01-01", "end":
 * "2027-01-03", "name": "元旦"}, ...], "workdays": ["2027-02-07", ...]}`. A notice for the year after the
 * last covered one extends the range by that year; a notice for a covered year replaces that year.
 * `cal` is unchanged. On success `*out` is a new handle; free it with `xn_calendar_free`.
 *
 * Errors: `XN_ERR_PARSE` (naming the field), `XN_ERR_INVALID` (a gap, a day outside the notice's year,
 * a day both off and worked), `XN_ERR_UTF8`, `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `json` is NULL or points to `json_len` readable bytes; `out`
 * is NULL or points to writable memory.
 */
xn_status xn_calendar_with_notice(const xn_calendar *cal,
                                  const char *json,
                                  size_t json_len,
                                  xn_calendar **out);

/**
 * The calendar's definition as JSON; `xn_calendar_from_json` of it builds an equal calendar. Fills
 * `*out` (free it with `xn_buffer_free`).
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_to_json(const xn_calendar *cal, xn_buffer *out);

/**
 * Frees a calendar handle. NULL is fine (nothing happens). Handles derived from it
 * (`xn_calendar_with_notice`) stay valid.
 *
 * # Safety
 *
 * `cal` is NULL or a live handle from this library, not used by any thread afterwards.
 */
void xn_calendar_free(xn_calendar *cal);

/**
 * The covered range as day numbers, both inclusive (the national calendar: 2004-01-01 = 12418 ..
 * 2026-12-31 = 20818). Every day-level function fails with `XN_ERR_OUT_OF_RANGE` outside it.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `first_day`, `last_day` are NULL or point to writable memory.
 */
xn_status xn_calendar_range(const xn_calendar *cal, int64_t *first_day, int64_t *last_day);

/**
 * The calendar's offset of local time from UTC, in seconds (China: 28800 = +08:00). Local dates of
 * instants (`xn_calendar_local_day`) and deadline instants use it.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_seconds` is NULL or points to writable memory.
 */
xn_status xn_calendar_utc_offset(const xn_calendar *cal, int32_t *out_seconds);

/**
 * The local day number of an instant (Unix seconds) in the calendar's zone: 2026-09-30T16:30:00Z is
 * 2026-10-01T00:30+08:00, so the national calendar puts it on day 2026-10-01.
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` for an instant that is not representable.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
 */
xn_status xn_calendar_local_day(const xn_calendar *cal, int64_t at_unix, int64_t *out_day);

/**
 * Whether `day` (a day number) is a working day: a Monday-Friday that is not a holiday, or a makeup
 * workday (调休上班). Example: 2026-10-01..07 are off, Saturday 2026-10-10 is worked.
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` when `day` is not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_is_workday(const xn_calendar *cal, int64_t day, bool *out);

/**
 * `xn_calendar_is_workday` on a date.
 *
 * Errors: `XN_ERR_INVALID` when `date` is not a calendar date; `XN_ERR_OUT_OF_RANGE` when not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_is_workday_ymd(const xn_calendar *cal, xn_date date, bool *out);

/**
 * The `n`-th working day after `day` (n > 0), before it (n < 0), or `day` itself (n = 0), as a day
 * number. Under `XN_START_NEXT_DAY` this is "within n working days of day": 20 working days after
 * 2026-02-13 is 2026-03-19; 5 after 2026-09-30 is 2026-10-13. Under `XN_START_SAME_DAY` a forward
 * count includes `day` itself when it is a working day. Backward counts and 0 ignore the rule.
 *
 * Errors: `XN_ERR_INVALID` for an unknown `rule`; `XN_ERR_OUT_OF_RANGE` when `day` or the result is
 * not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
 */
xn_status xn_calendar_add_workdays(const xn_calendar *cal,
                                   int64_t day,
                                   int64_t n,
                                   xn_start_rule rule,
                                   int64_t *out_day);

/**
 * `xn_calendar_add_workdays` on dates.
 *
 * Errors: as `xn_calendar_add_workdays`, and `XN_ERR_INVALID` when `date` is not a calendar date.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_date` is NULL or points to writable memory.
 */
xn_status xn_calendar_add_workdays_ymd(const xn_calendar *cal,
                                       xn_date date,
                                       int64_t n,
                                       xn_start_rule rule,
                                       xn_date *out_date);

/**
 * Working days `d` with `from < d <= to` (with `XN_START_SAME_DAY` and `from <= to`, `from` counts
 * too); negative when `to < from`. `workdays_between(d, add_workdays(d, n)) == n` for n >= 0.
 *
 * Errors: `XN_ERR_INVALID` for an unknown `rule`; `XN_ERR_OUT_OF_RANGE` when a day is not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_workdays_between(const xn_calendar *cal,
                                       int64_t from_day,
                                       int64_t to_day,
                                       xn_start_rule rule,
                                       int64_t *out);

/**
 * `xn_calendar_workdays_between` on dates.
 *
 * Errors: as `xn_calendar_workdays_between`, and `XN_ERR_INVALID` for a date that does not exist.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out` is NULL or points to writable memory.
 */
xn_status xn_calendar_workdays_between_ymd(const xn_calendar *cal,
                                           xn_date from,
                                           xn_date to,
                                           xn_start_rule rule,
                                           int64_t *out);

/**
 * The first working day strictly after `day` (e.g. after 2026-09-30 comes 2026-10-08).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` when `day` or the result is not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
 */
xn_status xn_calendar_next_workday(const xn_calendar *cal, int64_t day, int64_t *out_day);

/**
 * The last working day strictly before `day` (e.g. before 2026-10-08 comes 2026-09-30).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` when `day` or the result is not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_day` is NULL or points to writable memory.
 */
xn_status xn_calendar_previous_workday(const xn_calendar *cal, int64_t day, int64_t *out_day);

/**
 * `xn_calendar_is_workday` over an array: `out[i]` = whether `days[i]` is a working day, for `i` in
 * `0..len`. Arrays may be NULL when `len` is 0; `out` must not overlap `days`.
 *
 * On an element's error, returns its status, sets `*failed_index` (when not NULL) to the first failing
 * index, and leaves `out[0..failed_index)` written and the rest unspecified; the message starts with
 * `element <index>:`.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `days`/`out` point to `len` readable/writable elements;
 * `failed_index` is NULL or points to writable memory.
 */
xn_status xn_calendar_is_workday_batch(const xn_calendar *cal,
                                       const int64_t *days,
                                       size_t len,
                                       bool *out,
                                       size_t *failed_index);

/**
 * `xn_calendar_add_workdays` over arrays: `out[i]` = the `n[i]`-th working day from `days[i]`.
 * Arrays may be NULL when `len` is 0; `out` must not overlap `days` or `n`. Errors as in
 * `xn_calendar_is_workday_batch` (first failing index in `*failed_index`, `out` partly written).
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `days`, `n`, `out` point to `len` elements each;
 * `failed_index` is NULL or points to writable memory.
 */
xn_status xn_calendar_add_workdays_batch(const xn_calendar *cal,
                                         const int64_t *days,
                                         const int64_t *n,
                                         size_t len,
                                         xn_start_rule rule,
                                         int64_t *out,
                                         size_t *failed_index);

/**
 * `xn_calendar_workdays_between` over arrays: `out[i]` = working days in `(from[i], to[i]]`. Arrays may
 * be NULL when `len` is 0; `out` must not overlap `from` or `to`. Errors as in
 * `xn_calendar_is_workday_batch`.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `from_days`, `to_days`, `out` point to `len` elements each;
 * `failed_index` is NULL or points to writable memory.
 */
xn_status xn_calendar_workdays_between_batch(const xn_calendar *cal,
                                             const int64_t *from_days,
                                             const int64_t *to_days,
                                             size_t len,
                                             xn_start_rule rule,
                                             int64_t *out,
                                             size_t *failed_index);

/**
 * The earliest instant (Unix seconds) by which `seconds` of office time have passed since `at_unix`
 * (negative goes back). With the national calendar's office hours 08:30-12:00 and 14:30-17:30, two
 * working hours (7200 s) from 2026-09-30T16:30+08:00 end at 2026-10-08T09:30+08:00. Ending exactly at
 * a close gives the close, not the next opening.
 *
 * Errors: `XN_ERR_INVALID` when the calendar has no office hours; `XN_ERR_OUT_OF_RANGE` when the
 * instant's local date or the result is not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_unix` is NULL or points to writable memory.
 */
xn_status xn_calendar_add_working_seconds(const xn_calendar *cal,
                                          int64_t at_unix,
                                          int64_t seconds,
                                          int64_t *out_unix);

/**
 * Office seconds in `[from_unix, to_unix)`; negative when `to_unix < from_unix`.
 *
 * Errors: `XN_ERR_INVALID` when the calendar has no office hours; `XN_ERR_OUT_OF_RANGE` when an
 * instant's local date is not covered.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_seconds` is NULL or points to writable memory.
 */
xn_status xn_calendar_working_seconds_between(const xn_calendar *cal,
                                              int64_t from_unix,
                                              int64_t to_unix,
                                              int64_t *out_seconds);

/**
 * The instant (Unix seconds) a limit whose last day is `day` expires: local midnight after `day`
 * (`XN_END_OF_DAY`) or the close of office hours on `day` (`XN_END_CLOSE_OF_OFFICE`). An act at or
 * after this instant is late. `day` need not be covered (only the UTC offset and office hours are used).
 *
 * Errors: `XN_ERR_INVALID` for an unknown `end`, or `XN_END_CLOSE_OF_OFFICE` without office hours;
 * `XN_ERR_OUT_OF_RANGE` for a day that is not representable.
 *
 * # Safety
 *
 * `cal` is NULL or a live calendar handle; `out_unix` is NULL or points to writable memory.
 */
xn_status xn_calendar_deadline_instant(const xn_calendar *cal,
                                       int64_t day,
                                       xn_deadline_end end,
                                       int64_t *out_unix);

/**
 * Reads a clock from its JSON document, e.g.
 * `{"schema": 1, "limit": {"unit": "working_days", "amount": 20}, "started_at": "2026-09-29T10:00:00+08:00",
 * "extension_rule": {"max_count": 1, "max_total": 10}, "signals": {"reminder_before": {"unit":
 * "working_days", "amount": 3}}}`. Optional fields: `pledged`, `start_rule` (`"next_day"`/`"same_day"`),
 * `deadline_end` (`"end_of_day"`/`"close_of_office"`), `extension_rule`, `signals`, and what was recorded:
 * `pauses`, `extensions`, `completed_at`. Units: `working_days`, `natural_days`, `working_hours`,
 * `natural_hours`. On success `*out` is a new handle; free it with `xn_clock_free`.
 *
 * Errors: `XN_ERR_PARSE` naming the field path; `XN_ERR_INVALID` for an inconsistent document (events
 * out of order, a pledged limit above the statutory one, ...), naming the field.
 *
 * # Safety
 *
 * `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_clock_from_json(const char *json, size_t json_len, xn_clock **out);

/**
 * The clock as JSON (configuration and everything recorded); `xn_clock_from_json` reads it back
 * unchanged. Persist this. Fills `*out` (free it with `xn_buffer_free`).
 *
 * # Safety
 *
 * `clock` is NULL or a live clock handle; `out` is NULL or points to writable memory.
 */
xn_status xn_clock_to_json(const xn_clock *clock, xn_buffer *out);

/**
 * Frees a clock handle. NULL is fine (nothing happens).
 *
 * # Safety
 *
 * `clock` is NULL or a live handle from this library, not used afterwards.
 */
void xn_clock_free(xn_clock *clock);

/**
 * Stops the clock at `at_unix` for an excluded period (art. 45) or a correction. `note` (free text,
 * e.g. the written notice) may be NULL with `note_len` 0; an empty note is no note. The day a pause
 * starts counts; counting resumes the day after it ends.
 *
 * Errors: `XN_ERR_INVALID` for an unknown `kind`; `XN_ERR_STATE` when completed, already paused, or
 * `at_unix` is earlier than the last recorded event. On error the clock is unchanged.
 *
 * # Safety
 *
 * `clock` is NULL or a live clock handle (not in use by another thread); `note` is NULL or points to
 * `note_len` readable bytes.
 */
xn_status xn_clock_pause(xn_clock *clock,
                         xn_pause_kind kind,
                         int64_t at_unix,
                         const char *note,
                         size_t note_len);

/**
 * Restarts a paused clock at `at_unix`.
 *
 * Errors: `XN_ERR_STATE` when not paused ("cannot resume: the clock is not paused"), completed, or
 * `at_unix` is earlier than the last recorded event. On error the clock is unchanged.
 *
 * # Safety
 *
 * `clock` is NULL or a live clock handle (not in use by another thread).
 */
xn_status xn_clock_resume(xn_clock *clock, int64_t at_unix);

/**
 * Extends the limit (and the pledged limit) by `amount` units of the limit's unit at `at_unix`
 * (延期, art. 42: once, by 10 working days, approved by the unit's leader and told to the applicant
 * with a reason). `approver` (a staff id) and `reason` are required, non-blank UTF-8. `cal` is used to
 * check the limit has not expired at `at_unix`.
 *
 * Errors: `XN_ERR_INVALID` when the clock's extension rule forbids it (count or total) or approver or
 * reason is blank; `XN_ERR_STATE` when completed, out of time order, or already expired;
 * `XN_ERR_OUT_OF_RANGE` when the calendar does not cover the dates needed. On error the clock is unchanged.
 *
 * # Safety
 *
 * `clock` is NULL or a live clock handle (not in use by another thread); `cal` is NULL or a live
 * calendar handle; `approver`/`reason` are NULL or point to `approver_len`/`reason_len` readable bytes.
 */
xn_status xn_clock_extend(xn_clock *clock,
                          const xn_calendar *cal,
                          int64_t at_unix,
                          uint32_t amount,
                          const char *approver,
                          size_t approver_len,
                          const char *reason,
                          size_t reason_len);

/**
 * Completes the clock at `at_unix` (the decision, or the step, is done).
 *
 * Errors: `XN_ERR_STATE` when already completed, paused (resume first), or `at_unix` is earlier than
 * the last recorded event. On error the clock is unchanged.
 *
 * # Safety
 *
 * `clock` is NULL or a live clock handle (not in use by another thread).
 */
xn_status xn_clock_complete(xn_clock *clock, int64_t at_unix);

/**
 * Everything the clock says at `now_unix` as JSON: `at`, `state`, `signal`, `deadline`, `deadline_date`,
 * `statutory_deadline`, `statutory_deadline_date`, `unit`, `tick`, `budget`, `used`, `remaining`,
 * `share_used` (a decimal string), `extensions`, and when present `paused`, `reminder_at`, `red_at`,
 * `next_change`, plus `derivation`: the steps that produced the deadline (start, counted spans, pauses,
 * extensions, the final count). Instants are RFC 3339 in the calendar's zone. Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` when a date needed is not covered by `cal`; `XN_ERR_INVALID` for a
 * working-hours clock on a calendar without office hours.
 *
 * # Safety
 *
 * `clock`, `cal` are NULL or live handles; `out` is NULL or points to writable memory.
 */
xn_status xn_clock_status_json(const xn_clock *clock,
                               const xn_calendar *cal,
                               int64_t now_unix,
                               xn_buffer *out);

/**
 * Everything the clock says at `now_unix`, as an `xn_clock_info` struct (the typed fast path of
 * `xn_clock_status_json`, without the derivation). Fills `*out` on success.
 *
 * Errors: as `xn_clock_status_json`.
 *
 * # Safety
 *
 * `clock`, `cal` are NULL or live handles; `out` is NULL or points to writable memory.
 */
xn_status xn_clock_status(const xn_clock *clock,
                          const xn_calendar *cal,
                          int64_t now_unix,
                          xn_clock_info *out);

/**
 * The next instant after `now_unix` at which the clock's state or signal changes without a new command
 * (deadline, reminder, red card, a recorded event): `*has_next` is set to true and `*out_unix` to it;
 * or `*has_next` false and `*out_unix` 0 when nothing will change (paused, completed). For timer indexes.
 *
 * Errors: as `xn_clock_status_json`.
 *
 * # Safety
 *
 * `clock`, `cal` are NULL or live handles; `has_next`, `out_unix` are NULL or point to writable memory.
 */
xn_status xn_clock_next_change(const xn_clock *clock,
                               const xn_calendar *cal,
                               int64_t now_unix,
                               bool *has_next,
                               int64_t *out_unix);

/**
 * Reads and validates a policy from JSON (`json_len` bytes of UTF-8 at `json`): `{"schema": 1,
 * "name": ..., "calendar": {"schema": 1, "base": "china"}, "systems": [...], "inquiry_answer_limit":
 * {"unit": "working_days", "amount": 1}, "one_time_notice_limit": ..., "negative_report_limit": ...,
 * "delivery_limit": ..., "extension": {"max_count": 1, "max_total": 10, "approver_role": "unit_head"},
 * "joint_review": {...}, "ab_posts": {"unit_head_covers": true}, "rating": {...}}`, with optional
 * `source`, `start_rule`, `deadline_end`, `signals`, `on_timeout`, `timeout`, `hearing`, `renewal`,
 * `intake`. On success `*out` is a new handle; free it with `xn_policy_free`.
 *
 * Errors: `XN_ERR_PARSE` (malformed document, unknown or missing field, naming the field path);
 * `XN_ERR_INVALID` (a wrong schema, an empty name, a limit too large, a system listed twice, an
 * extension approver other than `unit_head`/`supervisor`, an invalid calendar as `calendar.<field>`, ...),
 * naming the field; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_policy_from_json(const char *json, size_t json_len, xn_policy **out);

/**
 * Reads and validates a policy from TOML, with the same fields as the JSON document. On success `*out`
 * is a new handle; free it with `xn_policy_free`.
 *
 * Errors: as `xn_policy_from_json`.
 *
 * # Safety
 *
 * `toml` is NULL or points to `toml_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_policy_from_toml(const char *toml, size_t toml_len, xn_policy **out);

/**
 * The policy as JSON; `xn_policy_from_json` of it builds an equal policy. Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * # Safety
 *
 * `policy` is NULL or a live policy handle; `out` is NULL or points to writable memory.
 */
xn_status xn_policy_to_json(const xn_policy *policy, xn_buffer *out);

/**
 * A new calendar handle built from the policy's `calendar` (the national calendar and its local
 * overlays). It is independent of the policy: free it with `xn_calendar_free`, before or after
 * `xn_policy_free`.
 *
 * Errors: `XN_ERR_INVALID` naming the field if the calendar definition is rejected (it was checked
 * when the policy was read, so this does not happen for a policy from this library).
 *
 * # Safety
 *
 * `policy` is NULL or a live policy handle; `out` is NULL or points to writable memory.
 */
xn_status xn_policy_calendar(const xn_policy *policy, xn_calendar **out);

/**
 * The priority service card rule (金卡, docs/rules.md §7): whether an applicant with annual sales of
 * `sales` yuan and registered capital of `capital` yuan is eligible (at least
 * `priority_card.min_annual_sales_yuan` OR at least `priority_card.min_registered_capital_yuan`;
 * 30000000 and 5000000 unless the policy sets others). Each figure is a decimal string (`"30000000"`,
 * `"4999999.99"`: digits, an optional `-` and `.`, nothing else); NULL or 0 bytes is absent (not met).
 * Fills `*out` (free it with `xn_buffer_free`) with `{"eligible": true, "by": ["annual_sales",
 * "registered_capital"], "reason": "..."}`: the thresholds met and the derivation in words.
 *
 * Errors: `XN_ERR_INVALID` naming `annual_sales_yuan` or `registered_capital_yuan` (not a decimal
 * string, beyond 28 digits, negative, or both absent: the eligibility cannot be decided);
 * `XN_ERR_UTF8`; `XN_ERR_NULL` (`policy` or `out`).
 *
 * # Safety
 *
 * `policy` is NULL or a live policy handle; `sales` is NULL or points to `sales_len` readable bytes,
 * `capital` likewise; `out` is NULL or points to writable memory.
 */
xn_status xn_policy_priority_card_json(const xn_policy *policy,
                                       const char *sales,
                                       size_t sales_len,
                                       const char *capital,
                                       size_t capital_len,
                                       xn_buffer *out);

/**
 * Frees a policy handle. NULL is fine (nothing happens). Calendars made from it stay valid.
 *
 * # Safety
 *
 * `policy` is NULL or a live handle from this library, not used by any thread afterwards.
 */
void xn_policy_free(xn_policy *policy);

/**
 * Reads and validates an organisation from JSON: `{"schema": 1, "units": [{"id", "name", "parent"?,
 * "head"?}], "posts": [{"id", "unit", "title", "duties"?, "holder"?, "backup"?}], "staff": [{"id", "name",
 * "unit", "roles"?: ["window_clerk" | "reviewer" | "chief_representative" | "unit_head" | "supervisor"],
 * "rank"?}], "absences": [{"staff", "start", "end", "reason"?}]}` (absences are `[start, end)`, RFC 3339
 * instants). On success `*out` is a new handle; free it with `xn_org_free`.
 *
 * Errors: `XN_ERR_PARSE` (malformed, unknown or missing field, naming the field path); `XN_ERR_INVALID`
 * naming the field (a wrong schema, an empty or duplicate id, a reference to an unknown unit, post or
 * staff member such as `posts[1].backup`, units nesting in a cycle, a post backing itself up, an absence
 * ending before it starts); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_org_from_json(const char *json, size_t json_len, xn_org **out);

/**
 * Reads and validates an organisation from TOML, with the same fields as the JSON document (instants
 * may be TOML datetimes with offset or strings). On success `*out` is a new handle; free it with
 * `xn_org_free`.
 *
 * Errors: as `xn_org_from_json`.
 *
 * # Safety
 *
 * `toml` is NULL or points to `toml_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_org_from_toml(const char *toml, size_t toml_len, xn_org **out);

/**
 * The organisation document as JSON; `xn_org_from_json` of it builds an equal organisation. Fills
 * `*out` (free it with `xn_buffer_free`).
 *
 * # Safety
 *
 * `org` is NULL or a live org handle; `out` is NULL or points to writable memory.
 */
xn_status xn_org_to_json(const xn_org *org, xn_buffer *out);

/**
 * Frees an org handle. NULL is fine (nothing happens). Catalogs validated against it stay valid.
 *
 * # Safety
 *
 * `org` is NULL or a live handle from this library, not used by any thread afterwards.
 */
void xn_org_free(xn_org *org);

/**
 * Who acts for `post` at `at_unix` under the A/B rule (AB岗工作制), as JSON:
 * `{"via": "holder", "staff": "A"}` when the A holder is present;
 * `{"via": "backup", "staff": "B", "absent": "A"}` when A is away (`absent` is left out when the post has
 * no holder) and the holder of the backup post is present;
 * `{"via": "unit_head", "staff": "H", "absent": ["A", "B"]}` when both are away (or there is no backup):
 * the unit head covers, a violation of the A/B system to be recorded. Fills `*out_json` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` when no post has this id (`unknown \`post\` = ...: no post has this id`),
 * `XN_ERR_INVALID` when nobody can act (holder, backup holder and unit head all away or unset); `XN_ERR_OUT_OF_RANGE` for an
 * unrepresentable `at_unix`; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `org` is NULL or a live org handle; `post` is NULL or points to `post_len` readable bytes; `out_json`
 * is NULL or points to writable memory.
 */
xn_status xn_org_acting_holder(const xn_org *org,
                               const char *post,
                               size_t post_len,
                               int64_t at_unix,
                               xn_buffer *out_json);

/**
 * Who acts for `post` at `at_unix` under the A/B rule, typed: fills `*out` and copies the acting staff
 * id into `staff_buf` (`staff_cap` bytes) as a NUL-terminated string, writing its length in bytes
 * (without the NUL) to `*staff_len`.
 *
 * Buffer convention: the id needs `*staff_len + 1` bytes. When `staff_cap` is smaller, the call fails
 * with `XN_ERR_BUFFER_TOO_SMALL`, writes only `*staff_len` (the needed length without the NUL) and leaves
 * `*out` and `staff_buf` untouched; call again with a larger buffer. `staff_buf` may be NULL only when
 * `staff_cap` is 0 (a length query, which always fails with `XN_ERR_BUFFER_TOO_SMALL`: ids are never
 * empty). Staff ids are host-supplied; 64 bytes is plenty for usual ids.
 *
 * Errors: as `xn_org_acting_holder`; `XN_ERR_BUFFER_TOO_SMALL` as above; `XN_ERR_NULL` for a NULL `out`,
 * `staff_len`, or `staff_buf` with `staff_cap` > 0.
 *
 * # Safety
 *
 * `org` is NULL or a live org handle; `post` is NULL or points to `post_len` readable bytes; `out` and
 * `staff_len` are NULL or point to writable memory; `staff_buf` is NULL or points to `staff_cap`
 * writable bytes.
 */
xn_status xn_org_acting_holder_info(const xn_org *org,
                                    const char *post,
                                    size_t post_len,
                                    int64_t at_unix,
                                    xn_acting *out,
                                    char *staff_buf,
                                    size_t staff_cap,
                                    size_t *staff_len);

/**
 * Whether staff member `staff` holds `role` (an `xn_role`): sets `*out`. An id no staff member has is
 * `false`, as in the core (`Org::has_role`); check the id against the org's JSON if that matters.
 *
 * Errors: `XN_ERR_INVALID` for an unknown `role` value; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `org` is NULL or a live org handle; `staff` is NULL or points to `staff_len` readable bytes; `out` is
 * NULL or points to writable memory.
 */
xn_status xn_org_has_role(const xn_org *org, const char *staff, size_t staff_len, xn_role role, bool *out);

/**
 * Reads a catalog from JSON and validates it against `org`: `{"schema": 1, "items": [{"code", "name",
 * "unit", "kind": "instant" | "pledged" | "joint" | "reported", "statutory_limit": {"unit":
 * "working_days", "amount": 20}, "pledged_limit": {...}, "materials"?: [{"name", "required"?, "note"?}],
 * "fees"?: [{"name", "amount": "50.00", "basis"}], "legal_basis"?: [...], "steps"?: [{"name", "post",
 * "limit"}], "joint_parties"?: [unit ids], "on_timeout"?, "deemed_at"?: "pledged" | "statutory",
 * "special_procedures"?, "complaint_channel"?, "place"?}]}`. On success `*out` is a new handle; free it with `xn_catalog_free`.
 *
 * Errors: `XN_ERR_PARSE` (malformed, unknown or missing field, naming the field path); `XN_ERR_INVALID`
 * naming the field: a wrong schema, an empty or duplicate code, an unknown unit or post
 * (`items[0].steps[0].post`), a pledged limit above the statutory one (`items[k].pledged_limit.amount`)
 * or in another unit, a joint item without parties, a negative fee or one without a basis, a material or
 * step without a name; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `json` is NULL or points to `json_len` readable bytes; `org` is NULL or a live org handle; `out` is
 * NULL or points to writable memory.
 */
xn_status xn_catalog_from_json(const char *json,
                               size_t json_len,
                               const xn_org *org,
                               xn_catalog **out);

/**
 * Reads a catalog from TOML (the same fields as the JSON document) and validates it against `org`. On
 * success `*out` is a new handle; free it with `xn_catalog_free`.
 *
 * Errors: as `xn_catalog_from_json`.
 *
 * # Safety
 *
 * `toml` is NULL or points to `toml_len` readable bytes; `org` is NULL or a live org handle; `out` is
 * NULL or points to writable memory.
 */
xn_status xn_catalog_from_toml(const char *toml, size_t toml_len, const xn_org *org, xn_catalog **out);

/**
 * The catalog document as JSON; `xn_catalog_from_json` of it (with the same org) builds an equal
 * catalog. Fills `*out` (free it with `xn_buffer_free`).
 *
 * # Safety
 *
 * `cat` is NULL or a live catalog handle; `out` is NULL or points to writable memory.
 */
xn_status xn_catalog_to_json(const xn_catalog *cat, xn_buffer *out);

/**
 * Frees a catalog handle. NULL is fine (nothing happens).
 *
 * # Safety
 *
 * `cat` is NULL or a live handle from this library, not used by any thread afterwards.
 */
void xn_catalog_free(xn_catalog *cat);

/**
 * The service item with code `code` as JSON, the item object of the catalog document (`{"code", "name",
 * "unit", "kind", "statutory_limit", "pledged_limit", "materials", "fees", "legal_basis", "steps", ...}`).
 * Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` when no item has this code; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `cat` is NULL or a live catalog handle; `code` is NULL or points to `code_len` readable bytes; `out`
 * is NULL or points to writable memory.
 */
xn_status xn_catalog_item_json(const xn_catalog *cat, const char *code, size_t code_len, xn_buffer *out);

/**
 * The published service guide (办事指南) of item `code` as JSON: `{"code", "name", "unit" (the unit's
 * name), "kind" (in Chinese, e.g. "承诺件"), "statutory_limit" and "pledged_limit" (e.g. "20 工作日"),
 * "materials", "fees", "legal_basis", "procedure": [{"name", "post" (the post's title), "limit"}],
 * "joint_parties" (unit names), "place", "complaint_channel"}`. Names are looked up in `org` (pass the
 * org the catalog was checked against). Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` when no item has this code; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `cat`, `org` are NULL or live handles; `code` is NULL or points to `code_len` readable bytes; `out`
 * is NULL or points to writable memory.
 */
xn_status xn_catalog_guide_json(const xn_catalog *cat,
                                const xn_org *org,
                                const char *code,
                                size_t code_len,
                                xn_buffer *out);

/**
 * The service guide of item `code` as Markdown, for publication: a title `# <name>（办事指南）`, a table
 * (code, unit, kind, limits, joint parties, place), then materials, procedure, fees and legal basis,
 * and the complaint channel. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: as `xn_catalog_guide_json`.
 *
 * # Safety
 *
 * `cat`, `org` are NULL or live handles; `code` is NULL or points to `code_len` readable bytes; `out`
 * is NULL or points to writable memory.
 */
xn_status xn_catalog_guide_markdown(const xn_catalog *cat,
                                    const xn_org *org,
                                    const char *code,
                                    size_t code_len,
                                    xn_buffer *out);

/**
 * The number of items in the catalog: sets `*out_len`. Items are numbered 0..len in document order
 * (see `xn_catalog_code_at`).
 *
 * # Safety
 *
 * `cat` is NULL or a live catalog handle; `out_len` is NULL or points to writable memory.
 */
xn_status xn_catalog_len(const xn_catalog *cat, size_t *out_len);

/**
 * The code of item number `index` (0-based, document order) as text in `*out` (free it with
 * `xn_buffer_free`): with `xn_catalog_len`, lists the catalog.
 *
 * Errors: `XN_ERR_INVALID` when `index` is not below the number of items (the message gives both).
 *
 * # Safety
 *
 * `cat` is NULL or a live catalog handle; `out` is NULL or points to writable memory.
 */
xn_status xn_catalog_code_at(const xn_catalog *cat, size_t index, xn_buffer *out);

/**
 * Makes an engine for a policy, an organisation and a catalog (checked against that organisation when
 * it was read). The engine copies what it needs: `policy`, `org` and `catalog` may be freed afterwards.
 * On success `*out` is a new handle with no cases; free it with `xn_engine_free`.
 *
 * Errors: `XN_ERR_INVALID` when the policy is rejected or its calendar cannot be built (naming the
 * field); `XN_ERR_NULL` naming the argument.
 *
 * # Safety
 *
 * `policy`, `org`, `catalog` are NULL or live handles; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_new(const xn_policy *policy,
                        const xn_org *org,
                        const xn_catalog *catalog,
                        xn_engine **out);

/**
 * Frees an engine handle. NULL is fine (nothing happens). Events still queued (see
 * `xn_engine_pending`) are dropped with it, and the case-id pointers of its `xn_event_info`s become
 * invalid. A journal's view (`xn_journal_engine`) is not freed: nothing happens (free the journal).
 *
 * # Safety
 *
 * `engine` is NULL or a live handle from this library, not used by any thread afterwards.
 */
void xn_engine_free(xn_engine *engine);

/**
 * Executes one command, `command_len` bytes of UTF-8 JSON at `command_json`, e.g.
 * `{"type": "accept", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk"}` (every
 * command and who may issue it: docs/commands.md, schemas/command.schema.json). The case's own timers
 * due at or before the command's `at` fire first. On success `*events_json` receives a JSON array of
 * the events, in sequence order: first any events still queued from `xn_engine_pending` /
 * `xn_engine_advance_typed` (often none), then what the command caused (`[]` for a command that
 * causes nothing, e.g. an excused joint-review absence). Free it with `xn_buffer_free`.
 *
 * On error nothing changes: no event is fired or dropped, the queue is kept, and `*events_json` is
 * left untouched.
 *
 * Errors (the field is `xn_last_error_field()`, the value `xn_last_error_value()`):
 * - `XN_ERR_PARSE` for a malformed command, an unknown `type` or an unknown or missing field; the field
 *   is the path in the command (``invalid JSON document at `at`: ...``, field `at`);
 * - `XN_ERR_NOT_FOUND` for an unknown case, item or actor (``unknown `case` = C9: no case has this
 *   number``, field `case`, value `C9`; fields `item`, `actor`);
 * - `XN_ERR_FORBIDDEN` when the actor lacks the post, role or unit for the action (``forbidden: `actor`
 *   = s-rev: needs one of the roles unit_head``, field `actor`): a step by someone not acting for its
 *   post, an extension or a termination by anyone but the head of the case's unit, a joint reply by
 *   someone outside the consulted unit;
 * - `XN_ERR_STATE` when the case's state does not allow the command now (``not allowed now: `type` =
 *   accept: not allowed while the case is accepted (已受理)``, field `type`), a clock command is out
 *   of time order, or a `receive` or `record_inquiry` names a number already used (field `case`);
 * - `XN_ERR_INVALID` for a value the rules refuse, naming the field: a denial without reasons, basis or
 *   remedies (art. 38), an extension beyond the policy's rule;
 * - `XN_ERR_OUT_OF_RANGE` when a date needed lies outside the calendar; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle not in use by another thread; `command_json` is NULL or
 * points to `command_len` readable bytes; `events_json` is NULL or points to writable memory.
 */
xn_status xn_engine_execute(xn_engine *engine,
                            const char *command_json,
                            size_t command_len,
                            xn_buffer *events_json);

/**
 * Fires every timer due at or before `now_unix`: reminders, yellow and red cards, deemed acceptance
 * (art. 32), deemed approval on timeout (超时默许), deemed joint-review consent, default ratings,
 * escalations and violations, in time order, then by case number. Each event carries the instant its
 * threshold was reached (not `now_unix`), so advancing in one step or many gives the same events. On
 * success `*events_json` receives the JSON array of the events: first any still queued (see
 * `xn_engine_pending`), then those fired now (`[]` when nothing was due). Free it with `xn_buffer_free`.
 * Costs O(fired x log cases); `xn_engine_next_timer` says when something is next due.
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix`; `XN_ERR_NULL`. A timer that cannot
 * be computed is not an error: it becomes a `timer_fault` event.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle not in use by another thread; `events_json` is NULL or
 * points to writable memory.
 */
xn_status xn_engine_advance(xn_engine *engine, int64_t now_unix, xn_buffer *events_json);

/**
 * Adds a year notice to the engine's calendar at `at_unix` (e.g. next year's State Council holiday
 * arrangement, published in autumn), `notice_len` bytes of UTF-8 JSON at `notice_json` in the format of
 * `xn_calendar_with_notice`: `{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03",
 * "name": "元旦"}, ...], "workdays": ["2027-01-31", ...]}`. With `correction` false the year must be the
 * one after the calendar's last; with `correction` true it must be a year the calendar covers, whose
 * notice it replaces (an amended arrangement).
 *
 * Timers due up to `at_unix` fire first, under the calendar as it was. Then every open deadline the
 * notice moves is recomputed, with its timers, and recorded as a `deadline_changed` event (`clock`,
 * `statutory` for the statutory deadline of a clock with a pledged limit, `previous`, `deadline`, and
 * `"provisional": true` when the new deadline still rests on provisional days); cases no longer timed
 * after a `timer_fault` are timed again when the calendar now covers them. Only cases whose timers rest
 * on a changed day are recomputed. On success `*events_json` receives the JSON array of the events:
 * first any still queued (see `xn_engine_pending`), then those of the notice (`[]` when it moved no
 * deadline). Free it with `xn_buffer_free`. The engine's policy keeps the notice
 * (`xn_engine_policy_json`), so that a host persisting it restores with the same calendar.
 *
 * On error nothing changes and nothing fires.
 *
 * Errors (naming the field): `XN_ERR_PARSE` for a malformed notice (e.g. field `days_off[0].start`);
 * `XN_ERR_INVALID` for a notice without days off (field `days_off`), a day outside its year or both off
 * and worked (e.g. `workdays[2]`), a year that would leave a gap (`year`); `XN_ERR_STATE` (field `year`)
 * for a covered year without `correction`, or an uncovered one with it; `XN_ERR_OUT_OF_RANGE` for an
 * unrepresentable `at_unix`; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle not in use by another thread; `notice_json` is NULL or
 * points to `notice_len` readable bytes; `events_json` is NULL or points to writable memory.
 */
xn_status xn_engine_add_notice_json(xn_engine *engine,
                                    const char *notice_json,
                                    size_t notice_len,
                                    int64_t at_unix,
                                    bool correction,
                                    xn_buffer *events_json);

/**
 * The engine's policy as JSON (the policy it was made with, its calendar with every notice added by
 * `xn_engine_add_notice_json`): what a host persists to restore or replay with the same calendar. Fills
 * `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_policy_json(const xn_engine *engine, xn_buffer *out);

/**
 * Fires every timer due at or before `now_unix` (as `xn_engine_advance`) into the handle's queue of
 * undelivered events, without delivering them, and sets `*count` to the number of events queued: the
 * `cap` a following `xn_engine_advance_typed` with the same `now_unix` needs to take them all.
 *
 * Nothing fired is lost: queued events are delivered, first and in order, by the next
 * `xn_engine_advance_typed`, `xn_engine_advance` or `xn_engine_execute`. While events are queued,
 * `xn_engine_snapshot` is refused (`XN_ERR_STATE`).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle not in use by another thread; `count` is NULL or points to
 * writable memory.
 */
xn_status xn_engine_pending(xn_engine *engine, int64_t now_unix, size_t *count);

/**
 * The number of events fired but not yet delivered (see `xn_engine_pending`): sets `*count`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `count` is NULL or points to writable memory.
 */
xn_status xn_engine_queued(const xn_engine *engine, size_t *count);

/**
 * The typed fast path of `xn_engine_advance`: fires every timer due at or before `now_unix` and writes
 * events as `xn_event_info` structs into `out[0..cap]`, setting `*n_out` to the number written.
 *
 * No event is ever lost. Fired events go to the handle's queue of undelivered events (after any
 * already there); the call then moves the first `min(cap, queued)` of them into `out`. When more were
 * queued than `cap`, the rest stay queued, in order: `*n_out == cap` means "call again" (or check
 * `xn_engine_queued`); the next `xn_engine_advance_typed`, `xn_engine_advance` or `xn_engine_execute`
 * delivers them first. To size `out` exactly, call `xn_engine_pending(engine, now_unix, &count)` first
 * and pass an array of `count` structs: then one call delivers everything. `cap` 0 (with `out` NULL)
 * fires into the queue and delivers nothing, like `xn_engine_pending`. The events' JSON is not
 * available afterwards: use `xn_engine_advance` when the host keeps the event log (e.g. for
 * `xn_engine_replay`).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix` (nothing fired); `XN_ERR_NULL` for a
 * NULL `engine`, `n_out`, or `out` with `cap` > 0.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle not in use by another thread; `out` is NULL or points to
 * `cap` writable `xn_event_info`s; `n_out` is NULL or points to writable memory.
 */
xn_status xn_engine_advance_typed(xn_engine *engine,
                                  int64_t now_unix,
                                  xn_event_info *out,
                                  size_t cap,
                                  size_t *n_out);

/**
 * When `xn_engine_advance` next has something to do: `*has` true and `*at_unix` the earliest pending
 * timer instant, or `*has` false and `*at_unix` 0 when no case is timed. For the host's scheduler: call
 * `xn_engine_advance` at (or after) that instant.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `has`, `at_unix` are NULL or point to writable memory.
 */
xn_status xn_engine_next_timer(const xn_engine *engine, bool *has, int64_t *at_unix);

/**
 * A case as seen at `now_unix`, as JSON: `{"case", "item", "item_name", "unit", "state" ("received",
 * "awaiting_correction", "accepted", "refused", "approved", "denied", "delivered", "withdrawn",
 * "terminated"), "decision" (the decision clock's status, once accepted: deadline, signal, budget, used, remaining,
 * derivation, ...), "step" and "step_status" (the current procedure step, while under review), "holder"
 * (who acts for the step's post now, under the A/B rule), "signal", "violations": [...]}`. Fills `*out`
 * (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown case (``unknown `case` = C9: no case has this number``,
 * field `case`); `XN_ERR_OUT_OF_RANGE` when a status needs dates outside the calendar; `XN_ERR_UTF8`;
 * `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `case_id` is NULL or points to `case_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_view_json(const xn_engine *engine,
                              const char *case_id,
                              size_t case_len,
                              int64_t now_unix,
                              xn_buffer *out);

/**
 * Why a case stands where it does at `now_unix`, as JSON (`Engine::explain`): `{"case", "item",
 * "item_name", "unit", "at", "state", "clocks": [{"clock", "basis" (article or policy), "limit",
 * "pledged", "start_rule", "started_at", "state", "signal", "deadline", "deadline_date",
 * "statutory_deadline", "statutory_deadline_date", "completed_at", "days": [{"kind" ("weekend", "holiday",
 * "makeup"), "first", "last", "name"}], "pauses": [{"kind", "from", "to", "notice"}], "extensions":
 * [{"at", "amount", "approver", "reason"}], "thresholds": [{"signal", "at", "reached"}]}], "deemed":
 * [{"what" ("acceptance", "approval", "opinion", "rating"), "at", "unit", "because", "rule"}], "text"}`.
 * `lang` is `"zh"` (Chinese, also when `lang` is NULL) or `"en"` (English): the language of `basis`,
 * `rule` and `text`. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown case (field `case`); `XN_ERR_INVALID` for another
 * `lang` (field `lang`); `XN_ERR_OUT_OF_RANGE` when a status needs dates outside the calendar;
 * `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `case_id` is NULL or points to `case_len` readable bytes;
 * `lang` is NULL or points to `lang_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_explain_json(const xn_engine *engine,
                                 const char *case_id,
                                 size_t case_len,
                                 int64_t now_unix,
                                 const char *lang,
                                 size_t lang_len,
                                 xn_buffer *out);

/**
 * The case record (办件) as JSON, the form snapshots store: `{"id", "item", "unit", "kind", "applicant",
 * "state", "received_at", "materials", "notified", "corrected", "notices", "notice_clock", "accepted"
 * ([instant, deemed], once accepted), "decision" (clock document), "step" (index), "step_clock",
 * "negative_report", "delivery", "signal", "escalated", "deemed_decision", "breached", "violations",
 * "joint", "consult", "closed_at", "rating_wait", "rating", "rating_follow_up", "last_event_at",
 * "faulted"}`; clocks absent until they start (docs/commands.md, "The case record"). Fills `*out` (free it
 * with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown case (``unknown `case` = C9: no case has this number``,
 * field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `case_id` is NULL or points to `case_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_case_json(const xn_engine *engine, const char *case_id, size_t case_len, xn_buffer *out);

/**
 * A first inquiry's record (首问负责制) as JSON, the form snapshots store: `{"id", "person", "topic",
 * "responsible", "clock" (the answer limit's clock document), "outcome" (once dealt with: "answered",
 * "handled", "guided"), "breached", "last_event_at", "faulted"}`. Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown inquiry (``unknown `case` = Q9: no inquiry has this
 * number``, field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `inquiry_id` is NULL or points to `inquiry_len` readable
 * bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_inquiry_json(const xn_engine *engine,
                                 const char *inquiry_id,
                                 size_t inquiry_len,
                                 xn_buffer *out);

/**
 * Reserves room for at least `additional` more cases, so that receiving them grows no table on the way
 * (a portal that knows its volume avoids the pause of growing a table of a million entries while commands
 * wait). Changes nothing the engine says.
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` (field `additional`) when the room cannot be had: more cases than an
 * engine holds or than memory allows (e.g. `SIZE_MAX`); the process is never aborted and the engine is
 * unchanged but for capacity. `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle.
 */
xn_status xn_engine_reserve(xn_engine *engine, size_t additional);

/**
 * The e-supervision board (电子监察) at `now_unix` as a JSON array: one row `{"unit", "case", "item",
 * "signal", "deadline", "remaining"}` per case under review with a signal, by unit, then most severe
 * first, then earliest deadline. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` when a status needs dates outside the calendar; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_board_json(const xn_engine *engine, int64_t now_unix, xn_buffer *out);

/**
 * Figures per unit (每月通报) for the period `[from_unix, to_unix)`, as docs/metrics.md defines them, as a
 * JSON array by unit id. Flows count the events whose instant lies in the period, stocks the records open
 * at `to_unix`; a closed period's figures never change once its events are recorded (call
 * `xn_engine_advance` to `to_unix` or later first, so that the breaches due in it are). Each row:
 * `{"unit", "received", "accepted", "deemed_accepted", "refused", "decided", "approved",
 * "deemed_approved", "denied", "withdrawn", "terminated", "closed", "on_time", "late", "became_overdue",
 * "on_the_spot", "open", "open_overdue", "on_time_rate", "on_the_spot_share", "durations", "real_ratings",
 * "bad_ratings", "deemed_ratings", "rating_rate", "satisfaction_rate", "violations", "violations_by_rule",
 * "inquiries", "inquiries_answered", "inquiries_handled", "inquiries_guided", "inquiries_breached",
 * "inquiries_on_time", "inquiries_open", "inquiries_open_overdue", "inquiry_on_time_rate"}`. Counts are
 * integers; rates are decimal strings rounded half-up to 4 places, `null` when their denominator is 0
 * (`on_time_rate` = on_time / (decided + open_overdue): open overdue cases count as late); `durations` is
 * an array with one object per unit of measure of the period's decisions, `{"unit": "working_days",
 * "decided", "average_used", "average_pledged", "average_statutory", "speed_up"}` (averages to 2 places),
 * never mixing units; `violations_by_rule` maps every rule's wire name to its count. A case counts for
 * its item's unit, an inquiry for its responsible staff member's unit; a unit has a row when one of its
 * figures is not zero; every key is present in every row. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` for unrepresentable instants; `XN_ERR_INVALID` (field `to`) when
 * `to_unix < from_unix`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_metrics_json(const xn_engine *engine,
                                 int64_t from_unix,
                                 int64_t to_unix,
                                 xn_buffer *out);

/**
 * The number of cases (办件) the engine holds: sets `*count`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `count` is NULL or points to writable memory.
 */
xn_status xn_engine_case_count(const xn_engine *engine, size_t *count);

/**
 * The sequence number of the last event fired (0 before any), including events still queued: sets
 * `*seq`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `seq` is NULL or points to writable memory.
 */
xn_status xn_engine_seq(const xn_engine *engine, uint64_t *seq);

/**
 * The engine's state as a JSON document (`{"schema": 1, "seq", "cases", "timers"}`): cases, timers and
 * the sequence number, deterministic (the same state gives the same bytes). Restore it with
 * `xn_engine_restore` and the same policy, organisation and catalog. Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_STATE` while events fired by `xn_engine_pending` / `xn_engine_advance_typed` are
 * still queued (a snapshot must not hold what the host has not received: deliver them first);
 * `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_snapshot(const xn_engine *engine, xn_buffer *out);

/**
 * An engine restored from a snapshot (`snapshot_len` bytes of JSON from `xn_engine_snapshot`) with a
 * policy, organisation and catalog (copied; they may be freed afterwards). On success `*out` is a new
 * handle, equal in state to the one snapshotted; free it with `xn_engine_free`.
 *
 * Nothing in the snapshot is trusted (docs/commands.md, "Replay and restore"): each case is timed again
 * from its own state, and the timer the snapshot lists for it must be that one; the sequence number may
 * not be behind the events the records imply; unknown fields are refused at every depth.
 *
 * Errors: `XN_ERR_PARSE` for a malformed snapshot or an unknown field, naming its path
 * (`cases.C1.violations[0].colour`); `XN_ERR_INVALID` for a wrong schema version, a case whose item is
 * not in the catalog (`cases.<id>.item`), a timer for an unknown case, a listed timer other than the one
 * the case's state gives (field `timers`, value the case number), a sequence number behind the records'
 * events (field `seq`, the reason naming the case); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `policy`, `org`, `catalog` are NULL or live handles; `snapshot` is NULL or points to `snapshot_len`
 * readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_restore(const xn_policy *policy,
                            const xn_org *org,
                            const xn_catalog *catalog,
                            const char *snapshot,
                            size_t snapshot_len,
                            xn_engine **out);

/**
 * An engine rebuilt from an event log (event sourcing): `events_len` bytes of UTF-8 JSON at
 * `events_json`, an array of events as delivered by `xn_engine_execute` and `xn_engine_advance`
 * (concatenate their arrays), from sequence number 1 without gaps. With the same policy, organisation
 * and catalog (copied; they may be freed afterwards), the result equals the engine that produced the
 * log: `xn_engine_snapshot` gives the same bytes. On success `*out` is a new handle; free it with
 * `xn_engine_free`.
 *
 * Nothing in the log is trusted (docs/commands.md, "Replay and restore"): an event with an actor is
 * decided again as the command it came from, with the live rules (the actor's post, role and unit, the
 * case's state, time order), and the log must hold exactly the events that command yields; an event
 * without an actor must be due, by the case's timers, at exactly its instant.
 *
 * Errors: `XN_ERR_PARSE` for malformed JSON or an event with an unknown or missing field, naming it
 * (``invalid JSON document at `[3].seq`: ...``); `XN_ERR_INVALID` when the log has a gap
 * (`events[k].seq`), names a case never received (`events[k].case`), holds an event the rules could not
 * have produced (`events[k]` or the field of it the rule names, e.g. `events[7].actor`, with its value;
 * the reason starts with the event's sequence number, `seq 8 (...)`), or does not apply to this
 * configuration; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `policy`, `org`, `catalog` are NULL or live handles; `events_json` is NULL or points to `events_len`
 * readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_replay(const xn_policy *policy,
                           const xn_org *org,
                           const xn_catalog *catalog,
                           const char *events_json,
                           size_t events_len,
                           xn_engine **out);

/**
 * An efficiency complaint (效能投诉) as `viewer` (a staff id) may see it, as JSON: `{"id", "state"
 * ("registered", "handling", "under_review", "closed", "declined", "merged"), "channel", "category",
 * "respondent", "subject", "complainant" ({"name", "contact"}; absent when anonymous or withheld),
 * "redacted" (present and `true` when the complainant was withheld from this copy), "registrar",
 * "repeat_of", "acceptance" (the acceptance limit's clock document), "tier", "handler", "handling"
 * (clock), "declined" (the reason), "merged_into", "finding", "responsible", "closed_at", "reply" (clock),
 * "returns", "reopenings", "acceptance_breached", "handling_breached", "reply_breached", "events",
 * "last_event_at", "faulted"}`; optional fields absent until set. A supervisor sees the complainant; any
 * other viewer (another role, an unknown or empty id) gets the record without them. Fills `*out` (free it
 * with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown complaint (``unknown `case` = T9: no complaint has this
 * number``, field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `complaint_id` is NULL or points to `complaint_len` readable
 * bytes; `viewer` is NULL or points to `viewer_len` readable bytes; `out` is NULL or points to writable
 * memory.
 */
xn_status xn_engine_complaint_json(const xn_engine *engine,
                                   const char *complaint_id,
                                   size_t complaint_len,
                                   const char *viewer,
                                   size_t viewer_len,
                                   xn_buffer *out);

/**
 * The register of complaints: every complaint as `viewer` may see it (as `xn_engine_complaint_json`),
 * a JSON array sorted by complaint number (byte order of the numbers); `[]` when there is none. Fills
 * `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `viewer` is NULL or points to `viewer_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_complaints_json(const xn_engine *engine,
                                    const char *viewer,
                                    size_t viewer_len,
                                    xn_buffer *out);

/**
 * Every complainant of a complaint and of the duplicates merged into it, as a JSON array `[{"name",
 * "contact"}]` (the complaint's own first, then the merged ones by complaint number; `contact` absent
 * when none was given; `[]` for an anonymous complaint), for a supervisor only: the complainants'
 * identities are confidential. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_FORBIDDEN` when `viewer` is not a staff member with the `supervisor` role (field
 * `viewer`; checked first, so a refused viewer learns nothing of which numbers exist);
 * `XN_ERR_NOT_FOUND` for an unknown complaint (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `complaint_id` is NULL or points to `complaint_len` readable
 * bytes; `viewer` is NULL or points to `viewer_len` readable bytes; `out` is NULL or points to writable
 * memory.
 */
xn_status xn_engine_complainants_json(const xn_engine *engine,
                                      const char *complaint_id,
                                      size_t complaint_len,
                                      const char *viewer,
                                      size_t viewer_len,
                                      xn_buffer *out);

/**
 * The feedback sample (回访抽查) of `[from_unix, to_unix)` (Unix seconds): of the complaints closed in the
 * period with a named complainant, the policy's share (`complaints.feedback_per_mille`, rounded up),
 * drawn from `seed`, as a JSON array of complaint numbers in byte order. The same seed gives the same
 * sample from Rust (`Engine::feedback_sample`), C and Python. Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_INVALID` (field `to`) for a period that ends before it starts; `XN_ERR_OUT_OF_RANGE`
 * for an instant that is not representable; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_feedback_sample_json(const xn_engine *engine,
                                         int64_t from_unix,
                                         int64_t to_unix,
                                         uint64_t seed,
                                         xn_buffer *out);

/**
 * A pledge as JSON, with its status at `at_unix` (seconds since the Unix epoch): `{"id", "kind"
 * ("rectification", "supervised", "key_project", "target"), "state" ("ordered", "open", "completed",
 * "kept"), "status" ("on_track", "at_risk", "overdue", "kept", "broken"; derived at `at_unix`, never
 * stored), "unit", "source", "source_ref", "problem", "orderer", "signing" (clock), "measures",
 * "responsible", "leader", "standard", "deadline" (clock), "milestones" ([{"title", "clock",
 * "reached_at", "breached"}]), "in_place", "reports", "completed_at", "completed_by", "evidence",
 * "verified_at", "verified_by", "failed_verifications", "signing_breached", "deadline_breached",
 * "breaches", "events", "last_event_at", "faulted"}`; optional fields absent until set. Fills `*out` (free
 * it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown pledge (field `case`); `XN_ERR_INVALID` for an instant outside
 * the supported years 0001-9999 (field `at_unix`); `XN_ERR_OUT_OF_RANGE` for a value that is no instant
 * (field `at_unix`) and for an instant or deadline beyond the calendar's covered range (the value names the
 * date); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `pledge_id` is NULL or points to `pledge_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_pledge_json(const xn_engine *engine,
                                const char *pledge_id,
                                size_t pledge_len,
                                int64_t at_unix,
                                xn_buffer *out);

/**
 * The register of pledges: every pledge with its status at `at_unix` (as `xn_engine_pledge_json`), a
 * JSON array sorted by pledge number (byte order); `[]` when there is none. Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_INVALID` for an instant outside the supported years 0001-9999 (field `at_unix`), even
 * with no pledge; `XN_ERR_OUT_OF_RANGE` for a value that is no instant (field `at_unix`) and for an
 * instant or deadline beyond the calendar's covered range; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_pledges_json(const xn_engine *engine, int64_t at_unix, xn_buffer *out);

/**
 * A key project's or target pledge's evaluation for `period` (`period_len` bytes of UTF-8, e.g.
 * `2026-Q4`) by the policy's rater groups, as JSON: `{"pledge", "period", "groups": [{"name", "label",
 * "weight", "raters", "mean"}], "score", "complete"}`, each `mean` and the `score` a decimal string with two
 * decimals (half to even) or null when nobody rated; `score` is the weighted mean of the groups that rated,
 * `complete` false while some group has not (a provisional score). Fills `*out` (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown pledge (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `pledge_id` is NULL or points to `pledge_len` readable bytes;
 * `period` is NULL or points to `period_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_pledge_evaluation_json(const xn_engine *engine,
                                           const char *pledge_id,
                                           size_t pledge_len,
                                           const char *period,
                                           size_t period_len,
                                           xn_buffer *out);

/**
 * Every accountability matter (问责事项), a JSON array sorted by matter number (byte order): `[{"id",
 * "state" ("proposed", "decided"), "violation" (the registered violation's sequence number), "trigger"
 * ("media_exposure", "leader_instruction", "unresolved_complaint"), "detail", "opener", "facts" ({"id",
 * "kind", "severity", "person", "unit", "unit_head", "at"}), "proposal" ({"violation", "as_of", "rule",
 * "count", "outcome" ({"measures", "effects", "person_points", "unit_points"}), "derivation"}),
 * "sanction" (once decided: {"violation", "rule", "proposed", "outcome", "changed", "decided_by",
 * "decided_at", "reason", "note", "formal"}), "events", "last_event_at"}]`; optional fields absent until
 * set; `[]` when there is none. A proposal never takes effect: only `sanction` holds. Fills `*out` (free
 * it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_matters_json(const xn_engine *engine, xn_buffer *out);

/**
 * The filing report (备案统计) of the sanctions decided on the local dates (+08:00) from day `start_day`
 * up to, not including, day `end_day` (day numbers, as `xn_date_to_day` gives them), as JSON: `{"period_start",
 * "period_end", "filings", "by_unit" ({unit: {"filings", "unit_head_accountable", "changed",
 * "by_measure"}}), "by_measure" ({measure: count})}`. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_INVALID` when `end_day` is before `start_day` (field `end`);
 * `XN_ERR_OUT_OF_RANGE` for a day that is not a representable date; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_filing_stats_json(const xn_engine *engine,
                                      int64_t start_day,
                                      int64_t end_day,
                                      xn_buffer *out);

/**
 * Whether `person` may not receive an award in `year` (评先评优): a sanction of theirs that holds carries
 * the `no_award_that_year` effect for that year. Writes `*out`.
 *
 * Errors: `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `person` is NULL or points to `person_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_award_blocked(const xn_engine *engine,
                                  const char *person,
                                  size_t person_len,
                                  int32_t year,
                                  bool *out);

/**
 * Where the registered violation with sequence number `seq` stands in accountability, as JSON text:
 * `"recorded"` (no matter opened on it), `"proposed"` (a sanction proposed, nothing in effect) or
 * `"decided"` (the sanction holds). Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` when no registered violation has this sequence number (field `seq`);
 * `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_register_state_json(const xn_engine *engine, uint64_t seq, xn_buffer *out);

/**
 * The record of a person or a unit (个人、单位问责记录) for the local dates (+08:00) from day `start_day` up
 * to, not including, day `end_day` (day numbers, as `xn_date_to_day` gives them), as JSON: `{"subject"
 * ({"kind": "person" or "unit", "id"}), "period_start", "period_end", "unit", "unit_head" (absent when the
 * unit has none), "by_rule" ({rule: count}), "unit_level", "violations" ([{"seq", "at", "rule",
 * "record", "person", "state" ("recorded", "proposed", "decided")}]), "matters" ([{"id", "opened_at",
 * "kind", "person", "unit", "violation", "state"}]), "sanctions" ([{"matter", "kind", "person", "unit",
 * "decided_at", "measures", "effects", "person_points", "unit_points", "changed"}]), "person_points",
 * "unit_points", "awards" ([{"year", "blocked", "persons"}])}`. `kind` is `"person"` (what the staff
 * member `id` is the responsible person of) or `"unit"` (what is traced to the unit `id`, whoever the
 * person). What each figure counts: docs/metrics.md, "A person's and a unit's record". Fills `*out`
 * (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_INVALID` for a `kind` other than `"person"` or `"unit"` (field `kind`) and when
 * `end_day` is not after `start_day` (field `end`); `XN_ERR_NOT_FOUND` for an unknown id (field
 * `person` or `unit`); `XN_ERR_OUT_OF_RANGE` for a day that is not a representable date; `XN_ERR_UTF8`;
 * `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `kind` and `id` are NULL or point to `kind_len` and
 * `id_len` readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_record_json(const xn_engine *engine,
                                const char *kind,
                                size_t kind_len,
                                const char *id,
                                size_t id_len,
                                int64_t start_day,
                                int64_t end_day,
                                xn_buffer *out);

/**
 * An inspection as JSON: `{"id", "unit", "mode" ("announced", "unannounced"), "inspectors", "plan",
 * "opener", "opened_at", "findings" ([{"number", "person", "problem", "rectify", "at", "reinspections":
 * [{"at", "by", "passed", "detail"}]}]), "closed_at", "summary", "events", "last_event_at", "state"
 * ("open", "reinspecting", "concluded"; derived)}`; optional fields absent until set. Fills `*out` (free it
 * with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown inspection (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `inspection_id` is NULL or points to `inspection_len`
 * readable bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_inspection_json(const xn_engine *engine,
                                    const char *inspection_id,
                                    size_t inspection_len,
                                    xn_buffer *out);

/**
 * Every inspection (as `xn_engine_inspection_json`), a JSON array sorted by number (byte order); `[]`
 * when there is none. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_inspections_json(const xn_engine *engine, xn_buffer *out);

/**
 * An inspection plan as JSON: `{"id", "period_start", "period_end", "commitment", "committed_by",
 * "committed_at", "revealed" ({"seed", "request", "by", "at"}, once revealed), "events", "last_event_at",
 * "state" ("sealed", "revealed"; derived)}`. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown plan (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `plan_id` is NULL or points to `plan_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_plan_json(const xn_engine *engine, const char *plan_id, size_t plan_len, xn_buffer *out);

/**
 * What inspection plan `plan_id` drew against what was done, as JSON: `{"plan", "state", "period_start",
 * "period_end", "commitment", "assignments" ([{"unit", "stratum", "inspectors"}], once revealed),
 * "carried_out" ([{"unit", "inspection"}]: inspections under the plan, of a unit drawn once revealed),
 * "missed" (units drawn that no inspection under the plan visited), "unplanned" (inspections under the
 * plan of a unit not drawn)}`. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_NOT_FOUND` for an unknown plan (field `case`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `plan_id` is NULL or points to `plan_len` readable bytes;
 * `out` is NULL or points to writable memory.
 */
xn_status xn_engine_plan_report_json(const xn_engine *engine,
                                     const char *plan_id,
                                     size_t plan_len,
                                     xn_buffer *out);

/**
 * The coverage check of `request_json` (`request_len` bytes of UTF-8, the form of `xn_draw_coverage_json`:
 * `{"units", "inspections" (optional), "from", "to", "period", "minimum"}`) with the engine's inspections
 * added, each on the local date it was opened. Fills `*out` with the report, as `xn_draw_coverage_json`
 * (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_PARSE` for malformed JSON or an unknown field (the field names it); `XN_ERR_INVALID`
 * and `XN_ERR_OUT_OF_RANGE` as `xn_draw_coverage_json`; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `request_json` is NULL or points to `request_len` readable
 * bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_inspection_coverage_json(const xn_engine *engine,
                                             const char *request_json,
                                             size_t request_len,
                                             xn_buffer *out);

/**
 * Opens (or creates) the journal in directory `path` (`path_len` bytes of UTF-8; the directory is
 * created when missing) with the engine's policy, organisation and catalog (copied; they may be freed
 * afterwards), and recovers it: every record's hash and the chain are verified, a torn last batch left
 * by a crash is cut (and reported), the engine is restored from the newest snapshot and the records after
 * it replayed. On success `*out` is a new handle; free it with `xn_journal_free` (after
 * `xn_journal_close`). `xn_journal_open_report_json` says what opening found.
 *
 * `options_json` (`options_len` bytes) sets how the journal is written, every field optional; NULL takes
 * the defaults: `{"algorithm": "sha256" | "sm3", "durability": "every_record" | {"every_records": N} |
 * {"every_millis": T} | "never", "segment_bytes": 67108864, "snapshot_every": 0, "compact": false,
 * "confidential": [{"event": "received", "pointer": "/applicant"}]}` (docs/journal.md and docs/c-abi.md,
 * "The journal from C"). The algorithm of an existing journal is fixed: pass the one it was written with.
 *
 * The policy must be the one the journal was written with: the engine's own policy, calendar notices
 * added with `xn_journal_add_notice_json` included (`xn_engine_policy_json` of the view gives it).
 *
 * Errors: `XN_ERR_PARSE` for malformed options, an unknown field or value (the field names it, e.g.
 * `algorithm`, `durability`); `XN_ERR_INVALID` for a value refused (`confidential[k].pointer` not a JSON
 * pointer) or an `algorithm` other than the journal's; `XN_ERR_CORRUPT` for a damaged journal or
 * snapshot (field `seq`, the value the first bad sequence number; nothing is changed); `XN_ERR_IO` when
 * the directory or a file cannot be created, read or written (field `path` or the file);
 * `XN_ERR_INVALID` and the other errors of `xn_engine_restore` / `xn_engine_replay` when the snapshot or
 * records do not apply to this configuration; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `path` is NULL or points to `path_len` readable bytes; `policy`, `org`, `catalog` are NULL or live
 * handles; `options_json` is NULL or points to `options_len` readable bytes; `out` is NULL or points to
 * writable memory.
 */
xn_status xn_journal_open(const char *path,
                          size_t path_len,
                          const xn_policy *policy,
                          const xn_org *org,
                          const xn_catalog *catalog,
                          const char *options_json,
                          size_t options_len,
                          xn_journal **out);

/**
 * What opening the journal found, as JSON: `{"algorithm", "records", "segments", "last_seq", "head"
 * (hash of the last record), "snapshot_seq" (or null), "torn" (the torn tail cut, or null:
 * `{"segment", "kept_bytes", ...}`), "erased"}`. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle; `out` is NULL or points to writable memory.
 */
xn_status xn_journal_open_report_json(const xn_journal *journal, xn_buffer *out);

/**
 * Closes the journal durably: everything appended is synced, whatever the durability policy. The
 * handle stays allocated (free it with `xn_journal_free`) but is closed, whatever the status: every
 * later call on it or on its engine view answers `XN_ERR_STATE` (field `journal`), and the directory may
 * be opened again.
 *
 * Errors: `XN_ERR_IO` when the last sync fails, or when the journal had stopped after an earlier I/O
 * error (what was acknowledged under the policy stays as durable as it was; reopen to recover);
 * `XN_ERR_STATE` when already closed; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread.
 */
xn_status xn_journal_close(xn_journal *journal);

/**
 * Frees a journal handle (and its engine view). NULL is fine. A journal not closed first is dropped
 * without a last sync: under `"every_record"` nothing acknowledged is lost; under the other policies
 * what was not yet synced is in the operating system's hands. Close it first (`xn_journal_close`).
 *
 * # Safety
 *
 * `journal` is NULL or a live handle from this library, not used by any thread afterwards (nor its
 * engine view).
 */
void xn_journal_free(xn_journal *journal);

/**
 * A borrowed, read-only view of the journal's engine: `*out` points to an `xn_engine` owned by the
 * journal handle, the same pointer every time. Pass it to the `xn_engine_*` functions that take a
 * `const xn_engine *`: `xn_engine_seq`, `xn_engine_snapshot`, `xn_engine_case_json`,
 * `xn_engine_inquiry_json`, `xn_engine_view_json`, `xn_engine_explain_json`, `xn_engine_board_json`,
 * `xn_engine_metrics_json`, `xn_engine_case_count`, `xn_engine_next_timer`, `xn_engine_policy_json`,
 * `xn_engine_queued`. The functions that change an engine refuse it (`XN_ERR_STATE`, field `engine`):
 * change it through `xn_journal_execute`, `xn_journal_advance` and `xn_journal_add_notice_json`.
 *
 * Lifetime: valid until `xn_journal_free` of this journal; never free it (`xn_engine_free` ignores it).
 * After `xn_journal_close` every call through it answers `XN_ERR_STATE` (field `journal`). It is part
 * of the journal handle: the same thread rules apply (no call through it while another thread uses the
 * journal).
 *
 * Errors: `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle; `out` is NULL or points to writable memory.
 */
xn_status xn_journal_engine(const xn_journal *journal, const xn_engine **out);

/**
 * Executes one command, as `xn_engine_execute` (the same JSON, the same errors), and appends its events
 * to the journal: `*events_json` receives the JSON array of the events once they are durable under the
 * journal's durability policy (acknowledged). Free it with `xn_buffer_free`.
 *
 * A command the engine refuses changes nothing and writes nothing (`*events_json` untouched).
 *
 * Errors: those of `xn_engine_execute`; `XN_ERR_IO` when writing or syncing fails: the journal stops
 * (fail-stop) and every later call changing it answers `XN_ERR_IO` too; the failed command's events are
 * then wholly in the journal or not at all, as reopening shows. `XN_ERR_STATE` after `xn_journal_close`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread; `command_json` is NULL or
 * points to `command_len` readable bytes; `events_json` is NULL or points to writable memory.
 */
xn_status xn_journal_execute(xn_journal *journal,
                             const char *command_json,
                             size_t command_len,
                             xn_buffer *events_json);

/**
 * Fires every timer due at or before `now_unix`, as `xn_engine_advance`, and appends the events to the
 * journal: `*events_json` receives their JSON array (`[]` when nothing was due) once they are durable
 * under the journal's durability policy. Free it with `xn_buffer_free`. `xn_engine_next_timer` on the
 * view says when something is next due.
 *
 * Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix`; `XN_ERR_IO` as `xn_journal_execute`;
 * `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread; `events_json` is NULL or
 * points to writable memory.
 */
xn_status xn_journal_advance(xn_journal *journal, int64_t now_unix, xn_buffer *events_json);

/**
 * Adds (or with `correction` replaces) a year notice at `at_unix`, as `xn_engine_add_notice_json` (the
 * same JSON, the same errors), and appends the `deadline_changed` events it causes to the journal:
 * `*events_json` receives their JSON array once durable. Free it with `xn_buffer_free`.
 *
 * The journal keeps events, not the policy: from now on the journal must be reopened with the engine's
 * policy, which holds the notice (`xn_engine_policy_json` on the view; keep it as you keep the policy
 * file). With the policy of before, the records after the notice do not replay.
 *
 * Errors: those of `xn_engine_add_notice_json`; `XN_ERR_IO` as `xn_journal_execute`; `XN_ERR_STATE`
 * after `xn_journal_close`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread; `notice_json` is NULL or
 * points to `notice_len` readable bytes; `events_json` is NULL or points to writable memory.
 */
xn_status xn_journal_add_notice_json(xn_journal *journal,
                                     const char *notice_json,
                                     size_t notice_len,
                                     int64_t at_unix,
                                     bool correction,
                                     xn_buffer *events_json);

/**
 * Makes everything appended durable now, whatever the durability policy.
 *
 * Errors: `XN_ERR_IO` when the sync fails (the journal stops) or after an earlier I/O error;
 * `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread.
 */
xn_status xn_journal_flush(xn_journal *journal);

/**
 * The last sequence number known durable (synced): sets `*seq`. With `"every_record"` it is always the
 * engine's `xn_engine_seq`; with the other policies it may lag behind until the next sync or
 * `xn_journal_flush`.
 *
 * Errors: `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle; `seq` is NULL or points to writable memory.
 */
xn_status xn_journal_durable_seq(const xn_journal *journal, uint64_t *seq);

/**
 * A checkpoint of the journal as it stands, as JSON: `{"format": 1, "algorithm", "size" (the last
 * sequence number), "head" (that record's hash, 64 hex digits)}`, for the host or a witness to keep
 * elsewhere and pass to `xn_journal_verify` later (a tail cut or a history forked since is then
 * detected). Take it after `xn_journal_flush` (or under `"every_record"`) so that it vouches only for
 * durable records. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle; `out` is NULL or points to writable memory.
 */
xn_status xn_journal_checkpoint_json(const xn_journal *journal, xn_buffer *out);

/**
 * Writes a snapshot of the engine now (atomically: the records are synced first, the snapshot written
 * to a temporary file, synced and renamed into place), so that the next open replays only the records
 * after it. Snapshots are also taken by policy (`"snapshot_every"`).
 *
 * Errors: `XN_ERR_IO` when writing fails (the journal stops) or after an earlier I/O error;
 * `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread.
 */
xn_status xn_journal_snapshot_now(xn_journal *journal);

/**
 * Removes what the newest snapshot makes unnecessary: older snapshots, and the segment files whose
 * records it all covers (the current segment stays). The chain stays verifiable from the snapshot,
 * which records the hash it covers. Sets `*removed` to the number of segment files removed (0 without a
 * snapshot).
 *
 * Errors: `XN_ERR_IO` when removing fails (the journal stops) or after an earlier I/O error;
 * `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread; `removed` is NULL or points
 * to writable memory.
 */
xn_status xn_journal_compact(xn_journal *journal, size_t *removed);

/**
 * Erases the values of the confidential fields (option `"confidential"`) of the records up to sequence
 * number `through` (their retention ended): the values kept beside the chain are removed, the chain's
 * commitments stay, and the journal still verifies. Sets `*erased` to the number of values erased. The
 * engine in memory and snapshots may still hold the values: take a snapshot and compact afterwards
 * (docs/journal.md, "Erasure").
 *
 * Errors: `XN_ERR_IO` when writing fails (the journal stops) or after an earlier I/O error;
 * `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `journal` is NULL or a live journal handle not in use by another thread; `erased` is NULL or points
 * to writable memory.
 */
xn_status xn_journal_erase_through(xn_journal *journal, uint64_t through, uint64_t *erased);

/**
 * Verifies the journal in directory `path` (`path_len` bytes of UTF-8) without changing it, for an
 * auditor: every line's hash, the chain from its start (or from the snapshot it was compacted to),
 * sequence numbers and batches, the newest snapshot, the confidential values still kept against their
 * commitments; and, given a checkpoint (`checkpoint_json`, `checkpoint_len` bytes, from
 * `xn_journal_checkpoint_json`; NULL for none), that the journal still holds its records with its hash.
 * A journal open in another handle may be verified while it appends.
 *
 * The status tells the three outcomes apart:
 * - `XN_OK`: the journal verified; `*report_json` receives the report.
 * - `XN_ERR_CORRUPT`: the journal is damaged or disagrees with the checkpoint (a record edited,
 *   removed, reordered or inserted, a damaged snapshot, a cut tail, a forked history).
 *   `*report_json` is filled too (the one exception to "out-pointers untouched on error"), with
 *   `"first_bad_seq"` and `"damage"` set; the last error's field is `seq`, its value the first bad
 *   sequence number, its reason the damage.
 * - any other status: the journal could not be checked, `*report_json` is untouched. `XN_ERR_IO` when
 *   the directory or a file cannot be read (a missing directory included; field `path` or the file).
 *
 * The report: `{"algorithm" (null for an empty directory), "records", "segments", "last_seq", "head",
 * "snapshot_seq", "torn" (a torn tail a crash left: not damage, the next open cuts it), "erased",
 * "first_bad_seq" (null when verified), "damage" (null when verified), "checkpoint_checked" (null
 * without a checkpoint; false when the checkpoint's record was compacted away and no snapshot covers
 * exactly it)}`. Free it with `xn_buffer_free` whatever the status (a zeroed buffer is fine).
 *
 * Errors besides: `XN_ERR_PARSE` for a malformed checkpoint (naming the field); `XN_ERR_INVALID`
 * (field `checkpoint.algorithm`) for a checkpoint of another algorithm; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `path` is NULL or points to `path_len` readable bytes; `checkpoint_json` is NULL or points to
 * `checkpoint_len` readable bytes; `report_json` is NULL or points to writable memory.
 */
xn_status xn_journal_verify(const char *path,
                            size_t path_len,
                            const char *checkpoint_json,
                            size_t checkpoint_len,
                            xn_buffer *report_json);

/**
 * A seeded sample, without replacement, of the ids of `request_json` (`request_len` bytes of UTF-8:
 * `{"ids": ["T-01", ...], "rate_per_mille": 300}`) at the rate, with `seed`: `ceil(rate × n / 1000)` ids
 * (at least one when there are ids and the rate is not 0), the same for the same set of ids and seed
 * whatever their order. Fills `*out` with the sample as a JSON array of ids, sorted (free it with
 * `xn_buffer_free`).
 *
 * Errors: `XN_ERR_PARSE` for malformed JSON or an unknown field (the field names it);
 * `XN_ERR_INVALID` for a rate above 1000 (`rate_per_mille`) or an id given twice or empty (`ids[k]`);
 * `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `request_json` is NULL or points to `request_len` readable bytes; `out` is NULL or points to writable
 * memory.
 */
xn_status xn_draw_sample_json(const char *request_json, size_t request_len, uint64_t seed, xn_buffer *out);

/**
 * Draws a period's inspection plan from `request_json` (`request_len` bytes of UTF-8) with `seed`.
 *
 * The request: `{"units": [{"id", "stratum", "exclude_inspectors": [..] (optional)}], "inspectors":
 * [{"id", "unit"}], "strata": {"high": 2, ...} (units to draw per stratum), "team_size": 2,
 * "inspected_last_period": [..] (optional)}`. Fills `*out` with the plan (free it with
 * `xn_buffer_free`): `{"seed", "assignments": [{"unit", "stratum", "inspectors": [..]}] (by unit id),
 * "commitment": "<SHA-256, lowercase hex>"}`. Record the commitment before the period; reveal the seed
 * and the plan after it (`xn_draw_verify_plan_json`).
 *
 * Errors: `XN_ERR_PARSE` for malformed JSON or an unknown field (the field names it, e.g.
 * `units[0].risk`); `XN_ERR_INVALID` when the plan cannot be drawn: `team_size` 0, an id given twice
 * (`units[k].id`, `inspectors[k].id`), a stratum asking for more units than it has eligible
 * (`strata.<name>`), a unit drawn that cannot have a full team (`units[k]`, the value its id, the
 * reason why); `XN_ERR_NOT_FOUND` for an exclusion naming no inspector
 * (`units[k].exclude_inspectors[j]`) or an unknown unit inspected last period
 * (`inspected_last_period[j]`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `request_json` is NULL or points to `request_len` readable bytes; `out` is NULL or points to writable
 * memory.
 */
xn_status xn_draw_inspection_plan_json(const char *request_json,
                                       size_t request_len,
                                       uint64_t seed,
                                       xn_buffer *out);

/**
 * Verifies a revealed inspection plan: `check_json` (`check_len` bytes of UTF-8) is `{"request": {..}
 * (as drawn from), "seed": S (revealed), "assignments": [..] (revealed), "commitment": "<hex recorded
 * before the period>"}`. `XN_OK` when the plan is the one the seed draws from the request and the
 * commitment is its SHA-256.
 *
 * Errors: `XN_ERR_CORRUPT` when it is not: field `assignments[k]` (the first assignment that differs,
 * its unit as value), `assignments` (another number of units) or `commitment`; `XN_ERR_PARSE` for
 * malformed JSON or an unknown field; the errors of `xn_draw_inspection_plan_json` for a request that
 * cannot be drawn from; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `check_json` is NULL or points to `check_len` readable bytes.
 */
xn_status xn_draw_verify_plan_json(const char *check_json, size_t check_len);

/**
 * The units inspected fewer times than a minimum per calendar period. `request_json` (`request_len`
 * bytes of UTF-8): `{"units": [..], "inspections": [{"unit", "date": "YYYY-MM-DD"}], "from":
 * "YYYY-MM-DD", "to": "YYYY-MM-DD" (inclusive), "period": "month" | "quarter", "minimum": 1}`. Only the
 * whole calendar periods inside the span are checked. Fills `*out` (free it with `xn_buffer_free`) with
 * `{"periods": [{"label": "2026-Q1", "start", "end"}], "below": [{"unit", "period", "start", "end",
 * "count", "minimum"}] (by unit id, then period)}`.
 *
 * Errors: `XN_ERR_PARSE` for malformed JSON, an unknown field or a bad date (the field names it);
 * `XN_ERR_INVALID` for `minimum` 0, `to` before `from`, a unit given twice (`units[k]`);
 * `XN_ERR_NOT_FOUND` for an inspection of a unit not listed (`inspections[k].unit`);
 * `XN_ERR_OUT_OF_RANGE` for a span of more than 2,400 periods (`to`); `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `request_json` is NULL or points to `request_len` readable bytes; `out` is NULL or points to writable
 * memory.
 */
xn_status xn_draw_coverage_json(const char *request_json, size_t request_len, xn_buffer *out);

/**
 * The violation register selected by `query_json` as a JSON array of `violation` events, in sequence
 * order: each `{"seq", "at", "case" (the record), "type": "violation", "rule", "responsible", "post",
 * "acting", "unit", "unit_head", "detail", ...}` (the trace-back as of the breach; the event itself, by
 * `seq`, is the evidence). `query_json` is `{}` for all, or any of `{"from": instant, "to": instant,
 * "rule": "decision_overdue", "unit": "amr", "person": "s-rev", "record": "C1"}`: the period is
 * `[from, to)`, and a person is matched as the responsible one, the one acting for the post or the unit
 * head. Fills `*out` (free it with `xn_buffer_free`).
 *
 * Errors: `XN_ERR_PARSE` naming the field for malformed JSON, an unknown field or value;
 * `XN_ERR_INVALID` (field `to`) for a period that ends before it starts; `XN_ERR_UTF8`; `XN_ERR_NULL`.
 *
 * # Safety
 *
 * `engine` is NULL or a live engine handle; `query_json` is NULL or points to `query_len` readable
 * bytes; `out` is NULL or points to writable memory.
 */
xn_status xn_engine_violations_json(const xn_engine *engine,
                                    const char *query_json,
                                    size_t query_len,
                                    xn_buffer *out);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* XIAONENG_H */

/* end of xiaoneng.h */
