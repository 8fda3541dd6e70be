"""A workflow button pressed on the change form saves what is on screen first, then takes the step, in one
transaction; if either fails, nothing is saved, no step is taken, and the form comes back as it was typed.

Everything goes through the real admin with Django's test client: the change form's own POST with
`_workflow_step`, the inline formsets, ArticleAdminForm's edit-conflict check and PhotoInlineForm's alt text.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, Photo, Revision
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def people(db):
    return {
        "reporter": factories.staff_member("pv_buoc", REPORTER, last_name="Trần", first_name="Khoa"),
        "other_reporter": factories.staff_member("pv_khac_buoc", REPORTER),
        "editor": factories.staff_member("btv_buoc", EDITOR, last_name="Lê", first_name="Hằng"),
        "chief": factories.staff_member("tbt_buoc", EDITOR_IN_CHIEF),
    }


def _article(status: str, author, **fields) -> Article:
    published_at = timezone.now() - timedelta(hours=1) if status == S.PUBLISHED else None
    return factories.article(
        title="Cầu Hóa An thông xe",
        body="<p>Đoạn một.</p><p>Đoạn hai.</p>",
        status=status,
        published_at=published_at,
        created_by=author,
        **fields,
    )


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _press(client, article: Article, action: str, *, photos=(), note: str = "", publish_at: str = "", **typed):
    """The change form as the browser sends it when a step button is pressed: every field, plus the step."""
    data = factories.change_form_data(article, photos=list(photos), **typed)
    data |= {"_workflow_step": action, f"step-{action}-note": note, f"step-{action}-publish_at": publish_at}
    return client.post(_change_url(article), data)


def _state(article: Article) -> tuple:
    article.refresh_from_db()
    return (
        article.title,
        article.body,
        article.status,
        article.published_at,
        article.version,
        ArticleEvent.objects.filter(article=article).count(),
        Revision.objects.filter(article=article).count(),
        list(article.photos.values_list("pk", "caption", "alt_text")),
        LogEntry.objects.count(),
    )


def _page(response) -> str:
    return response.content.decode()


# -- what goes live is what was on screen --


def test_an_edit_followed_by_publish_publishes_the_edited_text(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    version_before = article.version

    response = _press(client, article, "publish", title="Cầu Hóa An thông xe sau 2 năm", body="<p>Đoạn một đã sửa.</p>")

    assert response.status_code == 302 and response["Location"] == _change_url(article)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.is_published()
    assert (article.title, article.body) == ("Cầu Hóa An thông xe sau 2 năm", "<p>Đoạn một đã sửa.</p>")
    assert article.version == version_before + 2  # one for the save, one for the step
    snapshot = Revision.objects.get(article=article, reason=Revision.Reason.PUBLISH).content
    assert snapshot["title"] == "Cầu Hóa An thông xe sau 2 năm"  # the lưu chiểu copy is the edited text
    assert snapshot["body"] == "<p>Đoạn một đã sửa.</p>"
    public = client.get(article.get_absolute_url())
    assert "Đoạn một đã sửa." in _page(public)
    messages = [str(message) for message in response.wsgi_request._messages]
    assert len(messages) == 2  # "saved first", then the step


def test_an_edit_followed_by_submit_submits_the_edited_text(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])

    response = _press(client, article, "submit", sapo="(ĐN) - Sapo viết lại.")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.sapo) == (S.IN_REVIEW, "(ĐN) - Sapo viết lại.")
    submitted = Revision.objects.get(article=article, reason=Revision.Reason.SUBMIT)
    assert submitted.content["sapo"] == "(ĐN) - Sapo viết lại."


def test_a_step_on_an_unchanged_form_writes_no_save(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    log_entries = LogEntry.objects.count()
    version_before, last_event = article.version, ArticleEvent.objects.filter(article=article).latest("pk").pk

    response = _press(client, article, "publish")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.version == version_before + 1  # the step's bump only
    new_events = ArticleEvent.objects.filter(article=article, pk__gt=last_event)
    assert list(new_events.values_list("action", flat=True)) == ["publish"]
    assert LogEntry.objects.count() == log_entries  # no "changed" entry for a save that did not happen


def test_a_published_articles_edit_and_take_down_are_one_save_and_one_step(client, people):
    article = _article(S.PUBLISHED, people["reporter"])
    client.force_login(people["editor"])
    last_event = ArticleEvent.objects.filter(article=article).latest("pk").pk

    response = _press(client, article, "take_down", note="Sai nguồn tin", title="Tít đã sửa trước khi gỡ")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title) == (S.TAKEN_DOWN, "Tít đã sửa trước khi gỡ")
    actions = list(ArticleEvent.objects.filter(article=article, pk__gt=last_event).values_list("action", "note"))
    assert actions == [("edit", ""), ("take_down", "Sai nguồn tin")]


def test_typing_the_missing_alt_text_and_publishing_in_one_press_works(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    photo = factories.photo(article, caption="Cầu mới", alt_text="")
    client.force_login(people["editor"])

    row = {"id": photo.pk, "caption": "Cầu mới", "alt_text": "Cây cầu thép màu trắng bắc qua sông Đồng Nai"}
    response = _press(client, article, "publish", photos=[row])

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert Photo.objects.get(pk=photo.pk).alt_text == "Cây cầu thép màu trắng bắc qua sông Đồng Nai"


def test_a_publication_time_typed_day_first_schedules_the_edited_article(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    when = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)

    response = _press(client, article, "publish", publish_at=when.strftime("%d/%m/%Y %H:%M"), title="Tít lên lịch")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_at == when and article.is_scheduled and article.title == "Tít lên lịch"
    assert ArticleEvent.objects.filter(article=article, action=ArticleEvent.Action.SCHEDULE).exists()


# -- every kind of failure: nothing saved, no step, the form back with the errors and the typed text --


def test_a_validation_error_saves_nothing_and_takes_no_step(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    before = _state(article)

    response = _press(client, article, "publish", title="", sapo="Sapo mới chưa lưu")

    assert response.status_code == 200
    assert _state(article) == before
    page = _page(response)
    assert "Sapo mới chưa lưu" in page  # the typed text is still in the form
    assert "workflow-refusal" in page and response.context["step_pressed"] == "publish"
    assert response.context["adminform"].form.errors["title"]


def test_an_edit_conflict_saves_nothing_and_takes_no_step(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    stale = factories.change_form_data(article)
    client.force_login(people["chief"])
    first = factories.change_form_data(article, title="Bản đã lưu trước")
    assert client.post(_change_url(article), first).status_code == 302
    before = _state(article)

    client.force_login(people["editor"])
    data = stale | {"title": "Bản từ bản sao cũ", "_workflow_step": "publish", "step-publish-publish_at": ""}
    response = client.post(_change_url(article), data)

    assert response.status_code == 200
    assert _state(article) == before
    page = _page(response)
    assert 'value="Bản từ bản sao cũ"' in page
    assert [error.code for error in response.context["adminform"].form.errors.as_data()["__all__"]] == ["edit_conflict"]


def test_missing_alt_text_on_publish_rolls_the_save_back(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    photo = factories.photo(article, caption="Cầu mới", alt_text="")
    client.force_login(people["editor"])
    before = _state(article)

    row = {"id": photo.pk, "caption": "Chú thích đã sửa", "alt_text": ""}
    response = _press(client, article, "publish", photos=[row], title="Tít sửa nhưng không được lưu")

    assert response.status_code == 200
    assert _state(article) == before  # neither the title nor the caption was kept, and no step
    page = _page(response)
    assert 'value="Tít sửa nhưng không được lưu"' in page and "Chú thích đã sửa" in page
    assert "photo 1" in response.context["step_refusal"] or "ảnh 1" in response.context["step_refusal"]
    assert [error.code for error in response.context["adminform"].form.errors.as_data()["__all__"]] == ["step_refused"]


def test_a_new_photo_refused_with_the_step_is_not_kept_and_the_page_says_so(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    upload = {"image": SimpleUploadedFile("cau.jpg", factories.image_bytes(), "image/jpeg"), "caption": "Ảnh mới"}

    response = _press(client, article, "publish", photos=[upload])

    assert response.status_code == 200
    assert not article.photos.exists()
    assert response.context["uploads_dropped"] is True
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_a_missing_note_is_refused_before_anything_is_saved(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    before = _state(article)

    response = _press(client, article, "return", note="   ", title="Tít gõ dở")

    assert response.status_code == 200
    assert _state(article) == before
    assert 'value="Tít gõ dở"' in _page(response)
    assert response.context["step_pressed"] == "return"


def test_a_bad_publication_time_is_refused_in_vietnamese_and_kept_as_typed(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    before = _state(article)

    response = _press(client, article, "publish", publish_at="12/31/2026 2:30 PM", title="Tít gõ dở")

    assert response.status_code == 200
    assert _state(article) == before
    page = _page(response)
    assert 'value="12/31/2026 2:30 PM"' in page
    assert "ngày/tháng/năm giờ:phút" in page


def test_a_time_in_the_past_rolls_the_save_back(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    before = _state(article)

    response = _press(client, article, "publish", publish_at="01/01/2020 08:00", title="Tít sửa")

    assert response.status_code == 200
    assert _state(article) == before
    assert "workflow-refusal" in _page(response)


# -- who may press what --


def test_a_reporter_publishing_through_the_form_gets_403_and_nothing_is_saved(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    before = _state(article)

    response = _press(client, article, "publish", title="Tự đăng")

    assert response.status_code == 403
    assert _state(article) == before


@pytest.mark.parametrize(
    ("role", "state", "action", "expected"),
    [
        ("anonymous", S.DRAFT, "submit", 302),  # to the login page
        ("other_reporter", S.DRAFT, "submit", 404),  # not theirs to know about
        ("reporter", S.IN_REVIEW, "publish", 403),
        ("reporter", S.IN_REVIEW, "submit", 403),  # may view, not edit, once submitted
        ("editor", S.DRAFT, "publish", 200),  # not from a draft: refused, form shown again
        ("editor", S.DRAFT, "no_such_step", 404),
        ("chief", S.IN_REVIEW, "publish", 302),
    ],
)
def test_who_may_press_a_step_on_the_form(client, people, role, state, action, expected):
    article = _article(state, people["reporter"])
    if role != "anonymous":
        client.force_login(people[role])
    before = _state(article)

    response = _press(client, article, action, title="Tít từ một lần bấm")

    assert response.status_code == expected, role
    if expected == 302 and role != "anonymous":
        article.refresh_from_db()
        assert article.title == "Tít từ một lần bấm"
    else:
        assert _state(article) == before
        if expected == 302:
            assert "/login/" in response["Location"]


def test_the_step_page_still_takes_a_day_first_time_and_says_why_a_bad_one_is_refused(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])

    response = client.post(url, {"version": article.version, "publish_at": "31/02/2026 10:00"})
    assert response.status_code == 400
    page = _page(response)
    assert "ngày/tháng/năm giờ:phút" in page and 'placeholder="dd/mm/yyyy HH:MM"' in page
    assert 'type="datetime-local"' not in page

    when = (timezone.localtime() + timedelta(hours=2)).replace(second=0, microsecond=0)
    response = client.post(url, {"version": article.version, "publish_at": when.strftime("%d/%m/%Y %H:%M")})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_at == when


def test_the_change_form_offers_the_steps_as_its_own_buttons_with_a_text_time_box(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])

    page = _page(client.get(_change_url(article)))

    assert 'form="article_form" name="_workflow_step" value="publish"' in page
    assert 'name="step-publish-publish_at"' in page and 'placeholder="dd/mm/yyyy HH:MM"' in page
    assert 'type="datetime-local"' not in page
    assert 'inputmode="numeric"' in page
    # Save stays the button Enter presses: it comes before every step button in the page.
    assert page.index('class="desk-default-submit"') < page.index('name="_workflow_step"')


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("08/09/2026 14:30", (2026, 9, 8, 14, 30)),  # day first: 8 September, never 9 August
        ("8/9/2026 9:05", (2026, 9, 8, 9, 5)),
        ("080920261430", (2026, 9, 8, 14, 30)),  # a phone's number pad, separators left out
        ("08.09.2026 14.30", (2026, 9, 8, 14, 30)),
        ("2026-09-08T14:30", (2026, 9, 8, 14, 30)),  # what a script posts
        ("", None),
        ("31/02/2026 10:00", "invalid"),
        ("09/08/2026 2:30 PM", "invalid"),  # no AM/PM: a 24-hour clock
        ("08/09/2026 24:00", "invalid"),
        ("ngày mai", "invalid"),
    ],
)
def test_a_publication_time_is_read_day_first_on_the_24_hour_clock_in_vietnam_time(typed, expected):
    from django import forms

    from articles.forms import PublishTimeField

    field = PublishTimeField(required=False)
    if expected == "invalid":
        with pytest.raises(forms.ValidationError):
            field.clean(typed)
        return
    value = field.clean(typed)
    if expected is None:
        assert value is None
        return
    local = timezone.localtime(value)
    assert (local.year, local.month, local.day, local.hour, local.minute) == expected
    assert local.utcoffset() == timedelta(hours=7)  # Asia/Ho_Chi_Minh, whatever the browser's zone


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no SELECT … FOR UPDATE, the row lock this test is about",
)
@pytest.mark.django_db(transaction=True)
def test_a_publish_with_edits_and_a_plain_save_at_the_same_moment_never_publish_unseen_text():
    from django.test import Client

    from articles.roles import ensure_groups
    from tests.concurrency import run_threads

    ensure_groups()  # a transactional test before this one flushed the data migration's groups
    reporter = factories.staff_member("pv_cung_luc", REPORTER)
    editors = [factories.staff_member(f"btv_cung_luc_{number}", EDITOR) for number in (1, 2)]
    article = _article(S.IN_REVIEW, reporter)
    posts = [
        factories.change_form_data(article, title="Bản bấm Đăng bài")
        | {"_workflow_step": "publish", "step-publish-note": "", "step-publish-publish_at": ""},
        factories.change_form_data(article, title="Bản chỉ bấm Lưu"),
    ]
    statuses: dict[int, int] = {}

    def press(index: int) -> None:
        client = Client()
        client.force_login(editors[index])
        statuses[index] = client.post(_change_url(article), posts[index]).status_code

    assert run_threads(2, press) == []

    # The row lock lets exactly one through; the other is refused as an edit conflict with its text kept.
    assert sorted(statuses.values()) == [200, 302], statuses
    article.refresh_from_db()
    if statuses[0] == 302:
        assert (article.status, article.title) == (S.PUBLISHED, "Bản bấm Đăng bài")
        published = Revision.objects.get(article=article, reason=Revision.Reason.PUBLISH)
        assert published.content["title"] == "Bản bấm Đăng bài"  # what the editor saw is what went live
    else:
        assert (article.status, article.title) == (S.IN_REVIEW, "Bản chỉ bấm Lưu")  # nothing published unseen


def test_the_first_byline_typed_in_the_form_is_the_only_one(client, people):
    from articles.models import Author, Byline

    article = _article(S.DRAFT, people["reporter"])
    author = Author.objects.create(name="Nguyễn Văn An", slug="nguyen-van-an")
    client.force_login(people["reporter"])
    data = factories.change_form_data(article) | {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-article": str(article.pk),
        "bylines-0-author": str(author.pk),
        "bylines-0-role": "text",
        "bylines-0-position": "0",
    }

    response = _press(client, article, "submit", **{k: v for k, v in data.items() if k.startswith("bylines-")})

    assert response.status_code == 302
    # Not also the reporter's own byline, which is only for an article saved with none.
    assert list(Byline.objects.filter(article=article).values_list("author", flat=True)) == [author.pk]


def test_the_panels_shareable_preview_link_button_works(client, people):
    # The button sits in the workflow panel beside the steps; it used to answer 500 (require_POST on a ModelAdmin).
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_preview_link", args=[article.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "/xem-truoc/" in " ".join(str(message) for message in response.context["messages"])
