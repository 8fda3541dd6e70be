"""Settings for the views_http.py ladder/profile runs only: the project's settings plus bench-only endpoints.

The app itself is untouched; ladder_urls.py adds /bench/noop/ and /bench/exists/ in front of newsroom.urls.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "ladder_urls"
