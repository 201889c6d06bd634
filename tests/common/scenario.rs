//! Random scenarios of the county engine (proptest strategies): commands of every kind (cases, inquiries
//! and complaints) by every staff member and the applicant on three records, and advances, at increasing
//! instants from 2026-09-21 (so that late ones reach the provisional days of 2027). Shared by `engine_properties.rs` and `replay_rules.rs`.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use xiaoneng::commands;
use xiaoneng::{
    Catalog, Category, Channel, Command, Document, Engine, Event, Finding, InquiryOutcome, Opinion, Org, PauseKind,
    Policy, YearNotice,
};

pub const POLICY: &str = include_str!("../../presets/county.toml");
pub const ORG: &str = include_str!("../fixtures/county-org.json");
pub const CATALOG: &str = include_str!("../fixtures/county-catalog.json");
pub const ITEMS: [&str; 2] = ["330100-FOOD-001", "330100-BLDG-007"];
pub const ACTORS: [&str; 7] = ["s-clerk", "s-clerk2", "s-rev", "s-rev2", "s-head", "s-fire", "s-sup"];
pub const APPLICANT: &str = "某公司";

pub fn config() -> (Policy, Org, Catalog) {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    (Policy::from_toml(POLICY).unwrap(), org, catalog)
}

pub fn engine() -> Engine {
    let (p, o, c) = config();
    Engine::new(p, o, c).unwrap()
}

pub fn start() -> DateTime<Utc> {
    super::t("2026-09-21T08:00:00+08:00")
}

/// One step of a scenario: a command (by kind, case, actor and time offset) or an advance.
#[derive(Debug, Clone)]
pub enum Op {
    Cmd {
        kind: u8,
        case: u8,
        actor: u8,
        item: u8,
        flag: bool,
    },
    Advance,
}

pub fn op() -> impl Strategy<Value = (Op, i64)> {
    let cmd = (0u8..27, 0u8..3, 0u8..8, 0u8..2, any::<bool>()).prop_map(|(kind, case, actor, item, flag)| Op::Cmd {
        kind,
        case,
        actor,
        item,
        flag,
    });
    (prop_oneof![9 => cmd, 1 => Just(Op::Advance)], 0i64..(3 * 86_400))
}

pub fn command(kind: u8, case: u8, actor: u8, item: u8, flag: bool, at: DateTime<Utc>) -> Option<Command> {
    let case = format!("C{case}");
    let actor = if actor as usize >= ACTORS.len() {
        APPLICANT.to_string()
    } else {
        ACTORS[actor as usize].to_string()
    };
    let s = |x: &str| x.to_string();
    Some(match kind {
        0 => Command::from(commands::Receive {
            case,
            at,
            actor,
            item: s(ITEMS[item as usize]),
            applicant: s(APPLICANT),
            materials: vec![s("申请书")],
            renewal_of_expiry: None,
        }),
        1 => Command::from(commands::NotifyCorrections {
            case,
            at,
            actor,
            missing: vec![s(if flag { "营业执照复印件" } else { "申请书" })],
        }),
        2 => Command::from(commands::SubmitCorrections {
            case,
            at,
            actor,
            materials: vec![s("营业执照复印件")],
        }),
        3 => Command::from(commands::Accept { case, at, actor }),
        4 => Command::from(commands::Refuse {
            case,
            at,
            actor,
            reasons: s("不属于本机关职权"),
            legal_basis: s("第三十二条"),
            remedies: if flag { s("可复议") } else { s("") },
        }),
        5 => Command::from(commands::ReportNegative {
            case,
            at,
            actor,
            superior: s(if flag { "s-head" } else { "s-clerk" }),
        }),
        6 | 7 => Command::from(commands::CompleteStep { case, at, actor }),
        8 => Command::from(commands::Pause {
            case,
            at,
            actor,
            kind: if flag {
                PauseKind::Inspection
            } else {
                PauseKind::Auction
            },
            notice: s("告知书"),
        }),
        9 => Command::from(commands::Resume { case, at, actor }),
        10 => Command::from(commands::Extend {
            case,
            at,
            actor,
            amount: if flag { 10 } else { 11 },
            reason: s("现场核查"),
        }),
        11 => Command::from(commands::Decide {
            case,
            at,
            actor,
            approve: flag,
            reasons: s("不符合条件"),
            legal_basis: s("第三十八条"),
            remedies: s("可复议"),
        }),
        12 => Command::from(commands::Deliver { case, at, actor }),
        13 => Command::from(commands::JointReply {
            case,
            at,
            actor,
            unit: s("fire"),
            opinion: if flag { Opinion::Agree } else { Opinion::Disagree },
            reasons: String::new(),
        }),
        18 => Command::from(commands::Terminate {
            case,
            at,
            actor,
            reason: if flag { s("申请人已注销") } else { String::new() },
        }),
        16 => Command::from(commands::RecordInquiry {
            case,
            at,
            actor,
            person: s(APPLICANT),
            topic: s("材料"),
            also_asked: if flag { vec![s("s-head")] } else { vec![] },
        }),
        17 => Command::from(commands::AnswerInquiry {
            case,
            at,
            actor,
            outcome: if flag {
                InquiryOutcome::Guided
            } else {
                InquiryOutcome::Answered
            },
            guided_to: String::new(),
        }),
        14 => Command::from(commands::Rate {
            case,
            at,
            actor,
            level: if flag { 5 } else { 1 },
            real_name: flag,
            comment: String::new(),
        }),
        19 => Command::from(commands::RegisterComplaint {
            case,
            at,
            actor,
            channel: Channel::Hotline12345,
            category: Category::Delay,
            respondent: s("amr"),
            subject: s("办件超期未办结"),
            complainant: flag.then(|| s("张先生")),
            contact: String::new(),
        }),
        20 => Command::from(commands::AcceptComplaint {
            case,
            at,
            actor,
            tier: xiaoneng::Tier::Unit,
            handler: s(if flag { "s-head" } else { "s-fire" }),
        }),
        21 => Command::from(commands::HandleComplaint {
            case,
            at,
            actor,
            finding: if flag {
                Finding::Substantiated
            } else {
                Finding::Unsubstantiated
            },
            summary: s("已核查"),
            responsible: flag.then(|| s("s-rev")),
        }),
        22 => Command::from(commands::CloseComplaint { case, at, actor }),
        23 => Command::from(commands::ReturnComplaint {
            case,
            at,
            actor,
            reason: s("未说明整改措施"),
            amount: 5,
        }),
        24 => Command::from(commands::CallBackComplaint {
            case,
            at,
            actor,
            satisfied: flag,
            note: s("仍未办结"),
        }),
        25 => Command::from(commands::ExtendComplaint {
            case,
            at,
            actor,
            amount: if flag { 10 } else { 20 },
            reason: s("情况复杂"),
        }),
        26 => Command::from(commands::ReplyComplaint {
            case,
            at,
            actor,
            reply: s("已办结"),
        }),
        _ => Command::from(commands::Withdraw { case, at, actor }),
    })
}

/// Runs a scenario, checking the per-command invariants; returns the engine and the event log. With
/// `notice` (an index into `ops` and a year notice), the notice is added to the engine's calendar at the
/// instant of that step, before it (`Engine::add_notice`), as a host adds next year's notice at run time.
pub fn run(ops: &[(Op, i64)], notice: Option<(usize, YearNotice)>) -> Result<(Engine, Vec<Event>), TestCaseError> {
    let mut e = engine();
    let mut log = Vec::new();
    let mut now = start();
    for (k, (op, dt)) in ops.iter().enumerate() {
        now += Duration::seconds(*dt);
        if let Some((_, year)) = notice.as_ref().filter(|(at, _)| *at == k) {
            let events = e
                .add_notice(year.clone(), now)
                .map_err(|err| TestCaseError::fail(format!("the notice is refused: {err}")))?;
            prop_assert!(
                events.windows(2).all(|w| w[0].at <= w[1].at),
                "a notice's events are out of time order: {:?}",
                events
            );
            log.extend(events);
        }
        let events = match op {
            Op::Advance => e.advance(now),
            Op::Cmd {
                kind,
                case,
                actor,
                item,
                flag,
            } => {
                let Some(cmd) = command(*kind, *case, *actor, *item, *flag, now) else {
                    continue;
                };
                let before = e.clone();
                match e.execute(cmd) {
                    Ok(ev) => ev,
                    Err(_) => {
                        prop_assert!(e == before, "a rejected command changed the engine");
                        continue;
                    }
                }
            }
        };
        // The events of one answer (`execute` or `advance`) are in time order, across all cases.
        prop_assert!(
            events.windows(2).all(|w| w[0].at <= w[1].at),
            "an answer's events are out of time order: {:?}",
            events
        );
        log.extend(events);
    }
    let last = e.advance(now + Duration::days(120));
    prop_assert!(
        last.windows(2).all(|w| w[0].at <= w[1].at),
        "advance out of time order: {:?}",
        last
    );
    log.extend(last);
    Ok((e, log))
}
