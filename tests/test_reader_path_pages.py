"""The server side of a reader's path through the demo paper, through Django's test client, on whichever database
the run uses: each page of tests/e2e/test_reader_path.py answers with what the browser test reads there.

The browser test proves the navigation and the paper's look, which do not depend on the database, and runs in
CI's SQLite run only. What on its path does depend on the database is checked here where the browser test does not
run (PostgreSQL, or no Chromium; tests/e2e/front_end.py): the demo paper as seed_demo stores it, each page
answering, and the search (on PostgreSQL its full-text search) finding "dong nai" and a byline typed without
diacritics and marking the words.
"""

import re

import pytest
from django.core.management import call_command

from articles.demo.seed_article import SEED_ARTICLE, SEED_ARTICLE_EN
from articles.models import Article
from tests.e2e.front_end import BROWSER_STAND_IN

pytestmark = [pytest.mark.django_db, BROWSER_STAND_IN]


def _page(client, address: str, status: int = 200) -> str:
    response = client.get(address)
    assert response.status_code == status, (address, response.status_code)
    return response.content.decode()


def _texts(page: str, css_class: str) -> list[str]:
    """The text inside each element of the class (tags, marks included, stripped), enough for these pages."""
    found = re.findall(rf'class="[^"]*\b{css_class}\b[^"]*"[^>]*>(.*?)</(?:h[1-6]|p|span|div|a)>', page, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


def test_the_reader_s_path_through_the_demo_paper_answers_on_this_database(client):
    call_command("seed_demo", "--force", verbosity=0)
    seed = Article.objects.get(title=SEED_ARTICLE["title"])
    english = seed.counterpart

    home = _page(client, "/")
    assert '<html lang="vi"' in home and "Tin xem nhiều" in home
    assert home.count("<article") >= 5
    assert f'href="{seed.section.get_absolute_url()}"' in home  # the menu leads to the seed's section

    section = _page(client, seed.section.get_absolute_url())
    assert f'href="{seed.get_absolute_url()}"' in section

    article = _page(client, seed.get_absolute_url())
    assert seed.title in article and "12:09, 08/09/2022" in article and "(ĐN) -" in article
    assert article.count("<figcaption") == seed.photos.count() >= 1
    assert f'href="{english.get_absolute_url()}"' in article  # the En switch

    # The search typed without diacritics: the stories found and the words marked.
    found = _page(client, "/tim-kiem/?q=dong+nai")
    assert "<mark>Đồng Nai</mark>" in found
    assert any("Đồng Nai" in title for title in _texts(found, "card__title"))
    byline = _page(client, "/tim-kiem/?q=nguyet+ha")
    bylines = " ".join(re.findall(r'class="card__bylines">(.*?)</span>', byline, re.DOTALL))
    assert set(re.findall(r"<mark>(.*?)</mark>", bylines)) == {"Nguyệt Hà"}
    assert seed.title in _texts(byline, "card__title")

    english_article = _page(client, english.get_absolute_url())
    assert '<html lang="en"' in english_article and SEED_ARTICLE_EN["title"] in english_article
    assert "Most viewed" in english_article
    english_home = _page(client, "/en/")
    assert SEED_ARTICLE_EN["title"] in english_home and len(re.findall(r'class="section-block[" ]', english_home)) == 12
    readers = _page(client, "/en/ban-doc/")
    assert len(re.findall(r'class="card[" ]', readers)) >= 2 and "No articles here yet" not in readers

    assert "ranking__rank" in _page(client, "/xem-nhieu/")
    assert "Không tìm thấy trang" in _page(client, "/khong-co-trang-nay/", status=404)
    credited = Article.objects.published().filter(language="vi", photos__credit="Phúc Khang").first()
    assert "Ảnh: Phúc Khang" in _page(client, credited.get_absolute_url())
