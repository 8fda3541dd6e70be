"""The one door for status changes, who may take each step, and the sanctioned way in for imports.

`transition()` checks the state, the person and the step's own conditions (all read from its row), then
writes through `article_write()`. `article_create()` and `article_import()` are how code other than a
person at the admin makes articles (the demo, the benchmarks, the test factories, imports): the same
steps, events and revisions as the newsroom's, only the permission check skipped (style rule 17).
"""

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles import notifications, page_cache, published_ids, search
from articles.models import Article, ArticleEvent, Revision, user_display_name
from articles.revisions import fresh_content, revision_build
from articles.text import sanitize_html
from articles.workflow.errors import (
    AlreadyActedOn,
    InvalidPublishTime,
    MissingAltText,
    NoteRequired,
    PhotoToDescribe,
    TransitionForbidden,
    TransitionNotAllowed,
    WorkflowError,
)
from articles.workflow.table import ONE_LEVEL, TWO_LEVEL, Transition, find_rule, table_for
from articles.workflow.write import ArticleWrite, article_write

Status = Article.Status
Action = ArticleEvent.Action

# A publication time this far in the past is a typo, not a decision; backdating is not publishing.
PAST_TOLERANCE = timedelta(minutes=5)


def is_author(user, article: Article) -> bool:
    return user is not None and article.created_by_id is not None and article.created_by_id == user.pk


def may_take(user, article: Article, rule: Transition) -> bool:
    """Whether this person may take the step at all: the permission of its row, or its reporter's right."""
    if not (user.is_active and user.is_staff):
        return False
    if rule.permission and user.has_perm(rule.permission):
        return True
    return rule.author_may and is_author(user, article) and user.has_perm("articles.change_article")


def check_may_take(user, article: Article, rule: Transition) -> None:
    """Refuse, as a 403, a step this person may never take on this article."""
    if not may_take(user, article, rule):
        raise TransitionForbidden(_("You may not “%(action)s” this article.") % {"action": rule.label})


def photos_to_describe(article: Article) -> list[PhotoToDescribe]:
    """The article's photos that have no alt text, numbered as the article (and the admin's photo list) shows them."""
    return [
        PhotoToDescribe(number, Truncator(" ".join(photo.caption.split())).chars(60))
        for number, photo in enumerate(article.photos.order_by("position", "id"), start=1)
        if not photo.alt_text.strip()
    ]


def check_alt_text(article: Article) -> None:
    photos = photos_to_describe(article)
    if photos:
        raise MissingAltText(photos)


def step_refusal(user, article: Article, rule: Transition) -> WorkflowError | None:
    """Why a step this person may take would still be refused on the article as it stands, or None.

    The conditions of the row that do not depend on what is typed with the step (a note, a time): the
    panel offers only steps that can succeed, and says what to fix for the others.
    """
    if rule.until_acted_on and article.updated_by_id != user.pk:
        # Every audited write sets updated_by: the last writer is still the one who brought the article here
        # (the reporter's own submission) unless someone else has since saved an edit, or taken a step.
        return AlreadyActedOn(article, rule)
    if rule.checks_alt_text:
        photos = photos_to_describe(article)
        if photos:
            return MissingAltText(photos)
    return None


def steps_for(user, article: Article) -> tuple[list[Transition], list[tuple[Transition, WorkflowError]]]:
    """The steps this user may take from the article's state, split in two: those that would succeed (the
    admin's buttons) and those that would be refused now, each with why (what the panel says to fix)."""
    offered, refused = [], []
    for rule in table_for(article):
        if article.status in rule.sources and may_take(user, article, rule):
            refusal = step_refusal(user, article, rule)
            if refusal is None:
                offered.append(rule)
            else:
                refused.append((rule, refusal))
    return offered, refused


def available_transitions(user, article: Article) -> list[Transition]:
    """The steps this user may take on the article as it stands and that would succeed: the admin shows these."""
    return steps_for(user, article)[0]


def refused_transitions(user, article: Article) -> list[tuple[Transition, WorkflowError]]:
    """The steps this user may take from the article's state but that would be refused now, each with why."""
    return steps_for(user, article)[1]


def _take(write: ArticleWrite, rule: Transition, *, note: str, publish_at: datetime | None, allow_past: bool):
    """Apply a step already checked to the locked article, and record it."""
    article = write.article
    now = timezone.now()
    event_action = rule.action
    if rule.takes_publish_time:
        if publish_at is not None and publish_at < now - PAST_TOLERANCE and not allow_past:
            raise InvalidPublishTime(_("The publication time is in the past; choose now or a later time."))
        article.published_at = publish_at or now
        if article.published_at > now:
            event_action = Action.SCHEDULE
        article.first_published_at = article.first_published_at or article.published_at
    if rule.posts_note:
        article.review_note = note
    elif rule.clears_note:
        article.review_note = ""
    article.status = rule.target
    article.status_changed_at = now
    write.save("status", "status_changed_at", "published_at", "first_published_at", "review_note")
    event = write.record(
        event_action,
        note=note,
        publish_at=article.published_at if rule.target == Status.PUBLISHED else None,
        snapshot=rule.snapshot,
    )
    if rule.notifies:
        write.on_commit(partial(notifications.event_notify, event.pk, rule.notifies))
    return event


def transition(
    article: Article | int,
    action: str,
    user,
    *,
    note: str = "",
    publish_at: datetime | None = None,
    expected_version: int | None = None,
    skip_permission_checks: bool = False,
    allow_past: bool = False,
    table: tuple[Transition, ...] | None = None,
) -> ArticleEvent:
    """Take one workflow step: lock, check state, permission and the row's conditions, apply, record, notify.

    `skip_permission_checks` is for imports and seeding only (see article_import): the person is not
    checked, everything else is, and the step is recorded exactly as one taken at the desk. `allow_past`
    (only with it) accepts a publication time in the past, which a person's publish refuses; `table`
    (likewise) names the table the step comes from, when it is not the one the article's section has now.
    """
    if (allow_past or table) and not skip_permission_checks:
        raise ValueError("A past publication time or another table is for imports only: skip_permission_checks=True.")
    pk = article.pk if isinstance(article, Article) else article
    with article_write(pk, user) as write:
        return _step(
            write, action, note=note, publish_at=publish_at, expected_version=expected_version,
            skip_permission_checks=skip_permission_checks, allow_past=allow_past, table=table,
        )  # fmt: skip


def _step(
    write: ArticleWrite, action: str, *, note: str, publish_at: datetime | None, expected_version: int | None,
    skip_permission_checks: bool, allow_past: bool, table: tuple[Transition, ...] | None,
) -> ArticleEvent:  # fmt: skip
    """One step inside an audited write: the checks of transition(), in their order, then the step itself."""
    locked, user, note = write.article, write.user, (note or "").strip()
    rule = find_rule(locked, action, table)
    if not skip_permission_checks:
        check_may_take(user, locked, rule)
    if rule.until_acted_on and (refusal := step_refusal(user, locked, rule)):
        raise refusal
    # After the state and the person: a reporter whose submission an editor has since edited is told
    # that, not that the page they pressed the button on is stale.
    write.check_version(expected_version)
    if rule.note_required and not note:
        raise NoteRequired(_("“%(action)s” needs a note that says why.") % {"action": rule.label})
    if rule.checks_alt_text:
        # Checked under the article's lock: an admin save of the photos waits for it (ArticleAdminForm.clean).
        check_alt_text(locked)
    return _take(write, rule, note=note, publish_at=publish_at, allow_past=allow_past)


def record_edit(article: Article | int, user) -> ArticleEvent | None:
    """After a save of the article's content by code other than the admin: the write is audited like the
    admin's (version, updated_by), and a published article's edit is logged and snapshotted."""
    pk = article.pk if isinstance(article, Article) else article
    with article_write(pk, user) as write:
        write.save()  # the content is saved already: the write adds its version and writer
        return edit_record(write)


def edit_record(write: ArticleWrite) -> ArticleEvent | None:
    """The trail of an edit saved through `write`: only an article readers have (or had) is logged, with its text."""
    if write.article.status not in (Status.PUBLISHED, Status.TAKEN_DOWN):
        return None
    return write.record(Action.EDIT, snapshot=Revision.Reason.EDIT)


def article_create(user, **fields) -> Article:
    """A new draft, with its "created" event: what the admin's Add form does, for code."""
    with article_write(Article(**fields), user) as write:
        write.save(everything=True)
        write.record(Action.CREATE)
    return write.article


def path_to(status: str, table: tuple[Transition, ...]) -> list[Transition]:
    """The fewest steps of `table` that bring a draft to `status`, as the newsroom would take them."""
    paths: dict[str, list[Transition]] = {Status.DRAFT: []}
    queue = deque([Status.DRAFT])
    while queue:
        current = queue.popleft()
        for rule in table:
            if current in rule.sources and rule.target not in paths:
                paths[rule.target] = [*paths[current], rule]
                queue.append(rule.target)
    if status not in paths:
        raise TransitionNotAllowed(_("No workflow step leads to “%(status)s”.") % {"status": status})
    return paths[status]


def article_import(
    user,
    *,
    status: str = Status.DRAFT,
    published_at: datetime | None = None,
    note: str = "",
    prepare: Callable[[Article], None] | None = None,
    **fields,
) -> Article:
    """The sanctioned door for seeding and imports: the article is created (its "created" event) and taken
    through the table's own steps to `status`, each recorded with its event and revision as at the desk.

    Only the permission checks are skipped; `published_at` may be in the past (an archive) or the future (a
    scheduled article); `note` is the note of any step that needs one (a takedown); `prepare(article)` adds
    photos, bylines and tags to the fresh draft, before anything is submitted or kept. A status only the
    sign-off level has (approved) is reached through that level's table, as it was when the article got it.
    """
    with transaction.atomic():
        article = article_create(user, **fields)
        if prepare is not None:
            prepare(article)
        table = table_for(article)
        if status not in {rule.target for rule in table} | {Status.DRAFT}:
            table = TWO_LEVEL if table is ONE_LEVEL else ONE_LEVEL
        path = path_to(status, table)
        if not path:
            return article
        # All the steps in one audited write: each is checked, versioned and recorded as transition() does.
        with article_write(article.pk, user) as write:
            write.bare = prepare is None
            for rule in path:
                _step(
                    write, rule.action, note=note, publish_at=published_at, expected_version=None,
                    skip_permission_checks=True, allow_past=True, table=table,
                )  # fmt: skip
    return write.article


def articles_import_published(user, articles: list[Article], *, batch_size: int = 500) -> list[Article]:
    """Many published articles at once, for benchmarks and large archives, in a few queries per batch.

    Each unsaved `articles` item needs its title, sapo, body, section, slug (unique: not checked here) and
    `published_at` (past or future). Each is written as the "publish" step leaves an article, with one
    "publish" event and one publish revision (lưu chiểu) of its text; the body is sanitised and the search
    copy made as a save would. No photos, bylines or tags: an import that has them uses article_import().
    """
    now = timezone.now()
    with transaction.atomic():
        vendor = connections[router.db_for_write(Article)].vendor
        for article in articles:
            article.body = sanitize_html(article.body)
            article.status = Status.PUBLISHED
            article.first_published_at = article.published_at
            article.status_changed_at = now
            article.created_by = article.created_by or user
            article.updated_by = user
            search.index_article(article, vendor)
        created = Article.objects.bulk_create(articles, batch_size=batch_size)
        for article in created:
            search.after_save(article)
        actor_name = user_display_name(user)
        ArticleEvent.objects.bulk_create(
            [
                ArticleEvent(
                    article=article, action=Action.PUBLISH, to_status=Status.PUBLISHED, actor=user,
                    actor_name=actor_name, publish_at=article.published_at, created_at=now,
                )
                for article in created
            ],
            batch_size=batch_size,
        )  # fmt: skip
        Revision.objects.bulk_create(
            [
                revision_build(article, Revision.Reason.PUBLISH, user, content=fresh_content(article))
                for article in created
            ],
            batch_size=batch_size,
        )
        # bulk_create sends no model signal: what a save would tell the kept pages and the beacon, told here.
        page_cache.content_changed()
        published_ids.articles_changed()
    return created


def can_edit(user, article: Article) -> bool:
    """Whether this user may change the article's content (text, photos, bylines, tags).

    Reporters edit their own drafts (returned ones included); editors edit any article in any state.
    """
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser or user.has_perm("articles.edit_any_article"):
        return user.has_perm("articles.change_article")
    return article.status == Status.DRAFT and is_author(user, article) and user.has_perm("articles.change_article")


def can_view(user, article: Article) -> bool:
    """Reporters see their own articles and what readers can see; the desk sees everything."""
    if not (user.is_active and user.is_staff):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return is_author(user, article) or article.is_published()


def can_delete(user, article: Article) -> bool:
    """Never-published articles may be deleted by the desk, or by their reporter while still a draft;
    an article that was ever published is taken down instead, and only a superuser may delete it."""
    if not (user.is_active and user.is_staff):
        return False
    if article.was_ever_published:
        return user.is_superuser
    if not user.has_perm("articles.delete_article"):
        return False
    return user.has_perm("articles.edit_any_article") or (article.status == Status.DRAFT and is_author(user, article))
