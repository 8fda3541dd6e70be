"""`manage.py flush_views`: move views buffered in Redis into the database (run every 30–60 s)."""

from django.core.management.base import BaseCommand, CommandError

from articles import ranking


class Command(BaseCommand):
    help = (
        "Chuyển lượt xem đang đệm trong Redis vào cơ sở dữ liệu; chạy mỗi 30–60 giây. "
        "(Moves views buffered in Redis into the database; run every 30–60 s.)"
    )

    def handle(self, *args, **options):
        if not ranking.views_redis_url():
            self.stdout.write(
                "REDIS_URL chưa đặt: lượt xem được ghi thẳng vào cơ sở dữ liệu. (No Redis: nothing to flush.)"
            )
            return
        import redis

        try:
            report = ranking.views_flush()
        except redis.RedisError as error:
            # The buffered views stay in Redis (or in a renamed batch) and are flushed by the next run.
            raise CommandError(
                f"Không kết nối được Redis; lượt xem vẫn nằm trong bộ đệm. (Redis unreachable: {error})"
            ) from error
        if report.locked:
            self.stdout.write("Một lần chuyển khác đang chạy. (Another flush is running.)")
            return
        self.stdout.write(
            f"Đã chuyển {report.views} lượt xem ({report.batches} lô; {report.skipped_as_done} lô đã chuyển trước đó). "
            f"(Flushed {report.views} views in {report.batches} batches.)"
        )
