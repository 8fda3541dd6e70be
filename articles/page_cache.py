"""Whole public pages for anonymous readers, kept in Django's `default` cache and ended by what they show.

    @cached_public_page          on a public view (articles/views.py)
    shows_context(context, lang) from the views' one render function: the page's tags from its context
    shows(*tags)                 from a fragment printed into the page (the "Tin xem nhiều" box)
    changed(*tags, hard=False)   what the model signals call (articles/page_tags.py) once a write commits
    content_changed()            after a write that sends no model signal (QuerySet.update(), raw SQL)

How a kept page stays right:

- Every kept page carries the dependency tags of what it shows (articles/page_tags.py has the scheme and the
  table of which change ends which tags), each with the version the tag had when the page was made. A tag has
  two versions: a soft one, replaced by every change, and a hard one, replaced only where the law or safety
  needs it (a take-down, a correction, a scheduled publication's minute). A page whose hard versions are all current but
  a soft one is not is *stale*: it is served for at most NEWSROOM_PAGE_CACHE_STALE_SECONDS after the change,
  while the one request that wins the lock makes the new copy; a page with any hard version replaced is never
  served again. A page older than NEWSROOM_PAGE_CACHE_SECONDS is stale too (the "Tin xem nhiều" figures).
- A miss is made once: the request that takes the address's lock renders; the others wait for its copy for up
  to WAIT_SECONDS, then render themselves.
- Scheduled publishing writes nothing at the minute an article appears (`published()` compares with now). So
  the next publication time is kept with the state; the first request after it has come purges hard the tags
  of the article(s) that appeared: the pages they now appear on are never served without them.
- Only anonymous requests read or fill the cache; a response is kept only if it is the same for every
  anonymous reader (status 200, no cookie, no Vary, no CSRF token, not private). A kept page carries no
  Content-Security-Policy: the middleware adds it to each response (newsroom/security_headers.py).
- A broken cache (Redis down) never breaks a page: the failure is logged and, for RETRY_AFTER_S, pages are
  served uncached without trying the cache again. A change the cache could not be told of is retried by
  the process before it serves any kept page.

State: the pages (and their locks) live in `default`; the tag versions, the generation and the next
publication in STATE_CACHE when the settings have one (without Redis each process keeps its own pages, but
a change made in one must reach all), else beside the pages. The *generation* is a token replaced twice by
every change, before and after its tags are written: each process keeps the tag versions it has read while
the generation stays the same (at most MEMO_SECONDS), so a kept page costs one read of the state, and a
page is stored only if no change began while it was being made.

A CDN in front (articles/cdn.py) may keep what is served here fresh (a hit, or a miss that was stored), named by
the same tags, and is told of each change once it is written here (`_send`).

The `X-Page-Cache` response header says what happened: hit, stale (a previous copy, while another request
makes the new one), miss, bypass (a signed-in user or a session), off (NEWSROOM_PAGE_CACHE_SECONDS is 0) or
error (the cache failed).
"""

import contextvars
import hashlib
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

from articles import cdn, page_tags
from newsroom import replica

logger = logging.getLogger(__name__)

# Where the state lives when it must not live beside the pages (see above).
STATE_CACHE = "shared"

HEADER = "X-Page-Cache"
GENERATION_KEY = "newsroom:pages:generation"
# Named anew whenever an entry's shape changes, so that a deploy never reads the previous code's entries.
PAGE_KEY_PREFIX = "newsroom:tagged-page:"
LOCK_KEY_PREFIX = "newsroom:page-lock:"
TAG_KEY_PREFIX = "newsroom:page-tag:"
NEXT_KEY_SECONDS = 24 * 3600
# Every page carries ALL: content_changed() ends them all, hard.
ALL = "all"
# How long the request making a page holds its address; longer than any render, shorter than a reader's patience.
LOCK_SECONDS = 10
# A reader whose page another request is making waits this long for it, then makes it too.
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02
# Tag versions read once are trusted this long within one generation: the bound on a change whose writer
# died between its two generation tokens.
MEMO_SECONDS = 1.0
# After the cache fails, pages skip it for this long: a dead Redis must not cost every request a timeout.
RETRY_AFTER_S = 5.0
# Parameters that share services add to links and that no public view reads. Left out of the key, so the
# readers a Facebook or Zalo post sends (each with its own fbclid) share one entry instead of one each.
TRACKING_PARAMETER = re.compile(r"\A(?:utm_[a-z_]+|fbclid|gclid|zarsrc)\Z")
# Headers of the moment, or of this one response: never replayed from an entry.
UNSTORED_HEADERS = frozenset({"set-cookie", "date", "expires", "age", "content-length", HEADER.lower()})

FRESH, STALE, DEAD = "fresh", "stale", "dead"

_unsent: list[tuple[frozenset, bool]] = []  # changes this process could not write to the cache yet
_shown: contextvars.ContextVar[set | None] = contextvars.ContextVar("page_cache_shown", default=None)


def _stale_seconds() -> float:
    return getattr(settings, "NEWSROOM_PAGE_CACHE_STALE_SECONDS", 15)


def _now() -> float:
    return timezone.now().timestamp()


def _state_backend(pages_backend):
    return caches[STATE_CACHE] if STATE_CACHE in settings.CACHES else pages_backend


def _soft_key(tag: str) -> str:
    return f"{TAG_KEY_PREFIX}s:{tag}"


def _hard_key(tag: str) -> str:
    return f"{TAG_KEY_PREFIX}h:{tag}"


def _next_key(generation: str) -> str:
    return f"{GENERATION_KEY}:{generation}:next"


# ---------------------------------------------------------------- what the page being made shows


def shows(*tags: str) -> None:
    """The page being made shows these (page_tags' scheme); outside a cached view, nothing happens.
    A fragment kept in a cache of its own must still call it each time it is printed."""
    found = _shown.get()
    if found is not None:
        found.update(tags)


def shows_context(context: dict, language: str) -> None:
    """The page being made is rendered from this context (articles/views.py `_edition_render`)."""
    if _shown.get() is not None:
        shows(*page_tags.context_tags(context, language))


# ---------------------------------------------------------------- changes


def _write_change(tags: frozenset, hard: bool) -> None:
    state = _state_backend(caches["default"])
    now = _now()
    # The generation is replaced before the tags are written (a page being made meanwhile is not stored)
    # and after (every process then reads the new versions).
    state.set(GENERATION_KEY, uuid.uuid4().hex, None)
    if tags:
        token = uuid.uuid4().hex
        versions = {_soft_key(tag): (token, now) for tag in tags}
        if hard:
            versions |= {_hard_key(tag): token for tag in tags}
        state.set_many(versions, None)
    state.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _send(tags: frozenset, hard: bool) -> None:
    """Write a change now, or keep it for later if the cache is unreachable."""
    replica.content_changed()  # first: public reads then avoid a replica that has not replayed this change
    _unsent.append((tags, hard))
    _send_unsent()
    # After the cache's own write: a CDN that asks again at once must get the new page, not a kept one.
    cdn.purge(tags, hard)


def _send_unsent() -> bool:
    while _unsent:
        tags, hard = _unsent[0]
        try:
            _write_change(tags, hard)
        except Exception as error:
            logger.error("Page cache: content changed but the cache is unreachable (%s); retrying later", error)
            return False
        _unsent.pop(0)
    return True


def changed(*tags: str, hard: bool = False, using: str | None = None) -> None:
    """Pages showing these tags change once the current transaction commits (at once outside one): `hard`,
    none of them is served again; else they may be served stale while remade. No tags: only the next
    scheduled publication may have moved."""
    chosen = frozenset(tags) | ({page_tags.UNTAGGED} if tags else frozenset())
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(lambda: _send(chosen, hard), using=using)
    else:  # nothing to wait for (and no database connection to open for it)
        _send(chosen, hard)


def content_changed(using: str | None = None) -> None:
    """Anything public may have changed: once the current transaction commits, no page kept before is served
    again. For code that writes without model signals (QuerySet.update(), raw SQL)."""
    changed(ALL, hard=True, using=using)


# ---------------------------------------------------------------- the state as this process has read it


@dataclass
class _Memo:
    backend: object = None
    generation: str = ""
    read_at: float = 0.0
    tags: dict = field(default_factory=dict)  # tag -> (soft token, changed at, hard token), None: unknown
    next_at: float | None = None


# Per thread, as Django's cache connections are.
_memos = threading.local()


def _memo_for(state, generation: str) -> _Memo:
    memo = getattr(_memos, "memo", None)
    if memo is None or memo.backend is not state or memo.generation != generation or _memo_old(memo):
        memo = _Memo(state, generation, time.monotonic(), {}, _next_publication_for(state, generation))
        _memos.memo = memo
    return memo


def _memo_old(memo: _Memo) -> bool:
    return time.monotonic() - memo.read_at > MEMO_SECONDS


def _read_tags(state, memo: _Memo, tags) -> dict:
    missing = [tag for tag in tags if tag not in memo.tags]
    if missing:
        found = state.get_many([key for tag in missing for key in (_soft_key(tag), _hard_key(tag))])
        for tag in missing:
            soft, hard = found.get(_soft_key(tag)), found.get(_hard_key(tag))
            memo.tags[tag] = (soft[0], soft[1], hard) if soft is not None and hard is not None else None
    return {tag: memo.tags[tag] for tag in tags}


def _versions_for_storing(state, memo: _Memo, tags) -> dict:
    """Each tag's (soft, hard) version; a tag never written gets its first one (so that a missing tag always
    means one evicted, which ends the pages carrying it)."""
    current = _read_tags(state, memo, tags)
    unknown = [tag for tag, value in current.items() if value is None]
    if unknown:
        for tag in unknown:
            state.add(_soft_key(tag), (uuid.uuid4().hex, 0.0), None)
            state.add(_hard_key(tag), uuid.uuid4().hex, None)
            memo.tags.pop(tag, None)
        current |= _read_tags(state, memo, unknown)
    if any(value is None for value in current.values()):
        return {}
    return {tag: (value[0], value[2]) for tag, value in current.items()}


def _next_publication() -> float | None:
    """The earliest publication time still to come, as a timestamp (None: nothing is scheduled).

    Whatever the status: a taken-down or returned article may keep a future time, and counting it too only
    makes a check early, never late (a status filter here would be a second definition of public).
    """
    from articles.models import Article

    moment = (
        Article.objects.filter(published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return moment.timestamp() if moment is not None else None


def _next_publication_for(state, generation: str) -> float | None:
    found = state.get(_next_key(generation))
    if found is not None:
        return found or None  # 0 stands for "nothing scheduled"
    next_at = _next_publication()
    state.add(_next_key(generation), next_at or 0, NEXT_KEY_SECONDS)
    return next_at


def _publish_due(state, since: float) -> None:
    """Articles whose scheduled minute has come: purge hard what their publication changes."""
    from datetime import UTC, datetime

    from articles.models import Article

    tags: set[str] = set()
    # A second early: the timestamp is a float, and purging an article already purged costs nothing.
    appeared = Article.objects.published().filter(published_at__gte=datetime.fromtimestamp(since - 1, UTC))
    for article in appeared:
        change = page_tags.appeared(article)
        if change is not None:
            tags |= change.tags
    _write_change(frozenset(tags | {page_tags.UNTAGGED}), True)


def _generation(state, page_key: str | None, pages):
    if state is pages and page_key is not None:
        found = pages.get_many([GENERATION_KEY, page_key])  # one round trip to Redis
        generation, entry = found.get(GENERATION_KEY), found.get(page_key)
    else:
        generation, entry = state.get(GENERATION_KEY), (pages.get(page_key) if page_key else None)
    if generation is None:
        # Several processes may start one at once: the first one stored is everyone's.
        generation = uuid.uuid4().hex
        if not state.add(GENERATION_KEY, generation, None):
            generation = state.get(GENERATION_KEY) or generation
    return generation, entry


# ---------------------------------------------------------------- looking a page up


@dataclass
class _Lookup:
    key: str
    generation: str
    memo: _Memo
    verdict: str = DEAD
    entry: tuple | None = None  # (made at, {tag: (soft, hard)}, content, headers)
    due: bool = False  # a scheduled publication's minute has come and another request is purging


def _verdict(entry, current: dict, now: float, seconds: int) -> str:
    made_at, versions = entry[0], entry[1]
    stale_since = made_at + seconds
    for tag, (soft, hard) in versions.items():
        value = current[tag]
        if value is None or value[2] != hard:
            return DEAD
        # A first version (changed at 0) differing from the entry's is two processes' first versions racing
        # (the file cache's add is not atomic), not a change.
        if value[0] != soft and value[1]:
            stale_since = min(stale_since, value[1])
    if now < stale_since:
        return FRESH
    return STALE if now - stale_since <= _stale_seconds() else DEAD


def _lookup(pages, request, seconds: int, key: str | None = None) -> _Lookup:
    """A kept page and what may be done with it, in one round trip to the cache when nothing changed."""
    if not _send_unsent():
        # This process changed content while the cache was down: the cache may still hold old versions.
        raise ConnectionError("a change could not be written to the cache")
    key = key or _page_key(request)
    state = _state_backend(pages)
    generation, entry = _generation(state, key, pages)
    memo = _memo_for(state, generation)
    now = _now()
    if memo.next_at is not None and now >= memo.next_at:
        if not state.add(f"{GENERATION_KEY}:due:{memo.next_at}", 1, LOCK_SECONDS):
            return _Lookup(key, generation, memo, due=True)
        _publish_due(state, memo.next_at)
        generation, entry = _generation(state, key, pages)
        memo = _memo_for(state, generation)
    found = _Lookup(key, generation, memo, entry=entry)
    if entry is not None:
        found.verdict = _verdict(entry, _read_tags(state, memo, entry[1]), now, seconds)
    return found


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


def _lock_key(page_key: str) -> str:
    return LOCK_KEY_PREFIX + page_key.removeprefix(PAGE_KEY_PREFIX)


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


def _replay(entry) -> HttpResponse:
    response = HttpResponse(entry[2])
    for name, value in entry[3]:
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


def _hit(entry):
    """A fresh kept copy: a CDN in front may keep it too (articles/cdn.py); a stale one it must not."""
    response = _replay(entry)
    cdn.mark(response, entry[1])
    return _mark(response, "hit")


def _mark(response, outcome: str):
    response.headers[HEADER] = outcome
    return response


def _render(view, request, args, kwargs):
    """The view's response and the tags of what it showed."""
    shown: set[str] = set()
    token = _shown.set(shown)
    try:
        response = view(request, *args, **kwargs)
    finally:
        _shown.reset(token)
    return response, (shown or {page_tags.UNTAGGED}) | {ALL}


def _render_and_store(pages, found: _Lookup, view, request, args, kwargs, seconds: int):
    response, tags = _render(view, request, args, kwargs)
    if not _storable(request, response):
        return _mark(response, "miss")
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    try:
        state = _state_backend(pages)
        versions = _versions_for_storing(state, found.memo, sorted(tags))
        # Stored only if no change began while the page was made: it may have read the rows before the change.
        if versions and state.get(GENERATION_KEY) == found.generation:
            entry = (_now(), versions, response.content, headers)
            pages.set(found.key, entry, seconds + int(_stale_seconds()) + 1)
            cdn.mark(response, tags)  # after `headers`: the entry keeps none of the CDN's (they follow the settings)
    except Exception as error:
        _failed(pages, "writing", error)
        return _mark(response, "error")
    return _mark(response, "miss")


def _wait_for_copy(pages, request, found: _Lookup, seconds: int) -> _Lookup | None:
    """Another request is making this page: its copy, once kept, or None if it does not come in time."""
    lock = _lock_key(found.key)
    for _ in range(int(WAIT_SECONDS / POLL_SECONDS)):
        time.sleep(POLL_SECONDS)
        again = _lookup(pages, request, seconds, key=found.key)
        if again.verdict == FRESH:
            return again
        if pages.get(lock) is None:
            # Done: kept between the two reads, or not kept at all (a 404, a page of one reader's).
            again = _lookup(pages, request, seconds, key=found.key)
            return again if again.verdict == FRESH else None
    return None


def _unlock(pages, page_key: str) -> None:
    try:
        pages.delete(_lock_key(page_key))
    except Exception as error:  # it expires by itself
        logger.warning("Page cache: a lock could not be released (%s)", error)


def cached_public_page(view):
    """Serve the view's page to anonymous readers from the cache (see the module's docstring).

    The view must declare what its page shows: through `_edition_render` (shows_context) and fragments
    (shows); a page that declares nothing is ended by every change. HEAD is answered from GET's entry.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if seconds <= 0:
            return _mark(view(request, *args, **kwargs), "off")
        if request.method not in ("GET", "HEAD") or _is_personal(request):
            return _mark(view(request, *args, **kwargs), "bypass")
        pages = _usable_backend()
        if pages is None:
            return _mark(view(request, *args, **kwargs), "error")
        locked = False
        try:
            found = _lookup(pages, request, seconds)
            if found.due:  # another request is purging what a scheduled article changes: make it, keep nothing
                return _mark(view(request, *args, **kwargs), "miss")
            if found.verdict == FRESH:
                return _hit(found.entry)
            locked = pages.add(_lock_key(found.key), 1, LOCK_SECONDS)
            if not locked:
                if found.verdict == STALE:
                    return _mark(_replay(found.entry), "stale")
                kept = _wait_for_copy(pages, request, found, seconds)
                if kept is not None:
                    return _hit(kept.entry)
        except Exception as error:
            _failed(pages, "reading", error)
            return _mark(view(request, *args, **kwargs), "error")
        try:
            return _render_and_store(pages, found, view, request, args, kwargs, seconds)
        finally:
            if locked:
                _unlock(pages, found.key)

    return wrapper
