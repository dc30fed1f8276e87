//! The RUCKUS One Tenant Management API (v0.3.0): the tenant's own record,
//! its administrators, notification recipients, delegations, privacy and
//! beta settings, authentications and mobile push endpoints; plus the
//! subscription preferences of the vendor's newer pages and r1's own
//! `/_r1/tenants` for making tenants locally.

mod accounts;
mod admins;
mod delegations;
mod handlers;
mod model;
mod profiles;
mod recipients;
mod repo;
mod rules;
mod settings;

use axum::routing::{delete, post};
use handlers::{
    administrator as adm, authentication as auth, delegation as del, local, mobile_push as push,
    notification_recipient as rec, privacy as prv, tenant as ten, user_profile as usr,
};
use r1_core::{rate_limit, ApiError, AppState, ErrorStyle};
use sqlx::PgConnection;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use model::{LocalTenant, LocalTenantCreate, LocalTenantCreated};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ten::get_tenant, ten::update_tenant))
        .routes(routes!(ten::get_feature_ids, ten::update_feature_ids))
        .routes(routes!(
            ten::get_subscription_preferences,
            ten::update_subscription_preferences
        ))
        .routes(routes!(
            adm::get_admin_list,
            adm::update_admin_role,
            adm::add_admin,
            adm::delete_bulk_admin
        ))
        .routes(routes!(adm::query_admin_list))
        .routes(routes!(adm::get_admin_by_id, adm::delete_admin))
        .routes(routes!(
            del::get_delegation,
            del::accept_or_reject_delegation,
            del::delete_delegation
        ))
        .routes(routes!(del::get_delegations, del::invite_var))
        .routes(routes!(del::invite_support, del::delete_support_delegation))
        .routes(routes!(usr::get_user_profile, usr::update_user))
        .routes(routes!(usr::get_account_details))
        .routes(routes!(
            prv::get_privacy_settings,
            prv::post_privacy_settings,
            prv::patch_privacy_settings
        ))
        .routes(routes!(rec::query_notification_recipients))
        .routes(routes!(
            rec::get_notification_recipients,
            rec::add_notification_recipient,
            rec::delete_notification_recipients
        ))
        .routes(routes!(push::add_mobile_push_notifications))
        .routes(routes!(auth::get_authentications, auth::add_authentication))
        // r1's own endpoints: served here, left out of the OpenAPI document.
        .route(
            "/_r1/tenants",
            post(local::create_tenant).get(local::list_tenants),
        )
        .route("/_r1/tenants/{tenantId}", delete(local::delete_tenant))
        .route("/_r1/tenants/{tenantId}/clients", post(local::add_client))
        .route(
            "/_r1/tenants/{tenantId}/delegations",
            post(local::invite_var),
        )
        .layer(rate_limit::per_tenant("tenant"))
        .layer(ErrorStyle::COMMON.layer())
}

/// `r1-server tenant create`: what `POST /_r1/tenants` does.
pub async fn create_tenant(
    conn: &mut PgConnection,
    body: LocalTenantCreate,
) -> Result<LocalTenantCreated, ApiError> {
    accounts::create_local(conn, body)
        .await
        .map_err(|e| match e {
            // A terminal shows the message only: name the rejected fields.
            ApiError::Validation(fields) => ApiError::BadRequest(
                fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => other,
        })
}

/// `r1-server tenant list`: what `GET /_r1/tenants` does.
pub async fn list_tenants(
    conn: &mut PgConnection,
    config: &r1_core::config::Config,
) -> Result<Vec<LocalTenant>, ApiError> {
    accounts::list_local(conn, config).await
}

/// `r1-server tenant delete`: the tenant and all its data.
pub async fn delete_tenant(conn: &mut PgConnection, tenant_id: &str) -> Result<(), ApiError> {
    accounts::delete_local(conn, tenant_id).await
}

// ---------------------------------------------------------------------------
// For MSP Services (crates/msp): the account and administrators of tenants an
// MSP makes and manages. Added by the MSP issue; kept minimal on purpose.
// ---------------------------------------------------------------------------

/// An administrator as MSP Services shows it.
#[derive(Debug, Clone)]
pub struct MspAdmin {
    pub id: uuid::Uuid,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub role: String,
}

impl From<repo::AdminRow> for MspAdmin {
    fn from(a: repo::AdminRow) -> Self {
        MspAdmin {
            id: a.id,
            email: a.email,
            first_name: a.first_name,
            last_name: a.last_name,
            role: a.role,
        }
    }
}

/// The tenant's type, if it has an account.
pub async fn account_type(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(repo::find_account(conn, tenant_id)
        .await?
        .map(|a| a.tenant_type))
}

/// The tenant's name, if it has an account.
pub async fn account_name(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(repo::find_account(conn, tenant_id).await?.map(|a| a.name))
}

/// The account of a tenant an MSP made (core's tenant must exist).
pub async fn create_child_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
    tenant_type: &str,
    parent_id: &str,
) -> Result<(), ApiError> {
    let external_id = format!("0012{}", &tenant_id[..tenant_id.len().min(14)]).to_ascii_uppercase();
    repo::ensure_account(
        conn,
        repo::NewAccount {
            tenant_id,
            name,
            tenant_type,
            external_id: &external_id,
            msp: None,
        },
    )
    .await?;
    repo::set_account_parent(conn, tenant_id, parent_id).await
}

/// Renames the account (MSP Services' `PUT /tenants/{tenantId}`).
pub async fn rename_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
) -> Result<(), ApiError> {
    repo::rename_account(conn, tenant_id, name).await
}

fn msp_admin_values(
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
    role: &str,
    current: Option<&repo::AdminRow>,
) -> repo::AdminValues {
    repo::AdminValues {
        email: email.to_string(),
        first_name: first_name.map(str::to_string),
        last_name: last_name.map(str::to_string),
        phone_number: current.and_then(|c| c.phone_number.clone()),
        role: role.to_string(),
        detail_level: current.map_or_else(|| "it".into(), |c| c.detail_level.clone()),
        delegate_to_all_ecs: current.is_some_and(|c| c.delegate_to_all_ecs),
        delegated_ecs: current.map(|c| c.delegated_ecs.clone()).unwrap_or_default(),
        authentication_id: current.and_then(|c| c.authentication_id.clone()),
    }
}

fn msp_email_taken(email: &str) -> impl FnOnce(sqlx::Error) -> ApiError + '_ {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => ApiError::Conflict(format!(
            "An administrator with email {email} already exists in this tenant"
        )),
        _ => e.into(),
    }
}

pub async fn msp_add_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
    role: &str,
) -> Result<MspAdmin, ApiError> {
    let id = uuid::Uuid::new_v4();
    let v = msp_admin_values(email, first_name, last_name, role, None);
    repo::insert_admin(conn, tenant_id, id, &v)
        .await
        .map_err(msp_email_taken(email))?;
    Ok(admins::find(conn, tenant_id, &id.to_string()).await?.into())
}

pub async fn msp_admins(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<MspAdmin>, ApiError> {
    Ok(repo::list_admins(conn, tenant_id)
        .await?
        .into_iter()
        .map(MspAdmin::from)
        .collect())
}

pub async fn msp_find_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<MspAdmin, ApiError> {
    Ok(admins::find(conn, tenant_id, id).await?.into())
}

/// Changes the administrator's email and names; the rest stays.
pub async fn msp_update_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
) -> Result<MspAdmin, ApiError> {
    let current = admins::find(conn, tenant_id, id).await?;
    let v = msp_admin_values(email, first_name, last_name, &current.role, Some(&current));
    repo::update_admin(conn, tenant_id, current.id, &v)
        .await
        .map_err(msp_email_taken(email))?;
    Ok(admins::find(conn, tenant_id, id).await?.into())
}

/// Removes the administrator (a tenant keeps at least one PRIME_ADMIN).
pub async fn msp_delete_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<(), ApiError> {
    admins::delete(conn, tenant_id, &[id.to_string()]).await
}

pub async fn msp_admin_counts(
    conn: &mut PgConnection,
    tenant_ids: &[String],
) -> Result<std::collections::HashMap<String, i64>, ApiError> {
    repo::admin_counts(conn, tenant_ids).await
}
