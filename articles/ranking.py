"""Most viewed: the one place that ranks articles for readers.

Until view counting lands (the readership issue), the "Tin xem nhiều" box holds the latest
published articles; callers already go through this interface, so only this module changes then.
"""

from articles.models import Article


def most_viewed(*, language: str, limit: int = 5) -> list[Article]:
    """Up to `limit` published articles of one edition, most read first."""
    return list(
        Article.objects.published()
        .filter(language=language)
        .select_related("section")
        .order_by("-published_at", "-id")[:limit]
    )
