"""The wire format's instants: microseconds (Python's datetime precision), no leap seconds. An event log received
as text replays to the same state; an instant Python could not hold is refused, never rounded. A calendar's UTC
offset is hours and minutes: one with seconds is refused, never rounded."""

import datetime as dt
import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


def receive(at):
    return {**c.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=CST), "s-clerk", item=FOOD, applicant="某公司"),
            "at": at}


def as_text(log):
    """The log as a host stores it: JSON text, instants as RFC 3339 strings."""
    return json.loads(json.dumps(log, default=dt.datetime.isoformat))


def test_a_log_to_the_microsecond_round_trips(config):
    engine = xn.Engine(*config)
    log = engine.execute(receive(dt.datetime(2026, 9, 28, 10, 0, 0, 123456, tzinfo=CST)))
    log += engine.execute(c.accept("C1", dt.datetime(2026, 9, 28, 11, 0, 0, 654321, tzinfo=CST), "s-clerk"))
    assert log[0]["at"] == dt.datetime(2026, 9, 28, 10, 0, 0, 123456, tzinfo=CST)
    stored = as_text(log)
    assert stored[0]["at"] == "2026-09-28T10:00:00.123456+08:00"
    again = xn.Engine.replay(*config, stored)
    assert again.snapshot() == engine.snapshot()
    assert xn.Engine.replay(*config, log).snapshot() == engine.snapshot()


def test_a_log_with_a_nanosecond_instant_is_refused(config):
    engine = xn.Engine(*config)
    stored = as_text(engine.execute(receive(dt.datetime(2026, 9, 28, 10, tzinfo=CST))))
    stored[0]["at"] = "2026-09-28T10:00:00.123456789+08:00"
    with pytest.raises(xn.InvalidInputError, match="finer than a microsecond") as info:
        xn.Engine.replay(*config, stored)
    assert (info.value.field, info.value.value, info.value.index) == (
        "events[0].at", "2026-09-28T02:00:00.123456789Z", 0)
    stored[0]["at"] = "2016-12-31T23:59:60Z"
    with pytest.raises(xn.InvalidInputError, match="leap second"):
        xn.Engine.replay(*config, stored)


@pytest.mark.parametrize(("at", "reason"), [
    ("2026-09-28T10:00:00.123456789+08:00", "finer than a microsecond"),
    ("2026-09-28T10:00:00.0000001+08:00", "finer than a microsecond"),
    ("2016-12-30T23:59:60Z", "leap second"),
])
def test_a_command_at_an_instant_python_cannot_hold_is_refused(config, at, reason):
    engine = xn.Engine(*config)
    with pytest.raises(xn.InvalidInputError, match=reason) as info:
        engine.execute(receive(at))
    assert info.value.field == "at"
    with pytest.raises(xn.InvalidInputError, match=reason) as info:
        engine.execute_many([receive(at)])
    assert info.value.field == "commands[0].at" and info.value.index == 0
    assert engine.seq == 0
    # Microseconds written as text are fine.
    assert engine.execute(receive("2026-09-28T10:00:00.123456+08:00"))[0]["at"].microsecond == 123456


def test_a_clock_document_with_a_nanosecond_instant_is_refused():
    doc = {"schema": 1, "limit": {"unit": "working_days", "amount": 20},
           "started_at": "2026-09-28T10:00:00.000000001+08:00"}
    with pytest.raises(xn.InvalidInputError, match="finer than a microsecond") as info:
        xn.Clock.from_dict(doc)
    assert info.value.field == "started_at"
    doc["started_at"] = "2026-09-28T10:00:00.000001+08:00"
    assert xn.Clock.from_dict(doc).started_at.microsecond == 1


@pytest.mark.parametrize("offset", ["+08:05:43", "+0805:43", "+080543", "+08:00 ", "+08"])
def test_a_utc_offset_with_seconds_or_anything_else_is_refused_not_rounded(offset):
    with pytest.raises(xn.ParseError, match="not a UTC offset like \\+08:00") as info:
        xn.Calendar.from_dict({"schema": 1, "base": "china", "utc_offset": offset})
    assert info.value.field == "utc_offset"


def test_utc_offsets_in_hours_and_minutes_are_kept_exactly():
    for text, minutes in [("+05:45", 345), ("-0330", -210), ("+00:00", 0)]:
        cal = xn.Calendar.from_dict({"schema": 1, "base": "china", "utc_offset": text})
        assert cal.utc_offset == dt.timezone(dt.timedelta(minutes=minutes))
        assert xn.Calendar.from_json(cal.to_json()) == cal
