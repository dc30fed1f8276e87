//! Property Management's `QueryData` read into r1's paging: `page` counts
//! from 1 (0 reads as 1), `pageSize` defaults to 10, `sortField` is checked
//! against each resource's allow-list, and `filters` values are one string
//! or a list of strings.

use r1_core::{
    pagination::{Order, Pageable, SortFields},
    ApiError,
};
use serde_json::Value;
use uuid::Uuid;

use crate::model::QueryData;

pub fn window(
    q: &QueryData,
    allowed: SortFields,
    default: Order,
) -> Result<(Pageable, Order), ApiError> {
    let page = match q.page {
        None | Some(0) => 0,
        Some(p) if p > 0 => (p - 1) as u32,
        Some(p) => return Err(ApiError::field("query", "page", p, "must be at least 1")),
    };
    let size = match q.page_size {
        None => 10,
        Some(s) if (1..=i64::from(Pageable::MAX_SIZE)).contains(&s) => s as u32,
        Some(s) => {
            return Err(ApiError::field(
                "query",
                "pageSize",
                s,
                "must be from 1 to 2000",
            ))
        }
    };
    let direction = match q
        .sort_order
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("ASC") => "asc",
        Some("DESC") => "desc",
        Some(other) => {
            return Err(ApiError::field(
                "query",
                "sortOrder",
                other,
                "must be ASC or DESC",
            ))
        }
    };
    let sort = q
        .sort_field
        .as_deref()
        .filter(|f| !f.is_empty())
        .map(|f| vec![format!("{f},{direction}")])
        .unwrap_or_default();
    let pageable = Pageable { page, size, sort };
    let order = pageable.order(allowed, default).map_err(|_| {
        let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
        ApiError::field(
            "query",
            "sortField",
            q.sort_field.clone(),
            format!("sortable fields: {}", names.join(", ")),
        )
    })?;
    Ok((pageable, order))
}

/// A filter's values as strings.
pub fn strings(q: &QueryData, key: &str) -> Result<Option<Vec<String>>, ApiError> {
    let Some(v) = q.filters.as_ref().and_then(|f| f.get(key)) else {
        return Ok(None);
    };
    let bad = || {
        ApiError::field(
            "query",
            &format!("filters.{key}"),
            v,
            "must be a string or a list of strings",
        )
    };
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(vec![s.clone()])),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string).ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        _ => Err(bad()),
    }
}

/// A filter's values as UUIDs.
pub fn uuids(q: &QueryData, key: &str) -> Result<Option<Vec<Uuid>>, ApiError> {
    strings(q, key)?
        .map(|v| {
            v.iter()
                .map(|s| {
                    Uuid::parse_str(s).map_err(|_| {
                        ApiError::field("query", &format!("filters.{key}"), s, "must be a UUID")
                    })
                })
                .collect()
        })
        .transpose()
}

/// The keyword, when it has text.
pub fn keyword(q: &QueryData) -> Option<String> {
    q.keyword
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
}
