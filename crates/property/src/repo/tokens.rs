//! Resident (unit) tokens, stored as hashes.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub async fn insert_token(
    conn: &mut PgConnection,
    tenant_id: &str,
    unit_id: Uuid,
    token_sha256: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO resident_tokens (token_sha256, tenant_id, unit_id, expires_at)
         VALUES ($1, $2, $3, $4)",
        token_sha256,
        tenant_id,
        unit_id,
        expires_at
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// What a live resident token opens.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub tenant_id: String,
    pub venue_id: String,
    pub unit_id: Uuid,
    pub unit_status: String,
}

pub async fn find_token(
    conn: &mut PgConnection,
    token_sha256: &str,
) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query_as!(
        TokenRow,
        "SELECT t.tenant_id, u.venue_id, t.unit_id, u.status AS unit_status
           FROM resident_tokens t JOIN property_units u ON u.id = t.unit_id
          WHERE t.token_sha256 = $1 AND t.expires_at > now()",
        token_sha256
    )
    .fetch_optional(conn)
    .await
}
