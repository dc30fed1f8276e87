//! The schema can be distributed by tenant (Citus,
//! `create_distributed_table(..., 'tenant_id')`): read from the catalog of a
//! fully migrated database, every table carries a NOT NULL `tenant_id`, and
//! every primary key, unique constraint, unique index and foreign key between
//! tenant tables includes it, so that every request touches one shard.

use r1::*;
use r1_core::repo;
use sqlx::PgPool;

/// Reference tables (copied to every node rather than sharded), by design:
/// the tenants themselves, who may act for whom across tenants, the running
/// processes, the migration history, and the MSP brandings (an MSP label is
/// one namespace across all MSPs: unique across tenants, found without one).
const REFERENCE_TABLES: &[&str] = &[
    "tenants",
    "tenant_grants",
    "r1_instances",
    "_sqlx_migrations",
    "msp_brandings",
];

/// What was checked, and every way the schema breaks the rule.
#[derive(Default)]
struct Report {
    checked: Vec<String>,
    violations: Vec<String>,
}

async fn tables(db: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         ORDER BY 1",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

async fn check(db: &PgPool) -> Report {
    let mut report = Report::default();
    let all = tables(db).await;
    let is_tenant_table = |t: &str| !REFERENCE_TABLES.contains(&t);

    // The distribution column: present and NOT NULL on every tenant table.
    let columns: Vec<(String, bool)> = sqlx::query_as(
        "SELECT c.relname::text, a.attnotnull FROM pg_class c
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for table in all.iter().filter(|t| is_tenant_table(t)) {
        report.checked.push(format!("table {table}: tenant_id"));
        match columns.iter().find(|(t, _)| t == table) {
            None => report
                .violations
                .push(format!("table {table} has no tenant_id")),
            Some((_, false)) => report
                .violations
                .push(format!("table {table}: tenant_id may be NULL")),
            Some(_) => {}
        }
    }

    // Primary keys and unique constraints, and unique indexes (whether or not
    // a constraint stands behind them, partial ones too): tenant_id must be
    // one of their plain key columns.
    let uniques: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT c.relname::text, i.relname::text, pg_get_indexdef(x.indexrelid),
                EXISTS (SELECT 1 FROM unnest(x.indkey[0:x.indnkeyatts - 1]) k
                        JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k
                        WHERE a.attname = 'tenant_id')
         FROM pg_index x
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indisunique AND c.relnamespace = current_schema()::regnamespace
         ORDER BY 1, 2",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for (table, index, def, has_tenant) in uniques.iter().filter(|u| is_tenant_table(&u.0)) {
        report
            .checked
            .push(format!("unique {table}.{index}: {def}"));
        if !has_tenant {
            report
                .violations
                .push(format!("unique {table}.{index} lacks tenant_id: {def}"));
        }
    }

    // Foreign keys: between two tenant tables, tenant_id must be matched to
    // tenant_id; a reference table must not point into a tenant table.
    let foreign: Vec<(String, String, String, String, bool)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, c.conname::text, c.confrelid::regclass::text,
                pg_get_constraintdef(c.oid),
                EXISTS (SELECT 1 FROM unnest(c.conkey, c.confkey) AS k(src, dst)
                        JOIN pg_attribute s ON s.attrelid = c.conrelid AND s.attnum = k.src
                        JOIN pg_attribute d ON d.attrelid = c.confrelid AND d.attnum = k.dst
                        WHERE s.attname = 'tenant_id' AND d.attname = 'tenant_id')
         FROM pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
         ORDER BY 1, 2",
    )
    .fetch_all(db)
    .await
    .unwrap();
    for (table, name, target, def, pairs_tenant) in &foreign {
        match (is_tenant_table(table), is_tenant_table(target)) {
            (true, true) => {
                report
                    .checked
                    .push(format!("foreign key {table}.{name}: {def}"));
                if !pairs_tenant {
                    report.violations.push(format!(
                        "foreign key {table}.{name} does not match tenant_id to tenant_id: {def}"
                    ));
                }
            }
            (false, true) => report.violations.push(format!(
                "reference table {table} points into tenant table {target}: {name}"
            )),
            _ => report.checked.push(format!(
                "foreign key {table}.{name} to reference table: {def}"
            )),
        }
    }
    report
}

#[sqlx::test]
async fn every_tenant_table_is_keyed_by_tenant_id(db: PgPool) {
    let all = tables(&db).await;
    for reference in REFERENCE_TABLES {
        assert!(
            all.iter().any(|t| t == reference),
            "reference table {reference} is gone: update REFERENCE_TABLES and the README"
        );
    }
    let report = check(&db).await;
    println!("reference tables (not distributed): {REFERENCE_TABLES:?}");
    for line in &report.checked {
        println!("checked {line}");
    }
    // Vacuous when nothing was read: the domains' tables must be there.
    for expected in [
        "dpsk_pools",
        "identities",
        "venues",
        "property_units",
        "tenant_admins",
        "msp_invitations",
    ] {
        assert!(
            report.checked.iter().any(|c| c.contains(expected)),
            "{expected} was not checked"
        );
    }
    assert!(
        report.violations.is_empty(),
        "the schema cannot be distributed by tenant_id:\n{}",
        report.violations.join("\n")
    );
}

/// The check itself catches each kind of breach, so that a silent pass
/// above means something.
#[sqlx::test]
async fn the_check_reports_each_kind_of_breach(db: PgPool) {
    for statement in [
        "CREATE TABLE zz_untenanted (id UUID PRIMARY KEY)",
        "CREATE TABLE zz_parent (tenant_id TEXT NOT NULL, id UUID, code TEXT,
             PRIMARY KEY (tenant_id, id), CONSTRAINT zz_parent_code_key UNIQUE (code),
             CONSTRAINT zz_parent_id_key UNIQUE (id))",
        "CREATE UNIQUE INDEX zz_parent_lower_code ON zz_parent (lower(code)) WHERE code IS NOT NULL",
        "CREATE TABLE zz_child (tenant_id TEXT, parent_id UUID,
             CONSTRAINT zz_child_parent_fkey FOREIGN KEY (parent_id) REFERENCES zz_parent (id))",
        "CREATE TABLE zz_swapped (tenant_id TEXT NOT NULL, other TEXT NOT NULL, parent_id UUID,
             CONSTRAINT zz_swapped_fkey FOREIGN KEY (other, parent_id)
                 REFERENCES zz_parent (tenant_id, id))",
        "ALTER TABLE tenant_grants ADD COLUMN zz_parent_tenant TEXT, ADD COLUMN zz_parent_id UUID,
             ADD CONSTRAINT zz_grant_fkey FOREIGN KEY (zz_parent_tenant, zz_parent_id)
                 REFERENCES zz_parent (tenant_id, id)",
    ] {
        sqlx::query(statement).execute(&db).await.unwrap();
    }
    let violations = check(&db).await.violations;
    for expected in [
        "table zz_untenanted has no tenant_id",
        "unique zz_untenanted.zz_untenanted_pkey lacks tenant_id",
        "unique zz_parent.zz_parent_code_key lacks tenant_id",
        "unique zz_parent.zz_parent_lower_code lacks tenant_id",
        "table zz_child: tenant_id may be NULL",
        "foreign key zz_child.zz_child_parent_fkey does not match tenant_id",
        "foreign key zz_swapped.zz_swapped_fkey does not match tenant_id",
        "reference table tenant_grants points into tenant table zz_parent",
    ] {
        assert!(
            violations.iter().any(|v| v.starts_with(expected)),
            "not reported: {expected}\nreported:\n{}",
            violations.join("\n")
        );
    }
    assert!(
        !violations.iter().any(|v| v.contains("zz_parent_pkey")),
        "a key starting with tenant_id was reported: {violations:?}"
    );
}

/// The API client's key is per tenant now, yet a client id still names one
/// client: putting it under another tenant moves it there, as before.
#[sqlx::test]
async fn an_api_client_put_under_another_tenant_moves_there(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (first, second) = (
        "0000000000000000000000000000aaa1",
        "0000000000000000000000000000aaa2",
    );
    app.other_tenant(first).await;
    repo::insert_tenant(&app.db, second, "second tenant")
        .await
        .unwrap();
    let client_id = format!("client-{first}");
    let hash = r1_core::secrets::hash("moved-secret");
    repo::insert_client(&app.db, &client_id, second, "moved app", &hash)
        .await
        .unwrap();

    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT tenant_id FROM api_clients WHERE client_id = $1")
            .bind(&client_id)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(rows, vec![(second.to_string(),)]);
    app.token_for(second, &client_id, "moved-secret").await;
    let refused = app.token_response(first, &client_id, "moved-secret").await;
    assert!(
        refused.status().is_client_error(),
        "the old tenant still issues tokens: {}",
        refused.status()
    );
}
