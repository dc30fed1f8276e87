-- A resident's request names its property (a venue) but not its tenant: the
-- venue's tenant is found by the venue id alone, and the resident token is
-- then looked up under that tenant, by resident_tokens' key.
CREATE INDEX venues_id_idx ON venues (id);
