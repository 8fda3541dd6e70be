"""`manage.py prune_views`: drop view buckets older than the settings keep; totals stay (run daily).

The one daily prune of the installation: it also drops sign-in log lines past NEWSROOM_LOGIN_LOG_DAYS
(newsroom/staff/sign_in_log.py), so the server recipe needs no second timer for them.
"""

from django.core.management.base import BaseCommand

from articles import ranking
from newsroom.staff.sign_in_log import prune_sign_in_log


class Command(BaseCommand):
    help = (
        "Xóa số liệu lượt xem theo ngày/giờ và lịch sử đăng nhập đã quá hạn lưu; tổng lượt xem giữ nguyên. "
        "(Prunes old view buckets and sign-in log lines.)"
    )

    def handle(self, *args, **options):
        days, hours, batches = ranking.views_prune()
        self.stdout.write(f"Đã xóa {days} dòng theo ngày, {hours} dòng theo giờ, {batches} bản ghi chuyển lô.")
        successes, failures = prune_sign_in_log()
        self.stdout.write(f"Đã xóa {successes} lần đăng nhập thành công, {failures} lần đăng nhập sai quá hạn lưu.")
