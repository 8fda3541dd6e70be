"""Public pages. Every query here starts from Article.objects.published(): the one definition of public.

The only exception is the two preview views at the end, which show an article in any state to staff
who may open it, or to the holder of a signed link; their pages are kept out of indexes and caches.
"""

from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles import page_cache, ranking
from articles.editions import current_edition
from articles.fragments import menu_sections
from articles.models import (
    RELATED_SIZE,  # noqa: F401 - the article page's number of related articles
    Article,
    Author,
    Correction,
    Section,
    Tag,
    bylines_prefetch,
    published_q,
    with_photos,
)
from articles.page_cache import cached_public_page
from articles.preview import preview_note, preview_token_pk, shared_preview_allowed
from articles.ranking import WINDOW_INTROS, WINDOW_LABELS
from articles.search import MAX_QUERY_CHARS, find, highlight, last_page, parse_query, snippet
from articles.workflow import can_view, holder_label

PAGE_SIZE = 20
# The home page: one lead story, the next few with photos, then the latest of each section.
HOME_TOP_SIZE = 5
HOME_SECTION_SIZE = 4
MOST_VIEWED_SIZE = 20

DEFAULT_WINDOW = "7d"


def _edition_render(request, template: str, context: dict, language: str | None = None):
    # A public page speaks its edition's language, whatever the reader's browser prefers:
    # a Vietnamese article framed in English chrome (or the reverse) would read as broken.
    language = language or current_edition()
    with translation.override(language):
        response = render(request, template, context)
    page_cache.shows_context(context, language)
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
    """The lead story, the next stories, then the latest per section, without repeats. Queries, whatever
    the number of articles, photos or sections: the top stories, the section blocks, all their photos (and,
    when their fragments are cold, the sections, the particulars and the most-viewed box)."""
    edition = current_edition()
    top = list(Article.objects.cards().filter(language=edition)[:HOME_TOP_SIZE])
    left_out = [article.pk for article in top]
    blocks = Article.objects.latest_per_section(menu_sections(), edition, left_out, HOME_SECTION_SIZE)
    with_photos([*top, *(article for block in blocks for article in block["articles"])])
    return _edition_render(
        request, "articles/home.html", {"lead": top[:1], "secondary": top[1:], "section_blocks": blocks}
    )


@cached_public_page
@require_safe
def section_detail(request, section_slug: str):
    section = get_object_or_404(Section, slug=section_slug)
    page = _page(request, Article.objects.for_listing().filter(section=section, language=current_edition()))
    return _edition_render(
        request, "articles/article_list.html", {"heading": section.display_name, "section": section, "page": page}
    )


@cached_public_page
@require_safe
def tag_detail(request, tag_slug: str):
    # A tag or author known only from unpublished work must not be revealed by its page; one known only
    # from the other edition has no page in this one.
    in_edition = Q(tagged_articles__content_object__language=current_edition())
    tag = get_object_or_404(
        Tag.objects.filter(published_q("tagged_articles__content_object__") & in_edition).distinct(), slug=tag_slug
    )
    page = _page(request, Article.objects.for_listing().filter(tags=tag, language=current_edition()))
    return _edition_render(request, "articles/article_list.html", {"heading": tag.name, "tag": tag, "page": page})


@cached_public_page
@require_safe
def author_detail(request, author_slug: str):
    in_edition = Q(bylines__article__language=current_edition())
    public_authors = Author.objects.filter(published_q("bylines__article__") & in_edition).distinct()
    author = get_object_or_404(public_authors, slug=author_slug)
    page = _page(
        request, Article.objects.for_listing().filter(bylines__author=author, language=current_edition()).distinct()
    )
    return _edition_render(
        request, "articles/article_list.html", {"heading": author.name, "author": author, "page": page}
    )


@require_safe
def search(request):
    """/tim-kiem/?q=…: published articles of the edition holding every word of the query, with or without
    diacritics, in the text or the byline, title hits first, then sapo hits, then body hits, newest first within
    each (articles/search.py); the matched words are marked in each result's title, snippet and byline. Any ?q=
    gives a normal page: it is cut, cleaned and capped before it reaches the database. The total is counted up to
    search.COUNT_CAP ("more than 1,000" past it), and the pages reach that far. Queries, whatever the results:
    the count (with the page's ids on PostgreSQL), the page of articles, their photos, their bylines, the section
    menu and the most-viewed box."""
    query = parse_query(request.GET.get("q", ""))
    page = None
    if query.terms:
        number = _search_page_number(request)
        # The body is read for the snippet of a body hit; the search copy stays in the database. The bylines
        # come along because a byline can be what matched, and the reader should see it marked.
        articles = Article.objects.for_listing().filter(language=current_edition()).prefetch_related(bylines_prefetch())
        vendor = connections[articles.db].vendor
        found = find(articles, query.terms, vendor, (number - 1) * PAGE_SIZE, PAGE_SIZE)
        # The paginator pages through what was counted (at most the cap): no query of its own.
        paginator = Paginator(range(found.reachable), PAGE_SIZE)
        try:
            paginator.validate_number(number)
        except EmptyPage as error:
            raise Http404 from error
        page = paginator.page(number)
        page.object_list = found.articles
        page.more_than = found.cap if found.capped else None
        for article in page:
            article.marked_title = highlight(article.title, query.terms)
            article.snippet = snippet(article.sapo, article.body, query.terms)
            article.marked_bylines = [highlight(byline.author.name, query.terms) for byline in article.bylines.all()]
    context = {
        "query": query.text,
        "searched": bool(query.text),
        "page": page,
        "max_query_chars": MAX_QUERY_CHARS,
        "page_query": urlencode({"q": query.text}),
    }
    return _edition_render(request, "articles/search.html", context)


def _search_page_number(request) -> int:
    """?trang= as a page number a search can reach (search.last_page), else a 404, before any query."""
    try:
        number = int(request.GET.get("trang", 1))
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if not 1 <= number <= last_page(PAGE_SIZE):
        raise Http404
    return number


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
    """The edition's most read articles: a window (?khoang=24h|7d|30d|all) and optionally a section
    (?chuyen-muc=<slug>). Plain links switch both, so the page works without JavaScript. A value the page does
    not know is a 404, not a quiet fallback. Queries: ranking (when not cached), articles, photos (and the
    sections when the menu's fragment is cold)."""
    window = request.GET.get("khoang", DEFAULT_WINDOW)
    if window not in ranking.WINDOWS:
        raise Http404
    # The menu's sections (a fragment) serve the section choices too.
    sections = menu_sections()
    chosen = None
    if "chuyen-muc" in request.GET:
        chosen = next((section for section in sections if section.slug == request.GET["chuyen-muc"]), None)
        if chosen is None:
            raise Http404
    articles = ranking.most_viewed(
        window=window,
        limit=MOST_VIEWED_SIZE,
        section_id=chosen.pk if chosen else None,
        language=current_edition(),
    )
    with_photos(articles)
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
                {
                    "label": section.display_name,
                    "url": _most_viewed_url(window, section.slug),
                    "current": section == chosen,
                }
                for section in sections
            ),
        ],
    }
    return _edition_render(request, "articles/most_viewed.html", context)


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
    around = Article.objects.around(article)
    with_photos([article, *around.related])
    return {
        "article": article,
        "section": article.section,
        "counterpart": counterpart if counterpart is not None and counterpart.is_published() else None,
        "corrections": list(article.corrections.all()),
        "updated_time": _updated_time(article),
        "related": around.related,
        "previous_article": around.previous,
        "next_article": around.next,
        "is_preview": False,
    }


@cached_public_page
@require_safe
def article_detail(request, section_slug: str, slug: str, pk: int):
    article = get_object_or_404(Article.objects.published().with_page_parts(), pk=pk)
    canonical = article.get_absolute_url()
    if request.path != canonical:
        # Old links keep working after an editor changes the slug or the section.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)
    context = _article_context(article) | {"canonical_url": request.build_absolute_uri(canonical)}
    if context["counterpart"] is not None:
        # hreflang alternates must be absolute addresses (search engines ignore relative ones).
        context["counterpart_url"] = request.build_absolute_uri(context["counterpart"].get_absolute_url())
    return _edition_render(request, "articles/article_detail.html", context, language=article.language)


@cached_public_page
@require_safe
def corrections_list(request):
    """Every correction printed under an article of the edition readers can see, newest first; a taken-down
    article's go with it."""
    corrections = (
        Correction.objects.filter(published_q("article__"), article__language=current_edition())
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
        holder = holder_label(article) if admin_url else ""
    context.update(
        {
            "is_preview": True,
            "preview_note": note,
            "preview_admin_url": admin_url,
            # Whose move it is, from the workflow table: for the desk, not for a shared link's reader.
            "preview_holder": holder,
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
    article = get_object_or_404(Article.objects.with_page_parts(), pk=pk)
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
    article = get_object_or_404(Article.objects.with_page_parts(), pk=pk)
    if not shared_preview_allowed(article):
        raise Http404
    return _preview_render(request, article)
