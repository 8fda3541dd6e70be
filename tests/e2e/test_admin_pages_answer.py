"""Every admin page each role reaches answers without a server error, on whichever database the run uses.

The English crawl (test_admin_vietnamese.py) reads the words of these pages in the browser; words do not depend on
the database, so it runs in CI's SQLite run only. What the crawl proved besides the words, that no page a role can
reach fails, does depend on the database: this walk keeps it where the crawl does not run (PostgreSQL, or no
Chromium; tests/e2e/front_end.py), through Django's test client, on the crawl's own newsroom. It follows every
admin link from the index (addresses without a query), and visits the pages the crawl reaches by other means: the
work queues, each article's history and saved version, the correction form, the staff door's and the second
factor's pages.
"""

import html
import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from articles.admin_filters import queues_for
from articles.models import Revision
from tests.e2e.front_end import BROWSER_STAND_IN
from tests.e2e.test_admin_vietnamese import ROLES, _newsroom

pytestmark = [pytest.mark.django_db, BROWSER_STAND_IN]

HREF = re.compile(r'href="(/admin/[^"#]*)"')
# Far more than the crawl's ~100 pages a role: a walk that runs away (a link that makes links) fails instead.
MOST_PAGES = 600


def _first_pages(user, newsroom: dict) -> list[str]:
    pages = ["/admin/", "/admin/password_change/"]
    pages += [f"/admin/articles/article/?hang-doi={queue}" for queue in queues_for(user)]
    for article in newsroom["articles"].values():
        pages += [f"/admin/articles/article/{article.pk}/change/", f"/admin/articles/article/{article.pk}/history/"]
        pages += [
            f"/admin/articles/article/{article.pk}/phien-ban/{revision.pk}/"
            for revision in Revision.objects.filter(article=article)[:1]
        ]
    pages.append(f"/admin/articles/article/{newsroom['articles']['published'].pk}/cai-chinh/")
    pages += [reverse(f"second_factor:{name}") for name in ("mine", "enrol", "recovery_codes")]
    if user.is_superuser:
        pages.append(f"/admin/auth/user/{newsroom['people']['phong-vien'].pk}/dang-xuat-moi-thiet-bi/")
        pages += [f"/admin/staff/failedsignincount/{count.pk}/mo-khoa/" for count in AccessAttempt.objects.all()]
        pages += [reverse("second_factor:staff"), reverse("second_factor:reset", args=[user.pk])]
    return pages


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_page_a_role_reaches_answers(client, role):
    newsroom = _newsroom()
    user = newsroom["people"][role]
    client.force_login(user)
    todo, seen, answered = list(reversed(_first_pages(user, newsroom))), set(), {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        assert len(seen) <= MOST_PAGES, f"{role}: more than {MOST_PAGES} admin pages, the walk ran away"
        response = client.get(url)
        answered[url] = response.status_code
        assert response.status_code < 500, f"{role}: {url} answered {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            for href in HREF.findall(response.content.decode()):
                href = html.unescape(href)
                # Queries are the list's filters and orders (the crawl reads the queues only); the logout link
                # would end the walk's session.
                if "?" not in href and "/logout/" not in href and href not in seen:
                    todo.append(href)
    # The walk reached the pages the role works on, not a login page over and over.
    assert answered["/admin/"] == 200
    assert sum(status == 200 and "/articles/article/" in url for url, status in answered.items()) >= 5
    pages = [f"{status} {url}" for url, status in sorted(answered.items())]
    print(f"{role}: {len(answered)} pages", *pages, sep="\n  ")
