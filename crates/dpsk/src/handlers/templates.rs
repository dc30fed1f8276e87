//! Pool templates: `/templates/dpskServices`. The bundle lists only
//! `application/vnd.ruckus.v1+json` for them, hence [`VndV1`].

use axum::extract::State;
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    error::ErrorBody,
    extract::{Json, Path},
    loaded::Loaded,
    media::{JSON, V1},
    pagination::{Pageable, QueryResponse},
    use_case::run,
    ApiError, AppState,
};
use serde_json::Value;

use super::{NetworkTemplatePath, TemplatePath, VndV1, TEMPLATES};
use crate::{
    model::{DpskPoolDto, DpskPoolQueryRequest, DpskPoolTemplateDto, TemplateCloneSettingsRequest},
    pools::{self, Kind},
    repo::PoolRow,
};

/// Create New DPSK Pool Template
#[utoipa::path(
    post,
    path = "/templates/dpskServices",
    tag = TEMPLATES,
    operation_id = "createDpskPoolTemplate_1",
    request_body(content(
        (DpskPoolDto = V1)
    )),
    responses(
        (status = 202, description = "DPSK pool template created", content(
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid pool content", content(
            (ErrorBody = JSON),
            (ErrorBody = V1)
        )),
        (status = 409, description = "A template with this name exists", body = ErrorBody),
    )
)]
pub async fn create_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DpskPoolDto>,
) -> Result<VndV1<Accepted>, ApiError> {
    run(&state, &ctx, "CreateDpskPoolTemplate", async |tx| {
        pools::create_pool(tx, &ctx.tenant_id, &body, None, Kind::Template).await
    })
    .await
    .map(VndV1)
}

/// Get Specific DPSK Pool Template
#[utoipa::path(
    get,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "getDpskPoolTemplateById",
    params(TemplatePath),
    responses(
        (status = 200, description = "DPSK pool template", content(
            (DpskPoolTemplateDto = V1)
        )),
        (status = 404, description = "DPSK pool template not found", content(
            (ErrorBody = JSON),
            (ErrorBody = V1)
        )),
    )
)]
pub async fn get_dpsk_pool_template_by_id(
    Loaded(template, _): Loaded<PoolRow, TemplatePath>,
) -> VndV1<Json<DpskPoolDto>> {
    VndV1(Json(DpskPoolDto::from_row(&template)))
}

/// Update the DPSK Pool Template
#[utoipa::path(
    put,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "updateDpskPoolTemplate",
    params(TemplatePath),
    request_body(content(
        (DpskPoolDto = V1)
    )),
    responses(
        (status = 202, description = "The update request has been accepted", content(
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid pool content", body = ErrorBody),
        (status = 404, description = "DPSK pool template not found", body = ErrorBody),
        (status = 409, description = "A template with this name exists", body = ErrorBody),
    )
)]
pub async fn update_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
    Json(body): Json<DpskPoolDto>,
) -> Result<VndV1<Accepted>, ApiError> {
    run(&state, &ctx, "UpdateDpskPoolTemplate", async |tx| {
        let id = &p.pool_template_id;
        pools::update_pool(tx, &ctx.tenant_id, id, &body, Kind::Template).await
    })
    .await
    .map(VndV1)
}

/// Update the DPSK Pool Template (only the members sent)
#[utoipa::path(
    patch,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "patchDpskPoolTemplate",
    params(TemplatePath),
    request_body(content(
        (DpskPoolDto = V1)
    )),
    responses(
        (status = 202, description = "The update request has been accepted", content(
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid pool content", body = ErrorBody),
        (status = 404, description = "DPSK pool template not found", body = ErrorBody),
        (status = 409, description = "A template with this name exists", body = ErrorBody),
    )
)]
pub async fn patch_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
    Json(patch): Json<Value>,
) -> Result<VndV1<Accepted>, ApiError> {
    run(&state, &ctx, "UpdateDpskPoolTemplate", async |tx| {
        let id = &p.pool_template_id;
        pools::patch_pool(tx, &ctx.tenant_id, id, &patch, Kind::Template).await
    })
    .await
    .map(VndV1)
}

/// Delete the DPSK Pool Template
#[utoipa::path(
    delete,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "deleteDpskPoolTemplate",
    params(TemplatePath),
    responses(
        (status = 202, description = "The delete request has been accepted", content(
            (Accepted = V1)
        )),
        (status = 404, description = "DPSK pool template not found", body = ErrorBody),
        (status = 422, description = "A passphrase of the template is used by an identity", body = ErrorBody),
    )
)]
pub async fn delete_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
) -> Result<VndV1<Accepted>, ApiError> {
    run(&state, &ctx, "DeleteDpskPoolTemplate", async |tx| {
        pools::delete_pool(tx, &ctx.tenant_id, &p.pool_template_id, Kind::Template).await
    })
    .await
    .map(VndV1)
}

/// Clone the DPSK Pool Template
#[utoipa::path(
    post,
    path = "/templates/dpskServices/{poolTemplateId}/cloneSettings",
    tag = TEMPLATES,
    operation_id = "cloneDpskPoolTemplate",
    params(TemplatePath),
    request_body(content(
        (TemplateCloneSettingsRequest = V1)
    )),
    responses(
        (status = 202, description = "DPSK pool template cloned", content(
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid content", content(
            (ErrorBody = JSON),
            (ErrorBody = V1)
        )),
        (status = 404, description = "DPSK pool template not found", body = ErrorBody),
        (status = 409, description = "A template with this name exists", body = ErrorBody),
    )
)]
pub async fn clone_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
    Json(req): Json<TemplateCloneSettingsRequest>,
) -> Result<VndV1<Accepted>, ApiError> {
    run(&state, &ctx, "CloneDpskPoolTemplate", async |tx| {
        pools::clone_template(tx, &ctx.tenant_id, &p.pool_template_id, &req).await
    })
    .await
    .map(VndV1)
}

/// Search for DPSK Pool Templates Matching Search String in Paged Result
#[utoipa::path(
    post,
    path = "/templates/dpskServices/query",
    tag = TEMPLATES,
    operation_id = "queryDpskPoolTemplates",
    request_body(content(
        (DpskPoolQueryRequest = V1)
    )),
    responses(
        (status = 200, description = "DPSK pool templates", content(
            (QueryResponse<DpskPoolTemplateDto> = V1)
        )),
        (status = 400, description = "Invalid query", body = ErrorBody),
    )
)]
pub async fn query_dpsk_pool_templates(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(q): Json<DpskPoolQueryRequest>,
) -> Result<VndV1<Json<QueryResponse<Value>>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let page = pools::query_pools(&mut conn, &ctx.tenant_id, Kind::Template, &q).await?;
    Ok(VndV1(Json(page)))
}

/// Get DPSK Pool Templates by Network Template
#[utoipa::path(
    get,
    path = "/templates/wifiNetworks/{networkTemplateId}/dpskServices",
    tag = TEMPLATES,
    operation_id = "getDpskPoolsByNetworkId",
    params(NetworkTemplatePath, Pageable),
    responses(
        (status = 200, description = "The DPSK pool template the network template uses", content(
            (DpskPoolDto = V1)
        )),
        (status = 400, description = "Invalid paging", body = ErrorBody),
        (status = 404, description = "Wi-Fi network template not found", content(
            (ErrorBody = JSON),
            (ErrorBody = V1)
        )),
    )
)]
pub async fn get_dpsk_pools_by_network_id(
    _ctx: TenantCtx,
    Path(p): Path<NetworkTemplatePath>,
    _pageable: Pageable,
) -> Result<VndV1<Json<DpskPoolDto>>, ApiError> {
    // r1 serves no Wi-Fi network templates, so every id names an unknown
    // one (docs/behaviour/dpsk.md). The token and the paging are still
    // checked, as for any operation.
    Err(ApiError::NotFound(format!(
        "Wi-Fi network template {} not found",
        p.network_template_id
    )))
}
