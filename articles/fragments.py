"""Parts that every public page prints and that change far less often than pages, kept in the cache.

    menu_sections()              the section menu's sections (and the home page's blocks' order)
    MOST_VIEWED_BOX.get(…)       the "Tin xem nhiều" box's markup (articles/templatetags/newsroom.py)
    kept_markup(key_parts, make) markup named by everything it is made from (the article body with its photos)

The paper's particulars in the footer are kept the same way by articles/site_settings.py.

A Fragment lives in the cache all the server's processes share, under a generation token: an entry is served
only while the token it was made under is current, and a change that alters the fragment replaces the token
once its transaction commits (and at once, for the rest of the request that made it). The token is read
before the fragment's data, so an entry made from data read before a change can never outlive the change,
whatever the interleaving. A cache that fails (Redis down) costs the queries, never the page.

    Fragment           dropped on
    menu               a Section saved or deleted
    most-viewed box    a Section or an Article saved or deleted (a take-down, a title edited), and after
                       NEWSROOM_RANKING_CACHE_SECONDS like the ranking it shows
"""

import hashlib
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

PREFIX = "newsroom:fragment:"
# Markup named by its content needs no invalidation; a day bounds what an unused version occupies.
KEPT_MARKUP_SECONDS = 24 * 3600


def shared_cache():
    """The cache every process of the server shares (without Redis, each process's "default" is its own
    memory, and a change would reach the process that made it only)."""
    return caches["shared"] if "shared" in settings.CACHES else caches["default"]


class Fragment:
    def __init__(self, name: str, seconds: Callable[[], int | None]):
        self.name = name
        self._seconds = seconds
        self._token_key = f"{PREFIX}{name}:token"

    def get(self, variant: str, make: Callable[[], object]) -> object:
        """The fragment's `variant` (a language, say) as kept, or made by `make()` and kept."""
        cache = shared_cache()
        entry_key = f"{PREFIX}{self.name}:{variant}"
        try:
            found = cache.get_many([self._token_key, entry_key])
        except Exception as error:  # a broken cache must not take the page down
            logger.warning("fragment cache unreadable (%s): %s", self.name, error)
            return make()
        token = found.get(self._token_key)
        entry = found.get(entry_key)
        if token is not None and entry is not None and entry[0] == token:
            return entry[1]
        if token is None:
            token = self._new_token(cache)
        value = make()
        if token is not None:
            try:
                cache.set(entry_key, (token, value), self._seconds())
            except Exception as error:
                logger.warning("fragment cache unwritable (%s): %s", self.name, error)
        return value

    def _new_token(self, cache) -> str | None:
        token = uuid.uuid4().hex
        try:
            # add(), not set(): two first readers at once must not replace each other's token (a token set
            # after another reader's entry would only cost a miss, but one replacing a drop would be wrong).
            if not cache.add(self._token_key, token, None):
                return cache.get(self._token_key)
        except Exception as error:
            logger.warning("fragment cache unwritable (%s): %s", self.name, error)
            return None
        return token

    def drop(self) -> None:
        """The fragment's data changed: no copy made before is served again, now or after the commit."""
        self._replace_token()
        transaction.on_commit(self._replace_token)

    def _replace_token(self) -> None:
        try:
            shared_cache().set(self._token_key, uuid.uuid4().hex, None)
        except Exception as error:
            # Copies made before stay until their entry expires (the menu's: when the cache is back and evicts it).
            logger.error("fragment cache not cleared (%s): %s", self.name, error)


# An hour bounds how long a drop lost to a failing cache can leave an old menu.
MENU = Fragment("menu", seconds=lambda: 3600)
MOST_VIEWED_BOX = Fragment("most-viewed", seconds=lambda: settings.NEWSROOM_RANKING_CACHE_SECONDS)


def _section_values(section) -> dict:
    # Plain values rather than pickled models: a copy kept before a field was added still loads.
    return {field.attname: getattr(section, field.attname) for field in section._meta.concrete_fields}


def menu_sections() -> list:
    """Every section in menu order, from the cache; one query when it is cold."""
    from articles.models import Section

    rows = MENU.get("all", lambda: [_section_values(section) for section in Section.objects.all()])
    known = {field.attname for field in Section._meta.concrete_fields}
    return [Section(**{name: value for name, value in row.items() if name in known}) for row in rows]


def kept_markup(key_parts: tuple, make: Callable[[], str], *, keep: bool = True) -> str:
    """Markup made once per distinct `key_parts` (everything it is made from) and kept in the `default` cache:
    another version of its content is another key, so nothing ever has to drop it. `keep=False`: made, not kept."""
    if not keep:
        return make()
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()
    key = f"{PREFIX}markup:{digest}"
    cache = caches["default"]
    try:
        markup = cache.get(key)
    except Exception as error:
        logger.warning("markup cache unreadable: %s", error)
        return make()
    if markup is None:
        markup = str(make())
        try:
            cache.set(key, markup, KEPT_MARKUP_SECONDS)
        except Exception as error:
            logger.warning("markup cache unwritable: %s", error)
    return markup


def sections_changed(sender, **kwargs) -> None:
    # A section's name or address is in the menu and in every link of the box.
    MENU.drop()
    MOST_VIEWED_BOX.drop()


def article_changed(sender, **kwargs) -> None:
    # Whatever changed (a take-down above all, or a title), the box is made again from the database.
    MOST_VIEWED_BOX.drop()


def connect_signals() -> None:
    from articles.models import Article, Section

    for signal in (post_save, post_delete):
        signal.connect(sections_changed, sender=Section, dispatch_uid=f"fragments_section_{signal is post_save}")
        signal.connect(article_changed, sender=Article, dispatch_uid=f"fragments_article_{signal is post_save}")
