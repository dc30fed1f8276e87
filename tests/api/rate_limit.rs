use r1::*;
use reqwest::{header, Method, StatusCode};
use sqlx::PgPool;

#[sqlx::test]
async fn a_tenant_over_its_budget_gets_429_with_retry_after(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| {
        c.rate_limit_tenant_burst = 3;
        c.rate_limit_tenant_per_second = 1;
    })
    .await;
    for _ in 0..3 {
        let (status, _) = app.post("/activities/query", json!({})).await;
        assert_eq!(status, StatusCode::OK);
    }
    let res = app
        .req(Method::POST, "/activities/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let (_, body) = read(res).await;
    assert_eq!(body["errors"][0]["code"], "TOO_MANY_REQUESTS");

    // Another tenant has its own budget.
    let token = app.other_tenant("000000000000000000000000000000dd").await;
    let res = app
        .req_as(&token, Method::POST, "/activities/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
