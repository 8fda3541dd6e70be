"""Alt text before publication: no step puts a photo before readers without a description for those who cannot
see it, and an edit of a published article cannot take one away.

Which steps publish is written out by hand from the table in articles.workflow's docstring (publish, the
editor-in-chief's final publish under the second level, republish), not read from articles.workflow.
"""

from datetime import timedelta

import pytest
from django.conf import settings as project_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, ArticleEvent, Photo, Revision
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from articles.workflow import MissingAltText, transition
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def people(db):
    return {
        "reporter": factories.staff_member("pv", REPORTER),
        "editor": factories.staff_member("btv", EDITOR),
        "chief": factories.staff_member("tbt", EDITOR_IN_CHIEF),
    }


def _article(status: str, author) -> Article:
    ever_published = status in (S.PUBLISHED, S.TAKEN_DOWN)
    when = timezone.now() - timedelta(days=1) if ever_published else None
    return factories.article(status=status, published_at=when, created_by=author)


def _with_photos(article: Article) -> tuple[Photo, Photo, Photo]:
    """One photo described, one with no alt text, one whose alt text is only spaces."""
    described = factories.photo(
        article, caption="Toàn cảnh cầu Hóa An", alt_text="Cây cầu nhìn từ trên cao", position=0
    )
    bare = factories.photo(article, caption="Lễ cắt băng khánh thành", alt_text="", position=1)
    blank = factories.photo(article, caption="", alt_text="   ", position=2)
    return described, bare, blank


def _state(article: Article) -> tuple:
    article.refresh_from_db()
    return (
        article.status,
        article.published_at,
        article.version,
        ArticleEvent.objects.filter(article=article).count(),
        Revision.objects.filter(article=article).count(),
    )


def _english(client) -> None:
    # The admin speaks English for this client: messages are checked before the Vietnamese catalogue has them.
    client.cookies[project_settings.LANGUAGE_COOKIE_NAME] = "en"


# (sign-off level on?, starting status, action, who takes it): every step that leads to "published".
PUBLISHING_STEPS = [
    pytest.param(False, S.IN_REVIEW, "publish", "editor", id="publish"),
    pytest.param(False, S.TAKEN_DOWN, "republish", "editor", id="republish"),
    pytest.param(True, S.APPROVED, "publish", "chief", id="sign-off-publish"),
    pytest.param(True, S.TAKEN_DOWN, "republish", "chief", id="sign-off-republish"),
]


@pytest.mark.parametrize(("sign_off", "status", "action", "who"), PUBLISHING_STEPS)
def test_every_publishing_step_refuses_photos_without_alt_text_and_changes_nothing(
    settings, people, sign_off, status, action, who
):
    settings.NEWSROOM_SIGN_OFF = sign_off
    article = _article(status, people["reporter"])
    _described, bare, blank = _with_photos(article)
    before = _state(article)

    with translation.override("en"), pytest.raises(MissingAltText) as refused:
        transition(article, action, people[who])

    assert _state(article) == before
    message = str(refused.value)
    # Named as the editor finds them in the admin: by their place in the list, with the caption when there is one.
    assert "photo 2 (“Lễ cắt băng khánh thành”)" in message
    assert "photo 3" in message
    assert "photo 1" not in message and "Toàn cảnh cầu Hóa An" not in message

    bare.alt_text, blank.alt_text = "Lãnh đạo tỉnh cắt băng", "Người dân đi bộ qua cầu"
    Photo.objects.bulk_update([bare, blank], ["alt_text"])
    transition(article, action, people[who])
    article.refresh_from_db()
    assert article.status == S.PUBLISHED


def test_submitting_and_approving_a_draft_without_alt_text_are_allowed(settings, people):
    settings.NEWSROOM_SIGN_OFF = True
    article = _article(S.DRAFT, people["reporter"])
    _with_photos(article)

    transition(article, "submit", people["reporter"])
    transition(article, "approve", people["editor"])

    article.refresh_from_db()
    assert article.status == S.APPROVED


def test_an_article_without_photos_publishes(people):
    article = _article(S.IN_REVIEW, people["reporter"])
    transition(article, "publish", people["editor"])
    article.refresh_from_db()
    assert article.is_published()


def test_scheduling_is_refused_the_same_way(people):
    article = _article(S.IN_REVIEW, people["reporter"])
    factories.photo(article, alt_text="")
    with pytest.raises(MissingAltText):
        transition(article, "publish", people["editor"], publish_at=timezone.now() + timedelta(hours=3))
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.IN_REVIEW, None)


# ---------------------------------------------------------------------------------------------------
# Through the real admin
# ---------------------------------------------------------------------------------------------------


def _transition_url(article: Article, action: str) -> str:
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_publish_button_is_refused_with_the_photos_named_and_works_once_they_are_described(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    _described, bare, blank = _with_photos(article)
    before = _state(article)
    client.force_login(people["editor"])
    _english(client)

    response = client.post(_transition_url(article, "publish"), {"version": article.version})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errornote"' in page
    assert "photo 2 (“Lễ cắt băng khánh thành”)" in page and "photo 3" in page
    assert _state(article) == before

    Photo.objects.filter(pk__in=[bare.pk, blank.pk]).update(alt_text="Quang cảnh buổi lễ")
    response = client.post(_transition_url(article, "publish"), {"version": article.version})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published()


def test_the_editor_in_chiefs_sign_off_button_is_refused_too(client, settings, people):
    settings.NEWSROOM_SIGN_OFF = True
    article = _article(S.APPROVED, people["reporter"])
    factories.photo(article, caption="Đại biểu dự hội nghị", alt_text="")
    before = _state(article)
    client.force_login(people["chief"])
    _english(client)

    response = client.post(_transition_url(article, "publish"), {"version": article.version})

    assert response.status_code == 400
    assert "Đại biểu dự hội nghị" in response.content.decode()
    assert _state(article) == before


def test_the_republish_button_is_refused_too(client, people):
    article = _article(S.TAKEN_DOWN, people["reporter"])
    factories.photo(article, caption="Hiện trường vụ cháy", alt_text="")
    before = _state(article)
    client.force_login(people["editor"])

    response = client.post(_transition_url(article, "republish"), {"version": article.version})

    assert response.status_code == 400
    assert "Hiện trường vụ cháy" in response.content.decode()
    assert _state(article) == before


def test_bulk_publish_reports_the_article_whose_photos_lack_alt_text_and_publishes_the_others(client, people):
    ready = _article(S.IN_REVIEW, people["reporter"])
    factories.photo(ready)
    missing = _article(S.IN_REVIEW, people["reporter"])
    factories.photo(missing, caption="Nông dân thu hoạch điều", alt_text="")
    client.force_login(people["editor"])
    _english(client)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, missing.pk]},
        follow=True,
    )

    ready.refresh_from_db(), missing.refresh_from_db()
    assert (ready.status, missing.status) == (S.PUBLISHED, S.IN_REVIEW)
    page = response.content.decode()
    assert missing.title in page and "Nông dân thu hoạch điều" in page


def _step_button(action: str) -> str:
    """A workflow button of the change form (it saves what is typed, then takes the step)."""
    return f'name="_workflow_step" value="{action}"'


def test_the_change_page_warns_before_anyone_presses_publish(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    _with_photos(article)
    client.force_login(people["editor"])
    _english(client)

    page = client.get(_change_url(article)).content.decode()

    assert "workflow-warning" in page
    # Not offered: the panel says why instead, each photo linked to its block of fields in the form below.
    assert _step_button("publish") not in page
    assert "“Publish” is not possible yet." in page
    assert '<a href="#photos-1">photo 2 (“Lễ cắt băng khánh thành”)</a>' in page
    assert '<a href="#photos-2">photo 3</a>' in page
    assert 'href="#photos-0"' not in page  # the described one
    assert 'id="photos-1"' in page  # the admin's own inline block the link lands on
    # What can succeed is still offered.
    assert _step_button("return") in page

    Photo.objects.filter(article=article).update(alt_text="Mô tả")
    page = client.get(_change_url(article)).content.decode()
    assert "workflow-warning" not in page
    assert _step_button("publish") in page


def test_a_refused_publish_links_each_photo_to_its_fields_in_the_form(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    _with_photos(article)
    client.force_login(people["editor"])
    _english(client)

    response = client.post(_transition_url(article, "publish"), {"version": article.version})

    assert response.status_code == 400
    assert isinstance(response.context["refusal"], MissingAltText)
    assert [(photo.number, photo.anchor) for photo in response.context["refusal"].photos] == [
        (2, "photos-1"),
        (3, "photos-2"),
    ]
    page = response.content.decode()
    change_url = _change_url(article)
    assert f'<a href="{change_url}#photos-1">photo 2 (“Lễ cắt băng khánh thành”)</a>' in page
    assert f'<a href="{change_url}#photos-2">photo 3</a>' in page


def test_the_refusal_names_the_photos_in_vietnamese(people):
    article = _article(S.IN_REVIEW, people["reporter"])
    _with_photos(article)
    with pytest.raises(MissingAltText) as refused:
        transition(article, "publish", people["editor"])
    assert "ảnh 2 (“Lễ cắt băng khánh thành”)" in str(refused.value)


def _edit_post(article: Article, photos: list[dict]) -> dict:
    return factories.change_form_data(article, photos=photos)


def _existing(photo: Photo, **changes) -> dict:
    return {"id": photo.pk, "caption": photo.caption, "alt_text": photo.alt_text, "position": photo.position} | changes


def test_emptying_a_published_articles_alt_text_in_the_admin_is_refused_on_that_photo(client, people):
    article = _article(S.PUBLISHED, people["reporter"])
    first = factories.photo(article, caption="Ảnh một", alt_text="Cầu Hóa An", position=0)
    second = factories.photo(article, caption="Ảnh hai", alt_text="Người dân qua cầu", position=1)
    before = _state(article)
    client.force_login(people["editor"])

    response = client.post(
        _change_url(article), _edit_post(article, [_existing(first), _existing(second, alt_text="   ")])
    )

    assert response.status_code == 200  # the form again, with its errors
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photos").formset
    assert not formset.forms[0].errors
    assert [error.code for error in formset.forms[1].errors.as_data()["alt_text"]] == ["alt_text_required"]
    second.refresh_from_db()
    assert second.alt_text == "Người dân qua cầu"
    assert _state(article) == before

    # With the description kept, the same edit goes through.
    response = client.post(_change_url(article), _edit_post(article, [_existing(first), _existing(second)]))
    assert response.status_code == 302


def test_a_photo_added_to_a_published_article_needs_alt_text_but_one_may_be_removed(client, people):
    article = _article(S.PUBLISHED, people["reporter"])
    kept = factories.photo(article, caption="Ảnh cũ", alt_text="Mô tả ảnh cũ", position=0)
    client.force_login(people["editor"])
    upload = {"image": SimpleUploadedFile("anh-moi.jpg", factories.image_bytes(), "image/jpeg"), "caption": "Ảnh mới"}

    response = client.post(_change_url(article), _edit_post(article, [_existing(kept), upload]))
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photos").formset
    assert [error.code for error in formset.forms[1].errors.as_data()["alt_text"]] == ["alt_text_required"]
    assert article.photos.count() == 1

    response = client.post(
        _change_url(article),
        _edit_post(article, [_existing(kept, alt_text="", DELETE="on")]),
    )
    assert response.status_code == 302
    assert not article.photos.exists()


def test_a_drafts_photos_may_be_saved_without_alt_text(client, people):
    article = _article(S.DRAFT, people["reporter"])
    photo = factories.photo(article, caption="Ảnh nháp", alt_text="Mô tả tạm")
    client.force_login(people["reporter"])

    response = client.post(_change_url(article), _edit_post(article, [_existing(photo, alt_text="")]))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == ""
