//! HTTP-level tests of MSP Services: the bundle's operations, the View MSP
//! queries, and the story of an MSP running a customer end to end.

mod admins;
mod beyond;
mod branding;
mod customers;
mod delegations;
mod keyset_and_groups;
mod story;
mod views;

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A tenant made with `POST /_r1/tenants`, and a token of its client.
pub struct Made {
    pub tenant_id: String,
    pub admin_id: String,
    pub token: String,
}

pub async fn admin_call(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app
        .http
        .request(method, app.url(path))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        req = req.json(&body);
    }
    read(req.send().await.unwrap()).await
}

pub async fn make_tenant(app: &TestApp, name: &str, tenant_type: &str) -> Made {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let email = format!("admin@{slug}.example.com");
    let (status, body) = admin_call(
        app,
        Method::POST,
        "/_r1/tenants",
        Some(json!({"name": name, "tenantType": tenant_type, "adminEmail": email})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let tenant_id = body["tenantId"].as_str().unwrap().to_string();
    let client_id = body["clientId"].as_str().unwrap();
    let secret = body["clientSecret"].as_str().unwrap();
    let token = app.token_for(&tenant_id, client_id, secret).await;
    Made {
        tenant_id,
        admin_id: body["adminId"].as_str().unwrap().to_string(),
        token,
    }
}

/// A call with `token`, a JSON body when given, acting for `acting` when given.
pub async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    acting: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = app.req_as(token, method, path);
    if let Some(tenant) = acting {
        req = req.header("x-rks-tenantid", tenant);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    read(req.send().await.unwrap()).await
}

pub fn customer_body(name: &str, email: &str) -> Value {
    json!({
        "name": name,
        "city": "Sunnyvale",
        "country": "US",
        "service_effective_date": "2026-01-01 00:00:00Z",
        "service_expiration_date": "2027-01-01 00:00:00Z",
        "admin_email": email,
        "admin_firstname": "Ada",
        "admin_lastname": "Lovelace",
        "admin_role": "PRIME_ADMIN",
    })
}

/// Creates one customer of the MSP and waits for its activity: its id.
pub async fn create_customer(app: &TestApp, msp: &Made, name: &str) -> String {
    let email = format!(
        "owner@{}.example.com",
        name.to_lowercase().replace(' ', "-")
    );
    let (status, body) = call(
        app,
        &msp.token,
        Method::POST,
        "/tenants",
        Some(json!({"data": [customer_body(name, &email)]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body["data"][0]["tenantId"].as_str().unwrap().to_string()
}

/// The MSP error body's only entry: `{errors: {<key>: {...}}}`.
pub fn error_entry(body: &Value) -> (&str, &Value) {
    let errors = body["errors"].as_object().expect("RestErrorResponse");
    let (k, v) = errors.iter().next().expect("one error");
    (k.as_str(), v)
}

/// Whether `token` may act for `tenant` with `x-rks-tenantid`: the status of
/// a harmless read there.
pub async fn acts_for(app: &TestApp, token: &str, tenant: &str) -> StatusCode {
    call(
        app,
        token,
        Method::POST,
        "/activities/query",
        Some(json!({})),
        Some(tenant),
    )
    .await
    .0
}
