"""Engine.explain: why a case's deadlines, signals and deemed outcomes are what they are, as a dict and as
text, in Chinese and English (docs/rules.md §3, §5)."""

import datetime as dt
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"


@pytest.fixture
def engine():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    e = xn.Engine(xn.Policy.load(ROOT / "presets/county.toml"), org, catalog)
    e.execute(c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="某餐饮有限公司"))
    e.execute(c.accept("C1", t("2026-09-28T10:00"), "s-clerk"))
    e.execute(c.complete_step("C1", t("2026-09-28T11:00"), "s-clerk"))
    e.execute(c.pause("C1", t("2026-09-29T10:00"), "s-rev", kind="inspection", notice="检验检测告知书（第12号）"))
    e.execute(c.resume("C1", t("2026-10-09T10:00"), "s-rev"))
    e.execute(c.extend("C1", t("2026-10-12T09:00"), "s-head", amount=10, reason="需要组织专家现场核查"))
    return e


def decision(why):
    return next(x for x in why["clocks"] if x["clock"] == "decision")


def test_explain_gives_the_article_days_off_pauses_extensions_and_thresholds(engine):
    why = engine.explain("C1", t("2026-10-12T10:00"))
    d = decision(why)
    assert "第四十二条" in d["basis"]
    assert d["limit"] == {"unit": "working_days", "amount": 20}
    assert d["start_rule"] == "next_day"
    assert {"kind": "holiday", "first": dt.date(2026, 10, 1), "last": dt.date(2026, 10, 7), "name": "国庆节"} in d["days"]
    assert d["pauses"][0]["notice"] == "检验检测告知书（第12号）"
    assert d["pauses"][0]["from"] == t("2026-09-29T10:00")
    assert d["extensions"][0]["approver"] == "s-head"
    assert [(x["signal"], x["reached"]) for x in d["thresholds"]] == [
        ("reminder", False), ("yellow", False), ("red", False)]
    # The explanation and the view agree.
    view = engine.view("C1", t("2026-10-12T10:00"))["decision"]
    assert (d["deadline"], d["deadline_date"], d["signal"]) == (view["deadline"], view["deadline_date"], view["signal"])


def test_explain_as_text_in_chinese_by_default_and_in_english(engine):
    zh = engine.explain("C1", t("2026-10-12T10:00"), text=True)
    assert isinstance(zh, str)
    assert "批准人 s-head，理由：需要组织专家现场核查" in zh and "节假日（国庆节）" in zh
    en = engine.explain("C1", t("2026-10-12T10:00"), lang="en", text=True)
    assert "art. 42" in en and "holiday (National Day)" in en and "approved by s-head" in en
    assert engine.explain("C1", t("2026-10-12T10:00"), lang="en")["text"] == en


def test_explain_names_the_rule_of_a_deemed_acceptance(engine):
    engine.execute(c.receive("C2", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant="乙"))
    engine.advance(t("2026-10-12T00:00"))
    why = engine.explain("C2", t("2026-10-12T00:00"))
    assert [(x["what"], x["at"]) for x in why["deemed"]] == [("acceptance", t("2026-09-28T09:00"))]
    assert "第三十二条" in why["deemed"][0]["rule"]


@pytest.mark.parametrize("kwargs, field", [
    ({"lang": "fr"}, "lang"),
    ({"lang": 1}, "lang"),
    ({"text": "yes"}, "text"),
])
def test_explain_rejects_a_bad_argument_naming_it(engine, kwargs, field):
    with pytest.raises(xn.InvalidInputError) as err:
        engine.explain("C1", t("2026-10-12T10:00"), **kwargs)
    assert err.value.field == field


def test_explain_of_an_unknown_case_is_not_found(engine):
    with pytest.raises(xn.NotFoundError) as err:
        engine.explain("C9", t("2026-10-12T10:00"))
    assert (err.value.field, err.value.value) == ("case", "C9")
    with pytest.raises(xn.InvalidInputError):
        engine.explain("C1", dt.datetime(2026, 10, 12, 10))  # naive


def test_explain_marks_provisional_days_after_the_last_notice(engine):
    engine.execute(c.receive("C3", t("2026-12-20T09:00"), "s-clerk", item=FOOD, applicant="丙"))
    engine.execute(c.accept("C3", t("2026-12-21T09:00"), "s-clerk"))
    why = engine.explain("C3", t("2026-12-21T10:00"))
    d = decision(why)
    assert d["provisional"] is True
    new_year = next(r for r in d["days"] if r["first"] == dt.date(2027, 1, 1))
    assert (new_year["kind"], new_year["name"], new_year["provisional"]) == ("holiday", "元旦", True)
    assert "［暂定］" in why["text"]


FIRE_CHECK = "330100-BLDG-007"


def county_engine(policy_text=None):
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    text = policy_text or (ROOT / "presets/county.toml").read_text(encoding="utf-8")
    return xn.Engine(xn.Policy.from_toml(text), org, catalog)


def received(e, case, item, at, expiry=None):
    e.execute(c.receive(case, t(at), "s-clerk", item=item, applicant="丁", renewal_of_expiry=expiry))
    e.execute(c.accept(case, t(at) + dt.timedelta(hours=1), "s-clerk"))


def test_explain_says_which_deadline_triggers_the_deemed_approval():
    county = (ROOT / "presets/county.toml").read_text(encoding="utf-8")
    for text, deemed_at, deadline, phrase in [
        (county, "pledged", t("2026-10-24T00:00"), "承诺期限届满仍未作出决定的，视为准予"),
        (county.replace('deemed_at = "pledged"', 'deemed_at = "statutory"'), "statutory", t("2026-12-05T00:00"),
         "法定期限届满仍未作出决定的，视为准予；黄牌、红牌和超期违规仍按承诺期限"),
    ]:
        e = county_engine(text)
        received(e, "J1", FIRE_CHECK, "2026-09-28T09:00")
        why = e.explain("J1", t("2026-10-12T10:00"))
        assert (why["timeout"]["deemed_at"], why["timeout"]["deadline"]) == (deemed_at, deadline)
        assert phrase in why["text"]
        en = e.explain("J1", t("2026-10-12T10:00"), lang="en", text=True)
        assert f"approval is deemed when the {deemed_at} deadline passes without a decision" in en
        e.advance(t("2026-12-31T00:00"))
        why = e.explain("J1", t("2026-12-31T00:00"))
        assert "timeout" not in why
        [approval] = [x for x in why["deemed"] if x["what"] == "approval"]
        assert (approval["at"], approval["deemed_at"]) == (deadline, deemed_at)


def test_explain_says_a_renewal_carries_the_expiry_and_is_deemed_granted_there_when_applied_for_in_time():
    e = county_engine()
    received(e, "R1", FOOD, "2026-09-28T09:00", expiry=t("2026-11-30T00:00"))
    why = e.explain("R1", t("2026-10-12T10:00"))
    assert why["renewal"] == {
        "expiry": t("2026-11-30T00:00"), "in_time": True, "lead": {"unit": "natural_days", "amount": 30},
        "rule": why["renewal"]["rule"]}
    assert "第五十条" in why["renewal"]["rule"] and "视为准予延续" in why["text"]
    en = e.explain("R1", t("2026-10-12T10:00"), lang="en", text=True)
    assert "Renewal: the licence expires at 2026-11-30 00:00; Administrative License Law art. 50" in en
    e.advance(t("2026-12-01T00:00"))
    [grant] = e.explain("R1", t("2026-12-01T00:00"))["deemed"]
    assert (grant["what"], grant["at"]) == ("renewal", t("2026-11-30T00:00"))
    assert "第五十条" in grant["rule"]
    # Applied for less than 30 days before the expiry: no deemed grant, said so.
    received(e, "R2", FOOD, "2026-11-10T09:00", expiry=t("2026-11-30T00:00"))
    why = e.explain("R2", t("2026-11-10T12:00"))
    assert why["renewal"]["in_time"] is False and "不视为准予延续" in why["text"]
