"""Sign-in throttling: when a locked-out (username, address) may try again, and the page that tells them.

django-axes counts and locks (settings: AXES_*); this module only reads its count to answer "until when".
"""

from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.client_address import client_address
from newsroom.formats import staff_time


def locked_until(username: str | None, address: str) -> datetime | None:
    """The moment the pair's lock ends: its latest counted failure plus the cool-off (a retry during the lock
    is not counted, AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    latest = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(last=Max("attempt_time"))
    cool_off = get_cool_off()
    if latest["last"] is None or cool_off is None:
        return None
    return latest["last"] + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the admin-looking page that says until when this sign-in is locked."""
    username = get_client_username(request, credentials)
    until = locked_until(username, getattr(request, "axes_ip_address", None) or client_address(request))
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in locked"),
        "username": username,
        "until": staff_time(until) if until else None,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "staff/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if until:
        response["Retry-After"] = str(max(0, int((until - timezone.now()).total_seconds())))
    return response
