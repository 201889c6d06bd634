"""Type stubs of the extension module ``xiaoneng._native`` (re-exported by ``xiaoneng``)."""

import datetime
import decimal
from collections.abc import Sequence
from typing import Any, Literal, Protocol, TypedDict, Union, final, overload

import numpy as np
import numpy.typing as npt

__version__: str

__all__ = [
    "__version__",
    "Calendar",
    "Clock",
    "InvalidInputError",
    "InvalidStateError",
    "OutOfRangeError",
    "ParseError",
    "XiaonengError",
]

_StartRule = Literal["next_day", "same_day"]
_DeadlineEnd = Literal["end_of_day", "close_of_office"]
_Unit = Literal["working_days", "natural_days", "working_hours", "natural_hours"]
_PauseKind = Literal[
    "correction", "hearing", "tendering", "auction", "inspection", "appraisal", "expert_review", "other"
]

class _SupportsArray(Protocol):
    """Anything with ``__array__`` (a pandas Series or Index, ...)."""

    def __array__(self) -> npt.NDArray[Any]: ...

# Arrays of dates: anything numpy reads as datetime64[D] (ndarray, list of dates or ISO strings, Series).
_Dates = Union[npt.NDArray[Any], Sequence[Any], _SupportsArray]
# Arrays of integers.
_Ints = Union[npt.NDArray[np.integer[Any]], Sequence[int]]

class _LimitDict(TypedDict):
    """A limit: ``{"unit": "working_days", "amount": 20}``."""

    unit: _Unit
    amount: int

_LimitArg = Union[tuple[str, int], list[Any], dict[str, Any]]

class XiaonengError(Exception):
    """Base class of every error raised by xiaoneng."""

class ParseError(XiaonengError, ValueError):
    """A document is malformed or has an unknown or mistyped field (the message names the field)."""

class InvalidInputError(XiaonengError, ValueError):
    """A value is well-formed but not allowed."""

class OutOfRangeError(XiaonengError, ValueError):
    """A date lies outside the calendar's covered range, or a result would."""

class InvalidStateError(XiaonengError, RuntimeError):
    """The command is not allowed in the current state."""

@final
class Calendar:
    """A working-day calendar: which days are working days, and which hours are office hours."""

    @staticmethod
    def china() -> Calendar: ...
    @staticmethod
    def from_json(text: str) -> Calendar: ...
    @staticmethod
    def from_toml(text: str) -> Calendar: ...
    @staticmethod
    def from_dict(spec: dict[str, Any]) -> Calendar: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def with_notice(self, notice: dict[str, Any]) -> Calendar: ...
    @property
    def name(self) -> str | None: ...
    @property
    def range(self) -> tuple[datetime.date, datetime.date]: ...
    @property
    def utc_offset(self) -> datetime.timezone: ...
    @property
    def office_hours(self) -> list[tuple[datetime.time, datetime.time]]: ...
    @overload
    def is_workday(self, d: datetime.date, /) -> bool: ...
    @overload
    def is_workday(self, d: _Dates, /) -> npt.NDArray[np.bool_]: ...
    @overload
    def add_workdays(self, d: datetime.date, n: int, start_rule: _StartRule = "next_day") -> datetime.date: ...
    @overload
    def add_workdays(
        self, d: _Dates, n: int | _Ints, start_rule: _StartRule = "next_day"
    ) -> npt.NDArray[np.datetime64]: ...
    @overload
    def add_workdays(
        self, d: datetime.date, n: _Ints, start_rule: _StartRule = "next_day"
    ) -> npt.NDArray[np.datetime64]: ...
    @overload
    def workdays_between(
        self, a: datetime.date, b: datetime.date, start_rule: _StartRule = "next_day"
    ) -> int: ...
    @overload
    def workdays_between(
        self, a: _Dates, b: datetime.date | _Dates, start_rule: _StartRule = "next_day"
    ) -> npt.NDArray[np.int64]: ...
    @overload
    def workdays_between(
        self, a: datetime.date, b: _Dates, start_rule: _StartRule = "next_day"
    ) -> npt.NDArray[np.int64]: ...
    @overload
    def next_workday(self, d: datetime.date, /) -> datetime.date: ...
    @overload
    def next_workday(self, d: _Dates, /) -> npt.NDArray[np.datetime64]: ...
    @overload
    def previous_workday(self, d: datetime.date, /) -> datetime.date: ...
    @overload
    def previous_workday(self, d: _Dates, /) -> npt.NDArray[np.datetime64]: ...
    @overload
    def add_days(self, d: datetime.date, n: int) -> datetime.date: ...
    @overload
    def add_days(self, d: _Dates, n: int | _Ints) -> npt.NDArray[np.datetime64]: ...
    @overload
    def add_days(self, d: datetime.date, n: _Ints) -> npt.NDArray[np.datetime64]: ...
    def add_working_hours(
        self, at: datetime.datetime, hours: float | datetime.timedelta
    ) -> datetime.datetime: ...
    def working_hours_between(self, a: datetime.datetime, b: datetime.datetime) -> datetime.timedelta: ...
    def deadline(self, d: datetime.date, end: _DeadlineEnd = "end_of_day") -> datetime.datetime: ...
    def local_date(self, at: datetime.datetime) -> datetime.date: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

class _ClockStatus(TypedDict, total=False):
    """What ``Clock.status`` returns (the optional keys are absent when not applicable)."""

    at: datetime.datetime
    state: Literal["not_started", "running", "paused", "overdue", "completed_on_time", "completed_late"]
    signal: Literal["none", "reminder", "yellow", "red"]
    deadline: datetime.datetime
    deadline_date: datetime.date
    statutory_deadline: datetime.datetime
    statutory_deadline_date: datetime.date
    unit: _Unit
    tick: Literal["day", "second"]
    budget: int
    used: int
    remaining: int
    share_used: decimal.Decimal
    extensions: int
    paused: _PauseKind
    reminder_at: datetime.datetime
    red_at: datetime.datetime
    next_change: datetime.datetime
    derivation: list[dict[str, Any]]

@final
class Clock:
    """A time-limit clock with pauses, extensions, completion and e-supervision signals."""

    def __new__(
        cls,
        limit: _LimitArg,
        started_at: datetime.datetime,
        pledged: _LimitArg | None = None,
        start_rule: _StartRule = "next_day",
        deadline_end: _DeadlineEnd = "end_of_day",
        extension_rule: dict[str, Any] | None = None,
        signals: dict[str, Any] | None = None,
    ) -> Clock: ...
    @staticmethod
    def from_json(text: str) -> Clock: ...
    @staticmethod
    def from_dict(doc: dict[str, Any]) -> Clock: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def pause(self, kind: _PauseKind, at: datetime.datetime, note: str | None = None) -> None: ...
    def resume(self, at: datetime.datetime) -> None: ...
    def extend(
        self, calendar: Calendar, at: datetime.datetime, amount: int, approver: str, reason: str
    ) -> None: ...
    def complete(self, at: datetime.datetime) -> None: ...
    def status(self, calendar: Calendar, now: datetime.datetime) -> _ClockStatus: ...
    def next_change(self, calendar: Calendar, now: datetime.datetime) -> datetime.datetime | None: ...
    @property
    def limit(self) -> _LimitDict: ...
    @property
    def pledged(self) -> _LimitDict | None: ...
    @property
    def started_at(self) -> datetime.datetime: ...
    @property
    def completed_at(self) -> datetime.datetime | None: ...
    @property
    def is_paused(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
