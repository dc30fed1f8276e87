//! An identity's devices (MAC addresses).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub identity_id: Uuid,
    pub mac_address: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn devices_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_ids: &[Uuid],
) -> Result<Vec<DeviceRow>, sqlx::Error> {
    sqlx::query_as!(
        DeviceRow,
        "SELECT identity_id, mac_address, created_at, updated_at FROM identity_devices
          WHERE tenant_id = $1 AND identity_id = ANY($2) ORDER BY created_at, mac_address",
        tenant_id,
        identity_ids
    )
    .fetch_all(conn)
    .await
}

/// Adds the device to the identity (again: no change). `false` when another
/// identity of the tenant holds that MAC.
pub async fn add_device(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    mac: &str,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query!(
        "INSERT INTO identity_devices (tenant_id, identity_id, mac_address) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, mac_address) DO UPDATE SET updated_at = now()
           WHERE identity_devices.identity_id = EXCLUDED.identity_id
         RETURNING identity_id",
        tenant_id,
        identity_id,
        mac
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

pub async fn delete_device(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    mac: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM identity_devices WHERE tenant_id = $1 AND identity_id = $2 AND mac_address = $3",
        tenant_id,
        identity_id,
        mac
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
