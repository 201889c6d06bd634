"""Builders of engine commands (``xn.commands``): one function per command type.

Each function returns the command as a dict, ready for :meth:`xiaoneng.Engine.execute` (and for
storing as JSON: the instant is RFC 3339 text). Every command names its case (the host's case number),
its instant ``at`` (an *aware* ``datetime.datetime``; naive ones are refused, the library never guesses a
zone) and its ``actor`` (a staff id; for :func:`rate`, the applicant). The builders check types and
obvious values early, with :class:`~xiaoneng.InvalidInputError` naming the argument; the engine checks
everything else (who may issue the command, in which state) when it runs it. The rules are in
``docs/commands.md``.

Examples
--------
>>> import datetime as dt, xiaoneng as xn
>>> tz = dt.timezone(dt.timedelta(hours=8))
>>> xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10, tzinfo=tz), "s-clerk")
{'type': 'accept', 'case': 'C1', 'at': '2026-09-28T10:00:00+08:00', 'actor': 's-clerk'}
"""

from __future__ import annotations

import datetime as _dt
import typing as _t
import collections.abc as _abc

from ._native import InvalidInputError

__all__ = [
    "accept",
    "answer_inquiry",
    "complete_step",
    "decide",
    "deliver",
    "extend",
    "follow_up_rating",
    "joint_absence",
    "joint_reply",
    "notify_corrections",
    "pause",
    "rate",
    "receive",
    "record_inquiry",
    "refuse",
    "report_negative",
    "resume",
    "submit_corrections",
    "withdraw",
    "terminate",
]

#: A command as a dict: ``{"type": ..., "case": ..., "at": "<RFC 3339>", "actor": ..., ...}``.
Command = _t.Dict[str, _t.Any]

_PAUSE_KINDS = ("correction", "hearing", "tendering", "auction", "inspection", "appraisal", "expert_review",
                "other")
_OPINIONS = ("agree", "disagree", "agree_and_forward", "other")
_OUTCOMES = ("answered", "handled", "guided")


def _instant(at: object, name: str = "at") -> str:
    if not isinstance(at, _dt.datetime):
        raise InvalidInputError(f"`{name}` must be an aware datetime.datetime, got {type(at).__name__}")
    offset = at.utcoffset()
    if offset is None:
        raise InvalidInputError(f"naive datetime: give a timezone (`{name}`)")
    if offset % _dt.timedelta(minutes=1):
        # RFC 3339 offsets are whole minutes: show such an instant in UTC.
        at = at.astimezone(_dt.timezone.utc)
    return at.isoformat()


def _str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"`{name}` must be a str, got {type(value).__name__}")
    return value


def _strs(value: object, name: str) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, _abc.Sequence):
        raise InvalidInputError(f"`{name}` must be a list of str, got {type(value).__name__}")
    return [_str(v, f"{name}[{i}]") for i, v in enumerate(value)]


def _bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"`{name}` must be a bool, got {type(value).__name__}")
    return value


def _int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"`{name}` must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidInputError(f"invalid `{name}` = {value}: must be {low}..={high}")
    return value


def _choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidInputError(f"invalid `{name}` = {value!r}: expected one of {', '.join(choices)}")
    return str(value)


def _base(kind: str, case: str, at: _dt.datetime, actor: str) -> Command:
    return {"type": kind, "case": _str(case, "case"), "at": _instant(at), "actor": _str(actor, "actor")}


def receive(case: str, at: _dt.datetime, actor: str, *, item: str, applicant: str,
            materials: _abc.Sequence[str] = ()) -> Command:
    """Materials received at the window (收件); starts the one-time-notice limit (art. 32).

    Issued by a window clerk, chief representative or unit head, for a new case number and an item in
    the catalog. Event: ``received``.

    Parameters
    ----------
    case : str
        The host's case number (new).
    at : datetime.datetime
        Aware instant of receipt.
    actor : str
        Staff id of the clerk.
    item : str
        Service item code.
    applicant : str
        Applicant's name or id (the only one who may later :func:`rate`).
    materials : sequence of str, optional
        Materials received, named as in the item's list.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, a value of the wrong type (e.g. ``materials`` given as one str).

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> tz = dt.timezone(dt.timedelta(hours=8))
    >>> xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    ...                     item="330100-FOOD-001", applicant="某餐饮有限公司", materials=["食品经营许可申请书"])
    {'type': 'receive', 'case': 'C1', 'at': '2026-09-28T09:00:00+08:00', 'actor': 's-clerk',
     'item': '330100-FOOD-001', 'applicant': '某餐饮有限公司', 'materials': ['食品经营许可申请书']}
    """
    cmd = _base("receive", case, at, actor)
    cmd.update(item=_str(item, "item"), applicant=_str(applicant, "applicant"),
               materials=_strs(materials, "materials"))
    return cmd


def notify_corrections(case: str, at: _dt.datetime, actor: str, *, missing: _abc.Sequence[str]) -> Command:
    """One-time notification (一次性告知): every missing or defective material, told at once, in writing.

    Allowed while the case is ``received``. Events: ``corrections_notified``, plus a ``violation``
    ``repeated_notice`` when a second notice lists items the new materials did not cause (art. 32).

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    missing : sequence of str
        Every missing or defective item.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> cmd = xn.commands.notify_corrections("C1", dt.datetime(2026, 9, 28, 1, tzinfo=dt.timezone.utc),
    ...                                      "s-clerk", missing=["营业执照复印件"])
    >>> cmd["type"], cmd["at"], cmd["missing"]
    ('notify_corrections', '2026-09-28T01:00:00+00:00', ['营业执照复印件'])
    """
    cmd = _base("notify_corrections", case, at, actor)
    cmd["missing"] = _strs(missing, "missing")
    return cmd


def submit_corrections(case: str, at: _dt.datetime, actor: str, *, materials: _abc.Sequence[str]) -> Command:
    """The applicant hands in corrected materials (补正); the clerk ``actor`` takes them.

    Allowed while the case is ``awaiting_correction``. Event: ``corrections_submitted``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    materials : sequence of str
        Materials handed in.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.submit_corrections("C1", dt.datetime(2026, 9, 28, 1, tzinfo=dt.timezone.utc), "s-clerk",
    ...                                materials="营业执照复印件")
    Traceback (most recent call last):
    ...
    xiaoneng.InvalidInputError: `materials` must be a list of str, got str
    """
    cmd = _base("submit_corrections", case, at, actor)
    cmd["materials"] = _strs(materials, "materials")
    return cmd


def accept(case: str, at: _dt.datetime, actor: str) -> Command:
    """Acceptance (受理): the decision clocks (statutory and pledged) start.

    Issued by a window clerk, chief representative or unit head while the case is ``received``.
    Event: ``accepted``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.accept("C1", dt.datetime(2026, 9, 28, 10), "s-clerk")
    Traceback (most recent call last):
    ...
    xiaoneng.InvalidInputError: naive datetime: give a timezone (`at`)
    """
    return _base("accept", case, at, actor)


def refuse(case: str, at: _dt.datetime, actor: str, *, reasons: str, legal_basis: str,
           remedies: str) -> Command:
    """Refusal to accept (不予受理): written, reasoned, with legal basis and remedies (art. 38).

    Allowed while the case is ``received`` or ``awaiting_correction``; the engine rejects a refusal with
    an empty ``reasons``, ``legal_basis`` or ``remedies``. Event: ``refused`` (the negative-report limit
    starts).

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    reasons : str
    legal_basis : str
    remedies : str
        The rights to administrative reconsideration or suit.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> cmd = xn.commands.refuse("C1", dt.datetime(2026, 9, 28, 1, tzinfo=dt.timezone.utc), "s-clerk",
    ...                          reasons="不属于本机关职权范围", legal_basis="《行政许可法》第三十二条",
    ...                          remedies="可于六十日内申请行政复议")
    >>> sorted(cmd)
    ['actor', 'at', 'case', 'legal_basis', 'reasons', 'remedies', 'type']
    """
    cmd = _base("refuse", case, at, actor)
    cmd.update(reasons=_str(reasons, "reasons"), legal_basis=_str(legal_basis, "legal_basis"),
               remedies=_str(remedies, "remedies"))
    return cmd


def report_negative(case: str, at: _dt.datetime, actor: str, *, superior: str) -> Command:
    """Negative-decision report (否定报备) of a refusal or denial to the superior leader.

    Any staff member may issue it while the case is ``refused`` or ``denied`` and not yet reported;
    ``superior`` must be a unit head. Event: ``negative_reported``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    superior : str
        Staff id of the leader reported to.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.report_negative("C1", dt.datetime(2026, 9, 28, 7, tzinfo=dt.timezone.utc), "s-clerk",
    ...                             superior="s-head")["superior"]
    's-head'
    """
    cmd = _base("report_negative", case, at, actor)
    cmd["superior"] = _str(superior, "superior")
    return cmd


def complete_step(case: str, at: _dt.datetime, actor: str) -> Command:
    """The current procedure step is done.

    Issued by the acting holder of the step's post: A, or B while A is away, or the unit head while
    both are away (a ``violation`` ``ab_both_absent``). Allowed while ``accepted``, not paused, steps
    left. Event: ``step_completed`` with ``by`` (``{"via": "holder" | "backup" | "unit_head", ...}``).

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.complete_step("C1", dt.datetime(2026, 10, 12, 2, tzinfo=dt.timezone.utc), "s-rev2")["type"]
    'complete_step'
    """
    return _base("complete_step", case, at, actor)


def pause(case: str, at: _dt.datetime, actor: str, *,
          kind: _t.Literal["correction", "hearing", "tendering", "auction", "inspection", "appraisal",
                           "expert_review", "other"],
          notice: str) -> Command:
    """A special procedure (art. 45: hearing, inspection, appraisal, ...) stops the clocks.

    Issued by the acting holder of the current step's post or a unit head of the case's unit, while
    ``accepted`` and not paused; ``kind`` must be among the item's special procedures and ``notice`` (the
    written notice to the applicant) must not be empty. Event: ``paused``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    kind : {"correction", "hearing", "tendering", "auction", "inspection", "appraisal", "expert_review", "other"}
    notice : str
        The written notice to the applicant.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, an unknown ``kind``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.pause("C1", dt.datetime(2026, 9, 29, 2, tzinfo=dt.timezone.utc), "s-rev",
    ...                   kind="site_visit", notice="x")
    Traceback (most recent call last):
    ...
    xiaoneng.InvalidInputError: invalid `kind` = 'site_visit': expected one of correction, hearing, ...
    """
    cmd = _base("pause", case, at, actor)
    cmd.update(kind=_choice(kind, "kind", _PAUSE_KINDS), notice=_str(notice, "notice"))
    return cmd


def resume(case: str, at: _dt.datetime, actor: str) -> Command:
    """The special procedure is over; the clocks run again. Issued as :func:`pause`, while paused.

    Event: ``resumed``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.resume("C1", dt.datetime(2026, 10, 9, 2, tzinfo=dt.timezone.utc), "s-rev")["at"]
    '2026-10-09T02:00:00+00:00'
    """
    return _base("resume", case, at, actor)


def extend(case: str, at: _dt.datetime, actor: str, *, amount: int, reason: str) -> Command:
    """Extension (延期) of the decision limit by ``amount`` units, with the reason told to the applicant.

    Issued by the policy's approver role (``unit_head`` in the presets, art. 42), while ``accepted`` and
    before the limit expires, within the policy's count and total. Event: ``extended``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    amount : int
        Units added (in the limit's unit), 1..=100000.
    reason : str

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, an ``amount`` that is not a positive int.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.extend("C1", dt.datetime(2026, 10, 8, 1, tzinfo=dt.timezone.utc), "s-head",
    ...                    amount=0, reason="需要现场核查")
    Traceback (most recent call last):
    ...
    xiaoneng.InvalidInputError: invalid `amount` = 0: must be 1..=100000
    """
    cmd = _base("extend", case, at, actor)
    cmd.update(amount=_int(amount, "amount", 1, 100_000), reason=_str(reason, "reason"))
    return cmd


def decide(case: str, at: _dt.datetime, actor: str, *, approve: bool, reasons: str = "",
           legal_basis: str = "", remedies: str = "") -> Command:
    """The decision (决定): approval, or denial with reasons, legal basis and remedies (art. 38).

    Issued by the acting holder of the current step's post or a unit head, while ``accepted`` and not
    paused; an approval needs every joint party's opinion. Event: ``decided`` (approval: the delivery
    limit starts; denial: the negative-report limit starts and the case closes).

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    approve : bool
    reasons, legal_basis, remedies : str, optional
        Required (not empty) for a denial.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, a non-bool ``approve``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.decide("C1", dt.datetime(2026, 9, 29, 2, tzinfo=dt.timezone.utc), "s-head",
    ...                    approve=True)["approve"]
    True
    """
    cmd = _base("decide", case, at, actor)
    cmd.update(approve=_bool(approve, "approve"), reasons=_str(reasons, "reasons"),
               legal_basis=_str(legal_basis, "legal_basis"), remedies=_str(remedies, "remedies"))
    return cmd


def deliver(case: str, at: _dt.datetime, actor: str) -> Command:
    """The certificate is delivered (送达, art. 44); the case closes.

    Issued by a window clerk, chief representative or unit head while ``approved``. Event: ``delivered``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.deliver("C1", dt.datetime(2026, 9, 29, 7, tzinfo=dt.timezone.utc), "s-clerk")["type"]
    'deliver'
    """
    return _base("deliver", case, at, actor)


def joint_reply(case: str, at: _dt.datetime, actor: str, *, unit: str,
                opinion: _t.Literal["agree", "disagree", "agree_and_forward", "other"],
                reasons: str = "") -> Command:
    """A consulted department's opinion in joint review (并联审批, 会签).

    Issued by a reviewer, chief representative or head of the consulted ``unit`` while the case is
    ``accepted`` and that unit is pending. Event: ``joint_opinion`` (an ``other`` reply, or a
    disagreement without reasons where the policy says so, counts as ``agree`` with ``deemed`` saying
    why).

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    unit : str
        The consulted unit.
    opinion : {"agree", "disagree", "agree_and_forward", "other"}
    reasons : str, optional
        A disagreement needs them.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, an unknown ``opinion``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> cmd = xn.commands.joint_reply("J1", dt.datetime(2026, 9, 29, 2, tzinfo=dt.timezone.utc), "s-fire",
    ...                               unit="fire", opinion="disagree", reasons="疏散通道宽度不足")
    >>> cmd["opinion"], cmd["reasons"]
    ('disagree', '疏散通道宽度不足')
    """
    cmd = _base("joint_reply", case, at, actor)
    cmd.update(unit=_str(unit, "unit"), opinion=_choice(opinion, "opinion", _OPINIONS),
               reasons=_str(reasons, "reasons"))
    return cmd


def joint_absence(case: str, at: _dt.datetime, actor: str, *, unit: str, excused: bool = False) -> Command:
    """A consulted department did not attend the joint review meeting or site survey (at ``at``).

    Issued by a staff member of the lead unit, as :func:`joint_reply`. Event: ``joint_opinion`` deemed
    ``absence`` (缺席默认) when unexcused and the policy has absence default; otherwise none.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    unit : str
        The absent unit.
    excused : bool, default False
        Whether the absence was excused in advance.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, a non-bool ``excused``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.joint_absence("J1", dt.datetime(2026, 9, 29, 7, tzinfo=dt.timezone.utc), "s-rev",
    ...                           unit="fire")["excused"]
    False
    """
    cmd = _base("joint_absence", case, at, actor)
    cmd.update(unit=_str(unit, "unit"), excused=_bool(excused, "excused"))
    return cmd


def rate(case: str, at: _dt.datetime, actor: str, *, level: int, real_name: bool = False,
         comment: str = "") -> Command:
    """The applicant rates the service (好差评) after closure: 5 非常满意 .. 1 非常不满意.

    ``actor`` is the applicant as named at :func:`receive`. Allowed once the case is closed (refused,
    denied, delivered) and not yet rated. Event: ``rated``; a level of 1 or 2 (a bad rating) starts the
    follow-up limit.

    Parameters
    ----------
    case, at
        As in :func:`receive`.
    actor : str
        The applicant.
    level : int
        1..=5.
    real_name : bool, default False
        A real-name bad rating gets a call-back.
    comment : str, optional

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, a level outside 1..=5.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.rate("C1", dt.datetime(2026, 9, 30, 1, tzinfo=dt.timezone.utc), "某餐饮有限公司", level=6)
    Traceback (most recent call last):
    ...
    xiaoneng.InvalidInputError: invalid `level` = 6: must be 1..=5
    """
    cmd = _base("rate", case, at, actor)
    cmd.update(level=_int(level, "level", 1, 5), real_name=_bool(real_name, "real_name"),
               comment=_str(comment, "comment"))
    return cmd


def follow_up_rating(case: str, at: _dt.datetime, actor: str, *, result: str) -> Command:
    """A bad rating was verified and rectified (整改), by a unit head or supervisor.

    Allowed while a bad rating awaits follow-up. Event: ``rating_followed_up``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    result : str
        What was found and done.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.follow_up_rating("C1", dt.datetime(2026, 10, 8, 1, tzinfo=dt.timezone.utc), "s-sup",
    ...                              result="已回访，窗口人员作书面检查")["result"]
    '已回访，窗口人员作书面检查'
    """
    cmd = _base("follow_up_rating", case, at, actor)
    cmd["result"] = _str(result, "result")
    return cmd


def withdraw(case: str, at: _dt.datetime, actor: str) -> Command:
    """The applicant withdraws; the case closes without a decision and its timers stop.

    Recorded by a window clerk, chief representative or unit head while the case is neither closed nor
    approved. Event: ``withdrawn``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.withdraw("C1", dt.datetime(2026, 9, 29, 2, tzinfo=dt.timezone.utc), "s-clerk")["type"]
    'withdraw'
    """
    return _base("withdraw", case, at, actor)


def terminate(case: str, at: _dt.datetime, actor: str, *, reason: str) -> Command:
    """The unit terminates the procedure (终止办理); the case closes without a decision and its timers stop.

    Issued by the head of the case's unit, with the reason, while the case is neither closed nor approved.
    Event: ``terminated``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive`.
    reason : str
        Why (e.g. the applicant was dissolved); recorded and told to the applicant.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.terminate("C1", dt.datetime(2026, 9, 29, 2, tzinfo=dt.timezone.utc), "s-head",
    ...                       reason="申请人已注销")["reason"]
    '申请人已注销'
    """
    cmd = _base("terminate", case, at, actor)
    cmd["reason"] = _str(reason, "reason")
    return cmd


def record_inquiry(case: str, at: _dt.datetime, actor: str, *, person: str, topic: str,
                   also_asked: _abc.Sequence[str] = ()) -> Command:
    """A person's inquiry (首问), recorded by the first staff member asked.

    ``case`` is a new inquiry number (inquiries share the case-number space). When several staff members
    were asked at once, the highest-ranking of them is responsible (首问负责制). Event:
    ``inquiry_recorded`` with ``responsible``; the policy's ``inquiry_answer_limit`` starts.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive` (``actor``: the first staff member asked).
    person : str
        Who asked (name or contact).
    topic : str
        What about.
    also_asked : sequence of str, optional
        Other staff ids asked at the same time.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at`` or a value of the wrong type.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.record_inquiry("Q1", dt.datetime(2026, 9, 28, 1, tzinfo=dt.timezone.utc), "s-clerk",
    ...                            person="张先生", topic="食品经营许可所需材料", also_asked=["s-head"])["also_asked"]
    ['s-head']
    """
    cmd = _base("record_inquiry", case, at, actor)
    cmd.update(person=_str(person, "person"), topic=_str(topic, "topic"),
               also_asked=_strs(also_asked, "also_asked"))
    return cmd


def answer_inquiry(case: str, at: _dt.datetime, actor: str, *,
                   outcome: _t.Literal["answered", "handled", "guided"], guided_to: str = "") -> Command:
    """The responsible staff member answered, handled, or guided (transferred) the person who asked.

    Allowed once per recorded inquiry. Event: ``inquiry_answered``.

    Parameters
    ----------
    case, at, actor
        As in :func:`receive` (``actor``: the responsible staff member).
    outcome : {"answered", "handled", "guided"}
    guided_to : str, optional
        Where the person was guided to; required for ``guided``.

    Returns
    -------
    dict

    Raises
    ------
    InvalidInputError
        A naive ``at``, an unknown ``outcome``.

    Examples
    --------
    >>> import datetime as dt, xiaoneng as xn
    >>> xn.commands.answer_inquiry("Q1", dt.datetime(2026, 9, 28, 2, tzinfo=dt.timezone.utc), "s-head",
    ...                            outcome="guided", guided_to="县政务服务中心二楼 A12 窗口")["outcome"]
    'guided'
    """
    cmd = _base("answer_inquiry", case, at, actor)
    cmd.update(outcome=_choice(outcome, "outcome", _OUTCOMES), guided_to=_str(guided_to, "guided_to"))
    return cmd
