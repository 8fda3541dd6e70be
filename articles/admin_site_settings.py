"""The admin's one form for the paper's particulars (SiteSettings): no list, no second row, no delete."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import SiteSettings

LICENCE_FIELDS = (
    "governing_body",
    "governing_body_en",
    "licence_number",
    "licence_date",
    "licence_issuer",
    "licence_issuer_en",
)

LONG_TEXT_FIELDS = {*LICENCE_FIELDS} - {"licence_number", "licence_date"} | {"address", "address_en"}


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (_("The paper"), {"fields": ["paper_name", "paper_name_en"]}),
        (_("Governing body and licence"), {"fields": [*LICENCE_FIELDS]}),
        (_("Editorial board"), {"fields": ["editor_in_chief", "deputy_editors"]}),
        (_("Contact"), {"fields": ["address", "address_en", "phone", "email"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in LONG_TEXT_FIELDS:
            # An address or an authority's full name does not fit the admin's default 20em box.
            field.widget.attrs["class"] = "vLargeTextField"
        return field

    def has_add_permission(self, request):
        # Only a database that lost its row (the migration makes it) may get one again.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """A list of one row is a detour: straight to its form (or to the add form if the row is missing)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_ID).first()
        if row is None:
            return HttpResponseRedirect(reverse("admin:articles_sitesettings_add"))
        return HttpResponseRedirect(reverse("admin:articles_sitesettings_change", args=[row.pk]))

    def response_post_save_change(self, request, obj):
        # After "Save", the changelist would only send the user back here.
        return HttpResponseRedirect(reverse("admin:articles_sitesettings_change", args=[obj.pk]))
