//! The violation register (问责台账): every `violation` event the engine recorded, of every record kind
//! (cases, steps, notices, negative reports, A/B gaps, inquiries, ratings, complaints), in sequence order,
//! each with its trace-back as of the breach (the post, who acted for it, the responsible person, the unit
//! and its head) and its evidence (the event itself, by sequence number, and its record). Queried by period,
//! rule, unit, person and record (docs/rules.md, "The violation register").

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Engine;
use crate::error::{invalid, Result};
use crate::event::{Event, EventKind, Rule};

/// What to select from the violation register; every field is optional and they combine (all must hold).
///
/// JSON (C, and the Python keyword arguments): `{"from": instant, "to": instant, "rule": "decision_overdue",
/// "unit": "amr", "person": "s-rev", "record": "C1", "state": "recorded"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViolationQuery {
    /// Violations at or after this instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub from: Option<DateTime<Utc>>,
    /// Violations before this instant (the period is `[from, to)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub to: Option<DateTime<Utc>>,
    /// Of this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Of this responsible unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Naming this staff member: as the responsible person, as the one acting for the post, or as the
    /// unit head (第一责任人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Of this record (case, inquiry, complaint, pledge or matter number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// In this state of accountability: `recorded` (no matter opened on it), `proposed`, `decided`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<super::RegisterState>,
}

impl ViolationQuery {
    /// Reads a query from JSON, naming the field of any error.
    ///
    /// ```
    /// let q = xiaoneng::ViolationQuery::from_json(r#"{"unit": "amr", "rule": "decision_overdue"}"#).unwrap();
    /// assert_eq!(q.unit.as_deref(), Some("amr"));
    /// assert_eq!(xiaoneng::ViolationQuery::from_json(r#"{"units": "amr"}"#).unwrap_err().field(), Some("units"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for malformed JSON, an unknown field or a bad value;
    /// [`crate::Error::Invalid`] (`to`) for a period that ends before it starts.
    pub fn from_json(text: &str) -> Result<Self> {
        let q: ViolationQuery = crate::codec::from_json(text)?;
        q.check()?;
        Ok(q)
    }

    /// A period that ends before it starts is refused.
    pub(crate) fn check(&self) -> Result<()> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to < from {
                return Err(invalid(
                    "to",
                    to.to_rfc3339(),
                    "the period ends before it starts (`from`)",
                ));
            }
        }
        Ok(())
    }

    /// Whether the violation event `e` is selected.
    fn selects(&self, e: &Event) -> bool {
        let EventKind::Violation {
            rule,
            responsible,
            acting,
            unit,
            unit_head,
            ..
        } = &e.kind
        else {
            return false;
        };
        let is = |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| have == Some(w));
        self.from.is_none_or(|f| e.at >= f)
            && self.to.is_none_or(|t| e.at < t)
            && self.rule.is_none_or(|r| r == *rule)
            && is(&self.unit, unit.as_deref())
            && is(&self.record, Some(e.case.as_str()))
            && self.person.as_deref().is_none_or(|p| {
                responsible.as_deref() == Some(p)
                    || acting.as_ref().is_some_and(|a| a.staff() == p)
                    || unit_head.as_deref() == Some(p)
            })
    }
}

/// The register's rows, in sequence order, each shared (an owned row is a reference count, not a copy),
/// and their indexes: the positions of the rows naming each person (responsible, acting or unit head),
/// unit, record and rule, in increasing order, so that a query naming one of them reads only its rows.
#[derive(Debug, Clone, Default)]
pub(super) struct Register {
    rows: Vec<Arc<Event>>,
    by_person: Positions<Arc<str>>,
    by_unit: Positions<Arc<str>>,
    by_record: Positions<Arc<str>>,
    by_rule: Positions<Rule>,
    /// Rows past position `u32::MAX` are in no index (never in practice: the rows alone would take
    /// terabytes); from the first of them on, every query scans.
    past_index: bool,
}

/// Row positions by key, each list in increasing order (`u32`: half the index's memory of `usize`).
type Positions<K> = foldhash::HashMap<K, Vec<u32>>;

/// Adds position `k` to the list of `key` (a key is allocated once, on its first row).
fn note(map: &mut Positions<Arc<str>>, key: &str, k: u32) {
    match map.get_mut(key) {
        Some(list) => list.push(k),
        None => {
            map.insert(Arc::from(key), vec![k]);
        }
    }
}

/// The indexes say which rows may be selected; the rows and their order are the register's (the
/// indexes derive from the rows).
impl PartialEq for Register {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
    }
}

impl Register {
    /// The row with sequence number `seq` (the rows are in sequence order).
    pub(super) fn by_seq(&self, seq: u64) -> Option<&Event> {
        let k = self.rows.binary_search_by_key(&seq, |e| e.seq).ok()?;
        Some(&self.rows[k])
    }

    /// Adds a violation event (newer than every row); other events are left out.
    pub(super) fn push(&mut self, e: Event) {
        let EventKind::Violation {
            rule,
            responsible,
            acting,
            unit,
            unit_head,
            ..
        } = &e.kind
        else {
            return;
        };
        let Ok(k) = u32::try_from(self.rows.len()) else {
            self.past_index = true;
            self.rows.push(Arc::new(e));
            return;
        };
        // Each person once per row, so that a list names a row once.
        let mut persons: [Option<&str>; 3] = [responsible.as_deref(), acting.as_ref().map(|a| a.staff()), None];
        if let Some(head) = unit_head.as_deref() {
            if !persons.contains(&Some(head)) {
                persons[2] = Some(head);
            }
        }
        if persons[0].is_some() && persons[1] == persons[0] {
            persons[1] = None;
        }
        for p in persons.into_iter().flatten() {
            note(&mut self.by_person, p, k);
        }
        if let Some(u) = unit.as_deref() {
            note(&mut self.by_unit, u, k);
        }
        note(&mut self.by_record, &e.case, k);
        self.by_rule.entry(*rule).or_default().push(k);
        self.rows.push(Arc::new(e));
    }

    /// Calls `f` with each row `query` selects, in sequence order: over the shortest of the lists of the
    /// person, unit, record and rule it names, else over every row.
    fn select<'a>(&'a self, query: &ViolationQuery, f: impl FnMut(&'a Arc<Event>)) {
        let lists = [
            query.person.as_deref().map(|p| self.by_person.get(p)),
            query.unit.as_deref().map(|u| self.by_unit.get(u)),
            query.record.as_deref().map(|r| self.by_record.get(r)),
            query.rule.map(|r| self.by_rule.get(&r)),
        ];
        let shortest = lists.into_iter().flatten().min_by_key(|list| list.map_or(0, Vec::len));
        match shortest.filter(|_| !self.past_index) {
            // A key no row names: nothing is selected.
            Some(None) => {}
            Some(Some(list)) => list
                .iter()
                .filter_map(|&k| self.rows.get(k as usize))
                .filter(|e| query.selects(e))
                .for_each(f),
            // The register is in sequence order, hence in the order of the records' own time; a
            // period's bounds cannot cut it short (timer events carry their threshold instants), so it
            // is scanned.
            None => self.rows.iter().filter(|e| query.selects(e)).for_each(f),
        }
    }
}

/// The rows as a snapshot lists them: the events, in sequence order.
impl Serialize for Register {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.rows.iter().map(|e| &**e))
    }
}

impl Engine {
    /// Adds the violation events of `events` to the register (in sequence order: `events` are newer than
    /// every event registered).
    pub(super) fn register(&mut self, events: &[Event]) {
        for e in events {
            if matches!(e.kind, EventKind::Violation { .. }) {
                self.violations.push(e.clone());
            }
        }
    }

    /// The violation register selected by `query`, in sequence order: each a `violation` event of any
    /// record kind, its trace-back as of the breach in its fields, its sequence number and record the
    /// evidence. A query naming a person, unit, record or rule reads only the rows that name it (the
    /// register keeps an index of each).
    ///
    /// ```
    /// # use xiaoneng::{commands, Catalog, Command, Document, Engine, Org, Policy, Rule, ViolationQuery};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from(commands::RecordInquiry {
    ///     case: "Q1".into(), at: "2026-09-28T09:00:00+08:00".parse().unwrap(), actor: "s-clerk".into(),
    ///     person: "张先生".into(), topic: "材料".into(), also_asked: vec![],
    /// })).unwrap();
    /// engine.advance("2026-10-01T00:00:00+08:00".parse().unwrap());
    /// let all = engine.violations(&ViolationQuery::default()).unwrap();
    /// assert_eq!(all.len(), 1);
    /// let q = ViolationQuery { person: Some("s-clerk".into()), rule: Some(Rule::UnansweredInquiry), ..Default::default() };
    /// assert_eq!(engine.violations(&q).unwrap()[0].case, "Q1");
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] (`to`) for a period that ends before it starts.
    pub fn violations(&self, query: &ViolationQuery) -> Result<Vec<&Event>> {
        query.check()?;
        let keep = self.state_filter(query);
        let mut found = Vec::new();
        self.violations.select(query, |e| {
            if keep(e) {
                found.push(&**e)
            }
        });
        Ok(found)
    }

    /// Whether a row is in the query's state (every row when it names none).
    fn state_filter(&self, query: &ViolationQuery) -> impl Fn(&Event) -> bool + '_ {
        let states = query.state.map(|want| (want, self.matter_states()));
        move |e| match &states {
            None => true,
            Some((want, states)) => self.state_of(e, states) == *want,
        }
    }

    /// The same rows as [`Engine::violations`], in the same order, as owned rows: each shares its event
    /// with the register (a reference count, no copy), so the rows outlive the borrow of the engine and
    /// may cross threads. What a binding takes before it lets the engine go (the Python
    /// `Engine.violations`).
    ///
    /// ```
    /// # use xiaoneng::{commands, Catalog, Command, Document, Engine, Org, Policy, ViolationQuery};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from(commands::RecordInquiry {
    ///     case: "Q1".into(), at: "2026-09-28T09:00:00+08:00".parse().unwrap(), actor: "s-clerk".into(),
    ///     person: "张先生".into(), topic: "材料".into(), also_asked: vec![],
    /// })).unwrap();
    /// engine.advance("2026-10-01T00:00:00+08:00".parse().unwrap());
    /// let rows = engine.violations_owned(&ViolationQuery::default()).unwrap();
    /// drop(engine);
    /// assert_eq!(rows[0].case, "Q1");
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] (`to`) for a period that ends before it starts.
    pub fn violations_owned(&self, query: &ViolationQuery) -> Result<Vec<Arc<Event>>> {
        query.check()?;
        let keep = self.state_filter(query);
        let mut found = Vec::new();
        self.violations.select(query, |e| {
            if keep(e) {
                found.push(Arc::clone(e))
            }
        });
        Ok(found)
    }

    /// Checks a restored register (`rows`) against the engine it is restored into: violation events
    /// only, in increasing sequence order, none after the snapshot's `seq`, each of a record the snapshot
    /// holds.
    pub(super) fn check_register(&self, rows: &[Event], seq: u64) -> Result<()> {
        let mut last = 0;
        for (k, e) in rows.iter().enumerate() {
            let field = || format!("violations[{k}]");
            if !matches!(e.kind, EventKind::Violation { .. }) {
                return Err(invalid(
                    field(),
                    e.kind.name(),
                    "the register holds `violation` events only",
                ));
            }
            if e.seq <= last || e.seq > seq {
                return Err(invalid(
                    format!("violations[{k}].seq"),
                    e.seq,
                    format!("sequence numbers go up, after {last} and at most the snapshot's {seq}"),
                ));
            }
            if !self.index.contains_key(e.case.as_str()) {
                return Err(invalid(
                    format!("violations[{k}].case"),
                    &e.case,
                    "a violation of a record the snapshot does not hold",
                ));
            }
            last = e.seq;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use proptest::prelude::*;

    use super::*;
    use crate::org::Acting;

    const PEOPLE: [&str; 4] = ["s-a", "s-b", "s-c", "s-d"];
    const UNITS: [&str; 3] = ["amr", "fire", "eff"];
    const RECORDS: [&str; 4] = ["C1", "C2", "Q1", "T1"];
    const RULES: [Rule; 4] = [
        Rule::StepOverLimit,
        Rule::DecisionOverdue,
        Rule::UnansweredInquiry,
        Rule::AbBothAbsent,
    ];

    fn instant(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default() + TimeDelta::minutes(minutes)
    }

    /// One of `values` (by `k`), or none when `k` is past them.
    fn pick<T: Copy>(values: &[T], k: usize) -> Option<T> {
        values.get(k).copied()
    }

    /// An event as drawn: a violation or not, its record, its instant (minutes), its rule, and its
    /// responsible person, acting person, unit head, unit and way of acting (indexes; past the end of
    /// their list for none).
    type Drawn = (bool, usize, i64, usize, [usize; 5]);

    /// An event of the log: a violation (its trace-back drawn from small sets, so that people recur
    /// in every role and the same person can hold several), or another event the register leaves out.
    fn event() -> impl Strategy<Value = Drawn> {
        (
            prop::bool::weighted(0.9),
            0..RECORDS.len(),
            0..200i64,
            0..RULES.len(),
            [0..5usize, 0..5usize, 0..5usize, 0..4usize, 0..3usize],
        )
    }

    fn build(events: &[Drawn]) -> Register {
        let mut reg = Register::default();
        for (k, &(violation, record, minutes, rule, [resp, act, head, unit, via])) in events.iter().enumerate() {
            let acting = pick(&PEOPLE, act).map(|staff| match via {
                0 => Acting::Holder { staff: staff.into() },
                1 => Acting::Backup {
                    staff: staff.into(),
                    absent: None,
                },
                _ => Acting::UnitHead {
                    staff: staff.into(),
                    absent: vec![],
                },
            });
            let kind = if violation {
                EventKind::Violation {
                    rule: RULES[rule],
                    responsible: pick(&PEOPLE, resp).map(String::from),
                    detail: format!("row {k}"),
                    post: None,
                    acting,
                    unit: pick(&UNITS, unit).map(String::from),
                    unit_head: pick(&PEOPLE, head).map(String::from),
                }
            } else {
                EventKind::CorrectionsNotified { missing: vec![] }
            };
            reg.push(Event {
                seq: k as u64 + 1,
                at: instant(minutes),
                case: RECORDS[record].into(),
                actor: None,
                provisional: false,
                kind,
            });
        }
        reg
    }

    /// A query of every combination of fields, naming known and unknown values.
    fn query() -> impl Strategy<Value = ViolationQuery> {
        let name = |values: &'static [&'static str]| {
            prop::option::of((0..values.len() + 1).prop_map(move |k| pick(values, k).unwrap_or("nobody").to_string()))
        };
        (
            prop::option::of(0..200i64),
            prop::option::of(0..200i64),
            prop::option::of(0..RULES.len()),
            name(&UNITS),
            name(&PEOPLE),
            name(&RECORDS),
        )
            .prop_map(|(from, to, rule, unit, person, record)| ViolationQuery {
                from: from.map(instant),
                to: to.map(instant),
                rule: rule.map(|r| RULES[r]),
                unit,
                person,
                record,
                // The state is the engine's filter, over the register's selection.
                state: None,
            })
    }

    #[test]
    fn a_row_naming_one_person_in_several_roles_is_listed_once() {
        let reg = build(&[(true, 0, 0, 0, [0, 0, 0, 0, 0])]);
        assert_eq!(reg.by_person.get("s-a").map(Vec::len), Some(1));
        let q = ViolationQuery {
            person: Some("s-a".into()),
            ..Default::default()
        };
        let mut found = Vec::new();
        reg.select(&q, |e| found.push(e.seq));
        assert_eq!(found, vec![1]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// The indexed selection is the naive one: the same rows, in the same (sequence) order.
        #[test]
        fn the_indexed_selection_is_the_scan_of_every_row(
            events in prop::collection::vec(event(), 0..80),
            queries in prop::collection::vec(query(), 1..20),
        ) {
            let mut reg = build(&events);
            let only_violations = reg.rows.iter().all(|e| matches!(e.kind, EventKind::Violation { .. }));
            prop_assert!(only_violations, "the register holds violations only");
            for q in &queries {
                let naive: Vec<u64> = reg.rows.iter().filter(|e| q.selects(e)).map(|e| e.seq).collect();
                let mut fast = Vec::new();
                reg.select(q, |e| fast.push(e.seq));
                prop_assert_eq!(&fast, &naive, "query {:?}", q);
            }
            // Past the indexes' reach, the scan.
            reg.past_index = true;
            for q in &queries {
                let naive: Vec<u64> = reg.rows.iter().filter(|e| q.selects(e)).map(|e| e.seq).collect();
                let mut scanned = Vec::new();
                reg.select(q, |e| scanned.push(e.seq));
                prop_assert_eq!(&scanned, &naive, "query {:?}", q);
            }
        }
    }
}
