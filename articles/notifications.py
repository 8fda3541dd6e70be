"""E-mail the people a workflow step concerns, through Django's e-mail API (console backend by default).

Whom a step tells is its row's `notifies` (articles/workflow/table.py); this module only knows who each
audience is and how to word the message.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import ArticleEvent
from articles.workflow.table import Audience

logger = logging.getLogger(__name__)
Action = ArticleEvent.Action


def holders(codename: str):
    """Active staff who can take a step: holders of the permission, directly or by group, and superusers.

    The same test as workflow.may_take's: an account that is inactive or not staff cannot act, so it is not told.
    """
    permission = Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    return get_user_model().objects.filter(permission | Q(is_superuser=True), is_active=True, is_staff=True).distinct()


def editors():
    """Active staff who can act on a submitted article: holders of publish_article, directly or by group."""
    return holders("publish_article")


def _admin_link(article) -> str:
    return settings.NEWSROOM_ADMIN_BASE_URL.rstrip("/") + reverse("admin:articles_article_change", args=[article.pk])


def _one_line(text: str) -> str:
    # A header cannot hold a line break (Django refuses the whole message): a title pasted with one keeps its words.
    return " ".join(text.split())


def _message(event: ArticleEvent) -> tuple[str, str]:
    article = event.article
    # The paper's time, whatever time zone happens to be active where the step was taken.
    when = (
        date_format(timezone.localtime(event.publish_at, timezone.get_default_timezone()), "SHORT_DATETIME_FORMAT")
        if event.publish_at
        else ""
    )
    # The wording of each subject line; a step added to the table without one is still told, in plain words.
    subjects = {
        Action.SUBMIT: _("For review: %(title)s"),
        Action.RETURN: _("Returned to you: %(title)s"),
        Action.APPROVE: _("Awaiting your sign-off: %(title)s"),
        Action.PUBLISH: _("Published: %(title)s"),
        Action.SCHEDULE: _("Scheduled for %(time)s: %(title)s"),
        Action.TAKE_DOWN: _("Taken down: %(title)s"),
    }
    if event.action in subjects:
        subject = subjects[event.action] % {"title": article.title, "time": when}
    else:
        subject = _("%(action)s: %(title)s") % {"action": event.get_action_display(), "title": article.title}
    subject = _one_line(subject)
    lines = [
        _("%(name)s: %(action)s") % {"name": event.actor_name, "action": event.get_action_display()},
        _("Article: %(title)s") % {"title": article.title},
    ]
    if event.note:
        lines.append(_("Note: %(note)s") % {"note": event.note})
    if when:
        lines.append(_("Publication time: %(time)s") % {"time": when})
    lines += ["", _admin_link(article)]
    return subject, "\n".join(lines)


def _reporter(article):
    return [article.created_by] if article.created_by and article.created_by.is_active else []


# Who each audience of the workflow table is.
AUDIENCES = {
    Audience.REPORTER: _reporter,
    Audience.EDITORS: lambda article: editors(),
    Audience.EDITOR_IN_CHIEF: lambda article: holders("sign_off_article"),
    Audience.NOBODY: lambda article: [],
}


def recipients(event: ArticleEvent, audience: str | None) -> list[str]:
    """The addresses of `audience` (a step's `notifies`) for this event, never the person who took the step."""
    if not audience:
        return []
    people = AUDIENCES[audience](event.article)
    return sorted({person.email for person in people if person.email and person.pk != event.actor_id})


def event_notify(event_pk: int, audience: str | None) -> None:
    """Runs after the step's transaction commits: the step is done, so nothing here may raise.

    A mail server that is down, or any other failure while writing the message, is logged and
    the step stands; the person who took it must not see an error for something that happened.
    """
    try:
        event = ArticleEvent.objects.select_related("article", "article__created_by").get(pk=event_pk)
        to = recipients(event, audience)
        if not to:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(event)
        # One message each: colleagues' addresses are not shared with everyone on the list.
        send_mass_mail([(subject, body, None, [address]) for address in to])
    except Exception:
        logger.exception("Could not send the workflow e-mail for event %s", event_pk)
