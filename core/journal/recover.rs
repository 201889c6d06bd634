//! Reading a journal back: every segment in order, every line's hash, the chain, the batches, the
//! snapshot it starts from. Open (recovery) and [`super::verify`] both read through [`scan`].
//!
//! What counts as a torn tail (cut by recovery, and reported): in the last segment only, bytes after the
//! last complete line (a crash in the middle of a write), a last line (the file's very last) holding NUL
//! bytes (space a file system allocated but never wrote), or the records of a batch the writer had not finished (a batch is
//! what one `append` wrote, acknowledged only once written whole: its records say how many of the batch
//! follow them). A last segment whose header never became complete is torn whole. Anything else that is
//! wrong is damage: the first bad sequence number is named, and nothing is skipped.

use std::collections::HashMap;

use super::format::{
    self, body_json, header_algorithm, open_line, read_snapshot, segment_seq, Header, RecordBody, FORMAT_VERSION,
};
use super::hash::{Digest, HashAlgorithm};
use super::storage::Storage;
use crate::error::{io, Result};
use crate::event::Event;

/// What a crash left at the end of the journal and recovery cut (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TornTail {
    /// The segment file that was cut.
    pub segment: String,
    /// Its length after the cut, in bytes (0 when the whole segment was torn and removed).
    pub kept_bytes: u64,
    /// The bytes cut off.
    pub cut_bytes: u64,
    /// Complete records cut with them (the start of an unfinished batch), none when only a partial line
    /// was cut.
    pub cut_records: u64,
}

/// One segment as scanned.
#[derive(Debug, Clone)]
pub(crate) struct SegmentInfo {
    pub(crate) name: String,
    pub(crate) first_seq: u64,
    /// Bytes of the segment up to the end of its last whole batch.
    pub(crate) len: u64,
    /// Its side file of confidential values, and that file's length up to its last complete line.
    pub(crate) side: Option<(String, u64)>,
}

/// The snapshot a scan starts from.
#[derive(Debug, Clone)]
pub(crate) struct SnapshotInfo {
    pub(crate) name: String,
    pub(crate) seq: u64,
    pub(crate) head: Digest,
    /// The engine state (JSON), kept when asked for.
    pub(crate) state: Option<String>,
}

/// What a scan found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    /// The algorithm the journal is written with (none for an empty directory).
    pub(crate) algorithm: Option<HashAlgorithm>,
    pub(crate) segments: Vec<SegmentInfo>,
    pub(crate) snapshot: Option<SnapshotInfo>,
    /// Snapshots older than the newest (compaction removes them).
    pub(crate) older_snapshots: Vec<String>,
    /// Leftover temporary files (an interrupted snapshot or erasure).
    pub(crate) temporary: Vec<String>,
    /// Records read (whole batches only).
    pub(crate) records: u64,
    /// The last sequence number (of the last whole batch, or the snapshot's when no record follows it).
    pub(crate) last_seq: u64,
    /// The hash of record `last_seq` (zeros for an empty journal).
    pub(crate) head: Digest,
    pub(crate) torn: Option<TornTail>,
    /// The first bad sequence number and what is wrong, when the journal is damaged (the scan stops there).
    pub(crate) damage: Option<(u64, String)>,
    /// The hash of the record asked for (a checkpoint's size), when it was read.
    pub(crate) hash_at: Option<Digest>,
    /// Confidential values found and checked, and those erased (a commitment without its value).
    pub(crate) unsealed: u64,
    /// Confidential fields whose value was erased.
    pub(crate) erased: u64,
}

/// What a scan is asked for.
pub(crate) struct Want<'a> {
    /// Keep the newest snapshot's state.
    pub(crate) state: bool,
    /// The hash of this record.
    pub(crate) hash_at: Option<u64>,
    /// Called with each record's event after the newest snapshot, whole batches only, in order.
    pub(crate) events: Option<&'a mut dyn FnMut(Event)>,
}

fn io_err(file: &str, what: &str, e: std::io::Error) -> crate::Error {
    io(file, what, e.to_string())
}

/// A batch under way: where it started and the chain before it.
struct Batch {
    seq: u64,
    head: Digest,
    records: u64,
    /// Records of the batch still to come.
    left: u64,
    events: Vec<Event>,
}

/// Reads the journal in `storage` (see the module's documentation). I/O errors are errors; damage is
/// [`Scan::damage`], with what was read before it.
pub(crate) fn scan(storage: &dyn Storage, mut want: Want<'_>) -> Result<Scan> {
    let names = storage.list().map_err(|e| io_err(".", "list", e))?;
    let mut out = Scan::default();
    let mut segments: Vec<(u64, String)> = Vec::new();
    let mut snapshots: Vec<(u64, String)> = Vec::new();
    let mut sides: HashMap<u64, String> = HashMap::new();
    for name in names {
        if let Some(seq) = segment_seq(&name) {
            segments.push((seq, name));
        } else if let Some(seq) = format::sealed_seq(&name) {
            sides.insert(seq, name);
        } else if let Some(seq) = format::snapshot_seq(&name) {
            snapshots.push((seq, name));
        } else if name.ends_with(".tmp") {
            out.temporary.push(name);
        }
    }
    segments.sort();
    snapshots.sort();
    // The newest snapshot: the chain must reach it, and the tail after it is replayed.
    if let Some((seq, name)) = snapshots.pop() {
        out.older_snapshots = snapshots.into_iter().map(|(_, n)| n).collect();
        let bytes = storage.read(&name).map_err(|e| io_err(&name, "read", e))?;
        match read_snapshot(&name, &bytes) {
            Ok((snap, _)) => {
                out.algorithm = Some(snap.algorithm);
                out.snapshot = Some(SnapshotInfo {
                    name,
                    seq,
                    head: snap.head,
                    state: want.state.then(|| snap.state.get().to_string()),
                });
            }
            Err(e) => {
                out.damage = Some((seq, e.reason()));
                return Ok(out);
            }
        }
    }
    let snap = out.snapshot.as_ref().map(|s| (s.seq, s.head));
    let deliver_from = snap.map_or(1, |(s, _)| s.saturating_add(1));
    let mut expected = 1;
    let mut head = Digest::ZERO;
    let nsegments = segments.len();
    for (i, (first_seq, name)) in segments.iter().enumerate() {
        let last = i + 1 == nsegments;
        let bytes = storage.read(name).map_err(|e| io_err(name, "read", e))?;
        // The header.
        let Some(header_end) = bytes.iter().position(|&b| b == b'\n').map(|p| p + 1) else {
            if last {
                out.torn = Some(TornTail {
                    segment: name.clone(),
                    kept_bytes: 0,
                    cut_bytes: bytes.len() as u64,
                    cut_records: 0,
                });
                break;
            }
            out.damage = Some((
                expected.max(*first_seq),
                format!("segment {name} has no complete header"),
            ));
            return Ok(out);
        };
        let line = &bytes[..header_end];
        let bad = |reason: String| Some((*first_seq, format!("segment {name}, header: {reason}")));
        let Some(alg) = header_algorithm(line) else {
            out.damage = bad("names no hash algorithm this library knows".into());
            return Ok(out);
        };
        if out.algorithm.is_some_and(|a| a != alg) {
            out.damage = bad(format!(
                "algorithm {alg}, the journal's is {}",
                out.algorithm.unwrap_or_default()
            ));
            return Ok(out);
        }
        out.algorithm = Some(alg);
        let header: Header = match open_line(alg, line).and_then(|(body, _)| body_json(body)) {
            Ok(h) => h,
            Err(reason) => {
                out.damage = bad(reason);
                return Ok(out);
            }
        };
        if *first_seq == 0 {
            out.damage = bad("a segment starting at seq 0 (sequence numbers start at 1)".into());
            return Ok(out);
        }
        if header.journal != "xiaoneng"
            || header.format != FORMAT_VERSION
            || header.first_seq != *first_seq
            || header.algorithm != alg
        {
            out.damage = bad(format!(
                "journal {:?} format {} first_seq {} (expected \"xiaoneng\", format {FORMAT_VERSION}, first_seq {first_seq} as its name says)",
                header.journal, header.format, header.first_seq
            ));
            return Ok(out);
        }
        // Where this segment joins the chain.
        if i == 0 {
            let anchored = match snap {
                _ if *first_seq == 1 => header.prev == Digest::ZERO,
                Some((s, h)) if s.saturating_add(1) == *first_seq => header.prev == h,
                // The snapshot lies inside this segment: checked when its record is read.
                Some((s, _)) if s >= *first_seq => true,
                _ => false,
            };
            if !anchored {
                let missing_from = snap.map_or(1, |(s, _)| s.saturating_add(1)).min(*first_seq);
                out.damage = Some((
                    missing_from,
                    format!(
                        "the first segment {name} starts at seq {first_seq} after hash {}, which neither the start \
                         of the journal nor a snapshot vouches for: records before it are missing",
                        header.prev
                    ),
                ));
                return Ok(out);
            }
            expected = *first_seq;
            head = header.prev;
        } else if *first_seq != expected || header.prev != head {
            out.damage = Some((
                expected,
                format!(
                    "segment {name} starts at seq {first_seq} after hash {}; the chain is at seq {expected} after hash {head}",
                    header.prev
                ),
            ));
            return Ok(out);
        }
        // The side file of confidential values.
        let side = match sides.get(first_seq) {
            Some(side_name) => {
                let raw = storage.read(side_name).map_err(|e| io_err(side_name, "read", e))?;
                let (entries, len) = super::erasure::read_side(&raw);
                Some((side_name.clone(), len, entries))
            }
            None => None,
        };
        let no_side = super::erasure::Side::new();
        let side_entries = side.as_ref().map_or(&no_side, |s| &s.2);
        // The records.
        let mut batch: Option<Batch> = None;
        let mut pos = header_end;
        let mut whole_end = header_end as u64;
        while pos < bytes.len() {
            // The line's end (a vectorized search: a record is a few hundred bytes).
            let end = memchr::memchr(b'\n', &bytes[pos..]).map(|p| pos + p + 1);
            let record = end
                .ok_or_else(|| "an incomplete last line".to_string())
                .and_then(|end| {
                    let line = &bytes[pos..end];
                    let (_, hash) = open_line(alg, line)?;
                    Ok((RecordBody::read(line)?, hash, end))
                });
            let (r, hash, end) = match record {
                Ok(x) => x,
                Err(reason) => {
                    if last && tail_is_torn(&bytes, pos) {
                        break;
                    }
                    out.damage = Some((expected, format!("segment {name}, byte {pos}: {reason}")));
                    return Ok(out);
                }
            };
            let fail = |reason: String| Some((expected, format!("segment {name}, byte {pos}: {reason}")));
            if r.seq != expected {
                out.damage = fail(format!(
                    "a record with seq {} where seq {expected} belongs (records removed, reordered or inserted)",
                    r.seq
                ));
                return Ok(out);
            }
            if r.prev != head {
                out.damage = fail(format!(
                    "its prev is {}, the previous record's hash is {head} (a record removed, replaced or inserted)",
                    r.prev
                ));
                return Ok(out);
            }
            let more = r.more;
            if let Some(b) = &batch {
                let owed = b.left;
                if more.checked_add(1) != Some(owed) {
                    out.damage = fail(format!(
                        "its batch should have {} more records after it, it says {more}",
                        owed - 1
                    ));
                    return Ok(out);
                }
            }
            // The event is read (and checked against its record) when it is delivered for replay, and
            // when it holds sealed fields (their kept values are checked against the commitments); the
            // chain alone vouches for the others (verification reads no event it need not).
            let deliver = expected >= deliver_from && want.events.is_some();
            let event = if deliver || !r.sealed.is_empty() {
                match super::erasure::decode_event(alg, &r, side_entries) {
                    Ok((e, unsealed, erased)) => {
                        out.unsealed += unsealed;
                        out.erased += erased;
                        Some(e)
                    }
                    Err(reason) => {
                        out.damage = fail(reason);
                        return Ok(out);
                    }
                }
            } else {
                None
            };
            let b = batch.get_or_insert_with(|| Batch {
                seq: expected,
                head,
                records: 0,
                left: 0,
                events: Vec::new(),
            });
            b.records += 1;
            b.left = more;
            if let Some(event) = event.filter(|_| deliver) {
                b.events.push(event);
            }
            if want.hash_at == Some(expected) {
                out.hash_at = Some(hash);
            }
            if let Some((s, h)) = snap {
                if s == expected && h != hash {
                    out.damage = Some((
                        s,
                        format!("the snapshot covering seq {s} records hash {h}; record {s} has hash {hash}"),
                    ));
                    return Ok(out);
                }
            }
            head = hash;
            expected = expected.saturating_add(1);
            pos = end;
            if more == 0 {
                let done = batch.take().expect("a batch is under way");
                if let Some(f) = want.events.as_deref_mut() {
                    done.events.into_iter().for_each(&mut *f);
                }
                out.records += done.records;
                whole_end = end as u64;
                out.last_seq = expected - 1;
                out.head = head;
            }
        }
        if let Some(b) = batch.take() {
            if !last {
                out.damage = Some((
                    expected,
                    format!("segment {name} ends inside a batch: records of it are missing"),
                ));
                return Ok(out);
            }
            expected = b.seq;
            head = b.head;
        }
        if whole_end < bytes.len() as u64 {
            // Only in the last segment (a damaged line elsewhere stopped the scan above).
            out.torn = Some(TornTail {
                segment: name.clone(),
                kept_bytes: whole_end,
                cut_bytes: bytes.len() as u64 - whole_end,
                cut_records: records_in(&bytes[whole_end as usize..]),
            });
        }
        out.last_seq = expected - 1;
        out.head = head;
        out.segments.push(SegmentInfo {
            name: name.clone(),
            first_seq: *first_seq,
            len: whole_end,
            side: side.map(|(n, len, _)| (n, len)),
        });
    }
    // The chain must reach the snapshot.
    if let Some((s, h)) = snap {
        if out.last_seq < s {
            if out.segments.is_empty() {
                // Every segment compacted away, or none written after the snapshot.
                out.last_seq = s;
                out.head = h;
            } else {
                out.damage = Some((
                    out.last_seq.saturating_add(1),
                    format!(
                        "the snapshot covers records up to seq {s}, the journal's records end at seq {}",
                        out.last_seq
                    ),
                ));
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// Whether the bytes of a last segment from `pos` on are a torn tail: no newline after `pos` (a partial
/// line), or one line, the last, holding a NUL byte (space allocated but never written). A bad line
/// followed by another is never torn.
fn tail_is_torn(bytes: &[u8], pos: usize) -> bool {
    let rest = &bytes[pos..];
    match rest.iter().position(|&b| b == b'\n') {
        None => true,
        Some(end) => end + 1 == rest.len() && rest.contains(&0),
    }
}

/// Complete lines in `bytes`.
fn records_in(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}
