"""Hearings (行政许可法 art. 47) and renewals (art. 50) through the Python binding (docs/rules.md §3)."""

from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
APPLICANT = "某餐饮有限公司"


@pytest.fixture
def engine():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.load(ROOT / "presets/county.toml"), org, catalog)


def receive(e, case="C1", at="2026-09-28T09:00", expiry=None):
    return e.execute(c.receive(case, t(at), "s-clerk", item=FOOD, applicant=APPLICANT,
                               materials=["食品经营许可申请书"], renewal_of_expiry=expiry))


def types(events):
    return [ev["type"] for ev in events]


def test_art47_hearing_requested_within_5_working_days_and_held_within_20(engine):
    for case in ("H1", "H2"):
        receive(engine, case)
        engine.execute(c.accept(case, t("2026-09-28T10:00"), "s-clerk"))
        ev = engine.execute(c.notify_hearing_right(case, t("2026-09-29T10:00"), "s-rev", notice="听证权利告知书"))
        assert types(ev) == ["hearing_right_notified"]
    # Another unit's head may not tell of the right, nor hold the hearing.
    with pytest.raises(xn.ForbiddenError):
        engine.execute(c.notify_hearing_right("H1", t("2026-09-29T11:00"), "s-fire-head", notice="告知书"))
    # In time (5 working days from Sep 29 end with Mon Oct 12), by the applicant: the decision clock pauses.
    ev = engine.execute(c.request_hearing("H1", t("2026-10-09T10:00"), APPLICANT))
    assert types(ev)[-1] == "hearing_requested"
    # The right of H2 ends at the limit; a late request is refused, naming the deadline.
    ev = engine.advance(t("2026-10-14T00:00"))
    lapsed = [x for x in ev if x["type"] == "hearing_right_lapsed"]
    assert [(x["case"], x["at"]) for x in lapsed] == [("H2", t("2026-10-13T00:00"))]
    with pytest.raises(xn.InvalidStateError, match="the right to a hearing ended at 2026-10-13"):
        engine.execute(c.request_hearing("H2", t("2026-10-14T09:00"), APPLICANT))
    with pytest.raises(xn.ForbiddenError):
        engine.execute(c.hold_hearing("H1", t("2026-11-05T10:00"), "s-fire-head"))
    # Not held within 20 working days of the request (Thu Nov 5): late_hearing at the limit.
    ev = engine.advance(t("2026-11-07T00:00"))
    late = [x for x in ev if x["type"] == "violation" and x["rule"] == "late_hearing"]
    assert [(x["case"], x["at"]) for x in late] == [("H1", t("2026-11-06T00:00"))]
    ev = engine.execute(c.hold_hearing("H1", t("2026-11-09T10:00"), "s-rev"))
    assert types(ev) == ["hearing_held"]


def test_art50_renewal_in_time_is_deemed_granted_at_the_expiry(engine):
    ev = receive(engine, "R1", expiry=t("2026-11-30T00:00"))
    assert ev[1]["type"] == "renewal_of" and ev[1]["in_time"] is True
    engine.execute(c.accept("R1", t("2026-09-28T10:00"), "s-clerk"))
    # Applied for late (less than 30 days before its expiry): no deemed grant at the expiry.
    ev = receive(engine, "R2", at="2026-11-10T09:00", expiry=t("2026-11-30T00:00"))
    assert ev[1]["in_time"] is False
    engine.execute(c.accept("R2", t("2026-11-10T10:00"), "s-clerk"))
    ev = engine.advance(t("2026-12-02T00:00"))
    decided = [x for x in ev if x["type"] == "decided"]
    assert [(x["case"], x["at"], x["approve"], x["deemed"]) for x in decided] == [
        ("R1", t("2026-11-30T00:00"), True, True)]
    assert engine.case("R2")["state"] == "accepted"
    with pytest.raises(xn.InvalidStateError, match="deemed granted at the licence's expiry"):
        engine.execute(c.decide("R1", t("2026-12-02T10:00"), "s-head", approve=True))
