//! Drivers of the engine targets: policies, organisations and catalogs from untrusted text, and command
//! sequences against the county preset and fixtures.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem::{discriminant, Discriminant};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use xiaoneng::Document;
use xiaoneng::{Catalog, Command, Engine, Event, EventKind, Org, Policy};

use crate::actors::{self, Config, Subject};
use crate::Ops;

/// The county preset (`presets/county.toml`).
pub const POLICY: &str = include_str!("../../presets/county.toml");
/// A central intake window (集中受理) appended to the county preset for the engine targets: the service
/// centre's window (`hall` of the organisation fixture) takes in the food licence.
pub const INTAKE: &str = "\n[[intake]]\nunit = \"hall\"\nitems = [\"330100-FOOD-001\"]\n";
/// The county organisation fixture.
pub const ORG: &str = include_str!("../../tests/fixtures/county-org.json");
/// The county catalog fixture.
pub const CATALOG: &str = include_str!("../../tests/fixtures/county-catalog.json");

/// The county configuration (the preset with [`INTAKE`]) and an empty engine over it, built once per
/// process.
pub struct County {
    /// The preset policy.
    pub policy: Policy,
    /// The fixture organisation.
    pub org: Org,
    /// The fixture catalog.
    pub catalog: Catalog,
    /// An engine with no cases.
    pub engine: Engine,
}

/// The county configuration, built once per process.
pub fn county() -> &'static County {
    static COUNTY: OnceLock<County> = OnceLock::new();
    COUNTY.get_or_init(|| {
        let policy = Policy::from_toml(&format!("{POLICY}{INTAKE}")).expect("county preset with intake");
        let org = Org::from_json(ORG).expect("county org fixture");
        let catalog = Catalog::from_json(CATALOG, &org).expect("county catalog fixture");
        let engine = Engine::new(policy.clone(), org.clone(), catalog.clone()).expect("county engine");
        County {
            policy,
            org,
            catalog,
            engine,
        }
    })
}

impl County {
    /// The configuration the engine runs on.
    pub fn config(&self) -> Config<'_> {
        Config {
            policy: &self.policy,
            org: &self.org,
            catalog: &self.catalog,
        }
    }
}

/// A live engine with the log of every event it produced, checked as it goes.
///
/// Each step (a command or an advance) gets the cheap checks: sequence numbers, the actor rule
/// ([`crate::actors::check_batch`]), `advance` firing nothing after its instant, and a rejected command
/// leaving the engine equal to before. "Before" is a twin engine that executes the accepted commands and
/// the advances too (with the same events), so no step clones an engine; until the first step that changes
/// something, the twin is the engine the run started from. The whole-log checks (JSON round trips,
/// snapshot and restore, replay) run at the end, in [`Run::finish`], on a sample of runs.
pub struct Run<'a> {
    cfg: Config<'a>,
    /// The engine the run started from.
    base: &'a Engine,
    /// The engine.
    pub engine: Engine,
    /// The engine as it was before the current step: it runs only what the engine accepted (none: the
    /// base engine, until something changed).
    twin: Option<Engine>,
    /// Every event produced, in order.
    pub log: Vec<Event>,
    /// Case numbers of the events (for views), at most 16.
    pub cases: Vec<String>,
    /// Inquiry numbers and their responsible staff members.
    inquiries: Vec<(String, String)>,
    /// The latest instant seen.
    pub last: Option<DateTime<Utc>>,
}

impl<'a> Run<'a> {
    /// A run on a clone of `engine`, which runs on `cfg`.
    pub fn new(engine: &'a Engine, cfg: Config<'a>) -> Self {
        Run {
            cfg,
            base: engine,
            engine: engine.clone(),
            twin: None,
            log: Vec::new(),
            cases: Vec::new(),
            inquiries: Vec::new(),
            last: None,
        }
    }

    /// Executes a command: a rejected one leaves the engine equal to before; an accepted one numbers its
    /// events on from the engine's sequence number, and each comes from an actor allowed to cause it.
    /// Whether it was accepted.
    pub fn execute(&mut self, cmd: Command) -> bool {
        count(Stat::Steps, 1);
        let at = cmd.at();
        let seq = self.engine.seq();
        match self.engine.execute(cmd.clone()) {
            Ok(events) => {
                count(Stat::Accepted, 1);
                trace(|| format!("execute {cmd:?}"), &events);
                let twin = self.twin.get_or_insert_with(|| self.base.clone()).execute(cmd);
                assert!(
                    twin.as_ref() == Ok(&events),
                    "the same command from the same state gave {twin:?}, then {events:?}"
                );
                self.step(seq, events, at);
                true
            }
            Err(e) => {
                trace(|| format!("rejected {cmd:?}: {e}"), &[]);
                let before = self.twin.as_ref().unwrap_or(self.base);
                if self.engine != *before {
                    panic!(
                        "a rejected command ({e}) changed the engine: {}",
                        differs(&self.engine, before, &self.log)
                    );
                }
                false
            }
        }
    }

    /// The responsible staff member of an inquiry recorded in this run.
    pub fn responsible(&self, id: &str) -> Option<&str> {
        self.inquiries.iter().find(|(q, _)| q == id).map(|(_, r)| r.as_str())
    }

    /// Advances to `now`: no event after `now`, no timer left due.
    pub fn advance(&mut self, now: DateTime<Utc>) {
        count(Stat::Steps, 1);
        let seq = self.engine.seq();
        let events = self.engine.advance(now);
        trace(|| format!("advance {now}"), &events);
        if events.is_empty() && self.twin.is_none() {
            assert!(
                self.engine == *self.base,
                "an advance without events changed the engine"
            );
        } else {
            let twin = self.twin.get_or_insert_with(|| self.base.clone());
            assert_eq!(twin.advance(now), events, "the same advance from the same state");
        }
        for e in &events {
            assert!(e.at <= now, "advance({now}) fired an event at {}", e.at);
            assert!(e.actor.is_none(), "advance({now}) fired an event with an actor: {e:?}");
        }
        if let Some(t) = self.engine.next_timer() {
            assert!(t > now, "advance({now}) left a timer due at {t}");
        }
        self.step(seq, events, now);
    }

    /// The checks of every step's events, then the log.
    fn step(&mut self, seq: u64, events: Vec<Event>, at: DateTime<Utc>) {
        count(Stat::Events, events.len() as u64);
        check_seq(seq, &self.engine, &events);
        for e in &events {
            if let EventKind::InquiryRecorded { responsible, .. } = &e.kind {
                self.inquiries.push((e.case.clone(), responsible.clone()));
            }
            if self.cases.len() < 16 && !self.cases.contains(&e.case) {
                self.cases.push(e.case.clone());
            }
        }
        let (engine, inquiries) = (&self.engine, &self.inquiries);
        let subject = |id: &str| match engine.case(id) {
            Some(c) => Subject::Case(c),
            None => match inquiries.iter().find(|(q, _)| q == id) {
                Some((_, r)) => Subject::Inquiry(r),
                None => Subject::Unknown,
            },
        };
        if let Err(why) = actors::check_batch(self.cfg, &events, subject) {
            panic!("actor rule: {why}");
        }
        self.log.extend(events);
        self.last = Some(self.last.map_or(at, |l| l.max(at)));
    }

    /// The end-of-run checks: the twin equals the engine; the whole-log checks ([`Run::check_log`]) when
    /// [`whole_log_due`] says so.
    pub fn finish(&self) {
        self.end(false);
    }

    /// [`Run::finish`] with the whole-log checks on every run: for an engine on a fuzzed policy, where
    /// what varies from run to run is the configuration replay and restore rebuild.
    pub fn finish_all(&self) {
        self.end(true);
    }

    fn end(&self, whole_log: bool) {
        count(Stat::Runs, 1);
        let twin = self.twin.as_ref().unwrap_or(self.base);
        if self.engine != *twin {
            panic!(
                "two engines given the same steps differ: {}",
                differs(&self.engine, twin, &self.log)
            );
        }
        if self.log.is_empty() {
            // Nothing happened: the engine is the one the run started from (which replaying no events
            // and restoring its snapshot rebuild, with `Engine::new`).
            assert!(
                self.engine == *self.base,
                "an engine without events differs from the empty one"
            );
        } else if whole_log || whole_log_due(&self.log) {
            self.check_log();
        }
    }

    /// The whole-log checks: queries on the final state (views, board, metrics) do not panic and views
    /// serialize, every event reads back from its JSON, a snapshot restores an equal engine, and replaying
    /// the log rebuilds an equal engine.
    pub fn check_log(&self) {
        count(Stat::WholeLog, 1);
        if let Some(now) = self.last {
            for id in &self.cases {
                if let Ok(v) = self.engine.view(id, now) {
                    serde_json::to_string(&v).expect("a view serializes");
                }
            }
            let _ = self.engine.board(now);
            let from = now.checked_sub_signed(Duration::days(400)).unwrap_or(now);
            let _ = self.engine.metrics(from, now);
        }
        for e in &self.log {
            let json = e.to_json();
            let back = Event::from_json(&json).unwrap_or_else(|err| panic!("event {json} does not read back: {err}"));
            assert_eq!(&back, e, "event JSON round trip");
        }
        let Config { policy, org, catalog } = self.cfg;
        let snapshot = self.engine.snapshot();
        let restored = Engine::restore(policy.clone(), org.clone(), catalog.clone(), &snapshot)
            .unwrap_or_else(|e| panic!("a snapshot does not restore: {e}"));
        if restored != self.engine {
            panic!(
                "restore(snapshot) differs from the live engine: {}",
                differs(&self.engine, &restored, &self.log)
            );
        }
        let replayed = Engine::replay(policy.clone(), org.clone(), catalog.clone(), &self.log)
            .unwrap_or_else(|e| panic!("the live event log does not replay: {e}"));
        if replayed != self.engine {
            panic!(
                "replay of the live log differs from the live engine: {}",
                differs(&self.engine, &replayed, &self.log)
            );
        }
    }
}

/// One run in [`WHOLE_LOG_EVERY`] (by a hash of its log) gets the whole-log checks, and so does every run
/// whose log shows a new *shape*: an (event kind, whether it has an actor, the kind of the case's event
/// before it) not seen before in this process. `XN_FUZZ_WHOLE_LOG_EVERY=N` sets the rate (1: every run;
/// 0: never, for profiling); with `XN_FUZZ_TRACE` set, every run.
///
/// Why not every run: `Engine::restore` and `Engine::replay` each build an engine, and `Engine::new`
/// builds the national calendar twice (once to validate the policy), parsing its notices each time:
/// about 13 ms for both, instrumented (ASan and coverage), against 1 to 2 ms for the rest of a 16-step
/// run. Both are pure functions of the log, so a failure found by sampling reproduces when its input is
/// run alone (every shape is new in a fresh process).
pub const WHOLE_LOG_EVERY: u64 = 64;

fn whole_log_due(log: &[Event]) -> bool {
    static EVERY: OnceLock<u64> = OnceLock::new();
    thread_local! {
        static SHAPES: RefCell<HashSet<u64>> = RefCell::new(HashSet::new());
    }
    let every = *EVERY.get_or_init(|| match std::env::var("XN_FUZZ_WHOLE_LOG_EVERY") {
        Ok(v) => v.trim().parse().expect("XN_FUZZ_WHOLE_LOG_EVERY is a number"),
        Err(_) => WHOLE_LOG_EVERY,
    });
    if every == 0 {
        return false;
    }
    if every == 1 || tracing() {
        return true;
    }
    let mut sample = DefaultHasher::new();
    let mut novel = false;
    let mut before: Vec<(&str, Discriminant<EventKind>)> = Vec::new();
    SHAPES.with_borrow_mut(|shapes| {
        for e in log {
            let kind = discriminant(&e.kind);
            (e.seq, e.at, &e.case, kind).hash(&mut sample);
            let prev = match before.iter_mut().find(|(c, _)| *c == e.case) {
                Some((_, k)) => Some(std::mem::replace(k, kind)),
                None => {
                    before.push((&e.case, kind));
                    None
                }
            };
            let mut shape = DefaultHasher::new();
            (kind, e.actor.is_some(), prev).hash(&mut shape);
            detail(&e.kind, &mut shape);
            novel |= shapes.insert(shape.finish());
        }
    });
    novel || sample.finish().is_multiple_of(every)
}

/// What tells events of one kind apart in a shape: the rule broken, the signal, deemed or not, the A/B
/// cover.
fn detail(kind: &EventKind, h: &mut DefaultHasher) {
    match kind {
        EventKind::Violation { rule, .. } => rule.hash(h),
        EventKind::SignalRaised { clock, signal } => (clock, signal).hash(h),
        EventKind::Accepted { deemed, .. } | EventKind::Rated { deemed, .. } => deemed.hash(h),
        EventKind::Decided { approve, deemed, .. } => (approve, deemed).hash(h),
        EventKind::JointOpinion { opinion, deemed, .. } => (opinion, deemed).hash(h),
        EventKind::StepCompleted { step, by } => (step, by.via()).hash(h),
        _ => {}
    }
}

/// Where `b` differs from the live engine `a`: sequence number, a case of the log, the next timer, or
/// the snapshot.
fn differs(a: &Engine, b: &Engine, log: &[Event]) -> String {
    if a.seq() != b.seq() {
        return format!("seq {} vs {}", a.seq(), b.seq());
    }
    let mut ids: Vec<&str> = log.iter().map(|e| e.case.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        if a.case(id) != b.case(id) {
            return format!("case {id}:\nlive     {:?}\nother    {:?}", a.case(id), b.case(id));
        }
    }
    if a.next_timer() != b.next_timer() {
        return format!("next timer {:?} vs {:?}", a.next_timer(), b.next_timer());
    }
    let (sa, sb) = (a.snapshot(), b.snapshot());
    if sa != sb {
        let k = sa.bytes().zip(sb.bytes()).take_while(|(x, y)| x == y).count();
        let from = sa.floor_char_boundary(k.saturating_sub(200));
        return format!(
            "snapshots differ after byte {k}: live …{}",
            &sa[from..sa.len().min(k + 200)]
        );
    }
    "timers or scheduling differ (same snapshot)".to_string()
}

/// What [`count`] counts.
#[derive(Clone, Copy)]
enum Stat {
    Runs,
    Steps,
    Accepted,
    Events,
    WholeLog,
}

/// With `XN_FUZZ_STATS` set, counts runs, steps (commands and advances), accepted commands, events and
/// whole-log checks, and prints the counts to stderr after every power of two of runs.
fn count(what: Stat, n: u64) {
    static ON: OnceLock<bool> = OnceLock::new();
    static COUNTS: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];
    if !*ON.get_or_init(|| std::env::var_os("XN_FUZZ_STATS").is_some()) {
        return;
    }
    let total = COUNTS[what as usize].fetch_add(n, Relaxed) + n;
    if matches!(what, Stat::Runs) && total.is_power_of_two() {
        let c: Vec<u64> = COUNTS.iter().map(|c| c.load(Relaxed)).collect();
        eprintln!(
            "xn-stats runs {} steps {} accepted {} events {} whole-log {}",
            c[0], c[1], c[2], c[3], c[4]
        );
    }
}

/// Whether `XN_FUZZ_TRACE` is set.
pub fn tracing() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("XN_FUZZ_TRACE").is_some())
}

/// With `XN_FUZZ_TRACE` set (e.g. `XN_FUZZ_TRACE=1 cargo +nightly fuzz run command_json <crash file>`),
/// prints each step and its events to stderr.
fn trace(what: impl FnOnce() -> String, events: &[Event]) {
    if tracing() {
        eprintln!("{}", what());
        for e in events {
            eprintln!("    #{} {} {:?} {:?}", e.seq, e.at, e.actor, e.kind);
        }
    }
}

/// Events number on by one from `before`, and end at the engine's sequence number.
fn check_seq(before: u64, engine: &Engine, events: &[Event]) {
    for (k, e) in events.iter().enumerate() {
        assert_eq!(
            e.seq,
            before + 1 + k as u64,
            "event sequence numbers must increase by one"
        );
    }
    assert_eq!(
        engine.seq(),
        before + events.len() as u64,
        "engine seq after the events"
    );
}

/// Most lines of a command script.
pub const MAX_LINES: usize = 32;

/// Runs a command script against the county engine: one JSON command per line, or `advance <RFC 3339>`;
/// after some commands (chosen by the input's hash) an advance to an instant derived from the input.
/// At most [`MAX_LINES`] lines.
pub fn run_script(text: &str) {
    let county = county();
    let mut ops = Ops::new(text.as_bytes(), &[]);
    let mut run = Run::new(&county.engine, county.config());
    for line in text.lines().take(MAX_LINES) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("advance ") {
            if let Ok(t) = rest.trim().parse::<DateTime<Utc>>() {
                run.advance(t);
            }
            continue;
        }
        let Ok(cmd) = Command::from_json(line) else { continue };
        let at = cmd.at();
        run.execute(cmd);
        if ops.byte().is_multiple_of(4) {
            let delta = match ops.byte() % 4 {
                0 => ops.range(0, 86_400),
                1 => ops.range(0, 20 * 86_400),
                2 => ops.range(0, 120 * 86_400),
                _ => ops.range(-86_400, 0),
            };
            if let Some(t) = at.checked_add_signed(Duration::seconds(delta)) {
                run.advance(t);
            }
        }
    }
    run.finish();
}

/// A fixed day of work, for an engine built from a fuzzed policy: receive, notice and corrections,
/// accept, steps, joint reply, decisions and advances, with the usual invariants.
pub fn exercise_policy(policy: &Policy, ops: &mut Ops) {
    let county = county();
    let Ok(engine) = Engine::new(policy.clone(), county.org.clone(), county.catalog.clone()) else {
        return;
    };
    let cfg = Config {
        policy,
        org: &county.org,
        catalog: &county.catalog,
    };
    let mut run = Run::new(&engine, cfg);
    let base: DateTime<Utc> = "2026-03-02T01:00:00Z".parse().expect("instant");
    let offset = Duration::days(ops.range(0, 200));
    let t = |h: i64| base + offset + Duration::hours(h);
    // (working day of the scenario, command with the instant as "AT")
    let script = [
        (
            0,
            r#"{"type":"receive","case":"A","at":"AT","actor":"s-clerk","item":"330100-FOOD-001","applicant":"甲"}"#,
        ),
        (
            0,
            r#"{"type":"receive","case":"B","at":"AT","actor":"s-clerk","item":"330100-BLDG-007","applicant":"乙"}"#,
        ),
        (
            0,
            r#"{"type":"receive","case":"C","at":"AT","actor":"s-clerk2","item":"330100-FOOD-001","applicant":"丙"}"#,
        ),
        (
            0,
            r#"{"type":"receive","case":"D","at":"AT","actor":"s-hall","item":"330100-FOOD-001","applicant":"丁"}"#,
        ),
        (
            1,
            r#"{"type":"notify_corrections","case":"A","at":"AT","actor":"s-clerk","missing":["营业执照复印件"]}"#,
        ),
        (1, r#"{"type":"accept","case":"D","at":"AT","actor":"s-hall"}"#),
        (1, r#"{"type":"accept","case":"B","at":"AT","actor":"s-clerk"}"#),
        (
            1,
            r#"{"type":"refuse","case":"C","at":"AT","actor":"s-clerk","reasons":"r","legal_basis":"b","remedies":"m"}"#,
        ),
        (
            2,
            r#"{"type":"submit_corrections","case":"A","at":"AT","actor":"s-clerk","materials":["营业执照复印件"]}"#,
        ),
        (2, r#"{"type":"accept","case":"A","at":"AT","actor":"s-clerk"}"#),
        (3, r#"{"type":"complete_step","case":"A","at":"AT","actor":"s-clerk"}"#),
        (3, r#"{"type":"complete_step","case":"B","at":"AT","actor":"s-clerk"}"#),
        (4, r#"{"type":"complete_step","case":"B","at":"AT","actor":"s-rev"}"#),
        (
            3,
            r#"{"type":"joint_reply","case":"B","at":"AT","actor":"s-fire","unit":"fire","opinion":"agree"}"#,
        ),
        (
            4,
            r#"{"type":"extend","case":"A","at":"AT","actor":"s-head","amount":5,"reason":"现场核查"}"#,
        ),
        (
            4,
            r#"{"type":"decide","case":"B","at":"AT","actor":"s-head","approve":true}"#,
        ),
        (5, r#"{"type":"deliver","case":"B","at":"AT","actor":"s-clerk"}"#),
    ];
    // Instants in order (a command before an event already recorded is the command script target's
    // business); advances only up to the next command's instant.
    let mut times = Vec::with_capacity(script.len());
    for (day, _) in script {
        let h = (day * 24 + ops.range(0, 8)).max(times.last().copied().unwrap_or(0));
        times.push(h);
    }
    for (k, (_, template)) in script.iter().enumerate() {
        let line = template.replace("\"AT\"", &format!("\"{}\"", t(times[k]).to_rfc3339()));
        let cmd = Command::from_json(&line).unwrap_or_else(|e| panic!("scenario command {line}: {e}"));
        run.execute(cmd);
        if let Some(&next) = times.get(k + 1) {
            if next > times[k] && ops.byte().is_multiple_of(3) {
                run.advance(t(ops.range(times[k], next)));
            }
        }
    }
    run.advance(t(24 * ops.range(10, 120)));
    run.finish_all();
}

/// An instant for A/B lookups: at or near an absence's bounds, anywhere in 2000-2030, or at the ends of
/// chrono's range.
fn pick_instant(org: &Org, ops: &mut Ops) -> DateTime<Utc> {
    let absences = &org.spec().absences;
    match ops.byte() % 8 {
        0..=3 if !absences.is_empty() => {
            let a = &absences[ops.byte() as usize % absences.len()];
            let base = if ops.bool() { a.start } else { a.end };
            base.checked_add_signed(Duration::seconds(
                ops.range(-2, 2) * [1, 3_600, 86_400][ops.byte() as usize % 3],
            ))
            .unwrap_or(base)
        }
        4 => {
            if ops.bool() {
                DateTime::<Utc>::MIN_UTC
            } else {
                DateTime::<Utc>::MAX_UTC
            }
        }
        _ => DateTime::from_timestamp(ops.range(946_684_800, 1_924_992_000), 0).expect("in range"),
    }
}

/// Exercises an organisation: its document round trip, the A/B acting holder of every post at instants
/// from the input (checked against the rule), and catalogs against it (the county fixture and `second`),
/// with their service guides.
pub fn exercise_org(org: &Org, second: Option<&str>, ops: &mut Ops) {
    let json = org.to_json();
    let back = Org::from_json(&json).unwrap_or_else(|e| panic!("to_json output does not read back: {e}\n{json}"));
    assert_eq!(&back, org, "round trip changed the organisation");
    assert_eq!(back.to_json(), json, "round trip changed the document");

    let spec = org.spec();
    for post in spec.posts.iter().take(32) {
        for _ in 0..4 {
            let at = pick_instant(org, ops);
            match org.acting_holder(&post.id, at) {
                Ok(acting) => {
                    let who = acting.staff();
                    assert!(org.staff(who).is_some(), "acting holder {who} is not a staff member");
                    assert!(!org.is_absent(who, at), "acting holder {who} is absent at {at}");
                    assert!(org.may_act_for(who, &post.id, at));
                    let expected = match &acting {
                        xiaoneng::Acting::Holder { .. } => post.holder.clone(),
                        xiaoneng::Acting::Backup { .. } => post
                            .backup
                            .as_deref()
                            .and_then(|b| org.post(b))
                            .and_then(|b| b.holder.clone()),
                        xiaoneng::Acting::UnitHead { .. } => org.unit(&post.unit).and_then(|u| u.head.clone()),
                    };
                    assert_eq!(expected.as_deref(), Some(who), "{acting:?} for post {}", post.id);
                    if !matches!(acting, xiaoneng::Acting::Holder { .. }) {
                        assert!(
                            post.holder.as_ref().is_none_or(|h| org.is_absent(h, at)),
                            "the A holder is present but {acting:?} acts"
                        );
                    }
                    let j = serde_json::to_string(&acting).expect("acting serializes");
                    let back: xiaoneng::Acting = serde_json::from_str(&j).expect("acting reads back");
                    assert_eq!(back, acting);
                }
                Err(_) => {
                    if let Some(h) = &post.holder {
                        assert!(org.is_absent(h, at), "no acting holder although A ({h}) is present");
                    }
                }
            }
        }
    }
    for s in spec.staff.iter().take(16) {
        let at = pick_instant(org, ops);
        let _ = org.is_absent(&s.id, at);
        for r in &s.roles {
            assert!(org.has_role(&s.id, *r));
        }
    }

    let county = county();
    for text in std::iter::once(CATALOG).chain(second) {
        for catalog in [Catalog::from_json(text, org), Catalog::from_toml(text, org)]
            .into_iter()
            .flatten()
        {
            exercise_catalog(&catalog, org);
            if let Ok(engine) = Engine::new(county.policy.clone(), org.clone(), catalog.clone()) {
                assert!(engine.is_empty());
            }
        }
    }
}

fn exercise_catalog(catalog: &Catalog, org: &Org) {
    let json = catalog.to_json();
    let back =
        Catalog::from_json(&json, org).unwrap_or_else(|e| panic!("to_json output does not read back: {e}\n{json}"));
    assert_eq!(&back, catalog, "round trip changed the catalog");
    assert_eq!(back.to_json(), json);
    for item in catalog.items().iter().take(16) {
        assert!(catalog.item(&item.code).is_some());
        let guide = catalog
            .guide(&item.code, org)
            .unwrap_or_else(|e| panic!("no guide for item {}: {e}", item.code));
        let _ = guide.to_json();
        let md = guide.to_markdown();
        assert!(md.starts_with("# "));
    }
}

/// Runs a `command_json` input: a JSON script when its first byte is `{`, `a`, a space or a newline (and
/// the input is UTF-8), else structured steps ([`crate::steps`]) from the bytes after the first.
pub fn run_input(data: &[u8]) {
    match data.first() {
        Some(b'{' | b'a' | b' ' | b'\n') => {
            if let Ok(text) = std::str::from_utf8(data) {
                run_script(text);
            }
        }
        Some(_) => crate::steps::run_bytes(&data[1..]),
        None => {}
    }
}
