//! Field rules of the MSP bundle: plain functions, no HTTP, no database.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use r1_core::{error::FieldError, ApiError};
use serde::Serialize;

/// The tenant types that may create and manage customers.
pub const MSP_TYPES: &[&str] = &["MSP", "MSP_NON_VAR", "MSP_REC"];
/// Technology partners a customer may be handed to.
pub const TECH_PARTNER_TYPES: &[&str] = &["MSP_INTEGRATOR", "MSP_INSTALLER"];
pub const CUSTOMER_TYPE: &str = "MSP_EC";
pub const ADMIN_ROLES: &[&str] = &["PRIME_ADMIN", "ADMIN", "READ_ONLY"];
pub const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// The firmware operations the vendor's schedules name.
pub const FIRMWARE_OPERATIONS: &[&str] = &[
    "AP_FIRMWARE_UPGRADE",
    "SWITCH_FIRMWARE_UPGRADE",
    "EDGE_FIRMWARE_UPGRADE",
];
/// Support access lasts this long unless the MSP ends it (docs/behaviour/msp.md).
pub const SUPPORT_DAYS: i64 = 21;
pub const MAX_DELEGATION_DAYS: i64 = 60;

/// Collects every rejected field of one request.
pub struct Check {
    object: &'static str,
    errors: Vec<FieldError>,
}

impl Check {
    pub fn new(object: &'static str) -> Self {
        Self {
            object,
            errors: Vec::new(),
        }
    }

    pub fn fail(&mut self, field: &str, value: impl Serialize, message: &str) {
        self.errors
            .push(FieldError::new(self.object, field, value, message));
    }

    pub fn required<'a>(&mut self, field: &str, value: Option<&'a str>) -> Option<&'a str> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => Some(v),
            None => {
                self.fail(field, value, "must not be blank");
                None
            }
        }
    }

    pub fn length(&mut self, field: &str, value: Option<&str>, min: usize, max: usize) {
        if let Some(v) = value {
            let n = v.chars().count();
            if n < min || n > max {
                self.fail(field, v, &format!("size must be between {min} and {max}"));
            }
        }
    }

    pub fn one_of(&mut self, field: &str, value: Option<&str>, allowed: &[&str]) {
        if let Some(v) = value {
            if !allowed.contains(&v) {
                self.fail(field, v, &format!("must be one of {}", allowed.join(", ")));
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

    pub fn date(&mut self, field: &str, value: Option<&str>) -> Option<DateTime<Utc>> {
        let v = self.required(field, value)?;
        let parsed = parse_date(v);
        if parsed.is_none() {
            self.fail(field, v, "must be a date such as 2019-09-14 01:12:51Z");
        }
        parsed
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

pub fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(char::is_whitespace)
        && v.len() <= 255
}

/// The bundle's dates: `2019-09-14 01:12:51Z`, `2019-09-14 01:12:51.805Z`,
/// RFC 3339, or a plain date.
pub fn parse_date(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Some(d.with_timezone(&Utc));
    }
    let trimmed = v.trim_end_matches('Z');
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(trimmed, format) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN).and_utc())
}

/// Dates as the bundle's examples write them: `2019-09-14 01:12:51Z`.
pub fn format_date(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

pub fn iso(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `number_of_days`: a whole number of days from 1 to 60.
pub fn delegation_days(v: Option<&str>) -> Result<Option<i64>, ()> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=MAX_DELEGATION_DAYS).contains(&n) => Ok(Some(n)),
            _ => Err(()),
        },
    }
}

/// The portal label: `[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]`.
pub fn is_label(v: &str) -> bool {
    let b = v.as_bytes();
    (2..=63).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

fn is_host(v: &str) -> bool {
    let labels: Vec<&str> = v.split('.').collect();
    labels.len() >= 2 && labels.iter().all(|l| is_label(l))
}

/// The bundle's FQDN pattern: empty, or two or more labels.
pub fn is_fqdn(v: &str) -> bool {
    v.is_empty() || is_host(v)
}

/// The bundle's URL pattern: empty, or http(s)://host[:port][/path][?query].
pub fn is_url(v: &str) -> bool {
    if v.is_empty() {
        return true;
    }
    let Some(rest) = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, _) = rest.split_at(end);
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let port_ok = port.is_none_or(|p| {
        (2..=5).contains(&p.len()) && !p.starts_with('0') && p.bytes().all(|c| c.is_ascii_digit())
    });
    is_host(host) && port_ok
}

/// A logo's uuid: empty or `[a-zA-Z0-9~.+_-]+`.
pub fn is_logo_uuid(v: &str) -> bool {
    v.bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"~.+_-".contains(&c))
}

/// A time slot `HH:MM-HH:MM` within the day, start before end.
pub fn is_time_slot(v: &str) -> bool {
    let Some((from, to)) = v.split_once('-') else {
        return false;
    };
    let parse = |t: &str| {
        (t.len() == 5)
            .then(|| NaiveTime::parse_from_str(t, "%H:%M").ok())
            .flatten()
    };
    match (parse(from), parse(to)) {
        (Some(a), Some(b)) => a < b || to == "00:00",
        _ => false,
    }
}

/// What a logo file is, from its first bytes (never from its name or the
/// declared type).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let svg = head.starts_with("<svg")
        || ((head.starts_with("<?xml") || head.starts_with("<!doctype svg"))
            && head.contains("<svg"));
    svg.then_some("image/svg+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundles_date_forms_parse() {
        for v in [
            "2019-09-14 01:12:51Z",
            "2019-09-14 01:12:51.805Z",
            "2019-09-14T01:12:51Z",
            "2019-09-14",
        ] {
            assert!(parse_date(v).is_some(), "{v}");
        }
        assert!(parse_date("14/09/2019").is_none());
        let d = parse_date("2019-09-14 01:12:51.805Z").unwrap();
        assert_eq!(format_date(d), "2019-09-14 01:12:51Z");
    }

    #[test]
    fn delegation_days_run_from_one_to_sixty() {
        assert_eq!(delegation_days(None), Ok(None));
        assert_eq!(delegation_days(Some("60")), Ok(Some(60)));
        assert!(delegation_days(Some("61")).is_err());
        assert!(delegation_days(Some("0")).is_err());
        assert!(delegation_days(Some("x")).is_err());
    }

    #[test]
    fn labels_urls_and_hosts_follow_the_bundles_patterns() {
        assert!(is_label("msp-label"));
        assert!(!is_label("-bad"));
        assert!(!is_label("a"));
        assert!(is_fqdn("wifi.sampledomain.com"));
        assert!(!is_fqdn("localhost"));
        assert!(is_url("https://support.sampledomain.com/"));
        assert!(is_url("http://wifi.sampledomain.com:8080/password?x=1"));
        assert!(!is_url("ftp://x.com"));
        assert!(!is_url("https://x.com:0/"));
        assert!(is_logo_uuid("b183ae56e08111e98a342a2ae2dbcce4-001.png"));
        assert!(!is_logo_uuid("../etc/passwd "));
    }

    #[test]
    fn time_slots_are_ordered_times_of_one_day() {
        assert!(is_time_slot("00:00-02:00"));
        assert!(is_time_slot("22:00-00:00"));
        assert!(!is_time_slot("02:00-01:00"));
        assert!(!is_time_slot("24:00-25:00"));
        assert!(!is_time_slot("0:00-2:00"));
    }

    #[test]
    fn images_are_known_by_their_content() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            sniff_image(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b"<html><svg/></html>"), None);
    }

    #[test]
    fn emails_need_a_domain() {
        assert!(is_email("john.wang@sampledomain.com"));
        assert!(!is_email("john"));
        assert!(!is_email("a b@c.d"));
    }
}
