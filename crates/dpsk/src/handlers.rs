//! The DPSK Service's HTTP operations: extract, call the service, shape the
//! response. Each carries the bundle's path, operationId and tag.

use axum::{
    extract::{FromRequest, Multipart, Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use r1_core::{
    activity::{self, Accepted},
    auth::TenantCtx,
    error::ErrorBody,
    export_dates::DateStyle,
    extract::{Json, Path, Query},
    media::{JSON, V1, V1_1, V2},
    pagination::{Page, Pageable, QueryRequest, QueryResponse},
    ApiError, AppState,
};
use serde::Deserialize;
use serde_json::Value;
use sqlx::{Postgres, Transaction};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::{
    csv_io,
    model::*,
    repo,
    service::{self, PASSPHRASE_SORT},
};

const POOLS: &str = "APIs for DPSK Service Management";
const PASSPHRASES: &str = "APIs for DPSK Passphrase Management";
const DEVICES: &str = "APIs for DPSK Passphrase Device Management";
const TEMPLATES: &str = "APIs for DPSK Service Template Management";

/// A successful answer of a template operation: the bundle lists only
/// `application/vnd.ruckus.v1+json` for those, so that is the type, whatever
/// the client accepts (the other operations answer `application/json` or the
/// `+json` type asked for; see `r1_core::media`).
pub struct VndV1<R>(pub R);

impl<R: IntoResponse> IntoResponse for VndV1<R> {
    fn into_response(self) -> Response {
        let mut res = self.0.into_response();
        if res.status().is_success() {
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(V1));
        }
        res
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PoolPath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PassphrasePath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
    /// DPSK passphrase id
    pub id: String,
}

/// The devices operations name the passphrase `passphraseId`, as the bundle
/// does (the passphrase operations call it `id`).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DevicePath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
    /// DPSK passphrase id
    #[serde(rename = "passphraseId")]
    #[param(rename = "passphraseId")]
    pub passphrase_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PolicySetPath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
    /// Policy set id
    #[serde(rename = "policySetId")]
    #[param(rename = "policySetId")]
    pub policy_set_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TemplatePath {
    /// DPSK pool template id
    #[serde(rename = "poolTemplateId")]
    #[param(rename = "poolTemplateId")]
    pub pool_template_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct NetworkTemplatePath {
    /// Wi-Fi network template id
    #[serde(rename = "networkTemplateId")]
    #[param(rename = "networkTemplateId")]
    pub network_template_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Time zone of the dates (default UTC).
    pub timezone: Option<String>,
    /// Java date pattern of the dates (default `dd/MM/yyyy HH:mm`).
    #[serde(rename = "date-format")]
    #[param(rename = "date-format")]
    pub date_format: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Prefixed to each row's username.
    #[serde(rename = "usernamePrefix")]
    #[param(rename = "usernamePrefix")]
    pub username_prefix: Option<String>,
}

/// Ends a 202 operation: records its activity in `tx` and answers
/// `{requestId, id}`.
async fn accept(
    state: &AppState,
    ctx: &TenantCtx,
    tx: Transaction<'static, Postgres>,
    use_case: &str,
    result: Result<Option<Uuid>, ApiError>,
) -> Result<Accepted, ApiError> {
    activity::settle(
        state,
        ctx,
        tx,
        use_case,
        result.map(|id| id.map(|id| id.to_string())),
    )
    .await
}

// ---------------------------------------------------------------- pools

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
    let mut tx = state.db.begin().await?;
    let result = service::create_pool(&mut tx, &ctx.tenant_id, &body, None, false).await;
    accept(&state, &ctx, tx, "CreateDpskPool", result.map(Some)).await
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
pub async fn get_dpsk_pool_by_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
) -> Result<Json<DpskPoolDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    Ok(Json(service::pool_dto(&pool)))
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
    let mut tx = state.db.begin().await?;
    let result = service::update_pool(&mut tx, &ctx.tenant_id, &p.pool_id, &body, false).await;
    accept(&state, &ctx, tx, "UpdateDpskPool", result.map(Some)).await
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
    let mut tx = state.db.begin().await?;
    let result = service::patch_pool(&mut tx, &ctx.tenant_id, &p.pool_id, &patch, false).await;
    accept(&state, &ctx, tx, "UpdateDpskPool", result.map(Some)).await
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
    let mut tx = state.db.begin().await?;
    let result = service::delete_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await;
    accept(&state, &ctx, tx, "DeleteDpskPool", result.map(Some)).await
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
    Ok(Json(
        service::query_pools(&mut conn, &ctx.tenant_id, false, &q).await?,
    ))
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
    let mut tx = state.db.begin().await?;
    let result =
        service::set_policy_set(&mut tx, &ctx.tenant_id, &p.pool_id, &p.policy_set_id).await;
    accept(
        &state,
        &ctx,
        tx,
        "UpdateDpskPoolPolicySet",
        result.map(Some),
    )
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
    let mut tx = state.db.begin().await?;
    let result =
        service::remove_policy_set(&mut tx, &ctx.tenant_id, &p.pool_id, &p.policy_set_id).await;
    accept(
        &state,
        &ctx,
        tx,
        "RemoveDpskPoolPolicySet",
        result.map(Some),
    )
    .await
}

// ---------------------------------------------------------- passphrases

/// Get Passphrase (Spring page)
#[utoipa::path(
    get,
    path = "/dpskServices/{poolId}/passphrases",
    tag = PASSPHRASES,
    operation_id = "listAllPassphrases",
    params(PoolPath, Pageable),
    responses(
        (status = 200, description = "Passphrases", content(
            (Page<DpskPassphraseDto> = JSON),
            (Page<DpskPassphraseDto> = V1_1),
            (Page<DpskPassphraseDto> = V2)
        )),
        (status = 400, description = "Invalid paging", body = ErrorBody),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
    )
)]
pub async fn list_all_passphrases(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    pageable: Pageable,
) -> Result<Json<Page<DpskPassphraseDto>>, ApiError> {
    let order = pageable.order(PASSPHRASE_SORT, service::default_passphrase_order())?;
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    let (total, rows) = repo::query_passphrases(
        &mut conn,
        &ctx.tenant_id,
        pool.id,
        &repo::PassphraseFilter::default(),
        &order,
        pageable.limit(),
        pageable.offset(),
    )
    .await?;
    let content = service::with_devices(&mut conn, &ctx.tenant_id, &rows, None).await?;
    Ok(Json(Page::new(content, total, &pageable, &order)))
}

/// Create DPSK Passphrase
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases",
    tag = PASSPHRASES,
    operation_id = "createPassphrase",
    params(PoolPath),
    request_body(content(
        (DpskPassphraseCreateDto = JSON),
        (DpskPassphraseCreateDto = V1),
        (DpskPassphraseCreateDto = V1_1),
        (DpskPassphraseCreateDto = V2)
    )),
    responses(
        (status = 202, description = "Create DPSK passphrase(s) accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid content supplied", content(
            (ErrorBody = JSON),
            (ErrorBody = V1_1),
            (ErrorBody = V2)
        )),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
        (status = 409, description = "The passphrase exists in the pool", body = ErrorBody),
    )
)]
pub async fn create_passphrase(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(body): Json<PassphraseCreateBody>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        let ids =
            service::create_passphrases(&mut tx, &ctx.tenant_id, &pool, &body.into_list(), false)
                .await?;
        // One passphrase is named by its id; several are found by query.
        Ok(if ids.len() == 1 { Some(ids[0]) } else { None })
    }
    .await;
    accept(&state, &ctx, tx, "CreateDpskPassphrases", result).await
}

/// Delete Passphrase
#[utoipa::path(
    delete,
    path = "/dpskServices/{poolId}/passphrases",
    tag = PASSPHRASES,
    operation_id = "deletePassphrases",
    params(PoolPath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The passphrase(s) delete request is in progress", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid content supplied", body = ErrorBody),
        (status = 404, description = "DPSK pool or passphrase not found", body = ErrorBody),
        (status = 422, description = "A passphrase is used by an identity", body = ErrorBody),
    )
)]
pub async fn delete_passphrases(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(ids): Json<IdList>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        service::delete_passphrases(&mut tx, &ctx.tenant_id, &pool, &ids.into_vec(), false).await?;
        Ok(Some(pool.id))
    }
    .await;
    accept(&state, &ctx, tx, "DeleteDpskPassphrases", result).await
}

/// Update Specific DPSK Passphrases
#[utoipa::path(
    patch,
    path = "/dpskServices/{poolId}/passphrases",
    tag = PASSPHRASES,
    operation_id = "updatePassphrases",
    params(PoolPath),
    request_body(content(
        (DpskPassphrasesPatchRequest = JSON),
        (DpskPassphrasesPatchRequest = V1),
        (DpskPassphrasesPatchRequest = V1_1),
        (DpskPassphrasesPatchRequest = V2)
    )),
    responses(
        (status = 202, description = "DPSK passphrases updated", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid content supplied", body = ErrorBody),
        (status = 404, description = "DPSK pool or passphrase not found", body = ErrorBody),
        (status = 409, description = "A passphrase exists in the pool", body = ErrorBody),
    )
)]
pub async fn update_passphrases(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(body): Json<PassphrasesPatchBody>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        let changes = service::passphrase_changes(body)?;
        service::patch_passphrases(&mut tx, &ctx.tenant_id, &pool, &changes).await?;
        Ok(Some(pool.id))
    }
    .await;
    accept(&state, &ctx, tx, "UpdateDpskPassphrases", result).await
}

/// Get Specific DPSK Passphrase
#[utoipa::path(
    get,
    path = "/dpskServices/{poolId}/passphrases/{id}",
    tag = PASSPHRASES,
    operation_id = "getPassphraseById",
    params(PassphrasePath),
    responses(
        (status = 200, description = "DPSK passphrase", content(
            (DpskPassphraseDto = JSON),
            (DpskPassphraseDto = V1_1),
            (DpskPassphraseDto = V2)
        )),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
    )
)]
pub async fn get_passphrase_by_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
) -> Result<Json<DpskPassphraseDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let dto = service::get_passphrase(&mut conn, &ctx.tenant_id, &p.pool_id, &p.id).await?;
    Ok(Json(dto))
}

/// Update Specific DPSK Passphrase (replaces it)
#[utoipa::path(
    put,
    path = "/dpskServices/{poolId}/passphrases/{id}",
    tag = PASSPHRASES,
    operation_id = "updatePassphrase",
    params(PassphrasePath),
    request_body(content(
        (DpskPassphraseDto = JSON),
        (DpskPassphraseDto = V1),
        (DpskPassphraseDto = V1_1),
        (DpskPassphraseDto = V2)
    )),
    responses(
        (status = 202, description = "The passphrase update request is in progress", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid content supplied", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
        (status = 409, description = "The passphrase exists in the pool", body = ErrorBody),
    )
)]
pub async fn update_passphrase(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
    Json(body): Json<DpskPassphraseDto>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        service::update_passphrase(&mut tx, &ctx.tenant_id, &pool, &p.id, &body)
            .await
            .map(Some)
    }
    .await;
    accept(&state, &ctx, tx, "UpdateDpskPassphrase", result).await
}

/// Update Specific DPSK Passphrase (only the members sent)
#[utoipa::path(
    patch,
    path = "/dpskServices/{poolId}/passphrases/{id}",
    tag = PASSPHRASES,
    operation_id = "updatePassphrase_1",
    params(PassphrasePath),
    request_body(content(
        (DpskPassphraseDto = JSON),
        (DpskPassphraseDto = V1),
        (DpskPassphraseDto = V1_1),
        (DpskPassphraseDto = V2)
    )),
    responses(
        (status = 202, description = "The passphrase update request is in progress", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "Invalid content supplied", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
        (status = 409, description = "The passphrase exists in the pool", body = ErrorBody),
    )
)]
pub async fn patch_passphrase(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
    Json(patch): Json<Value>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        service::patch_passphrase(&mut tx, &ctx.tenant_id, &pool, &p.id, &patch)
            .await
            .map(Some)
    }
    .await;
    accept(&state, &ctx, tx, "UpdateDpskPassphrase", result).await
}

/// Query Passphrases for Specified Pool
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/query",
    tag = PASSPHRASES,
    operation_id = "queryResponse",
    params(PoolPath),
    request_body(content(
        (DpskPassphraseQueryRequest = JSON),
        (DpskPassphraseQueryRequest = V1),
        (DpskPassphraseQueryRequest = V1_1),
        (DpskPassphraseQueryRequest = V2)
    )),
    responses(
        (status = 200, description = "Passphrases", content(
            (QueryResponse<DpskPassphraseDto> = JSON),
            (QueryResponse<DpskPassphraseDto> = V1_1),
            (QueryResponse<DpskPassphraseDto> = V2)
        )),
        (status = 400, description = "Invalid query", body = ErrorBody),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
    )
)]
pub async fn query_response(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(q): Json<DpskPassphraseQueryRequest>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let (q, max_devices) = q.split();
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    Ok(Json(
        service::query_passphrases(&mut conn, &ctx.tenant_id, &pool, &q, max_devices).await?,
    ))
}

/// DPSK Passphrase to CSV
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/query/csvFiles",
    tag = PASSPHRASES,
    operation_id = "exportDpskPassphrase",
    params(PoolPath, ExportParams),
    request_body(content(
        (DpskPassphraseQueryRequest = JSON),
        (DpskPassphraseQueryRequest = V1),
        (DpskPassphraseQueryRequest = V1_1)
    )),
    responses(
        (status = 200, description = "Exported passphrases", content_type = "text/csv", body = String),
        (status = 400, description = "Invalid timezone or date format supplied", body = ErrorBody),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
    )
)]
pub async fn export_dpsk_passphrase(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Query(params): Query<ExportParams>,
    Json(q): Json<DpskPassphraseQueryRequest>,
) -> Result<Response, ApiError> {
    let style = DateStyle::new(
        params.timezone.as_deref(),
        params.date_format.as_deref(),
        csv_io::DEFAULT_DATE_FORMAT,
    )?;
    let (q, _) = q.split();
    let order = q.order(PASSPHRASE_SORT, service::default_passphrase_order())?;
    let filter = service::passphrase_filter(&q)?;
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    drop(conn);
    let body = csv_io::export_body(
        state.db.clone(),
        ctx.tenant_id.clone(),
        pool.id,
        filter,
        order,
        style,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=UTF-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"DPSK_passphrases_{}.csv\"", pool.id),
            ),
        ],
        body,
    )
        .into_response())
}

/// A CSV file sent as the multipart `file` part (as the bundle documents)
/// or as the whole body (`text/csv`, as the Python SDK sends it).
pub struct CsvUpload(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for CsvUpload {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let bad = |e: axum::extract::multipart::MultipartError| {
                ApiError::field("multipart", "file", Value::Null, e.body_text())
            };
            let mut form = Multipart::from_request(req, state)
                .await
                .map_err(|e| ApiError::field("multipart", "file", Value::Null, e.body_text()))?;
            while let Some(field) = form.next_field().await.map_err(bad)? {
                if field.name() == Some("file") {
                    return Ok(CsvUpload(field.bytes().await.map_err(bad)?));
                }
            }
            return Err(ApiError::field(
                "multipart",
                "file",
                Value::Null,
                "is required",
            ));
        }
        let raw = ["text/csv", "text/plain", "application/octet-stream"];
        if raw.iter().any(|t| content_type.starts_with(t)) {
            let bytes = axum::body::Bytes::from_request(req, state).await?;
            return Ok(CsvUpload(csv_io::unwrap_json_string(bytes)));
        }
        Err(ApiError::UnsupportedMediaType(format!(
            "Content type {content_type:?} is not supported; send multipart/form-data or text/csv"
        )))
    }
}

/// Import Passphrase from CSV
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/csvFiles",
    tag = PASSPHRASES,
    operation_id = "importDpskPassphrasesFromCsv",
    params(PoolPath, ImportParams),
    request_body(content(
        (CsvFileForm = "multipart/form-data"),
        (String = "text/csv")
    )),
    responses(
        (status = 200, description = "Passphrases", content(
            (Accepted = JSON),
            (Accepted = V1)
        )),
        (status = 400, description = "Invalid rows, each named by row and column", body = ErrorBody),
        (status = 404, description = "DPSK pool not found", body = ErrorBody),
        (status = 415, description = "Neither multipart/form-data nor text/csv", body = ErrorBody),
    )
)]
pub async fn import_dpsk_passphrases_from_csv(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Query(params): Query<ImportParams>,
    CsvUpload(file): CsvUpload,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        let import_pool = csv_io::ImportPool {
            format: PassphraseFormat::parse(&pool.passphrase_format)
                .unwrap_or(PassphraseFormat::MostSecured),
            length: pool.passphrase_length,
        };
        let prefix = params.username_prefix.as_deref().filter(|s| !s.is_empty());
        let rows = csv_io::parse_import(&file, &import_pool, prefix)?;
        csv_io::import(&mut tx, &ctx.tenant_id, pool.id, rows).await?;
        Ok(Some(pool.id))
    }
    .await;
    let accepted = accept(&state, &ctx, tx, "ImportDpskPassphrases", result).await?;
    Ok((StatusCode::OK, Json(accepted)))
}

// -------------------------------------------------------------- devices

/// Get Devices for a Specific Passphrase
#[utoipa::path(
    get,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "getPassphraseDevices",
    params(DevicePath),
    responses(
        (status = 200, description = "Get Passphrase Devices", content(
            (Vec<DpskPassphraseDeviceDto> = JSON),
            (Vec<DpskPassphraseDeviceDto> = V1_1),
            (Vec<DpskPassphraseDeviceDto> = V2)
        )),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
    )
)]
pub async fn get_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
) -> Result<Json<Vec<DpskPassphraseDeviceDto>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    let row = service::load_passphrase(&mut conn, &ctx.tenant_id, &pool, &p.passphrase_id).await?;
    let macs = service::device_macs(&mut conn, &ctx.tenant_id, &row).await?;
    Ok(Json(macs.into_iter().map(service::device_dto).collect()))
}

/// Which change a device operation makes.
enum DeviceChange {
    Add,
    Replace,
    Remove,
}

async fn change_devices(
    state: &AppState,
    ctx: &TenantCtx,
    p: &DevicePath,
    macs: MacList,
    change: DeviceChange,
    use_case: &str,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        let row =
            service::load_passphrase(&mut tx, &ctx.tenant_id, &pool, &p.passphrase_id).await?;
        let macs = macs.into_vec();
        match change {
            DeviceChange::Add => {
                service::add_devices(&mut tx, &ctx.tenant_id, &pool, &row, &macs).await?
            }
            DeviceChange::Replace => {
                service::replace_devices(&mut tx, &ctx.tenant_id, &pool, &row, &macs).await?
            }
            DeviceChange::Remove => {
                service::remove_devices(&mut tx, &ctx.tenant_id, &row, &macs).await?
            }
        }
        Ok(Some(row.id))
    }
    .await;
    accept(state, ctx, tx, use_case, result).await
}

/// Create Devices for a Specific Passphrase
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "createPassphraseDevice",
    params(DevicePath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The request to create devices has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "A MAC address is invalid", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
        (status = 422, description = "More devices than the passphrase allows", body = ErrorBody),
    )
)]
pub async fn create_passphrase_device(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(macs): Json<MacList>,
) -> Result<Accepted, ApiError> {
    change_devices(
        &state,
        &ctx,
        &p,
        macs,
        DeviceChange::Add,
        "CreateDpskPassphraseDevices",
    )
    .await
}

/// Update (replace) the Devices of a Specific Passphrase
#[utoipa::path(
    patch,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "updatePassphraseDevices",
    params(DevicePath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The request to update devices has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "A MAC address is invalid", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
        (status = 422, description = "More devices than the passphrase allows", body = ErrorBody),
    )
)]
pub async fn update_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(macs): Json<MacList>,
) -> Result<Accepted, ApiError> {
    change_devices(
        &state,
        &ctx,
        &p,
        macs,
        DeviceChange::Replace,
        "UpdateDpskPassphraseDevices",
    )
    .await
}

/// Delete Devices Associated with a Specific Passphrase
#[utoipa::path(
    delete,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "deletePassphraseDevices",
    params(DevicePath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The request to delete devices has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "A MAC address is invalid", body = ErrorBody),
        (status = 404, description = "DPSK passphrase or device not found", body = ErrorBody),
    )
)]
pub async fn delete_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(macs): Json<MacList>,
) -> Result<Accepted, ApiError> {
    change_devices(
        &state,
        &ctx,
        &p,
        macs,
        DeviceChange::Remove,
        "DeleteDpskPassphraseDevices",
    )
    .await
}

/// Query the Devices of a Specific Passphrase
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices/query",
    tag = DEVICES,
    operation_id = "queryPassphraseDevices",
    params(DevicePath),
    request_body(content(
        (QueryRequest<Value> = JSON),
        (QueryRequest<Value> = V1)
    )),
    responses(
        (status = 200, description = "Devices", content(
            (QueryResponse<DpskPassphraseDeviceDto> = JSON),
            (QueryResponse<DpskPassphraseDeviceDto> = V1)
        )),
        (status = 400, description = "Invalid query", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
    )
)]
pub async fn query_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(q): Json<QueryRequest<Value>>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    let row = service::load_passphrase(&mut conn, &ctx.tenant_id, &pool, &p.passphrase_id).await?;
    let macs = service::device_macs(&mut conn, &ctx.tenant_id, &row).await?;
    Ok(Json(service::query_devices(macs, &q)?))
}

// ------------------------------------------------------------ templates

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
    let mut tx = state.db.begin().await?;
    let result = service::create_pool(&mut tx, &ctx.tenant_id, &body, None, true).await;
    accept(&state, &ctx, tx, "CreateDpskPoolTemplate", result.map(Some))
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
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
) -> Result<VndV1<Json<DpskPoolDto>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_template_id, true).await?;
    Ok(VndV1(Json(service::pool_dto(&pool))))
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
    let mut tx = state.db.begin().await?;
    let result =
        service::update_pool(&mut tx, &ctx.tenant_id, &p.pool_template_id, &body, true).await;
    accept(&state, &ctx, tx, "UpdateDpskPoolTemplate", result.map(Some))
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
    let mut tx = state.db.begin().await?;
    let result =
        service::patch_pool(&mut tx, &ctx.tenant_id, &p.pool_template_id, &patch, true).await;
    accept(&state, &ctx, tx, "UpdateDpskPoolTemplate", result.map(Some))
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
    let mut tx = state.db.begin().await?;
    let result = service::delete_pool(&mut tx, &ctx.tenant_id, &p.pool_template_id, true).await;
    accept(&state, &ctx, tx, "DeleteDpskPoolTemplate", result.map(Some))
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
    let mut tx = state.db.begin().await?;
    let result = service::clone_template(&mut tx, &ctx.tenant_id, &p.pool_template_id, &req).await;
    accept(&state, &ctx, tx, "CloneDpskPoolTemplate", result.map(Some))
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
    Ok(VndV1(Json(
        service::query_pools(&mut conn, &ctx.tenant_id, true, &q).await?,
    )))
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
