"""Autosave through the real admin: the endpoint keeps a person's unsaved text per article, never as the article,
never for anyone who may not edit it; the change form offers it back with a diff; a successful save ends it."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAutosave, ArticleEvent, Revision
from articles.roles import EDITOR, REPORTER
from articles.workflow import autosave, transition
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status
SECRET = "Câu chưa lưu ZQX-5521"


@pytest.fixture
def people(db):
    return {
        "reporter": factories.staff_member("pv_tuluu", REPORTER, last_name="Trần", first_name="Khoa"),
        "other_reporter": factories.staff_member("pv_khac_tuluu", REPORTER),
        "editor": factories.staff_member("btv_tuluu", EDITOR, last_name="Lê", first_name="Thị Hằng"),
        "other_editor": factories.staff_member("btv2_tuluu", EDITOR),
    }


def _article(status: str, author) -> Article:
    published_at = timezone.now() - timedelta(hours=1) if status == S.PUBLISHED else None
    return factories.article(
        title="Chợ Biên Hòa sửa mái",
        body="<p>Đoạn một.</p><p>Đoạn hai.</p>",
        status=status,
        published_at=published_at,
        created_by=author,
    )


def _url(article: Article | None, name: str = "autosave") -> str:
    if article is None:
        return reverse(f"admin:articles_article_{name}_new")
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


def _send(client, article: Article | None, fields: dict, **extra):
    payload = {"fields": fields, "base_version": article.version if article else None, **extra}
    return client.post(_url(article), json.dumps(payload), content_type="application/json")


def _typed(article: Article, **changes) -> dict:
    return {"title": article.title, "sapo": article.sapo, "body": article.body, "section": str(article.section_id),
            "tags": "", "loaded_version": str(article.version)} | changes  # fmt: skip


def _untouched(article: Article) -> tuple:
    article.refresh_from_db()
    return (article.title, article.body, article.version, article.events.count(), article.revisions.count())


def test_the_autosave_keeps_the_text_apart_from_the_article(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    before = _untouched(article)
    client.force_login(people["editor"])

    # Sent at a known moment: a minute turning between the send and the check must not fail the label.
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        response = _send(client, article, _typed(article, body=f"<p>Đoạn một.</p><p>{SECRET}</p>"))
        sent_at = timezone.localtime()

    assert response.status_code == 200
    answer = response.json()
    assert answer["saved_at_label"] == sent_at.strftime("%H:%M")
    copy = ArticleAutosave.objects.get(user=people["editor"], article=article)
    assert copy.fields["body"] == f"<p>Đoạn một.</p><p>{SECRET}</p>" and copy.base_version == article.version
    assert _untouched(article) == before  # not the article, not a revision, not an event
    assert not Revision.objects.filter(content__icontains="ZQX-5521").exists()


def test_a_second_send_replaces_the_first_copy(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    _send(client, article, _typed(article, title="Bản một"))
    _send(client, article, _typed(article, title="Bản hai"))
    assert list(ArticleAutosave.objects.values_list("fields__title", flat=True)) == ["Bản hai"]


def test_opening_the_article_again_offers_the_copy_with_a_diff(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 6, 14, 32)), tick=False):
        _send(client, article, _typed(article, body=f"<p>Đoạn một.</p><p>Đoạn hai. {SECRET}</p>"))

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Khôi phục bản tự lưu lúc 14:32" in page
    assert "Câu chưa lưu ZQX-5521</ins>" in page  # the added sentence, marked as added
    assert 'id="autosave-fields"' in page  # the copy's fields, for desk.js to put back into the form


def test_only_the_writer_is_offered_their_copy(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    _send(client, article, _typed(article, title=SECRET))

    client.force_login(people["other_editor"])
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert SECRET not in page and "autosave-offer-heading" not in page


def test_a_successful_save_deletes_the_writers_copy(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    _send(client, article, _typed(article, title=SECRET))
    client.force_login(people["other_editor"])
    _send(client, article, _typed(article, title="Bản của người khác"))

    client.force_login(people["editor"])
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        factories.change_form_data(article, title=SECRET),
    )

    assert response.status_code == 302
    assert not ArticleAutosave.objects.filter(user=people["editor"]).exists()
    assert ArticleAutosave.objects.filter(user=people["other_editor"]).exists()  # theirs is theirs


def test_a_refused_save_keeps_the_copy(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    _send(client, article, _typed(article, title=SECRET))

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), factories.change_form_data(article, title="")
    )

    assert response.status_code == 200
    assert ArticleAutosave.objects.filter(user=people["editor"], article=article).exists()
    assert 'data-unsaved="1"' in response.content.decode()  # desk.js treats the shown-again form as unsaved


def test_the_add_form_keeps_a_copy_of_a_new_article_and_the_first_save_ends_it(client, people):
    client.force_login(people["reporter"])
    section = factories.section()
    response = _send(client, None, {"title": SECRET, "sapo": "Sapo", "body": "<p>Thân bài</p>"})
    assert response.status_code == 200
    assert ArticleAutosave.objects.get(user=people["reporter"], article=None).fields["title"] == SECRET

    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Khôi phục bản tự lưu lúc" in page

    data = factories.change_form_data(factories.article(title="tạm", in_section=section), title=SECRET)
    data.pop("loaded_version")
    response = client.post(reverse("admin:articles_article_add"), data | {"slug": ""})
    assert response.status_code == 302
    assert not ArticleAutosave.objects.filter(user=people["reporter"]).exists()


def test_discarding_deletes_the_copy(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    _send(client, article, _typed(article, title=SECRET))

    assert client.post(_url(article, "autosave_discard")).status_code == 200
    assert not ArticleAutosave.objects.exists()


def test_the_copy_is_never_public(client, people):
    article = _article(S.PUBLISHED, people["reporter"])
    client.force_login(people["editor"])
    _send(client, article, _typed(article, body=f"<p>{SECRET}</p>"))
    client.logout()

    assert SECRET not in client.get(article.get_absolute_url()).content.decode()
    assert SECRET not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("anonymous", S.DRAFT, 302),  # to the login page
        ("other_reporter", S.DRAFT, 404),  # whether it exists is not theirs to know
        ("other_reporter", S.PUBLISHED, 403),  # may read it, not edit it
        ("reporter", S.DRAFT, 200),
        ("reporter", S.IN_REVIEW, 403),  # submitted: the reporter no longer edits it
        ("reporter", S.PUBLISHED, 403),
        ("editor", S.DRAFT, 200),
        ("editor", S.PUBLISHED, 200),
    ],
)
def test_who_may_keep_a_copy(client, people, role, state, expected):
    article = _article(state, people["reporter"])
    if role != "anonymous":
        client.force_login(people[role])

    response = _send(client, article, _typed(article, title=SECRET))
    kept = ArticleAutosave.objects.exists()
    discard = client.post(_url(article, "autosave_discard"))

    assert response.status_code == expected and discard.status_code == expected
    assert kept is (expected == 200)
    if expected != 200:
        assert SECRET not in response.content.decode()


def test_a_copy_is_no_longer_offered_once_its_writer_may_not_edit_the_article(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    _send(client, article, _typed(article, title=SECRET))
    transition(article, "submit", people["reporter"])
    article.refresh_from_db()

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert SECRET not in page
    assert autosave.autosave_for(people["reporter"], article) is None


def test_a_get_is_not_an_autosave(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    assert client.get(_url(article)).status_code == 404


def test_the_autosave_is_csrf_protected(people):
    article = _article(S.DRAFT, people["reporter"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["reporter"])
    response = _send(client, article, _typed(article, title=SECRET))
    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_a_copy_too_large_or_malformed_is_refused(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])

    huge = _send(client, article, _typed(article, body="<p>" + "x" * autosave.MAX_BYTES + "</p>"))
    not_json = client.post(_url(article), "{not json", content_type="application/json")
    not_text = _send(client, article, {"title": ["a list"]})
    not_fields = _send(client, article, "a string")

    assert huge.status_code == 413
    assert (not_json.status_code, not_text.status_code, not_fields.status_code) == (400, 400, 400)
    assert not ArticleAutosave.objects.exists()


def test_only_the_forms_text_fields_are_kept(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    _send(
        client,
        article,
        _typed(article) | {"csrfmiddlewaretoken": "x", "status": "published", "photos-0-caption": "Ảnh"},
    )
    kept = ArticleAutosave.objects.get().fields
    assert "csrfmiddlewaretoken" not in kept and "status" not in kept and kept["photos-0-caption"] == "Ảnh"


def test_a_copy_typed_offline_keeps_the_time_it_was_typed(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    typed = timezone.now() - timedelta(minutes=40)

    response = _send(client, article, _typed(article, title=SECRET), offer=True, typed_at=typed.timestamp() * 1000)

    answer = response.json()
    assert answer["saved_at_label"] == timezone.localtime(typed).strftime("%H:%M")
    assert f"Khôi phục bản tự lưu lúc {answer['saved_at_label']}" in answer["offer_html"]
    assert "<ins>ZQX-5521</ins>" in answer["offer_html"]
    # A time from the future (a wrong clock) is not believed.
    _send(
        client, article, _typed(article, title=SECRET), typed_at=(timezone.now() + timedelta(days=2)).timestamp() * 1000
    )
    assert ArticleAutosave.objects.get().saved_at <= timezone.now()


def test_the_offer_warns_when_the_article_was_saved_after_the_copy_and_names_pending_photos(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    _send(client, article, _typed(article, title=SECRET), photos_pending=True)
    client.force_login(people["other_editor"])
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        factories.change_form_data(article, title="Người khác đã lưu"),
    )

    client.force_login(people["editor"])
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "restoring it replaces their changes" in page or "khôi phục sẽ thay phần họ đã sửa" in page
    assert "tệp ảnh không được tự lưu" in page


def test_a_copy_equal_to_the_saved_article_is_not_offered(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    events = ArticleEvent.objects.filter(article=article).count()
    _send(client, article, _typed(article))
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "autosave-offer-heading" not in page
    assert not ArticleAutosave.objects.exists()
    assert ArticleEvent.objects.filter(article=article).count() == events  # a kept copy is no step in the trail


def test_a_kept_copy_of_a_new_article_that_was_added_since_is_not_offered_again(client, people):
    client.force_login(people["reporter"])
    typed = timezone.now() - timedelta(minutes=3)
    factories.article(title=SECRET, status=S.DRAFT, created_by=people["reporter"])

    response = _send(client, None, {"title": SECRET, "body": "<p>x</p>"}, offer=True, typed_at=typed.timestamp() * 1000)

    assert response.json() == {"already_saved": True, "offer_html": ""}
    assert not ArticleAutosave.objects.exists()
    # Another title, or another person's article of that title, is a copy worth offering.
    response = _send(
        client, None, {"title": "Bài khác", "body": "<p>x</p>"}, offer=True, typed_at=typed.timestamp() * 1000
    )
    assert "Khôi phục bản tự lưu lúc" in response.json()["offer_html"]


def test_a_copy_that_only_moves_the_article_to_another_section_is_offered(client, people):
    article = _article(S.DRAFT, people["reporter"])
    other = factories.section(name="Nông nghiệp xanh", slug="nong-nghiep-xanh")
    client.force_login(people["reporter"])
    _send(client, article, _typed(article, section=str(other.pk)))

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Khôi phục bản tự lưu lúc" in page
    assert f"<del>{article.section.name}</del> <ins>Nông nghiệp xanh</ins>" in page


def test_the_copy_keeps_what_chosen_options_read_for_the_form_to_show_them_again(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    fields = _typed(article, title=SECRET) | {"bylines-TOTAL_FORMS": "1", "bylines-0-author": "41"}
    labels = {"bylines-0-author": "Nguyễn Văn An", "section": "x" * 1000, "evil": "dropped"}

    _send(client, article, fields, labels=labels)

    copy = ArticleAutosave.objects.get()
    assert copy.labels == {"bylines-0-author": "Nguyễn Văn An", "section": "x" * 300}
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'id="autosave-labels"' in page and "Nguy\\u1ec5n V\\u0103n An" in page


def test_a_note_typed_for_a_step_is_kept_and_offered(client, people):
    article = _article(S.IN_REVIEW, people["reporter"])
    client.force_login(people["editor"])
    _send(client, article, _typed(article) | {"step-return-note": "Cần thêm ý kiến của Sở Giao thông"})

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Khôi phục bản tự lưu lúc" in page and "<ins>Cần thêm ý kiến của Sở Giao thông</ins>" in page


def test_a_copy_kept_offline_does_not_replace_one_typed_later(client, people):
    article = _article(S.DRAFT, people["reporter"])
    client.force_login(people["reporter"])
    _send(client, article, _typed(article, title="Gõ sau, ở thẻ khác"))
    earlier = (timezone.now() - timedelta(minutes=10)).timestamp() * 1000

    response = _send(client, article, _typed(article, title="Gõ trước, lúc mất mạng"), typed_at=earlier, offer=True)

    assert ArticleAutosave.objects.get().fields["title"] == "Gõ sau, ở thẻ khác"
    offered = re.search(r'id="autosave-fields" type="application/json">(.*?)</script>', response.json()["offer_html"])
    assert json.loads(offered.group(1))["title"] == "Gõ sau, ở thẻ khác"  # what is offered is the newest copy
