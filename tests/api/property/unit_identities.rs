//! Identities linked to units.

use r1::*;
use reqwest::StatusCode;

use super::{property, unit};

#[sqlx::test]
async fn identities_of_the_group_are_linked_queried_and_unlinked(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (v, g, _) = property(&app, "Linden", json!({})).await;
    let u = unit(&app, &v, json!({"name": "1", "resident": {"name": "X"}})).await;
    let (status, body) = app
        .post(
            &format!("/identityGroups/{g}/identities"),
            json!({"name": "roommate"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let roommate = body["id"].as_str().unwrap().to_string();

    let path = format!("/venues/{v}/units/{u}/identities/{roommate}");
    let (status, body) = app.put(&path, json!(null)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"unitId": u, "personaType": "LINKED", "personaId": roommate})
    );
    let (status, _) = app.put(&path, json!(null)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, page) = app
        .post(
            &format!("/venues/{v}/units/identities/query"),
            json!({"page": 1, "pageSize": 10, "sortField": "personaType", "sortOrder": "ASC",
                   "filters": {"unitId": [u]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 2);
    assert_eq!(page["content"][0]["personaType"], "LINKED");
    assert_eq!(page["content"][1]["personaType"], "UNIT");
    let (_, page) = app
        .post(
            &format!("/venues/{v}/units/identities/query"),
            json!({"page": 1, "pageSize": 10, "sortOrder": "ASC", "filters": {"personaType": "LINKED"}}),
        )
        .await;
    assert_eq!(page["totalElements"], 1);
    let (status, _) = app
        .post(
            &format!("/venues/{v}/units/identities/query"),
            json!({"page": 1, "pageSize": 10, "sortOrder": "ASC", "filters": {"personaType": "OWNER"}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Spring-style paging in the query string, as some clients send it.
    let (status, page) = app
        .post(
            &format!("/venues/{v}/units/identities/query?page=1&size=1"),
            json!({"filters": {"unitId": [u]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["number"], 1);
    assert_eq!(page["size"], 1);
    assert_eq!(page["totalElements"], 2);
    assert_eq!(page["content"].as_array().unwrap().len(), 1);

    let (_, got) = app.get(&format!("/venues/{v}/units/{u}")).await;
    assert_eq!(got["identityCount"], 2);
    let persona = got["personaId"].as_str().unwrap();
    let (status, _) = app
        .delete(&format!("/venues/{v}/units/{u}/identities/{persona}"))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the unit's own identity stays"
    );
    let (status, _) = app.delete(&path).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.delete(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get(&format!("/identityGroups/{g}/identities/{roommate}"))
        .await;
    assert_eq!(status, StatusCode::OK, "unlinking keeps the identity");

    let (status, _) = app
        .put(
            &format!("/venues/{v}/units/{u}/identities/00000000-0000-0000-0000-000000000001"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
