//! Hostile input for every operation r1 serves, read from the router's own
//! OpenAPI document (so a new route joins by itself): with a valid token,
//! bodies that are nested too deep, too large, not UTF-8, carry NUL, SQL
//! metacharacters, extreme numbers, unknown members or wrong types; path ids
//! that are no ids; query bodies with a huge search text, unknown search
//! targets and sort fields. Each is answered with a 4xx in the API's error
//! shape, never a 5xx, never a hang, and the tenant's data is unchanged.

use std::time::{Duration, Instant};

use r1::*;
use reqwest::Method;
use serde_json::Value;
use sqlx::PgPool;

/// No single hostile request may take longer than this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

const UNKNOWN_MEMBER: &str = "an unknown member full of SQL";

const SQL: &str = "'; DROP TABLE tenants; -- \" OR 1=1 /*";

struct Operation {
    method: Method,
    template: String,
    /// Path parameter names, in order.
    params: Vec<String>,
    /// The members of the JSON request body's schema, with their types.
    members: Vec<(String, String)>,
    has_body: bool,
    /// The body is a CSV file (`text/csv` or a multipart upload).
    csv: bool,
    /// The query-string parameters the document names.
    query: Vec<String>,
    /// Read-only: a `GET` or a `.../query` search, which may answer 2xx.
    read_only: bool,
}

/// The members of a request body schema (`$ref`s resolved, one level).
fn members(doc: &Value, op: &Value) -> Vec<(String, String)> {
    let Some(content) = op["requestBody"]["content"].as_object() else {
        return Vec::new();
    };
    let Some(schema) = content.values().next().map(|c| &c["schema"]) else {
        return Vec::new();
    };
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    };
    schema["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .map(|(name, p)| {
                    let ty = p["type"]
                        .as_str()
                        .or_else(|| p["type"].as_array().and_then(|t| t[0].as_str()))
                        .unwrap_or("object");
                    (name.clone(), ty.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn operations() -> Vec<Operation> {
    let doc = serde_json::to_value(r1_server::openapi()).unwrap();
    let mut ops = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            let params = template
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            let read_only = method == Method::GET || template.ends_with("/query");
            let query = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "query")
                        .filter_map(|p| p["name"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let content = &op["requestBody"]["content"];
            let csv =
                content.get("text/csv").is_some() || content.get("multipart/form-data").is_some();
            ops.push(Operation {
                csv,
                query,
                has_body: op.get("requestBody").is_some(),
                members: members(&doc, op),
                method,
                template: template.clone(),
                params,
                read_only,
            });
        }
    }
    ops
}

/// A path with every parameter a plausible value except `hostile` at `at`.
fn path(op: &Operation, known: &[(&str, &str)], at: Option<(usize, &str)>) -> String {
    let mut path = op.template.clone();
    for (i, name) in op.params.iter().enumerate() {
        let value = match at {
            Some((j, v)) if i == j => v.to_string(),
            _ => match name.as_str() {
                "tenantId" | "mspTenantId" | "customerId" | "integratorId" | "mspEcTenantId" => {
                    TENANT.to_string()
                }
                "macAddress" => "AA-BB-CC-DD-EE-FF".into(),
                "portIndex" => "1".into(),
                // `/identityGroups/{id}/...` names its group `id`.
                "id" if op.template.starts_with("/identityGroups/{id}") => known
                    .iter()
                    .find(|(n, _)| *n == "groupId")
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default(),
                other => known
                    .iter()
                    .find(|(n, _)| *n == other)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            },
        };
        path = path.replacen(&format!("{{{name}}}"), &value, 1);
    }
    path
}

/// A body naming every member of the schema with `value(type)`.
fn each_member(op: &Operation, value: impl Fn(&str) -> Value) -> Vec<u8> {
    let mut map = serde_json::Map::new();
    for (name, ty) in &op.members {
        map.insert(name.clone(), value(ty));
    }
    Value::Object(map).to_string().into_bytes()
}

/// The hostile bodies for an operation that takes one.
fn bodies(op: &Operation) -> Vec<(&'static str, Vec<u8>)> {
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes();
    let mut cases = vec![
        ("10,000 nested arrays", nested),
        ("invalid UTF-8", b"{\"name\":\"\xff\xfe\xfd\"}".to_vec()),
        ("NUL in a string", br#"{"name":"a\u0000b"}"#.to_vec()),
        ("not JSON", b"{\"name\": ".to_vec()),
        ("a string, not an object", br#""x""#.to_vec()),
        ("a number, not an object", b"1e308".to_vec()),
        (
            UNKNOWN_MEMBER,
            format!(r#"{{"{SQL}": "{}"}}"#, SQL.replace('"', "\\\"")).into_bytes(),
        ),
    ];
    // A free-form object (no members in its schema) takes any object, `{}`
    // included: there is no member to get wrong.
    if op.members.is_empty() {
        return with_query_cases(op, cases);
    }
    cases.extend([
        (
            "every member the wrong type",
            each_member(op, |ty| match ty {
                "boolean" => json!("yes"),
                _ => json!(true),
            }),
        ),
        (
            "every number 2^63, every string SQL, the rest wrong",
            each_member(op, |ty| match ty {
                "integer" => json!(9_223_372_036_854_775_808u64),
                "number" => json!(1e308),
                "string" => json!(SQL),
                "boolean" => json!(-1),
                _ => json!(SQL),
            }),
        ),
        (
            "every number -1, every string 100,000 characters",
            each_member(op, |ty| match ty {
                "integer" | "number" => json!(-1),
                "string" => json!("x".repeat(100_000)),
                "array" => json!(["x".repeat(100_000)]),
                _ => json!(-1),
            }),
        ),
    ]);
    with_query_cases(op, cases)
}

/// `cases` and the hostile query bodies, for a search.
fn with_query_cases(
    op: &Operation,
    mut cases: Vec<(&'static str, Vec<u8>)>,
) -> Vec<(&'static str, Vec<u8>)> {
    if op.template.ends_with("/query") {
        // Refused whatever the body's shape: no JSON string is that long.
        let big = "a".repeat(10 * 1024 * 1024);
        cases.push((
            "a 10 MB searchString",
            json!({"searchString": big}).to_string().into_bytes(),
        ));
    }
    // The query body (`QueryRequest`); Identity's searches page in the query
    // string and take other bodies.
    if op.members.iter().any(|(n, _)| n == "searchString") {
        cases.extend([
            (
                "searchTargetFields nope",
                json!({"searchString": "x", "searchTargetFields": ["nope"]})
                    .to_string()
                    .into_bytes(),
            ),
            (
                "an unknown sortField",
                json!({"sortField": SQL}).to_string().into_bytes(),
            ),
            (
                "page 2^63-1",
                json!({"page": i64::MAX, "pageSize": 10})
                    .to_string()
                    .into_bytes(),
            ),
            (
                "page 2^63",
                json!({"page": 9_223_372_036_854_775_808u64})
                    .to_string()
                    .into_bytes(),
            ),
            ("page -1", json!({"page": -1}).to_string().into_bytes()),
            (
                "pageSize 1e308",
                json!({"pageSize": 1e308}).to_string().into_bytes(),
            ),
            (
                "filters of the wrong type",
                json!({"filters": "x"}).to_string().into_bytes(),
            ),
            (
                "an unknown filter",
                json!({"filters": {"nope": [SQL]}}).to_string().into_bytes(),
            ),
            (
                "fields of 100,000 characters",
                json!({"fields": ["x".repeat(100_000)]})
                    .to_string()
                    .into_bytes(),
            ),
        ]);
    }
    cases
}

/// CSV files no import can take, raw and as a multipart upload.
fn csv_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let multipart = |file: &[u8]| {
        let mut body = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n".to_vec();
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n--XyZ--\r\n");
        body
    };
    let nul = b"name,passphrase,username\na\0b,\0,x\n".to_vec();
    let utf8 = b"name,passphrase,username\n\xff\xfe,\xc3\x28,x\n".to_vec();
    let unknown = format!("{SQL},nope\n1,2\n").into_bytes();
    let wide = format!("name,passphrase\n{},x\n", "a".repeat(100_000)).into_bytes();
    let multi = "multipart/form-data; boundary=XyZ";
    vec![
        ("NUL in cells", "text/csv", nul.clone()),
        ("invalid UTF-8", "text/csv", utf8.clone()),
        (
            "only unknown columns, named in SQL",
            "text/csv",
            unknown.clone(),
        ),
        ("a 100,000-character cell", "text/csv", wide),
        ("an empty file", "text/csv", Vec::new()),
        (
            "10,000 empty lines",
            "text/csv",
            "\n".repeat(10_000).into_bytes(),
        ),
        ("multipart: NUL in cells", multi, multipart(&nul)),
        ("multipart: invalid UTF-8", multi, multipart(&utf8)),
        ("multipart: unknown columns", multi, multipart(&unknown)),
        ("multipart: no file part", multi, b"--XyZ--\r\n".to_vec()),
        (
            "multipart: no closing boundary",
            multi,
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nname\n".to_vec(),
        ),
    ]
}

/// [`SQL`] as a query-string value.
const SQL_IN_URL: &str = "%27%3B%20DROP%20TABLE%20tenants%3B%20--%20%22%20OR%201%3D1";

/// Paging parameters of the query string that no page can satisfy.
const QUERY_STRINGS: [(&str, &str); 6] = [
    ("page", "9223372036854775808"),
    ("page", "-1"),
    ("page", "1e308"),
    ("size", "0"),
    ("size", "99999999999"),
    ("sort", "nope%27%3B--,desc"),
];

/// Path parameters that are free text, not ids.
const NOT_IDS: [&str; 1] = ["mspLabel"];

/// Path ids that are no ids.
const BAD_IDS: [(&str, &str); 4] = [
    // With a `!`: ids of resources r1 does not hold (policy sets) may be
    // any word of id characters, so a bare `not-a-uuid` is one of them.
    ("not a UUID", "not-a-uuid!"),
    ("SQL metacharacters", "'%20OR%20'1'='1;--"),
    ("a quote and a semicolon", "1';DROP%20TABLE%20tenants;--"),
    ("encoded NUL", "a%00b"),
];

/// A fingerprint of everything stored: each table's rows, in order. The
/// activity log (checked apart) and the instance registry are left out.
async fn fingerprint(db: &PgPool) -> Vec<(String, String)> {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
           AND table_name NOT IN ('_sqlx_migrations', 'r1_instances', 'activities') \
         ORDER BY table_name",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut out = Vec::new();
    for (table,) in tables {
        let (hash,): (Option<String>,) = sqlx::query_as(&format!(
            "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \"{table}\" t"
        ))
        .fetch_one(db)
        .await
        .unwrap();
        out.push((table, hash.unwrap_or_default()));
    }
    out
}

/// Sends one hostile request; a description of what went wrong, if anything.
async fn check(
    http: &reqwest::Client,
    app: &TestApp,
    op: &Operation,
    case: &str,
    path: &str,
    body: Option<Vec<u8>>,
) -> Option<String> {
    check_as(http, app, op, case, path, "application/json", body).await
}

/// [`check`] with a body of the given type.
async fn check_as(
    http: &reqwest::Client,
    app: &TestApp,
    op: &Operation,
    case: &str,
    path: &str,
    content_type: &str,
    body: Option<Vec<u8>>,
) -> Option<String> {
    let mut req = http
        .request(op.method.clone(), app.url(path))
        .bearer_auth(&app.token);
    if let Some(body) = body {
        req = req.header("content-type", content_type).body(body);
    }
    let label = format!("{} {} ({case})", op.method, op.template);
    let started = Instant::now();
    let res = match req.send().await {
        Ok(res) => res,
        Err(e) => {
            return Some(format!(
                "{label}: no answer within {REQUEST_TIMEOUT:?}: {e}"
            ))
        }
    };
    let (status, body) = read(res).await;
    // Where a read may fairly answer: the search bodies read leniently
    // (Identity's) may ignore an unknown member; a free filter value in the
    // query string may match nothing; the last page there could ever be may
    // be empty (its offset is computed without overflow). Everything else
    // is refused.
    let lenient_read = op.read_only
        && (case == UNKNOWN_MEMBER || (case.starts_with("query string ") && case.contains(": ")))
        || (case == "page 2^63-1"
            && (op.template.contains("/query")
                || op.members.iter().any(|(n, _)| n == "searchString")));
    let allowed = status.is_client_error() || (status.is_success() && lenient_read);
    let rows = body["data"]
        .as_array()
        .or_else(|| body["content"].as_array());
    if status.is_success() && case == "page 2^63-1" && rows.is_some_and(|r| !r.is_empty()) {
        return Some(format!("{label}: rows past the end: {body}"));
    }
    if allowed && (status.is_success() || is_error_body(&body)) {
        return None;
    }
    let text = body.to_string();
    let text: String = text.chars().take(300).collect();
    Some(format!(
        "{label}: {status} after {:?}: {text}",
        started.elapsed()
    ))
}

fn is_error_body(body: &Value) -> bool {
    body.get("errors").is_some() || body.get("message").is_some() || body.get("error").is_some()
}

#[sqlx::test]
async fn every_operation_answers_hostile_input_with_a_4xx_and_keeps_the_data(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| {
        c.rate_limit_tenant_burst = 1_000_000;
        c.rate_limit_tenant_per_second = 1_000_000;
        c.rate_limit_property_burst = 1_000_000;
        c.rate_limit_property_per_second = 1_000_000;
    })
    .await;
    // Some data of the tenant, so that a leak or a change would show.
    let (status, pool) = app
        .post(
            "/dpskServices",
            json!({"name": "hostile-pool", "passphraseLength": 18, "passphraseFormat": "MOST_SECURED"}),
        )
        .await;
    assert!(status.is_success(), "{status}");
    let (status, group) = app
        .post("/identityGroups", json!({"name": "hostile-group"}))
        .await;
    assert!(status.is_success(), "{status}");
    // Real parents, so that a body reaches the code that reads it rather
    // than stopping at a 404 of its parent.
    let (pool, group) = (pool["id"].as_str().unwrap(), group["id"].as_str().unwrap());
    let known = [
        ("poolId", pool),
        ("dpskPoolId", pool),
        ("groupId", group),
        ("identityGroupId", group),
    ];
    // A 202 commits before it answers, so the snapshot sees both.
    // Tenant Management makes the tenant's record on its first use: make it
    // before the snapshot, so that only hostile input could change it.
    let (status, body) = app.get("/tenants/subscriptionPreferences").await;
    assert!(status.is_success(), "{status} {body}");
    let before = fingerprint(&app.db).await;
    let snapshot_at = chrono::Utc::now();

    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap();
    let ops = operations();
    assert!(ops.len() >= 49, "only {} operations found", ops.len());
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut cases = Vec::new();
    let mut csv_cases = Vec::new();
    for op in &ops {
        for (i, name) in op.params.iter().enumerate() {
            // A label whose availability a GET reports: any text is a fair
            // question, and "not available" a fair answer.
            if NOT_IDS.contains(&name.as_str()) {
                continue;
            }
            for (case, id) in BAD_IDS {
                let body = op.has_body.then(|| b"{}".to_vec());
                let case = format!("path id: {case}");
                cases.push((op, case, path(op, &known, Some((i, id))), body));
            }
            let long = "a".repeat(5_000);
            let body = op.has_body.then(|| b"{}".to_vec());
            let case = "path id: 5,000 characters".to_string();
            cases.push((op, case, path(op, &known, Some((i, &long))), body));
        }
        for (name, value) in QUERY_STRINGS {
            if op.query.iter().any(|q| q == name) {
                let body = op.has_body.then(|| b"{}".to_vec());
                let case = format!("query string {name}={value}");
                cases.push((
                    op,
                    case,
                    format!("{}?{name}={value}", path(op, &known, None)),
                    body,
                ));
            }
        }
        // Every other declared query parameter (time zones, date formats):
        // SQL and 5,000 characters. Skipped for CSV uploads, whose JSON test
        // body is refused before any parameter is read.
        let others = op
            .query
            .iter()
            .filter(|q| !["page", "size", "sort"].contains(&q.as_str()) && !op.csv);
        for name in others {
            for (case, value) in [
                ("SQL", SQL_IN_URL.to_string()),
                ("5,000 characters", "a".repeat(5_000)),
            ] {
                let body = op.has_body.then(|| b"{}".to_vec());
                let case = format!("query string {name}: {case}");
                let path = format!("{}?{name}={value}", path(op, &known, None));
                cases.push((op, case, path, body));
            }
        }
        if op.csv {
            for (case, content_type, body) in csv_bodies() {
                let case = format!("CSV: {case}");
                csv_cases.push((op, case, path(op, &known, None), content_type, body));
            }
        } else if op.has_body {
            for (case, body) in bodies(op) {
                cases.push((op, case.to_string(), path(op, &known, None), Some(body)));
            }
        }
    }
    for (op, case, path, body) in &cases {
        if let Some(f) = check(&http, &app, op, case, path, body.clone()).await {
            failures.push(f);
        }
    }
    for (op, case, path, content_type, body) in &csv_cases {
        if let Some(f) = check_as(
            &http,
            &app,
            op,
            case,
            path,
            content_type,
            Some(body.clone()),
        )
        .await
        {
            failures.push(f);
        }
    }
    let sent = cases.len() + csv_cases.len();
    let elapsed = started.elapsed();
    println!(
        "hostile input: {} operations, {sent} requests in {elapsed:.1?}, {} refused wrongly",
        ops.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let after = fingerprint(&app.db).await;
    let changed: Vec<&String> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| &b.0)
        .collect();
    assert!(changed.is_empty(), "hostile input changed {changed:?}");
    // A refused asynchronous operation is recorded as a FAIL activity, as
    // the vendor does; none may have succeeded.
    let (succeeded,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM activities WHERE status <> 'FAIL' AND start_datetime > $1",
    )
    .bind(snapshot_at)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(succeeded, 0, "hostile input was carried out");
}

#[sqlx::test]
async fn a_projected_activity_query_keeps_the_members_the_schema_requires(db: PgPool) {
    let app = TestApp::spawn(db).await;
    app.post("/identityGroups", json!({"name": "g"})).await;
    let (status, body) = app.post("/activities/query", json!({"fields": [""]})).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let row = &body["data"][0];
    for member in ["requestId", "status", "useCase", "startDatetime"] {
        assert!(row.get(member).is_some(), "{member} missing from {row}");
    }

    let (status, body) = app
        .post(
            "/activities/query",
            json!({"searchString": "Identity", "searchTargetFields": ["useCase"]}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    assert_eq!(body["totalCount"], 1);
    let (status, body) = app
        .post(
            "/activities/query",
            json!({"searchString": "Identity", "searchTargetFields": ["nope"]}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{body}");
}
