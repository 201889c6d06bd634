//! JSON Schemas (draft 2020-12) of the documents the library reads and writes: policy, organisation,
//! catalog, commands and events, and of the views it answers with: a clock's status and a case view.
//!
//! The schemas are generated from the Rust types with `schemars`, so they follow the serde attributes:
//! unknown fields are rejected (`additionalProperties: false`), defaulted fields are optional and carry
//! their default, enums are their snake_case names. Types with a hand-written wire form (dates, instants,
//! times of day, UTC offsets, weekday names, decimals) are described here as the strings they are.
//! The generated schemas are committed under `schemas/`; `tests/schema.rs` keeps them in sync.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

use crate::calendar::{TimeOfDay, UtcOffset};
use crate::catalog::CatalogSpec;
use crate::org::OrgSpec;
use crate::policy::{ItemKind, OnTimeout, Policy};

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

/// Schema of [`Policy::on_timeout`]: a table whose keys are item kinds and whose values are defaults.
pub(crate) fn on_timeout_map(generator: &mut SchemaGenerator) -> Schema {
    let keys = generator.subschema_for::<ItemKind>();
    let values = generator.subschema_for::<OnTimeout>();
    json_schema!({
        "type": "object",
        "propertyNames": keys,
        "additionalProperties": values,
    })
}

/// Schema stand-in for `chrono::NaiveDate`: `"YYYY-MM-DD"`.
pub(crate) enum IsoDate {}

impl JsonSchema for IsoDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date, YYYY-MM-DD.",
        })
    }
}

/// Schema stand-in for `chrono::DateTime<Utc>`: RFC 3339 with an offset.
pub(crate) enum Instant {}

impl JsonSchema for Instant {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
            "description": "An instant, RFC 3339 with an offset, e.g. 2026-10-09T09:00:00+08:00.",
        })
    }
}

/// Schema stand-in for `rust_decimal::Decimal`, which the library reads and writes as a string. Not
/// inlined: every decimal is a `{"$ref": "#/$defs/Decimal"}`, so readers of the schemas (scripts/generate,
/// the bindings' converters) know a decimal by its definition rather than by its pattern.
pub(crate) enum DecimalString {}

impl JsonSchema for DecimalString {
    fn inline_schema() -> bool {
        false
    }

    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
            "description": "A decimal number as a string, e.g. \"50.00\".",
        })
    }
}

/// Schema stand-in for a `chrono::Weekday` in a calendar document: `"mon"` .. `"sun"`.
pub(crate) enum WeekdayName {}

impl JsonSchema for WeekdayName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Weekday".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        })
    }
}

impl JsonSchema for TimeOfDay {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "TimeOfDay".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": r"^(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?)$",
            "description": "A time of day in local time, HH:MM or HH:MM:SS; 24:00 is the end of the day.",
        })
    }
}

impl JsonSchema for UtcOffset {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "UtcOffset".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": r"^[+-][0-9]{2}:?[0-9]{2}$",
            "description": "A fixed offset from UTC, e.g. +08:00.",
        })
    }
}
