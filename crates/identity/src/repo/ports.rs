//! An identity's ethernet ports.

use chrono::{DateTime, Utc};
use r1_core::{constraint::OnConstraint, ApiError};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct PortRow {
    pub identity_id: Uuid,
    pub mac_address: String,
    pub port_index: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn ports_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_ids: &[Uuid],
) -> Result<Vec<PortRow>, sqlx::Error> {
    sqlx::query_as!(
        PortRow,
        "SELECT identity_id, mac_address, port_index, name, created_at, updated_at
           FROM identity_ethernet_ports
          WHERE tenant_id = $1 AND identity_id = ANY($2)
          ORDER BY venue_id, mac_address, port_index",
        tenant_id,
        identity_ids
    )
    .fetch_all(conn)
    .await
}

/// A port as a request gives it, already checked.
#[derive(Debug, Clone)]
pub struct NewPort {
    pub mac_address: String,
    pub port_index: i32,
    pub name: String,
}

/// Replaces the identity's ports at the venue. A port another identity holds
/// is a unique violation (409).
pub async fn replace_ports(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    venue_id: &str,
    ports: &[NewPort],
) -> Result<(), ApiError> {
    sqlx::query!(
        "DELETE FROM identity_ethernet_ports
          WHERE tenant_id = $1 AND identity_id = $2 AND venue_id = $3",
        tenant_id,
        identity_id,
        venue_id
    )
    .execute(&mut *conn)
    .await?;
    for p in ports {
        sqlx::query!(
            "INSERT INTO identity_ethernet_ports
                 (tenant_id, identity_id, venue_id, mac_address, port_index, name)
             VALUES ($1, $2, $3, $4, $5, $6)",
            tenant_id,
            identity_id,
            venue_id,
            p.mac_address,
            p.port_index,
            p.name
        )
        .execute(&mut *conn)
        .await
        .on_constraint("identity_ethernet_ports_pkey", || {
            ApiError::Conflict("An ethernet port in the list belongs to another identity".into())
        })?;
    }
    Ok(())
}

pub async fn delete_port(
    conn: &mut PgConnection,
    tenant_id: &str,
    identity_id: Uuid,
    mac: &str,
    port_index: i32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM identity_ethernet_ports
          WHERE tenant_id = $1 AND identity_id = $2 AND mac_address = $3 AND port_index = $4",
        tenant_id,
        identity_id,
        mac,
        port_index
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
