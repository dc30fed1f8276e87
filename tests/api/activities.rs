use r1::*;
use r1_core::ApiError;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

#[sqlx::test]
async fn a_settled_request_reads_as_success_with_the_vendor_fields(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let accepted = app
        .settle_activity("CreateDpskPool", Ok(Some("pool-1".into())))
        .await
        .unwrap();
    assert_eq!(accepted.id.as_deref(), Some("pool-1"));
    let id = accepted.request_id.to_string();

    let (status, body) = app.get(&format!("/activities/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["requestId"], id);
    assert_eq!(body["tenantId"], TENANT);
    assert_eq!(body["status"], "SUCCESS");
    assert_eq!(body["useCase"], "CreateDpskPool");
    assert_eq!(body["admin"]["name"], "Application r1 bootstrap client");
    assert_eq!(body["steps"][0]["progressType"], "REQUEST");
    assert_eq!(body["steps"][0]["status"], "SUCCESS");
    assert!(body["startDatetime"].is_string());
    assert!(body["endDatetime"].is_string());
    assert_eq!(
        body["descriptionData"],
        json!([{"name": "id", "value": "pool-1"}])
    );

    // The legacy path of the vendor's migration page reads the same.
    let (status, legacy) = app
        .get(&format!("/api/tenant/{TENANT}/activity/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(legacy["requestId"], id);
}

#[sqlx::test]
async fn with_a_delay_activities_read_in_progress_then_settle(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| c.async_delay_ms = 300).await;
    let id = app
        .settle_activity("UpdateDpskPool", Ok(None))
        .await
        .unwrap()
        .request_id
        .to_string();
    let (_, first) = app.get(&format!("/activities/{id}")).await;
    assert_eq!(first["status"], "INPROGRESS");
    assert!(first["endDatetime"].is_null());
    let done = app.wait_activity(&id).await;
    assert_eq!(done["status"], "SUCCESS");
    assert!(done["endDatetime"].is_string());
}

#[sqlx::test]
async fn a_long_delay_keeps_the_activity_in_progress(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| c.async_delay_ms = 600_000).await;
    let id = app
        .settle_activity("UpdateDpskPool", Ok(None))
        .await
        .unwrap()
        .request_id;
    let (_, body) = app.get(&format!("/activities/{id}")).await;
    assert_eq!(body["status"], "INPROGRESS");
    let (_, page) = app
        .post(
            "/activities/query",
            json!({"filters": {"status": ["INPROGRESS"]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 1);
}

#[sqlx::test]
async fn a_failed_operation_is_a_failed_activity_with_the_vendor_error_string(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let err = app
        .settle_activity(
            "CreatePassphrase",
            Err(ApiError::field(
                "passphrase",
                "passphrase",
                "short",
                "length must be between 8 and 63",
            )),
        )
        .await
        .unwrap_err();
    let ApiError::InActivity { request_id, .. } = err else {
        panic!("expected an activity error, got {err:?}");
    };
    let body = app.wait_activity(&request_id.to_string()).await;
    assert_eq!(body["status"], "FAIL");
    let error: serde_json::Value = serde_json::from_str(body["error"].as_str().unwrap()).unwrap();
    assert_eq!(error["requestId"], request_id.to_string());
    let inner: serde_json::Value =
        serde_json::from_str(error["errors"][0].as_str().unwrap()).unwrap();
    let message: serde_json::Value =
        serde_json::from_str(inner["message"].as_str().unwrap()).unwrap();
    assert_eq!(message["subErrors"][0]["field"], "passphrase");
    assert_eq!(message["subErrors"][0]["rejectedValue"], "short");
}

#[sqlx::test]
async fn unknown_and_malformed_activity_ids_are_404(db: PgPool) {
    let app = TestApp::spawn(db).await;
    for id in [uuid::Uuid::new_v4().to_string(), "not-a-uuid".to_string()] {
        let (status, body) = app.get(&format!("/activities/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["errors"][0]["code"], "RESOURCE_NOT_FOUND");
    }
}

#[sqlx::test]
async fn another_tenant_never_sees_an_activity(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let id = app
        .settle_activity("CreateDpskPool", Ok(None))
        .await
        .unwrap()
        .request_id;
    let other = "000000000000000000000000000000cc";
    let token = app.other_tenant(other).await;

    let res = app
        .req_as(&token, Method::GET, &format!("/activities/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Its own tenant id in the legacy path, or the owner's: both 404.
    for tenant in [other, TENANT] {
        let res = app
            .req_as(
                &token,
                Method::GET,
                &format!("/api/tenant/{tenant}/activity/{id}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let (_, page) = read(
        app.req_as(&token, Method::POST, "/activities/query")
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["totalCount"], 0);
    let res = app
        .req_as(
            &token,
            Method::PUT,
            &format!("/activities/{id}/notifications"),
        )
        .json(&json!({"enabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn the_activity_query_pages_from_one_sorts_and_filters(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let mut ids = Vec::new();
    for i in 0..25 {
        let use_case = if i % 5 == 0 {
            "DeletePassphrase"
        } else {
            "CreatePassphrase"
        };
        ids.push(
            app.settle_activity(use_case, Ok(None))
                .await
                .unwrap()
                .request_id
                .to_string(),
        );
    }

    let (status, page) = app
        .post("/activities/query", json!({"page": 3, "pageSize": 10}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalCount"], 25);
    assert_eq!(page["totalPages"], 3);
    assert_eq!(page["page"], 3);
    assert_eq!(page["data"].as_array().unwrap().len(), 5);

    // Page 0 is read as the first page (the SDK starts there).
    let (_, zero) = app
        .post("/activities/query", json!({"page": 0, "pageSize": 10}))
        .await;
    let (_, one) = app
        .post("/activities/query", json!({"page": 1, "pageSize": 10}))
        .await;
    assert_eq!(zero["data"], one["data"]);
    assert_eq!(zero["page"], 1);

    // Oldest first, with the row id the clients read.
    let (_, asc) = app
        .post(
            "/activities/query",
            json!({"pageSize": 1, "sortField": "startDatetime", "sortOrder": "ASC"}),
        )
        .await;
    assert_eq!(asc["data"][0]["id"], ids[0]);

    let (_, by_id) = app
        .post(
            "/activities/query",
            json!({"filters": {"id": [ids[3], ids[7]]}}),
        )
        .await;
    assert_eq!(by_id["totalCount"], 2);

    let (_, by_use_case) = app
        .post(
            "/activities/query",
            json!({"filters": {"useCase": ["DeletePassphrase"]}}),
        )
        .await;
    assert_eq!(by_use_case["totalCount"], 5);

    let (_, searched) = app
        .post(
            "/activities/query",
            json!({"searchString": "delete", "fields": ["status"]}),
        )
        .await;
    assert_eq!(searched["totalCount"], 5);
    // `fields` keeps the named members and those the schema requires; the
    // optional ones it does not name are left out.
    let row = searched["data"][0].as_object().unwrap();
    assert!(row.contains_key("id") && row.contains_key("status"));
    assert!(!row.contains_key("endDatetime") && !row.contains_key("descriptionTemplate"));

    let (_, empty) = app
        .post("/activities/query", json!({"page": 9, "pageSize": 10}))
        .await;
    assert_eq!(empty["data"], json!([]));
    assert_eq!(empty["totalCount"], 25);
}

#[sqlx::test]
async fn the_activity_query_refuses_what_it_cannot_do(db: PgPool) {
    let app = TestApp::spawn(db).await;
    for body in [
        json!({"sortField": "secret"}),
        json!({"pageSize": 0}),
        json!({"page": -1}),
        json!({"unknownMember": true}),
        json!({"filters": {"status": ["DONE"]}}),
    ] {
        let (status, res) = app.post("/activities/query", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(res["errors"][0]["code"], "INVALID_REQUEST", "{body}: {res}");
    }
}

#[sqlx::test]
async fn notifications_and_devices_of_an_activity(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let id = app
        .settle_activity("CreateDpskPool", Ok(None))
        .await
        .unwrap()
        .request_id;
    let (status, body) = app
        .put(
            &format!("/activities/{id}/notifications"),
            json!({"enabled": true, "endpoint": "ops@example.com", "type": "email"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["notification"],
        json!({"enabled": true, "endpoint": "ops@example.com", "type": "email"})
    );

    let (status, body) = app
        .post(
            &format!("/activities/{id}/devices/query"),
            json!({"page": 1, "pageSize": 10}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalCount"], 0);
    assert_eq!(body["data"], json!([]));
}
