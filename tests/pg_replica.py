"""A private PostgreSQL primary and its streaming replica for a test module (bin/pg-replica-pair), always stopped
and removed afterwards. Use it from a test module as

    from tests.pg_replica import pg_replica_pair  # noqa: F401  (the fixture)

    def test_something(pg_replica_pair):
        pg_replica_pair.primary_url, pg_replica_pair.replica_url ...

It runs in the PostgreSQL suite only (DATABASE_URL=postgres://…); on SQLite the tests using it are skipped.
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy_env import PROJECT
from tests.servers import is_postgres, wait_until

SCRIPT = PROJECT / "bin" / "pg-replica-pair"


def _pair(*args: str) -> str:
    result = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"pg-replica-pair {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _row(url: str, sql: str, params: tuple) -> tuple | None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=2) as connection:
        cursor = connection.execute(sql, params or None)
        return cursor.fetchone() if cursor.description else None


def _value(url: str, sql: str, params: tuple):
    row = _row(url, sql, params)
    return row[0] if row else None


@dataclass
class ReplicaPair:
    folder: Path
    primary_url: str
    replica_url: str

    def primary(self, sql: str, *params):
        """The first value of `sql` run on the primary (None for a statement that returns no rows)."""
        return _value(self.primary_url, sql, params)

    def replica(self, sql: str, *params):
        return _value(self.replica_url, sql, params)

    def primary_row(self, sql: str, *params) -> tuple | None:
        """The first row of `sql` run on the primary."""
        return _row(self.primary_url, sql, params)

    def replica_row(self, sql: str, *params) -> tuple | None:
        return _row(self.replica_url, sql, params)

    def streaming(self) -> bool:
        return bool(self.primary("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) and bool(
            self.replica("SELECT pg_is_in_recovery()")
        )

    def pause_replay(self) -> None:
        """The replica keeps receiving WAL but applies none of it: deterministically behind from here on."""
        self.replica("SELECT pg_wal_replay_pause()")
        wait_until(lambda: self.replica("SELECT pg_get_wal_replay_pause_state()") == "paused", "replay pause")

    def resume_replay(self) -> None:
        self.replica("SELECT pg_wal_replay_resume()")

    def caught_up(self) -> bool:
        """The replica has replayed everything committed on the primary so far (as the router counts it)."""
        from newsroom.replica import PRIMARY_POSITION_SQL, REPLAYED_POSITION_SQL

        return self.replica(REPLAYED_POSITION_SQL) >= self.primary(PRIMARY_POSITION_SQL)

    def wait_caught_up(self) -> None:
        wait_until(self.caught_up, "the replica catching up")

    def stop_replica(self) -> None:
        _pair("stop-replica", str(self.folder))

    def start_replica(self) -> None:
        _pair("start-replica", str(self.folder))
        wait_until(self.streaming, "the replica streaming again")


@pytest.fixture(scope="module")
def pg_replica_pair():
    """A primary and a `pg_basebackup -R` replica streaming from it, each on a free port of 127.0.0.1, with an
    empty database `newsroom`; stopped and removed after the module, even when a test or the start failed."""
    if not is_postgres(os.environ.get("DATABASE_URL", "")):
        pytest.skip("a streaming replica is tested in the PostgreSQL suite (DATABASE_URL=postgres://…)")
    # Not under pytest's base folder: as root the servers run as `postgres`, which cannot pass its 0700 folder.
    folder = Path(tempfile.mkdtemp(prefix="pg-replica-pair-"))
    try:
        _pair("start", str(folder))
        pair = ReplicaPair(
            folder,
            (folder / "primary.url").read_text().strip(),
            (folder / "replica.url").read_text().strip(),
        )
        wait_until(pair.streaming, "the replica streaming")
        yield pair
    finally:
        try:
            _pair("stop", str(folder), "--remove")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
