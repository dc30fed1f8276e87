//! axum's extractors with rejections in the vendor's error shape: a body or
//! path that cannot be parsed is a 400 (415 for a wrong body type), never
//! axum's plain text.
//!
//! They also refuse the NUL character in JSON strings, path segments and
//! query values with a 400 naming where it stands: PostgreSQL cannot store NUL
//! in text, so letting it through would turn bad input into a 500. A JSON
//! body that is not UTF-8, or holds a string longer than
//! [`MAX_STRING_CHARS`], is a 400 too.

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, FromRequestParts, RawPathParams, Request},
    http::{header, request::Parts, HeaderValue},
    response::{IntoResponse, Response},
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use crate::error::ApiError;

pub const NUL_MESSAGE: &str = "must not contain the NUL character";
pub const NOT_UTF8_MESSAGE: &str = "The request body is not valid UTF-8";

/// No string of a JSON body (member name or value) may be longer: no field
/// of any API is near it, and an unbounded one (a 10 MB search text) would
/// keep PostgreSQL busy for as long as the client likes.
pub const MAX_STRING_CHARS: usize = 65_536;
pub const TOO_LONG_MESSAGE: &str = "must be at most 65536 characters";

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
        // serde skips the members a type ignores without checking their
        // UTF-8, so an invalid body could pass as long as the bad bytes sat
        // in an ignored member.
        if std::str::from_utf8(&bytes).is_err() {
            return Err(ApiError::BadRequest(NOT_UTF8_MESSAGE.into()));
        }
        // Only a body longer than the limit can hold a longer string.
        if bytes.len() > MAX_STRING_CHARS {
            if let Some(at) = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| string_at(&v, |s| s.chars().count() > MAX_STRING_CHARS))
            {
                return Err(ApiError::field(
                    "request",
                    &at,
                    Value::Null,
                    TOO_LONG_MESSAGE,
                ));
            }
        }
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

/// What a response body is written into at first. axum's `Json` starts at
/// 128 bytes and grows through an `io::Write` adapter; a single resource
/// (an activity is about 700 bytes) was copied three times on the way.
const BODY_CAPACITY: usize = 1024;

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(BODY_CAPACITY);
        match serde_json::to_writer(&mut body, &self.0) {
            Ok(()) => (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                body,
            )
                .into_response(),
            Err(e) => ApiError::internal(e).into_response(),
        }
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

/// The client id and secret of an `Authorization: Basic` header (RFC 6749
/// section 2.3.1: each form-urlencoded, then `id:secret` in base64), the
/// way Swagger UI's Authorize and many OAuth2 libraries send them.
pub fn basic_credentials(headers: &axum::http::HeaderMap) -> Option<(String, String)> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// Standard base64 with padding, as HTTP Basic uses it.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let last = i == bytes.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | sextet(c)?;
        }
        n <<= 6 * pad as u32;
        out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

/// Where a JSON document holds a NUL character (in a string or a member
/// name), as a path such as `name` or `[0].macAddress`.
fn nul_at(value: &Value) -> Option<String> {
    string_at(value, |s| s.contains('\0'))
}

/// Where the first string (member name or value) for which `bad` holds
/// stands, as `a.b[2].c`.
fn string_at(value: &Value, bad: impl Fn(&str) -> bool + Copy) -> Option<String> {
    fn join(path: &str, member: &str) -> String {
        if path.is_empty() {
            member.to_string()
        } else {
            format!("{path}.{member}")
        }
    }
    fn walk(value: &Value, path: String, bad: impl Fn(&str) -> bool + Copy) -> Option<String> {
        match value {
            Value::String(s) if bad(s) => Some(path),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, format!("{path}[{i}]"), bad)),
            Value::Object(members) => members.iter().find_map(|(k, v)| {
                if bad(k) {
                    let shown: String = k.replace('\0', "\\u0000").chars().take(64).collect();
                    Some(join(&path, &shown))
                } else {
                    walk(v, join(&path, k), bad)
                }
            }),
            _ => None,
        }
    }
    walk(value, String::new(), bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_bad_string_is_named_by_its_place() {
        let doc = json!({"a": [1, {"b": "ok"}, {"c": "bad"}], "d": "bad"});
        let at = string_at(&doc, |s| s == "bad");
        assert!(at.as_deref() == Some("a[2].c") || at.as_deref() == Some("d"));
        assert_eq!(
            string_at(&json!({"bad": 1}), |s| s == "bad").as_deref(),
            Some("bad")
        );
        assert_eq!(string_at(&json!(["ok", 1, null]), |s| s == "bad"), None);
    }

    #[test]
    fn basic_credentials_are_read_from_the_header() {
        let with = |value: &str| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(axum::http::header::AUTHORIZATION, value.parse().unwrap());
            basic_credentials(&headers)
        };
        // base64("r1-client:r1-secret")
        assert_eq!(
            with("Basic cjEtY2xpZW50OnIxLXNlY3JldA=="),
            Some(("r1-client".into(), "r1-secret".into()))
        );
        // base64("a%3Ab:c+d"): form-urlencoded parts
        assert_eq!(
            with("basic YSUzQWI6Yytk"),
            Some(("a:b".into(), "c d".into()))
        );
        assert_eq!(with("Basic YWI="), None, "no colon");
        assert_eq!(with("Basic !!!!"), None);
        assert_eq!(with("Bearer cjEtY2xpZW50OnIxLXNlY3JldA=="), None);
        assert_eq!(base64_decode("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(base64_decode("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(base64_decode("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(base64_decode("YQ=="), Some(b"a".to_vec()));
        assert_eq!(base64_decode("Y==="), None);
        assert_eq!(base64_decode("YQ==YWJj"), None);
    }

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
