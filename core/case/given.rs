//! Given / when / then for the case: events given, a command, the events or the error expected. Unit
//! tests beside the code use it; it runs `decide` and `apply` directly, without an engine.

use chrono::{DateTime, Utc};

use super::command::CaseCommand;
use super::Case;
use crate::context::{Cx, Rules};
use crate::error::{Error, ErrorCode};
use crate::event::EventKind;
use crate::{Calendar, Catalog, Document, Org, Policy};

/// The county preset, the county organisation and catalog fixtures, and what the engine prepares.
pub(crate) struct Fixture {
    policy: Policy,
    cal: Calendar,
    org: Org,
    catalog: Catalog,
    rules: Rules,
}

impl Fixture {
    /// The county configuration.
    pub(crate) fn county() -> Fixture {
        let policy = Policy::from_toml(include_str!("../../presets/county.toml")).expect("county preset");
        let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).expect("org fixture");
        let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org)
            .expect("catalog fixture");
        let cal = policy.calendar().expect("calendar");
        let rules = Rules::new(&policy, &catalog).expect("rules");
        Fixture {
            policy,
            cal,
            org,
            catalog,
            rules,
        }
    }

    /// The context records decide in.
    pub(crate) fn cx(&self) -> Cx<'_> {
        Cx {
            policy: &self.policy,
            cal: &self.cal,
            org: &self.org,
            catalog: &self.catalog,
            rules: &self.rules,
        }
    }

    /// Given these events (instant, actor, event) on case `C1`: the case they build.
    pub(crate) fn given(&self, events: &[(&str, Option<&str>, EventKind)]) -> Given<'_> {
        let cx = self.cx();
        let mut case: Option<Case> = None;
        for (at, actor, event) in events {
            let at = instant(at);
            let c = match case.as_mut() {
                Some(c) => c,
                None => case.insert(super::init("C1", at, event, &cx).expect("the first event creates the case")),
            };
            let ctx = cx.item_at(c.item_ix);
            c.apply(at, *actor, event, &ctx).expect("given events apply");
        }
        Given {
            fixture: self,
            case: case.expect("at least one given event"),
        }
    }
}

/// A case built from given events.
pub(crate) struct Given<'a> {
    fixture: &'a Fixture,
    /// The case.
    pub(crate) case: Case,
}

impl Given<'_> {
    /// When this command: what `decide` answers.
    pub(crate) fn when(&self, command: impl Into<CaseCommand>) -> Then {
        Then(super::decide(&self.case, &command.into(), &self.fixture.cx()))
    }
}

/// What a command yielded.
#[derive(Debug)]
pub(crate) struct Then(pub(crate) Result<Vec<EventKind>, Error>);

impl Then {
    /// Then exactly these events.
    #[track_caller]
    pub(crate) fn then(&self, expected: &[EventKind]) {
        match &self.0 {
            Ok(events) => assert_eq!(events, expected),
            Err(e) => panic!("expected events, got the error {e}"),
        }
    }

    /// Then an error with this code naming this field.
    #[track_caller]
    pub(crate) fn then_error(&self, code: ErrorCode, field: &str) {
        match &self.0 {
            Ok(events) => panic!("expected a {code:?} error on `{field}`, got {events:?}"),
            Err(e) => {
                assert_eq!((e.code(), e.field()), (code, Some(field)), "{e}");
            }
        }
    }
}

/// An RFC 3339 instant.
pub(crate) fn instant(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}
