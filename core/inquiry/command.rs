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

/// A person's inquiry (首问), recorded by the first staff member asked.
///
/// Issued by any staff member of any unit (首问负责: whoever is asked first answers for it, whatever their
/// unit). `case` is a new inquiry number (inquiries share the case-number space). When several staff
/// members were asked at once, the highest-ranking of them is responsible (首问负责制). Event: `inquiry_recorded` with
/// `responsible`; the policy's inquiry answer limit starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "record_inquiry", "case": "Q1", "at": "2026-09-28T09:00:00+08:00", "actor": "s-clerk",
    "person": "张先生", "topic": "食品经营许可所需材料", "also_asked": ["s-head"],
}))]
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
    /// Other staff ids asked at the same time.
    #[serde(default)]
    pub also_asked: Vec<String>,
}

/// The responsible staff member answered, handled, or guided (transferred) the person who asked.
///
/// Issued by the responsible staff member only (a person, not a unit: another unit's staff member of the
/// same role is refused), once per recorded inquiry. Event: `inquiry_answered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "type": "answer_inquiry", "case": "Q1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-head",
    "outcome": "guided", "guided_to": "县政务服务中心二楼 A12 窗口",
}))]
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
