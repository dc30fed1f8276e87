//! Signing and verifying the bearer JWTs the token endpoint issues.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use axum::http::{header, HeaderMap};
use chrono::Utc;
use jsonwebtoken::{errors::ErrorKind, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The API client (application token) the JWT was issued to.
    pub sub: String,
    #[serde(rename = "tenantId")]
    pub tenant_id: String,
    /// The application's name, shown as `Application <name>` on activities.
    pub name: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

struct KeyPair {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Tokens this process has verified, with their claims: a client sends
    /// the same token with every call until it expires, and decoding it
    /// (base64, two JSON documents, an HMAC) was a twelfth of a refused
    /// call's cost (`scripts/bench`, 429). The signature of a given string
    /// never changes, so only the expiry is checked again.
    verified: RwLock<HashMap<Box<str>, Arc<Claims>>>,
}

/// Enough for every client of a busy test run; the map starts over when
/// full rather than tracking which entry is oldest.
const VERIFIED_MAX: usize = 1024;

/// Cheap to clone: every request clones the state that holds it.
#[derive(Clone)]
pub struct Keys {
    inner: Arc<KeyPair>,
    ttl_secs: u64,
}

impl Keys {
    const ISSUER: &'static str = "r1";

    pub fn new(secret: &str, ttl_secs: u64) -> Self {
        let mut validation = Validation::default();
        validation.set_issuer(&[Self::ISSUER]);
        validation.leeway = 0;
        Self {
            inner: Arc::new(KeyPair {
                encoding: EncodingKey::from_secret(secret.as_bytes()),
                decoding: DecodingKey::from_secret(secret.as_bytes()),
                validation,
                verified: RwLock::new(HashMap::new()),
            }),
            ttl_secs,
        }
    }

    pub fn issue(&self, client_id: &str, tenant_id: &str, name: &str) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: client_id.to_string(),
            tenant_id: tenant_id.to_string(),
            name: name.to_string(),
            iss: Self::ISSUER.to_string(),
            iat: now,
            exp: now + self.ttl_secs as i64,
        };
        jsonwebtoken::encode(&Header::default(), &claims, &self.inner.encoding)
            .map_err(ApiError::internal)
    }

    /// The token's claims, shared: a request hands them on without copying
    /// their strings.
    pub fn verify(&self, token: &str) -> Result<Arc<Claims>, ApiError> {
        if let Some(claims) = self.remembered(token) {
            return Ok(claims);
        }
        let claims =
            jsonwebtoken::decode::<Claims>(token, &self.inner.decoding, &self.inner.validation)
                .map(|data| Arc::new(data.claims))
                .map_err(|e| ApiError::Unauthorized(why_refused(e.kind()).into()))?;
        if let Ok(mut verified) = self.inner.verified.write() {
            if verified.len() >= VERIFIED_MAX {
                verified.clear();
            }
            verified.insert(token.into(), Arc::clone(&claims));
        }
        Ok(claims)
    }

    /// The claims of a token verified before, while it has not expired
    /// (with no leeway, as `Validation` is set up); an expired one is decoded
    /// again so that the refusal says why.
    fn remembered(&self, token: &str) -> Option<Arc<Claims>> {
        let verified = self.inner.verified.read().ok()?;
        let claims = verified.get(token)?;
        (claims.exp >= Utc::now().timestamp()).then(|| Arc::clone(claims))
    }

    /// The claims of the request's bearer token, if it has a valid one.
    pub fn from_headers(&self, headers: &HeaderMap) -> Result<Arc<Claims>, ApiError> {
        self.verify(bearer(headers)?)
    }
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized("Missing Authorization header".into()))?;
    value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized("Authorization header must be: Bearer <token>".into())
        })
}

/// What a client reads when its token is refused: the reason in words, never
/// a library's enum name.
fn why_refused(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ExpiredSignature => "The token has expired: get a new one",
        ErrorKind::InvalidSignature => "The token's signature is not valid for this server",
        ErrorKind::InvalidIssuer => "The token was not issued by this server",
        ErrorKind::InvalidAlgorithm => {
            "The token is signed with an algorithm this server does not accept"
        }
        ErrorKind::ImmatureSignature => "The token is not valid yet",
        _ => "The token is malformed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "00000000000000000000000000000001";

    fn message(e: ApiError) -> String {
        match e {
            ApiError::Unauthorized(m) => m,
            other => panic!("expected 401, got {other:?}"),
        }
    }

    #[test]
    fn tokens_round_trip_and_reject_other_keys() {
        let keys = Keys::new("one", 60);
        let token = keys.issue("c", T, "app").unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.tenant_id, T);
        assert_eq!(claims.name, "app");
        let refused = Keys::new("two", 60).verify(&token).unwrap_err();
        assert_eq!(
            message(refused),
            "The token's signature is not valid for this server"
        );
    }

    #[test]
    fn expired_and_malformed_tokens_say_so() {
        let keys = Keys::new("one", 0);
        let token = keys.issue("c", T, "app").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(
            message(keys.verify(&token).unwrap_err()),
            "The token has expired: get a new one"
        );
        assert_eq!(
            message(keys.verify("not-a-jwt").unwrap_err()),
            "The token is malformed"
        );
    }

    #[test]
    fn a_remembered_token_still_expires() {
        let keys = Keys::new("one", 0);
        let token = keys.issue("c", T, "app").unwrap();
        // Valid for the second it was issued in, and now remembered.
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.sub, "c");
        assert!(keys.remembered(&token).is_some());
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(keys.remembered(&token).is_none());
        assert_eq!(
            message(keys.verify(&token).unwrap_err()),
            "The token has expired: get a new one"
        );
    }

    #[test]
    fn the_remembered_tokens_start_over_when_full() {
        let keys = Keys::new("one", 60);
        let tokens: Vec<String> = (0..=VERIFIED_MAX)
            .map(|n| keys.issue(&format!("c{n}"), T, "app").unwrap())
            .collect();
        for token in &tokens {
            keys.verify(token).unwrap();
        }
        let remembered = keys.inner.verified.read().unwrap().len();
        assert_eq!(remembered, 1, "cleared at {VERIFIED_MAX}, then one more");
        assert_eq!(keys.verify(&tokens[0]).unwrap().sub, "c0");
    }
}
