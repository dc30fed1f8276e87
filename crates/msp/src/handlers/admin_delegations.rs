//! Admin Delegation Management: the MSP's administrators assigned to a
//! customer, and the customer's own administrators.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};

use super::{accepted, accepted_id, TenantAdminPath, TenantPath};
use crate::{
    admins, delegations,
    model::{
        AssignedMspAdminsRequest, MspAdminRequest, MspAdminRoleView, MspEcAdminView, ResponseBo,
        RestErrorResponse, UpdateMspEcAdminRequest,
    },
    ownership,
};

/// Retrieve Administrators
#[utoipa::path(
    get,
    path = "/tenants/{tenantId}/admins",
    tag = "Admin Delegation Management",
    operation_id = "getTenantAdmins",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((Vec<MspEcAdminView> = JSON), (Vec<MspEcAdminView> = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_tenant_admins(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<Vec<MspEcAdminView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        admins::list(&mut conn, &ctx.caller_tenant_id, &p.tenant_id).await?,
    ))
}

/// Retrieve Administrator
#[utoipa::path(
    get,
    path = "/tenants/{tenantId}/admins/{adminId}",
    tag = "Admin Delegation Management",
    operation_id = "getTenantAdmin",
    params(TenantAdminPath),
    responses(
        (status = 200, description = "Ok", content((MspEcAdminView = JSON), (MspEcAdminView = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_tenant_admin(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantAdminPath>,
) -> Result<Json<MspEcAdminView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        admins::get(&mut conn, &ctx.caller_tenant_id, &p.tenant_id, &p.admin_id).await?,
    ))
}

/// Assign Administrator
#[utoipa::path(
    put,
    path = "/tenants/{tenantId}/admins/{adminId}",
    tag = "Admin Delegation Management",
    operation_id = "updateTenantAdmin",
    params(TenantAdminPath),
    request_body(content((UpdateMspEcAdminRequest = JSON))),
    responses(
        (status = 204, description = "No Content"),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn update_tenant_admin(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantAdminPath>,
    Json(body): Json<UpdateMspEcAdminRequest>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    admins::update(
        &mut tx,
        &ctx.caller_tenant_id,
        &p.tenant_id,
        &p.admin_id,
        &body,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revoke Administrator
#[utoipa::path(
    delete,
    path = "/tenants/{tenantId}/admins/{adminId}",
    tag = "Admin Delegation Management",
    operation_id = "deleteTenantAdmin",
    params(TenantAdminPath),
    responses(
        (status = 204, description = "No Content"),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn delete_tenant_admin(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantAdminPath>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    admins::delete(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, &p.admin_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Retrieve Active Relationships Between Designated Administrators and Their Assigned Tenants
#[utoipa::path(
    get,
    path = "/tenants/{tenantId}/adminDelegations",
    tag = "Admin Delegation Management",
    operation_id = "getDelegatedAdmins",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((Vec<MspAdminRoleView> = JSON), (Vec<MspAdminRoleView> = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_delegated_admins(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<Vec<MspAdminRoleView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    ownership::owned(&mut conn, &ctx.caller_tenant_id, &p.tenant_id).await?;
    Ok(Json(delegations::admins_of(&mut conn, &p.tenant_id).await?))
}

/// Update Active Relationships Between Designated Administrators and Their Managed Tenant
#[utoipa::path(
    put,
    path = "/tenants/{tenantId}/adminDelegations",
    tag = "Admin Delegation Management",
    operation_id = "updateDelegatedAdmins",
    params(TenantPath),
    request_body(content((AssignedMspAdminsRequest = JSON), (AssignedMspAdminsRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((ResponseBo = JSON), (ResponseBo = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn update_delegated_admins(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
    Json(body): Json<AssignedMspAdminsRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let msp = ctx.caller_tenant_id.clone();
    let roles = body.mspec_list.unwrap_or_default();
    let result = async {
        ownership::owned(&mut tx, &msp, &p.tenant_id).await?;
        delegations::put_admins(&mut tx, &msp, &p.tenant_id, &roles, true).await?;
        Ok(Some(p.tenant_id.clone()))
    }
    .await;
    accepted(&state, &ctx, tx, "UpdateDelegatedAdmins", result).await
}

/// Assign Administrators
#[utoipa::path(
    patch,
    path = "/adminDelegations",
    tag = "Admin Delegation Management",
    operation_id = "patchAdminDelegations",
    request_body(content((MspAdminRequest = JSON), (MspAdminRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((String = JSON), (String = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn patch_admin_delegations(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<MspAdminRequest>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let associations = body.associations.unwrap_or_default();
    let result = delegations::patch_admins(&mut tx, &ctx.caller_tenant_id, &associations).await;
    accepted_id(&state, &ctx, tx, "PatchAdminDelegations", result).await
}
