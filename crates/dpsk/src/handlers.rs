//! The DPSK Service's HTTP operations: extract, call the service, shape the
//! response. Each carries the bundle's path, operationId and tag.

use axum::{
    extract::{FromRequest, Multipart, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use r1_core::{
    activity::{self, Accepted},
    auth::TenantCtx,
    extract::{Json, Path, Query},
    pagination::{Order, Page, Pageable, QueryRequest, QueryResponse},
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
        (DpskPoolDto = "application/json"),
        (DpskPoolDto = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 202, description = "DPSK pool created", body = Accepted),
        (status = 400, description = "Invalid pool content"),
        (status = 409, description = "A pool with this name exists"),
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
        (status = 200, description = "DPSK pool", body = DpskPoolDto),
        (status = 404, description = "DPSK pool not found"),
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
        (DpskPoolDto = "application/json"),
        (DpskPoolDto = "application/vnd.ruckus.v1+json"),
        (DpskPoolDto = "application/vnd.ruckus.v1.1+json"),
        (DpskPoolDto = "application/vnd.ruckus.v2+json")
    )),
    responses(
        (status = 202, description = "The update request has been accepted", body = Accepted),
        (status = 400, description = "Invalid pool content"),
        (status = 404, description = "DPSK pool not found"),
        (status = 409, description = "A pool with this name exists"),
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
        (DpskPoolDto = "application/json"),
        (DpskPoolDto = "application/vnd.ruckus.v1+json"),
        (DpskPoolDto = "application/vnd.ruckus.v1.1+json"),
        (DpskPoolDto = "application/vnd.ruckus.v2+json")
    )),
    responses(
        (status = 202, description = "The update request has been accepted", body = Accepted),
        (status = 400, description = "Invalid pool content"),
        (status = 404, description = "DPSK pool not found"),
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
        (status = 202, description = "The delete request has been accepted", body = Accepted),
        (status = 404, description = "DPSK pool not found"),
        (status = 422, description = "A passphrase of the pool is used by an identity"),
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
        (DpskPoolQueryRequest = "application/json"),
        (DpskPoolQueryRequest = "application/vnd.ruckus.v1+json")
    )),
    responses((status = 200, description = "DPSK pools", body = QueryResponse<DpskPoolDto>))
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
        (status = 202, description = "The update request has been accepted", body = Accepted),
        (status = 404, description = "DPSK pool not found"),
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
        (status = 202, description = "The update request has been accepted", body = Accepted),
        (status = 404, description = "DPSK pool not found, or not with this policy set"),
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
        (status = 200, description = "Passphrases", body = Page<DpskPassphraseDto>),
        (status = 404, description = "DPSK pool not found"),
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
        (DpskPassphraseCreateDto = "application/json"),
        (DpskPassphraseCreateDto = "application/vnd.ruckus.v1+json"),
        (DpskPassphraseCreateDto = "application/vnd.ruckus.v1.1+json"),
        (DpskPassphraseCreateDto = "application/vnd.ruckus.v2+json")
    )),
    responses(
        (status = 202, description = "Create DPSK passphrase(s) accepted", body = Accepted),
        (status = 400, description = "Invalid content supplied"),
        (status = 404, description = "DPSK pool not found"),
        (status = 409, description = "The passphrase exists in the pool"),
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
        (Vec<String> = "application/json"),
        (Vec<String> = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 202, description = "The passphrase(s) delete request is in progress", body = Accepted),
        (status = 404, description = "DPSK pool or passphrase not found"),
        (status = 422, description = "A passphrase is used by an identity"),
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
        (DpskPassphrasesPatchRequest = "application/json"),
        (DpskPassphrasesPatchRequest = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 202, description = "DPSK passphrases updated", body = Accepted),
        (status = 400, description = "Invalid content supplied"),
        (status = 404, description = "DPSK pool or passphrase not found"),
    )
)]
pub async fn update_passphrases(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Json(req): Json<DpskPassphrasesPatchRequest>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        service::patch_passphrases(&mut tx, &ctx.tenant_id, &pool, &req).await?;
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
        (status = 200, description = "DPSK passphrase", body = DpskPassphraseDto),
        (status = 404, description = "DPSK passphrase not found"),
    )
)]
pub async fn get_passphrase_by_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
) -> Result<Json<DpskPassphraseDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    let row = service::load_passphrase(&mut conn, &ctx.tenant_id, &pool, &p.id).await?;
    let mut dtos = service::with_devices(&mut conn, &ctx.tenant_id, &[row], None).await?;
    Ok(Json(dtos.remove(0)))
}

/// Update Specific DPSK Passphrase (replaces it)
#[utoipa::path(
    put,
    path = "/dpskServices/{poolId}/passphrases/{id}",
    tag = PASSPHRASES,
    operation_id = "updatePassphrase",
    params(PassphrasePath),
    request_body(content(
        (DpskPassphraseDto = "application/json"),
        (DpskPassphraseDto = "application/vnd.ruckus.v1+json"),
        (DpskPassphraseDto = "application/vnd.ruckus.v1.1+json"),
        (DpskPassphraseDto = "application/vnd.ruckus.v2+json")
    )),
    responses(
        (status = 202, description = "The passphrase update request is in progress", body = Accepted),
        (status = 400, description = "Invalid content supplied"),
        (status = 404, description = "DPSK passphrase not found"),
        (status = 409, description = "The passphrase exists in the pool"),
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
        (DpskPassphraseDto = "application/json"),
        (DpskPassphraseDto = "application/vnd.ruckus.v1+json"),
        (DpskPassphraseDto = "application/vnd.ruckus.v1.1+json"),
        (DpskPassphraseDto = "application/vnd.ruckus.v2+json")
    )),
    responses(
        (status = 202, description = "The passphrase update request is in progress", body = Accepted),
        (status = 400, description = "Invalid content supplied"),
        (status = 404, description = "DPSK passphrase not found"),
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
        (DpskPassphraseQueryRequest = "application/json"),
        (DpskPassphraseQueryRequest = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 200, description = "Passphrases", body = QueryResponse<DpskPassphraseDto>),
        (status = 400, description = "Invalid query"),
        (status = 404, description = "DPSK pool not found"),
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
        (DpskPassphraseQueryRequest = "application/json"),
        (DpskPassphraseQueryRequest = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 200, description = "Exported passphrases", content_type = "text/csv", body = String),
        (status = 400, description = "Invalid timezone or date format supplied"),
        (status = 404, description = "DPSK pool not found"),
    )
)]
pub async fn export_dpsk_passphrase(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PoolPath>,
    Query(params): Query<ExportParams>,
    Json(q): Json<DpskPassphraseQueryRequest>,
) -> Result<Response, ApiError> {
    let style = csv_io::DateStyle::new(params.timezone.as_deref(), params.date_format.as_deref())?;
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
            return Ok(CsvUpload(bytes));
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
        (String = "multipart/form-data"),
        (String = "text/csv")
    )),
    responses(
        (status = 200, description = "Passphrases", body = Accepted),
        (status = 400, description = "Invalid rows, each named by row and column"),
        (status = 404, description = "DPSK pool not found"),
        (status = 415, description = "Neither multipart/form-data nor text/csv"),
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
    path = "/dpskServices/{poolId}/passphrases/{id}/devices",
    tag = DEVICES,
    operation_id = "getPassphraseDevices",
    params(PassphrasePath),
    responses(
        (status = 200, description = "Get Passphrase Devices", body = Vec<DpskPassphraseDeviceDto>),
        (status = 404, description = "DPSK passphrase not found"),
    )
)]
pub async fn get_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
) -> Result<Json<Vec<DpskPassphraseDeviceDto>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    let row = service::load_passphrase(&mut conn, &ctx.tenant_id, &pool, &p.id).await?;
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
    p: &PassphrasePath,
    macs: MacList,
    change: DeviceChange,
    use_case: &str,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let pool = service::load_pool(&mut tx, &ctx.tenant_id, &p.pool_id, false).await?;
        let row = service::load_passphrase(&mut tx, &ctx.tenant_id, &pool, &p.id).await?;
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
    path = "/dpskServices/{poolId}/passphrases/{id}/devices",
    tag = DEVICES,
    operation_id = "createPassphraseDevice",
    params(PassphrasePath),
    request_body(content(
        (Vec<String> = "application/json"),
        (Vec<String> = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 202, description = "The request to create devices has been accepted", body = Accepted),
        (status = 400, description = "A MAC address is invalid"),
        (status = 404, description = "DPSK passphrase not found"),
        (status = 422, description = "More devices than the passphrase allows"),
    )
)]
pub async fn create_passphrase_device(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
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
    path = "/dpskServices/{poolId}/passphrases/{id}/devices",
    tag = DEVICES,
    operation_id = "updatePassphraseDevices",
    params(PassphrasePath),
    request_body(content(
        (Vec<String> = "application/json"),
        (Vec<String> = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 202, description = "The request to update devices has been accepted", body = Accepted),
        (status = 400, description = "A MAC address is invalid"),
        (status = 404, description = "DPSK passphrase not found"),
        (status = 422, description = "More devices than the passphrase allows"),
    )
)]
pub async fn update_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
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
    path = "/dpskServices/{poolId}/passphrases/{id}/devices",
    tag = DEVICES,
    operation_id = "deletePassphraseDevices",
    params(PassphrasePath),
    request_body(content(
        (Vec<String> = "application/json"),
        (Vec<String> = "application/vnd.ruckus.v1+json")
    )),
    responses(
        (status = 202, description = "The request to delete devices has been accepted", body = Accepted),
        (status = 404, description = "DPSK passphrase or device not found"),
    )
)]
pub async fn delete_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
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
    path = "/dpskServices/{poolId}/passphrases/{id}/devices/query",
    tag = DEVICES,
    operation_id = "queryPassphraseDevices",
    params(PassphrasePath),
    request_body = QueryRequest<Value>,
    responses(
        (status = 200, description = "Devices", body = QueryResponse<DpskPassphraseDeviceDto>),
        (status = 404, description = "DPSK passphrase not found"),
    )
)]
pub async fn query_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PassphrasePath>,
    Json(q): Json<QueryRequest<Value>>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_id, false).await?;
    let row = service::load_passphrase(&mut conn, &ctx.tenant_id, &pool, &p.id).await?;
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
        (DpskPoolDto = "application/vnd.ruckus.v1+json"),
        (DpskPoolDto = "application/json")
    )),
    responses(
        (status = 202, description = "DPSK pool template created", body = Accepted),
        (status = 400, description = "Invalid pool content"),
        (status = 409, description = "A template with this name exists"),
    )
)]
pub async fn create_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DpskPoolDto>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = service::create_pool(&mut tx, &ctx.tenant_id, &body, None, true).await;
    accept(&state, &ctx, tx, "CreateDpskPoolTemplate", result.map(Some)).await
}

/// Get Specific DPSK Pool Template
#[utoipa::path(
    get,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "getDpskPoolTemplateById",
    params(TemplatePath),
    responses(
        (status = 200, description = "DPSK pool template", body = DpskPoolDto),
        (status = 404, description = "DPSK pool template not found"),
    )
)]
pub async fn get_dpsk_pool_template_by_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
) -> Result<Json<DpskPoolDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let pool = service::load_pool(&mut conn, &ctx.tenant_id, &p.pool_template_id, true).await?;
    Ok(Json(service::pool_dto(&pool)))
}

/// Update the DPSK Pool Template
#[utoipa::path(
    put,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "updateDpskPoolTemplate",
    params(TemplatePath),
    request_body(content(
        (DpskPoolDto = "application/vnd.ruckus.v1+json"),
        (DpskPoolDto = "application/json")
    )),
    responses(
        (status = 202, description = "The update request has been accepted", body = Accepted),
        (status = 400, description = "Invalid pool content"),
        (status = 404, description = "DPSK pool template not found"),
    )
)]
pub async fn update_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
    Json(body): Json<DpskPoolDto>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result =
        service::update_pool(&mut tx, &ctx.tenant_id, &p.pool_template_id, &body, true).await;
    accept(&state, &ctx, tx, "UpdateDpskPoolTemplate", result.map(Some)).await
}

/// Update the DPSK Pool Template (only the members sent)
#[utoipa::path(
    patch,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "patchDpskPoolTemplate",
    params(TemplatePath),
    request_body(content(
        (DpskPoolDto = "application/vnd.ruckus.v1+json"),
        (DpskPoolDto = "application/json")
    )),
    responses(
        (status = 202, description = "The update request has been accepted", body = Accepted),
        (status = 400, description = "Invalid pool content"),
        (status = 404, description = "DPSK pool template not found"),
    )
)]
pub async fn patch_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
    Json(patch): Json<Value>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result =
        service::patch_pool(&mut tx, &ctx.tenant_id, &p.pool_template_id, &patch, true).await;
    accept(&state, &ctx, tx, "UpdateDpskPoolTemplate", result.map(Some)).await
}

/// Delete the DPSK Pool Template
#[utoipa::path(
    delete,
    path = "/templates/dpskServices/{poolTemplateId}",
    tag = TEMPLATES,
    operation_id = "deleteDpskPoolTemplate",
    params(TemplatePath),
    responses(
        (status = 202, description = "The delete request has been accepted", body = Accepted),
        (status = 404, description = "DPSK pool template not found"),
    )
)]
pub async fn delete_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = service::delete_pool(&mut tx, &ctx.tenant_id, &p.pool_template_id, true).await;
    accept(&state, &ctx, tx, "DeleteDpskPoolTemplate", result.map(Some)).await
}

/// Clone the DPSK Pool Template
#[utoipa::path(
    post,
    path = "/templates/dpskServices/{poolTemplateId}/cloneSettings",
    tag = TEMPLATES,
    operation_id = "cloneDpskPoolTemplate",
    params(TemplatePath),
    request_body(content(
        (TemplateCloneSettingsRequest = "application/vnd.ruckus.v1+json"),
        (TemplateCloneSettingsRequest = "application/json")
    )),
    responses(
        (status = 202, description = "DPSK pool template cloned", body = Accepted),
        (status = 400, description = "Invalid content"),
        (status = 404, description = "DPSK pool template not found"),
        (status = 409, description = "A template with this name exists"),
    )
)]
pub async fn clone_dpsk_pool_template(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<TemplatePath>,
    Json(req): Json<TemplateCloneSettingsRequest>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = service::clone_template(&mut tx, &ctx.tenant_id, &p.pool_template_id, &req).await;
    accept(&state, &ctx, tx, "CloneDpskPoolTemplate", result.map(Some)).await
}

/// Search for DPSK Pool Templates Matching Search String in Paged Result
#[utoipa::path(
    post,
    path = "/templates/dpskServices/query",
    tag = TEMPLATES,
    operation_id = "queryDpskPoolTemplates",
    request_body(content(
        (DpskPoolQueryRequest = "application/vnd.ruckus.v1+json"),
        (DpskPoolQueryRequest = "application/json")
    )),
    responses((status = 200, description = "DPSK pool templates", body = QueryResponse<DpskPoolDto>))
)]
pub async fn query_dpsk_pool_templates(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(q): Json<DpskPoolQueryRequest>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        service::query_pools(&mut conn, &ctx.tenant_id, true, &q).await?,
    ))
}

/// Get DPSK Pool Templates by Network Template
#[utoipa::path(
    get,
    path = "/templates/wifiNetworks/{networkTemplateId}/dpskServices",
    tag = TEMPLATES,
    operation_id = "getDpskPoolsByNetworkId",
    params(NetworkTemplatePath, Pageable),
    responses((status = 200, description = "DPSK pool templates", body = Page<DpskPoolDto>))
)]
pub async fn get_dpsk_pools_by_network_id(
    ctx: TenantCtx,
    Path(p): Path<NetworkTemplatePath>,
    pageable: Pageable,
) -> Result<Json<Page<DpskPoolDto>>, ApiError> {
    // r1 serves no Wi-Fi network templates, so none uses a pool template
    // (docs/behaviour/dpsk.md).
    tracing::debug!(tenant = %ctx.tenant_id, network_template = %p.network_template_id, "no network templates");
    let order = pageable.order(service::POOL_SORT, Order::by("name", false))?;
    Ok(Json(Page::new(Vec::new(), 0, &pageable, &order)))
}
