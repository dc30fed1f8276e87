//! The RUCKUS One Resident Portal REST API (v0): residents log in with
//! their unit's secret and read and change their unit, its users and
//! devices, and read their property's portal. Units live in Property
//! Management (crates/property), reached only through `property_link`.

mod handlers;
mod model;
mod property_link;
mod rules;
mod unit_auth;

use handlers::{config as c, login as l, unit as u, users as us};
use r1_core::{rate_limit, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};

pub use unit_auth::UnitCtx;

/// Every operation, with the bundle's `ErrorResource` body and its budget
/// per property (100 calls, 80 returned each second).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(l::resident_login))
        .routes(routes!(u::resident_fetch_unit, u::resident_edit_unit))
        .routes(routes!(u::resident_fetch_unit_devices))
        .routes(routes!(u::resident_remove_device))
        .routes(routes!(us::get_unit_user, us::update_unit_user))
        .routes(routes!(us::query_unit_users))
        .routes(routes!(us::get_unit_user_devices))
        .routes(routes!(us::remove_unit_user_device))
        .routes(routes!(c::resident_fetch_property))
        .routes(routes!(c::resident_fetch_ui_configuration))
        .routes(routes!(c::get_property_styles))
        .routes(routes!(c::resident_download_portal_file))
        .routes(routes!(c::download_favicons))
        .routes(routes!(c::get_tenant_portal_access))
        .layer(rate_limit::per_path_param("resident-portal", "propertyId"))
        .layer(model::ERRORS.layer())
}
