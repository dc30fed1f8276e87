//! OAuth2 client-credentials tokens and the extractor that turns a bearer
//! token into the tenant a request acts on.

use std::sync::Arc;

use axum::{
    extract::{FromRequestParts, Path},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Form, Json,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    access::Access,
    error::ApiError,
    ids::is_tenant_id,
    repo,
    secrets::{self, Check},
    state::AppState,
    tenants::TenantStatus,
};

pub use crate::keys::{Claims, Keys};

/// The header an MSP sends to act on one of its customers' tenants.
pub const ACTING_TENANT_HEADER: &str = "x-rks-tenantid";

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
        // A handler may take the context twice (itself and through a path
        // extractor that loads its row): decide it once per request.
        if let Some(ctx) = parts.extensions.get::<TenantCtx>() {
            return Ok(ctx.clone());
        }
        let claims = match parts.extensions.remove::<Arc<Claims>>() {
            Some(claims) => claims,
            None => state.keys.from_headers(&parts.headers)?,
        };
        let acting = parts
            .headers
            .get(ACTING_TENANT_HEADER)
            .map(|v| v.to_str().unwrap_or_default().trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty() && *t != claims.tenant_id);
        let tenant_id = authorize(state, &claims.tenant_id, acting).await?;
        let ctx = TenantCtx {
            tenant_id,
            caller_tenant_id: claims.tenant_id.clone(),
            client_id: claims.sub.clone(),
            client_name: claims.name.clone(),
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// The tenant a request acts on: the token's own, which must exist and be
/// active, or the one named by `x-rks-tenantid`, which needs a live grant
/// (r1_core::grants) and must be active too. Checked on every request, so a
/// suspension or a revoked grant takes effect on the next one (through the
/// per-process answers of r1_core::access, which forget at every change).
async fn authorize(
    state: &AppState,
    caller: &str,
    acting: Option<String>,
) -> Result<String, ApiError> {
    let target = acting.as_deref().filter(|t| is_tenant_id(t));
    let access = match state.access.get(caller, target) {
        Some(access) => access,
        None => {
            let generation = state.access.generation();
            let row = repo::access(&state.db, caller, target).await?;
            let access = Access {
                caller_status: row.caller_status,
                target_status: row.target_status,
                granted: row.granted,
            };
            state
                .access
                .put(generation, caller, target, access.clone(), row.changes_at);
            access
        }
    };
    match access.caller_status.as_deref().map(TenantStatus::parse) {
        Some(Some(TenantStatus::Active)) => {}
        None => {
            return Err(ApiError::Unauthorized(format!(
                "The token's tenant {caller} does not exist"
            )))
        }
        Some(_) => {
            return Err(ApiError::Unauthorized(format!(
                "The token's tenant {caller} is {}",
                access.caller_status.unwrap_or_default()
            )))
        }
    }
    let Some(acting) = acting else {
        return Ok(caller.to_string());
    };
    let target_active = access.target_status.as_deref() == Some(TenantStatus::Active.as_str());
    if is_tenant_id(&acting) && access.granted && target_active {
        Ok(acting)
    } else {
        // The same answer whether the tenant is missing, inactive or simply
        // not delegated, so the header reveals nothing (docs/behaviour.md).
        Err(ApiError::Forbidden(format!(
            "The caller holds no delegation for tenant {acting}"
        )))
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
    let client = repo::find_client(&state.db, &tenant_id.to_ascii_lowercase(), &req.client_id)
        .await?
        .ok_or_else(invalid_client)?;
    if !secret_matches(&state, &client, req.client_secret).await? {
        return Err(invalid_client());
    }
    if client.tenant_status != TenantStatus::Active.as_str() {
        return Err(OAuthError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: format!("Tenant {} is {}", client.tenant_id, client.tenant_status),
        });
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

/// Checks a client's secret; an older argon2 hash is checked off the async
/// workers once, then replaced by the fast form (r1_core::secrets).
async fn secret_matches(
    state: &AppState,
    client: &repo::ClientRow,
    secret: String,
) -> Result<bool, ApiError> {
    if !secrets::is_legacy(&client.secret_hash) {
        return Ok(secrets::check(&secret, &client.secret_hash) == Check::Matches);
    }
    let stored = client.secret_hash.clone();
    let (check, secret) = tokio::task::spawn_blocking(move || {
        let check = secrets::check(&secret, &stored);
        (check, secret)
    })
    .await
    .map_err(ApiError::internal)?;
    if check != Check::MatchesLegacy {
        return Ok(false);
    }
    repo::set_client_secret_hash(
        &state.db,
        &client.tenant_id,
        &client.client_id,
        &client.secret_hash,
        &secrets::hash(&secret),
    )
    .await?;
    Ok(true)
}
