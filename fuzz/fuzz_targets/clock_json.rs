//! Clock documents (JSON) from untrusted bytes: parsing never panics; a clock that parses reports a
//! consistent status against the national calendar, survives any sequence of commands (a rejected one
//! changes nothing) and reads back from its own JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoneng::Clock;
use xiaoneng::Document;
use xiaoneng_fuzz::{exercise_clock, split, Ops};

fuzz_target!(|data: &[u8]| {
    let (doc, ops) = split(data);
    let Ok(text) = std::str::from_utf8(doc) else { return };
    if let Ok(clock) = Clock::from_json(text) {
        exercise_clock(&clock, &mut Ops::new(doc, ops));
    }
});
