"""The one audited writer (workflow.article_write) and the sanctioned door for seeding and imports
(workflow.article_import, articles_import_published): what they record, and what they refuse."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import published_ids, roles
from articles.models import Article, ArticleEvent, Revision
from articles.workflow import (
    EditConflict,
    InvalidPublishTime,
    MissingAltText,
    NoteRequired,
    article_import,
    article_write,
    articles_import_published,
    path_to,
    transition,
)
from articles.workflow import table as workflow_table
from tests import factories

pytestmark = pytest.mark.django_db

S = Article.Status
A = ArticleEvent.Action


@pytest.fixture
def reporter():
    return factories.staff_member("phongvien_nhap", roles.REPORTER, last_name="Trần", first_name="Minh Khoa")


@pytest.fixture
def editor():
    return factories.staff_member("bientap_nhap", roles.EDITOR, last_name="Lê", first_name="Hằng")


def _trail(article: Article) -> list[tuple]:
    return list(ArticleEvent.objects.filter(article=article).values_list("action", "from_status", "to_status"))


def _revisions(article: Article) -> list[tuple]:
    return list(Revision.objects.filter(article=article).order_by("id").values_list("reason", "status"))


# article_import: the same trail as the desk's ----------------------------------------------------


def test_an_imported_article_has_the_trail_of_one_published_at_the_desk(reporter, editor):
    section = factories.section()
    at_the_desk = factories.article(status=S.DRAFT, created_by=reporter, in_section=section, by=reporter)
    transition(at_the_desk, "submit", reporter)
    transition(at_the_desk, "publish", editor)

    imported = article_import(editor, status=S.PUBLISHED, title="Bài nhập", sapo="s", section=section)

    assert (
        _trail(imported)
        == _trail(at_the_desk)
        == [
            (A.CREATE, "", S.DRAFT),
            (A.SUBMIT, S.DRAFT, S.IN_REVIEW),
            (A.PUBLISH, S.IN_REVIEW, S.PUBLISHED),
        ]
    )
    assert _revisions(imported) == _revisions(at_the_desk) == [("submit", S.IN_REVIEW), ("publish", S.PUBLISHED)]
    assert imported.is_published() and imported.first_published_at == imported.published_at
    assert (imported.created_by, imported.updated_by, imported.version) == (editor, editor, 3)


def test_an_import_accepts_a_past_publication_time_and_a_person_does_not(editor, reporter):
    long_ago = timezone.now() - timedelta(days=400)
    archived = article_import(editor, status=S.PUBLISHED, published_at=long_ago, title="Lưu trữ", sapo="s",
                              section=factories.section())  # fmt: skip
    assert (archived.published_at, archived.first_published_at) == (long_ago, long_ago)
    event = ArticleEvent.objects.get(article=archived, action=A.PUBLISH)
    assert event.publish_at == long_ago

    in_review = factories.article(status=S.IN_REVIEW, created_by=reporter)
    with pytest.raises(InvalidPublishTime):
        transition(in_review, "publish", editor, publish_at=long_ago)
    with pytest.raises(ValueError, match="imports only"):
        transition(in_review, "publish", editor, publish_at=long_ago, allow_past=True)


def test_an_import_skips_the_permission_check_and_nothing_else(reporter):
    # A reporter may not publish; through the import door the person is not asked, but alt text still is.
    def with_a_bare_photo(article):
        factories.photo(article, alt_text="")

    with pytest.raises(MissingAltText):
        article_import(reporter, status=S.PUBLISHED, title="Ảnh chưa mô tả", sapo="s", section=factories.section(),
                       prepare=with_a_bare_photo)  # fmt: skip
    assert not Article.objects.filter(title="Ảnh chưa mô tả").exists()  # one transaction: nothing half-imported
    with pytest.raises(NoteRequired):
        article_import(reporter, status=S.TAKEN_DOWN, note="", title="Gỡ", sapo="s", section=factories.section())


def test_prepare_adds_photos_bylines_and_tags_before_anything_is_kept(editor):
    def dress(article):
        factories.photo(article, caption="Cầu Hóa An")
        factories.byline(article, name="Nguyệt Hà")
        article.tags.add("Giao thông")

    article = article_import(editor, status=S.PUBLISHED, title="Có ảnh", sapo="s", section=factories.section(),
                             prepare=dress)  # fmt: skip
    published = Revision.objects.get(article=article, reason="publish").content
    assert [photo["caption"] for photo in published["photos"]] == ["Cầu Hóa An"]
    assert [byline["name"] for byline in published["bylines"]] == ["Nguyệt Hà"]
    assert published["tags"] == ["Giao thông"]


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        (S.DRAFT, []),
        (S.IN_REVIEW, ["submit"]),
        (S.PUBLISHED, ["submit", "publish"]),
        (S.TAKEN_DOWN, ["submit", "publish", "take_down"]),
    ],
)
def test_the_path_to_a_state_is_the_tables_own(status, steps):
    assert [rule.action for rule in path_to(status, workflow_table.ONE_LEVEL)] == steps


def test_an_approved_article_is_imported_through_the_sign_off_level_even_where_it_is_off(editor):
    article = article_import(editor, status=S.APPROVED, title="Chờ ký", sapo="s", section=factories.section())
    assert article.status == S.APPROVED
    assert [action for action, *_ in _trail(article)] == [A.CREATE, A.SUBMIT, A.APPROVE]


# articles_import_published: thousands at once, one event and one revision each --------------------


def test_a_bulk_import_writes_one_event_and_one_revision_per_article_in_a_few_queries(editor):
    section = factories.section()
    now = timezone.now()
    articles = [
        Article(title=f"Tin số {n}", slug=f"tin-so-{n}", sapo="(ĐN) - Tin.", body="<p onclick='x()'>Đồng Nai</p>",
                section=section, published_at=now - timedelta(minutes=n))
        for n in range(1, 301)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        created = articles_import_published(editor, articles, batch_size=100)
    assert len(queries.captured_queries) < 20

    assert Article.objects.published().count() == 300
    stored = Article.objects.get(slug="tin-so-7")
    assert stored.body == "<p>Đồng Nai</p>"  # sanitised, as a save does
    assert stored.search_body.strip() == "dong nai"  # searchable, as a save makes it
    assert stored.first_published_at == stored.published_at
    assert ArticleEvent.objects.filter(action=A.PUBLISH, to_status=S.PUBLISHED, actor=editor).count() == 300
    revision = Revision.objects.get(article=stored)
    assert (revision.reason, revision.status, revision.created_by) == ("publish", S.PUBLISHED, editor)
    assert revision.content["title"] == "Tin số 7" and revision.content["photos"] == []
    assert {article.pk for article in created} == set(Article.objects.values_list("pk", flat=True))


# article_write: the one writer -----------------------------------------------------------------------


def test_a_write_bumps_the_version_sets_the_writer_and_records_the_event(editor):
    article = factories.article()
    version = article.version
    with article_write(article.pk, editor) as write:
        write.article.title = "Tiêu đề mới"
        write.save(everything=True)
        event = write.record(A.EDIT, snapshot="edit")
    article.refresh_from_db()
    assert (article.title, article.version, article.updated_by) == ("Tiêu đề mới", version + 1, editor)
    assert (event.action, event.from_status, event.to_status, event.actor) == (A.EDIT, S.PUBLISHED, S.PUBLISHED, editor)
    assert Revision.objects.filter(article=article).last().content["title"] == "Tiêu đề mới"


def test_a_write_from_a_stale_copy_is_refused_and_writes_nothing(editor):
    article = factories.article()
    with pytest.raises(EditConflict), article_write(article.pk, editor, expected_version=article.version - 1) as write:
        write.save()  # pragma: no cover - refused before
    assert Article.objects.get(pk=article.pk).version == article.version


def test_a_write_that_forgets_to_save_is_refused_and_rolled_back(editor):
    article = factories.article()
    events = ArticleEvent.objects.count()
    with pytest.raises(RuntimeError, match="without saving"), article_write(article.pk, editor) as write:
        write.record(A.EDIT)
    assert ArticleEvent.objects.count() == events


def test_an_edited_copy_never_writes_the_workflows_fields_back(editor, reporter):
    article = factories.article(status=S.IN_REVIEW, created_by=reporter)
    stale = Article.objects.get(pk=article.pk)
    transition(article, "publish", editor)
    stale.title, stale.status, stale.published_at = "Sửa tiêu đề", S.DRAFT, None
    with article_write(stale, editor, keep_changes=True) as write:
        write.save(everything=True)
    article.refresh_from_db()
    assert article.title == "Sửa tiêu đề"
    assert article.status == S.PUBLISHED and article.published_at is not None


def test_the_snapshot_of_a_bare_import_is_the_one_a_full_snapshot_would_take(editor):
    from articles.revisions import article_content

    article = article_import(editor, status=S.PUBLISHED, title="Tin trần", sapo="s", section=factories.section())
    kept = Revision.objects.get(article=article, reason="publish").content
    assert kept == article_content(Article.objects.get(pk=article.pk))


def test_a_bulk_import_is_told_to_the_kept_pages_and_the_beacon_as_a_save_would_be(
    editor, client, settings, django_capture_on_commit_callbacks
):
    # bulk_create sends no model signal: without being told, the kept home page would lack the import for its
    # whole lifetime and the beacon's workers would refuse its ids until their set expired.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 120
    section = factories.section()
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    token = published_ids.generation_shared()
    imported = Article(title="Tin nhập từ kho lưu trữ", slug="tin-nhap", sapo="(ĐN) - Tin.", body="<p>Tin.</p>",
                       section=section, published_at=timezone.now() - timedelta(minutes=5))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        articles_import_published(editor, [imported])

    response = client.get("/")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Tin nhập từ kho lưu trữ" in response.content.decode()
    assert published_ids.generation_shared() != token
