"""The paper's particulars (SiteSettings) as every public page prints them, read from the cache.

Every page shows the masthead in its footer, so the row lives in Django's cache and a page normally costs
no query for it. A save replaces the cached copy at once and again when its transaction commits; the cache
timeout bounds how long a reader racing a save could keep an older copy. A cache that fails (Redis down)
costs one query per page instead, never the page.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import router, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.editions import current_edition
from articles.fragments import shared_cache
from articles.models import SiteSettings

logger = logging.getLogger(__name__)

CACHE_KEY = "newsroom:site-settings:1"
CACHE_SECONDS = 60 * 60

# A single number, once its spacing and punctuation are dropped, can be dialled from a phone: "tel:02513822501".
_DIALLABLE = re.compile(r"\+?\d{8,15}")


def _cache():
    return shared_cache()


def _values(row: SiteSettings) -> dict:
    # Plain values rather than the pickled model: a copy cached before a field was added still loads.
    return {field.attname: getattr(row, field.attname) for field in SiteSettings._meta.concrete_fields}


def _from_values(values: dict) -> SiteSettings:
    known = {field.attname for field in SiteSettings._meta.concrete_fields}
    return SiteSettings(**{name: value for name, value in values.items() if name in known})


def _from_database() -> SiteSettings:
    """The row, or for a database without it (emptied by hand or by a test) the configured name only.

    Read on the primary even for a reader's page: the row is kept for every reader for CACHE_SECONDS, and a
    replica that has not yet replayed a change would keep the old particulars that long."""
    primary = router.db_for_write(SiteSettings)
    row = SiteSettings.objects.using(primary).filter(pk=SiteSettings.SINGLETON_ID).first()
    return row or SiteSettings(paper_name=settings.NEWSROOM_SITE_NAME)


def site_settings_current() -> SiteSettings:
    """The row as pages print it: from the cache, or one query when the cache is cold or unreachable."""
    try:
        values = _cache().get(CACHE_KEY)
    except Exception as error:  # a broken cache must not take the page down
        logger.warning("site settings cache unreadable: %s", error)
        return _from_database()
    if values is not None:
        return _from_values(values)
    row = _from_database()
    _cache_store(row)
    return row


def _cache_store(row: SiteSettings) -> None:
    try:
        _cache().set(CACHE_KEY, _values(row), CACHE_SECONDS)
    except Exception as error:
        logger.warning("site settings cache unwritable: %s", error)


def _cache_forget() -> None:
    try:
        _cache().delete(CACHE_KEY)
    except Exception as error:
        # Left as it was, the cache prints the old particulars until CACHE_SECONDS have passed.
        logger.warning("site settings cache not cleared: %s", error)


@receiver(post_save, sender=SiteSettings, dispatch_uid="site_settings_saved")
@receiver(post_delete, sender=SiteSettings, dispatch_uid="site_settings_deleted")
def site_settings_changed(sender, **kwargs) -> None:
    # Forgotten now, so the rest of this request (and this transaction) reads the new row; forgotten again
    # after the commit, in case another request cached the old row in between.
    _cache_forget()
    transaction.on_commit(_cache_forget)


@dataclass(frozen=True)
class Masthead:
    """The particulars in the language of one edition, ready to print; an empty string is a line not printed."""

    name: str
    governing_body: str
    licence: str
    editor_in_chief: str
    deputy_editors: str
    address: str
    phone: str
    phone_link: str
    email: str


def _licence_line(row: SiteSettings, issuer: str) -> str:
    number = row.licence_number.strip()
    if not number:
        return ""
    date = date_format(row.licence_date, "d/m/Y") if row.licence_date else ""
    values = {"number": number, "date": date, "issuer": issuer}
    if date and issuer:
        return _("Licence no. %(number)s of %(date)s, issued by %(issuer)s") % values
    if date:
        return _("Licence no. %(number)s of %(date)s") % values
    if issuer:
        return _("Licence no. %(number)s, issued by %(issuer)s") % values
    return _("Licence no. %(number)s") % values


def masthead_for(row: SiteSettings, edition: str) -> Masthead:
    """The row for the given edition: English values on English pages where they are given."""
    english = edition == "en"

    def pick(vietnamese: str, in_english: str) -> str:
        return (in_english if english and in_english.strip() else vietnamese).strip()

    phone = row.phone.strip()
    dialled = re.sub(r"[\s().\-/]", "", phone)
    return Masthead(
        name=pick(row.paper_name, row.paper_name_en) or settings.NEWSROOM_SITE_NAME,
        governing_body=pick(row.governing_body, row.governing_body_en),
        licence=_licence_line(row, pick(row.licence_issuer, row.licence_issuer_en)),
        editor_in_chief=row.editor_in_chief.strip(),
        deputy_editors=", ".join(row.deputy_editor_names),
        address=pick(row.address, row.address_en),
        phone=phone,
        phone_link=f"tel:{dialled}" if _DIALLABLE.fullmatch(dialled) else "",
        email=row.email.strip(),
    )


def masthead() -> Masthead:
    """The masthead of the edition being served."""
    return masthead_for(site_settings_current(), current_edition())
