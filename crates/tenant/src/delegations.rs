//! Delegations: a tenant invites a VAR, the VAR accepts or rejects, either
//! side revokes; RUCKUS support is granted access for a while. An accepted
//! delegation is written as a core grant, the one record core reads to let
//! the delegate act with `x-rks-tenantid`; this is the only module that
//! writes grants.

use chrono::Utc;
use r1_core::{
    grants::{self, GrantKind, NewGrant},
    ApiError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{Delegation, DelegationAction, InviteVAR},
    repo::{self, DelegationRow, NewDelegation},
    rules::{self, Check},
};

/// How the delegate of a support delegation is named.
const SUPPORT: &str = "SUPPORT";

pub fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("Delegation {id} not found"))
}

pub fn view(d: DelegationRow) -> Delegation {
    let is_valid = rules::delegation_is_valid(&d.status, d.expiry_date, Utc::now());
    Delegation {
        id: d.id.to_string(),
        created_date: d.created_at,
        updated_date: d.updated_at,
        delegated_to: d.delegated_to.unwrap_or_else(|| SUPPORT.into()),
        kind: d.kind,
        status: d.status,
        delegated_by: d.tenant_id,
        expiry_date: d.expiry_date,
        delegated_to_name: d.delegated_to_name,
        delegated_to_admin: d.delegated_to_admin,
        parent_id: None,
        is_valid,
    }
}

/// The delegations a tenant made (`delegationsTo` of its record).
pub async fn made_by(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<Delegation>, ApiError> {
    Ok(repo::delegations_of(conn, tenant_id)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// Delegations by or to the tenant, of one `type` or all.
pub async fn list(
    conn: &mut PgConnection,
    tenant_id: &str,
    kind: Option<&str>,
) -> Result<Vec<Delegation>, ApiError> {
    let mut check = Check::new("delegation");
    check.one_of("type", kind, rules::DELEGATION_TYPES);
    check.finish()?;
    Ok(repo::list_delegations(conn, tenant_id, kind)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<DelegationRow, ApiError> {
    let uuid = Uuid::parse_str(id).map_err(|_| not_found(id))?;
    repo::find_delegation(conn, tenant_id, uuid)
        .await?
        .ok_or_else(|| not_found(id))
}

pub async fn get(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<Delegation, ApiError> {
    find(conn, tenant_id, id).await.map(view)
}

/// Invites the VAR one of whose administrators has this username.
pub async fn invite_var(
    conn: &mut PgConnection,
    tenant_id: &str,
    delegated_by: &str,
    body: InviteVAR,
) -> Result<Delegation, ApiError> {
    let mut check = Check::new("inviteVAR");
    let username = check.required("username", body.username.as_deref());
    check.email("username", username);
    check.finish()?;
    let username = username.unwrap_or_default().trim();
    let mut var = None;
    for admin in repo::find_admins_by_email(conn, username).await? {
        if let Some(account) = repo::find_account(conn, &admin.tenant_id).await? {
            if account.tenant_type == "VAR" {
                var = Some((admin, account));
                break;
            }
        }
    }
    let Some((admin, account)) = var else {
        return Err(ApiError::NotFound(format!(
            "No VAR has an administrator with username {username}"
        )));
    };
    if account.tenant_id == tenant_id {
        return Err(ApiError::field(
            "inviteVAR",
            "username",
            username,
            "names an administrator of this tenant; a tenant cannot delegate to itself",
        ));
    }
    if repo::open_var_delegation(conn, tenant_id, &account.tenant_id)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(format!(
            "This tenant already has an invited or accepted delegation to {}",
            account.name
        )));
    }
    let id = Uuid::new_v4();
    repo::insert_delegation(
        conn,
        NewDelegation {
            id,
            tenant_id,
            kind: "VAR",
            status: "INVITED",
            delegated_to: Some(&account.tenant_id),
            delegated_to_name: Some(&account.name),
            delegated_to_admin: Some(&admin.email),
            delegated_by,
            expiry_date: None,
            grant_id: None,
        },
    )
    .await?;
    get(conn, tenant_id, &id.to_string()).await
}

/// The invited tenant accepts or rejects; accepting grants it the right to
/// act on the delegating tenant.
pub async fn respond(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    body: DelegationAction,
) -> Result<Delegation, ApiError> {
    let mut check = Check::new("delegationAction");
    if body.accept.is_none() {
        check.fail("accept", body.accept, "must not be null");
    }
    let from = check.required("fromTenantId", body.from_tenant_id.as_deref());
    check.finish()?;
    let d = find(conn, tenant_id, id).await?;
    if d.delegated_to.as_deref() != Some(tenant_id) {
        return Err(ApiError::BadRequest(
            "Only the invited tenant can accept or reject a delegation".into(),
        ));
    }
    if from != Some(d.tenant_id.as_str()) {
        return Err(ApiError::field(
            "delegationAction",
            "fromTenantId",
            from,
            "is not the tenant that made this delegation",
        ));
    }
    let status = rules::answer_delegation(&d.status, body.accept.unwrap_or(false))?;
    let grant = if status == "ACCEPTED" {
        Some(
            grants::create(
                conn,
                NewGrant {
                    acting_tenant_id: Some(tenant_id),
                    target_tenant_id: &d.tenant_id,
                    kind: GrantKind::VarDelegation,
                    valid_from: Utc::now(),
                    valid_until: None,
                },
            )
            .await?,
        )
    } else {
        None
    };
    repo::set_delegation_status(conn, &d.tenant_id, d.id, status, grant).await?;
    get(conn, tenant_id, id).await
}

async fn end(conn: &mut PgConnection, d: &DelegationRow) -> Result<(), ApiError> {
    let status = rules::revoke_delegation(&d.status)?;
    if let Some(grant) = d.grant_id {
        grants::revoke(conn, grant).await?;
    }
    repo::set_delegation_status(conn, &d.tenant_id, d.id, status, None).await
}

/// Either side revokes a delegation; its grant ends with it.
pub async fn revoke(conn: &mut PgConnection, tenant_id: &str, id: &str) -> Result<(), ApiError> {
    let d = find(conn, tenant_id, id).await?;
    end(conn, &d).await
}

/// Grants RUCKUS support access until the expiry date; a grant still open
/// is replaced, so the expiry starts again.
pub async fn grant_support(
    conn: &mut PgConnection,
    tenant_id: &str,
    delegated_by: &str,
) -> Result<Delegation, ApiError> {
    for d in repo::open_support_delegations(conn, tenant_id).await? {
        end(conn, &d).await?;
    }
    let now = Utc::now();
    let expiry = rules::support_expiry(now);
    let grant = grants::create(
        conn,
        NewGrant {
            acting_tenant_id: None,
            target_tenant_id: tenant_id,
            kind: GrantKind::Support,
            valid_from: now,
            valid_until: Some(expiry),
        },
    )
    .await?;
    let id = Uuid::new_v4();
    repo::insert_delegation(
        conn,
        NewDelegation {
            id,
            tenant_id,
            kind: SUPPORT,
            status: "ACCEPTED",
            delegated_to: None,
            delegated_to_name: Some("RUCKUS Support"),
            delegated_to_admin: None,
            delegated_by,
            expiry_date: Some(expiry),
            grant_id: Some(grant),
        },
    )
    .await?;
    get(conn, tenant_id, &id.to_string()).await
}

/// Revokes RUCKUS support's access; nothing to revoke is not an error.
pub async fn revoke_support(conn: &mut PgConnection, tenant_id: &str) -> Result<(), ApiError> {
    for d in repo::open_support_delegations(conn, tenant_id).await? {
        end(conn, &d).await?;
    }
    Ok(())
}
