//! With PostgreSQL out of reach, requests are answered 503 at once in the
//! API's error shape, and health says so.

use std::time::Duration;

use r1::*;
use r1_core::{auth::Keys, AppState};
use reqwest::{Method, StatusCode};
use sqlx::{postgres::PgPoolOptions, PgPool};

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

    // The reads that share a statement (r1_core::batch) fail as one does.
    let id = uuid::Uuid::new_v4();
    for path in [
        format!("/dpskServices/{id}/passphrases/{id}"),
        format!("/activities/{id}"),
    ] {
        let (status, body) = read(
            http.get(format!("{base}{path}"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::SERVICE_UNAVAILABLE,
            "GET {path}: {body}"
        );
        assert_eq!(body["errors"][0]["code"], "SERVICE_UNAVAILABLE", "{body}");
    }

    let (status, body) = read(http.get(format!("{base}/_r1/health")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["database"], "DOWN");
}

/// r1's pool hands a connection back without pinging it (vendor/README.md):
/// one the database cut must still leave the pool with the statement that
/// found it broken, never failing a second request.
#[sqlx::test]
async fn a_connection_the_database_cut_fails_one_request_at_most(db: PgPool) {
    // The pool as r1-server builds it, not the test harness's, which pings
    // every connection it hands out.
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with((*db.connect_options()).clone())
        .await
        .unwrap();
    let app = TestApp::spawn(pool.clone()).await;
    let (status, body) = app
        .post(
            "/dpskServices",
            json!({"name": "pool-1", "passphraseFormat": "MOST_SECURED", "passphraseLength": 16}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let poll = format!("/activities/{}", body["requestId"].as_str().unwrap());
    // Several connections in the pool, idle.
    let warm: Vec<_> = (0..8)
        .map(|_| {
            let req = app.req(Method::GET, &poll);
            tokio::spawn(async move { req.send().await.unwrap().status() })
        })
        .collect();
    for request in warm {
        assert_eq!(request.await.unwrap(), StatusCode::OK);
    }

    let cut: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()) AS t",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(cut >= 2, "only {cut} connections were cut");

    let mut failed = 0;
    for _ in 0..(2 * cut + 10) {
        let (status, body) = app.get(&poll).await;
        match status {
            StatusCode::OK => {}
            StatusCode::SERVICE_UNAVAILABLE => failed += 1,
            other => panic!("{other}: {body}"),
        }
    }
    assert!(failed <= cut, "{failed} failures for {cut} cut connections");
    for _ in 0..10 {
        let (status, body) = app.get(&poll).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}
