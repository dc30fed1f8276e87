//! The query views (`View MSP` and the current query operations): one
//! catalog per view, answered by [`crate::query`].

use std::collections::HashMap;

use r1_core::ApiError;
use serde_json::{json, Value};
use sqlx::PgConnection;

use crate::{
    query::{self, col, Catalog, Column, DynamicQueryPayloadDto, Kind, Plan, QueryResponse},
    repo, tenant_link,
};

/// The fields of a managed tenant, computed from MSP Services' own state
/// (`c` is the customer row).
macro_rules! mspec_columns {
    ($($extra:expr),* $(,)?) => {
        [
            col("id", "c.tenant_id", Kind::Text),
            col("name", "c.name", Kind::Text),
            col("streetAddress", "c.street_address", Kind::Text),
            col("city", "c.city", Kind::Text),
            col("state", "c.state", Kind::Text),
            col("country", "c.country", Kind::Text),
            col("postalCode", "c.postal_code", Kind::Text),
            col("mspTenantId", "c.msp_tenant_id", Kind::Text),
            // MSP Services' own record of the activation it sets (core's
            // tenant status follows it in the same transaction).
            col(
                "status",
                "CASE WHEN c.active THEN 'Active' ELSE 'Inactive' END",
                Kind::Text,
            ),
            col("accountType", "c.tenant_type", Kind::Text),
            col("tenantType", "c.tenant_type", Kind::Text),
            col("accountTier", "c.tier", Kind::Text),
            col("creationDate", "c.created_at", Kind::Time),
            col(
                "lastUpdTime",
                "(extract(epoch FROM c.updated_at) * 1000)::bigint",
                Kind::Number,
            ),
            col(
                "serviceExpirationDate",
                "c.service_expiration_date",
                Kind::Time,
            ),
            col(
                "mspAdminCount",
                "(SELECT count(*) FROM msp_admin_delegations a WHERE a.tenant_id = c.tenant_id)",
                Kind::Number,
            ),
            col(
                "mspAdmins",
                "ARRAY(SELECT a.msp_admin_id FROM msp_admin_delegations a
                       WHERE a.tenant_id = c.tenant_id ORDER BY a.msp_admin_id)",
                Kind::List,
            ),
            col(
                "mspLabel",
                "(SELECT b.msp_label FROM msp_brandings b WHERE b.tenant_id = c.msp_tenant_id)",
                Kind::Text,
            ),
            col(
                "integrators",
                "ARRAY(SELECT p.partner_tenant_id FROM msp_tech_partner_delegations p
                       WHERE p.tenant_id = c.tenant_id AND p.delegation_type = 'MSP_INTEGRATOR')",
                Kind::List,
            ),
            col(
                "installers",
                "ARRAY(SELECT p.partner_tenant_id FROM msp_tech_partner_delegations p
                       WHERE p.tenant_id = c.tenant_id AND p.delegation_type = 'MSP_INSTALLER')",
                Kind::List,
            ),
            col(
                "integratorCount",
                "(SELECT count(*) FROM msp_tech_partner_delegations p
                  WHERE p.tenant_id = c.tenant_id AND p.delegation_type = 'MSP_INTEGRATOR')",
                Kind::Number,
            ),
            col(
                "installerCount",
                "(SELECT count(*) FROM msp_tech_partner_delegations p
                  WHERE p.tenant_id = c.tenant_id AND p.delegation_type = 'MSP_INSTALLER')",
                Kind::Number,
            ),
            col(
                "customerCount",
                "(SELECT count(DISTINCT p.tenant_id) FROM msp_tech_partner_delegations p
                  WHERE p.partner_tenant_id = c.tenant_id)",
                Kind::Number,
            ),
            col(
                "apCount",
                "(SELECT count(*) FROM msp_inventory_devices d
                  WHERE d.tenant_id = c.tenant_id AND d.device_type = 'DVCNWTYPE_WIFI')",
                Kind::Number,
            ),
            col(
                "switchCount",
                "(SELECT count(*) FROM msp_inventory_devices d
                  WHERE d.tenant_id = c.tenant_id AND d.device_type = 'DVCNWTYPE_SWITCH')",
                Kind::Number,
            ),
            $($extra,)*
        ]
    };
}

static MSPEC_COLUMNS: [Column; 25] = mspec_columns!();

/// A managed tenant's fields that always have a value.
const MSPEC_NEVER_NULL: &[&str] = &[
    "id",
    "name",
    "mspTenantId",
    "status",
    "accountType",
    "tenantType",
    "accountTier",
    "creationDate",
    "lastUpdTime",
    "serviceExpirationDate",
    "mspAdminCount",
    "integratorCount",
    "installerCount",
    "customerCount",
    "apCount",
    "switchCount",
];

/// What a managed-tenant list groups by: its kinds, states and places, and
/// its partners and counts.
const MSPEC_GROUPS: &[&str] = &[
    "status",
    "accountType",
    "tenantType",
    "accountTier",
    "city",
    "state",
    "country",
    "postalCode",
    "mspLabel",
    "mspAdminCount",
    "integratorCount",
    "installerCount",
    "apCount",
    "switchCount",
];

/// The MSP's managed tenants: its customers and the technology partners it made.
pub static MSPECS: Catalog = Catalog {
    object: "MspEc",
    columns: &MSPEC_COLUMNS,
    from: "msp_customers c",
    scope: "c.msp_tenant_id",
    default_sort: "name",
    key: "id",
    default_search: &["name", "city", "country"],
    search_haystack: None,
    computed: &["mspEcAdminCount", "mspName"],
    never_null: MSPEC_NEVER_NULL,
    groupable: MSPEC_GROUPS,
    group_rows: "mspEcs",
};

static TECH_PARTNER_COLUMNS: [Column; 28] = mspec_columns!(
    col("delegatedTo", "p.partner_tenant_id", Kind::Text),
    col("delegationType", "p.delegation_type", Kind::Text),
    col(
        "delegationExpiryDate",
        "(extract(epoch FROM p.expiry_date) * 1000)::bigint",
        Kind::Number,
    ),
);

/// The customers handed to the calling technology partner.
pub static TECH_PARTNER_MSPECS: Catalog = Catalog {
    object: "MspEc",
    columns: &TECH_PARTNER_COLUMNS,
    from: "msp_tech_partner_delegations p JOIN msp_customers c ON c.tenant_id = p.tenant_id",
    scope: "p.partner_tenant_id",
    default_sort: "name",
    key: "id",
    default_search: &["name", "city", "country"],
    search_haystack: None,
    computed: &["mspEcAdminCount", "mspName"],
    never_null: MSPEC_NEVER_NULL,
    groupable: MSPEC_GROUPS,
    group_rows: "mspEcs",
};

static INVENTORY_COLUMNS: [Column; 15] = [
    col("serialNumber", "d.serial_number", Kind::Text),
    col("name", "d.name", Kind::Text),
    col("model", "d.model", Kind::Text),
    col("fwVersion", "d.fw_version", Kind::Text),
    col("venueId", "d.venue_id", Kind::Text),
    col("venueName", "d.venue_name", Kind::Text),
    col("deviceStatus", "d.device_status", Kind::Text),
    col("deviceType", "d.device_type", Kind::Text),
    col(
        "apMac",
        "CASE WHEN d.device_type = 'DVCNWTYPE_WIFI' THEN d.mac END",
        Kind::Text,
    ),
    col(
        "switchMac",
        "CASE WHEN d.device_type = 'DVCNWTYPE_SWITCH' THEN d.mac END",
        Kind::Text,
    ),
    col("tenantId", "d.tenant_id", Kind::Text),
    col("customerName", "d.customer_name", Kind::Text),
    col("managedAs", "d.customer_type", Kind::Text),
    col(
        "crtTime",
        "(extract(epoch FROM d.created_at) * 1000)::bigint",
        Kind::Number,
    ),
    col("id", "d.serial_number", Kind::Text),
];

/// Every device in the MSP's customers' inventories.
pub static INVENTORY: Catalog = Catalog {
    object: "MspInventoryDevice",
    columns: &INVENTORY_COLUMNS,
    // Each device carries its customer's MSP, name and type (kept by the
    // database), so the view is one table an index can page.
    from: "msp_inventory_devices d",
    scope: "d.msp_tenant_id",
    default_sort: "serialNumber",
    key: "serialNumber",
    default_search: &["serialNumber", "name", "model", "customerName", "venueName"],
    // Those five fields, stored joined (migration 20261130001400).
    search_haystack: Some("d.search_haystack"),
    computed: &[],
    // A device in an MSP's inventory has a customer, so its name and type too.
    never_null: &[
        "serialNumber",
        "name",
        "model",
        "deviceStatus",
        "deviceType",
        "tenantId",
        "customerName",
        "managedAs",
        "crtTime",
        "id",
    ],
    groupable: &[
        "deviceType",
        "deviceStatus",
        "model",
        "fwVersion",
        "venueId",
        "venueName",
        "tenantId",
        "customerName",
        "managedAs",
    ],
    group_rows: "devices",
};

static DELEGATION_COLUMNS: [Column; 11] = [
    col("id", "p.id::text", Kind::Text),
    col("tenantId", "p.tenant_id", Kind::Text),
    col("tenantName", "c.name", Kind::Text),
    col("delegatedToId", "p.partner_tenant_id", Kind::Text),
    col("delegationType", "p.delegation_type", Kind::Text),
    col("type", "p.delegation_type", Kind::Text),
    col("status", "'ACCEPTED'", Kind::Text),
    col("tenantEmail", "c.admin_email", Kind::Text),
    col(
        "crtTime",
        "(extract(epoch FROM p.created_at) * 1000)::bigint",
        Kind::Number,
    ),
    col(
        "lastUpdTime",
        "(extract(epoch FROM p.created_at) * 1000)::bigint",
        Kind::Number,
    ),
    col(
        "earlyExpirationDate",
        "to_char(p.expiry_date AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
        Kind::Text,
    ),
];

/// The MSP's customers' technology-partner delegations.
pub static DELEGATIONS: Catalog = Catalog {
    object: "Delegation",
    columns: &DELEGATION_COLUMNS,
    from: "msp_tech_partner_delegations p JOIN msp_customers c ON c.tenant_id = p.tenant_id",
    scope: "p.msp_tenant_id",
    default_sort: "tenantName",
    key: "id",
    default_search: &["tenantName", "delegatedToId"],
    search_haystack: None,
    computed: &["delegatedToName"],
    never_null: &[
        "id",
        "tenantId",
        "tenantName",
        "delegatedToId",
        "delegationType",
        "type",
        "status",
        "crtTime",
        "lastUpdTime",
    ],
    groupable: &[
        "tenantId",
        "tenantName",
        "delegatedToId",
        "delegationType",
        "type",
        "status",
    ],
    group_rows: "delegations",
};

static AP_COUNT_COLUMNS: [Column; 3] = [
    col("id", "c.tenant_id", Kind::Text),
    col("name", "c.name", Kind::Text),
    col(
        "apCount",
        "(SELECT count(*) FROM msp_inventory_devices d
          WHERE d.tenant_id = c.tenant_id AND d.device_type = 'DVCNWTYPE_WIFI')::int",
        Kind::Number,
    ),
];

/// APs per customer.
pub static AP_COUNTS: Catalog = Catalog {
    object: "ApCountSummary",
    columns: &AP_COUNT_COLUMNS,
    from: "msp_customers c",
    scope: "c.msp_tenant_id",
    default_sort: "name",
    key: "id",
    default_search: &["name"],
    search_haystack: None,
    computed: &[],
    never_null: &["id", "name", "apCount"],
    groupable: &["apCount"],
    group_rows: "tenants",
};

/// Answers a payload over a view scoped to `scope`, with the next page's
/// query pointing at `url`.
pub async fn run(
    conn: &mut PgConnection,
    catalog: &'static Catalog,
    payload: &DynamicQueryPayloadDto,
    scope: &str,
    url: &str,
) -> Result<QueryResponse, ApiError> {
    let plan = query::plan(catalog, payload)?;
    if plan.is_grouped() {
        let (total, groups, rows) = repo::query_groups(conn, &plan, scope).await?;
        let rows = fill_computed(conn, &plan, catalog, scope, rows).await?;
        return Ok(QueryResponse {
            fields: plan.fields(),
            total_count: total,
            page: plan.page,
            object_id: None,
            error_message: None,
            subsequent_queries: plan.next(payload, url, plan.more_after(total), None),
            data: plan.groups(groups, rows),
        });
    }
    let (total, mut rows) = repo::query_page(conn, &plan, scope).await?;
    let more = if plan.peeks() {
        let more = rows.len() as i64 > plan.page_size;
        rows.truncate(usize::try_from(plan.page_size).unwrap_or(usize::MAX));
        more
    } else {
        plan.more_after(total)
    };
    let next = plan.next(payload, url, more, rows.last());
    let rows = fill_computed(conn, &plan, catalog, scope, rows).await?;
    Ok(QueryResponse {
        fields: plan.fields(),
        total_count: total,
        page: plan.page,
        object_id: None,
        error_message: None,
        subsequent_queries: next,
        data: rows.into_iter().map(|r| plan.project(r)).collect(),
    })
}

/// The fields another domain knows: administrators of each customer and
/// tenant names, asked for once per page.
async fn fill_computed(
    conn: &mut PgConnection,
    plan: &Plan,
    catalog: &'static Catalog,
    scope: &str,
    mut rows: Vec<Value>,
) -> Result<Vec<Value>, ApiError> {
    let id_of = |r: &Value, key: &str| r.get(key).and_then(Value::as_str).map(str::to_string);
    if catalog.computed.contains(&"mspEcAdminCount") && plan.wants("mspEcAdminCount") {
        let ids: Vec<String> = rows.iter().filter_map(|r| id_of(r, "id")).collect();
        let counts = tenant_link::admin_counts(conn, &ids).await?;
        for r in &mut rows {
            let n = id_of(r, "id")
                .and_then(|id| counts.get(&id).copied())
                .unwrap_or(0);
            r["mspEcAdminCount"] = json!(n);
        }
    }
    if catalog.computed.contains(&"mspName") && plan.wants("mspName") {
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        for r in &mut rows {
            let msp = id_of(r, "mspTenantId").unwrap_or_else(|| scope.to_string());
            if !names.contains_key(&msp) {
                let name = tenant_link::account_name(conn, &msp).await?;
                names.insert(msp.clone(), name);
            }
            r["mspName"] = json!(names.get(&msp).cloned().flatten());
        }
    }
    if catalog.computed.contains(&"delegatedToName") && plan.wants("delegatedToName") {
        for r in &mut rows {
            let name = match id_of(r, "delegatedToId") {
                Some(id) => tenant_link::account_name(conn, &id).await?,
                None => None,
            };
            r["delegatedToName"] = json!(name);
        }
    }
    Ok(rows)
}
