//! The RUCKUS One Identity Management API: identity groups, identities,
//! their devices, ethernet ports and VNIs, CSV import and export, and the
//! link to DPSK pools and passphrases.

mod csv_io;
mod dpsk_link;
mod groups;
mod handlers;
mod identities;
mod mac;
mod model;
mod repo;
mod rules;
mod vni;

use handlers::{dpsk, groups as g, identities as i};
use r1_core::{rate_limit, AppState, ErrorStyle};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    identity_routes().merge(dpsk_routes())
}

/// The Identity Management API, with its `ApiError` body.
fn identity_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(g::create_group, g::get_groups))
        .routes(routes!(g::search_groups))
        .routes(routes!(g::export_groups_csv))
        .routes(routes!(
            g::get_group_by_id,
            g::update_group,
            g::delete_group
        ))
        .routes(routes!(
            g::update_policy_set_association,
            g::remove_policy_set_association
        ))
        .routes(routes!(g::update_mac_registration_association))
        .routes(routes!(g::update_dpsk_pool_association))
        .routes(routes!(
            i::create_identity,
            i::list_identities_by_group,
            i::delete_identities
        ))
        .routes(routes!(i::import_identities_csv))
        .routes(routes!(
            i::get_identity_by_id,
            i::update_identity,
            i::delete_identity
        ))
        .routes(routes!(i::add_identity_devices, i::list_identity_devices))
        .routes(routes!(i::delete_identity_device))
        .routes(routes!(i::update_identity_ethernet_ports))
        .routes(routes!(i::delete_identity_ethernet_port))
        .routes(routes!(i::allocate_identity_vni))
        .routes(routes!(i::list_identities))
        .routes(routes!(i::query_identity))
        .routes(routes!(i::export_identities_csv))
        .routes(routes!(i::query_external_identity))
        .layer(rate_limit::per_tenant("identity"))
        .layer(model::ERRORS.layer())
}

/// The DPSK bundle's operations under `/identityGroups`, with DPSK's error
/// body.
fn dpsk_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dpsk::create_dpsk_pool))
        .routes(routes!(dpsk::create_dpsk_pool_template))
        .layer(rate_limit::per_tenant("dpsk"))
        .layer(ErrorStyle::COMMON.layer())
}

// What Property Management needs of identity groups and identities: a unit's
// identities are identities of the property's group, created, changed and
// deleted through the same use cases as the Identity API's, so their DPSK
// passphrases follow.

/// The group's DPSK pool (`Some(None)`: the group has none), or `None` when
/// the tenant has no such group.
pub async fn group_dpsk_pool(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    group_id: uuid::Uuid,
) -> Result<Option<Option<uuid::Uuid>>, r1_core::ApiError> {
    Ok(repo::find_group(&mut *conn, tenant_id, group_id)
        .await?
        .map(|g| {
            g.dpsk_pool_id
                .as_deref()
                .and_then(|p| uuid::Uuid::parse_str(p).ok())
        }))
}

/// A new identity of a group; `passphrase: None` lets DPSK generate one.
#[derive(Debug, Clone, Default)]
pub struct NewGroupIdentity {
    pub name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub vlan: Option<i32>,
    pub passphrase: Option<String>,
}

pub async fn create_group_identity(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    group_id: uuid::Uuid,
    new: NewGroupIdentity,
) -> Result<uuid::Uuid, r1_core::ApiError> {
    let body = model::IdentityCreate {
        name: new.name,
        email: new.email,
        phone_number: new.phone_number,
        vlan: new.vlan,
        dpsk_passphrase: new.passphrase,
        ..Default::default()
    };
    identities::create(conn, tenant_id, group_id, body).await
}

/// An identity as Property Management shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupIdentity {
    pub id: uuid::Uuid,
    pub group_id: uuid::Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub vlan: Option<i32>,
    pub revoked: bool,
    pub dpsk_passphrase_id: Option<uuid::Uuid>,
}

pub async fn group_identity(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    group_id: uuid::Uuid,
    id: uuid::Uuid,
) -> Result<Option<GroupIdentity>, r1_core::ApiError> {
    Ok(repo::find_identity(&mut *conn, tenant_id, group_id, id)
        .await?
        .map(|i| GroupIdentity {
            id: i.id,
            group_id: i.group_id,
            name: i.name,
            email: i.email,
            phone_number: i.phone_number,
            vlan: i.vlan,
            revoked: i.revoked,
            dpsk_passphrase_id: i.dpsk_guid,
        }))
}

/// Changes to an identity: `None` keeps a member; `passphrase: Some(None)`
/// regenerates the passphrase.
#[derive(Debug, Clone, Default)]
pub struct GroupIdentityChanges {
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone_number: Option<Option<String>>,
    pub vlan: Option<Option<i32>>,
    pub revoked: Option<bool>,
    pub passphrase: Option<Option<String>>,
}

pub async fn update_group_identity(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    group_id: uuid::Uuid,
    id: uuid::Uuid,
    changes: GroupIdentityChanges,
) -> Result<(), r1_core::ApiError> {
    let patch = model::IdentityPatch {
        name: changes.name,
        email: changes.email,
        phone_number: changes.phone_number,
        vlan: changes.vlan,
        revoked: changes.revoked,
        dpsk_passphrase: changes.passphrase,
        ..Default::default()
    };
    identities::update(conn, tenant_id, group_id, id, patch).await?;
    Ok(())
}

/// Deletes the identity with its passphrase.
pub async fn delete_group_identity(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    group_id: uuid::Uuid,
    id: uuid::Uuid,
) -> Result<(), r1_core::ApiError> {
    identities::delete(conn, tenant_id, group_id, &[id]).await
}

/// The identities of a group among `ids`, in one query (a page of units
/// reads its identities at once).
pub async fn group_identities(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    group_id: uuid::Uuid,
    ids: &[uuid::Uuid],
) -> Result<Vec<GroupIdentity>, r1_core::ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let filter = repo::IdentityFilter {
        group_id: Some(group_id),
        ids: Some(ids.to_vec()),
        ..Default::default()
    };
    let order = r1_core::pagination::Order::by("i.id", false);
    let rows = repo::search_identities(conn, tenant_id, &filter, &order).await?;
    Ok(rows
        .into_iter()
        .map(|i| GroupIdentity {
            id: i.id,
            group_id: i.group_id,
            name: i.name,
            email: i.email,
            phone_number: i.phone_number,
            vlan: i.vlan,
            revoked: i.revoked,
            dpsk_passphrase_id: i.dpsk_guid,
        })
        .collect())
}
