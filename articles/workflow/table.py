"""The workflow table: one row per step, and the row holds the whole rule (style rule 15).

Code and templates ask the row (`rule.takes_publish_time`, `rule.notifies`, `rule.holds`…), never
`if action == "publish"`: a new step is one new line here, plus its ArticleEvent.Action choice.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleEvent, Revision, user_display_name
from articles.workflow.errors import TransitionNotAllowed

Status = Article.Status
Action = ArticleEvent.Action


class Audience(models.TextChoices):
    """Whom a step tells, and who holds the article after it: whose move it is."""

    REPORTER = "reporter", _("The reporter")
    EDITORS = "editors", _("The editors")  # holders of publish_article
    EDITOR_IN_CHIEF = "editor_in_chief", _("The editor-in-chief")  # holders of sign_off_article
    NOBODY = "nobody", _("No one: the article is out of the workflow")


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str | None  # None: no permission opens the step; only the article's own reporter (author_may)
    author_may: bool = False  # the article's own reporter may take it without the permission
    note_required: bool = False
    takes_publish_time: bool = False  # the button offers "now or a chosen time"; a future time schedules
    checks_alt_text: bool = False  # the step puts the article before readers: every photo must describe itself
    until_acted_on: bool = False  # closed once anyone else has written to the article since it reached `sources`
    posts_note: bool = False  # the step's note becomes the article's note to the reporter (review_note)
    clears_note: bool = False  # ...and this step clears it: the reporter has answered it
    notifies: Audience | None = None  # who is e-mailed after the step (never the person who took it)
    holds: Audience = Audience.NOBODY  # whose move it is afterwards
    snapshot: str | None = None  # a Revision.Reason: the text is kept as it stood at this step (lưu chiểu)
    style: str = "default"  # how the admin draws the button: "default", "primary" or "danger"


# The flags column of the table below (each sets the Transition field of its name).
AUTHOR = "author_may"  # the article's own reporter may take it
NOTE = "note_required"  # a note that says why
TIME = "takes_publish_time"  # now or a chosen time; a future one schedules
ALT = "checks_alt_text"  # refused while a photo lacks alt text
UNTOUCHED = "until_acted_on"  # only until someone else writes to the article
POSTS_NOTE = "posts_note"  # the note is shown to the reporter on the article
CLEARS_NOTE = "clears_note"  # ...until this step clears it


def step(action, label, sources, target, permission, flags, notifies, holds, snapshot=None, style="default"):
    return Transition(
        action, label, frozenset(sources), target, permission, **dict.fromkeys(flags, True),
        notifies=notifies, holds=holds, snapshot=snapshot, style=style,
    )  # fmt: skip


D, R, A, P, T = Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.TAKEN_DOWN
REPORTER, EDITORS, CHIEF, NOBODY = Audience.REPORTER, Audience.EDITORS, Audience.EDITOR_IN_CHIEF, Audience.NOBODY
EDIT_ANY, PUBLISH_PERM, SIGN_OFF_PERM, TAKE_DOWN_PERM = (
    "articles.edit_any_article", "articles.publish_article", "articles.sign_off_article", "articles.take_down_article",
)  # fmt: skip
KEPT_AT_SUBMIT, KEPT_AT_PUBLISH = Revision.Reason.SUBMIT, Revision.Reason.PUBLISH

# fmt: off
# RETURN starts from APPROVED too: an article approved under the sign-off level must not be stranded if the level is switched off.
#                    action            label                                       from     to  permission      flags                      tells     holds    kept as          button
SUBMIT        = step(Action.SUBMIT,    _("Submit for review"),                     {D},     R,  EDIT_ANY,       {AUTHOR, CLEARS_NOTE},     EDITORS,  EDITORS, KEPT_AT_SUBMIT,  "primary")
WITHDRAW      = step(Action.WITHDRAW,  _("Withdraw the submission"),               {R},     D,  None,           {AUTHOR, UNTOUCHED},       None,     REPORTER)
RETURN        = step(Action.RETURN,    _("Return to the reporter"),                {R, A},  D,  PUBLISH_PERM,   {NOTE, POSTS_NOTE},        REPORTER, REPORTER)
APPROVE       = step(Action.APPROVE,   _("Approve, send to the editor-in-chief"),  {R},     A,  PUBLISH_PERM,   set(),                     CHIEF,    CHIEF,   None,            "primary")
PUBLISH       = step(Action.PUBLISH,   _("Publish"),                               {R},     P,  PUBLISH_PERM,   {TIME, ALT},               REPORTER, NOBODY,  KEPT_AT_PUBLISH, "primary")
SIGN_OFF      = step(Action.PUBLISH,   _("Publish"),                               {A},     P,  SIGN_OFF_PERM,  {TIME, ALT},               REPORTER, NOBODY,  KEPT_AT_PUBLISH, "primary")
TAKE_DOWN     = step(Action.TAKE_DOWN, _("Take down"),                             {P},     T,  TAKE_DOWN_PERM, {NOTE},                    REPORTER, NOBODY,  None,            "danger")
REPUBLISH     = step(Action.REPUBLISH, _("Republish"),                             {T},     P,  TAKE_DOWN_PERM, {ALT},                     None,     NOBODY,  KEPT_AT_PUBLISH)
# fmt: on

ONE_LEVEL: tuple[Transition, ...] = (SUBMIT, WITHDRAW, RETURN, PUBLISH, TAKE_DOWN, REPUBLISH)
# The second level is this table, not code: the editor approves, the editor-in-chief publishes.
TWO_LEVEL: tuple[Transition, ...] = (SUBMIT, WITHDRAW, RETURN, APPROVE, SIGN_OFF, TAKE_DOWN, REPUBLISH)

# Whose move it is in each state: the `holds` of the steps that lead there (tests/test_workflow.py checks they agree).
# A fresh draft is the reporter's, like one returned or withdrawn.
HOLDERS: dict[str, Audience] = {D: REPORTER} | {rule.target: rule.holds for rule in (*ONE_LEVEL, *TWO_LEVEL)}


def table_for(article: Article) -> tuple[Transition, ...]:
    """The workflow table that applies to this article."""
    two_levels = settings.NEWSROOM_SIGN_OFF or article.section.requires_sign_off
    return TWO_LEVEL if two_levels else ONE_LEVEL


def holder_of(article: Article) -> Audience:
    """Whose move it is: what the newsroom asks first about any article."""
    return HOLDERS.get(article.status, NOBODY)


def holder_label(article: Article) -> str:
    """Whose move it is, in words for the desk: "The reporter (Trần Minh Khoa)", "The editors"…"""
    holder = holder_of(article)
    if holder == REPORTER and article.created_by_id:
        return f"{holder.label} ({user_display_name(article.created_by)})"
    return str(holder.label)


def rule_named(article: Article, action: str) -> Transition | None:
    """The row of `action` in the article's table, whatever the article's state; None if the table has no such step."""
    return next((rule for rule in table_for(article) if rule.action == action), None)


def find_rule(article: Article, action: str, table: tuple[Transition, ...] | None = None) -> Transition:
    """The row for `action` in the article's table, from its current state; TransitionNotAllowed otherwise."""
    rules = [rule for rule in table or table_for(article) if rule.action == action]
    for rule in rules:
        if article.status in rule.sources:
            return rule
    if rules:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the article is “%(status)s”.")
            % {"action": rules[0].label, "status": article.get_status_display()}
        )
    raise TransitionNotAllowed(_("There is no workflow step “%(action)s” for this article.") % {"action": action})
