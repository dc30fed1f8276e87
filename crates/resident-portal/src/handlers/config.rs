//! `Resident Portal Configuration` and `Resident Portal UI Configuration`:
//! the property, its portal's look and files. Styles, files, favicons and
//! access details serve the login page, so they need no token
//! (docs/behaviour/resident-portal.md).

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use r1_core::{
    extract::{Json, Path},
    hal::BaseUrl,
    ApiError, AppState,
};
use r1_property::{
    resident::{PortalFile, ResidentProperty},
    Hal,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{property_base, PropertyPath};
use crate::{
    model::ErrorResource,
    model::{EntityModelPortalUiConfiguration, EntityModelPropertyDto, ResidentPortalAccessDto},
    property_link, rules,
    unit_auth::UnitCtx,
};

fn no_property(id: &str) -> ApiError {
    ApiError::NotFound(format!("Property {id} not found"))
}

fn no_portal(id: &str) -> ApiError {
    ApiError::NotFound(format!("Property {id} has no resident portal"))
}

/// Whether residents may use the portal: the property allows it (unless
/// told otherwise) and an enabled portal is assigned.
fn portal_allowed(p: &ResidentProperty) -> bool {
    p.unit_config.resident_portal_allowed != Some(false) && p.portal.is_some()
}

/// Gets Property Details
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}",
    tag = "Resident Portal Configuration",
    operation_id = "residentFetchProperty",
    params(PropertyPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelPropertyDto = "application/hal+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 401, description = "No valid resident token", content((ErrorResource = "application/json"))),
        (status = 404, description = "Property requested is not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_fetch_property(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<PropertyPath>,
    base: BaseUrl,
) -> Result<Hal<EntityModelPropertyDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let p = property_link::property(&mut conn, &s).await?;
    let text = p
        .portal
        .as_ref()
        .and_then(|ui| ui.text.clone())
        .unwrap_or_default();
    let pb = property_base(&path.property_id);
    Ok(Hal(EntityModelPropertyDto {
        links: base.links([
            ("self", pb.clone()),
            ("unit", format!("{pb}/units")),
            ("uiConfigurations", format!("{pb}/uiConfigurations")),
        ]),
        guid: p.venue_id,
        name: p.name,
        address: p.address,
        description: p.description,
        tenant_portal_help_text: text.help_text,
        tenant_portal_announcements: text.announcements,
        allow_separate_guest_secret: p.unit_config.guest_allowed.unwrap_or(false),
        enforce_max_units: p.unit_config.use_max_unit_count.unwrap_or(false),
        max_units: p.unit_config.max_unit_count.map(i64::from),
        send_email: p.send_email,
        send_sms: p.send_sms,
        ssids: Vec::new(),
    }))
}

/// Gets User Interface Configurations
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/uiConfigurations",
    tag = "Resident Portal Configuration",
    operation_id = "residentFetchUiConfiguration",
    params(PropertyPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelPortalUiConfiguration = "application/hal+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 401, description = "No valid resident token", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_fetch_ui_configuration(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<PropertyPath>,
    base: BaseUrl,
) -> Result<Hal<EntityModelPortalUiConfiguration>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let p = property_link::property(&mut conn, &s).await?;
    let allowed = portal_allowed(&p);
    let ui = p.portal.clone().unwrap_or_default();
    let text = ui.text.unwrap_or_default();
    let color = ui.color.unwrap_or_default();
    let files = ui.files.unwrap_or_default();
    let pb = property_base(&path.property_id);
    Ok(Hal(EntityModelPortalUiConfiguration {
        links: base.links([
            ("self", format!("{pb}/uiConfigurations")),
            ("styles", format!("{pb}/styles")),
            ("logo", format!("{pb}/files/logo")),
            ("favicons", format!("{pb}/files/favicons")),
        ]),
        api_allowed: p.unit_config.resident_api_allowed != Some(false),
        tenant_set_dpsk: ui.access.and_then(|a| a.tenant_set_dpsk).unwrap_or(false),
        portal_allowed: allowed,
        logo_file_name: files.logo_file_name,
        icon_file_name: files.fav_icon_file_name,
        tenant_title: text.title,
        tenant_subtitle: text.sub_title,
        announcements: text.announcements,
        help_text: text.help_text,
        login_text: text.login_text,
        main_color: color.main_color,
        accent_color: color.accent_color,
        separator_color: color.separator_color,
        text_color: color.text_color,
    }))
}

/// Gets Resident Portal Styles
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/styles",
    tag = "Resident Portal UI Configuration",
    operation_id = "getPropertyStyles",
    params(PropertyPath),
    security(()),
    responses(
        (status = 200, description = "Ok", content_type = "text/css", body = String),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn get_property_styles(
    State(state): State<AppState>,
    Path(path): Path<PropertyPath>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.acquire().await?;
    let p = property_link::public_property(&mut conn, &path.property_id)
        .await?
        .ok_or_else(|| no_property(&path.property_id))?;
    let ui = p.portal.ok_or_else(|| no_portal(&path.property_id))?;
    Ok(([(header::CONTENT_TYPE, "text/css")], rules::styles(&ui)).into_response())
}

fn file_response(file: PortalFile) -> Response {
    ([(header::CONTENT_TYPE, file.content_type)], file.bytes).into_response()
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct FilePath {
    /// Property identifier.
    pub property_id: String,
    /// Resident Portal file type: `logo` or `favIcon`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: String,
}

/// Gets Resident Portal File
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/files/{type}",
    tag = "Resident Portal Configuration",
    operation_id = "residentDownloadPortalFile",
    params(FilePath),
    security(()),
    responses(
        (status = 200, description = "Ok", content_type = "image/png", body = Vec<u8>),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_download_portal_file(
    State(state): State<AppState>,
    Path(path): Path<FilePath>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.acquire().await?;
    let file = property_link::public_file(&mut conn, &path.property_id, &path.kind)
        .await?
        .ok_or_else(|| no_portal(&path.property_id))?;
    Ok(file_response(file))
}

/// Gets Resident Portal Icon File
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/files/favicons",
    tag = "Resident Portal UI Configuration",
    operation_id = "downloadFavicons",
    params(PropertyPath),
    security(()),
    responses(
        (status = 200, description = "Ok", content_type = "image/png", body = Vec<u8>),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn download_favicons(
    State(state): State<AppState>,
    Path(path): Path<PropertyPath>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.acquire().await?;
    let file = property_link::public_file(&mut conn, &path.property_id, "favIcon")
        .await?
        .ok_or_else(|| no_portal(&path.property_id))?;
    Ok(file_response(file))
}

/// Gets Portal Access Details
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/access",
    tag = "Resident Portal UI Configuration",
    operation_id = "getTenantPortalAccess",
    params(PropertyPath),
    security(()),
    responses(
        (status = 200, description = "Ok", content((ResidentPortalAccessDto = "application/json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn get_tenant_portal_access(
    State(state): State<AppState>,
    Path(path): Path<PropertyPath>,
) -> Result<Json<ResidentPortalAccessDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let p = property_link::public_property(&mut conn, &path.property_id)
        .await?
        .ok_or_else(|| no_property(&path.property_id))?;
    Ok(Json(ResidentPortalAccessDto {
        portal_allowed: portal_allowed(&p),
        login_text: p.portal.and_then(|ui| ui.text).and_then(|t| t.login_text),
    }))
}
