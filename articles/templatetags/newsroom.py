import functools
import hashlib

from django import template
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import page_cache, page_tags, ranking
from articles.editions import current_edition, other_edition, other_edition_url
from articles.fragments import MOST_VIEWED_BOX, kept_markup
from articles.models import Article
from articles.ranking import WINDOW_LABELS
from articles.templatetags.photos import photo_renditions
from articles.text import split_blocks

register = template.Library()


BODY_TEMPLATE = "articles/includes/article_body.html"
BOX_TEMPLATE = "articles/includes/most_viewed.html"


@functools.cache
def _templates_digest() -> str:
    """The body's templates as deployed: kept markup made by another version of them is another key."""
    sources = [get_template(name).template.source for name in (BODY_TEMPLATE, "articles/includes/figure.html")]
    return hashlib.sha256("\n".join(sources).encode()).hexdigest()


def _body_context(article: Article) -> dict:
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


@register.simple_tag
def article_body(article: Article) -> str:
    """The body with each photo placed after the paragraph its editor chose (0: above the body).

    Made once per version of what it shows (the body, each photo's fields, the language of the page, the
    templates) and then kept: splitting the body and printing each photo's renditions is most of the page's
    rendering. Not kept while a photo has no renditions yet, so the page gets them as soon as they exist."""
    photos = article.ordered_photos
    version = (
        "article-body",
        _templates_digest(),
        translation.get_language(),
        article.body,
        [(p.pk, p.image.name, p.width, p.height, p.caption, p.credit, p.alt_text, p.after_paragraph) for p in photos],
    )
    keep = all(photo_renditions(photo) is not None for photo in photos)
    markup = kept_markup(version, lambda: render_to_string(BODY_TEMPLATE, _body_context(article)), keep=keep)
    return mark_safe(markup)  # noqa: S308 - rendered by the template, which escapes


def _most_viewed_box_markup(language: str, limit: int, window: str) -> tuple[str, tuple[str, ...]]:
    """The box's markup, and the page-cache tags of the articles it links to (kept with it: a page that prints
    a kept box must still end when one of them is taken down)."""
    with translation.override(language):
        more_url = reverse("articles:most_viewed")
    articles = ranking.most_viewed(window=window, language=language, limit=limit)
    context = {
        "articles": articles,
        "window_label": WINDOW_LABELS[window],
        "more_url": more_url,
    }
    return str(render_to_string(BOX_TEMPLATE, context)), tuple(page_tags.links(articles))


@register.simple_tag
def most_viewed_box(language: str | None = None, limit: int = 5, window: str = "7d") -> str:
    """The "Tin xem nhiều" box: the edition's most read articles of the window, or a plain "no figures yet".

    Never anything else in their place: latest articles shown under this heading would pass for the most read.
    A fragment (articles/fragments.py): no query while it is kept; two at most (the ranking, when not cached,
    and the articles, without their bodies) to make it again.
    """
    language = language or current_edition()
    # "with-links": entries kept by the code before the links were kept with the markup are never read.
    variant = f"with-links:{language}:{translation.get_language()}:{window}:{limit}"
    markup, links = MOST_VIEWED_BOX.get(variant, lambda: _most_viewed_box_markup(language, limit, window))
    page_cache.shows(*links)  # a taken-down article leaves every page showing the box
    return mark_safe(markup)  # noqa: S308 - rendered by the template, which escapes


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
