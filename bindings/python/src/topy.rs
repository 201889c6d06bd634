//! Typed core values → Python objects, directly (a `serde::Serializer` whose output is a Python object):
//! no JSON text and no second walk over the result.
//!
//! The shapes are those of the JSON forms (structs and maps as dicts with keys in declaration order,
//! sequences as lists, enums by their wire names), with three kinds of value converted by key, as the
//! documents of the engine and the clock show them to Python ([`Shape`]):
//! - instants (`at`, `deadline`, `effective`, ...) as aware `datetime.datetime`, shown at the calendar's
//!   offset for engine documents, at their own offset for a clock status;
//! - dates (`deadline_date`, `date`, ...) as `datetime.date`;
//! - `share_used` as `decimal.Decimal`.
//!
//! A [`Converter`] keeps what repeats between values: the key strings (interned once), the `type` and
//! enum names, and the datetimes already built (many events of one `advance` share an instant).

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::fields;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDateTime, PyDict, PyList, PyString, PyTzInfo};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};

use crate::convert::decimal_class;

/// How string values are converted by key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// None: the JSON form's plain values (strings stay strings).
    Plain,
    /// A clock status: instants at the offset they carry, dates, `share_used` as `Decimal`.
    Status,
    /// An engine document (events, case views): as [`Shape::Status`] with the engine's instant keys too,
    /// every instant shown at the calendar's offset.
    Engine(FixedOffset),
}

/// What a key says about its string value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyClass {
    Other,
    /// An enum-like name (`type`): interned.
    Name,
    Instant,
    Date,
    Decimal,
}

/// Entries of the datetime and name caches before they are emptied (a bound on memory for long batches).
const CACHE_LIMIT: usize = 4096;
/// Longest string value (in bytes) shared through the string cache.
const SHORT: usize = 48;
/// Entries of the string cache before it is emptied.
const STRINGS_LIMIT: usize = 16_384;

/// Python's cyclic garbage collector, paused while a converter builds objects: the dicts and lists
/// built hold no cycles, and thousands of new containers would otherwise trigger collections that walk
/// every container of the process (a quarter of the time of a large batch). Re-enabled (if it was
/// enabled) when the converter is dropped; no Python code runs meanwhile, and the GIL is held throughout.
struct GcPause<'py> {
    py: Python<'py>,
    paused: bool,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> Self {
        let paused =
            gc_call(py, "isenabled").and_then(|on| on.is_truthy()).unwrap_or(false) && gc_call(py, "disable").is_ok();
        GcPause { py, paused }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if self.paused {
            let _ = gc_call(self.py, "enable");
        }
    }
}

/// `gc.<name>()`.
fn gc_call<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    static GC: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    GC.get_or_try_init(py, || Ok::<_, PyErr>(py.import("gc")?.unbind()))?
        .bind(py)
        .call_method0(name)
}

/// A hasher for the converter's small caches (FNV-1a): the keys are short (field names, enum names,
/// instants as text), and a cache holds at most [`CACHE_LIMIT`] of them, so a fast hash fits better than
/// SipHash's resistance to chosen keys.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The keys of an event's envelope, interned.
struct Envelope {
    seq: Py<PyString>,
    at: Py<PyString>,
    case: Py<PyString>,
    actor: Py<PyString>,
    provisional: Py<PyString>,
}

/// Converts typed values to Python objects (see the module documentation). One per call (or batch).
pub struct Converter<'py> {
    py: Python<'py>,
    _gc: GcPause<'py>,
    shape: Shape,
    /// Interned strings: keys (with the class of their values) and names (`type`, enum variants).
    names: FastMap<Box<str>, (Py<PyString>, KeyClass)>,
    /// Scratch buffer for map keys.
    key_buf: String,
    /// The event envelope's keys, once an event was converted.
    envelope: Option<Envelope>,
    /// Datetimes and dates already built, by their text.
    instants: FastMap<Box<str>, Py<PyAny>>,
    /// Short strings already built (actor ids, item codes, material names, case numbers): events repeat
    /// them, and a shared `str` costs a lookup instead of an allocation and a UTF-8 decoding.
    strings: FastMap<Box<str>, Py<PyString>>,
    /// Datetimes already built from typed instants, by value (seconds, nanoseconds).
    by_value: FastMap<(i64, u32), Py<PyAny>>,
    /// `datetime.timezone` objects by offset (seconds east).
    zones: FastMap<i32, Py<PyTzInfo>>,
    /// Scratch buffer for `collect_str`.
    buf: String,
}

impl<'py> Converter<'py> {
    /// A converter of the given shape.
    pub fn new(py: Python<'py>, shape: Shape) -> Self {
        Converter {
            py,
            _gc: GcPause::new(py),
            shape,
            names: FastMap::default(),
            instants: FastMap::default(),
            by_value: FastMap::default(),
            strings: FastMap::default(),
            zones: FastMap::default(),
            buf: String::new(),
            key_buf: String::new(),
            envelope: None,
        }
    }

    /// A typed value as a Python object.
    pub fn convert<T: Serialize + ?Sized>(&mut self, value: &T) -> PyResult<Bound<'py, PyAny>> {
        value
            .serialize(ValueSer {
                cv: self,
                key: KeyClass::Other,
            })
            .map_err(|e| e.0)
    }

    /// Engine events as a list of dicts: `seq`, `at`, `case`, `actor` (when there is one), `provisional`
    /// (when true), `type` and the event's fields, as the JSON form has them. The envelope is built directly (its instant from the
    /// typed value, cached by value); the event's own fields through serde.
    pub fn events(&mut self, events: &[xiaoneng::Event]) -> PyResult<Bound<'py, PyList>> {
        let items = events
            .iter()
            .map(|e| self.event(e).map(Bound::into_any))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(self.py, items)
    }

    /// One event as a dict (see [`Converter::events`]).
    pub fn event(&mut self, e: &xiaoneng::Event) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        // Taken out while the event is built (put back at the end; rebuilt after an error).
        let keys = match self.envelope.take() {
            Some(k) => k,
            None => Envelope {
                seq: self.key("seq").0.unbind(),
                at: self.key("at").0.unbind(),
                case: self.key("case").0.unbind(),
                actor: self.key("actor").0.unbind(),
                provisional: self.key("provisional").0.unbind(),
            },
        };
        let d = PyDict::new(py);
        d.set_item(keys.seq.bind(py), e.seq)?;
        let at = self.instant_of(e.at)?;
        d.set_item(keys.at.bind(py), at)?;
        // Case numbers are mostly distinct: not worth a cache entry.
        d.set_item(keys.case.bind(py), PyString::new(py, &e.case))?;
        if let Some(actor) = &e.actor {
            let actor = self.text(actor);
            d.set_item(keys.actor.bind(py), actor)?;
        }
        // As in JSON: present (true) only on events resting on a provisional day.
        if e.provisional {
            d.set_item(keys.provisional.bind(py), true)?;
        }
        self.envelope = Some(keys);
        e.kind
            .serialize(IntoDict {
                cv: self,
                dict: d.clone(),
            })
            .map_err(|e| e.0)?;
        Ok(d)
    }

    /// An instant as an aware datetime, at the calendar's offset for engine documents (else in UTC),
    /// cached by value.
    fn instant_of(&mut self, t: chrono::DateTime<chrono::Utc>) -> PyResult<Bound<'py, PyAny>> {
        let key = (t.timestamp(), t.timestamp_subsec_nanos());
        if let Some(obj) = self.by_value.get(&key) {
            return Ok(obj.bind(self.py).clone());
        }
        let offset = match self.shape {
            Shape::Engine(o) => o,
            _ => FixedOffset::east_opt(0).expect("UTC is an offset"),
        };
        let obj = self.datetime(t.with_timezone(&offset))?;
        if self.by_value.len() >= CACHE_LIMIT {
            self.by_value.clear();
        }
        self.by_value.insert(key, obj.clone().unbind());
        Ok(obj)
    }

    fn class_of(&self, key: &str) -> KeyClass {
        if key == "type" {
            return KeyClass::Name;
        }
        if self.shape == Shape::Plain {
            return KeyClass::Other;
        }
        // Which keys hold instants, dates and decimals is read from the schemas of events, views and
        // clock statuses (`fields.rs`, written by scripts/generate), not from key names kept here.
        if fields::INSTANT_FIELDS.contains(&key) {
            KeyClass::Instant
        } else if fields::DATE_FIELDS.contains(&key) {
            KeyClass::Date
        } else if fields::DECIMAL_FIELDS.contains(&key) {
            KeyClass::Decimal
        } else {
            KeyClass::Other
        }
    }

    /// An interned Python string for `s` (keys, names), and the class of the values under it as a key.
    fn key(&mut self, s: &str) -> (Bound<'py, PyString>, KeyClass) {
        if let Some((p, class)) = self.names.get(s) {
            return (p.bind(self.py).clone(), *class);
        }
        let class = self.class_of(s);
        if self.names.len() >= CACHE_LIMIT {
            // Keys from data (a map keyed by case numbers, say): not worth keeping.
            return (PyString::new(self.py, s), class);
        }
        let p = PyString::intern(self.py, s);
        self.names.insert(s.into(), (p.clone().unbind(), class));
        (p, class)
    }

    /// A Python `str` of a value: short ones shared through a bounded cache.
    fn text(&mut self, s: &str) -> Bound<'py, PyString> {
        if s.len() > SHORT {
            return PyString::new(self.py, s);
        }
        if let Some(p) = self.strings.get(s) {
            return p.bind(self.py).clone();
        }
        if self.strings.len() >= STRINGS_LIMIT {
            self.strings.clear();
        }
        let p = PyString::new(self.py, s);
        self.strings.insert(s.into(), p.clone().unbind());
        p
    }

    /// An interned Python string for `s` (a name).
    fn name(&mut self, s: &str) -> Bound<'py, PyString> {
        self.key(s).0
    }

    fn zone(&mut self, offset: FixedOffset) -> PyResult<Bound<'py, PyTzInfo>> {
        let secs = offset.local_minus_utc();
        if let Some(z) = self.zones.get(&secs) {
            return Ok(z.bind(self.py).clone());
        }
        let z = offset.into_pyobject(self.py)?.into_any().cast_into::<PyTzInfo>()?;
        self.zones.insert(secs, z.clone().unbind());
        Ok(z)
    }

    /// A string value under a key of class `class`: converted when it reads as the class says, else
    /// the string.
    fn string(&mut self, s: &str, class: KeyClass) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        match class {
            KeyClass::Other => return Ok(self.text(s).into_any()),
            KeyClass::Name => return Ok(self.name(s).into_any()),
            KeyClass::Decimal => return decimal_class(py)?.call1((s,)),
            KeyClass::Instant | KeyClass::Date => {}
        }
        if let Some(obj) = self.instants.get(s) {
            return Ok(obj.bind(py).clone());
        }
        let obj = if class == KeyClass::Instant {
            match DateTime::parse_from_rfc3339(s) {
                Ok(t) => {
                    let t = match self.shape {
                        Shape::Engine(o) => t.with_timezone(&o),
                        _ => t,
                    };
                    self.datetime(t)?
                }
                Err(_) => return Ok(PyString::new(py, s).into_any()),
            }
        } else {
            match s.parse::<NaiveDate>() {
                Ok(d) => crate::convert::py_naive_date(py, d)?,
                Err(_) => return Ok(PyString::new(py, s).into_any()),
            }
        };
        if self.instants.len() >= CACHE_LIMIT {
            self.instants.clear();
        }
        self.instants.insert(s.into(), obj.clone().unbind());
        Ok(obj)
    }

    /// An aware Python datetime (`datetime.timezone` of the offset).
    fn datetime(&mut self, t: DateTime<FixedOffset>) -> PyResult<Bound<'py, PyAny>> {
        if !(1..=9999).contains(&t.year()) {
            return Err(crate::errors::out_of_range(
                "instant",
                t,
                "not representable as a Python datetime (years 1-9999)",
            ));
        }
        let tz = self.zone(*t.offset())?;
        let n = t.naive_local();
        Ok(PyDateTime::new(
            self.py,
            n.year(),
            n.month() as u8,
            n.day() as u8,
            n.hour() as u8,
            n.minute() as u8,
            n.second() as u8,
            n.nanosecond().min(999_999_999) / 1000,
            Some(&tz),
        )?
        .into_any())
    }
}

/// The error of the serializer: a Python exception.
#[derive(Debug)]
pub struct SerError(PyErr);

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(crate::errors::internal(msg))
    }
}

impl From<PyErr> for SerError {
    fn from(e: PyErr) -> Self {
        SerError(e)
    }
}

type Res<'py> = Result<Bound<'py, PyAny>, SerError>;

/// Serializes one value; `key` is the class of the key it is stored under (for strings).
struct ValueSer<'c, 'py> {
    cv: &'c mut Converter<'py>,
    key: KeyClass,
}

fn int<'py, T: IntoPyObjectExt<'py>>(py: Python<'py>, v: T) -> Res<'py> {
    Ok(v.into_bound_py_any(py)?)
}

impl<'c, 'py> ser::Serializer for ValueSer<'c, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = SeqSer<'c, 'py>;
    type SerializeTuple = SeqSer<'c, 'py>;
    type SerializeTupleStruct = SeqSer<'c, 'py>;
    type SerializeTupleVariant = VariantSer<'py, SeqSer<'c, 'py>>;
    type SerializeMap = MapSer<'c, 'py>;
    type SerializeStruct = MapSer<'c, 'py>;
    type SerializeStructVariant = VariantSer<'py, MapSer<'c, 'py>>;

    fn serialize_bool(self, v: bool) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_i8(self, v: i8) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_i16(self, v: i16) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_i32(self, v: i32) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_i64(self, v: i64) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_i128(self, v: i128) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_u8(self, v: u8) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_u16(self, v: u16) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_u32(self, v: u32) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_u64(self, v: u64) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_u128(self, v: u128) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_f32(self, v: f32) -> Res<'py> {
        int(self.cv.py, f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Res<'py> {
        int(self.cv.py, v)
    }
    fn serialize_char(self, v: char) -> Res<'py> {
        let mut b = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut b))
    }
    fn serialize_str(self, v: &str) -> Res<'py> {
        Ok(self.cv.string(v, self.key)?)
    }
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Res<'py> {
        let mut buf = std::mem::take(&mut self.cv.buf);
        buf.clear();
        let _ = write!(buf, "{value}");
        let out = self.cv.string(&buf, self.key);
        self.cv.buf = buf;
        Ok(out?)
    }
    fn serialize_bytes(self, v: &[u8]) -> Res<'py> {
        Ok(PyList::new(self.cv.py, v)?.into_any())
    }
    fn serialize_none(self) -> Res<'py> {
        Ok(self.cv.py.None().into_bound(self.cv.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Res<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Res<'py> {
        Ok(self.cv.name(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Res<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Res<'py> {
        let py = self.cv.py;
        let d = PyDict::new(py);
        let k = self.cv.name(variant);
        let v = value.serialize(ValueSer {
            cv: self.cv,
            key: KeyClass::Other,
        })?;
        d.set_item(k, v)?;
        Ok(d.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSer<'c, 'py>, SerError> {
        Ok(SeqSer {
            cv: self.cv,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'c, 'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqSer<'c, 'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        let key = self.cv.name(variant);
        Ok(VariantSer {
            key,
            inner: SeqSer {
                cv: self.cv,
                items: Vec::with_capacity(len),
            },
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'c, 'py>, SerError> {
        let dict = PyDict::new(self.cv.py);
        Ok(MapSer {
            cv: self.cv,
            dict,
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSer<'c, 'py>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        let key = self.cv.name(variant);
        let dict = PyDict::new(self.cv.py);
        Ok(VariantSer {
            key,
            inner: MapSer {
                cv: self.cv,
                dict,
                key: None,
            },
        })
    }
}

/// Serializes a struct (an internally tagged enum's variant: the tag and the fields) into an existing
/// dict: the flattened `kind` of an event.
struct IntoDict<'c, 'py> {
    cv: &'c mut Converter<'py>,
    dict: Bound<'py, PyDict>,
}

fn not_a_struct() -> SerError {
    SerError(crate::errors::internal("an event kind serializes as a struct"))
}

impl<'c, 'py> ser::Serializer for IntoDict<'c, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = ser::Impossible<Bound<'py, PyAny>, SerError>;
    type SerializeTuple = ser::Impossible<Bound<'py, PyAny>, SerError>;
    type SerializeTupleStruct = ser::Impossible<Bound<'py, PyAny>, SerError>;
    type SerializeTupleVariant = ser::Impossible<Bound<'py, PyAny>, SerError>;
    type SerializeMap = MapSer<'c, 'py>;
    type SerializeStruct = MapSer<'c, 'py>;
    type SerializeStructVariant = ser::Impossible<Bound<'py, PyAny>, SerError>;

    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'c, 'py>, SerError> {
        Ok(MapSer {
            cv: self.cv,
            dict: self.dict,
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSer<'c, 'py>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_bool(self, _v: bool) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_i8(self, _v: i8) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_i16(self, _v: i16) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_i32(self, _v: i32) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_i64(self, _v: i64) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_u8(self, _v: u8) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_u16(self, _v: u16) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_u32(self, _v: u32) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_u64(self, _v: u64) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_f32(self, _v: f32) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_f64(self, _v: f64) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_char(self, _v: char) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_str(self, _v: &str) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_none(self) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, _variant: &'static str) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Res<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Res<'py> {
        Err(not_a_struct())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(not_a_struct())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(not_a_struct())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(not_a_struct())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(not_a_struct())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(not_a_struct())
    }
}

/// A sequence being built.
pub struct SeqSer<'c, 'py> {
    cv: &'c mut Converter<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> SeqSer<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let v = value.serialize(ValueSer {
            cv: self.cv,
            key: KeyClass::Other,
        })?;
        self.items.push(v);
        Ok(())
    }
    fn finish(self) -> Res<'py> {
        Ok(PyList::new(self.cv.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for SeqSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Res<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for SeqSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Res<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Res<'py> {
        self.finish()
    }
}

/// A dict being built (maps and structs).
pub struct MapSer<'c, 'py> {
    cv: &'c mut Converter<'py>,
    dict: Bound<'py, PyDict>,
    /// The key given by `serialize_key`, waiting for its value.
    key: Option<(Bound<'py, PyAny>, KeyClass)>,
}

impl<'py> MapSer<'_, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), SerError> {
        let class = self.cv.class_of(key);
        let k = self.cv.name(key);
        let v = value.serialize(ValueSer {
            cv: self.cv,
            key: class,
        })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
}

/// Reads a map key as a string into a buffer (keys of the JSON forms are strings, or numbers written as
/// strings).
struct KeySer<'b>(&'b mut String);

fn not_a_key() -> SerError {
    ser::Error::custom("a map key must be a string")
}

impl KeySer<'_> {
    fn put(self, v: impl std::fmt::Display) -> Result<(), SerError> {
        self.0.clear();
        let _ = write!(self.0, "{v}");
        Ok(())
    }
}

impl ser::Serializer for KeySer<'_> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = ser::Impossible<(), SerError>;
    type SerializeTuple = ser::Impossible<(), SerError>;
    type SerializeTupleStruct = ser::Impossible<(), SerError>;
    type SerializeTupleVariant = ser::Impossible<(), SerError>;
    type SerializeMap = ser::Impossible<(), SerError>;
    type SerializeStruct = ser::Impossible<(), SerError>;
    type SerializeStructVariant = ser::Impossible<(), SerError>;

    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        self.0.clear();
        self.0.push_str(v);
        Ok(())
    }
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result<(), SerError> {
        self.put(value)
    }
    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_char(self, v: char) -> Result<(), SerError> {
        self.put(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), SerError> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<(), SerError> {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerError> {
        Err(not_a_key())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), SerError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), SerError> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(not_a_key())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, SerError> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(not_a_key())
    }
}

impl MapSer<'_, '_> {
    /// The text of a map key, in the converter's key buffer (taken out; give it back after use).
    fn key_text<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<String, SerError> {
        let mut buf = std::mem::take(&mut self.cv.key_buf);
        key.serialize(KeySer(&mut buf))?;
        Ok(buf)
    }
}

impl<'py> ser::SerializeMap for MapSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        let text = self.key_text(key)?;
        let (k, class) = self.cv.key(&text);
        self.cv.key_buf = text;
        self.key = Some((k.into_any(), class));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let (k, class) = self
            .key
            .take()
            .ok_or_else(|| <SerError as ser::Error>::custom("a map value without a key"))?;
        let v = value.serialize(ValueSer {
            cv: self.cv,
            key: class,
        })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), SerError> {
        let text = self.key_text(key)?;
        let (k, class) = self.cv.key(&text);
        self.cv.key_buf = text;
        let v = value.serialize(ValueSer {
            cv: self.cv,
            key: class,
        })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
    fn end(self) -> Res<'py> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for MapSer<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), SerError> {
        self.field(key, value)
    }
    fn end(self) -> Res<'py> {
        Ok(self.dict.into_any())
    }
}

/// An externally tagged variant with content: `{variant: content}`.
pub struct VariantSer<'py, S> {
    key: Bound<'py, PyString>,
    inner: S,
}

impl<'c, 'py> VariantSer<'py, SeqSer<'c, 'py>> {
    fn wrap(self) -> Res<'py> {
        let py = self.inner.cv.py;
        let v = self.inner.finish()?;
        let d = PyDict::new(py);
        d.set_item(self.key, v)?;
        Ok(d.into_any())
    }
}

impl<'c, 'py> ser::SerializeTupleVariant for VariantSer<'py, SeqSer<'c, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.inner.push(value)
    }
    fn end(self) -> Res<'py> {
        self.wrap()
    }
}

impl<'c, 'py> ser::SerializeStructVariant for VariantSer<'py, MapSer<'c, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), SerError> {
        self.inner.field(key, value)
    }
    fn end(self) -> Res<'py> {
        let py = self.inner.cv.py;
        let d = PyDict::new(py);
        d.set_item(self.key, self.inner.dict)?;
        Ok(d.into_any())
    }
}

/// A typed value as plain Python values (the JSON form: dict, list, str, int, float, bool, None).
pub fn plain<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Converter::new(py, Shape::Plain).convert(value)
}
