//! Brand settings, logo files and firmware upgrade schedules.

use r1::*;
use reqwest::{
    multipart::{Form, Part},
    Method, StatusCode,
};
use sqlx::PgPool;

use super::{admin_call, call, create_customer, make_tenant, Made};

#[sqlx::test]
async fn brand_settings_are_added_read_and_updated(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let (status, _) = call(&app, &msp.token, Method::GET, "/brandings", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let brand = json!({"msp_label": "acme-wifi", "msp_fqdn": "wifi.acme.example.com",
        "contact_support_url": "https://support.acme.example.com/", "msp_phone": "408-123-5678",
        "msp_email": "support@acme.example.com", "logo_uuid": "b183ae56e08111e98a342a2ae2dbcce4-001.png"});
    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/brandings",
        Some(brand.clone()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body["requestId"].is_string());
    let (status, view) = call(&app, &msp.token, Method::GET, "/brandings", None, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["msp_label"], "acme-wifi");
    assert_eq!(view["msp_fqdn"], "wifi.acme.example.com");
    assert_eq!(view["msp_tenant_name"], "Acme MSP");

    let (status, _) = call(
        &app,
        &msp.token,
        Method::POST,
        "/brandings",
        Some(brand),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        "/brandings",
        Some(json!({"msp_label": "acme-net", "msp_website": "http://wifi.acme.example.com/"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, view) = call(&app, &msp.token, Method::GET, "/brandings", None, None).await;
    assert_eq!(view["msp_label"], "acme-net");
    assert_eq!(view["msp_website"], "http://wifi.acme.example.com/");
    assert!(
        view["msp_fqdn"].is_null(),
        "a PUT replaces the settings: {view}"
    );

    // The customer view names the MSP's label.
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let (_, c) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenants/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(c["msp_label"], "acme-net");

    for bad in [
        json!({"msp_label": "-bad-"}),
        json!({"msp_label": "ok-label", "contact_support_url": "ftp://x.example.com"}),
        json!({"msp_label": "ok-label", "msp_fqdn": "localhost"}),
        json!({"msp_label": "ok-label", "logo_uuid": "../../etc/passwd x"}),
        json!({}),
    ] {
        let (status, body) = call(
            &app,
            &msp.token,
            Method::PUT,
            "/brandings",
            Some(bad.clone()),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let (_, view) = call(&app, &msp.token, Method::GET, "/brandings", None, None).await;
    assert_eq!(view["msp_label"], "acme-net");

    // A label names one MSP.
    let other = make_tenant(&app, "Other MSP", "MSP").await;
    let (status, body) = call(
        &app,
        &other.token,
        Method::POST,
        "/brandings",
        Some(json!({"msp_label": "acme-net"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["msp_label"].is_object(), "{body}");
}

async fn upload(
    app: &TestApp,
    msp: &Made,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    read(
        app.req_as(&msp.token, Method::POST, "/logoFiles")
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[sqlx::test]
async fn logo_files_are_checked_by_content_and_returned_byte_for_byte(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..=255u8).cycle().take(4000));

    let (status, body) = upload(&app, &msp, "logo.png", png.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    assert!(body["requestId"].is_string());
    assert_eq!(body["logo_file_name"], "logo.png");
    let file_uuid = body["logo_fileuuid"].as_str().unwrap().to_string();
    assert!(file_uuid.ends_with(".png"), "{file_uuid}");

    for name in [id.clone(), file_uuid] {
        let res = app
            .req_as(&msp.token, Method::GET, &format!("/logoFiles/{name}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/png");
        assert_eq!(res.bytes().await.unwrap().to_vec(), png);
    }
    let other = make_tenant(&app, "Other MSP", "MSP").await;
    let (status, _) = call(
        &app,
        &other.token,
        Method::GET,
        &format!("/logoFiles/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let svg =
        br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#;
    let (status, body) = upload(&app, &msp, "logo.svg", svg.to_vec()).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // A GIF named .png is refused: the bytes decide.
    let (status, body) = upload(&app, &msp, "logo.png", b"GIF89a\x01\x00\x01\x00".to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(600 * 1024, 0);
    let (status, body) = upload(&app, &msp, "big.png", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/logoFiles",
        Some(json!({"msp_label": "x"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");

    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM msp_logo_files")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 2);
}

#[sqlx::test]
async fn firmware_upgrade_schedules_are_validated_and_stored_per_customer(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let rival = make_tenant(&app, "Rival MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let theirs = create_customer(&app, &rival, "Rival Sales").await;

    let good = json!({"operation": "AP_FIRMWARE_UPGRADE", "data": {"mspEcList": [customer],
        "autoSchedule": {"days": ["Monday", "Friday"], "timeSlots": ["00:00-02:00"]}}});
    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/firmwareUpgradeSchedules",
        Some(good),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, stored) = admin_call(
        &app,
        Method::GET,
        &format!("/_r1/tenants/{customer}/firmwareUpgradeSchedules"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        stored,
        json!([{"operation": "AP_FIRMWARE_UPGRADE", "schedule": {"autoSchedule":
            {"days": ["Monday", "Friday"], "timeSlots": ["00:00-02:00"]}}}])
    );

    for (bad, field) in [
        (
            json!({"operation": "AP_FIRMWARE_UPGRADE", "data": {"mspEcList": [customer],
            "autoSchedule": {"days": ["Funday"], "timeSlots": ["00:00-02:00"]}}}),
            "data.autoSchedule.days",
        ),
        (
            json!({"operation": "AP_FIRMWARE_UPGRADE", "data": {"mspEcList": [customer],
            "manualSchedule": {"date": "2023-13-40", "timeSlot": "00:00-02:00"}}}),
            "data.manualSchedule.date",
        ),
        (
            json!({"operation": "AP_FIRMWARE_UPGRADE", "data": {"mspEcList": [customer],
            "manualSchedule": {"date": "2023-09-30", "timeSlot": "03:00-01:00"}}}),
            "data.manualSchedule.timeSlot",
        ),
        (
            json!({"operation": "TOASTER_UPGRADE", "data": {"mspEcList": [customer],
            "manualSchedule": {"date": "2023-09-30", "timeSlot": "00:00-02:00"}}}),
            "operation",
        ),
        (
            json!({"operation": "AP_FIRMWARE_UPGRADE", "data": {"mspEcList": []}}),
            "data.mspEcList",
        ),
    ] {
        let (status, body) = call(
            &app,
            &msp.token,
            Method::POST,
            "/firmwareUpgradeSchedules",
            Some(bad),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["errors"][field].is_object(), "{field}: {body}");
    }

    // Another MSP's customer in the list: nothing is stored at all.
    let mixed = json!({"operation": "SWITCH_FIRMWARE_UPGRADE", "data": {"mspEcList": [customer, theirs],
        "manualSchedule": {"date": "2023-09-30", "timeSlot": "00:00-02:00"}}});
    let (status, _) = call(
        &app,
        &msp.token,
        Method::POST,
        "/firmwareUpgradeSchedules",
        Some(mixed),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, stored) = admin_call(
        &app,
        Method::GET,
        &format!("/_r1/tenants/{customer}/firmwareUpgradeSchedules"),
        None,
    )
    .await;
    assert_eq!(stored.as_array().unwrap().len(), 1);
}
