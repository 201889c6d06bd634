"""Draws from Python (xiaoneng.draw): the same seed gives the same sample, plan and commitment as from Rust
(tests/draw_rules.rs) and C (tests/c/test_draw.c); the rules hold; bad input names the field."""

import datetime as dt
import doctest
import json

import pytest

import xiaoneng as xn

SEED = 20261001

# The county's units in strata and its staff as inspectors (the same request as the Rust and C tests).
COUNTY = dict(
    units=[
        {"id": "amr", "stratum": "high"},
        {"id": "fire", "stratum": "high", "exclude_inspectors": ["s-sup"]},
        {"id": "hall", "stratum": "medium"},
        {"id": "gov", "stratum": "low"},
        {"id": "eff", "stratum": "low"},
    ],
    inspectors=[("s-sup", "eff"), ("s-rev", "amr"), ("s-rev2", "amr"), ("s-fire", "fire"), ("s-hall", "hall"),
                ("s-gov-head", "gov")],
    strata={"high": 2, "medium": 1, "low": 1},
    team_size=2,
    inspected_last_period=["eff"],
)

PLAN = {
    "seed": SEED,
    "assignments": [
        {"unit": "amr", "stratum": "high", "inspectors": ["s-hall", "s-sup"]},
        {"unit": "fire", "stratum": "high", "inspectors": ["s-gov-head", "s-rev"]},
        {"unit": "gov", "stratum": "low", "inspectors": ["s-fire", "s-rev"]},
        {"unit": "hall", "stratum": "medium", "inspectors": ["s-fire", "s-gov-head"]},
    ],
    "commitment": "86a8f0856b0c15013450fc067953dbf441fee4aa92956c64a99b265972520570",
}

IDS = [f"T-{i:02}" for i in range(1, 11)]


def test_sample_is_the_same_as_from_rust_and_c():
    assert xn.draw.sample(IDS, rate_per_mille=300, seed=SEED) == ["T-05", "T-06", "T-09"]


def test_sample_ignores_order_and_rounds_up():
    assert xn.draw.sample(reversed(IDS), 300, SEED) == xn.draw.sample(IDS, 300, SEED)
    assert len(xn.draw.sample(IDS, 1, 3)) == 1
    assert xn.draw.sample(IDS, 0, 3) == []
    assert xn.draw.sample([], 500, 3) == []


def test_sample_bad_input_names_the_field():
    with pytest.raises(xn.InvalidInputError) as e:
        xn.draw.sample(["a", "b", "a"], 500, 1)
    assert (e.value.field, e.value.value) == ("ids[2]", "a")
    with pytest.raises(xn.InvalidInputError) as e:
        xn.draw.sample(IDS, 1001, 1)
    assert e.value.field == "rate_per_mille"
    with pytest.raises(xn.InvalidInputError) as e:
        xn.draw.sample(IDS, 10, "7")
    assert e.value.field == "seed"
    with pytest.raises(xn.OutOfRangeError) as e:
        xn.draw.sample(IDS, 10, 2**64)
    assert e.value.field == "seed"
    with pytest.raises(xn.InvalidInputError) as e:
        xn.draw.sample([1, 2], 10, 1)
    assert e.value.field == "ids"


def test_plan_is_the_same_as_from_rust_and_c():
    plan = xn.draw.inspection_plan(**COUNTY, seed=SEED)
    assert plan == PLAN
    # The JSON the C ABI answers, byte for byte.
    assert json.dumps(plan, separators=(",", ":")) == json.dumps(PLAN, separators=(",", ":"))


def test_plan_rules_hold():
    own = {x[0]: x[1] for x in COUNTY["inspectors"]}
    for seed in range(30):
        plan = xn.draw.inspection_plan(**COUNTY, seed=seed)
        units = [a["unit"] for a in plan["assignments"]]
        assert "eff" not in units, "inspected last period"
        assert units == sorted(units)
        load: dict[str, int] = {}
        for a in plan["assignments"]:
            assert len(set(a["inspectors"])) == 2
            for x in a["inspectors"]:
                assert own[x] != a["unit"], "own unit"
                load[x] = load.get(x, 0) + 1
            if a["unit"] == "fire":
                assert "s-sup" not in a["inspectors"], "excluded by the unit"
        assert max(load.values()) <= 2  # ceil(8 / 6)


def test_plan_ignores_order():
    shuffled = dict(COUNTY, units=list(reversed(COUNTY["units"])), inspectors=COUNTY["inspectors"][::-1])
    assert xn.draw.inspection_plan(**shuffled, seed=SEED) == PLAN


def test_plan_infeasible_names_the_unit():
    with pytest.raises(xn.InvalidInputError) as e:
        xn.draw.inspection_plan(units=[("a", "s")], inspectors=[("x", "a")], strata={"s": 1}, team_size=1, seed=1)
    assert (e.value.field, e.value.value) == ("units[0]", "a")
    assert "its own" in e.value.reason
    with pytest.raises(xn.InvalidInputError) as e:
        xn.draw.inspection_plan(**dict(COUNTY, strata={"low": 2}), seed=1)
    assert e.value.field == "strata.low"
    with pytest.raises(xn.ParseError) as e:
        xn.draw.inspection_plan(units=[{"id": "a", "risk": "high"}], inspectors=[], strata={}, team_size=1, seed=1)
    assert e.value.field == "units[0].risk"
    with pytest.raises(xn.NotFoundError) as e:
        xn.draw.inspection_plan(**dict(COUNTY, inspected_last_period=["zz"]), seed=1)
    assert e.value.field == "inspected_last_period[0]"


def test_verify_accepts_the_plan_and_detects_tampering():
    xn.draw.verify_plan(**COUNTY, seed=SEED, assignments=PLAN["assignments"], commitment=PLAN["commitment"])
    forged = json.loads(json.dumps(PLAN["assignments"]))
    forged[0]["inspectors"] = ["s-fire", "s-sup"]
    with pytest.raises(xn.CorruptError) as e:
        xn.draw.verify_plan(**COUNTY, seed=SEED, assignments=forged, commitment=PLAN["commitment"])
    assert (e.value.field, e.value.value) == ("assignments[0]", "amr")
    with pytest.raises(xn.CorruptError):
        xn.draw.verify_plan(**COUNTY, seed=SEED + 1, assignments=PLAN["assignments"], commitment=PLAN["commitment"])
    with pytest.raises(xn.CorruptError) as e:
        xn.draw.verify_plan(**COUNTY, seed=SEED, assignments=PLAN["assignments"], commitment="0" * 64)
    assert e.value.field == "commitment"


def test_coverage_per_quarter():
    report = xn.draw.coverage(units=["fire", "amr"],
                              inspections=[("amr", dt.date(2026, 1, 15)), {"unit": "fire", "date": "2026-04-01"}],
                              start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30), period="quarter")
    assert [p["label"] for p in report["periods"]] == ["2026-Q1", "2026-Q2"]
    assert [(s["unit"], s["period"], s["count"], s["start"]) for s in report["below"]] == [
        ("amr", "2026-Q2", 0, dt.date(2026, 4, 1)),
        ("fire", "2026-Q1", 0, dt.date(2026, 1, 1)),
    ]


def test_coverage_bad_input_names_the_field():
    with pytest.raises(xn.NotFoundError) as e:
        xn.draw.coverage(units=["a"], inspections=[("b", dt.date(2026, 1, 2))], start="2026-01-01", end="2026-03-31")
    assert e.value.field == "inspections[0].unit"
    with pytest.raises(xn.ParseError) as e:
        xn.draw.coverage(units=["a"], inspections=[], start="2026-01-01", end="2026-03-31",
                         period="week")
    assert e.value.field == "period"


@pytest.mark.parametrize("fn", [xn.draw, xn.draw.sample, xn.draw.inspection_plan, xn.draw.verify_plan,
                                xn.draw.coverage])
def test_docstring_examples(fn):
    assert fn.__doc__ and "Examples" in fn.__doc__
    test = doctest.DocTestParser().get_doctest(fn.__doc__, {"xn": xn, "dt": dt}, fn.__name__, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
