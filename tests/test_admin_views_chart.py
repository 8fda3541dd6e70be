"""Readers in the admin: the list's view columns, the change page's figures and its server-drawn chart."""

import re
from collections import Counter
from datetime import UTC, date, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles import ranking
from articles.charts import daily_views_svg, group_digits
from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_afternoon")]

LIST_URL = reverse("admin:articles_article_changelist")


def add_views(article: Article, views: int, *, days_ago: int = 0) -> None:
    moment = timezone.now() - timedelta(days=days_ago)
    hour = moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    ranking.counts_apply(Counter({(article.pk, hour): views}))


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser("bientap_test", "bt@baodongnai.test", "pw"))
    return client


def cell(page: str, article: Article, field: str) -> str:
    """The text of one column in the article's row of the change list."""
    row = re.search(rf"<tr>(?:(?!</tr>).)*?/admin/articles/article/{article.pk}/change/.*?</tr>", page, re.S).group(0)
    return re.search(rf'<td class="field-{field}">(.*?)</td>', row, re.S).group(1)


def list_titles(page: str) -> list[str]:
    return re.findall(r'<th class="field-title"><a href="[^"]+">([^<]+)</a></th>', page)


# ---------------------------------------------------------------- the list


def test_the_list_shows_total_and_7_day_views(editor_client):
    popular = factories.article(title="Bài nhiều người đọc")
    add_views(popular, 1000, days_ago=10)  # in the total only
    add_views(popular, 234, days_ago=6)  # the oldest day of the 7
    add_views(popular, 300, days_ago=7)  # a day too old for the 7
    add_views(popular, 5)
    unread = factories.article(title="Bài chưa ai đọc")

    response = editor_client.get(LIST_URL)
    page = response.content.decode()

    assert response.status_code == 200
    assert "Lượt xem" in page and "7 ngày" in page
    assert cell(page, popular, "views_total") == "1.539"
    assert cell(page, popular, "views_7_days") == "239"
    assert cell(page, unread, "views_total") == "0"
    assert cell(page, unread, "views_7_days") == "0"


def test_the_list_sorts_by_views(editor_client):
    low, high, middle = (factories.article(title=f"Bài {name}") for name in ("ít", "nhiều", "vừa"))
    add_views(low, 3)
    add_views(high, 300, days_ago=20)
    add_views(middle, 30)
    columns = ["action_checkbox", *factories_list_display()]
    total, week = columns.index("views_total"), columns.index("views_7_days")

    # A first click on the column puts the most read first.
    assert list_titles(editor_client.get(LIST_URL, {"o": total}).content.decode()) == [
        high.title,
        middle.title,
        low.title,
    ]
    assert list_titles(editor_client.get(LIST_URL, {"o": f"-{total}"}).content.decode()) == [
        low.title,
        middle.title,
        high.title,
    ]
    assert list_titles(editor_client.get(LIST_URL, {"o": week}).content.decode())[:2] == [middle.title, low.title]


def factories_list_display() -> list[str]:
    from django.contrib import admin

    return list(admin.site._registry[Article].list_display)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(LIST_URL).status_code == 200
    return len(context.captured_queries)


def test_the_list_runs_the_same_queries_for_1_or_10_articles_with_views(editor_client):
    first = factories.article()
    factories.byline(first)
    add_views(first, 10)
    add_views(first, 10, days_ago=20)
    editor_one = _list_queries(editor_client)

    for number in range(9):
        article = factories.article()
        factories.byline(article)
        add_views(article, number + 1)
        add_views(article, number + 100, days_ago=number * 3)
    assert _list_queries(editor_client) == editor_one


def test_a_reporter_s_list_also_has_the_columns_with_fixed_queries(staff_client):
    article = factories.article()
    add_views(article, 42)
    one = _list_queries(staff_client)
    for _ in range(9):
        add_views(factories.article(), 7)
    assert _list_queries(staff_client) == one
    page = staff_client.get(LIST_URL).content.decode()
    assert cell(page, article, "views_total") == "42"


# ---------------------------------------------------------------- the change page


def test_the_change_page_shows_figures_and_a_30_day_chart(editor_client):
    article = factories.article(title="Bài có biểu đồ")
    add_views(article, 5000, days_ago=45)  # before the chart: in the total only
    add_views(article, 1234, days_ago=2)
    add_views(article, 300, days_ago=10)
    add_views(article, 7)

    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Bạn đọc" in page
    assert "<strong>6.541</strong> tổng cộng" in page
    assert "<strong>1.241</strong> trong 7 ngày qua" in page
    assert "<strong>1.541</strong> trong 30 ngày qua" in page
    start = page.index('<svg class="views-chart"')
    svg = page[start : page.index("</svg>", start) + 6]
    assert svg.count('class="chart-bar') == 30
    assert svg.count('class="chart-bar chart-bar--max"') == 1
    assert re.search(r'<text class="chart-max"[^>]*>1.234</text>', svg)
    two_days_ago = timezone.localdate() - timedelta(days=2)
    assert f"<title>1.234 lượt xem ngày {two_days_ago:%d/%m/%Y}</title>" in svg
    assert 'role="img"' in svg and "cao nhất 1.234" in svg
    assert "<script" not in svg


def test_an_article_without_recent_views_gets_a_line_not_an_empty_chart(editor_client):
    article = factories.article(status=Article.Status.DRAFT, published_at=None)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Không có lượt xem nào trong 30 ngày qua." in page
    assert "<svg" not in page.split('class="readership-figures"', 1)[1].split("</fieldset>", 1)[0]


# ---------------------------------------------------------------- charts.py


def _days(values, last=date(2026, 3, 30)):
    first = last - timedelta(days=len(values) - 1)
    return [(first + timedelta(days=n), value) for n, value in enumerate(values)]


def test_the_chart_has_a_bar_and_a_tooltip_per_day_the_max_labelled_and_weekly_day_labels():
    values = [0] * 30
    values[12], values[20], values[29] = 4321, 17, 250

    with translation.override("vi"):
        svg = str(daily_views_svg(_days(values)))

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="chart-bar') == 30
    assert svg.count("<title>") == 30
    assert "<title>4.321 lượt xem ngày 13/03/2026</title>" in svg
    assert "<title>0 lượt xem ngày 01/03/2026</title>" in svg
    assert re.findall(r'<text class="chart-max"[^>]*>([^<]+)</text>', svg) == ["4.321"]
    # Day labels every 7 days, counted back from the last day so that the last day is always labelled.
    assert re.findall(r'<text class="chart-day"[^>]*>([^<]+)</text>', svg) == [
        "30/03",
        "23/03",
        "16/03",
        "09/03",
        "02/03",
    ]
    label = re.search(r'aria-label="([^"]+)"', svg).group(1)
    assert label == (
        "Lượt xem mỗi ngày trong 30 ngày qua, từ 01/03/2026 đến 30/03/2026: tổng cộng 4.588, "
        "cao nhất 4.321 vào ngày 13/03/2026."
    )
    assert 'role="img"' in svg
    # The tallest bar fills the plot; the others are in proportion.
    heights = [
        float(h) for h in re.findall(r'class="chart-bar[^"]*" x="[^"]+" y="[^"]+" width="10" height="([^"]+)"', svg)
    ]
    assert max(heights) == 100 and heights[29] == pytest.approx(100 * 250 / 4321, abs=0.1)


def test_the_chart_escapes_everything_it_prints():
    hostile = '"><script>alert(1)</script>'

    svg = str(daily_views_svg([("<b>ngày</b>", 3), (hostile, 5)], label=hostile))

    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
    assert 'aria-label="&quot;&gt;&lt;script&gt;' in svg


def test_the_chart_of_a_month_without_views_draws_flat_bars_and_says_so():
    with translation.override("vi"):
        svg = str(daily_views_svg(_days([0] * 30)))
    assert svg.count('class="chart-bar"') == 30
    assert "chart-max" not in svg
    assert "chưa có lượt xem nào" in svg


def test_group_digits_follows_the_language():
    with translation.override("vi"):
        assert group_digits(1234567) == "1.234.567"
    with translation.override("en"):
        assert group_digits(1234567) == "1,234,567"
    assert group_digits(12) == "12"
