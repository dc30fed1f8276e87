use r1::*;
use reqwest::{Method, StatusCode};

use super::{fields, group, identity, OTHER};

#[sqlx::test]
async fn a_group_is_created_read_listed_updated_and_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, created) = app
        .post(
            "/identityGroups",
            json!({"name": "Residents", "description": "Tower A", "policySetId": "ps-1",
                   "id": "ignored", "identityCount": 99}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let id = created["id"].as_str().unwrap();
    let activity = app
        .wait_activity(created["requestId"].as_str().unwrap())
        .await;
    assert_eq!(activity["status"], "SUCCESS");
    assert_eq!(activity["useCase"], "CreateIdentityGroup");

    let (status, g) = app.get(&format!("/identityGroups/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(g["name"], "Residents");
    assert_eq!(g["description"], "Tower A");
    assert_eq!(g["policySetId"], "ps-1");
    assert_eq!(g["identityCount"], 0);
    assert_eq!(g["autoCleanupEnabled"], false);
    assert_eq!(
        g["_links"]["self"]["href"],
        app.url(&format!("/identityGroups/{id}"))
    );

    let (status, page) = app.get("/identityGroups?page=0&size=10").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["id"], id);
    assert_eq!(page["pageable"]["pageSize"], 10);

    let (status, res) = app
        .patch(
            &format!("/identityGroups/{id}"),
            json!({"name": "Residents B", "description": null}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{res}");
    let (_, g) = app.get(&format!("/identityGroups/{id}")).await;
    assert_eq!(g["name"], "Residents B");
    assert_eq!(g["description"], json!(null));
    assert_eq!(g["policySetId"], "ps-1");

    let (status, _) = app.delete(&format!("/identityGroups/{id}")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = app.get(&format!("/identityGroups/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], "404 NOT_FOUND");
}

#[sqlx::test]
async fn group_names_are_unique_per_tenant_and_checked(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    group(&app, "Staff").await;
    let (status, body) = app.post("/identityGroups", json!({"name": "Staff"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["status"], "409 CONFLICT");
    assert!(body["requestId"].is_string());
    let (status, body) = app
        .post(
            "/identityGroups",
            json!({"name": "", "description": "x".repeat(256)}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["name", "description"]);

    // Another tenant may use the same name.
    let other = app.other_tenant(OTHER).await;
    let res = app
        .req_as(&other, Method::POST, "/identityGroups")
        .json(&json!({"name": "Staff"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn a_group_with_identities_cannot_be_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Full").await;
    identity(&app, &g, json!({"name": "alice"})).await;
    let (status, body) = app.delete(&format!("/identityGroups/{g}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["status"], "422 UNPROCESSABLE_ENTITY");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "FAIL");
    let (_, g_body) = app.get(&format!("/identityGroups/{g}")).await;
    assert_eq!(g_body["identityCount"], 1);
}

#[sqlx::test]
async fn groups_are_queried_by_keyword_ids_and_associations(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let a = group(&app, "North Tower").await;
    let b = group(&app, "South Tower").await;
    group(&app, "Staff").await;
    let (status, _) = app
        .put(&format!("/identityGroups/{b}/policySets/ps-9"), json!(null))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = app
        .put(
            &format!("/identityGroups/{a}/macRegistrationPools/mrp-1"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let (status, page) = app
        .post(
            "/identityGroups/query?size=5&sort=name,desc",
            json!({"keyword": "tower"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 2);
    assert_eq!(page["content"][0]["name"], "South Tower");
    assert_eq!(page["sort"]["sorted"], true);

    let (_, page) = app
        .post("/identityGroups/query", json!({"policySetId": "ps-9"}))
        .await;
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["id"], b);
    let (_, page) = app
        .post("/identityGroups/query", json!({"groupIds": [a]}))
        .await;
    assert_eq!(page["content"][0]["macRegistrationPoolId"], "mrp-1");
    let (_, page) = app
        .post("/identityGroups/query", json!({"networkId": "n-1"}))
        .await;
    assert_eq!(page["totalElements"], 0);

    let (status, body) = app
        .post("/identityGroups/query?sort=secret,asc", json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["sort"]);

    let (status, _) = app
        .delete(&format!("/identityGroups/{b}/policySets/ps-other"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .delete(&format!("/identityGroups/{b}/policySets/ps-9"))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, g) = app.get(&format!("/identityGroups/{b}")).await;
    assert_eq!(g["policySetId"], json!(null));
}

#[sqlx::test]
async fn another_tenants_group_is_not_found(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "Mine").await;
    let other = app.other_tenant(OTHER).await;
    for (method, path) in [
        (Method::GET, format!("/identityGroups/{g}")),
        (Method::DELETE, format!("/identityGroups/{g}")),
        (Method::PUT, format!("/identityGroups/{g}/policySets/p")),
        (Method::GET, format!("/identityGroups/{g}/identities")),
    ] {
        let res = app.req_as(&other, method, &path).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = app
        .req_as(&other, Method::GET, "/identityGroups")
        .send()
        .await
        .unwrap();
    let (_, page) = read(res).await;
    assert_eq!(page["totalElements"], 0);
    let (status, _) = app.get("/identityGroups/not-a-uuid").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
