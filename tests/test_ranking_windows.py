"""The windows' running totals (articles/ranking.py, issue 10 item 4) against an independent sum of the buckets.

Every check sums the hour or day buckets by hand, with the window's edges written out here (the last 24 UTC
hours, the last 7 or 30 local days in Asia/Ho_Chi_Minh), and compares the whole ranking (every article, not
only the top) at hour edges, across local midnight, after a flush, a prune, a catch-up after days without a
reader, a clock running behind, and concurrent flushes and readers. Time is frozen wherever an edge matters.
"""

import importlib
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from articles import ranking
from articles.models import ArticleViewDay, ArticleViewHour, ArticleViewWindow, ArticleViewWindowStart
from tests import factories
from tests.concurrency import run_threads

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: concurrent writers from many connections (SQLite runs one writer at a time)",
)


def local(year, month, day, hour=0, minute=0, second=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HCM)


def independent_sums(window: str, now: datetime) -> dict[int, int]:
    """Views per article in the window at `now`, summed from the buckets, edges written out by hand."""
    if window == "24h":
        first_hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=23)
        rows = ArticleViewHour.objects.filter(hour__gte=first_hour)
    else:
        first_day = now.astimezone(HCM).date() - timedelta(days={"7d": 6, "30d": 29}[window])
        rows = ArticleViewDay.objects.filter(day__gte=first_day)
    sums = rows.values("article_id").annotate(total=Sum("views")).values_list("article_id", "total")
    return {article_id: total for article_id, total in sums if total}


def independent_ranking(window: str, now: datetime) -> list[int]:
    sums = independent_sums(window, now)
    return sorted(sums, key=lambda article_id: (-sums[article_id], -article_id))


def stored_totals(window: str) -> dict[int, int]:
    return dict(ArticleViewWindow.objects.filter(window=window).values_list("article_id", "views"))


def assert_exact(now: datetime) -> None:
    """The app's whole ranking and its stored totals equal the independent sums, for every window."""
    for window in ranking.SPANS:
        ranked = ranking._ranked_ids(window, 1000, None, None, now)
        assert ranked == independent_ranking(window, now), (window, now)
        assert stored_totals(window) == independent_sums(window, now), (window, now)


def views_at(article, moment: datetime, views: int = 1) -> None:
    ranking.counts_apply(Counter({(article.pk, moment.astimezone(UTC).replace(minute=0, second=0)): views}))


@pytest.fixture
def articles(db):
    long_ago = local(2025, 12, 1, 8)
    return [factories.article(published_at=long_ago) for _ in range(6)]


def spread_views(articles, around: datetime, *, hours: int = 24 * 35, seed: int = 7) -> None:
    """Views every hour for `hours` hours before `around` (and a few after), different per article."""
    chance = random.Random(seed)
    counts: Counter = Counter()
    for n in range(-6, hours):
        hour = (around - timedelta(hours=n)).astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        for article in chance.sample(articles, 3):
            counts[(article.pk, hour)] += chance.randint(1, 9)
    ranking.counts_apply(counts)


@pytest.mark.django_db
def test_the_totals_match_the_buckets_at_every_hour_edge_and_across_local_midnight(articles):
    midnight = local(2026, 3, 11)
    with time_machine.travel(midnight - timedelta(hours=30), tick=False):
        spread_views(articles, midnight + timedelta(hours=6))
    for moment in (
        midnight - timedelta(hours=2, seconds=1),
        midnight - timedelta(hours=1),
        midnight - timedelta(seconds=1),  # 23:59:59, the old local day
        midnight,  # 00:00:00, a new day: the 7- and 30-day windows each lose a day
        midnight + timedelta(seconds=1),
        midnight + timedelta(minutes=59, seconds=59),
        midnight + timedelta(hours=1),  # an hour edge: the 24-hour window loses an hour
        midnight + timedelta(hours=5, minutes=30),
    ):
        with time_machine.travel(moment, tick=False):
            assert_exact(moment)


@pytest.mark.django_db
def test_views_applied_on_either_side_of_an_edge_land_in_the_right_windows(articles):
    first, second, *_ = articles
    with time_machine.travel(local(2026, 3, 10, 23, 59, 59), tick=False):
        views_at(first, local(2026, 3, 4, 12), 5)  # the oldest day of the 7 until midnight
        views_at(second, local(2026, 3, 10, 23, 30), 3)
        assert_exact(local(2026, 3, 10, 23, 59, 59))
    with time_machine.travel(local(2026, 3, 11, 0, 0, 1), tick=False):
        assert ranking._ranked_ids("7d", 10, None, None, local(2026, 3, 11, 0, 0, 1)) == [second.pk]
        # A late batch for an hour already outside the 24-hour and 7-day windows: only the 30 days take it.
        views_at(first, local(2026, 3, 4, 13), 2)
        views_at(second, local(2026, 3, 11, 0, 0), 1)
        assert stored_totals("30d") == {first.pk: 7, second.pk: 4}
        assert stored_totals("7d") == {second.pk: 4}
        assert_exact(local(2026, 3, 11, 0, 0, 1))


@pytest.mark.django_db
def test_a_catch_up_after_days_without_a_reader_is_exact(articles):
    start = local(2026, 3, 10, 15)
    with time_machine.travel(start, tick=False):
        spread_views(articles, start)
        assert_exact(start)
    for later in (start + timedelta(days=3, hours=5), start + timedelta(days=12), start + timedelta(days=45)):
        with time_machine.travel(later, tick=False):
            assert_exact(later)
    assert stored_totals("30d") == {}  # 45 days on, every bucket has left every window


@pytest.mark.django_db
def test_moving_twice_changes_nothing_and_a_clock_behind_gets_its_own_window(articles):
    now = local(2026, 3, 10, 15, 20)
    with time_machine.travel(now, tick=False):
        spread_views(articles, now)
    later = now + timedelta(days=2, hours=3)
    ranking.windows_expire(later)
    moved = {window: stored_totals(window) for window in ranking.SPANS}
    with CaptureQueriesContext(connection) as queries:
        ranking.windows_expire(later)
    assert len(queries) == len(ranking.SPANS)  # one look at each start, no write
    assert {window: stored_totals(window) for window in ranking.SPANS} == moved
    assert_exact(later)
    assert_exact(now)  # a reader whose clock is behind: the buckets come back
    assert_exact(later)


@pytest.mark.django_db
def test_prune_keeps_the_totals_equal_to_the_buckets_that_remain(articles, settings):
    now = local(2026, 3, 10, 15)
    with time_machine.travel(now, tick=False):
        spread_views(articles, now)
        assert_exact(now)
    # Nobody read for three weeks; meanwhile the prune drops buckets the windows' totals still hold.
    settings.NEWSROOM_VIEW_DAYS_KEPT, settings.NEWSROOM_VIEW_HOURS_KEPT = 25, 6
    later = now + timedelta(days=21)
    assert ranking.views_prune(now=later)[:2] != (0, 0)
    assert ArticleViewDay.objects.exists() and stored_totals("30d")
    assert_exact(later)
    assert_exact(now)  # earlier again: only what the prune left comes back
    settings.NEWSROOM_VIEW_DAYS_KEPT, settings.NEWSROOM_VIEW_HOURS_KEPT = 180, 72
    assert ranking.views_prune(now=later)[:2] == (0, 0)
    assert_exact(later)


@pytest.mark.django_db
def test_the_starts_are_rebuilt_from_the_buckets_when_missing(articles):
    now = local(2026, 3, 10, 15)
    with time_machine.travel(now, tick=False):
        spread_views(articles, now)
        ArticleViewWindowStart.objects.all().delete()
        ArticleViewWindow.objects.all().delete()
        views_at(articles[0], now, 4)  # finds no start: builds each window from the buckets, then adds
        assert_exact(now)
        ArticleViewWindowStart.objects.all().delete()
        views_at(articles[1], now, 1)  # the next view rebuilds them (a reader, finding none, writes nothing)
        assert_exact(now)
        ranking.windows_rebuild(now)
        assert_exact(now)


@pytest.mark.django_db
def test_the_migration_builds_the_totals_from_the_buckets_already_stored(articles):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0012_ranking_window_totals")
    now = local(2026, 3, 10, 15)
    with time_machine.travel(now, tick=False):
        spread_views(articles, now)
        ArticleViewWindowStart.objects.all().delete()  # as before the migration: buckets, no totals
        ArticleViewWindow.objects.all().delete()
        migration.build_totals(apps, None)
        assert ArticleViewWindowStart.objects.count() == len(ranking.SPANS)
        assert_exact(now)


@pytest.mark.django_db
def test_a_deleted_article_leaves_the_windows(articles):
    now = local(2026, 3, 10, 15)
    with time_machine.travel(now, tick=False):
        spread_views(articles, now)
        articles[0].delete()
        assert_exact(now)


@pytest.mark.django_db
def test_a_warm_ranking_is_one_query_whatever_the_window(articles):
    now = local(2026, 3, 10, 15)
    with time_machine.travel(now, tick=False):
        spread_views(articles, now)
        for window in ranking.SPANS:
            ranking._ranked_ids(window, 10, None, None, now)
            with CaptureQueriesContext(connection) as queries:
                ranking._ranked_ids(window, 10, None, "vi", now)
            assert len(queries) == 1, window  # the top of its index, the window's start with it
            assert "SUM(" not in queries[-1]["sql"].upper()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_flushes_and_readers_across_an_edge_stay_exact():
    # A transactional test starts from a flushed database: no start rows, which the first writer creates.
    articles = [factories.article(published_at=local(2025, 12, 1, 8)) for _ in range(4)]
    edge = local(2026, 3, 11)  # local midnight: every window moves at once
    hours = [(edge + timedelta(hours=n)).astimezone(UTC) for n in (-200, -25, -24, -23, -1, 0, 1)]

    def worker(index):
        chance = random.Random(index)
        for _ in range(30):
            if index % 3 == 0:  # a reader, its clock on either side of the edge
                ranking.windows_expire(edge + timedelta(seconds=chance.choice((-1, 0, 1, 3600))))
            else:  # a flush of a batch of views, some of them for hours already leaving a window
                counts = Counter({(chance.choice(articles).pk, chance.choice(hours)): chance.randint(1, 5)})
                ranking.counts_apply(counts)

    with time_machine.travel(edge - timedelta(seconds=1), tick=False):
        ranking.counts_apply(Counter({(articles[0].pk, hours[0]): 1}))
    assert run_threads(9, worker) == []
    for moment in (edge - timedelta(seconds=1), edge + timedelta(hours=2), edge + timedelta(days=8)):
        with time_machine.travel(moment, tick=False):
            assert_exact(moment)


@pytest.mark.django_db
def test_reading_before_any_view_writes_nothing_and_ranks_nothing(articles):
    # A new paper's pages are read long before its first view: a reader's request must not write.
    with time_machine.travel(local(2026, 3, 10, 15), tick=False):
        ArticleViewWindowStart.objects.all().delete()
        for window in ranking.WINDOWS:
            with CaptureQueriesContext(connection) as context:
                assert ranking.most_viewed(window=window, language="vi") == []
            assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in context.captured_queries)
        assert not ArticleViewWindowStart.objects.exists()
