//! Accountability matters (问责事项), one named test per rule (docs/rules.md, "Accountability matters"): a
//! matter is opened on a registered violation or by a trigger from outside the flow; the policy's ladder
//! proposes, with its derivation; nothing takes effect until a supervisor outside the person's unit
//! confirms it or changes it with a reason; filing statistics and the award bar come from what holds;
//! the register's states; replay and restore.

mod common;

use common::{org_with_supervisors as org, t};
use proptest::prelude::*;
use xiaoneng::commands::*;
use xiaoneng::{
    Catalog, Command, Document, Engine, ErrorCode, Event, EventKind, MatterState, Measure, Policy, RegisterState, Rule,
    SanctionEffect, Severity, Trigger, ViolationQuery,
};

const POLICY: &str = include_str!("../presets/county.toml");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");

fn engine() -> Engine {
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

fn s(x: &str) -> String {
    x.to_string()
}

fn code_and_field(r: xiaoneng::Result<Vec<Event>>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code(), e.field().unwrap_or_default().to_string())
}

/// An engine with one registered violation: first inquiry Q1 recorded by `s-clerk` on Monday 2026-11-02
/// and not answered the same working day (`unanswered_inquiry` against `s-clerk`, unit `amr`). Returns
/// its sequence number.
fn with_violation() -> (Engine, u64) {
    let mut e = engine();
    e.execute(
        RecordInquiry {
            case: s("Q1"),
            at: t("2026-11-02T09:00:00+08:00"),
            actor: s("s-clerk"),
            person: s("张先生"),
            topic: s("食品经营许可"),
            also_asked: vec![],
        }
        .into(),
    )
    .unwrap();
    let fired = e.advance(t("2026-11-04T00:00:00+08:00"));
    let v = fired
        .iter()
        .find(|e| matches!(e.kind, EventKind::Violation { .. }))
        .expect("the answer limit passed");
    (e, v.seq)
}

fn open_on(id: &str, at: &str, actor: &str, seq: u64) -> Command {
    OpenMatter {
        case: s(id),
        at: t(at),
        actor: s(actor),
        violation: Some(seq),
        trigger: None,
        person: None,
        detail: String::new(),
        severity: Severity::Ordinary,
    }
    .into()
}

fn trigger(id: &str, at: &str, actor: &str, person: &str, what: Trigger) -> Command {
    OpenMatter {
        case: s(id),
        at: t(at),
        actor: s(actor),
        violation: None,
        trigger: Some(what),
        person: Some(s(person)),
        detail: s("窗口推诿群众被媒体曝光"),
        severity: Severity::Ordinary,
    }
    .into()
}

fn confirm(id: &str, at: &str, actor: &str) -> Command {
    DecideSanction {
        case: s(id),
        at: t(at),
        actor: s(actor),
        confirm: true,
        reason: String::new(),
        note: s("经集体研究"),
        measures: vec![],
        effects: None,
        unit_points: None,
    }
    .into()
}

fn change(id: &str, at: &str, actor: &str, reason: &str, measures: &[&str]) -> Command {
    DecideSanction {
        case: s(id),
        at: t(at),
        actor: s(actor),
        confirm: false,
        reason: s(reason),
        note: String::new(),
        measures: measures.iter().map(|m| s(m)).collect(),
        effects: None,
        unit_points: None,
    }
    .into()
}

#[test]
fn a_matter_on_a_registered_violation_takes_its_facts_and_the_ladder_proposes() {
    let (mut e, seq) = with_violation();
    let events = e
        .execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.name()).collect();
    assert_eq!(kinds, ["matter_opened", "sanction_proposed"]);
    let m = e.matter("W1").unwrap();
    assert_eq!(m.state(), MatterState::Proposed);
    assert_eq!(
        (
            m.facts.kind.as_str(),
            m.facts.person.as_str(),
            m.facts.unit.as_str(),
            m.facts.unit_head.as_str()
        ),
        ("unanswered_inquiry", "s-clerk", "amr", "s-head")
    );
    // The county ladder: the first accountability of the year → a written self-criticism, no award.
    let p = m.proposal.as_ref().unwrap();
    assert_eq!(p.outcome.measures, vec![Measure::WrittenSelfCriticism.into()]);
    assert!(p.outcome.effects.contains(&SanctionEffect::NoAwardThatYear));
    assert!(!p.derivation.is_empty());
    assert_eq!(e.register_state(seq), Some(RegisterState::Proposed));
}

#[test]
fn nothing_takes_effect_until_a_supervisor_decides() {
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    assert!(e.sanctions().is_empty());
    assert!(!e.award_blocked("s-clerk", 2026));
    e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup2")).unwrap();
    assert_eq!(e.sanctions().len(), 1);
    assert!(e.award_blocked("s-clerk", 2026));
    assert!(!e.award_blocked("s-clerk", 2027));
    assert_eq!(e.matter("W1").unwrap().state(), MatterState::Decided);
    assert_eq!(e.register_state(seq), Some(RegisterState::Decided));
}

#[test]
fn a_matter_is_opened_and_decided_by_a_supervisor_outside_the_persons_unit() {
    let (mut e, seq) = with_violation();
    for actor in ["s-amr-sup", "s-head", "s-fire-head"] {
        assert_eq!(
            code_and_field(e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", actor, seq))),
            (ErrorCode::Forbidden, s("actor")),
            "{actor}"
        );
    }
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    for actor in ["s-amr-sup", "s-head", "s-clerk"] {
        assert_eq!(
            code_and_field(e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", actor))),
            (ErrorCode::Forbidden, s("actor")),
            "{actor}"
        );
    }
    assert!(e.sanctions().is_empty());
}

#[test]
fn the_register_is_filtered_by_its_state_of_accountability() {
    let (mut e, seq) = with_violation();
    let by = |e: &Engine, state: RegisterState| -> Vec<u64> {
        let q = ViolationQuery {
            state: Some(state),
            ..Default::default()
        };
        e.violations(&q).unwrap().iter().map(|v| v.seq).collect()
    };
    assert_eq!(by(&e, RegisterState::Recorded), vec![seq]);
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    // A trigger's own violation stands where its matter does.
    let trig = e
        .execute(trigger(
            "W2",
            "2026-11-05T10:00:00+08:00",
            "s-sup",
            "s-fire",
            Trigger::MediaExposure,
        ))
        .unwrap();
    let trig_seq = trig
        .iter()
        .find(|v| matches!(v.kind, EventKind::Violation { .. }))
        .unwrap()
        .seq;
    assert_eq!(by(&e, RegisterState::Proposed), vec![seq, trig_seq]);
    assert!(by(&e, RegisterState::Recorded).is_empty());
    assert_eq!(e.register_state(trig_seq), Some(RegisterState::Proposed));
    e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup2")).unwrap();
    assert_eq!(by(&e, RegisterState::Decided), vec![seq]);
    assert_eq!(by(&e, RegisterState::Proposed), vec![trig_seq]);
    // Combined with the other filters, and read from JSON as C sends it.
    let q = ViolationQuery::from_json(r#"{"state": "decided", "unit": "amr"}"#).unwrap();
    assert_eq!(e.violations(&q).unwrap().len(), 1);
    assert_eq!(
        ViolationQuery::from_json(r#"{"state": "closed"}"#).unwrap_err().field(),
        Some("state")
    );
}

#[test]
fn the_person_held_to_account_does_not_decide_it() {
    let mut e = engine();
    // A supervisor seconded to the market regulator, held to account.
    e.execute(trigger(
        "W1",
        "2026-11-05T09:00:00+08:00",
        "s-sup",
        "s-amr-sup",
        Trigger::LeaderInstruction,
    ))
    .unwrap();
    assert_eq!(
        code_and_field(e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-amr-sup"))),
        (ErrorCode::Forbidden, s("actor"))
    );
    e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup2")).unwrap();
}

#[test]
fn a_changed_sanction_needs_a_reason_and_records_it() {
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    assert_eq!(
        code_and_field(e.execute(change(
            "W1",
            "2026-11-06T09:00:00+08:00",
            "s-sup",
            " ",
            &["criticism_education"]
        ))),
        (ErrorCode::InvalidInput, s("reason"))
    );
    assert_eq!(
        code_and_field(e.execute(change("W1", "2026-11-06T09:00:00+08:00", "s-sup", "x", &["scolding"]))),
        (ErrorCode::InvalidInput, s("measures[0]"))
    );
    e.execute(change(
        "W1",
        "2026-11-06T09:00:00+08:00",
        "s-sup",
        "首次违规，主动整改",
        &["criticism_education"],
    ))
    .unwrap();
    let held = e.matter("W1").unwrap().sanction.clone().unwrap();
    assert!(held.changed);
    assert_eq!(held.reason.as_deref(), Some("首次违规，主动整改"));
    assert_eq!(held.outcome.measures, vec![Measure::CriticismEducation.into()]);
    assert_eq!(held.proposed.measures, vec![Measure::WrittenSelfCriticism.into()]);
}

#[test]
fn a_confirmation_takes_the_proposal_as_it_is() {
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    let mut cmd = match confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup") {
        Command::Matter(MatterCommand::DecideSanction(d)) => d,
        _ => unreachable!(),
    };
    cmd.measures = vec![s("reminder_talk")];
    assert_eq!(
        code_and_field(e.execute(cmd.into())),
        (ErrorCode::InvalidInput, s("confirm"))
    );
}

#[test]
fn one_matter_per_violation_and_the_violation_must_be_registered_with_a_person() {
    let (mut e, seq) = with_violation();
    assert_eq!(
        code_and_field(e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq + 1000))),
        (ErrorCode::NotFound, s("violation"))
    );
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    assert_eq!(
        code_and_field(e.execute(open_on("W2", "2026-11-05T10:00:00+08:00", "s-sup", seq))),
        (ErrorCode::InvalidState, s("violation"))
    );
    assert!(e.matter("W2").is_none());
}

#[test]
fn a_trigger_from_outside_the_flow_opens_a_matter_and_feeds_the_register() {
    let mut e = engine();
    assert_eq!(
        code_and_field(
            e.execute(
                OpenMatter {
                    case: s("W1"),
                    at: t("2026-11-05T09:00:00+08:00"),
                    actor: s("s-sup"),
                    violation: None,
                    trigger: Some(Trigger::MediaExposure),
                    person: None,
                    detail: s("x"),
                    severity: Severity::Serious,
                }
                .into()
            )
        ),
        (ErrorCode::InvalidInput, s("person"))
    );
    let events = e
        .execute(trigger(
            "W1",
            "2026-11-05T09:00:00+08:00",
            "s-sup",
            "s-clerk",
            Trigger::MediaExposure,
        ))
        .unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.name()).collect();
    assert_eq!(kinds, ["matter_opened", "violation", "sanction_proposed"]);
    let q = ViolationQuery {
        rule: Some(Rule::AccountabilityTriggered),
        ..Default::default()
    };
    let found = e.violations(&q).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].case, "W1");
    match &found[0].kind {
        EventKind::Violation {
            responsible,
            unit,
            unit_head,
            ..
        } => assert_eq!(
            (responsible.as_deref(), unit.as_deref(), unit_head.as_deref()),
            (Some("s-clerk"), Some("amr"), Some("s-head"))
        ),
        _ => unreachable!(),
    }
    assert_eq!(e.matter("W1").unwrap().facts.kind, "media_exposure");
}

#[test]
fn a_matter_names_a_violation_or_a_trigger_not_both_nor_neither() {
    let (mut e, seq) = with_violation();
    let mut both = match trigger(
        "W1",
        "2026-11-05T09:00:00+08:00",
        "s-sup",
        "s-clerk",
        Trigger::MediaExposure,
    ) {
        Command::Matter(MatterCommand::OpenMatter(o)) => o,
        _ => unreachable!(),
    };
    both.violation = Some(seq);
    assert_eq!(
        code_and_field(e.execute(both.clone().into())),
        (ErrorCode::InvalidInput, s("trigger"))
    );
    both.violation = None;
    both.trigger = None;
    assert_eq!(
        code_and_field(e.execute(both.into())),
        (ErrorCode::InvalidInput, s("violation"))
    );
}

#[test]
fn the_ladder_counts_the_persons_sanctions_confirmed_before() {
    let mut e = engine();
    let steps = [
        ("W1", "2026-03-02", vec![Measure::WrittenSelfCriticism.into()]),
        ("W2", "2026-05-04", vec![]),
        ("W3", "2026-07-06", vec![Measure::Suspension.into()]),
    ];
    for (id, day, measures) in steps {
        e.execute(trigger(
            id,
            &format!("{day}T09:00:00+08:00"),
            "s-sup",
            "s-clerk",
            Trigger::LeaderInstruction,
        ))
        .unwrap();
        let p = e.matter(id).unwrap().proposal.clone().unwrap();
        assert_eq!(p.outcome.measures, measures, "{id}");
        e.execute(confirm(id, &format!("{day}T10:00:00+08:00"), "s-sup"))
            .unwrap();
    }
    // The third: the unit head is held accountable too.
    let third = e.matter("W3").unwrap().sanction.clone().unwrap();
    assert!(third.outcome.effects.contains(&SanctionEffect::UnitHeadAccountable));
    // A proposal not yet decided counts for nothing.
    e.execute(trigger(
        "W4",
        "2027-01-04T09:00:00+08:00",
        "s-sup",
        "s-clerk",
        Trigger::MediaExposure,
    ))
    .unwrap();
    e.execute(trigger(
        "W5",
        "2027-01-05T09:00:00+08:00",
        "s-sup",
        "s-clerk",
        Trigger::MediaExposure,
    ))
    .unwrap();
    assert_eq!(
        e.matter("W5").unwrap().proposal.as_ref().unwrap().outcome.measures,
        vec![Measure::WrittenSelfCriticism.into()]
    );
}

#[test]
fn every_decided_sanction_is_filed_and_counted_by_period_and_unit() {
    let mut e = engine();
    e.execute(trigger(
        "W1",
        "2026-11-05T09:00:00+08:00",
        "s-sup",
        "s-clerk",
        Trigger::MediaExposure,
    ))
    .unwrap();
    e.execute(trigger(
        "W2",
        "2026-11-05T09:30:00+08:00",
        "s-sup",
        "s-fire",
        Trigger::MediaExposure,
    ))
    .unwrap();
    e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup")).unwrap();
    let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
    let stats = e.filing_stats(day("2026-11-01"), day("2026-11-30")).unwrap();
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["filings"], 1, "{json}");
    assert_eq!(json["by_unit"]["amr"]["filings"], 1, "{json}");
    assert_eq!(e.filing_stats(day("2026-12-01"), day("2026-12-31")).unwrap().filings, 0);
    assert_eq!(
        e.filing_stats(day("2026-11-30"), day("2026-11-01")).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn every_command_is_allowed_exactly_in_the_states_of_the_transition_table() {
    let mut proposed = engine();
    proposed
        .execute(trigger(
            "W1",
            "2026-11-05T09:00:00+08:00",
            "s-sup",
            "s-clerk",
            Trigger::MediaExposure,
        ))
        .unwrap();
    let mut decided = proposed.clone();
    decided
        .execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup"))
        .unwrap();
    let at = "2026-11-07T09:00:00+08:00";
    for (state, engine) in [(MatterState::Proposed, &proposed), (MatterState::Decided, &decided)] {
        assert_eq!(engine.matter("W1").unwrap().state(), state);
        for name in MatterCommand::NAMES {
            let cmd = match *name {
                "open_matter" => trigger("W1", at, "s-sup", "s-clerk", Trigger::MediaExposure),
                _ => confirm("W1", at, "s-sup2"),
            };
            let mut e = engine.clone();
            let r = e.execute(cmd);
            let allowed = *name == "decide_sanction" && state == MatterState::Proposed;
            if allowed {
                assert!(r.is_ok(), "{name} in {state}: {:?}", r.err());
            } else {
                assert_eq!(r.unwrap_err().code(), ErrorCode::InvalidState, "{name} in {state}");
                assert!(&e == engine, "{name} in {state}: a refused command changed the engine");
            }
        }
    }
}

#[test]
fn replay_and_restore_give_back_the_same_matters_and_proposals() {
    let (mut e, seq) = with_violation();
    let mut log: Vec<Event> = Vec::new();
    // The same history, logged from the start.
    let mut src = engine();
    log.extend(
        src.execute(
            RecordInquiry {
                case: s("Q1"),
                at: t("2026-11-02T09:00:00+08:00"),
                actor: s("s-clerk"),
                person: s("张先生"),
                topic: s("食品经营许可"),
                also_asked: vec![],
            }
            .into(),
        )
        .unwrap(),
    );
    log.extend(src.advance(t("2026-11-04T00:00:00+08:00")));
    for cmd in [
        open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq),
        confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup2"),
        trigger(
            "W2",
            "2026-11-09T09:00:00+08:00",
            "s-sup",
            "s-clerk",
            Trigger::MediaExposure,
        ),
        change(
            "W2",
            "2026-11-10T09:00:00+08:00",
            "s-sup",
            "情节较轻",
            &["public_criticism:1"],
        ),
    ] {
        log.extend(src.execute(cmd.clone()).unwrap());
        e.execute(cmd).unwrap();
    }
    // The second matter's proposal counted the first sanction.
    assert_eq!(e.matter("W2").unwrap().proposal.as_ref().unwrap().count, 2);
    let org = org();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let replayed = Engine::replay(Policy::from_toml(POLICY).unwrap(), org.clone(), catalog.clone(), &log).unwrap();
    assert!(replayed == e);
    let restored = Engine::restore(
        Policy::from_toml(POLICY).unwrap(),
        org.clone(),
        catalog.clone(),
        &e.snapshot(),
    )
    .unwrap();
    assert!(restored == e);
    // A forged proposal (another measure than the ladder's) is refused on replay.
    let mut forged = log.clone();
    for ev in forged.iter_mut() {
        if let EventKind::SanctionProposed { proposal } = &mut ev.kind {
            proposal.outcome.measures.clear();
        }
    }
    assert!(Engine::replay(Policy::from_toml(POLICY).unwrap(), org, catalog, &forged).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever is opened and decided, in whatever order: a sanction holds exactly for the matters with a
    /// `sanction_decided` event, and each holding sanction traces to a `matter_opened` whose violation
    /// (when it names one) is a registered violation event.
    #[test]
    fn no_sanction_holds_without_a_decision_and_each_traces_to_evidence(
        plan in proptest::collection::vec((0u8..3, any::<bool>()), 1..8)
    ) {
        let (mut e, seq) = with_violation();
        let mut log = Vec::new();
        let mut decided = 0usize;
        for (k, (how, decide)) in plan.iter().enumerate() {
            let id = format!("W{k}");
            let at = format!("2026-11-{:02}T09:00:00+08:00", 5 + k);
            let opened = match how {
                0 => e.execute(open_on(&id, &at, "s-sup", seq)),
                1 => e.execute(trigger(&id, &at, "s-sup", "s-clerk", Trigger::MediaExposure)),
                _ => e.execute(trigger(&id, &at, "s-sup", "s-fire", Trigger::UnresolvedComplaint)),
            };
            let Ok(events) = opened else { continue };
            log.extend(events);
            if *decide {
                let later = format!("2026-11-{:02}T10:00:00+08:00", 5 + k);
                log.extend(e.execute(confirm(&id, &later, "s-sup2")).unwrap());
                decided += 1;
            }
        }
        let held = e.sanctions();
        prop_assert_eq!(held.len(), decided);
        let decisions = log.iter().filter(|ev| matches!(ev.kind, EventKind::SanctionDecided { .. })).count();
        prop_assert_eq!(decisions, decided);
        for c in held {
            let m = e.matter(&c.violation.id).unwrap();
            if let Some(v) = m.violation {
                let q = ViolationQuery::default();
                prop_assert!(e.violations(&q).unwrap().iter().any(|ev| ev.seq == v));
            } else {
                let evidence = log
                    .iter()
                    .any(|ev| ev.case == m.id && matches!(ev.kind, EventKind::Violation { .. }));
                prop_assert!(evidence, "no violation event for {}", m.id);
            }
        }
    }
}
