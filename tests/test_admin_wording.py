"""The admin's words as the newsroom says them, through the real admin: Django's stock phrases replaced by the
project's catalogue, colleagues named family name first, permissions and the body editor in Vietnamese."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.models import Article, Author
from articles.roles import EDITOR, REPORTER
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return factories.staff_member("bientapvien", EDITOR, last_name="Lê", first_name="Thị Thu Hằng")


def test_the_list_speaks_the_newsrooms_words_not_djangos_stock_ones(client, editor):
    factories.article(title="Cầu Hóa An thông xe")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    for newsroom_word in ("Thao tác:", "Thực hiện", "Hiện số lượng", "Chọn bài viết để sửa", "Thêm bài viết"):
        assert newsroom_word in page
    for stock in ("Hoạt động:", "Đi đến", "Show counts", "Chọn bài viết để thay đổi", "Thêm vào", 'alt="Search"'):
        assert stock not in page


def test_the_index_greets_a_colleague_by_full_name_family_name_first(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Chào <strong>Lê Thị Thu Hằng</strong>." in page
    assert "Chào mừng" not in page and "Không có sẵn" not in page and "Skip to main content" not in page
    assert "Chuyển đến nội dung chính" in page


def test_a_change_form_names_its_inline_add_buttons_and_saves_in_vietnamese(client, editor):
    article = factories.article(title="Giá lúa tăng", status=Article.Status.DRAFT)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Lưu và sửa tiếp" in page and "Save and" not in page and "Lưu lại" not in page
    # Django's "Add another %(verbose_name)s", in the inline's JSON options
    assert json.dumps("Thêm Ảnh")[1:-1] in page and json.dumps("Thêm một")[1:-4] not in page
    # The copy's version is a hidden field; the admin still writes its label.
    assert "Loaded version" not in page and "Phiên bản bạn đang sửa" in page


def test_select_and_autocomplete_widgets_name_a_staff_member_family_name_first(admin_client):
    reporter = factories.staff_member("phongvien", REPORTER, last_name="Trần", first_name="Minh Khoa")
    author = Author.objects.create(name="Minh Khoa", slug="minh-khoa", user=reporter)
    page = admin_client.get(reverse("admin:articles_author_change", args=[author.pk])).content.decode()
    assert ">Trần Minh Khoa</option>" in page and "phongvien (" not in page
    answer = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "author", "field_name": "user", "term": "Trần"},
    )
    assert json.loads(answer.content)["results"] == [{"id": str(reporter.pk), "text": "Trần Minh Khoa"}]
    assert str(User(username="khach")) == "khach"  # no name set: the login


def test_the_group_form_names_permissions_in_vietnamese(admin_client):
    group = Group.objects.get(name=EDITOR)
    page = admin_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "Tòa soạn | bài viết | Được sửa bài viết" in page
    assert "Tòa soạn | bài viết | Có thể trả lại, duyệt, đăng và lên lịch đăng bài" in page
    assert "Can change" not in page and "Can add log entry" not in page


def test_the_body_editor_loads_the_labels_extension_and_its_words_are_in_the_javascript_catalogue(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "newsroom_admin/prose_editor_labels.js" in page and "NewsroomLabels" in page
    catalogue = client.get(reverse("admin:jsi18n")).content.decode()
    for english, vietnamese in (("Heading %s", "Đề mục %s"), ("Merge cells", "Gộp ô"), ("Undo", "Hoàn tác")):
        assert json.dumps(english) in catalogue and json.dumps(vietnamese) in catalogue
