//! The RUCKUS One Property Management REST API (1.0.1): property
//! configuration per venue, units with their identities and DPSK
//! passphrases, unit identities, QoS profile assignment and resident
//! portals; and the Venue operations it stands on: the Venue Service API's
//! (0.2.8) `Venue` tag and the viewmodel's `POST /venues/query` (1.0.42).
//!
//! The Resident Portal API (crates/resident-portal) reads and changes units
//! through the public module [`resident`].

mod csv_io;
mod dpsk_link;
mod handlers;
mod identity_link;
mod missing;
mod model;
mod paging;
mod portals;
mod properties;
mod repo;
pub mod resident;
mod rules;
pub mod schemas;
mod unit_batches;
mod unit_identities;
mod units;
mod venues;

pub use handlers::Hal;
pub use model::{
    ResidentPortalAccessConfig, ResidentPortalColorConfig, ResidentPortalFileConfig,
    ResidentPortalTextConfig, ResidentPortalUiConfigs, UnitConfigDto,
};

use handlers::{
    portals as rp, properties as pc, qos, unit_identities as ui, units as u, venues as v,
};
use r1_core::{rate_limit, AppState, ErrorStyle};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    venue_routes().merge(property_routes())
}

/// The Venue operations, with the common `{requestId, errors}` body of the
/// Venue Service bundle's `ErrorResponse`.
fn venue_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(v::create_venue))
        .routes(routes!(v::get_venue, v::update_venue, v::delete_venue))
        .routes(routes!(v::query_venues))
        .layer(rate_limit::per_tenant("venue"))
        .layer(ErrorStyle::COMMON.layer())
}

/// The Property Management API, with its `ErrorResource` body.
fn property_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            pc::get_property,
            pc::enable_property,
            pc::enable_property_selectively
        ))
        .routes(routes!(pc::assign_resident_portal))
        .routes(routes!(pc::query_property_configs))
        .routes(routes!(u::get_all_units, u::add_unit))
        .routes(routes!(u::query_units))
        .routes(routes!(u::resend_notifications))
        .routes(routes!(u::fetch_unit, u::edit_unit, u::delete_unit))
        .routes(routes!(ui::associate_identity, ui::delete_identity))
        .routes(routes!(ui::query_identities))
        .routes(routes!(qos::qos_profile_assignments))
        .routes(routes!(rp::add_resident_portal))
        .routes(routes!(rp::query_resident_portals))
        .routes(routes!(
            rp::fetch_resident_portal,
            rp::edit_resident_portal,
            rp::delete_resident_portal
        ))
        .routes(routes!(rp::download_portal_file, rp::delete_portal_file))
        .layer(rate_limit::per_tenant("property"))
        .layer(schemas::ERRORS.layer())
}
