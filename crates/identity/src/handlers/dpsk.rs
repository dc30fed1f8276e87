//! The two DPSK-bundle operations under `/identityGroups`: they create a
//! pool in an identity group. They answer with DPSK's error body.

use axum::extract::State;
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    error::ErrorBody,
    extract::{Json, Path},
    media::{JSON, V1},
    use_case::run,
    ApiError, AppState,
};
use r1_dpsk::DpskPoolDto;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::groups;

/// The bundle names the group `identityGroupId` on these two paths.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct GroupPath {
    /// Identity group id
    pub identity_group_id: Uuid,
}

async fn create(
    state: AppState,
    ctx: TenantCtx,
    group_id: Uuid,
    body: DpskPoolDto,
    template: bool,
) -> Result<Accepted, ApiError> {
    let use_case = if template {
        "CreateDpskPoolTemplate"
    } else {
        "CreateDpskPool"
    };
    run(&state, &ctx, use_case, async |tx| {
        groups::create_dpsk_pool(tx, &ctx.tenant_id, group_id, body, template).await
    })
    .await
}

/// Create New DPSK Pool
#[utoipa::path(
    post,
    path = "/identityGroups/{identityGroupId}/dpskServices",
    tag = "APIs for DPSK Service Management",
    operation_id = "createDpskPool",
    params(GroupPath),
    request_body = DpskPoolDto,
    responses(
        (status = 202, description = "DPSK pool created", content(
            (Accepted = JSON),
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid pool content", content(
            (ErrorBody = JSON),
            (ErrorBody = V1)
        )),
        (status = 404, description = "Identity group not found", body = ErrorBody),
        (status = 409, description = "A pool with this name exists", body = ErrorBody),
    )
)]
pub async fn create_dpsk_pool(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupPath>,
    Json(body): Json<DpskPoolDto>,
) -> Result<Accepted, ApiError> {
    create(state, ctx, p.identity_group_id, body, false).await
}

/// Create New DPSK Pool Template with Identity Group
#[utoipa::path(
    post,
    path = "/templates/identityGroups/{identityGroupId}/dpskServices",
    tag = "APIs for DPSK Service Template Management",
    operation_id = "createDpskPoolTemplate",
    params(GroupPath),
    request_body = DpskPoolDto,
    responses(
        (status = 202, description = "DPSK pool template created", content(
            (Accepted = JSON),
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid pool content", content(
            (ErrorBody = JSON),
            (ErrorBody = V1)
        )),
        (status = 404, description = "Identity group not found", body = ErrorBody),
        (status = 409, description = "A template with this name exists", body = ErrorBody),
    )
)]
pub async fn create_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupPath>,
    Json(body): Json<DpskPoolDto>,
) -> Result<Accepted, ApiError> {
    create(state, ctx, p.identity_group_id, body, true).await
}
