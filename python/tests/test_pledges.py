"""Pledges (承诺) from Python (docs/rules.md, "Pledges"; the Rust rulebook is tests/pledge_rules.rs, whose dates
these mirror): the walk of a rectification pledge through the ``xn.commands`` builders (order, sign with the
five specifics and milestones, report the milestones and the three 到位, complete, verify), the state and the
status (``Engine.pledge(pledge_id, at)``, ``Engine.pledges(at)``) at instants, the timers and the violations
they record (``Engine.violations(rule=...)``: a broken pledge names the responsible person and the leader),
who may act, bad input refused naming the field (by the builders and by the engine), the rectification a
substantiated complaint orders, and hostile input that never panics."""

import datetime as dt
import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = "窗口人员离岗未挂去向牌"
MILESTONES = (("制度印发", 5), ("全员培训", 10))


def org_document() -> dict:
    """The county organisation with a second supervisor in the efficiency office (s-sup2) and a supervisor
    seconded to the market regulator (s-amr-sup)."""
    doc = json.loads((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    doc["staff"] += [
        {"id": "s-sup2", "name": "韩梅", "unit": "eff", "roles": ["supervisor"], "rank": 3},
        {"id": "s-amr-sup", "name": "蒋平", "unit": "amr", "roles": ["supervisor"], "rank": 3},
    ]
    return doc


ORG = org_document()


def make_engine() -> xn.Engine:
    org = xn.Org.from_json(json.dumps(ORG))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.load(ROOT / "presets/county.toml"), org, catalog)


def order(case="Z1", actor="s-sup", *, unit="amr", at="2026-11-02T09:00", source="inspection", **extra):
    return c.order_rectification(case, t(at), actor, unit=unit, source=source, problem=PROBLEM, **extra)


def sign(case="Z1", actor="s-head", *, at="2026-11-03T09:00", responsible="s-clerk", amount=15,
         milestones=MILESTONES, measures="建立离岗登记和AB岗顶岗制度"):
    return c.sign_pledge(case, t(at), actor, measures=measures, responsible=responsible, standard="窗口在岗率100%",
                         amount=amount, milestones=[m for m, _ in milestones],
                         milestone_days=[d for _, d in milestones])


def report(at, actor="s-clerk", *, case="Z1", milestone=None, in_place=None):
    return c.report_pledge(case, t(at), actor, note="已落实", milestone=milestone, in_place=in_place)


def complete(at="2026-11-12T09:00", actor="s-head", *, case="Z1"):
    return c.complete_pledge(case, t(at), actor, evidence="制度文件、培训签到表")


def verify(actor="s-sup2", *, at="2026-11-13T09:00", case="Z1", passed=True, amount=None):
    return c.verify_pledge(case, t(at), actor, passed=passed, evidence="暗访三次", amount=amount)


def open_item(case="D1", actor="s-sup", *, kind="supervised", leader="s-gov-head", amount=20,
              milestones=(("方案报批", 5),)):
    return c.open_pledge(case, t("2026-11-02T09:00"), actor, pledge_kind=kind, unit="amr", leader=leader,
                         responsible="s-head", title="食品经营许可一窗通办", standard="全流程网办率90%",
                         amount=amount,
                         milestones=[m for m, _ in milestones], milestone_days=[d for _, d in milestones])


def view(e, at, case="Z1"):
    return e.pledge(case, t(at))


def status(e, at, case="Z1"):
    return view(e, at, case)["status"]


def types(events):
    return [ev["type"] for ev in events]


def violations(events):
    """(rule, responsible, unit, unit_head) of each violation among `events`."""
    return [(ev["rule"], ev["responsible"], ev["unit"], ev["unit_head"]) for ev in events if ev["type"] == "violation"]


def refused(e, error, command, field, value=None):
    """The command is refused with `error` naming `field` (and `value`); the engine is unchanged."""
    before = e.snapshot()
    with pytest.raises(error) as info:
        e.execute(command)
    assert info.value.field == field, str(info.value)
    if value is not None:
        assert info.value.value == value, str(info.value)
    assert e.snapshot() == before
    return info.value


def signed() -> xn.Engine:
    """Z1 ordered of the market regulator on Monday 2026-11-02, signed by its head on 11-03: 15 working days
    (to Tuesday 11-24), milestones at 5 (11-10) and 10 (11-17) working days, s-clerk responsible."""
    e = make_engine()
    e.execute(order())
    e.execute(sign())
    return e


def ready() -> xn.Engine:
    """`signed`, both milestones reached and the three 到位 reported in place by 11-12."""
    e = signed()
    e.execute(report("2026-11-05T09:00", milestone=1, in_place="recognition"))
    e.execute(report("2026-11-10T09:00", milestone=2, in_place="rectification"))
    e.execute(report("2026-11-12T09:00", "s-head", in_place="accountability"))
    return e


# ---------------------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------------------


def test_a_rectification_pledge_walks_from_the_order_to_its_verification():
    e = make_engine()
    assert types(e.execute(order())) == ["rectification_ordered"]
    p = view(e, "2026-11-03T09:00")
    assert (p["id"], p["kind"], p["state"], p["status"], p["unit"], p["orderer"], p["source"], p["problem"]) == (
        "Z1", "rectification", "ordered", "on_track", "amr", "s-sup", "inspection", PROBLEM)
    assert "signing" in p and "measures" not in p and "deadline" not in p

    assert types(e.execute(sign())) == ["pledge_signed"]
    p = view(e, "2026-11-04T09:00")
    assert (p["state"], p["status"], p["measures"], p["responsible"], p["leader"], p["standard"]) == (
        "open", "on_track", "建立离岗登记和AB岗顶岗制度", "s-clerk", "s-head", "窗口在岗率100%")
    assert [m["title"] for m in p["milestones"]] == ["制度印发", "全员培训"]
    assert not any("reached_at" in m for m in p["milestones"])

    assert types(e.execute(report("2026-11-05T09:00", milestone=1, in_place="recognition"))) == ["pledge_reported"]
    assert types(e.execute(report("2026-11-10T09:00", milestone=2, in_place="rectification"))) == [
        "pledge_reported"]
    # Two of the three 到位: not yet complete, and the error says which one is missing.
    with pytest.raises(xn.InvalidStateError, match="accountability"):
        e.execute(complete())
    assert types(e.execute(report("2026-11-12T09:00", "s-head", in_place="accountability"))) == ["pledge_reported"]
    p = view(e, "2026-11-12T09:00")
    assert p["in_place"] == ["recognition", "rectification", "accountability"]
    assert p["reports"] == 3 and all("reached_at" in m for m in p["milestones"])
    assert (p["state"], p["status"]) == ("open", "on_track")

    assert types(e.execute(complete())) == ["pledge_completed"]
    p = view(e, "2026-11-12T10:00")
    assert (p["state"], p["status"], p["completed_by"], p["evidence"]) == (
        "completed", "on_track", "s-head", "制度文件、培训签到表")

    assert types(e.execute(verify())) == ["pledge_verified"]
    p = view(e, "2026-11-13T09:00")
    assert (p["state"], p["status"], p["verified_by"], p["failed_verifications"], p["breaches"]) == (
        "kept", "kept", "s-sup2", 0, 0)
    assert status(e, "2026-12-31T23:00") == "kept"
    # Kept: nothing more is allowed, no timer is left.
    refused(e, xn.InvalidStateError, report("2026-11-14T09:00", in_place="recognition"), "type", "report_pledge")
    assert violations(e.advance(t("2026-12-31T00:00"))) == []


def test_the_record_is_the_snapshot_record_plus_state_and_status():
    e = ready()
    p = view(e, "2026-11-12T09:00")
    stored = json.loads(e.snapshot())["pledges"]["Z1"]
    # The state and the status are derived: the stored record has neither; the rest is the same.
    assert "state" not in stored and "status" not in stored
    assert {k: v for k, v in p.items() if k not in ("state", "status")} == stored
    assert p["events"] == 5
    # The same dict from the register.
    assert e.pledges(t("2026-11-12T09:00")) == [p]


# ---------------------------------------------------------------------------------------------------------
# The status at instants
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("at", "expected"), [
    ("2026-11-02T09:00", "on_track"),
    ("2026-11-03T09:00", "on_track"),
    ("2026-11-09T09:00", "at_risk"),  # the signing limit ends with Monday 11-09
    ("2026-11-09T23:59:59", "at_risk"),
    ("2026-11-10T00:00", "overdue"),
    ("2027-06-01T00:00", "overdue"),
])
def test_the_status_of_an_unsigned_order(at, expected):
    e = make_engine()
    e.execute(order())
    assert status(e, at) == expected
    assert view(e, at)["state"] == "ordered"


@pytest.mark.parametrize(("at", "expected"), [
    ("2026-11-04T09:00", "on_track"),
    ("2026-11-09T09:00", "at_risk"),  # milestone 1 ends with Tuesday 11-10
    ("2026-11-11T09:00", "overdue"),  # milestone 1 missed, the pledge's own limit runs to 11-24
    ("2026-11-25T09:00", "broken"),
    ("2026-11-30T09:00", "broken"),
])
def test_the_status_of_a_signed_pledge_left_alone(at, expected):
    assert status(signed(), at) == expected


def test_the_status_is_derived_at_the_instant_asked_not_stored():
    e = signed()
    e.execute(report("2026-11-11T10:00", milestone=1))
    # Reached late, milestone 1 no longer holds the pledge overdue after its report; before it, it did.
    assert status(e, "2026-11-11T09:30") == "overdue"
    assert status(e, "2026-11-11T10:00") == "on_track"
    assert status(e, "2026-11-16T09:00") == "at_risk"  # milestone 2 ends with 11-17
    # Asking does not change the record.
    before = e.snapshot()
    for day in range(1, 31):
        e.pledges(t(f"2026-11-{day:02d}T12:00"))
    assert e.snapshot() == before


# ---------------------------------------------------------------------------------------------------------
# Timers and violations
# ---------------------------------------------------------------------------------------------------------


def test_an_order_unsigned_within_its_limit_is_a_violation_of_the_unit_head():
    e = make_engine()
    e.execute(order())
    assert violations(e.advance(t("2026-11-09T23:59:59"))) == []
    assert violations(e.advance(t("2026-11-10T09:00"))) == [("late_pledge_signing", "s-head", "amr", "s-head")]
    assert violations(e.advance(t("2026-12-01T00:00"))) == []  # once
    assert view(e, "2026-12-01T00:00")["signing_breached"] is True
    # Signing late is still possible.
    e.execute(sign(at="2026-12-01T09:00", milestones=()))
    assert (view(e, "2026-12-01T09:00")["state"], status(e, "2026-12-01T09:00")) == ("open", "on_track")
    df = e.violations(rule="late_pledge_signing")
    assert list(zip(df["record"], df["responsible"], df["unit"], df["unit_head"])) == [("Z1", "s-head", "amr",
                                                                                       "s-head")]


def test_a_missed_milestone_is_a_violation_of_the_responsible_person():
    e = signed()
    assert violations(e.advance(t("2026-11-11T09:00"))) == [("pledge_milestone_missed", "s-clerk", "amr", "s-head")]
    p = view(e, "2026-11-11T09:00")
    assert [m["breached"] for m in p["milestones"]] == [True, False]
    assert p["status"] == "overdue"


def test_a_broken_pledge_names_the_responsible_person_and_the_leader_in_the_violations_frame():
    e = signed()
    e.execute(report("2026-11-05T09:00", milestone=1))
    e.execute(report("2026-11-06T09:00", milestone=2))
    assert violations(e.advance(t("2026-11-24T23:59:59"))) == []
    assert violations(e.advance(t("2026-11-25T09:00"))) == [
        ("pledge_broken", "s-clerk", "amr", "s-head"),
        ("pledge_broken", "s-head", "amr", "s-head"),
    ]
    df = e.violations(rule="pledge_broken")
    assert len(df) == 2
    assert list(df["record"]) == ["Z1", "Z1"]
    assert list(df["responsible"]) == ["s-clerk", "s-head"]
    assert list(df["unit"]) == ["amr", "amr"] and list(df["unit_head"]) == ["s-head", "s-head"]
    assert list(df["seq"]) == sorted(df["seq"])
    # The frame selects by person: the leader's own violations, and the clerk's.
    assert list(e.violations(rule="pledge_broken", person="s-clerk")["responsible"]) == ["s-clerk"]
    assert len(e.violations(rule="pledge_broken", record="Z1")) == 2
    assert len(e.violations(rule="pledge_broken", unit="fire")) == 0
    assert status(e, "2026-11-25T09:00") == "broken"
    assert view(e, "2026-11-25T09:00")["breaches"] == 1
    # Broken stays broken, even once fulfilled and verified.
    for aspect in ("recognition", "rectification", "accountability"):
        e.execute(report("2026-11-26T09:00", in_place=aspect))
    e.execute(complete("2026-11-26T10:00"))
    e.execute(verify("s-sup", at="2026-11-27T10:00"))
    p = view(e, "2026-11-27T10:00")
    assert (p["state"], p["status"]) == ("kept", "broken")


def test_a_supervised_item_unfinished_at_its_limit_is_a_violation_of_both_in_their_own_units():
    e = make_engine()
    e.execute(open_item())
    e.execute(report("2026-11-05T09:00", "s-gov-head", case="D1", milestone=1))
    assert violations(e.advance(t("2026-12-01T09:00"))) == [
        ("pledge_broken", "s-head", "amr", "s-head"),
        ("pledge_broken", "s-gov-head", "gov", "s-gov-head"),
    ]
    df = e.violations(rule="pledge_broken")
    assert list(zip(df["record"], df["responsible"], df["unit"])) == [("D1", "s-head", "amr"),
                                                                      ("D1", "s-gov-head", "gov")]


def test_a_failed_verification_reopens_the_pledge_with_a_new_limit():
    e = ready()
    e.execute(complete())
    refused(e, xn.InvalidInputError, verify("s-sup", passed=False), "amount")
    refused(e, xn.InvalidInputError, verify("s-sup", passed=True, amount=5), "amount", "5")
    e.execute(verify("s-sup", passed=False, amount=5))
    p = view(e, "2026-11-13T10:00")
    assert (p["state"], p["failed_verifications"]) == ("open", 1)
    # Five working days from Friday 11-13: the new limit ends with Friday 11-20.
    assert violations(e.advance(t("2026-11-20T23:59:59"))) == []
    assert [v[:2] for v in violations(e.advance(t("2026-11-21T09:00")))] == [("pledge_broken", "s-clerk"),
                                                                             ("pledge_broken", "s-head")]


# ---------------------------------------------------------------------------------------------------------
# Who may act
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["s-amr-sup", "s-head", "s-clerk", "s-gov-head"])
def test_only_a_supervisor_outside_the_unit_orders_a_rectification(actor):
    e = make_engine()
    refused(e, xn.ForbiddenError, order(actor=actor), "actor", actor)
    assert e.pledge("Z1", t("2026-11-02T09:00")) is None
    e.execute(order(actor="s-sup2"))
    assert view(e, "2026-11-02T09:00")["orderer"] == "s-sup2"


@pytest.mark.parametrize("actor", ["s-fire-head", "s-gov-head", "s-clerk", "s-sup", "s-amr-sup"])
def test_only_the_head_of_the_ordered_unit_signs(actor):
    e = make_engine()
    e.execute(order())
    err = refused(e, xn.ForbiddenError, sign(actor=actor), "actor", actor)
    assert isinstance(err, PermissionError)
    assert view(e, "2026-11-03T09:00")["state"] == "ordered"
    e.execute(sign())
    assert view(e, "2026-11-03T09:00")["leader"] == "s-head"


def test_an_unknown_signer_is_not_found():
    e = make_engine()
    e.execute(order())
    refused(e, xn.NotFoundError, sign(actor="nobody"), "actor", "nobody")


@pytest.mark.parametrize("actor", ["s-fire-head", "s-clerk2", "s-sup", "s-rev"])
def test_progress_is_reported_by_the_responsible_person_the_leader_or_the_unit_head(actor):
    e = signed()
    refused(e, xn.ForbiddenError, report("2026-11-05T09:00", actor, milestone=1), "actor", actor)
    e.execute(report("2026-11-05T09:00", "s-clerk", milestone=1))
    e.execute(report("2026-11-05T10:00", "s-head", in_place="recognition"))


@pytest.mark.parametrize("actor", ["s-amr-sup", "s-clerk", "s-head", "s-fire-head", "s-gov-head"])
def test_verification_is_by_a_supervisor_outside_the_unit_and_not_by_those_who_carried_it_out(actor):
    e = ready()
    e.execute(complete())
    refused(e, xn.ForbiddenError, verify(actor), "actor", actor)
    assert view(e, "2026-11-13T09:00")["state"] == "completed"
    e.execute(verify("s-sup"))
    assert view(e, "2026-11-13T09:00")["verified_by"] == "s-sup"


def test_a_supervisor_who_leads_a_supervised_item_may_not_verify_it():
    e = make_engine()
    e.execute(open_item(leader="s-sup2", milestones=()))
    e.execute(complete("2026-11-05T09:00", case="D1"))
    refused(e, xn.ForbiddenError, verify("s-sup2", case="D1", at="2026-11-06T09:00"), "actor", "s-sup2")
    e.execute(verify("s-sup", case="D1", at="2026-11-06T09:00"))
    assert status(e, "2026-11-06T09:00", "D1") == "kept"


# ---------------------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "error", "field"), [
    ({"measures": ""}, xn.InvalidInputError, "measures"),
    ({"measures": "   "}, xn.InvalidInputError, "measures"),
    ({"standard": " "}, xn.InvalidInputError, "standard"),
    ({"responsible": "s-fire"}, xn.InvalidInputError, "responsible"),
    ({"responsible": "nobody"}, xn.NotFoundError, "responsible"),
    ({"milestones": ["a", "b"], "milestone_days": [10, 5]}, xn.InvalidInputError, "milestone_days[1]"),
    ({"milestones": ["a"], "milestone_days": [16]}, xn.InvalidInputError, "milestone_days[0]"),
    ({"milestones": ["a", "b"], "milestone_days": [5]}, xn.InvalidInputError, "milestone_days"),
    ({"milestones": [""], "milestone_days": [5]}, xn.InvalidInputError, "milestones[0]"),
    ({"amount": 0}, xn.InvalidInputError, "amount"),
    ({"amount": 2**32 - 1}, xn.InvalidInputError, "amount"),
])
def test_the_engine_refuses_a_bad_signing_naming_the_field(change, error, field):
    e = make_engine()
    e.execute(order())
    refused(e, error, {**sign(milestones=()), **change}, field)
    assert view(e, "2026-11-03T09:00")["state"] == "ordered"


@pytest.mark.parametrize(("days", "field"), [
    ([True, 5], "milestone_days[0]"),
    ([5, -1], "milestone_days[1]"),
    ([5, 2.5], "milestone_days[1]"),
    ([5, "10"], "milestone_days[1]"),
    ([5, 2**32], "milestone_days[1]"),
    # Not even a JSON number: refused while the dict is read, the path under the argument `command`.
    ([5, 10**30], "command.milestone_days[1]"),
])
def test_a_mistyped_milestone_day_in_a_raw_command_is_refused_naming_its_index(days, field):
    """Past the builders (a dict written by hand): refused by the engine, naming the element, never a panic."""
    e = make_engine()
    e.execute(order())
    with pytest.raises((xn.ParseError, xn.InvalidInputError)) as info:
        e.execute({**sign(milestones=()), "milestones": ["a", "b"], "milestone_days": days})
    assert info.value.field == field, str(info.value)
    assert view(e, "2026-11-03T09:00")["state"] == "ordered"


def test_a_missing_specific_is_a_parse_error_naming_it():
    """A field left out is an error of the document (field ``.``) whose message names the field."""
    e = make_engine()
    e.execute(order())
    for name in ("measures", "responsible", "standard", "amount"):
        cmd = sign()
        del cmd[name]
        with pytest.raises(xn.ParseError, match=f"missing field `{name}`") as info:
            e.execute(cmd)
        assert info.value.field == ".", str(info.value)
    assert view(e, "2026-11-03T09:00")["state"] == "ordered"


@pytest.mark.parametrize(("call", "match"), [
    (lambda: sign(milestones=(("a", True),)), r"`milestone_days\[0\]` must be an int, got bool"),
    (lambda: sign(milestones=(("a", -5),)), r"invalid `milestone_days\[0\]` = -5"),
    (lambda: sign(milestones=(("a", 5), ("b", 0))), r"invalid `milestone_days\[1\]` = 0"),
    (lambda: sign(milestones=(("a", 5), ("b", 3661))), r"milestone_days\[1\]"),
    (lambda: sign(milestones=(("a", 5.0),)), r"`milestone_days\[0\]` must be an int, got float"),
    (lambda: sign(milestones=(("a", "5"),)), r"milestone_days\[0\]"),
    (lambda: c.sign_pledge("Z1", t("2026-11-03T09:00"), "s-head", measures="m", responsible="s-clerk",
                           standard="s", amount=15, milestone_days="510"), "`milestone_days` must be a list of int"),
    (lambda: c.sign_pledge("Z1", t("2026-11-03T09:00"), "s-head", measures="m", responsible="s-clerk",
                           standard="s", amount=15, milestone_days=5), "`milestone_days` must be a list of int"),
    (lambda: c.sign_pledge("Z1", t("2026-11-03T09:00"), "s-head", measures="m", responsible="s-clerk",
                           standard="s", amount=15, milestone_days={5, 10}), "`milestone_days` must be a list of int"),
    (lambda: c.sign_pledge("Z1", t("2026-11-03T09:00"), "s-head", measures="m", responsible="s-clerk",
                           standard="s", amount=15, milestones="ab"), "milestones"),
    (lambda: sign(amount=True), "amount"),
    (lambda: sign(amount=3661), "amount"),
    (lambda: sign(measures=None), "measures"),
    (lambda: open_item(kind="quest"), "pledge_kind"),
    (lambda: open_item(amount=0), "amount"),
    (lambda: report("2026-11-05T09:00", milestone=0), "milestone"),
    (lambda: report("2026-11-05T09:00", milestone=True), "milestone"),
    (lambda: report("2026-11-05T09:00", in_place="perfection"), "in_place"),
    (lambda: verify(passed="yes"), "passed"),
    (lambda: verify(passed=False, amount=-1), "amount"),
    (lambda: order(source="rumour"), "source"),
    (lambda: order(source_ref=17), "source_ref"),
])
def test_the_builders_refuse_bad_arguments_naming_them(call, match):
    with pytest.raises(xn.InvalidInputError, match=match):
        call()


def test_a_builder_error_names_its_field_like_the_engine_does():
    with pytest.raises(xn.InvalidInputError) as info:
        sign(milestones=(("a", True),))
    assert info.value.field == "milestone_days[0]"


def test_the_builders_take_any_sequence_of_ints_and_give_a_list():
    cmd = c.sign_pledge("Z1", t("2026-11-03T09:00"), "s-head", measures="m", responsible="s-clerk", standard="s",
                        amount=15, milestone_days=(5, 10), milestones=("a", "b"))
    assert (cmd["milestone_days"], cmd["milestones"]) == ([5, 10], ["a", "b"])
    assert c.sign_pledge("Z1", t("2026-11-03T09:00"), "s-head", measures="m", responsible="s-clerk", standard="s",
                         amount=15)["milestone_days"] == []


def test_a_naive_datetime_is_refused_by_the_views_and_the_builders():
    e = signed()
    naive = dt.datetime(2026, 11, 4, 9)
    for call in (lambda: e.pledge("Z1", naive), lambda: e.pledges(naive)):
        with pytest.raises(xn.InvalidInputError) as info:
            call()
        assert info.value.field == "at", str(info.value)
        assert "timezone" in str(info.value) or "naive" in str(info.value)
    with pytest.raises(xn.InvalidInputError, match=r"naive datetime: give a timezone \(`at`\)"):
        c.order_rectification("Z2", naive, "s-sup", unit="amr", source="inspection", problem=PROBLEM)
    with pytest.raises(xn.InvalidInputError, match="naive"):
        c.verify_pledge("Z1", naive, "s-sup", passed=True, evidence="e")
    # A date, a string, None: not an instant either.
    for wrong in (dt.date(2026, 11, 4), "2026-11-04T09:00:00+08:00", None, 1793667600):
        with pytest.raises(xn.InvalidInputError) as info:
            e.pledge("Z1", wrong)  # type: ignore[arg-type]
        assert info.value.field == "at", str(info.value)


def test_an_unknown_pledge_is_none_and_a_command_on_it_not_found():
    e = make_engine()
    assert e.pledge("Z1", t("2026-11-03T09:00")) is None
    assert e.pledges(t("2026-11-03T09:00")) == []
    refused(e, xn.NotFoundError, complete(), "case", "Z1")
    refused(e, xn.NotFoundError, order(unit="nowhere"), "unit", "nowhere")
    refused(e, xn.InvalidInputError, order(source="complaint"), "source_ref")
    refused(e, xn.NotFoundError, order(source="complaint", source_ref="T404"), "source_ref", "T404")
    # A case is not a pledge.
    e.execute(c.receive("C1", t("2026-11-02T09:00"), "s-clerk", item="330100-FOOD-001",
                        applicant="某餐饮有限公司"))
    assert e.pledge("C1", t("2026-11-03T09:00")) is None
    with pytest.raises(xn.InvalidInputError) as info:
        e.pledge(1, t("2026-11-03T09:00"))  # type: ignore[arg-type]
    assert info.value.field == "pledge_id"


# ---------------------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------------------


def test_the_register_is_sorted_by_number_with_each_status_at_the_instant():
    e = make_engine()
    e.execute(open_item("Z3", kind="target"))
    e.execute(order("Z10"))
    e.execute(order())
    e.execute(open_item("K1", kind="key_project"))
    e.execute(sign())
    at = t("2026-11-04T09:00")
    register = e.pledges(at)
    assert [p["id"] for p in register] == ["K1", "Z1", "Z10", "Z3"]  # byte order
    assert [p["kind"] for p in register] == ["key_project", "rectification", "rectification", "target"]
    assert [p["state"] for p in register] == ["open", "open", "ordered", "open"]
    assert register == [e.pledge(p["id"], at) for p in register]
    assert {p["status"] for p in e.pledges(t("2026-12-01T09:00"))} == {"broken", "overdue"}


# ---------------------------------------------------------------------------------------------------------
# From a complaint
# ---------------------------------------------------------------------------------------------------------


def closed_complaint(finding):
    e = make_engine()
    e.execute(c.register_complaint("T1", t("2026-11-02T09:00"), "s-sup", channel="hotline_12345", category="delay",
                                   respondent="amr", subject="食品经营许可申请超过承诺时限仍未办结",
                                   complainant="张先生", contact="138****0000"))
    e.execute(c.accept_complaint("T1", t("2026-11-02T10:00"), "s-sup", tier="unit", handler="s-head"))
    e.execute(c.handle_complaint("T1", t("2026-11-04T09:00"), "s-head", finding=finding,
                                 summary="审核岗超时未办",
                                 responsible=None if finding == "unsubstantiated" else "s-rev"))
    return e, e.execute(c.close_complaint("T1", t("2026-11-05T09:00"), "s-sup"))


@pytest.mark.parametrize("finding", ["substantiated", "partly"])
def test_a_substantiated_complaint_orders_the_rectification_t1_zg1(finding):
    e, events = closed_complaint(finding)
    assert types(events) == ["complaint_closed", "violation", "rectification_ordered"]
    last = events[-1]
    assert (last["case"], last["actor"]) == ("T1-ZG1", "s-sup")
    assert [ev["seq"] for ev in events] == list(range(events[0]["seq"], events[0]["seq"] + len(events)))
    p = view(e, "2026-11-05T10:00", "T1-ZG1")
    assert (p["source"], p["source_ref"], p["unit"], p["state"], p["status"], p["orderer"]) == (
        "complaint", "T1", "amr", "ordered", "on_track", "s-sup")
    assert "承诺时限" in p["problem"]
    assert [q["id"] for q in e.pledges(t("2026-11-05T10:00"))] == ["T1-ZG1"]
    # Signed by the respondent unit's head like any other rectification.
    e.execute(sign("T1-ZG1", at="2026-11-06T09:00", responsible="s-rev", amount=10, milestones=()))
    assert view(e, "2026-11-06T09:00", "T1-ZG1")["state"] == "open"


def test_an_unsubstantiated_complaint_orders_nothing():
    e, events = closed_complaint("unsubstantiated")
    assert types(events) == ["complaint_closed"]
    assert e.pledges(t("2026-11-05T10:00")) == []


# ---------------------------------------------------------------------------------------------------------
# Hostile input: refused with an error of the library, never a panic
# ---------------------------------------------------------------------------------------------------------


HOSTILE_SIGNINGS = [
    {"amount": 10**30},
    {"amount": -(10**30)},
    {"amount": 2**64},
    {"amount": float("nan")},
    {"amount": float("inf")},
    {"amount": "15"},
    {"amount": None},
    {"amount": [15]},
    {"milestone_days": None},
    {"milestone_days": "5"},
    {"milestone_days": {"0": 5}},
    {"milestone_days": [[5]]},
    {"milestones": [None], "milestone_days": [5]},
    {"milestones": ["a"] * 100_000, "milestone_days": [5] * 100_000},
    {"milestones": ["a"] * 1000, "milestone_days": list(range(1, 1001))},
    {"measures": "x" * 1_000_000, "amount": 2**32 - 1},
    {"responsible": "\ud800"},
    {"case": ""},
    {"case": 1},
    {"at": "2026-11-03"},
    {"at": "9999-12-31T23:59:59+08:00"},
    {"at": "0001-01-01T00:00:00+08:00"},
    {"actor": None},
    {"type": "sign_pledge\x00"},
    {"extra": 1},
]


@pytest.mark.parametrize("change", HOSTILE_SIGNINGS, ids=range(len(HOSTILE_SIGNINGS)))
def test_a_hostile_signing_is_refused_or_done_never_a_panic(change):
    e = make_engine()
    e.execute(order())
    try:
        e.execute({**sign(milestones=()), **change})
    except xn.XiaonengError as err:
        assert err.code in (2, 3, 4, 5, 9, 10), repr(err)
        # Every refusal names its field, but a date beyond the calendar's covered range (code 4), which
        # names the date.
        assert err.field or (err.code == 4 and "covered range" in str(err)), repr(err)
    # Whatever happened, the views still answer.
    assert e.pledge("Z1", t("2026-11-04T09:00"))["id"] == "Z1"
    assert [p["id"] for p in e.pledges(t("2026-11-04T09:00"))] == ["Z1"]


HOSTILE_OTHERS = [
    lambda: {**verify(passed=False), "amount": 10**30},
    lambda: {**verify(passed=False), "amount": 2**32 - 1},
    lambda: {**verify(passed=False), "amount": 3660},
    lambda: {**report("2026-11-13T09:00"), "milestone": 0},
    lambda: {**report("2026-11-13T09:00"), "milestone": 2**32 - 1},
    lambda: {**report("2026-11-13T09:00"), "milestone": -1},
    lambda: {**report("2026-11-13T09:00"), "in_place": ["recognition"]},
    lambda: {**complete(), "evidence": None},
    lambda: {**open_item("D9"), "amount": 2**32 - 1},
    lambda: {**open_item("D9"), "pledge_kind": "rectification"},
    lambda: {**open_item("D9"), "milestone_days": [2**31] * 3, "milestones": ["a", "b", "c"]},
    lambda: {**order("Z9"), "source_ref": "Z1"},
]


@pytest.mark.parametrize("make", HOSTILE_OTHERS, ids=range(len(HOSTILE_OTHERS)))
def test_hostile_commands_on_a_completed_pledge_never_panic(make):
    e = ready()
    e.execute(complete())
    try:
        e.execute(make())
    except xn.XiaonengError as err:
        assert err.code in (2, 3, 4, 5, 9, 10), repr(err)
    for at in ("2026-11-13T09:00", "2027-12-31T00:00", "2040-01-01T00:00"):
        try:
            e.pledges(t(at))
        except xn.XiaonengError as err:
            assert err.code == 4, repr(err)  # beyond the calendar's years: out of range, never a panic
    e.advance(t("2026-12-31T00:00"))


@pytest.mark.parametrize("at", [
    dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc),
    dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc),
    dt.datetime(2099, 12, 31, tzinfo=dt.timezone.utc),
])
def test_an_instant_long_before_or_after_the_pledges_gives_their_status(at):
    e = ready()
    e.execute(open_item())
    assert [p["id"] for p in e.pledges(at)] == ["D1", "Z1"]
    assert e.pledge("Z1", at)["state"] == "open"


def test_an_instant_beyond_the_calendar_is_out_of_range():
    e = ready()
    at = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)
    for call in (lambda: e.pledge("Z1", at), lambda: e.pledges(at)):
        with pytest.raises(xn.OutOfRangeError, match="covered range"):
            call()


def test_an_instant_beyond_the_supported_years_is_refused_naming_the_argument_at():
    """9999-12-31 23:59:59 at -23:59 is in the year 10000 in UTC: outside the supported years 0001-9999. The
    error names the argument given, ``at`` (not a name from inside the library)."""
    e = ready()
    at = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-23, minutes=-59)))
    for call in (lambda: e.pledge("Z1", at), lambda: e.pledges(at)):
        with pytest.raises(xn.InvalidInputError, match="supported years") as info:
            call()
        assert info.value.field == "at", str(info.value)
    # Even with no pledge to derive a status for.
    with pytest.raises(xn.InvalidInputError) as info:
        make_engine().pledges(at)
    assert info.value.field == "at", str(info.value)


def test_a_very_long_limit_leaves_the_rest_of_the_register_readable():
    """A pledge with the longest limit the builders allow (3660 working days, years past the calendar's
    coverage) is accepted or refused when signed; either way the register and the other pledges still read."""
    e = make_engine()
    e.execute(open_item())
    e.execute(order())
    try:
        e.execute(sign(amount=3660, milestones=(("a", 3660),)))
    except xn.XiaonengError as err:
        assert err.code in (3, 4), repr(err)
    at = t("2026-11-04T09:00")
    assert e.pledge("D1", at)["status"] == "on_track"
    assert [p["id"] for p in e.pledges(at)] == ["D1", "Z1"]


def test_key_projects_are_evaluated_by_the_policys_rater_groups():
    e = make_engine()
    e.execute(c.open_pledge("K1", t("2026-10-08T09:00"), "s-sup", pledge_kind="key_project", unit="amr",
                            leader="s-gov-head", responsible="s-head", title="市场主体登记全程网办",
                            standard="网办率95%", amount=60))
    for actor, group, score in [("s-fire-head", "leaders", 80), ("s-gov-head", "leaders", 90),
                                ("m-deputy", "monitors", 70)]:
        e.execute(c.rate_pledge("K1", t("2026-12-28T15:00"), actor, group=group, period="2026-Q4", score=score))
    ev = e.pledge_evaluation("K1", "2026-Q4")
    # (85 × 40 + 70 × 30) / 70 = 78.571...: the office has not rated, its weight is left out.
    assert (ev["score"], ev["complete"]) == (xn_decimal("78.57"), False)
    assert [(g["name"], g["raters"], g["mean"]) for g in ev["groups"]] == [
        ("leaders", 2, xn_decimal("85.00")), ("monitors", 1, xn_decimal("70.00")), ("office", 0, None)]
    # The head of the project's own unit and a monitor affiliated with it do not rate it.
    for actor, group in [("s-head", "leaders"), ("m-retiree", "monitors")]:
        with pytest.raises(xn.ForbiddenError) as err:
            e.execute(c.rate_pledge("K1", t("2026-12-28T16:00"), actor, group=group, period="2026-Q4", score=100))
        assert err.value.field == "actor"
    with pytest.raises(xn.InvalidStateError) as err:
        e.execute(c.rate_pledge("K1", t("2026-12-28T16:00"), "m-deputy", group="monitors", period="2026-Q4",
                                score=90))
    assert err.value.field == "actor"
    with pytest.raises(xn.NotFoundError) as err:
        e.pledge_evaluation("K9", "2026-Q4")
    assert err.value.field == "case"


def xn_decimal(text):
    import decimal
    return decimal.Decimal(text)
