//! Unit identity use cases: link an identity of the property's group to a
//! unit, remove it, and query a property's unit identities. Each runs
//! inside the caller's transaction.

use r1_core::{
    hal::BaseUrl,
    pagination::{Order, Page, SortFields},
    ApiError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    identity_link,
    model::{EntityModelPersona, Persona, QueryData},
    paging, properties,
    repo::{self, UnitIdentityFilter},
    units::{self, GUEST, LINKED, UNIT},
};

/// Links an identity of the property's group to the unit (LINKED).
pub async fn associate_identity(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    unit_id: Uuid,
    identity_id: Uuid,
) -> Result<Persona, ApiError> {
    let property = properties::find(conn, tenant_id, venue_id).await?;
    units::find_row(conn, tenant_id, venue_id, unit_id).await?;
    identity_link::find(conn, tenant_id, property.persona_group_id, identity_id)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "Identity {identity_id} not found in the property's identity group"
            ))
        })?;
    units::link(conn, tenant_id, unit_id, identity_id, LINKED).await?;
    Ok(Persona {
        unit_id,
        persona_type: LINKED.into(),
        persona_id: identity_id,
    })
}

/// Unlinks a LINKED identity; the unit's own identities go only with it.
pub async fn remove_identity(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    unit_id: Uuid,
    identity_id: Uuid,
) -> Result<(), ApiError> {
    properties::find(conn, tenant_id, venue_id).await?;
    units::find_row(conn, tenant_id, venue_id, unit_id).await?;
    let linked = repo::identities_of_unit(conn, tenant_id, unit_id).await?;
    match linked.iter().find(|i| i.identity_id == identity_id) {
        None => Err(ApiError::NotFound(format!(
            "Identity {identity_id} is not associated with unit {unit_id}"
        ))),
        Some(i) if i.persona_type != LINKED => Err(ApiError::field(
            "unit",
            "identityId",
            identity_id,
            "the unit's own UNIT and GUEST identities are removed with the unit only",
        )),
        Some(_) => {
            repo::delete_unit_identity(conn, tenant_id, unit_id, identity_id).await?;
            Ok(())
        }
    }
}

const PERSONA_SORT: SortFields = &[
    ("personaId", "i.identity_id"),
    ("unitId", "i.unit_id"),
    ("personaType", "i.persona_type"),
    ("unitName", "u.name"),
];

pub async fn query_identities(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    q: &QueryData,
    base: &BaseUrl,
) -> Result<Page<EntityModelPersona>, ApiError> {
    properties::find(conn, tenant_id, venue_id).await?;
    let (pageable, order) = paging::window(q, PERSONA_SORT, Order::by("u.name", false))?;
    let persona_types = paging::strings(q, "personaType")?;
    if let Some(bad) = persona_types
        .iter()
        .flatten()
        .find(|t| ![UNIT, GUEST, LINKED].contains(&t.as_str()))
    {
        return Err(ApiError::field(
            "query",
            "filters.personaType",
            bad,
            "must be UNIT, GUEST or LINKED",
        ));
    }
    let filter = UnitIdentityFilter {
        unit_ids: paging::uuids(q, "unitId")?,
        persona_types,
        persona_ids: paging::uuids(q, "personaId")?,
    };
    let (total, rows) = repo::query_unit_identities(
        conn,
        tenant_id,
        venue_id,
        &filter,
        &order,
        pageable.limit(),
        pageable.offset(),
    )
    .await?;
    let content = rows
        .into_iter()
        .map(|r| EntityModelPersona {
            links: base.links([
                (
                    "self",
                    format!(
                        "/venues/{venue_id}/units/{}/identities/{}",
                        r.unit_id, r.identity_id
                    ),
                ),
                ("unit", format!("/venues/{venue_id}/units/{}", r.unit_id)),
            ]),
            unit_id: r.unit_id,
            persona_type: r.persona_type,
            persona_id: r.identity_id,
        })
        .collect();
    Ok(Page::new(content, total, &pageable, &order))
}
