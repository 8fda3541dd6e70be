"""Corrections (Press Law, Art. 42): the one door that records them, the box under the article and /cai-chinh/."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.corrections import CorrectionIncomplete, CorrectionNotAllowed, correction_record
from articles.models import Article, ArticleEvent, Correction, Revision
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from articles.workflow import TransitionForbidden, WorkflowError, record_edit
from tests import caches, factories

pytestmark = pytest.mark.django_db

Kind = Correction.Kind
CORRECTIONS_URL = "/cai-chinh/"


@pytest.fixture
def editor(django_user_model):
    return factories.staff_member("bientap", EDITOR, last_name="Trần", first_name="Minh Khoa")


@pytest.fixture
def reporter(django_user_model):
    return factories.staff_member("phongvien", REPORTER)


def _local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def _record(article, user, **overrides) -> Correction:
    fields = {"kind": Kind.ERRATUM, "wrong_text": "dài 5 km", "correct_text": "dài 5,5 km"} | overrides
    return correction_record(article, user, **fields)


def test_the_route_is_stable():
    assert reverse("articles:corrections") == CORRECTIONS_URL


# correction_record -----------------------------------------------------------------------------


def test_a_correction_writes_an_event_a_revision_and_a_new_version(editor):
    article = factories.article(title="Khánh thành cầu Hóa An")
    version = article.version

    correction = _record(article, editor, kind=Kind.RETRACTION, wrong_text="  dài 5 km ", correct_text="dài 5,5 km")

    article.refresh_from_db()
    assert (correction.article, correction.kind, correction.created_by) == (article, Kind.RETRACTION, editor)
    assert (correction.wrong_text, correction.correct_text) == ("dài 5 km", "dài 5,5 km")
    assert article.version == version + 1
    assert article.updated_by == editor
    assert article.status == Article.Status.PUBLISHED

    event = ArticleEvent.objects.filter(article=article).last()
    assert event.action == ArticleEvent.Action.CORRECTION
    assert event.from_status == event.to_status == Article.Status.PUBLISHED
    assert (event.actor, event.actor_name) == (editor, "Trần Minh Khoa")
    assert "dài 5 km" in event.note and "dài 5,5 km" in event.note and "\n" not in event.note
    assert event.created_at == correction.created_at

    revision = Revision.objects.filter(article=article).last()
    assert revision.reason == Revision.Reason.CORRECTION
    assert revision.status == Article.Status.PUBLISHED
    assert revision.content["title"] == "Khánh thành cầu Hóa An"
    assert revision.created_by == editor


def test_the_event_note_is_one_short_line(editor):
    article = factories.article()
    _record(article, editor, kind=Kind.UPDATE, wrong_text="", correct_text="Dòng một\n\nDòng hai " + "x" * 400)
    note = ArticleEvent.objects.get(article=article, action=ArticleEvent.Action.CORRECTION).note
    assert "\n" not in note and len(note) <= 200
    assert "Dòng một Dòng hai" in note


def test_the_editor_in_chief_may_correct_too(django_user_model):
    chief = factories.staff_member("tongbientap", EDITOR_IN_CHIEF)
    assert _record(factories.article(), chief).pk


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.APPROVED, None),
        (Article.Status.TAKEN_DOWN, None),
        (Article.Status.PUBLISHED, timedelta(hours=2)),  # scheduled: readers cannot see it yet
    ],
)
def test_only_an_article_readers_can_see_may_be_corrected(editor, status, published_at):
    article = factories.article(status=status, published_at=timezone.now() + published_at if published_at else None)
    trail = (ArticleEvent.objects.count(), Revision.objects.count(), article.version)
    with pytest.raises(CorrectionNotAllowed) as raised:
        _record(article, editor)
    assert isinstance(raised.value, WorkflowError)
    assert str(raised.value)
    assert not Correction.objects.exists()
    article.refresh_from_db()
    assert (ArticleEvent.objects.count(), Revision.objects.count(), article.version) == trail


def test_the_refusal_is_translated(editor):
    with pytest.raises(CorrectionNotAllowed) as raised:
        _record(factories.article(status=Article.Status.DRAFT), editor)
    assert "Bản nháp" in str(raised.value)


def test_a_reporter_or_an_unprivileged_user_may_not_correct(django_user_model, reporter):
    article = factories.article()
    outsider = django_user_model.objects.create_user("khach", password="pw")
    inactive_editor = factories.staff_member("nghiviec", EDITOR, is_active=False)
    events = ArticleEvent.objects.count()
    for user in (reporter, outsider, inactive_editor):
        with pytest.raises(TransitionForbidden):
            _record(article, user)
    assert not Correction.objects.exists()
    assert ArticleEvent.objects.count() == events


@pytest.mark.parametrize(
    ("kind", "wrong_text", "correct_text"),
    [
        (Kind.ERRATUM, "sai", "  "),
        (Kind.RETRACTION, "", "đúng"),
        (Kind.ERRATUM, "   ", "đúng"),
        (Kind.UPDATE, "", ""),
        ("khong-co", "sai", "đúng"),
    ],
)
def test_texts_the_kind_needs_are_required(editor, kind, wrong_text, correct_text):
    with pytest.raises(CorrectionIncomplete):
        correction_record(factories.article(), editor, kind=kind, wrong_text=wrong_text, correct_text=correct_text)
    assert not Correction.objects.exists()


def test_an_update_needs_no_wrong_text(editor):
    correction = correction_record(factories.article(), editor, kind=Kind.UPDATE, correct_text="Bổ sung số liệu.")
    assert correction.wrong_text == ""


def test_the_article_may_be_given_by_number(editor):
    article = factories.article()
    assert _record(article.pk, editor).article_id == article.pk


# The article page -------------------------------------------------------------------------------


def test_the_article_page_shows_the_correction_box_and_the_updated_time(client, editor):
    with time_machine.travel(_local(2026, 3, 2, 8, 0), tick=False):
        article = factories.article(
            body="<p>Đoạn cuối bài.</p>", published_at=_local(2026, 3, 2, 7, 30), title="Cầu mới"
        )
        factories.byline(article, name="Nguyệt Hà")
    with time_machine.travel(_local(2026, 3, 3, 9, 5), tick=False):
        _record(article, editor, kind=Kind.ERRATUM, wrong_text="dài 5 km", correct_text="dài 5,5 km")

    with time_machine.travel(_local(2026, 3, 4, 10, 0)):
        page = client.get(article.get_absolute_url()).content.decode()

    assert "07:30, 02/03/2026" in page
    assert "Cập nhật lúc 09:05, 03/03/2026" in page
    assert "Thông tin cải chính" in page
    assert "Đính chính" in page
    box = page[page.index('class="corrections"') :]
    assert "09:05, 03/03/2026" in box
    assert "dài 5 km" in box and "dài 5,5 km" in box
    assert page.index("dài 5 km") < page.index("dài 5,5 km")
    assert f'href="{CORRECTIONS_URL}"' in box
    # The box follows the article's text and its byline.
    assert (
        page.index("Đoạn cuối bài.") < page.index("Nguyệt Hà", page.index("<main")) < page.index("Thông tin cải chính")
    )


def test_the_box_escapes_what_the_editor_typed(client, editor):
    article = factories.article()
    _record(article, editor, wrong_text="<script>alert(1)</script>", correct_text="<b>đúng</b>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;đúng&lt;/b&gt;" in page


def test_an_article_never_corrected_nor_edited_has_no_box_nor_updated_line(client):
    article = factories.article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="corrections"' not in page
    assert "Cập nhật lúc" not in page


def test_an_edit_after_publication_shows_the_updated_time(client, editor):
    with time_machine.travel(_local(2026, 5, 1, 6, 0), tick=False):
        article = factories.article(published_at=_local(2026, 5, 1, 5, 0))
    with time_machine.travel(_local(2026, 5, 1, 14, 45), tick=False):
        record_edit(article, editor)
    with time_machine.travel(_local(2026, 5, 2, 8, 0)):
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Cập nhật lúc 14:45, 01/05/2026" in page
    assert 'class="corrections"' not in page


def test_an_edit_before_a_scheduled_time_is_not_an_update(client, editor):
    with time_machine.travel(_local(2026, 5, 1, 6, 0), tick=False):
        article = factories.article(published_at=_local(2026, 5, 1, 9, 0))
        record_edit(article, editor)  # a scheduled article is edited before readers see it
    with time_machine.travel(_local(2026, 5, 1, 10, 0)):
        page = client.get(article.get_absolute_url()).content.decode()
    assert "09:00, 01/05/2026" in page
    assert "Cập nhật lúc" not in page


def test_the_updated_time_is_the_latest_of_corrections_and_edits(client, editor):
    with time_machine.travel(_local(2026, 6, 1, 8, 0), tick=False):
        article = factories.article(published_at=_local(2026, 6, 1, 7, 0))
    with time_machine.travel(_local(2026, 6, 1, 9, 0), tick=False):
        _record(article, editor)
    with time_machine.travel(_local(2026, 6, 1, 11, 20), tick=False):
        record_edit(article, editor)
    # A correction written straight into the database (an import, the shell) counts as well.
    Correction.objects.create(
        article=article, kind=Kind.UPDATE, correct_text="Bổ sung", created_at=_local(2026, 6, 1, 10, 0)
    )
    with time_machine.travel(_local(2026, 6, 2, 8, 0)):
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Cập nhật lúc 11:20, 01/06/2026" in page
    assert page.count('class="correction"') == 2
    # Newest first.
    assert page.index("Bổ sung") < page.index("dài 5,5 km")


def _queries(client, url: str) -> int:
    caches.clear_all()  # every page measured as its first reader meets it: ranking not yet cached
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_article_page_runs_the_same_queries_with_0_or_5_corrections(client, editor):
    plain, corrected = factories.article(), factories.article()
    for n in range(5):
        _record(corrected, editor, wrong_text=f"sai {n}", correct_text=f"đúng {n}")
        record_edit(corrected, editor)
    assert _queries(client, plain.get_absolute_url()) == _queries(client, corrected.get_absolute_url())


# /cai-chinh/ ----------------------------------------------------------------------------------------


def test_the_list_shows_corrections_of_published_articles_newest_first(client, editor):
    section = factories.section(name="Giao thông")
    with time_machine.travel(_local(2026, 3, 1, 8, 0), tick=False):
        older = factories.article(title="Bài có đính chính cũ", in_section=section)
        newer = factories.article(title="Bài có cải chính mới")
    with time_machine.travel(_local(2026, 4, 1, 8, 0), tick=False):
        _record(older, editor, wrong_text="sai cũ", correct_text="đúng cũ")
    with time_machine.travel(_local(2026, 4, 2, 16, 30), tick=False):
        _record(newer, editor, kind=Kind.RETRACTION, wrong_text="sai mới", correct_text="đúng mới")

    with time_machine.travel(_local(2026, 4, 3, 8, 0)):
        response = client.get(CORRECTIONS_URL)
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    page = response.content.decode()
    assert page.index("Bài có cải chính mới") < page.index("Bài có đính chính cũ")
    assert f'href="{older.get_absolute_url()}"' in page
    assert f'href="{section.get_absolute_url()}"' in page and "Giao thông" in page
    assert "16:30, 02/04/2026" in page and "08:00, 01/04/2026" in page
    assert "Cải chính" in page and "Đính chính" in page
    assert page.index("sai mới") < page.index("đúng mới")


def test_the_list_never_shows_corrections_of_articles_readers_cannot_see(client, editor):
    marker = "Bí mật cải chính XYZ789"
    visible = factories.article(title="Bài đang đăng")
    _record(visible, editor)
    taken_down = factories.article(title=marker)
    _record(taken_down, editor, correct_text=marker)
    factories.move(taken_down, "take_down")
    for status, published_at in (
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ):
        hidden = factories.article(title=marker, status=status, published_at=published_at)
        # correction_record refuses these; a row written directly must still stay hidden.
        Correction.objects.create(article=hidden, kind=Kind.ERRATUM, wrong_text=marker, correct_text=marker)

    page = client.get(CORRECTIONS_URL).content.decode()
    assert "Bài đang đăng" in page
    assert marker not in page
    assert page.count('class="correction correction-list__item"') == 1


def test_an_empty_list_says_so(client):
    page = client.get(CORRECTIONS_URL).content.decode()
    assert "Chưa có thông tin cải chính nào" in page


def test_the_list_paginates_and_refuses_bad_pages(client, editor):
    article = factories.article()
    for n in range(25):
        Correction.objects.create(article=article, kind=Kind.UPDATE, correct_text=f"Bổ sung {n}")
    first = client.get(CORRECTIONS_URL).content.decode()
    assert first.count('class="correction correction-list__item"') == 20
    assert 'href="?trang=2"' in first
    second = client.get(CORRECTIONS_URL + "?trang=2").content.decode()
    assert second.count('class="correction correction-list__item"') == 5
    for bad in ("3", "abc", "0", "-1"):
        assert client.get(CORRECTIONS_URL + f"?trang={bad}").status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client):
    first = factories.article()
    Correction.objects.create(article=first, kind=Kind.UPDATE, correct_text="Một")
    few = _queries(client, CORRECTIONS_URL)
    for n in range(12):
        article = factories.article(in_section=factories.section())
        Correction.objects.create(article=article, kind=Kind.ERRATUM, wrong_text=f"sai {n}", correct_text=f"đúng {n}")
    assert _queries(client, CORRECTIONS_URL) == few


def test_the_list_refuses_writes(client):
    assert client.post(CORRECTIONS_URL).status_code == 405
