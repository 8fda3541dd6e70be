"""The editorial workflow: the states an article passes through, who may move it, and the one door.

Read the table first. Every status change of an article goes through `transition()`: the admin's
buttons and actions, management commands and tests alike. Nothing else writes `status` or
`published_at` (the admin form shows both read-only).

    action     from                     to           needs permission             note
    submit     draft                    in review    edit_any_article, or author  -
    return     in review, approved      draft        publish_article              required
    publish    in review                published    publish_article              -      (now or a chosen time)
    take_down  published                taken down   take_down_article            required
    republish  taken down               published    take_down_article            -

Whatever the table, no step puts an article before readers while one of its photos lacks alt text (the
description a blind reader's screen reader says instead of the picture): publish, the editor-in-chief's
final publish and republish all refuse with MissingAltText. Submitting and approving do not.

With the second level on (settings.NEWSROOM_SIGN_OFF, or Section.requires_sign_off) an editor's
"approve" leads to `approved`, and only the editor-in-chief's sign_off_article publishes from there.
A scheduled article is `published` with a future `published_at`: `Article.objects.published()`
compares with now, so it appears by itself at that minute, with no cron job.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleEvent, Revision, user_display_name
from articles.notifications import event_notify
from articles.revisions import revision_create

Status = Article.Status
Action = ArticleEvent.Action


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    author_may: bool = False  # the article's own reporter may take it without the permission
    note_required: bool = False
    takes_publish_time: bool = False  # the button offers "now or a chosen time"; a future time schedules
    checks_alt_text: bool = False  # the step puts the article before readers: every photo must describe itself
    snapshot: str | None = None  # a Revision.Reason: the text is kept as it stood at this step
    style: str = "default"  # how the admin draws the button: "default", "primary" or "danger"


SUBMIT = Transition(
    Action.SUBMIT,
    _("Submit for review"),
    frozenset({Status.DRAFT}),
    Status.IN_REVIEW,
    "articles.edit_any_article",
    author_may=True,
    snapshot=Revision.Reason.SUBMIT,
    style="primary",
)
RETURN = Transition(
    Action.RETURN,
    _("Return to the reporter"),
    # APPROVED too: an article approved under the sign-off level must not be stranded if the level is switched off.
    frozenset({Status.IN_REVIEW, Status.APPROVED}),
    Status.DRAFT,
    "articles.publish_article",
    note_required=True,
)
PUBLISH = Transition(
    Action.PUBLISH,
    _("Publish"),
    frozenset({Status.IN_REVIEW}),
    Status.PUBLISHED,
    "articles.publish_article",
    takes_publish_time=True,
    checks_alt_text=True,
    snapshot=Revision.Reason.PUBLISH,
    style="primary",
)
TAKE_DOWN = Transition(
    Action.TAKE_DOWN,
    _("Take down"),
    frozenset({Status.PUBLISHED}),
    Status.TAKEN_DOWN,
    "articles.take_down_article",
    note_required=True,
    style="danger",
)
REPUBLISH = Transition(
    Action.REPUBLISH,
    _("Republish"),
    frozenset({Status.TAKEN_DOWN}),
    Status.PUBLISHED,
    "articles.take_down_article",
    checks_alt_text=True,
    snapshot=Revision.Reason.PUBLISH,
)

ONE_LEVEL: tuple[Transition, ...] = (SUBMIT, RETURN, PUBLISH, TAKE_DOWN, REPUBLISH)

# The second level is this table, not code: the editor approves, the editor-in-chief publishes.
TWO_LEVEL: tuple[Transition, ...] = (
    SUBMIT,
    RETURN,
    Transition(
        Action.APPROVE,
        _("Approve, send to the editor-in-chief"),
        frozenset({Status.IN_REVIEW}),
        Status.APPROVED,
        "articles.publish_article",
        style="primary",
    ),
    replace(PUBLISH, sources=frozenset({Status.APPROVED}), permission="articles.sign_off_article"),
    TAKE_DOWN,
    REPUBLISH,
)

# A publication time this far in the past is a typo, not a decision; backdating is not publishing.
PAST_TOLERANCE = timedelta(minutes=5)


class WorkflowError(Exception):
    """A workflow step that cannot be taken; the message is written for the person who tried."""


class TransitionNotAllowed(WorkflowError):
    """The action does not exist, or not from the article's current state."""


class TransitionForbidden(WorkflowError, PermissionDenied):
    """The user may not take this action on this article."""


class NoteRequired(WorkflowError):
    pass


class InvalidPublishTime(WorkflowError):
    pass


class MissingAltText(WorkflowError):
    """A photo would reach readers with nothing for those who cannot see it."""


class EditConflict(WorkflowError):
    """Someone else saved the article after this person opened it."""

    def __init__(self, article: Article):
        self.saved_by = user_display_name(article.updated_by) if article.updated_by_id else _("someone")
        self.saved_at = timezone.localtime(article.updated_at)
        super().__init__(
            _(
                "%(name)s saved this article at %(time)s, after you opened it. Nothing of yours was saved; "
                "your text is still in the form. Copy what you need, reload the article and apply it again."
            )
            % {"name": self.saved_by, "time": self.saved_at.strftime("%H:%M:%S, %d/%m/%Y")}
        )


def table_for(article: Article) -> tuple[Transition, ...]:
    """The workflow table that applies to this article."""
    two_levels = settings.NEWSROOM_SIGN_OFF or article.section.requires_sign_off
    return TWO_LEVEL if two_levels else ONE_LEVEL


def is_author(user, article: Article) -> bool:
    return article.created_by_id is not None and article.created_by_id == user.pk


def may_take(user, article: Article, rule: Transition) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    if user.has_perm(rule.permission):
        return True
    return rule.author_may and is_author(user, article) and user.has_perm("articles.change_article")


def available_transitions(user, article: Article) -> list[Transition]:
    """The steps this user may take on the article as it stands: the admin shows exactly these."""
    return [rule for rule in table_for(article) if article.status in rule.sources and may_take(user, article, rule)]


def find_rule(article: Article, action: str) -> Transition:
    for rule in table_for(article):
        if rule.action == action:
            if article.status not in rule.sources:
                raise TransitionNotAllowed(
                    _("“%(action)s” is not possible while the article is “%(status)s”.")
                    % {"action": rule.label, "status": article.get_status_display()}
                )
            return rule
    raise TransitionNotAllowed(_("There is no workflow step “%(action)s” for this article.") % {"action": action})


def photos_without_alt_text(article: Article) -> list[str]:
    """The article's photos that have no alt text, named as the editor finds them: "photo 2 (“caption”)",
    numbered in the order the article (and the admin's photo list) shows them."""
    missing = []
    for number, photo in enumerate(article.photos.order_by("position", "id"), start=1):
        if photo.alt_text.strip():
            continue
        caption = Truncator(" ".join(photo.caption.split())).chars(60)
        if caption:
            missing.append(_("photo %(number)d (“%(caption)s”)") % {"number": number, "caption": caption})
        else:
            missing.append(_("photo %(number)d") % {"number": number})
    return missing


def check_alt_text(article: Article) -> None:
    missing = photos_without_alt_text(article)
    if missing:
        raise MissingAltText(
            _(
                "Every photo needs alt text, a description for readers who cannot see it, before the article is "
                "published. Missing on: %(photos)s."
            )
            % {"photos": "; ".join(missing)}
        )


def check_version(article_pk: int, expected_version: int) -> Article:
    """Lock the article's row and refuse if it changed since `expected_version` was read."""
    locked = Article.objects.select_for_update().get(pk=article_pk)
    if locked.version != expected_version:
        raise EditConflict(locked)
    return locked


def transition(
    article: Article | int,
    action: str,
    user,
    *,
    note: str = "",
    publish_at: datetime | None = None,
    expected_version: int | None = None,
) -> ArticleEvent:
    """Take one workflow step: lock, check state and permission, apply, record, notify after commit."""
    pk = article.pk if isinstance(article, Article) else article
    note = (note or "").strip()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=pk)
        if expected_version is not None and locked.version != expected_version:
            raise EditConflict(locked)
        rule = find_rule(locked, action)
        if not may_take(user, locked, rule):
            raise TransitionForbidden(_("You may not “%(action)s” this article.") % {"action": rule.label})
        if rule.note_required and not note:
            raise NoteRequired(_("“%(action)s” needs a note that says why.") % {"action": rule.label})
        if rule.checks_alt_text:
            # Checked under the article's lock: an admin save of the photos waits for it (ArticleAdminForm.clean).
            check_alt_text(locked)

        now = timezone.now()
        from_status = locked.status
        event_action = rule.action
        if rule.takes_publish_time:
            if publish_at is not None and publish_at < now - PAST_TOLERANCE:
                raise InvalidPublishTime(_("The publication time is in the past; choose now or a later time."))
            locked.published_at = publish_at or now
            if locked.published_at > now:
                event_action = Action.SCHEDULE
            locked.first_published_at = locked.first_published_at or locked.published_at
        if rule.action == Action.RETURN:
            locked.review_note = note
        elif rule.action == Action.SUBMIT:
            locked.review_note = ""

        locked.status = rule.target
        locked.status_changed_at = now
        locked.version += 1
        locked.updated_by = user
        locked.save(
            update_fields=[
                "status",
                "status_changed_at",
                "published_at",
                "first_published_at",
                "review_note",
                "version",
                "updated_by",
                "updated_at",
            ]
        )
        event = ArticleEvent.objects.create(
            article=locked,
            action=event_action,
            from_status=from_status,
            to_status=locked.status,
            actor=user,
            actor_name=user_display_name(user),
            note=note,
            publish_at=locked.published_at if rule.target == Status.PUBLISHED else None,
        )
        if rule.snapshot:
            revision_create(locked, rule.snapshot, user)
        transaction.on_commit(partial(event_notify, event.pk))
    return event


def record_edit(article: Article, user) -> ArticleEvent | None:
    """After a save of the article's content: a published article's edit is logged and snapshotted."""
    if article.status not in (Status.PUBLISHED, Status.TAKEN_DOWN):
        return None
    event = ArticleEvent.objects.create(
        article=article,
        action=Action.EDIT,
        from_status=article.status,
        to_status=article.status,
        actor=user,
        actor_name=user_display_name(user),
    )
    revision_create(article, Revision.Reason.EDIT, user)
    return event


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
