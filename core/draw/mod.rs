//! Seeded, verifiable draws (随机抽取) for efficiency inspections (明查暗访) and feedback sampling
//! (回访抽查), and the coverage check of inspections carried out. Pure functions: the caller gives the
//! seed, nothing reads the system clock, the system's entropy or any global state.
//!
//! - [`sample`]: a seeded sample, without replacement, of a set of ids (closed complaints to call back)
//!   at a rate in per mille.
//! - [`inspection_plan`]: which units are inspected this period (by risk stratum, units inspected last
//!   period excluded) and by which inspectors (a team per unit, never from the unit itself nor excluded
//!   by it, the load balanced), with a SHA-256 commitment over the seed, the request and the plan;
//!   [`verify_plan`] re-derives the plan from the revealed seed and checks both.
//! - [`coverage`]: the units inspected fewer times than a policy minimum in a calendar month or quarter.
//!
//! # Randomness
//!
//! Every draw runs on one ChaCha20 stream (`rand_chacha::ChaCha20Rng`, whose output rand_chacha
//! documents as value-stable across versions and platforms). Its 32-byte key is
//! `SHA-256("xiaoneng/draw/v1/" + purpose + "/" + seed as 8 bytes big-endian)`, the purpose being
//! `sample` or `plan`; the stream starts at word 0. A number below `n` is drawn with Lemire's method,
//! without bias and without floating point. The same seed and input give the same result, to
//! the byte, on every platform and from Rust, C and Python (which call this module).
//!
//! The seed is a `u64` (0 ..= 18446744073709551615; a JSON integer). For a commitment to mean anything it
//! must be unpredictable and kept secret until it is revealed: the host draws it from a good source of
//! entropy (the core never does) and records the commitment before the period.
//!
//! Order of inputs never matters: ids are sorted (by their UTF-8 bytes) before anything is drawn.

mod coverage;
mod plan;
mod sample;

pub use coverage::{coverage, CoverageReport, CoverageRequest, Inspection, Period, PeriodKind, Shortfall};
pub use plan::{
    canonical_form, inspection_plan, verify_plan, Assignment, InspectionPlan, InspectionRequest, InspectorEntry,
    PlanCheck, UnitEntry,
};
pub use sample::{sample, SampleRequest};

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// The random stream of one draw: ChaCha20 keyed by `SHA-256("xiaoneng/draw/v1/<purpose>/" + seed_be)`.
pub(crate) struct Stream(ChaCha20Rng);

impl Stream {
    /// The stream of `purpose` (`"sample"`, `"plan"`) and `seed`.
    pub(crate) fn new(purpose: &str, seed: u64) -> Self {
        let mut h = Sha256::new();
        h.update(b"xiaoneng/draw/v1/");
        h.update(purpose.as_bytes());
        h.update(b"/");
        h.update(seed.to_be_bytes());
        Stream(ChaCha20Rng::from_seed(h.finalize().into()))
    }

    /// A uniform number in `0..n` (`n >= 1`), by [`below`].
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        below(&mut self.0, n)
    }

    /// Shuffles the first `k` places of `items` (a partial Fisher-Yates shuffle): place `i` takes the item
    /// at `i + below(len - i)`. With `k == len` the whole slice is shuffled.
    pub(crate) fn partial_shuffle<T>(&mut self, items: &mut [T], k: usize) {
        let len = items.len();
        for i in 0..k.min(len) {
            let j = i + self.below((len - i) as u64) as usize;
            items.swap(i, j);
        }
    }
}

/// A uniform integer in `0..n` (`n >= 1`) from 64-bit words, without bias: Lemire's multiply-and-reject
/// method ("Fast random integer generation in an interval", 2019). The 128-bit product `x * n` of a word
/// `x` is taken; when its low 64 bits are below `2^64 mod n` the word is rejected and a new one drawn;
/// the answer is the high 64 bits. Integer arithmetic only, so every platform draws the same.
pub(crate) fn below(rng: &mut impl RngCore, n: u64) -> u64 {
    debug_assert!(n > 0);
    let mut m = u128::from(rng.next_u64()) * u128::from(n);
    if (m as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = u128::from(rng.next_u64()) * u128::from(n);
        }
    }
    (m >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_is_fixed_by_the_seed() {
        let mut a = Stream::new("sample", 7);
        let mut b = Stream::new("sample", 7);
        for n in 1..200u64 {
            let x = a.below(n);
            assert!(x < n);
            assert_eq!(x, b.below(n));
        }
        assert_eq!(Stream::new("sample", 7).below(1), 0);
    }

    #[test]
    fn purposes_have_their_own_streams() {
        assert_ne!(
            Stream::new("sample", 1).0.next_u64(),
            Stream::new("plan", 1).0.next_u64()
        );
        assert_ne!(Stream::new("plan", 1).0.next_u64(), Stream::new("plan", 2).0.next_u64());
    }
}
