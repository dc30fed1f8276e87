-- The totals of query pages that read every match (r1_core::totals) are
-- remembered per process with the revision of the tables they count: a
-- sequence per domain that a statement trigger on each of those tables
-- advances. A sequence, not a counter row: nextval takes no row lock, so
-- writers of one pool or tenant do not queue behind each other, and its
-- value is read outside any snapshot, before the count's.
CREATE FUNCTION r1_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval(TG_ARGV[0]);
    RETURN NULL;
END
$$;

-- Called once, so that a fresh sequence's last_value (1, not yet called)
-- and its first nextval (1, called) do not read the same.
CREATE SEQUENCE dpsk_revision;
SELECT nextval('dpsk_revision');
CREATE SEQUENCE identity_revision;
SELECT nextval('identity_revision');

-- What a DPSK passphrase query reads: its rows and its devices' MACs.
CREATE TRIGGER dpsk_passphrases_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dpsk_passphrases
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('dpsk_revision');
CREATE TRIGGER dpsk_passphrase_devices_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dpsk_passphrase_devices
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('dpsk_revision');

-- What an identity query reads: identities, their groups' pool and
-- property, their ethernet ports.
CREATE TRIGGER identities_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON identities
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('identity_revision');
CREATE TRIGGER identity_groups_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON identity_groups
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('identity_revision');
CREATE TRIGGER identity_ethernet_ports_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON identity_ethernet_ports
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('identity_revision');
