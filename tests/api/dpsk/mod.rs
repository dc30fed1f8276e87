//! HTTP-level tests of the DPSK API.

mod concurrency;
mod csv;
mod passphrases;
mod pools;
mod read_paths;

use r1::*;
use reqwest::StatusCode;
use serde_json::Value;

/// Creates a pool and returns its id.
pub async fn pool(app: &TestApp, name: &str) -> String {
    let (status, body) = app
        .post(
            "/dpskServices",
            json!({"name": name, "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

/// Creates one passphrase from `body` and returns its id.
pub async fn passphrase(app: &TestApp, pool_id: &str, body: Value) -> String {
    let (status, res) = app
        .post(&format!("/dpskServices/{pool_id}/passphrases"), body)
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{res}");
    res["id"].as_str().unwrap().to_string()
}

/// The single error entry of a Common-style error body.
pub fn error(body: &Value) -> &Value {
    &body["errors"][0]
}
