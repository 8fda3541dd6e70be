"""The interface's Vietnamese: the catalogue compiles without GNU gettext and leaves no message untranslated."""

import gettext
import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_the_catalogue_compiles_in_pure_python_to_what_django_reads(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(CATALOGUE.parents[2], locale, ignore=shutil.ignore_patterns("*.mo"))
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("compile_catalogues", verbosity=0)
    with open(locale / "vi" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        vietnamese = gettext.GNUTranslations(compiled)
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.translated_entries()
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert vietnamese.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert vietnamese.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert vietnamese.gettext(entry.msgid) == entry.msgstr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext's xgettext (apt-get install gettext)")
def test_every_message_in_the_code_and_templates_has_a_vietnamese_translation(tmp_path):
    # makemessages writes to the catalogue beside the sources it scans: scan a copy, leave the real one alone.
    project = Path(settings.BASE_DIR)
    for folder in ("articles", "newsroom", "templates", "locale"):
        shutil.copytree(project / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            call_command("makemessages", locale=["vi"], verbosity=0)
    finally:
        os.chdir(here)
    extracted = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in extracted if not entry.obsolete and not entry.translated()]
    assert not missing, f"untranslated (add them to {CATALOGUE.relative_to(project)}): {missing}"


def test_a_missing_or_stale_compiled_catalogue_is_reported_by_the_system_checks(tmp_path):
    from articles.checks import catalogues_compiled

    locale = tmp_path / "locale"
    shutil.copytree(CATALOGUE.parents[2], locale, ignore=shutil.ignore_patterns("*.mo"))
    with override_settings(LOCALE_PATHS=[locale]):
        warnings = catalogues_compiled()
        # One per catalogue: the server's (django.po) and the browser's (djangojs.po).
        assert len(warnings) == len(list(locale.glob("*/LC_MESSAGES/*.po"))) == 2
        assert all(warning.id == "newsroom.W001" and "compile_catalogues" in warning.hint for warning in warnings)
        call_command("compile_catalogues", verbosity=0)
        assert catalogues_compiled() == []
        po = locale / "vi" / "LC_MESSAGES" / "django.po"
        later = po.with_suffix(".mo").stat().st_mtime + 10
        os.utime(po, (later, later))  # the catalogue edited after the last compile
        assert len(catalogues_compiled()) == 1
