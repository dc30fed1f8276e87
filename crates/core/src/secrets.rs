//! How API client secrets are stored and checked.
//!
//! Client secrets are long random strings, not passwords a person chooses, so
//! a salted SHA-256 keeps the stored form non-reversible at the cost of a
//! microsecond and no memory. A deliberately slow hash (argon2, as r1 used
//! before) cost 19 MiB and ~46 ms of CPU per token request, and the allocator
//! kept the memory. Stored argon2 hashes are still accepted, and replaced by
//! the fast form the first time they match.

use argon2::{password_hash::PasswordHash, Argon2, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const SCHEME: &str = "sha256";

/// The stored form of a secret: `sha256$<salt hex>$<digest hex>`.
pub fn hash(secret: &str) -> String {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    format!("{SCHEME}${}${}", hex::encode(salt), digest(&salt, secret))
}

fn digest(salt: &[u8], secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(secret.as_bytes());
    hex::encode(h.finalize())
}

/// Whether `secret` matches what is stored.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    Matches,
    /// Matches a hash of the older, slow form: store [`hash`] in its place.
    MatchesLegacy,
    Differs,
}

/// Checks a secret. Only a legacy argon2 hash costs more than a microsecond,
/// so only that case belongs on a blocking thread ([`is_legacy`]).
pub fn check(secret: &str, stored: &str) -> Check {
    if let Some(rest) = stored.strip_prefix("sha256$") {
        let Some((salt, expected)) = rest.split_once('$') else {
            return Check::Differs;
        };
        let Ok(salt) = hex::decode(salt) else {
            return Check::Differs;
        };
        let actual = digest(&salt, secret);
        return if bool::from(actual.as_bytes().ct_eq(expected.as_bytes())) {
            Check::Matches
        } else {
            Check::Differs
        };
    }
    match PasswordHash::new(stored) {
        Ok(parsed)
            if Argon2::default()
                .verify_password(secret.as_bytes(), &parsed)
                .is_ok() =>
        {
            Check::MatchesLegacy
        }
        _ => Check::Differs,
    }
}

/// A stored hash of the slow, older form.
pub fn is_legacy(stored: &str) -> bool {
    !stored.starts_with("sha256$")
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};

    #[test]
    fn secrets_are_salted_hashed_and_checked() {
        let stored = hash("s3cret");
        assert!(stored.starts_with("sha256$"));
        assert!(!stored.contains("s3cret"));
        assert_ne!(stored, hash("s3cret"), "each hash has its own salt");
        assert_eq!(check("s3cret", &stored), Check::Matches);
        assert_eq!(check("other", &stored), Check::Differs);
        assert!(!is_legacy(&stored));
    }

    #[test]
    fn malformed_stored_forms_never_match() {
        for stored in ["sha256$", "sha256$zz$00", "sha256$00", "", "plain"] {
            assert_eq!(check("", stored), Check::Differs, "{stored:?}");
        }
    }

    #[test]
    fn older_argon2_hashes_still_match_and_ask_to_be_replaced() {
        let salt = SaltString::generate(&mut OsRng);
        let stored = Argon2::default()
            .hash_password(b"s3cret", &salt)
            .unwrap()
            .to_string();
        assert!(is_legacy(&stored));
        assert_eq!(check("s3cret", &stored), Check::MatchesLegacy);
        assert_eq!(check("other", &stored), Check::Differs);
    }
}
