//! The journal (账本): a durable, tamper-evident event store, the embedded default where a host keeps
//! no events of its own (`docs/journal.md` documents the format for auditors).
//!
//! - An append-only directory of segment files of JSON Lines; every record holds its sequence number,
//!   instant, actor, event, the previous record's hash and its own hash over the exact bytes written
//!   (SHA-256 by default, SM3 selectable): [`Journal`], format version [`FORMAT_VERSION`].
//! - Group commit by a [`Durability`] policy; fail-stop at the first write or sync error.
//! - Open = recover: the chain verified, a torn tail cut and reported ([`OpenReport`]), any other damage
//!   an error naming the first bad sequence number.
//! - [`verify`] and [`Checkpoint`]s (size, head hash) that detect a cut tail or a forked history.
//! - Snapshots and compaction that keep the chain verifiable; erasure of confidential fields held as
//!   salted commitments ([`Confidential`]).
//! - [`JournaledEngine`]: the engine on a journal; [`EventSink`] for hosts with their own store.
//!
//! Everything touches the outside world through a [`Storage`] ([`FsStorage`], or the fault-injecting
//! [`MemStorage`] of the tests), time and randomness included: the core reads no clock.

mod checkpoint;
mod engine;
mod erasure;
mod format;
mod hash;
mod recover;
mod storage;
mod verify;
mod writer;

pub use checkpoint::Checkpoint;
pub use engine::{EventSink, JournaledEngine, SinkedEngine};
pub use erasure::Confidential;
pub use format::FORMAT_VERSION;
pub use hash::{Digest, HashAlgorithm};
pub use recover::TornTail;
pub use storage::{FsStorage, Loss, MemStorage, Storage, LOCK_FILE};
pub use verify::{verify, verify_storage, VerifyReport};
pub use writer::{Durability, Journal, JournalOptions, OpenReport, Recovery};
