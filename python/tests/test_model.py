"""Policy, Org and Catalog: reading documents, the A/B rule, service guides, tables and every error path."""

import copy
import datetime as dt
import decimal
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import xiaoneng as xn
from conftest import gil_released_during, t

ROOT = Path(__file__).resolve().parents[2]
PRESETS = ROOT / "presets"


def lim(amount: int, unit: str = "working_days") -> dict:
    return {"unit": unit, "amount": amount}


# --- fixtures -------------------------------------------------------------------------------------------

POLICY = {
    "schema": 1,
    "name": "某县机关效能建设实施意见",
    "calendar": {"schema": 1, "base": "china"},
    "systems": ["post_responsibility", "first_inquiry", "ab_posts", "timeout_default"],
    "inquiry_answer_limit": lim(1),
    "one_time_notice_limit": lim(5),
    "negative_report_limit": lim(1),
    "delivery_limit": lim(10),
    "extension": {"max_count": 1, "max_total": 10, "approver_role": "unit_head"},
    "on_timeout": {"joint": "deemed_approved", "pledged": "escalate"},
    "joint_review": {
        "consult_limit": lim(5),
        "silence_is_consent": True,
        "absence_is_consent": True,
        "unreasoned_disagreement_is_consent": True,
    },
    "ab_posts": {"unit_head_covers": True},
    "rating": {"follow_up_limit": lim(5), "default_after": lim(7, "natural_days"), "default_level": 3},
}

POLICY_TOML = """
schema = 1
name = "某县机关效能建设实施意见"
systems = ["post_responsibility", "first_inquiry", "ab_posts", "timeout_default"]
inquiry_answer_limit = { unit = "working_days", amount = 1 }
one_time_notice_limit = { unit = "working_days", amount = 5 }
negative_report_limit = { unit = "working_days", amount = 1 }
delivery_limit = { unit = "working_days", amount = 10 }

[calendar]
schema = 1
base = "china"

[extension]
max_count = 1
max_total = 10
approver_role = "unit_head"

[on_timeout]
joint = "deemed_approved"
pledged = "escalate"

[joint_review]
consult_limit = { unit = "working_days", amount = 5 }
silence_is_consent = true
absence_is_consent = true
unreasoned_disagreement_is_consent = true

[ab_posts]
unit_head_covers = true

[rating]
follow_up_limit = { unit = "working_days", amount = 5 }
default_after = { unit = "natural_days", amount = 7 }
default_level = 3
"""

ORG = {
    "schema": 1,
    "units": [
        {"id": "zx", "name": "县政务服务中心", "head": "zhou"},
        {"id": "scj", "name": "县市场监督管理局", "parent": "zx", "head": "li"},
        {"id": "xfj", "name": "县消防救援大队", "parent": "zx", "head": "sun"},
        {"id": "win", "name": "市场监管窗口", "parent": "scj"},
    ],
    "posts": [
        {"id": "sl-a", "unit": "win", "title": "受理岗", "duties": "收件、受理、一次性告知",
         "holder": "wang", "backup": "sl-b"},
        {"id": "sl-b", "unit": "win", "title": "受理B岗", "holder": "zhao"},
        {"id": "sh-a", "unit": "scj", "title": "食品经营许可审核岗", "holder": "qian", "backup": "sh-b"},
        {"id": "sh-b", "unit": "scj", "title": "审核B岗", "holder": "wu"},
        {"id": "xf", "unit": "xfj", "title": "消防审查岗", "holder": "zheng"},
        {"id": "vacant", "unit": "scj", "title": "待配岗", "backup": "sh-b"},
    ],
    "staff": [
        {"id": "zhou", "name": "周主任", "unit": "zx", "roles": ["unit_head", "supervisor"], "rank": 5},
        {"id": "li", "name": "李局长", "unit": "scj", "roles": ["unit_head"], "rank": 4},
        {"id": "sun", "name": "孙队长", "unit": "xfj", "roles": ["unit_head"], "rank": 4},
        {"id": "wang", "name": "王窗口", "unit": "win", "roles": ["window_clerk"]},
        {"id": "zhao", "name": "赵窗口", "unit": "win", "roles": ["window_clerk"]},
        {"id": "qian", "name": "钱审核", "unit": "scj", "roles": ["reviewer"], "rank": 2},
        {"id": "wu", "name": "吴审核", "unit": "scj", "roles": ["reviewer"], "rank": 1},
        {"id": "zheng", "name": "郑审查", "unit": "xfj", "roles": ["reviewer"]},
    ],
    "absences": [
        # qian (A) on leave 12-16 Oct, wu (B) on training 14-15 Oct: both away 14-15 Oct.
        {"staff": "qian", "start": "2026-10-12T00:00:00+08:00", "end": "2026-10-17T00:00:00+08:00",
         "reason": "年休假"},
        {"staff": "wu", "start": "2026-10-14T00:00:00+08:00", "end": "2026-10-16T00:00:00+08:00",
         "reason": "培训"},
        # zheng has no B post; li (head of scj) is away too on 20 Oct.
        {"staff": "zheng", "start": "2026-10-19T00:00:00+08:00", "end": "2026-10-21T00:00:00+08:00"},
        {"staff": "li", "start": "2026-10-20T00:00:00+08:00", "end": "2026-10-21T00:00:00+08:00"},
    ],
}

CATALOG = {
    "schema": 1,
    "items": [
        {
            "code": "SCJ-001",
            "name": "食品经营许可",
            "unit": "scj",
            "kind": "pledged",
            "statutory_limit": lim(20),
            "pledged_limit": lim(10),
            "materials": [
                {"name": "食品经营许可申请书"},
                {"name": "营业执照复印件", "note": "加盖公章"},
                {"name": "健康证明", "required": False},
            ],
            "fees": [],
            "legal_basis": ["《中华人民共和国食品安全法》第三十五条"],
            "steps": [
                {"name": "受理", "post": "sl-a", "limit": lim(1)},
                {"name": "审查", "post": "sh-a", "limit": lim(7)},
                {"name": "决定", "post": "sh-a", "limit": lim(2)},
            ],
            "place": "县政务服务中心二楼市场监管窗口",
            "complaint_channel": "12345",
        },
        {
            "code": "SCJ-002",
            "name": "公众聚集场所投入使用、营业前消防安全检查",
            "unit": "scj",
            "kind": "joint",
            "statutory_limit": lim(10),
            "pledged_limit": lim(8),
            "materials": [{"name": "申请表"}],
            "fees": [
                {"name": "工本费", "amount": "10.50", "basis": "某价费文件"},
                {"name": "检测费", "amount": "30", "basis": "某价费文件"},
            ],
            "steps": [
                {"name": "受理", "post": "sl-a", "limit": lim(1)},
                {"name": "消防审查", "post": "xf", "limit": lim(5)},
            ],
            "joint_parties": ["xfj"],
            "on_timeout": "deemed_approved",
            "special_procedures": ["inspection"],
        },
    ],
}

FRAME_COLUMNS = [
    "code", "name", "unit", "kind", "statutory_limit", "statutory_unit", "pledged_limit", "pledged_unit",
    "n_materials", "fee_total", "joint_parties",
]


@pytest.fixture
def policy() -> xn.Policy:
    return xn.Policy.from_dict(copy.deepcopy(POLICY))


@pytest.fixture
def org() -> xn.Org:
    return xn.Org.from_dict(copy.deepcopy(ORG))


@pytest.fixture
def catalog(org) -> xn.Catalog:
    return xn.Catalog.from_dict(copy.deepcopy(CATALOG), org)


def with_(doc: dict, path: str, value) -> dict:
    """A deep copy of `doc` with the value at `path` (``a.b[0].c``) replaced (or, for ``...``, removed)."""
    doc = copy.deepcopy(doc)
    parts = path.replace("[", ".").replace("]", "").split(".")
    cur = doc
    for p in parts[:-1]:
        cur = cur[int(p)] if p.isdigit() else cur[p]
    last = int(parts[-1]) if parts[-1].isdigit() else parts[-1]
    if value is ...:
        del cur[last]
    else:
        cur[last] = value
    return doc


# --- Policy ---------------------------------------------------------------------------------------------

def test_policy_from_dict(policy):
    assert policy.name == "某县机关效能建设实施意见"
    assert policy.systems == ["post_responsibility", "first_inquiry", "ab_posts", "timeout_default"]
    assert repr(policy) == 'Policy(name="某县机关效能建设实施意见", systems=4)'


def test_policy_from_json_and_toml_agree(policy):
    assert xn.Policy.from_json(json.dumps(POLICY)) == policy
    assert xn.Policy.from_toml(POLICY_TOML) == policy


def test_policy_round_trips(policy):
    assert xn.Policy.from_json(policy.to_json()) == policy
    d = policy.to_dict()
    assert d["name"] == POLICY["name"]
    assert d["start_rule"] == "next_day" and d["deadline_end"] == "end_of_day"  # defaults filled in
    assert xn.Policy.from_dict(d) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy


def test_policy_equality(policy):
    other = xn.Policy.from_dict(with_(POLICY, "name", "另一县"))
    assert policy != other
    assert not (policy == other)
    assert policy != "not a policy"
    assert (policy == 1) is False


def test_policy_calendar(policy):
    cal = policy.calendar()
    assert isinstance(cal, xn.Calendar)
    assert cal == xn.Calendar.china()
    overlay = {"schema": 1, "base": "china", "days_off": [{"start": "2026-03-05", "name": "本地假日"}]}
    p = xn.Policy.from_dict(with_(POLICY, "calendar", overlay))
    assert p.calendar().is_workday(dt.date(2026, 3, 5)) is False
    assert policy.calendar().is_workday(dt.date(2026, 3, 5)) is True


def test_policy_on_timeout(policy):
    assert policy.on_timeout("joint") == "deemed_approved"
    assert policy.on_timeout("pledged") == "escalate"
    assert policy.on_timeout("instant") == "overdue_only"  # not listed
    assert policy.on_timeout("reported") == "overdue_only"
    with pytest.raises(xn.InvalidInputError, match=r'invalid `kind` = urgent: unknown variant `urgent`'):
        policy.on_timeout("urgent")  # type: ignore[arg-type]


def test_policy_has_system(policy):
    assert policy.has_system("ab_posts") is True
    assert policy.has_system("first_inquiry") is True
    assert policy.has_system("efficiency_complaint") is False
    with pytest.raises(xn.InvalidInputError, match=r'invalid `name` = teamwork: .*expected one of'):
        policy.has_system("teamwork")  # type: ignore[arg-type]


def test_policy_unknown_field_names_the_path():
    with pytest.raises(xn.ParseError, match=r"at `colour`: unknown field `colour`"):
        xn.Policy.from_dict(with_(POLICY, "colour", "red"))
    with pytest.raises(xn.ParseError, match=r"at `rating.colour`: unknown field `colour`"):
        xn.Policy.from_dict(with_(POLICY, "rating.colour", 1))
    with pytest.raises(xn.ParseError, match=r"TOML document at `extension.colour`"):
        xn.Policy.from_toml(POLICY_TOML.replace("max_count = 1", "max_count = 1\ncolour = 1"))


def test_policy_wrong_type_names_the_path():
    with pytest.raises(xn.ParseError, match=r"at `inquiry_answer_limit.amount`: invalid type: string"):
        xn.Policy.from_dict(with_(POLICY, "inquiry_answer_limit.amount", "five"))
    with pytest.raises(xn.ParseError, match=r"at `systems\[1\]`: unknown variant `teamwork`"):
        xn.Policy.from_dict(with_(POLICY, "systems", ["ab_posts", "teamwork"]))
    with pytest.raises(xn.ParseError, match=r"at `schema`: invalid type"):
        xn.Policy.from_json('{"schema": "one"}')
    with pytest.raises(xn.ParseError, match=r"missing field `joint_review`"):
        xn.Policy.from_dict(with_(POLICY, "joint_review", ...))
    with pytest.raises(xn.ParseError, match="JSON"):
        xn.Policy.from_json("{not json")
    with pytest.raises(xn.ParseError, match="TOML"):
        xn.Policy.from_toml("schema = = 1")


def test_policy_invalid_values_name_the_field():
    with pytest.raises(xn.InvalidInputError, match=r"invalid `schema` = 2"):
        xn.Policy.from_dict(with_(POLICY, "schema", 2))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `name`"):
        xn.Policy.from_dict(with_(POLICY, "name", "  "))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `extension.approver_role` = reviewer"):
        xn.Policy.from_dict(with_(POLICY, "extension.approver_role", "reviewer"))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `systems\[1\]`.*listed twice"):
        xn.Policy.from_dict(with_(POLICY, "systems", ["ab_posts", "ab_posts"]))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `rating.default_level` = 7"):
        xn.Policy.from_dict(with_(POLICY, "rating.default_level", 7))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `delivery_limit.amount` = 0"):
        xn.Policy.from_dict(with_(POLICY, "delivery_limit", lim(0, "working_hours")))
    bad_cal = {"schema": 1, "range": {"start": "2026-12-31", "end": "2026-01-01"}}
    with pytest.raises(xn.InvalidInputError, match=r"invalid `calendar.range`.*start is after end"):
        xn.Policy.from_dict(with_(POLICY, "calendar", bad_cal))
    with pytest.raises(ValueError):  # catchable as ValueError too
        xn.Policy.from_dict(with_(POLICY, "schema", 2))


def test_policy_from_dict_argument_errors():
    with pytest.raises(xn.InvalidInputError, match="invalid `spec` = <str>: must be a dict, got str"):
        xn.Policy.from_dict(json.dumps(POLICY))  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match=r"invalid `name` = <object>: cannot use a object"):
        xn.Policy.from_dict(with_(POLICY, "name", object()))
    with pytest.raises(xn.InvalidInputError, match="invalid `text` = <bytes>: must be a str, got bytes"):
        xn.Policy.from_json(b"{}")  # type: ignore[arg-type]


def test_policy_load_toml_and_json(tmp_path, policy):
    toml_file = tmp_path / "county.toml"
    toml_file.write_text(POLICY_TOML, encoding="utf-8")
    json_file = tmp_path / "county.json"
    json_file.write_text(json.dumps(POLICY, ensure_ascii=False), encoding="utf-8")
    upper = tmp_path / "COUNTY.JSON"
    upper.write_text(json.dumps(POLICY), encoding="utf-8")
    assert xn.Policy.load(toml_file) == policy
    assert xn.Policy.load(str(json_file)) == policy
    assert xn.Policy.load(upper) == policy


def test_policy_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        xn.Policy.load(tmp_path / "missing.toml")
    with pytest.raises(xn.InvalidInputError, match=r"must end in .json or .toml"):
        xn.Policy.load(tmp_path / "policy.yaml")
    with pytest.raises(xn.InvalidInputError, match=r"must end in .json or .toml"):
        xn.Policy.load(tmp_path / "policy")
    bad = tmp_path / "bad.toml"
    bad.write_text(POLICY_TOML.replace("default_level = 3", "default_level = 9"), encoding="utf-8")
    with pytest.raises(xn.InvalidInputError, match=r"bad\.toml: invalid `rating.default_level` = 9"):
        xn.Policy.load(bad)
    # JSON text in a .toml file is read as TOML, and fails as TOML.
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(json.dumps(POLICY), encoding="utf-8")
    with pytest.raises(xn.ParseError, match=r"wrong\.toml: invalid TOML document"):
        xn.Policy.load(wrong)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(with_(POLICY, "colour", 1)), encoding="utf-8")
    with pytest.raises(xn.ParseError, match=r"broken\.json: invalid JSON document at `colour`"):
        xn.Policy.load(broken)


@pytest.mark.parametrize("name", ["county.toml", "street-office.toml"])
def test_policy_load_presets(name):
    p = xn.Policy.load(PRESETS / name)
    assert p.name and p.systems
    assert "post_responsibility" in p.systems
    assert all(p.has_system(s) for s in p.systems)
    assert isinstance(p.calendar(), xn.Calendar)
    for kind in ("instant", "pledged", "joint", "reported"):
        assert p.on_timeout(kind) in ("deemed_approved", "escalate", "overdue_only")
    assert xn.Policy.from_json(p.to_json()) == p


# --- Org ------------------------------------------------------------------------------------------------

def test_org_lists(org):
    assert [u["id"] for u in org.units] == ["zx", "scj", "xfj", "win"]
    assert org.units[3] == {"id": "win", "name": "市场监管窗口", "parent": "scj"}
    assert [p["id"] for p in org.posts] == ["sl-a", "sl-b", "sh-a", "sh-b", "xf", "vacant"]
    assert org.posts[5] == {"id": "vacant", "unit": "scj", "title": "待配岗", "duties": "", "backup": "sh-b"}
    assert org.staff[0] == {"id": "zhou", "name": "周主任", "unit": "zx", "roles": ["unit_head", "supervisor"],
                            "rank": 5}
    a = org.absences[0]
    assert a["staff"] == "qian" and a["reason"] == "年休假"
    assert a["start"] == t("2026-10-12T00:00") and a["start"].utcoffset() == dt.timedelta(0)
    assert org.absences[2]["reason"] == ""
    assert repr(org) == "Org(units=4, posts=6, staff=8, absences=4)"


def test_org_round_trips(org):
    assert xn.Org.from_json(org.to_json()) == org
    assert xn.Org.from_json(json.dumps(ORG)) == org
    assert xn.Org.from_dict(org.to_dict()) == org
    assert pickle.loads(pickle.dumps(org)) == org
    assert org != xn.Org.from_dict(with_(ORG, "absences", []))
    assert org != "org"


def test_org_from_toml(org):
    text = """
schema = 1
[[units]]
id = "u"
name = "县政务服务中心"
head = "h"
[[staff]]
id = "h"
name = "李"
unit = "u"
roles = ["unit_head"]
[[absences]]
staff = "h"
start = 2026-10-12T00:00:00+08:00
end = 2026-10-13T00:00:00+08:00
"""
    o = xn.Org.from_toml(text)
    assert o.has_role("h", "unit_head")
    assert o.is_absent("h", t("2026-10-12T12:00"))
    with pytest.raises(xn.ParseError, match=r"TOML document at `units\[0\].colour`"):
        xn.Org.from_toml(text.replace('head = "h"', 'head = "h"\ncolour = 1'))


def test_org_from_dict_accepts_datetimes():
    doc = with_(ORG, "absences", [{"staff": "wang", "start": t("2026-10-12T08:30"), "end": t("2026-10-12T12:00")}])
    o = xn.Org.from_dict(doc)
    assert o.is_absent("wang", t("2026-10-12T09:00"))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `absences\[0\].start` = 2026-10-12 08:30:00: naive datetime: give a timezone"):
        xn.Org.from_dict(with_(doc, "absences[0].start", dt.datetime(2026, 10, 12, 8, 30)))


def test_ab_rule_holder_present(org):
    assert org.acting_holder("sh-a", t("2026-10-09T10:00")) == {
        "via": "holder", "staff": "qian", "absent": [], "violation": False,
    }


def test_ab_rule_backup_acts_while_holder_away(org):
    assert org.acting_holder("sh-a", t("2026-10-12T10:00")) == {
        "via": "backup", "staff": "wu", "absent": ["qian"], "violation": False,
    }
    # The same instant given in UTC.
    assert org.acting_holder("sh-a", t("2026-10-12T02:00+00:00"))["staff"] == "wu"


def test_ab_rule_unit_head_covers_when_a_and_b_are_away(org):
    assert org.acting_holder("sh-a", t("2026-10-14T10:00")) == {
        "via": "unit_head", "staff": "li", "absent": ["qian", "wu"], "violation": True,
    }
    # B is back on 16 Oct (absences end exclusive), A still away.
    assert org.acting_holder("sh-a", t("2026-10-16T00:00"))["via"] == "backup"
    # A back on 17 Oct.
    assert org.acting_holder("sh-a", t("2026-10-17T00:00"))["via"] == "holder"


def test_ab_rule_post_without_backup(org):
    # zheng away, no B post: the head of xfj covers, a violation.
    assert org.acting_holder("xf", t("2026-10-19T10:00")) == {
        "via": "unit_head", "staff": "sun", "absent": ["zheng"], "violation": True,
    }


def test_ab_rule_vacant_post(org):
    assert org.acting_holder("vacant", t("2026-10-09T10:00")) == {
        "via": "backup", "staff": "wu", "absent": [], "violation": False,
    }


def test_ab_rule_errors(org):
    with pytest.raises(xn.NotFoundError, match=r"unknown `post` = nope: no post has this id"):
        org.acting_holder("nope", t("2026-10-09T10:00"))
    # A, B away is fine (head covers); with the head away too nobody can act.
    o = xn.Org.from_dict(with_(ORG, "absences[3]", {"staff": "li", "start": "2026-10-14T00:00:00+08:00",
                                                     "end": "2026-10-15T00:00:00+08:00"}))
    with pytest.raises(xn.InvalidInputError, match=r"invalid `post` = sh-a: nobody can act"):
        o.acting_holder("sh-a", t("2026-10-14T10:00"))
    with pytest.raises(xn.InvalidInputError, match="naive datetime"):
        org.acting_holder("sh-a", dt.datetime(2026, 10, 9, 10))
    with pytest.raises(xn.InvalidInputError, match="must be an aware datetime.datetime, got date"):
        org.acting_holder("sh-a", dt.date(2026, 10, 9))  # type: ignore[arg-type]


def test_has_role(org):
    assert org.has_role("li", "unit_head") is True
    assert org.has_role("zhou", "supervisor") is True
    assert org.has_role("wang", "unit_head") is False
    assert org.has_role("nobody", "reviewer") is False
    with pytest.raises(xn.InvalidInputError, match=r'invalid `role` = boss: unknown variant `boss`'):
        org.has_role("li", "boss")  # type: ignore[arg-type]


def test_is_absent(org):
    assert org.is_absent("qian", t("2026-10-12T00:00")) is True  # start inclusive
    assert org.is_absent("qian", t("2026-10-17T00:00")) is False  # end exclusive
    assert org.is_absent("qian", t("2026-10-16T15:59:59+00:00")) is True
    assert org.is_absent("wang", t("2026-10-14T10:00")) is False
    assert org.is_absent("nobody", t("2026-10-14T10:00")) is False
    with pytest.raises(xn.InvalidInputError, match="naive datetime"):
        org.is_absent("qian", dt.datetime(2026, 10, 14))


def test_org_invalid_documents():
    cases = [
        (with_(ORG, "posts[2].unit", "nowhere"), r"invalid `posts\[2\].unit` = nowhere: no unit has this id"),
        (with_(ORG, "posts[2].holder", "ghost"), r"invalid `posts\[2\].holder` = ghost"),
        (with_(ORG, "posts[2].backup", "sh-a"), r"invalid `posts\[2\].backup` = sh-a: a post cannot back itself up"),
        (with_(ORG, "posts[3].id", "sh-a"), r"invalid `posts\[3\].id` = sh-a: duplicates posts\[2\].id"),
        (with_(ORG, "units[0].parent", "win"), r"units nest in a cycle"),
        (with_(ORG, "units[1].head", "ghost"), r"invalid `units\[1\].head` = ghost"),
        (with_(ORG, "staff[0].unit", "nowhere"), r"invalid `staff\[0\].unit` = nowhere"),
        (with_(ORG, "absences[0].end", "2026-10-01T00:00:00+08:00"), r"invalid `absences\[0\].end`.*not after start"),
        (with_(ORG, "absences[0].staff", "ghost"), r"invalid `absences\[0\].staff` = ghost"),
        (with_(ORG, "schema", 2), r"invalid `schema` = 2"),
    ]
    for doc, msg in cases:
        with pytest.raises(xn.InvalidInputError, match=msg):
            xn.Org.from_dict(doc)


def test_org_parse_errors():
    with pytest.raises(xn.ParseError, match=r"at `units\[0\].colour`: unknown field `colour`"):
        xn.Org.from_dict(with_(ORG, "units[0].colour", "red"))
    with pytest.raises(xn.ParseError, match=r"at `staff\[0\].rank`: invalid type: string"):
        xn.Org.from_dict(with_(ORG, "staff[0].rank", "high"))
    with pytest.raises(xn.ParseError, match=r"at `staff\[0\].roles\[0\]`: unknown variant `boss`"):
        xn.Org.from_dict(with_(ORG, "staff[0].roles", ["boss"]))
    with pytest.raises(xn.ParseError, match=r"at `absences\[0\].start`"):
        xn.Org.from_dict(with_(ORG, "absences[0].start", "next monday"))
    with pytest.raises(xn.ParseError, match=r"missing field `title`"):
        xn.Org.from_dict(with_(ORG, "posts[0].title", ...))
    with pytest.raises(xn.ParseError, match="JSON"):
        xn.Org.from_json("[")
    with pytest.raises(xn.InvalidInputError, match="invalid `spec` = <list>: must be a dict, got list"):
        xn.Org.from_dict([])  # type: ignore[arg-type]


def test_posts_frame(org):
    pd = pytest.importorskip("pandas")
    df = org.posts_frame()
    assert isinstance(df, pd.DataFrame)
    assert df.shape == (6, 6)
    assert list(df.columns) == ["id", "unit", "title", "duties", "holder", "backup"]
    assert list(df["id"]) == ["sl-a", "sl-b", "sh-a", "sh-b", "xf", "vacant"]
    row = df.set_index("id").loc["vacant"]
    assert pd.isna(row["holder"]) and row["backup"] == "sh-b"
    assert df.loc[0, "duties"] == "收件、受理、一次性告知"


def test_staff_frame(org):
    pd = pytest.importorskip("pandas")
    df = org.staff_frame()
    assert isinstance(df, pd.DataFrame)
    assert df.shape == (8, 5)
    assert list(df.columns) == ["id", "name", "unit", "roles", "rank"]
    assert df.loc[0, "roles"] == ["unit_head", "supervisor"]
    assert df["rank"].dtype.kind == "i" and df["rank"].sum() == 16
    assert (df.groupby("unit").size()["scj"]) == 3


def test_empty_org_frames():
    pytest.importorskip("pandas")
    o = xn.Org.from_dict({"schema": 1})
    assert o.posts_frame().shape == (0, 6)
    assert o.staff_frame().shape == (0, 5)
    assert o.units == [] and o.absences == []


def test_frames_without_pandas(org, catalog, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"Org.posts_frame\(\) needs pandas.*pip install pandas"):
        org.posts_frame()
    with pytest.raises(ImportError, match=r"Org.staff_frame\(\) needs pandas"):
        org.staff_frame()
    with pytest.raises(ImportError, match=r"Catalog.frame\(\) needs pandas"):
        catalog.frame()


# --- Catalog --------------------------------------------------------------------------------------------

def test_catalog_basics(catalog):
    assert len(catalog) == 2
    assert catalog.codes == ["SCJ-001", "SCJ-002"]
    assert "SCJ-001" in catalog and "SCJ-999" not in catalog
    assert 1 not in catalog and None not in catalog
    assert repr(catalog) == "Catalog(items=2)"


def test_catalog_round_trips(catalog, org):
    assert xn.Catalog.from_json(catalog.to_json(), org) == catalog
    assert xn.Catalog.from_json(json.dumps(CATALOG), org) == catalog
    assert xn.Catalog.from_dict(catalog.to_dict(), org) == catalog
    d = catalog.to_dict()
    assert d["items"][1]["fees"][0]["amount"] == "10.50"  # plain JSON: decimals as strings
    assert catalog != xn.Catalog.from_dict({"schema": 1}, org)
    assert catalog != "catalog"


def test_catalog_from_toml(org):
    text = """
schema = 1
[[items]]
code = "X"
name = "某事项"
unit = "scj"
kind = "pledged"
statutory_limit = { unit = "working_days", amount = 20 }
pledged_limit = { unit = "working_days", amount = 5 }
[[items.fees]]
name = "工本费"
amount = "5.00"
basis = "某文件"
[[items.steps]]
name = "审查"
post = "sh-a"
limit = { unit = "working_days", amount = 3 }
"""
    cat = xn.Catalog.from_toml(text, org)
    assert cat.item("X")["fees"][0]["amount"] == decimal.Decimal("5.00")
    with pytest.raises(xn.InvalidInputError, match=r"invalid `items\[0\].steps\[0\].post` = ghost"):
        xn.Catalog.from_toml(text.replace('post = "sh-a"', 'post = "ghost"'), org)
    with pytest.raises(xn.ParseError, match="TOML"):
        xn.Catalog.from_toml("items = [", org)


def test_catalog_item(catalog):
    item = catalog.item("SCJ-002")
    assert item["name"] == "公众聚集场所投入使用、营业前消防安全检查"
    assert item["kind"] == "joint" and item["joint_parties"] == ["xfj"]
    assert item["statutory_limit"] == {"unit": "working_days", "amount": 10}
    assert item["fees"][0]["amount"] == decimal.Decimal("10.50")
    assert isinstance(item["fees"][1]["amount"], decimal.Decimal)
    assert item["on_timeout"] == "deemed_approved"
    first = catalog.item("SCJ-001")
    assert first["materials"][2] == {"name": "健康证明", "required": False}
    assert first["fees"] == []
    with pytest.raises(xn.InvalidInputError, match=r"invalid `code` = SCJ-999: no item has this code"):
        catalog.item("SCJ-999")


def test_catalog_guide(catalog, org):
    g = catalog.guide("SCJ-002", org)
    assert g["code"] == "SCJ-002"
    assert g["unit"] == "县市场监督管理局"
    assert g["kind"] == "联办件"
    assert g["statutory_limit"] == "10 工作日" and g["pledged_limit"] == "8 工作日"
    assert g["joint_parties"] == ["县消防救援大队"]
    assert [s["post"] for s in g["procedure"]] == ["受理岗", "消防审查岗"]
    assert g["procedure"][1] == {"name": "消防审查", "post": "消防审查岗", "limit": "5 工作日"}
    assert g["fees"][0]["amount"] == decimal.Decimal("10.50")
    g1 = catalog.guide("SCJ-001", org)
    assert g1["kind"] == "承诺件" and g1["place"] == "县政务服务中心二楼市场监管窗口"
    assert g1["complaint_channel"] == "12345" and g1["fees"] == []
    with pytest.raises(xn.NotFoundError, match=r"unknown `code` = nope: no item has this code"):
        catalog.guide("nope", org)


def test_catalog_guide_markdown(catalog, org):
    md = catalog.guide_markdown("SCJ-001", org)
    assert md.startswith("# 食品经营许可（办事指南）")
    assert "办事指南" in md and "食品经营许可" in md
    assert "| 承诺时限 | 10 工作日 |" in md
    assert "不收费。" in md
    assert "2. 营业执照复印件（必要）：加盖公章" in md
    assert "3. 健康证明（视情况提交）" in md
    md2 = catalog.guide_markdown("SCJ-002", org)
    assert "公众聚集场所投入使用、营业前消防安全检查" in md2 and "办事指南" in md2
    assert "| 联办部门 | 县消防救援大队 |" in md2
    assert "- 工本费：10.50 元（依据：某价费文件）" in md2
    with pytest.raises(xn.NotFoundError, match="no item has this code"):
        catalog.guide_markdown("nope", org)


def test_catalog_frame(catalog):
    pd = pytest.importorskip("pandas")
    df = catalog.frame()
    assert isinstance(df, pd.DataFrame)
    assert df.shape == (2, len(FRAME_COLUMNS))
    assert list(df.columns) == FRAME_COLUMNS
    assert list(df["code"]) == ["SCJ-001", "SCJ-002"]
    assert list(df["kind"]) == ["pledged", "joint"]
    assert list(df["statutory_limit"]) == [20, 10] and list(df["pledged_limit"]) == [10, 8]
    assert list(df["statutory_unit"]) == ["working_days"] * 2
    assert list(df["pledged_unit"]) == ["working_days"] * 2
    assert list(df["n_materials"]) == [3, 1]
    assert list(df["fee_total"]) == [decimal.Decimal("0"), decimal.Decimal("40.50")]
    assert all(isinstance(v, decimal.Decimal) for v in df["fee_total"])
    assert list(df["joint_parties"]) == [[], ["xfj"]]
    assert (df["pledged_limit"] <= df["statutory_limit"]).all()


def test_empty_catalog_frame(org):
    pytest.importorskip("pandas")
    df = xn.Catalog.from_dict({"schema": 1}, org).frame()
    assert df.shape == (0, len(FRAME_COLUMNS))
    assert list(df.columns) == FRAME_COLUMNS


def test_catalog_invalid_documents(org):
    cases = [
        (with_(CATALOG, "items[0].steps[1].post", "ghost"), r"invalid `items\[0\].steps\[1\].post` = ghost: no post"),
        (with_(CATALOG, "items[0].pledged_limit.amount", 25),
         r"invalid `items\[0\].pledged_limit.amount` = 25: a pledged limit may not exceed the statutory 20"),
        (with_(CATALOG, "items[0].pledged_limit.unit", "natural_days"), r"invalid `items\[0\].pledged_limit.unit`"),
        (with_(CATALOG, "items[0].unit", "nowhere"), r"invalid `items\[0\].unit` = nowhere: no unit"),
        (with_(CATALOG, "items[1].joint_parties", []), r"invalid `items\[1\].joint_parties`"),
        (with_(CATALOG, "items[1].joint_parties", ["ghost"]), r"invalid `items\[1\].joint_parties\[0\]` = ghost"),
        (with_(CATALOG, "items[1].joint_parties", ["scj"]), r"the lead unit is not its own party"),
        (with_(CATALOG, "items[1].code", "SCJ-001"), r"invalid `items\[1\].code` = SCJ-001: duplicates items\[0\].code"),
        (with_(CATALOG, "items[1].fees[0].amount", "-1"), r"invalid `items\[1\].fees\[0\].amount` = -1"),
        (with_(CATALOG, "items[1].fees[0].basis", ""), r"invalid `items\[1\].fees\[0\].basis`"),
        (with_(CATALOG, "items[0].materials[0].name", ""), r"invalid `items\[0\].materials\[0\].name`"),
        (with_(CATALOG, "schema", 3), r"invalid `schema` = 3"),
    ]
    for doc, msg in cases:
        with pytest.raises(xn.InvalidInputError, match=msg):
            xn.Catalog.from_dict(doc, org)


def test_catalog_unknown_post_against_another_org(catalog):
    small = xn.Org.from_dict({"schema": 1, "units": [{"id": "scj", "name": "局"}, {"id": "xfj", "name": "队"}]})
    with pytest.raises(xn.InvalidInputError, match=r"invalid `items\[0\].steps\[0\].post` = sl-a"):
        xn.Catalog.from_json(catalog.to_json(), small)


def test_catalog_parse_errors(org):
    with pytest.raises(xn.ParseError, match=r"at `items\[0\].colour`: unknown field `colour`"):
        xn.Catalog.from_dict(with_(CATALOG, "items[0].colour", "red"), org)
    with pytest.raises(xn.ParseError, match=r"at `items\[1\].kind`: unknown variant `urgent`"):
        xn.Catalog.from_dict(with_(CATALOG, "items[1].kind", "urgent"), org)
    with pytest.raises(xn.ParseError, match=r"at `items\[0\].statutory_limit.amount`: invalid type"):
        xn.Catalog.from_dict(with_(CATALOG, "items[0].statutory_limit.amount", "twenty"), org)
    with pytest.raises(xn.ParseError, match=r"at `items\[1\].fees\[0\].amount`"):
        xn.Catalog.from_dict(with_(CATALOG, "items[1].fees[0].amount", "ten yuan"), org)
    with pytest.raises(xn.ParseError, match=r"missing field `pledged_limit`"):
        xn.Catalog.from_dict(with_(CATALOG, "items[0].pledged_limit", ...), org)


def test_catalog_argument_errors(org):
    # Decimal fee amounts are accepted in a dict.
    doc = with_(CATALOG, "items[1].fees[0].amount", decimal.Decimal("10.50"))
    assert xn.Catalog.from_dict(doc, org).item("SCJ-002")["fees"][0]["amount"] == decimal.Decimal("10.50")
    with pytest.raises(xn.InvalidInputError, match="invalid `spec` = <str>: must be a dict"):
        xn.Catalog.from_dict(json.dumps(CATALOG), org)  # type: ignore[arg-type]
    with pytest.raises(xn.InvalidInputError, match="invalid `org` = <dict>: must be a xiaoneng.Org, got dict"):
        xn.Catalog.from_dict(CATALOG, ORG)  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # a missing argument is Python's own TypeError
        xn.Catalog.from_json(json.dumps(CATALOG))  # type: ignore[call-arg]


def test_immutable(policy, org, catalog):
    for obj, attr in ((policy, "name"), (org, "units"), (catalog, "codes")):
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)


def test_mypy_on_typed_usage(tmp_path):
    pytest.importorskip("mypy")
    src = tmp_path / "usage.py"
    src.write_text(
        "import datetime as dt\n"
        "from decimal import Decimal\n"
        "from pathlib import Path\n"
        "import xiaoneng as xn\n"
        f"p = xn.Policy.load(Path({str(PRESETS / 'county.toml')!r}))\n"
        "cal: xn.Calendar = p.calendar()\n"
        "s: str = p.on_timeout('joint')\n"
        "ok: bool = p.has_system('ab_posts')\n"
        "org = xn.Org.from_dict({'schema': 1})\n"
        "tz = dt.timezone(dt.timedelta(hours=8))\n"
        "a = org.acting_holder('x', dt.datetime(2026, 10, 9, tzinfo=tz))\n"
        "v: bool = a['violation']\n"
        "cat = xn.Catalog.from_dict({'schema': 1}, org)\n"
        "n: int = len(cat)\n"
        "md: str = cat.guide_markdown('x', org)\n"
        "codes: list[str] = cat.codes\n"
        "start: dt.datetime = org.absences[0]['start']\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(src)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_parsing_releases_the_gil(org):
    """While a large catalog (10 MB of JSON) is parsed, another Python thread runs: a tick of a spinning
    thread lands in the middle of the call (impossible if the parse held the GIL throughout)."""
    base = CATALOG["items"][0]
    text = json.dumps({"schema": 1, "items": [{**base, "code": f"X-{k}"} for k in range(10_000)]})
    seen, cat = gil_released_during(lambda: xn.Catalog.from_json(text, org))
    assert seen
    assert len(cat) == 10_000
