//! Monthly figures (每月通报, docs/rules.md §5 "Monthly figures"; every figure defined in docs/metrics.md)
//! through the engine, against the county preset: one named test per rule.

mod common;

use common::t;
use rust_decimal::Decimal;
use xiaoneng::commands;
use xiaoneng::{Catalog, Command, Document, Engine, Event, InquiryOutcome, Org, Policy, Rule, TimeUnit, UnitMetrics};

const POLICY: &str = include_str!("../presets/county.toml");
const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");
/// Pledged 10 working days, statutory 20; three steps.
const FOOD: &str = "330100-FOOD-001";
/// Joint item, pledged 15 working days, deemed approved on timeout.
const FIRE_CHECK: &str = "330100-BLDG-007";
/// Added by [`catalog_with_other_units`]: natural days (pledged 15, statutory 30).
const NATURAL: &str = "330100-ND-001";
/// Added by [`catalog_with_other_units`]: working hours (pledged 8, statutory 16).
const HOURS: &str = "330100-WH-001";
const APPLICANT: &str = "某餐饮有限公司";

fn engine() -> Engine {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap()
}

/// The county catalog plus an item limited in natural days and one in working hours.
fn catalog_with_other_units() -> String {
    let mut spec: serde_json::Value = serde_json::from_str(CATALOG).unwrap();
    let item = |code: &str, unit: &str, pledged: u32, statutory: u32| {
        serde_json::json!({
            "code": code, "name": code, "unit": "amr", "kind": "pledged",
            "statutory_limit": {"unit": unit, "amount": statutory},
            "pledged_limit": {"unit": unit, "amount": pledged},
            "materials": [{"name": "申请书", "required": true}],
        })
    };
    let items = spec["items"].as_array_mut().unwrap();
    items.push(item(NATURAL, "natural_days", 15, 30));
    items.push(item(HOURS, "working_hours", 8, 16));
    spec.to_string()
}

/// A log of every event the engine answered, for replay.
#[derive(Default)]
struct Log(Vec<Event>);

impl Log {
    fn run(&mut self, e: &mut Engine, command: impl Into<Command>) {
        self.0.extend(e.execute(command.into()).unwrap());
    }
    fn advance(&mut self, e: &mut Engine, now: &str) {
        self.0.extend(e.advance(t(now)));
    }
    fn receive(&mut self, e: &mut Engine, case: &str, item: &str, at: &str) {
        self.run(
            e,
            commands::Receive {
                case: case.into(),
                at: t(at),
                actor: "s-clerk".into(),
                item: item.into(),
                applicant: APPLICANT.into(),
                materials: vec![],
                renewal_of_expiry: None,
            },
        );
    }
    fn accept(&mut self, e: &mut Engine, case: &str, at: &str) {
        self.run(
            e,
            commands::Accept {
                case: case.into(),
                at: t(at),
                actor: "s-clerk".into(),
            },
        );
    }
    /// Received and accepted at `at`.
    fn open(&mut self, e: &mut Engine, case: &str, item: &str, at: &str) {
        self.receive(e, case, item, at);
        self.accept(e, case, at);
    }
    /// Every remaining procedure step completed by whoever acts for its post, then approved by the head.
    fn approve(&mut self, e: &mut Engine, case: &str, at: &str) {
        let c = e.case(case).unwrap();
        let posts: Vec<String> = e.catalog().item(c.item()).unwrap().steps[c.step()..]
            .iter()
            .map(|s| s.post.clone())
            .collect();
        for post in posts {
            let actor = e.org().acting_holder(&post, t(at)).unwrap().staff().to_string();
            self.run(
                e,
                commands::CompleteStep {
                    case: case.into(),
                    at: t(at),
                    actor,
                },
            );
        }
        self.run(
            e,
            commands::Decide {
                case: case.into(),
                at: t(at),
                actor: "s-head".into(),
                approve: true,
                reasons: String::new(),
                legal_basis: String::new(),
                remedies: String::new(),
            },
        );
    }
    fn deliver(&mut self, e: &mut Engine, case: &str, at: &str) {
        self.run(
            e,
            commands::Deliver {
                case: case.into(),
                at: t(at),
                actor: "s-clerk".into(),
            },
        );
    }
    fn rate(&mut self, e: &mut Engine, case: &str, level: u8, at: &str) {
        self.run(
            e,
            commands::Rate {
                case: case.into(),
                at: t(at),
                actor: APPLICANT.into(),
                level,
                real_name: true,
                comment: String::new(),
            },
        );
    }
    fn inquiry(&mut self, e: &mut Engine, id: &str, actor: &str, at: &str) {
        self.run(
            e,
            commands::RecordInquiry {
                case: id.into(),
                at: t(at),
                actor: actor.into(),
                person: "张女士".into(),
                topic: "食品经营许可需要哪些材料".into(),
                also_asked: Vec::new(),
            },
        );
    }
    fn answer(&mut self, e: &mut Engine, id: &str, actor: &str, outcome: InquiryOutcome, at: &str) {
        let guided_to = if outcome == InquiryOutcome::Guided {
            "县政务服务中心二楼 A12 窗口"
        } else {
            ""
        };
        self.run(
            e,
            commands::AnswerInquiry {
                case: id.into(),
                at: t(at),
                actor: actor.into(),
                outcome,
                guided_to: guided_to.into(),
            },
        );
    }
}

/// The figures of `unit` in `[from, to)` (dates, midnight +08:00); panics when it has no row.
fn row(e: &Engine, unit: &str, from: &str, to: &str) -> UnitMetrics {
    let at = |d: &str| t(&format!("{d}T00:00:00+08:00"));
    e.metrics(at(from), at(to))
        .unwrap()
        .into_iter()
        .find(|m| m.unit == unit)
        .unwrap_or_else(|| panic!("no row for `{unit}`"))
}

fn dec(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

#[test]
fn a_unit_that_sits_on_every_case_scores_an_on_time_rate_of_0_with_its_open_overdue_count() {
    let mut e = engine();
    let mut log = Log::default();
    // Three cases accepted on Tue Sep 1; pledged 10 working days end with Tue Sep 15. Nobody decides.
    for case in ["C1", "C2", "C3"] {
        log.open(&mut e, case, FOOD, "2026-09-01T10:00:00+08:00");
    }
    log.advance(&mut e, "2026-11-01T00:00:00+08:00");
    let sep = row(&e, "amr", "2026-09-01", "2026-10-01");
    assert_eq!((sep.received, sep.accepted, sep.decided), (3, 3, 0));
    assert_eq!((sep.became_overdue, sep.open_overdue, sep.open), (3, 3, 3));
    // Nothing decided on time over nothing decided plus three open overdue: 0, not 100 %.
    assert_eq!((sep.on_time, sep.late, sep.on_time_rate), (0, 0, dec("0")));
    // The e-supervision board at the period's end shows the same three.
    let board = e.board(t("2026-10-01T00:00:00+08:00")).unwrap();
    assert_eq!(
        board.iter().filter(|r| r.remaining < 0).count() as u64,
        sep.open_overdue
    );
    // October: nothing new happened, the three are still open and overdue at its end.
    let oct = row(&e, "amr", "2026-10-01", "2026-11-01");
    assert_eq!((oct.received, oct.became_overdue, oct.open_overdue), (0, 0, 3));
    assert_eq!(oct.on_time_rate, dec("0"));
    // One case decided on time in November against the three still overdue: 1 / (1 + 3).
    log.open(&mut e, "C4", FOOD, "2026-11-02T09:00:00+08:00");
    log.approve(&mut e, "C4", "2026-11-03T09:00:00+08:00");
    log.advance(&mut e, "2026-12-01T00:00:00+08:00");
    let nov = row(&e, "amr", "2026-11-01", "2026-12-01");
    assert_eq!((nov.decided, nov.on_time, nov.open_overdue), (1, 1, 3));
    assert_eq!(nov.on_time_rate, dec("0.25"));
}

#[test]
fn one_very_dissatisfied_rating_and_three_defaulted_ones_give_0_percent_satisfaction_over_1_real_rating() {
    let mut e = engine();
    let mut log = Log::default();
    for case in ["C1", "C2", "C3", "C4"] {
        log.open(&mut e, case, FOOD, "2026-09-28T09:00:00+08:00");
        log.approve(&mut e, case, "2026-09-29T10:00:00+08:00");
        log.deliver(&mut e, case, "2026-09-29T15:00:00+08:00");
    }
    // C1's applicant: 非常不满意. The other three never rate: 基本满意 (3) is recorded after 7 natural days.
    log.rate(&mut e, "C1", 1, "2026-09-30T09:00:00+08:00");
    log.advance(&mut e, "2026-11-01T00:00:00+08:00");
    let both = row(&e, "amr", "2026-09-01", "2026-11-01");
    assert_eq!((both.real_ratings, both.bad_ratings, both.deemed_ratings), (1, 1, 3));
    assert_eq!(both.satisfaction_rate, dec("0"));
    // Rating rate: one real rating over four closed (delivered) cases.
    assert_eq!((both.closed, both.rating_rate), (4, dec("0.25")));
    // By month: the real rating in September; the defaults in October, where no case closed and nobody
    // rated, so there is no rate at all.
    let sep = row(&e, "amr", "2026-09-01", "2026-10-01");
    assert_eq!(
        (sep.real_ratings, sep.deemed_ratings, sep.satisfaction_rate),
        (1, 0, dec("0"))
    );
    let oct = row(&e, "amr", "2026-10-01", "2026-11-01");
    assert_eq!((oct.real_ratings, oct.deemed_ratings, oct.closed), (0, 3, 0));
    assert_eq!((oct.satisfaction_rate, oct.rating_rate), (None, None));
}

#[test]
fn a_closed_months_figures_never_change_read_at_three_later_dates() {
    let mut e = engine();
    let mut log = Log::default();
    // September: C1 accepted on Sep 1 and left overdue (Sep 15); C2 decided and delivered in time; C3 left
    // without a notice (deemed accepted in October); J1, a joint item, accepted; two inquiries.
    log.open(&mut e, "C1", FOOD, "2026-09-01T10:00:00+08:00");
    log.open(&mut e, "C2", FOOD, "2026-09-28T09:00:00+08:00");
    log.approve(&mut e, "C2", "2026-09-29T10:00:00+08:00");
    log.deliver(&mut e, "C2", "2026-09-29T15:00:00+08:00");
    log.receive(&mut e, "C3", FOOD, "2026-09-28T09:00:00+08:00");
    log.open(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    log.inquiry(&mut e, "Q1", "s-clerk", "2026-09-28T09:00:00+08:00");
    log.answer(
        &mut e,
        "Q1",
        "s-clerk",
        InquiryOutcome::Answered,
        "2026-09-28T09:30:00+08:00",
    );
    log.inquiry(&mut e, "Q2", "s-clerk", "2026-09-30T16:00:00+08:00");
    log.advance(&mut e, "2026-10-01T00:00:00+08:00");
    let first = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    let sep = &first[0];
    assert_eq!(first.len(), 1);
    assert_eq!((sep.received, sep.accepted, sep.decided, sep.on_time), (4, 3, 1, 1));
    assert_eq!((sep.became_overdue, sep.open_overdue, sep.open), (1, 1, 3));
    assert_eq!(sep.on_time_rate, dec("0.5"));
    assert_eq!((sep.inquiries, sep.inquiries_answered, sep.inquiries_open), (2, 1, 1));

    // October 20: C2 rated (Oct 5, before its default), C1 decided late, Q2 answered late, C3 deemed accepted, J1's limit runs on.
    log.approve(&mut e, "C1", "2026-10-09T10:00:00+08:00");
    log.rate(&mut e, "C2", 5, "2026-10-05T11:00:00+08:00");
    log.answer(
        &mut e,
        "Q2",
        "s-clerk",
        InquiryOutcome::Handled,
        "2026-10-09T11:00:00+08:00",
    );
    log.advance(&mut e, "2026-10-20T00:00:00+08:00");
    let second = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    assert_eq!(second, first);

    // December 1: J1 deemed approved, new cases and a withdrawal in November, every timer fired.
    log.open(&mut e, "C5", FOOD, "2026-11-02T09:00:00+08:00");
    log.run(
        &mut e,
        commands::Withdraw {
            case: "C5".into(),
            at: t("2026-11-03T09:00:00+08:00"),
            actor: "s-clerk".into(),
        },
    );
    log.open(&mut e, "C6", FOOD, "2026-11-02T09:00:00+08:00");
    log.advance(&mut e, "2026-12-01T00:00:00+08:00");
    let third = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    assert_eq!(third, first);
    // The same from a restored snapshot and from a replay of the log.
    let config = || {
        let org = Org::from_json(ORG).unwrap();
        let catalog = Catalog::from_json(CATALOG, &org).unwrap();
        (Policy::from_toml(POLICY).unwrap(), org, catalog)
    };
    let (p, o, c) = config();
    let restored = Engine::restore(p, o, c, &e.snapshot()).unwrap();
    let (p, o, c) = config();
    let replayed = Engine::replay(p, o, c, &log.0).unwrap();
    for other in [&restored, &replayed] {
        let m = other
            .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
            .unwrap();
        assert_eq!(m, first);
        let all = |e: &Engine| {
            e.metrics(t("2026-09-01T00:00:00+08:00"), t("2026-12-01T00:00:00+08:00"))
                .unwrap()
        };
        assert_eq!(all(other), all(&e));
    }
}

#[test]
fn figures_count_each_event_in_its_own_period_not_the_period_of_receipt() {
    let mut e = engine();
    let mut log = Log::default();
    // Received on Mon Sep 28, decided in October.
    log.open(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    log.approve(&mut e, "C1", "2026-10-09T10:00:00+08:00");
    // Received on Sep 28 without a notice: deemed accepted when the 5 working days pass (Oct 11 00:00),
    // although it takes effect from receipt.
    log.receive(&mut e, "C2", FOOD, "2026-09-28T09:00:00+08:00");
    log.advance(&mut e, "2026-11-01T00:00:00+08:00");
    let sep = row(&e, "amr", "2026-09-01", "2026-10-01");
    assert_eq!(
        (sep.received, sep.accepted, sep.deemed_accepted, sep.decided),
        (2, 1, 0, 0)
    );
    let oct = row(&e, "amr", "2026-10-01", "2026-11-01");
    assert_eq!(
        (oct.received, oct.accepted, oct.deemed_accepted, oct.decided),
        (0, 1, 1, 1)
    );
    assert_eq!((oct.approved, oct.on_time), (1, 1));
    assert_eq!(
        e.case("C2").unwrap().accepted_at(),
        Some(t("2026-10-11T00:00:00+08:00"))
    );
}

#[test]
fn a_case_decided_after_its_pledged_limit_is_a_broken_service_pledge_of_its_unit() {
    let mut e = engine();
    let mut log = Log::default();
    // Pledged 10 working days from Tue Sep 1 end with Tue Sep 15: C1 decided within, C2 after.
    log.open(&mut e, "C1", FOOD, "2026-09-01T10:00:00+08:00");
    log.open(&mut e, "C2", FOOD, "2026-09-01T10:00:00+08:00");
    log.approve(&mut e, "C1", "2026-09-14T09:00:00+08:00");
    log.approve(&mut e, "C2", "2026-09-17T09:00:00+08:00");
    let sep = row(&e, "amr", "2026-09-01", "2026-10-01");
    assert_eq!((sep.decided, sep.on_time, sep.late, sep.broken_pledges), (2, 1, 1, 1));
}

#[test]
fn a_deemed_approval_is_late_and_marks_the_case_overdue() {
    let mut e = engine();
    let mut log = Log::default();
    // Joint item: 15 working days from Mon Sep 28 end with Fri Oct 23; deemed approved at its end.
    log.open(&mut e, "J1", FIRE_CHECK, "2026-09-28T09:00:00+08:00");
    log.advance(&mut e, "2026-11-01T00:00:00+08:00");
    let oct = row(&e, "amr", "2026-10-01", "2026-11-01");
    assert_eq!((oct.decided, oct.approved, oct.deemed_approved), (1, 1, 1));
    assert_eq!(
        (oct.on_time, oct.late, oct.became_overdue, oct.open_overdue),
        (0, 1, 1, 0)
    );
    assert_eq!(oct.on_time_rate, dec("0"));
    let j1 = e.case("J1").unwrap();
    assert_eq!(j1.overdue_at(), j1.decided_at());
}

#[test]
fn a_breach_a_deemed_acceptance_finds_already_past_counts_when_recorded_not_in_the_closed_month() {
    let mut e = engine();
    let mut log = Log::default();
    // Received Mon Sep 28, no notice: deemed accepted on Oct 11 with effect from receipt, so the first
    // step's 1 working day (Sep 29) had passed on Sep 30, before anyone could know.
    log.receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    log.advance(&mut e, "2026-10-01T00:00:00+08:00");
    let before = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    log.advance(&mut e, "2026-10-12T00:00:00+08:00");
    let step = log
        .0
        .iter()
        .find(|ev| {
            matches!(
                ev.kind,
                xiaoneng::EventKind::Violation {
                    rule: Rule::StepOverLimit,
                    ..
                }
            )
        })
        .unwrap();
    // Dated when recorded (the deemed acceptance), never before the case's last event.
    assert_eq!(step.at, t("2026-10-11T00:00:00+08:00"));
    assert!(log.0.windows(2).all(|w| w[0].at <= w[1].at));
    let after = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(
        row(&e, "amr", "2026-10-01", "2026-11-01")
            .violations_by_rule
            .get(Rule::StepOverLimit),
        1
    );
}

#[test]
fn averages_never_mix_time_units_one_figure_per_unit_of_measure() {
    let org = Org::from_json(ORG).unwrap();
    let catalog = Catalog::from_json(&catalog_with_other_units(), &org).unwrap();
    let mut e = Engine::new(Policy::from_toml(POLICY).unwrap(), org, catalog).unwrap();
    let mut log = Log::default();
    // Working days, accepted Mon Sep 28: decided on Tue Sep 29 (1 day used) and Wed Sep 30 (2).
    log.open(&mut e, "F1", FOOD, "2026-09-28T10:00:00+08:00");
    log.approve(&mut e, "F1", "2026-09-29T10:00:00+08:00");
    log.open(&mut e, "F2", FOOD, "2026-09-28T10:00:00+08:00");
    log.approve(&mut e, "F2", "2026-09-30T10:00:00+08:00");
    // Natural days: the National Day holiday counts; Sep 29 .. Oct 3 is 5 days.
    log.open(&mut e, "N1", NATURAL, "2026-09-28T10:00:00+08:00");
    log.approve(&mut e, "N1", "2026-10-03T10:00:00+08:00");
    // Working hours (08:30-12:00, 14:30-17:30): 09:00-12:00 and 14:30-16:00 on Mon Sep 28 are 4.5 hours.
    log.open(&mut e, "H1", HOURS, "2026-09-28T09:00:00+08:00");
    log.approve(&mut e, "H1", "2026-09-28T16:00:00+08:00");
    let m = row(&e, "amr", "2026-09-01", "2026-11-01");
    assert_eq!(m.decided, 4);
    let units: Vec<TimeUnit> = m.durations.iter().map(|d| d.unit).collect();
    assert_eq!(
        units,
        [TimeUnit::WorkingDays, TimeUnit::NaturalDays, TimeUnit::WorkingHours]
    );
    let figures = |k: usize| {
        let d = &m.durations[k];
        (
            d.decided,
            d.average_used.to_string(),
            d.average_pledged.to_string(),
            d.average_statutory.to_string(),
            d.speed_up.map(|s| s.to_string()),
        )
    };
    let s = |x: &str| x.to_string();
    // Speed-up against the statutory limit: 1 - 3/40; 1 - 5/30; 1 - 4.5/16.
    assert_eq!(figures(0), (2, s("1.5"), s("10"), s("20"), Some(s("0.925"))));
    assert_eq!(figures(1), (1, s("5"), s("15"), s("30"), Some(s("0.8333"))));
    assert_eq!(figures(2), (1, s("4.5"), s("8"), s("16"), Some(s("0.7188"))));
}

#[test]
fn the_share_decided_on_the_spot_counts_decisions_on_the_day_of_receipt() {
    let mut e = engine();
    let mut log = Log::default();
    log.open(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    log.approve(&mut e, "C1", "2026-09-28T11:00:00+08:00");
    log.open(&mut e, "C2", FOOD, "2026-09-28T09:00:00+08:00");
    log.approve(&mut e, "C2", "2026-09-29T09:00:00+08:00");
    log.open(&mut e, "C3", FOOD, "2026-09-28T09:00:00+08:00");
    log.approve(&mut e, "C3", "2026-09-28T17:00:00+08:00");
    let m = row(&e, "amr", "2026-09-01", "2026-10-01");
    assert_eq!((m.decided, m.on_the_spot), (3, 2));
    assert_eq!(m.on_the_spot_share, dec("0.6667"));
    // Nothing decided: no share.
    let mut e = engine();
    Log::default().open(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    assert_eq!(row(&e, "amr", "2026-09-01", "2026-10-01").on_the_spot_share, None);
}

#[test]
fn violations_count_in_the_period_they_occurred_by_rule() {
    let mut e = engine();
    let mut log = Log::default();
    // Accepted Tue Sep 1: the first step (1 working day) is over its limit on Sep 3, the case overdue on
    // Sep 16. Received Sep 28 without a notice: late notice on Oct 11. Q1 unanswered by the end of Sep 28.
    log.open(&mut e, "C1", FOOD, "2026-09-01T10:00:00+08:00");
    log.receive(&mut e, "C2", FOOD, "2026-09-28T09:00:00+08:00");
    log.inquiry(&mut e, "Q1", "s-clerk", "2026-09-28T09:00:00+08:00");
    log.advance(&mut e, "2026-11-01T00:00:00+08:00");
    let sep = row(&e, "amr", "2026-09-01", "2026-10-01");
    let by = |m: &UnitMetrics| -> Vec<(Rule, u64)> { m.violations_by_rule.iter().filter(|(_, n)| *n > 0).collect() };
    assert_eq!(
        by(&sep),
        [
            (Rule::StepOverLimit, 1),
            (Rule::DecisionOverdue, 1),
            (Rule::UnansweredInquiry, 1)
        ]
    );
    assert_eq!(sep.violations, 3);
    // October: C2's late notice (Oct 11), the first step's limit its deemed acceptance found already
    // passed (recorded then), and its decision overdue (Oct 17).
    let oct = row(&e, "amr", "2026-10-01", "2026-11-01");
    assert_eq!(
        by(&oct),
        [
            (Rule::LateOneTimeNotice, 1),
            (Rule::StepOverLimit, 1),
            (Rule::DecisionOverdue, 1)
        ]
    );
    assert_eq!(oct.violations, 3);
    assert_eq!(sep.violations_by_rule.get(Rule::RepeatedNotice), 0);
}

#[test]
fn the_rating_rate_is_real_ratings_over_cases_closed_in_a_state_open_to_rating() {
    let mut e = engine();
    let mut log = Log::default();
    // Closed: C1 delivered, C2 refused, C3 terminated; C4 withdrawn (no rating possible, not counted);
    // C5 approved but not delivered (open).
    for case in ["C1", "C2", "C3", "C4", "C5"] {
        log.receive(&mut e, case, FOOD, "2026-09-28T09:00:00+08:00");
    }
    log.accept(&mut e, "C1", "2026-09-28T10:00:00+08:00");
    log.approve(&mut e, "C1", "2026-09-29T10:00:00+08:00");
    log.deliver(&mut e, "C1", "2026-09-29T15:00:00+08:00");
    log.run(
        &mut e,
        commands::Refuse {
            case: "C2".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-clerk".into(),
            reasons: "不属于本机关职权范围".into(),
            legal_basis: "《中华人民共和国行政许可法》第三十二条".into(),
            remedies: "可依法申请行政复议或者提起行政诉讼".into(),
        },
    );
    log.run(
        &mut e,
        commands::Terminate {
            case: "C3".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-head".into(),
            reason: "申请人已注销".into(),
        },
    );
    log.run(
        &mut e,
        commands::Withdraw {
            case: "C4".into(),
            at: t("2026-09-28T10:00:00+08:00"),
            actor: "s-clerk".into(),
        },
    );
    log.accept(&mut e, "C5", "2026-09-28T10:00:00+08:00");
    log.approve(&mut e, "C5", "2026-09-29T10:00:00+08:00");
    log.rate(&mut e, "C1", 5, "2026-09-30T09:00:00+08:00");
    log.rate(&mut e, "C2", 2, "2026-09-30T09:00:00+08:00");
    let m = row(&e, "amr", "2026-09-01", "2026-10-01");
    assert_eq!(
        (m.refused, m.terminated, m.withdrawn, m.closed, m.open),
        (1, 1, 1, 3, 1)
    );
    assert_eq!((m.real_ratings, m.bad_ratings), (2, 1));
    assert_eq!((m.rating_rate, m.satisfaction_rate), (dec("0.6667"), dec("0.5")));
}

#[test]
fn first_inquiry_figures_count_outcomes_breaches_and_open_inquiries_in_their_period() {
    use InquiryOutcome::{Answered, Guided, Handled};
    let mut e = engine();
    let mut log = Log::default();
    log.receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    // County preset: an inquiry is dealt with the same working day. Mon Sep 28, amr staff:
    log.inquiry(&mut e, "Q1", "s-clerk", "2026-09-28T09:00:00+08:00");
    log.answer(&mut e, "Q1", "s-clerk", Answered, "2026-09-28T09:20:00+08:00"); // in time
    log.inquiry(&mut e, "Q2", "s-rev", "2026-09-28T10:00:00+08:00");
    log.answer(&mut e, "Q2", "s-rev", Handled, "2026-09-28T15:00:00+08:00"); // in time
    log.inquiry(&mut e, "Q3", "s-clerk2", "2026-09-28T11:00:00+08:00"); // answered a day late
    log.inquiry(&mut e, "Q4", "s-clerk", "2026-09-28T12:00:00+08:00"); // never answered
    log.advance(&mut e, "2026-09-29T08:00:00+08:00");
    log.answer(&mut e, "Q3", "s-clerk2", Answered, "2026-09-29T09:00:00+08:00");
    // fire staff guide a person on Tue Sep 29: fire has inquiries and no cases.
    log.inquiry(&mut e, "Q5", "s-fire", "2026-09-29T09:00:00+08:00");
    log.answer(&mut e, "Q5", "s-fire", Guided, "2026-09-29T09:10:00+08:00");
    // Open within its limit at the end of September (the limit passes at Oct 1 00:00, in October); one
    // recorded in October.
    log.inquiry(&mut e, "Q6", "s-clerk", "2026-09-30T16:00:00+08:00");
    log.inquiry(&mut e, "Q7", "s-clerk", "2026-10-09T09:00:00+08:00");
    log.advance(&mut e, "2026-11-01T00:00:00+08:00");

    let m = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    let units: Vec<&str> = m.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, ["amr", "fire"]);
    let (amr, fire) = (&m[0], &m[1]);
    assert_eq!((amr.received, amr.inquiries), (1, 5));
    assert_eq!(
        (amr.inquiries_answered, amr.inquiries_handled, amr.inquiries_guided),
        (2, 1, 0)
    );
    // Q3 and Q4 breached in September; Q4 and Q6 open at its end, Q4 past its limit.
    assert_eq!(
        (amr.inquiries_breached, amr.inquiries_open, amr.inquiries_open_overdue),
        (2, 2, 1)
    );
    // Q1 and Q2 on time, Q3 late, Q4 open overdue: 2 / (3 + 1).
    assert_eq!((amr.inquiries_on_time, amr.inquiry_on_time_rate), (2, dec("0.5")));
    assert_eq!(amr.violations_by_rule.get(Rule::UnansweredInquiry), 2);
    assert_eq!(
        (fire.received, fire.on_time_rate, fire.inquiries, fire.inquiries_guided),
        (0, None, 1, 1)
    );
    assert_eq!((fire.inquiries_on_time, fire.inquiry_on_time_rate), (1, dec("1")));

    // October: Q6's breach (at Oct 1 00:00) and Q7's, nothing dealt with, three open and overdue.
    let oct = row(&e, "amr", "2026-10-01", "2026-11-01");
    assert_eq!((oct.inquiries, oct.inquiries_breached), (1, 2));
    assert_eq!((oct.inquiries_open, oct.inquiries_open_overdue), (3, 3));
    assert_eq!((oct.inquiries_on_time, oct.inquiry_on_time_rate), (0, dec("0")));
}

#[test]
fn first_inquiry_figures_count_an_inquiry_of_staff_no_longer_in_the_org_under_no_unit() {
    let mut e = engine();
    Log::default().inquiry(&mut e, "Q1", "s-sup", "2026-09-28T09:00:00+08:00");
    let mut spec: serde_json::Value = serde_json::from_str(ORG).unwrap();
    spec["staff"].as_array_mut().unwrap().retain(|s| s["id"] != "s-sup");
    spec["units"][3].as_object_mut().unwrap().remove("head");
    let org = Org::from_json(&spec.to_string()).unwrap();
    let catalog = Catalog::from_json(CATALOG, &org).unwrap();
    let e = Engine::restore(Policy::from_toml(POLICY).unwrap(), org, catalog, &e.snapshot()).unwrap();
    let m = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    assert_eq!(
        m.iter().map(|r| (r.unit.as_str(), r.inquiries)).collect::<Vec<_>>(),
        [("", 1)]
    );
}

#[test]
fn figures_serialize_every_field_with_absent_rates_as_null_and_read_back() {
    let mut e = engine();
    Log::default().receive(&mut e, "C1", FOOD, "2026-09-28T09:00:00+08:00");
    let m = e
        .metrics(t("2026-09-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!((v[0]["received"].as_u64(), v[0]["open"].as_u64()), (Some(1), Some(1)));
    for rate in [
        "on_time_rate",
        "on_the_spot_share",
        "rating_rate",
        "satisfaction_rate",
        "inquiry_on_time_rate",
    ] {
        assert!(v[0][rate].is_null(), "{rate}");
    }
    assert_eq!(v[0]["durations"], serde_json::json!([]));
    let rules = v[0]["violations_by_rule"].as_object().unwrap();
    let names: Vec<&str> = rules.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(names, expected);
    assert!(rules.values().all(|n| n == 0));
    let back: Vec<UnitMetrics> = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back, m);
    let mut unknown = v[0].clone();
    unknown["ratings"] = serde_json::json!(4);
    assert!(serde_json::from_value::<UnitMetrics>(unknown).is_err());
}

#[test]
fn a_period_ending_before_it_starts_is_refused() {
    let e = engine();
    let err = e
        .metrics(t("2026-10-01T00:00:00+08:00"), t("2026-09-01T00:00:00+08:00"))
        .unwrap_err();
    assert_eq!(err.code(), xiaoneng::ErrorCode::InvalidInput);
    assert!(err.to_string().contains("to"), "{err}");
    assert!(e
        .metrics(t("2026-10-01T00:00:00+08:00"), t("2026-10-01T00:00:00+08:00"))
        .unwrap()
        .is_empty());
}
