//! Signing and verifying the bearer JWTs the token endpoint issues.

use std::sync::Arc;

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
}

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

    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        jsonwebtoken::decode::<Claims>(token, &self.inner.decoding, &self.inner.validation)
            .map(|data| data.claims)
            .map_err(|e| ApiError::Unauthorized(why_refused(e.kind()).into()))
    }

    /// The claims of the request's bearer token, if it has a valid one.
    pub fn from_headers(&self, headers: &HeaderMap) -> Result<Claims, ApiError> {
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
}
