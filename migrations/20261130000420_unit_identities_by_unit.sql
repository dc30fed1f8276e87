-- A unit's identities are read by unit on every unit view (its UNIT and
-- GUEST identity, how many it has): an index that starts with the unit, so
-- a page of units does not scan every unit identity of the tenant.
CREATE INDEX property_unit_identities_unit_idx ON property_unit_identities (unit_id, persona_type);
