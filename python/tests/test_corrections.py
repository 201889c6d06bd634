"""Corrections (补正, 行政许可法 art. 32; docs/rules.md §3 art. 32) through the Python binding: once the
applicant hands in the corrections the case is timed again and, when the acceptance limit after corrections
passes, deemed accepted from the corrections beside a ``late_acceptance`` violation naming the window's acting
holder; the applicant's optional limit records ``corrections_overdue`` and refuses nothing by itself. The Rust
tests are tests/correction_rules.rs."""

from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
APPLICANT = "某餐饮有限公司"
COUNTY = (ROOT / "presets/county.toml").read_text(encoding="utf-8")
ACCEPTANCE_LIMIT = 'acceptance_limit = { unit = "working_days", amount = 5 }\n'


def engine(text=COUNTY):
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.from_toml(text), org, catalog)


def corrected(e, actor=APPLICANT):
    """Received Mon Sep 28 2026, told at 10:00, corrections handed in Tue Sep 29 09:00."""
    e.execute(c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT,
                        materials=["食品经营许可申请书"]))
    e.execute(c.notify_corrections("C1", t("2026-09-28T10:00"), "s-clerk", missing=["营业执照复印件"]))
    return e.execute(c.submit_corrections("C1", t("2026-09-29T09:00"), actor, materials=["营业执照复印件"]))


def test_after_corrections_the_case_is_timed_again_and_deemed_accepted_from_the_corrections():
    e = engine()
    ev = corrected(e)
    assert [x["type"] for x in ev] == ["corrections_submitted"] and ev[0]["actor"] == APPLICANT
    case = e.case("C1")
    assert case["state"] == "received"
    assert case["acceptance_clock"]["started_at"] == "2026-09-29T01:00:00Z"
    # 5 working days from Sep 29: Sep 30, Oct 8, 9, 10 (makeup Saturday), 12; the limit ends Oct 13 00:00.
    assert e.next_timer == t("2026-10-13T00:00")
    assert e.advance(t("2026-10-12T23:59")) == []
    ev = e.advance(t("2026-10-13T00:00"))
    late = [x for x in ev if x["type"] == "violation" and x["rule"] == "late_acceptance"]
    assert len(late) == 1
    assert (late[0]["post"], late[0]["responsible"], late[0]["unit_head"]) == ("p-window", "s-clerk", "s-head")
    assert late[0]["acting"] == {"via": "holder", "staff": "s-clerk"}
    accepted = [x for x in ev if x["type"] == "accepted"]
    assert [(x["at"], x["effective"], x["deemed"]) for x in accepted] == [
        (t("2026-10-13T00:00"), t("2026-09-29T09:00"), True)]
    assert e.case("C1")["state"] == "accepted"
    # The explanation names the limit and the rule of the deemed acceptance.
    why = e.explain("C1", t("2026-10-13T00:00"), lang="en")
    assert any(k["clock"] == "acceptance" for k in why["clocks"])
    assert "from the day the corrections were received" in why["deemed"][0]["rule"]
    assert "[acceptance limit after corrections]" in why["text"]
    zh = e.explain("C1", t("2026-10-13T00:00"), text=True)
    assert "【补正后受理时限】" in zh


def test_acceptance_in_time_after_corrections_stops_the_limit():
    e = engine()
    corrected(e, actor="s-clerk2")
    e.execute(c.accept("C1", t("2026-10-12T16:00"), "s-clerk"))
    assert e.case("C1")["acceptance_clock"]["completed_at"] == "2026-10-12T08:00:00Z"
    ev = e.advance(t("2026-12-01T00:00"))
    assert not [x for x in ev if x["type"] == "violation" and x["rule"] == "late_acceptance"]


def test_corrections_are_handed_in_by_the_applicant_or_the_window_not_another_unit():
    e = engine()
    e.execute(c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT))
    e.execute(c.notify_corrections("C1", t("2026-09-28T10:00"), "s-clerk", missing=["营业执照复印件"]))
    with pytest.raises(xn.ForbiddenError) as err:
        e.execute(c.submit_corrections("C1", t("2026-09-29T09:00"), "s-fire-clerk", materials=["营业执照复印件"]))
    assert (err.value.field, err.value.value) == ("actor", "s-fire-clerk")
    with pytest.raises(xn.NotFoundError):
        e.execute(c.submit_corrections("C1", t("2026-09-29T09:00"), "另一公司", materials=["营业执照复印件"]))
    assert e.case("C1")["state"] == "awaiting_correction"
    e.execute(c.submit_corrections("C1", t("2026-09-29T09:00"), APPLICANT, materials=["营业执照复印件"]))
    assert e.case("C1")["state"] == "received"


def test_the_applicants_limit_records_corrections_overdue_and_refuses_nothing_by_itself():
    text = COUNTY.replace(ACCEPTANCE_LIMIT,
                          ACCEPTANCE_LIMIT + 'applicant_limit = { unit = "working_days", amount = 3 }\n', 1)
    assert text != COUNTY
    assert xn.Policy.from_toml(text).to_dict()["corrections"]["applicant_limit"] == {
        "unit": "working_days", "amount": 3}
    e = engine(text)
    e.execute(c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT))
    e.execute(c.notify_corrections("C1", t("2026-09-28T10:00"), "s-clerk", missing=["营业执照复印件"]))
    # 3 working days from Sep 28: Sep 29, 30, Oct 8; the limit ends Oct 9 00:00.
    ev = e.advance(t("2026-10-31T00:00"))
    assert [(x["type"], x["at"]) for x in ev] == [("corrections_overdue", t("2026-10-09T00:00"))]
    assert "actor" not in ev[0]
    assert e.case("C1")["state"] == "awaiting_correction"
    assert "corrections" in e.case("C1")["breached"]
    assert e.advance(t("2026-12-31T00:00")) == []
    # The window may refuse now, with reasons (art. 38).
    ev = e.execute(c.refuse("C1", t("2027-01-04T09:00"), "s-clerk", reasons="申请人逾期未补正",
                            legal_basis="《行政许可法》第三十二条", remedies="可于六十日内申请行政复议"))
    assert ev[0]["type"] == "refused"
