"""The priority service card (金卡) from Python (docs/rules.md §7; the Rust rulebook is
tests/priority_rules.rs): eligible by annual sales of at least 30 million yuan OR registered capital of at
least 5 million yuan; the thresholds are policy data (``[priority_card]``) with the city's figures by
default; money is exact (decimal.Decimal, int or a decimal str; never a float); bad figures are refused
naming the argument; a cross-check against plain ``decimal`` comparisons over random figures."""

import random
from decimal import Decimal

import pytest

import xiaoneng as xn

SALES = Decimal("30000000")
CAPITAL = Decimal("5000000")


@pytest.fixture(scope="module")
def county() -> xn.Policy:
    return xn.presets.county()


def with_thresholds(sales: str, capital: str) -> xn.Policy:
    text = xn.presets.text("county.toml") + (
        f'\n[priority_card]\nmin_annual_sales_yuan = "{sales}"\nmin_registered_capital_yuan = "{capital}"\n'
    )
    return xn.Policy.from_toml(text)


def test_an_investor_with_annual_sales_of_30_million_yuan_is_eligible(county):
    card = county.priority_card(annual_sales_yuan=Decimal("30000000"))
    assert card["eligible"] is True
    assert card["by"] == ["annual_sales"]
    assert "annual sales 30000000 yuan ≥ 30000000 yuan: met" in card["reason"]
    assert "registered capital not given" in card["reason"]


def test_an_investor_with_registered_capital_of_5_million_yuan_is_eligible(county):
    card = county.priority_card(registered_capital_yuan=5_000_000)
    assert card == {
        "eligible": True,
        "by": ["registered_capital"],
        "reason": card["reason"],
    }
    assert "registered capital 5000000 yuan ≥ 5000000 yuan: met" in card["reason"]


def test_both_thresholds_met(county):
    assert county.priority_card("30000000.00", "5000000")["by"] == ["annual_sales", "registered_capital"]


def test_just_below_both_thresholds_is_not_eligible(county):
    card = county.priority_card(Decimal("29999999.99"), "4999999.99")
    assert card["eligible"] is False
    assert card["by"] == []
    assert "neither threshold is met" in card["reason"]


def test_decimal_forms_are_read_exactly(county):
    # Exponent forms of a Decimal are written out in full; a negative zero is zero.
    assert county.priority_card(Decimal("3E+7"))["eligible"] is True
    assert county.priority_card(Decimal("2.9999999999E+7"))["eligible"] is False
    assert county.priority_card(Decimal("-0"), 0)["eligible"] is False


def test_a_policy_sets_its_own_thresholds():
    p = with_thresholds("50000000", "10000000.50")
    assert p.priority_card(30_000_000, 5_000_000)["eligible"] is False
    assert p.priority_card(None, "10000000.50")["by"] == ["registered_capital"]
    assert p.to_dict()["priority_card"] == {
        "min_annual_sales_yuan": "50000000",
        "min_registered_capital_yuan": "10000000.50",
    }
    assert "priority_card" not in xn.presets.county().to_dict()


def test_a_negative_threshold_is_refused():
    with pytest.raises(xn.InvalidInputError) as e:
        with_thresholds("-1", "5000000")
    assert e.value.field == "priority_card.min_annual_sales_yuan"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"annual_sales_yuan": 3e7}, "annual_sales_yuan"),
        ({"registered_capital_yuan": 5e6}, "registered_capital_yuan"),
        ({"annual_sales_yuan": True}, "annual_sales_yuan"),
        ({"annual_sales_yuan": [1]}, "annual_sales_yuan"),
        ({"annual_sales_yuan": "1e7"}, "annual_sales_yuan"),
        ({"annual_sales_yuan": "5,000,000"}, "annual_sales_yuan"),
        ({"annual_sales_yuan": " 5"}, "annual_sales_yuan"),
        ({"registered_capital_yuan": "abc"}, "registered_capital_yuan"),
        ({"registered_capital_yuan": Decimal("NaN")}, "registered_capital_yuan"),
        ({"registered_capital_yuan": Decimal("Infinity")}, "registered_capital_yuan"),
        ({"annual_sales_yuan": -1}, "annual_sales_yuan"),
        ({"registered_capital_yuan": Decimal("-0.01")}, "registered_capital_yuan"),
        ({"annual_sales_yuan": 10**40}, "annual_sales_yuan"),
        ({"annual_sales_yuan": "\ud800"}, "annual_sales_yuan"),
    ],
)
def test_bad_figures_are_refused_naming_the_argument(county, kwargs, field):
    with pytest.raises(xn.InvalidInputError) as e:
        county.priority_card(**kwargs)
    assert e.value.field == field


def test_a_float_is_refused_because_money_is_exact(county):
    with pytest.raises(xn.InvalidInputError, match="money is exact"):
        county.priority_card(annual_sales_yuan=30000000.0)


def test_both_figures_absent_cannot_be_decided(county):
    with pytest.raises(xn.InvalidInputError, match="cannot be decided"):
        county.priority_card()
    with pytest.raises(xn.InvalidInputError):
        county.priority_card(None, None)


def _figure(rng: random.Random, threshold: Decimal):
    """None, or an amount near or far from the threshold, as a Decimal, an int or a str."""
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.6:
        d = threshold + Decimal(rng.randint(-300, 300)) / 100
    else:
        d = Decimal(rng.randint(0, 10**9)) / Decimal(10 ** rng.randint(0, 4))
    form = rng.randrange(3)
    if form == 0:
        return d
    if form == 1 and d == d.to_integral_value():
        return int(d)
    return str(d)


@pytest.mark.parametrize("thresholds", [(SALES, CAPITAL), (Decimal("12345678.9"), Decimal("0"))])
def test_cross_check_with_plain_decimal_comparisons(thresholds):
    sales_t, capital_t = thresholds
    policy = with_thresholds(str(sales_t), str(capital_t))
    rng = random.Random(20261202)
    for _ in range(2000):
        sales, capital = _figure(rng, sales_t), _figure(rng, capital_t)
        if sales is None and capital is None:
            continue
        negative = [n for n, v in (("annual_sales_yuan", sales), ("registered_capital_yuan", capital))
                    if v is not None and Decimal(v) < 0]
        if negative:
            # Near a threshold of 0 a figure may be negative: refused, naming the first negative one.
            with pytest.raises(xn.InvalidInputError) as e:
                policy.priority_card(sales, capital)
            assert e.value.field == negative[0]
            continue
        card = policy.priority_card(sales, capital)
        expected = []
        if sales is not None and Decimal(sales) >= sales_t:
            expected.append("annual_sales")
        if capital is not None and Decimal(capital) >= capital_t:
            expected.append("registered_capital")
        assert card["by"] == expected, (sales, capital, card)
        assert card["eligible"] is bool(expected)
