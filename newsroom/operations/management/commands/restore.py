"""`manage.py restore ARCHIVE [--force]`: fill an empty database and media folder from a `backup` archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from newsroom.operations.archive import archive_verify
from newsroom.operations.backups import backup_restore
from newsroom.operations.errors import BackupError


class Command(BaseCommand):
    help = (
        "Phục hồi cơ sở dữ liệu và ảnh từ một bản sao lưu, sau khi kiểm tra mã kiểm tra; chỉ vào cơ sở dữ liệu "
        "và thư mục ảnh còn trống, trừ khi có --force. "
        "(Restores a backup archive into an empty database and media folder; --force overwrites.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp .tar do `manage.py backup` tạo. (The archive.)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu và thư mục ảnh đang có dữ liệu. (Overwrite a database and media that are "
            "not empty.)",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Chỉ kiểm tra bản sao lưu, không phục hồi. (Only verify the archive's checksums.)",
        )

    def handle(self, *args, archive: Path, force: bool = False, verify_only: bool = False, **options):
        self.stdout.write(f"Đang kiểm tra {archive}… (Verifying the archive…)")
        try:
            if verify_only:
                contents = archive_verify(archive)
                self.stdout.write(
                    f"Bản sao lưu nguyên vẹn: {len(contents['files'])} tệp, {contents['engine']}, lúc "
                    f"{contents['created']}. (The archive is sound.)"
                )
                return
            report = backup_restore(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"Không kết nối được cơ sở dữ liệu (kiểm tra DATABASE_URL). Không có gì bị thay đổi. "
                f"(Cannot reach the database: {error})"
            ) from error
        self.stdout.write(
            f"Đã phục hồi cơ sở dữ liệu ({report.engine}) và {report.media_files} tệp ảnh từ bản sao lưu lúc "
            f"{report.created}. (Restored the database and {report.media_files} media files.)"
        )
        if report.needs_migrate:
            self.stdout.write(
                "Phần mềm đang cài mới hơn bản sao lưu: chạy tiếp `manage.py migrate`. "
                "(The code is newer than the archive: run `manage.py migrate` next.)"
            )
