//! The OpenAPI document: generated from the code, served, and checked in.

use r1::*;
use reqwest::StatusCode;
use sqlx::PgPool;

const CHECKED_IN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/r1.json");

/// Fails when `openapi/r1.json` differs from what the code generates.
/// Refresh it with: `R1_BLESS=1 cargo test --test api openapi`.
#[test]
fn the_checked_in_document_is_the_generated_one() {
    let generated = serde_json::to_string_pretty(&r1_server::openapi()).unwrap() + "\n";
    if std::env::var_os("R1_BLESS").is_some() {
        std::fs::write(CHECKED_IN, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(CHECKED_IN).unwrap_or_default();
    assert!(
        checked_in == generated,
        "openapi/r1.json is stale: run `R1_BLESS=1 cargo test --test api openapi` and commit it"
    );
}

#[sqlx::test]
async fn the_document_and_the_docs_page_are_served(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, served) = read(app.http.get(app.url("/openapi.json")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served, serde_json::to_value(r1_server::openapi()).unwrap());
    assert!(served["paths"]["/oauth2/token/{tenantId}"]["post"].is_object());
    assert_eq!(
        served["paths"]["/activities/{activityId}"]["get"]["operationId"],
        "getDetails"
    );

    let res = app.http.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("swagger"));
}
