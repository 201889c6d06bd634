"""The .pyi stubs match the extension module (mypy.stubtest), and every public API has a docstring."""

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import xiaoneng as xn
from xiaoneng import _native

PKG = Path(xn.__file__).parent


def test_stubtest(tmp_path):
    """stubtest over the package checks xiaoneng and its submodule xiaoneng._native."""
    pytest.importorskip("mypy")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "xiaoneng", "--concise"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stub_and_marker_files_present():
    assert (PKG / "py.typed").exists()
    assert (PKG / "_native.pyi").exists()


def test_mypy_on_typed_usage(tmp_path):
    pytest.importorskip("mypy")
    src = tmp_path / "usage.py"
    src.write_text(
        "import datetime as dt\n"
        "import numpy as np\n"
        "import xiaoneng as xn\n"
        "cal = xn.Calendar.china()\n"
        "d: dt.date = cal.add_workdays(dt.date(2026, 9, 30), 5)\n"
        "b: bool = cal.is_workday(d)\n"
        "a = cal.add_workdays(np.array(['2026-09-30'], dtype='datetime64[D]'), 5)\n"
        "k: int = cal.workdays_between(d, d)\n"
        "tz = dt.timezone(dt.timedelta(hours=8))\n"
        "c = xn.Clock(('working_days', 20), dt.datetime(2026, 9, 29, tzinfo=tz))\n"
        "st = c.status(cal, dt.datetime(2026, 10, 9, tzinfo=tz))\n"
        "dd: dt.date = st['deadline_date']\n"
        "from typing import Any\n"
        "import numpy.typing as npt\n"
        "class Col:\n"
        "    def __array__(self) -> npt.NDArray[Any]:\n"
        "        return np.array(['2026-09-30'], dtype='datetime64[D]')\n"
        "due: npt.NDArray[np.datetime64] = cal.add_workdays(Col(), 5)\n"
        "policy = xn.Policy.load('presets/county.toml')\n"
        "org = xn.Org.from_json('{}')\n"
        "engine = xn.Engine(policy, org, xn.Catalog.from_json('{}', org))\n"
        "from xiaoneng._types import Event\n"
        "events: list[Event] = engine.execute(xn.commands.accept('C1', dt.datetime(2026, 9, 28, tzinfo=tz), 's'))\n"
        "events += engine.advance(dt.datetime(2026, 10, 9, tzinfo=tz))\n"
        "for e in events:\n"
        "    when: dt.datetime = e['at']\n"
        "    if e['type'] == 'violation':\n"  # the tag narrows the union
        "        rule: str = e['rule']\n"
        "    elif e['type'] == 'accepted':\n"
        "        effective: dt.datetime = e['effective']\n"
        "nt: dt.datetime | None = engine.next_timer\n"
        "n: int = engine.seq + len(engine)\n"
        "state: str = engine.view('C1', dt.datetime(2026, 10, 9, tzinfo=tz))['state']\n"
        "again = xn.Engine.replay(policy, org, xn.Catalog.from_json('{}', org), [dict(e) for e in events])\n"
        "snap: str = xn.Engine.restore(policy, org, xn.Catalog.from_json('{}', org), again.snapshot()).snapshot()\n"
        "cmd = xn.commands.rate('C1', dt.datetime(2026, 9, 28, tzinfo=tz), 'a', level=5)\n"
        "level: int = cmd['level']\n"
        "events += engine.execute(cmd)\n"
        "engine.execute({'type': 'accept', 'case': 'C1', 'at': '2026-09-28T10:00:00+08:00', 'actor': 's'})\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(src)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("cls", [xn.Calendar, xn.Clock, xn.Policy, xn.Org, xn.Catalog, xn.Engine,
                                 xn.JournaledEngine])
def test_docstrings_with_examples(cls):
    assert cls.__doc__ and "Examples" in cls.__doc__
    for name, member in inspect.getmembers(cls):
        if name.startswith("_"):
            continue
        doc = getattr(member, "__doc__", None)
        assert doc, f"{cls.__name__}.{name} has no docstring"
        if callable(member) and not isinstance(member, property):
            assert "Examples" in doc, f"{cls.__name__}.{name} has no example"


def test_module_exports():
    for name in xn.__all__:
        if name == "commands":  # the pure-Python command builders
            continue
        assert getattr(xn, name) is getattr(_native, name)
    assert xn.Calendar.__module__ == "xiaoneng"
