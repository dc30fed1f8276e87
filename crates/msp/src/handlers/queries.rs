//! The current MSP operations beyond the 0.3.3 bundle (CONTRACT.md): the
//! query operations a client follows page by page through
//! `subsequentQueries`, the partial update of a managed tenant and the
//! consolidated API document link.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{accepted, TenantPath};
use crate::{
    customers,
    model::{ResponseBo, RestErrorResponse, UpdateMspEcRequest},
    ownership,
    query::{DynamicQueryPayloadDto, QueryResponse},
    views,
};

/// Query Customer or Tech Partner Data
#[utoipa::path(
    post,
    path = "/tenants/query",
    tag = "Query MSP Customer Information",
    operation_id = "queryCustomerOrTechPartnerDataV3",
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "OK", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn query_customer_or_tech_partner_data_v3(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    ownership::require_msp(&mut conn, &ctx.caller_tenant_id).await?;
    let url = "/tenants/query";
    Ok(Json(
        views::run(&mut conn, &views::MSPECS, &body, &ctx.caller_tenant_id, url).await?,
    ))
}

/// Query Delegation Information
#[utoipa::path(
    post,
    path = "/delegations/query",
    tag = "Query Delegation Information",
    operation_id = "queryCustomerDelegationData",
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "OK", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn query_customer_delegation_data(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let url = "/delegations/query";
    Ok(Json(
        views::run(
            &mut conn,
            &views::DELEGATIONS,
            &body,
            &ctx.caller_tenant_id,
            url,
        )
        .await?,
    ))
}

/// Query Device Inventory Data
#[utoipa::path(
    post,
    path = "/tenants/inventories/query",
    tag = "Query Inventory Information",
    operation_id = "queryDeviceInventoryData",
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "OK", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn query_device_inventory_data(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let url = "/tenants/inventories/query";
    Ok(Json(
        views::run(
            &mut conn,
            &views::INVENTORY,
            &body,
            &ctx.caller_tenant_id,
            url,
        )
        .await?,
    ))
}

/// Patch Managed Tenant
#[utoipa::path(
    patch,
    path = "/tenants/{tenantId}",
    tag = "Managed-Tenant Operations",
    operation_id = "patchManagedTenant",
    params(TenantPath),
    request_body(content((UpdateMspEcRequest = JSON), (UpdateMspEcRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((ResponseBo = JSON), (ResponseBo = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn patch_managed_tenant(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TenantPath>,
    Json(body): Json<UpdateMspEcRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = customers::patch(&mut tx, &ctx.caller_tenant_id, &p.tenant_id, body).await;
    let result = result.map(|_| Some(p.tenant_id.clone()));
    accepted(&state, &ctx, tx, "UpdateMspEcTenant", result).await
}

/// Where the consolidated API document is.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiSpecUrl {
    pub url: String,
}

/// Retrieve the Consolidated API Document
#[utoipa::path(
    get,
    path = "/tenants/files/apiSpecs",
    tag = "Managed-Tenant Operations",
    operation_id = "getConsolidatedApiUrl",
    responses(
        (status = 200, description = "OK", content((ApiSpecUrl = JSON), (ApiSpecUrl = V1))),
    )
)]
pub async fn get_consolidated_api_url(_ctx: TenantCtx) -> Json<ApiSpecUrl> {
    // r1's own document holds every operation it serves, the MSP ones included.
    Json(ApiSpecUrl {
        url: "/openapi.json".into(),
    })
}
