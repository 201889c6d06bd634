"""Type stubs of the extension module ``xiaoneng._native`` (re-exported by ``xiaoneng``)."""

import datetime
import decimal
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol, TypedDict, Union, final, overload

from typing_extensions import disjoint_base

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped]  # pandas itself ships no stubs; pandas-stubs are optional

from ._types import Command, Event
from ._types import Explanation as _Explanation

__version__: str

__all__ = [
    "__version__",
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
    "verify",
    "_draw_coverage",
    "_draw_inspection_plan",
    "_draw_sample",
    "_draw_verify_plan",
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
    """Base class of every error raised by xiaoneng; carries the parts of the core's error."""

    code: int
    """The stable error code (2 parse, 3 invalid input, 4 out of range, 5 invalid state, 9 not found,
    10 forbidden, 11 storage, 12 corrupt; 7 for an internal error)."""
    field: str | None
    """The offending field or argument (a path such as ``limit.amount``), or None."""
    value: str | None
    """The offending value as written (at most 200 bytes of it), or None."""
    reason: str | None
    """Why it is refused, without the field and value, or None."""
    index: int | None
    """The failing element of an array call, or command of ``Engine.execute_many``, or None."""
    events: list[list[dict[str, Any]]] | None
    """For ``Engine.execute_many``: the events of the commands applied before the failing one."""

class ParseError(XiaonengError, ValueError):
    """A document is malformed or has an unknown or mistyped field (the message names the field)."""

class InvalidInputError(XiaonengError, ValueError):
    """A value is well-formed but not allowed."""

class OutOfRangeError(XiaonengError, ValueError):
    """A date lies outside the calendar's covered range, or a result would."""

class InvalidStateError(XiaonengError, RuntimeError):
    """The command is not allowed in the current state."""

class NotFoundError(XiaonengError, LookupError):
    """An unknown case, record, item or actor."""

class ForbiddenError(XiaonengError, PermissionError):
    """The actor lacks the post, role or unit the action needs."""

class StorageError(XiaonengError, OSError):
    """Reading or writing a journal's directory or file failed (the journal stops: fail-stop)."""

class CorruptError(XiaonengError):
    """Stored data is damaged (``field`` ``seq``, ``value`` the first bad sequence number)."""

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
    @staticmethod
    def statutory_notice(year: int) -> dict[str, Any] | None: ...
    @property
    def provisional_range(self) -> tuple[datetime.date, datetime.date] | None: ...
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

_ItemKind = Literal["instant", "pledged", "joint", "reported"]
_OnTimeout = Literal["deemed_approved", "escalate", "overdue_only"]
_DeemedAt = Literal["pledged", "statutory"]
_Role = Literal["window_clerk", "reviewer", "chief_representative", "unit_head", "supervisor"]
_StandingSystem = Literal[
    "post_responsibility",
    "chief_representative",
    "first_inquiry",
    "service_pledge",
    "one_time_notification",
    "time_limited_completion",
    "negative_reporting",
    "responsibility_trace_back",
    "ab_posts",
    "timeout_default",
    "absence_default",
    "efficiency_complaint",
    "efficiency_evaluation",
    "dereliction_accountability",
]

@final
class Policy:
    """A policy (制度包): a jurisdiction's efficiency rules as data, validated."""

    @staticmethod
    def from_json(text: str) -> Policy: ...
    @staticmethod
    def from_toml(text: str) -> Policy: ...
    @staticmethod
    def from_dict(spec: dict[str, Any]) -> Policy: ...
    @staticmethod
    def load(path: str | os.PathLike[str]) -> Policy: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def name(self) -> str: ...
    @property
    def systems(self) -> list[_StandingSystem]: ...
    def calendar(self) -> Calendar: ...
    def on_timeout(self, kind: _ItemKind) -> _OnTimeout: ...
    def deemed_at(self, kind: _ItemKind) -> _DeemedAt: ...
    def has_system(self, name: _StandingSystem) -> bool: ...
    def priority_card(
        self,
        annual_sales_yuan: decimal.Decimal | int | str | None = None,
        registered_capital_yuan: decimal.Decimal | int | str | None = None,
    ) -> _PriorityCard: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

class _PriorityCard(TypedDict):
    """What ``Policy.priority_card`` returns."""

    eligible: bool
    by: list[Literal["annual_sales", "registered_capital"]]
    reason: str

class _Acting(TypedDict):
    """What ``Org.acting_holder`` returns."""

    via: Literal["holder", "backup", "unit_head"]
    staff: str
    absent: list[str]
    violation: bool

class _Absence(TypedDict):
    """An absence as ``Org.absences`` lists it."""

    staff: str
    start: datetime.datetime
    end: datetime.datetime
    reason: str

@final
class Org:
    """An organisation: units, posts with A/B backup, staff with roles, and absences."""

    @staticmethod
    def from_json(text: str) -> Org: ...
    @staticmethod
    def from_toml(text: str) -> Org: ...
    @staticmethod
    def from_dict(spec: dict[str, Any]) -> Org: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def units(self) -> list[dict[str, Any]]: ...
    @property
    def posts(self) -> list[dict[str, Any]]: ...
    @property
    def staff(self) -> list[dict[str, Any]]: ...
    @property
    def absences(self) -> list[_Absence]: ...
    def acting_holder(self, post: str, at: datetime.datetime) -> _Acting: ...
    def has_role(self, staff: str, role: _Role) -> bool: ...
    def is_absent(self, staff: str, at: datetime.datetime) -> bool: ...
    def posts_frame(self) -> pd.DataFrame: ...
    def staff_frame(self) -> pd.DataFrame: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class Catalog:
    """A catalog of service items, validated against an organisation."""

    @staticmethod
    def from_json(text: str, org: Org) -> Catalog: ...
    @staticmethod
    def from_toml(text: str, org: Org) -> Catalog: ...
    @staticmethod
    def from_dict(spec: dict[str, Any], org: Org) -> Catalog: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def codes(self) -> list[str]: ...
    def item(self, code: str) -> dict[str, Any]: ...
    def guide(self, code: str, org: Org) -> dict[str, Any]: ...
    def guide_markdown(self, code: str, org: Org) -> str: ...
    def frame(self) -> pd.DataFrame: ...
    def __len__(self) -> int: ...
    def __contains__(self, code: object) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str, Org]]: ...

class _CaseView(TypedDict, total=False):
    """What ``Engine.view`` returns (``decision``, ``step``, ``step_status``, ``holder`` only when they apply)."""

    case: str
    item: str
    item_name: str
    unit: str
    state: Literal[
        "received",
        "awaiting_correction",
        "accepted",
        "refused",
        "approved",
        "denied",
        "delivered",
        "withdrawn",
        "terminated",
    ]
    decision: _ClockStatus
    step: str
    step_status: _ClockStatus
    holder: dict[str, Any]
    signal: Literal["none", "reminder", "yellow", "red"]
    violations: list[dict[str, Any]]

@disjoint_base
class Engine:
    """The case-handling engine: commands in, events out, timers, board and metrics."""

    def __new__(cls, policy: Policy, org: Org, catalog: Catalog) -> Engine: ...
    def execute(self, command: Command) -> list[Event]: ...
    def execute_many(
        self, commands: list[Command] | tuple[Command, ...] | str | bytes
    ) -> list[list[Event]]: ...
    def advance(self, now: datetime.datetime) -> list[Event]: ...
    def add_notice(
        self, notice: dict[str, Any], at: datetime.datetime, *, correction: bool = ...
    ) -> list[Event]: ...
    @property
    def policy(self) -> Policy: ...
    def view(self, case: str, now: datetime.datetime) -> _CaseView: ...
    @overload
    def explain(self, case: str, now: datetime.datetime, *, lang: Literal["zh", "en"] = "zh",
                text: Literal[False] = False) -> _Explanation: ...
    @overload
    def explain(self, case: str, now: datetime.datetime, *, lang: Literal["zh", "en"] = "zh",
                text: Literal[True]) -> str: ...
    def board(self, now: datetime.datetime) -> pd.DataFrame: ...
    def metrics(self, start: datetime.datetime, end: datetime.datetime) -> pd.DataFrame:
        """Per-unit figures of ``[start, end)`` (docs/metrics.md): flows by event instant, stocks at ``end``;
        int counts, ``Decimal`` rates and averages, ``None`` where there is nothing to rate; one group of
        ``<figure>_<unit of measure>`` columns per unit of measure and one ``violations_<rule>`` per rule."""
        ...
    def snapshot(self) -> str: ...
    @staticmethod
    def restore(policy: Policy, org: Org, catalog: Catalog, snapshot: str) -> Engine: ...
    @staticmethod
    def replay(policy: Policy, org: Org, catalog: Catalog, events: Sequence[dict[str, Any]]) -> Engine: ...
    def case(self, case_id: str) -> dict[str, Any] | None: ...
    def inquiry(self, inquiry_id: str) -> dict[str, Any] | None: ...
    def complaint(self, complaint_id: str, viewer: str) -> dict[str, Any] | None: ...
    def complaints(self, viewer: str) -> list[dict[str, Any]]: ...
    def complainants(self, complaint_id: str, viewer: str) -> list[dict[str, str]]: ...
    def feedback_sample(self, start: datetime.datetime, end: datetime.datetime, seed: int) -> list[str]: ...
    def pledge(self, pledge_id: str, at: datetime.datetime) -> dict[str, Any] | None: ...
    def pledges(self, at: datetime.datetime) -> list[dict[str, Any]]: ...
    def pledge_evaluation(self, pledge_id: str, period: str) -> dict[str, Any]: ...
    def inspection(self, inspection_id: str) -> dict[str, Any] | None: ...
    def inspections(self) -> list[dict[str, Any]]: ...
    def plan(self, plan_id: str) -> dict[str, Any] | None: ...
    def plan_report(self, plan_id: str) -> dict[str, Any]: ...
    def inspection_coverage(
        self,
        *,
        units: Sequence[str],
        start: datetime.date,
        end: datetime.date,
        period: Literal["month", "quarter"] | None = None,
        minimum: int | None = None,
        inspections: Sequence[Mapping[str, Any]] | None = None,
    ) -> dict[str, Any]: ...
    def matters(self) -> list[dict[str, Any]]: ...
    def filing_stats(self, start: datetime.date, end: datetime.date) -> dict[str, Any]: ...
    def award_blocked(self, person: str, year: int) -> bool: ...
    def register_state(self, seq: int) -> str | None: ...
    def record(
        self,
        *,
        person: str | None = None,
        unit: str | None = None,
        start: datetime.date,
        end: datetime.date,
    ) -> dict[str, Any]: ...
    def violations(
        self,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
        *,
        rule: str | None = None,
        unit: str | None = None,
        person: str | None = None,
        record: str | None = None,
        state: str | None = None,
    ) -> pd.DataFrame:
        """The violation register of ``[start, end)``, by rule, unit, person, record and state of
        accountability (``recorded``, ``proposed``, ``decided``): one row per
        violation (seq, at, record, rule, responsible, post, acting, acting_via, unit, unit_head, detail,
        provisional), in sequence order."""
    @property
    def next_timer(self) -> datetime.datetime | None: ...
    @property
    def seq(self) -> int: ...
    def __len__(self) -> int: ...
    def reserve(self, additional: int) -> None: ...

_Algorithm = Literal["sha256", "sm3"]
_Durability = Union[
    Literal["every_record", "never"],
    tuple[Literal["every_records", "every_millis"], int],
    dict[str, int],
]

class _Confidential(TypedDict):
    """A field held as a salted commitment: events of type ``event``, the field at JSON pointer ``pointer``."""

    event: str
    pointer: str

class _TornTail(TypedDict):
    """The torn tail a crash left (cut by the next open)."""

    segment: str
    kept_bytes: int
    cut_bytes: int
    cut_records: int

class _OpenReport(TypedDict):
    """What opening a journal found (``JournaledEngine.report``)."""

    algorithm: _Algorithm
    records: int
    segments: int
    last_seq: int
    head: str
    snapshot_seq: int | None
    torn: _TornTail | None
    erased: int

class _JournalOptions(TypedDict):
    """The options a journal is written with (``JournaledEngine.options``)."""

    algorithm: _Algorithm
    durability: str | dict[str, int]
    segment_bytes: int
    snapshot_every: int
    compact: bool
    confidential: list[_Confidential]

class _Checkpoint(TypedDict):
    """A journal's size and head hash (``JournaledEngine.checkpoint()``), for ``verify``."""

    format: int
    algorithm: _Algorithm
    size: int
    head: str

class _VerifyReport(TypedDict):
    """What ``verify`` found."""

    ok: bool
    algorithm: _Algorithm | None
    records: int
    segments: int
    last_seq: int
    head: str
    snapshot_seq: int | None
    torn: _TornTail | None
    erased: int
    first_bad_seq: int | None
    damage: str | None
    checkpoint_checked: bool | None

@final
class JournaledEngine(Engine):
    """The engine on a journal directory: every event durable, hash-chained and verifiable."""

    def __new__(
        cls,
        path: str | os.PathLike[str],
        policy: Policy,
        org: Org,
        catalog: Catalog,
        *,
        algorithm: _Algorithm = "sha256",
        durability: _Durability = "every_record",
        segment_bytes: int = 67108864,
        snapshot_every: int = 0,
        compact: bool = False,
        confidential: Sequence[_Confidential | tuple[str, str]] = (),
    ) -> JournaledEngine: ...
    @property
    def report(self) -> _OpenReport: ...
    @property
    def options(self) -> _JournalOptions: ...
    @property
    def path(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def checkpoint(self) -> _Checkpoint: ...
    def flush(self) -> None: ...
    def snapshot_now(self) -> None: ...
    def compact(self) -> int: ...
    def erase_through(self, through: int) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> JournaledEngine: ...
    def __exit__(self, *exc: object) -> bool: ...

def verify(path: str | os.PathLike[str], checkpoint: _Checkpoint | dict[str, Any] | str | None = None) -> _VerifyReport: ...

# The draws, wrapped with keyword arguments by ``xiaoneng.draw`` (the public API).
def _draw_sample(ids: Sequence[str], rate_per_mille: int, seed: int) -> list[str]: ...
def _draw_inspection_plan(request: dict[str, Any] | str, seed: int) -> Any: ...
def _draw_verify_plan(check: dict[str, Any] | str) -> None: ...
def _draw_coverage(request: dict[str, Any] | str) -> Any: ...
