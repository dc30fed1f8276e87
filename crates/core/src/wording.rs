//! Rejection texts in a client's words.

/// A rejection's text in a client's words: serde and axum name Rust types
/// (`expected i32`, `to a \`u32\``, `expected struct PageRequest`), which
/// mean nothing to someone sending JSON.
pub fn plain_words(text: &str) -> String {
    const TYPES: [(&str, &str); 14] = [
        ("i8", "an integer"),
        ("i16", "an integer"),
        ("i32", "an integer"),
        ("i64", "an integer"),
        ("i128", "an integer"),
        ("isize", "an integer"),
        ("u8", "a non-negative integer"),
        ("u16", "a non-negative integer"),
        ("u32", "a non-negative integer"),
        ("u64", "a non-negative integer"),
        ("u128", "a non-negative integer"),
        ("usize", "a non-negative integer"),
        ("f32", "a number"),
        ("f64", "a number"),
    ];
    let mut out = text
        .replace("expected a sequence", "expected an array")
        .replace("expected a map", "expected an object")
        .replace("invalid type: sequence", "invalid type: array")
        .replace("invalid type: map", "invalid type: object")
        .replace("invalid type: unit value", "invalid type: null");
    for (rust, words) in TYPES {
        out = out.replace(&format!("a `{rust}`"), words);
        out = replace_word(
            &out,
            &format!("expected {rust}"),
            &format!("expected {words}"),
        );
    }
    for kind in ["struct", "tuple struct", "enum"] {
        out = drop_type_name(&out, &format!("expected {kind} "), "expected an object");
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Replaces `what` where no word character follows it.
fn replace_word(text: &str, what: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(what) {
        let after = &rest[at + what.len()..];
        out.push_str(&rest[..at]);
        if after.starts_with(is_word) {
            out.push_str(what);
        } else {
            out.push_str(with);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Replaces `prefix` and the type name after it by `with`.
fn drop_type_name(text: &str, prefix: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        out.push_str(&rest[..at]);
        out.push_str(with);
        let after = &rest[at + prefix.len()..];
        rest = after.trim_start_matches(is_word);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_type_names_become_words_a_client_knows() {
        assert_eq!(
            plain_words("page: invalid type: string \"one\", expected i32 at line 1 column 15"),
            "page: invalid type: string \"one\", expected an integer at line 1 column 15"
        );
        assert_eq!(
            plain_words("invalid value: integer `-1`, expected u32"),
            "invalid value: integer `-1`, expected a non-negative integer"
        );
        assert_eq!(
            plain_words("Cannot parse `abc` to a `u64`"),
            "Cannot parse `abc` to a non-negative integer"
        );
        assert_eq!(
            plain_words("invalid type: sequence, expected struct ActivityQuery"),
            "invalid type: array, expected an object"
        );
        assert_eq!(
            plain_words("invalid type: unit value, expected f64"),
            "invalid type: null, expected a number"
        );
        // Only whole type names: a field called `expected i32x` is left alone.
        assert_eq!(plain_words("expected i32x"), "expected i32x");
        assert_eq!(
            plain_words("unknown variant `X`, expected one of `A`, `B`"),
            "unknown variant `X`, expected one of `A`, `B`"
        );
    }
}
