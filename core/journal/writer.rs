//! The writer: [`Journal`] appends batches of events to the current segment, commits them by the
//! durability policy (group commit), rotates segments by size, writes snapshots atomically, compacts and
//! erases; it stops for good at the first write or sync error (fail-stop).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::checkpoint::Checkpoint;
use super::erasure::{seal, Confidential, SideEntry};
use super::format::{self, header_line, record_line, sealed_name, segment_name, snapshot_line, snapshot_name};
use super::hash::{Digest, HashAlgorithm};
use super::recover::{scan, Scan, TornTail, Want};
use super::storage::{FsStorage, Storage};
use crate::error::{invalid, io, Error, Result};
use crate::event::Event;

/// When appended records are made durable (fsync). An append is acknowledged (returns) once its records
/// are as durable as the policy says; [`Journal::durable_seq`] tells how far they are.
///
/// ```
/// use xiaoneng::journal::Durability;
///
/// assert_eq!(Durability::default(), Durability::EveryRecord);
/// let d: Durability = serde_json::from_str(r#"{"every_records": 100}"#).unwrap();
/// assert_eq!(d, Durability::EveryRecords(100));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// Every append is synced before it returns (one sync per batch: group commit): nothing acknowledged
    /// is ever lost. The default.
    #[default]
    EveryRecord,
    /// A sync once at least N records are unsynced: up to N-1 acknowledged records may be lost at a crash.
    EveryRecords(u32),
    /// A sync at the first append at least T milliseconds (the storage's clock) after the last sync, and
    /// at [`Journal::flush`]: what was appended since the last sync may be lost at a crash.
    EveryMillis(u64),
    /// No sync but at [`Journal::flush`], rotation, snapshots and close: for tests and bulk loads.
    Never,
}

/// Bytes of records a journal keeps before writing them, under a durability policy that does not sync
/// every batch: one write per that many bytes (or per sync) rather than one per batch. A record is only
/// durable once synced, whichever the policy; under `every_record` each batch is written and synced
/// before its append returns.
const WRITE_BUFFER: usize = 1 << 20;

/// How a journal is written.
///
/// ```
/// use xiaoneng::journal::{Durability, HashAlgorithm, JournalOptions};
///
/// let o = JournalOptions { algorithm: HashAlgorithm::Sm3, durability: Durability::EveryRecords(64), ..Default::default() };
/// assert_eq!(o.segment_bytes, 64 << 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JournalOptions {
    /// The hash algorithm of a new journal; an existing journal must have been written with it.
    pub algorithm: HashAlgorithm,
    /// When records are synced.
    pub durability: Durability,
    /// A segment is closed and a new one started before a batch once it holds at least this many bytes.
    pub segment_bytes: u64,
    /// A snapshot of the engine every this many records ([`super::JournaledEngine`]); none when 0.
    pub snapshot_every: u64,
    /// Remove the segments a new snapshot covers ([`Journal::compact`]) after each policy snapshot.
    pub compact: bool,
    /// Fields held as salted commitments, their values beside the chain (erasure). A complainant's name
    /// and contact (`complaint_registered`'s `/complainant/name` and `/complainant/contact`) always are,
    /// listed here or not.
    pub confidential: Vec<Confidential>,
}

impl JournalOptions {
    /// Options from JSON (every field optional: `{"algorithm": "sm3", "durability": {"every_records": 64}}`).
    ///
    /// ```
    /// use xiaoneng::journal::{Durability, HashAlgorithm, JournalOptions};
    ///
    /// let o = JournalOptions::from_json(r#"{"algorithm": "sm3", "durability": "never"}"#).unwrap();
    /// assert_eq!((o.algorithm, o.durability), (HashAlgorithm::Sm3, Durability::Never));
    /// assert!(JournalOptions::from_json(r#"{"algo": "sm3"}"#).is_err());
    /// let leak = r#"{"confidential": [{"event": "received", "pointer": "applicant"}]}"#;
    /// assert_eq!(JournalOptions::from_json(leak).unwrap_err().field(), Some("confidential[0].pointer"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field for malformed JSON, an unknown field or value;
    /// [`crate::Error::Invalid`] (`confidential[k].pointer`) for a confidential field's pointer that is not
    /// a JSON pointer into the event (it must start with `/`: else it would match nothing and the value
    /// would enter the chain in clear).
    pub fn from_json(text: &str) -> Result<Self> {
        let options: JournalOptions = crate::codec::from_json(text)?;
        options.check()?;
        Ok(options)
    }

    /// Refuses what would silently not work: a confidential pointer that points nowhere.
    fn check(&self) -> Result<()> {
        for (k, c) in self.confidential.iter().enumerate() {
            if !c.pointer.starts_with('/') {
                return Err(invalid(
                    format!("confidential[{k}].pointer"),
                    &c.pointer,
                    "not a JSON pointer into the event: it starts with `/` (e.g. `/applicant`)",
                ));
            }
        }
        Ok(())
    }
}

impl Default for JournalOptions {
    fn default() -> Self {
        JournalOptions {
            algorithm: HashAlgorithm::Sha256,
            durability: Durability::EveryRecord,
            segment_bytes: 64 << 20,
            snapshot_every: 0,
            compact: false,
            confidential: Vec::new(),
        }
    }
}

/// What opening a journal found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenReport {
    /// The journal's hash algorithm.
    pub algorithm: HashAlgorithm,
    /// Records read (after the cut).
    pub records: u64,
    /// Segment files.
    pub segments: usize,
    /// The last sequence number.
    pub last_seq: u64,
    /// The hash of the last record.
    pub head: Digest,
    /// The sequence number the newest snapshot covers, when there is one.
    pub snapshot_seq: Option<u64>,
    /// The torn tail cut, if a crash left one.
    pub torn: Option<TornTail>,
    /// Confidential fields whose values were erased.
    pub erased: u64,
}

impl OpenReport {
    /// The report as JSON.
    ///
    /// ```
    /// use xiaoneng::journal::{Journal, JournalOptions, MemStorage};
    ///
    /// let (_, report, _) = Journal::open(Box::new(MemStorage::new(1)), JournalOptions::default()).unwrap();
    /// assert!(report.to_json().contains(r#""records":0"#));
    /// ```
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}

/// What a journal holds for the engine: the newest snapshot and the events after it.
#[derive(Debug, Clone, Default)]
pub struct Recovery {
    /// The newest snapshot: the sequence number it covers and the engine state (`Engine::snapshot` JSON).
    pub snapshot: Option<(u64, String)>,
    /// The events after the snapshot (or all), in order, confidential values put back where kept.
    pub events: Vec<Event>,
}

/// An append-only, hash-chained journal of events in a directory (see `docs/journal.md`).
///
/// ```
/// use xiaoneng::journal::{Journal, JournalOptions, MemStorage};
///
/// let (mut journal, report, recovery) = Journal::open(Box::new(MemStorage::new(1)), JournalOptions::default()).unwrap();
/// assert_eq!((report.records, recovery.events.len()), (0, 0));
/// assert_eq!(journal.seq(), 0);
/// journal.close().unwrap();
/// ```
pub struct Journal {
    storage: Box<dyn Storage>,
    options: JournalOptions,
    seq: u64,
    head: Digest,
    durable_seq: u64,
    /// Segments by first seq (the last is the current one) and the current one's length.
    segments: Vec<(u64, String)>,
    segment_len: u64,
    /// The current segment's side file, once it has one.
    side: Option<String>,
    /// Unsynced bytes in the current segment / side file, directory entries not synced.
    dirty: bool,
    side_dirty: bool,
    dir_dirty: bool,
    /// Records appended since the last sync.
    unsynced: u64,
    last_sync_ms: u64,
    /// Snapshots by seq (the last is the newest).
    snapshots: Vec<(u64, String)>,
    /// Why the journal stopped, once it has.
    stopped: Option<Error>,
    buf: Vec<u8>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("seq", &self.seq)
            .field("head", &self.head)
            .field("durable_seq", &self.durable_seq)
            .field("segments", &self.segments.len())
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

fn storage_error(file: &str, what: &str, e: std::io::Error) -> Error {
    io(file, what, e.to_string())
}

impl Journal {
    /// Opens (or creates) the journal in directory `dir` on the file system: see [`Journal::open`].
    ///
    /// ```
    /// use xiaoneng::journal::{Journal, JournalOptions};
    ///
    /// let dir = std::env::temp_dir().join(format!("xn-doc-journal-{}", std::process::id()));
    /// let (journal, report, _) = Journal::open_dir(&dir, JournalOptions::default()).unwrap();
    /// assert_eq!(report.records, 0);
    /// journal.close().unwrap();
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Journal::open`]; [`crate::Error::Io`] when the directory cannot be created.
    pub fn open_dir(dir: impl AsRef<Path>, options: JournalOptions) -> Result<(Journal, OpenReport, Recovery)> {
        let storage = FsStorage::open_exclusive(dir.as_ref())
            .map_err(|e| storage_error(&dir.as_ref().display().to_string(), "create directory", e))?;
        Journal::open(Box::new(storage), options)
    }

    /// Opens the journal in `storage`, recovering it: reads every segment and the newest snapshot,
    /// verifies every hash and the chain, cuts a torn tail (reported in [`OpenReport::torn`]) and removes
    /// leftovers of an interrupted snapshot or erasure. An empty storage is a new journal.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Corrupt`] naming the first bad sequence number (field `seq`) for any damage but a
    /// torn tail: a record edited, removed, reordered or inserted, a damaged snapshot, a missing segment;
    /// [`crate::Error::Invalid`] (`algorithm`) when the journal was written with another algorithm than
    /// `options.algorithm`; [`crate::Error::Invalid`] (`confidential[k].pointer`) for a confidential
    /// pointer that is not a JSON pointer; [`crate::Error::Io`] when the storage fails.
    pub fn open(storage: Box<dyn Storage>, mut options: JournalOptions) -> Result<(Journal, OpenReport, Recovery)> {
        options.check()?;
        // The fields confidential by the rules (a complainant's identity) are always sealed.
        for (event, pointer) in super::erasure::ALWAYS_CONFIDENTIAL {
            if !options
                .confidential
                .iter()
                .any(|c| c.event == *event && c.pointer == *pointer)
            {
                options.confidential.push(Confidential::new(*event, *pointer));
            }
        }
        let mut events = Vec::new();
        let mut push = |e: Event| events.push(e);
        let scan = scan(
            &*storage,
            Want {
                state: true,
                hash_at: None,
                events: Some(&mut push),
            },
        )?;
        if let Some((seq, reason)) = &scan.damage {
            return Err(crate::error::corrupt("seq", seq, reason.clone()));
        }
        if let Some(alg) = scan.algorithm.filter(|a| *a != options.algorithm) {
            return Err(invalid(
                "algorithm",
                options.algorithm,
                format!("the journal is written with {alg}"),
            ));
        }
        let mut journal = Journal {
            last_sync_ms: storage.now_ms(),
            storage,
            options,
            seq: scan.last_seq,
            head: scan.head,
            durable_seq: scan.last_seq,
            segments: scan.segments.iter().map(|s| (s.first_seq, s.name.clone())).collect(),
            segment_len: scan.segments.last().map_or(0, |s| s.len),
            side: scan
                .segments
                .last()
                .and_then(|s| s.side.as_ref().map(|(n, _)| n.clone())),
            dirty: false,
            side_dirty: false,
            dir_dirty: false,
            unsynced: 0,
            snapshots: scan
                .older_snapshots
                .iter()
                .filter_map(|n| Some((format::snapshot_seq(n)?, n.clone())))
                .chain(scan.snapshot.as_ref().map(|s| (s.seq, s.name.clone())))
                .collect(),
            stopped: None,
            buf: Vec::new(),
        };
        journal.repair(&scan)?;
        let report = OpenReport {
            algorithm: journal.options.algorithm,
            records: scan.records,
            segments: scan.segments.len(),
            last_seq: scan.last_seq,
            head: scan.head,
            snapshot_seq: scan.snapshot.as_ref().map(|s| s.seq),
            torn: scan.torn.clone(),
            erased: scan.erased,
        };
        let recovery = Recovery {
            snapshot: scan.snapshot.and_then(|s| Some((s.seq, s.state?))),
            events,
        };
        Ok((journal, report, recovery))
    }

    /// Cuts what a crash left: the torn tail, a torn side-file line, temporary files. Durable before the
    /// journal appends anything.
    fn repair(&mut self, scan: &Scan) -> Result<()> {
        let mut dir = false;
        for name in &scan.temporary {
            self.storage
                .remove(name)
                .map_err(|e| storage_error(name, "remove", e))?;
            dir = true;
        }
        if let Some(torn) = &scan.torn {
            let name = torn.segment.clone();
            if scan.segments.last().is_some_and(|s| s.name == name) {
                self.storage
                    .truncate(&name, torn.kept_bytes)
                    .and_then(|()| self.storage.sync(&name))
                    .map_err(|e| storage_error(&name, "cut the torn tail", e))?;
            } else {
                // A segment whose header never became whole, and its side file.
                self.storage
                    .remove(&name)
                    .map_err(|e| storage_error(&name, "remove", e))?;
                if let Some(first) = format::segment_seq(&name) {
                    let side = sealed_name(first);
                    if self
                        .storage
                        .list()
                        .map_err(|e| storage_error(".", "list", e))?
                        .contains(&side)
                    {
                        self.storage
                            .remove(&side)
                            .map_err(|e| storage_error(&side, "remove", e))?;
                    }
                }
                dir = true;
            }
        }
        if let Some((side, len)) = scan.segments.last().and_then(|s| s.side.clone()) {
            let actual = self
                .storage
                .read(&side)
                .map_err(|e| storage_error(&side, "read", e))?
                .len() as u64;
            if actual != len {
                self.storage
                    .truncate(&side, len)
                    .and_then(|()| self.storage.sync(&side))
                    .map_err(|e| storage_error(&side, "cut a torn line", e))?;
            }
        }
        if dir {
            self.storage
                .sync_dir()
                .map_err(|e| storage_error(".", "sync directory", e))?;
        }
        Ok(())
    }

    /// The last sequence number appended (0 for an empty journal).
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The hash of the last record (zeros for an empty journal).
    pub fn head(&self) -> Digest {
        self.head
    }

    /// The last sequence number known durable (synced).
    pub fn durable_seq(&self) -> u64 {
        self.durable_seq
    }

    /// The options.
    pub fn options(&self) -> &JournalOptions {
        &self.options
    }

    /// Why the journal stopped, once it has (fail-stop).
    pub fn stopped(&self) -> Option<&Error> {
        self.stopped.as_ref()
    }

    /// A checkpoint of the journal as it stands: its size (the last sequence number), the head hash
    /// and the algorithm, for a host or a witness to keep elsewhere and [`super::verify`] against later.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint::new(self.options.algorithm, self.seq, self.head)
    }

    fn check_running(&self) -> Result<()> {
        match &self.stopped {
            None => Ok(()),
            Some(e) => Err(io(
                "journal",
                "stopped",
                format!("the journal stopped after an earlier failure and takes nothing more (reopen it): {e}"),
            )),
        }
    }

    /// Runs a storage operation; its failure stops the journal.
    fn guard<T>(
        &mut self,
        file: &str,
        what: &str,
        f: impl FnOnce(&mut dyn Storage) -> std::io::Result<T>,
    ) -> Result<T> {
        match f(&mut *self.storage) {
            Ok(v) => Ok(v),
            Err(e) => {
                let err = storage_error(file, what, e);
                self.stopped = Some(err.clone());
                Err(err)
            }
        }
    }

    /// Appends a batch of events: they must continue the sequence (`seq` of the first is
    /// [`Journal::seq`] + 1, then by one). The batch is written whole, then committed by the durability
    /// policy; it returns once that is done. A batch is atomic at recovery: a crash before it is whole
    /// leaves none of it (a torn tail).
    ///
    /// ```
    /// # use xiaoneng::journal::{Journal, JournalOptions, MemStorage};
    /// # use xiaoneng::{Event, EventKind};
    /// let (mut journal, _, _) = Journal::open(Box::new(MemStorage::new(1)), JournalOptions::default()).unwrap();
    /// let e = Event { seq: 1, at: "2026-09-28T01:00:00Z".parse().unwrap(), case: "C1".into(), actor: None,
    ///     provisional: false, kind: EventKind::Resumed };
    /// journal.append(&[e]).unwrap();
    /// assert_eq!((journal.seq(), journal.durable_seq()), (1, 1));
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] (`events[k].seq`) for a sequence number out of order (nothing written);
    /// [`crate::Error::Io`] when a write or sync fails, and for every append after that (fail-stop).
    pub fn append(&mut self, events: &[Event]) -> Result<()> {
        self.check_running()?;
        for (k, e) in events.iter().enumerate() {
            let want = self.seq + 1 + k as u64;
            if e.seq != want {
                return Err(invalid(
                    format!("events[{k}].seq"),
                    e.seq,
                    format!("expected {want}: the journal is at seq {}", self.seq),
                ));
            }
        }
        if events.is_empty() {
            return self.commit(0);
        }
        if self.segments.is_empty() || self.segment_len >= self.options.segment_bytes {
            self.rotate()?;
        }
        let alg = self.options.algorithm;
        // `buf` may hold records appended before and not yet written (see `WRITE_BUFFER`).
        let mut buf = std::mem::take(&mut self.buf);
        let start = buf.len();
        let mut side: Vec<SideEntry> = Vec::new();
        let mut head = self.head;
        let n = events.len() as u64;
        for (k, e) in events.iter().enumerate() {
            let storage = &mut self.storage;
            let x = match seal(alg, &self.options.confidential, e, |b| storage.random(b)) {
                Ok(x) => x,
                Err(err) => {
                    buf.truncate(start);
                    self.buf = buf;
                    let err = storage_error("random", "salt", err);
                    self.stopped = Some(err.clone());
                    return Err(err);
                }
            };
            head = match x {
                // No confidential field: the event is written as it serializes.
                None => record_line(alg, &mut buf, e, head, n - 1 - k as u64, &[], None),
                Some((json, sealed, entries)) => {
                    side.extend(entries);
                    record_line(alg, &mut buf, e, head, n - 1 - k as u64, &sealed, Some(&json))
                }
            };
        }
        if !side.is_empty() {
            let mut lines = Vec::new();
            for entry in &side {
                lines.extend_from_slice(serde_json::to_string(entry).expect("side entries serialize").as_bytes());
                lines.push(b'\n');
            }
            let name = match &self.side {
                Some(n) => n.clone(),
                None => {
                    let first = self.segments.last().map_or(1, |s| s.0);
                    let name = sealed_name(first);
                    self.guard(&name, "create", |s| s.create(&name))?;
                    self.side = Some(name.clone());
                    self.dir_dirty = true;
                    name
                }
            };
            self.guard(&name, "append", |s| s.append(&name, &lines))?;
            self.side_dirty = true;
        }
        self.segment_len += (buf.len() - start) as u64;
        self.buf = buf;
        // Written now when every batch is synced, when the batch has confidential values (its side
        // lines are written already), or when the buffer is full; else at the next sync.
        if self.options.durability == Durability::EveryRecord || !side.is_empty() || self.buf.len() >= WRITE_BUFFER {
            self.write_buffered()?;
        }
        self.seq += n;
        self.head = head;
        self.commit(n)
    }

    /// The current segment's name.
    fn current(&self) -> String {
        self.segments.last().map(|s| s.1.clone()).unwrap_or_default()
    }

    /// Commits by the durability policy after `n` more records.
    fn commit(&mut self, n: u64) -> Result<()> {
        self.unsynced += n;
        let due = match self.options.durability {
            Durability::EveryRecord => self.unsynced > 0,
            Durability::EveryRecords(k) => self.unsynced >= u64::from(k.max(1)),
            Durability::EveryMillis(t) => {
                self.unsynced > 0 && self.storage.now_ms().saturating_sub(self.last_sync_ms) >= t
            }
            Durability::Never => false,
        };
        if due {
            self.sync()?;
        }
        Ok(())
    }

    /// Writes the records appended and not yet written (the storage then holds them, unsynced).
    fn write_buffered(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let buf = std::mem::take(&mut self.buf);
        let name = self.current();
        let written = self.guard(&name, "append", |s| s.append(&name, &buf));
        self.buf = buf;
        self.buf.clear();
        written?;
        self.dirty = true;
        Ok(())
    }

    /// Syncs the side file, the segment and the directory, as far as they have unsynced changes (after
    /// writing what the buffer holds).
    fn sync(&mut self) -> Result<()> {
        self.write_buffered()?;
        if self.side_dirty {
            let name = self.side.clone().unwrap_or_default();
            self.guard(&name, "sync", |s| s.sync(&name))?;
            self.side_dirty = false;
        }
        if self.dirty {
            let name = self.current();
            self.guard(&name, "sync", |s| s.sync(&name))?;
            self.dirty = false;
        }
        if self.dir_dirty {
            self.guard(".", "sync directory", |s| s.sync_dir())?;
            self.dir_dirty = false;
        }
        self.unsynced = 0;
        self.durable_seq = self.seq;
        self.last_sync_ms = self.storage.now_ms();
        Ok(())
    }

    /// Makes everything appended durable now, whatever the policy.
    ///
    /// ```
    /// # use xiaoneng::journal::{Durability, Journal, JournalOptions, MemStorage};
    /// let options = JournalOptions { durability: Durability::Never, ..Default::default() };
    /// let (mut journal, _, _) = Journal::open(Box::new(MemStorage::new(1)), options).unwrap();
    /// journal.flush().unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when a sync fails (the journal stops), or after an earlier failure.
    pub fn flush(&mut self) -> Result<()> {
        self.check_running()?;
        self.sync()
    }

    /// Closes the current segment (synced) and starts the next one at `seq + 1`.
    fn rotate(&mut self) -> Result<()> {
        self.sync()?;
        let first = self.seq + 1;
        let name = segment_name(first);
        let header = header_line(self.options.algorithm, first, self.head);
        self.guard(&name, "create", |s| s.create(&name))?;
        self.segments.push((first, name.clone()));
        self.side = None;
        self.dir_dirty = true;
        self.guard(&name, "append", |s| s.append(&name, &header))?;
        self.segment_len = header.len() as u64;
        self.dirty = true;
        Ok(())
    }

    /// Writes a snapshot of the engine `state` (its `Engine::snapshot` JSON) covering every record so
    /// far, atomically: the records are synced first, then the snapshot goes to a temporary file, is
    /// synced, renamed into place, and the directory synced. It records the sequence number and the
    /// chain hash it covers.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when a write or sync fails (the journal stops), or after an earlier failure.
    pub fn write_snapshot(&mut self, state: &str) -> Result<()> {
        self.check_running()?;
        self.sync()?;
        if self.snapshots.last().is_some_and(|s| s.0 == self.seq) {
            return Ok(());
        }
        let name = snapshot_name(self.seq);
        let tmp = format!("{name}.tmp");
        let line = snapshot_line(self.options.algorithm, self.seq, self.head, state);
        self.guard(&tmp, "create", |s| s.create(&tmp))?;
        self.guard(&tmp, "append", |s| s.append(&tmp, &line))?;
        self.guard(&tmp, "sync", |s| s.sync(&tmp))?;
        self.guard(&name, "rename", |s| s.rename(&tmp, &name))?;
        self.guard(".", "sync directory", |s| s.sync_dir())?;
        self.snapshots.push((self.seq, name));
        Ok(())
    }

    /// The newest snapshot's sequence number, if any.
    pub fn snapshot_seq(&self) -> Option<u64> {
        self.snapshots.last().map(|s| s.0)
    }

    /// Removes what the newest snapshot makes unnecessary: older snapshots, and segments (with their
    /// side files) whose records it all covers. The current segment stays. The chain stays verifiable:
    /// the first segment kept starts after a hash the snapshot vouches for (it records the hash of the
    /// last record it covers). Answers the number of segments removed.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when removing or syncing fails (the journal stops), or after an earlier failure.
    pub fn compact(&mut self) -> Result<usize> {
        self.check_running()?;
        let Some(&(covered, _)) = self.snapshots.last() else {
            return Ok(0);
        };
        let mut removed = 0;
        while self.segments.len() > 1 && self.segments[1].0 <= covered.saturating_add(1) {
            let (first, name) = self.segments.remove(0);
            self.guard(&name, "remove", |s| s.remove(&name))?;
            let side = sealed_name(first);
            let present = self.guard(".", "list", |s| s.list())?.contains(&side);
            if present {
                self.guard(&side, "remove", |s| s.remove(&side))?;
            }
            removed += 1;
        }
        while self.snapshots.len() > 1 {
            let (_, name) = self.snapshots.remove(0);
            self.guard(&name, "remove", |s| s.remove(&name))?;
        }
        self.guard(".", "sync directory", |s| s.sync_dir())?;
        Ok(removed)
    }

    /// Erases the confidential values of records up to `through` (their retention ended): their side
    /// lines are removed (each side file rewritten atomically); the chain is untouched and still
    /// verifies. Answers the number of values erased.
    ///
    /// A snapshot holds the engine's state, which may hold the values too: take a snapshot after erasing
    /// and compact, or keep no snapshot older than the retention period.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when a write, rename or sync fails (the journal stops), or after an earlier
    /// failure.
    pub fn erase_through(&mut self, through: u64) -> Result<u64> {
        self.check_running()?;
        self.sync()?;
        let mut erased = 0;
        for (first, _) in self.segments.clone() {
            if first > through {
                break;
            }
            let side = sealed_name(first);
            if !self.guard(".", "list", |s| s.list())?.contains(&side) {
                continue;
            }
            let raw = self.guard(&side, "read", |s| s.read(&side))?;
            let (kept, dropped) = super::erasure::without_through(&raw, through);
            if dropped == 0 {
                continue;
            }
            let tmp = format!("{side}.tmp");
            self.guard(&tmp, "create", |s| s.create(&tmp))?;
            self.guard(&tmp, "append", |s| s.append(&tmp, &kept))?;
            self.guard(&tmp, "sync", |s| s.sync(&tmp))?;
            self.guard(&side, "rename", |s| s.rename(&tmp, &side))?;
            erased += dropped;
        }
        self.guard(".", "sync directory", |s| s.sync_dir())?;
        Ok(erased)
    }

    /// Syncs everything and closes the journal.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when the last sync fails, or after an earlier failure (what was acknowledged
    /// under the policy stays as durable as it was).
    pub fn close(mut self) -> Result<()> {
        self.flush()
    }
}
