"""Previews of an article as readers will see it, before (or whatever) its publication.

Staff open /xem-truoc/bai/<pk>/ with their login; anyone else needs a shared link /xem-truoc/<token>/.
The token is signed with the site's SECRET_KEY under its own salt (a signature made for a session, a
password reset or another feature never passes here), names exactly one article, and carries its own
expiry: the lifetime is fixed when the link is made, whatever NEWSROOM_PREVIEW_HOURS says later.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

SALT = "articles.preview.shared-link"
# A real token is about 60 characters; anything far longer is not worth an HMAC.
TOKEN_MAX_LENGTH = 200

Status = Article.Status


def preview_token_make(article: Article, *, hours: int | float | None = None) -> str:
    """A URL-safe token that opens this one article's preview until `hours` (default
    settings.NEWSROOM_PREVIEW_HOURS) from now."""
    lifetime = timedelta(hours=settings.NEWSROOM_PREVIEW_HOURS if hours is None else hours)
    expires = int((timezone.now() + lifetime).timestamp())
    # URL-safe base64 and ':' only, never '/': the <str:token> URL pattern relies on it.
    return signing.dumps({"a": article.pk, "x": expires}, salt=SALT)


def preview_token_pk(token: str) -> int | None:
    """The article number a valid, unexpired token was made for, without touching the database."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        payload = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(payload, dict):
        return None
    pk, expires = payload.get("a"), payload.get("x")
    # bool is an int in Python; neither field may be one.
    if type(pk) is not int or type(expires) is not int:
        return None
    if timezone.now().timestamp() >= expires:
        return None
    return pk


def preview_token_article(token: str) -> Article | None:
    """The article a valid, unexpired token was made for; None for anything else (tampered, expired,
    malformed, made with another salt or key, or naming an article that no longer exists)."""
    pk = preview_token_pk(token)
    return None if pk is None else Article.objects.filter(pk=pk).first()


def preview_token_expires(token: str) -> datetime | None:
    """When a token made by preview_token_make stops working (aware, local time); None for a bad token."""
    try:
        payload = signing.loads(token, salt=SALT)
        return timezone.localtime(datetime.fromtimestamp(payload["x"], tz=UTC))
    except (signing.BadSignature, ValueError, TypeError, KeyError, UnicodeError, OverflowError, OSError):
        return None


def shared_preview_allowed(article: Article) -> bool:
    """Whether a shared link may show the article. A takedown is a legal act: a link handed out before it
    must not keep serving the text (staff still preview it with their login)."""
    return article.status != Status.TAKEN_DOWN


def preview_note(article: Article) -> str:
    """One sentence for the preview banner: where the article stands and whether readers can see it.

    Call it with the language the page is rendered in active.
    """
    if article.status == Status.PUBLISHED:
        if article.is_published():
            return _("Published — readers can see this article.")
        when = timezone.localtime(article.published_at).strftime("%H:%M, %d/%m/%Y")
        return _("Scheduled for %(time)s — readers cannot see this article yet.") % {"time": when}
    notes = {
        Status.DRAFT: _("Draft — readers cannot see this article yet."),
        Status.IN_REVIEW: _("In review — readers cannot see this article yet."),
        Status.APPROVED: _("Awaiting the editor-in-chief's sign-off — readers cannot see this article yet."),
        Status.TAKEN_DOWN: _("Taken down — readers can no longer see this article."),
    }
    return notes.get(article.status, _("Readers cannot see this article."))
