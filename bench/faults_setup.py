"""Prepare bench/faults.py's database after `migrate` and print what the run needs as JSON.

`.venv/bin/python bench/faults_setup.py PUBLISHED IN_REVIEW EDITOR_SESSIONS` (with the run's DATABASE_URL and
settings): PUBLISHED articles through bench/seed_articles.py's door, IN_REVIEW articles waiting for an editor's
"Publish", an editor (the Biên tập viên role) and EDITOR_SESSIONS signed-in sessions of that editor.

The sessions are made here rather than through the login form: the fault scripts measure durability, not the
sign-in, and the form's throttle must not be hammered by a benchmark.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

import seed_articles  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from articles.roles import EDITOR  # noqa: E402

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def editor_sessions(count: int) -> list[str]:
    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "first_name": "Biên tập", "last_name": "Đo tải"}
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    backend = (
        MODEL_BACKEND if MODEL_BACKEND in settings.AUTHENTICATION_BACKENDS else settings.AUTHENTICATION_BACKENDS[-1]
    )
    keys = []
    for _ in range(count):
        # What django.contrib.auth.login() stores, without the form.
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def in_review(count: int) -> list[int]:
    section = Section.objects.order_by("position", "id").first()
    ids = []
    for n in range(1, count + 1):
        article = Article(
            title=f"Bài chờ duyệt số {n}",
            slug=f"bai-cho-duyet-so-{n}",
            sapo=f"(ĐN) - Bài chờ biên tập viên xuất bản, số {n}.",
            body="<p>Nội dung chờ duyệt.</p>",
            section=section,
        )
        # Straight into "in review": the fault scripts exercise the editor's Publish button, not the reporter's steps.
        article.status = Article.Status.IN_REVIEW
        article.save()
        ids.append(article.pk)
    return ids


def main(published: int, review: int, sessions: int) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        seed_articles.main(published)
    articles = Article.objects.published().select_related("section").order_by("id")
    print(
        json.dumps(
            {
                "published": {article.pk: article.get_absolute_url() for article in articles},
                "in_review": in_review(review),
                "sessions": editor_sessions(sessions),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
