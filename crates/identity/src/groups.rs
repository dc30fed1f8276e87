//! Identity group use cases: each runs inside the caller's transaction.
//! Changes lock the group first, so concurrent changes apply one after the
//! other, each to the group as the other left it.

use r1_core::{validation::reject, ApiError};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    dpsk_link,
    model::{IdentityGroupCreate, IdentityGroupPatch},
    repo::{self, GroupRow, GroupValues},
    rules,
};

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("Identity group {id} not found"))
}

fn validate(g: &GroupValues) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    rules::name("identityGroup", &g.name, &mut errors);
    rules::max_255(
        "identityGroup",
        "description",
        g.description.as_deref(),
        &mut errors,
    );
    reject(errors)
}

pub async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<GroupRow, ApiError> {
    repo::find_group(conn, tenant_id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// The group, locked until the transaction ends, or 404.
async fn lock(conn: &mut PgConnection, tenant_id: &str, id: Uuid) -> Result<GroupRow, ApiError> {
    repo::lock_group(conn, tenant_id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, use_case = "CreateIdentityGroup"))]
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: IdentityGroupCreate,
) -> Result<Uuid, ApiError> {
    let values = GroupValues {
        name: body.name,
        description: body.description,
        dpsk_pool_id: None,
        mac_registration_pool_id: body.mac_registration_pool_id,
        policy_set_id: body.policy_set_id,
        network_count: body.network_count.unwrap_or(0),
        auto_cleanup_enabled: body.auto_cleanup_enabled.unwrap_or(false),
    };
    validate(&values)?;
    let id = Uuid::new_v4();
    repo::insert_group(conn, tenant_id, id, &values).await?;
    if let Some(pool) = body.dpsk_pool_id {
        let group = lock(conn, tenant_id, id).await?;
        dpsk_link::associate_pool(conn, tenant_id, &group, Some(&pool)).await?;
    }
    Ok(id)
}

/// PATCH: the members sent change, on the group as it is now.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %id, use_case = "UpdateIdentityGroup"))]
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    patch: IdentityGroupPatch,
) -> Result<Uuid, ApiError> {
    let current = lock(conn, tenant_id, id).await?;
    let mut values = GroupValues::from(&current);
    if let Some(name) = patch.name {
        values.name = name;
    }
    if let Some(d) = patch.description {
        values.description = d;
    }
    if let Some(p) = patch.mac_registration_pool_id {
        values.mac_registration_pool_id = p;
    }
    if let Some(p) = patch.policy_set_id {
        values.policy_set_id = p;
    }
    if let Some(n) = patch.network_count {
        values.network_count = n;
    }
    if let Some(a) = patch.auto_cleanup_enabled {
        values.auto_cleanup_enabled = a;
    }
    validate(&values)?;
    repo::update_group(conn, tenant_id, id, &values).await?;
    if let Some(pool) = patch.dpsk_pool_id {
        if pool != current.dpsk_pool_id {
            dpsk_link::associate_pool(conn, tenant_id, &current, pool.as_deref()).await?;
        }
    }
    Ok(id)
}

/// Deletes an empty group; a group that still has identities is refused
/// with 422 (docs/behaviour/identity.md).
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %id, use_case = "DeleteIdentityGroup"))]
pub async fn delete(conn: &mut PgConnection, tenant_id: &str, id: Uuid) -> Result<Uuid, ApiError> {
    let group = lock(conn, tenant_id, id).await?;
    let count = repo::count_identities(conn, tenant_id, id).await?;
    if count > 0 {
        return Err(ApiError::Unprocessable(format!(
            "Identity group {id} has {count} identities; delete them first"
        )));
    }
    if group.dpsk_pool_id.is_some() {
        dpsk_link::associate_pool(conn, tenant_id, &group, None).await?;
    }
    repo::delete_group(conn, tenant_id, id).await?;
    Ok(id)
}

/// The group's policy set or MAC registration pool: ids of resources r1
/// does not hold, stored as given.
#[derive(Debug, Clone, Copy)]
pub enum Association {
    PolicySet,
    MacRegistrationPool,
}

async fn set_association(
    conn: &mut PgConnection,
    tenant_id: &str,
    current: &GroupRow,
    which: Association,
    value: Option<String>,
) -> Result<Uuid, ApiError> {
    if let Some(v) = &value {
        let field = match which {
            Association::PolicySet => "policySetId",
            Association::MacRegistrationPool => "macRegistrationPoolId",
        };
        r1_core::validation::foreign_id("identityGroup", field, v)?;
    }
    let mut values = GroupValues::from(current);
    match which {
        Association::PolicySet => values.policy_set_id = value,
        Association::MacRegistrationPool => values.mac_registration_pool_id = value,
    }
    repo::update_group(conn, tenant_id, current.id, &values).await?;
    Ok(current.id)
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %id, ?which))]
pub async fn associate(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    which: Association,
    value: Option<String>,
) -> Result<Uuid, ApiError> {
    let current = lock(conn, tenant_id, id).await?;
    set_association(conn, tenant_id, &current, which, value).await
}

/// Removes the policy set association, which must be the group's.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %id, use_case = "RemovePolicySetAssociation"))]
pub async fn remove_policy_set(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    policy_set_id: &str,
) -> Result<Uuid, ApiError> {
    let current = lock(conn, tenant_id, id).await?;
    if current.policy_set_id.as_deref() != Some(policy_set_id) {
        return Err(ApiError::NotFound(format!(
            "Policy set {policy_set_id} is not associated with identity group {id}"
        )));
    }
    set_association(conn, tenant_id, &current, Association::PolicySet, None).await
}

/// Associates the group with an existing DPSK pool.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %id, use_case = "UpdateDpskPoolAssociation"))]
pub async fn associate_dpsk_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    pool_id: &str,
) -> Result<Uuid, ApiError> {
    let group = lock(conn, tenant_id, id).await?;
    dpsk_link::associate_pool(conn, tenant_id, &group, Some(pool_id)).await?;
    Ok(id)
}

/// Creates a DPSK pool (or pool template) in the group.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, group_id = %id, template))]
pub async fn create_dpsk_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    body: r1_dpsk::DpskPoolDto,
    template: bool,
) -> Result<Uuid, ApiError> {
    let group = lock(conn, tenant_id, id).await?;
    dpsk_link::create_pool(conn, tenant_id, &group, body, template).await
}
