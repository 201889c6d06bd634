//! A year notice added to a running engine, or a corrected one (docs/rules.md §2): the engine's calendar
//! changes, and every open deadline the change moves is recomputed, with its timers, and recorded as a
//! `deadline_changed` event. Only the records whose timers rest on a changed day are recomputed.
//!
//! Which records those are: every record's slot keeps the *horizon* of its timers, the last day whose
//! class (working or not) any of its watched clocks' thresholds rests on. A calendar change that leaves
//! every day up to a record's horizon as it was changes none of its timers. A notice for the year after
//! the last one changes only days after the last notice, so only records whose horizon lies there (the
//! *provisional* records) can change: they are kept in a small index of their own ([`Provisional`]),
//! maintained as timers move, so a new year's notice visits them and nothing else. A correction of a year
//! already covered may change days any open record rests on: it reads the horizon of every slot (four
//! bytes each, in order) and recomputes those that reach a changed day.

use chrono::{DateTime, NaiveDate, Utc};

use super::aggregate::{for_each_kind, for_kind, Aggregate};
use super::store::{Handle, NO_HORIZON};
use super::Engine;
use crate::calendar::provisional::{self, horizon_of, Horizon};
use crate::calendar::{Calendar, DateRange, YearNotice};
use crate::context::Cx;
use crate::error::{invalid, not_allowed, Result};
use crate::event::{Event, EventKind, Next, Pending};

/// The records whose timers rest on provisional days, by horizon. Lazy like the deadline index: an
/// entry `(horizon, handle)` is live while the record's slot still has that horizon and it lies after
/// the calendar's last notice; stale entries are dropped when they pass the live ones, or when a notice
/// is added.
#[derive(Debug, Clone)]
pub(crate) struct Provisional {
    entries: Vec<(Horizon, Handle)>,
    /// Records whose horizon lies after the last notice.
    live: usize,
    /// The calendar's last official day, as a horizon.
    last: Horizon,
}

impl Provisional {
    /// An empty index for a calendar whose last official day is `last`.
    pub(crate) fn new(last: Horizon) -> Self {
        Provisional {
            entries: Vec::new(),
            live: 0,
            last,
        }
    }
}

impl Engine {
    /// Keeps record `h`'s horizon in its slot, and the index of provisional records, up to date.
    #[inline]
    pub(super) fn track(&mut self, h: Handle, new: Horizon) {
        let slot = for_kind!(h.kind, A => &mut A::store_mut(&mut self.records).slots[h.index as usize].horizon);
        let old = std::mem::replace(slot, new);
        if old == new {
            return;
        }
        let last = self.provisional.last;
        let (was, is) = (old > last, new > last);
        if is {
            self.provisional.entries.push((new, h));
        }
        match (was, is) {
            (false, true) => self.provisional.live += 1,
            (true, false) => self.provisional.live -= 1,
            _ => {}
        }
        if self.provisional.entries.len() > 2 * self.provisional.live + 1024 {
            self.rebuild_provisional();
        }
    }

    /// The horizon a slot keeps for record `h`.
    fn horizon(&self, h: Handle) -> i32 {
        for_kind!(h.kind, A => A::store(&self.records).slots[h.index as usize].horizon)
    }

    /// The live entries of the provisional index, without duplicates, as of the current calendar.
    fn rebuild_provisional(&mut self) {
        let last = self.calendar.last_official_horizon();
        let mut entries = std::mem::take(&mut self.provisional.entries);
        entries.retain(|&(d, h)| d > last && self.horizon(h) == d);
        entries.sort_unstable();
        entries.dedup();
        self.provisional = Provisional {
            live: entries.len(),
            entries,
            last,
        };
    }

    /// Adds a year notice (the State Council's holiday arrangement for a year not yet covered, e.g. next
    /// year's, published in autumn) to the engine's calendar at `at`, and answers the events it causes.
    ///
    /// First, every timer due up to `at` fires under the calendar as it was (as [`Engine::advance`]).
    /// Then the calendar (and the policy's calendar document, [`Engine::policy`], so that a host that
    /// persists the policy keeps the notice) takes the notice, and every open deadline it moves is
    /// recomputed: its timers follow, and a `deadline_changed` event records the clock, the previous and
    /// the new deadline, and (the event's `provisional`) whether the new one still rests on provisional
    /// days. Records no longer timed after a fault are timed again when the calendar now covers them.
    /// Only records whose timers rest on a changed day are recomputed (docs/design.md, "The calendar's
    /// future"). Thresholds the change moved to `at` or before fire last, each at its own instant.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the field: `days_off` when the notice has no day off (a notice
    /// names its holidays), `at` out of the supported years, the notice's fields as the calendar reads
    /// them (a day outside its year, a day both off and worked, a year that leaves a gap);
    /// [`crate::Error::NotAllowed`] naming `year` when the calendar covers that year already (use
    /// [`Engine::correct_notice`]). A refused notice changes nothing and fires nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Document, Engine, Org, Policy, YearNotice};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// let notice = YearNotice::from_json(
    ///     r#"{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}]}"#,
    /// ).unwrap();
    /// let events = engine.add_notice(notice.clone(), "2026-12-01T09:00:00+08:00".parse().unwrap()).unwrap();
    /// assert!(events.is_empty()); // no case yet
    /// assert_eq!(engine.calendar().range().end.to_string(), "2027-12-31");
    /// // The same year again is a correction, not a new notice.
    /// let again = engine.add_notice(notice, "2026-12-02T09:00:00+08:00".parse().unwrap());
    /// assert_eq!(again.unwrap_err().field(), Some("year"));
    /// ```
    pub fn add_notice(&mut self, notice: YearNotice, at: DateTime<Utc>) -> Result<Vec<Event>> {
        self.change_notice(notice, at, false)
    }

    /// Replaces the notice of a year the calendar already covers (a corrected or amended arrangement, as
    /// the State Council issued for the 2020 Spring Festival), at `at`; otherwise as
    /// [`Engine::add_notice`]. Every open deadline the correction moves is recomputed and recorded as a
    /// `deadline_changed` event.
    ///
    /// # Errors
    ///
    /// As [`Engine::add_notice`], but [`crate::Error::NotAllowed`] naming `year` when the calendar does
    /// not cover that year yet (add it with [`Engine::add_notice`]).
    ///
    /// # Examples
    ///
    /// ```
    /// # use xiaoneng::{Catalog, Document, Engine, Org, Policy, YearNotice};
    /// # let policy = Policy::from_toml(include_str!("../../presets/county.toml")).unwrap();
    /// # let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).unwrap();
    /// # let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// let mut notice = YearNotice::statutory(2026).unwrap();
    /// notice.days_off.push(serde_json::from_str(r#"{"start": "2026-12-31", "name": "closure"}"#).unwrap());
    /// engine.correct_notice(notice, "2026-12-01T09:00:00+08:00".parse().unwrap()).unwrap();
    /// assert!(!engine.calendar().is_workday("2026-12-31".parse().unwrap()).unwrap());
    /// ```
    pub fn correct_notice(&mut self, notice: YearNotice, at: DateTime<Utc>) -> Result<Vec<Event>> {
        self.change_notice(notice, at, true)
    }

    fn change_notice(&mut self, notice: YearNotice, at: DateTime<Utc>, correction: bool) -> Result<Vec<Event>> {
        crate::calendar::check_supported_instant("at", at)?;
        let year = notice.year;
        if notice.days_off.is_empty() {
            return Err(invalid(
                "days_off",
                "[]",
                format!("the notice for {year} names no day off: a year notice names its holidays"),
            ));
        }
        let range = self.calendar.range();
        let bounds = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
        let covered = bounds.is_some_and(|(first, last)| first <= range.end && last >= range.start);
        if covered && !correction {
            return Err(not_allowed(
                "year",
                year,
                format!(
                    "the calendar covers {}..={} already; a notice for a covered year is taken only as a correction",
                    range.start, range.end
                ),
            ));
        }
        if correction && !covered {
            return Err(not_allowed(
                "year",
                year,
                format!(
                    "the calendar covers {}..={}: a year it does not cover is added as a new notice, not corrected",
                    range.start, range.end
                ),
            ));
        }
        let mut policy = self.policy.clone();
        policy.calendar.notices.push(notice);
        let k = policy.calendar.notices.len() - 1;
        let calendar = Calendar::from_spec(policy.calendar.clone()).map_err(|e| match e {
            crate::CalendarError::Invalid(f) => {
                let prefix = format!("notices[{k}].");
                let field = f.field.strip_prefix(&prefix).unwrap_or(&f.field).to_string();
                invalid(field, f.value, f.reason)
            }
            other => other.into(),
        })?;
        // Accepted: what was due before the notice fires under the calendar as it was.
        let mut out = self.advance(at);
        let old = std::mem::replace(&mut self.calendar, calendar);
        self.policy = policy;
        let (first, last) = bounds.expect("a year the calendar reads has bounds");
        let changed = provisional::changed_days(
            &old,
            &self.calendar,
            DateRange {
                start: first,
                end: last,
            },
        );
        let candidates = match changed.first() {
            Some(&c) => self.reaching(horizon_of(c), c > old.official_last_day()),
            None => Vec::new(),
        };
        // The index now answers to the new last notice.
        self.rebuild_provisional();
        for h in candidates {
            for_kind!(h.kind, A => self.recompute::<A>(h.index, Some(&old), at, &mut out));
        }
        let mut faulted = std::mem::take(&mut self.faulted);
        faulted.sort_unstable();
        faulted.dedup();
        for h in faulted {
            for_kind!(h.kind, A => self.recompute::<A>(h.index, None, at, &mut out));
        }
        Ok(out)
    }

    /// The records (sorted, once each) whose horizon reaches `from`: from the provisional index when
    /// only days after the last notice changed, else from every slot.
    fn reaching(&self, from: i32, provisional_only: bool) -> Vec<Handle> {
        let mut found: Vec<Handle> = Vec::new();
        if provisional_only {
            found.extend(
                self.provisional
                    .entries
                    .iter()
                    .filter(|&&(d, h)| d >= from && self.horizon(h) == d)
                    .map(|&(_, h)| h),
            );
        } else {
            for_each_kind!(A => {
                for (k, s) in A::store(&self.records).slots.iter().enumerate() {
                    if s.horizon != NO_HORIZON && s.horizon >= from {
                        found.push(Handle { kind: A::KIND, index: k as u32 });
                    }
                }
            });
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Recomputes record `k`'s timers under the engine's (new) calendar after it changed from `old` at
    /// `at`, as a command at `at` would: what the new calendar makes due at `at` or before fires first,
    /// each at its own instant; then a `deadline_changed` for each watched deadline that moved, a changed
    /// signal, and the next timer. With `old` absent, the record was no longer timed after a fault: it is
    /// timed again (a `deadline_changed` without a previous deadline for each watched clock) when the
    /// calendar now covers it, and stays as it was (still listed as faulted) when it does not.
    fn recompute<A: Aggregate>(&mut self, k: u32, old: Option<&Calendar>, at: DateTime<Utc>, out: &mut Vec<Event>) {
        let record = &A::store(&self.records).slots[k as usize].value;
        let retiming = old.is_none();
        if retiming && !record.faulted() {
            return;
        }
        let before = match old {
            Some(cal) => record
                .watched_deadlines(at, &Cx { cal, ..self.cx() })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let mut copy = (**record).clone();
        copy.clear_fault();
        let mut produced: Vec<Pending> = Vec::new();
        let result = (|| -> Result<Next> {
            let cx = self.cx();
            if let Some(from) = copy.next_due(&cx)?.at.filter(|t| *t <= at) {
                copy.fire_due(from, at, &cx, &mut produced)?;
            }
            for now in copy.watched_deadlines(at, &cx)? {
                let previous = before
                    .iter()
                    .find(|b| (b.clock, b.statutory) == (now.clock, now.statutory))
                    .map(|b| b.at);
                if retiming || previous.is_some_and(|p| p != now.at) {
                    let kind = EventKind::DeadlineChanged {
                        clock: now.clock,
                        statutory: now.statutory,
                        previous,
                        deadline: now.at,
                    };
                    copy.apply(at, None, &kind, &cx)?;
                    produced.push((at, None, kind, now.provisional));
                }
            }
            copy.settle(at, &cx, &mut produced)
        })();
        let h = Handle {
            kind: A::KIND,
            index: k,
        };
        match result {
            Ok(next) => {
                let id = std::sync::Arc::<str>::from(copy.id());
                out.extend(self.stamp(&id, produced));
                *A::store_mut(&mut self.records).slots[k as usize].value = copy;
                self.schedule(h, next);
            }
            // Still beyond the calendar: as it was.
            Err(_) if retiming => self.faulted.push(h),
            Err(fault) => {
                let original = (*A::store(&self.records).slots[k as usize].value).clone();
                self.record_fault::<A>(k, original, at, &fault, out);
            }
        }
    }
}
