//! Brand Settings: the MSP's portal branding and logo files.

use axum::{
    extract::{FromRequest, Multipart, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::accepted;
use crate::{
    branding,
    model::{MspView, ResponseBo, RestErrorResponse, UpdateMspRequest},
};

/// Retrieve Brand Settings
#[utoipa::path(
    get,
    path = "/brandings",
    tag = "Brand Settings",
    operation_id = "getBrandInfo",
    responses(
        (status = 200, description = "Ok", content((MspView = JSON), (MspView = V1))),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_brand_info(
    State(state): State<AppState>,
    ctx: TenantCtx,
) -> Result<Json<MspView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(branding::get(&mut conn, &ctx.caller_tenant_id).await?))
}

/// Add Brand Settings
#[utoipa::path(
    post,
    path = "/brandings",
    tag = "Brand Settings",
    operation_id = "addBrandInfo",
    request_body(content((UpdateMspRequest = JSON), (UpdateMspRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((ResponseBo = JSON), (ResponseBo = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 409, description = "The MSP has brand settings already", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn add_brand_info(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<UpdateMspRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = branding::put(&mut tx, &ctx.caller_tenant_id, &body, true).await;
    let result = result.map(|_| Some(ctx.caller_tenant_id.clone()));
    accepted(&state, &ctx, tx, "AddBrandInfo", result).await
}

/// Update Brand Settings
#[utoipa::path(
    put,
    path = "/brandings",
    tag = "Brand Settings",
    operation_id = "updateBrandInfo",
    request_body(content((UpdateMspRequest = JSON), (UpdateMspRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((ResponseBo = JSON), (ResponseBo = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 404, description = "The MSP has no brand settings", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn update_brand_info(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<UpdateMspRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = branding::put(&mut tx, &ctx.caller_tenant_id, &body, false).await;
    let result = result.map(|_| Some(ctx.caller_tenant_id.clone()));
    accepted(&state, &ctx, tx, "UpdateBrandInfo", result).await
}

/// The answer to a logo upload: `ResponseBo` plus the stored file.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogoFileResponse {
    pub request_id: String,
    pub tenant_id: String,
    /// The file's id, for `GET /logoFiles/{fileId}`.
    pub id: String,
    #[serde(rename = "logo_fileuuid")]
    pub logo_fileuuid: String,
    #[serde(rename = "logo_file_name")]
    pub logo_file_name: String,
}

/// The multipart form of a logo upload: one file part.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LogoFileForm {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Update Brand Logos
#[utoipa::path(
    post,
    path = "/logoFiles",
    tag = "Brand Settings",
    operation_id = "uploadBrandLogoFileUrl",
    request_body(content = LogoFileForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Ok", content((LogoFileResponse = JSON), (LogoFileResponse = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 413, description = "The file is too large", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 415, description = "Not a PNG, JPEG or SVG image", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn upload_brand_logo_file_url(
    State(state): State<AppState>,
    ctx: TenantCtx,
    req: Request,
) -> Result<Json<LogoFileResponse>, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        return Err(ApiError::UnsupportedMediaType(
            "Send the logo as multipart/form-data with a file part".into(),
        ));
    }
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(e.body_text())
        } else {
            ApiError::BadRequest(e.body_text())
        }
    };
    let mut form = Multipart::from_request(req, &state)
        .await
        .map_err(|e| ApiError::BadRequest(e.body_text()))?;
    while let Some(field) = form.next_field().await.map_err(bad)? {
        if field.file_name().is_none() && field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("logo").to_string();
        let bytes = field.bytes().await.map_err(bad)?;
        let mut tx = state.db.begin().await?;
        let stored = branding::upload(&mut tx, &ctx.caller_tenant_id, &name, &bytes).await?;
        tx.commit().await?;
        return Ok(Json(LogoFileResponse {
            request_id: uuid::Uuid::new_v4().to_string(),
            tenant_id: ctx.caller_tenant_id.clone(),
            id: stored.id.to_string(),
            logo_fileuuid: stored.file_uuid,
            logo_file_name: stored.file_name,
        }));
    }
    Err(ApiError::field(
        "logoFile",
        "file",
        serde_json::Value::Null,
        "the multipart body has no file",
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct FilePath {
    pub file_id: String,
}

/// Retrieve Brand Logos
#[utoipa::path(
    get,
    path = "/logoFiles/{fileId}",
    tag = "Brand Settings",
    operation_id = "getBrandLogoFileDownloadUrl",
    params(FilePath),
    responses(
        (status = 200, description = "The logo, byte for byte", content_type = "image/png"),
        (status = 404, description = "Not Found", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn get_brand_logo_file_download_url(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<FilePath>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.acquire().await?;
    let logo = branding::download(&mut conn, &ctx.caller_tenant_id, &p.file_id).await?;
    let disposition = format!(
        "inline; filename=\"{}\"",
        logo.file_name.replace(['"', '\\', '\r', '\n'], "_")
    );
    Ok((
        [
            (header::CONTENT_TYPE, logo.content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        logo.content,
    )
        .into_response())
}
