//! The county fixture every record kind's given/when/then helper builds on (tests only): the preset
//! policy, the fixture organisation and catalog, and what the engine prepares from them; and what a
//! command yielded ([`Then`]).

use chrono::{DateTime, Utc};

use super::{Cx, Rules};
use crate::error::{Error, ErrorCode};
use crate::event::EventKind;
use crate::{Calendar, Catalog, Document, Org, Policy};

/// The county preset, the county organisation and catalog fixtures, and what the engine prepares.
pub(crate) struct Fixture {
    pub(crate) policy: Policy,
    pub(crate) cal: Calendar,
    pub(crate) org: Org,
    pub(crate) catalog: Catalog,
    pub(crate) rules: Rules,
}

impl Fixture {
    /// The county configuration.
    pub(crate) fn county() -> Fixture {
        Fixture::county_with("")
    }

    /// The county configuration with a central intake window (集中受理): the service centre's window
    /// (`hall`) takes in the food licence (`330100-FOOD-001`), not the joint fire check.
    pub(crate) fn county_with_intake() -> Fixture {
        Fixture::county_with(INTAKE)
    }

    /// The county configuration, its policy with `extra` TOML appended.
    fn county_with(extra: &str) -> Fixture {
        let text = format!("{}{extra}", include_str!("../../presets/county.toml"));
        let policy = Policy::from_toml(&text).expect("county preset");
        let org = Org::from_json(include_str!("../../tests/fixtures/county-org.json")).expect("org fixture");
        let catalog = Catalog::from_json(include_str!("../../tests/fixtures/county-catalog.json"), &org)
            .expect("catalog fixture");
        let cal = policy.calendar().expect("calendar");
        let rules = Rules::new(&policy, &org, &catalog).expect("rules");
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
            repeat_of: None,
            matter: None,
        }
    }
}

/// The intake window of [`Fixture::county_with_intake`], as TOML appended to the county preset.
pub(crate) const INTAKE: &str = "\n[[intake]]\nunit = \"hall\"\nitems = [\"330100-FOOD-001\"]\n";

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

    /// Then a forbidden error naming the actor `actor`, its reason containing `because`.
    #[track_caller]
    pub(crate) fn then_forbidden(&self, actor: &str, because: &str) {
        match &self.0 {
            Ok(events) => panic!("expected `{actor}` to be forbidden, got {events:?}"),
            Err(e) => {
                assert_eq!(
                    (e.code(), e.field(), e.value()),
                    (ErrorCode::Forbidden, Some("actor"), Some(actor)),
                    "{e}"
                );
                assert!(e.reason().contains(because), "`{because}` not in: {e}");
            }
        }
    }

    /// Then some events (whichever), no error.
    #[track_caller]
    pub(crate) fn then_ok(&self) -> &[EventKind] {
        match &self.0 {
            Ok(events) => events,
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
