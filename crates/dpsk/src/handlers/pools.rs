//! Pools: `/dpskServices` and their policy sets.

use axum::extract::State;
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    error::ErrorBody,
    extract::{Json, Path},
    loaded::Loaded,
    media::{JSON, V1, V1_1, V2},
    pagination::QueryResponse,
    use_case::run,
    ApiError, AppState,
};
use serde_json::Value;

use super::{PolicySetPath, PoolPath, POOLS};
use crate::{
    model::{DpskPoolDto, DpskPoolQueryRequest},
    pools::{self, Kind},
    repo::PoolRow,
};

/// Create New DPSK Pool (without an identity group)
#[utoipa::path(
    post,
    path = "/dpskServices",
    tag = POOLS,
    operation_id = "createDpskPoolWithoutIdentityGroup",
    request_body(content(
        (DpskPoolDto = JSON),
        (DpskPoolDto = V1),
        (DpskPoolDto = V1_1),
        (DpskPoolDto = V2)
    )),
    responses(
        (status = 202, description = "DPSK pool created", content(
            (Accepted = JSON),
            (Accepted = V1),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid pool content", body = ErrorBody),
        (status = 409, description = "A pool with this name exists", body = ErrorBody),
    )
)]
pub async fn create_dpsk_pool(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DpskPoolDto>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "CreateDpskPool", async |tx| {
        pools::create_pool(tx, &ctx.tenant_id, &body, None, Kind::Pool).await
    })
    .await
}

/// Get Specific DPSK Pool
#[utoipa::path(
    get,
    path = "/dpskServices/{poolId}",
    tag = POOLS,
    operation_id = "getDpskPoolById",
    params(PoolPath),
    responses(
        (status = 200, description = "DPSK pool", content(
            (DpskPoolDto = JSON),
            (DpskPoolDto = V1_1),
            (DpskPoolDto = V2)
        )),
        (status = 404, description = "DPSK pool not found", content(
            (ErrorBody = JSON),
            (ErrorBody = V1_1),
            (ErrorBody = V2)
        )),
    )
)]
pub async fn get_dpsk_pool_by_id(Loaded(pool, _): Loaded<PoolRow, PoolPath>) -> Json<DpskPoolDto> {
    Json(DpskPoolDto::from_row(&pool))
}

/// Update the DPSK Pool
#[utoipa::path(
    put,
    path = "/dpskServices/{poolId}",
    tag = POOLS,
    operation_id = "updateDpskPool",
    params(PoolPath),
    request_body(content(
        (DpskPoolDto = JSON),
        (DpskPoolDto = V1),
        (DpskPoolDto = V1_1),
        (DpskPoolDto = V2)
    )),
    responses(
        (status = 202, description = "The update request has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid pool content", body = ErrorBody),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
        (status = 409, description = "A pool with this name exists", body = ErrorBody),
    )
)]
pub async fn update_dpsk_pool(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(body): Json<DpskPoolDto>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdateDpskPool", async |tx| {
        pools::update_pool(tx, &ctx.tenant_id, &p.pool_id, &body, Kind::Pool).await
    })
    .await
}

/// Update the DPSK Pool (only the members sent)
#[utoipa::path(
    patch,
    path = "/dpskServices/{poolId}",
    tag = POOLS,
    operation_id = "patchDpskPool",
    params(PoolPath),
    request_body(content(
        (DpskPoolDto = JSON),
        (DpskPoolDto = V1),
        (DpskPoolDto = V1_1),
        (DpskPoolDto = V2)
    )),
    responses(
        (status = 202, description = "The update request has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid pool content", body = ErrorBody),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
        (status = 409, description = "A pool with this name exists", body = ErrorBody),
    )
)]
pub async fn patch_dpsk_pool(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(patch): Json<Value>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdateDpskPool", async |tx| {
        pools::patch_pool(tx, &ctx.tenant_id, &p.pool_id, &patch, Kind::Pool).await
    })
    .await
}

/// Delete the DPSK Pool
#[utoipa::path(
    delete,
    path = "/dpskServices/{poolId}",
    tag = POOLS,
    operation_id = "deleteDpskPool",
    params(PoolPath),
    responses(
        (status = 202, description = "The delete request has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
        (status = 422, description = "A passphrase of the pool is used by an identity", body = ErrorBody),
    )
)]
pub async fn delete_dpsk_pool(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "DeleteDpskPool", async |tx| {
        pools::delete_pool(tx, &ctx.tenant_id, &p.pool_id, Kind::Pool).await
    })
    .await
}

/// Search for DPSK Pools Matching Search String in Paged Result
#[utoipa::path(
    post,
    path = "/dpskServices/query",
    tag = POOLS,
    operation_id = "queryDpskPools",
    request_body(content(
        (DpskPoolQueryRequest = JSON),
        (DpskPoolQueryRequest = V1),
        (DpskPoolQueryRequest = V1_1),
        (DpskPoolQueryRequest = V2)
    )),
    responses(
        (status = 200, description = "DPSK pools", content(
            (QueryResponse<DpskPoolDto> = JSON),
            (QueryResponse<DpskPoolDto> = V1_1),
            (QueryResponse<DpskPoolDto> = V2)
        )),
        (status = 400, description = "Invalid query", body = ErrorBody),
    )
)]
pub async fn query_dpsk_pools(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(q): Json<DpskPoolQueryRequest>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let page = pools::query_pools(&mut conn, &ctx.tenant_id, Kind::Pool, &q).await?;
    Ok(Json(page))
}

/// Update Policy Set for a DPSK Pool
#[utoipa::path(
    put,
    path = "/dpskServices/{poolId}/policySets/{policySetId}",
    tag = POOLS,
    operation_id = "updatePolicySetId",
    params(PolicySetPath),
    responses(
        (status = 202, description = "The update request has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1)
        )),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
    )
)]
pub async fn update_policy_set_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PolicySetPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdateDpskPoolPolicySet", async |tx| {
        pools::set_policy_set(tx, &ctx.tenant_id, &p.pool_id, &p.policy_set_id).await
    })
    .await
}

/// Remove Policy Set from a DPSK Pool
#[utoipa::path(
    delete,
    path = "/dpskServices/{poolId}/policySets/{policySetId}",
    tag = POOLS,
    operation_id = "removePolicySetId",
    params(PolicySetPath),
    responses(
        (status = 202, description = "The update request has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1)
        )),
        (status = 404, description = "DPSK pool not found, or not with this policy set", body = ErrorBody),
    )
)]
pub async fn remove_policy_set_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PolicySetPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "RemoveDpskPoolPolicySet", async |tx| {
        pools::remove_policy_set(tx, &ctx.tenant_id, &p.pool_id, &p.policy_set_id).await
    })
    .await
}
