//! The deprecated `/mspCustomers/...` paths the vendor still serves
//! (CONTRACT.md): each is an older path for an operation of the bundle and
//! runs the same use case over the same state.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path},
    media::JSON,
    ApiError, AppState,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{accepted, accepted_id};
use crate::{
    admins, branding, customers, delegations, firmware,
    model::{
        AddMspEcRequestV1_4, AssignMspEcToMultipleTechPartners, AssignedMspAdminsRequest,
        EmailInvitation, FirmwareUpgradeRequest, MspAdminRequest, MspAdminRoleView,
        MspEcAccountView, MspEcAdminView, ResponseBo, RestErrorResponse, UpdateMspEcAdminRequest,
        UpdateMspEcRequest,
    },
    ownership,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct CustomerPath {
    pub customer_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct CustomerAdminPath {
    pub customer_id: String,
    pub admin_id: String,
}

/// Retrieve Managed Tenants (deprecated)
#[utoipa::path(get, path = "/mspCustomers", tag = "Managed-Tenant Operations", operation_id = "getMspEcAccountList",
    responses((status = 200, description = "Ok", content((Vec<MspEcAccountView> = JSON))),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn get_msp_ec_account_list(
    State(state): State<AppState>,
    ctx: TenantCtx,
) -> Result<Json<Vec<MspEcAccountView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        customers::list(&mut conn, &ctx.caller_tenant_id).await?,
    ))
}

/// Add Managed Tenant (deprecated)
#[utoipa::path(post, path = "/mspCustomers", tag = "Managed-Tenant Operations", operation_id = "createMspEcAccountV3",
    request_body(content((AddMspEcRequestV1_4 = JSON))),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn create_msp_ec_account_v3(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<AddMspEcRequestV1_4>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = customers::create(&mut tx, &ctx.caller_tenant_id, &[body]).await;
    let result = result.map(|ids| ids.first().cloned());
    accepted(&state, &ctx, tx, "CreateMspEcTenant", result).await
}

/// Retrieve Managed Tenant (deprecated)
#[utoipa::path(get, path = "/mspCustomers/{customerId}", tag = "Managed-Tenant Operations", operation_id = "getMspEcAccount",
    params(CustomerPath),
    responses((status = 200, description = "Ok", content((MspEcAccountView = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_ec_account(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<MspEcAccountView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let c = ownership::visible(&mut conn, &ctx.caller_tenant_id, &p.customer_id).await?;
    Ok(Json(customers::view(&mut conn, c).await?))
}

/// Update Managed Tenant (deprecated)
#[utoipa::path(put, path = "/mspCustomers/{customerId}", tag = "Managed-Tenant Operations", operation_id = "updateMspEcAccount",
    params(CustomerPath), request_body(content((UpdateMspEcRequest = JSON))),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn update_msp_ec_account(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
    Json(body): Json<UpdateMspEcRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = customers::update(&mut tx, &ctx.caller_tenant_id, &p.customer_id, &body).await;
    let result = result.map(|_| Some(p.customer_id.clone()));
    accepted(&state, &ctx, tx, "UpdateMspEcTenant", result).await
}

/// Remove Managed Tenant (deprecated)
#[utoipa::path(delete, path = "/mspCustomers/{customerId}", tag = "Managed-Tenant Operations", operation_id = "deleteMspEcAccount",
    params(CustomerPath),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn delete_msp_ec_account(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = customers::delete(&mut tx, &ctx.caller_tenant_id, &p.customer_id).await;
    let result = result.map(|_| Some(p.customer_id.clone()));
    accepted(&state, &ctx, tx, "DeleteMspEcTenant", result).await
}

/// Whether a managed tenant is active.
#[derive(Debug, Serialize, ToSchema)]
pub struct MspEcActivationStatus {
    pub tenant_id: String,
    pub is_active: bool,
}

/// Retrieve Activation Status (deprecated)
#[utoipa::path(get, path = "/mspCustomers/{customerId}/activationStatus", tag = "Reactivation and Deactivation",
    operation_id = "getMspEcActivationStatus", params(CustomerPath),
    responses((status = 200, description = "Ok", content((MspEcActivationStatus = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_ec_activation_status(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<MspEcActivationStatus>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let c = ownership::owned(&mut conn, &ctx.caller_tenant_id, &p.customer_id).await?;
    let view = customers::view(&mut conn, c).await?;
    Ok(Json(MspEcActivationStatus {
        tenant_id: view.tenant_id,
        is_active: view.is_active == "true",
    }))
}

fn support(enabled: bool) -> Json<String> {
    Json(if enabled { "ENABLED" } else { "DISABLED" }.to_string())
}

/// Retrieve Support Status (deprecated)
#[utoipa::path(get, path = "/mspCustomers/{customerId}/delegations", tag = "Support Team Assistance",
    operation_id = "getRuckusSupportStatus_1", params(CustomerPath),
    responses((status = 200, description = "ENABLED or DISABLED", content((String = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_ruckus_support_status_1(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<String>, ApiError> {
    let mut conn = state.db.acquire().await?;
    ownership::owned(&mut conn, &ctx.caller_tenant_id, &p.customer_id).await?;
    Ok(support(
        customers::support_enabled(&mut conn, &p.customer_id).await?,
    ))
}

/// Enable Support (deprecated)
#[utoipa::path(post, path = "/mspCustomers/{customerId}/delegations", tag = "Support Team Assistance",
    operation_id = "enableRuckusSupport", params(CustomerPath),
    responses((status = 200, description = "ENABLED", content((String = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn enable_ruckus_support(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<String>, ApiError> {
    let mut tx = state.db.begin().await?;
    let on = customers::set_support(&mut tx, &ctx.caller_tenant_id, &p.customer_id, true).await?;
    tx.commit().await?;
    Ok(support(on))
}

/// Disable Support (deprecated)
#[utoipa::path(delete, path = "/mspCustomers/{customerId}/delegations", tag = "Support Team Assistance",
    operation_id = "disableRuckusSupport", params(CustomerPath),
    responses((status = 200, description = "DISABLED", content((String = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn disable_ruckus_support(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<String>, ApiError> {
    let mut tx = state.db.begin().await?;
    let on = customers::set_support(&mut tx, &ctx.caller_tenant_id, &p.customer_id, false).await?;
    tx.commit().await?;
    Ok(support(on))
}

/// Set Firmware Upgrade Schedules (deprecated)
#[utoipa::path(post, path = "/mspCustomers/firmwareUpgradeSchedules", tag = "Manage Firmware Upgrade Schedules",
    operation_id = "mspFirmwareUpgrade", request_body(content((FirmwareUpgradeRequest = JSON))),
    responses((status = 202, description = "Accepted", content((String = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn msp_firmware_upgrade(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<FirmwareUpgradeRequest>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = firmware::set(&mut tx, &ctx.caller_tenant_id, &body).await;
    accepted_id(&state, &ctx, tx, "SetFirmwareUpgradeSchedule", result).await
}

/// Assign Customers to Tech Partners (deprecated)
#[utoipa::path(patch, path = "/mspCustomers/delegations", tag = "Tenant Delegation Management",
    operation_id = "assignMspEcToMultipleTechPartner",
    request_body(content((AssignMspEcToMultipleTechPartners = JSON))),
    responses((status = 202, description = "Accepted", content((String = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn assign_msp_ec_to_multiple_tech_partner(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<AssignMspEcToMultipleTechPartners>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let entries = body.assign_delegated_request.unwrap_or_default();
    let result = delegations::patch(&mut tx, &ctx.caller_tenant_id, &entries).await;
    accepted_id(&state, &ctx, tx, "PatchTenantDelegations", result).await
}

/// Assign Administrators (deprecated)
#[utoipa::path(patch, path = "/mspCustomers/mspAdmins/associations", tag = "Admin Delegation Management",
    operation_id = "mspAdminAssociation", request_body(content((MspAdminRequest = JSON))),
    responses((status = 202, description = "Accepted", content((String = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 403, description = "The caller is not an MSP", body = RestErrorResponse)))]
pub async fn msp_admin_association(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<MspAdminRequest>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let associations = body.associations.unwrap_or_default();
    let result = delegations::patch_admins(&mut tx, &ctx.caller_tenant_id, &associations).await;
    accepted_id(&state, &ctx, tx, "PatchAdminDelegations", result).await
}

/// Retrieve Administrators (deprecated): with `x-rks-tenantid` set to the
/// customer, as live clients call it.
#[utoipa::path(get, path = "/mspCustomers/{customerId}/admins", tag = "Admin Delegation Management",
    operation_id = "getMspEcAdminList", params(CustomerPath),
    responses((status = 200, description = "Ok", content((Vec<MspEcAdminView> = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_ec_admin_list(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<Vec<MspEcAdminView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        admins::list(&mut conn, &ctx.caller_tenant_id, &p.customer_id).await?,
    ))
}

/// Retrieve Administrator (deprecated)
#[utoipa::path(get, path = "/mspCustomers/{customerId}/admins/{adminId}", tag = "Admin Delegation Management",
    operation_id = "getMspEcAdmin", params(CustomerAdminPath),
    responses((status = 200, description = "Ok", content((MspEcAdminView = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_ec_admin(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerAdminPath>,
) -> Result<Json<MspEcAdminView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        admins::get(
            &mut conn,
            &ctx.caller_tenant_id,
            &p.customer_id,
            &p.admin_id,
        )
        .await?,
    ))
}

/// Update Administrator (deprecated)
#[utoipa::path(put, path = "/mspCustomers/{customerId}/admins/{adminId}", tag = "Admin Delegation Management",
    operation_id = "updateMspEcAdmin", params(CustomerAdminPath),
    request_body(content((UpdateMspEcAdminRequest = JSON))),
    responses((status = 204, description = "No Content"),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn update_msp_ec_admin(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerAdminPath>,
    Json(body): Json<UpdateMspEcAdminRequest>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    admins::update(
        &mut tx,
        &ctx.caller_tenant_id,
        &p.customer_id,
        &p.admin_id,
        &body,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove Administrator (deprecated)
#[utoipa::path(delete, path = "/mspCustomers/{customerId}/admins/{adminId}", tag = "Admin Delegation Management",
    operation_id = "deleteMspEcAdmin", params(CustomerAdminPath),
    responses((status = 204, description = "No Content"),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn delete_msp_ec_admin(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerAdminPath>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    admins::delete(&mut tx, &ctx.caller_tenant_id, &p.customer_id, &p.admin_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn put_admins(
    state: &AppState,
    ctx: &TenantCtx,
    customer: &str,
    body: AssignedMspAdminsRequest,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let mut tx = state.db.begin().await?;
    let msp = ctx.caller_tenant_id.clone();
    let roles = body.mspec_list.unwrap_or_default();
    let result = async {
        ownership::owned(&mut tx, &msp, customer).await?;
        delegations::put_admins(&mut tx, &msp, customer, &roles, true).await?;
        Ok(Some(customer.to_string()))
    }
    .await;
    accepted(state, ctx, tx, "UpdateDelegatedAdmins", result).await
}

/// Retrieve Assigned MSP Administrators (deprecated)
#[utoipa::path(get, path = "/mspCustomers/{customerId}/mspadmins", tag = "Admin Delegation Management",
    operation_id = "getMspDelegatedAdmins", params(CustomerPath),
    responses((status = 200, description = "Ok", content((Vec<MspAdminRoleView> = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_delegated_admins(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<Vec<MspAdminRoleView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    ownership::owned(&mut conn, &ctx.caller_tenant_id, &p.customer_id).await?;
    Ok(Json(
        delegations::admins_of(&mut conn, &p.customer_id).await?,
    ))
}

/// Assign MSP Administrators (deprecated)
#[utoipa::path(put, path = "/mspCustomers/{customerId}/mspadmins", tag = "Admin Delegation Management",
    operation_id = "updateMspDelegatedAdmins", params(CustomerPath),
    request_body(content((AssignedMspAdminsRequest = JSON))),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse)))]
pub async fn update_msp_delegated_admins(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
    Json(body): Json<AssignedMspAdminsRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    put_admins(&state, &ctx, &p.customer_id, body).await
}

/// Assign Delegator Administrators (deprecated): the same assignment as
/// `mspadmins` (docs/behaviour/msp.md).
#[utoipa::path(put, path = "/mspCustomers/{customerId}/delegatorAdmins", tag = "Admin Delegation Management",
    operation_id = "updateDelegatorAdmins", params(CustomerPath),
    request_body(content((AssignedMspAdminsRequest = JSON))),
    responses((status = 202, description = "Accepted", content((ResponseBo = JSON))),
              (status = 400, description = "Bad Request", body = RestErrorResponse)))]
pub async fn update_delegator_admins(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
    Json(body): Json<AssignedMspAdminsRequest>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    put_admins(&state, &ctx, &p.customer_id, body).await
}

/// Send Invitation (deprecated)
#[utoipa::path(post, path = "/mspCustomers/{customerId}/invitations", tag = "Resend email Invitation",
    operation_id = "sendInvitationEmail_1", params(CustomerPath),
    request_body(content((EmailInvitation = JSON))),
    responses((status = 204, description = "No Content"),
              (status = 400, description = "Bad Request", body = RestErrorResponse),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn send_invitation_email_1(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
    Json(body): Json<EmailInvitation>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    let resend = body.resend.unwrap_or(false);
    let email = body.admin_email.as_deref();
    customers::invite(
        &mut tx,
        &ctx.caller_tenant_id,
        &p.customer_id,
        email,
        resend,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The customer's portal logos: the MSP's brand logos as download paths.
#[derive(Debug, Serialize, ToSchema)]
pub struct MspEcLogoUrls {
    pub logo_url: Option<String>,
    pub default_logo_url: Option<String>,
    pub alarm_notification_logo_url: Option<String>,
    pub ping_notification_logo_url: Option<String>,
}

/// Retrieve Logo URLs (deprecated)
#[utoipa::path(get, path = "/mspCustomers/{customerId}/logoUrls", tag = "Brand Settings",
    operation_id = "getMspEcLogoURL", params(CustomerPath),
    responses((status = 200, description = "Ok", content((MspEcLogoUrls = JSON))),
              (status = 404, description = "Not Found", body = RestErrorResponse)))]
pub async fn get_msp_ec_logo_url(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<CustomerPath>,
) -> Result<Json<MspEcLogoUrls>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let c = ownership::visible(&mut conn, &ctx.caller_tenant_id, &p.customer_id).await?;
    let settings = match branding::get(&mut conn, &c.msp_tenant_id).await {
        Ok(view) => view.settings,
        Err(ApiError::NotFound(_)) => Default::default(),
        Err(e) => return Err(e),
    };
    let url = |uuid: Option<String>| {
        uuid.filter(|u| !u.is_empty())
            .map(|u| format!("/logoFiles/{u}"))
    };
    Ok(Json(MspEcLogoUrls {
        logo_url: url(settings.logo_uuid),
        default_logo_url: url(settings.default_logo_uuid),
        alarm_notification_logo_url: url(settings.alarm_notification_logo_uuid),
        ping_notification_logo_url: url(settings.ping_notification_logo_uuid),
    }))
}
