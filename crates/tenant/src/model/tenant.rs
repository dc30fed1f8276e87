//! The tenant's record, its update, and the calling administrator's profile and account.

use super::*;

/// `Tenant`: what `GET /tenants/self` returns. `admins`,
/// `notificationRecipients`, `authentications` and `delegationsTo` only with
/// `deep=true`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlement_id: Option<String>,
    pub maintenance_state: bool,
    pub name: String,
    #[schema(required = true)]
    pub external_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admins: Option<Vec<Admin>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_recipients: Option<Vec<NotificationRecipient>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentications: Option<Vec<Authentication>>,
    pub account_tier: String,
    pub account_vertical: String,
    pub obsolete: bool,
    /// Branding of MSP tenants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msp: Option<Msp>,
    #[serde(rename = "tenantMFA")]
    pub tenant_mfa: TenantMFA,
    pub service_account: bool,
    pub in_maintenance: bool,
    pub account: Account,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferences: Option<String>,
    pub is_activated: bool,
    pub ruckus_user: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegations_to: Option<Vec<Delegation>>,
    /// The MSP of an MSP customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// `active`, `suspended`, `deleted` or `maintenance`.
    #[schema(value_type = TenantStatus)]
    pub status: String,
    #[schema(value_type = TenantType)]
    pub tenant_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribes: Option<String>,
    #[serde(flatten)]
    pub unset: TenantUnset,
}

/// Members of `Tenant` that r1 keeps no value for (ALM and Ping migration,
/// OEM, trial and enforcement dates): declared, always left out.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantUnset {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_modified_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintenance_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alm_activated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alm_activation_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alm_sys_account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alm_migration_flag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alm_migration_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oem_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade_group: Option<String>,
    #[serde(rename = "MspEcServiceDates", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub msp_ec_service_dates: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msp_ping_org_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregate_notifications: Option<bool>,
    #[serde(
        rename = "excludeecforAggregation",
        skip_serializing_if = "Option::is_none"
    )]
    pub excludeec_for_aggregation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ping_migrated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_trial: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_enforcement: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_enforcement_date: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantMFA {
    /// `ENABLED` or `DISABLED`.
    pub mfa_status: String,
    /// Never shown: recovery codes belong to the administrator's login.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<String>,
}

/// `Account`: where the tenant is.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax_number: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(rename = "mappingURL", skip_serializing_if = "Option::is_none")]
    pub mapping_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// `Msp`: an MSP's branding.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Msp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msp_label: Option<String>,
    #[serde(rename = "mspFQDN", skip_serializing_if = "Option::is_none")]
    pub msp_fqdn: Option<String>,
    #[serde(rename = "logoUUID", skip_serializing_if = "Option::is_none")]
    pub logo_uuid: Option<String>,
    #[serde(
        rename = "alarmNotificationLogoUUID",
        skip_serializing_if = "Option::is_none"
    )]
    pub alarm_notification_logo_uuid: Option<String>,
    #[serde(
        rename = "pingNotificationLogoUUID",
        skip_serializing_if = "Option::is_none"
    )]
    pub ping_notification_logo_uuid: Option<String>,
    #[serde(rename = "mlisaLogoUUID", skip_serializing_if = "Option::is_none")]
    pub mlisa_logo_uuid: Option<String>,
    #[serde(rename = "pingLoginLogoUUID", skip_serializing_if = "Option::is_none")]
    pub ping_login_logo_uuid: Option<String>,
    #[serde(rename = "defaultLogoUUID", skip_serializing_if = "Option::is_none")]
    pub default_logo_uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_support_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_support_behavior: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_case_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_case_behavior: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_open_case_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_open_case_behavior: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_password_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_disable_notification: Option<bool>,
}

/// `TenantDto`: what `PUT /tenants/self` may change. `requestId`,
/// `response`, `userName`, `missingAdminIds` and `newIdmId` are accepted and
/// ignored (docs/behaviour/tenant.md).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // the ignored members stay in the schema
pub struct TenantDto {
    pub new_idm_id: Option<String>,
    pub var: Option<bool>,
    pub tenant_name: Option<String>,
    /// `true`/`false` (or `ENABLED`/`DISABLED`).
    pub enable_mfa: Option<String>,
    pub enable_sa: Option<bool>,
    pub enable_beta: Option<bool>,
    pub enable_alpha: Option<bool>,
    pub entitlement_id: Option<String>,
    pub subscribes: Option<String>,
    pub request_id: Option<String>,
    pub response: Option<String>,
    pub user_name: Option<String>,
    pub missing_admin_ids: Option<Vec<String>>,
}

/// `APICallInfo`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct APICallInfo {
    pub request_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreferredNotifications {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_preferences: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_preferences: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
}

/// `UserProfile`: the calling administrator's profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_regions: Option<Vec<Region>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[schema(required = true, value_type = Option<DetailLevel>)]
    pub detail_level: Option<String>,
    #[schema(required = true, value_type = Option<DateFormat>)]
    pub date_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_date_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_dogfood: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge_beta: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_role_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_role_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privilege_group_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privilege_group_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub var: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub var_tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dogfood: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_notifications: Option<PreferredNotifications>,
}

/// `AccountInfo`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    pub account_name: String,
    pub account_sap_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_serial_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}
