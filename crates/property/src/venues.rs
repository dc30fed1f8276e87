//! Venue use cases: each runs inside the caller's transaction.

use r1_core::{
    error::FieldError,
    pagination::{Order, QueryRequest, SortFields, SortOrder},
    ApiError,
};
use serde_json::Value;
use sqlx::PgConnection;

use crate::{
    missing::venue as not_found,
    model::{AddressView, DynamicQueryPayloadDto, VenueData, VenueQueryResponse, VenueView},
    repo::{self, VenueFilter, VenueRow, VenueValues},
    rules, units,
};

fn conflict(e: sqlx::Error, name: &str) -> ApiError {
    match &e {
        sqlx::Error::Database(db) if db.constraint() == Some("venues_tenant_name_key") => {
            ApiError::Conflict(format!("A venue named {name:?} already exists"))
        }
        _ => e.into(),
    }
}

/// The checked columns of a venue body.
pub fn values_of(body: &VenueView) -> Result<VenueValues, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    rules::venue_name(body.name.as_deref(), &mut errors);
    match &body.address {
        None => errors.push(FieldError::new("venue", "address", (), "must not be null")),
        Some(a) => {
            rules::required_text(
                "venue",
                "address.country",
                a.country.as_deref(),
                255,
                &mut errors,
            );
            rules::required_text("venue", "address.city", a.city.as_deref(), 255, &mut errors);
            if a.latitude.is_some_and(|l| !(-90.0..=90.0).contains(&l)) {
                errors.push(FieldError::new(
                    "venue",
                    "address.latitude",
                    a.latitude,
                    "must be between -90 and 90",
                ));
            }
            if a.longitude.is_some_and(|l| !(-180.0..=180.0).contains(&l)) {
                errors.push(FieldError::new(
                    "venue",
                    "address.longitude",
                    a.longitude,
                    "must be between -180 and 180",
                ));
            }
        }
    }
    rules::max_len(
        "venue",
        "description",
        body.description.as_deref(),
        255,
        &mut errors,
    );
    rules::finish(errors)?;
    Ok(VenueValues {
        name: body.name.clone().unwrap_or_default(),
        description: body.description.clone(),
        address: serde_json::to_value(body.address.clone().unwrap_or_default())
            .map_err(ApiError::internal)?,
        tags: body.tags.clone(),
        is_template: body.is_template,
    })
}

fn address(row: &VenueRow) -> AddressView {
    serde_json::from_value(row.address.clone()).unwrap_or_default()
}

pub fn view(row: VenueRow) -> VenueView {
    VenueView {
        address: Some(address(&row)),
        id: Some(row.id),
        name: Some(row.name),
        description: row.description,
        tags: row.tags,
        is_template: row.is_template,
    }
}

pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: &VenueView,
) -> Result<VenueView, ApiError> {
    let values = values_of(body)?;
    let id = rules::new_venue_id();
    repo::insert_venue(conn, tenant_id, &id, &values)
        .await
        .map_err(|e| conflict(e, &values.name))?;
    find(conn, tenant_id, &id).await
}

pub async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<VenueView, ApiError> {
    let row = repo::find_venue(conn, tenant_id, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(view(row))
}

pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    body: &VenueView,
) -> Result<VenueView, ApiError> {
    let values = values_of(body)?;
    if !repo::update_venue(conn, tenant_id, id, &values)
        .await
        .map_err(|e| conflict(e, &values.name))?
    {
        return Err(not_found(id));
    }
    find(conn, tenant_id, id).await
}

/// Deletes the venue; its property configuration goes with it, and its
/// units take their identities and passphrases along.
pub async fn delete(conn: &mut PgConnection, tenant_id: &str, id: &str) -> Result<(), ApiError> {
    repo::find_venue(conn, tenant_id, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    units::remove_all(conn, tenant_id, id).await?;
    repo::delete_venue(conn, tenant_id, id).await?;
    Ok(())
}

const VENUE_SORT: SortFields = &[
    ("name", "v.name"),
    ("id", "v.id"),
    ("description", "v.description"),
    ("city", "(v.address->>'city')"),
    ("country", "(v.address->>'country')"),
    ("addressLine", "(v.address->>'addressLine')"),
    ("crtTime", "v.created_at"),
    ("lastUpdTime", "v.updated_at"),
];

/// Search covers text columns only.
const VENUE_SEARCH: SortFields = &[
    ("name", "v.name"),
    ("description", "v.description"),
    ("city", "(v.address->>'city')"),
    ("country", "(v.address->>'country')"),
    ("addressLine", "(v.address->>'addressLine')"),
];

/// The members `filters` may name.
const VENUE_FILTERS: [&str; 4] = ["id", "name", "city", "country"];

fn filter_values(
    filters: &Option<std::collections::HashMap<String, Vec<String>>>,
    key: &str,
) -> Option<Vec<String>> {
    filters.as_ref().and_then(|f| f.get(key)).cloned()
}

fn data(row: VenueRow, tenant_id: &str) -> VenueData {
    let a = address(&row);
    VenueData {
        id: row.id,
        name: row.name,
        description: row.description,
        city: a.city,
        country: a.country,
        country_code: a.country_code,
        latitude: a.latitude.map(|l| l.to_string()),
        longitude: a.longitude.map(|l| l.to_string()),
        address_line: a.address_line,
        time_zone: a.timezone,
        notes: a.notes,
        tenant_id: tenant_id.to_string(),
        crt_time: row.created_at.timestamp_millis().to_string(),
        last_upd_time: row.updated_at.timestamp_millis().to_string(),
        is_template: row.is_template,
    }
}

pub async fn query(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: DynamicQueryPayloadDto,
) -> Result<VenueQueryResponse, ApiError> {
    let sort_order = match body
        .sort_order
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None => None,
        Some("ASC") => Some(SortOrder::ASC),
        Some("DESC") => Some(SortOrder::DESC),
        Some(other) => {
            return Err(ApiError::field(
                "query",
                "sortOrder",
                other,
                "must be ASC or DESC",
            ))
        }
    };
    let q: QueryRequest<Value> = QueryRequest {
        fields: body.fields.clone(),
        page: body.page,
        page_size: body.page_size,
        sort_field: body.sort_field.clone(),
        sort_order,
        search_string: body.search_string.clone(),
        search_target_fields: body.search_target_fields.clone(),
        filters: None,
    };
    let window = q.window()?;
    let order = q.order(VENUE_SORT, Order::by("v.name", false))?;
    // An unknown filter is refused as in every other query, not ignored.
    if let Some(bad) = body
        .filters
        .iter()
        .flatten()
        .map(|(k, _)| k)
        .find(|k| !VENUE_FILTERS.contains(&k.as_str()))
    {
        return Err(ApiError::field(
            "query",
            "filters",
            bad.as_str(),
            format!("is not a filter; filters: {}", VENUE_FILTERS.join(", ")),
        ));
    }
    let filter = VenueFilter {
        ids: filter_values(&body.filters, "id"),
        names: filter_values(&body.filters, "name"),
        cities: filter_values(&body.filters, "city"),
        countries: filter_values(&body.filters, "country"),
        search: q.search(VENUE_SEARCH)?,
    };
    let (total, rows) = repo::query_venues(
        conn,
        tenant_id,
        &filter,
        &order,
        window.limit(),
        window.offset(),
    )
    .await?;
    let rows = rows
        .into_iter()
        .map(|r| serde_json::to_value(data(r, tenant_id)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    Ok(VenueQueryResponse {
        fields: q.fields.clone(),
        total_count: total,
        page: window.page,
        data: q.project_keeping(rows, &r1_core::pagination::required_members::<VenueData>()),
    })
}
