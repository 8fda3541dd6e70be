"""Sitemaps: /sitemap.xml indexes the sections' and the articles' sitemaps (django.contrib.sitemaps), and
/sitemap-news.xml is the Google News sitemap of the last 48 hours.

Articles come from Article.objects.published() only: a draft, a scheduled or a taken-down article is in
none of them. Times go out at +07:00 (Asia/Ho_Chi_Minh), to the second.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from articles.models import Article, Section, published_q
from articles.seo import local_time, xml_text
from articles.site_settings import masthead

NEWS_WINDOW = timedelta(hours=48)
# Google reads at most 1,000 <url> entries of a news sitemap.
NEWS_LIMIT = 1000


def _latest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return local_time(max(moments)) if moments else None


@dataclass(frozen=True)
class EditionSection:
    section: Section
    language: str
    latest: datetime | None


class SectionSitemap(Sitemap):
    """Every section page of the Vietnamese edition, and of the English edition those sections that have
    English articles; lastmod is the latest publication or edit among the edition's published articles
    in it, none for a section with nothing public yet. One query for both editions."""

    def items(self) -> list[EditionSection]:
        latest = {}
        for language, _name in settings.LANGUAGES:
            listed = published_q("articles__") & Q(articles__language=language)
            latest[f"published_{language}"] = Max("articles__published_at", filter=listed)
            latest[f"updated_{language}"] = Max("articles__updated_at", filter=listed)
        sections = Section.objects.annotate(**latest).order_by("position", "name")
        items = []
        for language, _name in settings.LANGUAGES:
            for section in sections:
                moment = _latest(getattr(section, f"published_{language}"), getattr(section, f"updated_{language}"))
                # The default edition lists every section (its menu does); the other only those it has news in.
                if moment is not None or language == settings.LANGUAGE_CODE:
                    items.append(EditionSection(section, language, moment))
        return items

    def location(self, item: EditionSection) -> str:
        with translation.override(item.language):
            return item.section.get_absolute_url()

    def lastmod(self, item: EditionSection):
        return item.latest

    def get_latest_lastmod(self):
        # Django's default gives up (None) as soon as one section has no lastmod.
        return _latest(*(item.latest for item in self.items()))


class ArticleSitemap(Sitemap):
    """Every published article of both editions. lastmod is updated_at, but never earlier than the
    publication: a scheduled article was last saved before it appeared."""

    # Pages of 10,000 URLs keep each response quick; the index lists them all (?p=2, …).
    limit = 10_000

    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("id", "slug", "language", "published_at", "updated_at", "section__slug")
            .order_by("published_at", "id")
        )

    def lastmod(self, article):
        return _latest(article.updated_at, article.published_at)

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which would load every article.
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return _latest(latest["updated"], latest["published"])


SITEMAPS = {"sections": SectionSitemap, "articles": ArticleSitemap}


@require_safe
def news_sitemap(request):
    """The Google News sitemap: articles of both editions published in the last 48 hours, newest first."""
    articles = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .select_related("section")
        .only("id", "slug", "title", "language", "published_at", "section__slug")
        .order_by("-published_at", "-id")[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": request.build_absolute_uri(article.get_absolute_url()),
            "language": article.language,
            "published": local_time(article.published_at).isoformat(),
            "title": xml_text(article.title),
        }
        for article in articles
    ]
    context = {"entries": entries, "publication": xml_text(masthead().name)}
    response = render(request, "articles/sitemap_news.xml", context, content_type="application/xml; charset=utf-8")
    # As django.contrib.sitemaps does for its own: the sitemap itself is not a page to index.
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
