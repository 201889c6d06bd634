"""The journal from Python: xn.JournaledEngine (an Engine whose events are durable in a hash-chained
directory, recovered on open, a context manager) and xn.verify (damage in the report, I/O failure raised);
StorageError and CorruptError; options named when wrong; hostile arguments refused, never a crash."""

import copy
import json
import pickle
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import commands as c
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"


@pytest.fixture(scope="module")
def config():
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    catalog = xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"), org)
    return xn.Policy.load(ROOT / "presets/county.toml"), org, catalog


def receive(case: str, hour: int = 9) -> dict:
    return c.receive(case, t(f"2026-09-28T{hour:02}:00"), "s-clerk", item=FOOD, applicant="某餐饮有限公司")


def segments(path: Path) -> list[Path]:
    return sorted(p for p in path.glob("seg-*.jsonl") if not p.name.endswith(".sealed.jsonl"))


def write_three(path: Path, config, **options) -> dict:
    """Three commands (seq 1, 2, 3), closed; returns the checkpoint after them."""
    with xn.JournaledEngine(path, *config, **options) as engine:
        engine.execute(receive("C1"))
        engine.execute(c.accept("C1", t("2026-09-28T10:00"), "s-clerk"))
        engine.execute(receive("C2", 11))
        return engine.checkpoint()


# ---- open, execute, advance, close, reopen ----

def test_reopen_recovers_the_live_engine(config, tmp_path):
    with xn.JournaledEngine(tmp_path, *config) as engine:
        assert isinstance(engine, xn.Engine) and engine.report["records"] == 0
        engine.execute(receive("C1"))
        engine.execute(c.accept("C1", t("2026-09-28T10:00"), "s-clerk"))
        fired = engine.advance(t("2026-10-31T00:00"))
        assert fired and engine.seq == 2 + len(fired)
        live, seq = engine.snapshot(), engine.seq
        view = engine.view("C1", t("2026-10-31T00:00"))
    with xn.JournaledEngine(tmp_path, *config) as again:
        assert again.snapshot() == live and again.seq == seq and len(again) == 1
        assert again.view("C1", t("2026-10-31T00:00")) == view
        assert again.report["records"] == seq and again.report["last_seq"] == seq
        assert again.report["torn"] is None
    # The journal equals a replay of the live engine's events, in a plain Engine.
    assert xn.Engine.restore(*config, live).snapshot() == live


def test_one_writer_per_journal(config, tmp_path):
    with xn.JournaledEngine(tmp_path, *config) as first:
        first.execute(receive("C1"))
        with pytest.raises(xn.StorageError) as caught:
            xn.JournaledEngine(tmp_path, *config)
        assert caught.value.code == 11 and "one writer per journal" in caught.value.reason
        assert xn.verify(tmp_path)["ok"]  # readers take no lock
    with xn.JournaledEngine(tmp_path, *config) as again:
        assert again.seq == 1


def test_execute_many_and_add_notice_are_journaled(config, tmp_path):
    with xn.JournaledEngine(tmp_path, *config) as engine:
        with pytest.raises(xn.NotFoundError) as err:
            engine.execute_many([receive("C1"), c.accept("C404", t("2026-09-28T10:00"), "s-clerk")])
        assert err.value.index == 1 and len(err.value.events) == 1  # the first command stays applied
        events = engine.add_notice({"year": 2027, "days_off": [
            {"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}]}, t("2026-12-01T00:00"))
        seq, policy, live = engine.seq, engine.policy, engine.snapshot()
    assert seq == 1 + len(events)
    # Reopened with the engine's policy, which keeps the notice.
    with xn.JournaledEngine(tmp_path, policy, config[1], config[2]) as again:
        assert again.seq == seq and again.snapshot() == live


def test_a_rejected_command_writes_nothing(config, tmp_path):
    with xn.JournaledEngine(tmp_path, *config) as engine:
        engine.execute(receive("C1"))
        before = engine.checkpoint()
        with pytest.raises(xn.ForbiddenError):
            engine.execute(c.receive("C2", t("2026-09-28T10:00"), "s-rev", item=FOOD, applicant="x"))
        assert engine.checkpoint() == before


def test_context_manager_closes_durably_on_an_exception(config, tmp_path):
    with pytest.raises(KeyError):
        with xn.JournaledEngine(tmp_path, *config, durability="never") as engine:
            engine.execute(receive("C1"))
            raise KeyError("host failure")
    assert engine.closed
    with xn.JournaledEngine(tmp_path, *config) as again:
        assert again.seq == 1 and again.case("C1")["state"] == "received"


def test_durability_policies_and_options(config, tmp_path):
    for k, durability in enumerate(["every_record", ("every_records", 2), ["every_millis", 5],
                                    {"every_records": 3}, "never"]):
        path = tmp_path / str(k)
        with xn.JournaledEngine(path, *config, durability=durability) as engine:
            engine.execute(receive("C1"))
            engine.flush()
        assert xn.verify(path)["records"] == 1
    engine = xn.JournaledEngine(tmp_path / "o", *config, durability=("every_records", 64), snapshot_every=10)
    assert engine.options == {"algorithm": "sha256", "durability": {"every_records": 64}, "segment_bytes": 64 << 20,
                              "snapshot_every": 10, "compact": False, "confidential": []}
    assert engine.path == str(tmp_path / "o")
    engine.close()


def test_snapshots_by_policy_and_compaction_keep_the_journal_verifiable(config, tmp_path):
    with xn.JournaledEngine(tmp_path, *config, snapshot_every=2, compact=True, segment_bytes=0) as engine:
        for n in range(5):
            engine.execute(receive(f"C{n}", 9 + n))
        live = engine.snapshot()
    assert list(tmp_path.glob("snap-*.json"))
    report = xn.verify(tmp_path)
    assert report["ok"] and report["snapshot_seq"] == 4 and report["last_seq"] == 5
    with xn.JournaledEngine(tmp_path, *config) as again:
        assert again.report["snapshot_seq"] == 4 and again.snapshot() == live
        again.snapshot_now()
        assert again.compact() >= 0


def test_confidential_values_are_erasable_and_the_chain_still_verifies(config, tmp_path):
    hidden = [{"event": "received", "pointer": "/applicant"}]
    with xn.JournaledEngine(tmp_path, *config, confidential=hidden) as engine:
        engine.execute(receive("C1"))
        cp = engine.checkpoint()
    raw = b"".join(p.read_bytes() for p in segments(tmp_path))
    assert "某餐饮有限公司".encode() not in raw and b"sealed:" in raw
    with xn.JournaledEngine(tmp_path, *config, confidential=hidden) as engine:
        assert engine.case("C1")["applicant"] == "某餐饮有限公司"  # put back from beside the chain
        assert engine.erase_through(1) == 1
    report = xn.verify(tmp_path, cp)
    assert report["ok"] and report["erased"] == 1 and report["checkpoint_checked"]


# ---- verify, tamper, checkpoints ----

def test_verify_an_intact_journal(config, tmp_path):
    cp = write_three(tmp_path, config)
    assert cp["size"] == 3 and cp["algorithm"] == "sha256" and len(cp["head"]) == 64
    report = xn.verify(tmp_path)
    assert report["ok"] and report["records"] == 3 and report["first_bad_seq"] is None
    assert report["checkpoint_checked"] is None
    for given in [cp, json.dumps(cp), str(tmp_path)]:
        checked = xn.verify(Path(tmp_path), given if given != str(tmp_path) else cp)
        assert checked["ok"] and checked["checkpoint_checked"] is True and checked["head"] == cp["head"]


def test_one_byte_changed_names_the_first_bad_seq(config, tmp_path):
    write_three(tmp_path, config)
    seg = segments(tmp_path)[0]
    data = seg.read_bytes()
    k = data.index(b'"case":"C1"', data.index(b'"seq":2'))  # inside record 2
    seg.write_bytes(data[:k + 9] + b"X" + data[k + 10:])  # "C1" -> "CX"
    report = xn.verify(tmp_path)
    assert not report["ok"] and report["first_bad_seq"] == 2 and report["damage"]
    with pytest.raises(xn.CorruptError) as err:
        xn.JournaledEngine(tmp_path, *config)
    assert (err.value.code, err.value.field, err.value.value) == (12, "seq", "2")


def test_truncation_is_detected_against_a_checkpoint(config, tmp_path):
    cp = write_three(tmp_path, config)
    seg = segments(tmp_path)[0]
    lines = seg.read_bytes().splitlines(keepends=True)
    seg.write_bytes(b"".join(lines[:-1]))  # the last record removed whole: a clean cut
    assert xn.verify(tmp_path)["ok"]  # without the checkpoint nothing shows it
    report = xn.verify(tmp_path, cp)
    assert not report["ok"] and report["first_bad_seq"] == 3 and "truncated" in report["damage"]


def test_a_forked_history_is_detected_against_a_checkpoint(config, tmp_path):
    cp = write_three(tmp_path / "a", config)
    write_three(tmp_path / "b", config, durability="never")
    assert xn.verify(tmp_path / "b", cp)["ok"]  # the same history, the same hashes
    forked = dict(cp, head="0" * 64)
    report = xn.verify(tmp_path / "a", forked)
    assert not report["ok"] and report["first_bad_seq"] == 3 and "forked" in report["damage"]


def test_a_torn_tail_is_cut_and_reported(config, tmp_path):
    write_three(tmp_path, config)
    seg = segments(tmp_path)[0]
    with seg.open("ab") as f:
        f.write(b'{"seq":4,"at":"2026-09-28T03:')  # a crash in the middle of a write
    report = xn.verify(tmp_path)
    assert report["ok"] and report["torn"]["cut_bytes"] > 0
    with xn.JournaledEngine(tmp_path, *config) as engine:
        assert engine.report["torn"]["segment"] == seg.name and engine.seq == 3
    assert xn.verify(tmp_path)["torn"] is None


def test_sm3(config, tmp_path):
    cp = write_three(tmp_path, config, algorithm="sm3")
    assert cp["algorithm"] == "sm3"
    assert xn.verify(tmp_path, cp)["ok"] and xn.verify(tmp_path)["algorithm"] == "sm3"
    assert b'"algorithm":"sm3"' in segments(tmp_path)[0].read_bytes()
    with xn.JournaledEngine(tmp_path, *config, algorithm="sm3") as engine:
        assert engine.report["algorithm"] == "sm3" and engine.seq == 3
    with pytest.raises(xn.InvalidInputError) as err:
        xn.JournaledEngine(tmp_path, *config)  # sha256, the default
    assert err.value.field == "algorithm"
    with pytest.raises(xn.InvalidInputError) as err:
        xn.verify(tmp_path, dict(cp, algorithm="sha256"))
    assert err.value.field == "checkpoint.algorithm"


# ---- errors ----

@pytest.mark.parametrize(("options", "field"), [
    ({"algorithm": "md5"}, "algorithm"),
    ({"algorithm": 256}, "algorithm"),
    ({"durability": "sometimes"}, "durability"),
    ({"durability": ("every_records",)}, "durability"),
    ({"durability": ("every_records", -1)}, "durability.every_records"),
    ({"durability": ("every_records", 2**40)}, "durability.every_records"),
    ({"durability": ("every_millis", "5")}, "durability.every_millis"),
    ({"durability": {"every_weeks": 1}}, "durability"),
    ({"segment_bytes": -1}, "segment_bytes"),
    ({"snapshot_every": "10"}, "snapshot_every"),
    ({"snapshot_every": 1.5}, "snapshot_every"),
    ({"compact": 1}, "compact"),
    ({"confidential": [{"event": "received"}]}, "confidential[0]"),
    ({"confidential": "applicant"}, "confidential"),
])
def test_a_bad_option_is_named(config, tmp_path, options, field):
    with pytest.raises(xn.InvalidInputError) as err:
        xn.JournaledEngine(tmp_path, *config, **options)
    assert err.value.field == field and err.value.code == 3
    assert field in str(err.value) and " at line " not in str(err.value)
    assert not list(tmp_path.iterdir())  # nothing written


def test_every_call_after_close_raises(config, tmp_path):
    engine = xn.JournaledEngine(tmp_path, *config)
    engine.execute(receive("C1"))
    engine.close()
    engine.close()  # again: nothing more
    assert engine.closed and "closed" in repr(engine)
    assert engine.report["records"] == 0 and engine.path == str(tmp_path)
    now = t("2026-10-01T00:00")
    calls = [
        lambda: engine.execute(receive("C2")),
        lambda: engine.execute_many([receive("C2")]),
        lambda: engine.advance(now),
        lambda: engine.add_notice({"year": 2027, "days_off": []}, now),
        lambda: engine.view("C1", now),
        lambda: engine.explain("C1", now),
        lambda: engine.case("C1"),
        lambda: engine.inquiry("Q1"),
        lambda: engine.snapshot(),
        lambda: engine.seq,
        lambda: engine.next_timer,
        lambda: engine.policy,
        lambda: len(engine),
        lambda: engine.reserve(1),
        lambda: engine.checkpoint(),
        lambda: engine.flush(),
        lambda: engine.snapshot_now(),
        lambda: engine.compact(),
        lambda: engine.erase_through(1),
        lambda: engine.__enter__(),
    ]
    for call in calls:
        with pytest.raises(xn.InvalidStateError) as err:
            call()
        assert (err.value.field, err.value.value) == ("self", "JournaledEngine") and "closed" in str(err.value)


def test_pickling_and_copying_are_refused_with_a_reason(config, tmp_path):
    with xn.JournaledEngine(tmp_path, *config) as engine:
        for attempt in [lambda: pickle.dumps(engine), lambda: copy.copy(engine), lambda: copy.deepcopy(engine)]:
            with pytest.raises(TypeError, match="open it again"):
                attempt()


def test_storage_errors_are_raised_as_storage_error(config, tmp_path):
    with pytest.raises(xn.StorageError) as err:
        xn.verify(tmp_path / "missing")
    assert isinstance(err.value, OSError) and err.value.code == 11 and err.value.field == "path"
    a_file = tmp_path / "file"
    a_file.write_text("not a journal")
    with pytest.raises(xn.StorageError):
        xn.verify(a_file)
    with pytest.raises(xn.StorageError):
        xn.JournaledEngine(a_file / "below", *config)  # a directory under a file cannot be made


def test_a_directory_that_is_not_a_journal_is_damage(config, tmp_path):
    (tmp_path / "seg-00000000000000000001.jsonl").write_bytes(b"not json at all\n" * 3)
    assert not xn.verify(tmp_path)["ok"]
    with pytest.raises(xn.CorruptError):
        xn.JournaledEngine(tmp_path, *config)


HOSTILE_PATHS = [12, None, b"/tmp/bytes", 2**70, ["a"], "", "a\0b"]


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=repr)
def test_hostile_paths_are_refused(config, path):
    with pytest.raises(xn.InvalidInputError) as err:
        xn.JournaledEngine(path, *config)
    assert err.value.field == "path"
    with pytest.raises(xn.InvalidInputError) as err:
        xn.verify(path)
    assert err.value.field == "path"


def test_hostile_arguments_raise_errors_not_crashes(config, tmp_path):
    policy, org, catalog = config
    with pytest.raises(xn.InvalidInputError) as err:
        xn.JournaledEngine(tmp_path, org, org, catalog)
    assert err.value.field == "policy"
    with pytest.raises(xn.OutOfRangeError) as err:
        xn.JournaledEngine(tmp_path, *config, segment_bytes=2**70)
    assert err.value.field == "segment_bytes"
    with pytest.raises(xn.OutOfRangeError):
        xn.JournaledEngine(tmp_path, *config, snapshot_every=2**64)
    deep: list = []
    deep.append(deep)
    with pytest.raises(xn.InvalidInputError):
        xn.JournaledEngine(tmp_path, *config, confidential=deep)
    with xn.JournaledEngine(tmp_path, *config) as engine:
        with pytest.raises(xn.OutOfRangeError):
            engine.erase_through(2**70)
        with pytest.raises(xn.InvalidInputError):
            engine.erase_through(-1)
        with pytest.raises(xn.InvalidInputError):
            engine.erase_through("1")
        with pytest.raises(xn.InvalidInputError):
            engine.execute("not a command")
        cp = engine.checkpoint()
    for bad, field in [(dict(cp, size=2**70), "checkpoint.size"), (dict(cp, size=-1), "checkpoint.size"),
                       (dict(cp, head="xyz"), "checkpoint.head"), (dict(cp, extra=1), "checkpoint.extra"),
                       ("{not json", "checkpoint"), (42, "checkpoint"), ({}, "checkpoint")]:
        with pytest.raises(xn.InvalidInputError) as err:
            xn.verify(tmp_path, bad)
        assert err.value.field == field, bad
    # Engine.restore and replay stay plain constructors.
    assert type(xn.JournaledEngine.restore(*config, xn.Engine(*config).snapshot())) is xn.Engine


# ---- concurrency, GIL, types ----

def test_a_reader_verifies_while_a_writer_appends(config, tmp_path):
    import threading

    done = threading.Event()

    def write():
        try:
            with xn.JournaledEngine(tmp_path, *config, segment_bytes=4096, snapshot_every=50, compact=True) as engine:
                for n in range(300):
                    engine.execute(receive(f"C{n}", 9 + n % 8))
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    reports = []
    while not done.is_set():
        if any(tmp_path.iterdir()):
            reports.append(xn.verify(tmp_path))
    writer.join()
    assert all(r["ok"] for r in reports), [r for r in reports if not r["ok"]][:1]
    final = xn.verify(tmp_path)
    assert final["ok"] and final["last_seq"] == 300


def test_the_gil_is_released_while_the_journal_works(config, tmp_path):
    from conftest import gil_released_during

    with xn.JournaledEngine(tmp_path, *config, durability="never", segment_bytes=1 << 16) as engine:
        engine.execute_many([receive(f"C{n}", 9 + n % 8) for n in range(3000)])
    seen, report = gil_released_during(lambda: xn.verify(tmp_path))
    assert seen and report["records"] == 3000


def test_mypy_on_typed_journal_usage(tmp_path):
    pytest.importorskip("mypy")
    import subprocess
    import sys

    src = tmp_path / "usage.py"
    src.write_text(
        "import datetime as dt\n"
        "import pathlib\n"
        "import xiaoneng as xn\n"
        "policy = xn.presets.county()\n"
        "org = xn.presets.example_org()\n"
        "catalog = xn.presets.example_catalog(org)\n"
        "with xn.JournaledEngine(pathlib.Path('j'), policy, org, catalog, algorithm='sm3',\n"
        "                        durability=('every_records', 64), confidential=[{'event': 'received',\n"
        "                                                                         'pointer': '/applicant'}]) as j:\n"
        "    engine: xn.Engine = j\n"
        "    n: int = j.seq + j.report['records']\n"
        "    cp = j.checkpoint()\n"
        "    size: int = cp['size']\n"
        "    j.snapshot_now()\n"
        "    removed: int = j.compact()\n"
        "r = xn.verify('j', cp)\n"
        "ok: bool = r['ok']\n"
        "bad: int | None = r['first_bad_seq']\n"
        "try:\n"
        "    xn.verify('j')\n"
        "except xn.StorageError as e:\n"
        "    code: int = e.code\n"
        "except xn.CorruptError:\n"
        "    pass\n"
    )
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(src)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_write_failure_stops_the_journal(config, tmp_path):
    import shutil

    path = tmp_path / "j"
    engine = xn.JournaledEngine(path, *config, segment_bytes=0)  # every command starts a new segment file
    engine.execute(receive("C1"))
    shutil.rmtree(path)  # the next segment cannot be created
    with pytest.raises(xn.StorageError) as first:
        engine.execute(receive("C2"))
    assert isinstance(first.value, OSError) and first.value.value == "create"
    for call in [lambda: engine.execute(receive("C3")), engine.flush, engine.snapshot_now, engine.close]:
        with pytest.raises(xn.StorageError, match="stopped"):  # fail-stop: nothing more is taken
            call()
    assert engine.closed
