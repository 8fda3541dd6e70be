from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles import ranking
from articles.models import Article
from articles.text import split_blocks
from articles.views import WINDOW_LABELS

register = template.Library()


@register.inclusion_tag("articles/includes/article_body.html")
def article_body(article: Article) -> dict:
    """The body with each photo placed after the paragraph its editor chose (0: above the body)."""
    blocks = split_blocks(article.body)
    photos_after: dict[int, list] = {}
    for photo in article.ordered_photos:
        # A photo numbered past the last paragraph closes the article rather than vanishing.
        photos_after.setdefault(min(photo.after_paragraph, len(blocks)), []).append(photo)
    items = [{"photos": photos_after.get(0, []), "html": None}]
    items += [
        {"html": mark_safe(block), "photos": photos_after.get(number, [])}  # noqa: S308 - sanitised on save
        for number, block in enumerate(blocks, start=1)
    ]
    return {"items": items}


@register.inclusion_tag("articles/includes/most_viewed.html")
def most_viewed_box(language: str = settings.LANGUAGE_CODE, limit: int = 5, window: str = "7d") -> dict:
    """The "Tin xem nhiều" box: the edition's most read articles of the window, or a plain "no figures yet".

    Never anything else in their place: latest articles shown under this heading would pass for the most read.
    Two queries at most (the ranking, when not cached, and the articles), whatever the articles.
    """
    return {
        "articles": ranking.most_viewed(window=window, language=language, limit=limit),
        "window_label": WINDOW_LABELS[window],
        # The full page ranks the Vietnamese edition; an English page's box has no page to lead to.
        "more_url": reverse("articles:most_viewed") if language == settings.LANGUAGE_CODE else "",
    }
