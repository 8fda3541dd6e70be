"""The project's settings as tests need them: the real module, with only what a test run must change."""

import os

# The tests exercise production code paths (DEBUG is forced off by the test runner anyway);
# a fixed key keeps signed values reproducible without asking a developer to export one.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from newsroom.settings import *  # noqa: E402,F403

# collectstatic is not part of a test run, so the manifest WhiteNoise uses in production does not exist.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# Hashing passwords properly takes a deliberate ~100 ms; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
