//! Feedback sampling (回访抽查): a seeded sample of closed complaints at a policy rate.

use serde::{Deserialize, Serialize};

use super::Stream;
use crate::error::{invalid, Result};

/// A sampling request in its JSON form (`{"ids": [...], "rate_per_mille": 50}`), as C and Python pass
/// it; the seed is given apart. Unknown fields are refused.
///
/// ```
/// use xiaoneng::draw::SampleRequest;
///
/// let r = SampleRequest::from_json(r#"{"ids": ["T1", "T2", "T3"], "rate_per_mille": 500}"#).unwrap();
/// assert_eq!(r.draw(42).unwrap().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleRequest {
    /// The ids to sample from (closed complaints, say); each at most once, in any order.
    pub ids: Vec<String>,
    /// The rate in per mille, 0 ..= 1000 (50 = 5 %).
    pub rate_per_mille: u32,
}

impl SampleRequest {
    /// Reads a request from JSON.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field of a malformed request or an unknown field.
    ///
    /// ```
    /// use xiaoneng::draw::SampleRequest;
    ///
    /// let e = SampleRequest::from_json(r#"{"ids": [], "rate": 5}"#).unwrap_err();
    /// assert_eq!(e.field(), Some("rate"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        crate::codec::from_json(text)
    }

    /// The sample of this request with `seed` ([`sample`]).
    ///
    /// # Errors
    ///
    /// As [`sample`].
    ///
    /// ```
    /// use xiaoneng::draw::SampleRequest;
    ///
    /// let r = SampleRequest { ids: vec!["T1".into(), "T2".into()], rate_per_mille: 1 };
    /// assert_eq!(r.draw(7).unwrap().len(), 1);
    /// ```
    pub fn draw(&self, seed: u64) -> Result<Vec<String>> {
        let ids: Vec<&str> = self.ids.iter().map(String::as_str).collect();
        sample(seed, &ids, self.rate_per_mille)
    }
}

/// A seeded sample of `ids` without replacement, at `rate_per_mille` (0 ..= 1000).
///
/// The sample has `ceil(rate_per_mille × n / 1000)` ids for `n` ids (so at least one when there are ids
/// and the rate is not 0). The ids are sorted by their UTF-8 bytes first, so the same set and seed give
/// the same sample whatever the order they are given in; then the first `k` places of the sorted list
/// are shuffled (a partial Fisher-Yates shuffle on the `"sample"` stream of the seed, module docs). The
/// sample is returned sorted.
///
/// # Errors
///
/// [`crate::Error::Invalid`]: `rate_per_mille` above 1000; `ids[k]` for an id given twice (k its
/// position as given) or an empty one.
///
/// ```
/// use xiaoneng::draw::sample;
///
/// let closed = ["T-07", "T-01", "T-03", "T-05", "T-02", "T-04", "T-06", "T-08", "T-09", "T-10"];
/// let picked = sample(20261001, &closed, 250).unwrap();
/// assert_eq!(picked.len(), 3); // ceil(25 % of 10)
/// let mut reversed = closed;
/// reversed.reverse();
/// assert_eq!(sample(20261001, &reversed, 250).unwrap(), picked);
/// ```
pub fn sample(seed: u64, ids: &[&str], rate_per_mille: u32) -> Result<Vec<String>> {
    if rate_per_mille > 1000 {
        return Err(invalid(
            "rate_per_mille",
            rate_per_mille,
            "must be 0 ..= 1000 (per mille)",
        ));
    }
    let mut sorted: Vec<(&str, usize)> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    sorted.sort_unstable();
    for w in sorted.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(invalid(format!("ids[{}]", w[1].1), w[1].0, "given twice"));
        }
    }
    if let Some((id, i)) = sorted.first().filter(|(id, _)| id.is_empty()) {
        return Err(invalid(format!("ids[{i}]"), id, "must not be empty"));
    }
    let n = sorted.len() as u64;
    let k = (n * u64::from(rate_per_mille)).div_ceil(1000) as usize;
    let mut pool: Vec<&str> = sorted.into_iter().map(|(id, _)| id).collect();
    Stream::new("sample", seed).partial_shuffle(&mut pool, k);
    let mut picked: Vec<String> = pool[..k].iter().map(|id| id.to_string()).collect();
    picked.sort_unstable();
    Ok(picked)
}
