"""One 12345-hotline efficiency complaint, from the call to a confirmed sanction and a verified rectification.

A citizen calls the 12345 hotline: his food-business licence application at the market regulator (``amr``) is
past its pledged limit. The efficiency office registers and accepts the complaint and refers it to the
regulator's head, who finds it substantiated (the reviewer ``s-rev`` sat on it); the office reviews and closes
it. Closing records the ``substantiated_complaint`` violation (against ``s-rev``, unit ``amr``, head ``s-head``)
and orders the unit's rectification ``T1-ZG1``. An accountability matter on the violation gets the county
ladder's proposal, with its derivation; a second supervisor (``s-sup2``) confirms it, so the sanction holds:
no award for ``s-rev`` in 2026, one filing in November. The head signs the rectification pledge with its five
specifics, reports its milestones and the three 到位, and reports it fulfilled; ``s-sup2`` verifies it: kept.
The violation register closes the walk.

Configuration: presets/county.toml, tests/fixtures/county-org.json (with a second supervisor of the efficiency
office, ``s-sup2``, added here: review and verification are by a different person) and
tests/fixtures/county-catalog.json. Every expectation is checked: the script exits non-zero when one does
not hold.

Run: python examples/python/complaint_to_sanction.py   (after `scripts/test-python` or `maturin develop`)
"""

# %% Configuration: the county's rules, its organisation with a second supervisor, its catalog.
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import xiaoneng as xn
from xiaoneng import commands as cmd

ROOT = Path(__file__).resolve().parents[2]
policy = xn.Policy.load(ROOT / "presets" / "county.toml")
org_json = json.loads((ROOT / "tests" / "fixtures" / "county-org.json").read_text(encoding="utf-8"))
org_json["staff"].append({"id": "s-sup2", "name": "韩梅", "unit": "eff", "roles": ["supervisor"], "rank": 3})
org = xn.Org.from_json(json.dumps(org_json, ensure_ascii=False))
catalog = xn.Catalog.from_json((ROOT / "tests" / "fixtures" / "county-catalog.json").read_text(encoding="utf-8"), org)
engine = xn.Engine(policy, org, catalog)
cst = dt.timezone(dt.timedelta(hours=8))


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=cst)


def expect(ok: bool, what: str) -> None:
    """Stops the script (exit status 1) when an expectation does not hold."""
    if not ok:
        sys.exit(f"expectation failed: {what}")


def show(events: list[Any]) -> None:
    """Prints events: sequence number, instant (China time), record, who (timers have no actor), what."""
    for e in events:
        details = {k: f"{v:%m-%d %H:%M}" if isinstance(v, dt.datetime) else v
                   for k, v in e.items() if k not in ("seq", "at", "case", "actor", "type")}
        print(f"  #{e['seq']:<3} {e['at']:%m-%d %H:%M}  {e['case']:<7} {e.get('actor', '(timer)'):<7} "
              f"{e['type']:<22} {details or ''}")


def send(title: str, command: Any) -> list[Any]:
    """Sends one command, prints what the engine answers and returns it."""
    print(title)
    events = engine.execute(command)
    show(events)
    return events


def pledge(when: dt.datetime) -> dict[str, Any]:
    """The rectification T1-ZG1 with its status at an instant."""
    p = engine.pledge("T1-ZG1", when)
    expect(p is not None, "T1-ZG1 exists")
    assert p is not None
    return p


def status(when: dt.datetime, want: str) -> None:
    """Prints the status of T1-ZG1 at an instant and checks it."""
    got = pledge(when)["status"]
    print(f"  status of T1-ZG1 at {when:%m-%d %H:%M}: {got}")
    expect(got == want, f"T1-ZG1 is {want} at {when}, not {got}")


# %% 1. The complaint T1: registered, accepted and referred, handled, reviewed and closed.
print("== 1. The complaint T1 (12345 hotline, delay, about the market regulator)")
send("Mon 11-02 09:00  the efficiency office registers the hotline call",
     cmd.register_complaint("T1", at(11, 2, 9), "s-sup", channel="hotline_12345", category="delay",
                            respondent="amr", subject="食品经营许可申请材料齐全，超过承诺时限仍未办结",
                            complainant="张先生", contact="138****0000"))
send("Mon 11-02 10:00  accepted and referred to the regulator's head (分级办理)",
     cmd.accept_complaint("T1", at(11, 2, 10), "s-sup", tier="unit", handler="s-head"))
send("Wed 11-04 09:00  the head finds it substantiated: the reviewer s-rev sat on the file",
     cmd.handle_complaint("T1", at(11, 4, 9), "s-head", finding="substantiated",
                          summary="审核岗超时未办，已督促办结", responsible="s-rev"))
closed = send("Thu 11-05 09:00  reviewed and closed by the office (审核办结)",
              cmd.close_complaint("T1", at(11, 5, 9), "s-sup"))
kinds = [e["type"] for e in closed]
expect(kinds == ["complaint_closed", "violation", "rectification_ordered"],
       f"closing gives complaint_closed, violation, rectification_ordered (got {kinds})")
violation = closed[1]
expect((violation["rule"], violation.get("responsible"), violation.get("unit"), violation.get("unit_head"))
       == ("substantiated_complaint", "s-rev", "amr", "s-head"),
       "a substantiated_complaint violation against s-rev, unit amr, head s-head")
seq = violation["seq"]
expect(closed[2]["case"] == "T1-ZG1" and pledge(at(11, 5, 9))["state"] == "ordered",
       "the rectification T1-ZG1 is ordered")
expect(engine.register_state(seq) == "recorded", "the violation is recorded")
send("Thu 11-05 11:00  the complainant is told the result",
     cmd.reply_complaint("T1", at(11, 5, 11), "s-sup", reply="您反映的问题属实，已责成市场监管局限期整改并追究责任"))

# %% 2. The accountability matter W1: the ladder proposes, a second supervisor confirms.
print(f"\n== 2. The accountability matter W1 on violation #{seq}")
send("Thu 11-05 14:00  the office opens a matter on the registered violation",
     cmd.open_matter("W1", at(11, 5, 14), "s-sup", violation=seq, severity="ordinary"))
(matter,) = [m for m in engine.matters() if m["id"] == "W1"]
proposal = matter["proposal"]
print(f"  proposed ({proposal['rule']}): {json.dumps(proposal['outcome'], ensure_ascii=False)}")
print("  derivation:")
for reason in proposal["derivation"]:
    print(f"    {json.dumps(reason, ensure_ascii=False, default=str)}")
expect(len(proposal["derivation"]) > 0, "the proposal explains itself")
expect("sanction" not in matter and not engine.award_blocked("s-rev", 2026), "nothing takes effect before a decision")
expect(engine.register_state(seq) == "proposed", "the violation is proposed")
send("Fri 11-06 09:00  a second supervisor, s-sup2, confirms the proposal",
     cmd.decide_sanction("W1", at(11, 6, 9), "s-sup2", confirm=True, note="经集体研究"))
(matter,) = [m for m in engine.matters() if m["id"] == "W1"]
held = matter.get("sanction") or {}
expect(matter["state"] == "decided" and held.get("decided_by") == "s-sup2" and held.get("changed") is False,
       "the sanction holds, as proposed, decided by s-sup2")
print(f"  holds: {json.dumps(held['outcome'], ensure_ascii=False)}")
expect(engine.register_state(seq) == "decided", "the violation is decided")
blocked = engine.award_blocked("s-rev", 2026)
print(f"  award_blocked('s-rev', 2026) = {blocked}")
expect(blocked, "s-rev may receive no award in 2026")
expect(not engine.award_blocked("s-rev", 2027), "the bar is for 2026 only")
stats = engine.filing_stats(dt.date(2026, 11, 1), dt.date(2026, 12, 1))  # [Nov 1, Dec 1): November
print(f"  filings of November 2026: {json.dumps(stats, ensure_ascii=False, default=str)}")
expect(stats["filings"] == 1 and stats["by_unit"]["amr"]["filings"] == 1, "one filing in November, of amr")

# %% 3. The rectification T1-ZG1: signed, reported, completed, verified.
print("\n== 3. The rectification T1-ZG1")
status(at(11, 6, 10), "on_track")
send("Mon 11-09 09:00  the head signs the pledge: 15 working days (to 11-30), milestones at 5 and 10",
     cmd.sign_pledge("T1-ZG1", at(11, 9, 9), "s-head", measures="建立超时预警和审核岗AB岗顶岗制度",
                     responsible="s-rev", standard="承诺件按时办结率100%", amount=15,
                     milestones=["制度印发", "全员培训"], milestone_days=[5, 10]))
# The first milestone ends with Monday 11-16: on Thursday 11-12 it is 3 working days away.
status(at(11, 10, 9), "on_track")
status(at(11, 12, 9), "at_risk")
send("Fri 11-13 09:00  milestone 1 reached; recognition in place (认识到位)",
     cmd.report_pledge("T1-ZG1", at(11, 13, 9), "s-rev", note="制度已印发", milestone=1, in_place="recognition"))
status(at(11, 16, 9), "on_track")
send("Fri 11-20 09:00  milestone 2 reached; rectification in place (整改到位)",
     cmd.report_pledge("T1-ZG1", at(11, 20, 9), "s-rev", note="全员培训已完成", milestone=2,
                       in_place="rectification"))
send("Fri 11-20 10:00  the head reports accountability in place (责任追究到位: W1 decided)",
     cmd.report_pledge("T1-ZG1", at(11, 20, 10), "s-head", note="W1 问责已确认", in_place="accountability"))
send("Mon 11-23 09:00  the head reports it fulfilled, with evidence",
     cmd.complete_pledge("T1-ZG1", at(11, 23, 9), "s-head", evidence="制度文件、培训签到表、办结记录"))
send("Wed 11-25 09:00  s-sup2 verifies it (验收): passed",
     cmd.verify_pledge("T1-ZG1", at(11, 25, 9), "s-sup2", passed=True, evidence="暗访三次，均按时办结"))
expect(pledge(at(11, 25, 10))["state"] == "kept", "the pledge is kept")
status(at(11, 25, 10), "kept")
# Time passes beyond every limit: nothing more is breached.
later = engine.advance(at(12, 31))
print(f"advance to 12-31: {len(later)} event(s)")
show(later)
expect(all(e["type"] != "violation" for e in later), "no limit of the walk is breached")
status(at(12, 31), "kept")

# %% 4. The violation register (a DataFrame).
print("\n== 4. The violation register")
register = engine.violations()
print(register[["seq", "at", "record", "rule", "responsible", "unit", "unit_head"]].to_string(index=False))
expect(list(register["seq"]) == [seq], "the register holds the one violation of the walk")
print("\nAll expectations held.")
