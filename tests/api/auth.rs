use r1::*;
use reqwest::StatusCode;
use sqlx::PgPool;

#[sqlx::test]
async fn bootstrap_credentials_get_a_bearer_token(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app.token_response(TENANT, CLIENT_ID, CLIENT_SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, body) = read(res).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(body["access_token"].as_str().unwrap().split('.').count(), 3);

    let (status, _) = app.post("/activities/query", json!({})).await;
    assert_eq!(status, StatusCode::OK);
}
