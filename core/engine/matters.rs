//! What the engine answers about accountability beyond one matter: the facts of the registered violation
//! a matter is opened on and the history of confirmed sanctions the ladder counts (prepared before the
//! command runs, live and in replay alike), the state of each registered violation, the sanctions that
//! hold, the filing report (备案) and the award bar.

use chrono::{DateTime, NaiveDate, Utc};

use super::Engine;
use crate::error::Result;
use crate::event::{Event, EventKind, Pending};
use crate::matter::command::{MatterCommand, OpenMatter};
use crate::matter::{Matter, MatterInput};
use crate::sanction::{self, Confirmed, FilingStats, PriorRecord, ViolationFacts};

crate::names::wire_enum! {
    /// Where a registered violation stands in accountability (its state in the register).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
    pub enum RegisterState {
        /// Recorded; no accountability matter opened on it.
        Recorded = "recorded" / "已记录",
        /// A matter is open on it: a sanction is proposed, nothing has taken effect.
        Proposed = "proposed" / "问责待确认",
        /// The sanction was confirmed or changed by a supervisor: it holds.
        Decided = "decided" / "问责已确认",
    }
}

impl Engine {
    /// An accountability matter by number.
    pub fn matter(&self, id: &str) -> Option<&Matter> {
        self.get::<Matter>(id)
    }

    /// Every accountability matter, in no particular order.
    pub fn matters(&self) -> impl Iterator<Item = &Matter> {
        self.records.matters.iter()
    }

    /// Every sanction that holds (confirmed or changed by a supervisor), in decision order (instant, then
    /// matter number). A proposal never appears here: nothing takes effect without a decision.
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Command, Document, Engine, Org, Policy};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// engine.execute(Command::from_json(r#"{"type": "open_matter", "case": "W1",
    ///     "at": "2026-11-20T09:00:00+08:00", "actor": "s-sup", "trigger": "media_exposure",
    ///     "person": "s-clerk", "detail": "窗口推诿被媒体曝光", "severity": "ordinary"}"#).unwrap()).unwrap();
    /// assert!(engine.sanctions().is_empty());
    /// engine.execute(Command::from_json(r#"{"type": "decide_sanction", "case": "W1",
    ///     "at": "2026-11-23T09:00:00+08:00", "actor": "s-sup", "confirm": true}"#).unwrap()).unwrap();
    /// assert_eq!(engine.sanctions()[0].violation.person, "s-clerk");
    /// ```
    pub fn sanctions(&self) -> Vec<&Confirmed> {
        let mut out: Vec<&Confirmed> = self.matters().filter_map(|m| m.sanction.as_ref()).collect();
        out.sort_by(|a, b| (a.decided_at, &a.violation.id).cmp(&(b.decided_at, &b.violation.id)));
        out
    }

    /// The filing report (备案统计) of the sanctions decided on the local dates `[start, end)` (+08:00: from
    /// `start`, before `end`), per unit and per measure.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming `end` when it is before `start`.
    pub fn filing_stats(&self, start: NaiveDate, end: NaiveDate) -> Result<FilingStats> {
        if end < start {
            return Err(crate::error::invalid(
                "end",
                end,
                format!("the period ends before it starts ({start})"),
            ));
        }
        let filings: Vec<_> = self.sanctions().into_iter().map(Confirmed::filing).collect();
        sanction::filing_stats(&filings, start, end)
    }

    /// Whether `person` may not receive an award in `year` (典型 / 评先评优): a sanction of theirs that holds
    /// carries the `no_award_that_year` effect for that year.
    pub fn award_blocked(&self, person: &str, year: i32) -> bool {
        let held: Vec<Confirmed> = self.sanctions().into_iter().cloned().collect();
        sanction::award_blocked(&held, person, year)
    }

    /// Where the registered violation `seq` stands in accountability (a trigger's violation stands where
    /// its matter does); `None` when no registered violation has this sequence number.
    pub fn register_state(&self, seq: u64) -> Option<RegisterState> {
        let e = self.registered(seq)?;
        Some(self.state_of(e, &self.matter_states()))
    }

    /// The state of every registered violation a matter is opened on, by sequence number (the others are
    /// `recorded`).
    pub(super) fn matter_states(&self) -> foldhash::HashMap<u64, RegisterState> {
        self.matters()
            .filter_map(|m| {
                let state = if m.sanction.is_some() {
                    RegisterState::Decided
                } else {
                    RegisterState::Proposed
                };
                Some((m.violation?, state))
            })
            .collect()
    }

    /// The state of the registered violation `e`: that of the matter opened on it (`states`, from
    /// [`Engine::matter_states`]), or of the matter it belongs to (a trigger's), else `recorded`.
    pub(super) fn state_of(&self, e: &Event, states: &foldhash::HashMap<u64, RegisterState>) -> RegisterState {
        if let Some(s) = states.get(&e.seq) {
            return *s;
        }
        match self.matter(&e.case) {
            Some(m) if m.sanction.is_some() => RegisterState::Decided,
            Some(_) => RegisterState::Proposed,
            None => RegisterState::Recorded,
        }
    }

    /// The registered violation with sequence number `seq`.
    fn registered(&self, seq: u64) -> Option<&Event> {
        self.violations.by_seq(seq)
    }

    /// Runs a matter command through the one pipeline, with what opening one needs from beyond it.
    pub(super) fn run_matter(&mut self, c: &MatterCommand, actor: &str, produced: &mut Vec<Pending>) -> Result<()> {
        self.matter_input = match c {
            MatterCommand::OpenMatter(OpenMatter { violation, at, .. }) if !self.index.contains_key(c.case()) => {
                Some(self.matter_input_for(violation.and_then(|s| self.registered(s)), *violation, *at))
            }
            _ => None,
        };
        let result = self.run::<Matter>(c, c.case(), c.at(), actor, produced);
        self.matter_input = None;
        result
    }

    /// What a matter opened at `at` (on violation `seq`, the registered event `found`, when given) reads
    /// from beyond it.
    fn matter_input_for(&self, found: Option<&Event>, seq: Option<u64>, at: DateTime<Utc>) -> MatterInput {
        let facts = found.and_then(|e| match &e.kind {
            EventKind::Violation {
                rule,
                responsible,
                unit,
                unit_head,
                ..
            } => Some(ViolationFacts {
                id: String::new(),
                kind: rule.as_str().to_string(),
                severity: crate::sanction::Severity::Ordinary,
                person: responsible.clone().unwrap_or_default(),
                unit: unit.clone().unwrap_or_default(),
                unit_head: unit_head.clone().unwrap_or_default(),
                at: e.at,
            }),
            _ => None,
        });
        let taken_by = seq.and_then(|s| self.matters().find(|m| m.violation == Some(s)).map(|m| m.id.clone()));
        let history: Vec<PriorRecord> = self
            .sanctions()
            .into_iter()
            .filter(|c| c.decided_at <= at)
            .filter_map(Confirmed::prior_record)
            .collect();
        MatterInput {
            facts,
            taken_by,
            history,
        }
    }

    /// What a replayed `matter_opened` at `at` read from beyond it, as the live engine prepared it: the
    /// violation it names is in the register, or among the events replayed before it (`earlier`: the
    /// register takes a replayed log's violations at its end).
    pub(super) fn replayed_matter_input(
        &self,
        event: &EventKind,
        at: DateTime<Utc>,
        earlier: &[Event],
    ) -> Option<MatterInput> {
        let EventKind::MatterOpened { violation, .. } = event else {
            return None;
        };
        let found = violation.and_then(|seq| {
            self.registered(seq).or_else(|| {
                let first = earlier.first()?.seq;
                let e = earlier.get(usize::try_from(seq.checked_sub(first)?).ok()?)?;
                matches!(e.kind, EventKind::Violation { .. }).then_some(e)
            })
        });
        Some(self.matter_input_for(found, *violation, at))
    }
}
