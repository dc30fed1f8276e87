//! r1's own endpoints under `/_r1/` (not vendor routes): health, info, reset.

use std::sync::Arc;

use axum::{
    extract::{FromRequestParts, State},
    http::{header, request::Parts, HeaderMap, StatusCode},
    routing::{get, post},
    Extension, Router,
};
use serde::Serialize;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use crate::{bootstrap, error::ApiError, extract::Json, repo, state::AppState};

/// One served operation, for `/_r1/info`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub api: String,
    pub method: String,
    pub path: String,
    pub operation_id: String,
}

async fn health(State(state): State<AppState>) -> (StatusCode, axum::Json<Value>) {
    match sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(&state.db)
        .await
    {
        Ok(_) => (
            StatusCode::OK,
            axum::Json(json!({"status": "UP", "process": "UP", "database": "UP"})),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"status": "DOWN", "process": "UP", "database": "DOWN"})),
            )
        }
    }
}

async fn info(
    State(state): State<AppState>,
    Extension(ops): Extension<Arc<Vec<Operation>>>,
) -> Json<Value> {
    Json(json!({
        "name": "r1",
        "version": env!("CARGO_PKG_VERSION"),
        "region": state.config.region.as_str(),
        "vendorHost": state.config.region.vendor_host(),
        "asyncDelayMs": state.config.async_delay_ms,
        // r1 processes sharing this database (and the rate budgets).
        "instances": state.rate_limits.shares(),
        "operationCount": ops.len(),
        "operations": *ops,
    }))
}

/// A request to one of r1's own `/_r1/` endpoints that change state: it
/// carries `Authorization: Bearer <R1_ADMIN_TOKEN>`.
pub struct AdminToken;

impl FromRequestParts<AppState> for AdminToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        require_admin(state, &parts.headers).map(|()| AdminToken)
    }
}

fn require_admin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let matches = given.is_some_and(|token| {
        bool::from(token.as_bytes().ct_eq(state.config.admin_token.as_bytes()))
    });
    match given {
        Some(_) if matches => Ok(()),
        Some(_) => Err(ApiError::Forbidden(
            "Wrong admin token: /_r1/reset takes the admin token (R1_ADMIN_TOKEN, r1-admin \
             unless set), not a tenant's token from /oauth2/token"
                .into(),
        )),
        None => Err(ApiError::Unauthorized(
            "/_r1/reset takes the admin token, not a tenant's token: send \
             `Authorization: Bearer <R1_ADMIN_TOKEN>` (r1-admin unless set)"
                .into(),
        )),
    }
}

/// Wipes all state and creates the bootstrap tenant and client again.
async fn reset(State(state): State<AppState>, _: AdminToken) -> Result<Json<Value>, ApiError> {
    crate::access::changed();
    repo::truncate_all(&state.db).await?;
    bootstrap::seed(&state.db, &state.config).await?;
    tracing::info!("state reset by /_r1/reset");
    Ok(Json(
        json!({"status": "reset", "tenantId": state.config.bootstrap_tenant_id}),
    ))
}

pub fn router(operations: Vec<Operation>) -> Router<AppState> {
    Router::new()
        .route("/_r1/health", get(health))
        .route("/_r1/info", get(info))
        .route("/_r1/reset", post(reset))
        .layer(Extension(Arc::new(operations)))
}
