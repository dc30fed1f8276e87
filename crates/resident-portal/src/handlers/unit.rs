//! `Resident Portal Unit API`: the authenticated unit, its devices.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    extract::{Json, Path, Query},
    hal::BaseUrl,
    ApiError, AppState,
};
use r1_property::{
    resident::{ResidentUnit, ResidentUnitChanges},
    Hal,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{property_base, PropertyPath};
use crate::{
    model::ErrorResource,
    model::{
        EntityModelDevicesListResource, EntityModelUnitDto, UnitContactDto, UnitDeviceDto, UnitDto,
    },
    property_link, rules,
    unit_auth::{UnitCtx, UnitToken},
};

fn unit_view(u: ResidentUnit, property_id: &str, base: &BaseUrl) -> EntityModelUnitDto {
    let p = property_base(property_id);
    EntityModelUnitDto {
        links: base.links([
            ("self", format!("{p}/units")),
            ("property", p.clone()),
            ("devices", format!("{p}/units/devices")),
        ]),
        guid: u.id.to_string(),
        number: u.name,
        contact: UnitContactDto {
            contact_name: Some(u.contact_name),
            email: u.email,
            phone_number: u.phone_number,
        },
        status: u.status,
        secret: u.secret,
        guest_secret: u.guest_secret,
    }
}

/// Gets Unit Details
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/units",
    tag = "Resident Portal Unit API",
    operation_id = "residentFetchUnit",
    params(PropertyPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelUnitDto = "application/hal+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 401, description = "No valid resident token", content((ErrorResource = "application/json"))),
        (status = 403, description = "The token is another property's", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_fetch_unit(
    State(state): State<AppState>,
    token: UnitToken,
    Path(path): Path<PropertyPath>,
    base: BaseUrl,
) -> Result<Hal<EntityModelUnitDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let unit = UnitToken::opened(
        property_link::unit_of_token(&mut conn, &token.token, token.property.as_deref()).await?,
    )?;
    Ok(Hal(unit_view(unit, &path.property_id, &base)))
}

/// Selectively Updates Unit Configurations
#[utoipa::path(
    put,
    path = "/residents/properties/{propertyId}/units",
    tag = "Resident Portal Unit API",
    operation_id = "residentEditUnit",
    params(PropertyPath),
    request_body(content = UnitDto, content_type = "application/json"),
    responses(
        (status = 200, description = "Unit configuration updated", content((EntityModelUnitDto = "application/hal+json"))),
        (status = 400, description = "Missing or invalid request body", content((ErrorResource = "application/json"))),
        (status = 403, description = "Secrets may not be set at this property", content((ErrorResource = "application/json"))),
        (status = 404, description = "Unit configuration not found for the given unit id", content((ErrorResource = "application/json"))),
        (status = 409, description = "The secret is taken in the pool", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_edit_unit(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<PropertyPath>,
    base: BaseUrl,
    Json(body): Json<UnitDto>,
) -> Result<Hal<EntityModelUnitDto>, ApiError> {
    let contact = body.contact.unwrap_or_default();
    let changes = ResidentUnitChanges {
        contact_name: contact.contact_name,
        email: contact.email,
        phone_number: contact.phone_number,
        secret: body.secret,
        guest_secret: body.guest_secret,
    };
    let mut tx = state.db.begin().await?;
    let unit = property_link::update_unit(&mut tx, &s, changes).await?;
    tx.commit().await?;
    Ok(Hal(unit_view(unit, &path.property_id, &base)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeviceQuery {
    /// Type of device. UNIT and GUEST are the possible values
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: String,
}

pub fn devices_view(
    macs: Vec<String>,
    kind: &str,
    links: r1_core::hal::Links,
) -> EntityModelDevicesListResource {
    EntityModelDevicesListResource {
        contents: macs
            .into_iter()
            .map(|mac| UnitDeviceDto {
                guid: mac.clone(),
                kind: kind.to_string(),
                mac_address: mac,
                last_connected_date: None,
                auth_type: "DPSK".into(),
            })
            .collect(),
        links,
    }
}

/// Gets Unit Devices
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/units/devices",
    tag = "Resident Portal Unit API",
    operation_id = "residentFetchUnitDevices",
    params(PropertyPath, DeviceQuery),
    responses(
        (status = 200, description = "Ok", content((EntityModelDevicesListResource = "application/hal+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_fetch_unit_devices(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<PropertyPath>,
    Query(q): Query<DeviceQuery>,
    base: BaseUrl,
) -> Result<Hal<EntityModelDevicesListResource>, ApiError> {
    let kind = rules::device_type(&q.kind)?;
    let mut conn = state.db.acquire().await?;
    let macs = property_link::devices(&mut conn, &s, kind).await?;
    let p = property_base(&path.property_id);
    let links = base.links([("self", format!("{p}/units/devices?type={kind}"))]);
    Ok(Hal(devices_view(macs, kind, links)))
}

/// Delete Device
#[utoipa::path(
    delete,
    path = "/residents/properties/{propertyId}/units/devices/{deviceId}",
    tag = "Resident Portal Unit API",
    operation_id = "residentRemoveDevice",
    params(
        ("propertyId" = String, Path, description = "Property identifier."),
        ("deviceId" = String, Path, description = "Device Identification: its MAC address."),
    ),
    responses(
        (status = 200, description = "Unit device removed"),
        (status = 400, description = "Not a MAC address", content((ErrorResource = "application/json"))),
        (status = 404, description = "Unit device not found for the given unit", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_remove_device(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path((_property_id, device_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    property_link::remove_device(&mut tx, &s, &device_id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}
