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
