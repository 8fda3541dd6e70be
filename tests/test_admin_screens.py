"""The desk's screens through Django's test client: one "Lịch sử" (the newsroom's trail behind the History
button), the read-only article as readers will read it, columns per role, and one date format in the admin.
The same screens in a real browser, at 1366×768 and on a phone, are in tests/e2e/test_admin_screens.py."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django import forms
from django.urls import reverse
from django.utils import formats, timezone, translation

from articles import workflow
from articles.admin import list_time
from articles.corrections import correction_record
from articles.models import Article
from articles.roles import EDITOR, REPORTER
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status
PAPER_TZ = timezone.get_default_timezone()


@pytest.fixture
def people(db):
    return {
        "reporter": factories.staff_member("pv_tacgia", REPORTER, last_name="Trần", first_name="Minh Khoa"),
        "other_reporter": factories.staff_member("pv_khac", REPORTER),
        "editor": factories.staff_member("btv", EDITOR, last_name="Lê", first_name="Thị Thu Hằng"),
    }


def _draft(author, **fields) -> Article:
    return factories.article(status=S.DRAFT, published_at=None, created_by=author, **fields)


def _history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=[article.pk])


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _reload(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


# ---------------------------------------------------------------- one "Lịch sử"


def test_the_history_button_opens_steps_versions_with_diffs_and_corrections(client, people):
    article = _draft(people["reporter"], title="Cầu Đồng Nai 2 thông xe")
    workflow.transition(_reload(article), "submit", people["reporter"])
    workflow.transition(_reload(article), "return", people["editor"], note="Thiếu ý kiến người dân.")
    workflow.transition(_reload(article), "submit", people["reporter"])
    workflow.transition(_reload(article), "publish", people["editor"])
    correction_record(
        _reload(article), people["editor"], kind="dinh_chinh", wrong_text="dài 1.200 m", correct_text="dài 1.250 m"
    )
    client.force_login(people["editor"])

    change_page = client.get(_change_url(article)).content.decode()
    # Django's History button leads here, and the form no longer carries a second, collapsed history.
    assert f'href="{_history_url(article)}"' in change_page
    assert "workflow-timeline" not in change_page and "revision-list" not in change_page

    response = client.get(_history_url(article))
    page = response.content.decode()
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "admin/articles/article/history.html"
    steps = re.findall(r'<tr class="timeline-(\w+)">', page)
    assert steps == ["create", "submit", "return", "submit", "publish", "correction"]
    assert "Trần Minh Khoa" in page and "Lê Thị Thu Hằng" in page and "Thiếu ý kiến người dân." in page
    # Every saved version links to what changed; published ones also to the version that replaced them.
    revisions = list(article.revisions.order_by("created_at", "id"))
    for revision in revisions:
        assert reverse("admin:articles_article_revision_diff", args=[article.pk, revision.pk]) in page
    published, corrected = revisions[-2], revisions[-1]
    assert f"/phien-ban/{published.pk}/?voi={corrected.pk}" in page
    assert "dài 1.200 m" in page and "dài 1.250 m" in page
    # Django's own change log (its "1 entry", its English object names) is not what this page shows.
    assert "entry" not in page and "(Text)" not in page
    assert "Lịch sử" in page


def test_a_diff_linked_from_the_history_opens(client, people):
    article = _draft(people["reporter"])
    workflow.transition(_reload(article), "submit", people["reporter"])
    client.force_login(people["reporter"])
    page = client.get(_history_url(article)).content.decode()
    diff_url = re.search(r'href="([^"]*/phien-ban/\d+/)"', page).group(1)
    assert client.get(diff_url).status_code == 200


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("reporter", "draft", 200),  # their own
        ("editor", "draft", 200),  # the desk sees everything
        ("other_reporter", "draft", 404),  # another reporter's draft: not even whether it exists
        ("other_reporter", "published", 200),  # what readers can see
    ],
)
def test_the_history_follows_who_may_see_the_article(client, people, who, state, expected):
    if state == "draft":
        article = _draft(people["reporter"], title="Bản nháp bí mật XK-42")
    else:
        article = factories.article(created_by=people["reporter"], title="Bản nháp bí mật XK-42")
    client.force_login(people[who])
    response = client.get(_history_url(article))
    assert response.status_code == expected
    if expected == 404:
        assert "XK-42" not in response.content.decode()


def test_the_history_of_an_article_that_does_not_exist_is_404_and_needs_a_login(client, people):
    article = _draft(people["reporter"])
    assert client.get(_history_url(article)).status_code == 302  # to the login page
    client.force_login(people["editor"])
    assert client.get(reverse("admin:articles_article_history", args=[article.pk + 1000])).status_code == 404


def test_a_fresh_draft_says_it_has_no_versions_or_corrections_rather_than_showing_empty_tables(client, people):
    article = _draft(people["reporter"])
    client.force_login(people["reporter"])
    page = client.get(_history_url(article)).content.decode()
    assert re.findall(r'<tr class="timeline-(\w+)">', page) == ["create"]
    assert "Chưa có phiên bản nào" in page and "Chưa có cải chính nào." in page


# ---------------------------------------------------------------- read only: as readers will read it


def test_a_reporter_sees_their_submitted_article_as_readers_will_not_as_html(client, people):
    article = _draft(
        people["reporter"],
        sapo="(ĐN) - Dòng một của sapo.\nDòng hai của sapo.",
        body="<p>Đoạn <strong>một</strong>.</p><h2>Tiêu đề phụ</h2><p>Đoạn hai.</p>",
    )
    workflow.transition(_reload(article), "submit", people["reporter"])
    client.force_login(people["reporter"])

    page = client.get(_change_url(article)).content.decode()

    body = re.search(r'<div class="body-as-read">(.*?)</div>', page, re.S).group(1)
    assert body == "<p>Đoạn <strong>một</strong>.</p><h2>Tiêu đề phụ</h2><p>Đoạn hai.</p>"
    assert "&lt;p&gt;" not in page
    sapo = re.search(r'<div class="sapo-as-read">(.*?)</div>', page, re.S).group(1)
    assert sapo == "(ĐN) - Dòng một của sapo.<br>Dòng hai của sapo."
    assert 'name="body"' not in page  # read only: nothing to type into


def test_the_read_only_body_is_the_sanitised_one(client, people):
    article = _draft(people["reporter"], body='<p onclick="steal()">Đoạn.</p><script>steal()</script>')
    workflow.transition(_reload(article), "submit", people["reporter"])
    client.force_login(people["reporter"])
    page = client.get(_change_url(article)).content.decode()
    body = re.search(r'<div class="body-as-read">(.*?)</div>', page, re.S).group(1)
    assert body == "<p>Đoạn.</p>"


def test_whoever_may_edit_still_gets_the_editor_not_the_reading_view(client, people):
    article = _draft(people["reporter"])
    client.force_login(people["reporter"])
    page = client.get(_change_url(article)).content.decode()
    assert 'name="body"' in page and "body-as-read" not in page


# ---------------------------------------------------------------- the list


def _columns(client) -> list[str]:
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    return re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)


def test_the_list_s_columns_depend_on_the_role(client, people):
    factories.article(created_by=people["reporter"])
    client.force_login(people["reporter"])
    reporter = _columns(client)
    client.force_login(people["editor"])
    editor = _columns(client)
    assert reporter == ["title", "status_label", "section", "byline_names", "review_note_short", "published_time",
                        "views_total"]  # fmt: skip
    assert editor == [*reporter, "views_7_days"]


def test_list_times_are_compact_within_the_year_and_whole_on_hover():
    with time_machine.travel(datetime(2026, 9, 20, 10, 0, tzinfo=PAPER_TZ)), translation.override("vi"):
        this_year = str(list_time(datetime(2026, 9, 8, 12, 9, tzinfo=PAPER_TZ)))
        last_year = str(list_time(datetime(2025, 12, 31, 23, 30, tzinfo=PAPER_TZ)))
    assert re.search(r'title="08/09/2026 12:09">08/09 12:09</time>', this_year)
    assert re.search(r'title="31/12/2025 23:30">31/12/2025</time>', last_year)
    assert list_time(None) == "—"


def test_a_scheduled_article_says_so_in_the_status_column_and_its_time_in_the_time_column(client, people):
    when = timezone.now() + timedelta(days=2)
    article = factories.article(published_at=when, title="Bài hẹn giờ")
    client.force_login(people["editor"])
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    row = re.search(rf"<tr>(?:(?!</tr>).)*?/admin/articles/article/{article.pk}/change/.*?</tr>", page, re.S).group(0)
    assert '<td class="field-status_label">Đã lên lịch</td>' in row
    assert (
        timezone.localtime(when).strftime("%d/%m %H:%M") in row or timezone.localtime(when).strftime("%d/%m/%Y") in row
    )


# ---------------------------------------------------------------- one date format


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_admin_prints_and_reads_dates_day_first_in_24_hours_in_both_languages(language):
    moment = datetime(2026, 3, 5, 14, 30, tzinfo=PAPER_TZ)
    with translation.override(language):
        assert formats.localize(timezone.localtime(moment)) == "05/03/2026 14:30"
        assert formats.date_format(moment.date()) == "05/03/2026"
        assert formats.get_format("DATETIME_INPUT_FORMATS")[0] == "%d/%m/%Y %H:%M"
        # 05/03 is the 5th of March in both languages, never May the 3rd.
        typed = forms.DateTimeField().clean("05/03/2026 14:30")
        assert (typed.day, typed.month, typed.hour) == (5, 3, 14)
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("12/31/2026")  # month first is not a date here


def test_the_change_form_prints_its_times_in_the_admin_format(client, people):
    with time_machine.travel(datetime(2026, 3, 5, 14, 30, tzinfo=PAPER_TZ), tick=False):
        article = factories.article(published_at=timezone.now())
    client.force_login(people["editor"])
    page = client.get(_change_url(article)).content.decode()
    assert "05/03/2026 14:30" in page
    assert "tháng 3" not in page  # Django's own Vietnamese long format


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_keep_the_paper_s_own_time_format(client, prefix):
    with time_machine.travel(datetime(2022, 9, 8, 12, 9, tzinfo=PAPER_TZ), tick=False):
        article = factories.article(published_at=timezone.now(), language="en" if prefix else "vi")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "12:09, 08/09/2022" in page


def test_the_photo_field_lets_a_phone_offer_its_camera_and_its_gallery(client, people):
    client.force_login(people["reporter"])
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    # The empty form the "add a photo" link copies carries the same input.
    image_input = re.search(r'<input type="file" name="photos-__prefix__-image"[^>]*>', page).group(0)
    assert 'accept="image/*"' in image_input and "capture" not in image_input
