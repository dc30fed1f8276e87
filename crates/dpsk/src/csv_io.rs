//! The passphrase CSV file: the columns the export writes and the import
//! reads, row checks with row and column named in each error, and the
//! streamed export.

use std::collections::HashSet;

use axum::body::{Body, Bytes};
use chrono::{DateTime, NaiveDateTime, Utc};
use futures::{SinkExt, StreamExt};
use r1_core::{
    csv_http::{nul_cell, NUL_MESSAGE},
    error::FieldError,
    export_dates::DateStyle,
    pagination::Order,
    ApiError,
};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    model::PassphraseFormat,
    passphrase_gen,
    pools::{self, Kind},
    repo::{self, ExportRow, PassphraseFields, PassphraseFilter},
    rules,
};

pub const USERNAME: &str = "Username";
pub const PASSPHRASE: &str = "Passphrase";
pub const DEVICES: &str = "Number of Devices";
pub const MAC: &str = "MAC Address";
pub const VLAN: &str = "VLAN ID";
pub const VXLAN: &str = "VXLAN ID";
pub const EXPIRATION: &str = "Expiration Date";
pub const EMAIL: &str = "Contact Email Address";
pub const PHONE: &str = "Contact Phone Number";
pub const REVOCATION_REASON: &str = "Revocation Reason";
pub const REVOCATION_DATE: &str = "Revocation Date";
pub const STATUS: &str = "Status";
pub const CREATED: &str = "Created Date";

/// The export's columns, in order. The import reads the ones it can set and
/// ignores the computed ones (status and dates the server sets).
pub const COLUMNS: [&str; 13] = [
    USERNAME,
    PASSPHRASE,
    DEVICES,
    MAC,
    VLAN,
    VXLAN,
    EXPIRATION,
    EMAIL,
    PHONE,
    STATUS,
    REVOCATION_REASON,
    REVOCATION_DATE,
    CREATED,
];

/// The vendor's default `date-format`.
pub const DEFAULT_DATE_FORMAT: &str = "dd/MM/yyyy HH:mm";
/// The UI's import limit.
pub const MAX_ROWS: usize = 10_000;
/// A device count the export writes for "no limit".
const UNLIMITED: &str = "Unlimited";

/// How the export writes a date that may be absent.
fn write_date(style: &DateStyle, d: Option<DateTime<Utc>>) -> String {
    d.map(|d| style.render(d)).unwrap_or_default()
}

fn status(row: &repo::PassphraseRow, now: DateTime<Utc>) -> &'static str {
    if row.revocation_date.is_some() {
        "REVOKED"
    } else if row.expiration_date.is_some_and(|d| d <= now) {
        "EXPIRED"
    } else {
        "ACTIVE"
    }
}

fn record(row: &ExportRow, style: &DateStyle, now: DateTime<Utc>) -> [String; 13] {
    let p = &row.passphrase;
    let num = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    [
        p.username.clone().unwrap_or_default(),
        p.passphrase.clone(),
        p.number_of_devices
            .map(|n| n.to_string())
            .unwrap_or_else(|| UNLIMITED.into()),
        row.macs.clone().unwrap_or_default(),
        num(p.vlan_id),
        num(p.vxlan_id),
        write_date(style, p.expiration_date),
        p.email.clone().unwrap_or_default(),
        p.phone_number.clone().unwrap_or_default(),
        status(p, now).into(),
        p.revocation_reason.clone().unwrap_or_default(),
        write_date(style, p.revocation_date),
        style.render(p.created_at),
    ]
}

/// Rows go out in chunks of about this many bytes.
const CHUNK: usize = 64 * 1024;

/// The export as a streamed body: rows are read from the database and
/// written out as they come, so a large pool never sits in memory.
pub fn export_body(
    db: PgPool,
    tenant_id: String,
    pool_id: Uuid,
    filter: PassphraseFilter,
    order: Order,
    style: DateStyle,
) -> Body {
    let (mut tx, rx) = futures::channel::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    tokio::spawn(async move {
        let mut query = repo::export_query(&tenant_id, pool_id, &filter, &order);
        let mut rows = query.build_query_as::<ExportRow>().fetch(&db);
        let mut out = writer();
        let now = Utc::now();
        let mut failed = None;
        if let Err(e) = out.write_record(COLUMNS) {
            failed = Some(e.to_string());
        }
        while failed.is_none() {
            match rows.next().await {
                None => break,
                Some(Err(e)) => failed = Some(e.to_string()),
                Some(Ok(row)) => {
                    if let Err(e) = out.write_record(record(&row, &style, now)) {
                        failed = Some(e.to_string());
                    } else if out.get_ref().len() >= CHUNK {
                        let chunk = take(&mut out);
                        if tx.send(Ok(chunk)).await.is_err() {
                            return; // the client went away
                        }
                    }
                }
            }
        }
        let last = match failed {
            None => Ok(take(&mut out)),
            Some(e) => {
                tracing::error!(error = %e, "DPSK passphrase export failed");
                Err(std::io::Error::other(e))
            }
        };
        let _ = tx.send(last).await;
    });
    Body::from_stream(rx)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::with_capacity(CHUNK * 2))
}

/// What the writer holds so far; it starts over empty. (Writing to memory
/// cannot fail.)
fn take(out: &mut csv::Writer<Vec<u8>>) -> Bytes {
    let full = std::mem::replace(out, writer());
    Bytes::from(full.into_inner().unwrap_or_default())
}

/// One imported row: the passphrase and the devices to bind to it.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub fields: PassphraseFields,
    pub macs: Vec<String>,
}

/// What the import checks against the pool.
pub struct ImportPool {
    pub format: PassphraseFormat,
    pub length: i32,
}

fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(s, "%d/%m/%Y %H:%M")
                .ok()
                .map(|n| n.and_utc())
        })
}

/// Reads and checks a whole file. Every bad cell is reported as
/// `{object: "row N", field: <column>}`, N counting the file's lines.
pub fn parse_import(
    bytes: &[u8],
    pool: &ImportPool,
    username_prefix: Option<&str>,
) -> Result<Vec<ImportRow>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| ApiError::field("csvFile", "header", e.to_string(), "is not valid CSV"))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let known = [
        USERNAME,
        PASSPHRASE,
        DEVICES,
        MAC,
        VLAN,
        VXLAN,
        EXPIRATION,
        EMAIL,
        PHONE,
        REVOCATION_REASON,
    ];
    if known.iter().all(|k| column(k).is_none()) {
        return Err(ApiError::field(
            "csvFile",
            "header",
            headers.iter().collect::<Vec<_>>().join(","),
            format!("must name the columns: {}", known.join(", ")),
        ));
    }
    let idx: Vec<Option<usize>> = known.iter().map(|k| column(k)).collect();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut passphrases = HashSet::new();
    let mut usernames = HashSet::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let object = format!("row {line}");
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(FieldError::new(
                    &object,
                    "record",
                    e.to_string(),
                    "is not valid CSV",
                ));
                continue;
            }
        };
        if let Some(i) = nul_cell(record.iter()) {
            let column = headers.get(i).unwrap_or("record");
            errors.push(FieldError::new(&object, column, "", NUL_MESSAGE));
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(ApiError::field(
                "csvFile",
                "file",
                line,
                format!("must contain at most {MAX_ROWS} rows"),
            ));
        }
        let cell = |i: usize| idx[i].and_then(|c| record.get(c)).unwrap_or_default();
        let mut bad = |field: &str, value: &str, message: &str| {
            errors.push(FieldError::new(&object, field, value, message))
        };
        let username = match (cell(0), username_prefix) {
            ("", Some(prefix)) => Some(format!("{prefix}{}", line - 1)),
            ("", None) => Some(format!("DPSK_User_{}", line - 1)),
            (u, Some(prefix)) => Some(format!("{prefix}{u}")),
            (u, None) => Some(u.to_string()),
        };
        if let Some(u) = &username {
            if !usernames.insert(u.clone()) {
                bad(USERNAME, u, "appears more than once in the file");
            }
        }
        let passphrase = match cell(1) {
            "" => passphrase_gen::generate(pool.format, pool.length),
            p => {
                if !rules::is_passphrase(p) {
                    bad(PASSPHRASE, p, "must be 8 to 63 printable ASCII characters");
                }
                p.to_string()
            }
        };
        if !passphrases.insert(passphrase.clone()) {
            bad(
                PASSPHRASE,
                &passphrase,
                "appears more than once in the file",
            );
        }
        let number_of_devices = match cell(2) {
            "" => Some(1),
            s if s.eq_ignore_ascii_case(UNLIMITED) => None,
            s => match s.parse::<i32>() {
                Ok(n) => Some(rules::adjust_devices(n)),
                Err(_) => {
                    bad(DEVICES, s, "must be a number or Unlimited");
                    None
                }
            },
        };
        let mut macs = Vec::new();
        for m in cell(3).split(';').map(str::trim).filter(|m| !m.is_empty()) {
            match rules::normalize_mac(m) {
                Some(n) => macs.push(n),
                None => bad(MAC, m, "must be a MAC address"),
            }
        }
        let mut int = |i: usize, field: &str, range: std::ops::RangeInclusive<i32>| match cell(i) {
            "" => None,
            s => match s.parse::<i32>().ok().filter(|v| range.contains(v)) {
                Some(v) => Some(v),
                None => {
                    errors.push(FieldError::new(
                        &object,
                        field,
                        s,
                        format!("must be a number from {} to {}", range.start(), range.end()),
                    ));
                    None
                }
            },
        };
        let vlan_id = int(4, VLAN, 1..=4094);
        let vxlan_id = int(5, VXLAN, 0..=16_777_215);
        let mut bad = |field: &str, value: &str, message: &str| {
            errors.push(FieldError::new(&object, field, value, message))
        };
        let expiration_date = match cell(6) {
            "" => None,
            s => {
                let d = parse_date(s);
                if d.is_none() {
                    bad(
                        EXPIRATION,
                        s,
                        "must be dd/MM/yyyy HH:mm (UTC) or an ISO 8601 date-time",
                    );
                }
                d
            }
        };
        let email = Some(cell(7)).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(e) = &email {
            if !rules::is_email(e) {
                bad(EMAIL, e, "must be a well-formed email address");
            }
        }
        let phone_number = Some(cell(8)).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(p) = &phone_number {
            if !rules::is_phone(p) {
                bad(PHONE, p, "must be a valid phone number");
            }
        }
        let revocation_reason = Some(cell(9)).filter(|s| !s.is_empty()).map(str::to_string);
        rows.push(ImportRow {
            fields: PassphraseFields {
                passphrase,
                username,
                vlan_id,
                vxlan_id,
                number_of_devices,
                expiration_date,
                email,
                phone_number,
                revocation_reason,
                is_referenced: false,
            },
            macs,
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if rows.is_empty() {
        return Err(ApiError::field(
            "csvFile",
            "file",
            "",
            "must contain at least one row",
        ));
    }
    Ok(rows)
}

/// The import use case: the file's rows into the pool with this path id,
/// all or none.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool_id, use_case = "ImportDpskPassphrases"))]
pub async fn import_file(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    pool_id: &str,
    file: &[u8],
    username_prefix: Option<&str>,
) -> Result<Uuid, ApiError> {
    let pool = pools::load_pool(conn, tenant_id, pool_id, Kind::Pool).await?;
    let import_pool = ImportPool {
        format: PassphraseFormat::parse(&pool.passphrase_format)
            .unwrap_or(PassphraseFormat::MostSecured),
        length: pool.passphrase_length,
    };
    let rows = parse_import(file, &import_pool, username_prefix)?;
    import(conn, tenant_id, pool.id, rows).await?;
    Ok(pool.id)
}

/// Imports checked rows into a pool: a passphrase the pool already has is
/// named by its row, and nothing is imported.
async fn import(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    rows: Vec<ImportRow>,
) -> Result<usize, ApiError> {
    let wanted: Vec<String> = rows.iter().map(|r| r.fields.passphrase.clone()).collect();
    let taken: HashSet<String> = repo::taken_passphrases(conn, tenant_id, pool_id, &wanted)
        .await?
        .into_iter()
        .collect();
    if !taken.is_empty() {
        let errors = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| taken.contains(&r.fields.passphrase))
            .map(|(i, r)| {
                FieldError::new(
                    format!("row {}", i + 2),
                    PASSPHRASE,
                    &r.fields.passphrase,
                    "already exists in the DPSK pool",
                )
            })
            .collect();
        return Err(ApiError::Validation(errors));
    }
    let fields: Vec<PassphraseFields> = rows.iter().map(|r| r.fields.clone()).collect();
    let inserted = repo::insert_passphrases(conn, tenant_id, pool_id, &fields, false).await?;
    let devices: Vec<(Uuid, String)> = inserted
        .iter()
        .zip(&rows)
        .flat_map(|((id, _), r)| r.macs.iter().map(move |m| (*id, m.clone())))
        .collect();
    repo::insert_devices(conn, tenant_id, &devices).await?;
    Ok(inserted.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POOL: ImportPool = ImportPool {
        format: PassphraseFormat::NumbersOnly,
        length: 12,
    };

    #[test]
    fn quoted_cells_unicode_and_generated_passphrases() {
        let file = "\u{feff}Username,Passphrase,MAC Address,Contact Email Address\n\
                    \"Müller, Jörg\",\"pass,word\"\"1\",aa-bb-cc-dd-ee-ff,jm@example.de\n\
                    ,,,\n\
                    bob,,,\n";
        let rows = parse_import(file.as_bytes(), &POOL, None).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].fields.username.as_deref(), Some("Müller, Jörg"));
        assert_eq!(rows[0].fields.passphrase, "pass,word\"1");
        assert_eq!(rows[0].macs, vec!["AA:BB:CC:DD:EE:FF".to_string()]);
        assert_eq!(rows[0].fields.number_of_devices, Some(1));
        assert_eq!(rows[1].fields.passphrase.len(), 12);
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let file = "Username,Passphrase,VLAN ID\nann,short,5000\nbob,goodpassphrase,7\ncid,goodpassphrase,\n";
        let Err(ApiError::Validation(errors)) = parse_import(file.as_bytes(), &POOL, None) else {
            panic!("expected a validation error");
        };
        let named: Vec<(String, String)> = errors
            .iter()
            .map(|e| (e.object.clone(), e.field.clone()))
            .collect();
        assert_eq!(
            named,
            vec![
                ("row 2".into(), PASSPHRASE.into()),
                ("row 2".into(), VLAN.into()),
                ("row 4".into(), PASSPHRASE.into()),
            ]
        );
    }

    #[test]
    fn a_nul_cell_is_named_by_row_and_column() {
        let file = "Username,Passphrase\nann,abcdefgh1\nbob,abc\0defgh2\n";
        let Err(ApiError::Validation(errors)) = parse_import(file.as_bytes(), &POOL, None) else {
            panic!("expected a validation error");
        };
        assert_eq!(errors[0].object, "row 3");
        assert_eq!(errors[0].field, PASSPHRASE);
        assert!(errors[0].message.contains("NUL"));
    }

    #[test]
    fn prefixes_apply_to_usernames() {
        let file = "Username,Passphrase\n,abcdefgh1\nzed,abcdefgh2\n";
        let rows = parse_import(file.as_bytes(), &POOL, Some("guest-")).unwrap();
        assert_eq!(rows[0].fields.username.as_deref(), Some("guest-1"));
        assert_eq!(rows[1].fields.username.as_deref(), Some("guest-zed"));
    }

    #[test]
    fn files_without_known_columns_or_rows_are_refused() {
        assert!(parse_import(b"foo,bar\n1,2\n", &POOL, None).is_err());
        assert!(parse_import(b"Username,Passphrase\n", &POOL, None).is_err());
    }

    #[test]
    fn import_dates_are_read_in_the_export_format() {
        let d = DateTime::parse_from_rfc3339("2024-07-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_date("01/07/2024 10:00"), Some(d));
    }
}
