"""The paper's two editions: Vietnamese at the site's root, English under /en/.

A public page belongs to the edition its address names (Django's i18n_patterns with the default
language unprefixed), never to the reader's browser language or a cookie.
"""

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation


def current_edition() -> str:
    """The language code of the edition being served: "vi" or "en"."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    supported = {code for code, _name in settings.LANGUAGES}
    code = language.split("-")[0]
    return code if code in supported else settings.LANGUAGE_CODE


def other_edition() -> str:
    current = current_edition()
    return next(code for code, _name in settings.LANGUAGES if code != current)


# Pages that exist alike in both editions: the switch leads to the same page in the other one. Any other
# page (an article, a tag or author known in one edition only) leads to the other edition's home page.
PAGES_IN_BOTH_EDITIONS = frozenset({"home", "section", "search", "most_viewed", "corrections"})
# Query parameters that mean the same in both editions; a page number does not (the editions differ in size).
PORTABLE_PARAMETERS = ("q", "khoang", "chuyen-muc")


def other_edition_url(request, counterpart=None, *, page_exists: bool = True) -> str:
    """Where the `En` / `Vi` switch leads: the translation when one is published, else the same page
    in the other edition when it has one, else the other edition's home page (and always from an
    error page: a missing section here is missing there too)."""
    other = other_edition()
    if counterpart is not None and counterpart.is_published():
        return counterpart.get_absolute_url()
    match = getattr(request, "resolver_match", None)
    with translation.override(other):
        if not page_exists or match is None or match.url_name not in PAGES_IN_BOTH_EDITIONS:
            return reverse("articles:home")
        url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    query = QueryDict(mutable=True)
    for name in PORTABLE_PARAMETERS:
        if name in request.GET:
            query[name] = request.GET[name]
    return f"{url}?{query.urlencode()}" if query else url
