"""Small builders for test rows: real model instances and real image files made with Pillow."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Byline, Photo, Section
from articles.workflow import article_import, transition

_counter = itertools.count(1)


def image_bytes(image_format: str = "JPEG", size=(64, 48), color=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def section(name: str | None = None, slug: str | None = None) -> Section:
    number = next(_counter)
    return Section.objects.create(name=name or f"Chuyên mục {number}", slug=slug or f"chuyen-muc-{number}")


def article(
    *,
    title: str | None = None,
    status: str = Article.Status.PUBLISHED,
    published_at=None,
    in_section: Section | None = None,
    by: User | None = None,
    note: str = "Ghi chú của bài viết thử",
    **fields,
) -> Article:
    """An article brought to `status` through the workflow's import door (workflow.article_import): created,
    then submitted, published… with the events and revisions those steps write, as `by` (default: its
    `created_by`, else nobody). A published one defaults to an hour ago; `note` is any required step's note."""
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    return article_import(
        by or fields.get("created_by"),
        status=status,
        published_at=published_at,
        note=note,
        title=title or f"Bài viết thử số {next(_counter)}",
        sapo=fields.pop("sapo", "(ĐN) - Sapo của bài viết thử."),
        body=fields.pop("body", "<p>Đoạn thứ nhất.</p><p>Đoạn thứ hai.</p>"),
        section=in_section or section(),
        **fields,
    )


def move(article: Article, *actions: str, by: User | None = None, note: str = "Ghi chú của bước thử", **options):
    """Take workflow steps on an existing article through the import door (permission checks skipped, the rest
    kept): what a test does instead of writing `status`. Returns the article as it now stands."""
    for action in actions:
        transition(article.pk, action, by, note=note, skip_permission_checks=True, allow_past=True, **options)
    article.refresh_from_db()
    return article


def photo(article: Article, *, caption: str = "Chú thích ảnh", alt_text: str | None = None, **fields) -> Photo:
    """A photo with alt text, as one must have to be published; alt_text="" makes one without."""
    number = next(_counter)
    content = ContentFile(image_bytes(color=(number * 37 % 255, 80, 120)), name=f"anh-{number}.jpg")
    if alt_text is None:
        alt_text = f"Mô tả ảnh số {number}"
    return Photo.objects.create(article=article, image=content, caption=caption, alt_text=alt_text, **fields)


def byline(article: Article, name: str | None = None, **fields) -> Byline:
    author = Author.objects.create(name=name or f"Tác giả {next(_counter)}")
    return Byline.objects.create(article=article, author=author, **fields)


def staff_member(username: str, role: str | None = None, **fields) -> User:
    """A staff account in one of the newsroom's role groups (made by the data migration), password "pw".

    Returned fresh from the database: Django caches permissions on a user instance.
    """
    fields = {"is_staff": True, "email": f"{username}@baodongnai.test"} | fields
    user = User.objects.create_user(username, password="pw", **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def change_form_data(article: Article, *, photos: list[dict] = (), **overrides) -> dict:
    """What the admin's article change form posts for `article` as it stands: its fields, one inline row per
    dict of `photos` (an existing photo's row carries its "id"), no bylines; `overrides` replace fields."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "sapo": article.sapo,
        "body": article.body,
        "section": article.section_id,
        "tags": "",
        "language": article.language,
        "translation": "",
        "loaded_version": article.version,
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(sum(1 for photo in photos if "id" in photo)),
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        **{f"{prefix}-{key}": value for prefix in ("photos", "bylines") for key, value in (
            ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))},
    }  # fmt: skip
    for index, photo in enumerate(photos):
        fields = {"article": article.pk, "caption": "", "credit": "", "alt_text": "", "after_paragraph": "0",
                  "position": str(index)} | photo  # fmt: skip
        data |= {f"photos-{index}-{key}": value for key, value in fields.items()}
    return data | overrides
