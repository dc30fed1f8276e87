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

    // Each refusal says which token the endpoint takes, and that a tenant's
    // token from /oauth2/token is not it.
    let res = app.http.post(app.url("/_r1/reset")).send().await.unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("admin token"), "{message}");
    assert!(message.contains("R1_ADMIN_TOKEN"), "{message}");
    assert!(message.contains("not a tenant's token"), "{message}");
    let res = app
        .http
        .post(app.url("/_r1/reset"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("Wrong admin token"), "{message}");
    assert!(message.contains("R1_ADMIN_TOKEN"), "{message}");
    // A tenant's API token is no admin token either.
    let res = app.req(Method::POST, "/_r1/reset").send().await.unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not a tenant's token"));
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
