//! The chain's hash functions: SHA-256 (the default) and SM3 (国密 GM/T 0004-2012, for deployments that
//! require it), both from RustCrypto, both with 32-byte digests written as 64 lowercase hex digits.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Digest as _;

use crate::error::{invalid, Result};

/// Which hash function a journal chains its records with. Fixed when the journal is created, named in
/// every segment's header; a journal never mixes two.
///
/// ```
/// use xiaoneng::journal::HashAlgorithm;
///
/// let h = HashAlgorithm::Sm3.digest(&[b"abc"]);
/// assert_eq!(h.to_string(), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
/// assert_eq!("sm3".parse::<HashAlgorithm>().unwrap(), HashAlgorithm::Sm3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HashAlgorithm {
    /// SHA-256 (FIPS 180-4), the default.
    #[default]
    Sha256,
    /// SM3 (GM/T 0004-2012, 国密).
    Sm3,
}

impl HashAlgorithm {
    /// The wire name: `"sha256"` or `"sm3"`.
    ///
    /// ```
    /// assert_eq!(xiaoneng::journal::HashAlgorithm::Sha256.as_str(), "sha256");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Sm3 => "sm3",
        }
    }

    /// The digest of the concatenation of `parts`.
    ///
    /// ```
    /// use xiaoneng::journal::HashAlgorithm;
    ///
    /// let h = HashAlgorithm::Sha256.digest(&[b"a", b"bc"]);
    /// assert_eq!(h.to_string(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /// ```
    pub fn digest(self, parts: &[&[u8]]) -> Digest {
        match self {
            HashAlgorithm::Sha256 => {
                let mut h = sha2::Sha256::new();
                for p in parts {
                    h.update(p);
                }
                Digest(h.finalize().into())
            }
            HashAlgorithm::Sm3 => {
                let mut h = sm3::Sm3::new();
                for p in parts {
                    h.update(p);
                }
                Digest(h.finalize().into())
            }
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for HashAlgorithm {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "sha256" => Ok(HashAlgorithm::Sha256),
            "sm3" => Ok(HashAlgorithm::Sm3),
            _ => Err(invalid("algorithm", s, "expected `sha256` or `sm3`")),
        }
    }
}

impl Serialize for HashAlgorithm {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HashAlgorithm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::unknown_variant(&s, &["sha256", "sm3"]))
    }
}

/// A 32-byte digest, written as 64 lowercase hex digits. The chain starts from [`Digest::ZERO`].
///
/// ```
/// use xiaoneng::journal::Digest;
///
/// let zero: Digest = "0".repeat(64).parse().unwrap();
/// assert_eq!(zero, Digest::ZERO);
/// assert!("xyz".parse::<Digest>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The `prev` of the first record: 32 zero bytes.
    pub const ZERO: Digest = Digest([0; 32]);

    /// The digest as 64 lowercase hex digits, into `out`.
    pub(crate) fn write_hex(&self, out: &mut Vec<u8>) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for b in self.0 {
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 15) as usize]);
        }
    }

    /// A digest from exactly 64 lowercase hex digits.
    pub(crate) fn from_hex(text: &[u8]) -> Option<Digest> {
        if text.len() != 64 {
            return None;
        }
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        let mut out = [0u8; 32];
        for (k, pair) in text.chunks(2).enumerate() {
            out[k] = nibble(pair[0])? << 4 | nibble(pair[1])?;
        }
        Some(Digest(out))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::with_capacity(64);
        self.write_hex(&mut out);
        f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl std::str::FromStr for Digest {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        Digest::from_hex(s.as_bytes()).ok_or_else(|| invalid("hash", s, "expected 64 lowercase hex digits"))
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        // Read from the text as it is (borrowed or not): no string is allocated per hash.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Digest;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("64 lowercase hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<Digest, E> {
                Digest::from_hex(s.as_bytes()).ok_or_else(|| E::custom("expected 64 lowercase hex digits"))
            }
        }
        d.deserialize_str(V)
    }
}
