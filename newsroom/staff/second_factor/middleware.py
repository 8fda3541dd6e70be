"""Every admin page and staff-only endpoint waits for the second factor: enforced here, on the server, for every
path, whatever links a page shows or hides."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse

from newsroom.staff.pages import is_staff_page
from newsroom.staff.second_factor import policy

# What a signed-in person may reach before the second factor: the password step and the way out, the second
# factor's own enrol and code pages, and the admin's JavaScript catalogue those pages load.
OPEN_BEFORE = {
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
    "second_factor:enrol",
    "second_factor:verify",
}
# The change form's background requests answer JSON to desk.js, which reads a status, not a page.
JSON_ENDPOINT_SUFFIXES = ("_autosave", "_autosave_new", "_autosave_discard", "_autosave_new_discard", "_presence")


def guarded(resolver_match) -> bool:
    return is_staff_page(resolver_match) and resolver_match.view_name not in OPEN_BEFORE


def is_json_endpoint(view_name: str) -> bool:
    return view_name.startswith("admin:") and view_name.endswith(JSON_ENDPOINT_SUFFIXES)


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware, which tells whether this session was verified by a device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not policy.is_on() or not guarded(match):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or not policy.must_verify(user):
            return None
        step = "second_factor:verify" if policy.has_second_factor(user) else "second_factor:enrol"
        url = f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
        if is_json_endpoint(match.view_name):
            return JsonResponse({"error": "second factor required", "url": url}, status=403)
        return HttpResponseRedirect(url)
