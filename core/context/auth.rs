//! Authorization checks shared by every record kind: the actor's post, role **and unit**.
//!
//! A check that looks only at the role is a bug: every helper that admits a role also says for which
//! unit. Refusals are [`crate::Error::Forbidden`] naming the actor (an unknown actor is
//! [`crate::Error::NotFound`]).
//!
//! The rule (docs/rules.md §1 "Who may do what"): staff act on the cases of their own unit (the item's
//! unit; for a joint reply, the consulted unit); a central intake window (集中受理, the policy's `intake`)
//! also receives, notifies, takes corrections, accepts and refuses for the units it serves
//! ([`Cx::require_window`] with [`Intake::Served`]); an extension is approved in the case's unit or its
//! superior ([`Cx::require_approver`]); supervisors of the efficiency office act across units only in
//! supervisory commands ([`Cx::require_case_unit_or_supervisor`]).
//!
//! Chief representatives (首席代表负责制): the role `chief_representative` alone grants nothing
//! ([`Cx::require_role`] never admits it). A chief representative signs a case command for a unit only
//! under that unit's written delegation covering the command, the case's item and the day
//! ([`Cx::delegated`], the one place the role grants authority), whatever unit they belong to
//! ([`Cx::or_delegated`], which the window's, the decision's and the joint reply's checks go through).

use chrono::{DateTime, Utc};

use super::{Cx, ItemRules};
use crate::error::{forbidden, invalid, not_found, Result};
use crate::event::{Accountable, Rule};
use crate::org::{Acting, Role, Staff};

/// The roles of the window (窗口): receiving, one-time notice, corrections, acceptance, refusal, delivery,
/// withdrawal (a chief representative under a delegation only, [`Cx::or_delegated`]).
pub(crate) const WINDOW: [Role; 3] = [Role::WindowClerk, Role::ChiefRepresentative, Role::UnitHead];

/// Whether a window command is one a central intake window may issue for the units it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intake {
    /// Receive, notify corrections, take corrections, accept, refuse: the item's unit or an intake window
    /// that takes the item in.
    Served,
    /// Everything else the window does (delivery, withdrawal): the item's unit only.
    NotServed,
}

impl<'a> Cx<'a> {
    /// The staff member `actor`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] naming `actor` when no staff member has this id.
    pub(crate) fn staff(&self, actor: &str) -> Result<&'a Staff> {
        self.find_staff(actor)
            .ok_or_else(|| not_found("actor", actor, "no staff member has this id"))
    }

    /// The staff member `actor`, if any.
    pub(crate) fn find_staff(&self, actor: &str) -> Option<&'a Staff> {
        self.org.staff(actor)
    }

    /// `actor` holds one of `roles` by their own authority: `chief_representative` never counts here (it
    /// grants only what a delegation covers, [`Cx::or_delegated`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Forbidden`] naming the actor and the roles the action needs.
    pub(crate) fn require_role(&self, actor: &str, roles: &[Role]) -> Result<()> {
        if self.find_staff(actor).is_some_and(|s| {
            roles
                .iter()
                .any(|r| *r != Role::ChiefRepresentative && s.roles.contains(r))
        }) {
            return Ok(());
        }
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Err(forbidden(
            "actor",
            actor,
            format!("needs one of the roles {}", names.join(", ")),
        ))
    }

    /// Whether `actor` is a staff member of `unit`.
    pub(crate) fn in_unit(&self, actor: &str, unit: &str) -> bool {
        self.find_staff(actor).is_some_and(|s| *s.unit == *unit)
    }

    /// `actor` is a staff member of `unit` (`what` names the unit's part, e.g. "the case's unit").
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown actor; [`crate::Error::Forbidden`] naming the actor's
    /// unit and the unit needed.
    pub(crate) fn require_unit(&self, actor: &str, unit: &str, what: &str) -> Result<()> {
        let staff = self.staff(actor)?;
        if *staff.unit != *unit {
            return Err(forbidden(
                "actor",
                actor,
                format!("a staff member of unit `{}`, not of {what} `{unit}`", staff.unit),
            ));
        }
        Ok(())
    }

    /// `actor` is a staff member of `unit` holding one of `roles`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Forbidden`] naming the actor, the unit and the roles.
    pub(crate) fn require_role_in(&self, actor: &str, unit: &str, roles: &[Role], what: &str) -> Result<()> {
        self.require_unit(actor, unit, what)?;
        self.require_role(actor, roles)
    }

    /// `actor` is a supervisor of the efficiency office (role `supervisor`) and, when `outside` is given,
    /// not a staff member of that unit: no one supervises their own unit (`what` says what they would do,
    /// e.g. "act on a complaint about it").
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown actor; [`crate::Error::Forbidden`] naming the actor, for a
    /// staff member without the role or of the unit supervised.
    pub(crate) fn require_supervisor(&self, actor: &str, outside: Option<&str>, what: &str) -> Result<()> {
        self.staff(actor)?;
        self.require_role(actor, &[Role::Supervisor])?;
        if let Some(unit) = outside {
            if self.in_unit(actor, unit) {
                return Err(forbidden(
                    "actor",
                    actor,
                    format!("a staff member of `{unit}` may not {what}"),
                ));
            }
        }
        Ok(())
    }

    /// `who` may inspect `unit` on the day of `at`: a supervisor (staff with the role) outside the unit, or an
    /// appointed monitor serving on the day and not affiliated with the unit. `field` names where `who` was
    /// given. Inspections (their team) and the rater groups of pledges (supervisors, monitors) read it.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for neither a staff member nor a monitor; [`crate::Error::Forbidden`]
    /// naming `field` otherwise.
    pub(crate) fn require_inspector(&self, field: &str, who: &str, unit: &str, at: DateTime<Utc>) -> Result<()> {
        if let Some(staff) = self.find_staff(who) {
            if !staff.roles.contains(&Role::Supervisor) {
                return Err(forbidden(
                    field,
                    who,
                    "an inspector on the staff needs the role supervisor",
                ));
            }
            if *staff.unit == *unit {
                return Err(forbidden(
                    field,
                    who,
                    format!("a staff member of `{unit}` may not inspect their own unit"),
                ));
            }
            return Ok(());
        }
        let m = self
            .org
            .monitor(who)
            .ok_or_else(|| not_found(field, who, "no staff member or appointed monitor has this id"))?;
        let day = self.cal.local_date(at);
        if !(m.term_start <= day && day <= m.term_end) {
            return Err(forbidden(
                field,
                who,
                format!(
                    "the monitor's term runs {} to {}, not on {day}",
                    m.term_start, m.term_end
                ),
            ));
        }
        if m.unit.as_deref() == Some(unit) {
            return Err(forbidden(
                field,
                who,
                format!("a monitor affiliated with `{unit}` may not inspect it"),
            ));
        }
        Ok(())
    }

    /// The unit `unit` belongs to (its superior), if any.
    pub(crate) fn superior_of(&self, unit: &str) -> Option<&'a str> {
        self.org.unit(unit).and_then(|u| u.parent.as_deref())
    }

    /// `actor` is a staff member of the case's unit `unit` holding one of `roles`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown actor; [`crate::Error::Forbidden`] naming the actor and
    /// its unit (another unit) or the roles it lacks.
    pub(crate) fn require_case_unit(&self, actor: &str, unit: &str, roles: &[Role]) -> Result<()> {
        self.require_role_in(actor, unit, roles, "the case's unit")
    }

    /// Whether `staff` belongs to a central intake window (集中受理) that takes in the item.
    pub(crate) fn may_take_in(&self, staff: &Staff, item: &ItemRules) -> bool {
        item.intake.iter().any(|u| **u == *staff.unit)
    }

    /// `actor` may issue the window command `command` at `at` on a case of `item`: a window clerk or
    /// unit head of the item's unit or, for the commands an intake serves, of a central intake window
    /// that takes the item in; or a chief representative under a delegation of the item's unit
    /// ([`Cx::or_delegated`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown actor; [`crate::Error::Forbidden`] naming the actor and
    /// its unit, or the roles it lacks, and for a chief representative the delegation missing.
    pub(crate) fn require_window(
        &self,
        actor: &str,
        item: &ItemRules,
        intake: Intake,
        command: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let own = self.require_window_own(actor, item, intake);
        self.or_delegated(own, actor, &item.unit, &item.code, command, at)
    }

    /// [`Cx::require_window`] by the actor's own unit and roles.
    fn require_window_own(&self, actor: &str, item: &ItemRules, intake: Intake) -> Result<()> {
        let staff = self.staff(actor)?;
        if *staff.unit != *item.unit {
            let served = intake == Intake::Served && self.may_take_in(staff, item);
            if !served {
                let not_intake = match intake {
                    Intake::NotServed if self.may_take_in(staff, item) => {
                        " (an intake window receives, notifies, accepts and refuses for the units it serves, nothing else)"
                    }
                    Intake::Served if !self.policy.intake.is_empty() => " nor of an intake window that takes it in",
                    _ => "",
                };
                return Err(forbidden(
                    "actor",
                    actor,
                    format!(
                        "a staff member of unit `{}`, not of the case's unit `{}`{not_intake}",
                        staff.unit, item.unit
                    ),
                ));
            }
        }
        self.require_role(actor, &WINDOW)
    }

    /// Whether `actor` is a chief representative (role `chief_representative`) to whom `unit` delegates in
    /// writing the case command `command` on the item `item`, valid on the local day of `at`: the one place
    /// the role grants authority (首席代表负责制).
    pub(crate) fn delegated(&self, actor: &str, unit: &str, item: &str, command: &str, at: DateTime<Utc>) -> bool {
        self.org.has_role(actor, Role::ChiefRepresentative)
            && self
                .org
                .delegation_for(unit, actor, item, command, self.cal.local_date(at))
                .is_some()
    }

    /// `own` is the check of `actor`'s own authority for the case command `command` on `item` at `at` in
    /// `unit`; when it refuses (forbidden) a chief representative, a delegation of `unit` covering the
    /// command, the item and the day admits them instead ([`Cx::delegated`]).
    ///
    /// # Errors
    ///
    /// `own`'s error; for a chief representative without a covering delegation, [`crate::Error::Forbidden`]
    /// naming the actor, with `own`'s reason and which delegation is missing (none of the unit to them,
    /// none valid on the day, or one not covering the command or the item).
    pub(crate) fn or_delegated(
        &self,
        own: Result<()>,
        actor: &str,
        unit: &str,
        item: &str,
        command: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let Err(e) = own else { return Ok(()) };
        if e.code() != crate::error::ErrorCode::Forbidden || !self.org.has_role(actor, Role::ChiefRepresentative) {
            return Err(e);
        }
        if self.delegated(actor, unit, item, command, at) {
            return Ok(());
        }
        Err(forbidden(
            "actor",
            actor,
            format!(
                "{}; as chief representative: {}",
                e.reason(),
                self.missing_delegation(actor, unit, item, command, at)
            ),
        ))
    }

    /// Which delegation `actor` lacks to sign `command` on `item` for `unit` at `at`.
    fn missing_delegation(&self, actor: &str, unit: &str, item: &str, command: &str, at: DateTime<Utc>) -> String {
        let day = self.cal.local_date(at);
        let of = format!("the delegation of unit `{unit}` to `{actor}`");
        let all: Vec<_> = self.org.delegations_of(unit, actor).collect();
        if all.is_empty() {
            return format!(
                "unit `{unit}` has no written delegation to `{actor}` (the role alone grants nothing); \
                 command `{command}` on item `{item}` needs one"
            );
        }
        let valid: Vec<_> = all.iter().filter(|d| d.valid_on(day)).collect();
        if valid.is_empty() {
            let spans: Vec<String> = all
                .iter()
                .map(|d| {
                    let from = d.from.map_or("the start".to_string(), |f| f.to_string());
                    let until = d.until.map_or("further notice".to_string(), |u| u.to_string());
                    format!("from {from} until {until}")
                })
                .collect();
            return format!("{of} is valid {}, not on {day}", spans.join("; "));
        }
        let by_command: Vec<_> = valid.iter().filter(|d| d.covers_command(command)).collect();
        if by_command.is_empty() {
            let covered: Vec<&str> = valid
                .iter()
                .flat_map(|d| d.commands.iter().map(String::as_str))
                .collect();
            return format!(
                "{of} does not cover the command `{command}` (it covers {})",
                covered.join(", ")
            );
        }
        let covered: Vec<&str> = by_command
            .iter()
            .flat_map(|d| d.items.iter().map(String::as_str))
            .collect();
        format!(
            "{of} for `{command}` does not cover the item `{item}` (it covers {})",
            covered.join(", ")
        )
    }

    /// `actor` may approve an extension of a case of `unit`: a holder of the policy's approver role
    /// (`extension.approver_role`) in the case's unit or its superior unit; when that role is `supervisor`,
    /// a supervisor of any unit (the efficiency office approves: a supervisory act). For a joint item under
    /// a policy with a joint rule (`extension.joint`, art. 42 ¶2): a holder of its approver role in its
    /// approving unit, or in the superior unit of the case's unit (the people's government), never the
    /// case's own unit.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] for an unknown actor; [`crate::Error::Forbidden`] naming the actor and
    /// the role or the units it needs.
    pub(crate) fn require_approver(&self, actor: &str, unit: &str, kind: crate::policy::ItemKind) -> Result<()> {
        if let (Some(joint), crate::policy::ItemKind::Joint) = (&self.policy.extension.joint, kind) {
            let staff = self.staff(actor)?;
            let approving = joint.approver_unit.as_deref().or_else(|| self.superior_of(unit));
            self.require_role(actor, &[joint.approver_role])?;
            return match approving {
                Some(a) if *staff.unit == *a => Ok(()),
                Some(a) => Err(forbidden(
                    "actor",
                    actor,
                    format!(
                        "a {} of unit `{}`; a joint item's extension is approved by the {} of `{a}` (art. 42)",
                        joint.approver_role, staff.unit, joint.approver_role
                    ),
                )),
                None => Err(forbidden(
                    "actor",
                    actor,
                    format!("the case's unit `{unit}` has no superior unit to approve a joint item's extension"),
                )),
            };
        }
        let role = self.policy.extension.approver_role;
        let staff = self.staff(actor)?;
        self.require_role(actor, &[role])?;
        if role == Role::Supervisor {
            return Ok(());
        }
        let superior = self.superior_of(unit);
        if *staff.unit == *unit || superior == Some(&*staff.unit) {
            return Ok(());
        }
        let units = match superior {
            Some(s) => format!("the case's unit `{unit}` or its superior `{s}`"),
            None => format!("the case's unit `{unit}`"),
        };
        Err(forbidden(
            "actor",
            actor,
            format!(
                "a {role} of unit `{}`; an extension is approved by the {role} of {units}",
                staff.unit
            ),
        ))
    }

    /// `actor` holds one of `roles` in the case's unit `unit`, or is a supervisor of the efficiency office
    /// (any unit): a supervisory command.
    ///
    /// # Errors
    ///
    /// As [`Cx::require_case_unit`].
    pub(crate) fn require_case_unit_or_supervisor(&self, actor: &str, unit: &str, roles: &[Role]) -> Result<()> {
        if self.staff(actor)?.roles.contains(&Role::Supervisor) {
            return Ok(());
        }
        self.require_case_unit(actor, unit, roles)
    }

    /// `superior` is a leader a negative decision of `unit` is reported to (否定报备): a unit head of `unit`
    /// or of its superior unit.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming `superior` and why (not a staff member, not a unit head, or a unit
    /// head of another unit).
    pub(crate) fn require_leader_of(&self, superior: &str, unit: &str) -> Result<()> {
        let Some(staff) = self.org.staff(superior) else {
            return Err(invalid("superior", superior, "no staff member has this id"));
        };
        if !staff.roles.contains(&Role::UnitHead) {
            return Err(invalid(
                "superior",
                superior,
                "the report goes to a leader (a staff member with role unit_head)",
            ));
        }
        let up = self.superior_of(unit);
        if *staff.unit != *unit && up != Some(&*staff.unit) {
            let units = match up {
                Some(s) => format!("`{unit}` or of its superior `{s}`"),
                None => format!("`{unit}`"),
            };
            return Err(invalid(
                "superior",
                superior,
                format!(
                    "a unit head of unit `{}`; the report goes to the head of the case's unit {units}",
                    staff.unit
                ),
            ));
        }
        Ok(())
    }

    /// `actor` is the acting holder of `post` at `at` under the A/B rule.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Forbidden`] naming the actor and who acts for the post; the post's own errors.
    /// When A and B are both away and the policy says the unit head does not cover
    /// (`ab_posts.unit_head_covers = false`), the unit head's act is refused too: nobody may act for the
    /// post until A or B is back.
    pub(crate) fn acting_for(&self, post: &str, actor: &str, at: DateTime<Utc>) -> Result<Acting> {
        let acting = self.org.acting_holder(post, at)?;
        if acting.is_violation() && !self.policy.ab_posts.unit_head_covers {
            return Err(forbidden(
                "actor",
                actor,
                format!(
                    "post `{post}`: A and B are away at {at} ({}) and the policy does not let the unit head \
                     cover (`ab_posts.unit_head_covers = false`); wait for A or B",
                    acting.absent().join(", ")
                ),
            ));
        }
        if acting.staff() != actor {
            return Err(forbidden(
                "actor",
                actor,
                format!(
                    "post `{post}` is held at {at} by `{}` ({})",
                    acting.staff(),
                    acting_via(&acting)
                ),
            ));
        }
        Ok(acting)
    }
}

fn acting_via(a: &Acting) -> &'static str {
    match a {
        Acting::Holder { .. } => "the A holder",
        Acting::Backup { .. } => "the B holder while A is away",
        Acting::UnitHead { .. } => "the unit head while A and B are away",
    }
}

/// Accountability (责任倒查): who answers for a breach (docs/rules.md §1 "Accountability").
impl<'a> Cx<'a> {
    /// Whether the policy records violations of `rule`: its standing system ([`Rule::system`]) is listed in
    /// the policy's `systems`.
    pub(crate) fn records(&self, rule: Rule) -> bool {
        self.policy.has_system(rule.system())
    }

    /// Who answers for a breach at `at` of a duty of `post` (if the rule belongs to a post) in `unit`: the
    /// post, who acted for it at `at` under the A/B rule (none when nobody could: A and B away and the
    /// unit head absent, or not covering under the policy), the unit and its head; the responsible person
    /// is the acting one, else the unit head.
    pub(crate) fn accountable(&self, unit: &str, post: Option<&str>, at: DateTime<Utc>) -> Accountable {
        let acting = post
            .and_then(|p| self.org.acting_holder(p, at).ok())
            .filter(|a| !a.is_violation() || self.policy.ab_posts.unit_head_covers);
        let unit_head = self.org.unit(unit).and_then(|u| u.head.clone());
        Accountable {
            responsible: acting
                .as_ref()
                .map(|a| a.staff().to_string())
                .or_else(|| unit_head.clone()),
            post: post.map(str::to_string),
            acting,
            unit: Some(unit.to_string()),
            unit_head,
        }
    }

    /// Whom a case of `unit` escalates to: the supervisors of the efficiency office (every staff member
    /// with the `supervisor` role, in id order), then the unit's head if not among them.
    pub(crate) fn escalation(&self, unit: &str) -> Vec<String> {
        let mut to = self.rules.supervisors.clone();
        if let Some(h) = self.org.unit(unit).and_then(|u| u.head.as_ref()) {
            if !to.contains(h) {
                to.push(h.clone());
            }
        }
        to
    }
}
