#!/usr/bin/env python3
"""The engine from Python, against the Rust figures of ``benches/engine.rs`` (same preset, fixtures and workloads).

- **commands**: the realistic case mix of ``benches/engine.rs`` (``engine/commands``): receive, one-time notice and
  corrections for some, accept, every procedure step, the fire brigade's joint-review reply for the joint item,
  decide, deliver, a rating for half the delivered cases and a follow-up of the bad ones; some refusals with their
  negative report, some withdrawals, some denials; 20,000 cases received on the working days of January to
  September 2026, interleaved in time order. The same generator, with Python's seeded ``random`` instead of
  ChaCha8 (so the mix is the same in kind and proportions, not command for command). Timed on a fresh engine:
  ``Engine.execute_many`` on the list of command dicts, on the same commands as JSON Lines (bytes), and ``execute``
  one command at a time; each returns every event as dicts.
- **advance**: ``engine/advance_1m``: 1,000,000 accepted cases received over the working days of 2012-2026 (about
  1,000 due at each end of a working day), the backlog before 2014 fired untimed; each timed step is
  ``engine.advance(engine.next_timer)``, events returned as dicts.

The Rust figures are read from criterion's results (``target/criterion/engine/{commands,advance_1m}/new``): run
``cargo bench --bench engine -- 'engine/(commands|advance_1m)$'`` first, or pass ``--rust`` to have this script
run them in the same session, next to the Python measurements (the load of a shared machine drifts within
minutes): ``engine/commands`` just before the Python commands, and ``engine/advance_1m`` in ``--rounds`` runs,
each between two windows of Python advances on the same (already built) engine, compared per fired event. Ratios
are Python time over Rust time.

Run from the repository's virtual environment after ``maturin develop --release`` (``python/``):
``.venv/bin/python benches/python_engine.py [--rust] [--cases N] [--open-cases N] [--advances N]``;
``XN_BENCH_OPEN_CASES`` sets the open cases as for the Rust bench.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import xiaoneng as xn

ROOT = Path(__file__).resolve().parents[1]
FOOD = "330100-FOOD-001"
FIRE_CHECK = "330100-BLDG-007"
CST = dt.timezone(dt.timedelta(hours=8))
UTC = dt.timezone.utc


def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


def working_days(cal: xn.Calendar, first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        if cal.is_workday(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def at(day: dt.date, h: int, m: int) -> dt.datetime:
    """Local time h:m on `day` (+08:00), as an aware datetime (minutes may run past the hour)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=CST) + dt.timedelta(hours=h, minutes=m)


def text(t: dt.datetime) -> str:
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def cmd(kind: str, case: str, t: dt.datetime, actor: str, **fields) -> dict:
    return {"type": kind, "case": case, "at": text(t), "actor": actor, **fields}


class Mix:
    """The command streams of benches/engine.rs `case_commands`, one case at a time."""

    def __init__(self, cal: xn.Calendar, org: xn.Org, catalog: xn.Catalog, seed: int):
        self.cal, self.org, self.rng = cal, org, random.Random(seed)
        self.steps = {code: [s["post"] for s in catalog.item(code)["steps"]] for code in (FOOD, FIRE_CHECK)}
        self.acting_cache: dict = {}

    def pct(self, p: int) -> bool:
        return self.rng.randrange(100) < p

    def acting(self, post: str, t: dt.datetime) -> str:
        key = (post, t)
        if key not in self.acting_cache:
            self.acting_cache[key] = self.org.acting_holder(post, t)["staff"]
        return self.acting_cache[key]

    def case(self, case: str, day0: dt.date) -> list[tuple[dt.datetime, dict]]:
        rng, cal = self.rng, self.cal

        def clerk() -> str:
            return "s-clerk2" if rng.randrange(3) % 3 == 0 else "s-clerk"

        item = FIRE_CHECK if self.pct(20) else FOOD
        minute = rng.randrange(60)
        applicant = f"申请人{rng.randrange(100_000)}"
        out = []

        def add(kind, t, actor, **fields):
            out.append((t, cmd(kind, case, t, actor, **fields)))

        add("receive", at(day0, 9, minute), clerk(), item=item, applicant=applicant,
            materials=["食品经营许可申请书", "营业执照复印件"])
        roll = rng.randrange(100)
        if roll < 7:
            add("refuse", at(day0, 14, minute), clerk(), reasons="不属于本机关职权范围",
                legal_basis="《中华人民共和国行政许可法》第三十二条第一款第二项",
                remedies="可于六十日内申请行政复议或六个月内提起行政诉讼")
            add("report_negative", at(day0, 16, minute), clerk(), superior="s-head")
            return out
        accept_at = at(day0, 10, minute)
        if self.pct(30):
            add("notify_corrections", at(day0, 10, minute), clerk(),
                missing=["与食品经营相适应的设备布局和操作流程文件"])
            day1 = cal.add_workdays(day0, 1)
            add("submit_corrections", at(day1, 9, minute), clerk(),
                materials=["与食品经营相适应的设备布局和操作流程文件"])
            accept_at = at(day1, 10, minute)
        add("accept", accept_at, clerk())
        steps = self.steps[item]
        first = cal.local_date(accept_at)
        t = accept_at + dt.timedelta(hours=1)
        withdraw_after = rng.randrange(len(steps)) if roll < 12 else None
        for k, post in enumerate(steps):
            if withdraw_after == k:
                add("withdraw", t, clerk())
                return out
            add("complete_step", t, self.acting(post, t))
            t = at(cal.add_workdays(first, k + 1), 10, minute)
        if item == FIRE_CHECK:
            add("joint_reply", t - dt.timedelta(minutes=30), "s-fire", unit="fire", opinion="agree", reasons="")
        if self.pct(5):
            add("decide", t, "s-head", approve=False, reasons="经营场所不符合食品安全要求",
                legal_basis="《中华人民共和国食品安全法》第三十五条",
                remedies="可于六十日内申请行政复议或六个月内提起行政诉讼")
            return out
        add("decide", t, "s-head", approve=True, reasons="", legal_basis="", remedies="")
        delivered = at(cal.add_workdays(cal.local_date(t), 1), 11, minute)
        add("deliver", delivered, clerk())
        if self.pct(50):
            bad = self.pct(6)
            add("rate", delivered + dt.timedelta(hours=2), applicant,
                level=2 if bad else 4 + rng.randrange(2), real_name=self.pct(50),
                comment="等候时间长" if bad else "")
            if bad:
                add("follow_up_rating", delivered + dt.timedelta(days=1), "s-head", result="已核实并整改：增设窗口")
        return out


def mix(cfg, cases: int) -> list[dict]:
    """The realistic mix: `cases` cases' commands in time order (then by case)."""
    policy, org, catalog = cfg
    cal = policy.calendar()
    days = working_days(cal, dt.date(2026, 1, 5), dt.date(2026, 9, 30))
    gen = Mix(cal, org, catalog, 2026)
    rows = []
    for k in range(cases):
        day0 = days[k * len(days) // cases]
        for t, c in gen.case(f"330100-2026-{k:07}", day0):
            rows.append((t, k, c))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [c for _, _, c in rows]


def timed(fn, repeat: int) -> tuple[float, float, float]:
    """Best and mean wall time, and best CPU time of this process, of `repeat` runs (fn builds its own
    untimed state and returns ((wall seconds, CPU seconds), result)). On a machine shared with other work,
    the CPU time is the steadier figure: the time the call would take with a core to itself."""
    runs = [fn()[0] for _ in range(repeat)]
    walls = [w for w, _ in runs]
    return min(walls), sum(walls) / len(walls), min(c for _, c in runs)


def bench_commands(cfg, cases: int, repeat: int) -> dict:
    t0 = time.perf_counter()
    commands = mix(cfg, cases)
    lines = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in commands).encode()
    probe = xn.Engine(*cfg)
    events = sum(len(e) for e in probe.execute_many(commands))  # every command is accepted
    print(f"python/mix: {cases} cases, {len(commands)} commands, {events} events "
          f"(generated and checked in {time.perf_counter() - t0:.1f} s)")
    del probe

    def many(batch):
        def run():
            engine = xn.Engine(*cfg)
            t, c = time.perf_counter(), time.process_time()
            out = engine.execute_many(batch)
            secs = (time.perf_counter() - t, time.process_time() - c)
            del out
            return secs, engine
        return run

    def one_by_one():
        engine = xn.Engine(*cfg)
        execute = engine.execute
        t, c = time.perf_counter(), time.process_time()
        out = [execute(c) for c in commands]
        secs = (time.perf_counter() - t, time.process_time() - c)
        del out
        return secs, engine

    n = len(commands)
    results = {}
    for name, fn in [("execute_many(list of dicts)", many(commands)), ("execute_many(JSON Lines bytes)", many(lines)),
                     ("execute, one command at a time", one_by_one)]:
        best, mean, cpu = timed(fn, repeat)
        results[name] = (n / best, n / mean, n / cpu)
        print(f"python/commands: {name:34} best {n / best:>10,.0f} commands/s ({best * 1e6 / n:.2f} us each), "
              f"mean {n / mean:>10,.0f}; by CPU time {n / cpu:>10,.0f}")
    return results


def open_engine(cfg, n: int) -> xn.Engine:
    """`n` accepted cases received on the working days of 2012-2026; the timers due before 2014 fired."""
    t0 = time.perf_counter()
    policy, _, _ = cfg
    cal = policy.calendar()
    days = working_days(cal, dt.date(2012, 1, 4), dt.date(2026, 9, 30))
    rng = random.Random(7)
    engine = xn.Engine(*cfg)
    engine.reserve(n)
    chunk: list[str] = []
    for k in range(n):
        day0 = days[k * len(days) // n]
        received = at(day0, 8, 30 + rng.randrange(8 * 60))
        item = FIRE_CHECK if rng.randrange(100) < 20 else FOOD
        case = f"330100-{k:08}"
        chunk.append(json.dumps(cmd("receive", case, received, "s-clerk", item=item,
                                    applicant=f"申请人{rng.randrange(100_000)}",
                                    materials=["食品经营许可申请书", "营业执照复印件"]), ensure_ascii=False))
        chunk.append(json.dumps(cmd("accept", case, received + dt.timedelta(minutes=20), "s-clerk")))
        if len(chunk) >= 200_000:
            engine.execute_many("\n".join(chunk))
            chunk.clear()
    if chunk:
        engine.execute_many("\n".join(chunk))
    built = time.perf_counter() - t0
    start = dt.datetime(2014, 1, 2, tzinfo=CST)
    backlog, now = 0, dt.datetime(2012, 2, 1, tzinfo=CST)
    while now < start:  # month by month, so that the backlog's event dicts do not pile up
        backlog += len(engine.advance(now))
        now += dt.timedelta(days=30)
    backlog += len(engine.advance(start))
    print(f"python/advance_1m: built {n} accepted cases in {built:.1f} s; fired a backlog of {backlog} events "
          f"up to {start.isoformat()} in {time.perf_counter() - t0 - built:.1f} s")
    return engine


def advance_window(engine: xn.Engine, advances: int) -> tuple[float, int, int]:
    """Times `advances` steps `engine.advance(engine.next_timer)`: (seconds, events, steps)."""
    spent, events, steps = 0.0, 0, 0
    for _ in range(advances):
        nxt = engine.next_timer
        if nxt is None:
            break
        t = time.perf_counter()
        out = engine.advance(nxt)
        spent += time.perf_counter() - t
        events += len(out)
        steps += 1
        del out
    return spent, events, steps


def report_window(label: str, window: tuple[float, int, int]) -> dict:
    spent, events, steps = window
    mean = spent / max(steps, 1)
    print(f"python/advance_1m{label}: {steps} advances, {events / max(steps, 1):.0f} events per advance; "
          f"mean {mean * 1e3:.2f} ms per advance, {spent / max(events, 1) * 1e6:.2f} us per fired event "
          f"(events returned as dicts)")
    return {"mean_s": mean, "events": events / max(steps, 1), "per_event_s": spent / max(events, 1)}


def criterion(name: str) -> dict | None:
    """A criterion benchmark's figures: mean and best (fastest sample) seconds per iteration, and the
    elements per iteration; None when it has not run."""
    base = ROOT / "target" / "criterion" / "engine" / name / "new"
    try:
        est = json.loads((base / "estimates.json").read_text())
        meta = json.loads((base / "benchmark.json").read_text())
        sample = json.loads((base / "sample.json").read_text())
    except OSError:
        return None
    best = min(t / i for t, i in zip(sample["times"], sample["iters"])) / 1e9
    elements = (meta.get("throughput") or {}).get("Elements", 1)
    return {"mean": est["mean"]["point_estimate"] / 1e9, "best": best, "elements": elements}


def run_rust(open_cases: int, bench: str) -> float | None:
    """Runs one Rust benchmark (`commands` or `advance_1m`); for the advance, the mean events fired per
    advance, as the bench prints it."""
    env = {**os.environ, "XN_BENCH_OPEN_CASES": str(open_cases)}
    print(f"rust: cargo bench --bench engine -- 'engine/{bench}$'", flush=True)
    proc = subprocess.run(["cargo", "bench", "--bench", "engine", "--", f"engine/{bench}$"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    events = None
    for line in proc.stdout.splitlines():
        if line.startswith(f"engine/{bench}") or (line.strip().startswith("time:") and "%" not in line):
            print(f"rust: {line.strip()}")
        m = re.search(r"advances, (\d+) events and", line)
        if m:
            events = float(m.group(1))
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit("cargo bench failed")
    return events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rust", action="store_true", help="run the Rust benchmarks first (cargo bench)")
    ap.add_argument("--cases", type=int, default=20_000, help="cases in the command mix (Rust: 20,000)")
    ap.add_argument("--open-cases", type=int, default=int(os.environ.get("XN_BENCH_OPEN_CASES", 1_000_000)))
    ap.add_argument("--advances", type=int, default=200, help="Python advances per window")
    ap.add_argument("--rounds", type=int, default=3, help="with --rust: Rust advance runs between Python windows")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip", choices=["commands", "advance"], action="append", default=[])
    args = ap.parse_args()
    cfg = config()
    print(f"xiaoneng {xn.__version__}, Python {sys.version.split()[0]}")
    if "commands" not in args.skip:
        if args.rust:
            run_rust(args.open_cases, "commands")
        cmds = bench_commands(cfg, args.cases, args.repeat)
        summary_commands(cmds)
    if "advance" not in args.skip:
        engine = open_engine(cfg, args.open_cases)
        if not args.rust:
            py = report_window("", advance_window(engine, args.advances))
            rust = criterion("advance_1m")
            if rust:
                print(f"  Rust engine/advance_1m (from target/criterion, another session): mean "
                      f"{rust['mean'] * 1e3:.2f} ms per advance; Python {py['mean_s'] / rust['mean']:.2f}x")
            return
        # Rounds: Python, Rust, Python, so that each Rust figure has Python figures taken just before and
        # just after it (the load of a shared machine drifts within minutes).
        ratios = []
        before = report_window(" (round 1, before)", advance_window(engine, args.advances // 2))
        for k in range(args.rounds):
            events = run_rust(args.open_cases, "advance_1m")
            rust = criterion("advance_1m")
            after = report_window(f" (round {k + 1}, after)", advance_window(engine, args.advances // 2))
            py_per_event = (before["per_event_s"] + after["per_event_s"]) / 2
            rust_per_event = rust["mean"] / (events or 1)
            ratios.append(py_per_event / rust_per_event)
            print(f"  round {k + 1}: Rust {rust['mean'] * 1e3:.2f} ms per advance ({events:.0f} events, "
                  f"{rust_per_event * 1e6:.2f} us per event); Python {py_per_event * 1e6:.2f} us per event "
                  f"= {ratios[-1]:.2f}x")
            before = after
        ratios.sort()
        median = ratios[len(ratios) // 2]
        print(f"\nsummary advance_1m: Python over Rust per fired event, by round: "
              f"{', '.join(f'{r:.2f}x' for r in ratios)}; median {median:.2f}x "
              f"(target <= 2x: {'met' if median <= 2 else 'NOT met'})")


def summary_commands(cmds: dict) -> None:
    print("\nsummary commands (Python time over Rust time; the Rust figures from target/criterion)")
    rust_cmd = criterion("commands")
    if rust_cmd:
        best, mean = rust_cmd["elements"] / rust_cmd["best"], rust_cmd["elements"] / rust_cmd["mean"]
        print(f"  Rust engine/commands: best {best:,.0f} commands/s, mean {mean:,.0f}")
        for name, (py_best, py_mean, _) in cmds.items():
            print(f"  {name:34} best {best / py_best:.2f}x, mean {mean / py_mean:.2f}x the Rust time")
    else:
        print("  (no Rust engine/commands figure: run cargo bench --bench engine, or --rust)")
    wall, _, cpu = cmds["execute_many(list of dicts)"]
    print(f"  target >= 300,000 commands/s for execute_many(list of dicts): "
          f"{'met' if wall >= 300_000 else 'NOT met'} by wall time ({wall:,.0f} at best), "
          f"{'met' if cpu >= 300_000 else 'NOT met'} by CPU time ({cpu:,.0f})\n")


if __name__ == "__main__":
    main()
