//! The DPSK operations: checks, rules and repository calls inside the
//! caller's transaction. Handlers and the functions other domains call both
//! go through here.

use std::collections::HashSet;

use chrono::Utc;
use r1_core::{
    error::FieldError,
    pagination::{Order, QueryRequest, QueryResponse, SortFields},
    ApiError,
};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::*,
    passphrase_gen,
    repo::{
        self, PassphraseFields, PassphraseFilter, PassphraseRow, PoolFields, PoolFilter, PoolRow,
    },
    rules,
};

/// A path id that is no UUID names nothing, so it reads as missing.
pub fn parse_id(id: &str) -> Option<Uuid> {
    Uuid::parse_str(id).ok()
}

pub fn pool_not_found(id: impl std::fmt::Display, template: bool) -> ApiError {
    if template {
        ApiError::NotFound(format!("DPSK pool template {id} not found"))
    } else {
        ApiError::NotFound(format!("DPSK pool {id} not found"))
    }
}

pub fn passphrase_not_found(id: impl std::fmt::Display) -> ApiError {
    ApiError::NotFound(format!("DPSK passphrase {id} not found"))
}

/// Unique violations, in the vendor's words.
fn conflict(e: sqlx::Error) -> ApiError {
    if let sqlx::Error::Database(db) = &e {
        match db.constraint() {
            Some("dpsk_pools_name_key") => {
                return ApiError::Conflict("A DPSK pool with this name already exists".into())
            }
            Some("dpsk_passphrases_passphrase_key") => {
                return ApiError::Conflict("This passphrase already exists in the DPSK pool".into())
            }
            _ => {}
        }
    }
    e.into()
}

fn reject(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

// ---------------------------------------------------------------- pools

const POOL: &str = "dpskPoolDto";

/// Checks a pool body. `identityGroupId` is taken from the body only for
/// templates (the bundle: "Only editable for template").
pub fn check_pool(
    body: &DpskPoolDto,
    template: bool,
    identity_group_id: Option<Uuid>,
) -> Result<PoolFields, ApiError> {
    let mut errors = Vec::new();
    let name = body.name.as_deref().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        errors.push(FieldError::new(
            POOL,
            "name",
            &body.name,
            "must not be blank",
        ));
    } else if name.chars().count() > 255 {
        errors.push(FieldError::new(
            POOL,
            "name",
            name,
            "size must be between 0 and 255",
        ));
    }
    if body.passphrase_format.is_none() {
        errors.push(FieldError::new(
            POOL,
            "passphraseFormat",
            Value::Null,
            "must not be null",
        ));
    }
    match body.passphrase_length {
        None => errors.push(FieldError::new(
            POOL,
            "passphraseLength",
            Value::Null,
            "must not be null",
        )),
        Some(n) if !(passphrase_gen::MIN_LENGTH..=passphrase_gen::MAX_LENGTH).contains(&n) => {
            errors.push(FieldError::new(
                POOL,
                "passphraseLength",
                n,
                "must be between 8 and 63",
            ))
        }
        _ => {}
    }
    if let Some(n) = body.device_count_limit.filter(|n| *n < 1) {
        errors.push(FieldError::new(
            POOL,
            "deviceCountLimit",
            n,
            "must be at least 1",
        ));
    }
    match body.expiration_type {
        Some(ExpirationType::SpecifiedDate) if body.expiration_date.is_none() => {
            errors.push(FieldError::new(
                POOL,
                "expirationDate",
                Value::Null,
                "is required for SPECIFIED_DATE",
            ))
        }
        Some(t)
            if t != ExpirationType::SpecifiedDate && body.expiration_offset.unwrap_or(0) < 1 =>
        {
            errors.push(FieldError::new(
                POOL,
                "expirationOffset",
                body.expiration_offset,
                "must be at least 1 for this expirationType",
            ))
        }
        _ => {}
    }
    let group = if template {
        match body.identity_group_id.as_deref().filter(|s| !s.is_empty()) {
            None => identity_group_id,
            Some(s) => match Uuid::parse_str(s) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(FieldError::new(
                        POOL,
                        "identityGroupId",
                        s,
                        "must be a UUID",
                    ));
                    None
                }
            },
        }
    } else {
        identity_group_id
    };
    reject(errors)?;
    Ok(PoolFields {
        name: name.to_string(),
        passphrase_format: body
            .passphrase_format
            .map(PassphraseFormat::as_str)
            .unwrap_or_default()
            .into(),
        passphrase_length: body.passphrase_length.unwrap_or_default(),
        policy_default_access: body.policy_default_access,
        device_count_limit: body.device_count_limit,
        expiration_type: body.expiration_type.map(|t| t.as_str().to_string()),
        expiration_offset: body.expiration_offset,
        expiration_date: body.expiration_date,
        identity_group_id: group,
    })
}

pub fn pool_dto(row: &PoolRow) -> DpskPoolDto {
    DpskPoolDto {
        id: Some(row.id.to_string()),
        name: Some(row.name.clone()),
        passphrase_format: PassphraseFormat::parse(&row.passphrase_format),
        passphrase_length: Some(row.passphrase_length),
        policy_default_access: row.policy_default_access,
        device_count_limit: row.device_count_limit,
        expiration_type: row
            .expiration_type
            .as_deref()
            .and_then(ExpirationType::parse),
        expiration_offset: row.expiration_offset,
        expiration_date: row.expiration_date,
        created_date: Some(row.created_at),
        last_modified_date: Some(row.updated_at),
        is_referenced: Some(row.is_referenced),
        // r1 serves no Wi-Fi network API, so no network uses a pool.
        network_count: Some(0),
        is_enforced: Some(false),
        identity_id: None,
        identity_group_id: row.identity_group_id.map(|g| g.to_string()),
        policy_set_id: row.policy_set_id.clone(),
        template_version: row.is_template.then_some(row.template_version),
    }
}

pub async fn create_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: &DpskPoolDto,
    identity_group_id: Option<Uuid>,
    template: bool,
) -> Result<Uuid, ApiError> {
    let fields = check_pool(body, template, identity_group_id)?;
    repo::insert_pool(conn, tenant_id, template, &fields)
        .await
        .map_err(conflict)
}

/// The pool (or template) with this path id, or 404.
pub async fn load_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    template: bool,
) -> Result<PoolRow, ApiError> {
    let Some(uuid) = parse_id(id) else {
        return Err(pool_not_found(id, template));
    };
    repo::find_pool(conn, tenant_id, uuid)
        .await?
        .filter(|p| p.is_template == template)
        .ok_or_else(|| pool_not_found(id, template))
}

/// PUT: every editable field from the body.
pub async fn update_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    body: &DpskPoolDto,
    template: bool,
) -> Result<Uuid, ApiError> {
    let pool = load_pool(conn, tenant_id, id, template).await?;
    let fields = check_pool(body, template, pool.identity_group_id)?;
    repo::update_pool(conn, tenant_id, pool.id, &fields)
        .await
        .map_err(conflict)?;
    Ok(pool.id)
}

/// Members of `patch` replace those of `current`; the others stay.
pub fn merge(current: Value, patch: &Value) -> Result<Value, ApiError> {
    let Value::Object(changes) = patch else {
        return Err(ApiError::BadRequest(
            "The request body must be a JSON object".into(),
        ));
    };
    let mut merged = current;
    if let Value::Object(map) = &mut merged {
        for (k, v) in changes {
            map.insert(k.clone(), v.clone());
        }
    }
    Ok(merged)
}

fn from_merged<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, ApiError> {
    serde_json::from_value(v)
        .map_err(|e| ApiError::BadRequest(format!("Invalid request body: {e}")))
}

/// The members the bundle's `DpskPoolDto` requires, in every body that
/// carries one (PATCH included: the bundle gives it the same schema).
const POOL_REQUIRED: [&str; 3] = ["name", "passphraseFormat", "passphraseLength"];

/// PATCH: the required members must be sent; of the others, only those
/// sent change.
pub async fn patch_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    patch: &Value,
    template: bool,
) -> Result<Uuid, ApiError> {
    let pool = load_pool(conn, tenant_id, id, template).await?;
    if patch.is_object() {
        reject(
            POOL_REQUIRED
                .iter()
                .filter(|m| patch.get(**m).is_none_or(Value::is_null))
                .map(|m| FieldError::new(POOL, *m, Value::Null, "must not be null"))
                .collect(),
        )?;
    }
    let current = serde_json::to_value(pool_dto(&pool)).map_err(ApiError::internal)?;
    let body: DpskPoolDto = from_merged(merge(current, patch)?)?;
    let fields = check_pool(&body, template, pool.identity_group_id)?;
    repo::update_pool(conn, tenant_id, pool.id, &fields)
        .await
        .map_err(conflict)?;
    Ok(pool.id)
}

pub async fn delete_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    template: bool,
) -> Result<Uuid, ApiError> {
    let pool = load_pool(conn, tenant_id, id, template).await?;
    if pool.is_referenced {
        return Err(ApiError::Unprocessable(format!(
            "DPSK pool {} has passphrases referenced by identities and cannot be deleted",
            pool.id
        )));
    }
    repo::delete_pool(conn, tenant_id, pool.id).await?;
    Ok(pool.id)
}

pub async fn clone_template(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    req: &TemplateCloneSettingsRequest,
) -> Result<Uuid, ApiError> {
    let source = load_pool(conn, tenant_id, id, true).await?;
    let mut body = pool_dto(&source);
    body.name = req.name.clone();
    create_pool(conn, tenant_id, &body, source.identity_group_id, true).await
}

pub async fn set_policy_set(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    policy_set_id: &str,
) -> Result<Uuid, ApiError> {
    let pool = load_pool(conn, tenant_id, id, false).await?;
    repo::set_pool_policy_set(conn, tenant_id, pool.id, Some(policy_set_id)).await?;
    Ok(pool.id)
}

pub async fn remove_policy_set(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    policy_set_id: &str,
) -> Result<Uuid, ApiError> {
    let pool = load_pool(conn, tenant_id, id, false).await?;
    if pool.policy_set_id.as_deref() != Some(policy_set_id) {
        return Err(ApiError::NotFound(format!(
            "Policy set {policy_set_id} is not associated with DPSK pool {}",
            pool.id
        )));
    }
    repo::set_pool_policy_set(conn, tenant_id, pool.id, None).await?;
    Ok(pool.id)
}

pub const POOL_SORT: SortFields = &[
    ("name", "name"),
    ("passphraseFormat", "passphrase_format"),
    ("passphraseLength", "passphrase_length"),
    ("deviceCountLimit", "device_count_limit"),
    ("expirationType", "expiration_type"),
    ("createdDate", "created_at"),
    ("lastModifiedDate", "updated_at"),
];

const POOL_SEARCH: SortFields = &[("name", "name"), ("passphraseFormat", "passphrase_format")];

pub async fn query_pools(
    conn: &mut PgConnection,
    tenant_id: &str,
    template: bool,
    q: &QueryRequest<DpskPoolFilters>,
) -> Result<QueryResponse<Value>, ApiError> {
    let window = q.window()?;
    let order = q.order(POOL_SORT, Order::by("created_at", false))?;
    let filters = q.filters.clone().unwrap_or_default();
    let filter = PoolFilter {
        formats: filters.passphrase_format,
        only_enforced: filters.is_enforced == Some(true),
        search: q.search(POOL_SEARCH)?,
    };
    let (total, rows) = repo::query_pools(
        conn,
        tenant_id,
        template,
        &filter,
        &order,
        window.limit(),
        window.offset(),
    )
    .await?;
    let data = rows
        .iter()
        .map(|r| serde_json::to_value(pool_dto(r)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    Ok(QueryResponse::new(
        q.fields.clone(),
        window,
        total,
        q.project(data),
    ))
}

// ---------------------------------------------------------- passphrases

const PASSPHRASE: &str = "dpskPassphraseDto";

/// The most passphrases one create may generate (the vendor's UI limit).
pub const MAX_GENERATED: i32 = 5000;

fn blank_to_none(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Checks the members a create and an update share.
fn check_contact(
    object: &str,
    prefix: &str,
    vlan_id: Option<i32>,
    email: &Option<String>,
    phone: &Option<String>,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = vlan_id.filter(|v| !(1..=4094).contains(v)) {
        errors.push(FieldError::new(
            object,
            format!("{prefix}vlanId"),
            v,
            "must be between 1 and 4094",
        ));
    }
    if let Some(e) = email.as_deref() {
        if e.chars().count() > 255 || !rules::is_email(e) {
            errors.push(FieldError::new(
                object,
                format!("{prefix}email"),
                e,
                "must be a well-formed email address",
            ));
        }
    }
    if let Some(p) = phone.as_deref().filter(|p| !p.is_empty()) {
        if !rules::is_phone(p) {
            errors.push(FieldError::new(
                object,
                format!("{prefix}phoneNumber"),
                p,
                "must be a valid phone number",
            ));
        }
    }
}

/// What a create item becomes: rows to insert (a given passphrase or the
/// format and length to generate them with) and the device to bind.
struct PlannedCreate {
    template: PassphraseFields,
    given: bool,
    count: i32,
    format: PassphraseFormat,
    length: i32,
    mac: Option<String>,
}

fn plan_create(
    pool: &PoolRow,
    item: &DpskPassphraseCreateDto,
    prefix: &str,
    errors: &mut Vec<FieldError>,
) -> PlannedCreate {
    let object = "dpskPassphraseCreateDto";
    let count = item.number_of_passphrases.unwrap_or(1);
    if !(1..=MAX_GENERATED).contains(&count) {
        errors.push(FieldError::new(
            object,
            format!("{prefix}numberOfPassphrases"),
            count,
            "must be between 1 and 5000",
        ));
    }
    let given = blank_to_none(&item.passphrase);
    if let Some(p) = &given {
        if !rules::is_passphrase(p) {
            errors.push(FieldError::new(
                object,
                format!("{prefix}passphrase"),
                p,
                "must be 8 to 63 printable ASCII characters",
            ));
        }
        if count > 1 {
            errors.push(FieldError::new(
                object,
                format!("{prefix}numberOfPassphrases"),
                count,
                "must be 1 when a passphrase is given",
            ));
        }
    }
    if let Some(n) = item
        .length
        .filter(|n| !(passphrase_gen::MIN_LENGTH..=passphrase_gen::MAX_LENGTH).contains(n))
    {
        errors.push(FieldError::new(
            object,
            format!("{prefix}length"),
            n,
            "must be between 8 and 63",
        ));
    }
    let mac = match blank_to_none(&item.mac) {
        None => None,
        Some(m) => match rules::normalize_mac(&m) {
            Some(n) if count > 1 => {
                errors.push(FieldError::new(
                    object,
                    format!("{prefix}mac"),
                    &m,
                    "can bind only one passphrase",
                ));
                Some(n)
            }
            Some(n) => Some(n),
            None => {
                errors.push(FieldError::new(
                    object,
                    format!("{prefix}mac"),
                    &m,
                    "must be a MAC address",
                ));
                None
            }
        },
    };
    if let Some(v) = item.vxlan_id.filter(|v| !(0..=16_777_215).contains(v)) {
        errors.push(FieldError::new(
            object,
            format!("{prefix}vxlanId"),
            v,
            "must be between 0 and 16777215",
        ));
    }
    let email = blank_to_none(&item.email);
    let phone = blank_to_none(&item.phone_number);
    check_contact(object, prefix, item.vlan_id, &email, &phone, errors);
    let number_of_devices = match item.number_of_devices_type {
        Some(NumberOfDevicesType::Unlimited) => None,
        Some(NumberOfDevicesType::Limited) => {
            Some(rules::adjust_devices(item.number_of_devices.unwrap_or(1)))
        }
        None => item.number_of_devices.map(rules::adjust_devices),
    };
    let now = Utc::now();
    let expiration_date = match (item.expiration_date, item.expiration) {
        (Some(date), _) => Some(date),
        (None, Some(e)) => rules::expiration_date(e, now),
        (None, None) => rules::pool_expiration_date(
            pool.expiration_type
                .as_deref()
                .and_then(ExpirationType::parse),
            pool.expiration_offset,
            pool.expiration_date,
            now,
        ),
    };
    PlannedCreate {
        template: PassphraseFields {
            passphrase: given.clone().unwrap_or_default(),
            username: blank_to_none(&item.username),
            vlan_id: item.vlan_id,
            vxlan_id: item.vxlan_id,
            number_of_devices,
            expiration_date,
            email,
            phone_number: phone,
            revocation_reason: None,
            is_referenced: false,
        },
        given: given.is_some(),
        count,
        format: item
            .format
            .or_else(|| PassphraseFormat::parse(&pool.passphrase_format))
            .unwrap_or(PassphraseFormat::MostSecured),
        length: item.length.unwrap_or(pool.passphrase_length),
        mac,
    }
}

/// Inserts `count` generated passphrases like `template`, drawing again for
/// any the pool already holds.
async fn insert_generated(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    template: &PassphraseFields,
    count: usize,
    format: PassphraseFormat,
    length: i32,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    let mut inserted = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    while inserted.len() < count {
        let rows: Vec<PassphraseFields> =
            std::iter::repeat_with(|| passphrase_gen::generate(format, length))
                .filter(|p| seen.insert(p.clone()))
                .take(count - inserted.len())
                .map(|passphrase| PassphraseFields {
                    passphrase,
                    ..template.clone()
                })
                .collect();
        inserted.extend(repo::insert_passphrases(conn, tenant_id, pool_id, &rows, true).await?);
    }
    Ok(inserted)
}

/// Creates passphrases in a pool; returns their ids in request order.
pub async fn create_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    items: &[DpskPassphraseCreateDto],
    is_referenced: bool,
) -> Result<Vec<Uuid>, ApiError> {
    if items.is_empty() {
        return Err(ApiError::field(
            "passphrases",
            "passphrases",
            Value::Array(vec![]),
            "must not be empty",
        ));
    }
    let mut errors = Vec::new();
    let plans: Vec<PlannedCreate> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let prefix = if items.len() > 1 {
                format!("passphrases[{i}].")
            } else {
                String::new()
            };
            plan_create(pool, item, &prefix, &mut errors)
        })
        .collect();
    reject(errors)?;
    let mut ids = Vec::new();
    let mut devices = Vec::new();
    for mut plan in plans {
        plan.template.is_referenced = is_referenced;
        let rows = if plan.given {
            repo::insert_passphrases(
                conn,
                tenant_id,
                pool.id,
                std::slice::from_ref(&plan.template),
                false,
            )
            .await
            .map_err(conflict)?
        } else {
            insert_generated(
                conn,
                tenant_id,
                pool.id,
                &plan.template,
                plan.count as usize,
                plan.format,
                plan.length,
            )
            .await?
        };
        if let Some(mac) = &plan.mac {
            devices.extend(rows.iter().map(|(id, _)| (*id, mac.clone())));
        }
        ids.extend(rows.into_iter().map(|(id, _)| id));
    }
    repo::insert_devices(conn, tenant_id, &devices).await?;
    Ok(ids)
}

pub fn passphrase_dto(
    row: &PassphraseRow,
    devices: Vec<DpskPassphraseDeviceDto>,
) -> DpskPassphraseDto {
    DpskPassphraseDto {
        id: Some(row.id.to_string()),
        passphrase: Some(row.passphrase.clone()),
        username: row.username.clone(),
        vlan_id: row.vlan_id,
        number_of_devices: row.number_of_devices,
        created_date: Some(row.created_at),
        last_modified_date: Some(row.updated_at),
        expiration_date: row.expiration_date,
        email: row.email.clone(),
        phone_number: row.phone_number.clone(),
        revocation_date: row.revocation_date,
        revocation_reason: row.revocation_reason.clone(),
        devices: Some(devices),
        is_referenced: Some(row.is_referenced),
    }
}

pub fn device_dto(mac: String) -> DpskPassphraseDeviceDto {
    DpskPassphraseDeviceDto {
        mac,
        last_connected_network: None,
        last_connected_network_id: None,
        last_connected_time: None,
        device_connectivity: None,
        device_passphrase: None,
        last_connected: None,
        online: false,
    }
}

/// The passphrase with this path id in this pool, or 404.
pub async fn load_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
) -> Result<PassphraseRow, ApiError> {
    let Some(uuid) = parse_id(id) else {
        return Err(passphrase_not_found(id));
    };
    repo::find_passphrase(conn, tenant_id, pool.id, uuid)
        .await?
        .ok_or_else(|| passphrase_not_found(id))
}

/// A GET of one passphrase: one statement reads it with its devices; only
/// when it is missing does the pool say which 404 it is.
pub async fn get_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: &str,
    id: &str,
) -> Result<DpskPassphraseDto, ApiError> {
    if let (Some(pool_uuid), Some(uuid)) = (parse_id(pool_id), parse_id(id)) {
        if let Some((row, macs)) =
            repo::find_pool_passphrase_with_devices(conn, tenant_id, pool_uuid, uuid).await?
        {
            return Ok(passphrase_dto(
                &row,
                macs.into_iter().map(device_dto).collect(),
            ));
        }
    }
    load_pool(conn, tenant_id, pool_id, false).await?;
    Err(passphrase_not_found(id))
}

/// The passphrases' DTOs with (at most `max_devices` of) their devices.
pub async fn with_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    rows: &[PassphraseRow],
    max_devices: Option<usize>,
) -> Result<Vec<DpskPassphraseDto>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut by_id: std::collections::HashMap<Uuid, Vec<DpskPassphraseDeviceDto>> =
        Default::default();
    for d in repo::devices_of(conn, tenant_id, &ids).await? {
        let list = by_id.entry(d.passphrase_id).or_default();
        if max_devices.is_none_or(|m| list.len() < m) {
            list.push(device_dto(d.mac));
        }
    }
    Ok(rows
        .iter()
        .map(|r| passphrase_dto(r, by_id.remove(&r.id).unwrap_or_default()))
        .collect())
}

/// An update body checked against the passphrase it replaces. A missing
/// `passphrase` keeps the current one.
fn check_update(
    current: &PassphraseRow,
    body: &DpskPassphraseDto,
) -> Result<PassphraseFields, ApiError> {
    let mut errors = Vec::new();
    let passphrase = blank_to_none(&body.passphrase).unwrap_or_else(|| current.passphrase.clone());
    if !rules::is_passphrase(&passphrase) {
        errors.push(FieldError::new(
            PASSPHRASE,
            "passphrase",
            &passphrase,
            "must be 8 to 63 printable ASCII characters",
        ));
    }
    let email = blank_to_none(&body.email);
    let phone = blank_to_none(&body.phone_number);
    check_contact(PASSPHRASE, "", body.vlan_id, &email, &phone, &mut errors);
    reject(errors)?;
    Ok(PassphraseFields {
        passphrase,
        username: blank_to_none(&body.username),
        vlan_id: body.vlan_id,
        vxlan_id: current.vxlan_id,
        number_of_devices: body.number_of_devices.map(rules::adjust_devices),
        expiration_date: body.expiration_date,
        email,
        phone_number: phone,
        revocation_reason: blank_to_none(&body.revocation_reason),
        is_referenced: current.is_referenced,
    })
}

async fn apply_update(
    conn: &mut PgConnection,
    tenant_id: &str,
    current: &PassphraseRow,
    body: &DpskPassphraseDto,
) -> Result<(), ApiError> {
    let fields = check_update(current, body)?;
    repo::update_passphrase(conn, tenant_id, current.pool_id, current.id, &fields)
        .await
        .map_err(conflict)?;
    Ok(())
}

/// PUT: the body replaces the passphrase's editable fields.
pub async fn update_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
    body: &DpskPassphraseDto,
) -> Result<Uuid, ApiError> {
    let current = load_passphrase(conn, tenant_id, pool, id).await?;
    apply_update(conn, tenant_id, &current, body).await?;
    Ok(current.id)
}

async fn patch_one(
    conn: &mut PgConnection,
    tenant_id: &str,
    current: &PassphraseRow,
    patch: &Value,
) -> Result<(), ApiError> {
    let base =
        serde_json::to_value(passphrase_dto(current, Vec::new())).map_err(ApiError::internal)?;
    let body: DpskPassphraseDto = from_merged(merge(base, patch)?)?;
    apply_update(conn, tenant_id, current, &body).await
}

/// PATCH: only the members sent change.
pub async fn patch_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
    patch: &Value,
) -> Result<Uuid, ApiError> {
    let current = load_passphrase(conn, tenant_id, pool, id).await?;
    patch_one(conn, tenant_id, &current, patch).await?;
    Ok(current.id)
}

/// Each passphrase's changes from a bulk update body: the bundle's
/// `{ids, changes}` (the same changes for each) or the SDK's
/// `{passphrases: [{id, ...}]}` (each its own).
pub fn passphrase_changes(body: PassphrasesPatchBody) -> Result<Vec<(String, Value)>, ApiError> {
    match body {
        PassphrasesPatchBody::Bundle(req) => {
            if req.ids.is_empty() {
                return Err(ApiError::field(
                    "dpskPassphrasesPatchRequest",
                    "ids",
                    Value::Array(vec![]),
                    "size must be at least 1",
                ));
            }
            Ok(req
                .ids
                .into_iter()
                .map(|id| (id, req.changes.clone()))
                .collect())
        }
        PassphrasesPatchBody::EachItsOwn(list) => {
            if list.passphrases.is_empty() {
                return Err(ApiError::field(
                    "dpskPassphrasesPatchRequest",
                    "passphrases",
                    Value::Array(vec![]),
                    "size must be at least 1",
                ));
            }
            let mut errors = Vec::new();
            let mut changes = Vec::new();
            for (i, mut item) in list.passphrases.into_iter().enumerate() {
                match item.remove("id") {
                    Some(Value::String(id)) if !id.trim().is_empty() => {
                        changes.push((id, Value::Object(item)))
                    }
                    other => errors.push(FieldError::new(
                        "dpskPassphrasesPatchRequest",
                        format!("passphrases[{i}].id"),
                        other.unwrap_or(Value::Null),
                        "must be a passphrase id",
                    )),
                }
            }
            reject(errors)?;
            Ok(changes)
        }
    }
}

/// Applies each passphrase's changes; all or none (the caller's transaction).
pub async fn patch_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    changes: &[(String, Value)],
) -> Result<(), ApiError> {
    for (id, patch) in changes {
        let current = load_passphrase(conn, tenant_id, pool, id).await?;
        patch_one(conn, tenant_id, &current, patch).await?;
    }
    Ok(())
}

/// Deletes passphrases by id; any unknown or referenced one stops them all.
pub async fn delete_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    ids: &[String],
    allow_referenced: bool,
) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::field(
            "passphraseIds",
            "ids",
            Value::Array(vec![]),
            "must not be empty",
        ));
    }
    let mut uuids = Vec::with_capacity(ids.len());
    for id in ids {
        uuids.push(parse_id(id).ok_or_else(|| passphrase_not_found(id))?);
    }
    let found = repo::passphrases_among(conn, tenant_id, pool.id, &uuids).await?;
    if let Some(missing) = uuids.iter().find(|u| !found.iter().any(|(f, _)| f == *u)) {
        return Err(passphrase_not_found(missing));
    }
    if !allow_referenced {
        if let Some((id, _)) = found.iter().find(|(_, referenced)| *referenced) {
            return Err(ApiError::Unprocessable(format!(
                "DPSK passphrase {id} is referenced by an identity and cannot be deleted"
            )));
        }
    }
    repo::delete_passphrases(conn, tenant_id, pool.id, &uuids).await?;
    Ok(())
}

pub const PASSPHRASE_SORT: SortFields = &[
    ("createdDate", "p.created_at"),
    ("lastModifiedDate", "p.updated_at"),
    ("username", "p.username"),
    ("passphrase", "p.passphrase"),
    ("vlanId", "p.vlan_id"),
    ("numberOfDevices", "p.number_of_devices"),
    ("expirationDate", "p.expiration_date"),
    ("email", "p.email"),
    ("phoneNumber", "p.phone_number"),
    ("revocationDate", "p.revocation_date"),
    ("revocationReason", "p.revocation_reason"),
];

const PASSPHRASE_SEARCH: SortFields = &[
    ("username", "p.username"),
    ("passphrase", "p.passphrase"),
    ("email", "p.email"),
    ("phoneNumber", "p.phone_number"),
    ("vlanId", "p.vlan_id"),
    ("mac", repo::MAC_COLUMN),
];

pub fn default_passphrase_order() -> Order {
    Order::by("p.created_at", false)
}

/// The filter and search of a passphrase query, checked.
pub fn passphrase_filter(
    q: &QueryRequest<DpskPassphraseFilters>,
) -> Result<PassphraseFilter, ApiError> {
    let f = q.filters.clone().unwrap_or_default();
    let macs = match f.mac {
        None => None,
        Some(macs) => Some(
            macs.iter()
                .map(|m| {
                    rules::normalize_mac(m).ok_or_else(|| {
                        ApiError::field("filters", "mac", m, "must be a MAC address")
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    Ok(PassphraseFilter {
        network_ids: f.network_id,
        vlan_ids: f.vlan_id,
        passphrases: f.passphrase,
        macs,
        usernames: f.username,
        emails: f.email,
        phone_numbers: f.phone_number,
        statuses: f.status,
        search: q.search(PASSPHRASE_SEARCH)?,
    })
}

pub async fn query_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    q: &QueryRequest<DpskPassphraseFilters>,
    max_devices: Option<i32>,
) -> Result<QueryResponse<Value>, ApiError> {
    let window = q.window()?;
    let order = q.order(PASSPHRASE_SORT, default_passphrase_order())?;
    let filter = passphrase_filter(q)?;
    let (total, rows) = repo::query_passphrases(
        conn,
        tenant_id,
        pool.id,
        &filter,
        &order,
        window.limit(),
        window.offset(),
    )
    .await?;
    let max = max_devices.map(|m| m.max(0) as usize);
    let data = with_devices(conn, tenant_id, &rows, max)
        .await?
        .into_iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    Ok(QueryResponse::new(
        q.fields.clone(),
        window,
        total,
        q.project(data),
    ))
}

// -------------------------------------------------------------- devices

fn check_macs(macs: &[String]) -> Result<Vec<String>, ApiError> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, m) in macs.iter().enumerate() {
        match rules::normalize_mac(m) {
            Some(n) if !out.contains(&n) => out.push(n),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "devices",
                format!("[{i}]"),
                m,
                "must be a MAC address",
            )),
        }
    }
    reject(errors)?;
    Ok(out)
}

/// The passphrase's own limit, else its pool's; `None` is unlimited.
fn device_limit(pool: &PoolRow, p: &PassphraseRow) -> Option<i32> {
    p.number_of_devices.or(pool.device_count_limit)
}

fn enforce_limit(pool: &PoolRow, p: &PassphraseRow, count: usize) -> Result<(), ApiError> {
    match device_limit(pool, p) {
        Some(limit) if count > limit as usize => Err(ApiError::Unprocessable(format!(
            "DPSK passphrase {} allows at most {limit} devices",
            p.id
        ))),
        _ => Ok(()),
    }
}

pub async fn device_macs(
    conn: &mut PgConnection,
    tenant_id: &str,
    p: &PassphraseRow,
) -> Result<Vec<String>, ApiError> {
    Ok(repo::devices_of(conn, tenant_id, &[p.id])
        .await?
        .into_iter()
        .map(|d| d.mac)
        .collect())
}

/// Adds devices; the passphrase's device limit holds.
pub async fn add_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    p: &PassphraseRow,
    macs: &[String],
) -> Result<(), ApiError> {
    let macs = check_macs(macs)?;
    if macs.is_empty() {
        return Err(ApiError::field(
            "devices",
            "devices",
            Value::Array(vec![]),
            "must not be empty",
        ));
    }
    let mut all = device_macs(conn, tenant_id, p).await?;
    all.extend(
        macs.iter()
            .filter(|m| !all.contains(m))
            .cloned()
            .collect::<Vec<_>>(),
    );
    enforce_limit(pool, p, all.len())?;
    let rows: Vec<(Uuid, String)> = macs.into_iter().map(|m| (p.id, m)).collect();
    repo::insert_devices(conn, tenant_id, &rows).await?;
    Ok(())
}

/// Replaces the passphrase's devices with these.
pub async fn replace_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    p: &PassphraseRow,
    macs: &[String],
) -> Result<(), ApiError> {
    let macs = check_macs(macs)?;
    enforce_limit(pool, p, macs.len())?;
    repo::clear_devices(conn, tenant_id, p.id).await?;
    let rows: Vec<(Uuid, String)> = macs.into_iter().map(|m| (p.id, m)).collect();
    repo::insert_devices(conn, tenant_id, &rows).await?;
    Ok(())
}

/// Removes devices by MAC; a MAC the passphrase does not have is a 404.
pub async fn remove_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    p: &PassphraseRow,
    macs: &[String],
) -> Result<(), ApiError> {
    let macs = check_macs(macs)?;
    let have = device_macs(conn, tenant_id, p).await?;
    if let Some(missing) = macs.iter().find(|m| !have.contains(m)) {
        return Err(ApiError::NotFound(format!(
            "Device {missing} not found on DPSK passphrase {}",
            p.id
        )));
    }
    repo::delete_devices(conn, tenant_id, p.id, &macs).await?;
    Ok(())
}

const DEVICE_SORT: SortFields = &[("mac", "mac")];

/// A query page over one passphrase's devices (few enough to page in memory).
pub fn query_devices(
    macs: Vec<String>,
    q: &QueryRequest<Value>,
) -> Result<QueryResponse<Value>, ApiError> {
    let window = q.window()?;
    let order = q.order(DEVICE_SORT, Order::by("mac", false))?;
    let search = q.search(DEVICE_SORT)?;
    let mut macs: Vec<String> = match &search {
        Some((text, _)) => {
            let text = text.to_ascii_uppercase();
            macs.into_iter().filter(|m| m.contains(&text)).collect()
        }
        None => macs,
    };
    if q.sort_field.is_some() || q.sort_order.is_some() {
        macs.sort();
        if order != Order::by("mac", false) {
            macs.reverse();
        }
    }
    let total = macs.len() as i64;
    let data = macs
        .into_iter()
        .skip(window.offset() as usize)
        .take(window.limit() as usize)
        .map(|m| serde_json::to_value(device_dto(m)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    Ok(QueryResponse::new(
        q.fields.clone(),
        window,
        total,
        q.project(data),
    ))
}
