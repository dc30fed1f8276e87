//! Field rules of venues, properties, units and resident portals: plain
//! functions, no HTTP and no database.

use r1_core::{error::FieldError, ApiError};
use rand::Rng;
use sha2::{Digest, Sha256};

/// Venue ids are 32 lowercase hex characters, like RUCKUS One's.
pub fn new_venue_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A venue id of a path, in its stored form: the 32-hex form, also accepted
/// with dashes (the Resident Portal bundle declares `propertyId` a UUID).
pub fn venue_id(raw: &str) -> Option<String> {
    let raw = raw.trim().to_ascii_lowercase();
    if raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(raw);
    }
    uuid::Uuid::parse_str(&raw)
        .ok()
        .map(|u| u.simple().to_string())
}

/// `VenueView.name`: 2 to 32 characters with at least two words' worth of
/// non-space text (the bundle's pattern `\s*\S+\s*\S+.*`).
pub fn venue_name(name: Option<&str>, errors: &mut Vec<FieldError>) {
    match name {
        None => errors.push(FieldError::new("venue", "name", (), "must not be null")),
        Some(n) => {
            let len = n.chars().count();
            let non_space = n.chars().filter(|c| !c.is_whitespace()).count();
            if !(2..=32).contains(&len) || non_space < 2 {
                errors.push(FieldError::new(
                    "venue",
                    "name",
                    n,
                    "size must be between 2 and 32 with at least 2 non-blank characters",
                ));
            }
        }
    }
}

/// `ENABLED` or `DISABLED`.
pub fn status(object: &str, field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if value != "ENABLED" && value != "DISABLED" {
        errors.push(FieldError::new(
            object,
            field,
            value,
            "must be ENABLED or DISABLED",
        ));
    }
}

pub fn max_len(
    object: &str,
    field: &str,
    value: Option<&str>,
    max: usize,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        if v.chars().count() > max {
            errors.push(FieldError::new(
                object,
                field,
                v,
                format!("size must be between 0 and {max}"),
            ));
        }
    }
}

pub fn required_text(
    object: &str,
    field: &str,
    value: Option<&str>,
    max: usize,
    errors: &mut Vec<FieldError>,
) {
    match value {
        Some(v) if !v.trim().is_empty() => max_len(object, field, Some(v), max, errors),
        other => errors.push(FieldError::new(object, field, other, "must not be blank")),
    }
}

pub fn email(object: &str, field: &str, value: Option<&str>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        let ok = v
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        if !ok {
            errors.push(FieldError::new(
                object,
                field,
                v,
                "must be a well-formed email address",
            ));
        }
    }
}

pub fn vlan(object: &str, field: &str, value: Option<i32>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value {
        if !(1..=4094).contains(&v) {
            errors.push(FieldError::new(
                object,
                field,
                v,
                "must be between 1 and 4094",
            ));
        }
    }
}

/// A unit secret (DPSK passphrase) a client sets: 8 to 63 characters, and
/// at least the pool's passphrase length.
pub fn secret(
    object: &str,
    field: &str,
    value: &str,
    pool_length: i32,
    errors: &mut Vec<FieldError>,
) {
    let len = value.chars().count();
    let min = pool_length.clamp(8, 63) as usize;
    if len < min || len > 63 {
        errors.push(FieldError::new(
            object,
            field,
            value,
            format!("size must be between {min} and 63"),
        ));
    }
}

/// A portal color: empty, or 3 or 6 hex digits with an optional `#`.
pub fn color(field: &str, value: Option<&str>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        let hex = v.strip_prefix('#').unwrap_or(v);
        if !(hex.len() == 3 || hex.len() == 6) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push(FieldError::new(
                "residentPortal",
                field,
                v,
                "must be a color such as #1a2b3c",
            ));
        }
    }
}

pub fn finish(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The largest portal file (logo or favicon) r1 keeps.
pub const MAX_PORTAL_FILE_BYTES: usize = 2 * 1024 * 1024;

/// The image types a portal file may have.
const PORTAL_FILE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
    "image/webp",
];

/// Checks a portal file's size and content type (415 for a type that is no
/// image r1 serves, 413 when too large).
pub fn portal_file(part: &str, content_type: &str, size: usize) -> Result<(), ApiError> {
    let bare = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !PORTAL_FILE_TYPES.contains(&bare.as_str()) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "{part}: content type {content_type:?} is not one of {}",
            PORTAL_FILE_TYPES.join(", ")
        )));
    }
    if size == 0 {
        return Err(ApiError::field(
            "residentPortal",
            part,
            (),
            "must not be empty",
        ));
    }
    if size > MAX_PORTAL_FILE_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "{part}: at most {MAX_PORTAL_FILE_BYTES} bytes"
        )));
    }
    Ok(())
}

/// SHA-256 of a text as lowercase hex: the form of a resident login's
/// `hashedSecret` and of a stored resident token.
pub fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// A resident token: 32 random bytes as hex.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venue_ids_are_32_hex_and_paths_may_carry_dashes() {
        let id = new_venue_id();
        assert_eq!(id.len(), 32);
        assert_eq!(venue_id(&id), Some(id.clone()));
        let dashed = uuid::Uuid::parse_str(&id).unwrap().hyphenated().to_string();
        assert_eq!(venue_id(&dashed), Some(id));
        assert_eq!(venue_id("not-a-venue"), None);
    }

    #[test]
    fn venue_names_need_two_to_32_characters() {
        let mut errors = Vec::new();
        venue_name(Some("Main Street"), &mut errors);
        assert!(errors.is_empty());
        venue_name(Some("a"), &mut errors);
        venue_name(Some(" a "), &mut errors);
        venue_name(Some(&"x".repeat(33)), &mut errors);
        venue_name(None, &mut errors);
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn secrets_are_8_to_63_and_at_least_the_pool_length() {
        let mut errors = Vec::new();
        secret("unit", "secret", "12345678", 8, &mut errors);
        assert!(errors.is_empty());
        secret("unit", "secret", "1234567", 8, &mut errors);
        secret("unit", "secret", &"x".repeat(64), 8, &mut errors);
        secret("unit", "secret", "123456789", 12, &mut errors);
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn colors_are_hex() {
        let mut errors = Vec::new();
        for ok in ["", "#abc", "a1b2c3", "#A1B2C3"] {
            color("mainColor", Some(ok), &mut errors);
        }
        assert!(errors.is_empty());
        color("mainColor", Some("red"), &mut errors);
        color("mainColor", Some("#abcd"), &mut errors);
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn portal_files_are_images_of_bounded_size() {
        assert!(portal_file("logo", "image/png", 10).is_ok());
        assert!(matches!(
            portal_file("logo", "text/html", 10),
            Err(ApiError::UnsupportedMediaType(_))
        ));
        assert!(matches!(
            portal_file("logo", "image/png", MAX_PORTAL_FILE_BYTES + 1),
            Err(ApiError::PayloadTooLarge(_))
        ));
        assert!(portal_file("logo", "image/png", 0).is_err());
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(new_token().len(), 64);
    }
}
