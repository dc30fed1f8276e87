//! HTTP handlers: extract, call a use case or the repository, shape the
//! response. Path parameters are named as the bundle names them: `id` on the
//! group's own paths, `groupId` and `id` under `.../identities`.

pub mod dpsk;
pub mod groups;
pub mod identities;

use r1_core::{export_dates::ExportDefaults, loaded::FromPath, ApiError};
use serde::Deserialize;
use sqlx::PgConnection;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::{
    csv_io,
    repo::{self, GroupRow, IdentityRow},
};

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

/// The exports' date parameters, with Identity's defaults and words.
pub struct IdentityExport;

impl ExportDefaults for IdentityExport {
    const DATE_FORMAT: &'static str = csv_io::DEFAULT_DATE_FORMAT;
    const TIMEZONE_DOC: &'static str = "Time zone of the dates: `UTC`, a zone such as `Europe/Paris`, or an\noffset such as `+02:00`.";
    const DATE_FORMAT_DOC: &'static str = "Format of the dates (default `yyyyMMddHHmmss`).";
}

impl FromPath<GroupIdPath> for GroupRow {
    async fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        p: GroupIdPath,
    ) -> Result<Self, ApiError> {
        crate::groups::find(conn, tenant_id, p.id).await
    }
}

impl FromPath<GroupPath> for GroupRow {
    async fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        p: GroupPath,
    ) -> Result<Self, ApiError> {
        crate::groups::find(conn, tenant_id, p.group_id).await
    }
}

impl FromPath<IdentityPath> for IdentityRow {
    async fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        p: IdentityPath,
    ) -> Result<Self, ApiError> {
        repo::find_identity(&mut *conn, tenant_id, p.group_id, p.id)
            .await?
            .ok_or_else(|| crate::identities::not_found(p.id))
    }
}
