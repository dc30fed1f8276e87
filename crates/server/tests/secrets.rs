//! No secret in any log line: the built binary, logging JSON at debug level,
//! goes through a token request (form and Basic), authenticated calls, a
//! failed login, an admin call and passphrase creation; then its whole log is
//! searched for the client secret, the admin token, every bearer token and
//! every passphrase.

mod common;

use common::*;

const SECRET: &str = "s3cret-Client-7f1c9a";
const ADMIN: &str = "admin-Token-2b8e44";
const WRONG: &str = "wrong-Secret-93d0aa";
const GIVEN_PASSPHRASE: &str = "given-Passphrase-5c2e";

#[test]
fn no_secret_token_or_passphrase_reaches_the_log() {
    let cluster = Cluster::start();
    let mut server = Server::start(
        &cluster.url,
        &[
            ("R1_LOG_FORMAT", "json"),
            ("R1_LOG", "debug"),
            ("R1_BOOTSTRAP_CLIENT_SECRET", SECRET),
            ("R1_ADMIN_TOKEN", ADMIN),
        ],
    );
    let basic = "cjEtY2xpZW50OnMzY3JldC1DbGllbnQtN2YxYzlh";
    let mut secrets = vec![
        SECRET.to_string(),
        ADMIN.to_string(),
        WRONG.to_string(),
        basic.to_string(),
    ];

    let token = server.token(SECRET);
    secrets.push(token.clone());
    // The same client through HTTP Basic, as Swagger UI sends it.
    let (status, answer) = server.request(
        "POST",
        "/oauth2/token/00000000000000000000000000000001",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            // base64("r1-client:s3cret-Client-7f1c9a")
            (
                "authorization",
                "Basic cjEtY2xpZW50OnMzY3JldC1DbGllbnQtN2YxYzlh",
            ),
        ],
        Some("grant_type=client_credentials"),
    );
    assert_eq!(status, 200, "{answer}");
    secrets.push(answer["access_token"].as_str().unwrap().to_string());

    // A failed login names no secret either.
    let (status, _) = server.request(
        "POST",
        "/oauth2/token/00000000000000000000000000000001",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some(&format!(
            "grant_type=client_credentials&client_id=r1-client&client_secret={WRONG}"
        )),
    );
    assert_eq!(status, 401);

    let auth = bearer(&token);
    let headers = [(auth.0, auth.1.as_str())];
    let (status, pool) = server.request(
        "POST",
        "/dpskServices",
        &headers,
        Some(r#"{"name":"logged","passphraseLength":18,"passphraseFormat":"MOST_SECURED"}"#),
    );
    assert_eq!(status, 202, "{pool}");
    let pool_id = pool["id"].as_str().unwrap();
    let passphrases = format!("/dpskServices/{pool_id}/passphrases");
    let (status, generated) = server.request("POST", &passphrases, &headers, Some("{}"));
    assert_eq!(status, 202, "{generated}");
    let (status, given) = server.request(
        "POST",
        &passphrases,
        &headers,
        Some(&format!(r#"{{"passphrase":"{GIVEN_PASSPHRASE}"}}"#)),
    );
    assert_eq!(status, 202, "{given}");
    secrets.push(GIVEN_PASSPHRASE.into());
    let id = generated["id"].as_str().unwrap();
    let (status, read) = server.request("GET", &format!("{passphrases}/{id}"), &headers, None);
    assert_eq!(status, 200, "{read}");
    let passphrase = read["passphrase"].as_str().unwrap().to_string();
    assert!(passphrase.len() >= 8);
    secrets.push(passphrase);

    // The admin token, right and wrong.
    let (status, _) = server.request(
        "GET",
        "/_r1/info",
        &[("authorization", &format!("Bearer {ADMIN}"))],
        None,
    );
    assert!(status < 500);
    let (status, _) = server.request(
        "POST",
        "/_r1/reset",
        &[("authorization", &format!("Bearer {WRONG}"))],
        None,
    );
    assert!((400..500).contains(&status), "{status}");

    server.stop();
    let log = server.log_text();
    let lines = log.lines().count();
    assert!(lines > 20, "too little was logged to judge: {log}");
    assert!(
        log.contains("DEBUG"),
        "the debug filter did not apply: {log}"
    );
    let leaks: Vec<String> = log
        .lines()
        .filter_map(|line| {
            secrets
                .iter()
                .find(|s| line.contains(s.as_str()))
                .map(|s| format!("{}...: {line}", &s[..8.min(s.len())]))
        })
        .collect();
    println!(
        "secrets: {} log lines searched for {} secrets",
        lines,
        secrets.len()
    );
    assert!(
        leaks.is_empty(),
        "secrets in the log:\n{}",
        leaks.join("\n")
    );
}
