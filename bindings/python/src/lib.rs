//! Python bindings of xiaoneng: the private extension module `xiaoneng._native`.
//!
//! The pure-Python package `xiaoneng` re-exports [`calendar::PyCalendar`], [`clock::PyClock`] and the
//! data classes of [`model`] (`Policy`, `Org`, `Catalog`) under their Python names, and the exception
//! classes built in [`errors`]. The core (`xiaoneng`) knows nothing of Python; this crate only converts
//! values, maps errors and releases the GIL around batch computations and document parsing.
//!
//! Conventions:
//! - inputs are converted under the GIL, work on arrays, engine commands and the parsing of (possibly
//!   large) policy, org and catalog documents runs inside `py.detach(...)`;
//! - Python values are read by a serde `Deserializer` over Python objects ([`frompy`]; depth-limited,
//!   errors name the path) and typed results are built by a serde `Serializer` producing Python objects
//!   ([`topy`]): no JSON text in between;
//! - every argument is read by the binding, so that a value of the wrong kind is an `InvalidInputError`
//!   naming the argument, never a bare `TypeError`/`OverflowError`; every core error becomes the Python
//!   exception class of its [`xiaoneng::ErrorCode`], with the core's message and its parts as attributes
//!   (`code`, `field`, `value`, `reason`, `index`), messages bounded;
//! - no panic crosses into Python: inputs are validated before they reach code that could panic, and the
//!   few remaining core paths that assert are run under `catch_unwind` (see [`errors::guard`]).

use pyo3::prelude::*;

mod arrays;
mod calendar;
mod clock;
mod convert;
mod engine;
mod errors;
mod frompy;
mod model;
mod topy;

/// The extension module `xiaoneng._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<calendar::PyCalendar>()?;
    m.add_class::<clock::PyClock>()?;
    m.add_class::<model::PyPolicy>()?;
    m.add_class::<model::PyOrg>()?;
    m.add_class::<model::PyCatalog>()?;
    m.add_class::<engine::PyEngine>()?;
    errors::register(py, m)?;
    Ok(())
}
