"""Readership storage and ranking (articles/ranking.py): atomic counting under concurrency, the Redis
buffer and its crash-safe flush, local-day windows, the cached ranking, pruning and the commands.

The Redis tests run against the real server at 127.0.0.1:6379 (tests/redis_db.py) and skip when it is not
there. Each test gets its own key names (the module's key constants behind a unique prefix), so two
test runs sharing that server, or another process using that database, never see each other's keys.
"""

import io
import re
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from articles import ranking
from articles.models import (
    Article,
    ArticleViewDay,
    ArticleViewHour,
    ArticleViewTotal,
    ViewFlushBatch,
)
from articles.ranking import (
    article_views,
    counts_apply,
    daily_views,
    most_viewed,
    redis_gate,
    view_record,
    views_flush,
    views_prune,
)
from articles.roles import EDITOR
from articles.workflow import transition
from tests import factories
from tests.concurrency import run_threads
from tests.redis_db import TEST_REDIS_URL

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
REDIS_TEST_URL = TEST_REDIS_URL

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: concurrent writers from many connections are what this test is about "
    "(SQLite serialises every writer behind one file lock, so it would prove nothing)",
)


def local(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HCM)


def total_of(article) -> int:
    return ArticleViewTotal.objects.filter(article_id=article.pk).values_list("views", flat=True).first() or 0


def day_views(article) -> dict:
    return dict(ArticleViewDay.objects.filter(article_id=article.pk).values_list("day", "views"))


def hour_views(article) -> dict:
    return dict(ArticleViewHour.objects.filter(article_id=article.pk).values_list("hour", "views"))


def view_rows() -> tuple[int, int, int]:
    return ArticleViewHour.objects.count(), ArticleViewDay.objects.count(), ArticleViewTotal.objects.count()


def ids(articles) -> list[int]:
    return [article.pk for article in articles]


# ---------------------------------------------------------------------------------------------------
# Redis: a real server, a key namespace per test
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def redis_buffer(settings, monkeypatch, run_redis):
    """REDIS_URL set to the real Redis (this run's database, emptied before and after), the gate reset, and this
    test's own key names."""
    namespace = f"newsroom-test:{uuid.uuid4().hex}:"
    for name in ("PENDING_KEY", "BATCH_PREFIX", "LOCK_KEY"):
        monkeypatch.setattr(ranking, name, namespace + getattr(ranking, name))
    settings.REDIS_URL = REDIS_TEST_URL
    redis_gate.reset()
    yield run_redis
    redis_gate.reset()


def pending_total(probe) -> int:
    return sum(int(value) for value in probe.hvals(ranking.PENDING_KEY))


def batch_keys(probe) -> list[bytes]:
    return list(probe.scan_iter(match=f"{ranking.BATCH_PREFIX}*"))


def test_the_key_names_do_not_overlap():
    # The flush finds leftover batches with SCAN MATCH "<BATCH_PREFIX>*": it must never match the live
    # pending hash or the lock, or a flush would count views still being written.
    for other in (ranking.PENDING_KEY, ranking.LOCK_KEY):
        assert not other.startswith(ranking.BATCH_PREFIX)
    assert not any(char in ranking.BATCH_PREFIX for char in "*?[]")


# ---------------------------------------------------------------------------------------------------
# 1. Concurrency
# ---------------------------------------------------------------------------------------------------

THREADS, PER_THREAD = 50, 20


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_thousand_concurrent_views_are_all_counted_in_postgresql():
    # A transactional test starts from a flushed database: the data migration's sections are gone too,
    # and the factory makes its own.
    article = factories.article()
    moment = datetime(2026, 6, 15, 3, 20, tzinfo=UTC)  # 10:20 in Biên Hòa

    def reader_views(_index):
        for _ in range(PER_THREAD):
            view_record(article.pk, at=moment)

    assert run_threads(THREADS, reader_views) == []
    expected = THREADS * PER_THREAD
    assert total_of(article) == expected
    assert day_views(article) == {date(2026, 6, 15): expected}
    assert hour_views(article) == {datetime(2026, 6, 15, 3, tzinfo=UTC): expected}
    assert view_rows() == (1, 1, 1)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_views_of_several_articles_do_not_deadlock_or_mix():
    # Each thread counts into all three articles, in an order of its own: the upserts must neither
    # deadlock nor put one article's views in another's row.
    articles = [factories.article() for _ in range(3)]
    moment = datetime(2026, 6, 15, 3, 20, tzinfo=UTC)

    def reader_views(index):
        order = articles[index % 3 :] + articles[: index % 3]
        for _ in range(5):
            for article in order:
                view_record(article.pk, at=moment)

    assert run_threads(20, reader_views) == []
    assert [total_of(article) for article in articles] == [100, 100, 100]
    assert [sum(day_views(article).values()) for article in articles] == [100, 100, 100]


@pytest.mark.django_db
def test_a_thousand_concurrent_views_through_redis_wait_for_the_flush(redis_buffer):
    article = factories.article()
    moment = datetime(2026, 6, 15, 3, 20, tzinfo=UTC)

    def reader_views(_index):
        for _ in range(PER_THREAD):
            view_record(article.pk, at=moment)

    assert run_threads(THREADS, reader_views) == []
    expected = THREADS * PER_THREAD
    assert redis_gate._failed_at == 0.0, "Redis failed during the test: the views went to the database"
    assert pending_total(redis_buffer) == expected
    assert view_rows() == (0, 0, 0)  # nothing in the database before a flush

    report = views_flush()
    assert (report.views, report.batches, report.locked) == (expected, 1, False)
    assert total_of(article) == expected
    assert day_views(article) == {date(2026, 6, 15): expected}
    assert hour_views(article) == {datetime(2026, 6, 15, 3, tzinfo=UTC): expected}
    assert redis_buffer.exists(ranking.PENDING_KEY) == 0
    assert batch_keys(redis_buffer) == []
    assert redis_buffer.exists(ranking.LOCK_KEY) == 0


# ---------------------------------------------------------------------------------------------------
# Recording and the Redis gate
# ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_redis_a_view_goes_straight_to_the_three_tables(settings):
    settings.REDIS_URL = ""
    article = factories.article()
    with time_machine.travel(local(2026, 6, 15, 10, 20), tick=False):
        view_record(article.pk)
        view_record(article.pk)
    assert total_of(article) == 2
    assert day_views(article) == {date(2026, 6, 15): 2}
    assert hour_views(article) == {datetime(2026, 6, 15, 3, tzinfo=UTC): 2}


@pytest.mark.django_db
def test_an_hour_bucket_is_found_by_the_orm_like_any_datetime():
    article = factories.article()
    hour = datetime(2026, 6, 15, 3, tzinfo=UTC)
    counts_apply(Counter({(article.pk, hour): 2}))
    assert ArticleViewHour.objects.filter(article=article, hour=hour).count() == 1
    assert ArticleViewHour.objects.filter(article=article, hour__lte=hour).count() == 1


@pytest.mark.django_db
def test_counts_apply_drops_deleted_articles_and_non_positive_counts():
    kept, gone = factories.article(), factories.article()
    gone_pk = gone.pk
    gone.delete()
    hour = datetime(2026, 6, 15, 3, tzinfo=UTC)
    counts_apply(Counter({(kept.pk, hour): 2, (gone_pk, hour): 5, (kept.pk, hour + timedelta(hours=1)): 0}))
    assert total_of(kept) == 2
    assert hour_views(kept) == {hour: 2}
    assert view_rows() == (1, 1, 1)


@pytest.mark.django_db
def test_a_view_buffered_in_redis_keeps_its_local_day_through_the_flush(redis_buffer):
    # The buffer stores the UTC hour; the flush must still file 23:50 in Biên Hòa under that local date.
    article = factories.article()
    with time_machine.travel(local(2026, 3, 10, 23, 50), tick=False):
        view_record(article.pk)
    with time_machine.travel(local(2026, 3, 11, 0, 10), tick=False):
        view_record(article.pk)
        views_flush()
    assert day_views(article) == {date(2026, 3, 10): 1, date(2026, 3, 11): 1}
    assert hour_views(article) == {
        datetime(2026, 3, 10, 16, tzinfo=UTC): 1,
        datetime(2026, 3, 10, 17, tzinfo=UTC): 1,
    }


# ---------------------------------------------------------------------------------------------------
# 9. Flush safety
# ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_flush_run_twice_neither_loses_nor_doubles(redis_buffer):
    first, second = factories.article(), factories.article()
    for _ in range(3):
        view_record(first.pk)
    view_record(second.pk)

    report = views_flush()
    assert (report.views, report.batches) == (4, 1)
    again = views_flush()
    assert (again.views, again.batches, again.skipped_as_done) == (0, 0, 0)
    assert (total_of(first), total_of(second)) == (3, 1)
    assert ViewFlushBatch.objects.count() == 1


@pytest.mark.django_db
def test_a_crash_after_the_commit_leaves_a_batch_the_next_flush_skips(redis_buffer, monkeypatch):
    article = factories.article()
    for _ in range(5):
        view_record(article.pk)
    client = redis_gate.client()
    real_delete = client.delete
    crashed = []

    def delete_crashing_once(*keys):
        if not crashed and any(key.startswith(ranking.BATCH_PREFIX) for key in keys):
            crashed.append(keys)
            raise redis.ConnectionError("connection lost after the commit")
        return real_delete(*keys)

    monkeypatch.setattr(client, "delete", delete_crashing_once)

    with pytest.raises(redis.ConnectionError):
        views_flush()
    # The counts and the batch's record were committed together; the batch is still in Redis.
    assert total_of(article) == 5
    assert ViewFlushBatch.objects.count() == 1
    assert len(batch_keys(redis_buffer)) == 1
    assert redis_buffer.exists(ranking.LOCK_KEY) == 0  # the lock was released on the way out

    view_record(article.pk)  # a view arriving before the next run
    report = views_flush()
    assert (report.skipped_as_done, report.batches, report.views) == (1, 1, 1)
    assert batch_keys(redis_buffer) == []
    assert total_of(article) == 6
    assert sum(day_views(article).values()) == 6
    assert sum(hour_views(article).values()) == 6


@pytest.mark.django_db
def test_a_crash_before_the_commit_leaves_nothing_in_the_database_and_the_next_flush_applies_once(
    redis_buffer, monkeypatch
):
    article = factories.article()
    for _ in range(4):
        view_record(article.pk)

    def crash(_counts):
        raise RuntimeError("the database went away mid-flush")

    monkeypatch.setattr(ranking, "counts_apply", crash)
    with pytest.raises(RuntimeError):
        views_flush()
    assert view_rows() == (0, 0, 0)
    assert ViewFlushBatch.objects.count() == 0
    [leftover] = batch_keys(redis_buffer)
    assert sum(int(value) for value in redis_buffer.hvals(leftover)) == 4
    assert redis_buffer.exists(ranking.LOCK_KEY) == 0

    monkeypatch.setattr(ranking, "counts_apply", counts_apply)
    report = views_flush()
    assert (report.batches, report.views, report.skipped_as_done) == (1, 4, 0)
    assert total_of(article) == 4
    assert batch_keys(redis_buffer) == []
    assert views_flush().views == 0
    assert total_of(article) == 4


class RenameHook:
    """The flusher's Redis client, with something happening right after its RENAME."""

    def __init__(self, client, after_rename):
        self._client, self._after_rename = client, after_rename

    def rename(self, *args, **kwargs):
        result = self._client.rename(*args, **kwargs)
        self._after_rename()
        return result

    def __getattr__(self, name):
        return getattr(self._client, name)


@pytest.mark.django_db
def test_views_recorded_while_a_flush_runs_go_to_the_next_flush(redis_buffer):
    article = factories.article()
    for _ in range(3):
        view_record(article.pk)

    def readers_meanwhile():
        for _ in range(2):
            view_record(article.pk)

    report = views_flush(client=RenameHook(redis_gate.client(), readers_meanwhile))
    assert report.views == 3
    assert total_of(article) == 3
    assert pending_total(redis_buffer) == 2  # a new pending hash, untouched by the running flush

    assert views_flush().views == 2
    assert total_of(article) == 5


@pytest.mark.django_db
def test_a_second_flusher_finds_the_lock_and_touches_nothing(redis_buffer):
    article = factories.article()
    for _ in range(3):
        view_record(article.pk)
    redis_buffer.set(ranking.LOCK_KEY, b"another-flusher", ex=300)

    report = views_flush()
    assert report.locked is True
    assert (report.views, report.batches, report.skipped_as_done) == (0, 0, 0)
    assert pending_total(redis_buffer) == 3
    assert batch_keys(redis_buffer) == []
    assert view_rows() == (0, 0, 0)
    assert ViewFlushBatch.objects.count() == 0
    assert redis_buffer.get(ranking.LOCK_KEY) == b"another-flusher"  # not released by the loser

    redis_buffer.delete(ranking.LOCK_KEY)
    assert views_flush().views == 3
    assert total_of(article) == 3


@pytest.mark.django_db
def test_the_flush_lock_expires_and_is_released_only_by_its_owner(redis_buffer):
    article = factories.article()
    view_record(article.pk)
    seen = {}

    def inspect_and_steal():
        # A crashed flusher's lock must expire by itself...
        seen["ttl"] = redis_buffer.ttl(ranking.LOCK_KEY)
        # ...and if it expired meanwhile and another flusher took it, this one must leave it alone.
        redis_buffer.set(ranking.LOCK_KEY, b"the-next-flusher")

    views_flush(client=RenameHook(redis_gate.client(), inspect_and_steal))
    assert 0 < seen["ttl"] <= 300
    assert redis_buffer.get(ranking.LOCK_KEY) == b"the-next-flusher"
    assert total_of(article) == 1


@pytest.mark.django_db
def test_a_buffered_view_of_an_article_deleted_meanwhile_is_dropped(redis_buffer):
    kept, doomed = factories.article(), factories.article()
    view_record(kept.pk)
    view_record(doomed.pk)
    view_record(doomed.pk)
    doomed_pk = doomed.pk
    doomed.delete()

    views_flush()
    assert total_of(kept) == 1
    assert not ArticleViewTotal.objects.filter(article_id=doomed_pk).exists()
    assert not ArticleViewDay.objects.filter(article_id=doomed_pk).exists()
    assert not ArticleViewHour.objects.filter(article_id=doomed_pk).exists()
    assert batch_keys(redis_buffer) == []
    assert redis_buffer.exists(ranking.PENDING_KEY) == 0


@pytest.mark.django_db
def test_flush_without_redis_does_nothing(settings):
    settings.REDIS_URL = ""
    report = views_flush()
    assert (report.views, report.batches, report.locked) == (0, 0, False)


@pytest.mark.django_db
def test_a_flush_with_nothing_pending_is_a_no_op(redis_buffer):
    report = views_flush()
    assert (report.views, report.batches, report.locked) == (0, 0, False)
    assert ViewFlushBatch.objects.count() == 0
    assert redis_buffer.exists(ranking.LOCK_KEY) == 0


# ---------------------------------------------------------------------------------------------------
# Redis unreachable (ranking level; the beacon's side is in test_beacon.py)
# ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_dead_redis_sends_views_to_the_database_and_is_left_alone_for_a_while(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    redis_gate.reset()
    article = factories.article()

    view_record(article.pk)
    assert total_of(article) == 1
    assert redis_gate._failed_at > 0
    assert redis_gate.client() is None  # within REDIS_RETRY_AFTER_S: not even tried

    view_record(article.pk)
    assert total_of(article) == 2

    redis_gate._failed_at -= ranking.REDIS_RETRY_AFTER_S + 1  # the pause is over (monotonic clock)
    assert redis_gate.client() is not None
    view_record(article.pk)  # tried again, failed again, counted in the database again
    assert total_of(article) == 3
    assert redis_gate.client() is None


# ---------------------------------------------------------------------------------------------------
# 10. Windows in Asia/Ho_Chi_Minh and the ranking
# ---------------------------------------------------------------------------------------------------


def published_long_ago(**fields) -> Article:
    return factories.article(published_at=local(2025, 12, 1, 8), **fields)


@pytest.mark.django_db
def test_views_either_side_of_local_midnight_land_in_two_local_days():
    article = published_long_ago()
    with time_machine.travel(local(2026, 3, 10, 23, 50), tick=False):
        view_record(article.pk)
    with time_machine.travel(local(2026, 3, 11, 0, 10), tick=False):
        view_record(article.pk)
    # 16:50 and 17:10 UTC are the same UTC day; the paper's days are local.
    assert day_views(article) == {date(2026, 3, 10): 1, date(2026, 3, 11): 1}
    assert total_of(article) == 2


@pytest.mark.django_db
def test_the_7_day_window_is_seven_local_days_ending_today():
    on_day_d, on_day_d1 = published_long_ago(), published_long_ago()
    with time_machine.travel(local(2026, 3, 10, 23, 50), tick=False):
        for _ in range(3):
            view_record(on_day_d.pk)
    with time_machine.travel(local(2026, 3, 11, 0, 10), tick=False):
        view_record(on_day_d1.pk)

    with time_machine.travel(local(2026, 3, 16, 23, 59), tick=False):  # D+6: D is still in
        assert ids(most_viewed(window="7d")) == [on_day_d.pk, on_day_d1.pk]
        assert article_views(on_day_d.pk).last_7_days == 3
    cache.clear()
    with time_machine.travel(local(2026, 3, 17, 0, 5), tick=False):  # D+7: D+1..D+7
        assert ids(most_viewed(window="7d")) == [on_day_d1.pk]
        assert ids(most_viewed(window="30d")) == [on_day_d.pk, on_day_d1.pk]
        assert article_views(on_day_d.pk) == ranking.ArticleViews(total=3, last_7_days=0, last_30_days=3)
        assert article_views(on_day_d1.pk) == ranking.ArticleViews(total=1, last_7_days=1, last_30_days=1)


@pytest.mark.django_db
def test_the_30_day_window_is_thirty_local_days_ending_today():
    article = published_long_ago()
    with time_machine.travel(local(2026, 3, 10, 23, 50), tick=False):
        view_record(article.pk)
    with time_machine.travel(local(2026, 4, 8, 23, 59), tick=False):  # D+29
        assert ids(most_viewed(window="30d")) == [article.pk]
    cache.clear()
    with time_machine.travel(local(2026, 4, 9, 0, 1), tick=False):  # D+30
        assert most_viewed(window="30d") == []
        assert ids(most_viewed(window="all")) == [article.pk]


@pytest.mark.django_db
def test_the_24_hour_window_is_exact_to_the_hour():
    stale, recent, fresh = published_long_ago(), published_long_ago(), published_long_ago()
    now = local(2026, 3, 20, 12, 30)
    for _ in range(10):
        view_record(stale.pk, at=now - timedelta(hours=25))
    for _ in range(2):
        view_record(recent.pk, at=now - timedelta(hours=23))
    view_record(fresh.pk, at=now - timedelta(minutes=5))

    with time_machine.travel(now, tick=False):
        assert ids(most_viewed(window="24h")) == [recent.pk, fresh.pk]
        assert ids(most_viewed(window="7d")) == [stale.pk, recent.pk, fresh.pk]


@pytest.mark.django_db
def test_all_time_ranks_by_the_running_totals(settings):
    old_hit, new_story = published_long_ago(), published_long_ago()
    with time_machine.travel(local(2026, 1, 5, 9), tick=False):
        for _ in range(5):
            view_record(old_hit.pk)
    with time_machine.travel(local(2026, 3, 20, 9), tick=False):
        view_record(new_story.pk)
        view_record(new_story.pk)
        assert ids(most_viewed(window="30d")) == [new_story.pk]
        # Every bucket pruned (through ranking, which keeps the windows' totals in step): the totals still rank.
        settings.NEWSROOM_VIEW_DAYS_KEPT = settings.NEWSROOM_VIEW_HOURS_KEPT = 0
        views_prune(now=local(2026, 3, 21, 9))
        assert view_rows() == (0, 0, 2)
        cache.clear()
        assert ids(most_viewed(window="all")) == [old_hit.pk, new_story.pk]
        assert most_viewed(window="30d") == []


@pytest.mark.django_db
@pytest.mark.parametrize("window", ["24h", "7d", "30d", "all"])
def test_ties_go_to_the_newer_article(window):
    older, newer, leader = published_long_ago(), published_long_ago(), published_long_ago()
    assert older.pk < newer.pk
    now = local(2026, 3, 20, 12, 30)
    for article, count in ((older, 2), (newer, 2), (leader, 3)):
        for _ in range(count):
            view_record(article.pk, at=now - timedelta(minutes=30))
    with time_machine.travel(now, tick=False):
        assert ids(most_viewed(window=window)) == [leader.pk, newer.pk, older.pk]
        assert ids(most_viewed(window=window, limit=2)) == [leader.pk, newer.pk]


@pytest.mark.django_db
def test_the_ranked_articles_leave_their_bodies_and_search_columns_in_the_database():
    article = published_long_ago()
    view_record(article.pk)
    (ranked,) = most_viewed(window="all")
    assert {"body", "search_body", "search_vector"} <= ranked.get_deferred_fields()
    assert ranked.title == article.title and ranked.section.slug == article.section.slug


@pytest.mark.django_db
def test_only_published_articles_are_ranked():
    public = factories.article()
    hidden = [
        factories.article(status=Article.Status.DRAFT),
        factories.article(status=Article.Status.IN_REVIEW),
        factories.article(status=Article.Status.APPROVED),
        factories.article(status=Article.Status.TAKEN_DOWN, published_at=local(2026, 1, 1)),
        factories.article(published_at=local(2099, 1, 1)),  # scheduled
    ]
    view_record(public.pk)
    for article in hidden:
        for _ in range(10):
            view_record(article.pk)  # views that should never have been counted
    for window in ranking.WINDOWS:
        assert ids(most_viewed(window=window)) == [public.pk], window


@pytest.mark.django_db
def test_public_articles_are_ranked_even_when_the_most_read_are_all_hidden():
    public = [factories.article() for _ in range(3)]
    hidden = [factories.article(status=Article.Status.TAKEN_DOWN, published_at=local(2026, 1, 1)) for _ in range(30)]
    for article in hidden:
        for _ in range(10):
            view_record(article.pk)
    for rank, article in enumerate(public, start=1):
        for _ in range(rank):
            view_record(article.pk)
    for window in ("24h", "7d", "30d"):
        assert ids(most_viewed(window=window, limit=5)) == [public[2].pk, public[1].pk, public[0].pk], window


@pytest.mark.django_db
def test_an_article_taken_down_leaves_the_cached_ranking_at_once():
    editor = factories.staff_member("bientap_xh", EDITOR)
    top, second = factories.article(), factories.article()
    for _ in range(3):
        view_record(top.pk)
    view_record(second.pk)
    assert ids(most_viewed(window="7d")) == [top.pk, second.pk]
    assert ids(most_viewed(window="all")) == [top.pk, second.pk]

    transition(top, "take_down", editor, note="Sai sự thật, gỡ theo yêu cầu của tòa soạn")
    assert cache.get("newsroom:ranking:7d:5:None:None") == [top.pk, second.pk]  # still cached...
    assert ids(most_viewed(window="7d")) == [second.pk]  # ...yet the article is gone at once
    assert ids(most_viewed(window="all")) == [second.pk]

    factories.move(second, "take_down")
    assert most_viewed(window="7d") == []


@pytest.mark.django_db
def test_the_next_article_moves_up_when_one_is_taken_down_under_a_cached_ranking():
    first, second, third = factories.article(), factories.article(), factories.article()
    for article, count in ((first, 3), (second, 2), (third, 1)):
        for _ in range(count):
            view_record(article.pk)
    assert ids(most_viewed(window="7d", limit=2)) == [first.pk, second.pk]
    factories.move(first, "take_down")
    assert ids(most_viewed(window="7d", limit=2)) == [second.pk, third.pk]


@pytest.mark.django_db
def test_the_ranking_is_cached_for_a_while():
    first, second = factories.article(), factories.article()
    view_record(first.pk)
    assert ids(most_viewed()) == [first.pk]
    for _ in range(3):
        view_record(second.pk)
    assert ids(most_viewed()) == [first.pk]  # cached
    cache.clear()
    assert ids(most_viewed()) == [second.pk, first.pk]


@pytest.mark.django_db
def test_section_and_language_filters():
    home, sport = factories.section(), factories.section()
    home_vi = factories.article(in_section=home)
    home_en = factories.article(in_section=home, language=Article.Language.ENGLISH)
    sport_vi = factories.article(in_section=sport)
    for article, count in ((home_vi, 1), (home_en, 2), (sport_vi, 3)):
        for _ in range(count):
            view_record(article.pk)
    for window in ranking.WINDOWS:
        assert ids(most_viewed(window=window)) == [sport_vi.pk, home_en.pk, home_vi.pk]
        assert ids(most_viewed(window=window, section_id=home.pk)) == [home_en.pk, home_vi.pk]
        assert ids(most_viewed(window=window, section_id=sport.pk)) == [sport_vi.pk]
        assert ids(most_viewed(window=window, language="vi")) == [sport_vi.pk, home_vi.pk]
        assert ids(most_viewed(window=window, language="en")) == [home_en.pk]
        assert ids(most_viewed(window=window, section_id=home.pk, language="vi")) == [home_vi.pk]
        assert most_viewed(window=window, section_id=sport.pk, language="en") == []


@pytest.mark.django_db
@pytest.mark.parametrize("window", ["1y", "", "7D", "24 h", None])
def test_an_unknown_window_is_refused(window):
    with pytest.raises(ValueError, match="unknown window"):
        most_viewed(window=window)


@pytest.mark.django_db
def test_daily_views_lists_every_day_with_zeros():
    article = published_long_ago()
    with time_machine.travel(local(2026, 3, 10, 23, 50), tick=False):
        view_record(article.pk)
        view_record(article.pk)
    with time_machine.travel(local(2026, 3, 12, 8), tick=False):
        view_record(article.pk)
        assert daily_views(article.pk, days=4) == [
            (date(2026, 3, 9), 0),
            (date(2026, 3, 10), 2),
            (date(2026, 3, 11), 0),
            (date(2026, 3, 12), 1),
        ]


# ---------------------------------------------------------------------------------------------------
# 11. Pruning and the commands
# ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_prune_drops_old_buckets_and_keeps_the_totals(settings):
    settings.NEWSROOM_VIEW_DAYS_KEPT = 10
    settings.NEWSROOM_VIEW_HOURS_KEPT = 48
    article = published_long_ago()
    now = local(2026, 5, 20, 12)
    for moment in (
        now - timedelta(days=11),  # day and hour bucket go
        now - timedelta(days=9),  # day bucket stays, hour bucket goes
        now - timedelta(hours=50),  # day stays, hour goes
        now - timedelta(hours=47),  # both stay
        now,
    ):
        view_record(article.pk, at=moment)
    old_batch = ViewFlushBatch.objects.create(key="old", flushed_at=now - timedelta(days=8))
    new_batch = ViewFlushBatch.objects.create(key="new", flushed_at=now - timedelta(days=6))

    assert views_prune(now=now) == (1, 3, 1)
    assert sorted(day_views(article)) == [date(2026, 5, 11), date(2026, 5, 18), date(2026, 5, 20)]
    assert sorted(hour_views(article)) == [
        (now - timedelta(hours=47)).astimezone(UTC).replace(minute=0),
        now.astimezone(UTC),
    ]
    assert total_of(article) == 5
    assert list(ViewFlushBatch.objects.values_list("pk", flat=True)) == [new_batch.pk]
    assert not ViewFlushBatch.objects.filter(pk=old_batch.pk).exists()
    assert views_prune(now=now) == (0, 0, 0)


@pytest.mark.django_db
def test_prune_keeps_the_oldest_day_of_the_window(settings):
    settings.NEWSROOM_VIEW_DAYS_KEPT = 30
    article = published_long_ago()
    view_record(article.pk, at=local(2026, 4, 20, 0, 30))  # exactly 30 local days before 20 May
    view_record(article.pk, at=local(2026, 4, 19, 23, 30))
    views_prune(now=local(2026, 5, 20, 9))
    assert day_views(article) == {date(2026, 4, 20): 1}


@pytest.mark.django_db
def test_the_prune_command_prunes_and_prints(settings):
    settings.NEWSROOM_VIEW_DAYS_KEPT = 1
    article = factories.article()
    view_record(article.pk, at=datetime.now(UTC) - timedelta(days=5))
    view_record(article.pk)
    out = io.StringIO()
    call_command("prune_views", stdout=out)
    assert "Đã xóa 1 dòng theo ngày, 1 dòng theo giờ, 0 bản ghi chuyển lô." in out.getvalue()
    assert total_of(article) == 2
    assert ArticleViewDay.objects.count() == 1


@pytest.mark.django_db
def test_the_flush_command_without_redis_says_so(settings):
    settings.REDIS_URL = ""
    out = io.StringIO()
    call_command("flush_views", stdout=out)
    assert "REDIS_URL chưa đặt" in out.getvalue()
    assert "No Redis" in out.getvalue()


@pytest.mark.django_db
def test_the_flush_command_with_redis_flushes_and_prints(redis_buffer):
    article = factories.article()
    for _ in range(3):
        view_record(article.pk)
    out = io.StringIO()
    call_command("flush_views", stdout=out)
    assert "Đã chuyển 3 lượt xem (1 lô; 0 lô đã chuyển trước đó)" in out.getvalue()
    assert "(Flushed 3 views in 1 batches.)" in out.getvalue()
    assert total_of(article) == 3

    redis_buffer.set(ranking.LOCK_KEY, b"another-flusher", ex=300)
    out = io.StringIO()
    call_command("flush_views", stdout=out)
    assert "Another flush is running." in out.getvalue()


@pytest.mark.django_db
def test_view_rows_hold_one_row_per_article_and_bucket_not_per_view():
    article = factories.article()
    for _ in range(25):
        view_record(article.pk, at=local(2026, 6, 1, 10, 15))
    assert view_rows() == (1, 1, 1)
    assert ArticleViewHour.objects.aggregate(total=Sum("views"))["total"] == 25


def test_views_can_have_a_redis_database_of_their_own(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.NEWSROOM_VIEWS_REDIS_URL = ""
    assert ranking.views_redis_url() == "redis://127.0.0.1:6379/0"
    settings.NEWSROOM_VIEWS_REDIS_URL = "redis://127.0.0.1:6379/1"
    assert ranking.views_redis_url() == "redis://127.0.0.1:6379/1"


class BatchReadHook(RenameHook):
    """The flusher's Redis client, with something happening while it reads a batch."""

    def __init__(self, client, while_reading):
        super().__init__(client, lambda: None)
        self._while_reading = while_reading

    def hgetall(self, *args, **kwargs):
        self._while_reading()
        return self._client.hgetall(*args, **kwargs)


@pytest.mark.django_db
def test_a_dead_flushers_lock_holds_the_next_run_off_for_a_minute_at_most_and_a_live_one_renews_it(redis_buffer):
    # bench/faults.sh flusher-kill: a flusher SIGKILLed mid-flush leaves its lock, and with a 300 s lock the
    # timer's next runs moved nothing for five minutes. Short-lived, so it is renewed after each batch.
    article = factories.article()
    view_record(article.pk)
    # What a flusher killed after its RENAME leaves: a batch (and its lock, expired by now).
    redis_buffer.rename(ranking.PENDING_KEY, f"{ranking.BATCH_PREFIX}20260101T000000-dead")
    view_record(article.pk)
    seen = {}

    def batch_read_slowly():
        seen.setdefault("ttl at the first batch", redis_buffer.ttl(ranking.LOCK_KEY))
        redis_buffer.expire(ranking.LOCK_KEY, 2)  # as if this batch took all but 2 s of the lock

    def after_the_leftover_batch():
        seen["ttl after it"] = redis_buffer.ttl(ranking.LOCK_KEY)

    client = BatchReadHook(redis_gate.client(), batch_read_slowly)
    client._after_rename = after_the_leftover_batch
    report = views_flush(client=client)

    assert 0 < seen["ttl at the first batch"] <= 60
    assert seen["ttl after it"] > 2  # renewed once the batch was in
    assert (report.batches, report.views) == (2, 2)
    assert total_of(article) == 2
    assert redis_buffer.exists(ranking.LOCK_KEY) == 0


def test_no_module_but_ranking_reads_the_view_tables():
    """All readership storage sits behind ranking.py: the admin's figures, the demo and the window labels ask it,
    so the storage (buckets and the windows' running totals) can change in one module. Any way in counts: the
    models, their reverse relations, the raw table names; in code and in templates."""
    root = Path(__file__).resolve().parent.parent
    models = r"ArticleView(?:Hour|Day|Total|Window|WindowStart)|ViewFlushBatch"
    ways_in = re.compile(rf"\b(?:{models})\b|\bview_(?:total|days)\b|\barticles_(?:articleview|viewflushbatch)\w*")
    allowed = {root / "articles" / "ranking.py", root / "articles" / "models.py"}
    readers = [
        str(path.relative_to(root))
        for folder in ("articles", "newsroom", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".sql"}
        and path not in allowed
        and "migrations" not in path.parts
        and ways_in.search(path.read_text())
    ]
    assert readers == []
    # And the test would see one: the pattern finds each way in.
    for sample in ("ArticleViewWindow.objects", "article.view_total.views", "FROM articles_articleviewday"):
        assert ways_in.search(sample), sample


def test_the_window_labels_live_with_the_windows():
    from articles import views
    from articles.templatetags import newsroom

    assert set(ranking.WINDOW_LABELS) == set(ranking.WINDOW_INTROS) == set(ranking.WINDOWS)
    assert views.WINDOW_LABELS is ranking.WINDOW_LABELS and newsroom.WINDOW_LABELS is ranking.WINDOW_LABELS
