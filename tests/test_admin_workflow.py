"""The editorial workflow as the newsroom meets it: through the real admin, with Django's test client.

The permission matrix drives every role through every state and action, crafted POSTs included, and
checks three things each time: the status code, that nothing changed where it must not, and that the
article's text never appears in a refused response.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, Revision
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status
MARKER = "Nội dung mật ZQX-7781"


@pytest.fixture
def people(db):
    return {
        "reporter": factories.staff_member("pv_tacgia", REPORTER, last_name="Trần", first_name="Khoa"),
        "other_reporter": factories.staff_member("pv_khac", REPORTER),
        "editor": factories.staff_member("btv", EDITOR, last_name="Lê", first_name="Hằng"),
        "chief": factories.staff_member("tbt", EDITOR_IN_CHIEF),
    }


def _article_in(state: str, author: User) -> Article:
    now = timezone.now()
    status, published_at = {
        "draft": (S.DRAFT, None),
        "in_review": (S.IN_REVIEW, None),
        "scheduled": (S.PUBLISHED, now + timedelta(days=1)),
        "published": (S.PUBLISHED, now - timedelta(hours=1)),
        "taken_down": (S.TAKEN_DOWN, now - timedelta(days=2)),
    }[state]
    return factories.article(
        title=f"{MARKER} tiêu đề",
        sapo=f"{MARKER} sapo",
        body=f"<p>{MARKER} thân bài</p>",
        status=status,
        published_at=published_at,
        created_by=author,
    )


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _edit_post(article: Article, **overrides) -> dict:
    return factories.change_form_data(article, **({"title": "Tiêu đề đã sửa"} | overrides))


def _snapshot(article: Article) -> tuple:
    article.refresh_from_db()
    return (
        article.title,
        article.status,
        article.published_at,
        article.version,
        ArticleEvent.objects.filter(article=article).count(),
        Revision.objects.filter(article=article).count(),
    )


# What each role may do, state by state (one level of approval, the default). Written out by hand
# from the issue, not derived from articles.workflow: this is the check on that table.
OK = True
NO = False
ROLES = ["anonymous", "reporter", "other_reporter", "editor", "chief"]
STATES = ["draft", "in_review", "scheduled", "published", "taken_down"]
ACTIONS = ["view", "edit", "submit", "withdraw", "return", "publish", "take_down", "republish", "delete"]
MATRIX = {
    #                 draft in_review scheduled published taken_down
    ("anonymous", "view"): [NO, NO, NO, NO, NO],
    ("anonymous", "edit"): [NO, NO, NO, NO, NO],
    ("reporter", "view"): [OK, OK, OK, OK, OK],
    ("reporter", "edit"): [OK, NO, NO, NO, NO],
    ("reporter", "submit"): [OK, NO, NO, NO, NO],
    ("reporter", "withdraw"): [NO, OK, NO, NO, NO],  # the reporter's own submission, nobody else's
    ("other_reporter", "view"): [NO, NO, NO, OK, NO],
    ("other_reporter", "edit"): [NO, NO, NO, NO, NO],
    ("editor", "view"): [OK, OK, OK, OK, OK],
    ("editor", "edit"): [OK, OK, OK, OK, OK],
    ("editor", "submit"): [OK, NO, NO, NO, NO],
    ("editor", "return"): [NO, OK, NO, NO, NO],
    ("editor", "publish"): [NO, OK, NO, NO, NO],
    ("editor", "take_down"): [NO, NO, OK, OK, NO],
    ("editor", "republish"): [NO, NO, NO, NO, OK],
    ("editor", "delete"): [OK, OK, NO, NO, NO],
    ("reporter", "delete"): [OK, NO, NO, NO, NO],
}
for role in ROLES:
    for action in ACTIONS:
        # The editor-in-chief can do all an editor can; everything not listed is refused.
        MATRIX.setdefault((role, action), MATRIX[("editor", action)] if role == "chief" else [NO] * len(STATES))

TARGET = {"submit": S.IN_REVIEW, "withdraw": S.DRAFT, "return": S.DRAFT, "publish": S.PUBLISHED,
          "take_down": S.TAKEN_DOWN, "republish": S.PUBLISHED}  # fmt: skip


def _perform(client, action: str, article: Article):
    if action == "view":
        return client.get(_change_url(article))
    if action == "edit":
        return client.post(_change_url(article), _edit_post(article))
    if action == "delete":
        return client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    return client.post(url, {"version": article.version, "note": "Lý do cụ thể"})


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_through_the_admin(client, people, role, action):
    for state, allowed, may_view in zip(STATES, MATRIX[(role, action)], MATRIX[(role, "view")], strict=True):
        article = _article_in(state, people["reporter"])
        if role != "anonymous":
            client.force_login(people[role])
        before = _snapshot(article)
        response = _perform(client, action, article)
        where = f"{role} {action} {state}"

        if action == "view":
            assert (response.status_code == 200) is allowed, where
            if not allowed:
                assert MARKER not in response.content.decode(), where
            continue
        if action == "delete":
            assert Article.objects.filter(pk=article.pk).exists() is not allowed, where
            if not allowed:
                assert _snapshot(article) == before, where
            continue
        if allowed:
            assert response.status_code == 302, (where, response.status_code)
            article.refresh_from_db()
            if action == "edit":
                assert article.title == "Tiêu đề đã sửa", where
            else:
                assert article.status == TARGET[action], where
            continue
        assert response.status_code in (302, 400, 403, 404), (where, response.status_code)
        assert _snapshot(article) == before, where
        if response.status_code == 302:
            # Refused by sending away (to the login page, or "this article does not exist"): never to the article.
            assert response["Location"] != _change_url(article), where
        if not may_view:
            assert MARKER not in response.content.decode(), where


def test_a_reporter_publishing_their_own_article_in_review_gets_403(client, people):
    article = _article_in("in_review", people["reporter"])
    client.force_login(people["reporter"])
    before = _snapshot(article)
    response = _perform(client, "publish", article)
    assert response.status_code == 403
    assert _snapshot(article) == before


def test_crafted_status_and_dates_in_the_change_form_are_ignored(client, people):
    article = _article_in("draft", people["reporter"])
    client.force_login(people["reporter"])
    data = _edit_post(
        article,
        status="published",
        published_at_0="01/01/2020",
        published_at_1="08:00",
        created_by=people["other_reporter"].pk,
        version=999,
    )
    assert client.post(_change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at, article.created_by) == (S.DRAFT, None, people["reporter"])


def test_bulk_publish_is_not_available_to_reporters_and_a_crafted_post_changes_nothing(client, people):
    article = _article_in("in_review", people["reporter"])
    client.force_login(people["reporter"])
    changelist = reverse("admin:articles_article_changelist")
    assert "publish_selected" not in client.get(changelist).content.decode()
    before = _snapshot(article)
    client.post(changelist, {"action": "publish_selected", "_selected_action": [article.pk]})
    assert _snapshot(article) == before


def test_bulk_publish_goes_through_the_workflow_and_reports_each_refusal(client, people):
    ready = _article_in("in_review", people["reporter"])
    draft = _article_in("draft", people["reporter"])
    client.force_login(people["editor"])
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    ready.refresh_from_db(), draft.refresh_from_db()
    assert ready.status == S.PUBLISHED and draft.status == S.DRAFT
    assert ArticleEvent.objects.filter(article=ready, action=ArticleEvent.Action.PUBLISH).count() == 1
    page = response.content.decode()
    assert "Bản nháp" in page  # the refusal names the state it was in


def test_the_second_of_two_simultaneous_edits_is_refused_and_keeps_its_text(client, people):
    article = _article_in("in_review", people["reporter"])
    first, second = _edit_post(article, title="Bản của người thứ nhất"), _edit_post(article, title="Bản thứ hai")
    client.force_login(people["editor"])
    assert client.post(_change_url(article), first).status_code == 302

    client.force_login(people["chief"])
    response = client.post(_change_url(article), second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lê Hằng" in page  # who saved first
    assert 'value="Bản thứ hai"' in page  # the second person's text is still in the form
    article.refresh_from_db()
    assert article.title == "Bản của người thứ nhất"


def test_a_transition_from_a_stale_copy_is_refused_and_keeps_the_note(client, people):
    article = _article_in("in_review", people["reporter"])
    stale_version = article.version
    client.force_login(people["editor"])
    client.post(_change_url(article), _edit_post(article, title="Đã sửa trong lúc đó"))

    client.force_login(people["chief"])
    url = reverse("admin:articles_article_transition", args=[article.pk, "return"])
    response = client.post(url, {"version": stale_version, "note": "Cần thêm nguồn tin"})
    assert response.status_code == 409
    assert "Cần thêm nguồn tin" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_return_needs_a_note_and_shows_it_to_the_reporter(client, people):
    article = _article_in("in_review", people["reporter"])
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_transition", args=[article.pk, "return"])
    assert client.post(url, {"version": article.version, "note": "  "}).status_code == 400
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW

    client.post(url, {"version": article.version, "note": "Thiếu ý kiến của UBND huyện"})
    client.force_login(people["reporter"])
    listing = client.get(reverse("admin:articles_article_changelist") + "?hang-doi=bi-tra-lai").content.decode()
    assert "Thiếu ý kiến của UBND huyện" in listing
    assert "Thiếu ý kiến của UBND huyện" in client.get(_change_url(article)).content.decode()


def test_scheduling_from_the_admin_publishes_at_the_chosen_minute(client, people):
    article = _article_in("in_review", people["reporter"])
    client.force_login(people["editor"])
    when = timezone.localtime() + timedelta(minutes=5)
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
    response = client.post(url, {"version": article.version, "publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and not article.is_published()
    assert timezone.localtime(article.published_at).strftime("%H:%M") == when.strftime("%H:%M")
    assert ArticleEvent.objects.filter(article=article, action=ArticleEvent.Action.SCHEDULE).exists()


def _step_button(action: str) -> str:
    return f'name="_workflow_step" value="{action}"'


def test_the_change_page_shows_only_the_steps_the_user_may_take_and_the_history_page_the_timeline(client, people):
    article = _article_in("in_review", people["reporter"])
    client.force_login(people["reporter"])
    page = client.get(_change_url(article)).content.decode()
    # The steps are buttons of the change form (save what is typed, then step): name="_workflow_step".
    assert _step_button("publish") not in page and _step_button("return") not in page

    client.force_login(people["editor"])
    page = client.get(_change_url(article)).content.decode()
    assert _step_button("publish") in page and _step_button("return") in page and _step_button("take_down") not in page
    client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "publish"]), {"version": article.version}
    )
    page = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "workflow-timeline" in page and "Lê Hằng" in page


def test_events_and_revisions_cannot_be_edited_or_deleted_through_the_admin(client, people):
    client.force_login(User.objects.create_superuser("sieu", password="pw"))
    for model in ("articleevent", "revision", "correction"):
        assert client.get(f"/admin/articles/{model}/").status_code == 404


def test_the_admin_index_shows_the_queues_of_the_users_role(client, people):
    _article_in("in_review", people["reporter"])
    _article_in("scheduled", people["reporter"])
    client.force_login(people["editor"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "hang-doi=cho-duyet" in page and "hang-doi=da-len-lich" in page
    client.force_login(people["other_reporter"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "hang-doi=cua-toi" in page and "hang-doi=cho-duyet" not in page


def test_the_diff_shows_what_changed_since_the_article_was_submitted(client, people):
    article = _article_in("draft", people["reporter"])
    client.force_login(people["reporter"])
    client.post(reverse("admin:articles_article_transition", args=[article.pk, "submit"]), {"version": article.version})
    article.refresh_from_db()
    client.force_login(people["editor"])
    client.post(_change_url(article), _edit_post(article, title=f"{MARKER} tiêu đề mới"))
    submitted = Revision.objects.get(article=article, reason=Revision.Reason.SUBMIT)
    page = client.get(reverse("admin:articles_article_revision_diff", args=[article.pk, submitted.pk])).content.decode()
    assert re.search(r"<ins>\s*mới</ins>", page)


# Withdraw (Rút lại) through the admin ---------------------------------------------------------------


def test_a_reporter_withdraws_a_submission_from_the_change_form(client, people):
    article = _article_in("draft", people["reporter"])
    client.force_login(people["reporter"])
    submit = reverse("admin:articles_article_transition", args=[article.pk, "submit"])
    assert client.post(submit, {"version": article.version}).status_code == 302
    article.refresh_from_db()

    page = client.get(_change_url(article)).content.decode()
    withdraw = reverse("admin:articles_article_transition", args=[article.pk, "withdraw"])
    assert f'action="{withdraw}"' in page and ">Rút lại</button>" in page

    assert client.post(withdraw, {"version": article.version}).status_code == 302
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert ArticleEvent.objects.filter(article=article).last().action == ArticleEvent.Action.WITHDRAW
    # The reporter's own draft again: the form is theirs to edit.
    assert client.post(_change_url(article), _edit_post(article)).status_code == 302


def test_an_editors_saved_edit_closes_the_withdrawal_and_the_reporter_is_told_why(client, people):
    article = _article_in("draft", people["reporter"])
    client.force_login(people["reporter"])
    client.post(reverse("admin:articles_article_transition", args=[article.pk, "submit"]), {"version": 1})
    article.refresh_from_db()
    page_version = article.version

    client.force_login(people["editor"])
    assert client.post(_change_url(article), _edit_post(article, title="Tít biên tập viên sửa")).status_code == 302

    client.force_login(people["reporter"])
    page = client.get(_change_url(article)).content.decode()
    withdraw = reverse("admin:articles_article_transition", args=[article.pk, "withdraw"])
    assert f'action="{withdraw}"' not in page
    assert "Chưa thể “Rút lại”." in page and "Lê Hằng đã xử lý bài lúc" in page

    # The button of a page opened before the edit: refused, with the reason, and nothing changes.
    before = _snapshot(article)
    response = client.post(withdraw, {"version": page_version})
    assert response.status_code == 400
    assert "Lê Hằng đã xử lý bài lúc" in response.content.decode()
    assert _snapshot(article) == before
