//! The vendor's two paging styles.
//!
//! * Spring `Page`: `GET ...?page=0&size=20&sort=name,desc` answered with
//!   `{content, pageable, totalElements, totalPages, ...}`; pages from 0.
//! * Query bodies: `POST .../query` with `{fields, page, pageSize, sortField,
//!   sortOrder, searchString, searchTargetFields, filters}` answered with
//!   `{fields, totalCount, totalPages, page, data}`; pages from 1, and 0 is
//!   read as the first page too (docs/behaviour.md, "Paging").
//!
//! Sorting is always checked against a per-resource allow-list that maps the
//! vendor's field name to a SQL column, so no client text reaches SQL.

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Postgres, QueryBuilder};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

mod search;
mod slice;
pub use search::{escape_like, push_contained_in_any};
pub use slice::Slice;

/// Vendor field name → SQL column, for the fields a resource can be sorted by.
pub type SortFields = &'static [(&'static str, &'static str)];

/// A checked `ORDER BY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order(Vec<(&'static str, bool)>);

impl Order {
    pub fn by(column: &'static str, descending: bool) -> Self {
        Order(vec![(column, descending)])
    }

    /// Appends `ORDER BY ...`, ending with `tiebreak` so pages are stable.
    pub fn push(&self, qb: &mut QueryBuilder<'_, Postgres>, tiebreak: &'static str) {
        qb.push(" ORDER BY ");
        for (column, descending) in &self.0 {
            qb.push(*column)
                .push(if *descending { " DESC, " } else { " ASC, " });
        }
        qb.push(tiebreak).push(" ASC");
    }

    /// The sort as Spring reports it.
    fn spring(&self) -> SortObject {
        SortObject {
            empty: self.0.is_empty(),
            sorted: !self.0.is_empty(),
            unsorted: self.0.is_empty(),
        }
    }
}

/// Appends `LIMIT ... OFFSET ...` for one page; no limit reads every row from
/// `offset` on.
pub fn push_limit_offset(qb: &mut QueryBuilder<'_, Postgres>, limit: Option<i64>, offset: i64) {
    if let Some(limit) = limit {
        qb.push(" LIMIT ").push_bind(limit);
    }
    qb.push(" OFFSET ").push_bind(offset);
}

fn resolve(
    allowed: SortFields,
    field: &str,
    descending: bool,
) -> Result<(&'static str, bool), ApiError> {
    allowed
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, column)| (*column, descending))
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
            ApiError::field(
                "sort",
                "sort",
                field,
                format!(
                    "cannot sort by {field:?}; sortable fields: {}",
                    names.join(", ")
                ),
            )
        })
}

/// Spring `Pageable` from the query string: `page` (from 0), `size` and any
/// number of `sort=field[,asc|desc]`.
#[derive(Debug, Clone, PartialEq, Eq, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pageable {
    /// Zero-based page index.
    #[param(minimum = 0, default = 0, required = false)]
    pub page: u32,
    /// The size of the page to be returned.
    #[param(minimum = 1, maximum = 2000, default = 20, required = false)]
    pub size: u32,
    /// `property,(asc|desc)`; may be repeated.
    #[param(inline, required = false)]
    pub sort: Vec<String>,
}

impl Pageable {
    pub const DEFAULT_SIZE: u32 = 20;
    /// Spring Data's own ceiling on `size`.
    pub const MAX_SIZE: u32 = 2000;

    pub fn parse(query: &str) -> Result<Self, ApiError> {
        let mut pageable = Pageable {
            page: 0,
            size: Self::DEFAULT_SIZE,
            sort: Vec::new(),
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "page" => {
                    pageable.page = value.parse().map_err(|_| {
                        ApiError::field(
                            "pageable",
                            "page",
                            value.as_ref(),
                            "must be an integer of at least 0",
                        )
                    })?
                }
                "size" => {
                    pageable.size = value
                        .parse()
                        .ok()
                        .filter(|s| (1..=Self::MAX_SIZE).contains(s))
                        .ok_or_else(|| {
                            ApiError::field(
                                "pageable",
                                "size",
                                value.as_ref(),
                                "must be an integer from 1 to 2000",
                            )
                        })?
                }
                "sort" if !value.is_empty() => pageable.sort.push(value.into_owned()),
                _ => {}
            }
        }
        Ok(pageable)
    }

    /// The checked order; `default` applies when the client sent no sort.
    pub fn order(&self, allowed: SortFields, default: Order) -> Result<Order, ApiError> {
        if self.sort.is_empty() {
            return Ok(default);
        }
        let mut specs = Vec::new();
        for s in &self.sort {
            let (field, direction) = s.split_once(',').unwrap_or((s.as_str(), "asc"));
            let descending = match direction.to_ascii_lowercase().as_str() {
                "asc" => false,
                "desc" => true,
                _ => {
                    return Err(ApiError::field(
                        "sort",
                        "sort",
                        s,
                        "direction must be asc or desc",
                    ))
                }
            };
            specs.push(resolve(allowed, field.trim(), descending)?);
        }
        Ok(Order(specs))
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page) * i64::from(self.size)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Pageable {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Pageable::parse(parts.uri.query().unwrap_or_default())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct SortObject {
    pub empty: bool,
    pub sorted: bool,
    pub unsorted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PageableObject {
    pub offset: i64,
    pub sort: SortObject,
    pub page_number: u32,
    pub page_size: u32,
    pub paged: bool,
    pub unpaged: bool,
}

/// Spring Data's `Page`, as the bundles' `Page*` schemas declare it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub content: Vec<T>,
    pub pageable: PageableObject,
    pub total_elements: i64,
    pub total_pages: i64,
    pub last: bool,
    pub size: u32,
    pub number: u32,
    pub sort: SortObject,
    pub number_of_elements: usize,
    pub first: bool,
    pub empty: bool,
}

impl<T> Page<T> {
    pub fn new(content: Vec<T>, total_elements: i64, pageable: &Pageable, order: &Order) -> Self {
        let size = pageable.size;
        let total_pages = (total_elements + i64::from(size) - 1) / i64::from(size);
        let number = pageable.page;
        Page {
            number_of_elements: content.len(),
            empty: content.is_empty(),
            content,
            pageable: PageableObject {
                offset: pageable.offset(),
                sort: order.spring(),
                page_number: number,
                page_size: size,
                paged: true,
                unpaged: false,
            },
            total_elements,
            total_pages,
            first: number == 0,
            last: i64::from(number) + 1 >= total_pages,
            size,
            number,
            sort: order.spring(),
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            content: self.content.into_iter().map(f).collect(),
            pageable: self.pageable,
            total_elements: self.total_elements,
            total_pages: self.total_pages,
            last: self.last,
            size: self.size,
            number: self.number,
            sort: self.sort,
            number_of_elements: self.number_of_elements,
            first: self.first,
            empty: self.empty,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum SortOrder {
    #[serde(alias = "asc")]
    ASC,
    #[serde(alias = "desc")]
    DESC,
}

/// The body of `POST .../query`. Unknown members are refused with 400 (the
/// real service answers 500 to them; docs/behaviour.md).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueryRequest<F> {
    /// Limits the fields returned in each row.
    pub fields: Option<Vec<String>>,
    /// Page number from 1 (0 reads as 1).
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub sort_field: Option<String>,
    pub sort_order: Option<SortOrder>,
    pub search_string: Option<String>,
    pub search_target_fields: Option<Vec<String>>,
    pub filters: Option<F>,
}

impl<F> Default for QueryRequest<F> {
    fn default() -> Self {
        QueryRequest {
            fields: None,
            page: None,
            page_size: None,
            sort_field: None,
            sort_order: None,
            search_string: None,
            search_target_fields: None,
            filters: None,
        }
    }
}

/// Where a query page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The 1-based page, as echoed back.
    pub page: i64,
    pub page_size: i64,
}

impl Window {
    pub fn limit(&self) -> i64 {
        self.page_size
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.page_size
    }
}

impl<F> QueryRequest<F> {
    pub const DEFAULT_PAGE_SIZE: i64 = 10;
    pub const MAX_PAGE_SIZE: i64 = 10_000;

    pub fn window(&self) -> Result<Window, ApiError> {
        let page = match self.page {
            None | Some(0) => 1,
            Some(p) if p > 0 => p,
            Some(p) => return Err(ApiError::field("query", "page", p, "must be at least 1")),
        };
        let page_size = match self.page_size {
            None => Self::DEFAULT_PAGE_SIZE,
            Some(s) if (1..=Self::MAX_PAGE_SIZE).contains(&s) => s,
            Some(s) => {
                return Err(ApiError::field(
                    "query",
                    "pageSize",
                    s,
                    "must be from 1 to 10000",
                ))
            }
        };
        // A page past i64 rows would overflow the offset.
        if (page - 1).checked_mul(page_size).is_none() {
            return Err(ApiError::field("query", "page", page, "is too large"));
        }
        Ok(Window { page, page_size })
    }

    /// The checked order; `default` applies without a `sortField`.
    pub fn order(&self, allowed: SortFields, default: Order) -> Result<Order, ApiError> {
        let descending = self.sort_order == Some(SortOrder::DESC);
        match self.sort_field.as_deref().filter(|f| !f.is_empty()) {
            None => Ok(match self.sort_order {
                Some(_) => Order(
                    default
                        .0
                        .into_iter()
                        .map(|(c, _)| (c, descending))
                        .collect(),
                ),
                None => default,
            }),
            Some(field) => Ok(Order(vec![resolve(allowed, field, descending).map_err(
                |_| {
                    let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
                    ApiError::field(
                        "query",
                        "sortField",
                        field,
                        format!(
                            "cannot sort by {field:?}; sortable fields: {}",
                            names.join(", ")
                        ),
                    )
                },
            )?])),
        }
    }

    /// The search text, if any, with the target fields checked against
    /// `allowed` (vendor name → column). No target fields means all of them.
    pub fn search(
        &self,
        allowed: SortFields,
    ) -> Result<Option<(String, Vec<&'static str>)>, ApiError> {
        let Some(text) = self
            .search_string
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return Ok(None);
        };
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(ApiError::field(
                "query",
                "searchString",
                Value::Null,
                format!("must be at most {MAX_SEARCH_CHARS} characters"),
            ));
        }
        let columns = match &self.search_target_fields {
            Some(targets) if !targets.is_empty() => targets
                .iter()
                .map(|t| {
                    resolve(allowed, t, false).map(|(c, _)| c).map_err(|_| {
                        ApiError::field(
                            "query",
                            "searchTargetFields",
                            t,
                            "is not a searchable field",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => allowed.iter().map(|(_, c)| *c).collect(),
        };
        Ok(Some((text.to_string(), columns)))
    }

    /// The answer of the query: `rows` (one page of `total_count`) as JSON,
    /// keeping only the requested `fields`.
    /// Each row keeps the members its schema requires whatever `fields`
    /// says, so a projected row is still a valid row of the vendor's schema.
    pub fn respond<T: Serialize + utoipa::PartialSchema>(
        &self,
        window: Window,
        total_count: i64,
        rows: impl IntoIterator<Item = T>,
    ) -> Result<QueryResponse<Value>, ApiError> {
        let data = rows
            .into_iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()
            .map_err(ApiError::internal)?;
        Ok(QueryResponse::new(
            self.fields.clone(),
            window,
            total_count,
            self.project_keeping(data, &required_members::<T>()),
        ))
    }

    /// Keeps only the requested `fields` of each row, plus `id`.
    pub fn project(&self, rows: Vec<Value>) -> Vec<Value> {
        self.project_keeping(rows, &[])
    }

    /// Keeps only the requested `fields` of each row, plus `id` and the
    /// `required` members (see [`required_members`]).
    pub fn project_keeping(&self, rows: Vec<Value>, required: &[String]) -> Vec<Value> {
        match &self.fields {
            Some(fields) if !fields.is_empty() => rows
                .into_iter()
                .map(|row| match row {
                    Value::Object(map) => Value::Object(
                        map.into_iter()
                            .filter(|(k, _)| {
                                k == "id"
                                    || fields.iter().any(|f| f == k)
                                    || required.iter().any(|r| r == k)
                            })
                            .collect(),
                    ),
                    other => other,
                })
                .collect(),
            _ => rows,
        }
    }
}

/// `{fields, totalCount, totalPages, page, data}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueryResponse<T> {
    /// The `fields` the request named, left out when it named none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    pub total_count: i64,
    pub total_pages: i64,
    pub page: i64,
    pub data: Vec<T>,
}

impl<T> QueryResponse<T> {
    pub fn new(
        fields: Option<Vec<String>>,
        window: Window,
        total_count: i64,
        data: Vec<T>,
    ) -> Self {
        QueryResponse {
            fields,
            total_count,
            total_pages: (total_count + window.page_size - 1) / window.page_size,
            page: window.page,
            data,
        }
    }
}

/// The longest `searchString` a query takes: longer than any name it could
/// match, short enough that no search holds the database for long.
pub const MAX_SEARCH_CHARS: usize = 1_000;

/// The members `T`'s schema marks required.
pub fn required_members<T: utoipa::PartialSchema>() -> Vec<String> {
    use utoipa::openapi::{schema::Schema, RefOr};
    match T::schema() {
        RefOr::T(Schema::Object(o)) => o.required,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: SortFields = &[("name", "name"), ("createdDate", "created_at")];

    #[test]
    fn pageable_defaults_and_repeated_sorts() {
        let p = Pageable::parse("").unwrap();
        assert_eq!((p.page, p.size, p.offset()), (0, 20, 0));
        let p = Pageable::parse("page=2&size=5&sort=name,desc&sort=createdDate").unwrap();
        assert_eq!(p.offset(), 10);
        let order = p.order(FIELDS, Order::by("name", false)).unwrap();
        assert_eq!(order, Order(vec![("name", true), ("created_at", false)]));
    }

    #[test]
    fn pageable_refuses_bad_numbers_and_unknown_sorts() {
        assert!(Pageable::parse("size=0").is_err());
        assert!(Pageable::parse("size=2001").is_err());
        assert!(Pageable::parse("page=-1").is_err());
        let p = Pageable::parse("sort=password,asc").unwrap();
        assert!(p.order(FIELDS, Order::by("name", false)).is_err());
        let p = Pageable::parse("sort=name,up").unwrap();
        assert!(p.order(FIELDS, Order::by("name", false)).is_err());
    }

    #[test]
    fn spring_page_edges() {
        let p = Pageable::parse("page=1&size=2").unwrap();
        let page = Page::new(vec![1], 3, &p, &Order::by("name", false));
        assert_eq!(
            (
                page.total_pages,
                page.first,
                page.last,
                page.number_of_elements
            ),
            (2, false, true, 1)
        );
        let empty = Page::<i32>::new(vec![], 0, &Pageable::parse("").unwrap(), &Order(vec![]));
        assert!(empty.empty && empty.first && empty.last);
        assert_eq!(empty.total_pages, 0);
    }

    #[test]
    fn query_pages_start_at_one_and_zero_means_first() {
        let q: QueryRequest<()> = serde_json::from_str(r#"{"page":0,"pageSize":5}"#).unwrap();
        assert_eq!(
            q.window().unwrap(),
            Window {
                page: 1,
                page_size: 5
            }
        );
        let q: QueryRequest<()> = serde_json::from_str(r#"{"page":3,"pageSize":5}"#).unwrap();
        assert_eq!(q.window().unwrap().offset(), 10);
        let q: QueryRequest<()> = serde_json::from_str(r#"{"pageSize":0}"#).unwrap();
        assert!(q.window().is_err());
    }

    #[test]
    fn query_refuses_unknown_members_and_sort_fields() {
        assert!(serde_json::from_str::<QueryRequest<()>>(r#"{"bogus":1}"#).is_err());
        let q: QueryRequest<()> =
            serde_json::from_str(r#"{"sortField":"secret","sortOrder":"DESC"}"#).unwrap();
        assert!(q.order(FIELDS, Order::by("name", false)).is_err());
        let q: QueryRequest<()> =
            serde_json::from_str(r#"{"sortField":"createdDate","sortOrder":"DESC"}"#).unwrap();
        assert_eq!(
            q.order(FIELDS, Order::by("name", false)).unwrap(),
            Order(vec![("created_at", true)])
        );
    }

    #[test]
    fn search_targets_are_checked_and_fields_projected() {
        let q: QueryRequest<()> = serde_json::from_str(
            r#"{"searchString":" ab ","searchTargetFields":["name"],"fields":["name"]}"#,
        )
        .unwrap();
        assert_eq!(q.search(FIELDS).unwrap(), Some(("ab".into(), vec!["name"])));
        let rows = q.project(vec![serde_json::json!({"id": 1, "name": "x", "other": 2})]);
        assert_eq!(rows[0], serde_json::json!({"id": 1, "name": "x"}));
        let q: QueryRequest<()> =
            serde_json::from_str(r#"{"searchString":"x","searchTargetFields":["nope"]}"#).unwrap();
        assert!(q.search(FIELDS).is_err());
    }

    #[test]
    fn a_search_longer_than_the_limit_is_refused() {
        let at_limit = QueryRequest::<()> {
            search_string: Some("a".repeat(MAX_SEARCH_CHARS)),
            ..Default::default()
        };
        assert!(at_limit.search(FIELDS).is_ok());
        let over = QueryRequest::<()> {
            search_string: Some("é".repeat(MAX_SEARCH_CHARS + 1)),
            ..Default::default()
        };
        let err = over.search(FIELDS).unwrap_err();
        assert_eq!(err.report().fields[0].field, "searchString");
    }

    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "camelCase")]
    struct Row {
        request_id: String,
        status: String,
        note: Option<String>,
    }

    #[test]
    fn a_projection_keeps_the_required_members() {
        let q = QueryRequest::<()> {
            fields: Some(vec!["".into()]),
            ..Default::default()
        };
        let window = q.window().unwrap();
        let row = Row {
            request_id: "r".into(),
            status: "SUCCESS".into(),
            note: Some("n".into()),
        };
        let page = q.respond(window, 1, [row]).unwrap();
        assert_eq!(
            page.data[0],
            serde_json::json!({"requestId": "r", "status": "SUCCESS"})
        );
    }

    #[test]
    fn a_page_whose_offset_would_overflow_is_refused() {
        let q = QueryRequest::<Value> {
            page: Some(i64::MAX),
            page_size: Some(10),
            ..Default::default()
        };
        let err = q.window().unwrap_err();
        assert_eq!(err.report().fields[0].field, "page");
        let last = QueryRequest::<Value> {
            page: Some(i64::MAX / 10_000),
            page_size: Some(10_000),
            ..Default::default()
        };
        assert!(last.window().is_ok());
    }

    #[test]
    fn responses_keep_only_the_requested_fields() {
        let q = QueryRequest::<Value> {
            fields: Some(vec!["name".into()]),
            ..Default::default()
        };
        let window = q.window().unwrap();
        let rows = [serde_json::json!({"id": "1", "name": "a", "secret": "x"})];
        let res = q.respond(window, 11, rows).unwrap();
        assert_eq!(res.data, [serde_json::json!({"id": "1", "name": "a"})]);
        assert_eq!(res.total_pages, 2);
        assert_eq!(res.fields, Some(vec!["name".to_string()]));
    }
}
