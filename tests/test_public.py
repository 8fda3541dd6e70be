from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import images
from articles.models import Article, Byline
from tests import caches, factories

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_with_their_lead_photo(client):
    article = factories.article(title="Khánh thành cầu Hóa An mới")
    photo = factories.photo(article, caption="Cầu Hóa An")
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert article.title in response.content.decode()
    # A rendition (metadata stripped), never the uploaded original.
    assert default_storage.url(images.rendition_name(photo.image.name, 64, "jpg")) in response.content.decode()
    assert photo.image.url not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.PUBLISHED, timedelta(days=1)),
    ],
)
def test_unpublished_articles_are_a_styled_404_and_never_listed(client, status, offset):
    marker = "Bí mật chưa đăng XYZ123"
    published_at = timezone.now() + offset if offset else None
    hidden = factories.article(title=marker, sapo=marker, status=status, published_at=published_at)
    factories.photo(hidden, caption=marker)
    factories.byline(hidden, name=marker)
    hidden.tags.add("thẻ-bí-mật")

    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 404
    page = response.content.decode()
    assert marker not in page
    assert "Không tìm thấy trang" in page
    assert 'class="site-header"' in page

    for url in (
        "/",
        hidden.section.get_absolute_url(),
        reverse("articles:tag", args=["the-bi-mat"]),
        reverse("articles:author", args=[hidden.bylines.get().author.slug]),
    ):
        response = client.get(url)
        assert marker not in response.content.decode(), url


def test_an_unknown_article_id_is_a_404(client, section):
    assert client.get(f"/{section.slug}/khong-co-bai-nay-999999/").status_code == 404
    assert client.get("/khong-co-chuyen-muc/").status_code == 404


def test_a_changed_slug_or_section_answers_301_to_the_canonical_url(client):
    article = factories.article(title="Tên cũ của bài")
    old_url = article.get_absolute_url()
    article.slug = "ten-moi-cua-bai"
    article.section = factories.section(name="Kinh tế mới", slug="kinh-te-moi")
    article.save()

    response = client.get(old_url + "?utm_source=zalo")
    assert response.status_code == 301
    assert response["Location"] == f"/kinh-te-moi/ten-moi-cua-bai-{article.pk}/?utm_source=zalo"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_article_page_prints_time_sapo_figures_bylines_and_tags(client):
    article = factories.article(
        title="Đồng Nai đón 1 triệu lượt khách",
        sapo="(ĐN) - Lượng khách tăng mạnh.",
        body="<p>Đoạn một.</p><p>Đoạn hai.</p><p>Đoạn ba.</p>",
        published_at=timezone.make_aware(timezone.datetime(2022, 9, 8, 12, 9)),
    )
    factories.photo(article, caption="Ảnh đầu bài", credit="Huy Anh", alt_text="Khách tham quan", after_paragraph=0)
    factories.photo(article, caption="Ảnh giữa bài", position=1, after_paragraph=2)
    factories.byline(article, name="Nguyệt Hà")
    factories.byline(article, name="Huy Anh", role=Byline.Role.PHOTO, position=1)
    article.tags.add("Du lịch")

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<h1 class="article__title">Đồng Nai đón 1 triệu lượt khách</h1>' in page
    assert "12:09, 08/09/2022" in page
    assert '<p class="article__sapo">(ĐN) - Lượng khách tăng mạnh.</p>' in page
    assert 'alt="Khách tham quan"' in page
    # The credit apart from the caption: its own element, shown on its own line, after a space for copied text.
    assert (
        '<figcaption><span class="photo__caption">Ảnh đầu bài</span> <small class="photo__credit">Ảnh: Huy Anh</small>'
        "</figcaption>"
    ) in page
    # Photos sit where the editor placed them: the first above the body, the second after paragraph 2.
    order = [page.index(s) for s in ("Ảnh đầu bài", "Đoạn một.", "Đoạn hai.", "Ảnh giữa bài", "Đoạn ba.")]
    assert order == sorted(order)
    assert page.index("Nguyệt Hà", page.index("<main")) > page.index("Đoạn ba.")
    assert "Du lịch" in page
    assert "Tin xem nhiều" in page


def test_the_english_switch_links_to_a_published_translation_only(client):
    vietnamese = factories.article()
    english = factories.article(language=Article.Language.ENGLISH, status=Article.Status.DRAFT)
    vietnamese.translation = english
    vietnamese.save()
    # An unpublished translation is never revealed: the switch leads to the English edition's home page.
    assert '<a class="edition-switch" href="/en/"' in client.get(vietnamese.get_absolute_url()).content.decode()

    english.status, english.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    english.save()
    page = client.get(vietnamese.get_absolute_url()).content.decode()
    assert f'href="{english.get_absolute_url()}"' in page
    english_page = client.get(english.get_absolute_url())
    assert english_page["Content-Language"] == "en"
    assert "Most viewed" in english_page.content.decode()


def test_section_pages_paginate_and_refuse_pages_past_the_end(client, section):
    for _ in range(25):
        factories.article(in_section=section)
    first = client.get(section.get_absolute_url())
    assert first.status_code == 200
    assert first.content.decode().count('class="card"') == 20
    second = client.get(section.get_absolute_url() + "?trang=2")
    assert second.content.decode().count('class="card"') == 5
    assert client.get(section.get_absolute_url() + "?trang=3").status_code == 404
    assert client.get(section.get_absolute_url() + "?trang=abc").status_code == 404


def test_public_pages_refuse_writes(client):
    article = factories.article()
    assert client.post(article.get_absolute_url()).status_code == 405
    assert client.post("/").status_code == 405


def _article_with(count: int) -> Article:
    article = factories.article(body="".join(f"<p>Đoạn {n}.</p>" for n in range(count)))
    for n in range(count):
        factories.photo(article, position=n, after_paragraph=n)
        factories.byline(article, position=n)
        article.tags.add(f"thẻ {count}-{n}")
    return article


def _queries(client, url: str) -> int:
    caches.clear_all()  # every page measured as its first reader meets it: ranking not yet cached
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_article_page_runs_the_same_queries_with_1_or_10_photos_bylines_and_tags(client):
    one, ten = _article_with(1), _article_with(10)
    assert _queries(client, one.get_absolute_url()) == _queries(client, ten.get_absolute_url())


def test_listing_pages_run_a_fixed_number_of_queries(client, section):
    factories.article(in_section=section)
    few_home, few_section = _queries(client, "/"), _queries(client, section.get_absolute_url())
    for _ in range(12):
        factories.photo(factories.article(in_section=section))
    assert _queries(client, "/") == few_home
    assert _queries(client, section.get_absolute_url()) == few_section


def test_pages_are_vietnamese_even_for_an_english_browser_until_english_is_chosen(client, staff_user):
    client.force_login(staff_user)
    admin_index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Tòa soạn" in admin_index.content.decode()
    assert client.get("/khong-co/", HTTP_ACCEPT_LANGUAGE="en").content.decode().count("Không tìm thấy trang") >= 1

    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert "Newsroom" in client.get("/admin/").content.decode()
    # A public page keeps its edition's language whatever the visitor chose for the admin.
    home = client.get("/")
    assert home["Content-Language"] == "vi"
    assert "Tin xem nhiều" in home.content.decode()


def test_public_pages_are_the_same_for_every_reader_so_a_cache_can_keep_them(client):
    article = factories.article()
    for url in ("/", article.section.get_absolute_url(), article.get_absolute_url()):
        response = client.get(url, HTTP_COOKIE="django_language=en")
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url
        assert response["Content-Language"] == "vi", url
