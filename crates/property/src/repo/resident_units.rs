//! The unit a resident token opens, read with the token check in one
//! statement.
//!
//! `GET /residents/properties/{id}/units` is the Resident Portal's hot path,
//! and the chain token → unit → property → group → pool → identity →
//! passphrase cost a round trip per link through the Rust functions of
//! Identity and DPSK. So the statement reads those links through the SQL
//! functions the owning domains publish for this (migration
//! `20261130001300_domain_read_functions.sql`: `r1_tenant_status`,
//! `identity_group_dpsk_pool`, `identity_dpsk_passphrase_id`,
//! `dpsk_passphrase_text`), never their tables; the planner inlines them.

use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct TokenUnitRow {
    pub tenant_id: String,
    pub venue_id: String,
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub resident_name: String,
    pub resident_email: Option<String>,
    pub resident_phone: Option<String>,
    /// The DPSK pool of the property's identity group as Identity stores it;
    /// `None` also when the unit's property or its group is missing.
    pub group_pool: Option<String>,
    /// The UNIT identity's passphrase (the identity in the property's group)
    /// and the pool it is in.
    pub secret_pool: Option<Uuid>,
    pub secret: Option<String>,
    pub guest_secret_pool: Option<Uuid>,
    pub guest_secret: Option<String>,
}

/// The unit of a live resident token, with its UNIT and GUEST passphrases.
/// The token is looked up as [`super::find_token_of_property`] does: under
/// the tenant of the property the request names (`venue_id`), unexpired,
/// its unit enabled and its tenant `active_status`.
pub async fn find_unit_of_token(
    conn: &mut PgConnection,
    venue_id: &str,
    token_sha256: &str,
    active_status: &str,
) -> Result<Option<TokenUnitRow>, sqlx::Error> {
    sqlx::query_as!(
        TokenUnitRow,
        r#"SELECT t.tenant_id, u.venue_id, u.id, u.name, u.status, u.resident_name,
                  u.resident_email, u.resident_phone, g.dpsk_pool_id AS "group_pool?",
                  s.pool_id AS "secret_pool?", s.passphrase AS "secret?",
                  gs.pool_id AS "guest_secret_pool?", gs.passphrase AS "guest_secret?"
             FROM venues v
             JOIN resident_tokens t ON t.tenant_id = v.tenant_id AND t.token_sha256 = $2
             JOIN property_units u ON u.tenant_id = t.tenant_id AND u.id = t.unit_id
             JOIN LATERAL r1_tenant_status(t.tenant_id) n ON true
             LEFT JOIN property_configs p ON p.tenant_id = u.tenant_id
                                         AND p.venue_id = u.venue_id
             LEFT JOIN LATERAL identity_group_dpsk_pool(p.tenant_id, p.persona_group_id) g
                    ON true
             LEFT JOIN LATERAL (
                  SELECT d.pool_id, d.passphrase
                    FROM property_unit_identities pi
                    JOIN LATERAL identity_dpsk_passphrase_id(
                             pi.tenant_id, p.persona_group_id, pi.identity_id) i ON true
                    JOIN LATERAL dpsk_passphrase_text(pi.tenant_id, i.passphrase_id) d ON true
                   WHERE pi.tenant_id = u.tenant_id AND pi.unit_id = u.id
                     AND pi.persona_type = 'UNIT') s ON true
             LEFT JOIN LATERAL (
                  SELECT d.pool_id, d.passphrase
                    FROM property_unit_identities pi
                    JOIN LATERAL identity_dpsk_passphrase_id(
                             pi.tenant_id, p.persona_group_id, pi.identity_id) i ON true
                    JOIN LATERAL dpsk_passphrase_text(pi.tenant_id, i.passphrase_id) d ON true
                   WHERE pi.tenant_id = u.tenant_id AND pi.unit_id = u.id
                     AND pi.persona_type = 'GUEST') gs ON true
            WHERE v.id = $1 AND t.expires_at > now() AND u.status = 'ENABLED'
              AND n.status = $3"#,
        venue_id,
        token_sha256,
        active_status
    )
    .fetch_optional(conn)
    .await
}
