//! HTTP handlers: extract, call the property link, shape the response.

pub mod config;
pub mod login;
pub mod unit;
pub mod users;

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct PropertyPath {
    /// Property identifier.
    pub property_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct UserPath {
    /// Property Id
    pub property_id: String,
    /// User Id
    pub user_id: Uuid,
}

/// The `_links` base of a property's resident endpoints.
pub fn property_base(property_id: &str) -> String {
    format!("/residents/properties/{property_id}")
}
