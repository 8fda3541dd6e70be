"""The archive file itself: one uncompressed tar (the database dump is compressed by pg_dump already, photos by
their format), written atomically and readable by its owner only, with the manifest as its last member.

    database/<file>     the dump (pg_dump custom format, or an SQLite database file)
    media/<path>        every uploaded file, as stored under MEDIA_ROOT (or in the media bucket, MEDIA_STORAGE_URL)
    manifest.json       manifest.py: engine, schema, created, app version, SHA-256 and size of every file
"""

import contextlib
import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from newsroom.operations import manifest as manifest_module
from newsroom.operations.errors import BackupError

DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class _HashingReader:
    """Reads a file into the tar while hashing exactly the bytes that go in."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and len(path.parts) >= 2
        and path.parts[0] in (DATABASE_DIR, MEDIA_DIR)
    )


class ArchiveWriter:
    """Collects files into `<final>.partial` (mode 0600), then renames it to `final` on commit: a backup cut
    short (disk full, killed) never leaves a file that looks like a finished archive."""

    def __init__(self, final_path: Path):
        self.final_path = final_path
        self.partial_path = final_path.with_name(f".{final_path.name}.partial")
        descriptor = os.open(self.partial_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.file = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(fileobj=self.file, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115 (closed in commit/abort)
        self.files: dict[str, dict] = {}

    def add_file(self, arcname: str, path: Path) -> None:
        with open(path, "rb") as source:
            status = os.fstat(source.fileno())
            self.add_stream(arcname, source, status.st_size, int(status.st_mtime), origin=str(path))

    def add_stream(self, arcname: str, source, size: int, mtime: int, *, origin: str) -> None:
        """`size` bytes read from `source` (a file of the media bucket, say) as `arcname`."""
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = size, mtime, 0o600
        reader = _HashingReader(source)
        try:
            self.tar.addfile(info, reader)
        except OSError as error:
            raise BackupError(
                f"Tệp {origin} thay đổi trong lúc sao lưu; hãy chạy lại. (File changed during the backup: {error})"
            ) from error
        self.files[arcname] = {"sha256": reader.sha256.hexdigest(), "size": reader.size}

    def commit(self, manifest: dict) -> None:
        data = json.dumps({**manifest, "files": self.files}, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(manifest_module.NAME)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.partial_path, self.final_path)
        directory = os.open(self.final_path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.tar.close()
        with contextlib.suppress(Exception):
            self.file.close()
        with contextlib.suppress(FileNotFoundError):
            self.partial_path.unlink()


def _damaged(detail: str) -> BackupError:
    return BackupError(
        f"Bản sao lưu bị hỏng hoặc đã bị sửa ({detail}). Không có gì bị thay đổi; hãy dùng một bản sao lưu khác. "
        f"(The archive is damaged: {detail}. Nothing was changed.)"
    )


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:")
    except FileNotFoundError as error:
        raise BackupError(f"Không thấy tệp {path}. (No such file.)") from error
    except (tarfile.TarError, OSError) as error:
        raise _damaged(f"không đọc được tệp tar / not a readable tar file: {error}") from error


def _digest(stream) -> tuple[str, int]:
    sha256, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        sha256.update(chunk)
        size += len(chunk)
    return sha256.hexdigest(), size


def archive_verify(path: Path) -> dict:
    """The archive's manifest, once every file in it has the size and SHA-256 the manifest lists, every listed
    file is there and no other is. Raises BackupError (saying nothing was changed) otherwise."""
    with _open(path) as tar:
        try:
            members = tar.getmembers()
            by_name = {member.name: member for member in members}
            if manifest_module.NAME not in by_name:
                raise _damaged("thiếu manifest.json / manifest.json missing")
            manifest = json.loads(tar.extractfile(by_name[manifest_module.NAME]).read())
            manifest_module.manifest_check(manifest)
            listed = manifest.get("files") or {}
            for member in members:
                if member.name == manifest_module.NAME:
                    continue
                if not (member.isfile() and _safe_member_name(member.name)):
                    raise _damaged(f"mục lạ / unexpected member {member.name!r}")
                entry = listed.get(member.name)
                if entry is None:
                    raise _damaged(f"tệp không có trong manifest / not in the manifest: {member.name}")
                digest, size = _digest(tar.extractfile(member))
                if digest != entry["sha256"] or size != entry["size"]:
                    raise _damaged(f"sai mã kiểm tra / checksum mismatch: {member.name}")
            missing = sorted(set(listed) - set(by_name))
            if missing:
                raise _damaged(f"thiếu tệp / missing: {', '.join(missing[:5])}")
        except (tarfile.TarError, OSError, EOFError, ValueError, KeyError, TypeError) as error:
            raise _damaged(str(error) or type(error).__name__) from error
    return manifest


def archive_extract(path: Path, manifest: dict, prefix: str) -> Iterator[tuple[str, object]]:
    """(name below prefix, readable stream) for each file under `prefix`/, each stream hashed again as it is
    read (see _CheckedStream): the archive may have been swapped since archive_verify."""
    with _open(path) as tar:
        for member in tar:
            if member.isfile() and member.name.startswith(f"{prefix}/") and _safe_member_name(member.name):
                yield member.name[len(prefix) + 1 :], _CheckedStream(tar.extractfile(member), manifest, member.name)


class _CheckedStream:
    def __init__(self, stream, manifest: dict, name: str):
        self.stream, self.name = stream, name
        self.expected = manifest["files"][name]["sha256"]
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.sha256.update(data)
        if not data and self.sha256.hexdigest() != self.expected:
            raise _damaged(f"sai mã kiểm tra / checksum mismatch: {self.name}")
        return data


def copy_checked(stream, destination) -> int:
    """Copies a stream from archive_extract to an open file; its last, empty read tests the checksum."""
    written = 0
    while chunk := stream.read(CHUNK):
        destination.write(chunk)
        written += len(chunk)
    return written
