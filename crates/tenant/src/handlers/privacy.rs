//! Tag `Privacy Features`: POST replaces the whole set, PATCH merges by
//! feature name.

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
use crate::{
    accounts,
    model::{PrivacyFeatureRequest, PrivacyFeatureResponse},
    settings,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdParam {
    /// The tenant whose settings are read: the caller's own (any other id
    /// is not found).
    pub id: Option<String>,
}

/// Get Configured Privacy Settings
#[utoipa::path(
    get,
    path = "/tenants/privacySettings",
    tag = "Privacy Features",
    operation_id = "getPrivacySettings",
    params(IdParam),
    responses(
        (status = 200, description = "OK", content((PrivacyFeatureResponse = V1), (PrivacyFeatureResponse = JSON))),
        (status = 404, description = "id names another tenant", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_privacy_settings(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(q): Query<IdParam>,
) -> Result<Json<PrivacyFeatureResponse>, ApiError> {
    if let Some(id) = q.id.filter(|id| id != &ctx.tenant_id) {
        return Err(accounts::not_found(&id));
    }
    let mut conn = state.db.acquire().await?;
    Ok(Json(settings::privacy(&mut conn, &ctx.tenant_id).await?))
}

/// Clear and Save Privacy Settings
#[utoipa::path(
    post,
    path = "/tenants/privacySettings",
    tag = "Privacy Features",
    operation_id = "postPrivacySettings",
    request_body = PrivacyFeatureRequest,
    responses(
        (status = 200, description = "OK", content((PrivacyFeatureResponse = V1), (PrivacyFeatureResponse = JSON))),
        (status = 400, description = "Empty set, repeated names or unknown statuses", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn post_privacy_settings(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<PrivacyFeatureRequest>,
) -> Result<Json<PrivacyFeatureResponse>, ApiError> {
    let mut tx = state.db.begin().await?;
    let response = settings::replace_privacy(&mut tx, &ctx.tenant_id, body).await?;
    tx.commit().await?;
    Ok(Json(response))
}

/// Add or Update Privacy Settings
#[utoipa::path(
    patch,
    path = "/tenants/privacySettings",
    tag = "Privacy Features",
    operation_id = "patchPrivacySettings",
    request_body = PrivacyFeatureRequest,
    responses(
        (status = 200, description = "OK", content((PrivacyFeatureResponse = V1), (PrivacyFeatureResponse = JSON))),
        (status = 400, description = "Empty set, repeated names or unknown statuses", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn patch_privacy_settings(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<PrivacyFeatureRequest>,
) -> Result<Json<PrivacyFeatureResponse>, ApiError> {
    let mut tx = state.db.begin().await?;
    let response = settings::merge_privacy(&mut tx, &ctx.tenant_id, body).await?;
    tx.commit().await?;
    Ok(Json(response))
}
