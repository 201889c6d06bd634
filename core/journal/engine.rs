//! The engine on a journal: [`EventSink`] (where an engine's events go: the journal by default, or a
//! host's own database), [`SinkedEngine`] (an engine whose answers are acknowledged only once its sink
//! took them), and [`JournaledEngine`] (an engine recovered from and recording into a [`Journal`], with
//! snapshots by policy).
//!
//! Consistency with the journal: the engine decides a command (or fires timers) in memory, then hands
//! the events to the sink; the call returns them only once the sink has them durable under its policy.
//! A command the engine refuses changes nothing and reaches no sink. When the sink fails, the call
//! returns the error and the engine stops: every later call is refused, because its memory may now hold
//! a batch the sink does not (a journal that met a write or sync error stops too, and keeps no partial
//! batch: recovery cuts an unfinished batch as a torn tail). Reopening recovers exactly what the journal
//! holds: the failed call's events wholly or not at all.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::checkpoint::Checkpoint;
use super::storage::{FsStorage, Storage};
use super::writer::{Journal, JournalOptions, OpenReport};
use crate::calendar::YearNotice;
use crate::catalog::Catalog;
use crate::engine::{Command, Engine};
use crate::error::{corrupt, io, Error, Result};
use crate::event::Event;
use crate::org::Org;
use crate::policy::Policy;

/// Where an engine's events go: [`Journal`] by default, or a host's own store (a database table, a
/// message queue) behind this trait.
pub trait EventSink {
    /// Takes a batch of events (everything one `execute` or `advance` produced), in sequence order. It
    /// returns once the batch is as durable as the sink promises; an error means the batch may or may
    /// not be stored, and the engine over the sink stops.
    ///
    /// # Errors
    ///
    /// The sink's own, preferably [`crate::Error::Io`].
    fn append(&mut self, events: &[Event]) -> Result<()>;

    /// Makes everything taken so far durable.
    ///
    /// # Errors
    ///
    /// The sink's own, preferably [`crate::Error::Io`].
    fn flush(&mut self) -> Result<()>;
}

impl EventSink for Journal {
    fn append(&mut self, events: &[Event]) -> Result<()> {
        Journal::append(self, events)
    }
    fn flush(&mut self) -> Result<()> {
        Journal::flush(self)
    }
}

impl EventSink for Vec<Event> {
    fn append(&mut self, events: &[Event]) -> Result<()> {
        self.extend_from_slice(events);
        Ok(())
    }
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

/// An engine over an [`EventSink`]: `execute` and `advance` answer only once the sink took their events.
///
/// ```
/// # use xiaoneng::{commands, Catalog, Command, Document, Engine, Org, Policy};
/// use xiaoneng::journal::SinkedEngine;
/// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
/// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
/// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
/// let engine = Engine::new(policy, org, catalog).unwrap();
/// let mut sinked = SinkedEngine::new(engine, Vec::new());
/// let events = sinked
///     .execute(Command::from(commands::Receive {
///         case: "C1".into(), at: "2026-09-28T09:00:00+08:00".parse().unwrap(), actor: "s-clerk".into(),
///         item: "330100-FOOD-001".into(), applicant: "张三".into(), materials: vec![], renewal_of_expiry: None,
///     }))
///     .unwrap();
/// assert_eq!(sinked.sink(), &events);
/// ```
#[derive(Debug)]
pub struct SinkedEngine<S: EventSink> {
    engine: Engine,
    sink: S,
    stopped: Option<Error>,
}

impl<S: EventSink> SinkedEngine<S> {
    /// `engine` recording into `sink` (which holds the engine's events so far).
    pub fn new(engine: Engine, sink: S) -> Self {
        SinkedEngine {
            engine,
            sink,
            stopped: None,
        }
    }

    /// The engine (read only: every change goes through the sink).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The sink.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// The engine and the sink.
    pub fn into_parts(self) -> (Engine, S) {
        (self.engine, self.sink)
    }

    /// Why the engine stopped (its sink failed), once it has.
    pub fn stopped(&self) -> Option<&Error> {
        self.stopped.as_ref()
    }

    fn check_running(&self) -> Result<()> {
        match &self.stopped {
            None => Ok(()),
            Some(e) => Err(io(
                "engine",
                "stopped",
                format!("the engine stopped after its event sink failed (reopen it): {e}"),
            )),
        }
    }

    fn record(&mut self, events: Vec<Event>) -> Result<Vec<Event>> {
        if events.is_empty() {
            return Ok(events);
        }
        match self.sink.append(&events) {
            Ok(()) => Ok(events),
            Err(e) => {
                self.stopped = Some(e.clone());
                Err(e)
            }
        }
    }

    /// [`Engine::execute`], answered once the sink took the events.
    ///
    /// # Errors
    ///
    /// As [`Engine::execute`] (nothing changes, the sink is not called); the sink's error (the engine
    /// stops); [`crate::Error::Io`] after a stop.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>> {
        self.check_running()?;
        let events = self.engine.execute(command)?;
        self.record(events)
    }

    /// [`Engine::advance`], answered once the sink took the events.
    ///
    /// # Errors
    ///
    /// The sink's error (the engine stops); [`crate::Error::Io`] after a stop.
    pub fn advance(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>> {
        self.check_running()?;
        let events = self.engine.advance(now);
        self.record(events)
    }

    /// Makes everything the sink took durable.
    ///
    /// # Errors
    ///
    /// The sink's error (the engine stops); [`crate::Error::Io`] after a stop.
    pub fn flush(&mut self) -> Result<()> {
        self.check_running()?;
        self.sink.flush().inspect_err(|e| self.stopped = Some(e.clone()))
    }
}

/// An engine recovered from, and recording into, a journal (the embedded default store).
///
/// [`JournaledEngine::open`] recovers: the journal is verified (a torn tail cut and reported), the
/// engine restored from the newest snapshot and the events after it replayed (each checked against the
/// rules, as [`Engine::replay`] does). `execute` and `advance` answer once their events are durable under
/// the journal's [`super::Durability`]. A snapshot is taken every [`JournalOptions::snapshot_every`]
/// records. See the module's documentation for what happens when the journal fails.
///
/// ```
/// # use xiaoneng::{commands, Catalog, Command, Document, Org, Policy};
/// use xiaoneng::journal::{JournalOptions, JournaledEngine};
/// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
/// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
/// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
/// let dir = std::env::temp_dir().join(format!("xn-doc-journaled-{}", std::process::id()));
/// let mut engine =
///     JournaledEngine::open(&dir, policy.clone(), org.clone(), catalog.clone(), JournalOptions::default()).unwrap();
/// engine
///     .execute(Command::from(commands::Receive {
///         case: "C1".into(), at: "2026-09-28T09:00:00+08:00".parse().unwrap(), actor: "s-clerk".into(),
///         item: "330100-FOOD-001".into(), applicant: "张三".into(), materials: vec![], renewal_of_expiry: None,
///     }))
///     .unwrap();
/// let live = engine.engine().clone();
/// engine.close().unwrap();
/// let reopened = JournaledEngine::open(&dir, policy, org, catalog, JournalOptions::default()).unwrap();
/// assert_eq!(reopened.engine(), &live);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug)]
pub struct JournaledEngine {
    inner: SinkedEngine<Journal>,
    report: OpenReport,
}

impl JournaledEngine {
    /// Opens (or creates) the engine whose journal is directory `dir`: see [`JournaledEngine::open_storage`].
    ///
    /// # Errors
    ///
    /// As [`JournaledEngine::open_storage`]; [`crate::Error::Io`] when the directory cannot be created.
    pub fn open(
        dir: impl AsRef<Path>,
        policy: Policy,
        org: Org,
        catalog: Catalog,
        options: JournalOptions,
    ) -> Result<Self> {
        let storage =
            FsStorage::open_exclusive(dir.as_ref()).map_err(|e| io("path", dir.as_ref().display(), e.to_string()))?;
        JournaledEngine::open_storage(Box::new(storage), policy, org, catalog, options)
    }

    /// Opens the engine whose journal is in `storage`, recovering it (see the type's documentation).
    /// The policy, organisation and catalog must be those the journal was written with (the engine's own
    /// policy: a journal does not record calendar notices added at run time).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Corrupt`] naming the first bad sequence number for a damaged journal or snapshot;
    /// the errors of [`Engine::restore`] and [`Engine::replay_tail`] when the snapshot or events do not
    /// apply to this configuration; [`crate::Error::Io`] when the storage fails.
    pub fn open_storage(
        storage: Box<dyn Storage>,
        policy: Policy,
        org: Org,
        catalog: Catalog,
        options: JournalOptions,
    ) -> Result<Self> {
        let (journal, report, recovery) = Journal::open(storage, options)?;
        let engine = match recovery.snapshot {
            Some((seq, state)) => {
                let engine = Engine::restore(policy, org, catalog, &state)?;
                if engine.seq() != seq {
                    return Err(corrupt(
                        "seq",
                        seq,
                        format!(
                            "the snapshot covering seq {seq} holds an engine at seq {}",
                            engine.seq()
                        ),
                    ));
                }
                engine
            }
            None => Engine::new(policy, org, catalog)?,
        };
        let engine = engine.replay_tail(&recovery.events)?;
        Ok(JournaledEngine {
            inner: SinkedEngine::new(engine, journal),
            report,
        })
    }

    /// What opening found: records, segments, snapshot, the torn tail cut.
    pub fn report(&self) -> &OpenReport {
        &self.report
    }

    /// The engine (read only: every change goes through the journal).
    pub fn engine(&self) -> &Engine {
        self.inner.engine()
    }

    /// The journal.
    pub fn journal(&self) -> &Journal {
        self.inner.sink()
    }

    /// [`Engine::execute`], answered once the events are durable under the journal's policy.
    ///
    /// # Errors
    ///
    /// As [`Engine::execute`] (nothing changes, nothing is written); [`crate::Error::Io`] when the journal
    /// fails (the engine and the journal stop) and for every call after that.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>> {
        let events = self.inner.execute(command)?;
        self.after_batch();
        Ok(events)
    }

    /// [`Engine::advance`], answered once the events are durable under the journal's policy.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when the journal fails (the engine and the journal stop) and for every call
    /// after that.
    pub fn advance(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>> {
        let events = self.inner.advance(now)?;
        self.after_batch();
        Ok(events)
    }

    /// [`Engine::add_notice`]: next year's calendar notice, at `at`; the `deadline_changed` events it
    /// causes are answered once durable. The journal keeps events, not the policy: the engine's policy
    /// now holds the notice (`engine().policy()`), and the journal must be reopened with that policy
    /// (the host keeps it, as it keeps its policy file); with the policy of before, the events after
    /// the notice do not replay and a snapshot after it does not restore.
    ///
    /// # Errors
    ///
    /// As [`Engine::add_notice`] (nothing changes, nothing is written); [`crate::Error::Io`] when the
    /// journal fails (the engine and the journal stop) and for every call after that.
    pub fn add_notice(&mut self, notice: YearNotice, at: DateTime<Utc>) -> Result<Vec<Event>> {
        self.inner.check_running()?;
        let events = self.inner.engine.add_notice(notice, at)?;
        let events = self.inner.record(events)?;
        self.after_batch();
        Ok(events)
    }

    /// [`Engine::correct_notice`], as [`JournaledEngine::add_notice`] (reopen with the engine's policy).
    ///
    /// # Errors
    ///
    /// As [`Engine::correct_notice`] (nothing changes, nothing is written); [`crate::Error::Io`] when the
    /// journal fails (the engine and the journal stop) and for every call after that.
    pub fn correct_notice(&mut self, notice: YearNotice, at: DateTime<Utc>) -> Result<Vec<Event>> {
        self.inner.check_running()?;
        let events = self.inner.engine.correct_notice(notice, at)?;
        let events = self.inner.record(events)?;
        self.after_batch();
        Ok(events)
    }

    /// A snapshot by policy. Its failure stops the journal (and so the engine: the next call says why),
    /// but does not take back events already durable.
    fn after_batch(&mut self) {
        let every = self.journal().options().snapshot_every;
        let since = self.journal().seq() - self.journal().snapshot_seq().unwrap_or(0);
        if every > 0 && since >= every {
            let _ = self.snapshot_now();
            if self.journal().options().compact {
                let _ = self.compact();
            }
        }
    }

    /// Makes everything appended durable, whatever the policy.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when the sync fails (the engine stops), or after a stop.
    pub fn flush(&mut self) -> Result<()> {
        self.inner.flush()
    }

    /// A checkpoint of the journal (size, head hash, algorithm) to keep elsewhere.
    pub fn checkpoint(&self) -> Checkpoint {
        self.journal().checkpoint()
    }

    fn with_journal<T>(&mut self, f: impl FnOnce(&mut Journal) -> Result<T>) -> Result<T> {
        self.inner.check_running()?;
        f(&mut self.inner.sink).inspect_err(|e| self.inner.stopped = Some(e.clone()))
    }

    /// Writes a snapshot of the engine now (atomically; see [`Journal::write_snapshot`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when writing fails (the engine stops), or after a stop.
    pub fn snapshot_now(&mut self) -> Result<()> {
        let state = self.inner.engine.snapshot();
        self.with_journal(|j| j.write_snapshot(&state))
    }

    /// Removes the segments the newest snapshot covers ([`Journal::compact`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when removing fails (the engine stops), or after a stop.
    pub fn compact(&mut self) -> Result<usize> {
        self.with_journal(Journal::compact)
    }

    /// Erases the confidential values of records up to `through` ([`Journal::erase_through`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when writing fails (the engine stops), or after a stop.
    pub fn erase_through(&mut self, through: u64) -> Result<u64> {
        self.with_journal(|j| j.erase_through(through))
    }

    /// Syncs and closes the journal.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when the last sync fails, or after a stop.
    pub fn close(self) -> Result<()> {
        self.inner.check_running()?;
        self.inner.sink.close()
    }
}
