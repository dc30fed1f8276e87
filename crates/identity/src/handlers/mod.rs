//! HTTP handlers: extract, call a use case or the repository, shape the
//! response. Every path segment after `/identityGroups/` is named `groupId`,
//! because the router needs one name per position (the bundle says `id` on
//! the group's own paths; docs/behaviour/identity.md).

pub mod dpsk;
pub mod groups;
pub mod identities;

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct GroupPath {
    /// Group id
    pub group_id: Uuid,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct IdentityPath {
    /// Group id
    pub group_id: Uuid,
    /// Identity id
    pub id: Uuid,
}
