"""Policy switches are live and violations name who answers (docs/rules.md §1 "Accountability", §4): a
standing system the policy does not list records none of its violations; ``ab_posts.unit_head_covers =
false`` refuses the unit head's cover; every violation names the post, who acted for it at the breach, the
unit and its head; an escalation names its recipients. The Rust tests are tests/policy_switches.rs."""

from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
COUNTY = (ROOT / "presets/county.toml").read_text(encoding="utf-8")


def engine(text=COUNTY):
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.from_toml(text), org, catalog)


def without(system):
    text = "\n".join(line for line in COUNTY.splitlines() if not line.strip().startswith(f'"{system}",')) + "\n"
    assert text != COUNTY
    return text


def violations(events):
    return [ev for ev in events if ev["type"] == "violation"]


def started(e, at="2026-09-28"):
    e.execute(c.receive("C1", t(f"{at}T09:00"), "s-clerk", item=FOOD, applicant="某餐饮有限公司",
                        materials=["食品经营许可申请书"]))
    e.execute(c.accept("C1", t(f"{at}T10:00"), "s-clerk"))


@pytest.mark.parametrize("text,expect", [(COUNTY, ["step_over_limit"]), (without("time_limited_completion"), [])])
def test_a_system_the_policy_does_not_list_records_none_of_its_violations(text, expect):
    e = engine(text)
    started(e)
    assert [v["rule"] for v in violations(e.advance(t("2026-09-30T00:00")))] == expect


def test_negative_reporting_is_not_a_county_system_so_a_late_report_is_no_violation():
    text = COUNTY.replace("systems = [\n", 'systems = [\n    "negative_reporting",\n')
    for policy, expect in [(COUNTY, []), (text, ["late_negative_report"])]:
        e = engine(policy)
        e.execute(c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="某餐饮有限公司",
                            materials=["食品经营许可申请书"]))
        e.execute(c.refuse("C1", t("2026-09-28T10:00"), "s-clerk", reasons="不属于本机关职权范围",
                           legal_basis="《行政许可法》第三十二条", remedies="可申请行政复议"))
        assert [v["rule"] for v in violations(e.advance(t("2026-10-31T00:00")))] == expect


def test_unit_head_covers_false_refuses_the_cover_naming_the_actor():
    strict = COUNTY.replace("unit_head_covers = true", "unit_head_covers = false")
    assert strict != COUNTY
    for text, covers in [(COUNTY, True), (strict, False)]:
        e = engine(text)
        started(e, "2026-10-13")
        e.execute(c.complete_step("C1", t("2026-10-13T11:00"), "s-clerk"))
        # Review post: A (s-rev) and B (s-rev2) are both away on Oct 14.
        if covers:
            ev = e.execute(c.complete_step("C1", t("2026-10-14T10:00"), "s-head"))
            [v] = violations(ev)
            assert (v["rule"], v["post"], v["acting"]["via"], v["acting"]["staff"], v["unit_head"]) == (
                "ab_both_absent", "p-review", "unit_head", "s-head", "s-head")
        else:
            with pytest.raises(xn.ForbiddenError) as err:
                e.execute(c.complete_step("C1", t("2026-10-14T10:00"), "s-head"))
            assert err.value.value == "s-head" and "unit_head_covers" in str(err.value)
            assert e.case("C1")["step"] == 1


def test_a_timer_fired_violation_names_the_post_b_acting_while_a_is_away_the_unit_and_its_head():
    e = engine()
    # Step 1 done Sep 30: the review step's 7 working days end on Oct 16 00:00, A away, B back.
    started(e, "2026-09-29")
    e.execute(c.complete_step("C1", t("2026-09-30T09:00"), "s-clerk"))
    fired = e.advance(t("2026-10-31T00:00"))
    [v] = [v for v in violations(fired) if v["rule"] == "step_over_limit"]
    assert v["at"] == t("2026-10-16T00:00")
    assert (v["post"], v["responsible"], v["unit"], v["unit_head"]) == ("p-review", "s-rev2", "amr", "s-head")
    assert v["acting"] == {"via": "backup", "staff": "s-rev2", "absent": "s-rev"}
    record = [r for r in e.case("C1")["violations"] if r["rule"] == "step_over_limit"][0]
    assert (record["post"], record["acting"]["staff"], record["unit_head"]) == ("p-review", "s-rev2", "s-head")


def test_an_escalation_names_the_supervisors_and_the_unit_head():
    e = engine(COUNTY.replace('pledged = "overdue_only"', 'pledged = "escalate"'))
    started(e)
    fired = e.advance(t("2027-03-01T00:00"))
    assert [x["recipients"] for x in fired if x["type"] == "escalated"] == [["s-sup", "s-head"]]


FIRE_CHECK = "330100-BLDG-007"
CATALOG = (ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8")


def with_timeout(table):
    """The county preset with its `[timeout]` body (`deemed_at = "pledged"`) replaced by `table`."""
    assert COUNTY.count('deemed_at = "pledged"\n') == 1
    return COUNTY.replace('deemed_at = "pledged"\n', table + "\n")


def joint_engine(text=COUNTY, item=None):
    """A joint case (statutory 45, pledged 15 working days) accepted Mon 2026-09-28, its first step done."""
    import json
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    doc = json.loads(CATALOG)
    for i in doc["items"]:
        if i["code"] == FIRE_CHECK:
            i.update(item or {})
    e = xn.Engine(xn.Policy.from_toml(text), org, xn.Catalog.from_dict(doc, org))
    e.execute(c.receive("J1", t("2026-09-28T09:00"), "s-clerk", item=FIRE_CHECK, applicant="某商场"))
    e.execute(c.accept("J1", t("2026-09-28T10:00"), "s-clerk"))
    e.execute(c.complete_step("J1", t("2026-09-28T11:00"), "s-clerk"))
    return e


def deemed_at(events):
    return [ev["at"] for ev in events if ev["type"] == "decided" and ev.get("deemed")]


PLEDGED, STATUTORY = t("2026-10-24T00:00"), t("2026-12-05T00:00")


@pytest.mark.parametrize("text, item, expect", [
    (COUNTY, None, PLEDGED),
    (with_timeout('deemed_at_by_kind = { joint = "statutory" }'), None, STATUTORY),
    (with_timeout('deemed_at = "statutory"'), None, STATUTORY),
    (with_timeout('deemed_at = "statutory"\ndeemed_at_by_kind = { joint = "pledged" }'), None, PLEDGED),
    (COUNTY, {"deemed_at": "statutory"}, STATUTORY),
    (with_timeout('deemed_at = "statutory"'), {"deemed_at": "pledged"}, PLEDGED),
])
def test_which_deadline_triggers_the_deemed_approval_is_the_policys_per_kind_and_the_items(text, item, expect):
    e = joint_engine(text, item)
    assert deemed_at(e.advance(t("2026-12-31T00:00"))) == [expect]


def test_a_statutory_trigger_leaves_cards_and_the_missed_limit_on_the_pledged_deadline():
    e = joint_engine(with_timeout('deemed_at = "statutory"'))
    assert xn.Policy.from_toml(with_timeout('deemed_at = "statutory"')).deemed_at("joint") == "statutory"
    ev = e.advance(t("2026-12-04T23:00"))
    assert deemed_at(ev) == []
    [v] = [x for x in violations(ev) if x["rule"] == "decision_overdue"]
    # The missed limit names who held the case: the review step's post, its A holder, the unit and its head.
    assert (v["at"], v["post"], v["acting"], v["responsible"], v["unit"], v["unit_head"]) == (
        PLEDGED, "p-review", {"via": "holder", "staff": "s-rev"}, "s-rev", "amr", "s-head")
    assert [(x["signal"], x["at"]) for x in ev if x["type"] == "signal_raised"] == [
        ("reminder", t("2026-10-22T00:00")), ("yellow", PLEDGED), ("red", t("2026-10-29T00:00"))]
    assert deemed_at(e.advance(t("2026-12-31T00:00"))) == [STATUTORY]
    assert e.case("J1")["state"] == "approved"


def test_a_bad_deemed_at_is_named():
    with pytest.raises(xn.ParseError) as err:
        xn.Policy.from_toml(with_timeout('deemed_at_by_kind = { joint = "later" }'))
    assert "deemed_at_by_kind" in str(err.value)
    with pytest.raises(xn.InvalidInputError):
        xn.presets.county().deemed_at("urgent")
