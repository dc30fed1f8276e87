//! Managed-Tenant Operations and Resend email Invitation.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    activity,
    auth::TenantCtx,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};

use super::{accepted, TenantPath};
use crate::{
    customers,
    model::{
        AddTenantRequestHolder, EmailInvitation, MspEcAccountView, ResponseBOV2, ResponseBo,
        RestErrorResponse, UpdateMspEcRequest,
    },
    ownership,
};

/// Add Managed Tenants
#[utoipa::path(
    post,
    path = "/tenants",
    tag = "Managed-Tenant Operations",
    operation_id = "createTenantV2",
    request_body(content((AddTenantRequestHolder = JSON), (AddTenantRequestHolder = V1))),
    responses(
        (status = 202, description = "Accepted", content((ResponseBOV2 = JSON), (ResponseBOV2 = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn create_tenant_v2(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<AddTenantRequestHolder>,
) -> Result<(StatusCode, Json<ResponseBOV2>), ApiError> {
    let mut tx = state.db.begin().await?;
    let requests = body.data.unwrap_or_default();
    let result = customers::create(&mut tx, &ctx.caller_tenant_id, &requests).await;
    let ids = result.as_ref().map(|ids| ids.clone()).unwrap_or_default();
    let result = result.map(|ids| ids.first().cloned());
    let a = activity::settle(&state, &ctx, tx, "CreateMspEcTenant", result).await?;
    let data = ids
        .into_iter()
        .map(|id| ResponseBo {
            request_id: a.request_id.to_string(),
            tenant_id: Some(id),
        })
        .collect();
    Ok((StatusCode::ACCEPTED, Json(ResponseBOV2 { data })))
}

/// Retrieve Managed Tenant
#[utoipa::path(
    get,
    path = "/tenants/{tenantId}",
    tag = "Managed-Tenant Operations",
    operation_id = "getTenantAccount",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((MspEcAccountView = JSON), (MspEcAccountView = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_tenant_account(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<MspEcAccountView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let c = ownership::visible(&mut conn, &ctx.caller_tenant_id, &p.tenant_id).await?;
    Ok(Json(customers::view(&mut conn, c).await?))
}

/// Update Managed Tenant
#[utoipa::path(
    put,
    path = "/tenants/{tenantId}",
    tag = "Managed-Tenant Operations",
    operation_id = "updateManagedTenant",
    params(TenantPath),
    request_body(content((UpdateMspEcRequest = JSON), (UpdateMspEcRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((ResponseBo = JSON), (ResponseBo = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn update_managed_tenant(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
    Json(body): Json<UpdateMspEcRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = customers::update(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, &body).await;
    let result = result.map(|_| Some(p.tenant_id.clone()));
    accepted(&state, &ctx, tx, "UpdateMspEcTenant", result).await
}

/// Remove Managed Tenant
#[utoipa::path(
    delete,
    path = "/tenants/{tenantId}",
    tag = "Managed-Tenant Operations",
    operation_id = "deleteTenant",
    params(TenantPath),
    responses(
        (status = 202, description = "Ok", content((ResponseBo = JSON), (ResponseBo = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn delete_tenant(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = customers::delete(&mut tx, &ctx.caller_tenant_id, &p.tenant_id).await;
    let result = result.map(|_| Some(p.tenant_id.clone()));
    accepted(&state, &ctx, tx, "DeleteMspEcTenant", result).await
}

/// Resend Email Invitation
#[utoipa::path(
    put,
    path = "/tenants/{tenantId}/invitations",
    tag = "Resend email Invitation",
    operation_id = "sendInvitationEmail",
    params(TenantPath),
    request_body(content((EmailInvitation = JSON))),
    responses(
        (status = 204, description = "No Content"),
        (status = 400, description = "Bad Request", body = RestErrorResponse),
        (status = 404, description = "Not Found", body = RestErrorResponse),
        (status = 500, description = "Server Error", body = RestErrorResponse),
    )
)]
pub async fn send_invitation_email(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
    Json(body): Json<EmailInvitation>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    customers::invite(
        &mut tx,
        &ctx.caller_tenant_id,
        &p.tenant_id,
        body.admin_email.as_deref(),
        body.resend.unwrap_or(false),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
