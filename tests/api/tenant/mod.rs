//! HTTP-level tests of the Tenant Management API and of `/_r1/tenants`.

mod admins;
mod delegations;
mod local;
mod profile;
mod recipients;
mod settings;
mod tenant_self;

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A tenant made with `POST /_r1/tenants`, and a token of its client.
pub struct Made {
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
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

pub async fn make_tenant(app: &TestApp, name: &str, tenant_type: &str, email: &str) -> Made {
    let (status, body) = admin_call(
        app,
        Method::POST,
        "/_r1/tenants",
        Some(json!({"name": name, "tenantType": tenant_type, "adminEmail": email})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let tenant_id = body["tenantId"].as_str().unwrap().to_string();
    let client_id = body["clientId"].as_str().unwrap().to_string();
    let client_secret = body["clientSecret"].as_str().unwrap().to_string();
    let token = app.token_for(&tenant_id, &client_id, &client_secret).await;
    Made {
        tenant_id,
        client_id,
        client_secret,
        admin_id: body["adminId"].as_str().unwrap().to_string(),
        token,
    }
}

/// A call with `token`, and a JSON body when given.
pub async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app.req_as(token, method, path);
    if let Some(body) = body {
        req = req.json(&body);
    }
    read(req.send().await.unwrap()).await
}

/// The first error entry of a Common-style error body.
pub fn error(body: &Value) -> &Value {
    &body["errors"][0]
}
