//! Commands on the wire: one enum over every record kind's command family, read in two phases (the
//! `type` tag, then the body through a path-tracking deserializer, so that every error names its exact
//! field) and written flat, `{"type": "accept", "case": ..., "at": ..., "actor": ...}`.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::case::command::CaseCommand;
use crate::codec::{self, Body};
use crate::complaint::command::ComplaintCommand;
use crate::error::{self, Result};
use crate::inquiry::command::InquiryCommand;
use crate::inspection::command::InspectionCommand;
use crate::matter::command::MatterCommand;
use crate::plan::command::PlanCommand;
use crate::pledge::command::PledgeCommand;

/// A command: what a host says happened, with who did it and when. Every command names its record (the
/// case or inquiry number), its instant and its actor; the engine checks the actor's post, role and unit
/// for the action, and the record's state.
///
/// Build one from its body (`xiaoneng::commands::Accept { .. }.into()`) or read it from JSON:
///
/// ```
/// use xiaoneng::Command;
///
/// let cmd = Command::from_json(
///     r#"{"type": "accept", "case": "C1", "at": "2026-09-28T10:00:00+08:00", "actor": "s-clerk"}"#,
/// ).unwrap();
/// assert_eq!((cmd.name(), cmd.case(), cmd.actor()), ("accept", "C1", "s-clerk"));
///
/// let err = Command::from_json(r#"{"type": "accept", "case": "C1", "at": "yesterday", "actor": "s"}"#)
///     .unwrap_err();
/// assert_eq!(err.field(), Some("at"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A command on a case (办件).
    Case(CaseCommand),
    /// A command on a first-inquiry record (首问).
    Inquiry(InquiryCommand),
    /// A command on an efficiency complaint (效能投诉).
    Complaint(ComplaintCommand),
    /// A command on a pledge (整改承诺, 督办事项, 重点项目, 军令状).
    Pledge(PledgeCommand),
    /// A command on an accountability matter (问责事项).
    Matter(MatterCommand),
    /// A command on an inspection (明查暗访).
    Inspection(InspectionCommand),
    /// A command on an inspection plan (检查计划).
    Plan(PlanCommand),
}

impl Command {
    /// Every command's wire name, by record kind.
    pub fn names() -> impl Iterator<Item = &'static str> {
        CaseCommand::NAMES
            .iter()
            .chain(InquiryCommand::NAMES)
            .chain(ComplaintCommand::NAMES)
            .chain(PledgeCommand::NAMES)
            .chain(MatterCommand::NAMES)
            .chain(InspectionCommand::NAMES)
            .chain(PlanCommand::NAMES)
            .copied()
    }

    /// The command's wire name (its `type`).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Case(c) => c.name(),
            Command::Inquiry(c) => c.name(),
            Command::Complaint(c) => c.name(),
            Command::Pledge(c) => c.name(),
            Command::Matter(c) => c.name(),
            Command::Inspection(c) => c.name(),
            Command::Plan(c) => c.name(),
        }
    }

    /// The record the command concerns (case or inquiry number).
    pub fn case(&self) -> &str {
        match self {
            Command::Case(c) => c.case(),
            Command::Inquiry(c) => c.case(),
            Command::Complaint(c) => c.case(),
            Command::Pledge(c) => c.case(),
            Command::Matter(c) => c.case(),
            Command::Inspection(c) => c.case(),
            Command::Plan(c) => c.case(),
        }
    }

    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Command::Case(c) => c.at(),
            Command::Inquiry(c) => c.at(),
            Command::Complaint(c) => c.at(),
            Command::Pledge(c) => c.at(),
            Command::Matter(c) => c.at(),
            Command::Inspection(c) => c.at(),
            Command::Plan(c) => c.at(),
        }
    }

    /// Who did it.
    pub fn actor(&self) -> &str {
        match self {
            Command::Case(c) => c.actor(),
            Command::Inquiry(c) => c.actor(),
            Command::Complaint(c) => c.actor(),
            Command::Pledge(c) => c.actor(),
            Command::Matter(c) => c.actor(),
            Command::Inspection(c) => c.actor(),
            Command::Plan(c) => c.actor(),
        }
    }

    /// The record number and the actor, moved out.
    pub(crate) fn into_ids(self) -> (String, String) {
        match self {
            Command::Case(c) => c.into_ids(),
            Command::Inquiry(c) => c.into_ids(),
            Command::Complaint(c) => c.into_ids(),
            Command::Pledge(c) => c.into_ids(),
            Command::Matter(c) => c.into_ids(),
            Command::Inspection(c) => c.into_ids(),
            Command::Plan(c) => c.into_ids(),
        }
    }

    /// Reads a command from JSON: first its `type`, then its body, so that an error names the exact field
    /// (`at`, `materials[2]`, `amount`).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for malformed commands, an unknown `type`, unknown fields and bad values,
    /// with the field's path.
    pub fn from_json(text: &str) -> Result<Self> {
        let (tag, body) = codec::tagged_json(text)?;
        Command::from_tagged(&tag, body)
    }

    /// The command as JSON (the form [`Command::from_json`] reads).
    pub fn to_json(&self) -> String {
        codec::to_json(self)
    }

    /// The second phase: the body of the command named `tag`.
    fn from_tagged(tag: &str, body: serde_json::Value) -> Result<Self> {
        // The family is found by name, so the body is read once, never copied.
        if CaseCommand::NAMES.contains(&tag) {
            if let Some(c) = CaseCommand::from_tagged(tag, body) {
                return c.map(Command::Case);
            }
        } else if InquiryCommand::NAMES.contains(&tag) {
            if let Some(c) = InquiryCommand::from_tagged(tag, body) {
                return c.map(Command::Inquiry);
            }
        } else if ComplaintCommand::NAMES.contains(&tag) {
            if let Some(c) = ComplaintCommand::from_tagged(tag, body) {
                return c.map(Command::Complaint);
            }
        } else if PledgeCommand::NAMES.contains(&tag) {
            if let Some(c) = PledgeCommand::from_tagged(tag, body) {
                return c.map(Command::Pledge);
            }
        } else if MatterCommand::NAMES.contains(&tag) {
            if let Some(c) = MatterCommand::from_tagged(tag, body) {
                return c.map(Command::Matter);
            }
        } else if InspectionCommand::NAMES.contains(&tag) {
            if let Some(c) = InspectionCommand::from_tagged(tag, body) {
                return c.map(Command::Inspection);
            }
        } else if let Some(c) = PlanCommand::from_tagged(tag, body) {
            return c.map(Command::Plan);
        }
        let names: Vec<String> = Command::names().map(|n| format!("`{n}`")).collect();
        Err(error::parse(
            "JSON",
            "type",
            format!(
                "unknown command `{}`, expected one of {}",
                crate::error::bounded(tag.to_string()),
                names.join(", ")
            ),
        ))
    }
}

impl From<CaseCommand> for Command {
    fn from(c: CaseCommand) -> Self {
        Command::Case(c)
    }
}

impl From<InquiryCommand> for Command {
    fn from(c: InquiryCommand) -> Self {
        Command::Inquiry(c)
    }
}

impl From<ComplaintCommand> for Command {
    fn from(c: ComplaintCommand) -> Self {
        Command::Complaint(c)
    }
}

impl From<PledgeCommand> for Command {
    fn from(c: PledgeCommand) -> Self {
        Command::Pledge(c)
    }
}

impl From<MatterCommand> for Command {
    fn from(c: MatterCommand) -> Self {
        Command::Matter(c)
    }
}

impl From<InspectionCommand> for Command {
    fn from(c: InspectionCommand) -> Self {
        Command::Inspection(c)
    }
}

impl From<PlanCommand> for Command {
    fn from(c: PlanCommand) -> Self {
        Command::Plan(c)
    }
}

impl<B: Body> From<B> for Command
where
    Command: From<B::Family>,
{
    fn from(body: B) -> Self {
        Command::from(B::Family::from(body))
    }
}

impl Serialize for Command {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Command::Case(c) => c.serialize(serializer),
            Command::Inquiry(c) => c.serialize(serializer),
            Command::Complaint(c) => c.serialize(serializer),
            Command::Pledge(c) => c.serialize(serializer),
            Command::Matter(c) => c.serialize(serializer),
            Command::Inspection(c) => c.serialize(serializer),
            Command::Plan(c) => c.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let (tag, body) = codec::split_tag(deserializer)?;
        Command::from_tagged(&tag, body).map_err(|e| match e {
            // Keep the body's path: serde_path_to_error of an outer reader prefixes nothing more.
            crate::Error::Parse { path, message, .. } if path != "." => {
                D::Error::custom(format_args!("{message} (at `{path}`)"))
            }
            other => D::Error::custom(other.reason()),
        })
    }
}

impl JsonSchema for Command {
    fn schema_name() -> Cow<'static, str> {
        "Command".into()
    }

    /// One `oneOf` over every command of every record kind: each body's schema with its `type` tag.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut one_of = CaseCommand::schemas(generator);
        one_of.extend(InquiryCommand::schemas(generator));
        one_of.extend(ComplaintCommand::schemas(generator));
        one_of.extend(PledgeCommand::schemas(generator));
        one_of.extend(MatterCommand::schemas(generator));
        one_of.extend(InspectionCommand::schemas(generator));
        one_of.extend(PlanCommand::schemas(generator));
        let mut schema = Schema::default();
        schema.insert(
            "oneOf".into(),
            serde_json::Value::Array(one_of.into_iter().map(Schema::to_value).collect()),
        );
        schema.insert(
            "description".into(),
            "A command: what a host says happened, with who did it and when.".into(),
        );
        schema
    }
}
