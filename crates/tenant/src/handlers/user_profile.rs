//! Tag `User Profile`: the calling administrator's profile and the
//! tenant's account details.

use axum::extract::State;
use r1_core::{
    error::ErrorBody,
    extract::Json,
    media::{JSON, V1},
    ApiError, AppState,
};

use super::{settle, Scope};
use crate::{
    model::{AccountInfo, OperationResponseUserProfile, UserProfile},
    profiles,
};

/// Get User Profile
#[utoipa::path(
    get,
    path = "/tenants/userProfiles",
    tag = "User Profile",
    operation_id = "getUserProfile",
    responses(
        (status = 200, description = "OK", content((UserProfile = V1), (UserProfile = JSON))),
        (status = 404, description = "No administrator is linked to the calling API client", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_user_profile(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Json<UserProfile>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(profiles::get(&mut conn, &state.config, &ctx).await?))
}

/// Update User Profile
#[utoipa::path(
    put,
    path = "/tenants/userProfiles",
    tag = "User Profile",
    operation_id = "updateUser",
    request_body(content((UserProfile = V1), (UserProfile = JSON))),
    responses(
        (status = 200, description = "Accepted", content((OperationResponseUserProfile = V1), (OperationResponseUserProfile = JSON))),
        (status = 400, description = "Missing or unknown dateFormat or detailLevel, malformed phone", body = ErrorBody),
        (status = 404, description = "No administrator is linked to the calling API client", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn update_user(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<UserProfile>,
) -> Result<Json<OperationResponseUserProfile>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = profiles::update(&mut tx, &state.config, &ctx, body).await;
    let (request_id, response) = settle(&state, &ctx, tx, "UpdateUserProfile", result, |p| {
        p.admin_id.clone()
    })
    .await?;
    Ok(Json(OperationResponseUserProfile {
        request_id,
        response,
    }))
}

/// Get Account
#[utoipa::path(
    get,
    path = "/tenants/accounts",
    tag = "User Profile",
    operation_id = "getAccountDetails",
    responses(
        (status = 200, description = "OK", body = AccountInfo),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_account_details(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Json<AccountInfo>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(profiles::account_info(&mut conn, &ctx).await?))
}
