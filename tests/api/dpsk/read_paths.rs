//! Passphrase reads where they go through indexes, kept counts and single
//! statements (migration 20261130000500): a GET reads a passphrase with its
//! devices and still tells which 404 it is, query totals stay exact as a
//! pool changes, searches find the same rows through the trigram index and
//! the devices, and username sorts break ties the same way both ways.

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{passphrase, pool};

#[sqlx::test]
async fn a_get_reads_the_devices_in_order_and_names_what_is_missing(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "read").await;
    let id = passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-with-two", "username": "two", "mac": "00:00:00:00:00:0B"}),
    )
    .await;
    let devices = format!("/dpskServices/{pool_id}/passphrases/{id}/devices");
    let (status, _) = app.post(&devices, json!(["00:00:00:00:00:0a"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, got) = app
        .get(&format!("/dpskServices/{pool_id}/passphrases/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!((&got["id"], &got["username"]), (&json!(id), &json!("two")));
    let macs: Vec<&str> = got["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["mac"].as_str().unwrap())
        .collect();
    assert_eq!(macs, ["00:00:00:00:00:0B", "00:00:00:00:00:0A"]);

    let other = pool(&app, "other").await;
    let missing = uuid::Uuid::new_v4();
    for (path, message) in [
        (
            format!("/dpskServices/{pool_id}/passphrases/{missing}"),
            format!("DPSK passphrase {missing} not found"),
        ),
        (
            format!("/dpskServices/{other}/passphrases/{id}"),
            format!("DPSK passphrase {id} not found"),
        ),
        (
            format!("/dpskServices/{pool_id}/passphrases/not-an-id"),
            "DPSK passphrase not-an-id not found".to_string(),
        ),
        (
            format!("/dpskServices/{missing}/passphrases/{id}"),
            format!("DPSK pool {missing} not found"),
        ),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.to_string().contains(&message), "{path}: {body}");
    }
    let (status, template) = app
        .post(
            "/templates/dpskServices",
            json!({"name": "T", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12}),
        )
        .await;
    assert!(status.is_success(), "{template}");
    let template = template["id"].as_str().unwrap();
    let (status, body) = app
        .get(&format!("/dpskServices/{template}/passphrases/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body.to_string()
            .contains(&format!("DPSK pool {template} not found")),
        "{body}"
    );
}

async fn page(app: &TestApp, pool_id: &str, body: Value) -> Value {
    let (status, page) = app
        .post(&format!("/dpskServices/{pool_id}/passphrases/query"), body)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

fn usernames(page: &Value) -> Vec<&str> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["username"].as_str().unwrap_or(""))
        .collect()
}

#[sqlx::test]
async fn the_total_follows_generation_import_and_deletion_on_every_page(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "counted").await;
    let other = pool(&app, "other").await;
    passphrase(&app, &other, json!({"passphrase": "elsewhere-1"})).await;
    let (status, _) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!({"numberOfPassphrases": 25, "length": 12}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let first = page(&app, &pool_id, json!({"page": 1, "pageSize": 10})).await;
    assert_eq!(
        (&first["totalCount"], &first["totalPages"]),
        (&json!(25), &json!(3))
    );
    let last = page(&app, &pool_id, json!({"page": 3, "pageSize": 10})).await;
    assert_eq!(last["totalCount"], 25);
    assert_eq!(last["data"].as_array().unwrap().len(), 5);
    let beyond = page(&app, &pool_id, json!({"page": 4, "pageSize": 10})).await;
    assert_eq!(beyond["totalCount"], 25);
    assert_eq!(beyond["data"], json!([]));

    let ids: Vec<&str> = first["data"].as_array().unwrap()[..3]
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let (status, _) = app
        .delete_json(&format!("/dpskServices/{pool_id}/passphrases"), json!(ids))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let res = app
        .req(
            Method::POST,
            &format!("/dpskServices/{pool_id}/passphrases/csvFiles"),
        )
        .header("content-type", "text/csv")
        .body("Username,Passphrase\nann,imported-pass-1\nbob,imported-pass-2\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let first = page(&app, &pool_id, json!({"page": 1, "pageSize": 10})).await;
    assert_eq!(first["totalCount"], 24);
    let filtered = page(
        &app,
        &pool_id,
        json!({"page": 1, "pageSize": 1, "filters": {"username": ["ann", "bob"]}}),
    )
    .await;
    assert_eq!(
        (&filtered["totalCount"], &filtered["totalPages"]),
        (&json!(2), &json!(2))
    );

    let (status, _) = app.delete(&format!("/dpskServices/{other}")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let first = page(&app, &pool_id, json!({"page": 1, "pageSize": 10})).await;
    assert_eq!(first["totalCount"], 24);
}

#[sqlx::test]
async fn a_search_over_every_field_finds_columns_and_devices_alike(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "searched").await;
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-zed-one", "username": "zed-lobby", "vlanId": 321}),
    )
    .await;
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-with-device", "username": "dev",
               "mac": "00:11:22:AB:CD:EF", "email": "Dev@Example.com"}),
    )
    .await;
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-100%-sure", "username": "pct"}),
    )
    .await;
    let other = pool(&app, "other").await;
    passphrase(
        &app,
        &other,
        json!({"passphrase": "pass-zed-two", "username": "zed"}),
    )
    .await;

    for (text, found) in [
        ("ZED-lob", vec!["zed-lobby"]),
        ("ab:cd", vec!["dev"]),
        ("example.COM", vec!["dev"]),
        ("32", vec!["zed-lobby"]),
        ("100%", vec!["pct"]),
        ("_", vec![]),
        ("pass-", vec!["dev", "pct", "zed-lobby"]),
    ] {
        let got = page(
            &app,
            &pool_id,
            json!({"searchString": text, "sortField": "username"}),
        )
        .await;
        assert_eq!(usernames(&got), found, "searchString {text:?}");
        assert_eq!(got["totalCount"], found.len(), "searchString {text:?}");
    }
    // Only the fields named: the MAC no longer matches, the username does.
    let got = page(
        &app,
        &pool_id,
        json!({"searchString": "de", "searchTargetFields": ["username", "passphrase"],
               "sortField": "username"}),
    )
    .await;
    assert_eq!(usernames(&got), ["dev"]);
    let got = page(
        &app,
        &pool_id,
        json!({"searchString": "ab:cd", "searchTargetFields": ["username"]}),
    )
    .await;
    assert_eq!(got["totalCount"], 0);
    // A separator character cannot join two fields into a match.
    let got = page(&app, &pool_id, json!({"searchString": "lobby\u{1f}pass"})).await;
    assert_eq!(got["totalCount"], 0);
}

/// The searchable fields are stored joined beside the row (migration
/// 20261130001600): a change to a passphrase moves what finds it, and a
/// search naming every field, or all but the devices, answers as one over
/// each field would.
#[sqlx::test]
async fn a_search_follows_changes_to_the_fields_it_reads(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "changing").await;
    let id = passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-before-change", "username": "old-name",
               "email": "old@example.com", "vlanId": 77}),
    )
    .await;
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-bystander", "username": "bystander"}),
    )
    .await;
    let path = format!("/dpskServices/{pool_id}/passphrases/{id}");
    let (status, _) = app
        .patch(
            &path,
            json!({"username": "new-name", "phoneNumber": "+15550100"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let every_field = json!(["username", "passphrase", "email", "phoneNumber", "vlanId"]);
    for (text, found) in [
        ("old-name", vec![]),
        ("NEW-Name", vec!["new-name"]),
        ("5550100", vec!["new-name"]),
        ("OLD@example", vec!["new-name"]),
        ("77", vec!["new-name"]),
        ("pass-", vec!["bystander", "new-name"]),
    ] {
        for fields in [Value::Null, every_field.clone()] {
            let got = page(
                &app,
                &pool_id,
                json!({"searchString": text, "searchTargetFields": fields,
                       "sortField": "username"}),
            )
            .await;
            assert_eq!(usernames(&got), found, "searchString {text:?} in {fields}");
            assert_eq!(got["totalCount"], found.len(), "searchString {text:?}");
        }
    }
}

/// A search that most of a pool's passphrases match counts its total in a
/// statement of its own, not on the page's way: the total stays exact on a
/// full page, on the last one and past the end, and a search naming only
/// the fields that hold the text rarely is counted as before.
#[sqlx::test]
async fn a_search_most_of_the_pool_matches_counts_the_same(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "guests").await;
    for n in 0..5 {
        passphrase(
            &app,
            &pool_id,
            json!({"passphrase": format!("pass-{n}-xyz"), "username": format!("guest-{n}"),
                   "email": format!("guest{n}@example.com")}),
        )
        .await;
    }
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-host-xyz", "username": "host",
               "email": "front.desk@example.com"}),
    )
    .await;
    for (page_no, found) in [
        (1, vec!["guest-0", "guest-1"]),
        (3, vec!["guest-4"]),
        (4, vec![]),
    ] {
        let got = page(
            &app,
            &pool_id,
            json!({"searchString": "GUEST", "sortField": "username",
                   "page": page_no, "pageSize": 2}),
        )
        .await;
        assert_eq!(usernames(&got), found, "page {page_no}");
        assert_eq!(got["totalCount"], 5, "page {page_no}");
    }
    let got = page(
        &app,
        &pool_id,
        json!({"searchString": "example.com", "searchTargetFields": ["username"]}),
    )
    .await;
    assert_eq!(got["totalCount"], 0);
    let got = page(
        &app,
        &pool_id,
        json!({"searchString": "desk@", "sortField": "username", "pageSize": 1}),
    )
    .await;
    assert_eq!(
        (usernames(&got), &got["totalCount"]),
        (vec!["host"], &json!(1))
    );
}

/// The trigram index is asked only for the selective part of a search text
/// when the pool's passphrases share the rest ("alpha" of "guest-alpha"
/// here, as every username holds "guest-"): a row holding only that part is
/// a candidate, and the exact test of the whole text must leave it out.
#[sqlx::test]
async fn a_search_narrowed_to_its_selective_part_stays_exact(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "guests").await;
    for (n, name) in GUEST_NAMES.iter().enumerate() {
        passphrase(
            &app,
            &pool_id,
            json!({"passphrase": format!("pass-{n}-xyz"), "username": name}),
        )
        .await;
    }
    for (text, found) in [
        ("guest-alpha", vec!["guest-alpha", "guest-alphabet"]),
        ("GUEST-ALPHABET", vec!["guest-alphabet"]),
        (
            "st-alpha",
            vec!["guest-alpha", "guest-alphabet", "host-alpha"],
        ),
        ("guest-zeta", vec![]),
    ] {
        let got = page(
            &app,
            &pool_id,
            json!({"searchString": text, "sortField": "username", "pageSize": 2}),
        )
        .await;
        let first_page: Vec<&str> = found.iter().take(2).copied().collect();
        assert_eq!(usernames(&got), first_page, "searchString {text:?}");
        assert_eq!(got["totalCount"], found.len(), "searchString {text:?}");
    }
}

#[sqlx::test]
async fn username_sorts_page_the_same_rows_both_ways(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "sorted").await;
    let mut ids = Vec::new();
    for (n, name) in ["b", "a", "c", "a", "b"].iter().enumerate() {
        ids.push(
            passphrase(
                &app,
                &pool_id,
                json!({"passphrase": format!("pass-{n}-xyz"), "username": name}),
            )
            .await,
        );
    }
    passphrase(&app, &pool_id, json!({"passphrase": "pass-nameless"})).await;
    let ordered = |body: Value| {
        let app = &app;
        let pool_id = &pool_id;
        async move {
            let mut all = Vec::new();
            for n in 1..=3 {
                let mut body = body.clone();
                body["page"] = json!(n);
                body["pageSize"] = json!(2);
                let got = page(app, pool_id, body).await;
                assert_eq!(got["totalCount"], 6);
                for r in got["data"].as_array().unwrap() {
                    all.push((
                        r["username"].as_str().map(str::to_string),
                        r["id"].as_str().unwrap().to_string(),
                    ));
                }
            }
            all
        }
    };
    let asc = ordered(json!({"sortField": "username", "sortOrder": "ASC"})).await;
    let desc = ordered(json!({"sortField": "username", "sortOrder": "DESC"})).await;
    let names = |rows: &[(Option<String>, String)]| {
        rows.iter()
            .map(|(u, _)| u.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&asc), ["a", "a", "b", "b", "c", ""]);
    assert_eq!(names(&desc), ["", "c", "b", "b", "a", "a"]);
    // Ties go by id ascending in either direction.
    for rows in [&asc, &desc] {
        for pair in rows.windows(2) {
            if pair[0].0 == pair[1].0 {
                assert!(pair[0].1 < pair[1].1, "{pair:?}");
            }
        }
    }
}
