"""Policy, Org and Catalog pickle (and copy) through their JSON documents; a catalog takes its org along."""

import copy
import gc
import pickle
from pathlib import Path

import pytest

import xiaoneng as xn
from conftest import t

ROOT = Path(__file__).resolve().parents[2]
FOOD = "330100-FOOD-001"
BLDG = "330100-BLDG-007"
PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


def read(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


@pytest.fixture
def policy() -> xn.Policy:
    return xn.Policy.load(ROOT / "presets/county.toml")


@pytest.fixture
def org() -> xn.Org:
    return xn.Org.from_json(read("tests/fixtures/county-org.json"))


@pytest.fixture
def catalog(org) -> xn.Catalog:
    return xn.Catalog.from_json(read("tests/fixtures/county-catalog.json"), org)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_policy_round_trip(policy, protocol):
    back = pickle.loads(pickle.dumps(policy, protocol=protocol))
    assert isinstance(back, xn.Policy)
    assert back == policy and back.to_json() == policy.to_json()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_org_round_trip(org, protocol):
    back = pickle.loads(pickle.dumps(org, protocol=protocol))
    assert isinstance(back, xn.Org)
    assert back == org and back.to_json() == org.to_json()
    for at in (t("2026-10-09T10:00"), t("2026-10-12T10:00"), t("2026-10-14T10:00")):
        assert back.acting_holder("p-review", at) == org.acting_holder("p-review", at)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_catalog_round_trip(catalog, protocol):
    back = pickle.loads(pickle.dumps(catalog, protocol=protocol))
    assert isinstance(back, xn.Catalog)
    assert back == catalog and back.to_json() == catalog.to_json()
    assert back.codes == catalog.codes and len(back) == len(catalog)


def test_catalog_reduces_to_from_json_with_its_org(catalog, org):
    ctor, args = catalog.__reduce__()
    assert ctor == xn.Catalog.from_json
    assert args[0] == catalog.to_json()
    assert args[1] is org


def test_pickled_catalog_still_renders_a_guide(catalog, org):
    data = pickle.dumps(catalog)
    want_guide = catalog.guide(BLDG, org)
    want_md = catalog.guide_markdown(FOOD, org)
    del catalog
    gc.collect()
    back = pickle.loads(data)
    assert back.guide(BLDG, org) == want_guide
    assert back.guide_markdown(FOOD, org) == want_md
    assert back.guide_markdown(FOOD, org).startswith("# 食品经营许可（新办）（办事指南）")


def test_catalog_unpickles_without_the_original_org(org):
    cat = xn.Catalog.from_json(read("tests/fixtures/county-catalog.json"), org)
    org_json = org.to_json()
    data = pickle.dumps(cat)
    del cat, org
    gc.collect()
    back = pickle.loads(data)
    rebuilt_org = xn.Org.from_json(org_json)
    assert back.guide(BLDG, rebuilt_org)["joint_parties"] == ["县消防救援大队"]


def test_org_and_catalog_pickled_together_share_the_org(org, catalog):
    o, c = pickle.loads(pickle.dumps((org, catalog)))
    assert o == org and c == catalog
    assert c.__reduce__()[1][1] is o  # pickle's memo keeps one org for both
    assert c.guide(FOOD, o)["unit"] == "县市场监督管理局"


def test_a_catalog_read_from_toml_or_dict_pickles_too(org, catalog):
    from_dict = xn.Catalog.from_dict(catalog.to_dict(), org)
    assert pickle.loads(pickle.dumps(from_dict)) == catalog
    from_toml = xn.Catalog.from_toml(
        'schema = 1\n[[items]]\ncode = "X"\nname = "某事项"\nunit = "amr"\nkind = "instant"\n'
        'statutory_limit = { unit = "working_days", amount = 5 }\n'
        'pledged_limit = { unit = "working_days", amount = 0 }\n',
        org,
    )
    assert pickle.loads(pickle.dumps(from_toml)) == from_toml


def test_copy_and_deepcopy(policy, org, catalog):
    for obj in (policy, org, catalog):
        assert copy.copy(obj) == obj
        assert copy.deepcopy(obj) == obj
    assert copy.deepcopy(catalog).guide(FOOD, org) == catalog.guide(FOOD, org)


def test_an_engine_can_be_rebuilt_from_pickled_parts(policy, org, catalog):
    p, o, c = pickle.loads(pickle.dumps((policy, org, catalog)))
    engine = xn.Engine(p, o, c)
    assert len(engine) == 0
