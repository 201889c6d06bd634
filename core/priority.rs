//! The priority service card (金卡, 优先服务): an eligibility rule on the applicant.
//!
//! A city's work-style document gives priority service to investors whose annual sales are at least 30
//! million yuan **or** whose registered capital is at least 5 million yuan. The two thresholds are policy
//! data (`[priority_card]`, docs/policy.md); a policy without the table has the city's figures. The rule
//! answers whether an applicant is eligible, by which threshold(s), and why in words
//! (docs/rules.md §7). Money is exact: [`Decimal`] yuan, never floating point.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{invalid, Result};

/// The thresholds of the priority service card (金卡); the city's figures when the policy has no
/// `[priority_card]` table: annual sales of 30,000,000 yuan, registered capital of 5,000,000 yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PriorityCardPolicy {
    /// The least annual sales (年销售额), in yuan, that make an investor eligible (a decimal string;
    /// `"30000000"` by default).
    #[schemars(with = "crate::codec::DecimalString")]
    pub min_annual_sales_yuan: Decimal,
    /// The least registered capital (注册资本), in yuan, that makes an investor eligible (a decimal string;
    /// `"5000000"` by default).
    #[schemars(with = "crate::codec::DecimalString")]
    pub min_registered_capital_yuan: Decimal,
}

impl Default for PriorityCardPolicy {
    /// The city's figures: 30 million yuan of annual sales, 5 million yuan of registered capital.
    fn default() -> Self {
        PriorityCardPolicy {
            min_annual_sales_yuan: Decimal::from(30_000_000),
            min_registered_capital_yuan: Decimal::from(5_000_000),
        }
    }
}

impl PriorityCardPolicy {
    /// Whether these are the default thresholds (the policy's JSON leaves the table out then).
    pub(crate) fn is_default(&self) -> bool {
        *self == PriorityCardPolicy::default()
    }

    /// Checks the thresholds (non-negative), naming the field as `priority_card.<field>`.
    pub(crate) fn validate(&self) -> Result<()> {
        for (field, v) in [
            ("priority_card.min_annual_sales_yuan", self.min_annual_sales_yuan),
            (
                "priority_card.min_registered_capital_yuan",
                self.min_registered_capital_yuan,
            ),
        ] {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(invalid(field, v, "a threshold in yuan is not negative"));
            }
        }
        Ok(())
    }

    /// The eligibility rule; see [`crate::Policy::priority_card`].
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the figure: a negative figure, or both figures absent.
    pub fn decide(
        &self,
        annual_sales_yuan: Option<Decimal>,
        registered_capital_yuan: Option<Decimal>,
    ) -> Result<PriorityCard> {
        for (field, v) in [
            ("annual_sales_yuan", annual_sales_yuan),
            ("registered_capital_yuan", registered_capital_yuan),
        ] {
            if let Some(v) = v {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(invalid(field, v, "an amount in yuan is not negative"));
                }
            }
        }
        if annual_sales_yuan.is_none() && registered_capital_yuan.is_none() {
            return Err(invalid(
                "annual_sales_yuan",
                "none",
                "give the annual sales or the registered capital (or both): without either the eligibility \
                 cannot be decided",
            ));
        }
        let mut by = Vec::new();
        let mut parts = Vec::new();
        let mut judge = |what: &str, figure: Option<Decimal>, threshold: Decimal, t: PriorityThreshold| match figure {
            None => parts.push(format!("{what} not given")),
            Some(f) if f >= threshold => {
                by.push(t);
                parts.push(format!(
                    "{what} {} yuan ≥ {} yuan: met",
                    f.normalize(),
                    threshold.normalize()
                ));
            }
            Some(f) => parts.push(format!(
                "{what} {} yuan < {} yuan: not met",
                f.normalize(),
                threshold.normalize()
            )),
        };
        judge(
            "annual sales",
            annual_sales_yuan,
            self.min_annual_sales_yuan,
            PriorityThreshold::AnnualSales,
        );
        judge(
            "registered capital",
            registered_capital_yuan,
            self.min_registered_capital_yuan,
            PriorityThreshold::RegisteredCapital,
        );
        let eligible = !by.is_empty();
        let verdict = if eligible {
            "eligible for the priority service card (金卡): either threshold suffices"
        } else {
            "not eligible for the priority service card (金卡): neither threshold is met"
        };
        Ok(PriorityCard {
            eligible,
            by,
            reason: format!("{}; {verdict}", parts.join("; ")),
        })
    }
}

/// Reads an amount of yuan written as a decimal string (`"30000000"`, `"4999999.99"`, `"-1"`): an
/// optional `-`, digits, and an optional `.` with digits; nothing else (no `+`, exponent, separator or
/// space), so that the bindings read money exactly as the documents do. A negative amount is read (the
/// rule refuses it, naming the field).
///
/// ```
/// use xiaoneng::parse_yuan;
/// assert_eq!(parse_yuan("sales", "4999999.99").unwrap().to_string(), "4999999.99");
/// assert_eq!(parse_yuan("sales", "1e7").unwrap_err().field(), Some("sales"));
/// ```
///
/// # Errors
///
/// [`crate::Error::Invalid`] naming `field`: not a decimal string, or beyond a [`Decimal`] (28 digits).
pub fn parse_yuan(field: &str, text: &str) -> Result<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(invalid(
            field,
            format!("{text:?}"),
            "an amount in yuan is a decimal string such as \"5000000\" or \"4999999.99\"",
        ));
    }
    Decimal::from_str_exact(text).map_err(|_| {
        invalid(
            field,
            format!("{text:?}"),
            "beyond the 28 significant digits of an exact amount",
        )
    })
}

crate::names::wire_enum! {
    /// A threshold of the priority service card (金卡).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum PriorityThreshold {
        /// Annual sales at least `min_annual_sales_yuan` (年销售额).
        AnnualSales = "annual_sales" / "年销售额",
        /// Registered capital at least `min_registered_capital_yuan` (注册资本).
        RegisteredCapital = "registered_capital" / "注册资本",
    }
}

/// The answer of the priority service card rule (金卡资格).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriorityCard {
    /// Whether the applicant is eligible (at least one threshold met).
    pub eligible: bool,
    /// The thresholds met, annual sales first; empty when not eligible.
    pub by: Vec<PriorityThreshold>,
    /// The derivation in words: each figure against its threshold, then the verdict.
    pub reason: String,
}
