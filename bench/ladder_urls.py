"""Bench-only endpoints to split the beacon's cost (see views_http.py --ladder):

/bench/noop/    POST → 204 through Django's whole middleware stack, nothing else
/bench/exists/  POST id=<n> → 204 after the beacon's body parsing and its `published()` existence query
everything else: the project's own URLs (so /api/xem/ is the real beacon)
"""

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import beacon
from newsroom import urls as project_urls


@csrf_exempt
@never_cache
@require_POST
def noop(request):
    return HttpResponse(status=204)


@csrf_exempt
@never_cache
@require_POST
def exists(request):
    match = beacon.BODY.match(request.body[: beacon.MAX_BODY_BYTES + 1].strip())
    if match is None:
        return HttpResponseBadRequest()
    if beacon._published_id(match.group(1)) is None:
        return HttpResponseNotFound()
    return HttpResponse(status=204)


# The project's patterns themselves, not include()d: they hold i18n_patterns, which only a root URLconf may.
urlpatterns = [
    path("bench/noop/", noop),
    path("bench/exists/", exists),
    *project_urls.urlpatterns,
]
