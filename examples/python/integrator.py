"""What an integrator's portal (or an analyst's notebook) does with the engine, top to bottom.

One item (a fire-safety check for a public venue, handled jointly with the fire brigade), one applicant,
a correction, a joint review where the fire brigade skips the joint meeting, the 2026 National Day
holiday, an extension, a decision and delivery. The portal sends commands as they happen and calls
``advance`` on a timer; the engine answers with events, which the portal stores and shows. At the end:
the e-supervision board and the unit's figures as pandas DataFrames.

Run: python examples/python/integrator.py   (after `scripts/test-python` or `maturin develop`)
"""

# %% Configuration: the county's rules, its organisation and its catalog of service items.
import datetime as dt
import json
from pathlib import Path

import pandas as pd

import xiaoneng as xn
from xiaoneng import commands as cmd

ROOT = Path(__file__).resolve().parents[2]
policy = xn.Policy.load(ROOT / "presets" / "county.toml")
org = xn.Org.from_json((ROOT / "tests" / "fixtures" / "county-org.json").read_text(encoding="utf-8"))
catalog = xn.Catalog.from_json((ROOT / "tests" / "fixtures" / "county-catalog.json").read_text(encoding="utf-8"), org)

ITEM = "330100-BLDG-007"
print(catalog.guide_markdown(ITEM, org).splitlines()[0])

engine = xn.Engine(policy, org, catalog)
cst = dt.timezone(dt.timedelta(hours=8))
case = "2026-AMR-0001"
log: list[dict] = []  # the portal keeps every event: it is the audit trail, and replay rebuilds the state


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=cst)


def show(events: list[dict]) -> None:
    """Prints events: sequence number, instant (China time), who (timers have no actor), what."""
    for e in events:
        details = {k: f"{v:%m-%d %H:%M}" if isinstance(v, dt.datetime) else v
                   for k, v in e.items() if k not in ("seq", "at", "case", "actor", "type")}
        who = e.get("actor", "(timer)")
        print(f"  #{e['seq']:<3} {e['at']:%m-%d %H:%M}  {who:<10} {e['type']:<16} {details or ''}")
    log.extend(events)


def send(title: str, command: dict) -> None:
    """Sends one command and prints what the engine answers."""
    print(title)
    show(engine.execute(command))


# %% Receipt, one-time notice (art. 32), correction, acceptance.
send("Mon 09-28 09:00  the applicant hands in the declaration form at window A12",
     cmd.receive(case, at(9, 28, 9), "s-clerk", item=ITEM, applicant="某影城有限公司",
                 materials=["消防安全检查申报表"]))
send("Mon 09-28 09:30  one-time notice of everything missing (art. 32)",
     cmd.notify_corrections(case, at(9, 28, 9, 30), "s-clerk", missing=["消防设施检测报告", "疏散平面图"]))
send("Tue 09-29 10:00  the applicant brings the missing documents",
     cmd.submit_corrections(case, at(9, 29, 10), "s-clerk", materials=["消防设施检测报告", "疏散平面图"]))
send("Tue 09-29 10:30  accepted: the statutory (45) and pledged (15 working days) clocks start",
     cmd.accept(case, at(9, 29, 10, 30), "s-clerk"))
send("Tue 09-29 11:00  the window completes step 1 (受理)",
     cmd.complete_step(case, at(9, 29, 11), "s-clerk"))

# %% Joint review: the fire brigade does not come to the meeting and gave no excuse (缺席默认).
send("Wed 09-30 15:00  joint meeting; the fire brigade is absent without excuse: deemed consent",
     cmd.joint_absence(case, at(9, 30, 15), "s-rev", unit="fire", excused=False))

# %% The National Day holiday (Oct 1-7, 2026; Sat Oct 10 is a makeup workday): no working days pass.
view = engine.view(case, at(9, 30, 17))
print(f"  before the holiday: supervised deadline {view['decision']['deadline_date']}, "
      f"{view['decision']['used']} of {view['decision']['budget']} working days used")
print("Thu 10-01 .. Wed 10-07  National Day holiday: the portal's timer calls advance; nothing is due")
show(engine.advance(at(10, 7, 23, 59)))
view = engine.view(case, at(10, 8, 9))
print(f"  after the holiday:  {view['decision']['used']} of {view['decision']['budget']} working days used "
      f"(the holiday did not count)")
before_extension = engine.snapshot()  # kept for a what-if below

# %% Extension by the unit head (art. 42), then the A/B rule while the reviewer is on leave.
send("Fri 10-09 09:00  the county government's head extends by 10 working days (art. 42: a joint item)",
     cmd.extend(case, at(10, 9, 9), "s-gov-head", amount=10, reason="需组织专家现场评估"))
print("Mon 10-12 .. Fri 10-16  the reviewer (A) is on leave, and the B reviewer on 10-14 and 10-15")
show(engine.advance(at(10, 16, 9)))
try:
    engine.execute(cmd.complete_step(case, at(10, 16, 10), "s-rev"))
except xn.ForbiddenError as e:
    print(f"  rejected, engine unchanged: {e}")
send("Fri 10-16 10:00  the B reviewer completes the joint review while A is on leave (A/B posts)",
     cmd.complete_step(case, at(10, 16, 10), "s-rev2"))
view = engine.view(case, at(10, 16, 12))
d = view["decision"]
print(f"  view: {view['state']}, supervised deadline {d['deadline_date']} "
      f"({d['used']} of {d['budget']} working days used), signal {d['signal']}")

# %% Decision and delivery (art. 44), then the rating window.
send("Mon 10-19 16:00  the unit head approves", cmd.decide(case, at(10, 19, 16), "s-head", approve=True))
send("Tue 10-20 09:00  the certificate is delivered; the case closes",
     cmd.deliver(case, at(10, 20, 9), "s-clerk"))
print("Wed 10-28 00:00  no rating 7 natural days after delivery: the county's default (基本满意) is recorded")
show(engine.advance(at(10, 31)))

# %% The log: stored as JSON, replayed into the same state.
stored = json.dumps(log, ensure_ascii=False, default=dt.datetime.isoformat)
replayed = xn.Engine.replay(policy, org, catalog, json.loads(stored))
assert replayed.snapshot() == engine.snapshot()
print(f"\nThe log has {engine.seq} events ({len(stored)} bytes of JSON); Engine.replay rebuilds this state.")

# %% The e-supervision board and the unit's figures, as an analyst sees them.
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 30)
board = engine.board(at(10, 31))
print(f"\nE-supervision board on 10-31: {len(board)} signalled case(s) (the case closed on time)")
print(board)

# What if the unit head had not extended and nobody had acted? Restore the state from before the
# extension and let time run: a step over its limit, a reminder one working day before the deadline, then, the
# item being joint, deemed approval when the pledged limit passes (超时默认).
what_if = xn.Engine.restore(policy, org, catalog, before_extension)
print("\nWhat if there had been no extension (restored from the snapshot of 10-08):")
show_what_if = [(e["at"], e["type"], e.get("rule") or e.get("signal") or "") for e in what_if.advance(at(10, 26, 9))]
for when, kind, detail in show_what_if:
    print(f"  {when:%m-%d %H:%M}  {kind:<14} {detail}")
print(what_if.board(at(10, 26, 9)))
for e in what_if.advance(at(10, 28)):
    print(f"  {e['at']:%m-%d %H:%M}  {e['type']:<14} approve={e.get('approve')} deemed={e.get('deemed')}")

metrics = engine.metrics(at(9, 1), at(10, 1))
print("\nFigures for cases received in September (每月通报):")
print(metrics.set_index("unit").T)
