"""Public readers' pages read from a PostgreSQL streaming replica (DATABASE_REPLICA_URL); everything else reads
and writes on the primary (`default`).

    replica_database(url, default)   the settings' DATABASES["replica"] (newsroom/settings.py)
    ReplicaRouter                    DATABASE_ROUTERS: where each read and write goes
    ReplicaMiddleware                marks the requests whose reads may go to the replica; stickiness; fallback
    content_changed()                what articles/page_cache._send calls first after every change of public content

A read goes to the replica only when all of these hold, else to the primary:

- The request is a public reader's page: a safe method, not the admin, the API (the view beacon) or a preview,
  no session cookie (a signed-in member of staff, see page_cache._is_personal) and not *sticky*: a browser that
  sent a write (any unsafe-method request: a save in the admin, signing out…) carries a signed cookie for
  NEWSROOM_REPLICA_STICKY_SECONDS, and its reads stay on the primary meanwhile, whichever app server answers:
  whoever has just saved reads their own write.
- No transaction is open on the primary (a read inside one must see the transaction's own writes).
- The replica has replayed every change of public content committed so far: `content_changed()` records the
  primary's WAL position after each one in the state cache the page cache shares between servers (Redis, or the
  "shared" file cache), and the replica is used only once its replay position has reached it. A take-down is
  therefore never read back from a lagging replica (into the page cache or anywhere), for any reader. The
  replica's position is remembered per process: it costs a query only after a new change; each routed request
  costs one cache read.
- The replica answers: its connection is checked (or made) when the request's reads are routed, and one that
  fails then, or fails a query later in the request, marks the replica down in this process for RETRY_AFTER_S;
  a view the replica failed under runs again on the primary (process_exception, before Django turns the error
  into a 500). Logged once when it goes down, once when it is back.

The decision is made once per request, at its first routed read, so that one page never mixes the two.
"""

import contextlib
import contextvars
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

ALIAS = "replica"
STICKY_COOKIE = "newsroom_primary"
STICKY_SALT = "newsroom.replica.sticky"
# The highest WAL position (bytes since 0/0) after a committed change of public content, in the state cache.
CONTENT_LSN_KEY = "newsroom:replica:content-lsn"
# After the replica fails, reads stay on the primary this long: a dead replica must not cost every request a
# failed connection, and it is tried again soon enough once it is back.
RETRY_AFTER_S = 5.0
# A replica host that does not answer must cost a request seconds, not the operating system's minutes.
CONNECT_TIMEOUT_S = 2
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Requests that read on the primary whatever they are: the staff's, the load balancer's probes (they report
# on the primary) and those that write or show what was just written (the view beacon, previews of a draft).
PRIMARY_PATHS = ("/admin/", "/i18n/", "/healthz", "/readyz")
BEACON_VIEWS = frozenset({"articles:view_beacon", "articles:view_pixel"})
PRIMARY_VIEWS = BEACON_VIEWS | {"articles:preview", "articles:preview_shared"}


# ---------------------------------------------------------------- settings


def replica_database(url: str, default: dict) -> dict:
    """DATABASES["replica"] for DATABASE_REPLICA_URL: the primary's connection options, on the replica."""
    import dj_database_url

    if default.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL (postgres://…) too")
    try:
        database = dj_database_url.parse(
            url, conn_max_age=default.get("CONN_MAX_AGE", 0), conn_health_checks=default.get("CONN_HEALTH_CHECKS")
        )
    except Exception as error:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL is not a database URL such as postgres://user@host:5432/name: {error}"
        ) from error
    if database.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL URL (postgres://user@host:5432/name)")
    if not database.get("NAME"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL names no database (postgres://user@host:5432/name)")
    database["OPTIONS"] = {**default.get("OPTIONS", {}), **database.get("OPTIONS", {})}
    database["OPTIONS"].setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    # The test runner makes no database for it: in tests its reads go to the test database.
    database["TEST"] = {"MIRROR": "default"}
    return database


def sticky_seconds(raw: str) -> int:
    """NEWSROOM_REPLICA_STICKY_SECONDS, checked."""
    try:
        seconds = int(raw)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ImproperlyConfigured(f"NEWSROOM_REPLICA_STICKY_SECONDS={raw!r} is not a number of seconds (0 or more)")
    return seconds


def _enabled() -> bool:
    return ALIAS in settings.DATABASES


# ---------------------------------------------------------------- the replica's health, per process


class _Health:
    """Whether this process may use the replica, what it has seen it replay, and what it has logged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down_logged = False
        self.replayed = -1  # the highest replay position seen, in bytes

    def usable(self) -> bool:
        return time.monotonic() >= self.down_until

    def down(self, why) -> None:
        with self.lock:
            self.down_until = time.monotonic() + RETRY_AFTER_S
            first, self.down_logged = not self.down_logged, True
        if first:
            logger.error("Replica: unusable (%s); reads go to the primary, retried every %.0f s", why, RETRY_AFTER_S)

    def answered(self) -> None:
        if self.down_logged:
            with self.lock:
                back, self.down_logged = self.down_logged, False
            if back:
                logger.warning("Replica: answering again; public pages read from it")

    def saw_replayed(self, position: int) -> None:
        with self.lock:
            self.replayed = max(self.replayed, position)


_health = _Health()


# ---------------------------------------------------------------- the content's WAL position


def _state():
    from django.core.cache import caches

    from articles.page_cache import _state_backend

    return _state_backend(caches["default"])


# Raises the stored position to ARGV[1] unless it is already higher, in one step (two servers recording at once
# must not leave the lower one).
_RAISE_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if current == nil or tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
"""


def _raise_to(state, position: int) -> None:
    client_of = getattr(getattr(state, "_cache", None), "get_client", None)
    if client_of is not None:  # Django's RedisCache: it stores an int as its digits, which Lua compares
        key = state.make_and_validate_key(CONTENT_LSN_KEY)
        client_of(key, write=True).eval(_RAISE_SCRIPT, 1, key, position)
        return
    # The file cache (one server's processes) has no atomic step: read again after writing, so that of two
    # changes recorded at once the higher one stays unless both writes fall within the same instant.
    for _ in range(3):
        current = state.get(CONTENT_LSN_KEY)
        if current is not None and current >= position:
            return
        state.set(CONTENT_LSN_KEY, position, None)


# The primary's WAL position (bytes since 0/0), as far as a replica must replay to have every commit made so far.
# The insert position, not pg_current_wal_lsn(): with synchronous_commit off the commit just made may not be
# written out yet, and the insert position is past it either way. But where no record has begun on the current
# page yet, the insert position points past the page's header (24 bytes; 40 on a segment's first page), while
# a replica that has replayed everything reports the page's start: counted as the page's start, or an idle
# primary would keep the replica unused until its next write.
PRIMARY_POSITION_SQL = """
SELECT CASE
    WHEN position % segment = 40 THEN position - 40
    WHEN position % block = 24 THEN position - 24
    ELSE position
END
FROM (
    SELECT pg_current_wal_insert_lsn() - '0/0' AS position,
           current_setting('wal_block_size')::numeric AS block,
           (SELECT setting::numeric FROM pg_settings WHERE name = 'wal_segment_size') AS segment
) AS here
"""
# How far a replica has replayed, in the same bytes. A replica promoted to a primary has replayed all it will.
REPLAYED_POSITION_SQL = (
    "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END - '0/0'"
)


def _primary_position() -> int:
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute(PRIMARY_POSITION_SQL)
        return int(cursor.fetchone()[0])


def content_changed() -> None:
    """A change of public content has committed on the primary: public reads avoid any replica that has not
    replayed it yet. For articles/page_cache._send; nothing without a replica. Never raises: a change that
    could not be recorded is logged (readers then find the target missing or old; see _content_position)."""
    if not _enabled():
        return
    try:
        _raise_to(_state(), _primary_position())
    except Exception as error:
        logger.error("Replica: a content change could not be recorded (%s); reads may lag until the next", error)


def _content_position() -> int:
    """The position the replica must have replayed; first recorded now if the cache has lost it (flushed,
    evicted), as the primary's current position: every change so far."""
    state = _state()
    found = state.get(CONTENT_LSN_KEY)
    if found is None:
        state.add(CONTENT_LSN_KEY, _primary_position(), None)
        found = state.get(CONTENT_LSN_KEY)
    return int(found)


def _replayed_position() -> int:
    from django.db import connections

    with connections[ALIAS].cursor() as cursor:
        cursor.execute(REPLAYED_POSITION_SQL)
        return int(cursor.fetchone()[0])


def _replica_ready() -> bool:
    from django.db import connections

    if not _health.usable():
        return False
    try:
        target = _content_position()
    except Exception as error:  # the cache, or the primary: the replica cannot be shown to be current
        _health.down(f"the recorded content position cannot be read: {error}")
        return False
    try:
        # What the request's first query would do anyway (the health check, a new connection), done here: a
        # replica that is down is found before any view or the page cache has read from it.
        replica = connections[ALIAS]
        replica.close_if_health_check_failed()
        replica.ensure_connection()
        if target <= _health.replayed:
            return True
        replayed = _replayed_position()
    except Exception as error:
        _forget_connection()
        _health.down(error)
        return False
    _health.saw_replayed(replayed)
    return replayed >= target


def _forget_connection() -> None:
    from django.db import connections

    # A broken connection may fail to close; it is dropped either way.
    with contextlib.suppress(Exception):
        connections[ALIAS].close()


# ---------------------------------------------------------------- requests


@dataclass
class _Request:
    public: bool = False
    decided: bool | None = None  # None: no routed read yet
    used_replica: bool = False


_current: contextvars.ContextVar[_Request | None] = contextvars.ContextVar("newsroom_replica", default=None)


def _reads_from_replica() -> bool:
    from django.db import transaction

    request = _current.get()
    if request is None or not request.public:
        return False
    if transaction.get_connection("default").in_atomic_block:
        return False
    if request.decided is None:
        request.decided = _replica_ready()
    if request.decided:
        request.used_replica = True
    return request.decided


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # Explicitly "default", never None: None would follow a replica-read instance's hint out of the request.
        return ALIAS if _reads_from_replica() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _primary_only(request, view_name: str | None) -> bool:
    return request.path_info.startswith(PRIMARY_PATHS) or view_name in PRIMARY_VIEWS


def _is_sticky(request) -> bool:
    seconds = settings.NEWSROOM_REPLICA_STICKY_SECONDS
    return bool(seconds) and (
        request.get_signed_cookie(STICKY_COOKIE, default=None, salt=STICKY_SALT, max_age=seconds) is not None
    )


class ReplicaMiddleware:
    """Marks a public reader's request (process_view: the view is known there), makes a writer's browser sticky,
    and runs a view again on the primary when the replica failed under it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _Request()
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state.used_replica and response.status_code < 500:
            _health.answered()
        seconds = settings.NEWSROOM_REPLICA_STICKY_SECONDS
        match = request.resolver_match
        # Any write makes the browser sticky but a view counted: a reader does not read back a count, and every
        # reader sends one.
        if seconds and request.method not in SAFE_METHODS and not (match and match.view_name in BEACON_VIEWS):
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=STICKY_SALT,
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from articles.page_cache import _is_personal

        state = _current.get()
        if state is None or not _enabled():
            return None
        state.public = (
            request.method in SAFE_METHODS
            and not _primary_only(request, request.resolver_match.view_name)
            and not _is_personal(request)
            and not _is_sticky(request)
        )
        return None

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        state = _current.get()
        if state is None or not state.used_replica or not isinstance(exception, OperationalError | InterfaceError):
            return None
        _forget_connection()
        _health.down(exception)
        # Once more, on the primary; an error there is the primary's, and Django answers it as usual.
        state.public = False
        state.used_replica = False
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        # Django renders a template response only on the view's first answer.
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response = response.render()
        return response
