from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        # Importing checks registers them; importing site_settings connects its receivers.
        from articles import checks, page_cache, search, site_settings  # noqa: F401

        # Kept pages end when public content changes.
        page_cache.connect_signals()
        # Byline names are searchable: their copy follows the bylines.
        search.connect_signals()
