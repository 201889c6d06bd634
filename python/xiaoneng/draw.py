"""Seeded, verifiable draws for efficiency inspections (明查暗访) and feedback sampling (回访抽查).

The functions call the Rust core (``xiaoneng._native``), so the same seed gives the same sample, plan and
commitment as from Rust and C. The seed is an int in 0 ..= 2**64 - 1 chosen by the caller (draw it from a
good source, e.g. ``secrets.randbits(64)``, and keep it secret until the reveal). docs/rules.md,
"Inspection draws and feedback sampling", states the rules.

- :func:`sample` — a seeded sample of ids (closed complaints) at a rate in per mille.
- :func:`inspection_plan` — which units are inspected by whom, by risk stratum, with a SHA-256 commitment.
- :func:`verify_plan` — checks a revealed plan and seed against the request and the recorded commitment.
- :func:`coverage` — units inspected fewer times than a minimum per calendar month or quarter.

Examples
--------
>>> import xiaoneng as xn
>>> xn.draw.sample(["T-01", "T-02", "T-03", "T-04"], rate_per_mille=500, seed=7)
['T-01', 'T-02']
"""

from __future__ import annotations

import datetime as _dt
import collections.abc as _abc
import typing as _t

from . import _native

__all__ = ["sample", "inspection_plan", "verify_plan", "coverage"]


class Assignment(_t.TypedDict):
    """One unit of a plan and its team (inspector ids, sorted)."""

    unit: str
    stratum: str
    inspectors: list[str]


class Plan(_t.TypedDict):
    """A drawn plan: the seed, the units drawn with their teams (by unit id), the commitment (hex)."""

    seed: int
    assignments: list[Assignment]
    commitment: str


class Period(_t.TypedDict):
    """A calendar period checked (``2026-Q1`` or ``2026-01``)."""

    label: str
    start: _dt.date
    end: _dt.date


class Shortfall(_t.TypedDict):
    """A unit inspected fewer times than the minimum in a period."""

    unit: str
    period: str
    start: _dt.date
    end: _dt.date
    count: int
    minimum: int


class CoverageReport(_t.TypedDict):
    """The periods checked and the shortfalls (by unit id, then period)."""

    periods: list[Period]
    below: list[Shortfall]


# A unit: {"id", "stratum", "exclude_inspectors"?} or (id, stratum); an inspector: {"id", "unit"} or (id, unit).
_Unit = _t.Union[_abc.Mapping[str, _t.Any], _abc.Sequence[str]]
_Inspector = _t.Union[_abc.Mapping[str, _t.Any], _abc.Sequence[str]]


def _unit(u: _Unit) -> _t.Any:
    if isinstance(u, (tuple, list)) and len(u) == 2:
        return {"id": u[0], "stratum": u[1]}
    return u


def _inspector(x: _Inspector) -> _t.Any:
    if isinstance(x, (tuple, list)) and len(x) == 2:
        return {"id": x[0], "unit": x[1]}
    return x


def _request(units: _abc.Iterable[_Unit], inspectors: _abc.Iterable[_Inspector], strata: _abc.Mapping[str, int],
             team_size: int, inspected_last_period: _abc.Iterable[str]) -> dict[str, _t.Any]:
    return {
        "units": [_unit(u) for u in units],
        "inspectors": [_inspector(x) for x in inspectors],
        "strata": dict(strata),
        "team_size": team_size,
        "inspected_last_period": list(inspected_last_period),
    }


def sample(ids: _abc.Iterable[str], rate_per_mille: int, seed: int) -> list[str]:
    """A seeded sample of ``ids`` without replacement at ``rate_per_mille`` (0-1000), sorted.

    The sample has ``ceil(rate_per_mille * n / 1000)`` ids (at least one when there are ids and the rate is
    not 0). The ids are sorted before the draw, so the same set and seed give the same sample whatever
    their order.

    Raises
    ------
    InvalidInputError
        An id given twice or empty (``ids[k]``), a rate above 1000 (``rate_per_mille``), a seed that is not
        an int.

    Examples
    --------
    >>> closed = [f"T-{i:02}" for i in range(1, 11)]
    >>> xn.draw.sample(closed, rate_per_mille=300, seed=20261001)
    ['T-05', 'T-06', 'T-09']
    >>> xn.draw.sample(reversed(closed), rate_per_mille=300, seed=20261001)
    ['T-05', 'T-06', 'T-09']
    """
    return _native._draw_sample(list(ids), rate_per_mille, seed)


def inspection_plan(*, units: _abc.Iterable[_Unit], inspectors: _abc.Iterable[_Inspector], strata: _abc.Mapping[str, int],
                    team_size: int, seed: int, inspected_last_period: _abc.Iterable[str] = ()) -> Plan:
    """Draws a period's inspection plan with ``seed``.

    ``units`` are dicts ``{"id", "stratum", "exclude_inspectors": [...]}`` (the exclusions optional) or
    ``(id, stratum)`` pairs; ``inspectors`` dicts ``{"id", "unit"}`` or ``(id, unit)`` pairs (an inspector
    never inspects their own unit); ``strata`` how many units to draw per stratum; ``team_size`` the
    inspectors per unit; ``inspected_last_period`` units not drawn this time. No inspector gets more than
    ``ceil(units drawn * team_size / inspectors)`` units. Returns ``{"seed", "assignments": [{"unit",
    "stratum", "inspectors"}], "commitment"}``; record the commitment before the period, reveal the seed
    and plan after it.

    Raises
    ------
    ParseError
        A malformed unit or inspector, an unknown field (the field named, e.g. ``units[0].risk``).
    InvalidInputError
        The plan cannot be drawn: the unit (``units[k]``) or stratum (``strata.<name>``) named, and why.
    NotFoundError
        An exclusion naming no inspector, an unknown unit inspected last period.

    Examples
    --------
    >>> plan = xn.draw.inspection_plan(
    ...     units=[("amr", "high"), ("fire", "high"), ("hall", "low")],
    ...     inspectors=[("s-sup", "eff"), ("s-rev", "amr"), ("s-fire", "fire")],
    ...     strata={"high": 1, "low": 1}, team_size=2, seed=1)
    >>> len(plan["assignments"]), len(plan["commitment"])
    (2, 64)
    """
    request = _request(units, inspectors, strata, team_size, inspected_last_period)
    return _native._draw_inspection_plan(request, seed)  # type: ignore[no-any-return]


def verify_plan(*, units: _abc.Iterable[_Unit], inspectors: _abc.Iterable[_Inspector], strata: _abc.Mapping[str, int],
                team_size: int, seed: int, assignments: _abc.Sequence[Assignment], commitment: str,
                inspected_last_period: _abc.Iterable[str] = ()) -> None:
    """Checks a revealed plan: draws the plan of the request and ``seed`` again, compares it with
    ``assignments`` and checks that ``commitment`` (as recorded before the period) is its SHA-256.

    Raises
    ------
    CorruptError
        The plan is not the seed's (field ``assignments[k]``, ``assignments``) or the commitment differs
        (``commitment``).

    Examples
    --------
    >>> req = dict(units=[("amr", "high"), ("fire", "high")], inspectors=[("s-sup", "eff")],
    ...            strata={"high": 1}, team_size=1)
    >>> plan = xn.draw.inspection_plan(**req, seed=5)
    >>> xn.draw.verify_plan(**req, seed=5, assignments=plan["assignments"], commitment=plan["commitment"])
    >>> xn.draw.verify_plan(**req, seed=6, assignments=plan["assignments"], commitment=plan["commitment"])
    Traceback (most recent call last):
    ...
    xiaoneng.CorruptError: ...
    """
    check = {
        "request": _request(units, inspectors, strata, team_size, inspected_last_period),
        "seed": seed,
        "assignments": [dict(a) for a in assignments],
        "commitment": commitment,
    }
    _native._draw_verify_plan(check)


def coverage(*, units: _abc.Iterable[str], inspections: _abc.Iterable[_abc.Mapping[str, _t.Any] | tuple[str, _t.Any]],
             start: _dt.date | str, end: _dt.date | str, period: _t.Literal["month", "quarter"] = "quarter",
             minimum: int = 1) -> CoverageReport:
    """The units inspected fewer than ``minimum`` times in each whole calendar ``period`` (month or
    quarter) between ``start`` and ``end`` (inclusive; the JSON form's ``from`` and ``to``). A period the
    span only partly covers is not checked. ``inspections`` are dicts ``{"unit", "date"}`` or ``(unit,
    date)`` pairs.

    Raises
    ------
    InvalidInputError
        ``minimum`` 0, ``end`` before ``start`` (field ``to``), a unit given twice.
    NotFoundError
        An inspection of a unit not in ``units`` (``inspections[k].unit``).

    Examples
    --------
    >>> report = xn.draw.coverage(units=["amr", "fire"],
    ...                           inspections=[("amr", dt.date(2026, 2, 10)), ("fire", dt.date(2026, 5, 6))],
    ...                           start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    >>> [(s["unit"], s["period"], s["start"]) for s in report["below"]]
    [('amr', '2026-Q2', datetime.date(2026, 4, 1)), ('fire', '2026-Q1', datetime.date(2026, 1, 1))]
    """
    request = {
        "units": list(units),
        "inspections": [i if isinstance(i, _abc.Mapping) else {"unit": i[0], "date": i[1]} for i in inspections],
        "from": start,
        "to": end,
        "period": period,
        "minimum": minimum,
    }
    report = _native._draw_coverage(request)
    for row in [*report["periods"], *report["below"]]:
        row["start"] = _dt.date.fromisoformat(row["start"])
        row["end"] = _dt.date.fromisoformat(row["end"])
    return report  # type: ignore[no-any-return]
