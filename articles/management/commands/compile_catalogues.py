"""Compiles the message catalogues (locale/*/LC_MESSAGES/*.po → .mo) in pure Python.

Django's own compilemessages needs GNU gettext's msgfmt, which a fresh server rarely has; the set-up
scripts run this instead, so the .mo files are built, never committed, and never out of date.
"""

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po message catalogues under LOCALE_PATHS into .mo files (no GNU gettext needed)."
    # The checks would warn about the very catalogues this command is about to compile.
    requires_system_checks = []

    def handle(self, *args, **options):
        catalogues = sorted(po for folder in settings.LOCALE_PATHS for po in Path(folder).glob("*/LC_MESSAGES/*.po"))
        if not catalogues:
            raise CommandError(f"No .po catalogue under {', '.join(map(str, settings.LOCALE_PATHS))}.")
        for po_path in catalogues:
            try:
                catalogue = polib.pofile(str(po_path), check_for_duplicates=True)
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            mo_path = po_path.with_suffix(".mo")
            # Written aside and moved into place: a server or test run reading the catalogue meanwhile (two
            # runs of bin/test side by side each compile it) sees the old file or the new one, never half of one.
            partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.partial")
            catalogue.save_as_mofile(str(partial))
            os.replace(partial, mo_path)
            if options["verbosity"] >= 1:
                self.stdout.write(f"{mo_path}: {len(catalogue.translated_entries())} messages")
