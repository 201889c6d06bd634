//! Organisation and catalog documents from untrusted text. Input: an organisation document (JSON),
//! optionally a NUL byte and a catalog document (JSON or TOML), optionally a NUL byte and bytes that
//! choose instants. Parsing never panics; an organisation that parses reads back from its JSON and
//! answers the A/B acting holder of every post by the rule; the county catalog and the second document
//! are checked against it, round trip, and render their service guides.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoneng::Document;
use xiaoneng::Org;
use xiaoneng_fuzz::engine::exercise_org;
use xiaoneng_fuzz::{split, Ops};

fuzz_target!(|data: &[u8]| {
    let (doc, rest) = split(data);
    let (second, ops) = split(rest);
    let Ok(text) = std::str::from_utf8(doc) else { return };
    let second = std::str::from_utf8(second).ok().filter(|s| !s.is_empty());
    if let Ok(org) = Org::from_json(text) {
        exercise_org(&org, second, &mut Ops::new(doc, ops));
    }
});
