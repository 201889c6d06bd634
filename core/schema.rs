//! JSON Schemas (draft 2020-12) of the documents the library reads and writes: policy, organisation,
//! catalog, commands and events, and of the views it answers with: a clock's status and a case view.
//!
//! The schemas are generated from the Rust types with `schemars`, so they follow the serde attributes:
//! unknown fields are rejected (`additionalProperties: false`), defaulted fields are optional and carry
//! their default, enums are their snake_case names. Types with a hand-written wire form (dates, instants,
//! times of day, UTC offsets, weekday names, decimals) are described here as the strings they are.
//! The generated schemas are committed under `schemas/`; `tests/schema.rs` keeps them in sync.

use schemars::Schema;
use serde_json::Value;

use crate::catalog::CatalogSpec;
use crate::org::OrgSpec;
use crate::policy::Policy;

/// The JSON Schema of a policy document ([`crate::Policy`]), as pretty-printed JSON with sorted keys.
///
/// The same text is committed as `schemas/policy.schema.json`. A TOML policy is checked against it
/// after reading the TOML as JSON (TOML dates as their RFC 3339 text). The schema checks the shape and
/// the simple ranges; [`crate::Policy::validate`] checks the rest (e.g. the calendar's consistency).
pub fn policy_json_schema() -> String {
    render(schemars::schema_for!(Policy))
}

/// The JSON Schema of an organisation document ([`crate::OrgSpec`]), as pretty-printed JSON with sorted
/// keys; committed as `schemas/org.schema.json`.
pub fn org_json_schema() -> String {
    render(schemars::schema_for!(OrgSpec))
}

/// The JSON Schema of a catalog document ([`crate::CatalogSpec`]), as pretty-printed JSON with sorted
/// keys; committed as `schemas/catalog.schema.json`.
pub fn catalog_json_schema() -> String {
    render(schemars::schema_for!(CatalogSpec))
}

/// The JSON Schema of a command ([`crate::Command`]), as pretty-printed JSON with sorted keys; committed
/// as `schemas/command.schema.json`.
pub fn command_json_schema() -> String {
    render(schemars::schema_for!(crate::Command))
}

/// The JSON Schema of an event ([`crate::Event`]), as pretty-printed JSON with sorted keys; committed as
/// `schemas/event.schema.json`.
pub fn event_json_schema() -> String {
    render(schemars::schema_for!(crate::Event))
}

/// The JSON Schema of a clock's status ([`crate::ClockStatus`], what `Clock::status` answers), as
/// pretty-printed JSON with sorted keys; committed as `schemas/status.schema.json`.
pub fn clock_status_json_schema() -> String {
    render(schemars::schema_for!(crate::ClockStatus))
}

/// The JSON Schema of a case view ([`crate::CaseView`], what `Engine::view` answers), as pretty-printed
/// JSON with sorted keys; committed as `schemas/view.schema.json`.
pub fn case_view_json_schema() -> String {
    render(schemars::schema_for!(crate::CaseView))
}

/// The JSON Schema of an explanation ([`crate::Explanation`], what `Engine::explain` answers), as
/// pretty-printed JSON with sorted keys; committed as `schemas/explanation.schema.json`.
pub fn explanation_json_schema() -> String {
    render(schemars::schema_for!(crate::Explanation))
}

/// Pretty JSON with keys sorted at every level and a final newline, whatever map order serde_json uses.
fn render(schema: Schema) -> String {
    let value = sorted(schema.to_value());
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value serializes");
    text.push('\n');
    text
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod docs {
    // docs/commands.md's command table, generated from the command structs' doc comments (through the
    // command schema) and the record kinds' transition tables, and checked for freshness:
    // `XN_UPDATE_DOCS=1 cargo test -p xiaoneng --lib schema::docs` rewrites it.

    use serde_json::Value;

    const BEGIN: &str =
        "<!-- BEGIN GENERATED: commands (XN_UPDATE_DOCS=1 cargo test -p xiaoneng --lib schema::docs; do not edit) -->";
    const END: &str = "<!-- END GENERATED: commands -->";

    /// The states a command is allowed in, from the transition tables.
    fn states(name: &str) -> String {
        fn names<S: std::fmt::Display>(table: &[(&str, &[S])], name: &str) -> Option<Vec<String>> {
            let (_, states) = table.iter().find(|(n, _)| *n == name)?;
            Some(states.iter().map(|s| format!("`{s}`")).collect())
        }
        let list = names(crate::case::transitions::TABLE, name)
            .or_else(|| names(crate::inquiry::transitions::TABLE, name))
            .or_else(|| names(crate::complaint::transitions::TABLE, name))
            .or_else(|| names(crate::pledge::transitions::TABLE, name))
            .or_else(|| names(crate::matter::transitions::TABLE, name))
            .or_else(|| names(crate::inspection::transitions::TABLE, name))
            .or_else(|| names(crate::plan::transitions::TABLE, name))
            .unwrap_or_else(|| panic!("`{name}` is in no transition table"));
        if list.is_empty() {
            "none: creates the record".into()
        } else {
            list.join(", ")
        }
    }

    /// The generated table.
    fn table() -> String {
        let schema: Value = serde_json::from_str(&super::command_json_schema()).unwrap();
        let mut out = String::from(
            "| command | fields (required in bold) | allowed in states | who may issue it, when, what it yields |\n\
             | --- | --- | --- | --- |\n",
        );
        for c in schema["oneOf"].as_array().unwrap() {
            let name = c["properties"]["type"]["const"].as_str().unwrap();
            let required: Vec<&str> = c["required"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let mut fields: Vec<String> = Vec::new();
            for key in c["properties"].as_object().unwrap().keys() {
                if ["type", "case", "at", "actor"].contains(&key.as_str()) {
                    continue;
                }
                fields.push(if required.contains(&key.as_str()) {
                    format!("**`{key}`**")
                } else {
                    format!("`{key}`")
                });
            }
            let doc = c["description"]
                .as_str()
                .unwrap()
                .replace("\n\n", " ")
                .replace('\n', " ");
            out.push_str(&format!(
                "| `{name}` | {} | {} | {} |\n",
                if fields.is_empty() {
                    "—".into()
                } else {
                    fields.join(", ")
                },
                states(name),
                doc.replace('|', "\\|")
            ));
        }
        out
    }

    #[test]
    fn docs_command_table_is_generated_from_the_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/commands.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let (Some(a), Some(b)) = (text.find(BEGIN), text.find(END)) else {
            panic!("docs/commands.md lacks the generated-table markers");
        };
        let fresh = format!("{}{BEGIN}\n{}{}", &text[..a], table(), &text[b..]);
        if std::env::var_os("XN_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        } else {
            assert!(
                fresh == text,
                "docs/commands.md's command table is stale: run `XN_UPDATE_DOCS=1 cargo test -p xiaoneng --lib schema::docs`"
            );
        }
    }
}
