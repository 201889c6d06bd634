"""Calendar: constructors, properties, scalar day arithmetic, working hours, deadlines (docs/rules.md §2)."""

import datetime as dt
import json
import pickle

import pytest

import xiaoneng as xn
from conftest import CST, d, t

# docs/rules.md §2: the 2025 and 2026 State Council notices.
OFF_2025 = [("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
            ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08")]
WORK_2025 = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
OFF_2026 = [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
            ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
            ("2026-10-01", "2026-10-07")]
WORK_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def days(a: str, b: str):
    x, y = d(a), d(b)
    while x <= y:
        yield x
        x += dt.timedelta(days=1)


@pytest.mark.parametrize("block", OFF_2025 + OFF_2026)
def test_notice_days_off(cal, block):
    for x in days(*block):
        assert cal.is_workday(x) is False, x


@pytest.mark.parametrize("day", WORK_2025 + WORK_2026)
def test_notice_makeup_workdays(cal, day):
    assert d(day).weekday() >= 5
    assert cal.is_workday(d(day)) is True


def test_ordinary_weekdays_and_weekends(cal):
    assert cal.is_workday(d("2026-03-10")) is True  # Tuesday
    assert cal.is_workday(d("2026-03-14")) is False  # Saturday


def test_add_workdays_domain_examples(cal):
    assert cal.add_workdays(d("2026-02-13"), 20) == d("2026-03-19")
    assert cal.add_workdays(d("2026-09-30"), 5) == d("2026-10-13")
    assert cal.add_workdays(d("2026-10-08"), -1) == d("2026-09-30")
    assert cal.add_workdays(d("2026-10-03"), 0) == d("2026-10-03")


def test_add_workdays_start_rule(cal):
    # Same-day counts the start day itself when it is a working day.
    assert cal.add_workdays(d("2026-09-30"), 1, start_rule="same_day") == d("2026-09-30")
    assert cal.add_workdays(d("2026-09-30"), 1, "next_day") == d("2026-10-08")
    # On a day off, same_day and next_day agree.
    assert cal.add_workdays(d("2026-10-03"), 1, start_rule="same_day") == d("2026-10-08")


def test_next_previous(cal):
    assert cal.next_workday(d("2026-09-30")) == d("2026-10-08")
    assert cal.previous_workday(d("2026-10-08")) == d("2026-09-30")
    assert cal.next_workday(d("2026-09-19")) == d("2026-09-20")  # makeup Sunday


def test_workdays_between(cal):
    assert cal.workdays_between(d("2026-09-30"), d("2026-10-13")) == 5
    assert cal.workdays_between(d("2026-10-13"), d("2026-09-30")) == -5
    assert cal.workdays_between(d("2026-09-30"), d("2026-09-30")) == 0
    assert cal.workdays_between(d("2026-09-30"), d("2026-09-30"), start_rule="same_day") == 1
    assert cal.workdays_between(d("2026-02-13"), d("2026-03-19")) == 20
    assert type(cal.workdays_between(d("2026-02-13"), d("2026-03-19"))) is int


def test_add_days(cal):
    assert cal.add_days(d("2026-09-30"), 8) == d("2026-10-08")
    assert cal.add_days(d("2026-09-30"), -30) == d("2026-08-31")
    # Natural days need no calendar data: outside the covered range is fine.
    assert cal.add_days(d("2030-01-01"), 1) == d("2030-01-02")


def test_date_subclass_accepted(cal):
    class MyDate(dt.date):
        pass

    assert cal.is_workday(MyDate(2026, 10, 10)) is True


def test_range_offset_office_hours(cal):
    assert cal.range == (d("2004-01-01"), d("2026-12-31"))
    assert cal.utc_offset == CST
    assert cal.office_hours == [(dt.time(8, 30), dt.time(12, 0)), (dt.time(14, 30), dt.time(17, 30))]
    assert cal.name is None
    assert repr(cal) == "Calendar(name=None, range=2004-01-01..=2026-12-31, utc_offset=+08:00)"


def test_json_roundtrip_eq_pickle(cal):
    text = cal.to_json()
    assert json.loads(text)["base"] == "china"
    again = xn.Calendar.from_json(text)
    assert again == cal and not (again != cal)
    assert xn.Calendar.from_dict(cal.to_dict()) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal
    assert (cal == 1) is False


def test_from_toml():
    c = xn.Calendar.from_toml('schema = 1\nbase = "china"\nname = "county"\n[[days_off]]\nstart = 2026-03-05\n')
    assert c.name == "county"
    assert c.is_workday(d("2026-03-05")) is False
    assert c.is_workday(d("2026-03-06")) is True


def test_from_dict_custom_calendar():
    c = xn.Calendar.from_dict({
        "schema": 1,
        "name": "six-day week",
        "range": {"start": d("2030-01-01"), "end": "2030-12-31"},
        "utc_offset": "+05:00",
        "weekly_rest_days": ["sun"],
        "office_hours": [{"start": "09:00", "end": "24:00"}],
    })
    assert c.is_workday(d("2030-01-05")) is True  # Saturday works
    assert c.is_workday(d("2030-01-06")) is False
    assert c.utc_offset == dt.timezone(dt.timedelta(hours=5))
    assert c.office_hours == [(dt.time(9), dt.time.max)]
    assert "six-day week" in repr(c)


def test_with_notice_extends_range(cal):
    c = cal.with_notice({
        "year": 2027,
        "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}],
        "workdays": [d("2027-01-04")],
    })
    assert c.range == (d("2004-01-01"), d("2027-12-31"))
    assert c.is_workday(d("2027-01-01")) is False
    assert c.is_workday(d("2027-01-04")) is True
    assert c.add_workdays(d("2026-12-31"), 1) == d("2027-01-04")
    # The original is unchanged.
    with pytest.raises(xn.OutOfRangeError):
        cal.is_workday(d("2027-01-04"))


def test_working_hours_domain_example(cal):
    got = cal.add_working_hours(t("2026-09-30T16:30"), 2)
    assert got == t("2026-10-08T09:30")
    assert got.utcoffset() == dt.timedelta(hours=8)
    assert cal.add_working_hours(t("2026-09-30T16:30"), dt.timedelta(hours=2)) == got
    assert cal.add_working_hours(t("2026-09-30T16:30"), 1.0) == t("2026-09-30T17:30")  # the close itself
    assert cal.add_working_hours(t("2026-10-08T09:30"), -2) == t("2026-09-30T16:30")
    assert cal.working_hours_between(t("2026-09-30T16:30"), t("2026-10-08T09:30")) == dt.timedelta(hours=2)
    assert cal.working_hours_between(t("2026-10-08T09:30"), t("2026-09-30T16:30")) == -dt.timedelta(hours=2)


def test_working_hours_other_zone_result_in_calendar_zone(cal):
    utc = dt.datetime(2026, 9, 30, 8, 30, tzinfo=dt.timezone.utc)  # 16:30 in Beijing
    got = cal.add_working_hours(utc, 2)
    assert got == t("2026-10-08T09:30") and got.tzinfo == CST
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        sh = zoneinfo.ZoneInfo("Asia/Shanghai")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    assert cal.add_working_hours(dt.datetime(2026, 9, 30, 16, 30, tzinfo=sh), 2) == got


def test_deadline_and_local_date(cal):
    assert cal.deadline(d("2026-10-13")) == t("2026-10-14T00:00")
    assert cal.deadline(d("2026-10-13"), end="close_of_office") == t("2026-10-13T17:30")
    assert cal.local_date(dt.datetime(2026, 9, 30, 17, tzinfo=dt.timezone.utc)) == d("2026-10-01")


def test_scalar_results_types(cal):
    assert type(cal.add_workdays(d("2026-09-30"), 5)) is dt.date
    assert type(cal.is_workday(d("2026-09-30"))) is bool


def test_numpy_integer_n(cal):
    import numpy as np

    assert cal.add_workdays(d("2026-09-30"), np.int64(5)) == d("2026-10-13")
    assert cal.add_workdays(d("2026-09-30"), np.int32(5)) == d("2026-10-13")
