//! The Identity API's DTOs, named as the bundle names them. Read-only fields
//! of a request body (`id`, `groupId`, `vni`, `createdAt`, ...) are not
//! declared on the request types, so a client that sends them back is not
//! refused and they change nothing.

use chrono::{DateTime, Utc};
use r1_core::{
    error::{ErrorReport, HTTP_STATUSES},
    hal::{BaseUrl, Links},
    ErrorStyle,
};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use utoipa::openapi::{
    schema::{AdditionalProperties, ObjectBuilder, Type},
    RefOr, Schema,
};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::repo::{DeviceRow, GroupRow, IdentityRow, PortRow};

/// Tells an absent member (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The bundle's `Links`: relation name to `Link`. r1 writes `href` only;
/// the other members of the vendor's `Link` are optional and never sent.
fn links_schema() -> Schema {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let link = ObjectBuilder::new()
        .property("href", string())
        .property("hreflang", string())
        .property("title", string())
        .property("type", string())
        .property("deprecation", string())
        .property("profile", string())
        .property("name", string())
        .property("templated", ObjectBuilder::new().schema_type(Type::Boolean));
    ObjectBuilder::new()
        .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::Object(
            link.build(),
        )))))
        .build()
        .into()
}

fn http_status_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(HTTP_STATUSES.iter().copied()))
        .build()
        .into()
}

/// `ApiSubError`: one rejected field or the whole error.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiSubError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub reason: Option<String>,
    pub suggestion: Option<String>,
}

/// The Identity API's error style: [`ApiErrorBody`].
pub const ERRORS: ErrorStyle = ErrorStyle::new(render_error);

fn render_error(report: &ErrorReport, request_id: &str) -> Value {
    let entries = report.entries();
    serde_json::json!({
        "status": report.status_label(),
        "timestamp": r1_core::error::timestamp(),
        "message": report.message,
        "debugMessage": report.field_messages().join("; "),
        "subErrors": entries,
        "requestId": report.request_id_or(request_id),
        "errors": entries,
    })
}

/// `ApiError`: the error body of every Identity operation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ApiError)]
pub struct ApiErrorBody {
    #[schema(schema_with = http_status_schema)]
    pub status: String,
    pub timestamp: DateTime<Utc>,
    pub message: String,
    pub debug_message: String,
    pub sub_errors: Vec<ApiSubError>,
    pub request_id: String,
    pub errors: Vec<ApiSubError>,
}

/// `IdentityGroup`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityGroup {
    pub id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpsk_pool_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac_registration_pool_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_template_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_set_id: Option<String>,
    pub network_count: i32,
    pub auto_cleanup_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_version: Option<i64>,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_identity_network_id: Option<String>,
    pub identity_count: i64,
}

impl IdentityGroup {
    pub fn from_row(g: GroupRow, base: &BaseUrl) -> Self {
        IdentityGroup {
            links: base.links([
                ("self", format!("/identityGroups/{}", g.id)),
                ("identities", format!("/identityGroups/{}/identities", g.id)),
            ]),
            id: g.id,
            name: g.name,
            description: g.description,
            dpsk_pool_id: g.dpsk_pool_id,
            mac_registration_pool_id: g.mac_registration_pool_id,
            property_id: g.property_id,
            created_at: g.created_at,
            updated_at: g.updated_at,
            certificate_template_id: g.certificate_template_id,
            policy_set_id: g.policy_set_id,
            network_count: g.network_count,
            auto_cleanup_enabled: g.auto_cleanup_enabled,
            template_version: None,
            personal_identity_network_id: None,
            identity_count: g.identity_count,
        }
    }
}

/// The writable members of `IdentityGroup`, for `POST /identityGroups`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityGroupCreate {
    pub name: String,
    pub description: Option<String>,
    pub dpsk_pool_id: Option<String>,
    pub mac_registration_pool_id: Option<String>,
    pub policy_set_id: Option<String>,
    pub network_count: Option<i32>,
    pub auto_cleanup_enabled: Option<bool>,
}

/// The writable members of `IdentityGroup`, for `PATCH /identityGroups/{id}`:
/// an absent member is kept, `null` clears it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityGroupPatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub dpsk_pool_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub mac_registration_pool_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub policy_set_id: Option<Option<String>>,
    pub network_count: Option<i32>,
    pub auto_cleanup_enabled: Option<bool>,
}

/// `IdentityGroupSearch`. `searchString` (sent by clients that treat this as
/// a query body) reads as `keyword`; other unknown members are ignored.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityGroupSearch {
    pub personal_identity_network_id: Option<String>,
    pub mac_registration_pool_id: Option<String>,
    pub dpsk_pool_id: Option<String>,
    #[serde(alias = "searchString")]
    pub keyword: Option<String>,
    pub group_ids: Option<Vec<Uuid>>,
    pub property_id: Option<String>,
    pub certificate_template_id: Option<String>,
    pub policy_set_id: Option<String>,
    pub network_id: Option<String>,
}

/// `DeviceStatusDto.authType`: how the device authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum AuthType {
    Dpsk,
    MacAuth,
    EapTls,
}

/// `DeviceStatusDto.status`: the outcome of the device's authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum AuthStatus {
    Accept,
    Reject,
}

/// `DeviceStatusDto`: r1 authenticates no devices, so it lists none (the
/// type is declared for the schema of `Device.status`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStatusDto {
    pub mac_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<AuthType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_connected_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AuthStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    pub identity_id: Uuid,
}

/// `Device`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub mac_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent_status: Option<String>,
    pub has_mac_registered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status: Vec<DeviceStatusDto>,
    pub identity_id: Uuid,
}

impl Device {
    /// A configured device: r1 sees no traffic, so no status shows.
    pub fn from_row(d: DeviceRow) -> Self {
        Device {
            mac_address: d.mac_address,
            recent_status: None,
            has_mac_registered: false,
            last_seen_at: None,
            created_at: d.created_at,
            updated_at: d.updated_at,
            status: Vec::new(),
            identity_id: d.identity_id,
        }
    }
}

/// The writable member of `Device`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCreate {
    pub mac_address: String,
}

/// `EthernetPort`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EthernetPort {
    pub mac_address: String,
    pub port_index: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub identity_id: Uuid,
}

impl EthernetPort {
    pub fn from_row(p: PortRow) -> Self {
        EthernetPort {
            mac_address: p.mac_address,
            port_index: p.port_index,
            name: p.name,
            created_at: p.created_at,
            updated_at: p.updated_at,
            identity_id: p.identity_id,
        }
    }
}

/// The writable members of `EthernetPort`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EthernetPortUpdate {
    pub mac_address: String,
    pub port_index: Option<i32>,
    pub name: Option<String>,
}

/// The body of `updateIdentityEthernetPorts`: the bundle's array, or the
/// `{"ethernetPorts": [...]}` wrapper a public client sends.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum EthernetPortsBody {
    List(Vec<EthernetPortUpdate>),
    #[serde(rename_all = "camelCase")]
    Wrapped {
        ethernet_ports: Vec<EthernetPortUpdate>,
    },
}

impl EthernetPortsBody {
    pub fn into_ports(self) -> Vec<EthernetPortUpdate> {
        match self {
            EthernetPortsBody::List(ports)
            | EthernetPortsBody::Wrapped {
                ethernet_ports: ports,
            } => ports,
        }
    }
}

/// `Switch`: r1 manages no switches, so identities list none.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Switch {
    pub mac_address: String,
    pub port_id: String,
    pub identity_id: Uuid,
}

/// `Identity`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub id: Uuid,
    pub group_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpsk_guid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpsk_passphrase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<String>,
    pub revoked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlan: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vni: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub devices: Vec<Device>,
    pub device_count: i32,
    pub ethernet_ports: Vec<EthernetPort>,
    pub switches: Vec<Switch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metering_profile_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identity_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<DateTime<Utc>>,
    pub primary: bool,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

impl Identity {
    pub fn from_row(
        r: IdentityRow,
        devices: Vec<Device>,
        ethernet_ports: Vec<EthernetPort>,
        base: &BaseUrl,
    ) -> Self {
        Identity {
            links: base.links([
                (
                    "self",
                    format!("/identityGroups/{}/identities/{}", r.group_id, r.id),
                ),
                ("identityGroup", format!("/identityGroups/{}", r.group_id)),
            ]),
            id: r.id,
            group_id: r.group_id,
            parent_id: r.parent_id,
            description: r.description,
            name: r.name,
            email: r.email,
            dpsk_guid: r.dpsk_guid.map(|g| g.to_string()),
            dpsk_passphrase: r.dpsk_passphrase,
            identity_id: None,
            revoked: r.revoked,
            vlan: r.vlan,
            vni: r.vni,
            created_at: r.created_at,
            updated_at: r.updated_at,
            device_count: devices.len() as i32,
            devices,
            ethernet_ports,
            switches: Vec::new(),
            metering_profile_id: r.metering_profile_id,
            expiration_date: r.expiration_date,
            phone_number: r.phone_number,
            display_name: r.display_name,
            external_identity_id: None,
            last_login_at: r.last_login_at,
            primary: r.is_primary,
        }
    }
}

/// The writable members of `Identity`, for creating one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityCreate {
    pub name: String,
    pub description: Option<String>,
    pub email: Option<String>,
    pub dpsk_passphrase: Option<String>,
    pub revoked: Option<bool>,
    pub vlan: Option<i32>,
    pub devices: Option<Vec<DeviceCreate>>,
    pub metering_profile_id: Option<Uuid>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub phone_number: Option<String>,
    pub display_name: Option<String>,
    pub primary: Option<bool>,
    pub parent_id: Option<Uuid>,
}

/// The writable members of `Identity`, for `PATCH`: an absent member is
/// kept, `null` clears it, and a `null` `dpskPassphrase` resets the
/// passphrase.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub dpsk_passphrase: Option<Option<String>>,
    pub revoked: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i32>, nullable)]
    pub vlan: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub metering_profile_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<DateTime<Utc>>, nullable)]
    pub expiration_date: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub phone_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub display_name: Option<Option<String>>,
    pub primary: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub parent_id: Option<Option<Uuid>>,
}

/// The `ethernetPort` condition of `IdentitySearch`: every member given must
/// match.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EthernetPortFilter {
    pub mac_address: Option<String>,
    pub port_index: Option<i32>,
    pub name: Option<String>,
}

/// `IdentitySearch`. `searchString` reads as `keyword`; other unknown
/// members are ignored.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentitySearch {
    pub group_id: Option<Uuid>,
    pub dpsk_pool_id: Option<String>,
    pub property_id: Option<String>,
    #[serde(alias = "searchString")]
    pub keyword: Option<String>,
    pub ids: Option<Vec<Uuid>>,
    pub ethernet_port: Option<EthernetPortFilter>,
    pub filter: Option<Map<String, Value>>,
}

/// `ExternalIdentitySearch`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalIdentitySearch {
    // Read by serde only: r1 holds no external identity to filter.
    #[allow(dead_code)]
    pub ids: Option<Vec<Uuid>>,
}

/// `External Identity.identityProviderType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum IdentityProviderType {
    #[serde(rename = "SAML")]
    Saml,
    #[serde(rename = "AD")]
    Ad,
    #[serde(rename = "LDAP")]
    Ldap,
}

/// `External Identity`: r1 connects no identity provider, so none exist.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalIdentity {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider_type: Option<IdentityProviderType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub groups: Vec<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use r1_core::error::ErrorReport;

    use r1_core::error::HTTP_STATUSES;

    use super::{ApiErrorBody, ERRORS};

    #[test]
    fn the_rendered_error_body_is_the_declared_api_error() {
        for status in [400, 401, 403, 404, 409, 413, 415, 422, 429, 500] {
            let status = StatusCode::from_u16(status).unwrap();
            let body = ERRORS.body(&ErrorReport::from_status(status), "req-1");
            let body: ApiErrorBody = serde_json::from_value(body).unwrap();
            assert!(
                HTTP_STATUSES.contains(&body.status.as_str()),
                "{}",
                body.status
            );
            assert_eq!(body.request_id, "req-1");
            assert_eq!(body.errors.len(), 1);
            assert_eq!(body.sub_errors.len(), 1);
        }
    }
}
