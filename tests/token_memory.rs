//! Token requests must not grow the server's memory: a CI suite that gets a
//! token per test makes thousands. This runs as its own test binary so that
//! the process's resident set is the server's alone.

use r1::*;
use sqlx::PgPool;

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[sqlx::test]
async fn a_thousand_token_requests_leave_memory_where_it_was(db: PgPool) {
    let app = TestApp::spawn(db).await;
    // Warm up connections, allocator arenas and the HTTP client.
    for _ in 0..50 {
        app.token_for(TENANT, CLIENT_ID, CLIENT_SECRET).await;
    }
    let before = resident_kib();
    for _ in 0..1000 {
        app.token_for(TENANT, CLIENT_ID, CLIENT_SECRET).await;
    }
    let after = resident_kib();
    let grown_mib = after.saturating_sub(before) as f64 / 1024.0;
    println!("resident set: {before} KiB before, {after} KiB after 1,000 token requests");
    assert!(
        grown_mib < 8.0,
        "1,000 token requests grew the resident set by {grown_mib:.1} MiB"
    );
}
