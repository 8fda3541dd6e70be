"""Backups that restore: `backup_create` writes one archive, `backup_restore` verifies one and fills an empty
database and media folder from it. The management commands `backup` and `restore` only print.

Why not django-dbbackup (5.4.0, checked December 2026; well kept, Django 5.2 listed): its connectors do the
right thing per engine (SqliteBackupConnector uses the online backup API, PgDumpBinaryConnector runs
`pg_dump --format=custom` and `pg_restore`), but around them it does not give what a restore here must rely on:
- `dbbackup` and `mediabackup` write two separate files with no manifest: no per-file checksum and no schema
  version to check before a restore changes anything;
- `dbrestore` is made to overwrite: pg_restore runs with `--clean`, and on SQLite the dump is copied over the
  live database file, leaving the old -wal/-shm files beside it (this site runs SQLite in WAL mode), where the
  backup API would fill it through SQLite's own locking; nothing refuses a database that already has data;
- the SQLite dump is spooled whole in memory, and the media backup carries no checksums to verify against.
What remains for us is two calls per engine (databases.py); the library would add a dependency and settings
while the archive, the manifest and the refusals around them would still be ours.
"""

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from newsroom.media_storage import in_bucket
from newsroom.operations import archive, databases, manifest
from newsroom.operations.errors import BackupError

# The probe /readyz writes and deletes at once: never worth keeping (health.py).
SKIPPED_MEDIA_PREFIX = ".readyz-"
# Not an upload: the empty file that keeps media/ in git. Every fresh clone has it, and a restore into a fresh
# clone (README, "Restore") must find the uploads folder empty.
REPOSITORY_PLACEHOLDER = ".gitkeep"


@dataclass
class BackupReport:
    path: Path
    size: int
    media_files: int


@dataclass
class RestoreReport:
    engine: str
    media_files: int
    created: str
    needs_migrate: bool


def _kept(name: str) -> bool:
    """Whether a media file (by its last name part) belongs in a backup: uploads do, health probes and the
    repository's placeholder do not."""
    return not (name.startswith(SKIPPED_MEDIA_PREFIX) or name == REPOSITORY_PLACEHOLDER)


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if not _kept(name):
                continue
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def _archive_path(output_dir: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path, number = output_dir / f"newsroom-{stamp}.tar", 1
    while path.exists():
        number += 1
        path = output_dir / f"newsroom-{stamp}-{number}.tar"
    return path


def backup_create(output_dir: Path | None = None, *, using: str = "default") -> BackupReport:
    connection = connections[using]
    engine = databases.engine_of(connection)
    if not manifest.schema_applied(connection):
        # Typed as root without the site's settings, the command meets a blank local SQLite file: an archive of
        # it would pass every check and hold no paper.
        raise BackupError(
            f"Cơ sở dữ liệu {connection.settings_dict['NAME']} chưa có bảng nào của trang: đây không phải cơ sở dữ "
            f"liệu của tờ báo. Trên máy chủ, chạy lệnh bằng deploy/manage backup (đúng cấu hình, đúng người dùng). "
            f"Không có bản sao lưu nào được ghi. "
            f"(The database has none of the site's tables, so it is not the paper's: on the server, run "
            f"deploy/manage backup. No archive was written.)"
        )
    output_dir = Path(output_dir or settings.NEWSROOM_BACKUP_DIR)
    try:
        output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise BackupError(f"Không tạo được thư mục {output_dir}. (Cannot create the folder: {error})") from error
    media_root = Path(settings.MEDIA_ROOT)
    writer = archive.ArchiveWriter(_archive_path(output_dir))
    try:
        # Beside the archive, for the space, and named with a dot like the partial archive: an off-site copy that
        # skips '.*' (README) never takes a half-written dump.
        with tempfile.TemporaryDirectory(prefix=".newsroom-backup-", dir=output_dir) as scratch:
            dump = Path(scratch) / databases.DUMP_FILE[engine]
            dump_info = databases.database_dump(connection, dump)
            # Read after the dump: the schema cannot have moved back since, and `migrate` runs between deploys.
            schema = manifest.schema_applied(connection)
            writer.add_file(f"{archive.DATABASE_DIR}/{dump.name}", dump)
        if in_bucket(default_storage):
            _bucket_backup(writer, default_storage)
        for path in media_files(media_root) if not in_bucket(default_storage) else []:
            try:
                writer.add_file(f"{archive.MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", path)
            except FileNotFoundError:
                continue  # deleted since the listing (a photo removed in the admin): not part of this backup
        writer.commit(
            {
                "format": manifest.FORMAT,
                "format_version": manifest.FORMAT_VERSION,
                "created": timezone.localtime().isoformat(timespec="seconds"),
                "engine": engine,
                "database": {"file": f"{archive.DATABASE_DIR}/{dump.name}", **dump_info},
                "schema": schema,
                "app_version": manifest.app_version(),
            }
        )
    except BaseException:
        writer.abort()
        raise
    return BackupReport(writer.final_path, writer.final_path.stat().st_size, len(writer.files) - 1)


def backup_restore(path: Path, *, force: bool = False, using: str = "default") -> RestoreReport:
    """Checks everything first (checksums, engine, schema, emptiness), so that a refusal changes nothing."""
    path = Path(path)
    contents = archive.archive_verify(path)
    connection = connections[using]
    engine = databases.engine_of(connection)
    if contents.get("engine") != engine:
        raise BackupError(
            f"Bản sao lưu này lấy từ {contents.get('engine')}, còn trang đang dùng {engine}: không phục hồi chéo "
            f"được. Không có gì bị thay đổi. "
            f"(The archive is from {contents.get('engine')}, this site runs {engine}; nothing was changed.)"
        )
    unknown = manifest.schema_unknown_to_code(contents.get("schema") or {})
    if unknown:
        raise BackupError(
            f"Bản sao lưu đến từ phiên bản phần mềm mới hơn bản đang cài ({', '.join(unknown[:3])}): hãy cập nhật "
            f"mã nguồn trước. Không có gì bị thay đổi. "
            f"(The archive comes from newer software; update the code first. Nothing was changed.)"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        tables = databases.table_names(connection)
        if tables:
            raise BackupError(
                f"Cơ sở dữ liệu đang có {len(tables)} bảng. Phục hồi sẽ ghi đè lên chúng: nếu chắc chắn, chạy lại "
                f"với --force. Không có gì bị thay đổi. "
                f"(The database is not empty ({len(tables)} tables); add --force to overwrite it. "
                f"Nothing was changed.)"
            )
        if in_bucket(default_storage):
            existing = bucket_media_names(default_storage)
            if existing:
                bucket = f"{default_storage.bucket_name}/{default_storage.location}".rstrip("/")
                raise BackupError(
                    f"Kho ảnh (bucket {bucket}) đang có {len(existing)} tệp. Nếu chắc chắn muốn ghi đè, chạy lại "
                    f"với --force. Không có gì bị thay đổi. "
                    f"(The media bucket is not empty; add --force to overwrite it. Nothing was changed.)"
                )
        elif existing := media_files(media_root):
            raise BackupError(
                f"Thư mục ảnh {media_root} đang có {len(existing)} tệp. Nếu chắc chắn muốn ghi đè, chạy lại với "
                f"--force. Không có gì bị thay đổi. "
                f"(The media folder is not empty; add --force to overwrite it. Nothing was changed.)"
            )

    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as scratch:
        dump = Path(scratch) / "database"
        for _name, stream in archive.archive_extract(path, contents, archive.DATABASE_DIR):
            with open(dump, "wb") as file:
                archive.copy_checked(stream, file)
        try:
            databases.database_restore(connection, dump, contents.get("database") or {}, replace=force)
        except BackupError as error:
            unchanged = "Cơ sở dữ liệu giữ nguyên như trước. (The database was left as it was.)"
            raise BackupError(f"{error}\n{unchanged}") from error
    if in_bucket(default_storage):
        restored = _bucket_restore(path, contents, default_storage)
    else:
        restored = _media_restore(path, contents, media_root)
    behind = manifest.schema_behind_code(contents.get("schema") or {})
    return RestoreReport(engine, restored, contents.get("created", "?"), behind)


def _media_restore(path: Path, contents: dict, media_root: Path) -> int:
    count = 0
    root = media_root.resolve()
    for name, stream in archive.archive_extract(path, contents, archive.MEDIA_DIR):
        target = (root / name).resolve()
        if root not in target.parents:
            continue  # archive_verify refuses such names already; a restore never writes outside MEDIA_ROOT
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        # Mode 0666 less the umask, as uploads get: the web server reads these files.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as file:
                archive.copy_checked(stream, file)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        count += 1
    return count


# --- Media in a bucket (MEDIA_STORAGE_URL) -------------------------------------------------------------------
# The same archive, the same media/<name> members: an archive from a folder restores into a bucket and back.


def bucket_media_names(storage) -> list[str]:
    """The names of every upload and rendition in the media bucket (below its location), sorted."""
    from newsroom import media_bucket  # boto3 only where a bucket is configured

    return [name for name in media_bucket.object_names(storage) if _kept(PurePosixPath(name).name)]


def _bucket_backup(writer: archive.ArchiveWriter, storage) -> None:
    now = int(time.time())
    for name in bucket_media_names(storage):
        try:
            # Fetched whole first (a photo is a few MB): the tar must know the size before the bytes.
            with storage.open(name, "rb") as remote, tempfile.TemporaryFile() as local:
                shutil.copyfileobj(remote, local, archive.CHUNK)
                size = local.tell()
                local.seek(0)
                origin = f"{storage.bucket_name}/{name}"
                writer.add_stream(f"{archive.MEDIA_DIR}/{name}", local, size, now, origin=origin)
        except FileNotFoundError:
            continue  # deleted since the listing: not part of this backup


def _bucket_restore(path: Path, contents: dict, storage) -> int:
    from newsroom import media_bucket

    target = media_bucket.overwriting(storage)  # the names the database refers to, exactly
    count = 0
    for name, stream in archive.archive_extract(path, contents, archive.MEDIA_DIR):
        with tempfile.TemporaryFile() as local:
            archive.copy_checked(stream, local)  # its checksum holds before anything reaches the bucket
            local.seek(0)
            target.save(name, File(local, name=name))
        count += 1
    return count
