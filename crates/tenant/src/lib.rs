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
        .layer(ErrorStyle::Common.layer())
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
