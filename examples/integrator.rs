//! What an integrator's portal does with the engine, top to bottom.
//!
//! One item (a fire-safety check for a public venue, handled jointly with the fire brigade), one
//! applicant, a correction, a joint review where the fire brigade skips the joint meeting, the 2026
//! National Day holiday, an extension, a decision and delivery. The portal sends commands as they happen
//! and calls `advance` on a timer; the engine answers with events, which the portal stores and shows.
//!
//! Run: `cargo run --example integrator`

use chrono::{DateTime, Utc};
use xiaoneng::commands;
use xiaoneng::{Catalog, Command, Document, Engine, Event, EventKind, Org, Policy};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid instant")
}

fn show(events: &[Event]) {
    for e in events {
        let local =
            e.at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00"));
        let who = e.actor.as_deref().unwrap_or("(timer)");
        let what = serde_json::to_value(&e.kind).expect("events serialize");
        println!("  #{:<3} {}  {:<10} {}", e.seq, local.format("%m-%d %H:%M"), who, what);
    }
}

/// Sends one command and prints what the engine answers.
fn step(engine: &mut Engine, title: &str, command: Command) -> xiaoneng::Result<()> {
    println!("{title}");
    show(&engine.execute(command)?);
    Ok(())
}

fn main() -> xiaoneng::Result<()> {
    // Configuration: the county's rules, its organisation and its catalog of service items.
    let policy = Policy::from_toml(include_str!("../presets/county.toml"))?;
    let org = Org::from_json(include_str!("../tests/fixtures/county-org.json"))?;
    let catalog = Catalog::from_json(include_str!("../tests/fixtures/county-catalog.json"), &org)?;
    println!("{}", catalog.guide("330100-BLDG-007", &org)?.to_markdown());
    let mut engine = Engine::new(policy, org, catalog)?;

    let case = "2026-AMR-0001";

    step(
        &mut engine,
        "Mon 09-28 09:00  the applicant hands in the declaration form at window A12",
        Command::from(commands::Receive {
            case: case.into(),
            at: at("2026-09-28T09:00:00+08:00"),
            actor: "s-clerk".into(),
            item: "330100-BLDG-007".into(),
            applicant: "某影城有限公司".into(),
            materials: vec!["消防安全检查申报表".into()],
            renewal_of_expiry: None,
        }),
    )?;
    step(
        &mut engine,
        "Mon 09-28 09:30  one-time notice of everything missing (art. 32)",
        Command::from(commands::NotifyCorrections {
            case: case.into(),
            at: at("2026-09-28T09:30:00+08:00"),
            actor: "s-clerk".into(),
            missing: vec!["消防设施检测报告".into(), "疏散平面图".into()],
        }),
    )?;
    step(
        &mut engine,
        "Tue 09-29 10:00  the applicant brings the missing documents",
        Command::from(commands::SubmitCorrections {
            case: case.into(),
            at: at("2026-09-29T10:00:00+08:00"),
            actor: "s-clerk".into(),
            materials: vec!["消防设施检测报告".into(), "疏散平面图".into()],
        }),
    )?;
    step(
        &mut engine,
        "Tue 09-29 10:30  accepted: the statutory (45) and pledged (15 working days) clocks start",
        Command::from(commands::Accept {
            case: case.into(),
            at: at("2026-09-29T10:30:00+08:00"),
            actor: "s-clerk".into(),
        }),
    )?;
    step(
        &mut engine,
        "Tue 09-29 11:00  the window completes step 1 (受理)",
        Command::from(commands::CompleteStep {
            case: case.into(),
            at: at("2026-09-29T11:00:00+08:00"),
            actor: "s-clerk".into(),
        }),
    )?;
    step(
        &mut engine,
        "Wed 09-30 15:00  joint meeting; the fire brigade does not come and gave no excuse (absence default)",
        Command::from(commands::JointAbsence {
            case: case.into(),
            at: at("2026-09-30T15:00:00+08:00"),
            actor: "s-rev".into(),
            unit: "fire".into(),
            excused: false,
        }),
    )?;

    println!("Thu 10-01 .. Wed 10-07  National Day holiday: the portal's timer calls advance; nothing is due");
    show(&engine.advance(at("2026-10-07T23:59:00+08:00")));

    step(
        &mut engine,
        "Fri 10-09 09:00  the county government's head extends by 10 working days (art. 42: a joint item)",
        Command::from(commands::Extend {
            case: case.into(),
            at: at("2026-10-09T09:00:00+08:00"),
            actor: "s-gov-head".into(),
            amount: 10,
            reason: "需组织专家现场评估".into(),
        }),
    )?;
    println!("Mon 10-12 .. Fri 10-16  the reviewer (A) is on leave, and the B reviewer on 10-14 and 10-15");
    show(&engine.advance(at("2026-10-16T09:00:00+08:00")));
    step(
        &mut engine,
        "Fri 10-16 10:00  the B reviewer completes the joint review while A is on leave (A/B posts)",
        Command::from(commands::CompleteStep {
            case: case.into(),
            at: at("2026-10-16T10:00:00+08:00"),
            actor: "s-rev2".into(),
        }),
    )?;
    let view = engine.view(case, at("2026-10-16T12:00:00+08:00"))?;
    if let Some(d) = &view.decision {
        println!(
            "  view: {:?}, supervised deadline {} ({} of {} working days used), signal {}",
            view.state,
            d.deadline_date,
            d.used,
            d.budget,
            d.signal.label_zh()
        );
    }
    step(
        &mut engine,
        "Mon 10-19 16:00  the unit head approves",
        Command::from(commands::Decide {
            case: case.into(),
            at: at("2026-10-19T16:00:00+08:00"),
            actor: "s-head".into(),
            approve: true,
            reasons: String::new(),
            legal_basis: String::new(),
            remedies: String::new(),
        }),
    )?;
    step(
        &mut engine,
        "Tue 10-20 09:00  the certificate is delivered; the case closes",
        Command::from(commands::Deliver {
            case: case.into(),
            at: at("2026-10-20T09:00:00+08:00"),
            actor: "s-clerk".into(),
        }),
    )?;
    println!("Wed 10-28 00:00  no rating 7 natural days after delivery: the county's default (基本满意) is recorded");
    let events = engine.advance(at("2026-10-31T00:00:00+08:00"));
    show(&events);
    assert!(events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Rated { deemed: true, .. })));

    // Monthly figures (docs/metrics.md): each event counts in the month it happened.
    let rate = |r: Option<rust_decimal::Decimal>| r.map_or("none".to_string(), |r| r.to_string());
    for (month, from, to) in [
        ("September", "2026-09-01T00:00:00+08:00", "2026-10-01T00:00:00+08:00"),
        ("October", "2026-10-01T00:00:00+08:00", "2026-11-01T00:00:00+08:00"),
    ] {
        let m = &engine.metrics(at(from), at(to))?[0];
        println!(
            "\n{month}, unit {}: received {}, decided {} ({} on time, on-time rate {}), open overdue {}, \
             real ratings {}, default ratings {} (satisfaction {})",
            m.unit,
            m.received,
            m.decided,
            m.on_time,
            rate(m.on_time_rate),
            m.open_overdue,
            m.real_ratings,
            m.deemed_ratings,
            rate(m.satisfaction_rate)
        );
    }
    println!(
        "The log has {} events; Engine::replay of them rebuilds this state.",
        engine.seq()
    );
    Ok(())
}
