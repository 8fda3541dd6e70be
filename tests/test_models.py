from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Author, Section
from tests import factories

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=HANOI)


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.DRAFT, timedelta(hours=-1), False),
        (Article.Status.DRAFT, None, False),
        (Article.Status.IN_REVIEW, timedelta(hours=-1), False),
        (Article.Status.IN_REVIEW, None, False),
        (Article.Status.PUBLISHED, timedelta(hours=-1), True),
        (Article.Status.PUBLISHED, timedelta(0), True),
        (Article.Status.PUBLISHED, timedelta(seconds=1), False),
        (Article.Status.PUBLISHED, timedelta(days=3), False),
    ],
)
def test_published_is_status_published_and_time_reached(status, offset, visible):
    with time_machine.travel(NOW, tick=False):
        article = factories.article(status=status, published_at=None if offset is None else NOW + offset)
        assert Article.objects.published().filter(pk=article.pk).exists() is visible
        assert article.is_published() is visible


def test_a_scheduled_article_appears_by_itself_when_its_time_comes():
    with time_machine.travel(NOW, tick=False) as traveller:
        article = factories.article(published_at=NOW + timedelta(minutes=5))
        assert not Article.objects.published().filter(pk=article.pk).exists()
        traveller.shift(timedelta(minutes=5))
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_published_without_a_time_is_refused_by_the_database(section):
    # The one test that writes `status` itself, past the workflow: it is about what the database refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            title="Không giờ đăng", sapo="s", section=section, status=Article.Status.PUBLISHED, published_at=None
        )


def test_save_sanitises_the_body_on_every_path(section):
    article = Article.objects.create(
        title="Bài có mã độc",
        sapo="s",
        section=section,
        body='<p onclick="steal()">Chữ</p><script>alert(1)</script><a href=" JAVASCRIPT:alert(1)">x</a>',
    )
    article.refresh_from_db()
    assert "script" not in article.body.lower()
    assert "onclick" not in article.body
    assert "javascript" not in article.body.lower()
    assert "Chữ" in article.body


def test_slug_comes_from_the_vietnamese_title_and_clashes_get_a_suffix(section):
    first = factories.article(title="Đồng Nai khởi công đường vành đai", in_section=section)
    second = factories.article(title="Đồng Nai khởi công đường vành đai", in_section=section)
    third = factories.article(title="Đồng Nai khởi công đường vành đai", in_section=section)
    assert first.slug == "dong-nai-khoi-cong-duong-vanh-dai"
    assert second.slug == "dong-nai-khoi-cong-duong-vanh-dai-2"
    assert third.slug == "dong-nai-khoi-cong-duong-vanh-dai-3"


def test_an_editor_may_set_the_slug_and_saving_again_keeps_it(section):
    article = factories.article(title="Tiêu đề dài dòng", slug="ngan-gon", in_section=section)
    article.title = "Tiêu đề đã sửa"
    article.save()
    article.refresh_from_db()
    assert article.slug == "ngan-gon"


def test_lead_photo_is_the_marked_one_or_else_the_first():
    article = factories.article()
    assert article.lead_photo is None
    first = factories.photo(article, position=0)
    second = factories.photo(article, position=1)
    assert Article.objects.get(pk=article.pk).lead_photo == first
    second.is_lead = True
    second.save()
    assert Article.objects.get(pk=article.pk).lead_photo == second


def test_photo_stores_width_and_height():
    photo = factories.photo(factories.article())
    assert (photo.width, photo.height) == (64, 48)


def test_author_slug_is_made_from_the_pen_name():
    assert Author.objects.create(name="Nguyệt Hà").slug == "nguyet-ha"
    assert Author.objects.create(name="Nguyệt Hà").slug == "nguyet-ha-2"


def test_a_section_may_not_take_a_slug_the_site_uses():
    with pytest.raises(ValidationError):
        Section(name="Quản trị", slug="admin").full_clean()


def test_translation_must_be_in_the_other_language():
    vietnamese = factories.article()
    other_vietnamese = factories.article()
    vietnamese.translation = other_vietnamese
    with pytest.raises(ValidationError):
        vietnamese.full_clean()
    english = factories.article(language=Article.Language.ENGLISH)
    vietnamese.translation = english
    vietnamese.full_clean()
    vietnamese.save()
    assert Article.objects.get(pk=english.pk).counterpart == vietnamese
    assert Article.objects.get(pk=vietnamese.pk).counterpart == english


def test_published_at_keeps_its_instant_across_time_zones():
    moment = datetime(2022, 9, 8, 12, 9, tzinfo=HANOI)
    article = factories.article(published_at=moment)
    article.refresh_from_db()
    assert timezone.localtime(article.published_at, HANOI).strftime("%H:%M, %d/%m/%Y") == "12:09, 08/09/2022"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Ảnh: Tòa soạn", "Tòa soạn"),
        ("ẢNH - Minh Khoa", "Minh Khoa"),
        ("Photo: Reuters", "Reuters"),
        ("Minh Khoa", "Minh Khoa"),
        ("Ngọc Ảnh", "Ngọc Ảnh"),
    ],
)
def test_a_credit_typed_with_the_prefix_the_page_prints_is_kept_without_it(typed, kept):
    article = factories.article()
    assert factories.photo(article, credit=typed).credit == kept
