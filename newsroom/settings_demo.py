"""Settings of the demo paper that `bin/run-demo` serves on http://127.0.0.1:8000/: the real settings, with
DEBUG off, and what DEBUG used to give the demo provided for this one machine.

Why DEBUG off: the demo shows the paper as readers get it. A mistyped address must answer with the paper's own
404 page (templates/404.html, Vietnamese at the root, English under /en/) and a crash with its 500 page, never
Django's debug page, which is English, technical, and prints the settings. Keeping DEBUG on and pointing
`handler404` at our page would not do: with DEBUG on, Django answers an Http404 with its technical page before
any handler is asked, and an exception with the debug page whatever `handler500` says.

What DEBUG on did that the demo still needs, and only the demo (a production server does each differently):
- uploaded photos served by the application (NEWSROOM_SERVE_MEDIA; in production the web server serves media/);
- static files served by WhiteNoise straight from the source folders, so the demo needs no collectstatic;
- session and CSRF cookies over plain http (production sends them over HTTPS only);
- a signing key of its own, made once and kept in var/ (ignored by git), unless SECRET_KEY is given.

The demo data is loaded with the development settings (DEBUG=1 manage.py seed_demo, see bin/run-demo): the
loader gives the demo accounts their published passwords only there.
"""

import secrets

from newsroom.env import env_bool, env_list, env_str
from newsroom.settings import *  # noqa: F403
from newsroom.settings import BASE_DIR, STORAGES

DEBUG = False


def _demo_secret_key() -> str:
    path = BASE_DIR / "var" / "demo-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY", "") or _demo_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

NEWSROOM_SERVE_MEDIA = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# The demo asks for the second factor as production does (README: "Try the second factor in the demo").
NEWSROOM_OTP_REQUIRED = env_bool("NEWSROOM_OTP_REQUIRED", default=True)
