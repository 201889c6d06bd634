//! The rules of docs/rules.md §9, one test each, and the index's invariants as properties.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::*;
use crate::error::Error;

fn day(n: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap() + TimeDelta::days(n)
}

fn index() -> DedupIndex {
    DedupIndex::new(DedupParams::default()).unwrap()
}

const TEXT: &str = "不动产登记中心窗口多次要求补交材料，没有一次性告知，来回跑了五趟";
const SAME: &str = "不动产登记中心窗口多次要求补交材料没有一次性告知，我来回跑了五趟！";

fn ids(m: Option<DedupMatch>) -> Option<(String, String)> {
    m.map(|m| (m.original, m.matched))
}

fn pair(original: &str, matched: &str) -> Option<(String, String)> {
    Some((original.to_string(), matched.to_string()))
}

#[test]
fn same_unit_within_window_and_similar_text_is_a_repeat() {
    let mut ix = index();
    assert_eq!(ix.insert("T-1", "bdc", day(0), TEXT).unwrap(), None);
    let m = ix.insert("T-2", "bdc", day(10), SAME).unwrap().unwrap();
    assert_eq!((m.original.as_str(), m.matched.as_str()), ("T-1", "T-1"));
    assert!(m.similarity >= Similarity::new(1, 2));
}

#[test]
fn window_end_is_inclusive() {
    let mut ix = index();
    ix.insert("T-1", "bdc", day(0), TEXT).unwrap();
    assert_eq!(ids(ix.lookup("bdc", day(90), SAME).unwrap()), pair("T-1", "T-1"));
    let after = day(90) + TimeDelta::seconds(1);
    assert_eq!(ix.lookup("bdc", after, SAME).unwrap(), None);
}

#[test]
fn a_complaint_only_repeats_earlier_ones() {
    let mut ix = index();
    ix.insert("T-2", "bdc", day(10), TEXT).unwrap();
    // Arriving late (within the tolerance) but received earlier: T-2 cannot be what it repeats.
    assert_eq!(ix.insert("T-1", "bdc", day(5), SAME).unwrap(), None);
    // The same instant counts as earlier (the one indexed first is the original).
    assert_eq!(ids(ix.insert("T-3", "bdc", day(10), TEXT).unwrap()), pair("T-2", "T-2"));
}

#[test]
fn another_unit_never_matches() {
    let mut ix = index();
    ix.insert("T-1", "bdc", day(0), TEXT).unwrap();
    assert_eq!(ix.insert("T-2", "amr", day(1), TEXT).unwrap(), None);
    assert_eq!(ix.lookup("fire", day(1), TEXT).unwrap(), None);
}

#[test]
fn dissimilar_text_on_the_same_unit_is_a_new_matter() {
    let mut ix = index();
    ix.insert("T-1", "bdc", day(0), TEXT).unwrap();
    let other = "不动产登记中心工作人员上班时间玩手机，对群众咨询爱理不理";
    assert_eq!(ix.insert("T-2", "bdc", day(1), other).unwrap(), None);
}

#[test]
fn chain_links_to_the_original() {
    let mut ix = index();
    ix.insert("T-1", "hall", day(0), "综合窗口排队两小时无人引导，取号机坏了")
        .unwrap();
    let m2 = ix
        .insert("T-2", "hall", day(60), "综合窗口排队两小时无人引导取号机坏了没人修")
        .unwrap();
    assert_eq!(ids(m2), pair("T-1", "T-1"));
    // 120 days after T-1 (outside its window), 60 after T-2: it matches T-2, linked to T-1.
    let m3 = ix
        .insert("T-3", "hall", day(120), "取号机坏了没人修，综合窗口排队两小时无人引导")
        .unwrap();
    assert_eq!(ids(m3), pair("T-1", "T-2"));
}

#[test]
fn most_similar_candidate_wins_then_the_earliest() {
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), "食品经营许可证办理超期没有说明理由")
        .unwrap();
    ix.insert("T-2", "amr", day(1), "食品经营许可证办理超期两个月没有说明任何理由")
        .unwrap();
    // Identical to T-2's text: T-2 (similarity 1) beats T-1.
    let m = ix
        .lookup("amr", day(2), "食品经营许可证办理超期两个月没有说明任何理由")
        .unwrap()
        .unwrap();
    assert_eq!((m.matched.as_str(), m.similarity), ("T-2", Similarity::new(1, 1)));
    // Equal similarity: the earliest by received instant, then by insertion.
    let mut ix = index();
    ix.insert("T-5", "amr", day(3), "营业执照变更登记拖延").unwrap();
    ix.insert("T-4", "amr", day(1), "营业执照变更登记拖延").unwrap();
    ix.insert("T-6", "amr", day(1), "营业执照变更登记拖延").unwrap();
    assert_eq!(
        ix.lookup("amr", day(4), "营业执照变更登记拖延")
            .unwrap()
            .unwrap()
            .matched,
        "T-4"
    );
}

#[test]
fn threshold_is_inclusive() {
    // "abcd" and "abce": shingles {ab, bc, cd} and {ab, bc, ce}: 2 shared of 4.
    let params = DedupParams::default();
    let mut ix = DedupIndex::new(params).unwrap();
    ix.insert("T-1", "u", day(0), "abcd").unwrap();
    let m = ix.lookup("u", day(0), "abce").unwrap().unwrap();
    assert_eq!(m.similarity, Similarity::new(1, 2));
    assert_eq!(ix.lookup("u", day(0), "abef").unwrap(), None);
}

#[test]
fn punctuation_whitespace_full_width_and_case_do_not_count() {
    let plain = "窗口人员态度差abc办证拖延12天";
    let noisy = " 窗口人员，态度差！（ＡＢＣ）\t办证“拖延”１２天。【】《》、；：？‘’ ";
    assert_eq!(normalize_complaint_text(noisy), plain);
    assert_eq!(Similarity::of(plain, noisy, 2), Similarity::new(1, 1));
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), plain).unwrap();
    let m = ix.lookup("amr", day(0), noisy).unwrap().unwrap();
    assert_eq!(m.similarity, Similarity::new(1, 1));
}

#[test]
fn short_texts_compare_equal_only() {
    assert_eq!(Similarity::of("慢", "慢！", 2), Similarity::new(1, 1));
    assert_eq!(Similarity::of("慢", "快", 2).shared(), 0);
    assert_eq!(Similarity::of("慢", "慢慢", 2).shared(), 0);
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), "慢").unwrap();
    assert_eq!(ids(ix.lookup("amr", day(0), "慢。").unwrap()), pair("T-1", "T-1"));
    assert_eq!(ix.lookup("amr", day(0), "差").unwrap(), None);
    assert_eq!(ix.lookup("amr", day(0), "慢慢").unwrap(), None);
}

#[test]
fn empty_unit_or_id_is_invalid_naming_the_field() {
    let mut ix = index();
    for (id, unit, field) in [("", "amr", "id"), ("T-1", "", "unit")] {
        let e = ix.insert(id, unit, day(0), TEXT).unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{e}");
        assert_eq!(e.field(), Some(field));
    }
    assert_eq!(ix.lookup("", day(0), TEXT).unwrap_err().field(), Some("unit"));
    assert_eq!(ix.remove("").unwrap_err().field(), Some("id"));
    assert!(ix.is_empty());
}

#[test]
fn duplicate_id_is_refused_and_changes_nothing() {
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), TEXT).unwrap();
    let e = ix.insert("T-1", "bdc", day(1), "完全不同的另一件事情").unwrap_err();
    assert!(matches!(e, Error::Invalid(_)));
    assert_eq!((e.field(), e.value()), (Some("id"), Some("T-1")));
    assert_eq!(ix.len(), 1);
    assert_eq!(ix.lookup("bdc", day(1), "完全不同的另一件事情").unwrap(), None);
    assert_eq!(ids(ix.lookup("amr", day(1), SAME).unwrap()), pair("T-1", "T-1"));
}

#[test]
fn withdrawn_complaint_matches_nothing() {
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), TEXT).unwrap();
    ix.remove("T-1").unwrap();
    assert!(!ix.contains("T-1"));
    assert_eq!(ix.lookup("amr", day(1), SAME).unwrap(), None);
    assert!(matches!(ix.remove("T-1").unwrap_err(), Error::NotFound(_)));
    // Its id may be used again.
    assert_eq!(ix.insert("T-1", "amr", day(2), TEXT).unwrap(), None);
}

#[test]
fn withdrawn_original_passes_the_chain_to_its_earliest_repeat() {
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), TEXT).unwrap();
    ix.insert("T-3", "amr", day(3), TEXT).unwrap();
    ix.insert("T-2", "amr", day(2), SAME).unwrap();
    ix.remove("T-1").unwrap();
    // T-2 (received on day 2) is now the original; T-3 links to it.
    let m = ix.lookup("amr", day(4), TEXT).unwrap().unwrap();
    assert_eq!((m.original.as_str(), m.matched.as_str()), ("T-2", "T-3"));
    let m = ix.lookup("amr", day(4), SAME).unwrap().unwrap();
    assert_eq!((m.original.as_str(), m.matched.as_str()), ("T-2", "T-2"));
}

#[test]
fn complaint_later_than_the_tolerance_is_refused() {
    let mut ix = index();
    ix.insert("T-1", "amr", day(200), TEXT).unwrap();
    let e = ix.insert("T-0", "amr", day(109), SAME).unwrap_err();
    assert!(matches!(e, Error::NotAllowed(_)));
    assert_eq!(e.field(), Some("at"));
    assert!(!ix.contains("T-0"));
    assert!(ix.lookup("amr", day(110), SAME).is_ok());
    // Other units are not concerned.
    assert!(ix.insert("T-0", "bdc", day(0), SAME).is_ok());
}

#[test]
fn old_complaints_are_forgotten_without_changing_answers() {
    let mut ix = index();
    for n in 0..1000 {
        let text = format!("第{n}号窗口办理第{}类业务拖延", n * 7919 % 1000);
        ix.insert(&format!("T-{n}"), "amr", day(n), &text).unwrap();
    }
    // Slots older than latest - window - tolerance (day 819) have been dropped at some clean-up.
    assert!(ix.len() < 1000 && ix.len() >= 180);
    assert!(ix.contains("T-999") && ix.contains("T-819") && !ix.contains("T-0"));
    let m = ix
        .lookup("amr", day(1000), "第950号窗口办理第50类业务拖延")
        .unwrap()
        .unwrap();
    assert_eq!(m.matched, "T-950");
}

#[test]
fn a_forgotten_id_may_be_used_again() {
    let mut ix = index();
    ix.insert("T-1", "amr", day(0), TEXT).unwrap();
    ix.insert("T-2", "amr", day(181), "另一件事情").unwrap();
    // T-1 is older than day 181 - 90 - 90: forgotten (before any clean-up has dropped it).
    assert!(!ix.contains("T-1"));
    assert!(ix.remove("T-1").is_err());
    assert_eq!(ix.insert("T-1", "amr", day(182), SAME).unwrap(), None);
    assert!(ix.contains("T-1"));
    assert_eq!(ids(ix.lookup("amr", day(183), TEXT).unwrap()), pair("T-1", "T-1"));
}

#[test]
fn parameters_out_of_range_are_refused() {
    let d = DedupParams::default;
    for (p, field) in [
        (
            DedupParams {
                window: TimeDelta::days(-1),
                ..d()
            },
            "window",
        ),
        (
            DedupParams {
                late_tolerance: TimeDelta::days(-1),
                ..d()
            },
            "late_tolerance",
        ),
        (DedupParams { shingle: 0, ..d() }, "shingle"),
        (DedupParams { shingle: 17, ..d() }, "shingle"),
        (
            DedupParams {
                threshold: Similarity::new(0, 3),
                ..d()
            },
            "threshold",
        ),
        (
            DedupParams {
                max_candidates: 0,
                ..d()
            },
            "max_candidates",
        ),
    ] {
        assert_eq!(DedupIndex::new(p).unwrap_err().field(), Some(field));
    }
}

// Properties.

/// Texts from a small vocabulary, so that random texts share shingles often.
fn text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "窗口",
        "办理",
        "拖延",
        "态度",
        "差",
        "材料",
        "补交",
        "一次性告知",
        "营业执照",
        "超期",
        "，",
        "。",
        "！",
        " ",
        "没有",
        "工作人员",
        "ＡＢ",
        "ab",
        "五趟",
    ];
    prop::collection::vec(prop::sample::select(WORDS), 0..10).prop_map(|w| w.concat())
}

/// An operation; `day` is relative to a clock that moves a day every two operations, so that complaints
/// mostly come in time order, some late, and the index forgets old ones as it goes.
#[derive(Debug, Clone)]
enum Op {
    Insert { unit: u8, day: i64, text: String },
    Lookup { unit: u8, day: i64, text: String },
    Remove { nth: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..2, -100i64..4, text()).prop_map(|(unit, day, text)| Op::Insert { unit, day, text }),
        3 => (0u8..2, -100i64..4, text()).prop_map(|(unit, day, text)| Op::Lookup { unit, day, text }),
        1 => (0usize..64).prop_map(|nth| Op::Remove { nth }),
    ]
}

/// Longer texts from the same vocabulary: sets of up to some 60 shingles, with every prefix length.
fn long_text() -> impl Strategy<Value = String> {
    prop::collection::vec(text(), 0..5).prop_map(|t| t.concat())
}

/// Operations mostly on one unit, so that its slots outgrow several clean-ups (and rankings).
fn busy_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..3, -100i64..4, long_text()).prop_map(|(unit, day, text)| Op::Insert { unit: unit / 2, day, text }),
        3 => (0u8..3, -100i64..4, long_text()).prop_map(|(unit, day, text)| Op::Lookup { unit: unit / 2, day, text }),
        1 => (0usize..64).prop_map(|nth| Op::Remove { nth }),
    ]
}

/// The rules of §9 by brute force over every complaint.
struct Model {
    /// id, unit, day, text, original (None: itself), live
    rows: Vec<(String, u8, i64, String, Option<String>, bool)>,
    /// The shingle length and the threshold.
    k: usize,
    threshold: Similarity,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            rows: Vec::new(),
            k: 2,
            threshold: Similarity::new(1, 2),
        }
    }
}

impl Model {
    fn latest(&self, unit: u8) -> Option<i64> {
        self.rows.iter().filter(|r| r.1 == unit).map(|r| r.2).max()
    }

    /// Forgotten: older than the unit's latest minus the tolerance and the window.
    fn stale(&self, k: usize) -> bool {
        self.latest(self.rows[k].1).is_some_and(|l| self.rows[k].2 < l - 180)
    }

    fn best(&self, unit: u8, at: i64, text: &str) -> Option<(String, String, Similarity)> {
        let mut best: Option<(usize, Similarity)> = None;
        for (k, r) in self.rows.iter().enumerate() {
            if !r.5 || r.1 != unit || r.2 > at || r.2 < at - 90 {
                continue;
            }
            let s = Similarity::of(text, &r.3, self.k);
            if s < self.threshold {
                continue;
            }
            if best.is_none_or(|(b, bs)| s > bs || (s == bs && r.2 < self.rows[b].2)) {
                best = Some((k, s));
            }
        }
        best.map(|(k, s)| {
            let r = &self.rows[k];
            (r.4.clone().unwrap_or_else(|| r.0.clone()), r.0.clone(), s)
        })
    }
}

fn answer(m: Option<DedupMatch>) -> Option<(String, String, Similarity)> {
    m.map(|m| (m.original, m.matched, m.similarity))
}

/// Runs `ops` against an index with `params` and against the brute-force [`Model`]: every answer, error
/// and `contains` the same.
fn check_against_model(params: DedupParams, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut model = Model {
        k: params.shingle,
        threshold: params.threshold,
        ..Model::default()
    };
    let mut ix = DedupIndex::new(params).unwrap();
    for (n, op) in ops.into_iter().enumerate() {
        let now = n as i64 / 2;
        match op {
            Op::Insert { unit, day: d, text } => {
                let d = now + d;
                let late = model.latest(unit).is_some_and(|l| d < l - 90);
                let got = ix.insert(&format!("T-{n}"), &format!("u{unit}"), day(d), &text);
                if late {
                    prop_assert!(got.is_err());
                    continue;
                }
                let want = model.best(unit, d, &text);
                let got = answer(got.unwrap());
                if let Some((o, m, _)) = &got {
                    let row = model.rows.iter().find(|r| &r.0 == m).unwrap();
                    prop_assert!(row.1 == unit && row.2 <= d && row.2 >= d - 90);
                    prop_assert!(model.rows.iter().any(|r| &r.0 == o && r.1 == unit));
                }
                prop_assert_eq!(&got, &want);
                model
                    .rows
                    .push((format!("T-{n}"), unit, d, text, want.map(|w| w.0), true));
            }
            Op::Lookup { unit, day: d, text } => {
                let d = now + d;
                let got = ix.lookup(&format!("u{unit}"), day(d), &text);
                if model.latest(unit).is_some_and(|l| d < l - 90) {
                    prop_assert!(got.is_err());
                } else {
                    prop_assert_eq!(answer(got.unwrap()), model.best(unit, d, &text));
                }
            }
            Op::Remove { nth } => {
                let live: Vec<usize> = (0..model.rows.len()).filter(|&k| model.rows[k].5).collect();
                if live.is_empty() {
                    continue;
                }
                let k = live[nth % live.len()];
                prop_assert_eq!(ix.contains(&model.rows[k].0), !model.stale(k));
                if model.stale(k) {
                    prop_assert!(ix.remove(&model.rows[k].0).is_err());
                    continue;
                }
                ix.remove(&model.rows[k].0).unwrap();
                model.rows[k].5 = false;
                if model.rows[k].4.is_none() {
                    let removed = model.rows[k].0.clone();
                    let heir = (0..model.rows.len())
                        .filter(|&j| model.rows[j].5 && !model.stale(j) && model.rows[j].4.as_deref() == Some(&removed))
                        .min_by_key(|&j| (model.rows[j].2, j));
                    if let Some(h) = heir {
                        let new = model.rows[h].0.clone();
                        for (j, r) in model.rows.iter_mut().enumerate() {
                            if r.4.as_deref() == Some(&removed) {
                                r.4 = if j == h { None } else { Some(new.clone()) };
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn similarity_is_symmetric(a in text(), b in text(), k in 1usize..4) {
        prop_assert_eq!(Similarity::of(&a, &b, k), Similarity::of(&b, &a, k));
    }

    #[test]
    fn similarity_of_a_text_with_itself_is_one(a in text(), k in 1usize..4) {
        prop_assert_eq!(Similarity::of(&a, &a, k), Similarity::new(1, 1));
        prop_assert_eq!(Similarity::of(&a, &normalize_complaint_text(&a), k), Similarity::new(1, 1));
    }

    /// The index answers what a scan of every complaint by the rules answers, so it never returns a
    /// complaint of another unit or outside the window, or misses one.
    #[test]
    fn index_answers_as_the_rules_by_brute_force(ops in prop::collection::vec(op(), 0..400)) {
        check_against_model(DedupParams::default(), ops)?;
    }

    /// The same for any threshold and shingle length, with longer texts piling up on one unit: the
    /// prefix filter (each complaint indexed under the first shingles of the unit's order, re-ranked at
    /// every clean-up) and the position bound never lose a match or change a tie-break.
    #[test]
    fn prefix_filter_answers_as_brute_force_for_any_threshold(
        ops in prop::collection::vec(busy_op(), 0..400),
        k in 1usize..4,
        (shared, union) in (1u32..=20).prop_flat_map(|d| (1..=d, Just(d))),
    ) {
        let params = DedupParams {
            shingle: k,
            threshold: Similarity::new(shared, union),
            ..DedupParams::default()
        };
        check_against_model(params, ops)?;
    }

    /// Interleaving the complaints of two units differently gives every complaint the same answer.
    #[test]
    fn insert_order_of_unrelated_units_does_not_change_results(
        a in prop::collection::vec((0i64..200, text()), 0..40),
        b in prop::collection::vec((0i64..200, text()), 0..40),
        picks in prop::collection::vec(any::<bool>(), 80),
    ) {
        let run = |interleave: &dyn Fn(usize) -> bool| {
            let mut ix = index();
            let (mut i, mut j, mut out) = (0, 0, std::collections::BTreeMap::new());
            let mut step = 0;
            while i < a.len() || j < b.len() {
                let take_a = j == b.len() || (i < a.len() && interleave(step));
                step += 1;
                let (id, unit, (d, t)) = if take_a {
                    i += 1;
                    (format!("A-{i}"), "ua", &a[i - 1])
                } else {
                    j += 1;
                    (format!("B-{j}"), "ub", &b[j - 1])
                };
                let got = ix.insert(&id, unit, day(*d), t).map(answer);
                out.insert(id, got);
            }
            out
        };
        prop_assert_eq!(run(&|_| true), run(&|s| picks[s % picks.len()]));
    }
}
