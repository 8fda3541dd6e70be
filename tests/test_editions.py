"""The two editions: Vietnamese at the root, English under /en/; the address decides; the `En` switch links them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_afternoon")]

ENGLISH = Article.Language.ENGLISH


@pytest.fixture
def politics():
    section = factories.section(name="Chính trị nội", slug="chinh-tri-noi")
    section.name_en = "Home politics"
    section.save()
    return section


def switch(page: str) -> tuple[str, str]:
    """(href, label) of the edition switch in the page's header."""
    found = re.search(r'<a class="edition-switch" href="([^"]*)"[^>]*>(\w+)</a>', page)
    assert found, "no edition switch"
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_each_home_page_lists_its_own_edition_in_its_own_language(client):
    english = factories.article(title="Bien Hoa opens a riverside park", language=ENGLISH)
    vietnamese = factories.article(title="Biên Hòa khánh thành công viên ven sông")

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = home.content.decode()
    assert home["Content-Language"] == "vi" and '<html lang="vi">' in page
    assert vietnamese.title in page and english.title not in page

    english_home = client.get("/en/")
    page = english_home.content.decode()
    assert english_home["Content-Language"] == "en" and '<html lang="en">' in page
    assert english.title in page and vietnamese.title not in page
    assert "Search articles" in page and "Most viewed" in page
    assert "Vary" not in english_home or "Cookie" not in english_home["Vary"]


def test_an_article_lives_in_its_own_edition_and_other_addresses_redirect_there(client, politics):
    english = factories.article(title="Provincial council meets", language=ENGLISH, in_section=politics)
    vietnamese = factories.article(title="Hội đồng nhân dân họp", in_section=politics)

    assert english.get_absolute_url() == f"/en/chinh-tri-noi/{english.slug}-{english.pk}/"
    assert vietnamese.get_absolute_url() == f"/chinh-tri-noi/{vietnamese.slug}-{vietnamese.pk}/"
    response = client.get(f"/chinh-tri-noi/{english.slug}-{english.pk}/")
    assert response.status_code == 301 and response["Location"] == english.get_absolute_url()
    response = client.get(f"/en/chinh-tri-noi/{vietnamese.slug}-{vietnamese.pk}/")
    assert response.status_code == 301 and response["Location"] == vietnamese.get_absolute_url()

    page = client.get(english.get_absolute_url())
    assert page["Content-Language"] == "en"
    assert "Home politics" in page.content.decode()


def test_section_pages_show_the_edition_s_articles_under_the_edition_s_section_name(client, politics):
    english = factories.article(title="Council approves the budget", language=ENGLISH, in_section=politics)
    vietnamese = factories.article(title="Hội đồng thông qua ngân sách", in_section=politics)

    page = client.get("/en/chinh-tri-noi/").content.decode()
    assert english.title in page and vietnamese.title not in page
    assert "<h1" in page and "Home politics" in page and "Chính trị nội" not in page
    page = client.get("/chinh-tri-noi/").content.decode()
    assert vietnamese.title in page and english.title not in page and "Chính trị nội" in page


def test_a_section_without_an_english_name_keeps_its_name(client):
    section = factories.section(name="Đô thị mới", slug="do-thi-moi")
    factories.article(language=ENGLISH, in_section=section)
    assert "Đô thị mới" in client.get("/en/do-thi-moi/").content.decode()


def test_the_switch_leads_to_the_same_page_in_the_other_edition_where_there_is_one(client, politics):
    factories.article(in_section=politics)
    assert switch(client.get("/").content.decode()) == ("/en/", "En")
    assert switch(client.get("/en/").content.decode()) == ("/", "Vi")
    assert switch(client.get("/chinh-tri-noi/").content.decode()) == ("/en/chinh-tri-noi/", "En")
    # The query goes along; a page number does not (the English edition is smaller).
    href, _label = switch(client.get("/tim-kiem/", {"q": "dong nai", "trang": "1"}).content.decode())
    assert href == "/en/tim-kiem/?q=dong+nai"
    assert switch(client.get("/xem-nhieu/", {"khoang": "30d"}).content.decode()) == ("/en/xem-nhieu/?khoang=30d", "En")
    # A missing page offers the other edition's home.
    assert switch(client.get("/en/khong-co-trang-nay/").content.decode()) == ("/", "Vi")


def test_tag_and_author_pages_exist_in_an_edition_only_with_its_articles(client):
    vietnamese = factories.article()
    vietnamese.tags.add("Cầu Hóa An")
    byline = factories.byline(vietnamese, name="Nguyệt Hà")
    assert client.get("/the/cau-hoa-an/").status_code == 200
    assert client.get(f"/tac-gia/{byline.author.slug}/").status_code == 200
    assert client.get("/en/the/cau-hoa-an/").status_code == 404
    assert client.get(f"/en/tac-gia/{byline.author.slug}/").status_code == 404
    # And their switch never leads to such a page: it goes home.
    assert switch(client.get("/the/cau-hoa-an/").content.decode()) == ("/en/", "En")

    english = factories.article(language=ENGLISH)
    english.tags.add("Cầu Hóa An")
    page = client.get("/en/the/cau-hoa-an/").content.decode()
    assert english.title in page and vietnamese.title not in page


def test_an_article_s_switch_leads_to_its_published_translation_in_both_directions(client):
    vietnamese = factories.article(title="Tiếp tục phối hợp lãnh đạo")
    english = factories.article(
        title="Continuing to coordinate leadership", language=ENGLISH, status=Article.Status.DRAFT
    )
    vietnamese.translation = english
    vietnamese.save()
    # The draft translation is not revealed.
    page = client.get(vietnamese.get_absolute_url()).content.decode()
    assert switch(page) == ("/en/", "En")
    assert english.slug not in page

    english.status, english.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=5)
    english.save()
    page = client.get(vietnamese.get_absolute_url()).content.decode()
    assert switch(page) == (english.get_absolute_url(), "En")
    # Absolute addresses, as search engines require, for both editions.
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{english.get_absolute_url()}">' in page
    assert f'<link rel="alternate" hreflang="vi" href="http://testserver{vietnamese.get_absolute_url()}">' in page
    assert switch(client.get(english.get_absolute_url()).content.decode()) == (vietnamese.get_absolute_url(), "Vi")


def test_each_edition_has_its_own_feed(client):
    english = factories.article(title="Dong Nai exports rise", language=ENGLISH)
    vietnamese = factories.article(title="Xuất khẩu Đồng Nai tăng")

    feed = client.get("/en/rss/")
    xml = feed.content.decode()
    assert feed["Content-Language"] == "en" and "<language>en</language>" in xml
    assert english.title in xml and vietnamese.title not in xml
    assert f"/en/{english.section.slug}/{english.slug}-{english.pk}/" in xml
    xml = client.get("/rss/").content.decode()
    assert "<language>vi</language>" in xml
    assert vietnamese.title in xml and english.title not in xml


def test_the_english_most_viewed_page_ranks_the_english_edition(client):
    from articles.ranking import counts_apply

    english = factories.article(title="Most read in English", language=ENGLISH)
    vietnamese = factories.article(title="Bài đọc nhiều")
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    counts_apply({(english.pk, hour): 3, (vietnamese.pk, hour): 30})
    response = client.get("/en/xem-nhieu/")
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "en"
    assert english.title in page and vietnamese.title not in page


def test_the_admin_keeps_the_language_its_user_chose(admin_client):
    assert admin_client.get("/admin/")["Content-Language"] == "vi"
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    response = admin_client.get("/admin/")
    assert response["Content-Language"] == "en" and "Cookie" in response["Vary"]
    # The choice stays in the admin: the public Vietnamese edition stays Vietnamese.
    assert admin_client.get("/")["Content-Language"] == "vi"


def test_the_sitemaps_list_the_english_edition_s_pages_at_their_english_addresses(client, politics):
    english = factories.article(title="Council meets", language=ENGLISH, in_section=politics)
    empty_in_english = factories.section(name="Đô thị mới", slug="do-thi-moi")
    factories.article(in_section=empty_in_english)

    sections = client.get("/sitemap-sections.xml").content.decode()
    assert "http://testserver/chinh-tri-noi/<" in sections and "http://testserver/en/chinh-tri-noi/<" in sections
    assert "http://testserver/do-thi-moi/<" in sections and "/en/do-thi-moi/" not in sections
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert f"http://testserver{english.get_absolute_url()}<" in articles


def test_each_edition_lists_the_corrections_of_its_own_articles(client):
    from articles.models import Correction

    english = factories.article(title="Bridge opening", language=ENGLISH)
    vietnamese = factories.article(title="Khánh thành cầu")
    Correction.objects.create(article=english, wrong_text="opened in May", correct_text="opened in June")
    Correction.objects.create(article=vietnamese, wrong_text="tháng Năm", correct_text="tháng Sáu")
    page = client.get("/en/cai-chinh/").content.decode()
    assert "opened in June" in page and "tháng Sáu" not in page
    page = client.get("/cai-chinh/").content.decode()
    assert "tháng Sáu" in page and "opened in June" not in page


def test_robots_keep_crawlers_out_of_both_editions_search_and_previews(client):
    robots = client.get("/robots.txt").content.decode()
    for path in ("/tim-kiem/", "/xem-truoc/", "/api/"):
        assert f"Disallow: {path}" in robots and f"Disallow: /en{path}" in robots
