"""events, learners, group roles and row-level security

Revision ID: s0001
Revises:
Create Date: 2026-11-29 19:40:00

Security is the database's: a learner's login role reads and appends only its own events, never updates or
deletes one, and cannot write under another learner's name; a trainer's role reads its cohort's events only.
Who the caller is comes from `session_user` (the login role, which a non-superuser cannot change), looked up
in `learners`: never from anything the client sends.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "s0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = r"""
REVOKE ALL ON SCHEMA mlops_sync FROM PUBLIC;

-- group roles are cluster-wide: another database of the same cluster may have made them already
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mlops_learner') THEN
        CREATE ROLE mlops_learner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mlops_trainer') THEN
        CREATE ROLE mlops_trainer NOLOGIN;
    END IF;
END
$$;

CREATE TABLE mlops_sync.learners (
    name text PRIMARY KEY CHECK (char_length(name) BETWEEN 1 AND 100),
    role_name text NOT NULL UNIQUE,
    cohort text CHECK (char_length(cohort) BETWEEN 1 AND 100),
    is_trainer boolean NOT NULL DEFAULT false,
    CHECK (cohort IS NOT NULL OR NOT is_trainer)
);

-- SECURITY DEFINER so a learner need not read the whole learners table; session_user is the login role
-- even inside the function (current_user would be the function's owner). Pinned search_path: a learner
-- cannot shadow pg_catalog objects with its own.
CREATE FUNCTION mlops_sync.current_learner() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT name FROM mlops_sync.learners WHERE role_name = session_user AND NOT is_trainer
$$;

CREATE FUNCTION mlops_sync.cohort_learners() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT learner.name
    FROM mlops_sync.learners AS trainer
    JOIN mlops_sync.learners AS learner ON learner.cohort = trainer.cohort AND NOT learner.is_trainer
    WHERE trainer.role_name = session_user AND trainer.is_trainer
$$;

REVOKE ALL ON FUNCTION mlops_sync.current_learner() FROM PUBLIC;
REVOKE ALL ON FUNCTION mlops_sync.cohort_learners() FROM PUBLIC;

CREATE TABLE mlops_sync.events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    learner text NOT NULL DEFAULT mlops_sync.current_learner() REFERENCES mlops_sync.learners (name),
    kind text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 100),
    payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    device_time timestamptz NOT NULL,
    device_id text NOT NULL CHECK (char_length(device_id) BETWEEN 1 AND 200),
    received_at timestamptz NOT NULL DEFAULT now()
);
-- a learner's pull reads its own events after a high-water mark
CREATE INDEX events_learner_seq ON mlops_sync.events (learner, seq);

-- Inserts take turns, whoever sends them: the push lock of mlops_tracker/sync/exchange.py (PUSH_LOCK, the
-- same key), taken before the statement draws any seq and held until commit, so seq values become visible
-- in order and a puller's high-water mark never passes an event still to commit. push() takes it itself;
-- this covers any other client (an old version, psql).
CREATE FUNCTION mlops_sync.take_push_lock() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7884799576382665576);  -- 0x6D6C6F7073707368, "mlopspsh"
    RETURN NULL;
END
$$;
CREATE TRIGGER events_take_turns BEFORE INSERT ON mlops_sync.events
    FOR EACH STATEMENT EXECUTE FUNCTION mlops_sync.take_push_lock();

GRANT USAGE ON SCHEMA mlops_sync TO mlops_learner, mlops_trainer;
GRANT EXECUTE ON FUNCTION mlops_sync.current_learner() TO mlops_learner, mlops_trainer;
GRANT EXECUTE ON FUNCTION mlops_sync.cohort_learners() TO mlops_learner, mlops_trainer;
GRANT SELECT ON mlops_sync.mlops_sync_version TO mlops_learner, mlops_trainer;
GRANT SELECT ON mlops_sync.learners TO mlops_learner, mlops_trainer;
GRANT SELECT ON mlops_sync.events TO mlops_learner, mlops_trainer;
-- append-only: no UPDATE, DELETE or TRUNCATE for anyone but the owner. INSERT by column, so a learner cannot
-- choose its own seq (OVERRIDING SYSTEM VALUE: a huge one would push everyone's high-water mark past the
-- events still to come) nor its received_at.
GRANT INSERT (event_id, learner, kind, payload, device_time, device_id) ON mlops_sync.events TO mlops_learner;

ALTER TABLE mlops_sync.learners ENABLE ROW LEVEL SECURITY;
CREATE POLICY learner_sees_self ON mlops_sync.learners FOR SELECT TO mlops_learner
    USING (role_name = session_user);
CREATE POLICY trainer_sees_cohort ON mlops_sync.learners FOR SELECT TO mlops_trainer
    USING (role_name = session_user OR name IN (SELECT mlops_sync.cohort_learners()));

-- (SELECT f()) is an InitPlan, run once per query: f() alone would run once per row
ALTER TABLE mlops_sync.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY learner_reads_own ON mlops_sync.events FOR SELECT TO mlops_learner
    USING (learner = (SELECT mlops_sync.current_learner()));
CREATE POLICY learner_adds_own ON mlops_sync.events FOR INSERT TO mlops_learner
    WITH CHECK (learner = (SELECT mlops_sync.current_learner()));
CREATE POLICY trainer_reads_cohort ON mlops_sync.events FOR SELECT TO mlops_trainer
    USING (learner IN (SELECT mlops_sync.cohort_learners()));
"""

DOWNGRADE = r"""
DROP TABLE mlops_sync.events;
DROP FUNCTION mlops_sync.take_push_lock();
DROP FUNCTION mlops_sync.cohort_learners();
DROP FUNCTION mlops_sync.current_learner();
DROP TABLE mlops_sync.learners;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    # the group roles stay: other databases of the cluster may use them, and learners' roles are members
    op.execute(DOWNGRADE)
