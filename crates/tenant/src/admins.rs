//! Administrators: add, list, query, update, delete one or many. A tenant
//! always keeps one PRIME_ADMIN.

use r1_core::{
    pagination::{Order, Page, Pageable},
    ApiError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{Admin, AdminRole, AdminView, QueryRequest},
    repo::{self, AdminRow, AdminValues},
    rules::{self, Check},
};

pub fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("Administrator {id} not found"))
}

/// `AdminView` of a row; `externalId` only when asked for.
pub fn view(a: AdminRow, with_external_id: bool) -> AdminView {
    AdminView {
        id: Some(a.id.to_string()),
        external_id: with_external_id.then_some(a.external_id),
        email: Some(a.email),
        name: a.first_name,
        last_name: a.last_name,
        phone_number: a.phone_number,
        role: Some(a.role),
        delegate_to_all_ecs: Some(a.delegate_to_all_ecs),
        delegated_ecs: Some(a.delegated_ecs),
        detail_level: Some(a.detail_level),
        authentication_id: a.authentication_id,
    }
}

/// `Admin` of a row, as tenant records and write answers carry it.
pub fn admin(a: AdminRow) -> Admin {
    Admin {
        id: a.id.to_string(),
        created_date: a.created_at,
        updated_date: a.updated_at,
        detail_level: a.detail_level,
        external_id: a.external_id,
        admin_roles: vec![AdminRole {
            id: a.id.to_string(),
            created_date: a.created_at,
            updated_date: a.updated_at,
            role: a.role,
            delegated: None,
            delegated_role_type: None,
            privilege_group: None,
            parent_id: None,
        }],
        admin_app_settings: Vec::new(),
        date_format: a.date_format,
        username: a.email,
        first_name: a.first_name,
        last_name: a.last_name,
        phone_number: a.phone_number,
        local: true,
        default_tenant: a.tenant_id,
        authentication: None,
        parent_id: None,
    }
}

/// Checks an `AdminView` body into the values to store.
fn values(body: &AdminView) -> Result<AdminValues, ApiError> {
    let mut check = Check::new("adminView");
    let email = check.required("email", body.email.as_deref());
    check.email("email", email);
    let role = check.required("role", body.role.as_deref());
    check.one_of("role", role, rules::ADMIN_ROLES);
    check.text("name", body.name.as_deref());
    check.text("lastName", body.last_name.as_deref());
    check.phone("phoneNumber", body.phone_number.as_deref());
    check.one_of(
        "detailLevel",
        body.detail_level.as_deref(),
        rules::DETAIL_LEVELS,
    );
    check.text("authenticationId", body.authentication_id.as_deref());
    let ecs = body.delegated_ecs.clone().unwrap_or_default();
    if let Some(dup) = rules::first_duplicate(ecs.iter().map(String::as_str)) {
        check.fail("delegatedECs", dup, "must not repeat an account id");
    }
    for ec in &ecs {
        check.text("delegatedECs", Some(ec));
    }
    check.finish()?;
    Ok(AdminValues {
        email: email.unwrap_or_default().trim().to_string(),
        first_name: body.name.clone(),
        last_name: body.last_name.clone(),
        phone_number: body.phone_number.clone(),
        role: role.unwrap_or_default().to_string(),
        detail_level: body.detail_level.clone().unwrap_or_else(|| "it".into()),
        delegate_to_all_ecs: body.delegate_to_all_ecs.unwrap_or(false),
        delegated_ecs: ecs,
        authentication_id: body.authentication_id.clone(),
    })
}

fn email_taken(email: &str) -> impl FnOnce(sqlx::Error) -> ApiError + '_ {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => ApiError::Conflict(format!(
            "An administrator with email {email} already exists in this tenant"
        )),
        _ => e.into(),
    }
}

fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| not_found(id))
}

pub async fn find(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<AdminRow, ApiError> {
    repo::find_admin(conn, tenant_id, parse_id(id)?)
        .await?
        .ok_or_else(|| not_found(id))
}

pub async fn add(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: AdminView,
) -> Result<AdminRow, ApiError> {
    let v = values(&body)?;
    let id = Uuid::new_v4();
    repo::insert_admin(conn, tenant_id, id, &v)
        .await
        .map_err(email_taken(&v.email))?;
    find(conn, tenant_id, &id.to_string()).await
}

/// `PUT /admins`: the administrator named by the body's `id`.
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: AdminView,
) -> Result<AdminRow, ApiError> {
    let Some(id) = body.id.as_deref().filter(|i| !i.is_empty()) else {
        return Err(ApiError::field(
            "adminView",
            "id",
            body.id,
            "must not be blank",
        ));
    };
    let v = values(&body)?;
    repo::lock_admins(conn, tenant_id).await?;
    let current = find(conn, tenant_id, id).await?;
    if current.role == rules::PRIME_ADMIN && v.role != rules::PRIME_ADMIN {
        keep_a_prime_admin(conn, tenant_id, 1).await?;
    }
    repo::update_admin(conn, tenant_id, current.id, &v)
        .await
        .map_err(email_taken(&v.email))?;
    find(conn, tenant_id, id).await
}

async fn keep_a_prime_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    removed: i64,
) -> Result<(), ApiError> {
    let primes = repo::list_admins(conn, tenant_id)
        .await?
        .iter()
        .filter(|a| a.role == rules::PRIME_ADMIN)
        .count() as i64;
    if rules::keeps_a_prime_admin(primes, removed) {
        Ok(())
    } else {
        Err(rules::last_prime_admin())
    }
}

/// Deletes administrators of this tenant: all named ones exist, or none is
/// deleted.
pub async fn delete(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[String],
) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::field(
            "admins",
            "ids",
            ids,
            "must name at least one administrator",
        ));
    }
    if let Some(dup) = rules::first_duplicate(ids.iter().map(String::as_str)) {
        return Err(ApiError::field(
            "admins",
            "ids",
            dup,
            "must not repeat an id",
        ));
    }
    repo::lock_admins(conn, tenant_id).await?;
    let mut rows = Vec::new();
    for id in ids {
        rows.push(find(conn, tenant_id, id).await?);
    }
    let primes = rows.iter().filter(|a| a.role == rules::PRIME_ADMIN).count() as i64;
    if primes > 0 {
        keep_a_prime_admin(conn, tenant_id, primes).await?;
    }
    let uuids: Vec<Uuid> = rows.iter().map(|a| a.id).collect();
    repo::delete_admins(conn, tenant_id, &uuids).await?;
    Ok(())
}

const SORTS: &[&str] = &["name", "username", "role", "authenticationType"];
const SEARCHES: &[&str] = &["name", "username"];

fn sort_key(a: &AdminRow, field: &str) -> String {
    match field {
        "name" => format!(
            "{} {}",
            a.first_name.as_deref().unwrap_or_default(),
            a.last_name.as_deref().unwrap_or_default()
        )
        .to_lowercase(),
        "role" => a.role.clone(),
        "authenticationType" => a.authentication_id.clone().unwrap_or_default(),
        _ => a.email.to_lowercase(),
    }
}

fn matches(a: &AdminRow, field: &str, text: &str) -> bool {
    match field {
        "name" => {
            rules::contains_ci(a.first_name.as_deref(), text)
                || rules::contains_ci(a.last_name.as_deref(), text)
        }
        _ => rules::contains_ci(Some(&a.email), text),
    }
}

/// `POST /admins/query`: a tenant has few administrators, so they are
/// filtered, sorted and paged in memory.
pub async fn query(
    conn: &mut PgConnection,
    tenant_id: &str,
    q: QueryRequest,
    with_external_id: bool,
) -> Result<Page<AdminView>, ApiError> {
    let w = rules::window(q.page, q.page_size, q.sort_order.as_deref())?;
    let mut check = Check::new("query");
    check.one_of("sortField", q.sort_field.as_deref(), SORTS);
    let targets = q.search_target_fields.clone().unwrap_or_default();
    for t in &targets {
        check.one_of("searchTargetFields", Some(t), SEARCHES);
    }
    let roles = role_filter(&q, &mut check);
    check.finish()?;
    let targets: Vec<&str> = if targets.is_empty() {
        SEARCHES.to_vec()
    } else {
        targets.iter().map(String::as_str).collect()
    };
    let text = q
        .search_string
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    let sort = q.sort_field.clone().unwrap_or_else(|| "username".into());
    let mut rows: Vec<AdminRow> = repo::list_admins(conn, tenant_id)
        .await?
        .into_iter()
        .filter(|a| text.is_empty() || targets.iter().any(|t| matches(a, t, text)))
        .filter(|a| roles.as_ref().is_none_or(|r| r.contains(&a.role)))
        .collect();
    rows.sort_by_key(|a| sort_key(a, &sort));
    if w.descending {
        rows.reverse();
    }
    let total = rows.len() as i64;
    let content = rules::slice(rows, w)
        .into_iter()
        .map(|a| view(a, with_external_id))
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
        &Order::by("username", w.descending),
    ))
}

/// `filters: {"role": [...]}` (or one role): the only filter administrators take.
fn role_filter(q: &QueryRequest, check: &mut Check) -> Option<Vec<String>> {
    let filters = q.filters.as_ref()?;
    let mut roles = None;
    for (key, value) in filters {
        if key != "role" {
            check.fail("filters", key, "can filter by role only");
            continue;
        }
        let list: Vec<String> = match value {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => {
                check.fail("filters.role", value, "must be a role or a list of roles");
                continue;
            }
        };
        for r in &list {
            check.one_of("filters.role", Some(r), rules::ADMIN_ROLES);
        }
        roles = Some(list);
    }
    roles
}
