"""xn.presets: the packaged presets and example documents equal the repository's, load, and make the
help() examples independent of the working directory."""

import doctest
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import xiaoneng as xn

ROOT = Path(__file__).resolve().parents[2]

# Packaged file -> the repository file it is a copy of. A copy that drifts fails test_packaged_copies_are_current;
# refresh it with the `cp` command the failure prints.
SOURCES = {
    "county.toml": ROOT / "presets" / "county.toml",
    "street-office.toml": ROOT / "presets" / "street-office.toml",
    "county-org.json": ROOT / "tests" / "fixtures" / "county-org.json",
    "county-catalog.json": ROOT / "tests" / "fixtures" / "county-catalog.json",
}


def test_every_packaged_file_has_its_source():
    assert set(xn.presets.FILES) == set(SOURCES)
    data = Path(xn.presets.__file__).parent / "data"
    assert sorted(p.name for p in data.iterdir() if not p.name.startswith(".")) == sorted(SOURCES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_packaged_copies_are_current(name):
    packaged = Path(xn.presets.__file__).parent / "data" / name
    assert xn.presets.text(name) == SOURCES[name].read_text(encoding="utf-8"), (
        f"python/xiaoneng/data/{name} differs from {SOURCES[name].relative_to(ROOT)}; "
        f"run: cp {SOURCES[name].relative_to(ROOT)} {packaged.relative_to(ROOT)}"
    )


def test_presets_equal_the_repository_files():
    assert xn.presets.county() == xn.Policy.load(SOURCES["county.toml"])
    assert xn.presets.street_office() == xn.Policy.load(SOURCES["street-office.toml"])
    org = xn.Org.from_json(SOURCES["county-org.json"].read_text(encoding="utf-8"))
    assert xn.presets.example_org() == org
    catalog = xn.Catalog.from_json(SOURCES["county-catalog.json"].read_text(encoding="utf-8"), org)
    assert xn.presets.example_catalog() == catalog
    assert xn.presets.example_catalog(org) == catalog


def test_each_call_returns_a_fresh_value_and_the_example_engine_runs():
    assert xn.presets.county() is not xn.presets.county()
    engine = xn.Engine(xn.presets.county(), xn.presets.example_org(), xn.presets.example_catalog())
    assert len(engine) == 0


def test_an_unknown_file_is_named():
    with pytest.raises(ValueError, match=r"no packaged file 'presets/county\.toml'; the files are county\.toml"):
        xn.presets.text("presets/county.toml")


def test_the_presets_work_from_another_directory(tmp_path):
    """A fresh interpreter started elsewhere finds the packaged files (no path into the checkout)."""
    code = ("import xiaoneng as xn; org = xn.presets.example_org(); "
            "e = xn.Engine(xn.presets.street_office(), org, xn.presets.example_catalog(org)); print(len(e))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "0"


def test_presets_docstring_examples_run_from_another_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failures, tried = doctest.testmod(xn.presets, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried >= 10
    assert failures == 0


# ---- help() examples anywhere ----

def _docstrings():
    objs = [xn, xn.Calendar, xn.Clock, xn.Policy, xn.Org, xn.Catalog, xn.Engine, xn.JournaledEngine, xn.verify]
    for obj in objs:
        yield getattr(obj, "__name__", "xiaoneng"), obj.__doc__ or ""
        if inspect.isclass(obj):
            for name, member in inspect.getmembers(obj):
                if not name.startswith("_") and member.__doc__:
                    yield f"{obj.__name__}.{name}", member.__doc__


def _repo_paths(doc):
    """Lines of a docstring example that read a file of the repository checkout."""
    return [line.strip() for line in doc.splitlines()
            if line.strip().startswith((">>>", "...")) and ("presets/" in line or "tests/fixtures/" in line)]


def test_no_docstring_example_reads_a_file_of_the_checkout():
    offenders = {name: _repo_paths(doc) for name, doc in _docstrings() if _repo_paths(doc)}
    assert not offenders


def test_engine_docstring_examples_run_from_another_directory(tmp_path, monkeypatch):
    """The Engine class example sets up policy, org and catalog; its method examples assume them."""
    pytest.importorskip("pandas")
    monkeypatch.chdir(tmp_path)
    import datetime as dt
    import numpy as np

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    out = []
    # The class example first: it loads what the method examples use (policy, org, catalog).
    cls = parser.get_doctest(xn.Engine.__doc__, {"dt": dt, "np": np, "xn": xn}, "Engine", None, 0)
    runner.run(cls, out=out.append, clear_globs=False)
    assert runner.failures == 0, "".join(out)
    given = {k: cls.globs[k] for k in ("dt", "np", "xn", "policy", "org", "catalog")}
    for name, member in inspect.getmembers(xn.Engine):
        if not name.startswith("_") and member.__doc__ and ">>>" in member.__doc__:
            runner.run(parser.get_doctest(member.__doc__, dict(given), f"Engine.{name}", None, 0), out=out.append)
    assert runner.failures == 0, "".join(out)


# ---- help() lists no comparison that raises TypeError ----

@pytest.mark.parametrize("cls", [xn.Calendar, xn.Clock, xn.Policy, xn.Org, xn.Catalog, xn.Engine],
                         ids=lambda c: c.__name__)
def test_help_lists_no_ordering_the_class_does_not_have(cls):
    import pydoc
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    for name in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert f"{name}(" not in text
        assert name not in vars(cls)
    if cls is not xn.Engine:
        assert "__eq__(" in text


def test_values_still_compare_for_equality_and_refuse_ordering():
    a, b = xn.Calendar.china(), xn.Calendar.china()
    assert a == b and not (a != b)
    for order in (lambda: a < b, lambda: a <= b, lambda: a > b, lambda: a >= b):
        with pytest.raises(TypeError):
            order()


# ---- a load error names the file ----

def test_a_missing_policy_file_is_named(tmp_path):
    missing = tmp_path / "no-such-policy.toml"
    with pytest.raises(FileNotFoundError) as err:
        xn.Policy.load(missing)
    assert str(missing) in str(err.value)
    assert err.value.filename == str(missing)


def test_a_policy_file_that_is_not_utf8_is_named(tmp_path):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name = 'caf\u00e9'\n".encode("latin-1"))
    with pytest.raises((OSError, xn.XiaonengError), match="latin1.toml"):
        xn.Policy.load(bad)


def test_a_bad_policy_file_is_named(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text(xn.presets.text("county.toml").replace("schema = 1", "schema = 2", 1), encoding="utf-8")
    with pytest.raises(xn.InvalidInputError, match=r"broken\.toml: invalid `schema` = 2"):
        xn.Policy.load(bad)
