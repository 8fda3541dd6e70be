"""Public pages. Every query here starts from Article.objects.published(): the one definition of public.

The only exception is the two preview views at the end, which show an article in any state to staff
who may open it, or to the holder of a signed link; their pages are kept out of indexes and caches.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles import ranking
from articles.models import Article, ArticleEvent, Author, Byline, Correction, Photo, Section, Tag, published_q
from articles.page_cache import cached_public_page
from articles.preview import preview_note, preview_token_pk, shared_preview_allowed
from articles.search import MAX_QUERY_CHARS, parse_query, search_articles
from articles.workflow import can_view

PAGE_SIZE = 20
HOME_SIZE = 13
MOST_VIEWED_SIZE = 20

# The windows of "Tin xem nhiều" as readers see them, in ranking.WINDOWS order.
WINDOW_LABELS = {"24h": _("24 hours"), "7d": _("7 days"), "30d": _("30 days"), "all": _("All time")}
WINDOW_INTROS = {
    "24h": _("The articles read most in the last 24 hours."),
    "7d": _("The articles read most in the last 7 days."),
    "30d": _("The articles read most in the last 30 days."),
    "all": _("The articles read most since they were published."),
}
DEFAULT_WINDOW = "7d"


def _edition_render(request, template: str, context: dict, language: str = settings.LANGUAGE_CODE):
    # A public page speaks its edition's language, whatever the reader's browser prefers:
    # a Vietnamese article framed in English chrome (or the reverse) would read as broken.
    with translation.override(language):
        response = render(request, template, context)
    response.headers["Content-Language"] = language
    return response


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("trang", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404 from error


@cached_public_page
@require_safe
def home(request):
    articles = list(Article.objects.for_listing().filter(language=settings.LANGUAGE_CODE)[:HOME_SIZE])
    return _edition_render(request, "articles/home.html", {"lead": articles[:1], "articles": articles[1:]})


@cached_public_page
@require_safe
def section_detail(request, section_slug: str):
    section = get_object_or_404(Section, slug=section_slug)
    page = _page(request, Article.objects.for_listing().filter(section=section, language=settings.LANGUAGE_CODE))
    return _edition_render(
        request, "articles/article_list.html", {"heading": section.name, "section": section, "page": page}
    )


@cached_public_page
@require_safe
def tag_detail(request, tag_slug: str):
    # A tag or author known only from unpublished work must not be revealed by its page.
    tag = get_object_or_404(
        Tag.objects.filter(published_q("tagged_articles__content_object__")).distinct(), slug=tag_slug
    )
    page = _page(request, Article.objects.for_listing().filter(tags=tag))
    return _edition_render(request, "articles/article_list.html", {"heading": tag.name, "tag": tag, "page": page})


@cached_public_page
@require_safe
def author_detail(request, author_slug: str):
    public_authors = Author.objects.filter(published_q("bylines__article__")).distinct()
    author = get_object_or_404(public_authors, slug=author_slug)
    page = _page(request, Article.objects.for_listing().filter(bylines__author=author).distinct())
    return _edition_render(
        request, "articles/article_list.html", {"heading": author.name, "author": author, "page": page}
    )


@require_safe
def search(request):
    """/tim-kiem/?q=…: published articles of both editions holding every word of the query, with or without
    diacritics, title hits first, then sapo hits, then body hits (articles/search.py). Any ?q= gives a normal
    page: it is cut, cleaned and capped before it reaches the database. Queries, whatever the results: the
    count, the page of articles, their photos, the section menu and the most-viewed box."""
    query = parse_query(request.GET.get("q", ""))
    page = None
    if query.terms:
        # The cards show neither the body nor the search copy: they stay in the database.
        articles = Article.objects.for_listing().defer(
            "body", "search_title", "search_sapo", "search_body", "search_vector"
        )
        page = _page(request, search_articles(articles, query.terms, connections[articles.db].vendor))
    context = {
        "query": query.text,
        "searched": bool(query.text),
        "page": page,
        "max_query_chars": MAX_QUERY_CHARS,
        "page_query": urlencode({"q": query.text}),
    }
    return _edition_render(request, "articles/search.html", context)


def _most_viewed_url(window: str, section_slug: str | None) -> str:
    # The defaults stay out of the address: /xem-nhieu/ is the page's one plain address.
    query = {}
    if window != DEFAULT_WINDOW:
        query["khoang"] = window
    if section_slug:
        query["chuyen-muc"] = section_slug
    base = reverse("articles:most_viewed")
    return f"{base}?{urlencode(query)}" if query else base


@cached_public_page
@require_safe
def most_viewed(request):
    """The Vietnamese edition's most read articles: a window (?khoang=24h|7d|30d|all) and optionally a section
    (?chuyen-muc=<slug>). Plain links switch both, so the page works without JavaScript. A value the page does
    not know is a 404, not a quiet fallback. Queries: sections, ranking (when not cached), articles, photos."""
    window = request.GET.get("khoang", DEFAULT_WINDOW)
    if window not in ranking.WINDOWS:
        raise Http404
    # One query serves both the section choices and the menu in the header (nav_sections below).
    sections = list(Section.objects.all())
    chosen = None
    if "chuyen-muc" in request.GET:
        chosen = next((section for section in sections if section.slug == request.GET["chuyen-muc"]), None)
        if chosen is None:
            raise Http404
    articles = ranking.most_viewed(
        window=window,
        limit=MOST_VIEWED_SIZE,
        section_id=chosen.pk if chosen else None,
        language=settings.LANGUAGE_CODE,
    )
    prefetch_related_objects(articles, Prefetch("photos", queryset=Photo.objects.order_by("position", "id")))
    chosen_slug = chosen.slug if chosen else None
    context = {
        "articles": articles,
        "window": window,
        "window_label": WINDOW_LABELS[window],
        "window_intro": WINDOW_INTROS[window],
        "chosen_section": chosen,
        "nav_sections": sections,
        "window_links": [
            {"label": WINDOW_LABELS[key], "url": _most_viewed_url(key, chosen_slug), "current": key == window}
            for key in ranking.WINDOWS
        ],
        "section_links": [
            {"label": _("All sections"), "url": _most_viewed_url(window, None), "current": chosen is None},
            *(
                {"label": section.name, "url": _most_viewed_url(window, section.slug), "current": section == chosen}
                for section in sections
            ),
        ],
    }
    return _edition_render(request, "articles/most_viewed.html", context)


def _with_page_parts(queryset):
    """What the article page prints, in a fixed number of queries whatever the number of photos,
    bylines, tags or corrections: related rows are prefetched, the last edit time is a subquery."""
    bylines = Byline.objects.select_related("author").order_by("position", "id")
    corrections = Correction.objects.order_by("-created_at", "-id")
    last_edit = (
        ArticleEvent.objects.filter(
            article=OuterRef("pk"),
            action__in=(ArticleEvent.Action.EDIT, ArticleEvent.Action.CORRECTION),
            created_at__gt=OuterRef("published_at"),
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        queryset.select_related("section", "translation", "translation_of")
        .prefetch_related("photos", Prefetch("bylines", queryset=bylines), "tags", Prefetch("corrections", corrections))
        .annotate(last_edited_at=Subquery(last_edit))
    )


def _updated_time(article: Article):
    """The latest correction or edit after publication, for “Updated at …”; None if there was none."""
    moments = [correction.created_at for correction in article.corrections.all()]
    if getattr(article, "last_edited_at", None):
        moments.append(article.last_edited_at)
    latest = max(moments, default=None)
    if latest is None or article.published_at is None or latest <= article.published_at:
        return None
    return latest


def _article_context(article: Article) -> dict:
    counterpart = article.counterpart
    return {
        "article": article,
        "section": article.section,
        "counterpart": counterpart if counterpart is not None and counterpart.is_published() else None,
        "corrections": list(article.corrections.all()),
        "updated_time": _updated_time(article),
        "is_preview": False,
    }


@cached_public_page
@require_safe
def article_detail(request, section_slug: str, slug: str, pk: int):
    article = get_object_or_404(_with_page_parts(Article.objects.published()), pk=pk)
    canonical = article.get_absolute_url()
    if request.path != canonical:
        # Old links keep working after an editor changes the slug or the section.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)
    return _edition_render(
        request, "articles/article_detail.html", _article_context(article), language=article.language
    )


@cached_public_page
@require_safe
def corrections_list(request):
    """Every correction printed under an article readers can see, newest first; a taken-down article's go with it."""
    corrections = (
        Correction.objects.filter(published_q("article__"))
        .select_related("article", "article__section")
        .order_by("-created_at", "-id")
    )
    return _edition_render(request, "articles/corrections_list.html", {"page": _page(request, corrections)})


def _preview_render(request, article: Article, *, admin_url: str = ""):
    """The public article page for an article in any state, marked as a preview and kept out of
    search engines, caches and view counts (`is_preview`)."""
    context = _article_context(article)
    with translation.override(article.language):
        note = preview_note(article)
    context.update(
        {
            "is_preview": True,
            "preview_note": note,
            "preview_admin_url": admin_url,
            "public_url": article.get_absolute_url() if article.is_published() else "",
        }
    )
    response = _edition_render(request, "articles/article_detail.html", context, language=article.language)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # Links in a previewed body must not hand the preview's address to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_safe
@staff_member_required
def article_preview(request, pk: int):
    """Staff preview: whoever may open the article in the admin sees it as readers will; anyone else,
    a 404 exactly like the one for a number that does not exist."""
    article = get_object_or_404(_with_page_parts(Article.objects.all()), pk=pk)
    if not can_view(request.user, article):
        raise Http404
    admin_url = reverse("admin:articles_article_change", args=[article.pk])
    return _preview_render(request, article, admin_url=admin_url)


@never_cache
@require_safe
def article_preview_shared(request, token: str):
    """A shared preview link: no login; a bad, expired or foreign token is an ordinary 404."""
    pk = preview_token_pk(token)
    if pk is None:
        raise Http404
    article = get_object_or_404(_with_page_parts(Article.objects.all()), pk=pk)
    if not shared_preview_allowed(article):
        raise Http404
    return _preview_render(request, article)
