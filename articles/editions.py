"""The paper's two editions: Vietnamese at the site's root, English under /en/.

A public page belongs to the edition its address names (Django's i18n_patterns with the default
language unprefixed), never to the reader's browser language or a cookie.
"""

from django.conf import settings
from django.utils import translation


def current_edition() -> str:
    """The language code of the edition being served: "vi" or "en"."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    supported = {code for code, _name in settings.LANGUAGES}
    code = language.split("-")[0]
    return code if code in supported else settings.LANGUAGE_CODE
