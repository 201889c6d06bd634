//! Python values → serde, directly (a `serde::Deserializer` over Python objects): commands, events and
//! documents given as dicts are read without writing JSON text first.
//!
//! The values read are those of a JSON document: dict (string keys), list or tuple, str, int, float,
//! bool and None, plus `datetime.datetime` (aware; read as RFC 3339 text), `datetime.date` (ISO text) and
//! `decimal.Decimal` (its text). Anything else, a non-string key, an integer beyond 64 bits, a non-finite
//! float or a value nested deeper than [`MAX_DEPTH`] (a self-referencing dict, say) is refused with an
//! error naming its path (`command.materials[2]`), never a crash. The path is built only on error, while
//! the error travels back up.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::convert::{instant_of, is_decimal, shown, type_name};
use crate::errors::Failure;

/// Deepest nesting read from Python, in levels of values: at most `MAX_DEPTH - 1` dicts and lists inside
/// one another (and a value inside the innermost), as serde_json's recursion limit reads JSON text, so that
/// what is read here is never refused by the JSON reader for its depth.
pub const MAX_DEPTH: usize = 128;

/// Longest key quoted in a path.
const MAX_KEY: usize = 40;

/// One step of a path, innermost first while the error travels up.
#[derive(Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
enum What {
    /// A value the binding refuses (no JSON form, too deep, a bad key): `InvalidInputError`.
    Input { value: String, reason: String },
    /// A serde data error (unknown or missing field, wrong type, unknown variant): `ParseError`.
    Data(String),
}

/// An error while reading a Python value, with the path where it happened.
#[derive(Debug)]
pub struct DeError {
    path: Vec<Seg>,
    what: What,
}

impl DeError {
    fn input(value: impl Into<String>, reason: impl Into<String>) -> Self {
        DeError {
            path: Vec::new(),
            what: What::Input {
                value: value.into(),
                reason: reason.into(),
            },
        }
    }

    fn key(mut self, key: &str) -> Self {
        let mut end = key.len().min(MAX_KEY);
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        let mut k = key[..end].to_string();
        if end < key.len() {
            k.push('…');
        }
        self.path.push(Seg::Key(k));
        self
    }

    fn index(mut self, i: usize) -> Self {
        self.path.push(Seg::Index(i));
        self
    }

    /// Whether the error is serde's (the value has a JSON form, but not the one the type wants).
    pub fn is_data(&self) -> bool {
        matches!(self.what, What::Data(_))
    }

    /// The path below `root` (e.g. `command` → `command.materials[2]`; `.` → `materials[2]`), bounded.
    pub fn path(&self, root: &str) -> String {
        let mut out = if root == "." { String::new() } else { root.to_string() };
        for seg in self.path.iter().rev() {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        bound_path(out)
    }

    /// The exception to raise, the path starting at `root`.
    pub fn failure(self, root: &str) -> Failure {
        let path = self.path(root);
        let e = match self.what {
            What::Input { value, reason } => xiaoneng::Error::Invalid(xiaoneng::FieldError::new(path, value, reason)),
            What::Data(message) => xiaoneng::Error::Parse {
                format: "JSON",
                path,
                message: crate::convert::bounded(message),
            },
        };
        Failure::of(&e)
    }
}

/// A path cut in the middle to about [`xiaoneng::MAX_QUOTED_VALUE`] bytes.
fn bound_path(path: String) -> String {
    crate::errors::cap(&path, xiaoneng::MAX_QUOTED_VALUE)
}

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.what {
            What::Input { value, reason } => write!(f, "invalid `{}` = {value}: {reason}", self.path(".")),
            What::Data(m) => write!(f, "at `{}`: {m}", self.path(".")),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DeError {
            path: Vec::new(),
            what: What::Data(msg.to_string()),
        }
    }
}

/// A Python error raised while reading (e.g. by a `tzinfo` or a `__str__`), as a refusal of the value.
fn py_error(obj: &Bound<'_, PyAny>, e: PyErr) -> DeError {
    DeError::input(
        shown(obj),
        format!("reading it raised {}", crate::convert::bounded(e.to_string())),
    )
}

/// Reads one Python value; `depth` is the number of containers around it.
pub struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
}

impl<'a, 'py> PyDe<'a, 'py> {
    /// A deserializer of `obj` (the top of a document or command).
    pub fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        PyDe { obj, depth: 0 }
    }

    fn enter(&self) -> Result<usize, DeError> {
        let depth = self.depth + 1;
        if depth >= MAX_DEPTH {
            return Err(DeError::input(
                format!("<{}>", type_name(self.obj)),
                format!("nested deeper than {MAX_DEPTH} levels (a dict or list that contains itself?)"),
            ));
        }
        Ok(depth)
    }
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        if let Ok(s) = obj.cast::<PyString>() {
            let s = s.to_str().map_err(|_| {
                DeError::input(
                    shown(obj),
                    "not valid text (a lone surrogate cannot be encoded as UTF-8)",
                )
            })?;
            return visitor.visit_str(s);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            let depth = self.enter()?;
            return visitor.visit_map(DictAccess::new(d, depth));
        }
        if let Ok(l) = obj.cast::<PyList>() {
            let depth = self.enter()?;
            return visitor.visit_seq(ListAccess {
                seq: Seq::List(l),
                next: 0,
                depth,
            });
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            let depth = self.enter()?;
            return visitor.visit_seq(ListAccess {
                seq: Seq::Tuple(t),
                next: 0,
                depth,
            });
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if obj.is_instance_of::<PyInt>() {
            if let Ok(i) = obj.extract::<i64>() {
                return visitor.visit_i64(i);
            }
            if let Ok(u) = obj.extract::<u64>() {
                return visitor.visit_u64(u);
            }
            return Err(DeError::input(shown(obj), "an integer beyond 64 bits"));
        }
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                return Err(DeError::input(shown(obj), "not a finite number"));
            }
            return visitor.visit_f64(v);
        }
        if obj.is_instance_of::<PyDateTime>() {
            let t = instant_of(obj).map_err(|(value, reason)| DeError::input(value, reason))?;
            return visitor.visit_string(t.to_rfc3339());
        }
        if let Ok(d) = obj.cast::<PyDate>() {
            use pyo3::types::PyDateAccess;
            return visitor.visit_string(format!("{:04}-{:02}-{:02}", d.get_year(), d.get_month(), d.get_day()));
        }
        if is_decimal(obj).map_err(|e| py_error(obj, e))? {
            let text = obj.str().map_err(|e| py_error(obj, e))?;
            let text = text.to_str().map_err(|e| py_error(obj, e))?;
            return visitor.visit_str(text);
        }
        Err(DeError::input(
            shown(obj),
            format!(
                "cannot use a {} in a document (use dict, list, str, int, float, bool, None, date, aware datetime, Decimal)",
                type_name(obj)
            ),
        ))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Ok(s) = self.obj.cast::<PyString>() {
            let s = s
                .to_str()
                .map_err(|_| DeError::input(shown(self.obj), "not valid text"))?;
            return visitor.visit_enum(s.into_deserializer());
        }
        if let Ok(d) = self.obj.cast::<PyDict>() {
            let depth = self.enter()?;
            return visitor.visit_enum(de::value::MapAccessDeserializer::new(DictAccess::new(d, depth)));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        seq tuple tuple_struct map struct identifier
    }
}

/// A key and its value.
type Item<'py> = (Bound<'py, PyAny>, Bound<'py, PyAny>);

struct DictAccess<'a, 'py> {
    dict: &'a Bound<'py, PyDict>,
    /// `PyDict_Next`'s position.
    pos: pyo3::ffi::Py_ssize_t,
    /// The size when reading began (a dict that changes while being read is refused).
    len: usize,
    value: Option<Bound<'py, PyAny>>,
    /// The key of `value` (its text is read again only for an error's path).
    key: Option<Bound<'py, PyAny>>,
    depth: usize,
}

impl<'a, 'py> DictAccess<'a, 'py> {
    fn new(dict: &'a Bound<'py, PyDict>, depth: usize) -> Self {
        DictAccess {
            dict,
            pos: 0,
            len: dict.len(),
            value: None,
            key: None,
            depth,
        }
    }

    /// The next item, or `None` at the end.
    fn next_item(&mut self) -> Result<Option<Item<'py>>, DeError> {
        if self.dict.len() != self.len {
            return Err(DeError::input(
                "<dict>",
                "the dict changed size while it was being read",
            ));
        }
        let py = self.dict.py();
        let mut key = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        // SAFETY: `self.dict` is a live dict (we hold a reference); `PyDict_Next` returns borrowed
        // references, which are made owned at once, under the GIL.
        let more = unsafe { pyo3::ffi::PyDict_Next(self.dict.as_ptr(), &mut self.pos, &mut key, &mut value) };
        if more == 0 {
            return Ok(None);
        }
        // SAFETY: as above; both pointers are non-null when `PyDict_Next` returns true.
        let (k, v) = unsafe { (Bound::from_borrowed_ptr(py, key), Bound::from_borrowed_ptr(py, value)) };
        Ok(Some((k, v)))
    }
}

impl<'de> MapAccess<'de> for DictAccess<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((k, v)) = self.next_item()? else {
            return Ok(None);
        };
        let key = k
            .cast::<PyString>()
            .map_err(|_| DeError::input(shown(&k), format!("keys must be strings, got {}", type_name(&k))))?;
        let key = key
            .to_str()
            .map_err(|_| DeError::input(shown(&k), "a key that is not valid text"))?;
        let out = seed
            .deserialize(de::value::StrDeserializer::<DeError>::new(key))
            .map(Some)
            .map_err(|e| e.key(key));
        self.value = Some(v);
        self.key = Some(k);
        out
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| <DeError as de::Error>::custom("a value without a key"))?;
        seed.deserialize(PyDe {
            obj: &value,
            depth: self.depth,
        })
        .map_err(|e| {
            let key = self.key.as_ref().and_then(|k| k.cast::<PyString>().ok()?.to_str().ok());
            e.key(key.unwrap_or("?"))
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len)
    }
}

enum Seq<'a, 'py> {
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
}

struct ListAccess<'a, 'py> {
    seq: Seq<'a, 'py>,
    next: usize,
    depth: usize,
}

impl<'de> SeqAccess<'de> for ListAccess<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        let i = self.next;
        // A list is read at each index (it may change while being read, e.g. by a tzinfo).
        let item = match &self.seq {
            Seq::List(l) if i < l.len() => l.get_item(i).ok(),
            Seq::Tuple(t) if i < t.len() => t.get_item(i).ok(),
            _ => None,
        };
        let Some(item) = item else {
            return Ok(None);
        };
        self.next += 1;
        seed.deserialize(PyDe {
            obj: &item,
            depth: self.depth,
        })
        .map(Some)
        .map_err(|e| e.index(i))
    }

    fn size_hint(&self) -> Option<usize> {
        let len = match &self.seq {
            Seq::List(l) => l.len(),
            Seq::Tuple(t) => t.len(),
        };
        Some(len.saturating_sub(self.next))
    }
}

/// A Python value as JSON (`serde_json::Value`), the path of an error starting at `root`.
pub fn to_value(obj: &Bound<'_, PyAny>, root: &str) -> PyResult<serde_json::Value> {
    to_value_failure(obj, root).map_err(PyErr::from)
}

/// [`to_value`], the error not raised yet.
pub fn to_value_failure(obj: &Bound<'_, PyAny>, root: &str) -> Result<serde_json::Value, Failure> {
    use serde::Deserialize;
    serde_json::Value::deserialize(PyDe::new(obj)).map_err(|e| e.failure(root))
}
