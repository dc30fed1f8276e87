//! Identity query over 100,000 identities with a keyword.
//!
//!     scripts/cargo-dev bench --bench identity
//!
//! Starts the app as the tests do, on a fresh database made next to
//! `DATABASE_URL`, seeds one group with 100,000 identities in SQL, then times
//! `POST /identities/query` with a keyword that matches one identity and one
//! that matches all of them. Prints figures; asserts nothing about time.

use std::time::{Duration, Instant};

use r1::*;
use reqwest::StatusCode;
use sqlx::{postgres::PgPoolOptions, Connection, PgConnection};

const IDENTITIES: i64 = 100_000;
const RUNS: usize = 30;

async fn time_query(app: &TestApp, body: serde_json::Value) -> (Vec<Duration>, i64) {
    let mut times = Vec::with_capacity(RUNS);
    let mut total = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let (status, page) = app.post("/identities/query?size=20", body.clone()).await;
        times.push(start.elapsed());
        assert_eq!(status, StatusCode::OK, "{page}");
        total = page["totalElements"].as_i64().unwrap();
    }
    times.sort();
    (times, total)
}

fn report(label: &str, times: &[Duration], total: i64) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
    println!(
        "{label:<42} matches {total:>6}  min {:>7.1} ms  median {:>7.1} ms  p95 {:>7.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(p95)
    );
}

#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (use scripts/cargo-dev)");
    let name = format!("r1_bench_identity_{}", std::process::id());
    let mut admin = PgConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let bench_url = match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("DATABASE_URL has no database name"),
    };
    let db = PgPoolOptions::new()
        .max_connections(10)
        .connect(&bench_url)
        .await
        .unwrap();
    r1_server::MIGRATOR.run(&db).await.unwrap();
    let app = TestApp::spawn(db.clone()).await;

    let (status, body) = app.post("/identityGroups", json!({"name": "bench"})).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let group: uuid::Uuid = body["id"].as_str().unwrap().parse().unwrap();
    let seeded = Instant::now();
    sqlx::query(
        "INSERT INTO identities (id, tenant_id, group_id, name, display_name, email,
             phone_number, description, vlan, vni)
         SELECT gen_random_uuid(), $1, $2, 'user-' || lpad(n::text, 6, '0'), 'User ' || n,
                'user' || n || '@example.com', '+1555' || lpad(n::text, 7, '0'),
                'unit ' || (n % 500), 1 + n % 4094, n
           FROM generate_series(1, $3) AS n",
    )
    .bind(TENANT)
    .bind(group)
    .bind(IDENTITIES)
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("ANALYZE identities")
        .execute(&db)
        .await
        .unwrap();
    println!(
        "seeded {IDENTITIES} identities in {:.1} s; {RUNS} runs each, page size 20",
        seeded.elapsed().as_secs_f64()
    );

    let (t, n) = time_query(&app, json!({"keyword": "user-042424"})).await;
    report("keyword matching one identity", &t, n);
    let (t, n) = time_query(&app, json!({"keyword": "example.com"})).await;
    report("keyword matching every identity", &t, n);
    let (t, n) = time_query(&app, json!({"keyword": "unit 42", "groupId": group})).await;
    report("keyword + groupId", &t, n);
    let (t, n) = time_query(&app, json!({})).await;
    report("no condition (first page)", &t, n);

    db.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
