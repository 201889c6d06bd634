"""Monthly figures (每月通报, docs/metrics.md) through Python: ``Engine.metrics`` as a DataFrame, the rules of
docs/rules.md §5 "Monthly figures" by name, and a cross-check of every figure against an independent computation
with pandas over the engine's event log (events as dicts -> DataFrame -> groupby)."""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
FIRE_CHECK = "330100-BLDG-007"
APPLICANT = "某餐饮有限公司"
REMEDIES = "可于六十日内申请行政复议或六个月内提起行政诉讼"
UNITS_OF_MEASURE = ["working_days", "natural_days", "working_hours", "natural_hours"]
RULES = ["late_one_time_notice", "repeated_notice", "step_over_limit", "ab_both_absent", "late_negative_report",
         "decision_overdue", "late_delivery", "late_consult_reply", "late_rating_follow_up", "unanswered_inquiry",
         "unexcused_absence", "late_hearing", "late_acceptance", "late_complaint_acceptance",
         "late_complaint_handling", "late_complaint_reply", "substantiated_complaint", "late_pledge_signing",
         "pledge_milestone_missed", "pledge_broken", "accountability_triggered", "inspection_finding",
         "rectification_failed"]
COLUMNS = (
    ["unit", "received", "accepted", "deemed_accepted", "refused", "decided", "approved", "deemed_approved",
     "denied", "withdrawn", "terminated", "closed", "on_time", "late", "broken_pledges", "became_overdue", "on_the_spot", "open",
     "open_overdue", "on_time_rate", "on_the_spot_share"]
    + [f"{fig}_{u}" for u in UNITS_OF_MEASURE
       for fig in ["decided", "average_used", "average_pledged", "average_statutory", "speed_up"]]
    + ["real_ratings", "bad_ratings", "deemed_ratings", "rating_rate", "satisfaction_rate", "violations"]
    + [f"violations_{r}" for r in RULES]
    + ["inquiries", "inquiries_answered", "inquiries_handled", "inquiries_guided", "inquiries_breached",
       "inquiries_on_time", "inquiries_open", "inquiries_open_overdue", "inquiry_on_time_rate"]
)


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


@pytest.fixture
def engine(config):
    return xn.Engine(*config)


class Log:
    """Runs commands on an engine and keeps every event it answers (the event log)."""

    def __init__(self, engine, org, catalog):
        self.e, self.org, self.catalog, self.events = engine, org, catalog, []

    def run(self, command):
        self.events += self.e.execute(command)

    def advance(self, at):
        self.events += self.e.advance(t(at))

    def open(self, case, item=FOOD, at="2026-09-28T09:00"):
        self.run(c.receive(case, t(at), "s-clerk", item=item, applicant=APPLICANT))
        self.run(c.accept(case, t(at), "s-clerk"))

    def approve(self, case, at):
        """Every remaining procedure step by whoever acts for its post, then the head's approval."""
        record = self.e.case(case)
        for s in self.catalog.item(record["item"])["steps"][record["step"]:]:
            self.run(c.complete_step(case, t(at), self.org.acting_holder(s["post"], t(at))["staff"]))
        self.run(c.decide(case, t(at), "s-head", approve=True))


@pytest.fixture
def log(engine, config):
    return Log(engine, config[1], config[2])


def month(e, unit, start, end):
    m = e.metrics(t(start), t(end)).set_index("unit")
    return m.loc[unit]


def test_metrics_columns_are_the_documented_fields_with_units_of_measure_and_rules_spread(engine, log):
    log.open("C1")
    log.approve("C1", "2026-09-29T10:00")
    m = engine.metrics(t("2026-09-01T00:00"), t("2026-10-01T00:00"))
    assert list(m.columns) == COLUMNS
    row = m.iloc[0]
    assert (row["unit"], row["received"], row["decided"], row["on_time"]) == ("amr", 1, 1, 1)
    assert row["on_time_rate"] == Decimal(1) and isinstance(row["on_time_rate"], Decimal)
    # One decision in working days: 1 of its 20 statutory days used.
    assert (row["decided_working_days"], row["average_used_working_days"]) == (1, Decimal(1))
    assert row["speed_up_working_days"] == Decimal("0.95")
    assert row["decided_natural_days"] == 0 and row["average_used_natural_days"] is None
    # Nothing to rate is no rate, never 100 %.
    assert row["satisfaction_rate"] is None and row["rating_rate"] is None
    assert all(m[f"violations_{r}"].dtype.kind == "i" for r in RULES)
    empty = engine.metrics(t("2026-08-01T00:00"), t("2026-09-01T00:00"))
    assert len(empty) == 0 and list(empty.columns) == COLUMNS
    with pytest.raises(xn.InvalidInputError, match="naive"):
        engine.metrics(dt.datetime(2026, 9, 1), t("2026-10-01T00:00"))
    with pytest.raises(xn.InvalidInputError, match="to"):
        engine.metrics(t("2026-10-01T00:00"), t("2026-09-01T00:00"))


def test_a_unit_that_sits_on_every_case_scores_an_on_time_rate_of_0_with_its_open_overdue_count(engine, log):
    for case in ["C1", "C2", "C3"]:
        log.open(case, at="2026-09-01T10:00")  # pledged 10 working days: overdue from Sep 16
    log.advance("2026-11-01T00:00")
    sep = month(engine, "amr", "2026-09-01T00:00", "2026-10-01T00:00")
    assert (sep["decided"], sep["became_overdue"], sep["open_overdue"]) == (0, 3, 3)
    assert sep["on_time_rate"] == Decimal(0)
    oct_ = month(engine, "amr", "2026-10-01T00:00", "2026-11-01T00:00")
    assert (oct_["became_overdue"], oct_["open_overdue"], oct_["on_time_rate"]) == (0, 3, Decimal(0))


def test_one_very_dissatisfied_rating_and_three_defaulted_ones_give_0_percent_satisfaction(engine, log):
    for case in ["C1", "C2", "C3", "C4"]:
        log.open(case)
        log.approve(case, "2026-09-29T10:00")
        log.run(c.deliver(case, t("2026-09-29T15:00"), "s-clerk"))
    log.run(c.rate("C1", t("2026-09-30T09:00"), APPLICANT, level=1))
    log.advance("2026-11-01T00:00")  # the other three default to 基本满意 after 7 natural days
    m = month(engine, "amr", "2026-09-01T00:00", "2026-11-01T00:00")
    assert (m["real_ratings"], m["bad_ratings"], m["deemed_ratings"]) == (1, 1, 3)
    assert m["satisfaction_rate"] == Decimal(0)
    assert (m["closed"], m["rating_rate"]) == (4, Decimal("0.25"))


def test_a_closed_months_figures_never_change_read_at_three_later_dates(engine, log, config):
    log.open("C1", at="2026-09-01T10:00")  # overdue on Sep 16, decided late in October
    log.open("C2")
    log.approve("C2", "2026-09-29T10:00")
    log.run(c.deliver("C2", t("2026-09-29T15:00"), "s-clerk"))
    log.run(c.receive("C3", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT))  # deemed in Oct
    log.open("J1", FIRE_CHECK)
    log.advance("2026-10-01T00:00")
    period = (t("2026-09-01T00:00"), t("2026-10-01T00:00"))
    first = engine.metrics(*period)
    assert (first.loc[0, "open_overdue"], first.loc[0, "on_time_rate"]) == (1, Decimal("0.5"))
    log.approve("C1", "2026-10-09T10:00")
    log.run(c.rate("C2", t("2026-10-05T11:00"), APPLICANT, level=5))
    log.advance("2026-10-20T00:00")
    pd.testing.assert_frame_equal(engine.metrics(*period), first)
    log.open("C5", at="2026-11-02T09:00")
    log.run(c.withdraw("C5", t("2026-11-03T09:00"), "s-clerk"))
    log.advance("2026-12-01T00:00")
    pd.testing.assert_frame_equal(engine.metrics(*period), first)
    pd.testing.assert_frame_equal(xn.Engine.restore(*config, engine.snapshot()).metrics(*period), first)
    pd.testing.assert_frame_equal(xn.Engine.replay(*config, log.events).metrics(*period), first)


# --- an independent computation over the event log --------------------------------------------------------------


def busy_autumn(log, seed=7):
    """Sixty cases and twenty inquiries with every outcome, at random instants from September to November;
    commands the rules refuse (a decision after a deemed one, a rating after the default) are skipped, as a
    host would see them refused. Then every timer to the end of the calendar's data."""
    rng = random.Random(seed)
    base = dt.datetime(2026, 9, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def later(at, days=0, hours=0):
        return at + dt.timedelta(days=days, hours=hours, minutes=rng.randrange(60))

    def attempt(command):
        try:
            log.run(command)
            return True
        except xn.XiaonengError:
            return False

    for k in range(60):
        case = f"C{k:02d}"
        item = FOOD if rng.random() < 0.7 else FIRE_CHECK
        at = later(base, days=rng.randrange(80), hours=rng.randrange(8))
        log.run(c.receive(case, at, "s-clerk", item=item, applicant=APPLICANT))
        path = rng.random()
        if path < 0.1:
            at = later(at, hours=1)
            attempt(c.refuse(case, at, "s-clerk", reasons="不属于本机关职权范围", legal_basis="行政许可法第三十二条",
                             remedies=REMEDIES))
        elif path < 0.25:
            pass  # no notice, no acceptance: deemed accepted when the notice limit passes
        else:
            if path < 0.35:
                at = later(at, hours=1)
                attempt(c.notify_corrections(case, at, "s-clerk", missing=["营业执照复印件"]))
                at = later(at, days=rng.randrange(1, 4))
                attempt(c.submit_corrections(case, at, "s-clerk", materials=["营业执照复印件"]))
            at = later(at, hours=1)
            attempt(c.accept(case, at, "s-clerk"))
            fate = rng.random()
            at = later(at, days=rng.choice([0, 0, 1, 3, 6, 12, 20, 30]), hours=rng.randrange(6))
            if fate < 0.1:
                attempt(c.withdraw(case, at, "s-clerk"))
            elif fate < 0.15:
                attempt(c.terminate(case, at, "s-head", reason="申请人已注销"))
            elif fate < 0.3:
                pass  # the unit sits on it
            elif fate < 0.45:
                attempt(c.decide(case, at, "s-head", approve=False, reasons="现场核查不符合条件",
                                 legal_basis="《食品经营许可和备案管理办法》", remedies=REMEDIES))
            else:
                record = log.e.case(case)
                for s in log.catalog.item(item)["steps"][record["step"]:]:
                    attempt(c.complete_step(case, at, log.org.acting_holder(s["post"], at)["staff"]))
                if attempt(c.decide(case, at, "s-head", approve=True)) and rng.random() < 0.7:
                    at = later(at, days=rng.randrange(3))
                    attempt(c.deliver(case, at, "s-clerk"))
        if rng.random() < 0.5:
            attempt(c.rate(case, later(at, days=rng.randrange(1, 6)), APPLICANT, level=rng.randint(1, 5)))
    staff = ["s-clerk", "s-clerk2", "s-rev", "s-fire", "s-head", "s-sup"]
    for k in range(20):
        q = f"Q{k:02d}"
        at = later(base, days=rng.randrange(80), hours=rng.randrange(8))
        who = rng.choice(staff)
        log.run(c.record_inquiry(q, at, who, person="张女士", topic="办理进度"))
        if rng.random() < 0.7:
            outcome = rng.choice(["answered", "handled", "guided"])
            attempt(c.answer_inquiry(q, later(at, hours=rng.choice([0, 1, 30])), who, outcome=outcome,
                                     guided_to="县政务服务中心二楼 A12 窗口" if outcome == "guided" else ""))
    log.advance("2026-12-31T00:00")


def rate(a, b):
    """``a / b`` rounded half-up to 4 places, None when ``b`` is 0 (docs/metrics.md)."""
    return None if b == 0 else (Decimal(int(a)) / Decimal(int(b))).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def independent(events, org, catalog, start, end):
    """docs/metrics.md, computed from the event log alone with pandas (no engine state)."""
    ev = pd.DataFrame(events)
    for col in ["clock", "signal", "rule", "approve", "deemed", "level", "outcome", "responsible", "item"]:
        if col not in ev:
            ev[col] = None
    ev["at"] = pd.to_datetime(ev["at"], utc=True)
    start, end = pd.Timestamp(start).tz_convert("UTC"), pd.Timestamp(end).tz_convert("UTC")
    item_unit = catalog.frame().set_index("code")["unit"]
    staff_unit = org.staff_frame().set_index("id")["unit"]
    created = ev[ev["type"].isin(["received", "inquiry_recorded"])].set_index("case")
    unit_of = created["item"].map(item_unit).fillna(created["responsible"].map(staff_unit))
    ev["unit"] = ev["case"].map(unit_of)
    inside = (ev["at"] >= start) & (ev["at"] < end)
    deemed = ev["deemed"].eq(True)

    def first(mask):
        """The first instant of the events in `mask`, per record."""
        return ev[mask].groupby("case")["at"].min()

    received_at = first(ev["type"] == "received")
    local_day = lambda s: s.dt.tz_convert(dt.timezone(dt.timedelta(hours=8))).dt.date  # noqa: E731
    overdue_at = first((ev["type"].eq("signal_raised") & ev["clock"].eq("decision") & ev["signal"].isin(["yellow", "red"]))
                       | (ev["type"].eq("violation") & ev["rule"].eq("decision_overdue"))
                       | (ev["type"].eq("decided") & deemed))
    stopped_at = first(ev["type"].isin(["decided", "withdrawn", "terminated"]))
    closed_at = first(ev["type"].isin(["refused", "delivered", "withdrawn", "terminated"])
                      | (ev["type"].eq("decided") & ev["approve"].eq(False)))
    dealt_at = first(ev["type"] == "inquiry_answered")
    breached_at = first(ev["type"].eq("violation") & ev["rule"].eq("unanswered_inquiry"))

    flows = ev[inside]
    decided = flows[flows["type"] == "decided"].copy()
    decided["late"] = decided["deemed"].eq(True) | (decided["case"].map(overdue_at) <= decided["at"])
    decided["spot"] = local_day(decided["at"]).values == local_day(decided["case"].map(received_at)).values
    decided["item"] = decided["case"].map(created["item"])
    limits = catalog.frame().set_index("code")
    answered = flows[flows["type"] == "inquiry_answered"].copy()
    answered["late"] = answered["case"].map(breached_at) <= answered["at"]
    rated = flows[flows["type"] == "rated"]
    real = rated[~rated["deemed"].eq(True)]
    violations = flows[flows["type"] == "violation"]

    def count(frame):
        return frame.groupby("unit").size()

    cases = pd.DataFrame({"received_at": received_at, "closed_at": closed_at, "overdue_at": overdue_at,
                          "stopped_at": stopped_at})
    cases["unit"] = cases.index.map(unit_of)
    before = cases["received_at"] < end
    open_ = cases[before & ~(cases["closed_at"] < end)]
    open_overdue = cases[(cases["overdue_at"] < end) & ~(cases["stopped_at"] < end)]
    inquiries = pd.DataFrame({"recorded_at": first(ev["type"] == "inquiry_recorded"), "dealt_at": dealt_at,
                              "breached_at": breached_at})
    inquiries["unit"] = inquiries.index.map(unit_of)
    inquiries_open = inquiries[(inquiries["recorded_at"] < end) & ~(inquiries["dealt_at"] < end)]
    becoming = cases[(cases["overdue_at"] >= start) & (cases["overdue_at"] < end)]
    of = lambda kind: flows[flows["type"] == kind]  # noqa: E731
    counts = pd.DataFrame({
        "received": count(of("received")),
        "accepted": count(of("accepted")),
        "deemed_accepted": count(of("accepted")[of("accepted")["deemed"].eq(True)]),
        "refused": count(of("refused")),
        "decided": count(decided),
        "approved": count(decided[decided["approve"].eq(True)]),
        "deemed_approved": count(decided[decided["approve"].eq(True) & decided["deemed"].eq(True)]),
        "denied": count(decided[decided["approve"].eq(False)]),
        "withdrawn": count(of("withdrawn")),
        "terminated": count(of("terminated")),
        "closed": count(flows[flows["type"].isin(["refused", "delivered", "terminated"])
                              | (flows["type"].eq("decided") & flows["approve"].eq(False))]),
        "on_time": count(decided[~decided["late"]]),
        "late": count(decided[decided["late"]]),
        "became_overdue": count(becoming),
        "on_the_spot": count(decided[decided["spot"]]),
        "open": count(open_),
        "open_overdue": count(open_overdue),
        "decided_working_days": count(decided),
        "real_ratings": count(real),
        "bad_ratings": count(real[real["level"] <= 2]),
        "deemed_ratings": count(rated[rated["deemed"].eq(True)]),
        "satisfied": count(real[real["level"] >= 3]),
        "violations": count(violations),
        **{f"violations_{r}": count(violations[violations["rule"] == r]) for r in RULES},
        "inquiries": count(of("inquiry_recorded")),
        **{f"inquiries_{o}": count(answered[answered["outcome"] == o]) for o in ["answered", "handled", "guided"]},
        "inquiries_breached": count(violations[violations["rule"] == "unanswered_inquiry"]),
        "inquiries_on_time": count(answered[~answered["late"]]),
        "inquiries_open": count(inquiries_open),
        "inquiries_open_overdue": count(inquiries_open[inquiries_open["breached_at"] < end]),
    }).fillna(0).astype(int)
    counts = counts[(counts != 0).any(axis=1)].sort_index()
    counts["on_time_rate"] = [rate(r.on_time, r.decided + r.open_overdue) for r in counts.itertuples()]
    counts["on_the_spot_share"] = [rate(r.on_the_spot, r.decided) for r in counts.itertuples()]
    counts["rating_rate"] = [rate(r.real_ratings, r.closed) for r in counts.itertuples()]
    counts["satisfaction_rate"] = [rate(r.satisfied, r.real_ratings) for r in counts.itertuples()]
    dealt = counts["inquiries_answered"] + counts["inquiries_handled"] + counts["inquiries_guided"]
    counts["inquiry_on_time_rate"] = [rate(a, b) for a, b in zip(counts["inquiries_on_time"],
                                                                    dealt + counts["inquiries_open_overdue"])]
    # Averages of the limits (every item counts in working days): from the catalog, per decided case.
    decided["pledged"] = decided["item"].map(limits["pledged_limit"])
    decided["statutory"] = decided["item"].map(limits["statutory_limit"])
    mean = decided.groupby("unit")[["pledged", "statutory"]].mean()
    two = lambda x: None if pd.isna(x) else Decimal(str(x)).quantize(Decimal("0.01"), ROUND_HALF_UP)  # noqa: E731
    counts["average_pledged_working_days"] = counts.index.map(lambda u: two(mean["pledged"].get(u)))
    counts["average_statutory_working_days"] = counts.index.map(lambda u: two(mean["statutory"].get(u)))
    return counts.drop(columns="satisfied")


def test_every_figure_matches_an_independent_pandas_computation_over_the_event_log(engine, log, config):
    _, org, catalog = config
    busy_autumn(log)
    types = {e["type"] for e in log.events}
    # The log exercises what the figures count.
    assert {"refused", "withdrawn", "terminated", "delivered", "rated", "violation", "inquiry_answered"} <= types
    assert any(e["type"] == "accepted" and e["deemed"] for e in log.events)
    assert any(e["type"] == "decided" and e["deemed"] for e in log.events)
    cst = dt.timezone(dt.timedelta(hours=8))
    periods = [(dt.datetime(2026, m, 1, tzinfo=cst), dt.datetime(2026, m + 1, 1, tzinfo=cst)) for m in (9, 10, 11)]
    periods += [(dt.datetime(2026, 9, 1, tzinfo=cst), dt.datetime(2026, 12, 31, tzinfo=cst)),
                (dt.datetime(2026, 10, 12, 15, 30, tzinfo=cst), dt.datetime(2026, 10, 19, 8, tzinfo=cst))]
    seen = {"open_overdue": 0, "on_the_spot": 0, "deemed_ratings": 0, "inquiries_open_overdue": 0}
    for start, end in periods:
        want = independent(log.events, org, catalog, start, end)
        got = engine.metrics(start, end).set_index("unit")
        assert list(got.index) == list(want.index), (start, end)
        for col in want.columns:
            for unit in want.index:
                g, w = got.loc[unit, col], want.loc[unit, col]
                assert (g is None and w is None) or g == w, (start, end, unit, col, g, w)
        # What the independent side does not recompute still holds together.
        assert (got["on_time"] + got["late"] == got["decided"]).all()
        assert (got["decided_working_days"] == got["decided"]).all()
        for k in seen:
            seen[k] += int(got[k].sum())
    assert all(seen.values()), seen
