"""A CDN in front of the app servers (Varnish: deploy/varnish/newsroom.vcl; a commercial CDN by the same two
headers): what a public page tells it, and how a change of content reaches it.

    mark(response, tags)   a fresh public page of the page cache (articles/page_cache.py): may be kept
    purge(tags, hard)      a change, once the page cache has it (page_cache._send): PURGE to each purge URL

Off unless set: NEWSROOM_CDN_MAX_AGE=0 adds no header (the site answers as it always did), and no
NEWSROOM_CDN_PURGE_URLS sends nothing.

What may be kept: exactly what the page cache keeps and serves fresh — the same for every anonymous reader
(its `_storable`), with the page cache's dependency tags (articles/page_tags.py) as surrogate keys, so that the
change that ends a kept page also ends the CDN's copy. It gets `Cache-Control: public, max-age=0, s-maxage=N`
(browsers ask again each time; the CDN keeps it N seconds at most) and `Surrogate-Key: <keys>`. Nothing else
does: a signed-in member of staff's page, the page cache's "bypass", "off", "error" and a page made while a
change was being written (not stored, so not marked). A *stale* copy (served while one request makes the new
one after an ordinary edit) is not marked either: kept by the CDN for N seconds, the edit would lag by N on
top of the page cache's NEWSROOM_PAGE_CACHE_STALE_SECONDS, and the purge has already gone by; unmarked, the
CDN asks again and gets the new copy as soon as it is made.

Every kept page carries the tag "all" (page_cache.ALL): a content_changed() purges "all" and so everything.

A scheduled publication writes nothing at its minute, so no purge is sent then: the article's own page was a
404 until then (never kept: only a 200 is), so it shows at once; a listing kept by the CDN shows it within
NEWSROOM_CDN_MAX_AGE seconds — the bound on how late an addition may be. Removals (take-downs, corrections) are
writes, and purged at once.

A purge URL that is down or slow never breaks a save and holds it back at most TIMEOUT_S: the save waits for the
purges to answer for that long, then goes on; a failed PURGE is logged and tried again RETRIES times in the
background; a URL that failed lately is not waited for at all. A take-down or correction (hard) is purged once
more ECHO_S later: a copy of the page the CDN was fetching while the first purge went by (the fetch began
before it) would otherwise be kept for N seconds.
"""

import hashlib
import http.client
import logging
import re
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

HEADER = "Surrogate-Key"
# What Varnish's ban expression (deploy/varnish/newsroom.vcl) and the CDNs' key syntax accept as is; any other
# tag is sent as a hash of itself ("h:" starts no tag of articles/page_tags.py).
KEY = re.compile(r"\A[A-Za-z0-9:_.-]{1,64}\Z")
# Varnish refuses a response header over 8 KiB (http_resp_hdr_len); Fastly's limit is 16 KiB. A page with more
# keys than fit (hundreds of links) is not kept by the CDN: one that could not be purged must not be kept.
MAX_HEADER_LENGTH = 4000
# A purge endpoint is on the private network or a CDN's API: answering takes milliseconds, and a save must not
# wait for one that does not answer.
TIMEOUT_S = 1.0
RETRIES = 2
RETRY_AFTER_S = 1.0
ECHO_S = 1.0
# A URL that failed lately is not waited for (each of a save's changes would cost TIMEOUT_S again).
FAILING_FOR_S = 10.0

_failed_at: dict[str, float] = {}


def key(tag: str) -> str:
    return tag if KEY.match(tag) else "h:" + hashlib.sha256(tag.encode()).hexdigest()[:24]


def keys(tags) -> str:
    """The Surrogate-Key value for these page-cache tags: keys, space-separated, each once, sorted."""
    return " ".join(sorted({key(tag) for tag in tags}))


def mark(response, tags) -> None:
    """A fresh copy the page cache keeps: a shared cache may keep it NEWSROOM_CDN_MAX_AGE seconds."""
    seconds = settings.NEWSROOM_CDN_MAX_AGE
    if seconds <= 0:
        return
    value = keys(tags)
    if len(value) > MAX_HEADER_LENGTH:
        return
    response.headers[HEADER] = value
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"


# ---------------------------------------------------------------- purging


def purge(tags, hard: bool = False) -> None:
    """Tell each NEWSROOM_CDN_PURGE_URLS that the pages carrying these tags changed (at most TIMEOUT_S)."""
    urls = settings.NEWSROOM_CDN_PURGE_URLS
    if not urls or not tags:
        return
    value = keys(tags)
    waiting = []
    for url in urls:
        done = threading.Event()
        # Not a daemon: a management command (an import, `shell -c`) finishes its purges before it exits.
        threading.Thread(target=_purge_url, args=(url, value, hard, done), name="cdn-purge").start()
        if time.monotonic() - _failed_at.get(url, float("-inf")) > FAILING_FOR_S:
            waiting.append(done)
    deadline = time.monotonic() + TIMEOUT_S
    for done in waiting:
        done.wait(max(0.0, deadline - time.monotonic()))


def _purge_url(url: str, value: str, hard: bool, done: threading.Event) -> None:
    try:
        if _send_with_retries(url, value, done) and hard:
            # The CDN has dropped its copies: the save waits no longer. The echo is for the CDN alone.
            done.set()
            time.sleep(ECHO_S)
            try:
                _send(url, value)
            except Exception as error:
                logger.error("CDN: the second PURGE to %s failed (%s)", url, error)
    finally:
        done.set()


def _send_with_retries(url: str, value: str, done: threading.Event) -> bool:
    for attempt in range(1, RETRIES + 2):
        try:
            _send(url, value)
        except Exception as error:
            _failed_at[url] = time.monotonic()
            done.set()  # the save waits no longer for this URL
            if attempt <= RETRIES:
                logger.warning("CDN: PURGE to %s failed (%s); trying again", url, error)
                time.sleep(RETRY_AFTER_S)
                continue
            logger.error(
                "CDN: PURGE to %s failed %d times (%s): its copies of %s may be served for NEWSROOM_CDN_MAX_AGE",
                url,
                attempt,
                error,
                value,
            )
            return False
        if attempt > 1:
            logger.info("CDN: PURGE to %s went through at attempt %d", url, attempt)
        _failed_at.pop(url, None)
        return True
    return False


def _send(url: str, value: str) -> None:
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=TIMEOUT_S)
    try:
        connection.request("PURGE", parts.path or "/", headers={HEADER: value})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise ConnectionError(f"answered {response.status} {response.reason}")


def check_settings(max_age: int, purge_urls: list[str]) -> None:
    """NEWSROOM_CDN_MAX_AGE and NEWSROOM_CDN_PURGE_URLS as newsroom/settings.py read them; else ImproperlyConfigured
    naming the variable and what is wrong."""
    from django.core.exceptions import ImproperlyConfigured

    if max_age < 0:
        raise ImproperlyConfigured(f"NEWSROOM_CDN_MAX_AGE={max_age} is negative (0 turns the CDN's headers off)")
    for url in purge_urls:
        parts = urlsplit(url)
        try:
            parts.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError as error:
            raise ImproperlyConfigured(f"NEWSROOM_CDN_PURGE_URLS: {url!r} has a bad port ({error})") from error
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"NEWSROOM_CDN_PURGE_URLS: {url!r} is not an http:// or https:// URL with a host"
            )
