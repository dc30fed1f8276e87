//! Pools and pool templates.

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{error, passphrase, pool};

#[sqlx::test]
async fn a_pool_is_created_read_and_listed_with_the_vendor_fields(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, created) = app
        .post(
            "/dpskServices",
            json!({"name": "Staff", "passphraseFormat": "KEYBOARD_FRIENDLY", "passphraseLength": 16,
                   "deviceCountLimit": 3, "policyDefaultAccess": true,
                   "expirationType": "DAYS_AFTER_TIME", "expirationOffset": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    let id = created["id"].as_str().unwrap();
    let activity = app
        .wait_activity(created["requestId"].as_str().unwrap())
        .await;
    assert_eq!(activity["status"], "SUCCESS");
    assert_eq!(activity["useCase"], "CreateDpskPool");

    let (status, got) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["id"], id);
    assert_eq!(got["name"], "Staff");
    assert_eq!(got["passphraseFormat"], "KEYBOARD_FRIENDLY");
    assert_eq!(got["passphraseLength"], 16);
    assert_eq!(got["deviceCountLimit"], 3);
    assert_eq!(got["policyDefaultAccess"], true);
    assert_eq!(got["expirationType"], "DAYS_AFTER_TIME");
    assert_eq!(got["expirationOffset"], 30);
    assert_eq!(got["expirationDate"], Value::Null);
    assert_eq!(got["isReferenced"], false);
    assert_eq!(got["networkCount"], 0);
    assert_eq!(got["isEnforced"], false);
    assert_eq!(got["identityGroupId"], Value::Null);
    assert!(got["createdDate"].is_string() && got["lastModifiedDate"].is_string());

    let (status, page) = app
        .post("/dpskServices/query", json!({"page": 1, "pageSize": 10}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["totalPages"], 1);
    assert_eq!(page["page"], 1);
    assert_eq!(page["data"][0]["name"], "Staff");
}

#[sqlx::test]
async fn pool_validation_names_each_field(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .post("/dpskServices", json!({"name": "", "passphraseLength": 7}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "passphraseFormat", "passphraseLength"]);
    assert_eq!(error(&body)["code"], "INVALID_REQUEST");
    let (status, _) = app
        .post(
            "/dpskServices",
            json!({"name": "x", "passphraseFormat": "NOPE", "passphraseLength": 8}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn pool_names_are_unique_per_tenant(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    pool(&app, "Guests").await;
    let (status, body) = app
        .post(
            "/dpskServices",
            json!({"name": "Guests", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 8}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(&body)["code"], "RESOURCE_CONFLICT");
    assert_eq!(
        error(&body)["message"],
        "A DPSK pool with this name already exists"
    );
    // Another tenant may use the name.
    let other = app.other_tenant("0000000000000000000000000000000b").await;
    let res = app
        .req_as(&other, Method::POST, "/dpskServices")
        .json(&json!({"name": "Guests", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 8}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn put_replaces_and_patch_needs_the_required_members_and_merges_the_rest(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = pool(&app, "P").await;
    // The bundle gives PATCH the same DpskPoolDto, required members included.
    let (status, body) = app
        .patch(
            &format!("/dpskServices/{id}"),
            json!({"deviceCountLimit": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "passphraseFormat", "passphraseLength"]);
    let (status, _) = app
        .patch(
            &format!("/dpskServices/{id}"),
            json!({"name": "P", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12,
                   "deviceCountLimit": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(
        (
            &got["name"],
            &got["passphraseLength"],
            &got["deviceCountLimit"]
        ),
        (&json!("P"), &json!(12), &json!(5))
    );
    let (status, _) = app
        .put(
            &format!("/dpskServices/{id}"),
            json!({"name": "Q", "passphraseFormat": "MOST_SECURED", "passphraseLength": 20}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(got["name"], "Q");
    assert_eq!(got["passphraseFormat"], "MOST_SECURED");
    assert_eq!(got["deviceCountLimit"], Value::Null);
}

#[sqlx::test]
async fn pools_are_deleted_unless_an_identity_uses_a_passphrase(db: sqlx::PgPool) {
    let app = TestApp::spawn(db.clone()).await;
    let id = pool(&app, "P").await;
    let p = passphrase(&app, &id, json!({"passphrase": "abcdefgh12"})).await;
    // What Identity does through r1_dpsk when an identity takes it.
    sqlx::query("UPDATE dpsk_passphrases SET is_referenced = true WHERE id = $1::uuid")
        .bind(&p)
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app.delete(&format!("/dpskServices/{id}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "FAIL");
    let (_, got) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(got["isReferenced"], true);

    let other = pool(&app, "Other").await;
    let (status, _) = app.delete(&format!("/dpskServices/{other}")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = app.get(&format!("/dpskServices/{other}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error(&body)["code"], "RESOURCE_NOT_FOUND");
}

#[sqlx::test]
async fn another_tenants_pool_is_not_found(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = pool(&app, "Mine").await;
    let other = app.other_tenant("0000000000000000000000000000000c").await;
    for (method, path) in [
        (Method::GET, format!("/dpskServices/{id}")),
        (Method::DELETE, format!("/dpskServices/{id}")),
        (Method::GET, format!("/dpskServices/{id}/passphrases")),
    ] {
        let res = app.req_as(&other, method, &path).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = app
        .req_as(&other, Method::POST, "/dpskServices/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let (_, body) = read(res).await;
    assert_eq!(body["totalCount"], 0);
    let (status, _) = app.get("/dpskServices/not-a-uuid").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn pool_query_searches_filters_sorts_and_pages(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    for name in ["alpha", "beta", "gamma"] {
        pool(&app, name).await;
    }
    app.post(
        "/dpskServices",
        json!({"name": "delta", "passphraseFormat": "MOST_SECURED", "passphraseLength": 10}),
    )
    .await;
    let (_, page) = app
        .post(
            "/dpskServices/query",
            json!({"sortField": "name", "sortOrder": "DESC", "page": 2, "pageSize": 1, "fields": ["name"]}),
        )
        .await;
    assert_eq!(page["totalCount"], 4);
    assert_eq!(page["totalPages"], 4);
    // `fields` keeps the named members and those the schema requires.
    assert_eq!(
        page["data"],
        json!([{"id": page["data"][0]["id"], "name": "delta", "passphraseFormat": "MOST_SECURED", "passphraseLength": 10}])
    );
    let (_, page) = app
        .post(
            "/dpskServices/query",
            json!({"filters": {"passphraseFormat": ["MOST_SECURED"]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 1);
    let (_, page) = app
        .post(
            "/dpskServices/query",
            json!({"searchString": "amm", "searchTargetFields": ["name"]}),
        )
        .await;
    assert_eq!(page["data"][0]["name"], "gamma");
    let (_, page) = app
        .post("/dpskServices/query", json!({"page": 9, "pageSize": 10}))
        .await;
    assert_eq!(page["data"], json!([]));
    let (status, body) = app
        .post("/dpskServices/query", json!({"sortField": "secret"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "sortField");
    let (status, _) = app.post("/dpskServices/query", json!({"bogus": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn policy_sets_are_associated_and_removed(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = pool(&app, "P").await;
    let (status, _) = app
        .put(&format!("/dpskServices/{id}/policySets/ps-1"), json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(got["policySetId"], "ps-1");
    let (status, _) = app
        .delete(&format!("/dpskServices/{id}/policySets/ps-2"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .delete(&format!("/dpskServices/{id}/policySets/ps-1"))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&format!("/dpskServices/{id}")).await;
    assert!(got.get("policySetId").is_none());
}

#[sqlx::test]
async fn templates_are_separate_from_pools_and_versioned(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, created) = app
        .post(
            "/templates/dpskServices",
            json!({"name": "T", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 8}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let id = created["id"].as_str().unwrap();
    let (_, got) = app.get(&format!("/templates/dpskServices/{id}")).await;
    assert_eq!(got["templateVersion"], 1);
    let (status, _) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.patch(
        &format!("/templates/dpskServices/{id}"),
        json!({"name": "T", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 10}),
    )
    .await;
    let (_, got) = app.get(&format!("/templates/dpskServices/{id}")).await;
    assert_eq!(
        (&got["templateVersion"], &got["passphraseLength"]),
        (&json!(2), &json!(10))
    );
    let (status, cloned) = app
        .post(
            &format!("/templates/dpskServices/{id}/cloneSettings"),
            json!({"name": "T2"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, page) = app
        .post(
            "/templates/dpskServices/query",
            json!({"sortField": "name", "sortOrder": "ASC"}),
        )
        .await;
    assert_eq!(page["totalCount"], 2);
    assert_eq!(page["data"][1]["id"], cloned["id"]);
    assert_eq!(page["data"][1]["passphraseLength"], 10);
    let (_, pools) = app.post("/dpskServices/query", json!({})).await;
    assert_eq!(pools["totalCount"], 0);
    // r1 serves no network templates: every id names an unknown one.
    let (status, body) = app
        .get("/templates/wifiNetworks/net-1/dpskServices?page=0&size=5")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error(&body)["code"], "RESOURCE_NOT_FOUND");
    let (status, body) = app
        .post(
            &format!("/templates/dpskServices/{id}/cloneSettings"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "name");
    let (status, _) = app.delete(&format!("/templates/dpskServices/{id}")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = app.get(&format!("/templates/dpskServices/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The `Content-Type` of a response.
fn content_type(res: &reqwest::Response) -> String {
    res.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string()
}

const V1: &str = "application/vnd.ruckus.v1+json";

#[sqlx::test]
async fn template_operations_answer_the_v1_media_type_the_bundle_lists(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let body = json!({"name": "T", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 8});
    let res = app
        .req(Method::POST, "/templates/dpskServices")
        .header(reqwest::header::CONTENT_TYPE, V1)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(content_type(&res), V1);
    let (_, created) = read(res).await;
    let id = created["id"].as_str().unwrap().to_string();
    // Without Accept, with a plain one, and with another +json type alike.
    for accept in [
        None,
        Some("application/json"),
        Some("*/*"),
        Some("application/vnd.ruckus.v2+json"),
    ] {
        let mut req = app.req(Method::GET, &format!("/templates/dpskServices/{id}"));
        if let Some(a) = accept {
            req = req.header(reqwest::header::ACCEPT, a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(content_type(&res), V1, "Accept {accept:?}");
    }
    let res = app
        .req(Method::POST, "/templates/dpskServices/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status(), content_type(&res)),
        (StatusCode::OK, V1.into())
    );
    let (_, page) = read(res).await;
    assert_eq!(page["data"][0]["templateVersion"], 1);
    let res = app
        .req(Method::PUT, &format!("/templates/dpskServices/{id}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status(), content_type(&res)),
        (StatusCode::ACCEPTED, V1.into())
    );
    // Errors keep the error body's type.
    let res = app
        .req(
            Method::GET,
            "/templates/dpskServices/00000000-0000-0000-0000-000000000000",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(content_type(&res), "application/json");
}

#[sqlx::test]
async fn pool_operations_take_and_answer_the_versions_the_bundle_lists(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = pool(&app, "P").await;
    let res = app
        .req(Method::GET, &format!("/dpskServices/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(content_type(&res), "application/json");
    for version in [
        "application/vnd.ruckus.v1.1+json",
        "application/vnd.ruckus.v2+json",
    ] {
        let res = app
            .req(Method::PUT, &format!("/dpskServices/{id}"))
            .header(reqwest::header::CONTENT_TYPE, version)
            .header(reqwest::header::ACCEPT, version)
            .body(
                json!({"name": "P", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 9})
                    .to_string(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        assert_eq!(content_type(&res), version);
        let res = app
            .req(Method::GET, &format!("/dpskServices/{id}"))
            .header(reqwest::header::ACCEPT, version)
            .send()
            .await
            .unwrap();
        assert_eq!(
            (res.status(), content_type(&res)),
            (StatusCode::OK, version.into())
        );
    }
}

#[sqlx::test]
async fn a_pool_read_can_be_written_back_and_absent_members_are_omitted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = pool(&app, "P").await;
    let (_, got) = app.get(&format!("/dpskServices/{id}")).await;
    // Nothing is sent as null: absent values are left out.
    let members: Vec<&String> = got.as_object().unwrap().keys().collect();
    assert!(
        got.as_object().unwrap().values().all(|v| !v.is_null()),
        "{got}"
    );
    for absent in [
        "expirationDate",
        "identityId",
        "identityGroupId",
        "deviceCountLimit",
    ] {
        assert!(got.get(absent).is_none(), "{absent} in {members:?}");
    }
    // The read-only members of a body read back are ignored, not refused.
    let mut back = got.clone();
    back["name"] = json!("Q");
    back["id"] = json!("00000000-0000-0000-0000-000000000000");
    back["createdDate"] = json!("2000-01-01T00:00:00Z");
    back["networkCount"] = json!(7);
    let (status, body) = app.put(&format!("/dpskServices/{id}"), back).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, again) = app.get(&format!("/dpskServices/{id}")).await;
    assert_eq!(again["id"], got["id"]);
    assert_eq!(again["name"], "Q");
    assert_eq!(again["createdDate"], got["createdDate"]);
    assert_eq!(again["networkCount"], 0);
}

#[sqlx::test]
async fn a_query_page_past_every_row_is_a_400_not_an_overflow(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    for path in [
        "/dpskServices/query".to_string(),
        format!("/dpskServices/{pool_id}/passphrases/query"),
    ] {
        let (status, body) = app
            .post(&path, json!({"page": i64::MAX, "pageSize": 10}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(error(&body)["field"], "page", "{path}: {body}");
    }
}
