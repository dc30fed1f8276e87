//! The vendor's `DynamicQueryPayloadDto`, answered over SQL once for every
//! query operation: a [`Catalog`] names the fields a view serves and the SQL
//! that computes each; [`plan`] checks a payload against it (unknown fields
//! and sort keys are refused with a 400, so no client text ever becomes SQL);
//! [`Plan::push_select`] writes the statement with bound values only.
//!
//! Rows come back as JSON objects keyed by the vendor's field names, so the
//! `fields` projection is a filter over keys.

use r1_core::{error::FieldError, ApiError};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Postgres, QueryBuilder};

/// The marker real clients send in `fields` to ask for every field.
pub const CHECK_ALL: &str = "check-all";
pub const DEFAULT_PAGE_SIZE: i64 = 10;
pub const MAX_PAGE_SIZE: i64 = 10_000;

mod dto;

pub use dto::{
    DynamicQueryPayloadDto, HttpMethod, MatchFieldDto, PageByDate, QueryResponse, RangeFilterDto,
    SubsequentQuery,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// Compared as UTC milliseconds in range filters.
    Time,
    Bool,
}

/// One field a view serves: the vendor's name and the SQL that computes it
/// from the view's `FROM` (a constant of the catalog, never client text).
#[derive(Debug)]
pub struct Column {
    pub field: &'static str,
    pub sql: &'static str,
    pub kind: Kind,
}

pub const fn col(field: &'static str, sql: &'static str, kind: Kind) -> Column {
    Column { field, sql, kind }
}

/// A view the query engine can answer: its fields, its `FROM` and the scope
/// condition (with one bound text parameter: the tenant it is scoped to).
#[derive(Debug)]
pub struct Catalog {
    pub object: &'static str,
    pub columns: &'static [Column],
    /// `FROM ... WHERE <column> = $scope`: e.g. `msp_customers c` and `c.msp_tenant_id`.
    pub from: &'static str,
    pub scope: &'static str,
    /// Sorted by this field unless the payload says otherwise, and by `key` last
    /// so that pages never overlap.
    pub default_sort: &'static str,
    pub key: &'static str,
    /// Searched when `searchString` comes without `searchTargetFields`.
    pub default_search: &'static [&'static str],
    /// Fields filled in after the query (from another domain): they may be
    /// projected, never filtered or sorted.
    pub computed: &'static [&'static str],
}

impl Catalog {
    fn column(&self, field: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    pub fn fields(&self) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| c.field)
            .chain(self.computed.iter().copied())
            .map(str::to_string)
            .collect()
    }
}

#[derive(Debug)]
enum Cond {
    In(&'static Column, Vec<String>),
    NotIn(&'static Column, Vec<String>),
    Search(Vec<&'static Column>, String),
    Range {
        col: &'static Column,
        gte: Option<i64>,
        lte: Option<i64>,
        lt: Option<i64>,
    },
    Present(&'static Column, bool),
}

/// A payload checked against a catalog, ready to be written as SQL.
#[derive(Debug)]
pub struct Plan {
    catalog: &'static Catalog,
    conds: Vec<Cond>,
    order: Vec<(&'static Column, bool)>,
    pub page: i64,
    pub page_size: i64,
    /// The projection; empty means every field.
    projection: Vec<String>,
}

struct Checker<'a> {
    catalog: &'static Catalog,
    errors: Vec<FieldError>,
    object: &'a str,
}

impl Checker<'_> {
    fn column(&mut self, what: &str, field: &str) -> Option<&'static Column> {
        let found = self.catalog.column(field);
        if found.is_none() {
            self.errors.push(FieldError::new(
                self.object,
                what,
                field,
                format!("Unknown field {field} for {}", self.catalog.object),
            ));
        }
        found
    }

    fn fail(&mut self, what: &str, value: impl Serialize, message: &str) {
        self.errors
            .push(FieldError::new(self.object, what, value, message));
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn descending(order: Option<&str>, c: &mut Checker<'_>) -> bool {
    match order.map(str::to_ascii_uppercase).as_deref() {
        None | Some("ASC") => false,
        Some("DESC") => true,
        Some(_) => {
            c.fail("sortOrder", order, "must be ASC or DESC");
            false
        }
    }
}

/// Checks `payload` against `catalog`: every field, sort key, range and page
/// must be known and well formed, or the whole query is refused.
pub fn plan(catalog: &'static Catalog, p: &DynamicQueryPayloadDto) -> Result<Plan, ApiError> {
    let mut c = Checker {
        catalog,
        errors: Vec::new(),
        object: "dynamicQueryPayloadDto",
    };
    let mut conds = Vec::new();
    let maps = [("filters", &p.filters), ("terms", &p.terms)];
    for (what, map) in maps {
        let mut entries: Vec<_> = map.iter().flatten().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (field, values) in entries {
            if let Some(col) = c.column(what, field) {
                conds.push(Cond::In(col, values.iter().map(text_of).collect()));
            }
        }
    }
    let matches = p.match_fields.iter().flatten().chain(p.term_field.iter());
    for m in matches {
        let field = m.field.as_deref().unwrap_or_default();
        if let Some(col) = c.column("matchFields", field) {
            conds.push(Cond::In(col, vec![m.value.clone().unwrap_or_default()]));
        }
    }
    for m in p.must_not_match_field.iter().flatten() {
        let field = m.field.as_deref().unwrap_or_default();
        if let Some(col) = c.column("mustNotMatchField", field) {
            conds.push(Cond::NotIn(col, vec![m.value.clone().unwrap_or_default()]));
        }
    }
    for (what, range) in [
        ("rangeFilter", &p.range_filter),
        ("rangeDateFilter", &p.range_date_filter),
    ] {
        let Some(r) = range else { continue };
        let field = r.field.as_deref().unwrap_or_default();
        if let Some(col) = c.column(what, field) {
            if !matches!(col.kind, Kind::Number | Kind::Time) {
                c.fail(what, field, "is not a numeric or date field");
            }
            conds.push(Cond::Range {
                col,
                gte: r.gte,
                lte: r.lte,
                lt: r.lt,
            });
        }
    }
    let presence = [
        ("mustHaveFields", &p.must_have_fields, true),
        ("mustNotHaveFields", &p.must_not_have_fields, false),
    ];
    for (what, fields, present) in presence {
        for field in fields.iter().flatten() {
            if let Some(col) = c.column(what, field) {
                conds.push(Cond::Present(col, present));
            }
        }
    }
    if let Some(field) = p.exists.as_deref() {
        if let Some(col) = c.column("exists", field) {
            conds.push(Cond::Present(col, true));
        }
    }
    if let Some(text) = p.search_string.as_deref().filter(|s| !s.trim().is_empty()) {
        let targets: Vec<&str> = match &p.search_target_fields {
            Some(fields) if !fields.is_empty() => fields.iter().map(String::as_str).collect(),
            _ => catalog.default_search.to_vec(),
        };
        let cols = targets
            .into_iter()
            .filter_map(|f| c.column("searchTargetFields", f))
            .collect();
        conds.push(Cond::Search(cols, text.trim().to_string()));
    }
    let mut order = Vec::new();
    let desc = descending(p.sort_order.as_deref(), &mut c);
    if let Some(field) = p.sort_field.as_deref().filter(|f| !f.is_empty()) {
        if let Some(col) = c.column("sortField", field) {
            order.push((col, desc));
        }
    }
    for entry in p.multi_sort_fields.iter().flatten() {
        // "field" follows sortOrder; "field,DESC" (or ":") names its own.
        let mut parts = entry.splitn(2, [',', ':']);
        let field = parts.next().unwrap_or_default().trim();
        let own = parts.next().map(str::trim);
        let d = match own {
            Some(o) => descending(Some(o), &mut c),
            None => desc,
        };
        if let Some(col) = c.column("multiSortFields", field) {
            order.push((col, d));
        }
    }
    if let Some(g) = p.group_by.as_deref() {
        c.fail("groupBy", g, "grouping is not supported by this view");
    }
    if p.search_after.as_ref().is_some_and(|s| !s.is_empty()) {
        c.fail(
            "search_after",
            &p.search_after,
            "is not supported by this view; use page",
        );
    }
    let page = p.page.unwrap_or(1);
    if page < 1 {
        c.fail("page", page, "must be 1 or more");
    }
    let page_size = p.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        c.fail("pageSize", page_size, "must be between 1 and 10000");
    }
    let mut projection = Vec::new();
    let wanted = p.fields.iter().flatten();
    if !p.fields.iter().flatten().any(|f| f == CHECK_ALL) {
        for f in wanted {
            if catalog.computed.contains(&f.as_str()) || c.column("fields", f).is_some() {
                projection.push(f.clone());
            }
        }
    }
    if !c.errors.is_empty() {
        return Err(ApiError::Validation(c.errors));
    }
    if order.is_empty() {
        if let Some(col) = catalog.column(catalog.default_sort) {
            order.push((col, false));
        }
    }
    Ok(Plan {
        catalog,
        conds,
        order,
        page,
        page_size,
        projection,
    })
}

/// `%` and `_` in a search string match themselves.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Plan {
    /// The fields the answer names: the projection, or all of them.
    pub fn fields(&self) -> Vec<String> {
        if self.projection.is_empty() {
            self.catalog.fields()
        } else {
            self.projection.clone()
        }
    }

    /// Whether the answer carries this field.
    pub fn wants(&self, field: &str) -> bool {
        self.projection.is_empty() || self.projection.iter().any(|p| p == field)
    }

    /// Keeps only the projected fields of a row.
    pub fn project(&self, row: Value) -> Value {
        match row {
            Value::Object(map) if !self.projection.is_empty() => Value::Object(
                map.into_iter()
                    .filter(|(k, _)| self.projection.iter().any(|p| p == k))
                    .collect::<Map<_, _>>(),
            ),
            other => other,
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.page_size)
    }

    /// `SELECT ... FROM (the view scoped to `scope`) v WHERE <conditions>`.
    fn push_from<'a>(&self, qb: &mut QueryBuilder<'a, Postgres>, scope: &'a str) {
        qb.push(" FROM (SELECT ");
        for (i, col) in self.catalog.columns.iter().enumerate() {
            if i > 0 {
                qb.push(", ");
            }
            qb.push(col.sql).push(" AS \"").push(col.field).push("\"");
        }
        qb.push(" FROM ")
            .push(self.catalog.from)
            .push(" WHERE ")
            .push(self.catalog.scope)
            .push(" = ")
            .push_bind(scope)
            .push(") v WHERE true");
        for cond in &self.conds {
            push_cond(qb, cond);
        }
    }

    /// The rows of the page, as JSON objects.
    pub fn select_page<'a>(&self, scope: &'a str) -> QueryBuilder<'a, Postgres> {
        let mut qb = QueryBuilder::new("SELECT to_jsonb(v)");
        self.push_from(&mut qb, scope);
        qb.push(" ORDER BY ");
        for (col, desc) in &self.order {
            push_field(&mut qb, col);
            qb.push(if *desc {
                " DESC NULLS LAST, "
            } else {
                " ASC NULLS LAST, "
            });
        }
        qb.push("v.\"").push(self.catalog.key).push("\"");
        qb.push(" LIMIT ")
            .push_bind(self.page_size)
            .push(" OFFSET ")
            .push_bind(self.offset());
        qb
    }

    /// Every matching row in the page's order, for exports.
    pub fn select_all<'a>(&self, scope: &'a str) -> QueryBuilder<'a, Postgres> {
        let mut qb = QueryBuilder::new("SELECT to_jsonb(v)");
        self.push_from(&mut qb, scope);
        qb.push(" ORDER BY ");
        for (col, desc) in &self.order {
            push_field(&mut qb, col);
            qb.push(if *desc { " DESC, " } else { " ASC, " });
        }
        qb.push("v.\"").push(self.catalog.key).push("\"");
        qb
    }

    pub fn count<'a>(&self, scope: &'a str) -> QueryBuilder<'a, Postgres> {
        let mut qb = QueryBuilder::new("SELECT count(*)");
        self.push_from(&mut qb, scope);
        qb
    }

    /// The query for the next page, when there is one.
    pub fn next(
        &self,
        payload: &DynamicQueryPayloadDto,
        url: &str,
        total: i64,
    ) -> Vec<SubsequentQuery> {
        if self.page.saturating_mul(self.page_size) >= total {
            return Vec::new();
        }
        let mut next = payload.clone();
        next.page = Some(self.page + 1);
        next.page_size = Some(self.page_size);
        vec![SubsequentQuery {
            fields: self.fields(),
            url: url.to_string(),
            http_method: HttpMethod::Post,
            payload: next,
        }]
    }
}

fn push_field(qb: &mut QueryBuilder<'_, Postgres>, col: &Column) {
    qb.push("v.\"").push(col.field).push("\"");
}

fn push_cond(qb: &mut QueryBuilder<'_, Postgres>, cond: &Cond) {
    match cond {
        Cond::In(col, values) => {
            qb.push(" AND ");
            push_field(qb, col);
            qb.push("::text = ANY(").push_bind(values.clone()).push(")");
        }
        Cond::NotIn(col, values) => {
            qb.push(" AND (");
            push_field(qb, col);
            qb.push(" IS NULL OR NOT (");
            push_field(qb, col);
            qb.push("::text = ANY(")
                .push_bind(values.clone())
                .push(")))");
        }
        Cond::Search(cols, text) => {
            qb.push(" AND (false");
            for col in cols {
                qb.push(" OR ");
                push_field(qb, col);
                qb.push("::text ILIKE ").push_bind(like_pattern(text));
            }
            qb.push(")");
        }
        Cond::Range { col, gte, lte, lt } => {
            let bounds = [(">=", gte), ("<=", lte), ("<", lt)];
            for (op, bound) in bounds {
                let Some(v) = bound else { continue };
                qb.push(" AND ");
                if col.kind == Kind::Time {
                    qb.push("(extract(epoch FROM ");
                    push_field(qb, col);
                    qb.push(") * 1000)");
                } else {
                    push_field(qb, col);
                }
                qb.push(" ").push(op).push(" ").push_bind(*v);
            }
        }
        Cond::Present(col, present) => {
            qb.push(" AND ");
            push_field(qb, col);
            qb.push(if *present { " IS NOT NULL" } else { " IS NULL" });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        computed: &[],
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
}
