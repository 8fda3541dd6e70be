from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import page_cache, page_tags, ranking
from articles.editions import current_edition, other_edition, other_edition_url
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
    # The first photo, when it stands above the body or after its first paragraph, is on the reader's first
    # screen and usually the page's largest element: fetched first and never lazily. Every other one waits.
    early = photos_after.get(0) or photos_after.get(1) or [None]
    return {"items": items, "first_photo": early[0]}


@register.inclusion_tag("articles/includes/most_viewed.html")
def most_viewed_box(language: str | None = None, limit: int = 5, window: str = "7d") -> dict:
    """The "Tin xem nhiều" box: the edition's most read articles of the window, or a plain "no figures yet".

    Never anything else in their place: latest articles shown under this heading would pass for the most read.
    Two queries at most (the ranking, when not cached, and the articles), whatever the articles.
    """
    language = language or current_edition()
    with translation.override(language):
        more_url = reverse("articles:most_viewed")
    articles = ranking.most_viewed(window=window, language=language, limit=limit)
    page_cache.shows(*page_tags.links(articles))  # a taken-down article leaves every page showing the box
    return {
        "articles": articles,
        "window_label": WINDOW_LABELS[window],
        "more_url": more_url,
    }


@register.inclusion_tag("articles/includes/edition_switch.html", takes_context=True)
def edition_switch(context, page_exists: bool = True) -> dict:
    """The seed's `En` link (`Vi` in the English edition); see editions.other_edition_url for where it leads."""
    other = other_edition()
    return {
        "url": other_edition_url(context["request"], context.get("counterpart"), page_exists=page_exists),
        "language": other,
        "label": other.capitalize(),
        "name": translation.get_language_info(other)["name_local"],
    }
