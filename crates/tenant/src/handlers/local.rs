//! r1's own `/_r1/tenants` endpoints (not vendor routes): make tenants,
//! clients and invitations for tests, the way LocalStack makes accounts.
//! They take the admin token.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    extract::{Json, Path},
    local::AdminToken,
    ApiError, AppState,
};

use super::TenantIdPath;
use crate::{
    accounts, delegations,
    model::{
        Delegation, InviteVAR, LocalClientCreated, LocalTenant, LocalTenantCreate,
        LocalTenantCreated,
    },
};

pub async fn create_tenant(
    State(state): State<AppState>,
    _: AdminToken,
    Json(body): Json<LocalTenantCreate>,
) -> Result<(StatusCode, Json<LocalTenantCreated>), ApiError> {
    let mut tx = state.db.begin().await?;
    let created = accounts::create_local(&mut tx, body).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn list_tenants(
    State(state): State<AppState>,
    _: AdminToken,
) -> Result<Json<Vec<LocalTenant>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(accounts::list_local(&mut conn, &state.config).await?))
}

pub async fn delete_tenant(
    State(state): State<AppState>,
    _: AdminToken,
    Path(p): Path<TenantIdPath>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    accounts::delete_local(&mut tx, &p.tenant_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn add_client(
    State(state): State<AppState>,
    _: AdminToken,
    Path(p): Path<TenantIdPath>,
) -> Result<(StatusCode, Json<LocalClientCreated>), ApiError> {
    let mut tx = state.db.begin().await?;
    let created = accounts::add_client(&mut tx, &state.config, &p.tenant_id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The bundle's `inviteVAR` for tests: the tenant in the path invites.
pub async fn invite_var(
    State(state): State<AppState>,
    _: AdminToken,
    Path(p): Path<TenantIdPath>,
    Json(body): Json<InviteVAR>,
) -> Result<(StatusCode, Json<Delegation>), ApiError> {
    let mut tx = state.db.begin().await?;
    accounts::ensure(&mut tx, &state.config, &p.tenant_id, None).await?;
    let delegation = delegations::invite_var(&mut tx, &p.tenant_id, "r1 admin", body).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(delegation)))
}
