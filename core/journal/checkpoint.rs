//! Checkpoints: the journal's size and head hash at a moment, for a host or a witness to keep elsewhere
//! (as Certificate Transparency's signed tree heads). A journal verified against one shows whether its
//! tail was cut (fewer records than the checkpoint vouches for) or its history forked (another hash at
//! that size).

use serde::{Deserialize, Serialize};

use super::format::FORMAT_VERSION;
use super::hash::{Digest, HashAlgorithm};
use crate::error::Result;

/// The journal's size (its last sequence number) and the hash of that record, with the algorithm.
/// JSON: `{"format":1,"algorithm":"sha256","size":42,"head":"<64 hex>"}`.
///
/// ```
/// use xiaoneng::journal::{Checkpoint, Digest, HashAlgorithm};
///
/// let c = Checkpoint::new(HashAlgorithm::Sha256, 42, Digest::ZERO);
/// let back = Checkpoint::from_json(&c.to_json()).unwrap();
/// assert_eq!(back, c);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// The journal format version.
    pub format: u32,
    /// The journal's hash algorithm.
    pub algorithm: HashAlgorithm,
    /// Records the journal held (its last sequence number).
    pub size: u64,
    /// The hash of record `size` (zeros when `size` is 0).
    pub head: Digest,
}

impl Checkpoint {
    /// A checkpoint of `size` records whose last hash is `head`.
    ///
    /// ```
    /// use xiaoneng::journal::{Checkpoint, Digest, HashAlgorithm};
    /// assert_eq!(Checkpoint::new(HashAlgorithm::Sm3, 0, Digest::ZERO).size, 0);
    /// ```
    pub fn new(algorithm: HashAlgorithm, size: u64, head: Digest) -> Self {
        Checkpoint {
            format: FORMAT_VERSION,
            algorithm,
            size,
            head,
        }
    }

    /// The checkpoint as JSON.
    ///
    /// ```
    /// use xiaoneng::journal::{Checkpoint, Digest, HashAlgorithm};
    /// assert!(Checkpoint::new(HashAlgorithm::Sha256, 1, Digest::ZERO).to_json().contains(r#""size":1"#));
    /// ```
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }

    /// A checkpoint from JSON.
    ///
    /// ```
    /// assert!(xiaoneng::journal::Checkpoint::from_json("{}").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for malformed JSON or unknown fields.
    pub fn from_json(text: &str) -> Result<Self> {
        crate::codec::from_json(text)
    }
}
