"""xiaoneng (效能): administrative efficiency rules as executable, auditable software.

The Python surface of the Rust library ``xiaoneng``:

- :class:`Calendar` — working-day calendars (the bundled national calendar of the PRC 2004-2026,
  custom calendars and year notices), O(1) working-day arithmetic on scalar dates and on numpy
  ``datetime64[D]`` arrays (GIL released, no per-element Python objects), working-hours arithmetic.
- :class:`Clock` — time limits (时限) in working days, natural days, working hours or natural hours,
  with typed pauses, extensions, completion, deadlines and e-supervision signals.
- :class:`Policy` — a jurisdiction's efficiency rules as data (制度包), from JSON, TOML, a dict or a file.
- :class:`Org` — units, posts with A/B backup (AB岗), staff with roles, absences; who acts for a post.
- :class:`Catalog` — service items (政务服务事项) and their service guides (办事指南); pandas tables.
- :class:`Engine` — the case-handling engine: commands in (dicts, built with :mod:`xiaoneng.commands`),
  events out (dicts), timers (``advance``), the e-supervision board and per-unit metrics as pandas
  DataFrames, snapshots and event-log replay.
- :class:`JournaledEngine` — an ``Engine`` on a journal directory (账本): every event durable,
  hash-chained (SHA-256 or SM3) and verifiable, recovered on open; a context manager; checkpoints,
  snapshots, compaction, erasure of confidential fields. :func:`verify` checks a journal directory
  (optionally against a checkpoint) and reports the first bad sequence number.
- :mod:`xiaoneng.draw` — seeded, verifiable draws: feedback samples, inspection plans (明查暗访) by risk
  stratum with a SHA-256 commitment and their verification, and the coverage check of inspections.
- :mod:`xiaoneng.presets` — the shipped policies (``county()``, ``street_office()``) and a small example
  organisation and catalog (``example_org()``, ``example_catalog()``), packaged with the module.
- Exceptions: :class:`XiaonengError` and one subclass per error code of the core
  (:class:`ParseError`, :class:`InvalidInputError`, :class:`OutOfRangeError` — all ``ValueError``;
  :class:`InvalidStateError` — a ``RuntimeError``; :class:`NotFoundError` — a ``LookupError``;
  :class:`ForbiddenError` — a ``PermissionError``; :class:`StorageError` — an ``OSError``, a journal's
  I/O failure; :class:`CorruptError` — a damaged journal). Each carries ``code`` (the stable error code),
  ``field``, ``value`` and ``reason`` (``None`` where the error has none), and ``index`` for the failing
  element of a batch.

The classes are the Rust classes themselves (``xiaoneng._native``), so scalar calls pay no
Python-level wrapper.

Examples
--------
>>> import datetime as dt
>>> import numpy as np
>>> import xiaoneng as xn
>>> cal = xn.Calendar.china()
>>> cal.add_workdays(dt.date(2026, 2, 13), 20)
datetime.date(2026, 3, 19)
>>> cal.add_workdays(np.array(["2026-09-30", "2026-02-13"], dtype="datetime64[D]"), [5, 20])
array(['2026-10-13', '2026-03-19'], dtype='datetime64[D]')
"""

from ._native import (
    Calendar,
    Catalog,
    Clock,
    CorruptError,
    Engine,
    ForbiddenError,
    InvalidInputError,
    InvalidStateError,
    JournaledEngine,
    NotFoundError,
    Org,
    OutOfRangeError,
    ParseError,
    Policy,
    StorageError,
    XiaonengError,
    __version__,
    verify,
)
from . import commands, draw, presets

__all__ = [
    "Calendar",
    "Catalog",
    "Clock",
    "CorruptError",
    "Engine",
    "ForbiddenError",
    "InvalidInputError",
    "InvalidStateError",
    "JournaledEngine",
    "NotFoundError",
    "Org",
    "OutOfRangeError",
    "ParseError",
    "Policy",
    "StorageError",
    "XiaonengError",
    "__version__",
    "commands",
    "verify",
]
