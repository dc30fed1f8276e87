//! Passphrases of a pool: `/dpskServices/{poolId}/passphrases...`, with
//! their query, CSV export and CSV import.

use axum::{extract::State, http::StatusCode, response::Response};
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    csv_http::{csv_attachment, CsvUpload, TEXT_CSV_UTF8},
    error::ErrorBody,
    export_dates::ExportParams,
    extract::{Json, Path, Query},
    loaded::Loaded,
    media::{JSON, V1, V1_1, V2},
    pagination::{Page, Pageable, QueryResponse},
    use_case::run,
    ApiError, AppState,
};
use serde_json::Value;

use super::{DpskExport, ImportParams, PassphrasePath, PoolPath, PASSPHRASES};
use crate::{
    csv_io,
    model::{
        CsvFileForm, DpskPassphraseCreateDto, DpskPassphraseDto, DpskPassphraseQueryRequest,
        DpskPassphrasesPatchRequest, IdList, PassphraseCreateBody, PassphrasesPatchBody,
    },
    passphrases,
    pools::{self, Kind},
    repo::PoolRow,
};

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
    Loaded(pool, _): Loaded<PoolRow, PoolPath>,
    pageable: Pageable,
) -> Result<Json<Page<DpskPassphraseDto>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let page =
        passphrases::list(&mut conn, &state.totals, &ctx.tenant_id, &pool, &pageable).await?;
    Ok(Json(page))
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
    let items = body.into_list();
    run(&state, &ctx, "CreateDpskPassphrases", async |tx| {
        let pool = pools::load_pool(tx, &ctx.tenant_id, &p.pool_id, Kind::Pool).await?;
        let ids = passphrases::create_passphrases(tx, &ctx.tenant_id, &pool, &items, false).await?;
        // One passphrase is named by its id; several are found by query.
        Ok((ids.len() == 1).then(|| ids[0]))
    })
    .await
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
    let ids = ids.into_vec();
    run(&state, &ctx, "DeleteDpskPassphrases", async |tx| {
        let pool = pools::load_pool(tx, &ctx.tenant_id, &p.pool_id, Kind::Pool).await?;
        passphrases::delete_passphrases(tx, &ctx.tenant_id, &pool, &ids, false).await?;
        Ok(pool.id)
    })
    .await
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
    run(&state, &ctx, "UpdateDpskPassphrases", async |tx| {
        let pool = pools::load_pool(tx, &ctx.tenant_id, &p.pool_id, Kind::Pool).await?;
        let changes = crate::passphrase_rules::passphrase_changes(body)?;
        passphrases::patch_passphrases(tx, &ctx.tenant_id, &pool, &changes).await?;
        Ok(pool.id)
    })
    .await
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
    let passphrase = passphrases::read_in_pool(&state, &ctx.tenant_id, &p.pool_id, &p.id).await?;
    Ok(Json(passphrase))
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
    run(&state, &ctx, "UpdateDpskPassphrase", async |tx| {
        let pool = pools::load_pool(tx, &ctx.tenant_id, &p.pool_id, Kind::Pool).await?;
        passphrases::update_passphrase(tx, &ctx.tenant_id, &pool, &p.id, &body).await
    })
    .await
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
    run(&state, &ctx, "UpdateDpskPassphrase", async |tx| {
        let pool = pools::load_pool(tx, &ctx.tenant_id, &p.pool_id, Kind::Pool).await?;
        passphrases::patch_passphrase(tx, &ctx.tenant_id, &pool, &p.id, &patch).await
    })
    .await
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
    Loaded(pool, _): Loaded<PoolRow, PoolPath>,
    Json(q): Json<DpskPassphraseQueryRequest>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let (q, max_devices) = q.split();
    let mut conn = state.db.acquire().await?;
    let page = passphrases::query_passphrases(
        &mut conn,
        &state.totals,
        &ctx.tenant_id,
        &pool,
        &q,
        max_devices,
    )
    .await?;
    Ok(Json(page))
}

/// DPSK Passphrase to CSV
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/query/csvFiles",
    tag = PASSPHRASES,
    operation_id = "exportDpskPassphrase",
    params(PoolPath, ExportParams<DpskExport>),
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
    Loaded(pool, _): Loaded<PoolRow, PoolPath>,
    Query(params): Query<ExportParams<DpskExport>>,
    Json(q): Json<DpskPassphraseQueryRequest>,
) -> Result<Response, ApiError> {
    let style = params.dates()?;
    let (q, _) = q.split();
    let (filter, order) = passphrases::export_selection(&q)?;
    let body = csv_io::export_body(
        state.db.clone(),
        ctx.tenant_id.clone(),
        pool.id,
        filter,
        order,
        style,
    );
    let name = format!("DPSK_passphrases_{}.csv", pool.id);
    Ok(csv_attachment(TEXT_CSV_UTF8, &name, body))
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
    let prefix = params.username_prefix.filter(|s| !s.is_empty());
    let accepted = run(&state, &ctx, "ImportDpskPassphrases", async |tx| {
        csv_io::import_file(tx, &ctx.tenant_id, &p.pool_id, &file, prefix.as_deref()).await
    })
    .await?;
    Ok((StatusCode::OK, Json(accepted)))
}
