import datetime as dt

import pytest

import xiaoneng as xn

CST = dt.timezone(dt.timedelta(hours=8))


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def t(s: str) -> dt.datetime:
    """An aware datetime; strings without an offset are read in China time (+08:00)."""
    v = dt.datetime.fromisoformat(s)
    return v if v.tzinfo is not None else v.replace(tzinfo=CST)


@pytest.fixture(scope="session")
def cal() -> xn.Calendar:
    return xn.Calendar.china()
