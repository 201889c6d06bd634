//! The context every record kind decides and applies in ([`Cx`]): the policy, calendar, organisation and
//! catalog, what the engine prepares once from them ([`Rules`]: one template clock per limit, so a case's
//! clocks share their configuration, and item codes and units as shared strings), and the authorization
//! checks shared by all record kinds ([`auth`]).
//!
//! It sits below the record kinds (case, inquiry, ...) and above the documents, so that each record's
//! `decide` and `apply` get everything they need without knowing the engine.

pub(crate) mod auth;
#[cfg(test)]
pub(crate) mod fixture;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::calendar::Calendar;
use crate::catalog::{Catalog, ServiceItem};
use crate::clock::{Clock, Limit};
use crate::error::not_found;
use crate::error::{invalid, Result};
use crate::org::Org;
use crate::policy::{DeemedAt, OnTimeout, Policy};

/// Template clocks and shared strings for a policy and catalog.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    pub(crate) notice: Clock,
    pub(crate) negative_report: Clock,
    pub(crate) delivery: Clock,
    pub(crate) consult: Clock,
    pub(crate) rating_wait: Option<Clock>,
    pub(crate) rating_follow_up: Clock,
    pub(crate) inquiry: Clock,
    /// The applicant's limit to request a hearing, from the notice of the right (art. 47).
    pub(crate) hearing_request: Clock,
    /// The limit to hold a requested hearing, from the request (art. 47).
    pub(crate) hearing: Clock,
    /// A renewal's lead before the licence's expiry, counted from receipt (art. 50).
    pub(crate) renewal_lead: Clock,
    /// The limit to decide acceptance once corrections are handed in (art. 32 (5)).
    pub(crate) acceptance: Clock,
    /// The applicant's limit to hand in corrections, from a one-time notice, when the policy sets one.
    pub(crate) corrections: Option<Clock>,
    /// A complaint's acceptance-decision limit, from its registration.
    pub(crate) complaint_acceptance: Clock,
    /// A complaint's handling limit, from its acceptance, extendable once (the policy's
    /// `complaints.extension_limit`).
    pub(crate) complaint_handling: Clock,
    /// The reply limit to a named complainant, from the closing.
    pub(crate) complaint_reply: Clock,
    /// Per item, by catalog position ([`Catalog::position`] finds an item code's).
    pub(crate) items: Vec<ItemRules>,
    /// The supervisors of the efficiency office (staff with the `supervisor` role), in id order: whom a
    /// case escalates to, with its unit head.
    pub(crate) supervisors: Vec<String>,
}

/// An item's template clocks and shared strings.
#[derive(Debug, Clone)]
pub(crate) struct ItemRules {
    pub(crate) code: Arc<str>,
    pub(crate) unit: Arc<str>,
    /// The decision clock: statutory and pledged limits, extension rule, signals.
    pub(crate) decision: Clock,
    /// One per procedure step.
    pub(crate) steps: Vec<Clock>,
    /// The names of the item's materials, shared by the cases that hand them in.
    pub(crate) materials: Vec<Arc<str>>,
    /// The central intake windows (集中受理) that take the item in, besides its own unit (the policy's
    /// `intake`).
    pub(crate) intake: Vec<Arc<str>>,
    /// What happens when the decision limit passes undecided, and which deadline triggers a deemed
    /// outcome (`ServiceItem::timeout_rule`: the item's own, else the policy's for its kind).
    pub(crate) timeout: (OnTimeout, DeemedAt),
}

impl ItemRules {
    /// Whether a deemed approval comes at the statutory deadline (a threshold the decision clock's
    /// timing leaves to the case's timers).
    pub(crate) fn deemed_at_statutory(&self) -> bool {
        self.timeout == (OnTimeout::DeemedApproved, DeemedAt::Statutory)
    }
}

impl ItemRules {
    /// A material name, shared with the item's list when it is one of its materials.
    pub(crate) fn material(&self, name: &str) -> Arc<str> {
        match self.materials.iter().find(|m| ***m == *name) {
            Some(m) => Arc::clone(m),
            None => Arc::from(name),
        }
    }
}

/// The next instant one of the `watched` clocks changes after `now` (each with the rule its breach
/// breaks), and the last day they rest on. A clock whose rule the policy does not record is not watched:
/// no violation would be recorded. What a record kind whose timers are its clocks' breaches (a complaint,
/// a pledge) answers for its next timer.
pub(crate) fn next_due_of<'c>(
    cx: &Cx,
    now: DateTime<Utc>,
    watched: impl Iterator<Item = (&'c Clock, crate::event::Rule)>,
) -> Result<crate::event::Next> {
    let mut next = crate::event::Next::default();
    for (clock, rule) in watched {
        if !cx.records(rule) {
            continue;
        }
        let t = clock.timing(cx.cal, now)?;
        if let Some(at) = t.next_change {
            next.at = Some(next.at.map_or(at, |n| n.min(at)));
        }
        next.horizon = next.horizon.max(t.horizon);
    }
    Ok(next)
}

/// The deadlines of the `watched` clocks under `cal` as of `at`, each named, with whether it is
/// provisional: what a calendar change compares.
pub(crate) fn deadlines_of<'c>(
    cal: &Calendar,
    at: DateTime<Utc>,
    watched: impl Iterator<Item = (crate::event::ClockName, &'c Clock)>,
) -> Result<Vec<crate::event::WatchedDeadline>> {
    let mut out = Vec::new();
    for (name, clock) in watched {
        out.extend(crate::event::WatchedDeadline::of(name, clock.deadlines(cal, at)?));
    }
    Ok(out)
}

/// A clock configured by the policy (start-day rule, end of the deadline day), as a template.
/// A clock of `limit` under the policy's start-day and deadline-end rules, started at the epoch (a record
/// restarts it at its start).
pub(crate) fn template(policy: &Policy, limit: Limit) -> Clock {
    Clock::new(limit, DateTime::<Utc>::UNIX_EPOCH)
        .with_start_rule(policy.start_rule)
        .with_deadline_end(policy.deadline_end)
}

impl Rules {
    /// The templates of a policy and catalog, for an organisation.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] naming the item when its limits do not make a valid decision clock under
    /// the policy's extension rule and signals; naming the policy's field (`intake[0].unit`, ...) when an
    /// intake window names a unit or item the organisation or catalog does not have.
    pub(crate) fn new(policy: &Policy, org: &Org, catalog: &Catalog) -> Result<Self> {
        check_intake(policy, org, catalog)?;
        let mut items = Vec::with_capacity(catalog.items().len());
        for (k, item) in catalog.items().iter().enumerate() {
            let decision = template(policy, item.statutory_limit)
                .with_pledged(item.pledged_limit)
                .and_then(|c| c.with_extension_rule(policy.extension.rule_for(item.kind)))
                .and_then(|c| c.with_signals(policy.signals))
                .map_err(|e| invalid(format!("items[{k}]"), &item.code, e.to_string()))?;
            items.push(ItemRules {
                code: Arc::from(item.code.as_str()),
                unit: Arc::from(item.unit.as_str()),
                decision,
                steps: item.steps.iter().map(|s| template(policy, s.limit)).collect(),
                materials: item.materials.iter().map(|m| Arc::from(m.name.as_str())).collect(),
                intake: policy
                    .intake
                    .iter()
                    .filter(|i| i.takes_in(&item.code, &item.unit, item.kind))
                    .map(|i| Arc::from(i.unit.as_str()))
                    .collect(),
                timeout: item.timeout_rule(policy),
            });
        }
        Ok(Rules {
            notice: template(policy, policy.one_time_notice_limit),
            negative_report: template(policy, policy.negative_report_limit),
            delivery: template(policy, policy.delivery_limit),
            consult: template(policy, policy.joint_review.consult_limit),
            rating_wait: policy.rating.default_after.map(|l| template(policy, l)),
            rating_follow_up: template(policy, policy.rating.follow_up_limit),
            inquiry: template(policy, policy.inquiry_answer_limit),
            hearing_request: template(policy, policy.hearing.request_limit),
            hearing: template(policy, policy.hearing.hold_limit),
            renewal_lead: template(policy, policy.renewal.lead),
            acceptance: template(policy, policy.acceptance_after_corrections_limit()),
            corrections: policy.corrections.applicant_limit.map(|l| template(policy, l)),
            complaint_acceptance: template(policy, policy.complaints.acceptance_limit),
            complaint_handling: template(policy, policy.complaints.handling_limit)
                .with_extension_rule(crate::clock::ExtensionRule {
                    max_count: 1,
                    max_total: Some(policy.complaints.extension_limit.amount),
                })
                .map_err(|e| {
                    invalid(
                        "complaints.extension_limit",
                        policy.complaints.extension_limit.amount,
                        e.to_string(),
                    )
                })?,
            complaint_reply: template(policy, policy.complaints.reply_limit),
            items,
            supervisors: {
                let mut s: Vec<String> = org
                    .spec()
                    .staff
                    .iter()
                    .filter(|s| s.roles.contains(&crate::org::Role::Supervisor))
                    .map(|s| s.id.clone())
                    .collect();
                s.sort();
                s
            },
        })
    }
}

/// The policy's intake windows name units of the organisation and items of the catalog.
fn check_intake(policy: &Policy, org: &Org, catalog: &Catalog) -> Result<()> {
    if let Some(unit) = policy.extension.joint.as_ref().and_then(|j| j.approver_unit.as_ref()) {
        if org.unit(unit).is_none() {
            return Err(invalid(
                "extension.joint.approver_unit",
                unit,
                "no unit of the organisation has this id",
            ));
        }
    }
    for (k, intake) in policy.intake.iter().enumerate() {
        if org.unit(&intake.unit).is_none() {
            return Err(invalid(
                format!("intake[{k}].unit"),
                &intake.unit,
                "no unit of the organisation has this id",
            ));
        }
        for (j, code) in intake.items.iter().enumerate() {
            if catalog.item(code).is_none() {
                return Err(invalid(
                    format!("intake[{k}].items[{j}]"),
                    code,
                    "no item of the catalog has this code",
                ));
            }
        }
        for (j, unit) in intake.item_units.iter().enumerate() {
            if org.unit(unit).is_none() {
                return Err(invalid(
                    format!("intake[{k}].item_units[{j}]"),
                    unit,
                    "no unit of the organisation has this id",
                ));
            }
        }
    }
    Ok(())
}

/// Everything a case needs to apply an event or find what is due: the context ([`Cx`], reached through
/// `Deref`: `ctx.cal`, `ctx.policy`, ...), and its item's rules.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub(crate) cx: Cx<'a>,
    pub(crate) item: &'a ServiceItem,
    pub(crate) item_rules: &'a ItemRules,
    /// The item's catalog position.
    pub(crate) ix: u32,
}

/// What the engine prepares for opening a matter, from beyond the matter: the registered violation's facts
/// (when a violation opens it), the matter already opened on that violation, and the person's sanctions
/// confirmed so far (what the ladder counts).
#[derive(Debug, Clone, Default)]
pub(crate) struct MatterInput {
    /// The facts of the registered violation named, when there is one.
    pub(crate) facts: Option<crate::sanction::ViolationFacts>,
    /// The matter already opened on that violation.
    pub(crate) taken_by: Option<String>,
    /// The sanctions confirmed so far, as the ladder counts them.
    pub(crate) history: Vec<crate::sanction::PriorRecord>,
}

/// Everything a record kind needs to decide a command, apply an event or find what is due.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub(crate) policy: &'a Policy,
    pub(crate) cal: &'a Calendar,
    pub(crate) org: &'a Org,
    pub(crate) catalog: &'a Catalog,
    pub(crate) rules: &'a Rules,
    /// The original complaint a complaint being registered repeats (the same matter), as the engine found
    /// it among the complaints it holds; `None` otherwise.
    pub(crate) repeat_of: Option<&'a str>,
    /// What the engine prepared for opening an accountability matter (the registered violation's facts,
    /// the history of confirmed sanctions); `None` otherwise.
    pub(crate) matter: Option<&'a MatterInput>,
}

impl<'a> Cx<'a> {
    /// The item context of the item at catalog position `k` (placed when its case was received).
    pub(crate) fn item_at(&self, k: u32) -> Ctx<'a> {
        let ix = k as usize;
        Ctx {
            cx: *self,
            item: &self.catalog.items()[ix],
            item_rules: &self.rules.items[ix],
            ix: k,
        }
    }

    /// The item context of an item code.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] naming `item` when the catalog has no such item.
    pub(crate) fn item(&self, code: &str) -> Result<Ctx<'a>> {
        let k = self
            .catalog
            .position(code)
            .ok_or_else(|| not_found("item", code, "no item in the catalog has this code"))?;
        Ok(self.item_at(k as u32))
    }
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Cx<'a>;

    fn deref(&self) -> &Cx<'a> {
        &self.cx
    }
}
