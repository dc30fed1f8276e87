//! HTTP handlers: extract, call a use case, shape the response. Path
//! parameters are named as the bundles name them.

pub mod portals;
pub mod properties;
pub mod qos;
pub mod unit_identities;
pub mod units;
pub mod venues;

use axum::{
    extract::{multipart::MultipartError, Multipart},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use r1_core::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::{
    portals::PortalForm,
    repo::PortalFile,
    rules::{self, MAX_PORTAL_FILE_BYTES},
};

pub const HAL: &str = "application/hal+json";

/// A JSON body sent as `application/hal+json`, as the bundles answer
/// resources with `_links`.
pub struct Hal<T>(pub T);

impl<T: Serialize> IntoResponse for Hal<T> {
    fn into_response(self) -> Response {
        let mut res = axum::Json(self.0).into_response();
        if res.status() == StatusCode::OK {
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(HAL));
        }
        res
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct VenuePath {
    /// Venue Id
    pub venue_id: String,
}

impl VenuePath {
    /// The stored venue id; a path that cannot be one names no venue.
    pub fn id(&self) -> Result<String, ApiError> {
        rules::venue_id(&self.venue_id).ok_or_else(|| crate::missing::venue(&self.venue_id))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct UnitPath {
    /// Venue Id
    pub venue_id: String,
    /// Unit Id
    pub unit_id: Uuid,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct PortalPath {
    /// Resident Portal Id
    pub portal_id: Uuid,
}

fn multipart_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(e.body_text())
    } else {
        ApiError::BadRequest(e.body_text())
    }
}

/// Reads a resident portal's multipart body: the JSON part `json_part`
/// (`portal` on add, `changes` on edit) and the `logo` and `favIcon` files,
/// each kept byte for byte with its content type.
pub async fn portal_form(
    mut multipart: Multipart,
    json_part: &str,
) -> Result<PortalForm, ApiError> {
    let mut form = PortalForm::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let bytes = field.bytes().await.map_err(multipart_error)?;
        // PostgreSQL keeps no NUL in text or JSON: refuse it here, not as a 500.
        let nul_escape = bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"));
        if file_name.as_deref().is_some_and(|n| n.contains('\0'))
            || (name == json_part && (nul_escape || bytes.contains(&0)))
        {
            return Err(ApiError::field(
                "residentPortal",
                &name,
                (),
                "must not contain the NUL character",
            ));
        }
        match name.as_str() {
            n if n == json_part => {
                let portal = serde_json::from_slice(&bytes).map_err(|e| {
                    ApiError::field(
                        "residentPortal",
                        json_part,
                        (),
                        format!("is not a ResidentPortal: {e}"),
                    )
                })?;
                form.portal = Some(portal);
            }
            "logo" | "favIcon" => {
                if bytes.len() > MAX_PORTAL_FILE_BYTES {
                    return Err(ApiError::PayloadTooLarge(format!(
                        "{name}: at most {MAX_PORTAL_FILE_BYTES} bytes"
                    )));
                }
                let file = (
                    PortalFile {
                        bytes: bytes.to_vec(),
                        content_type,
                    },
                    file_name,
                );
                if name == "logo" {
                    form.logo = Some(file);
                } else {
                    form.fav_icon = Some(file);
                }
            }
            _ => {}
        }
    }
    Ok(form)
}

/// A multipart body, or a 415 in the API's error shape.
pub async fn multipart_of(req: axum::extract::Request) -> Result<Multipart, ApiError> {
    use axum::extract::FromRequest;
    Multipart::from_request(req, &()).await.map_err(|e| {
        if e.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE || e.status() == StatusCode::BAD_REQUEST
        {
            ApiError::UnsupportedMediaType("Send the body as multipart/form-data".into())
        } else {
            ApiError::BadRequest(e.body_text())
        }
    })
}
