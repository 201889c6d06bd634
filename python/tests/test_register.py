"""The violation register (docs/rules.md, "The violation register") from Python: every violation of every
record kind, in sequence order, as a DataFrame, selected by period, rule, unit, person and record, and the
same as the violations of the event log."""

import datetime as dt

import pytest

import xiaoneng as xn

TZ = dt.timezone(dt.timedelta(hours=8))


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=TZ)


@pytest.fixture()
def engine_and_log():
    policy = xn.Policy.from_toml(xn.presets.text("county.toml"))
    org = xn.Org.from_json(xn.presets.text("county-org.json"))
    catalog = xn.Catalog.from_json(xn.presets.text("county-catalog.json"), org)
    e = xn.Engine(policy, org, catalog)
    log = []
    log += e.execute(xn.commands.receive("C1", at(9, 28), "s-clerk", item="330100-FOOD-001", applicant="某公司"))
    log += e.execute(xn.commands.record_inquiry("Q1", at(9, 28), "s-rev", person="张先生", topic="材料"))
    log += e.execute(xn.commands.register_complaint("T1", at(9, 28), "s-sup", channel="hotline_12345",
                                                    category="delay", respondent="amr", subject="办件超期"))
    log += e.advance(at(12, 1, 0))
    return e, log


def test_the_register_is_the_log_s_violations_in_sequence_order(engine_and_log):
    e, log = engine_and_log
    frame = e.violations()
    assert list(frame.columns) == ["seq", "at", "record", "rule", "responsible", "post", "acting", "acting_via",
                                   "unit", "unit_head", "detail", "provisional"]
    logged = [ev for ev in log if ev["type"] == "violation"]
    assert list(frame["seq"]) == [ev["seq"] for ev in logged]
    assert list(frame["rule"]) == [ev["rule"] for ev in logged]
    assert set(frame["record"]) == {"C1", "Q1", "T1"}
    assert frame["seq"].is_monotonic_increasing


def test_each_cell_is_the_log_s_value_in_the_calendar_s_zone(engine_and_log):
    e, log = engine_and_log
    frame = e.violations()
    logged = [ev for ev in log if ev["type"] == "violation"]
    assert frame["seq"].dtype == "int64" and frame["provisional"].dtype == bool
    assert str(frame["at"].dtype) == "datetime64[us, UTC+08:00]"
    assert list(frame["at"]) == [ev["at"] for ev in logged]
    for name in ["rule", "responsible", "post", "unit", "unit_head", "detail"]:
        assert [None if v != v else v for v in frame[name]] == [ev.get(name) for ev in logged], name
    assert list(frame["record"]) == [ev["case"] for ev in logged]
    acting = [ev.get("acting") for ev in logged]
    assert [None if v != v else v for v in frame["acting"]] == [a and a["staff"] for a in acting]
    assert [None if v != v else v for v in frame["acting_via"]] == [a and a["via"] for a in acting]
    assert list(frame["provisional"]) == [ev.get("provisional", False) for ev in logged]


def test_the_register_is_queried_by_rule_unit_person_record_and_a_half_open_period(engine_and_log):
    e, _ = engine_and_log
    q1 = e.violations(rule="unanswered_inquiry")
    assert list(q1["record"]) == ["Q1"] and list(q1["responsible"]) == ["s-rev"]
    assert list(e.violations(record="Q1")["seq"]) == list(q1["seq"])
    assert set(e.violations(unit="eff")["record"]) == {"T1"}
    assert list(e.violations(person="s-rev")["seq"]) == list(q1["seq"])
    assert len(e.violations(person="nobody")) == 0
    first = e.violations()["at"].iloc[0].to_pydatetime()
    assert len(e.violations(end=first)) == 0
    later = first + dt.timedelta(seconds=1)
    assert len(e.violations(end=later)) + len(e.violations(start=later)) == len(e.violations())


def test_a_bad_query_names_the_field_and_changes_nothing(engine_and_log):
    e, _ = engine_and_log
    before = e.snapshot()
    with pytest.raises(xn.InvalidInputError) as info:
        e.violations(rule="late")
    assert info.value.field == "rule"
    with pytest.raises(xn.InvalidInputError) as info:
        e.violations(at(10, 2), at(10, 1))
    assert info.value.field == "end"
    with pytest.raises(xn.InvalidInputError) as info:
        e.violations(unit=3)  # type: ignore[arg-type]
    assert info.value.field == "unit"
    assert e.snapshot() == before
