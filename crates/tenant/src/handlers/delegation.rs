//! Tag `Delegation`: VAR delegations and RUCKUS support access.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    error::ErrorBody,
    extract::{Json, Path, Query},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{settle, void, DelegationIdPath, Scope};
use crate::{
    delegations,
    model::{
        Delegation, DelegationAction, DelegationType, InviteVAR, OperationResponseDelegation,
        OperationResponseVoid,
    },
};

type Accepted<T> = (StatusCode, Json<T>);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypeParam {
    /// `VAR`, `SUPPORT`, `MSP`, `SUPPORT_EC`, `MSP_INSTALLER`,
    /// `MSP_INTEGRATOR` or `UNKNOWN`.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<DelegationType>)]
    pub kind: Option<String>,
}

/// Get Delegation
#[utoipa::path(
    get,
    path = "/tenants/delegations/{delegationId}",
    tag = "Delegation",
    operation_id = "getDelegation",
    params(DelegationIdPath),
    responses(
        (status = 200, description = "OK", content((Delegation = V1), (Delegation = JSON))),
        (status = 404, description = "No such delegation by or to this tenant", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_delegation(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Path(p): Path<DelegationIdPath>,
) -> Result<Json<Delegation>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        delegations::get(&mut conn, &ctx.tenant_id, &p.delegation_id).await?,
    ))
}

/// Respond to Delegation
#[utoipa::path(
    put,
    path = "/tenants/delegations/{delegationId}",
    tag = "Delegation",
    operation_id = "acceptOrRejectDelegation",
    params(DelegationIdPath),
    request_body(content((DelegationAction = V1), (DelegationAction = JSON))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseDelegation = V1), (OperationResponseDelegation = JSON))),
        (status = 400, description = "Missing answer, wrong fromTenantId, or not the invited tenant", body = ErrorBody),
        (status = 404, description = "No such delegation by or to this tenant", body = ErrorBody),
        (status = 409, description = "The delegation is no longer INVITED", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn accept_or_reject_delegation(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Path(p): Path<DelegationIdPath>,
    Json(body): Json<DelegationAction>,
) -> Result<Accepted<OperationResponseDelegation>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = delegations::respond(&mut tx, &ctx.tenant_id, &p.delegation_id, body).await;
    let (request_id, response) = settle(&state, &ctx, tx, "RespondToDelegation", result, |d| {
        Some(d.id.clone())
    })
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(OperationResponseDelegation {
            request_id,
            response,
        }),
    ))
}

/// Revoke VAR Delegation
#[utoipa::path(
    delete,
    path = "/tenants/delegations/{delegationId}",
    tag = "Delegation",
    operation_id = "deleteDelegation",
    params(DelegationIdPath),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVoid = V1), (OperationResponseVoid = JSON))),
        (status = 404, description = "No such delegation by or to this tenant", body = ErrorBody),
        (status = 409, description = "Already rejected or revoked", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn delete_delegation(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Path(p): Path<DelegationIdPath>,
) -> Result<Accepted<OperationResponseVoid>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = delegations::revoke(&mut tx, &ctx.tenant_id, &p.delegation_id).await;
    let id = p.delegation_id.clone();
    let (request_id, ()) = settle(&state, &ctx, tx, "RevokeDelegation", result, |_| {
        Some(id.clone())
    })
    .await?;
    Ok((StatusCode::ACCEPTED, Json(void(request_id))))
}

/// Grant Access
#[utoipa::path(
    post,
    path = "/tenants/supportDelegations",
    tag = "Delegation",
    operation_id = "inviteSupport",
    responses(
        (status = 202, description = "Accepted", body = OperationResponseDelegation),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn invite_support(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Accepted<OperationResponseDelegation>, ApiError> {
    let mut tx = state.db.begin().await?;
    let by = ctx.admin_name();
    let result = delegations::grant_support(&mut tx, &ctx.tenant_id, &by).await;
    let (request_id, response) = settle(&state, &ctx, tx, "GrantSupportAccess", result, |d| {
        Some(d.id.clone())
    })
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(OperationResponseDelegation {
            request_id,
            response,
        }),
    ))
}

/// Revoke Access
#[utoipa::path(
    delete,
    path = "/tenants/supportDelegations",
    tag = "Delegation",
    operation_id = "deleteSupportDelegation",
    responses(
        (status = 202, description = "Accepted", body = OperationResponseVoid),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn delete_support_delegation(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Accepted<OperationResponseVoid>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = delegations::revoke_support(&mut tx, &ctx.tenant_id).await;
    let (request_id, ()) =
        settle(&state, &ctx, tx, "RevokeSupportAccess", result, |_| None).await?;
    Ok((StatusCode::ACCEPTED, Json(void(request_id))))
}

/// Get Delegations
#[utoipa::path(
    get,
    path = "/tenants/delegations",
    tag = "Delegation",
    operation_id = "getDelegations",
    params(TypeParam),
    responses(
        (status = 200, description = "OK", content((Vec<Delegation> = V1), (Vec<Delegation> = JSON))),
        (status = 400, description = "Unknown type", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_delegations(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(q): Query<TypeParam>,
) -> Result<Json<Vec<Delegation>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        delegations::list(&mut conn, &ctx.tenant_id, q.kind.as_deref()).await?,
    ))
}

/// Invite VAR
///
/// The vendor does not support this operation with client credentials, and
/// every r1 token is one: it answers 403. Tests and tools invite through
/// `POST /_r1/tenants/{tenantId}/delegations` (docs/behaviour/tenant.md).
#[utoipa::path(
    post,
    path = "/tenants/delegations",
    tag = "Delegation",
    operation_id = "inviteVAR",
    request_body(content((InviteVAR = V1), (InviteVAR = JSON))),
    responses(
        (status = 403, description = "Not supported using client credentials", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn invite_var(
    Scope(_ctx): Scope,
    Json(_body): Json<InviteVAR>,
) -> Result<Accepted<OperationResponseDelegation>, ApiError> {
    Err(ApiError::Forbidden(
        "Inviting a VAR is not supported using client credentials".into(),
    ))
}
