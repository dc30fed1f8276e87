//! The vendor's `DynamicQueryPayloadDto`, answered over SQL once for every
//! query operation: a [`Catalog`] names the fields a view serves and the SQL
//! that computes each; [`plan`] checks a payload against it (unknown fields
//! and sort keys are refused with a 400, so no client text ever becomes SQL);
//! the statements (`sql.rs`) are written with bound values only.
//!
//! Rows come back as JSON objects keyed by the vendor's field names, so the
//! `fields` projection is a filter over keys.

use r1_core::{error::FieldError, ApiError};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The marker real clients send in `fields` to ask for every field.
pub const CHECK_ALL: &str = "check-all";
pub const DEFAULT_PAGE_SIZE: i64 = 10;
pub const MAX_PAGE_SIZE: i64 = 10_000;

mod cursor;
mod dto;
mod sql;

pub use cursor::SortValue;
pub use dto::{
    DynamicQueryPayloadDto, HttpMethod, MatchFieldDto, PageByDate, QueryResponse, RangeFilterDto,
    SubsequentQuery,
};
pub use sql::GroupRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// Compared as UTC milliseconds in range filters.
    Time,
    Bool,
    /// An array of ids: filtered by overlap, never sorted or grouped.
    List,
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
    /// A field no two rows of the view share: the order's last key, and how
    /// a page's rows are found again once chosen.
    pub key: &'static str,
    /// Searched when `searchString` comes without `searchTargetFields`.
    pub default_search: &'static [&'static str],
    /// The `default_search` fields joined, lower-cased and stored with a
    /// trigram index (a column of `from`): a search over exactly those
    /// fields tests it alone, one LIKE on stored text per candidate row
    /// instead of lower() of each field.
    pub search_haystack: Option<&'static str>,
    /// Fields filled in after the query (from another domain): they may be
    /// projected, never filtered or sorted.
    pub computed: &'static [&'static str],
    /// Fields that always have a value in this view: `search_after`
    /// compares them without testing for missing values, which lets an
    /// index bound the scan.
    pub never_null: &'static [&'static str],
    /// The fields `groupBy` may name.
    pub groupable: &'static [&'static str],
    /// The member of a group that carries its rows, named as the vendor
    /// names them in its grouped views (`aps` there).
    pub group_rows: &'static str,
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

/// Joins the fields of a catalog's `search_haystack`.
const HAYSTACK_SEPARATOR: char = '\u{1f}';

#[derive(Debug)]
enum Cond {
    In(&'static Column, Vec<String>),
    NotIn(&'static Column, Vec<String>),
    Search(Vec<&'static Column>, String),
    /// A search over exactly the catalog's `default_search` fields, by its
    /// `search_haystack` (tested inside the view, where the column is).
    Haystack(String),
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
    /// The sort keys, the view's key last: what `search_after` continues.
    order: Vec<(&'static Column, bool)>,
    pub page: i64,
    pub page_size: i64,
    /// The projection; empty means every field.
    projection: Vec<String>,
    /// `search_after` was sent (even empty): the client pages by keyset and
    /// the next query carries the last row's sort values.
    keyset: bool,
    /// The sort values to continue after; empty on a keyset's first page.
    after: Vec<SortValue>,
    group: Option<&'static Column>,
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

    /// A field the rows may be ordered by.
    fn sortable(&mut self, what: &str, field: &str) -> Option<&'static Column> {
        let col = self.column(what, field)?;
        if col.kind == Kind::List {
            self.fail(what, field, "is a list and cannot be sorted by");
            return None;
        }
        Some(col)
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
    let conds = conditions(&mut c, p);
    let order = order(&mut c, p);
    let group = p.group_by.as_deref().and_then(|g| {
        let col = c.column("groupBy", g)?;
        if catalog.groupable.contains(&g) {
            Some(col)
        } else {
            let message = format!(
                "cannot be grouped by; {} groups by {}",
                catalog.object,
                catalog.groupable.join(", ")
            );
            c.fail("groupBy", g, &message);
            None
        }
    });
    let keyset = p.search_after.is_some();
    let after = search_after(&mut c, p, &order);
    if keyset && p.group_by.is_some() {
        c.fail(
            "search_after",
            &p.search_after,
            "cannot be used with groupBy; groups are paged by page",
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
    Ok(Plan {
        catalog,
        conds,
        order,
        page,
        page_size,
        projection,
        keyset,
        after,
        group,
    })
}

/// A plan for an export, which writes rows, not groups: `groupBy` is refused.
pub fn plan_export(
    catalog: &'static Catalog,
    p: &DynamicQueryPayloadDto,
) -> Result<Plan, ApiError> {
    if let Some(g) = p.group_by.as_deref() {
        return Err(ApiError::field(
            "dynamicQueryPayloadDto",
            "groupBy",
            g,
            "an export writes rows; it cannot be grouped",
        ));
    }
    plan(catalog, p)
}

fn conditions(c: &mut Checker<'_>, p: &DynamicQueryPayloadDto) -> Vec<Cond> {
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
        let text = text.trim().to_string();
        let targets: Vec<&str> = match &p.search_target_fields {
            Some(fields) if !fields.is_empty() => fields.iter().map(String::as_str).collect(),
            _ => c.catalog.default_search.to_vec(),
        };
        let defaults = c.catalog.default_search;
        // The haystack holds every match of its fields and nothing else, as
        // long as the text cannot span two of them (no separator in it).
        let by_haystack = c.catalog.search_haystack.is_some()
            && !text.contains(HAYSTACK_SEPARATOR)
            && targets.iter().all(|t| defaults.contains(t))
            && defaults.iter().all(|d| targets.contains(d));
        let cols: Vec<&'static Column> = targets
            .into_iter()
            .filter_map(|f| c.column("searchTargetFields", f))
            .collect();
        conds.push(if by_haystack {
            Cond::Haystack(text)
        } else {
            Cond::Search(cols, text)
        });
    }
    conds
}

/// The sort keys: `sortField`, then `multiSortFields`, else the view's
/// default; the view's key last, so that the order is total.
fn order(c: &mut Checker<'_>, p: &DynamicQueryPayloadDto) -> Vec<(&'static Column, bool)> {
    let mut order = Vec::new();
    let desc = descending(p.sort_order.as_deref(), c);
    if let Some(field) = p.sort_field.as_deref().filter(|f| !f.is_empty()) {
        if let Some(col) = c.sortable("sortField", field) {
            order.push((col, desc));
        }
    }
    for entry in p.multi_sort_fields.iter().flatten() {
        // "field" follows sortOrder; "field,DESC" (or ":") names its own.
        let mut parts = entry.splitn(2, [',', ':']);
        let field = parts.next().unwrap_or_default().trim();
        let own = parts.next().map(str::trim);
        let d = match own {
            Some(o) => descending(Some(o), c),
            None => desc,
        };
        if let Some(col) = c.sortable("multiSortFields", field) {
            order.push((col, d));
        }
    }
    if order.is_empty() {
        if let Some(col) = c.catalog.column(c.catalog.default_sort) {
            order.push((col, false));
        }
    }
    let key = c.catalog.column(c.catalog.key);
    if let Some(key) = key.filter(|k| !order.iter().any(|(o, _)| o.field == k.field)) {
        order.push((key, false));
    }
    order
}

/// Reads `search_after`: one value per sort key, each of its field's kind.
fn search_after(
    c: &mut Checker<'_>,
    p: &DynamicQueryPayloadDto,
    order: &[(&'static Column, bool)],
) -> Vec<SortValue> {
    let Some(values) = p.search_after.as_ref().filter(|v| !v.is_empty()) else {
        return Vec::new();
    };
    let names: Vec<&str> = order.iter().map(|(col, _)| col.field).collect();
    if values.len() != order.len() {
        let message = format!(
            "must hold {} values, the sort values of the last row read: {}",
            order.len(),
            names.join(", ")
        );
        c.fail("search_after", values, &message);
        return Vec::new();
    }
    let mut read = Vec::with_capacity(values.len());
    for ((col, _), v) in order.iter().zip(values) {
        match cursor::read(col.kind, v) {
            Some(value) => read.push(value),
            None => {
                let message = format!(
                    "the value for {} must be {}",
                    col.field,
                    cursor::expected(col.kind)
                );
                c.fail("search_after", v, &message);
            }
        }
    }
    read
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

    /// Rows skipped before the page: none when a keyset says where to start.
    pub fn offset(&self) -> i64 {
        if self.keyset {
            0
        } else {
            (self.page - 1).saturating_mul(self.page_size)
        }
    }

    /// Whether the page reads one row beyond its size, to learn whether a
    /// next page exists (a keyset page cannot tell from the count).
    pub fn peeks(&self) -> bool {
        self.keyset
    }

    pub fn is_grouped(&self) -> bool {
        self.group.is_some()
    }

    /// The query for the next page, when there is one. A keyset query
    /// continues after the sort values of `last`, the page's last row.
    pub fn next(
        &self,
        payload: &DynamicQueryPayloadDto,
        url: &str,
        more: bool,
        last: Option<&Value>,
    ) -> Vec<SubsequentQuery> {
        if !more {
            return Vec::new();
        }
        let mut next = payload.clone();
        next.page = Some(self.page + 1);
        next.page_size = Some(self.page_size);
        if self.keyset {
            let values = self
                .order
                .iter()
                .map(|(col, _)| cursor::write(last.and_then(|r| r.get(col.field))))
                .collect();
            next.search_after = Some(values);
        }
        vec![SubsequentQuery {
            fields: self.fields(),
            url: url.to_string(),
            http_method: HttpMethod::Post,
            payload: next,
        }]
    }

    /// Whether rows follow this page, by the count (offset paging).
    pub fn more_after(&self, total: i64) -> bool {
        self.page.saturating_mul(self.page_size) < total
    }

    /// The groups of a grouped page, each with its rows (already projected),
    /// as `{groupedField, groupedValue, count, <rows>}`.
    pub fn groups(&self, groups: Vec<GroupRow>, rows: Vec<Value>) -> Vec<Value> {
        let Some(g) = self.group else {
            return Vec::new();
        };
        let mut members: Vec<Vec<Value>> = groups.iter().map(|_| Vec::new()).collect();
        for row in rows {
            let value = row.get(g.field).cloned().unwrap_or(Value::Null);
            if let Some(i) = groups.iter().position(|gr| gr.value == value) {
                members[i].push(self.project(row));
            }
        }
        groups
            .into_iter()
            .zip(members)
            .map(|(gr, rows)| {
                let mut group = json!({
                    "groupedField": g.field,
                    "groupedValue": cursor::write(Some(&gr.value)),
                    "count": gr.count,
                });
                group[self.catalog.group_rows] = Value::Array(rows);
                group
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
