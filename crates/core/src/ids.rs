//! The vendor's identifier formats, checked once at the edge.

/// RUCKUS One tenant ids are 32 lowercase hex characters.
pub fn is_tenant_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
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
}
