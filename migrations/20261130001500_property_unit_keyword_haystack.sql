-- The unit query's keyword tested four columns with ILIKE, row by row, once
-- for the count and once more for the page: 27 ms for a keyword matching one
-- unit of a property of 10,000 (`scripts/cargo-dev bench --bench resident`).
-- The columns are stored joined and lower-cased beside the row, with a
-- trigram index, as identities' are (migration 20261130000501). ILIKE is
-- lower() of both sides then LIKE, so a keyword without the separator gets
-- the same answer (crates/property/src/repo/units.rs, KEYWORD_HAYSTACK).
ALTER TABLE property_units ADD COLUMN keyword_haystack TEXT GENERATED ALWAYS AS (lower(
    name || E'\x1f' || resident_name || E'\x1f' || coalesce(resident_email, '')
         || E'\x1f' || coalesce(resident_phone, '')
)) STORED;

CREATE INDEX property_units_keyword_trgm ON property_units USING gin (keyword_haystack gin_trgm_ops);
