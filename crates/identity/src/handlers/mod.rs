//! HTTP handlers: extract, call a use case or the repository, shape the
//! response. Path parameters are named as the bundle names them: `id` on the
//! group's own paths, `groupId` and `id` under `.../identities`.

pub mod dpsk;
pub mod groups;
pub mod identities;

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// The group's own paths: `/identityGroups/{id}...`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct GroupIdPath {
    /// Group id
    pub id: Uuid,
}

/// The group as the parent of identities: `/identityGroups/{groupId}/identities...`.
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
