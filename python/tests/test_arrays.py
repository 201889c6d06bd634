"""Array forms: numpy datetime64[D] in and out, broadcasting, element errors, array == scalar, threads."""

import datetime as dt
import threading

import numpy as np
import pytest

import xiaoneng as xn
from conftest import d, gil_released_during

RNG = np.random.default_rng(20260930)
FIRST = np.datetime64("2004-01-01")


def random_days(n: int, lo: str = "2004-03-01", hi: str = "2026-10-31") -> np.ndarray:
    a, b = np.datetime64(lo), np.datetime64(hi)
    return (a + RNG.integers(0, int((b - a).astype(int)), n)).astype("datetime64[D]")


def test_is_workday_array(cal):
    a = np.array(["2026-10-01", "2026-10-08", "2026-10-10", "2026-10-11"], dtype="datetime64[D]")
    out = cal.is_workday(a)
    assert out.dtype == np.bool_
    assert out.tolist() == [False, True, True, False]


def test_add_workdays_array_and_dtypes(cal):
    a = np.array(["2026-02-13", "2026-09-30"], dtype="datetime64[D]")
    out = cal.add_workdays(a, np.array([20, 5]))
    assert out.dtype == np.dtype("datetime64[D]")
    assert out.tolist() == [d("2026-03-19"), d("2026-10-13")]
    assert cal.add_workdays(a, 0).tolist() == a.tolist()


def test_lists_and_other_inputs(cal):
    assert cal.add_workdays([d("2026-02-13"), d("2026-09-30")], [20, 5]).tolist() == [d("2026-03-19"), d("2026-10-13")]
    assert cal.is_workday(["2026-10-10", "2026-10-11"]).tolist() == [True, False]
    assert cal.add_workdays((d("2026-09-30"),), 5).tolist() == [d("2026-10-13")]
    # Other units are converted to days.
    ns = np.array(["2026-09-30T12:00"], dtype="datetime64[ns]")
    assert cal.add_workdays(ns, 5).tolist() == [d("2026-10-13")]
    # A numpy scalar gives a numpy scalar.
    r = cal.add_workdays(np.datetime64("2026-09-30"), 5)
    assert isinstance(r, np.datetime64) and r == np.datetime64("2026-10-13")
    # Empty arrays give empty arrays.
    assert cal.add_workdays(np.array([], dtype="datetime64[D]"), 5).shape == (0,)
    assert cal.is_workday([]).shape == (0,)


def test_pandas_series(cal):
    pd = pytest.importorskip("pandas")
    s = pd.Series(pd.to_datetime(["2026-09-30", "2026-02-13"]))
    assert cal.add_workdays(s, [5, 20]).tolist() == [d("2026-10-13"), d("2026-03-19")]


def test_broadcasting(cal):
    a = np.array(["2026-09-30", "2026-02-13"], dtype="datetime64[D]")
    n = np.array([[0], [1], [5]])
    out = cal.add_workdays(a, n)
    assert out.shape == (3, 2)
    assert out[2].tolist() == [d("2026-10-13"), cal.add_workdays(d("2026-02-13"), 5)]
    # A scalar date with an array of n.
    assert cal.add_workdays(d("2026-09-30"), [1, 5]).tolist() == [d("2026-10-08"), d("2026-10-13")]
    # workdays_between with a scalar on either side.
    assert cal.workdays_between(d("2026-09-30"), a).tolist() == [0, cal.workdays_between(d("2026-09-30"), d("2026-02-13"))]
    assert cal.workdays_between(a, d("2026-10-13")).tolist() == [5, cal.workdays_between(d("2026-02-13"), d("2026-10-13"))]
    # Non-contiguous input.
    big = random_days(100)
    view = big[::3]
    assert cal.add_workdays(view, 7).tolist() == [cal.add_workdays(x, 7) for x in view.tolist()]
    # 2-d input keeps its shape.
    assert cal.is_workday(big.reshape(10, 10)).shape == (10, 10)
    with pytest.raises(xn.InvalidInputError, match="cannot be broadcast"):
        cal.add_workdays(a, np.array([1, 2, 3]))


def test_array_equals_scalar_random(cal):
    days = random_days(2000)
    n = RNG.integers(-40, 41, days.size)
    scalars = days.tolist()
    got_add = cal.add_workdays(days, n).tolist()
    got_same = cal.add_workdays(days, n, start_rule="same_day").tolist()
    got_is = cal.is_workday(days).tolist()
    others = random_days(2000)
    got_between = cal.workdays_between(days, others).tolist()
    got_between_same = cal.workdays_between(days, others, "same_day").tolist()
    got_next = cal.next_workday(days).tolist()
    got_prev = cal.previous_workday(days).tolist()
    got_days = cal.add_days(days, n).tolist()
    for i, x in enumerate(scalars):
        k = int(n[i])
        y = others[i].item()
        assert got_add[i] == cal.add_workdays(x, k), (x, k)
        assert got_same[i] == cal.add_workdays(x, k, start_rule="same_day"), (x, k)
        assert got_is[i] == cal.is_workday(x)
        assert got_between[i] == cal.workdays_between(x, y)
        assert got_between_same[i] == cal.workdays_between(x, y, start_rule="same_day")
        assert got_next[i] == cal.next_workday(x)
        assert got_prev[i] == cal.previous_workday(x)
        assert got_days[i] == cal.add_days(x, k)


def test_roundtrip_property(cal):
    days = random_days(5000, hi="2026-06-30")
    n = RNG.integers(0, 60, days.size)
    assert (cal.workdays_between(days, cal.add_workdays(days, n)) == n).all()


def test_nat_names_element(cal):
    a = np.array(["2026-09-30", "2026-10-08", "NaT"], dtype="datetime64[D]")
    with pytest.raises(xn.OutOfRangeError, match=r"^element 2: NaT"):
        cal.add_workdays(a, 1)
    with pytest.raises(xn.OutOfRangeError, match=r"^element 2: NaT"):
        cal.is_workday(a)
    with pytest.raises(xn.OutOfRangeError, match=r"^element 2: NaT"):
        cal.workdays_between(d("2026-01-01"), a)
    with pytest.raises(xn.OutOfRangeError, match=r"^element 2: NaT"):
        cal.add_days(a, 1)


def test_out_of_range_names_element_and_date(cal):
    a = np.array(["2026-09-30", "2027-01-04"], dtype="datetime64[D]")
    with pytest.raises(xn.OutOfRangeError, match=r"^element 1: date 2027-01-04 is outside"):
        cal.is_workday(a)
    # Large arrays with a scalar n are processed in chunks: the index is still the global one.
    big = np.full(10_000, np.datetime64("2026-09-30"))
    big[9_999] = np.datetime64("2031-01-01")
    with pytest.raises(xn.OutOfRangeError, match=r"^element 9999: date 2031-01-01"):
        cal.add_workdays(big, 1)
    # A result out of range.
    with pytest.raises(xn.OutOfRangeError, match=r"^element 0: 30 working days from 2026-12-20"):
        cal.add_workdays(np.array(["2026-12-20"], dtype="datetime64[D]"), 30)
    # Absurd day numbers.
    with pytest.raises(xn.OutOfRangeError, match=r"element 0: day number"):
        cal.is_workday(np.array([2**62], dtype="int64").view("datetime64[D]"))


def test_read_only_and_same_array_inputs(cal):
    a = random_days(50)
    a.flags.writeable = False
    assert cal.workdays_between(a, a).tolist() == [0] * 50


def test_gil_released_during_batch(cal):
    """While one batch call computes, another Python thread runs: a tick of a spinning thread lands in
    the middle of the call (impossible if the call held the GIL throughout)."""
    days = random_days(5_000_000)
    seen, _ = gil_released_during(lambda: cal.add_workdays(days, 20))
    assert seen


def test_calls_from_many_threads(cal):
    days = random_days(200_000)
    expected = cal.add_workdays(days, 10)
    results = [None] * 4

    def work(i):
        results[i] = cal.add_workdays(days, 10)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for r in results:
        assert (r == expected).all()
