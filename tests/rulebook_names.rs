//! Every test docs/rules.md names (a backticked snake_case name of a test, in the sections of pledges and
//! accountability matters, whose tests live in `tests/`) is a test of this repository: the rulebook cannot
//! cite a test that was renamed or removed.

const RULES: &str = include_str!("../docs/rules.md");

/// The backticked test names of the section headed `heading` (up to the next `###` or `##`).
fn names(heading: &str) -> Vec<&'static str> {
    let start = RULES
        .find(heading)
        .unwrap_or_else(|| panic!("docs/rules.md has no `{heading}`"));
    let rest = &RULES[start + heading.len()..];
    let end = rest
        .find("\n### ")
        .into_iter()
        .chain(rest.find("\n## "))
        .min()
        .unwrap_or(rest.len());
    rest[..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| n.len() > 25 && !n.starts_with("xn_"))
        .filter(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect()
}

fn check(heading: &str, source: &str, file: &str) {
    let names = names(heading);
    assert!(names.len() >= 8, "{heading}: {names:?}");
    for name in names {
        assert!(
            source.contains(&format!("fn {name}(")),
            "docs/rules.md `{heading}` names `{name}`, which is no test of {file}"
        );
    }
}

#[test]
fn every_pledge_test_the_rulebook_names_exists() {
    check("### Pledges", include_str!("pledge_rules.rs"), "tests/pledge_rules.rs");
}

#[test]
fn every_accountability_test_the_rulebook_names_exists() {
    check(
        "### Accountability matters",
        include_str!("accountability_rules.rs"),
        "tests/accountability_rules.rs",
    );
}
