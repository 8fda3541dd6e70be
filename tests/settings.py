"""The project's settings as tests need them: the real module, with only what a test run must change."""

import os
import tempfile

from tests.redis_db import TEST_REDIS_URL

# The tests exercise production code paths (DEBUG is forced off by the test runner anyway);
# a fixed key keeps signed values reproducible without asking a developer to export one.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# The page cache's shared generation: a folder of this run's (and of the processes its tests start).
os.environ.setdefault("NEWSROOM_CACHE_DIR", tempfile.mkdtemp(prefix="newsroom-tests-cache-"))
# A run with Redis keeps its cache and views in the run's own database (tests/redis_db.py), and so does every
# process its tests start: each test empties the cache, which must never reach another run's keys.
if os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = TEST_REDIS_URL
    os.environ.pop("NEWSROOM_VIEWS_REDIS_URL", None)

from newsroom.settings import *  # noqa: E402,F403

# collectstatic is not part of a test run, so the manifest WhiteNoise uses in production does not exist.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# Hashing passwords properly takes a deliberate ~100 ms; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run inside a transaction that is rolled back, so the page cache's invalidation (on commit) would
# never run: pages are made fresh for every request, except in the page cache's own tests, which turn it on.
NEWSROOM_PAGE_CACHE_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory. In memory, the browser tests' live server would share the test
    # thread's one connection with every request thread it runs, and the change form's background requests
    # (autosave, presence, the goodbye beacon) arrive while a page loads: two transactions on one connection,
    # which is no way a real server runs. A file gives each thread its own connection, with SQLite's locking
    # and busy timeout, as in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="newsroom-tests-db-"), "test.sqlite3")
    }

# Sign-in throttling needs the request at authenticate(), which `client.login()` does not pass, and a test's many
# sign-ins would count against each other: off here, as django-axes advises for test runs; the throttle's own
# tests (tests/test_staff_throttle.py) turn it on and sign in through the real admin login form.
AXES_ENABLED = False
# The test clock jumps hours and days while a test's client stays signed in: no idle end here; the session
# tests (tests/test_staff_sessions.py) turn it on.
NEWSROOM_STAFF_IDLE_MINUTES = 0

# Existing tests sign staff in with force_login, which no second factor follows; the second factor's own tests
# (tests/test_second_factor.py) turn it on with override_settings.
NEWSROOM_OTP_REQUIRED = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Like the SQLite file's synchronous=NORMAL above: a commit does not wait for the disk. What that risks, the
    # last commits lost if the database server itself crashes, no test run cares about; every commit of a test
    # database (its migrations, the transactional tests' data and flushes) waiting on fsync costs minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
