//! One 12345-hotline efficiency complaint, from the call to a confirmed sanction and a verified
//! rectification.
//!
//! A citizen calls the 12345 hotline: his food-business licence application at the market regulator (`amr`)
//! is past its pledged limit. The efficiency office registers and accepts the complaint, refers it to the
//! regulator's head, who finds it substantiated (the reviewer `s-rev` sat on it); the office reviews and
//! closes it. Closing records the `substantiated_complaint` violation (against `s-rev`, unit `amr`, head
//! `s-head`) and orders the unit's rectification `T1-ZG1`. An accountability matter on the violation gets
//! the county ladder's proposal, with its derivation; a second supervisor (`s-sup2`) confirms it, so the
//! sanction holds: no award for `s-rev` in 2026, one filing in November. The head signs the rectification
//! pledge with its five specifics, reports its milestones and the three 到位, and reports it fulfilled;
//! `s-sup2` verifies it: kept. The violation register closes the walk.
//!
//! Configuration: presets/county.toml, tests/fixtures/county-org.json (with a second supervisor of the
//! efficiency office, `s-sup2`, added here: review and verification are by a different person) and
//! tests/fixtures/county-catalog.json. Rules: docs/rules.md, "Efficiency complaints", "Pledges", "The
//! violation register", "Sanction ladder and filing".
//!
//! Every expectation is checked: the example exits non-zero when one does not hold.
//!
//! Run: `cargo run --example complaint_to_sanction`

use chrono::{DateTime, NaiveDate, Utc};
use xiaoneng::commands::*;
use xiaoneng::{
    Catalog, Category, Channel, Command, Document, Engine, Event, EventKind, Finding, InPlace, MatterState, Org,
    PledgeState, PledgeStatus, Policy, RegisterState, Rule, Severity, Tier, ViolationQuery,
};

type Checked<T> = Result<T, Box<dyn std::error::Error>>;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid instant")
}

/// Fails the example with `what` when `ok` is false.
fn expect(ok: bool, what: &str) -> Checked<()> {
    if ok {
        Ok(())
    } else {
        Err(format!("expectation failed: {what}").into())
    }
}

fn show(events: &[Event]) {
    for e in events {
        let local =
            e.at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00"));
        let who = e.actor.as_deref().unwrap_or("(timer)");
        let what = serde_json::to_value(&e.kind).expect("events serialize");
        println!(
            "  #{:<3} {}  {:<8} {:<8} {}",
            e.seq,
            local.format("%m-%d %H:%M"),
            e.case,
            who,
            what
        );
    }
}

/// Sends one command, prints what the engine answers and returns it.
fn step(engine: &mut Engine, title: &str, command: impl Into<Command>) -> Checked<Vec<Event>> {
    println!("{title}");
    let events = engine.execute(command.into())?;
    show(&events);
    Ok(events)
}

/// Prints the pledge's status at `when` and checks it.
fn status(engine: &Engine, when: &str, want: PledgeStatus) -> Checked<()> {
    let got = engine.pledge_status("T1-ZG1", at(when))?;
    println!("  status of T1-ZG1 at {when}: {got:?}");
    expect(got == want, &format!("T1-ZG1 is {want:?} at {when}, not {got:?}"))
}

fn report(when: &str, actor: &str, note: &str, milestone: Option<u32>, in_place: Option<InPlace>) -> ReportPledge {
    ReportPledge {
        case: "T1-ZG1".into(),
        at: at(when),
        actor: actor.into(),
        note: note.into(),
        milestone,
        in_place,
    }
}

fn main() -> Checked<()> {
    // Configuration: the county's rules, its organisation with a second supervisor, its catalog.
    let mut org: serde_json::Value = serde_json::from_str(include_str!("../tests/fixtures/county-org.json"))?;
    org["staff"]
        .as_array_mut()
        .ok_or("the organisation has a staff array")?
        .push(serde_json::json!({"id": "s-sup2", "name": "韩梅", "unit": "eff", "roles": ["supervisor"], "rank": 3}));
    let org = Org::from_json(&org.to_string())?;
    let catalog = Catalog::from_json(include_str!("../tests/fixtures/county-catalog.json"), &org)?;
    let policy = Policy::from_toml(include_str!("../presets/county.toml"))?;
    let mut engine = Engine::new(policy, org, catalog)?;

    // 1. The complaint: registered, accepted and referred, handled, reviewed and closed.
    println!("== 1. The complaint T1 (12345 hotline, delay, about the market regulator)");
    step(
        &mut engine,
        "Mon 11-02 09:00  the efficiency office registers the hotline call",
        RegisterComplaint {
            case: "T1".into(),
            at: at("2026-11-02T09:00:00+08:00"),
            actor: "s-sup".into(),
            channel: Channel::Hotline12345,
            category: Category::Delay,
            respondent: "amr".into(),
            subject: "食品经营许可申请材料齐全，超过承诺时限仍未办结".into(),
            complainant: Some("张先生".into()),
            contact: "138****0000".into(),
        },
    )?;
    step(
        &mut engine,
        "Mon 11-02 10:00  accepted and referred to the regulator's head (分级办理)",
        AcceptComplaint {
            case: "T1".into(),
            at: at("2026-11-02T10:00:00+08:00"),
            actor: "s-sup".into(),
            tier: Tier::Unit,
            handler: "s-head".into(),
        },
    )?;
    step(
        &mut engine,
        "Wed 11-04 09:00  the head finds it substantiated: the reviewer s-rev sat on the file",
        HandleComplaint {
            case: "T1".into(),
            at: at("2026-11-04T09:00:00+08:00"),
            actor: "s-head".into(),
            finding: Finding::Substantiated,
            summary: "审核岗超时未办，已督促办结".into(),
            responsible: Some("s-rev".into()),
        },
    )?;
    let closed = step(
        &mut engine,
        "Thu 11-05 09:00  reviewed and closed by the office (审核办结)",
        CloseComplaint {
            case: "T1".into(),
            at: at("2026-11-05T09:00:00+08:00"),
            actor: "s-sup".into(),
        },
    )?;
    let kinds: Vec<&str> = closed.iter().map(|e| e.kind.name()).collect();
    expect(
        kinds == ["complaint_closed", "violation", "rectification_ordered"],
        &format!("closing gives complaint_closed, violation, rectification_ordered (got {kinds:?})"),
    )?;
    let violation = &closed[1];
    let EventKind::Violation {
        rule,
        responsible,
        unit,
        unit_head,
        ..
    } = &violation.kind
    else {
        return Err("the second event is a violation".into());
    };
    expect(
        (*rule, responsible.as_deref(), unit.as_deref(), unit_head.as_deref())
            == (Rule::SubstantiatedComplaint, Some("s-rev"), Some("amr"), Some("s-head")),
        "a substantiated_complaint violation against s-rev, unit amr, head s-head",
    )?;
    let seq = violation.seq;
    expect(
        closed[2].case == "T1-ZG1" && engine.pledge("T1-ZG1").map(|p| p.state()) == Some(PledgeState::Ordered),
        "the rectification T1-ZG1 is ordered",
    )?;
    expect(
        engine.register_state(seq) == Some(RegisterState::Recorded),
        "the violation is recorded",
    )?;
    step(
        &mut engine,
        "Thu 11-05 11:00  the complainant is told the result",
        ReplyComplaint {
            case: "T1".into(),
            at: at("2026-11-05T11:00:00+08:00"),
            actor: "s-sup".into(),
            reply: "您反映的问题属实，已责成市场监管局限期整改并追究责任".into(),
        },
    )?;

    // 2. Accountability: the ladder proposes, a second supervisor confirms.
    println!("\n== 2. The accountability matter W1 on violation #{seq}");
    step(
        &mut engine,
        "Thu 11-05 14:00  the office opens a matter on the registered violation",
        OpenMatter {
            case: "W1".into(),
            at: at("2026-11-05T14:00:00+08:00"),
            actor: "s-sup".into(),
            violation: Some(seq),
            trigger: None,
            person: None,
            detail: String::new(),
            severity: Severity::Ordinary,
        },
    )?;
    let matter = engine.matter("W1").ok_or("the matter W1 is open")?;
    let proposal = matter.proposal.as_ref().ok_or("the ladder proposed")?;
    println!(
        "  proposed ({}): {}",
        proposal.rule,
        serde_json::to_string(&proposal.outcome)?
    );
    println!("  derivation:");
    for reason in &proposal.derivation {
        println!("    {}", serde_json::to_string(reason)?);
    }
    expect(!proposal.derivation.is_empty(), "the proposal explains itself")?;
    expect(
        engine.sanctions().is_empty() && !engine.award_blocked("s-rev", 2026),
        "nothing takes effect before a decision",
    )?;
    expect(
        engine.register_state(seq) == Some(RegisterState::Proposed),
        "the violation is proposed",
    )?;
    step(
        &mut engine,
        "Fri 11-06 09:00  a second supervisor, s-sup2, confirms the proposal",
        DecideSanction {
            case: "W1".into(),
            at: at("2026-11-06T09:00:00+08:00"),
            actor: "s-sup2".into(),
            confirm: true,
            reason: String::new(),
            note: "经集体研究".into(),
            measures: vec![],
            effects: None,
            unit_points: None,
        },
    )?;
    let held = engine.sanctions();
    expect(
        held.len() == 1 && held[0].violation.person == "s-rev" && !held[0].changed,
        "one sanction holds, against s-rev, as proposed",
    )?;
    println!("  holds: {}", serde_json::to_string(&held[0].outcome)?);
    expect(
        engine.matter("W1").map(|m| m.state()) == Some(MatterState::Decided),
        "the matter is decided",
    )?;
    expect(
        engine.register_state(seq) == Some(RegisterState::Decided),
        "the violation is decided",
    )?;
    let blocked = engine.award_blocked("s-rev", 2026);
    println!("  award_blocked(s-rev, 2026) = {blocked}");
    expect(blocked, "s-rev may receive no award in 2026")?;
    expect(!engine.award_blocked("s-rev", 2027), "the bar is for 2026 only")?;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    // The period is half-open on local dates: [Nov 1, Dec 1) is November.
    let stats = engine.filing_stats(day(2026, 11, 1), day(2026, 12, 1))?;
    println!("  filings of November 2026: {}", serde_json::to_string(&stats)?);
    expect(stats.filings == 1, "one filing in November")?;

    // 3. The rectification: signed, reported, completed, verified.
    println!("\n== 3. The rectification T1-ZG1");
    status(&engine, "2026-11-06T10:00:00+08:00", PledgeStatus::OnTrack)?;
    step(
        &mut engine,
        "Mon 11-09 09:00  the head signs the pledge: 15 working days (to 11-30), milestones at 5 and 10",
        SignPledge {
            case: "T1-ZG1".into(),
            at: at("2026-11-09T09:00:00+08:00"),
            actor: "s-head".into(),
            measures: "建立超时预警和审核岗AB岗顶岗制度".into(),
            responsible: "s-rev".into(),
            standard: "承诺件按时办结率100%".into(),
            amount: 15,
            milestones: vec!["制度印发".into(), "全员培训".into()],
            milestone_days: vec![5, 10],
        },
    )?;
    // The first milestone ends with Monday 11-16: on Thursday 11-12 it is 3 working days away.
    status(&engine, "2026-11-10T09:00:00+08:00", PledgeStatus::OnTrack)?;
    status(&engine, "2026-11-12T09:00:00+08:00", PledgeStatus::AtRisk)?;
    step(
        &mut engine,
        "Fri 11-13 09:00  milestone 1 reached; recognition in place (认识到位)",
        report(
            "2026-11-13T09:00:00+08:00",
            "s-rev",
            "制度已印发",
            Some(1),
            Some(InPlace::Recognition),
        ),
    )?;
    status(&engine, "2026-11-16T09:00:00+08:00", PledgeStatus::OnTrack)?;
    step(
        &mut engine,
        "Fri 11-20 09:00  milestone 2 reached; rectification in place (整改到位)",
        report(
            "2026-11-20T09:00:00+08:00",
            "s-rev",
            "全员培训已完成",
            Some(2),
            Some(InPlace::Rectification),
        ),
    )?;
    step(
        &mut engine,
        "Fri 11-20 10:00  the head reports accountability in place (责任追究到位: W1 decided)",
        report(
            "2026-11-20T10:00:00+08:00",
            "s-head",
            "W1 问责已确认",
            None,
            Some(InPlace::Accountability),
        ),
    )?;
    step(
        &mut engine,
        "Mon 11-23 09:00  the head reports it fulfilled, with evidence",
        CompletePledge {
            case: "T1-ZG1".into(),
            at: at("2026-11-23T09:00:00+08:00"),
            actor: "s-head".into(),
            evidence: "制度文件、培训签到表、办结记录".into(),
        },
    )?;
    step(
        &mut engine,
        "Wed 11-25 09:00  s-sup2 verifies it (验收): passed",
        VerifyPledge {
            case: "T1-ZG1".into(),
            at: at("2026-11-25T09:00:00+08:00"),
            actor: "s-sup2".into(),
            passed: true,
            evidence: "暗访三次，均按时办结".into(),
            amount: None,
        },
    )?;
    expect(
        engine.pledge("T1-ZG1").map(|p| p.state()) == Some(PledgeState::Kept),
        "the pledge is kept",
    )?;
    status(&engine, "2026-11-25T10:00:00+08:00", PledgeStatus::Kept)?;
    // Time passes beyond every limit: nothing more is due, nothing is breached.
    let later = engine.advance(at("2026-12-31T00:00:00+08:00"));
    println!("advance to 12-31: {} event(s)", later.len());
    show(&later);
    expect(
        later.iter().all(|e| !matches!(e.kind, EventKind::Violation { .. })),
        "no limit of the walk is breached",
    )?;
    status(&engine, "2026-12-31T00:00:00+08:00", PledgeStatus::Kept)?;

    // 4. The violation register.
    println!("\n== 4. The violation register");
    let register = engine.violations(&ViolationQuery::default())?;
    for e in &register {
        println!(
            "  #{:<3} {:<8} {:<10} {}",
            e.seq,
            e.case,
            format!("{:?}", engine.register_state(e.seq).ok_or("registered")?),
            serde_json::to_string(&e.kind)?
        );
    }
    expect(
        register.len() == 1 && register[0].seq == seq,
        "the register holds the one violation of the walk",
    )?;
    println!("\nAll expectations held.");
    Ok(())
}
