//! The first-inquiry commands (首问负责制): one struct per command body, in the wire form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::InquiryOutcome;

crate::codec::command_family! {
    /// A command on a first-inquiry record (首问), by its wire name.
    pub enum InquiryCommand {
        /// A person's inquiry (首问): the first staff member asked records it. When several were asked at once,
        RecordInquiry = "record_inquiry",
        /// The responsible staff member answered, handled or guided the person.
        AnswerInquiry = "answer_inquiry",
    }
}

/// A person's inquiry (首问): the first staff member asked records it. When several were asked at once,
/// the highest-ranking of them is responsible (首问负责制).
///
/// Who: the first staff member asked. When: a new number (inquiries share the case-number space). Yields:
/// `inquiry_recorded` with `responsible`: the highest-ranking of those asked at once (首问负责制).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordInquiry {
    /// Inquiry number (host-supplied; shares the case-number space).
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id of the first person asked.
    pub actor: String,
    /// Who asked (name or contact).
    pub person: String,
    /// What about.
    pub topic: String,
    /// Other staff asked at the same time.
    #[serde(default)]
    pub also_asked: Vec<String>,
}

/// The responsible staff member answered, handled or guided the person.
///
/// Who: the responsible staff member. When: recorded, not yet dealt with. Yields: `inquiry_answered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInquiry {
    /// Inquiry number.
    pub case: String,
    /// When.
    #[schemars(with = "crate::codec::Instant")]
    pub at: DateTime<Utc>,
    /// Staff id: the responsible one.
    pub actor: String,
    /// How.
    pub outcome: InquiryOutcome,
    /// Where the person was guided to (required for `guided`).
    #[serde(default)]
    pub guided_to: String,
}
