//! Identity use cases: each runs inside the caller's transaction.

use std::collections::HashMap;

use r1_core::{error::FieldError, hal::BaseUrl, validation::reject, ApiError};
use serde_json::{Map, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    csv_io, groups,
    mac::Mac,
    model::{
        Device, EthernetPort, EthernetPortUpdate, Identity, IdentityCreate, IdentityPatch,
        IdentitySearch,
    },
    repo::{
        self, FieldValue, FilterKind, IdentityFilter, IdentityRow, IdentityValues, NewPort,
        FILTER_FIELDS,
    },
    rules,
};

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("Identity {id} not found"))
}

/// Device MACs of a request, normalised; a bad one is a 400 naming it.
fn device_macs(macs: &[String]) -> Result<Vec<Mac>, ApiError> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for mac in macs {
        match Mac::normalise(mac) {
            Some(m) => out.push(m),
            None => errors.push(FieldError::new(
                "device",
                "macAddress",
                mac,
                "must match ^([0-9A-F]{2}-){5}([0-9A-F]{2})$",
            )),
        }
    }
    reject(errors)?;
    Ok(out)
}

/// Gives the identity its VNI: the lowest free one of the tenant, or none
/// when every VNI is taken (the allocation failed; it can be retried).
async fn allocate_vni(conn: &mut PgConnection, tenant_id: &str) -> Result<Option<i32>, ApiError> {
    repo::lock_vnis(conn, tenant_id).await?;
    Ok(repo::lowest_free_vni(conn, tenant_id).await?)
}

/// Creates an identity in the group, with its VNI, devices and (in a group
/// with a DPSK pool) its passphrase.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %group_id, use_case = "CreateIdentity"))]
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    body: IdentityCreate,
) -> Result<Uuid, ApiError> {
    let values = rules::identity_values(&body);
    reject(rules::validate_identity(&values))?;
    let macs: Vec<String> = body
        .devices
        .iter()
        .flatten()
        .map(|d| d.mac_address.clone())
        .collect();
    let macs = device_macs(&macs)?;
    let group = repo::hold_group(conn, tenant_id, group_id)
        .await?
        .ok_or_else(|| groups::not_found(group_id))?;
    let vni = allocate_vni(conn, tenant_id).await?;
    let id = Uuid::new_v4();
    repo::insert_identity(conn, tenant_id, id, group_id, &values, vni).await?;
    add_devices(conn, tenant_id, id, &macs).await?;
    crate::dpsk_link::on_create(conn, tenant_id, &group, id, &values, body.dpsk_passphrase).await?;
    Ok(id)
}

/// Imports a CSV file of identities into the group: every row, or none
/// with every bad row named.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %group_id, use_case = "ImportIdentities"))]
pub async fn import(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    file: &[u8],
) -> Result<Uuid, ApiError> {
    groups::find(conn, tenant_id, group_id).await?;
    let rows = csv_io::parse_import(file).map_err(ApiError::Validation)?;
    for row in rows {
        create(conn, tenant_id, group_id, row).await?;
    }
    Ok(group_id)
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %group_id, identity_id = %id, use_case = "UpdateIdentity"))]
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
    patch: IdentityPatch,
) -> Result<Uuid, ApiError> {
    let group = repo::hold_group(conn, tenant_id, group_id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let current = repo::lock_identity(conn, tenant_id, group_id, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let mut v = IdentityValues::from(&current);
    if let Some(name) = patch.name {
        v.name = name;
    }
    macro_rules! apply {
        ($($field:ident),*) => { $( if let Some(x) = patch.$field { v.$field = x; } )* };
    }
    apply!(
        description,
        email,
        vlan,
        metering_profile_id,
        expiration_date,
        phone_number,
        display_name,
        parent_id
    );
    if let Some(r) = patch.revoked {
        v.revoked = r;
    }
    if let Some(p) = patch.primary {
        v.is_primary = p;
    }
    reject(rules::validate_identity(&v))?;
    repo::update_identity(conn, tenant_id, id, &v).await?;
    crate::dpsk_link::on_update(conn, tenant_id, &group, &current, &v, patch.dpsk_passphrase)
        .await?;
    Ok(id)
}

/// Deletes the identities (all of them, or none when one is missing) with
/// their passphrases; their VNIs become free.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %group_id, use_case = "DeleteIdentities"))]
pub async fn delete(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    ids: &[Uuid],
) -> Result<(), ApiError> {
    let group = repo::hold_group(conn, tenant_id, group_id)
        .await?
        .ok_or_else(|| groups::not_found(group_id))?;
    let found = repo::identities_in_group(conn, tenant_id, group_id, ids).await?;
    if let Some(missing) = ids.iter().find(|id| !found.contains(id)) {
        return Err(not_found(*missing));
    }
    let deleted = repo::delete_identities(conn, tenant_id, group_id, ids).await?;
    for row in &deleted {
        crate::dpsk_link::on_delete(conn, tenant_id, &group, row).await?;
    }
    Ok(())
}

/// Locks the identity of the group, or 404.
pub async fn lock(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
) -> Result<IdentityRow, ApiError> {
    repo::lock_identity(conn, tenant_id, group_id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// Adds devices to the identity (locked while they are added).
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, identity_id = %id, use_case = "AddIdentityDevices"))]
pub async fn add_identity_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
    macs: &[String],
) -> Result<Uuid, ApiError> {
    let macs = device_macs(macs)?;
    lock(conn, tenant_id, group_id, id).await?;
    add_devices(conn, tenant_id, id, &macs).await?;
    Ok(id)
}

/// Removes one device of the identity by MAC.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, identity_id = %id, use_case = "DeleteIdentityDevice"))]
pub async fn delete_identity_device(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
    mac: &str,
) -> Result<Uuid, ApiError> {
    lock(conn, tenant_id, group_id, id).await?;
    delete_device(conn, tenant_id, id, mac).await?;
    Ok(id)
}

/// Replaces the identity's ethernet ports on a venue.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, identity_id = %id, use_case = "UpdateIdentityEthernetPorts"))]
pub async fn update_ethernet_ports(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
    venue_id: &str,
    ports: Vec<EthernetPortUpdate>,
) -> Result<Uuid, ApiError> {
    let ports = checked_ports(ports)?;
    lock(conn, tenant_id, group_id, id).await?;
    replace_ports(conn, tenant_id, id, venue_id, &ports).await?;
    Ok(id)
}

/// Removes one ethernet port of the identity.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, identity_id = %id, use_case = "DeleteIdentityEthernetPort"))]
pub async fn delete_ethernet_port(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
    mac: &str,
    port_index: i32,
) -> Result<Uuid, ApiError> {
    lock(conn, tenant_id, group_id, id).await?;
    delete_port(conn, tenant_id, id, mac, port_index).await?;
    Ok(id)
}

async fn add_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    macs: &[Mac],
) -> Result<(), ApiError> {
    for mac in macs {
        if !repo::add_device(conn, tenant_id, identity_id, mac.as_str()).await? {
            return Err(ApiError::Conflict(format!(
                "Device {mac} belongs to another identity"
            )));
        }
    }
    Ok(())
}

/// Removes a device by MAC (any common spelling), or 404.
async fn delete_device(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    mac: &str,
) -> Result<(), ApiError> {
    let missing = || ApiError::NotFound(format!("Device {mac} not found"));
    let normalised = Mac::normalise(mac).ok_or_else(missing)?;
    if !repo::delete_device(conn, tenant_id, identity_id, normalised.as_str()).await? {
        return Err(missing());
    }
    Ok(())
}

/// Replaces the identity's ports on a venue; 409 when a port is another
/// identity's.
async fn replace_ports(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    venue_id: &str,
    ports: &[NewPort],
) -> Result<(), ApiError> {
    repo::replace_ports(conn, tenant_id, identity_id, venue_id, ports).await
}

/// Removes one ethernet port by MAC and port index, or 404.
async fn delete_port(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    mac: &str,
    port_index: i32,
) -> Result<(), ApiError> {
    let missing = || ApiError::NotFound(format!("Ethernet port {mac} {port_index} not found"));
    let normalised = Mac::normalise(mac).ok_or_else(missing)?;
    if !repo::delete_port(
        conn,
        tenant_id,
        identity_id,
        normalised.as_str(),
        port_index,
    )
    .await?
    {
        return Err(missing());
    }
    Ok(())
}

/// Ethernet ports of a request, checked against the bundle's rules.
fn checked_ports(ports: Vec<EthernetPortUpdate>) -> Result<Vec<NewPort>, ApiError> {
    let mut errors = Vec::new();
    let mut out: Vec<NewPort> = Vec::new();
    for (n, p) in ports.into_iter().enumerate() {
        let field = |f: &str| format!("[{n}].{f}");
        let mac = Mac::parse_strict(&p.mac_address);
        if mac.is_none() {
            errors.push(FieldError::new(
                "ethernetPort",
                field("macAddress"),
                &p.mac_address,
                "must match ^([0-9A-F]{2}-){5}([0-9A-F]{2})$",
            ));
        }
        let name = p.name.unwrap_or_default();
        if name.trim().is_empty() || name.chars().count() > 255 {
            errors.push(FieldError::new(
                "ethernetPort",
                field("name"),
                &name,
                "size must be between 1 and 255",
            ));
        }
        let Some(port_index) = p.port_index else {
            errors.push(FieldError::new(
                "ethernetPort",
                field("portIndex"),
                serde_json::Value::Null,
                "must not be null",
            ));
            continue;
        };
        // The bundle gives no bound; a port index counts ports of a switch
        // or AP, so a negative one names no port (docs/behaviour/identity.md).
        if port_index < 0 {
            errors.push(FieldError::new(
                "ethernetPort",
                field("portIndex"),
                port_index,
                "must be greater than or equal to 0",
            ));
            continue;
        }
        if let Some(mac) = mac {
            if out
                .iter()
                .any(|o| o.mac_address == mac.as_str() && o.port_index == port_index)
            {
                errors.push(FieldError::new(
                    "ethernetPort",
                    field("portIndex"),
                    port_index,
                    "the same port is listed twice",
                ));
            }
            out.push(NewPort {
                mac_address: mac.as_str().to_string(),
                port_index,
                name,
            });
        }
    }
    reject(errors)?;
    Ok(out)
}

/// Retries the VNI allocation: the identity's VNI is released and the
/// lowest free one allocated; 403 when none is free.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, identity_id = %id, use_case = "AllocateIdentityVni"))]
pub async fn retry_vni(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
) -> Result<(), ApiError> {
    lock(conn, tenant_id, group_id, id).await?;
    repo::lock_vnis(conn, tenant_id).await?;
    repo::set_vni(conn, tenant_id, id, None).await?;
    let vni = repo::lowest_free_vni(conn, tenant_id)
        .await?
        .ok_or_else(|| {
            ApiError::Forbidden("No VNI is free for this tenant; delete identities first".into())
        })?;
    repo::set_vni(conn, tenant_id, id, Some(vni)).await?;
    Ok(())
}

/// The identities as the API shows them, with devices and ethernet ports.
pub async fn views(
    conn: &mut PgConnection,
    tenant_id: &str,
    rows: Vec<IdentityRow>,
    base: &BaseUrl,
) -> Result<Vec<Identity>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut devices: HashMap<Uuid, Vec<Device>> = HashMap::new();
    for d in repo::devices_of(conn, tenant_id, &ids).await? {
        devices
            .entry(d.identity_id)
            .or_default()
            .push(Device::from_row(d));
    }
    let mut ports: HashMap<Uuid, Vec<EthernetPort>> = HashMap::new();
    for p in repo::ports_of(conn, tenant_id, &ids).await? {
        ports
            .entry(p.identity_id)
            .or_default()
            .push(EthernetPort::from_row(p));
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let devices = devices.remove(&r.id).unwrap_or_default();
            let ports = ports.remove(&r.id).unwrap_or_default();
            Identity::from_row(r, devices, ports, base)
        })
        .collect())
}

/// The conditions of an identity query or export, checked: a `filter`
/// member must name a filterable field and have its type (or be null).
pub fn search_filter(s: IdentitySearch) -> Result<IdentityFilter, ApiError> {
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

fn field_conditions(
    filter: Map<String, Value>,
) -> Result<Vec<(&'static str, FieldValue)>, ApiError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in filter {
        let field = format!("filter.{key}");
        let Some((_, column, kind)) = FILTER_FIELDS.iter().find(|(name, ..)| *name == key) else {
            let names: Vec<&str> = FILTER_FIELDS.iter().map(|(n, ..)| *n).collect();
            errors.push(FieldError::new(
                "identitySearch",
                field,
                &value,
                format!(
                    "cannot filter by {key:?}; filterable fields: {}",
                    names.join(", ")
                ),
            ));
            continue;
        };
        let condition = match (kind, value) {
            (_, Value::Null) => FieldValue::Null,
            (FilterKind::Text, Value::String(s)) => FieldValue::Text(s),
            (FilterKind::Int, Value::Number(n)) if n.is_i64() => {
                FieldValue::Int(n.as_i64().unwrap_or_default())
            }
            (FilterKind::Bool, Value::Bool(b)) => FieldValue::Bool(b),
            (kind, other) => {
                let wanted = match kind {
                    FilterKind::Text => "a string",
                    FilterKind::Int => "an integer",
                    FilterKind::Bool => "a boolean",
                };
                errors.push(FieldError::new(
                    "identitySearch",
                    field,
                    &other,
                    format!("must be {wanted} or null"),
                ));
                continue;
            }
        };
        out.push((*column, condition));
    }
    reject(errors)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(mac: &str, index: Option<i32>, name: Option<&str>) -> EthernetPortUpdate {
        EthernetPortUpdate {
            mac_address: mac.into(),
            port_index: index,
            name: name.map(str::to_string),
        }
    }

    #[test]
    fn ports_need_strict_macs_names_and_indexes() {
        let ok = checked_ports(vec![port("AA-BB-CC-00-11-22", Some(1), Some("lobby"))]).unwrap();
        assert_eq!(ok[0].mac_address, "AA-BB-CC-00-11-22");
        let Err(ApiError::Validation(errors)) = checked_ports(vec![
            port("aa-bb-cc-00-11-22", Some(1), Some("x")),
            port("AA-BB-CC-00-11-22", None, Some("x")),
            port("AA-BB-CC-00-11-22", Some(2), Some("")),
        ]) else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["[0].macAddress", "[1].portIndex", "[2].name"]);
    }

    #[test]
    fn a_port_listed_twice_is_refused() {
        assert!(checked_ports(vec![
            port("AA-BB-CC-00-11-22", Some(1), Some("a")),
            port("AA-BB-CC-00-11-22", Some(1), Some("b")),
        ])
        .is_err());
    }

    fn search(filter: Value) -> Result<IdentityFilter, ApiError> {
        search_filter(IdentitySearch {
            filter: filter.as_object().cloned(),
            ..Default::default()
        })
    }

    #[test]
    fn filter_members_must_have_their_fields_type() {
        let ok = search(serde_json::json!({"vlan": 5, "revoked": false, "name": "a", "vni": null}))
            .unwrap();
        assert_eq!(ok.fields.len(), 4);
        let Err(ApiError::Validation(errors)) =
            search(serde_json::json!({"vlan": "x", "revoked": 1, "name": 3, "colour": "red"}))
        else {
            panic!("expected a validation error");
        };
        let mut fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "filter.colour",
                "filter.name",
                "filter.revoked",
                "filter.vlan"
            ]
        );
    }
}
