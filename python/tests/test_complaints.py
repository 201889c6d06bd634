"""Efficiency complaints (效能投诉) from Python (docs/rules.md, "Efficiency complaints"): the walk of a named
complaint through the ``xn.commands`` builders, the state at each step, who may act (by role and by unit,
review by someone other than the handler), the anonymous complaint (no reply, no call-back), and the
complainant's confidentiality in the views ``Engine.complaint``, ``Engine.complaints`` and
``Engine.complainants``: supervisors only, checked for every staff member of the organisation."""

import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
NAME, CONTACT = "张先生", "138****0000"
NAME2, CONTACT2 = "王女士", "来信地址：城关镇人民路1号"
SUBJECT = "食品经营许可申请材料齐全，超过承诺时限仍未办结"


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
# Who sees complainants of complaints about `amr`: supervisors outside it. A supervisor seconded to the
# respondent unit does not learn who complained about it.
SUPERVISORS = sorted(s["id"] for s in ORG["staff"] if "supervisor" in s["roles"] and s["unit"] != "amr")
OTHERS = sorted(s["id"] for s in ORG["staff"] if "supervisor" not in s["roles"]) + ["nobody", "", "S-SUP", "s-sup "]


def make_engine() -> xn.Engine:
    org = xn.Org.from_json(json.dumps(ORG))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.load(ROOT / "presets/county.toml"), org, catalog)


def register(case="T1", actor="s-sup", *, named=True, respondent="amr", at="2026-10-09T09:00"):
    extra = {"complainant": NAME, "contact": CONTACT} if named else {}
    return c.register_complaint(case, t(at), actor, channel="hotline_12345", category="delay",
                                respondent=respondent, subject=SUBJECT, **extra)


def accept(case="T1", handler="s-head", tier="unit", actor="s-sup"):
    return c.accept_complaint(case, t("2026-10-09T10:00"), actor, tier=tier, handler=handler)


def handle(case="T1", actor="s-head", finding="substantiated", responsible="s-rev"):
    return c.handle_complaint(case, t("2026-10-12T09:00"), actor, finding=finding, summary="审核岗超时未办，已督促办结",
                              responsible=responsible)


def close(case="T1", actor="s-sup"):
    return c.close_complaint(case, t("2026-10-13T09:00"), actor)


def state(e, case="T1"):
    return e.complaint(case, "s-sup")["state"]


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


# ---------------------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------------------


def test_a_named_complaint_walks_from_registration_to_the_reply():
    e = make_engine()
    assert [ev["type"] for ev in e.execute(register())] == ["complaint_registered"]
    assert state(e) == "registered"
    assert [ev["type"] for ev in e.execute(accept())] == ["complaint_accepted"]
    assert state(e) == "handling"
    seen = e.complaint("T1", "s-head")
    assert (seen["handler"], seen["tier"], seen["respondent"], seen["channel"]) == ("s-head", "unit", "amr",
                                                                                     "hotline_12345")
    assert [ev["type"] for ev in e.execute(handle())] == ["complaint_handled"]
    assert state(e) == "under_review"

    events = e.execute(close())
    # The substantiated complaint also orders the respondent unit's rectification (T1-ZG1).
    assert [(ev["type"], ev["case"]) for ev in events] == [
        ("complaint_closed", "T1"), ("violation", "T1"), ("rectification_ordered", "T1-ZG1")]
    violation = events[1]
    assert (violation["rule"], violation["responsible"], violation["unit"], violation["unit_head"]) == (
        "substantiated_complaint", "s-rev", "amr", "s-head")
    record = e.complaint("T1", "s-sup")
    assert (record["state"], record["finding"], record["responsible"]) == ("closed", "substantiated", "s-rev")
    assert "reply" in record  # the reply limit of a named complainant has started

    assert [ev["type"] for ev in e.execute(c.reply_complaint("T1", t("2026-10-14T09:00"), "s-head",
                                                             reply="已督促办结，责任人已处理"))] == ["complaint_replied"]
    refused(e, xn.InvalidStateError, c.reply_complaint("T1", t("2026-10-14T10:00"), "s-head", reply="再次答复"),
            "type", "reply_complaint")
    assert e.execute(c.call_back_complaint("T1", t("2026-10-15T09:00"), "s-sup", satisfied=True))[0]["type"] == (
        "complaint_called_back")
    assert state(e) == "closed"


def test_an_unsatisfied_call_back_reopens_the_complaint():
    e = make_engine()
    for command in (register(), accept(), handle(), close()):
        e.execute(command)
    e.execute(c.call_back_complaint("T1", t("2026-10-15T09:00"), "s-sup", satisfied=False, note="问题仍未解决"))
    record = e.complaint("T1", "s-sup")
    assert (record["state"], record["reopenings"]) == ("handling", 1)


def test_a_return_sends_the_handling_back_with_a_new_limit():
    e = make_engine()
    for command in (register(), accept(), handle()):
        e.execute(command)
    e.execute(c.return_complaint("T1", t("2026-10-13T09:00"), "s-sup", reason="未说明整改措施", amount=5))
    record = e.complaint("T1", "s-sup")
    assert (record["state"], record["returns"]) == ("handling", 1)
    assert "finding" not in record


def test_a_declined_complaint_needs_a_reason():
    e = make_engine()
    e.execute(register())
    refused(e, xn.InvalidInputError, c.decline_complaint("T1", t("2026-10-09T10:00"), "s-sup", reason=" "),
            "reason")
    e.execute(c.decline_complaint("T1", t("2026-10-09T10:00"), "s-sup", reason="不属于效能投诉受理范围"))
    assert state(e) == "declined"
    refused(e, xn.InvalidStateError, accept(), "type", "accept_complaint")


def test_the_state_machine_refuses_commands_out_of_order():
    e = make_engine()
    e.execute(register())
    refused(e, xn.InvalidStateError, handle(), "type", "handle_complaint")
    refused(e, xn.InvalidStateError, close(), "type", "close_complaint")
    refused(e, xn.InvalidStateError, c.reply_complaint("T1", t("2026-10-09T10:00"), "s-sup", reply="已办结"),
            "type", "reply_complaint")
    refused(e, xn.InvalidStateError, register(), "case", "T1")  # the number is taken
    e.execute(accept())
    refused(e, xn.InvalidStateError, accept(), "type", "accept_complaint")
    refused(e, xn.InvalidStateError, close(), "type", "close_complaint")


def test_a_command_on_an_unknown_complaint_or_a_bad_field_is_refused_naming_the_field():
    e = make_engine()
    refused(e, xn.NotFoundError, accept(), "case", "T1")
    refused(e, xn.NotFoundError, register(respondent="nowhere"), "respondent", "nowhere")
    with pytest.raises(xn.ParseError) as info:
        e.execute({**register(), "complainant_phone": "1"})
    assert "complainant_phone" in str(info.value)
    with pytest.raises(xn.ParseError) as info:
        e.execute({**register(), "channel": "pigeon"})
    assert info.value.field == "channel"
    assert e.complaints("s-sup") == []


# ---------------------------------------------------------------------------------------------------------
# Who may act
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["s-clerk", "s-head", "s-rev", "s-gov-head", "s-hall"])
def test_only_a_supervisor_registers_a_complaint(actor):
    e = make_engine()
    refused(e, xn.ForbiddenError, register(actor=actor), "actor", actor)
    assert e.complaint("T1", "s-sup") is None


def test_a_supervisor_of_the_respondent_unit_may_not_act_on_a_complaint_about_it():
    e = make_engine()
    refused(e, xn.ForbiddenError, register(actor="s-amr-sup"), "actor", "s-amr-sup")
    e.execute(register(actor="s-sup2"))
    refused(e, xn.ForbiddenError, accept(actor="s-amr-sup"), "actor", "s-amr-sup")


@pytest.mark.parametrize("handler", ["s-fire", "s-fire-head", "s-hall"])
def test_referred_to_its_unit_a_complaint_is_handled_by_staff_of_the_respondent_unit(handler):
    e = make_engine()
    e.execute(register())
    refused(e, xn.ForbiddenError, accept(handler=handler), "handler", handler)
    assert state(e) == "registered"


def test_handled_by_the_office_a_complaint_is_handled_by_a_supervisor_outside_the_respondent_unit():
    e = make_engine()
    e.execute(register())
    refused(e, xn.ForbiddenError, accept(tier="office", handler="s-head"), "handler", "s-head")
    refused(e, xn.ForbiddenError, accept(tier="office", handler="s-amr-sup"), "handler", "s-amr-sup")
    e.execute(accept(tier="office", handler="s-sup2"))
    assert e.complaint("T1", "s-sup")["tier"] == "office"


def test_only_the_handler_handles_and_someone_else_reviews():
    e = make_engine()
    e.execute(register())
    e.execute(accept(tier="office", handler="s-sup2"))
    refused(e, xn.ForbiddenError, handle(actor="s-head"), "actor", "s-head")
    refused(e, xn.ForbiddenError, handle(actor="s-sup"), "actor", "s-sup")
    e.execute(handle(actor="s-sup2", finding="unsubstantiated", responsible=None))
    err = refused(e, xn.ForbiddenError, close(actor="s-sup2"), "actor", "s-sup2")
    assert "different person" in err.reason
    refused(e, xn.ForbiddenError, close(actor="s-head"), "actor", "s-head")
    events = e.execute(close(actor="s-sup"))
    assert [ev["type"] for ev in events] == ["complaint_closed"]  # unsubstantiated: no violation
    assert state(e) == "closed"


# ---------------------------------------------------------------------------------------------------------
# Anonymous complaints
# ---------------------------------------------------------------------------------------------------------


def test_an_anonymous_complaint_gets_no_reply_and_no_call_back():
    e = make_engine()
    for command in (register(named=False), accept(), handle(finding="unsubstantiated", responsible=None), close()):
        e.execute(command)
    record = e.complaint("T1", "s-sup")
    assert "complainant" not in record and "redacted" not in record and "reply" not in record
    err = refused(e, xn.InvalidStateError, c.reply_complaint("T1", t("2026-10-14T09:00"), "s-sup", reply="已办结"),
                  "type", "reply_complaint")
    assert "anonymous" in err.reason
    refused(e, xn.InvalidStateError, c.call_back_complaint("T1", t("2026-10-14T09:00"), "s-sup", satisfied=True),
            "type", "call_back_complaint")
    assert e.complainants("T1", "s-sup") == []
    # Nothing to withhold from anyone else either.
    assert "redacted" not in e.complaint("T1", "s-head")


# ---------------------------------------------------------------------------------------------------------
# Confidentiality of the complainant
# ---------------------------------------------------------------------------------------------------------


def confidential_engine() -> xn.Engine:
    """T1 named and handled by the market regulator, T2 a letter of another complainant merged into it, T3
    anonymous, T4 named and closed (substantiated)."""
    e = make_engine()
    e.execute(register())
    e.execute(accept())
    e.execute(c.register_complaint("T2", t("2026-10-09T11:00"), "s-sup", channel="letter", category="delay",
                                   respondent="amr", subject=SUBJECT, complainant=NAME2, contact=CONTACT2))
    e.execute(c.merge_complaint("T2", t("2026-10-09T12:00"), "s-sup", into="T1"))
    e.execute(register("T3", named=False, respondent="fire"))
    e.execute(c.register_complaint("T4", t("2026-10-09T08:30"), "s-sup2", channel="visit", category="rudeness",
                                   respondent="fire", subject="窗口人员态度生硬", complainant=NAME2,
                                   contact=CONTACT2))
    e.execute(accept("T4", handler="s-fire"))
    e.execute(handle("T4", actor="s-fire", responsible="s-fire-clerk"))
    e.execute(close("T4"))
    return e


SECRETS = (NAME, CONTACT, NAME2, CONTACT2)


def test_the_views_hold_the_complainant_for_supervisors_only():
    """Every staff member of the organisation (and ids that are none): a non-supervisor's views never hold a
    complainant's name or contact anywhere; a supervisor's hold them."""
    e = confidential_engine()
    assert len(OTHERS) > 10
    for viewer in OTHERS:
        everything = json.dumps([e.complaint(n, viewer) for n in ("T1", "T2", "T3", "T4")] + [e.complaints(viewer)],
                                ensure_ascii=False)
        leaked = [s for s in SECRETS if s in everything]
        assert not leaked, f"{viewer!r} sees {leaked}"
        assert "complainant" not in everything
        assert all(e.complaint(n, viewer)["redacted"] for n in ("T1", "T2", "T4"))
        assert "redacted" not in e.complaint("T3", viewer)
    for viewer in SUPERVISORS:
        one = json.dumps(e.complaint("T1", viewer), ensure_ascii=False)
        assert NAME in one and CONTACT in one and "redacted" not in one
        every = json.dumps(e.complaints(viewer), ensure_ascii=False)
        assert all(s in every for s in SECRETS), viewer


def test_the_views_are_the_same_record_but_for_the_complainant():
    e = confidential_engine()
    for n in ("T1", "T2", "T3", "T4"):
        whole = e.complaint(n, "s-sup")
        seen = e.complaint(n, "s-head")
        whole.pop("complainant", None)
        seen.pop("redacted", None)
        assert whole == seen


def test_the_register_of_complaints_is_sorted_by_number():
    e = confidential_engine()
    for viewer in ("s-sup", "s-clerk"):
        register_ = e.complaints(viewer)
        assert [r["id"] for r in register_] == ["T1", "T2", "T3", "T4"]
        assert [r["state"] for r in register_] == ["handling", "merged", "registered", "closed"]
    assert e.complaints("s-sup")[1]["merged_into"] == "T1"


def test_merged_letters_keep_every_complainant_for_supervisors():
    e = confidential_engine()
    for viewer in SUPERVISORS:
        assert e.complainants("T1", viewer) == [{"name": NAME, "contact": CONTACT},
                                                {"name": NAME2, "contact": CONTACT2}]
        assert e.complainants("T3", viewer) == []
        with pytest.raises(xn.NotFoundError) as info:
            e.complainants("T9", viewer)
        assert (info.value.field, info.value.value) == ("case", "T9")


def test_complainants_are_refused_to_anyone_but_a_supervisor():
    e = confidential_engine()
    for viewer in OTHERS:
        for number in ("T1", "T9"):  # refused before the lookup: an unknown number tells nothing more
            with pytest.raises(xn.ForbiddenError) as info:
                e.complainants(number, viewer)
            err = info.value
            assert (err.code, err.field, err.value) == (10, "viewer", viewer)
            assert isinstance(err, PermissionError)


def test_the_viewer_is_required_and_a_string():
    e = confidential_engine()
    with pytest.raises(TypeError):
        e.complaint("T1")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        e.complaints()  # type: ignore[call-arg]
    assert e.complaint(complaint_id="T1", viewer="s-sup")["complainant"]["name"] == NAME
    with pytest.raises(xn.InvalidInputError) as info:
        e.complaint("T1", None)  # type: ignore[arg-type]
    assert info.value.field == "viewer"
    with pytest.raises(xn.InvalidInputError) as info:
        e.complainants(1, "s-sup")  # type: ignore[arg-type]
    assert info.value.field == "complaint_id"
    assert e.complaint("C1", "s-sup") is None


def test_a_supervisor_of_the_respondent_unit_does_not_see_who_complained_about_it():
    e = confidential_engine()
    # T1 and T2 are about amr, where s-amr-sup is seconded; T4 is about the fire brigade.
    for n in ("T1", "T2"):
        seen = e.complaint(n, "s-amr-sup")
        assert "complainant" not in seen and seen["redacted"]
    assert e.complaint("T4", "s-amr-sup")["complainant"]["name"] == NAME2
    with pytest.raises(xn.ForbiddenError) as info:
        e.complainants("T1", "s-amr-sup")
    assert (info.value.field, info.value.value) == ("viewer", "s-amr-sup")
    assert "respondent unit" in str(info.value)
    assert e.complainants("T4", "s-amr-sup") == [{"name": NAME2, "contact": CONTACT2}]


def at(month: int, day: int, hour: int):
    return t(f"2026-{month:02d}-{day:02d}T{hour:02d}:00:00")


def test_feedback_sampling_gives_the_same_sample_as_rust_and_c():
    """Twenty named complaints closed in October 2026, T00 in November, T21 anonymous: the county's 100 per
    mille gives 2, the same two as tests/complaint_rules.rs and tests/c/test_complaint.c for the seed."""
    e = make_engine()
    subjects = ["办件超期", "态度生硬", "乱收费", "推诿扯皮"]
    for k in range(22):
        n = f"T{k:02d}"
        unit, handler = ("amr", "s-head") if k % 2 == 0 else ("fire", "s-fire-head")
        named = {} if k == 21 else {"complainant": NAME, "contact": CONTACT}
        e.execute(xn.commands.register_complaint(n, at(10, 9, 9), "s-sup", channel="hotline_12345", category="delay",
                                                 respondent=unit, subject=f"第{k}号事项：{subjects[k % 4]}", **named))
        e.execute(xn.commands.accept_complaint(n, at(10, 9, 10), "s-sup", tier="unit", handler=handler))
        e.execute(xn.commands.handle_complaint(n, at(10, 12, 9), handler, finding="unsubstantiated", summary="已核查"))
        e.execute(xn.commands.close_complaint(n, at(11, 2, 9) if k == 0 else at(10, 13, 9), "s-sup"))
    october, november = at(10, 1, 0), at(11, 1, 0)
    assert e.feedback_sample(october, november, 20261201) == ["T04", "T14"]
    assert e.feedback_sample(october, november, 20261201) == xn.draw.sample(
        [f"T{k:02d}" for k in range(1, 21)], 100, 20261201)
    assert e.feedback_sample(november, at(12, 1, 0), 1) == ["T00"]
    with pytest.raises(xn.InvalidInputError) as info:
        e.feedback_sample(november, october, 1)
    assert info.value.field == "to"
