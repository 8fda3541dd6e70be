"""PROTOTYPE, bench only: the view beacon answered in front of Django, to size the change proposed in
bench/README.md. It is not the app's code and changes nothing in it; views_http.py --ladder runs it under
gunicorn (`lean_beacon_wsgi:application`) with the same exact-count check as the real beacon.

What it does differently from articles/beacon.py (same rules otherwise: bot and prefetch check, staff not
counted, the signed nr_seen cookie for the 30-minute dedup, the per-address-and-article rate limit):
1. POST /api/xem/ is handled before Django's middleware stack and URL resolver (anything else, and any
   request carrying a session cookie, goes to Django unchanged);
2. no PostgreSQL query per beacon: whether an article is published is remembered per worker for
   PUBLISHED_TTL_S seconds (a take-down stops counting within that time; flush_views could re-check);
3. one Redis round trip instead of four: a Lua script does the rate-limit INCR (+ EXPIRE on the first)
   and, under the limit, the HINCRBY into ranking.PENDING_KEY — the same hash flush_views moves.
"""

from __future__ import annotations

import hashlib
import time
from http.cookies import SimpleCookie

import redis
from django.conf import settings
from django.core import signing
from django.utils import timezone

from newsroom.wsgi import application as django_application

# articles.* need the app registry, which importing newsroom.wsgi has just set up.
READY = django_application is not None
from articles import beacon, ranking  # noqa: E402
from articles.models import Article  # noqa: E402

PUBLISHED_TTL_S = 30.0
NEVER_CACHE = [
    ("Expires", "Thu, 01 Jan 1970 00:00:00 GMT"),
    ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
]
COUNT_SCRIPT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], 70) end
if n > tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
"""

_published: dict[int, tuple[bool, float]] = {}
_script = None


def _is_published(article_id: int) -> bool:
    now = time.monotonic()
    known = _published.get(article_id)
    if known is None or known[1] < now:
        if len(_published) > 50_000:
            _published.clear()
        known = (Article.objects.published().filter(pk=article_id).exists(), now + PUBLISHED_TTL_S)
        _published[article_id] = known
    return known[0]


def _automated(environ) -> bool:
    agent = environ.get("HTTP_USER_AGENT", "").strip()
    if not agent or beacon.BOT_USER_AGENT.search(agent):
        return True
    purpose = " ".join(
        environ.get(name, "") for name in ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
    ).lower()
    return "prefetch" in purpose or "prerender" in purpose or "preview" in purpose


def _respond(start_response, status: str, headers=()):
    start_response(status, [*NEVER_CACHE, ("Content-Length", "0"), *headers])
    return [b""]


def _count(environ, article_id: int) -> list[tuple[str, str]]:
    """Count the view unless deduplicated or rate-limited; returns the Set-Cookie header, if any."""
    global _script
    cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    try:
        seen = signing.loads(cookies[beacon.SEEN_COOKIE].value, salt=beacon.SEEN_SALT)
    except (KeyError, signing.BadSignature):
        seen = {}
    now = int(time.time())
    window = settings.NEWSROOM_VIEW_DEDUP_MINUTES * 60
    seen = {
        k: at for k, at in (seen if isinstance(seen, dict) else {}).items() if isinstance(at, int) and now - at < window
    }
    if str(article_id) in seen:
        return []
    address = environ.get("REMOTE_ADDR", "")  # NEWSROOM_TRUSTED_PROXIES is 0 in the benchmark
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    rate_key = f"newsroom:views:rate:{digest}:{article_id}:{now // 60}"
    hour = ranking._hour_bucket(timezone.now())
    client = ranking.redis_gate.client()
    try:
        if client is None:
            raise redis.ConnectionError("Redis skipped after a recent failure")
        if _script is None:
            _script = client.register_script(COUNT_SCRIPT)
        counted = _script(
            keys=[rate_key, ranking.PENDING_KEY],
            args=[settings.NEWSROOM_VIEW_RATE_LIMIT, f"{article_id}:{hour:%Y%m%d%H}"],
        )
    except redis.RedisError:
        # As the app does without Redis: the view goes to the database (rate limit not applied here).
        ranking.view_record(article_id)
        counted = 1
    if not counted:
        return []
    seen[str(article_id)] = now
    newest = dict(sorted(seen.items(), key=lambda item: item[1])[-beacon.SEEN_MAX_ARTICLES :])
    value = signing.dumps(newest, salt=beacon.SEEN_SALT, compress=True)
    return [("Set-Cookie", f"{beacon.SEEN_COOKIE}={value}; HttpOnly; Max-Age={window}; Path=/api/xem/; SameSite=Lax")]


def application(environ, start_response):
    if (
        environ.get("PATH_INFO") != "/api/xem/"
        or environ.get("REQUEST_METHOD") != "POST"
        or settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", "")
        or not settings.REDIS_URL
    ):
        return django_application(environ, start_response)
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > beacon.MAX_BODY_BYTES:
        return _respond(start_response, "413 Request Entity Too Large")
    match = beacon.BODY.match(environ["wsgi.input"].read(length).strip())
    if match is None:
        return _respond(start_response, "400 Bad Request")
    article_id = int(match.group(1))
    if not _is_published(article_id):
        return _respond(start_response, "404 Not Found")
    if _automated(environ):
        return _respond(start_response, "204 No Content")
    return _respond(start_response, "204 No Content", _count(environ, article_id))
