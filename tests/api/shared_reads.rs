//! GETs that arrive together share one statement (r1_core::batch): each
//! still gets its own row, its own tenant's, and its own 404.

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::task::JoinSet;

use crate::dpsk::{passphrase, pool};

/// The tenant whose rows the other GETs must not see.
const OTHER_TENANT: &str = "00000000000000000000000000000002";

/// What one GET asks for and what it must get.
struct Ask {
    token: String,
    path: String,
    status: StatusCode,
    /// Where in the body the value that tells this answer from every other
    /// is (a JSON pointer), and that value.
    member: &'static str,
    value: Value,
}

/// Sends every GET at once, each `ROUNDS` times, and checks each answer.
async fn ask_all_at_once(app: &TestApp, asks: Vec<Ask>) {
    const ROUNDS: usize = 5;
    let mut sent = JoinSet::new();
    for _ in 0..ROUNDS {
        for ask in &asks {
            let req = app.req_as(&ask.token, Method::GET, &ask.path);
            let want = (ask.path.clone(), ask.status, ask.member, ask.value.clone());
            sent.spawn(async move { (want, read(req.send().await.unwrap()).await) });
        }
    }
    let mut answered = 0;
    while let Some(done) = sent.join_next().await {
        let ((path, status, member, value), (got_status, body)) = done.unwrap();
        assert_eq!(got_status, status, "GET {path}: {body}");
        assert_eq!(body.pointer(member), Some(&value), "GET {path}: {body}");
        answered += 1;
    }
    assert_eq!(answered, ROUNDS * asks.len());
}

#[sqlx::test]
async fn passphrases_read_together_each_get_their_own(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let other_token = app.other_tenant(OTHER_TENANT).await;
    let pool_id = pool(&app, "Shared").await;
    let mut asks = Vec::new();
    for i in 0..24 {
        let id = passphrase(&app, &pool_id, json!({ "username": format!("user-{i}") })).await;
        asks.push(Ask {
            token: app.token.clone(),
            path: format!("/dpskServices/{pool_id}/passphrases/{id}"),
            status: StatusCode::OK,
            member: "/username",
            value: json!(format!("user-{i}")),
        });
    }
    // The other tenant's passphrase, asked for by both tenants.
    let (status, body) = read(
        app.req_as(&other_token, Method::POST, "/dpskServices")
            .json(&json!({"name": "Theirs", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let their_pool = body["id"].as_str().unwrap().to_string();
    let (status, body) = read(
        app.req_as(
            &other_token,
            Method::POST,
            &format!("/dpskServices/{their_pool}/passphrases"),
        )
        .json(&json!({"username": "theirs"}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let theirs = format!(
        "/dpskServices/{their_pool}/passphrases/{}",
        body["id"].as_str().unwrap()
    );
    asks.push(Ask {
        token: other_token.clone(),
        path: theirs.clone(),
        status: StatusCode::OK,
        member: "/username",
        value: json!("theirs"),
    });
    let not_found = |path: String, message: String| Ask {
        token: app.token.clone(),
        path,
        status: StatusCode::NOT_FOUND,
        member: "/errors/0/message",
        value: json!(message),
    };
    asks.push(not_found(
        theirs.clone(),
        format!("DPSK pool {their_pool} not found"),
    ));
    // Their passphrase under our pool's id.
    let their_id = theirs.rsplit('/').next().unwrap().to_string();
    asks.push(not_found(
        format!("/dpskServices/{pool_id}/passphrases/{their_id}"),
        format!("DPSK passphrase {their_id} not found"),
    ));
    let unknown = uuid::Uuid::new_v4().to_string();
    asks.push(not_found(
        format!("/dpskServices/{pool_id}/passphrases/{unknown}"),
        format!("DPSK passphrase {unknown} not found"),
    ));
    ask_all_at_once(&app, asks).await;
}

#[sqlx::test]
async fn activities_polled_together_each_get_their_own(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let other_token = app.other_tenant(OTHER_TENANT).await;
    let mut asks = Vec::new();
    for i in 0..24 {
        let (status, body) = app
            .post(
                "/dpskServices",
                json!({"name": format!("pool-{i}"), "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        let request_id = body["requestId"].clone();
        let request_id_text = request_id.as_str().unwrap().to_string();
        let path = format!("/activities/{request_id_text}");
        asks.push(Ask {
            token: app.token.clone(),
            path: path.clone(),
            status: StatusCode::OK,
            member: "/requestId",
            value: request_id,
        });
        // Not the other tenant's to read.
        if i % 4 == 0 {
            let message = format!("Activity {} not found", request_id_text);
            asks.push(Ask {
                token: other_token.clone(),
                path,
                status: StatusCode::NOT_FOUND,
                member: "/errors/0/message",
                value: json!(message),
            });
        }
    }
    ask_all_at_once(&app, asks).await;
}
