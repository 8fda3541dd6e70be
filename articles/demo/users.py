"""Demo staff accounts: one per role, each with the Author row its bylines point at."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from articles.models import Author
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from articles.text import slugify_vi


@dataclass(frozen=True)
class DemoUser:
    username: str
    family_name: str
    given_name: str
    role: str | None  # a group from roles.py; None for the superuser, who needs none
    role_label: str
    demo_password: str
    is_superuser: bool = False

    @property
    def full_name(self) -> str:
        # Vietnamese order, family name first, as bylines and the Author row print it.
        return f"{self.family_name} {self.given_name}"


# Fixed, documented passwords: they only ever apply with DEBUG on (a developer's machine).
DEMO_USERS = (
    DemoUser("phongvien", "Trần", "Minh Khoa", REPORTER, "Phóng viên (reporter)", "phongvien-demo"),
    DemoUser("bientapvien", "Lê", "Thị Thu Hằng", EDITOR, "Biên tập viên (editor)", "bientapvien-demo"),
    DemoUser("tongbientap", "Nguyễn", "Văn An", EDITOR_IN_CHIEF, "Tổng biên tập (editor-in-chief)", "tongbientap-demo"),
    DemoUser("quantri", "Phạm", "Quốc Bảo", None, "Quản trị, toàn quyền (superuser)", "quantri-demo", True),
)


@dataclass
class Login:
    username: str
    password: str | None  # None: an existing account left as it was; its password is not ours to print
    role_label: str
    created: bool


def ensure_users(groups: dict, *, development: bool) -> tuple[list[Login], dict]:
    """Create or refresh the demo accounts; returns (logins to print, users by username).

    On a development machine (DEBUG on) every account is put back into its demo state, fixed password
    included, so the printed login always works. Otherwise (a real server, --force) an existing account is
    not touched at all and a new one gets a random password that is printed once.
    """
    User = get_user_model()
    logins, users = [], {}
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        created = user is None
        if not created and not development:
            logins.append(Login(spec.username, None, spec.role_label, created=False))
            users[spec.username] = user
            continue
        if created:
            user = User(username=spec.username)
        # Django's Vietnamese admin labels last_name "Họ" and first_name "Tên", and greets a user by
        # first_name: "Minh Khoa" is how a colleague would address him.
        user.last_name, user.first_name = spec.family_name, spec.given_name
        user.is_staff, user.is_active, user.is_superuser = True, True, spec.is_superuser
        password = spec.demo_password if development else secrets.token_urlsafe(16)
        user.set_password(password)
        user.save()
        if spec.role:
            user.groups.add(groups[spec.role])
        _ensure_staff_author(user, spec.full_name)
        logins.append(Login(spec.username, password, spec.role_label, created=created))
        users[spec.username] = user
    return logins, users


def _ensure_staff_author(user, full_name: str) -> Author:
    author = Author.objects.filter(user=user).first()
    if author is None:
        # A pen-name row of the same name (say, from an older seed) becomes this account's author.
        author = Author.objects.filter(slug=slugify_vi(full_name), user__isnull=True).first()
        if author is None:
            author = Author(name=full_name)
        author.user = user
        author.save()
    return author
