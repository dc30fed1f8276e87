-- Pool-scoped reads ask whether any passphrase of the pool belongs to an
-- identity (`isReferenced`). Without an index that serves
-- `pool_id = ... AND is_referenced` that question read every passphrase of
-- the table; few passphrases are referenced, so a partial index keeps it to
-- a probe.
CREATE INDEX dpsk_passphrases_referenced_idx ON dpsk_passphrases (pool_id) WHERE is_referenced;

-- A pool's passphrase count, kept by statement triggers: the unfiltered
-- passphrase query reports its total from here instead of counting the pool
-- (a scan that grows with the pool: 25 ms at 100,000 rows).
ALTER TABLE dpsk_pools ADD COLUMN passphrase_count BIGINT NOT NULL DEFAULT 0;
UPDATE dpsk_pools SET passphrase_count =
    (SELECT count(*) FROM dpsk_passphrases p WHERE p.pool_id = dpsk_pools.id);

CREATE FUNCTION dpsk_pools_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dpsk_pools SET passphrase_count = passphrase_count + n.count
      FROM (SELECT pool_id, count(*) FROM inserted GROUP BY pool_id) n
     WHERE dpsk_pools.id = n.pool_id;
    RETURN NULL;
END $$;

CREATE FUNCTION dpsk_pools_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dpsk_pools SET passphrase_count = passphrase_count - n.count
      FROM (SELECT pool_id, count(*) FROM deleted GROUP BY pool_id) n
     WHERE dpsk_pools.id = n.pool_id;
    RETURN NULL;
END $$;

CREATE TRIGGER dpsk_passphrases_counted_in AFTER INSERT ON dpsk_passphrases
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION dpsk_pools_count_inserted();
CREATE TRIGGER dpsk_passphrases_counted_out AFTER DELETE ON dpsk_passphrases
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION dpsk_pools_count_deleted();

-- Sorts by username, either direction: the repository always breaks ties by
-- id ascending, so each direction needs its own index to read a page in order.
CREATE INDEX dpsk_passphrases_username_asc_idx ON dpsk_passphrases (tenant_id, pool_id, username, id);
CREATE INDEX dpsk_passphrases_username_desc_idx ON dpsk_passphrases (tenant_id, pool_id, username DESC, id);

-- The vlanId filter (often with status), in the default order.
CREATE INDEX dpsk_passphrases_vlan_idx ON dpsk_passphrases (tenant_id, pool_id, vlan_id, created_at, id);

-- searchString matches a substring of the chosen fields (ILIKE '%…%'). One
-- trigram index over the searchable columns of the row, lowered and joined by
-- U+001F, finds the candidates; the repository repeats this exact expression
-- (crates/dpsk/src/repo.rs, SEARCH_HAYSTACK) and keeps the per-column test,
-- so any subset of fields gets the same answer.
CREATE INDEX dpsk_passphrases_search_trgm ON dpsk_passphrases USING gin ((
    lower(coalesce(username, '') || E'\x1f' || passphrase || E'\x1f' || coalesce(email, '')
          || E'\x1f' || coalesce(phone_number, '') || E'\x1f' || coalesce(vlan_id::text, ''))
) gin_trgm_ops);
CREATE INDEX dpsk_passphrase_devices_mac_trgm ON dpsk_passphrase_devices USING gin (mac gin_trgm_ops);
