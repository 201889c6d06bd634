//! Texts as sets of shingles: normalisation, k-character shingles hashed to 32 bits, and the Jaccard
//! similarity of two sets as an exact ratio (docs/rules.md §9).

use std::cmp::Ordering;

/// Whether `c` is dropped by normalisation: whitespace and punctuation, ASCII and CJK.
///
/// The list is explicit (not a Unicode category lookup) so that it does not move with the Unicode
/// tables of a compiler version: ASCII punctuation; Latin-1 `¡ « · » ¿`; General Punctuation
/// U+2000-U+206F (`“ ” ‘ ’ — … ‧` and the typographic spaces); CJK Symbols and Punctuation
/// U+3000-U+303F (`、 。 《 》 【 】 「 」` and the ideographic space); vertical, compatibility and small
/// forms U+FE10-U+FE1F, U+FE30-U+FE6F; the half-width CJK punctuation U+FF5F-U+FF65. Full-width ASCII
/// (U+FF01-U+FF5E) is folded to ASCII before the test, so `，` `（` `？` `！` go as `,` `(` `?` `!` do.
fn dropped(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{a1}' | '\u{ab}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
            | '\u{2000}'..='\u{206f}'
            | '\u{3000}'..='\u{303f}'
            | '\u{fe10}'..='\u{fe1f}'
            | '\u{fe30}'..='\u{fe6f}'
            | '\u{ff5f}'..='\u{ff65}')
}

/// `c` with full-width ASCII (U+FF01-U+FF5E) folded to half-width and ASCII letters lowercased.
fn fold(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// A complaint's text as the comparison sees it: whitespace and punctuation (ASCII and CJK) dropped,
/// full-width ASCII folded to half-width, ASCII letters lowercased (docs/rules.md §9).
///
/// ```
/// use xiaoneng::normalize_complaint_text;
///
/// assert_eq!(normalize_complaint_text("窗口　人员，态度差！（ＡＢＣ）"), "窗口人员态度差abc");
/// assert_eq!(normalize_complaint_text("“拖延” 办理。"), "拖延办理");
/// ```
pub fn normalize_complaint_text(text: &str) -> String {
    text.chars().map(fold).filter(|c| !dropped(*c)).collect()
}

/// FNV-1a over the code points, 64 bits folded to 32. Fixed here (not a library hasher) so that the
/// same text gives the same shingles on every platform and in every version.
fn hash_chars(chars: &[char], tag: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(tag);
    for &c in chars {
        h ^= u64::from(c as u32);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // A final avalanche so that the low bits depend on every character.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h ^ (h >> 32)) as u32
}

/// The shingle set of an already normalised text: the hashes of its `k`-character windows, sorted and
/// without repeats. A text shorter than `k` characters is one token standing for the whole text (tagged
/// with its length, so it shares nothing with the shingles of a longer text): such texts compare
/// equal-only.
pub(crate) fn shingles_of_normalized(chars: &[char], k: usize, out: &mut Vec<u32>) {
    out.clear();
    if chars.len() < k {
        out.push(hash_chars(chars, 0x5348_0000 | chars.len() as u32));
    } else {
        out.extend(chars.windows(k).map(|w| hash_chars(w, 0)));
        out.sort_unstable();
        out.dedup();
    }
}

/// The shingle set of a raw text (normalised first).
pub(crate) fn shingles(text: &str, k: usize, out: &mut Vec<u32>) {
    let chars: Vec<char> = text.chars().map(fold).filter(|c| !dropped(*c)).collect();
    shingles_of_normalized(&chars, k, out);
}

/// The number of elements two sorted, repeat-free slices share.
pub(crate) fn shared(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0u32);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A Jaccard similarity as the exact ratio `shared / union` of two shingle sets, so that comparisons and
/// ties never depend on floating-point rounding. Ordered by value (`1/2 == 2/4`), then nothing else.
///
/// ```
/// use xiaoneng::Similarity;
///
/// let half = Similarity::new(1, 2);
/// assert_eq!(half, Similarity::new(3, 6));
/// assert!(Similarity::new(2, 3) > half);
/// assert_eq!(half.as_f64(), 0.5);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Similarity {
    shared: u32,
    union: u32,
}

impl Similarity {
    /// The ratio `shared / union`; a zero `union` (two empty sets) reads as 1, a `shared` above
    /// `union` as 1.
    ///
    /// ```
    /// assert_eq!(xiaoneng::Similarity::new(5, 10).as_f64(), 0.5);
    /// ```
    pub fn new(shared: u32, union: u32) -> Self {
        if union == 0 || shared >= union {
            Similarity { shared: 1, union: 1 }
        } else {
            Similarity { shared, union }
        }
    }

    /// The number of shingles the two texts share (the numerator).
    ///
    /// ```
    /// assert_eq!(xiaoneng::Similarity::new(3, 4).shared(), 3);
    /// ```
    pub fn shared(self) -> u32 {
        self.shared
    }

    /// The number of distinct shingles of the two texts together (the denominator).
    ///
    /// ```
    /// assert_eq!(xiaoneng::Similarity::new(3, 4).union(), 4);
    /// ```
    pub fn union(self) -> u32 {
        self.union
    }

    /// The ratio as a float (for display; comparisons use the exact ratio).
    ///
    /// ```
    /// assert_eq!(xiaoneng::Similarity::new(3, 4).as_f64(), 0.75);
    /// ```
    pub fn as_f64(self) -> f64 {
        f64::from(self.shared) / f64::from(self.union)
    }

    /// The similarity of two texts under shingles of `k` characters (`k` = 0 is read as 1): the Jaccard
    /// similarity of their shingle sets after normalisation ([`normalize_complaint_text`]). Texts shorter
    /// than `k` characters after normalisation are 1 when equal and 0 otherwise.
    ///
    /// ```
    /// use xiaoneng::Similarity;
    ///
    /// let s = Similarity::of("办事窗口态度恶劣", "办事窗口，态度恶劣！", 2);
    /// assert_eq!(s, Similarity::new(1, 1));
    /// assert_eq!(Similarity::of("好", "坏", 2).as_f64(), 0.0);
    /// ```
    pub fn of(a: &str, b: &str, k: usize) -> Similarity {
        let k = k.max(1);
        let (mut sa, mut sb) = (Vec::new(), Vec::new());
        shingles(a, k, &mut sa);
        shingles(b, k, &mut sb);
        Similarity::of_sets(&sa, &sb)
    }

    /// The Jaccard similarity of two sorted, repeat-free shingle sets.
    pub(crate) fn of_sets(a: &[u32], b: &[u32]) -> Similarity {
        let n = shared(a, b);
        Similarity::new(n, a.len() as u32 + b.len() as u32 - n)
    }

    /// The fewest shingles of a set of `len` that another set must share for the similarity to reach
    /// `self`: `ceil(len * shared / union)` (as `|A ∩ B| >= J * |A ∪ B| >= J * |A|`).
    pub(crate) fn min_shared(self, len: usize) -> usize {
        let num = (len as u64) * u64::from(self.shared);
        num.div_ceil(u64::from(self.union)) as usize
    }
}

impl PartialEq for Similarity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Similarity {}

impl PartialOrd for Similarity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Similarity {
    fn cmp(&self, other: &Self) -> Ordering {
        (u64::from(self.shared) * u64::from(other.union)).cmp(&(u64::from(other.shared) * u64::from(self.union)))
    }
}

impl std::fmt::Display for Similarity {
    /// `shared/union`, e.g. `13/20`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.shared, self.union)
    }
}
