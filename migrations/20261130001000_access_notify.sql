-- Every r1 process remembers who may act for whom (r1_core::access) and
-- forgets it when told: any change to a tenant or a grant, by r1 or by hand,
-- notifies the processes listening on r1_access when it commits.
CREATE FUNCTION r1_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('r1_access', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER tenants_access_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION r1_access_changed();

CREATE TRIGGER tenant_grants_access_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenant_grants
    FOR EACH STATEMENT EXECUTE FUNCTION r1_access_changed();
