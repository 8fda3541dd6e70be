"""The one writer of an article's audit trail (style rule 16).

Every audited write to an article — a workflow step, a correction, an edit saved in the admin, a
creation, an import — goes through `article_write()`: the row is locked, the version the writer
read is checked, the version bumped, `updated_by` set, the event and the revision (lưu chiểu)
written, and the work for after the commit (e-mails) queued, in one transaction. Whoever writes
the trail some other way writes a different trail; so nobody does.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction

from articles.models import Article, ArticleEvent, user_display_name
from articles.revisions import fresh_content, revision_build
from articles.workflow.errors import EditConflict

# What the workflow owns on the row: an edit from a form never writes them back, whatever its copy says.
WORKFLOW_FIELDS = ("status", "published_at", "first_published_at", "status_changed_at", "review_note", "version")


class ArticleWrite:
    """An audited write in progress: the article (locked, unless it is being created) and its trail."""

    def __init__(self, article: Article, user, *, from_status: str):
        self.article = article
        self.user = user
        self.from_status = from_status  # as the row stood when the write began: "" for a creation
        self.saved = False
        # Set by an import that created the article moments ago in this transaction and added nothing to it:
        # its snapshots need not ask the database for photos, bylines and tags it cannot have.
        self.bare = False

    @property
    def created(self) -> bool:
        return self.article.pk is None

    def check_version(self, expected_version: int | None) -> None:
        """Refuse if the row changed since `expected_version` was read (None: the caller read nothing)."""
        if expected_version is not None and self.article.version != expected_version:
            raise EditConflict(self.article)

    def save(self, *fields: str, everything: bool = False) -> None:
        """Save `fields` of the article (or `everything`: an edit, a creation) with the next version and its writer."""
        article = self.article
        if self.created:
            article.created_by = article.created_by or self.user
        else:
            article.version += 1
        article.updated_by = self.user
        if everything or self.created:
            article.save()
        else:
            article.save(update_fields=[*fields, "version", "updated_by", "updated_at"])
        self.saved = True

    def record(
        self, action: str, *, note: str = "", publish_at: datetime | None = None, snapshot: str | None = None,
        at: datetime | None = None,
    ) -> ArticleEvent:  # fmt: skip
        """The event for this write, and the snapshot of the text if `snapshot` (a Revision.Reason) is given."""
        event = ArticleEvent(
            article=self.article,
            action=action,
            from_status=self.from_status,
            to_status=self.article.status,
            actor=self.user,
            actor_name=user_display_name(self.user),
            note=note,
            publish_at=publish_at,
        )
        if at is not None:
            event.created_at = at
        event.save()
        if snapshot:
            content = fresh_content(self.article) if self.bare else None
            revision_build(self.article, snapshot, self.user, content=content).save()
        # An import takes several steps in one write: the next event starts where this one ended.
        self.from_status = self.article.status
        return event

    def on_commit(self, work: Callable[[], None]) -> None:
        """Work for after the commit (e-mails): the write is then done, whatever the work does."""
        transaction.on_commit(work)


def check_version(article_pk: int, expected_version: int) -> Article:
    """Lock the article's row and refuse if it changed since `expected_version` was read."""
    locked = Article.objects.select_for_update().get(pk=article_pk)
    if locked.version != expected_version:
        raise EditConflict(locked)
    return locked


@contextmanager
def article_write(
    article: Article | int, user, *, expected_version: int | None = None, keep_changes: bool = False
) -> Iterator[ArticleWrite]:
    """One audited write: `with article_write(pk, user) as write:` … `write.save(…)`, `write.record(…)`.

    The row is locked for the transaction and read fresh (`write.article`), so checks see the article as it
    is, not as the caller's copy says. `keep_changes=True` writes the caller's own instance instead (an admin
    form's, carrying the typed text), with the workflow's fields taken from the locked row. An unsaved
    instance is a creation: nothing to lock, and it starts at version 1. The write must save the article:
    one that does not is a bug, refused rather than leaving a trail with a hole.
    """
    with transaction.atomic():
        if isinstance(article, Article) and article._state.adding:
            write = ArticleWrite(article, user, from_status="")
        else:
            pk = article.pk if isinstance(article, Article) else article
            # The section comes along (the table and the snapshot read it); only the article's row is locked.
            locked = Article.objects.select_for_update(of=("self",)).select_related("section").get(pk=pk)
            if keep_changes:
                for field in WORKFLOW_FIELDS:
                    setattr(article, field, getattr(locked, field))
                locked = article
            write = ArticleWrite(locked, user, from_status=locked.status)
            write.check_version(expected_version)
        yield write
        if not write.saved:
            raise RuntimeError("An audited write ended without saving the article.")
