"""`manage.py seed_demo`: a newsroom to click through, from an empty migrated database, in a few seconds."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from articles.demo.loader import SeedReport, seed_demo

DEFAULT_BASE_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: chuyên mục, nhóm quyền, tài khoản mẫu, bài gốc và khoảng 30 bài tin có ảnh. "
        "Chạy lại không tạo trùng. (Creates demo data; safe to run again.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Cho phép chạy khi DEBUG tắt (máy chủ thật): tài khoản đã có được giữ nguyên, tài khoản mới nhận "
                "mật khẩu ngẫu nhiên. (Run with DEBUG off: existing accounts untouched, new ones get a random "
                "password.)"
            ),
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Địa chỉ gốc của trang để in đường dẫn quản trị (site address for the admin link); "
            f"mặc định {DEFAULT_BASE_URL}",
        )

    def handle(self, *args, force: bool, base_url: str, **options):
        if not settings.DEBUG and not force:
            # Demo accounts with published passwords must never appear on a real server by accident.
            raise CommandError(
                "DEBUG đang tắt: lệnh này chỉ dành cho máy phát triển. Nếu thật sự muốn chạy trên máy chủ, "
                "thêm --force. (DEBUG is off: seed_demo is for development machines; add --force to run it anyway.)"
            )
        started = time.monotonic()
        report = seed_demo(development=settings.DEBUG)
        elapsed = time.monotonic() - started

        self.stdout.write(self._summary(report, elapsed))
        self.stdout.write(self._logins(report, base_url))

    def _summary(self, report: SeedReport, elapsed: float) -> str:
        created, existing = report.created, report.existing
        return self.style.SUCCESS(
            f"Dữ liệu mẫu (demo data): bài viết {created['articles']} mới, {existing['articles']} đã có · "
            f"ảnh {created['photos']} mới · tác giả {created['authors']} mới · thẻ {created['tags']} mới · "
            f"tài khoản {created['users']} mới, {existing['users']} đã có · "
            f"nhóm {created['groups']} mới, {existing['groups']} đã có · "
            f"chuyên mục {created['sections']} mới, {existing['sections']} đã có · "
            f"thông tin tòa soạn {created['site_settings_fields']} mục mới · "
            f"lượt xem mẫu {created['views']} cho {created['viewed_articles']} bài ({elapsed:.1f} s)"
        )

    def _logins(self, report: SeedReport, base_url: str) -> str:
        try:
            admin_path = reverse("admin:index")
        except NoReverseMatch:
            admin_path = "/admin/"
        lines = [
            "",
            f"Trang quản trị (admin): {base_url.rstrip('/')}{admin_path}",
            "Tài khoản mẫu (demo logins) — tên đăng nhập / mật khẩu / vai trò (username / password / role):",
        ]
        for login in report.logins:
            password = login.password or "(giữ nguyên mật khẩu hiện có; unchanged)"
            lines.append(f"  {login.username} / {password} / {login.role_label}")
        if not settings.DEBUG and any(login.password for login in report.logins):
            lines.append(
                self.style.WARNING(
                    "Mật khẩu ngẫu nhiên chỉ hiện một lần này: hãy ghi lại ngay. "
                    "(Random passwords are shown only this once: note them now.)"
                )
            )
        return "\n".join(lines)
