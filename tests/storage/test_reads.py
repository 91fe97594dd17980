"""The plain-sqlite3 read path: snapshots, and closing that waits for other threads' reads."""

from __future__ import annotations

import threading

from mlops_tracker.storage import reads
from mlops_tracker.storage.database import Database


class _SignallingCondition(threading.Condition):
    """A condition that says when someone starts waiting on it (so a test needs no sleep)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()

    def wait_for(self, predicate, timeout=None):  # type: ignore[no-untyped-def]
        self.waiting.set()
        return super().wait_for(predicate, timeout)


def test_release_waits_for_a_read_running_in_another_thread(tmp_path):
    database = Database.open(tmp_path / "data")
    database._reads_done = condition = _SignallingCondition()
    started, results = threading.Event(), []

    def worker() -> None:
        with database.reading() as connection:
            started.set()
            assert condition.waiting.wait(5)  # the release is now waiting for this read to end
            results.append(reads.last_event_seq(connection))

    thread = threading.Thread(target=worker)
    thread.start()
    assert started.wait(5)
    database.release()  # must not close the worker's connection under its read
    thread.join(5)
    assert results == [0]
    with database.reading() as connection:  # and reading works again afterwards
        assert reads.load_plans(connection) == []
    database.close()


def test_a_read_sees_what_a_write_committed(tmp_path):
    database = Database.open(tmp_path / "data")
    from mlops_tracker.storage import repository

    with database.reading() as connection:
        assert reads.get_setting(connection, "k") is None
    with database.transaction() as session:
        repository.set_setting(session, "k", {"a": 1})
    with database.reading() as connection:
        assert reads.get_setting(connection, "k") == {"a": 1}
        assert connection.in_transaction  # one consistent snapshot for the whole block
    assert not connection.in_transaction  # and it ends with the block
    database.close()


def test_a_snapshot_read_never_holds_up_a_writer(tmp_path):
    from mlops_tracker.storage import repository

    database = Database.open(tmp_path / "data")
    with database.transaction() as session:
        repository.set_setting(session, "k", 1)
    other = Database.open(tmp_path / "data")  # another process's connection, in effect
    with database.snapshot() as session:
        assert repository.get_setting(session, "k") == 1
        with other.transaction() as writer:  # BEGIN IMMEDIATE: would time out if the snapshot held the lock
            repository.set_setting(writer, "k", 2)
        assert repository.get_setting(session, "k") == 1  # one consistent snapshot for the whole read
    with database.snapshot() as session:
        assert repository.get_setting(session, "k") == 2
    other.close()
    database.close()
