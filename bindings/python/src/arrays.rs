//! numpy plumbing: reading `datetime64[D]` and integer arrays as `i64` buffers, broadcasting, and
//! running a core batch kernel on them with the GIL released.
//!
//! `datetime64[D]` stores days since 1970-01-01 as `i64`, which is exactly the core's `DayNumber`, so
//! an array is read with `arr.view("int64")`: no per-element Python objects and no copy for a
//! C-contiguous `datetime64[D]` input.

use numpy::{Element, IxDyn, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{IntoPyDict, PyBool, PyFloat, PyInt, PyList, PyString, PyTuple};
use xiaoneng::{BatchError, Calendar, CalendarError, DayNumber, FieldError};

use crate::convert::{scalar_day, shown, type_name};
use crate::errors::{self, batch, invalid};

/// numpy's `NaT` as an `i64`.
pub const NAT: i64 = i64::MIN;

/// Days beyond this distance from 1970 are reported without asking chrono (far outside any calendar).
const SANE_DAYS: i64 = 10_000_000_000;

/// Elements processed per call of a batch kernel when one operand is a scalar.
const CHUNK: usize = 4096;

fn numpy_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static NP: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    NP.get_or_try_init(py, || Ok::<_, PyErr>(py.import("numpy")?.unbind()))
        .map(|m| m.bind(py))
}

/// One operand of a batch call: a scalar (broadcast) or a C-contiguous `int64` array.
pub enum Operand<'py> {
    /// A single value, used for every element.
    Scalar(i64),
    /// An array (a `datetime64[D]` array is viewed as `int64`).
    Array(Bound<'py, PyArrayDyn<i64>>),
}

fn is_plain_scalar(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyInt>()
        || obj.is_instance_of::<PyFloat>()
        || obj.is_instance_of::<PyBool>()
        || obj.is_none()
}

/// The dtype kind (`"M"`, `"i"`, `"f"`, ...) and name of an array-like with a numpy `dtype`, else `None`
/// (a list or tuple, which numpy reads).
fn dtype_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<(String, String)>> {
    let Ok(dtype) = obj.getattr("dtype") else {
        return Ok(None);
    };
    let Ok(kind) = dtype.getattr("kind").and_then(|k| k.extract::<String>()) else {
        return Ok(None);
    };
    Ok(Some((kind, dtype.str()?.to_str()?.to_string())))
}

/// Refuses unsigned values that do not fit `int64` (numpy's cast would wrap them to negative numbers),
/// naming the first one's index.
fn check_fits_i64(arr: &Bound<'_, PyAny>, name: &str) -> PyResult<()> {
    let itemsize: usize = arr.getattr("dtype")?.getattr("itemsize")?.extract()?;
    let size: usize = arr.getattr("size")?.extract()?;
    if itemsize < 8 || size == 0 {
        return Ok(());
    }
    let flat = arr.call_method0("ravel")?;
    let max: u64 = flat.call_method0("max")?.extract()?;
    if max <= i64::MAX as u64 {
        return Ok(());
    }
    let np = numpy_module(arr.py())?;
    let i64_max = np.getattr("iinfo")?.call1(("int64",))?.getattr("max")?;
    let big = flat.call_method1("__gt__", (i64_max,))?;
    let index: usize = big.call_method0("argmax")?.extract()?;
    let value = flat.get_item(index)?;
    let mut f = errors::Failure::of(&xiaoneng::Error::Invalid(FieldError::new(
        format!("{name}[{index}]"),
        crate::convert::shown(&value.call_method0("item")?),
        "does not fit in a signed 64-bit integer",
    )));
    f.index = Some(index);
    Err(f.into())
}

/// A date operand: a `datetime.date`, or anything numpy reads as `datetime64[D]` (an array of dates
/// or of day numbers since 1970-01-01, a list of dates or ISO strings, a pandas Series of datetimes).
/// An array of another dtype (float, complex, bool, object, strings, timedelta) is refused: numpy would
/// cast it to dates silently (or fail with its own error).
pub fn days<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Operand<'py>> {
    if let Some(day) = scalar_day(obj, name) {
        return Ok(Operand::Scalar(day?));
    }
    if is_plain_scalar(obj) {
        return Err(invalid(
            name,
            shown(obj),
            format!(
                "must be a datetime.date or an array of dates (datetime64[D]), got {}",
                type_name(obj)
            ),
        ));
    }
    let py = obj.py();
    let np = numpy_module(py)?;
    if let Some((kind, dtype)) = dtype_of(obj)? {
        if !matches!(kind.as_str(), "M" | "i" | "u") {
            return Err(invalid(
                name,
                format!("<array of {dtype}>"),
                format!(
                    "must hold dates (datetime64) or day numbers (integers), got dtype {dtype}; convert it first, \
                     e.g. with .astype(\"datetime64[D]\") or pandas.to_datetime"
                ),
            ));
        }
        if kind == "u" {
            check_fits_i64(&np.call_method1("asarray", (obj,))?, name)?;
        }
    }
    let kwargs = [("dtype", "datetime64[D]"), ("order", "C")].into_py_dict(py)?;
    let arr = np.call_method("asarray", (obj,), Some(&kwargs)).map_err(|e| {
        invalid(
            name,
            shown(obj),
            format!(
                "cannot be read as dates (datetime64[D]): {}",
                crate::convert::bounded(e.value(py).to_string())
            ),
        )
    })?;
    let view = arr.call_method1("view", ("int64",))?;
    Ok(Operand::Array(view.cast_into::<PyArrayDyn<i64>>()?))
}

/// An integer operand: a Python or numpy integer, or an integer array (or list of integers). Arrays of
/// another dtype (float, complex, bool, object, strings) and unsigned values beyond `int64` are refused.
pub fn ints<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Operand<'py>> {
    let py = obj.py();
    let bad = || {
        invalid(
            name,
            shown(obj),
            format!("must be an integer or an array of integers, got {}", type_name(obj)),
        )
    };
    if obj.is_instance_of::<PyBool>() {
        return Err(bad());
    }
    if obj.is_instance_of::<PyInt>() {
        return obj
            .extract::<i64>()
            .map(Operand::Scalar)
            .map_err(|_| invalid(name, shown(obj), "does not fit in a signed 64-bit integer"));
    }
    let is_array = obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>()
        || obj.hasattr("__array__")?
        || obj.hasattr("__array_interface__")?;
    if !is_array {
        // A numpy integer scalar (np.int64(5)), or anything else with `__index__`.
        if let Some((kind, _)) = dtype_of(obj)? {
            if !matches!(kind.as_str(), "i" | "u") {
                return Err(bad());
            }
        }
        return obj.extract::<i64>().map(Operand::Scalar).map_err(|_| bad());
    }
    let np = numpy_module(py)?;
    let arr = np.call_method1("asarray", (obj,)).map_err(|_| bad())?;
    let (kind, dtype) = dtype_of(&arr)?.unwrap_or_default();
    let size: usize = arr.getattr("size")?.extract()?;
    if size > 0 && kind != "i" && kind != "u" {
        return Err(invalid(
            name,
            format!("<array of {dtype}>"),
            format!("must hold integers, got dtype {dtype}"),
        ));
    }
    if kind == "u" {
        check_fits_i64(&arr, name)?;
    }
    let kwargs = [("dtype", "int64"), ("order", "C")].into_py_dict(py)?;
    let arr = np.call_method("asarray", (arr,), Some(&kwargs))?;
    Ok(Operand::Array(arr.cast_into::<PyArrayDyn<i64>>()?))
}

/// Which operands hold day numbers (checked for NaT and absurd values before the kernel runs).
#[derive(Clone, Copy)]
pub struct DayArgs {
    /// The first operand holds days.
    pub a: bool,
    /// The second operand holds days.
    pub b: bool,
    /// The arguments' names (for errors).
    pub names: (&'static str, &'static str),
}

/// Refuses NaT and absurd day numbers with an out-of-range error naming the element, before the core
/// sees them.
fn check_days(cal: &Calendar, days: &[i64], offset: usize) -> Result<(), BatchError> {
    match days.iter().position(|&d| !(-SANE_DAYS..=SANE_DAYS).contains(&d)) {
        None => Ok(()),
        Some(i) => {
            let d = days[i];
            let r = cal.range();
            Err(BatchError {
                index: offset + i,
                error: CalendarError::OutOfRange {
                    what: if d == NAT {
                        "NaT (not a time)".into()
                    } else {
                        format!("day number {d}")
                    },
                    first: r.start,
                    last: r.end,
                },
            })
        }
    }
}

fn shift(e: BatchError, offset: usize) -> BatchError {
    BatchError {
        index: e.index + offset,
        error: e.error,
    }
}

/// Runs `kernel(a, b, out)` over two broadcast operands, with the GIL released, and returns the output
/// array (of the broadcast shape). `kernel` is a core batch function (or one written like one).
pub fn run2<'py, T, F>(
    py: Python<'py>,
    cal: &Calendar,
    a: Operand<'py>,
    b: Operand<'py>,
    day_args: DayArgs,
    kernel: F,
) -> PyResult<Bound<'py, PyArrayDyn<T>>>
where
    T: Element + Copy + Default + Send,
    F: Fn(&[DayNumber], &[i64], &mut [T]) -> Result<(), BatchError> + Sync,
{
    let (a, b) = broadcast(py, a, b, day_args.names)?;
    let shape: Vec<usize> = match (&a, &b) {
        (Operand::Array(x), _) | (_, Operand::Array(x)) => x.shape().to_vec(),
        _ => Vec::new(),
    };
    let out = PyArrayDyn::<T>::zeros(py, IxDyn(&shape), false);
    {
        let mut out_rw = out.try_readwrite().map_err(errors::internal)?;
        let out_s = out_rw.as_slice_mut().map_err(errors::internal)?;
        let a_ro = readonly(&a)?;
        let b_ro = readonly(&b)?;
        let a_s = slice_of(&a, &a_ro)?;
        let b_s = slice_of(&b, &b_ro)?;
        let a_scalar = matches!(a, Operand::Scalar(_));
        let b_scalar = matches!(b, Operand::Scalar(_));
        let result = py.detach(|| -> Result<(), BatchError> {
            run_chunks(cal, a_s, a_scalar, b_s, b_scalar, day_args, out_s, &kernel)
        });
        result.map_err(batch)?;
    }
    Ok(out)
}

fn readonly<'py>(op: &Operand<'py>) -> PyResult<Option<PyReadonlyArrayDyn<'py, i64>>> {
    match op {
        Operand::Array(x) => x.try_readonly().map(Some).map_err(errors::internal),
        Operand::Scalar(_) => Ok(None),
    }
}

fn slice_of<'a>(op: &'a Operand<'_>, ro: &'a Option<PyReadonlyArrayDyn<'_, i64>>) -> PyResult<&'a [i64]> {
    match (op, ro) {
        (_, Some(r)) => r.as_slice().map_err(errors::internal),
        (Operand::Scalar(v), None) => Ok(std::slice::from_ref(v)),
        (Operand::Array(_), None) => Ok(&[]),
    }
}

#[allow(clippy::too_many_arguments)]
fn run_chunks<T: Copy + Default, F>(
    cal: &Calendar,
    a: &[i64],
    a_scalar: bool,
    b: &[i64],
    b_scalar: bool,
    day_args: DayArgs,
    out: &mut [T],
    kernel: &F,
) -> Result<(), BatchError>
where
    F: Fn(&[DayNumber], &[i64], &mut [T]) -> Result<(), BatchError>,
{
    if out.is_empty() {
        return Ok(());
    }
    match (a_scalar, b_scalar) {
        (false, false) => {
            if day_args.a {
                check_days(cal, a, 0)?;
            }
            if day_args.b {
                check_days(cal, b, 0)?;
            }
            kernel(a, b, out)
        }
        _ => {
            // One (or both) operands is a scalar: repeat it into a small buffer and go chunk by chunk.
            let (sa, sb) = (
                if a_scalar { vec![a[0]; CHUNK] } else { Vec::new() },
                if b_scalar { vec![b[0]; CHUNK] } else { Vec::new() },
            );
            for (k, o) in out.chunks_mut(CHUNK).enumerate() {
                let start = k * CHUNK;
                let n = o.len();
                let ca = if a_scalar { &sa[..n] } else { &a[start..start + n] };
                let cb = if b_scalar { &sb[..n] } else { &b[start..start + n] };
                if day_args.a {
                    check_days(cal, ca, start)?;
                }
                if day_args.b {
                    check_days(cal, cb, start)?;
                }
                kernel(ca, cb, o).map_err(|e| shift(e, start))?;
            }
            Ok(())
        }
    }
}

/// Broadcasts two operands to one shape (numpy rules). Scalars stay scalars.
fn broadcast<'py>(
    py: Python<'py>,
    a: Operand<'py>,
    b: Operand<'py>,
    names: (&str, &str),
) -> PyResult<(Operand<'py>, Operand<'py>)> {
    match (a, b) {
        (Operand::Array(x), Operand::Array(y)) if x.shape() != y.shape() => {
            let np = numpy_module(py)?;
            let both = np.call_method1("broadcast_arrays", (&x, &y)).map_err(|_| {
                invalid(
                    names.1,
                    format!("<array of shape {:?}>", y.shape()),
                    format!(
                        "cannot be broadcast together with `{}` of shape {:?}",
                        names.0,
                        x.shape()
                    ),
                )
            })?;
            let kwargs = [("dtype", "int64"), ("order", "C")].into_py_dict(py)?;
            let x = np.call_method("asarray", (both.get_item(0)?,), Some(&kwargs))?;
            let y = np.call_method("asarray", (both.get_item(1)?,), Some(&kwargs))?;
            Ok((
                Operand::Array(x.cast_into::<PyArrayDyn<i64>>()?),
                Operand::Array(y.cast_into::<PyArrayDyn<i64>>()?),
            ))
        }
        (a, b) => Ok((a, b)),
    }
}

/// An `int64` result array viewed as `datetime64[D]`; 0-d results become numpy scalars (as ufuncs do).
pub fn as_dates<'py>(out: Bound<'py, PyArrayDyn<i64>>) -> PyResult<Bound<'py, PyAny>> {
    let v = out.call_method1("view", ("datetime64[D]",))?;
    finish(v)
}

/// 0-d results become numpy scalars (as ufuncs do); other arrays are returned as they are.
pub fn finish(out: Bound<'_, PyAny>) -> PyResult<Bound<'_, PyAny>> {
    let ndim: usize = out.getattr("ndim")?.extract()?;
    if ndim == 0 {
        out.get_item(PyTuple::empty(out.py()))
    } else {
        Ok(out)
    }
}
