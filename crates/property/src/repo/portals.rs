//! Resident portals and their files.

use super::{push_any, push_search};
use r1_core::pagination::{push_limit_offset, Order};
use serde_json::Value;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

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
