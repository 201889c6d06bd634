//! Verification for auditors: reads a journal without changing it and reports what it holds and the
//! first damage, if any, optionally against a [`Checkpoint`] kept elsewhere.

use std::path::Path;

use serde::Serialize;

use super::checkpoint::Checkpoint;
use super::hash::{Digest, HashAlgorithm};
use super::recover::{scan, TornTail, Want};
use super::storage::{FsStorage, Storage};
use crate::error::{invalid, io, Result};

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// The journal's hash algorithm (none for an empty directory).
    pub algorithm: Option<HashAlgorithm>,
    /// Records read and verified (up to the damage, if any).
    pub records: u64,
    /// Segment files read (up to the damage).
    pub segments: usize,
    /// The last sequence number verified.
    pub last_seq: u64,
    /// The hash of that record.
    pub head: Digest,
    /// The sequence number the newest snapshot covers.
    pub snapshot_seq: Option<u64>,
    /// A torn tail a crash left (not damage: recovery cuts it). Left as it is by verification.
    pub torn: Option<TornTail>,
    /// Confidential fields whose values were erased (their commitments still verify).
    pub erased: u64,
    /// The first bad sequence number, when the journal is damaged or disagrees with the checkpoint.
    pub first_bad_seq: Option<u64>,
    /// What is wrong there.
    pub damage: Option<String>,
    /// Whether the checkpoint given was checked (false when its record was compacted away and no
    /// snapshot covers exactly it); none without a checkpoint.
    pub checkpoint_checked: Option<bool>,
}

impl VerifyReport {
    /// Whether the journal verified: no damage, and no disagreement with the checkpoint.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("xn-doc-verify-ok-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// assert!(xiaoneng::journal::verify(&dir, None).unwrap().is_ok());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn is_ok(&self) -> bool {
        self.first_bad_seq.is_none()
    }

    /// The report as JSON.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("xn-doc-verify-json-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let report = xiaoneng::journal::verify(&dir, None).unwrap();
    /// assert!(report.to_json().contains(r#""records":0"#));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}

/// Verifies the journal in directory `path`: every line's hash, the chain from its start (or from the
/// snapshot it was compacted to), sequence numbers, batches, the newest snapshot, the confidential
/// values still kept against their commitments; and, given a checkpoint, that the journal still holds
/// its records with its hash. Changes nothing (a torn tail is reported, not cut).
///
/// ```
/// use xiaoneng::journal::{verify, Journal, JournalOptions};
///
/// let dir = std::env::temp_dir().join(format!("xn-doc-verify-{}", std::process::id()));
/// let (journal, _, _) = Journal::open_dir(&dir, JournalOptions::default()).unwrap();
/// let checkpoint = journal.checkpoint();
/// journal.close().unwrap();
/// let report = verify(&dir, Some(&checkpoint)).unwrap();
/// assert!(report.is_ok());
/// assert_eq!(report.checkpoint_checked, Some(true));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
///
/// # Errors
///
/// [`crate::Error::Io`] when the directory or a file cannot be read (a missing directory included);
/// [`crate::Error::Invalid`] (`checkpoint.algorithm`) for a checkpoint of another algorithm. Damage is
/// not an error: it is in the report.
pub fn verify(path: impl AsRef<Path>, checkpoint: Option<&Checkpoint>) -> Result<VerifyReport> {
    let path = path.as_ref();
    if !path.is_dir() {
        return Err(io("path", path.display(), "not a directory"));
    }
    let storage = FsStorage::open(path).map_err(|e| io("path", path.display(), e.to_string()))?;
    verify_storage(&storage, checkpoint)
}

/// [`verify`] on any [`Storage`].
///
/// ```
/// use xiaoneng::journal::{verify_storage, MemStorage};
/// assert_eq!(verify_storage(&MemStorage::new(1), None).unwrap().records, 0);
/// ```
///
/// # Errors
///
/// As [`verify`].
pub fn verify_storage(storage: &dyn Storage, checkpoint: Option<&Checkpoint>) -> Result<VerifyReport> {
    let want = || Want {
        state: false,
        hash_at: checkpoint.map(|c| c.size),
        events: None,
    };
    // A writer may rotate, snapshot or compact while this reads: a file listed and gone before it was
    // read is read again from a new listing, never taken for damage. Each retry means the writer moved
    // on (the listing changed), so the reader retries while it does, up to `READ_RETRIES` times (a busy
    // machine running a fast writer took more than the 4 it once had).
    const READ_RETRIES: u32 = 256;
    let mut tries = 0;
    let s = loop {
        let before = storage.list().map_err(|e| io(".", "list", e.to_string()))?;
        match scan(storage, want()) {
            Ok(s) => break s,
            Err(_) if tries < READ_RETRIES && storage.list().is_ok_and(|now| now != before) => tries += 1,
            Err(e) => return Err(e),
        }
    };
    let mut report = VerifyReport {
        algorithm: s.algorithm,
        records: s.records,
        segments: s.segments.len(),
        last_seq: s.last_seq,
        head: s.head,
        snapshot_seq: s.snapshot.as_ref().map(|x| x.seq),
        torn: s.torn.clone(),
        erased: s.erased,
        first_bad_seq: s.damage.as_ref().map(|d| d.0),
        damage: s.damage.as_ref().map(|d| d.1.clone()),
        checkpoint_checked: None,
    };
    let Some(c) = checkpoint else {
        return Ok(report);
    };
    if let Some(alg) = s.algorithm.filter(|a| *a != c.algorithm) {
        return Err(invalid(
            "checkpoint.algorithm",
            c.algorithm,
            format!("the journal is written with {alg}"),
        ));
    }
    if !report.is_ok() {
        report.checkpoint_checked = Some(false);
        return Ok(report);
    }
    let at_size = if c.size == 0 {
        Some(Digest::ZERO)
    } else if c.size == s.last_seq {
        Some(s.head)
    } else {
        s.hash_at
            .or_else(|| s.snapshot.as_ref().filter(|x| x.seq == c.size).map(|x| x.head))
    };
    if c.size > s.last_seq {
        report.first_bad_seq = Some(s.last_seq.saturating_add(1));
        report.damage = Some(format!(
            "truncated: the checkpoint vouches for {} records, the journal holds {}",
            c.size, s.last_seq
        ));
        report.checkpoint_checked = Some(true);
    } else if let Some(h) = at_size {
        report.checkpoint_checked = Some(true);
        if h != c.head {
            report.first_bad_seq = Some(c.size.max(1));
            report.damage = Some(format!(
                "forked: the checkpoint has hash {} at seq {}, the journal has {h}",
                c.head, c.size
            ));
        }
    } else {
        report.checkpoint_checked = Some(false);
    }
    Ok(report)
}
