//! The isolation matrix: every vendor operation r1 serves, read from the
//! router's own OpenAPI document (so a new route cannot escape it), is sent
//! every kind of bad credential. Each must be refused in the API's error
//! shape: never a 2xx, never a 5xx, never another tenant's data.

use chrono::Utc;
use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

/// An operation as the document names it, with its path filled in.
struct Operation {
    method: Method,
    template: String,
    path: String,
}

/// Operations that need no bearer token: the token endpoint itself, and any
/// the document marks with an empty security requirement (the resident
/// portal's login and public pages).
fn is_public(path: &str, op: &Value) -> bool {
    path.starts_with("/oauth2/")
        || op["security"].as_array().is_some_and(|s| {
            s.is_empty()
                || s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
        })
}

/// A plausible value for a path parameter, so that the path itself parses and
/// only the credentials decide the answer.
fn fill(name: &str) -> String {
    match name {
        "tenantId" | "mspTenantId" | "customerId" | "integratorId" | "mspEcTenantId" => {
            "0000000000000000000000000000abcd".into()
        }
        "macAddress" => "AA-BB-CC-DD-EE-FF".into(),
        "portIndex" => "1".into(),
        _ => uuid::Uuid::new_v4().to_string(),
    }
}

fn operations() -> Vec<Operation> {
    operations_with(fill)
}

fn operations_with(fill: impl Fn(&str) -> String) -> Vec<Operation> {
    let doc = serde_json::to_value(r1_server::openapi()).unwrap();
    let mut ops = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            if is_public(template, op) {
                continue;
            }
            let mut path = template.clone();
            while let Some(start) = path.find('{') {
                let end = start + path[start..].find('}').unwrap();
                let value = fill(&path[start + 1..end]);
                path.replace_range(start..=end, &value);
            }
            ops.push(Operation {
                method,
                template: template.clone(),
                path,
            });
        }
    }
    ops
}

fn token(claims: Value, key: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap()
}

/// An unsigned token (`alg: none`), which must never be accepted.
fn unsigned(claims: &Value) -> String {
    use base64_url as b64;
    format!(
        "{}.{}.",
        b64::encode(r#"{"alg":"none","typ":"JWT"}"#),
        b64::encode(&claims.to_string())
    )
}

/// Minimal base64url without padding, to forge the unsigned token.
mod base64_url {
    pub fn encode(input: &str) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let bytes = input.as_bytes();
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |acc, b| (acc << 8) | *b as u32) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }
}

/// Whether a body is one of the vendor's error shapes.
fn is_error_body(body: &Value) -> bool {
    body.get("errors").is_some() || body.get("message").is_some()
}

#[sqlx::test]
async fn every_operation_refuses_every_bad_credential(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let now = Utc::now().timestamp();
    let claims = |tenant: &str, exp: i64| json!({"sub": CLIENT_ID, "tenantId": tenant, "name": "app", "iss": "r1", "iat": now - 60, "exp": exp});
    let secret = app.config.jwt_secret.clone();
    let cases: Vec<(&str, Option<String>)> = vec![
        ("no token", None),
        ("not a bearer token", Some(format!("Basic {}", app.token))),
        ("malformed token", Some("Bearer not.a.jwt".into())),
        (
            "another key",
            Some(format!(
                "Bearer {}",
                token(claims(TENANT, now + 600), "another-key")
            )),
        ),
        (
            "expired",
            Some(format!(
                "Bearer {}",
                token(claims(TENANT, now - 1), &secret)
            )),
        ),
        (
            "alg none",
            Some(format!("Bearer {}", unsigned(&claims(TENANT, now + 600)))),
        ),
        (
            "tenant that does not exist",
            Some(format!(
                "Bearer {}",
                token(
                    claims("0000000000000000000000000000dead", now + 600),
                    &secret
                )
            )),
        ),
    ];
    let ops = operations();
    assert!(ops.len() >= 49, "only {} operations found", ops.len());
    let mut failures = Vec::new();
    let mut sent = 0;
    for op in &ops {
        for (case, authorization) in &cases {
            let mut req = app
                .http
                .request(op.method.clone(), app.url(&op.path))
                .header("content-type", "application/json")
                .body("{}");
            if let Some(value) = authorization {
                req = req.header("authorization", value);
            }
            let (status, body) = read(req.send().await.unwrap()).await;
            sent += 1;
            if status != StatusCode::UNAUTHORIZED || !is_error_body(&body) {
                failures.push(format!(
                    "{} {} ({case}): {status} {body}",
                    op.method, op.template
                ));
            }
        }
    }
    println!(
        "isolation matrix: {} operations x {} bad credentials = {sent} requests",
        ops.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test]
async fn every_operation_refuses_a_tenant_header_without_a_grant(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let other = "0000000000000000000000000000000b";
    app.other_tenant(other).await;
    let mut failures = Vec::new();
    let ops: Vec<Operation> = operations()
        .into_iter()
        // Resident endpoints take unit tokens, not tenant tokens.
        .filter(|op| !op.template.starts_with("/residents/"))
        .collect();
    for op in &ops {
        let (status, body) = read(
            app.req(op.method.clone(), &op.path)
                .header("x-rks-tenantid", other)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap(),
        )
        .await;
        if status != StatusCode::FORBIDDEN || !is_error_body(&body) {
            failures.push(format!("{} {}: {status} {body}", op.method, op.template));
        }
    }
    println!(
        "isolation matrix: {} operations refuse x-rks-tenantid without a grant",
        ops.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Unit tokens (the Resident Portal's) and tenant tokens open disjoint sets of
/// operations: a unit token gets 401 on every tenant route, a tenant token
/// gets 401 on every resident route, even on the unit's own property.
#[sqlx::test]
async fn unit_tokens_open_no_tenant_route_and_tenant_tokens_no_resident_route(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let resident = crate::resident::resident(&app, "tower", false).await;
    let ops = operations_with(|name| match name {
        "propertyId" | "venueId" => resident.venue.clone(),
        "unitId" => resident.unit.clone(),
        other => fill(other),
    });
    let mut failures = Vec::new();
    let (mut unit_on_tenant, mut tenant_on_resident) = (0, 0);
    for op in &ops {
        let token = if op.template.starts_with("/residents/") {
            tenant_on_resident += 1;
            &app.token
        } else {
            unit_on_tenant += 1;
            &resident.token
        };
        let (status, body) = read(
            app.req_as(token, op.method.clone(), &op.path)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap(),
        )
        .await;
        if status != StatusCode::UNAUTHORIZED || !is_error_body(&body) {
            failures.push(format!("{} {}: {status} {body}", op.method, op.template));
        }
    }
    println!(
        "isolation matrix: a unit token on {unit_on_tenant} tenant operations, \
         a tenant token on {tenant_on_resident} resident operations"
    );
    assert!(tenant_on_resident >= 10, "resident operations missing");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
