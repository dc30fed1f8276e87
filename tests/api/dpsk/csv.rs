//! CSV export and import of passphrases.

use r1::*;
use reqwest::{
    multipart::{Form, Part},
    Method, StatusCode,
};

use super::{passphrase, pool};

async fn export(
    app: &TestApp,
    pool_id: &str,
    query: &str,
    body: serde_json::Value,
) -> (StatusCode, String, String) {
    let res = app
        .req(
            Method::POST,
            &format!("/dpskServices/{pool_id}/passphrases/query/csvFiles{query}"),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, res.text().await.unwrap())
}

async fn import_raw(app: &TestApp, pool_id: &str, csv: String) -> (StatusCode, serde_json::Value) {
    read(
        app.req(
            Method::POST,
            &format!("/dpskServices/{pool_id}/passphrases/csvFiles"),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap(),
    )
    .await
}

#[sqlx::test]
async fn export_writes_the_columns_quoted_with_dates_in_the_zone(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass,with\"quote", "username": "Müller, Jörg", "vlanId": 7,
               "expirationDate": "2030-06-01T22:30:00Z", "mac": "00:11:22:33:44:55"}),
    )
    .await;
    passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "other-pass", "username": "zed"}),
    )
    .await;
    let (status, ct, text) = export(
        &app,
        &pool_id,
        "?timezone=Asia/Tokyo&date-format=yyyy-MM-dd%20HH:mm",
        json!({"filters": {"username": ["Müller, Jörg"]}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Username,Passphrase,Number of Devices,MAC Address,VLAN ID,VXLAN ID,Expiration Date,\
         Contact Email Address,Contact Phone Number,Status,Revocation Reason,Revocation Date,Created Date"
    );
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with(
            "\"Müller, Jörg\",\"pass,with\"\"quote\",Unlimited,00:11:22:33:44:55,7,,2030-06-02 07:30,,,ACTIVE,,,"
        ),
        "{}",
        lines[1]
    );
    let (status, _, _) = export(&app, &pool_id, "?timezone=Nowhere/Land", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = export(&app, &pool_id, "?date-format=yyyy%20qq", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn import_takes_multipart_and_raw_csv_and_round_trips(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let source = pool(&app, "Source").await;
    for (p, u) in [("pass,one\"x", "Ünïcode, user"), ("pass-two-22", "b")] {
        passphrase(
            &app,
            &source,
            json!({"passphrase": p, "username": u, "vlanId": 9, "numberOfDevices": 3,
                   "email": "a@example.com", "expirationDate": "2031-01-02T03:04:00Z"}),
        )
        .await;
    }
    let (_, _, csv) = export(&app, &source, "", json!({})).await;
    let target = pool(&app, "Target").await;
    let form = Form::new().part(
        "file",
        Part::bytes(csv.into_bytes())
            .file_name("p.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let (status, body) = read(
        app.req(
            Method::POST,
            &format!("/dpskServices/{target}/passphrases/csvFiles"),
        )
        .multipart(form)
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "ImportDpskPassphrases");
    let q = json!({"sortField": "passphrase", "fields": ["passphrase", "username", "vlanId",
        "numberOfDevices", "email", "expirationDate"]});
    let (_, a) = app
        .post(
            &format!("/dpskServices/{source}/passphrases/query"),
            q.clone(),
        )
        .await;
    let (_, b) = app
        .post(&format!("/dpskServices/{target}/passphrases/query"), q)
        .await;
    let strip = |v: &serde_json::Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.as_object_mut().unwrap().remove("id");
                r
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
    assert_eq!(b["data"][1]["expirationDate"], "2031-01-02T03:04:00Z");

    let (status, body) = import_raw(
        &app,
        &target,
        "Username,Passphrase\nnew,pass-three-3\n".into(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = read(
        app.req(
            Method::POST,
            &format!("/dpskServices/{target}/passphrases/csvFiles"),
        )
        .header("content-type", "application/xml")
        .body("<x/>")
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
}

#[sqlx::test]
async fn an_invalid_row_imports_nothing_and_names_row_and_column(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    passphrase(&app, &pool_id, json!({"passphrase": "taken-pass"})).await;
    let csv = "Username,Passphrase,MAC Address,Contact Email Address\n\
               ok,fine-pass-1,,\n\
               bad,short,zz,not-an-email\n";
    let (status, body) = import_raw(&app, &pool_id, csv.into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let named: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["object"].as_str().unwrap().into(),
                e["field"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("row 3".to_string(), "Passphrase".to_string()),
            ("row 3".into(), "MAC Address".into()),
            ("row 3".into(), "Contact Email Address".into()),
        ]
    );
    let (status, body) = import_raw(
        &app,
        &pool_id,
        "Passphrase\nfresh-pass\ntaken-pass\n".into(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["object"], "row 3");
    let (_, page) = app
        .get(&format!("/dpskServices/{pool_id}/passphrases"))
        .await;
    assert_eq!(page["totalElements"], 1);
}

#[sqlx::test]
async fn ten_thousand_rows_import_and_export(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "Big").await;
    let mut csv = String::from("Username,Passphrase,VLAN ID\n");
    for i in 0..10_000 {
        csv.push_str(&format!("user{i},passphrase-{i:05},{}\n", 1 + i % 4094));
    }
    let (status, body) = read(
        app.req(
            Method::POST,
            &format!("/dpskServices/{pool_id}/passphrases/csvFiles?usernamePrefix=g-"),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, page) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases/query"),
            json!({"filters": {"username": ["g-user9999"]}}),
        )
        .await;
    assert_eq!(page["data"][0]["passphrase"], "passphrase-09999");
    let (status, _, text) = export(&app, &pool_id, "", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text.lines().count(), 10_001);
}

#[sqlx::test]
async fn a_text_csv_body_sent_as_a_json_string_is_imported(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let target = pool(&app, "Target").await;
    // What the Python SDK sends: the file JSON-encoded, typed text/csv.
    let csv = "Username,Passphrase\nann,\"abc,defgh1\"\nbob,bobpass99\n";
    let body = serde_json::to_string(csv).unwrap();
    let (status, res) = read(
        app.req(
            Method::POST,
            &format!("/dpskServices/{target}/passphrases/csvFiles"),
        )
        .header(reqwest::header::CONTENT_TYPE, "text/csv")
        .body(body)
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["id"], target.as_str());
    let (_, page) = app
        .post(
            &format!("/dpskServices/{target}/passphrases/query"),
            json!({"sortField": "username", "fields": ["username", "passphrase"]}),
        )
        .await;
    let rows: Vec<(&str, &str)> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["username"].as_str().unwrap(),
                r["passphrase"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("ann", "abc,defgh1"), ("bob", "bobpass99")]);
}

#[sqlx::test]
async fn an_import_with_a_nul_character_is_refused_naming_its_row_and_column(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let csv = "Username,Passphrase\nann,abcdefgh1\nbob,abc\u{0}defgh2\n".to_string();
    let (status, body) = import_raw(&app, &pool_id, csv).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let error = &body["errors"][0];
    assert_eq!(error["object"], "row 3");
    assert_eq!(error["field"], "Passphrase");
    assert!(error["message"].as_str().unwrap().contains("NUL"), "{body}");
    let (_, page) = app
        .post(
            &format!("/dpskServices/{pool_id}/passphrases/query"),
            json!({}),
        )
        .await;
    assert_eq!(page["totalCount"], 0, "nothing is imported: {page}");
}
