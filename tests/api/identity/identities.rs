use std::collections::HashSet;

use r1::*;
use reqwest::{Method, StatusCode};

use super::{fields, get_identity, group, identity, OTHER};

/// The names of a page's identities, in order.
fn names(page: &serde_json::Value) -> Vec<&str> {
    page["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect()
}

#[sqlx::test]
async fn an_identity_is_created_read_updated_and_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Residents").await;
    let (status, created) = app
        .post(
            &format!("/identityGroups/{g}/identities"),
            json!({
                "name": "alice", "displayName": "Alice", "email": "alice@example.com",
                "phoneNumber": "+15551234567", "description": "unit 101", "vlan": 101,
                "expirationDate": "2030-01-01T00:00:00Z", "primary": true,
                "devices": [{"macAddress": "aa:bb:cc:00:11:22"}],
                // Read-only members are ignored.
                "id": "00000000-0000-0000-0000-000000000000", "groupId": "x", "vni": 5,
                "deviceCount": 9, "createdAt": "2000-01-01T00:00:00Z"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_ne!(id, "00000000-0000-0000-0000-000000000000");
    let activity = app
        .wait_activity(created["requestId"].as_str().unwrap())
        .await;
    assert_eq!(activity["useCase"], "CreateIdentity");
    assert_eq!(activity["status"], "SUCCESS");

    let i = get_identity(&app, &g, id).await;
    assert_eq!(i["groupId"], g);
    assert_eq!(i["name"], "alice");
    assert_eq!(i["displayName"], "Alice");
    assert_eq!(i["email"], "alice@example.com");
    assert_eq!(i["phoneNumber"], "+15551234567");
    assert_eq!(i["vlan"], 101);
    assert_eq!(i["vni"], 1);
    assert_eq!(i["primary"], true);
    assert_eq!(i["revoked"], false);
    assert_eq!(i["expirationDate"], "2030-01-01T00:00:00Z");
    assert_eq!(i["deviceCount"], 1);
    assert_eq!(i["devices"][0]["macAddress"], "AA-BB-CC-00-11-22");
    assert_eq!(i["dpskGuid"], json!(null));
    assert_eq!(i["switches"], json!([]));
    assert_eq!(
        i["_links"]["self"]["href"],
        app.url(&format!("/identityGroups/{g}/identities/{id}"))
    );

    let (status, res) = app
        .patch(
            &format!("/identityGroups/{g}/identities/{id}"),
            json!({"displayName": "Alice B", "vlan": null, "revoked": true, "vni": 77}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{res}");
    let i = get_identity(&app, &g, id).await;
    assert_eq!(i["displayName"], "Alice B");
    assert_eq!(i["vlan"], json!(null));
    assert_eq!(i["revoked"], true);
    assert_eq!(i["vni"], 1);
    assert_eq!(i["email"], "alice@example.com");

    let (status, _) = app
        .delete(&format!("/identityGroups/{g}/identities/{id}"))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = app
        .get(&format!("/identityGroups/{g}/identities/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], "404 NOT_FOUND");
}

#[sqlx::test]
async fn identity_fields_are_checked(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Residents").await;
    let (status, body) = app
        .post(
            &format!("/identityGroups/{g}/identities"),
            json!({"name": "", "description": "d".repeat(256), "displayName": "n".repeat(256),
                   "email": "not-an-email", "vlan": 4095}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], "400 BAD_REQUEST");
    assert_eq!(
        fields(&body),
        ["name", "description", "displayName", "email", "vlan"]
    );
    let (status, _) = app
        .post(
            &format!("/identityGroups/{g}/identities"),
            json!({"vlan": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = app
        .post(
            &format!("/identityGroups/{g}/identities"),
            json!({"name": "n", "vlan": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["vlan"]);
    let id = identity(&app, &g, json!({"name": "ok", "vlan": 4094})).await;
    let (status, body) = app
        .patch(
            &format!("/identityGroups/{g}/identities/{id}"),
            json!({"email": "a@b"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["email"]);
    let (status, _) = app
        .post(
            "/identityGroups/00000000-0000-0000-0000-000000000001/identities",
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn identities_are_listed_per_group_and_across_groups(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let a = group(&app, "A").await;
    let b = group(&app, "B").await;
    for n in ["carol", "alice", "bob"] {
        identity(&app, &a, json!({"name": n})).await;
    }
    identity(&app, &b, json!({"name": "dave"})).await;

    let (status, page) = app
        .get(&format!(
            "/identityGroups/{a}/identities?size=2&sort=name,asc"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalElements"], 3);
    assert_eq!(page["totalPages"], 2);
    assert_eq!(names(&page), ["alice", "bob"]);
    let (_, page) = app
        .get(&format!(
            "/identityGroups/{a}/identities?page=1&size=2&sort=name,asc"
        ))
        .await;
    assert_eq!(page["content"][0]["name"], "carol");
    assert_eq!(page["last"], true);
    assert_eq!(page["totalElements"], 3);
    // Past the end: no rows, and still the true total.
    let (_, page) = app
        .get(&format!("/identityGroups/{a}/identities?page=5&size=2"))
        .await;
    assert_eq!(page["content"], json!([]));
    assert_eq!(page["totalElements"], 3);
    // A page exactly full, then the empty one after it.
    for (n, rows) in [(0, 3), (1, 0)] {
        let (_, page) = app
            .get(&format!("/identityGroups/{a}/identities?page={n}&size=3"))
            .await;
        assert_eq!(page["content"].as_array().unwrap().len(), rows);
        assert_eq!(page["totalElements"], 3, "page {n}");
        assert_eq!(page["totalPages"], 1, "page {n}");
    }

    let (_, page) = app.get("/identities").await;
    assert_eq!(page["totalElements"], 4);
    let (_, g) = app.get(&format!("/identityGroups/{a}")).await;
    assert_eq!(g["identityCount"], 3);
}

#[sqlx::test]
async fn identities_are_queried_by_every_condition(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let a = group(&app, "A").await;
    let b = group(&app, "B").await;
    let alice = identity(
        &app,
        &a,
        json!({"name": "alice", "email": "alice@example.com", "vlan": 10}),
    )
    .await;
    let bob = identity(&app, &a, json!({"name": "bob", "phoneNumber": "555-0100"})).await;
    identity(&app, &b, json!({"name": "carol", "vlan": 10})).await;
    let (status, _) = app
        .put(
            &format!("/identityGroups/{a}/identities/{bob}/venues/v1/ethernetPorts"),
            json!([{"macAddress": "AA-BB-CC-00-11-22", "portIndex": 3, "name": "p3"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let app = &app;
    let query = |body| async move {
        let (status, page) = app.post("/identities/query", body).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let mut names: Vec<String> = page["content"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(query(json!({"groupId": a})).await, ["alice", "bob"]);
    assert_eq!(query(json!({"keyword": "EXAMPLE"})).await, ["alice"]);
    assert_eq!(query(json!({"keyword": "555-01"})).await, ["bob"]);
    assert_eq!(query(json!({"ids": [alice, bob]})).await, ["alice", "bob"]);
    assert_eq!(
        query(json!({"ethernetPort": {"macAddress": "AA-BB-CC-00-11-22", "portIndex": 3}})).await,
        ["bob"]
    );
    assert_eq!(
        query(json!({"filter": {"vlan": 10}})).await,
        ["alice", "carol"]
    );
    assert_eq!(query(json!({"filter": {"name": "ALICE"}})).await, ["alice"]);
    assert_eq!(
        query(json!({"dpskPoolId": "none"})).await,
        Vec::<String>::new()
    );
    assert_eq!(query(json!({"keyword": "%"})).await, Vec::<String>::new());
    // A keyword matches within one field, never across two.
    assert_eq!(query(json!({"keyword": "ice@ex"})).await, ["alice"]);
    assert_eq!(
        query(json!({"keyword": "alice\u{1f}alice@"})).await,
        Vec::<String>::new()
    );
    assert_eq!(
        query(json!({"keyword": "bob555"})).await,
        Vec::<String>::new()
    );

    let (status, body) = app
        .post("/identities/query", json!({"filter": {"password": "x"}}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["filter.password"]);
    let (status, page) = app
        .post("/identities/query?page=0&size=1&sort=name,desc", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["content"][0]["name"], "carol");
    assert_eq!(page["totalPages"], 3);
}

#[sqlx::test]
async fn bulk_delete_takes_an_array_of_ids_all_or_nothing(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let a = identity(&app, &g, json!({"name": "a"})).await;
    let b = identity(&app, &g, json!({"name": "b"})).await;
    let c = identity(&app, &g, json!({"name": "c"})).await;
    let (status, _) = app
        .delete_json(
            &format!("/identityGroups/{g}/identities"),
            json!([a, "00000000-0000-0000-0000-000000000009"]),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app
        .delete_json(&format!("/identityGroups/{g}/identities"), json!([a, b]))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "DeleteIdentities");
    let (_, page) = app.get(&format!("/identityGroups/{g}/identities")).await;
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["id"], c);
}

#[sqlx::test]
async fn vnis_are_distinct_under_concurrent_creation_and_freed_on_delete(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Busy").await;
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
    let vnis: HashSet<i64> = page["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["vni"].as_i64().unwrap())
        .collect();
    assert_eq!(vnis.len(), 50);
    assert_eq!(vnis, (1..=50).collect());

    // Deleting an identity frees its VNI for the next one.
    let holder = page["content"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["vni"] == 7)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.delete(&format!("/identityGroups/{g}/identities/{holder}"))
        .await;
    let id = identity(&app, &g, json!({"name": "next"})).await;
    assert_eq!(get_identity(&app, &g, &id).await["vni"], 7);
}

#[sqlx::test]
async fn the_vni_retry_allocates_a_failed_allocation(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let a = identity(&app, &g, json!({"name": "a"})).await;
    let b = identity(&app, &g, json!({"name": "b"})).await;
    // A failed allocation leaves the identity without a VNI.
    sqlx::query("UPDATE identities SET vni = NULL WHERE id = $1::uuid")
        .bind(&a)
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(get_identity(&app, &g, &a).await["vni"], json!(null));
    let (status, body) = app
        .delete(&format!("/identityGroups/{g}/identities/{a}/vnis"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({}));
    assert_eq!(get_identity(&app, &g, &a).await["vni"], 1);
    assert_eq!(get_identity(&app, &g, &b).await["vni"], 2);
    let (status, _) = app
        .delete(&format!(
            "/identityGroups/{g}/identities/00000000-0000-0000-0000-000000000001/vnis"
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn another_tenants_identity_is_not_found(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Mine").await;
    let id = identity(&app, &g, json!({"name": "alice"})).await;
    let other = app.other_tenant(OTHER).await;
    for (method, path, body) in [
        (
            Method::GET,
            format!("/identityGroups/{g}/identities/{id}"),
            json!(null),
        ),
        (
            Method::PATCH,
            format!("/identityGroups/{g}/identities/{id}"),
            json!({"name": "x"}),
        ),
        (
            Method::DELETE,
            format!("/identityGroups/{g}/identities/{id}"),
            json!(null),
        ),
        (
            Method::DELETE,
            format!("/identityGroups/{g}/identities/{id}/vnis"),
            json!(null),
        ),
        (
            Method::POST,
            format!("/identityGroups/{g}/identities/{id}/devices"),
            json!([{"macAddress": "AA-BB-CC-00-11-22"}]),
        ),
        (
            Method::DELETE,
            format!("/identityGroups/{g}/identities"),
            json!([id]),
        ),
    ] {
        let res = app
            .req_as(&other, method, &path)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = app
        .req_as(
            &other,
            Method::GET,
            &format!("/identityGroups/{g}/identities/{id}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .req_as(&other, Method::POST, "/identities/query")
        .json(&json!({"ids": [id]}))
        .send()
        .await
        .unwrap();
    let (_, page) = read(res).await;
    assert_eq!(page["totalElements"], 0);
    // The identity is untouched.
    assert_eq!(get_identity(&app, &g, &id).await["name"], "alice");
}

#[sqlx::test]
async fn query_and_export_filters_must_name_a_field_and_have_its_type(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    identity(&app, &g, json!({"name": "alice", "vlan": 5})).await;
    for path in ["/identities/query", "/identities/csvFile"] {
        for (filter, field) in [
            (json!({"vlan": "x"}), "filter.vlan"),
            (json!({"revoked": 1}), "filter.revoked"),
            (json!({"name": true}), "filter.name"),
            (json!({"colour": "red"}), "filter.colour"),
        ] {
            let (status, body) = app.post(path, json!({ "filter": filter })).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {filter}: {body}");
            assert_eq!(fields(&body), [field], "{path} {filter}: {body}");
        }
    }
    let (status, page) = app
        .post(
            "/identities/query",
            json!({"filter": {"vlan": 5, "revoked": false}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["content"][0]["name"], "alice");
}

/// A keyword whose common trigrams every identity shares ("guest-") asks the
/// trigram index for its selective part only ("alpha"); the whole keyword
/// still decides, so "host-alpha", which holds only the part, is not found.
#[sqlx::test]
async fn a_keyword_narrowed_to_its_selective_part_stays_exact(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "guests").await;
    for name in GUEST_NAMES {
        identity(&app, &g, json!({"name": name})).await;
    }
    for (keyword, found) in [
        ("guest-alpha", vec!["guest-alpha", "guest-alphabet"]),
        ("GUEST-ALPHABET", vec!["guest-alphabet"]),
        (
            "st-alpha",
            vec!["guest-alpha", "guest-alphabet", "host-alpha"],
        ),
        ("guest-alpha%", vec![]),
        ("guest-zeta", vec![]),
    ] {
        let (status, page) = app
            .post(
                "/identities/query?size=1&sort=name,asc",
                json!({"keyword": keyword}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["totalElements"], found.len(), "keyword {keyword:?}");
        assert_eq!(
            names(&page),
            found.iter().take(1).copied().collect::<Vec<_>>(),
            "keyword {keyword:?}"
        );
    }
}

/// A keyword none of the sampled identities holds is read as every match
/// first, then the page of them: its pages keep the query's order and
/// totals. The three holders sit between the rows the sample reads (eight
/// at each eighth of the creation times).
#[sqlx::test]
async fn a_keyword_few_identities_hold_pages_in_order(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "guests").await;
    sqlx::query(
        "INSERT INTO identities (id, tenant_id, group_id, name, created_at, updated_at)
         SELECT gen_random_uuid(), $1, $2::uuid,
                CASE WHEN n IN (15, 90, 190) THEN 'special-' ELSE 'guest-' END
                    || lpad(n::text, 3, '0'),
                now() - make_interval(secs => 200 - n), now()
           FROM generate_series(0, 199) AS n",
    )
    .bind(TENANT)
    .bind(&g)
    .execute(&app.db)
    .await
    .unwrap();
    for (query, expected, total) in [
        ("page=0&size=2", vec!["special-015", "special-090"], 3),
        ("page=1&size=2", vec!["special-190"], 3),
        ("page=5&size=2", vec![], 3),
        (
            "page=0&size=2&sort=name,desc",
            vec!["special-190", "special-090"],
            3,
        ),
    ] {
        let (status, page) = app
            .post(
                &format!("/identities/query?{query}"),
                json!({"keyword": "SPECIAL"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(
            (names(&page), &page["totalElements"]),
            (expected, &json!(total)),
            "{query}"
        );
    }
}
