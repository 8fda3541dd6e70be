"""Corrections printed under a published article (Press Law, Art. 42): the one door that records them.

A correction is the paper's own statement, printed for readers: so it is recorded only on an article
readers can see right now, only by someone holding `correct_article`, and it leaves the same trail as a
workflow step: an ArticleEvent, a new version number, and a Revision snapshot (lưu chiểu).
"""

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleEvent, Correction, Revision
from articles.workflow import TransitionForbidden, WorkflowError, article_write

Kind = Correction.Kind

# A retraction or an erratum quotes what was printed; an update only adds what is now known.
KINDS_QUOTING_THE_ERROR = frozenset({Kind.RETRACTION, Kind.ERRATUM})

NOTE_LENGTH = 200


class CorrectionNotAllowed(WorkflowError):
    """The article is not one readers can see, so there is nothing printed to correct."""


class CorrectionIncomplete(WorkflowError):
    """The correction lacks a text it needs, or names a kind that does not exist."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def correction_summary(correction: Correction) -> str:
    """One line for the audit trail: “Erratum: “wrong” → “right””, shortened."""
    if correction.wrong_text:
        text = gettext("%(kind)s: “%(wrong)s” → “%(correct)s”") % {
            "kind": correction.get_kind_display(),
            "wrong": _one_line(correction.wrong_text),
            "correct": _one_line(correction.correct_text),
        }
    else:
        text = gettext("%(kind)s: %(correct)s") % {
            "kind": correction.get_kind_display(),
            "correct": _one_line(correction.correct_text),
        }
    return Truncator(text).chars(NOTE_LENGTH)


def correction_record(
    article: Article | int, user, *, kind: str, wrong_text: str = "", correct_text: str
) -> Correction:
    """Record a correction on a published article, with its event, version bump and snapshot.

    Raises TransitionForbidden without the `articles.correct_article` permission, CorrectionNotAllowed
    unless readers can see the article now (not a draft, not scheduled, not taken down), and
    CorrectionIncomplete for a missing text or an unknown kind. The caller's `article` instance is not
    refreshed: reload it for the new version number.
    """
    wrong_text = (wrong_text or "").strip()
    correct_text = (correct_text or "").strip()
    if not (user.is_active and user.is_staff and user.has_perm("articles.correct_article")):
        raise TransitionForbidden(_("You may not record corrections on articles."))
    if kind not in Kind.values:
        raise CorrectionIncomplete(_("“%(kind)s” is not a kind of correction.") % {"kind": kind})
    if not correct_text:
        raise CorrectionIncomplete(_("Write the corrected statement, as readers will read it."))
    if kind in KINDS_QUOTING_THE_ERROR and not wrong_text:
        raise CorrectionIncomplete(
            _("A retraction or an erratum quotes the statement as it was published: write what was wrong.")
        )

    pk = article.pk if isinstance(article, Article) else article
    with article_write(pk, user) as write:
        locked = write.article
        if locked.is_scheduled:
            raise CorrectionNotAllowed(
                _("The article is scheduled and readers cannot see it yet: edit it instead of correcting it.")
            )
        if not locked.is_published():
            raise CorrectionNotAllowed(
                _("Corrections are recorded only on articles readers can see; this one is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )

        now = timezone.now()
        correction = Correction.objects.create(
            article=locked,
            kind=kind,
            wrong_text=wrong_text,
            correct_text=correct_text,
            created_at=now,
            created_by=user,
        )
        write.save()
        write.record(
            ArticleEvent.Action.CORRECTION,
            note=correction_summary(correction),
            snapshot=Revision.Reason.CORRECTION,
            at=now,
        )
    return correction
