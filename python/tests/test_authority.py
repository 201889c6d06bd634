"""Who may do what (docs/rules.md §1 "Who may do what") from Python: for every case and inquiry command the
actor the rule admits, and an actor of another unit holding the same role, refused with a ForbiddenError
naming the actor (``field == "actor"``, ``value``) and saying why, the engine unchanged. A central intake
window (集中受理) is a policy setting (``intake``); an approval needs every procedure step completed."""

import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
FIRE_CHECK = "330100-BLDG-007"
APPLICANT = "某餐饮有限公司"
REFUSAL = {"reasons": "不属于本机关职权范围", "legal_basis": "《行政许可法》第三十二条",
           "remedies": "可于六十日内申请行政复议或六个月内提起行政诉讼"}
OTHER_UNIT = "not of the case's unit `amr`"
# The service centre's window (hall) takes in the food licence.
INTAKE = '\n[[intake]]\nunit = "hall"\nitems = ["330100-FOOD-001"]\n'


def make_engine(extra=INTAKE):
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    policy = xn.Policy.from_toml((ROOT / "presets/county.toml").read_text(encoding="utf-8") + extra)
    return xn.Engine(policy, org, catalog)


def run(e, *commands):
    for command in commands:
        e.execute(command)


def forbidden(e, command, actor, because):
    """The command is refused as forbidden for `actor`, naming it and why; the engine is unchanged."""
    before = e.snapshot()
    with pytest.raises(xn.ForbiddenError) as info:
        e.execute({**command, "actor": actor})
    err = info.value
    assert (err.code, err.field, err.value) == (10, "actor", actor), str(err)
    assert because in err.reason, str(err)
    assert e.snapshot() == before


def received(e, case="C1", item=FOOD, actor="s-clerk"):
    e.execute(c.receive(case, t("2026-09-28T09:00"), actor, item=item, applicant=APPLICANT))


def accepted(e, case="C1", item=FOOD):
    received(e, case, item)
    e.execute(c.accept(case, t("2026-09-28T10:00"), "s-clerk"))


def reviewed(e):
    accepted(e)
    for actor, at in [("s-clerk", "2026-09-28T11:00"), ("s-rev", "2026-09-29T09:00"), ("s-rev", "2026-09-29T10:00")]:
        e.execute(c.complete_step("C1", t(at), actor))


def approved(e):
    reviewed(e)
    e.execute(c.decide("C1", t("2026-09-29T11:00"), "s-head", approve=True))


def refused(e):
    received(e)
    e.execute(c.refuse("C1", t("2026-09-28T10:00"), "s-clerk", **REFUSAL))


def badly_rated(e):
    refused(e)
    e.execute(c.rate("C1", t("2026-09-29T09:00"), APPLICANT, level=1, real_name=True))


AT = t("2026-09-29T12:00")

# command: (set-up, the command as the admitted actor, another unit's actor of the same role, why it is refused)
CASES = {
    "receive": (lambda e: None, c.receive("C1", AT, "s-clerk", item=FOOD, applicant=APPLICANT),
                "s-fire-clerk", OTHER_UNIT),
    "notify_corrections": (received, c.notify_corrections("C1", AT, "s-clerk", missing=["营业执照复印件"]),
                           "s-fire-clerk", OTHER_UNIT),
    "submit_corrections": (lambda e: (received(e), e.execute(c.notify_corrections(
        "C1", t("2026-09-28T10:00"), "s-clerk", missing=["营业执照复印件"]))),
        c.submit_corrections("C1", AT, "s-clerk2", materials=["营业执照复印件"]), "s-fire-clerk", OTHER_UNIT),
    "accept": (received, c.accept("C1", AT, "s-clerk"), "s-fire-clerk", OTHER_UNIT),
    "refuse": (received, c.refuse("C1", AT, "s-clerk", **REFUSAL), "s-fire-clerk", OTHER_UNIT),
    "report_negative": (refused, c.report_negative("C1", AT, "s-clerk", superior="s-head"), "s-fire-clerk",
                        OTHER_UNIT),
    "complete_step": (accepted, c.complete_step("C1", AT, "s-clerk"), "s-fire-clerk", "post `p-window` is held"),
    "pause": (accepted, c.pause("C1", AT, "s-head", kind="inspection", notice="检验检测告知书"), "s-fire-head",
              "neither a unit head of the case's unit `amr`"),
    "resume": (lambda e: (accepted(e), e.execute(c.pause("C1", t("2026-09-29T09:00"), "s-head", kind="inspection",
                                                         notice="检验检测告知书"))),
               c.resume("C1", AT, "s-head"), "s-fire-head", "neither a unit head of the case's unit `amr`"),
    "extend": (accepted, c.extend("C1", AT, "s-head", amount=10, reason="需要现场核查"), "s-fire-head",
               "the case's unit `amr` or its superior `gov`"),
    "decide": (reviewed, c.decide("C1", AT, "s-head", approve=True), "s-fire-head", OTHER_UNIT),
    "deliver": (approved, c.deliver("C1", AT, "s-clerk"), "s-fire-clerk", OTHER_UNIT),
    "joint_reply": (lambda e: accepted(e, "C1", FIRE_CHECK),
                    c.joint_reply("C1", AT, "s-fire", unit="fire", opinion="agree"), "s-rev",
                    "not of the consulted unit `fire`"),
    "joint_absence": (lambda e: accepted(e, "C1", FIRE_CHECK), c.joint_absence("C1", AT, "s-rev", unit="fire"),
                      "s-fire", "not of the lead unit `amr`"),
    "follow_up_rating": (badly_rated, c.follow_up_rating("C1", AT, "s-head", result="已回访，窗口人员作书面检查"),
                         "s-fire-head", OTHER_UNIT),
    "terminate": (accepted, c.terminate("C1", AT, "s-head", reason="申请人已注销"), "s-fire-head", OTHER_UNIT),
    "withdraw": (received, c.withdraw("C1", AT, "s-clerk"), "s-fire-clerk", OTHER_UNIT),
    "notify_hearing_right": (accepted, c.notify_hearing_right("C1", AT, "s-rev", notice="听证权利告知书"),
                             "s-fire-head", OTHER_UNIT),
    "hold_hearing": (lambda e: (accepted(e),
                                e.execute(c.notify_hearing_right("C1", t("2026-09-29T10:00"), "s-rev", notice="告知书")),
                                e.execute(c.request_hearing("C1", t("2026-09-29T11:00"), APPLICANT))),
                     c.hold_hearing("C1", AT, "s-rev"), "s-fire-head", OTHER_UNIT),
}


def test_every_command_is_covered():
    # The rating and the hearing request are the applicant's (test_engine.py, test_hearing.py); the inquiry's
    # commands are below; the complaints', pledges' and accountability matters' have their own rules of who
    # acts (test_complaints.py, test_pledges.py, test_accountability.py, test_inspections.py).
    complaint_commands = {n for n in c.__all__ if n.endswith("_complaint")}
    assert len(complaint_commands) == 11
    pledge_commands = {"order_rectification", "sign_pledge", "open_pledge", "report_pledge", "complete_pledge",
                       "verify_pledge", "rate_pledge"}
    matter_commands = {"open_matter", "decide_sanction"}
    # Inspections and plans: test_inspections.py.
    inspection_commands = {"open_inspection", "record_finding", "close_inspection", "reinspect", "commit_plan",
                           "reveal_plan"}
    assert set(CASES) | {"rate", "request_hearing", "record_inquiry", "answer_inquiry"} | complaint_commands \
        | pledge_commands | matter_commands | inspection_commands == set(c.__all__)


@pytest.mark.parametrize("name", sorted(CASES))
def test_another_units_actor_of_the_same_role_is_forbidden_the_cases_unit_acts(name):
    setup, command, other, because = CASES[name]
    e = make_engine()
    setup(e)
    forbidden(e, command, other, because)
    events = e.execute(command)
    assert events and all(ev["actor"] == command["actor"] for ev in events if "actor" in ev)


def test_a_central_intake_window_receives_notifies_accepts_and_refuses_for_the_items_it_takes_in_only():
    e = make_engine()
    run(e, c.receive("C1", t("2026-09-28T09:00"), "s-hall", item=FOOD, applicant=APPLICANT),
        c.notify_corrections("C1", t("2026-09-28T09:30"), "s-hall", missing=["营业执照复印件"]),
        c.submit_corrections("C1", t("2026-09-29T09:00"), "s-hall", materials=["营业执照复印件"]),
        c.accept("C1", t("2026-09-29T10:00"), "s-hall"))
    assert e.case("C1")["unit"] == "amr"
    received(e, "C2", actor="s-hall")
    e.execute(c.refuse("C2", t("2026-09-28T10:00"), "s-hall", **REFUSAL))
    # Not an item it does not take in; nothing else (no withdrawal, delivery, step or decision).
    forbidden(e, c.receive("J1", AT, "s-clerk", item=FIRE_CHECK, applicant=APPLICANT), "s-hall",
              "nor of an intake window that takes it in")
    received(e, "C3")
    forbidden(e, c.withdraw("C3", AT, "s-clerk"), "s-hall", "nothing else")
    # Without the policy's intake, the hall is just another unit.
    e = make_engine("")
    forbidden(e, c.receive("C1", AT, "s-clerk", item=FOOD, applicant=APPLICANT), "s-hall", OTHER_UNIT)


def test_an_intake_naming_a_unit_the_organisation_lacks_is_refused_naming_the_field():
    with pytest.raises(xn.InvalidInputError) as info:
        make_engine('\n[[intake]]\nunit = "lobby"\nitems = ["330100-FOOD-001"]\n')
    assert (info.value.field, info.value.value) == ("intake[0].unit", "lobby")
    with pytest.raises(xn.InvalidInputError) as info:
        make_engine('\n[[intake]]\nunit = "hall"\n')
    assert info.value.field == "intake[0]" and "takes in some items" in info.value.reason


def test_an_approval_needs_every_procedure_step_completed():
    e = make_engine()
    accepted(e)
    # A window clerk can no longer approve at step 1 of 3, and nobody approves or denies before the last step.
    forbidden(e, c.decide("C1", AT, "s-head", approve=True), "s-clerk", "roles")
    with pytest.raises(xn.InvalidStateError, match=r"step 1 of 3 \(受理\) is not completed") as info:
        e.execute(c.decide("C1", AT, "s-head", approve=True))
    assert info.value.field == "type"
    with pytest.raises(xn.InvalidStateError, match="every procedure step"):
        e.execute(c.decide("C1", AT, "s-head", approve=False, **REFUSAL))


def test_extension_by_the_superiors_head_and_follow_up_by_a_supervisor_are_allowed():
    e = make_engine()
    accepted(e)
    assert [ev["type"] for ev in e.execute(c.extend("C1", AT, "s-gov-head", amount=10, reason="需要现场核查"))][-1] \
        == "extended"
    e = make_engine()
    badly_rated(e)
    assert e.execute(c.follow_up_rating("C1", AT, "s-sup", result="已核实整改"))[0]["type"] == "rating_followed_up"


def test_a_negative_report_goes_to_the_head_of_the_case_unit_or_its_superior():
    e = make_engine()
    refused(e)
    with pytest.raises(xn.InvalidInputError) as info:
        e.execute(c.report_negative("C1", AT, "s-clerk", superior="s-fire-head"))
    assert (info.value.field, info.value.value) == ("superior", "s-fire-head")
    assert e.execute(c.report_negative("C1", AT, "s-clerk", superior="s-gov-head"))[0]["superior"] == "s-gov-head"


def test_a_first_inquiry_is_answered_by_the_responsible_person_only():
    e = make_engine()
    e.execute(c.record_inquiry("Q1", AT, "s-rev", person="张女士", topic="食品经营许可材料"))
    forbidden(e, c.answer_inquiry("Q1", AT, "s-rev", outcome="answered"), "s-fire", "`s-rev` is responsible")
    assert [ev["type"] for ev in e.execute(c.answer_inquiry("Q1", AT, "s-rev", outcome="answered"))] == [
        "inquiry_answered"]


# Chief representatives (首席代表负责制): a unit's written delegation names who signs for it in the service
# hall, which commands, which items and how long; the role alone grants nothing.

REP = {"id": "s-rep", "name": "首席代表", "unit": "hall", "roles": ["chief_representative"], "rank": 3}


def org_with(delegations):
    """The county organisation with s-rep (hall, chief_representative only) and `delegations`."""
    doc = json.loads((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    doc["staff"].append(REP)
    doc["delegations"] = delegations
    return xn.Org.from_json(json.dumps(doc, ensure_ascii=False))


def delegated_engine(delegations):
    org = org_with(delegations)
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.from_toml((ROOT / "presets/county.toml").read_text(encoding="utf-8")), org, catalog)


FOOD_2026 = {"unit": "amr", "representative": "s-rep", "items": [FOOD], "commands": ["receive", "accept"],
             "from": "2026-01-01", "until": "2026-12-31"}


def test_an_organisation_with_a_delegation_loads_and_reads_back():
    org = org_with([FOOD_2026])
    back = json.loads(org.to_json())
    assert back["delegations"] == [FOOD_2026]
    # Documents without delegations still load, and write none back.
    plain = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    assert "delegations" not in json.loads(plain.to_json())


@pytest.mark.parametrize("delegation, field, value, because", [
    ({"unit": "tax", "representative": "s-rep", "commands": ["accept"]}, "delegations[0].unit", "tax", "no unit"),
    ({"unit": "amr", "representative": "s-clerk", "commands": ["accept"]}, "delegations[0].representative",
     "s-clerk", "chief_representative"),
    ({"unit": "amr", "representative": "s-rep", "commands": ["approve"]}, "delegations[0].commands[0]", "approve",
     "not a case command a chief representative signs"),
    ({"unit": "amr", "representative": "s-rep", "commands": ["accept"], "from": "2026-10-01",
      "until": "2026-09-30"}, "delegations[0].until", "2026-09-30", "before from"),
])
def test_a_bad_delegation_names_its_field(delegation, field, value, because):
    with pytest.raises(xn.InvalidInputError) as info:
        org_with([delegation])
    err = info.value
    assert (err.field, err.value) == (field, value), str(err)
    assert because in err.reason, str(err)


def test_a_delegated_command_passes_and_one_outside_the_delegation_is_refused():
    e = delegated_engine([FOOD_2026])
    received(e, actor="s-rep")
    e.execute(c.accept("C1", t("2026-09-28T10:00"), "s-rep"))
    # Not delegated: another item, another command.
    received(e, "J1", FIRE_CHECK)
    forbidden(e, c.accept("J1", t("2026-09-28T10:00"), "s-rep"), "s-rep",
              "does not cover the item `330100-BLDG-007`")
    received(e, "C2")
    forbidden(e, c.refuse("C2", t("2026-09-28T10:00"), "s-rep", **REFUSAL), "s-rep",
              "does not cover the command `refuse`")


def test_a_delegation_of_another_unit_or_out_of_date_grants_nothing():
    e = delegated_engine([{**FOOD_2026, "unit": "fire", "items": []}])
    forbidden(e, c.receive("C1", t("2026-09-28T09:00"), "s-rep", item=FOOD, applicant=APPLICANT), "s-rep",
              "unit `amr` has no written delegation to `s-rep`")
    e = delegated_engine([{**FOOD_2026, "until": "2026-09-27"}])
    forbidden(e, c.receive("C1", t("2026-09-28T09:00"), "s-rep", item=FOOD, applicant=APPLICANT), "s-rep",
              "not on 2026-09-28")


def test_without_a_delegation_the_role_alone_grants_nothing():
    e = delegated_engine([])
    forbidden(e, c.receive("C1", t("2026-09-28T09:00"), "s-rep", item=FOOD, applicant=APPLICANT), "s-rep",
              "the role alone grants nothing")
    # A unit head who also holds the role acts by their own role.
    received(e)
    e.execute(c.accept("C1", t("2026-09-28T10:00"), "s-head"))
