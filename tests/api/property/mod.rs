//! HTTP-level tests of the Venue operations and the Property Management API.

pub mod portals;
mod properties;
mod unit_identities;
mod units;
mod venues;

use r1::*;
use reqwest::StatusCode;
use serde_json::Value;

/// Creates a venue and returns its id, checking the 202 and its activity.
pub async fn venue(app: &TestApp, name: &str) -> String {
    let (status, body) = app
        .post(
            "/venues",
            json!({"name": name, "address": {"country": "US", "city": "Sunnyvale",
                   "addressLine": "350 W Java Dr"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "SUCCESS", "{activity}");
    body["response"]["id"].as_str().unwrap().to_string()
}

/// Creates an identity group with a DPSK pool of passphrases of `length`;
/// returns (group id, pool id).
pub async fn group_with_pool(app: &TestApp, name: &str, length: i64) -> (String, String) {
    let (status, body) = app.post("/identityGroups", json!({ "name": name })).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let group = body["id"].as_str().unwrap().to_string();
    let (status, body) = app
        .post(
            &format!("/identityGroups/{group}/dpskServices"),
            json!({"name": format!("pool-{name}"), "passphraseLength": length,
                   "passphraseFormat": "KEYBOARD_FRIENDLY"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    (group, body["id"].as_str().unwrap().to_string())
}

/// A venue with property management enabled on a new group and pool;
/// returns (venue id, group id, pool id).
pub async fn property(app: &TestApp, name: &str, unit_config: Value) -> (String, String, String) {
    let v = venue(app, name).await;
    let (g, p) = group_with_pool(app, &format!("{name} residents"), 12).await;
    let (status, body) = app
        .put(
            &format!("/venues/{v}/propertyConfigs"),
            json!({"status": "ENABLED", "personaGroupId": g, "venueName": name,
                   "unitConfig": unit_config}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    (v, g, p)
}

/// Adds a unit and returns its id, waiting for the activity.
pub async fn unit(app: &TestApp, venue_id: &str, body: Value) -> String {
    let (status, res) = app.post(&format!("/venues/{venue_id}/units"), body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{res}");
    let activity = app.wait_activity(res["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "SUCCESS", "{activity}");
    last_segment(&res["_links"]["self"]["href"])
}

/// The id at the end of a link.
pub fn last_segment(href: &Value) -> String {
    href.as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// The passphrase of a unit's `dpsks` entry of this type.
pub fn dpsk<'a>(unit: &'a Value, kind: &str) -> &'a Value {
    unit["dpsks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["type"] == kind)
        .unwrap_or(&Value::Null)
}

/// The `validationErrors` of an `ErrorResource`.
pub fn validation(body: &Value) -> Vec<String> {
    body["validationErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}
