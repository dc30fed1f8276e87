//! The Tenant API's field rules, enums and state changes: plain functions,
//! no HTTP, no database.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use r1_core::{error::FieldError, ApiError};
use serde::Serialize;

pub const TENANT_TYPES: &[&str] = &[
    "REC",
    "MSP",
    "MSP_EC",
    "VAR",
    "MSP_NON_VAR",
    "UNKNOWN",
    "MSP_INSTALLER",
    "MSP_INTEGRATOR",
    "MSP_REC",
];
/// The roles the bundle's `AdminRole` description lists.
pub const ADMIN_ROLES: &[&str] = &["PRIME_ADMIN", "ADMIN", "READ_ONLY", "OFFICE_ADMIN"];
pub const PRIME_ADMIN: &str = "PRIME_ADMIN";
pub const DETAIL_LEVELS: &[&str] = &["ba", "it", "su", "debug"];
pub const DATE_FORMATS: &[&str] = &["mm/dd/yyyy", "dd/mm/yyyy", "yyyy/mm/dd"];
pub const DELEGATION_TYPES: &[&str] = &[
    "VAR",
    "SUPPORT",
    "MSP",
    "SUPPORT_EC",
    "MSP_INSTALLER",
    "MSP_INTEGRATOR",
    "UNKNOWN",
];
pub const AUTHENTICATION_TYPES: &[&str] = &[
    "IDM",
    "SAML",
    "OATH2_OIDC",
    "OAUTH2_CLIENT_CREDENTIALS",
    "LDAP",
    "GOOGLE_WORKSPACE",
];
pub const CLIENT_ID_STATUSES: &[&str] = &["ACTIVE", "REVOKED"];
pub const SAML_FILE_TYPES: &[&str] = &["DIRECT_URL", "FILE"];
pub const ENDPOINT_STATUSES: &[&str] = &["OK", "BOUNCED"];
/// Recipient endpoints r1 delivers to: email and SMS (mobile push endpoints
/// are registered through their own operation).
pub const ENDPOINT_TYPES: &[&str] = &["EMAIL", "SMS"];
pub const PRIVACY_STATUSES: &[&str] = &["ENABLED", "DISABLED"];
/// The beta features a tenant may enable (r1's catalogue: the vendor
/// publishes none; docs/behaviour/tenant.md).
pub const BETA_FEATURES: &[&str] = &[
    "AI_DRIVEN_RRM",
    "EDGE_SD_LAN",
    "PERSONAL_IDENTITY_NETWORK",
    "SWITCH_FLEXIBLE_AUTHENTICATION",
    "WIFI_7",
    "ZERO_TOUCH_MESH",
];
/// How long RUCKUS support may act on a tenant after it grants access.
pub const SUPPORT_ACCESS_DAYS: i64 = 21;
pub const MAX_TEXT: usize = 255;

/// Collects the rejected fields of one request body.
pub struct Check {
    object: &'static str,
    errors: Vec<FieldError>,
}

impl Check {
    pub fn new(object: &'static str) -> Self {
        Check {
            object,
            errors: Vec::new(),
        }
    }

    pub fn fail(&mut self, field: &str, value: impl Serialize, message: impl Into<String>) {
        self.errors
            .push(FieldError::new(self.object, field, value, message));
    }

    /// A present, non-blank value of at most 255 characters.
    pub fn required<'a>(&mut self, field: &str, value: Option<&'a str>) -> Option<&'a str> {
        match value {
            Some(v) if !v.trim().is_empty() => {
                self.text(field, Some(v));
                Some(v)
            }
            other => {
                self.fail(field, other, "must not be blank");
                None
            }
        }
    }

    pub fn text(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            if v.chars().count() > MAX_TEXT {
                self.fail(field, v, "length must be at most 255");
            }
        }
    }

    pub fn one_of(&mut self, field: &str, value: Option<&str>, allowed: &[&str]) {
        if let Some(v) = value {
            if !allowed.contains(&v) {
                self.fail(field, v, format!("must be one of {}", allowed.join(", ")));
            }
        }
    }

    pub fn email(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            if !is_email(v) {
                self.fail(field, v, "must be a well-formed email address");
            }
        }
    }

    pub fn phone(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            if !is_phone(v) {
                self.fail(
                    field,
                    v,
                    "must be a phone number in E.164 form, such as +14085551234",
                );
            }
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

/// `local@domain.tld`, without spaces, at most 254 characters.
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// E.164: an optional `+`, then 7 to 15 digits, the first not 0.
pub fn is_phone(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// The first value that appears twice.
pub fn first_duplicate<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = HashSet::new();
    items.into_iter().find(|item| !seen.insert(*item))
}

/// `enableMfa` as `TenantDto` carries it: a boolean written as a string.
pub fn mfa_status(enable_mfa: &str) -> Option<&'static str> {
    match enable_mfa.to_ascii_lowercase().as_str() {
        "true" | "enabled" => Some("ENABLED"),
        "false" | "disabled" => Some("DISABLED"),
        _ => None,
    }
}

/// Whether the tenant keeps a PRIME_ADMIN after `removed` of its `primes`
/// lose the role.
pub fn keeps_a_prime_admin(primes: i64, removed: i64) -> bool {
    primes - removed >= 1
}

pub fn last_prime_admin() -> ApiError {
    ApiError::BadRequest(
        "The last PRIME_ADMIN of a tenant cannot be removed or given another role".into(),
    )
}

/// The delegate's answer to an invitation.
pub fn answer_delegation(status: &str, accept: bool) -> Result<&'static str, ApiError> {
    match status {
        "INVITED" if accept => Ok("ACCEPTED"),
        "INVITED" => Ok("REJECTED"),
        other => Err(ApiError::Conflict(format!(
            "The delegation is {other}; only an INVITED delegation can be accepted or rejected"
        ))),
    }
}

/// Revoking: an invitation or an accepted delegation ends as REVOKED.
pub fn revoke_delegation(status: &str) -> Result<&'static str, ApiError> {
    match status {
        "INVITED" | "ACCEPTED" => Ok("REVOKED"),
        other => Err(ApiError::Conflict(format!(
            "The delegation is already {other}"
        ))),
    }
}

/// A delegation lets its delegate act while it is ACCEPTED and unexpired.
pub fn delegation_is_valid(
    status: &str,
    expiry: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    status == "ACCEPTED" && expiry.is_none_or(|e| e > now)
}

pub fn support_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(SUPPORT_ACCESS_DAYS)
}

/// Splits requested beta features into the known and the unknown ones.
pub fn split_beta_features(ids: &[String]) -> (Vec<String>, Vec<String>) {
    ids.iter()
        .cloned()
        .partition(|id| BETA_FEATURES.contains(&id.as_str()))
}

/// PATCH semantics of privacy settings: each given feature replaces the one
/// of the same name, the others stay. Sorted by name.
pub fn merge_privacy(
    current: Vec<(String, String)>,
    patch: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = current
        .into_iter()
        .filter(|(name, _)| !patch.iter().any(|(p, _)| p == name))
        .collect();
    merged.extend(patch);
    merged.sort();
    merged
}

/// One page of a query body, Spring-style: `page` from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub page: u32,
    pub size: u32,
    pub descending: bool,
}

pub const DEFAULT_PAGE_SIZE: i64 = 10;
pub const MAX_PAGE_SIZE: i64 = 2000;

pub fn window(
    page: Option<i64>,
    page_size: Option<i64>,
    sort_order: Option<&str>,
) -> Result<Window, ApiError> {
    let mut check = Check::new("query");
    let page = page.unwrap_or(0);
    if !(0..=i64::from(u32::MAX / 2)).contains(&page) {
        check.fail("page", page, "must be at least 0");
    }
    let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        check.fail("pageSize", size, "must be from 1 to 2000");
    }
    check.one_of("sortOrder", sort_order, &["ASC", "DESC"]);
    check.finish()?;
    Ok(Window {
        page: page as u32,
        size: size as u32,
        descending: sort_order == Some("DESC"),
    })
}

/// The rows of one page, after sorting.
pub fn slice<T>(rows: Vec<T>, w: Window) -> Vec<T> {
    rows.into_iter()
        .skip(w.page as usize * w.size as usize)
        .take(w.size as usize)
        .collect()
}

/// Whether `text` contains `needle`, ignoring case.
pub fn contains_ci(text: Option<&str>, needle: &str) -> bool {
    text.is_some_and(|t| t.to_lowercase().contains(&needle.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_email("ann@example.com"));
        assert!(is_email("a.b+c@sub.example.org"));
        assert!(!is_email("ann"));
        assert!(!is_email("ann@example"));
        assert!(!is_email("@example.com"));
        assert!(!is_email("ann@@example.com"));
        assert!(!is_email("ann smith@example.com"));
        assert!(!is_email("ann@example..com"));
    }

    #[test]
    fn phones_are_e164() {
        assert!(is_phone("+14085551234"));
        assert!(is_phone("4085551234"));
        assert!(!is_phone("+1 408 555 1234"));
        assert!(!is_phone("+0123456789"));
        assert!(!is_phone("12345"));
        assert!(!is_phone("+1234567890123456"));
    }

    #[test]
    fn duplicates_are_found() {
        assert_eq!(first_duplicate(["a", "b", "a"]), Some("a"));
        assert_eq!(first_duplicate(["a", "b"]), None);
    }

    #[test]
    fn mfa_is_a_boolean_written_as_a_string() {
        assert_eq!(mfa_status("true"), Some("ENABLED"));
        assert_eq!(mfa_status("DISABLED"), Some("DISABLED"));
        assert_eq!(mfa_status("maybe"), None);
    }

    #[test]
    fn the_last_prime_admin_stays() {
        assert!(keeps_a_prime_admin(2, 1));
        assert!(!keeps_a_prime_admin(1, 1));
        assert!(keeps_a_prime_admin(1, 0));
    }

    #[test]
    fn delegations_move_from_invited_only() {
        assert_eq!(answer_delegation("INVITED", true).unwrap(), "ACCEPTED");
        assert_eq!(answer_delegation("INVITED", false).unwrap(), "REJECTED");
        assert!(answer_delegation("ACCEPTED", true).is_err());
        assert_eq!(revoke_delegation("ACCEPTED").unwrap(), "REVOKED");
        assert_eq!(revoke_delegation("INVITED").unwrap(), "REVOKED");
        assert!(revoke_delegation("REVOKED").is_err());
        assert!(revoke_delegation("REJECTED").is_err());
    }

    #[test]
    fn a_delegation_is_valid_while_accepted_and_unexpired() {
        let now = Utc::now();
        assert!(delegation_is_valid("ACCEPTED", None, now));
        assert!(delegation_is_valid(
            "ACCEPTED",
            Some(now + Duration::hours(1)),
            now
        ));
        assert!(!delegation_is_valid(
            "ACCEPTED",
            Some(now - Duration::hours(1)),
            now
        ));
        assert!(!delegation_is_valid("INVITED", None, now));
        assert!(!delegation_is_valid("REVOKED", None, now));
    }

    #[test]
    fn beta_features_split_into_known_and_unknown() {
        let (known, unknown) = split_beta_features(&["WIFI_7".to_string(), "NOPE".to_string()]);
        assert_eq!(known, vec!["WIFI_7"]);
        assert_eq!(unknown, vec!["NOPE"]);
    }

    #[test]
    fn privacy_patch_merges_by_feature_name() {
        let current = vec![
            ("ARC".to_string(), "ENABLED".to_string()),
            ("APP_VISIBILITY".to_string(), "ENABLED".to_string()),
        ];
        let patch = vec![("ARC".to_string(), "DISABLED".to_string())];
        assert_eq!(
            merge_privacy(current, patch),
            vec![
                ("APP_VISIBILITY".to_string(), "ENABLED".to_string()),
                ("ARC".to_string(), "DISABLED".to_string()),
            ]
        );
    }

    #[test]
    fn windows_count_pages_from_zero() {
        let w = window(Some(1), Some(2), Some("DESC")).unwrap();
        assert_eq!(slice(vec![1, 2, 3, 4, 5], w), vec![3, 4]);
        assert!(w.descending);
        assert!(window(Some(-1), None, None).is_err());
        assert!(window(None, Some(0), None).is_err());
        assert!(window(None, None, Some("UP")).is_err());
    }
}
