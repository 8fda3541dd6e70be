from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        # Importing checks registers them; importing site_settings connects its receivers.
        from articles import checks, fragments, page_tags, search, site_settings  # noqa: F401

        # Kept pages end when what they show changes; so do the menu and the most-viewed box.
        page_tags.connect_signals()
        fragments.connect_signals()

        # Every place the admin names a staff member through the User itself (select and autocomplete
        # widgets, read-only fields, delete confirmations) says "Trần Minh Khoa", family name first, as the
        # newsroom does; Django's User names itself by its login. Swapping in a custom user model would be a
        # migration no running paper takes for one method.
        from django.contrib.auth import get_user_model

        from articles.models import user_display_name

        get_user_model().__str__ = user_display_name

        # Byline names are searchable: their copy follows the bylines.
        search.connect_signals()

        # The beacon's per-worker published ids load again when an article that is or was public changes.
        from articles import published_ids

        published_ids.connect_signals()
