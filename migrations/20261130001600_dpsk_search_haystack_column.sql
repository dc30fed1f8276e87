-- A searchString matching most passphrases of a pool (a common domain, a
-- shared prefix) rechecked every candidate with lower() of the joined
-- searchable columns, the expression of the trigram index, and tested each
-- column with ILIKE: about 170 ms a page at 100,000 matches, 147 ms of it in
-- that filter (auto_explain). The joined, lower-cased columns are now stored
-- beside the row, as identities' and units' keywords are, and the trigram
-- index moves to the column. A search over all of them is one strpos on
-- stored text (crates/dpsk/src/repo/query.rs, SEARCH_HAYSTACK): ILIKE is
-- lower() of both sides, and no search text holding the separator is
-- tested against the haystack.
ALTER TABLE dpsk_passphrases ADD COLUMN search_haystack TEXT GENERATED ALWAYS AS (lower(
    coalesce(username, '') || E'\x1f' || passphrase || E'\x1f' || coalesce(email, '')
        || E'\x1f' || coalesce(phone_number, '') || E'\x1f' || coalesce(vlan_id::text, '')
)) STORED;

DROP INDEX dpsk_passphrases_search_trgm;
CREATE INDEX dpsk_passphrases_search_haystack_trgm
    ON dpsk_passphrases USING gin (search_haystack gin_trgm_ops);
