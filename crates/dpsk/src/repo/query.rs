//! The passphrase query and CSV export: filters, the search over the
//! trigram haystack, sorted pages and their counts.

use r1_core::{
    pagination::{escape_like, push_contained_in_any, push_limit_offset, Order, Slice, SortFields},
    totals::{Counted, Totals},
    trigram,
};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::*;

const PASSPHRASES: &str = "dpsk_passphrases";

/// Stands for a passphrase's devices in search fields.
pub const MAC_COLUMN: &str = "(devices)";

/// The searchable columns, lower-cased and joined by U+001F, stored beside
/// the row with a trigram index (migration 20261130001600). A text without
/// the separator is in it exactly when one of its columns holds it, ILIKE
/// being lower() of both sides.
const SEARCH_HAYSTACK: &str = "p.search_haystack";
/// The columns joined in [`SEARCH_HAYSTACK`].
const HAYSTACK_COLUMNS: &[&str] = &[
    "p.username",
    "p.passphrase",
    "p.email",
    "p.phone_number",
    "p.vlan_id",
];

/// Whether the trigram index over [`SEARCH_HAYSTACK`] can find the
/// candidates of a search: the haystack contains every match of its columns,
/// as long as the text holds no separator.
fn searches_haystack(text: &str, columns: &[&'static str]) -> bool {
    !text.contains('\u{1f}')
        && columns
            .iter()
            .all(|c| *c == MAC_COLUMN || HAYSTACK_COLUMNS.contains(c))
}

/// Whether a search is over every column of [`SEARCH_HAYSTACK`] (the default
/// when no `searchTargetFields` are given), so that the haystack alone
/// answers it, without a test of each column.
fn searches_whole_haystack(text: &str, columns: &[&'static str]) -> bool {
    searches_haystack(text, columns) && HAYSTACK_COLUMNS.iter().all(|c| columns.contains(c))
}

/// What a search asks of the trigram index, and what its sample showed.
#[derive(Default)]
struct SearchPlan {
    /// The parts of the text to ask the index for.
    index_parts: Vec<String>,
    /// Most of the sample holds the text: the search matches most of the
    /// pool.
    matches_most: bool,
}

/// The parts of a search text to ask the trigram index for: judged against
/// the haystacks of eight passphrases at each of eight points spread over
/// the pool's creation times (index scans), so that trigrams every
/// passphrase holds are left out (see [`trigram`]). The whole text when the
/// index does not serve it.
async fn plan_search(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    search: &Option<(String, Vec<&'static str>)>,
) -> Result<SearchPlan, sqlx::Error> {
    let Some((text, columns)) = search else {
        return Ok(SearchPlan::default());
    };
    if !searches_haystack(text, columns) || !trigram::can_narrow(text) {
        return Ok(SearchPlan {
            index_parts: vec![text.clone()],
            matches_most: false,
        });
    }
    let sql = trigram::spread_sample(
        "dpsk_passphrases p",
        "p.tenant_id = $1 AND p.pool_id = $2",
        SEARCH_HAYSTACK,
    );
    let sample: Vec<String> = sqlx::query_scalar(&sql)
        .bind(tenant_id)
        .bind(pool_id)
        .fetch_all(conn)
        .await?;
    Ok(SearchPlan {
        index_parts: trigram::selective_parts(text, &sample),
        // The sample is of the whole haystack: it tells how many match only
        // a search over all of it.
        matches_most: searches_whole_haystack(text, columns)
            && trigram::held_by_most(text, &sample),
    })
}

/// Whether a search reads the devices: one over their MACs, for a text a
/// MAC can hold. A stored MAC is hex digits and colons (the column's CHECK),
/// and ILIKE ignores case, so a text with any other character matches none
/// ("example.com"), and the devices need not be read, nor their writes
/// followed by the search's kept total.
fn searches_devices(search: &Option<(String, Vec<&'static str>)>) -> bool {
    search.as_ref().is_some_and(|(text, columns)| {
        columns.contains(&MAC_COLUMN) && text.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
    })
}

/// A passphrase `searchString`: a substring of any of the chosen fields.
/// The trigram index over [`SEARCH_HAYSTACK`] finds the candidates from
/// `index_parts` (see [`plan_search`]), the per-column test of the
/// whole text keeps the answer exact, and matching devices come in by id so
/// that the planner can OR the two index scans.
fn push_passphrase_search(
    qb: &mut QueryBuilder<'_, Postgres>,
    tenant_id: &str,
    search: &Option<(String, Vec<&'static str>)>,
    index_parts: &[String],
) {
    let Some((text, columns)) = search else {
        return;
    };
    let pattern = format!("%{}%", escape_like(text));
    let row_columns: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| *c != MAC_COLUMN)
        .collect();
    qb.push(" AND (");
    if !row_columns.is_empty() {
        qb.push("(");
        if searches_haystack(text, columns) {
            for part in index_parts {
                qb.push(SEARCH_HAYSTACK)
                    .push(" LIKE lower(")
                    .push_bind(format!("%{}%", escape_like(part)))
                    .push(") AND ");
            }
        }
        if searches_whole_haystack(text, columns) {
            if index_parts == std::slice::from_ref(text) {
                // The index's own test was of the whole text.
                qb.push("true");
            } else {
                // strpos, which the index does not serve, tests the whole text
                // on the stored haystack: no lower() of each row's columns.
                qb.push("strpos(")
                    .push(SEARCH_HAYSTACK)
                    .push(", lower(")
                    .push_bind(text.clone())
                    .push(")) > 0");
            }
        } else {
            push_contained_in_any(qb, text, &row_columns);
        }
        qb.push(")");
    }
    if searches_devices(search) {
        if !row_columns.is_empty() {
            qb.push(" OR ");
        }
        qb.push(
            "p.id = ANY(ARRAY(SELECT d.passphrase_id FROM dpsk_passphrase_devices d \
             WHERE d.tenant_id = ",
        )
        .push_bind(tenant_id.to_string())
        .push(" AND d.mac ILIKE ")
        .push_bind(pattern)
        .push("))");
    } else if row_columns.is_empty() {
        // Only the devices were to be searched, for a text none can hold.
        qb.push("false");
    }
    qb.push(")");
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

pub const PASSPHRASE_SEARCH: SortFields = &[
    ("username", "p.username"),
    ("passphrase", "p.passphrase"),
    ("email", "p.email"),
    ("phoneNumber", "p.phone_number"),
    ("vlanId", "p.vlan_id"),
    ("mac", MAC_COLUMN),
];

/// The columns a device query sorts and searches by.
pub const DEVICE_SORT: SortFields = &[("mac", "mac")];

/// A passphrase status a query selects: computed from its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Active,
    Expired,
    Revoked,
}

/// What a passphrase query (and export) selects.
#[derive(Debug, Default, Clone)]
pub struct PassphraseFilter {
    pub network_ids: Option<Vec<String>>,
    pub vlan_ids: Option<Vec<i32>>,
    pub passphrases: Option<Vec<String>>,
    /// Normalised MACs.
    pub macs: Option<Vec<String>>,
    pub usernames: Option<Vec<String>>,
    pub emails: Option<Vec<String>>,
    pub phone_numbers: Option<Vec<String>>,
    pub statuses: Option<Vec<StatusFilter>>,
    pub search: Option<(String, Vec<&'static str>)>,
}

impl PassphraseFilter {
    /// No condition: every passphrase of the pool.
    fn selects_whole_pool(&self) -> bool {
        // Named one by one so that a new condition cannot be forgotten here.
        let Self {
            network_ids,
            vlan_ids,
            passphrases,
            macs,
            usernames,
            emails,
            phone_numbers,
            statuses,
            search,
        } = self;
        non_empty(network_ids).is_none()
            && non_empty(vlan_ids).is_none()
            && non_empty(passphrases).is_none()
            && non_empty(macs).is_none()
            && non_empty(usernames).is_none()
            && non_empty(emails).is_none()
            && non_empty(phone_numbers).is_none()
            && non_empty(statuses).is_none()
            && search.is_none()
    }

    /// What a kept total of this filter counts: the passphrases, and their
    /// devices when its conditions read them.
    fn counted(&self) -> Counted {
        let counted = Counted {
            table: PASSPHRASES,
            changes: "dpsk_passphrase_changes",
            change_numbers: "dpsk_passphrase_change_numbers",
            revisions: vec!["dpsk_revision"],
        };
        if non_empty(&self.macs).is_some() || searches_devices(&self.search) {
            counted.reading("dpsk_device_revision")
        } else {
            counted
        }
    }
}

fn non_empty<T>(v: &Option<Vec<T>>) -> Option<&Vec<T>> {
    v.as_ref().filter(|v| !v.is_empty())
}

/// `index_parts`: what the search asks the trigram index for; `table`: the
/// passphrases, or their changes (r1_core::totals).
fn push_passphrase_where(
    qb: &mut QueryBuilder<'_, Postgres>,
    table: &str,
    tenant_id: &str,
    pool_id: Uuid,
    f: &PassphraseFilter,
    index_parts: &[String],
) {
    qb.push(" FROM ")
        .push(table)
        .push(" p WHERE p.tenant_id = ")
        .push_bind(tenant_id.to_string())
        .push(" AND p.pool_id = ")
        .push_bind(pool_id);
    if non_empty(&f.network_ids).is_some() {
        // r1 sees no client traffic, so no passphrase was used on a network.
        qb.push(" AND false");
    }
    if let Some(v) = non_empty(&f.vlan_ids) {
        qb.push(" AND p.vlan_id = ANY(")
            .push_bind(v.clone())
            .push(")");
    }
    for (column, values) in [
        ("p.passphrase", &f.passphrases),
        ("p.username", &f.usernames),
        ("p.email", &f.emails),
        ("p.phone_number", &f.phone_numbers),
    ] {
        if let Some(v) = non_empty(values) {
            qb.push(" AND ")
                .push(column)
                .push(" = ANY(")
                .push_bind(v.clone())
                .push(")");
        }
    }
    if let Some(v) = non_empty(&f.macs) {
        qb.push(
            " AND EXISTS (SELECT 1 FROM dpsk_passphrase_devices d \
             WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id AND d.mac = ANY(",
        )
        .push_bind(v.clone())
        .push("))");
    }
    if let Some(statuses) = non_empty(&f.statuses) {
        qb.push(" AND (");
        for (i, s) in statuses.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(match s {
                StatusFilter::Revoked => "p.revocation_date IS NOT NULL",
                StatusFilter::Expired => {
                    "(p.revocation_date IS NULL AND p.expiration_date <= now())"
                }
                StatusFilter::Active => {
                    "(p.revocation_date IS NULL AND \
                     (p.expiration_date IS NULL OR p.expiration_date > now()))"
                }
            });
        }
        qb.push(")");
    }
    push_passphrase_search(qb, tenant_id, &f.search, index_parts);
}

/// The columns of a [`PassphraseRow`], over `p`.
pub(super) const PASSPHRASE_COLUMNS: &str =
    "SELECT p.id, p.pool_id, p.passphrase, p.username, p.vlan_id,
    p.vxlan_id, p.number_of_devices, p.expiration_date, p.email, p.phone_number,
    p.revocation_reason, p.revocation_date, p.is_referenced, p.created_at, p.updated_at";

/// A row of a query page, with how many rows the filter selects in all.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: PassphraseRow,
    total: Option<i64>,
}

pub async fn query_passphrases(
    conn: &mut PgConnection,
    totals: &Totals,
    tenant_id: &str,
    pool_id: Uuid,
    filter: &PassphraseFilter,
    order: &Order,
    Slice { limit, offset }: Slice,
) -> Result<(i64, Vec<PassphraseRow>), sqlx::Error> {
    // The page's ids first, from the sort's index alone (an index-only scan
    // past the offset instead of reading every skipped row), then the rows
    // by their key. As a join, the prepared statement's generic plan (which
    // cannot know LIMIT and OFFSET) hashed the whole table against the page:
    // an array of ids keeps it an index scan of at most a page.
    //
    // A filtered page counts its matches on the way (a window over what the
    // page's scan reads anyway): a search read its trigram index twice, once
    // for the page and once more for a separate count. The whole pool's
    // count is kept by triggers instead, so its page stops at the page.
    //
    // A search matching most of the pool is read in the sort's order and
    // would stop at the page, but the window made it read every match and
    // hold them all, spilling to disk (60 ms at 100,000): its page stops at
    // the page and one count statement reads the matches without holding
    // them (about half that).
    let whole_pool = filter.selects_whole_pool();
    let SearchPlan {
        index_parts,
        matches_most,
    } = plan_search(conn, tenant_id, pool_id, &filter.search).await?;
    let mut qb = QueryBuilder::new("WITH page AS MATERIALIZED (SELECT p.id, ");
    qb.push(if whole_pool || matches_most {
        "NULL::bigint AS total"
    } else {
        "count(*) OVER () AS total"
    });
    push_passphrase_where(
        &mut qb,
        PASSPHRASES,
        tenant_id,
        pool_id,
        filter,
        &index_parts,
    );
    order.push(&mut qb, "p.id");
    push_limit_offset(&mut qb, Some(limit), offset);
    qb.push(") ")
        .push(PASSPHRASE_COLUMNS)
        .push(", (SELECT total FROM page LIMIT 1) AS total")
        .push(" FROM dpsk_passphrases p WHERE p.tenant_id = ")
        .push_bind(tenant_id.to_string())
        .push(" AND p.id = ANY(ARRAY(SELECT id FROM page))");
    order.push(&mut qb, "p.id");
    // A search is planned for its text each time, not kept prepared (as the
    // identity keyword is): after five runs PostgreSQL's generic plan, which
    // cannot see the text, counted a search matching the whole pool through
    // the trigram index (73 ms at 100,000, against 38 ms planned for it).
    let prepared = filter.search.is_none();
    let rows: Vec<CountedRow> = qb
        .build_query_as()
        .persistent(prepared)
        .fetch_all(&mut *conn)
        .await?;
    let read = rows.len() as i64;
    let counted = rows.first().and_then(|r| r.total);
    let rows = rows.into_iter().map(|r| r.row).collect();
    let total = if read > 0 && read < limit || read == 0 && offset == 0 {
        // The last page says how many there are.
        offset + read
    } else if let Some(total) = counted {
        total
    } else if whole_pool {
        pool_passphrase_count(conn, tenant_id, pool_id).await?
    } else {
        // Past the end of a filtered query (nothing was read to count), or a
        // search matching most of the pool: paging through it counts once.
        let count = |qb: &mut QueryBuilder<'_, Postgres>, table: &str| {
            push_passphrase_where(qb, table, tenant_id, pool_id, filter, &index_parts)
        };
        if non_empty(&filter.statuses).is_some() {
            // Which passphrases have expired changes with the clock, not
            // only with writes: a status filter is counted each time.
            Totals::count_now(conn, prepared, |qb| count(qb, PASSPHRASES)).await?
        } else {
            let key = format!("passphrases {tenant_id} {pool_id} {filter:?}");
            totals
                .count(conn, &filter.counted(), &key, prepared, count)
                .await?
        }
    };
    Ok((total, rows))
}

/// The pool's passphrase count, kept by triggers (migration 20261130000500).
async fn pool_passphrase_count(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT passphrase_count FROM dpsk_pools WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        pool_id
    )
    .fetch_optional(conn)
    .await?
    .unwrap_or(0))
}

/// A passphrase with the MACs of its devices joined by `;`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    #[sqlx(flatten)]
    pub passphrase: PassphraseRow,
    pub macs: Option<String>,
}

/// Every passphrase the filter selects, in order, as [`ExportRow`]s: the
/// CSV export streams the rows of this.
pub fn export_query(
    tenant_id: &str,
    pool_id: Uuid,
    filter: &PassphraseFilter,
    order: &Order,
) -> QueryBuilder<'static, Postgres> {
    let mut qb = QueryBuilder::new(PASSPHRASE_COLUMNS);
    qb.push(
        ", (SELECT string_agg(d.mac, ';' ORDER BY d.created_at, d.mac) \
         FROM dpsk_passphrase_devices d \
         WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id) AS macs",
    );
    // An export reads every match anyway: the index is asked for the whole
    // text, without a sample first.
    let index_parts: Vec<String> = filter.search.iter().map(|(t, _)| t.clone()).collect();
    push_passphrase_where(
        &mut qb,
        PASSPHRASES,
        tenant_id,
        pool_id,
        filter,
        &index_parts,
    );
    order.push(&mut qb, "p.id");
    qb
}
