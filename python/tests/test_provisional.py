"""The calendar's future (docs/rules.md §2): the provisional calendar beyond the last notice, its bundled lunar
and solar-term data cross-checked against a package this project did not write (lunar-python), and notices
added to a running engine."""

import datetime as dt
from pathlib import Path

import pytest

import xiaoneng as xn

ROOT = Path(__file__).resolve().parents[2]
TZ = dt.timezone(dt.timedelta(hours=8))


def days_of(notice):
    """Every day off of a notice dict, as a sorted list of dates."""
    out = set()
    for b in notice["days_off"]:
        d = b["start"]
        while d <= b["end"]:
            out.add(d)
            d += dt.timedelta(days=1)
    return sorted(out)


def recomputed(year):
    """The statutory days off of `year`, from lunar-python: New Year's Day, the last day of the 12th lunar
    month of the year before and the 1st-3rd of the first, the day of the solar term 清明, May 1-2, lunar 5/5,
    lunar 8/15, Oct 1-3."""
    lunar_python = pytest.importorskip("lunar_python")
    Lunar, LunarYear = lunar_python.Lunar, lunar_python.LunarYear

    def solar(lunar):
        s = lunar.getSolar()
        return dt.date(s.getYear(), s.getMonth(), s.getDay())

    last_of_12th = LunarYear.fromYear(year - 1).getMonth(12).getDayCount()
    eve = solar(Lunar.fromYmd(year - 1, 12, last_of_12th))
    new_year = solar(Lunar.fromYmd(year, 1, 1))
    assert eve + dt.timedelta(days=1) == new_year, year  # New Year's Eve is the 29th or 30th
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    qingming = dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay())
    days = {dt.date(year, 1, 1), eve, new_year, new_year + dt.timedelta(days=1), new_year + dt.timedelta(days=2),
            qingming, dt.date(year, 5, 1), dt.date(year, 5, 2), solar(Lunar.fromYmd(year, 5, 5)),
            solar(Lunar.fromYmd(year, 8, 15)), dt.date(year, 10, 1), dt.date(year, 10, 2), dt.date(year, 10, 3)}
    return sorted(days)


@pytest.mark.parametrize("year", range(2027, 2051))
def test_bundled_statutory_days_match_lunar_python_2027_2050(year):
    notice = xn.Calendar.statutory_notice(year)
    assert notice["year"] == year and notice["workdays"] == []
    assert days_of(notice) == recomputed(year)


def test_bundled_statutory_days_match_lunar_python_for_every_bundled_year():
    first, last = xn.Calendar.china().provisional_range
    assert (first, last) == (dt.date(2027, 1, 1), dt.date(2099, 12, 31))
    differing = [y for y in range(2025, 2100) if days_of(xn.Calendar.statutory_notice(y)) != recomputed(y)]
    assert differing == []
    assert xn.Calendar.statutory_notice(2024) is None and xn.Calendar.statutory_notice(2100) is None


def test_the_2025_and_2026_notices_give_every_statutory_day_off():
    """Where a State Council notice exists, it gives at least the regulation's days (and more: bridges)."""
    cal = xn.Calendar.china()
    for year in (2025, 2026):
        assert all(not cal.is_workday(d) for d in days_of(xn.Calendar.statutory_notice(year)))


def test_every_statutory_year_has_thirteen_days_unless_mid_autumn_meets_national_day():
    for year in range(2025, 2100):
        days = days_of(xn.Calendar.statutory_notice(year))
        moon = next(b["start"] for b in xn.Calendar.statutory_notice(year)["days_off"] if b["name"] == "中秋节")
        assert len(days) == (12 if moon in (dt.date(year, 10, d) for d in (1, 2, 3)) else 13), year


def test_date_queries_beyond_the_last_notice_stay_errors():
    cal = xn.Calendar.china()
    with pytest.raises(xn.OutOfRangeError):
        cal.is_workday(dt.date(2027, 1, 4))
    with pytest.raises(xn.OutOfRangeError):
        cal.add_workdays(dt.date(2026, 12, 20), 20)


def test_a_clock_beyond_the_last_notice_is_provisional():
    clock = xn.Clock.from_json('{"schema": 1, "limit": {"unit": "working_days", "amount": 20},'
                               ' "started_at": "2026-12-20T10:00:00+08:00"}')
    st = clock.status(xn.Calendar.china(), dt.datetime(2026, 12, 21, tzinfo=TZ))
    assert st["deadline_date"] == dt.date(2027, 1, 18) and st["provisional"] is True
    early = xn.Clock.from_json('{"schema": 1, "limit": {"unit": "working_days", "amount": 5},'
                               ' "started_at": "2026-11-20T10:00:00+08:00"}')
    assert early.status(xn.Calendar.china(), dt.datetime(2026, 11, 21, tzinfo=TZ))["provisional"] is False


# ---------------------------------------------------------------------------------------------------------
# The engine


@pytest.fixture()
def setup():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


NOTICE_2027 = {
    "year": 2027,
    "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"},
                 {"start": dt.date(2027, 2, 5), "end": dt.date(2027, 2, 13), "name": "春节"}],
    "workdays": ["2027-01-31", dt.date(2027, 2, 20)],
}


def food_case(engine, case, day):
    at = dt.datetime.combine(day, dt.time(9), TZ)
    log = engine.execute(xn.commands.receive(case, at, "s-clerk", item="330100-FOOD-001", applicant="某餐饮有限公司"))
    log += engine.execute(xn.commands.accept(case, at + dt.timedelta(hours=1), "s-clerk"))
    log += engine.execute(xn.commands.complete_step(case, at + dt.timedelta(hours=2), "s-clerk"))
    return log


def test_a_case_received_and_accepted_on_2026_12_20_gets_a_provisional_2027_deadline(setup):
    engine = xn.Engine(*setup)
    food_case(engine, "C1", dt.date(2026, 12, 20))
    view = engine.view("C1", dt.datetime(2026, 12, 21, tzinfo=TZ))
    assert view["provisional"] is True
    assert view["decision"]["statutory_deadline_date"] == dt.date(2027, 1, 18)
    assert view["decision"]["provisional"] is True
    events = engine.advance(dt.datetime(2027, 1, 10, tzinfo=TZ))
    overdue = [e for e in events if e["type"] == "violation" and e["rule"] == "decision_overdue"]
    assert len(overdue) == 1 and overdue[0]["provisional"] is True
    assert all("provisional" not in e for e in events if e["at"] < dt.datetime(2026, 12, 31, tzinfo=TZ))


def test_add_notice_recomputes_the_deadlines_it_moves(setup):
    engine = xn.Engine(*setup)
    log = food_case(engine, "F1", dt.date(2027, 1, 26))
    log += food_case(engine, "F2", dt.date(2026, 12, 20))
    log += engine.advance(dt.datetime(2027, 1, 28, 9, tzinfo=TZ))
    events = engine.add_notice(NOTICE_2027, dt.datetime(2027, 1, 28, 9, tzinfo=TZ))
    log += events
    changed = [(e["case"], e["clock"], e.get("statutory", False), e["previous"].date(), e["deadline"].date())
               for e in events]
    assert changed == [
        ("F1", "decision", False, dt.date(2027, 2, 12), dt.date(2027, 2, 17)),
        ("F1", "decision", True, dt.date(2027, 2, 26), dt.date(2027, 3, 2)),
        ("F1", "step", False, dt.date(2027, 2, 5), dt.date(2027, 2, 4)),
    ]
    assert all(e["type"] == "deadline_changed" and "provisional" not in e for e in events)
    assert engine.view("F1", dt.datetime(2027, 1, 29, tzinfo=TZ))["provisional"] is False
    assert engine.next_timer == dt.datetime(2027, 2, 4, tzinfo=TZ)
    # The engine's policy keeps the notice: replay and restore with it give the same engine.
    policy = engine.policy
    assert policy != setup[0]
    _, org, catalog = setup
    assert xn.Engine.replay(policy, org, catalog, log).snapshot() == engine.snapshot()
    assert xn.Engine.restore(policy, org, catalog, engine.snapshot()).next_timer == engine.next_timer


def test_add_notice_refuses_a_covered_year_unless_a_correction_and_a_notice_without_holidays(setup):
    engine = xn.Engine(*setup)
    food_case(engine, "C1", dt.date(2026, 12, 20))
    before = engine.snapshot()
    at = dt.datetime(2026, 12, 21, tzinfo=TZ)
    with pytest.raises(xn.InvalidStateError) as e:
        engine.add_notice(xn.Calendar.statutory_notice(2026), at)
    assert e.value.field == "year" and "correction" in e.value.reason
    with pytest.raises(xn.InvalidStateError) as e:
        engine.add_notice(NOTICE_2027, at, correction=True)
    assert e.value.field == "year"
    with pytest.raises(xn.InvalidInputError) as e:
        engine.add_notice({"year": 2027, "workdays": ["2027-01-31"]}, at)
    assert e.value.field == "days_off"
    with pytest.raises(xn.ParseError) as e:
        engine.add_notice({"year": 2027, "days_off": [{"start": "2027-02-30"}]}, at)
    assert e.value.field == "days_off[0].start"
    with pytest.raises(xn.InvalidInputError):
        engine.add_notice([NOTICE_2027], at)
    with pytest.raises(xn.InvalidInputError):
        engine.add_notice(NOTICE_2027, dt.datetime(2026, 12, 21))  # naive
    assert engine.snapshot() == before
    # A correction of a covered year replaces its notice: the 2026 notice, with Dec 31 off as well. C1's
    # deadlines move by a day.
    notice = {"year": 2026,
              "days_off": [{"start": f"2026-{a}", "end": f"2026-{b}"} for a, b in [
                  ("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-19", "06-21"),
                  ("09-25", "09-27"), ("10-01", "10-07"), ("12-31", "12-31")]],
              "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]}
    events = engine.add_notice(notice, at, correction=True)
    assert [e["clock"] for e in events] == ["decision", "decision"]
    assert engine.view("C1", at)["decision"]["deadline_date"] == dt.date(2027, 1, 5)
