//! Property configuration use cases: each runs inside the caller's
//! transaction.

use r1_core::{
    error::FieldError,
    hal::BaseUrl,
    pagination::{Order, Page, SortFields},
    ApiError,
};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    identity_link, missing,
    model::{Address, EntityModelPropertyDto, PropertyDto, QueryData, UnitConfigDto},
    paging,
    repo::{self, PropertyFilter, PropertyRow, PropertyValues},
    rules,
};

pub fn not_found(venue_id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "Property configuration not found for venue {venue_id}"
    ))
}

pub async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
) -> Result<PropertyRow, ApiError> {
    repo::find_property(conn, tenant_id, venue_id)
        .await?
        .ok_or_else(|| not_found(venue_id))
}

pub fn unit_config(row: &PropertyRow) -> UnitConfigDto {
    serde_json::from_value(row.unit_config.clone()).unwrap_or_default()
}

pub fn view(row: PropertyRow, base: &BaseUrl) -> EntityModelPropertyDto {
    let address: Address = serde_json::from_value(row.venue_address.clone()).unwrap_or_default();
    let unit_config = unit_config(&row);
    EntityModelPropertyDto {
        links: base.links([
            ("self", format!("/venues/{}/propertyConfigs", row.venue_id)),
            ("units", format!("/venues/{}/units", row.venue_id)),
        ]),
        venue: serde_json::json!({ "id": row.venue_id, "name": row.venue_name }),
        venue_id: row.venue_id,
        venue_name: row.venue_name,
        address,
        description: row.description,
        persona_group_id: row.persona_group_id.to_string(),
        resident_portal_id: row.resident_portal_id,
        status: row.status,
        unit_config,
        communication_config: match row.communication_config {
            Value::Object(map) => map,
            _ => Default::default(),
        },
    }
}

fn group_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| {
        ApiError::field(
            "property",
            "personaGroupId",
            raw,
            "must be an identity group id",
        )
    })
}

/// Enables (or disables) property management on a venue: `replace` for
/// PUT (status and personaGroupId required, the rest as sent), otherwise a
/// PATCH of an existing configuration where only the members sent change.
pub async fn enable(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    body: PropertyDto,
    replace: bool,
) -> Result<(), ApiError> {
    repo::find_venue(conn, tenant_id, venue_id)
        .await?
        .ok_or_else(|| missing::venue(venue_id))?;
    repo::lock_property(conn, tenant_id, venue_id).await?;
    let current = repo::find_property(conn, tenant_id, venue_id).await?;
    if !replace && current.is_none() {
        return Err(not_found(venue_id));
    }
    let mut errors: Vec<FieldError> = Vec::new();
    if replace {
        if body.status.is_none() {
            errors.push(FieldError::new(
                "property",
                "status",
                (),
                "must not be null",
            ));
        }
        if body.persona_group_id.is_none() {
            errors.push(FieldError::new(
                "property",
                "personaGroupId",
                (),
                "must not be null",
            ));
        }
    }
    if let Some(s) = &body.status {
        rules::status("property", "status", s, &mut errors);
    }
    if let Some(c) = &body.unit_config {
        if c.max_unit_count.is_some_and(|n| n < 0) {
            errors.push(FieldError::new(
                "property",
                "unitConfig.maxUnitCount",
                c.max_unit_count,
                "must be at least 0",
            ));
        }
    }
    rules::finish(errors)?;
    let group = match &body.persona_group_id {
        Some(raw) => group_id(raw)?,
        None => current
            .as_ref()
            .map(|c| c.persona_group_id)
            .ok_or_else(|| not_found(venue_id))?,
    };
    identity_link::group_pool(conn, tenant_id, group).await?;
    if let Some(c) = &current {
        if c.persona_group_id != group && repo::count_units(conn, tenant_id, venue_id).await? > 0 {
            return Err(ApiError::field(
                "property",
                "personaGroupId",
                group,
                "cannot change while the property has units (their identities are in the group)",
            ));
        }
    }
    let portal = match body.resident_portal_id {
        Some(Some(p)) => {
            repo::find_portal(conn, tenant_id, p)
                .await?
                .ok_or_else(|| crate::portals::not_found(p))?;
            Some(p)
        }
        Some(None) => None,
        None if replace => None,
        None => current.as_ref().and_then(|c| c.resident_portal_id),
    };
    let keep = |v: Option<Value>, old: Option<&Value>| -> Value {
        v.or_else(|| if replace { None } else { old.cloned() })
            .unwrap_or_else(|| Value::Object(Default::default()))
    };
    let unit_config = keep(
        body.unit_config
            .map(|c| serde_json::to_value(c).unwrap_or_default()),
        current.as_ref().map(|c| &c.unit_config),
    );
    let communication_config = keep(
        body.communication_config.map(Value::Object),
        current.as_ref().map(|c| &c.communication_config),
    );
    let values = PropertyValues {
        status: body
            .status
            .or_else(|| current.as_ref().map(|c| c.status.clone()))
            .unwrap_or_else(|| "DISABLED".into()),
        persona_group_id: group,
        resident_portal_id: portal,
        description: match body.description {
            Some(d) => d,
            None if replace => None,
            None => current.as_ref().and_then(|c| c.description.clone()),
        },
        unit_config,
        communication_config,
    };
    repo::upsert_property(conn, tenant_id, venue_id, &values).await?;
    Ok(())
}

pub async fn assign_portal(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    portal_id: Uuid,
) -> Result<(), ApiError> {
    find(conn, tenant_id, venue_id).await?;
    repo::find_portal(conn, tenant_id, portal_id)
        .await?
        .ok_or_else(|| crate::portals::not_found(portal_id))?;
    repo::set_property_portal(conn, tenant_id, venue_id, portal_id).await?;
    Ok(())
}

const PROPERTY_SORT: SortFields = &[
    ("venueId", "p.venue_id"),
    ("venueName", "v.name"),
    ("status", "p.status"),
    ("personaGroupId", "p.persona_group_id"),
    ("description", "p.description"),
];

pub async fn query(
    conn: &mut PgConnection,
    tenant_id: &str,
    q: &QueryData,
    base: &BaseUrl,
) -> Result<Page<EntityModelPropertyDto>, ApiError> {
    let (pageable, order) = paging::window(q, PROPERTY_SORT, Order::by("v.name", false))?;
    let filter = PropertyFilter {
        venue_ids: paging::strings(q, "venueId")?,
        statuses: paging::strings(q, "status")?,
        persona_group_ids: paging::uuids(q, "personaGroupId")?,
        keyword: paging::keyword(q),
    };
    let (total, rows) = repo::query_properties(
        conn,
        tenant_id,
        &filter,
        &order,
        pageable.limit(),
        pageable.offset(),
    )
    .await?;
    let content = rows.into_iter().map(|r| view(r, base)).collect();
    Ok(Page::new(content, total, &pageable, &order))
}
