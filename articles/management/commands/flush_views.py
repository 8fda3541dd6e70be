"""`manage.py flush_views`: move views buffered in Redis into the database (run every 30–60 s)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles import ranking


class Command(BaseCommand):
    help = (
        "Chuyển lượt xem đang đệm trong Redis vào cơ sở dữ liệu; chạy mỗi 30–60 giây. "
        "(Moves views buffered in Redis into the database; run every 30–60 s.)"
    )

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            self.stdout.write(
                "REDIS_URL chưa đặt: lượt xem được ghi thẳng vào cơ sở dữ liệu. (No Redis: nothing to flush.)"
            )
            return
        report = ranking.views_flush()
        if report.locked:
            self.stdout.write("Một lần chuyển khác đang chạy. (Another flush is running.)")
            return
        self.stdout.write(
            f"Đã chuyển {report.views} lượt xem ({report.batches} lô; {report.skipped_as_done} lô đã chuyển trước đó). "
            f"(Flushed {report.views} views in {report.batches} batches.)"
        )
