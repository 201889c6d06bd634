"""Accountability matters (问责事项) from Python (docs/rules.md, "Accountability matters"; the Rust rulebook is
tests/accountability_rules.rs): a matter opened on a registered violation (its ``seq``) or by a trigger from
outside the flow, the ladder's proposal with its derivation, the decision by a supervisor outside the
person's unit (a change with a reason), what holds (``Engine.matters``, ``award_blocked``,
``filing_stats``, ``register_state``), a person's and a unit's record for a period (``Engine.record``),
refusals naming the field, and hostile input."""

import datetime as dt
import json
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]


def org_document() -> dict:
    """The county organisation with a second supervisor in the efficiency office (s-sup2) and a supervisor
    seconded to the market regulator (s-amr-sup)."""
    doc = json.loads((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    doc["staff"] += [
        {"id": "s-sup2", "name": "韩梅", "unit": "eff", "roles": ["supervisor"], "rank": 3},
        {"id": "s-amr-sup", "name": "蒋平", "unit": "amr", "roles": ["supervisor"], "rank": 3},
    ]
    return doc


ORG_DOC = org_document()


def make_engine() -> xn.Engine:
    org = xn.Org.from_json(json.dumps(ORG_DOC))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Engine(xn.Policy.load(ROOT / "presets/county.toml"), org, catalog)


def with_violation():
    """An engine whose register holds one violation: Q1, recorded by s-clerk on 2026-11-02, unanswered."""
    e = make_engine()
    e.execute(c.record_inquiry("Q1", t("2026-11-02T09:00"), "s-clerk", person="张先生", topic="食品经营许可"))
    fired = e.advance(t("2026-11-04T00:00"))
    seq = next(ev["seq"] for ev in fired if ev["type"] == "violation")
    return e, seq


def open_on(seq, case="W1", actor="s-sup", at="2026-11-05T09:00"):
    return c.open_matter(case, t(at), actor, violation=seq, severity="ordinary")


def media(person="s-clerk", case="W1", actor="s-sup", at="2026-11-05T09:00"):
    return c.open_matter(case, t(at), actor, trigger="media_exposure", person=person, detail="窗口推诿被媒体曝光",
                         severity="ordinary")


def confirm(case="W1", actor="s-sup2", at="2026-11-06T09:00"):
    return c.decide_sanction(case, t(at), actor, confirm=True, note="经集体研究")


def matter(e, case="W1"):
    return next(m for m in e.matters() if m["id"] == case)


def test_a_matter_on_a_registered_violation_is_proposed_by_the_ladder_and_holds_once_decided():
    e, seq = with_violation()
    assert e.register_state(seq) == "recorded"
    events = e.execute(open_on(seq))
    assert [ev["type"] for ev in events] == ["matter_opened", "sanction_proposed"]
    m = matter(e)
    assert m["state"] == "proposed"
    assert (m["facts"]["kind"], m["facts"]["person"], m["facts"]["unit"]) == ("unanswered_inquiry", "s-clerk", "amr")
    assert m["proposal"]["outcome"]["measures"] == ["written_self_criticism"]
    assert m["proposal"]["derivation"]
    assert e.register_state(seq) == "proposed"
    # Nothing takes effect before a supervisor decides.
    assert not e.award_blocked("s-clerk", 2026)
    assert e.filing_stats(dt.date(2026, 11, 1), dt.date(2026, 12, 1))["filings"] == 0
    e.execute(confirm())
    assert matter(e)["state"] == "decided"
    assert e.register_state(seq) == "decided"
    assert e.award_blocked("s-clerk", 2026) and not e.award_blocked("s-clerk", 2027)
    stats = e.filing_stats(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert stats["filings"] == 1 and stats["by_unit"]["amr"]["filings"] == 1


def test_only_a_supervisor_outside_the_persons_unit_opens_and_decides():
    e, seq = with_violation()
    for actor in ("s-amr-sup", "s-head"):
        with pytest.raises(xn.ForbiddenError) as err:
            e.execute(open_on(seq, actor=actor))
        assert err.value.field == "actor"
    e.execute(open_on(seq))
    for actor in ("s-amr-sup", "s-clerk"):
        with pytest.raises(xn.ForbiddenError):
            e.execute(confirm(actor=actor))
    assert matter(e)["state"] == "proposed"
    e.execute(confirm(actor="s-sup"))


def test_a_trigger_feeds_the_register_and_a_change_records_its_reason():
    e = make_engine()
    with pytest.raises(xn.InvalidInputError) as err:
        e.execute(c.open_matter("W1", t("2026-11-05T09:00"), "s-sup", trigger="media_exposure", detail="x",
                                severity="ordinary"))
    assert err.value.field == "person"
    e.execute(media())
    v = e.violations(rule="accountability_triggered")
    assert list(v["record"]) == ["W1"] and list(v["responsible"]) == ["s-clerk"] and list(v["unit_head"]) == ["s-head"]
    with pytest.raises(xn.InvalidInputError) as err:
        e.execute(c.decide_sanction("W1", t("2026-11-06T09:00"), "s-sup", confirm=False, reason=" ",
                                    measures=["criticism_education"]))
    assert err.value.field == "reason"
    with pytest.raises(xn.InvalidInputError) as err:
        e.execute(c.decide_sanction("W1", t("2026-11-06T09:00"), "s-sup", confirm=False, reason="r",
                                    measures=["scolding"]))
    assert err.value.field == "measures[0]"
    e.execute(c.decide_sanction("W1", t("2026-11-06T09:00"), "s-sup", confirm=False, reason="首次，主动整改",
                                measures=["public_criticism:1"]))
    held = matter(e)["sanction"]
    assert held["changed"] and held["reason"] == "首次，主动整改"
    assert held["outcome"]["measures"] == [{"measure": "public_criticism", "level": 1}]


def test_one_matter_per_violation_and_unknown_ones_are_refused():
    e, seq = with_violation()
    with pytest.raises(xn.NotFoundError) as err:
        e.execute(open_on(seq + 100))
    assert err.value.field == "violation"
    e.execute(open_on(seq))
    with pytest.raises(xn.InvalidStateError) as err:
        e.execute(open_on(seq, case="W2"))
    assert err.value.field == "violation"
    assert e.register_state(seq + 100) is None


def test_the_ladder_counts_what_was_confirmed_before():
    e = make_engine()
    for k, (day, measures) in enumerate([(2, ["written_self_criticism"]), (4, []), (6, ["suspension"])]):
        e.execute(media(case=f"W{k}", at=f"2026-11-0{day}T09:00"))
        assert matter(e, f"W{k}")["proposal"]["outcome"]["measures"] == measures
        e.execute(confirm(case=f"W{k}", at=f"2026-11-0{day}T10:00"))
    assert "unit_head_accountable" in matter(e, "W2")["sanction"]["outcome"]["effects"]


def test_filing_stats_refuses_a_period_that_ends_before_it_starts_and_odd_arguments():
    e = make_engine()
    with pytest.raises(xn.InvalidInputError) as err:
        e.filing_stats(dt.date(2026, 12, 1), dt.date(2026, 11, 1))
    assert err.value.field == "end"
    with pytest.raises(xn.InvalidInputError):
        e.filing_stats("2026-11-01", dt.date(2026, 12, 1))
    with pytest.raises(xn.InvalidInputError):
        e.award_blocked("s-clerk", "2026")
    with pytest.raises(xn.InvalidInputError):
        e.register_state(-1)
    assert e.register_state(2**63) is None


def test_replay_and_restore_give_back_the_same_matters():
    e = make_engine()
    log = list(e.execute(c.record_inquiry("Q1", t("2026-11-02T09:00"), "s-clerk", person="张先生", topic="食品")))
    log += e.advance(t("2026-11-04T00:00"))
    seq = next(ev["seq"] for ev in log if ev["type"] == "violation")
    for cmd in (open_on(seq), confirm(), media(case="W2", at="2026-11-09T09:00")):
        log += e.execute(cmd)
    org = xn.Org.from_json(json.dumps(ORG_DOC))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    policy = xn.Policy.load(ROOT / "presets/county.toml")
    replayed = xn.Engine.replay(policy, org, catalog, log)
    assert replayed.matters() == e.matters()
    restored = xn.Engine.restore(policy, org, catalog, e.snapshot())
    assert restored.matters() == e.matters()
    # The second matter's proposal counted the first sanction.
    assert matter(e, "W2")["proposal"]["count"] == 2


def test_the_register_is_filtered_by_its_state_of_accountability():
    e, seq = with_violation()
    assert list(e.violations(state="recorded")["seq"]) == [seq]
    e.execute(open_on(seq))
    e.execute(media(case="W2", person="s-fire", at="2026-11-05T10:00"))
    assert list(e.violations(state="proposed")["record"]) == ["Q1", "W2"]
    assert e.violations(state="recorded").empty
    e.execute(confirm())
    assert list(e.violations(state="decided", unit="amr")["record"]) == ["Q1"]
    with pytest.raises(xn.InvalidInputError) as err:
        e.violations(state="closed")
    assert err.value.field == "state"


NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def test_a_persons_record_holds_their_violations_matters_sanctions_points_and_award_bar():
    e, seq = with_violation()
    e.execute(open_on(seq))
    # Proposed: nothing deducted, no award bar.
    r = e.record(person="s-clerk", start=NOV, end=DEC)
    assert [(v["seq"], v["state"]) for v in r["violations"]] == [(seq, "proposed")]
    assert r["sanctions"] == [] and r["person_points"] == 0
    assert r["awards"] == [{"year": 2026, "blocked": False, "persons": []}]
    e.execute(confirm())
    r = e.record(person="s-clerk", start=NOV, end=DEC)
    assert r["subject"] == {"kind": "person", "id": "s-clerk"}
    assert (r["period_start"], r["period_end"], r["unit"], r["unit_head"]) == ("2026-11-01", "2026-12-01", "amr",
                                                                              "s-head")
    assert r["by_rule"] == {"unanswered_inquiry": 1}
    assert [(v["seq"], v["state"], v["record"]) for v in r["violations"]] == [(seq, "decided", "Q1")]
    assert [(m["id"], m["violation"], m["state"]) for m in r["matters"]] == [("W1", seq, "decided")]
    assert [(s["matter"], s["measures"], s["person_points"]) for s in r["sanctions"]] == [
        ("W1", ["written_self_criticism"], 5)]
    assert r["person_points"] == 5
    assert r["awards"] == [{"year": 2026, "blocked": True, "persons": ["s-clerk"]}]
    assert e.record(person="s-clerk", start=dt.date(2026, 10, 1), end=NOV)["violations"] == []


def test_a_units_record_counts_what_is_traced_to_it_and_not_another_units_person():
    e, seq = with_violation()
    e.execute(open_on(seq))
    e.execute(confirm())
    e.execute(media(case="W2", person="s-fire", at="2026-11-09T09:00"))
    e.execute(confirm(case="W2", at="2026-11-10T09:00"))
    amr = e.record(unit="amr", start=NOV, end=DEC)
    assert amr["subject"] == {"kind": "unit", "id": "amr"}
    assert amr["unit_head"] == "s-head"
    assert [v["person"] for v in amr["violations"]] == ["s-clerk"]
    assert [s["matter"] for s in amr["sanctions"]] == ["W1"]
    assert amr["unit_level"] == 0
    fire = e.record(unit="fire", start=NOV, end=DEC)
    assert [s["matter"] for s in fire["sanctions"]] == ["W2"]
    assert fire["awards"][0]["persons"] == ["s-fire"]


def test_a_violation_on_the_periods_end_instant_is_excluded():
    e = make_engine()
    e.execute(media(case="W1", at="2026-12-01T00:00"))
    inside = e.record(person="s-clerk", start=NOV, end=DEC)
    assert inside["violations"] == [] and inside["matters"] == []
    after = e.record(person="s-clerk", start=DEC, end=dt.date(2026, 12, 2))
    assert [v["record"] for v in after["violations"]] == ["W1"]


def test_a_record_names_exactly_one_of_person_and_unit_and_refuses_bad_periods_and_ids():
    e = make_engine()
    with pytest.raises(xn.InvalidInputError) as err:
        e.record(person="s-clerk", unit="amr", start=NOV, end=DEC)
    assert err.value.field == "unit"
    with pytest.raises(xn.InvalidInputError) as err:
        e.record(start=NOV, end=DEC)
    assert err.value.field == "person"
    with pytest.raises(xn.InvalidInputError) as err:
        e.record(person=None, unit=None, start=NOV, end=DEC)
    assert err.value.field == "person"
    for start, end in ((DEC, NOV), (NOV, NOV)):
        with pytest.raises(xn.InvalidInputError) as err:
            e.record(person="s-clerk", start=start, end=end)
        assert err.value.field == "end"
    with pytest.raises(xn.NotFoundError) as err:
        e.record(person="s-nobody", start=NOV, end=DEC)
    assert err.value.field == "person"
    with pytest.raises(xn.NotFoundError) as err:
        e.record(unit="nowhere", start=NOV, end=DEC)
    assert err.value.field == "unit"
    with pytest.raises(xn.InvalidInputError) as err:
        e.record(person=3, start=NOV, end=DEC)
    assert err.value.field == "person"
    with pytest.raises(xn.InvalidInputError) as err:
        e.record(unit="amr", start="2026-11-01", end=DEC)
    assert err.value.field == "start"
    with pytest.raises(TypeError):
        e.record("s-clerk", NOV, DEC)  # type: ignore[misc]
