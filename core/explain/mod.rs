//! Why a case's deadlines, signals and deemed outcomes are what they are (说明): for each clock, the
//! limit and the article it comes from, the start rule, the weekends, holidays and makeup workdays in its
//! span, each pause with its kind and written notice, each extension with approver and reason, and the
//! e-supervision thresholds with whether they were crossed; which deadline triggers the timeout default
//! (超时默认) of an undecided case, and a renewal's expiry and whether it is deemed granted there (art. 50);
//! for each deemed outcome, the rule that deemed it. As data ([`Explanation`], the wire form for C and Python) and as text in Chinese or English
//! ([`Explanation::text`]).
//!
//! Nothing here decides anything: every figure is read from the clock's own status
//! ([`crate::Clock::status`]) and the calendar, so an explanation can never disagree with the engine.

mod text;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, StartRule};
use crate::case::{Case, CaseState};
use crate::clock::{Clock, ClockState, Limit, PauseKind, Signal};
use crate::engine::Engine;
use crate::error::Result;
use crate::event::{ClockName, DeemedBecause, Opinion};
use crate::policy::{DeemedAt, OnTimeout};

crate::names::wire_enum! {
    /// The language of an explanation's text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Lang {
        /// Chinese (the default).
        #[default]
        Zh = "zh" / "中文",
        /// English.
        En = "en" / "英文",
    }
}

/// Why a case stands where it does at an instant: every clock and every deemed outcome, with its
/// derivation (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Explanation {
    /// Case number.
    pub case: String,
    /// Item code.
    pub item: String,
    /// Item name.
    pub item_name: String,
    /// Responsible unit.
    pub unit: String,
    /// The instant explained (local time of the calendar).
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<FixedOffset>,
    /// The case's state.
    pub state: CaseState,
    /// Each clock the case has started, in the order of the procedure.
    pub clocks: Vec<ClockExplanation>,
    /// The timeout default of the undecided case's decision (超时默认), when its item's rule deems an
    /// approval: which deadline triggers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<TimeoutDefault>,
    /// For a renewal (延续, art. 50): the licence's expiry and whether it is deemed granted there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<RenewalNote>,
    /// Each outcome deemed by rule rather than given by a person.
    pub deemed: Vec<DeemedOutcome>,
    /// The explanation as text, in the language asked for.
    pub text: String,
}

/// One clock of a case, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClockExplanation {
    /// Which clock.
    pub clock: ClockName,
    /// The legal or policy basis of its limit, in the language asked for.
    pub basis: String,
    /// The statutory limit.
    pub limit: Limit,
    /// The pledged limit (承诺时限), which is the supervised one, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledged: Option<Limit>,
    /// Whether the start day counts.
    pub start_rule: StartRule,
    /// When the clock started.
    #[schemars(with = "crate::codec::Instant")]
    pub started_at: DateTime<FixedOffset>,
    /// State at the instant explained.
    pub state: ClockState,
    /// Signal at the instant explained.
    pub signal: Signal,
    /// The supervised deadline.
    #[schemars(with = "crate::codec::Instant")]
    pub deadline: DateTime<FixedOffset>,
    /// The last day of the supervised limit.
    #[schemars(with = "crate::codec::IsoDate")]
    pub deadline_date: NaiveDate,
    /// The statutory deadline.
    #[schemars(with = "crate::codec::Instant")]
    pub statutory_deadline: DateTime<FixedOffset>,
    /// The last day of the statutory limit.
    #[schemars(with = "crate::codec::IsoDate")]
    pub statutory_deadline_date: NaiveDate,
    /// When it was completed, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub completed_at: Option<DateTime<FixedOffset>>,
    /// The days that are not ordinary working days from the start date to the later of the deadline
    /// date and the completion date: weekends, holidays and makeup workdays, in runs (day limits only).
    pub days: Vec<DayRun>,
    /// Each pause (art. 45), with its kind and the written notice.
    pub pauses: Vec<PauseNote>,
    /// Each extension, with approver and reason.
    pub extensions: Vec<ExtensionNote>,
    /// The e-supervision thresholds, in time order, and whether each was reached at the instant explained.
    pub thresholds: Vec<Threshold>,
    /// True when the deadline, a threshold or the time used rests on a provisional day (after the
    /// calendar's last notice): a notice for that year may move it.
    pub provisional: bool,
}

crate::names::wire_enum! {
    /// What kind of day a [`DayRun`] is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum DayKind {
        /// Weekly rest days (周末).
        Weekend = "weekend" / "周末",
        /// Days off of a holiday block (法定节假日), weekends inside the block included.
        Holiday = "holiday" / "节假日",
        /// A weekend day worked in exchange for a holiday (调休上班).
        Makeup = "makeup" / "调休上班日",
    }
}

/// Consecutive days of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DayRun {
    /// The kind.
    pub kind: DayKind,
    /// First day.
    #[schemars(with = "crate::codec::IsoDate")]
    pub first: NaiveDate,
    /// Last day (inclusive).
    #[schemars(with = "crate::codec::IsoDate")]
    pub last: NaiveDate,
    /// The name as the calendar gives it (e.g. `国庆节`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// True for days after the calendar's last notice: the statutory holidays and weekends a notice may
    /// still change (docs/rules.md §2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
}

/// A pause of a clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PauseNote {
    /// The special procedure.
    pub kind: PauseKind,
    /// Start.
    #[schemars(with = "crate::codec::Instant")]
    pub from: DateTime<FixedOffset>,
    /// Resumption; absent while paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub to: Option<DateTime<FixedOffset>>,
    /// The written notice to the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// An extension of a clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExtensionNote {
    /// When granted.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<FixedOffset>,
    /// Units added.
    pub amount: u32,
    /// Who approved it.
    pub approver: String,
    /// Why.
    pub reason: String,
}

/// An e-supervision threshold of a clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Threshold {
    /// The signal raised there.
    pub signal: Signal,
    /// From when.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<FixedOffset>,
    /// Whether the clock was still running there at the instant explained (a threshold after the clock's
    /// completion is never reached).
    pub reached: bool,
}

/// The timeout default (超时默认) of an undecided case: approval is deemed when the deadline it names
/// passes without a decision (docs/rules.md §5 "Timeout defaults").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TimeoutDefault {
    /// Which deadline triggers the deemed approval: the pledged (supervised) one or the statutory one.
    pub deemed_at: DeemedAt,
    /// That deadline at the instant explained.
    #[schemars(with = "crate::codec::Instant")]
    pub deadline: DateTime<FixedOffset>,
    /// The rule, in the language asked for.
    pub rule: String,
}

/// A renewal case (延续, 行政许可法 art. 50).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenewalNote {
    /// The licence's expiry.
    #[schemars(with = "crate::codec::Instant")]
    pub expiry: DateTime<FixedOffset>,
    /// Whether the renewal was applied for in time: the policy's `renewal.lead`, counted from receipt,
    /// ends by the expiry.
    pub in_time: bool,
    /// The policy's lead (art. 50: 30 days).
    pub lead: Limit,
    /// The rule, in the language asked for.
    pub rule: String,
}

crate::names::wire_enum! {
    /// What was deemed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum DeemedWhat {
        /// The application, accepted (art. 32).
        Acceptance = "acceptance" / "视为受理",
        /// The application, approved on timeout (超时默认).
        Approval = "approval" / "视为准予",
        /// A consulted department's opinion in joint review.
        Opinion = "opinion" / "视为同意",
        /// The applicant's rating (default rating).
        Rating = "rating" / "默认评价",
        /// A renewal, granted at the licence's expiry (art. 50).
        Renewal = "renewal" / "视为准予延续",
    }
}

/// An outcome deemed by rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeemedOutcome {
    /// What was deemed.
    pub what: DeemedWhat,
    /// When it took effect (a deemed acceptance is backdated to receipt, or to the corrections).
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<FixedOffset>,
    /// The consulted unit, for an opinion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Why a joint-review opinion was deemed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<DeemedBecause>,
    /// Which deadline triggered a deemed approval (pledged or statutory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deemed_at: Option<DeemedAt>,
    /// The rule, in the language asked for.
    pub rule: String,
}

impl Engine {
    /// Why case `id` stands where it does at `now`: every clock it started (limit and basis, start rule,
    /// weekends, holidays and makeup days, pauses, extensions, thresholds) and every deemed outcome, as data
    /// and as text in `lang`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown case; clock errors when a status cannot be computed (a
    /// deadline beyond the calendar).
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use xiaoneng::{commands, Catalog, Command, Document, Engine, Lang, Org, Policy};
    ///
    /// let root = env!("CARGO_MANIFEST_DIR");
    /// let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).unwrap();
    /// let org = Org::from_json(&read("tests/fixtures/county-org.json")).unwrap();
    /// let catalog = Catalog::from_json(&read("tests/fixtures/county-catalog.json"), &org).unwrap();
    /// let policy = Policy::from_toml(&read("presets/county.toml")).unwrap();
    /// let mut engine = Engine::new(policy, org, catalog).unwrap();
    /// let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    /// engine.execute(Command::from(commands::Receive {
    ///     case: "C1".into(), at: t("2026-09-28T09:00:00+08:00"), actor: "s-clerk".into(),
    ///     item: "330100-FOOD-001".into(), applicant: "某餐饮公司".into(), materials: vec![],
    ///     renewal_of_expiry: None,
    /// })).unwrap();
    /// engine.execute(Command::from(commands::Accept {
    ///     case: "C1".into(), at: t("2026-09-28T10:00:00+08:00"), actor: "s-clerk".into(),
    /// })).unwrap();
    /// let why = engine.explain("C1", t("2026-10-09T10:00:00+08:00"), Lang::Zh).unwrap();
    /// assert!(why.text.contains("国庆节"));
    /// assert!(why.text.contains("第四十二条"));
    /// ```
    pub fn explain(&self, id: &str, now: DateTime<Utc>, lang: Lang) -> Result<Explanation> {
        crate::calendar::check_supported_instant("now", now)?;
        let case = self
            .case(id)
            .ok_or_else(|| crate::error::not_found("case", id, "no case has this number"))?;
        let cal = self.calendar();
        let names = HolidayNames::of(cal);
        let mut clocks = Vec::new();
        for (name, clock) in case_clocks(case) {
            clocks.push(explain_clock(cal, &names, name, clock, now, lang)?);
        }
        let item = self.catalog().item(case.item());
        let item_name = item.map(|i| i.name.clone()).unwrap_or_default();
        // The deadline a deemed approval comes at (an in-time renewal's comes at the expiry instead).
        let trigger = item
            .map(|i| i.timeout_rule(self.policy()))
            .filter(|(on, _)| *on == OnTimeout::DeemedApproved && case.renewal_deemed_at().is_none())
            .map(|(_, at)| at);
        let timeout = trigger.and_then(|deemed_at| {
            let d = clocks
                .iter()
                .find(|c| c.clock == ClockName::Decision && c.completed_at.is_none())?;
            let deadline = match deemed_at {
                DeemedAt::Pledged => d.deadline,
                DeemedAt::Statutory => d.statutory_deadline,
            };
            Some(TimeoutDefault {
                deemed_at,
                deadline,
                rule: text::timeout_rule(deemed_at, d.pledged.is_some_and(|p| p != d.limit), lang),
            })
        });
        let renewal = case.renewal_of().map(|(expiry, in_time)| {
            let lead = self.policy().renewal.lead;
            RenewalNote {
                expiry: cal.local(expiry),
                in_time,
                lead,
                rule: text::renewal_rule(in_time, lead, lang),
            }
        });
        let mut e = Explanation {
            case: case.id().to_string(),
            item: case.item().to_string(),
            item_name,
            unit: case.unit().to_string(),
            at: cal.local(now),
            state: case.state(),
            clocks,
            timeout,
            renewal,
            deemed: deemed_outcomes(cal, case, trigger, lang),
            text: String::new(),
        };
        e.text = text::render(&e, lang);
        Ok(e)
    }
}

impl Explanation {
    /// The explanation as JSON (the wire form shared by C and Python).
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}

/// The clocks a case has started, in the order of the procedure.
fn case_clocks(case: &Case) -> Vec<(ClockName, &Clock)> {
    [
        (ClockName::Notice, Some(case.notice_clock())),
        (ClockName::Corrections, case.corrections_clock()),
        (ClockName::Acceptance, case.acceptance_clock()),
        (ClockName::Decision, case.decision()),
        (ClockName::Step, case.step_clock()),
        (ClockName::Consult, case.consult()),
        (ClockName::NegativeReport, case.negative_report()),
        (ClockName::Delivery, case.delivery()),
        (ClockName::Rating, case.rating_wait()),
        (ClockName::RatingFollowUp, case.rating_follow_up()),
        (ClockName::HearingRequest, case.hearing_request()),
        (ClockName::Hearing, case.hearing()),
    ]
    .into_iter()
    .filter_map(|(n, c)| c.map(|c| (n, c)))
    .collect()
}

fn explain_clock(
    cal: &Calendar,
    names: &HolidayNames,
    name: ClockName,
    clock: &Clock,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<ClockExplanation> {
    let st = clock.status(cal, now)?;
    let mut thresholds = Vec::new();
    // A threshold is reached when the clock was still running there: one after completion never is.
    let until = clock.completed_at().map_or(now, |c| c.min(now));
    let mut threshold = |signal: Signal, at: DateTime<FixedOffset>| {
        thresholds.push(Threshold {
            signal,
            at,
            reached: until >= at,
        })
    };
    if let Some(r) = st.reminder_at {
        threshold(Signal::Reminder, r);
    }
    threshold(Signal::Yellow, st.deadline);
    if let Some(r) = st.red_at {
        threshold(Signal::Red, r);
    }
    let first = cal.local_date(clock.started_at());
    let last = st
        .deadline_date
        .max(clock.completed_at().map_or(st.deadline_date, |c| cal.local_date(c)));
    let days = if clock.limit().unit.tick() == crate::clock::Tick::Day {
        day_runs(cal, names, first, last)
    } else {
        Vec::new()
    };
    Ok(ClockExplanation {
        clock: name,
        basis: text::basis(name, lang).to_string(),
        limit: clock.limit(),
        pledged: clock.pledged(),
        start_rule: clock.start_rule(),
        started_at: cal.local(clock.started_at()),
        state: st.state,
        signal: st.signal,
        deadline: st.deadline,
        deadline_date: st.deadline_date,
        statutory_deadline: st.statutory_deadline,
        statutory_deadline_date: st.statutory_deadline_date,
        completed_at: clock.completed_at().map(|c| cal.local(c)),
        days,
        pauses: clock
            .pauses()
            .iter()
            .map(|p| PauseNote {
                kind: p.kind,
                from: cal.local(p.start),
                to: p.end.map(|e| cal.local(e)),
                notice: p.note.clone(),
            })
            .collect(),
        extensions: clock
            .extensions()
            .iter()
            .map(|x| ExtensionNote {
                at: cal.local(x.at),
                amount: x.amount,
                approver: x.approver.clone(),
                reason: x.reason.clone(),
            })
            .collect(),
        thresholds,
        provisional: st.provisional,
    })
}

/// Holiday names by date, from the bundled national data and the calendar's own notices and blocks.
struct HolidayNames(BTreeMap<NaiveDate, String>);

impl HolidayNames {
    fn of(cal: &Calendar) -> Self {
        let spec = cal.spec();
        let mut map = BTreeMap::new();
        let mut add = |blocks: &[crate::calendar::DayBlock]| {
            for b in blocks {
                if let Some(n) = &b.name {
                    for d in b.start.iter_days().take_while(|d| *d <= b.end.unwrap_or(b.start)) {
                        map.insert(d, n.clone());
                    }
                }
            }
        };
        if spec.base.is_some() {
            add(&crate::calendar::national_days_off());
        }
        // The statutory days the provisional calendar assumes after the last notice.
        if let Some(range) = cal.provisional_range() {
            for year in range.start.year()..=range.end.year().min(range.start.year() + 2) {
                if let Some(n) = crate::calendar::YearNotice::statutory(year) {
                    add(&n.days_off);
                }
            }
        }
        for n in &spec.notices {
            add(&n.days_off);
        }
        add(&spec.days_off);
        HolidayNames(map)
    }
}

/// The runs of weekends, holidays and makeup workdays from `first` to `last`, as far as the calendar
/// covers them.
fn day_runs(cal: &Calendar, names: &HolidayNames, first: NaiveDate, last: NaiveDate) -> Vec<DayRun> {
    let rest = &cal.spec().weekly_rest_days;
    // The days clocks count on: the official ones, then the provisional ones.
    let view = cal.clock_view();
    let mut runs: Vec<DayRun> = Vec::new();
    for d in first.iter_days().take_while(|d| *d <= last) {
        let Ok(work) = view.is_workday(d) else { break };
        let provisional = cal.is_provisional(d);
        let weekend = rest.contains(&d.weekday());
        let name = names.0.get(&d).cloned();
        let kind = match (work, weekend) {
            (true, false) => continue,
            (true, true) => DayKind::Makeup,
            (false, _) if name.is_some() || !weekend => DayKind::Holiday,
            (false, _) => DayKind::Weekend,
        };
        let name = if kind == DayKind::Weekend { None } else { name };
        match runs.last_mut() {
            Some(r)
                if r.kind == kind && r.name == name && r.provisional == provisional && r.last.succ_opt() == Some(d) =>
            {
                r.last = d
            }
            _ => runs.push(DayRun {
                kind,
                first: d,
                last: d,
                name,
                provisional,
            }),
        }
    }
    runs
}

/// The outcomes deemed on `case`; `trigger`, the deadline a deemed approval comes at under its item's rule.
fn deemed_outcomes(cal: &Calendar, case: &Case, trigger: Option<DeemedAt>, lang: Lang) -> Vec<DeemedOutcome> {
    let mut out = Vec::new();
    // A deemed acceptance after corrections (art. 32 (5)) takes effect when the acceptance limit started.
    let after_corrections = case
        .acceptance_clock()
        .zip(case.accepted())
        .is_some_and(|(c, (at, _))| c.started_at() == at);
    let mut push = |what, at: DateTime<Utc>, unit: Option<String>, because: Option<DeemedBecause>| {
        let deemed_at = trigger.filter(|_| what == DeemedWhat::Approval);
        let rule = match what {
            DeemedWhat::Acceptance if after_corrections => text::deemed_acceptance_after_corrections(lang).to_string(),
            _ => text::deemed_rule(what, because, deemed_at, lang).to_string(),
        };
        out.push(DeemedOutcome {
            what,
            at: cal.local(at),
            unit,
            because,
            deemed_at,
            rule,
        })
    };
    if let Some((at, true)) = case.accepted() {
        push(DeemedWhat::Acceptance, at, None, None);
    }
    for party in case.joint() {
        if let (Some(because), Some(Opinion::Agree)) = (party.deemed, party.opinion) {
            let at = case
                .consult()
                .and_then(Clock::completed_at)
                .unwrap_or(case.received_at());
            push(DeemedWhat::Opinion, at, Some(party.unit.clone()), Some(because));
        }
    }
    if case.deemed_decision() {
        if let Some(at) = case.decision().and_then(Clock::completed_at) {
            // An in-time renewal granted at the licence's expiry (art. 50), else the timeout default.
            let what = if case.renewal_deemed_at() == Some(at) {
                DeemedWhat::Renewal
            } else {
                DeemedWhat::Approval
            };
            push(what, at, None, None);
        }
    }
    if let Some(r) = case.rating().filter(|r| r.deemed) {
        push(DeemedWhat::Rating, r.at, None, None);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn day_runs_name_the_national_day_block_and_its_makeup_saturday() {
        let cal = Calendar::china();
        let names = HolidayNames::of(&cal);
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let runs = day_runs(&cal, &names, d(9, 28), d(10, 16));
        let holiday = runs.iter().find(|r| r.kind == DayKind::Holiday).unwrap();
        assert_eq!((holiday.first, holiday.last), (d(10, 1), d(10, 7)));
        assert_eq!(holiday.name.as_deref(), Some("国庆节"));
        let makeup = runs.iter().find(|r| r.kind == DayKind::Makeup).unwrap();
        assert_eq!(makeup.first, d(10, 10));
        assert!(runs
            .iter()
            .filter(|r| r.kind == DayKind::Weekend)
            .all(|r| matches!(r.first.weekday(), Weekday::Sat | Weekday::Sun)));
    }
}
