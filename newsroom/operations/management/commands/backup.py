"""`manage.py backup [--output-dir DIR]`: one archive of the database and the uploaded files (run daily)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from newsroom.operations.backups import backup_create
from newsroom.operations.errors import BackupError


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và ảnh vào một tệp (kèm mã kiểm tra); chạy hằng ngày. "
        "(Backs up the database and media files into one archive with checksums; run daily.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="Thư mục ghi bản sao lưu (mặc định NEWSROOM_BACKUP_DIR). (Folder for the archive.)",
        )

    def handle(self, *args, output_dir=None, **options):
        try:
            report = backup_create(output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"Không kết nối được cơ sở dữ liệu (kiểm tra DATABASE_URL); không có bản sao lưu nào được ghi. "
                f"(Cannot reach the database: {error})"
            ) from error
        self.stdout.write(
            f"Đã sao lưu vào {report.path} ({human_size(report.size)}; {report.media_files} tệp ảnh). "
            f"(Backup written to {report.path}, {human_size(report.size)}.)"
        )
