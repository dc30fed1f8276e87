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

/// Waits until the app's /_r1/info counts `n` processes on its database.
async fn until_instances(app: &TestApp, n: u64) {
    for _ in 0..100 {
        let (_, info) = read(app.http.get(app.url("/_r1/info")).send().await.unwrap()).await;
        if info["instances"] == n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{} never counted {n} instances", app.base);
}

#[sqlx::test]
async fn two_processes_on_one_database_share_one_budget(db: PgPool) {
    let budget = |c: &mut r1_core::config::Config| {
        c.rate_limit_tenant_burst = 40;
        c.rate_limit_tenant_per_second = 1;
    };
    let one = TestApp::spawn_with(db.clone(), budget).await;
    let two = TestApp::spawn_with(db, budget).await;
    until_instances(&one, 2).await;
    until_instances(&two, 2).await;

    // A balancer alternating between them: together they allow one burst,
    // plus what each process's share refills (1 a second) while it runs;
    // with a budget each they would allow all 80.
    let started = std::time::Instant::now();
    let mut allowed = 0;
    for i in 0..80 {
        let app = if i % 2 == 0 { &one } else { &two };
        let (status, _) = app.post("/activities/query", json!({})).await;
        match status {
            StatusCode::OK => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    let refilled = 2 * (started.elapsed().as_secs() + 1);
    assert!(
        (38..=40 + refilled).contains(&allowed),
        "{allowed} of 80 allowed against a budget of 40 (+{refilled} refilled)"
    );
}
