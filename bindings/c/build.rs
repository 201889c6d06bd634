//! Writes the pkg-config file `xiaoneng.pc` beside the libraries this build produces
//! (`target/<profile>/`, or `target/<triple>/<profile>/` when cross-compiling), so that
//! `cargo build --release -p xiaoneng-c` alone is enough to compile a C program against the library:
//!
//! ```sh
//! cc app.c $(PKG_CONFIG_PATH=target/release pkg-config --cflags --libs xiaoneng)
//! ```
//!
//! The headers stay where they are in the repository (`include/`); the file is for this checkout, not
//! for installing.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // OUT_DIR is <profile dir>/build/<package>-<hash>/out; the libraries land in <profile dir>.
    let Some(lib_dir) = out_dir.ancestors().nth(3) else {
        println!(
            "cargo:warning=xiaoneng.pc not written: unexpected OUT_DIR {}",
            out_dir.display()
        );
        return;
    };
    let include_dir = manifest_dir.join("../../include");
    let include_dir = include_dir.canonicalize().unwrap_or(include_dir);
    let text = pc_file(
        lib_dir,
        &include_dir,
        &env::var("CARGO_PKG_VERSION").unwrap_or_default(),
    );
    let path = lib_dir.join("xiaoneng.pc");
    // Rewrite only when it changes, so that the file's time stays that of the build that wrote it.
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        if let Err(e) = fs::write(&path, text) {
            println!("cargo:warning=xiaoneng.pc not written to {}: {e}", path.display());
        }
    }
}

fn pc_file(lib_dir: &Path, include_dir: &Path, version: &str) -> String {
    format!(
        "# pkg-config file of the xiaoneng C ABI, written by the build of bindings/c for this checkout.\n\
         prefix={}\n\
         libdir=${{prefix}}\n\
         includedir={}\n\
         \n\
         Name: xiaoneng\n\
         Description: Working-day calendars, time-limit clocks and cases of administrative efficiency work (C ABI)\n\
         Version: {version}\n\
         Cflags: -I${{includedir}}\n\
         Libs: -L${{libdir}} -Wl,-rpath,${{libdir}} -lxiaoneng\n\
         Libs.private: -lpthread -ldl -lm\n",
        lib_dir.display(),
        include_dir.display(),
    )
}
