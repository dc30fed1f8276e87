//! The DPSK Service's request and response bodies, named as the bundle
//! names them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use r1_core::pagination::{QueryRequest, SortOrder};

use crate::repo::{PassphraseRow, PoolRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PassphraseFormat {
    MostSecured,
    KeyboardFriendly,
    NumbersOnly,
}

impl PassphraseFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            PassphraseFormat::MostSecured => "MOST_SECURED",
            PassphraseFormat::KeyboardFriendly => "KEYBOARD_FRIENDLY",
            PassphraseFormat::NumbersOnly => "NUMBERS_ONLY",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// The pool's expiration rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExpirationType {
    SpecifiedDate,
    HoursAfterTime,
    DaysAfterTime,
    WeeksAfterTime,
    MonthsAfterTime,
    YearsAfterTime,
}

impl ExpirationType {
    pub fn as_str(self) -> &'static str {
        match self {
            ExpirationType::SpecifiedDate => "SPECIFIED_DATE",
            ExpirationType::HoursAfterTime => "HOURS_AFTER_TIME",
            ExpirationType::DaysAfterTime => "DAYS_AFTER_TIME",
            ExpirationType::WeeksAfterTime => "WEEKS_AFTER_TIME",
            ExpirationType::MonthsAfterTime => "MONTHS_AFTER_TIME",
            ExpirationType::YearsAfterTime => "YEARS_AFTER_TIME",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// A passphrase's lifetime from its creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Expiration {
    Unlimited,
    OneDay,
    TwoDays,
    OneWeek,
    TwoWeeks,
    OneMonth,
    SixMonths,
    OneYear,
    TwoYears,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NumberOfDevicesType {
    Unlimited,
    Limited,
}

/// Computed from the revocation and expiration dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PassphraseStatus {
    Active,
    Revoked,
    Expired,
}

/// Read-only members a client sends back (a body it read, written again)
/// are read and dropped; the server sets them. Unlike serde's
/// `skip_deserializing` this keeps them in the OpenAPI schema, as the
/// bundle lists them.
fn read_only<'de, D: Deserializer<'de>, T>(d: D) -> Result<Option<T>, D::Error> {
    serde::de::IgnoredAny::deserialize(d)?;
    Ok(None)
}

/// `DpskPoolDto`: the body of pool creates and updates, and what reads
/// answer. `name`, `passphraseFormat` and `passphraseLength` are required,
/// as the bundle declares (checked in `service::check_pool`, so each missing
/// one is its own entry of the 400). Absent values are omitted, not null.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DpskPoolDto {
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = true, max_length = 255)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = true)]
    pub passphrase_format: Option<PassphraseFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = true)]
    pub passphrase_length: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_default_access: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_count_limit: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_type: Option<ExpirationType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_offset: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub last_modified_date: Option<DateTime<Utc>>,
    /// True when an identity uses one of the pool's passphrases.
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub is_referenced: Option<bool>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub network_count: Option<i32>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub is_enforced: Option<bool>,
    /// Deprecated by the vendor ("use identity group ID"); never set.
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub identity_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_group_id: Option<String>,
    /// The associated policy set (r1 shows it; the bundle sets it by path
    /// and its DTO has no such member, so it stays out of the schema).
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(ignore)]
    pub policy_set_id: Option<String>,
    /// Templates only: `DpskPoolTemplateDto` has it, `DpskPoolDto` not.
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(ignore)]
    pub template_version: Option<i64>,
}

impl DpskPoolDto {
    pub fn from_row(row: &PoolRow) -> Self {
        DpskPoolDto {
            id: Some(row.id.to_string()),
            name: Some(row.name.clone()),
            passphrase_format: PassphraseFormat::parse(&row.passphrase_format),
            passphrase_length: Some(row.passphrase_length),
            policy_default_access: row.policy_default_access,
            device_count_limit: row.device_count_limit,
            expiration_type: row
                .expiration_type
                .as_deref()
                .and_then(ExpirationType::parse),
            expiration_offset: row.expiration_offset,
            expiration_date: row.expiration_date,
            created_date: Some(row.created_at),
            last_modified_date: Some(row.updated_at),
            is_referenced: Some(row.is_referenced),
            // r1 serves no Wi-Fi network API, so no network uses a pool.
            network_count: Some(0),
            is_enforced: Some(false),
            identity_id: None,
            identity_group_id: row.identity_group_id.map(|g| g.to_string()),
            policy_set_id: row.policy_set_id.clone(),
            template_version: row.is_template.then_some(row.template_version),
        }
    }
}

/// `DpskPoolTemplateDto`: a template as template reads answer it, the pool
/// members plus `templateVersion`. Only the OpenAPI document uses this type;
/// at runtime a template is a `DpskPoolDto` with `template_version` set.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DpskPoolTemplateDto {
    #[serde(flatten)]
    pub pool: DpskPoolDto,
    #[schema(read_only)]
    pub template_version: Option<i64>,
}

/// `DpskPassphraseDeviceDto`. r1 sees no traffic, so configured devices
/// never show a connection.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DpskPassphraseDeviceDto {
    /// Always sent; the bundle marks no member required.
    #[schema(required = false)]
    pub mac: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_connected_network: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_connected_network_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_connected_time: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_connectivity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_passphrase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_connected: Option<DateTime<Utc>>,
    /// Deprecated by the vendor; always false here.
    #[schema(required = false, deprecated)]
    pub online: bool,
}

impl DpskPassphraseDeviceDto {
    /// A configured device: r1 sees no traffic, so no connection shows.
    pub fn from_mac(mac: String) -> Self {
        DpskPassphraseDeviceDto {
            mac,
            last_connected_network: None,
            last_connected_network_id: None,
            last_connected_time: None,
            device_connectivity: None,
            device_passphrase: None,
            last_connected: None,
            online: false,
        }
    }
}

/// `DpskPassphraseDto`: what passphrase reads answer, and the body of a
/// passphrase update. Read-only members a client sends back are ignored;
/// absent values are omitted, not null.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DpskPassphraseDto {
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 8, max_length = 63)]
    pub passphrase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlan_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_devices: Option<i32>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub last_modified_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub revocation_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub devices: Option<Vec<DpskPassphraseDeviceDto>>,
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub is_referenced: Option<bool>,
}

impl DpskPassphraseDto {
    pub fn from_row(row: &PassphraseRow, devices: Vec<DpskPassphraseDeviceDto>) -> Self {
        DpskPassphraseDto {
            id: Some(row.id.to_string()),
            passphrase: Some(row.passphrase.clone()),
            username: row.username.clone(),
            vlan_id: row.vlan_id,
            number_of_devices: row.number_of_devices,
            created_date: Some(row.created_at),
            last_modified_date: Some(row.updated_at),
            expiration_date: row.expiration_date,
            email: row.email.clone(),
            phone_number: row.phone_number.clone(),
            revocation_date: row.revocation_date,
            revocation_reason: row.revocation_reason.clone(),
            devices: Some(devices),
            is_referenced: Some(row.is_referenced),
        }
    }
}

/// `DpskPassphraseCreateDto`: one given passphrase, or `numberOfPassphrases`
/// generated ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DpskPassphraseCreateDto {
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub id: Option<String>,
    pub passphrase: Option<String>,
    pub username: Option<String>,
    /// Generated passphrase length, 8 to 63.
    pub length: Option<i32>,
    pub vlan_id: Option<i32>,
    pub mac: Option<String>,
    pub number_of_passphrases: Option<i32>,
    pub number_of_devices: Option<i32>,
    pub expiration: Option<Expiration>,
    pub number_of_devices_type: Option<NumberOfDevicesType>,
    pub format: Option<PassphraseFormat>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    /// Set by the server when an identity owns the passphrase.
    #[serde(
        default,
        deserialize_with = "read_only",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(read_only)]
    pub identity_id: Option<String>,
    pub vxlan_id: Option<i32>,
}

/// The create body as the bundle shows it, or wrapped as the Python SDK
/// sends it: `{"passphrases": [...]}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PassphraseCreateBody {
    Wrapped(PassphrasesWrapper),
    Single(DpskPassphraseCreateDto),
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PassphrasesWrapper {
    pub passphrases: Vec<DpskPassphraseCreateDto>,
}

impl PassphraseCreateBody {
    pub fn into_list(self) -> Vec<DpskPassphraseCreateDto> {
        match self {
            PassphraseCreateBody::Wrapped(w) => w.passphrases,
            PassphraseCreateBody::Single(one) => vec![one],
        }
    }
}

/// `DpskPassphrasesPatchRequest`: `changes` is applied to each of `ids`.
/// `changes` is merged member by member, so it stays a JSON object here;
/// its schema is the passphrase's, as in the bundle.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DpskPassphrasesPatchRequest {
    #[schema(min_items = 1)]
    pub ids: Vec<String>,
    #[schema(value_type = DpskPassphraseDto)]
    pub changes: serde_json::Value,
}

/// The bulk update as the bundle shows it, or as the Python SDK sends it:
/// `{"passphrases": [{"id": ..., <members to change>}, ...]}`, each with
/// its own changes.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PassphrasesPatchBody {
    Bundle(DpskPassphrasesPatchRequest),
    EachItsOwn(PassphrasePatchList),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassphrasePatchList {
    pub passphrases: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// A list of ids (the bundle), or `{"passphraseIds": [...]}` (Python SDK).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum IdList {
    Plain(Vec<String>),
    Wrapped {
        #[serde(rename = "passphraseIds")]
        passphrase_ids: Vec<String>,
    },
}

impl IdList {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            IdList::Plain(ids)
            | IdList::Wrapped {
                passphrase_ids: ids,
            } => ids,
        }
    }
}

/// MAC addresses: a list (the bundle), `{"devices": [...]}` of strings or of
/// `{mac}` objects, or `{"deviceMacs": [...]}` (Python SDK).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum MacList {
    Plain(Vec<MacItem>),
    Devices {
        devices: Vec<MacItem>,
    },
    DeviceMacs {
        #[serde(rename = "deviceMacs")]
        device_macs: Vec<MacItem>,
    },
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum MacItem {
    Mac(String),
    Device { mac: String },
}

impl MacList {
    pub fn into_vec(self) -> Vec<String> {
        let items = match self {
            MacList::Plain(v) | MacList::Devices { devices: v } => v,
            MacList::DeviceMacs { device_macs } => device_macs,
        };
        items
            .into_iter()
            .map(|i| match i {
                MacItem::Mac(m) | MacItem::Device { mac: m } => m,
            })
            .collect()
    }
}

/// `DpskPoolFilters`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DpskPoolFilters {
    pub passphrase_format: Option<Vec<String>>,
    pub is_enforced: Option<bool>,
}

/// `DpskPoolQueryRequest`.
pub type DpskPoolQueryRequest = QueryRequest<DpskPoolFilters>;

/// `DpskPassphraseFilters`: every list is "any of"; an empty list filters
/// nothing.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DpskPassphraseFilters {
    pub network_id: Option<Vec<String>>,
    pub vlan_id: Option<Vec<i32>>,
    pub passphrase: Option<Vec<String>>,
    pub mac: Option<Vec<String>>,
    pub username: Option<Vec<String>>,
    pub email: Option<Vec<String>>,
    pub phone_number: Option<Vec<String>>,
    pub status: Option<Vec<PassphraseStatus>>,
}

/// `DpskPassphraseQueryRequest`: the common query body plus
/// `maxDevicesPerPassphrase`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DpskPassphraseQueryRequest {
    pub fields: Option<Vec<String>>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub sort_field: Option<String>,
    pub sort_order: Option<SortOrder>,
    pub search_string: Option<String>,
    pub search_target_fields: Option<Vec<String>>,
    pub filters: Option<DpskPassphraseFilters>,
    /// Caps the devices listed in each row.
    pub max_devices_per_passphrase: Option<i32>,
}

impl DpskPassphraseQueryRequest {
    /// The common part, and the device cap.
    pub fn split(self) -> (QueryRequest<DpskPassphraseFilters>, Option<i32>) {
        let q = QueryRequest {
            fields: self.fields,
            page: self.page,
            page_size: self.page_size,
            sort_field: self.sort_field,
            sort_order: self.sort_order,
            search_string: self.search_string,
            search_target_fields: self.search_target_fields,
            filters: self.filters,
        };
        (q, self.max_devices_per_passphrase)
    }
}

/// `TemplateCloneSettingsRequest`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCloneSettingsRequest {
    /// Required, as the bundle declares; a missing or blank name is a 400
    /// (`service::check_pool`).
    #[schema(required = true, max_length = 255)]
    pub name: Option<String>,
}

/// The multipart form of the CSV import, as the bundle declares it (the
/// handler reads the `file` part itself; this type only describes it).
#[derive(Debug, Clone, ToSchema)]
pub struct CsvFileForm {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}
