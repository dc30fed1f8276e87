//! HAL `_links`, as the vendor renders them: absolute hrefs on the host the
//! client called.

use std::collections::BTreeMap;

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub href: String,
}

/// `{"self": {"href": ...}, ...}`.
pub type Links = BTreeMap<String, Link>;

/// The scheme and authority the client used (`http://127.0.0.1:8080`), so
/// links work through docker port mappings and proxies.
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl BaseUrl {
    /// `_links` with the given relations, each a path below this base.
    pub fn links<'a>(&self, relations: impl IntoIterator<Item = (&'a str, String)>) -> Links {
        relations
            .into_iter()
            .map(|(rel, path)| {
                (
                    rel.to_string(),
                    Link {
                        href: format!("{}{}", self.0, path),
                    },
                )
            })
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for BaseUrl {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let scheme = header("x-forwarded-proto").unwrap_or_else(|| "http".into());
        let host = header("x-forwarded-host")
            .or_else(|| header(header::HOST.as_str()))
            .unwrap_or_else(|| "localhost".into());
        Ok(BaseUrl(format!("{scheme}://{host}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute() {
        let base = BaseUrl("http://h:1".into());
        let links = base.links([("self", "/units/1".to_string())]);
        assert_eq!(links["self"].href, "http://h:1/units/1");
    }
}
