//! The units of a property.

use super::{push_any, push_search};
use r1_core::pagination::{escape_like, push_limit_offset, Order};
use serde_json::Value;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnitRow {
    pub id: Uuid,
    pub venue_id: String,
    pub name: String,
    pub status: String,
    pub resident_name: String,
    pub resident_email: Option<String>,
    pub resident_phone: Option<String>,
    pub access_point: Option<Value>,
    pub traffic_control: Option<Value>,
    pub persona_id: Option<Uuid>,
    pub guest_persona_id: Option<Uuid>,
    pub identity_count: i64,
}

#[derive(Debug, Clone)]
pub struct UnitValues {
    pub name: String,
    pub status: String,
    pub resident_name: String,
    pub resident_email: Option<String>,
    pub resident_phone: Option<String>,
    pub access_point: Option<Value>,
    pub traffic_control: Option<Value>,
}

impl From<&UnitRow> for UnitValues {
    fn from(u: &UnitRow) -> Self {
        UnitValues {
            name: u.name.clone(),
            status: u.status.clone(),
            resident_name: u.resident_name.clone(),
            resident_email: u.resident_email.clone(),
            resident_phone: u.resident_phone.clone(),
            access_point: u.access_point.clone(),
            traffic_control: u.traffic_control.clone(),
        }
    }
}

pub async fn count_units(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM property_units WHERE tenant_id = $1 AND venue_id = $2"#,
        tenant_id,
        venue_id
    )
    .fetch_one(conn)
    .await
}

pub async fn insert_unit(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
    v: &UnitValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO property_units (id, tenant_id, venue_id, name, status, resident_name,
                resident_email, resident_phone, access_point, traffic_control)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        id,
        tenant_id,
        venue_id,
        v.name,
        v.status,
        v.resident_name,
        v.resident_email,
        v.resident_phone,
        v.access_point,
        v.traffic_control
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_unit(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &UnitValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE property_units SET name = $3, status = $4, resident_name = $5,
                resident_email = $6, resident_phone = $7, access_point = $8,
                traffic_control = $9, updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        v.name,
        v.status,
        v.resident_name,
        v.resident_email,
        v.resident_phone,
        v.access_point,
        v.traffic_control
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_unit(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
) -> Result<Option<UnitRow>, sqlx::Error> {
    sqlx::query_as!(
        UnitRow,
        r#"SELECT u.id, u.venue_id, u.name, u.status, u.resident_name, u.resident_email,
                u.resident_phone, u.access_point, u.traffic_control,
                (SELECT identity_id FROM property_unit_identities i
                  WHERE i.unit_id = u.id AND i.persona_type = 'UNIT') AS persona_id,
                (SELECT identity_id FROM property_unit_identities i
                  WHERE i.unit_id = u.id AND i.persona_type = 'GUEST') AS guest_persona_id,
                (SELECT COUNT(*) FROM property_unit_identities i
                  WHERE i.unit_id = u.id) AS "identity_count!"
           FROM property_units u
          WHERE u.tenant_id = $1 AND u.venue_id = $2 AND u.id = $3"#,
        tenant_id,
        venue_id,
        id
    )
    .fetch_optional(conn)
    .await
}

/// Locks the unit's row until the transaction ends; false when it is gone.
pub async fn lock_unit(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT 1 AS one FROM property_units
          WHERE tenant_id = $1 AND venue_id = $2 AND id = $3 FOR UPDATE",
        tenant_id,
        venue_id,
        id
    )
    .fetch_optional(conn)
    .await?
    .is_some())
}

pub async fn delete_unit(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM property_units WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn unit_ids_of_venue(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM property_units WHERE tenant_id = $1 AND venue_id = $2",
        tenant_id,
        venue_id
    )
    .fetch_all(conn)
    .await
}

/// Which of `ids` are units of the venue.
pub async fn units_among(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM property_units WHERE tenant_id = $1 AND venue_id = $2 AND id = ANY($3)",
        tenant_id,
        venue_id,
        ids
    )
    .fetch_all(conn)
    .await
}

pub async fn set_traffic_control(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
    traffic_control: &Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE property_units SET traffic_control = $3, updated_at = now()
          WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids,
        traffic_control
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_notified(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE property_units SET notified_at = now() WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_secret_hash(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    sha256: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE property_units SET secret_sha256 = $3 WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        sha256
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The units of a venue whose last seen unit secret hashes to `sha256`
/// (venue ids are unique across tenants).
pub async fn units_by_secret_hash(
    conn: &mut PgConnection,
    venue_id: &str,
    sha256: &str,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM property_units WHERE venue_id = $1 AND secret_sha256 = $2",
        venue_id,
        sha256
    )
    .fetch_all(conn)
    .await
}

/// Every unit of a venue with its UNIT identity, for a login whose secret
/// changed outside Property Management.
pub async fn unit_identities_of_venue(
    conn: &mut PgConnection,
    venue_id: &str,
) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT u.id, i.identity_id FROM property_units u
           JOIN property_unit_identities i ON i.unit_id = u.id AND i.persona_type = 'UNIT'
          WHERE u.venue_id = $1",
        venue_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.identity_id)).collect())
}

/// The tenant a venue belongs to (venue ids are unique across tenants).
pub async fn venue_tenant(
    conn: &mut PgConnection,
    venue_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT tenant_id FROM venues WHERE id = $1", venue_id)
        .fetch_optional(conn)
        .await
}

#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub statuses: Option<Vec<String>>,
    pub names: Option<Vec<String>>,
    pub ids: Option<Vec<Uuid>>,
    pub keyword: Option<String>,
}

/// The columns a unit keyword matches.
const KEYWORD_COLUMNS: &[&str] = &[
    "u.name",
    "u.resident_name",
    "u.resident_email",
    "u.resident_phone",
];
/// Joins [`KEYWORD_COLUMNS`] in `u.keyword_haystack`, their lower-cased
/// text with a trigram index (migration 20261130001500). A keyword without
/// the separator is in the haystack exactly when it is in one of them.
const KEYWORD_SEPARATOR: char = '\u{1f}';

/// The columns of a unit row, over `u`: the page of units is cut first, so
/// the identity lookups run for the rows of the page only.
const UNIT_COLUMNS: &str = "SELECT u.id, u.venue_id, u.name, u.status, u.resident_name,
    u.resident_email, u.resident_phone, u.access_point, u.traffic_control,
    (SELECT identity_id FROM property_unit_identities i
      WHERE i.unit_id = u.id AND i.persona_type = 'UNIT') AS persona_id,
    (SELECT identity_id FROM property_unit_identities i
      WHERE i.unit_id = u.id AND i.persona_type = 'GUEST') AS guest_persona_id,
    (SELECT COUNT(*) FROM property_unit_identities i WHERE i.unit_id = u.id) AS identity_count";

pub async fn query_units(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    f: &UnitFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<UnitRow>), sqlx::Error> {
    let filter = |qb: &mut QueryBuilder<'_, Postgres>| {
        qb.push(" FROM property_units u WHERE u.tenant_id = ")
            .push_bind(tenant_id.to_string())
            .push(" AND u.venue_id = ")
            .push_bind(venue_id.to_string());
        push_any(qb, "u.status", &f.statuses);
        push_any(qb, "u.name", &f.names);
        push_any(qb, "u.id", &f.ids);
        if let Some(k) = &f.keyword {
            if k.contains(KEYWORD_SEPARATOR) {
                // Only a keyword holding the separator could match across
                // two columns of the haystack: test each column instead.
                push_search(qb, &Some((k.clone(), KEYWORD_COLUMNS.to_vec())));
            } else {
                qb.push(" AND u.keyword_haystack LIKE lower(")
                    .push_bind(format!("%{}%", escape_like(k)))
                    .push(")");
            }
        }
    };
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(UNIT_COLUMNS);
    qb.push(" FROM (SELECT u.*");
    filter(&mut qb);
    order.push(&mut qb, "u.id");
    push_limit_offset(&mut qb, Some(limit), offset);
    qb.push(") u");
    order.push(&mut qb, "u.id");
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}
