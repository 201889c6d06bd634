//! The inspection plan (明查暗访): which units, by which inspectors, committed before the period.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Stream;
use crate::error::{corrupt, invalid, not_found, Result};

/// A unit that may be inspected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    /// The unit's id (e.g. `amr`); unique in the request.
    pub id: String,
    /// Its risk stratum (`high`, `medium`, `low`, or any name). A JSON integer is read as its decimal
    /// text (`1` as `"1"`), so `strata` names it `"1"`.
    #[serde(deserialize_with = "stratum_text")]
    pub stratum: String,
    /// Inspectors the unit excludes besides its own staff (a conflict of interest, say); optional.
    #[serde(default)]
    pub exclude_inspectors: Vec<String>,
}

/// A stratum given as a string or an integer, as text.
fn stratum_text<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a stratum name (a string or an integer)")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Text)
}

/// An inspector and the unit they belong to (they never inspect it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectorEntry {
    /// The inspector's id (a staff id); unique in the request.
    pub id: String,
    /// The inspector's own unit (need not be one of the units to inspect).
    pub unit: String,
}

/// What a period's inspection draw draws from. Its JSON form:
///
/// ```json
/// {"units": [{"id": "amr", "stratum": "high", "exclude_inspectors": ["s-x"]}, ...],
///  "inspectors": [{"id": "s-sup", "unit": "eff"}, ...],
///  "strata": {"high": 2, "medium": 1},
///  "team_size": 2,
///  "inspected_last_period": ["fire"]}
/// ```
///
/// `exclude_inspectors` and `inspected_last_period` may be left out (none); unknown fields are refused.
/// Order never matters: every list is sorted before the draw.
///
/// ```
/// use xiaoneng::draw::InspectionRequest;
///
/// let r = InspectionRequest::from_json(r#"{"units": [{"id": "amr", "stratum": "high"}],
///     "inspectors": [{"id": "s-sup", "unit": "eff"}], "strata": {"high": 1}, "team_size": 1}"#).unwrap();
/// assert_eq!(r.draw(1).unwrap().assignments[0].inspectors, ["s-sup"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionRequest {
    /// The units that may be inspected.
    pub units: Vec<UnitEntry>,
    /// The inspectors available.
    pub inspectors: Vec<InspectorEntry>,
    /// How many units to draw from each stratum; a stratum not named here is not drawn from.
    pub strata: BTreeMap<String, u32>,
    /// How many inspectors go to each unit drawn (at least 1).
    pub team_size: u32,
    /// Units inspected in the last period: not drawn this period.
    #[serde(default)]
    pub inspected_last_period: Vec<String>,
}

impl InspectionRequest {
    /// Reads a request from JSON.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field of a malformed request or an unknown field.
    ///
    /// ```
    /// use xiaoneng::draw::InspectionRequest;
    ///
    /// let e = InspectionRequest::from_json(r#"{"units": [], "inspectors": [], "strata": {}, "team": 2}"#);
    /// assert_eq!(e.unwrap_err().field(), Some("team"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        crate::codec::from_json(text)
    }

    /// The plan of this request with `seed` ([`inspection_plan`]).
    ///
    /// # Errors
    ///
    /// As [`inspection_plan`].
    ///
    /// ```
    /// use xiaoneng::draw::InspectionRequest;
    ///
    /// let r = InspectionRequest::from_json(r#"{"units": [{"id": "amr", "stratum": "high"}],
    ///     "inspectors": [{"id": "s-amr", "unit": "amr"}], "strata": {"high": 1}, "team_size": 1}"#).unwrap();
    /// assert_eq!(r.draw(1).unwrap_err().field(), Some("units[0]"));
    /// ```
    pub fn draw(&self, seed: u64) -> Result<InspectionPlan> {
        inspection_plan(self, seed)
    }
}

/// One unit of the plan and its team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The unit drawn.
    pub unit: String,
    /// Its stratum.
    pub stratum: String,
    /// Its inspectors, sorted by id.
    pub inspectors: Vec<String>,
}

/// A drawn plan: the seed, the units drawn with their teams (sorted by unit id) and the commitment
/// (lowercase hex SHA-256 of [`canonical_form`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionPlan {
    /// The seed the plan was drawn with.
    pub seed: u64,
    /// The units drawn and their teams, sorted by unit id.
    pub assignments: Vec<Assignment>,
    /// SHA-256 (lowercase hex) of the canonical form of (seed, request, assignments).
    pub commitment: String,
}

impl InspectionPlan {
    /// The plan as compact JSON: `{"seed", "assignments": [{"unit", "stratum", "inspectors"}],
    /// "commitment"}`.
    ///
    /// ```
    /// use xiaoneng::draw::InspectionPlan;
    ///
    /// let p = InspectionPlan { seed: 1, assignments: vec![], commitment: "00".into() };
    /// assert_eq!(p.to_json(), r#"{"seed":1,"assignments":[],"commitment":"00"}"#);
    /// ```
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}

/// What a verifier checks after the reveal, in its JSON form: `{"request": {...}, "seed": S,
/// "assignments": [...], "commitment": "<hex recorded before the period>"}`.
///
/// ```
/// use xiaoneng::draw::{InspectionRequest, PlanCheck};
///
/// let request = InspectionRequest::from_json(r#"{"units": [{"id": "amr", "stratum": "high"}],
///     "inspectors": [{"id": "s-sup", "unit": "eff"}], "strata": {"high": 1}, "team_size": 1}"#).unwrap();
/// let plan = request.draw(9).unwrap();
/// let check = PlanCheck { request, seed: 9, assignments: plan.assignments, commitment: plan.commitment };
/// assert!(PlanCheck::from_json(&serde_json::to_string(&check).unwrap()).unwrap().verify().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanCheck {
    /// The request as drawn from.
    pub request: InspectionRequest,
    /// The revealed seed.
    pub seed: u64,
    /// The revealed plan.
    pub assignments: Vec<Assignment>,
    /// The commitment recorded before the period.
    pub commitment: String,
}

impl PlanCheck {
    /// Reads a check from JSON.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] naming the field of a malformed document or an unknown field.
    ///
    /// ```
    /// use xiaoneng::draw::PlanCheck;
    ///
    /// assert_eq!(PlanCheck::from_json("{}").unwrap_err().field(), Some("."));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        crate::codec::from_json(text)
    }

    /// [`verify_plan`] of this check.
    ///
    /// # Errors
    ///
    /// As [`verify_plan`].
    ///
    /// ```
    /// use xiaoneng::draw::{InspectionRequest, PlanCheck};
    ///
    /// let request = InspectionRequest::from_json(r#"{"units": [], "inspectors": [], "strata": {},
    ///     "team_size": 1}"#).unwrap();
    /// let check = PlanCheck { request, seed: 9, assignments: vec![], commitment: "0".repeat(64) };
    /// assert_eq!(check.verify().unwrap_err().field(), Some("commitment"));
    /// ```
    pub fn verify(&self) -> Result<()> {
        verify_plan(&self.request, self.seed, &self.assignments, &self.commitment)
    }
}

/// The request with every list sorted (and excluded ids deduplicated): what the draw and the canonical
/// form read.
#[derive(Serialize)]
struct Normal<'a> {
    units: Vec<NormalUnit<'a>>,
    inspectors: Vec<&'a InspectorEntry>,
    strata: &'a BTreeMap<String, u32>,
    team_size: u32,
    inspected_last_period: Vec<&'a str>,
}

#[derive(Serialize)]
struct NormalUnit<'a> {
    id: &'a str,
    stratum: &'a str,
    exclude_inspectors: Vec<&'a str>,
    /// Position as given, for errors.
    #[serde(skip)]
    given: usize,
}

/// The canonical form of (seed, request, plan) that the commitment hashes: compact JSON (no whitespace,
/// serde_json's escaping: `"` `\` and control characters only, other characters as UTF-8) of
///
/// `{"v":1,"seed":S,"request":{"units":[{"id","stratum","exclude_inspectors"}],
/// "inspectors":[{"id","unit"}],"strata":{..},"team_size":N,"inspected_last_period":[..]},
/// "assignments":[{"unit","stratum","inspectors"}]}`
///
/// with the keys in exactly this order, every field present, units sorted by id, each unit's
/// `exclude_inspectors` sorted and deduplicated, inspectors sorted by id, strata by name,
/// `inspected_last_period` sorted and deduplicated (all by UTF-8 bytes), and the assignments as given.
///
/// ```
/// use xiaoneng::draw::{canonical_form, InspectionRequest};
///
/// let r = InspectionRequest::from_json(r#"{"units": [], "inspectors": [], "strata": {}, "team_size": 2}"#).unwrap();
/// assert_eq!(canonical_form(&r, 5, &[]), concat!(r#"{"v":1,"seed":5,"request":{"units":[],"inspectors":[],"#,
///     r#""strata":{},"team_size":2,"inspected_last_period":[]},"assignments":[]}"#));
/// ```
pub fn canonical_form(request: &InspectionRequest, seed: u64, assignments: &[Assignment]) -> String {
    canonical(&normal(request), seed, assignments)
}

fn canonical(normal: &Normal<'_>, seed: u64, assignments: &[Assignment]) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        v: u32,
        seed: u64,
        request: &'a Normal<'a>,
        assignments: &'a [Assignment],
    }
    crate::codec::to_json(&Canonical {
        v: 1,
        seed,
        request: normal,
        assignments,
    })
}

fn commitment_of(canonical: &str) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn normal(request: &InspectionRequest) -> Normal<'_> {
    let mut units: Vec<NormalUnit<'_>> = request
        .units
        .iter()
        .enumerate()
        .map(|(given, u)| {
            let mut ex: Vec<&str> = u.exclude_inspectors.iter().map(String::as_str).collect();
            ex.sort_unstable();
            ex.dedup();
            NormalUnit {
                id: &u.id,
                stratum: &u.stratum,
                exclude_inspectors: ex,
                given,
            }
        })
        .collect();
    units.sort_by(|a, b| a.id.cmp(b.id).then(a.given.cmp(&b.given)));
    let mut inspectors: Vec<&InspectorEntry> = request.inspectors.iter().collect();
    inspectors.sort_by(|a, b| a.id.cmp(&b.id));
    let mut last: Vec<&str> = request.inspected_last_period.iter().map(String::as_str).collect();
    last.sort_unstable();
    last.dedup();
    Normal {
        units,
        inspectors,
        strata: &request.strata,
        team_size: request.team_size,
        inspected_last_period: last,
    }
}

/// Checks ids: unique and not empty (`Invalid` naming the second occurrence as given).
fn check_ids(normal: &Normal<'_>, request: &InspectionRequest) -> Result<()> {
    for w in normal.units.windows(2) {
        if w[0].id == w[1].id {
            return Err(invalid(format!("units[{}].id", w[1].given), w[1].id, "given twice"));
        }
    }
    for (i, u) in request.units.iter().enumerate() {
        if u.id.is_empty() {
            return Err(invalid(format!("units[{i}].id"), "", "must not be empty"));
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(request.inspectors.len());
    for (i, x) in request.inspectors.iter().enumerate() {
        if x.id.is_empty() {
            return Err(invalid(format!("inspectors[{i}].id"), "", "must not be empty"));
        }
        if seen.insert(&x.id, i).is_some() {
            return Err(invalid(format!("inspectors[{i}].id"), &x.id, "given twice"));
        }
    }
    Ok(())
}

/// Draws a period's inspection plan from `request` with `seed`.
///
/// The rules, in order (docs/rules.md, "Inspection draws and feedback sampling"):
///
/// 1. Every list is sorted by id first, so the order of the input never matters.
/// 2. For each stratum named in `strata` (by name), its units not inspected last period are eligible
///    (sorted by id); the stratum's count of them is drawn (a partial Fisher-Yates shuffle on the
///    `"plan"` stream of the seed).
/// 3. Every unit drawn needs `team_size` different inspectors, none of the unit itself (an inspector's
///    `unit`) and none the unit excludes. No inspector gets more than `ceil(units drawn × team_size /
///    inspectors)` units (the load limit).
/// 4. The units drawn are shuffled; each in turn takes, for each place of its team, an inspector drawn
///    uniformly from those still under the limit, who may inspect it and is not on its team yet. When
///    none is left, inspectors are exchanged along a path (an inspector moves from another unit to this
///    one, that unit takes another inspector, ...; the shortest such path, found breadth-first), which
///    fills the place whenever any plan can.
/// 5. The plan lists the units drawn by id, each team by id; the commitment is SHA-256 of
///    [`canonical_form`].
///
/// # Errors
///
/// [`crate::Error::Invalid`] for: `team_size` 0; a unit or inspector id given twice or empty
/// (`units[k].id`, `inspectors[k].id`); a stratum asking for more units than it has eligible
/// (`strata.<name>`, saying how many are in it and how many were inspected last period); a unit drawn
/// that cannot have a full team (`units[k]`, the unit's id as value, saying how many inspectors are its
/// own, how many it excludes, or that the load limit leaves none). [`crate::Error::NotFound`] for an
/// exclusion naming no inspector (`units[k].exclude_inspectors[j]`) or a unit inspected last period that
/// is not a unit (`inspected_last_period[j]`). `k`, `j` are positions as given.
///
/// ```
/// use xiaoneng::draw::{inspection_plan, verify_plan, InspectionRequest};
///
/// let request = InspectionRequest::from_json(r#"{
///     "units": [{"id": "amr", "stratum": "high"}, {"id": "fire", "stratum": "high"},
///               {"id": "hall", "stratum": "low"}, {"id": "gov", "stratum": "low"}],
///     "inspectors": [{"id": "s-sup", "unit": "eff"}, {"id": "s-fire", "unit": "fire"},
///                    {"id": "s-rev", "unit": "amr"}],
///     "strata": {"high": 1, "low": 1}, "team_size": 2, "inspected_last_period": ["gov"]}"#).unwrap();
/// let plan = inspection_plan(&request, 20261001).unwrap();
/// assert_eq!(plan.assignments.len(), 2);
/// assert!(plan.assignments.iter().any(|a| a.unit == "hall"));
/// for a in &plan.assignments {
///     assert!(!a.inspectors.contains(&format!("s-{}", a.unit).replace("s-amr", "s-rev")));
/// }
/// verify_plan(&request, 20261001, &plan.assignments, &plan.commitment).unwrap();
/// ```
pub fn inspection_plan(request: &InspectionRequest, seed: u64) -> Result<InspectionPlan> {
    let normal = normal(request);
    let assignments = draw(&normal, request, seed)?;
    let commitment = commitment_of(&canonical(&normal, seed, &assignments));
    Ok(InspectionPlan {
        seed,
        assignments,
        commitment,
    })
}

/// Verifies a revealed plan: draws the plan of `request` and `seed` again and checks that it is
/// `assignments`, and that `commitment` (recorded before the period) is the SHA-256 of the canonical form
/// of (seed, request, assignments). Anyone with the request can check it once the seed is revealed.
///
/// # Errors
///
/// [`crate::Error::Corrupt`] when the plan is not the seed's (`assignments[k]`, the first that differs,
/// or `assignments` when their number differs) or the commitment does not match (`commitment`); the
/// errors of [`inspection_plan`] when the request cannot be drawn from.
///
/// ```
/// use xiaoneng::draw::{inspection_plan, verify_plan, InspectionRequest};
/// use xiaoneng::ErrorCode;
///
/// let request = InspectionRequest::from_json(r#"{"units": [{"id": "amr", "stratum": "high"},
///     {"id": "fire", "stratum": "high"}], "inspectors": [{"id": "s-sup", "unit": "eff"}],
///     "strata": {"high": 1}, "team_size": 1}"#).unwrap();
/// let plan = inspection_plan(&request, 1).unwrap();
/// let mut forged = plan.assignments.clone();
/// forged[0].unit = if forged[0].unit == "amr" { "fire".into() } else { "amr".into() };
/// let e = verify_plan(&request, 1, &forged, &plan.commitment).unwrap_err();
/// assert_eq!((e.code(), e.field()), (ErrorCode::Corrupt, Some("assignments[0]")));
/// ```
pub fn verify_plan(request: &InspectionRequest, seed: u64, assignments: &[Assignment], commitment: &str) -> Result<()> {
    let normal = normal(request);
    let drawn = draw(&normal, request, seed)?;
    if let Some(k) = drawn.iter().zip(assignments).position(|(a, b)| a != b) {
        return Err(corrupt(
            format!("assignments[{k}]"),
            &assignments[k].unit,
            format!(
                "not the plan of this seed and request: it has unit {} with {}",
                drawn[k].unit,
                drawn[k].inspectors.join(", ")
            ),
        ));
    }
    if drawn.len() != assignments.len() {
        return Err(corrupt(
            "assignments",
            assignments.len(),
            format!("the plan of this seed and request has {} units", drawn.len()),
        ));
    }
    let expected = commitment_of(&canonical(&normal, seed, assignments));
    if !commitment.eq_ignore_ascii_case(&expected) {
        return Err(corrupt(
            "commitment",
            commitment,
            format!("not the SHA-256 of this seed, request and plan ({expected})"),
        ));
    }
    Ok(())
}

/// The draw itself (rules 2-5 of [`inspection_plan`]).
fn draw(normal: &Normal<'_>, request: &InspectionRequest, seed: u64) -> Result<Vec<Assignment>> {
    if request.team_size == 0 {
        return Err(invalid("team_size", 0, "must be at least 1"));
    }
    check_ids(normal, request)?;
    let inspectors = &normal.inspectors;
    let inspector_index: HashMap<&str, u32> = inspectors
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i as u32))
        .collect();
    let unit_index: HashMap<&str, usize> = normal.units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    // Exclusions by unit, as sorted inspector indices.
    let mut excluded: Vec<Vec<u32>> = Vec::with_capacity(normal.units.len());
    for u in &normal.units {
        let mut ex = Vec::with_capacity(u.exclude_inspectors.len());
        for id in &u.exclude_inspectors {
            match inspector_index.get(id) {
                Some(&i) => ex.push(i),
                None => {
                    let j = request.units[u.given]
                        .exclude_inspectors
                        .iter()
                        .position(|x| x == id)
                        .unwrap_or(0);
                    return Err(not_found(
                        format!("units[{}].exclude_inspectors[{j}]", u.given),
                        id,
                        "no inspector has this id",
                    ));
                }
            }
        }
        ex.sort_unstable();
        excluded.push(ex);
    }
    let mut last = vec![false; normal.units.len()];
    for (j, id) in request.inspected_last_period.iter().enumerate() {
        match unit_index.get(id.as_str()) {
            Some(&u) => last[u] = true,
            None => {
                return Err(not_found(
                    format!("inspected_last_period[{j}]"),
                    id,
                    "no unit has this id",
                ));
            }
        }
    }
    // The unit of each inspector, as a unit index when it is one of the units.
    let own: Vec<Option<usize>> = inspectors
        .iter()
        .map(|x| unit_index.get(x.unit.as_str()).copied())
        .collect();
    let mut own_count = vec![0usize; normal.units.len()];
    for u in own.iter().flatten() {
        own_count[*u] += 1;
    }

    let mut stream = Stream::new("plan", seed);

    // Rule 2: the units of each stratum.
    let mut by_stratum: BTreeMap<&str, (Vec<usize>, usize)> = BTreeMap::new();
    for (i, u) in normal.units.iter().enumerate() {
        let entry = by_stratum.entry(u.stratum).or_default();
        if last[i] {
            entry.1 += 1;
        } else {
            entry.0.push(i);
        }
    }
    let mut drawn: Vec<usize> = Vec::new();
    for (name, &count) in normal.strata {
        let mut none = (Vec::new(), 0);
        let (eligible, skipped) = match by_stratum.get_mut(name.as_str()) {
            Some(entry) => entry,
            None => &mut none,
        };
        let count = count as usize;
        if count > eligible.len() {
            return Err(invalid(
                format!("strata.{name}"),
                count,
                format!(
                    "only {} of the stratum's {} units may be drawn ({} inspected last period)",
                    eligible.len(),
                    eligible.len() + *skipped,
                    skipped
                ),
            ));
        }
        stream.partial_shuffle(eligible, count);
        drawn.extend_from_slice(&eligible[..count]);
    }
    drawn.sort_unstable();

    // Rule 3: whether each unit drawn has enough inspectors at all (in unit id order).
    let team = request.team_size as usize;
    let may = |u: usize, x: u32| own[x as usize] != Some(u) && excluded[u].binary_search(&x).is_err();
    for &u in &drawn {
        let own_n = own_count[u];
        let ex_n = excluded[u].iter().filter(|&&x| own[x as usize] != Some(u)).count();
        let eligible = inspectors.len() - own_n - ex_n;
        if eligible < team {
            return Err(invalid(
                format!("units[{}]", normal.units[u].given),
                normal.units[u].id,
                format!(
                    "needs {team} inspectors but only {eligible} of the {} may inspect it ({own_n} are its own, \
                     {ex_n} excluded by it)",
                    inspectors.len()
                ),
            ));
        }
    }
    let total = drawn.len() * team;
    let limit = if total == 0 {
        0
    } else {
        total.div_ceil(inspectors.len())
    };

    // Rule 4: teams.
    let mut order = drawn.clone();
    let n = order.len();
    stream.partial_shuffle(&mut order, n);
    let slot_of: HashMap<usize, usize> = drawn.iter().enumerate().map(|(s, &u)| (u, s)).collect();
    let mut teams: Vec<Vec<u32>> = vec![Vec::with_capacity(team); drawn.len()];
    let mut loads = Loads::new(inspectors.len(), limit);
    for &u in &order {
        let slot = slot_of[&u];
        for _ in 0..team {
            let mut chosen = None;
            let available = &loads.available;
            if !available.is_empty() {
                for _ in 0..32 {
                    let x = available[stream.below(available.len() as u64) as usize];
                    if may(u, x) && !teams[slot].contains(&x) {
                        chosen = Some(x);
                        break;
                    }
                }
                if chosen.is_none() {
                    let start = stream.below(available.len() as u64) as usize;
                    chosen = (0..available.len())
                        .map(|k| available[(start + k) % available.len()])
                        .find(|&x| may(u, x) && !teams[slot].contains(&x));
                }
            }
            if let Some(x) = chosen {
                teams[slot].push(x);
                loads.holds[x as usize].push(slot);
                loads.gain(x);
                continue;
            }
            let Some((first, steps)) = exchange(slot, &drawn, &teams, &loads, &may) else {
                return Err(invalid(
                    format!("units[{}]", normal.units[u].given),
                    normal.units[u].id,
                    format!(
                        "no full team of {team} within the load limit of {limit} units per inspector ({} units \
                         drawn, {} inspectors): every inspector who may inspect it is at the limit and none can \
                         be exchanged",
                        drawn.len(),
                        inspectors.len()
                    ),
                ));
            };
            // The slot takes `first`; each slot on the path gives up the inspector before and takes the next.
            teams[slot].push(first);
            loads.holds[first as usize].push(slot);
            let mut given = first;
            for (s, next) in steps {
                teams[s].retain(|&y| y != given);
                teams[s].push(next);
                loads.holds[given as usize].retain(|&z| z != s);
                loads.holds[next as usize].push(s);
                given = next;
            }
            // Only the path's last inspector has one unit more.
            loads.gain(given);
        }
    }

    // Rule 5.
    Ok(drawn
        .iter()
        .zip(teams)
        .map(|(&u, t)| {
            let mut names: Vec<String> = t.iter().map(|&x| inspectors[x as usize].id.clone()).collect();
            names.sort_unstable();
            Assignment {
                unit: normal.units[u].id.to_string(),
                stratum: normal.units[u].stratum.to_string(),
                inspectors: names,
            }
        })
        .collect())
}

/// An exchange path for one more place of `slot`'s team (breadth-first over the residual graph: a unit
/// may take an inspector who may inspect it and is not on its team; an inspector at the limit may leave
/// a unit that then needs another): the first inspector, then (slot, the inspector it takes instead)
/// pairs, ending with an inspector under the limit. `None` when no path exists.
fn exchange(
    slot: usize,
    drawn: &[usize],
    teams: &[Vec<u32>],
    loads: &Loads,
    may: &impl Fn(usize, u32) -> bool,
) -> Option<(u32, Vec<(usize, u32)>)> {
    let inspectors = loads.load.len();
    // parent of an inspector: the slot that reached it; parent of a slot: the inspector it gives up.
    let mut via_slot: Vec<Option<usize>> = vec![None; inspectors];
    let mut via_inspector: Vec<Option<u32>> = vec![None; drawn.len()];
    let mut seen_slot = BTreeSet::new();
    seen_slot.insert(slot);
    let mut queue = VecDeque::from([slot]);
    while let Some(s) = queue.pop_front() {
        for x in 0..inspectors as u32 {
            if via_slot[x as usize].is_some() || !may(drawn[s], x) || teams[s].contains(&x) {
                continue;
            }
            via_slot[x as usize] = Some(s);
            if loads.load[x as usize] < loads.limit {
                // Walk back: x was reached from s, s gives up via_inspector[s] (reached from its own parent).
                let mut steps = Vec::new();
                let mut cur_x = x;
                let mut cur_s = s;
                while cur_s != slot {
                    steps.push((cur_s, cur_x));
                    let gave = via_inspector[cur_s].expect("a slot on the path gives up an inspector");
                    cur_x = gave;
                    cur_s = via_slot[gave as usize].expect("an inspector on the path was reached");
                }
                steps.reverse();
                return Some((cur_x, steps));
            }
            for &t in &loads.holds[x as usize] {
                if seen_slot.insert(t) {
                    via_inspector[t] = Some(x);
                    queue.push_back(t);
                }
            }
        }
    }
    None
}

/// The inspectors' loads: units held, the slots of each, and those still under the limit.
struct Loads {
    load: Vec<usize>,
    holds: Vec<Vec<usize>>,
    limit: usize,
    /// Inspectors under the limit (any order), and the place of each in it.
    available: Vec<u32>,
    pos: Vec<usize>,
}

impl Loads {
    fn new(inspectors: usize, limit: usize) -> Self {
        Loads {
            load: vec![0; inspectors],
            holds: vec![Vec::new(); inspectors],
            limit,
            available: (0..inspectors as u32).collect(),
            pos: (0..inspectors).collect(),
        }
    }

    /// `x` holds one unit more; at the limit it is no longer available.
    fn gain(&mut self, x: u32) {
        self.load[x as usize] += 1;
        if self.load[x as usize] == self.limit {
            let p = self.pos[x as usize];
            self.available.swap_remove(p);
            if let Some(&moved) = self.available.get(p) {
                self.pos[moved as usize] = p;
            }
        }
    }
}
