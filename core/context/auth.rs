//! Authorization checks shared by every record kind: the actor's post, role **and unit**.
//!
//! A check that looks only at the role is a bug: every helper that admits a role also says for which
//! unit. Refusals are [`crate::Error::Forbidden`] naming the actor (an unknown actor is
//! [`crate::Error::NotFound`]).

use chrono::{DateTime, Utc};

use super::Cx;
use crate::error::{forbidden, not_found, Result};
use crate::org::{Acting, Role, Staff};

impl<'a> Cx<'a> {
    /// The staff member `actor`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] naming `actor` when no staff member has this id.
    pub(crate) fn staff(&self, actor: &str) -> Result<&'a Staff> {
        self.org
            .staff(actor)
            .ok_or_else(|| not_found("actor", actor, "no staff member has this id"))
    }

    /// `actor` holds one of `roles`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Forbidden`] naming the actor and the roles the action needs.
    pub(crate) fn require_role(&self, actor: &str, roles: &[Role]) -> Result<()> {
        if roles.iter().any(|r| self.org.has_role(actor, *r)) {
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
        self.org.staff(actor).is_some_and(|s| *s.unit == *unit)
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

    /// `actor` is the acting holder of `post` at `at` under the A/B rule.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Forbidden`] naming the actor and who acts for the post; the post's own errors.
    pub(crate) fn acting_for(&self, post: &str, actor: &str, at: DateTime<Utc>) -> Result<Acting> {
        let acting = self.org.acting_holder(post, at)?;
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
