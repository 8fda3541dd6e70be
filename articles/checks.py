"""System checks run by every manage.py command (migrate, runserver, check --deploy): they catch a set-up
step forgotten on an upgrade before readers meet its effect."""

from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register()
def catalogues_compiled(app_configs=None, **kwargs) -> list[checks.Warning]:
    """The .mo files are built by bin/setup, not committed: a server upgraded by `git pull` and `migrate`
    alone would show its readers the English interface, or yesterday's Vietnamese."""
    problems = []
    for folder in settings.LOCALE_PATHS:
        for po in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                problems.append(
                    checks.Warning(
                        f"{mo} is missing or older than {po.name}: the interface is not fully translated.",
                        hint="Run `manage.py compile_catalogues` (bin/setup does).",
                        id="newsroom.W001",
                    )
                )
    return problems
