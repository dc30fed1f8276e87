//! The deprecated `/mspLabels...` (brand settings) and
//! `/mspIntegrators/{integratorId}` (a tech partner's customers) paths.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path},
    media::JSON,
    ApiError, AppState,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{accepted, accepted_id};
use crate::{
    branding, delegations,
    model::{
        AssignMspEcListRequest, MspEcDelegationResponse, MspView, ResponseBo, RestErrorResponse,
        UpdateMspRequest,
    },
};

/// Retrieve Brand Settings (deprecated)
#[utoipa::path(get, path = "/mspLabels", tag = "Brand Settings", operation_id = "getMspLabel",
    responses((status = 200, description = "Ok", content((MspView = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_label(
    State(state): State<AppState>,
    ctx: TenantCtx,
) -> Result<Json<MspView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(branding::get(&mut conn, &ctx.caller_tenant_id).await?))
}

async fn put(
    state: &AppState,
    ctx: &TenantCtx,
    body: &UpdateMspRequest,
    create: bool,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = branding::put(&mut tx, &ctx.caller_tenant_id, body, create).await;
    let result = result.map(|_| Some(ctx.caller_tenant_id.clone()));
    let use_case = if create {
        "AddBrandInfo"
    } else {
        "UpdateBrandInfo"
    };
    accepted(state, ctx, tx, use_case, result).await
}

/// Add Brand Settings (deprecated)
#[utoipa::path(post, path = "/mspLabels", tag = "Brand Settings", operation_id = "addMspLabel",
    request_body(content((UpdateMspRequest = JSON))),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 409, description = "The MSP has brand settings already", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn add_msp_label(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<UpdateMspRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    put(&state, &ctx, &body, true).await
}

/// Update Brand Settings (deprecated)
#[utoipa::path(put, path = "/mspLabels", tag = "Brand Settings", operation_id = "updateMspLabel",
    request_body(content((UpdateMspRequest = JSON))),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 404, description = "The MSP has no brand settings", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn update_msp_label(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<UpdateMspRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    put(&state, &ctx, &body, false).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct LabelPath {
    pub msp_label: String,
}

/// Whether a label may be used: well formed and not another MSP's.
#[derive(Debug, Serialize, ToSchema)]
pub struct MspLabelCheck {
    pub msp_label: String,
    pub available: bool,
}

/// Check a Label (deprecated)
#[utoipa::path(get, path = "/mspLabels/{mspLabel}", tag = "Brand Settings", operation_id = "checkMspLabel",
    params(LabelPath),
    responses((status = 200, description = "Ok", content((MspLabelCheck = JSON)))))]
pub async fn check_msp_label(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<LabelPath>,
) -> Result<Json<MspLabelCheck>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let available =
        branding::label_available(&mut conn, &ctx.caller_tenant_id, &p.msp_label).await?;
    Ok(Json(MspLabelCheck {
        msp_label: p.msp_label,
        available,
    }))
}

/// The portal address the MSP's label gives.
#[derive(Debug, Serialize, ToSchema)]
pub struct MspBaseUrl {
    pub base_url: String,
}

/// Retrieve the Portal Base URL (deprecated)
#[utoipa::path(get, path = "/mspLabels/baseUrls", tag = "Brand Settings", operation_id = "getMspBaseURL",
    responses((status = 200, description = "Ok", content((MspBaseUrl = JSON))),
              (status = 404, description = "The MSP has no brand settings", body = RestErrorResponse)))]
pub async fn get_msp_base_url(
    State(state): State<AppState>,
    ctx: TenantCtx,
) -> Result<Json<MspBaseUrl>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let view = branding::get(&mut conn, &ctx.caller_tenant_id).await?;
    Ok(Json(MspBaseUrl {
        base_url: format!("https://{}", view.domain_suffix),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct IntegratorPath {
    pub integrator_id: String,
}

/// Retrieve a Tech Partner's Customers (deprecated)
#[utoipa::path(get, path = "/mspIntegrators/{integratorId}", tag = "Tenant Delegation Management",
    operation_id = "getMspEcListToIntegrator", params(IntegratorPath),
    responses((status = 200, description = "Ok", content((MspEcDelegationResponse = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_ec_list_to_integrator(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IntegratorPath>,
) -> Result<Json<MspEcDelegationResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        delegations::of_partner(&mut conn, &ctx.caller_tenant_id, &p.integrator_id, None).await?,
    ))
}

/// Set a Tech Partner's Customers (deprecated)
#[utoipa::path(patch, path = "/mspIntegrators/{integratorId}", tag = "Tenant Delegation Management",
    operation_id = "assignMspEcListToDelegated", params(IntegratorPath),
    request_body(content((AssignMspEcListRequest = JSON))),
    responses((status = 202, description = "Accepted", content((String = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn assign_msp_ec_list_to_delegated(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IntegratorPath>,
    Json(body): Json<AssignMspEcListRequest>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = delegations::put_for_partner(
        &mut tx,
        &ctx.caller_tenant_id,
        &p.integrator_id,
        &body.mspec_list.clone().unwrap_or_default(),
        body.delegation_type.as_deref(),
        body.number_of_days.as_deref(),
        body.is_manage_all_ecs.unwrap_or(false),
    )
    .await;
    accepted_id(&state, &ctx, tx, "UpdateTenantDelegations", result).await
}
