"""RSS 2.0 feeds of the Vietnamese edition: the whole site (/rss/) and each section (/<section>/rss/).

Items are the latest published articles, from Article.objects.published() (through for_listing) and
nothing else: a draft, a scheduled or a taken-down article never appears. Each carries the full sapo,
the bylines, the tags and the lead photo as an enclosure; times go out at +07:00. A feed costs a fixed
number of queries whatever its items: the articles (with their sections), photos, bylines, tags,
and for a section feed the section itself.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.editions import current_edition
from articles.models import Article, Section, bylines_prefetch
from articles.seo import byline_names, local_time, photo_enclosure, xml_text
from articles.site_settings import masthead

FEED_SIZE = 30


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed covers. The Feed instance serves every request, so nothing of a request
    may be kept on it: the request travels here, from get_object() to items()."""

    request: HttpRequest
    section: Section | None = None


class PaperTimeRssFeed(Rss201rev2Feed):
    """Django writes each date in its own offset: the items' are given at +07:00, and this makes the
    channel's lastBuildDate of a feed with no items (Django's fallback: now, in UTC) +07:00 too."""

    def latest_post_date(self):
        return local_time(super().latest_post_date())


class SiteFeed(Feed):
    feed_type = PaperTimeRssFeed
    # Django's Feed then takes the active language: the edition the address names (/rss/, /en/rss/).
    language = None

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # One response for everyone, whatever the reader's browser prefers (see EditionLanguageMiddleware).
        response.headers["Content-Language"] = current_edition()
        return response

    def get_object(self, request, *args, **kwargs) -> FeedScope:
        return FeedScope(request=request)

    def title(self, scope: FeedScope) -> str:
        return xml_text(masthead().name)

    def link(self, scope: FeedScope) -> str:
        return reverse("articles:home")

    def description(self, scope: FeedScope) -> str:
        return xml_text(_("The latest news from %(site)s") % {"site": masthead().name})

    def articles(self, scope: FeedScope):
        return Article.objects.for_listing().filter(language=current_edition())

    def items(self, scope: FeedScope) -> list[Article]:
        articles = list(self.articles(scope).prefetch_related(bylines_prefetch(), "tags")[:FEED_SIZE])
        for article in articles:
            # Worked out here, where the request is at hand, for item_enclosures() which only gets the item.
            article.feed_enclosure = photo_enclosure(article.lead_photo, scope.request)
        return articles

    # RSS readers treat a title and a description as HTML: like Django's default item_title, both are
    # escaped, so a "<" in a headline or a sapo is shown, not parsed.
    def item_title(self, item: Article) -> str:
        return escape(xml_text(item.title))

    def item_description(self, item: Article) -> str:
        return escape(xml_text(item.sapo))

    def item_author_name(self, item: Article) -> str | None:
        return xml_text(", ".join(byline_names(item))) or None

    def item_pubdate(self, item: Article):
        return local_time(item.published_at)

    def item_updateddate(self, item: Article):
        return local_time(item.updated_at)

    def item_categories(self, item: Article) -> list[str]:
        return sorted(xml_text(tag.name) for tag in item.tags.all())

    def item_enclosures(self, item: Article) -> list:
        enclosure = getattr(item, "feed_enclosure", None)
        return [enclosure] if enclosure else []


class SectionFeed(SiteFeed):
    def get_object(self, request, section_slug: str, *args, **kwargs) -> FeedScope:
        # Section.DoesNotExist is a 404 (Feed.__call__).
        return FeedScope(request=request, section=Section.objects.get(slug=section_slug))

    def title(self, scope: FeedScope) -> str:
        return xml_text(f"{masthead().name} - {scope.section.display_name}")

    def link(self, scope: FeedScope) -> str:
        return scope.section.get_absolute_url()

    def description(self, scope: FeedScope) -> str:
        text = _("The latest news of the %(section)s section from %(site)s") % {
            "section": scope.section.display_name,
            "site": masthead().name,
        }
        return xml_text(text)

    def articles(self, scope: FeedScope):
        return super().articles(scope).filter(section=scope.section)
