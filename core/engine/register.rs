//! The violation register (问责台账): every `violation` event the engine recorded, of every record kind
//! (cases, steps, notices, negative reports, A/B gaps, inquiries, ratings, complaints), in sequence order,
//! each with its trace-back as of the breach (the post, who acted for it, the responsible person, the unit
//! and its head) and its evidence (the event itself, by sequence number, and its record). Queried by period,
//! rule, unit, person and record (docs/rules.md, "The violation register").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Engine;
use crate::error::{invalid, Result};
use crate::event::{Event, EventKind, Rule};

/// What to select from the violation register; every field is optional and they combine (all must hold).
///
/// JSON (C, and the Python keyword arguments): `{"from": instant, "to": instant, "rule": "decision_overdue",
/// "unit": "amr", "person": "s-rev", "record": "C1"}`.
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
    /// Of this record (case, inquiry or complaint number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
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

impl Engine {
    /// Adds the violation events of `events` to the register (in sequence order: `events` are newer than
    /// every event registered).
    pub(super) fn register(&mut self, events: &[Event]) {
        self.violations.extend(
            events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Violation { .. }))
                .cloned(),
        );
    }

    /// The violation register selected by `query`, in sequence order: each a `violation` event of any
    /// record kind, its trace-back as of the breach in its fields, its sequence number and record the
    /// evidence.
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
        // The register is in sequence order, hence in the order of the records' own time; a period's
        // bounds cannot cut it short (timer events carry their threshold instants), so it is scanned.
        Ok(self.violations.iter().filter(|e| query.selects(e)).collect())
    }

    /// Checks a restored register against the engine it is restored into: violation events only, in
    /// increasing sequence order, none after the snapshot's `seq`, each of a record the snapshot holds.
    pub(super) fn check_register(&self, seq: u64) -> Result<()> {
        let mut last = 0;
        for (k, e) in self.violations.iter().enumerate() {
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
