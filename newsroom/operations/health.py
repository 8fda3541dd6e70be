"""Health answers for a load balancer or a monitor, in plain text, never cached, telling nothing else.

    /healthz   the process answers: 200 "ok", touching nothing (no database, no cache, no file)
    /readyz    the site can serve: the database answers a trivial query, Redis answers when configured
               (REDIS_URL and the views buffer's NEWSROOM_VIEWS_REDIS_URL), the media folder takes a write
               (or the media bucket, MEDIA_STORAGE_URL, answers);
               200 "ok" or 503 "unavailable". Which check failed, and why, goes to the log only.

Our own two views, not django-health-check (4.8.0): its view names every check and prints the error text of a
failing one (text, JSON, HTML, feeds), answers 500 rather than 503, and is an app with settings to configure
for three checks that take a dozen lines here.

They sit outside the /en/ prefix and outside the page cache (articles/page_cache.py caches only the views it
decorates), set no cookie (nothing touches the session or the CSRF token) and are counted nowhere (views are
counted by the beacon's POST alone). ALLOWED_HOSTS still applies: a load balancer must send the site's own
name in the Host header (nginx: `proxy_set_header Host baodongnai.vn;`, HAProxy: `http-check send hdr Host
baodongnai.vn`), or the address it probes must be listed in ALLOWED_HOSTS, or Django answers 400.
SECURE_REDIRECT_EXEMPT keeps them on plain HTTP when SECURE_SSL_REDIRECT is on.
"""

import logging
import tempfile

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from newsroom.media_storage import in_bucket
from newsroom.operations.backups import SKIPPED_MEDIA_PREFIX

logger = logging.getLogger(__name__)

# A Redis that stops answering must fail the probe in well under a load balancer's timeout.
REDIS_TIMEOUT_S = 0.5
# The same for the media bucket (connect, then read), with no retry.
BUCKET_TIMEOUT_S = 1.0
_redis_clients: dict[str, object] = {}


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
    return response


@require_safe
def healthz(request):
    return _plain("ok")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis() -> None:
    import redis

    for url in {settings.REDIS_URL, settings.NEWSROOM_VIEWS_REDIS_URL} - {""}:
        if url not in _redis_clients:
            _redis_clients[url] = redis.Redis.from_url(
                url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S
            )
        _redis_clients[url].ping()


def _media_writable() -> None:
    if in_bucket(default_storage):
        _bucket_answers()
        return
    with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=SKIPPED_MEDIA_PREFIX) as probe:
        probe.write(b"ok")
        probe.flush()


def _bucket_answers() -> None:
    """The media bucket (MEDIA_STORAGE_URL) answers within a second or two (newsroom/media_bucket.py)."""
    from newsroom.media_bucket import bucket_answers

    bucket_answers(default_storage, timeout=BUCKET_TIMEOUT_S)


CHECKS = {"database": _database, "redis": _redis, "media": _media_writable}


@require_safe
def readyz(request):
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("readyz: the %s check failed", name, exc_info=True)
            failed.append(name)
    return _plain("unavailable", status=503) if failed else _plain("ok")
