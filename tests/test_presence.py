"""Presence through the real admin: a heartbeat says who has an article's change form open; silence ends it."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticlePresence
from articles.roles import EDITOR, REPORTER
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def people(db):
    return {
        "reporter": factories.staff_member("pv_dangmo", REPORTER, last_name="Trần", first_name="Minh Khoa"),
        "other_reporter": factories.staff_member("pv_khac_dangmo", REPORTER),
        "editor": factories.staff_member("btv_dangmo", EDITOR, last_name="Lê", first_name="Thị Hằng"),
        "other_editor": factories.staff_member("btv2_dangmo", EDITOR, last_name="Phạm", first_name="Văn Nam"),
    }


def _article(status: str, author) -> Article:
    published_at = timezone.now() - timedelta(hours=1) if status == S.PUBLISHED else None
    return factories.article(status=status, published_at=published_at, created_by=author)


def _beat(client, article: Article, **data):
    return client.post(reverse("admin:articles_article_presence", args=[article.pk]), data)


def _change_page(client, article: Article) -> str:
    return client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def test_the_change_form_names_who_else_has_the_article_open(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    _change_page(client, article)  # opening the form is the first heartbeat

    client.force_login(people["other_editor"])
    page = _change_page(client, article)

    assert "Đang mở bài này: Lê Thị Hằng" in page
    assert "Phạm Văn Nam" not in page.split("data-presence")[1].split("</p>")[0]  # not oneself


def test_the_heartbeat_answers_the_others_names(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["editor"])
    assert _beat(client, article).json() == {"others": [], "label": ""}

    client.force_login(people["reporter"])
    answer = _beat(client, article).json()
    assert answer == {"others": ["Lê Thị Hằng"], "label": "Đang mở bài này: Lê Thị Hằng"}


def test_silence_ends_a_presence_by_itself(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["editor"])
    _beat(client, article)
    client.force_login(people["reporter"])

    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        assert _beat(client, article).json()["others"] == ["Lê Thị Hằng"]
    with time_machine.travel(timezone.now() + timedelta(seconds=95)):
        assert _beat(client, article).json()["others"] == []
        assert not ArticlePresence.objects.filter(user=people["editor"]).exists()  # pruned by the beat


def test_leaving_ends_a_presence_at_once(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["editor"])
    _beat(client, article)
    _beat(client, article, leave="1")

    client.force_login(people["reporter"])
    assert _beat(client, article).json()["others"] == []


def test_one_row_per_person_and_article_however_often_they_beat(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["editor"])
    for _ in range(3):
        _beat(client, article)
    assert ArticlePresence.objects.filter(article=article).count() == 1


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("anonymous", S.DRAFT, 302),
        ("other_reporter", S.DRAFT, 404),
        ("other_reporter", S.PUBLISHED, 403),
        ("reporter", S.IN_REVIEW, 403),
        ("reporter", S.DRAFT, 200),
        ("editor", S.PUBLISHED, 200),
    ],
)
def test_who_may_beat_and_read_presence(client, people, role, state, expected):
    article = _article(state, people["reporter"])
    other = Client()
    other.force_login(people["other_editor"])
    _beat(other, article)
    if role != "anonymous":
        client.force_login(people[role])

    response = _beat(client, article)

    assert response.status_code == expected
    if expected != 200:
        assert "Phạm Văn Nam" not in response.content.decode()
        assert ArticlePresence.objects.filter(article=article).count() == 1


def test_a_read_only_change_form_neither_beats_nor_names_anyone(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    editor = Client()
    editor.force_login(people["editor"])
    _beat(editor, article)

    client.force_login(people["reporter"])  # may view the submitted article, not edit it
    page = _change_page(client, article)
    assert "Lê Thị Hằng" not in page and 'id="desk"' not in page
    assert not ArticlePresence.objects.filter(user=people["reporter"]).exists()


def test_a_get_is_not_a_heartbeat(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    assert client.get(reverse("admin:articles_article_presence", args=[article.pk])).status_code == 404


def test_the_heartbeat_is_csrf_protected(people):
    article = _article(S.DRAFT, people["reporter"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["reporter"])
    assert _beat(client, article).status_code == 403
    assert not ArticlePresence.objects.exists()
