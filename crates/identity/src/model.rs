//! The Identity API's DTOs, named as the bundle names them. Read-only fields
//! of a request body (`id`, `groupId`, `vni`, `createdAt`, ...) are not
//! declared on the request types, so a client that sends them back is not
//! refused and they change nothing.

use chrono::{DateTime, Utc};
use r1_core::hal::Links;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// Tells an absent member (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `IdentityGroup`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityGroup {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub dpsk_pool_id: Option<String>,
    pub mac_registration_pool_id: Option<String>,
    pub property_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub certificate_template_id: Option<String>,
    pub policy_set_id: Option<String>,
    pub network_count: i32,
    pub auto_cleanup_enabled: bool,
    pub template_version: Option<i64>,
    #[serde(rename = "_links")]
    pub links: Links,
    pub personal_identity_network_id: Option<String>,
    pub identity_count: i64,
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

/// `DeviceStatusDto`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStatusDto {
    pub mac_address: String,
    pub auth_type: Option<String>,
    pub last_connected_at: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub reference_id: Option<String>,
    pub identity_id: Uuid,
}

/// `Device`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub mac_address: String,
    pub recent_status: Option<String>,
    pub has_mac_registered: bool,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status: Vec<DeviceStatusDto>,
    pub identity_id: Uuid,
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
    pub parent_id: Option<Uuid>,
    pub description: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub dpsk_guid: Option<String>,
    pub dpsk_passphrase: Option<String>,
    pub identity_id: Option<String>,
    pub revoked: bool,
    pub vlan: Option<i32>,
    pub vni: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub devices: Vec<Device>,
    pub device_count: i32,
    pub ethernet_ports: Vec<EthernetPort>,
    pub switches: Vec<Switch>,
    pub metering_profile_id: Option<Uuid>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub phone_number: Option<String>,
    pub display_name: Option<String>,
    pub external_identity_id: Option<Uuid>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub primary: bool,
    #[serde(rename = "_links")]
    pub links: Links,
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

/// `External Identity`: r1 connects no identity provider, so none exist.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalIdentity {
    pub id: Uuid,
    pub user_id: Option<String>,
    pub identity_provider_id: Option<String>,
    pub identity_provider_type: Option<String>,
    pub phone_number: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub groups: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub address: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub department: Option<String>,
    pub user_principal_name: Option<String>,
}
