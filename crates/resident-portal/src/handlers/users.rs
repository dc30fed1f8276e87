//! `Resident Portal Unit Users API`: the unit's identities and their
//! devices.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    extract::{Json, Path},
    hal::BaseUrl,
    pagination::{Order, Page, Pageable},
    ApiError, AppState,
};
use r1_property::resident::{UnitUser, UnitUserChanges};
use uuid::Uuid;

use super::{property_base, unit::devices_view, PropertyPath, UserPath};
use crate::{
    model::ErrorResource,
    model::{
        EntityModelDevicesListResource, EntityModelUnitUserDto, MultiRequestResponse, UnitUserDto,
        UnitUsersQueryCriteria,
    },
    property_link, rules,
    unit_auth::UnitCtx,
};

fn user_view(u: UnitUser, property_id: &str, base: &BaseUrl) -> EntityModelUnitUserDto {
    let path = format!("{}/units/users/{}", property_base(property_id), u.id);
    EntityModelUnitUserDto {
        links: base.links([
            ("self", path.clone()),
            ("devices", format!("{path}/devices")),
        ]),
        user_id: u.id,
        user_name: u.name,
        email: u.email,
        phone_number: u.phone_number,
        passphrase: u.passphrase,
        status: rules::user_status(u.blocked).to_string(),
        kind: u.kind,
    }
}

/// Get Unit User Details for Specific User
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/units/users/{userId}",
    tag = "Resident Portal Unit Users API",
    operation_id = "getUnitUser",
    params(UserPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelUnitUserDto = "application/json"), (EntityModelUnitUserDto = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found"),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn get_unit_user(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<UserPath>,
    base: BaseUrl,
) -> Result<Json<EntityModelUnitUserDto>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let user = property_link::user(&mut conn, &s, path.user_id).await?;
    Ok(Json(user_view(user, &path.property_id, &base)))
}

/// Updates Unit User
#[utoipa::path(
    put,
    path = "/residents/properties/{propertyId}/units/users/{userId}",
    tag = "Resident Portal Unit Users API",
    operation_id = "updateUnitUser",
    params(UserPath),
    request_body(content((UnitUserDto = "application/json"), (UnitUserDto = "application/vnd.ruckus.v1+json"))),
    responses(
        (status = 200, description = "ok", body = MultiRequestResponse),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 403, description = "Passphrases may not be set at this property", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn update_unit_user(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<UserPath>,
    Json(body): Json<UnitUserDto>,
) -> Result<Json<MultiRequestResponse>, ApiError> {
    let blocked = body.status.as_deref().map(rules::blocked).transpose()?;
    let changes = UnitUserChanges {
        name: body.user_name,
        email: body.email,
        phone_number: body.phone_number,
        passphrase: body.passphrase,
        blocked,
    };
    let mut tx = state.db.begin().await?;
    let done = property_link::update_user(&mut tx, &s, path.user_id, changes).await?;
    tx.commit().await?;
    Ok(Json(MultiRequestResponse {
        persona_update_id: done.identity_id.to_string(),
        dpsk_update_id: done.passphrase_id.map(|p| p.to_string()),
    }))
}

/// The most users a page holds.
const MAX_PAGE_SIZE: i64 = 2000;

/// Query Unit Users
#[utoipa::path(
    post,
    path = "/residents/properties/{propertyId}/units/users/query",
    tag = "Resident Portal Unit Users API",
    operation_id = "queryUnitUsers",
    params(PropertyPath),
    request_body(content((UnitUsersQueryCriteria = "application/json"), (UnitUsersQueryCriteria = "application/vnd.ruckus.v1+json"))),
    responses(
        (status = 200, description = "ok", content((Page<EntityModelUnitUserDto> = "application/json"), (Page<EntityModelUnitUserDto> = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Invalid query data supplied.", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn query_unit_users(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<PropertyPath>,
    base: BaseUrl,
    Json(q): Json<UnitUsersQueryCriteria>,
) -> Result<Json<Page<EntityModelUnitUserDto>>, ApiError> {
    let page = q.page.unwrap_or(0);
    if page < 0 {
        return Err(ApiError::field("query", "page", page, "must be at least 0"));
    }
    let size = q.page_size.unwrap_or(20);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(ApiError::field(
            "query",
            "pageSize",
            size,
            "must be from 1 to 2000",
        ));
    }
    if let Some(f) = q.sort_fields.iter().flatten().find(|f| *f != "userId") {
        return Err(ApiError::field("query", "sortFields", f, "must be userId"));
    }
    let descending = match q.sort_direction.as_deref() {
        None | Some("ASC") => false,
        Some("DESC") => true,
        Some(other) => {
            return Err(ApiError::field(
                "query",
                "sortDirection",
                other,
                "must be ASC or DESC",
            ))
        }
    };
    let mut conn = state.db.acquire().await?;
    let mut users = property_link::users(&mut conn, &s).await?;
    users.retain(|u| q.user_id.is_none_or(|id| u.id == id));
    if descending {
        users.reverse();
    }
    let pageable = Pageable {
        page: page as u32,
        size: size as u32,
        sort: Vec::new(),
    };
    let total = users.len() as i64;
    let content = users
        .into_iter()
        .skip(pageable.offset() as usize)
        .take(size as usize)
        .map(|u| user_view(u, &path.property_id, &base))
        .collect();
    Ok(Json(Page::new(
        content,
        total,
        &pageable,
        &Order::by("userId", descending),
    )))
}

/// Get Unit User Devices for Specific User
#[utoipa::path(
    get,
    path = "/residents/properties/{propertyId}/units/users/{userId}/devices",
    tag = "Resident Portal Unit Users API",
    operation_id = "getUnitUserDevices",
    params(UserPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelDevicesListResource = "application/json"), (EntityModelDevicesListResource = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found"),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn get_unit_user_devices(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path(path): Path<UserPath>,
    base: BaseUrl,
) -> Result<Json<EntityModelDevicesListResource>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let user = property_link::user(&mut conn, &s, path.user_id).await?;
    let self_path = format!(
        "{}/units/users/{}/devices",
        property_base(&path.property_id),
        user.id
    );
    let kind = user.kind.clone();
    Ok(Json(devices_view(
        user.macs,
        &kind,
        base.links([("self", self_path)]),
    )))
}

/// Delete Unit User Device
#[utoipa::path(
    delete,
    path = "/residents/properties/{propertyId}/units/users/{userId}/devices/{deviceId}",
    tag = "Resident Portal Unit Users API",
    operation_id = "removeUnitUserDevice",
    params(
        ("propertyId" = String, Path, description = "Property identifier."),
        ("userId" = Uuid, Path, description = "User Id"),
        ("deviceId" = String, Path, description = "Device Identification: its MAC address."),
    ),
    responses(
        (status = 200, description = "Device removed"),
        (status = 400, description = "Not a MAC address", content((ErrorResource = "application/json"))),
        (status = 404, description = "Device not found for the given unit", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn remove_unit_user_device(
    State(state): State<AppState>,
    UnitCtx(s): UnitCtx,
    Path((_property_id, user_id, device_id)): Path<(String, Uuid, String)>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    property_link::remove_user_device(&mut tx, &s, user_id, &device_id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}
