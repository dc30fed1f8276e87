//! Media types as the vendor serves them: a successful JSON response goes out
//! as the `+json` type the client asked for (`application/vnd.ruckus.v1+json`,
//! `application/hal+json`, ...), and as `application/json` otherwise.

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    response::Response,
};

use crate::around::{Around, Pass};

// The media types the bundles list for bodies and answers, for the OpenAPI
// declarations of every domain.
pub const JSON: &str = "application/json";
pub const V1: &str = "application/vnd.ruckus.v1+json";
pub const V1_1: &str = "application/vnd.ruckus.v1.1+json";
pub const V2: &str = "application/vnd.ruckus.v2+json";

/// The first `application/*+json` type in `Accept`, if any.
fn wanted(accept: &str) -> Option<&str> {
    accept
        .split(',')
        .map(|part| part.split(';').next().unwrap_or_default().trim())
        .find(|mt| mt.starts_with("application/") && mt.ends_with("+json"))
}

/// Sends a successful JSON answer as the `+json` type the client asked for.
#[derive(Clone)]
pub struct Negotiate;

impl Around for Negotiate {
    /// The media type to answer with, when the client named one.
    type Seen = Option<HeaderValue>;

    fn request(&self, req: Request) -> Pass<Self::Seen> {
        let wanted = req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .and_then(wanted)
            .and_then(|mt| HeaderValue::from_str(mt).ok());
        Pass::On(req, wanted)
    }

    fn response(&self, wanted: Self::Seen, mut res: Response) -> Response {
        let is_plain_json = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|ct| ct.as_bytes().starts_with(b"application/json"));
        if let Some(mt) = wanted {
            if res.status().is_success() && is_plain_json {
                res.headers_mut().insert(header::CONTENT_TYPE, mt);
            }
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::wanted;

    #[test]
    fn picks_the_first_json_suffix_type() {
        assert_eq!(
            wanted("text/html, application/vnd.ruckus.v1+json;q=0.9, application/json"),
            Some("application/vnd.ruckus.v1+json")
        );
        assert_eq!(wanted("application/json"), None);
        assert_eq!(wanted("*/*"), None);
    }
}
