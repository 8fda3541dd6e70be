"""How long the sign-in log is kept: NEWSROOM_LOGIN_LOG_DAYS, pruned by the daily `manage.py prune`,
so that the log of a paper's years of sign-ins cannot grow without end."""

from datetime import timedelta

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def prune_sign_in_log() -> tuple[int, int]:
    """Drop successful and failed sign-ins older than the days kept; returns how many of each."""
    before = timezone.now() - timedelta(days=settings.NEWSROOM_LOGIN_LOG_DAYS)
    successes, _ = AccessLog.objects.filter(attempt_time__lt=before).delete()
    failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=before).delete()
    return successes, failures
