//! Erasure of confidential fields (e.g. a complainant's identity at the end of its retention period).
//!
//! A field the options mark confidential ([`Confidential`]: an event type and a JSON pointer into the
//! event) never enters the chain as such: the record holds the string `"sealed:<hex>"` in its place, the
//! commitment `H(salt || value)` where `H` is the journal's algorithm, `salt` 16 random bytes from the
//! storage and `value` the field's JSON text; the record's `sealed` list names the pointer. The salt and
//! the value are kept beside the chain, in the segment's side file (`seg-<first seq>.sealed.jsonl`, one
//! JSON line `{"seq":N,"path":"/applicant","salt":"<hex>","value":"<JSON text>"}` per field). Reading a
//! record puts the value back after checking it against the commitment; erasing removes the side
//! lines, and every hash of the chain stays as it was, so the journal still verifies. An erased field
//! reads as its commitment string.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::format::RecordBody;
use super::hash::{Digest, HashAlgorithm};
use crate::event::Event;

/// A field held as a commitment: events of type `event` (its wire name, e.g. `received`), the field at
/// JSON pointer `pointer` of the event's JSON (e.g. `/applicant`).
///
/// ```
/// use xiaoneng::journal::Confidential;
///
/// let c = Confidential::new("received", "/applicant");
/// assert_eq!(c.pointer, "/applicant");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confidential {
    /// The event type's wire name.
    pub event: String,
    /// A JSON pointer (RFC 6901) into the event's JSON.
    pub pointer: String,
}

impl Confidential {
    /// The field at `pointer` of events of type `event`.
    ///
    /// ```
    /// let c = xiaoneng::journal::Confidential::new("received", "/applicant");
    /// assert_eq!(c.event, "received");
    /// ```
    pub fn new(event: impl Into<String>, pointer: impl Into<String>) -> Self {
        Confidential {
            event: event.into(),
            pointer: pointer.into(),
        }
    }
}

/// The fields every journal seals, whatever its options say: a complainant's identity is confidential by
/// the rules (docs/rules.md, "Efficiency complaints"), so it never enters the chain in clear.
pub(crate) const ALWAYS_CONFIDENTIAL: &[(&str, &str)] = &[
    ("complaint_registered", "/complainant/name"),
    ("complaint_registered", "/complainant/contact"),
];

/// One line of a side file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SideEntry {
    pub(crate) seq: u64,
    pub(crate) path: String,
    pub(crate) salt: String,
    pub(crate) value: String,
}

/// Side entries by (seq, path).
pub(crate) type Side = HashMap<(u64, String), Vec<SideEntry>>;

/// The entries of a side file, and its length up to its last complete line (a torn last line is left
/// out and cut by recovery). A line that does not parse holds no value: its field reads as erased.
pub(crate) fn read_side(raw: &[u8]) -> (Side, u64) {
    let len = raw.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let mut out: Side = HashMap::new();
    for line in raw[..len].split(|&b| b == b'\n') {
        if let Ok(e) = serde_json::from_slice::<SideEntry>(line) {
            out.entry((e.seq, e.path.clone())).or_default().push(e);
        }
    }
    (out, len as u64)
}

/// The commitment to `value` (JSON text) with `salt`.
fn commitment(alg: HashAlgorithm, salt: &[u8], value: &str) -> Digest {
    alg.digest(&[salt, value.as_bytes()])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|k| u8::from_str_radix(text.get(k..k + 2)?, 16).ok())
        .collect()
}

/// An event with its confidential fields sealed: its JSON, the pointers of the fields sealed, and the
/// side entries that keep their values.
pub(crate) type Sealed = (String, Vec<String>, Vec<SideEntry>);

/// The JSON of `event` with its confidential fields sealed, the pointers sealed, and the side entries
/// to keep; `None` when no confidential field is declared for its kind (it is written as it
/// serializes). `salt` fills a salt with random bytes.
pub(crate) fn seal(
    alg: HashAlgorithm,
    rules: &[Confidential],
    event: &Event,
    mut salt: impl FnMut(&mut [u8]) -> std::io::Result<()>,
) -> std::io::Result<Option<Sealed>> {
    let name = event.kind.name();
    if !rules.iter().any(|r| r.event == name) {
        return Ok(None);
    }
    let mut value = serde_json::to_value(event).map_err(std::io::Error::other)?;
    let mut sealed = Vec::new();
    let mut side = Vec::new();
    for rule in rules.iter().filter(|r| r.event == name) {
        let Some(field) = value.pointer_mut(&rule.pointer) else {
            continue;
        };
        let text = serde_json::to_string(field).map_err(std::io::Error::other)?;
        let mut s = [0u8; 16];
        salt(&mut s)?;
        let c = commitment(alg, &s, &text);
        *field = serde_json::Value::String(format!("sealed:{c}"));
        sealed.push(rule.pointer.clone());
        side.push(SideEntry {
            seq: event.seq,
            path: rule.pointer.clone(),
            salt: hex(&s),
            value: text,
        });
    }
    Ok(Some((value.to_string(), sealed, side)))
}

/// The event of a record, its sealed fields put back from `side` where their values are kept: the
/// event, the fields put back, the fields erased. `Err(reason)` for a record whose event does not read,
/// disagrees with the record, or has a kept value that does not match its commitment.
pub(crate) fn decode_event(alg: HashAlgorithm, r: &RecordBody, side: &Side) -> Result<(Event, u64, u64), String> {
    let event = if r.sealed.is_empty() {
        (
            Event::from_json(r.event.get()).map_err(|e| format!("its event does not read: {e}"))?,
            0,
            0,
        )
    } else {
        unsealed(alg, r, side)?
    };
    let (event, unsealed, erased) = event;
    let at = r.at()?;
    if event.seq != r.seq || event.at != at || event.actor.as_deref() != r.actor.as_deref() {
        return Err(format!(
            "its event (seq {}, at {}, actor {:?}) disagrees with the record (seq {}, at {}, actor {:?})",
            event.seq, event.at, event.actor, r.seq, at, r.actor
        ));
    }
    Ok((event, unsealed, erased))
}

/// [`decode_event`] of a record with sealed fields.
fn unsealed(alg: HashAlgorithm, r: &RecordBody, side: &Side) -> Result<(Event, u64, u64), String> {
    let mut value: serde_json::Value =
        serde_json::from_str(r.event.get()).map_err(|e| format!("its event does not read: {e}"))?;
    let (mut unsealed, mut erased) = (0, 0);
    for path in &r.sealed {
        let field = value
            .pointer_mut(path)
            .ok_or_else(|| format!("its sealed field {path} is not in its event"))?;
        let c = field
            .as_str()
            .and_then(|s| s.strip_prefix("sealed:"))
            .and_then(|h| Digest::from_hex(h.as_bytes()))
            .ok_or_else(|| format!("its sealed field {path} does not hold a commitment"))?;
        match side.get(&(r.seq, path.clone())) {
            None => erased += 1,
            Some(entries) => {
                let kept = entries
                    .iter()
                    .find(|e| unhex(&e.salt).is_some_and(|s| commitment(alg, &s, &e.value) == c))
                    .ok_or_else(|| {
                        format!("the kept value of its sealed field {path} does not match its commitment")
                    })?;
                *field = serde_json::from_str(&kept.value)
                    .map_err(|e| format!("the kept value of its sealed field {path} does not read: {e}"))?;
                unsealed += 1;
            }
        }
    }
    let event: Event = crate::codec::from_value(value).map_err(|e| format!("its event does not read: {e}"))?;
    Ok((event, unsealed, erased))
}

/// The side file `raw` without the entries of records up to `through`: the bytes to keep and the count
/// of entries dropped.
pub(crate) fn without_through(raw: &[u8], through: u64) -> (Vec<u8>, u64) {
    let len = raw.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let mut out = Vec::with_capacity(len);
    let mut dropped = 0;
    for line in raw[..len].split_inclusive(|&b| b == b'\n') {
        match serde_json::from_slice::<SideEntry>(line.strip_suffix(b"\n").unwrap_or(line)) {
            Ok(e) if e.seq <= through => dropped += 1,
            _ => out.extend_from_slice(line),
        }
    }
    (out, dropped)
}
