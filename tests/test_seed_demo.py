"""`manage.py seed_demo`: the demo newsroom, the seed article exactly as printed, roles, logins, idempotency."""

import hashlib
import re
from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from articles.demo.loader import DEFAULT_SECTIONS, publication_times
from articles.demo.site_settings import DEMO_SITE_SETTINGS
from articles.models import (
    Article,
    ArticleViewDay,
    ArticleViewHour,
    ArticleViewTotal,
    Author,
    Byline,
    Photo,
    Section,
    SiteSettings,
    Tag,
    TaggedArticle,
)
from articles.roles import ROLE_PERMISSIONS
from articles.text import slugify_vi, split_blocks

pytestmark = pytest.mark.django_db

SEED_SLUG = "tiep-tuc-phoi-hop-lanh-dao-chi-dao-hieu-qua-cong-tac-quan-su-quoc-phong-dia-phuong"
SEED_TITLE = "Tiếp tục phối hợp lãnh đạo, chỉ đạo hiệu quả công tác quân sự, quốc phòng địa phương"
SEED_SAPO = (
    "(ĐN) - Là một trong những ý kiến chỉ đạo của đồng chí Hồ Thanh Sơn, Phó bí thư thường trực Tỉnh ủy tại "
    "Hội nghị tổng kết thực hiện quy chế phối hợp giữa Đảng ủy Quân sự tỉnh với các Huyện ủy, Thành ủy về lãnh "
    "đạo công tác quân sự, quốc phòng địa phương (QSQPĐP) và chính sách hậu phương quân đội giai đoạn 2016-2021 "
    "diễn ra sáng 8-9."
)
SEED_CAPTIONS = [
    "Phó bí thư thường trực Tỉnh ủy Hồ Thanh Sơn phát biểu chỉ đạo hội nghị",
    "Đảng ủy Quân sự tỉnh và các Huyện ủy, Thành ủy ký kết quy chế phối hợp giai đoạn 2022-2025",
]
# shared/ sits beside the checkout (here and in CI) but is not part of the project: checked when present.
SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_aa33d29e398f4814.txt"

DEMO_PASSWORDS = {
    "phongvien": "phongvien-demo",
    "bientapvien": "bientapvien-demo",
    "tongbientap": "tongbientap-demo",
    "quantri": "quantri-demo",
}


@pytest.fixture(scope="module")
def demo_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("seed-demo-media")


@pytest.fixture(autouse=True)
def media_root(settings, demo_media_root):
    """Replaces conftest's per-test folder: the module's seeded photo files must stay readable in every test."""
    settings.MEDIA_ROOT = demo_media_root
    return demo_media_root


@pytest.fixture(scope="module")
def seed_output(django_db_setup, django_db_blocker, demo_media_root):
    """The command run once for the whole module (it draws ~80 photos), inside a transaction rolled back at the
    end so that other modules still start from an empty database. Each test runs in a savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True, MEDIA_ROOT=demo_media_root):
                output = StringIO()
                call_command("seed_demo", stdout=output)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield output.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _counts() -> dict[str, int]:
    models = (Article, Photo, Byline, Author, Tag, TaggedArticle, Section, User, Group)
    models += (ArticleViewTotal, ArticleViewDay, ArticleViewHour)
    counts = {model.__name__: model.objects.count() for model in models}
    # Views added to existing buckets would not change a row count.
    counts["views"] = sum(ArticleViewTotal.objects.values_list("views", flat=True))
    return counts


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def _printed_logins(output: str) -> dict[str, str | None]:
    """username -> password from the printed block; None where the command says it left the password alone."""
    logins = {}
    for match in re.finditer(r"^ {2}(\S+) / (.+?) / ", output, flags=re.MULTILINE):
        username, password = match.groups()
        logins[username] = None if password.startswith("(") else password
    return logins


def test_refuses_without_force_when_debug_is_off(settings, media_root):
    settings.DEBUG = False
    before, files_before = _counts(), _files(media_root)

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())

    assert _counts() == before
    assert _files(media_root) == files_before


def test_second_run_creates_nothing(seed_output, settings, media_root):
    settings.DEBUG = True
    before, files_before = _counts(), _files(media_root)
    output = StringIO()

    call_command("seed_demo", stdout=output)

    assert _counts() == before
    assert _files(media_root) == files_before
    # The demo's readers come once: every published article has views after the first run, none more after.
    assert before["ArticleViewTotal"] == Article.objects.published().count()
    created_first = int(re.search(r"bài viết (\d+) mới", seed_output).group(1))
    assert created_first == before["Article"]
    assert f"bài viết 0 mới, {created_first} đã có" in output.getvalue()


def test_seed_article_is_exactly_the_seed(seed_output):
    article = Article.objects.get(slug=SEED_SLUG)

    assert article.title == SEED_TITLE
    assert article.sapo == SEED_SAPO
    assert article.status == Article.Status.PUBLISHED
    assert article.is_published()
    assert article.language == "vi"
    assert article.section.slug == "quoc-phong-an-ninh"
    assert article.section.name == "Quốc phòng - An ninh"
    assert article.published_at == datetime(2022, 9, 8, 12, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    local = timezone.localtime(article.published_at, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert local.strftime("%H:%M, %d/%m/%Y") == "12:09, 08/09/2022"
    assert local.utcoffset() == timedelta(hours=7)

    blocks = split_blocks(article.body)
    assert len(blocks) == 3
    assert blocks[0].startswith("<p>Đồng chí Hồ Thanh Sơn đánh giá cao kết quả phối hợp thời gian qua")
    assert blocks[1].startswith("<p>Phó bí thư thường trực Tỉnh ủy lưu ý, cơ quan quân sự các cấp")
    assert blocks[2] == (
        "<p>Dịp này, Đảng ủy Quân sự tỉnh và các Huyện ủy, Thành ủy ký kết quy chế phối hợp giai đoạn 2022-2025.</p>"
    )

    photos = [
        (photo.caption, photo.alt_text, photo.credit, photo.position, photo.after_paragraph, photo.is_lead)
        for photo in article.photos.order_by("position")
    ]
    assert photos == [
        (SEED_CAPTIONS[0], SEED_CAPTIONS[0], "", 0, 0, True),
        (SEED_CAPTIONS[1], SEED_CAPTIONS[1], "", 1, 1, False),
    ]
    bylines = [(byline.author.name, byline.role, byline.author.user_id) for byline in article.bylines.all()]
    assert bylines == [("Nguyệt Hà", Byline.Role.TEXT, None)]
    assert set(article.tags.names()) == {"Quân sự", "Quốc phòng địa phương", "Hồ Thanh Sơn"}


@pytest.mark.skipif(not SEED_FILE.exists(), reason="shared/seed is not beside this checkout")
def test_seed_article_text_matches_the_seed_file(seed_output):
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    article = Article.objects.get(slug=SEED_SLUG)

    assert article.title == lines[2]
    assert article.sapo == lines[6] == lines[8]
    assert article.body == "".join(f"<p>{lines[number]}</p>" for number in (13, 18, 20))
    assert [photo.caption for photo in article.photos.order_by("position")] == [lines[10], lines[15].strip()]
    assert [byline.author.name for byline in article.bylines.all()] == [lines[22]]


def test_seed_article_has_a_linked_english_edition(seed_output):
    vietnamese = Article.objects.get(slug=SEED_SLUG)
    english = vietnamese.translation

    assert english is not None
    assert english.language == "en"
    assert english.slug == slugify_vi(english.title)
    assert english.section == vietnamese.section
    assert english.published_at == vietnamese.published_at
    assert english.is_published()
    assert english.counterpart == vietnamese
    assert vietnamese.counterpart == english
    assert english.sapo.startswith("(ĐN) - ")
    assert len(split_blocks(english.body)) == 3
    assert english.photos.count() == 2
    assert [byline.author.name for byline in english.bylines.all()] == ["Nguyệt Hà"]


def test_demo_articles_fill_every_section(seed_output):
    demo = list(
        Article.objects.published()
        .filter(language="vi")
        .exclude(slug=SEED_SLUG)
        .select_related("section")
        .prefetch_related("photos", "bylines__author", "tags")
    )

    assert len(demo) >= 30
    assert len({article.section_id for article in demo}) >= 8
    assert {article.section.slug for article in demo} >= {slug for _, slug in DEFAULT_SECTIONS}
    titles = list(Article.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    for article in demo:
        paragraphs = split_blocks(article.body)
        photos = article.ordered_photos
        assert article.sapo.startswith("(ĐN) - "), article.title
        assert 3 <= len(paragraphs) <= 5, article.title
        assert 1 <= len(photos) <= 3, article.title
        assert all(photo.caption and photo.credit for photo in photos), article.title
        assert all(photo.after_paragraph <= len(paragraphs) for photo in photos), article.title
        assert [photo.is_lead for photo in photos].count(True) == 1, article.title
        assert 1 <= len(article.bylines.all()) <= 2, article.title
        assert 2 <= len(article.tags.all()) <= 4, article.title

    now = timezone.now()
    times = [article.published_at for article in demo]
    assert all(now - timedelta(days=21) <= moment <= now for moment in times)
    assert timezone.localdate(max(times)) == timezone.localdate(now)
    assert Byline.objects.filter(role=Byline.Role.PHOTO).exists()
    assert Byline.objects.filter(author__user__username="phongvien", article__in=demo).exists()


def _digest(photo: Photo) -> str:
    with photo.image.open("rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def test_the_english_edition_has_translations_in_every_section(seed_output, client):
    english = list(
        Article.objects.published()
        .filter(language="en")
        .select_related("section", "translation_of")
        .prefetch_related("photos", "bylines__author", "tags")
    )
    per_section = Counter(article.section.slug for article in english)

    assert set(per_section) == {slug for _, slug in DEFAULT_SECTIONS}
    assert min(per_section.values()) >= 2, per_section
    for article in english:
        original = article.counterpart
        assert original is not None and original.language == "vi", article.title
        assert original.is_published() and original.counterpart == article, article.title
        assert article.section_id == original.section_id and article.published_at == original.published_at
        assert article.sapo.startswith("(ĐN) - ") and article.title != original.title
        assert len(split_blocks(article.body)) == len(split_blocks(original.body)), article.title
        photos, original_photos = article.ordered_photos, original.ordered_photos
        # The same pictures, in the same places, captioned in English; credits and bylines as printed.
        assert [_digest(photo) for photo in photos] == [_digest(photo) for photo in original_photos], article.title
        assert [(p.after_paragraph, p.is_lead, p.credit) for p in photos] == [
            (p.after_paragraph, p.is_lead, p.credit) for p in original_photos
        ]
        assert all(p.caption and p.alt_text == p.caption for p in photos)
        assert not {p.caption for p in photos} & {p.caption for p in original_photos}, article.title
        assert [(b.author_id, b.role) for b in article.bylines.all()] == [
            (b.author_id, b.role) for b in original.bylines.all()
        ]
        assert 2 <= len(article.tags.all()) <= 4, article.title

    for _, slug in DEFAULT_SECTIONS:
        page = client.get(f"/en/{slug}/").content.decode()
        assert "No articles here yet" not in page, slug
        assert page.count('class="card__title"') >= 2, slug


def test_work_in_progress_stays_out_of_public_view(seed_output):
    unpublished = Article.objects.exclude(status=Article.Status.PUBLISHED)

    assert sorted(unpublished.values_list("status", flat=True)) == ["draft", "draft", "in_review"]
    assert {article.created_by.username for article in unpublished} == {"phongvien"}
    assert not Article.objects.published().filter(pk__in=unpublished).exists()


def test_photos_are_real_varied_jpegs(seed_output):
    photo = Photo.objects.filter(article__slug=SEED_SLUG).order_by("position").first()

    with photo.image.open("rb") as file, Image.open(file) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 800)
    assert (photo.width, photo.height) == (1200, 800)
    # The Vietnamese articles: a translation reuses its original's pictures, as the paper does.
    leads = Photo.objects.filter(is_lead=True, article__language="vi").exclude(article__slug=SEED_SLUG)[:6]
    digests = set()
    for lead in leads:
        with lead.image.open("rb") as file:
            digests.add(hashlib.sha256(file.read()).hexdigest())
    assert len(digests) == len(leads) == 6


def test_groups_hold_the_role_permissions(seed_output):
    for name, models in ROLE_PERMISSIONS.items():
        expected = {
            f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
            for label, actions in models.items()
            for action in actions
        }
        group = Group.objects.get(name=name)
        held = {f"{permission.content_type.app_label}.{permission.codename}" for permission in group.permissions.all()}
        assert held == expected, name

    reporter, editor = User.objects.get(username="phongvien"), User.objects.get(username="bientapvien")
    assert reporter.has_perm("articles.change_article") and reporter.has_perm("articles.view_tag")
    assert not reporter.has_perm("articles.publish_article")
    assert not reporter.has_perm("articles.edit_any_article")
    assert not reporter.has_perm("articles.change_section")
    assert editor.has_perm("articles.publish_article") and editor.has_perm("articles.delete_tag")
    assert not editor.has_perm("articles.sign_off_article")


def test_role_table_covers_the_tag_model_articles_use():
    tag_label = Article._meta.get_field("tags").remote_field.model._meta.label_lower
    assert all(tag_label in models for models in ROLE_PERMISSIONS.values())


def test_printed_demo_logins_work(seed_output, client):
    assert "http://127.0.0.1:8000/admin/" in seed_output
    assert _printed_logins(seed_output) == DEMO_PASSWORDS

    for username, password in DEMO_PASSWORDS.items():
        assert client.login(username=username, password=password), username
        assert client.get("/admin/").status_code == 200, username
        client.logout()

    authors = {author.user.username: author.name for author in Author.objects.filter(user__isnull=False)}
    assert authors == {
        "phongvien": "Trần Minh Khoa",
        "bientapvien": "Lê Thị Thu Hằng",
        "tongbientap": "Nguyễn Văn An",
        "quantri": "Phạm Quốc Bảo",
    }
    assert User.objects.get(username="quantri").is_superuser
    assert not User.objects.get(username="phongvien").is_superuser
    assert User.objects.filter(username__in=DEMO_PASSWORDS, is_staff=True).count() == len(DEMO_PASSWORDS)


def test_force_on_a_real_server_leaves_existing_accounts_alone(seed_output, settings, client):
    settings.DEBUG = False
    User.objects.filter(username="quantri").delete()
    articles_before = Article.objects.count()
    output = StringIO()

    call_command("seed_demo", "--force", "--base-url", "https://cms.example.vn/", stdout=output)

    printed = _printed_logins(output.getvalue())
    assert printed["phongvien"] is None and printed["bientapvien"] is None
    assert client.login(username="phongvien", password="phongvien-demo")
    client.logout()
    new_password = printed["quantri"]
    assert new_password and new_password != DEMO_PASSWORDS["quantri"] and len(new_password) >= 20
    assert client.login(username="quantri", password=new_password)
    assert User.objects.get(username="quantri").is_superuser
    assert Author.objects.get(user__username="quantri").name == "Phạm Quốc Bảo"
    assert "https://cms.example.vn/admin/" in output.getvalue()
    assert Article.objects.count() == articles_before


def test_publication_times_are_never_in_the_future_and_keep_order():
    saigon = ZoneInfo("Asia/Ho_Chi_Minh")
    just_after_midnight = datetime(2026, 3, 1, 0, 10, tzinfo=saigon)
    specs = [{"days_ago": 0, "time": "09:15"}, {"days_ago": 0, "time": "06:30"}, {"days_ago": 1, "time": "16:45"}]

    times = [moment.astimezone(saigon) for moment in publication_times(specs, just_after_midnight)]

    assert all(moment <= just_after_midnight for moment in times)
    assert times == sorted(times, reverse=True)
    assert [moment.date().day for moment in times] == [1, 1, 28]
    assert times[2].strftime("%H:%M") == "16:45"


def test_the_seed_article_renders_at_its_public_url_as_the_paper_printed_it(seed_output, client):
    article = Article.objects.get(slug=SEED_SLUG)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    lines = (
        [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
        if (SEED_FILE.exists())
        else []
    )

    assert f'<h1 class="article__title">{article.title}</h1>' in page
    assert "12:09, 08/09/2022" in page
    assert f'<p class="article__sapo">{article.sapo}</p>' in page
    for photo in article.photos.all():
        assert f'<figcaption><span class="photo__caption">{photo.caption}</span></figcaption>' in page
        assert f'alt="{photo.alt_text}"' in page
    assert page.index("Nguyệt Hà", page.index("<main")) > page.index("Dịp này, Đảng ủy Quân sự tỉnh")
    assert "Tin xem nhiều" in page
    # The En switch leads to the English edition, as on the paper's page.
    english = article.counterpart
    assert re.search(rf'<a class="edition-switch" href="{re.escape(english.get_absolute_url())}"[^>]*>En</a>', page)
    # Every line the reader saw on the paper's page (its "En" switch included) is on ours.
    for line in lines:
        assert line in page, line


def test_every_demo_photo_has_alt_text(seed_output):
    photos = list(Photo.objects.values_list("article__slug", "alt_text"))
    assert len(photos) >= 40
    assert [slug for slug, alt_text in photos if not alt_text.strip()] == []


def _site_settings() -> dict:
    row = SiteSettings.objects.get()
    return {field.attname: getattr(row, field.attname) for field in SiteSettings._meta.concrete_fields}


def test_the_demo_fills_the_papers_particulars_and_the_footer_prints_them(seed_output, client, settings):
    row = SiteSettings.objects.get()
    assert row.paper_name == settings.NEWSROOM_SITE_NAME  # never the demo's to change
    assert {name: getattr(row, name) for name in DEMO_SITE_SETTINGS} == DEMO_SITE_SETTINGS
    row.full_clean()
    assert "Biên Hòa" in row.address and row.governing_body == "Tỉnh ủy Đồng Nai"

    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for value in (row.governing_body, row.licence_number, row.editor_in_chief, row.address, row.phone, row.email):
        assert value in footer


def test_a_second_run_changes_no_particular_and_keeps_an_administrators_edits(seed_output, settings):
    settings.DEBUG = True
    SiteSettings.objects.filter(pk=1).update(editor_in_chief="Tổng biên tập thật", email="", deputy_editors="")
    before = _site_settings()

    call_command("seed_demo", stdout=StringIO())

    after = _site_settings()
    assert after["editor_in_chief"] == "Tổng biên tập thật"
    # Only what was empty is filled again; nothing else moves (the save time aside).
    assert after["email"] == DEMO_SITE_SETTINGS["email"]
    assert after["deputy_editors"] == DEMO_SITE_SETTINGS["deputy_editors"]
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"email", "deputy_editors", "updated_at"}

    untouched = _site_settings()
    call_command("seed_demo", stdout=StringIO())
    assert _site_settings() == untouched


def test_demo_articles_carry_the_trail_of_the_workflows_own_steps(seed_output):
    # Loaded through the workflow's import door: every published article was created, submitted and published
    # by the demo editor, with both snapshots (lưu chiểu); the reporter's submission was submitted by her.
    for article in Article.objects.published():
        events = list(article.events.values_list("action", "actor__username"))
        assert events == [("create", "bientapvien"), ("submit", "bientapvien"), ("publish", "bientapvien")]
        assert list(article.revisions.values_list("reason", flat=True)) == ["submit", "publish"]
        published = article.revisions.get(reason="publish").content
        assert len(published["photos"]) == article.photos.count() and published["bylines"]
    submitted = Article.objects.get(status=Article.Status.IN_REVIEW)
    assert list(submitted.events.values_list("action", "actor__username")) == [
        ("create", "phongvien"),
        ("submit", "phongvien"),
    ]
