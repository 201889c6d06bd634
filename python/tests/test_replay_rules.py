"""Replay and restore trust nothing (docs/rules.md §6, docs/commands.md "Replay and restore"), from Python.

A log tampered with is refused by ``Engine.replay`` with an ``InvalidInputError`` naming the event
(``events[k]``, or the field of it the rule names), its value, and why, the reason starting with the event's
sequence number; a snapshot whose sequence number is behind its records, or whose timer is not the one its
record gives, is refused by ``Engine.restore`` naming the record. Rust: ``tests/replay_rules.rs``,
``tests/restore_rules.rs``.
"""

import datetime as dt
import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
APPLICANT = "某餐饮有限公司"
MATERIALS = ["食品经营许可申请书", "营业执照复印件", "与食品经营相适应的设备布局和操作流程文件"]


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


def food_case(config):
    """A food licence received, accepted, reviewed, decided and delivered; then left alone (the wait for a
    rating passes: a default rating, a timer's event)."""
    e = xn.Engine(*config)
    log = []
    log += e.execute(c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT,
                               materials=MATERIALS))
    log += e.execute(c.accept("C1", t("2026-09-28T10:00"), "s-clerk"))
    for actor, at in [("s-clerk", "2026-09-28T11:00"), ("s-rev", "2026-09-29T10:00"), ("s-rev", "2026-09-30T10:00")]:
        log += e.execute(c.complete_step("C1", t(at), actor))
    log += e.execute(c.decide("C1", t("2026-09-30T11:00"), "s-head", approve=True))
    log += e.execute(c.deliver("C1", t("2026-10-08T10:00"), "s-clerk"))
    log += e.advance(t("2026-11-01T00:00"))
    return e, log


def position(log, kind):
    return next(k for k, ev in enumerate(log) if ev["type"] == kind)


def test_an_untampered_log_replays_to_the_live_engine(config):
    e, log = food_case(config)
    assert any(ev.get("actor") is None for ev in log)
    assert xn.Engine.replay(*config, log).snapshot() == e.snapshot()


def test_an_acceptance_by_a_clerk_of_another_unit_is_refused_naming_its_sequence_number(config):
    _, log = food_case(config)
    k = position(log, "accepted")
    tampered = [dict(ev) for ev in log]
    tampered[k]["actor"] = "s-fire-clerk"
    with pytest.raises(xn.InvalidInputError) as info:
        xn.Engine.replay(*config, tampered)
    err = info.value
    assert (err.field, err.value) == (f"events[{k}].actor", "s-fire-clerk")
    assert err.reason.startswith(f"seq {log[k]['seq']} ")
    assert "not of the case's unit `amr`" in err.reason
    # The other window clerk of the case's unit may accept: it replays.
    tampered[k]["actor"] = "s-clerk2"
    assert xn.Engine.replay(*config, tampered).seq == len(log)


def test_a_delivery_before_the_decision_is_refused(config):
    _, log = food_case(config)
    k = position(log, "decided")
    tampered = [dict(ev) for ev in log[:k] + log[k + 1:]]
    for n, ev in enumerate(tampered, start=1):
        ev["seq"] = n
    with pytest.raises(xn.InvalidInputError, match="not allowed while the case is accepted") as info:
        xn.Engine.replay(*config, tampered)
    assert (info.value.field, info.value.value) == (f"events[{k}].type", "deliver")
    assert info.value.reason.startswith(f"seq {k + 1} ")


def test_a_timer_event_before_its_deadline_is_refused(config):
    _, log = food_case(config)
    k = position(log, "rated")
    assert log[k].get("actor") is None and log[k]["deemed"]
    tampered = [dict(ev) for ev in log]
    tampered[k]["at"] = tampered[k]["at"] - dt.timedelta(days=1)
    with pytest.raises(xn.InvalidInputError, match="not due at that instant") as info:
        xn.Engine.replay(*config, tampered)
    assert info.value.field == f"events[{k}].at"
    assert info.value.reason.startswith(f"seq {log[k]['seq']} ")


def test_a_restore_behind_its_records_or_with_a_timer_its_record_does_not_give_is_refused(config):
    e, _ = food_case(config)
    e.execute(c.receive("C2", t("2026-11-02T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT, materials=MATERIALS))
    snap = json.loads(e.snapshot())
    assert xn.Engine.restore(*config, json.dumps(snap)).snapshot() == e.snapshot()
    behind = dict(snap, seq=3)
    with pytest.raises(xn.InvalidInputError, match="behind the events of case `C1`") as info:
        xn.Engine.restore(*config, json.dumps(behind))
    assert (info.value.field, info.value.value) == ("seq", "3")
    moved = json.loads(e.snapshot())
    moved["timers"][0][0] = "2030-01-01T00:00:00Z"
    with pytest.raises(xn.InvalidInputError, match="the snapshot's timer of case `C2`") as info:
        xn.Engine.restore(*config, json.dumps(moved))
    assert (info.value.field, info.value.value) == ("timers", "C2")
    unknown = json.loads(e.snapshot())
    unknown["cases"]["C1"]["violations"] = [{"colour": 1}]
    with pytest.raises(xn.ParseError, match="colour"):
        xn.Engine.restore(*config, json.dumps(unknown))
