-- The identity query's `keyword` matches a substring of the name, display
-- name, email, phone number or description (ILIKE '%…%'), which otherwise
-- reads every identity. One trigram index over the five joined by U+001F lets
-- PostgreSQL find the candidates from the index; the repository repeats this
-- exact expression (crates/identity/src/repo.rs, KEYWORD_HAYSTACK) and keeps
-- the per-column test, so the answer is the same. pg_trgm ships with
-- PostgreSQL and is a trusted extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX identities_keyword_trgm ON identities USING gin ((
    name || E'\x1f' || coalesce(display_name, '') || E'\x1f' || coalesce(email, '')
         || E'\x1f' || coalesce(phone_number, '') || E'\x1f' || coalesce(description, '')
) gin_trgm_ops);
