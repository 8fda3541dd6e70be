"""Staff sessions end by themselves: after NEWSROOM_STAFF_IDLE_MINUTES without activity, and when a superuser
signs a person out everywhere (SessionCutoff). A password change ends the other sessions through Django's own
session auth hash and needs nothing here.

What counts as activity: every request to a staff page (newsroom/staff/pages.py), except the background views
named in NEWSROOM_STAFF_BACKGROUND_VIEWS (the change form's presence heartbeat beats every 30 seconds for as long as
a tab is open, so a person who walked away would never be signed out). Autosave is activity: desk.js only sends it
when the text has changed, i.e. when someone typed. The stamp lives in the session and is refreshed at most once a
minute, so an active person's requests do not each write the session.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.staff.pages import is_staff_page

SIGNED_IN_AT = "newsroom_signed_in_at"
ACTIVE_AT = "newsroom_active_at"
# Seconds between two refreshes of the activity stamp: the idle end may come up to this much early.
STAMP_EVERY = 60


@receiver(user_logged_in, dispatch_uid="newsroom.staff.sessions.stamp")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[ACTIVE_AT] = now


def sign_out_everywhere(user) -> None:
    """End every session of this person, on every device, whatever the session backend."""
    from newsroom.staff.models import SessionCutoff

    SessionCutoff.objects.update_or_create(user=user, defaults={"valid_after": timezone.now()})


def _cut_off(request) -> bool:
    from newsroom.staff.models import SessionCutoff

    valid_after = SessionCutoff.objects.filter(user_id=request.user.pk).values_list("valid_after", flat=True).first()
    return valid_after is not None and request.session.get(SIGNED_IN_AT, 0) < valid_after.timestamp()


def _end(request, message: str) -> None:
    logout(request)
    messages.warning(request, message)


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, not __call__: whether a request is background is known by its resolved view's name.
        # Only the staff's pages: reading the session on a public page would add "Vary: Cookie" to it, and every
        # cache would then keep the page once per reader. Nothing public depends on a staff session anyway.
        if not is_staff_page(request.resolver_match) or not request.user.is_authenticated:
            return None
        if _cut_off(request):
            _end(request, _("You were signed out on every device. Please sign in again."))
            return None
        idle_minutes = settings.NEWSROOM_STAFF_IDLE_MINUTES
        if idle_minutes <= 0:
            return None
        now = time.time()
        session = request.session
        active_at = session.get(ACTIVE_AT)
        if active_at is not None and now - active_at > idle_minutes * 60:
            _end(
                request,
                _(
                    "Your session ended after %(minutes)d minutes without use. Please sign in again; "
                    "what you typed in an article was autosaved."
                )
                % {"minutes": idle_minutes},
            )
            return None
        background = request.resolver_match.view_name in settings.NEWSROOM_STAFF_BACKGROUND_VIEWS
        if active_at is None or (not background and now - active_at >= STAMP_EVERY):
            session[ACTIVE_AT] = now
        return None
