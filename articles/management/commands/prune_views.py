"""`manage.py prune_views`: drop view buckets older than the settings keep; totals stay (run daily)."""

from django.core.management.base import BaseCommand

from articles import ranking


class Command(BaseCommand):
    help = "Xóa số liệu lượt xem theo ngày/giờ đã quá hạn lưu; tổng lượt xem giữ nguyên. (Prunes old view buckets.)"

    def handle(self, *args, **options):
        days, hours, batches = ranking.views_prune()
        self.stdout.write(f"Đã xóa {days} dòng theo ngày, {hours} dòng theo giờ, {batches} bản ghi chuyển lô.")
