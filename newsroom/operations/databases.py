"""The database's part of a backup, per engine, through each engine's own tool for the job:

- PostgreSQL: `pg_dump --format=custom` (one consistent snapshot while the site writes) and `pg_restore` in a
  single transaction, so a restore that fails half-way leaves the database as it was.
- SQLite: the online backup API (sqlite3.Connection.backup), which copies a consistent snapshot while the site
  writes (WAL lets writers go on), and fills the target through SQLite's own locking rather than by copying
  files over a live database.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.conf import settings

from newsroom.operations.errors import BackupError

ENGINES = ("postgresql", "sqlite")
DUMP_FILE = {"postgresql": "newsroom.pgdump", "sqlite": "newsroom.sqlite3"}


def engine_of(connection) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(
            f"Chỉ sao lưu được PostgreSQL và SQLite, không phải {connection.vendor}. "
            f"(Only PostgreSQL and SQLite are supported.)"
        )
    return connection.vendor


def table_names(connection) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def database_dump(connection, destination: Path) -> dict:
    """Writes the database to `destination`; returns what the manifest should know about the dump."""
    if engine_of(connection) == "sqlite":
        _sqlite_copy(_sqlite_path(connection), destination)
        return {"sqlite_version": sqlite3.sqlite_version}
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    pg_dump, version = _pg_tool("pg_dump")
    if _major(version) < server_major:
        raise BackupError(
            f"pg_dump {version} cũ hơn máy chủ PostgreSQL {server_major}: cài postgresql-client-{server_major} "
            f"hoặc đặt NEWSROOM_PG_BINDIR=/usr/lib/postgresql/{server_major}/bin. "
            f"(pg_dump {version} cannot dump a PostgreSQL {server_major} server.)"
        )
    _run([pg_dump, "--format=custom", "--no-password", f"--file={destination}"], _pg_environment(connection))
    return {"pg_dump_version": version, "server_major": server_major}


def database_restore(connection, source: Path, dump_info: dict, *, replace: bool) -> None:
    """Fills the database from a dump made by database_dump; `replace` lets it overwrite tables already there."""
    if engine_of(connection) == "sqlite":
        path = _sqlite_path(connection)
        connection.close()
        _sqlite_copy(source, path)
        return
    pg_restore, version = _pg_tool("pg_restore")
    dumped_by = dump_info.get("pg_dump_version", "0")
    if _major(version) < _major(dumped_by):
        raise BackupError(
            f"pg_restore {version} không đọc được bản sao do pg_dump {dumped_by} tạo: cài postgresql-client-"
            f"{_major(dumped_by)} hoặc đặt NEWSROOM_PG_BINDIR. Không có gì bị thay đổi. "
            f"(pg_restore {version} cannot read a dump made by pg_dump {dumped_by}; nothing was changed.)"
        )
    environment = _pg_environment(connection)
    connection.close()
    # Owners and grants are the old server's: on a new one the site's own database user owns everything.
    command = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--no-password"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(source)], environment)


def _sqlite_path(connection) -> str:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"Cơ sở dữ liệu SQLite {name} không nằm trong một tệp. (Not a database file.)")
    return name


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    try:
        with closing(sqlite3.connect(source, timeout=20)) as origin, closing(sqlite3.connect(target)) as copy:
            # All pages in one step: one read transaction, so one consistent moment, however writers go on.
            origin.backup(copy)
            if copy.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                # The archived file must stand alone, without a -wal file beside it.
                copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite báo lỗi khi sao chép cơ sở dữ liệu. (SQLite error: {error})") from error


def _pg_environment(connection) -> dict:
    """libpq's variables for the site's database (the password never appears on a command line)."""
    settings_dict = connection.settings_dict
    _arguments, environment = connection.client.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(environment or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _pg_tool(name: str) -> tuple[str, str]:
    """The tool's path and version (e.g. "15.20")."""
    bindir = settings.NEWSROOM_PG_BINDIR or None
    path = shutil.which(name, path=bindir)
    if path is None:
        raise BackupError(
            f"Không tìm thấy {name}: cài gói postgresql-client (apt install postgresql-client-15) hoặc đặt "
            f"NEWSROOM_PG_BINDIR. Không có gì bị thay đổi. ({name} not found; nothing was changed.)"
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"\b\d+(?:\.\d+)*", output)
    if not match:
        raise BackupError(f"Không đọc được phiên bản của {path}. (Cannot read its version: {output.strip()!r})")
    return path, match.group(0)


def _major(version: str) -> int:
    return int(version.split(".")[0])


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tool = Path(command[0]).name
        detail = result.stderr.strip()[-2000:]
        raise BackupError(f"{tool} thất bại (mã {result.returncode}). ({tool} failed:)\n{detail}")
