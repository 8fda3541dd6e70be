"""The one Redis database a test run uses, and may empty: its cache, its buffered views, the Redis tests' keys.

Runs that overlap (CI's SQLite and PostgreSQL runs side by side, several people's runs on one machine) must
each have their own, or one run's FLUSHDB or cache.clear() empties another's keys mid-test: so no test names a
database number of its own, they all take TEST_REDIS_URL. Chosen by NEWSROOM_TEST_REDIS_URL (.ci/run gives each
of its runs one), else by REDIS_URL (a developer's run with Redis, which empties that database), else 15.
"""

import os

TEST_REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
