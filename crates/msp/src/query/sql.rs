//! The statements of a [`Plan`]: the view scoped to its tenant, the
//! conditions, the order, the keyset and the groups, with every client value
//! bound and every name taken from the catalog.

use serde_json::Value;
use sqlx::{Postgres, QueryBuilder};

use super::{Column, Cond, Kind, Plan, SortValue};

/// One group of a grouped page: its value (as the rows carry it), the
/// value's text (to select its rows) and how many rows it has.
#[derive(Debug, sqlx::FromRow)]
pub struct GroupRow {
    pub key: Option<String>,
    pub value: Value,
    pub count: i64,
}

/// `%` and `_` in a search string match themselves.
pub(super) fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn push_field(qb: &mut QueryBuilder<'_, Postgres>, col: &Column) {
    qb.push("v.\"").push(col.field).push("\"");
}

fn push_bind_value(qb: &mut QueryBuilder<'_, Postgres>, value: &SortValue) {
    match value {
        SortValue::Text(s) => qb.push_bind(s.clone()),
        SortValue::Number(n) => qb.push_bind(*n),
        SortValue::Time(t) => qb.push_bind(*t),
        SortValue::Bool(b) => qb.push_bind(*b),
        SortValue::Null => qb.push("NULL"),
    };
}

fn push_cond(qb: &mut QueryBuilder<'_, Postgres>, cond: &Cond) {
    match cond {
        Cond::In(col, values) if col.kind == Kind::List => {
            qb.push(" AND ");
            push_field(qb, col);
            qb.push(" && ").push_bind(values.clone());
        }
        Cond::NotIn(col, values) if col.kind == Kind::List => {
            qb.push(" AND NOT (");
            push_field(qb, col);
            qb.push(" && ").push_bind(values.clone()).push(")");
        }
        Cond::In(col, values) => {
            qb.push(" AND ");
            push_field(qb, col);
            qb.push("::text = ANY(").push_bind(values.clone()).push(")");
        }
        Cond::NotIn(col, values) => {
            qb.push(" AND (");
            push_field(qb, col);
            qb.push(" IS NULL OR NOT (");
            push_field(qb, col);
            qb.push("::text = ANY(")
                .push_bind(values.clone())
                .push(")))");
        }
        // Tested inside the view (push_view), where its column is.
        Cond::Haystack(_) => {}
        Cond::Search(cols, text) => {
            // lower() on both sides rather than ILIKE: the same answer, and
            // the form the views' trigram indexes serve.
            qb.push(" AND (false");
            for col in cols {
                qb.push(" OR lower(");
                push_field(qb, col);
                qb.push("::text) LIKE lower(")
                    .push_bind(like_pattern(text))
                    .push(")");
            }
            qb.push(")");
        }
        Cond::Range { col, gte, lte, lt } => {
            let bounds = [(">=", gte), ("<=", lte), ("<", lt)];
            for (op, bound) in bounds {
                let Some(v) = bound else { continue };
                qb.push(" AND ");
                if col.kind == Kind::Time {
                    qb.push("(extract(epoch FROM ");
                    push_field(qb, col);
                    qb.push(") * 1000)");
                } else {
                    push_field(qb, col);
                }
                qb.push(" ").push(op).push(" ").push_bind(*v);
            }
        }
        Cond::Present(col, present) => {
            qb.push(" AND ");
            push_field(qb, col);
            qb.push(if *present { " IS NOT NULL" } else { " IS NULL" });
        }
    }
}

/// Rows strictly after `values` in the order `keys` (missing values last in
/// either direction): after on the first key, or equal on it and after on
/// the rest. A field in `never_null` needs no test for missing values.
fn push_after(
    qb: &mut QueryBuilder<'_, Postgres>,
    keys: &[(&'static Column, bool)],
    values: &[SortValue],
    never_null: &[&str],
) {
    let (Some(&(col, desc)), Some(value)) = (keys.first(), values.first()) else {
        qb.push("false");
        return;
    };
    let nullable = !never_null.contains(&col.field);
    qb.push("(");
    if *value == SortValue::Null {
        qb.push("false");
    } else {
        qb.push("(");
        push_field(qb, col);
        qb.push(if desc { " < " } else { " > " });
        push_bind_value(qb, value);
        if nullable {
            qb.push(" OR ");
            push_field(qb, col);
            qb.push(" IS NULL");
        }
        qb.push(")");
    }
    if keys.len() > 1 {
        qb.push(" OR (");
        push_field(qb, col);
        if *value == SortValue::Null {
            qb.push(" IS NULL");
        } else {
            qb.push(" = ");
            push_bind_value(qb, value);
        }
        qb.push(" AND ");
        push_after(qb, &keys[1..], &values[1..], never_null);
        qb.push(")");
    }
    qb.push(")");
}

impl Plan {
    /// `(the view scoped to `scope`) v`.
    fn push_view<'a>(&self, qb: &mut QueryBuilder<'a, Postgres>, scope: &'a str) {
        qb.push("(SELECT ");
        for (i, col) in self.catalog.columns.iter().enumerate() {
            if i > 0 {
                qb.push(", ");
            }
            qb.push(col.sql).push(" AS \"").push(col.field).push("\"");
        }
        qb.push(" FROM ")
            .push(self.catalog.from)
            .push(" WHERE ")
            .push(self.catalog.scope)
            .push(" = ")
            .push_bind(scope);
        if let Some(haystack) = self.catalog.search_haystack {
            for cond in &self.conds {
                if let Cond::Haystack(text) = cond {
                    qb.push(" AND ")
                        .push(haystack)
                        .push(" LIKE lower(")
                        .push_bind(like_pattern(text))
                        .push(")");
                }
            }
        }
        qb.push(") v");
    }

    /// `FROM (the view scoped to `scope`) v WHERE <conditions>`.
    fn push_from<'a>(&self, qb: &mut QueryBuilder<'a, Postgres>, scope: &'a str) {
        qb.push(" FROM ");
        self.push_view(qb, scope);
        qb.push(" WHERE true");
        for cond in &self.conds {
            push_cond(qb, cond);
        }
    }

    fn push_keyset(&self, qb: &mut QueryBuilder<'_, Postgres>) {
        let never_null = self.catalog.never_null;
        let (Some((first, desc)), Some(value)) = (self.order.first(), self.after.first()) else {
            return;
        };
        // The same bound again, alone: an index on the first key starts
        // its scan there instead of filtering from the first row.
        if never_null.contains(&first.field) && *value != SortValue::Null {
            qb.push(" AND ");
            push_field(qb, first);
            qb.push(if *desc { " <= " } else { " >= " });
            push_bind_value(qb, value);
        }
        qb.push(" AND ");
        push_after(qb, &self.order, &self.after, never_null);
    }

    fn push_order(&self, qb: &mut QueryBuilder<'_, Postgres>) {
        qb.push(" ORDER BY ");
        for (i, (col, desc)) in self.order.iter().enumerate() {
            if i > 0 {
                qb.push(", ");
            }
            push_field(qb, col);
            qb.push(if *desc {
                " DESC NULLS LAST"
            } else {
                " ASC NULLS LAST"
            });
        }
    }

    /// The rows of the page, as JSON objects; one more when it [`Plan::peeks`].
    ///
    /// The page's keys are chosen first, reading only what the conditions
    /// and the order need; then only those rows are computed in full (the
    /// counts and lists of a managed tenant, the JSON of every row). Written
    /// as one level, the planner computed them for every candidate the sort
    /// weighed (1,000 rows for a page of 100).
    pub fn select_page<'a>(&self, scope: &'a str) -> QueryBuilder<'a, Postgres> {
        let key = self.catalog.key;
        let mut qb = QueryBuilder::new("SELECT to_jsonb(v) FROM unnest(ARRAY(SELECT v.\"");
        qb.push(key).push("\"");
        self.push_from(&mut qb, scope);
        self.push_keyset(&mut qb);
        self.push_order(&mut qb);
        let limit = self.page_size + i64::from(self.peeks());
        qb.push(" LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(self.offset())
            .push(")) WITH ORDINALITY AS page (k, n) JOIN ");
        self.push_view(&mut qb, scope);
        qb.push(" ON v.\"")
            .push(key)
            .push("\" = page.k ORDER BY page.n");
        qb
    }

    /// Every matching row in the page's order, for exports.
    pub fn select_all<'a>(&self, scope: &'a str) -> QueryBuilder<'a, Postgres> {
        let mut qb = QueryBuilder::new("SELECT to_jsonb(v)");
        self.push_from(&mut qb, scope);
        self.push_keyset(&mut qb);
        self.push_order(&mut qb);
        qb
    }

    /// How many rows match, wherever the page starts.
    pub fn count<'a>(&self, scope: &'a str) -> QueryBuilder<'a, Postgres> {
        let mut qb = QueryBuilder::new("SELECT count(*)");
        self.push_from(&mut qb, scope);
        qb
    }

    /// The page of groups: each group's value, its text and its row count,
    /// by value (the group field's sort direction when it is sorted by).
    pub fn select_groups<'a>(&self, scope: &'a str) -> Option<QueryBuilder<'a, Postgres>> {
        let g = self.group?;
        let desc = self
            .order
            .iter()
            .find(|(col, _)| col.field == g.field)
            .is_some_and(|(_, desc)| *desc);
        let mut qb = QueryBuilder::new("SELECT ");
        push_field(&mut qb, g);
        qb.push("::text AS key, to_jsonb(");
        push_field(&mut qb, g);
        qb.push(") AS value, count(*) AS count");
        self.push_from(&mut qb, scope);
        qb.push(" GROUP BY ");
        push_field(&mut qb, g);
        qb.push(" ORDER BY ");
        push_field(&mut qb, g);
        qb.push(if desc {
            " DESC NULLS LAST"
        } else {
            " ASC NULLS LAST"
        });
        qb.push(" LIMIT ")
            .push_bind(self.page_size)
            .push(" OFFSET ")
            .push_bind(self.offset());
        Some(qb)
    }

    /// How many groups there are.
    pub fn count_groups<'a>(&self, scope: &'a str) -> Option<QueryBuilder<'a, Postgres>> {
        let g = self.group?;
        let mut qb = QueryBuilder::new("SELECT count(*) FROM (SELECT 1");
        self.push_from(&mut qb, scope);
        qb.push(" GROUP BY ");
        push_field(&mut qb, g);
        qb.push(") g");
        Some(qb)
    }

    /// The first `pageSize` rows of each of `groups`, in the query's order:
    /// numbered by their keys first, so only the rows kept are computed.
    pub fn select_group_rows<'a>(
        &self,
        scope: &'a str,
        groups: &[GroupRow],
    ) -> Option<QueryBuilder<'a, Postgres>> {
        let g = self.group?;
        let key = self.catalog.key;
        let keys: Vec<String> = groups.iter().filter_map(|gr| gr.key.clone()).collect();
        let with_null = groups.iter().any(|gr| gr.key.is_none());
        let mut qb =
            QueryBuilder::new("SELECT to_jsonb(v) FROM (SELECT w.k, w.n FROM (SELECT v.\"");
        qb.push(key)
            .push("\" AS k, row_number() OVER (PARTITION BY ");
        push_field(&mut qb, g);
        self.push_order(&mut qb);
        qb.push(") AS n");
        self.push_from(&mut qb, scope);
        qb.push(" AND (");
        push_field(&mut qb, g);
        qb.push("::text = ANY(").push_bind(keys).push(")");
        if with_null {
            qb.push(" OR ");
            push_field(&mut qb, g);
            qb.push(" IS NULL");
        }
        qb.push(")) w WHERE w.n <= ")
            .push_bind(self.page_size)
            .push(") page JOIN ");
        self.push_view(&mut qb, scope);
        qb.push(" ON v.\"")
            .push(key)
            .push("\" = page.k ORDER BY page.n");
        Some(qb)
    }
}
