-- A kept query total (r1_core::totals) follows writes to the rows it counts
-- by adding them up, not by counting every match again: each row a
-- statement writes is logged as it was (sign -1) and as it is (sign +1),
-- numbered by a sequence. A total kept at change N, plus the signs of the
-- changes after N that its conditions select, is the total now (a search
-- every passphrase of a pool of 1,000,000 holds: 155 ms to count).
--
-- A changes table has the counted table's columns, after its number and
-- sign, in the same order, so that a query's conditions read either: a
-- column added to the counted table must be added to its changes in the
-- same migration.
--
-- Writes to the other tables a count reads (a passphrase's devices, an
-- identity's group and ports) still advance the domain's revision
-- (migration 20261130001700), and so does a statement of more than 10,000
-- rows, which is not logged: every total kept before it is counted again.
-- Each time the numbers pass a multiple of 10,000, the changes more than
-- 50,000 old are deleted; r1_core::totals adds up at most 10,000 changes
-- (MAX_ADDED) and counts again a total kept further back than 50,000
-- (KEPT_CHANGES).
--
-- TG_ARGV: the changes table, the sequence numbering them, the revision.
-- Each trigger is for one event, so that its transition tables exist.
CREATE FUNCTION r1_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    written bigint;
    last bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO written FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT count(*) INTO written FROM old_rows;
    ELSE
        SELECT 2 * count(*) INTO written FROM new_rows;
    END IF;
    IF written = 0 THEN
        RETURN NULL;
    END IF;
    IF written > 10000 THEN
        PERFORM nextval(TG_ARGV[2]);
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('INSERT INTO %I SELECT nextval(%L), -1, o.* FROM old_rows o',
                       TG_ARGV[0], TG_ARGV[1]);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('INSERT INTO %I SELECT nextval(%L), 1, n.* FROM new_rows n',
                       TG_ARGV[0], TG_ARGV[1]);
    END IF;
    last := currval(TG_ARGV[1]);
    -- One writer at a time deletes: two deleting the same rows in different
    -- orders could deadlock, and fail a client's write.
    IF last / 10000 > (last - written) / 10000
       AND pg_try_advisory_xact_lock(hashtext('r1_log_changes'), hashtext(TG_ARGV[0])) THEN
        EXECUTE format('DELETE FROM %I WHERE change_number <= $1', TG_ARGV[0])
            USING last - 50000;
    END IF;
    RETURN NULL;
END
$$;

-- DPSK: the passphrases. Their devices keep advancing dpsk_revision.
-- Called once, as the revisions are: a fresh sequence's last_value and its
-- first nextval read the same.
CREATE SEQUENCE dpsk_passphrase_change_numbers;
SELECT nextval('dpsk_passphrase_change_numbers');
CREATE TABLE dpsk_passphrase_changes (
    change_number BIGINT NOT NULL,
    change_sign SMALLINT NOT NULL,
    LIKE dpsk_passphrases
);
CREATE INDEX dpsk_passphrase_changes_number_idx ON dpsk_passphrase_changes (change_number);

DROP TRIGGER dpsk_passphrases_revised ON dpsk_passphrases;
CREATE TRIGGER dpsk_passphrases_truncated
    AFTER TRUNCATE ON dpsk_passphrases
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('dpsk_revision');
CREATE TRIGGER dpsk_passphrases_inserted_changes
    AFTER INSERT ON dpsk_passphrases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION
        r1_log_changes('dpsk_passphrase_changes', 'dpsk_passphrase_change_numbers', 'dpsk_revision');
CREATE TRIGGER dpsk_passphrases_updated_changes
    AFTER UPDATE ON dpsk_passphrases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION
        r1_log_changes('dpsk_passphrase_changes', 'dpsk_passphrase_change_numbers', 'dpsk_revision');
CREATE TRIGGER dpsk_passphrases_deleted_changes
    AFTER DELETE ON dpsk_passphrases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION
        r1_log_changes('dpsk_passphrase_changes', 'dpsk_passphrase_change_numbers', 'dpsk_revision');

-- Identities. Their groups and ethernet ports keep advancing
-- identity_revision.
CREATE SEQUENCE identity_change_numbers;
SELECT nextval('identity_change_numbers');
CREATE TABLE identity_changes (
    change_number BIGINT NOT NULL,
    change_sign SMALLINT NOT NULL,
    LIKE identities
);
CREATE INDEX identity_changes_number_idx ON identity_changes (change_number);

DROP TRIGGER identities_revised ON identities;
CREATE TRIGGER identities_truncated
    AFTER TRUNCATE ON identities
    FOR EACH STATEMENT EXECUTE FUNCTION r1_next_revision('identity_revision');
CREATE TRIGGER identities_inserted_changes
    AFTER INSERT ON identities REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION
        r1_log_changes('identity_changes', 'identity_change_numbers', 'identity_revision');
CREATE TRIGGER identities_updated_changes
    AFTER UPDATE ON identities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION
        r1_log_changes('identity_changes', 'identity_change_numbers', 'identity_revision');
CREATE TRIGGER identities_deleted_changes
    AFTER DELETE ON identities REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION
        r1_log_changes('identity_changes', 'identity_change_numbers', 'identity_revision');
