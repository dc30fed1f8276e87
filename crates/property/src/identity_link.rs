//! The property's identity group and the units' identities. Identity owns
//! groups and identities; this module reaches them only through the
//! Identity crate's public functions, inside the caller's transaction, so a
//! unit and its identities (and, through Identity, their DPSK passphrases)
//! change together or not at all.

use r1_core::ApiError;
use r1_identity::{GroupIdentity, GroupIdentityChanges, NewGroupIdentity};
use sqlx::PgConnection;
use uuid::Uuid;

/// The group's DPSK pool: 404 without the group, 400 when it has no pool
/// (the units' passphrases live there).
pub async fn group_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
) -> Result<Uuid, ApiError> {
    match r1_identity::group_dpsk_pool(conn, tenant_id, group_id).await? {
        None => Err(ApiError::NotFound(format!(
            "Identity group {group_id} not found"
        ))),
        Some(None) => Err(ApiError::field(
            "property",
            "personaGroupId",
            group_id,
            "the identity group has no DPSK pool for the units' passphrases",
        )),
        Some(Some(pool)) => Ok(pool),
    }
}

pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    new: NewGroupIdentity,
) -> Result<Uuid, ApiError> {
    r1_identity::create_group_identity(conn, tenant_id, group_id, new).await
}

pub async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
) -> Result<Option<GroupIdentity>, ApiError> {
    r1_identity::group_identity(conn, tenant_id, group_id, id).await
}

pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
    changes: GroupIdentityChanges,
) -> Result<(), ApiError> {
    r1_identity::update_group_identity(conn, tenant_id, group_id, id, changes).await
}

/// Deletes the identity and its passphrase; one already deleted through the
/// Identity API is no error.
pub async fn delete(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    id: Uuid,
) -> Result<(), ApiError> {
    match r1_identity::delete_group_identity(conn, tenant_id, group_id, id).await {
        Ok(()) | Err(ApiError::NotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The group's identities among `ids`, in one query.
pub async fn find_many(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<GroupIdentity>, ApiError> {
    r1_identity::group_identities(conn, tenant_id, group_id, ids).await
}
