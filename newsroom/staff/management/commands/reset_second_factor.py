"""`manage.py reset_second_factor USERNAME`: the way back in for a person who lost their phone and their recovery
codes when no other superuser is left to reset them in the admin (run on the server: whoever can, owns it anyway).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom.staff.second_factor import policy


class Command(BaseCommand):
    help = (
        "Đặt lại xác thực hai lớp của một người (mất điện thoại): lần đăng nhập sau họ cài đặt lại. "
        "(Resets a person's two-step verification; they set it up again at their next sign-in.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản tên {username!r}. (No such user.)")
        removed = policy.reset(user)
        self.stdout.write(
            f"Đã đặt lại xác thực hai lớp của {username} ({removed} thiết bị đã xóa); lần đăng nhập sau họ cài đặt "
            f"lại. (Two-step verification reset.)"
        )
