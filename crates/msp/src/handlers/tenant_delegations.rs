//! Tenant Delegation Management: customers handed to technology partners.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path, Query},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{accepted_id, TenantPath};
use crate::{
    delegations,
    model::{
        AssignMspEcListRequest, AssignMspEcToMultipleTechPartners, MspEcDelegationResponse,
        RestErrorResponse,
    },
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct DelegationTypeQuery {
    pub delegation_type: Option<String>,
}

/// Retrieve Active Relationships Between Designated Accounts and Their Managed Tenant
#[utoipa::path(
    get,
    path = "/tenants/{tenantId}/tenantDelegations",
    tag = "Tenant Delegation Management",
    operation_id = "getTenantDelegations",
    params(TenantPath, DelegationTypeQuery),
    responses(
        (status = 200, description = "Ok", content((MspEcDelegationResponse = JSON), (MspEcDelegationResponse = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_tenant_delegations(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
    Query(q): Query<DelegationTypeQuery>,
) -> Result<Json<MspEcDelegationResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        delegations::of_partner(
            &mut conn,
            &ctx.caller_tenant_id,
            &p.tenant_id,
            q.delegation_type.as_deref(),
        )
        .await?,
    ))
}

/// Update Active Relationships Between Designated Accounts and Their Managed Tenant
#[utoipa::path(
    put,
    path = "/tenants/{tenantId}/tenantDelegations",
    tag = "Tenant Delegation Management",
    operation_id = "updateTenantDelegations",
    params(TenantPath),
    request_body(content((AssignMspEcListRequest = JSON), (AssignMspEcListRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((String = JSON), (String = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn update_tenant_delegations(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
    Json(body): Json<AssignMspEcListRequest>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = delegations::put_for_partner(
        &mut tx,
        &ctx.caller_tenant_id,
        &p.tenant_id,
        &body.mspec_list.clone().unwrap_or_default(),
        body.delegation_type.as_deref(),
        body.number_of_days.as_deref(),
        body.is_manage_all_ecs.unwrap_or(false),
    )
    .await;
    accepted_id(&state, &ctx, tx, "UpdateTenantDelegations", result).await
}

/// Add Designated Accounts to Manage Tenants
#[utoipa::path(
    patch,
    path = "/tenantDelegations",
    tag = "Tenant Delegation Management",
    operation_id = "patchTenantDelegations",
    request_body(content((AssignMspEcToMultipleTechPartners = JSON), (AssignMspEcToMultipleTechPartners = V1))),
    responses(
        (status = 202, description = "Accepted", content((String = JSON), (String = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn patch_tenant_delegations(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<AssignMspEcToMultipleTechPartners>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let entries = body.assign_delegated_request.unwrap_or_default();
    let result = delegations::patch(&mut tx, &ctx.caller_tenant_id, &entries).await;
    accepted_id(&state, &ctx, tx, "PatchTenantDelegations", result).await
}
