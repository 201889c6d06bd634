//! The journal's on-disk format, version 1 (docs/journal.md states it for auditors).
//!
//! Every line of every file the journal writes (segment headers, records, snapshots) has one shape:
//!
//! ```text
//! BODY,"hash":"<64 hex digits>"}\n
//! ```
//!
//! where `BODY` is a JSON object without its closing brace (so `BODY` + `}` is the object without its
//! hash), and the hash is the journal's algorithm over exactly the bytes of `BODY` as written. A reader
//! never re-serializes: it hashes the bytes it finds. The hash is always the last field, written by the
//! journal as exactly `,"hash":"` + 64 lowercase hex digits + `"}` + newline (76 bytes).
//!
//! - A segment (`seg-<first seq, 20 digits>.jsonl`) starts with a header line:
//!   `{"journal":"xiaoneng","format":1,"algorithm":"sha256","first_seq":1,"prev":"<hex>"` + hash, where
//!   `prev` is the hash of the record before `first_seq` (zeros before the first record).
//! - Then one record per line: `{"seq":N,"at":"<RFC 3339>","actor":"<id>"|null,"prev":"<hex>"`, an
//!   optional `"more":K` (records of the same batch after this one; absent when none), an
//!   optional `"sealed":["/json/pointer",...]` (fields held as commitments, see erasure), then
//!   `"event":<the event as JSON>` + hash. `prev` is the previous record's hash: the chain.
//! - A snapshot (`snap-<seq, 20 digits>.json`) is one line: `{"journal":"xiaoneng","format":1,
//!   "kind":"snapshot","algorithm":"sha256","seq":N,"head":"<hash of record N>","state":<engine
//!   snapshot>` + hash.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::hash::{Digest, HashAlgorithm};
use crate::error::{corrupt, Result};
use crate::event::Event;

/// The format version this library writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Length of the hash suffix of every line: `,"hash":"` + 64 hex digits + `"}` + newline.
pub(crate) const SUFFIX_LEN: usize = 9 + 64 + 2 + 1;

/// The name of the segment whose first record is `first_seq`.
pub(crate) fn segment_name(first_seq: u64) -> String {
    format!("seg-{first_seq:020}.jsonl")
}

/// The first sequence number of a segment, from its name.
pub(crate) fn segment_seq(name: &str) -> Option<u64> {
    number(name, "seg-", ".jsonl")
}

/// The name of the side file of confidential values beside segment `first_seq`.
pub(crate) fn sealed_name(first_seq: u64) -> String {
    format!("seg-{first_seq:020}.sealed.jsonl")
}

/// The first sequence number of a side file, from its name.
pub(crate) fn sealed_seq(name: &str) -> Option<u64> {
    number(name, "seg-", ".sealed.jsonl")
}

/// The name of the snapshot covering records up to `seq`.
pub(crate) fn snapshot_name(seq: u64) -> String {
    format!("snap-{seq:020}.json")
}

/// The sequence number a snapshot covers, from its name.
pub(crate) fn snapshot_seq(name: &str) -> Option<u64> {
    number(name, "snap-", ".json")
}

fn number(name: &str, prefix: &str, suffix: &str) -> Option<u64> {
    let digits = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Finishes a line: appends the hash suffix over `line` (the body written so far) and the newline.
/// Answers the hash.
pub(crate) fn seal_line(alg: HashAlgorithm, line: &mut Vec<u8>, from: usize) -> Digest {
    let hash = alg.digest(&[&line[from..]]);
    line.extend_from_slice(b",\"hash\":\"");
    hash.write_hex(line);
    line.extend_from_slice(b"\"}\n");
    hash
}

/// Splits a complete line (with its newline) into its body and stated hash, and checks the hash.
/// `Err(reason)` for a line of the wrong shape or a hash that does not match.
pub(crate) fn open_line(alg: HashAlgorithm, line: &[u8]) -> std::result::Result<(&[u8], Digest), String> {
    if line.len() < SUFFIX_LEN + 2 || line.last() != Some(&b'\n') {
        return Err("not a complete line".into());
    }
    let (body, suffix) = line.split_at(line.len() - SUFFIX_LEN);
    if !suffix.starts_with(b",\"hash\":\"") || !suffix.ends_with(b"\"}\n") {
        return Err("the line does not end with its hash".into());
    }
    let stated = Digest::from_hex(&suffix[9..73]).ok_or("the hash is not 64 lowercase hex digits")?;
    let actual = alg.digest(&[body]);
    if actual != stated {
        return Err(format!(
            "the hash does not match the bytes (stated {stated}, computed {actual})"
        ));
    }
    Ok((body, stated))
}

/// The JSON object of a body (the body and its closing brace).
pub(crate) fn body_json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> std::result::Result<T, String> {
    let mut text = Vec::with_capacity(body.len() + 1);
    text.extend_from_slice(body);
    text.push(b'}');
    serde_json::from_slice(&text).map_err(|e| format!("not a well-formed line: {e}"))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    pub(crate) journal: String,
    pub(crate) format: u32,
    pub(crate) algorithm: HashAlgorithm,
    pub(crate) first_seq: u64,
    pub(crate) prev: Digest,
}

/// A header line for a segment starting at `first_seq` after a record whose hash is `prev`.
pub(crate) fn header_line(alg: HashAlgorithm, first_seq: u64, prev: Digest) -> Vec<u8> {
    let mut line = format!(
        "{{\"journal\":\"xiaoneng\",\"format\":{FORMAT_VERSION},\"algorithm\":\"{alg}\",\"first_seq\":{first_seq},\"prev\":\"{prev}\""
    )
    .into_bytes();
    seal_line(alg, &mut line, 0);
    line
}

/// The algorithm a header line names, read before its hash can be checked (the hash is the named
/// algorithm's). `None` when the line names none this library knows.
pub(crate) fn header_algorithm(line: &[u8]) -> Option<HashAlgorithm> {
    // The journal writes the algorithm among the first fields of a header or snapshot line: it is read
    // there (a snapshot's line holds the whole engine state, hundreds of megabytes to parse to find it).
    // The line's full reading then checks that its `algorithm` field says the same.
    const KEY: &[u8] = b"\"algorithm\":\"";
    let head = line.get(..line.len().checked_sub(SUFFIX_LEN)?)?;
    let head = &head[..head.len().min(256)];
    let at = head.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let rest = &head[at..];
    let end = rest.iter().position(|&b| b == b'"')?;
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

/// A record line as read: borrowed from the segment's bytes (the whole line, its hash included, is one
/// JSON object), so that checking a record allocates nothing but what its event needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordBody<'a> {
    pub(crate) seq: u64,
    /// The instant as written (read into an instant when the event is: [`RecordBody::at`]).
    #[serde(rename = "at", borrow)]
    pub(crate) at_text: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) actor: Option<std::borrow::Cow<'a, str>>,
    pub(crate) prev: Digest,
    #[serde(default)]
    pub(crate) more: u64,
    #[serde(default)]
    pub(crate) sealed: Vec<String>,
    #[serde(borrow)]
    pub(crate) event: &'a serde_json::value::RawValue,
    /// Checked with the line's bytes before it is read ([`open_line`]).
    #[serde(rename = "hash")]
    _hash: serde::de::IgnoredAny,
}

impl RecordBody<'_> {
    /// The record's instant, read as an event's instant is.
    pub(crate) fn at(&self) -> std::result::Result<DateTime<Utc>, String> {
        self.at_text
            .parse::<DateTime<chrono::FixedOffset>>()
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| format!("its instant {:?} does not read: {e}", self.at_text))
    }

    /// Reads a record from its whole line (newline excluded), once [`open_line`] checked its hash.
    pub(crate) fn read(line: &[u8]) -> std::result::Result<RecordBody<'_>, String> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        serde_json::from_slice(line).map_err(|e| format!("not a well-formed line: {e}"))
    }
}

pub(crate) fn record_line(
    alg: HashAlgorithm,
    out: &mut Vec<u8>,
    e: &Event,
    prev: Digest,
    more: u64,
    sealed: &[String],
    event: Option<&str>,
) -> Digest {
    use std::io::Write as _;
    // Written straight into the buffer (no intermediate strings): the hot path of every append.
    let from = out.len();
    let _ = write!(out, "{{\"seq\":{},\"at\":", e.seq);
    let mut at = [0u8; crate::codec::utc::MAX_LEN];
    match crate::codec::utc::write(&e.at, &mut at) {
        Some(n) => {
            out.push(b'"');
            out.extend_from_slice(&at[..n]);
            out.push(b'"');
        }
        None => serde_json::to_writer(&mut *out, &e.at).expect("an instant serializes"),
    }
    out.extend_from_slice(b",\"actor\":");
    serde_json::to_writer(&mut *out, &e.actor).expect("a string serializes");
    out.extend_from_slice(b",\"prev\":\"");
    prev.write_hex(out);
    out.push(b'"');
    if more > 0 {
        let _ = write!(out, ",\"more\":{more}");
    }
    if !sealed.is_empty() {
        out.extend_from_slice(b",\"sealed\":");
        serde_json::to_writer(&mut *out, sealed).expect("strings serialize");
    }
    out.extend_from_slice(b",\"event\":");
    match event {
        Some(json) => out.extend_from_slice(json.as_bytes()),
        None => serde_json::to_writer(&mut *out, e).expect("events serialize"),
    }
    seal_line(alg, out, from)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SnapshotBody {
    pub(crate) journal: String,
    pub(crate) format: u32,
    pub(crate) kind: String,
    pub(crate) algorithm: HashAlgorithm,
    pub(crate) seq: u64,
    pub(crate) head: Digest,
    pub(crate) state: Box<serde_json::value::RawValue>,
}

/// The line of a snapshot of the engine `state` (its JSON) covering records up to `seq`, whose last
/// record's hash is `head`.
pub(crate) fn snapshot_line(alg: HashAlgorithm, seq: u64, head: Digest, state: &str) -> Vec<u8> {
    let mut line = format!(
        "{{\"journal\":\"xiaoneng\",\"format\":{FORMAT_VERSION},\"kind\":\"snapshot\",\"algorithm\":\"{alg}\",\"seq\":{seq},\"head\":\"{head}\",\"state\":"
    )
    .into_bytes();
    line.extend_from_slice(state.as_bytes());
    seal_line(alg, &mut line, 0);
    line
}

/// Reads a snapshot file: its covered sequence number, head hash and engine state. A damaged snapshot is
/// [`crate::Error::Corrupt`] naming the file and the sequence number its name says it covers.
pub(crate) fn read_snapshot(name: &str, bytes: &[u8]) -> Result<(SnapshotBody, Digest)> {
    let seq = snapshot_seq(name).unwrap_or(0);
    let bad = |reason: String| corrupt("seq", seq, format!("snapshot {name}: {reason}"));
    let alg = header_algorithm(bytes).ok_or_else(|| bad("no algorithm this library knows".into()))?;
    let (body, hash) = open_line(alg, bytes).map_err(bad)?;
    let snap: SnapshotBody = body_json(body).map_err(bad)?;
    if snap.journal != "xiaoneng" || snap.kind != "snapshot" {
        return Err(bad("not a xiaoneng journal snapshot".into()));
    }
    if snap.algorithm != alg {
        return Err(bad(format!(
            "algorithm {} where its line first names {alg}",
            snap.algorithm
        )));
    }
    if snap.format != FORMAT_VERSION {
        return Err(bad(format!(
            "format {} (this library reads {FORMAT_VERSION})",
            snap.format
        )));
    }
    if snap.seq != seq {
        return Err(bad(format!("covers seq {}, its name says {seq}", snap.seq)));
    }
    Ok((snap, hash))
}
