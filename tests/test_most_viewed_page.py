"""“Tin xem nhiều”: the box on public pages, the page /xem-nhieu/ and the demo's readers."""

import re
import zoneinfo
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import images
from articles.demo.views import seed_views
from articles.models import Article, ArticleViewDay, ArticleViewHour, ArticleViewTotal, Section
from articles.ranking import counts_apply
from tests import caches, factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_afternoon")]

URL = "/xem-nhieu/"


def add_views(article: Article, views: int, *, days_ago: int = 0, hours_ago: int = 0) -> None:
    """Views recorded through the real storage path, in the hour bucket of that moment."""
    moment = timezone.now() - timedelta(days=days_ago, hours=hours_ago)
    hour = moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    counts_apply(Counter({(article.pk, hour): views}))


def ranked_titles(page: str) -> list[str]:
    """The titles of the page's ranked list, in order."""
    return re.findall(r'<h2 class="ranking__title"><a href="[^"]+">([^<]+)</a></h2>', page)


def box(page: str) -> str:
    start = page.index('<aside class="most-viewed"')
    return page[start : page.index("</aside>", start)]


def get(client, url: str = URL, **params):
    return client.get(url, params)


def _queries(client, url: str) -> int:
    caches.clear_all()  # measured as the first reader meets the page: the ranking not yet cached
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def four_periods():
    """One article for each window: read in the last hours, 3 days ago, 10 days ago and 40 days ago."""
    today = factories.article(title="Đọc trong hôm nay")
    week = factories.article(title="Đọc ba ngày trước")
    month = factories.article(title="Đọc mười ngày trước")
    old = factories.article(title="Đọc bốn mươi ngày trước")
    add_views(today, 5, hours_ago=1)
    add_views(week, 50, days_ago=3)
    add_views(month, 500, days_ago=10)
    add_views(old, 5000, days_ago=40)
    return today, week, month, old


# ---------------------------------------------------------------- the page


def test_the_page_ranks_by_the_chosen_window_seven_days_by_default(client, four_periods):
    today, week, month, old = four_periods

    response = get(client)
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert ranked_titles(response.content.decode()) == [week.title, today.title]

    assert ranked_titles(get(client, khoang="24h").content.decode()) == [today.title]
    assert ranked_titles(get(client, khoang="7d").content.decode()) == [week.title, today.title]
    assert ranked_titles(get(client, khoang="30d").content.decode()) == [month.title, week.title, today.title]
    assert ranked_titles(get(client, khoang="all").content.decode()) == [
        old.title,
        month.title,
        week.title,
        today.title,
    ]


def test_tabs_are_plain_links_and_the_current_one_is_marked(client, four_periods):
    page = get(client, khoang="30d").content.decode()

    assert "Tin xem nhiều" in page
    tabs = page[page.index('<nav class="ranking-tabs"') : page.index("</nav>", page.index('class="ranking-tabs"'))]
    assert '<a href="/xem-nhieu/?khoang=24h">24 giờ</a>' in tabs
    assert '<a href="/xem-nhieu/">7 ngày</a>' in tabs
    assert '<a href="/xem-nhieu/?khoang=30d" aria-current="page">30 ngày</a>' in tabs
    assert '<a href="/xem-nhieu/?khoang=all">Tất cả</a>' in tabs
    assert tabs.count("aria-current") == 1
    assert "Những bài được đọc nhiều nhất trong 30 ngày qua." in page
    assert "<script" not in page.split('<main id="main"', 1)[1]  # nothing here needs JavaScript


def test_the_section_filter_keeps_the_window_and_the_tabs_keep_the_section(client):
    economy = Section.objects.get(slug="kinh-te")  # the default sections (data migration)
    society = Section.objects.get(slug="xa-hoi")
    business = factories.article(title="Bài kinh tế được đọc", in_section=economy)
    people = factories.article(title="Bài xã hội được đọc nhiều hơn", in_section=society)
    add_views(business, 10, hours_ago=2)
    add_views(people, 99, hours_ago=2)

    everything = get(client, khoang="24h").content.decode()
    assert ranked_titles(everything) == [people.title, business.title]
    assert '<a href="/xem-nhieu/?khoang=24h" aria-current="page">Tất cả chuyên mục</a>' in everything

    page = get(client, **{"khoang": "24h", "chuyen-muc": "kinh-te"}).content.decode()
    assert ranked_titles(page) == [business.title]
    assert '<a href="/xem-nhieu/?khoang=24h&amp;chuyen-muc=kinh-te" aria-current="page">Kinh tế</a>' in page
    assert '<a href="/xem-nhieu/?khoang=24h">Tất cả chuyên mục</a>' in page
    assert '<a href="/xem-nhieu/?chuyen-muc=kinh-te">7 ngày</a>' in page
    assert "Chuyên mục: Kinh tế." in page
    # The header menu is not told this page is the section's own page.
    assert f'<a href="{economy.get_absolute_url()}" aria-current="page">' not in page


@pytest.mark.parametrize(
    "params",
    [
        {"khoang": "1y"},
        {"khoang": ""},
        {"khoang": "7D"},
        {"chuyen-muc": "khong-co-chuyen-muc-nay"},
        {"chuyen-muc": ""},
        {"khoang": "all", "chuyen-muc": "khong-co"},
    ],
)
def test_an_unknown_window_or_section_is_a_404(client, section, params):
    response = get(client, **params)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_only_published_vietnamese_articles_are_ranked(client, section):
    shown = factories.article(title="Bài đã đăng", in_section=section)
    draft = factories.article(title="Bản nháp bí mật XYZ", status=Article.Status.DRAFT, in_section=section)
    scheduled = factories.article(
        title="Bài hẹn giờ bí mật XYZ", published_at=timezone.now() + timedelta(days=1), in_section=section
    )
    english = factories.article(title="English edition story", language=Article.Language.ENGLISH)
    for article in (draft, scheduled, english):
        add_views(article, 1000, hours_ago=1)
    add_views(shown, 1, hours_ago=1)

    for window in ("24h", "7d", "30d", "all"):
        for params in ({"khoang": window}, {"khoang": window, "chuyen-muc": section.slug}):
            page = get(client, **params).content.decode()
            assert ranked_titles(page) == [shown.title], params
            assert "bí mật XYZ" not in page and "English edition" not in page


def test_each_entry_has_its_rank_title_section_time_and_lead_photo(client, section):
    article = factories.article(
        title="Khánh thành cầu Hóa An mới",
        in_section=section,
        published_at=timezone.make_aware(timezone.datetime(2026, 3, 8, 12, 9)),
    )
    factories.photo(article, position=1)
    lead = factories.photo(article, position=2, is_lead=True)
    plain = factories.article(title="Bài không có ảnh", in_section=section)
    add_views(article, 20, days_ago=1)
    add_views(plain, 10, days_ago=1)

    page = get(client).content.decode()

    items = page.split('<li class="ranking__item">')[1:]
    assert len(items) == 2
    first, second = items
    assert '<span class="ranking__rank ranking__rank--top" aria-hidden="true">1</span>' in first
    assert f'<a href="{article.get_absolute_url()}">Khánh thành cầu Hóa An mới</a>' in first
    assert f'<a href="{section.get_absolute_url()}">{section.name}</a>' in first
    assert '<time datetime="2026-03-08T12:09:00+07:00">12:09, 08/03/2026</time>' in first
    rendition_url = default_storage.url(images.rendition_name(lead.image.name, 64, "jpg"))
    assert f'src="{rendition_url}"' in first and 'loading="lazy"' in first
    assert ">2</span>" in second and "<img" not in second


def test_the_page_runs_the_same_queries_for_1_or_12_ranked_articles(client, section):
    first = factories.article(in_section=section)
    factories.photo(first)
    add_views(first, 3, hours_ago=1)
    one = {window: _queries(client, f"{URL}?khoang={window}") for window in ("24h", "7d", "30d", "all")}
    one_in_section = _queries(client, f"{URL}?chuyen-muc={section.slug}")

    for number in range(11):
        article = factories.article(in_section=section)
        for position in range(number % 3 + 1):
            factories.photo(article, position=position)
        factories.byline(article)
        article.tags.add(f"thẻ {number}")
        add_views(article, number + 5, hours_ago=1)
    twelve = {window: _queries(client, f"{URL}?khoang={window}") for window in ("24h", "7d", "30d", "all")}

    assert len(ranked_titles(client.get(URL).content.decode())) == 12
    assert twelve == one
    assert _queries(client, f"{URL}?chuyen-muc={section.slug}") == one_in_section == one["7d"]


def test_the_page_says_when_there_are_no_figures(client, section):
    latest = factories.article(title="Bài mới nhất chưa ai đọc", in_section=section)

    page = get(client).content.decode()

    assert "Chưa có số liệu cho khoảng thời gian này." in page
    assert latest.title not in page
    assert '<ol class="ranking">' not in page


def test_the_page_refuses_writes(client):
    assert client.post(URL).status_code == 405
    assert reverse("articles:most_viewed") == URL


# ---------------------------------------------------------------- the box


def test_the_box_says_there_are_no_figures_rather_than_show_the_latest_articles(client):
    latest = factories.article(title="Bài mới đăng chưa có lượt xem")

    for url in ("/", latest.get_absolute_url(), latest.section.get_absolute_url()):
        aside = box(client.get(url).content.decode())
        assert "Tin xem nhiều" in aside and "7 ngày" in aside, url
        assert "Chưa có số liệu." in aside, url
        assert latest.title not in aside, url
        assert "<ol" not in aside, url


def test_the_box_lists_the_week_s_most_read_titles_in_order_and_links_to_the_page(client):
    articles = [factories.article(title=f"Tin được đọc hạng {rank}") for rank in range(1, 8)]
    for rank, article in enumerate(articles, start=1):
        add_views(article, 1000 - rank * 10, days_ago=rank % 3)
    older = factories.article(title="Tin cũ rất nhiều lượt xem")
    add_views(older, 99999, days_ago=12)

    aside = box(client.get("/").content.decode())

    titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', aside)
    assert titles == [article.title for article in articles[:5]]
    assert older.title not in aside
    assert "Chưa có số liệu" not in aside
    assert '<a href="/xem-nhieu/">Xem thêm<span class="visually-hidden">: tin xem nhiều</span></a>' in aside


def test_an_english_page_s_box_ranks_the_english_edition_and_leads_to_the_english_page(client):
    english = factories.article(title="Dong Nai opens a new bridge", language=Article.Language.ENGLISH)
    vietnamese = factories.article(title="Bài tiếng Việt được đọc")
    add_views(english, 5)
    add_views(vietnamese, 50)

    aside = box(client.get(english.get_absolute_url()).content.decode())

    assert "Most viewed" in aside and "7 days" in aside
    assert english.title in aside and vietnamese.title not in aside
    assert 'href="/en/xem-nhieu/"' in aside


def test_the_box_keeps_a_fixed_number_of_queries_for_1_or_5_ranked_articles(client, section):
    first = factories.article(in_section=section)
    add_views(first, 1)
    one = _queries(client, "/"), _queries(client, section.get_absolute_url())
    for number in range(6):
        add_views(factories.article(in_section=section), number + 2)
    assert (_queries(client, "/"), _queries(client, section.get_absolute_url())) == one


# ---------------------------------------------------------------- the demo's readers


def test_demo_views_are_plausible_go_to_published_articles_only_and_are_given_once():
    # A fixed afternoon: the numbers come from seeded generators, so the wall clock (a story three
    # hours old at 2 a.m. has few readers) must not decide whether the bounds below hold.
    now = datetime(2026, 11, 20, 15, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    fresh = factories.article(title="Tin sáng nay", published_at=now - timedelta(hours=3))
    week_old = factories.article(title="Tin tuần trước", published_at=now - timedelta(days=6, hours=2))
    old = factories.article(title="Tin năm trước", published_at=now - timedelta(days=400))
    draft = factories.article(title="Bản nháp", status=Article.Status.DRAFT)
    already_read = factories.article(title="Đã có lượt xem thật")
    add_views(already_read, 7)

    given, views = seed_views([fresh, week_old, old, draft, already_read], now=now)

    assert given == 3
    totals = dict(ArticleViewTotal.objects.values_list("article_id", "views"))
    assert set(totals) == {fresh.pk, week_old.pk, old.pk, already_read.pk}
    assert totals[already_read.pk] == 7  # real counts are never touched
    assert sum(totals[a.pk] for a in (fresh, week_old, old)) == views
    # Three hours of a weekday afternoon bring a provincial story tens of readers; a week or more, hundreds.
    assert 10 <= totals[fresh.pk] <= 2000
    for article in (fresh, week_old, old):
        assert totals[article.pk] <= 60000, article.title
        assert article is fresh or totals[article.pk] >= 300, article.title
        days = ArticleViewDay.objects.filter(article=article)
        assert all(day.day >= timezone.localdate(article.published_at) for day in days)
        assert all(day.day <= timezone.localdate(now) for day in days)
        hours = ArticleViewHour.objects.filter(article=article)
        assert all(hour.hour <= now for hour in hours)
        assert sum(hours.values_list("views", flat=True)) == totals[article.pk]
    # A day's readers are spread over its hours, and a story decays with age.
    assert ArticleViewHour.objects.filter(article=week_old).count() > 5 * 12
    first_day, last_day = (
        ArticleViewDay.objects.filter(article=week_old).order_by(order).values_list("views", flat=True)[1]
        for order in ("day", "-day")
    )
    assert first_day > last_day
    assert not ArticleViewTotal.objects.filter(article=draft).exists()

    rows = (ArticleViewHour.objects.count(), ArticleViewDay.objects.count(), dict(totals))
    assert seed_views([fresh, week_old, old, draft, already_read], now=now) == (0, 0)
    assert (
        ArticleViewHour.objects.count(),
        ArticleViewDay.objects.count(),
        dict(ArticleViewTotal.objects.values_list("article_id", "views")),
    ) == rows
