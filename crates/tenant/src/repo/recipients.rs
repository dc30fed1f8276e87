//! Notification recipients and their endpoints.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use sqlx::PgConnection;
use uuid::Uuid;

pub struct RecipientRow {
    pub id: Uuid,
    pub description: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub privilege_group_id: Option<String>,
    pub recipient_type: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct EndpointRow {
    pub id: Uuid,
    pub recipient_id: Uuid,
    pub kind: String,
    pub destination: String,
    pub active: bool,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

pub struct RecipientValues {
    pub description: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub privilege_group_id: Option<String>,
    pub recipient_type: Option<String>,
}

pub async fn insert_recipient(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &RecipientValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_recipients (id, tenant_id, description, email_preferences,
             sms_preferences, privilege_group_id, recipient_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        tenant_id,
        v.description,
        v.email_preferences,
        v.sms_preferences,
        v.privilege_group_id,
        v.recipient_type
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_endpoint(
    conn: &mut PgConnection,
    tenant_id: &str,
    recipient_id: Uuid,
    position: i32,
    kind: &str,
    destination: &str,
    active: bool,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_recipient_endpoints (id, tenant_id, recipient_id, position, type,
             destination, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::new_v4(),
        tenant_id,
        recipient_id,
        position,
        kind,
        destination,
        active
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_recipients(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<RecipientRow>, ApiError> {
    Ok(sqlx::query_as!(
        RecipientRow,
        "SELECT id, description, email_preferences, sms_preferences, privilege_group_id,
                recipient_type, created_at, updated_at
         FROM tenant_recipients WHERE tenant_id = $1 ORDER BY created_at, id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn list_endpoints(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<EndpointRow>, ApiError> {
    Ok(sqlx::query_as!(
        EndpointRow,
        r#"SELECT id, recipient_id, type AS "kind", destination, active, status, created_at
           FROM tenant_recipient_endpoints WHERE tenant_id = $1 ORDER BY recipient_id, position"#,
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

/// The ids among `ids` that are recipients of this tenant.
pub async fn existing_recipients(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM tenant_recipients WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .fetch_all(conn)
    .await?)
}

pub async fn delete_recipients(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<u64, ApiError> {
    Ok(sqlx::query!(
        "DELETE FROM tenant_recipients WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .execute(conn)
    .await?
    .rows_affected())
}
