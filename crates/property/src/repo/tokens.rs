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

/// What a live resident token opens, looked up under the tenant of the
/// property the request names (`venue_id`), by the table's key
/// `(tenant_id, token_sha256)`: the token must be unexpired, its unit enabled
/// and its tenant `active_status`. `None` when any of that fails, or the
/// token is of another tenant.
pub async fn find_token_of_property(
    conn: &mut PgConnection,
    venue_id: &str,
    token_sha256: &str,
    active_status: &str,
) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query_as!(
        TokenRow,
        "SELECT t.tenant_id, u.venue_id, t.unit_id, u.status AS unit_status
           FROM venues v
           JOIN resident_tokens t ON t.tenant_id = v.tenant_id AND t.token_sha256 = $2
           JOIN property_units u ON u.tenant_id = t.tenant_id AND u.id = t.unit_id
           JOIN LATERAL r1_tenant_status(t.tenant_id) n ON true
          WHERE v.id = $1 AND t.expires_at > now() AND u.status = 'ENABLED' AND n.status = $3",
        venue_id,
        token_sha256,
        active_status
    )
    .fetch_optional(conn)
    .await
}
