"""Search at /tim-kiem/?q=: diacritics or not, title over sapo over body, published only, bounded whatever arrives.

Runs on SQLite (the fallback over normalised text) and on PostgreSQL (the weighted tsvector, its GIN index
and the newsroom_vi configuration): DATABASE_URL=postgres://… .venv/bin/python -m pytest tests/test_search.py
"""

import importlib
import unicodedata
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.models import Article, Byline, Section
from articles.search import (
    MAX_INDEXED_CHARS,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    highlight,
    html_text,
    normalize,
    parse_query,
    search_articles,
    snippet,
)
from articles.workflow import articles_import_published
from tests import caches, factories

pytestmark = pytest.mark.django_db

URL = reverse("articles:search")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def found(client, q: str, **params) -> list[int]:
    """The ids of the articles the search page lists for `q`, in order."""
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    page = response.context["page"]
    return [article.pk for article in page] if page is not None else []


def hours_ago(hours: int):
    return timezone.now() - timedelta(hours=hours)


# Normalisation --------------------------------------------------------------------------------------------------


def test_normalize_strips_diacritics_case_and_punctuation_into_padded_words():
    assert normalize("Đồng Nai: Quốc-phòng, 2025!") == " dong nai quoc phong 2025 "
    assert normalize(unicodedata.normalize("NFD", "ĐƯỜNG Đồng Khởi")) == " duong dong khoi "
    assert normalize("covid_19 Ｄｏｎｇ") == " covid 19 dong "
    assert normalize("") == normalize("!!! …") == ""


def test_html_text_keeps_words_whole_and_blocks_apart():
    body = (
        "<p>Đ<em>ồng</em> Nai</p><p>Biên&nbsp;Hòa &amp; <a href='https://x.vn'>Long Thành</a></p>"
        "<ul><li>Một</li><li>Hai</li></ul>"
    )
    assert normalize(html_text(body)) == " dong nai bien hoa long thanh mot hai "


def test_parse_query_cuts_cleans_and_caps_what_arrives():
    query = parse_query("Đồng\x00Nai\u200b  \t quốc phòng")
    assert query.terms == ("dong", "nai", "quoc", "phong")
    assert "\x00" not in query.text and "\u200b" not in query.text

    huge = parse_query("chữ " * 3000)
    assert len(huge.text) <= MAX_QUERY_CHARS and huge.terms == ("chu",)

    many = parse_query(" ".join(f"từ{n}" for n in range(50)))
    assert len(many.terms) == MAX_TERMS

    assert parse_query("").terms == parse_query("   ").terms == parse_query("'; -- !!").terms == ()
    assert parse_query(None).text == ""


# Finding with or without diacritics ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "dong nai",
        "Dong Nai",
        "Đồng Nai",
        "ĐỒNG NAI",
        "đồng nai",
        unicodedata.normalize("NFD", "Đồng Nai"),  # typed with a decomposing keyboard
        "  Đồng   Nai!  ",
    ],
)
def test_dong_nai_is_found_however_it_is_typed(client, q):
    article = factories.article(title="Đồng Nai đón gió mùa")
    factories.article(title="Bình Dương mưa lớn", sapo="(BD) - Mưa to.", body="<p>Nước dâng.</p>")
    assert found(client, q) == [article.pk]


@pytest.mark.parametrize("q", ["quoc phong", "Quốc phòng", "QUOC PHONG", "quốc phong"])
def test_quoc_phong_is_found_in_sapo_and_body(client, q):
    in_sapo = factories.article(title="Diễn tập", sapo="(ĐN) - Diễn tập khu vực phòng thủ, quốc phòng toàn dân.")
    in_body = factories.article(title="Tuyển quân", body="<p>Thực hiện nghĩa vụ <strong>quốc phòng</strong>.</p>")
    assert set(found(client, q)) == {in_sapo.pk, in_body.pk}


def test_text_stored_decomposed_is_found_by_a_precomposed_query(client):
    article = factories.article(title=unicodedata.normalize("NFD", "Lễ hội Trường Sơn"))
    assert found(client, "trường sơn") == [article.pk]
    assert found(client, "truong son") == [article.pk]


def test_every_word_must_be_there_and_words_match_whole(client):
    article = factories.article(title="Đồng Nai xây cầu Cát Lái")
    assert found(client, "dong nai cau") == [article.pk]
    assert found(client, "dong nai ham") == []  # "hầm" is not in the article
    assert found(client, "ai") == []  # a word, not a piece of "Nai"
    assert found(client, "cat lai dong") == [article.pk]  # in any order


# Ranking ---------------------------------------------------------------------------------------------------------


def test_title_hits_rank_above_sapo_hits_above_body_hits_whatever_their_age(client):
    # Oldest first in the title, newest in the body: only the place of the words decides.
    title = factories.article(title="Trảng Bom mở rộng khu công nghiệp", published_at=hours_ago(50))
    sapo = factories.article(
        title="Khu công nghiệp mới", sapo="(ĐN) - Huyện Trảng Bom có thêm...", published_at=hours_ago(30)
    )
    # Many mentions in the body still rank below a single one in the sapo.
    body = factories.article(title="Giao thông", body="<p>" + "Trảng Bom. " * 60 + "</p>", published_at=hours_ago(10))
    assert found(client, "trang bom") == [title.pk, sapo.pk, body.pk]


def test_words_split_between_title_and_sapo_rank_with_the_sapo_hits(client):
    split = factories.article(title="Trảng Bom ngập", sapo="(ĐN) - Mưa lớn ở Hố Nai.", published_at=hours_ago(40))
    in_body = factories.article(title="Mưa lớn", body="<p>Trảng Bom, Hố Nai ngập.</p>", published_at=hours_ago(1))
    in_title = factories.article(title="Hố Nai và Trảng Bom", published_at=hours_ago(100))
    assert found(client, "trang bom ho nai") == [in_title.pk, split.pk, in_body.pk]


def test_equal_hits_list_the_newest_first(client):
    older = factories.article(title="Long Khánh mùa sầu riêng", published_at=hours_ago(48))
    newer = factories.article(title="Long Khánh mùa chôm chôm", published_at=hours_ago(2))
    assert found(client, "long khanh") == [newer.pk, older.pk]


# Only what readers may see ---------------------------------------------------------------------------------------


def test_only_published_articles_are_ever_found(client):
    marker = "Zuxwqv"
    visible = factories.article(title=f"{marker} đã đăng", sapo=marker, body=f"<p>{marker}</p>")
    same_words = {"sapo": marker, "body": f"<p>{marker}</p>"}
    hidden = [
        factories.article(title=f"{marker} bản nháp", status=Article.Status.DRAFT, **same_words),
        factories.article(title=f"{marker} chờ duyệt", status=Article.Status.IN_REVIEW, **same_words),
        factories.article(title=f"{marker} chờ ký", status=Article.Status.APPROVED, **same_words),
        factories.article(title=f"{marker} hẹn giờ", published_at=timezone.now() + timedelta(days=1), **same_words),
        factories.article(title=f"{marker} đã gỡ", status=Article.Status.TAKEN_DOWN, **same_words),
    ]
    # They are indexed like any other: only published() keeps them out.
    assert Article.objects.filter(search_title__contains=" zuxwqv ").count() == 6

    response = client.get(URL, {"q": marker.lower()})
    assert [article.pk for article in response.context["page"]] == [visible.pk]
    page = response.content.decode()
    for article in hidden:
        assert article.title not in page


def test_each_edition_searches_its_own_articles(client):
    english = factories.article(title="Dong Nai welcomes investors", language=Article.Language.ENGLISH)
    vietnamese = factories.article(title="Đồng Nai đón nhà đầu tư")
    assert found(client, "dong nai") == [vietnamese.pk]
    response = client.get("/en/tim-kiem/", {"q": "dong nai"})
    assert [article.pk for article in response.context["page"]] == [english.pk]
    assert response["Content-Language"] == "en"


# The page --------------------------------------------------------------------------------------------------------


def test_results_page_shows_the_box_prefilled_the_count_cards_and_noindex(client):
    article = factories.article(title="Biên Hòa chỉnh trang bờ sông", sapo="(ĐN) - Công viên ven sông Đồng Nai.")
    factories.photo(article)
    response = client.get(URL, {"q": "bien hoa"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<meta name="robots" content="noindex">' in page
    assert 'name="q" value="bien hoa"' in page
    assert "Tìm thấy 1 bài viết" in page
    assert f'href="{article.get_absolute_url()}"' in page
    assert "Công viên ven sông Đồng Nai." in page  # the card shows the sapo
    assert 'class="card__photo"' in page  # the article card, with its lead photo


def test_an_empty_query_shows_only_the_box(client):
    factories.article(title="Đồng Nai")
    for url in (URL, f"{URL}?q=", f"{URL}?q=+++"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="search-page-q"' in page
        assert response.context["page"] is None
        assert "search-summary" not in page
        assert "card__title" not in page


def test_no_results_says_so(client):
    factories.article(title="Đồng Nai")
    page = client.get(URL, {"q": "Nha Trang"}).content.decode()
    assert "Không tìm thấy bài viết nào cho “Nha Trang”" in page
    assert "card__title" not in page


def test_results_are_paginated_and_the_links_keep_the_query(client):
    section = factories.section()
    articles = [
        factories.article(title=f"Cù lao Phố phần {n}", in_section=section, published_at=hours_ago(n + 1))
        for n in range(23)
    ]
    first = client.get(URL, {"q": "cù lao phố"})
    assert [a.pk for a in first.context["page"]] == [a.pk for a in articles[:20]]
    assert "Tìm thấy 23 bài viết" in first.content.decode()
    assert 'href="?q=c%C3%B9+lao+ph%E1%BB%91&amp;trang=2"' in first.content.decode()

    second = client.get(URL, {"q": "cù lao phố", "trang": 2})
    assert [a.pk for a in second.context["page"]] == [a.pk for a in articles[20:]]
    assert 'href="?q=c%C3%B9+lao+ph%E1%BB%91&amp;trang=1"' in second.content.decode()
    assert client.get(URL, {"q": "cù lao phố", "trang": 3}).status_code == 404  # like every list


def test_the_header_of_every_public_page_has_a_labelled_search_form(client):
    page = client.get("/").content.decode()
    assert '<form class="site-search" role="search" action="/tim-kiem/" method="get">' in page
    assert '<label class="visually-hidden" for="site-search-q">Tìm kiếm bài viết</label>' in page
    assert 'id="site-search-q"' in page and 'name="q"' in page


def test_no_section_may_take_the_search_address(db):
    section = Section(name="Tìm kiếm", slug="tim-kiem")
    with pytest.raises(ValidationError):
        section.full_clean()


# Whatever arrives in ?q= -----------------------------------------------------------------------------------------


BAD_QUERIES = [
    "a" * 10_240,
    "Đồng Nai " * 1200,  # 10 KB of real words: searched, capped
    "' OR 1=1; DROP TABLE articles_article; --",
    "dong & !nai | (quoc:* <-> phong)",  # tsquery syntax is only words here
    "%_\\%",
    "dong\x00nai",
    "\x00",
    "<script>alert(1)</script>",
    "Đ̸̢͓ơ̷̂̀n̴g̵ N̷a̸i̶",  # stacked combining marks
    "\u202eiaN gnoĐ\u200b\ufeff",
    "🔥🇻🇳 ﷽ 東京 ٣",
    "\ufffd\ufffe",
    " ".join(f"từ{n}" for n in range(500)),
]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_any_query_gives_a_normal_page_and_the_database_only_sees_a_bounded_query(client, q):
    factories.article(title="Đồng Nai quốc phòng")
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="search-page-q"' in page and "</html>" in page
    assert "<script>alert" not in page
    # Nothing near the 10 KB that arrived reaches the database.
    assert all(len(query["sql"]) < 20_000 for query in context.captured_queries)


@pytest.mark.parametrize(
    "raw_query_string",
    ["q=%00", "q=%ED%A0%80", "q=%FF%FE%FD", "q=dong%00nai", "q=a&q=b", "q", "q=%", "trang=2"],
)
def test_malformed_query_strings_give_a_normal_page(client, raw_query_string):
    response = client.get(f"{URL}?{raw_query_string}")
    assert response.status_code == 200


# Queries ---------------------------------------------------------------------------------------------------------


def _queries(client, q: str) -> tuple[int, int]:
    caches.clear_all()  # measured as the first reader meets the page: ranking not yet cached
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return len(context.captured_queries), response.context["page"].paginator.count


def test_the_search_page_runs_a_fixed_number_of_queries(client):
    factories.photo(factories.article(title="Phú Hữu một bài"))
    for n in range(12):
        article = factories.article(title=f"Nhơn Trạch bài {n}", in_section=factories.section())
        factories.photo(article)
        factories.photo(article)
    one, one_count = _queries(client, "phu huu")
    twelve, twelve_count = _queries(client, "nhon trach")
    assert (one_count, twelve_count) == (1, 12)
    assert one == twelve
    # count, page of articles, their photos, their bylines, the footer's particulars, the section menu, the
    # most-viewed box (the ranking, and its articles or, with nothing ranked, the window's start)
    assert twelve <= 8


# The total, counted up to a cap; the pages reach the cap ---------------------------------------------------------


@pytest.fixture
def cap_of_30(monkeypatch):
    """search.COUNT_CAP at 30 (1,000 in production): 35 articles make the same case as 1,035."""
    monkeypatch.setattr(search, "COUNT_CAP", 30)
    return 30


def _tiered_articles(count: int) -> list[Article]:
    """`count` articles holding "Long Thành", in the title, the sapo or the body (each tier's ages interleaved)."""
    made = []
    for n in range(count):
        place = {0: {"title": f"Long Thành tin {n}"}, 1: {"title": f"Tin {n}", "sapo": "(ĐN) - Ở Long Thành."}}.get(
            n % 3, {"title": f"Tin {n}", "body": "<p>Sân bay Long Thành.</p>"}
        )
        made.append(factories.article(published_at=hours_ago(1 + (n * 7) % count), **place))
    return made


def test_past_the_cap_the_page_says_more_than_and_the_pages_reach_the_cap(client, cap_of_30):
    made = _tiered_articles(35)
    expected = [a.pk for a in search_articles(Article.objects.published(), ("long", "thanh"), connection.vendor)]
    assert len(expected) == 35

    first = client.get(URL, {"q": "Long Thành"})
    page = first.content.decode()
    assert "Tìm thấy hơn 30 bài viết cho “Long Thành”; trang liệt kê 30 bài đầu tiên." in page
    assert "Tìm thấy 35" not in page
    assert [a.pk for a in first.context["page"]] == expected[:20]
    assert first.context["page"].paginator.num_pages == 2
    assert 'href="?q=Long+Th%C3%A0nh&amp;trang=2"' in page

    second = client.get(URL, {"q": "Long Thành", "trang": 2})
    assert [a.pk for a in second.context["page"]] == expected[20:30]  # the cap, not one more
    assert 'rel="next"' not in second.content.decode()
    assert client.get(URL, {"q": "Long Thành", "trang": 3}).status_code == 404
    assert len(made) == 35


def test_at_the_cap_exactly_the_total_is_exact(client, cap_of_30):
    _tiered_articles(30)
    page = client.get(URL, {"q": "long thanh"}).content.decode()
    assert "Tìm thấy 30 bài viết cho “long thanh”." in page
    assert "hơn" not in page.split('class="search-summary"')[1].split("</p>")[0]


def test_the_english_edition_says_more_than_in_english(client, cap_of_30):
    for n in range(31):
        factories.article(title=f"Long Thanh airport {n}", language=Article.Language.ENGLISH)
    page = client.get("/en/tim-kiem/", {"q": "long thanh"}).content.decode()
    assert "More than 30 articles found for “long thanh”; the first 30 are listed." in page


@pytest.mark.parametrize("trang", ["0", "-1", "x", "2.5", "51", "99999999999999999999"])
def test_a_page_no_search_can_reach_is_a_404_without_a_query(client, trang):
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"q": "long thanh", "trang": trang})
    assert response.status_code == 404
    assert not any("articles_article" in query["sql"] for query in context.captured_queries)


@pytest.mark.parametrize("per_page", [1, 7, 20])
def test_every_slice_find_reads_is_that_slice_of_the_full_order(cap_of_30, per_page):
    _tiered_articles(34)
    byline_only = factories.article(title="Hội chợ", published_at=hours_ago(3))
    factories.byline(byline_only, name="Long Thành")  # a byline hit: the body tier
    published = Article.objects.published()
    full = [a.pk for a in search_articles(published, ("long", "thanh"), connection.vendor)][:30]
    assert byline_only.pk in full
    read = []
    for offset in range(0, cap_of_30, per_page):
        found = search.find(published, ("long", "thanh"), connection.vendor, offset, per_page)
        assert (found.total, found.capped, found.reachable) == (31, True, 30)
        read += [a.pk for a in found.articles]
    assert read == full


def test_find_counts_exactly_below_the_cap_and_nothing_for_no_hit(cap_of_30):
    _tiered_articles(12)
    published = Article.objects.published()
    found = search.find(published, ("long", "thanh"), connection.vendor, 0, 20)
    assert (found.total, found.capped, len(found.articles)) == (12, False, 12)
    assert search.find(published, ("zuxwqv",), connection.vendor, 0, 20).total == 0
    assert search.find(published, (), connection.vendor, 0, 20).total == 0


def test_the_search_page_runs_as_many_queries_past_the_cap_as_for_one_hit(client, cap_of_30):
    factories.photo(factories.article(title="Phú Hữu một bài"))
    for article in _tiered_articles(35):
        factories.photo(article)
    one, _ = _queries(client, "phu huu")
    many, shown = _queries(client, "long thanh")
    assert shown == 30 and one == many


# Keeping the search copy up to date ------------------------------------------------------------------------------


def test_editing_the_title_updates_what_search_finds(client):
    article = factories.article(title="Hội chợ Xuân Lộc")
    assert found(client, "xuan loc") == [article.pk]

    article.title = "Hội chợ Định Quán"
    article.save()
    assert found(client, "dinh quan") == [article.pk]
    assert found(client, "xuan loc") == []
    article.refresh_from_db()
    assert article.search_title == " hoi cho dinh quan "

    article.title = "Hội chợ Tân Phú"
    article.save(update_fields=["title"])
    assert found(client, "tan phu") == [article.pk]
    assert found(client, "dinh quan") == []


def test_a_save_of_other_fields_only_leaves_the_search_copy_alone(client):
    article = factories.article(title="Cẩm Mỹ vào mùa")
    Article.objects.filter(pk=article.pk).update(search_title=" ban sao cu ")  # a copy a status save would keep
    factories.move(article, "take_down")  # the workflow saves the status fields only
    assert Article.objects.get(pk=article.pk).search_title == " ban sao cu "


def test_an_edit_through_the_admin_updates_the_search_copy_and_post_data_cannot_set_it(
    client, staff_client, staff_user, section
):
    article = factories.article(
        title="Vĩnh Cửu trồng rừng", in_section=section, created_by=staff_user, status=Article.Status.DRAFT
    )
    data = {
        "title": "Vĩnh Cửu giữ rừng Mã Đà",
        "slug": article.slug,
        "sapo": article.sapo,
        "body": article.body,
        "section": section.pk,
        "tags": "",
        "language": "vi",
        "translation": "",
        "published_at_0": "",
        "published_at_1": "",
        "loaded_version": article.version,
        "search_title": " gia mao ",
        "search_vector": "'gia':1A",
        **{f"{prefix}-{key}": value for prefix in ("photos", "bylines") for key, value in _EMPTY_FORMSET.items()},
    }
    response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).search_title == " vinh cuu giu rung ma da "
    # Published without touching the text (as the workflow does): found by its new title, not by the forged one.
    factories.move(article, "submit", "publish", publish_at=hours_ago(1))
    assert found(client, "ma da") == [article.pk]
    assert found(client, "gia mao") == []


_EMPTY_FORMSET = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}


def test_a_body_of_any_length_saves_and_its_first_100_000_characters_are_searched(client):
    # 1.5 MB of distinct words: as a whole, more than a PostgreSQL tsvector may hold.
    body = "<p>" + " ".join(f"w{n:07d}x" for n in range(150_000)) + "</p>"
    article = factories.article(title="Phụ lục", body=body)
    assert len(Article.objects.get(pk=article.pk).search_body) <= MAX_INDEXED_CHARS
    assert found(client, "w0000001x") == [article.pk]
    assert found(client, "w0149999x") == []


def test_the_migration_fills_the_search_copy_of_existing_articles(client):
    article = factories.article(title="Thống Nhất", sapo="(ĐN) - Bàu Xéo.", body="<p>Gia Kiệm &amp; Dầu Giây</p>")
    # As before migration 0006: no search copy, no vector (and none of 0012's head vector either).
    Article.objects.filter(pk=article.pk).update(
        search_title="", search_sapo="", search_body="", search_vector=None, search_head=None
    )
    assert found(client, "thong nhat") == []

    migration = importlib.import_module("articles.migrations.0006_search")
    migration.fill_search_copy(apps, SimpleNamespace(connection=connection))

    stored = Article.objects.get(pk=article.pk)
    assert (stored.search_title, stored.search_sapo, stored.search_body) == (
        " thong nhat ",
        " dn bau xeo ",
        " gia kiem dau giay ",
    )
    assert found(client, "thong nhat") == found(client, "bau xeo") == found(client, "dau giay") == [article.pk]


# Bylines: "nguyet ha" finds Nguyệt Hà's articles ---------------------------------------------------------------------


@pytest.mark.parametrize("q", ["nguyet ha", "Nguyệt Hà", "NGUYET HA", "nguyệt ha"])
def test_a_byline_name_is_found_with_or_without_diacritics(client, q):
    hers = factories.article(title="Diễn tập khu vực phòng thủ")
    factories.byline(hers, name="Nguyệt Hà")
    factories.byline(factories.article(title="Tin khác"), name="Minh Châu")

    assert found(client, q) == [hers.pk]


def test_words_of_the_byline_and_of_the_text_combine(client):
    hers = factories.article(title="Diễn tập khu vực phòng thủ Long Thành")
    factories.byline(hers, name="Nguyệt Hà")
    photographed = factories.article(title="Diễn tập ở Trảng Bom")
    factories.byline(photographed, name="Nguyệt Hà", role=Byline.Role.PHOTO)
    factories.byline(factories.article(title="Diễn tập ở Xuân Lộc"), name="Minh Châu")

    assert found(client, "nguyet ha long thanh") == [hers.pk]
    assert set(found(client, "nguyet ha dien tap")) == {hers.pk, photographed.pk}


def test_a_byline_hit_ranks_below_a_title_hit(client):
    by_name = factories.article(title="Hội thao dân quân", published_at=hours_ago(1))
    factories.byline(by_name, name="Thanh Tùng")
    about = factories.article(title="Thanh Tùng vô địch cờ tướng", published_at=hours_ago(50))

    assert found(client, "thanh tung") == [about.pk, by_name.pk]


def test_adding_renaming_and_removing_bylines_update_what_search_finds(client):
    article = factories.article(title="Chợ đêm Long Khánh")
    assert found(client, "bich ngoc") == []

    byline = factories.byline(article, name="Bích Ngọc")
    assert found(client, "bich ngoc") == [article.pk]

    author = byline.author
    author.name = "Ngọc Bích Trần"
    author.save()
    assert found(client, "tran") == [article.pk]
    assert found(client, "bich ngoc") == [article.pk]  # the words are still all there

    author.name = "Khánh Vy"
    author.save()
    assert found(client, "bich ngoc") == [] and found(client, "khanh vy") == [article.pk]

    byline.delete()
    assert found(client, "khanh vy") == []
    assert Article.objects.get(pk=article.pk).search_bylines == ""


def test_a_save_from_a_copy_loaded_before_a_byline_change_keeps_the_byline_searchable(client):
    article = factories.article(title="Hội chợ Xuân Lộc")
    stale = Article.objects.get(pk=article.pk)  # loaded before the byline exists
    factories.byline(article, name="Hồng Phúc")

    stale.title = "Hội chợ nông sản Xuân Lộc"
    stale.save()

    assert Article.objects.get(pk=article.pk).search_bylines == " hong phuc "
    assert found(client, "hong phuc") == found(client, "nong san") == [article.pk]


def test_the_migration_fills_the_byline_copy_of_existing_articles(client):
    article = factories.article(title="Bàu Hàm")
    factories.byline(article, name="Ngọc Diệp")
    factories.byline(article, name="Huy Anh", role=Byline.Role.PHOTO, position=1)
    Article.objects.filter(pk=article.pk).update(search_bylines="", search_vector=None)
    assert found(client, "ngoc diep") == []

    migration = importlib.import_module("articles.migrations.0009_search_bylines")
    migration.fill_bylines_copy(apps, SimpleNamespace(connection=connection))

    assert Article.objects.get(pk=article.pk).search_bylines == " ngoc diep huy anh "
    assert found(client, "ngoc diep") == found(client, "bau ham") == [article.pk]


# Marks: the words that matched, in the title, the snippet and the byline ------------------------------------------


def test_highlight_marks_whole_words_however_they_are_written_and_escapes_the_rest():
    terms = parse_query("dong nai").terms
    assert highlight("Tỉnh Đồng Nai, Đồng Xoài và Nainital", terms) == (
        "Tỉnh <mark>Đồng Nai</mark>, <mark>Đồng</mark> Xoài và Nainital"
    )
    assert highlight(unicodedata.normalize("NFD", "Đồng Nai"), terms) == "<mark>Đồng Nai</mark>"
    assert highlight("ĐỒNG NAI", parse_query("Đồng nai").terms) == "<mark>ĐỒNG NAI</mark>"
    assert highlight('<b>Đồng</b> & "Nai"', terms) == (
        "&lt;b&gt;<mark>Đồng</mark>&lt;/b&gt; &amp; &quot;<mark>Nai</mark>&quot;"
    )
    assert highlight("Biên Hòa", terms) == "Biên Hòa"


def test_snippet_is_the_sapo_when_it_matches_else_the_body_passage_around_the_match():
    body = "<p>" + " ".join(["Lúa"] * 60) + " ở Cẩm Mỹ được mùa " + " ".join(["Ngô"] * 60) + "</p>"
    assert snippet("(ĐN) - Nông dân Cẩm Mỹ.", body, ("cam", "my")) == "(ĐN) - Nông dân <mark>Cẩm Mỹ</mark>."
    passage = snippet("(ĐN) - Nông dân phấn khởi.", body, ("duoc", "mua"))
    assert passage.startswith("… Lúa") and passage.endswith("Ngô …")
    assert "Cẩm Mỹ <mark>được mùa</mark> Ngô" in passage
    # A word found only inside a compound of the body: a passage from the body's start, still marked.
    compound = snippet("(ĐN) - Tin ngắn.", "<p>Một hai ba Đồng-Nai-xyz.</p>", ("dong", "nai"))
    assert compound == "Một hai ba <mark>Đồng</mark>-<mark>Nai</mark>-xyz."
    # Matched by the byline or the title: the sapo, and no stray word of the body marked.
    assert snippet("(ĐN) - Nông dân phấn khởi.", body, ("hong", "phuc")) == "(ĐN) - Nông dân phấn khởi."
    assert snippet("(ĐN) - Nông dân phấn khởi.", body, ("nguyet", "mua")) == "(ĐN) - Nông dân phấn khởi."


def test_results_mark_the_matched_words_in_titles_snippets_and_bylines(client):
    article = factories.article(
        title="Đồng Nai mở tuyến xe buýt", sapo="(ĐN) - Tuyến đầu tiên của tỉnh Đồng Nai.", body="<p>Chi tiết.</p>"
    )
    factories.byline(article, name="Nguyệt Hà")
    factories.photo(article)

    page = client.get(URL, {"q": "dong nai"}).content.decode()
    assert f'<a href="{article.get_absolute_url()}"><mark>Đồng Nai</mark> mở tuyến xe buýt</a>' in page
    assert '<p class="card__sapo">(ĐN) - Tuyến đầu tiên của tỉnh <mark>Đồng Nai</mark>.</p>' in page

    page = client.get(URL, {"q": "nguyet ha"}).content.decode()
    assert '<span class="card__bylines"><mark>Nguyệt Hà</mark></span>' in page
    assert "<mark>" not in page.split('class="card__title"')[1].split("</h2>")[0]


def test_marks_never_let_a_title_write_html(client):
    factories.article(title='<script>alert("Đồng Nai")</script> & <img src=x onerror=alert(1)>')

    page = client.get(URL, {"q": "dong nai alert"}).content.decode()
    card = page.split('class="card__title"')[1].split("</h2>")[0]
    assert "<script>" not in page.split("<main")[1] and "<img src=x" not in page
    assert "&lt;script&gt;<mark>alert</mark>(&quot;<mark>Đồng Nai</mark>&quot;)&lt;/script&gt; &amp; &lt;img" in card


# PostgreSQL: the stored vector, its configuration and its GIN index ----------------------------------------------


@on_postgresql
def test_postgresql_stores_a_weighted_vector_through_the_unaccent_configuration():
    article = factories.article(title="Đồng Nai", sapo="Quốc phòng", body="<p>Biên Hòa</p>")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [article.pk])
        assert cursor.fetchone()[0] == "'bien':5C 'dong':1A 'hoa':6C 'nai':2A 'phong':4B 'quoc':3B"
        # The configuration unaccents by itself too, đ included, for text that did not go through Python.
        cursor.execute("SELECT to_tsvector('newsroom_vi', 'Đường Quốc phòng')::text")
        assert cursor.fetchone()[0] == "'duong':1 'phong':3 'quoc':2"


@on_postgresql
def test_postgresql_has_a_gin_index_on_the_vector_and_the_search_uses_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_article' AND indexname = %s",
            ["article_search_vector_idx"],
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition

    # A newsroom's table: many published articles, few of them about Tân Phú.
    section, now = factories.section(), timezone.now()
    articles_import_published(None, [
        Article(
            title=f"Tin vắn số {n}", slug=f"tin-van-{n}", sapo="(ĐN) - Tin ngắn.", body="<p>Nội dung.</p>",
            section=section, published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(600)
    ])  # fmt: skip
    wanted = [factories.article(title=f"Tân Phú {n}", in_section=section) for n in range(3)]
    with connection.cursor() as cursor:
        # As autovacuum would: rows just written wait in the index's pending list, which the planner prices high.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx'::regclass)")
        cursor.execute("ANALYZE articles_article")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan must not be "read every row" either
    queryset = search_articles(Article.objects.published(), ("tan", "phu"), "postgresql")
    plan = queryset.explain()
    assert "Bitmap Index Scan on article_search_vector_idx" in plan, plan
    assert {article.pk for article in queryset} == {article.pk for article in wanted}


@on_postgresql
def test_postgresql_puts_the_byline_names_in_the_vector_at_weight_d():
    article = factories.article(title="Đồng Nai", sapo="Quốc phòng", body="<p>Biên Hòa</p>")
    factories.byline(article, name="Nguyệt Hà")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [article.pk])
        assert cursor.fetchone()[0] == ("'bien':5C 'dong':1A 'ha':8 'hoa':6C 'nai':2A 'nguyet':7 'phong':4B 'quoc':3B")


@on_postgresql
def test_postgresql_keeps_the_title_and_sapo_words_apart_and_indexes_each_tier():
    article = factories.article(title="Đồng Nai", sapo="Quốc phòng", body="<p>Biên Hòa</p>")
    factories.byline(article, name="Nguyệt Hà")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_head::text FROM articles_article WHERE id = %s", [article.pk])
        assert cursor.fetchone()[0] == "'dong':1A 'nai':2A 'phong':4B 'quoc':3B"  # no body, no byline
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article' AND indexname IN (%s, %s)",
            [search.TITLE_INDEX, search.HEAD_INDEX],
        )
        definitions = dict(cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # not the walk by date: the word indexes themselves
    assert "USING gin (search_head)" in definitions[search.HEAD_INDEX]
    assert "USING gin (ts_filter(search_head, '{a}'" in definitions[search.TITLE_INDEX]
    query = SearchQuery("dong nai", search_type="plain", config=search.SEARCH_CONFIG)
    in_title = Article.objects.alias(words=search.title_vector()).filter(words=query)
    in_head = Article.objects.filter(search_head=query)
    assert f"Bitmap Index Scan on {search.TITLE_INDEX}" in in_title.explain()
    assert f"Bitmap Index Scan on {search.HEAD_INDEX}" in in_head.explain()
    assert list(in_title) == list(in_head) == [article]
