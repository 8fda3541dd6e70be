"""The project's settings as tests need them: the real module, with only what a test run must change."""

import os
import tempfile

# The tests exercise production code paths (DEBUG is forced off by the test runner anyway);
# a fixed key keeps signed values reproducible without asking a developer to export one.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# The page cache's shared generation: a folder of this run's (and of the processes its tests start).
os.environ.setdefault("NEWSROOM_CACHE_DIR", tempfile.mkdtemp(prefix="newsroom-tests-cache-"))

from newsroom.settings import *  # noqa: E402,F403

# collectstatic is not part of a test run, so the manifest WhiteNoise uses in production does not exist.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# Hashing passwords properly takes a deliberate ~100 ms; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run inside a transaction that is rolled back, so the page cache's invalidation (on commit) would
# never run: pages are made fresh for every request, except in the page cache's own tests, which turn it on.
NEWSROOM_PAGE_CACHE_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The browser tests' live server thread shares the in-memory test database with the test's own thread
    # through SQLite's shared cache, where a reader meets a table the other thread is writing as "locked" at
    # once, with no busy wait (the page's heartbeat and autosave write while a test reads). Readers that do not
    # take table locks are what shared-cache mode offers for this; files and PostgreSQL never need it.
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
        "init_command": DATABASES["default"]["OPTIONS"]["init_command"] + " PRAGMA read_uncommitted = 1;",  # noqa: F405
    }
