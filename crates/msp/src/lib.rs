//! The RUCKUS One MSP Services API (v0.3.3), the `View MSP` operations of
//! the viewmodel API (v1.0.42) and the MSP query operations the vendor
//! serves beyond the bundle: an MSP creates customers as real tenants,
//! hands them to technology partners, assigns its administrators to them,
//! brands its portal and schedules firmware upgrades. Acting for a customer
//! (`x-rks-tenantid`) rests on the core grants this crate writes.

mod admins;
mod branding;
mod customers;
mod delegations;
mod firmware;
mod handlers;
mod inventory;
mod model;
mod ownership;
pub mod query;
mod repo;
mod rules;
mod tenant_link;
mod views;

use axum::routing::{get, post};
use handlers::{
    activations as act, admin_delegations as adm, brand_settings as brand, deprecated as old,
    device_query as dev, firmware as fw, labels, local, managed_tenants as mt, queries as q,
    tenant_delegations as td, view_msp as view,
};
use r1_core::{rate_limit, AppState};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(mt::create_tenant_v2))
        .routes(routes!(
            mt::get_tenant_account,
            mt::update_managed_tenant,
            q::patch_managed_tenant,
            mt::delete_tenant
        ))
        .routes(routes!(mt::send_invitation_email))
        .routes(routes!(
            td::get_tenant_delegations,
            td::update_tenant_delegations
        ))
        .routes(routes!(td::patch_tenant_delegations))
        .routes(routes!(adm::get_tenant_admins))
        .routes(routes!(
            adm::get_tenant_admin,
            adm::update_tenant_admin,
            adm::delete_tenant_admin
        ))
        .routes(routes!(
            adm::get_delegated_admins,
            adm::update_delegated_admins
        ))
        .routes(routes!(adm::patch_admin_delegations))
        .routes(routes!(act::re_activate_tenant, act::de_activate_tenant))
        .routes(routes!(
            act::get_ruckus_support_status,
            act::enable_support,
            act::disable_support
        ))
        .routes(routes!(
            brand::get_brand_info,
            brand::add_brand_info,
            brand::update_brand_info
        ))
        .routes(routes!(brand::upload_brand_logo_file_url))
        .routes(routes!(brand::get_brand_logo_file_download_url))
        .routes(routes!(fw::set_schedule_for_firmware_upgrades))
        .routes(routes!(dev::ap_count_summary))
        .routes(routes!(view::query_msp_ecs))
        .routes(routes!(view::get_msp_ecs))
        .routes(routes!(view::get_device_inventory))
        .routes(routes!(view::export_device_inventory))
        .routes(routes!(view::get_delegations_for_view))
        // Beyond the bundle: the current query operations and the deprecated
        // paths live clients still call (CONTRACT.md).
        .routes(routes!(q::query_customer_or_tech_partner_data_v3))
        .routes(routes!(q::query_customer_delegation_data))
        .routes(routes!(q::query_device_inventory_data))
        .routes(routes!(q::get_consolidated_api_url))
        .routes(routes!(
            old::get_msp_ec_account_list,
            old::create_msp_ec_account_v3
        ))
        .routes(routes!(
            old::get_msp_ec_account,
            old::update_msp_ec_account,
            old::delete_msp_ec_account
        ))
        .routes(routes!(old::get_msp_ec_activation_status))
        .routes(routes!(
            old::get_ruckus_support_status_1,
            old::enable_ruckus_support,
            old::disable_ruckus_support
        ))
        .routes(routes!(old::msp_firmware_upgrade))
        .routes(routes!(old::assign_msp_ec_to_multiple_tech_partner))
        .routes(routes!(old::msp_admin_association))
        .routes(routes!(old::get_msp_ec_admin_list))
        .routes(routes!(
            old::get_msp_ec_admin,
            old::update_msp_ec_admin,
            old::delete_msp_ec_admin
        ))
        .routes(routes!(
            old::get_msp_delegated_admins,
            old::update_msp_delegated_admins
        ))
        .routes(routes!(old::update_delegator_admins))
        .routes(routes!(old::send_invitation_email_1))
        .routes(routes!(old::get_msp_ec_logo_url))
        .routes(routes!(
            labels::get_msp_label,
            labels::add_msp_label,
            labels::update_msp_label
        ))
        .routes(routes!(labels::check_msp_label))
        .routes(routes!(labels::get_msp_base_url))
        .routes(routes!(
            labels::get_msp_ec_list_to_integrator,
            labels::assign_msp_ec_list_to_delegated
        ))
        // r1's own endpoints: served here, left out of the OpenAPI document.
        .route(
            "/_r1/tenants/{tenantId}/inventory",
            post(local::place_devices),
        )
        .route(
            "/_r1/tenants/{tenantId}/invitations",
            get(local::invitations),
        )
        .route(
            "/_r1/tenants/{tenantId}/firmwareUpgradeSchedules",
            get(local::firmware_schedules),
        )
        .layer(rate_limit::per_tenant("msp"))
        .layer(model::ERRORS.layer())
}
