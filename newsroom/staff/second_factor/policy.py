"""Who must show a second factor, and everything done to a person's devices.

A person has at most one confirmed authenticator (a TOTPDevice) and one set of recovery codes (a StaticDevice
with its tokens). Enrolling again replaces both once the new authenticator is confirmed; a superuser's reset
removes both, so the person enrols afresh at their next sign-in.
"""

import math
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER

RECOVERY_CODE_COUNT = 10
# Device names are data, never shown as such: the pages name the device kinds themselves.
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def is_on() -> bool:
    return settings.NEWSROOM_OTP_REQUIRED


def role_requires(user) -> bool:
    """Whether the person's role obliges them to have a second factor (with the setting on)."""
    if user.is_superuser:
        return True
    roles = {group.name for group in user.groups.all()}
    if roles & {EDITOR, EDITOR_IN_CHIEF}:
        return True
    if REPORTER in roles:
        return settings.NEWSROOM_OTP_FOR_REPORTERS
    # A staff account outside the newsroom's roles was given its powers by hand: it gets the stricter rule.
    return True


def must_verify(user) -> bool:
    """Whether this signed-in person must show a second factor before the admin: their role says so, or they
    set one up of their own accord (a reporter who enrolled expects to be asked)."""
    if not (is_on() and user.is_authenticated and user.is_staff):
        return False
    return role_requires(user) or has_second_factor(user)


def has_second_factor(user) -> bool:
    """Any confirmed device: the authenticator, or recovery codes left from one (they still let the person in)."""
    return user_has_device(user, confirmed=True)


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-created_at").first()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: the same secret on every reload of the enrolment page until it is
    confirmed, so a person who scanned once need not scan again."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as a QR code drawn here, inline SVG: no outside service sees the secret, and an
    inline <svg> needs neither a data: URL nor a style attribute under the Content-Security-Policy."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=5, border=4, omitsize=True, dark="#000", light="#fff", title=settings.OTP_TOTP_ISSUER, svgclass="qr"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own SVG; the address inside is escaped by segno


@dataclass
class Outcome:
    """A code's verdict: the device that accepted it, or why not (wrong, or wait until `locked_until`)."""

    device: object | None = None
    locked_until: datetime | None = None

    @property
    def wait_seconds(self) -> int:
        if self.locked_until is None:
            return 0
        return max(1, math.ceil((self.locked_until - timezone.now()).total_seconds()))


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _check(device, code: str) -> Outcome:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return Outcome(locked_until=(data or {}).get("locked_until"))
    with transaction.atomic():
        # Locked for the check, so two requests racing with one code cannot both pass.
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        if locked.verify_token(code):
            return Outcome(device=locked)
    return Outcome()


def confirm_enrolment(device: TOTPDevice, code: str) -> tuple[Outcome, list[str]]:
    """Check the first code from a new authenticator; if right, it becomes the person's only one and a fresh set
    of recovery codes replaces any older set. Returns the outcome and the new recovery codes (to show once)."""
    outcome = _check(device, _normalise(code))
    if outcome.device is None:
        return outcome, []
    with transaction.atomic():
        device = outcome.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = new_recovery_codes(device.user)
    return Outcome(device=device), codes


def verify(user, code: str) -> Outcome:
    """A six-digit code goes to the authenticator, anything else to the recovery codes (each works once)."""
    code = _normalise(code)
    if code.isdigit() and len(code) == 6:
        device = authenticator(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return Outcome()
    return _check(device, code)


def new_recovery_codes(user) -> list[str]:
    """A new set of recovery codes, replacing the old set, which stops working at once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(user) -> int:
    """Remove every device of the person (lost phone): they enrol again at their next sign-in. Their sessions
    that were verified by a removed device are no longer verified (django-otp checks the device on each request).
    Returns the number of devices removed."""
    removed = 0
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
    return removed
