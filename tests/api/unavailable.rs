//! With PostgreSQL out of reach, requests are answered 503 at once in the
//! API's error shape, and health says so.

use std::time::Duration;

use r1::*;
use r1_core::{auth::Keys, AppState};
use reqwest::StatusCode;
use sqlx::postgres::PgPoolOptions;

#[tokio::test]
async fn without_a_database_requests_get_503_and_health_is_down() {
    let config = test_config();
    // Nothing listens on port 1.
    let db = PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy("postgres://r1@127.0.0.1:1/r1")
        .unwrap();
    let token = Keys::new(&config.jwt_secret, 600)
        .issue(CLIENT_ID, TENANT, "app")
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = r1_server::app(AppState::new(db, config));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::builder().no_proxy().build().unwrap();

    let res = http
        .post(format!("{base}/dpskServices/query"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["retry-after"], "1");
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["errors"][0]["code"], "SERVICE_UNAVAILABLE");
    assert_eq!(
        body["errors"][0]["message"],
        "The service is temporarily unavailable"
    );

    let (status, body) = read(
        http.get(format!("{base}/identityGroups"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(
        body["status"], "503 SERVICE_UNAVAILABLE",
        "Identity's ApiError shape"
    );

    let (status, body) = read(http.get(format!("{base}/_r1/health")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["database"], "DOWN");
}
