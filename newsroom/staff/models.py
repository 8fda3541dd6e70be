"""What the staff's door keeps: the moment before which a person's sessions no longer count, and the sign-in
records of django-axes under the newsroom's own names (proxies: axes owns the tables, we own the pages)."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionCutoff(models.Model):
    """Sessions of this person signed in before `valid_after` are over ("sign out everywhere"). One row per
    person who was ever signed out that way, read by primary key: it works with any session backend, because
    it never has to find the sessions themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="session_cutoff"
    )
    valid_after = models.DateTimeField(_("sessions valid after"))

    class Meta:
        verbose_name = _("sign-out everywhere")
        verbose_name_plural = _("sign-outs everywhere")

    def __str__(self):
        return f"{self.user} @ {self.valid_after:%Y-%m-%d %H:%M:%S}"


class FailedSignInCount(AccessAttempt):
    """A (username, address) pair's failed sign-ins within the cool-off: the count that locks it."""

    class Meta:
        proxy = True
        verbose_name = _("failed sign-in count")
        verbose_name_plural = _("failed sign-in counts")


class SignIn(AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("successful sign-in")
        verbose_name_plural = _("successful sign-ins")


class FailedSignIn(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
