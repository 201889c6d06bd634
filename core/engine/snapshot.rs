//! Snapshots, restore and replay, written once over every record kind.
//!
//! A snapshot is `{"schema": 1, "seq": N, "cases": {number: case}, "inquiries": {number: inquiry},
//! "timers": [[instant, number], ...]}`: one map per kind, keyed by the kind's plural name.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::aggregate::{for_each_kind, Aggregate};
use super::store::{Handle, MAX_SLOTS};
use super::Engine;
use crate::catalog::Catalog;
use crate::codec;
use crate::error::{invalid, out_of_range, Result};
use crate::event::Event;
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
                        k if plurals.contains(&k) => {
                            let records = map.next_value()?;
                            snap.kinds.insert(key, records);
                        }
                        other => {
                            let _: IgnoredAny = map.next_value()?;
                            return Err(M::Error::unknown_field(
                                other,
                                &["schema", "seq", "timers", "cases", "inquiries"],
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
    /// Timers are derived, never trusted: each record is timed again from its own state under this
    /// engine's calendar, as the live engine timed it after the record's last event (the snapshot's
    /// `timers` list is read for the records it names, not for its instants). A record that was no
    /// longer timed after a fault (`timer_fault`) is timed again when the calendar now covers it (e.g. the
    /// policy's calendar has the notice it lacked).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for a malformed snapshot; [`crate::Error::Invalid`] for a wrong schema, a
    /// record whose item is not in the catalog, a number used twice or differing from its key, a timer
    /// for an unknown record, or a record whose timers this calendar cannot compute (naming it: restore
    /// with the policy, and calendar, the engine ran with).
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
        let mut engine = Engine::new(policy, org, catalog)?;
        for_each_kind!(A => {
            let records = snap.kinds.remove(A::PLURAL).unwrap_or_default();
            engine.restore_kind::<A>(records)?;
        });
        for (_, id) in snap.timers.unwrap_or_default() {
            if !engine.index.contains_key(id.as_str()) {
                return Err(invalid("timers", &id, "a timer for an unknown record"));
            }
        }
        engine.time_all()?;
        engine.seq = snap
            .seq
            .ok_or_else(|| crate::error::parse("JSON", "seq", "missing field `seq`"))?;
        Ok(engine)
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
    fn insert_new<A: Aggregate>(&mut self, id: &str, record: A) -> Result<Handle> {
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

    /// An engine rebuilt by applying an event log in order (event sourcing). Replaying an engine's
    /// events into a new engine with the same policy, organisation and catalog gives the same state.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] when the log has a gap in its sequence numbers, names an unknown record
    /// or item, or does not apply to this configuration.
    pub fn replay(policy: Policy, org: Org, catalog: Catalog, events: &[Event]) -> Result<Self> {
        let mut engine = Engine::new(policy, org, catalog)?;
        for (k, e) in events.iter().enumerate() {
            if e.seq != engine.seq + 1 {
                return Err(invalid(
                    format!("events[{k}].seq"),
                    e.seq,
                    format!("expected {}", engine.seq + 1),
                ));
            }
            crate::calendar::check_supported_instant(&format!("events[{k}].at"), e.at)?;
            let mut handled = false;
            for_each_kind!(A => {
                if !handled && A::creates(&e.kind) {
                    engine.replay_create::<A>(k, e)?;
                    handled = true;
                }
            });
            if !handled {
                let h = *engine.index.get(e.case.as_str()).ok_or_else(|| {
                    invalid(
                        format!("events[{k}].case"),
                        &e.case,
                        "no record was created with this number",
                    )
                })?;
                super::aggregate::for_kind!(h.kind, A => engine.replay_apply::<A>(k, h.index, e)?);
            }
            engine.seq = e.seq;
        }
        engine.time_all()?;
        Ok(engine)
    }

    /// Times every record from its own state, as the live engine timed it after the record's last event
    /// (restore and replay: timers are derived, never stored). A record no longer timed after a fault is
    /// timed again when the calendar now covers it, and stays untimed (listed as faulted) when it does not.
    fn time_all(&mut self) -> Result<()> {
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

    /// Replays the event `e` (the `k`-th) that creates a record of kind `A`.
    fn replay_create<A: Aggregate>(&mut self, k: usize, e: &Event) -> Result<()> {
        if self.index.contains_key(e.case.as_str()) {
            return Err(invalid(format!("events[{k}].case"), &e.case, "created twice"));
        }
        let mut record = A::init(&e.case, e.at, &e.kind, &self.cx())?;
        record
            .apply(e.at, e.actor.as_deref(), &e.kind, &self.cx())
            .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
        self.insert_new::<A>(&e.case, record)?;
        Ok(())
    }

    /// Replays the event `e` (the `k`-th) on record `index` of kind `A`.
    fn replay_apply<A: Aggregate>(&mut self, k: usize, index: u32, e: &Event) -> Result<()> {
        let mut record = (*A::store(&self.records).slots[index as usize].value).clone();
        record
            .apply(e.at, e.actor.as_deref(), &e.kind, &self.cx())
            .map_err(|err| invalid(format!("events[{k}]"), e.seq, err.to_string()))?;
        *A::store_mut(&mut self.records).slots[index as usize].value = record;
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
