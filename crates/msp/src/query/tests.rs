//! The engine's checks and statements, without a database.

use super::{sql::like_pattern, *};
use serde_json::json;

static COLUMNS: [Column; 3] = [
    col("id", "t.id", Kind::Text),
    col("name", "t.name", Kind::Text),
    col("count", "t.count", Kind::Number),
];
static CATALOG: Catalog = Catalog {
    object: "thing",
    columns: &COLUMNS,
    from: "things t",
    scope: "t.tenant_id",
    default_sort: "name",
    key: "id",
    default_search: &["name"],
    search_haystack: None,
    computed: &[],
    never_null: &["id"],
    groupable: &["count"],
    group_rows: "things",
};

fn payload(v: Value) -> DynamicQueryPayloadDto {
    serde_json::from_value(v).unwrap()
}

#[test]
fn unknown_fields_and_sort_keys_are_refused_by_name() {
    let err = plan(
        &CATALOG,
        &payload(json!({"filters": {"nope": ["x"]}, "sortField": "name; drop table"})),
    )
    .unwrap_err();
    let ApiError::Validation(fields) = err else {
        panic!("validation")
    };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["filters", "sortField"]);
}

#[test]
fn check_all_asks_for_every_field() {
    let p = plan(&CATALOG, &payload(json!({"fields": ["check-all", "name"]}))).unwrap();
    assert_eq!(p.fields(), ["id", "name", "count"]);
    let q = plan(&CATALOG, &payload(json!({"fields": ["name"]}))).unwrap();
    assert_eq!(
        q.project(json!({"id": "1", "name": "a", "count": 2})),
        json!({"name": "a"})
    );
}

#[test]
fn client_text_is_bound_never_written_into_the_statement() {
    let p = plan(
        &CATALOG,
        &payload(
            json!({"searchString": "x' OR 1=1", "filters": {"name": ["a'"]},
                         "sortField": "count", "sortOrder": "desc", "page": 2, "pageSize": 5}),
        ),
    )
    .unwrap();
    let sql = p.select_page("t1").into_sql();
    assert!(!sql.contains("OR 1=1"), "{sql}");
    assert!(sql.contains("ORDER BY v.\"count\" DESC"), "{sql}");
    assert_eq!(p.offset(), 5);
}

#[test]
fn pages_and_orders_out_of_range_are_refused() {
    for bad in [
        json!({"page": 0}),
        json!({"pageSize": 0}),
        json!({"pageSize": 10001}),
        json!({"sortOrder": "UP"}),
        json!({"groupBy": "name"}),
        json!({"rangeFilter": {"field": "name", "gte": 1}}),
    ] {
        assert!(plan(&CATALOG, &payload(bad.clone())).is_err(), "{bad}");
    }
}

#[test]
fn like_patterns_match_wildcards_literally() {
    assert_eq!(like_pattern("50%_a"), "%50\\%\\_a%");
}

#[test]
fn the_order_ends_with_the_key_and_search_after_continues_it() {
    let p = plan(
        &CATALOG,
        &payload(json!({"sortField": "count", "sortOrder": "DESC",
                        "search_after": ["3", "t-9"], "page": 4})),
    )
    .unwrap();
    assert_eq!(p.offset(), 0, "a keyset page skips nothing");
    let by_key = plan(
        &CATALOG,
        &payload(json!({"sortField": "id", "search_after": ["t-9"]})),
    )
    .unwrap();
    let sql = by_key.select_page("t1").into_sql();
    assert!(
        sql.contains(r#"AND v."id" >= $2 AND ((v."id" > $3))"#),
        "a key that is never missing bounds an index scan: {sql}"
    );
    let sql = p.select_page("t1").into_sql();
    assert!(
        sql.contains(r#"ORDER BY v."count" DESC NULLS LAST, v."id" ASC NULLS LAST"#),
        "{sql}"
    );
    assert!(
        sql.contains(
            r#"((v."count" < $2 OR v."count" IS NULL) OR (v."count" = $3 AND ((v."id" > $4))))"#
        ),
        "{sql}"
    );
    let next = p.next(
        &payload(json!({"search_after": []})),
        "/things/query",
        true,
        Some(&json!({"id": "t-12", "count": 2, "name": "b"})),
    );
    assert_eq!(
        next[0].payload.search_after,
        Some(vec![json!("2"), json!("t-12")])
    );
    assert_eq!(next[0].payload.page, Some(5));
}

#[test]
fn search_after_of_the_wrong_length_or_type_and_bad_groups_are_refused() {
    for (bad, key) in [
        (json!({"search_after": ["a"]}), "search_after"),
        (
            json!({"sortField": "count", "search_after": ["many", "t-1"]}),
            "search_after",
        ),
        (json!({"search_after": [{"a": 1}, "t-1"]}), "search_after"),
        (json!({"groupBy": "name"}), "groupBy"),
        (json!({"groupBy": "nope"}), "groupBy"),
        (
            json!({"groupBy": "count", "search_after": []}),
            "search_after",
        ),
    ] {
        let Err(ApiError::Validation(fields)) = plan(&CATALOG, &payload(bad.clone())) else {
            panic!("{bad} must be refused");
        };
        assert_eq!(fields[0].field, key, "{bad}");
    }
}

#[test]
fn groups_carry_their_value_count_and_rows() {
    let p = plan(
        &CATALOG,
        &payload(json!({"groupBy": "count", "fields": ["name"]})),
    )
    .unwrap();
    let sql = p.select_groups("t1").unwrap().into_sql();
    assert!(
        sql.contains(r#"GROUP BY v."count" ORDER BY v."count" ASC NULLS LAST"#),
        "{sql}"
    );
    let groups = vec![
        GroupRow {
            key: Some("1".into()),
            value: json!(1),
            count: 2,
        },
        GroupRow {
            key: None,
            value: json!(null),
            count: 1,
        },
    ];
    let rows = vec![
        json!({"id": "a", "name": "A", "count": 1}),
        json!({"id": "b", "name": "B", "count": null}),
        json!({"id": "c", "name": "C", "count": 1}),
    ];
    let rows_sql = p.select_group_rows("t1", &groups).unwrap().into_sql();
    assert!(rows_sql.contains(r#"OR v."count" IS NULL"#), "{rows_sql}");
    assert_eq!(
        p.groups(groups, rows),
        vec![
            json!({"groupedField": "count", "groupedValue": "1", "count": 2,
                   "things": [{"name": "A"}, {"name": "C"}]}),
            json!({"groupedField": "count", "groupedValue": null, "count": 1,
                   "things": [{"name": "B"}]}),
        ]
    );
}
