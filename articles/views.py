"""Public pages. Every query here starts from Article.objects.published(): the one definition of public."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_safe

from articles.models import Article, Author, Byline, Section, Tag, published_q

PAGE_SIZE = 20
HOME_SIZE = 13


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


@require_safe
def home(request):
    articles = list(Article.objects.for_listing().filter(language=settings.LANGUAGE_CODE)[:HOME_SIZE])
    return _edition_render(request, "articles/home.html", {"lead": articles[:1], "articles": articles[1:]})


@require_safe
def section_detail(request, section_slug: str):
    section = get_object_or_404(Section, slug=section_slug)
    page = _page(request, Article.objects.for_listing().filter(section=section, language=settings.LANGUAGE_CODE))
    return _edition_render(
        request, "articles/article_list.html", {"heading": section.name, "section": section, "page": page}
    )


@require_safe
def tag_detail(request, tag_slug: str):
    # A tag or author known only from unpublished work must not be revealed by its page.
    tag = get_object_or_404(
        Tag.objects.filter(published_q("tagged_articles__content_object__")).distinct(), slug=tag_slug
    )
    page = _page(request, Article.objects.for_listing().filter(tags=tag))
    return _edition_render(request, "articles/article_list.html", {"heading": tag.name, "tag": tag, "page": page})


@require_safe
def author_detail(request, author_slug: str):
    public_authors = Author.objects.filter(published_q("bylines__article__")).distinct()
    author = get_object_or_404(public_authors, slug=author_slug)
    page = _page(request, Article.objects.for_listing().filter(bylines__author=author).distinct())
    return _edition_render(
        request, "articles/article_list.html", {"heading": author.name, "author": author, "page": page}
    )


@require_safe
def article_detail(request, section_slug: str, slug: str, pk: int):
    bylines = Byline.objects.select_related("author").order_by("position", "id")
    article = get_object_or_404(
        Article.objects.published()
        .select_related("section", "translation", "translation_of")
        .prefetch_related("photos", Prefetch("bylines", queryset=bylines), "tags"),
        pk=pk,
    )
    canonical = article.get_absolute_url()
    if request.path != canonical:
        # Old links keep working after an editor changes the slug or the section.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)

    counterpart = article.counterpart
    context = {
        "article": article,
        "section": article.section,
        "counterpart": counterpart if counterpart is not None and counterpart.is_published() else None,
    }
    return _edition_render(request, "articles/article_detail.html", context, language=article.language)
