//! Identity group operations.

use axum::{extract::State, response::Response};
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    csv_http::{csv_attachment, TEXT_CSV},
    export_dates::ExportParams,
    extract::{Json, Path, Query},
    hal::BaseUrl,
    loaded::Loaded,
    media::{JSON, V1},
    pagination::{Page, Pageable},
    use_case::run,
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{GroupIdPath, IdentityExport};
use crate::{
    csv_io,
    groups::{self, Association},
    model::{
        ApiErrorBody, IdentityGroup, IdentityGroupCreate, IdentityGroupPatch, IdentityGroupSearch,
    },
    repo::{self, GroupFilter, GroupRow},
};

fn filter_of(s: IdentityGroupSearch) -> GroupFilter {
    GroupFilter {
        keyword: s.keyword.filter(|k| !k.trim().is_empty()),
        group_ids: s.group_ids,
        dpsk_pool_id: s.dpsk_pool_id,
        mac_registration_pool_id: s.mac_registration_pool_id,
        policy_set_id: s.policy_set_id,
        property_id: s.property_id,
        certificate_template_id: s.certificate_template_id,
        unmatchable: s.personal_identity_network_id.is_some() || s.network_id.is_some(),
    }
}

async fn page(
    state: &AppState,
    tenant_id: &str,
    filter: &GroupFilter,
    pageable: &Pageable,
    base: &BaseUrl,
) -> Result<Page<IdentityGroup>, ApiError> {
    let order = pageable.order(repo::GROUP_SORT, repo::default_group_order())?;
    let mut conn = state.db.acquire().await?;
    let (total, rows) = repo::search_groups(
        &mut conn,
        tenant_id,
        filter,
        &order,
        pageable.limit(),
        pageable.offset(),
    )
    .await?;
    let content = rows
        .into_iter()
        .map(|g| IdentityGroup::from_row(g, base))
        .collect();
    Ok(Page::new(content, total, pageable, &order))
}

/// Create an Identity Group
#[utoipa::path(
    post,
    path = "/identityGroups",
    tag = "Identity Group",
    operation_id = "createIdentityGroup",
    request_body = IdentityGroupCreate,
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 400, description = "Invalid group supplied", body = ApiErrorBody),
        (status = 409, description = "A group with that name exists", body = ApiErrorBody),
    )
)]
pub async fn create_group(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<IdentityGroupCreate>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "CreateIdentityGroup", async |tx| {
        groups::create(tx, &ctx.tenant_id, body).await
    })
    .await
}

/// Returns the Identity Groups
#[utoipa::path(
    get,
    path = "/identityGroups",
    tag = "Identity Group",
    operation_id = "getGroups",
    params(Pageable),
    responses(
        (status = 200, description = "The Identity Groups", content((Page<IdentityGroup> = JSON), (Page<IdentityGroup> = V1))),
    )
)]
pub async fn get_groups(
    State(state): State<AppState>,
    ctx: TenantCtx,
    pageable: Pageable,
    base: BaseUrl,
) -> Result<Json<Page<IdentityGroup>>, ApiError> {
    let filter = GroupFilter::default();
    Ok(Json(
        page(&state, &ctx.tenant_id, &filter, &pageable, &base).await?,
    ))
}

/// Query the Identity Groups
#[utoipa::path(
    post,
    path = "/identityGroups/query",
    tag = "Identity Group",
    operation_id = "searchGroups",
    params(Pageable),
    request_body(content((IdentityGroupSearch = JSON), (IdentityGroupSearch = V1))),
    responses(
        (status = 200, description = "The Identity Groups", content((Page<IdentityGroup> = JSON), (Page<IdentityGroup> = V1))),
    )
)]
pub async fn search_groups(
    State(state): State<AppState>,
    ctx: TenantCtx,
    pageable: Pageable,
    base: BaseUrl,
    Json(search): Json<IdentityGroupSearch>,
) -> Result<Json<Page<IdentityGroup>>, ApiError> {
    let filter = filter_of(search);
    Ok(Json(
        page(&state, &ctx.tenant_id, &filter, &pageable, &base).await?,
    ))
}

/// Export Identity Groups Into File
#[utoipa::path(
    post,
    path = "/identityGroups/csvFile",
    tag = "Identity Group",
    operation_id = "exportGroupsCSV",
    params(Pageable, ExportParams<IdentityExport>),
    request_body(content((IdentityGroupSearch = JSON), (IdentityGroupSearch = V1))),
    responses((status = 200, description = "The CSV returned", content_type = "text/csv", body = String))
)]
pub async fn export_groups_csv(
    State(state): State<AppState>,
    ctx: TenantCtx,
    pageable: Pageable,
    Query(params): Query<ExportParams<IdentityExport>>,
    Json(search): Json<IdentityGroupSearch>,
) -> Result<Response, ApiError> {
    let dates = params.dates()?;
    let order = pageable.order(repo::GROUP_SORT, repo::default_group_order())?;
    let filter = filter_of(search);
    let mut conn = state.db.acquire().await?;
    // The file holds every matching group; the pageable only sorts.
    let (_, rows) =
        repo::search_groups(&mut conn, &ctx.tenant_id, &filter, &order, i64::MAX, 0).await?;
    let file = csv_io::export_groups(&rows, &dates);
    Ok(csv_attachment(TEXT_CSV, "identityGroups.csv", file))
}

/// Returns the Specific Identity Group
#[utoipa::path(
    get,
    path = "/identityGroups/{id}",
    tag = "Identity Group",
    operation_id = "getGroupById",
    params(GroupIdPath),
    responses(
        (status = 200, description = "Group found", content((IdentityGroup = JSON), (IdentityGroup = V1))),
        (status = 400, description = "Invalid id supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Group not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn get_group_by_id(
    Loaded(group, _): Loaded<GroupRow, GroupIdPath>,
    base: BaseUrl,
) -> Json<IdentityGroup> {
    Json(IdentityGroup::from_row(group, &base))
}

/// Update the Identity Group
#[utoipa::path(
    patch,
    path = "/identityGroups/{id}",
    tag = "Identity Group",
    operation_id = "updateIdentityGroup",
    params(GroupIdPath),
    request_body = IdentityGroupPatch,
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 400, description = "Invalid group supplied", body = ApiErrorBody),
        (status = 404, description = "Group not found", body = ApiErrorBody),
        (status = 409, description = "A group with that name exists", body = ApiErrorBody),
    )
)]
pub async fn update_group(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupIdPath>,
    Json(patch): Json<IdentityGroupPatch>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdateIdentityGroup", async |tx| {
        groups::update(tx, &ctx.tenant_id, p.id, patch).await
    })
    .await
}

/// Delete the Identity Group
#[utoipa::path(
    delete,
    path = "/identityGroups/{id}",
    tag = "Identity Group",
    operation_id = "deleteIdentityGroup",
    params(GroupIdPath),
    responses(
        (status = 202, description = "Request accepted", body = Accepted),
        (status = 404, description = "Group not found", body = ApiErrorBody),
        (status = 422, description = "The group still has identities", body = ApiErrorBody),
    )
)]
pub async fn delete_group(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<GroupIdPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "DeleteIdentityGroup", async |tx| {
        groups::delete(tx, &ctx.tenant_id, p.id).await
    })
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct PolicySetPath {
    /// Group id
    pub id: Uuid,
    /// Policy set id
    pub policy_set_id: String,
}

/// Update the Policy Set Association
#[utoipa::path(
    put,
    path = "/identityGroups/{id}/policySets/{policySetId}",
    tag = "Identity Group",
    operation_id = "updatePolicySetAssociation",
    params(PolicySetPath),
    responses(
        (status = 202, description = "Request accepted", content((Accepted = JSON), (Accepted = V1))),
        (status = 400, description = "Invalid id or change supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Group not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn update_policy_set_association(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PolicySetPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdatePolicySetAssociation", async |tx| {
        let value = Some(p.policy_set_id);
        groups::associate(tx, &ctx.tenant_id, p.id, Association::PolicySet, value).await
    })
    .await
}

/// Remove the Policy Set Association
#[utoipa::path(
    delete,
    path = "/identityGroups/{id}/policySets/{policySetId}",
    tag = "Identity Group",
    operation_id = "removePolicySetAssociation",
    params(PolicySetPath),
    responses(
        (status = 202, description = "Request accepted", content((Accepted = JSON), (Accepted = V1))),
        (status = 400, description = "Invalid id or change supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Group not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn remove_policy_set_association(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<PolicySetPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "RemovePolicySetAssociation", async |tx| {
        groups::remove_policy_set(tx, &ctx.tenant_id, p.id, &p.policy_set_id).await
    })
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct MacRegistrationPoolPath {
    /// Group id
    pub id: Uuid,
    /// MAC registration pool id
    pub pool_id: String,
}

/// Update the MAC Registration Association
#[utoipa::path(
    put,
    path = "/identityGroups/{id}/macRegistrationPools/{poolId}",
    tag = "Identity Group",
    operation_id = "updateMacRegistrationAssociation",
    params(MacRegistrationPoolPath),
    responses(
        (status = 202, description = "Request accepted", content((Accepted = JSON), (Accepted = V1))),
        (status = 400, description = "Invalid id or change supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Group not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn update_mac_registration_association(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<MacRegistrationPoolPath>,
) -> Result<Accepted, ApiError> {
    run(
        &state,
        &ctx,
        "UpdateMacRegistrationAssociation",
        async |tx| {
            let (which, value) = (Association::MacRegistrationPool, Some(p.pool_id));
            groups::associate(tx, &ctx.tenant_id, p.id, which, value).await
        },
    )
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct DpskPoolPath {
    /// Group id
    pub id: Uuid,
    /// DPSK pool id
    pub dpsk_pool_id: String,
}

/// Update the DPSK Pool Association
#[utoipa::path(
    put,
    path = "/identityGroups/{id}/dpskPools/{dpskPoolId}",
    tag = "Identity Group",
    operation_id = "updateDpskPoolAssociation",
    params(DpskPoolPath),
    responses(
        (status = 202, description = "Request accepted", content((Accepted = JSON), (Accepted = V1))),
        (status = 400, description = "Invalid id or change supplied", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
        (status = 404, description = "Group or pool not found", content((ApiErrorBody = JSON), (ApiErrorBody = V1))),
    )
)]
pub async fn update_dpsk_pool_association(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DpskPoolPath>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdateDpskPoolAssociation", async |tx| {
        groups::associate_dpsk_pool(tx, &ctx.tenant_id, p.id, &p.dpsk_pool_id).await
    })
    .await
}
