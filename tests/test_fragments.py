"""The parts every page prints, kept apart from the pages (articles/fragments.py): the section menu, the
"Tin xem nhiều" box and the article body's markup. Each is served from the cache while what it shows is
unchanged, and never once it has changed. (The paper's particulars: tests/test_site_settings.py.)"""

import re
from collections import Counter
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import fragments
from articles.models import Article, Photo, Section
from articles.ranking import counts_apply
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_afternoon")]


def _menu(page: str) -> list[str]:
    nav = page[page.index('<nav class="sections-nav"') : page.index("</nav>")]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def _box(page: str) -> list[str]:
    box = page[page.index('<aside class="most-viewed"') : page.index("</aside>")]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', box)


def _read(*articles: Article) -> None:
    hour = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    counts_apply(Counter({(article.pk, hour): 10 * (n + 1) for n, article in enumerate(articles)}))


def _sql(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def test_the_menu_is_kept_and_follows_every_change_of_a_section(client):
    factories.section(name="Mục thử một", slug="muc-thu-mot")
    assert "Mục thử một" in _menu(client.get("/").content.decode())
    assert not any(sql.startswith('SELECT "articles_section"') for sql in _sql(client, "/"))  # kept

    factories.section(name="Mục thử hai", slug="muc-thu-hai")
    assert {"Mục thử một", "Mục thử hai"} <= set(_menu(client.get("/").content.decode()))
    section = Section.objects.get(slug="muc-thu-mot")
    section.name, section.position = "Mục thử đổi tên", 999
    section.save()
    menu = _menu(client.get("/").content.decode())
    assert menu[-1] == "Mục thử đổi tên" and "Mục thử một" not in menu
    Section.objects.get(slug="muc-thu-hai").delete()
    assert "Mục thử hai" not in _menu(client.get("/").content.decode())


def test_the_box_is_kept_without_any_query_and_never_loads_bodies(client):
    articles = [factories.article(title=f"Được đọc {n}") for n in range(3)]
    _read(*articles)
    made = _sql(client, "/")
    box_queries = [sql for sql in made if "articles_article" in sql and "IN (" in sql and "LIMIT" not in sql]
    assert box_queries and not any('"articles_article"."body"' in sql for sql in box_queries)
    kept = _sql(client, "/")
    assert len(kept) == len(made) - 4  # the menu, the particulars, the ranking and the box's articles
    assert _box(client.get("/").content.decode()) == ["Được đọc 2", "Được đọc 1", "Được đọc 0"]


def test_an_article_taken_down_leaves_the_box_at_once(client):
    articles = [factories.article(title=f"Được đọc {n}") for n in range(3)]
    _read(*articles)
    assert "Được đọc 2" in _box(client.get("/").content.decode())

    factories.move(articles[2], "take_down", note="Sai sự thật")
    articles[2].refresh_from_db()
    assert articles[2].status == Article.Status.TAKEN_DOWN

    page = client.get("/").content.decode()
    assert _box(page) == ["Được đọc 1", "Được đọc 0"]
    assert "Được đọc 2" not in page


def test_a_title_edited_shows_in_the_box_at_once(client):
    article = factories.article(title="Tiêu đề cũ")
    _read(article)
    assert _box(client.get("/").content.decode()) == ["Tiêu đề cũ"]
    article.title = "Tiêu đề mới"
    article.save()
    assert _box(client.get("/").content.decode()) == ["Tiêu đề mới"]


def test_a_copy_made_while_its_data_changes_is_never_served():
    """The token is read before the data: a copy made from data read before a change is made again."""
    made = []

    def make_during_a_change():
        made.append(1)
        fragments.MENU.drop()  # another request's change commits while this copy is being made
        return ["old"]

    assert fragments.MENU.get("test", make_during_a_change) == ["old"]
    assert fragments.MENU.get("test", lambda: ["new"]) == ["new"]
    assert fragments.MENU.get("test", lambda: ["never made"]) == ["new"]


def test_a_drop_is_done_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    fragments.MOST_VIEWED_BOX.get("test", lambda: "before")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fragments.MOST_VIEWED_BOX.drop()
    # A reader between the change and its commit reads the old rows and keeps them...
    assert fragments.MOST_VIEWED_BOX.get("test", lambda: "read before the commit") == "read before the commit"
    for callback in callbacks:
        callback()
    # ...and the commit ends that copy too.
    assert fragments.MOST_VIEWED_BOX.get("test", lambda: "after") == "after"


def test_a_broken_cache_costs_the_queries_not_the_page(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    factories.section(name="Mục thử một", slug="muc-thu-mot")
    page = client.get("/").content.decode()
    assert "Mục thử một" in _menu(page) and 'class="most-viewed"' in page


def test_the_body_is_kept_per_version_of_its_text_and_photos(client):
    article = factories.article(title="Bài có ảnh", body="<p>Đoạn một.</p><p>Đoạn hai.</p>")
    photo = factories.photo(article, caption="Chú thích cũ", after_paragraph=1)
    url = article.get_absolute_url()
    first = client.get(url).content.decode()
    assert client.get(url).content.decode() == first and "Chú thích cũ" in first

    Photo.objects.filter(pk=photo.pk).update(caption="Chú thích mới")  # no signal, no save: still seen
    assert "Chú thích mới" in client.get(url).content.decode()
    Article.objects.filter(pk=article.pk).update(body="<p>Đoạn đã sửa.</p>")
    page = client.get(url).content.decode()
    assert "Đoạn đã sửa." in page and "Đoạn hai." not in page
