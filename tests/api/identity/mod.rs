//! HTTP-level tests of the Identity Management API.

mod concurrency;
mod contract;
mod csv;
mod devices_ports;
mod dpsk;
mod groups;
mod identities;

use r1::*;
use reqwest::StatusCode;
use serde_json::Value;

pub const OTHER: &str = "0000000000000000000000000000000f";

/// Creates a group and returns its id, checking the 202 and its activity.
pub async fn group(app: &TestApp, name: &str) -> String {
    let (status, body) = app.post("/identityGroups", json!({ "name": name })).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

/// Creates an identity in the group and returns its id.
pub async fn identity(app: &TestApp, group_id: &str, body: Value) -> String {
    let (status, res) = app
        .post(&format!("/identityGroups/{group_id}/identities"), body)
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{res}");
    res["id"].as_str().unwrap().to_string()
}

pub async fn get_identity(app: &TestApp, group_id: &str, id: &str) -> Value {
    let (status, body) = app
        .get(&format!("/identityGroups/{group_id}/identities/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The rejected fields of an `ApiError` body.
pub fn fields(body: &Value) -> Vec<String> {
    body["subErrors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str().map(str::to_string))
        .collect()
}
