"""xn.Engine through Python: every rule of docs/commands.md with a happy path and an error path, the board,
snapshot/restore, replay, the event envelope, and the command builders (xn.commands). The monthly figures
(metrics) are in test_metrics.py."""

import datetime as dt
import decimal
import json
import threading
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import CST, t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
FIRE_CHECK = "330100-BLDG-007"
APPLICANT = "某餐饮有限公司"
REMEDIES = "可于六十日内申请行政复议或六个月内提起行政诉讼"


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


@pytest.fixture
def engine(config):
    return xn.Engine(*config)


def receive(e, case="C1", item=FOOD, at="2026-09-28T09:00"):
    return e.execute(c.receive(case, t(at), "s-clerk", item=item, applicant=APPLICANT,
                               materials=["食品经营许可申请书"]))


def accept(e, case="C1", at="2026-09-28T10:00"):
    return e.execute(c.accept(case, t(at), "s-clerk"))


def step(e, actor, at, case="C1"):
    return e.execute(c.complete_step(case, t(at), actor))


def complete_steps(e, case="C1", at="2026-09-29T09:00"):
    """Completes every remaining procedure step, each by its post's acting holder (a decision needs them)."""
    while (holder := e.view(case, t(at)).get("holder")) is not None:
        step(e, holder["staff"], at, case)


def types(events):
    return [ev["type"] for ev in events]


def rules(events):
    return [ev["rule"] for ev in events if ev["type"] == "violation"]


def signals(events):
    return [ev["signal"] for ev in events if ev["type"] == "signal_raised"]


def rejected(e, command, exc=xn.InvalidInputError, match=None):
    """Runs a command that must be rejected: the right class, and the engine unchanged."""
    before = e.snapshot()
    with pytest.raises(exc, match=match) as info:
        e.execute(command)
    assert e.snapshot() == before
    return info.value


# --- the event envelope -----------------------------------------------------------------------------------


def test_events_are_dicts_with_seq_at_case_type(engine):
    events = receive(engine) + accept(engine) + step(engine, "s-clerk", "2026-09-28T11:00")
    assert types(events) == ["received", "accepted", "step_completed"]
    assert [ev["seq"] for ev in events] == [1, 2, 3]
    for ev in events:
        assert {"seq", "at", "case", "type", "actor"} <= set(ev)
        assert ev["case"] == "C1" and ev["actor"] == "s-clerk"
        assert isinstance(ev["at"], dt.datetime)
        # Instants in the calendar's zone, as Clock.status shows them.
        assert ev["at"].utcoffset() == dt.timedelta(hours=8)
    assert events[0]["at"] == t("2026-09-28T09:00")
    assert events[0]["item"] == FOOD and events[0]["materials"] == ["食品经营许可申请书"]
    assert events[1]["effective"] == t("2026-09-28T10:00") and events[1]["deemed"] is False
    assert events[2]["by"] == {"via": "holder", "staff": "s-clerk"} and events[2]["step"] == 0
    assert engine.seq == 3 and len(engine) == 1


def test_timer_events_have_no_actor(engine):
    receive(engine)
    events = engine.advance(t("2026-10-11T00:00"))
    assert events and all("actor" not in ev for ev in events)


def test_execute_rejects_malformed_commands_and_changes_nothing(engine):
    receive(engine)
    rejected(engine, ["accept"], match="must be a dict")
    rejected(engine, {"type": "teleport", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk"},
             xn.ParseError, match="teleport")
    rejected(engine, {**c.accept("C1", t("2026-09-28T10:00"), "s-clerk"), "colour": 1}, xn.ParseError,
             match="colour")
    rejected(engine, {"type": "accept", "case": "C1", "actor": "s-clerk"}, xn.ParseError, match="at")
    rejected(engine, {"type": "accept", "case": "C1", "at": dt.datetime(2026, 9, 28, 10), "actor": "s-clerk"},
             match="naive datetime")
    err = rejected(engine, c.accept("C1", t("2026-09-28T10:00"), "ghost"), xn.NotFoundError, match="actor")
    assert (err.code, err.field, err.value) == (9, "actor", "ghost")
    assert isinstance(err, LookupError)
    err = rejected(engine, c.accept("C9", t("2026-09-28T10:00"), "s-clerk"), xn.NotFoundError, match="case")
    assert (err.field, err.value, err.reason) == ("case", "C9", "no case has this number")
    # Aware datetimes in the dict work as well as RFC 3339 text.
    cmd = {"type": "accept", "case": "C1", "at": dt.datetime(2026, 9, 28, 2, tzinfo=dt.timezone.utc),
           "actor": "s-clerk"}
    assert types(engine.execute(cmd)) == ["accepted"]


def test_receive_checks_the_actor_role_and_the_item(engine):
    err = rejected(engine, c.receive("C1", t("2026-09-28T09:00"), "s-rev", item=FOOD, applicant=APPLICANT),
                   xn.ForbiddenError, match="role")
    assert (err.code, err.field, err.value) == (10, "actor", "s-rev") and isinstance(err, PermissionError)
    err = rejected(engine, c.receive("C1", t("2026-09-28T09:00"), "s-clerk", item="NOPE", applicant=APPLICANT),
                   xn.NotFoundError, match="item")
    assert (err.field, err.value) == ("item", "NOPE")
    receive(engine)
    rejected(engine, c.receive("C1", t("2026-09-28T09:30"), "s-clerk", item=FOOD, applicant=APPLICANT),
             xn.InvalidStateError, "a record with this number exists")
    assert len(engine) == 1


# --- art. 32: one-time notification -----------------------------------------------------------------------


def test_one_time_notice_lists_every_missing_item_once(engine):
    receive(engine)
    ev = engine.execute(c.notify_corrections("C1", t("2026-09-29T09:00"), "s-clerk",
                                             missing=["营业执照复印件", "设备布局和操作流程文件"]))
    assert types(ev) == ["corrections_notified"] and len(ev[0]["missing"]) == 2
    assert engine.case("C1")["state"] == "awaiting_correction"
    # A second notice while awaiting correction is not allowed.
    rejected(engine, c.notify_corrections("C1", t("2026-09-29T10:00"), "s-clerk", missing=[]), xn.InvalidStateError)


def test_a_second_notice_adding_items_not_newly_caused_is_a_violation(engine):
    receive(engine)
    engine.execute(c.notify_corrections("C1", t("2026-09-28T10:00"), "s-clerk", missing=["营业执照复印件"]))
    ev = engine.execute(c.submit_corrections("C1", t("2026-09-29T09:00"), "s-clerk", materials=["营业执照复印件"]))
    assert types(ev) == ["corrections_submitted"]
    ev = engine.execute(c.notify_corrections("C1", t("2026-09-29T10:00"), "s-clerk",
                                             missing=["营业执照复印件", "设备布局和操作流程文件"]))
    assert rules(ev) == ["repeated_notice"]
    assert ev[1]["responsible"] == "s-clerk" and "设备布局和操作流程文件" in ev[1]["detail"]


def test_submit_corrections_needs_a_notice_first(engine):
    receive(engine)
    err = rejected(engine, c.submit_corrections("C1", t("2026-09-29T09:00"), "s-clerk", materials=["营业执照复印件"]),
                   xn.InvalidStateError)
    assert (err.code, err.field, err.value) == (5, "type", "submit_corrections")


def test_no_notice_in_time_means_deemed_acceptance_from_receipt(engine):
    receive(engine)
    assert engine.next_timer == t("2026-10-11T00:00")
    assert engine.advance(t("2026-10-10T23:00")) == []
    ev = engine.advance(t("2026-10-11T00:00"))
    # Counted from receipt, the first step's 1 working day had passed too: recorded when found, not before.
    assert rules(ev) == ["late_one_time_notice", "step_over_limit"]
    assert all(e["at"] == t("2026-10-11T00:00") for e in ev)
    accepted = [e for e in ev if e["type"] == "accepted"]
    assert accepted[0]["deemed"] is True and accepted[0]["effective"] == t("2026-09-28T09:00")
    assert accepted[0]["at"] == t("2026-10-11T00:00")
    view = engine.view("C1", t("2026-10-11T00:00"))
    assert view["state"] == "accepted"
    assert view["decision"]["deadline_date"] == dt.date(2026, 10, 16)
    # Too late for a notice now: the case is accepted.
    rejected(engine, c.notify_corrections("C1", t("2026-10-12T09:00"), "s-clerk", missing=["营业执照复印件"]),
             xn.InvalidStateError)


def test_advance_needs_an_aware_instant(engine):
    with pytest.raises(xn.InvalidInputError, match="naive"):
        engine.advance(dt.datetime(2026, 10, 11))
    with pytest.raises(xn.InvalidInputError):
        engine.advance("2026-10-11")


# --- art. 38: refusal, and negative-decision reporting ------------------------------------------------------


def test_refusal_without_remedies_is_rejected_and_the_engine_unchanged(engine):
    receive(engine)
    err = rejected(engine, c.refuse("C1", t("2026-09-28T10:00"), "s-clerk", reasons="不属于本机关职权范围",
                                    legal_basis="《行政许可法》第三十二条", remedies=" "))
    assert "remedies" in str(err)
    ev = engine.execute(c.refuse("C1", t("2026-09-28T10:00"), "s-clerk", reasons="不属于本机关职权范围",
                                 legal_basis="《行政许可法》第三十二条", remedies=REMEDIES))
    assert types(ev) == ["refused"] and ev[0]["remedies"] == REMEDIES
    assert engine.case("C1")["state"] == "refused"


def test_negative_decision_is_reported_to_a_leader_in_time_or_it_is_a_violation(config):
    # Negative-decision reporting is not a county system: a county that keeps it (test_policy_switches.py).
    _, org, catalog = config
    text = (ROOT / "presets/county.toml").read_text(encoding="utf-8")
    keeps = text.replace("systems = [\n", 'systems = [\n    "negative_reporting",\n')
    assert keeps != text
    engine = xn.Engine(xn.Policy.from_toml(keeps), org, catalog)
    for case in ("C1", "C2"):
        receive(engine, case)
        engine.execute(c.refuse(case, t("2026-09-28T10:00"), "s-clerk", reasons="不属于本机关职权范围",
                                legal_basis="《行政许可法》第三十二条第一款第二项", remedies=REMEDIES))
    rejected(engine, c.report_negative("C1", t("2026-09-28T15:00"), "s-clerk", superior="s-clerk2"))
    ev = engine.execute(c.report_negative("C1", t("2026-09-28T15:00"), "s-clerk", superior="s-head"))
    assert types(ev) == ["negative_reported"] and ev[0]["superior"] == "s-head"
    ev = engine.advance(t("2026-10-31T00:00"))
    assert rules([e for e in ev if e["case"] == "C1"]) == []
    assert rules([e for e in ev if e["case"] == "C2"]) == ["late_negative_report"]


# --- steps and the A/B rule ----------------------------------------------------------------------------------


def test_acceptance_starts_the_statutory_and_pledged_clocks(engine):
    receive(engine)
    accept(engine, at="2026-09-28T11:00")
    view = engine.view("C1", t("2026-09-30T11:00"))
    assert view["decision"]["deadline_date"] == dt.date(2026, 10, 16)
    assert view["decision"]["statutory_deadline_date"] == dt.date(2026, 10, 30)
    assert view["decision"]["deadline"].utcoffset() == dt.timedelta(hours=8)
    assert isinstance(view["decision"]["share_used"], decimal.Decimal)
    assert view["step"] == "受理" and view["holder"] == {"via": "holder", "staff": "s-clerk"}
    with pytest.raises(xn.NotFoundError, match="case"):
        engine.view("C9", t("2026-09-30T11:00"))
    with pytest.raises(xn.InvalidStateError):
        accept(engine, at="2026-09-28T12:00")  # accepted twice


def test_ab_step_is_completed_by_the_backup_while_a_is_away(engine):
    receive(engine, at="2026-10-09T09:00")
    accept(engine, at="2026-10-09T10:00")
    step(engine, "s-clerk", "2026-10-09T11:00")
    # Review post: A (s-rev) on leave Oct 12-16; B (s-rev2) away Oct 14-15.
    err = rejected(engine, c.complete_step("C1", t("2026-10-12T10:00"), "s-rev"), xn.ForbiddenError)
    assert "s-rev2" in str(err)
    ev = step(engine, "s-rev2", "2026-10-12T10:00")
    assert types(ev) == ["step_completed"]
    assert ev[0]["step"] == 1 and ev[0]["by"]["via"] == "backup" and ev[0]["by"]["staff"] == "s-rev2"
    assert rules(ev) == []


def test_unit_head_covers_when_a_and_b_are_away_with_an_ab_both_absent_violation(engine):
    receive(engine, at="2026-10-13T09:00")
    accept(engine, at="2026-10-13T10:00")
    step(engine, "s-clerk", "2026-10-13T11:00")
    rejected(engine, c.complete_step("C1", t("2026-10-14T10:00"), "s-rev2"), xn.ForbiddenError)  # B is away too
    ev = step(engine, "s-head", "2026-10-14T10:00")
    assert rules(ev) == ["ab_both_absent"]
    completed = [e for e in ev if e["type"] == "step_completed"]
    assert completed[0]["by"]["via"] == "unit_head"
    assert engine.case("C1")["violations"][0]["rule"] == "ab_both_absent"


def test_a_step_over_its_own_limit_is_a_violation_once(engine):
    receive(engine)
    accept(engine)
    ev = engine.advance(t("2026-09-30T00:00"))
    assert rules(ev) == ["step_over_limit"]
    assert engine.view("C1", t("2026-09-30T00:00"))["signal"] == "none"
    assert rules(engine.advance(t("2026-10-01T00:00"))) == []


# --- art. 45: pauses -----------------------------------------------------------------------------------------


def test_pause_needs_an_allowed_kind_and_a_written_notice(engine):
    receive(engine)
    accept(engine)
    step(engine, "s-clerk", "2026-09-28T11:00")
    at = t("2026-09-29T10:00")
    rejected(engine, c.pause("C1", at, "s-rev", kind="auction", notice="拍卖公告"))  # not for this item
    rejected(engine, c.pause("C1", at, "s-rev", kind="inspection", notice=""))
    rejected(engine, c.resume("C1", at, "s-rev"), xn.InvalidStateError)  # not paused
    ev = engine.execute(c.pause("C1", at, "s-rev", kind="inspection", notice="检验检测告知书"))
    assert types(ev) == ["paused"] and ev[0]["kind"] == "inspection" and ev[0]["notice"] == "检验检测告知书"
    assert engine.view("C1", t("2026-09-30T10:00"))["decision"]["state"] == "paused"
    rejected(engine, c.complete_step("C1", t("2026-09-30T10:00"), "s-rev"), xn.InvalidStateError)  # paused
    assert types(engine.execute(c.resume("C1", t("2026-10-09T10:00"), "s-rev"))) == ["resumed"]
    # Counted: Sep 29. Paused Sep 30, Oct 8-9. Nine left from Oct 9: Oct 10 (makeup Saturday) .. Oct 21.
    assert engine.view("C1", t("2026-10-09T10:00"))["decision"]["deadline_date"] == dt.date(2026, 10, 21)


# --- art. 42: extension ----------------------------------------------------------------------------------------


def test_extension_by_the_unit_head_only_and_once(engine):
    receive(engine)
    accept(engine)
    rejected(engine, c.extend("C1", t("2026-10-08T09:00"), "s-rev", amount=10, reason="需要现场核查"), xn.ForbiddenError)
    ev = engine.execute(c.extend("C1", t("2026-10-08T09:00"), "s-head", amount=10, reason="需要现场核查"))
    # The case's own timer due before the command fires first: the first step (1 working day) ran over.
    assert types(ev) == ["violation", "extended"] and rules(ev) == ["step_over_limit"] and "actor" not in ev[0]
    assert ev[1]["amount"] == 10 and ev[1]["actor"] == "s-head" and ev[1]["reason"] == "需要现场核查"
    rejected(engine, c.extend("C1", t("2026-10-09T09:00"), "s-head", amount=1, reason="再延"))
    decision = engine.view("C1", t("2026-10-08T09:00"))["decision"]
    assert (decision["budget"], decision["extensions"]) == (20, 1)


def test_extension_after_the_limit_expired_is_rejected(engine):
    receive(engine)
    accept(engine)
    with pytest.raises(xn.XiaonengError):
        engine.execute(c.extend("C1", t("2026-11-20T09:00"), "s-head", amount=10, reason="需要现场核查"))


# --- e-supervision: reminder, yellow and red cards; the board ------------------------------------------------


def test_reminder_yellow_and_red_fire_from_advance_and_show_on_the_board(engine):
    receive(engine)
    accept(engine)
    assert signals(engine.advance(t("2026-10-14T23:00"))) == []
    board = engine.board(t("2026-10-14T23:00"))
    assert list(board.columns) == ["unit", "case", "item", "signal", "deadline", "remaining"] and board.empty
    assert signals(engine.advance(t("2026-10-15T12:00"))) == ["reminder"]
    board = engine.board(t("2026-10-15T12:00"))
    assert len(board) == 1
    row = board.iloc[0]
    assert (row["unit"], row["case"], row["item"], row["signal"]) == ("amr", "C1", FOOD, "reminder")
    assert row["deadline"] == t("2026-10-17T00:00")
    ev = engine.advance(t("2026-10-22T00:00"))
    assert signals(ev) == ["yellow", "red"]
    assert "decision_overdue" in rules(ev)
    board = engine.board(t("2026-10-22T00:00"))
    assert board.loc[0, "signal"] == "red" and board.loc[0, "remaining"] < 0
    assert str(board["deadline"].dt.tz) in ("UTC+08:00", "+08:00")


def test_board_is_empty_with_its_columns_when_nothing_is_signalled(engine):
    board = engine.board(t("2026-10-01T00:00"))
    assert list(board.columns) == ["unit", "case", "item", "signal", "deadline", "remaining"]
    assert len(board) == 0
    with pytest.raises(xn.InvalidInputError):
        engine.board(dt.datetime(2026, 10, 1))


# --- joint review ------------------------------------------------------------------------------------------------


def joint_case(e):
    receive(e, "J1", FIRE_CHECK)
    accept(e, "J1")


def test_joint_item_is_deemed_approved_when_its_limit_passes(engine):
    joint_case(engine)
    ev = engine.advance(t("2026-12-01T00:00"))
    decided = [e for e in ev if e["type"] == "decided"]
    assert len(decided) == 1
    assert decided[0]["approve"] is True and decided[0]["deemed"] is True
    assert decided[0]["at"] == t("2026-10-24T00:00")
    assert engine.case("J1")["state"] == "approved"
    # The deemed approval does not hide the breach: the missed limit is recorded with it.
    assert [(e["rule"], e["at"]) for e in ev if e["type"] == "violation" and e["rule"] == "decision_overdue"] == [
        ("decision_overdue", t("2026-10-24T00:00"))]


def test_the_joint_review_consult_limit_pauses_and_resumes_with_the_case(config):
    """docs/rules.md §5 Joint review: the consult limit pauses with the case's art. 45 pauses."""
    policy, org, catalog = config
    doc = catalog.to_dict()
    for item in doc["items"]:
        if item["code"] == FIRE_CHECK:
            item["special_procedures"] = ["expert_review"]
    e = xn.Engine(policy, org, xn.Catalog.from_dict(doc, org))
    receive(e, "J1", FIRE_CHECK, at="2026-11-02T09:00")
    accept(e, "J1", at="2026-11-02T10:00")
    # Unpaused, silence is consent at Nov 10 00:00 (5 working days from Mon Nov 2).
    e.execute(c.pause("J1", t("2026-11-04T10:00"), "s-head", kind="expert_review", notice="专家评审告知书"))
    case = e.case("J1")
    assert case["consult"]["pauses"][0]["kind"] == "expert_review"
    assert "joint_opinion" not in types(e.advance(t("2026-11-10T12:00")))
    e.execute(c.resume("J1", t("2026-11-11T10:00"), "s-head"))
    # Nov 5, 6, 9, 10 and 11 not counted: Nov 3, 4, 12, 13, 16 -> Nov 17 00:00.
    assert "joint_opinion" not in types(e.advance(t("2026-11-16T23:00")))
    [opinion] = [x for x in e.advance(t("2026-11-17T00:00")) if x["type"] == "joint_opinion"]
    assert (opinion["unit"], opinion["deemed"], opinion["at"]) == ("fire", "silence", t("2026-11-17T00:00"))


def test_joint_approval_waits_for_the_consulted_unit(engine):
    joint_case(engine)
    complete_steps(engine, "J1")
    err = rejected(engine, c.decide("J1", t("2026-09-29T11:00"), "s-head", approve=True))
    assert "fire" in str(err)
    rejected(engine, c.joint_reply("J1", t("2026-09-29T10:00"), "s-rev", unit="fire", opinion="agree"), xn.ForbiddenError,
             match="consulted unit")
    ev = engine.execute(c.joint_reply("J1", t("2026-09-29T10:00"), "s-fire-head", unit="fire", opinion="agree"))
    assert types(ev) == ["joint_opinion"] and ev[0]["opinion"] == "agree" and "deemed" not in ev[0]
    rejected(engine, c.joint_reply("J1", t("2026-09-29T10:30"), "s-fire", unit="fire", opinion="agree"),
             match="already")
    assert types(engine.execute(c.decide("J1", t("2026-09-29T11:00"), "s-head", approve=True))) == ["decided"]


def test_joint_reply_unclear_or_unreasoned_counts_as_agreement(config):
    for opinion, reasons, deemed in [("other", "已阅", "unclear_reply"), ("disagree", "", "unreasoned_disagreement")]:
        e = xn.Engine(*config)
        joint_case(e)
        ev = e.execute(c.joint_reply("J1", t("2026-09-29T10:00"), "s-fire", unit="fire", opinion=opinion,
                                     reasons=reasons))
        assert (ev[0]["opinion"], ev[0]["deemed"]) == ("agree", deemed)
    e = xn.Engine(*config)
    joint_case(e)
    ev = e.execute(c.joint_reply("J1", t("2026-09-29T10:00"), "s-fire", unit="fire", opinion="disagree",
                                 reasons="疏散通道宽度不足"))
    assert ev[0]["opinion"] == "disagree" and "deemed" not in ev[0]


def test_joint_silence_past_the_consult_limit_counts_as_consent(engine):
    joint_case(engine)
    ev = engine.advance(t("2026-10-11T00:00"))
    opinions = [e for e in ev if e["type"] == "joint_opinion"]
    assert opinions[0]["unit"] == "fire" and opinions[0]["deemed"] == "silence"


def test_joint_absence_unexcused_is_deemed_consent_excused_is_not(engine):
    joint_case(engine)
    at = t("2026-09-29T15:00")
    assert engine.execute(c.joint_absence("J1", at, "s-rev", unit="fire", excused=True)) == []
    assert engine.case("J1")["joint"][0].get("opinion") is None
    rejected(engine, c.joint_absence("J1", at, "s-rev", unit="amr"))  # not a consulted unit
    rejected(engine, c.joint_absence("J1", at, "s-fire", unit="fire"), xn.ForbiddenError)  # not the lead unit
    ev = engine.execute(c.joint_absence("J1", at, "s-rev", unit="fire"))
    assert types(ev) == ["joint_opinion"]
    assert (ev[0]["unit"], ev[0]["opinion"], ev[0]["deemed"]) == ("fire", "agree", "absence")


# --- decision and delivery ---------------------------------------------------------------------------------------


def test_denial_needs_reasons_basis_and_remedies(engine):
    receive(engine)
    accept(engine)
    complete_steps(engine)
    deny = {"approve": False, "legal_basis": "《食品安全法》第三十五条", "remedies": REMEDIES}
    rejected(engine, c.decide("C1", t("2026-09-29T10:00"), "s-head", **deny), match="reasons")
    ev = engine.execute(c.decide("C1", t("2026-09-29T10:00"), "s-head", reasons="经营场所不符合要求", **deny))
    assert ev[0]["type"] == "decided" and ev[0]["approve"] is False
    assert engine.case("C1")["state"] == "denied"


def test_delivery_within_its_limit_or_it_is_a_violation(engine):
    receive(engine)
    accept(engine)
    rejected(engine, c.deliver("C1", t("2026-09-29T09:00"), "s-clerk"), xn.InvalidStateError)  # not approved yet
    complete_steps(engine)
    engine.execute(c.decide("C1", t("2026-09-29T10:00"), "s-head", approve=True))
    assert rules(engine.advance(t("2026-11-30T00:00"))) == ["late_delivery"]
    assert types(engine.execute(c.deliver("C1", t("2026-11-30T09:00"), "s-clerk"))) == ["delivered"]
    assert engine.case("C1")["state"] == "delivered"


def test_withdrawal_closes_the_case_and_stops_its_timers(engine):
    receive(engine)
    accept(engine)
    assert engine.next_timer is not None
    assert types(engine.execute(c.withdraw("C1", t("2026-09-29T10:00"), "s-clerk"))) == ["withdrawn"]
    assert engine.case("C1")["state"] == "withdrawn"
    assert engine.advance(t("2026-12-31T00:00")) == [] and engine.next_timer is None
    rejected(engine, c.withdraw("C1", t("2026-09-30T10:00"), "s-clerk"), xn.InvalidStateError)


def test_termination_by_the_unit_head_closes_the_case(engine):
    receive(engine)
    accept(engine)
    rejected(engine, c.terminate("C1", t("2026-09-29T10:00"), "s-clerk", reason="申请人已注销"), xn.ForbiddenError)
    assert types(engine.execute(c.terminate("C1", t("2026-09-29T10:00"), "s-head", reason="申请人已注销"))) == [
        "terminated"
    ]
    assert engine.case("C1")["state"] == "terminated"


# --- ratings -------------------------------------------------------------------------------------------------------


def closed_case(e):
    receive(e)
    accept(e)
    complete_steps(e)
    e.execute(c.decide("C1", t("2026-09-29T10:00"), "s-head", approve=True))
    e.execute(c.deliver("C1", t("2026-09-29T15:00"), "s-clerk"))


def test_a_bad_rating_opens_a_follow_up_limit(engine):
    closed_case(engine)
    at = t("2026-09-30T09:00")
    rejected(engine, c.rate("C1", at, "s-clerk", level=1), xn.ForbiddenError, match="applicant")
    # The builder checks the level; a hand-made dict reaches the engine, which checks it too.
    rejected(engine, {**c.rate("C1", at, APPLICANT, level=1), "level": 6}, match="level")
    ev = engine.execute(c.rate("C1", at, APPLICANT, level=2, real_name=True, comment="窗口态度差"))
    assert types(ev) == ["rated"] and (ev[0]["level"], ev[0]["deemed"], ev[0]["actor"]) == (2, False, APPLICANT)
    rejected(engine, c.rate("C1", at, APPLICANT, level=5), xn.InvalidStateError)  # rated once
    assert rules(engine.advance(t("2026-10-14T00:00"))) == ["late_rating_follow_up"]


def test_follow_up_by_a_supervisor_in_time_closes_the_bad_rating(engine):
    closed_case(engine)
    engine.execute(c.rate("C1", t("2026-09-30T09:00"), APPLICANT, level=1))
    follow = c.follow_up_rating("C1", t("2026-10-08T09:00"), "s-clerk", result="已回访，窗口人员作书面检查")
    rejected(engine, follow, xn.ForbiddenError)
    ev = engine.execute({**follow, "actor": "s-sup"})
    assert types(ev) == ["rating_followed_up"] and ev[0]["result"] == "已回访，窗口人员作书面检查"
    assert rules(engine.advance(t("2026-12-01T00:00"))) == []


def test_no_rating_in_time_defaults_to_the_policy_level(engine):
    closed_case(engine)
    ev = engine.advance(t("2026-10-07T00:00"))
    rated = [e for e in ev if e["type"] == "rated"]
    assert (rated[0]["level"], rated[0]["deemed"]) == (3, True)
    rejected(engine, c.rate("C1", t("2026-10-07T09:00"), APPLICANT, level=5), xn.InvalidStateError)


def test_rating_before_closure_is_rejected(engine):
    receive(engine)
    rejected(engine, c.rate("C1", t("2026-09-28T10:00"), APPLICANT, level=5), xn.InvalidStateError)


# --- first inquiry ---------------------------------------------------------------------------------------------------


def test_first_inquiry_the_highest_ranking_asked_is_responsible(engine):
    ev = engine.execute(c.record_inquiry("Q1", t("2026-09-28T09:00"), "s-clerk", person="张先生",
                                         topic="食品经营许可所需材料", also_asked=["s-head"]))
    assert ev[0]["type"] == "inquiry_recorded" and ev[0]["responsible"] == "s-head"
    rejected(engine, c.answer_inquiry("Q1", t("2026-09-28T09:30"), "s-head", outcome="guided"))  # guided where?
    ev = engine.execute(c.answer_inquiry("Q1", t("2026-09-28T09:30"), "s-head", outcome="answered"))
    assert types(ev) == ["inquiry_answered"]


# --- snapshot, restore, replay ---------------------------------------------------------------------------------------


def scenario(e):
    """A day of a portal: several cases, commands and advances; returns the event log."""
    log = []
    log += receive(e, "C1", at="2026-09-28T09:00")
    log += receive(e, "C2", at="2026-09-28T09:30")
    log += receive(e, "J1", FIRE_CHECK, at="2026-09-28T10:00")
    log += e.execute(c.notify_corrections("C2", t("2026-09-28T11:00"), "s-clerk", missing=["营业执照复印件"]))
    log += accept(e, "C1", "2026-09-29T09:00")
    log += accept(e, "J1", "2026-09-29T09:00")
    log += step(e, "s-clerk", "2026-09-29T10:00")
    log += e.advance(t("2026-10-12T00:00"))
    log += e.execute(c.pause("C1", t("2026-10-12T09:00"), "s-rev2", kind="hearing", notice="听证告知书"))
    log += e.advance(t("2026-11-20T00:00"))
    return log


def test_snapshot_and_restore_give_the_same_engine(engine, config):
    scenario(engine)
    snap = engine.snapshot()
    restored = xn.Engine.restore(*config, snap)
    assert restored.snapshot() == snap
    assert (len(restored), restored.seq, restored.next_timer) == (len(engine), engine.seq, engine.next_timer)
    assert restored.case("C1") == engine.case("C1")
    # Both go on the same way.
    now = t("2026-12-31T00:00")
    assert restored.advance(now) == engine.advance(now)
    with pytest.raises(xn.ParseError):
        xn.Engine.restore(*config, "{not json")
    with pytest.raises(xn.InvalidInputError, match="schema"):
        xn.Engine.restore(*config, snap.replace('"schema":1', '"schema":99', 1))


def test_reserve_changes_nothing_the_engine_says(engine, config):
    scenario(engine)
    snap = engine.snapshot()
    engine.reserve(100_000)
    assert engine.snapshot() == snap
    # Every refusal is a XiaonengError naming the argument (never OverflowError or TypeError).
    with pytest.raises(xn.InvalidInputError, match="must not be negative") as info:
        engine.reserve(-1)
    assert (info.value.field, info.value.value) == ("additional", "-1")
    with pytest.raises(xn.OutOfRangeError, match="additional") as out:
        engine.reserve(2**70)
    assert (out.value.code, out.value.field, out.value.value) == (4, "additional", str(2**70))
    with pytest.raises(xn.OutOfRangeError, match="additional"):
        engine.reserve(2**63)  # fits a machine word, not memory
    for bad in ("10", 1.5, True, None):
        with pytest.raises(xn.InvalidInputError, match="`additional`"):
            engine.reserve(bad)  # type: ignore[arg-type]
    assert engine.snapshot() == snap


def test_a_snapshot_with_an_inconsistent_case_is_refused(engine, config):
    scenario(engine)
    snap = json.loads(engine.snapshot())
    snap["cases"]["C1"]["accepted"] = None
    with pytest.raises(xn.ParseError, match="accepted"):
        xn.Engine.restore(*config, json.dumps(snap))


def test_replay_equals_live(engine, config):
    log = scenario(engine)
    assert [ev["seq"] for ev in log] == list(range(1, len(log) + 1))
    assert len({ev["type"] for ev in log}) >= 6
    assert xn.Engine.replay(*config, log).snapshot() == engine.snapshot()
    # Through JSON, as a host would store the log.
    stored = json.loads(json.dumps(log, default=dt.datetime.isoformat))
    assert isinstance(stored[0]["at"], str)
    assert xn.Engine.replay(*config, stored).snapshot() == engine.snapshot()


def test_replay_rejects_gaps_and_malformed_events(engine, config):
    log = scenario(engine)
    with pytest.raises(xn.InvalidInputError, match="seq"):
        xn.Engine.replay(*config, log[1:])
    with pytest.raises(xn.ParseError, match=r"events\[2\]"):
        xn.Engine.replay(*config, log[:2] + [{**log[2], "colour": 1}])
    with pytest.raises(xn.InvalidInputError):
        xn.Engine.replay(*config, "not a list")
    assert xn.Engine.replay(*config, []).seq == 0


# --- properties and threads --------------------------------------------------------------------------------------------


def test_properties_case_and_repr(engine):
    assert (len(engine), engine.seq, engine.next_timer, engine.case("C1")) == (0, 0, None, None)
    receive(engine)
    case = engine.case("C1")
    assert case["id"] == "C1" and case["item"] == FOOD and case["applicant"] == APPLICANT
    assert case["received_at"] == "2026-09-28T01:00:00Z"
    assert engine.next_timer.utcoffset() == dt.timedelta(hours=8)
    assert repr(engine).startswith("Engine(policy=") and "cases=1" in repr(engine) and "seq=1" in repr(engine)


def test_sharing_one_engine_between_threads_raises_instead_of_corrupting(config):
    """Not thread-safe by design: a call on an engine another thread is using raises, never crashes or
    sees a half-changed engine."""
    engine = xn.Engine(*config)
    for k in range(300):
        receive(engine, f"C{k}", at="2026-09-28T09:00")
        accept(engine, f"C{k}", at="2026-09-28T10:00")
    errors, done = [], threading.Event()

    def reader():
        while not done.is_set():
            try:
                engine.snapshot()
                engine.board(t("2026-10-20T00:00"))
            except RuntimeError as e:
                errors.append(e)

    th = threading.Thread(target=reader)
    th.start()
    now = t("2026-10-01T00:00")
    for _ in range(200):
        now += dt.timedelta(hours=12)
        try:
            engine.advance(now)
        except RuntimeError as e:  # the reader held the engine at that moment: nothing changed, try again
            errors.append(e)
    done.set()
    th.join()
    assert all(isinstance(e, xn.InvalidStateError) and "in use by another thread" in str(e) for e in errors)
    assert len(engine) == 300


# --- the command builders ----------------------------------------------------------------------------------------------


AT = dt.datetime(2026, 9, 28, 9, tzinfo=CST)

BUILT = {
    "receive": c.receive("C1", AT, "s", item="I", applicant="A"),
    "notify_corrections": c.notify_corrections("C1", AT, "s", missing=["m"]),
    "submit_corrections": c.submit_corrections("C1", AT, "s", materials=("m",)),
    "accept": c.accept("C1", AT, "s"),
    "refuse": c.refuse("C1", AT, "s", reasons="r", legal_basis="b", remedies="x"),
    "report_negative": c.report_negative("C1", AT, "s", superior="h"),
    "complete_step": c.complete_step("C1", AT, "s"),
    "pause": c.pause("C1", AT, "s", kind="hearing", notice="n"),
    "resume": c.resume("C1", AT, "s"),
    "extend": c.extend("C1", AT, "s", amount=10, reason="r"),
    "decide": c.decide("C1", AT, "s", approve=True),
    "deliver": c.deliver("C1", AT, "s"),
    "joint_reply": c.joint_reply("C1", AT, "s", unit="u", opinion="agree_and_forward"),
    "joint_absence": c.joint_absence("C1", AT, "s", unit="u", excused=True),
    "rate": c.rate("C1", AT, "a", level=5),
    "follow_up_rating": c.follow_up_rating("C1", AT, "s", result="r"),
    "withdraw": c.withdraw("C1", AT, "s"),
    "terminate": c.terminate("C1", AT, "s", reason="r"),
    "notify_hearing_right": c.notify_hearing_right("C1", AT, "s", notice="n"),
    "request_hearing": c.request_hearing("C1", AT, "a"),
    "hold_hearing": c.hold_hearing("C1", AT, "s"),
    "record_inquiry": c.record_inquiry("Q1", AT, "s", person="p", topic="t"),
    "answer_inquiry": c.answer_inquiry("Q1", AT, "s", outcome="handled"),
    "register_complaint": c.register_complaint("T1", AT, "s", channel="letter", category="delay", respondent="u",
                                               subject="s", complainant="p", contact="c"),
    "accept_complaint": c.accept_complaint("T1", AT, "s", tier="unit", handler="h"),
    "decline_complaint": c.decline_complaint("T1", AT, "s", reason="r"),
    "extend_complaint": c.extend_complaint("T1", AT, "s", amount=5, reason="r"),
    "handle_complaint": c.handle_complaint("T1", AT, "s", finding="partly", summary="s", responsible="r"),
    "close_complaint": c.close_complaint("T1", AT, "s"),
    "return_complaint": c.return_complaint("T1", AT, "s", reason="r", amount=5),
    "reply_complaint": c.reply_complaint("T1", AT, "s", reply="r"),
    "call_back_complaint": c.call_back_complaint("T1", AT, "s", satisfied=False, note="n"),
    "recheck_complaint": c.recheck_complaint("T1", AT, "s", holds=True),
    "merge_complaint": c.merge_complaint("T1", AT, "s", into="T0"),
    "order_rectification": c.order_rectification("Z1", AT, "s", unit="u", source="inspection", problem="p"),
    "sign_pledge": c.sign_pledge("Z1", AT, "s", measures="m", responsible="r", standard="s", amount=15,
                                 milestones=["a"], milestone_days=[5]),
    "open_pledge": c.open_pledge("Z1", AT, "s", pledge_kind="supervised", unit="u", leader="l", responsible="r",
                                 title="t", standard="s", amount=20),
    "report_pledge": c.report_pledge("Z1", AT, "s", note="n", milestone=1, in_place="recognition"),
    "complete_pledge": c.complete_pledge("Z1", AT, "s", evidence="e"),
    "verify_pledge": c.verify_pledge("Z1", AT, "s", passed=False, evidence="e", amount=5),
    "open_matter": c.open_matter("W1", AT, "s", trigger="media_exposure", person="p", detail="d",
                                 severity="ordinary"),
    "decide_sanction": c.decide_sanction("W1", AT, "s", confirm=False, reason="r", measures=["reminder_talk"]),
    "rate_pledge": c.rate_pledge("Z1", AT, "s", group="g", period="2026-Q4", score=80),
    "open_inspection": c.open_inspection("J1", AT, "s", unit="u", mode="announced", inspectors=["i"], plan="P1"),
    "record_finding": c.record_finding("J1", AT, "s", problem="p", person="p", rectify=True),
    "close_inspection": c.close_inspection("J1", AT, "s", summary="s"),
    "reinspect": c.reinspect("J1", AT, "s", finding=1, passed=True, detail="d"),
    "commit_plan": c.commit_plan("P1", AT, "s", period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 12, 31),
                                 commitment="0" * 64),
    "reveal_plan": c.reveal_plan("P1", AT, "s", seed=1, request={
        "units": [{"id": "u", "stratum": "s"}], "inspectors": [{"id": "i", "unit": "e"}], "strata": {"s": 1},
        "team_size": 1}),
}


def test_one_builder_per_command_type_each_with_a_documented_example():
    assert sorted(BUILT) == sorted(c.__all__)
    for name, cmd in BUILT.items():
        assert cmd["type"] == name
        assert (cmd["case"], cmd["at"]) in {(n, "2026-09-28T09:00:00+08:00") for n in ("C1", "Q1", "T1", "Z1", "W1", "J1", "P1")}
        json.dumps(cmd)  # plain JSON values
        doc = getattr(c, name).__doc__
        assert doc and "Examples" in doc and "Parameters" in doc


def test_builder_output_parses_as_a_command(engine):
    """Every builder's dict is a well-formed command: the engine gets past parsing to its own checks."""
    for name, cmd in BUILT.items():
        with pytest.raises(xn.NotFoundError):  # unknown actor "s"/"a" or case, never a ParseError
            engine.execute(cmd)


def test_builders_reject_naive_and_non_datetimes():
    with pytest.raises(xn.InvalidInputError, match=r"naive datetime: give a timezone \(`at`\)"):
        c.accept("C1", dt.datetime(2026, 9, 28, 9), "s")
    with pytest.raises(xn.InvalidInputError, match="aware datetime"):
        c.accept("C1", dt.date(2026, 9, 28), "s")  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="aware datetime"):
        c.accept("C1", "2026-09-28T09:00:00+08:00", "s")  # type: ignore[arg-type]
    with pytest.raises(ValueError):  # InvalidInputError is a ValueError
        c.withdraw("C1", dt.datetime(2026, 9, 28, 9), "s")


def test_builders_keep_the_offset_and_microseconds():
    assert c.accept("C1", dt.datetime(2026, 9, 28, 1, tzinfo=dt.timezone.utc), "s")["at"] == \
        "2026-09-28T01:00:00+00:00"
    assert c.accept("C1", dt.datetime(2026, 9, 28, 9, 0, 0, 5, tzinfo=CST), "s")["at"] == \
        "2026-09-28T09:00:00.000005+08:00"
    # An offset with seconds has no RFC 3339 form: shown in UTC.
    odd = dt.timezone(dt.timedelta(hours=8, seconds=30))
    assert c.accept("C1", dt.datetime(2026, 9, 28, 9, 0, 30, tzinfo=odd), "s")["at"] == "2026-09-28T01:00:00+00:00"


@pytest.mark.parametrize(("call", "match"), [
    (lambda: c.receive("C1", AT, "s", item="I", applicant="A", materials="m"), "materials"),
    (lambda: c.receive("C1", AT, "s", item="I", applicant="A", materials=["m", 1]), r"materials\[1\]"),
    (lambda: c.receive(1, AT, "s", item="I", applicant="A"), "case"),
    (lambda: c.accept("C1", AT, None), "actor"),
    (lambda: c.pause("C1", AT, "s", kind="site_visit", notice="n"), "kind"),
    (lambda: c.extend("C1", AT, "s", amount=True, reason="r"), "amount"),
    (lambda: c.extend("C1", AT, "s", amount=0, reason="r"), "amount"),
    (lambda: c.extend("C1", AT, "s", amount=2.5, reason="r"), "amount"),
    (lambda: c.decide("C1", AT, "s", approve="yes"), "approve"),
    (lambda: c.joint_reply("C1", AT, "s", unit="u", opinion="maybe"), "opinion"),
    (lambda: c.joint_absence("C1", AT, "s", unit="u", excused=1), "excused"),
    (lambda: c.rate("C1", AT, "a", level=0), "level"),
    (lambda: c.rate("C1", AT, "a", level=6), "level"),
    (lambda: c.rate("C1", AT, "a", level=5, comment=None), "comment"),
    (lambda: c.answer_inquiry("Q1", AT, "s", outcome="ignored"), "outcome"),
])
def test_builders_validate_their_arguments(call, match):
    with pytest.raises(xn.InvalidInputError, match=match):
        call()


def test_commands_module_is_exported():
    assert xn.commands is c
    assert "commands" in xn.__all__


def test_an_inquiry_record_names_the_responsible_and_the_outcome(engine):
    at = t("2026-09-28T09:00")
    engine.execute(c.record_inquiry("Q1", at, "s-clerk", person="张先生", topic="食品经营许可",
                                    also_asked=["s-head"]))
    assert engine.inquiry("Q1")["responsible"] == "s-head"
    engine.execute(c.answer_inquiry("Q1", t("2026-09-28T09:30"), "s-head", outcome="answered"))
    q = engine.inquiry("Q1")
    assert (q["outcome"], q["breached"]) == ("answered", False)
    assert engine.inquiry("Q9") is None


def test_a_yellow_card_precedes_a_red_card_even_when_their_thresholds_coincide(config):
    _, org, catalog = config
    text = (ROOT / "presets/county.toml").read_text(encoding="utf-8")
    same = text.replace('red_after = { unit = "working_days", amount = 3 }',
                        'red_after = { unit = "working_days", amount = 0 }')
    assert same != text
    e = xn.Engine(xn.Policy.from_toml(same), org, catalog)
    receive(e)
    accept(e)
    e.advance(t("2026-10-16T12:00"))
    fired = e.advance(t("2026-10-17T00:00"))
    signals = [(x["signal"], x["at"]) for x in fired if x["type"] == "signal_raised"]
    assert signals == [("yellow", t("2026-10-17T00:00")), ("red", t("2026-10-17T00:00"))]
    assert not [x for x in e.advance(t("2026-12-30T00:00")) if x["type"] == "signal_raised"]


def test_art32_a_repeated_notice_item_is_not_a_violation_and_late_notice_only_when_one_was_due(engine):
    receive(engine)
    engine.execute(c.notify_corrections("C1", t("2026-09-28T10:00"), "s-clerk",
                                        missing=["营业执照复印件", "设备布局和操作流程文件"]))
    engine.execute(c.submit_corrections("C1", t("2026-09-29T09:00"), "s-clerk", materials=["营业执照复印件"]))
    again = engine.execute(c.notify_corrections("C1", t("2026-09-29T10:00"), "s-clerk",
                                                missing=["设备布局和操作流程文件"]))
    assert [x for x in again if x["type"] == "violation"] == []
    engine.execute(c.receive("C2", t("2026-09-28T09:00"), "s-clerk", item=FOOD, applicant=APPLICANT,
                             materials=["食品经营许可申请书", "营业执照复印件", "与食品经营相适应的设备布局和操作流程文件"]))
    fired = engine.advance(t("2026-10-11T00:00"))
    assert [x for x in fired if x["case"] == "C2" and x.get("rule") == "late_one_time_notice"] == []
    assert [x["deemed"] for x in fired if x["case"] == "C2" and x["type"] == "accepted"] == [True]


def test_joint_review_switches_absence_and_unclear_reply(config):
    _, org, catalog = config
    text = (ROOT / "presets/county.toml").read_text(encoding="utf-8")
    strict = text.replace("absence_is_consent = true", "absence_is_consent = false").replace(
        "unclear_reply_is_consent = true", "unclear_reply_is_consent = false")
    e = xn.Engine(xn.Policy.from_toml(strict), org, catalog)
    joint_case(e)
    ev = e.execute(c.joint_absence("J1", t("2026-09-29T15:00"), "s-rev", unit="fire", excused=False))
    assert [(x["type"], x["rule"]) for x in ev] == [("violation", "unexcused_absence")]
    with pytest.raises(xn.InvalidInputError) as err:
        e.execute(c.joint_reply("J1", t("2026-09-29T16:00"), "s-fire", unit="fire", opinion="other", reasons="已阅"))
    assert err.value.field == "opinion"


def test_the_events_of_one_advance_are_in_time_order_across_cases(engine):
    for k, (rx, acc) in enumerate([("2026-09-28T09:00", "2026-09-28T10:00"), ("2026-09-21T09:00", None),
                                   ("2026-10-09T09:00", "2026-10-09T15:00")]):
        receive(engine, f"C{k}", at=rx)
        if acc:
            accept(engine, f"C{k}", at=acc)
    fired = engine.advance(t("2027-01-31T00:00"))
    assert len({e["case"] for e in fired}) == 3
    ats = [e["at"] for e in fired]
    assert ats == sorted(ats)


def test_art42_a_joint_items_extension_is_approved_by_the_government_head_by_at_most_15(engine):
    joint_case(engine)

    def extend(actor, amount, at="2026-10-08T09:00"):
        return engine.execute(c.extend("J1", t(at), actor, amount=amount, reason="需组织多部门联合现场踏勘"))

    with pytest.raises(xn.ForbiddenError) as err:
        extend("s-head", 15)
    assert (err.value.field, err.value.value) == ("actor", "s-head")
    with pytest.raises(xn.XiaonengError):
        extend("s-gov-head", 16)
    extend("s-gov-head", 15)
    assert engine.view("J1", t("2026-10-08T09:00"))["decision"]["budget"] == 30
