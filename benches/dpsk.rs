//! DPSK figures (not a timed test): generating 1,000 passphrases in one
//! request, importing 10,000 CSV rows, a query page over a pool of 100,000
//! passphrases, and exporting those 100,000 rows.
//!
//!   scripts/cargo-dev bench --bench dpsk
//!
//! Runs the real application, as the HTTP tests do, against a fresh database
//! created on the server of `DATABASE_URL` and dropped afterwards.

use std::time::{Duration, Instant};

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::{Connection, Executor, PgConnection, PgPool};

const POOL_SIZE: usize = 100_000;
const IMPORT_ROWS: usize = 10_000;

/// The process's peak resident set (VmHWM), in KiB; 0 where /proc is absent.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn import(app: &TestApp, pool_id: &str, batch: usize) -> Duration {
    let mut csv = String::from("Username,Passphrase,VLAN ID,Contact Email Address\n");
    for i in 0..IMPORT_ROWS {
        let n = batch * IMPORT_ROWS + i;
        csv.push_str(&format!(
            "user{n:06},pass-{n:06}-bench,{},user{n}@example.com\n",
            1 + n % 4094
        ));
    }
    let started = Instant::now();
    let res = app
        .req(
            Method::POST,
            &format!("/dpskServices/{pool_id}/passphrases/csvFiles"),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    started.elapsed()
}

#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let name = format!("r1_bench_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&url).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let bench_url = match url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("DATABASE_URL has no database name"),
    };
    let db = PgPool::connect(&bench_url).await.unwrap();
    r1_server::MIGRATOR.run(&db).await.unwrap();
    let app = TestApp::spawn(db.clone()).await;

    let (status, body) = app
        .post(
            "/dpskServices",
            json!({"name": "bench", "passphraseFormat": "MOST_SECURED", "passphraseLength": 16}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let pool_id = body["id"].as_str().unwrap().to_string();

    let (status, body) = app
        .post(
            "/dpskServices",
            json!({"name": "generated", "passphraseFormat": "MOST_SECURED", "passphraseLength": 16}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let generated_pool = body["id"].as_str().unwrap().to_string();
    let started = Instant::now();
    let (status, body) = app
        .post(
            &format!("/dpskServices/{generated_pool}/passphrases"),
            json!({"numberOfPassphrases": 1000, "length": 24}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    println!(
        "generate 1,000 passphrases (one request): {}",
        ms(started.elapsed())
    );

    let mut imports = Vec::new();
    for batch in 0..POOL_SIZE / IMPORT_ROWS {
        imports.push(import(&app, &pool_id, batch).await);
    }
    println!(
        "import 10,000 CSV rows, in order: {}",
        imports
            .iter()
            .map(|d| ms(*d))
            .collect::<Vec<_>>()
            .join(", ")
    );
    imports.sort();
    println!(
        "import 10,000 CSV rows: median {}, min {}, max {} (of {})",
        ms(imports[imports.len() / 2]),
        ms(imports[0]),
        ms(imports[imports.len() - 1]),
        imports.len()
    );

    let query = format!("/dpskServices/{pool_id}/passphrases/query");
    for (label, body) in [
        (
            "first page (default order)",
            json!({"page": 1, "pageSize": 100}),
        ),
        (
            "page 500, sorted by username desc",
            json!({"page": 500, "pageSize": 100, "sortField": "username", "sortOrder": "DESC"}),
        ),
        (
            "search \"user0999\" in username",
            json!({"pageSize": 100, "searchString": "user0999", "searchTargetFields": ["username"]}),
        ),
        (
            "filter status ACTIVE + vlanId",
            json!({"pageSize": 100, "filters": {"status": ["ACTIVE"], "vlanId": [7]}}),
        ),
    ] {
        let mut runs = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            let (status, page) = app.post(&query, body.clone()).await;
            runs.push(started.elapsed());
            assert_eq!(status, StatusCode::OK, "{page}");
        }
        runs.sort();
        println!(
            "query over {POOL_SIZE} passphrases, {label}: median {}",
            ms(runs[runs.len() / 2])
        );
    }

    let rss_before = peak_rss_kib();
    let started = Instant::now();
    let mut res = app
        .req(
            Method::POST,
            &format!("/dpskServices/{pool_id}/passphrases/query/csvFiles"),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let first_byte = started.elapsed();
    // Read the body chunk by chunk, so the peak memory below is the server's
    // streaming, not this client holding the whole file.
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = res.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    println!(
        "export {} rows ({bytes} bytes): first byte {}, total {}; peak RSS of the process {} MiB before, {} MiB after",
        lines - 1,
        ms(first_byte),
        ms(started.elapsed()),
        rss_before / 1024,
        peak_rss_kib() / 1024
    );

    drop(app);
    db.close().await;
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
}
