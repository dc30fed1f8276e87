//! Identity operations: identities, their devices, ethernet ports and VNI,
//! the cross-group list and query, CSV, and external identities.

use axum::{
    body::Bytes,
    extract::{FromRequest, Multipart, Request, State},
    http::header,
    response::Response,
};
use r1_core::{
    activity::{self, Accepted},
    auth::TenantCtx,
    extract::{Json, Path, Query},
    hal::BaseUrl,
    media::{JSON, V1},
    pagination::{Order, Page, Pageable},
    ApiError, AppState,
};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use utoipa::IntoParams;
use uuid::Uuid;

use super::{groups::csv_response, groups::ExportParams, GroupPath, IdentityPath};
use crate::{
    csv_io, identities,
    mac::Mac,
    model::{
        ApiErrorBody, Device, DeviceCreate, EthernetPortsBody, ExternalIdentity,
        ExternalIdentitySearch, Identity, IdentityCreate, IdentityPatch, IdentitySearch,
    },
    repo::{self, FieldValue, IdentityFilter},
};

fn field_conditions(
    filter: Map<String, Value>,
) -> Result<Vec<(&'static str, FieldValue)>, ApiError> {
    let mut out = Vec::new();
    for (key, value) in filter {
        let Some((_, column)) = repo::FILTER_FIELDS.iter().find(|(name, _)| *name == key) else {
            let names: Vec<&str> = repo::FILTER_FIELDS.iter().map(|(n, _)| *n).collect();
            return Err(ApiError::field(
                "identitySearch",
                &format!("filter.{key}"),
                &value,
                format!(
                    "cannot filter by {key:?}; filterable fields: {}",
                    names.join(", ")
                ),
            ));
        };
        let v = match value {
            Value::String(s) => FieldValue::Text(s),
            Value::Bool(b) => FieldValue::Bool(b),
            Value::Number(n) if n.is_i64() => FieldValue::Int(n.as_i64().unwrap_or_default()),
            Value::Null => FieldValue::Null,
            other => {
                return Err(ApiError::field(
                    "identitySearch",
                    &format!("filter.{key}"),
                    &other,
                    "must be a string, an integer, a boolean or null",
                ))
            }
        };
        out.push((*column, v));
    }
    Ok(out)
}

fn filter_of(s: IdentitySearch) -> Result<IdentityFilter, ApiError> {
    let port = s.ethernet_port.unwrap_or_default();
    let port_mac = match port.mac_address {
        Some(m) => Some(
            Mac::normalise(&m)
                .ok_or_else(|| {
                    ApiError::field(
                        "identitySearch",
                        "ethernetPort.macAddress",
                        &m,
                        "must match ^([0-9A-F]{2}-){5}([0-9A-F]{2})$",
                    )
                })?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    Ok(IdentityFilter {
        group_id: s.group_id,
        dpsk_pool_id: s.dpsk_pool_id,
        property_id: s.property_id,
        keyword: s.keyword.filter(|k| !k.trim().is_empty()),
        ids: s.ids,
        port_mac,
        port_index: port.port_index,
        port_name: port.name,
        fields: field_conditions(s.filter.unwrap_or_default())?,
    })
}

async fn page(
    state: &AppState,
    tenant_id: &str,
    filter: &IdentityFilter,
    pageable: &Pageable,
    base: &BaseUrl,
) -> Result<Page<Identity>, ApiError> {
    let order = pageable.order(repo::IDENTITY_SORT, repo::default_identity_order())?;
    let mut conn = state.db.acquire().await?;
    let (total, rows) = repo::search_identities(
        &mut conn,
        tenant_id,
        filter,
        &order,
        Some(pageable.limit()),
        pageable.offset(),
    )
    .await?;
    let content = identities::views(&mut conn, tenant_id, rows, base).await?;
    Ok(Page::new(content, total, pageable, &order))
}

/// Create an Identity
#[utoipa::path(
    post,
    path = "/identityGroups/{groupId}/identities",
    tag = "Identity",
    operation_id = "createIdentity",
    params(GroupPath),
    request_body = IdentityCreate,
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 400, description = "Invalid identity supplied", body = ApiErrorBody),
        (status = 404, description = "Group not found", body = ApiErrorBody),
    )
)]
pub async fn create_identity(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupPath>,
    Json(body): Json<IdentityCreate>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = identities::create(&mut tx, &ctx.tenant_id, p.group_id, body).await;
    let result = result.map(|id| Some(id.to_string()));
    activity::settle(&state, &ctx, tx, "CreateIdentity", result).await
}

/// Returns Identities in the Group
#[utoipa::path(
    get,
    path = "/identityGroups/{groupId}/identities",
    tag = "Identity",
    operation_id = "listIdentitiesByGroup",
    params(GroupPath, Pageable),
    responses(
        (status = 200, description = "Identities returned", content((Page<Identity> = JSON), (Page<Identity> = V1))),
        (status = 400, description = "Invalid group id supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Group not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn list_identities_by_group(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupPath>,
    pageable: Pageable,
    base: BaseUrl,
) -> Result<Json<Page<Identity>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    crate::groups::find(&mut conn, &ctx.tenant_id, p.group_id).await?;
    drop(conn);
    let filter = IdentityFilter {
        group_id: Some(p.group_id),
        ..Default::default()
    };
    Ok(Json(
        page(&state, &ctx.tenant_id, &filter, &pageable, &base).await?,
    ))
}

/// Delete Identities
#[utoipa::path(
    delete,
    path = "/identityGroups/{groupId}/identities",
    tag = "Identity",
    operation_id = "deleteIdentities",
    params(GroupPath),
    request_body = Vec<Uuid>,
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 404, description = "Group or identity not found", body = ApiErrorBody),
    )
)]
pub async fn delete_identities(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupPath>,
    Json(ids): Json<Vec<Uuid>>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = identities::delete(&mut tx, &ctx.tenant_id, p.group_id, &ids).await;
    let result = result.map(|()| None);
    activity::settle(&state, &ctx, tx, "DeleteIdentities", result).await
}

/// The CSV file of an import: a raw `text/csv` body, or the first file of a
/// `multipart/form-data` body.
async fn csv_body(req: Request) -> Result<Bytes, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        if content_type.contains("boundary=") {
            let mut multipart = Multipart::from_request(req, &())
                .await
                .map_err(|e| ApiError::BadRequest(e.body_text()))?;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| ApiError::BadRequest(e.body_text()))?
            {
                if field.file_name().is_some() || field.name() == Some("file") {
                    return field
                        .bytes()
                        .await
                        .map_err(|e| ApiError::BadRequest(e.body_text()));
                }
            }
            return Err(ApiError::field(
                "csvFile",
                "file",
                Value::Null,
                "the multipart body has no file",
            ));
        }
        let body = Bytes::from_request(req, &()).await?;
        let part = csv_io::first_part(&body)
            .ok_or_else(|| ApiError::BadRequest("The multipart body has no boundary".into()))?;
        return Ok(Bytes::copy_from_slice(part));
    }
    let accepted = [
        "text/csv",
        "text/plain",
        "application/octet-stream",
        "application/vnd.ms-excel",
    ];
    if !accepted.iter().any(|t| content_type.starts_with(t)) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "Content type {content_type:?} is not supported; send text/csv or multipart/form-data"
        )));
    }
    Ok(Bytes::from_request(req, &()).await?)
}

/// Import Identities From File
#[utoipa::path(
    post,
    path = "/identityGroups/{groupId}/identities/csvFile",
    tag = "Identity",
    operation_id = "importIdentitiesCsv",
    params(GroupPath),
    request_body(content = String, content_type = "text/csv", description = "Columns: name (required), displayName, email, phoneNumber, description, vlan, expirationDate, dpskPassphrase; also as the file of a multipart/form-data body"),
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 400, description = "Invalid rows, each named", body = ApiErrorBody),
        (status = 404, description = "Group not found", body = ApiErrorBody),
        (status = 415, description = "Neither text/csv nor multipart/form-data", body = ApiErrorBody),
    )
)]
pub async fn import_identities_csv(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupPath>,
    req: Request,
) -> Result<Accepted, ApiError> {
    let file = csv_body(req).await?;
    let mut tx = state.db.begin().await?;
    let result = async {
        crate::groups::find(&mut tx, &ctx.tenant_id, p.group_id).await?;
        let rows = csv_io::parse_import(&file).map_err(csv_io::import_error)?;
        for row in rows {
            identities::create(&mut tx, &ctx.tenant_id, p.group_id, row).await?;
        }
        Ok::<_, ApiError>(Some(p.group_id.to_string()))
    }
    .await;
    activity::settle(&state, &ctx, tx, "ImportIdentities", result).await
}

/// Returns the Identity
#[utoipa::path(
    get,
    path = "/identityGroups/{groupId}/identities/{id}",
    tag = "Identity",
    operation_id = "getIdentityById",
    params(IdentityPath),
    responses(
        (status = 200, description = "Identity found", content((Identity = JSON), (Identity = V1))),
        (status = 400, description = "Invalid id supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Identity not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn get_identity_by_id(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IdentityPath>,
    base: BaseUrl,
) -> Result<Json<Identity>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let row = repo::find_identity(&mut *conn, &ctx.tenant_id, p.group_id, p.id)
        .await?
        .ok_or_else(|| identities::not_found(p.id))?;
    let mut views = identities::views(&mut conn, &ctx.tenant_id, vec![row], &base).await?;
    views
        .pop()
        .map(Json)
        .ok_or_else(|| identities::not_found(p.id))
}

/// Update the Identity
#[utoipa::path(
    patch,
    path = "/identityGroups/{groupId}/identities/{id}",
    tag = "Identity",
    operation_id = "updateIdentity",
    params(IdentityPath),
    request_body = IdentityPatch,
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 400, description = "Invalid identity supplied", body = ApiErrorBody),
        (status = 404, description = "Identity not found", body = ApiErrorBody),
    )
)]
pub async fn update_identity(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IdentityPath>,
    Json(patch): Json<IdentityPatch>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = identities::update(&mut tx, &ctx.tenant_id, p.group_id, p.id, patch).await;
    let result = result.map(|id| Some(id.to_string()));
    activity::settle(&state, &ctx, tx, "UpdateIdentity", result).await
}

/// Delete the Identity
#[utoipa::path(
    delete,
    path = "/identityGroups/{groupId}/identities/{id}",
    tag = "Identity",
    operation_id = "deleteIdentity",
    params(IdentityPath),
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 404, description = "Identity not found", body = ApiErrorBody),
    )
)]
pub async fn delete_identity(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IdentityPath>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = identities::delete(&mut tx, &ctx.tenant_id, p.group_id, &[p.id]).await;
    let result = result.map(|()| Some(p.id.to_string()));
    activity::settle(&state, &ctx, tx, "DeleteIdentity", result).await
}

/// Add Devices to the Identity
#[utoipa::path(
    post,
    path = "/identityGroups/{groupId}/identities/{id}/devices",
    tag = "Identity",
    operation_id = "addIdentityDevices",
    params(IdentityPath),
    request_body = Vec<DeviceCreate>,
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 400, description = "Invalid MAC address", body = ApiErrorBody),
        (status = 404, description = "Identity not found", body = ApiErrorBody),
        (status = 409, description = "A device belongs to another identity", body = ApiErrorBody),
    )
)]
pub async fn add_identity_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IdentityPath>,
    Json(devices): Json<Vec<DeviceCreate>>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let macs: Vec<String> = devices.into_iter().map(|d| d.mac_address).collect();
        let macs = identities::device_macs(&macs)?;
        identities::lock(&mut tx, &ctx.tenant_id, p.group_id, p.id).await?;
        identities::add_devices(&mut tx, &ctx.tenant_id, p.id, &macs).await?;
        Ok::<_, ApiError>(Some(p.id.to_string()))
    }
    .await;
    activity::settle(&state, &ctx, tx, "AddIdentityDevices", result).await
}

/// Returns the Identity's Devices
#[utoipa::path(
    get,
    path = "/identityGroups/{groupId}/identities/{id}/devices",
    tag = "Identity",
    operation_id = "listIdentityDevices",
    params(IdentityPath),
    responses(
        (status = 200, description = "Devices returned", body = Vec<Device>),
        (status = 404, description = "Identity not found", body = ApiErrorBody),
    )
)]
pub async fn list_identity_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IdentityPath>,
    base: BaseUrl,
) -> Result<Json<Vec<Device>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let row = repo::find_identity(&mut *conn, &ctx.tenant_id, p.group_id, p.id)
        .await?
        .ok_or_else(|| identities::not_found(p.id))?;
    let views = identities::views(&mut conn, &ctx.tenant_id, vec![row], &base).await?;
    Ok(Json(views.into_iter().flat_map(|v| v.devices).collect()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct DevicePath {
    /// Group id
    pub group_id: Uuid,
    /// Identity id
    pub id: Uuid,
    /// The MAC of the device
    pub mac_address: String,
}

/// Delete the Identity's Device
#[utoipa::path(
    delete,
    path = "/identityGroups/{groupId}/identities/{id}/devices/{macAddress}",
    tag = "Identity",
    operation_id = "deleteIdentityDevice",
    params(DevicePath),
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 404, description = "Identity or device not found", body = ApiErrorBody),
    )
)]
pub async fn delete_identity_device(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        identities::lock(&mut tx, &ctx.tenant_id, p.group_id, p.id).await?;
        identities::delete_device(&mut tx, &ctx.tenant_id, p.id, &p.mac_address).await?;
        Ok(Some(p.id.to_string()))
    }
    .await;
    activity::settle(&state, &ctx, tx, "DeleteIdentityDevice", result).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct VenuePortsPath {
    /// Group id
    pub group_id: Uuid,
    /// Identity id
    pub id: Uuid,
    /// Venue id
    pub venue_id: String,
}

/// Update the Identity's Ethernet Ports
#[utoipa::path(
    put,
    path = "/identityGroups/{groupId}/identities/{id}/venues/{venueId}/ethernetPorts",
    tag = "Identity",
    operation_id = "updateIdentityEthernetPorts",
    params(VenuePortsPath),
    request_body(content((EthernetPortsBody = JSON), (EthernetPortsBody = V1))),
    responses(
        (status = 202, description = "Request accepted", content((Accepted = JSON), (Accepted = V1))),
        (status = 400, description = "Invalid Identity", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Identity not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 409, description = "A port belongs to another identity", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn update_identity_ethernet_ports(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<VenuePortsPath>,
    Json(body): Json<EthernetPortsBody>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        let ports = identities::checked_ports(body.into_ports())?;
        identities::lock(&mut tx, &ctx.tenant_id, p.group_id, p.id).await?;
        identities::replace_ports(&mut tx, &ctx.tenant_id, p.id, &p.venue_id, &ports).await?;
        Ok::<_, ApiError>(Some(p.id.to_string()))
    }
    .await;
    activity::settle(&state, &ctx, tx, "UpdateIdentityEthernetPorts", result).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct PortPath {
    /// Group id
    pub group_id: Uuid,
    /// Identity id
    pub id: Uuid,
    /// The MAC address of the ethernet port
    pub mac_address: String,
    /// The index of the port
    pub port_index: i32,
}

/// Delete the Identity's Ethernet Port
#[utoipa::path(
    delete,
    path = "/identityGroups/{groupId}/identities/{id}/ethernetPorts/{macAddress}/{portIndex}",
    tag = "Identity",
    operation_id = "deleteIdentityEthernetPort",
    params(PortPath),
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 404, description = "Identity or port not found", body = ApiErrorBody),
    )
)]
pub async fn delete_identity_ethernet_port(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PortPath>,
) -> Result<Accepted, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = async {
        identities::lock(&mut tx, &ctx.tenant_id, p.group_id, p.id).await?;
        identities::delete_port(&mut tx, &ctx.tenant_id, p.id, &p.mac_address, p.port_index)
            .await?;
        Ok(Some(p.id.to_string()))
    }
    .await;
    activity::settle(&state, &ctx, tx, "DeleteIdentityEthernetPort", result).await
}

/// Retry VNI Allocation for Identity
#[utoipa::path(
    delete,
    path = "/identityGroups/{groupId}/identities/{id}/vnis",
    tag = "Identity",
    operation_id = "allocateIdentityVni",
    params(IdentityPath),
    responses(
        (status = 200, description = "The retry has been executed successfully", content((Object = JSON), (Object = V1))),
        (status = 400, description = "The request is invalid", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 403, description = "No VNI is free for the tenant", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Identity not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn allocate_identity_vni(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<IdentityPath>,
) -> Result<Json<Value>, ApiError> {
    let mut tx = state.db.begin().await?;
    identities::retry_vni(&mut tx, &ctx.tenant_id, p.group_id, p.id).await?;
    tx.commit().await?;
    Ok(Json(json!({})))
}

/// Returns Identities in All Groups
#[utoipa::path(
    get,
    path = "/identities",
    tag = "Identity",
    operation_id = "listIdentities",
    params(Pageable),
    responses(
        (status = 200, description = "Identities in all groups", content((Page<Identity> = JSON), (Page<Identity> = V1))),
    )
)]
pub async fn list_identities(
    State(state): State<AppState>,
    ctx: TenantCtx,
    pageable: Pageable,
    base: BaseUrl,
) -> Result<Json<Page<Identity>>, ApiError> {
    let filter = IdentityFilter::default();
    Ok(Json(
        page(&state, &ctx.tenant_id, &filter, &pageable, &base).await?,
    ))
}

/// Query Identities
#[utoipa::path(
    post,
    path = "/identities/query",
    tag = "Identity",
    operation_id = "queryIdentity",
    params(Pageable),
    request_body(content((IdentitySearch = JSON), (IdentitySearch = V1))),
    responses(
        (status = 200, description = "Identities found", content((Page<Identity> = JSON), (Page<Identity> = V1))),
        (status = 400, description = "Invalid condition", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn query_identity(
    State(state): State<AppState>,
    ctx: TenantCtx,
    pageable: Pageable,
    base: BaseUrl,
    Json(search): Json<IdentitySearch>,
) -> Result<Json<Page<Identity>>, ApiError> {
    let filter = filter_of(search)?;
    Ok(Json(
        page(&state, &ctx.tenant_id, &filter, &pageable, &base).await?,
    ))
}

/// Export Identities Into File
#[utoipa::path(
    post,
    path = "/identities/csvFile",
    tag = "Identity",
    operation_id = "exportIdentitiesCsv",
    params(Pageable, ExportParams),
    request_body = IdentitySearch,
    responses(
        (status = 200, description = "The CSV returned", content_type = "text/csv", body = String),
        (status = 400, description = "Invalid condition", body = ApiErrorBody),
    )
)]
pub async fn export_identities_csv(
    State(state): State<AppState>,
    ctx: TenantCtx,
    pageable: Pageable,
    Query(params): Query<ExportParams>,
    Json(search): Json<IdentitySearch>,
) -> Result<Response, ApiError> {
    let dates = params.dates()?;
    let order = pageable.order(repo::IDENTITY_SORT, repo::default_identity_order())?;
    let filter = filter_of(search)?;
    let mut conn = state.db.acquire().await?;
    // The file holds every matching identity; the pageable only sorts.
    let (_, rows) =
        repo::search_identities(&mut conn, &ctx.tenant_id, &filter, &order, None, 0).await?;
    Ok(csv_response(
        "identities.csv",
        csv_io::export_identities(&rows, &dates),
    ))
}

/// Query External Identities
#[utoipa::path(
    post,
    path = "/externalIdentities/query",
    tag = "External Identity",
    operation_id = "queryExternalIdentity",
    params(Pageable),
    request_body(content((ExternalIdentitySearch = JSON), (ExternalIdentitySearch = V1))),
    responses(
        (status = 200, description = "External identities found", content((Page<ExternalIdentity> = JSON), (Page<ExternalIdentity> = V1))),
    )
)]
pub async fn query_external_identity(
    _ctx: TenantCtx,
    pageable: Pageable,
    Json(_search): Json<ExternalIdentitySearch>,
) -> Result<Json<Page<ExternalIdentity>>, ApiError> {
    // r1 connects no identity provider (SAML, AD, LDAP), so no external
    // identity exists; the page is empty (docs/behaviour/identity.md).
    let order = pageable.order(
        &[("createdAt", "created_at")],
        Order::by("created_at", false),
    )?;
    Ok(Json(Page::new(Vec::new(), 0, &pageable, &order)))
}
