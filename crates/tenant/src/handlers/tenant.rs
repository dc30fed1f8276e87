//! Tag `Tenant`: the tenant's own record, its beta features, and the
//! subscription preferences the vendor's newer pages add.

use axum::extract::State;
use r1_core::{
    error::ErrorBody,
    extract::{Json, Query},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;

use super::{settle, Scope};
use crate::{
    accounts,
    model::{APICallInfo, BetaFeatureRequest, BetaFeatureResponse, Tenant, TenantDto},
    settings,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeepParam {
    /// Embed `admins`, `notificationRecipients`, `authentications` and
    /// `delegationsTo`.
    pub deep: Option<bool>,
}

/// Get Tenant
#[utoipa::path(
    get,
    path = "/tenants/self",
    tag = "Tenant",
    operation_id = "get",
    params(DeepParam),
    responses(
        (status = 200, description = "OK", content((Tenant = V1), (Tenant = JSON))),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_tenant(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(q): Query<DeepParam>,
) -> Result<Json<Tenant>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        accounts::tenant(&mut conn, &ctx.tenant_id, q.deep.unwrap_or(false)).await?,
    ))
}

/// Update a Tenant
#[utoipa::path(
    put,
    path = "/tenants/self",
    tag = "Tenant",
    operation_id = "updateTenant",
    request_body(content((TenantDto = V1), (TenantDto = JSON))),
    responses(
        (status = 200, description = "OK", content((APICallInfo = V1), (APICallInfo = JSON))),
        (status = 400, description = "Invalid tenant fields", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn update_tenant(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<TenantDto>,
) -> Result<Json<APICallInfo>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = accounts::update(&mut tx, &ctx.tenant_id, body).await;
    let tenant_id = ctx.tenant_id.clone();
    let (request_id, ()) = settle(&state, &ctx, tx, "UpdateTenant", result, |_| {
        Some(tenant_id.clone())
    })
    .await?;
    Ok(Json(APICallInfo { request_id }))
}

/// Get Beta Feature Identifiers
#[utoipa::path(
    get,
    path = "/tenants/betaFeatures",
    tag = "Tenant",
    operation_id = "getFeatureIds",
    responses(
        (status = 200, description = "OK", body = BetaFeatureResponse),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_feature_ids(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Json<BetaFeatureResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        settings::beta_features(&mut conn, &ctx.tenant_id).await?,
    ))
}

/// Update Beta Feature Identifiers
#[utoipa::path(
    put,
    path = "/tenants/betaFeatures",
    tag = "Tenant",
    operation_id = "updateFeatureIds",
    request_body = BetaFeatureRequest,
    responses(
        (status = 200, description = "OK", body = BetaFeatureResponse),
        (status = 400, description = "Repeated or missing feature ids", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn update_feature_ids(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<BetaFeatureRequest>,
) -> Result<Json<BetaFeatureResponse>, ApiError> {
    let mut tx = state.db.begin().await?;
    let response =
        settings::set_beta_features(&mut tx, &ctx.tenant_id, body.beta_feature_ids).await?;
    tx.commit().await?;
    Ok(Json(response))
}

/// Get Subscription Preferences
#[utoipa::path(
    get,
    path = "/tenants/subscriptionPreferences",
    tag = "Tenant",
    operation_id = "getSubscriptionPreferences",
    responses(
        (status = 200, description = "OK", body = serde_json::Value),
    )
)]
pub async fn get_subscription_preferences(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        accounts::subscription_preferences(&mut conn, &ctx.tenant_id).await?,
    ))
}

/// Update Subscription Preferences
#[utoipa::path(
    put,
    path = "/tenants/subscriptionPreferences",
    tag = "Tenant",
    operation_id = "updateSubscriptionPreferences",
    request_body = serde_json::Value,
    responses(
        (status = 200, description = "OK", body = serde_json::Value),
        (status = 400, description = "Not a JSON object", body = ErrorBody),
    )
)]
pub async fn update_subscription_preferences(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<Value>,
) -> Result<Json<Value>, ApiError> {
    let mut tx = state.db.begin().await?;
    let stored = accounts::set_subscription_preferences(&mut tx, &ctx.tenant_id, body).await?;
    tx.commit().await?;
    Ok(Json(stored))
}
