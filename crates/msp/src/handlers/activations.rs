//! Reactivation and Deactivation, and Support Team Assistance.

use axum::extract::State;
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};

use super::TenantPath;
use crate::{
    customers,
    model::{MspEcAccountView, RestErrorResponse},
    ownership,
};

/// Reactivate
#[utoipa::path(
    put,
    path = "/tenantActivations/{tenantId}",
    tag = "Reactivation and Deactivation",
    operation_id = "reActivateTenant",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((Vec<MspEcAccountView> = JSON), (Vec<MspEcAccountView> = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn re_activate_tenant(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<Vec<MspEcAccountView>>, ApiError> {
    let mut tx = state.db.begin().await?;
    let views = customers::set_active(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, true).await?;
    tx.commit().await?;
    Ok(Json(views))
}

/// Deactivate
#[utoipa::path(
    delete,
    path = "/tenantActivations/{tenantId}",
    tag = "Reactivation and Deactivation",
    operation_id = "deActivateTenant",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((Vec<MspEcAccountView> = JSON), (Vec<MspEcAccountView> = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn de_activate_tenant(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<Vec<MspEcAccountView>>, ApiError> {
    let mut tx = state.db.begin().await?;
    let views = customers::set_active(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, false).await?;
    tx.commit().await?;
    Ok(Json(views))
}

fn status(enabled: bool) -> Json<String> {
    Json(if enabled { "ENABLED" } else { "DISABLED" }.to_string())
}

/// Retrieve Support Team Assistance Status
#[utoipa::path(
    get,
    path = "/tenantActivations/supportStatus/{tenantId}",
    tag = "Support Team Assistance",
    operation_id = "getRuckusSupportStatus",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok: ENABLED or DISABLED", content((String = JSON), (String = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_ruckus_support_status(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<String>, ApiError> {
    let mut conn = state.db.acquire().await?;
    ownership::owned(&mut conn, &ctx.caller_tenant_id, &p.tenant_id).await?;
    Ok(status(
        customers::support_enabled(&mut conn, &p.tenant_id).await?,
    ))
}

/// Enable Support Team Assistance
#[utoipa::path(
    put,
    path = "/tenantActivations/supportStatus/{tenantId}",
    tag = "Support Team Assistance",
    operation_id = "enableSupport",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((String = JSON), (String = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn enable_support(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<String>, ApiError> {
    let mut tx = state.db.begin().await?;
    let on = customers::set_support(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, true).await?;
    tx.commit().await?;
    Ok(status(on))
}

/// Disable Support Team Assistance
#[utoipa::path(
    delete,
    path = "/tenantActivations/supportStatus/{tenantId}",
    tag = "Support Team Assistance",
    operation_id = "disableSupport",
    params(TenantPath),
    responses(
        (status = 200, description = "Ok", content((String = JSON), (String = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn disable_support(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
) -> Result<Json<String>, ApiError> {
    let mut tx = state.db.begin().await?;
    let on = customers::set_support(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, false).await?;
    tx.commit().await?;
    Ok(status(on))
}
