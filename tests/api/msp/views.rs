//! View MSP queries over DynamicQueryPayloadDto, and the device inventory.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{admin_call, call, create_customer, make_tenant};

#[sqlx::test]
async fn mspecs_query_filters_sorts_searches_projects_and_pages(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let other = make_tenant(&app, "Other MSP", "MSP").await;
    for name in ["Bravo Bakery", "Alpha Apparel", "Charlie Cafe"] {
        create_customer(&app, &msp, name).await;
    }
    create_customer(&app, &other, "Zulu Zoo").await;
    let q = |body| {
        call(
            &app,
            &msp.token,
            Method::POST,
            "/mspecs/query",
            Some(body),
            None,
        )
    };

    let (status, page) = q(
        json!({"sortField": "name", "sortOrder": "DESC", "fields": ["name"],
                                   "page": 1, "pageSize": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["page"], 1);
    assert_eq!(page["fields"], json!(["name"]));
    assert_eq!(
        page["data"],
        json!([{"name": "Charlie Cafe"}, {"name": "Bravo Bakery"}])
    );
    let next = &page["subsequentQueries"][0];
    assert_eq!(next["url"], "/mspecs/query");
    assert_eq!(next["httpMethod"], "POST");
    assert_eq!(next["payload"]["page"], 2);
    let (_, page2) = q(next["payload"].clone()).await;
    assert_eq!(page2["data"], json!([{"name": "Alpha Apparel"}]));
    assert_eq!(page2["subsequentQueries"], json!([]));

    let (_, found) =
        q(json!({"searchString": "caf", "searchTargetFields": ["name"], "fields": ["name"]})).await;
    assert_eq!(found["data"], json!([{"name": "Charlie Cafe"}]));
    let (_, none) = q(json!({"filters": {"tenantType": ["MSP_INTEGRATOR"]}})).await;
    assert_eq!(none["totalCount"], 0);
    let (_, multi) = q(
        json!({"multiSortFields": ["country", "name,DESC"], "fields": ["name"],
                              "mustNotMatchField": [{"field": "name", "value": "Bravo Bakery"}]}),
    )
    .await;
    assert_eq!(
        multi["data"],
        json!([{"name": "Charlie Cafe"}, {"name": "Alpha Apparel"}])
    );
    let (_, all) = q(json!({"fields": ["check-all"], "pageSize": 1})).await;
    let row = all["data"][0].as_object().unwrap();
    for field in [
        "id",
        "name",
        "status",
        "tenantType",
        "mspAdminCount",
        "mspEcAdminCount",
        "mspName",
    ] {
        assert!(row.contains_key(field), "{field}: {all}");
    }
    assert_eq!(all["data"][0]["mspName"], "Acme MSP");

    // Unknown fields and sort keys are refused and never reach SQL.
    for (bad, key) in [
        (json!({"filters": {"password": ["x"]}}), "filters"),
        (
            json!({"sortField": "name; DROP TABLE msp_customers"}),
            "sortField",
        ),
        (json!({"fields": ["secret"]}), "fields"),
        (
            json!({"searchString": "a", "searchTargetFields": ["nope"]}),
            "searchTargetFields",
        ),
        (json!({"pageSize": 0}), "pageSize"),
        (json!({"sortOrder": "sideways"}), "sortOrder"),
        (json!({"sortField": "mspEcAdminCount"}), "sortField"),
    ] {
        let (status, body) = q(bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body["errors"][key].is_object(), "{key}: {body}");
    }
    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({"page": "x"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Only MSPs have customers to list.
    let rec = make_tenant(&app, "Plain Shop", "REC").await;
    let (status, _) = call(
        &app,
        &rec.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn place(
    app: &TestApp,
    tenant: String,
    devices: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    admin_call(
        app,
        Method::POST,
        &format!("/_r1/tenants/{tenant}/inventory"),
        Some(devices),
    )
    .await
}

#[sqlx::test]
async fn the_inventory_reads_devices_placed_in_customers(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let other = make_tenant(&app, "Other MSP", "MSP").await;
    let sales = create_customer(&app, &msp, "Acme Sales").await;
    let labs = create_customer(&app, &msp, "Acme Labs").await;
    let (status, body) = place(
        &app,
        sales.clone(),
        json!([
            {"serialNumber": "AP0001", "deviceType": "AP", "mac": "00:11:22:33:44:01", "model": "R750",
             "venueName": "HQ", "name": "lobby-ap"},
            {"serialNumber": "SW0001", "deviceType": "SWITCH", "mac": "00-11-22-33-44-02", "model": "ICX7150"},
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = place(
        &app,
        labs.clone(),
        json!([{"serialNumber": "AP0002", "deviceType": "AP", "mac": "00:11:22:33:44:03", "model": "R550"}]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    // Bad devices and duplicates are refused whole.
    for bad in [
        json!([{"serialNumber": "AP0009", "deviceType": "ROUTER", "mac": "00:11:22:33:44:09", "model": "X"}]),
        json!([{"serialNumber": "AP0009", "deviceType": "AP", "mac": "zz", "model": "X"}]),
        json!([{"serialNumber": "AP0009", "deviceType": "AP", "mac": "00:11:22:33:44:09", "model": "X"},
               {"serialNumber": "AP0001", "deviceType": "AP", "mac": "00:11:22:33:44:01", "model": "X"}]),
    ] {
        let (status, body) = place(&app, labs.clone(), bad).await;
        assert!(status.is_client_error(), "{body}");
    }
    let (status, _) = call(
        &app,
        &msp.token,
        Method::POST,
        &format!("/_r1/tenants/{labs}/inventory"),
        Some(json!([])),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the local endpoint wants the admin token"
    );

    let path = format!("/msps/{}/ecInventories/query", msp.tenant_id);
    let (status, page) = call(
        &app,
        &msp.token,
        Method::POST,
        &path,
        Some(
            json!({"filters": {"deviceType": ["DVCNWTYPE_WIFI"]}, "sortField": "serialNumber",
                    "sortOrder": "DESC", "fields": ["serialNumber", "apMac", "customerName"]}),
        ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 2);
    assert_eq!(
        page["data"],
        json!([{"serialNumber": "AP0002", "apMac": "00:11:22:33:44:03", "customerName": "Acme Labs"},
               {"serialNumber": "AP0001", "apMac": "00:11:22:33:44:01", "customerName": "Acme Sales"}])
    );
    let (status, _) = call(
        &app,
        &other.token,
        Method::POST,
        &path,
        Some(json!({})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, theirs) = call(
        &app,
        &other.token,
        Method::POST,
        &format!("/msps/{}/ecInventories/query", other.tenant_id),
        Some(json!({})),
        None,
    )
    .await;
    assert_eq!(theirs["totalCount"], 0);

    let res = app
        .req_as(&msp.token, Method::POST, &format!("{path}/csvFiles"))
        .json(&json!({"searchString": "acme sales"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "Device Name,Serial Number,Device Type,Model,MAC Address,Firmware Version,Status,Venue,Customer,Customer Tenant Id",
            &format!("lobby-ap,AP0001,DVCNWTYPE_WIFI,R750,00:11:22:33:44:01,,2_00_Operational,HQ,Acme Sales,{sales}"),
            &format!("SW0001,SW0001,DVCNWTYPE_SWITCH,ICX7150,00:11:22:33:44:02,,2_00_Operational,,Acme Sales,{sales}"),
        ]
    );

    let (status, counts) = call(
        &app,
        &msp.token,
        Method::POST,
        "/tenants/devices/apCounts/query",
        Some(json!({"sortField": "name"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(
        counts["data"],
        json!([{"id": labs, "name": "Acme Labs", "apCount": 1}, {"id": sales, "name": "Acme Sales", "apCount": 1}])
    );
    let (_, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({"fields": ["name", "apCount", "switchCount"], "sortField": "name"})),
        None,
    )
    .await;
    assert_eq!(
        page["data"][1],
        json!({"name": "Acme Sales", "apCount": 1, "switchCount": 1})
    );
}

/// The inventory's default search reads one stored, lower-cased join of its
/// five fields: each field is found, case aside, and nothing is found across
/// the join between two fields; other target fields test each field.
#[sqlx::test]
async fn the_inventory_search_finds_each_default_field_and_never_across_two(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Harbour Lofts").await;
    let (status, body) = admin_call(
        &app,
        Method::POST,
        &format!("/_r1/tenants/{customer}/inventory"),
        Some(json!([
            {"serialNumber": "SN-ALPHA-1", "deviceType": "AP", "mac": "00:11:22:33:44:01",
             "model": "R750", "name": "Lobby AP", "venueName": "North Wing"},
            {"serialNumber": "SN-BRAVO-2", "deviceType": "AP", "mac": "00:11:22:33:44:02",
             "model": "R650", "name": "Roof AP", "venueName": "South Wing"}
        ])),
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
    let search = |body: serde_json::Value| {
        call(
            &app,
            &msp.token,
            Method::POST,
            "/tenants/inventories/query",
            Some(body),
            None,
        )
    };
    let serials = |page: &serde_json::Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["serialNumber"].as_str().unwrap().to_string())
            .collect()
    };
    for (text, expected) in [
        ("sn-alpha", vec!["SN-ALPHA-1"]),
        ("LOBBY", vec!["SN-ALPHA-1"]),
        ("r650", vec!["SN-BRAVO-2"]),
        ("harbour", vec!["SN-ALPHA-1", "SN-BRAVO-2"]),
        ("south", vec!["SN-BRAVO-2"]),
        // The end of one field and the start of the next: no device.
        ("ap r750", vec![]),
        ("1r750", vec![]),
        // LIKE's wildcards match themselves.
        ("r_50", vec![]),
    ] {
        let (status, page) =
            search(json!({"searchString": text, "sortField": "serialNumber"})).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(serials(&page), expected, "searchString {text:?}");
        assert_eq!(page["totalCount"], expected.len(), "searchString {text:?}");
    }
    // A subset of the fields is tested field by field.
    let (_, page) =
        search(json!({"searchString": "wing", "searchTargetFields": ["name", "model"]})).await;
    assert_eq!(page["totalCount"], 0, "{page}");
    let (_, page) =
        search(json!({"searchString": "wing", "searchTargetFields": ["venueName"]})).await;
    assert_eq!(page["totalCount"], 2, "{page}");
    // A search string holding the separator is tested field by field too.
    let (status, page) = search(json!({"searchString": "ap\u{1f}r750"})).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 0, "{page}");
}
