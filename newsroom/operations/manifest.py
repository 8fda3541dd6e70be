"""What an archive says about itself: when, from which engine and software, at which schema, and a SHA-256 for
every file in it, so that a restore can tell a sound archive from a damaged one before it changes anything."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from newsroom.operations.errors import BackupError

NAME = "manifest.json"
FORMAT = "newsroom-backup"
FORMAT_VERSION = 1


def schema_applied(connection) -> dict[str, str]:
    """The latest migration applied per app: the schema the database's rows were written for."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def schema_unknown_to_code(schema: dict[str, str]) -> list[str]:
    """Migrations the archive's database has that this checkout does not know: it came from newer software."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in schema.items() if (app, name) not in known]


def schema_behind_code(schema: dict[str, str]) -> bool:
    """Whether this checkout has migrations the archive's database had not applied (`migrate` then catches up)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return any(schema.get(app) != name for app, name in graph.leaf_nodes())


def app_version() -> str | None:
    """The commit the site runs, when it runs from a git checkout; None otherwise (a copy, a package)."""
    if not (Path(settings.BASE_DIR) / ".git").exists():
        return None
    try:
        result = subprocess.run(  # noqa: S603
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def manifest_check(manifest: dict) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp này không phải bản sao lưu của tòa soạn. (This file is not a newsroom backup.)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Bản sao lưu có định dạng phiên bản {manifest.get('format_version')}, phần mềm này chỉ đọc được "
            f"phiên bản {FORMAT_VERSION}. Không có gì bị thay đổi. "
            f"(Archive format {manifest.get('format_version')} is not {FORMAT_VERSION}; nothing was changed.)"
        )
