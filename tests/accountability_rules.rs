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
    Catalog, Command, Document, Engine, ErrorCode, Event, EventKind, MatterState, Measure, Policy, RecordReport,
    RecordSubject, RegisterState, Rule, SanctionEffect, Severity, Trigger, ViolationQuery,
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

// A person's and a unit's record for a period (docs/metrics.md, "A person's and a unit's record").

fn day(x: &str) -> chrono::NaiveDate {
    x.parse().unwrap()
}

fn person(id: &str) -> RecordSubject {
    RecordSubject::Person(s(id))
}

fn unit(id: &str) -> RecordSubject {
    RecordSubject::Unit(s(id))
}

fn seqs(r: &RecordReport) -> Vec<(u64, RegisterState)> {
    r.violations.iter().map(|v| (v.seq, v.state)).collect()
}

#[test]
fn a_persons_record_counts_their_violations_matters_sanctions_points_and_award_bar() {
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup2")).unwrap();
    let r = e
        .record(&person("s-clerk"), day("2026-11-01"), day("2026-12-01"))
        .unwrap();
    assert_eq!(r.subject, person("s-clerk"));
    assert_eq!((r.unit.as_str(), r.unit_head.as_deref()), ("amr", Some("s-head")));
    assert_eq!(r.by_rule.get("unanswered_inquiry"), Some(&1));
    assert_eq!(seqs(&r), vec![(seq, RegisterState::Decided)]);
    assert_eq!(r.violations[0].record, "Q1");
    assert_eq!(r.matters.len(), 1);
    assert_eq!((r.matters[0].id.as_str(), r.matters[0].violation), ("W1", Some(seq)));
    assert_eq!(r.matters[0].opened_at, t("2026-11-05T09:00:00+08:00"));
    assert_eq!(r.matters[0].state, MatterState::Decided);
    assert_eq!(r.sanctions.len(), 1);
    let held = &r.sanctions[0];
    assert_eq!(held.measures, vec![Measure::WrittenSelfCriticism.into()]);
    assert_eq!(held.person_points, 5, "a written self-criticism costs 5 points");
    assert_eq!((r.person_points, r.unit_points), (held.person_points, held.unit_points));
    assert_eq!(r.awards.len(), 1);
    assert_eq!((r.awards[0].year, r.awards[0].blocked), (2026, true));
    assert_eq!(r.awards[0].persons, vec![s("s-clerk")]);
    // Serialized as the bindings give it.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["subject"], serde_json::json!({"kind": "person", "id": "s-clerk"}));
    assert_eq!(json["violations"][0]["state"], "decided", "{json}");
    assert_eq!(json["by_rule"]["unanswered_inquiry"], 1, "{json}");
    // Another person's record holds none of it, nor does the register's wider person filter leak the
    // unit head (named by the violation as 第一责任人) into the head's own record.
    let head = e
        .record(&person("s-head"), day("2026-11-01"), day("2026-12-01"))
        .unwrap();
    assert!(head.violations.is_empty() && head.matters.is_empty() && head.sanctions.is_empty());
    assert!(!head.awards[0].blocked);
}

#[test]
fn a_record_counts_each_figure_by_its_own_instant() {
    // The violation on 3 November, the matter opened on 30 November, confirmed on 1 December.
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-30T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    e.execute(confirm("W1", "2026-12-01T09:00:00+08:00", "s-sup2")).unwrap();
    let nov = e
        .record(&person("s-clerk"), day("2026-11-01"), day("2026-12-01"))
        .unwrap();
    assert_eq!(seqs(&nov), vec![(seq, RegisterState::Decided)], "its state now");
    assert_eq!(nov.matters.len(), 1);
    assert!(nov.sanctions.is_empty());
    assert_eq!(nov.person_points, 0);
    let dec = e
        .record(&person("s-clerk"), day("2026-12-01"), day("2027-01-01"))
        .unwrap();
    assert!(dec.violations.is_empty() && dec.matters.is_empty());
    assert_eq!(dec.sanctions.len(), 1);
    assert_eq!(dec.person_points, 5);
    // The award bar is the year's, whenever the sanction was confirmed: November's record shows it.
    assert!(nov.awards[0].blocked);
}

#[test]
fn a_violation_on_the_periods_end_instant_is_excluded() {
    let mut e = engine();
    // A trigger at local midnight opening 1 December: its violation and its matter are of December.
    e.execute(trigger(
        "W1",
        "2026-12-01T00:00:00+08:00",
        "s-sup",
        "s-clerk",
        Trigger::MediaExposure,
    ))
    .unwrap();
    e.execute(trigger(
        "W2",
        "2026-11-30T23:59:59+08:00",
        "s-sup",
        "s-clerk",
        Trigger::LeaderInstruction,
    ))
    .unwrap();
    let nov = e
        .record(&person("s-clerk"), day("2026-11-01"), day("2026-12-01"))
        .unwrap();
    let records: Vec<&str> = nov.violations.iter().map(|v| v.record.as_str()).collect();
    assert_eq!(records, ["W2"]);
    assert_eq!(nov.matters.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["W2"]);
    let dec = e
        .record(&person("s-clerk"), day("2026-12-01"), day("2026-12-02"))
        .unwrap();
    let records: Vec<&str> = dec.violations.iter().map(|v| v.record.as_str()).collect();
    assert_eq!(records, ["W1"]);
    assert_eq!(dec.by_rule.get("accountability_triggered"), Some(&1));
}

#[test]
fn a_proposed_but_unconfirmed_sanction_deducts_no_points() {
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    for subject in [person("s-clerk"), unit("amr")] {
        let r = e.record(&subject, day("2026-11-01"), day("2026-12-01")).unwrap();
        assert_eq!(seqs(&r), vec![(seq, RegisterState::Proposed)], "{subject:?}");
        assert_eq!(r.matters.len(), 1);
        assert_eq!(r.matters[0].state, MatterState::Proposed);
        assert!(r.sanctions.is_empty(), "{subject:?}");
        assert_eq!((r.person_points, r.unit_points), (0, 0), "{subject:?}");
        assert!(!r.awards[0].blocked, "{subject:?}");
    }
}

#[test]
fn a_units_record_counts_what_is_traced_to_it_and_not_a_person_of_another_unit() {
    let (mut e, seq) = with_violation();
    e.execute(open_on("W1", "2026-11-05T09:00:00+08:00", "s-sup", seq))
        .unwrap();
    e.execute(confirm("W1", "2026-11-06T09:00:00+08:00", "s-sup2")).unwrap();
    // Another of the unit's staff, and a person of another unit.
    e.execute(trigger(
        "W2",
        "2026-11-09T09:00:00+08:00",
        "s-sup",
        "s-rev",
        Trigger::LeaderInstruction,
    ))
    .unwrap();
    e.execute(confirm("W2", "2026-11-10T09:00:00+08:00", "s-sup2")).unwrap();
    e.execute(trigger(
        "W3",
        "2026-11-09T10:00:00+08:00",
        "s-sup",
        "s-fire",
        Trigger::MediaExposure,
    ))
    .unwrap();
    e.execute(confirm("W3", "2026-11-10T10:00:00+08:00", "s-sup2")).unwrap();
    let amr = e.record(&unit("amr"), day("2026-11-01"), day("2026-12-01")).unwrap();
    assert_eq!((amr.unit.as_str(), amr.unit_head.as_deref()), ("amr", Some("s-head")));
    let people: Vec<&str> = amr.violations.iter().filter_map(|v| v.person.as_deref()).collect();
    assert_eq!(people, ["s-clerk", "s-rev"]);
    assert_eq!(
        amr.matters.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["W1", "W2"]
    );
    assert_eq!(
        amr.sanctions.iter().map(|c| c.matter.as_str()).collect::<Vec<_>>(),
        ["W1", "W2"]
    );
    let sum: u32 = amr.sanctions.iter().map(|c| c.person_points).sum();
    assert_eq!(amr.person_points, sum);
    assert_eq!(
        amr.unit_points,
        amr.sanctions.iter().map(|c| c.unit_points).sum::<u32>()
    );
    assert_eq!(amr.awards[0].persons, vec![s("s-clerk"), s("s-rev")]);
    assert_eq!(amr.unit_level, 0);
    let fire = e.record(&unit("fire"), day("2026-11-01"), day("2026-12-01")).unwrap();
    assert_eq!(
        fire.sanctions.iter().map(|c| c.matter.as_str()).collect::<Vec<_>>(),
        ["W3"]
    );
    assert_eq!(fire.awards[0].persons, vec![s("s-fire")]);

    // s-clerk moves to the fire brigade: what was traced to the market regulator stays its record.
    let mut moved: serde_json::Value = serde_json::to_value(org().spec()).unwrap();
    for st in moved["staff"].as_array_mut().unwrap() {
        if st["id"] == "s-clerk" {
            st["unit"] = serde_json::json!("fire");
        }
    }
    let moved = xiaoneng::Org::from_json(&moved.to_string()).unwrap();
    let catalog = Catalog::from_json(CATALOG, &moved).unwrap();
    let after = Engine::restore(Policy::from_toml(POLICY).unwrap(), moved, catalog, &e.snapshot()).unwrap();
    assert_eq!(
        after
            .record(&unit("amr"), day("2026-11-01"), day("2026-12-01"))
            .unwrap(),
        amr
    );
    let fire_after = after
        .record(&unit("fire"), day("2026-11-01"), day("2026-12-01"))
        .unwrap();
    assert_eq!(fire_after, fire, "the moved person's past is not the fire brigade's");
    let clerk = after
        .record(&person("s-clerk"), day("2026-11-01"), day("2026-12-01"))
        .unwrap();
    assert_eq!(clerk.unit, "fire");
    assert_eq!(clerk.sanctions.len(), 1, "a person's record follows the person");
}

#[test]
fn a_units_record_counts_its_unit_level_violations_naming_no_person() {
    // The fire brigade without a head, and no absence default: an unexcused absence from a joint review
    // is the unit's, and no one's.
    let mut v: serde_json::Value = serde_json::to_value(org().spec()).unwrap();
    for u in v["units"].as_array_mut().unwrap() {
        if u["id"] == "fire" {
            u.as_object_mut().unwrap().remove("head");
        }
    }
    let org = xiaoneng::Org::from_json(&v.to_string()).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let policy = POLICY.replace("absence_is_consent = true", "absence_is_consent = false");
    let mut e = Engine::new(Policy::from_toml(&policy).unwrap(), org, catalog).unwrap();
    e.execute(
        Receive {
            case: s("J1"),
            at: t("2026-09-28T09:00:00+08:00"),
            actor: s("s-clerk"),
            item: s("330100-BLDG-007"),
            applicant: s("某餐饮有限公司"),
            materials: vec![s("消防安全检查申报表")],
            renewal_of_expiry: None,
        }
        .into(),
    )
    .unwrap();
    e.execute(
        Accept {
            case: s("J1"),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: s("s-clerk"),
        }
        .into(),
    )
    .unwrap();
    let ev = e
        .execute(
            JointAbsence {
                case: s("J1"),
                at: t("2026-09-29T15:00:00+08:00"),
                actor: s("s-rev"),
                unit: s("fire"),
                excused: false,
            }
            .into(),
        )
        .unwrap();
    let absence = ev
        .iter()
        .find(|x| {
            matches!(
                x.kind,
                EventKind::Violation {
                    rule: Rule::UnexcusedAbsence,
                    ..
                }
            )
        })
        .expect("an unexcused absence is a violation");
    let fire = e.record(&unit("fire"), day("2026-09-01"), day("2026-10-01")).unwrap();
    assert_eq!(fire.unit_head, None);
    assert_eq!(fire.unit_level, 1);
    assert_eq!(fire.by_rule.get("unexcused_absence"), Some(&1));
    assert!(fire
        .violations
        .iter()
        .any(|v| v.seq == absence.seq && v.person.is_none()));
    // Nobody's record holds it.
    let fire_staff = e
        .record(&person("s-fire"), day("2026-09-01"), day("2026-10-01"))
        .unwrap();
    assert!(fire_staff.violations.is_empty());
    let amr = e.record(&unit("amr"), day("2026-09-01"), day("2026-10-01")).unwrap();
    assert!(amr.violations.iter().all(|v| v.seq != absence.seq));
}

#[test]
fn a_records_award_bar_is_that_of_award_blocked_for_each_year_touched() {
    let mut e = engine();
    e.execute(trigger(
        "W1",
        "2026-12-31T23:30:00+08:00",
        "s-sup",
        "s-clerk",
        Trigger::MediaExposure,
    ))
    .unwrap();
    e.execute(confirm("W1", "2027-01-04T09:00:00+08:00", "s-sup2")).unwrap();
    let r = e
        .record(&person("s-clerk"), day("2026-12-01"), day("2027-02-01"))
        .unwrap();
    let years: Vec<(i32, bool)> = r.awards.iter().map(|a| (a.year, a.blocked)).collect();
    assert_eq!(years, [(2026, true), (2027, false)]);
    for a in &r.awards {
        assert_eq!(a.blocked, e.award_blocked("s-clerk", a.year), "{}", a.year);
    }
    // A period ending on 1 January touches only the year before.
    let r = e
        .record(&person("s-clerk"), day("2026-12-01"), day("2027-01-01"))
        .unwrap();
    assert_eq!(r.awards.iter().map(|a| a.year).collect::<Vec<_>>(), [2026]);
}

#[test]
fn a_record_refuses_an_empty_period_and_an_unknown_person_or_unit() {
    let e = engine();
    let field = |r: xiaoneng::Result<RecordReport>| {
        let err = r.unwrap_err();
        (err.code(), err.field().unwrap_or_default().to_string())
    };
    for (start, end) in [("2026-12-01", "2026-11-01"), ("2026-11-01", "2026-11-01")] {
        assert_eq!(
            field(e.record(&person("s-clerk"), day(start), day(end))),
            (ErrorCode::InvalidInput, s("end")),
            "{start} {end}"
        );
    }
    assert_eq!(
        field(e.record(&person("s-nobody"), day("2026-11-01"), day("2026-12-01"))),
        (ErrorCode::NotFound, s("person"))
    );
    assert_eq!(
        field(e.record(&unit("amr "), day("2026-11-01"), day("2026-12-01"))),
        (ErrorCode::NotFound, s("unit"))
    );
    // A unit's id is no person's, and a person's no unit's.
    assert_eq!(
        field(e.record(&person("amr"), day("2026-11-01"), day("2026-12-01"))),
        (ErrorCode::NotFound, s("person"))
    );
}
