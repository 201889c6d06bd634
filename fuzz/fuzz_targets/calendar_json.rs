//! Calendar documents (JSON) from untrusted bytes: parsing never panics, and a calendar that parses
//! answers every day- and hour-level question consistently, in and out of its range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoneng::Calendar;
use xiaoneng::Document;
use xiaoneng_fuzz::{exercise_calendar, split, Ops};

fuzz_target!(|data: &[u8]| {
    let (doc, ops) = split(data);
    let Ok(text) = std::str::from_utf8(doc) else { return };
    if let Ok(cal) = Calendar::from_json(text) {
        exercise_calendar(&cal, &mut Ops::new(doc, ops));
    }
});
