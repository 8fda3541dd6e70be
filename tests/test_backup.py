"""`manage.py backup` and `manage.py restore`, for real: pg_dump/pg_restore or SQLite's backup API, real photo
files, and a restore into a fresh database (a new PostgreSQL database, or a new SQLite file) and an empty media
folder (or an emptied media bucket, on moto's S3 server) by a separate process, as the IT person would run it.
Transactional tests: the dump tools see only committed rows."""

import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from articles import images, ranking
from articles.corrections import correction_record
from articles.models import (
    Article,
    ArticleEvent,
    ArticleViewDay,
    ArticleViewTotal,
    Author,
    Byline,
    Correction,
    Photo,
    Revision,
    Section,
)
from newsroom.operations import backups
from newsroom.operations.errors import BackupError
from tests import factories
from tests.object_storage import unique_bucket_name, use_media_storage

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = connection.vendor == "postgresql"


# ---------------------------------------------------------------- databases to restore into


def pg_params(name: str) -> dict:
    settings_dict = connection.settings_dict
    return {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"] or "postgres",
        "password": settings_dict["PASSWORD"] or None,
        "dbname": name,
    }


class Target:
    """An empty database of the test's engine, for a restore run by another process."""

    def __init__(self, tmp_path: Path):
        self.media = tmp_path / "restored-media"
        if ON_POSTGRESQL:
            self.name = f"newsroom_restore_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(**pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            params = pg_params(self.name)
            password = f":{params['password']}" if params["password"] else ""
            self.url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{self.name}"
        else:
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def connect(self):
        return psycopg.connect(**pg_params(self.name)) if ON_POSTGRESQL else sqlite3.connect(self.name)

    def manage(self, *arguments: str, **env: str) -> subprocess.CompletedProcess:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": self.url,
            "NEWSROOM_MEDIA_ROOT": str(self.media),
            "SECRET_KEY": "tests-only-not-secret",
            **env,
        }
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=django_settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def drop(self):
        if ON_POSTGRESQL:
            with psycopg.connect(**pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path):
    made = Target(tmp_path)
    yield made
    made.drop()


def connect_original():
    if ON_POSTGRESQL:
        return psycopg.connect(**pg_params(connection.settings_dict["NAME"]))
    return sqlite3.connect(connection.settings_dict["NAME"])


def table_count(connect) -> int:
    """How many tables the database has: a refused restore must have created none."""
    with closing(connect()) as database:
        cursor = database.cursor()
        if ON_POSTGRESQL:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        return cursor.fetchone()[0]


def all_rows(connect) -> dict[str, list]:
    """Every row of every table the site has, in a stable order, read straight from the database."""
    tables = connection.introspection.table_names()
    with closing(connect()) as database:
        cursor = database.cursor()
        rows = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the site's own schema)
            rows[table] = sorted(cursor.fetchall(), key=repr)
        if ON_POSTGRESQL:
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
            rows["(sequences)"] = cursor.fetchall()
        return rows


def media_bytes(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in backups.media_files(root)}


# ---------------------------------------------------------------- a newsroom's content, through its own doors


def newsroom_content(settings) -> list[Article]:
    settings.REDIS_URL = settings.NEWSROOM_VIEWS_REDIS_URL = ""  # views go to the database, through view_record
    ranking.redis_gate.reset()
    chief = User.objects.create_superuser("tongbientap_backup", "tbt@baodongnai.test", "pw")
    section = factories.section("Giao thông – Đô thị", "giao-thong-do-thi")
    articles = [
        factories.article(title="Cầu Đồng Nai thông xe", in_section=section, by=chief),
        factories.article(title="Mùa nước nổi ở Tân Phú", in_section=section, by=chief),
        factories.article(title="Bản nháp chưa đăng", status=Article.Status.DRAFT, in_section=section, by=chief),
    ]
    for number, article in enumerate(articles):
        factories.photo(article, caption=f"Ảnh {number}: người dân qua cầu")
        factories.byline(article, name=f"Nguyễn Văn {'ABC'[number]}")
    articles[0].tags.add("giao thông", "cầu")
    correction_record(articles[0], chief, kind=Correction.Kind.ERRATUM, wrong_text="năm 2025", correct_text="2026")
    for _ in range(3):
        ranking.view_record(articles[0].pk)
    ranking.view_record(articles[1].pk)
    return articles


def take_backup(output_dir: Path, capsys) -> Path:
    call_command("backup", output_dir=str(output_dir))
    printed = capsys.readouterr().out
    match = re.search(r"Đã sao lưu vào (\S+\.tar) \((\d+\.\d) (KB|MB)", printed)
    assert match, printed
    return Path(match.group(1))


# ---------------------------------------------------------------- the round trip


def test_a_backup_restores_into_a_fresh_database_and_media_folder_identically(settings, tmp_path, target, capsys):
    articles = newsroom_content(settings)
    assert Revision.objects.count() >= 4  # published twice (with the import's steps) and one correction
    assert ArticleEvent.objects.filter(action=ArticleEvent.Action.CORRECTION).count() == Correction.objects.count() == 1
    assert ArticleViewTotal.objects.get(article=articles[0]).views == 3
    assert ArticleViewDay.objects.exists()
    assert Photo.objects.count() == Byline.objects.count() == 3

    archive = take_backup(tmp_path / "backups", capsys)

    assert re.fullmatch(r"newsroom-\d{8}-\d{6}\.tar", archive.name)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert [path.name for path in archive.parent.iterdir()] == [archive.name]  # no partial or scratch left
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert manifest["engine"] == connection.vendor
    # The newest migration on disk, whatever it is called: the manifest records the schema the data fits.
    [(_app, newest)] = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("articles")
    assert manifest["schema"]["articles"] == newest
    assert manifest["created"]
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    photo_names = {f"media/{photo.image.name}" for photo in Photo.objects.all()}
    assert photo_names <= set(names)

    result = target.manage("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "Đã phục hồi cơ sở dữ liệu" in result.stdout
    assert "3 tệp ảnh" in result.stdout

    original, restored = all_rows(connect_original), all_rows(target.connect)
    assert original["articles_article"] and original["articles_revision"] and original["articles_correction"]
    assert original["articles_articleviewtotal"] and original["articles_byline"] and original["articles_articleevent"]
    for table in original:
        assert restored[table] == original[table], table
    original_media = media_bytes(Path(settings.MEDIA_ROOT))
    assert {f"media/{name}" for name in original_media} >= photo_names
    assert media_bytes(target.media) == original_media

    # The restored site is a working one: the schema is complete, and new rows get new numbers.
    check = target.manage("migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    shell = target.manage(
        "shell",
        "-c",
        "from articles.models import Section; print(Section.objects.create(name='Mới', slug='moi').pk)",
    )
    assert shell.returncode == 0, shell.stderr
    assert int(shell.stdout.split()[-1]) > max(row[0] for row in original["articles_section"])


def test_restore_refuses_a_database_or_media_folder_with_data_unless_forced(settings, tmp_path, target, capsys):
    newsroom_content(settings)
    archive = take_backup(tmp_path / "backups", capsys)
    migrated = target.manage("migrate")
    assert migrated.returncode == 0, migrated.stderr
    before = all_rows(target.connect)

    refused = target.manage("restore", str(archive))
    assert refused.returncode != 0
    assert "--force" in refused.stderr and "Không có gì bị thay đổi" in refused.stderr
    assert all_rows(target.connect) == before
    assert not target.media.exists() or not any(target.media.iterdir())

    forced = target.manage("restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert all_rows(target.connect) == all_rows(connect_original)

    # A media folder with files in it is refused the same way, before the database is touched.
    other = Target(tmp_path / "other")
    try:
        (other.media / "photos").mkdir(parents=True)
        (other.media / "photos" / "co-san.jpg").write_bytes(b"an earlier upload")
        refused = other.manage("restore", str(archive))
        assert refused.returncode != 0
        assert "Thư mục ảnh" in refused.stderr and "--force" in refused.stderr
        assert table_count(other.connect) == 0
        assert [path.name for path in other.media.rglob("*")] == ["photos", "co-san.jpg"]
    finally:
        other.drop()


def test_the_media_bucket_is_backed_up_whole_and_restored_into_an_emptied_bucket(
    settings, tmp_path, target, capsys, object_storage
):
    bucket = unique_bucket_name("backup")
    url = object_storage.media_storage_url(bucket)
    use_media_storage(settings, url)
    articles = newsroom_content(settings)
    images.make_renditions(articles[0].photos.get().image.name)  # renditions are in the bucket too
    before = object_storage.objects(bucket)
    photo_names = {photo.image.name for photo in Photo.objects.all()}
    assert photo_names < set(before) and any(name.startswith("renditions/") for name in before)

    archive = take_backup(tmp_path / "backups", capsys)

    with tarfile.open(archive) as tar:
        assert {name.removeprefix("media/") for name in tar.getnames() if name.startswith("media/")} == set(before)
    object_storage.empty_bucket(bucket)
    result = target.manage("restore", str(archive), MEDIA_STORAGE_URL=url)
    assert result.returncode == 0, result.stderr
    assert f"{len(before)} tệp ảnh" in result.stdout
    assert object_storage.objects(bucket) == before
    assert all_rows(target.connect) == all_rows(connect_original)

    # A bucket with files in it is refused as a folder is, before the database is touched.
    (tmp_path / "other").mkdir()
    other = Target(tmp_path / "other")
    try:
        refused = other.manage("restore", str(archive), MEDIA_STORAGE_URL=url)
        assert refused.returncode != 0
        assert "Kho ảnh (bucket backup-" in refused.stderr and "--force" in refused.stderr
        assert table_count(other.connect) == 0
    finally:
        other.drop()


def test_a_fresh_clones_media_folder_counts_as_empty(settings, tmp_path, target, capsys):
    # README "Restore" installs the code anew: git puts media/.gitkeep in it, which is no upload of the paper's.
    placeholder = Path(django_settings.BASE_DIR) / "media" / ".gitkeep"
    newsroom_content(settings)
    shutil.copy(placeholder, Path(settings.MEDIA_ROOT) / ".gitkeep")  # the site's own clone has one too
    archive = take_backup(tmp_path / "backups", capsys)
    with tarfile.open(archive) as tar:
        assert "media/.gitkeep" not in tar.getnames()
        assert sum(name.startswith("media/") for name in tar.getnames()) >= 3
    target.media.mkdir()
    shutil.copy(placeholder, target.media / ".gitkeep")

    result = target.manage("restore", str(archive))

    assert result.returncode == 0, result.stderr
    assert "3 tệp ảnh" in result.stdout
    assert media_bytes(target.media) == media_bytes(Path(settings.MEDIA_ROOT))
    assert (target.media / ".gitkeep").is_file()


def test_a_database_without_the_sites_tables_is_not_backed_up(tmp_path, target):
    # manage.py typed without the site's settings (README, "Backups"): an empty database, however sound its archive
    # would look, is not the paper.
    output_dir = tmp_path / "backups"
    target.media.mkdir()
    (target.media / "anh.jpg").write_bytes(b"a photo")

    result = target.manage("backup", "--output-dir", str(output_dir))

    assert result.returncode != 0
    assert "chưa có bảng nào của trang" in result.stderr and "deploy/manage backup" in result.stderr
    assert not output_dir.exists() or not any(output_dir.iterdir())


# ---------------------------------------------------------------- refusals that change nothing


def rewrite_archive(source: Path, destination: Path, change) -> None:
    """A copy of the archive with `change(name, data) -> data` applied to each member's bytes."""
    with tarfile.open(source) as original, tarfile.open(destination, "w", format=tarfile.PAX_FORMAT) as copy:
        for member in original.getmembers():
            data = change(member.name, original.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def flip_one_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def test_restore_refuses_a_damaged_archive_and_changes_nothing(settings, tmp_path, capsys):
    newsroom_content(settings)
    archive = take_backup(tmp_path / "backups", capsys)
    photo = Photo.objects.first()
    photo_member = f"media/{photo.image.name}"
    rows, files = all_rows(connect_original), media_bytes(Path(settings.MEDIA_ROOT))

    call_command("restore", str(archive), verify_only=True)
    assert "Bản sao lưu nguyên vẹn: 4 tệp" in capsys.readouterr().out  # the database and three photos

    damaged = tmp_path / "damaged.tar"
    rewrite_archive(archive, damaged, lambda name, data: flip_one_byte(data) if name == photo_member else data)
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore", str(damaged), verify_only=True)
    with pytest.raises(CommandError, match=r"bị hỏng.*damaged.*checksum mismatch: " + re.escape(photo_member)):
        call_command("restore", str(damaged), force=True)

    with tarfile.open(archive) as tar:
        database_member = next(name for name in tar.getnames() if name.startswith("database/"))
    rewrite_archive(archive, damaged, lambda name, data: flip_one_byte(data) if name == database_member else data)
    with pytest.raises(CommandError, match="checksum mismatch: " + re.escape(database_member)):
        call_command("restore", str(damaged), force=True)

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore", str(truncated), force=True)

    assert all_rows(connect_original) == rows
    assert media_bytes(Path(settings.MEDIA_ROOT)) == files


def test_restore_refuses_an_archive_from_the_other_engine(settings, tmp_path, capsys):
    newsroom_content(settings)
    archive = take_backup(tmp_path / "backups", capsys)
    other_engine = "sqlite" if ON_POSTGRESQL else "postgresql"

    def swap_engine(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "engine": other_engine}).encode()

    foreign = tmp_path / "foreign.tar"
    rewrite_archive(archive, foreign, swap_engine)
    with pytest.raises(CommandError, match=f"lấy từ {other_engine}.*Không có gì bị thay đổi"):
        call_command("restore", str(foreign), force=True)


# ---------------------------------------------------------------- a backup while the site writes


def test_a_backup_taken_while_the_site_writes_is_consistent(settings, tmp_path, target):
    """Each write adds a section and an author in one transaction: a consistent snapshot has as many of one as
    of the other, and holds every write committed before the backup began."""
    newsroom_content(settings)
    stop, committed, errors = threading.Event(), [0], []

    def writer():
        try:
            while not stop.is_set():
                with transaction.atomic():
                    number = committed[0] + 1
                    Section.objects.create(name=f"Ghi {number}", slug=f"ghi-{number}")
                    Author.objects.create(name=f"Ghi {number}")
                committed[0] = number
        except Exception as error:  # kept for the assertion below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while committed[0] < 20:
            threading.Event().wait(0.01)
        before = committed[0]
        report = backups.backup_create(tmp_path / "backups")
        after = committed[0]
        while committed[0] < after + 5:  # the writer was not stopped by the backup
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors
    assert after > before  # writes went on while the backup ran

    result = target.manage("restore", str(report.path))
    assert result.returncode == 0, result.stderr
    with closing(target.connect()) as database:
        cursor = database.cursor()
        cursor.execute("SELECT count(*) FROM articles_section WHERE name LIKE 'Ghi %'")
        sections = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM articles_author WHERE name LIKE 'Ghi %'")
        authors = cursor.fetchone()[0]
        if not ON_POSTGRESQL:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
    assert sections == authors
    assert before <= sections <= after + 1


# ---------------------------------------------------------------- the PostgreSQL client tools


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump is PostgreSQL's")
def test_a_missing_or_too_old_pg_dump_is_named_and_leaves_no_archive(settings, tmp_path):
    settings.NEWSROOM_PG_BINDIR = str(tmp_path / "empty-bin")
    (tmp_path / "empty-bin").mkdir()
    with pytest.raises(BackupError, match="Không tìm thấy pg_dump"):
        backups.backup_create(tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []

    # An older client, as on a server whose PostgreSQL was upgraded without its client package: the real
    # 9.6 client cannot be installed here, so a stand-in answers --version as it would.
    old = tmp_path / "old-bin"
    old.mkdir()
    (old / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    (old / "pg_dump").chmod(0o755)
    settings.NEWSROOM_PG_BINDIR = str(old)
    with pytest.raises(BackupError, match=r"pg_dump 9\.6\.24 cũ hơn máy chủ PostgreSQL \d+"):
        backups.backup_create(tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_restore is PostgreSQL's")
def test_an_archive_from_a_newer_pg_dump_is_refused_before_anything_changes(settings, tmp_path, capsys):
    newsroom_content(settings)
    archive = take_backup(tmp_path / "backups", capsys)

    def newer_dump(name, data):
        if name != "manifest.json":
            return data
        contents = json.loads(data)
        contents["database"]["pg_dump_version"] = "99.1"
        return json.dumps(contents).encode()

    newer = tmp_path / "newer.tar"
    rewrite_archive(archive, newer, newer_dump)
    rows = all_rows(connect_original)
    with pytest.raises(CommandError, match=r"pg_restore [\d.]+ không đọc được bản sao do pg_dump 99\.1"):
        call_command("restore", str(newer), force=True)
    assert all_rows(connect_original) == rows
