from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "newsroom.staff"
    label = "staff"
    verbose_name = _("Staff accounts")

    def ready(self):
        # Connects the sign-in stamp (user_logged_in) the session middleware reads.
        from newsroom.staff import sessions  # noqa: F401
