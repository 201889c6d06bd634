//! Policy documents (JSON and TOML) from untrusted text: parsing never panics; a policy that parses reads
//! back from its own JSON, and an engine built from it with the county organisation and catalog (when
//! the policy's calendar builds) runs a day of commands and advances with the engine's invariants: a
//! rejected command changes nothing, sequence numbers increase by one, snapshot and replay give the
//! live engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoneng::Document;
use xiaoneng::Policy;
use xiaoneng_fuzz::engine::exercise_policy;
use xiaoneng_fuzz::{split, Ops};

fuzz_target!(|data: &[u8]| {
    let (doc, ops) = split(data);
    let Ok(text) = std::str::from_utf8(doc) else { return };
    for policy in [Policy::from_json(text), Policy::from_toml(text)].into_iter().flatten() {
        let json = policy.to_json();
        let back =
            Policy::from_json(&json).unwrap_or_else(|e| panic!("to_json output does not read back: {e}\n{json}"));
        assert_eq!(back, policy, "round trip changed the policy");
        assert_eq!(back.to_json(), json, "round trip changed the document");
        exercise_policy(&policy, &mut Ops::new(doc, ops));
    }
});
