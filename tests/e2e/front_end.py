"""Which run drives the browser tests that prove only the front end, and which checks their pages' server side
through Django's test client instead.

The browser tests that prove only what the browser makes of the pages (their words, their layout, the policy
their headers set) run in CI's SQLite run only: none of that depends on the database, and running them again on
PostgreSQL doubled their minutes in the run that sets CI's length. What they touch that does depend on the
database (every page answering, the demo paper's search) is checked by their stand-ins through the test client
(tests/e2e/test_admin_pages_answer.py, tests/test_reader_path_pages.py), which run exactly where the browser tests
do not: on PostgreSQL, or where there is no Chromium. E2E_FRONT_END_EVERYWHERE=1 runs the browser tests on
PostgreSQL too (and then not the stand-ins).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

_FRONT_END_SKIPPED = connection.vendor == "postgresql" and os.environ.get("E2E_FRONT_END_EVERYWHERE") != "1"

FRONT_END_ONLY = pytest.mark.skipif(
    _FRONT_END_SKIPPED,
    reason="front end only, run in the SQLite run (the page's words, layout and CSP do not depend on the database; "
    "its stand-in checks the pages here; E2E_FRONT_END_EVERYWHERE=1 runs it here)",
)

BROWSER_STAND_IN = pytest.mark.skipif(
    not _FRONT_END_SKIPPED and Path(CHROMIUM).exists(),
    reason="the browser test this stands in for reads these pages in this run (tests/e2e/front_end.py)",
)
