"""Cross-checks against references this project did not write: the `chinesecalendar` package (every day
2004-2026) and numpy's business-day functions with holidays derived from the calendar."""

import bisect
import datetime as dt

import numpy as np
import pytest

import xiaoneng as xn

chinese_calendar = pytest.importorskip("chinese_calendar")

FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2026, 12, 31)
ALL_DAYS = [FIRST + dt.timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
RNG = np.random.default_rng(42)


def test_every_day_matches_chinesecalendar(cal):
    assert len(ALL_DAYS) == 8401
    ours_scalar = [cal.is_workday(x) for x in ALL_DAYS]
    ours_array = cal.is_workday(np.array(ALL_DAYS, dtype="datetime64[D]")).tolist()
    theirs = [chinese_calendar.is_workday(x) for x in ALL_DAYS]
    diffs = [x for x, a, b in zip(ALL_DAYS, ours_scalar, theirs) if a != b]
    assert diffs == []
    assert ours_array == theirs
    assert sum(theirs) > 5000  # sanity: about 250 working days a year


def test_add_workdays_matches_reference(cal):
    workdays = chinese_calendar.get_workdays(FIRST, LAST)
    assert workdays == sorted(workdays)
    days = [ALL_DAYS[i] for i in RNG.integers(0, len(ALL_DAYS), 20_000)]
    ns = RNG.integers(-60, 61, len(days))
    expected, keep = [], []
    for i, (x, n) in enumerate(zip(days, ns.tolist())):
        if n > 0:
            k = bisect.bisect_right(workdays, x) + n - 1
        elif n < 0:
            k = bisect.bisect_left(workdays, x) + n
        else:
            expected.append(x)
            keep.append(i)
            continue
        if 0 <= k < len(workdays):
            expected.append(workdays[k])
            keep.append(i)
    assert len(keep) > 19_000
    arr = np.array([days[i] for i in keep], dtype="datetime64[D]")
    got = cal.add_workdays(arr, ns[keep]).tolist()
    assert got == expected
    # The scalar path too, on a subset.
    for i in range(0, len(keep), 50):
        assert cal.add_workdays(days[keep[i]], int(ns[keep[i]])) == expected[i]


def busday_calendar(cal: xn.Calendar) -> np.busdaycalendar:
    """numpy's view of the calendar: every day may be a business day, every non-working day a holiday."""
    days = np.arange(np.datetime64("2004-01-01"), np.datetime64("2027-01-01"), dtype="datetime64[D]")
    holidays = days[~cal.is_workday(days)]
    return np.busdaycalendar(weekmask="1111111", holidays=holidays)


def test_numpy_busday_offset_agrees_on_workdays(cal):
    bcal = busday_calendar(cal)
    days = np.array(ALL_DAYS, dtype="datetime64[D]")
    workdays = days[cal.is_workday(days)]
    sample = workdays[RNG.integers(0, workdays.size, 20_000)]
    n = RNG.integers(-40, 41, sample.size)
    ref = np.busday_offset(sample, n, busdaycal=bcal)
    ok = (ref >= days[0]) & (ref <= days[-1])
    assert ok.mean() > 0.99
    got = cal.add_workdays(sample[ok], n[ok])
    assert (got == ref[ok]).all()
    # Counting: numpy counts [a, b), we count (a, b].
    a = days[RNG.integers(0, days.size - 1, 20_000)]
    b = days[RNG.integers(0, days.size - 1, 20_000)]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    assert (cal.workdays_between(lo, hi) == np.busday_count(lo + 1, hi + 1, busdaycal=bcal)).all()
