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
        .layer(ErrorStyle::Identity.layer())
}

/// The DPSK bundle's operations under `/identityGroups`, with DPSK's error
/// body.
fn dpsk_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dpsk::create_dpsk_pool))
        .routes(routes!(dpsk::create_dpsk_pool_template))
        .layer(rate_limit::per_tenant("dpsk"))
        .layer(ErrorStyle::Common.layer())
}
