//! Identity operations: identities, their devices, ethernet ports and VNI,
//! the cross-group list and query, CSV, and external identities.

use axum::{extract::State, response::Response};
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    csv_http::{csv_attachment, CsvUpload, TEXT_CSV},
    export_dates::ExportParams,
    extract::{Json, Path, Query},
    hal::BaseUrl,
    loaded::Loaded,
    media::{JSON, V1},
    pagination::{Order, Page, Pageable},
    use_case::run,
    ApiError, AppState,
};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;
use uuid::Uuid;

use super::{GroupPath, IdentityExport, IdentityPath};
use crate::{
    csv_io, identities,
    model::{
        ApiErrorBody, Device, DeviceCreate, EthernetPortsBody, ExternalIdentity,
        ExternalIdentitySearch, Identity, IdentityCreate, IdentityPatch, IdentitySearch,
    },
    repo::{self, GroupRow, IdentityFilter, IdentityRow},
};

async fn page(
    state: &AppState,
    tenant_id: &str,
    filter: &IdentityFilter,
    pageable: &Pageable,
    base: &BaseUrl,
) -> Result<Page<Identity>, ApiError> {
    let order = pageable.order(repo::IDENTITY_SORT, repo::default_identity_order())?;
    let mut conn = state.db.acquire().await?;
    let (total, rows) = repo::identity_page(
        &mut conn,
        &state.totals,
        tenant_id,
        filter,
        &order,
        pageable.slice(),
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
    run(&state, &ctx, "CreateIdentity", async |tx| {
        identities::create(tx, &ctx.tenant_id, p.group_id, body).await
    })
    .await
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
    Loaded(group, _): Loaded<GroupRow, GroupPath>,
    pageable: Pageable,
    base: BaseUrl,
) -> Result<Json<Page<Identity>>, ApiError> {
    let filter = IdentityFilter {
        group_id: Some(group.id),
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
    run(&state, &ctx, "DeleteIdentities", async |tx| {
        identities::delete(tx, &ctx.tenant_id, p.group_id, &ids).await
    })
    .await
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
    CsvUpload(file): CsvUpload,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "ImportIdentities", async |tx| {
        identities::import(tx, &ctx.tenant_id, p.group_id, &file).await
    })
    .await
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
    Loaded(identity, _): Loaded<IdentityRow, IdentityPath>,
    base: BaseUrl,
) -> Result<Json<Identity>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let id = identity.id;
    let mut views = identities::views(&mut conn, &ctx.tenant_id, vec![identity], &base).await?;
    views
        .pop()
        .map(Json)
        .ok_or_else(|| identities::not_found(id))
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
    run(&state, &ctx, "UpdateIdentity", async |tx| {
        identities::update(tx, &ctx.tenant_id, p.group_id, p.id, patch).await
    })
    .await
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
    run(&state, &ctx, "DeleteIdentity", async |tx| {
        identities::delete(tx, &ctx.tenant_id, p.group_id, &[p.id]).await?;
        Ok(p.id)
    })
    .await
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
    run(&state, &ctx, "AddIdentityDevices", async |tx| {
        let macs: Vec<String> = devices.into_iter().map(|d| d.mac_address).collect();
        identities::add_identity_devices(tx, &ctx.tenant_id, p.group_id, p.id, &macs).await
    })
    .await
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
    Loaded(identity, _): Loaded<IdentityRow, IdentityPath>,
    base: BaseUrl,
) -> Result<Json<Vec<Device>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let views = identities::views(&mut conn, &ctx.tenant_id, vec![identity], &base).await?;
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
    run(&state, &ctx, "DeleteIdentityDevice", async |tx| {
        let mac = &p.mac_address;
        identities::delete_identity_device(tx, &ctx.tenant_id, p.group_id, p.id, mac).await
    })
    .await
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
    run(&state, &ctx, "UpdateIdentityEthernetPorts", async |tx| {
        let (venue, ports) = (&p.venue_id, body.into_ports());
        identities::update_ethernet_ports(tx, &ctx.tenant_id, p.group_id, p.id, venue, ports).await
    })
    .await
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
    run(&state, &ctx, "DeleteIdentityEthernetPort", async |tx| {
        let (mac, index) = (&p.mac_address, p.port_index);
        identities::delete_ethernet_port(tx, &ctx.tenant_id, p.group_id, p.id, mac, index).await
    })
    .await
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
    let filter = identities::search_filter(search)?;
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
    params(Pageable, ExportParams<IdentityExport>),
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
    Query(params): Query<ExportParams<IdentityExport>>,
    Json(search): Json<IdentitySearch>,
) -> Result<Response, ApiError> {
    let dates = params.dates()?;
    let order = pageable.order(repo::IDENTITY_SORT, repo::default_identity_order())?;
    let filter = identities::search_filter(search)?;
    let mut conn = state.db.acquire().await?;
    // The file holds every matching identity; the pageable only sorts.
    let rows = repo::search_identities(&mut conn, &ctx.tenant_id, &filter, &order).await?;
    let file = csv_io::export_identities(&rows, &dates);
    Ok(csv_attachment(TEXT_CSV, "identities.csv", file))
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
