"""The counting endpoint: decides whether a request is a real reader's view, then asks ranking.py to count it.

The article page itself counts nothing, so it stays cacheable as a whole (by Django or a CDN); a static
script sends `navigator.sendBeacon("/api/xem/", "id=<id>")` once the page is shown, and readers without
JavaScript load a 1×1 image instead. Nothing here stores an IP address: the rate limit keys on a hash.

The rules live here, once. Readers' beacons are answered by the fast path in articles/beacon_fast.py, in front
of Django's middleware (newsroom/wsgi.py), which calls these same functions with a `Counting` of its own (one
Redis round trip); the views below answer what it hands on: staff, bad bodies, unknown or unpublished ids.
"""

import functools
import hashlib
import re
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles import ranking
from articles.models import Article
from newsroom.client_address import client_address

SEEN_COOKIE = "nr_seen"
SEEN_SALT = "articles.beacon.seen"
SEEN_MAX_ARTICLES = 40
MAX_BODY_BYTES = 64
BODY = re.compile(rb"\A(?:id=)?([1-9][0-9]{0,17})\Z")
# The smallest transparent GIF, for the no-JavaScript fallback.
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")

# Crawlers, link-preview fetchers and tools announce themselves; an empty user agent is a program too.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|scrap|fetch|preview|archiv|monitor|checker|headless|lighthouse|pagespeed|"
    # Zalo's and Telegram's in-app browsers are readers ("Zalo android/…"); only their link fetchers are not.
    r"facebookexternalhit|facebookcatalog|meta-externalagent|zalo\w*bot|zalo-?link|zaloshare|whatsapp|"
    r"telegrambot|skypeuripreview|slack-imgproxy|"
    r"embedly|quora link|pinterest|vkshare|yandex|baidu|sogou|bytespider|petalbot|coccoc|"
    r"curl|wget|python|httpx|aiohttp|go-http|java/|okhttp|libwww|axios|node-fetch|postman|insomnia|phantomjs",
    re.IGNORECASE,
)


# Purpose, Sec-Purpose, X-Purpose, X-Moz: how browsers mark a prefetch or prerender, as WSGI names them
# (read from META: building request.headers costs more than the whole check).
PURPOSE_HEADERS = ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_automated(request) -> bool:
    meta = request.META
    agent = meta.get("HTTP_USER_AGENT", "").strip()
    if not agent or _is_bot_agent(agent):
        return True
    purpose = " ".join(meta.get(name, "") for name in PURPOSE_HEADERS).lower()
    return "prefetch" in purpose or "prerender" in purpose or "preview" in purpose


@functools.lru_cache(maxsize=2048)
def _is_bot_agent(agent: str) -> bool:
    # The regex costs ~0.1 ms on a phone's long User-Agent, and a crowd sends a few hundred distinct ones.
    return BOT_USER_AGENT.search(agent) is not None


def _is_staff(request) -> bool:
    # Only a request that carries a session cookie costs a session lookup; readers have none.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def rate_key(request, article_id: int) -> str:
    """The key that counts one client address's views of one article in the current minute."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return f"newsroom:views:rate:{digest}:{article_id}:{int(time.time() // 60)}"


RATE_KEY_SECONDS = 70  # a minute, and a margin for clocks a little apart


def _rate_limited(request, article_id: int) -> bool:
    key = rate_key(request, article_id)
    try:
        if cache.add(key, 1, timeout=RATE_KEY_SECONDS):
            return False
        return cache.incr(key) > settings.NEWSROOM_VIEW_RATE_LIMIT
    except Exception:
        # A cache that fails must not stop counting; the per-reader cookie still holds.
        return False


def _seen(request) -> dict[str, int]:
    try:
        seen = signing.loads(request.COOKIES.get(SEEN_COOKIE, ""), salt=SEEN_SALT)
    except signing.BadSignature:
        return {}
    return seen if isinstance(seen, dict) else {}


@functools.lru_cache(maxsize=256)
def _seen_value(seen: tuple, _second: int) -> str:
    # Signing (JSON, zlib, HMAC) is a tenth of a beacon's cost; in a crowd, many new readers of one story
    # get the very same value within a second (the signature's timestamp counts seconds).
    return signing.dumps(dict(seen), salt=SEEN_SALT, compress=True)


class Counting:
    """How a view that passed the reader rules is counted: here, the rate limit in Django's cache and
    ranking.view_record. The fast path brings one that does both in one Redis round trip."""

    def confirm(self, request, article_id: int) -> None:
        """The request counts nothing: a last look that the article is still published (none needed here,
        the view has just asked the database)."""

    def record(self, request, article_id: int) -> bool:
        """Count the view unless the address is over the rate limit; whether it was counted."""
        if _rate_limited(request, article_id):
            return False
        ranking.view_record(article_id)
        return True


DATABASE_COUNTING = Counting()


def count(request, article_id: int, response: HttpResponse, counting: Counting = DATABASE_COUNTING) -> HttpResponse:
    """Count a published article's view unless it is a program's, a staff member's, or this reader's again
    within 30 minutes (the signed cookie), or the address is over the rate limit."""
    if is_automated(request) or _is_staff(request):
        counting.confirm(request, article_id)
        return response
    now = int(time.time())
    window = settings.NEWSROOM_VIEW_DEDUP_MINUTES * 60
    seen = {key: at for key, at in _seen(request).items() if isinstance(at, int) and now - at < window}
    if str(article_id) in seen:
        counting.confirm(request, article_id)
        return response
    if not counting.record(request, article_id):
        return response
    seen[str(article_id)] = now
    newest = dict(sorted(seen.items(), key=lambda item: item[1])[-SEEN_MAX_ARTICLES:])
    response.set_cookie(
        SEEN_COOKIE,
        _seen_value(tuple(newest.items()), int(time.time())),
        max_age=window,
        path="/api/xem/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def body_article_id(request) -> int | HttpResponse:
    """The id a beacon's body names, or the 400/413 answer to a body that names none."""
    try:
        declared_length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponseBadRequest()
    if declared_length > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    match = BODY.match(request.body[: MAX_BODY_BYTES + 1].strip())
    if match is None:
        return HttpResponseBadRequest()
    return int(match.group(1))


def answer(pixel: bool) -> HttpResponse:
    """What a counted (or uncounted) view is answered with: 204, or the 1×1 image."""
    return HttpResponse(PIXEL, content_type="image/gif") if pixel else HttpResponse(status=204)


def _published_id(raw: str | int) -> int | None:
    article_id = int(raw)
    return article_id if Article.objects.published().filter(pk=article_id).exists() else None


@csrf_exempt
@never_cache
@require_POST
def view_beacon(request):
    """POST "id=<article id>" (what navigator.sendBeacon sends): 204, or 4xx and nothing written."""
    article_id = body_article_id(request)
    if isinstance(article_id, HttpResponse):
        return article_id
    if _published_id(article_id) is None:
        return HttpResponseNotFound()
    return count(request, article_id, answer(pixel=False))


@never_cache
@require_GET
def view_pixel(request, article_id: int):
    """The no-JavaScript fallback: an <img> inside <noscript> on the article page."""
    if _published_id(article_id) is None:
        return HttpResponseNotFound()
    return count(request, article_id, answer(pixel=True))
