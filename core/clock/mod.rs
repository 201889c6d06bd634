//! Time-limit clocks (时限): a limit applied to a span of time, with pauses, extensions and completion.
//!
//! A [`Clock`] stores only what happened (start, the pause ledger, extensions, completion) and derives
//! everything else at an instant `now` through one function, which also reports its derivation: deadline,
//! used and remaining time, state, e-supervision signal and the next instant anything changes. Nothing
//! like "overdue" is stored, so a corrected calendar recomputes every deadline.
//!
//! A clock may carry a statutory limit (法定时限) and a pledged limit (承诺时限) at once; the pledged one
//! is the supervised deadline and must not exceed the statutory one.

mod project;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::{check_supported_instant, Calendar, DeadlineEnd, StartRule};
use crate::codec;
pub use crate::error::ClockError;
use crate::error::Result;

pub use project::Step;
pub(crate) use project::{Deadlines, Timing};

/// Current version of the clock document schema.
pub const CLOCK_SCHEMA: u32 = 1;

/// Largest amount a limit, an extension or a signal threshold may have.
pub const MAX_AMOUNT: u32 = 100_000;

fn invalid(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> ClockError {
    ClockError::invalid(field, value, reason)
}

fn state(action: &'static str, reason: impl Into<String>) -> ClockError {
    ClockError::state(action, reason)
}

crate::names::wire_enum! {
    /// The unit a limit is counted in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum TimeUnit {
        /// Working days (工作日), the statute's unit (行政许可法 art. 82).
        WorkingDays = "working_days" / "工作日",
        /// Natural (calendar) days (自然日).
        NaturalDays = "natural_days" / "自然日",
        /// Hours of office time on working days (工作时).
        WorkingHours = "working_hours" / "工作小时",
        /// Natural hours (小时), e.g. a hotline's "within 2 hours".
        NaturalHours = "natural_hours" / "小时",
    }
}

impl TimeUnit {
    /// Seconds per tick for hour units; day units count whole days.
    pub fn tick(self) -> Tick {
        match self {
            TimeUnit::WorkingDays | TimeUnit::NaturalDays => Tick::Day,
            TimeUnit::WorkingHours | TimeUnit::NaturalHours => Tick::Second,
        }
    }

    /// Ticks in one unit.
    pub fn ticks_per_unit(self) -> i64 {
        match self.tick() {
            Tick::Day => 1,
            Tick::Second => 3600,
        }
    }
}

crate::names::wire_enum! {
    /// What `budget`, `used` and `remaining` count: whole days for day units, seconds for hour units.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Tick {
        /// Whole (working or natural) days.
        Day = "day" / "日",
        /// Seconds (of office time, or natural).
        Second = "second" / "秒",
    }
}

/// A time limit (时限): an amount of a unit, e.g. `{"unit": "working_days", "amount": 20}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// The unit counted.
    pub unit: TimeUnit,
    /// How many units; 0 means by the end of the start day (即办件, decided on the spot).
    #[schemars(range(max = MAX_AMOUNT))]
    pub amount: u32,
}

impl Limit {
    /// `amount` working days.
    pub const fn working_days(amount: u32) -> Self {
        Limit {
            unit: TimeUnit::WorkingDays,
            amount,
        }
    }
    /// `amount` natural days.
    pub const fn natural_days(amount: u32) -> Self {
        Limit {
            unit: TimeUnit::NaturalDays,
            amount,
        }
    }
    /// `amount` working hours.
    pub const fn working_hours(amount: u32) -> Self {
        Limit {
            unit: TimeUnit::WorkingHours,
            amount,
        }
    }
    /// `amount` natural hours.
    pub const fn natural_hours(amount: u32) -> Self {
        Limit {
            unit: TimeUnit::NaturalHours,
            amount,
        }
    }

    fn check(&self, field: &str) -> Result<(), ClockError> {
        if self.amount > MAX_AMOUNT {
            return Err(invalid(
                format!("{field}.amount"),
                self.amount,
                format!("at most {MAX_AMOUNT}"),
            ));
        }
        Ok(())
    }
}

crate::names::wire_enum! {
    /// Why a clock is paused: the procedures whose time is not counted (行政许可法 art. 45), and correction.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum PauseKind {
        /// Awaiting the applicant's corrected materials (补正).
        Correction = "correction" / "补正",
        /// A hearing (听证).
        Hearing = "hearing" / "听证",
        /// Tendering (招标).
        Tendering = "tendering" / "招标",
        /// An auction (拍卖).
        Auction = "auction" / "拍卖",
        /// Inspection, testing or quarantine (检验、检测、检疫).
        Inspection = "inspection" / "检验检测检疫",
        /// Appraisal (鉴定).
        Appraisal = "appraisal" / "鉴定",
        /// Expert review (专家评审).
        ExpertReview = "expert_review" / "专家评审",
        /// Another excluded period named by law or policy.
        Other = "other" / "其他",
    }
}

/// A paused span of a clock. The day a pause starts counts; counting resumes the day after it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    /// Why the clock is paused.
    pub kind: PauseKind,
    /// When the pause started.
    pub start: DateTime<Utc>,
    /// When the clock resumed; absent while paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
    /// Free text, e.g. the written notice to the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An extension of the limit (延期), granted by an approver with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// When it was granted; before the limit expired.
    pub at: DateTime<Utc>,
    /// Units added (in the limit's unit).
    pub amount: u32,
    /// Who approved it (a staff id).
    pub approver: String,
    /// Why (told to the applicant, art. 42).
    pub reason: String,
}

/// How often and how much a limit may be extended. Art. 42: once, by 10 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRule {
    /// Most extensions allowed.
    pub max_count: u32,
    /// Most units all extensions may add together; no cap when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total: Option<u32>,
}

impl Default for ExtensionRule {
    /// No extensions: a policy grants them.
    fn default() -> Self {
        ExtensionRule {
            max_count: 0,
            max_total: None,
        }
    }
}

/// E-supervision thresholds (电子监察): reminder before the deadline, yellow card when overdue, red
/// card when overdue past a further limit or past the statutory deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalPolicy {
    /// Reminder (预警) from the start of the day this long before the deadline (day units) or this long
    /// before the deadline instant (hour units). No reminder when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_before: Option<Limit>,
    /// Red card (红牌) when still unfinished this long after the (supervised) deadline. Without it, red
    /// comes only from passing the statutory deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_after: Option<Limit>,
}

crate::names::wire_enum! {
    /// The state of a clock at an instant.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum ClockState {
        /// The instant is before the start.
        NotStarted = "not_started" / "未开始",
        /// Counting, deadline not reached.
        Running = "running" / "计时中",
        /// Stopped by a pause (an excluded period).
        Paused = "paused" / "暂停计时",
        /// Deadline passed, not completed.
        Overdue = "overdue" / "已超期",
        /// Completed before the deadline.
        CompletedOnTime = "completed_on_time" / "按时办结",
        /// Completed at or after the deadline.
        CompletedLate = "completed_late" / "超期办结",
    }
}

crate::names::wire_enum! {
    /// An e-supervision signal (电子监察信号), in increasing severity.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Signal {
        /// Nothing to signal.
        None = "none" / "正常",
        /// Reminder (预警): the deadline is near.
        Reminder = "reminder" / "预警",
        /// Yellow card (黄牌): overdue.
        Yellow = "yellow" / "黄牌",
        /// Red card (红牌): overdue past the further limit or the statutory deadline.
        Red = "red" / "红牌",
    }
}

/// A time-limit clock. Build with [`Clock::new`] or [`Clock::from_json`]; change with [`Clock::pause`],
/// [`Clock::resume`], [`Clock::extend`], [`Clock::complete`]; read with [`Clock::status`].
///
/// Commands must come in time order (none earlier than the last recorded instant). A rejected command
/// changes nothing.
///
/// # Examples
///
/// ```
/// use chrono::{DateTime, Utc};
/// use xiaoneng::{Calendar, Clock, ClockState, Limit};
///
/// let cal = Calendar::china();
/// let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
/// // Accepted on 2026-09-29; 20 working days (art. 42) run across the National Day holiday.
/// let clock = Clock::new(Limit::working_days(20), t("2026-09-29T10:00:00+08:00"));
/// let st = clock.status(&cal, t("2026-10-20T09:00:00+08:00")).unwrap();
/// assert_eq!(st.deadline_date.to_string(), "2026-11-02");
/// assert_eq!(st.state, ClockState::Running);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClockDoc", into = "ClockDoc")]
pub struct Clock {
    /// The configuration: limits, rules and thresholds. Shared (not copied) between the clocks an engine
    /// starts from one template, so a case's clocks cost a pointer each for it.
    cfg: Arc<ClockCfg>,
    started_at: DateTime<Utc>,
    completed_at: Option<DateTime<Utc>>,
    /// Pauses and extensions; absent until the first one (most clocks never pause or extend).
    ledger: Option<Box<Ledger>>,
}

/// What configures a clock, fixed once it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ClockCfg {
    limit: Limit,
    pledged: Option<Limit>,
    start_rule: StartRule,
    deadline_end: DeadlineEnd,
    extension_rule: ExtensionRule,
    signals: SignalPolicy,
}

/// What happened to a running clock besides its start and completion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Ledger {
    pauses: Vec<Pause>,
    extensions: Vec<Extension>,
}

/// The document form of a clock (its JSON); validated into a [`Clock`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockDoc {
    schema: u32,
    limit: Limit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pledged: Option<Limit>,
    started_at: DateTime<Utc>,
    #[serde(default)]
    start_rule: StartRule,
    #[serde(default)]
    deadline_end: DeadlineEnd,
    #[serde(default)]
    extension_rule: ExtensionRule,
    #[serde(default)]
    signals: SignalPolicy,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pauses: Vec<Pause>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    extensions: Vec<Extension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    completed_at: Option<DateTime<Utc>>,
}

impl From<Clock> for ClockDoc {
    fn from(c: Clock) -> Self {
        let cfg = Arc::unwrap_or_clone(c.cfg);
        let ledger = c.ledger.map(|l| *l).unwrap_or_default();
        ClockDoc {
            schema: CLOCK_SCHEMA,
            limit: cfg.limit,
            pledged: cfg.pledged,
            started_at: c.started_at,
            start_rule: cfg.start_rule,
            deadline_end: cfg.deadline_end,
            extension_rule: cfg.extension_rule,
            signals: cfg.signals,
            pauses: ledger.pauses,
            extensions: ledger.extensions,
            completed_at: c.completed_at,
        }
    }
}

impl TryFrom<ClockDoc> for Clock {
    type Error = ClockError;
    fn try_from(d: ClockDoc) -> Result<Self, ClockError> {
        if d.schema != CLOCK_SCHEMA {
            return Err(invalid(
                "schema",
                d.schema,
                format!("this library reads clock schema {CLOCK_SCHEMA}"),
            ));
        }
        let ledger = (!d.pauses.is_empty() || !d.extensions.is_empty()).then(|| {
            Box::new(Ledger {
                pauses: d.pauses,
                extensions: d.extensions,
            })
        });
        let clock = Clock {
            cfg: Arc::new(ClockCfg {
                limit: d.limit,
                pledged: d.pledged,
                start_rule: d.start_rule,
                deadline_end: d.deadline_end,
                extension_rule: d.extension_rule,
                signals: d.signals,
            }),
            started_at: d.started_at,
            completed_at: d.completed_at,
            ledger,
        };
        validate(&clock)?;
        Ok(clock)
    }
}

/// Structural validation of a clock: everything that needs no calendar.
fn validate(c: &Clock) -> Result<(), ClockError> {
    let d = &*c.cfg;
    d.limit.check("limit")?;
    if let Some(p) = d.pledged {
        p.check("pledged")?;
        if p.unit != d.limit.unit {
            return Err(invalid(
                "pledged.unit",
                p.unit,
                format!("must be the statutory limit's unit {}", d.limit.unit),
            ));
        }
        if p.amount > d.limit.amount {
            return Err(invalid(
                "pledged.amount",
                p.amount,
                format!("a pledged limit may not exceed the statutory {}", d.limit.amount),
            ));
        }
    }
    for (name, l) in [
        ("signals.reminder_before", d.signals.reminder_before),
        ("signals.red_after", d.signals.red_after),
    ] {
        if let Some(l) = l {
            l.check(name)?;
        }
    }
    if let Some(t) = d.extension_rule.max_total {
        if t > MAX_AMOUNT {
            return Err(invalid("extension_rule.max_total", t, format!("at most {MAX_AMOUNT}")));
        }
    }
    check_supported_instant("started_at", c.started_at)?;
    let mut last = c.started_at;
    let mut later = |field: String, at: DateTime<Utc>| {
        check_supported_instant(&field, at)?;
        if at < last {
            return Err(invalid(
                field,
                at,
                format!("earlier than {last}: clock events come in time order"),
            ));
        }
        last = at;
        Ok(())
    };
    for (k, p) in c.pauses().iter().enumerate() {
        later(format!("pauses[{k}].start"), p.start)?;
        match p.end {
            Some(e) => later(format!("pauses[{k}].end"), e)?,
            None if k + 1 < c.pauses().len() => {
                return Err(invalid(
                    format!("pauses[{k}].end"),
                    "absent",
                    "only the last pause may be open",
                ))
            }
            None => {}
        }
    }
    let mut total = 0u64;
    let mut prev = c.started_at;
    for (k, x) in c.extensions().iter().enumerate() {
        check_extension(&d.extension_rule, k, x, total)?;
        check_supported_instant(&format!("extensions[{k}].at"), x.at)?;
        if x.at < prev {
            return Err(invalid(
                format!("extensions[{k}].at"),
                x.at,
                "extensions come in time order after the start",
            ));
        }
        prev = x.at;
        total += u64::from(x.amount);
    }
    if let Some(done) = c.completed_at {
        check_supported_instant("completed_at", done)?;
        if c.is_paused() {
            return Err(invalid("completed_at", done, "the last pause is still open"));
        }
        let latest = c.extensions().last().map_or(last, |x| x.at.max(last));
        if done < latest {
            return Err(invalid(
                "completed_at",
                done,
                format!("earlier than {latest}: clock events come in time order"),
            ));
        }
    }
    Ok(())
}

fn check_extension(rule: &ExtensionRule, k: usize, x: &Extension, total_before: u64) -> Result<(), ClockError> {
    let f = |s: &str| format!("extensions[{k}].{s}");
    if k as u64 >= u64::from(rule.max_count) {
        return Err(invalid(
            f("amount"),
            x.amount,
            format!("the extension rule allows {} extension(s)", rule.max_count),
        ));
    }
    if x.amount == 0 || x.amount > MAX_AMOUNT {
        return Err(invalid(f("amount"), x.amount, format!("must be 1..={MAX_AMOUNT}")));
    }
    if let Some(max) = rule.max_total {
        if total_before + u64::from(x.amount) > u64::from(max) {
            return Err(invalid(
                f("amount"),
                x.amount,
                format!("extensions may add at most {max} in total; {total_before} already granted"),
            ));
        }
    }
    if x.approver.trim().is_empty() {
        return Err(invalid(f("approver"), "\"\"", "an extension needs its approver"));
    }
    if x.reason.trim().is_empty() {
        return Err(invalid(
            f("reason"),
            "\"\"",
            "an extension needs a reason told to the applicant (art. 42)",
        ));
    }
    Ok(())
}

/// Everything a clock says at an instant. `budget`, `used` and `remaining` count [`Tick`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClockStatus {
    /// The instant asked about.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<FixedOffset>,
    /// State at that instant.
    pub state: ClockState,
    /// E-supervision signal at that instant.
    pub signal: Signal,
    /// The supervised deadline (the pledged one when there is one): acts at or after it are late.
    #[schemars(with = "crate::codec::Instant")]
    pub deadline: DateTime<FixedOffset>,
    /// The last day of the supervised limit (local date).
    #[schemars(with = "crate::codec::IsoDate")]
    pub deadline_date: NaiveDate,
    /// The statutory deadline.
    #[schemars(with = "crate::codec::Instant")]
    pub statutory_deadline: DateTime<FixedOffset>,
    /// The last day of the statutory limit.
    #[schemars(with = "crate::codec::IsoDate")]
    pub statutory_deadline_date: NaiveDate,
    /// True when a deadline, a signal threshold or the count of used time rests on a provisional day:
    /// one after the calendar's last notice, counted on weekends and the statutory holidays only
    /// (docs/rules.md §2). A notice for that year may move it.
    #[serde(default)]
    pub provisional: bool,
    /// The limit's unit.
    pub unit: TimeUnit,
    /// What `budget`, `used`, `remaining` count.
    pub tick: Tick,
    /// The supervised limit plus extensions.
    pub budget: i64,
    /// Counted so far (the current day included for day units); more than `budget` when overdue.
    pub used: i64,
    /// `budget - used`; negative when overdue.
    pub remaining: i64,
    /// `used / budget`, rounded half-up to 4 places (1 for a zero budget once started).
    #[schemars(with = "crate::codec::DecimalString")]
    pub share_used: Decimal,
    /// Extensions granted so far.
    pub extensions: u32,
    /// The open pause, if paused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused: Option<PauseKind>,
    /// When the reminder starts, if the policy has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub reminder_at: Option<DateTime<FixedOffset>>,
    /// When the red card comes (further limit after the deadline, or the statutory deadline).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub red_at: Option<DateTime<FixedOffset>>,
    /// The next instant after `at` at which state or signal changes, absent new commands.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::Instant>")]
    pub next_change: Option<DateTime<FixedOffset>>,
    /// How the supervised deadline was reached, step by step.
    pub derivation: Vec<Step>,
}

impl ClockStatus {
    /// The status as JSON (the wire form shared by C and Python).
    pub fn to_json(&self) -> String {
        codec::to_json(self)
    }

    /// `share_used` in basis points (1/10000), rounded half-up: 2500 for a quarter.
    pub fn share_used_bp(&self) -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        self.share_used
            .checked_mul(Decimal::from(10_000))
            .map(|d| d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
            .and_then(|d| d.to_i64())
            .unwrap_or(if self.share_used.is_sign_negative() {
                i64::MIN
            } else {
                i64::MAX
            })
    }
}

impl Clock {
    /// A clock started at `started_at` with a statutory `limit`, default rules (next-day start, end of day,
    /// no extensions, no signals) and nothing recorded yet.
    ///
    /// The start must lie in the years 0001-9999 and the limit's amount be at most [`MAX_AMOUNT`]; otherwise
    /// [`Clock::status`] reports the error (use [`Clock::from_json`] to validate up front).
    pub fn new(limit: Limit, started_at: DateTime<Utc>) -> Self {
        Clock {
            cfg: Arc::new(ClockCfg {
                limit,
                pledged: None,
                start_rule: StartRule::NextDay,
                deadline_end: DeadlineEnd::EndOfDay,
                extension_rule: ExtensionRule::default(),
                signals: SignalPolicy::default(),
            }),
            started_at,
            completed_at: None,
            ledger: None,
        }
    }

    /// A clock with this one's configuration (shared, not copied), started at `at` with nothing recorded:
    /// how the engine starts the clocks of a case from the templates it prepared for a policy and item.
    pub(crate) fn restarted(&self, at: DateTime<Utc>) -> Clock {
        Clock {
            cfg: Arc::clone(&self.cfg),
            started_at: at,
            completed_at: None,
            ledger: None,
        }
    }

    /// Shares `template`'s configuration when it is the same as this clock's (after reading clocks back
    /// from JSON, each has its own copy).
    pub(crate) fn share_config(&mut self, template: &Clock) {
        if self.cfg == template.cfg {
            self.cfg = Arc::clone(&template.cfg);
        }
    }

    /// Adds a pledged limit (承诺时限), which becomes the supervised deadline.
    ///
    /// # Errors
    ///
    /// [`ClockError::Invalid`] when its unit differs from the statutory limit's or it is longer.
    pub fn with_pledged(mut self, pledged: Limit) -> Result<Self, ClockError> {
        Arc::make_mut(&mut self.cfg).pledged = Some(pledged);
        validate(&self)?;
        Ok(self)
    }

    /// Sets the start-day rule.
    pub fn with_start_rule(mut self, rule: StartRule) -> Self {
        Arc::make_mut(&mut self.cfg).start_rule = rule;
        self
    }

    /// Sets where a deadline day ends.
    pub fn with_deadline_end(mut self, end: DeadlineEnd) -> Self {
        Arc::make_mut(&mut self.cfg).deadline_end = end;
        self
    }

    /// Sets the extension rule.
    ///
    /// # Errors
    ///
    /// [`ClockError::Invalid`] when the rule's total is beyond [`MAX_AMOUNT`].
    pub fn with_extension_rule(mut self, rule: ExtensionRule) -> Result<Self, ClockError> {
        Arc::make_mut(&mut self.cfg).extension_rule = rule;
        validate(&self)?;
        Ok(self)
    }

    /// Sets the signal thresholds.
    ///
    /// # Errors
    ///
    /// [`ClockError::Invalid`] when a threshold amount is beyond [`MAX_AMOUNT`].
    pub fn with_signals(mut self, signals: SignalPolicy) -> Result<Self, ClockError> {
        Arc::make_mut(&mut self.cfg).signals = signals;
        validate(&self)?;
        Ok(self)
    }

    /// The statutory limit.
    pub fn limit(&self) -> Limit {
        self.cfg.limit
    }
    /// The pledged limit, if any.
    pub fn pledged(&self) -> Option<Limit> {
        self.cfg.pledged
    }
    /// Whether the start day counts.
    pub fn start_rule(&self) -> StartRule {
        self.cfg.start_rule
    }
    /// When the clock started.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.started_at
    }
    /// The pause ledger.
    pub fn pauses(&self) -> &[Pause] {
        self.ledger.as_ref().map_or(&[], |l| &l.pauses)
    }
    /// The extensions granted.
    pub fn extensions(&self) -> &[Extension] {
        self.ledger.as_ref().map_or(&[], |l| &l.extensions)
    }
    /// When the clock was completed, if it was.
    pub fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.completed_at
    }
    /// Whether a pause is open.
    pub fn is_paused(&self) -> bool {
        self.pauses().last().is_some_and(|p| p.end.is_none())
    }

    /// The latest instant recorded; commands may not be earlier.
    pub fn last_event_at(&self) -> DateTime<Utc> {
        let mut t = self.started_at;
        for p in self.pauses() {
            t = t.max(p.end.unwrap_or(p.start));
        }
        for x in self.extensions() {
            t = t.max(x.at);
        }
        self.completed_at.map_or(t, |c| t.max(c))
    }

    fn check_time(&self, action: &'static str, at: DateTime<Utc>) -> Result<(), ClockError> {
        check_supported_instant("at", at)?;
        if self.completed_at.is_some() {
            return Err(state(action, "the clock is completed"));
        }
        let last = self.last_event_at();
        if at < last {
            return Err(state(
                action,
                format!("{at} is earlier than the last recorded event at {last}"),
            ));
        }
        Ok(())
    }

    /// Stops the clock for an excluded period (art. 45) or a correction, from `at`.
    ///
    /// # Errors
    ///
    /// [`ClockError::State`] when completed, already paused, or `at` is earlier than the last event.
    pub fn pause(&mut self, kind: PauseKind, at: DateTime<Utc>, note: Option<String>) -> Result<(), ClockError> {
        self.check_time("pause", at)?;
        if let Some(p) = self.pauses().last().filter(|p| p.end.is_none()) {
            return Err(state("pause", format!("already paused ({}) since {}", p.kind, p.start)));
        }
        self.ledger.get_or_insert_with(Default::default).pauses.push(Pause {
            kind,
            start: at,
            end: None,
            note,
        });
        Ok(())
    }

    /// Restarts the clock after a pause, at `at`.
    ///
    /// # Errors
    ///
    /// [`ClockError::State`] when not paused, completed, or `at` is earlier than the last event.
    pub fn resume(&mut self, at: DateTime<Utc>) -> Result<(), ClockError> {
        self.check_time("resume", at)?;
        match self.ledger.as_mut().and_then(|l| l.pauses.last_mut()) {
            Some(p) if p.end.is_none() => {
                p.end = Some(at);
                Ok(())
            }
            _ => Err(state("resume", "the clock is not paused")),
        }
    }

    /// Extends the limit (and the pledged limit) by `extension.amount` units, before it expires.
    ///
    /// # Errors
    ///
    /// [`ClockError::Invalid`] when the rule's count or total would be exceeded or approver/reason are
    /// empty; [`ClockError::State`] when completed, out of time order, or the limit already expired.
    pub fn extend(&mut self, cal: &Calendar, extension: Extension) -> Result<(), ClockError> {
        self.check_time("extend", extension.at)?;
        let total: u64 = self.extensions().iter().map(|x| u64::from(x.amount)).sum();
        check_extension(&self.cfg.extension_rule, self.extensions().len(), &extension, total)?;
        let st = self.timing(cal, extension.at)?;
        if st.state == ClockState::Overdue {
            return Err(state(
                "extend",
                format!(
                    "the limit expired at {}; an extension must be granted before",
                    st.deadline
                ),
            ));
        }
        self.ledger
            .get_or_insert_with(Default::default)
            .extensions
            .push(extension);
        Ok(())
    }

    /// Completes the clock at `at` (the decision, or the step, is done).
    ///
    /// # Errors
    ///
    /// [`ClockError::State`] when already completed, paused, or `at` is earlier than the last event.
    pub fn complete(&mut self, at: DateTime<Utc>) -> Result<(), ClockError> {
        self.check_time("complete", at)?;
        if let Some(p) = self.pauses().last().filter(|p| p.end.is_none()) {
            return Err(state(
                "complete",
                format!("paused ({}) since {}; resume first", p.kind, p.start),
            ));
        }
        self.completed_at = Some(at);
        Ok(())
    }

    /// Everything the clock says at `now`, from what was recorded up to `now`.
    ///
    /// # Errors
    ///
    /// [`ClockError::Calendar`] when a date needed lies outside the calendar's range, or the clock counts
    /// working hours on a calendar without office hours.
    pub fn status(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<ClockStatus, ClockError> {
        self.status_with(cal, now, true)
    }

    /// [`Clock::status`] without the derivation (empty), for timer checks that never read it.
    ///
    /// # Errors
    ///
    /// As [`Clock::status`].
    pub(crate) fn status_brief(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<ClockStatus, ClockError> {
        self.status_with(cal, now, false)
    }

    fn status_with(&self, cal: &Calendar, now: DateTime<Utc>, record: bool) -> Result<ClockStatus, ClockError> {
        self.check_derivable(now)?;
        project::status(self, cal, now, record)
    }

    /// The thresholds and state at `now` only (no usage, no local times, no derivation): what timers need.
    /// The thresholds hold for any later instant until something new is recorded.
    ///
    /// # Errors
    ///
    /// As [`Clock::status`].
    pub(crate) fn timing(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<Timing, ClockError> {
        self.check_derivable(now)?;
        project::timing(self, cal, now)
    }

    /// The statutory deadline at `now` while the count toward it runs (not paused), with whether it rests
    /// on a provisional day: the threshold of a deemed outcome at the statutory deadline. For a clock
    /// without a pledged limit, its deadline.
    ///
    /// # Errors
    ///
    /// As [`Clock::status`].
    pub(crate) fn statutory_deadline(
        &self,
        cal: &Calendar,
        now: DateTime<Utc>,
    ) -> Result<Option<(DateTime<Utc>, bool)>, ClockError> {
        self.check_derivable(now)?;
        project::statutory(self, cal, now)
    }

    /// The supervised deadline at `now`, and the statutory one when a pledged limit sets them apart, each
    /// with whether it rests on a provisional day: what a calendar change compares.
    ///
    /// # Errors
    ///
    /// As [`Clock::status`].
    pub(crate) fn deadlines(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<Deadlines, ClockError> {
        self.check_derivable(now)?;
        project::deadlines(self, cal, now)
    }

    /// Only what `Clock::new` leaves unchecked; everything else was validated when recorded.
    #[inline(always)]
    fn check_derivable(&self, now: DateTime<Utc>) -> Result<(), ClockError> {
        check_supported_instant("now", now)?;
        check_supported_instant("started_at", self.started_at)?;
        self.cfg.limit.check("limit")
    }

    /// The next instant after `now` at which state or signal changes (for timer indexes), or `None`
    /// when nothing will change without a new command (paused, completed).
    ///
    /// # Errors
    ///
    /// As [`Clock::status`].
    pub fn next_change(&self, cal: &Calendar, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ClockError> {
        Ok(self.timing(cal, now)?.next_change)
    }
}

impl crate::Document for Clock {
    const SCHEMA: u32 = CLOCK_SCHEMA;

    /// Reads a clock from JSON: its configuration and everything recorded so far.
    ///
    /// ```json
    /// {"schema": 1, "limit": {"unit": "working_days", "amount": 20},
    ///  "started_at": "2026-02-13T10:00:00+08:00",
    ///  "pauses": [{"kind": "hearing", "start": "2026-03-02T09:00:00+08:00", "end": "2026-03-06T17:00:00+08:00"}]}
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field for malformed documents; [`ClockError::Invalid`] naming the
    /// field for inconsistent ones (events out of order, a pledged limit above the statutory one, ...).
    fn from_json(text: &str) -> Result<Self> {
        let doc: ClockDoc = codec::from_json(text)?;
        Ok(Clock::try_from(doc)?)
    }

    /// Reads a clock from TOML (instants as TOML datetimes or strings), as [`Clock::from_json`] reads JSON.
    fn from_toml(text: &str) -> Result<Self> {
        let doc: ClockDoc = codec::from_toml(text)?;
        Ok(Clock::try_from(doc)?)
    }

    /// The clock as JSON; [`Clock::from_json`] reads it back unchanged.
    fn to_json(&self) -> String {
        codec::to_json(&ClockDoc::from(self.clone()))
    }
}
