from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


@cache
def admin_prefix() -> str:
    """Where the admin's addresses start ("/admin/"): the staff's pages, never a reader's."""
    with translation.override(None):
        return reverse("admin:index")


def is_admin_request(request) -> bool:
    return request.path_info.startswith(admin_prefix())


class EditionLanguageMiddleware:
    """The language of a request: the edition its address names, or in the admin the user's choice.

    Public pages belong to an edition: English under /en/, Vietnamese everywhere else. Django's
    LocaleMiddleware would also follow the browser's Accept-Language, and most phones and office PCs
    in Vietnam run an English-language browser: the paper would greet its own readers in English, and
    one address would give two pages, which no cache or search engine handles well. In the admin only
    an explicit choice (the cookie set by Django's set_language view) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen_by_user = is_admin_request(request)
        if chosen_by_user:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = cookie if cookie in self.supported else settings.LANGUAGE_CODE
        else:
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if "Content-Language" not in response.headers:
            if chosen_by_user:
                patch_vary_headers(response, ["Cookie"])
            response.headers["Content-Language"] = language
        translation.deactivate()
        return response
