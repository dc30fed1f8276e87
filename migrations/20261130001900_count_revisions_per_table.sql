-- What a query reads besides the rows it counts differs from one query to
-- the next: a keyword or a search for a text no MAC can hold reads no
-- device, group or port. Each of those tables now advances a revision of
-- its own, and a kept total follows only the revisions of the tables its
-- conditions read (r1_core::totals::Counted::reading). dpsk_revision and
-- identity_revision stay with the counted tables' own unlogged writes
-- (a truncation, a statement of more than 10,000 rows).
--
-- Each called once, as the revisions before them.
CREATE SEQUENCE dpsk_device_revision;
SELECT nextval('dpsk_device_revision');
CREATE SEQUENCE identity_group_revision;
SELECT nextval('identity_group_revision');
CREATE SEQUENCE identity_port_revision;
SELECT nextval('identity_port_revision');

DROP TRIGGER dpsk_passphrase_devices_revised ON dpsk_passphrase_devices;
CREATE TRIGGER dpsk_passphrase_devices_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dpsk_passphrase_devices
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('dpsk_device_revision');

DROP TRIGGER identity_groups_revised ON identity_groups;
CREATE TRIGGER identity_groups_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON identity_groups
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('identity_group_revision');

DROP TRIGGER identity_ethernet_ports_revised ON identity_ethernet_ports;
CREATE TRIGGER identity_ethernet_ports_revised
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON identity_ethernet_ports
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('identity_port_revision');
