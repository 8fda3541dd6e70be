"""Presence: who has an article's change form open right now, so two people see each other before they collide.

Each open form sends a heartbeat (static/newsroom_admin/desk.js); a row per person and article holds the last
one, in the database so that every app server sees the same people. Silence for EXPIRY ends a presence by
itself (a closed laptop sends no goodbye). The refused conflicting save (workflow.EditConflict) stays the last
line of defence; this only warns earlier.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article, ArticlePresence, user_display_name

EXPIRY = timedelta(seconds=90)


def heartbeat_seconds() -> int:
    return getattr(settings, "NEWSROOM_PRESENCE_SECONDS", 30)


def presence_beat(user, article: Article) -> None:
    """This person has the article open now."""
    now = timezone.now()
    ArticlePresence.objects.bulk_create(
        [ArticlePresence(user=user, article=article, seen_at=now)],
        update_conflicts=True,
        unique_fields=["article", "user"],
        update_fields=["seen_at"],
    )
    # Keep the table to the people who are here: every beat clears the expired rows (an index range, usually empty).
    ArticlePresence.objects.filter(seen_at__lt=now - EXPIRY).delete()


def presence_leave(user, article: Article) -> None:
    ArticlePresence.objects.filter(user=user, article=article).delete()


def others_present(user, article: Article) -> list[str]:
    """The names of the other people who have the article open, in a steady (alphabetical) order."""
    rows = (
        ArticlePresence.objects.filter(article=article, seen_at__gte=timezone.now() - EXPIRY)
        .exclude(user=user)
        .select_related("user")
    )
    return sorted(user_display_name(row.user) for row in rows)
