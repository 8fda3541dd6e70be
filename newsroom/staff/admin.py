"""The superuser's pages for the staff's door: the sign-in log, unlocking a locked sign-in, and signing a
person out everywhere. All of them for superusers alone, refused on the server (403), not only hidden.

Columns and labels are the newsroom's own words (display functions), not django-axes' English field names.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.formats import staff_time
from newsroom.staff.models import FailedSignIn, FailedSignInCount, SignIn
from newsroom.staff.second_factor import admin as second_factor_admin  # noqa: F401 - unregisters django-otp's pages
from newsroom.staff.sessions import sign_out_everywhere
from newsroom.staff.throttle import locked_until


class SuperuserOnly:
    """Readable by superusers only; nobody adds or changes a record of the door by hand."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignInColumns:
    date_hierarchy = "attempt_time"
    search_fields = ["username", "ip_address"]
    list_per_page = 50

    @admin.display(description=_("Time"), ordering="attempt_time")
    def when(self, obj):
        return staff_time(obj.attempt_time)

    @admin.display(description=_("Username"), ordering="username")
    def who(self, obj):
        return obj.username or "—"

    @admin.display(description=_("IP address"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address or "—"

    @admin.display(description=_("Browser"))
    def browser(self, obj):
        return obj.user_agent or "—"


@admin.register(SignIn)
class SignInAdmin(SuperuserOnly, SignInColumns, admin.ModelAdmin):
    list_display = ["when", "who", "address", "signed_out", "browser"]
    fields = readonly_fields = ["when", "who", "address", "signed_out", "browser"]

    @admin.display(description=_("Signed out at"), ordering="logout_time")
    def signed_out(self, obj):
        return staff_time(obj.logout_time)


@admin.register(FailedSignIn)
class FailedSignInAdmin(SuperuserOnly, SignInColumns, admin.ModelAdmin):
    list_display = ["when", "who", "address", "locked", "browser"]
    fields = readonly_fields = ["when", "who", "address", "locked", "browser"]

    @admin.display(description=_("Locked"), boolean=True, ordering="locked_out")
    def locked(self, obj):
        return obj.locked_out


@admin.register(FailedSignInCount)
class FailedSignInCountAdmin(SuperuserOnly, SignInColumns, admin.ModelAdmin):
    """Unlocking is deleting the count: the pair starts again from zero failures."""

    list_display = ["who", "address", "failures", "state", "when"]
    fields = readonly_fields = ["who", "address", "failures", "state", "when", "browser"]
    actions = ["unlock"]
    change_form_template = "staff/failed_sign_in_count_change_form.html"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Mở khóa" says what deleting a count means
        return actions

    @admin.display(description=_("Failures"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("State"))
    def state(self, obj):
        if obj.failures_since_start < settings.AXES_FAILURE_LIMIT:
            left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
            return ngettext("%(left)d try left", "%(left)d tries left", left) % {"left": left}
        until = locked_until(obj.username, obj.ip_address)
        if until is None or until > timezone.now():
            return _g("Locked until %(time)s") % {"time": staff_time(until)} if until else _g("Locked")
        return _g("Lock over")

    @admin.action(description=_("Unlock the selected sign-ins"), permissions=["delete"])
    def unlock(self, request, queryset):
        count = self._unlock(queryset)
        self.message_user(
            request,
            ngettext("%(count)d sign-in unlocked.", "%(count)d sign-ins unlocked.", count) % {"count": count},
            messages.SUCCESS,
        )

    @staticmethod
    def _unlock(queryset) -> int:
        # Every count of the same (username, address), whatever browser it came from: axes sums them.
        pairs = list(queryset.values_list("username", "ip_address").distinct())
        for username, address in pairs:
            FailedSignInCount.objects.filter(username=username, ip_address=address).delete()
        return len(pairs)

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/mo-khoa/",
                self.admin_site.admin_view(self.unlock_view),
                name=f"{opts.app_label}_{opts.model_name}_unlock",
            ),
            *super().get_urls(),
        ]

    def unlock_view(self, request, object_id):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        count = get_object_or_404(FailedSignInCount, pk=object_id)
        if request.method == "POST":
            self._unlock(FailedSignInCount.objects.filter(pk=count.pk))
            self.message_user(
                request,
                _g("The sign-in of “%(username)s” from %(address)s is unlocked.")
                % {"username": count.username, "address": count.ip_address},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return TemplateResponse(
            request,
            "staff/confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _g("Unlock this sign-in?"),
                "question": _g("“%(username)s” may sign in again from %(address)s at once.")
                % {"username": count.username, "address": count.ip_address},
                "button": _g("Unlock sign-in"),
                "back_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[count.pk]),
            },
        )


User = get_user_model()
# Extends whatever user admin the project registered before this app's admin loads (articles' today, listed
# earlier in INSTALLED_APPS), so the two can grow apart without knowing each other.
BaseUserAdmin = type(admin.site.get_model_admin(User))


class StaffUserAdmin(BaseUserAdmin):
    change_form_template = "staff/user_change_form.html"
    actions = [*(BaseUserAdmin.actions or []), "sign_out_everywhere_action"]

    def has_superuser_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @admin.action(description=_("Sign out of every device"), permissions=["superuser"])
    def sign_out_everywhere_action(self, request, queryset):
        people = list(queryset)
        for person in people:
            sign_out_everywhere(person)
        self.message_user(
            request,
            ngettext(
                "%(count)d person was signed out of every device.",
                "%(count)d people were signed out of every device.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<id>/dang-xuat-moi-thiet-bi/",
                self.admin_site.admin_view(self.sign_out_everywhere_view),
                name=f"{opts.app_label}_{opts.model_name}_sign_out_everywhere",
            ),
            *super().get_urls(),
        ]

    def sign_out_everywhere_view(self, request, id):
        if not self.has_superuser_permission(request):
            raise PermissionDenied
        person = get_object_or_404(User, pk=id)
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[person.pk])
        if request.method == "POST":
            sign_out_everywhere(person)
            self.message_user(
                request,
                _g("“%(name)s” was signed out of every device.") % {"name": person.get_username()},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "staff/confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _g("Sign “%(name)s” out of every device?") % {"name": person.get_username()},
                "question": _g(
                    "Every session of this person ends at once, on every computer and phone. "
                    "They can sign in again with their password."
                ),
                "button": _g("Sign out of every device"),
                "back_url": change_url,
            },
        )


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
