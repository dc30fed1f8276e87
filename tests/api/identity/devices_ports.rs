use r1::*;
use reqwest::StatusCode;

use super::{fields, get_identity, group, identity};

#[sqlx::test]
async fn devices_are_added_normalised_listed_and_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let id = identity(&app, &g, json!({"name": "alice"})).await;
    let devices = format!("/identityGroups/{g}/identities/{id}/devices");
    let (status, body) = app
        .post(
            &devices,
            json!([{"macAddress": "aa:bb:cc:00:11:22"}, {"macAddress": "AABB.CC00.1133"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["id"], id);
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "AddIdentityDevices");

    let (status, list) = app.get(&devices).await;
    assert_eq!(status, StatusCode::OK);
    let macs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["macAddress"].as_str().unwrap())
        .collect();
    assert_eq!(macs.len(), 2);
    assert!(macs.contains(&"AA-BB-CC-00-11-22") && macs.contains(&"AA-BB-CC-00-11-33"));
    assert_eq!(list[0]["identityId"], id);
    assert_eq!(get_identity(&app, &g, &id).await["deviceCount"], 2);

    // Adding the same device again changes nothing.
    let (status, _) = app
        .post(&devices, json!([{"macAddress": "AA-BB-CC-00-11-22"}]))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(get_identity(&app, &g, &id).await["deviceCount"], 2);

    let (status, body) = app
        .post(&devices, json!([{"macAddress": "not-a-mac"}]))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&body), ["macAddress"]);

    // A device belongs to one identity.
    let bob = identity(&app, &g, json!({"name": "bob"})).await;
    let (status, body) = app
        .post(
            &format!("/identityGroups/{g}/identities/{bob}/devices"),
            json!([{"macAddress": "aa-bb-cc-00-11-22"}]),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, _) = app.delete(&format!("{devices}/aa:bb:cc:00:11:22")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(get_identity(&app, &g, &id).await["deviceCount"], 1);
    let (status, body) = app.delete(&format!("{devices}/AA-BB-CC-00-11-22")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], "404 NOT_FOUND");
}

#[sqlx::test]
async fn ethernet_ports_are_replaced_per_venue_and_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let id = identity(&app, &g, json!({"name": "alice"})).await;
    let venue = |v: &str| format!("/identityGroups/{g}/identities/{id}/venues/{v}/ethernetPorts");
    let (status, body) = app
        .put(
            &venue("v1"),
            json!([
                {"macAddress": "AA-BB-CC-00-11-22", "portIndex": 1, "name": "p1"},
                {"macAddress": "AA-BB-CC-00-11-22", "portIndex": 2, "name": "p2"}
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["id"], id);
    // The `{"ethernetPorts": [...]}` wrapper a public client sends.
    let (status, _) = app
        .put(
            &venue("v2"),
            json!({"ethernetPorts": [{"macAddress": "AA-BB-CC-00-11-33", "portIndex": 1, "name": "q"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let i = get_identity(&app, &g, &id).await;
    assert_eq!(i["ethernetPorts"].as_array().unwrap().len(), 3);
    assert_eq!(i["ethernetPorts"][0]["identityId"], id);

    // Replacing v1's list leaves v2's alone.
    let (status, _) = app
        .put(
            &venue("v1"),
            json!([{"macAddress": "AA-BB-CC-00-11-22", "portIndex": 5, "name": "p5"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let ports = get_identity(&app, &g, &id).await["ethernetPorts"].clone();
    let indexes: Vec<i64> = ports
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["portIndex"].as_i64().unwrap())
        .collect();
    assert_eq!(indexes, [5, 1]);

    let (status, body) = app
        .put(
            &venue("v1"),
            json!([
                {"macAddress": "aa-bb-cc-00-11-22", "portIndex": 1, "name": "x"},
                {"macAddress": "AA-BB-CC-00-11-22", "name": "x"},
                {"macAddress": "AA-BB-CC-00-11-22", "portIndex": 2, "name": ""},
                {"macAddress": "AA-BB-CC-00-11-22", "portIndex": 3, "name": "n".repeat(256)}
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        fields(&body),
        ["[0].macAddress", "[1].portIndex", "[2].name", "[3].name"]
    );

    // A port belongs to one identity.
    let bob = identity(&app, &g, json!({"name": "bob"})).await;
    let (status, _) = app
        .put(
            &format!("/identityGroups/{g}/identities/{bob}/venues/v1/ethernetPorts"),
            json!([{"macAddress": "AA-BB-CC-00-11-22", "portIndex": 5, "name": "p"}]),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let port = format!("/identityGroups/{g}/identities/{id}/ethernetPorts/AA-BB-CC-00-11-22/5");
    let (status, _) = app.delete(&port).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = app.delete(&port).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let ports = get_identity(&app, &g, &id).await["ethernetPorts"].clone();
    assert_eq!(ports.as_array().unwrap().len(), 1);
}

#[sqlx::test]
async fn external_identities_query_is_an_empty_page(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, page) = app
        .post(
            "/externalIdentities/query?page=0&size=5",
            json!({"ids": ["00000000-0000-0000-0000-000000000001"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalElements"], 0);
    assert_eq!(page["content"], json!([]));
    assert_eq!(page["size"], 5);
}
