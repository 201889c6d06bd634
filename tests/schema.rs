//! The committed JSON Schemas (`schemas/*.schema.json`) are the ones the Rust types generate, and the
//! shipped presets validate against the committed policy schema.
//!
//! After changing a document type, regenerate the schemas with
//!
//! ```sh
//! XN_UPDATE_SCHEMAS=1 cargo test -p xiaoneng --test schema
//! ```
//!
//! and commit the changed files under `schemas/`.

use std::path::PathBuf;
use xiaoneng::Document;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `schemas/<name>` with the generated text, or rewrites it when `XN_UPDATE_SCHEMAS` is set.
fn check_committed(name: &str, generated: &str) {
    let path = root().join("schemas").join(name);
    if std::env::var_os("XN_UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/{name} is stale or missing: it differs from the schema the Rust types generate.\n\
         Regenerate it with `XN_UPDATE_SCHEMAS=1 cargo test -p xiaoneng --test schema` and commit the result."
    );
}

#[test]
fn committed_policy_schema_is_the_generated_one() {
    check_committed("policy.schema.json", &xiaoneng::policy_json_schema());
}

#[test]
fn committed_org_schema_is_the_generated_one() {
    check_committed("org.schema.json", &xiaoneng::org_json_schema());
}

#[test]
fn committed_catalog_schema_is_the_generated_one() {
    check_committed("catalog.schema.json", &xiaoneng::catalog_json_schema());
}

#[test]
fn committed_command_schema_is_the_generated_one() {
    check_committed("command.schema.json", &xiaoneng::command_json_schema());
}

#[test]
fn committed_event_schema_is_the_generated_one() {
    check_committed("event.schema.json", &xiaoneng::event_json_schema());
}

#[test]
fn committed_clock_status_schema_is_the_generated_one() {
    check_committed("status.schema.json", &xiaoneng::clock_status_json_schema());
}

#[test]
fn committed_case_view_schema_is_the_generated_one() {
    check_committed("view.schema.json", &xiaoneng::case_view_json_schema());
}

#[test]
fn committed_explanation_schema_is_the_generated_one() {
    check_committed("explanation.schema.json", &xiaoneng::explanation_json_schema());
}

fn committed_schema(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).expect("committed schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema = committed_schema(name);
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schemas/{name} is not a valid draft 2020-12 schema: {e}"))
}

/// A TOML document as the JSON value the library reads (TOML dates and times as their RFC 3339 text).
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

const PRESETS: [&str; 2] = ["county.toml", "street-office.toml"];

fn preset_text(name: &str) -> String {
    std::fs::read_to_string(root().join("presets").join(name)).expect("preset exists")
}

#[test]
fn presets_as_written_validate_against_the_committed_policy_schema() {
    let v = validator("policy.schema.json");
    for name in PRESETS {
        let doc = toml_to_json(toml::from_str(&preset_text(name)).expect("preset is TOML"));
        let errs = errors(&v, &doc);
        assert!(
            errs.is_empty(),
            "presets/{name} violates schemas/policy.schema.json: {errs:#?}"
        );
    }
}

#[test]
fn presets_as_the_library_writes_them_validate_against_the_committed_policy_schema() {
    let v = validator("policy.schema.json");
    for name in PRESETS {
        let policy = xiaoneng::Policy::from_toml(&preset_text(name)).unwrap();
        let doc: Value = serde_json::from_str(&policy.to_json()).unwrap();
        let errs = errors(&v, &doc);
        assert!(
            errs.is_empty(),
            "presets/{name} as JSON violates the policy schema: {errs:#?}"
        );
    }
}

#[test]
fn policy_schema_rejects_what_the_library_rejects() {
    let v = validator("policy.schema.json");
    let good = toml_to_json(toml::from_str(&preset_text("county.toml")).unwrap());
    assert!(v.is_valid(&good));
    let bad = |f: &dyn Fn(&mut Value)| {
        let mut doc = good.clone();
        f(&mut doc);
        doc
    };
    // Unknown field (deny_unknown_fields -> additionalProperties: false), at the top and nested.
    assert!(!v.is_valid(&bad(&|d| d["colour"] = "red".into())));
    assert!(!v.is_valid(&bad(&|d| d["joint_review"]["timeout"] = 3.into())));
    // Wrong type, wrong enum value, wrong schema version.
    assert!(!v.is_valid(&bad(&|d| d["joint_review"]["consult_limit"]["amount"] = "five".into())));
    assert!(!v.is_valid(&bad(&|d| d["delivery_limit"]["unit"] = "fortnights".into())));
    assert!(!v.is_valid(&bad(&|d| d["schema"] = 2.into())));
    assert!(!v.is_valid(&bad(&|d| d["on_timeout"]["urgent"] = "escalate".into())));
    assert!(!v.is_valid(&bad(&|d| d["on_timeout"]["joint"] = "ignore".into())));
    // Ranges the validator also checks.
    assert!(!v.is_valid(&bad(&|d| d["rating"]["default_level"] = 6.into())));
    assert!(!v.is_valid(&bad(&|d| d["delivery_limit"]["amount"] = 100_001.into())));
    // Hand-written wire forms.
    assert!(!v.is_valid(&bad(&|d| d["calendar"]["workdays"] = serde_json::json!(["2026/10/10"]))));
    assert!(!v.is_valid(&bad(
        &|d| d["calendar"]["weekly_rest_days"] = serde_json::json!(["saturday"])
    )));
    assert!(!v.is_valid(&bad(&|d| d["calendar"]["utc_offset"] = "CST".into())));
    assert!(!v.is_valid(&bad(
        &|d| d["calendar"]["office_hours"] = serde_json::json!([{"start": "8:30", "end": "12:00"}])
    )));
    // And the library agrees on each of these.
    for doc in [
        bad(&|d| d["colour"] = "red".into()),
        bad(&|d| d["schema"] = 2.into()),
        bad(&|d| d["on_timeout"]["urgent"] = "escalate".into()),
        bad(&|d| d["calendar"]["weekly_rest_days"] = serde_json::json!(["saturday"])),
    ] {
        assert!(xiaoneng::Policy::from_json(&doc.to_string()).is_err(), "{doc}");
    }
}

#[test]
fn org_and_catalog_schemas_accept_documents_the_library_reads() {
    let org = serde_json::json!({
        "schema": 1,
        "units": [{"id": "u1", "name": "县市场监督管理局", "head": "s1"}],
        "posts": [
            {"id": "p1", "unit": "u1", "title": "食品经营许可审核岗", "holder": "s2", "backup": "p2"},
            {"id": "p2", "unit": "u1", "title": "综合窗口岗", "holder": "s3"}
        ],
        "staff": [
            {"id": "s1", "name": "张", "unit": "u1", "roles": ["unit_head"], "rank": 3},
            {"id": "s2", "name": "李", "unit": "u1", "roles": ["reviewer"]},
            {"id": "s3", "name": "王", "unit": "u1", "roles": ["window_clerk"]}
        ],
        "absences": [{"staff": "s2", "start": "2026-10-09T00:00:00+08:00", "end": "2026-10-10T00:00:00Z"}]
    });
    let o = xiaoneng::Org::from_json(&org.to_string()).unwrap();
    let ov = validator("org.schema.json");
    assert!(ov.is_valid(&org), "{:#?}", errors(&ov, &org));
    assert!(!ov.is_valid(&serde_json::json!({"schema": 1, "staff": [{"id": "x"}]})));
    let catalog = serde_json::json!({
        "schema": 1,
        "items": [{
            "code": "FOOD-01", "name": "食品经营许可", "unit": "u1", "kind": "pledged",
            "statutory_limit": {"unit": "working_days", "amount": 20},
            "pledged_limit": {"unit": "working_days", "amount": 10},
            "materials": [{"name": "营业执照复印件"}],
            "fees": [{"name": "工本费", "amount": "0.00", "basis": "某文件"}],
            "steps": [{"name": "审查", "post": "p1", "limit": {"unit": "working_days", "amount": 5}}],
            "special_procedures": ["inspection"]
        }]
    });
    xiaoneng::Catalog::from_json(&catalog.to_string(), &o).unwrap();
    let cv = validator("catalog.schema.json");
    assert!(cv.is_valid(&catalog), "{:#?}", errors(&cv, &catalog));
    let mut bad = catalog.clone();
    bad["items"][0]["fees"][0]["amount"] = 5.into();
    assert!(!cv.is_valid(&bad));
    assert!(xiaoneng::Catalog::from_json(&bad.to_string(), &o).is_err());
}

#[test]
fn every_command_has_an_example_that_the_library_reads_and_the_schema_accepts() {
    // The examples are the command builders' documentation in Python (scripts/generate turns each into a
    // doctest): each must be a command the library reads back unchanged, and valid against its schema.
    let schema = committed_schema("command.schema.json");
    let commands = validator("command.schema.json");
    let variants = schema["oneOf"].as_array().expect("oneOf");
    for variant in variants {
        let kind = &variant["properties"]["type"]["const"];
        let examples = variant["examples"].as_array().map(Vec::as_slice).unwrap_or_default();
        assert!(!examples.is_empty(), "command {kind} has no example");
        for example in examples {
            assert_eq!(errors(&commands, example), Vec::<String>::new(), "{example}");
            let command = xiaoneng::Command::from_json(&example.to_string())
                .unwrap_or_else(|e| panic!("example of {kind} is not read: {e}"));
            let mut back = serde_json::to_value(&command).unwrap();
            // Defaulted fields the example leaves out come back with their defaults.
            back.as_object_mut().unwrap().retain(|k, _| example.get(k).is_some());
            // The library keeps the instant in UTC.
            let at = chrono::DateTime::parse_from_rfc3339(example["at"].as_str().unwrap()).unwrap();
            let mut example = example.clone();
            example["at"] = serde_json::to_value(at.with_timezone(&chrono::Utc)).unwrap();
            assert_eq!(back, example);
        }
    }
}
