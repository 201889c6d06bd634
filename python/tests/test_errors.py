"""Every error path: exception classes, hierarchy and the core's messages."""

import datetime as dt

import numpy as np
import pytest

import xiaoneng as xn
from conftest import d, t


def test_hierarchy():
    for cls in (xn.ParseError, xn.InvalidInputError, xn.OutOfRangeError):
        assert issubclass(cls, xn.XiaonengError) and issubclass(cls, ValueError)
    assert issubclass(xn.InvalidStateError, xn.XiaonengError)
    assert issubclass(xn.InvalidStateError, RuntimeError)
    assert issubclass(xn.XiaonengError, Exception)
    assert xn.ParseError.__module__ == "xiaoneng"
    assert xn.OutOfRangeError.__doc__


def test_out_of_range_date(cal):
    with pytest.raises(xn.OutOfRangeError, match=r"date 2030-01-01 is outside the calendar's covered range 2004-01-01..=2026-12-31"):
        cal.is_workday(d("2030-01-01"))
    with pytest.raises(xn.OutOfRangeError, match="2003-12-31"):
        cal.add_workdays(d("2003-12-31"), 1)
    with pytest.raises(xn.OutOfRangeError, match="working days from 2026-12-30"):
        cal.add_workdays(d("2026-12-30"), 5)
    with pytest.raises(xn.OutOfRangeError):
        cal.workdays_between(d("2026-01-01"), d("2027-01-01"))
    with pytest.raises(xn.OutOfRangeError):
        cal.next_workday(d("2026-12-31"))
    with pytest.raises(xn.OutOfRangeError):
        cal.previous_workday(d("2004-01-01"))
    with pytest.raises(ValueError):  # catchable as ValueError too
        cal.is_workday(d("1999-01-01"))


def test_add_days_unrepresentable(cal):
    with pytest.raises(xn.XiaonengError):
        cal.add_days(d("9999-12-31"), 1)
    with pytest.raises(xn.InvalidInputError):
        cal.add_days(d("2026-01-01"), 10**15)


def test_bad_json_names_field():
    with pytest.raises(xn.ParseError, match=r"at `days_off\[0\]\.start`"):
        xn.Calendar.from_json('{"schema": 1, "base": "china", "days_off": [{"start": "2026-13-01"}]}')
    with pytest.raises(xn.ParseError, match=r"unknown field `colour`"):
        xn.Calendar.from_json('{"schema": 1, "base": "china", "colour": 1}')
    with pytest.raises(xn.ParseError, match="JSON"):
        xn.Calendar.from_json("{not json")
    with pytest.raises(xn.ParseError, match="TOML"):
        xn.Calendar.from_toml("schema = = 1")
    with pytest.raises(xn.ParseError, match=r"at `days_off\[0\]\.start`"):
        xn.Calendar.china().with_notice({"year": 2027, "days_off": [{"start": "soon"}]})
    with pytest.raises(xn.ParseError, match="unknown field `holidays`"):
        xn.Calendar.china().with_notice({"year": 2027, "holidays": []})


def test_invalid_calendar_definitions():
    with pytest.raises(xn.InvalidInputError, match="schema"):
        xn.Calendar.from_json('{"schema": 2, "base": "china"}')
    with pytest.raises(xn.InvalidInputError, match="start is after end"):
        xn.Calendar.from_dict({"schema": 1, "range": {"start": "2026-12-31", "end": "2026-01-01"}})
    with pytest.raises(xn.InvalidInputError, match=r"notices\[0\]\.year"):
        xn.Calendar.china().with_notice({"year": 2029})
    with pytest.raises(xn.InvalidInputError, match="must be a dict"):
        xn.Calendar.china().with_notice([])  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="must be a dict"):
        xn.Calendar.from_dict("{}")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="cannot use a"):
        xn.Calendar.from_dict({"schema": 1, "name": object()})
    with pytest.raises(xn.InvalidInputError, match="keys must be strings"):
        xn.Calendar.from_dict({1: 2})


def test_naive_datetime(cal):
    with pytest.raises(xn.InvalidInputError, match=r"naive datetime: give a timezone"):
        cal.add_working_hours(dt.datetime(2026, 9, 30, 16, 30), 2)
    with pytest.raises(xn.InvalidInputError, match=r"invalid `b` = 2026-10-08 00:00:00: naive datetime: give a timezone"):
        cal.working_hours_between(t("2026-09-30T16:30"), dt.datetime(2026, 10, 8))
    with pytest.raises(xn.InvalidInputError, match="naive datetime"):
        cal.local_date(dt.datetime(2026, 10, 8))
    with pytest.raises(xn.InvalidInputError, match="naive datetime"):
        xn.Clock(("working_days", 1), dt.datetime(2026, 10, 8))
    with pytest.raises(xn.InvalidInputError, match="aware datetime"):
        cal.add_working_hours(d("2026-09-30"), 2)


def test_invalid_start_rule_and_end(cal):
    with pytest.raises(xn.InvalidInputError, match=r'invalid `start_rule` = first_day: unknown variant'):
        cal.add_workdays(d("2026-09-30"), 1, start_rule="first_day")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="start_rule"):
        cal.workdays_between(d("2026-09-30"), d("2026-10-30"), start_rule="x")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="start_rule"):
        cal.add_workdays(np.array(["2026-09-30"], dtype="datetime64[D]"), 1, start_rule="x")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="`end`"):
        cal.deadline(d("2026-09-30"), end="noon")  # type: ignore[arg-type]


def test_wrong_argument_types(cal):
    with pytest.raises(xn.InvalidInputError, match=r"`d` = 2026-09-30 10:00:00\+08:00: a datetime"):
        cal.is_workday(t("2026-09-30T10:00"))
    with pytest.raises(xn.InvalidInputError, match="must be a datetime.date or an array"):
        cal.is_workday(20260930)  # type: ignore[call-overload]
    with pytest.raises(xn.InvalidInputError, match="must be a datetime.date or an array"):
        cal.is_workday("2026-09-30")  # type: ignore[call-overload]
    with pytest.raises(xn.InvalidInputError, match="invalid `n` = 1.5: must be an integer"):
        cal.add_workdays(d("2026-09-30"), 1.5)  # type: ignore[call-overload]
    with pytest.raises(xn.InvalidInputError, match="invalid `n` = True: must be an integer"):
        cal.add_workdays(d("2026-09-30"), True)
    with pytest.raises(xn.InvalidInputError, match="does not fit"):
        cal.add_workdays(d("2026-09-30"), 2**70)
    with pytest.raises(xn.InvalidInputError, match="must hold integers"):
        cal.add_workdays(d("2026-09-30"), np.array([1.5]))  # type: ignore[call-overload]
    with pytest.raises(xn.InvalidInputError, match="cannot be read as dates"):
        cal.is_workday(["not a date"])
    with pytest.raises(xn.InvalidInputError, match="must be a datetime.date"):
        cal.deadline(np.array(["2026-10-01"], dtype="datetime64[D]"))  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="hours"):
        cal.add_working_hours(t("2026-09-30T16:30"), "2")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="hours"):
        cal.add_working_hours(t("2026-09-30T16:30"), float("nan"))
    with pytest.raises(TypeError):
        cal.is_workday()  # type: ignore[call-overload]


def test_no_office_hours():
    c = xn.Calendar.from_dict({"schema": 1, "range": {"start": "2026-01-01", "end": "2026-12-31"}})
    assert c.office_hours == []
    with pytest.raises(xn.InvalidInputError, match="no office hours"):
        c.add_working_hours(t("2026-09-30T16:30"), 2)
    with pytest.raises(xn.InvalidInputError, match="no office hours"):
        c.deadline(d("2026-09-30"), "close_of_office")


def test_working_hours_out_of_range(cal):
    with pytest.raises(xn.OutOfRangeError):
        cal.add_working_hours(t("2030-01-01T10:00"), 1)
    with pytest.raises(xn.OutOfRangeError):
        cal.add_working_hours(t("2026-12-31T10:00"), 100)
