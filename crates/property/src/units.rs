//! Unit use cases: each runs inside the caller's transaction. A unit's
//! passphrases are the DPSK passphrases of its UNIT and GUEST identities in
//! the property's identity group.

use std::collections::HashMap;

use r1_core::{
    error::FieldError,
    hal::BaseUrl,
    pagination::{Order, Page, Pageable, SortFields},
    ApiError,
};
use r1_identity::{GroupIdentityChanges, NewGroupIdentity};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    dpsk_link, identity_link,
    model::{DpskSettings, EntityModelUnit, QueryData, Resident, Unit},
    paging, properties,
    repo::{self, PropertyRow, UnitFilter, UnitRow, UnitValues},
    rules,
};

pub const UNIT: &str = "UNIT";
pub const GUEST: &str = "GUEST";
pub const LINKED: &str = "LINKED";

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("Unit {id} not found"))
}

fn conflict(e: sqlx::Error, name: &str) -> ApiError {
    match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("property_units_venue_name_key") => {
            ApiError::Conflict(format!("A unit named {name:?} already exists"))
        }
        _ => e.into(),
    }
}

/// Where a property's units keep their identities and passphrases.
#[derive(Debug, Clone, Copy)]
pub struct Store {
    pub group: Uuid,
    pub pool: Uuid,
}

pub async fn store(
    conn: &mut PgConnection,
    tenant_id: &str,
    property: &PropertyRow,
) -> Result<Store, ApiError> {
    let group = property.persona_group_id;
    let pool = identity_link::group_pool(conn, tenant_id, group).await?;
    Ok(Store { group, pool })
}

/// The current passphrase of an identity of the unit, if it has one.
pub async fn passphrase_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    store: Store,
    identity_id: Option<Uuid>,
) -> Result<Option<r1_dpsk::PassphraseView>, ApiError> {
    let Some(id) = identity_id else {
        return Ok(None);
    };
    let Some(identity) = identity_link::find(conn, tenant_id, store.group, id).await? else {
        return Ok(None);
    };
    let Some(passphrase) = identity.dpsk_passphrase_id else {
        return Ok(None);
    };
    dpsk_link::passphrase(conn, tenant_id, store.pool, passphrase).await
}

fn dpsk_entry(kind: &str, p: Option<r1_dpsk::PassphraseText>) -> Option<DpskSettings> {
    p.map(|p| DpskSettings {
        kind: Some(kind.to_string()),
        passphrase: Some(p.passphrase),
        vlan: p.vlan_id,
    })
}

/// The units' views, reading their UNIT and GUEST identities in one query
/// and each passphrase (without its devices) once.
pub async fn views(
    conn: &mut PgConnection,
    tenant_id: &str,
    store: Store,
    rows: Vec<UnitRow>,
    base: &BaseUrl,
) -> Result<Vec<EntityModelUnit>, ApiError> {
    let personas: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| [r.persona_id, r.guest_persona_id])
        .flatten()
        .collect();
    let passphrase_of: HashMap<Uuid, Option<Uuid>> =
        identity_link::find_many(conn, tenant_id, store.group, &personas)
            .await?
            .into_iter()
            .map(|i| (i.id, i.dpsk_passphrase_id))
            .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut dpsks = Vec::new();
        for (kind, persona) in [(UNIT, row.persona_id), (GUEST, row.guest_persona_id)] {
            let passphrase = persona.and_then(|p| passphrase_of.get(&p).copied().flatten());
            let text = match passphrase {
                Some(id) => dpsk_link::passphrase_text(conn, tenant_id, store.pool, id).await?,
                None => None,
            };
            dpsks.extend(dpsk_entry(kind, text));
        }
        out.push(EntityModelUnit {
            links: base.links([
                ("self", format!("/venues/{}/units/{}", row.venue_id, row.id)),
                (
                    "property",
                    format!("/venues/{}/propertyConfigs", row.venue_id),
                ),
            ]),
            id: row.id,
            name: row.name,
            resident: Resident {
                name: Some(row.resident_name),
                email: row.resident_email,
                phone_number: row.resident_phone,
            },
            status: row.status,
            dpsks,
            access_point: row
                .access_point
                .and_then(|v| serde_json::from_value(v).ok()),
            traffic_control: row
                .traffic_control
                .and_then(|v| serde_json::from_value(v).ok()),
            persona_id: row.persona_id,
            guest_persona_id: row.guest_persona_id,
            identity_count: row.identity_count,
        });
    }
    Ok(out)
}

pub async fn find_row(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
) -> Result<UnitRow, ApiError> {
    repo::find_unit(conn, tenant_id, venue_id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

pub async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
    base: &BaseUrl,
) -> Result<EntityModelUnit, ApiError> {
    let property = properties::find(conn, tenant_id, venue_id).await?;
    let store = store(conn, tenant_id, &property).await?;
    let row = find_row(conn, tenant_id, venue_id, id).await?;
    let mut views = views(conn, tenant_id, store, vec![row], base).await?;
    views.pop().ok_or_else(|| not_found(id))
}

/// The checked DPSK settings of a body: at most one UNIT and one GUEST.
fn dpsk_settings(
    dpsks: &[DpskSettings],
    pool_length: i32,
    errors: &mut Vec<FieldError>,
) -> (Option<DpskSettings>, Option<DpskSettings>) {
    let (mut unit, mut guest) = (None, None);
    if dpsks.len() > 2 {
        errors.push(FieldError::new(
            "unit",
            "dpsks",
            dpsks.len(),
            "size must be between 0 and 2",
        ));
    }
    for (i, d) in dpsks.iter().enumerate() {
        let slot = match d.kind.as_deref() {
            Some(UNIT) => &mut unit,
            Some(GUEST) => &mut guest,
            other => {
                errors.push(FieldError::new(
                    "unit",
                    format!("dpsks[{i}].type"),
                    other,
                    "must be UNIT or GUEST",
                ));
                continue;
            }
        };
        if slot.is_some() {
            errors.push(FieldError::new(
                "unit",
                format!("dpsks[{i}].type"),
                d.kind.clone(),
                "appears more than once",
            ));
        }
        if let Some(p) = d.passphrase.as_deref().filter(|p| !p.is_empty()) {
            rules::secret(
                "unit",
                &format!("dpsks[{i}].passphrase"),
                p,
                pool_length,
                errors,
            );
        }
        rules::vlan("unit", &format!("dpsks[{i}].vlan"), d.vlan, errors);
        *slot = Some(d.clone());
    }
    (unit, guest)
}

fn resident_rules(r: &Resident, errors: &mut Vec<FieldError>) {
    rules::required_text("unit", "resident.name", r.name.as_deref(), 255, errors);
    rules::max_len("unit", "resident.email", r.email.as_deref(), 255, errors);
    rules::email("unit", "resident.email", r.email.as_deref(), errors);
    rules::max_len(
        "unit",
        "resident.phoneNumber",
        r.phone_number.as_deref(),
        16,
        errors,
    );
}

fn json_of<T: serde::Serialize>(v: &Option<T>) -> Result<Option<Value>, ApiError> {
    v.as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(ApiError::internal)
}

fn guest_name(unit_name: &str) -> String {
    format!("{unit_name} (guest)")
}

fn given(p: &Option<String>) -> Option<String> {
    p.clone().filter(|p| !p.is_empty())
}

/// Adds a unit with its UNIT identity and passphrase, and a GUEST identity
/// and passphrase when `dpsks` names one.
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    body: Unit,
) -> Result<Uuid, ApiError> {
    repo::lock_property(conn, tenant_id, venue_id).await?;
    let property = properties::find(conn, tenant_id, venue_id).await?;
    let store = store(conn, tenant_id, &property).await?;
    let pool_length = dpsk_link::pool_length(conn, tenant_id, store.pool).await?;
    let mut errors = Vec::new();
    rules::required_text("unit", "name", body.name.as_deref(), 235, &mut errors);
    let resident = body.resident.clone().unwrap_or_default();
    if body.resident.is_none() {
        errors.push(FieldError::new("unit", "resident", (), "must not be null"));
    } else {
        resident_rules(&resident, &mut errors);
    }
    let status = body.status.clone().unwrap_or_else(|| "ENABLED".into());
    rules::status("unit", "status", &status, &mut errors);
    let (unit_dpsk, guest_dpsk) = dpsk_settings(
        body.dpsks.as_deref().unwrap_or_default(),
        pool_length,
        &mut errors,
    );
    rules::finish(errors)?;
    if property.status != "ENABLED" {
        return Err(ApiError::BadRequest(format!(
            "Property management is not enabled on venue {venue_id}"
        )));
    }
    let config = properties::unit_config(&property);
    if guest_dpsk.is_some() && config.guest_allowed == Some(false) {
        return Err(ApiError::field(
            "unit",
            "dpsks",
            GUEST,
            "the property does not allow a separate guest passphrase",
        ));
    }
    if config.use_max_unit_count == Some(true) {
        let max = i64::from(config.max_unit_count.unwrap_or(0));
        if repo::count_units(conn, tenant_id, venue_id).await? >= max {
            return Err(ApiError::BadRequest(format!(
                "The property allows at most {max} units"
            )));
        }
    }
    let name = body.name.clone().unwrap_or_default();
    let id = Uuid::new_v4();
    let values = UnitValues {
        name: name.clone(),
        status: status.clone(),
        resident_name: resident.name.clone().unwrap_or_default(),
        resident_email: resident.email.clone(),
        resident_phone: resident.phone_number.clone(),
        access_point: json_of(&body.access_point.clone().flatten())?,
        traffic_control: json_of(&body.traffic_control.clone().flatten())?,
    };
    repo::insert_unit(conn, tenant_id, venue_id, id, &values)
        .await
        .map_err(|e| conflict(e, &name))?;
    let unit_dpsk = unit_dpsk.unwrap_or_default();
    let persona = identity_link::create(
        conn,
        tenant_id,
        store.group,
        NewGroupIdentity {
            name: name.clone(),
            email: resident.email.clone(),
            phone_number: resident.phone_number.clone(),
            vlan: unit_dpsk.vlan,
            passphrase: given(&unit_dpsk.passphrase),
        },
    )
    .await?;
    link(conn, tenant_id, id, persona, UNIT).await?;
    if let Some(g) = guest_dpsk {
        let guest = identity_link::create(
            conn,
            tenant_id,
            store.group,
            NewGroupIdentity {
                name: guest_name(&name),
                vlan: g.vlan,
                passphrase: given(&g.passphrase),
                ..Default::default()
            },
        )
        .await?;
        link(conn, tenant_id, id, guest, GUEST).await?;
    }
    if status == "DISABLED" {
        set_revoked(conn, tenant_id, store, id, true).await?;
    }
    refresh_secret_hash(conn, tenant_id, store, id, Some(persona)).await?;
    Ok(id)
}

pub(crate) async fn link(
    conn: &mut PgConnection,
    tenant_id: &str,
    unit_id: Uuid,
    identity_id: Uuid,
    kind: &str,
) -> Result<(), ApiError> {
    if repo::insert_unit_identity(conn, tenant_id, unit_id, identity_id, kind).await? {
        Ok(())
    } else {
        Err(ApiError::Conflict(format!(
            "Identity {identity_id} already belongs to a unit"
        )))
    }
}

/// Revokes (a disabled unit) or reinstates the unit's own identities, and
/// with them their passphrases.
async fn set_revoked(
    conn: &mut PgConnection,
    tenant_id: &str,
    store: Store,
    unit_id: Uuid,
    revoked: bool,
) -> Result<(), ApiError> {
    for i in repo::identities_of_unit(conn, tenant_id, unit_id).await? {
        if i.persona_type == LINKED {
            continue;
        }
        let changes = GroupIdentityChanges {
            revoked: Some(revoked),
            ..Default::default()
        };
        identity_link::update(conn, tenant_id, store.group, i.identity_id, changes).await?;
    }
    Ok(())
}

/// Remembers the hash of the unit's secret, so a resident login finds the
/// unit at once.
pub async fn refresh_secret_hash(
    conn: &mut PgConnection,
    tenant_id: &str,
    store: Store,
    unit_id: Uuid,
    persona: Option<Uuid>,
) -> Result<(), ApiError> {
    let secret = passphrase_of(conn, tenant_id, store, persona).await?;
    let hash = secret.map(|s| rules::sha256_hex(&s.passphrase));
    repo::set_secret_hash(conn, tenant_id, unit_id, hash.as_deref()).await?;
    Ok(())
}

/// Edits a unit: only the members sent change. A `dpsks` entry with a
/// passphrase sets it (an empty one regenerates it); a GUEST entry on a unit
/// without a guest identity creates one.
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
    body: Unit,
) -> Result<(), ApiError> {
    let property = properties::find(conn, tenant_id, venue_id).await?;
    let store = store(conn, tenant_id, &property).await?;
    if !repo::lock_unit(conn, tenant_id, venue_id, id).await? {
        return Err(not_found(id));
    }
    let row = find_row(conn, tenant_id, venue_id, id).await?;
    let pool_length = dpsk_link::pool_length(conn, tenant_id, store.pool).await?;
    let mut errors = Vec::new();
    let mut v = UnitValues::from(&row);
    if let Some(name) = &body.name {
        rules::required_text("unit", "name", Some(name), 235, &mut errors);
        v.name = name.clone();
    }
    if let Some(r) = &body.resident {
        let merged = Resident {
            name: r.name.clone().or(Some(v.resident_name.clone())),
            email: r.email.clone().or(v.resident_email.clone()),
            phone_number: r.phone_number.clone().or(v.resident_phone.clone()),
        };
        resident_rules(&merged, &mut errors);
        v.resident_name = merged.name.unwrap_or_default();
        v.resident_email = merged.email;
        v.resident_phone = merged.phone_number;
    }
    if let Some(s) = &body.status {
        rules::status("unit", "status", s, &mut errors);
        v.status = s.clone();
    }
    let (unit_dpsk, guest_dpsk) = dpsk_settings(
        body.dpsks.as_deref().unwrap_or_default(),
        pool_length,
        &mut errors,
    );
    if let Some(ap) = &body.access_point {
        v.access_point = json_of(ap)?;
    }
    if let Some(tc) = &body.traffic_control {
        v.traffic_control = json_of(tc)?;
    }
    rules::finish(errors)?;
    if guest_dpsk.is_some()
        && row.guest_persona_id.is_none()
        && properties::unit_config(&property).guest_allowed == Some(false)
    {
        return Err(ApiError::field(
            "unit",
            "dpsks",
            GUEST,
            "the property does not allow a separate guest passphrase",
        ));
    }
    repo::update_unit(conn, tenant_id, id, &v)
        .await
        .map_err(|e| conflict(e, &v.name))?;
    if let Some(persona) = row.persona_id {
        let changes = GroupIdentityChanges {
            name: body.name.clone(),
            email: body.resident.as_ref().map(|_| v.resident_email.clone()),
            phone_number: body.resident.as_ref().map(|_| v.resident_phone.clone()),
            vlan: unit_dpsk.as_ref().and_then(|d| d.vlan.map(Some)),
            passphrase: unit_dpsk.as_ref().and_then(|d| {
                d.passphrase
                    .as_ref()
                    .map(|p| Some(p.clone()).filter(|p| !p.is_empty()))
            }),
            ..Default::default()
        };
        identity_link::update(conn, tenant_id, store.group, persona, changes).await?;
    }
    let mut guest_created = false;
    match (guest_dpsk, row.guest_persona_id) {
        (Some(g), Some(guest)) => {
            let changes = GroupIdentityChanges {
                name: body.name.as_deref().map(guest_name),
                vlan: g.vlan.map(Some),
                passphrase: g
                    .passphrase
                    .as_ref()
                    .map(|p| Some(p.clone()).filter(|p| !p.is_empty())),
                ..Default::default()
            };
            identity_link::update(conn, tenant_id, store.group, guest, changes).await?;
        }
        (Some(g), None) => {
            let guest = identity_link::create(
                conn,
                tenant_id,
                store.group,
                NewGroupIdentity {
                    name: guest_name(&v.name),
                    vlan: g.vlan,
                    passphrase: given(&g.passphrase),
                    ..Default::default()
                },
            )
            .await?;
            link(conn, tenant_id, id, guest, GUEST).await?;
            guest_created = true;
        }
        (None, Some(guest)) if body.name.is_some() => {
            let changes = GroupIdentityChanges {
                name: Some(guest_name(&v.name)),
                ..Default::default()
            };
            identity_link::update(conn, tenant_id, store.group, guest, changes).await?;
        }
        _ => {}
    }
    if v.status != row.status || (guest_created && v.status == "DISABLED") {
        set_revoked(conn, tenant_id, store, id, v.status == "DISABLED").await?;
    }
    refresh_secret_hash(conn, tenant_id, store, id, row.persona_id).await?;
    Ok(())
}

/// Deletes the unit with its UNIT and GUEST identities and their
/// passphrases; linked identities stay, unlinked.
pub async fn delete(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    id: Uuid,
) -> Result<(), ApiError> {
    let property = properties::find(conn, tenant_id, venue_id).await?;
    if !repo::lock_unit(conn, tenant_id, venue_id, id).await? {
        return Err(not_found(id));
    }
    let group = property.persona_group_id;
    for i in repo::identities_of_unit(conn, tenant_id, id).await? {
        if i.persona_type != LINKED {
            identity_link::delete(conn, tenant_id, group, i.identity_id).await?;
        }
    }
    repo::delete_unit(conn, tenant_id, id).await?;
    Ok(())
}

pub const UNIT_SORT: SortFields = &[
    ("name", "u.name"),
    ("status", "u.status"),
    ("id", "u.id"),
    ("resident.name", "u.resident_name"),
    ("residentName", "u.resident_name"),
    ("resident.email", "u.resident_email"),
    ("createdDate", "u.created_at"),
    ("updatedDate", "u.updated_at"),
];

async fn page_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    filter: &UnitFilter,
    pageable: &Pageable,
    order: &Order,
    base: &BaseUrl,
) -> Result<Page<EntityModelUnit>, ApiError> {
    let property = properties::find(conn, tenant_id, venue_id).await?;
    let store = store(conn, tenant_id, &property).await?;
    let (total, rows) = repo::query_units(
        conn,
        tenant_id,
        venue_id,
        filter,
        order,
        pageable.limit(),
        pageable.offset(),
    )
    .await?;
    let content = views(conn, tenant_id, store, rows, base).await?;
    Ok(Page::new(content, total, pageable, order))
}

fn default_order() -> Order {
    Order::by("u.name", false)
}

/// `GET .../units`: `page` counts from 1 as the bundle says (0 reads as 1).
pub async fn list(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    mut pageable: Pageable,
    base: &BaseUrl,
) -> Result<Page<EntityModelUnit>, ApiError> {
    pageable.page = pageable.page.saturating_sub(1);
    let order = pageable.order(UNIT_SORT, default_order())?;
    page_of(
        conn,
        tenant_id,
        venue_id,
        &UnitFilter::default(),
        &pageable,
        &order,
        base,
    )
    .await
}

pub async fn query(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    q: &QueryData,
    base: &BaseUrl,
) -> Result<Page<EntityModelUnit>, ApiError> {
    let (pageable, order) = paging::window(q, UNIT_SORT, default_order())?;
    let filter = UnitFilter {
        statuses: paging::strings(q, "status")?,
        names: paging::strings(q, "name")?,
        ids: paging::uuids(q, "id")?,
        keyword: paging::keyword(q),
    };
    page_of(conn, tenant_id, venue_id, &filter, &pageable, &order, base).await
}
/// Adds the units of an import, all or none; an error names the file's row
/// (the header is row 1).
pub async fn import(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    units: Vec<Unit>,
) -> Result<Vec<Uuid>, ApiError> {
    let mut ids = Vec::with_capacity(units.len());
    for (i, unit) in units.into_iter().enumerate() {
        let row = i + 2;
        match create(conn, tenant_id, venue_id, unit).await {
            Ok(id) => ids.push(id),
            Err(ApiError::Validation(fields)) => {
                return Err(ApiError::Validation(
                    fields
                        .into_iter()
                        .map(|mut f| {
                            f.field = format!("row {row}: {}", f.field);
                            f
                        })
                        .collect(),
                ))
            }
            Err(ApiError::Conflict(m)) => {
                return Err(ApiError::Conflict(format!("row {row}: {m}")))
            }
            Err(ApiError::BadRequest(m)) => {
                return Err(ApiError::BadRequest(format!("row {row}: {m}")))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(ids)
}

/// Deletes every unit of the venue with its identities (before the venue
/// itself goes).
pub async fn remove_all(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
) -> Result<(), ApiError> {
    for id in repo::unit_ids_of_venue(conn, tenant_id, venue_id).await? {
        delete(conn, tenant_id, venue_id, id).await?;
    }
    Ok(())
}
