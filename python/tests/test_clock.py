"""Clock: construction, commands, status, signals, documents, state errors."""

import datetime as dt
import decimal
import json
import pickle

import pytest

import xiaoneng as xn
from conftest import CST, d, t


def test_national_day_clock(cal):
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"))
    st = c.status(cal, t("2026-10-20T09:00"))
    assert st["state"] == "running"
    assert st["signal"] == "none"
    assert st["deadline_date"] == d("2026-11-02")
    assert st["deadline"] == t("2026-11-03T00:00")
    assert st["deadline"].utcoffset() == dt.timedelta(hours=8)
    assert isinstance(st["share_used"], decimal.Decimal)
    assert st["budget"] == 20 and st["used"] + st["remaining"] == 20
    assert st["unit"] == "working_days" and st["tick"] == "day"
    assert [s["type"] for s in st["derivation"]][0] == "started"
    assert isinstance(st["derivation"][0]["at"], dt.datetime)
    assert list(st)[:3] == ["at", "state", "signal"]  # document order


def test_limit_forms_and_properties():
    start = t("2026-02-13T10:00")
    a = xn.Clock(("working_days", 20), start)
    b = xn.Clock({"unit": "working_days", "amount": 20}, start)
    c = xn.Clock(["working_days", 20], start)
    assert a == b == c
    assert a.limit == {"unit": "working_days", "amount": 20}
    assert a.pledged is None
    assert a.started_at == start
    assert a.started_at.utcoffset() == dt.timedelta(0)
    assert a.completed_at is None
    assert a.is_paused is False
    assert repr(a) == 'Clock(limit=("working_days", 20), started_at=2026-02-13T02:00:00+00:00)'


def test_pledged_and_signals(cal):
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"), pledged=("working_days", 10),
                 signals={"reminder_before": ("working_days", 1), "red_after": {"unit": "working_days", "amount": 3}})
    assert c.pledged == {"unit": "working_days", "amount": 10}
    st = c.status(cal, t("2026-10-20T09:00"))
    assert st["deadline_date"] == cal.add_workdays(d("2026-09-29"), 10)
    assert st["statutory_deadline_date"] == d("2026-11-02")
    assert "reminder_at" in st and isinstance(st["reminder_at"], dt.datetime)
    # Past the pledged deadline: yellow; past it by 3 more working days: red.
    assert st["state"] == "overdue" and st["signal"] in ("yellow", "red")


def test_pause_resume_complete(cal):
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"))
    c.pause("hearing", t("2026-10-09T09:00"), note="notice 3")
    assert c.is_paused
    st = c.status(cal, t("2026-10-12T09:00"))
    assert st["state"] == "paused" and st["paused"] == "hearing"
    assert c.next_change(cal, t("2026-10-12T09:00")) is None
    c.resume(t("2026-10-16T09:00"))
    assert not c.is_paused
    deadline = c.status(cal, t("2026-10-16T10:00"))["deadline_date"]
    assert deadline > d("2026-11-02")  # the hearing is not counted
    c.complete(t("2026-10-30T15:00"))
    assert c.completed_at == t("2026-10-30T15:00")
    assert c.status(cal, t("2026-11-30T09:00"))["state"] == "completed_on_time"


@pytest.mark.parametrize("pause_from, resume_at, k", [
    ("2026-03-10T00:00", "2026-03-12T00:00", 2),  # Tue and Wed, midnight to midnight
    ("2026-03-12T18:00", "2026-03-17T00:00", 2),  # Fri and Mon across the weekend; Thursday ran, it counts
    ("2026-03-13T00:00", "2026-03-14T10:00", 1),  # Friday alone, resumed on Saturday
    ("2026-03-14T00:00", "2026-03-16T00:00", 0),  # only the weekend
    ("2026-03-10T09:00", "2026-03-10T17:00", 0),  # within one working day
])
def test_a_pause_of_k_whole_working_days_moves_the_deadline_by_exactly_k(cal, pause_from, resume_at, k):
    """docs/rules.md §2: a working day counts unless the clock was paused for the whole of it."""
    start = t("2026-03-02T10:00")
    plain = xn.Clock(("working_days", 20), start).status(cal, start)["deadline_date"]
    assert plain == d("2026-03-30")
    c = xn.Clock(("working_days", 20), start)
    c.pause("expert_review", t(pause_from))
    c.resume(t(resume_at))
    assert c.status(cal, t(resume_at))["deadline_date"] == cal.add_workdays(plain, k)


def test_a_pause_across_the_national_day_block_moves_the_deadline_by_its_whole_working_days(cal):
    # Sep 30, Oct 8, Oct 9 and the makeup Saturday Oct 10 (2026) are paused whole: k = 4.
    start = t("2026-09-21T10:00")
    plain = xn.Clock(("working_days", 20), start).status(cal, start)["deadline_date"]
    c = xn.Clock(("working_days", 20), start)
    c.pause("inspection", t("2026-09-30T00:00"))
    c.resume(t("2026-10-11T00:00"))
    assert c.status(cal, t("2026-10-11T00:00"))["deadline_date"] == cal.add_workdays(plain, 4)


def test_extend(cal):
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"), extension_rule={"max_count": 1, "max_total": 10})
    c.extend(cal, t("2026-10-20T09:00"), 10, "head-01", "site survey")
    st = c.status(cal, t("2026-10-20T10:00"))
    assert st["budget"] == 30 and st["extensions"] == 1
    assert st["deadline_date"] == cal.add_workdays(d("2026-09-29"), 30)
    with pytest.raises(xn.InvalidInputError, match="allows 1 extension"):
        c.extend(cal, t("2026-10-21T09:00"), 1, "head-01", "again")


def test_extension_errors(cal):
    c = xn.Clock(("working_days", 5), t("2026-09-29T10:00"), extension_rule={"max_count": 2, "max_total": 10})
    with pytest.raises(xn.InvalidInputError, match="approver"):
        c.extend(cal, t("2026-09-30T09:00"), 1, " ", "why")
    with pytest.raises(xn.InvalidInputError, match="reason"):
        c.extend(cal, t("2026-09-30T09:00"), 1, "head", "")
    with pytest.raises(xn.InvalidInputError, match="at most 10"):
        c.extend(cal, t("2026-09-30T09:00"), 11, "head", "why")
    with pytest.raises(xn.InvalidInputError, match="amount"):
        c.extend(cal, t("2026-09-30T09:00"), -1, "head", "why")
    with pytest.raises(xn.InvalidInputError, match="amount"):
        c.extend(cal, t("2026-09-30T09:00"), 1.5, "head", "why")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidStateError, match="expired"):
        c.extend(cal, t("2026-11-30T09:00"), 1, "head", "why")
    no_rule = xn.Clock(("working_days", 5), t("2026-09-29T10:00"))
    with pytest.raises(xn.InvalidInputError, match="allows 0 extension"):
        no_rule.extend(cal, t("2026-09-30T09:00"), 1, "head", "why")


def test_state_errors(cal):
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"))
    with pytest.raises(xn.InvalidStateError, match="cannot resume: the clock is not paused"):
        c.resume(t("2026-10-09T09:00"))
    with pytest.raises(RuntimeError):
        c.resume(t("2026-10-09T09:00"))
    c.pause("correction", t("2026-10-09T09:00"))
    with pytest.raises(xn.InvalidStateError, match="already paused"):
        c.pause("hearing", t("2026-10-10T09:00"))
    with pytest.raises(xn.InvalidStateError, match="resume first"):
        c.complete(t("2026-10-10T09:00"))
    with pytest.raises(xn.InvalidStateError, match="earlier than the last recorded event"):
        c.resume(t("2026-10-01T09:00"))
    c.resume(t("2026-10-12T09:00"))
    c.complete(t("2026-10-13T09:00"))
    with pytest.raises(xn.InvalidStateError, match="completed"):
        c.complete(t("2026-10-14T09:00"))
    with pytest.raises(xn.InvalidStateError, match="completed"):
        c.pause("hearing", t("2026-10-14T09:00"))
    # A rejected command changes nothing.
    assert c.completed_at == t("2026-10-13T09:00")


def test_pause_kind_invalid():
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"))
    with pytest.raises(xn.InvalidInputError, match=r'invalid `kind` = lunch: unknown variant'):
        c.pause("lunch", t("2026-10-09T09:00"))  # type: ignore[arg-type]
    assert not c.is_paused


def test_constructor_errors():
    start = t("2026-09-29T10:00")
    with pytest.raises(xn.ParseError, match=r"`limit.unit`"):
        xn.Clock(("weeks", 2), start)
    with pytest.raises(xn.ParseError, match=r"`limit.amount`"):
        xn.Clock(("working_days", -2), start)
    with pytest.raises(xn.InvalidInputError, match=r"limit.amount"):
        xn.Clock(("working_days", 100_001), start)
    with pytest.raises(xn.InvalidInputError, match="pledged.amount"):
        xn.Clock(("working_days", 5), start, pledged=("working_days", 10))
    with pytest.raises(xn.InvalidInputError, match="pledged.unit"):
        xn.Clock(("working_days", 5), start, pledged=("natural_days", 1))
    with pytest.raises(xn.InvalidInputError, match="start_rule"):
        xn.Clock(("working_days", 5), start, start_rule="x")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="deadline_end"):
        xn.Clock(("working_days", 5), start, deadline_end="x")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match=r"\(unit, amount\)"):
        xn.Clock(("working_days",), start)  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match=r"\(unit, amount\)"):
        xn.Clock(20, start)  # type: ignore[arg-type]
    with pytest.raises(xn.ParseError, match="extension_rule"):
        xn.Clock(("working_days", 5), start, extension_rule={"max": 1})
    with pytest.raises(xn.ParseError, match="signals"):
        xn.Clock(("working_days", 5), start, signals={"orange": ("working_days", 1)})
    with pytest.raises(xn.InvalidInputError, match="aware datetime"):
        xn.Clock(("working_days", 5), d("2026-09-29"))  # type: ignore[arg-type]


def test_documents_roundtrip(cal):
    c = xn.Clock(("working_days", 20), t("2026-09-29T10:00"), start_rule="same_day",
                 deadline_end="close_of_office", extension_rule={"max_count": 1})
    c.pause("expert_review", t("2026-10-09T09:00"))
    text = c.to_json()
    doc = json.loads(text)
    assert doc["start_rule"] == "same_day" and doc["pauses"][0]["kind"] == "expert_review"
    assert xn.Clock.from_json(text) == c
    assert xn.Clock.from_dict(c.to_dict()) == c
    assert pickle.loads(pickle.dumps(c)) == c
    assert c != xn.Clock(("working_days", 20), t("2026-09-29T10:00"))
    assert (c == "x") is False
    assert xn.Clock.from_dict({"schema": 1, "limit": {"unit": "natural_hours", "amount": 2},
                               "started_at": t("2026-09-30T09:00")}).limit["unit"] == "natural_hours"
    assert "paused" in repr(c)


def test_document_errors():
    with pytest.raises(xn.ParseError, match=r"at `started_at`"):
        xn.Clock.from_json('{"schema": 1, "limit": {"unit": "working_days", "amount": 20}, "started_at": "tomorrow"}')
    with pytest.raises(xn.ParseError, match=r"unknown field `colour`"):
        xn.Clock.from_json('{"schema": 1, "limit": {"unit": "working_days", "amount": 20},'
                           ' "started_at": "2026-09-29T10:00:00+08:00", "colour": 1}')
    with pytest.raises(xn.InvalidInputError, match=r"pauses\[0\]\.end"):
        xn.Clock.from_json('{"schema": 1, "limit": {"unit": "working_days", "amount": 20},'
                           ' "started_at": "2026-09-29T10:00:00+08:00",'
                           ' "pauses": [{"kind": "hearing", "start": "2026-10-09T10:00:00+08:00"},'
                           ' {"kind": "hearing", "start": "2026-10-19T10:00:00+08:00"}]}')
    with pytest.raises(xn.InvalidInputError, match="must be a dict"):
        xn.Clock.from_dict([])  # type: ignore[arg-type]


def test_status_out_of_range(cal):
    # After the last notice (2026) a clock counts on provisional days (docs/rules.md §2); after the
    # bundled provisional data (2099) its deadline is an error.
    assert xn.Clock(("working_days", 20), t("2026-12-20T10:00")).status(cal, t("2026-12-21T10:00"))["provisional"]
    c = xn.Clock(("working_days", 20), t("2099-12-20T10:00"))
    with pytest.raises(xn.OutOfRangeError):
        c.status(cal, t("2099-12-21T10:00"))
    with pytest.raises(xn.OutOfRangeError):
        c.next_change(cal, t("2099-12-21T10:00"))


def test_working_hours_clock(cal):
    c = xn.Clock(("working_hours", 2), t("2026-09-30T16:30"))
    st = c.status(cal, t("2026-10-08T09:00"))
    assert st["deadline"] == t("2026-10-08T09:30")
    assert st["tick"] == "second"
    assert c.next_change(cal, t("2026-10-08T09:00")) == t("2026-10-08T09:30")
    no_hours = xn.Calendar.from_dict({"schema": 1, "range": {"start": "2026-01-01", "end": "2026-12-31"}})
    with pytest.raises(xn.InvalidInputError, match="no office hours"):
        c.status(no_hours, t("2026-10-08T09:00"))


def test_natural_units(cal):
    c = xn.Clock(("natural_days", 7), t("2026-09-30T10:00"))
    assert c.status(cal, t("2026-10-01T00:00"))["deadline_date"] == d("2026-10-07")
    h = xn.Clock(("natural_hours", 2), t("2026-09-30T10:00"))
    assert h.status(cal, t("2026-09-30T11:00"))["deadline"] == t("2026-09-30T12:00")


def test_not_started_and_next_change(cal):
    c = xn.Clock(("working_days", 5), t("2026-09-30T10:00"))
    assert c.status(cal, t("2026-09-29T10:00"))["state"] == "not_started"
    nxt = c.next_change(cal, t("2026-10-01T00:00"))
    assert nxt == t("2026-10-14T00:00") and nxt.tzinfo == CST
