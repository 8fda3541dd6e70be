"""`manage.py prune`: the installation's one daily clean-up, run by the server's prune timer.

Each app keeps its own rule for what is old (articles.ranking for view buckets, newsroom.staff for the sign-in
log); this command only runs them together, so articles/ never has to know about staff sign-ins.
"""

from django.core.management.base import BaseCommand

from articles import ranking
from newsroom.staff.sign_in_log import prune_sign_in_log


class Command(BaseCommand):
    help = (
        "Xóa số liệu lượt xem theo ngày/giờ và lịch sử đăng nhập đã quá hạn lưu; tổng lượt xem giữ nguyên. "
        "(Prunes old view buckets and sign-in log lines; run daily.)"
    )

    def handle(self, *args, **options):
        days, hours, batches = ranking.views_prune()
        self.stdout.write(f"Đã xóa {days} dòng theo ngày, {hours} dòng theo giờ, {batches} bản ghi chuyển lô.")
        successes, failures = prune_sign_in_log()
        self.stdout.write(f"Đã xóa {successes} lần đăng nhập thành công, {failures} lần đăng nhập sai quá hạn lưu.")
