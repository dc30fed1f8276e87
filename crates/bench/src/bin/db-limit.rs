//! The database limit: the statement r1 runs for a request, issued by
//! `connections` concurrent tasks over an sqlx pool the size of r1's, for
//! `seconds`, with no HTTP and no auth. Prints one `Summary` line.
//!
//!   db-limit URL passphrase|activity CONNECTIONS SECONDS
//!
//! `passphrase` reads random passphrases of the largest pool as a GET of one
//! passphrase does; `activity` reads random activities as a poll does.

use std::time::{Duration, Instant};

use r1_bench::Summary;
use sqlx::{postgres::PgPoolOptions, PgPool};
use uuid::Uuid;

/// r1-server's pool size (crates/server/src/lib.rs, connect).
const R1_POOL_SIZE: u32 = 20;

/// The GET of one passphrase: the single-row statement the limit is
/// defined by. r1 reads the same row, with the same joins, for all the GETs
/// that arrive together in one statement (crates/dpsk/src/repo/passphrases.rs,
/// PassphraseById; crates/core/src/batch.rs).
const PASSPHRASE: &str = "SELECT p.id, p.pool_id, p.passphrase, p.username, p.vlan_id, p.vxlan_id,
    p.number_of_devices, p.expiration_date, p.email, p.phone_number,
    p.revocation_reason, p.revocation_date, p.is_referenced, p.created_at,
    p.updated_at,
    ARRAY(SELECT d.mac FROM dpsk_passphrase_devices d
          WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id
          ORDER BY d.created_at, d.mac) AS macs
 FROM dpsk_passphrases p
 JOIN dpsk_pools pool
   ON pool.tenant_id = p.tenant_id AND pool.id = p.pool_id AND NOT pool.is_template
 WHERE p.tenant_id = $1 AND p.pool_id = $2 AND p.id = $3";

/// A poll of one activity; r1 reads the polls that arrive together in one
/// statement (crates/core/src/repo.rs, ActivityById).
const ACTIVITY: &str = "SELECT request_id, tenant_id, use_case, status, admin_name, admin_id,
    entity_id, error, description_template, description_data, notification, start_datetime,
    end_datetime, settles_at
 FROM activities WHERE tenant_id = $1 AND request_id = $2";

type Target = (String, Uuid, Uuid);

async fn targets(db: &PgPool, what: &str) -> Result<Vec<Target>, sqlx::Error> {
    match what {
        "passphrase" => {
            sqlx::query_as(
                "SELECT tenant_id, pool_id, id FROM dpsk_passphrases
                  WHERE pool_id = (SELECT pool_id FROM dpsk_passphrases
                                    GROUP BY pool_id ORDER BY count(*) DESC LIMIT 1)
                  ORDER BY random() LIMIT 1000",
            )
            .fetch_all(db)
            .await
        }
        _ => {
            sqlx::query_as(
                "SELECT tenant_id, request_id, request_id FROM activities
                  ORDER BY random() LIMIT 1000",
            )
            .fetch_all(db)
            .await
        }
    }
}

async fn run_one(db: &PgPool, what: &str, t: &Target) -> Result<(), sqlx::Error> {
    if what == "passphrase" {
        sqlx::query(PASSPHRASE)
            .bind(&t.0)
            .bind(t.1)
            .bind(t.2)
            .fetch_optional(db)
            .await?;
    } else {
        sqlx::query(ACTIVITY)
            .bind(&t.0)
            .bind(t.2)
            .fetch_optional(db)
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, what, connections, seconds] = args.as_slice() else {
        return Err("usage: db-limit URL passphrase|activity CONNECTIONS SECONDS".into());
    };
    if what != "passphrase" && what != "activity" {
        return Err(format!("db-limit: unknown statement {what}").into());
    }
    let connections: usize = connections.parse()?;
    let run_for = Duration::from_secs_f64(seconds.parse()?);
    let db = PgPoolOptions::new()
        .max_connections(R1_POOL_SIZE.min(connections as u32).max(1))
        // As r1-server's pool: no ping before each acquire.
        .test_before_acquire(false)
        .connect(url)
        .await?;
    let targets = targets(&db, what).await?;
    if targets.is_empty() {
        return Err(format!("db-limit: no {what} rows to read").into());
    }
    // One second first, not counted, so that the pool's connections are
    // open before the run is timed (as scripts/bench does for r1).
    drive(&db, &targets, what, connections, Duration::from_secs(1)).await?;
    let started = Instant::now();
    let latencies = drive(&db, &targets, what, connections, run_for).await?;
    println!("{}", Summary::of(latencies, started.elapsed()).line());
    Ok(())
}

/// `connections` tasks reading the targets in turn for `run_for`; every
/// statement's latency.
async fn drive(
    db: &PgPool,
    targets: &[Target],
    what: &str,
    connections: usize,
    run_for: Duration,
) -> Result<Vec<Duration>, Box<dyn std::error::Error>> {
    let deadline = Instant::now() + run_for;
    let targets = std::sync::Arc::new(targets.to_vec());
    let mut tasks = Vec::with_capacity(connections);
    for n in 0..connections {
        let (db, targets, what) = (db.clone(), targets.clone(), what.to_string());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = n * 37;
            while Instant::now() < deadline {
                let t = &targets[i % targets.len()];
                i += 1;
                let sent = Instant::now();
                run_one(&db, &what, t).await?;
                latencies.push(sent.elapsed());
            }
            Ok::<_, sqlx::Error>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    Ok(latencies)
}
