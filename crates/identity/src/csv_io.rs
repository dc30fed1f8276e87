//! CSV import and export of identities and groups: plain functions over
//! text, no HTTP and no database.

use chrono::{DateTime, Utc};
use r1_core::{
    csv_http::{nul_cell, NUL_MESSAGE},
    error::FieldError,
    export_dates::DateStyle,
};

use crate::{
    model::IdentityCreate,
    repo::{GroupRow, IdentityRow},
    rules,
};

/// The columns an import may carry (header names, any case); `name` is
/// required.
pub const IMPORT_COLUMNS: [&str; 8] = [
    "name",
    "displayName",
    "email",
    "phoneNumber",
    "description",
    "vlan",
    "expirationDate",
    "dpskPassphrase",
];

fn row_error(line: usize, field: &str, value: &str, message: &str) -> FieldError {
    FieldError::new("csvFile", format!("row {line}: {field}"), value, message)
}

/// Parses an import file: every row valid, or every bad row named (rows are
/// numbered as lines, the header being line 1).
pub fn parse_import(text: &[u8]) -> Result<Vec<IdentityCreate>, Vec<FieldError>> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![row_error(1, "header", "", &e.to_string())]),
    };
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for h in headers.iter() {
        match IMPORT_COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(h)) {
            Some(c) => columns.push(*c),
            None => errors.push(row_error(
                1,
                "header",
                h,
                &format!("unknown column; columns are {}", IMPORT_COLUMNS.join(", ")),
            )),
        }
    }
    if !columns.contains(&"name") {
        errors.push(row_error(1, "header", "", "the name column is required"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(row_error(line, "row", "", &e.to_string()));
                continue;
            }
        };
        if let Some(i) = nul_cell(record.iter()) {
            let column = columns.get(i).copied().unwrap_or("row");
            errors.push(row_error(line, column, "", NUL_MESSAGE));
            continue;
        }
        let mut body = IdentityCreate::default();
        for (column, value) in columns.iter().zip(record.iter()) {
            let text = (!value.is_empty()).then(|| value.to_string());
            match *column {
                "name" => body.name = value.to_string(),
                "displayName" => body.display_name = text,
                "email" => body.email = text,
                "phoneNumber" => body.phone_number = text,
                "description" => body.description = text,
                "dpskPassphrase" => body.dpsk_passphrase = text,
                "vlan" => match text.map(|t| t.parse::<i32>()) {
                    None => {}
                    Some(Ok(v)) => body.vlan = Some(v),
                    Some(Err(_)) => {
                        errors.push(row_error(line, "vlan", value, "must be an integer"))
                    }
                },
                "expirationDate" => match text.map(|t| DateTime::parse_from_rfc3339(&t)) {
                    None => {}
                    Some(Ok(d)) => body.expiration_date = Some(d.with_timezone(&Utc)),
                    Some(Err(_)) => errors.push(row_error(
                        line,
                        "expirationDate",
                        value,
                        "must be an ISO-8601 date-time",
                    )),
                },
                _ => {}
            }
        }
        for e in rules::validate_identity(&rules::identity_values(&body)) {
            let value = e.rejected_value.as_str().unwrap_or_default().to_string();
            errors.push(row_error(line, &e.field, &value, &e.message));
        }
        out.push(body);
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(row_error(1, "file", "", "the file has no identities"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The bundle's default `date-format` of the identity exports.
pub const DEFAULT_DATE_FORMAT: &str = "yyyyMMddHHmmss";

fn write(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn export_identities(rows: &[IdentityRow], dates: &DateStyle) -> String {
    let mut out = vec![[
        "id",
        "groupId",
        "name",
        "displayName",
        "email",
        "phoneNumber",
        "description",
        "vlan",
        "vni",
        "dpskPassphrase",
        "revoked",
        "expirationDate",
        "createdAt",
    ]
    .map(str::to_string)
    .to_vec()];
    for r in rows {
        out.push(vec![
            r.id.to_string(),
            r.group_id.to_string(),
            r.name.clone(),
            opt(&r.display_name),
            opt(&r.email),
            opt(&r.phone_number),
            opt(&r.description),
            r.vlan.map(|v| v.to_string()).unwrap_or_default(),
            r.vni.map(|v| v.to_string()).unwrap_or_default(),
            opt(&r.dpsk_passphrase),
            r.revoked.to_string(),
            r.expiration_date
                .map(|d| dates.render(d))
                .unwrap_or_default(),
            dates.render(r.created_at),
        ]);
    }
    write(out)
}

pub fn export_groups(rows: &[GroupRow], dates: &DateStyle) -> String {
    let mut out = vec![[
        "id",
        "name",
        "description",
        "dpskPoolId",
        "macRegistrationPoolId",
        "policySetId",
        "identityCount",
        "createdAt",
        "updatedAt",
    ]
    .map(str::to_string)
    .to_vec()];
    for g in rows {
        out.push(vec![
            g.id.to_string(),
            g.name.clone(),
            opt(&g.description),
            opt(&g.dpsk_pool_id),
            opt(&g.mac_registration_pool_id),
            opt(&g.policy_set_id),
            g.identity_count.to_string(),
            dates.render(g.created_at),
            dates.render(g.updated_at),
        ]);
    }
    write(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_name_every_bad_row() {
        let ok = parse_import(b"name,email,vlan\nalice,alice@example.com,10\nbob,,\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].vlan, Some(10));
        assert_eq!(ok[1].email, None);
        let errors =
            parse_import(b"name,email,vlan\n,x@example.com,1\nbob,nope,5000\n").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["row 2: name", "row 3: email", "row 3: vlan"]);
        let errors = parse_import(b"name,email\nal\0ice,x@example.com\n").unwrap_err();
        assert_eq!(errors[0].field, "row 2: name");
        assert!(errors[0].message.contains("NUL"), "{:?}", errors[0]);
    }

    #[test]
    fn imports_refuse_unknown_columns_and_empty_files() {
        let errors = parse_import(b"name,colour\nalice,red\n").unwrap_err();
        assert_eq!(errors[0].field, "row 1: header");
        assert!(parse_import(b"name\n").is_err());
        assert!(parse_import(b"email\nx@example.com\n").is_err());
        assert!(parse_import(b"\xEF\xBB\xBFName\nalice\n").is_ok());
    }
}
