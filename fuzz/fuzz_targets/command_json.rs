//! Command sequences against the county engine (preset policy, fixture organisation and catalog, built
//! once; each input runs on a clone of the empty engine). The first byte selects the input's form:
//!
//! * `{`, `a`, space or newline: a script, one JSON command per line or `advance <RFC 3339 instant>`
//!   (the seeds are such scripts); after some commands the driver also advances to an instant derived
//!   from the input;
//! * any other byte: structured steps (see `xiaoneng_fuzz::steps`): bytes decoded into commands over the
//!   fixtures' case numbers, staff of every unit, applicants, unknown actors, items, units, materials and
//!   instants, each written as JSON and read with `Command::from_json`.
//!
//! Checks after every step: no panic; event sequence numbers increase by one and end at `Engine::seq`;
//! every event comes from an actor allowed to cause it, or from a timer (`xiaoneng_fuzz::actors`); a
//! rejected command leaves the engine equal to before; `advance(now)` fires nothing after `now` and leaves
//! no timer due. At the end: events read back from JSON; a snapshot restores the live engine;
//! `Engine::replay` of every event produced equals the live engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoneng_fuzz::engine::run_input;

fuzz_target!(|data: &[u8]| run_input(data));
