"""The ceiling of bench/uncached_pages.py: /bench/constant/ answers a fixed small HTML page through Django's
whole middleware stack (the public pages' stack) and nothing else; every other address is the project's own.
"""

from django.http import HttpResponse
from django.urls import path

from newsroom import urls as project_urls

CONSTANT = b"<!doctype html><html lang=vi><title>ok</title><p>ok</p></html>"


def constant(request):
    return HttpResponse(CONSTANT, content_type="text/html; charset=utf-8")


# Prepended, not included: the project's URLconf holds i18n_patterns (the English edition's /en/ prefix), which
# Django allows only in the root URLconf.
urlpatterns = [path("bench/constant/", constant), *project_urls.urlpatterns]
