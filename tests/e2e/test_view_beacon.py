"""A real browser counts one view per reader: the page's own script sends the beacon, a reload does not."""

import time

import pytest

from articles.models import ArticleViewTotal
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Chromium headless announces itself as "HeadlessChrome", which the counter rightly takes for a robot.
PHONE_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)


def _views(article) -> int:
    return ArticleViewTotal.objects.filter(article=article).values_list("views", flat=True).first() or 0


def _wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_reader_in_a_real_browser_counts_once(live_server, browser):
    article = factories.article(title="Bài để đếm lượt xem")
    reader = browser.new_context(user_agent=PHONE_CHROME, viewport={"width": 390, "height": 844})
    page = reader.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    assert _wait_for(lambda: _views(article) == 1)

    page.reload()
    page.goto(live_server.url + article.get_absolute_url())
    time.sleep(1)  # give a wrongly sent second beacon the time to arrive
    assert _views(article) == 1

    robot = browser.new_page()  # Chromium's own headless user agent
    robot.goto(live_server.url + article.get_absolute_url())
    time.sleep(1)
    assert _views(article) == 1
    reader.close()
