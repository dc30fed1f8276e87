//! r1's own endpoints under /_r1/.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

#[sqlx::test]
async fn health_reports_process_and_database(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = read(app.http.get(app.url("/_r1/health")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"status": "UP", "process": "UP", "database": "UP"})
    );
}

#[sqlx::test]
async fn info_names_region_and_served_operations(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = read(app.http.get(app.url("/_r1/info")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["region"], "na");
    assert_eq!(body["vendorHost"], "api.ruckus.cloud");
    let ops = body["operations"].as_array().unwrap();
    assert_eq!(body["operationCount"], ops.len());
    assert!(ops.iter().any(|o| o["operationId"] == "getDetails"
        && o["method"] == "GET"
        && o["path"] == "/activities/{activityId}"));
}

#[sqlx::test]
async fn reset_needs_the_admin_token_and_wipes_everything(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let id = app
        .settle_activity("CreateDpskPool", Ok(None))
        .await
        .unwrap()
        .request_id;

    let res = app.http.post(app.url("/_r1/reset")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .http
        .post(app.url("/_r1/reset"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A tenant's API token is no admin token either.
    let res = app.req(Method::POST, "/_r1/reset").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get(&format!("/activities/{id}")).await;
    assert_eq!(status, StatusCode::OK);

    let res = app
        .http
        .post(app.url("/_r1/reset"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _) = app.get(&format!("/activities/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Bootstrapped again: the same credentials still get a token.
    let res = app.token_response(TENANT, CLIENT_ID, CLIENT_SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
}
