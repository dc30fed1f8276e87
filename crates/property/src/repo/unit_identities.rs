//! The identities associated with units.

use super::push_any;
use r1_core::pagination::{push_limit_offset, Order};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnitIdentityRow {
    pub identity_id: Uuid,
    pub unit_id: Uuid,
    pub persona_type: String,
}

/// Links an identity to a unit; false when it already belongs to a unit.
pub async fn insert_unit_identity(
    conn: &mut PgConnection,
    tenant_id: &str,
    unit_id: Uuid,
    identity_id: Uuid,
    persona_type: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "INSERT INTO property_unit_identities (identity_id, tenant_id, unit_id, persona_type)
         VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, identity_id) DO NOTHING",
        identity_id,
        tenant_id,
        unit_id,
        persona_type
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_unit_identity(
    conn: &mut PgConnection,
    tenant_id: &str,
    unit_id: Uuid,
    identity_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM property_unit_identities
          WHERE tenant_id = $1 AND unit_id = $2 AND identity_id = $3",
        tenant_id,
        unit_id,
        identity_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn identities_of_unit(
    conn: &mut PgConnection,
    tenant_id: &str,
    unit_id: Uuid,
) -> Result<Vec<UnitIdentityRow>, sqlx::Error> {
    sqlx::query_as!(
        UnitIdentityRow,
        "SELECT identity_id, unit_id, persona_type FROM property_unit_identities
          WHERE tenant_id = $1 AND unit_id = $2 ORDER BY created_at, identity_id",
        tenant_id,
        unit_id
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, Default)]
pub struct UnitIdentityFilter {
    pub unit_ids: Option<Vec<Uuid>>,
    pub persona_types: Option<Vec<String>>,
    pub persona_ids: Option<Vec<Uuid>>,
}

pub async fn query_unit_identities(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    f: &UnitIdentityFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<UnitIdentityRow>), sqlx::Error> {
    let filter = |qb: &mut QueryBuilder<'_, Postgres>| {
        qb.push(
            " FROM property_unit_identities i JOIN property_units u ON u.id = i.unit_id \
             WHERE i.tenant_id = ",
        )
        .push_bind(tenant_id.to_string())
        .push(" AND u.venue_id = ")
        .push_bind(venue_id.to_string());
        push_any(qb, "i.unit_id", &f.unit_ids);
        push_any(qb, "i.persona_type", &f.persona_types);
        push_any(qb, "i.identity_id", &f.persona_ids);
    };
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new("SELECT i.identity_id, i.unit_id, i.persona_type");
    filter(&mut qb);
    order.push(&mut qb, "i.identity_id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}
