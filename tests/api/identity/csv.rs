use r1::*;
use reqwest::{header, Method, StatusCode};

use super::{fields, group, identity};

#[sqlx::test]
async fn an_import_takes_raw_csv_and_multipart_all_or_nothing(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let path = format!("/identityGroups/{g}/identities/csvFile");

    let res = app
        .req(Method::POST, &path)
        .header(header::CONTENT_TYPE, "text/csv")
        .body("name,email,vlan\nalice,alice@example.com,10\nbob,,\n")
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "ImportIdentities");

    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"name,phoneNumber\ncarol,555\n".to_vec())
            .file_name("identities.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let res = app
        .req(Method::POST, &path)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);

    let (_, page) = app
        .get(&format!("/identityGroups/{g}/identities?sort=name,asc"))
        .await;
    assert_eq!(page["totalElements"], 3);
    assert_eq!(page["content"][0]["vlan"], 10);
    assert_eq!(page["content"][2]["phoneNumber"], "555");

    // One bad row: nothing is imported and every bad row is named.
    let res = app
        .req(Method::POST, &path)
        .header(header::CONTENT_TYPE, "text/csv")
        .body("name,email,vlan\ndave,,\n,x@example.com,\nerin,nope,9999\n")
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        fields(&body),
        ["row 3: name", "row 4: email", "row 4: vlan"]
    );
    let (_, page) = app.get(&format!("/identityGroups/{g}/identities")).await;
    assert_eq!(page["totalElements"], 3);

    let res = app
        .req(Method::POST, &path)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = app
        .req(
            Method::POST,
            "/identityGroups/00000000-0000-0000-0000-000000000001/identities/csvFile",
        )
        .header(header::CONTENT_TYPE, "text/csv")
        .body("name\nx\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn identities_and_groups_are_exported(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let a = group(&app, "A").await;
    let b = group(&app, "B").await;
    identity(
        &app,
        &a,
        json!({"name": "alice", "email": "alice@example.com"}),
    )
    .await;
    identity(&app, &b, json!({"name": "bob", "vlan": 20})).await;

    let res = app
        .req(Method::POST, "/identities/csvFile?sort=name,asc")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,groupId,name,displayName,email"));
    assert!(lines[1].contains(",alice,,alice@example.com,"));
    assert!(lines[2].contains(",bob,") && lines[2].contains(",20,"));

    // Per group.
    let res = app
        .req(Method::POST, "/identities/csvFile")
        .json(&json!({"groupId": b}))
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains(",bob,"));

    let res = app
        .req(
            Method::POST,
            "/identityGroups/csvFile?timezone=%2B02:00&date-format=yyyy-MM-dd",
        )
        .json(&json!({"keyword": "a"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].starts_with(&format!("{a},A,,,,,1,")));

    let res = app
        .req(
            Method::POST,
            "/identityGroups/csvFile?timezone=Asia/Tokyo&date-format=d%20MMM%20yyyy",
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let res = app
        .req(Method::POST, "/identityGroups/csvFile?timezone=Nowhere")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
