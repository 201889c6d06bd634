//! Given / when / then for the case: events given, a command, the events or the error expected. Unit
//! tests beside the code use it; it runs `decide` and `apply` directly, without an engine.

use super::command::CaseCommand;
use super::Case;
pub(crate) use crate::context::fixture::{instant, Fixture, Then};
use crate::event::EventKind;

impl Fixture {
    /// When this command creates case `C1` (`receive`): what `create` answers.
    pub(crate) fn when_created(&self, command: impl Into<CaseCommand>) -> Then {
        Then(super::create("C1", &command.into(), &self.cx()))
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
