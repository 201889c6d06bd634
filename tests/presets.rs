//! The shipped presets (`presets/*.toml`) load, encode the rules of their source documents (docs/rules.md §3,
//! §4, §5), round-trip through JSON, and bad variants of them fail with errors naming the field.

use chrono::NaiveDate;
use xiaoneng::{
    DeadlineEnd, DeemedAt, Document, Error, ErrorCode, ItemKind, Limit, OnTimeout, Policy, Role, StandingSystem,
    StartRule, TimeUnit, POLICY_SCHEMA,
};

fn text(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("presets")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn county() -> Policy {
    Policy::from_toml(&text("county.toml")).expect("presets/county.toml loads")
}

fn street_office() -> Policy {
    Policy::from_toml(&text("street-office.toml")).expect("presets/street-office.toml loads")
}

fn presets() -> [(&'static str, Policy); 2] {
    [("county", county()), ("street office", street_office())]
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

// ---- the county (docs/rules.md §4 County) ----

#[test]
fn county_preset_keeps_ab_posts_and_timeout_and_absence_default() {
    let p = county();
    assert!(p.has_system(StandingSystem::AbPosts));
    assert!(p.has_system(StandingSystem::TimeoutDefault));
    assert!(p.has_system(StandingSystem::AbsenceDefault));
    // A/B: when A and B are both away, the unit head covers (docs/rules.md §1).
    assert!(p.ab_posts.unit_head_covers);
    // Timeout default: silence by the consult limit is consent, a joint item is deemed approved.
    assert!(p.joint_review.silence_is_consent);
    assert_eq!(p.on_timeout(ItemKind::Joint), OnTimeout::DeemedApproved);
    // Absence default: an unexcused absence from a joint meeting or site survey is consent.
    assert!(p.joint_review.absence_is_consent);
    // docs/rules.md §5 Joint review: a disagreement without reasons counts as agreement.
    assert!(p.joint_review.unreasoned_disagreement_is_consent);
}

#[test]
fn county_preset_lists_exactly_the_service_centre_systems() {
    use StandingSystem::*;
    assert_eq!(
        county().systems,
        vec![
            PostResponsibility,
            ChiefRepresentative,
            FirstInquiry,
            ServicePledge,
            OneTimeNotification,
            TimeLimitedCompletion,
            ResponsibilityTraceBack,
            AbPosts,
            TimeoutDefault,
            AbsenceDefault,
            EfficiencyComplaint,
            // Found problems go to the unit with a signed rectification pledge and tracking.
            Supervision,
            // Anyone held accountable loses award eligibility that year; triggers open accountability.
            DerelictionAccountability,
        ]
    );
}

#[test]
fn county_preset_only_deems_joint_items_approved() {
    let p = county();
    assert_eq!(p.on_timeout(ItemKind::Pledged), OnTimeout::OverdueOnly);
    assert_eq!(p.on_timeout(ItemKind::Instant), OnTimeout::OverdueOnly);
    assert_eq!(p.on_timeout(ItemKind::Reported), OnTimeout::Escalate);
}

#[test]
fn county_preset_deems_at_the_pledged_deadline_for_every_kind() {
    // docs/rules.md §5 "Timeout defaults": the county's 超时默认 runs on its pledges (the library's default).
    let p = county();
    assert_eq!(p.timeout.deemed_at, DeemedAt::Pledged);
    assert!(p.timeout.deemed_at_by_kind.is_empty());
    for kind in [
        ItemKind::Instant,
        ItemKind::Pledged,
        ItemKind::Joint,
        ItemKind::Reported,
    ] {
        assert_eq!(p.deemed_at(kind), DeemedAt::Pledged, "{kind:?}");
    }
    assert_eq!(street_office().timeout, xiaoneng::TimeoutPolicy::default());
}

#[test]
fn county_preset_defaults_to_basically_satisfied_after_7_natural_days() {
    let r = county().rating;
    assert_eq!(r.default_after, Some(Limit::natural_days(7)));
    assert_eq!(r.default_level, 3); // 基本满意
}

// ---- the street office (docs/rules.md §4 Street office) ----

#[test]
fn street_office_preset_has_the_nine_systems_and_supervision() {
    use StandingSystem::*;
    let p = street_office();
    assert_eq!(
        p.systems,
        vec![
            PostResponsibility,
            FirstInquiry,
            OneTimeNotification,
            TimeLimitedCompletion,
            NegativeReporting,
            ServicePledge,
            EfficiencyComplaint,
            EfficiencyEvaluation,
            DerelictionAccountability,
            // Units put on the rectification list sign a pledge and are followed through.
            Supervision,
        ]
    );
    // The nine published systems, and the supervision of rectifications.
    assert_eq!(p.systems.len(), 10);
}

#[test]
fn street_office_preset_never_deems_consent_or_approval() {
    let p = street_office();
    for s in [
        StandingSystem::AbPosts,
        StandingSystem::TimeoutDefault,
        StandingSystem::AbsenceDefault,
        StandingSystem::ChiefRepresentative,
    ] {
        assert!(!p.has_system(s), "{s:?} is not among the nine systems");
    }
    let j = p.joint_review;
    assert!(!j.silence_is_consent && !j.absence_is_consent && !j.unreasoned_disagreement_is_consent);
    for kind in [
        ItemKind::Instant,
        ItemKind::Pledged,
        ItemKind::Joint,
        ItemKind::Reported,
    ] {
        assert_ne!(p.on_timeout(kind), OnTimeout::DeemedApproved, "{kind:?}");
    }
    assert_eq!(p.on_timeout(ItemKind::Joint), OnTimeout::Escalate);
}

#[test]
fn street_office_preset_reports_refusals_and_has_no_default_rating() {
    let p = street_office();
    assert!(p.has_system(StandingSystem::NegativeReporting));
    assert_eq!(p.negative_report_limit, Limit::working_days(1));
    assert_eq!(p.rating.default_after, None);
}

// ---- both presets: the licensing law (docs/rules.md §3) and local practice (§5) ----

#[test]
fn presets_follow_art32_one_time_notice_5_days() {
    for (name, p) in presets() {
        assert_eq!(p.one_time_notice_limit, Limit::working_days(5), "{name}");
        assert!(p.has_system(StandingSystem::OneTimeNotification), "{name}");
    }
}

#[test]
fn presets_decide_acceptance_within_5_working_days_of_corrections_and_set_no_applicant_limit() {
    for (name, p) in presets() {
        assert_eq!(p.corrections.acceptance_limit, Some(Limit::working_days(5)), "{name}");
        assert_eq!(
            p.acceptance_after_corrections_limit(),
            p.one_time_notice_limit,
            "{name}"
        );
        assert_eq!(p.corrections.applicant_limit, None, "{name}");
    }
}

#[test]
fn presets_follow_art44_delivery_10_days() {
    for (name, p) in presets() {
        assert_eq!(p.delivery_limit, Limit::working_days(10), "{name}");
    }
}

#[test]
fn presets_follow_art42_one_extension_of_10_days_by_the_unit_head() {
    for (name, p) in presets() {
        assert_eq!(p.extension.max_count, 1, "{name}");
        assert_eq!(p.extension.max_total, Some(10), "{name}");
        assert_eq!(p.extension.approver_role, Role::UnitHead, "{name}");
        let rule = p.extension.rule();
        assert_eq!((rule.max_count, rule.max_total), (1, Some(10)), "{name}");
    }
}

#[test]
fn presets_remind_1_working_day_before_and_red_card_3_working_days_after() {
    for (name, p) in presets() {
        assert_eq!(p.signals.reminder_before, Some(Limit::working_days(1)), "{name}");
        assert_eq!(p.signals.red_after, Some(Limit::working_days(3)), "{name}");
    }
}

#[test]
fn presets_consult_joint_parties_for_5_working_days() {
    for (name, p) in presets() {
        assert_eq!(p.joint_review.consult_limit, Limit::working_days(5), "{name}");
    }
}

#[test]
fn presets_follow_up_bad_ratings_within_5_to_15_working_days() {
    for (name, p) in presets() {
        let l = p.rating.follow_up_limit;
        assert_eq!(l.unit, TimeUnit::WorkingDays, "{name}");
        assert!((5..=15).contains(&l.amount), "{name}: {}", l.amount);
    }
}

#[test]
fn presets_keep_time_limited_completion_first_inquiry_and_post_responsibility() {
    for (name, p) in presets() {
        for s in [
            StandingSystem::PostResponsibility,
            StandingSystem::FirstInquiry,
            StandingSystem::ServicePledge,
            StandingSystem::TimeLimitedCompletion,
        ] {
            assert!(p.has_system(s), "{name}: {s:?}");
        }
    }
}

#[test]
fn presets_count_from_the_next_day_on_the_national_calendar() {
    for (name, p) in presets() {
        assert_eq!(p.start_rule, StartRule::NextDay, "{name}");
        assert_eq!(p.deadline_end, DeadlineEnd::EndOfDay, "{name}");
        let cal = p.calendar().unwrap();
        // Materials received on Wed 2026-09-30: the 5 working days of art. 32 skip the National Day
        // holiday (Oct 1-7) and count the makeup workday Sat Oct 10: Oct 8, 9, 10, 12, 13.
        let notice_by = cal
            .add_workdays_with(date("2026-09-30"), p.one_time_notice_limit.amount.into(), p.start_rule)
            .unwrap();
        assert_eq!(notice_by, date("2026-10-13"), "{name}");
    }
}

// ---- round trips ----

#[test]
fn presets_round_trip_through_json() {
    for (name, p) in presets() {
        let json = p.to_json();
        assert_eq!(Policy::from_json(&json).unwrap(), p, "{name}");
        // And the JSON text is stable.
        assert_eq!(Policy::from_json(&json).unwrap().to_json(), json, "{name}");
    }
}

#[test]
fn presets_read_the_same_from_toml_and_from_json_written_by_hand() {
    // A TOML document and the JSON document with the same fields are the same policy.
    let toml_doc: toml::Value = toml::from_str(&text("county.toml")).unwrap();
    let json = serde_json::to_string(&toml_doc).unwrap();
    assert_eq!(Policy::from_json(&json).unwrap(), county());
}

// ---- errors name the field path and the value ----

/// The preset's text with `line` (which must occur) replaced by `with`.
fn edited(name: &str, line: &str, with: &str) -> String {
    let t = text(name);
    assert!(t.contains(line), "presets/{name} has no `{line}`");
    t.replacen(line, with, 1)
}

fn parse_error_path(e: &Error) -> &str {
    match e {
        Error::Parse { path, .. } => path,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn unknown_field_is_rejected_naming_its_path() {
    let t = edited("county.toml", "[ab_posts]\n", "[ab_posts]\nunit_head_acts = true\n");
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(parse_error_path(&e).starts_with("ab_posts"), "{e}");
    assert!(e.to_string().contains("unit_head_acts"), "{e}");

    let t = format!("colour = \"red\"\n{}", text("street-office.toml"));
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(e.to_string().contains("colour"), "{e}");
}

#[test]
fn wrong_type_is_rejected_naming_its_path() {
    let t = edited(
        "county.toml",
        "consult_limit = { unit = \"working_days\", amount = 5 }",
        "consult_limit = { unit = \"working_days\", amount = \"five\" }",
    );
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert_eq!(parse_error_path(&e), "joint_review.consult_limit.amount", "{e}");
    assert!(e.to_string().contains("five"), "{e}");
}

#[test]
fn unknown_enum_value_is_rejected_naming_its_path() {
    let t = edited("street-office.toml", "joint = \"escalate\"", "joint = \"ignore\"");
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    // serde_path_to_error cannot name a key that is an enum (`on_timeout.?`); the TOML reader's own
    // message names the full path.
    assert!(parse_error_path(&e).starts_with("on_timeout"), "{e}");
    assert!(e.to_string().contains("on_timeout.joint"), "{e}");
    assert!(e.to_string().contains("ignore"), "{e}");

    let t = edited("county.toml", "[on_timeout]\n", "[on_timeout]\nurgent = \"escalate\"\n");
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(e.to_string().contains("urgent"), "{e}");
}

#[test]
fn schema_2_is_rejected_naming_the_field_and_value() {
    let t = edited("county.toml", "schema = 1\nname", "schema = 2\nname");
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    match &e {
        Error::Invalid(xiaoneng::FieldError { field, value, .. }) => {
            assert_eq!(field, "schema");
            assert_eq!(value, "2");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(POLICY_SCHEMA, 1);
}

#[test]
fn invalid_calendar_overlay_is_rejected_naming_the_calendar_field() {
    // Office hours that close before they open.
    let t = edited(
        "county.toml",
        "calendar = { schema = 1, base = \"china\" }",
        "calendar = { schema = 1, base = \"china\", office_hours = [{ start = \"12:00\", end = \"08:30\" }] }",
    );
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    match &e {
        Error::Invalid(xiaoneng::FieldError { field, value, .. }) => {
            assert!(field.starts_with("calendar.office_hours[0]"), "{e}");
            assert!(value.contains("08:30") || value.contains("12:00"), "{e}");
        }
        other => panic!("{other:?}"),
    }

    // A day off outside the covered range of the national calendar.
    let t = edited(
        "street-office.toml",
        "calendar = { schema = 1, base = \"china\" }",
        "calendar = { schema = 1, base = \"china\", days_off = [{ start = 2030-03-05, name = \"local festival\" }] }",
    );
    let e = Policy::from_toml(&t).unwrap_err();
    assert!(e.to_string().contains("calendar.days_off[0]"), "{e}");
    assert!(e.to_string().contains("2030-03-05"), "{e}");

    // A malformed date in the overlay is a parse error at its path.
    let t = edited(
        "street-office.toml",
        "calendar = { schema = 1, base = \"china\" }",
        "calendar = { schema = 1, base = \"china\", workdays = [\"2026/10/10\"] }",
    );
    let e = Policy::from_toml(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(parse_error_path(&e).starts_with("calendar.workdays"), "{e}");
}

#[test]
fn out_of_range_values_are_rejected_naming_the_field() {
    let cases = [
        ("default_level = 3", "default_level = 6", "rating.default_level", "6"),
        (
            "consult_limit = { unit = \"working_days\", amount = 5 }",
            "consult_limit = { unit = \"working_days\", amount = 100001 }",
            "joint_review.consult_limit.amount",
            "100001",
        ),
        (
            "approver_role = \"unit_head\"",
            "approver_role = \"window_clerk\"",
            "extension.approver_role",
            "window_clerk",
        ),
        (
            "    \"absence_default\",           # 缺席默认制\n",
            "    \"absence_default\",\n    \"ab_posts\",\n",
            "systems[10]",
            "ab_posts",
        ),
    ];
    for (line, with, field_want, value_want) in cases {
        let e = Policy::from_toml(&edited("county.toml", line, with)).unwrap_err();
        match &e {
            Error::Invalid(xiaoneng::FieldError { field, value, .. }) => {
                assert_eq!(field, field_want, "{e}");
                assert_eq!(value, value_want, "{e}");
            }
            other => panic!("{line}: {other:?}"),
        }
    }
}

#[test]
fn json_errors_name_the_field_path_too() {
    let mut doc: serde_json::Value = serde_json::from_str(&street_office().to_json()).unwrap();
    doc["delivery_limit"]["unit"] = "fortnights".into();
    let e = Policy::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(parse_error_path(&e), "delivery_limit.unit", "{e}");
    assert!(e.to_string().contains("fortnights"), "{e}");
}

#[test]
fn the_example_in_docs_policy_md_loads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/policy.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let example = doc.find("## Example").expect("docs/policy.md has an example section");
    let start = example + doc[example..].find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let p = Policy::from_toml(&doc[start..end]).unwrap();
    assert_eq!(p.on_timeout(ItemKind::Joint), OnTimeout::DeemedApproved);
    assert_eq!(p.one_time_notice_limit, Limit::working_days(5));
    // The intake window's snippet (a fragment) reads as part of a policy.
    let intake = doc.find("### Central intake windows").expect("the intake section");
    let start = intake + doc[intake..].find("```toml\n").expect("a TOML snippet") + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let p = Policy::from_toml(&format!("{}\n{}", text("county.toml"), &doc[start..end])).unwrap();
    assert_eq!(
        (
            p.intake[0].unit.as_str(),
            p.intake[0].item_units.as_slice(),
            p.intake[0].item_kinds.as_slice()
        ),
        ("hall", ["amr".to_string()].as_slice(), [ItemKind::Joint].as_slice())
    );
}

#[test]
fn error_messages_read_as_docs_policy_md_shows_them() {
    let t = edited(
        "county.toml",
        "consult_limit = { unit = \"working_days\", amount = 5 }",
        "consult_limit = { unit = \"working_days\", amount = \"five\" }",
    );
    let e = Policy::from_toml(&t).unwrap_err().to_string();
    assert!(
        e.starts_with("invalid TOML document at `joint_review.consult_limit.amount`: invalid type: string \"five\""),
        "{e}"
    );
    let e = Policy::from_toml(&edited("county.toml", "schema = 1\nname", "schema = 2\nname")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid `schema` = 2: this library reads policy schema 1"
    );
}

#[test]
fn a_bad_on_timeout_rule_names_its_item_kind() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/presets/county.toml")).unwrap();
    let bad = text.replace(r#"joint = "deemed_approved""#, r#"joint = "deemed_happy""#);
    assert_ne!(bad, text);
    let e = xiaoneng::Policy::from_toml(&bad).unwrap_err();
    assert!(
        matches!(&e, xiaoneng::Error::Parse { path, .. } if path == "on_timeout.joint"),
        "{e}"
    );
    let json = xiaoneng::Policy::from_toml(&text).unwrap().to_json();
    let e = xiaoneng::Policy::from_json(&json.replace(r#""joint":"deemed_approved""#, r#""jiont":"deemed_approved""#))
        .unwrap_err();
    assert!(e.to_string().contains("`jiont` is not an item kind"), "{e}");
    assert!(
        matches!(&e, xiaoneng::Error::Parse { path, .. } if path == "on_timeout"),
        "{e}"
    );
}
