"""The view beacon answered in front of Django's middleware and URL resolving: what every reader costs.

newsroom/wsgi.py wraps Django's WSGI application in `FastPath`; the test suite's client goes through the same
`FastPath.answer` (tests/beacon_client.py), so every beacon test runs here first. The rules are the ones in
articles/beacon.py — `count`, `is_automated`, `rate_key`, `body_article_id`, the cookie — called here as the
view calls them; what differs is only how "published" is known (articles/published_ids.py, a per-worker set)
and, with Redis, how a view is counted (`_RedisCounting`: one EVALSHA doing the rate limit and the HINCRBY).

Anything this cannot answer by those rules is handed to Django unchanged (`None` from `answer`): other
addresses and methods (405 as Django answers it); a request with a session cookie (staff are not counted, and
only Django's middleware knows who is staff); a body that names no id (400/413 as Django answers them); an id
the published set does not hold (the view asks the database: 404, or a count for a story published a moment
ago); Redis failing or paused after a failure (the view counts in the database, as ranking.view_record does).
"""

from __future__ import annotations

import hashlib
import io
import logging
import time

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from articles import beacon, published_ids, ranking

logger = logging.getLogger(__name__)

# Under the rate limit and the generation the worker's published ids were loaded under: count the view.
# Returns {1 counted | 0 over the limit | -1 the generation changed (nothing done), the current generation}.
COUNT_SCRIPT = """
local generation = redis.call('GET', KEYS[3]) or ''
if generation ~= ARGV[3] then return {-1, generation} end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4])) end
if n > tonumber(ARGV[1]) then return {0, generation} end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return {1, generation}
"""
NOT_LOADED = "-"  # never a token (hex), nor the empty string a missing key reads as


class _HandOver(Exception):
    """Django's view must answer this request."""


class _Routes:
    """The beacon's two addresses, taken from the URLconf once (articles/urls.py says them, nobody else)."""

    def __init__(self):
        self.post = None

    def load(self) -> None:
        # As PATH_INFO has them: without the script prefix a mounted site's reverse() puts in front.
        cut = len(get_script_prefix()) - 1
        self.post = reverse("articles:view_beacon")[cut:]
        self.pixel_prefix, self.pixel_suffix = reverse("articles:view_pixel", args=[0])[cut:].rsplit("0", 1)


routes = _Routes()


def route(environ) -> tuple[int | None, bool] | None:
    """(None, False) for a beacon POST, (id, True) for a pixel GET, None for anything else."""
    if routes.post is None:
        routes.load()
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD")
    if method == "POST" and path == routes.post:
        return None, False
    if method == "GET" and path.startswith(routes.pixel_prefix) and path.endswith(routes.pixel_suffix):
        digits = path[len(routes.pixel_prefix) : -len(routes.pixel_suffix)]
        # What the URLconf's <int:…> takes; "0" and the like are Django's to answer (404).
        if digits.isascii() and digits.isdigit() and digits[0] != "0" and len(digits) <= 18:
            return int(digits), True
    return None


class _RedisCounting(beacon.Counting):
    """One round trip per request: the Lua script for a view to count, a GET of the token for one that counts
    nothing (so a take-down reaches even a worker that only sees programs and reloads)."""

    def __init__(self, client):
        self.client = client

    def confirm(self, request, article_id: int) -> None:
        token = self.client.get(published_ids.GENERATION_KEY)
        if not published_ids.ids.holds(article_id, token.decode() if token else ""):
            raise _HandOver

    def record(self, request, article_id: int) -> bool:
        keys_and_args = [
            beacon.rate_key(request, article_id),
            ranking.PENDING_KEY,
            published_ids.GENERATION_KEY,
            settings.NEWSROOM_VIEW_RATE_LIMIT,
            ranking.pending_field(article_id, timezone.now()),
            None,  # the token the worker's published ids were loaded under
            beacon.RATE_KEY_SECONDS,
        ]
        for _attempt in range(2):
            loaded = published_ids.ids.token
            keys_and_args[5] = NOT_LOADED if loaded is None else loaded
            result, token = _evalsha(self.client, keys_and_args)
            if result >= 0:
                return result == 1
            if not published_ids.ids.holds(article_id, token.decode()):
                raise _HandOver
        raise _HandOver  # published ids changed twice within a moment: the database decides


_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode()).hexdigest()  # noqa: S324  (Redis names scripts by SHA-1)


def _evalsha(client, keys_and_args: list):
    """COUNT_SCRIPT by its SHA-1; loaded once into a Redis that does not know it (new, restarted, flushed)."""
    import redis

    try:
        return client.evalsha(_SCRIPT_SHA, 3, *keys_and_args)
    except redis.exceptions.NoScriptError:
        client.script_load(COUNT_SCRIPT)
        return client.evalsha(_SCRIPT_SHA, 3, *keys_and_args)


_client = (None, None)


def _redis_client(url: str):
    """This process's connection for the beacon: one, kept (no pool round trip per command); redis-py locks it
    for threaded workers."""
    global _client
    if _client[0] != url:
        import redis

        _client = (
            url,
            redis.Redis.from_url(
                url,
                socket_connect_timeout=0.2,
                socket_timeout=0.2,
                health_check_interval=30,
                single_connection_client=True,
            ),
        )
    return _client[1]


def answer(environ, where: tuple[int | None, bool]) -> HttpResponse | None:
    """The beacon's response, or None: Django answers (the request's body is put back for it)."""
    request = WSGIRequest(environ)
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    article_id, pixel = where
    body = None
    if not pixel:
        article_id = beacon.body_article_id(request)
        body = getattr(request, "_body", None)  # what was read of wsgi.input, if anything: Django reads it again
        if isinstance(article_id, HttpResponse):
            return _hand_over(environ, body)
    try:
        counting = _counting(article_id)
        if counting is None:
            return _hand_over(environ, body)
        response = beacon.count(request, article_id, beacon.answer(pixel), counting)
    except _HandOver:
        return _hand_over(environ, body)
    except DatabaseError as error:
        # Nothing was written (a count is one transaction): Django's view tries again, and answers as it does.
        logger.warning("Beacon fast path: database error (%s); handing the request to Django", error)
        return _hand_over(environ, body)
    except Exception as error:
        import redis

        if not isinstance(error, redis.RedisError):
            raise
        # The view counts it through ranking.view_record, which tries Redis once more and, if it fails
        # again, pauses Redis for everyone and counts in the database: one place decides the pause.
        logger.warning("Beacon fast path: Redis error (%s); handing the request to Django", error)
        published_ids.ids.forget()  # token changes may be missed while Redis is away
        return _hand_over(environ, body)
    for name, value in _never_cache_headers():
        response.headers[name] = value
    return response


_never_cache = (0, ())


def _never_cache_headers() -> tuple:
    """What @never_cache adds to the view's responses: made by the same function, once a second (its
    Expires says the current second, and building them costs more than the rest of a 204)."""
    global _never_cache
    now = int(time.time())
    if _never_cache[0] != now:
        sample = HttpResponse()
        add_never_cache_headers(sample)
        _never_cache = (now, tuple((name, sample[name]) for name in ("Expires", "Cache-Control")))
    return _never_cache[1]


def _counting(article_id: int) -> beacon.Counting | None:
    """How to count here, once the article is known to be published; None: Django's view must."""
    if not ranking.views_redis_url():
        # Checked under the current token (in the shared file cache): count as the view does.
        published = published_ids.ids.holds(article_id, published_ids.generation_shared())
        return beacon.DATABASE_COUNTING if published else None
    if ranking.redis_gate.client() is None:  # Redis failed a moment ago: the view counts in the database
        return None
    # Under the token last seen; the Lua script (or the GET in confirm) checks it is still current.
    if not published_ids.ids.holds(article_id, published_ids.ids.token):
        return None
    return _RedisCounting(_redis_client(ranking.views_redis_url()))


def _hand_over(environ, body: bytes | None) -> None:
    if body is not None:
        environ["wsgi.input"] = io.BytesIO(body)
    return None


class FastPath:
    """WSGI: the beacon's two addresses answered here, everything else by the wrapped Django application."""

    def __init__(self, django_application):
        self.django_application = django_application

    def __call__(self, environ, start_response):
        where = route(environ)
        response = None if where is None else answer(environ, where)
        if response is None:
            return self.django_application(environ, start_response)
        # No request_started/finished signals: on the Redis path no query is made (but a reload of the
        # published ids), and the database connection (CONN_MAX_AGE, health checks) is Django's to renew: a
        # connection that broke raises DatabaseError here, the request goes to Django, whose request_started
        # drops it.
        content = response.content
        headers = [
            *response.items(),
            # As CommonMiddleware gives Django's responses: the server need not chunk the pixel.
            ("Content-Length", str(len(content))),
            *(("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()),
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [content]
