//! Command sequences against the county engine (preset policy, fixture organisation and catalog, built
//! once). Input: one JSON command per line, or `advance <RFC 3339 instant>`; after some commands the
//! driver also advances to an instant derived from the input. Checks: no panic; a rejected command
//! leaves the engine equal to before; event sequence numbers increase by one; `advance(now)` fires
//! nothing after `now` and leaves no timer due; events read back from JSON; a snapshot restores the
//! live engine; `Engine::replay` of every event produced equals the live engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoneng_fuzz::engine::run_script;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    run_script(text);
});
