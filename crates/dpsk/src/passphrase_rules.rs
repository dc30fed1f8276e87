//! The passphrase rules that need neither HTTP nor a database: what a
//! create item becomes, what an update body sets, and the changes of a bulk
//! update, each naming every rejected field.

use chrono::Utc;
use r1_core::{error::FieldError, validation::reject, ApiError};
use serde_json::Value;

use crate::{
    model::*,
    passphrase_gen,
    repo::{PassphraseFields, PassphraseRow, PoolRow},
    rules,
};

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
pub struct PlannedCreate {
    pub template: PassphraseFields,
    pub given: bool,
    pub count: i32,
    pub format: PassphraseFormat,
    pub length: i32,
    pub mac: Option<String>,
}

pub fn plan_create(
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

/// An update body checked against the passphrase it replaces. A missing
/// `passphrase` keeps the current one.
pub fn check_update(
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
