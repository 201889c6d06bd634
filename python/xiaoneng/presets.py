"""The shipped presets and a small example organisation and catalog (``xn.presets``).

The policies are the repository's ``presets/county.toml`` and ``presets/street-office.toml``, modelled on
a county's implementation opinion and a street office's opinion on efficiency work (the rules and their
sources: ``docs/rules.md`` §4, §5). The example organisation and catalog are a county market-supervision
bureau with a service window, A/B posts, a fire brigade consulted on joint items and an efficiency office,
and two service items (a food business licence, 食品经营许可, and a joint fire-safety check). They ship
inside the package, so the examples in ``help()`` run from any directory; a test keeps them equal to the
repository's files.

Every value a preset marks *example* is a policy parameter: to adapt one, copy its text
(``text("county.toml")``), change it, and read it with :meth:`xiaoneng.Policy.from_toml`.

Examples
--------
>>> import xiaoneng as xn
>>> policy = xn.presets.county()
>>> policy.name
'某县机关效能建设实施意见（县级预置）'
>>> org = xn.presets.example_org()
>>> catalog = xn.presets.example_catalog(org)
>>> catalog.codes
['330100-FOOD-001', '330100-BLDG-007']
>>> engine = xn.Engine(policy, org, catalog)
"""

from __future__ import annotations

import importlib.resources as _resources

from ._native import Catalog, Org, Policy

__all__ = ["FILES", "county", "example_catalog", "example_org", "street_office", "text"]

FILES = ("county.toml", "street-office.toml", "county-org.json", "county-catalog.json")
"""The names of the packaged files, for :func:`text`."""


def text(name: str) -> str:
    """The text of a packaged file, to read or to copy and change.

    Parameters
    ----------
    name : str
        One of :data:`FILES`: ``"county.toml"``, ``"street-office.toml"`` (policies),
        ``"county-org.json"`` (the example organisation), ``"county-catalog.json"`` (the example catalog).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Another name.

    Examples
    --------
    >>> import xiaoneng as xn
    >>> xn.presets.text("county.toml").splitlines()[0][:30]
    '# County preset (县级): a policy'
    >>> xn.presets.text("county.yaml")
    Traceback (most recent call last):
    ...
    ValueError: no packaged file 'county.yaml'; the files are county.toml, street-office.toml, county-org.json, county-catalog.json
    """
    if name not in FILES:
        raise ValueError(f"no packaged file {name!r}; the files are {', '.join(FILES)}")
    return _resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def county() -> Policy:
    """The county preset: a county's implementation opinion (机关效能建设实施意见).

    Ten systems in force, among them A/B posts, timeout default and absence default; joint items are
    deemed approved when their limit passes; silence, unexcused absence and unreasoned disagreement in
    joint review count as consent; a missing rating defaults to 基本满意 after 7 natural days.

    Returns
    -------
    Policy

    Examples
    --------
    >>> import xiaoneng as xn
    >>> p = xn.presets.county()
    >>> p.has_system("ab_posts"), p.on_timeout("joint")
    (True, 'deemed_approved')
    """
    return Policy.from_toml(text("county.toml"))


def street_office() -> Policy:
    """The street-office preset: the nine systems of a street office's opinion on efficiency and openness, and
    the supervision of the rectifications it orders (督查督办).

    Nothing is deemed approved or consented; joint and reported items are escalated; refusals are
    reported to the superior (否定报备).

    Returns
    -------
    Policy

    Examples
    --------
    >>> import xiaoneng as xn
    >>> p = xn.presets.street_office()
    >>> len(p.systems), p.has_system("negative_reporting"), p.on_timeout("joint")
    (10, True, 'escalate')
    """
    return Policy.from_toml(text("street-office.toml"))


def example_org() -> Org:
    """A small example organisation: a county market-supervision bureau and its neighbours.

    Units ``amr`` (the bureau, head ``s-head``), ``fire`` (the fire brigade, consulted on joint items) and
    ``eff`` (the efficiency office, supervisor ``s-sup``); a window post ``p-window`` (A ``s-clerk``, B
    ``s-clerk2``) and a review post ``p-review`` (A ``s-rev``, B ``s-rev2``); two absences in October 2026.

    Returns
    -------
    Org

    Examples
    --------
    >>> import datetime as dt
    >>> import xiaoneng as xn
    >>> org = xn.presets.example_org()
    >>> tz = dt.timezone(dt.timedelta(hours=8))
    >>> org.acting_holder("p-review", dt.datetime(2026, 10, 13, 10, tzinfo=tz))["staff"]
    's-rev2'
    """
    return Org.from_json(text("county-org.json"))


def example_catalog(org: Org | None = None) -> Catalog:
    """The example catalog: two service items of the example organisation.

    ``330100-FOOD-001`` (食品经营许可, a pledged item: 20 working days statutory, 10 pledged, three steps)
    and ``330100-BLDG-007`` (a fire-safety check before opening, a joint item that consults ``fire``).

    Parameters
    ----------
    org : Org, optional
        The organisation to validate the catalog against; :func:`example_org` when omitted.

    Returns
    -------
    Catalog

    Examples
    --------
    >>> import xiaoneng as xn
    >>> catalog = xn.presets.example_catalog()
    >>> catalog.item("330100-FOOD-001")["pledged_limit"]
    {'unit': 'working_days', 'amount': 10}
    """
    return Catalog.from_json(text("county-catalog.json"), example_org() if org is None else org)
