"""Inspections (明查暗访) and sealed inspection plans from Python (docs/rules.md §6 "Inspections"): the
commands through the generated builders, the views ``Engine.inspection``, ``inspections``, ``plan``,
``plan_report`` and ``inspection_coverage``; authority with its negatives (a supervisor of the unit, a
monitor out of term or affiliated with the unit, someone off the team); refusals naming the field."""

import datetime as dt
import json

import pytest

import xiaoneng as xn
from xiaoneng import commands as c

TZ = dt.timezone(dt.timedelta(hours=8))
ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def at(month, day, hour=9, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def engine():
    org = json.loads((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    org["staff"] += [
        {"id": "s-sup2", "name": "韩梅", "unit": "eff", "roles": ["supervisor"], "rank": 3},
        {"id": "s-amr-sup", "name": "蒋平", "unit": "amr", "roles": ["supervisor"], "rank": 3},
    ]
    org = xn.Org.from_json(json.dumps(org))
    policy = xn.Policy.from_toml((ROOT / "presets/county.toml").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(policy, org, catalog)


def open_j1(engine, actor="s-sup", unit="amr", inspectors=("s-sup", "m-deputy"), **kw):
    return engine.execute(c.open_inspection("J1", at(11, 3, 9, 30), actor, unit=unit, mode="unannounced",
                                            inspectors=list(inspectors), **kw))


def rules(events):
    return [(e["rule"], e.get("responsible")) for e in events if e["type"] == "violation"]


def test_a_walk_from_finding_to_concluded_reinspection(engine):
    open_j1(engine)
    events = engine.execute(c.record_finding("J1", at(11, 3, 10), "m-deputy", problem="窗口人员离岗未挂去向牌",
                                             person="s-clerk", rectify=True))
    assert rules(events) == [("inspection_finding", "s-clerk")]
    ordered = [e for e in events if e["type"] == "rectification_ordered"]
    assert [(e["case"], e["actor"]) for e in ordered] == [("J1-ZG1", "s-sup")]
    assert engine.pledge("J1-ZG1", at(11, 3, 11))["source"] == "inspection"
    engine.execute(c.close_inspection("J1", at(11, 3, 11), "s-sup", summary="窗口纪律问题，责令整改"))
    assert engine.inspection("J1")["state"] == "reinspecting"
    failed = engine.execute(c.reinspect("J1", at(11, 24, 10), "m-deputy", finding=1, passed=False,
                                        detail="去向牌仍未挂"))
    assert rules(failed) == [("rectification_failed", "s-clerk")]
    engine.execute(c.reinspect("J1", at(12, 8, 10), "s-sup2", finding=1, passed=True, detail="已整改"))
    i = engine.inspections()[0]
    assert i["state"] == "concluded"
    assert [r["passed"] for r in i["findings"][0]["reinspections"]] == [False, True]
    assert engine.inspection("J9") is None


def test_a_supervisor_of_the_unit_may_not_open_an_inspection_of_it(engine):
    with pytest.raises(xn.ForbiddenError) as e:
        open_j1(engine, actor="s-amr-sup", inspectors=["s-sup"])
    assert e.value.field == "actor"
    open_j1(engine, actor="s-amr-sup", unit="fire", inspectors=["s-amr-sup"])
    assert engine.inspection("J1")["unit"] == "fire"


@pytest.mark.parametrize("team, error, field", [
    (["s-sup", "m-former"], xn.ForbiddenError, "inspectors[1]"),   # term ended 2025-12-31
    (["m-retiree"], xn.ForbiddenError, "inspectors[0]"),           # affiliated with amr
    (["s-clerk"], xn.ForbiddenError, "inspectors[0]"),             # no supervisor
    (["m-nobody"], xn.NotFoundError, "inspectors[0]"),
    (["s-sup", "s-sup"], xn.InvalidInputError, "inspectors[1]"),
    ([], xn.InvalidInputError, "inspectors"),
])
def test_the_team_is_supervisors_outside_the_unit_or_serving_monitors(engine, team, error, field):
    with pytest.raises(error) as e:
        open_j1(engine, inspectors=team)
    assert e.value.field == field
    assert engine.inspections() == []


def test_no_one_off_the_team_records_a_finding(engine):
    open_j1(engine)
    for actor in ["m-retiree", "s-sup2"]:
        with pytest.raises(xn.ForbiddenError) as e:
            engine.execute(c.record_finding("J1", at(11, 3, 10), actor, problem="x"))
        assert e.value.field == "actor"
    with pytest.raises(xn.InvalidInputError) as e:
        engine.execute(c.record_finding("J1", at(11, 3, 10), "s-sup", problem="x", person="s-fire"))
    assert e.value.field == "person"


REQUEST = {"units": [{"id": "amr", "stratum": "high"}, {"id": "fire", "stratum": "high"},
                     {"id": "hall", "stratum": "low"}],
           "inspectors": [{"id": "s-sup", "unit": "eff"}, {"id": "s-sup2", "unit": "eff"}],
           "strata": {"high": 1, "low": 1}, "team_size": 1}


def test_a_sealed_plan_is_revealed_after_its_period_and_reported(engine):
    plan = xn.draw.inspection_plan(**REQUEST, seed=20261001)
    with pytest.raises(xn.InvalidStateError) as e:
        engine.execute(c.commit_plan("P1", at(10, 1, 8), "s-sup", period_start=dt.date(2026, 10, 1),
                                     period_end=dt.date(2026, 12, 31), commitment=plan["commitment"]))
    assert e.value.field == "at"
    engine.execute(c.commit_plan("P1", at(9, 25), "s-sup", period_start=dt.date(2026, 10, 1),
                                 period_end=dt.date(2026, 12, 31), commitment=plan["commitment"]))
    drawn = [a["unit"] for a in plan["assignments"]]
    open_j1(engine, unit=drawn[0], inspectors=["m-deputy"], plan="P1")
    assert engine.plan_report("P1")["carried_out"] == [{"unit": drawn[0], "inspection": "J1"}]
    with pytest.raises(xn.InvalidInputError) as e:
        engine.execute(c.reveal_plan("P1", at(1, 4, year=2027), "s-sup2", seed=20261002, request=REQUEST))
    assert e.value.field == "seed"
    assert engine.plan("P1")["state"] == "sealed"
    engine.execute(c.reveal_plan("P1", at(1, 4, year=2027), "s-sup2", seed=20261001, request=REQUEST))
    report = engine.plan_report("P1")
    assert report["state"] == "revealed"
    assert report["assignments"] == plan["assignments"]
    assert report["missed"] == drawn[1:]
    with pytest.raises(xn.NotFoundError) as e:
        engine.plan_report("J1")
    assert e.value.field == "case"
    # A request that is not a mapping is refused by the builder, naming the field.
    with pytest.raises(xn.InvalidInputError) as e:
        c.reveal_plan("P1", at(1, 4, year=2027), "s-sup2", seed=1, request=[1, 2])
    assert e.value.field == "request"


def test_coverage_counts_the_engines_inspections(engine):
    open_j1(engine)
    report = engine.inspection_coverage(units=["amr", "fire"], start=dt.date(2026, 10, 1),
                                        end=dt.date(2026, 12, 31))
    assert [(b["unit"], b["start"]) for b in report["below"]] == [("fire", dt.date(2026, 10, 1))]
    with pytest.raises(xn.InvalidInputError) as e:
        engine.inspection_coverage(units=["amr"], start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31),
                                   minimum=0)
    assert e.value.field == "minimum"
    with pytest.raises(xn.InvalidInputError):
        engine.inspection_coverage(units=["amr"], start="2026-10-01", end=dt.date(2026, 12, 31))
