"""Engine.execute_many: a batch of command dicts or JSON Lines, the GIL released for the whole batch; it stops at
the first failing command, whose error names its index; the commands before it stay applied."""

import datetime as dt
import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import gil_released_during

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


def at(day, hour, minute=0):
    return dt.datetime(2026, 9, day, hour, minute, tzinfo=CST)


def commands(n):
    """`n` cases received and accepted, then a step each: 3n commands in time order."""
    out = [c.receive(f"C{k}", at(28, 9, k % 60), "s-clerk", item=FOOD, applicant="某公司") for k in range(n)]
    out += [c.accept(f"C{k}", at(28, 10, k % 60), "s-clerk") for k in range(n)]
    out += [c.complete_step(f"C{k}", at(28, 11, k % 60), "s-clerk") for k in range(n)]
    return out


def one_by_one(config, cmds):
    engine = xn.Engine(*config)
    return engine, [engine.execute(cmd) for cmd in cmds]


def lines(cmds):
    return "".join(json.dumps({**cmd, "at": cmd["at"]}, ensure_ascii=False) + "\n" for cmd in cmds)


def test_a_batch_gives_what_one_by_one_gives(config):
    cmds = commands(20)
    expected_engine, expected = one_by_one(config, cmds)
    engine = xn.Engine(*config)
    out = engine.execute_many(cmds)
    assert out == expected
    assert engine.snapshot() == expected_engine.snapshot()
    assert [len(events) for events in out] == [1] * 60
    assert out[0][0]["at"] == at(28, 9) and out[0][0]["type"] == "received"


@pytest.mark.parametrize("form", ["str", "bytes", "tuple"])
def test_json_lines_and_tuples(config, form):
    cmds = commands(5)
    expected_engine, expected = one_by_one(config, cmds)
    text = "\n" + lines(cmds).replace("\n", "\n  \n", 2)  # blank lines are skipped
    batch = {"str": text, "bytes": text.encode(), "tuple": tuple(cmds)}[form]
    engine = xn.Engine(*config)
    assert engine.execute_many(batch) == expected
    assert engine.snapshot() == expected_engine.snapshot()


def test_an_empty_batch(config):
    engine = xn.Engine(*config)
    assert engine.execute_many([]) == [] and engine.execute_many("") == [] and engine.seq == 0


def test_a_failing_command_in_the_middle_stops_the_batch_and_keeps_what_came_before(config):
    cmds = commands(10)
    bad = c.accept("C404", at(28, 10), "s-clerk")
    batch = cmds[:17] + [bad] + cmds[17:]
    engine = xn.Engine(*config)
    with pytest.raises(xn.NotFoundError) as info:
        engine.execute_many(batch)
    e = info.value
    assert e.index == 17 and e.code == 9
    assert str(e) == "commands[17]: unknown `case` = C404: no case has this number"
    assert (e.field, e.value, e.reason) == ("commands[17].case", "C404", "no case has this number")
    # The 17 commands before it are applied, their events given with the error; nothing after it ran.
    prefix_engine, prefix_events = one_by_one(config, cmds[:17])
    assert e.events == prefix_events
    assert engine.snapshot() == prefix_engine.snapshot() and engine.seq == 17
    # The host fixes the command and goes on from there.
    rest = engine.execute_many(cmds[17:])
    assert engine.seq == 30 and len(rest) == 13


@pytest.mark.parametrize(("bad", "cls", "field"), [
    (["not a dict"], xn.InvalidInputError, "commands[4]"),
    ({"type": "accept", "case": "C1", "actor": "s-clerk"}, xn.ParseError, "commands[4]"),  # missing `at`
    ({"type": "teleport", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk"}, xn.ParseError,
     "commands[4].type"),
    ({**c.accept("C1", at(28, 10), "s-clerk"), "colour": {1, 2}}, xn.InvalidInputError, "commands[4].colour"),
    ({**c.accept("C1", at(28, 10), "s-clerk"), "at": dt.datetime(2026, 9, 28, 10)}, xn.InvalidInputError,
     "commands[4].at"),
])
def test_a_command_that_cannot_be_read_stops_the_batch_at_its_index(config, bad, cls, field):
    cmds = commands(1) + [c.receive("C2", at(28, 9, 30), "s-clerk", item=FOOD, applicant="某公司")]
    engine = xn.Engine(*config)
    with pytest.raises(cls) as info:
        engine.execute_many(cmds + [bad] + [c.accept("C2", at(28, 10), "s-clerk")])
    e = info.value
    assert e.index == 4 and e.field == field and str(e).startswith("commands[4]: ")
    assert engine.seq == 4 and len(e.events) == 4


def test_a_bad_json_line_stops_the_batch_at_its_index(config):
    cmds = commands(2)
    text = lines(cmds[:2]) + "\n" + '{"type": "accept", "case": "C0"}\n' + lines(cmds[2:])
    engine = xn.Engine(*config)
    with pytest.raises(xn.ParseError, match=r"^commands\[2\]: invalid JSON document") as info:
        engine.execute_many(text)
    assert info.value.index == 2 and engine.seq == 2
    with pytest.raises(xn.ParseError, match=r"^commands\[0\]: .*not UTF-8"):
        xn.Engine(*config).execute_many(b"\xff\xfe\n")


def test_wrong_kinds_of_batch(config):
    engine = xn.Engine(*config)
    for bad in (5, None, {"type": "accept"}, iter([])):
        with pytest.raises(xn.InvalidInputError, match="`commands`") as info:
            engine.execute_many(bad)  # type: ignore[arg-type]
        assert info.value.field == "commands"


def test_the_gil_is_released_for_the_whole_batch(config):
    text = lines(commands(3000))
    seen, out = gil_released_during(lambda: xn.Engine(*config).execute_many(text))
    assert seen and len(out) == 9000
