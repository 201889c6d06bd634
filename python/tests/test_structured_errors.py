"""Structured exceptions: every error raised by the module is a XiaonengError subclass carrying `code`, `field`,
`value`, `reason` (and `index` for batches), from the core's accessors; conversion errors name the argument (no
bare TypeError, OverflowError or pyo3 RuntimeError); concurrent use of one object raises InvalidStateError."""

import datetime as dt
import pickle
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import d, t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
CODES = {xn.ParseError: 2, xn.InvalidInputError: 3, xn.OutOfRangeError: 4, xn.InvalidStateError: 5,
         xn.NotFoundError: 9, xn.ForbiddenError: 10, xn.StorageError: 11, xn.CorruptError: 12}


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


@pytest.fixture
def engine(config):
    return xn.Engine(*config)


def test_classes_codes_and_builtin_bases():
    assert xn.XiaonengError.code == 7  # an internal error, as the C ABI's XN_ERR_PANIC
    for cls, code in CODES.items():
        assert cls.code == code and issubclass(cls, xn.XiaonengError) and cls.__module__ == "xiaoneng"
        assert cls.__doc__ and "Examples" in cls.__doc__ and f"Code {code}." in cls.__doc__
    assert issubclass(xn.NotFoundError, LookupError) and issubclass(xn.ForbiddenError, PermissionError)
    assert issubclass(xn.InvalidStateError, RuntimeError)
    assert issubclass(xn.StorageError, OSError) and not issubclass(xn.CorruptError, (ValueError, OSError))
    # Raised from Python, the parts are None.
    e = xn.InvalidInputError("made by hand")
    assert (e.code, e.field, e.value, e.reason, e.index, e.events) == (3, None, None, None, None, None)


def test_parts_of_core_errors(cal):
    with pytest.raises(xn.ParseError) as p:
        xn.Calendar.from_json('{"schema": 1, "base": "china", "colour": 1}')
    assert (p.value.code, p.value.field, p.value.value) == (2, "colour", None)
    assert p.value.reason.startswith("unknown field `colour`")
    with pytest.raises(xn.OutOfRangeError) as o:
        cal.is_workday(d("2030-01-01"))
    assert (o.value.code, o.value.field, o.value.value, o.value.index) == (4, None, "date 2030-01-01", None)
    assert o.value.reason == "outside the calendar's covered range 2004-01-01..=2026-12-31"
    with pytest.raises(xn.InvalidStateError) as s:
        xn.Clock(("working_days", 20), t("2026-09-29T10:00")).resume(t("2026-09-29T10:00"))
    assert (s.value.code, s.value.field, s.value.reason) == (5, "resume", "the clock is not paused")
    with pytest.raises(xn.InvalidInputError) as i:
        xn.Clock(("working_days", 5), t("2026-09-29T10:00"), pledged=("working_days", 10))
    assert (i.value.field, i.value.value) == ("pledged.amount", "10") and i.value.reason


def test_array_errors_carry_the_index(cal):
    days = np.array(["2026-10-01", "2026-10-02", "2031-01-01"], dtype="datetime64[D]")
    with pytest.raises(xn.OutOfRangeError) as e:
        cal.add_workdays(days, 1)
    assert e.value.index == 2 and "2" in str(e.value)


def test_engine_refusals_by_kind(engine):
    at = t("2026-09-28T09:00")
    with pytest.raises(xn.NotFoundError) as nf:
        engine.execute(c.accept("C404", at, "s-clerk"))
    assert (nf.value.code, nf.value.field, nf.value.value) == (9, "case", "C404")
    with pytest.raises(xn.ForbiddenError) as fb:
        engine.execute(c.receive("C1", at, "s-rev", item=FOOD, applicant="某公司"))
    assert (fb.value.code, fb.value.field, fb.value.value) == (10, "actor", "s-rev")
    engine.execute(c.receive("C1", at, "s-clerk", item=FOOD, applicant="某公司"))
    with pytest.raises(xn.InvalidStateError) as st:
        engine.execute(c.deliver("C1", t("2026-09-28T10:00"), "s-clerk"))
    assert (st.value.code, st.value.field, st.value.value) == (5, "type", "deliver")
    with pytest.raises(xn.ParseError) as pe:
        engine.execute({**c.accept("C1", t("2026-09-28T10:00"), "s-clerk"), "colour": 1})
    assert pe.value.field == "colour"


def test_exceptions_pickle_with_their_parts(engine):
    with pytest.raises(xn.NotFoundError) as nf:
        engine.execute(c.accept("C404", t("2026-09-28T09:00"), "s-clerk"))
    again = pickle.loads(pickle.dumps(nf.value))
    assert type(again) is xn.NotFoundError
    assert (again.field, again.value, again.reason, str(again)) == (nf.value.field, nf.value.value,
                                                                   nf.value.reason, str(nf.value))


NOW = dt.datetime(2026, 9, 30, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(("name", "call"), [
    ("case", lambda e, cfg, cal: e.view(1, NOW)),
    ("case", lambda e, cfg, cal: e.view("\ud800", NOW)),
    ("case_id", lambda e, cfg, cal: e.case(None)),
    ("inquiry_id", lambda e, cfg, cal: e.inquiry(b"Q1")),
    ("snapshot", lambda e, cfg, cal: xn.Engine.restore(*cfg, 42)),
    ("policy", lambda e, cfg, cal: xn.Engine("policy", cfg[1], cfg[2])),
    ("org", lambda e, cfg, cal: xn.Engine(cfg[0], cfg[2], cfg[2])),
    ("catalog", lambda e, cfg, cal: xn.Engine.replay(cfg[0], cfg[1], None, [])),
    ("additional", lambda e, cfg, cal: e.reserve(-5)),
    ("additional", lambda e, cfg, cal: e.reserve(2**70)),
    ("text", lambda e, cfg, cal: xn.Calendar.from_json(b"{}")),
    ("text", lambda e, cfg, cal: xn.Policy.from_toml(None)),
    ("text", lambda e, cfg, cal: xn.Org.from_json(1)),
    ("org", lambda e, cfg, cal: xn.Catalog.from_json("{}", "org")),
    ("path", lambda e, cfg, cal: xn.Policy.load(3.5)),
    ("start_rule", lambda e, cfg, cal: cal.add_workdays(d("2026-09-30"), 1, start_rule=1)),
    ("end", lambda e, cfg, cal: cal.deadline(d("2026-09-30"), end=None and 0 or 7)),
    ("kind", lambda e, cfg, cal: cfg[0].on_timeout(["pledged"])),
    ("name", lambda e, cfg, cal: cfg[0].has_system(None)),
    ("staff", lambda e, cfg, cal: cfg[1].has_role(1, "reviewer")),
    ("post", lambda e, cfg, cal: cfg[1].acting_holder(2, NOW)),
    ("code", lambda e, cfg, cal: cfg[2].item(7)),
    ("org", lambda e, cfg, cal: cfg[2].guide(FOOD, "org")),
    ("calendar", lambda e, cfg, cal: xn.Clock(("working_days", 5), NOW).status("china", NOW)),
    ("calendar", lambda e, cfg, cal: xn.Clock(("working_days", 5), NOW).next_change(None, NOW)),
    ("kind", lambda e, cfg, cal: xn.Clock(("working_days", 5), NOW).pause(3, NOW)),
    ("note", lambda e, cfg, cal: xn.Clock(("working_days", 5), NOW).pause("hearing", NOW, note=5)),
    ("approver", lambda e, cfg, cal: xn.Clock(("working_days", 5), NOW).extend(cal, NOW, 1, None, "r")),
    ("start_rule", lambda e, cfg, cal: xn.Clock(("working_days", 5), NOW, start_rule=0)),
    ("command", lambda e, cfg, cal: e.execute("accept")),
    ("commands", lambda e, cfg, cal: e.execute_many(5)),
    ("events", lambda e, cfg, cal: xn.Engine.replay(*cfg, {"seq": 1})),
])
def test_conversion_errors_are_xiaoneng_errors_naming_the_argument(engine, config, cal, name, call):
    with pytest.raises(xn.XiaonengError) as info:
        call(engine, config, cal)
    assert isinstance(info.value, (xn.InvalidInputError, xn.OutOfRangeError)), repr(info.value)
    assert info.value.field == name and f"`{name}`" in str(info.value)


def test_signature_errors_stay_python_type_errors(cal):
    """A missing or unexpected argument is Python's call error (TypeError), not a value the binding refuses."""
    with pytest.raises(TypeError):
        cal.is_workday()  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        cal.add_workdays(d("2026-09-30"), 1, colour="red")  # type: ignore[call-overload]


def test_a_property_of_an_engine_in_use_raises_invalid_state_naming_it(config):
    """While `execute_many` works (GIL released), every method and property of the same engine raises
    InvalidStateError naming it, never pyo3's bare RuntimeError("Already borrowed")."""
    engine = xn.Engine(*config)
    at = t("2026-09-28T09:00")
    batch = [c.receive(f"C{k}", at, "s-clerk", item=FOOD, applicant="某公司") for k in range(30_000)]
    seen, done = [], threading.Event()

    def poke():
        # Calls that keep the GIL (one that releases it could hold the engine when the batch starts).
        calls = [lambda: engine.seq, lambda: len(engine), lambda: engine.next_timer, lambda: repr(engine),
                 lambda: engine.case("C1"), lambda: engine.inquiry("Q1"), lambda: engine.reserve(1)]
        while not done.is_set():
            for call in calls:
                try:
                    call()
                except Exception as e:  # noqa: BLE001 - every kind is checked below
                    seen.append(e)
            time.sleep(0)

    th = threading.Thread(target=poke)
    th.start()
    try:
        engine.execute_many(batch)
    finally:
        done.set()
        th.join()
    assert len(engine) == 30_000
    busy = [e for e in seen if "in use by another thread" in str(e)]
    assert busy, "the poking thread never met the engine at work"
    for e in seen:
        assert type(e) is xn.InvalidStateError, repr(e)
        assert (e.code, e.field, e.value) == (5, "self", "Engine")


class SlowZone(dt.tzinfo):
    """+08:00, slowly: `utcoffset` releases the GIL (another thread runs in the middle of a call)."""

    def utcoffset(self, when):
        time.sleep(0.001)
        return dt.timedelta(hours=8)

    def dst(self, when):
        return dt.timedelta(0)


def test_one_clock_from_two_threads_never_raises_a_bare_runtime_error(cal):
    """A Clock's methods read their arguments (which may run Python code and switch threads) before they
    touch the clock, so calls from two threads are serialized: no error at all; a borrow conflict, were it
    to happen, would be InvalidStateError naming the clock."""
    clock = xn.Clock(("working_days", 20), t("2026-09-29T10:00"))
    slow = dt.datetime(2026, 10, 9, 9, tzinfo=SlowZone())
    errors, done = [], threading.Event()

    def reader():
        while not done.is_set():
            try:
                clock.status(cal, slow)
                clock.is_paused
                repr(clock)
                clock == clock  # noqa: B015
            except Exception as e:  # noqa: BLE001
                errors.append(e)

    th = threading.Thread(target=reader)
    th.start()
    try:
        for k in range(20):
            when = slow + dt.timedelta(days=k)
            clock.pause("hearing", when)
            clock.resume(when + dt.timedelta(hours=1))
    finally:
        done.set()
        th.join()
    assert [e for e in errors if type(e) is RuntimeError or not isinstance(e, xn.XiaonengError)] == []
    assert not clock.is_paused and len(clock.to_dict()["pauses"]) == 20


def test_a_tzinfo_that_uses_the_clock_while_it_is_read(cal):
    """Re-entrant use (a tzinfo calling the same clock) works: the arguments are read first."""
    clock = xn.Clock(("working_days", 20), t("2026-09-29T10:00"))

    class Peeking(dt.tzinfo):
        def utcoffset(self, when):
            clock.status(cal, t("2026-10-01T10:00"))
            return dt.timedelta(hours=8)

        def dst(self, when):
            return dt.timedelta(0)

    clock.pause("hearing", dt.datetime(2026, 10, 9, 9, tzinfo=Peeking()))
    assert clock.is_paused
