//! Venues: the rows a property configuration stands on.

use super::{push_any, push_search};
use chrono::{DateTime, Utc};
use r1_core::pagination::{push_limit_offset, Order};
use serde_json::Value;
use sqlx::{PgConnection, Postgres, QueryBuilder};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VenueRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub address: Value,
    pub tags: Vec<String>,
    pub is_template: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct VenueValues {
    pub name: String,
    pub description: Option<String>,
    pub address: Value,
    pub tags: Vec<String>,
    pub is_template: bool,
}

pub async fn insert_venue(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    v: &VenueValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO venues (id, tenant_id, name, description, address, tags, is_template)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        tenant_id,
        v.name,
        v.description,
        v.address,
        &v.tags,
        v.is_template
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_venue(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<Option<VenueRow>, sqlx::Error> {
    sqlx::query_as!(
        VenueRow,
        "SELECT id, name, description, address, tags, is_template, created_at, updated_at
           FROM venues WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await
}

pub async fn update_venue(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    v: &VenueValues,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE venues SET name = $3, description = $4, address = $5, tags = $6,
                is_template = $7, updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        v.name,
        v.description,
        v.address,
        &v.tags,
        v.is_template
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_venue(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM venues WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a venue query selects: each filter is a list of accepted values.
#[derive(Debug, Clone, Default)]
pub struct VenueFilter {
    pub ids: Option<Vec<String>>,
    pub names: Option<Vec<String>>,
    pub cities: Option<Vec<String>>,
    pub countries: Option<Vec<String>>,
    pub search: Option<(String, Vec<&'static str>)>,
}

pub async fn query_venues(
    conn: &mut PgConnection,
    tenant_id: &str,
    f: &VenueFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<VenueRow>), sqlx::Error> {
    let filter = |qb: &mut QueryBuilder<'_, Postgres>| {
        qb.push(" FROM venues v WHERE v.tenant_id = ")
            .push_bind(tenant_id.to_string());
        push_any(qb, "v.id", &f.ids);
        push_any(qb, "v.name", &f.names);
        push_any(qb, "v.address->>'city'", &f.cities);
        push_any(qb, "v.address->>'country'", &f.countries);
        push_search(qb, &f.search);
    };
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(
        "SELECT v.id, v.name, v.description, v.address, v.tags, v.is_template, v.created_at, v.updated_at",
    );
    filter(&mut qb);
    order.push(&mut qb, "v.id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}
