//! `search_after`: the sort values of the last row a client read, one per
//! sort key of the query (the view's key last), read into the type of the
//! field they continue, and written back from a row for the next page.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Kind;

/// One `search_after` value, typed by the sort field it continues.
#[derive(Debug, Clone, PartialEq)]
pub enum SortValue {
    /// The row had no value: rows without one sort last in either direction.
    Null,
    Text(String),
    Number(i64),
    Time(DateTime<Utc>),
    Bool(bool),
}

/// Reads a client's value as the field's kind. The bundle declares the
/// values as strings, so a number, date or flag may come as its text too;
/// `None` when it cannot be that field's value.
pub fn read(kind: Kind, v: &Value) -> Option<SortValue> {
    match (kind, v) {
        (Kind::List, _) => None,
        (_, Value::Null) => Some(SortValue::Null),
        (Kind::Text, Value::String(s)) => Some(SortValue::Text(s.clone())),
        (Kind::Number, Value::Number(n)) => n.as_i64().map(SortValue::Number),
        (Kind::Number, Value::String(s)) => s.trim().parse().ok().map(SortValue::Number),
        (Kind::Time, Value::Number(n)) => n
            .as_i64()
            .and_then(DateTime::from_timestamp_millis)
            .map(SortValue::Time),
        (Kind::Time, Value::String(s)) => DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc))
            .or_else(|| {
                s.trim()
                    .parse()
                    .ok()
                    .and_then(DateTime::from_timestamp_millis)
            })
            .map(SortValue::Time),
        (Kind::Bool, Value::Bool(b)) => Some(SortValue::Bool(*b)),
        (Kind::Bool, Value::String(s)) => match s.trim() {
            "true" => Some(SortValue::Bool(true)),
            "false" => Some(SortValue::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// A row's value as the next `search_after` carries it: the bundle's
/// string form (numbers and flags as their text), or null.
pub fn write(v: Option<&Value>) -> Value {
    match v {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) => Value::String(s.clone()),
        Some(other) => Value::String(other.to_string()),
    }
}

/// What the kind expects, for the error message.
pub fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "a string",
        Kind::Number => "an integer (or its text)",
        Kind::Time => "a date (RFC 3339 as the row shows it, or UTC milliseconds)",
        Kind::Bool => "true or false",
        Kind::List => "never a list field",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_read_as_their_fields_kind_or_refused() {
        assert_eq!(
            read(Kind::Text, &json!("Acme")),
            Some(SortValue::Text("Acme".into()))
        );
        assert_eq!(read(Kind::Text, &json!(7)), None);
        assert_eq!(
            read(Kind::Number, &json!("42")),
            Some(SortValue::Number(42))
        );
        assert_eq!(read(Kind::Number, &json!(42)), Some(SortValue::Number(42)));
        assert_eq!(read(Kind::Number, &json!("forty")), None);
        assert_eq!(read(Kind::Number, &json!(1.5)), None);
        let t = read(Kind::Time, &json!("2026-11-30T02:45:42.123456+00:00"));
        assert!(matches!(t, Some(SortValue::Time(_))), "{t:?}");
        assert_eq!(
            read(Kind::Time, &json!(0)),
            DateTime::from_timestamp_millis(0).map(SortValue::Time)
        );
        assert_eq!(read(Kind::Time, &json!("yesterday")), None);
        assert_eq!(
            read(Kind::Bool, &json!("true")),
            Some(SortValue::Bool(true))
        );
        assert_eq!(read(Kind::Bool, &json!({"a": 1})), None);
        assert_eq!(read(Kind::Text, &json!(null)), Some(SortValue::Null));
        assert_eq!(read(Kind::Text, &json!(["a"])), None);
    }

    #[test]
    fn a_rows_values_are_written_in_the_bundles_string_form() {
        assert_eq!(write(Some(&json!(3))), json!("3"));
        assert_eq!(write(Some(&json!("x"))), json!("x"));
        assert_eq!(write(Some(&json!(null))), json!(null));
        assert_eq!(write(None), json!(null));
    }
}
