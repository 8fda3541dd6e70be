"""The superuser's pages for staff accounts and roles, with permissions named in the newsroom's language.

Django writes a permission's name into the database, in English, when its model is migrated ("Can add log
entry"), and the group and user forms list those names as they are. Here the standard four (add, change,
delete, view) are named from the model's translated name, and the newsroom's own permissions
(Meta.permissions), whose English names are msgids, from the catalogue.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STANDARD_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission: Permission) -> str:
    """“Tòa soạn | bài viết | Được sửa bài viết”: the app, the model and what the permission allows."""
    model = permission.content_type.model_class()
    if model is None:  # a model since removed: its permission rows outlive it
        return str(permission)
    action, _sep, model_name = permission.codename.partition("_")
    if action in STANDARD_ACTIONS and model_name == model._meta.model_name:
        name = STANDARD_ACTIONS[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {name}"


class PermissionLabels:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.remote_field.model is Permission:
            field.label_from_instance = permission_label
        return field


class NewsroomGroupAdmin(PermissionLabels, GroupAdmin):
    pass


class NewsroomUserAdmin(PermissionLabels, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, NewsroomGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
