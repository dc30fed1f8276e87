//! Devices in customers' inventories. r1 serves no device API, so
//! `/_r1/tenants/{tenantId}/inventory` places them; the inventory queries
//! and the CSV export then read real rows.

use r1_core::ApiError;
use sqlx::PgConnection;

use crate::{
    model::InventoryDevice,
    repo::{self, NewDevice},
    rules::Check,
};

/// The columns of the inventory CSV export, and the view field of each.
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("Device Name", "name"),
    ("Serial Number", "serialNumber"),
    ("Device Type", "deviceType"),
    ("Model", "model"),
    ("MAC Address", "mac"),
    ("Firmware Version", "fwVersion"),
    ("Status", "deviceStatus"),
    ("Venue", "venueName"),
    ("Customer", "customerName"),
    ("Customer Tenant Id", "tenantId"),
];

fn device_type(v: &str) -> Option<&'static str> {
    match v.to_ascii_uppercase().as_str() {
        "AP" | "WIFI" | "DVCNWTYPE_WIFI" => Some("DVCNWTYPE_WIFI"),
        "SWITCH" | "DVCNWTYPE_SWITCH" => Some("DVCNWTYPE_SWITCH"),
        _ => None,
    }
}

fn is_mac(v: &str) -> bool {
    let parts: Vec<&str> = v.split([':', '-']).collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Places the devices in the customer's inventory: all of them, or none.
pub async fn place(
    conn: &mut PgConnection,
    tenant_id: &str,
    devices: &[InventoryDevice],
) -> Result<usize, ApiError> {
    if r1_core::tenants::status(conn, tenant_id).await?.is_none() {
        return Err(ApiError::NotFound(format!("Tenant {tenant_id} not found")));
    }
    if devices.is_empty() || devices.len() > 10_000 {
        return Err(ApiError::field(
            "inventory",
            "devices",
            devices.len(),
            "size must be between 1 and 10000",
        ));
    }
    let mut check = Check::new("inventoryDevice");
    for d in devices {
        let serial = check.required("serialNumber", d.serial_number.as_deref());
        check.length("serialNumber", serial, 1, 64);
        let kind = check.required("deviceType", d.device_type.as_deref());
        if let Some(k) = kind.filter(|k| device_type(k).is_none()) {
            check.fail("deviceType", k, "must be AP or SWITCH");
        }
        let mac = check.required("mac", d.mac.as_deref());
        if let Some(m) = mac.filter(|m| !is_mac(m)) {
            check.fail("mac", m, "must be a MAC address such as 00:11:22:33:44:55");
        }
        check.required("model", d.model.as_deref());
    }
    check.finish()?;
    for d in devices {
        let serial = d.serial_number.as_deref().unwrap_or_default().trim();
        let kind = d
            .device_type
            .as_deref()
            .and_then(device_type)
            .unwrap_or("DVCNWTYPE_WIFI");
        let mac = d
            .mac
            .as_deref()
            .unwrap_or_default()
            .replace('-', ":")
            .to_ascii_uppercase();
        let model = d.model.as_deref().unwrap_or_default();
        let placed = repo::insert_device(
            conn,
            tenant_id,
            &NewDevice {
                serial_number: serial,
                device_type: kind,
                mac: &mac,
                model,
                name: d.name.as_deref().unwrap_or(serial),
                venue_id: d.venue_id.as_deref(),
                venue_name: d.venue_name.as_deref(),
                device_status: d.device_status.as_deref().unwrap_or("2_00_Operational"),
                fw_version: d.fw_version.as_deref(),
            },
        )
        .await?;
        if !placed {
            return Err(ApiError::Conflict(format!(
                "Device {serial} is already in an inventory"
            )));
        }
    }
    Ok(devices.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_types_and_macs_are_checked() {
        assert_eq!(device_type("ap"), Some("DVCNWTYPE_WIFI"));
        assert_eq!(device_type("SWITCH"), Some("DVCNWTYPE_SWITCH"));
        assert_eq!(device_type("router"), None);
        assert!(is_mac("00:11:22:aa:BB:cc"));
        assert!(is_mac("00-11-22-aa-BB-cc"));
        assert!(!is_mac("00:11:22:aa:BB"));
    }
}
