//! The DPSK rules that need neither HTTP nor a database: the vendor's field
//! patterns, device-count adjustment and expiration arithmetic.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, Months, Utc};
use regex::Regex;

use r1_core::ApiError;
use serde_json::Value;

use crate::model::{Expiration, ExpirationType};

/// The vendor's MAC pattern (`DpskPassphraseCreateDto.mac`): six pairs, four
/// triples or three quads separated by `.`, `:` or `-`, or twelve digits.
static MAC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9A-Fa-f]{2}[.:-]){5}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{3}[.:-]){3}([0-9A-Fa-f]{3})$|^([0-9A-Fa-f]{4}[.:-]){2}([0-9A-Fa-f]{4})$|^([0-9A-Fa-f]{12})$",
    )
    .expect("MAC pattern")
});

/// The vendor's email pattern (`DpskPassphraseDto.email`), empty allowed.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\w!#$%&’*+/=?`{|}~^-]+(?:\.[\w!#$%&’*+/=?`{|}~^-]+)*@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$|^$",
    )
    .expect("email pattern")
});

/// The bundle gives no phone pattern; r1 takes an optional `+`, then 5 to 20
/// digits with spaces, dots, dashes or brackets between them
/// (docs/behaviour/dpsk.md).
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\+?[0-9][0-9 ().-]{3,28}[0-9]$").expect("phone pattern"));

/// A MAC in any of the vendor's forms, as `AA:BB:CC:DD:EE:FF`; `None` when it
/// matches none of them.
pub fn normalize_mac(mac: &str) -> Option<String> {
    let mac = mac.trim();
    if !MAC.is_match(mac) {
        return None;
    }
    let hex: String = mac
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let pairs: Vec<&str> = (0..6).map(|i| &hex[i * 2..i * 2 + 2]).collect();
    Some(pairs.join(":"))
}

pub fn is_email(email: &str) -> bool {
    EMAIL.is_match(email)
}

pub fn is_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    PHONE.is_match(phone) && (5..=20).contains(&digits)
}

/// A WPA passphrase: 8 to 63 printable ASCII characters.
pub fn is_passphrase(p: &str) -> bool {
    (8..=63).contains(&p.len()) && p.bytes().all(|c| (b' '..=b'~').contains(&c))
}

/// The bundle: "Must be between 1 and 50. Inputs outside this range will be
/// adjusted."
pub fn adjust_devices(n: i32) -> i32 {
    n.clamp(1, 50)
}

/// When a passphrase created now with this `expiration` expires.
pub fn expiration_date(expiration: Expiration, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match expiration {
        Expiration::Unlimited => None,
        Expiration::OneDay => Some(now + Duration::days(1)),
        Expiration::TwoDays => Some(now + Duration::days(2)),
        Expiration::OneWeek => Some(now + Duration::weeks(1)),
        Expiration::TwoWeeks => Some(now + Duration::weeks(2)),
        Expiration::OneMonth => now.checked_add_months(Months::new(1)),
        Expiration::SixMonths => now.checked_add_months(Months::new(6)),
        Expiration::OneYear => now.checked_add_months(Months::new(12)),
        Expiration::TwoYears => now.checked_add_months(Months::new(24)),
    }
}

/// When a passphrase created now expires by its pool's rule.
pub fn pool_expiration_date(
    kind: Option<ExpirationType>,
    offset: Option<i32>,
    date: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let offset = i64::from(offset.unwrap_or(0));
    let months = |n: i64| now.checked_add_months(Months::new(u32::try_from(n).ok()?));
    match kind? {
        ExpirationType::SpecifiedDate => date,
        ExpirationType::HoursAfterTime => Some(now + Duration::hours(offset)),
        ExpirationType::DaysAfterTime => Some(now + Duration::days(offset)),
        ExpirationType::WeeksAfterTime => Some(now + Duration::weeks(offset)),
        ExpirationType::MonthsAfterTime => months(offset),
        ExpirationType::YearsAfterTime => months(offset * 12),
    }
}

/// Members of `patch` replace those of `current`; the others stay.
pub fn merge(current: Value, patch: &Value) -> Result<Value, ApiError> {
    let Value::Object(changes) = patch else {
        return Err(ApiError::BadRequest(
            "The request body must be a JSON object".into(),
        ));
    };
    let mut merged = current;
    if let Value::Object(map) = &mut merged {
        for (k, v) in changes {
            map.insert(k.clone(), v.clone());
        }
    }
    Ok(merged)
}

pub fn from_merged<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, ApiError> {
    serde_json::from_value(v)
        .map_err(|e| ApiError::BadRequest(format!("Invalid request body: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn macs_in_every_vendor_form_normalise() {
        for mac in [
            "aa:bb:cc:dd:ee:ff",
            "AA-BB-CC-DD-EE-FF",
            "aa.bb.cc.dd.ee.ff",
            "aab.bcc.dde.eff",
            "aabb.ccdd.eeff",
            "AABBCCDDEEFF",
        ] {
            assert_eq!(
                normalize_mac(mac).as_deref(),
                Some("AA:BB:CC:DD:EE:FF"),
                "{mac}"
            );
        }
        for bad in ["", "aa:bb:cc:dd:ee", "gg:bb:cc:dd:ee:ff", "aabbccddeeff00"] {
            assert_eq!(normalize_mac(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn normalised_macs_round_trip(bytes in proptest::array::uniform6(any::<u8>())) {
            let mac = bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join("-");
            let n = normalize_mac(&mac).unwrap();
            prop_assert_eq!(normalize_mac(&n), Some(n.clone()));
            prop_assert_eq!(n, mac.to_uppercase().replace('-', ":"));
        }
    }

    #[test]
    fn emails_and_phones() {
        assert!(is_email("abc@email.com"));
        assert!(is_email(""));
        assert!(!is_email("abc@email"));
        assert!(!is_email("a b@email.com"));
        assert!(is_phone("+1 (408) 555-0100"));
        assert!(is_phone("0123456"));
        assert!(!is_phone("12"));
        assert!(!is_phone("call me"));
    }

    #[test]
    fn passphrases_are_printable_ascii_of_8_to_63() {
        assert!(is_passphrase("12345678"));
        assert!(is_passphrase(&"x".repeat(63)));
        assert!(!is_passphrase("1234567"));
        assert!(!is_passphrase(&"x".repeat(64)));
        assert!(!is_passphrase("pässwörd1"));
    }

    #[test]
    fn devices_are_adjusted_into_range() {
        assert_eq!(
            [adjust_devices(0), adjust_devices(7), adjust_devices(99)],
            [1, 7, 50]
        );
    }

    #[test]
    fn expirations_become_dates() {
        let now = Utc.with_ymd_and_hms(2024, 1, 31, 12, 0, 0).unwrap();
        assert_eq!(expiration_date(Expiration::Unlimited, now), None);
        assert_eq!(
            expiration_date(Expiration::OneMonth, now),
            Some(Utc.with_ymd_and_hms(2024, 2, 29, 12, 0, 0).unwrap())
        );
        assert_eq!(
            expiration_date(Expiration::TwoYears, now),
            Some(Utc.with_ymd_and_hms(2026, 1, 31, 12, 0, 0).unwrap())
        );
        assert_eq!(
            pool_expiration_date(Some(ExpirationType::DaysAfterTime), Some(3), None, now),
            Some(now + Duration::days(3))
        );
        assert_eq!(pool_expiration_date(None, Some(3), None, now), None);
    }
}
