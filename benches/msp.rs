//! MSP Services figures.
//!
//!     scripts/cargo-dev bench --bench msp
//!
//! Starts the app as the tests do (rate limits raised so that they do not
//! measure themselves), on a fresh database made next to `DATABASE_URL`;
//! makes an MSP through `/_r1/tenants`, then seeds in SQL 10,000 customer
//! tenants of it (core tenant, Tenant Management account and administrator,
//! `MSP_CUSTOMER` grant, MSP Services' customer row, some administrator and
//! partner delegations) and 100,000 inventory devices spread over them. It
//! times `POST /mspecs/query` and `POST /tenants/inventories/query` for a
//! page of 100 with a filter, a sort and a search string, runs each at 32
//! connections for a few seconds, and streams the inventory CSV export of
//! all 100,000 devices, printing the process's RSS before and after (the
//! server runs in this process). Asserts nothing about time.

mod support;

use std::time::{Duration, Instant};

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::{postgres::PgPoolOptions, Connection, PgConnection};
use support::{memory, rate, report, CONNECTIONS, RUNS, SECONDS};

const CUSTOMERS: i64 = 10_000;
const DEVICES: i64 = 100_000;

async fn post_as(app: &TestApp, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    read(
        app.req_as(token, Method::POST, path)
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Times `RUNS` calls; every answer must be a full page of `rows` rows.
async fn time_query(
    app: &TestApp,
    token: &str,
    path: &str,
    body: &Value,
    rows: usize,
) -> (Vec<Duration>, i64) {
    let mut times = Vec::with_capacity(RUNS);
    let mut total = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let (status, page) = post_as(app, token, path, body).await;
        times.push(start.elapsed());
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["data"].as_array().map(Vec::len), Some(rows), "{page}");
        total = page["totalCount"].as_i64().unwrap();
    }
    (times, total)
}

/// 10,000 customers of `msp` with everything a customer made through the API
/// has, and 100,000 devices spread over them.
async fn seed(db: &sqlx::PgPool, msp: &str, msp_admin: &str) {
    let statements = [
        // Customer ids: 32 hex characters, derived from the number.
        "CREATE TEMP TABLE bench_customers AS
           SELECT g, md5('bench-customer-' || g) AS id, gen_random_uuid() AS grant_id,
                  (ARRAY['Bakery', 'Cafe', 'Hotel', 'Clinic', 'School', 'Garage', 'Studio',
                         'Market'])[1 + g % 8] AS kind,
                  (ARRAY['Sunnyvale', 'Austin', 'Denver', 'Boston', 'Seattle', 'Miami'])[1 + g % 6]
                      AS city
             FROM generate_series(1, $1::bigint) AS g",
        "INSERT INTO tenants (id, name, status)
           SELECT id, 'Customer ' || lpad(g::text, 5, '0') || ' ' || kind,
                  CASE WHEN g % 20 = 0 THEN 'suspended' ELSE 'active' END
             FROM bench_customers",
        "INSERT INTO tenant_accounts (tenant_id, name, tenant_type, external_id, parent_id,
                                      account_id)
           SELECT id, 'Customer ' || lpad(g::text, 5, '0') || ' ' || kind, 'MSP_EC',
                  upper('0012' || left(id, 14)), $2, gen_random_uuid()
             FROM bench_customers",
        "INSERT INTO tenant_admins (id, tenant_id, email, first_name, last_name, role,
                                    external_id)
           SELECT gen_random_uuid(), id, 'owner' || g || '@example.com', 'Ada', 'Lovelace',
                  'PRIME_ADMIN', md5('admin-' || g)
             FROM bench_customers",
        "INSERT INTO tenant_grants (id, acting_tenant_id, target_tenant_id, kind)
           SELECT grant_id, $2, id, 'MSP_CUSTOMER' FROM bench_customers",
        "INSERT INTO msp_customers (tenant_id, msp_tenant_id, grant_id, name, street_address,
                                    state, country, postal_code, city, service_effective_date,
                                    service_expiration_date, account_id, admin_email,
                                    created_at, updated_at)
           SELECT id, $2, grant_id, 'Customer ' || lpad(g::text, 5, '0') || ' ' || kind,
                  g || ' Main Street', 'CA', 'US', lpad((g % 99999)::text, 5, '0'), city,
                  '2026-01-01', '2027-01-01', upper('0012' || left(id, 14)),
                  'owner' || g || '@example.com',
                  now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
             FROM bench_customers",
        // One customer in ten has the MSP's administrator assigned.
        "INSERT INTO msp_admin_delegations (tenant_id, msp_admin_id, msp_admin_role)
           SELECT id, $3, 'ADMIN' FROM bench_customers WHERE g % 10 = 0",
        // 100,000 devices, ten per customer, APs and switches of a few models.
        "INSERT INTO msp_inventory_devices (tenant_id, serial_number, device_type, mac, model,
                                            name, venue_id, venue_name, device_status,
                                            fw_version, created_at)
           SELECT c.id, lpad((300000000000 + d.g)::text, 12, '0'),
                  CASE WHEN d.g % 4 = 0 THEN 'DVCNWTYPE_SWITCH' ELSE 'DVCNWTYPE_WIFI' END,
                  upper(regexp_replace(lpad(to_hex(d.g), 12, '0'), '(..)(?!$)', '\\1:', 'g')),
                  CASE WHEN d.g % 4 = 0
                       THEN (ARRAY['ICX7150-C12P', 'ICX7650-48P', 'ICX8200-24P'])[1 + d.g % 3]
                       ELSE (ARRAY['R750', 'R650', 'R550', 'T750', 'R850'])[1 + d.g % 5] END,
                  CASE WHEN d.g % 4 = 0 THEN 'SW-' ELSE 'AP-' END || lpad(d.g::text, 6, '0'),
                  md5('venue-' || c.g), c.city || ' venue ' || c.g,
                  CASE WHEN d.g % 17 = 0 THEN '3_04_DisconnectedFromCloud'
                       ELSE '2_00_Operational' END,
                  '7.0.0.200.' || (d.g % 9),
                  now() - (d.g || ' seconds')::interval
             FROM generate_series(1, $4::bigint) AS d(g)
             JOIN bench_customers c ON c.g = 1 + d.g % $1::bigint",
    ];
    let mut conn = db.acquire().await.unwrap();
    for sql in statements {
        sqlx::query(sql)
            .bind(CUSTOMERS)
            .bind(msp)
            .bind(msp_admin)
            .bind(DEVICES)
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
    }
    for table in [
        "tenants",
        "tenant_accounts",
        "tenant_admins",
        "tenant_grants",
        "msp_customers",
        "msp_admin_delegations",
        "msp_inventory_devices",
    ] {
        // As autovacuum leaves a table after a bulk load: statistics and
        // the visibility map (index-only counts) in place.
        sqlx::raw_sql(&format!("VACUUM ANALYZE {table}"))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (use scripts/cargo-dev)");
    let name = format!("r1_bench_msp_{}", std::process::id());
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
        .max_connections(20)
        .connect(&bench_url)
        .await
        .unwrap();
    r1_server::MIGRATOR.run(&db).await.unwrap();
    let app = TestApp::spawn_with(db.clone(), |c| {
        c.rate_limit_tenant_burst = 1_000_000;
        c.rate_limit_tenant_per_second = 1_000_000;
    })
    .await;

    // The MSP through the API, the rest in SQL.
    let (status, made) = read(
        app.http
            .post(app.url("/_r1/tenants"))
            .bearer_auth(ADMIN_TOKEN)
            .json(&json!({"name": "Bench MSP", "tenantType": "MSP",
                          "adminEmail": "admin@bench-msp.example.com"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let msp = made["tenantId"].as_str().unwrap().to_string();
    let token = app
        .token_for(
            &msp,
            made["clientId"].as_str().unwrap(),
            made["clientSecret"].as_str().unwrap(),
        )
        .await;
    let seeded = Instant::now();
    seed(&db, &msp, made["adminId"].as_str().unwrap()).await;
    println!(
        "seeded {CUSTOMERS} customers and {DEVICES} devices in {:.1} s; {RUNS} runs each",
        seeded.elapsed().as_secs_f64()
    );

    // A page of 100 with a filter, a sort and a search string: what the MSP
    // dashboard's customer list and device inventory send.
    let mspecs = json!({
        "fields": ["check-all"],
        "filters": {"tenantType": ["MSP_EC"], "status": ["Active"]},
        "sortField": "name", "sortOrder": "DESC",
        "searchString": "bakery", "searchTargetFields": ["name", "city"],
        "page": 1, "pageSize": 100,
    });
    let inventory = json!({
        "fields": ["check-all"],
        "filters": {"deviceType": ["DVCNWTYPE_WIFI"]},
        "sortField": "name", "sortOrder": "ASC",
        "searchString": "r750",
        "page": 1, "pageSize": 100,
    });
    // A name fragment, as an operator looks for a device: 750 match.
    let mut inventory_narrow = inventory.clone();
    inventory_narrow["searchString"] = json!("ap-012");
    let mut mspecs_deep = mspecs.clone();
    mspecs_deep["page"] = json!(5);
    let mut inventory_deep = inventory.clone();
    inventory_deep["page"] = json!(50);
    for (label, path, body) in [
        (
            "/mspecs/query \"bakery\", page 1 of 100",
            "/mspecs/query",
            &mspecs,
        ),
        (
            "/mspecs/query \"bakery\", page 5 of 100",
            "/mspecs/query",
            &mspecs_deep,
        ),
        (
            "/tenants/inventories/query \"r750\", page 1 of 100",
            "/tenants/inventories/query",
            &inventory,
        ),
        (
            "/tenants/inventories/query \"ap-012\", page 1 of 100",
            "/tenants/inventories/query",
            &inventory_narrow,
        ),
        (
            "/tenants/inventories/query \"r750\", page 50 of 100",
            "/tenants/inventories/query",
            &inventory_deep,
        ),
    ] {
        let (times, total) = time_query(&app, &token, path, body, 100).await;
        report(&format!("{label} ({total} match)"), times);
    }

    // The same depth as page 50, by keyset: after the sort values of the
    // 4,900th row, as a client following subsequentQueries sends them.
    let mut before = inventory.clone();
    before["page"] = json!(49);
    before["fields"] = json!(["name", "serialNumber"]);
    let (_, page49) = post_as(&app, &token, "/tenants/inventories/query", &before).await;
    let last = &page49["data"][99];
    let mut keyset = inventory.clone();
    keyset["search_after"] = json!([last["name"], last["serialNumber"]]);
    let (times, total) = time_query(&app, &token, "/tenants/inventories/query", &keyset, 100).await;
    report(
        &format!(
            "/tenants/inventories/query \"r750\", after row 4,900 by search_after ({total} match)"
        ),
        times,
    );

    // Rates at 32 connections.
    let mut rates = Vec::new();
    for (path, body) in [
        ("/mspecs/query", mspecs.clone()),
        ("/tenants/inventories/query", inventory.clone()),
    ] {
        let (url, token) = (app.url(path), token.clone());
        let n = rate(&app, move |http| {
            http.post(&url).bearer_auth(&token).json(&body)
        })
        .await;
        rates.push((path, n));
    }
    println!("at {CONNECTIONS} connections for {SECONDS} s:");
    for (path, n) in rates {
        println!("  {path:<34} {n:>8.0} /s");
    }

    // The export of every device, read as it streams.
    let rss_before = memory("VmRSS");
    let started = Instant::now();
    let mut res = app
        .req_as(
            &token,
            Method::POST,
            &format!("/msps/{msp}/ecInventories/query/csvFiles"),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (mut bytes, mut lines, mut peak) = (0usize, 0usize, rss_before);
    while let Some(chunk) = res.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        peak = peak.max(memory("VmRSS"));
    }
    let took = started.elapsed();
    assert_eq!(lines as i64, DEVICES + 1, "a header and every device");
    println!(
        "CSV export of {DEVICES} devices: {:.2} s, {:.1} MB; RSS before {rss_before:.0} MB, \
         highest while streaming {peak:.0} MB, after {:.0} MB",
        took.as_secs_f64(),
        bytes as f64 / 1e6,
        memory("VmRSS")
    );

    db.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
