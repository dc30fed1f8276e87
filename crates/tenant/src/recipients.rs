//! Notification recipients and their email and SMS endpoints.

use std::collections::HashMap;

use r1_core::{
    pagination::{Order, Page, Pageable},
    ApiError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{
        NotificationEndpoint, NotificationEndpointDTO, NotificationRecipient,
        NotificationRecipientRBACDTO, QueryRequest,
    },
    repo::{self, EndpointRow, RecipientRow, RecipientValues},
    rules::{self, Check},
};

fn endpoint_dto(e: &EndpointRow) -> NotificationEndpointDTO {
    NotificationEndpointDTO {
        id: Some(e.id.to_string()),
        kind: Some(e.kind.clone()),
        destination: Some(e.destination.clone()),
        active: Some(e.active),
        status: Some(e.status.clone()),
    }
}

fn dto(r: RecipientRow, endpoints: &[EndpointRow]) -> NotificationRecipientRBACDTO {
    NotificationRecipientRBACDTO {
        id: Some(r.id.to_string()),
        description: Some(r.description),
        endpoints: Some(endpoints.iter().map(endpoint_dto).collect()),
        email_preferences: Some(r.email_preferences),
        sms_preferences: Some(r.sms_preferences),
        privilege_group_id: r.privilege_group_id,
        recipient_type: r.recipient_type,
    }
}

async fn load(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<(RecipientRow, Vec<EndpointRow>)>, ApiError> {
    let mut endpoints: HashMap<Uuid, Vec<EndpointRow>> = HashMap::new();
    for e in repo::list_endpoints(conn, tenant_id).await? {
        endpoints.entry(e.recipient_id).or_default().push(e);
    }
    Ok(repo::list_recipients(conn, tenant_id)
        .await?
        .into_iter()
        .map(|r| {
            let eps = endpoints.remove(&r.id).unwrap_or_default();
            (r, eps)
        })
        .collect())
}

pub async fn list(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<NotificationRecipientRBACDTO>, ApiError> {
    Ok(load(conn, tenant_id)
        .await?
        .into_iter()
        .map(|(r, e)| dto(r, &e))
        .collect())
}

/// The recipients inside a tenant record (`deep=true`).
pub async fn embedded(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<NotificationRecipient>, ApiError> {
    Ok(load(conn, tenant_id)
        .await?
        .into_iter()
        .map(|(r, eps)| NotificationRecipient {
            id: r.id.to_string(),
            created_date: r.created_at,
            updated_date: r.updated_at,
            description: r.description,
            email_preferences: r.email_preferences,
            sms_preferences: r.sms_preferences,
            endpoints: eps
                .into_iter()
                .map(|e| NotificationEndpoint {
                    id: e.id.to_string(),
                    created_date: e.created_at,
                    updated_date: e.created_at,
                    destination: e.destination,
                    active: e.active,
                    status: e.status,
                    kind: e.kind,
                })
                .collect(),
            privilege_group: None,
            parent_id: None,
        })
        .collect())
}

/// Adds a recipient: a description and at least one email or SMS endpoint,
/// each destination checked for its type.
pub async fn add(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: NotificationRecipientRBACDTO,
) -> Result<NotificationRecipientRBACDTO, ApiError> {
    let mut check = Check::new("notificationRecipient");
    let description = check.required("description", body.description.as_deref());
    check.text("privilegeGroupId", body.privilege_group_id.as_deref());
    check.text("recipientType", body.recipient_type.as_deref());
    let endpoints = body.endpoints.clone().unwrap_or_default();
    if endpoints.is_empty() {
        check.fail(
            "endpoints",
            &endpoints,
            "must hold an email or a mobile endpoint",
        );
    }
    let mut seen = Vec::new();
    for (i, e) in endpoints.iter().enumerate() {
        let field = |f: &str| format!("endpoints[{i}].{f}");
        let kind = check.required(&field("type"), e.kind.as_deref());
        check.one_of(&field("type"), kind, rules::ENDPOINT_TYPES);
        let destination = check.required(&field("destination"), e.destination.as_deref());
        match kind {
            Some("EMAIL") => check.email(&field("destination"), destination),
            Some("SMS") => check.phone(&field("destination"), destination),
            _ => {}
        }
        check.one_of(
            &field("status"),
            e.status.as_deref(),
            rules::ENDPOINT_STATUSES,
        );
        let key = (kind.map(str::to_string), destination.map(str::to_lowercase));
        if seen.contains(&key) {
            check.fail(
                &field("destination"),
                destination,
                "must not repeat an endpoint",
            );
        }
        seen.push(key);
    }
    check.finish()?;
    let id = Uuid::new_v4();
    let values = RecipientValues {
        description: description.unwrap_or_default().trim().to_string(),
        email_preferences: body.email_preferences.unwrap_or(false),
        sms_preferences: body.sms_preferences.unwrap_or(false),
        privilege_group_id: body.privilege_group_id,
        recipient_type: body.recipient_type,
    };
    repo::insert_recipient(conn, tenant_id, id, &values).await?;
    for (position, e) in (0..).zip(&endpoints) {
        repo::insert_endpoint(
            conn,
            tenant_id,
            id,
            position,
            e.kind.as_deref().unwrap_or_default(),
            e.destination.as_deref().unwrap_or_default().trim(),
            e.active.unwrap_or(true),
        )
        .await?;
    }
    load(conn, tenant_id)
        .await?
        .into_iter()
        .find(|(r, _)| r.id == id)
        .map(|(r, e)| dto(r, &e))
        .ok_or_else(|| ApiError::internal("a recipient vanished after its insert"))
}

/// Deletes recipients of this tenant by id: all exist, or none is deleted.
pub async fn delete(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[String],
) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::field(
            "notificationRecipients",
            "ids",
            ids,
            "must name at least one recipient",
        ));
    }
    if let Some(dup) = rules::first_duplicate(ids.iter().map(String::as_str)) {
        return Err(ApiError::field(
            "notificationRecipients",
            "ids",
            dup,
            "must not repeat an id",
        ));
    }
    let not_found = |id: &str| ApiError::NotFound(format!("Notification recipient {id} not found"));
    let mut uuids = Vec::new();
    for id in ids {
        uuids.push(Uuid::parse_str(id).map_err(|_| not_found(id))?);
    }
    let existing = repo::existing_recipients(conn, tenant_id, &uuids).await?;
    if let Some(missing) = uuids.iter().find(|u| !existing.contains(u)) {
        return Err(not_found(&missing.to_string()));
    }
    repo::delete_recipients(conn, tenant_id, &uuids).await?;
    Ok(())
}

const FIELDS: &[&str] = &["name", "email", "mobile"];

fn destination(eps: &[EndpointRow], kind: &str) -> String {
    eps.iter()
        .find(|e| e.kind == kind)
        .map(|e| e.destination.to_lowercase())
        .unwrap_or_default()
}

fn key(r: &RecipientRow, eps: &[EndpointRow], field: &str) -> String {
    match field {
        "email" => destination(eps, "EMAIL"),
        "mobile" => destination(eps, "SMS"),
        _ => r.description.to_lowercase(),
    }
}

/// `POST /tenants/notifications/recipients/query`, paged in memory like
/// the administrators.
pub async fn query(
    conn: &mut PgConnection,
    tenant_id: &str,
    q: QueryRequest,
) -> Result<Page<NotificationRecipientRBACDTO>, ApiError> {
    let w = rules::window(q.page, q.page_size, q.sort_order.as_deref())?;
    let mut check = Check::new("query");
    check.one_of("sortField", q.sort_field.as_deref(), FIELDS);
    let targets = q.search_target_fields.clone().unwrap_or_default();
    for t in &targets {
        check.one_of("searchTargetFields", Some(t), FIELDS);
    }
    if let Some(filters) = &q.filters {
        for key in filters.keys() {
            check.fail("filters", key, "recipients take no filters");
        }
    }
    check.finish()?;
    let targets: Vec<&str> = if targets.is_empty() {
        FIELDS.to_vec()
    } else {
        targets.iter().map(String::as_str).collect()
    };
    let text = q
        .search_string
        .as_deref()
        .map(|s| s.trim().to_lowercase())
        .unwrap_or_default();
    let sort = q.sort_field.clone().unwrap_or_else(|| "name".into());
    let mut rows: Vec<_> = load(conn, tenant_id)
        .await?
        .into_iter()
        .filter(|(r, eps)| {
            text.is_empty() || targets.iter().any(|t| key(r, eps, t).contains(&text))
        })
        .collect();
    rows.sort_by_key(|(r, eps)| key(r, eps, &sort));
    if w.descending {
        rows.reverse();
    }
    let total = rows.len() as i64;
    let content = rules::slice(rows, w)
        .into_iter()
        .map(|(r, e)| dto(r, &e))
        .collect();
    let pageable = Pageable {
        page: w.page,
        size: w.size,
        sort: Vec::new(),
    };
    Ok(Page::new(
        content,
        total,
        &pageable,
        &Order::by("name", w.descending),
    ))
}
