"""Readership: the one module that counts views and ranks articles ("Tin xem nhiều").

Interface:
    view_record(article_id)              count one view (the caller has decided it is a real reader's)
    most_viewed(window=…, limit=…, …)    the top articles of a window, published ones only, cached briefly
    article_views(article_id)            total, 7-day and 30-day views of one article
    daily_views(article_id)              views per day for the admin's chart
    with_view_counts(queryset)           total and 7-day views as columns of a list's one query
    ids_with_views(ids)                  which articles have any views stored (the demo)
    views_flush() / views_prune()        move buffered views into the database / drop old buckets
    windows_expire() / windows_rebuild() move the windows' totals to now / sum them afresh from the buckets
    WINDOWS, WINDOW_LABELS, WINDOW_INTROS the windows and what readers read about them

Storage: per-article per-hour and per-day buckets, a running total, and per-window running totals (24 hours,
7 and 30 days: "the windows' running totals" below), each incremented with one INSERT … ON CONFLICT DO
UPDATE (atomic on SQLite and PostgreSQL alike, no read-modify-write); the ranking reads the top of an index,
never sums a window. With
REDIS_URL, views are first buffered in a Redis hash (HINCRBY) and moved in batches by `flush_views`;
if Redis is unreachable the view goes straight to the database instead. No other module reads the view tables
(tests/test_ranking.py holds every module to it), so the storage can change here alone.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as day_time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BigIntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import (
    SEARCH_COLUMNS,
    Article,
    ArticleViewDay,
    ArticleViewHour,
    ArticleViewTotal,
    ArticleViewWindow,
    ArticleViewWindowStart,
    ViewFlushBatch,
)

logger = logging.getLogger(__name__)

WINDOWS = ("24h", "7d", "30d", "all")
# The windows as readers see them, in WINDOWS order (the box, the /xem-nhieu/ page and its tabs).
WINDOW_LABELS = {"24h": _("24 hours"), "7d": _("7 days"), "30d": _("30 days"), "all": _("All time")}
WINDOW_INTROS = {
    "24h": _("The articles read most in the last 24 hours."),
    "7d": _("The articles read most in the last 7 days."),
    "30d": _("The articles read most in the last 30 days."),
    "all": _("The articles read most since they were published."),
}
PENDING_KEY = "newsroom:views:pending"
BATCH_PREFIX = "newsroom:views:batch:"
LOCK_KEY = "newsroom:views:flush-lock"
# How long the flush lock outlives a flusher that died holding it (SIGKILL, a server lost): the next run waits
# at most this long (bench/faults.sh flusher-kill; it was 300 s, five minutes of views held back). A running
# flush renews it after each batch. One that overruns it anyway stays correct (a batch is applied once,
# whoever applies it: ViewFlushBatch), it only duplicates work.
LOCK_SECONDS = 60
# After Redis fails, skip it for this long: a dead Redis must not cost every request a timeout.
REDIS_RETRY_AFTER_S = 10.0


# ---------------------------------------------------------------- storage


def _hour_bucket(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _local_day(hour: datetime):
    # The paper's day: a view at 23:30 in Biên Hòa belongs to that date, whatever UTC says.
    return timezone.localtime(hour, timezone.get_default_timezone()).date()


def _quoted(*names: str) -> list[str]:
    return [connection.ops.quote_name(name) for name in names]


def _upsert(table: str, key_columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Add each row's views to its bucket, creating it if needed, in one statement per row."""
    if not rows:
        return
    columns = _quoted(*key_columns, "views")
    placeholders = ", ".join(["%s"] * len(columns))
    conflict = ", ".join(columns[:-1])
    quoted = connection.ops.quote_name(table)
    # Identifiers come from model metadata, never from input; the values go as parameters.
    sql = (
        f"INSERT INTO {quoted} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET views = {quoted}.views + excluded.views"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# ---------------------------------------------------------------- the windows' running totals
#
# For each window W of SPANS, ArticleViewWindow holds, per article, the sum of its buckets from W's start
# (ArticleViewWindowStart) on: T[W, a] = Σ views[a, b] over the stored buckets b ≥ start(W). Articles at 0
# have no row. Everything that changes a bucket or a start keeps that equality, in the same transaction:
# - counts_apply adds a bucket's new views to T[W] when the bucket is ≥ start(W), holding the start rows
#   (FOR SHARE on PostgreSQL; SQLite runs one writer at a time, transaction_mode IMMEDIATE);
# - _window_move shifts start(W) to the window `_window_start` gives for now, taking off (or, when the clock
#   is behind the start, adding back) the buckets between the old and the new start, in one statement,
#   holding W's start row FOR UPDATE (so a second mover sees the new start and does nothing);
# - views_prune takes off the buckets it deletes that are still ≥ start(W), holding every start row;
# - a missing start row (a new database, a flushed one) is created with its totals summed from the buckets.
# A reader moves the start to its own now before reading, so it reads exactly the buckets ≥ _window_start.


@dataclass(frozen=True)
class _Span:
    """How one window's totals meet its buckets: UTC hours (ArticleViewHour) or local days (ArticleViewDay)."""

    window: str
    hourly: bool

    @property
    def model(self):
        return ArticleViewHour if self.hourly else ArticleViewDay

    @property
    def column(self) -> str:
        return "hour" if self.hourly else "day"

    def bucket(self, hour: datetime):
        """The bucket a UTC hour's views fall in."""
        return hour if self.hourly else _local_day(hour)

    def start(self, now: datetime):
        return _window_start(self.window, now)

    def as_instant(self, bucket) -> datetime:
        if self.hourly:
            return bucket
        return datetime.combine(bucket, day_time(), tzinfo=timezone.get_default_timezone())

    def of_instant(self, instant: datetime):
        return instant.astimezone(UTC) if self.hourly else _local_day(instant)

    def adapt(self, bucket):
        """A bucket value as the ORM stores it, for raw SQL."""
        if self.hourly:
            return connection.ops.adapt_datetimefield_value(bucket)
        return connection.ops.adapt_datefield_value(bucket)


SPANS = {window: _Span(window, hourly=window == "24h") for window in ("24h", "7d", "30d")}


def _window_add(span: _Span, lower, upper=None) -> None:
    """T[W] += the buckets in [lower, upper) (upper None: to the newest), in one statement."""
    table, bucket = _quoted(ArticleViewWindow._meta.db_table, span.model._meta.db_table)
    window_column, column = _quoted("window", span.column)
    condition, params = f"{column} >= %s", [span.window, span.adapt(lower)]
    if upper is not None:
        condition, params = f"{condition} AND {column} < %s", [*params, span.adapt(upper)]
    sql = (  # identifiers from model metadata, values as parameters
        f"INSERT INTO {table} ({window_column}, article_id, views) "  # noqa: S608
        f"SELECT %s, article_id, SUM(views) FROM {bucket} WHERE {condition} GROUP BY article_id "
        f"ON CONFLICT ({window_column}, article_id) DO UPDATE SET views = {table}.views + excluded.views"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _window_subtract(span: _Span, lower, upper) -> None:
    """T[W] -= the buckets in [lower, upper), in one statement; totals left at 0 go."""
    table, bucket = _quoted(ArticleViewWindow._meta.db_table, span.model._meta.db_table)
    window_column, column = _quoted("window", span.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET views = {table}.views - leaving.views "  # noqa: S608
            f"FROM (SELECT article_id, SUM(views) AS views FROM {bucket} WHERE {column} >= %s AND {column} < %s "
            f"GROUP BY article_id) AS leaving "
            f"WHERE {table}.{window_column} = %s AND {table}.article_id = leaving.article_id",
            [span.adapt(lower), span.adapt(upper), span.window],
        )
        cursor.execute(f"DELETE FROM {table} WHERE {window_column} = %s AND views <= 0", [span.window])  # noqa: S608


def _starts_create(now: datetime) -> None:
    """Create the missing start rows, each window's totals summed from the buckets (whoever inserts the row
    builds them; a concurrent creator waits on the row, then finds it and does nothing)."""
    table, window_column, starts_at = _quoted(ArticleViewWindowStart._meta.db_table, "window", "starts_at")
    for span in SPANS.values():
        start = span.start(now)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({window_column}, {starts_at}) VALUES (%s, %s) "  # noqa: S608
                f"ON CONFLICT ({window_column}) DO NOTHING",
                [span.window, connection.ops.adapt_datetimefield_value(span.as_instant(start))],
            )
            if cursor.rowcount == 1:
                ArticleViewWindow.objects.filter(window=span.window).delete()
                _window_add(span, start)


def _starts_held() -> dict[str, object]:
    """Each window's start (as a bucket), its row held against moves until the transaction ends."""
    table, window_column = _quoted(ArticleViewWindowStart._meta.db_table, "window")
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""  # SQLite: one writer at a time already
    sql = f"SELECT * FROM {table} ORDER BY {window_column}{lock}"  # noqa: S608
    return {row.window: SPANS[row.window].of_instant(row.starts_at) for row in ArticleViewWindowStart.objects.raw(sql)}


def _window_move(window: str, now: datetime) -> None:
    """Make the window's totals those of the window at `now`: exact and idempotent, however long since the last
    move (a catch-up is one statement), under concurrent movers, flushes and prunes."""
    span = SPANS[window]
    target = span.start(now)
    row = ArticleViewWindowStart.objects.filter(window=window).first()
    if row is not None and span.of_instant(row.starts_at) == target:
        return
    with transaction.atomic():
        row = ArticleViewWindowStart.objects.select_for_update().filter(window=window).first()
        if row is None:
            _starts_create(now)
            return
        current = span.of_instant(row.starts_at)
        if current == target:
            return  # another mover got here first
        if current < target:
            _window_subtract(span, current, target)
        else:  # a clock behind the last mover's: the buckets come back (those not pruned)
            _window_add(span, target, current)
        row.starts_at = span.as_instant(target)
        row.save(update_fields=["starts_at"])


def windows_expire(now: datetime | None = None) -> None:
    """Move every window to `now` (the flush does it after each run, so readers seldom have to)."""
    now = now or timezone.now()
    for window in SPANS:
        _window_move(window, now)


def windows_rebuild(now: datetime | None = None) -> None:
    """Sum every window's totals afresh from the buckets (migration 0012; after a bulk load of buckets)."""
    now = now or timezone.now()
    with transaction.atomic():
        list(ArticleViewWindowStart.objects.select_for_update().order_by("window"))
        ArticleViewWindowStart.objects.all().delete()
        _starts_create(now)


def counts_apply(counts: Counter) -> None:
    """Add views to the buckets and the windows' totals: `counts` maps (article_id, hour in UTC) to a number
    of views.

    Rows of articles deleted meanwhile are dropped (a buffered view may outlive its article).
    """
    if not counts:
        return
    existing = set(Article.objects.filter(pk__in={article_id for article_id, _ in counts}).values_list("pk", flat=True))
    hours: Counter = Counter()
    days: Counter = Counter()
    totals: Counter = Counter()
    for (article_id, hour), views in counts.items():
        if article_id not in existing or views <= 0:
            continue
        hours[(article_id, hour)] += views
        days[(article_id, _local_day(hour))] += views
        totals[article_id] += views
    if not hours:
        return
    # Values as the ORM itself would store them, so raw rows and ORM lookups agree (on SQLite the
    # driver's own datetime format differs from Django's).
    as_hour, as_day = connection.ops.adapt_datetimefield_value, connection.ops.adapt_datefield_value
    with transaction.atomic():
        starts = _starts_held()
        if len(starts) < len(SPANS):
            _starts_create(timezone.now())
            starts = _starts_held()
        windows: Counter = Counter()
        for (article_id, hour), views in hours.items():
            for window, span in SPANS.items():
                if span.bucket(hour) >= starts[window]:
                    windows[(window, article_id)] += views
        # Sorted: concurrent flushes take row locks in the same order and so never deadlock.
        _upsert(
            ArticleViewHour._meta.db_table,
            ("article_id", "hour"),
            [(a, as_hour(h), v) for (a, h), v in sorted(hours.items())],
        )
        _upsert(
            ArticleViewDay._meta.db_table,
            ("article_id", "day"),
            [(a, as_day(d), v) for (a, d), v in sorted(days.items())],
        )
        _upsert(ArticleViewTotal._meta.db_table, ("article_id",), sorted(totals.items()))
        _upsert(
            ArticleViewWindow._meta.db_table,
            ("window", "article_id"),
            [(window, a, v) for (window, a), v in sorted(windows.items())],
        )


# ---------------------------------------------------------------- recording


def views_redis_url() -> str:
    """Where views are buffered: their own Redis database if configured (a cache.clear() empties the
    cache's database, and unflushed views must not go with it), else the shared REDIS_URL."""
    return settings.NEWSROOM_VIEWS_REDIS_URL or settings.REDIS_URL


class _RedisGate:
    """The Redis client for buffered views, or None when Redis is not configured or recently failed."""

    def __init__(self):
        self._client = None
        self._failed_at = 0.0

    def client(self):
        url = views_redis_url()
        if not url or time.monotonic() - self._failed_at < REDIS_RETRY_AFTER_S:
            return None
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(
                url, socket_connect_timeout=0.2, socket_timeout=0.2, health_check_interval=30
            )
        return self._client

    def failed(self, error: Exception) -> None:
        logger.warning("Redis is unreachable for view counting (%s); counting in the database for now", error)
        self._failed_at = time.monotonic()

    def reset(self) -> None:
        self._client, self._failed_at = None, 0.0


redis_gate = _RedisGate()


def pending_field(article_id: int, hour: datetime) -> str:
    """The field of PENDING_KEY that buffers one article's views of one hour (the beacon's Lua script writes it too)."""
    return f"{article_id}:{_hour_bucket(hour):%Y%m%d%H}"


def view_record(article_id: int, *, at: datetime | None = None) -> None:
    """Count one view of the article (the caller has checked it is a published article and a real reader)."""
    hour = _hour_bucket(at or timezone.now())
    client = redis_gate.client()
    if client is not None:
        import redis

        try:
            client.hincrby(PENDING_KEY, pending_field(article_id, hour), 1)
            return
        except redis.RedisError as error:
            redis_gate.failed(error)
    counts_apply(Counter({(article_id, hour): 1}))


# ---------------------------------------------------------------- flushing the Redis buffer


@dataclass
class FlushReport:
    batches: int = 0
    views: int = 0
    skipped_as_done: int = 0
    locked: bool = False


def _parse_batch(raw: dict) -> Counter:
    counts: Counter = Counter()
    for field, value in raw.items():
        article_id, hour = field.decode().split(":")
        moment = datetime.strptime(hour, "%Y%m%d%H").replace(tzinfo=UTC)
        counts[(int(article_id), moment)] += int(value)
    return counts


def _flush_batch(client, key: str, report: FlushReport) -> None:
    batch_id = key.removeprefix(BATCH_PREFIX)
    counts = _parse_batch(client.hgetall(key))
    with transaction.atomic():
        # The batch is marked done in the same transaction as its counts: all or nothing.
        _, created = ViewFlushBatch.objects.get_or_create(key=batch_id)
        if created:
            counts_apply(counts)
            report.views += sum(counts.values())
            report.batches += 1
        else:
            report.skipped_as_done += 1
    # Only after the commit: a crash before this line leaves the key, and the next run skips it as done.
    client.delete(key)


def _lock_renew(client, token: str) -> None:
    # Only our own lock: one that expired meanwhile may be another flusher's.
    if client.get(LOCK_KEY) == token.encode():
        client.expire(LOCK_KEY, LOCK_SECONDS)


def views_flush(*, client=None) -> FlushReport:
    """Move buffered views from Redis into the database; safe to interrupt anywhere and to run twice."""
    client = client or redis_gate.client()
    report = FlushReport()
    if client is None:
        return report
    token = uuid.uuid4().hex
    if not client.set(LOCK_KEY, token, nx=True, ex=LOCK_SECONDS):
        report.locked = True
        return report
    try:
        # Batches a previous run renamed but did not finish come first.
        for key in sorted(k.decode() for k in client.scan_iter(match=f"{BATCH_PREFIX}*")):
            _flush_batch(client, key, report)
            _lock_renew(client, token)
        key = f"{BATCH_PREFIX}{timezone.now():%Y%m%dT%H%M%S}-{token}"
        try:
            # RENAME is atomic: views recorded from now on start a new pending hash.
            client.rename(PENDING_KEY, key)
        except Exception as error:  # redis raises ResponseError("no such key") when nothing is pending
            if "no such key" not in str(error).lower():
                raise
        else:
            _flush_batch(client, key, report)
        # The windows' hour and day edges pass here, in the background, rather than under a reader.
        windows_expire()
    finally:
        # Release only our own lock (a lock that expired meanwhile may be someone else's).
        if client.get(LOCK_KEY) == token.encode():
            client.delete(LOCK_KEY)
    return report


def views_prune(*, now: datetime | None = None) -> tuple[int, int, int]:
    """Drop day buckets older than NEWSROOM_VIEW_DAYS_KEPT, hour buckets older than
    NEWSROOM_VIEW_HOURS_KEPT and old flush records; totals stay. Returns the rows deleted of each.

    A deleted bucket still inside a window's totals is taken off them in the same transaction, so the
    totals keep matching the buckets that remain."""
    now = now or timezone.now()
    oldest_day = timezone.localtime(now).date() - timedelta(days=settings.NEWSROOM_VIEW_DAYS_KEPT)
    oldest_hour = now - timedelta(hours=settings.NEWSROOM_VIEW_HOURS_KEPT)
    with transaction.atomic():
        starts = {
            row.window: SPANS[row.window].of_instant(row.starts_at)
            for row in ArticleViewWindowStart.objects.select_for_update().order_by("window")
        }
        for window, start in starts.items():
            span = SPANS[window]
            cut = oldest_hour if span.hourly else oldest_day
            if start < cut:
                _window_subtract(span, start, cut)
        days, _ = ArticleViewDay.objects.filter(day__lt=oldest_day).delete()
        hours, _ = ArticleViewHour.objects.filter(hour__lt=oldest_hour).delete()
    batches, _ = ViewFlushBatch.objects.filter(flushed_at__lt=now - timedelta(days=7)).delete()
    return days, hours, batches


# ---------------------------------------------------------------- ranking


def _window_start(window: str, now: datetime):
    today = timezone.localtime(now).date()
    if window == "24h":
        return _hour_bucket(now) - timedelta(hours=23)
    if window == "7d":
        return today - timedelta(days=6)
    if window == "30d":
        return today - timedelta(days=29)
    raise ValueError(f"unknown window {window!r}; use one of {WINDOWS}")


def _ranked_ids(window: str, limit: int, section_id: int | None, language: str | None, now: datetime) -> list[int]:
    """Up to `limit` article ids by views in the window, best first, among articles public right now."""
    public = Article.objects.published()
    if section_id is not None:
        public = public.filter(section_id=section_id)
    if language is not None:
        public = public.filter(language=language)
    if window == "all":
        rows = ArticleViewTotal.objects.filter(article__in=public).order_by("-views", "-article_id")
        return list(rows.values_list("article_id", flat=True)[:limit])
    # The top of the index (window, views desc, article desc), each row checked against `public` by primary
    # key until `limit` are found: no sum, however large the window. The window's start comes with the rows
    # (one query): only when it is not the window of `now` (an edge passed, or no row to tell) is it moved
    # first and the rows read again.
    span = SPANS[window]
    start = ArticleViewWindowStart.objects.filter(window=window).values("starts_at")[:1]
    rows = (
        ArticleViewWindow.objects.filter(window=window, article__in=public)
        .annotate(window_starts_at=Subquery(start))
        .order_by("-views", "-article_id")
        .values_list("article_id", "window_starts_at")[:limit]
    )
    found = list(rows)
    if found:
        starts_at = found[0][1]
    else:  # nothing ranked: the start must be read on its own, to tell an empty window from a stale one
        starts_at = ArticleViewWindowStart.objects.filter(window=window).values_list("starts_at", flat=True).first()
    if starts_at is None:
        # No view was ever applied: counts_apply creates the start rows before its first one (and migration 0012
        # for buckets stored before it). Nothing ranks, and a reader's request writes nothing.
        return []
    if span.of_instant(starts_at) != span.start(now):
        _window_move(window, now)
        found = list(rows.all())  # a fresh query: `rows` keeps its first result
    return [article_id for article_id, _ in found]


def most_viewed(
    *, window: str = "7d", limit: int = 5, section_id: int | None = None, language: str | None = None
) -> list[Article]:
    """The most viewed published articles of a window ("24h", "7d", "30d", "all"), best first.

    The ranking is cached for NEWSROOM_RANKING_CACHE_SECONDS; the articles are re-read through
    `published()` every time, so one taken down (or unscheduled) leaves the box at once.
    """
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; use one of {WINDOWS}")
    key = f"newsroom:ranking:{window}:{limit}:{section_id}:{language}"
    try:
        ids = cache.get(key)
    except Exception as error:  # a broken cache must not take the box, or the page, down
        logger.warning("ranking cache unreadable: %s", error)
        ids = None
    if ids is None:
        # Over-fetched: an article taken down while the ranking is cached is skipped and the next moves up.
        ids = _ranked_ids(window, limit * 2 + 5, section_id, language, timezone.now())
        try:
            cache.set(key, ids, settings.NEWSROOM_RANKING_CACHE_SECONDS)
        except Exception as error:
            logger.warning("ranking cache unwritable: %s", error)
    # The box and the /xem-nhieu/ page show titles, sapos and photos: bodies and search columns stay in the database.
    articles = Article.objects.published().select_related("section").defer("body", *SEARCH_COLUMNS).in_bulk(ids)
    return [articles[pk] for pk in ids if pk in articles][:limit]


@dataclass(frozen=True)
class ArticleViews:
    total: int
    last_7_days: int
    last_30_days: int


def article_views(article_id: int) -> ArticleViews:
    now = timezone.now()
    days = ArticleViewDay.objects.filter(article_id=article_id, day__gte=_window_start("30d", now))
    sums = days.aggregate(last_30=Sum("views"), last_7=Sum("views", filter=Q(day__gte=_window_start("7d", now))))
    total = ArticleViewTotal.objects.filter(article_id=article_id).values_list("views", flat=True).first() or 0
    return ArticleViews(total=total, last_7_days=sums["last_7"] or 0, last_30_days=sums["last_30"] or 0)


def with_view_counts(articles: QuerySet) -> QuerySet:
    """Articles annotated with `views_total_count` and `views_7_days_count` (the same 7 days as article_views), as
    two subqueries of the list's one query: no query per row, whatever the page size (the admin's list)."""
    total = ArticleViewTotal.objects.filter(article=OuterRef("pk")).values("views")[:1]
    week = (
        ArticleViewDay.objects.filter(article=OuterRef("pk"), day__gte=_window_start("7d", timezone.now()))
        .order_by()
        .values("article")
        .annotate(views=Sum("views"))
        .values("views")
    )
    return articles.annotate(
        views_total_count=Coalesce(Subquery(total), 0, output_field=BigIntegerField()),
        views_7_days_count=Coalesce(Subquery(week), 0, output_field=BigIntegerField()),
    )


def ids_with_views(article_ids: list[int]) -> set[int]:
    """Which of these articles have any views stored, in a total or a bucket (the demo gives views only to the rest)."""
    return (
        set(ArticleViewTotal.objects.filter(article_id__in=article_ids).values_list("article_id", flat=True))
        | set(ArticleViewDay.objects.filter(article_id__in=article_ids).values_list("article_id", flat=True).distinct())
        | set(
            ArticleViewHour.objects.filter(article_id__in=article_ids).values_list("article_id", flat=True).distinct()
        )
    )


def daily_views(article_id: int, *, days: int = 30) -> list[tuple]:
    """(day, views) for each of the last `days` days, today last, zeros included: for the admin's chart."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    found = dict(ArticleViewDay.objects.filter(article_id=article_id, day__gte=first).values_list("day", "views"))
    return [(first + timedelta(days=n), found.get(first + timedelta(days=n), 0)) for n in range(days)]
