//! The vendor's identifier formats, checked once at the edge.

/// RUCKUS One tenant ids are 32 lowercase hex characters.
pub fn is_tenant_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The id of a resource of an API r1 does not serve (a policy set, a MAC
/// registration pool), stored as given: the bundles type them as plain
/// strings, and the cloud's are UUIDs or hex, so 1 to 255 letters, digits,
/// `-`, `_` and `.` take every real one and refuse what is no id at all.
pub fn is_foreign_id(s: &str) -> bool {
    (1..=255).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_are_32_lowercase_hex() {
        assert!(is_tenant_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_tenant_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_tenant_id("short"));
    }

    #[test]
    fn foreign_ids_are_short_words_of_id_characters() {
        assert!(is_foreign_id("3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"));
        assert!(is_foreign_id("0123456789abcdef0123456789abcdef"));
        assert!(is_foreign_id("policy_set.1"));
        assert!(!is_foreign_id(""));
        assert!(!is_foreign_id("' OR '1'='1;--"));
        assert!(!is_foreign_id(&"a".repeat(256)));
    }
}
