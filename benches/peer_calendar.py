#!/usr/bin/env python3
"""Side-by-side: "the N-th working day after D" on the Chinese national calendar, from Python.

Compares, on the same seeded random (date, N) pairs (dates 2020-2026, N in -60..=60, results inside
the covered range 2004-2026):

- xiaoneng from arrays: ``Calendar.china().add_workdays(datetime64[D] array, int64 array)`` and
  ``workdays_between(a, b)``;
- numpy ``busday_offset`` / ``busday_count``, plain (weekmask "1111100" + the holidays: it cannot
  express makeup workdays, so it is wrong around them) and exact (weekmask "1111111" + every
  non-working day listed as a holiday);
- chinesecalendar's ``find_workday`` and workalendar's ``China().add_working_days``, per element, on a
  smaller sample;
- xiaoneng's scalar call ``cal.add_workdays(date, n)``.

The convention compared (docs/rules.md §2): n > 0 is the n-th working day strictly after D, n < 0 the
|n|-th strictly before D, n = 0 is D itself. The official answer is the exact numpy variant, built from
chinesecalendar's data and cross-checked against chinesecalendar's own ``find_workday`` on the sample.

Run from the repository's virtual environment (``scripts/bench`` does): ``.venv/bin/python
benches/peer_calendar.py [--items N] [--sample N] [--seed S]``. Installs nothing; peers that are not
importable are reported as skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import warnings
from typing import Callable

import numpy as np

FIRST = np.datetime64("2004-01-01", "D")
LAST = np.datetime64("2026-12-31", "D")
ONE = dt.timedelta(days=1)


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Smallest wall time of `repeat` calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def official_days():
    """Working-day flags for every covered day, from chinesecalendar's data."""
    import chinese_calendar as cc

    days = np.arange(FIRST, LAST + 1)
    work = np.fromiter((cc.is_workday(d) for d in days.astype(object)), dtype=bool, count=len(days))
    return days, work


def np_add(days: np.ndarray, n: np.ndarray, cal: np.busdaycalendar) -> np.ndarray:
    """Our convention with numpy's roll: roll back then count forward for n > 0 (so a non-working D
    counts from the working day before it, which changes nothing), roll forward then count back for
    n < 0, and D itself for n = 0."""
    out = days.copy()
    pos, neg = n > 0, n < 0
    out[pos] = np.busday_offset(days[pos], n[pos], roll="backward", busdaycal=cal)
    out[neg] = np.busday_offset(days[neg], n[neg], roll="forward", busdaycal=cal)
    return out


def np_between(a: np.ndarray, b: np.ndarray, cal: np.busdaycalendar) -> np.ndarray:
    """Working days in (a, b], negative (the count in (b, a]) when b < a. numpy counts [begin, end) going
    forward but (end, begin] going backward, so only the forward case shifts by a day."""
    out = np.busday_count(a + 1, b + 1, busdaycal=cal)
    back = b < a
    out[back] = np.busday_count(a[back], b[back], busdaycal=cal)
    return out


def make_pairs(items: int, seed: int, exact: np.busdaycalendar):
    """`items` random (day, n) pairs whose results stay in range, and a `to` day for each."""
    rng = np.random.default_rng(seed)
    lo, hi = np.datetime64("2020-01-01", "D"), LAST
    span = int((hi - lo).astype(int)) + 1
    days = np.empty(0, dtype="datetime64[D]")
    n = np.empty(0, dtype=np.int64)
    while len(days) < items:
        d = lo + rng.integers(0, span, size=items).astype("timedelta64[D]")
        k = rng.integers(-60, 61, size=items, dtype=np.int64)
        r = np_add(d, k, exact)
        keep = (r >= FIRST) & (r <= LAST)
        days, n = np.concatenate([days, d[keep]]), np.concatenate([n, k[keep]])
    days, n = days[:items], n[:items]
    to = np.clip(days + rng.integers(-90, 91, size=items).astype("timedelta64[D]"), lo, hi)
    return days, n, to


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=1_000_000, help="array size (default 1,000,000)")
    ap.add_argument("--sample", type=int, default=20_000, help="per-element peers' sample (default 20,000)")
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--repeat", type=int, default=5, help="best of this many timed runs for array calls")
    args = ap.parse_args()

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    all_days, work = official_days()
    offdays = all_days[~work]
    exact = np.busdaycalendar(weekmask="1111111", holidays=offdays)
    import chinese_calendar as cc

    plain_holidays = np.array(sorted(cc.holidays), dtype="datetime64[D]")
    plain = np.busdaycalendar(weekmask="1111100", holidays=plain_holidays)

    days, n, to = make_pairs(args.items, args.seed, exact)
    items = len(days)
    s = min(args.sample, items)
    print(f"{items:,} pairs (dates 2020-2026, n in -60..=60, seed {args.seed}); per-element peers on the first {s:,}")

    rows: list[tuple[str, str, int, float, object]] = []  # (op, method, items, seconds, diffs)
    notes: list[str] = []

    # The official answer: exact numpy. Cross-check it against chinesecalendar's prefix counts (all
    # pairs) and its own find_workday (the sample) below.
    t, official = best_of(lambda: np_add(days, n, exact), args.repeat)
    t_b, official_b = best_of(lambda: np_between(days, to, exact), args.repeat)
    cnt = np.concatenate([[0], np.cumsum(work)])
    i, j = (days - FIRST).astype(np.int64), (to - FIRST).astype(np.int64)
    prefix_b = cnt[j + 1] - cnt[i + 1]
    notes.append(
        f"numpy exact workdays_between vs chinesecalendar's data (prefix counts), all pairs: "
        f"{int((prefix_b != official_b).sum())} differences"
    )

    # The per-element calls' sample: the first `s` pairs as (datetime.date, int).
    sample = list(zip(days[:s].astype(object), n[:s].tolist()))

    # xiaoneng, arrays and scalar.
    xn_t = xn_tb = None
    try:
        import xiaoneng as xn
    except ImportError as e:  # the module is built by scripts/test-python (maturin develop)
        xn = None
        notes.append(f"xiaoneng not importable ({e}): build it with scripts/test-python")
    if xn is not None:
        cal = xn.Calendar.china()
        xn_t, got = best_of(lambda: cal.add_workdays(days, n), args.repeat)
        got = np.asarray(got).astype("datetime64[D]")
        rows.append(("add", "xiaoneng add_workdays (arrays)", items, xn_t, int((got != official).sum())))
        xn_tb, got_b = best_of(lambda: cal.workdays_between(days, to), args.repeat)
        rows.append(("between", "xiaoneng workdays_between (arrays)", items, xn_tb, int((np.asarray(got_b) != official_b).sum())))
        notes.append(
            "numpy roll emulation of our convention vs xiaoneng, all pairs: "
            f"{int((got != official).sum())} differences (add_workdays), "
            f"{int((np.asarray(got_b) != official_b).sum())} (workdays_between)"
        )
        f = cal.add_workdays

        def scalar():
            return [f(d, k) for d, k in sample]

        t_s, got_s = best_of(scalar, 3)
        got_s = np.array(got_s, dtype="datetime64[D]")
        rows.append(("add", "xiaoneng add_workdays (scalar Python call)", s, t_s, int((got_s != official[:s]).sum())))

    rows.append(("add", "numpy busday_offset exact (1111111 + all days off)", items, t, 0))
    rows.append(("between", "numpy busday_count exact (1111111 + all days off)", items, t_b, 0))
    t_p, got_p = best_of(lambda: np_add(days, n, plain), args.repeat)
    rows.append(("add", "numpy busday_offset plain (1111100 + holidays)", items, t_p, int((got_p != official).sum())))
    t_pb, got_pb = best_of(lambda: np_between(days, to, plain), args.repeat)
    rows.append(("between", "numpy busday_count plain (1111100 + holidays)", items, t_pb, int((got_pb != official_b).sum())))

    # chinesecalendar, per element. find_workday(k, D) counts from the first working day on or after D,
    # so n > 0 is find_workday(n - 1, D + 1 day); n < 0 is find_workday(n, D); n = 0 is D.
    find = cc.find_workday

    def cc_run():
        return [find(k - 1, d + ONE) if k > 0 else (find(k, d) if k < 0 else d) for d, k in sample]

    t_cc, got_cc = best_of(cc_run, 1)
    got_cc = np.array(got_cc, dtype="datetime64[D]")
    cc_diffs = int((got_cc != official[:s]).sum())
    rows.append(("add", "chinesecalendar find_workday (per element)", s, t_cc, cc_diffs))
    notes.append(f"numpy exact add_workdays vs chinesecalendar find_workday, sample: {cc_diffs} differences")

    def literal(d, k):
        try:
            return find(k, d) if k else d
        except NotImplementedError:
            # chinesecalendar's own error for a date outside the years it has data for (a literal count
            # can run past its last year). None equals no expected date: the pair counts as differing.
            return None

    lit = [literal(d, k) for d, k in sample]
    lit_diffs = sum(1 for x, want in zip(lit, official[:s].astype(object)) if x != want)
    notes.append(
        "chinesecalendar find_workday(n, D) taken literally (it counts from the first working day on or "
        f"after D): {lit_diffs:,} of {s:,} differ from the convention"
    )

    # workalendar, per element, where it has data (it raises for years it was not configured for).
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from workalendar.asia import China
            from workalendar.exceptions import CalendarError

            wc = China()
            ok, errors = [], 0
            for idx, (d, k) in enumerate(sample):
                try:
                    wc.add_working_days(d, k)
                    ok.append(idx)
                except CalendarError:
                    errors += 1
            sub = [sample[x] for x in ok]
            add = wc.add_working_days
            t_w, got_w = best_of(lambda: [add(d, k) for d, k in sub], 1)
        got_w = np.array(got_w, dtype="datetime64[D]")
        w_diffs = int((got_w != official[:s][ok]).sum()) if ok else 0
        rows.append(("add", f"workalendar China add_working_days ({len(ok):,} with data)", len(ok), t_w,
                     f"{w_diffs} (+{errors:,} raised: no data)"))
    except ImportError:
        notes.append("workalendar not installed: skipped (scripts/bench installs it into .venv)")

    ref = {"add": xn_t / items if xn_t else None, "between": xn_tb / items if xn_tb else None}
    w = max(len(r[1]) for r in rows)
    print()
    print(f"{'method':<{w}}  {'items':>9}  {'ns/item':>11}  {'x xiaoneng':>10}  differing from official")
    print("-" * (w + 61))
    for op, name, k, secs, diffs in rows:
        per = secs / k * 1e9 if k else float("nan")
        ratio = f"{per / (ref[op] * 1e9):10.1f}" if ref[op] else f"{'-':>10}"
        print(f"{name:<{w}}  {k:>9,}  {per:>11,.1f}  {ratio}  {diffs}")
    print()
    print("x xiaoneng: ns/item over xiaoneng's array call for the same operation (higher is slower)")
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
