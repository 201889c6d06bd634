//! The catalog of service items (政务服务事项) and their published service guides (办事指南).
//!
//! Field meanings follow the national item-standardisation fields: code (事项编码), name, responsible
//! unit (实施主体), kind (即办件 / 承诺件 / 联办件 / 上报件), statutory and pledged limits (法定时限 /
//! 承诺时限, pledged ≤ statutory), materials (申请材料), fees and their basis (收费标准及依据), legal basis
//! (设定依据), procedure steps with limits and responsible posts (办理流程), joint-review parties,
//! on-timeout rule, and the special procedures (art. 45) the item may use.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::clock::{Limit, PauseKind};
use crate::codec;
use crate::error::{invalid, Result};
use crate::org::Org;
use crate::policy::{DeemedAt, ItemKind, OnTimeout, Policy};

/// Current version of the catalog document schema.
pub const CATALOG_SCHEMA: u32 = 1;

/// An application material (申请材料).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Name, e.g. `营业执照复印件`.
    pub name: String,
    /// Whether it must be submitted (必要) or only in some cases (容缺 / 视情况).
    #[serde(default = "yes")]
    pub required: bool,
    /// Form and copies, notes, sample.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn yes() -> bool {
    true
}

/// A fee (收费项目) with its amount and legal basis; an item without fees is free of charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Name of the fee.
    pub name: String,
    /// Amount in yuan (a decimal string, e.g. `"50.00"`).
    #[schemars(with = "crate::codec::DecimalString")]
    pub amount: Decimal,
    /// The document that sets it (收费依据).
    pub basis: String,
}

/// A step of the procedure (办理环节) with its limit and responsible post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureStep {
    /// Name, e.g. `受理`, `审查`, `决定`.
    pub name: String,
    /// The post responsible (its A holder, or the B holder while A is away).
    pub post: String,
    /// The step's own limit; a step over its limit is a violation even when the case is not overdue.
    pub limit: Limit,
}

/// A service item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceItem {
    /// Item code (事项编码), host-supplied.
    pub code: String,
    /// Item name.
    pub name: String,
    /// Responsible unit (实施主体).
    pub unit: String,
    /// Kind of item.
    pub kind: ItemKind,
    /// Statutory limit (法定时限).
    pub statutory_limit: Limit,
    /// Pledged limit (承诺时限), not longer than the statutory one, in the same unit.
    pub pledged_limit: Limit,
    /// Application materials.
    #[serde(default)]
    pub materials: Vec<Material>,
    /// Fees; empty means free of charge (不收费).
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// Legal basis (设定依据).
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// The procedure, in order.
    #[serde(default)]
    pub steps: Vec<ProcedureStep>,
    /// Units consulted in joint review (联办件); the item's unit leads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint_parties: Vec<String>,
    /// What happens on timeout; the policy's rule for the kind when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_timeout: Option<OnTimeout>,
    /// Which deadline triggers a deemed outcome (pledged or statutory); the policy's rule for the kind
    /// when absent (`timeout`, docs/rules.md §5 "Timeout defaults").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deemed_at: Option<DeemedAt>,
    /// Special procedures (art. 45) the item may use; their time is not counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_procedures: Vec<PauseKind>,
    /// Where to complain (投诉渠道), e.g. a hotline and a web address.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub complaint_channel: String,
    /// Where and when to apply (办理地点和时间).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
}

impl ServiceItem {
    /// What happens when the item's decision limit passes undecided, and which deadline triggers a deemed
    /// outcome: the item's own `on_timeout` and `deemed_at`, else the policy's rules for its kind.
    pub(crate) fn timeout_rule(&self, policy: &Policy) -> (OnTimeout, DeemedAt) {
        (
            self.on_timeout.unwrap_or_else(|| policy.on_timeout(self.kind)),
            self.deemed_at.unwrap_or_else(|| policy.deemed_at(self.kind)),
        )
    }

    /// The total of the item's fees (收费合计), in yuan; zero when it is free of charge.
    ///
    /// A [`Catalog`] refuses an item whose fees add up beyond a [`Decimal`] (about 7.9e28), so the total
    /// of a catalog's item is exact; for an item built by hand whose fees do overflow, it saturates at
    /// [`Decimal::MAX`].
    pub fn fee_total(&self) -> Decimal {
        self.checked_fee_total().unwrap_or(Decimal::MAX)
    }

    /// The total of the fees, or `None` when it is beyond a [`Decimal`].
    fn checked_fee_total(&self) -> Option<Decimal> {
        self.fees
            .iter()
            .try_fold(Decimal::ZERO, |total, f| total.checked_add(f.amount))
    }
}

/// The catalog document: `{"schema": 1, "items": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogSpec {
    /// Schema version, must be 1.
    #[schemars(extend("const" = 1))]
    pub schema: u32,
    /// The items.
    #[serde(default)]
    pub items: Vec<ServiceItem>,
}

/// A validated catalog, checked against an organisation, with an index by item code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    spec: CatalogSpec,
    by_code: BTreeMap<String, usize>,
}

/// The items of the organisation's delegations (首席代表负责制) are items of this catalog, of the
/// delegating unit or consulting it.
fn check_delegated_items(spec: &CatalogSpec, by_code: &BTreeMap<String, usize>, org: &Org) -> Result<()> {
    for (k, d) in org.spec().delegations.iter().enumerate() {
        for (j, code) in d.items.iter().enumerate() {
            let field = format!("delegations[{k}].items[{j}]");
            let Some(&at) = by_code.get(code) else {
                return Err(invalid(
                    field,
                    code,
                    "the organisation's delegation names an item the catalog does not have",
                ));
            };
            let item = &spec.items[at];
            if item.unit != d.unit && !item.joint_parties.contains(&d.unit) {
                return Err(invalid(
                    field,
                    code,
                    format!(
                        "an item of unit `{}`, which unit `{}` neither handles nor is consulted on: it cannot \
                         delegate it",
                        item.unit, d.unit
                    ),
                ));
            }
        }
    }
    Ok(())
}

impl Catalog {
    /// Validates a catalog against the organisation it refers to.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the field: a wrong schema, a duplicate or empty code, an unknown unit or
    /// post, a pledged limit above the statutory one or in another unit, a joint item without parties, a
    /// negative fee or fees adding up beyond a [`Decimal`], a material or step without a name; the
    /// organisation's `delegations[k].items[j]` naming an item the catalog does not have, or one the
    /// delegating unit neither handles nor is consulted on (a joint party).
    pub fn new(spec: CatalogSpec, org: &Org) -> Result<Self> {
        if spec.schema != CATALOG_SCHEMA {
            return Err(invalid(
                "schema",
                spec.schema,
                format!("this library reads catalog schema {CATALOG_SCHEMA}"),
            ));
        }
        let mut by_code = BTreeMap::new();
        for (k, item) in spec.items.iter().enumerate() {
            let f = |s: &str| format!("items[{k}].{s}");
            if item.code.trim().is_empty() {
                return Err(invalid(f("code"), "\"\"", "codes must not be empty"));
            }
            if let Some(first) = by_code.insert(item.code.clone(), k) {
                return Err(invalid(
                    f("code"),
                    &item.code,
                    format!("duplicates items[{first}].code"),
                ));
            }
            if item.name.trim().is_empty() {
                return Err(invalid(f("name"), "\"\"", "an item needs a name"));
            }
            if org.unit(&item.unit).is_none() {
                return Err(invalid(f("unit"), &item.unit, "no unit has this id"));
            }
            for (field, l) in [
                ("statutory_limit", item.statutory_limit),
                ("pledged_limit", item.pledged_limit),
            ] {
                if l.amount > crate::MAX_AMOUNT {
                    return Err(invalid(
                        f(&format!("{field}.amount")),
                        l.amount,
                        format!("at most {}", crate::MAX_AMOUNT),
                    ));
                }
            }
            if item.pledged_limit.unit != item.statutory_limit.unit {
                return Err(invalid(
                    f("pledged_limit.unit"),
                    item.pledged_limit.unit,
                    format!("must be the statutory limit's unit {}", item.statutory_limit.unit),
                ));
            }
            if item.pledged_limit.amount > item.statutory_limit.amount {
                return Err(invalid(
                    f("pledged_limit.amount"),
                    item.pledged_limit.amount,
                    format!(
                        "a pledged limit may not exceed the statutory {}",
                        item.statutory_limit.amount
                    ),
                ));
            }
            for (j, m) in item.materials.iter().enumerate() {
                if m.name.trim().is_empty() {
                    return Err(invalid(
                        f(&format!("materials[{j}].name")),
                        "\"\"",
                        "a material needs a name",
                    ));
                }
            }
            let mut total = Decimal::ZERO;
            for (j, fee) in item.fees.iter().enumerate() {
                let amount = || f(&format!("fees[{j}].amount"));
                if fee.amount.is_sign_negative() {
                    return Err(invalid(amount(), fee.amount, "a fee cannot be negative"));
                }
                if fee.basis.trim().is_empty() {
                    return Err(invalid(
                        f(&format!("fees[{j}].basis")),
                        "\"\"",
                        "every fee needs its legal basis",
                    ));
                }
                total = total.checked_add(fee.amount).ok_or_else(|| {
                    invalid(
                        amount(),
                        fee.amount,
                        "the item's fees add up beyond the largest decimal amount",
                    )
                })?;
            }
            for (j, st) in item.steps.iter().enumerate() {
                if st.name.trim().is_empty() {
                    return Err(invalid(f(&format!("steps[{j}].name")), "\"\"", "a step needs a name"));
                }
                if org.post(&st.post).is_none() {
                    return Err(invalid(f(&format!("steps[{j}].post")), &st.post, "no post has this id"));
                }
                if st.limit.amount > crate::MAX_AMOUNT {
                    return Err(invalid(
                        f(&format!("steps[{j}].limit.amount")),
                        st.limit.amount,
                        "too large",
                    ));
                }
            }
            for (j, u) in item.joint_parties.iter().enumerate() {
                if org.unit(u).is_none() {
                    return Err(invalid(f(&format!("joint_parties[{j}]")), u, "no unit has this id"));
                }
                if *u == item.unit {
                    return Err(invalid(
                        f(&format!("joint_parties[{j}]")),
                        u,
                        "the lead unit is not its own party",
                    ));
                }
            }
            if item.kind == ItemKind::Joint && item.joint_parties.is_empty() {
                return Err(invalid(
                    f("joint_parties"),
                    "[]",
                    "a joint item (联办件) names the units it consults",
                ));
            }
        }
        check_delegated_items(&spec, &by_code, org)?;
        Ok(Catalog { spec, by_code })
    }

    /// Reads a catalog from JSON and validates it against `org`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field for malformed documents; [`crate::Error::Invalid`] as [`Catalog::new`].
    pub fn from_json(text: &str, org: &Org) -> Result<Self> {
        Catalog::new(codec::from_json(text)?, org)
    }

    /// Reads a catalog from TOML and validates it against `org`.
    ///
    /// # Errors
    ///
    /// As [`Catalog::from_json`].
    pub fn from_toml(text: &str, org: &Org) -> Result<Self> {
        Catalog::new(codec::from_toml(text)?, org)
    }

    /// The document as JSON.
    pub fn to_json(&self) -> String {
        codec::to_json(&self.spec)
    }

    /// The document.
    pub fn spec(&self) -> &CatalogSpec {
        &self.spec
    }

    /// The items, in document order.
    pub fn items(&self) -> &[ServiceItem] {
        &self.spec.items
    }

    /// An item by code.
    pub fn item(&self, code: &str) -> Option<&ServiceItem> {
        self.position(code).map(|k| &self.spec.items[k])
    }

    /// The position of an item in [`Catalog::items`], by code.
    pub(crate) fn position(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The published service guide of an item.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] when no item has this code.
    pub fn guide(&self, code: &str, org: &Org) -> Result<Guide> {
        let item = self
            .item(code)
            .ok_or_else(|| crate::error::not_found("code", code, "no item has this code"))?;
        Ok(Guide::new(item, org))
    }
}

/// A service guide (办事指南): what an applicant needs to know, published per item (JSON and Markdown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guide {
    /// Item code.
    pub code: String,
    /// Item name.
    pub name: String,
    /// Responsible unit's name.
    pub unit: String,
    /// Kind, in Chinese (e.g. `承诺件`).
    pub kind: String,
    /// Statutory limit, e.g. `20 工作日`.
    pub statutory_limit: String,
    /// Pledged limit.
    pub pledged_limit: String,
    /// Materials.
    pub materials: Vec<Material>,
    /// Fees; empty means free of charge.
    pub fees: Vec<Fee>,
    /// Legal basis.
    pub legal_basis: Vec<String>,
    /// Procedure: step name, responsible unit/post title, step limit.
    pub procedure: Vec<GuideStep>,
    /// Units consulted (names).
    pub joint_parties: Vec<String>,
    /// Where and when.
    pub place: String,
    /// Where to complain.
    pub complaint_channel: String,
}

/// A step as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideStep {
    /// Step name.
    pub name: String,
    /// Responsible post's title.
    pub post: String,
    /// Step limit, e.g. `3 工作日`.
    pub limit: String,
}

fn show_limit(l: Limit) -> String {
    format!("{} {}", l.amount, l.unit.label_zh())
}

impl Guide {
    fn new(item: &ServiceItem, org: &Org) -> Self {
        let unit_name = |id: &str| org.unit(id).map_or_else(|| id.to_string(), |u| u.name.clone());
        Guide {
            code: item.code.clone(),
            name: item.name.clone(),
            unit: unit_name(&item.unit),
            kind: item.kind.label_zh().to_string(),
            statutory_limit: show_limit(item.statutory_limit),
            pledged_limit: show_limit(item.pledged_limit),
            materials: item.materials.clone(),
            fees: item.fees.clone(),
            legal_basis: item.legal_basis.clone(),
            procedure: item
                .steps
                .iter()
                .map(|s| GuideStep {
                    name: s.name.clone(),
                    post: org.post(&s.post).map_or_else(|| s.post.clone(), |p| p.title.clone()),
                    limit: show_limit(s.limit),
                })
                .collect(),
            joint_parties: item.joint_parties.iter().map(|u| unit_name(u)).collect(),
            place: item.place.clone(),
            complaint_channel: item.complaint_channel.clone(),
        }
    }

    /// The guide as JSON.
    pub fn to_json(&self) -> String {
        codec::to_json(self)
    }

    /// The guide as Markdown, for publication.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let esc = |t: &str| t.replace('|', "\\|").replace('\n', " ");
        let _ = writeln!(s, "# {}（办事指南）\n", self.name);
        let _ = writeln!(s, "| 项目 | 内容 |\n| --- | --- |");
        let _ = writeln!(s, "| 事项编码 | {} |", esc(&self.code));
        let _ = writeln!(s, "| 实施主体 | {} |", esc(&self.unit));
        let _ = writeln!(s, "| 事项类型 | {} |", self.kind);
        let _ = writeln!(s, "| 法定时限 | {} |", self.statutory_limit);
        let _ = writeln!(s, "| 承诺时限 | {} |", self.pledged_limit);
        if !self.joint_parties.is_empty() {
            let _ = writeln!(s, "| 联办部门 | {} |", esc(&self.joint_parties.join("、")));
        }
        if !self.place.is_empty() {
            let _ = writeln!(s, "| 办理地点和时间 | {} |", esc(&self.place));
        }
        let _ = writeln!(s, "\n## 申请材料\n");
        if self.materials.is_empty() {
            let _ = writeln!(s, "无。");
        }
        for (k, m) in self.materials.iter().enumerate() {
            let need = if m.required { "必要" } else { "视情况提交" };
            let note = if m.note.is_empty() {
                String::new()
            } else {
                format!("：{}", m.note)
            };
            let _ = writeln!(s, "{}. {}（{}）{}", k + 1, m.name, need, note);
        }
        let _ = writeln!(s, "\n## 办理流程\n");
        if self.procedure.is_empty() {
            let _ = writeln!(s, "当场办理。");
        }
        for (k, st) in self.procedure.iter().enumerate() {
            let _ = writeln!(s, "{}. {}（{}，{}）", k + 1, st.name, st.post, st.limit);
        }
        let _ = writeln!(s, "\n## 收费标准及依据\n");
        if self.fees.is_empty() {
            let _ = writeln!(s, "不收费。");
        }
        for f in &self.fees {
            let _ = writeln!(s, "- {}：{} 元（依据：{}）", f.name, f.amount, f.basis);
        }
        let _ = writeln!(s, "\n## 设定依据\n");
        for b in &self.legal_basis {
            let _ = writeln!(s, "- {b}");
        }
        if !self.complaint_channel.is_empty() {
            let _ = writeln!(s, "\n## 投诉渠道\n\n{}", self.complaint_channel);
        }
        s
    }
}

impl From<Catalog> for CatalogSpec {
    fn from(c: Catalog) -> Self {
        c.spec
    }
}

impl crate::Document for CatalogSpec {
    const SCHEMA: u32 = CATALOG_SCHEMA;

    /// Reads a catalog document without validating it; [`Catalog::new`] validates it against an
    /// organisation (as [`Catalog::from_json`] does in one step).
    fn from_json(text: &str) -> Result<Self> {
        codec::from_json(text)
    }

    /// Reads a catalog document from TOML, as [`CatalogSpec::from_json`].
    fn from_toml(text: &str) -> Result<Self> {
        codec::from_toml(text)
    }

    /// The document as JSON.
    fn to_json(&self) -> String {
        codec::to_json(self)
    }
}
