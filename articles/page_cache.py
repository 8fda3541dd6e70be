"""Whole public pages for anonymous readers, kept in Django's `default` cache and dropped when content changes.

    @cached_public_page          on a public view (articles/views.py)
    content_changed()            after a write that sends no model signal (QuerySet.update(), raw SQL)

How a kept page stays right, without anything knowing which pages show which article:

- Every kept page carries the *content generation* it was made in, a token kept in the cache, and is
  served only while that token is current. Once a transaction that saved or deleted a row of
  INVALIDATING_MODELS commits, the token is replaced: every page (an article's own and every listing it
  appears on) is made again on its next request. A provincial paper changes its
  content dozens of times a day, so dropping everything at once costs little and can never miss a page.
- Scheduled publishing writes nothing at the minute an article appears (`published()` compares with now).
  So the time of the next scheduled publication is kept with each token: no page is kept past it, and once
  it has come the token is replaced as if the content had changed.
- Only anonymous requests read or fill the cache; a response is kept only if it is the same for every
  anonymous reader (status 200, no cookie, no Vary, no CSRF token, not private).
- A broken cache (Redis down) never breaks a page: the failure is logged and, for RETRY_AFTER_S, pages are
  served uncached without trying the cache again.

The `X-Page-Cache` response header says what happened: hit, miss, bypass (a signed-in user or a session),
off (NEWSROOM_PAGE_CACHE_SECONDS is 0) or error (the cache failed).
"""

import hashlib
import logging
import math
import re
import time
import uuid
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# Every model whose rows a public page prints. A model added to the public pages (a footer's site
# settings, say) must be added here, or its changes show only once the page's entry expires.
INVALIDATING_MODELS = (
    "articles.Article",
    "articles.Photo",
    "articles.Byline",
    "articles.Correction",
    "articles.Section",
    "articles.Author",
    "articles.Tag",
    "articles.TaggedArticle",
    "articles.ArticleEvent",  # edits and corrections after publication print "Updated at …"
    "articles.SiteSettings",  # the footer's particulars
)

# Where the generation lives when it must not live beside the pages: without Redis the pages sit in each
# process's own memory, but a change made in one process must end the pages of all of them, so the
# settings give the generation a store they share (a folder on disk). With Redis, both live there.
STATE_CACHE = "shared"

HEADER = "X-Page-Cache"
STATE_KEY = "newsroom:pages:generation"
PAGE_KEY_PREFIX = "newsroom:page:"
# A next-publication record outlives its token by far; it only has to go away some day.
NEXT_KEY_SECONDS = 24 * 3600
# After the cache fails, pages skip it for this long: a dead Redis must not cost every request a timeout.
RETRY_AFTER_S = 5.0
# Parameters that share services add to links and that no public view reads. Left out of the key, so the
# readers a Facebook or Zalo post sends (each with its own fbclid) share one entry instead of one each.
TRACKING_PARAMETER = re.compile(r"\A(?:utm_[a-z_]+|fbclid|gclid|zarsrc)\Z")
# Headers of the moment, or of this one response: never replayed from an entry.
UNSTORED_HEADERS = frozenset({"set-cookie", "date", "expires", "age", "content-length", HEADER.lower()})

_bump_failed = False  # in this process, content changed while the cache could not be told


# ---------------------------------------------------------------- the generation
#
# STATE_KEY holds the current token; "<STATE_KEY>:<token>:next" the next scheduled publication as seen
# after that token was set. A page's entry carries the token it was made under and is served only while that
# token is current. Nothing is ever stored with a token from data read before the token was set, so a bump
# is never lost to a slower request, whatever the interleaving.


def _next_publication() -> float | None:
    """The earliest publication time still to come, as a timestamp (None: nothing is scheduled).

    Whatever the status: a taken-down or returned article may keep a future time, and counting it too only
    makes an entry expire early, never late (a status filter here would be a second definition of public).
    """
    from articles.models import Article

    moment = (
        Article.objects.filter(published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return moment.timestamp() if moment is not None else None


def _bump() -> None:
    """Start a new generation; called once the transaction that changed the content has committed."""
    global _bump_failed
    try:
        # A fresh random token, never a counter: a counter restarted after its key was evicted (or the
        # cache restarted) would bring back pages still kept under its old values.
        _state_backend(caches["default"]).set(STATE_KEY, uuid.uuid4().hex, None)
        _bump_failed = False
    except Exception as error:
        _bump_failed = True
        logger.error("Page cache: content changed but the cache is unreachable (%s); retrying later", error)


def content_changed(using: str | None = None) -> None:
    """Public content changed: once the current transaction commits (at once outside one), no page cached
    before is served again. Model signals call it; code that writes without them must call it too."""
    transaction.on_commit(_bump, using=using)


def _article_of(instance):
    """The article a row belongs to, if it belongs to one (None for a section, a tag, an author…)."""
    from articles.models import Article

    if isinstance(instance, Article):
        return instance
    for name in ("article", "content_object"):  # photos, bylines, corrections, events; tagged items
        if hasattr(type(instance), name):
            try:
                return getattr(instance, name)
            except ObjectDoesNotExist:  # deleted with its article: treat it as public, to be safe
                return None
    return None


def _may_be_public(instance) -> bool:
    """Whether a public page may print this row. An article that is not published and never was (a draft,
    one in review) is on none, nor are its photos, bylines, tags or events: reporters save drafts all day,
    and each save would otherwise end every kept page. Anything else counts, scheduled articles included
    (their minute is the next publication the pages must not outlive)."""
    article = _article_of(instance)
    if article is None:
        return True
    public_states = (article.Status.PUBLISHED, article.Status.TAKEN_DOWN)
    return article.status in public_states or article.first_published_at is not None


def _on_model_change(sender, instance=None, using=None, action: str = "post_", **kwargs) -> None:
    # An m2m change announces itself before it is made, too.
    if action.startswith("post_") and (instance is None or _may_be_public(instance)):
        content_changed(using)


def connect_signals() -> None:
    """Watch INVALIDATING_MODELS (called from ArticlesConfig.ready())."""
    for label in INVALIDATING_MODELS:
        model = apps.get_model(label)
        uid = f"page_cache:{label}"
        post_save.connect(_on_model_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=uid)
        m2m_changed.connect(_on_model_change, sender=model, dispatch_uid=uid)


def _state_backend(pages_backend):
    return caches[STATE_CACHE] if STATE_CACHE in settings.CACHES else pages_backend


def _next_key(token: str) -> str:
    return f"{STATE_KEY}:{token}:next"


def _start_generation(backend) -> str:
    token = uuid.uuid4().hex
    # Several processes may start a generation at once: the first one stored is everyone's.
    if not backend.add(STATE_KEY, token, None):
        token = backend.get(STATE_KEY) or token
    return token


def _next_publication_for(backend, token: str) -> float | None:
    found = backend.get(_next_key(token))
    if found is not None:
        return found or None  # 0 stands for "nothing scheduled"
    next_at = _next_publication()
    backend.add(_next_key(token), next_at or 0, NEXT_KEY_SECONDS)
    return next_at


@dataclass
class _Lookup:
    key: str
    token: str
    entry: tuple | None = None  # (token, valid until, content, headers) when a kept page may be served
    next_at: float | None = None  # on a miss: the next scheduled publication, the new entry's limit


def _lookup(backend, request) -> _Lookup:
    """A kept page in one round trip to the cache; on a miss, what storing the new one needs."""
    if _bump_failed:
        # This process changed content while the cache was down: the cache may still hold the old token.
        _bump()
        if _bump_failed:
            raise ConnectionError("the generation could not be replaced")
    key = _page_key(request)
    state = _state_backend(backend)
    if state is backend:
        found = backend.get_many([STATE_KEY, key])  # one round trip to Redis
        token, entry = found.get(STATE_KEY), found.get(key)
    else:
        token, entry = state.get(STATE_KEY), backend.get(key)
    token = token or _start_generation(state)
    now = timezone.now().timestamp()
    # An entry of an older generation is never served, and is overwritten by the page made now.
    if entry is not None and entry[0] == token and (entry[1] is None or now < entry[1]):
        return _Lookup(key, token, entry=entry)
    next_at = _next_publication_for(state, token)
    if next_at is not None and now >= next_at:
        # A scheduled article has just appeared: every page made before may lack it.
        token = uuid.uuid4().hex
        state.set(STATE_KEY, token, None)
        next_at = _next_publication_for(state, token)
    return _Lookup(key, token, next_at=next_at)


# ---------------------------------------------------------------- requests and responses


def _is_personal(request) -> bool:
    # A signed-in user exists only through the session cookie (no other authentication is installed).
    # Looking at the cookie, not request.user, costs no query and leaves the session untouched.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _page_key(request) -> str:
    query = "&".join(
        part
        for part in request.META.get("QUERY_STRING", "").split("&")
        if part and not TRACKING_PARAMETER.match(part.split("=", 1)[0])
    )
    # Scheme and host: the pages print absolute addresses (canonical link, OpenGraph). The active language:
    # a page made in another one must never be served for this one, however the edition is chosen.
    address = "\n".join((request.scheme, request.get_host(), request.path, query, translation.get_language() or ""))
    return f"{PAGE_KEY_PREFIX}{hashlib.sha256(address.encode()).hexdigest()}"


def _storable(request, response) -> bool:
    """Whether this response is the same for every anonymous reader of the address."""
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Vary"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    # The page printed a CSRF token (a form): it belongs to this reader's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _timeout(seconds: int, next_at: float | None) -> int:
    if next_at is None:
        return seconds
    # Rounded down: the entry is gone by the time the scheduled article appears.
    return min(seconds, math.floor(next_at - timezone.now().timestamp()))


def _replay(entry) -> HttpResponse:
    _token, _valid_until, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def _usable_backend():
    backend = caches["default"]
    failed_at = getattr(backend, "_newsroom_page_cache_failed_at", None)
    if failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER_S:
        return None
    return backend


def _failed(backend, action: str, error: Exception) -> None:
    logger.warning("Page cache: %s failed (%s); pages are served uncached for %.0f s", action, error, RETRY_AFTER_S)
    # Kept on the backend object: a test that swaps CACHES gets a fresh one, and a fresh chance.
    backend._newsroom_page_cache_failed_at = time.monotonic()


def _mark(response, outcome: str):
    response.headers[HEADER] = outcome
    return response


def cached_public_page(view):
    """Serve the view's page to anonymous readers from the cache, for up to NEWSROOM_PAGE_CACHE_SECONDS.

    Only for views whose page depends on nothing but the address and INVALIDATING_MODELS (plus the
    "Tin xem nhiều" box, which may lag by the page's lifetime). HEAD is answered from GET's entry.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if seconds <= 0:
            return _mark(view(request, *args, **kwargs), "off")
        if request.method not in ("GET", "HEAD") or _is_personal(request):
            return _mark(view(request, *args, **kwargs), "bypass")
        backend = _usable_backend()
        if backend is None:
            return _mark(view(request, *args, **kwargs), "error")
        try:
            found = _lookup(backend, request)
        except Exception as error:
            _failed(backend, "reading", error)
            return _mark(view(request, *args, **kwargs), "error")
        if found.entry is not None:
            return _mark(_replay(found.entry), "hit")

        response = view(request, *args, **kwargs)
        timeout = _timeout(seconds, found.next_at)
        if timeout > 0 and _storable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
            try:
                backend.set(found.key, (found.token, found.next_at, response.content, headers), timeout)
            except Exception as error:
                _failed(backend, "writing", error)
                return _mark(response, "error")
        return _mark(response, "miss")

    return wrapper
