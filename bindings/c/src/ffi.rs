//! The FFI kernel every entry point is built on: the panic boundary (`boundary`), the argument
//! macros (`arg_ref!`, `arg_mut!`, `arg_str!`, `check_out!`, `put!`), UTF-8 checks, owned buffers
//! (`xn_buffer`, `xn_buffer_free`) and the handles (`new_handle`, `free_handle`).
//!
//! Every entry point runs behind the boundary ([`std::panic::catch_unwind`] -> `XN_ERR_PANIC`) and checks
//! its pointers (`XN_ERR_NULL`, naming the argument), so no panic and no null dereference ever reaches the
//! host.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::error::{set_last_error, xn_status, Failure};

use xn_status::*;

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// The panic boundary every fallible entry point runs behind: runs `f`, records the message of a
/// failure as this thread's last error, and turns a panic into `XN_ERR_PANIC`.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Failure>) -> xn_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => XN_OK,
        Ok(Err(e)) => {
            let status = e.status;
            set_last_error(e);
            status
        }
        Err(payload) => {
            let msg = panic_message(&*payload);
            // Dropping a payload can itself panic (in theory); keep that inside the boundary too.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            set_last_error(Failure::panic(&msg));
            XN_ERR_PANIC
        }
    }
}

/// A shared reference from a pointer argument, or `XN_ERR_NULL` naming the argument.
macro_rules! arg_ref {
    ($p:ident) => {
        // SAFETY: the caller passes NULL or a pointer to a live object of this type (header conventions).
        match unsafe { $p.as_ref() } {
            Some(r) => r,
            None => return Err(Failure::null(stringify!($p))),
        }
    };
}

/// An exclusive reference from a pointer argument, or `XN_ERR_NULL` naming the argument.
macro_rules! arg_mut {
    ($p:ident) => {
        // SAFETY: the caller passes NULL or a pointer to a live object not used concurrently (header).
        match unsafe { $p.as_mut() } {
            Some(r) => r,
            None => return Err(Failure::null(stringify!($p))),
        }
    };
}

/// Checks that out-pointers are not NULL (before any work, so a NULL changes nothing).
macro_rules! check_out {
    ($($p:ident),+) => {
        $(if $p.is_null() {
            return Err(Failure::null(stringify!($p)));
        })+
    };
}

/// Writes a result through an out-pointer already checked by `check_out!`.
macro_rules! put {
    ($p:ident, $v:expr) => {
        // SAFETY: checked non-NULL; the caller passes a pointer to writable, aligned memory (header).
        unsafe { $p.write($v) }
    };
}

/// Writes a new handle (`Box::into_raw`, freed by `free_handle`) through an out-pointer already checked
/// by `check_out!`.
pub(crate) fn new_handle<T>(out: *mut *mut T, handle: T) {
    put!(out, Box::into_raw(Box::new(handle)));
}

/// A UTF-8 string argument given as (pointer, length), or `XN_ERR_NULL` / `XN_ERR_UTF8` naming the
/// argument (the pointer's name, or `$name` when a helper takes it for several entry points).
macro_rules! arg_str {
    ($p:ident, $len:ident) => {
        arg_str!($p, $len, stringify!($p))
    };
    ($p:ident, $len:ident, $name:expr) => {{
        if $p.is_null() {
            return Err(Failure::null($name));
        }
        // SAFETY: non-NULL; the caller passes `$len` readable bytes (header conventions).
        let bytes = unsafe { std::slice::from_raw_parts($p.cast::<u8>(), $len) };
        $crate::ffi::utf8(bytes, $name)?
    }};
}

pub(crate) fn utf8<'a>(bytes: &'a [u8], arg: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| Failure::utf8(arg, e))
}

/// Compact JSON of a value the core has no `to_json` for (an `Acting`, a `ServiceItem`, events, views).
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(Failure::json)
}

/// Frees a handle made with `Box::into_raw`; NULL is fine. Behind the panic boundary like every entry.
///
/// # Safety
///
/// `handle` is NULL or a live handle of type `T` from this library, not used afterwards.
pub(crate) unsafe fn free_handle<T>(handle: *mut T) {
    let _ = boundary(|| {
        if !handle.is_null() {
            // SAFETY: guaranteed by the caller (a live Box::into_raw handle, freed once).
            drop(unsafe { Box::from_raw(handle) });
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------------
// Buffers
// ---------------------------------------------------------------------------------------------------

/// A byte buffer owned by the library, returned by the `*_json` functions.
///
/// `data` holds `len` bytes of UTF-8 text followed by a NUL byte (not counted in `len`), so it can be
/// used as a C string. Free it with `xn_buffer_free`. A zeroed buffer (`{NULL, 0}`) is empty and may be
/// freed too. Functions that fill a buffer overwrite it without freeing what it held.
#[repr(C)]
#[derive(Debug)]
pub struct xn_buffer {
    /// The text, NUL-terminated; NULL when empty.
    pub data: *mut c_char,
    /// Length in bytes, without the terminating NUL.
    pub len: usize,
}

pub(crate) fn fill_buffer(out: *mut xn_buffer, text: String) {
    let mut bytes = text.into_bytes();
    bytes.push(0);
    let boxed = bytes.into_boxed_slice();
    let len = boxed.len() - 1;
    let data = Box::into_raw(boxed).cast::<c_char>();
    put!(out, xn_buffer { data, len });
}

/// Frees a buffer's bytes and sets it back to `{NULL, 0}`. NULL, a zeroed buffer, and a buffer already
/// freed by this function are all fine (nothing happens).
///
/// # Safety
///
/// `buf` is NULL or points to an `xn_buffer` that is zeroed or was filled by this library.
#[no_mangle]
pub unsafe extern "C" fn xn_buffer_free(buf: *mut xn_buffer) {
    let _ = boundary(|| {
        // SAFETY: NULL or a valid buffer (see the function's safety contract).
        let Some(b) = (unsafe { buf.as_mut() }) else {
            return Ok(());
        };
        if !b.data.is_null() {
            let raw = ptr::slice_from_raw_parts_mut(b.data.cast::<u8>(), b.len + 1);
            // SAFETY: `data` and `len + 1` are exactly what `fill_buffer` leaked from a boxed slice.
            drop(unsafe { Box::from_raw(raw) });
        }
        *b = xn_buffer {
            data: ptr::null_mut(),
            len: 0,
        };
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::last_error_message as last_error;

    #[test]
    fn panics_are_caught_and_reported() {
        let st = boundary(|| panic!("boom"));
        assert_eq!(st, XN_ERR_PANIC);
        assert!(last_error().contains("boom"), "{}", last_error());
        let st = boundary(|| std::panic::panic_any(42u8));
        assert_eq!(st, XN_ERR_PANIC);
    }
}
