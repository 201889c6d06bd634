"""The examples in the docstrings (the ones `help()` shows) run and give what they say."""

import datetime as dt
import doctest
import inspect

import numpy as np
import pytest

import xiaoneng as xn

OBJECTS = [xn, xn.Calendar, xn.Clock, xn.Policy, xn.Org, xn.Catalog, xn.XiaonengError, xn.ParseError,
           xn.InvalidInputError, xn.OutOfRangeError, xn.InvalidStateError]


def docstrings():
    for obj in OBJECTS:
        name = getattr(obj, "__name__", "xiaoneng")
        yield name, obj.__doc__
        if inspect.isclass(obj):
            for member_name, member in inspect.getmembers(obj):
                if not member_name.startswith("_") and member.__doc__:
                    yield f"{name}.{member_name}", member.__doc__


CASES = [(n, doc) for n, doc in docstrings() if doc and ">>>" in doc]


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[n for n, _ in CASES])
def test_docstring_examples(name, doc):
    test = doctest.DocTestParser().get_doctest(doc, {"dt": dt, "np": np, "xn": xn}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


def test_enough_examples():
    assert len(CASES) >= 30
