//! Passphrases and their devices.

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{error, passphrase, pool};

#[sqlx::test]
async fn a_given_passphrase_reads_back_field_by_field(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let (status, created) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!({"passphrase": "correct-horse", "username": "ann", "vlanId": 20, "vxlanId": 5,
                   "numberOfDevices": 99, "mac": "aabb.ccdd.eeff", "email": "ann@example.com",
                   "phoneNumber": "+1 408 555 0100", "expiration": "ONE_WEEK"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    let activity = app
        .wait_activity(created["requestId"].as_str().unwrap())
        .await;
    assert_eq!(activity["useCase"], "CreateDpskPassphrases");
    let id = created["id"].as_str().unwrap();
    let (status, got) = app
        .get(&format!("/dpskServices/{pool_id}/passphrases/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["id"], id);
    assert_eq!(got["passphrase"], "correct-horse");
    assert_eq!(got["username"], "ann");
    assert_eq!(got["vlanId"], 20);
    // "Inputs outside this range will be adjusted."
    assert_eq!(got["numberOfDevices"], 50);
    assert_eq!(got["email"], "ann@example.com");
    assert_eq!(got["phoneNumber"], "+1 408 555 0100");
    assert_eq!(got["revocationReason"], Value::Null);
    assert_eq!(got["revocationDate"], Value::Null);
    assert_eq!(got["isReferenced"], false);
    assert_eq!(got["devices"][0]["mac"], "AA:BB:CC:DD:EE:FF");
    assert_eq!(got["devices"][0]["online"], false);
    // ONE_WEEK from creation (the arithmetic is unit-tested in rules.rs).
    assert!(got["expirationDate"].as_str().unwrap() > got["createdDate"].as_str().unwrap());
}

#[sqlx::test]
async fn passphrases_are_generated_by_format_and_length(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let (status, created) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!({"numberOfPassphrases": 25, "length": 20, "format": "KEYBOARD_FRIENDLY",
                   "numberOfDevicesType": "UNLIMITED", "numberOfDevices": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    assert!(created.get("id").is_none());
    let (_, page) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases/query"),
            json!({"pageSize": 100}),
        )
        .await;
    assert_eq!(page["totalCount"], 25);
    for p in page["data"].as_array().unwrap() {
        let text = p["passphrase"].as_str().unwrap();
        assert_eq!(text.len(), 20);
        assert!(text
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert_eq!(p["numberOfDevices"], Value::Null);
    }
    // Without format and length, the pool's (NUMBERS_ONLY, 12).
    let id = passphrase(&app, &pool_id, json!({})).await;
    let (_, got) = app
        .get(&format!("/dpskServices/{pool_id}/passphrases/{id}"))
        .await;
    let text = got["passphrase"].as_str().unwrap();
    assert!(text.len() == 12 && text.bytes().all(|c| c.is_ascii_digit()));
}

#[sqlx::test]
async fn the_sdk_wrapper_creates_several(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let (status, _) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!({"passphrases": [{"passphrase": "first-pass"}, {"passphrase": "second-pass"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, page) = app
        .get(&format!("/dpskServices/{pool_id}/passphrases"))
        .await;
    assert_eq!(page["totalElements"], 2);
}

#[sqlx::test]
async fn each_invalid_field_is_named(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let (status, body) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!({"passphrase": "short", "length": 64, "vlanId": 0, "mac": "zz:zz",
                   "email": "nope@", "phoneNumber": "call me", "vxlanId": -1}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "passphrase",
            "length",
            "mac",
            "vxlanId",
            "vlanId",
            "email",
            "phoneNumber"
        ]
    );
    assert_eq!(body["errors"][0]["rejectedValue"], "short");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "FAIL");
    let (status, _) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!({"expiration": "FOREVER"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn passphrases_are_unique_within_a_pool(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let a = pool(&app, "A").await;
    let b = pool(&app, "B").await;
    passphrase(&app, &a, json!({"passphrase": "same-secret"})).await;
    let (status, body) = app
        .post(
            &format!("/dpskServices/{a}/passphrases"),
            json!({"passphrase": "same-secret"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        error(&body)["message"],
        "This passphrase already exists in the DPSK pool"
    );
    passphrase(&app, &b, json!({"passphrase": "same-secret"})).await;
}

#[sqlx::test]
async fn put_replaces_patch_merges_and_revocation_is_dated(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let id = passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "first-pass", "username": "ann", "vlanId": 3}),
    )
    .await;
    let path = format!("/dpskServices/{pool_id}/passphrases/{id}");
    let (status, _) = app.patch(&path, json!({"revocationReason": "lost"})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&path).await;
    assert_eq!(
        (&got["username"], &got["vlanId"]),
        (&json!("ann"), &json!(3))
    );
    assert_eq!(got["revocationReason"], "lost");
    assert!(got["revocationDate"].is_string());
    let (_, page) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases/query"),
            json!({"filters": {"status": ["REVOKED"]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 1);
    let (status, _) = app.put(&path, json!({"username": "bob"})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&path).await;
    assert_eq!(got["passphrase"], "first-pass");
    assert_eq!(got["username"], "bob");
    assert_eq!(got["vlanId"], Value::Null);
    assert_eq!(got["revocationDate"], Value::Null);
    let (status, body) = app.patch(&path, json!({"passphrase": "tiny"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "passphrase");
}

#[sqlx::test]
async fn bulk_patch_and_delete_by_ids(db: sqlx::PgPool) {
    let app = TestApp::spawn(db.clone()).await;
    let pool_id = pool(&app, "P").await;
    let a = passphrase(&app, &pool_id, json!({"passphrase": "pass-aaaa"})).await;
    let b = passphrase(&app, &pool_id, json!({"passphrase": "pass-bbbb"})).await;
    let base = format!("/dpskServices/{pool_id}/passphrases");
    let (status, _) = app
        .patch(&base, json!({"ids": [a, b], "changes": {"vlanId": 42}}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, page) = app
        .post(
            &format!("{base}/query"),
            json!({"filters": {"vlanId": [42]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 2);
    let (status, _) = app
        .patch(
            &base,
            json!({"ids": [uuid::Uuid::new_v4()], "changes": {"vlanId": 1}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    sqlx::query("UPDATE dpsk_passphrases SET is_referenced = true WHERE id = $1::uuid")
        .bind(&b)
        .execute(&db)
        .await
        .unwrap();
    let (status, _) = app.delete_json(&base, json!([a, b])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.delete_json(&base, json!([a])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = app.get(&format!("{base}/{a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.delete_json(&base, json!({"passphraseIds": [a]})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn bulk_patch_takes_the_sdk_list_with_changes_of_its_own(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let a = passphrase(&app, &pool_id, json!({"passphrase": "pass-aaaa"})).await;
    let b = passphrase(&app, &pool_id, json!({"passphrase": "pass-bbbb"})).await;
    let base = format!("/dpskServices/{pool_id}/passphrases");
    // The Python SDK's batch_update_passphrases body.
    let (status, body) = app
        .patch(
            &base,
            json!({"passphrases": [{"id": a, "vlanId": 30}, {"id": b, "username": "bee"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "SUCCESS");
    let (_, pa) = app.get(&format!("{base}/{a}")).await;
    let (_, pb) = app.get(&format!("{base}/{b}")).await;
    assert_eq!((&pa["vlanId"], pa.get("username")), (&json!(30), None));
    assert_eq!((pb.get("vlanId"), &pb["username"]), (None, &json!("bee")));
    assert_eq!(pa["passphrase"], "pass-aaaa");

    // An item without an id is named; nothing changes.
    let (status, body) = app
        .patch(
            &base,
            json!({"passphrases": [{"id": a, "vlanId": 31}, {"vlanId": 32}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "passphrases[1].id");
    // An unknown id stops them all.
    let (status, _) = app
        .patch(
            &base,
            json!({"passphrases": [{"id": a, "vlanId": 33}, {"id": uuid::Uuid::new_v4(), "vlanId": 34}]}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, pa) = app.get(&format!("{base}/{a}")).await;
    assert_eq!(pa["vlanId"], 30);
    let (status, _) = app.patch(&base, json!({"passphrases": []})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn query_filters_search_sort_project_and_page(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    for (i, name) in ["carol", "alice", "bob"].iter().enumerate() {
        passphrase(
            &app,
            &pool_id,
            json!({"passphrase": format!("pass-{name}"), "username": name,
                   "email": format!("{name}@example.com"), "vlanId": 10 + i,
                   "mac": format!("00:11:22:33:44:0{i}")}),
        )
        .await;
    }
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-expired", "expirationDate": "2000-01-01T00:00:00Z"}),
    )
    .await;
    let q = format!("/dpskServices/{pool_id}/passphrases/query");
    let (_, page) = app
        .post(
            &q,
            json!({"sortField": "username", "sortOrder": "ASC", "filters": {"status": ["ACTIVE"]},
                   "fields": ["username"], "page": 0, "pageSize": 2}),
        )
        .await;
    assert_eq!(
        (&page["totalCount"], &page["totalPages"], &page["page"]),
        (&json!(3), &json!(2), &json!(1))
    );
    let names: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob"]);
    assert!(page["data"][0].get("passphrase").is_none());
    let (_, page) = app
        .post(&q, json!({"filters": {"status": ["EXPIRED"]}}))
        .await;
    assert_eq!(page["data"][0]["passphrase"], "pass-expired");
    let (_, page) = app
        .post(&q, json!({"filters": {"mac": ["00-11-22-33-44-01"]}}))
        .await;
    assert_eq!(page["data"][0]["username"], "alice");
    let (_, page) = app
        .post(
            &q,
            json!({"searchString": "44:02", "searchTargetFields": ["mac"]}),
        )
        .await;
    assert_eq!(page["data"][0]["username"], "bob");
    // Over every field, the devices too; a text no MAC can hold matches no
    // device (the devices are then not read).
    let (_, page) = app.post(&q, json!({"searchString": "44:02"})).await;
    assert_eq!(page["data"][0]["username"], "bob");
    assert_eq!(page["totalCount"], 1);
    let (status, page) = app
        .post(
            &q,
            json!({"searchString": "33:44:0x", "searchTargetFields": ["mac"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalCount"], 0);
    let (_, page) = app
        .post(
            &q,
            json!({"searchString": "CAR", "searchTargetFields": ["username", "email"]}),
        )
        .await;
    assert_eq!(page["totalCount"], 1);
    let (_, page) = app
        .post(
            &q,
            json!({"filters": {"email": ["bob@example.com"], "vlanId": [12]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 1);
    let (_, page) = app
        .post(&q, json!({"filters": {"networkId": ["n1"]}}))
        .await;
    assert_eq!(page["totalCount"], 0);
    let (status, body) = app.post(&q, json!({"sortField": "secret"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "sortField");
    let (status, _) = app.post(&q, json!({"maxDevicesPerPassphrase": 0})).await;
    assert_eq!(status, StatusCode::OK);
    // Spring page: size 1, last page, sort by passphrase descending.
    let (_, page) = app
        .get(&format!(
            "/dpskServices/{pool_id}/passphrases?page=3&size=1&sort=passphrase,desc"
        ))
        .await;
    assert_eq!(
        (&page["last"], &page["numberOfElements"]),
        (&json!(true), &json!(1))
    );
    assert_eq!(page["content"][0]["passphrase"], "pass-alice");
    let (_, page) = app
        .get(&format!("/dpskServices/{pool_id}/passphrases?page=9"))
        .await;
    assert_eq!(page["empty"], true);
}

#[sqlx::test]
async fn devices_are_added_replaced_removed_and_limited(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let id = passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-devs", "numberOfDevices": 2}),
    )
    .await;
    let path = format!("/dpskServices/{pool_id}/passphrases/{id}/devices");
    let (status, _) = app.post(&path, json!(["00:11:22:33:44:55"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = app
        .post(&path, json!(["00:11:22:33:44:56", "00:11:22:33:44:57"]))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app.post(&path, json!(["not-a-mac"])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["rejectedValue"], "not-a-mac");
    let (status, _) = app
        .patch(
            &path,
            json!({"devices": [{"mac": "aa:aa:aa:aa:aa:aa"}, {"mac": "bb:bb:bb:bb:bb:bb"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, list) = app.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    let macs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["mac"].as_str().unwrap())
        .collect();
    assert_eq!(macs, ["AA:AA:AA:AA:AA:AA", "BB:BB:BB:BB:BB:BB"]);
    let (_, page) = app
        .post(
            &format!("{path}/query"),
            json!({"sortField": "mac", "sortOrder": "DESC", "pageSize": 1}),
        )
        .await;
    assert_eq!(
        (&page["totalCount"], &page["data"][0]["mac"]),
        (&json!(2), &json!("BB:BB:BB:BB:BB:BB"))
    );
    let (status, _) = app.delete_json(&path, json!(["cc:cc:cc:cc:cc:cc"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.delete_json(&path, json!(["aa-aa-aa-aa-aa-aa"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, list) = app.get(&path).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[sqlx::test]
async fn another_tenants_passphrase_is_not_found(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let id = passphrase(&app, &pool_id, json!({"passphrase": "pass-mine"})).await;
    let other = app.other_tenant("0000000000000000000000000000000d").await;
    for (method, path) in [
        (
            Method::GET,
            format!("/dpskServices/{pool_id}/passphrases/{id}"),
        ),
        (
            Method::GET,
            format!("/dpskServices/{pool_id}/passphrases/{id}/devices"),
        ),
        (
            Method::PATCH,
            format!("/dpskServices/{pool_id}/passphrases/{id}"),
        ),
    ] {
        let res = app
            .req_as(&other, method, &path)
            .json(&json!({"username": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // A passphrase in another pool of the same tenant is not this pool's.
    let other_pool = pool(&app, "Q").await;
    let (status, _) = app
        .get(&format!("/dpskServices/{other_pool}/passphrases/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
