"""The examples in the docstrings (the ones `help()` shows) run and give what they say."""

import datetime as dt
import doctest
import inspect
from pathlib import Path

import numpy as np
import pytest

import xiaoneng as xn

ROOT = Path(__file__).resolve().parents[2]

OBJECTS = [xn, xn.Calendar, xn.Clock, xn.Policy, xn.Org, xn.Catalog, xn.Engine, xn.XiaonengError, xn.ParseError,
           xn.InvalidInputError, xn.OutOfRangeError, xn.InvalidStateError, xn.NotFoundError, xn.ForbiddenError,
           xn.StorageError, xn.CorruptError, xn.JournaledEngine, xn.verify, xn.commands]
OBJECTS += [getattr(xn.commands, name) for name in xn.commands.__all__]


def docstrings():
    for obj in OBJECTS:
        name = getattr(obj, "__name__", "xiaoneng")
        yield name, obj.__doc__
        if inspect.isclass(obj):
            for member_name, member in inspect.getmembers(obj):
                if not member_name.startswith("_") and member.__doc__:
                    yield f"{name}.{member_name}", member.__doc__


CASES = [(n, doc) for n, doc in docstrings() if doc and ">>>" in doc]


def engine_globals() -> dict:
    """What the Engine method examples assume (the class example shows how they are loaded):
    the county preset and the county fixtures."""
    org = xn.Org.from_json((ROOT / "tests/fixtures/county-org.json").read_text(encoding="utf-8"))
    return {
        "policy": xn.Policy.load(ROOT / "presets/county.toml"),
        "org": org,
        "catalog": xn.Catalog.from_json((ROOT / "tests/fixtures/county-catalog.json").read_text(encoding="utf-8"),
                                        org),
    }


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[n for n, _ in CASES])
def test_docstring_examples(name, doc, monkeypatch):
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)  # the Engine class example reads presets/ and tests/fixtures/ from the repository
    globs = {"dt": dt, "np": np, "xn": xn}
    if name.startswith(("Engine.", "JournaledEngine.")):
        globs.update(engine_globals())
    test = doctest.DocTestParser().get_doctest(doc, globs, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


def test_enough_examples():
    assert len(CASES) >= 50
