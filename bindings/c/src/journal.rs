//! The journal (账本) for C: an engine recovered from, and recording into, a durable, hash-chained
//! directory of files (docs/journal.md), and the auditor's verification of such a directory.
//!
//! One opaque, mutable handle, `xn_journal`, opened on a directory with an `xn_policy`, an `xn_org` and an
//! `xn_catalog` (copied) and the journal's options as JSON. Commands and events travel as JSON, as with
//! `xn_engine_execute`; an answer is returned only once its events are durable under the journal's
//! durability policy. The engine's state is read through a borrowed `const xn_engine *` view
//! (`xn_journal_engine`), with the `xn_engine_*` functions that read an engine.
//!
//! `xn_journal_verify` reads a journal directory without changing it: `XN_OK` when it verifies,
//! `XN_ERR_CORRUPT` (with the report filled) when it is damaged, `XN_ERR_IO` when it cannot be read.

use std::ffi::c_char;

use xiaoneng::journal::{verify, Checkpoint, JournalOptions, JournaledEngine};
use xiaoneng::{Command, Error, Event, FieldError, YearNotice};

use crate::calendar::instant_arg;
use crate::engine::{config, xn_engine};
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, free_handle, new_handle, to_json, xn_buffer};
use crate::model::{xn_catalog, xn_org, xn_policy};

// ---------------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------------

/// An engine on a journal (账本): every event it produces is appended to a hash-chained journal
/// directory and acknowledged only once durable under the journal's durability policy.
///
/// Opaque. Open with `xn_journal_open`, close durably with `xn_journal_close`, free with
/// `xn_journal_free`. Mutable: do not use one journal handle (or its engine view, `xn_journal_engine`)
/// from two threads at the same time; different journals on different directories are independent. A
/// directory is open in at most one handle (of any process) at a time: opening it takes a lock on its
/// `LOCK` file, and a second open is `XN_ERR_IO` until the first is closed or freed.
pub struct xn_journal {
    /// The journal's engine, as the view `xn_journal_engine` lends (`Core::Journaled` until closed).
    view: xn_engine,
}

/// The journaled engine of a journal argument, to change, or `XN_ERR_STATE` once closed.
macro_rules! journaled_mut {
    ($p:ident) => {
        arg_mut!($p).view.journaled_mut()?
    };
}

/// Events as the JSON array every event-returning call answers.
fn events_out(events: &[Event], out: *mut xn_buffer) -> Result<(), Failure> {
    fill_buffer(out, to_json(events)?);
    Ok(())
}

/// Opens (or creates) the journal in directory `path` (`path_len` bytes of UTF-8; the directory is
/// created when missing) with the engine's policy, organisation and catalog (copied; they may be freed
/// afterwards), and recovers it: every record's hash and the chain are verified, a torn last batch left
/// by a crash is cut (and reported), the engine is restored from the newest snapshot and the records after
/// it replayed. On success `*out` is a new handle; free it with `xn_journal_free` (after
/// `xn_journal_close`). `xn_journal_open_report_json` says what opening found.
///
/// `options_json` (`options_len` bytes) sets how the journal is written, every field optional; NULL takes
/// the defaults: `{"algorithm": "sha256" | "sm3", "durability": "every_record" | {"every_records": N} |
/// {"every_millis": T} | "never", "segment_bytes": 67108864, "snapshot_every": 0, "compact": false,
/// "confidential": [{"event": "received", "pointer": "/applicant"}]}` (docs/journal.md and docs/c-abi.md,
/// "The journal from C"). The algorithm of an existing journal is fixed: pass the one it was written with.
///
/// The policy must be the one the journal was written with: the engine's own policy, calendar notices
/// added with `xn_journal_add_notice_json` included (`xn_engine_policy_json` of the view gives it).
///
/// Errors: `XN_ERR_PARSE` for malformed options, an unknown field or value (the field names it, e.g.
/// `algorithm`, `durability`); `XN_ERR_INVALID` for a value refused (`confidential[k].pointer` not a JSON
/// pointer) or an `algorithm` other than the journal's; `XN_ERR_CORRUPT` for a damaged journal or
/// snapshot (field `seq`, the value the first bad sequence number; nothing is changed); `XN_ERR_IO` when
/// the directory or a file cannot be created, read or written (field `path` or the file);
/// `XN_ERR_INVALID` and the other errors of `xn_engine_restore` / `xn_engine_replay` when the snapshot or
/// records do not apply to this configuration; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `path` is NULL or points to `path_len` readable bytes; `policy`, `org`, `catalog` are NULL or live
/// handles; `options_json` is NULL or points to `options_len` readable bytes; `out` is NULL or points to
/// writable memory.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn xn_journal_open(
    path: *const c_char,
    path_len: usize,
    policy: *const xn_policy,
    org: *const xn_org,
    catalog: *const xn_catalog,
    options_json: *const c_char,
    options_len: usize,
    out: *mut *mut xn_journal,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let dir = arg_str!(path, path_len);
        let (p, o, c) = config(policy, org, catalog)?;
        let options = if options_json.is_null() {
            JournalOptions::default()
        } else {
            JournalOptions::from_json(arg_str!(options_json, options_len))?
        };
        let engine = JournaledEngine::open(dir, p, o, c, options)?;
        new_handle(
            out,
            xn_journal {
                view: xn_engine::journaled(engine),
            },
        );
        Ok(())
    })
}

/// What opening the journal found, as JSON: `{"algorithm", "records", "segments", "last_seq", "head"
/// (hash of the last record), "snapshot_seq" (or null), "torn" (the torn tail cut, or null:
/// `{"segment", "kept_bytes", ...}`), "erased"}`. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_open_report_json(journal: *const xn_journal, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let j = arg_ref!(journal);
        check_out!(out);
        fill_buffer(out, j.view.journaled_ref()?.report().to_json());
        Ok(())
    })
}

/// Closes the journal durably: everything appended is synced, whatever the durability policy. The
/// handle stays allocated (free it with `xn_journal_free`) but is closed, whatever the status: every
/// later call on it or on its engine view answers `XN_ERR_STATE` (field `journal`), and the directory may
/// be opened again.
///
/// Errors: `XN_ERR_IO` when the last sync fails, or when the journal had stopped after an earlier I/O
/// error (what was acknowledged under the policy stays as durable as it was; reopen to recover);
/// `XN_ERR_STATE` when already closed; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_close(journal: *mut xn_journal) -> xn_status {
    boundary(|| {
        let j = arg_mut!(journal);
        j.view.journaled_mut()?;
        match j.view.take_journaled() {
            Some(engine) => Ok(engine.close()?),
            None => Ok(()),
        }
    })
}

/// Frees a journal handle (and its engine view). NULL is fine. A journal not closed first is dropped
/// without a last sync: under `"every_record"` nothing acknowledged is lost; under the other policies
/// what was not yet synced is in the operating system's hands. Close it first (`xn_journal_close`).
///
/// # Safety
///
/// `journal` is NULL or a live handle from this library, not used by any thread afterwards (nor its
/// engine view).
#[no_mangle]
pub unsafe extern "C" fn xn_journal_free(journal: *mut xn_journal) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(journal) }
}

/// A borrowed, read-only view of the journal's engine: `*out` points to an `xn_engine` owned by the
/// journal handle, the same pointer every time. Pass it to the `xn_engine_*` functions that take a
/// `const xn_engine *`: `xn_engine_seq`, `xn_engine_snapshot`, `xn_engine_case_json`,
/// `xn_engine_inquiry_json`, `xn_engine_view_json`, `xn_engine_explain_json`, `xn_engine_board_json`,
/// `xn_engine_metrics_json`, `xn_engine_case_count`, `xn_engine_next_timer`, `xn_engine_policy_json`,
/// `xn_engine_queued`. The functions that change an engine refuse it (`XN_ERR_STATE`, field `engine`):
/// change it through `xn_journal_execute`, `xn_journal_advance` and `xn_journal_add_notice_json`.
///
/// Lifetime: valid until `xn_journal_free` of this journal; never free it (`xn_engine_free` ignores it).
/// After `xn_journal_close` every call through it answers `XN_ERR_STATE` (field `journal`). It is part
/// of the journal handle: the same thread rules apply (no call through it while another thread uses the
/// journal).
///
/// Errors: `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_engine(journal: *const xn_journal, out: *mut *const xn_engine) -> xn_status {
    boundary(|| {
        let j = arg_ref!(journal);
        check_out!(out);
        put!(out, &j.view as *const xn_engine);
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------------
// Commands and timers
// ---------------------------------------------------------------------------------------------------

/// Executes one command, as `xn_engine_execute` (the same JSON, the same errors), and appends its events
/// to the journal: `*events_json` receives the JSON array of the events once they are durable under the
/// journal's durability policy (acknowledged). Free it with `xn_buffer_free`.
///
/// A command the engine refuses changes nothing and writes nothing (`*events_json` untouched).
///
/// Errors: those of `xn_engine_execute`; `XN_ERR_IO` when writing or syncing fails: the journal stops
/// (fail-stop) and every later call changing it answers `XN_ERR_IO` too; the failed command's events are
/// then wholly in the journal or not at all, as reopening shows. `XN_ERR_STATE` after `xn_journal_close`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread; `command_json` is NULL or
/// points to `command_len` readable bytes; `events_json` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_execute(
    journal: *mut xn_journal,
    command_json: *const c_char,
    command_len: usize,
    events_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = journaled_mut!(journal);
        check_out!(events_json);
        let command = Command::from_json(arg_str!(command_json, command_len))?;
        events_out(&e.execute(command)?, events_json)
    })
}

/// Fires every timer due at or before `now_unix`, as `xn_engine_advance`, and appends the events to the
/// journal: `*events_json` receives their JSON array (`[]` when nothing was due) once they are durable
/// under the journal's durability policy. Free it with `xn_buffer_free`. `xn_engine_next_timer` on the
/// view says when something is next due.
///
/// Errors: `XN_ERR_OUT_OF_RANGE` for an unrepresentable `now_unix`; `XN_ERR_IO` as `xn_journal_execute`;
/// `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread; `events_json` is NULL or
/// points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_advance(
    journal: *mut xn_journal,
    now_unix: i64,
    events_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = journaled_mut!(journal);
        check_out!(events_json);
        let now = instant_arg(now_unix, "now_unix")?;
        events_out(&e.advance(now)?, events_json)
    })
}

/// Adds (or with `correction` replaces) a year notice at `at_unix`, as `xn_engine_add_notice_json` (the
/// same JSON, the same errors), and appends the `deadline_changed` events it causes to the journal:
/// `*events_json` receives their JSON array once durable. Free it with `xn_buffer_free`.
///
/// The journal keeps events, not the policy: from now on the journal must be reopened with the engine's
/// policy, which holds the notice (`xn_engine_policy_json` on the view; keep it as you keep the policy
/// file). With the policy of before, the records after the notice do not replay.
///
/// Errors: those of `xn_engine_add_notice_json`; `XN_ERR_IO` as `xn_journal_execute`; `XN_ERR_STATE`
/// after `xn_journal_close`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread; `notice_json` is NULL or
/// points to `notice_len` readable bytes; `events_json` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_add_notice_json(
    journal: *mut xn_journal,
    notice_json: *const c_char,
    notice_len: usize,
    at_unix: i64,
    correction: bool,
    events_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let e = journaled_mut!(journal);
        check_out!(events_json);
        let notice = YearNotice::from_json(arg_str!(notice_json, notice_len))?;
        let at = instant_arg(at_unix, "at_unix")?;
        let events = if correction {
            e.correct_notice(notice, at)?
        } else {
            e.add_notice(notice, at)?
        };
        events_out(&events, events_json)
    })
}

// ---------------------------------------------------------------------------------------------------
// Durability, checkpoints, snapshots
// ---------------------------------------------------------------------------------------------------

/// Makes everything appended durable now, whatever the durability policy.
///
/// Errors: `XN_ERR_IO` when the sync fails (the journal stops) or after an earlier I/O error;
/// `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_flush(journal: *mut xn_journal) -> xn_status {
    boundary(|| Ok(journaled_mut!(journal).flush()?))
}

/// The last sequence number known durable (synced): sets `*seq`. With `"every_record"` it is always the
/// engine's `xn_engine_seq`; with the other policies it may lag behind until the next sync or
/// `xn_journal_flush`.
///
/// Errors: `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle; `seq` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_durable_seq(journal: *const xn_journal, seq: *mut u64) -> xn_status {
    boundary(|| {
        let j = arg_ref!(journal);
        check_out!(seq);
        put!(seq, j.view.journaled_ref()?.journal().durable_seq());
        Ok(())
    })
}

/// A checkpoint of the journal as it stands, as JSON: `{"format": 1, "algorithm", "size" (the last
/// sequence number), "head" (that record's hash, 64 hex digits)}`, for the host or a witness to keep
/// elsewhere and pass to `xn_journal_verify` later (a tail cut or a history forked since is then
/// detected). Take it after `xn_journal_flush` (or under `"every_record"`) so that it vouches only for
/// durable records. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_checkpoint_json(journal: *const xn_journal, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let j = arg_ref!(journal);
        check_out!(out);
        fill_buffer(out, j.view.journaled_ref()?.checkpoint().to_json());
        Ok(())
    })
}

/// Writes a snapshot of the engine now (atomically: the records are synced first, the snapshot written
/// to a temporary file, synced and renamed into place), so that the next open replays only the records
/// after it. Snapshots are also taken by policy (`"snapshot_every"`).
///
/// Errors: `XN_ERR_IO` when writing fails (the journal stops) or after an earlier I/O error;
/// `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_snapshot_now(journal: *mut xn_journal) -> xn_status {
    boundary(|| Ok(journaled_mut!(journal).snapshot_now()?))
}

/// Removes what the newest snapshot makes unnecessary: older snapshots, and the segment files whose
/// records it all covers (the current segment stays). The chain stays verifiable from the snapshot,
/// which records the hash it covers. Sets `*removed` to the number of segment files removed (0 without a
/// snapshot).
///
/// Errors: `XN_ERR_IO` when removing fails (the journal stops) or after an earlier I/O error;
/// `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread; `removed` is NULL or points
/// to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_compact(journal: *mut xn_journal, removed: *mut usize) -> xn_status {
    boundary(|| {
        let e = journaled_mut!(journal);
        check_out!(removed);
        put!(removed, e.compact()?);
        Ok(())
    })
}

/// Erases the values of the confidential fields (option `"confidential"`) of the records up to sequence
/// number `through` (their retention ended): the values kept beside the chain are removed, the chain's
/// commitments stay, and the journal still verifies. Sets `*erased` to the number of values erased. The
/// engine in memory and snapshots may still hold the values: take a snapshot and compact afterwards
/// (docs/journal.md, "Erasure").
///
/// Errors: `XN_ERR_IO` when writing fails (the journal stops) or after an earlier I/O error;
/// `XN_ERR_STATE` after `xn_journal_close`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `journal` is NULL or a live journal handle not in use by another thread; `erased` is NULL or points
/// to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_erase_through(
    journal: *mut xn_journal,
    through: u64,
    erased: *mut u64,
) -> xn_status {
    boundary(|| {
        let e = journaled_mut!(journal);
        check_out!(erased);
        put!(erased, e.erase_through(through)?);
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------------

/// Verifies the journal in directory `path` (`path_len` bytes of UTF-8) without changing it, for an
/// auditor: every line's hash, the chain from its start (or from the snapshot it was compacted to),
/// sequence numbers and batches, the newest snapshot, the confidential values still kept against their
/// commitments; and, given a checkpoint (`checkpoint_json`, `checkpoint_len` bytes, from
/// `xn_journal_checkpoint_json`; NULL for none), that the journal still holds its records with its hash.
/// A journal open in another handle may be verified while it appends.
///
/// The status tells the three outcomes apart:
/// - `XN_OK`: the journal verified; `*report_json` receives the report.
/// - `XN_ERR_CORRUPT`: the journal is damaged or disagrees with the checkpoint (a record edited,
///   removed, reordered or inserted, a damaged snapshot, a cut tail, a forked history).
///   `*report_json` is filled too (the one exception to "out-pointers untouched on error"), with
///   `"first_bad_seq"` and `"damage"` set; the last error's field is `seq`, its value the first bad
///   sequence number, its reason the damage.
/// - any other status: the journal could not be checked, `*report_json` is untouched. `XN_ERR_IO` when
///   the directory or a file cannot be read (a missing directory included; field `path` or the file).
///
/// The report: `{"algorithm" (null for an empty directory), "records", "segments", "last_seq", "head",
/// "snapshot_seq", "torn" (a torn tail a crash left: not damage, the next open cuts it), "erased",
/// "first_bad_seq" (null when verified), "damage" (null when verified), "checkpoint_checked" (null
/// without a checkpoint; false when the checkpoint's record was compacted away and no snapshot covers
/// exactly it)}`. Free it with `xn_buffer_free` whatever the status (a zeroed buffer is fine).
///
/// Errors besides: `XN_ERR_PARSE` for a malformed checkpoint (naming the field); `XN_ERR_INVALID`
/// (field `checkpoint.algorithm`) for a checkpoint of another algorithm; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `path` is NULL or points to `path_len` readable bytes; `checkpoint_json` is NULL or points to
/// `checkpoint_len` readable bytes; `report_json` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_journal_verify(
    path: *const c_char,
    path_len: usize,
    checkpoint_json: *const c_char,
    checkpoint_len: usize,
    report_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(report_json);
        let dir = arg_str!(path, path_len);
        let checkpoint = if checkpoint_json.is_null() {
            None
        } else {
            Some(Checkpoint::from_json(arg_str!(checkpoint_json, checkpoint_len))?)
        };
        let report = verify(dir, checkpoint.as_ref())?;
        fill_buffer(report_json, report.to_json());
        match report.first_bad_seq {
            None => Ok(()),
            Some(seq) => Err(Error::Corrupt(FieldError::new(
                "seq",
                seq,
                report.damage.unwrap_or_else(|| "damaged".to_string()),
            ))
            .into()),
        }
    })
}
