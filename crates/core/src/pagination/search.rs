//! The SQL of a `searchString`: a substring, in any case, of the fields a
//! query may search.

use sqlx::{Postgres, QueryBuilder};

/// Escapes `%`, `_` and `\` for a `LIKE` pattern.
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `(a::text ILIKE '%text%' OR b::text ILIKE ...)`: `text` as a substring,
/// in any case, of any of `columns` (SQL expressions from the caller's
/// allow-list, never from input). No column matches nothing.
pub fn push_contained_in_any(qb: &mut QueryBuilder<'_, Postgres>, text: &str, columns: &[&str]) {
    let pattern = format!("%{}%", escape_like(text));
    qb.push("(FALSE");
    for column in columns {
        qb.push(" OR ")
            .push(*column)
            .push("::text ILIKE ")
            .push_bind(pattern.clone());
    }
    qb.push(")");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("50%_a\\"), "50\\%\\_a\\\\");
    }
}
