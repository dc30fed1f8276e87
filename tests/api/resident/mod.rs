//! HTTP-level tests of the Resident Portal API.

mod access;
mod config;
mod story;
mod unit;
mod users;

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::property::{dpsk, property, unit};

/// SHA-256 (hex) of a secret, as a resident's client sends it to log in.
pub async fn hashed(app: &TestApp, secret: &str) -> String {
    sqlx::query_scalar::<_, String>("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')")
        .bind(secret)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// A property with a resident portal, one unit, and that unit logged in.
pub struct Resident {
    pub venue: String,
    pub group: String,
    pub pool: String,
    pub unit: String,
    pub secret: String,
    pub token: String,
}

impl Resident {
    pub fn path(&self, rest: &str) -> String {
        format!("/residents/properties/{}{rest}", self.venue)
    }
}

/// Sets up a property whose portal lets residents set secrets when
/// `tenant_set_dpsk`, with unit "101" (and a guest passphrase), and logs in.
pub async fn resident(app: &TestApp, name: &str, tenant_set_dpsk: bool) -> Resident {
    let (venue, group, pool) = property(app, name, json!({"guestAllowed": true})).await;
    let portal = crate::property::portals::portal(
        app,
        &format!("{name} portal"),
        json!({"access": {"tenantSetDpsk": tenant_set_dpsk},
               "color": {"mainColor": "#102030"},
               "text": {"title": "Welcome home", "loginText": "Enter your unit secret",
                        "helpText": "Call the office"}}),
    )
    .await;
    let (status, _) = app
        .put(
            &format!("/venues/{venue}/propertyConfigs/residentPortalAssignments/{portal}"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let unit_id = unit(
        app,
        &venue,
        json!({"name": "101", "resident": {"name": "Ada", "email": "ada@example.com"},
               "dpsks": [{"type": "UNIT", "passphrase": "secret-of-101"}, {"type": "GUEST"}]}),
    )
    .await;
    let (_, u) = app.get(&format!("/venues/{venue}/units/{unit_id}")).await;
    let secret = dpsk(&u, "UNIT")["passphrase"].as_str().unwrap().to_string();
    let (status, body) = login(app, &venue, &secret).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    Resident {
        venue,
        group,
        pool,
        unit: unit_id,
        secret,
        token: body["token"].as_str().unwrap().to_string(),
    }
}

pub async fn login(app: &TestApp, venue: &str, secret: &str) -> (StatusCode, Value) {
    let hashed = hashed(app, secret).await;
    read(
        app.http
            .post(app.url(&format!("/residents/properties/{venue}/units/logins")))
            .json(&json!({ "hashedSecret": hashed }))
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// A resident request with the unit's token.
pub async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app.req_as(token, method, path);
    if let Some(b) = body {
        req = req.json(&b);
    }
    read(req.send().await.unwrap()).await
}
