"""Settings of bench/uncached_pages.py's server: the project's own, plus the bench-only constant view
(uncached_urls.py), with files kept in the benchmark's temporary folder.

Static files are collected (DEBUG is off, as in production, so the manifest storage is used) and the seed's
photos are written there, never into the checkout; with Redis, the cache's keys get a prefix of their own so
the benchmark can delete exactly its keys afterwards.
"""

import os

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "uncached_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "bench-uncached"  # noqa: F405
