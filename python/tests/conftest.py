import bisect
import datetime as dt
import threading
import time

import pytest

import xiaoneng as xn

CST = dt.timezone(dt.timedelta(hours=8))


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def t(s: str) -> dt.datetime:
    """An aware datetime; strings without an offset are read in China time (+08:00)."""
    v = dt.datetime.fromisoformat(s)
    return v if v.tzinfo is not None else v.replace(tzinfo=CST)


def gil_released_during(call, rounds: int = 10):
    """Runs `call` (up to `rounds` times) while another Python thread spins, noting the time at each turn.

    Returns ``(seen, result)``: `seen` when a tick of the spinning thread landed in the middle of a call
    (impossible if the call held the GIL throughout), `result` what the last call returned.
    """
    ticks: list[float] = []
    done = threading.Event()

    def spin():
        while not done.is_set():
            ticks.append(time.perf_counter())

    th = threading.Thread(target=spin)
    th.start()
    result = None
    try:
        for _ in range(rounds):
            ticks.clear()
            t0 = time.perf_counter()
            result = call()
            t1 = time.perf_counter()
            lo, hi = t0 + 0.3 * (t1 - t0), t1 - 0.3 * (t1 - t0)
            k = bisect.bisect_right(ticks, lo)
            if k < len(ticks) and ticks[k] < hi:
                return True, result
        return False, result
    finally:
        done.set()
        th.join()


@pytest.fixture(scope="session")
def cal() -> xn.Calendar:
    return xn.Calendar.china()
