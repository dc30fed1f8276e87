//! Faults, with the built binary on a PostgreSQL cluster of the test's own:
//! the server killed with SIGKILL during a write load and started again, and
//! PostgreSQL stopped and started under load. Nothing acknowledged is lost,
//! clients hear 503 at once while the database is away, and r1 recovers by
//! itself when it is back.

mod common;

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use common::*;
use serde_json::Value;

const SECRET: &str = "r1-secret";

/// An acknowledged write: (kind, name, requestId).
type Acknowledged = Arc<Mutex<Vec<(String, String, String)>>>;

/// Writers that create identity groups and DPSK pools until told to stop;
/// every acknowledged write as (kind, name, requestId).
fn write_load(
    addr: &str,
    token: &str,
    writers: usize,
    stop: &Arc<AtomicBool>,
) -> (Vec<std::thread::JoinHandle<()>>, Acknowledged) {
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let handles = (0..writers)
        .map(|w| {
            let (addr, token, stop, acknowledged) = (
                addr.to_string(),
                token.to_string(),
                stop.clone(),
                acknowledged.clone(),
            );
            std::thread::spawn(move || {
                let auth = bearer(&token);
                let headers = [(auth.0, auth.1.as_str())];
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let name = format!("w{w}-{i}");
                    let (kind, path, body) = if i % 2 == 0 {
                        ("group", "/identityGroups", format!(r#"{{"name":"{name}"}}"#))
                    } else {
                        (
                            "pool",
                            "/dpskServices",
                            format!(
                                r#"{{"name":"{name}","passphraseLength":18,"passphraseFormat":"MOST_SECURED"}}"#
                            ),
                        )
                    };
                    match try_request(&addr, "POST", path, &headers, Some(&body)) {
                        Some((status, answer)) if (200..300).contains(&status) => {
                            let request_id = answer["requestId"].as_str().unwrap_or("").to_string();
                            acknowledged.lock().unwrap().push((kind.into(), name, request_id));
                        }
                        // Refused or unanswered: nothing was promised.
                        _ => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        })
        .collect();
    (handles, acknowledged)
}

fn names(server: &Server, token: &str, path: &str) -> Vec<String> {
    let auth = bearer(token);
    let (status, body) = server.request(
        "POST",
        path,
        &[(auth.0, auth.1.as_str())],
        Some(r#"{"pageSize":10000}"#),
    );
    assert_eq!(status, 200, "{body}");
    let rows = body["data"]
        .as_array()
        .or_else(|| body["content"].as_array())
        .cloned()
        .unwrap_or_default();
    rows.iter()
        .filter_map(|r| r["name"].as_str().map(String::from))
        .collect()
}

#[test]
fn a_sigkill_during_a_write_load_loses_no_acknowledged_write() {
    let cluster = Cluster::start();
    let env = [("R1_LOG_FORMAT", "json")];
    let mut server = Server::start(&cluster.url, &env);
    let token = server.token(SECRET);

    let stop = Arc::new(AtomicBool::new(false));
    let (writers, acknowledged) = write_load(&server.addr, &token, 4, &stop);
    // Let the load run, then kill the server in the middle of it.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 40 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 40,
        "only {} writes acknowledged",
        acknowledged.len()
    );

    server.restart(&cluster.url, &env);
    // The token outlives the restart: it is signed, not stored.
    let groups = names(&server, &token, "/identityGroups/query?size=2000");
    let pools = names(&server, &token, "/dpskServices/query");
    let auth = bearer(&token);
    let mut lost = Vec::new();
    for (kind, name, request_id) in &acknowledged {
        let stored = if kind == "group" { &groups } else { &pools };
        if !stored.contains(name) {
            lost.push(format!("{kind} {name}"));
        }
        let (status, activity) = server.request(
            "GET",
            &format!("/activities/{request_id}"),
            &[(auth.0, auth.1.as_str())],
            None,
        );
        let state = activity["status"].as_str().unwrap_or("");
        if status != 200 || !["SUCCESS", "FAIL", "PENDING", "INPROGRESS"].contains(&state) {
            lost.push(format!(
                "activity {request_id} of {name}: {status} {activity}"
            ));
        }
    }
    println!(
        "SIGKILL: {} acknowledged writes, all present after restart",
        acknowledged.len()
    );
    assert!(lost.is_empty(), "lost after SIGKILL: {lost:?}");
}

#[test]
fn postgresql_stopped_under_load_gives_quick_503s_and_r1_recovers_by_itself() {
    let cluster = Cluster::start();
    let server = Server::start(&cluster.url, &[("R1_LOG_FORMAT", "json")]);
    let token = server.token(SECRET);
    let auth = bearer(&token);
    let headers = [(auth.0, auth.1.as_str())];

    let stop = Arc::new(AtomicBool::new(false));
    let (writers, acknowledged) = write_load(&server.addr, &token, 2, &stop);
    std::thread::sleep(Duration::from_millis(500));
    cluster.down();

    // While it is down: 503 in each API's shape, and health DOWN. A 503 comes
    // from the pool's 2 s acquire timeout: without it the request waited for
    // the connection and ended in a 500. No request may outlast the client's
    // timeout either.
    let mut answers = Vec::new();
    for (path, body) in [
        ("/dpskServices/query", Some("{}")),
        ("/identityGroups/query", Some("{}")),
        ("/activities/query", Some("{}")),
    ] {
        let t = Instant::now();
        let (status, answer) = server.request("POST", path, &headers, body);
        answers.push((path, status, answer, t.elapsed()));
    }
    for (path, status, answer, _) in &answers {
        assert_eq!(*status, 503, "{path}: {answer}");
        assert!(
            answer.get("errors").is_some() || answer.get("status").is_some(),
            "{path}: not the API's error shape: {answer}"
        );
    }
    let (status, health) = server.request("GET", "/_r1/health", &[], None);
    assert_eq!(status, 503, "{health}");
    assert_eq!(health["database"], "DOWN");

    // Back: r1 heals without a restart.
    cluster.up();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut health = (0, Value::Null);
    while Instant::now() < deadline {
        health = server.request("GET", "/_r1/health", &[], None);
        if health.0 == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        health.0, 200,
        "health after PostgreSQL came back: {}",
        health.1
    );
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let (status, answer) = server.request(
        "POST",
        "/identityGroups",
        &headers,
        Some(r#"{"name":"after-the-outage"}"#),
    );
    assert_eq!(status, 202, "{answer}");
    let groups = names(&server, &token, "/identityGroups/query?size=2000");
    assert!(groups.contains(&"after-the-outage".to_string()));
    // Every write acknowledged before, during or after the outage is there.
    let pools = names(&server, &token, "/dpskServices/query");
    let acknowledged = acknowledged.lock().unwrap().clone();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|(kind, name, _)| !(if kind == "group" { &groups } else { &pools }).contains(name))
        .collect();
    println!(
        "PostgreSQL outage: 503 within {:?}, {} acknowledged writes kept, recovered without a restart",
        answers.iter().map(|a| a.3).max().unwrap_or_default(),
        acknowledged.len()
    );
    assert!(lost.is_empty(), "lost over the outage: {lost:?}");
}
