//! The organisation (组织机构): units, posts with A/B backup (AB岗), staff with roles, and absences.
//!
//! Post responsibility (岗位责任制): every post has written duties and a holder (the A post) and may name
//! a backup post (the B post). [`Org::acting_holder`] applies the A/B rule of docs/rules.md §1: B acts for A
//! while A is away; if both are away the unit head covers, and that is a violation.
//!
//! Chief representatives (首席代表负责制): a unit's written delegation ([`Delegation`]) names the
//! representative who signs for it in the service hall, the commands and items covered and how long; the
//! role `chief_representative` alone grants nothing ([`Org::delegation_for`], docs/rules.md §1).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::error::{invalid, Error, Result};

/// Current version of the organisation document schema.
pub const ORG_SCHEMA: u32 = 1;

crate::names::wire_enum! {
    /// A role a staff member holds, which the engine checks before accepting a command.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Role {
        /// Window clerk (窗口工作人员): receives, notifies, accepts.
        WindowClerk = "window_clerk" / "窗口工作人员",
        /// Reviewer (审核人员): handles review steps.
        Reviewer = "reviewer" / "审核人员",
        /// Chief representative (首席代表): signs for the unit in the service hall.
        ChiefRepresentative = "chief_representative" / "首席代表",
        /// Unit head (单位负责人): extensions, sign-off, cover when A and B are both away.
        UnitHead = "unit_head" / "单位负责人",
        /// Supervisor (效能监督): complaints, inspections, sanctions.
        Supervisor = "supervisor" / "效能监督人员",
    }
}

/// A unit (单位 / 部门 / 科室 / 窗口); units nest through `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Host-supplied unit code.
    pub id: String,
    /// Name, e.g. `县市场监督管理局`.
    pub name: String,
    /// The unit this one belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The unit head (a staff id), who covers a post when its A and B holders are both away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
}

/// A post (岗位) with written duties, an A holder and an optional B (backup) post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// Host-supplied post id.
    pub id: String,
    /// The unit the post belongs to.
    pub unit: String,
    /// Title, e.g. `食品经营许可审核岗`.
    pub title: String,
    /// Written duties (岗位职责).
    #[serde(default)]
    pub duties: String,
    /// The staff member holding the post (A 岗).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// The backup post (B 岗), whose holder acts while this post's holder is away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<String>,
}

/// A staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Host-supplied staff id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The unit the staff member belongs to.
    pub unit: String,
    /// Roles held.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Rank for first-inquiry precedence (首问负责: when several are asked at once, the highest-ranking
    /// answers); larger is higher.
    #[serde(default)]
    pub rank: u32,
}

crate::names::wire_enum! {
    /// Who an appointed efficiency monitor (效能监督员) is, outside the administration.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum MonitorCategory {
        /// A people's congress deputy (人大代表).
        Deputy = "deputy" / "人大代表",
        /// A political consultative conference member (政协委员).
        Member = "member" / "政协委员",
        /// A retired cadre (离退休干部).
        Retiree = "retiree" / "离退休干部",
        /// An entrepreneur (企业家代表).
        Entrepreneur = "entrepreneur" / "企业家代表",
        /// Another citizen appointed (群众代表).
        Citizen = "citizen" / "群众代表",
    }
}

/// An appointed efficiency monitor (效能监督员 / 督察员): not staff, on a roster with a term, who may join or
/// lead inspections while the term runs, never of the unit they are affiliated with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitor {
    /// Host-supplied id, distinct from every staff id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Who they are.
    pub category: MonitorCategory,
    /// The unit they work in or came from, which they may not inspect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// First day of the term (local date).
    #[schemars(with = "crate::codec::IsoDate")]
    pub term_start: NaiveDate,
    /// Last day of the term (local date, inclusive).
    #[schemars(with = "crate::codec::IsoDate")]
    pub term_end: NaiveDate,
}

/// An absence (leave, training, travel): `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Who is away.
    pub staff: String,
    /// From (inclusive).
    #[schemars(with = "crate::codec::Instant")]
    pub start: DateTime<Utc>,
    /// Until (exclusive).
    #[schemars(with = "crate::codec::Instant")]
    pub end: DateTime<Utc>,
    /// Why, e.g. `annual leave`.
    #[serde(default)]
    pub reason: String,
}

/// The case commands a delegation may cover ([`Delegation::commands`]): the wire names of the commands
/// whose roles include `chief_representative` (the window's, the decision's, the hearing's and the joint
/// reply). Every one is a case command (`CaseCommand::NAMES`, checked by tests/authority_rules.rs).
pub const DELEGABLE_COMMANDS: &[&str] = &[
    "receive",
    "notify_corrections",
    "submit_corrections",
    "accept",
    "refuse",
    "decide",
    "deliver",
    "joint_reply",
    "withdraw",
    "notify_hearing_right",
    "hold_hearing",
];

/// A unit's written delegation (授权书) to its chief representative (首席代表) in the service hall: which
/// case commands the representative signs for the unit, on which of its items, and from when until when.
///
/// The representative holds the role `chief_representative` and may be a staff member of the hall or of
/// the unit itself: the delegation is what gives them the unit's authority. Without one covering the
/// command, the item and the instant, the role grants nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    /// The delegating unit.
    pub unit: String,
    /// The chief representative (a staff id with the role `chief_representative`).
    pub representative: String,
    /// The catalog item codes covered; every item the unit acts on when empty. The catalog checks them
    /// ([`crate::catalog::Catalog::new`]): items of the unit, or items it is consulted on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// The case commands covered, by wire name (`accept`, `decide`, ...): some of
    /// [`DELEGABLE_COMMANDS`].
    pub commands: Vec<String>,
    /// First day of validity (inclusive, in the calendar's time zone); valid from the start when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::IsoDate>")]
    pub from: Option<NaiveDate>,
    /// Last day of validity (inclusive, in the calendar's time zone); open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::IsoDate>")]
    pub until: Option<NaiveDate>,
}

impl Delegation {
    /// Whether the delegation covers the case command `command` (a wire name).
    ///
    /// ```
    /// use xiaoneng::{Document, Org};
    /// let org = Org::from_json(r#"{"schema": 1,
    ///   "units": [{"id": "amr", "name": "市场监管局"}, {"id": "hall", "name": "政务服务中心"}],
    ///   "staff": [{"id": "rep", "name": "首席代表", "unit": "hall", "roles": ["chief_representative"]}],
    ///   "delegations": [{"unit": "amr", "representative": "rep", "items": ["FOOD-001"],
    ///                    "commands": ["receive", "accept"], "from": "2026-01-01", "until": "2026-12-31"}]}"#)?;
    /// let d = &org.spec().delegations[0];
    /// assert!(d.covers_command("accept") && !d.covers_command("decide"));
    /// # Ok::<(), xiaoneng::Error>(())
    /// ```
    pub fn covers_command(&self, command: &str) -> bool {
        self.commands.iter().any(|c| c == command)
    }

    /// Whether the delegation covers the item `item` (every item when it lists none).
    ///
    /// ```
    /// use xiaoneng::{Document, Org};
    /// let org = Org::from_json(r#"{"schema": 1,
    ///   "units": [{"id": "amr", "name": "市场监管局"}, {"id": "hall", "name": "政务服务中心"}],
    ///   "staff": [{"id": "rep", "name": "首席代表", "unit": "hall", "roles": ["chief_representative"]}],
    ///   "delegations": [{"unit": "amr", "representative": "rep", "items": ["FOOD-001"],
    ///                    "commands": ["receive", "accept"], "from": "2026-01-01", "until": "2026-12-31"}]}"#)?;
    /// let d = &org.spec().delegations[0];
    /// assert!(d.covers_item("FOOD-001") && !d.covers_item("FIRE-007"));
    /// # Ok::<(), xiaoneng::Error>(())
    /// ```
    pub fn covers_item(&self, item: &str) -> bool {
        self.items.is_empty() || self.items.iter().any(|i| i == item)
    }

    /// Whether the delegation is valid on the local date `day` (`from <= day <= until`).
    ///
    /// ```
    /// use xiaoneng::{Document, Org};
    /// let org = Org::from_json(r#"{"schema": 1,
    ///   "units": [{"id": "amr", "name": "市场监管局"}, {"id": "hall", "name": "政务服务中心"}],
    ///   "staff": [{"id": "rep", "name": "首席代表", "unit": "hall", "roles": ["chief_representative"]}],
    ///   "delegations": [{"unit": "amr", "representative": "rep", "items": ["FOOD-001"],
    ///                    "commands": ["receive", "accept"], "from": "2026-01-01", "until": "2026-12-31"}]}"#)?;
    /// let d = &org.spec().delegations[0];
    /// let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// assert!(d.valid_on(day("2026-12-31")) && !d.valid_on(day("2027-01-01")));
    /// # Ok::<(), xiaoneng::Error>(())
    /// ```
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether the validity of two delegations shares a day.
    fn overlaps(&self, other: &Delegation) -> bool {
        let starts = self.from.max(other.from);
        let ends = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (starts, ends) {
            (Some(s), Some(e)) => s <= e,
            _ => true,
        }
    }
}

/// The organisation document: `{"schema": 1, "units": [...], "posts": [...], "staff": [...], "absences": [...],
/// "delegations": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgSpec {
    /// Schema version, must be 1.
    #[schemars(extend("const" = 1))]
    pub schema: u32,
    /// Units.
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Posts.
    #[serde(default)]
    pub posts: Vec<Post>,
    /// Staff.
    #[serde(default)]
    pub staff: Vec<Staff>,
    /// The roster of appointed efficiency monitors (效能监督员), with their terms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitors: Vec<Monitor>,
    /// Absences.
    #[serde(default)]
    pub absences: Vec<Absence>,
    /// Written delegations of units to their chief representatives (首席代表负责制).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegations: Vec<Delegation>,
}

/// Who acts for a post at an instant, and through which rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "via", rename_all = "snake_case", deny_unknown_fields)]
pub enum Acting {
    /// The A holder is present.
    Holder {
        /// The staff id.
        staff: String,
    },
    /// The A holder is away (or the post is vacant); the holder of the backup (B) post acts.
    Backup {
        /// The B holder's staff id.
        staff: String,
        /// The absent A holder; absent when the post is vacant.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        absent: Option<String>,
    },
    /// A and B are both away (or the post has no backup); the unit head covers. A violation of the A/B
    /// system (AB岗工作制), to be recorded.
    UnitHead {
        /// The unit head's staff id.
        staff: String,
        /// The absent holders (A, then B if any).
        absent: Vec<String>,
    },
}

impl Acting {
    /// The staff member who acts.
    pub fn staff(&self) -> &str {
        match self {
            Acting::Holder { staff } | Acting::Backup { staff, .. } | Acting::UnitHead { staff, .. } => staff,
        }
    }

    /// The holders passed over because they are away, in order (A, then B): none for
    /// [`Acting::Holder`]; the A holder for [`Acting::Backup`] (none when the post is vacant); A and B
    /// (as far as the post has them) for [`Acting::UnitHead`].
    pub fn absent(&self) -> &[String] {
        match self {
            Acting::Holder { .. } => &[],
            Acting::Backup { absent, .. } => absent.as_slice(),
            Acting::UnitHead { absent, .. } => absent,
        }
    }

    /// Whether this cover breaks the A/B system (both away, or no backup while A is away).
    pub fn is_violation(&self) -> bool {
        matches!(self, Acting::UnitHead { .. })
    }

    /// Through which rule: `holder`, `backup` or `unit_head` (the `via` tag of the JSON form).
    pub fn via(&self) -> &'static str {
        match self {
            Acting::Holder { .. } => "holder",
            Acting::Backup { .. } => "backup",
            Acting::UnitHead { .. } => "unit_head",
        }
    }
}

/// A validated organisation with indexes for lookups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OrgSpec", into = "OrgSpec")]
pub struct Org {
    spec: OrgSpec,
    // Lookups by id, one or more per command: hashed (foldhash), not ordered.
    units: Index,
    posts: Index,
    staff: Index,
    monitors: Index,
}

/// Ids to positions in the document's lists.
type Index = foldhash::HashMap<String, usize>;

impl From<Org> for OrgSpec {
    fn from(o: Org) -> Self {
        o.spec
    }
}

impl TryFrom<OrgSpec> for Org {
    type Error = Error;
    fn try_from(spec: OrgSpec) -> Result<Self> {
        Org::new(spec)
    }
}

fn index<T>(items: &[T], id: impl Fn(&T) -> &str, what: &str) -> Result<Index> {
    let mut map = Index::default();
    for (k, item) in items.iter().enumerate() {
        let key = id(item);
        if key.trim().is_empty() {
            return Err(invalid(format!("{what}[{k}].id"), "\"\"", "ids must not be empty"));
        }
        if let Some(first) = map.insert(key.to_string(), k) {
            return Err(invalid(
                format!("{what}[{k}].id"),
                key,
                format!("duplicates {what}[{first}].id"),
            ));
        }
    }
    Ok(map)
}

impl Org {
    /// Validates an organisation document and indexes it.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] naming the field: a wrong schema, duplicate or empty ids, references to unknown
    /// units, posts or staff, a unit that is its own ancestor, a post that backs itself up, an absence that
    /// ends before it starts; a delegation (`delegations[k].<field>`) of an unknown unit, to an unknown
    /// staff member or one without the role `chief_representative`, naming no command, a command that is
    /// not one of [`DELEGABLE_COMMANDS`] or one listed twice, an empty or repeated item, a validity that
    /// ends before it starts, or overlapping another delegation of the same unit to the same
    /// representative.
    pub fn new(spec: OrgSpec) -> Result<Self> {
        if spec.schema != ORG_SCHEMA {
            return Err(invalid(
                "schema",
                spec.schema,
                format!("this library reads org schema {ORG_SCHEMA}"),
            ));
        }
        let units = index(&spec.units, |u| &u.id, "units")?;
        let posts = index(&spec.posts, |p| &p.id, "posts")?;
        let staff = index(&spec.staff, |s| &s.id, "staff")?;
        let need = |map: &Index, field: String, id: &str, what: &str| -> Result<()> {
            if map.contains_key(id) {
                Ok(())
            } else {
                Err(invalid(field, id, format!("no {what} has this id")))
            }
        };
        for (k, u) in spec.units.iter().enumerate() {
            if let Some(p) = &u.parent {
                need(&units, format!("units[{k}].parent"), p, "unit")?;
            }
            if let Some(h) = &u.head {
                need(&staff, format!("units[{k}].head"), h, "staff member")?;
            }
            // Walk up: a cycle would never reach a root.
            let mut seen = BTreeSet::new();
            let mut cur = Some(u.id.as_str());
            while let Some(id) = cur {
                if !seen.insert(id) {
                    return Err(invalid(
                        format!("units[{k}].parent"),
                        u.parent.as_deref().unwrap_or(""),
                        "units nest in a cycle",
                    ));
                }
                cur = spec.units[units[id]].parent.as_deref();
            }
        }
        for (k, p) in spec.posts.iter().enumerate() {
            need(&units, format!("posts[{k}].unit"), &p.unit, "unit")?;
            if let Some(h) = &p.holder {
                need(&staff, format!("posts[{k}].holder"), h, "staff member")?;
            }
            if let Some(b) = &p.backup {
                need(&posts, format!("posts[{k}].backup"), b, "post")?;
                if *b == p.id {
                    return Err(invalid(format!("posts[{k}].backup"), b, "a post cannot back itself up"));
                }
            }
        }
        for (k, s) in spec.staff.iter().enumerate() {
            need(&units, format!("staff[{k}].unit"), &s.unit, "unit")?;
        }
        let monitors = index(&spec.monitors, |m| &m.id, "monitors")?;
        for (k, m) in spec.monitors.iter().enumerate() {
            if staff.contains_key(&m.id) {
                return Err(invalid(
                    format!("monitors[{k}].id"),
                    &m.id,
                    "a staff member has this id: a monitor is appointed from outside the staff",
                ));
            }
            if let Some(u) = &m.unit {
                need(&units, format!("monitors[{k}].unit"), u, "unit")?;
            }
            if m.term_end < m.term_start {
                return Err(invalid(
                    format!("monitors[{k}].term_end"),
                    m.term_end,
                    format!("before term_start {}", m.term_start),
                ));
            }
        }
        for (k, a) in spec.absences.iter().enumerate() {
            need(&staff, format!("absences[{k}].staff"), &a.staff, "staff member")?;
            if a.end <= a.start {
                return Err(invalid(
                    format!("absences[{k}].end"),
                    a.end,
                    format!("not after start {}", a.start),
                ));
            }
        }
        check_delegations(&spec, &units, &staff)?;
        Ok(Org {
            spec,
            units,
            posts,
            staff,
            monitors,
        })
    }

    /// The document.
    pub fn spec(&self) -> &OrgSpec {
        &self.spec
    }

    /// A unit by id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.get(id).map(|&k| &self.spec.units[k])
    }

    /// A post by id.
    pub fn post(&self, id: &str) -> Option<&Post> {
        self.posts.get(id).map(|&k| &self.spec.posts[k])
    }

    /// An appointed efficiency monitor (效能监督员) by id.
    pub fn monitor(&self, id: &str) -> Option<&Monitor> {
        self.monitors.get(id).map(|&k| &self.spec.monitors[k])
    }

    /// Whether monitor `id` is serving on local date `day` (within the term, both ends included).
    ///
    /// ```
    /// use xiaoneng::{Document, Org};
    /// let org = Org::from_json(r#"{"schema": 1, "monitors": [{"id": "m-1", "name": "张明",
    ///     "category": "deputy", "term_start": "2026-01-01", "term_end": "2027-12-31"}]}"#).unwrap();
    /// assert!(org.monitor_serving("m-1", "2026-06-01".parse().unwrap()));
    /// assert!(!org.monitor_serving("m-1", "2028-01-01".parse().unwrap()));
    /// ```
    pub fn monitor_serving(&self, id: &str, day: NaiveDate) -> bool {
        self.monitor(id)
            .is_some_and(|m| m.term_start <= day && day <= m.term_end)
    }

    /// A staff member by id.
    pub fn staff(&self, id: &str) -> Option<&Staff> {
        self.staff.get(id).map(|&k| &self.spec.staff[k])
    }

    /// Whether a staff member holds a role.
    pub fn has_role(&self, staff: &str, role: Role) -> bool {
        self.staff(staff).is_some_and(|s| s.roles.contains(&role))
    }

    /// Whether a staff member is away at an instant (an absence with `start <= at < end`).
    pub fn is_absent(&self, staff: &str, at: DateTime<Utc>) -> bool {
        self.spec
            .absences
            .iter()
            .any(|a| a.staff == staff && a.start <= at && at < a.end)
    }

    /// Who acts for `post` at `at` under the A/B rule: the A holder if present, else the B post's holder if
    /// present, else the unit head (a violation).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the post is unknown, or nobody can act (no holder, and no backup holder or
    /// unit head present).
    pub fn acting_holder(&self, post: &str, at: DateTime<Utc>) -> Result<Acting> {
        let p = self
            .post(post)
            .ok_or_else(|| crate::error::not_found("post", post, "no post has this id"))?;
        let mut absent = Vec::new();
        if let Some(a) = &p.holder {
            if !self.is_absent(a, at) {
                return Ok(Acting::Holder { staff: a.clone() });
            }
            absent.push(a.clone());
        }
        if let Some(b) = p
            .backup
            .as_deref()
            .and_then(|b| self.post(b))
            .and_then(|b| b.holder.as_ref())
        {
            if !self.is_absent(b, at) {
                return Ok(Acting::Backup {
                    staff: b.clone(),
                    absent: absent.first().cloned(),
                });
            }
            absent.push(b.clone());
        }
        match self.unit(&p.unit).and_then(|u| u.head.as_ref()) {
            Some(h) if !self.is_absent(h, at) => Ok(Acting::UnitHead {
                staff: h.clone(),
                absent,
            }),
            _ => Err(invalid(
                "post",
                post,
                format!("nobody can act at {at}: holder, backup holder and unit head are absent or unset"),
            )),
        }
    }

    /// The delegations of `unit` to `representative`, in document order (at most one is valid on any day).
    ///
    /// ```
    /// use xiaoneng::{Document, Org};
    /// let org = Org::from_json(r#"{"schema": 1,
    ///   "units": [{"id": "amr", "name": "市场监管局"}, {"id": "hall", "name": "政务服务中心"}],
    ///   "staff": [{"id": "rep", "name": "首席代表", "unit": "hall", "roles": ["chief_representative"]}],
    ///   "delegations": [{"unit": "amr", "representative": "rep", "items": ["FOOD-001"],
    ///                    "commands": ["receive", "accept"], "from": "2026-01-01", "until": "2026-12-31"}]}"#)?;
    /// assert_eq!(org.delegations_of("amr", "rep").count(), 1);
    /// assert_eq!(org.delegations_of("hall", "rep").count(), 0);
    /// # Ok::<(), xiaoneng::Error>(())
    /// ```
    pub fn delegations_of<'s>(
        &'s self,
        unit: &'s str,
        representative: &'s str,
    ) -> impl Iterator<Item = &'s Delegation> {
        self.spec
            .delegations
            .iter()
            .filter(move |d| d.unit == unit && d.representative == representative)
    }

    /// The delegation of `unit` to `representative` covering the case command `command` on `item` on the
    /// local date `day`, if any: what lets a chief representative sign the command for the unit.
    ///
    /// ```
    /// use xiaoneng::{Document, Org};
    /// let org = Org::from_json(r#"{"schema": 1,
    ///   "units": [{"id": "amr", "name": "市场监管局"}, {"id": "hall", "name": "政务服务中心"}],
    ///   "staff": [{"id": "rep", "name": "首席代表", "unit": "hall", "roles": ["chief_representative"]}],
    ///   "delegations": [{"unit": "amr", "representative": "rep", "items": ["FOOD-001"],
    ///                    "commands": ["receive", "accept"], "from": "2026-01-01", "until": "2026-12-31"}]}"#)?;
    /// let day = "2026-10-08".parse::<chrono::NaiveDate>().unwrap();
    /// assert!(org.delegation_for("amr", "rep", "FOOD-001", "accept", day).is_some());
    /// assert!(org.delegation_for("amr", "rep", "FOOD-001", "decide", day).is_none());
    /// # Ok::<(), xiaoneng::Error>(())
    /// ```
    pub fn delegation_for(
        &self,
        unit: &str,
        representative: &str,
        item: &str,
        command: &str,
        day: NaiveDate,
    ) -> Option<&Delegation> {
        self.spec.delegations.iter().find(|d| {
            d.unit == unit
                && d.representative == representative
                && d.valid_on(day)
                && d.covers_command(command)
                && d.covers_item(item)
        })
    }

    /// Whether `staff` may act for `post` at `at` (the acting holder under the A/B rule).
    pub fn may_act_for(&self, staff: &str, post: &str, at: DateTime<Utc>) -> bool {
        self.acting_holder(post, at).is_ok_and(|a| a.staff() == staff)
    }
}

/// The delegations' checks of [`Org::new`].
fn check_delegations(spec: &OrgSpec, units: &Index, staff: &Index) -> Result<()> {
    for (k, d) in spec.delegations.iter().enumerate() {
        let f = |s: &str| format!("delegations[{k}].{s}");
        if !units.contains_key(&d.unit) {
            return Err(invalid(f("unit"), &d.unit, "no unit has this id"));
        }
        let Some(&s) = staff.get(&d.representative) else {
            return Err(invalid(
                f("representative"),
                &d.representative,
                "no staff member has this id",
            ));
        };
        if !spec.staff[s].roles.contains(&Role::ChiefRepresentative) {
            return Err(invalid(
                f("representative"),
                &d.representative,
                "a unit delegates to a chief representative (a staff member with role chief_representative)",
            ));
        }
        if d.commands.is_empty() {
            return Err(invalid(
                f("commands"),
                "[]",
                "a delegation names the commands it covers",
            ));
        }
        for (j, c) in d.commands.iter().enumerate() {
            if !DELEGABLE_COMMANDS.contains(&c.as_str()) {
                return Err(invalid(
                    f(&format!("commands[{j}]")),
                    c,
                    format!(
                        "not a case command a chief representative signs; one of {}",
                        DELEGABLE_COMMANDS.join(", ")
                    ),
                ));
            }
            if d.commands[..j].contains(c) {
                return Err(invalid(f(&format!("commands[{j}]")), c, "listed twice"));
            }
        }
        for (j, i) in d.items.iter().enumerate() {
            if i.trim().is_empty() {
                return Err(invalid(
                    f(&format!("items[{j}]")),
                    "\"\"",
                    "item codes must not be empty",
                ));
            }
            if d.items[..j].contains(i) {
                return Err(invalid(f(&format!("items[{j}]")), i, "listed twice"));
            }
        }
        if let (Some(from), Some(until)) = (d.from, d.until) {
            if until < from {
                return Err(invalid(f("until"), until, format!("before from {from}")));
            }
        }
        if let Some(j) = spec.delegations[..k]
            .iter()
            .position(|e| e.unit == d.unit && e.representative == d.representative && e.overlaps(d))
        {
            return Err(invalid(
                f("representative"),
                &d.representative,
                format!(
                    "unit `{}` already delegates to this representative for days of this validity \
                     (delegations[{j}]): one written delegation per unit and representative at a time",
                    d.unit
                ),
            ));
        }
    }
    Ok(())
}

impl crate::Document for Org {
    const SCHEMA: u32 = ORG_SCHEMA;

    /// Reads an organisation document from JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] naming the field for malformed documents; [`Error::Invalid`] as [`Org::new`].
    fn from_json(text: &str) -> Result<Self> {
        Org::new(codec::from_json(text)?)
    }

    /// Reads an organisation document from TOML.
    ///
    /// # Errors
    ///
    /// As [`Org::from_json`].
    fn from_toml(text: &str) -> Result<Self> {
        Org::new(codec::from_toml(text)?)
    }

    /// The document as JSON.
    fn to_json(&self) -> String {
        codec::to_json(&self.spec)
    }
}
