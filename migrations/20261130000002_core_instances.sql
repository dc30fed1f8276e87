-- The r1 processes serving this database, so that each takes its share of
-- the rate budgets (r1_core::instances). Not tenant data: with a distributed
-- database this is a reference table.
CREATE TABLE r1_instances (
    id         UUID PRIMARY KEY,
    last_seen  TIMESTAMPTZ NOT NULL
);
