//! The DPSK Service's HTTP operations, one file per bundle tag: extract,
//! call one use case, shape the response. Each carries the bundle's path,
//! operationId and tag.

mod devices;
mod passphrases;
mod pools;
mod templates;

pub use devices::*;
pub use passphrases::*;
pub use pools::*;
pub use templates::*;

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};
use r1_core::{export_dates::ExportDefaults, loaded::FromPath, media::V1, ApiError};
use serde::Deserialize;
use sqlx::PgConnection;
use utoipa::IntoParams;

use crate::{
    csv_io,
    pools::Kind,
    repo::{PassphraseRow, PoolRow},
};

const POOLS: &str = "APIs for DPSK Service Management";
const PASSPHRASES: &str = "APIs for DPSK Passphrase Management";
const DEVICES: &str = "APIs for DPSK Passphrase Device Management";
const TEMPLATES: &str = "APIs for DPSK Service Template Management";

/// A successful answer of a template operation: the bundle lists only
/// `application/vnd.ruckus.v1+json` for those, so that is the type, whatever
/// the client accepts (the other operations answer `application/json` or the
/// `+json` type asked for; see `r1_core::media`).
pub struct VndV1<R>(pub R);

impl<R: IntoResponse> IntoResponse for VndV1<R> {
    fn into_response(self) -> Response {
        let mut res = self.0.into_response();
        if res.status().is_success() {
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(V1));
        }
        res
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PoolPath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PassphrasePath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
    /// DPSK passphrase id
    pub id: String,
}

/// The devices operations name the passphrase `passphraseId`, as the bundle
/// does (the passphrase operations call it `id`).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DevicePath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
    /// DPSK passphrase id
    #[serde(rename = "passphraseId")]
    #[param(rename = "passphraseId")]
    pub passphrase_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PolicySetPath {
    /// DPSK pool id
    #[serde(rename = "poolId")]
    #[param(rename = "poolId")]
    pub pool_id: String,
    /// Policy set id
    #[serde(rename = "policySetId")]
    #[param(rename = "policySetId")]
    pub policy_set_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TemplatePath {
    /// DPSK pool template id
    #[serde(rename = "poolTemplateId")]
    #[param(rename = "poolTemplateId")]
    pub pool_template_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct NetworkTemplatePath {
    /// Wi-Fi network template id
    #[serde(rename = "networkTemplateId")]
    #[param(rename = "networkTemplateId")]
    pub network_template_id: String,
}

/// The export's date parameters, with DPSK's defaults and words.
pub struct DpskExport;

impl ExportDefaults for DpskExport {
    const DATE_FORMAT: &'static str = csv_io::DEFAULT_DATE_FORMAT;
    const TIMEZONE_DOC: &'static str = "Time zone of the dates (default UTC).";
    const DATE_FORMAT_DOC: &'static str =
        "Java date pattern of the dates (default `dd/MM/yyyy HH:mm`).";
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Prefixed to each row's username.
    #[serde(rename = "usernamePrefix")]
    #[param(rename = "usernamePrefix")]
    pub username_prefix: Option<String>,
}

impl FromPath<PoolPath> for PoolRow {
    async fn load(conn: &mut PgConnection, tenant_id: &str, p: PoolPath) -> Result<Self, ApiError> {
        crate::pools::load_pool(conn, tenant_id, &p.pool_id, Kind::Pool).await
    }
}

impl FromPath<TemplatePath> for PoolRow {
    async fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        p: TemplatePath,
    ) -> Result<Self, ApiError> {
        crate::pools::load_pool(conn, tenant_id, &p.pool_template_id, Kind::Template).await
    }
}

impl FromPath<PassphrasePath> for (PoolRow, PassphraseRow) {
    async fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        p: PassphrasePath,
    ) -> Result<Self, ApiError> {
        crate::passphrases::load_in_pool(conn, tenant_id, &p.pool_id, &p.id).await
    }
}

impl FromPath<DevicePath> for (PoolRow, PassphraseRow) {
    async fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        p: DevicePath,
    ) -> Result<Self, ApiError> {
        crate::passphrases::load_in_pool(conn, tenant_id, &p.pool_id, &p.passphrase_id).await
    }
}
