//! The CSV file of a unit import (`unitImports`): one unit per row, with a
//! header naming the columns (docs/behaviour/property.md). The vendor
//! publishes no layout; r1 reads the members of `Unit` by their names.

use r1_core::{error::FieldError, ApiError};

use crate::model::{DpskSettings, Resident, Unit};

/// The columns r1 reads; `name` and `residentName` are required.
pub const COLUMNS: &[&str] = &[
    "name",
    "residentName",
    "residentEmail",
    "residentPhoneNumber",
    "status",
    "unitPassphrase",
    "unitVlan",
    "guestPassphrase",
    "guestVlan",
];

fn unreadable(message: impl Into<String>) -> ApiError {
    ApiError::Unprocessable(message.into())
}

/// The units of a file, in file order. A file that is not CSV, lacks a
/// required column or names an unknown one is 422; a VLAN that is no number
/// is 400 naming its row.
pub fn read_units(bytes: &[u8]) -> Result<Vec<Unit>, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable("The file is not UTF-8 text"))?;
    if text.contains('\0') {
        return Err(unreadable("The file contains the NUL character"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| unreadable(format!("The file is not CSV: {e}")))?
        .clone();
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(h)) {
        return Err(unreadable(format!(
            "Unknown column {unknown:?}; columns are {}",
            COLUMNS.join(", ")
        )));
    }
    for required in ["name", "residentName"] {
        if !headers.iter().any(|h| h == required) {
            return Err(unreadable(format!("The file has no {required:?} column")));
        }
    }
    let mut units = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| unreadable(format!("row {row}: {e}")))?;
        let cell = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let mut vlan = |name: &str| match cell(name) {
            None => None,
            Some(v) => match v.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(FieldError::new(
                        "unitImports",
                        format!("row {row}: {name}"),
                        &v,
                        "must be a number",
                    ));
                    None
                }
            },
        };
        let (unit_vlan, guest_vlan) = (vlan("unitVlan"), vlan("guestVlan"));
        let mut dpsks = vec![DpskSettings {
            kind: Some("UNIT".into()),
            passphrase: cell("unitPassphrase"),
            vlan: unit_vlan,
        }];
        if cell("guestPassphrase").is_some() || guest_vlan.is_some() {
            dpsks.push(DpskSettings {
                kind: Some("GUEST".into()),
                passphrase: cell("guestPassphrase"),
                vlan: guest_vlan,
            });
        }
        units.push(Unit {
            name: cell("name"),
            resident: Some(Resident {
                name: cell("residentName"),
                email: cell("residentEmail"),
                phone_number: cell("residentPhoneNumber"),
            }),
            status: cell("status"),
            dpsks: Some(dpsks),
            ..Default::default()
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if units.is_empty() {
        return Err(unreadable("The file has no unit"));
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_units_with_their_passphrases() {
        let csv = "name,residentName,residentEmail,unitPassphrase,guestVlan\n\
                   101,Ada,ada@example.com,secret-of-101,20\n102,Bo,,,\n";
        let units = read_units(csv.as_bytes()).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].name.as_deref(), Some("101"));
        let dpsks = units[0].dpsks.clone().unwrap();
        assert_eq!(dpsks[0].passphrase.as_deref(), Some("secret-of-101"));
        assert_eq!(dpsks[1].kind.as_deref(), Some("GUEST"));
        assert_eq!(dpsks[1].vlan, Some(20));
        assert_eq!(units[1].dpsks.clone().unwrap().len(), 1);
        assert_eq!(units[1].resident.clone().unwrap().email, None);
    }

    #[test]
    fn unreadable_files_and_bad_cells_are_refused() {
        assert!(matches!(
            read_units(b"unit,owner\n1,a\n"),
            Err(ApiError::Unprocessable(_))
        ));
        assert!(matches!(
            read_units(b"name\n1\n"),
            Err(ApiError::Unprocessable(_))
        ));
        assert!(matches!(
            read_units(b"name,residentName\n"),
            Err(ApiError::Unprocessable(_))
        ));
        match read_units(b"name,residentName,unitVlan\n1,a,ten\n") {
            Err(ApiError::Validation(f)) => assert_eq!(f[0].field, "row 2: unitVlan"),
            other => panic!("{other:?}"),
        }
    }
}
