"""Which articles readers may see, remembered in each worker for the view beacon's fast path.

A beacon must answer 404 for anything not published, and asking the database costs more than everything else
the fast path does. So each worker keeps the set of published ids, with the generation token it was loaded
under, and loads it again when

- the token changes: every save or deletion of an article that is or was public (published, scheduled, taken
  down, or once published) sets a new random token, at once and again when the transaction commits (the first
  makes a worker of this transaction's own process see it, the second is the one other workers can trust);
- the next scheduled publication's minute comes: scheduled articles turn public with no write at all;
- MAX_AGE_S has passed: the backstop for a token change that could not be written (Redis down at that moment).

The token lives in Redis (ranking.views_redis_url(), the beacon's Lua script reads it in the same round trip)
or, without Redis, in the "shared" file cache every process of the server sees. A random token, never a
counter: a key lost with a Redis restart must read as a change, not as an old value coming back.

An id missing from the set is never answered 404 from it: the fast path hands that request to Django's view,
which asks the database. Only "published" is trusted from memory, and a change of it always changes the token.
"""

from __future__ import annotations

import logging
import time
import uuid

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "newsroom:beacon:published-generation"
SHARED_CACHE = "shared"
MAX_AGE_S = 300.0


def _redis_client():
    """A client for the token's Redis that ignores the view counter's pause after a failure: a token change
    is rare and must get through if Redis is there at all."""
    from articles import ranking

    url = ranking.views_redis_url()
    if not url:
        return None
    global _bump_client
    if _bump_client is None or _bump_client[0] != url:
        import redis

        _bump_client = (url, redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5))
    return _bump_client[1]


_bump_client = None


def generation_bump() -> None:
    """Published ids may have changed: every worker loads them again before its next count."""
    token = uuid.uuid4().hex
    try:
        client = _redis_client()
        if client is not None:
            client.set(GENERATION_KEY, token)
        else:
            caches[SHARED_CACHE].set(GENERATION_KEY, token, None)
    except Exception as error:
        logger.error("Beacon: published articles changed but the token could not be written (%s)", error)


def generation_shared() -> str:
    """The token, without Redis (the shared file cache)."""
    return caches[SHARED_CACHE].get(GENERATION_KEY) or ""


def _is_or_was_public(article) -> bool:
    # Drafts and articles in review never were public: reporters save them all day, and the set cannot change.
    return article.status in (article.Status.PUBLISHED, article.Status.TAKEN_DOWN) or (
        article.first_published_at is not None
    )


def articles_changed(using: str | None = None) -> None:
    """Published articles changed: now (a worker may load the set before the commit) and again once committed."""
    generation_bump()
    transaction.on_commit(generation_bump, using=using)


def _on_article_change(sender, instance, using=None, **kwargs) -> None:
    if _is_or_was_public(instance):
        articles_changed(using)


def connect_signals() -> None:
    """Watch articles (called from ArticlesConfig.ready())."""
    from articles.models import Article

    post_save.connect(_on_article_change, sender=Article, dispatch_uid="published_ids")
    post_delete.connect(_on_article_change, sender=Article, dispatch_uid="published_ids")


class PublishedIds:
    """The published ids as of a token, until the next scheduled publication."""

    def __init__(self):
        self.forget()

    def forget(self) -> None:
        self.token: str | None = None
        self._ids: frozenset[int] = frozenset()
        self._until = 0.0

    def holds(self, article_id: int, token: str | None) -> bool:
        """Whether the article is published, as of `token` (loading again if the token or the clock says so)."""
        if token != self.token or time.time() >= self._until:
            self.load(token)
        return article_id in self._ids

    def load(self, token: str | None) -> None:
        # The token is read before the ids (the caller has it already), so ids loaded here are never older
        # than the token they are kept under.
        from articles.models import Article

        now = timezone.now()
        published = frozenset(Article.objects.published().values_list("pk", flat=True))
        # Any status: a taken-down article may keep a future time; it only makes the set expire early.
        scheduled = (
            Article.objects.filter(published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        until = now.timestamp() + MAX_AGE_S
        if scheduled is not None:
            until = min(until, scheduled.timestamp())
        self._ids, self.token, self._until = published, token, until


ids = PublishedIds()
