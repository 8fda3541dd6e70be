"""The newsroom's staff roles and what each may do.

The table is the whole policy; `ensure_groups` only applies it. A data migration applies it on every
fresh install (pass the migration's `apps`); `seed_demo` applies it again on a development machine.
What a permission lets a user do to which article (own drafts, any state…) is decided in articles.workflow.
"""

from django.apps import apps as global_apps

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
EDITOR_IN_CHIEF = "Tổng biên tập"

_ALL = ("add", "change", "delete", "view")

# "app_label.model": actions. A reporter writes and fixes copy but deletes nothing and cannot touch
# sections or tags beyond reading them; an editor owns the whole desk. Tags are articles.Tag (the
# Vietnamese-slug subclass the articles use), not taggit.Tag, which no article points at.
_DESK = {
    "articles.article": (
        *_ALL,
        "edit_any",
        "publish",
        "take_down",
        "correct",
        "share",
    ),
    "articles.photo": _ALL,
    "articles.byline": _ALL,
    "articles.author": _ALL,
    "articles.section": _ALL,
    "articles.tag": _ALL,
    "articles.correction": ("add", "view"),
    "articles.articleevent": ("view",),
    "articles.revision": ("view",),
}

# "app_label.model": actions; an action is Django's add/change/delete/view or the first word of one of
# Article's Meta.permissions ("publish" is publish_article). A reporter writes and fixes copy; deleting is
# limited by workflow.can_delete to their own never-published drafts (and a photo or byline of those).
# Tags are articles.Tag (the Vietnamese-slug subclass the articles use), not taggit.Tag.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    REPORTER: {
        "articles.article": ("add", "change", "delete", "view"),
        "articles.photo": _ALL,
        "articles.byline": _ALL,
        "articles.author": ("add", "change", "view"),
        "articles.section": ("view",),
        "articles.tag": ("view",),
        "articles.articleevent": ("view",),
    },
    EDITOR: _DESK,
    EDITOR_IN_CHIEF: {
        **_DESK,
        "articles.article": (*_DESK["articles.article"], "sign_off"),
        # The masthead the law asks for is the publisher's to change (a superuser); the editor-in-chief checks it.
        "articles.sitesettings": ("view",),
    },
}


def ensure_groups(
    apps=global_apps, *, exact: bool = False, only: frozenset[str] | None = None
) -> tuple[dict, list[str]]:
    """Create the role groups and grant them the table's permissions; returns (groups by name, names created).

    By default permissions are only added, so a group an administrator widened by hand on a real server keeps
    what it was given. With exact=True each group holds the table's permissions and nothing else, which is
    what a development database (and a fresh migration) should show.

    `only` limits the grant to those models ("articles.sitesettings"): what the migration that adds a model to
    the table applies. A model the given `apps` does not know yet (an older migration's state) is skipped; the
    migration that creates it grants it.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    groups, created_names = {}, []
    for role, models in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=role)
        if created:
            created_names.append(role)
        permissions = []
        for model_label, actions in models.items():
            if only is not None and model_label not in only:
                continue
            try:
                model = apps.get_model(model_label)
            except LookupError:
                continue
            content_type = ContentType.objects.get_for_model(model)
            for action in actions:
                # get_or_create rather than get: inside a migration post_migrate has not yet made them; the
                # name is Django's own, so its later create_permissions sees them as present.
                codename = f"{action}_{model._meta.model_name}"
                declared = dict(model._meta.permissions)
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": str(declared.get(codename, f"Can {action} {model._meta.verbose_name_raw}"))},
                )
                permissions.append(permission)
        if exact:
            group.permissions.set(permissions)
        else:
            group.permissions.add(*permissions)
        groups[role] = group
    return groups, created_names
