//! Every SQL statement of venues, property configurations, units, unit
//! identities, resident portals and resident tokens.

mod portals;
mod properties;
mod resident_units;
mod tokens;
mod unit_identities;
mod units;
mod venues;

pub use portals::*;
pub use properties::*;
pub use resident_units::*;
pub use tokens::*;
pub use unit_identities::*;
pub use units::*;
pub use venues::*;

use r1_core::pagination::push_contained_in_any;
use sqlx::{Postgres, QueryBuilder};

fn push_search(qb: &mut QueryBuilder<'_, Postgres>, search: &Option<(String, Vec<&'static str>)>) {
    if let Some((text, columns)) = search {
        qb.push(" AND ");
        push_contained_in_any(qb, text, columns);
    }
}

fn push_any<T>(qb: &mut QueryBuilder<'_, Postgres>, column: &str, values: &Option<Vec<T>>)
where
    T: Clone + Send + sqlx::Type<Postgres> + for<'q> sqlx::Encode<'q, Postgres> + 'static,
    Vec<T>: sqlx::Type<Postgres> + for<'q> sqlx::Encode<'q, Postgres>,
{
    if let Some(v) = values.as_ref().filter(|v| !v.is_empty()) {
        qb.push(" AND ")
            .push(column)
            .push(" = ANY(")
            .push_bind(v.clone())
            .push(")");
    }
}
