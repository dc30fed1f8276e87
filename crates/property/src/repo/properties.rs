//! Property configurations of venues.

use super::{push_any, push_search};
use r1_core::pagination::{push_limit_offset, Order};
use serde_json::Value;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PropertyRow {
    pub venue_id: String,
    pub venue_name: String,
    pub venue_address: Value,
    pub status: String,
    pub persona_group_id: Uuid,
    pub resident_portal_id: Option<Uuid>,
    pub description: Option<String>,
    pub unit_config: Value,
    pub communication_config: Value,
}

#[derive(Debug, Clone)]
pub struct PropertyValues {
    pub status: String,
    pub persona_group_id: Uuid,
    pub resident_portal_id: Option<Uuid>,
    pub description: Option<String>,
    pub unit_config: Value,
    pub communication_config: Value,
}

pub async fn find_property(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
) -> Result<Option<PropertyRow>, sqlx::Error> {
    sqlx::query_as!(
        PropertyRow,
        "SELECT p.venue_id, v.name AS venue_name, v.address AS venue_address, p.status,
                p.persona_group_id, p.resident_portal_id, p.description, p.unit_config,
                p.communication_config
           FROM property_configs p JOIN venues v ON v.id = p.venue_id
          WHERE p.tenant_id = $1 AND p.venue_id = $2",
        tenant_id,
        venue_id
    )
    .fetch_optional(conn)
    .await
}

/// The property configuration, locked until the transaction ends.
pub async fn lock_property(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT 1 AS one FROM property_configs WHERE tenant_id = $1 AND venue_id = $2 FOR UPDATE",
        tenant_id,
        venue_id
    )
    .fetch_optional(conn)
    .await?
    .is_some())
}

pub async fn upsert_property(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    v: &PropertyValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO property_configs (venue_id, tenant_id, status, persona_group_id,
                resident_portal_id, description, unit_config, communication_config)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant_id, venue_id) DO UPDATE SET status = $3, persona_group_id = $4,
                resident_portal_id = $5, description = $6, unit_config = $7,
                communication_config = $8, updated_at = now()",
        venue_id,
        tenant_id,
        v.status,
        v.persona_group_id,
        v.resident_portal_id,
        v.description,
        v.unit_config,
        v.communication_config
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_property_portal(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    portal_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE property_configs SET resident_portal_id = $3, updated_at = now()
          WHERE tenant_id = $1 AND venue_id = $2",
        tenant_id,
        venue_id,
        portal_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, Default)]
pub struct PropertyFilter {
    pub venue_ids: Option<Vec<String>>,
    pub statuses: Option<Vec<String>>,
    pub persona_group_ids: Option<Vec<Uuid>>,
    pub keyword: Option<String>,
}

pub async fn query_properties(
    conn: &mut PgConnection,
    tenant_id: &str,
    f: &PropertyFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<PropertyRow>), sqlx::Error> {
    let filter = |qb: &mut QueryBuilder<'_, Postgres>| {
        qb.push(" FROM property_configs p JOIN venues v ON v.id = p.venue_id WHERE p.tenant_id = ")
            .push_bind(tenant_id.to_string());
        push_any(qb, "p.venue_id", &f.venue_ids);
        push_any(qb, "p.status", &f.statuses);
        push_any(qb, "p.persona_group_id", &f.persona_group_ids);
        if let Some(k) = &f.keyword {
            push_search(qb, &Some((k.clone(), vec!["v.name", "p.description"])));
        }
    };
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(
        "SELECT p.venue_id, v.name AS venue_name, v.address AS venue_address, p.status,
                p.persona_group_id, p.resident_portal_id, p.description, p.unit_config,
                p.communication_config",
    );
    filter(&mut qb);
    order.push(&mut qb, "p.venue_id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}
