import re
from pathlib import PurePosixPath

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from articles import feeds, seo
from articles.sitemaps import SITEMAPS, news_sitemap
from newsroom.operations import health

# What media/ may answer as what it is: the photo formats the upload accepts (articles/images.py) and their
# renditions, each with a fixed type. Anything else there is handed over as a download, never shown.
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


def serve_media(request, path: str):
    """Uploaded photos, where no web server sits in front: a developer's machine and the demo. Off in production
    (NEWSROOM_SERVE_MEDIA), where the web server answers for media/ before a request reaches Django.

    Media are never served as a page: a file that got into media/ as .html or .svg (an SVG can carry script)
    would otherwise run in the site's origin. Known photo types go out with their fixed type, anything else as
    an attachment of no particular type; nosniff (SecurityMiddleware) stops the browser from guessing better.
    The web server in front of a production site must answer media/ by the same rules (deploy/nginx).
    """
    if not settings.NEWSROOM_SERVE_MEDIA:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code != 200:  # 304 Not Modified: no body, and the type the first answer gave
        return response
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
        if response.has_header("Content-Encoding"):  # .svgz and the like: the bytes, as they are
            del response["Content-Encoding"]
    else:
        response["Content-Type"] = content_type
    return response


def favicon(request):
    """/favicon.ico, where browsers and crawlers look first, leads to the icon among the static files (its address
    there carries a hash in production, so it is never answered permanently: the icon may change)."""
    response = HttpResponseRedirect(static("favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


urlpatterns = [
    # For a load balancer: outside the editions' /en/ prefix (newsroom/operations/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", favicon, name="favicon"),
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media, name="media"),
    # The staff's second factor, before the admin's own patterns (newsroom/staff/second_factor/).
    path("admin/xac-thuc-hai-lop/", include("newsroom.staff.second_factor.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # For crawlers and feed readers. Before articles.urls: there "<section_slug>/" would take "rss/".
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_part", "template_name": "articles/sitemap_index.xml"},
        name="sitemap",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap_news"),  # before sitemap-<section>.xml, which takes any name
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap_part",
    ),
]

# The editions: Vietnamese at the root, English under /en/ (the address, not the browser, picks the edition).
urlpatterns += i18n_patterns(
    path("rss/", feeds.SiteFeed(), name="rss"),
    # Never an article's address: those end in "-<number>/".
    path("<slug:section_slug>/rss/", feeds.SectionFeed(), name="section_rss"),
    path("", include("articles.urls")),
    prefix_default_language=False,
)
