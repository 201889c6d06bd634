//! Wire names and Chinese labels of the crate's fieldless enums, declared at each enum by one macro.
//!
//! [`wire_enum!`] takes an enum whose variants read `Variant = "wire_name" / "中文标签"` and emits the
//! enum (each variant renamed for serde and schemars to its wire name) together with
//!
//! - `ALL`: every variant, in declaration order;
//! - `as_str(self) -> &'static str`: the wire name, e.g. `PauseKind::ExpertReview.as_str()` is
//!   `"expert_review"`;
//! - `label_zh(self) -> &'static str`: the Chinese label, e.g. `"专家评审"`;
//! - [`std::fmt::Display`], writing the wire name (padding and alignment are honoured);
//! - [`std::str::FromStr`], reading it back, with [`crate::Error::Invalid`] naming the type, the value
//!   and the accepted names for anything else.
//!
//! So names live beside the variants they name, messages use wire names (never Rust Debug names), and
//! bindings convert names without a round trip through `serde_json`. `tests/names.rs` checks every name
//! against serde.

use crate::error::{invalid, Error};

/// Declares a fieldless enum with its wire names and Chinese labels (see the module).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $t:ident {
            $( $(#[$vmeta:meta])* $v:ident = $s:literal / $zh:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $t {
            $( $(#[$vmeta])* #[serde(rename = $s)] $v ),+
        }

        impl $t {
            #[doc = concat!("Every [`", stringify!($t), "`], in declaration order.")]
            pub const ALL: &'static [$t] = &[$($t::$v),+];

            #[doc = concat!("The wire name of this [`", stringify!($t), "`], as serialized (e.g. `\"",
                $crate::names::wire_enum!(@first $($s),+), "\"`).")]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($t::$v => $s,)+
                }
            }

            #[doc = concat!("The Chinese label of this [`", stringify!($t), "`] (e.g. `\"",
                $crate::names::wire_enum!(@first $($zh),+), "\"`).")]
            pub const fn label_zh(self) -> &'static str {
                match self {
                    $($t::$v => $zh,)+
                }
            }
        }

        impl std::fmt::Display for $t {
            /// Writes the wire name (as [`Self::as_str`]).
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $t {
            type Err = $crate::Error;

            /// Reads a wire name (as [`Self::as_str`] writes it); exact and case-sensitive.
            ///
            /// # Errors
            ///
            /// [`crate::Error::Invalid`] naming the type and the value, and listing the accepted names.
            fn from_str(s: &str) -> Result<Self, $crate::Error> {
                match s {
                    $($s => Ok($t::$v),)+
                    _ => Err($crate::names::unknown(stringify!($t), s, $t::ALL.iter().map(|v| v.as_str()))),
                }
            }
        }
    };
    (@first $s:literal $(, $rest:literal)*) => { $s };
}
pub(crate) use wire_enum;

/// The error of a name no variant has; the wording matches serde's, so messages stay the same whether a
/// name is read as part of a document or on its own.
#[cold]
pub(crate) fn unknown<'a>(ty: &str, s: &str, names: impl Iterator<Item = &'a str>) -> Error {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    invalid(
        ty,
        format_args!("{s:?}"),
        format!("unknown variant `{s}`, expected one of {}", names.join(", ")),
    )
}

/// A record kind's transition table (every command with the states that allow it), as the refusal a host
/// sees: `InvalidState` naming the command (`type`), the record's `noun` and its state with the state's
/// Chinese label. Each kind's `transitions::check` calls it with its own table.
pub(crate) fn check_transition<S: Copy + PartialEq + std::fmt::Display>(
    table: &[(&str, &[S])],
    noun: &str,
    state: S,
    label_zh: &str,
    command: &str,
) -> crate::error::Result<()> {
    if table
        .iter()
        .any(|(name, states)| *name == command && states.contains(&state))
    {
        return Ok(());
    }
    Err(crate::error::not_allowed(
        "type",
        command,
        format!("not allowed while the {noun} is {state} ({label_zh})"),
    ))
}

#[cfg(test)]
mod tests {
    use crate::{CaseState, ClockName, PauseKind, Role, Rule, Signal, StandingSystem};

    #[test]
    fn names_are_distinct_within_each_enum() {
        fn check<T: Copy>(all: &[T], name: fn(T) -> &'static str) {
            let mut names: Vec<_> = all.iter().map(|&v| name(v)).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), all.len());
        }
        check(Role::ALL, Role::as_str);
        check(StandingSystem::ALL, StandingSystem::as_str);
        check(PauseKind::ALL, PauseKind::as_str);
        check(CaseState::ALL, CaseState::as_str);
        check(Rule::ALL, Rule::as_str);
        check(ClockName::ALL, ClockName::as_str);
        check(Rule::ALL, Rule::label_zh);
        check(CaseState::ALL, CaseState::label_zh);
    }

    #[test]
    fn display_honours_padding() {
        assert_eq!(format!("[{:>9}]", Signal::Red), "[      red]");
        assert_eq!(Signal::Yellow.to_string(), "yellow");
        assert_eq!(Signal::Yellow.label_zh(), "黄牌");
    }
}
