//! Resident Portal and Property Management figures.
//!
//!     scripts/cargo-dev bench --bench resident
//!
//! Starts the app as the tests do (rate limits raised so that they do not
//! measure themselves), on a fresh database made next to `DATABASE_URL`
//! and the server's own pool (`r1_server::connect`);
//! makes a property through the API, then seeds 10,000 units with their
//! identities and DPSK passphrases in SQL. It times
//! `POST /venues/{id}/units/query` (first page of 20, and page 250 by name
//! descending), then runs resident logins, `GET /residents/properties/{id}/units`
//! with a unit token and an authenticated DPSK passphrase GET, each at 32
//! connections for a few seconds, and prints their rates. Asserts nothing
//! about time.

mod support;

use std::time::{Duration, Instant};

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::{Connection, PgConnection};
use support::{rate, report, CONNECTIONS, RUNS, SECONDS};

const UNITS: i64 = 10_000;

async fn time_query(
    app: &TestApp,
    path: &str,
    body: serde_json::Value,
    total: i64,
) -> Vec<Duration> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let (status, page) = app.post(path, body.clone()).await;
        times.push(start.elapsed());
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["totalElements"], total);
    }
    times
}

#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (use scripts/cargo-dev)");
    let name = format!("r1_bench_resident_{}", std::process::id());
    let mut admin = PgConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let bench_url = match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("DATABASE_URL has no database name"),
    };
    // The server's own pool settings (no ping before each acquire), migrated.
    let db = r1_server::connect(&bench_url).await.unwrap();
    let app = TestApp::spawn_with(db.clone(), |c| {
        c.rate_limit_tenant_burst = 1_000_000;
        c.rate_limit_tenant_per_second = 1_000_000;
        c.rate_limit_property_burst = 1_000_000;
        c.rate_limit_property_per_second = 1_000_000;
    })
    .await;

    // A property and one unit through the API.
    let (status, body) = app
        .post(
            "/venues",
            json!({"name": "Bench Tower", "address": {"country": "US", "city": "Sunnyvale"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let venue = body["response"]["id"].as_str().unwrap().to_string();
    let (_, body) = app.post("/identityGroups", json!({"name": "bench"})).await;
    let group: uuid::Uuid = body["id"].as_str().unwrap().parse().unwrap();
    let (_, body) = app
        .post(
            &format!("/identityGroups/{group}/dpskServices"),
            json!({"name": "bench pool", "passphraseLength": 12, "passphraseFormat": "KEYBOARD_FRIENDLY"}),
        )
        .await;
    let pool: uuid::Uuid = body["id"].as_str().unwrap().parse().unwrap();
    let (status, _) = app
        .put(
            &format!("/venues/{venue}/propertyConfigs"),
            json!({"status": "ENABLED", "personaGroupId": group}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = app
        .post(
            &format!("/venues/{venue}/units"),
            json!({"name": "0-lobby", "resident": {"name": "Bench"},
                   "dpsks": [{"type": "UNIT", "passphrase": "bench-unit-secret"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");

    // 10,000 more units, each with its identity and passphrase.
    let seeded = Instant::now();
    sqlx::query(
        "WITH n AS (SELECT g, gen_random_uuid() AS unit, gen_random_uuid() AS identity,
                           gen_random_uuid() AS passphrase
                      FROM generate_series(1, $5) AS g),
              p AS (INSERT INTO dpsk_passphrases (id, tenant_id, pool_id, passphrase, username,
                                                  is_referenced)
                    SELECT passphrase, $1, $2, 'secret-' || lpad(g::text, 8, '0'),
                           'unit-' || lpad(g::text, 5, '0'), true FROM n),
              i AS (INSERT INTO identities (id, tenant_id, group_id, name, dpsk_guid,
                                            dpsk_passphrase, vni)
                    SELECT identity, $1, $3, 'unit-' || lpad(g::text, 5, '0'), passphrase,
                           'secret-' || lpad(g::text, 8, '0'), 100 + g FROM n),
              u AS (INSERT INTO property_units (id, tenant_id, venue_id, name, resident_name,
                                                resident_email)
                    SELECT unit, $1, $4, 'unit-' || lpad(g::text, 5, '0'), 'Resident ' || g,
                           'r' || g || '@example.com' FROM n)
         INSERT INTO property_unit_identities (identity_id, tenant_id, unit_id, persona_type)
         SELECT identity, $1, unit, 'UNIT' FROM n",
    )
    .bind(TENANT)
    .bind(pool)
    .bind(group)
    .bind(&venue)
    .bind(UNITS)
    .execute(&db)
    .await
    .unwrap();
    for table in [
        "dpsk_passphrases",
        "identities",
        "property_units",
        "property_unit_identities",
    ] {
        sqlx::query(&format!("ANALYZE {table}"))
            .execute(&db)
            .await
            .unwrap();
    }
    println!(
        "seeded {UNITS} units in {:.1} s; {RUNS} runs each",
        seeded.elapsed().as_secs_f64()
    );

    let path = format!("/venues/{venue}/units/query");
    report(
        "unit query, first page of 20",
        time_query(&app, &path, json!({"page": 1, "pageSize": 20}), UNITS + 1).await,
    );
    report(
        "unit query, page 250 of 20 by name desc",
        time_query(
            &app,
            &path,
            json!({"page": 250, "pageSize": 20, "sortField": "name", "sortOrder": "DESC"}),
            UNITS + 1,
        )
        .await,
    );
    report(
        "unit query, keyword matching one unit",
        time_query(
            &app,
            &path,
            json!({"page": 1, "pageSize": 20, "keyword": "r4242@"}),
            1,
        )
        .await,
    );

    // Rates at 32 connections.
    let hashed: String =
        sqlx::query_scalar("SELECT encode(sha256(convert_to('bench-unit-secret', 'UTF8')), 'hex')")
            .fetch_one(&db)
            .await
            .unwrap();
    let login_url = app.url(&format!("/residents/properties/{venue}/units/logins"));
    let (status, login) = read(
        app.http
            .post(&login_url)
            .json(&json!({"hashedSecret": hashed}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{login}");
    let unit_token = login["token"].as_str().unwrap().to_string();
    let body = json!({"hashedSecret": hashed});
    let logins = rate(&app, move |http| http.post(&login_url).json(&body)).await;
    let unit_url = app.url(&format!("/residents/properties/{venue}/units"));
    let unit_gets = rate(&app, move |http| {
        http.request(Method::GET, &unit_url)
            .bearer_auth(&unit_token)
    })
    .await;
    let passphrase: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM dpsk_passphrases WHERE pool_id = $1 LIMIT 1")
            .bind(pool)
            .fetch_one(&db)
            .await
            .unwrap();
    let dpsk_url = app.url(&format!("/dpskServices/{pool}/passphrases/{passphrase}"));
    let token = app.token.clone();
    let dpsk_gets = rate(&app, move |http| {
        http.request(Method::GET, &dpsk_url).bearer_auth(&token)
    })
    .await;
    println!("at {CONNECTIONS} connections for {SECONDS} s:");
    println!("  resident login                      {logins:>8.0} /s");
    println!("  resident GET .../units (unit token) {unit_gets:>8.0} /s");
    println!("  DPSK GET passphrase (tenant token)  {dpsk_gets:>8.0} /s");

    db.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
