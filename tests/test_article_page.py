"""Around an article: related articles, the previous and next in its section, and the share links."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import preview_token_make
from articles.views import RELATED_SIZE
from tests import factories

pytestmark = pytest.mark.django_db


def _hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def _related(page: str) -> list[str]:
    if '<section class="related"' not in page:
        return []
    start = page.index('<section class="related"')
    block = page[start : page.index("</section>", start)]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', block)


def _neighbours(page: str) -> dict[str, tuple[str, str]]:
    found = re.findall(
        r'<a class="article-nav__link article-nav__link--(previous|next)" href="([^"]+)">'
        r'<span class="article-nav__label">[^<]+</span> <span class="article-nav__title">([^<]+)</span></a>',
        page,
    )
    return {kind: (href, title) for kind, href, title in found}


def _tagged(title: str, tags: list[str], **fields) -> Article:
    article = factories.article(title=title, **fields)
    article.tags.add(*tags)
    return article


# --- Related articles ------------------------------------------------------------------------------------


def test_related_articles_share_the_most_tags_first_then_are_newer(client):
    article = _tagged("Bài chính", ["Biên Hòa", "Giao thông", "Cầu"])
    _tagged("Chung một thẻ, mới", ["Cầu"], published_at=_hours_ago(2))
    _tagged("Chung ba thẻ, cũ", ["Cầu", "Giao thông", "Biên Hòa", "Khác"], published_at=_hours_ago(300))
    _tagged("Chung hai thẻ", ["Biên Hòa", "Giao thông"], published_at=_hours_ago(50))
    _tagged("Chung một thẻ, cũ", ["Biên Hòa"], published_at=_hours_ago(90))
    _tagged("Không chung thẻ nào", ["Thể thao"], published_at=_hours_ago(1))

    page = client.get(article.get_absolute_url()).content.decode()

    assert _related(page) == ["Chung ba thẻ, cũ", "Chung hai thẻ", "Chung một thẻ, mới", "Chung một thẻ, cũ"]


def test_tags_not_shared_do_not_count_even_in_the_same_section(client):
    section = factories.section()
    article = _tagged("Bài chính", ["Lúa", "Gạo"], in_section=section)
    _tagged(
        "Cùng mục, một thẻ chung",
        ["Lúa", *(f"thẻ riêng {n}" for n in range(6))],
        in_section=section,
        published_at=_hours_ago(100),
    )
    _tagged("Mục khác, hai thẻ chung", ["Lúa", "Gạo"], published_at=_hours_ago(200))
    # The neighbours, linked just above the related articles, are not repeated among them.
    factories.article(title="Bài liền trước", in_section=section, published_at=_hours_ago(50))
    factories.article(title="Bài liền sau", in_section=section, published_at=_hours_ago(0.5))

    page = client.get(article.get_absolute_url()).content.decode()

    assert _related(page) == ["Mục khác, hai thẻ chung", "Cùng mục, một thẻ chung"]


def test_fewer_tag_matches_are_filled_up_with_the_section_s_latest(client):
    section = factories.section()
    article = _tagged("Bài chính", ["Nông nghiệp"], in_section=section, published_at=_hours_ago(5))
    _tagged("Cùng thẻ, mục khác", ["Nông nghiệp"], published_at=_hours_ago(400))
    for n in range(RELATED_SIZE + 2):
        factories.article(title=f"Cùng mục {n}", in_section=section, published_at=_hours_ago(n * 10))

    page = client.get(article.get_absolute_url()).content.decode()

    # "Cùng mục 0" and "Cùng mục 1" are the next and previous links just above: not repeated.
    expected = ["Cùng thẻ, mục khác", *(f"Cùng mục {n}" for n in range(2, RELATED_SIZE + 1))]
    assert _related(page) == expected


def test_related_articles_never_repeat_the_previous_and_next_links_and_still_fill_up(client):
    section = factories.section()
    older = _tagged("Bài trước, chung thẻ", ["Cầu Hóa An"], in_section=section, published_at=_hours_ago(30))
    article = _tagged("Bài chính", ["Cầu Hóa An"], in_section=section, published_at=_hours_ago(20))
    newer = _tagged("Bài sau, chung thẻ", ["Cầu Hóa An"], in_section=section, published_at=_hours_ago(10))
    for n in range(RELATED_SIZE + 1):
        factories.article(title=f"Cùng mục cũ {n}", in_section=section, published_at=_hours_ago(40 + n))

    page = client.get(article.get_absolute_url()).content.decode()

    neighbours = _neighbours(page)
    assert neighbours["previous"][1] == older.title and neighbours["next"][1] == newer.title
    related = _related(page)
    assert older.title not in related and newer.title not in related
    assert related == [f"Cùng mục cũ {n}" for n in range(RELATED_SIZE)]


def test_related_articles_are_published_of_the_same_edition_and_never_the_article_itself(client):
    section = factories.section()
    article = _tagged("Bài chính", ["Đồng Nai"], in_section=section)
    _tagged("Bản nháp", ["Đồng Nai"], in_section=section, status=Article.Status.DRAFT)
    _tagged("Hẹn giờ", ["Đồng Nai"], in_section=section, published_at=timezone.now() + timedelta(hours=3))
    _tagged("Đã gỡ", ["Đồng Nai"], in_section=section, status=Article.Status.TAKEN_DOWN)
    _tagged("In English", ["Đồng Nai"], in_section=section, language=Article.Language.ENGLISH)

    page = client.get(article.get_absolute_url()).content.decode()

    assert _related(page) == []
    assert '<section class="related"' not in page


def test_related_cards_show_their_photo_and_section(client):
    article = _tagged("Bài chính", ["Du lịch"])
    other = _tagged("Bài liên quan có ảnh", ["Du lịch"])
    factories.photo(other)

    page = client.get(article.get_absolute_url()).content.decode()

    start = page.index('<section class="related"')
    block = page[start : page.index("</section>", start)]
    assert "<picture>" in block and f'href="{other.section.get_absolute_url()}"' in block


# --- Previous and next in the section -------------------------------------------------------------------


def test_previous_and_next_are_the_section_s_neighbours_in_time_in_the_same_edition(client):
    section = factories.section()
    older = factories.article(title="Bài trước đó", in_section=section, published_at=_hours_ago(30))
    factories.article(title="Bài cũ hơn nữa", in_section=section, published_at=_hours_ago(40))
    article = factories.article(title="Bài giữa", in_section=section, published_at=_hours_ago(20))
    newer = factories.article(title="Bài sau đó", in_section=section, published_at=_hours_ago(10))
    factories.article(title="Bài mới nhất", in_section=section, published_at=_hours_ago(1))
    # Nearer in time, but elsewhere, unpublished or of the other edition.
    factories.article(title="Mục khác", published_at=_hours_ago(21))
    factories.article(title="Nháp", in_section=section, status=Article.Status.DRAFT)
    factories.article(
        title="English", in_section=section, language=Article.Language.ENGLISH, published_at=_hours_ago(19)
    )

    page = client.get(article.get_absolute_url()).content.decode()

    assert _neighbours(page) == {
        "previous": (older.get_absolute_url(), "Bài trước đó"),
        "next": (newer.get_absolute_url(), "Bài sau đó"),
    }


def test_the_ends_of_a_section_have_one_neighbour_and_a_lone_article_none(client):
    section = factories.section()
    first = factories.article(title="Bài đầu tiên", in_section=section, published_at=_hours_ago(10))
    last = factories.article(title="Bài cuối cùng", in_section=section, published_at=_hours_ago(5))
    alone = factories.article(title="Bài một mình")

    assert _neighbours(client.get(first.get_absolute_url()).content.decode()) == {
        "next": (last.get_absolute_url(), "Bài cuối cùng")
    }
    assert _neighbours(client.get(last.get_absolute_url()).content.decode()) == {
        "previous": (first.get_absolute_url(), "Bài đầu tiên")
    }
    assert 'class="article-nav"' not in client.get(alone.get_absolute_url()).content.decode()


def test_articles_published_at_the_same_moment_are_ordered_by_number(client):
    section = factories.section()
    moment = _hours_ago(3)
    a, b, c = (factories.article(title=f"Cùng lúc {n}", in_section=section, published_at=moment) for n in range(3))

    neighbours = _neighbours(client.get(b.get_absolute_url()).content.decode())

    assert neighbours["previous"] == (a.get_absolute_url(), "Cùng lúc 0")
    assert neighbours["next"] == (c.get_absolute_url(), "Cùng lúc 2")


def test_a_neighbour_taken_down_or_scheduled_is_skipped_and_ties_go_by_number_both_ways(client):
    section = factories.section()
    moment = _hours_ago(3)
    before = factories.article(title="Trước nữa", in_section=section, published_at=_hours_ago(4))
    gone = factories.article(title="Đã gỡ", in_section=section, published_at=moment)
    article = factories.article(title="Bài giữa", in_section=section, published_at=moment)
    tie = factories.article(title="Cùng lúc, số lớn hơn", in_section=section, published_at=moment)
    factories.article(title="Hẹn giờ", in_section=section, published_at=timezone.now() + timedelta(hours=1))
    factories.move(gone, "take_down", note="Sai sự thật")

    page = client.get(article.get_absolute_url()).content.decode()

    assert _neighbours(page) == {
        "previous": (before.get_absolute_url(), "Trước nữa"),
        "next": (tie.get_absolute_url(), "Cùng lúc, số lớn hơn"),
    }
    assert "Đã gỡ" not in page and "Hẹn giờ" not in page
    assert _neighbours(client.get(tie.get_absolute_url()).content.decode())["previous"][1] == "Bài giữa"


def test_related_articles_left_out_once_taken_down_and_ties_in_time_go_by_number(client):
    moment = _hours_ago(5)
    article = _tagged("Bài chính", ["Long Thành", "Sân bay"])
    first = _tagged("Cùng lúc, số nhỏ", ["Sân bay"], published_at=moment)
    second = _tagged("Cùng lúc, số lớn", ["Sân bay"], published_at=moment)
    gone = _tagged("Chung hai thẻ, đã gỡ", ["Long Thành", "Sân bay"], published_at=_hours_ago(2))
    assert _related(client.get(article.get_absolute_url()).content.decode())[0] == "Chung hai thẻ, đã gỡ"

    factories.move(gone, "take_down", note="Sai sự thật")

    assert _related(client.get(article.get_absolute_url()).content.decode()) == [second.title, first.title]


def test_related_articles_are_weighed_among_each_tag_s_newest_only(client, monkeypatch):
    """The bound that keeps the query's cost flat: an old article whose tags are all shared by newer ones
    beyond the bound is not weighed (with the real bound, 40 newer articles per tag)."""
    monkeypatch.setattr("articles.models.RELATED_CANDIDATES_PER_TAG", 2)
    article = _tagged("Bài chính", ["Mưa lũ"], published_at=_hours_ago(1))
    _tagged("Mưa lũ cũ", ["Mưa lũ"], published_at=_hours_ago(100))
    newer = [_tagged(f"Mưa lũ mới {n}", ["Mưa lũ"], published_at=_hours_ago(10 + n)) for n in range(2)]

    related = _related(client.get(article.get_absolute_url()).content.decode())

    assert related[:2] == [newer[0].title, newer[1].title] and "Mưa lũ cũ" not in related[:2]


# --- Share links --------------------------------------------------------------------------------------


def test_share_links_carry_the_canonical_address_and_open_in_a_new_tab(client):
    article = factories.article(title="Bài để chia sẻ")
    canonical = f"http://testserver{article.get_absolute_url()}"

    page = client.get(article.get_absolute_url() + "?utm_source=zalo").content.decode()

    encoded = quote(canonical, safe="")
    facebook = f"https://www.facebook.com/sharer/sharer.php?u={encoded}"
    zalo = f"https://sp.zalo.me/share_inline?url={encoded}"
    for href in (facebook, zalo):
        link = rf'<a class="share__link [^"]+" href="{re.escape(href)}" target="_blank" rel="noopener">'
        assert re.search(link, page)
    copy = re.search(r'<a class="share__link share__link--copy" href="([^"]+)" data-copy-link data-copied=', page)
    assert copy.group(1) == canonical
    # The printed page says where it comes from.
    assert f'<p class="article__print-url">{canonical}</p>' in page


def test_share_links_are_labelled_in_the_edition_s_language(client):
    english = factories.article(title="Dong Nai opens a bridge", language=Article.Language.ENGLISH)
    page = client.get(english.get_absolute_url()).content.decode()
    share = page[page.index('<div class="share">') : page.index('<p class="share__status"')]
    assert ">Share</h2>" in share and ">Copy link</a>" in share and 'data-copied="Link copied"' in share


def test_the_only_scripts_are_the_site_s_own_files_and_the_structured_data(client):
    article = factories.article()
    page = client.get(article.get_absolute_url()).content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    assert '<script src="/static/js/share.js" defer></script>' in page
    for attributes in scripts:
        own_file = re.fullmatch(r' src="/static/js/\w+\.js" defer', attributes)
        assert own_file or attributes == ' type="application/ld+json"', attributes


def test_a_preview_has_no_share_links_and_no_address_to_print(client):
    draft = factories.article(status=Article.Status.DRAFT)
    response = client.get(reverse("articles:preview_shared", args=[preview_token_make(draft)]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="share"' not in page and "share.js" not in page and "article__print-url" not in page
