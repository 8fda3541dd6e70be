"""Why a workflow step or an audited write is refused; every message is written for the person who tried."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from articles.models import Article, user_display_name


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


@dataclass(frozen=True)
class PhotoToDescribe:
    """A photo a step refused, as the admin shows it: its number in the photo list, and where its fields are."""

    number: int  # 1-based, in the order of the article and of the admin's photo list
    caption: str  # shortened to one line; may be empty

    @property
    def anchor(self) -> str:
        # The id of the admin's inline block for this photo (prefix "photos", 0-based): the link lands on its fields.
        return f"photos-{self.number - 1}"

    def __str__(self) -> str:
        if self.caption:
            return str(_("photo %(number)d (“%(caption)s”)") % {"number": self.number, "caption": self.caption})
        return str(_("photo %(number)d") % {"number": self.number})


class MissingAltText(WorkflowError):
    """A photo would reach readers with nothing for those who cannot see it; `photos` says which."""

    def __init__(self, photos: list[PhotoToDescribe]):
        self.photos = photos
        super().__init__(
            _(
                "Every photo needs alt text, a description for readers who cannot see it, before the article is "
                "published. Missing on: %(photos)s."
            )
            % {"photos": "; ".join(str(photo) for photo in photos)}
        )


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
            % {"name": self.saved_by, "time": self.saved_at.strftime("%d/%m/%Y %H:%M:%S")}
        )


class AlreadyActedOn(WorkflowError):
    """Someone else wrote to the article since it reached its state, so a step kept for until then is closed."""

    def __init__(self, article: Article, rule):
        self.acted_by = user_display_name(article.updated_by) if article.updated_by_id else _("someone")
        self.acted_at = timezone.localtime(article.updated_at)
        super().__init__(
            _(
                "“%(action)s” is no longer possible: %(name)s worked on the article at %(time)s, after it was "
                "submitted. Ask the editors to return it to you."
            )
            % {"action": rule.label, "name": self.acted_by, "time": date_format(self.acted_at, "SHORT_DATETIME_FORMAT")}
        )
