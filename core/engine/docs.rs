//! docs/commands.md's command table, generated from the command structs' doc comments (through the
//! command schema) and the record kinds' transition tables, and checked for freshness:
//! `XN_UPDATE_DOCS=1 cargo test -p xiaoneng --lib docs` rewrites it.

use serde_json::Value;

const BEGIN: &str =
    "<!-- BEGIN GENERATED: commands (XN_UPDATE_DOCS=1 cargo test -p xiaoneng --lib docs; do not edit) -->";
const END: &str = "<!-- END GENERATED: commands -->";

/// The states a command is allowed in, from the transition tables.
fn states(name: &str) -> String {
    let case = crate::case::transitions::TABLE.iter().find(|(n, _)| *n == name);
    let inquiry = crate::inquiry::transitions::TABLE.iter().find(|(n, _)| *n == name);
    let list: Vec<String> = match (case, inquiry) {
        (Some((_, s)), _) => s.iter().map(|s| format!("`{s}`")).collect(),
        (_, Some((_, s))) => s.iter().map(|s| format!("`{s}`")).collect(),
        _ => panic!("`{name}` is in no transition table"),
    };
    if list.is_empty() {
        "none: creates the record".into()
    } else {
        list.join(", ")
    }
}

/// The generated table.
fn table() -> String {
    let schema: Value = serde_json::from_str(&crate::schema::command_json_schema()).unwrap();
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
            "docs/commands.md's command table is stale: run `XN_UPDATE_DOCS=1 cargo test -p xiaoneng --lib docs`"
        );
    }
}
