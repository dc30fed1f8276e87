//! Every SQL statement of venues, property configurations, units, unit
//! identities, resident portals and resident tokens.

use chrono::{DateTime, Utc};
use r1_core::pagination::{escape_like, push_limit_offset, Order};
use serde_json::Value;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

// ---- venues ----

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

fn push_search(qb: &mut QueryBuilder<'_, Postgres>, search: &Option<(String, Vec<&'static str>)>) {
    if let Some((text, columns)) = search {
        let pattern = format!("%{}%", escape_like(text));
        qb.push(" AND (");
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(*column)
                .push(" ILIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\'");
        }
        qb.push(")");
    }
}

fn push_any<T>(qb: &mut QueryBuilder<'_, Postgres>, column: &str, values: &Option<Vec<T>>)
where
    T: Clone + Send + sqlx::Type<Postgres> + for<'q> sqlx::Encode<'q, Postgres> + 'static,
    Vec<T>: sqlx::Type<Postgres> + for<'q> sqlx::Encode<'q, Postgres>,
{
    if let Some(v) = values.as_ref().filter(|v| !v.is_empty()) {
        qb.push(" AND ")
            .push(column)
            .push(" = ANY(")
            .push_bind(v.clone())
            .push(")");
    }
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

// ---- property configurations ----

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

// ---- units ----

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
            push_search(
                qb,
                &Some((
                    k.clone(),
                    vec![
                        "u.name",
                        "u.resident_name",
                        "u.resident_email",
                        "u.resident_phone",
                    ],
                )),
            );
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

// ---- unit identities ----

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

// ---- resident portals ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PortalRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub portal_status: String,
    pub ui_configuration: Value,
    pub venue_count: i64,
}

#[derive(Debug, Clone)]
pub struct PortalValues {
    pub name: String,
    pub description: Option<String>,
    pub portal_status: String,
    pub ui_configuration: Value,
}

/// A portal file: its bytes and content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalFile {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

pub async fn insert_portal(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &PortalValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO resident_portals (id, tenant_id, name, description, portal_status,
                ui_configuration)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        tenant_id,
        v.name,
        v.description,
        v.portal_status,
        v.ui_configuration
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_portal(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &PortalValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE resident_portals SET name = $3, description = $4, portal_status = $5,
                ui_configuration = $6, updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        v.name,
        v.description,
        v.portal_status,
        v.ui_configuration
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_portal(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<PortalRow>, sqlx::Error> {
    sqlx::query_as!(
        PortalRow,
        r#"SELECT r.id, r.name, r.description, r.portal_status, r.ui_configuration,
                (SELECT COUNT(*) FROM property_configs p
                  WHERE p.resident_portal_id = r.id) AS "venue_count!"
           FROM resident_portals r WHERE r.tenant_id = $1 AND r.id = $2"#,
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await
}

pub async fn delete_portal(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM resident_portals WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_logo(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    file: Option<&PortalFile>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE resident_portals SET logo = $3, logo_content_type = $4, updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        file.map(|f| f.bytes.as_slice()),
        file.map(|f| f.content_type.as_str())
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_fav_icon(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    file: Option<&PortalFile>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE resident_portals SET fav_icon = $3, fav_icon_content_type = $4, updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        file.map(|f| f.bytes.as_slice()),
        file.map(|f| f.content_type.as_str())
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn logo(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<PortalFile>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT logo, logo_content_type FROM resident_portals WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|r| match (r.logo, r.logo_content_type) {
        (Some(bytes), Some(content_type)) => Some(PortalFile {
            bytes,
            content_type,
        }),
        _ => None,
    }))
}

pub async fn fav_icon(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<PortalFile>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT fav_icon, fav_icon_content_type FROM resident_portals
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(
        row.and_then(|r| match (r.fav_icon, r.fav_icon_content_type) {
            (Some(bytes), Some(content_type)) => Some(PortalFile {
                bytes,
                content_type,
            }),
            _ => None,
        }),
    )
}

#[derive(Debug, Clone, Default)]
pub struct PortalFilter {
    pub ids: Option<Vec<Uuid>>,
    pub names: Option<Vec<String>>,
    pub statuses: Option<Vec<String>>,
    pub keyword: Option<String>,
}

pub async fn query_portals(
    conn: &mut PgConnection,
    tenant_id: &str,
    f: &PortalFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<PortalRow>), sqlx::Error> {
    let filter = |qb: &mut QueryBuilder<'_, Postgres>| {
        qb.push(" FROM resident_portals r WHERE r.tenant_id = ")
            .push_bind(tenant_id.to_string());
        push_any(qb, "r.id", &f.ids);
        push_any(qb, "r.name", &f.names);
        push_any(qb, "r.portal_status", &f.statuses);
        if let Some(k) = &f.keyword {
            push_search(qb, &Some((k.clone(), vec!["r.name", "r.description"])));
        }
    };
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(
        "SELECT r.id, r.name, r.description, r.portal_status, r.ui_configuration,
                (SELECT COUNT(*) FROM property_configs p WHERE p.resident_portal_id = r.id) AS venue_count",
    );
    filter(&mut qb);
    order.push(&mut qb, "r.id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}

// ---- resident tokens ----

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
