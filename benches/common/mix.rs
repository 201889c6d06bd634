//! The bench mix shared by the engine and journal benches: the county configuration and a realistic
//! stream of commands (see `benches/engine.rs`, "How it is measured" in docs/benchmarks.md).

use chrono::{DateTime, Duration as Span, NaiveDate, Utc};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use xiaoneng::commands;
use xiaoneng::{Calendar, Catalog, Command, Document, Engine, Event, Opinion, Org, Policy};

pub const POLICY: &str = include_str!("../../presets/county.toml");
pub const ORG: &str = include_str!("../../tests/fixtures/county-org.json");
pub const CATALOG: &str = include_str!("../../tests/fixtures/county-catalog.json");
pub const FOOD: &str = "330100-FOOD-001";
pub const FIRE_CHECK: &str = "330100-BLDG-007";

/// A seeded generator (ChaCha8, a fixed algorithm), so runs compare across machines and commits.
pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u32) -> bool {
        self.0.random_ratio(percent, 100)
    }
}

pub fn config() -> (Policy, Org, Catalog) {
    let org = Org::from_json(ORG).expect("county org fixture");
    let catalog = Catalog::from_json(CATALOG, &org).expect("county catalog fixture");
    (Policy::from_toml(POLICY).expect("county preset"), org, catalog)
}

pub fn engine() -> Engine {
    let (p, o, c) = config();
    Engine::new(p, o, c).expect("county engine")
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Working days from `first` to `last` inclusive.
pub fn working_days(cal: &Calendar, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| cal.is_workday(*d).expect("covered day"))
        .collect()
}

/// Local time `h:m` on `date` (the calendar's offset, +08:00) as an instant.
pub fn at(cal: &Calendar, date: NaiveDate, h: i64, m: i64) -> DateTime<Utc> {
    cal.start_of_day(date) + Span::hours(h) + Span::minutes(m)
}

/// The staff member who acts for `post` at `t` (A, B, or the unit head under the A/B rule).
pub fn acting(e: &Engine, post: &str, t: DateTime<Utc>) -> String {
    e.org()
        .acting_holder(post, t)
        .expect("someone acts")
        .staff()
        .to_string()
}

/// One case's commands, in time order: a realistic mix of outcomes.
pub fn case_commands(e: &Engine, rng: &mut Rng, id: String, day0: NaiveDate) -> Vec<Command> {
    let cal = e.calendar();
    let day = |k: i64| cal.add_workdays(day0, k).expect("covered day");
    let clerk = |k: usize| if k.is_multiple_of(3) { "s-clerk2" } else { "s-clerk" }.to_string();
    let case = || id.clone();
    let item = if rng.percent(20) { FIRE_CHECK } else { FOOD };
    let minute = rng.below(60) as i64;
    let applicant = format!("申请人{}", rng.below(100_000));
    let mut out = vec![Command::from(commands::Receive {
        case: case(),
        at: at(cal, day0, 9, minute),
        actor: clerk(rng.below(3)),
        item: item.to_string(),
        applicant: applicant.clone(),
        materials: vec!["食品经营许可申请书".to_string(), "营业执照复印件".to_string()],
        renewal_of_expiry: None,
    })];
    let roll = rng.below(100);
    if roll < 7 {
        // Refused at the window, reported to the unit head.
        out.push(Command::from(commands::Refuse {
            case: case(),
            at: at(cal, day0, 14, minute),
            actor: clerk(rng.below(3)),
            reasons: "不属于本机关职权范围".to_string(),
            legal_basis: "《中华人民共和国行政许可法》第三十二条第一款第二项".to_string(),
            remedies: "可于六十日内申请行政复议或六个月内提起行政诉讼".to_string(),
        }));
        out.push(Command::from(commands::ReportNegative {
            case: case(),
            at: at(cal, day0, 16, minute),
            actor: clerk(rng.below(3)),
            superior: "s-head".to_string(),
        }));
        return out;
    }
    // Some applicants are told once what is missing and hand it in the next working day.
    let mut accept_at = at(cal, day0, 10, minute);
    if rng.percent(30) {
        out.push(Command::from(commands::NotifyCorrections {
            case: case(),
            at: at(cal, day0, 10, minute),
            actor: clerk(rng.below(3)),
            missing: vec!["与食品经营相适应的设备布局和操作流程文件".to_string()],
        }));
        out.push(Command::from(commands::SubmitCorrections {
            case: case(),
            at: at(cal, day(1), 9, minute),
            actor: clerk(rng.below(3)),
            materials: vec!["与食品经营相适应的设备布局和操作流程文件".to_string()],
        }));
        accept_at = at(cal, day(1), 10, minute);
    }
    out.push(Command::from(commands::Accept {
        case: case(),
        at: accept_at,
        actor: clerk(rng.below(3)),
    }));
    let steps: Vec<String> = e
        .catalog()
        .item(item)
        .expect("item")
        .steps
        .iter()
        .map(|s| s.post.clone())
        .collect();
    let first = cal.local_date(accept_at);
    let mut t = accept_at + Span::hours(1);
    let withdraw_after = (roll < 12).then(|| rng.below(steps.len()));
    for (k, post) in steps.iter().enumerate() {
        if withdraw_after == Some(k) {
            out.push(Command::from(commands::Withdraw {
                case: case(),
                at: t,
                actor: clerk(rng.below(3)),
            }));
            return out;
        }
        out.push(Command::from(commands::CompleteStep {
            case: case(),
            at: t,
            actor: acting(e, post, t),
        }));
        let next = cal.add_workdays(first, k as i64 + 1).expect("covered day");
        t = at(cal, next, 10, minute);
    }
    if item == FIRE_CHECK {
        // Joint review (并联审批): the fire brigade's opinion before the decision.
        out.push(Command::from(commands::JointReply {
            case: case(),
            at: t - Span::minutes(30),
            actor: "s-fire".to_string(),
            unit: "fire".to_string(),
            opinion: Opinion::Agree,
            reasons: String::new(),
        }));
    }
    if rng.percent(5) {
        out.push(Command::from(commands::Decide {
            case: case(),
            at: t,
            actor: "s-head".to_string(),
            approve: false,
            reasons: "经营场所不符合食品安全要求".to_string(),
            legal_basis: "《中华人民共和国食品安全法》第三十五条".to_string(),
            remedies: "可于六十日内申请行政复议或六个月内提起行政诉讼".to_string(),
        }));
        return out;
    }
    out.push(Command::from(commands::Decide {
        case: case(),
        at: t,
        actor: "s-head".to_string(),
        approve: true,
        reasons: String::new(),
        legal_basis: String::new(),
        remedies: String::new(),
    }));
    let delivered = at(
        cal,
        cal.add_workdays(cal.local_date(t), 1).expect("covered day"),
        11,
        minute,
    );
    out.push(Command::from(commands::Deliver {
        case: case(),
        at: delivered,
        actor: clerk(rng.below(3)),
    }));
    // Half the applicants rate the service (好差评); a few badly, and the unit head follows up.
    if rng.percent(50) {
        let bad = rng.percent(6);
        out.push(Command::from(commands::Rate {
            case: case(),
            at: delivered + Span::hours(2),
            actor: applicant.clone(),
            level: if bad { 2 } else { 4 + rng.below(2) as u8 },
            real_name: rng.percent(50),
            comment: if bad {
                "等候时间长".to_string()
            } else {
                String::new()
            },
        }));
        if bad {
            out.push(Command::from(commands::FollowUpRating {
                case: case(),
                at: delivered + Span::days(1),
                actor: "s-head".to_string(),
                result: "已核实并整改：增设窗口".to_string(),
            }));
        }
    }
    out
}

/// A 12345 complaint about a case's unit (2 in 100 cases draw one), in time order: registered by the
/// efficiency office, referred to the unit, handled by its head, reviewed and closed, and the named
/// complainant replied to.
pub fn complaint_commands(e: &Engine, rng: &mut Rng, id: String, day0: NaiveDate) -> Vec<Command> {
    let cal = e.calendar();
    let day = |k: i64| cal.add_workdays(day0, k).expect("covered day");
    let minute = rng.below(60) as i64;
    let case = || id.clone();
    let named = rng.percent(70);
    let substantiated = rng.percent(30);
    let mut out = vec![
        Command::from(commands::RegisterComplaint {
            case: case(),
            at: at(cal, day(1), 9, minute),
            actor: "s-sup".to_string(),
            channel: xiaoneng::Channel::Hotline12345,
            category: xiaoneng::Category::Delay,
            respondent: "amr".to_string(),
            subject: format!("食品经营许可申请{}个工作日未办结", 3 + rng.below(10)),
            complainant: named.then(|| format!("投诉人{}", rng.below(100_000))),
            contact: String::new(),
        }),
        Command::from(commands::AcceptComplaint {
            case: case(),
            at: at(cal, day(2), 9, minute),
            actor: "s-sup".to_string(),
            tier: xiaoneng::Tier::Unit,
            handler: "s-head".to_string(),
        }),
        Command::from(commands::HandleComplaint {
            case: case(),
            at: at(cal, day(6), 9, minute),
            actor: "s-head".to_string(),
            finding: if substantiated {
                xiaoneng::Finding::Substantiated
            } else {
                xiaoneng::Finding::Unsubstantiated
            },
            summary: "已核查并督促办结".to_string(),
            responsible: substantiated.then(|| "s-rev".to_string()),
        }),
        Command::from(commands::CloseComplaint {
            case: case(),
            at: at(cal, day(7), 9, minute),
            actor: "s-sup".to_string(),
        }),
    ];
    if named {
        out.push(Command::from(commands::ReplyComplaint {
            case: case(),
            at: at(cal, day(8), 9, minute),
            actor: "s-head".to_string(),
            reply: "您反映的问题已核查处理".to_string(),
        }));
    }
    if substantiated {
        out.extend(rectification_commands(cal, &format!("{id}-ZG1"), &day, minute));
    }
    out
}

/// The rectification a substantiated complaint orders (`<complaint>-ZG1`), carried through: signed by
/// the unit head with two milestones, the milestones and the three 到位 reported, completed and verified.
fn rectification_commands(cal: &Calendar, id: &str, day: &dyn Fn(i64) -> NaiveDate, minute: i64) -> Vec<Command> {
    let case = || id.to_string();
    let report = |k: i64, milestone: Option<u32>, in_place: Option<xiaoneng::InPlace>| {
        Command::from(commands::ReportPledge {
            case: case(),
            at: at(cal, day(k), 10, minute),
            actor: "s-clerk".to_string(),
            note: "已落实".to_string(),
            milestone,
            in_place,
        })
    };
    vec![
        Command::from(commands::SignPledge {
            case: case(),
            at: at(cal, day(8), 10, minute),
            actor: "s-head".to_string(),
            measures: "建立办件超期预警和AB岗顶岗制度".to_string(),
            responsible: "s-clerk".to_string(),
            standard: "承诺时限内办结率100%".to_string(),
            amount: 15,
            milestones: vec!["制度印发".to_string(), "全员培训".to_string()],
            milestone_days: vec![5, 10],
        }),
        report(10, Some(1), Some(xiaoneng::InPlace::Recognition)),
        report(13, Some(2), Some(xiaoneng::InPlace::Rectification)),
        report(14, None, Some(xiaoneng::InPlace::Accountability)),
        Command::from(commands::CompletePledge {
            case: case(),
            at: at(cal, day(15), 10, minute),
            actor: "s-head".to_string(),
            evidence: "制度文件、培训签到表".to_string(),
        }),
        Command::from(commands::VerifyPledge {
            case: case(),
            at: at(cal, day(16), 10, minute),
            actor: "s-sup".to_string(),
            passed: true,
            evidence: "抽查10件均按时办结".to_string(),
            amount: None,
        }),
    ]
}

/// The commands of `cases` cases received on working days of 2026 (January to September, so every
/// deadline, up to 45 working days and an extension, stays inside the bundled calendar), interleaved
/// in time order as a portal would send them, with a 12345 complaint about 2 in 100 of them
/// ([`complaint_commands`]; a substantiated one carries its rectification pledge through), and the event
/// log they produce.
pub fn mix(cases: usize) -> (Vec<Command>, Vec<Event>) {
    let e = engine();
    let days = working_days(e.calendar(), ymd(2026, 1, 5), ymd(2026, 9, 30));
    let mut rng = Rng::new(2026);
    let mut all: Vec<(DateTime<Utc>, usize, Command)> = Vec::new();
    for k in 0..cases {
        let day0 = days[k * days.len() / cases];
        for c in case_commands(&e, &mut rng, format!("330100-2026-{k:07}"), day0) {
            all.push((c.at(), k, c));
        }
        if rng.percent(2) {
            for c in complaint_commands(&e, &mut rng, format!("TS-2026-{k:07}"), day0) {
                all.push((c.at(), k, c));
            }
        }
    }
    all.sort_by_key(|(t, k, _)| (*t, *k));
    let commands: Vec<Command> = all.into_iter().map(|(_, _, c)| c).collect();
    // Every command of the mix is accepted by the engine; keep the log for the replay benchmark.
    let mut live = engine();
    let mut log = Vec::new();
    for c in &commands {
        match live.execute(c.clone()) {
            Ok(ev) => log.extend(ev),
            Err(err) => panic!("the mix has a rejected command {c:?}: {err}"),
        }
    }
    (commands, log)
}
