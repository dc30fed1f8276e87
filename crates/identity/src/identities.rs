//! Identity use cases: each runs inside the caller's transaction.

use std::collections::HashMap;

use r1_core::{error::FieldError, hal::BaseUrl, ApiError};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    groups,
    mac::Mac,
    model::{Device, EthernetPort, EthernetPortUpdate, Identity, IdentityCreate, IdentityPatch},
    repo::{self, IdentityRow, IdentityValues, NewPort},
    rules,
};

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("Identity {id} not found"))
}

pub fn validate(v: &IdentityValues) -> Vec<FieldError> {
    let mut errors = Vec::new();
    rules::name("identity", &v.name, &mut errors);
    rules::max_255(
        "identity",
        "description",
        v.description.as_deref(),
        &mut errors,
    );
    rules::max_255(
        "identity",
        "displayName",
        v.display_name.as_deref(),
        &mut errors,
    );
    rules::email("identity", v.email.as_deref(), &mut errors);
    rules::vlan("identity", v.vlan, &mut errors);
    errors
}

pub fn values_of(body: &IdentityCreate) -> IdentityValues {
    IdentityValues {
        parent_id: body.parent_id,
        name: body.name.clone(),
        display_name: body.display_name.clone(),
        description: body.description.clone(),
        email: body.email.clone(),
        phone_number: body.phone_number.clone(),
        vlan: body.vlan,
        revoked: body.revoked.unwrap_or(false),
        is_primary: body.primary.unwrap_or(false),
        metering_profile_id: body.metering_profile_id,
        expiration_date: body.expiration_date,
    }
}

/// Device MACs of a request, normalised; a bad one is a 400 naming it.
pub fn device_macs(macs: &[String]) -> Result<Vec<Mac>, ApiError> {
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
    rules::finish(errors)?;
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
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    body: IdentityCreate,
) -> Result<Uuid, ApiError> {
    let values = values_of(&body);
    rules::finish(validate(&values))?;
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
    rules::finish(validate(&v))?;
    repo::update_identity(conn, tenant_id, id, &v).await?;
    crate::dpsk_link::on_update(conn, tenant_id, &group, &current, &v, patch.dpsk_passphrase)
        .await?;
    Ok(id)
}

/// Deletes the identities (all of them, or none when one is missing) with
/// their passphrases; their VNIs become free.
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

pub async fn add_devices(
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
pub async fn delete_device(
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
pub async fn replace_ports(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    venue_id: &str,
    ports: &[NewPort],
) -> Result<(), ApiError> {
    repo::replace_ports(conn, tenant_id, identity_id, venue_id, ports)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => ApiError::Conflict(
                "An ethernet port in the list belongs to another identity".into(),
            ),
            _ => e.into(),
        })
}

/// Removes one ethernet port by MAC and port index, or 404.
pub async fn delete_port(
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
pub fn checked_ports(ports: Vec<EthernetPortUpdate>) -> Result<Vec<NewPort>, ApiError> {
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
    rules::finish(errors)?;
    Ok(out)
}

/// Retries the VNI allocation: the identity's VNI is released and the
/// lowest free one allocated; 403 when none is free.
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
}
