"""Settings of bench/spike.py's server and editor: production settings, files in the run's temporary folder.

Static files are collected there (DEBUG is off, so the manifest storage is used) and the hot stories' photos are
written there, never into the checkout. Nothing else differs from newsroom/settings.py.
"""

import os

from newsroom.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
