//! Drivers of the engine targets: policies, organisations and catalogs from untrusted text, and command
//! sequences against the county preset and fixtures.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use xiaoneng::{Catalog, Command, Engine, Event, Org, Policy};

use crate::Ops;

/// The county preset (`presets/county.toml`).
pub const POLICY: &str = include_str!("../../presets/county.toml");
/// The county organisation fixture.
pub const ORG: &str = include_str!("../../tests/fixtures/county-org.json");
/// The county catalog fixture.
pub const CATALOG: &str = include_str!("../../tests/fixtures/county-catalog.json");

/// The county configuration and an empty engine over it, built once per process.
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
        let policy = Policy::from_toml(POLICY).expect("county preset");
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

/// A live engine with the log of every event it produced, checked as it goes.
pub struct Run {
    /// The engine.
    pub engine: Engine,
    /// Every event produced, in order.
    pub log: Vec<Event>,
    /// Case numbers named by commands (for views).
    pub cases: Vec<String>,
    /// The latest instant seen.
    pub last: Option<DateTime<Utc>>,
}

impl Run {
    /// A run on a clone of `engine`.
    pub fn new(engine: &Engine) -> Self {
        Run {
            engine: engine.clone(),
            log: Vec::new(),
            cases: Vec::new(),
            last: None,
        }
    }

    /// Executes a command: a rejected one leaves the engine equal to before; an accepted one numbers its
    /// events on from the engine's sequence number.
    pub fn execute(&mut self, cmd: Command) {
        let at = cmd.at();
        let case = cmd.case().to_string();
        let before = self.engine.clone();
        match self.engine.execute(cmd) {
            Ok(events) => {
                trace(|| format!("execute {case} at {at}"), &events);
                check_seq(before.seq(), &self.engine, &events);
                self.log.extend(events);
                if !self.cases.contains(&case) && self.cases.len() < 16 {
                    self.cases.push(case);
                }
                self.last = Some(self.last.map_or(at, |l| l.max(at)));
            }
            Err(e) => {
                trace(|| format!("rejected {case} at {at}: {e}"), &[]);
                assert!(self.engine == before, "a rejected command ({e}) changed the engine");
            }
        }
    }

    /// Advances to `now`, checking the events' sequence numbers and time order.
    pub fn advance(&mut self, now: DateTime<Utc>) {
        let seq = self.engine.seq();
        let events = self.engine.advance(now);
        trace(|| format!("advance {now}"), &events);
        check_seq(seq, &self.engine, &events);
        for e in &events {
            assert!(e.at <= now, "advance({now}) fired an event at {}", e.at);
        }
        if let Some(t) = self.engine.next_timer() {
            assert!(t > now, "advance({now}) left a timer due at {t}");
        }
        self.log.extend(events);
        self.last = Some(self.last.map_or(now, |l| l.max(now)));
    }

    /// The end-of-run checks: events read back from their JSON, queries do not panic, a snapshot
    /// restores an equal engine, and replaying the log rebuilds an equal engine.
    pub fn finish(&self, policy: &Policy, org: &Org, catalog: &Catalog) {
        for e in &self.log {
            let json = serde_json::to_string(e).expect("an event serializes");
            let back: Event =
                serde_json::from_str(&json).unwrap_or_else(|err| panic!("event {json} does not read back: {err}"));
            assert_eq!(&back, e, "event JSON round trip");
        }
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
        let snapshot = self.engine.snapshot();
        let restored = Engine::restore(policy.clone(), org.clone(), catalog.clone(), &snapshot)
            .unwrap_or_else(|e| panic!("a snapshot does not restore: {e}"));
        if restored != self.engine {
            panic!(
                "restore(snapshot) differs from the live engine: {}",
                self.differs(&restored)
            );
        }
        let replayed = Engine::replay(policy.clone(), org.clone(), catalog.clone(), &self.log)
            .unwrap_or_else(|e| panic!("the live event log does not replay: {e}"));
        if replayed != self.engine {
            panic!(
                "replay of the live log differs from the live engine: {}",
                self.differs(&replayed)
            );
        }
    }
}

impl Run {
    /// Where `other` differs from the live engine: sequence number, next timer, or the first case.
    fn differs(&self, other: &Engine) -> String {
        let (a, b) = (&self.engine, other);
        if a.seq() != b.seq() {
            return format!("seq {} vs {}", a.seq(), b.seq());
        }
        let mut ids: Vec<&str> = self.log.iter().map(|e| e.case.as_str()).collect();
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
}

/// With `XN_FUZZ_TRACE` set (e.g. `XN_FUZZ_TRACE=1 cargo +nightly fuzz run command_json <crash file>`),
/// prints each step and its events to stderr.
fn trace(what: impl FnOnce() -> String, events: &[Event]) {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("XN_FUZZ_TRACE").is_some()) {
        eprintln!("{}", what());
        for e in events {
            eprintln!("    #{} {} {:?}", e.seq, e.at, e.kind);
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

/// Runs a command script against the county engine: one JSON command per line, or `advance <RFC 3339>`;
/// after some commands (chosen by the input's hash) an advance to an instant derived from the input.
/// At most 64 lines.
pub fn run_script(text: &str) {
    let county = county();
    let mut ops = Ops::new(text.as_bytes(), &[]);
    let mut run = Run::new(&county.engine);
    for line in text.lines().take(64) {
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
    run.finish(&county.policy, &county.org, &county.catalog);
}

/// A fixed day of work, for an engine built from a fuzzed policy: receive, notice and corrections,
/// accept, steps, joint reply, decisions and advances, with the usual invariants.
pub fn exercise_policy(policy: &Policy, ops: &mut Ops) {
    let county = county();
    let Ok(engine) = Engine::new(policy.clone(), county.org.clone(), county.catalog.clone()) else {
        return;
    };
    let mut run = Run::new(&engine);
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
            1,
            r#"{"type":"notify_corrections","case":"A","at":"AT","actor":"s-clerk","missing":["营业执照复印件"]}"#,
        ),
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
    run.finish(policy, &county.org, &county.catalog);
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
