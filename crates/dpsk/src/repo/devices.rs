//! A passphrase's devices (MAC addresses).

use sqlx::{PgConnection, QueryBuilder};
use uuid::Uuid;

use super::*;

#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub passphrase_id: Uuid,
    pub mac: String,
}

/// The devices of these passphrases, oldest first.
pub async fn devices_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    passphrase_ids: &[Uuid],
) -> Result<Vec<DeviceRow>, sqlx::Error> {
    sqlx::query_as!(
        DeviceRow,
        "SELECT passphrase_id, mac FROM dpsk_passphrase_devices
         WHERE tenant_id = $1 AND passphrase_id = ANY($2)
         ORDER BY passphrase_id, created_at, mac",
        tenant_id,
        passphrase_ids
    )
    .fetch_all(conn)
    .await
}

/// Adds devices (normalised MACs); ones already there are kept as they are.
pub async fn insert_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    devices: &[(Uuid, String)],
) -> Result<(), sqlx::Error> {
    for chunk in devices.chunks(INSERT_CHUNK * 4) {
        let mut qb = QueryBuilder::new(
            "INSERT INTO dpsk_passphrase_devices (tenant_id, passphrase_id, mac) ",
        );
        qb.push_values(chunk, |mut b, (id, mac)| {
            b.push_bind(tenant_id.to_string())
                .push_bind(*id)
                .push_bind(mac.clone());
        });
        qb.push(" ON CONFLICT DO NOTHING");
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn delete_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    passphrase_id: Uuid,
    macs: &[String],
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM dpsk_passphrase_devices
         WHERE tenant_id = $1 AND passphrase_id = $2 AND mac = ANY($3)",
        tenant_id,
        passphrase_id,
        macs
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn clear_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    passphrase_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM dpsk_passphrase_devices WHERE tenant_id = $1 AND passphrase_id = $2",
        tenant_id,
        passphrase_id
    )
    .execute(conn)
    .await?;
    Ok(())
}
