//! Organisation and catalog rules (docs/rules.md §1, §4): post responsibility, A/B backup, roles, service
//! items and their published guides. One named test per rule.

mod common;

use common::t;
use rust_decimal::Decimal;
use xiaoneng::{Acting, Catalog, Document, Error, ErrorCode, Fee, ItemKind, Org, Role};

const ORG: &str = include_str!("fixtures/county-org.json");
const CATALOG: &str = include_str!("fixtures/county-catalog.json");

fn org() -> Org {
    Org::from_json(ORG).unwrap()
}

fn field_of(e: &Error) -> String {
    match e {
        Error::Invalid(f) => f.field.clone(),
        Error::Parse { path, .. } => path.clone(),
        other => panic!("expected a field error, got {other}"),
    }
}

#[test]
fn ab_post_holder_acts_when_present() {
    let a = org().acting_holder("p-review", t("2026-10-09T10:00:00+08:00")).unwrap();
    assert_eq!(a, Acting::Holder { staff: "s-rev".into() });
    assert!(a.absent().is_empty());
    assert!(!a.is_violation());
}

#[test]
fn ab_post_backup_acts_while_a_is_away() {
    let a = org().acting_holder("p-review", t("2026-10-12T10:00:00+08:00")).unwrap();
    assert_eq!(
        a,
        Acting::Backup {
            staff: "s-rev2".into(),
            absent: Some("s-rev".into())
        }
    );
    assert_eq!(a.absent(), ["s-rev"]);
    assert!(!a.is_violation());
}

#[test]
fn ab_post_both_away_unit_head_covers_and_it_is_a_violation() {
    let a = org().acting_holder("p-review", t("2026-10-14T10:00:00+08:00")).unwrap();
    assert_eq!(
        a,
        Acting::UnitHead {
            staff: "s-head".into(),
            absent: vec!["s-rev".into(), "s-rev2".into()]
        }
    );
    assert_eq!(a.absent(), ["s-rev", "s-rev2"]);
    assert!(a.is_violation());
    assert!(org().may_act_for("s-head", "p-review", t("2026-10-14T10:00:00+08:00")));
    assert!(!org().may_act_for("s-rev2", "p-review", t("2026-10-14T10:00:00+08:00")));
}

#[test]
fn post_without_backup_falls_to_the_unit_head_when_its_holder_is_away() {
    let mut spec = org().spec().clone();
    spec.absences.push(
        serde_json::from_str(
            r#"{"staff":"s-fire","start":"2026-10-12T00:00:00+08:00","end":"2026-10-13T00:00:00+08:00"}"#,
        )
        .unwrap(),
    );
    let org = Org::new(spec).unwrap();
    let a = org.acting_holder("p-fire", t("2026-10-12T10:00:00+08:00")).unwrap();
    assert_eq!(a.staff(), "s-fire-head");
    assert_eq!(a.absent(), ["s-fire"]);
    assert!(a.is_violation());
}

#[test]
fn vacant_post_falls_to_its_backup_with_nobody_absent() {
    let mut spec = org().spec().clone();
    spec.posts.iter_mut().find(|p| p.id == "p-review").unwrap().holder = None;
    let org = Org::new(spec).unwrap();
    let a = org.acting_holder("p-review", t("2026-10-09T10:00:00+08:00")).unwrap();
    assert_eq!(
        a,
        Acting::Backup {
            staff: "s-rev2".into(),
            absent: None
        }
    );
    assert!(a.absent().is_empty());
}

#[test]
fn absence_is_half_open() {
    let o = org();
    assert!(o.is_absent("s-rev", t("2026-10-12T00:00:00+08:00")));
    assert!(!o.is_absent("s-rev", t("2026-10-17T00:00:00+08:00")));
}

#[test]
fn roles_are_checked_by_staff() {
    let o = org();
    assert!(o.has_role("s-head", Role::UnitHead));
    assert!(o.has_role("s-sup", Role::Supervisor));
    assert!(!o.has_role("s-clerk", Role::UnitHead));
    assert!(!o.has_role("nobody", Role::WindowClerk));
}

#[test]
fn organisation_references_must_resolve() {
    let cases = [
        (
            ORG.replace(r#""backup": "p-window-b""#, r#""backup": "p-nowhere""#),
            "posts[0].backup",
        ),
        (
            ORG.replace(r#""holder": "s-clerk","#, r#""holder": "s-ghost","#),
            "posts[0].holder",
        ),
        (
            ORG.replace(
                r#""parent": "gov", "head": "s-head""#,
                r#""parent": "amr", "head": "s-head""#,
            ),
            "units[1].parent",
        ),
        (
            ORG.replace(r#""id": "p-window-b""#, r#""id": "p-window""#),
            "posts[1].id",
        ),
        (
            ORG.replace(
                r#""end": "2026-10-17T00:00:00+08:00""#,
                r#""end": "2026-10-11T00:00:00+08:00""#,
            ),
            "absences[0].end",
        ),
        (ORG.replace(r#""schema": 1"#, r#""schema": 3"#), "schema"),
        (
            ORG.replace(
                r#""roles": ["reviewer"], "rank": 2},"#,
                r#""roles": ["boss"], "rank": 2},"#,
            ),
            "staff[2].roles[0]",
        ),
    ];
    for (doc, field) in cases {
        assert_ne!(doc, ORG, "fixture replacement for {field} did not apply");
        let e = Org::from_json(&doc).unwrap_err();
        assert_eq!(field_of(&e), field, "{e}");
    }
}

#[test]
fn service_items_resolve_against_the_organisation() {
    let cat = Catalog::from_json(CATALOG, &org()).unwrap();
    assert_eq!(cat.items().len(), 2);
    let food = cat.item("330100-FOOD-001").unwrap();
    assert_eq!((food.kind, food.pledged_limit.amount), (ItemKind::Pledged, 10));
    assert!(cat.item("nope").is_none());
}

#[test]
fn pledged_limit_may_not_exceed_the_statutory_limit() {
    let doc = CATALOG.replace(r#""amount": 10}"#, r#""amount": 25}"#);
    let e = Catalog::from_json(&doc, &org()).unwrap_err();
    assert_eq!(field_of(&e), "items[0].pledged_limit.amount", "{e}");
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[test]
fn every_step_has_a_responsible_post() {
    let doc = CATALOG.replacen(r#""post": "p-window""#, r#""post": "p-ghost""#, 1);
    let e = Catalog::from_json(&doc, &org()).unwrap_err();
    assert_eq!(field_of(&e), "items[0].steps[0].post", "{e}");
}

#[test]
fn joint_items_name_the_units_they_consult() {
    let doc = CATALOG.replace(r#""joint_parties": ["fire"],"#, "");
    let e = Catalog::from_json(&doc, &org()).unwrap_err();
    assert_eq!(field_of(&e), "items[1].joint_parties", "{e}");
    let doc = CATALOG.replace(r#""joint_parties": ["fire"]"#, r#""joint_parties": ["mars"]"#);
    assert_eq!(
        field_of(&Catalog::from_json(&doc, &org()).unwrap_err()),
        "items[1].joint_parties[0]"
    );
}

#[test]
fn every_fee_states_its_basis() {
    let doc = CATALOG.replace(r#""basis": "县发改委收费批复〔2024〕3号""#, r#""basis": """#);
    assert_eq!(
        field_of(&Catalog::from_json(&doc, &org()).unwrap_err()),
        "items[1].fees[0].basis"
    );
    let doc = CATALOG.replace(r#""amount": "10.00""#, r#""amount": "-1""#);
    assert_eq!(
        field_of(&Catalog::from_json(&doc, &org()).unwrap_err()),
        "items[1].fees[0].amount"
    );
}

#[test]
fn fee_total_adds_the_fees_and_is_zero_for_a_free_item() {
    let cat = Catalog::from_json(CATALOG, &org()).unwrap();
    assert_eq!(cat.item("330100-FOOD-001").unwrap().fee_total(), Decimal::ZERO);
    assert_eq!(cat.item("330100-BLDG-007").unwrap().fee_total().to_string(), "10.00");
    let mut item = cat.item("330100-BLDG-007").unwrap().clone();
    item.fees.push(Fee {
        name: "检测费".into(),
        amount: "30.5".parse().unwrap(),
        basis: "某文件".into(),
    });
    assert_eq!(item.fee_total().to_string(), "40.50");
}

#[test]
fn fees_adding_up_beyond_a_decimal_are_rejected() {
    let max = Decimal::MAX.to_string();
    let doc = CATALOG.replace(
        r#""fees": [{"name": "工本费", "amount": "10.00", "basis": "县发改委收费批复〔2024〕3号"}]"#,
        &format!(r#""fees": [{{"name": "a", "amount": "{max}", "basis": "x"}}, {{"name": "b", "amount": "1", "basis": "x"}}]"#),
    );
    assert_ne!(doc, CATALOG);
    assert_eq!(
        field_of(&Catalog::from_json(&doc, &org()).unwrap_err()),
        "items[1].fees[1].amount"
    );
}

#[test]
fn unknown_catalog_fields_are_rejected_with_their_path() {
    let doc = CATALOG.replace(r#""place": "#, r#""plaice": "#);
    assert_eq!(
        field_of(&Catalog::from_json(&doc, &org()).unwrap_err()),
        "items[0].plaice"
    );
}

#[test]
fn service_guide_publishes_materials_limits_fees_basis_and_complaint_channel() {
    let o = org();
    let cat = Catalog::from_json(CATALOG, &o).unwrap();
    let g = cat.guide("330100-FOOD-001", &o).unwrap();
    assert_eq!((g.unit.as_str(), g.kind.as_str()), ("县市场监督管理局", "承诺件"));
    assert_eq!(
        (g.statutory_limit.as_str(), g.pledged_limit.as_str()),
        ("20 工作日", "10 工作日")
    );
    assert_eq!(g.procedure[1].post, "食品经营许可审核岗");
    let md = g.to_markdown();
    for needle in [
        "# 食品经营许可（新办）（办事指南）",
        "| 承诺时限 | 10 工作日 |",
        "营业执照复印件（必要）",
        "不收费",
        "12345",
        "食品安全法",
    ] {
        assert!(md.contains(needle), "guide lacks `{needle}`:\n{md}");
    }
    let joint = cat.guide("330100-BLDG-007", &o).unwrap();
    assert_eq!(joint.joint_parties, vec!["县消防救援大队".to_string()]);
    assert!(joint
        .to_markdown()
        .contains("工本费：10.00 元（依据：县发改委收费批复〔2024〕3号）"));
    let v: serde_json::Value = serde_json::from_str(&g.to_json()).unwrap();
    assert_eq!(v["materials"][3]["required"], false);
    assert!(cat.guide("nope", &o).is_err());
}

#[test]
fn documents_round_trip_through_json() {
    let o = org();
    assert_eq!(Org::from_json(&o.to_json()).unwrap(), o);
    let cat = Catalog::from_json(CATALOG, &o).unwrap();
    assert_eq!(Catalog::from_json(&cat.to_json(), &o).unwrap(), cat);
    assert_eq!(Catalog::new(cat.spec().clone(), &o).unwrap(), cat);
    assert_eq!(cat.spec().items, cat.items());
}

#[test]
fn acting_via_names_the_rule_as_the_json_form_does() {
    let cases = [
        Acting::Holder { staff: "a".into() },
        Acting::Backup {
            staff: "b".into(),
            absent: Some("a".into()),
        },
        Acting::UnitHead {
            staff: "h".into(),
            absent: vec!["a".into(), "b".into()],
        },
    ];
    for acting in cases {
        let json = serde_json::to_value(&acting).unwrap();
        assert_eq!(json["via"], acting.via());
    }
}
