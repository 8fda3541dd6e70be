"""Readers for the demo: plausible daily views of the demo articles, so "Tin xem nhiều" and the admin's
figures and chart have something to show.

Written through ranking.counts_apply, the path real views take into the hour, day and total buckets.
Only articles with no views yet receive any, so a second run adds nothing and real counts are never
touched. The numbers are drawn from a generator seeded by each article's slug: the same demo every time.
"""

import math
import random
from collections import Counter
from datetime import datetime, timedelta

from django.utils import timezone

from articles import ranking
from articles.models import Article

# Share of a day's readers in each local hour: a morning peak, lunchtime and the evening.
HOUR_WEIGHTS = (1, 0.6, 0.4, 0.3, 0.5, 1.5, 4, 6, 6, 5, 4.5, 5, 6, 5, 4, 3.5, 3.5, 4, 4.5, 5.5, 6.5, 6, 4, 2)
# Old articles get their first days (the bulk of their readers) and their recent long tail, not every day between.
LAUNCH_DAYS = 3
TAIL_DAYS = 60
# Stories the whole province reads, by position among the published articles counted from the newest.
HOT_POSITIONS = (2, 9)


def _day_counts(rng: random.Random, age_days: int, hot: bool) -> list[int]:
    """Views on each day since publication (day 0 first): a launch, then a decay to a small tail."""
    peak = rng.randint(2500, 6000) if hot else rng.randint(300, 2200)
    half_life = rng.uniform(1.2, 2.5) if not hot else rng.uniform(2.5, 4.0)
    tail = rng.randint(5, 40)
    counts = []
    for day in range(age_days + 1):
        expected = peak * math.exp(-day * math.log(2) / half_life) + tail
        counts.append(max(0, round(expected * rng.uniform(0.8, 1.2))))
    return counts


def _spread(rng: random.Random, views: int, hours: list[datetime]) -> Counter:
    """Share one day's views among its hours by the daily rhythm; returns UTC hour -> views."""
    weights = [HOUR_WEIGHTS[timezone.localtime(hour).hour] * rng.uniform(0.7, 1.3) for hour in hours]
    scale = sum(weights)
    spread: Counter = Counter()
    for hour, weight in zip(hours, weights, strict=True):
        spread[ranking._hour_bucket(hour)] += round(views * weight / scale)
    return +spread


def _article_counts(article: Article, *, now: datetime, hot: bool) -> Counter:
    rng = random.Random(article.slug)  # noqa: S311 - demo figures, not secrets
    local_now = timezone.localtime(now)
    published = timezone.localtime(article.published_at)
    age_days = (local_now.date() - published.date()).days
    per_day = _day_counts(rng, age_days, hot)
    counts: Counter = Counter()
    for day_number, views in enumerate(per_day):
        if LAUNCH_DAYS <= day_number < age_days - TAIL_DAYS:
            continue
        day = published.date() + timedelta(days=day_number)
        midnight = timezone.make_aware(datetime.combine(day, datetime.min.time()), published.tzinfo)
        # Readers come from the hour of publication on, and not later than the present hour.
        hours = [
            hour
            for hour in (midnight + timedelta(hours=n) for n in range(24))
            if hour + timedelta(hours=1) > published and hour <= local_now
        ]
        if not hours:
            continue
        if day_number == 0 or day == local_now.date():
            # A part day draws the readers of its hours only.
            views = round(views * sum(HOUR_WEIGHTS[h.hour] for h in hours) / sum(HOUR_WEIGHTS))
        for hour, number in _spread(rng, views, hours).items():
            counts[(article.pk, hour)] += number
    return counts


def seed_views(articles, *, now: datetime | None = None) -> tuple[int, int]:
    """Give each published article of `articles` with no views yet its demo readers.

    Returns (articles given views, views added).
    """
    now = now or timezone.now()
    candidates = sorted(
        (article for article in articles if article.is_published()),
        key=lambda article: (article.published_at, article.pk),
        reverse=True,
    )
    ids = [article.pk for article in candidates]
    counted = ranking.ids_with_views(ids)
    counts: Counter = Counter()
    given = 0
    for position, article in enumerate(candidates):
        if article.pk in counted:
            continue
        article_counts = _article_counts(article, now=now, hot=position in HOT_POSITIONS)
        if article_counts:
            counts.update(article_counts)
            given += 1
    ranking.counts_apply(counts)
    return given, sum(counts.values())
