use std::collections::HashSet;

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{get_identity, group, identity};

/// Creates a pool in the group through the DPSK-bundle path Identity serves.
async fn pool(app: &TestApp, group_id: &str, length: i64) -> String {
    let (status, body) = app
        .post(
            &format!("/identityGroups/{group_id}/dpskServices"),
            json!({"name": format!("pool-{group_id}"), "passphraseLength": length,
                   "passphraseFormat": "KEYBOARD_FRIENDLY"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "CreateDpskPool");
    body["id"].as_str().unwrap().to_string()
}

fn passphrase(i: &Value) -> String {
    i["dpskPassphrase"].as_str().unwrap().to_string()
}

#[sqlx::test]
async fn a_pool_created_in_a_group_is_associated(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let p = pool(&app, &g, 12).await;
    let (_, body) = app.get(&format!("/identityGroups/{g}")).await;
    assert_eq!(body["dpskPoolId"], p);
    let (_, page) = app
        .post("/identityGroups/query", json!({"dpskPoolId": p}))
        .await;
    assert_eq!(page["content"][0]["id"], g);

    let (status, body) = app
        .post(
            "/templates/identityGroups/00000000-0000-0000-0000-000000000001/dpskServices",
            json!({"name": "t"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // DPSK's error body, not Identity's.
    assert!(body["errors"][0]["code"].is_string(), "{body}");
    assert!(body.get("status").is_none(), "{body}");
    let (status, body) = app
        .post(
            &format!("/templates/identityGroups/{g}/dpskServices"),
            json!({"name": "template-pool", "passphraseLength": 10, "passphraseFormat": "NUMBERS_ONLY"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
}

#[sqlx::test]
async fn the_pool_association_needs_an_existing_pool(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let a = group(&app, "A").await;
    let b = group(&app, "B").await;
    let p = pool(&app, &a, 12).await;
    let (status, body) = app
        .put(
            &format!("/identityGroups/{b}/dpskPools/00000000-0000-0000-0000-000000000009"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["status"], "404 NOT_FOUND");
    let (status, _) = app
        .put(&format!("/identityGroups/{b}/dpskPools/{p}"), json!(null))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, g) = app.get(&format!("/identityGroups/{b}")).await;
    assert_eq!(g["dpskPoolId"], p);
    let id = identity(&app, &b, json!({"name": "alice"})).await;
    assert_eq!(passphrase(&get_identity(&app, &b, &id).await).len(), 12);
}

#[sqlx::test]
async fn identities_in_a_pool_group_get_reset_and_lose_passphrases(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let pool_id = pool(&app, &g, 12).await;
    let in_dpsk = |guid: Value| {
        let app = &app;
        let pool_id = pool_id.clone();
        async move {
            app.get(&format!(
                "/dpskServices/{pool_id}/passphrases/{}",
                guid.as_str().unwrap()
            ))
            .await
        }
    };

    let alice = identity(&app, &g, json!({"name": "alice", "vlan": 5})).await;
    let i = get_identity(&app, &g, &alice).await;
    assert!(i["dpskGuid"].is_string(), "{i}");
    let generated = passphrase(&i);
    assert_eq!(generated.chars().count(), 12);
    let (status, p) = in_dpsk(i["dpskGuid"].clone()).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["passphrase"], generated.as_str());
    assert_eq!(p["isReferenced"], true);
    assert_eq!(p["username"], "alice");
    assert_eq!(p["vlanId"], 5);

    // A given passphrase is kept; one shorter than the pool's length is
    // replaced by a generated one.
    let bob = identity(
        &app,
        &g,
        json!({"name": "bob", "dpskPassphrase": "correct-horse-battery"}),
    )
    .await;
    assert_eq!(
        passphrase(&get_identity(&app, &g, &bob).await),
        "correct-horse-battery"
    );
    let carol = identity(
        &app,
        &g,
        json!({"name": "carol", "dpskPassphrase": "short123"}),
    )
    .await;
    let p = passphrase(&get_identity(&app, &g, &carol).await);
    assert_ne!(p, "short123");
    assert_eq!(p.chars().count(), 12);

    // null resets; a value replaces; the passphrase keeps its id.
    let path = format!("/identityGroups/{g}/identities/{alice}");
    let (status, _) = app.patch(&path, json!({"dpskPassphrase": null})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let after = get_identity(&app, &g, &alice).await;
    assert_ne!(passphrase(&after), generated);
    assert_eq!(after["dpskGuid"], i["dpskGuid"]);
    let (status, _) = app
        .patch(&path, json!({"dpskPassphrase": "a-long-enough-secret"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(
        passphrase(&get_identity(&app, &g, &alice).await),
        "a-long-enough-secret"
    );
    let (status, _) = app.patch(&path, json!({"dpskPassphrase": "tiny"})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let p = passphrase(&get_identity(&app, &g, &alice).await);
    assert_ne!(p, "tiny");
    assert_eq!(p.chars().count(), 12);

    // Revoking and un-revoking go through DPSK in the same transaction.
    let (status, body) = app.patch(&path, json!({"revoked": true})).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(get_identity(&app, &g, &alice).await["revoked"], true);
    let (_, p) = in_dpsk(i["dpskGuid"].clone()).await;
    assert_eq!(p["revocationReason"], "Identity revoked");
    assert_eq!(
        p["passphrase"],
        passphrase(&get_identity(&app, &g, &alice).await)
    );
    let (status, _) = app.patch(&path, json!({"revoked": false})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, p) = in_dpsk(i["dpskGuid"].clone()).await;
    assert_eq!(p["revocationReason"], json!(null));

    let (status, body) = app.delete(&path).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, _) = in_dpsk(i["dpskGuid"].clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .delete_json(
            &format!("/identityGroups/{g}/identities"),
            json!([bob, carol]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn fifty_concurrent_creations_get_distinct_vnis_and_passphrases(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Busy").await;
    pool(&app, &g, 16).await;
    let mut creations = tokio::task::JoinSet::new();
    for n in 0..50 {
        let req = app
            .req(Method::POST, &format!("/identityGroups/{g}/identities"))
            .json(&json!({"name": format!("user-{n}")}));
        creations.spawn(async move { read(req.send().await.unwrap()).await });
    }
    while let Some(result) = creations.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    }
    let (_, page) = app
        .get(&format!("/identityGroups/{g}/identities?size=100"))
        .await;
    let content = page["content"].as_array().unwrap();
    assert_eq!(content.len(), 50);
    let vnis: HashSet<i64> = content.iter().map(|i| i["vni"].as_i64().unwrap()).collect();
    let guids: HashSet<&str> = content
        .iter()
        .map(|i| i["dpskGuid"].as_str().unwrap())
        .collect();
    let passphrases: HashSet<&str> = content
        .iter()
        .map(|i| i["dpskPassphrase"].as_str().unwrap())
        .collect();
    assert_eq!((vnis.len(), guids.len(), passphrases.len()), (50, 50, 50));
}
