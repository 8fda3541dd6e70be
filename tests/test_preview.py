"""Previews: the staff preview behind the login, and the signed link that works without one."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles import ranking
from articles.models import Article
from articles.preview import (
    preview_token_article,
    preview_token_expires,
    preview_token_make,
    preview_token_pk,
)
from articles.roles import EDITOR, REPORTER
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = "Bí mật bản nháp QWE456"
NO_STORE = ("no-store", "no-cache", "max-age=0", "private")


@pytest.fixture
def reporter(django_user_model):
    return factories.staff_member("phongvien_a", REPORTER)


@pytest.fixture
def other_reporter(django_user_model):
    return factories.staff_member("phongvien_b", REPORTER)


@pytest.fixture
def editor(django_user_model):
    return factories.staff_member("bientap", EDITOR)


@pytest.fixture
def draft(reporter):
    article = factories.article(
        title=MARKER, sapo=f"(ĐN) - {MARKER}", body=f"<p>{MARKER} trong thân bài.</p>", status=Article.Status.DRAFT
    )
    article.created_by = reporter
    article.save()
    factories.byline(article, name="Nguyệt Hà")
    return article


def _preview_url(article) -> str:
    return reverse("articles:preview", args=[article.pk])


def _shared_url(token: str) -> str:
    return reverse("articles:preview_shared", args=[token])


def _assert_private(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    for directive in NO_STORE:
        assert directive in response["Cache-Control"], directive
    page = response.content.decode()
    assert '<meta name="robots" content="noindex,nofollow">' in page
    assert 'rel="canonical"' not in page


def _assert_hidden(response):
    assert response.status_code == 404
    assert MARKER not in response.content.decode()


def test_the_routes():
    assert reverse("articles:preview", args=[12]) == "/xem-truoc/bai/12/"
    assert reverse("articles:preview_shared", args=["abc:def"]) == "/xem-truoc/abc:def/"


# The staff preview ------------------------------------------------------------------------------


def test_the_author_previews_a_draft_on_the_public_template(client, reporter, draft):
    client.force_login(reporter)
    response = client.get(_preview_url(draft))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [template.name for template in response.templates]
    assert response.context["is_preview"] is True
    page = response.content.decode()
    assert "Bản xem trước" in page
    assert "Bản nháp — bạn đọc chưa xem được bài này." in page
    assert f'<h1 class="article__title">{MARKER}</h1>' in page
    assert f"{MARKER} trong thân bài." in page
    assert "Nguyệt Hà" in page
    assert f'href="{reverse("admin:articles_article_change", args=[draft.pk])}"' in page
    _assert_private(response)


def test_an_editor_previews_any_article_in_any_state(client, editor, draft):
    client.force_login(editor)
    for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.APPROVED, Article.Status.TAKEN_DOWN):
        article = factories.article(title=f"{MARKER} {status}", status=status, created_by=draft.created_by)
        response = client.get(_preview_url(article))
        assert response.status_code == 200, status
        assert MARKER in response.content.decode()


def test_a_scheduled_article_says_when_it_will_appear(client, editor):
    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    article = factories.article(published_at=at)
    client.force_login(editor)
    page = client.get(_preview_url(article)).content.decode()
    assert f"Lên lịch đăng lúc {at:%H:%M, %d/%m/%Y} — bạn đọc chưa xem được bài này." in page


def test_a_published_article_links_to_its_public_page(client, editor):
    article = factories.article()
    client.force_login(editor)
    page = client.get(_preview_url(article)).content.decode()
    assert "Đã đăng — bạn đọc đang xem được bài này." in page
    assert f'href="{article.get_absolute_url()}"' in page


def test_another_reporter_gets_the_same_404_as_for_a_missing_article(client, other_reporter, draft):
    client.force_login(other_reporter)
    refused = client.get(_preview_url(draft))
    _assert_hidden(refused)
    missing = client.get(reverse("articles:preview", args=[draft.pk + 1000]))
    assert missing.status_code == 404
    assert refused.content == missing.content


def test_a_reporter_may_preview_another_reporters_published_article(client, other_reporter):
    article = factories.article()
    client.force_login(other_reporter)
    assert client.get(_preview_url(article)).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, draft):
    response = client.get(_preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" in response["Location"]
    assert MARKER not in response.content.decode()


def test_a_logged_in_non_staff_user_is_sent_to_the_login(client, django_user_model, draft):
    client.force_login(django_user_model.objects.create_user("bandoc", password="pw"))
    response = client.get(_preview_url(draft))
    assert response.status_code == 302
    assert MARKER not in response.content.decode()


def test_an_inactive_author_sees_nothing(client, reporter, draft):
    client.force_login(reporter)
    reporter.is_active = False
    reporter.save()
    assert client.get(_preview_url(draft)).status_code in (302, 404)


def test_the_preview_refuses_writes(client, reporter, draft):
    client.force_login(reporter)
    assert client.post(_preview_url(draft)).status_code == 405
    assert client.post(_shared_url(preview_token_make(draft))).status_code == 405


def test_the_preview_leaks_no_other_unpublished_article(client, editor, draft):
    other = factories.article(title="Bài nháp khác ASD321", status=Article.Status.DRAFT)
    scheduled = factories.article(title="Bài hẹn giờ ZXC987", published_at=timezone.now() + timedelta(days=1))
    published = factories.article(title="Bài đã đăng công khai")
    for article in (other, scheduled, published, draft):
        ranking.view_record(article.pk)  # views, even ones that should never have been counted
    client.force_login(editor)
    page = client.get(_preview_url(draft)).content.decode()
    assert published.title in page  # the most-viewed box is there, with published articles only
    assert other.title not in page
    assert scheduled.title not in page
    # Nor does the previewed draft itself appear in the box.
    box = page[page.index('class="most-viewed"') :]
    assert published.title in box
    assert MARKER not in box


def test_the_public_page_keeps_its_canonical_link_and_no_robots_meta(client):
    article = factories.article()
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response.context["is_preview"] is False
    assert 'rel="canonical"' in page
    assert 'name="robots"' not in page
    assert "X-Robots-Tag" not in response.headers
    assert "preview-banner" not in page


# The shared link --------------------------------------------------------------------------------


def test_a_shared_link_works_without_a_login(client, draft):
    token = preview_token_make(draft)
    assert "/" not in token
    response = client.get(_shared_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert MARKER in page
    assert "Bản xem trước" in page
    assert "Bản nháp — bạn đọc chưa xem được bài này." in page
    # A shared link opens no door into the admin.
    assert "/admin/" not in page
    assert response["Referrer-Policy"] == "no-referrer"
    _assert_private(response)


def test_the_token_names_its_article_and_expires_after_48_hours(client, draft):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = preview_token_make(draft)
        assert preview_token_article(token) == draft
        assert preview_token_pk(token) == draft.pk
        assert preview_token_expires(token) == timezone.localtime(start + timedelta(hours=48)).replace(microsecond=0)
    with time_machine.travel(start + timedelta(hours=47, minutes=59), tick=False):
        assert client.get(_shared_url(token)).status_code == 200
    with time_machine.travel(start + timedelta(hours=48, seconds=1), tick=False):
        assert preview_token_article(token) is None
        _assert_hidden(client.get(_shared_url(token)))


def test_the_expiry_is_fixed_when_the_link_is_made(client, settings, draft):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        short = preview_token_make(draft, hours=1)
        default = preview_token_make(draft)
    settings.NEWSROOM_PREVIEW_HOURS = 1000
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        _assert_hidden(client.get(_shared_url(short)))
        assert client.get(_shared_url(default)).status_code == 200
    with time_machine.travel(start + timedelta(hours=49), tick=False):
        _assert_hidden(client.get(_shared_url(default)))


def _flip(token: str, index: int) -> str:
    character = token[index]
    replacement = "A" if character != "A" else "B"
    return token[:index] + replacement + token[index + 1 :]


def test_a_tampered_token_is_a_404(client, draft):
    token = preview_token_make(draft)
    for index in (0, len(token) // 2, token.index(":") - 1, len(token) - 1):
        tampered = _flip(token, index)
        assert tampered != token
        assert preview_token_article(tampered) is None
        _assert_hidden(client.get(_shared_url(tampered)))


def test_a_token_opens_its_own_article_and_no_other(client, reporter, draft):
    other = factories.article(title="Bài nháp thứ hai", status=Article.Status.DRAFT)
    token = preview_token_make(other)
    page = client.get(_shared_url(token)).content.decode()
    assert "Bài nháp thứ hai" in page and MARKER not in page
    # Another article's token does not open the draft's own preview address, nor with a query string.
    response = client.get(_preview_url(draft), {"token": token})
    assert response.status_code == 302
    assert MARKER not in response.content.decode()
    # Not even for the draft's own author.
    client.force_login(reporter)
    assert MARKER not in client.get(_shared_url(token)).content.decode()


def test_a_value_signed_for_something_else_is_refused(client, draft):
    expires = int((timezone.now() + timedelta(hours=1)).timestamp())
    for forged in (
        signing.dumps({"a": draft.pk, "x": expires}),  # the default salt
        signing.dumps({"a": draft.pk, "x": expires}, salt="another.feature"),
        signing.dumps({"a": draft.pk, "x": expires}, salt="articles.preview.shared-link", key="not-our-key"),
        signing.dumps({"a": draft.pk}, salt="articles.preview.shared-link"),  # no expiry
        signing.dumps({"a": str(draft.pk), "x": expires}, salt="articles.preview.shared-link"),
        signing.dumps({"a": draft.pk, "x": True}, salt="articles.preview.shared-link"),
        signing.dumps([draft.pk, expires], salt="articles.preview.shared-link"),
    ):
        assert preview_token_article(forged) is None, forged
        _assert_hidden(client.get(_shared_url(forged)))


@pytest.mark.parametrize(
    "garbage",
    ["abc", "abc:def", "::::", ":", "-_-_-", "xem-trước", "bai", "a" * 500, "eyJhIjoxfQ:1abc:xyz"],
)
def test_a_malformed_token_is_a_404(client, draft, garbage):
    assert preview_token_article(garbage) is None
    _assert_hidden(client.get(_shared_url(garbage)))


def test_the_link_of_a_deleted_article_is_a_404(client, draft):
    token = preview_token_make(draft)
    draft.delete()
    assert preview_token_article(token) is None
    _assert_hidden(client.get(_shared_url(token)))


def test_a_taken_down_article_is_no_longer_shared_but_staff_still_preview_it(client, editor, draft):
    token = preview_token_make(draft)
    factories.move(draft, "submit", "publish", "take_down")
    _assert_hidden(client.get(_shared_url(token)))
    client.force_login(editor)
    page = client.get(_preview_url(draft)).content.decode()
    assert "Đã gỡ — bạn đọc không còn xem được bài này." in page


def test_an_english_article_is_previewed_in_english(client):
    article = factories.article(language=Article.Language.ENGLISH, status=Article.Status.DRAFT, title="Hoa An bridge")
    response = client.get(_shared_url(preview_token_make(article)))
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert "Draft — readers cannot see this article yet." in page
    assert ">Preview<" in page


def test_the_staff_banner_says_whose_move_it_is_and_a_shared_link_does_not(client, editor, reporter):
    article = factories.article(title="Bài chờ duyệt ABC", status=Article.Status.IN_REVIEW, created_by=reporter)
    client.force_login(editor)
    assert "Đang ở: Biên tập viên" in client.get(_preview_url(article)).content.decode()
    factories.move(article, "return")
    assert "Đang ở: Phóng viên" in client.get(_preview_url(article)).content.decode()

    client.logout()
    shared = client.get(_shared_url(preview_token_make(article))).content.decode()
    assert "Bài chờ duyệt ABC" in shared and "Đang ở" not in shared
