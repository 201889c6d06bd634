//! [`FieldError`]: which field, which value, why; the payload of every field-level error.

/// Longest prefix of an offending value (in bytes) that an error quotes. A 10 MB line in a command must
/// not make a 20 MB message: the rest is counted, not copied.
pub const MAX_QUOTED_VALUE: usize = 200;

/// Which field, which value, and why it is refused.
///
/// Every error that concerns one field or argument carries one ([`crate::Error::field_error`]): C reads
/// the parts through `xn_last_error_field()` and friends, Python through the exception's `.field`,
/// `.value` and `.reason`. The value is quoted at most [`MAX_QUOTED_VALUE`] bytes long.
///
/// ```
/// use xiaoneng::FieldError;
///
/// let e = FieldError::new("posts[2].backup", "p-9", "no post has this id");
/// assert_eq!(e.to_string(), "invalid `posts[2].backup` = p-9: no post has this id");
/// let long = FieldError::new("case", "x".repeat(10_000_000), "too long");
/// assert!(long.value.len() < 300);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("invalid `{field}` = {value}: {reason}")]
pub struct FieldError {
    /// Path of the offending field or argument, e.g. `posts[2].backup`, `actor`.
    pub field: String,
    /// The offending value as written (a bounded prefix of a long one).
    pub value: String,
    /// Why it is refused.
    pub reason: String,
}

impl FieldError {
    /// A field error; `value` is quoted at most [`MAX_QUOTED_VALUE`] bytes long.
    pub fn new(field: impl Into<String>, value: impl std::fmt::Display, reason: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            value: bounded(value.to_string()),
            reason: reason.into(),
        }
    }
}

/// Longest message of a parse error (in bytes): room for a parser's list of expected names, not for a
/// quoted 10 MB value.
pub(crate) const MAX_MESSAGE: usize = 640;

/// `text` cut to [`MAX_QUOTED_VALUE`] bytes (at a character boundary), saying how long it was.
pub(crate) fn bounded(text: String) -> String {
    bounded_to(text, MAX_QUOTED_VALUE)
}

/// `text` cut to `max` bytes (at a character boundary), saying how long it was.
pub(crate) fn bounded_to(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let total = text.len();
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text.push_str(&format!("… ({total} bytes in all)"));
    text
}
