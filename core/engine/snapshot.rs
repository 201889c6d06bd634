//! Snapshots and restore, written once over every record kind (replay: `replay.rs`).
//!
//! A snapshot is `{"schema": 1, "seq": N, "cases": {number: case}, "inquiries": {number: inquiry},
//! "complaints": {number: complaint}, "timers": [[instant, number], ...], "violations": [event, ...]}`: one
//! map per kind, keyed by the kind's plural name, and the violation register (absent in older snapshots:
//! an empty register).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::aggregate::{for_each_kind, for_kind, Aggregate};
use super::store::{Handle, MAX_SLOTS};
use super::Engine;
use crate::catalog::Catalog;
use crate::codec;
use crate::error::{invalid, out_of_range, Result};
use crate::org::Org;
use crate::policy::Policy;

/// Current version of the snapshot schema.
pub const SNAPSHOT_SCHEMA: u32 = 1;

/// The records of one kind as a snapshot writes them: by number.
struct KindRef<'a, A>(&'a [super::store::Slot<A>]);

impl<A: Aggregate> Serialize for KindRef<'_, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut sorted: Vec<&A> = self.0.iter().map(|s| &*s.value).collect();
        sorted.sort_unstable_by(|a, b| a.id().cmp(b.id()));
        let mut map = serializer.serialize_map(Some(sorted.len()))?;
        for r in sorted {
            map.serialize_entry(r.id(), r)?;
        }
        map.end()
    }
}

/// The engine's state as a snapshot writes it, borrowing from the engine.
struct SnapshotRef<'a>(&'a Engine);

impl Serialize for SnapshotRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let e = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("schema", &SNAPSHOT_SCHEMA)?;
        map.serialize_entry("seq", &e.seq)?;
        let mut timers: Vec<(DateTime<Utc>, &str)> = Vec::new();
        let mut result = Ok(());
        for_each_kind!(A => {
            let slots = &A::store(&e.records).slots;
            timers.extend(slots.iter().filter_map(|s| Some((s.timer?, s.value.id()))));
            if result.is_ok() {
                result = map.serialize_entry(A::PLURAL, &KindRef::<A>(slots));
            }
        });
        result?;
        timers.sort_unstable();
        map.serialize_entry("timers", &timers)?;
        map.serialize_entry("violations", &e.violations)?;
        map.end()
    }
}

/// A snapshot as read: the schema, the sequence number, each kind's records as JSON values (read into
/// their types by kind), and the timers.
#[derive(Default)]
struct Snapshot {
    schema: Option<u32>,
    seq: Option<u64>,
    kinds: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    timers: Option<Vec<(DateTime<Utc>, String)>>,
    violations: Vec<crate::event::Event>,
}

impl<'de> Deserialize<'de> for Snapshot {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Snapshot;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an engine snapshot")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> std::result::Result<Snapshot, M::Error> {
                use serde::de::Error as _;
                let mut snap = Snapshot::default();
                let mut plurals: Vec<&str> = Vec::new();
                for_each_kind!(A => plurals.push(A::PLURAL));
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "schema" => snap.schema = Some(map.next_value()?),
                        "seq" => snap.seq = Some(map.next_value()?),
                        "timers" => snap.timers = Some(map.next_value()?),
                        "violations" => snap.violations = map.next_value()?,
                        k if plurals.contains(&k) => {
                            let records = map.next_value()?;
                            snap.kinds.insert(key, records);
                        }
                        other => {
                            let _: IgnoredAny = map.next_value()?;
                            return Err(M::Error::unknown_field(
                                other,
                                &[
                                    "schema",
                                    "seq",
                                    "timers",
                                    "violations",
                                    "cases",
                                    "inquiries",
                                    "complaints",
                                ],
                            ));
                        }
                    }
                }
                Ok(snap)
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl Engine {
    /// The engine's state as JSON (records, timers, sequence number). Restore it with the same policy,
    /// organisation and catalog.
    pub fn snapshot(&self) -> String {
        codec::to_json(&SnapshotRef(self))
    }

    /// An engine restored from a [`Engine::snapshot`].
    ///
    /// Nothing in the snapshot is trusted. Each record is read into its type (unknown fields refused at
    /// every level) and checked against this engine's catalog; then timed again from its own state under
    /// this engine's calendar, as the live engine timed it after the record's last event, and the timer
    /// the snapshot lists for it (`timers`) must be that one: a record whose state or timer was altered
    /// does not restore. A record that was no longer timed after a fault (`timer_fault`, listed without a
    /// timer) is timed again when the calendar now covers it (e.g. the policy's calendar has the notice
    /// it lacked). The sequence number may not be behind the records: each record's state implies a least
    /// number of events (its receipt, each notice, step, extension, opinion and violation, its decision
    /// and closing, ...), and the snapshot's `seq` counts at least all of them.
    ///
    /// ```
    /// # use xiaoneng::{commands, Catalog, Command, Document, Engine, ErrorCode, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy.clone(), org.clone(), catalog.clone()).unwrap();
    /// let at = "2026-09-28T09:00:00+08:00".parse().unwrap();
    /// engine
    ///     .execute(Command::from(commands::Receive {
    ///         case: "C1".into(), at, actor: "s-clerk".into(), item: "330100-FOOD-001".into(),
    ///         applicant: "张三".into(), materials: vec![], renewal_of_expiry: None,
    ///     }))
    ///     .unwrap();
    /// let snapshot = engine.snapshot();
    /// let restored = Engine::restore(policy.clone(), org.clone(), catalog.clone(), &snapshot).unwrap();
    /// assert_eq!(restored, engine);
    /// // A snapshot whose sequence number is behind its records' events.
    /// let behind = snapshot.replace(r#""seq":1"#, r#""seq":0"#);
    /// let err = Engine::restore(policy, org, catalog, &behind).unwrap_err();
    /// assert_eq!((err.code(), err.field()), (ErrorCode::InvalidInput, Some("seq")));
    /// assert!(err.reason().contains("case `C1`"), "{err}");
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for a malformed snapshot, a missing `schema`, `seq` or `timers`, or an
    /// unknown field (named by its path, e.g. `cases.C1.violations[0].colour`); [`crate::Error::Invalid`]
    /// for a wrong schema, a record whose item is not in the catalog, a number used twice or differing
    /// from its key, a timer for an unknown record or a record listed twice in `timers`, a record whose
    /// timers this calendar cannot compute (naming it: restore with the policy, and calendar, the engine
    /// ran with), a listed timer that is not the one the record's state gives (`timers`, naming the
    /// record), or a sequence number behind the records' events (`seq`, naming the record).
    pub fn restore(policy: Policy, org: Org, catalog: Catalog, snapshot: &str) -> Result<Self> {
        let mut snap: Snapshot = codec::from_json(snapshot)?;
        let schema = snap
            .schema
            .ok_or_else(|| crate::error::parse("JSON", "schema", "missing field `schema`"))?;
        if schema != SNAPSHOT_SCHEMA {
            return Err(invalid(
                "schema",
                schema,
                format!("this library reads snapshot schema {SNAPSHOT_SCHEMA}"),
            ));
        }
        let seq = snap
            .seq
            .ok_or_else(|| crate::error::parse("JSON", "seq", "missing field `seq`"))?;
        let timers = snap
            .timers
            .take()
            .ok_or_else(|| crate::error::parse("JSON", "timers", "missing field `timers`"))?;
        let mut engine = Engine::new(policy, org, catalog)?;
        for_each_kind!(A => {
            let records = snap.kinds.remove(A::PLURAL).unwrap_or_default();
            engine.restore_kind::<A>(records)?;
        });
        let mut listed: foldhash::HashMap<&str, DateTime<Utc>> = foldhash::HashMap::default();
        for (i, (at, id)) in timers.iter().enumerate() {
            if !engine.index.contains_key(id.as_str()) {
                return Err(invalid("timers", id, "a timer for an unknown record"));
            }
            if listed.insert(id, *at).is_some() {
                return Err(invalid(format!("timers[{i}]"), id, "a record listed twice"));
            }
        }
        // Records no longer timed after a fault: timed again if the calendar now covers them.
        let mut faulted: Vec<Handle> = Vec::new();
        for_each_kind!(A => {
            let slots = &A::store(&engine.records).slots;
            faulted.extend((0..slots.len()).filter(|&k| slots[k].value.faulted()).map(|k| Handle { kind: A::KIND, index: k as u32 }));
        });
        engine.time_all()?;
        engine.check_timers(&listed, &faulted)?;
        engine.check_seq(seq)?;
        engine.seq = seq;
        engine.check_register(&snap.violations, seq)?;
        for e in std::mem::take(&mut snap.violations) {
            engine.violations.push(e);
        }
        engine.rebuild_complaint_index()?;
        Ok(engine)
    }

    /// Every record's timer, as its state gives it, is the one the snapshot lists for it (`listed`); a
    /// record that was no longer timed after a fault (`faulted`, sorted) is listed without one.
    fn check_timers(&self, listed: &foldhash::HashMap<&str, DateTime<Utc>>, faulted: &[Handle]) -> Result<()> {
        let shown = |t: Option<DateTime<Utc>>| t.map_or("none".to_string(), |t| t.to_rfc3339());
        for_each_kind!(A => {
            for (k, slot) in A::store(&self.records).slots.iter().enumerate() {
                let id = slot.value.id();
                let stored = listed.get(id).copied();
                let noun = A::KIND.noun();
                if faulted.binary_search(&Handle { kind: A::KIND, index: k as u32 }).is_ok() {
                    if let Some(t) = stored {
                        return Err(invalid(
                            "timers",
                            id,
                            format!(
                                "{noun} `{id}` is no longer timed after a fault (`faulted`), yet the snapshot lists a timer \
                                 at {} for it",
                                t.to_rfc3339()
                            ),
                        ));
                    }
                } else if stored != slot.timer {
                    return Err(invalid(
                        "timers",
                        id,
                        format!(
                            "the snapshot's timer of {noun} `{id}` ({}) is not the one its state gives under this \
                             calendar ({}): the record or its timer was altered, or the snapshot comes from an engine \
                             with another calendar (restore with the engine's own policy; add a notice with \
                             `add_notice`)",
                            shown(stored),
                            shown(slot.timer)
                        ),
                    ));
                }
            }
        });
        Ok(())
    }

    /// The snapshot's sequence number `seq` is not behind its records: at least the events each record's
    /// state implies, and all of them together.
    fn check_seq(&self, seq: u64) -> Result<()> {
        let mut total: u64 = 0;
        for_each_kind!(A => {
            for record in A::store(&self.records).iter() {
                let least = record.least_events();
                if seq < least {
                    return Err(invalid(
                        "seq",
                        seq,
                        format!(
                            "behind the events of {} `{}`: its state implies at least {least} events",
                            A::KIND.noun(),
                            record.id()
                        ),
                    ));
                }
                total = total.saturating_add(least);
            }
        });
        if seq < total {
            return Err(invalid(
                "seq",
                seq,
                format!(
                    "behind the records' events: the {} records' states imply at least {total} events in all",
                    self.index.len()
                ),
            ));
        }
        Ok(())
    }

    /// Restores the records of kind `A`.
    fn restore_kind<A: Aggregate>(&mut self, records: BTreeMap<String, serde_json::Value>) -> Result<()> {
        for (id, value) in records {
            let path = format!("{}.{id}", A::PLURAL);
            let mut record: A = read_record(value, &path)?;
            if record.id() != id {
                return Err(invalid(
                    format!("{path}.id"),
                    record.id(),
                    "differs from the record's key",
                ));
            }
            record.restored(&self.cx()).map_err(|e| match e.field_error() {
                Some(f) => invalid(format!("{path}.{}", f.field), &f.value, &f.reason),
                None => e,
            })?;
            self.insert_new::<A>(&id, record)?;
        }
        Ok(())
    }

    /// Stores a new record of kind `A` under `id`.
    pub(super) fn insert_new<A: Aggregate>(&mut self, id: &str, record: A) -> Result<Handle> {
        if self.index.contains_key(id) {
            return Err(invalid(A::PLURAL, id, "a number used twice"));
        }
        if A::store(&self.records).len() >= MAX_SLOTS {
            return Err(out_of_range(
                A::PLURAL,
                id,
                "the engine holds the most records of this kind it can",
            ));
        }
        let key = record.key();
        let index = A::store_mut(&mut self.records).push(record);
        let h = Handle { kind: A::KIND, index };
        self.index.insert(key, h);
        Ok(h)
    }

    /// Times every record from its own state, as the live engine timed it after the record's last event
    /// (restore and replay: timers are derived, never stored). A record no longer timed after a fault is
    /// timed again when the calendar now covers it, and stays untimed (listed as faulted) when it does not.
    pub(super) fn time_all(&mut self) -> Result<()> {
        for_each_kind!(A => {
            for k in 0..A::store(&self.records).len() {
                let h = Handle { kind: A::KIND, index: k as u32 };
                let record = &A::store(&self.records).slots[k].value;
                if record.faulted() {
                    let mut copy = (**record).clone();
                    copy.clear_fault();
                    match <A as Aggregate>::next_due(&copy, &self.cx()) {
                        Ok(next) => {
                            *A::store_mut(&mut self.records).slots[k].value = copy;
                            self.schedule(h, next);
                        }
                        Err(_) => self.faulted.push(h),
                    }
                } else {
                    let next = <A as Aggregate>::next_due(&**record, &self.cx()).map_err(|e| {
                        invalid(
                            format!("{}.{}", A::PLURAL, record.id()),
                            record.id(),
                            format!("its timers cannot be computed with this calendar: {e}"),
                        )
                    })?;
                    self.schedule(h, next);
                }
            }
        });
        Ok(())
    }
}

/// A record of a snapshot read into its type, naming the field path below `path` on error.
fn read_record<A: DeserializeOwned>(value: serde_json::Value, path: &str) -> Result<A> {
    codec::from_value(value).map_err(|e| match e {
        crate::Error::Parse {
            format,
            path: inner,
            message,
        } => crate::Error::Parse {
            format,
            path: if inner == "." {
                path.to_string()
            } else {
                format!("{path}.{inner}")
            },
            message,
        },
        other => other,
    })
}

/// What a snapshot, a restore and a replay must give back: the same engine.
impl PartialEq for Engine {
    /// Same configuration documents and same state (records and their timers by number, sequence number,
    /// the violation register),
    /// whatever order the records were stored in.
    fn eq(&self, other: &Self) -> bool {
        let same = |h: Handle| -> bool {
            let Some(o) = other.index.get(self.number(h)).filter(|o| o.kind == h.kind) else {
                return false;
            };
            for_kind!(h.kind, A => {
                let (a, b) = (&A::store(&self.records).slots[h.index as usize], &A::store(&other.records).slots[o.index as usize]);
                a.value == b.value && a.timer == b.timer
            })
        };
        self.policy == other.policy
            && self.org == other.org
            && self.catalog == other.catalog
            && self.seq == other.seq
            && self.violations == other.violations
            && self.index.len() == other.index.len()
            && self.deadlines.live() == other.deadlines.live()
            && self.index.values().all(|h| same(*h))
    }
}
