//! # xiaoneng (效能)
//!
//! The rules of administrative efficiency work (机关效能建设) as an embeddable, deterministic engine:
//! which days and hours count, how much of a time limit is used, paused, extended or overrun, and what
//! e-supervision signals follow. The core never reads the system clock: every call that needs "now"
//! takes it as an argument, so the same inputs give the same outputs, byte for byte.
//!
//! - [`Calendar`]: working-day calendars, the bundled national calendar 2004-2026, custom calendars
//!   and overlays from JSON/TOML, O(1) day arithmetic and working-hours arithmetic.
//! - [`Clock`]: time limits in working days, natural days, working hours or natural hours, with typed
//!   pauses (行政许可法 art. 45), extensions (art. 42), a pledged limit, signals and a derivation.
//!
//! - [`Policy`], [`Org`], [`Catalog`]: a jurisdiction's rules as data (制度包), its units, posts (with
//!   A/B backup), staff and absences, and its service items with their published guides (办事指南).
//! - [`Engine`]: the case (办件) lifecycle and first-inquiry records as commands in, events out: one-time
//!   notification, acceptance (or deemed acceptance), refusal and negative reporting, steps by A/B posts,
//!   special-procedure pauses, extensions, joint review with deemed consent, decisions (or deemed approval
//!   on timeout), delivery, ratings; `advance(now)` fires signals, deemed outcomes and violations from a
//!   deadline index; `replay`, `snapshot`, `restore`; the e-supervision board and per-unit metrics.
//! - [`LadderPolicy`], [`propose`], [`decide`]: the sanction ladder (问责 / 失职追究) as data, proposals
//!   with their derivation, a person's decision (confirm, or change with a reason), the filing (备案) of
//!   each confirmed sanction and the filing report ([`filing_stats`]); not yet wired into the engine.
//! - [`draw`]: seeded, verifiable draws for efficiency inspections (明查暗访) and feedback sampling, with a
//!   SHA-256 commitment recorded before the period; the coverage check of inspections carried out.
//! - [`journal`]: a durable, tamper-evident event store (hash-chained JSON Lines segments, group commit,
//!   recovery, checkpoints, snapshots, erasure) and [`JournaledEngine`], the engine on it.
//! - [`DedupIndex`]: repeated efficiency complaints (效能投诉): which earlier complaint against the same
//!   unit, within a window, a new one repeats by text similarity, linked to the original of its chain.
//!
//! The same capabilities are reachable from C (`include/xiaoneng.h`) and Python (`import xiaoneng`).
//!
//! ```
//! use chrono::NaiveDate;
//! use xiaoneng::Calendar;
//!
//! let cal = Calendar::china();
//! let oct8 = NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
//! assert!(cal.is_workday(oct8).unwrap());
//! assert_eq!(cal.previous_workday(oct8).unwrap().to_string(), "2026-09-30");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod calendar;
mod case;
mod catalog;
mod clock;
mod codec;
mod complaint;
mod context;
mod dedup;
pub mod draw;
mod engine;
mod error;
mod event;
mod explain;
mod inquiry;
mod inspection;
pub mod journal;
mod matter;
mod names;
mod org;
mod plan;
mod pledge;
mod policy;
mod priority;
mod sanction;
mod schema;

pub use calendar::{
    date_of, day_number, BaseCalendar, BatchError, Calendar, CalendarError, CalendarSpec, DateRange, DayBlock,
    DayNumber, DeadlineEnd, OfficeInterval, StartRule, TimeOfDay, UtcOffset, YearNotice, CALENDAR_SCHEMA,
};
pub use case::{Case, CaseState, JointParty, Rating, ViolationRecord};
pub use catalog::{Catalog, CatalogSpec, Fee, Guide, GuideStep, Material, ProcedureStep, ServiceItem, CATALOG_SCHEMA};
pub use clock::{
    Clock, ClockError, ClockState, ClockStatus, Extension, ExtensionRule, Limit, Pause, PauseKind, Signal,
    SignalPolicy, Step, Tick, TimeUnit, CLOCK_SCHEMA, MAX_AMOUNT,
};
pub use codec::Document;
pub use complaint::{Complaint, ComplaintState};
pub use dedup::{normalize_complaint_text, DedupIndex, DedupMatch, DedupParams, Similarity};
pub use engine::{
    AwardYear, BoardRow, CaseView, Command, Durations, Engine, PlanReport, PlanVisit, RecordMatter, RecordReport,
    RecordSanction, RecordSubject, RecordViolation, RegisterState, RuleCounts, UnitMetrics, ViolationQuery,
    SNAPSHOT_SCHEMA,
};
pub use error::{Error, ErrorCode, FieldError, Result, MAX_QUOTED_VALUE};
pub use event::{
    Category, Channel, ClockName, Complainant, DeemedBecause, Event, EventKind, Finding, InPlace, InquiryOutcome,
    InspectionMode, MilestoneSpec, Opinion, PledgeKind, PledgeSource, Rule, Tier, Trigger, EVENT_SCHEMA,
};
pub use explain::{
    ClockExplanation, DayKind, DayRun, DeemedOutcome, DeemedWhat, Explanation, ExtensionNote, Lang, PauseNote,
    Threshold,
};
pub use inquiry::{Inquiry, InquiryState};
pub use inspection::{Inspection, InspectionFinding, InspectionState, Reinspection};
pub use journal::{verify, Checkpoint, EventSink, JournalOptions, JournaledEngine, VerifyReport};
pub use matter::{Matter, MatterState};
pub use org::{
    Absence, Acting, Delegation, Monitor, MonitorCategory, Org, OrgSpec, Post, Role, Staff, Unit, DELEGABLE_COMMANDS,
    ORG_SCHEMA,
};
pub use plan::{Plan, PlanState, Revealed};
pub use pledge::{Evaluation, GroupScore, Milestone, Pledge, PledgeRating, PledgeState, PledgeStatus};
pub use policy::{
    AbPolicy, ComplaintPolicy, CorrectionsPolicy, DeemedAt, ExtensionPolicy, HearingPolicy, IntakePolicy, ItemKind,
    JointReviewPolicy, OnTimeout, PledgePolicy, Policy, RaterGroup, RaterKind, RatingPolicy, RenewalPolicy,
    StandingSystem, TimeoutPolicy, POLICY_SCHEMA,
};
pub use priority::{parse_yuan, PriorityCard, PriorityCardPolicy, PriorityThreshold};
pub use sanction::{
    award_blocked, decide, filing_stats, propose, Confirmed, Decision, Escalation, Filing, FilingStats, FormalTerm,
    LadderCounts, LadderPolicy, LadderRule, LadderStep, LadderWindow, Measure, MeasureSpec, PointsTable, PriorRecord,
    Proposal, SanctionEffect, SanctionOutcome, SanctionReason, Severity, UnitFilings, ViolationFacts, WindowUnit,
    ANY_KIND,
};
pub use schema::{
    case_view_json_schema, catalog_json_schema, clock_status_json_schema, command_json_schema, event_json_schema,
    explanation_json_schema, org_json_schema, policy_json_schema,
};

/// The body of every command, one struct per command, by record kind: build a command from its body
/// (`Accept { .. }.into()`), or match on [`Command`] and the families.
pub mod commands {
    pub use crate::case::command::*;
    pub use crate::complaint::command::*;
    pub use crate::inquiry::command::*;
    pub use crate::inspection::command::*;
    pub use crate::matter::command::*;
    pub use crate::plan::command::*;
    pub use crate::pledge::command::*;
}
