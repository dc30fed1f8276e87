//! OAuth2 client-credentials tokens and the extractor that turns a bearer
//! token into the tenant a request acts on.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use axum::{
    extract::{FromRequestParts, Path},
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Form, Json,
};
use chrono::Utc;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{error::ApiError, repo, state::AppState};

/// The header an MSP sends to act on one of its customers' tenants.
pub const ACTING_TENANT_HEADER: &str = "x-rks-tenantid";

/// RUCKUS One tenant ids are 32 lowercase hex characters.
pub fn is_tenant_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

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

#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_secs: u64,
}

impl Keys {
    const ISSUER: &'static str = "r1";

    pub fn new(secret: &str, ttl_secs: u64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
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
        jsonwebtoken::encode(&Header::default(), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let mut validation = Validation::default();
        validation.set_issuer(&[Self::ISSUER]);
        validation.leeway = 0;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| ApiError::Unauthorized(format!("Invalid token: {e}")))
    }

    /// The claims of the request's bearer token, if it has a valid one.
    pub fn from_headers(&self, headers: &HeaderMap) -> Result<Claims, ApiError> {
        let value = headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| ApiError::Unauthorized("Missing Authorization header".into()))?;
        let token = value
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
            })?;
        self.verify(token)
    }
}

pub fn hash_secret(secret: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(e.to_string()))
}

fn secret_matches(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Who is calling, and which tenant the call acts on.
#[derive(Debug, Clone)]
pub struct TenantCtx {
    /// The tenant whose data the request reads and writes.
    pub tenant_id: String,
    /// The tenant the token was issued for (differs when an MSP acts for a
    /// customer through `x-rks-tenantid`).
    pub caller_tenant_id: String,
    pub client_id: String,
    pub client_name: String,
}

impl TenantCtx {
    /// The `admin` shown on activities: API clients appear as
    /// `Application <client name>`.
    pub fn admin_name(&self) -> String {
        format!("Application {}", self.client_name)
    }
}

impl FromRequestParts<AppState> for TenantCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let claims = state.keys.from_headers(&parts.headers)?;
        let acting = parts
            .headers
            .get(ACTING_TENANT_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
            .filter(|t| !t.is_empty());
        let tenant_id = match acting {
            Some(t) if t != claims.tenant_id => {
                // Acting for another tenant needs an MSP delegation, which
                // the MSP Services issue brings; until then no tenant can be
                // seen through the header (docs/behaviour.md).
                return Err(ApiError::Forbidden(format!(
                    "The caller holds no delegation for tenant {t}"
                )));
            }
            _ => claims.tenant_id.clone(),
        };
        Ok(TenantCtx {
            tenant_id,
            caller_tenant_id: claims.tenant_id,
            client_id: claims.sub,
            client_name: claims.name,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    #[serde(default)]
    pub grant_type: String,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub client_secret: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
}

#[derive(Deserialize, IntoParams)]
pub struct TokenPath {
    /// The tenant the application token belongs to.
    #[serde(rename = "tenantId")]
    pub tenant_id: String,
}

/// OAuth2 errors follow RFC 6749 section 5.2, as a client library expects
/// from a client-credentials endpoint.
pub struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({
                "error": self.error,
                "error_description": self.description,
            })),
        )
            .into_response()
    }
}

impl From<ApiError> for OAuthError {
    fn from(e: ApiError) -> Self {
        OAuthError {
            status: e.status(),
            error: "server_error",
            description: e.to_string(),
        }
    }
}

/// Get a JWT for an application token (client credentials).
#[utoipa::path(
    post,
    path = "/oauth2/token/{tenantId}",
    tag = "Authentication",
    operation_id = "getAccessToken",
    params(TokenPath),
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "A bearer token", body = TokenResponse),
        (status = 400, description = "Missing field or unsupported grant type"),
        (status = 401, description = "Unknown client or wrong secret"),
    )
)]
pub async fn issue_token(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(TokenPath { tenant_id }): Path<TokenPath>,
    headers: axum::http::HeaderMap,
    form: Result<Form<TokenRequest>, axum::extract::rejection::FormRejection>,
) -> Result<Json<TokenResponse>, OAuthError> {
    let Form(mut req) = form.map_err(|e| OAuthError {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_request",
        description: e.body_text(),
    })?;
    // RFC 6749 2.3.1: the credentials may come as HTTP Basic instead of in
    // the body (Swagger UI's Authorize sends them so).
    if let Some((id, secret)) = crate::extract::basic_credentials(&headers) {
        if req.client_id.is_empty() && req.client_secret.is_empty() {
            (req.client_id, req.client_secret) = (id, secret);
        }
    }
    if req.grant_type != "client_credentials" {
        return Err(OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: "grant_type must be client_credentials".into(),
        });
    }
    let invalid_client = || OAuthError {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        description: "Unknown client or wrong secret for this tenant".into(),
    };
    if req.client_id.is_empty() || req.client_secret.is_empty() {
        return Err(OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            description: "client_id and client_secret are required".into(),
        });
    }
    let client = repo::find_client(&state.db, &req.client_id)
        .await?
        .filter(|c| c.tenant_id == tenant_id.to_ascii_lowercase())
        .ok_or_else(invalid_client)?;
    // argon2 is deliberately slow: keep it off the async workers.
    let (secret, hash) = (req.client_secret, client.secret_hash.clone());
    let matches = tokio::task::spawn_blocking(move || secret_matches(&secret, &hash))
        .await
        .map_err(ApiError::internal)?;
    if !matches {
        return Err(invalid_client());
    }
    let token = state
        .keys
        .issue(&client.client_id, &client.tenant_id, &client.name)?;
    Ok(Json(TokenResponse {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: state.config.token_ttl_secs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_other_keys() {
        let keys = Keys::new("one", 60);
        let token = keys
            .issue("c", "00000000000000000000000000000001", "app")
            .unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.tenant_id, "00000000000000000000000000000001");
        assert_eq!(claims.name, "app");
        assert!(Keys::new("two", 60).verify(&token).is_err());
    }

    #[test]
    fn expired_tokens_are_refused() {
        let keys = Keys::new("one", 0);
        let token = keys
            .issue("c", "00000000000000000000000000000001", "app")
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(matches!(
            keys.verify(&token),
            Err(ApiError::Unauthorized(_))
        ));
    }

    #[test]
    fn secrets_are_hashed_and_verified() {
        let hash = hash_secret("s3cret").unwrap();
        assert!(hash.starts_with("$argon2"));
        assert!(!hash.contains("s3cret"));
        assert!(secret_matches("s3cret", &hash));
        assert!(!secret_matches("other", &hash));
    }

    #[test]
    fn tenant_ids_are_32_lowercase_hex() {
        assert!(is_tenant_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_tenant_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_tenant_id("short"));
    }
}
