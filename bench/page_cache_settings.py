"""Settings of bench/page_cache.py's server: the project's own, with files kept in the benchmark's temporary folder.

Static files are collected (DEBUG is off, as in production, so the manifest storage is used) and the demo's
photos are written there, never into the checkout; with Redis, the cache's keys get a prefix of their own so
the benchmark can delete exactly its keys afterwards.
"""

import os

from newsroom.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "bench-page-cache"  # noqa: F405
