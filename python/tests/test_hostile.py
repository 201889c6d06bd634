"""Hostile input: self-referencing and deeply nested values, numpy arrays of the wrong dtype, huge values,
strings that are not text. Each is refused with a XiaonengError naming the path or argument, with a bounded
message; none crashes the interpreter."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import d, t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
LIMIT = {"unit": "working_days", "amount": 5}
BIG = "x" * 10_000_000  # 10 MB


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


@pytest.fixture
def engine(config):
    return xn.Engine(*config)


def loop_dict():
    x: dict = {}
    x["x"] = x
    return x


def loop_list():
    x: list = []
    x.append(x)
    return x


def nested(depth, leaf=1):
    """`depth` lists around `leaf`."""
    v = leaf
    for _ in range(depth):
        v = [v]
    return v


def deep_refusal(info, prefix):
    e = info.value
    assert isinstance(e, xn.InvalidInputError)
    assert "nested deeper than 128 levels" in str(e) and e.reason.startswith("nested deeper than 128")
    assert e.field.startswith(prefix), e.field
    assert len(str(e)) < 600


ENTRY_POINTS = [
    ("Calendar.from_dict", "name", lambda cfg, v: xn.Calendar.from_dict({"schema": 1, "base": "china", "name": v})),
    ("Calendar.with_notice", "notice.days_off", lambda cfg, v: xn.Calendar.china().with_notice({"year": 2027, "days_off": v})),
    ("Clock.from_dict", "limit", lambda cfg, v: xn.Clock.from_dict({"schema": 1, "limit": v})),
    ("Clock()", "extension_rule", lambda cfg, v: xn.Clock(("working_days", 5), t("2026-09-29T10:00"),
                                                          extension_rule=v)),
    ("Clock() limit", "limit.amount", lambda cfg, v: xn.Clock(("working_days", v), t("2026-09-29T10:00"))),
    ("Policy.from_dict", "name", lambda cfg, v: xn.Policy.from_dict({"schema": 1, "name": v})),
    ("Org.from_dict", "units", lambda cfg, v: xn.Org.from_dict({"schema": 1, "units": v})),
    ("Catalog.from_dict", "items", lambda cfg, v: xn.Catalog.from_dict({"schema": 1, "items": v}, cfg[1])),
    ("Engine.execute", "command.materials", lambda cfg, v: xn.Engine(*cfg).execute(
        {**c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="某公司"), "materials": v})),
    ("Engine.execute_many", "commands[0].materials", lambda cfg, v: xn.Engine(*cfg).execute_many(
        [{**c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="某公司"), "materials": v}])),
    ("Engine.replay", "events[0].materials", lambda cfg, v: xn.Engine.replay(*cfg, [
        {"seq": 1, "at": "2026-09-28T01:00:00Z", "case": "C1", "type": "received", "item": FOOD,
         "applicant": "某公司", "materials": v}])),
]


@pytest.mark.parametrize(("where", "path", "call"), ENTRY_POINTS, ids=[e[0] for e in ENTRY_POINTS])
@pytest.mark.parametrize("make", [loop_dict, loop_list, lambda: nested(1000)], ids=["dict-loop", "list-loop", "deep"])
def test_self_referencing_and_deep_values_are_refused_naming_the_path(config, where, path, call, make):
    with pytest.raises(xn.InvalidInputError) as info:
        call(config, make())
    deep_refusal(info, path)


def test_the_depth_limit_is_128_levels(engine):
    """127 containers inside one another and a value in the innermost (128 levels) are read, and the
    command then fails on its own terms, as the same command as JSON text would; one more level is refused
    by the binding."""
    base = c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="某公司")
    with pytest.raises(xn.ParseError, match="invalid type") as ok:
        engine.execute({**base, "materials": nested(126)})  # the command dict and 126 lists: 127 containers
    assert "nested deeper" not in str(ok.value)
    with pytest.raises(xn.InvalidInputError, match="nested deeper than 128"):
        engine.execute({**base, "materials": nested(127)})
    with pytest.raises(xn.InvalidInputError, match="nested deeper than 128"):
        engine.execute({**base, "materials": nested(127, leaf=[])})
    assert engine.seq == 0


def test_a_dict_that_changes_while_it_is_read_is_refused(engine):
    cmd = c.accept("C1", t("2026-09-28T10:00"), "s-clerk")

    class Meddling(dt.tzinfo):
        def utcoffset(self, when):
            cmd["extra"] = 1  # the dict being read grows
            return dt.timedelta(hours=8)

        def dst(self, when):
            return dt.timedelta(0)

    cmd["at"] = dt.datetime(2026, 9, 28, 10, tzinfo=Meddling())
    with pytest.raises(xn.InvalidInputError, match="changed size while it was being read"):
        engine.execute(cmd)


@pytest.mark.parametrize(("value", "reason"), [
    (2**70, "beyond 64 bits"),
    (float("nan"), "not a finite number"),
    (float("inf"), "not a finite number"),
    ({1, 2}, "cannot use a set"),
    (b"bytes", "cannot use a bytes"),
    (object(), "cannot use a object"),
    ("\ud800", "lone surrogate"),
    ({1: "a"}, "keys must be strings"),
])
def test_values_without_a_json_form_are_refused_naming_the_path(engine, value, reason):
    base = c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="某公司")
    with pytest.raises(xn.InvalidInputError, match=reason) as info:
        engine.execute({**base, "materials": ["a", value]})
    assert info.value.field == "command.materials[1]"
    assert engine.seq == 0


def bounded(e):
    msg = str(e)
    assert len(msg) < 1000, len(msg)
    if e.value is not None:
        assert len(e.value.encode()) < 300
    if e.field is not None:
        assert len(e.field.encode()) < 300
    return msg


def test_messages_quote_a_bounded_prefix_of_a_10_mb_value(engine, config, cal):
    at = t("2026-09-28T09:00")
    calls = [
        (xn.NotFoundError, lambda: engine.execute(c.accept(BIG, at, "s-clerk"))),
        (xn.NotFoundError, lambda: engine.execute(c.accept("C1", at, BIG))),
        (xn.NotFoundError, lambda: engine.view(BIG, at)),
        (xn.ForbiddenError, lambda: engine.execute(c.receive("C1", at, "s-rev", item=FOOD, applicant=BIG))),
        (xn.InvalidInputError, lambda: cal.is_workday(BIG)),
        (xn.InvalidInputError, lambda: cal.add_workdays(d("2026-09-30"), 1, start_rule=BIG)),
        (xn.InvalidInputError, lambda: xn.Policy.load(BIG + ".yaml")),
        (xn.InvalidInputError, lambda: config[0].on_timeout(BIG)),
        (xn.InvalidInputError, lambda: xn.Clock(("working_days", 5), at).pause(BIG, at)),
        (xn.InvalidInputError, lambda: engine.execute({BIG: loop_dict()})),
        (xn.ParseError, lambda: engine.execute({"type": BIG, "case": "C1", "at": at, "actor": "s-clerk"})),
        (xn.ParseError, lambda: xn.Calendar.from_json('{"schema": 1, "' + BIG + '": 1}')),
        (xn.ParseError, lambda: xn.Calendar.from_dict({"schema": 1, "base": "china", "utc_offset": BIG})),
        (xn.ParseError, lambda: engine.execute({**c.accept("C1", at, "s-clerk"), "at": "x" + BIG})),
        (xn.ParseError, lambda: engine.execute_many(json.dumps({"type": "accept", "case": "C1", "x": BIG}))),
    ]
    for cls, call in calls:
        with pytest.raises(xn.XiaonengError) as info:
            call()
        assert isinstance(info.value, cls), repr(info.value)[:300]
        bounded(info.value)
    assert engine.seq == 0


def test_a_deep_path_with_long_keys_is_bounded(engine):
    v: dict = {}
    for _ in range(200):
        v = {"k" * 1000: v}
    with pytest.raises(xn.InvalidInputError) as info:
        engine.execute({**c.accept("C1", t("2026-09-28T10:00"), "s-clerk"), "x": v})
    bounded(info.value)
    assert info.value.field.startswith("command.x.kkkk") and "…" in info.value.field


# --- numpy arrays ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("arr", [
    np.array([1.5, 2.0]),
    np.array([1 + 2j]),
    np.array([True, False]),
    np.array([dt.date(2026, 9, 30)], dtype=object),
    np.array(["2026-09-30"]),
    np.array([b"2026-09-30"]),
    np.array([1, 2], dtype="timedelta64[D]"),
], ids=["float", "complex", "bool", "object", "str", "bytes", "timedelta"])
def test_date_arrays_of_another_dtype_are_refused(cal, arr):
    with pytest.raises(xn.InvalidInputError, match="must hold dates") as info:
        cal.is_workday(arr)
    assert info.value.field == "d" and str(arr.dtype) in info.value.value
    with pytest.raises(xn.InvalidInputError) as info:
        cal.workdays_between(d("2026-09-30"), arr)
    assert info.value.field == "b"


def test_date_arrays_of_day_numbers_are_read(cal):
    days = np.array([(dt.date(2026, 10, 1) - dt.date(1970, 1, 1)).days, (dt.date(2026, 10, 10) - dt.date(1970, 1, 1)).days])
    assert cal.is_workday(days).tolist() == [False, True]
    assert cal.is_workday(days.astype(np.uint32)).tolist() == [False, True]
    # Lists are read by numpy, as before (dates or ISO strings).
    assert cal.is_workday(["2026-10-01", dt.date(2026, 10, 10)]).tolist() == [False, True]


@pytest.mark.parametrize("arr", [
    np.array([1.0, 2.0]), np.array([1 + 0j]), np.array([True]), np.array([1], dtype=object), np.array(["1"]),
], ids=["float", "complex", "bool", "object", "str"])
def test_integer_arrays_of_another_dtype_are_refused(cal, arr):
    with pytest.raises(xn.InvalidInputError, match="must hold integers") as info:
        cal.add_workdays(d("2026-09-30"), arr)
    assert info.value.field == "n"


def test_unsigned_values_beyond_int64_are_refused_naming_the_element(cal):
    n = np.array([1, 2**63 + 5, 3], dtype=np.uint64)
    with pytest.raises(xn.InvalidInputError, match="does not fit") as info:
        cal.add_workdays(d("2026-09-30"), n)
    assert (info.value.field, info.value.value, info.value.index) == ("n[1]", str(2**63 + 5), 1)
    with pytest.raises(xn.InvalidInputError) as info:
        cal.add_days(d("2026-09-30"), [2**64 - 1])
    assert info.value.field == "n[0]"
    days = np.array([20_000, 2**64 - 1], dtype=np.uint64)
    with pytest.raises(xn.InvalidInputError) as info:
        cal.is_workday(days)
    assert info.value.field == "d[1]"
    # Small unsigned values are fine.
    assert cal.add_workdays(d("2026-09-30"), np.array([5], dtype=np.uint64)).tolist() == [d("2026-10-13")]
    assert cal.add_workdays(d("2026-09-30"), np.uint8(5)) == d("2026-10-13")


def test_numpy_scalars_of_another_kind_are_refused(cal):
    with pytest.raises(xn.InvalidInputError, match="`n`"):
        cal.add_workdays(d("2026-09-30"), np.float64(5.0))
    with pytest.raises(xn.InvalidInputError, match="`n`"):
        cal.add_workdays(d("2026-09-30"), np.bool_(True))
