//! Tag `authentication-controller`: the tenant's identity providers.

use axum::extract::State;
use r1_core::{
    error::ErrorBody,
    extract::{Json, Query},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Scope;
use crate::{model::AuthenticationInfo, settings};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
#[allow(dead_code)] // accepted and ignored (docs/behaviour/tenant.md)
pub struct ExtendedRoleParam {
    /// Accepted; r1 keeps no extended roles.
    pub with_extended_role: Option<bool>,
}

/// Get Authentications
#[utoipa::path(
    get,
    path = "/tenants/authentications",
    tag = "authentication-controller",
    operation_id = "getAuthentications",
    params(ExtendedRoleParam),
    responses(
        (status = 200, description = "OK", content((Vec<AuthenticationInfo> = V1), (Vec<AuthenticationInfo> = JSON))),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_authentications(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(_extended): Query<ExtendedRoleParam>,
) -> Result<Json<Vec<AuthenticationInfo>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        settings::authentications(&mut conn, &ctx.tenant_id).await?,
    ))
}

/// Add Authentication
#[utoipa::path(
    post,
    path = "/tenants/authentications",
    tag = "authentication-controller",
    operation_id = "addAuthentication",
    request_body(content((AuthenticationInfo = V1), (AuthenticationInfo = JSON))),
    responses(
        (status = 200, description = "OK", content((AuthenticationInfo = V1), (AuthenticationInfo = JSON))),
        (status = 400, description = "Missing name or type, unknown enum value", body = ErrorBody),
        (status = 409, description = "An authentication with this name exists", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn add_authentication(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<AuthenticationInfo>,
) -> Result<Json<AuthenticationInfo>, ApiError> {
    let mut tx = state.db.begin().await?;
    let added = settings::add_authentication(&mut tx, &ctx.tenant_id, body).await?;
    tx.commit().await?;
    Ok(Json(added))
}
