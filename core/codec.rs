//! Documents on the wire: JSON and TOML in, JSON out, with the field path of every error.
//!
//! [`Document`] is implemented by every document type the library reads (calendar, clock, policy,
//! organisation, catalog): `from_json`, `from_toml`, `to_json` and the `SCHEMA` version they carry.
//! Parsing is two-phase where the shape depends on a tag (commands): read the tag, then the body through
//! a path-tracking deserializer, so that every error names its exact field.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{self, Result};

/// A document the library reads and writes (JSON, TOML), versioned by a `schema` field.
///
/// ```
/// use xiaoneng::{Document, Policy};
///
/// let county = Policy::from_toml(include_str!("../presets/county.toml")).unwrap();
/// assert_eq!(Policy::SCHEMA, 1);
/// assert_eq!(Policy::from_json(&county.to_json()).unwrap(), county);
/// ```
pub trait Document: Sized {
    /// The schema version this library reads and writes.
    const SCHEMA: u32;

    /// Reads and validates the document from JSON.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field path for a malformed document, an unknown field or a
    /// mistyped value; [`crate::Error::Invalid`] (and the per-area kinds) for a well-formed but invalid one.
    fn from_json(text: &str) -> Result<Self>;

    /// Reads and validates the document from TOML (dates may be TOML dates or strings).
    ///
    /// # Errors
    ///
    /// As [`Document::from_json`].
    fn from_toml(text: &str) -> Result<Self>;

    /// The document as compact JSON, which [`Document::from_json`] reads back to an equal value.
    fn to_json(&self) -> String;
}

/// Reads a JSON document into `T`, naming the offending field path on error.
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| path_error("JSON", &e))?;
    de.end().map_err(|e| error::parse("JSON", ".", e))?;
    Ok(value)
}

/// Reads a TOML document into `T`, naming the offending field path on error. TOML's native dates and
/// times are read as their RFC 3339 text, so `start = 2026-10-01` and `start = "2026-10-01"` both work.
pub(crate) fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut value: toml::Value =
        toml::from_str(text).map_err(|e| error::parse("TOML", ".", e.to_string().trim_end()))?;
    stringify_datetimes(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| path_error("TOML", &e))
}

fn stringify_datetimes(v: &mut toml::Value) {
    match v {
        toml::Value::Datetime(d) => *v = toml::Value::String(d.to_string()),
        toml::Value::Array(items) => items.iter_mut().for_each(stringify_datetimes),
        toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| stringify_datetimes(v)),
        _ => {}
    }
}

fn path_error<E: std::fmt::Display>(format: &'static str, e: &serde_path_to_error::Error<E>) -> crate::Error {
    error::parse(format, e.path().to_string(), e.inner())
}

/// Writes `value` as compact JSON. The library's types always serialize (string keys, no failing
/// `Serialize` impls).
pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("library types serialize to JSON")
}

/// Reads a JSON value into `T`, naming the offending field path on error (the body of a tagged
/// document after its tag was read).
pub(crate) fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| path_error("JSON", &e))
}

/// Takes the `type` tag out of a tagged document's fields: `Ok((tag, the other fields))`, or `Err` of
/// what stood there instead of a string (`None` when nothing did).
fn take_tag(
    mut map: serde_json::Map<String, serde_json::Value>,
) -> std::result::Result<(String, serde_json::Value), Option<serde_json::Value>> {
    match map.remove("type") {
        Some(serde_json::Value::String(tag)) => Ok((tag, serde_json::Value::Object(map))),
        other => Err(other),
    }
}

/// The first phase of reading a tagged document: its fields as a map and its `type` tag, taken out.
/// Works from any serde format (JSON text, Python objects, ...).
pub(crate) fn split_tag<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<(String, serde_json::Value), D::Error> {
    use serde::de::Error as _;
    use serde::Deserialize as _;
    take_tag(serde_json::Map::deserialize(deserializer)?).map_err(|found| match found {
        Some(other) => D::Error::custom(format_args!("`type` must be a string, not {other}")),
        None => D::Error::missing_field("type"),
    })
}

/// The first phase of reading a tagged JSON document: its `type` tag and the other fields.
///
/// # Errors
///
/// [`crate::Error::Parse`] for malformed JSON, a document that is not an object (path `.`), or a missing
/// or non-string `type` (path `type`).
pub(crate) fn tagged_json(text: &str) -> Result<(String, serde_json::Value)> {
    take_tag(from_json(text)?).map_err(|found| match found {
        Some(other) => error::parse("JSON", "type", format_args!("`type` must be a string, not {other}")),
        None => error::parse("JSON", "type", "missing field `type`"),
    })
}

/// The schema of a body tagged `type: name`: the body's own schema, inlined, with the tag added.
pub(crate) fn tagged_schema<T: schemars::JsonSchema>(
    generator: &mut schemars::SchemaGenerator,
    name: &str,
) -> schemars::Schema {
    let mut schema = T::json_schema(generator);
    if let Some(obj) = schema.as_object_mut() {
        if let Some(serde_json::Value::Object(props)) = obj.get_mut("properties") {
            let mut with_tag = serde_json::Map::new();
            with_tag.insert("type".into(), serde_json::json!({"type": "string", "const": name}));
            with_tag.extend(std::mem::take(props));
            *props = with_tag;
        }
        let required = obj
            .entry("required")
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(list) = required {
            list.insert(0, "type".into());
        }
    }
    schema
}

/// A command body: one struct per command, read by the second phase of tagged parsing.
pub(crate) trait Body: Sized {
    /// The record kind's command enum it belongs to.
    type Family: From<Self>;
}

/// Declares a record kind's command enum over its body structs (one struct per command, each with
/// `case`, `at` and `actor`): the wire name of each command, [`Body`] for each body, `From` each body,
/// `NAMES`, `name()`, the common accessors, and the second phase of tagged parsing (`from_tagged`: the
/// body read through a path-tracking deserializer, so every error names its exact field).
macro_rules! command_family {
    (
        $(#[$meta:meta])*
        $vis:vis enum $t:ident {
            $( $(#[$vmeta:meta])* $v:ident = $name:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
        #[serde(tag = "type")]
        $vis enum $t {
            $( $(#[$vmeta])* #[serde(rename = $name)] $v($v), )+
        }

        impl $t {
            /// The wire names of these commands, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The command's wire name (its `type`).
            pub const fn name(&self) -> &'static str {
                match self {
                    $($t::$v(_) => $name,)+
                }
            }

            /// The record (case or inquiry number) the command concerns.
            pub fn case(&self) -> &str {
                match self {
                    $($t::$v(c) => &c.case,)+
                }
            }

            /// When it happened.
            pub fn at(&self) -> chrono::DateTime<chrono::Utc> {
                match self {
                    $($t::$v(c) => c.at,)+
                }
            }

            /// Who did it.
            pub fn actor(&self) -> &str {
                match self {
                    $($t::$v(c) => &c.actor,)+
                }
            }

            /// The record number and the actor, moved out (the command's own strings, handed to its events).
            pub(crate) fn into_ids(self) -> (String, String) {
                match self {
                    $($t::$v(c) => (c.case, c.actor),)+
                }
            }

            /// The JSON Schema of each command: its body's schema (the body struct's doc comment as its
            /// description) with the `type` tag added as a required constant.
            pub(crate) fn schemas(generator: &mut schemars::SchemaGenerator) -> Vec<schemars::Schema> {
                vec![$($crate::codec::tagged_schema::<$v>(generator, $name),)+]
            }

            /// The second phase of tagged parsing: the body of the command named `tag`, or `None` when
            /// no command of this family has that name.
            pub(crate) fn from_tagged(tag: &str, body: serde_json::Value) -> Option<$crate::Result<Self>> {
                match tag {
                    $($name => Some($crate::codec::from_value::<$v>(body).map($t::$v)),)+
                    _ => None,
                }
            }
        }

        $(
            impl From<$v> for $t {
                fn from(body: $v) -> Self {
                    $t::$v(body)
                }
            }

            impl $crate::codec::Body for $v {
                type Family = $t;
            }
        )+
    };
}
pub(crate) use command_family;

// JSON Schema stand-ins for types with a hand-written wire form (dates, instants, decimals, weekdays).

/// Schema stand-in for `chrono::NaiveDate`: `"YYYY-MM-DD"`.
pub(crate) enum IsoDate {}

impl schemars::JsonSchema for IsoDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date, YYYY-MM-DD.",
        })
    }
}

/// Schema stand-in for `chrono::DateTime<Utc>`: RFC 3339 with an offset.
pub(crate) enum Instant {}

impl schemars::JsonSchema for Instant {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
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

impl schemars::JsonSchema for DecimalString {
    fn inline_schema() -> bool {
        false
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
            "description": "A decimal number as a string, e.g. \"50.00\".",
        })
    }
}

/// Schema stand-in for a `chrono::Weekday` in a calendar document: `"mon"` .. `"sun"`.
pub(crate) enum WeekdayName {}

impl schemars::JsonSchema for WeekdayName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Weekday".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        })
    }
}

/// UTC instants written as chrono's serde writes them (RFC 3339 with `Z`, and 0, 3, 6 or 9 fractional
/// digits, as few as hold the instant exactly), digit by digit into a small buffer: chrono's own
/// serialization goes through `fmt` one character at a time, the largest part of writing an event
/// before this (the journal writes two or three instants per record). Used by the event types with
/// `#[serde(serialize_with = "crate::codec::utc::serialize")]`; the output is byte for byte chrono's
/// (a property test checks it).
pub(crate) mod utc {
    use chrono::{DateTime, Datelike, Timelike, Utc};
    use serde::{Serialize, Serializer};

    /// The longest text [`write`] produces: `YYYY-MM-DDTHH:MM:SS.fffffffffZ`.
    pub(crate) const MAX_LEN: usize = 30;

    /// Writes `t` into `out`, answering the length; `None` for what chrono writes differently (years
    /// outside 0000-9999, a leap second), which the callers leave to chrono.
    pub(crate) fn write(t: &DateTime<Utc>, out: &mut [u8; MAX_LEN]) -> Option<usize> {
        let date = t.date_naive();
        let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        let nanos = t.nanosecond();
        if nanos >= 1_000_000_000 {
            return None;
        }
        let secs = t.num_seconds_from_midnight();
        fn put(out: &mut [u8; MAX_LEN], at: usize, value: u32, digits: usize) {
            let mut v = value;
            for k in (0..digits).rev() {
                out[at + k] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
        put(out, 0, year, 4);
        put(out, 5, date.month(), 2);
        put(out, 8, date.day(), 2);
        put(out, 11, secs / 3600, 2);
        put(out, 14, secs / 60 % 60, 2);
        put(out, 17, secs % 60, 2);
        out[4] = b'-';
        out[7] = b'-';
        out[10] = b'T';
        out[13] = b':';
        out[16] = b':';
        let mut len = 19;
        let (value, digits) = if nanos == 0 {
            (0, 0)
        } else if nanos.is_multiple_of(1_000_000) {
            (nanos / 1_000_000, 3)
        } else if nanos.is_multiple_of(1_000) {
            (nanos / 1_000, 6)
        } else {
            (nanos, 9)
        };
        if digits > 0 {
            out[len] = b'.';
            put(out, len + 1, value, digits);
            len += 1 + digits;
        }
        out[len] = b'Z';
        Some(len + 1)
    }

    /// Serializes `t` as chrono does.
    pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; MAX_LEN];
        match write(t, &mut buf) {
            Some(n) => s.serialize_str(std::str::from_utf8(&buf[..n]).expect("ASCII digits")),
            None => t.serialize(s),
        }
    }

    /// [`serialize`] of an optional instant.
    pub(crate) fn serialize_option<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_some(&Fast(*t)),
            None => s.serialize_none(),
        }
    }

    struct Fast(DateTime<Utc>);

    impl Serialize for Fast {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(&self.0, s)
        }
    }

    #[cfg(test)]
    mod tests {
        use chrono::{DateTime, TimeZone, Utc};
        use proptest::prelude::*;

        fn chrono_json(t: &DateTime<Utc>) -> String {
            serde_json::to_string(t).unwrap()
        }

        fn fast_json(t: &DateTime<Utc>) -> String {
            let mut out = Vec::new();
            super::serialize(t, &mut serde_json::Serializer::new(&mut out)).unwrap();
            String::from_utf8(out).unwrap()
        }

        #[test]
        fn an_instant_is_written_as_chrono_writes_it() {
            for (secs, nanos) in [
                (0, 0),
                (1_790_000_000, 0),
                (1_790_000_000, 5_000_000),
                (-62_135_596_800, 1_000),
                (253_402_300_799, 999_999_999),
            ] {
                let t = Utc.timestamp_opt(secs, nanos).unwrap();
                assert_eq!(fast_json(&t), chrono_json(&t));
            }
        }

        proptest! {
            #[test]
            fn every_supported_instant_is_written_as_chrono_writes_it(
                secs in -62_167_219_200i64..253_402_300_800,
                nanos in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000), (0u32..1_000_000).prop_map(|u| u * 1_000), 0u32..1_000_000_000],
            ) {
                let t = Utc.timestamp_opt(secs, nanos).unwrap();
                prop_assert_eq!(fast_json(&t), chrono_json(&t));
            }

            #[test]
            fn an_optional_instant_is_written_as_chrono_writes_it(secs in -100_000_000_000i64..100_000_000_000, some: bool) {
                let t = some.then(|| Utc.timestamp_opt(secs, 0).unwrap());
                let mut out = Vec::new();
                super::serialize_option(&t, &mut serde_json::Serializer::new(&mut out)).unwrap();
                prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&t).unwrap());
            }
        }
    }
}
