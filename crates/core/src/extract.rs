//! axum's extractors with rejections in the vendor's error shape: a body or
//! path that cannot be parsed is a 400 (415 for a wrong body type), never
//! axum's plain text.
//!
//! They also refuse the NUL character in JSON strings, path segments and
//! query values with a 400 naming where it stands: PostgreSQL cannot store NUL
//! in text, so letting it through would turn bad input into a 500.

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, FromRequestParts, RawPathParams, Request},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use crate::error::ApiError;

pub const NUL_MESSAGE: &str = "must not contain the NUL character";

/// A JSON request body (`application/json` or any `application/*+json`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
struct Parsed<T>(T);

impl<S, T> FromRequest<S> for Json<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state).await?;
        // JSON carries NUL only escaped, so the document is walked only then.
        if bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
            if let Some(at) = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| nul_at(&v))
            {
                return Err(ApiError::field("request", &at, Value::Null, NUL_MESSAGE));
            }
        }
        let Parsed(value) =
            Parsed::from_request(Request::from_parts(parts, Body::from(bytes)), state).await?;
        Ok(Json(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if let Ok(raw) = RawPathParams::from_request_parts(parts, state).await {
            if let Some((name, value)) = raw.iter().find(|(_, v)| v.contains('\0')) {
                return Err(ApiError::field("path", name, value, NUL_MESSAGE));
            }
        }
        let axum::extract::Path(value) =
            axum::extract::Path::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        if query.contains("%00") {
            let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
                .map(|q| q.0)
                .unwrap_or_default();
            let (name, value) = pairs
                .into_iter()
                .find(|(k, v)| k.contains('\0') || v.contains('\0'))
                .unwrap_or_default();
            return Err(ApiError::field("query", &name, value, NUL_MESSAGE));
        }
        let axum::extract::Query(value) =
            axum::extract::Query::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// Where a JSON document holds a NUL character (in a string or a member
/// name), as a path such as `name` or `[0].macAddress`.
fn nul_at(value: &Value) -> Option<String> {
    fn join(path: &str, member: &str) -> String {
        if path.is_empty() {
            member.to_string()
        } else {
            format!("{path}.{member}")
        }
    }
    fn walk(value: &Value, path: String) -> Option<String> {
        match value {
            Value::String(s) if s.contains('\0') => Some(path),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, format!("{path}[{i}]"))),
            Value::Object(members) => members.iter().find_map(|(k, v)| {
                if k.contains('\0') {
                    Some(join(&path, &k.replace('\0', "\\u0000")))
                } else {
                    walk(v, join(&path, k))
                }
            }),
            _ => None,
        }
    }
    walk(value, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nul_characters_are_found_by_path() {
        assert_eq!(nul_at(&json!({"name": "a\u{0}b"})), Some("name".into()));
        assert_eq!(
            nul_at(&json!([{"macAddress": "x"}, {"name": "\u{0}"}])),
            Some("[1].name".into())
        );
        assert_eq!(
            nul_at(&json!({"ethernetPort": {"name": "\u{0}"}})),
            Some("ethernetPort.name".into())
        );
        assert_eq!(nul_at(&json!({"a\u{0}": 1})), Some("a\\u0000".into()));
        assert_eq!(
            nul_at(&json!({"name": "alice", "vlan": 3, "ids": []})),
            None
        );
    }
}
