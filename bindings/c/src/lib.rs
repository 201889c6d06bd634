//! C ABI of xiaoneng (效能): working-day calendars, time-limit clocks, policies, organisations, catalogs and
//! the case-handling engine, for C and anything that calls C.
//!
//! The header `include/xiaoneng.h` is generated from these sources by cbindgen (`bindings/c/cbindgen.toml`)
//! and committed; `scripts/check-header` fails when it is stale. Its preamble states the conventions:
//! opaque handles, `xn_status` return codes, out-pointers written only on success, a thread-local last
//! error message, owned buffers, (pointer, length) UTF-8 strings, day numbers and Unix seconds.
//!
//! Every entry point runs behind a panic boundary ([`std::panic::catch_unwind`] -> `XN_ERR_PANIC`) and
//! checks its pointers (`XN_ERR_NULL`, naming the argument), so no panic and no null dereference ever
//! reaches the host.
//!
//! The modules are a small FFI kernel and one module per handle family:
//!
//! - [`ffi`]: the panic boundary, the argument macros, UTF-8 checks, owned buffers, handles;
//! - [`error`]: `xn_status`, failures and the thread-local last error;
//! - [`calendar`]: dates and day numbers, `xn_calendar`, batch calls;
//! - [`clock`]: `xn_clock` and its status;
//! - [`model`]: `xn_policy`, `xn_org`, `xn_catalog`;
//! - [`engine`]: `xn_engine`, commands, events, timers, persistence.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
// The exported names are C names (`xn_calendar`, `XN_OK`), on purpose.
#![allow(non_camel_case_types)]

use std::ffi::{c_char, CStr};

/// Version of this C ABI. It changes only when an existing function, type or value changes meaning or
/// layout; additions keep it. Compare with `xn_abi_version()` at run time to detect a mismatched library.
pub const XN_ABI_VERSION: u32 = 1;

/// The ABI version of the loaded library (`XN_ABI_VERSION` of the header it was built with).
#[no_mangle]
pub extern "C" fn xn_abi_version() -> u32 {
    XN_ABI_VERSION
}

/// The library's version, e.g. `"0.1.0"`: a static NUL-terminated string; never free it.
#[no_mangle]
pub extern "C" fn xn_version() -> *const c_char {
    static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };
    VERSION.as_ptr()
}

pub mod error;

#[macro_use]
pub mod ffi;

pub mod calendar;

pub mod clock;

pub mod model;

pub mod engine;

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    #[test]
    fn version_strings() {
        // SAFETY: static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(xn_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(xn_abi_version(), XN_ABI_VERSION);
    }
}
