//! The Tenant Management bundle's DTOs, named as the bundle names them.
//! Absent values are left out rather than sent as `null`: the bundle types
//! them as plain strings, booleans and objects.

#![allow(clippy::upper_case_acronyms)]

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// Schema-only enums: the fields stay strings, checked by `rules`, so a wrong
/// value gets a 400 naming the field; these give the OpenAPI document the
/// bundle's enums.
mod enums {
    #![allow(dead_code)]
    use serde::Serialize;
    use utoipa::ToSchema;

    macro_rules! schema_enum {
        ($name:ident { $($variant:ident = $value:tt),+ $(,)? }) => {
            #[derive(Serialize, ToSchema)]
            pub enum $name {
                $(#[serde(rename = $value)] $variant),+
            }
        };
    }

    schema_enum!(TenantType { Rec = "REC", Msp = "MSP", MspEc = "MSP_EC", Var = "VAR",
        MspNonVar = "MSP_NON_VAR", Unknown = "UNKNOWN", MspInstaller = "MSP_INSTALLER",
        MspIntegrator = "MSP_INTEGRATOR", MspRec = "MSP_REC" });
    schema_enum!(TenantStatus { Active = "active", Suspended = "suspended",
        Deleted = "deleted", Maintenance = "maintenance" });
    schema_enum!(DetailLevel { Ba = "ba", It = "it", Su = "su", Debug = "debug" });
    schema_enum!(DateFormat { Mdy = "mm/dd/yyyy", Dmy = "dd/mm/yyyy", Ymd = "yyyy/mm/dd" });
    schema_enum!(DelegationType { Var = "VAR", Support = "SUPPORT", Msp = "MSP",
        SupportEc = "SUPPORT_EC", MspInstaller = "MSP_INSTALLER",
        MspIntegrator = "MSP_INTEGRATOR", Unknown = "UNKNOWN" });
    schema_enum!(DelegationStatus { Invited = "INVITED", Accepted = "ACCEPTED",
        Rejected = "REJECTED", Revoked = "REVOKED" });
    schema_enum!(AuthenticationType { Idm = "IDM", Saml = "SAML", Oath2Oidc = "OATH2_OIDC",
        Oauth2ClientCredentials = "OAUTH2_CLIENT_CREDENTIALS", Ldap = "LDAP",
        GoogleWorkspace = "GOOGLE_WORKSPACE" });
    schema_enum!(ClientIdStatus { Active = "ACTIVE", Revoked = "REVOKED" });
    schema_enum!(SamlFileType { DirectUrl = "DIRECT_URL", File = "FILE" });
    schema_enum!(EndpointStatus { Ok = "OK", Bounced = "BOUNCED" });
    schema_enum!(DelegatedRoleType { RksEc = "RKS_EC", MspEc = "MSP_EC" });
    schema_enum!(SortOrder { Asc = "ASC", Desc = "DESC" });
    schema_enum!(AdminSortField { Name = "name", Username = "username", Role = "role",
        AuthenticationType = "authenticationType" });
    schema_enum!(AdminSearchField { Name = "name", Username = "username" });
    schema_enum!(RecipientField { Name = "name", Email = "email", Mobile = "mobile" });
}
pub use enums::*;

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

/// `AdminView`: an administrator as listed, added and updated.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[schema(required = true)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// `PRIME_ADMIN`, `ADMIN`, `READ_ONLY` or `OFFICE_ADMIN`.
    #[schema(required = true)]
    pub role: Option<String>,
    #[serde(rename = "delegateToAllECs", skip_serializing_if = "Option::is_none")]
    pub delegate_to_all_ecs: Option<bool>,
    #[serde(rename = "delegatedECs", skip_serializing_if = "Option::is_none")]
    pub delegated_ecs: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DetailLevel>)]
    pub detail_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_id: Option<String>,
}

/// `Admin`: an administrator inside a tenant record and in write answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Admin {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    #[schema(value_type = DetailLevel)]
    pub detail_level: String,
    pub external_id: String,
    pub admin_roles: Vec<AdminRole>,
    pub admin_app_settings: Vec<Value>,
    #[schema(value_type = DateFormat)]
    pub date_format: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    pub local: bool,
    pub default_tenant: String,
    /// The identity provider the administrator logs in with; r1 has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub authentication: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminRole {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DelegatedRoleType>)]
    pub delegated_role_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub privilege_group: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// A query body, as both query operations take it: pages from 0 as Spring
/// counts them (docs/behaviour/tenant.md).
#[derive(Debug, Clone, Default)]
pub struct QueryRequest {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub sort_field: Option<String>,
    pub sort_order: Option<String>,
    pub search_target_fields: Option<Vec<String>>,
    pub search_string: Option<String>,
    pub filters: Option<serde_json::Map<String, Value>>,
}

macro_rules! query_request {
    ($name:ident, $sort:ty, $search:ty) => {
        #[derive(Debug, Clone, Default, Deserialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub page: Option<i64>,
            pub page_size: Option<i64>,
            #[schema(value_type = Option<$sort>)]
            pub sort_field: Option<String>,
            #[schema(value_type = Option<SortOrder>)]
            pub sort_order: Option<String>,
            #[schema(value_type = Option<Vec<$search>>)]
            pub search_target_fields: Option<Vec<String>>,
            pub search_string: Option<String>,
            #[schema(value_type = Option<Object>)]
            pub filters: Option<serde_json::Map<String, Value>>,
        }

        impl From<$name> for QueryRequest {
            fn from(q: $name) -> Self {
                QueryRequest {
                    page: q.page,
                    page_size: q.page_size,
                    sort_field: q.sort_field,
                    sort_order: q.sort_order,
                    search_target_fields: q.search_target_fields,
                    search_string: q.search_string,
                    filters: q.filters,
                }
            }
        }
    };
}

query_request!(AdminQueryRequest, AdminSortField, AdminSearchField);
query_request!(
    NotificationRecipientQueryRequest,
    RecipientField,
    RecipientField
);

/// `NotificationEndpointDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEndpointDTO {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `EMAIL` or `SMS`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<EndpointStatus>)]
    pub status: Option<String>,
}

/// `NotificationRecipientRBACDTO`: a recipient as added and listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRecipientRBACDTO {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Vec<NotificationEndpointDTO>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_preferences: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_preferences: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privilege_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_type: Option<String>,
}

/// `NotificationEndpoint` inside a `NotificationRecipient`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEndpoint {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    pub destination: String,
    pub active: bool,
    #[schema(value_type = EndpointStatus)]
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// `NotificationRecipient`: a recipient inside a tenant record; the bulk
/// delete body names recipients by their `id`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRecipient {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    pub description: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub endpoints: Vec<NotificationEndpoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub privilege_group: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// An element of the bulk delete body: a recipient, of which `id` counts.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // only `id` counts; `description` stays in the schema
pub struct NotificationRecipientRef {
    pub id: Option<String>,
    pub description: Option<String>,
}

/// `Delegation`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delegation {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    /// The delegate tenant (RUCKUS support: `SUPPORT`).
    pub delegated_to: String,
    /// `VAR`, `SUPPORT`, `MSP`, `SUPPORT_EC`, `MSP_INSTALLER`, `MSP_INTEGRATOR`
    /// or `UNKNOWN`.
    #[serde(rename = "type")]
    #[schema(value_type = DelegationType)]
    pub kind: String,
    #[schema(value_type = DelegationStatus)]
    pub status: String,
    /// The delegating tenant.
    pub delegated_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_to_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_to_admin: Option<String>,
    /// Left out: delegations have no parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub is_valid: bool,
}

/// `DelegationAction`: the delegate's answer to an invitation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DelegationAction {
    #[schema(required = true)]
    pub accept: Option<bool>,
    #[schema(required = true)]
    pub from_tenant_id: Option<String>,
}

/// `InviteVAR`: the VAR named by one of its administrators' usernames.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InviteVAR {
    pub username: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetaFeatureRequest {
    pub beta_feature_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetaFeature {
    pub id: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetaFeatureResponse {
    pub beta_features: Vec<BetaFeature>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_feature_ids: Option<Vec<String>>,
}

/// `PrivacyFeature`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFeature {
    #[schema(required = true)]
    pub feature_name: Option<String>,
    /// `ENABLED` or `DISABLED`.
    #[schema(required = true)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFeatureRequest {
    pub privacy_features: Option<Vec<PrivacyFeature>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFeatureResponse {
    pub privacy_features: Vec<PrivacyFeature>,
}

/// `AuthenticationInfo`: an identity provider of the tenant. Secrets are
/// stored but never returned (docs/behaviour/tenant.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "clientID", skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    #[serde(rename = "tokenURL", skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(rename = "authorizationURL", skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[schema(required = true, value_type = Option<AuthenticationType>)]
    pub authentication_type: Option<String>,
    #[serde(rename = "samlFileURL", skip_serializing_if = "Option::is_none")]
    pub saml_file_url: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    #[serde(rename = "clientIDStatus", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ClientIdStatus>)]
    pub client_id_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<SamlFileType>)]
    pub saml_file_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_signature_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_certificate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_public_certificate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_private_key: Option<String>,
}

/// `Authentication` inside a tenant record.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Authentication {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    #[schema(value_type = AuthenticationType)]
    pub authentication_type: String,
    pub name: String,
    #[serde(rename = "clientID", skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Never shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    #[serde(rename = "tokenURL", skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(rename = "authorizationURL", skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[serde(rename = "samlFileURL", skip_serializing_if = "Option::is_none")]
    pub saml_file_url: Option<String>,
    #[serde(rename = "clientIDStatus", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ClientIdStatus>)]
    pub client_id_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<SamlFileType>)]
    pub saml_file_type: Option<String>,
    /// The domains, as `AuthDomain` objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub auth_domains: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub auth_scopes: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_based: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_signature_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_certificate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// `MobilePushNotificationEndpoint`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MobilePushNotificationEndpoint {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_date: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub destination: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<EndpointStatus>)]
    pub status: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[schema(required = true)]
    pub platform: Option<String>,
    #[schema(required = true)]
    pub device_token: Option<String>,
    #[schema(required = true)]
    pub device_id: Option<String>,
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

/// The `{requestId, response}` answers of write operations.
macro_rules! operation_response {
    ($name:ident, $t:ty) => {
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub request_id: String,
            pub response: $t,
        }
    };
}

operation_response!(OperationResponseAdmin, Admin);
operation_response!(OperationResponseDelegation, Delegation);
operation_response!(OperationResponseUserProfile, UserProfile);
operation_response!(
    OperationResponseNotificationRecipientRBACDTO,
    NotificationRecipientRBACDTO
);
operation_response!(
    OperationResponseMobilePushNotificationEndpoint,
    MobilePushNotificationEndpoint
);

/// `OperationResponseVoid`: `response` is an empty object.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationResponseVoid {
    pub request_id: String,
    #[schema(value_type = Object)]
    pub response: serde_json::Map<String, Value>,
}

/// `/_r1/tenants` body: a tenant made the way LocalStack makes accounts.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTenantCreate {
    pub name: Option<String>,
    pub tenant_type: Option<String>,
    pub tenant_id: Option<String>,
    pub admin_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTenantCreated {
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub admin_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalClientCreated {
    pub client_id: String,
    pub client_secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTenant {
    pub tenant_id: String,
    pub name: String,
    pub tenant_type: String,
    pub status: String,
    pub created_date: DateTime<Utc>,
}
