//! `search_after` (keyset paging) and `groupBy` over the query views.

use std::collections::HashMap;

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

use super::{admin_call, call, create_customer, make_tenant, Made};

/// Five customers of a new MSP, by name: their ids.
async fn five_customers(app: &TestApp) -> (Made, HashMap<&'static str, String>) {
    let msp = make_tenant(app, "Keyset MSP", "MSP").await;
    let mut ids = HashMap::new();
    for name in ["Echo", "Alpha", "Delta", "Bravo", "Charlie"] {
        ids.insert(name, create_customer(app, &msp, name).await);
    }
    (msp, ids)
}

async fn query(app: &TestApp, msp: &Made, path: &str, body: Value) -> (StatusCode, Value) {
    call(app, &msp.token, Method::POST, path, Some(body), None).await
}

async fn place_aps(app: &TestApp, tenant: &str, serials: &[&str]) {
    let devices: Vec<Value> = serials
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"serialNumber": s, "deviceType": "AP", "mac": format!("00:11:22:33:44:{i:02}"),
                   "model": "R750"})
        })
        .collect();
    let path = format!("/_r1/tenants/{tenant}/inventory");
    let (status, body) = admin_call(app, Method::POST, &path, Some(json!(devices))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

fn names(page: &Value) -> Vec<&str> {
    page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect()
}

#[sqlx::test]
async fn search_after_continues_after_the_sort_values_the_last_page_carries(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (msp, ids) = five_customers(&app).await;

    // An empty search_after starts a keyset walk; each answer's next query
    // carries the last row's sort values (name, then the key), as strings.
    let first = json!({"sortField": "name", "pageSize": 2, "fields": ["name"], "search_after": []});
    let (status, page) = query(&app, &msp, "/mspecs/query", first).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(names(&page), ["Alpha", "Bravo"]);
    assert_eq!(page["totalCount"], 5);
    let next = &page["subsequentQueries"][0];
    assert_eq!(next["url"], "/mspecs/query");
    assert_eq!(
        next["payload"]["search_after"],
        json!(["Bravo", ids["Bravo"]])
    );
    assert_eq!(next["payload"]["page"], 2);
    let (_, page) = query(&app, &msp, "/mspecs/query", next["payload"].clone()).await;
    assert_eq!(names(&page), ["Charlie", "Delta"]);
    assert_eq!(page["page"], 2);
    assert_eq!(
        page["totalCount"], 5,
        "the count ignores where the page starts"
    );
    let next = page["subsequentQueries"][0]["payload"].clone();
    let (_, page) = query(&app, &msp, "/mspecs/query", next).await;
    assert_eq!(names(&page), ["Echo"]);
    assert_eq!(page["subsequentQueries"], json!([]), "the walk ends");

    // Descending, from values a client took from a row itself.
    let (_, page) = query(
        &app,
        &msp,
        "/mspecs/query",
        json!({"sortField": "name", "sortOrder": "DESC", "fields": ["name"],
               "search_after": ["Charlie", ids["Charlie"]]}),
    )
    .await;
    assert_eq!(names(&page), ["Bravo", "Alpha"]);

    // A numeric sort: ties on apCount are broken by the key, and the value
    // may come as the bundle's string or as a number.
    place_aps(&app, &ids["Alpha"], &["KS0001", "KS0002"]).await;
    place_aps(&app, &ids["Bravo"], &["KS0003"]).await;
    let mut zero: Vec<&str> = vec![&ids["Charlie"], &ids["Delta"], &ids["Echo"]];
    zero.sort();
    for value in [json!("1"), json!(1)] {
        let (status, page) = query(
            &app,
            &msp,
            "/mspecs/query",
            json!({"sortField": "apCount", "sortOrder": "DESC", "fields": ["id", "apCount"],
                   "search_after": [value, ids["Bravo"]]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let rows: Vec<(&str, i64)> = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap(), r["apCount"].as_i64().unwrap()))
            .collect();
        assert_eq!(rows, zero.iter().map(|id| (*id, 0)).collect::<Vec<_>>());
    }

    // The inventory's default order is its key alone: one value.
    let (status, page) = query(
        &app,
        &msp,
        "/tenants/inventories/query",
        json!({"search_after": ["KS0001"], "fields": ["serialNumber"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        page["data"],
        json!([{"serialNumber": "KS0002"}, {"serialNumber": "KS0003"}])
    );
    assert_eq!(page["totalCount"], 3);
}

#[sqlx::test]
async fn search_after_of_the_wrong_length_or_type_is_refused(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (msp, ids) = five_customers(&app).await;
    for (bad, message) in [
        (
            json!({"sortField": "name", "search_after": ["Alpha"]}),
            "search_after: must hold 2 values, the sort values of the last row read: name, id",
        ),
        (
            json!({"sortField": "apCount", "search_after": ["many", ids["Alpha"]]}),
            "search_after: the value for apCount must be an integer (or its text)",
        ),
        (
            json!({"sortField": "name", "search_after": [{"name": "Alpha"}, ids["Alpha"]]}),
            "search_after: the value for name must be a string",
        ),
        (
            json!({"sortField": "creationDate", "search_after": ["last week", ids["Alpha"]]}),
            "search_after: the value for creationDate must be a date (RFC 3339 as the row shows it, or UTC milliseconds)",
        ),
        (
            json!({"groupBy": "status", "search_after": []}),
            "search_after: cannot be used with groupBy; groups are paged by page",
        ),
    ] {
        let (status, body) = query(&app, &msp, "/mspecs/query", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        let entry = &body["errors"]["search_after"];
        assert_eq!(entry["message"], message, "{bad}: {body}");
        assert_eq!(entry["object"], "dynamicQueryPayloadDto");
    }
    // A list field is no sort key, so no keyset either.
    let (status, body) = query(
        &app,
        &msp,
        "/mspecs/query",
        json!({"sortField": "mspAdmins", "search_after": [[], "x"]}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["errors"]["sortField"]["message"],
        "sortField: is a list and cannot be sorted by"
    );
}

#[sqlx::test]
async fn group_by_answers_each_value_with_its_count_and_rows(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (msp, ids) = five_customers(&app).await;
    let (status, _) = call(
        &app,
        &msp.token,
        Method::DELETE,
        &format!("/tenantActivations/{}", ids["Echo"]),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The customer list's status is the activation the MSP set.
    let (_, inactive) = query(
        &app,
        &msp,
        "/mspecs/query",
        json!({"filters": {"status": ["Inactive"]}, "fields": ["name", "status"]}),
    )
    .await;
    assert_eq!(
        inactive["data"],
        json!([{"name": "Echo", "status": "Inactive"}])
    );

    let grouped = json!({"groupBy": "status", "sortField": "name", "fields": ["name"]});
    let (status, page) = query(&app, &msp, "/mspecs/query", grouped).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 2, "two groups");
    assert_eq!(page["fields"], json!(["name"]));
    assert_eq!(
        page["data"],
        json!([
            {"groupedField": "status", "groupedValue": "Active", "count": 4,
             "mspEcs": [{"name": "Alpha"}, {"name": "Bravo"}, {"name": "Charlie"}, {"name": "Delta"}]},
            {"groupedField": "status", "groupedValue": "Inactive", "count": 1,
             "mspEcs": [{"name": "Echo"}]},
        ])
    );

    // pageSize pages the groups and bounds each group's rows.
    let (_, page) = query(
        &app,
        &msp,
        "/mspecs/query",
        json!({"groupBy": "status", "sortField": "name", "fields": ["name"], "pageSize": 1}),
    )
    .await;
    assert_eq!(
        page["data"],
        json!([{"groupedField": "status", "groupedValue": "Active", "count": 4,
                "mspEcs": [{"name": "Alpha"}]}])
    );
    let next = page["subsequentQueries"][0]["payload"].clone();
    assert_eq!(next["page"], 2);
    let (_, page) = query(&app, &msp, "/mspecs/query", next).await;
    assert_eq!(page["data"][0]["groupedValue"], "Inactive");
    assert_eq!(page["subsequentQueries"], json!([]));

    // The inventory by device type, a number-valued group, and a filter.
    place_aps(&app, &ids["Alpha"], &["GR0001", "GR0002"]).await;
    let path = format!("/_r1/tenants/{}/inventory", ids["Bravo"]);
    let switch = json!([{"serialNumber": "GR0003", "deviceType": "SWITCH",
                         "mac": "00:11:22:33:55:01", "model": "ICX7150"}]);
    let (status, _) = admin_call(&app, Method::POST, &path, Some(switch)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, page) = query(
        &app,
        &msp,
        "/tenants/inventories/query",
        json!({"groupBy": "deviceType", "fields": ["serialNumber"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        page["data"],
        json!([
            {"groupedField": "deviceType", "groupedValue": "DVCNWTYPE_SWITCH", "count": 1,
             "devices": [{"serialNumber": "GR0003"}]},
            {"groupedField": "deviceType", "groupedValue": "DVCNWTYPE_WIFI", "count": 2,
             "devices": [{"serialNumber": "GR0001"}, {"serialNumber": "GR0002"}]},
        ])
    );
    let (_, page) = query(
        &app,
        &msp,
        "/mspecs/query",
        json!({"groupBy": "apCount", "sortField": "apCount", "sortOrder": "DESC",
               "filters": {"status": ["Active"]}, "fields": ["name"]}),
    )
    .await;
    let counts: Vec<(&Value, &Value)> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (&g["groupedValue"], &g["count"]))
        .collect();
    assert_eq!(
        counts,
        [(&json!("2"), &json!(1)), (&json!("0"), &json!(3)),]
    );
}

#[sqlx::test]
async fn group_by_names_only_the_fields_a_view_groups_by(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Group MSP", "MSP").await;
    create_customer(&app, &msp, "Alpha").await;
    for (path, group, message) in [
        (
            "/mspecs/query".to_string(),
            "password",
            "groupBy: Unknown field password for MspEc",
        ),
        (
            "/mspecs/query".to_string(),
            "name",
            "groupBy: cannot be grouped by; MspEc groups by status, accountType, tenantType, \
             accountTier, city, state, country, postalCode, mspLabel, mspAdminCount, \
             integratorCount, installerCount, apCount, switchCount",
        ),
        (
            "/mspecs/query".to_string(),
            "mspAdmins",
            "groupBy: cannot be grouped by; MspEc groups by status, accountType, tenantType, \
             accountTier, city, state, country, postalCode, mspLabel, mspAdminCount, \
             integratorCount, installerCount, apCount, switchCount",
        ),
        (
            format!("/msps/{}/ecInventories/query/csvFiles", msp.tenant_id),
            "deviceType",
            "groupBy: an export writes rows; it cannot be grouped",
        ),
    ] {
        let (status, body) = query(&app, &msp, &path, json!({"groupBy": group})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{group}: {body}");
        assert_eq!(body["errors"]["groupBy"]["message"], message, "{body}");
        assert_eq!(body["errors"]["groupBy"]["rejectedValue"], group);
    }
}
