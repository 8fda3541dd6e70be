"""The pages of the second factor, in the admin's look: enrol, enter a code, one's own page, and a superuser's
list of staff with the reset for a lost phone."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import user_display_name
from newsroom.staff.second_factor import policy
from newsroom.staff.second_factor.forms import CodeForm

# The recovery codes just made, kept in the session only until the page that shows them once.
FRESH_CODES_KEY = "newsroom_fresh_recovery_codes"


def _next(request) -> str:
    """Where the person was going: a path on this site only, never another site (an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': _next(request)})}"


def _render(request, template: str, title: str, **context) -> TemplateResponse:
    return TemplateResponse(
        request,
        f"staff/second_factor/{template}",
        {**admin.site.each_context(request), "title": title, "next": _next(request), **context},
    )


def _throttled_error(outcome) -> str:
    return _("Too many wrong codes. Wait %(seconds)s seconds, then try again.") % {"seconds": outcome.wait_seconds}


def _signed_in_with(request, device) -> None:
    # A new session key for the stronger sign-in, as Django gives one for the password.
    request.session.cycle_key()
    otp_login(request, device)


def _wrong_code_message() -> str:
    return _("That code is not right. Check the time on your phone and type the six digits shown now.")


def enrol(request):
    user = request.user
    if policy.has_second_factor(user) and not user.is_verified():
        # Whoever knows only the password must not put their own phone in place of the person's.
        return redirect(_with_next(reverse("second_factor:verify"), request))
    device = policy.pending_authenticator(user)
    form = CodeForm(request.POST or None, digits_only=True)
    error = ""
    if request.method == "POST" and form.is_valid():
        outcome, codes = policy.confirm_enrolment(device, form.cleaned_data["code"])
        if outcome.device is not None:
            _signed_in_with(request, outcome.device)
            request.session[FRESH_CODES_KEY] = codes
            return redirect(_with_next(reverse("second_factor:recovery_codes"), request))
        error = _throttled_error(outcome) if outcome.locked_until else _wrong_code_message()
        form = CodeForm(digits_only=True)  # an empty box for the next try
    return _render(
        request,
        "enrol.html",
        _("Set up two-step verification"),
        form=form,
        error=error,
        qr=policy.qr_svg(device),
        secret=policy.secret_text(device),
        replacing=policy.authenticator(user) is not None,
        is_nav_sidebar_enabled=False,
    )


def verify(request):
    user = request.user
    if not policy.has_second_factor(user):
        return redirect(_with_next(reverse("second_factor:enrol"), request))
    if user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        outcome = policy.verify(user, form.cleaned_data["code"])
        if outcome.device is not None:
            _signed_in_with(request, outcome.device)
            if isinstance(outcome.device, StaticDevice):
                left = policy.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s are left. Make a new set on your page.")
                    % {"left": left},
                )
            return redirect(_next(request))
        if outcome.locked_until:
            error = _throttled_error(outcome)
        else:
            error = _("That code is not right. Type the six digits your app shows now, or one recovery code.")
        form = CodeForm()  # an empty box for the next try
    return _render(
        request, "verify.html", _("Two-step verification"), form=form, error=error, is_nav_sidebar_enabled=False
    )


def recovery_codes(request):
    """The codes just made, shown once: they are not kept anywhere a page could show them again."""
    codes = request.session.pop(FRESH_CODES_KEY, None)
    return _render(request, "recovery_codes.html", _("Recovery codes"), codes=codes or [])


@require_POST
def new_recovery_codes(request):
    if policy.authenticator(request.user) is None:
        raise PermissionDenied
    request.session[FRESH_CODES_KEY] = policy.new_recovery_codes(request.user)
    return redirect(_with_next(reverse("second_factor:recovery_codes"), request))


def mine(request):
    user = request.user
    device = policy.authenticator(user)
    return _render(
        request,
        "mine.html",
        _("Two-step verification"),
        device=device,
        codes_left=policy.recovery_codes_left(user) if device else 0,
        required=policy.is_on() and policy.role_requires(user),
    )


def _superuser_only(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def staff_list(request):
    _superuser_only(request)
    people = get_user_model().objects.filter(is_staff=True).order_by("last_name", "first_name", "username")
    enrolled = {device.user_id: device for device in TOTPDevice.objects.filter(confirmed=True)}
    rows = [
        {"person": person, "name": user_display_name(person), "device": enrolled.get(person.pk)} for person in people
    ]
    return _render(request, "staff_list.html", _("Staff two-step verification"), rows=rows)


def reset(request, user_id: int):
    _superuser_only(request)
    person = get_object_or_404(get_user_model(), pk=user_id, is_staff=True)
    name = user_display_name(person)
    if request.method == "POST":
        policy.reset(person)
        messages.success(
            request,
            _("Two-step verification of %(name)s was reset. They will set it up again at their next sign-in.")
            % {"name": name},
        )
        return redirect("second_factor:staff")
    return _render(request, "reset.html", _("Reset two-step verification"), person=person, name=name)
