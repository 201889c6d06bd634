//! Duplicate and repeated efficiency complaints (效能投诉, docs/rules.md §9): which earlier complaint a
//! new one repeats, by respondent unit, time window and text similarity.
//!
//! A complaint's text becomes a set of shingles (the hashes of its k-character windows after
//! normalisation, [`normalize_complaint_text`]); two complaints are the same matter when they name the
//! same unit, the later was received within the window after the earlier, and the Jaccard similarity of
//! their sets ([`Similarity`]) reaches the threshold. A repeat is linked to the original of its chain.
//!
//! How a lookup stays fast among a million complaints ([`DedupIndex`]): prefix filtering (the AllPairs
//! and PPJoin schemes), exact, so that the answers are those of comparing every complaint.
//!
//! - one index per respondent unit, so a lookup only ever sees the unit's complaints;
//! - one order of the unit's shingles, rarest first: by the number of the unit's complaints holding
//!   each at the last clean-up (0 for one first seen since), then by hash; fixed between clean-ups;
//! - prefixes: a set `B` with `J(A, B) >= t` shares at least `ceil(t * max(|A|, |B|))` shingles with
//!   `A`, so the first shared one in the order lies among the first `|A| - ceil(t * |A|) + 1` of `A`
//!   and among the first `|B| - ceil(t * |B|) + 1` of `B` (its prefix). Each complaint is posted only
//!   under the shingles of its prefix (about half of them, the rare ones: the unit's everyday words,
//!   `办理`, `窗口`, its own name, have short lists), with the position of each in its order;
//! - candidates are the complaints met in the lists of the query's prefix. The first time one is met is
//!   at the first shingle the two share, so they share at most 1 plus the fewer of the shingles after
//!   it in either set: a complaint of another size, or sharing only later shingles, is dropped there
//!   (this bound also does the size filter, `J <= min/max` of the sizes). The lists after the prefix
//!   count the candidates left, and each can share at most its count plus the fewer shingles after the
//!   last met, and no more than the lists not read plus its own suffix: a complaint sharing the
//!   unit's everyday words only is dropped on these counts, without reading its set;
//! - the few left are checked by window, by a 4,096-bit map of the query's shingles (the candidate's
//!   shingles whose bit is set bound the overlap) and by the exact similarity of the stored sets;
//! - at most [`DedupParams::max_candidates`] candidates are kept (those met first, the query's rarest
//!   shingles' lists first);
//! - old complaints are forgotten lazily: when a unit's slots have grown by a quarter since the last
//!   clean-up, the complaints older than the unit's latest minus the window and the late tolerance, and
//!   the withdrawn ones, leave the unit's slots; the clean-up ranks the shingles afresh, and lays each
//!   list out as one run of slots (5 bytes a posting with its position, read in order); the postings
//!   added until the next one are linked from the list's head (9 bytes each, at most a fifth of them);
//! - the start of every list, then every candidate's set, is touched before being read, so that their
//!   cache misses overlap.
//!
//! Results never depend on the hash maps' order: candidates are taken in slot order, ties broken by
//! instant and slot, and shingles hashed by a function fixed here.

mod text;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{invalid, not_allowed, not_found, Result};

pub use text::{normalize_complaint_text, Similarity};

/// The parameters of duplicate detection (a policy's values; docs/rules.md §9).
///
/// ```
/// use xiaoneng::{DedupParams, Similarity};
///
/// let p = DedupParams::default();
/// assert_eq!(p.window, chrono::TimeDelta::days(90));
/// assert_eq!((p.shingle, p.threshold), (2, Similarity::new(1, 2)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupParams {
    /// How long after a complaint a later one can repeat it (inclusive: a complaint received exactly
    /// `window` after another can still repeat it). Default 90 natural days.
    pub window: TimeDelta,
    /// Shingle length `k` in characters, 1 to 16. Default 2.
    pub shingle: usize,
    /// The least similarity of two texts of the same matter (inclusive), above 0 and at most 1.
    /// Default 1/2.
    pub threshold: Similarity,
    /// How much earlier than the unit's latest complaint a complaint may still be inserted or looked up
    /// (complaints arriving out of order); older ones are refused, since the index forgets complaints
    /// older than the unit's latest minus `window` and this tolerance. Default: the window.
    pub late_tolerance: TimeDelta,
    /// The most candidates a lookup keeps (at least 1): the complaints met in the lists of the query's
    /// rarest shingles that can still reach the threshold; beyond it, those met first are kept and the
    /// rest are not checked. Default 4,096 (above it a unit would have thousands of complaints sharing
    /// its text's rarest words within one window).
    pub max_candidates: usize,
}

impl Default for DedupParams {
    fn default() -> Self {
        DedupParams {
            window: TimeDelta::days(90),
            shingle: 2,
            threshold: Similarity::new(1, 2),
            late_tolerance: TimeDelta::days(90),
            max_candidates: 4096,
        }
    }
}

/// The earlier complaint a complaint repeats.
///
/// ```
/// use xiaoneng::{DedupIndex, DedupParams};
///
/// let mut index = DedupIndex::new(DedupParams::default()).unwrap();
/// let at = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
/// index.insert("T-1", "amr", at, "窗口工作人员态度恶劣，拖延办理营业执照").unwrap();
/// let m = index.insert("T-2", "amr", at, "窗口工作人员态度恶劣拖延办理营业执照！").unwrap().unwrap();
/// assert_eq!((m.original.as_str(), m.matched.as_str()), ("T-1", "T-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupMatch {
    /// The first complaint of the chain: the one the matched complaint repeats, or the matched
    /// complaint itself when it is an original.
    pub original: String,
    /// The complaint whose text was most similar (the earliest among equals).
    pub matched: String,
    /// The similarity of the two texts.
    pub similarity: Similarity,
}

/// One indexed complaint.
#[derive(Debug, Clone)]
struct Entry {
    id: Arc<str>,
    at: DateTime<Utc>,
    /// The original of its chain; `None` when it is an original.
    original: Option<Arc<str>>,
    /// Sorted shingle hashes; empty once withdrawn.
    shingles: Box<[u32]>,
    live: bool,
}

/// The complaints naming one respondent unit.
#[derive(Debug, Clone, Default)]
struct UnitIndex {
    /// In insertion order; a slot is a position here.
    entries: Vec<Entry>,
    /// The number of shingles of each slot's text, beside `entries` so that the size and position
    /// bounds of a lookup's many candidates read a few cache lines rather than an entry each.
    sizes: Vec<u32>,
    /// Shingle hash to its rank and posting list: every shingle of the unit's complaints as of the
    /// last clean-up, and those posted since.
    heads: foldhash::HashMap<u32, Head>,
    /// The posting lists as of the last clean-up, each one run of slots (4 bytes a posting).
    frozen: Vec<u32>,
    /// The position of each `frozen` posting's shingle in its complaint's order, at most [`POS_MAX`].
    frozen_pos: Vec<u8>,
    /// The postings added since, linked newest first: (slot, next link or [`NIL`]), 8 bytes each,
    /// where a vector per shingle would cost its own 24 bytes and allocation for the many shingles a
    /// unit sees once. Withdrawn and forgotten slots stay until the next clean-up rebuilds the lists.
    chain: Vec<(u32, u32)>,
    /// The position of each `chain` posting's shingle in its complaint's order, at most [`POS_MAX`].
    chain_pos: Vec<u8>,
    /// The latest `at` of the unit's complaints.
    latest: Option<DateTime<Utc>>,
    /// The number of slots at which the next clean-up runs.
    clean_at: usize,
}

/// A shingle's place in the unit's order and its posting list: a run of `frozen` and a linked list in
/// `chain`.
#[derive(Debug, Clone, Copy)]
struct Head {
    /// The number of the unit's complaints holding the shingle at the last clean-up (0 for a shingle
    /// first seen since): the shingles of a set are ordered by (rank, hash), rarest first.
    rank: u32,
    /// Where its run starts in `frozen`, and how long it is.
    run: u32,
    run_len: u32,
    /// The newest link in `chain`, or [`NIL`].
    link: u32,
}

impl Head {
    const EMPTY: Head = Head {
        rank: 0,
        run: 0,
        run_len: 0,
        link: NIL,
    };
}

/// The end of a posting list.
const NIL: u32 = u32::MAX;

/// The largest position a posting records (a later one is recorded as this, which only loosens the
/// position bound).
const POS_MAX: usize = u8::MAX as usize;

/// The smallest slot count that triggers a unit's clean-up.
const MIN_CLEAN: usize = 64;

/// The number of shingles, first in the unit's order, by which a set of `len` is found: a set `B` with
/// `J(A, B) >= t` shares at least `ceil(t * max(|A|, |B|))` shingles with `A`, so the first of them in
/// any fixed order lies among the first `|A| - ceil(t * |A|) + 1` of `A` and among as many of `B`.
fn prefix_len(threshold: Similarity, len: usize) -> usize {
    (len + 1).saturating_sub(threshold.min_shared(len).max(1))
}

impl UnitIndex {
    /// `set`'s shingles in the unit's order, (rank, hash) ascending, each with its head (empty for a
    /// shingle the unit does not know).
    fn order(&self, set: &[u32]) -> Vec<(u64, Head)> {
        let mut ordered: Vec<(u64, Head)> = set
            .iter()
            .map(|&h| {
                let head = self.heads.get(&h).copied().unwrap_or(Head::EMPTY);
                ((u64::from(head.rank) << 32) | u64::from(h), head)
            })
            .collect();
        ordered.sort_unstable_by_key(|&(key, _)| key);
        ordered
    }

    /// Adds `slot` to the posting lists of the first shingles of `ordered` (its set in the unit's order,
    /// [`UnitIndex::order`]), `prefix` of them.
    fn post(&mut self, slot: u32, ordered: &[(u64, Head)], prefix: usize) {
        for (pos, &(key, _)) in ordered[..prefix].iter().enumerate() {
            let link = self.chain.len() as u32;
            // A shingle new to the unit keeps rank 0 (its key above) until the next clean-up.
            let head = self.heads.entry(key as u32).or_insert(Head::EMPTY);
            self.chain.push((slot, head.link));
            self.chain_pos.push(pos.min(POS_MAX) as u8);
            head.link = link;
        }
    }

    /// Calls `f` with every (slot, position) of a posting list: the linked postings, then the run.
    fn each(&self, head: &Head, mut f: impl FnMut(u32, u32)) {
        let mut link = head.link;
        while link != NIL {
            let (slot, next) = self.chain[link as usize];
            f(slot, u32::from(self.chain_pos[link as usize]));
            link = next;
        }
        let run = head.run as usize..(head.run + head.run_len) as usize;
        for (&slot, &pos) in self.frozen[run.clone()].iter().zip(&self.frozen_pos[run]) {
            f(slot, u32::from(pos));
        }
    }
}

/// An index of complaints for finding repeats (docs/rules.md §9): per respondent unit, an inverted index
/// of text shingles. Deterministic: the same calls in the same order give the same answers on every
/// platform. See the module for how lookups stay fast.
///
/// ```
/// use chrono::{DateTime, TimeDelta};
/// use xiaoneng::{DedupIndex, DedupParams};
///
/// let mut index = DedupIndex::new(DedupParams::default()).unwrap();
/// let day0 = DateTime::from_timestamp(1_767_225_600, 0).unwrap();
/// let text = "不动产登记窗口多次要求补交材料，没有一次性告知";
/// assert_eq!(index.insert("T-1", "bdc", day0, text).unwrap(), None);
/// // The same matter 30 days later, worded by another complainant: a repeat of T-1.
/// let later = day0 + TimeDelta::days(30);
/// let m = index.insert("T-2", "bdc", later, "不动产登记窗口要求补交材料，多次了，没有一次性告知").unwrap();
/// assert_eq!(m.unwrap().original, "T-1");
/// // Against another unit, or after the window, it is a new matter.
/// assert_eq!(index.lookup("amr", later, text).unwrap(), None);
/// assert_eq!(index.lookup("bdc", later + TimeDelta::days(91), text).unwrap(), None);
/// ```
#[derive(Debug, Clone)]
pub struct DedupIndex {
    params: DedupParams,
    /// Unit name to its position in `units`.
    unit_slots: foldhash::HashMap<Arc<str>, u32>,
    units: Vec<UnitIndex>,
    /// Complaint id to (unit position, slot).
    ids: foldhash::HashMap<Arc<str>, (u32, u32)>,
}

/// `at - d`, or the earliest instant when that is out of range.
fn minus(at: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    at.checked_sub_signed(d).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn check_name(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(invalid(field, "", "must not be empty"));
    }
    Ok(())
}

impl DedupIndex {
    /// An empty index. Refuses parameters out of range ([`crate::Error::Invalid`] naming the field): a
    /// negative window or tolerance, a shingle length outside 1-16, a threshold of 0, no candidates.
    ///
    /// ```
    /// use xiaoneng::{DedupIndex, DedupParams, Similarity};
    ///
    /// assert!(DedupIndex::new(DedupParams::default()).is_ok());
    /// let zero = DedupParams { threshold: Similarity::new(0, 1), ..DedupParams::default() };
    /// assert_eq!(DedupIndex::new(zero).unwrap_err().field(), Some("threshold"));
    /// ```
    pub fn new(params: DedupParams) -> Result<DedupIndex> {
        if params.window < TimeDelta::zero() {
            return Err(invalid("window", params.window, "must not be negative"));
        }
        if params.late_tolerance < TimeDelta::zero() {
            return Err(invalid("late_tolerance", params.late_tolerance, "must not be negative"));
        }
        if !(1..=16).contains(&params.shingle) {
            return Err(invalid("shingle", params.shingle, "must be 1 to 16 characters"));
        }
        if params.threshold.shared() == 0 {
            return Err(invalid("threshold", params.threshold, "must be above 0"));
        }
        if params.max_candidates == 0 {
            return Err(invalid("max_candidates", 0, "must be at least 1"));
        }
        Ok(DedupIndex {
            params,
            unit_slots: foldhash::HashMap::default(),
            units: Vec::new(),
            ids: foldhash::HashMap::default(),
        })
    }

    /// The parameters the index was built with.
    ///
    /// ```
    /// let index = xiaoneng::DedupIndex::new(Default::default()).unwrap();
    /// assert_eq!(index.params().shingle, 2);
    /// ```
    pub fn params(&self) -> &DedupParams {
        &self.params
    }

    /// The number of complaints the index holds: withdrawn ones are not counted; those old enough to be
    /// forgotten (see [`DedupIndex::contains`]) are counted until their unit's next clean-up.
    ///
    /// ```
    /// let mut index = xiaoneng::DedupIndex::new(Default::default()).unwrap();
    /// let at = chrono::DateTime::from_timestamp(0, 0).unwrap();
    /// index.insert("T-1", "amr", at, "办证难").unwrap();
    /// assert_eq!(index.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index holds no complaint.
    ///
    /// ```
    /// assert!(xiaoneng::DedupIndex::new(Default::default()).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether the index holds the complaint `id`: inserted, not withdrawn, and received no earlier than
    /// its unit's latest complaint minus the late tolerance and the window (older ones can match nothing
    /// the index still accepts, and are forgotten).
    ///
    /// ```
    /// let mut index = xiaoneng::DedupIndex::new(Default::default()).unwrap();
    /// let at = chrono::DateTime::from_timestamp(0, 0).unwrap();
    /// index.insert("T-1", "amr", at, "办证难").unwrap();
    /// assert!(index.contains("T-1") && !index.contains("T-2"));
    /// ```
    pub fn contains(&self, id: &str) -> bool {
        self.ids.get(id).is_some_and(|&(u, slot)| !self.stale(u, slot))
    }

    /// The instant before which the unit's complaints are forgotten: its latest minus the late
    /// tolerance and the window.
    fn horizon(&self, index: &UnitIndex) -> DateTime<Utc> {
        index.latest.map_or(DateTime::<Utc>::MIN_UTC, |l| {
            minus(minus(l, self.params.late_tolerance), self.params.window)
        })
    }

    /// Whether the complaint in `slot` of unit `u` is older than the unit's horizon (forgotten, whether
    /// or not a clean-up has dropped it yet).
    fn stale(&self, u: u32, slot: u32) -> bool {
        let index = &self.units[u as usize];
        index.entries[slot as usize].at < self.horizon(index)
    }

    /// The earlier complaint that a complaint against `unit` received at `at` with `text` would repeat,
    /// without adding it: the most similar complaint of the unit received within the window before `at`
    /// (at `at` itself included) whose similarity reaches the threshold, the earliest among equals, with
    /// the original of its chain.
    ///
    /// Errors: an empty unit ([`crate::Error::Invalid`], field `unit`); an `at` earlier than the unit's
    /// latest complaint by more than the late tolerance ([`crate::Error::NotAllowed`], field `at`).
    ///
    /// ```
    /// let mut index = xiaoneng::DedupIndex::new(Default::default()).unwrap();
    /// let at = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
    /// index.insert("T-1", "fire", at, "消防验收拖了三个月还没有结果").unwrap();
    /// let m = index.lookup("fire", at, "消防验收拖了三个多月，还没有结果").unwrap().unwrap();
    /// assert_eq!(m.matched, "T-1");
    /// assert_eq!(m.similarity, xiaoneng::Similarity::new(4, 5)); // 12 shingles shared of 15
    /// assert_eq!(index.len(), 1);
    /// ```
    pub fn lookup(&self, unit: &str, at: DateTime<Utc>, text: &str) -> Result<Option<DedupMatch>> {
        check_name("unit", unit)?;
        let Some(&u) = self.unit_slots.get(unit) else {
            return Ok(None);
        };
        let index = &self.units[u as usize];
        self.check_late(index, at)?;
        let mut set = Vec::new();
        text::shingles(text, self.params.shingle, &mut set);
        let ordered = index.order(&set);
        Ok(self.best(index, at, &set, &ordered).map(|(slot, similarity)| {
            let e = &index.entries[slot as usize];
            DedupMatch {
                original: e.original.as_deref().unwrap_or(&e.id).to_string(),
                matched: e.id.to_string(),
                similarity,
            }
        }))
    }

    /// Adds the complaint `id` against `unit`, received at `at`, with `text`, and answers what it repeats
    /// (as [`DedupIndex::lookup`] would have just before). A repeat is linked to the original of the
    /// matched complaint's chain. An insert never changes the links of complaints already in the index.
    ///
    /// Errors, and then nothing changes: an empty id or unit ([`crate::Error::Invalid`] naming the field);
    /// an id the index already holds (`Invalid`, field `id`); an `at` earlier than the unit's latest
    /// complaint by more than the late tolerance ([`crate::Error::NotAllowed`], field `at`).
    ///
    /// ```
    /// let mut index = xiaoneng::DedupIndex::new(Default::default()).unwrap();
    /// let at = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
    /// assert_eq!(index.insert("T-1", "hall", at, "综合窗口排队两小时无人引导").unwrap(), None);
    /// let m = index.insert("T-2", "hall", at, "综合窗口排队两个小时，无人引导").unwrap().unwrap();
    /// assert_eq!(m.original, "T-1");
    /// let m = index.insert("T-3", "hall", at, "综合窗口排队两个小时无人引导！").unwrap().unwrap();
    /// assert_eq!((m.original.as_str(), m.matched.as_str()), ("T-1", "T-2"));
    /// assert_eq!(index.insert("T-3", "hall", at, "x").unwrap_err().field(), Some("id"));
    /// ```
    pub fn insert(&mut self, id: &str, unit: &str, at: DateTime<Utc>, text: &str) -> Result<Option<DedupMatch>> {
        check_name("id", id)?;
        check_name("unit", unit)?;
        if self.contains(id) {
            return Err(invalid("id", id, "a complaint with this id is already indexed"));
        }
        let mut set = Vec::new();
        text::shingles(text, self.params.shingle, &mut set);
        let u = match self.unit_slots.get(unit) {
            Some(&u) => {
                self.check_late(&self.units[u as usize], at)?;
                u
            }
            None => {
                let u = self.units.len() as u32;
                self.units.push(UnitIndex::default());
                self.unit_slots.insert(Arc::from(unit), u);
                u
            }
        };
        // An id forgotten but not yet dropped: its old slot goes now.
        if let Some((ou, oslot)) = self.ids.remove(id) {
            self.units[ou as usize].entries[oslot as usize].live = false;
        }
        let ordered = self.units[u as usize].order(&set);
        let found = self.best(&self.units[u as usize], at, &set, &ordered);
        let index = &mut self.units[u as usize];
        let id: Arc<str> = Arc::from(id);
        let (answer, original) = match found {
            None => (None, None),
            Some((slot, similarity)) => {
                let e = &index.entries[slot as usize];
                let original = e.original.clone().unwrap_or_else(|| e.id.clone());
                let answer = DedupMatch {
                    original: original.to_string(),
                    matched: e.id.to_string(),
                    similarity,
                };
                (Some(answer), Some(original))
            }
        };
        let slot = index.entries.len() as u32;
        index.post(slot, &ordered, prefix_len(self.params.threshold, set.len()));
        index.sizes.push(set.len() as u32);
        index.entries.push(Entry {
            id: id.clone(),
            at,
            original,
            shingles: set.into_boxed_slice(),
            live: true,
        });
        index.latest = Some(index.latest.map_or(at, |l| l.max(at)));
        self.ids.insert(id, (u, slot));
        if self.units[u as usize].entries.len() >= self.units[u as usize].clean_at.max(MIN_CLEAN) {
            self.clean(u);
        }
        Ok(answer)
    }

    /// Withdraws the complaint `id` (a withdrawn complaint): it matches nothing afterwards. When it was
    /// the original of a chain, the earliest of its remaining repeats becomes the chain's original for
    /// later matches (the links already answered are the caller's and do not change).
    ///
    /// Errors: an empty id ([`crate::Error::Invalid`]); an id the index does not hold
    /// ([`crate::Error::NotFound`], field `id`).
    ///
    /// ```
    /// let mut index = xiaoneng::DedupIndex::new(Default::default()).unwrap();
    /// let at = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
    /// index.insert("T-1", "eff", at, "投诉电话无人接听，反映问题无回音").unwrap();
    /// index.insert("T-2", "eff", at, "投诉电话一直无人接听，反映问题无回音").unwrap();
    /// index.remove("T-1").unwrap();
    /// let m = index.lookup("eff", at, "投诉电话无人接听，反映的问题无回音").unwrap().unwrap();
    /// assert_eq!((m.original.as_str(), m.matched.as_str()), ("T-2", "T-2"));
    /// assert!(index.remove("T-1").is_err());
    /// ```
    pub fn remove(&mut self, id: &str) -> Result<()> {
        check_name("id", id)?;
        let Some(&(u, slot)) = self.ids.get(id).filter(|&&(u, slot)| !self.stale(u, slot)) else {
            return Err(not_found("id", id, "no complaint with this id is indexed"));
        };
        self.ids.remove(id);
        let horizon = self.horizon(&self.units[u as usize]);
        let index = &mut self.units[u as usize];
        let e = &mut index.entries[slot as usize];
        e.live = false;
        e.shingles = Box::default();
        if e.original.is_some() {
            return Ok(());
        }
        let removed = e.id.clone();
        // The repeats of the withdrawn original, by (at, slot): the first becomes the original.
        let mut heir: Option<(DateTime<Utc>, usize)> = None;
        for (k, r) in index.entries.iter().enumerate() {
            if r.live
                && r.at >= horizon
                && r.original.as_deref() == Some(&*removed)
                && heir.is_none_or(|(at, _)| r.at < at)
            {
                heir = Some((r.at, k));
            }
        }
        if let Some((_, h)) = heir {
            let new_original = index.entries[h].id.clone();
            for (k, r) in index.entries.iter_mut().enumerate() {
                if r.original.as_deref() == Some(&*removed) {
                    r.original = if k == h { None } else { Some(new_original.clone()) };
                }
            }
        }
        Ok(())
    }

    /// Refuses an `at` more than the late tolerance before the unit's latest complaint.
    fn check_late(&self, index: &UnitIndex, at: DateTime<Utc>) -> Result<()> {
        if let Some(latest) = index.latest {
            if at < minus(latest, self.params.late_tolerance) {
                return Err(not_allowed(
                    "at",
                    at.to_rfc3339(),
                    format!(
                        "more than the late tolerance ({} days) before the unit's latest complaint ({})",
                        self.params.late_tolerance.num_days(),
                        latest.to_rfc3339()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The best match of `set` at `at` among the unit's complaints: (slot, similarity). `ordered` is
    /// `set` in the unit's order ([`UnitIndex::order`]).
    fn best(
        &self,
        index: &UnitIndex,
        at: DateTime<Utc>,
        set: &[u32],
        ordered: &[(u64, Head)],
    ) -> Option<(u32, Similarity)> {
        let threshold = self.params.threshold;
        let n = set.len();
        let (num, den) = (u64::from(threshold.shared()), u64::from(threshold.union()));
        // J >= num/den <=> shared * (den + num) >= num * (|A| + |B|).
        let reaches = |shared: u64, m: u64| shared * (den + num) >= num * (n as u64 + m);
        // Candidates from the lists of the query's prefix, which hold every complaint whose prefix
        // shares one of its shingles: every set reaching the threshold (see `prefix_len`). For each, the
        // shingles met so far (`hits`, or DEAD once dropped) and how many after the last one met could
        // still be shared (`rest`).
        const DEAD: u32 = u32::MAX;
        let mut hits = vec![0u32; index.entries.len()];
        let mut rest = vec![0u32; index.entries.len()];
        let mut candidates: Vec<u32> = Vec::new();
        let cap = self.params.max_candidates;
        let prefix = prefix_len(threshold, n);
        // A shingle shared and not met is after the last met in both sets, and is either in a list not
        // read or in the complaint's suffix.
        let could_reach = |hits: &[u32], rest: &[u32], slot: u32, read: usize| {
            let m = index.sizes[slot as usize];
            let unmet = (n - read) as u32 + m.saturating_sub(prefix_len(threshold, m as usize) as u32);
            let most = u64::from(hits[slot as usize]) + u64::from(rest[slot as usize].min(unmet));
            reaches(most, u64::from(m))
        };
        // The lists lie apart in memory: touching the start of each first lets their cache misses
        // overlap rather than come one after another.
        let mut touch = 0u32;
        for (_, head) in ordered {
            touch ^= index.frozen.get(head.run as usize).copied().unwrap_or(0);
            touch ^= index.frozen_pos.get(head.run as usize).map_or(0, |&p| u32::from(p));
            touch ^= index.chain.get(head.link as usize).map_or(0, |l| l.0);
            touch ^= index.chain_pos.get(head.link as usize).map_or(0, |&p| u32::from(p));
        }
        std::hint::black_box(touch);
        for (i, (_, head)) in ordered.iter().enumerate() {
            // Past the prefix, the lists only count the candidates left, which tightens their bound.
            if i >= prefix {
                candidates.retain(|&slot| could_reach(&hits, &rest, slot, i));
                if candidates.is_empty() {
                    break;
                }
            }
            let after = (n - i - 1) as u32;
            index.each(head, |slot, pos| {
                let Some(hit) = hits.get_mut(slot as usize) else {
                    return;
                };
                if *hit == DEAD {
                    return;
                }
                let m = index.sizes[slot as usize];
                // The sets share this shingle, and at most the shingles after it in both orders (a
                // shared one before it in the query and in the complaint's prefix was met before).
                let after = after.min(m.saturating_sub(pos + 1));
                if *hit == 0 {
                    if i >= prefix {
                        return;
                    }
                    // The first met is the first shared in the unit's order; this also holds back sets
                    // too small or too large.
                    if !reaches(1 + u64::from(after), u64::from(m)) || candidates.len() >= cap {
                        *hit = DEAD;
                        return;
                    }
                    candidates.push(slot);
                }
                *hit += 1;
                rest[slot as usize] = after;
            });
        }
        candidates.retain(|&slot| could_reach(&hits, &rest, slot, n));
        let mut bits = [0u64; 64];
        for &h in set {
            bits[(h >> 6) as usize & 63] |= 1 << (h & 63);
        }
        candidates.sort_unstable();
        // The same for the candidates' entries and sets.
        let mut touch = 0usize;
        for &slot in &candidates {
            let e = &index.entries[slot as usize];
            touch ^= e.shingles.first().map_or(0, |&h| h as usize);
        }
        std::hint::black_box(touch);
        let from = minus(at, self.params.window);
        let mut best: Option<(u32, Similarity, DateTime<Utc>)> = None;
        for slot in candidates {
            let e = &index.entries[slot as usize];
            if !e.live || e.at > at || e.at < from {
                continue;
            }
            // The shingles of the candidate whose bit is set in the query's bitmap: at least the shared
            // ones (a bit can stand for several hashes), so too few is a reject without a merge.
            let most = e
                .shingles
                .iter()
                .map(|&h| (bits[(h >> 6) as usize & 63] >> (h & 63)) & 1)
                .sum::<u64>();
            let m = e.shingles.len() as u64;
            if most * (den + num) < num * (n as u64 + m) {
                continue;
            }
            let s = Similarity::of_sets(set, &e.shingles);
            if s < threshold {
                continue;
            }
            // Most similar, then earliest (slots ascend, so a later slot must be strictly earlier).
            let better = match best {
                None => true,
                Some((_, bs, bat)) => s > bs || (s == bs && e.at < bat),
            };
            if better {
                best = Some((slot, s, e.at));
            }
        }
        best.map(|(slot, s, _)| (slot, s))
    }

    /// Drops the unit's withdrawn complaints and those too old to match anything the index still
    /// accepts, renumbering the slots, ranks the shingles afresh and rebuilds the posting lists; the
    /// next clean-up runs when the slots have grown by a quarter (amortised, a few rebuilds of a
    /// complaint's prefix per insert).
    fn clean(&mut self, u: u32) {
        let horizon = self.horizon(&self.units[u as usize]);
        let threshold = self.params.threshold;
        let index = &mut self.units[u as usize];
        let mut kept = Vec::with_capacity(index.entries.len());
        index.sizes.clear();
        for (k, e) in std::mem::take(&mut index.entries).into_iter().enumerate() {
            if !e.live {
                continue;
            }
            // The id map entry is this slot's unless the id was inserted again since.
            let owner = self.ids.get_mut(&e.id).filter(|v| **v == (u, k as u32));
            if e.at < horizon {
                if owner.is_some() {
                    self.ids.remove(&e.id);
                }
                continue;
            }
            if let Some(v) = owner {
                v.1 = kept.len() as u32;
            }
            index.sizes.push(e.shingles.len() as u32);
            kept.push(e);
        }
        // The unit's order afresh: a shingle ranks by the number of complaints holding it.
        let mut heads = foldhash::HashMap::with_capacity_and_hasher(index.heads.len(), Default::default());
        for e in &kept {
            for &h in e.shingles.iter() {
                heads.entry(h).or_insert(Head::EMPTY).rank += 1;
            }
        }
        // Each complaint's prefix in that order, then each list laid out as one run of `frozen` in slot
        // order, read in order by a lookup; the chain starts empty.
        let mut postings: Vec<(u32, u32, u8)> = Vec::new();
        let mut keys: Vec<u64> = Vec::new();
        for (slot, e) in kept.iter().enumerate() {
            keys.clear();
            keys.extend(e.shingles.iter().map(|&h| {
                let rank = heads.get(&h).map_or(0, |head: &Head| head.rank);
                (u64::from(rank) << 32) | u64::from(h)
            }));
            keys.sort_unstable();
            for (pos, &key) in keys[..prefix_len(threshold, keys.len())].iter().enumerate() {
                postings.push((key as u32, slot as u32, pos.min(POS_MAX) as u8));
                if let Some(head) = heads.get_mut(&(key as u32)) {
                    head.run_len += 1;
                }
            }
        }
        let mut run = 0;
        for head in heads.values_mut() {
            head.run = run;
            run += head.run_len;
            head.run_len = 0;
        }
        let mut frozen = vec![0; postings.len()];
        let mut frozen_pos = vec![0; postings.len()];
        for (h, slot, pos) in postings {
            if let Some(head) = heads.get_mut(&h) {
                let at = (head.run + head.run_len) as usize;
                frozen[at] = slot;
                frozen_pos[at] = pos;
                head.run_len += 1;
            }
        }
        // Room for the growth until the next clean-up, and no more.
        let room = |n: usize| n / 4 + 16;
        index.chain = Vec::with_capacity(room(frozen.len()));
        index.chain_pos = Vec::with_capacity(room(frozen.len()));
        index.frozen = frozen;
        index.frozen_pos = frozen_pos;
        index.heads = heads;
        kept.shrink_to(kept.len() + room(kept.len()));
        kept.reserve_exact(room(kept.len()));
        index.sizes.shrink_to(kept.len() + room(kept.len()));
        index.sizes.reserve_exact(room(kept.len()));
        index.clean_at = (kept.len() + kept.len() / 4).max(MIN_CLEAN);
        index.entries = kept;
    }
}

#[cfg(test)]
mod tests;
