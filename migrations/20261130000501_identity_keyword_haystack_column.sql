-- The identity keyword query evaluated its haystack expression (five columns
-- joined, then ILIKE's per-character case folding) for every candidate row:
-- a keyword matching every identity of 100,000 took 60 to 260 ms, most of it
-- building and folding strings. The haystack is now stored lower-cased
-- beside the row, so the test is a plain LIKE against it; the trigram index
-- moves to the column. ILIKE is lower() of both sides then LIKE, so the
-- answer is the same (crates/identity/src/repo.rs, KEYWORD_HAYSTACK).
ALTER TABLE identities ADD COLUMN keyword_haystack TEXT GENERATED ALWAYS AS (lower(
    name || E'\x1f' || coalesce(display_name, '') || E'\x1f' || coalesce(email, '')
         || E'\x1f' || coalesce(phone_number, '') || E'\x1f' || coalesce(description, '')
)) STORED;

DROP INDEX identities_keyword_trgm;
CREATE INDEX identities_keyword_haystack_trgm ON identities USING gin (keyword_haystack gin_trgm_ops);

-- The default order (created_at, id) read from an index, the keyword test
-- applied on the way, so a keyword matching most identities stops after a page.
CREATE INDEX identities_tenant_created_id_idx ON identities (tenant_id, created_at, id);
DROP INDEX identities_tenant_created_idx;
