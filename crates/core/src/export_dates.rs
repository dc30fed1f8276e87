//! Dates in CSV exports: the vendor's `date-format` query parameter is a
//! Java `DateTimeFormatter` pattern (`dd/MM/yyyy HH:mm`) and `timezone` a zone
//! (`UTC`, `Europe/Paris`, or an offset such as `+02:00`). DPSK and Identity
//! take the same two parameters, with their own default pattern.

use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use utoipa::{
    openapi::{
        path::{Parameter, ParameterBuilder, ParameterIn},
        schema::{ObjectBuilder, Type},
        Required,
    },
    IntoParams,
};

use crate::error::ApiError;

/// What an API's exports default to, and how its document words the two
/// parameters.
pub trait ExportDefaults {
    /// The `date-format` when none is sent.
    const DATE_FORMAT: &'static str;
    const TIMEZONE_DOC: &'static str;
    const DATE_FORMAT_DOC: &'static str;
}

/// The `timezone` and `date-format` query parameters of an export, with the
/// defaults of the API `D`.
#[derive(Debug, Deserialize)]
#[serde(bound = "")]
pub struct ExportParams<D> {
    pub timezone: Option<String>,
    #[serde(rename = "date-format")]
    pub date_format: Option<String>,
    #[serde(skip)]
    defaults: PhantomData<fn() -> D>,
}

impl<D: ExportDefaults> ExportParams<D> {
    /// How the export writes its dates; a 400 naming a bad parameter.
    pub fn dates(&self) -> Result<DateStyle, ApiError> {
        DateStyle::new(
            self.timezone.as_deref(),
            self.date_format.as_deref(),
            D::DATE_FORMAT,
        )
    }
}

impl<D: ExportDefaults> IntoParams for ExportParams<D> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let param = |name: &str, doc: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .description(Some(doc))
                .required(Required::False)
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .build()
        };
        vec![
            param("timezone", D::TIMEZONE_DOC),
            param("date-format", D::DATE_FORMAT_DOC),
        ]
    }
}

/// The longest `date-format` an export takes; real patterns are a few
/// dozen characters at most.
pub const MAX_DATE_FORMAT_CHARS: usize = 100;

/// How an export writes its dates.
#[derive(Debug, Clone)]
pub struct DateStyle {
    zone: Zone,
    format: String,
}

#[derive(Debug, Clone)]
enum Zone {
    Named(Tz),
    Offset(FixedOffset),
}

impl DateStyle {
    /// The style of `timezone` (default UTC) and `date_format` (default
    /// `default_format`); a 400 naming the parameter otherwise.
    pub fn new(
        timezone: Option<&str>,
        date_format: Option<&str>,
        default_format: &str,
    ) -> Result<Self, ApiError> {
        let timezone = timezone.filter(|s| !s.is_empty()).unwrap_or("UTC");
        let zone = zone(timezone).ok_or_else(|| {
            ApiError::field(
                "export",
                "timezone",
                timezone,
                "is not a known time zone or offset such as +02:00",
            )
        })?;
        let pattern = date_format
            .filter(|s| !s.is_empty())
            .unwrap_or(default_format);
        // Every row repeats the rendered date: an unbounded pattern would
        // multiply the export's size by its length.
        if pattern.chars().count() > MAX_DATE_FORMAT_CHARS {
            return Err(ApiError::field(
                "export",
                "date-format",
                serde_json::Value::Null,
                format!("must be at most {MAX_DATE_FORMAT_CHARS} characters"),
            ));
        }
        let format = java_to_chrono(pattern).map_err(|bad| {
            ApiError::field(
                "export",
                "date-format",
                pattern,
                format!("pattern letters {bad:?} are not supported"),
            )
        })?;
        Ok(DateStyle { zone, format })
    }

    pub fn render(&self, t: DateTime<Utc>) -> String {
        match &self.zone {
            Zone::Named(tz) => t.with_timezone(tz).format(&self.format).to_string(),
            Zone::Offset(o) => t.with_timezone(o).format(&self.format).to_string(),
        }
    }
}

fn zone(name: &str) -> Option<Zone> {
    if name == "Z" {
        return FixedOffset::east_opt(0).map(Zone::Offset);
    }
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(Zone::Named(tz));
    }
    DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{name}"))
        .ok()
        .map(|d| Zone::Offset(*d.offset()))
}

/// The chrono format for a Java pattern, or the letter run it cannot serve.
fn java_to_chrono(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal text; '' is a single quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            while j < chars.len() && chars[j] != '\'' {
                push_literal(&mut out, chars[j]);
                j += 1;
            }
            if j == chars.len() {
                return Err(pattern.to_string());
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            push_literal(&mut out, c);
            i += 1;
            continue;
        }
        let mut n = 1;
        while chars.get(i + n) == Some(&c) {
            n += 1;
        }
        let spec = match (c, n) {
            ('y' | 'u', 2) => "%y",
            ('y' | 'u', _) => "%Y",
            ('M' | 'L', 1) => "%-m",
            ('M' | 'L', 2) => "%m",
            ('M' | 'L', 3) => "%b",
            ('M' | 'L', _) => "%B",
            ('d', 1) => "%-d",
            ('d', _) => "%d",
            ('D', _) => "%j",
            ('E', 1..=3) => "%a",
            ('E', _) => "%A",
            ('H', 1) => "%-H",
            ('H', _) => "%H",
            ('h', 1) => "%-I",
            ('h', _) => "%I",
            ('m', 1) => "%-M",
            ('m', _) => "%M",
            ('s', 1) => "%-S",
            ('s', _) => "%S",
            ('S', 1..=3) => "%3f",
            ('S', 4..=6) => "%6f",
            ('S', _) => "%9f",
            ('a', _) => "%p",
            ('z', _) => "%Z",
            ('Z', _) | ('x', _) => "%z",
            ('X', _) => "%:z",
            ('V', _) => "%Z",
            _ => return Err(chars[i..i + n].iter().collect()),
        };
        out.push_str(spec);
        i += n;
    }
    Ok(out)
}

fn push_literal(out: &mut String, c: char) {
    if c == '%' {
        out.push_str("%%");
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_date_format_longer_than_the_limit_is_refused() {
        let at_limit = "d".repeat(2) + &"-".repeat(MAX_DATE_FORMAT_CHARS - 2);
        assert!(DateStyle::new(None, Some(&at_limit), "dd").is_ok());
        let over = "a".repeat(MAX_DATE_FORMAT_CHARS + 1);
        let err = DateStyle::new(None, Some(&over), "dd").unwrap_err();
        assert_eq!(err.report().fields[0].field, "date-format");
    }

    #[test]
    fn the_vendor_default_and_common_patterns() {
        let t = Utc.with_ymd_and_hms(2024, 3, 5, 14, 7, 9).unwrap();
        let fmt = |p: &str| t.format(&java_to_chrono(p).unwrap()).to_string();
        assert_eq!(fmt("dd/MM/yyyy HH:mm"), "05/03/2024 14:07");
        assert_eq!(fmt("yyyy-MM-dd'T'HH:mm:ss"), "2024-03-05T14:07:09");
        assert_eq!(fmt("d MMM yy, h:mm a"), "5 Mar 24, 2:07 PM");
        assert_eq!(fmt("'at' HH'h' 100%"), "at 14h 100%");
    }

    #[test]
    fn unknown_letters_and_open_quotes_are_refused() {
        assert_eq!(java_to_chrono("yyyy-qq"), Err("qq".into()));
        assert!(java_to_chrono("'open").is_err());
    }

    struct Defaults;
    impl ExportDefaults for Defaults {
        const DATE_FORMAT: &'static str = "yyyyMMddHHmmss";
        const TIMEZONE_DOC: &'static str = "Time zone";
        const DATE_FORMAT_DOC: &'static str = "Format";
    }

    #[test]
    fn export_params_default_per_api_and_document_both_parameters() {
        let t = Utc.with_ymd_and_hms(2024, 7, 1, 10, 0, 0).unwrap();
        let params: ExportParams<Defaults> =
            serde_json::from_value(serde_json::json!({"timezone": "+02:00"})).unwrap();
        assert_eq!(params.dates().unwrap().render(t), "20240701120000");
        let params: ExportParams<Defaults> =
            serde_json::from_value(serde_json::json!({"date-format": "yyyy qq"})).unwrap();
        assert!(params.dates().is_err());
        let doc = ExportParams::<Defaults>::into_params(|| None);
        let names: Vec<&str> = doc.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["timezone", "date-format"]);
        assert_eq!(doc[1].description.as_deref(), Some("Format"));
    }

    #[test]
    fn styles_take_zone_names_and_offsets() {
        let t = DateTime::parse_from_rfc3339("2024-07-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let style = |tz, f| DateStyle::new(tz, f, "dd/MM/yyyy HH:mm");
        assert_eq!(style(None, None).unwrap().render(t), "01/07/2024 10:00");
        assert_eq!(
            style(Some("Europe/Paris"), Some("yyyy-MM-dd HH:mm"))
                .unwrap()
                .render(t),
            "2024-07-01 12:00"
        );
        assert_eq!(
            style(Some("+02:00"), None).unwrap().render(t),
            "01/07/2024 12:00"
        );
        assert_eq!(
            DateStyle::new(None, None, "yyyyMMddHHmmss")
                .unwrap()
                .render(t),
            "20240701100000"
        );
        assert!(style(Some("Mars/Base"), None).is_err());
        assert!(style(None, Some("yyyy qq")).is_err());
    }
}
