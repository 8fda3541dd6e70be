from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most phones and office
    PCs in Vietnam run an English-language browser: the paper would greet its own staff and readers
    in English. Only an explicit choice (the cookie set by Django's set_language view) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if "Content-Language" not in response.headers:
            # The chosen language shaped this page. A public page that speaks its edition's language
            # sets Content-Language itself and stays one page for everyone: cacheable by a CDN.
            patch_vary_headers(response, ["Cookie"])
            response.headers["Content-Language"] = translation.get_language()
        translation.deactivate()
        return response
